/*
 * test_strparse.c - core/strparse: the bounded parsers for untrusted text
 * (str_to_i64, str_to_size, str_to_bool, str_to_hostport), str_trim and
 * str_ct_equal, table-driven.  On failure the output is never written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/strparse.h"

#define BAD ERR_BAD_INPUT
#define SENTINEL_I64 ((int64_t)-424242)
#define SENTINEL_SIZE ((size_t)424242)

/* ---- str_to_i64 ---- */

struct i64_case {
	const char *s;
	int64_t min, max;
	enum err rc;
	int64_t want;
};

static const struct i64_case i64_cases[] = {
	{ "0", 0, 10, ERR_OK, 0 },
	{ "10", 0, 10, ERR_OK, 10 },
	{ "11", 0, 10, BAD, 0 },
	{ "-1", 0, 10, BAD, 0 },
	{ "-1", -5, 5, ERR_OK, -1 },
	{ "-5", -5, 5, ERR_OK, -5 },
	{ "-6", -5, 5, BAD, 0 },
	{ "+7", 0, 10, ERR_OK, 7 },
	{ "007", 0, 10, ERR_OK, 7 },
	{ "-0", 0, 10, ERR_OK, 0 },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, ERR_OK, INT64_MAX },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, ERR_OK, INT64_MIN },
	{ "9223372036854775808", INT64_MIN, INT64_MAX, BAD, 0 },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, BAD, 0 },
	{ "99999999999999999999999", INT64_MIN, INT64_MAX, BAD, 0 },
	/* malformed */
	{ NULL, 0, 10, BAD, 0 },
	{ "", 0, 10, BAD, 0 },
	{ "-", -5, 5, BAD, 0 },
	{ "+", 0, 10, BAD, 0 },
	{ "--1", -5, 5, BAD, 0 },
	{ "+-1", -5, 5, BAD, 0 },
	{ " 1", 0, 10, BAD, 0 },
	{ "1 ", 0, 10, BAD, 0 },
	{ "\t1", 0, 10, BAD, 0 },
	{ "1\n", 0, 10, BAD, 0 },
	{ "1a", 0, 10, BAD, 0 },
	{ "a1", 0, 10, BAD, 0 },
	{ "0x1", 0, 10, BAD, 0 },
	{ "1.0", 0, 10, BAD, 0 },
	{ "1e1", 0, 100, BAD, 0 },
	{ "1,000", 0, 10000, BAD, 0 },
	{ "\xd9\xa1", 0, 10, BAD, 0 },   /* ARABIC-INDIC DIGIT ONE */
};

static void
test_i64_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(i64_cases) / sizeof(i64_cases[0]); i++) {
		const struct i64_case *c = &i64_cases[i];
		int64_t v = SENTINEL_I64;
		enum err rc = str_to_i64(c->s, c->min, c->max, &v);

		if (rc != c->rc)
			fail_msg("case %zu \"%s\": rc %d, want %d", i,
			    c->s ? c->s : "(null)", rc, c->rc);
		if (rc == ERR_OK && v != c->want)
			fail_msg("case %zu \"%s\": %lld", i, c->s, (long long)v);
		if (rc != ERR_OK && v != SENTINEL_I64)
			fail_msg("case %zu: output written on failure", i);
	}
}

/* ---- str_to_size ---- */

#define K ((size_t)1024)
#define M (K * K)
#define G (K * M)

struct size_case {
	const char *s;
	size_t max;
	enum err rc;
	size_t want;
};

