/*
 * agreements.c - the agreement review job (see agreements.h).
 *
 * app_agreements_tick moves each reminder forward in the transaction
 * that queues its emails, so running it daily, after a restart, or twice
 * at once never emails twice; a reminder is at most a day late.  The
 * clock is the scheduler's (clock_now, which tests move).
 */
#include "jobs/agreements.h"

#include "app/agreement.h"
#include "core/log.h"
#include "db/db.h"
#include "jobs/scheduler.h"

int64_t
agreements_job_run(void *ud, int64_t now)
{
	(void)ud;
	struct db *db = db_thread();
	if (db == NULL)
		return -1;
	struct app_agreement_tick r;
	if (app_agreements_tick(db, now, &r) != ERR_OK) {
		log_warn("agreements: the review job could not read the database");
		return -1;
	}
	if (r.reminded || r.failed)
		log_info("agreements: %zu pairs reminded to review, %zu failed", r.reminded,
		    r.failed);
	return (int64_t)r.reminded;
}

static void
run_job(void *ud, int64_t now)
{
	(void)agreements_job_run(ud, now);
}

void
agreements_job_register(struct scheduler *s)
{
	scheduler_add(s, "agreements", AGREEMENTS_JOB_EVERY, run_job, NULL);
}
