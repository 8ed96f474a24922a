/*
 * relationships.c - typed queries for relationships, end requests and
 * extension requests (relationships.h).  Same pattern as training.c:
 * statement from the table, bind, step, copy into the caller's arena.
 *
 * Trap: the writes are compare-and-set (WHERE status = 'active' / 'open'
 * / 'pending'); cas() turns "no row changed" into ERR_CONFLICT.
 */
#include "db/relationships.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static enum err
cas(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_CONFLICT : rc;
}

static void
fill_rel(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_relationship *r = row;
	r->id = db_col_i64(s, 0);
	r->scheme_id = db_col_i64(s, 1);
	r->scheme_name = db_col_text(a, s, 2);
	r->mentor_id = db_col_i64(s, 3);
	r->mentee_id = db_col_i64(s, 4);
	r->status = db_col_text(a, s, 5);
	r->started_at = db_col_i64(s, 6);
	r->ended_at = db_col_i64(s, 7);
	r->origin = db_col_text(a, s, 8);
	r->request_id = db_col_i64(s, 9);
	r->assigned_by = db_col_i64(s, 10);
	r->override_reason = db_col_text(a, s, 11);
	r->estimated_end = db_col_text(a, s, 12);
	r->first_session = db_col_text(a, s, 13);
	r->end_date = db_col_text(a, s, 14);
	r->closing_comments = db_col_text(a, s, 15);
	r->ended_by = db_col_i64(s, 16);
	r->extra_sessions = db_col_i64(s, 17);
	r->mentor_name = db_col_text(a, s, 18);
	r->mentee_name = db_col_text(a, s, 19);
	r->assigned_by_name = db_col_text(a, s, 20);
	r->ended_by_name = db_col_text(a, s, 21);
	r->open_end_requests = db_col_i64(s, 22);
	r->pending_extensions = db_col_i64(s, 23);
}

enum err
db_rel_get(struct db *db, struct arena *a, int64_t id, struct db_relationship *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "relationship get");
	if (rc == ERR_OK) {
		fill_rel(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

static enum err
rel_rows(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_relationship **out,
    size_t *n, const char *what)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_relationship), fill_rel, NULL, &rows,
	    n, what);
	*out = rows;
	return rc;
}

enum err
db_rel_of_person(struct db *db, struct arena *a, int64_t scheme_id, const char *role,
    int64_t user_id, bool is_live, struct db_relationship **out, size_t *n)
{
	/* one statement per role: each uses its own index (see the .def) */
	sqlite3_stmt *s = db_stmt(db, strcmp(role, "mentor") == 0 ? STMT_REL_OF_MENTOR :
	    STMT_REL_OF_MENTEE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, is_live ? "active" : "completed");
	db_bind_i64(s, 3, user_id);
	db_bind_text(s, 4, is_live ? "active" : "ended_early");
	return rel_rows(db, a, s, out, n, "relationships of person");
}

enum err
db_rel_of_scheme(struct db *db, struct arena *a, int64_t scheme_id, const char *status,
    struct db_relationship **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, status);
	return rel_rows(db, a, s, out, n, "relationships of scheme");
}

enum err
db_rel_of_scheme_filtered(struct db *db, struct arena *a, int64_t scheme_id,
    const struct db_rel_filter *f, struct db_relationship **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_OF_SCHEME_FILTERED);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, f->status ? f->status : "");
	db_bind_i64(s, 3, f->cohort_id);
	db_bind_i64(s, 4, f->mentor_id);
	db_bind_i64(s, 5, f->started_from);
	db_bind_i64(s, 6, f->started_before);
	db_bind_i64(s, 7, f->waiting ? 1 : 0);
	db_bind_i64(s, 8, f->quiet_since > 0 ? 1 : 0);
	db_bind_i64(s, 9, f->quiet_since);
	return rel_rows(db, a, s, out, n, "relationships of scheme, filtered");
}

enum err
db_rel_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_relationship **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_OF_USER);
	db_bind_i64(s, 1, user_id);
	return rel_rows(db, a, s, out, n, "relationships of user");
}

enum err
db_rel_set_end(struct db *db, int64_t id, const char *estimated_end, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_SET_END);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, estimated_end);
	db_bind_i64(s, 3, now);
	return cas(db, db_exec_stmt(db, s, "relationship estimated end"));
}

enum err
db_rel_finish(struct db *db, int64_t id, const char *status, const char *end_date,
    const char *comments, int64_t ended_by, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_FINISH);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, status);
	db_bind_i64(s, 3, now);
	db_bind_text(s, 4, end_date);
	db_bind_text(s, 5, comments);
	db_bind_i64_or_null(s, 6, ended_by);
	return cas(db, db_exec_stmt(db, s, "relationship finish"));
}

enum err
db_rel_add_extra(struct db *db, int64_t id, int64_t sessions, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_ADD_EXTRA);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, sessions);
	db_bind_i64(s, 3, now);
	return cas(db, db_exec_stmt(db, s, "relationship extra sessions"));
}

