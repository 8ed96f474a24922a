/*
 * profiles.c - typed queries for profiles (profiles.h).  Same pattern
 * as schemeconf.c: statement from the table, bind, step, copy into the
 * caller's arena.  NULL integers (capacity, max_travel_miles) come back
 * as -1 and -1 goes in as NULL.
 */
#include "db/profiles.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static int64_t
col_i64_or(sqlite3_stmt *s, int i, int64_t none)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? none : db_col_i64(s, i);
}

static void
bind_i64_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v >= 0)
		db_bind_i64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* ---- shared part ---- */

static void
fill_profile(struct arena *a, sqlite3_stmt *s, struct db_profile *p)
{
	p->user_id = db_col_i64(s, 0);
	p->preferred_name = db_col_text(a, s, 1);
	p->pronouns = db_col_text(a, s, 2);
	p->contact_email = db_col_text(a, s, 3);
	p->phone = db_col_text(a, s, 4);
	p->job_role = db_col_text(a, s, 5);
	p->organisation = db_col_text(a, s, 6);
	p->specialty = db_col_text(a, s, 7);
	p->site = db_col_text(a, s, 8);
	p->previous_organisations = db_col_text(a, s, 9);
	p->country_of_origin = db_col_text(a, s, 10);
	p->gender = db_col_text(a, s, 11);
	p->date_of_birth = db_col_text(a, s, 12);
	p->photo_name = db_col_text(a, s, 13);
	p->photo_type = db_col_text(a, s, 14);
	p->updated_at = db_col_i64(s, 15);
}

enum err
db_profile_get(struct db *db, struct arena *a, int64_t user_id, struct db_profile *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_GET);
	db_bind_i64(s, 1, user_id);
	enum err rc = db_step_one(db, s, "profile get");
	if (rc == ERR_OK) {
		fill_profile(a, s, out);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_profile_put(struct db *db, const struct db_profile *p, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_PUT);
	db_bind_i64(s, 1, p->user_id);
	db_bind_text(s, 2, p->preferred_name);
	db_bind_text(s, 3, p->pronouns);
	db_bind_text(s, 4, p->contact_email);
	db_bind_text(s, 5, p->phone);
	db_bind_text(s, 6, p->job_role);
	db_bind_text(s, 7, p->organisation);
	db_bind_text(s, 8, p->specialty);
	db_bind_text(s, 9, p->site);
	db_bind_text(s, 10, p->previous_organisations);
	db_bind_text(s, 11, p->country_of_origin);
	db_bind_text(s, 12, p->gender);
	db_bind_text(s, 13, p->date_of_birth);
	db_bind_i64(s, 14, now);
	return db_exec_stmt(db, s, "profile put");
}

enum err
db_profile_set_photo(struct db *db, int64_t user_id, const char *name,
    const char *type, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_SET_PHOTO);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, type);
	db_bind_i64(s, 4, now);
	return db_exec_stmt(db, s, "profile photo");
}

/* ---- role parts ---- */

enum err
db_mentee_profile_get(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, struct db_mentee_profile *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MENTEE_PROFILE_GET);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	enum err rc = db_step_one(db, s, "mentee profile get");
	if (rc == ERR_OK) {
		out->user_id = db_col_i64(s, 0);
		out->scheme_id = db_col_i64(s, 1);
		out->statement = db_col_text(a, s, 2);
		out->reasons = db_col_text(a, s, 3);
		out->support_areas = db_col_text(a, s, 4);
		out->availability = db_col_text(a, s, 5);
		out->formats = db_col_text(a, s, 6);
		out->max_travel_miles = col_i64_or(s, 7, -1);
		out->updated_at = db_col_i64(s, 8);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_mentee_profile_put(struct db *db, const struct db_mentee_profile *p, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MENTEE_PROFILE_PUT);
	db_bind_i64(s, 1, p->user_id);
	db_bind_i64(s, 2, p->scheme_id);
	db_bind_text(s, 3, p->statement);
	db_bind_text(s, 4, p->reasons);
	db_bind_text(s, 5, p->support_areas);
	db_bind_text(s, 6, p->availability);
	db_bind_text(s, 7, p->formats);
	bind_i64_or_null(s, 8, p->max_travel_miles);
	db_bind_i64(s, 9, now);
	return db_exec_stmt(db, s, "mentee profile put");
}

