/*
 * test_housekeeping.c - jobs/housekeeping: stale files in DATA/tmp are
 * removed, everything else there is kept, and expired sessions are purged
 * through the per-thread database connection.
 *
 * Each test makes a fresh data directory (tmp/ and a migrated database),
 * sets file times with utimensat, and runs the job at times taken from
 * the pinned clock: nothing sleeps.  There is no public way to insert a
 * session, so the session side is checked as "zero purged, no error".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "jobs/housekeeping.h"
#include "jobs/scheduler.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */
#define HOUR ((int64_t)3600)
#define DAY (24 * HOUR)

struct fixture {
	char data[64];
	char tmp[96];
	char db_path[128];
	struct config cfg;
	struct housekeeping hk;
};

static void
path_in(const struct fixture *f, const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", f->tmp, name);
}

/* A regular file in tmp/ last modified at `mtime`. */
static void
make_file(const struct fixture *f, const char *name, int64_t mtime)
{
	char p[256];
	struct timespec ts[2] = { { .tv_sec = (time_t)mtime },
		{ .tv_sec = (time_t)mtime } };

	path_in(f, name, p, sizeof(p));
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
}

static bool
in_tmp(const struct fixture *f, const char *name)
{
	char p[256];
	struct stat st;

	path_in(f, name, p, sizeof(p));
	return lstat(p, &st) == 0;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct db *db;
	char msg[256];

	if (f == NULL)
		return -1;
	log_set_level(LOG_ERROR);
	snprintf(f->data, sizeof(f->data), "/tmp/tandem-hk-XXXXXX");
	if (mkdtemp(f->data) == NULL)
		return -1;
	snprintf(f->tmp, sizeof(f->tmp), "%s/tmp", f->data);
	if (mkdir(f->tmp, 0700) != 0)
		return -1;
	snprintf(f->db_path, sizeof(f->db_path), "%s/tandem.db", f->data);
	if (db_open(f->db_path, true, &db) != ERR_OK)
		return -1;
	db_close(db);
	config_init(&f->cfg);
	if (config_set(&f->cfg, "data", f->data, "test", msg, sizeof(msg)) != ERR_OK)
		return -1;
	f->hk.cfg = &f->cfg;
	db_pool_init(f->db_path);
	clock_set(T0);
	*state = f;
	return 0;
}

/* Remove a directory tree (tmp/ may hold files, a directory, a link). */
static void
rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[512];
	struct stat st;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	db_pool_close();
	rm_tree(f->data);
	config_free(&f->cfg);
	free(f);
	clock_real();
	return 0;
}

struct file_case {
	const char *name;
	int64_t age;        /* seconds before T0 */
	bool removed;
};

static const struct file_case file_cases[] = {
	{ "tandem-upload-new", 0, false },
	{ "tandem-upload-hour", HOUR, false },
	{ "tandem-upload-23h", 23 * HOUR, false },
	{ "tandem-upload-day", DAY, false },             /* exactly a day: kept */
	{ "tandem-upload-day-1s", DAY + 1, true },       /* older than a day */
	{ "tandem-upload-2days", 2 * DAY, true },
	{ "tandem-upload-year", 365 * DAY, true },
	{ "tandem-upload-future", -HOUR, false },        /* clock skew: kept */
	{ "other-name", 3 * DAY, true },                 /* any regular file */
	{ ".hidden", 3 * DAY, false },                   /* dot files are skipped */
};
#define NFILES (sizeof(file_cases) / sizeof(file_cases[0]))

static void
test_stale_files_removed_newer_kept(void **state)
{
	struct fixture *f = *state;
	size_t want = 0;

	for (size_t i = 0; i < NFILES; i++) {
		make_file(f, file_cases[i].name, T0 - file_cases[i].age);
		want += file_cases[i].removed;
	}
	housekeeping_run(&f->hk, clock_now());
	for (size_t i = 0; i < NFILES; i++)
		if (in_tmp(f, file_cases[i].name) == file_cases[i].removed)
			fail_msg("%s (age %lld s): %s", file_cases[i].name,
			    (long long)file_cases[i].age,
			    file_cases[i].removed ? "kept" : "removed");
	assert_int_equal(f->hk.files_removed, want);
	assert_int_equal(f->hk.sessions_removed, 0);

	/* a second run at the same time finds nothing more */
	housekeeping_run(&f->hk, clock_now());
	assert_int_equal(f->hk.files_removed, want);
}

