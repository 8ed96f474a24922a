/*
 * backups.h - scheduled backups in the server (issue 12): every
 * `every_hours` (and once when the server starts) `tandem backup`'s
 * archive (app/backup.h) is written to DIR/tandem-YYYYMMDD-HHMMSS.tar,
 * and only the newest `keep` such files in DIR are kept.  Files in DIR
 * with other names are never touched.
 *
 * Runs on the scheduler thread: a large database delays the other jobs
 * while it is copied (mail has its own thread and is not delayed).
 */
#ifndef TANDEM_JOBS_BACKUPS_H
#define TANDEM_JOBS_BACKUPS_H

#include <stdbool.h>
#include <stdint.h>

struct scheduler;

struct backups_job {
	const char *data_dir;   /* the live data directory */
	const char *dir;        /* where archives go (created 0700) */
	int64_t every_hours;    /* >= 1 */
	int64_t keep;           /* >= 1: archives kept, newest first */
	int64_t runs;           /* totals, for tests and the log */
	int64_t failures;
	int64_t removed;
	bool is_failing;        /* the last run failed: log the next success */
};

/* Register the job on s; job (and its strings) must outlive the
 * scheduler.  Nothing is registered when job->dir is empty. */
void backups_job_register(struct scheduler *s, struct backups_job *job);

/* One run at `now` (the scheduler calls this; so can tests). */
void backups_job_run(void *job, int64_t now);

#endif
