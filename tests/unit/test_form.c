/*
 * test_form.c - form_parse_urlencoded, form_decode, utf8_valid, param_find.
 *
 * Table-driven (curl unit1302 style): each row is an input and what must
 * come out of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "http/form.h"

#define MAX_PAIRS 4

struct pair {
	const char *name;
	const char *value;
};

struct parse_case {
	const char *in;
	size_t max_fields;
	enum err rc;
	size_t n;
	struct pair want[MAX_PAIRS];
};

static const struct parse_case parse_cases[] = {
	{ "", 10, ERR_OK, 0, { { 0 } } },
	{ "a=1", 10, ERR_OK, 1, { { "a", "1" } } },
	{ "a=1&b=2", 10, ERR_OK, 2, { { "a", "1" }, { "b", "2" } } },
	{ "a=1&&b=2", 10, ERR_OK, 2, { { "a", "1" }, { "b", "2" } } },
	{ "&&a=1&", 10, ERR_OK, 1, { { "a", "1" } } },
	{ "&&&", 0, ERR_OK, 0, { { 0 } } },
	{ "flag", 10, ERR_OK, 1, { { "flag", "" } } },
	{ "flag&x=", 10, ERR_OK, 2, { { "flag", "" }, { "x", "" } } },
	{ "=v", 10, ERR_OK, 1, { { "", "v" } } },
	{ "=", 10, ERR_OK, 1, { { "", "" } } },
	{ "a=b=c", 10, ERR_OK, 1, { { "a", "b=c" } } },
	{ "a+b=c+d", 10, ERR_OK, 1, { { "a b", "c d" } } },
	{ "a%2Bb=%2b%26%3D%25", 10, ERR_OK, 1, { { "a+b", "+&=%" } } },
	{ "q=caf%C3%A9", 10, ERR_OK, 1, { { "q", "caf\xc3\xa9" } } },
	{ "q=caf\xc3\xa9", 10, ERR_OK, 1, { { "q", "caf\xc3\xa9" } } },
	{ "q=%F0%9F%98%80", 10, ERR_OK, 1, { { "q", "\xf0\x9f\x98\x80" } } },
	{ "a=1;b=2", 10, ERR_OK, 1, { { "a", "1;b=2" } } },
	{ "x=%0D%0A", 10, ERR_OK, 1, { { "x", "\r\n" } } },
	{ "a=1&a=2", 10, ERR_OK, 2, { { "a", "1" }, { "a", "2" } } },
	/* bad escapes */
	{ "a=%", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "a=%4", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "a=%4g", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "a=%g4", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "%zz=1", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "a=%%41", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "ok=1&a=%", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	/* NUL */
	{ "a=%00", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "%00=a", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	/* invalid UTF-8 */
	{ "a=%FF", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "a=%C0%AF", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "a=%ED%A0%80", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "%C3=a", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	{ "a=\xc3", 10, ERR_BAD_INPUT, 0, { { 0 } } },
	/* limits */
	{ "a=1&b=2&c=3", 3, ERR_OK, 3,
	  { { "a", "1" }, { "b", "2" }, { "c", "3" } } },
	{ "a=1&b=2&c=3&d", 3, ERR_TOO_LARGE, 0, { { 0 } } },
	{ "a=1&&&b=2&&&", 2, ERR_OK, 2, { { "a", "1" }, { "b", "2" } } },
	{ "a", 0, ERR_TOO_LARGE, 0, { { 0 } } },
};

static void
test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]);
	    i++) {
		const struct parse_case *c = &parse_cases[i];
		struct arena *a = arena_new(0);
		struct param *list = (struct param *)1;
		enum err rc;
		size_t n = 0;

		rc = form_parse_urlencoded(a, c->in, strlen(c->in),
		    c->max_fields, &list);
		if (rc != c->rc)
			fail_msg("case %zu \"%s\": rc %d, want %d", i, c->in,
			    rc, c->rc);
		if (rc != ERR_OK)
			assert_null(list);
		for (const struct param *p = list; p != NULL; p = p->next) {
			assert_true(n < c->n);
			assert_string_equal(p->name, c->want[n].name);
			assert_string_equal(p->value, c->want[n].value);
			assert_int_equal(p->value_len,
			    strlen(c->want[n].value));
			n++;
		}
		if (n != c->n)
			fail_msg("case %zu \"%s\": %zu pairs, want %zu", i,
			    c->in, n, c->n);
		arena_free(a);
	}
}

/* A length, not strlen: the input may stop before a '%' escape ends. */
static void
test_parse_not_nul_terminated(void **state)
{
	struct arena *a = arena_new(0);
	struct param *list;
	const char in[] = "a=1&b=%41%42";

	(void)state;
	assert_int_equal(form_parse_urlencoded(a, in, 10, 10, &list),
	    ERR_BAD_INPUT);
	assert_int_equal(form_parse_urlencoded(a, in, 5, 10, &list), ERR_OK);
	assert_string_equal(list->next->name, "b");
	assert_string_equal(list->next->value, "");
	assert_int_equal(form_parse_urlencoded(a, NULL, 0, 10, &list), ERR_OK);
	assert_null(list);
	arena_free(a);
}

struct decode_case {
	const char *in;
	bool plus_is_space;
	enum err rc;
	const char *out;
};

