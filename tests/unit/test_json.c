/*
 * test_json.c - view/json: json_decode_bounded accepts exactly one valid
 * JSON value, refuses nesting deeper than max_depth (brackets inside
 * strings do not count), duplicate keys and any NUL; json_set_str.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "view/json.h"

#define OK ERR_OK
#define BAD ERR_BAD_INPUT

struct json_case {
	const char *s;
	size_t len;          /* 0: strlen(s) */
	size_t max_depth;
	enum err rc;
};

static const struct json_case cases[] = {
	/* valid documents, any top-level value */
	{ "{}", 0, 1, OK },
	{ "[]", 0, 1, OK },
	{ "1", 0, 0, OK },
	{ "\"s\"", 0, 0, OK },
	{ "null", 0, 0, OK },
	{ "true", 0, 0, OK },
	{ " \n\t{ \"a\" : 1 } \n", 0, 1, OK },
	{ "{\"name\":\"Ann\",\"n\":5,\"ok\":true,\"x\":null,\"f\":1.5}", 0, 1, OK },
	{ "{\"caf\\u00e9\":\"\xe2\x82\xac\"}", 0, 1, OK },
	/* depth: [ and { both count; exactly max is fine */
	{ "[]", 0, 0, BAD },
	{ "{}", 0, 0, BAD },
	{ "[[1]]", 0, 1, BAD },
	{ "[[1]]", 0, 2, OK },
	{ "{\"a\":{\"b\":{}}}", 0, 2, BAD },
	{ "{\"a\":{\"b\":{}}}", 0, 3, OK },
	{ "[{\"a\":[{}]}]", 0, 3, BAD },
	{ "[{\"a\":[{}]}]", 0, 4, OK },
	{ "[[],[],[],[]]", 0, 2, OK },         /* siblings do not add up */
	{ "[[[]],[[]]]", 0, 2, BAD },
	/* brackets inside strings do not count, escapes are followed */
	{ "[\"[[[[[[{{{{\"]", 0, 1, OK },
	{ "[\"\\\"[[[[\"]", 0, 1, OK },        /* escaped quote stays inside */
	{ "[\"\\\\\",[]]", 0, 1, BAD },        /* "\\" ends there: [] is real */
	{ "[\"\\\\\",[]]", 0, 2, OK },
	{ "{\"[[[\":\"}}}\"}", 0, 1, OK },
	/* duplicate keys, at any level */
	{ "{\"a\":1,\"a\":2}", 0, 4, BAD },
	{ "{\"a\":1,\"a\":1}", 0, 4, BAD },
	{ "{\"o\":{\"k\":1,\"k\":2}}", 0, 4, BAD },
	{ "[{\"k\":1},{\"k\":2}]", 0, 4, OK },  /* same key, different objects */
	{ "{\"a\":1,\"A\":2}", 0, 4, OK },
	/* NUL: raw anywhere, or escaped */
	{ "{\"a\":\"x\0y\"}", 11, 4, BAD },
	{ "{}\0", 3, 4, BAD },
	{ "\0{}", 3, 4, BAD },
	{ "{\"a\":\"x\\u0000y\"}", 0, 4, BAD },
	{ "{\"a\\u0000\":1}", 0, 4, BAD },
	/* malformed */
	{ "", 0, 4, BAD },
	{ "   ", 0, 4, BAD },
	{ "{", 0, 4, BAD },
	{ "}", 0, 4, BAD },
	{ "]]]][[", 0, 4, BAD },
	{ "{\"a\":}", 0, 4, BAD },
	{ "[1,]", 0, 4, BAD },
	{ "{\"a\":1,}", 0, 4, BAD },
	{ "{a:1}", 0, 4, BAD },
	{ "{'a':1}", 0, 4, BAD },
	{ "{} {}", 0, 4, BAD },                /* exactly one value */
	{ "{}x", 0, 4, BAD },
	{ "1 2", 0, 4, BAD },
	{ "NaN", 0, 4, BAD },
	{ "[01]", 0, 4, BAD },
	{ "\"\xff\"", 0, 4, BAD },             /* invalid UTF-8 */
	{ "\"a\nb\"", 0, 4, BAD },             /* raw control in a string */
	/* len bounds the input: the rest is not read */
	{ "{}garbage", 2, 1, OK },
	{ "{\"a\":1}", 6, 1, BAD },
};

static void
test_decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct json_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->s);
		json_t *v = (json_t *)1;
		enum err rc = json_decode_bounded(c->s, len, c->max_depth, &v);

		if (rc != c->rc)
			fail_msg("case %zu `%s` depth %zu: rc %d, want %d", i, c->s,
			    c->max_depth, rc, c->rc);
		if (rc == ERR_OK && v == NULL)
			fail_msg("case %zu: no value", i);
		if (rc != ERR_OK && v != NULL)
			fail_msg("case %zu: *out not NULL on failure", i);
		json_decref(rc == ERR_OK ? v : NULL);
	}
}

static void
test_decoded_values(void **state)
{
	static const char doc[] = "{\"name\":\"Ann\",\"n\":-5,\"list\":[1,2,3],"
	    "\"on\":false}";
	json_t *v;

	(void)state;
	assert_int_equal(json_decode_bounded(doc, strlen(doc), 2, &v), ERR_OK);
	assert_true(json_is_object(v));
	assert_string_equal(json_string_value(json_object_get(v, "name")), "Ann");
	assert_int_equal(json_integer_value(json_object_get(v, "n")), -5);
	assert_int_equal(json_array_size(json_object_get(v, "list")), 3);
	assert_true(json_is_false(json_object_get(v, "on")));
	json_decref(v);
}

/* A hostile body is refused by the pre-scan, without recursion. */
static void
test_deep_nesting_refused(void **state)
{
	size_t n = 100000;
	char *s = malloc(2 * n);
	json_t *v;

	(void)state;
	memset(s, '[', n);
	memset(s + n, ']', n);
	assert_int_equal(json_decode_bounded(s, 2 * n, 32, &v), ERR_BAD_INPUT);
	assert_null(v);
	/* and 32 deep is still fine */
	assert_int_equal(json_decode_bounded(s + n - 32, 64, 32, &v), ERR_OK);
	json_decref(v);
	free(s);
}

static void
test_set_str(void **state)
{
	json_t *o = json_object();

	(void)state;
	json_set_str(o, "a", "x");
	json_set_str(o, "b", NULL);
	json_set_str(o, "a", "y");   /* replaces */
	assert_int_equal(json_object_size(o), 2);
	assert_string_equal(json_string_value(json_object_get(o, "a")), "y");
	assert_true(json_is_null(json_object_get(o, "b")));
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_decoded_values),
		cmocka_unit_test(test_deep_nesting_refused),
		cmocka_unit_test(test_set_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
