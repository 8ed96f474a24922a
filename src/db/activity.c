/*
 * activity.c - typed queries for activity logs (activity.h).  Same
 * pattern as training.c: statement from the table, bind, step, copy into
 * the caller's arena.
 */
#include "db/activity.h"

#include "db/db_int.h"

enum err
db_session_log_get(struct db *db, struct arena *a, int64_t session_id,
    struct db_session_log *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_LOG_GET);
	db_bind_i64(s, 1, session_id);
	enum err rc = db_step_one(db, s, "session log get");
	if (rc == ERR_OK) {
		out->session_id = db_col_i64(s, 0);
		out->summary = db_col_text(a, s, 1);
		out->summary_at = db_col_i64(s, 2);
		out->mentee_notes = db_col_text(a, s, 3);
		out->mentee_notes_at = db_col_i64(s, 4);
		out->updated_at = db_col_i64(s, 5);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_session_log_put_summary(struct db *db, int64_t session_id, const char *summary,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_LOG_PUT_SUMMARY);
	db_bind_i64(s, 1, session_id);
	db_bind_text(s, 2, summary);
	db_bind_i64(s, 3, now);
	return db_exec_stmt(db, s, "session log summary");
}

enum err
db_session_log_put_notes(struct db *db, int64_t session_id, const char *notes,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_LOG_PUT_NOTES);
	db_bind_i64(s, 1, session_id);
	db_bind_text(s, 2, notes);
	db_bind_i64(s, 3, now);
	return db_exec_stmt(db, s, "session log notes");
}
