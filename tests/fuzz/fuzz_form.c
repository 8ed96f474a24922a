/*
 * fuzz_form.c - libFuzzer target for form.c and cookie.c.
 *
 * The input is fed as an urlencoded body, to form_decode both ways, to
 * utf8_valid, and (NUL-terminated) to cookie_parse.  Besides the
 * sanitizers, the documented output contracts are checked: every string
 * handed back is valid UTF-8 without an inner NUL, value_len is right, and
 * the count limits hold.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *       src/core/arena.c src/core/buf.c src/http/form.c src/http/cookie.c \
 *       tests/fuzz/fuzz_form.c -o fuzz_form
 *   ./fuzz_form tests/fuzz/corpus/form
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/cookie.h"
#include "http/form.h"

#define MAX_FIELDS 64
#define MAX_COOKIES 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
	if (!ok)
		abort();
}

static size_t
check_list(const struct param *p)
{
	size_t n = 0;

	for (; p != NULL; p = p->next, n++) {
		check(utf8_valid(p->name, strlen(p->name)));
		check(strlen(p->value) == p->value_len);
		check(utf8_valid(p->value, p->value_len));
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct arena *a = arena_new(0);
	struct param *list;
	char *out, *header;
	size_t out_len, n;
	enum err rc;

	rc = form_parse_urlencoded(a, s, size, MAX_FIELDS, &list);
	check(rc == ERR_OK || rc == ERR_BAD_INPUT || rc == ERR_TOO_LARGE);
	if (rc == ERR_OK)
		check(check_list(list) <= MAX_FIELDS);
	else
		check(list == NULL);

	for (int plus = 0; plus < 2; plus++) {
		rc = form_decode(a, s, size, plus, &out, &out_len);
		if (rc == ERR_OK) {
			check(out_len <= size);
			check(strlen(out) == out_len);
		} else {
			check(rc == ERR_BAD_INPUT && out == NULL);
		}
	}

	(void)utf8_valid(s, size);

	header = arena_strndup(a, s, size);
	rc = cookie_parse(a, header, MAX_COOKIES, &list);
	check(rc == ERR_OK);
	n = check_list(list);
	check(n <= MAX_COOKIES);
	for (const struct param *p = list; p != NULL; p = p->next)
		check(p->name[0] != '\0' && strchr(p->value, ';') == NULL);

	arena_free(a);
	return 0;
}
