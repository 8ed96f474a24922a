/*
 * search.c - typed queries for the finder (search.h): statement from
 * search.def, bind, step, copy into the caller's arena.  The index
 * reads are whole-scheme, set-based statements (no query per mentor).
 */
#include "db/search.h"

#include <string.h>

#include "core/arena.h"
#include "db/rows_int.h"

/* Columns 0..17 of SEARCH_PERSON_COLS starting at column c. */
static int
fill_person_cols(struct arena *a, sqlite3_stmt *s, int c, struct db_search_person *p)
{
	p->name = db_col_text(a, s, c++);
	p->job_role = db_col_text(a, s, c++);
	p->organisation = db_col_text(a, s, c++);
	p->specialty = db_col_text(a, s, c++);
	p->site = db_col_text(a, s, c++);
	p->has_location = sqlite3_column_type(s, c) != SQLITE_NULL &&
	    sqlite3_column_type(s, c + 1) != SQLITE_NULL;
	p->latitude = sqlite3_column_double(s, c++);
	p->longitude = sqlite3_column_double(s, c++);
	p->email = db_col_text(a, s, c++);
	p->shared_filled = 0;
	for (int i = 0; i < 10; i++)
		if (db_col_i64(s, c++) != 0)
			p->shared_filled |= 1u << i;
	return c;
}

static void
fill_mentor(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_search_person *p = row;
	memset(p, 0, sizeof(*p));
	p->text_id = db_col_i64(s, 0);
	p->user_id = db_col_i64(s, 1);
	int c = fill_person_cols(a, s, 2, p);
	p->formats = db_col_text(a, s, c++);
	p->is_available = db_col_i64(s, c++) != 0;
	p->capacity = db_col_i64(s, c++);
	p->active_mentees = db_col_i64(s, c++);
	p->has_biography = db_col_i64(s, c++) != 0;
	p->has_skills = db_col_i64(s, c++) != 0;
	p->has_training = db_col_i64(s, c++) != 0;
	p->has_keywords = db_col_i64(s, c++) != 0;
	p->excerpt = db_col_text(a, s, c++);
	p->is_paused = db_col_i64(s, c) != 0;
}

enum err
db_search_mentors(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_search_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_MENTORS);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_search_person), fill_mentor,
	    NULL, &rows, n, "search mentors");
	*out = rows;
	return rc;
}

static void
fill_keyword(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	struct db_search_keyword *k = row;
	k->user_id = db_col_i64(s, 0);
	k->keyword_id = db_col_i64(s, 1);
}

enum err
db_search_scheme_keywords(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, struct db_search_keyword **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_SCHEME_KEYWORDS);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, role);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_search_keyword), fill_keyword,
	    NULL, &rows, n, "search keywords");
	*out = rows;
	return rc;
}

enum err
db_search_person_keywords(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, const char *role, int64_t **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_PERSON_KEYWORDS);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	return db_ids(db, a, s, out, n, "person keywords");
}

void
db_search_fill_mentee(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_search_person *p = row;
	memset(p, 0, sizeof(*p));
	p->user_id = db_col_i64(s, 0);
	int c = fill_person_cols(a, s, 1, p);
	p->formats = db_col_text(a, s, c++);
	p->max_travel_miles = db_col_i64(s, c++);
	p->has_statement = db_col_i64(s, c++) != 0;
	p->has_reasons = db_col_i64(s, c++) != 0;
	p->has_support_areas = db_col_i64(s, c++) != 0;
	p->has_availability = db_col_i64(s, c++) != 0;
	p->has_formats = db_col_i64(s, c++) != 0;
	p->has_keywords = db_col_i64(s, c) != 0;
}

enum err
db_search_mentee(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id,
    struct db_search_person *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_MENTEE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	enum err rc = db_step_one(db, s, "search mentee");
	if (rc != ERR_OK)
		return rc;
	db_search_fill_mentee(a, s, out, NULL);
	sqlite3_reset(s);
	return ERR_OK;
}

static void
fill_conflict(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_search_conflict *c = row;
	c->mentor_id = db_col_i64(s, 0);
	c->email = db_col_text(a, s, 1);
}

enum err
db_search_conflicts(struct db *db, struct arena *a, int64_t mentee_id,
    int64_t scheme_id, struct db_search_conflict **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_CONFLICTS);
	db_bind_i64(s, 1, mentee_id);
	db_bind_i64(s, 2, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_search_conflict), fill_conflict,
	    NULL, &rows, n, "search conflicts");
	*out = rows;
	return rc;
}

enum err
db_search_is_participant(struct db *db, int64_t user_id, int64_t scheme_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_IS_PARTICIPANT);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	enum err rc = db_step_one(db, s, "is participant");
	if (rc == ERR_OK)
		sqlite3_reset(s);
	return rc;
}

enum err
db_search_generation(struct db *db, int64_t *gen)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_GENERATION);
	enum err rc = db_step_one(db, s, "search generation");
	if (rc != ERR_OK)
		return rc;
	*gen = db_col_i64(s, 0);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_search_text(struct db *db, struct arena *a, const char *fts_query, int64_t **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_TEXT_MATCH);
	db_bind_text(s, 1, fts_query);
	size_t cap = 0, count = 0;
	int64_t *ids = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ids = db_grow(a, ids, count, &cap, sizeof(int64_t));
		ids[count++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	*out = ids;
	*n = count;
	if (rc == SQLITE_DONE)
		return ERR_OK;
	/* our query builder quotes everything a person types, so FTS5 never
	 * sees their syntax: an error here is ours, logged, not "no mentors" */
	return db_err(db, rc, "search text");
}

enum err
db_search_reindex(struct db *db, int64_t scheme_id, int64_t user_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEARCH_TEXT_DELETE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, user_id);
	enum err rc = db_exec_stmt(db, s, "search text delete");
	if (rc != ERR_OK)
		return rc;
	s = db_stmt(db, STMT_SEARCH_TEXT_INSERT);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, user_id);
	return db_exec_stmt(db, s, "search text insert");
}

/* ---- seeding ---- */

enum err
db_seed_keyword(struct db *db, int64_t user_id, int64_t scheme_id, const char *role,
    const char *label)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEED_KEYWORD);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, role);
	db_bind_text(s, 4, label);
	return db_exec_stmt(db, s, "seed keyword");
}

enum err
db_seed_relationship(struct db *db, int64_t scheme_id, int64_t mentor_id,
    int64_t mentee_id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SEED_RELATIONSHIP);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentor_id);
	db_bind_i64(s, 3, mentee_id);
	db_bind_i64(s, 4, now);
	return db_exec_stmt(db, s, "seed relationship");
}

