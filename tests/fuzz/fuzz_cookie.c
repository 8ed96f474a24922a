/*
 * fuzz_cookie.c - libFuzzer target for http/cookie.c, the parser of the
 * Cookie request header (every request's session and CSRF cookies go
 * through it), and req_cookie, which reads its list.
 *
 * Input: byte 0 picks a count limit (0..MAX_COOKIES), the rest is the
 * header value as the server hands it over: cut at the first NUL byte,
 * as a C string from libmicrohttpd would be.  Besides the sanitizers,
 * the contracts of cookie.h are checked on what is kept:
 *   - the call succeeds and keeps at most the limit;
 *   - a name is non-empty visible ASCII (0x21..0x7e) with no '=' or ';';
 *     a value has no control byte and no ';', is valid UTF-8, and
 *     value_len is its length;
 *   - a smaller limit keeps a prefix of the same list;
 *   - writing the list back as `name="value"; ...` and parsing that gives
 *     the same list (nothing is lost or changed on a second pass: the one
 *     pair of quotes is the only thing the parser strips from a value);
 *   - req_cookie(name) is the first pair of that name (duplicate names:
 *     the first one wins, as cookie.h says);
 *   - a NULL header gives no cookies.
 * Everything lives in one arena, freed at the end (ASan's leak check).
 *
 * Built by `make fuzz` and run on tests/fuzz/corpus/cookie.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/http.h"

#define MAX_COOKIES 32   /* as in http/server.c */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
	if (!ok)
		abort();
}

static size_t
count(const struct param *p)
{
	size_t n = 0;

	for (; p != NULL; p = p->next)
		n++;
	return n;
}

static void
check_pair(const struct param *p)
{
	size_t name_len = strlen(p->name);

	check(name_len > 0);
	for (size_t i = 0; i < name_len; i++) {
		unsigned char c = (unsigned char)p->name[i];
		check(c >= 0x21 && c <= 0x7e && c != '=' && c != ';');
	}
	check(strlen(p->value) == p->value_len);
	check(utf8_valid(p->value, p->value_len));
	for (size_t i = 0; i < p->value_len; i++) {
		unsigned char c = (unsigned char)p->value[i];
		check(c >= 0x20 && c != 0x7f && c != ';');
	}
}

/* a is a prefix of b, pair by pair. */
static void
check_prefix(const struct param *a, const struct param *b)
{
	for (; a != NULL; a = a->next, b = b->next) {
		check(b != NULL);
		check(strcmp(a->name, b->name) == 0);
		check(a->value_len == b->value_len);
		check(strcmp(a->value, b->value) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	struct param *list, *fewer, *again;
	struct request req;
	struct buf out;
	size_t limit, n;
	char *header;

	if (size < 1)
		return 0;
	limit = data[0] % (MAX_COOKIES + 1);
	a = arena_new(0);
	header = arena_strndup(a, (const char *)data + 1, size - 1);

	check(cookie_parse(a, NULL, MAX_COOKIES, &list) == ERR_OK);
	check(list == NULL);

	check(cookie_parse(a, header, MAX_COOKIES, &list) == ERR_OK);
	n = count(list);
	check(n <= MAX_COOKIES);
	for (const struct param *p = list; p != NULL; p = p->next)
		check_pair(p);

	check(cookie_parse(a, header, limit, &fewer) == ERR_OK);
	check(count(fewer) == (n < limit ? n : limit));
	check_prefix(fewer, list);

	/* the list written back, each value quoted, parses to itself */
	buf_init(&out, 0);
	for (const struct param *p = list; p != NULL; p = p->next)
		buf_printf(&out, "%s%s=\"%s\"", p == list ? "" : "; ", p->name,
		    p->value);
	check(!buf_err(&out));
	check(cookie_parse(a, buf_str(&out), MAX_COOKIES, &again) == ERR_OK);
	check(count(again) == n);
	check_prefix(list, again);
	buf_free(&out);

	/* how handlers read them: the first pair of a name wins */
	memset(&req, 0, sizeof(req));
	req.arena = a;
	req.cookies = list;
	for (const struct param *p = list; p != NULL; p = p->next) {
		const char *v = req_cookie(&req, p->name);
		const struct param *first = param_find(list, p->name);

		check(first != NULL && v == first->value);
	}
	check(req_cookie(&req, "") == NULL);

	arena_free(a);
	return 0;
}
