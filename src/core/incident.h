/*
 * incident.h - storage incidents: the time when writes fail (disk full,
 * a read-only or failing file system), counted and logged once.
 *
 * Whoever meets a storage failure (db_err for SQLite, core/files.c for
 * stored uploads) calls incident_failure(); whoever sees a write go
 * through (db_commit) calls incident_success().  The first failure of an
 * incident logs ONE error line (what failed and why, and that writes are
 * answered with 503 until it clears); later failures are only counted
 * (for /metrics).  The first success after it closes the incident with
 * ONE info line: "writes work again after N failures over T s".
 *
 * A failure within INCIDENT_REOPEN_WINDOW seconds of a close (a disk
 * that is nearly full lets some writes through: those that reuse space)
 * reopens the same incident without a new error line, so a flapping
 * disk does not fill the log with errors; each close still says so.
 *
 * Thread-safe: a mutex around the state, plus an atomic "open" flag so
 * incident_success() on every commit costs one atomic load when all is
 * well.  Time comes from clock_now() (core/clock.h), so tests move it.
 *
 * Also here: the back-off that background work (the scheduler's jobs,
 * the outbox sender) uses after a storage failure, instead of retrying
 * every tick.
 */
#ifndef TANDEM_CORE_INCIDENT_H
#define TANDEM_CORE_INCIDENT_H

#include <stdbool.h>
#include <stdint.h>

#define INCIDENT_REOPEN_WINDOW 60

/* Note one storage failure.  what: where ("db: commit", "files: store");
 * detail: why (SQLite's message, strerror).  Both are copied and may be
 * NULL.  true when this failure opened an incident (and logged it). */
bool incident_failure(const char *what, const char *detail);

/* Whether a failed write's errno means the storage cannot be written
 * right now (ENOSPC, EDQUOT, EROFS, EIO): an incident, not a bug. */
bool incident_is_storage_errno(int e);

/* Note a write that went through: closes an open incident (one log
 * line).  true when it closed one. */
bool incident_success(void);

/* Whether an incident is open now. */
bool incident_is_open(void);

struct incident_stats {
	bool is_open;
	uint64_t failures_total;    /* storage failures since the start */
	uint64_t incidents_total;   /* incidents opened since the start */
	uint64_t failures;          /* in the open (or last) incident */
	int64_t opened_at;          /* of the open (or last) incident; 0 none */
};
void incident_stats(struct incident_stats *out);

/* Storage failures noted on the calling thread so far: a job compares
 * the count before and after its run to know whether it met one. */
uint64_t incident_thread_failures(void);

/* Forget everything (unit tests). */
void incident_reset(void);

/* ---- back-off for background work ---- */

#define INCIDENT_BACKOFF_FIRST 30          /* seconds after a first failure */
#define INCIDENT_BACKOFF_MAX (15 * 60)     /* doubling up to this */

/* Zero-initialised: no back-off. */
struct incident_backoff {
	int64_t delay;     /* the last wait chosen; 0 after a success */
	int64_t until;     /* not before this time */
};

/* A failure at `now`: wait INCIDENT_BACKOFF_FIRST, then twice the last
 * wait each time, at most INCIDENT_BACKOFF_MAX.  Returns the wait. */
int64_t incident_backoff_failed(struct incident_backoff *b, int64_t now);

/* A success: back to no waiting. */
void incident_backoff_ok(struct incident_backoff *b);

/* Whether work may be tried at `now`. */
bool incident_backoff_ready(const struct incident_backoff *b, int64_t now);

#endif
