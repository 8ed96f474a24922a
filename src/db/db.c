/*
 * db.c - connections, the per-thread pool, transactions and helpers.
 *
 * Each connection: WAL journal, foreign keys on, a busy timeout, and
 * synchronous=FULL.  Statements are prepared with
 * SQLITE_PREPARE_PERSISTENT since they live as long as the connection.
 *
 * Why FULL (issue 12, docs/reliability.md "Crash safety"): with WAL,
 * NORMAL syncs only at checkpoints, so a commit is in the operating
 * system's page cache when we answer 2xx: it survives the process being
 * killed, but a power cut or kernel crash may lose the last commits
 * (never corrupting).  FULL syncs the WAL at every commit, so "saved"
 * means on disk: a message, a registration or a queued email someone
 * was told about is still there after the machine comes back.  Measured
 * with bench/writes (chat messages through the API, 2-core VM, ext4):
 * about 7,400 writes/s with NORMAL against 3,000-3,700 with FULL (8
 * connections), 0.13 ms against 0.25 ms median with one connection.  A
 * mentoring scheme writes a few times a second at its busiest, so we
 * pay the fsync.  On a disk whose flush is honest and slow the cost per
 * commit is that flush (1-10 ms), which still allows 100 or more
 * writes a second: far more than Tandem needs.
 * tests/reliability/crash.test.mjs cannot tell the two apart (a SIGKILL
 * leaves the page cache alone); only a power cut can.
 *
 * The pool is a thread-local pointer plus a global list (under a mutex)
 * so that shutdown can close connections that worker threads opened.
 *
 * Storage failures (disk full, I/O errors, a read-only file system) map
 * to ERR_STORAGE and go to core/incident.h, which logs once per
 * incident; a commit that goes through closes the incident.  Nothing
 * needs reopening after one: SQLite rolls the failed transaction back
 * and the same connection writes again once the disk does.
 */
#include "db/db_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/incident.h"
#include "core/log.h"
#include "core/metrics.h"

#define BUSY_TIMEOUT_MS 5000

enum err db_migrate(struct db *db); /* migrate.c */

static const char *const pragmas =
	"PRAGMA journal_mode = WAL;"
	"PRAGMA synchronous = FULL;"
	"PRAGMA foreign_keys = ON;"
	"PRAGMA temp_store = MEMORY;"
	"PRAGMA trusted_schema = OFF;";

enum err
db_err(struct db *db, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return ERR_OK;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return ERR_CONFLICT;
		log_warn("db: %s: %s", what, sqlite3_errmsg(db->conn));
		return ERR_BAD_INPUT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warn("db: %s: database busy", what);
		metrics_db_error(ERR_BUSY);    /* /metrics, and a job's run fails */
		return ERR_BUSY;
	case SQLITE_FULL:        /* disk full (or a quota) */
	case SQLITE_IOERR:       /* every SQLITE_IOERR_* */
	case SQLITE_READONLY:    /* a read-only file system or file */
	case SQLITE_CANTOPEN: {  /* a journal or WAL file cannot be made */
		/* storage, not a bug: logged once per incident, not per call */
		char where[128];
		snprintf(where, sizeof(where), "db: %s", what);
		incident_failure(where, (rc & 0xff) == SQLITE_FULL ?
		    "database or disk is full" : sqlite3_errmsg(db->conn));
		metrics_db_error(ERR_STORAGE);
		return ERR_STORAGE;
	}
	default:
		log_error("db: %s: %s (%d)", what, sqlite3_errmsg(db->conn), rc);
		metrics_db_error(ERR_DB);
		return ERR_DB;
	}
}

static void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->stmt[i]);
	if (db->conn != NULL && sqlite3_close(db->conn) != SQLITE_OK)
		log_error("db: close: %s", sqlite3_errmsg(db->conn));
	free(db);
}

