/*
 * test_scheduler.c - jobs/scheduler: which ticks run which jobs.
 *
 * Time comes from the injectable clock (clock_set / clock_advance) and is
 * passed to scheduler_tick; nothing sleeps.  The thread test waits on a
 * condition variable for the first run, then stops the thread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/incident.h"
#include "core/log.h"
#include "jobs/scheduler.h"

#define RUNS_MAX 64

/* Every run of one job, with the `now` it was given. */
struct rec {
	int64_t at[RUNS_MAX];
	size_t n;
};

static void
record(void *ud, int64_t now)
{
	struct rec *r = ud;

	if (r->n < RUNS_MAX)
		r->at[r->n++] = now;
}

static int
setup(void **state)
{
	log_set_level(LOG_ERROR);
	clock_set(1000);
	return 0;
}

static int
teardown(void **state)
{
	clock_real();
	return 0;
}

static void
test_first_tick_runs_all(void **state)
{
	struct scheduler *s = scheduler_new();
	struct rec a = {0}, b = {0}, c = {0};

	scheduler_add(s, "a", 10, record, &a);
	scheduler_add(s, "b", 60, record, &b);
	scheduler_add(s, "c", 86400, record, &c);
	scheduler_tick(s, clock_now());
	assert_int_equal(a.n, 1);
	assert_int_equal(b.n, 1);
	assert_int_equal(c.n, 1);
	assert_int_equal(a.at[0], 1000);
	assert_int_equal(c.at[0], 1000);
	/* The same second again runs nothing. */
	scheduler_tick(s, clock_now());
	assert_int_equal(a.n + b.n + c.n, 3);
	scheduler_free(s);
}

static void
test_interval_respected(void **state)
{
	struct scheduler *s = scheduler_new();
	struct rec r = {0};

	scheduler_add(s, "ten", 10, record, &r);
	for (int i = 0; i <= 30; i++) {
		scheduler_tick(s, clock_now());
		clock_advance(1);
	}
	assert_int_equal(r.n, 4);
	assert_int_equal(r.at[0], 1000);
	assert_int_equal(r.at[1], 1010);
	assert_int_equal(r.at[2], 1020);
	assert_int_equal(r.at[3], 1030);
	scheduler_free(s);
}

static void
test_several_jobs(void **state)
{
	static const int64_t want2[] = {1000, 1002, 1004, 1006, 1008, 1010, 1012};
	static const int64_t want3[] = {1000, 1003, 1006, 1009, 1012};
	struct scheduler *s = scheduler_new();
	struct rec two = {0}, three = {0};

	scheduler_add(s, "two", 2, record, &two);
	scheduler_add(s, "three", 3, record, &three);
	for (int i = 0; i <= 12; i++) {
		scheduler_tick(s, clock_now());
		clock_advance(1);
	}
	assert_int_equal(two.n, sizeof(want2) / sizeof(want2[0]));
	assert_int_equal(three.n, sizeof(want3) / sizeof(want3[0]));
	for (size_t i = 0; i < two.n; i++)
		assert_int_equal(two.at[i], want2[i]);
	for (size_t i = 0; i < three.n; i++)
		assert_int_equal(three.at[i], want3[i]);
	scheduler_free(s);
}

/* A late tick runs the job once and keeps its phase; missed runs are
 * not caught up. */
static void
test_late_and_missed_ticks(void **state)
{
	struct scheduler *s = scheduler_new();
	struct rec r = {0};

	scheduler_add(s, "ten", 10, record, &r);
	scheduler_tick(s, clock_now());          /* 1000: first run */
	clock_set(1012);
	scheduler_tick(s, clock_now());          /* late for 1010: runs */
	assert_int_equal(r.n, 2);
	clock_set(1019);
	scheduler_tick(s, clock_now());          /* next is 1020, not 1022 */
	assert_int_equal(r.n, 2);
	clock_set(1020);
	scheduler_tick(s, clock_now());
	assert_int_equal(r.n, 3);

	clock_set(1075);                          /* missed 1030 ... 1070 */
	scheduler_tick(s, clock_now());
	assert_int_equal(r.n, 4);
	scheduler_tick(s, clock_now());
	assert_int_equal(r.n, 4);
	clock_set(1079);
	scheduler_tick(s, clock_now());
	assert_int_equal(r.n, 4);
	clock_set(1080);
	scheduler_tick(s, clock_now());
	assert_int_equal(r.n, 5);
	assert_int_equal(r.at[4], 1080);

	clock_set(1090);                          /* exactly on a due time */
	scheduler_tick(s, clock_now());
	clock_set(1099);
	scheduler_tick(s, clock_now());
	assert_int_equal(r.n, 6);
	scheduler_free(s);
}

