/*
 * queries.c - typed wrappers for the foundation tables: meta, schemes and
 * their settings, users and roles, outbox, audit log.  Feature modules
 * (profiles, relationships ...) get files of their own.
 *
 * Pattern: take the statement from the table (reset + cleared), bind,
 * step, copy columns into the caller's arena, reset.  Lists are built
 * into a growing arena array; callers pass a maximum where a list could
 * be long.
 */
#include "db/db_int.h"

#include <string.h>

#include "core/arena.h"

/* ---- meta ---- */

enum err
db_meta_get(struct db *db, struct arena *a, const char *key, char **value)
{
	sqlite3_stmt *s = db_stmt(db, STMT_META_GET);
	db_bind_text(s, 1, key);
	enum err rc = db_step_one(db, s, "meta get");
	if (rc == ERR_OK) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		*value = arena_strndup(a, t ? (const char *)t : "",
		    (size_t)sqlite3_column_bytes(s, 0));
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *s = db_stmt(db, STMT_META_SET);
	db_bind_text(s, 1, key);
	db_bind_text(s, 2, value);
	return db_exec_stmt(db, s, "meta set");
}

/* ---- schemes ---- */

static void
scheme_row(struct arena *a, sqlite3_stmt *s, struct db_scheme *o)
{
	o->id = db_col_i64(s, 0);
	o->slug = db_col_text(a, s, 1);
	o->name = db_col_text(a, s, 2);
	o->description = db_col_text(a, s, 3);
	o->is_active = db_col_i64(s, 4) != 0;
	o->created_at = db_col_i64(s, 5);
}

enum err
db_scheme_create(struct db *db, const char *slug, const char *name,
    const char *description, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_CREATE);
	db_bind_text(s, 1, slug);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, description);
	db_bind_i64(s, 4, now);
	enum err rc = db_exec_stmt(db, s, "scheme create");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

static enum err
scheme_one(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_scheme *out)
{
	enum err rc = db_step_one(db, s, "scheme get");
	if (rc == ERR_OK) {
		scheme_row(a, s, out);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_scheme_get(struct db *db, struct arena *a, int64_t id, struct db_scheme *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_GET);
	db_bind_i64(s, 1, id);
	return scheme_one(db, a, s, out);
}

enum err
db_scheme_by_slug(struct db *db, struct arena *a, const char *slug,
    struct db_scheme *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_BY_SLUG);
	db_bind_text(s, 1, slug);
	return scheme_one(db, a, s, out);
}

static void
fill_scheme_list(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_scheme *r = row;
	scheme_row(a, s, r);
}

enum err
db_scheme_list(struct db *db, struct arena *a, struct db_scheme **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_LIST);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_scheme), fill_scheme_list, NULL,
	    &rows, n, "scheme list");
	*out = rows;
	return rc;
}

