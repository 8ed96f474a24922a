/*
 * agreements.h - the daily job that prompts pairs to review their
 * mentoring agreement six months after confirming it, and every six
 * months after (REL-8): app_agreements_tick with the injectable clock.
 */
#ifndef TANDEM_JOBS_AGREEMENTS_H
#define TANDEM_JOBS_AGREEMENTS_H

#include <stdint.h>

struct scheduler;

#define AGREEMENTS_JOB_EVERY (24 * 60 * 60)

/* Register the job on s. */
void agreements_job_register(struct scheduler *s);

/* One run at `now` on this thread's connection: how many agreements'
 * pairs were reminded, -1 when the database could not be read. */
int64_t agreements_job_run(void *ud, int64_t now);

#endif
