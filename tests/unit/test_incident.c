/*
 * test_incident.c - core/incident (storage incidents logged once, the
 * back-off) and db_err's mapping of SQLite's storage errors to
 * ERR_STORAGE, with real failures: a database that may not grow
 * (max_page_count: SQLITE_FULL) and one that may not be written
 * (query_only: SQLITE_READONLY), each then given back.
 *
 * Log lines are counted by pointing stderr at a temporary file.  Time
 * comes from the injectable clock; nothing sleeps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"

#include "core/clock.h"
#include "core/incident.h"
#include "core/log.h"
#include "db/db_int.h"
#include "db/health.h"

/* ---- stderr into a file, to count log lines ---- */

static int saved_stderr = -1;
static FILE *captured;

static void
capture_start(void)
{
	fflush(stderr);
	captured = tmpfile();
	assert_non_null(captured);
	saved_stderr = dup(STDERR_FILENO);
	dup2(fileno(captured), STDERR_FILENO);
}

/* Stop capturing; the lines written meanwhile, from a static buffer. */
static const char *
capture_end(void)
{
	static char text[8192];
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	rewind(captured);
	size_t n = fread(text, 1, sizeof(text) - 1, captured);
	text[n] = '\0';
	fclose(captured);
	return text;
}

static int
count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static int
setup(void **state)
{
	(void)state;
	log_set_level(LOG_INFO);
	incident_reset();
	clock_set(1000);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	incident_reset();
	clock_real();
	return 0;
}

/* ---- incidents ---- */

static void
test_logged_once(void **state)
{
	(void)state;
	struct incident_stats st;
	uint64_t mine = incident_thread_failures();

	capture_start();
	assert_true(incident_failure("db: commit", "database or disk is full"));
	for (int i = 0; i < 4; i++) {
		clock_advance(5);
		assert_false(incident_failure("db: commit", "database or disk is full"));
	}
	assert_true(incident_is_open());
	incident_stats(&st);
	assert_true(st.is_open);
	assert_int_equal(st.failures, 5);
	assert_int_equal(st.opened_at, 1000);
	clock_set(1030);
	assert_true(incident_success());
	assert_false(incident_success());   /* nothing open any more */
	const char *log = capture_end();

	assert_int_equal(count(log, "storage: cannot write: db: commit: database or "
	    "disk is full; writes are answered with 503 until it clears"), 1);
	assert_int_equal(count(log, "storage: writes work again after 5 failure(s) "
	    "over 30 s"), 1);
	assert_int_equal(count(log, "\n"), 2);
	incident_stats(&st);
	assert_false(st.is_open);
	assert_int_equal(st.failures_total, 5);
	assert_int_equal(st.incidents_total, 1);
	assert_int_equal(incident_thread_failures() - mine, 5);
}

/* A failure soon after a close reopens the same incident without a new
 * error line; one after the window is a new incident. */
static void
test_flapping(void **state)
{
	(void)state;
	struct incident_stats st;

	capture_start();
	incident_failure("db: commit", "disk I/O error");
	clock_set(1010);
	incident_success();
	clock_set(1010 + INCIDENT_REOPEN_WINDOW - 1);
	assert_false(incident_failure("db: commit", "disk I/O error"));
	assert_true(incident_is_open());
	clock_set(1100);
	assert_true(incident_success());
	clock_set(1100 + INCIDENT_REOPEN_WINDOW);
	assert_true(incident_failure("files: store", "No space left on device"));
	const char *log = capture_end();

	assert_int_equal(count(log, "storage: cannot write"), 2);
	assert_int_equal(count(log, "files: store: No space left on device"), 1);
	assert_int_equal(count(log, "writes work again after 1 failure(s) over 10 s"), 1);
	assert_int_equal(count(log, "writes work again after 2 failure(s) over 100 s"), 1);
	incident_stats(&st);
	assert_int_equal(st.incidents_total, 2);
	assert_int_equal(st.failures_total, 3);
}

static void
test_backoff(void **state)
{
	(void)state;
	static const int64_t want[] = {30, 60, 120, 240, 480, 900, 900};
	struct incident_backoff b = {0};
	int64_t now = 5000;

	assert_true(incident_backoff_ready(&b, now));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(incident_backoff_failed(&b, now), want[i]);
		assert_false(incident_backoff_ready(&b, now + want[i] - 1));
		assert_true(incident_backoff_ready(&b, now + want[i]));
		now += want[i];
	}
	incident_backoff_ok(&b);
	assert_true(incident_backoff_ready(&b, 0));
	assert_int_equal(incident_backoff_failed(&b, now), 30);
}