enum err
db_scheme_settings_get(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_scheme_settings *o)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SETTINGS_GET);
	db_bind_i64(s, 1, scheme_id);
	enum err rc = db_step_one(db, s, "settings get");
	if (rc != ERR_OK)
		return rc;
	o->scheme_id = db_col_i64(s, 0);
	o->allow_mentee_requests = db_col_i64(s, 1) != 0;
	o->allow_system_proposals = db_col_i64(s, 2) != 0;
	o->allow_admin_assignment = db_col_i64(s, 3) != 0;
	o->default_capacity = db_col_i64(s, 4);
	o->session_cap = db_col_i64(s, 5);
	o->extension_sessions = db_col_i64(s, 6);
	o->min_minutes_per_month = db_col_i64(s, 7);
	o->response_deadline_days = db_col_i64(s, 8);
	o->admin_sees_documents = db_col_i64(s, 9) != 0;
	o->privacy_notice = db_col_text(a, s, 10);
	o->privacy_notice_version = db_col_i64(s, 11);
	o->escalation_contact = db_col_text(a, s, 12);
	o->updated_at = db_col_i64(s, 13);
	o->ranked_requests = db_col_i64(s, 14) != 0;
	o->proposal_threshold = db_col_i64(s, 15);
	o->time_zone = db_col_text(a, s, 16);
	o->document_max_kb = db_col_i64(s, 17);
	o->document_types = db_col_text(a, s, 18);
	o->registration_open = db_col_i64(s, 19) != 0;
	o->approval_required = db_col_i64(s, 20) != 0;
	o->allow_cohort_matching = db_col_i64(s, 21) != 0;
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_scheme_settings_put(struct db *db, const struct db_scheme_settings *o)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SETTINGS_PUT);
	db_bind_i64(s, 1, o->scheme_id);
	db_bind_i64(s, 2, o->allow_mentee_requests);
	db_bind_i64(s, 3, o->allow_system_proposals);
	db_bind_i64(s, 4, o->allow_admin_assignment);
	db_bind_i64(s, 5, o->default_capacity);
	db_bind_i64(s, 6, o->session_cap);
	db_bind_i64(s, 7, o->extension_sessions);
	db_bind_i64(s, 8, o->min_minutes_per_month);
	db_bind_i64(s, 9, o->response_deadline_days);
	db_bind_i64(s, 10, o->admin_sees_documents);
	db_bind_text(s, 11, o->privacy_notice);
	db_bind_i64(s, 12, o->privacy_notice_version);
	db_bind_text(s, 13, o->escalation_contact);
	db_bind_i64(s, 14, o->updated_at);
	db_bind_i64(s, 15, o->ranked_requests);
	db_bind_i64(s, 16, o->proposal_threshold > 0 ? o->proposal_threshold : 70);
	db_bind_text(s, 17, o->time_zone != NULL && o->time_zone[0] != '\0' ?
	    o->time_zone : "Europe/London");
	db_bind_i64(s, 18, o->document_max_kb > 0 ? o->document_max_kb : 10240);
	db_bind_text(s, 19, o->document_types != NULL && o->document_types[0] != '\0' ?
	    o->document_types : "pdf,docx,xlsx,pptx,odt,txt,png,jpeg");
	db_bind_i64(s, 20, o->registration_open);
	db_bind_i64(s, 21, o->approval_required);
	db_bind_i64(s, 22, o->allow_cohort_matching);
	return db_exec_stmt(db, s, "settings put");
}

/* ---- users and roles ---- */

static void
user_row(struct arena *a, sqlite3_stmt *s, struct db_user *o)
{
	o->id = db_col_i64(s, 0);
	o->username = db_col_text(a, s, 1);
	o->email = db_col_text(a, s, 2);
	o->given_name = db_col_text(a, s, 3);
	o->family_name = db_col_text(a, s, 4);
	o->password_hash = db_col_text(a, s, 5);
	o->status = db_col_text(a, s, 6);
	o->is_site_admin = db_col_i64(s, 7) != 0;
	o->failed_logins = db_col_i64(s, 8);
	o->locked_at = db_col_i64(s, 9);
	o->theme = db_col_text(a, s, 10);
	o->sidebar_hidden = db_col_i64(s, 11) != 0;
	o->created_at = db_col_i64(s, 12);
	o->approved_at = db_col_i64(s, 13);
	o->last_login_at = db_col_i64(s, 14);
}

enum err db_user_rows(struct db *db, struct arena *a, sqlite3_stmt *s,
    struct db_user **out, size_t *n);

/* Step a query returning user rows into an arena array. */
static void
fill_user_rows(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_user *r = row;
	user_row(a, s, r);
}

enum err
db_user_rows(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_user **out,
    size_t *n)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_user), fill_user_rows, NULL,
	    &rows, n, "user list");
	*out = rows;
	return rc;
}

enum err
db_user_create(struct db *db, const struct db_user *u, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_CREATE);
	db_bind_text(s, 1, u->username);
	db_bind_text(s, 2, u->email);
	db_bind_text(s, 3, u->given_name);
	db_bind_text(s, 4, u->family_name);
	db_bind_text(s, 5, u->password_hash);
	db_bind_text(s, 6, u->status);
	db_bind_i64(s, 7, u->is_site_admin);
	db_bind_i64(s, 8, u->created_at);
	db_bind_i64_or_null(s, 9, u->approved_at);
	enum err rc = db_exec_stmt(db, s, "user create");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

static enum err
user_one(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_user *out)
{
	enum err rc = db_step_one(db, s, "user get");
	if (rc == ERR_OK) {
		user_row(a, s, out);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_user_get(struct db *db, struct arena *a, int64_t id, struct db_user *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_GET);
	db_bind_i64(s, 1, id);
	return user_one(db, a, s, out);
}

enum err
db_user_by_username(struct db *db, struct arena *a, const char *username,
    struct db_user *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_USER_BY_USERNAME);
	db_bind_text(s, 1, username);
	return user_one(db, a, s, out);
}

