/*
 * test_csv.c - core/csv.h: quoting, line breaks, the byte order mark,
 * blank lines, line numbers and refusals, among them text that is not
 * UTF-8 (L4: refused with its line, for both imports).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "core/csv.h"

static enum err
parse(struct arena *a, const char *text, struct csv_row **rows, size_t *n, size_t *line)
{
	return csv_parse(a, text, strlen(text), 100, 10, rows, n, line);
}

static void
test_plain_and_quoted(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct csv_row *r;
	size_t n, line;
	assert_int_equal(parse(a, "\xEF\xBB\xBFname,email\r\n"
	    "\"Okafor, Chidi\",c@x.nhs.uk\r\n"
	    "\r\n"
	    "\"Say \"\"hi\"\"\",\"two\nlines\"\n"
	    "last,\n", &r, &n, &line), ERR_OK);
	assert_int_equal(n, 4);
	assert_string_equal(r[0].f[0], "name");
	assert_int_equal(r[0].line, 1);
	assert_string_equal(r[1].f[0], "Okafor, Chidi");
	assert_string_equal(r[1].f[1], "c@x.nhs.uk");
	assert_int_equal(r[1].line, 2);
	assert_string_equal(r[2].f[0], "Say \"hi\"");
	assert_string_equal(r[2].f[1], "two\nlines");
	assert_int_equal(r[2].line, 4);
	assert_int_equal(r[3].n, 2);
	assert_string_equal(r[3].f[1], "");
	assert_int_equal(r[3].line, 6);
	/* no final line break; CR alone */
	assert_int_equal(parse(a, "a,b\rc,d", &r, &n, &line), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(r[1].f[1], "d");
	assert_int_equal(r[1].line, 2);
	/* a quoted empty field is a row */
	assert_int_equal(parse(a, "\"\"\n", &r, &n, &line), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(parse(a, "", &r, &n, &line), ERR_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void
test_refusals(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct csv_row *r;
	size_t n, line;
	assert_int_equal(parse(a, "a,b\n\"open,c\n", &r, &n, &line), ERR_BAD_INPUT);
	assert_int_equal(line, 3);
	assert_int_equal(parse(a, "a,b\nx\"y,c\n", &r, &n, &line), ERR_BAD_INPUT);
	assert_int_equal(line, 2);
	assert_int_equal(parse(a, "\"a\"b,c\n", &r, &n, &line), ERR_BAD_INPUT);
	assert_int_equal(line, 1);
	assert_int_equal(csv_parse(a, "a\0b\n", 4, 100, 10, &r, &n, &line), ERR_BAD_INPUT);
	assert_int_equal(csv_parse(a, "a\nb\nc\n", 6, 2, 10, &r, &n, &line), ERR_TOO_LARGE);
	assert_int_equal(csv_parse(a, "a,b,c\n", 6, 10, 2, &r, &n, &line), ERR_TOO_LARGE);
	arena_free(a);
}

/* L4: bytes that are not well-formed UTF-8, with the line of the first. */
#define T(s) s, sizeof(s) - 1
static void
test_not_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
		enum csv_fault fault;
		size_t line;
	} cases[] = {
		{T("username\n\xff\xfe" "abc\n"), CSV_FAULT_NOT_UTF8, 2},
		{T("\xff\xfeu\0s\0"), CSV_FAULT_NOT_UTF8, 1},          /* UTF-16 LE */
		{T("\xfe\xff\0u\0s"), CSV_FAULT_NOT_UTF8, 1},          /* UTF-16 BE */
		{T("a\r\nb\r\nRen\xe9\n"), CSV_FAULT_NOT_UTF8, 3},  /* Windows-1252 */
		{T("a\rb\rc\xc3"), CSV_FAULT_NOT_UTF8, 3},              /* cut short */
		{T("\xc0\xaf\n"), CSV_FAULT_NOT_UTF8, 1},               /* overlong / */
		{T("\xe0\x80\xaf\n"), CSV_FAULT_NOT_UTF8, 1},          /* overlong */
		{T("\xed\xa0\x80\n"), CSV_FAULT_NOT_UTF8, 1},          /* a surrogate */
		{T("\xf4\x90\x80\x80\n"), CSV_FAULT_NOT_UTF8, 1},     /* past U+10FFFF */
		{T("\"two\nlines\xa0\"\n"), CSV_FAULT_NOT_UTF8, 2},
		{T("a\0b\n"), CSV_FAULT_NUL, 1},
		{T("a,b\n\"open,c\n"), CSV_FAULT_QUOTE, 3},
		{T("a\nb\nc\n"), CSV_FAULT_ROWS, 3},
		/* well-formed: 2, 3 and 4 bytes, a BOM */
		{T("\xef\xbb\xbfRen\xc3\xa9" "e,\xe2\x86\x92,\xf0\x9f\x98\x80\n"),
		    CSV_FAULT_NONE, 0},
	};
	struct arena *a = arena_new(0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct csv_row *r;
		size_t n, line = 99;
		struct csv_error e;
		enum err rc = csv_parse_ex(a, cases[i].text, cases[i].len, 2, 10, &r, &n, &e);
		assert_int_equal(e.fault, cases[i].fault);
		assert_int_equal(e.line, cases[i].line);
		assert_int_equal(rc, cases[i].fault == CSV_FAULT_NONE ? ERR_OK :
		    cases[i].fault == CSV_FAULT_ROWS ? ERR_TOO_LARGE : ERR_BAD_INPUT);
		/* csv_parse: the same answer, and the line */
		assert_int_equal(csv_parse(a, cases[i].text, cases[i].len, 2, 10, &r, &n, &line),
		    rc);
		assert_int_equal(line, cases[i].line);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_not_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
