/*
 * rows.c - row readers shared by several areas' queries (rows_int.h).
 */
#include "db/rows_int.h"

static void
fill_id(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	*(int64_t *)row = db_col_i64(s, 0);
}

enum err
db_ids(struct db *db, struct arena *a, sqlite3_stmt *s, int64_t **out, size_t *n,
    const char *what)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(int64_t), fill_id, NULL, &rows, n, what);
	*out = rows;
	return rc;
}