static enum err
count(struct db *db, enum stmt id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, id);
	enum err rc = db_step_one(db, s, "count");
	if (rc == ERR_OK) {
		*n = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_user_count(struct db *db, int64_t *n)
{
	return count(db, STMT_USER_COUNT, n);
}

enum err
db_role_add(struct db *db, int64_t user_id, int64_t scheme_id, const char *role,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ROLE_ADD);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	db_bind_i64(s, 4, now);
	return db_exec_stmt(db, s, "role add");
}

static void
fill_roles_of_user(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_role *r = row;
	r->scheme_id = db_col_i64(s, 0);
	r->role = db_col_text(a, s, 1);
}

enum err
db_roles_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_role **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ROLES_OF_USER);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_role), fill_roles_of_user, NULL,
	    &rows, n, "roles of user");
	*out = rows;
	return rc;
}

/* ---- outbox ---- */

static void
mail_row(struct arena *a, sqlite3_stmt *s, struct db_mail *o)
{
	o->id = db_col_i64(s, 0);
	o->to_addr = db_col_text(a, s, 1);
	o->subject = db_col_text(a, s, 2);
	o->body_text = db_col_text(a, s, 3);
	o->body_html = db_col_text(a, s, 4);
	o->status = db_col_text(a, s, 5);
	o->attempts = db_col_i64(s, 6);
	o->next_attempt_at = db_col_i64(s, 7);
	o->last_error = db_col_text(a, s, 8);
	o->created_at = db_col_i64(s, 9);
	o->sent_at = db_col_i64(s, 10);
	o->ics = db_col_text(a, s, 11);
	o->ics_method = db_col_text(a, s, 12);
	o->kind = db_col_text(a, s, 13);
	o->user_id = db_col_i64(s, 14);
	o->scheme_id = db_col_i64(s, 15);
	o->is_secret = db_col_i64(s, 16) != 0;
	o->unsubscribe = db_col_text(a, s, 17);
	o->is_bulk = db_col_i64(s, 18) != 0;
	o->msg_token = db_col_text(a, s, 19);
}

static void
fill_mail(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	mail_row(a, s, row);
}

static enum err
mail_list(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_mail **out,
    size_t *n)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(**out), fill_mail, NULL, &rows, n,
	    "outbox list");
	*out = rows;
	return rc;
}

enum err
db_outbox_add(struct db *db, const char *to, const char *subject,
    const char *text, const char *html, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OUTBOX_ADD);
	db_bind_text(s, 1, to);
	db_bind_text(s, 2, subject);
	db_bind_text(s, 3, text);
	db_bind_text(s, 4, html);
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "outbox add");
	if (rc == ERR_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_outbox_get(struct db *db, struct arena *a, int64_t id, struct db_mail *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OUTBOX_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "outbox get");
	if (rc == ERR_OK) {
		mail_row(a, s, out);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_outbox_due(struct db *db, struct arena *a, int64_t now, size_t max,
    struct db_mail **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OUTBOX_DUE);
	db_bind_i64(s, 1, now);
	db_bind_i64(s, 2, (int64_t)max);
	return mail_list(db, a, s, out, n);
}

enum err
db_outbox_mark_sent(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OUTBOX_SENT);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	return db_exec_stmt(db, s, "outbox sent");
}

enum err
db_outbox_mark_retry(struct db *db, int64_t id, int64_t next_at,
    const char *error, bool give_up)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OUTBOX_RETRY);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, next_at);
	db_bind_text(s, 3, error);
	db_bind_i64(s, 4, give_up);
	return db_exec_stmt(db, s, "outbox retry");
}

enum err
db_outbox_list(struct db *db, struct arena *a, const char *status, size_t max,
    struct db_mail **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, status ? STMT_OUTBOX_LIST_STATUS : STMT_OUTBOX_LIST);
	db_bind_i64(s, 1, (int64_t)max);
	if (status)
		db_bind_text(s, 2, status);
	return mail_list(db, a, s, out, n);
}

enum err
db_mail_put(struct db *db, const struct db_mail_new *m, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MAIL_PUT);
	bool has_ics = m->ics != NULL && m->ics[0] != '\0';
	db_bind_text(s, 1, m->to ? m->to : "");
	db_bind_text(s, 2, m->subject ? m->subject : "");
	db_bind_text(s, 3, m->text ? m->text : "");
	db_bind_text(s, 4, m->html ? m->html : "");
	db_bind_text(s, 5, has_ics ? m->ics : "");
	db_bind_text(s, 6, has_ics && m->ics_method ? m->ics_method : "");
	db_bind_text(s, 7, m->kind ? m->kind : "");
	db_bind_i64_or_null(s, 8, m->user_id);
	db_bind_i64_or_null(s, 9, m->scheme_id);
	db_bind_i64(s, 10, m->is_secret);
	db_bind_text(s, 11, m->unsubscribe ? m->unsubscribe : "");
	db_bind_i64(s, 12, m->is_bulk);
	db_bind_i64(s, 13, now);
	enum err rc = db_exec_stmt(db, s, "mail put");
	if (rc == ERR_OK && id)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

