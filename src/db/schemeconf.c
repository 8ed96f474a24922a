/*
 * schemeconf.c - typed queries for a scheme's option lists, own profile
 * fields and matching settings (schemeconf.h).  Same pattern as
 * queries.c: statement from the table, bind, step, copy into the
 * caller's arena.
 */
#include "db/schemeconf.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

/* ---- options ---- */

static void
fill_option(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_option *o = row;
	o->id = db_col_i64(s, 0);
	o->scheme_id = db_col_i64(s, 1);
	o->list = db_col_text(a, s, 2);
	o->label = db_col_text(a, s, 3);
	o->has_location = sqlite3_column_type(s, 4) != SQLITE_NULL &&
	    sqlite3_column_type(s, 5) != SQLITE_NULL;
	o->latitude = sqlite3_column_double(s, 4);
	o->longitude = sqlite3_column_double(s, 5);
	o->position = db_col_i64(s, 6);
	o->is_retired = db_col_i64(s, 7) != 0;
}

enum err
db_options_list(struct db *db, struct arena *a, int64_t scheme_id, const char *list,
    bool include_retired, struct db_option **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OPTIONS_LIST);
	db_bind_i64(s, 1, scheme_id);
	if (list != NULL)
		db_bind_text(s, 2, list);
	db_bind_i64(s, 3, include_retired);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_option), fill_option, NULL,
	    &rows, n, "options list");
	*out = rows;
	return rc;
}

enum err
db_option_get(struct db *db, struct arena *a, int64_t id, struct db_option *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OPTION_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "option get");
	if (rc == ERR_OK) {
		fill_option(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

static void
bind_location(sqlite3_stmt *s, int i, const struct db_option *o)
{
	if (o->has_location) {
		sqlite3_bind_double(s, i, o->latitude);
		sqlite3_bind_double(s, i + 1, o->longitude);
	}
}

enum err
db_option_add(struct db *db, const struct db_option *o, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OPTION_ADD);
	db_bind_i64(s, 1, o->scheme_id);
	db_bind_text(s, 2, o->list);
	db_bind_text(s, 3, o->label);
	bind_location(s, 4, o);
	db_bind_i64(s, 6, o->is_retired);
	db_bind_i64(s, 7, now);
	enum err rc = db_exec_stmt(db, s, "option add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_option_update(struct db *db, const struct db_option *o)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OPTION_UPDATE);
	db_bind_i64(s, 1, o->id);
	db_bind_text(s, 2, o->label);
	bind_location(s, 3, o);
	db_bind_i64(s, 5, o->position);
	db_bind_i64(s, 6, o->is_retired);
	enum err rc = db_exec_stmt(db, s, "option update");
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

static void
fill_id(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	*(int64_t *)row = db_col_i64(s, 0);
}

enum err
db_option_rename_who(struct db *db, struct arena *a, int64_t scheme_id,
    const char *list, const char *old_label, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OPTION_RENAME_WHO);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, old_label);
	db_bind_text(s, 3, list);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(int64_t), fill_id, NULL, &rows, n,
	    "option rename who");
	*ids = rows;
	return rc;
}

enum err
db_option_rename_one(struct db *db, int64_t user_id, const char *list, const char *label)
{
	sqlite3_stmt *s = db_stmt(db, STMT_OPTION_RENAME_ONE);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, list);
	db_bind_text(s, 3, label);
	return db_exec_stmt(db, s, "option rename");
}

/* ---- fields ---- */

static void
fill_field(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_field *f = row;
	f->id = db_col_i64(s, 0);
	f->scheme_id = db_col_i64(s, 1);
	f->label = db_col_text(a, s, 2);
	f->hint = db_col_text(a, s, 3);
	f->kind = db_col_text(a, s, 4);
	f->choices = db_col_text(a, s, 5);
	f->visibility = db_col_text(a, s, 6);
	f->applies_to = db_col_text(a, s, 7);
	f->is_required = db_col_i64(s, 8) != 0;
	f->position = db_col_i64(s, 9);
	f->is_retired = db_col_i64(s, 10) != 0;
}

enum err
db_fields_list(struct db *db, struct arena *a, int64_t scheme_id, bool include_retired,
    struct db_field **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_FIELDS_LIST);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, include_retired);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_field), fill_field, NULL,
	    &rows, n, "fields list");
	*out = rows;
	return rc;
}

