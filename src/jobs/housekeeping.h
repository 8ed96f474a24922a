/*
 * housekeeping.h - the hourly tidy-up job: expired sign-in sessions are
 * deleted and upload temporary files left behind by a crash are removed.
 * It also logs the audit log's newest entry and hash when it has moved
 * (ADM-7: an anchor outside the database, see app/audit.h).
 */
#ifndef TANDEM_JOBS_HOUSEKEEPING_H
#define TANDEM_JOBS_HOUSEKEEPING_H

#include <stdint.h>

struct config;
struct scheduler;

struct housekeeping {
	const struct config *cfg;
	int64_t sessions_removed;   /* totals, for tests and the log */
	int64_t files_removed;
	int64_t audit_head_logged;  /* ADM-7: the newest audit entry last logged */
};

/* Register the job (hourly) on s; hk must outlive the scheduler. */
void housekeeping_register(struct scheduler *s, const struct config *cfg,
    struct housekeeping *hk);

/* One run at time `now` (the scheduler calls this; so can tests). */
void housekeeping_run(void *hk, int64_t now);

#endif
