/*
 * rows_int.h - private to src/db/: row readers that more than one area's
 * queries share, so each kind of row is read in one place (db_int.h has
 * the connection and the binding helpers; this is about rows).
 *
 * Trap: a shared reader fixes its columns; every statement that uses it
 * selects them in the order written here (see the .def comments).
 */
#ifndef TANDEM_DB_ROWS_INT_H
#define TANDEM_DB_ROWS_INT_H

#include "db/db_int.h"
#include "db/search.h"

/* Step an id-list query (one integer column) to the end: the ids into
 * an arena array (*out, *n).  Resets the statement. */
enum err db_ids(struct db *db, struct arena *a, sqlite3_stmt *s, int64_t **out,
    size_t *n, const char *what);

/* A db_fill_fn for a mentee's matching facts (struct db_search_person)
 * from a row with SEARCH_MENTEE's columns: 0 user id, 1-17 the person
 * columns, 18 formats, 19 maximum travel (-1 not said), 20-25 the
 * mentee's filled flags (cohortmatch.def's CM_MENTEES selects the same).
 * Defined in search.c. */
void db_search_fill_mentee(struct arena *a, sqlite3_stmt *s, void *row, void *ud);

#endif
