/*
 * calendar.c - typed queries for calendar feeds and invitations
 * (calendar.h).  The same pattern as training.c.
 */
#include "db/calendar.h"

#include <string.h>

#include "db/db_int.h"

enum err
db_calendar_version_get(struct db *db, int64_t user_id, int64_t *version, bool *is_active)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CAL_VERSION_GET);
	db_bind_i64(s, 1, user_id);
	enum err rc = db_step_one(db, s, "calendar version");
	if (rc == ERR_OK) {
		*version = db_col_i64(s, 0);
		const unsigned char *status = sqlite3_column_text(s, 1);
		*is_active = status != NULL && strcmp((const char *)status, "active") == 0;
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_calendar_version_set(struct db *db, int64_t user_id, int64_t from, int64_t to)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CAL_VERSION_SET);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, from);
	db_bind_i64(s, 3, to);
	enum err rc = db_exec_stmt(db, s, "calendar version set");
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_CONFLICT : rc;
}

enum err
db_outbox_add_ics(struct db *db, const char *to, const char *subject, const char *text,
    const char *html, const char *ics, const char *method, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OUTBOX_ADD_ICS);
	db_bind_text(s, 1, to);
	db_bind_text(s, 2, subject);
	db_bind_text(s, 3, text);
	db_bind_text(s, 4, html ? html : "");
	db_bind_text(s, 5, ics ? ics : "");
	db_bind_text(s, 6, ics && *ics ? method : "");
	db_bind_i64(s, 7, now);
	enum err rc = db_exec_stmt(db, s, "outbox add ics");
	if (rc == ERR_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}
