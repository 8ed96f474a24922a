/*
 * test_profile.c - app/profile: the visibility decision as a table
 * (viewer kind x field visibility -> shown or not), the parsing of a
 * stored visibility (unknown fails closed), dates, and the checking of
 * answers to a scheme's own fields by kind.  Who counts as which viewer
 * (relationships, offers, administrators) is tested over HTTP in
 * tests/http/profile.test.mjs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/profile.h"
#include "core/arena.h"
#include "core/clock.h"

static void
test_visibility_table(void **state)
{
	(void)state;
	static const struct {
		enum profile_viewer viewer;
		enum profile_vis vis;
		bool shown;
	} rows[] = {
		{VIEWER_SELF, VIS_PUBLIC, true},
		{VIEWER_SELF, VIS_PRIVATE, true},
		{VIEWER_SELF, VIS_EQUALITY, true},      /* they entered it */
		{VIEWER_ADMIN, VIS_PUBLIC, true},
		{VIEWER_ADMIN, VIS_PRIVATE, true},
		{VIEWER_ADMIN, VIS_EQUALITY, false},    /* never, administrators included */
		{VIEWER_PARTY, VIS_PUBLIC, true},
		{VIEWER_PARTY, VIS_PRIVATE, false},
		{VIEWER_PARTY, VIS_EQUALITY, false},
		{VIEWER_NONE, VIS_PUBLIC, false},
		{VIEWER_NONE, VIS_PRIVATE, false},
		{VIEWER_NONE, VIS_EQUALITY, false},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (app_profile_shows(rows[i].viewer, rows[i].vis) != rows[i].shown)
			fail_msg("row %zu: viewer %d, visibility %d", i, rows[i].viewer,
			    rows[i].vis);
	}
}

static void
test_visibility_parse(void **state)
{
	(void)state;
	assert_int_equal(app_profile_vis_parse("public"), VIS_PUBLIC);
	assert_int_equal(app_profile_vis_parse("private"), VIS_PRIVATE);
	assert_int_equal(app_profile_vis_parse("equality"), VIS_EQUALITY);
	/* unknown or missing: the strictest */
	assert_int_equal(app_profile_vis_parse("Public"), VIS_EQUALITY);
	assert_int_equal(app_profile_vis_parse(""), VIS_EQUALITY);
	assert_int_equal(app_profile_vis_parse(NULL), VIS_EQUALITY);
	assert_string_equal(app_profile_vis_text(VIS_PRIVATE), "private");
}

static void
test_dates(void **state)
{
	(void)state;
	clock_set(1795046400);   /* 2026-11-19 00:00 UTC */
	static const struct {
		const char *s;
		bool ok, past;
	} rows[] = {
		{"1990-02-28", true, true},
		{"1990-02-29", false, false},   /* not a leap year */
		{"1992-02-29", true, true},
		{"2000-02-29", true, true},     /* divisible by 400 */
		{"1900-02-29", false, false},   /* divisible by 100 */
		{"1990-02-31", false, false},
		{"1990-13-01", false, false},
		{"1990-00-10", false, false},
		{"1990-04-31", false, false},
		{"1990-4-01", false, false},
		{"31/02/1990", false, false},
		{"", false, false},
		{"1899-12-31", false, false},
		{"2026-11-18", true, true},
		{"2026-11-19", true, false},    /* today is not in the past */
		{"2030-01-01", true, false},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (app_date_is_real(rows[i].s) != rows[i].ok)
			fail_msg("date %s: real %d", rows[i].s, rows[i].ok);
		if (app_date_is_past(rows[i].s) != rows[i].past)
			fail_msg("date %s: past %d", rows[i].s, rows[i].past);
	}
	clock_real();
}

