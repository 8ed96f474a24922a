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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_day_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
