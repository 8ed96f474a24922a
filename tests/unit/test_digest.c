/*
 * test_digest.c - the daily digest job (ACC-8): sends once a day after
 * 07:00 UTC, never twice on one day (not even across a restart), with the
 * injectable clock instead of waiting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "testdb.h"

#include "app/account.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "jobs/digest.h"

#define DAY0_0600 ((int64_t)1795413600)   /* Mon 23 Nov 2026 06:00 UTC */
#define HOUR 3600

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	int64_t user;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_int_equal(testdb_make("digest", f->dir, f->path, &f->db), 0);
	db_pool_init(f->path);
	struct db_user u = {.username = "amy.clarke", .email = "amy@example.nhs.uk",
	    .given_name = "Amy", .family_name = "Clarke", .password_hash = "x",
	    .status = "active", .created_at = DAY0_0600};
	assert_int_equal(db_user_create(f->db, &u, &f->user), ERR_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_pool_close();
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	free(f);
	clock_real();
	return 0;
}

static size_t
outbox_count(struct db *db)
{
	struct arena *a = arena_new(0);
	struct db_mail *m;
	size_t n = 0;
	assert_int_equal(db_outbox_list(db, a, NULL, 100, &m, &n), ERR_OK);
	arena_free(a);
	return n;
}

static void
hold(struct db *db, int64_t user, int64_t now)
{
	assert_int_equal(db_digest_add(db, user, "admin.registration",
	    "New registration", "Olivia Grant is waiting for approval.", now), ERR_OK);
}

static void
test_digest_once_a_day_after_seven(void **state)
{
	struct fixture *f = *state;
	hold(f->db, f->user, DAY0_0600);

	assert_int_equal(digest_run(NULL, DAY0_0600), -1);          /* 06:00: not yet */
	assert_int_equal(outbox_count(f->db), 0);
	assert_int_equal(digest_run(NULL, DAY0_0600 + HOUR), 1);    /* 07:00 */
	assert_int_equal(outbox_count(f->db), 1);

	hold(f->db, f->user, DAY0_0600 + 2 * HOUR);
	assert_int_equal(digest_run(NULL, DAY0_0600 + 3 * HOUR), -1); /* same day */
	assert_int_equal(outbox_count(f->db), 1);
	/* the next day: the held item goes */
	assert_int_equal(digest_run(NULL, DAY0_0600 + 25 * HOUR), 1);
	assert_int_equal(outbox_count(f->db), 2);
}

static void
test_digest_nothing_held_sends_nothing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(digest_run(NULL, DAY0_0600 + 2 * HOUR), 0);
	assert_int_equal(outbox_count(f->db), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_digest_once_a_day_after_seven, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digest_nothing_held_sends_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