/* Age is judged by the time the job is given, from the injectable clock. */
static void
test_moving_clock_ages_files(void **state)
{
	struct fixture *f = *state;

	make_file(f, "a", T0);
	make_file(f, "b", T0 + 12 * HOUR);
	housekeeping_run(&f->hk, clock_now());
	assert_true(in_tmp(f, "a"));
	assert_true(in_tmp(f, "b"));
	assert_int_equal(f->hk.files_removed, 0);

	clock_advance(DAY);
	housekeeping_run(&f->hk, clock_now());
	assert_true(in_tmp(f, "a"));         /* exactly a day old */
	clock_advance(1);
	housekeeping_run(&f->hk, clock_now());
	assert_false(in_tmp(f, "a"));
	assert_true(in_tmp(f, "b"));
	assert_int_equal(f->hk.files_removed, 1);

	clock_advance(12 * HOUR);
	housekeeping_run(&f->hk, clock_now());
	assert_false(in_tmp(f, "b"));
	assert_int_equal(f->hk.files_removed, 2);   /* a running total */
}

/* Only regular files directly in tmp/: not directories, not what a
 * symbolic link points at, nothing outside tmp/. */
static void
test_only_regular_files_in_tmp(void **state)
{
	struct fixture *f = *state;
	char p[256], outside[256], link[256];
	struct timespec old[2] = { { .tv_sec = (time_t)(T0 - 10 * DAY) },
		{ .tv_sec = (time_t)(T0 - 10 * DAY) } };

	/* an old directory with an old file inside */
	path_in(f, "olddir", p, sizeof(p));
	assert_int_equal(mkdir(p, 0700), 0);
	make_file(f, "olddir/inner", T0 - 10 * DAY);
	assert_int_equal(utimensat(AT_FDCWD, p, old, 0), 0);
	/* an old file beside tmp/, and an old link in tmp/ pointing at it */
	snprintf(outside, sizeof(outside), "%s/keep-me", f->data);
	int fd = open(outside, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(utimensat(AT_FDCWD, outside, old, 0), 0);
	path_in(f, "link", link, sizeof(link));
	assert_int_equal(symlink(outside, link), 0);
	assert_int_equal(utimensat(AT_FDCWD, link, old, AT_SYMLINK_NOFOLLOW), 0);
	make_file(f, "stale", T0 - 10 * DAY);

	housekeeping_run(&f->hk, clock_now());
	assert_false(in_tmp(f, "stale"));
	assert_true(in_tmp(f, "olddir"));
	assert_true(in_tmp(f, "olddir/inner"));
	assert_true(in_tmp(f, "link"));
	struct stat st;
	assert_int_equal(stat(outside, &st), 0);
	assert_int_equal(f->hk.files_removed, 1);
}

/* No tmp/ directory: nothing to do, and no failure. */
static void
test_missing_tmp_dir(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rmdir(f->tmp), 0);
	housekeeping_run(&f->hk, clock_now());
	assert_int_equal(f->hk.files_removed, 0);
	assert_int_equal(f->hk.sessions_removed, 0);
}

/* The session purge runs on this thread's pooled connection. */
static void
test_sessions_purged_through_pool(void **state)
{
	struct fixture *f = *state;
	struct db *db = db_thread();
	int64_t n = -1;

	assert_non_null(db);
	assert_int_equal(db_sessions_purge(db, clock_now(), &n), ERR_OK);
	assert_int_equal(n, 0);
	housekeeping_run(&f->hk, clock_now());
	assert_int_equal(f->hk.sessions_removed, 0);
	/* the job used the same connection rather than opening another */
	assert_ptr_equal(db_thread(), db);
}

/* Without a database the files are still swept. */
static void
test_files_swept_without_database(void **state)
{
	struct fixture *f = *state;
	char bad[160];

	db_pool_close();
	snprintf(bad, sizeof(bad), "%s/no-such-dir/tandem.db", f->data);
	db_pool_init(bad);
	make_file(f, "stale", T0 - 2 * DAY);
	housekeeping_run(&f->hk, clock_now());
	assert_false(in_tmp(f, "stale"));
	assert_int_equal(f->hk.files_removed, 1);
	assert_int_equal(f->hk.sessions_removed, 0);
}

/* Registered on a scheduler, the job runs on the first tick. */
static void
test_registered_job_runs(void **state)
{
	struct fixture *f = *state;
	struct scheduler *s = scheduler_new();
	struct housekeeping hk = { 0 };

	make_file(f, "stale", T0 - 2 * DAY);
	housekeeping_register(s, &f->cfg, &hk);
	assert_ptr_equal(hk.cfg, &f->cfg);
	scheduler_tick(s, clock_now());
	assert_false(in_tmp(f, "stale"));
	assert_int_equal(hk.files_removed, 1);
	/* hourly: not again within the hour */
	make_file(f, "stale2", T0 - 2 * DAY);
	scheduler_tick(s, clock_now() + HOUR - 1);
	assert_true(in_tmp(f, "stale2"));
	scheduler_tick(s, clock_now() + HOUR);
	assert_false(in_tmp(f, "stale2"));
	assert_int_equal(hk.files_removed, 2);
	scheduler_free(s);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_stale_files_removed_newer_kept),
		T(test_moving_clock_ages_files),
		T(test_only_regular_files_in_tmp),
		T(test_missing_tmp_dir),
		T(test_sessions_purged_through_pool),
		T(test_files_swept_without_database),
		T(test_registered_job_runs),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
