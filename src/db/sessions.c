/*
 * sessions.c - typed queries for mentoring sessions and their hours
 * (sessions.h).  Same pattern as training.c: statement from the table,
 * bind, step, copy into the caller's arena.
 *
 * Design: the statements in sessions.def use NAMED parameters (:now,
 * :rel, :user ...) because the one counting expression, SES_COUNTS, is
 * pasted into statements whose other parameters differ; a name keeps
 * its meaning wherever the macro lands.  bind_named() looks the name up
 * (SQLite caches nothing for us, but the lookup is a short scan of the
 * statement's few parameters).
 *
 * Trap: a name that the statement does not contain is silently ignored
 * (index 0), which is what lets one helper bind :now everywhere.
 */
#include "db/sessions.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static void
bind_named(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);
	if (i > 0)
		db_bind_i64(s, i, v);
}

static void
bind_named_text(sqlite3_stmt *s, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(s, name);
	if (i > 0)
		db_bind_text(s, i, v ? v : "");
}

static void
fill_msession(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_msession *m = row;
	m->id = db_col_i64(s, 0);
	m->relationship_id = db_col_i64(s, 1);
	m->starts_at = db_col_i64(s, 2);
	m->ends_at = db_col_i64(s, 3);
	m->minutes = db_col_i64(s, 4);
	m->format = db_col_text(a, s, 5);
	m->place = db_col_text(a, s, 6);
	m->status = db_col_text(a, s, 7);
	m->added_by = db_col_i64(s, 8);
	m->added_by_name = db_col_text(a, s, 9);
	m->batch_id = db_col_i64(s, 10);
	m->answered_by = db_col_i64(s, 11);
	m->answered_at = db_col_i64(s, 12);
	m->mentor_answer = db_col_text(a, s, 13);
	m->mentee_answer = db_col_text(a, s, 14);
	m->sequence = db_col_i64(s, 15);
	m->created_at = db_col_i64(s, 16);
	m->updated_at = db_col_i64(s, 17);
	m->counts = db_col_i64(s, 18) != 0;
	m->has_log = db_col_i64(s, 19) != 0;
	m->scheme_id = db_col_i64(s, 20);
	m->mentor_id = db_col_i64(s, 21);
	m->mentee_id = db_col_i64(s, 22);
	m->scheme_name = db_col_text(a, s, 23);
	m->mentor_name = db_col_text(a, s, 24);
	m->mentee_name = db_col_text(a, s, 25);
	m->mentor_email = db_col_text(a, s, 26);
	m->mentee_email = db_col_text(a, s, 27);
	m->rel_status = db_col_text(a, s, 28);
	m->time_zone = db_col_text(a, s, 29);
}

/* ---- CONTRACT reads ---- */

enum err
db_msession_get(struct db *db, struct arena *a, int64_t id, int64_t now,
    struct db_msession *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSION_GET);
	bind_named(s, ":id", id);
	bind_named(s, ":now", now);
	enum err rc = db_step_one(db, s, "msession get");
	if (rc == ERR_OK) {
		fill_msession(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_msessions_of_relationship(struct db *db, struct arena *a, int64_t rel_id, int64_t now,
    struct db_msession **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSIONS_OF_REL);
	bind_named(s, ":rel", rel_id);
	bind_named(s, ":now", now);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_msession), fill_msession, NULL,
	    &rows, n, "msessions of relationship");
	*out = rows;
	return rc;
}

enum err
db_msessions_of_user(struct db *db, struct arena *a, int64_t user_id, int64_t from,
    int64_t to, int64_t now, size_t limit, struct db_msession **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSIONS_OF_USER);
	bind_named(s, ":user", user_id);
	bind_named(s, ":from", from);
	bind_named(s, ":to", to);
	bind_named(s, ":now", now);
	bind_named(s, ":limit", limit ? (int64_t)limit : 5000);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_msession), fill_msession, NULL,
	    &rows, n, "msessions of user");
	*out = rows;
	return rc;
}