enum err
db_field_get(struct db *db, struct arena *a, int64_t id, struct db_field *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_FIELD_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "field get");
	if (rc == ERR_OK) {
		fill_field(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_field_add(struct db *db, const struct db_field *f, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_FIELD_ADD);
	db_bind_i64(s, 1, f->scheme_id);
	db_bind_text(s, 2, f->label);
	db_bind_text(s, 3, f->hint);
	db_bind_text(s, 4, f->kind);
	db_bind_text(s, 5, f->choices);
	db_bind_text(s, 6, f->visibility);
	db_bind_text(s, 7, f->applies_to);
	db_bind_i64(s, 8, f->is_required);
	db_bind_i64(s, 9, f->is_retired);
	db_bind_i64(s, 10, now);
	enum err rc = db_exec_stmt(db, s, "field add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_field_update(struct db *db, const struct db_field *f)
{
	sqlite3_stmt *s = db_stmt(db, STMT_FIELD_UPDATE);
	db_bind_i64(s, 1, f->id);
	db_bind_text(s, 2, f->label);
	db_bind_text(s, 3, f->hint);
	db_bind_text(s, 4, f->kind);
	db_bind_text(s, 5, f->choices);
	db_bind_text(s, 6, f->visibility);
	db_bind_text(s, 7, f->applies_to);
	db_bind_i64(s, 8, f->is_required);
	db_bind_i64(s, 9, f->position);
	db_bind_i64(s, 10, f->is_retired);
	enum err rc = db_exec_stmt(db, s, "field update");
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

static enum err
count_by_id(struct db *db, enum stmt id, int64_t key, int64_t *n, const char *what)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, key);
	enum err rc = db_step_one(db, s, what);
	if (rc != ERR_OK)
		return rc;
	*n = db_col_i64(s, 0);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_field_answers(struct db *db, int64_t field_id, int64_t *n)
{
	return count_by_id(db, STMT_FIELD_ANSWERS, field_id, n, "field answers");
}

enum err
db_option_uses(struct db *db, int64_t option_id, int64_t *n)
{
	return count_by_id(db, STMT_OPTION_USES, option_id, n, "option uses");
}

/* ---- matching ---- */

enum err
db_matching_get(struct db *db, struct arena *a, int64_t scheme_id, struct db_matching *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MATCHING_GET);
	db_bind_i64(s, 1, scheme_id);
	enum err rc = db_step_one(db, s, "matching get");
	if (rc != ERR_OK)
		return rc;
	out->scheme_id = db_col_i64(s, 0);
	out->exclude_conflicts = db_col_i64(s, 1) != 0;
	out->organisation_rule = db_col_text(a, s, 2);
	out->specialty_rule = db_col_text(a, s, 3);
	out->max_distance_miles = db_col_i64(s, 4);
	out->weight_keyword = db_col_i64(s, 5);
	out->weight_specialty = db_col_i64(s, 6);
	out->weight_organisation = db_col_i64(s, 7);
	out->weight_distance = db_col_i64(s, 8);
	out->weight_format = db_col_i64(s, 9);
	out->mentor_required = db_col_text(a, s, 10);
	out->mentee_required = db_col_text(a, s, 11);
	out->updated_at = db_col_i64(s, 12);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_matching_put(struct db *db, const struct db_matching *m)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MATCHING_PUT);
	db_bind_i64(s, 1, m->scheme_id);
	db_bind_i64(s, 2, m->exclude_conflicts);
	db_bind_text(s, 3, m->organisation_rule);
	db_bind_text(s, 4, m->specialty_rule);
	db_bind_i64(s, 5, m->max_distance_miles);
	db_bind_i64(s, 6, m->weight_keyword);
	db_bind_i64(s, 7, m->weight_specialty);
	db_bind_i64(s, 8, m->weight_organisation);
	db_bind_i64(s, 9, m->weight_distance);
	db_bind_i64(s, 10, m->weight_format);
	db_bind_text(s, 11, m->mentor_required);
	db_bind_text(s, 12, m->mentee_required);
	db_bind_i64(s, 13, m->updated_at);
	return db_exec_stmt(db, s, "matching put");
}
