/*
 * test_password.c - app/password: the whole rule as a table of password
 * and username -> message, the shapes of app_password_is_common, the
 * in-place list lookup and its start-up check, and the fallback when the
 * list is not embedded.
 *
 * The .c is included to reach the statics (listed, list_check, list); the
 * library's copy is then never pulled from the archive.  The list must be
 * embedded (lists/common-passwords.txt in the embed step of CMakeLists):
 * test_list_loaded fails loudly if it is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/password.c"

#define EMPTY "Enter a password"
#define SHORT "Password must be 12 characters or more"
#define LONG "Password must be 128 characters or fewer"
#define USER "Password must not contain your username"
#define COMMON "This password is too common. Choose one that would be hard " \
    "to guess, such as three random words"

/* 127 characters, none of the shapes. */
#define L127 "Seven tandem riders hum softly near a quiet harbour at dusk " \
    "while gulls argue over chips and the ferry horn sounds twice in the"
#define E_ACUTE "\xc3\xa9"

struct problem_case {
	const char *password;
	const char *username;
	const char *want;        /* NULL: acceptable */
};

static const struct problem_case problem_cases[] = {
	/* empty */
	{ NULL, "jsmith", EMPTY },
	{ "", "jsmith", EMPTY },
	/* length, in code points */
	{ "a", NULL, SHORT },
	{ "violet cran", NULL, SHORT },                 /* 11 */
	{ "violet crane", NULL, NULL },                 /* 12 */
	{ "           ", NULL, SHORT },                 /* 11 spaces, not trimmed */
	{ L127 "!", NULL, NULL },                       /* 128 */
	{ L127 "!!", NULL, LONG },                      /* 129 */
	{ L127 E_ACUTE, NULL, NULL },                   /* 128, 129 bytes */
	{ L127 E_ACUTE E_ACUTE, NULL, LONG },           /* 129, 131 bytes */
	/* multibyte: 11 then 12 code points (33 and 34 bytes) */
	{ "日本語のパスワードです", NULL, SHORT },
	{ "日本語のパスワードです!", NULL, NULL },
	{ "Éléphant rose à Paris", NULL, NULL },
	{ "Ελληνικά γράμματα", NULL, NULL },
	/* good passphrases (checked below not to be listed) */
	{ "correct horse battery staple", "jsmith", NULL },
	{ "purple monkey dishwasher", "jsmith", NULL },
	{ "Tandem-Lantern-Quietly-7", "jsmith", NULL },
	{ "seven riders hum 42", "jsmith", NULL },
	{ "violet crane 2024", "jsmith", NULL },
	{ "738291046512", NULL, NULL },                 /* a 12-digit PIN */
	/* the username, case folded, anywhere */
	{ "jsmith-secret-garden", "jsmith", USER },
	{ "my garden JSmith 99", "jsmith", USER },
	{ "the priya.shah tandem", "Priya.Shah", USER },
	{ "jsmith-secret-garden", "", NULL },
	{ "jsmith-secret-garden", NULL, NULL },
	{ "jsmith", "jsmith", SHORT },                  /* length first */
	{ "jsmithjsmith", "jsmith", USER },             /* username before common */
	/* on the list, any case */
	{ "sonyericsson", NULL, COMMON },
	{ "SonyEricsson", NULL, COMMON },
	{ "COUNTERSTRIKE", NULL, COMMON },
	{ "administrator", "jsmith", COMMON },
	/* listed entries padded with digits, punctuation, spaces */
	{ "password1234", NULL, COMMON },
	{ "Password2024!", NULL, COMMON },
	{ "!!!!password!!!!", NULL, COMMON },
	{ "2024password", NULL, COMMON },
	{ "qwerty123456789", NULL, COMMON },
	{ "monkey!!!!!!", NULL, COMMON },
	{ "dragon 2024 !!", NULL, COMMON },
	{ "abc123456789", NULL, COMMON },               /* "abc123" + "456789" */
	{ "1qaz2wsx!!!!", NULL, COMMON },
	{ "love12345678", NULL, COMMON },               /* a 4-letter base */
	{ "123456!!!!!!", NULL, COMMON },               /* a 6-digit base */
	/* one unit repeated */
	{ "qwertyqwerty", NULL, COMMON },
	{ "passwordpassword", NULL, COMMON },
	{ "Trustno1trustno1", NULL, COMMON },
	{ "passwordpassword99", NULL, COMMON },
	{ "love love love", NULL, COMMON },
	{ "password password", NULL, COMMON },          /* two copies, odd length */
	{ "Dragon.Dragon", NULL, COMMON },
	{ "dragon-dragon-dragon", NULL, COMMON },
	{ "aaaaaaaaaaaa", NULL, COMMON },
	{ "............", NULL, COMMON },
	{ "abababababab", NULL, COMMON },
	{ "xyzxyzxyzxyz", NULL, COMMON },
	{ "123123123123", NULL, COMMON },
	{ E_ACUTE E_ACUTE E_ACUTE E_ACUTE E_ACUTE E_ACUTE
	  E_ACUTE E_ACUTE E_ACUTE E_ACUTE E_ACUTE E_ACUTE, NULL, COMMON },
	/* runs along the alphabet, digits, keyboard, either way */
	{ "123456789012", NULL, COMMON },
	{ "098765432109", NULL, COMMON },
	{ "abcdefghijkl", NULL, COMMON },
	{ "ABCDEFGHIJKLMNOP", NULL, COMMON },
	{ "zyxwvutsrqpo", NULL, COMMON },
	{ "qwertyuiopas", NULL, COMMON },
	{ "lkjhgfdsapoi", NULL, COMMON },
	{ "1qaz2wsx3edc4rfv", NULL, COMMON },
	{ "!@#$%^&*()_+", NULL, COMMON },
};

