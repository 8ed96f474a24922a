/*
 * backup.h - the database side of `tandem backup`, `restore` and
 * `check`: a consistent snapshot of a live database, its integrity, and
 * the stored files its rows name.
 *
 * These work on a database FILE, not on a `struct db`: a snapshot, a
 * backup being restored or a damaged database must be examined even
 * when db_open would refuse it (an older schema, a statement that no
 * longer prepares, a corrupt page).  Each opens its own short-lived
 * connection and closes it before returning.
 */
#ifndef TANDEM_DB_BACKUP_H
#define TANDEM_DB_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

/* Write a consistent copy of the database at src to dest (which must
 * not exist) with `VACUUM INTO`: one read transaction, so it is safe
 * while the server writes (WAL readers never block writers), and the
 * copy is compact and has no -wal file.  The copy is fsynced.  Gives
 * back the copy's schema version.  ERR_BUSY when the database stayed
 * locked, ERR_IO when dest cannot be written, ERR_DB otherwise (logged). */
enum err db_snapshot(const char *src, const char *dest, int *schema_version);

/* PRAGMA integrity_check and foreign_key_check of the database at path,
 * opened without creating it.  *problems (from the arena) gets one
 * sentence per problem found, *n how many: none means both checks said
 * ok.  A database that cannot be opened or read at all is a problem
 * too ("the database cannot be read: ..."), never an error. */
void db_check_integrity(struct arena *a, const char *path, const char ***problems,
    size_t *n);

/* A stored file a row names (core/files.h), and the size the row keeps
 * (-1 when the table keeps none: photos, certificates). */
struct db_stored_file {
	const char *table;
	int64_t row_id;
	const char *name;
	int64_t size;
};

/* Every stored file the database at path names, sorted by name.  Tables
 * an older schema does not have yet are skipped.  ERR_DB (with *why)
 * when the database cannot be read. */
enum err db_stored_files(struct arena *a, const char *path, struct db_stored_file **out,
    size_t *n, const char **why);

/* The columns that name stored files, as "table.column", for a test
 * that every such column of the schema is covered. */
extern const char *const db_stored_file_columns[];

#endif
