/*
 * accounts.c - typed queries for accounts and access (issue 3): status
 * and lockout, sessions, consent, reset links, notification settings and
 * digests.  Same pattern as queries.c: statement from the table, bind,
 * step, copy into the caller's arena.
 */
#include "db/db_int.h"

#include <string.h>

#include "core/arena.h"

enum err db_user_rows(struct db *db, struct arena *a, sqlite3_stmt *s,
    struct db_user **out, size_t *n); /* queries.c */

/* Run a statement that changes rows; *changed how many (may be NULL). */
static enum err
exec_changes(struct db *db, sqlite3_stmt *s, const char *what, int64_t *changed)
{
	enum err rc = db_exec_stmt(db, s, what);
	if (changed)
		*changed = rc == ERR_OK ? sqlite3_changes64(db->conn) : 0;
	return rc;
}

enum err
db_user_set_status(struct db *db, int64_t id, const char *status,
    const char *reason, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_SET_STATUS);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, status);
	db_bind_text(s, 3, reason);
	db_bind_i64(s, 4, now);
	int64_t n;
	enum err rc = exec_changes(db, s, "user status", &n);
	return rc == ERR_OK && n == 0 ? ERR_NOT_FOUND : rc;
}

enum err
db_user_login_failed(struct db *db, int64_t id, int64_t lock_after, int64_t now,
    int64_t *failures, int64_t *locked_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_LOGIN_FAILED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, lock_after);
	db_bind_i64(s, 3, now);
	enum err rc = db_step_one(db, s, "login failed");
	if (rc != ERR_OK)
		return rc;
	*failures = db_col_i64(s, 0);
	*locked_at = db_col_i64(s, 1);
	/* RETURNING: step to the end so the change is complete */
	while (sqlite3_step(s) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_user_login_ok(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_LOGIN_OK);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	return db_exec_stmt(db, s, "login ok");
}

enum err
db_user_unlock(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_UNLOCK);
	db_bind_i64(s, 1, id);
	return db_exec_stmt(db, s, "unlock");
}

enum err
db_user_set_password(struct db *db, int64_t id, const char *hash)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_SET_PASSWORD);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, hash);
	return db_exec_stmt(db, s, "set password");
}

enum err
db_user_set_appearance(struct db *db, int64_t id, const char *theme,
    bool sidebar_hidden)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_SET_APPEARANCE);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, theme);
	db_bind_i64(s, 3, sidebar_hidden);
	return db_exec_stmt(db, s, "set appearance");
}

enum err
db_user_search(struct db *db, struct arena *a, const char *pattern,
    int64_t scheme_id, size_t limit, size_t offset, struct db_user **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_SEARCH);
	db_bind_text(s, 1, pattern);
	db_bind_i64(s, 2, scheme_id);
	db_bind_i64(s, 3, (int64_t)limit);
	db_bind_i64(s, 4, (int64_t)offset);
	return db_user_rows(db, a, s, out, n);
}

static enum err
users_in(struct db *db, struct arena *a, enum stmt id, int64_t scheme_id,
    struct db_user **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, scheme_id);
	return db_user_rows(db, a, s, out, n);
}

enum err
db_users_pending(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_user **out, size_t *n)
{
	return users_in(db, a, STMT_USERS_PENDING, scheme_id, out, n);
}

enum err
db_users_locked(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_user **out, size_t *n)
{
	return users_in(db, a, STMT_USERS_LOCKED, scheme_id, out, n);
}

enum err
db_scheme_admins(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_user **out, size_t *n)
{
	return users_in(db, a, STMT_SCHEME_ADMINS, scheme_id, out, n);
}

/* ---- sessions ---- */

enum err
db_session_create(struct db *db, const char *token_hash, const struct db_session *x)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_CREATE);
	db_bind_text(s, 1, token_hash);
	db_bind_i64(s, 2, x->user_id);
	db_bind_text(s, 3, x->csrf_token);
	db_bind_i64_or_null(s, 4, x->active_scheme);
	if (x->active_role && *x->active_role)
		db_bind_text(s, 5, x->active_role);
	db_bind_i64(s, 6, x->created_at);
	db_bind_i64(s, 7, x->expires_at);
	db_bind_text(s, 8, x->kind);
	db_bind_text(s, 9, x->ip);
	db_bind_text(s, 10, x->user_agent);
	return db_exec_stmt(db, s, "session create");
}

