/*
 * audit.c - typed queries for the audit log's chain and view (audit.h).
 * Same pattern as training.c: statement from the table, bind, step, copy
 * into the caller's arena.
 *
 * Trap: actor_id and scheme_id are foreign keys and 0 binds NULL; the
 * chain's actor_ref and scheme_ref are plain integers, 0 for none.
 */
#include "db/audit.h"

#include "core/arena.h"
#include "db/db_int.h"

enum err
db_audit_last(struct db *db, struct arena *a, int64_t *id, const char **hash)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AUDIT_LAST);
	enum err rc = db_step_one(db, s, "audit last");
	*id = 0;
	*hash = "";
	if (rc == ERR_OK) {
		*id = db_col_i64(s, 0);
		*hash = db_col_text(a, s, 1);
		sqlite3_reset(s);
	} else if (rc == ERR_NOT_FOUND)
		rc = ERR_OK;
	return rc;
}

enum err
db_audit_append(struct db *db, const struct db_audit_entry *e)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AUDIT_APPEND);
	db_bind_i64(s, 1, e->id);
	db_bind_i64(s, 2, e->at);
	db_bind_i64_or_null(s, 3, e->actor_ref);
	db_bind_i64_or_null(s, 4, e->scheme_ref);
	db_bind_text(s, 5, e->action);
	db_bind_text(s, 6, e->subject);
	db_bind_text(s, 7, e->detail);
	db_bind_text(s, 8, e->ip);
	db_bind_i64(s, 9, e->actor_ref);
	db_bind_i64(s, 10, e->scheme_ref);
	db_bind_text(s, 11, e->prev_hash);
	db_bind_text(s, 12, e->hash);
	return db_exec_stmt(db, s, "audit append");
}

static void
fill_entry(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_audit_entry *e = row;
	e->id = db_col_i64(s, 0);
	e->at = db_col_i64(s, 1);
	e->actor_ref = db_col_i64(s, 2);
	e->scheme_ref = db_col_i64(s, 3);
	e->action = db_col_text(a, s, 4);
	e->subject = db_col_text(a, s, 5);
	e->detail = db_col_text(a, s, 6);
	e->ip = db_col_text(a, s, 7);
	e->prev_hash = db_col_text(a, s, 8);
	e->hash = db_col_text(a, s, 9);
}

enum err
db_audit_walk(struct db *db, struct arena *a, int64_t after_id, size_t max,
    struct db_audit_entry **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AUDIT_WALK);
	db_bind_i64(s, 1, after_id);
	db_bind_i64(s, 2, (int64_t)max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_audit_entry), fill_entry, NULL,
	    &rows, n, "audit walk");
	*out = rows;
	return rc;
}

static void
fill_row(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_audit_row *r = row;
	r->e.id = db_col_i64(s, 0);
	r->e.at = db_col_i64(s, 1);
	r->e.actor_ref = db_col_i64(s, 2);
	r->e.scheme_ref = db_col_i64(s, 3);
	r->e.action = db_col_text(a, s, 4);
	r->e.subject = db_col_text(a, s, 5);
	r->e.detail = db_col_text(a, s, 6);
	r->e.ip = db_col_text(a, s, 7);
	r->e.prev_hash = "";
	r->e.hash = "";
	r->actor_username = db_col_text(a, s, 8);
	r->actor_name = db_col_text(a, s, 9);
	r->scheme_name = db_col_text(a, s, 10);
}

enum err
db_audit_search(struct db *db, struct arena *a, const struct db_audit_filter *f,
    size_t max, struct db_audit_row **out, size_t *n)
{
	enum stmt id = f->scheme_id != 0 ? STMT_AUDIT_SEARCH_SCHEME :
	    f->actor && *f->actor ? STMT_AUDIT_SEARCH_ACTOR : STMT_AUDIT_SEARCH;
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, f->before_id);
	db_bind_i64(s, 2, (int64_t)max);
	db_bind_i64(s, 3, f->scope_admin_id);
	db_bind_text(s, 4, f->like ? f->like : "");
	db_bind_text(s, 5, f->actor ? f->actor : "");
	db_bind_text(s, 6, f->action_prefix ? f->action_prefix : "");
	db_bind_i64(s, 7, f->scheme_id);
	db_bind_i64(s, 8, f->from_at);
	db_bind_i64(s, 9, f->to_at);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_audit_row), fill_row, NULL,
	    &rows, n, "audit search");
	*out = rows;
	return rc;
}

static void
fill_action(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	*(const char **)row = db_col_text(a, s, 0);
}

enum err
db_audit_actions(struct db *db, struct arena *a, const char ***out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AUDIT_ACTIONS);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(const char *), fill_action, NULL, &rows, n,
	    "audit actions");
	*out = rows;
	return rc;
}
