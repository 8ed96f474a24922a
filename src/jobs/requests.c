/*
 * requests.c - the request deadline job (see requests.h).
 *
 * Every step of app_requests_tick is idempotent and bounded, so running
 * it every 10 minutes, after a restart, or twice at the same moment
 * never sends an email twice; a reminder is at most 10 minutes late.
 * The clock is the scheduler's (clock_now, which tests move).
 */
#include "jobs/requests.h"

#include "app/reqjobs.h"
#include "core/log.h"
#include "db/db.h"
#include "jobs/scheduler.h"

int64_t
requests_job_run(void *ud, int64_t now)
{
	(void)ud;
	struct db *db = db_thread();
	if (db == NULL)
		return -1;
	struct app_reqjobs_report r;
	if (app_requests_tick(db, now, &r) != ERR_OK) {
		log_warn("requests: the deadline job could not read the database");
		return -1;
	}
	size_t done = r.reminded + r.passed + r.alerted + r.proposed + r.paused;
	if (done)
		log_info("requests: %zu reminded, %zu passed on, %zu paused, %zu alerted, "
		    "%zu proposed", r.reminded, r.passed, r.paused, r.alerted, r.proposed);
	return (int64_t)done;
}

static void
run_job(void *ud, int64_t now)
{
	(void)requests_job_run(ud, now);
}

void
requests_job_register(struct scheduler *s)
{
	scheduler_add(s, "requests", REQUESTS_JOB_EVERY, run_job, NULL);
}