enum err
db_session_get(struct db *db, struct arena *a, const char *token_hash,
    struct db_session *o)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_GET);
	db_bind_text(s, 1, token_hash);
	enum err rc = db_step_one(db, s, "session get");
	if (rc != ERR_OK)
		return rc;
	o->user_id = db_col_i64(s, 0);
	o->csrf_token = db_col_text(a, s, 1);
	o->active_scheme = db_col_i64(s, 2);
	o->active_role = db_col_text(a, s, 3);
	o->created_at = db_col_i64(s, 4);
	o->last_seen_at = db_col_i64(s, 5);
	o->expires_at = db_col_i64(s, 6);
	o->kind = db_col_text(a, s, 7);
	o->ip = o->user_agent = "";
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_session_touch(struct db *db, const char *token_hash, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_TOUCH);
	db_bind_text(s, 1, token_hash);
	db_bind_i64(s, 2, now);
	return db_exec_stmt(db, s, "session touch");
}

enum err
db_session_set_view(struct db *db, const char *token_hash, int64_t scheme_id,
    const char *role)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_SET_VIEW);
	db_bind_text(s, 1, token_hash);
	db_bind_i64_or_null(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	return db_exec_stmt(db, s, "session view");
}

enum err
db_session_delete(struct db *db, const char *token_hash)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSION_DELETE);
	db_bind_text(s, 1, token_hash);
	return db_exec_stmt(db, s, "session delete");
}

enum err
db_sessions_end_user(struct db *db, int64_t user_id, const char *keep_hash, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSIONS_END_USER);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, keep_hash ? keep_hash : "");
	return exec_changes(db, s, "sessions end", n);
}

static void
fill_sessions_of_user(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_session *o = row;
	o->user_id = *(const int64_t *)ud;
	o->created_at = db_col_i64(s, 0);
	o->last_seen_at = db_col_i64(s, 1);
	o->expires_at = db_col_i64(s, 2);
	o->kind = db_col_text(a, s, 3);
	o->ip = db_col_text(a, s, 4);
	o->user_agent = db_col_text(a, s, 5);
	o->csrf_token = o->active_role = "";
}

enum err
db_sessions_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_session **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSIONS_OF_USER);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_session), fill_sessions_of_user, &user_id,
	    &rows, n, "sessions of user");
	*out = rows;
	return rc;
}

/* ---- consent ---- */

enum err
db_consent_add(struct db *db, int64_t user_id, int64_t scheme_id, int64_t version,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONSENT_ADD);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_i64(s, 3, version);
	db_bind_i64(s, 4, now);
	return db_exec_stmt(db, s, "consent add");
}

enum err
db_consent_current(struct db *db, int64_t user_id, int64_t scheme_id,
    struct db_consent *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONSENT_CURRENT);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	enum err rc = db_step_one(db, s, "consent current");
	if (rc != ERR_OK)
		return rc;
	out->version = db_col_i64(s, 0);
	out->accepted_at = db_col_i64(s, 1);
	out->withdrawn_at = db_col_i64(s, 2);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_consent_withdraw(struct db *db, int64_t user_id, int64_t scheme_id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONSENT_WITHDRAW);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_i64(s, 3, now);
	return db_exec_stmt(db, s, "consent withdraw");
}

/* ---- password reset links ---- */

enum err
db_reset_add(struct db *db, const char *token_hash, int64_t user_id, int64_t now,
    int64_t expires_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESET_ADD);
	db_bind_text(s, 1, token_hash);
	db_bind_i64(s, 2, user_id);
	db_bind_i64(s, 3, now);
	db_bind_i64(s, 4, expires_at);
	return db_exec_stmt(db, s, "reset add");
}

enum err
db_reset_get(struct db *db, const char *token_hash, int64_t *user_id,
    int64_t *expires_at, int64_t *used_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESET_GET);
	db_bind_text(s, 1, token_hash);
	enum err rc = db_step_one(db, s, "reset get");
	if (rc != ERR_OK)
		return rc;
	*user_id = db_col_i64(s, 0);
	*expires_at = db_col_i64(s, 1);
	*used_at = db_col_i64(s, 2);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_reset_use(struct db *db, const char *token_hash, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESET_USE);
	db_bind_text(s, 1, token_hash);
	db_bind_i64(s, 2, now);
	int64_t n;
	enum err rc = exec_changes(db, s, "reset use", &n);
	return rc == ERR_OK && n == 0 ? ERR_CONFLICT : rc;
}

enum err
db_resets_purge(struct db *db, int64_t before, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESETS_PURGE);
	db_bind_i64(s, 1, before);
	return exec_changes(db, s, "resets purge", n);
}

enum err
db_resets_end_user(struct db *db, int64_t user_id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESETS_END_USER);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, now);
	return db_exec_stmt(db, s, "resets end");
}

/* ---- notification settings and digests ---- */

static void
fill_prefs_of_user(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_pref *r = row;
	r->kind = db_col_text(a, s, 0);
	r->is_enabled = db_col_i64(s, 1) != 0;
	r->frequency = db_col_text(a, s, 2);
}

