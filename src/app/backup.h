/*
 * backup.h - `tandem backup`, `tandem restore` and `tandem check`: a
 * consistent copy of a data directory while the server runs, put back
 * only after it has been checked, and a check of a live directory.
 *
 * The archive is a plain ustar file (core/tar.h), readable with tar:
 *
 *   tandem.db            a VACUUM INTO snapshot of the database
 *   files/<name>         every stored upload the snapshot names
 *   MANIFEST             "tandem-backup 1", the version, schema, time,
 *                        then "file SHA256 SIZE NAME" for each member
 *                        and "missing files/NAME" for a file the
 *                        database named but the data directory lacked
 *
 * Consistency while the server writes: stored files are never changed
 * in place (files.h), only added and removed.  So the files are first
 * hard-linked into a staging directory under DATA/tmp (a removal after
 * that cannot take them away), then the database is snapshotted, then
 * files added meanwhile are linked too; every file the snapshot names
 * is then in the staging directory unless it was added and removed
 * again within that moment, in which case the whole thing is retried.
 * Files nothing in the snapshot names (an upload still in progress, or
 * debris) are left out and counted.
 *
 * The configuration file (tandem.conf) is not in the archive: back it
 * up with the rest of /etc (docs/admin-guide.md, Backups).
 */
#ifndef TANDEM_APP_BACKUP_H
#define TANDEM_APP_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

struct app_backup_result {
	uint64_t archive_bytes;
	uint64_t db_bytes;
	uint64_t file_bytes;
	size_t nfiles;            /* stored files in the archive */
	size_t nunreferenced;     /* files in DATA/files nothing named: left out */
	const char **missing;     /* named by the database, not in DATA/files */
	size_t nmissing;
	int schema_version;
};

/* Write the archive of data_dir to `to` (through to.tmp, renamed when
 * complete and synced; mode 0600).  ERR_NOT_FOUND when data_dir has no
 * database; ERR_IO / ERR_DB / ERR_BUSY otherwise, *why a sentence. */
enum err app_backup(struct arena *a, const char *data_dir, const char *to,
    struct app_backup_result *r, const char **why);

struct app_check_report {
	const char **problems;    /* the database's integrity, sizes that differ */
	size_t nproblems;
	const char **missing;     /* "NAME (TABLE row ID)": named, not on disk */
	const char **missing_names; /* the NAME alone, same order */
	size_t nmissing;
	const char **unreferenced; /* in DATA/files, named by nothing (not deleted) */
	size_t nunreferenced;
	size_t nreferenced;       /* stored files the database names */
	size_t nsized;            /* of those, how many rows keep a size to compare */
};

/* PRAGMA integrity_check and foreign_key_check, then every stored file
 * the database names: present, and of the size the row keeps where it
 * keeps one (the database keeps no hash of stored files).  Never
 * changes anything.  The data directory is healthy when nproblems and
 * nmissing are both 0. */
void app_check(struct arena *a, const char *data_dir, struct app_check_report *r);

struct app_restore_result {
	size_t nfiles;
	uint64_t bytes;
	int schema_version;
	const char **missing;     /* files the backup itself recorded as missing */
	size_t nmissing;
	const char **problems;    /* why the archive was refused */
	size_t nproblems;
};

/* Unpack the archive `from` into data_dir, check it (the manifest's
 * hashes and sizes, the database's integrity, every file it names) and
 * only then put it in place.  data_dir may be missing or empty; with
 * is_force an existing database and files/ are replaced (the server
 * must be stopped).  ERR_CONFLICT: data_dir is not empty and no force;
 * ERR_BAD_INPUT: the archive failed a check (r->problems say which;
 * nothing was put in place); ERR_IO otherwise. */
enum err app_restore(struct arena *a, const char *from, const char *data_dir,
    bool is_force, struct app_restore_result *r, const char **why);

#endif
