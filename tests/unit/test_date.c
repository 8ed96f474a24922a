/*
 * test_date.c - app/date: dates in words for pages and emails, and the
 * day of a moment, on fixed dates (a leap day, the turn of the year, the
 * first and last of a month) and on input that is not a date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/date.h"
#include "core/arena.h"

#define MON_23_NOV_2026_1000 INT64_C(1795428000)
#define THU_29_FEB_2024_2359 INT64_C(1709251140)

static void
test_words(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(app_date_words(a, "2024-03-03"), "3 March 2024");
	assert_string_equal(app_date_words(a, "2024-02-29"), "29 February 2024");
	assert_string_equal(app_date_words(a, "2023-02-29"), "");   /* not a real date */
	assert_string_equal(app_date_words(a, ""), "");
	assert_string_equal(app_date_words(a, "31/12/2026"), "");

	assert_string_equal(app_time_words(a, MON_23_NOV_2026_1000, false), "23 November 2026");
	assert_string_equal(app_time_words(a, MON_23_NOV_2026_1000, true),
	    "Monday 23 November 2026");
	assert_string_equal(app_time_words(a, THU_29_FEB_2024_2359, true),
	    "Thursday 29 February 2024");
	assert_string_equal(app_time_words(a, 0, false), "");        /* not set */

	assert_string_equal(app_session_words(a, "2026-12-07T14:30", false),
	    "7 December 2026 at 14:30");
	assert_string_equal(app_session_words(a, "2026-12-31T09:05", true),
	    "Thursday 31 December 2026 at 09:05");
	assert_string_equal(app_session_words(a, "2026-12-07", false), "");
	assert_string_equal(app_session_words(a, "2026-02-30T10:00", false), "");
	assert_string_equal(app_session_words(a, "2026-12-07T24:00", false), "");
	assert_string_equal(app_session_words(a, NULL, false), "");
	arena_free(a);
}

static void
test_day_of(void **state)
{
	(void)state;
	char day[11];
	app_day_of(MON_23_NOV_2026_1000, day);
	assert_string_equal(day, "2026-11-23");
	app_day_of(THU_29_FEB_2024_2359, day);
	assert_string_equal(day, "2024-02-29");
	app_day_of(THU_29_FEB_2024_2359 + 60, day);   /* a minute later */
	assert_string_equal(day, "2024-03-01");
}

static void
test_session(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_true(app_session_is_real("2026-12-07T14:30"));
	assert_true(app_session_is_real("2024-02-29T00:00"));
	assert_false(app_session_is_real("2023-02-29T10:00"));
	assert_false(app_session_is_real("2026-12-07T24:00"));
	assert_false(app_session_is_real("2026-12-07T14:60"));
	assert_false(app_session_is_real("2026-12-07 14:30"));
	assert_false(app_session_is_real("2026-12-07T14:30x"));
	assert_false(app_session_is_real(""));

	const char *when, *why;
	/* nothing typed: no session, no problem */
	assert_int_equal(app_session_from_parts(a, "First session date", "the first session",
	    "", "", "", "", &when, &why), ERR_OK);
	assert_string_equal(when, "");
	assert_int_equal(app_session_from_parts(a, "First session date", "the first session",
	    "7", "12", "2026", "9:05", &when, &why), ERR_OK);
	assert_string_equal(when, "2026-12-07T09:05");
	/* a time without a date */
	assert_int_equal(app_session_from_parts(a, "First session date", "the first session",
	    "", "", "", "14:30", &when, &why), ERR_BAD_INPUT);
	assert_string_equal(why, "Enter the date of the first session");
	/* a date that does not exist: the date rule's own sentence */
	assert_int_equal(app_session_from_parts(a, "First session date", "the first session",
	    "31", "2", "2026", "14:30", &when, &why), ERR_BAD_INPUT);
	assert_string_equal(why, "First session date must be a real date");
	/* no time, or not a time */
	assert_int_equal(app_session_from_parts(a, "First session date", "the first session",
	    "7", "12", "2026", "", &when, &why), ERR_BAD_INPUT);
	assert_string_equal(why, "Enter the time of the first session, like 14:30");
	assert_int_equal(app_session_from_parts(a, "First session date", "the first session",
	    "7", "12", "2026", "25:00", &when, &why), ERR_BAD_INPUT);
	assert_string_equal(why, "Enter the time of the first session, like 14:30");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_day_of),
		cmocka_unit_test(test_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