/* ---- db_err ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
};

static int
db_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || testdb_make("incident", f->dir, f->path, &f->db) != 0)
		return -1;
	setup(NULL);
	log_set_level(LOG_ERROR);
	*state = f;
	return 0;
}

static int
db_teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	free(f);
	return teardown(NULL);
}

static void
test_db_err_map(void **state)
{
	struct fixture *f = *state;
	static const struct {
		int rc;
		enum err want;
	} cases[] = {
		{SQLITE_OK, ERR_OK},
		{SQLITE_DONE, ERR_OK},
		{SQLITE_FULL, ERR_STORAGE},
		{SQLITE_IOERR, ERR_STORAGE},
		{SQLITE_IOERR_WRITE, ERR_STORAGE},
		{SQLITE_IOERR_FSYNC, ERR_STORAGE},
		{SQLITE_IOERR_SHMSIZE, ERR_STORAGE},
		{SQLITE_READONLY, ERR_STORAGE},
		{SQLITE_READONLY_DBMOVED, ERR_STORAGE},
		{SQLITE_CANTOPEN, ERR_STORAGE},
		{SQLITE_BUSY, ERR_BUSY},
		{SQLITE_LOCKED, ERR_BUSY},
		{SQLITE_CONSTRAINT_UNIQUE, ERR_CONFLICT},
		{SQLITE_CORRUPT, ERR_DB},
		{SQLITE_ERROR, ERR_DB},
	};
	int storage = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(db_err(f->db, cases[i].rc, "test"), cases[i].want);
		storage += cases[i].want == ERR_STORAGE;
	}
	struct incident_stats st;
	incident_stats(&st);
	assert_int_equal(st.failures_total, storage);
	assert_int_equal(st.incidents_total, 1);
}

static int
exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
}

/* A database that may not grow gives SQLITE_FULL: ERR_STORAGE; once it
 * may, the same connection commits and the incident closes. */
static void
test_disk_full_then_space(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(exec(f->db, "CREATE TABLE filler (x BLOB)"), SQLITE_OK);
	assert_int_equal(exec(f->db, "PRAGMA max_page_count = 1"), SQLITE_OK);  /* = now */

	assert_int_equal(db_begin(f->db), ERR_OK);
	int rc = exec(f->db, "INSERT INTO filler VALUES (zeroblob(200000))");
	assert_int_equal(rc & 0xff, SQLITE_FULL);
	assert_int_equal(db_err(f->db, rc, "fill"), ERR_STORAGE);
	db_rollback(f->db);
	assert_true(incident_is_open());

	assert_int_equal(exec(f->db, "PRAGMA max_page_count = 1000000"), SQLITE_OK);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(exec(f->db, "INSERT INTO filler VALUES (zeroblob(200000))"),
	    SQLITE_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_false(incident_is_open());
}

/* The readiness probe, during an incident, commits: it fails while the
 * database is read-only and closes the incident once it is not. */
static void
test_probe_during_incident(void **state)
{
	struct fixture *f = *state;
	const char *why;

	assert_int_equal(db_health_probe(f->db, 100, &why), ERR_OK);
	assert_int_equal(exec(f->db, "PRAGMA query_only = ON"), SQLITE_OK);
	assert_int_equal(db_health_probe(f->db, 100, &why), ERR_STORAGE);
	assert_true(incident_is_open());
	assert_int_equal(db_health_probe(f->db, 100, &why), ERR_STORAGE);
	assert_int_equal(exec(f->db, "PRAGMA query_only = OFF"), SQLITE_OK);
	assert_int_equal(db_health_probe(f->db, 100, &why), ERR_OK);
	assert_false(incident_is_open());
	/* the probe's row is gone again: the probe changes nothing */
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(f->db->conn,
	    "SELECT count(*) FROM meta WHERE key = 'readyz'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 0);
	sqlite3_finalize(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_logged_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_db_err_map, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_disk_full_then_space, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_probe_during_incident, db_setup,
		    db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