enum err
db_rel_scheme_counts(struct db *db, int64_t scheme_id, int64_t not_party,
    struct db_rel_counts *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REL_SCHEME_COUNTS);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, not_party);
	enum err rc = db_step_one(db, s, "relationship counts");
	if (rc == ERR_OK) {
		out->open_end_requests = db_col_i64(s, 0);
		out->pending_extensions = db_col_i64(s, 1);
		out->live = db_col_i64(s, 2);
		sqlite3_reset(s);
	}
	return rc;
}

/* ---- end requests ---- */

static void
fill_endreq(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_end_request *e = row;
	e->id = db_col_i64(s, 0);
	e->relationship_id = db_col_i64(s, 1);
	e->requested_by = db_col_i64(s, 2);
	e->reason = db_col_text(a, s, 3);
	e->status = db_col_text(a, s, 4);
	e->handled_by = db_col_i64(s, 5);
	e->handled_at = db_col_i64(s, 6);
	e->admin_note = db_col_text(a, s, 7);
	e->created_at = db_col_i64(s, 8);
	e->requested_by_name = db_col_text(a, s, 9);
	e->handled_by_name = db_col_text(a, s, 10);
	e->scheme_id = db_col_i64(s, 11);
}

enum err
db_endreq_add(struct db *db, int64_t rel_id, int64_t by, const char *reason, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ENDREQ_ADD);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, by);
	db_bind_text(s, 3, reason);
	db_bind_i64(s, 4, now);
	enum err rc = db_exec_stmt(db, s, "end request add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_endreq_get(struct db *db, struct arena *a, int64_t id, struct db_end_request *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ENDREQ_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "end request get");
	if (rc == ERR_OK) {
		fill_endreq(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

static enum err
endreq_rows(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_end_request **out,
    size_t *n)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_end_request), fill_endreq, NULL,
	    &rows, n, "end requests");
	*out = rows;
	return rc;
}

enum err
db_endreq_of_rel(struct db *db, struct arena *a, int64_t rel_id,
    struct db_end_request **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ENDREQ_OF_REL);
	db_bind_i64(s, 1, rel_id);
	return endreq_rows(db, a, s, out, n);
}

enum err
db_endreq_open_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t not_party, struct db_end_request **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ENDREQ_OPEN_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, not_party);
	return endreq_rows(db, a, s, out, n);
}

enum err
db_endreq_close_all(struct db *db, int64_t rel_id, int64_t by, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ENDREQ_CLOSE_ALL);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64_or_null(s, 2, by);
	db_bind_i64(s, 3, now);
	return db_exec_stmt(db, s, "end requests close");
}

enum err
db_endreq_dismiss(struct db *db, int64_t id, int64_t by, const char *note, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ENDREQ_DISMISS);
	db_bind_i64(s, 1, id);
	db_bind_i64_or_null(s, 2, by);
	db_bind_i64(s, 3, now);
	db_bind_text(s, 4, note);
	return cas(db, db_exec_stmt(db, s, "end request dismiss"));
}

/* ---- extension requests ---- */

static void
fill_ext(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_extension *x = row;
	x->id = db_col_i64(s, 0);
	x->relationship_id = db_col_i64(s, 1);
	x->requested_by = db_col_i64(s, 2);
	x->sessions = db_col_i64(s, 3);
	x->reason = db_col_text(a, s, 4);
	x->status = db_col_text(a, s, 5);
	x->decided_by = db_col_i64(s, 6);
	x->decided_at = db_col_i64(s, 7);
	x->decision_note = db_col_text(a, s, 8);
	x->created_at = db_col_i64(s, 9);
	x->requested_by_name = db_col_text(a, s, 10);
	x->decided_by_name = db_col_text(a, s, 11);
	x->scheme_id = db_col_i64(s, 12);
}

enum err
db_ext_add(struct db *db, int64_t rel_id, int64_t by, int64_t sessions, const char *reason,
    int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EXT_ADD);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, by);
	db_bind_i64(s, 3, sessions);
	db_bind_text(s, 4, reason);
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "extension add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_ext_get(struct db *db, struct arena *a, int64_t id, struct db_extension *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EXT_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "extension get");
	if (rc == ERR_OK) {
		fill_ext(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

static enum err
ext_rows(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_extension **out,
    size_t *n)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_extension), fill_ext, NULL, &rows, n,
	    "extensions");
	*out = rows;
	return rc;
}

enum err
db_ext_of_rel(struct db *db, struct arena *a, int64_t rel_id, struct db_extension **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EXT_OF_REL);
	db_bind_i64(s, 1, rel_id);
	return ext_rows(db, a, s, out, n);
}

enum err
db_ext_pending_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t not_party, struct db_extension **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EXT_PENDING_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, not_party);
	return ext_rows(db, a, s, out, n);
}

enum err
db_ext_decide(struct db *db, int64_t id, const char *status, int64_t by, const char *note,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EXT_DECIDE);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, status);
	db_bind_i64_or_null(s, 3, by);
	db_bind_i64(s, 4, now);
	db_bind_text(s, 5, note);
	return cas(db, db_exec_stmt(db, s, "extension decide"));
}
