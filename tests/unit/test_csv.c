/*
 * test_csv.c - core/csv.h: quoting, line breaks, the byte order mark,
 * blank lines, line numbers and refusals.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
