/*
 * test_buf.c - core/buf: appends, growth, the hard maximum and its sticky
 * error, reset, take, and arena-backed buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"

static void
test_empty_buf(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(b.max, BUF_MAX_DEFAULT);
	assert_null(b.data);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	assert_false(buf_err(&b));
	buf_free(&b);
}

static void
test_append_kinds(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_append(&b, "def", 2);
	buf_printf(&b, "[%d|%s|%03x]", -7, "z", 255);
	buf_append(&b, "", 0);
	buf_puts(&b, "");
	assert_string_equal(buf_str(&b), "abcde[-7|z|0ff]");
	assert_int_equal(b.len, strlen("abcde[-7|z|0ff]"));
	assert_false(buf_err(&b));
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

/* Embedded NUL bytes are data: len counts them, the terminator follows. */
static void
test_binary_append(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_append(&b, "a\0b", 3);
	buf_putc(&b, '\0');
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "a\0b\0", 5);
	buf_free(&b);
}

/* Growth across many doublings keeps every byte, and stays terminated. */
static void
test_growth_preserves_content(void **state)
{
	struct buf b, a_buf;
	struct arena *a = arena_new(0);

	(void)state;
	buf_init(&b, 0);
	buf_init_arena(&a_buf, a, 0);
	for (int i = 0; i < 5000; i++) {
		buf_printf(&b, "%04d,", i);
		buf_printf(&a_buf, "%04d,", i);
		assert_int_equal(b.data[b.len], '\0');
		assert_true(b.cap > b.len);
	}
	assert_int_equal(b.len, 25000);
	assert_int_equal(a_buf.len, 25000);
	for (int i = 0; i < 5000; i++) {
		char want[6];
		snprintf(want, sizeof(want), "%04d,", i);
		if (memcmp(b.data + i * 5, want, 5) != 0 ||
		    memcmp(a_buf.data + i * 5, want, 5) != 0)
			fail_msg("entry %d lost", i);
	}
	buf_free(&b);
	buf_free(&a_buf);   /* a no-op for the arena buffer */
	arena_free(a);
}

struct max_case {
	size_t max;
	const char *parts[4];   /* appended in order, NULL-terminated */
	const char *want;       /* contents at the end */
	bool is_err;
};

static const struct max_case max_cases[] = {
	{ 5, { "abc", NULL }, "abc", false },
	{ 5, { "abcde", NULL }, "abcde", false },          /* exactly max */
	{ 5, { "abcdef", NULL }, "", true },
	{ 5, { "abc", "de", NULL }, "abcde", false },
	{ 5, { "abc", "def", NULL }, "abc", true },        /* keeps what it had */
	{ 5, { "abc", "def", "d", NULL }, "abc", true },   /* sticky: "d" fits */
	{ 5, { "abcde", "x", NULL }, "abcde", true },
	{ 1, { "", "x", NULL }, "x", false },
	{ 1, { "x", "", NULL }, "x", false },              /* 0 bytes never err */
	{ 300, { "0123456789", NULL }, "0123456789", false },
};

static void
test_max_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(max_cases) / sizeof(max_cases[0]); i++) {
		const struct max_case *c = &max_cases[i];
		struct buf b;

		buf_init(&b, c->max);
		for (size_t k = 0; c->parts[k] != NULL; k++)
			buf_puts(&b, c->parts[k]);
		if (strcmp(buf_str(&b), c->want) != 0 || buf_err(&b) != c->is_err)
			fail_msg("case %zu: \"%s\" err=%d", i, buf_str(&b), buf_err(&b));
		assert_int_equal(b.len, strlen(c->want));
		assert_true(b.len <= c->max);
		buf_free(&b);
	}
}

/* The same limit applies to every kind of append. */
static void
test_max_applies_to_printf_and_putc(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	buf_printf(&b, "%d", 1234);
	assert_false(buf_err(&b));
	buf_putc(&b, 'x');
	assert_true(buf_err(&b));
	assert_string_equal(buf_str(&b), "1234");

	buf_reset(&b);
	buf_printf(&b, "%s", "12345");
	assert_true(buf_err(&b));
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

/* A length that would overflow len + n is refused, not wrapped. */
static void
test_huge_append_refused(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "ok");
	buf_append(&b, "x", SIZE_MAX);
	assert_true(buf_err(&b));
	buf_append(&b, "x", SIZE_MAX - 1);
	assert_string_equal(buf_str(&b), "ok");
	buf_free(&b);

	buf_init(&b, SIZE_MAX);
	buf_puts(&b, "ok");
	buf_append(&b, "x", SIZE_MAX - 1);   /* len + n passes SIZE_MAX */
	assert_true(buf_err(&b));
	assert_string_equal(buf_str(&b), "ok");
	buf_free(&b);
}

static void
test_reset_clears_error_keeps_memory(void **state)
{
	struct buf b;
	char *data;
	size_t cap;

	(void)state;
	buf_init(&b, 8);
	buf_puts(&b, "12345678");
	buf_putc(&b, '9');
	assert_true(buf_err(&b));
	data = b.data;
	cap = b.cap;
	buf_reset(&b);
	assert_false(buf_err(&b));
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	buf_puts(&b, "again");
	assert_string_equal(buf_str(&b), "again");
	buf_free(&b);
	buf_reset(&b);   /* on a freed (empty) buffer: harmless */
	assert_string_equal(buf_str(&b), "");
}

static void
test_take_heap(void **state)
{
	struct buf b;
	size_t len = 99;
	char *s;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "hello");
	s = buf_take(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_str(&b), "");
	free(s);   /* the caller owns it now */

	/* an empty buffer still gives a string */
	s = buf_take(&b, NULL);
	assert_string_equal(s, "");
	free(s);

	/* the buffer is usable after a take */
	buf_puts(&b, "more");
	assert_string_equal(buf_str(&b), "more");
	buf_free(&b);
}

static void
test_take_arena(void **state)
{
	struct arena *a = arena_new(0);
	struct buf b;
	size_t len;
	char *s, *e;

	(void)state;
	buf_init_arena(&b, a, 0);
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "0123456789");
	s = buf_take(&b, &len);
	assert_int_equal(len, 1000);
	assert_int_equal(strlen(s), 1000);
	assert_int_equal(s[999], '9');
	assert_null(b.data);
	e = buf_take(&b, &len);
	assert_string_equal(e, "");
	assert_int_equal(len, 0);
	buf_free(&b);
	/* s and e belong to the arena; freeing it frees them (ASan checks) */
	arena_free(a);
}

static void
vappend(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
vappend(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

static void
test_vprintf_long(void **state)
{
	struct buf b;
	char big[1000];

	(void)state;
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 0);
	buf_puts(&b, ">");
	vappend(&b, "%s|%s", big, big);
	assert_int_equal(b.len, 1 + 999 + 1 + 999);
	assert_int_equal(b.data[1000], '|');
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_buf),
		cmocka_unit_test(test_append_kinds),
		cmocka_unit_test(test_binary_append),
		cmocka_unit_test(test_growth_preserves_content),
		cmocka_unit_test(test_max_table),
		cmocka_unit_test(test_max_applies_to_printf_and_putc),
		cmocka_unit_test(test_huge_append_refused),
		cmocka_unit_test(test_reset_clears_error_keeps_memory),
		cmocka_unit_test(test_take_heap),
		cmocka_unit_test(test_take_arena),
		cmocka_unit_test(test_vprintf_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
