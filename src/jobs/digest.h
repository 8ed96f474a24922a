/*
 * digest.h - the daily summary email (ACC-8): held notifications are
 * sent once a day, after DIGEST_HOUR (UTC).
 */
#ifndef TANDEM_JOBS_DIGEST_H
#define TANDEM_JOBS_DIGEST_H

#include <stdint.h>

#define DIGEST_HOUR 7

struct scheduler;

/* Register the job (checked hourly) on s. */
void digest_register(struct scheduler *s);

/* One check at time `now`: sends the day's digests if it is past
 * DIGEST_HOUR and they have not gone today.  Returns how many were sent,
 * or -1 when it was not time (the scheduler and tests call this). */
int64_t digest_run(void *ud, int64_t now);

#endif
