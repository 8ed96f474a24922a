/*
 * scheduler.c - a list of periodic jobs and the thread that ticks it.
 *
 * Design: each job keeps the time it is next due.  The first tick runs
 * every job and sets its phase (next = now + interval); later runs keep
 * that phase (next += interval) so jobs do not drift by the time the
 * thread took to wake.  When ticks were missed (a suspended machine, a
 * long job), the job runs once and its next time skips to the first slot
 * after now: no burst of catch-up runs.
 *
 * The job list is fixed once the thread starts, so ticking needs no lock
 * and a job may take as long as it likes without blocking anyone but the
 * jobs after it.  The lock and condition variable only carry "stop"; the
 * thread waits on CLOCK_MONOTONIC so stop is prompt and wall-clock jumps
 * do not stall it.
 *
 * Traps:
 * - Jobs run on the scheduler thread: one that needs the database calls
 *   db_thread() there, and must not block on the network for long.
 * - "Now" given to jobs is clock_now() at the tick, so tests that pin the
 *   clock see exactly the time they set.  Slowness is measured with the
 *   monotonic clock instead (it is a diagnostic, not a rule).
 * - Each run is counted for /metrics (core/metrics.h).  Jobs return
 *   nothing, so a run counts as failed only when a storage error is
 *   reported on this thread while it runs (metrics_db_error).
 *
 * Storage incidents (disk full, a read-only file system: see
 * core/incident.h): a run that met one (incident_failure on this thread
 * while it ran) is tried again after a back-off - 30 s, doubling to 15
 * min - instead of at its next slot, which for a daily job could be a
 * day away, and instead of every tick.  Nothing is logged per attempt
 * (the incident was logged once).  The job's own phase (regular_at) is
 * kept meanwhile: after a successful retry it runs at its next regular
 * slot again.
 */
#include "jobs/scheduler.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/incident.h"
#include "core/log.h"
#include "core/metrics.h"

#define SLOW_JOB_MS 1000
#define TICK_SECONDS 1

struct job {
	char *name;
	int64_t interval;
	void (*run)(void *ud, int64_t now);
	void *ud;
	int64_t next_at;         /* when it runs next: regular_at, or a retry */
	int64_t regular_at;      /* its next slot in its own phase */
	struct incident_backoff backoff;   /* after a storage failure */
	bool is_scheduled;       /* false until its first run */
	int metrics_slot;        /* its runs and failures in /metrics */
};

struct scheduler {
	struct job *jobs;
	size_t n;
	size_t cap;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;     /* stop; waits on CLOCK_MONOTONIC */
	bool is_running;         /* a thread exists; owner's thread only */
	bool is_stopping;        /* under lock */
};

struct scheduler *
scheduler_new(void)
{
	struct scheduler *s = xcalloc(1, sizeof(*s));
	pthread_condattr_t attr;

	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &attr);
	pthread_condattr_destroy(&attr);
	return s;
}

void
scheduler_free(struct scheduler *s)
{
	if (s == NULL)
		return;
	scheduler_stop(s);
	for (size_t i = 0; i < s->n; i++)
		free(s->jobs[i].name);
	free(s->jobs);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void
scheduler_add(struct scheduler *s, const char *name, int64_t interval_seconds,
    void (*run)(void *ud, int64_t now), void *ud)
{
	if (s->is_running || interval_seconds < 1 || run == NULL) {
		log_error("jobs: scheduler_add(%s) %s", name, s->is_running ?
		    "after scheduler_start" : "with a bad interval or no function");
		abort();
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->jobs = xrealloc(s->jobs, s->cap * sizeof(*s->jobs));
	}
	s->jobs[s->n++] = (struct job){
		.name = xstrdup(name),
		.interval = interval_seconds,
		.run = run,
		.ud = ud,
		.metrics_slot = metrics_job_register(name),
	};
}

static int64_t
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
scheduler_tick(struct scheduler *s, int64_t now)
{
	for (size_t i = 0; i < s->n; i++) {
		struct job *j = &s->jobs[i];
		int64_t started, ms;

		if (j->is_scheduled && now < j->next_at)
			continue;
		log_debug("jobs: %s", j->name);
		started = monotonic_ms();
		uint64_t failures = incident_thread_failures();
		/* a storage error on this thread meanwhile (metrics_db_error)
		 * marks the run failed */
		metrics_job_begin(j->metrics_slot);
		j->run(j->ud, now);
		metrics_job_end(j->metrics_slot);
		bool is_storage_failed = incident_thread_failures() != failures;
		ms = monotonic_ms() - started;
		if (ms > SLOW_JOB_MS)
			log_warn("jobs: %s took %lld ms", j->name, (long long)ms);

		if (!j->is_scheduled) {
			j->regular_at = now + j->interval;
			j->is_scheduled = true;
		} else if (now >= j->regular_at) {
			/* a run in its slot (not an early retry): the next slot */
			j->regular_at += j->interval;
			if (j->regular_at <= now)
				j->regular_at += ((now - j->regular_at) / j->interval + 1) *
				    j->interval;
		}
		if (is_storage_failed) {
			j->next_at = now + incident_backoff_failed(&j->backoff, now);
		} else {
			incident_backoff_ok(&j->backoff);
			j->next_at = j->regular_at;
		}
	}
}

static void *
scheduler_main(void *arg)
{
	struct scheduler *s = arg;
	struct timespec until;

	pthread_mutex_lock(&s->lock);
	while (!s->is_stopping) {
		pthread_mutex_unlock(&s->lock);
		scheduler_tick(s, clock_now());
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += TICK_SECONDS;
		pthread_mutex_lock(&s->lock);
		/* One wait: an early wake-up only ticks early, which runs
		 * nothing that is not due. */
		if (!s->is_stopping)
			pthread_cond_timedwait(&s->wake, &s->lock, &until);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

bool
scheduler_start(struct scheduler *s)
{
	int e;

	if (s->is_running)
		goto out;
	s->is_stopping = false;
	if ((e = pthread_create(&s->thread, NULL, scheduler_main, s)) != 0) {
		log_error("jobs: cannot start the scheduler thread: %s", strerror(e));
		goto out;
	}
	s->is_running = true;
	log_info("jobs: scheduler started with %zu job(s)", s->n);
out:
	return s->is_running;
}

void
scheduler_stop(struct scheduler *s)
{
	if (!s->is_running)
		return;
	pthread_mutex_lock(&s->lock);
	s->is_stopping = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	s->is_running = false;
	log_info("jobs: scheduler stopped");
}
