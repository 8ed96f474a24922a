/*
 * evaluations.c - the daily evaluation job (see evaluations.h).
 *
 * app_evaluations_tick creates each evaluation (unique per form, person,
 * relationship and occasion) and marks each reminder in the transaction
 * that queues its email, so running it daily, after a restart, or twice
 * at once never emails twice; an evaluation is at most a day late.  The
 * clock is the scheduler's (clock_now, which tests move).
 */
#include "jobs/evaluations.h"

#include "app/evaluations.h"
#include "core/log.h"
#include "db/db.h"
#include "jobs/scheduler.h"

int64_t
evaluations_job_run(void *ud, int64_t now)
{
	(void)ud;
	struct db *db = db_thread();
	if (db == NULL)
		return -1;
	struct app_eval_tick r;
	if (app_evaluations_tick(db, now, &r) != ERR_OK) {
		log_warn("evaluations: the job could not read the database");
		return -1;
	}
	if (r.created || r.reminded || r.failed)
		log_info("evaluations: %zu created, %zu reminded, %zu failed", r.created,
		    r.reminded, r.failed);
	return (int64_t)(r.created + r.reminded);
}

static void
run_job(void *ud, int64_t now)
{
	(void)evaluations_job_run(ud, now);
}

void
evaluations_job_register(struct scheduler *s)
{
	scheduler_add(s, "evaluations", EVALUATIONS_JOB_EVERY, run_job, NULL);
}
