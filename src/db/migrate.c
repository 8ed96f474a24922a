/*
 * migrate.c - numbered migrations embedded in the binary.
 *
 * Files are sql/migrations/NNNN-name.sql, embedded as "sql/NNNN-name.sql".
 * Numbers must run 1, 2, 3 ... without gaps (checked; a gap is a build
 * mistake and aborts).  Each pending migration runs in its own
 * BEGIN IMMEDIATE transaction together with its row in
 * schema_migrations, so a crash leaves the database at a whole version.
 */
#include "db/db_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/strparse.h"

#define MIGRATIONS_MAX 999

enum err db_migrate(struct db *db);

/* Embedded migrations indexed by number; returns the count. */
static int
collect(const struct embedded_file **by_number)
{
	int n = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "sql/", 4) != 0)
			continue;
		char num[5];
		memcpy(num, f->name + 4, 4);
		num[4] = '\0';
		int64_t v;
		if (strlen(f->name) < 9 || f->name[8] != '-' ||
		    str_to_i64(num, 1, MIGRATIONS_MAX, &v) != ERR_OK) {
			fprintf(stderr, "tandem: bad migration name %s\n", f->name);
			abort();
		}
		if (by_number[v] != NULL) {
			fprintf(stderr, "tandem: two migrations numbered %lld\n", (long long)v);
			abort();
		}
		by_number[v] = f;
		n++;
	}
	for (int i = 1; i <= n; i++) {
		if (by_number[i] == NULL) {
			fprintf(stderr, "tandem: migration %d is missing\n", i);
			abort();
		}
	}
	return n;
}

int
db_migrations_known(void)
{
	static const struct embedded_file *by_number[MIGRATIONS_MAX + 1];
	static int n = -1;
	if (n < 0) {
		const struct embedded_file *tmp[MIGRATIONS_MAX + 1] = {0};
		int k = collect(tmp);
		memcpy(by_number, tmp, sizeof(tmp));
		n = k;
	}
	return n;
}

int
db_schema_version(struct db *db)
{
	sqlite3_stmt *s;
	int version = 0;
	if (sqlite3_prepare_v2(db->conn,
	    "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &s,
	    NULL) != SQLITE_OK)
		return 0; /* no table yet: a new database */
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return version;
}

enum err
db_migrate(struct db *db)
{
	const struct embedded_file *by_number[MIGRATIONS_MAX + 1] = {0};
	int n = collect(by_number);
	enum err rc = ERR_OK;
	char *msg = NULL;

	if (sqlite3_exec(db->conn,
	    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	    " applied_at INTEGER NOT NULL) STRICT", NULL, NULL, &msg) != SQLITE_OK) {
		log_error("db: migrations table: %s", msg);
		rc = ERR_DB;
		goto out;
	}
	for (int v = db_schema_version(db) + 1; v <= n; v++) {
		const struct embedded_file *f = by_number[v];
		if ((rc = db_begin(db)) != ERR_OK)
			goto out;
		if (sqlite3_exec(db->conn, (const char *)f->data, NULL, NULL, &msg)
		    != SQLITE_OK) {
			log_error("db: migration %s failed: %s", f->name, msg);
			db_rollback(db);
			rc = ERR_DB;
			goto out;
		}
		sqlite3_stmt *s;
		sqlite3_prepare_v2(db->conn, "INSERT INTO schema_migrations "
		    "(version, name, applied_at) VALUES (?1, ?2, ?3)", -1, &s, NULL);
		sqlite3_bind_int(s, 1, v);
		sqlite3_bind_text(s, 2, f->name + 4, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, clock_now());
		int step = sqlite3_step(s);
		sqlite3_finalize(s);
		if (step != SQLITE_DONE) {
			db_rollback(db);
			rc = db_err(db, step, "record migration");
			goto out;
		}
		if ((rc = db_commit(db)) != ERR_OK)
			goto out;
		log_info("db: applied migration %s", f->name + 4);
	}
out:
	sqlite3_free(msg);
	return rc;
}
