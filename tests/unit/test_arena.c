/*
 * test_arena.c - core/arena: alignment, accounting, the copy helpers,
 * printf, block growth, dedicated blocks for large requests, reset and the
 * x* helpers.
 *
 * Everything goes through the public API; block behaviour is observed by
 * where the next allocation lands (contiguity, reuse of the first block).
 * Aborts (overflow) are checked in a forked child.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "core/arena.h"

#define ALIGN _Alignof(max_align_t)

static size_t
round_up(size_t n)
{
	if (n == 0)
		n = 1;
	return (n + ALIGN - 1) / ALIGN * ALIGN;
}

/* Sizes that straddle the alignment, half a block, a block and more. */
static const size_t sizes[] = {
	0, 1, 3, 7, 8, 15, 16, 17, 31, 100, 1000, 2047, 2048, 2049, 4095,
	4096, 4097, 10000, 100000, 1024 * 1024 + 1,
};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void
test_alloc_aligned_and_disjoint(void **state)
{
	struct arena *a = arena_new(0);
	unsigned char *p[NSIZES];

	(void)state;
	for (size_t i = 0; i < NSIZES; i++) {
		p[i] = arena_alloc(a, sizes[i]);
		assert_non_null(p[i]);
		if ((uintptr_t)p[i] % ALIGN != 0)
			fail_msg("size %zu: %p not aligned to %zu", sizes[i],
			    (void *)p[i], (size_t)ALIGN);
		memset(p[i], (int)(i + 1), sizes[i]);
	}
	/* No allocation overwrote another. */
	for (size_t i = 0; i < NSIZES; i++)
		for (size_t k = 0; k < sizes[i]; k++)
			if (p[i][k] != (unsigned char)(i + 1))
				fail_msg("size %zu: byte %zu overwritten", sizes[i], k);
	arena_free(a);
}

static void
test_used_counts_rounded_sizes(void **state)
{
	struct arena *a = arena_new(0);
	size_t want = 0;

	(void)state;
	assert_int_equal(arena_used(a), 0);
	for (size_t i = 0; i < NSIZES; i++) {
		arena_alloc(a, sizes[i]);
		want += round_up(sizes[i]);
		if (arena_used(a) != want)
			fail_msg("after size %zu: used %zu, want %zu", sizes[i],
			    arena_used(a), want);
	}
	arena_free(a);
}

static void
test_zero_length_allocations_distinct(void **state)
{
	struct arena *a = arena_new(0);
	void *x = arena_alloc(a, 0), *y = arena_alloc(a, 0);

	(void)state;
	assert_non_null(x);
	assert_non_null(y);
	assert_ptr_not_equal(x, y);
	arena_free(a);
}

/* Small allocations are carved one after another from the same block. */
static void
test_small_allocations_contiguous(void **state)
{
	struct arena *a = arena_new(0);
	char *x = arena_alloc(a, 10), *y = arena_alloc(a, 10);

	(void)state;
	assert_int_equal(y - x, (ptrdiff_t)round_up(10));
	arena_free(a);
}

/* The hint sizes the first block: that many bytes fit without a new one. */
static void
test_hint_sizes_first_block(void **state)
{
	struct arena *a = arena_new(65536);
	char *x = arena_alloc(a, 60000), *y = arena_alloc(a, 5000);

	(void)state;
	assert_int_equal(y - x, 60000);
	arena_free(a);
}

/* A request bigger than half a block gets a block of its own, and the
 * current block's free tail keeps serving small requests. */
static void
test_large_request_keeps_current_block(void **state)
{
	struct arena *a = arena_new(0);
	char *x = arena_alloc(a, 16);
	char *big = arena_alloc(a, 1024 * 1024);
	char *y = arena_alloc(a, 16);

	(void)state;
	memset(big, 0x5a, 1024 * 1024);
	assert_ptr_equal(y, x + 16);
	arena_free(a);
}

static void
test_calloc_zeroes_reused_memory(void **state)
{
	struct arena *a = arena_new(0);
	unsigned char *p;

	(void)state;
	memset(arena_alloc(a, 512), 0xff, 512);
	arena_reset(a);
	p = arena_calloc(a, 64, 8);
	for (size_t i = 0; i < 512; i++)
		if (p[i] != 0)
			fail_msg("byte %zu is %d", i, p[i]);
	assert_non_null(arena_calloc(a, 0, 8));
	assert_non_null(arena_calloc(a, 8, 0));
	arena_free(a);
}

struct dup_case {
	const char *s;
	size_t n;          /* for strndup */
	const char *want;
};