static void
test_no_jobs_and_stop_unstarted(void **state)
{
	struct scheduler *s = scheduler_new();

	scheduler_tick(s, clock_now());
	scheduler_stop(s);
	scheduler_free(s);
	scheduler_free(NULL);
}

/* ---- the thread ---- */

struct signal_rec {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int64_t at;
	int n;
};

static void
record_signal(void *ud, int64_t now)
{
	struct signal_rec *r = ud;

	pthread_mutex_lock(&r->lock);
	r->at = now;
	r->n++;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

static void
test_thread_runs_and_stops(void **state)
{
	struct scheduler *s = scheduler_new();
	struct signal_rec r = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	struct timespec until;
	int n;

	clock_set(5000);
	scheduler_add(s, "signal", 3600, record_signal, &r);
	assert_true(scheduler_start(s));
	assert_true(scheduler_start(s));   /* already running: no second thread */

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&r.lock);
	while (r.n == 0) {
		if (pthread_cond_timedwait(&r.cond, &r.lock, &until) != 0)
			break;
	}
	n = r.n;
	pthread_mutex_unlock(&r.lock);
	assert_int_equal(n, 1);
	assert_int_equal(r.at, 5000);

	scheduler_stop(s);
	scheduler_stop(s);                 /* twice is harmless */
	/* The clock did not move, so the thread ran the job only once. */
	assert_int_equal(r.n, 1);
	scheduler_free(s);
}

/* A job that meets a storage failure while `failing` is set. */
struct flaky {
	struct rec rec;
	bool is_failing;
};

static void
flaky_run(void *ud, int64_t now)
{
	struct flaky *f = ud;
	record(&f->rec, now);
	if (f->is_failing)
		incident_failure("test", "disk full");
}

/* After a storage failure a job is retried after 30 s, 60 s, 120 s ...
 * (not every tick, not a day later); a success puts it back on its own
 * slots. */
static void
test_storage_backoff(void **state)
{
	static const int64_t want[] = {1000, 1030, 1090, 1210, 1450, 1600, 2200};
	struct scheduler *s = scheduler_new();
	struct flaky f = {.is_failing = true};

	incident_reset();
	scheduler_add(s, "flaky", 600, flaky_run, &f);
	for (int64_t t = 1000; t <= 2200; t++) {
		if (t == 1450)
			f.is_failing = false;   /* space is back before this retry */
		scheduler_tick(s, t);
	}
	assert_int_equal(f.rec.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < f.rec.n; i++)
		assert_int_equal(f.rec.at[i], want[i]);
	/* the wait is capped at 15 minutes */
	struct scheduler *s2 = scheduler_new();
	struct flaky g = {.is_failing = true};
	scheduler_add(s2, "daily", 86400, flaky_run, &g);
	for (int64_t t = 0; t <= 2 * 3600; t++)
		scheduler_tick(s2, t);
	/* 0, 30, 90, 210, 450, 930, then every 900 s: 1830 ... 6330 */
	assert_int_equal(g.rec.at[5], 930);
	assert_int_equal(g.rec.at[6], 1830);
	assert_int_equal(g.rec.at[g.rec.n - 1], 6330);
	scheduler_free(s2);
	scheduler_free(s);
	incident_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_tick_runs_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interval_respected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_jobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_and_missed_ticks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_jobs_and_stop_unstarted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_thread_runs_and_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_storage_backoff, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
