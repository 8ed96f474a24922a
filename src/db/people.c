/*
 * people.c - typed queries for people administration (ADM-1, ADM-3).
 */
#include "db/people.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/db_int.h"

enum err
db_people_email_user(struct db *db, struct arena *a, const char *email,
    int64_t scope_admin_id, int64_t except_id, int64_t *id, const char **username,
    bool *in_scope)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PEOPLE_EMAIL_USER);
	db_bind_text(s, 1, email);
	db_bind_i64(s, 2, scope_admin_id);
	db_bind_i64(s, 3, except_id);
	enum err rc = db_step_one(db, s, "people email user");
	if (rc == ERR_OK) {
		*id = db_col_i64(s, 0);
		*username = db_col_text(a, s, 1);
		*in_scope = db_col_i64(s, 2) != 0;
		sqlite3_reset(s);
	}
	return rc;
}

static void
fill_rel(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_people_rel *r = row;
	r->id = db_col_i64(s, 0);
	r->scheme_id = db_col_i64(s, 1);
	r->mentor_name = db_col_text(a, s, 2);
	r->mentee_name = db_col_text(a, s, 3);
}

enum err
db_people_live_rels(struct db *db, struct arena *a, int64_t user_id,
    struct db_people_rel **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PEOPLE_LIVE_RELS);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_people_rel), fill_rel, NULL,
	    &rows, n, "people live relationships");
	*out = rows;
	return rc;
}

enum err
db_people_set_status(struct db *db, int64_t user_id, const char *status)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PEOPLE_SET_STATUS);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, status);
	return db_exec_stmt(db, s, "people set status");
}

enum err
db_people_update(struct db *db, int64_t user_id, const char *given_name,
    const char *family_name, const char *email, const char *username)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PEOPLE_UPDATE);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, given_name);
	db_bind_text(s, 3, family_name);
	db_bind_text(s, 4, email);
	db_bind_text(s, 5, username);
	return db_exec_stmt(db, s, "people update");
}

enum err
db_people_role_delete(struct db *db, int64_t user_id, int64_t scheme_id, const char *role)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PEOPLE_ROLE_DELETE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	return db_exec_stmt(db, s, "people role delete");
}

enum err
db_people_set_site_admin(struct db *db, int64_t user_id, int is_site_admin)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PEOPLE_SET_SITE_ADMIN);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, is_site_admin ? 1 : 0);
	return db_exec_stmt(db, s, "people set site admin");
}

static enum err
count(struct db *db, sqlite3_stmt *s, int64_t *n, const char *what)
{
	enum err rc = db_step_one(db, s, what);
	*n = 0;
	if (rc == ERR_OK) {
		*n = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_people_site_admins(struct db *db, int64_t *n)
{
	return count(db, db_stmt(db, STMT_PEOPLE_SITE_ADMINS), n, "people site admins");
}

enum err
db_people_live_in_role(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, strcmp(role, "mentor") == 0 ? STMT_PEOPLE_LIVE_AS_MENTOR :
	    STMT_PEOPLE_LIVE_AS_MENTEE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	return count(db, s, n, "people live in role");
}

static void
fill_scope(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	struct db_people_scope *r = row;
	r->user_id = db_col_i64(s, 0);
	r->is_site_admin = db_col_i64(s, 1) != 0;
	r->scheme_id = db_col_i64(s, 2);
}

enum err
db_people_scope_of(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct db_people_scope **out, size_t *nout)
{
	struct buf list;
	buf_init_arena(&list, a, 16 + 21 * n);
	buf_printf(&list, "[");
	for (size_t i = 0; i < n; i++)
		buf_printf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_printf(&list, "]");
	if (buf_err(&list))
		return ERR_TOO_LARGE;
	sqlite3_stmt *s = db_stmt(db, STMT_PEOPLE_SCOPE_OF);
	db_bind_text(s, 1, buf_str(&list));
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_people_scope), fill_scope, NULL,
	    &rows, nout, "people scope");
	*out = rows;
	return rc;
}
