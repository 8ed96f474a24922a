/*
 * test_csrf.c - http/csrf: a token is stable for one base and key,
 * differs across bases and across installation keys, and csrf_check
 * refuses anything but the exact token (wrong, short, long, NULL, empty,
 * or a token made for another base).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "http/csrf.h"

/* two installation keys that differ in their last bit */
static unsigned char key1[32], key2[32];

#define BASE_A "Qm9iJ3Mgc2Vzc2lvbiBzZWNyZXQgZm9yIENTUkYgdG9r"
#define BASE_B "Qm9iJ3Mgc2Vzc2lvbiBzZWNyZXQgZm9yIENTUkYgdG9s"

static int
setup(void **state)
{
	(void)state;
	if (crypto_init() != ERR_OK)
		return -1;
	for (int i = 0; i < 32; i++)
		key1[i] = key2[i] = (unsigned char)(i * 7 + 1);
	key2[31] ^= 1;
	csrf_init(key1);
	return 0;
}

static bool
is_base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static void
test_token_shape_and_stable(void **state)
{
	char t1[TOKEN_TEXT_LEN + 1], t2[TOKEN_TEXT_LEN + 1];

	(void)state;
	csrf_init(key1);
	csrf_token_for(BASE_A, t1);
	csrf_token_for(BASE_A, t2);
	assert_int_equal(strlen(t1), TOKEN_TEXT_LEN);
	assert_true(is_base64url(t1));
	assert_string_equal(t1, t2);
	/* the token is not the base itself, nor contains it */
	assert_string_not_equal(t1, BASE_A);
	assert_null(strstr(BASE_A, t1));
	assert_true(csrf_check(BASE_A, t1));
}

static void
test_token_differs_across_bases(void **state)
{
	static const char *const bases[] = {
		BASE_A, BASE_B, "a", "b", "A", "ab", "ba", "a ", " a",
	};
	const size_t n = sizeof(bases) / sizeof(bases[0]);
	char t[sizeof(bases) / sizeof(bases[0])][TOKEN_TEXT_LEN + 1];

	(void)state;
	csrf_init(key1);
	for (size_t i = 0; i < n; i++)
		csrf_token_for(bases[i], t[i]);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			if (i != j && strcmp(t[i], t[j]) == 0)
				fail_msg("\"%s\" and \"%s\" share a token", bases[i],
				    bases[j]);
			/* a token for one base never passes for another */
			if (csrf_check(bases[j], t[i]) != (i == j))
				fail_msg("token of \"%s\" vs base \"%s\"", bases[i],
				    bases[j]);
		}
	}
}

static void
test_token_differs_across_keys(void **state)
{
	char t1[TOKEN_TEXT_LEN + 1], t2[TOKEN_TEXT_LEN + 1];

	(void)state;
	csrf_init(key1);
	csrf_token_for(BASE_A, t1);
	csrf_init(key2);
	csrf_token_for(BASE_A, t2);
	assert_string_not_equal(t1, t2);
	/* another installation's token is refused */
	assert_false(csrf_check(BASE_A, t1));
	assert_true(csrf_check(BASE_A, t2));
	csrf_init(key1);
	assert_true(csrf_check(BASE_A, t1));
	assert_false(csrf_check(BASE_A, t2));
}

static void
test_check_refuses(void **state)
{
	char good[TOKEN_TEXT_LEN + 1], bad[TOKEN_TEXT_LEN + 2];

	(void)state;
	csrf_init(key1);
	csrf_token_for(BASE_A, good);
	assert_true(csrf_check(BASE_A, good));

	/* one character changed, at the start, middle and end */
	static const size_t at[] = { 0, TOKEN_TEXT_LEN / 2, TOKEN_TEXT_LEN - 1 };
	for (size_t i = 0; i < 3; i++) {
		memcpy(bad, good, sizeof(good));
		bad[at[i]] = bad[at[i]] == 'A' ? 'B' : 'A';
		if (csrf_check(BASE_A, bad))
			fail_msg("changed at %zu accepted", at[i]);
	}
	/* a prefix (short) and the token plus a byte (long) */
	memcpy(bad, good, sizeof(good));
	bad[TOKEN_TEXT_LEN - 1] = '\0';
	assert_false(csrf_check(BASE_A, bad));
	memcpy(bad, good, sizeof(good));
	bad[TOKEN_TEXT_LEN] = 'x';
	bad[TOKEN_TEXT_LEN + 1] = '\0';
	assert_false(csrf_check(BASE_A, bad));
	/* missing or empty pieces */
	assert_false(csrf_check(BASE_A, NULL));
	assert_false(csrf_check(BASE_A, ""));
	assert_false(csrf_check(NULL, good));
	assert_false(csrf_check("", good));
	assert_false(csrf_check(NULL, NULL));
	/* an empty base's own token does not make "" a usable base */
	char empty_tok[TOKEN_TEXT_LEN + 1];
	csrf_token_for("", empty_tok);
	assert_false(csrf_check("", empty_tok));
	/* the base is not a token */
	assert_false(csrf_check(BASE_A, BASE_A));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_shape_and_stable),
		cmocka_unit_test(test_token_differs_across_bases),
		cmocka_unit_test(test_token_differs_across_keys),
		cmocka_unit_test(test_check_refuses),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