static void
test_field_check(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	static const struct {
		const char *kind, *choices;
		bool is_required;
		const char *values[3];
		size_t n;
		bool ok;
		const char *stored;      /* when ok */
		const char *why;         /* part of the message when not */
	} rows[] = {
		{"text", "", false, {"Hello"}, 1, true, "Hello", NULL},
		{"text", "", false, {""}, 1, true, "", NULL},
		{"text", "", true, {""}, 1, false, NULL, "Enter Q"},
		{"text", "", true, {NULL}, 0, false, NULL, "Enter Q"},
		{"text", "", false, {"two\nlines"}, 1, false, NULL, "one line"},
		{"long_text", "", false, {"two\nlines"}, 1, true, "two\nlines", NULL},
		{"choice", "English\nWelsh", false, {"Welsh"}, 1, true, "Welsh", NULL},
		{"choice", "English\r\nWelsh\r\n", false, {"English"}, 1, true, "English", NULL},
		{"choice", "English\nWelsh", false, {"Klingon"}, 1, false, NULL, "choices given"},
		{"choice", "English\nWelsh", false, {"English", "Welsh"}, 2, false, NULL, "one answer"},
		{"choice", "English\nWelsh", true, {""}, 1, false, NULL, "Select Q"},
		{"multi", "a\nb\nc", false, {"a", "c"}, 2, true, "a\nc", NULL},
		{"multi", "a\nb\nc", false, {"a", "z"}, 2, false, NULL, "choices given"},
		{"multi", "a\nb\nc", false, {NULL}, 0, true, "", NULL},
		{"date", "", false, {"2024-03-27"}, 1, true, "2024-03-27", NULL},
		{"date", "", false, {"2024-02-30"}, 1, false, NULL, "real date"},
		{"date", "", false, {"27/03/2024"}, 1, false, NULL, "real date"},
		{"number", "", false, {"42"}, 1, true, "42", NULL},
		{"number", "", false, {"-3"}, 1, true, "-3", NULL},
		{"number", "", false, {"4.5"}, 1, false, NULL, "whole number"},
		{"number", "", false, {"seven"}, 1, false, NULL, "whole number"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct db_field f = {.id = 1, .label = "Q", .kind = rows[i].kind,
		    .choices = rows[i].choices, .visibility = "public", .applies_to = "both",
		    .is_required = rows[i].is_required};
		const char *stored = NULL, *why = NULL;
		enum err rc = app_profile_field_check(a, &f, rows[i].values, rows[i].n,
		    &stored, &why);
		if ((rc == ERR_OK) != rows[i].ok)
			fail_msg("row %zu (%s): expected %s, got %s", i, rows[i].kind,
			    rows[i].ok ? "ok" : "refused", why ? why : "ok");
		if (rows[i].ok)
			assert_string_equal(stored, rows[i].stored);
		else if (strstr(why, rows[i].why) == NULL)
			fail_msg("row %zu: message '%s' lacks '%s'", i, why, rows[i].why);
	}
	/* text limits: 200 for text, 5000 for long text */
	char *s = arena_alloc(a, 5002);
	memset(s, 'x', 5001);
	s[5001] = '\0';
	const char *v[1] = {s};
	struct db_field f = {.label = "Q", .kind = "long_text", .choices = ""};
	const char *stored = NULL, *why;
	assert_int_equal(app_profile_field_check(a, &f, v, 1, &stored, &why), ERR_BAD_INPUT);
	s[5000] = '\0';
	assert_int_equal(app_profile_field_check(a, &f, v, 1, &stored, &why), ERR_OK);
	f.kind = "text";
	s[201] = '\0';
	assert_int_equal(app_profile_field_check(a, &f, v, 1, &stored, &why), ERR_BAD_INPUT);
	s[200] = '\0';
	assert_int_equal(app_profile_field_check(a, &f, v, 1, &stored, &why), ERR_OK);

	/* a held answer survives an edit of the choices; repeats count once */
	struct db_field m = {.label = "Interests", .kind = "multi",
	    .choices = "Reading, writing\nMusic\nSport"};
	const char *picks[] = {"Reading, writing", "Music", "Music", "Old choice"};
	stored = "Old choice";
	assert_int_equal(app_profile_field_check(a, &m, picks, 4, &stored, &why), ERR_OK);
	assert_string_equal(stored, "Reading, writing\nMusic\nOld choice");
	stored = NULL;
	assert_int_equal(app_profile_field_check(a, &m, picks, 4, &stored, &why),
	    ERR_BAD_INPUT);
	struct db_field c = {.label = "Ethnicity", .kind = "choice", .choices = "A\nB"};
	const char *one[] = {"Other ethnic group"};
	stored = "Other ethnic group";
	assert_int_equal(app_profile_field_check(a, &c, one, 1, &stored, &why), ERR_OK);
	assert_string_equal(stored, "Other ethnic group");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visibility_table),
		cmocka_unit_test(test_visibility_parse),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_field_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