static const struct dup_case dup_cases[] = {
	{ "", 0, "" },
	{ "abc", 3, "abc" },
	{ "abc", 2, "ab" },
	{ "abc", 0, "" },
	{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	{ "caf\xc3\xa9", 4, "caf\xc3" },   /* bytes, not characters */
};

static void
test_strdup_strndup_table(void **state)
{
	struct arena *a = arena_new(0);

	(void)state;
	for (size_t i = 0; i < sizeof(dup_cases) / sizeof(dup_cases[0]); i++) {
		const struct dup_case *c = &dup_cases[i];
		char *d = arena_strdup(a, c->s);
		char *nd = arena_strndup(a, c->s, c->n);

		assert_ptr_not_equal(d, c->s);
		assert_string_equal(d, c->s);
		if (strcmp(nd, c->want) != 0)
			fail_msg("case %zu: strndup gave \"%s\"", i, nd);
		assert_int_equal(nd[c->n], '\0');
	}
	arena_free(a);
}

static void
test_memdup_copies_binary(void **state)
{
	struct arena *a = arena_new(0);
	static const unsigned char src[] = { 0, 1, 0, 255, 0 };
	unsigned char *d = arena_memdup(a, src, sizeof(src));

	(void)state;
	assert_ptr_not_equal(d, src);
	assert_memory_equal(d, src, sizeof(src));
	assert_non_null(arena_memdup(a, NULL, 0));
	arena_free(a);
}

static void
test_printf(void **state)
{
	struct arena *a = arena_new(0);
	char *big = xmalloc(10001);
	char *s;

	(void)state;
	assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "x", -42, 3.14159),
	    "x--42-003.1");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	/* Longer than a block: sized exactly, not truncated. */
	memset(big, 'q', 10000);
	big[10000] = '\0';
	s = arena_printf(a, "<%s>", big);
	assert_int_equal(strlen(s), 10002);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[10001], '>');
	assert_int_equal(s[5000], 'q');
	free(big);
	arena_free(a);
}

/* After growing into more blocks, reset frees them and the next
 * allocation comes from the first block again. */
static void
test_reset_reuses_first_block(void **state)
{
	struct arena *a = arena_new(0);
	void *first = arena_alloc(a, 100);

	(void)state;
	for (int i = 0; i < 1000; i++)
		memset(arena_alloc(a, 100), i & 0xff, 100);
	assert_true(arena_used(a) > 4096 * 4);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_ptr_equal(arena_alloc(a, 100), first);
	/* and it still grows afterwards */
	for (int i = 0; i < 1000; i++)
		memset(arena_alloc(a, 100), 0, 100);
	arena_reset(a);
	assert_ptr_equal(arena_alloc(a, 100), first);
	arena_free(a);
}

/*
 * Regression: a dedicated block made while the first block is still the
 * head is linked *behind* the first block.  arena_reset used to keep the
 * last block of the list, assuming it was the first, so it freed the
 * first block and kept the dedicated one (of any size).
 */
static void
test_reset_after_dedicated_block_keeps_first_block(void **state)
{
	struct arena *a = arena_new(0);
	void *first = arena_alloc(a, 2000);

	(void)state;
	/* 3000 does not fit the 2096 left, and is > half a block: dedicated */
	memset(arena_alloc(a, 3000), 1, 3000);
	arena_reset(a);
	size_t used = arena_used(a);
	void *again = arena_alloc(a, 16);
	arena_free(a);
	assert_int_equal(used, 0);
	assert_ptr_equal(again, first);
}

static void
test_free_null(void **state)
{
	(void)state;
	arena_free(NULL);
}

static void
test_x_helpers(void **state)
{
	char *p = xmalloc(0), *s;
	int *v;

	(void)state;
	assert_non_null(p);
	free(p);
	v = xcalloc(4, sizeof(int));
	for (int i = 0; i < 4; i++)
		assert_int_equal(v[i], 0);
	v[3] = 7;
	v = xrealloc(v, 1000 * sizeof(int));
	assert_int_equal(v[3], 7);
	free(v);
	s = xstrdup("tandem");
	assert_string_equal(s, "tandem");
	free(s);
}

/* Run fn in a child with stderr silenced; true if it died of SIGABRT. */
static bool
aborts(void (*fn)(void))
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 2);
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void
calloc_overflow(void)
{
	struct arena *a = arena_new(0);
	arena_calloc(a, SIZE_MAX / 2, 4);
}

static void
alloc_huge(void)
{
	struct arena *a = arena_new(0);
	arena_alloc(a, SIZE_MAX - 4);
}

static void
test_overflow_aborts(void **state)
{
	(void)state;
	assert_true(aborts(calloc_overflow));
	assert_true(aborts(alloc_huge));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned_and_disjoint),
		cmocka_unit_test(test_used_counts_rounded_sizes),
		cmocka_unit_test(test_zero_length_allocations_distinct),
		cmocka_unit_test(test_small_allocations_contiguous),
		cmocka_unit_test(test_hint_sizes_first_block),
		cmocka_unit_test(test_large_request_keeps_current_block),
		cmocka_unit_test(test_calloc_zeroes_reused_memory),
		cmocka_unit_test(test_strdup_strndup_table),
		cmocka_unit_test(test_memdup_copies_binary),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_reset_reuses_first_block),
		cmocka_unit_test(test_reset_after_dedicated_block_keeps_first_block),
		cmocka_unit_test(test_free_null),
		cmocka_unit_test(test_x_helpers),
		cmocka_unit_test(test_overflow_aborts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