static enum err
sum_one(struct db *db, sqlite3_stmt *s, int64_t *minutes, const char *what)
{
	*minutes = 0;
	enum err rc = db_step_one(db, s, what);
	if (rc == ERR_OK) {
		*minutes = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_minutes_of_relationship(struct db *db, int64_t rel_id, int64_t now, int64_t *minutes)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MINUTES_OF_REL);
	bind_named(s, ":rel", rel_id);
	bind_named(s, ":now", now);
	return sum_one(db, s, minutes, "minutes of relationship");
}

enum err
db_minutes_of_user(struct db *db, int64_t user_id, int64_t now, int64_t *minutes)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MINUTES_OF_USER);
	bind_named(s, ":user", user_id);
	bind_named(s, ":now", now);
	return sum_one(db, s, minutes, "minutes of user");
}

enum err
db_minutes_of_user_between(struct db *db, int64_t user_id, int64_t from, int64_t to,
    int64_t now, int64_t *minutes)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MINUTES_OF_USER_BETWEEN);
	bind_named(s, ":user", user_id);
	bind_named(s, ":from", from);
	bind_named(s, ":to", to);
	bind_named(s, ":now", now);
	return sum_one(db, s, minutes, "minutes of user between");
}

/* ---- writes ---- */

enum err
db_msession_add(struct db *db, const struct db_msession_new *in, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSION_ADD);
	bind_named(s, ":rel", in->relationship_id);
	bind_named(s, ":starts", in->starts_at);
	bind_named(s, ":minutes", in->minutes);
	bind_named_text(s, ":format", in->format);
	bind_named_text(s, ":place", in->place);
	bind_named_text(s, ":status", in->status);
	bind_named(s, ":by", in->added_by);
	bind_named(s, ":batch", in->batch_id);
	bind_named_text(s, ":mentor_answer", in->mentor_answer);
	bind_named_text(s, ":mentee_answer", in->mentee_answer);
	bind_named(s, ":now", now);
	enum err rc = db_exec_stmt(db, s, "msession add");
	if (rc == ERR_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_msession_next_batch(struct db *db, int64_t *batch)
{
	return sum_one(db, db_stmt(db, STMT_MSESSION_NEXT_BATCH), batch, "msession batch");
}

enum err
db_msessions_in_use(struct db *db, int64_t rel_id, int64_t now, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSIONS_IN_USE);
	bind_named(s, ":rel", rel_id);
	bind_named(s, ":now", now);
	return sum_one(db, s, n, "msessions in use");
}

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_CONFLICT : rc;
}

enum err
db_msession_set_status(struct db *db, int64_t id, const char *from, const char *to,
    int64_t by, bool bump_sequence, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSION_SET_STATUS);
	bind_named(s, ":id", id);
	bind_named_text(s, ":from", from);
	bind_named_text(s, ":to", to);
	int i = sqlite3_bind_parameter_index(s, ":by");
	db_bind_i64_or_null(s, i, by);
	bind_named(s, ":bump", bump_sequence ? 1 : 0);
	bind_named(s, ":now", now);
	return changed(db, db_exec_stmt(db, s, "msession status"));
}

enum err
db_msession_answer(struct db *db, int64_t id, const char *status, bool is_mentor,
    const char *answer, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSION_ANSWER);
	bind_named(s, ":id", id);
	bind_named_text(s, ":status", status);
	bind_named(s, ":is_mentor", is_mentor ? 1 : 0);
	bind_named_text(s, ":answer", answer);
	bind_named(s, ":now", now);
	return changed(db, db_exec_stmt(db, s, "msession answer"));
}

enum err
db_msessions_to_answer(struct db *db, struct arena *a, int64_t user_id, int64_t now,
    struct db_msession **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSESSIONS_TO_ANSWER);
	bind_named(s, ":user", user_id);
	bind_named(s, ":now", now);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_msession), fill_msession, NULL,
	    &rows, n, "msessions to answer");
	*out = rows;
	return rc;
}
