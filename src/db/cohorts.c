/*
 * cohorts.c - typed queries for cohorts (cohorts.h).  Same pattern as
 * news.c.
 */
#include "db/cohorts.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static void
fill_cohort(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_cohort *c = row;
	c->id = db_col_i64(s, 0);
	c->scheme_id = db_col_i64(s, 1);
	c->name = db_col_text(a, s, 2);
	c->description = db_col_text(a, s, 3);
	c->starts_on = db_col_text(a, s, 4);
	c->ends_on = db_col_text(a, s, 5);
	c->members = db_col_i64(s, 6);
	c->created_at = db_col_i64(s, 7);
	c->updated_at = db_col_i64(s, 8);
}

enum err
db_cohorts_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_cohort **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORTS_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_cohort), fill_cohort, NULL, &rows, n,
	    "cohorts of scheme");
	*out = rows;
	return rc;
}

/* added by their owner below */

enum err
db_cohort_get(struct db *db, struct arena *a, int64_t id, struct db_cohort *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "cohort get");
	if (rc != ERR_OK)
		return rc;
	fill_cohort(a, s, out, NULL);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_cohort_add(struct db *db, const struct db_cohort *c, int64_t created_by, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_ADD);
	db_bind_i64(s, 1, c->scheme_id);
	db_bind_text(s, 2, c->name);
	db_bind_text(s, 3, c->description);
	db_bind_text(s, 4, c->starts_on);
	db_bind_text(s, 5, c->ends_on);
	db_bind_i64_or_null(s, 6, created_by);
	db_bind_i64(s, 7, now);
	enum err rc = db_exec_stmt(db, s, "cohort add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_cohort_update(struct db *db, const struct db_cohort *c, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_UPDATE);
	db_bind_i64(s, 1, c->id);
	db_bind_text(s, 2, c->name);
	db_bind_text(s, 3, c->description);
	db_bind_text(s, 4, c->starts_on);
	db_bind_text(s, 5, c->ends_on);
	db_bind_i64(s, 6, now);
	return db_exec_stmt(db, s, "cohort update");
}

enum err
db_cohort_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_MEMBERS_CLEAR);
	db_bind_i64(s, 1, id);
	enum err rc = db_exec_stmt(db, s, "cohort members clear");
	if (rc != ERR_OK)
		return rc;
	s = db_stmt(db, STMT_COHORT_DELETE);
	db_bind_i64(s, 1, id);
	return db_exec_stmt(db, s, "cohort delete");
}

enum err
db_cohort_name_taken(struct db *db, int64_t scheme_id, const char *name, int64_t except_id,
    bool *taken)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_NAME_TAKEN);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, name);
	db_bind_i64(s, 3, except_id);
	enum err rc = db_step_one(db, s, "cohort name taken");
	*taken = rc == ERR_OK;
	sqlite3_reset(s);
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

static void
fill_person(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_cohort_person *p = row;
	p->user_id = db_col_i64(s, 0);
	p->username = db_col_text(a, s, 1);
	p->email = db_col_text(a, s, 2);
	p->name = db_col_text(a, s, 3);
	p->status = db_col_text(a, s, 4);
	p->roles = db_col_text(a, s, 5);
	p->is_member = db_col_i64(s, 6) != 0;
}

enum err
db_cohort_people(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    struct db_cohort_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_PEOPLE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, cohort_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_cohort_person), fill_person, NULL,
	    &rows, n, "cohort people");
	*out = rows;
	return rc;
}

enum err
db_cohort_members(struct db *db, struct arena *a, int64_t cohort_id, int64_t scheme_id,
    int64_t limit, int64_t offset, struct db_cohort_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_MEMBERS);
	db_bind_i64(s, 1, cohort_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_i64(s, 3, limit);
	db_bind_i64(s, 4, offset);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_cohort_person), fill_person, NULL,
	    &rows, n, "cohort members");
	*out = rows;
	return rc;
}

enum err
db_cohort_member_add(struct db *db, int64_t cohort_id, int64_t user_id, int64_t added_by,
    int64_t now, bool *added)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_MEMBER_ADD);
	db_bind_i64(s, 1, cohort_id);
	db_bind_i64(s, 2, user_id);
	db_bind_i64_or_null(s, 3, added_by);
	db_bind_i64(s, 4, now);
	enum err rc = db_exec_stmt(db, s, "cohort member add");
	*added = rc == ERR_OK && sqlite3_changes(db->conn) > 0;
	return rc;
}

enum err
db_cohort_member_remove(struct db *db, int64_t cohort_id, int64_t user_id, bool *removed)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_MEMBER_REMOVE);
	db_bind_i64(s, 1, cohort_id);
	db_bind_i64(s, 2, user_id);
	enum err rc = db_exec_stmt(db, s, "cohort member remove");
	*removed = rc == ERR_OK && sqlite3_changes(db->conn) > 0;
	return rc;
}

enum err
db_cohort_candidates(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    const char *pattern, int64_t limit, struct db_cohort_person **out, size_t *n,
    int64_t *total)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_CANDIDATES);
	void *rows;
	*out = NULL;
	*n = 0;
	*total = 0;
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, cohort_id);
	db_bind_text(s, 3, pattern);
	db_bind_i64(s, 4, limit);
	enum err rc = db_rows(db, a, s, sizeof(struct db_cohort_person), fill_person, NULL,
	    &rows, n, "cohort candidates");
	if (rc != ERR_OK)
		return rc;
	*out = rows;
	s = db_stmt(db, STMT_COHORT_CANDIDATES_COUNT);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, cohort_id);
	db_bind_text(s, 3, pattern);
	if ((rc = db_step_one(db, s, "cohort candidates count")) == ERR_OK)
		*total = db_col_i64(s, 0);
	sqlite3_reset(s);
	return rc;
}

enum err
db_cohort_person_by_id(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    int64_t user_id, struct db_cohort_person *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_PERSON_BY_ID);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, cohort_id);
	db_bind_i64(s, 3, user_id);
	enum err rc = db_step_one(db, s, "cohort person");
	if (rc == ERR_OK)
		fill_person(a, s, out, NULL);
	sqlite3_reset(s);
	return rc;
}

enum err
db_cohort_person_find(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    bool by_email, const char *value, struct db_cohort_person out[2], size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, by_email ? STMT_COHORT_PERSON_BY_EMAIL :
	    STMT_COHORT_PERSON_BY_USERNAME);
	int rc = SQLITE_DONE;
	*n = 0;
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, cohort_id);
	db_bind_text(s, 3, value);
	while (*n < 2 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&out[*n], 0, sizeof(out[*n]));
		fill_person(a, s, &out[*n], NULL);
		(*n)++;
	}
	if (*n < 2 && rc != SQLITE_DONE) {
		enum err e = db_err(db, rc, "cohort person find");
		sqlite3_reset(s);
		return e;
	}
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_cohort_member_add_active(struct db *db, int64_t cohort_id, int64_t scheme_id,
    int64_t user_id, int64_t added_by, int64_t now, bool *added)
{
	sqlite3_stmt *s = db_stmt(db, STMT_COHORT_MEMBER_ADD_ACTIVE);
	db_bind_i64(s, 1, cohort_id);
	db_bind_i64(s, 2, user_id);
	db_bind_i64_or_null(s, 3, added_by);
	db_bind_i64(s, 4, now);
	db_bind_i64(s, 5, scheme_id);
	enum err rc = db_exec_stmt(db, s, "cohort member add active");
	*added = rc == ERR_OK && sqlite3_changes(db->conn) > 0;
	return rc;
}
