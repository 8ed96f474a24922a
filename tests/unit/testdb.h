/*
 * testdb.h - for unit tests: a fresh database, migrated, in a temporary
 * directory of its own, and its removal afterwards.  Header-only: every
 * test is its own executable.
 */
#ifndef TANDEM_TESTS_TESTDB_H
#define TANDEM_TESTS_TESTDB_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db/db.h"

#define TESTDB_DIR_MAX 64
#define TESTDB_PATH_MAX 128

/* Make /tmp/tandem-TAG-XXXXXX/tandem.db with every migration applied.
 * 0 on success, -1 (for a cmocka setup to return) on failure. */
static inline int
testdb_make(const char *tag, char dir[TESTDB_DIR_MAX], char path[TESTDB_PATH_MAX],
    struct db **db)
{
	snprintf(dir, TESTDB_DIR_MAX, "/tmp/tandem-%s-XXXXXX", tag);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, TESTDB_PATH_MAX, "%s/tandem.db", dir);
	return db_open(path, true, db) == ERR_OK ? 0 : -1;
}

/* An active person USERNAME, email USERNAME@example.nhs.uk, created at
 * `when`; aborts the test run if the row cannot be written. */
static inline int64_t
testdb_user(struct db *db, const char *username, int64_t when)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = username,
		.family_name = "Tester", .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = when,
	};
	if (db_user_create(db, &u, &id) != ERR_OK) {
		fprintf(stderr, "testdb_user: cannot create %s\n", username);
		abort();
	}
	return id;
}

/* Delete a database file and SQLite's companions (-wal, -shm, -journal).
 * Close the connection first. */
static inline void
testdb_unlink(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[TESTDB_PATH_MAX + 64];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
}

static inline int
testdb_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	remove(p);
	return 0;
}

/* testdb_unlink, then the directory testdb_make made with whatever else
 * the test left in it (stored files: files/ from the demo, uploads). */
static inline void
testdb_remove(const char *dir, const char *path)
{
	testdb_unlink(path);
	nftw(dir, testdb_rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

#endif