static const struct size_case size_cases[] = {
	{ "0", SIZE_MAX, ERR_OK, 0 },
	{ "512", SIZE_MAX, ERR_OK, 512 },
	{ "512b", SIZE_MAX, BAD, 0 },       /* "b" only after a multiplier */
	{ "64k", SIZE_MAX, ERR_OK, 64 * K },
	{ "64K", SIZE_MAX, ERR_OK, 64 * K },
	{ "1kb", SIZE_MAX, ERR_OK, K },
	{ "1KB", SIZE_MAX, ERR_OK, K },
	{ "10M", SIZE_MAX, ERR_OK, 10 * M },
	{ "10m", SIZE_MAX, ERR_OK, 10 * M },
	{ "1G", SIZE_MAX, ERR_OK, G },
	{ "3g", SIZE_MAX, ERR_OK, 3 * G },
	/* the maximum, also after scaling */
	{ "1024", 1024, ERR_OK, 1024 },
	{ "1025", 1024, BAD, 0 },
	{ "1k", 1024, ERR_OK, 1024 },
	{ "1k", 1023, BAD, 0 },
	{ "2k", 2047, BAD, 0 },
	{ "1M", M, ERR_OK, M },
	{ "1025k", M, BAD, 0 },
	{ "0k", 0, ERR_OK, 0 },
	/* overflow of v * mult is caught, not wrapped */
	{ "17179869183G", SIZE_MAX, ERR_OK, (size_t)17179869183ULL * G },
	{ "17179869184G", SIZE_MAX, BAD, 0 },
	{ "18446744073709551615", SIZE_MAX, ERR_OK, SIZE_MAX },
	{ "18446744073709551616", SIZE_MAX, BAD, 0 },
	/* malformed */
	{ NULL, SIZE_MAX, BAD, 0 },
	{ "", SIZE_MAX, BAD, 0 },
	{ "k", SIZE_MAX, BAD, 0 },
	{ "-1", SIZE_MAX, BAD, 0 },
	{ "+1", SIZE_MAX, BAD, 0 },
	{ " 1", SIZE_MAX, BAD, 0 },
	{ "1 ", SIZE_MAX, BAD, 0 },
	{ "1 k", SIZE_MAX, BAD, 0 },
	{ "1kk", SIZE_MAX, BAD, 0 },
	{ "1bb", SIZE_MAX, BAD, 0 },
	{ "1T", SIZE_MAX, BAD, 0 },
	{ "1.5M", SIZE_MAX, BAD, 0 },
	{ "0x10", SIZE_MAX, BAD, 0 },
	{ "10MiB", SIZE_MAX, BAD, 0 },
};

static void
test_size_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
		const struct size_case *c = &size_cases[i];
		size_t v = SENTINEL_SIZE;
		enum err rc = str_to_size(c->s, c->max, &v);

		if (rc != c->rc)
			fail_msg("case %zu \"%s\": rc %d, want %d", i,
			    c->s ? c->s : "(null)", rc, c->rc);
		if (rc == ERR_OK && v != c->want)
			fail_msg("case %zu \"%s\": %zu, want %zu", i, c->s, v, c->want);
		if (rc != ERR_OK && v != SENTINEL_SIZE)
			fail_msg("case %zu: output written on failure", i);
	}
}

/* ---- str_to_bool ---- */

struct bool_case {
	const char *s;
	enum err rc;
	bool want;
};

static const struct bool_case bool_cases[] = {
	{ "true", ERR_OK, true }, { "yes", ERR_OK, true },
	{ "on", ERR_OK, true }, { "1", ERR_OK, true },
	{ "TRUE", ERR_OK, true }, { "Yes", ERR_OK, true }, { "oN", ERR_OK, true },
	{ "false", ERR_OK, false }, { "no", ERR_OK, false },
	{ "off", ERR_OK, false }, { "0", ERR_OK, false },
	{ "FALSE", ERR_OK, false }, { "No", ERR_OK, false }, { "OFF", ERR_OK, false },
	{ "", BAD, false }, { "2", BAD, false }, { "y", BAD, false },
	{ "t", BAD, false }, { "truee", BAD, false }, { " true", BAD, false },
	{ "true ", BAD, false }, { "01", BAD, false }, { "enabled", BAD, false },
};

static void
test_bool_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bool_cases) / sizeof(bool_cases[0]); i++) {
		const struct bool_case *c = &bool_cases[i];
		/* start from the opposite so a missing write shows */
		bool v = !c->want;
		enum err rc = str_to_bool(c->s, &v);

		if (rc != c->rc)
			fail_msg("case %zu \"%s\": rc %d", i, c->s, rc);
		if (rc == ERR_OK && v != c->want)
			fail_msg("case %zu \"%s\": %d", i, c->s, v);
		if (rc != ERR_OK && v != !c->want)
			fail_msg("case %zu: output written on failure", i);
	}
}

/* ---- str_to_hostport ---- */

struct hp_case {
	const char *s;
	size_t hostlen;
	enum err rc;
	const char *host;
	uint16_t port;
};

