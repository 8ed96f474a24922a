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
