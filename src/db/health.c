/*
 * health.c - the readiness probe and the outbox counts for /metrics.
 *
 * Both run rarely (a probe or a scrape every few seconds), so their SQL
 * is prepared when called, as db_schema_version does, rather than taking
 * rows in the statement table that every connection prepares.
 *
 * The probe's write is rolled back, so a probe every few seconds changes
 * nothing - and, with WAL, writes nothing to disk either.  While a
 * storage incident is open (core/incident.h) that would prove nothing,
 * so the probe commits instead (a row added and deleted again: no net
 * change, but real pages reach the WAL); when that goes through, the
 * incident closes, so a load balancer's probes alone notice that space
 * came back.
 *
 * Trap: the probe shortens the connection's busy timeout and must put
 * the usual one back (DB_BUSY_TIMEOUT_MS, the value db.c sets), or every
 * later request on this thread would give up on a lock too soon.
 */
#include "db/health.h"

#include "db/db_int.h"

#include <stdbool.h>

#include "core/incident.h"

#define DB_BUSY_TIMEOUT_MS 5000   /* db.c's BUSY_TIMEOUT_MS */

static enum err
probe_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return ERR_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ERR_BUSY;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
		return ERR_STORAGE;
	case SQLITE_PERM:
		return ERR_IO;
	default:
		return ERR_DB;
	}
}

enum err
db_health_probe(struct db *db, int busy_ms, const char **reason)
{
	sqlite3_stmt *s = NULL;
	int rc;
	bool is_commit = incident_is_open();

	*reason = "";
	sqlite3_busy_timeout(db->conn, busy_ms);
	rc = sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_prepare_v2(db->conn, "INSERT INTO meta (key, value) "
		    "VALUES ('readyz', '') ON CONFLICT (key) DO UPDATE SET value = ''",
		    -1, &s, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		sqlite3_finalize(s);
	}
	if (is_commit && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
		rc = sqlite3_exec(db->conn, "DELETE FROM meta WHERE key = 'readyz'; "
		    "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			incident_success();
	}
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		*reason = sqlite3_errstr(rc);
		if (probe_err(rc) == ERR_STORAGE)
			incident_failure("db: readiness probe", sqlite3_errmsg(db->conn));
	}
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS);
	return probe_err(rc);
}

enum err
db_outbox_counts(struct db *db, int64_t *queued, int64_t *failed)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(db->conn,
	    "SELECT (SELECT count(*) FROM outbox WHERE status = 'queued'), "
	    "(SELECT count(*) FROM outbox WHERE status = 'failed')", -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*queued = sqlite3_column_int64(s, 0);
		*failed = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return db_err(db, rc, "outbox counts");
}