static const struct hp_case hp_cases[] = {
	{ "127.0.0.1:8080", 64, ERR_OK, "127.0.0.1", 8080 },
	{ "localhost:0", 64, ERR_OK, "localhost", 0 },
	{ "example.org:65535", 64, ERR_OK, "example.org", 65535 },
	{ "[::1]:8080", 64, ERR_OK, "::1", 8080 },
	{ "[2001:db8::1]:443", 64, ERR_OK, "2001:db8::1", 443 },
	{ "0.0.0.0:80", 64, ERR_OK, "0.0.0.0", 80 },
	/* the host buffer bound: hlen must be < hostlen */
	{ "abcdefg:1", 8, ERR_OK, "abcdefg", 1 },
	{ "abcdefgh:1", 8, BAD, NULL, 0 },
	{ "[abcdefgh]:1", 8, BAD, NULL, 0 },
	/* malformed */
	{ "", 64, BAD, NULL, 0 },
	{ "localhost", 64, BAD, NULL, 0 },
	{ ":8080", 64, BAD, NULL, 0 },
	{ "localhost:", 64, BAD, NULL, 0 },
	{ "localhost:65536", 64, BAD, NULL, 0 },
	{ "localhost:-1", 64, BAD, NULL, 0 },
	{ "localhost:80x", 64, BAD, NULL, 0 },
	{ "localhost:http", 64, BAD, NULL, 0 },
	{ "localhost:80 ", 64, BAD, NULL, 0 },
	{ "[::1]", 64, BAD, NULL, 0 },
	{ "[::1]8080", 64, BAD, NULL, 0 },
	{ "[::1:8080", 64, BAD, NULL, 0 },
	{ "[]:80", 64, BAD, NULL, 0 },
};

static void
test_hostport_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hp_cases) / sizeof(hp_cases[0]); i++) {
		const struct hp_case *c = &hp_cases[i];
		char host[64] = "untouched";
		uint16_t port = 4242;
		enum err rc = str_to_hostport(c->s, host, c->hostlen, &port);

		if (rc != c->rc)
			fail_msg("case %zu \"%s\": rc %d, want %d", i, c->s, rc, c->rc);
		if (rc == ERR_OK && (strcmp(host, c->host) != 0 || port != c->port))
			fail_msg("case %zu \"%s\": \"%s\" %u", i, c->s, host, port);
		if (rc != ERR_OK && (strcmp(host, "untouched") != 0 || port != 4242))
			fail_msg("case %zu: output written on failure", i);
	}
}

/* ---- str_trim ---- */

struct trim_case {
	const char *s;
	const char *want;
};

static const struct trim_case trim_cases[] = {
	{ "", "" },
	{ " ", "" },
	{ " \t\r\n\v\f", "" },
	{ "abc", "abc" },
	{ "  abc", "abc" },
	{ "abc  ", "abc" },
	{ " \ta b\tc \r\n", "a b\tc" },
	{ "\xc2\xa0x\xc2\xa0", "\xc2\xa0x\xc2\xa0" },   /* NBSP is not ASCII space */
	{ "caf\xc3\xa9 ", "caf\xc3\xa9" },
};

static void
test_trim_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(trim_cases) / sizeof(trim_cases[0]); i++) {
		char buf[64];

		snprintf(buf, sizeof(buf), "%s", trim_cases[i].s);
		assert_ptr_equal(str_trim(buf), buf);
		if (strcmp(buf, trim_cases[i].want) != 0)
			fail_msg("case %zu: \"%s\"", i, buf);
	}
}

/* ---- str_ct_equal ---- */

struct ct_case {
	const char *a, *b;
	size_t len;
	bool want;
};

static const struct ct_case ct_cases[] = {
	{ "", "", 0, true },
	{ "a", "b", 0, true },                 /* nothing compared */
	{ "secret", "secret", 6, true },
	{ "secret", "Secret", 6, false },      /* first byte */
	{ "secret", "secreT", 6, false },      /* last byte */
	{ "secret", "secrex", 5, true },       /* only len bytes count */
	{ "a\0b", "a\0c", 3, false },          /* not a string compare */
	{ "a\0b", "a\0b", 3, true },
	{ "\x80", "\x00", 1, false },
	{ "\xff\xff", "\xff\xfe", 2, false },
};

static void
test_ct_equal_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ct_cases) / sizeof(ct_cases[0]); i++) {
		const struct ct_case *c = &ct_cases[i];

		if (str_ct_equal(c->a, c->b, c->len) != c->want)
			fail_msg("case %zu: want %d", i, c->want);
		if (str_ct_equal(c->b, c->a, c->len) != c->want)
			fail_msg("case %zu reversed: want %d", i, c->want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i64_table),
		cmocka_unit_test(test_size_table),
		cmocka_unit_test(test_bool_table),
		cmocka_unit_test(test_hostport_table),
		cmocka_unit_test(test_trim_table),
		cmocka_unit_test(test_ct_equal_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
