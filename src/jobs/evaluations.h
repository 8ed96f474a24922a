/*
 * evaluations.h - the daily evaluation job (EVAL-2, EVAL-6): creates
 * the evaluations due by offsets from a relationship's start or end and
 * for people who joined during an open annual review, and sends the one
 * reminder: app_evaluations_tick with the injectable clock.
 */
#ifndef TANDEM_JOBS_EVALUATIONS_H
#define TANDEM_JOBS_EVALUATIONS_H

#include <stdint.h>

struct scheduler;

#define EVALUATIONS_JOB_EVERY (24 * 60 * 60)

/* Register the job on s. */
void evaluations_job_register(struct scheduler *s);

/* One run at `now` on this thread's connection: how many evaluations'
 * pairs were reminded, -1 when the database could not be read. */
int64_t evaluations_job_run(void *ud, int64_t now);

#endif