enum err
db_mentor_profile_get(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, struct db_mentor_profile *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MENTOR_PROFILE_GET);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	enum err rc = db_step_one(db, s, "mentor profile get");
	if (rc == ERR_OK) {
		out->id = db_col_i64(s, 0);
		out->user_id = db_col_i64(s, 1);
		out->scheme_id = db_col_i64(s, 2);
		out->biography = db_col_text(a, s, 3);
		out->skills = db_col_text(a, s, 4);
		out->capacity = col_i64_or(s, 5, -1);
		out->is_available = db_col_i64(s, 6) != 0;
		out->formats = db_col_text(a, s, 7);
		out->updated_at = db_col_i64(s, 8);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_mentor_profile_put(struct db *db, const struct db_mentor_profile *p, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MENTOR_PROFILE_PUT);
	db_bind_i64(s, 1, p->user_id);
	db_bind_i64(s, 2, p->scheme_id);
	db_bind_text(s, 3, p->biography);
	db_bind_text(s, 4, p->skills);
	bind_i64_or_null(s, 5, p->capacity);
	db_bind_i64(s, 6, p->is_available);
	db_bind_text(s, 7, p->formats);
	db_bind_i64(s, 8, now);
	return db_exec_stmt(db, s, "mentor profile put");
}

/* ---- keywords ---- */

static void
fill_keyword(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_keyword *k = row;
	k->id = db_col_i64(s, 0);
	k->label = db_col_text(a, s, 1);
}

enum err
db_profile_keywords(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id,
    const char *role, struct db_keyword **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_KEYWORDS_OF);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_keyword), fill_keyword, NULL,
	    &rows, n, "profile keywords");
	*out = rows;
	return rc;
}

enum err
db_profile_keywords_set(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role, const int64_t *ids, size_t n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_KEYWORDS_CLEAR);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	enum err rc = db_exec_stmt(db, s, "profile keywords clear");
	for (size_t i = 0; rc == ERR_OK && i < n; i++) {
		s = db_stmt(db, STMT_PROFILE_KEYWORD_ADD);
		db_bind_i64(s, 1, user_id);
		db_bind_i64(s, 2, scheme_id);
		db_bind_text(s, 3, role);
		db_bind_i64(s, 4, ids[i]);
		rc = db_exec_stmt(db, s, "profile keyword add");
	}
	return rc;
}

/* ---- a scheme's own fields ---- */

static void
fill_value(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_field_value *v = row;
	v->field_id = db_col_i64(s, 0);
	v->value = db_col_text(a, s, 1);
}

enum err
db_field_values(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id,
    struct db_field_value **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_FIELD_VALUES_OF);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_field_value), fill_value, NULL,
	    &rows, n, "field values");
	*out = rows;
	return rc;
}

enum err
db_field_value_put(struct db *db, int64_t user_id, int64_t field_id,
    const char *value, int64_t now)
{
	sqlite3_stmt *s;
	if (*value == '\0') {
		s = db_stmt(db, STMT_FIELD_VALUE_DELETE);
		db_bind_i64(s, 1, user_id);
		db_bind_i64(s, 2, field_id);
		return db_exec_stmt(db, s, "field value delete");
	}
	s = db_stmt(db, STMT_FIELD_VALUE_PUT);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, field_id);
	db_bind_text(s, 3, value);
	db_bind_i64(s, 4, now);
	return db_exec_stmt(db, s, "field value put");
}

/* ---- facts for visibility ---- */

enum err
db_profile_has_role(struct db *db, int64_t user_id, int64_t scheme_id, const char *role)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_HAS_ROLE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	enum err rc = db_step_one(db, s, "profile has role");
	if (rc == ERR_OK)
		sqlite3_reset(s);
	return rc;
}

enum err
db_profile_related(struct db *db, int64_t scheme_id, int64_t mentor_id, int64_t mentee_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_RELATED);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentor_id);
	db_bind_i64(s, 3, mentee_id);
	enum err rc = db_step_one(db, s, "profile related");
	if (rc == ERR_OK)
		sqlite3_reset(s);
	return rc;
}

enum err
db_profile_training_count(struct db *db, int64_t user_id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PROFILE_TRAINING_COUNT);
	db_bind_i64(s, 1, user_id);
	enum err rc = db_step_one(db, s, "profile training count");
	*n = 0;
	if (rc == ERR_OK) {
		*n = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}
