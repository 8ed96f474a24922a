/*
 * requests.h - the request deadline job (REQ-7, REQ-8, REQ-13, REQ-14):
 * app_requests_tick every 10 minutes with the injectable clock.
 */
#ifndef TANDEM_JOBS_REQUESTS_H
#define TANDEM_JOBS_REQUESTS_H

#include <stdint.h>

struct scheduler;

#define REQUESTS_JOB_EVERY (10 * 60)

/* Register the job on s. */
void requests_job_register(struct scheduler *s);

/* One run at `now` on this thread's connection (the scheduler calls
 * this; tests call the dev route instead).  -1 when no database. */
int64_t requests_job_run(void *ud, int64_t now);

#endif
