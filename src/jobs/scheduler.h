/*
 * scheduler.h - periodic background jobs (reminders, expiry, clean-up).
 *
 * A scheduler is a fixed list of jobs, each with a name, an interval and
 * a function.  scheduler_tick(now) runs every job that is due at `now`;
 * it reads no clock, so tests drive it with explicit times.  In the
 * server, scheduler_start() runs a thread that ticks once a second with
 * clock_now().  Jobs run one after another on that thread; a job that
 * takes long delays the others (slow ones are logged), so a job that
 * must talk to the network belongs in its own thread (like mail/outbox).
 */
#ifndef TANDEM_JOBS_SCHEDULER_H
#define TANDEM_JOBS_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

struct scheduler;

/* An empty scheduler; free with scheduler_free(). */
struct scheduler *scheduler_new(void);

/* Stops the thread if it runs, then frees.  NULL is allowed. */
void scheduler_free(struct scheduler *s);

/*
 * Add a job (name is copied; ud is the caller's and must outlive the
 * scheduler).  `run(ud, now)` is called at the first tick, then every
 * `interval_seconds` (>= 1) after: a job first run at T is due again at
 * T + interval, T + 2 * interval ...; runs missed while the process was
 * stopped or busy are not caught up, the next one is the next due time
 * after now.  A run that meets a storage failure (core/incident.h) is
 * tried again after a back-off (30 s, doubling to 15 min) rather than
 * at its next slot; once one goes through, the job keeps its slots
 * again.  Only before scheduler_start (a broken rule aborts).
 */
void scheduler_add(struct scheduler *s, const char *name, int64_t interval_seconds,
    void (*run)(void *ud, int64_t now), void *ud);

/* Run, in the order they were added, the jobs due at `now`. */
void scheduler_tick(struct scheduler *s, int64_t now);

/*
 * Start the thread that calls scheduler_tick(s, clock_now()) once a
 * second.  Jobs that use the database call db_thread() from it, so
 * db_pool_init() comes first.  false (logged) if the thread cannot start.
 */
bool scheduler_start(struct scheduler *s);

/* Stop and join the thread: returns once the running job, if any, has
 * finished.  Does nothing when it is not running.  Call it before
 * db_pool_close(). */
void scheduler_stop(struct scheduler *s);

#endif