/* A message and, after its columns, its scheme's name. */
struct mail_named {
	struct db_mail m;
	const char *scheme_name;
};

static void
fill_mail_named(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct mail_named *o = row;
	mail_row(a, s, &o->m);
	o->scheme_name = db_col_text(a, s, 20);
}

enum err
db_mail_search(struct db *db, struct arena *a, const char *status,
    const char *like, int64_t admin_id, const char *private_kinds, int64_t before_id,
    int64_t only_id, size_t max, struct db_mail **out, const char ***scheme_names,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MAIL_SEARCH);
	void *rows;
	db_bind_text(s, 1, status ? status : "");
	db_bind_text(s, 2, like ? like : "");
	db_bind_i64(s, 3, (int64_t)max);
	db_bind_i64(s, 4, before_id);
	db_bind_i64(s, 5, admin_id);
	db_bind_i64(s, 6, only_id);
	db_bind_text(s, 7, private_kinds ? private_kinds : "");
	enum err rc = db_rows(db, a, s, sizeof(struct mail_named), fill_mail_named,
	    NULL, &rows, n, "mail search");
	struct mail_named *named = rows;
	*out = arena_calloc(a, *n + 1, sizeof(**out));
	*scheme_names = arena_calloc(a, *n + 1, sizeof(**scheme_names));
	for (size_t i = 0; rc == ERR_OK && i < *n; i++) {
		(*out)[i] = named[i].m;
		(*scheme_names)[i] = named[i].scheme_name;
	}
	return rc;
}

enum err
db_digest_put(struct db *db, int64_t user_id, const char *kind, const char *subject,
    const char *text, int64_t scheme_id, const char *path, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIGEST_PUT);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, kind);
	db_bind_text(s, 3, subject);
	db_bind_text(s, 4, text);
	db_bind_i64(s, 5, now);
	db_bind_i64(s, 6, scheme_id);
	db_bind_text(s, 7, path && *path ? path : "/");
	return db_exec_stmt(db, s, "digest put");
}

static void
fill_digest_entry(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_digest_entry *o = row;
	o->kind = db_col_text(a, s, 0);
	o->subject = db_col_text(a, s, 1);
	o->body_text = db_col_text(a, s, 2);
	o->created_at = db_col_i64(s, 3);
	o->scheme_id = db_col_i64(s, 4);
	o->scheme_name = db_col_text(a, s, 5);
	o->path = db_col_text(a, s, 6);
}

enum err
db_digest_entries(struct db *db, struct arena *a, int64_t user_id,
    struct db_digest_entry **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIGEST_ITEMS);
	void *rows;
	db_bind_i64(s, 1, user_id);
	enum err rc = db_rows(db, a, s, sizeof(**out), fill_digest_entry, NULL, &rows, n,
	    "digest entries");
	*out = rows;
	return rc;
}

/* ---- audit ---- */

enum err
db_audit_add(struct db *db, int64_t at, int64_t actor_id, int64_t scheme_id,
    const char *action, const char *subject, const char *detail, const char *ip)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AUDIT_ADD);
	db_bind_i64(s, 1, at);
	db_bind_i64_or_null(s, 2, actor_id);
	db_bind_i64_or_null(s, 3, scheme_id);
	db_bind_text(s, 4, action);
	db_bind_text(s, 5, subject);
	db_bind_text(s, 6, detail);
	db_bind_text(s, 7, ip);
	return db_exec_stmt(db, s, "audit add");
}

enum err
db_audit_count(struct db *db, int64_t *n)
{
	return count(db, STMT_AUDIT_COUNT, n);
}

/* ---- sessions ---- */

enum err
db_sessions_purge(struct db *db, int64_t now, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SESSIONS_PURGE);
	db_bind_i64(s, 1, now);
	enum err rc = db_exec_stmt(db, s, "sessions purge");
	*n = rc == ERR_OK ? sqlite3_changes64(db->conn) : 0;
	return rc;
}