enum err
db_prefs_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_pref **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PREFS_OF_USER);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_pref), fill_prefs_of_user, NULL,
	    &rows, n, "prefs of user");
	*out = rows;
	return rc;
}

enum err
db_pref_put(struct db *db, int64_t user_id, const char *kind, bool is_enabled,
    const char *frequency)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PREF_PUT);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, kind);
	db_bind_i64(s, 3, is_enabled);
	db_bind_text(s, 4, frequency);
	return db_exec_stmt(db, s, "pref put");
}

enum err
db_digest_add(struct db *db, int64_t user_id, const char *kind, const char *subject,
    const char *text, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIGEST_ADD);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, kind);
	db_bind_text(s, 3, subject);
	db_bind_text(s, 4, text);
	db_bind_i64(s, 5, now);
	return db_exec_stmt(db, s, "digest add");
}

static void
fill_digest_users(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	int64_t *r = row;
	*r = db_col_i64(s, 0);
}

enum err
db_digest_users(struct db *db, struct arena *a, size_t max, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIGEST_USERS);
	db_bind_i64(s, 1, (int64_t)max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(int64_t), fill_digest_users, NULL,
	    &rows, n, "digest users");
	*ids = rows;
	return rc;
}

static void
fill_digest_of_user(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_digest_item *r = row;
	r->kind = db_col_text(a, s, 0);
	r->subject = db_col_text(a, s, 1);
	r->body_text = db_col_text(a, s, 2);
	r->created_at = db_col_i64(s, 3);
}

enum err
db_digest_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_digest_item **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIGEST_OF_USER);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_digest_item), fill_digest_of_user, NULL,
	    &rows, n, "digest of user");
	*out = rows;
	return rc;
}

enum err
db_digest_delete_user(struct db *db, int64_t user_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIGEST_DELETE_USER);
	db_bind_i64(s, 1, user_id);
	return db_exec_stmt(db, s, "digest delete");
}

enum err
db_outbox_retry_now(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OUTBOX_RETRY_NOW);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	int64_t n;
	enum err rc = exec_changes(db, s, "outbox retry now", &n);
	return rc == ERR_OK && n == 0 ? ERR_NOT_FOUND : rc;
}

static void
fill_audit_list(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_audit *o = row;
	o->id = db_col_i64(s, 0);
	o->at = db_col_i64(s, 1);
	o->actor_id = db_col_i64(s, 2);
	o->scheme_id = db_col_i64(s, 3);
	o->action = db_col_text(a, s, 4);
	o->subject = db_col_text(a, s, 5);
	o->detail = db_col_text(a, s, 6);
	o->ip = db_col_text(a, s, 7);
}

enum err
db_audit_list(struct db *db, struct arena *a, int64_t actor_id, const char *subject,
    size_t max, struct db_audit **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AUDIT_LIST);
	db_bind_i64(s, 1, actor_id);
	db_bind_text(s, 2, subject);
	db_bind_i64(s, 3, (int64_t)max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_audit), fill_audit_list, NULL,
	    &rows, n, "audit list");
	*out = rows;
	return rc;
}

static void
fill_views_of_user(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_view *r = row;
	r->scheme_id = db_col_i64(s, 0);
	r->scheme_name = db_col_text(a, s, 1);
	r->role = db_col_text(a, s, 2);
}

enum err
db_views_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_view **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_VIEWS_OF_USER);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_view), fill_views_of_user, NULL,
	    &rows, n, "views of user");
	*out = rows;
	return rc;
}

enum err
db_consent_needed(struct db *db, int64_t user_id, int64_t *scheme_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONSENT_NEEDED);
	db_bind_i64(s, 1, user_id);
	enum err rc = db_step_one(db, s, "consent needed");
	*scheme_id = 0;
	if (rc == ERR_OK) {
		*scheme_id = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

static void
fill_user_view(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_user_view *r = row;
	r->user_id = db_col_i64(s, 0);
	r->view.scheme_id = db_col_i64(s, 1);
	r->view.scheme_name = db_col_text(a, s, 2);
	r->view.role = db_col_text(a, s, 3);
}

static enum err
user_views(struct db *db, struct arena *a, enum stmt id, struct db_user_view **out,
    size_t *n)
{
	void *rows;
	enum err rc = db_rows(db, a, db_stmt(db, id), sizeof(**out), fill_user_view,
	    NULL, &rows, n, "user views");
	*out = rows;
	return rc;
}

enum err
db_views_of_pending(struct db *db, struct arena *a, struct db_user_view **out, size_t *n)
{
	return user_views(db, a, STMT_VIEWS_PENDING, out, n);
}

enum err
db_views_of_locked(struct db *db, struct arena *a, struct db_user_view **out, size_t *n)
{
	return user_views(db, a, STMT_VIEWS_LOCKED, out, n);
}