static void
test_problem_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(problem_cases) / sizeof(problem_cases[0]); i++) {
		const struct problem_case *c = &problem_cases[i];
		const char *got = app_password_problem(c->password, c->username);

		if ((got == NULL) != (c->want == NULL) ||
		    (got != NULL && strcmp(got, c->want) != 0))
			fail_msg("case %zu \"%s\" (user %s): got \"%s\", want \"%s\"",
			    i, c->password ? c->password : "(null)",
			    c->username ? c->username : "(null)",
			    got ? got : "(null)", c->want ? c->want : "(null)");
	}
}

/* The length boundaries above are what they claim to be. */
static void
test_lengths_are_right(void **state)
{
	(void)state;
	assert_int_equal(strlen(L127), 127);
	assert_int_equal(str_utf8_len(L127 E_ACUTE), 128);
	assert_int_equal(strlen(L127 E_ACUTE), 129);
	assert_int_equal(str_utf8_len("日本語のパスワードです"), 11);
}

/* The shapes on their own, below the length rule too. */
struct common_case {
	const char *password;
	bool want;
};

static const struct common_case common_cases[] = {
	{ NULL, false },
	{ "", false },
	{ "password", true },                 /* listed, short */
	{ "PassWord", true },
	{ "abc", false },                     /* not listed (entries are >= 4) */
	{ "abcd", true },                     /* a run */
	{ "abc!!!!!!!!!", false },            /* a 3-letter base is too short */
	{ "1990!!!!!!!!", false },            /* a 4-digit base is too short */
	{ "19901990!!!!", true },             /* a listed 8-digit one is not */
	{ "horse battery", false },
	{ "battery horse battery", false },   /* not one unit repeated */
	{ "pass word", false },
	{ "ab ab", true },                    /* short unit, one separator */
	{ "ab abc", false },
	{ "qwertyqwert", false },             /* not a whole repeat */
	{ "abcdfghijk", false },              /* a run with a gap */
};

static void
test_common_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(common_cases) / sizeof(common_cases[0]); i++) {
		const struct common_case *c = &common_cases[i];
		if (app_password_is_common(c->password) != c->want)
			fail_msg("case %zu \"%s\": want %s", i,
			    c->password ? c->password : "(null)",
			    c->want ? "common" : "not common");
	}
}

/* The acceptable examples must really be absent from the list, or the
 * table above would be testing the list's contents, not the rule. */
static void
test_good_examples_not_listed(void **state)
{
	(void)state;
	app_password_list_init();
	for (size_t i = 0; i < sizeof(problem_cases) / sizeof(problem_cases[0]); i++) {
		const struct problem_case *c = &problem_cases[i];
		if (c->want == NULL && c->password != NULL &&
		    listed(c->password, strlen(c->password)))
			fail_msg("good example \"%s\" is on the list", c->password);
	}
}

static void
test_list_loaded(void **state)
{
	(void)state;
	app_password_list_init();
	assert_non_null(list);
	assert_true(list_len > 500000);
	/* the first and last entries, and either side of them */
	assert_true(listed("!qaz1qaz", 8));
	assert_true(listed("zzzzzzzzzz", 10));
	assert_false(listed("!", 1));
	assert_false(listed("zzzzzzzzzzz", 11));
	assert_false(listed("", 0));
	/* a prefix of an entry, and an entry plus one */
	assert_false(listed("sonyericsso", 11));
	assert_false(listed("sonyericssonx", 13));
	assert_true(listed("password", 8));
	assert_true(listed("PASSWORD", 8));
}

struct check_case {
	const char *text;
	size_t want_n;           /* 0: refused */
	size_t want_line;        /* the bad line when refused */
};

static const struct check_case check_cases[] = {
	{ "aaaa\nbbbb\n", 2, 0 },
	{ "aaaa\n", 1, 0 },
	{ "aaaa\naaab\naab\nb\n", 4, 0 },
	{ "", 0, 0 },
	{ "aaaa", 0, 0 },                    /* no final LF */
	{ "bbbb\naaaa\n", 0, 2 },            /* out of order */
	{ "aaaa\naaaa\n", 0, 2 },            /* duplicate */
	{ "aaaa\nBbbb\n", 0, 2 },            /* upper case */
	{ "aaaa\r\nbbbb\r\n", 0, 1 },        /* CRLF */
	{ "aaaa\n\nbbbb\n", 0, 2 },          /* empty line */
};

static void
test_list_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++) {
		const struct check_case *c = &check_cases[i];
		size_t line = 99;
		size_t n = list_check(c->text, strlen(c->text), &line);
		if (n != c->want_n || (n == 0 && line != c->want_line))
			fail_msg("case %zu: n %zu line %zu", i, n, line);
	}
}

/* Without the list only the shapes that need no list are refused. */
static void
test_without_list(void **state)
{
	(void)state;
	app_password_list_init();
	const char *saved = list;
	list = NULL;
	bool listed_hit = app_password_is_common("sonyericsson");
	bool padded_hit = app_password_is_common("password1234");
	bool one_char = app_password_is_common("aaaaaaaaaaaa");
	bool run = app_password_is_common("123456789012");
	bool short_unit = app_password_is_common("xyzxyzxyzxyz");
	list = saved;

	assert_false(listed_hit);
	assert_false(padded_hit);
	assert_true(one_char);
	assert_true(run);
	assert_true(short_unit);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_loaded),
		cmocka_unit_test(test_list_check),
		cmocka_unit_test(test_lengths_are_right),
		cmocka_unit_test(test_good_examples_not_listed),
		cmocka_unit_test(test_problem_table),
		cmocka_unit_test(test_common_table),
		cmocka_unit_test(test_without_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
