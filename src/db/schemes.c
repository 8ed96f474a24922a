/*
 * schemes.c - typed queries for the schemes list, the site overview,
 * the settings page's summaries and scheme administrators (schemes.h).
 * Same pattern as training.c: statement from the table, bind, step,
 * copy into the caller's arena.
 */
#include "db/schemes.h"

#include "core/arena.h"
#include "db/db_int.h"

static void
fill_overview(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_scheme_overview *o = row;
	o->s.id = db_col_i64(s, 0);
	o->s.slug = db_col_text(a, s, 1);
	o->s.name = db_col_text(a, s, 2);
	o->s.description = db_col_text(a, s, 3);
	o->s.is_active = db_col_i64(s, 4) != 0;
	o->s.created_at = db_col_i64(s, 5);
	o->mentors = db_col_i64(s, 6);
	o->mentees = db_col_i64(s, 7);
	o->admins = db_col_i64(s, 8);
	o->pending = db_col_i64(s, 9);
	o->requests_open = db_col_i64(s, 10);
	o->live = db_col_i64(s, 11);
	o->completed = db_col_i64(s, 12);
	o->ended_early = db_col_i64(s, 13);
	o->sessions = db_col_i64(s, 14);
	o->minutes = db_col_i64(s, 15);
}

enum err
db_schemes_overview(struct db *db, struct arena *a, int64_t admin_of, int64_t from,
    int64_t to, struct db_scheme_overview **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEMES_OVERVIEW);
	db_bind_i64(s, 1, admin_of);
	db_bind_i64(s, 2, from);
	db_bind_i64(s, 3, to);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(**out), fill_overview, NULL, &rows, n,
	    "schemes overview");
	*out = rows;
	return rc;
}

static void
fill_scheme(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_scheme *o = row;
	o->id = db_col_i64(s, 0);
	o->slug = db_col_text(a, s, 1);
	o->name = db_col_text(a, s, 2);
	o->description = db_col_text(a, s, 3);
	o->is_active = db_col_i64(s, 4) != 0;
	o->created_at = db_col_i64(s, 5);
}

enum err
db_schemes_registering(struct db *db, struct arena *a, struct db_scheme **out, size_t *n)
{
	void *rows;
	enum err rc = db_rows(db, a, db_stmt(db, STMT_SCHEMES_REGISTERING), sizeof(**out),
	    fill_scheme, NULL, &rows, n, "schemes registering");
	*out = rows;
	return rc;
}

enum err
db_scheme_managed(struct db *db, int64_t scheme_id, struct db_scheme_managed *o)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEMES_MANAGED);
	db_bind_i64(s, 1, scheme_id);
	enum err rc = db_step_one(db, s, "scheme managed");
	if (rc != ERR_OK)
		return rc;
	o->keywords = db_col_i64(s, 0);
	o->other_options = db_col_i64(s, 1);
	o->fields = db_col_i64(s, 2);
	o->stages = db_col_i64(s, 3);
	o->guides = db_col_i64(s, 4);
	o->guides_published = db_col_i64(s, 5);
	o->forms_active = db_col_i64(s, 6);
	o->contacts = db_col_i64(s, 7);
	o->holidays = db_col_i64(s, 8);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_scheme_update(struct db *db, const struct db_scheme *sc)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEMES_UPDATE);
	db_bind_i64(s, 1, sc->id);
	db_bind_text(s, 2, sc->name);
	db_bind_text(s, 3, sc->description);
	db_bind_i64(s, 4, sc->is_active);
	enum err rc = db_exec_stmt(db, s, "scheme update");
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

static void
fill_notice(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_scheme_notice *o = row;
	o->version = db_col_i64(s, 0);
	o->created_at = db_col_i64(s, 1);
	o->created_by = db_col_i64(s, 2);
	o->created_by_name = db_col_text(a, s, 3);
	o->text = NULL;
}

enum err
db_scheme_notices(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_scheme_notice **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_NOTICES_LIST);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(**out), fill_notice, NULL, &rows, n,
	    "scheme notices");
	*out = rows;
	return rc;
}

enum err
db_scheme_notice_get(struct db *db, struct arena *a, int64_t scheme_id, int64_t version,
    struct db_scheme_notice *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_NOTICE_GET);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, version);
	enum err rc = db_step_one(db, s, "scheme notice");
	if (rc != ERR_OK)
		return rc;
	fill_notice(a, s, out, NULL);
	out->text = db_col_text(a, s, 4);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_scheme_notice_add(struct db *db, int64_t scheme_id, int64_t version, const char *text,
    int64_t at, int64_t by)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_NOTICE_ADD);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, version);
	db_bind_text(s, 3, text);
	db_bind_i64(s, 4, at);
	db_bind_i64_or_null(s, 5, by);
	return db_exec_stmt(db, s, "scheme notice add");
}

enum err
db_scheme_notice_author(struct db *db, int64_t scheme_id, int64_t version, int64_t by)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_NOTICE_AUTHOR);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, version);
	db_bind_i64(s, 3, by);
	return db_exec_stmt(db, s, "scheme notice author");
}

enum err
db_role_remove(struct db *db, int64_t user_id, int64_t scheme_id, const char *role)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEMES_ROLE_REMOVE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	enum err rc = db_exec_stmt(db, s, "role remove");
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}