enum err
db_open(const char *path, bool migrate, struct db **out)
{
	enum err rc = ERR_DB;
	struct db *db = xcalloc(1, sizeof(*db));
	char *msg = NULL;

	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		log_error("db: cannot open %s: %s", path,
		    db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(db->conn, BUSY_TIMEOUT_MS);
	if (sqlite3_exec(db->conn, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("db: %s: %s", path, msg ? msg : "pragma failed");
		goto out;
	}
	if (migrate) {
		if ((rc = db_migrate(db)) != ERR_OK)
			goto out;
		rc = ERR_DB;
	}
	int version = db_schema_version(db);
	if (version < db_migrations_known()) {
		log_error("db: %s is at schema version %d but this tandem needs %d: "
		    "run `tandem init --data DIR` to upgrade it", path, version,
		    db_migrations_known());
		goto out;
	}
	if (version > db_migrations_known()) {
		log_error("db: %s is at schema version %d, newer than this tandem "
		    "(%d): refusing to run an older binary on it", path, version,
		    db_migrations_known());
		goto out;
	}
	for (int i = 0; i < STMT__MAX; i++) {
		if (sqlite3_prepare_v3(db->conn, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &db->stmt[i], NULL) != SQLITE_OK) {
			log_error("db: statement %d does not match the schema: %s", i,
			    sqlite3_errmsg(db->conn));
			goto out;
		}
	}
	rc = ERR_OK;
out:
	sqlite3_free(msg);
	if (rc != ERR_OK) {
		db_free(db);
		db = NULL;
	}
	*out = db;
	return rc;
}

void
db_close(struct db *db)
{
	db_free(db);
}

/* ---- the per-thread pool ---- */

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *pool_head;
static char *pool_path;
static _Thread_local struct db *thread_db;

void
db_pool_init(const char *path)
{
	pthread_mutex_lock(&pool_lock);
	free(pool_path);
	pool_path = xstrdup(path);
	pthread_mutex_unlock(&pool_lock);
}

struct db *
db_thread(void)
{
	if (thread_db != NULL)
		return thread_db;
	struct db *db;
	if (db_open(pool_path, false, &db) != ERR_OK)
		return NULL;
	pthread_mutex_lock(&pool_lock);
	db->next = pool_head;
	pool_head = db;
	pthread_mutex_unlock(&pool_lock);
	thread_db = db;
	return db;
}

void
db_pool_close(void)
{
	pthread_mutex_lock(&pool_lock);
	struct db *db = pool_head;
	pool_head = NULL;
	while (db != NULL) {
		struct db *next = db->next;
		db_free(db);
		db = next;
	}
	free(pool_path);
	pool_path = NULL;
	pthread_mutex_unlock(&pool_lock);
	thread_db = NULL;
}

/* ---- transactions ---- */

enum err
db_begin(struct db *db)
{
	return db_err(db, sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    "begin");
}

enum err
db_commit(struct db *db)
{
	enum err rc = db_err(db, sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL),
	    "commit");
	if (rc != ERR_OK)
		db_rollback(db);
	else
		incident_success();    /* a write went through: storage is back */
	return rc;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- helpers ---- */

sqlite3_stmt *
db_stmt(struct db *db, enum stmt id)
{
	sqlite3_stmt *s = db->stmt[id];
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

enum err
db_step_one(struct db *db, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return ERR_OK;
	enum err e = db_err(db, rc, what);
	sqlite3_reset(s);
	return e == ERR_OK ? ERR_NOT_FOUND : e;
}

void *
db_grow(struct arena *a, void *rows, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return rows;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = arena_alloc(a, ncap * size);
	if (n)
		memcpy(p, rows, n * size);
	*cap = ncap;
	return p;
}

enum err
db_rows(struct db *db, struct arena *a, sqlite3_stmt *s, size_t size,
    db_fill_fn fill, void *ud, void **out, size_t *n, const char *what)
{
	unsigned char *rows = NULL;
	size_t cap = 0, k = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows = db_grow(a, rows, k, &cap, size);
		memset(rows + k * size, 0, size);
		fill(a, s, rows + k * size, ud);
		k++;
	}
	sqlite3_reset(s);
	*out = rows;
	*n = k;
	return db_err(db, rc, what);
}

enum err
db_exec_stmt(struct db *db, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	enum err e = db_err(db, rc, what);
	sqlite3_reset(s);
	return e;
}

void
db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

void
db_bind_i64(sqlite3_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(s, i, v);
}

void
db_bind_i64_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

const char *
db_col_text(struct arena *a, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	if (t == NULL)
		return "";
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

int64_t
db_col_i64(sqlite3_stmt *s, int i)
{
	return sqlite3_column_int64(s, i);
}

bool
db_in_transaction(struct db *db)
{
	return sqlite3_get_autocommit(db->conn) == 0;
}
