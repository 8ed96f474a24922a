/*
 * health.h - what /readyz and /metrics ask of the database: can it be
 * written now, and how many emails wait or failed.  Conventions as db.h.
 */
#ifndef TANDEM_DB_HEALTH_H
#define TANDEM_DB_HEALTH_H

#include <stdint.h>

#include "core/err.h"

struct db;

/*
 * Whether this connection can write now: BEGIN IMMEDIATE (waiting at
 * most busy_ms for another writer), a one-row write to meta, ROLLBACK,
 * so nothing changes.  While a storage incident is open
 * (core/incident.h) the row is deleted again and the transaction
 * COMMITTED instead, so the probe really writes to disk; its success
 * closes the incident.  ERR_OK, or ERR_BUSY (locked past busy_ms),
 * ERR_STORAGE (disk full, read-only, I/O error: noted as an incident
 * failure) or ERR_DB, with *reason a short static sentence from SQLite
 * ("database is locked").  Logs nothing itself: a load balancer asks
 * every few seconds.  The connection's usual busy timeout is restored
 * afterwards.  Not inside a transaction.
 */
enum err db_health_probe(struct db *db, int busy_ms, const char **reason);

/* Emails queued (retries included) and failed for good, from the
 * outbox_status_id index (no table scan however many were sent). */
enum err db_outbox_counts(struct db *db, int64_t *queued, int64_t *failed);

#endif
