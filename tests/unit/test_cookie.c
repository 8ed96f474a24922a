/*
 * test_cookie.c - cookie_parse, table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "http/cookie.h"
#include "http/form.h"

#define MAX_PAIRS 4

struct pair {
	const char *name;
	const char *value;
};

struct cookie_case {
	const char *header;     /* NULL: no header */
	size_t max_cookies;
	size_t n;
	struct pair want[MAX_PAIRS];
};

static const struct cookie_case cookie_cases[] = {
	{ NULL, 10, 0, { { 0 } } },
	{ "", 10, 0, { { 0 } } },
	{ "a=1", 10, 1, { { "a", "1" } } },
	{ "a=1; b=2", 10, 2, { { "a", "1" }, { "b", "2" } } },
	{ "a=1;b=2;", 10, 2, { { "a", "1" }, { "b", "2" } } },
	{ "  a = 1 ;\tb=2\t", 10, 2, { { "a", "1" }, { "b", "2" } } },
	{ "a=", 10, 1, { { "a", "" } } },
	{ "a=\"quoted\"", 10, 1, { { "a", "quoted" } } },
	{ "a=\"\"", 10, 1, { { "a", "" } } },
	{ "a=\"", 10, 1, { { "a", "\"" } } },
	{ "a=\"x", 10, 1, { { "a", "\"x" } } },
	{ "a=\"\"x\"\"", 10, 1, { { "a", "\"x\"" } } },
	{ "a=b=c", 10, 1, { { "a", "b=c" } } },
	{ "a=%41", 10, 1, { { "a", "%41" } } },   /* not decoded */
	{ "a=x y", 10, 1, { { "a", "x y" } } },
	{ "a=caf\xc3\xa9", 10, 1, { { "a", "caf\xc3\xa9" } } },
	{ "A=1; a=2", 10, 2, { { "A", "1" }, { "a", "2" } } },
	{ "a=1; a=2", 10, 2, { { "a", "1" }, { "a", "2" } } },
	/* malformed pairs are skipped */
	{ "noequals; a=1", 10, 1, { { "a", "1" } } },
	{ "=1; a=1", 10, 1, { { "a", "1" } } },
	{ " =1;a=1", 10, 1, { { "a", "1" } } },
	{ "a b=1; c=2", 10, 1, { { "c", "2" } } },
	{ "a=1\x01; b=2", 10, 1, { { "b", "2" } } },
	{ "a=1\x7f; b=2", 10, 1, { { "b", "2" } } },
	{ "a=x\ty; b=2", 10, 1, { { "b", "2" } } },
	{ "a=\xff; b=2", 10, 1, { { "b", "2" } } },
	{ "\xc3\xa9=1; b=2", 10, 1, { { "b", "2" } } },
	{ ";;; ; a=1 ;;", 10, 1, { { "a", "1" } } },
	/* limit: extra pairs ignored, only kept ones count */
	{ "a=1; b=2; c=3", 2, 2, { { "a", "1" }, { "b", "2" } } },
	{ "bad; a=1; bad; b=2; c=3", 2, 2, { { "a", "1" }, { "b", "2" } } },
	{ "a=1", 0, 0, { { 0 } } },
};

static void
test_cookie_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cookie_cases) / sizeof(cookie_cases[0]);
	    i++) {
		const struct cookie_case *c = &cookie_cases[i];
		struct arena *a = arena_new(0);
		struct param *list = (struct param *)1;
		size_t n = 0;

		assert_int_equal(cookie_parse(a, c->header, c->max_cookies,
		    &list), ERR_OK);
		for (const struct param *p = list; p != NULL; p = p->next) {
			if (n >= c->n)
				fail_msg("case %zu: too many pairs", i);
			if (strcmp(p->name, c->want[n].name) != 0 ||
			    strcmp(p->value, c->want[n].value) != 0)
				fail_msg("case %zu pair %zu: \"%s\"=\"%s\"", i,
				    n, p->name, p->value);
			assert_int_equal(p->value_len,
			    strlen(c->want[n].value));
			n++;
		}
		if (n != c->n)
			fail_msg("case %zu: %zu pairs, want %zu", i, n, c->n);
		arena_free(a);
	}
}

static void
test_cookie_find(void **state)
{
	struct arena *a = arena_new(0);
	struct param *list;

	(void)state;
	cookie_parse(a, "sid=abc; theme=dark; sid=old", 10, &list);
	assert_string_equal(param_find(list, "sid")->value, "abc");
	assert_string_equal(param_find(list, "theme")->value, "dark");
	assert_null(param_find(list, "Theme"));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_table),
		cmocka_unit_test(test_cookie_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