static const struct decode_case decode_cases[] = {
	{ "", true, ERR_OK, "" },
	{ "abc", true, ERR_OK, "abc" },
	{ "a+b", true, ERR_OK, "a b" },
	{ "a+b", false, ERR_OK, "a+b" },
	{ "%2B", false, ERR_OK, "+" },
	{ "%41%62%7e", false, ERR_OK, "Ab~" },
	{ "%FF", false, ERR_OK, "\xff" },    /* no UTF-8 check here */
	{ "100%", false, ERR_BAD_INPUT, NULL },
	{ "%1", false, ERR_BAD_INPUT, NULL },
	{ "%-1", false, ERR_BAD_INPUT, NULL },
	{ "%00", false, ERR_BAD_INPUT, NULL },
	{ "% 1", false, ERR_BAD_INPUT, NULL },
};

static void
test_decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]);
	    i++) {
		const struct decode_case *c = &decode_cases[i];
		struct arena *a = arena_new(0);
		char *out;
		size_t out_len;
		enum err rc;

		rc = form_decode(a, c->in, strlen(c->in), c->plus_is_space,
		    &out, &out_len);
		if (rc != c->rc)
			fail_msg("case %zu \"%s\": rc %d", i, c->in, rc);
		if (rc == ERR_OK) {
			assert_string_equal(out, c->out);
			assert_int_equal(out_len, strlen(c->out));
		} else {
			assert_null(out);
			assert_int_equal(out_len, 0);
		}
		arena_free(a);
	}
}

static void
test_decode_raw_nul(void **state)
{
	struct arena *a = arena_new(0);
	char *out;
	size_t out_len;

	(void)state;
	assert_int_equal(form_decode(a, "a\0b", 3, false, &out, &out_len),
	    ERR_BAD_INPUT);
	arena_free(a);
}

struct utf8_case {
	const char *s;
	size_t len;     /* 0: strlen */
	bool is_valid;
};

static const struct utf8_case utf8_cases[] = {
	{ "", 0, true },
	{ "plain ascii", 0, true },
	{ "\x7f", 0, true },
	{ "\xc2\x80", 0, true },                /* U+0080 */
	{ "\xdf\xbf", 0, true },                /* U+07FF */
	{ "\xe0\xa0\x80", 0, true },            /* U+0800 */
	{ "\xed\x9f\xbf", 0, true },            /* U+D7FF */
	{ "\xee\x80\x80", 0, true },            /* U+E000 */
	{ "\xef\xbf\xbf", 0, true },            /* U+FFFF */
	{ "\xf0\x90\x80\x80", 0, true },        /* U+10000 */
	{ "\xf4\x8f\xbf\xbf", 0, true },        /* U+10FFFF */
	{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0, true },
	{ "\0", 1, true },                      /* NUL is valid UTF-8 */
	{ "\x80", 0, false },                   /* lone continuation */
	{ "\xbf", 0, false },
	{ "\xc0\x80", 0, false },               /* overlong NUL */
	{ "\xc1\xbf", 0, false },               /* overlong */
	{ "\xe0\x80\x80", 0, false },           /* overlong */
	{ "\xe0\x9f\xbf", 0, false },           /* overlong */
	{ "\xf0\x80\x80\x80", 0, false },       /* overlong */
	{ "\xf0\x8f\xbf\xbf", 0, false },       /* overlong */
	{ "\xed\xa0\x80", 0, false },           /* U+D800 */
	{ "\xed\xbf\xbf", 0, false },           /* U+DFFF */
	{ "\xf4\x90\x80\x80", 0, false },       /* U+110000 */
	{ "\xf5\x80\x80\x80", 0, false },
	{ "\xf8\x88\x80\x80\x80", 0, false },
	{ "\xfe", 0, false },
	{ "\xff", 0, false },
	{ "\xc3", 0, false },                   /* truncated */
	{ "\xe2\x82", 0, false },
	{ "\xf0\x9f\x98", 0, false },
	{ "\xc3\x28", 0, false },               /* bad continuation */
	{ "\xe2\x28\xa1", 0, false },
	{ "\xe2\x82\x28", 0, false },
	{ "\xf0\x9f\x28\x80", 0, false },
	{ "ok\xc3\xa9\xc3", 0, false },
	{ "\xe2\x82\xac", 2, false },           /* cut by len */
};

static void
test_utf8_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]);
	    i++) {
		const struct utf8_case *c = &utf8_cases[i];
		size_t len = c->len ? c->len : strlen(c->s);

		if (utf8_valid(c->s, len) != c->is_valid)
			fail_msg("utf8 case %zu: want %d", i, c->is_valid);
	}
}

static void
test_param_find(void **state)
{
	struct arena *a = arena_new(0);
	struct param *list;
	const char *in = "a=1&b=2&a=3&B=4";

	(void)state;
	assert_int_equal(form_parse_urlencoded(a, in, strlen(in), 10, &list),
	    ERR_OK);
	assert_string_equal(param_find(list, "a")->value, "1");
	assert_string_equal(param_find(list, "b")->value, "2");
	assert_string_equal(param_find(list, "B")->value, "4");
	assert_null(param_find(list, "c"));
	assert_null(param_find(list, ""));
	assert_null(param_find(NULL, "a"));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_not_nul_terminated),
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_decode_raw_nul),
		cmocka_unit_test(test_utf8_table),
		cmocka_unit_test(test_param_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
