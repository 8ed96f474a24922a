/*
 * fuzz_route.c - libFuzzer target for http/router.c, matched against the
 * whole route table the server uses (routes_all(), every area's rows).
 *
 * Input: byte 0 says how to read the rest.
 *   bits 0..2  the method (mod HTTP__MAX, so HEAD and OPTIONS come too);
 *   bit 3      the router with dev-only routes (as `tandem serve --dev`);
 *   bit 4      percent-decode the path first (form_decode, '+' kept), as
 *              libmicrohttpd hands the router a decoded URL; a path that
 *              does not decode is dropped, as the server never sees one;
 *   bit 5      build the path from a pattern: bytes 1-2 pick a route, and
 *              the rest, split at '/', fills its {name} and {name:int}
 *              segments in turn (so every deep route gets reached, with
 *              odd ids: "00", 19 digits, "-1", "1%2F2"...);
 *   bit 6      add a trailing '/';
 *   otherwise  the rest is the path, up to its first NUL byte (very long
 *              paths included: -max_len is 64 KiB).
 *
 * The answer is compared with an independent reference matcher written
 * here over the pattern strings (not the router's compiled segments): the
 * first row in table order whose pattern fits and whose method is the one
 * asked (GET for HEAD) is the route; `allowed` is every method whose
 * pattern fits (HEAD with GET); the path parameters are the {name}
 * segments in order, with the path's text; ERR_METHOD when only other
 * methods fit, else ERR_NOT_FOUND.  Beyond that: an int parameter is 1..18
 * digits and parses as a whole number, no parameter holds a '/', and
 * asking twice gives the same answer.
 *
 * The two routers are built once and kept for the process (reachable, so
 * not a leak); each input's allocations live in one arena.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/strparse.h"
#include "handlers/handlers.h"
#include "http/form.h"
#include "http/http.h"
#include "http/router.h"

#define PATH_MAX_LEN (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
	if (!ok)
		abort();
}

/* The next '/'-separated piece of s[0..len) from *pos: its start and
 * length; false past the end.  s is what follows the leading '/'. */
static bool
next_piece(const char *s, size_t len, size_t *pos, const char **start,
    size_t *piece_len)
{
	const char *end;

	if (*pos > len)
		return false;
	*start = s + *pos;
	end = memchr(*start, '/', len - *pos);
	*piece_len = end ? (size_t)(end - *start) : len - *pos;
	*pos += *piece_len + 1;
	return true;
}

static bool
is_param(const char *seg, size_t len)
{
	return len >= 2 && seg[0] == '{' && seg[len - 1] == '}';
}

static bool
is_int_param(const char *seg, size_t len)
{
	return len >= 6 && memcmp(seg + len - 5, ":int}", 5) == 0;
}

/* Does the pattern fit the path?  Both start with '/'. */
static bool
fits(const char *pattern, const char *path, size_t path_len)
{
	size_t pat_len = strlen(pattern) - 1, pp = 0, qp = 0, pl, ql;
	const char *ps, *qs;

	if (path[0] != '/')
		return false;
	if (strcmp(pattern, "/") == 0 || path_len == 1)
		return strcmp(pattern, path) == 0;
	for (;;) {
		bool more_p = next_piece(pattern + 1, pat_len, &pp, &ps, &pl);
		bool more_q = next_piece(path + 1, path_len - 1, &qp, &qs, &ql);

		if (!more_p || !more_q)
			return more_p == more_q;
		if (ql == 0)
			return false;                     /* "//" or a trailing '/' */
		if (is_int_param(ps, pl)) {
			if (ql > 18 || strspn(qs, "0123456789") < ql)
				return false;
		} else if (!is_param(ps, pl)) {
			if (pl != ql || memcmp(ps, qs, pl) != 0)
				return false;
		}
	}
}

/* The reference's path parameters of a fitting pattern, checked against
 * the router's list. */
static void
check_params(const char *pattern, const char *path, const struct param *got)
{
	size_t pat_len = strlen(pattern) - 1, path_len = strlen(path) - 1;
	size_t pp = 0, qp = 0, pl, ql;
	const char *ps, *qs;

	while (next_piece(pattern + 1, pat_len, &pp, &ps, &pl) &&
	    next_piece(path + 1, path_len, &qp, &qs, &ql)) {
		size_t name_len;
		int64_t num;

		if (!is_param(ps, pl))
			continue;
		name_len = is_int_param(ps, pl) ? pl - 6 : pl - 2;
		check(got != NULL);
		check(strlen(got->name) == name_len &&
		    memcmp(got->name, ps + 1, name_len) == 0);
		check(got->value_len == ql && strlen(got->value) == ql &&
		    memcmp(got->value, qs, ql) == 0);
		check(strchr(got->value, '/') == NULL);
		if (is_int_param(ps, pl))
			check(str_to_i64(got->value, 0, INT64_MAX, &num) == ERR_OK);
		got = got->next;
	}
	check(got == NULL);
}

static void
check_match(const struct router *r, const struct route *routes, size_t n,
    bool dev, enum http_method m, const char *path, struct arena *a)
{
	enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;
	const struct route *out, *out2, *ref = NULL;
	struct param *params, *params2;
	unsigned allowed, allowed2, ref_allowed = 0;
	enum err rc, rc2, ref_rc;
	size_t path_len = strlen(path);

	for (size_t i = 0; i < n; i++) {
		if ((routes[i].flags & ROUTE_DEV) && !dev)
			continue;
		if (!fits(routes[i].pattern, path, path_len))
			continue;
		ref_allowed |= 1u << routes[i].method;
		if (routes[i].method == HTTP_GET)
			ref_allowed |= 1u << HTTP_HEAD;
		if (routes[i].method == want && ref == NULL)
			ref = &routes[i];
	}
	ref_rc = ref ? ERR_OK : ref_allowed ? ERR_METHOD : ERR_NOT_FOUND;

	rc = router_match(r, a, m, path, &out, &params, &allowed);
	check(rc == ref_rc);
	check(out == ref);
	check(allowed == ref_allowed);
	if (ref != NULL)
		check_params(ref->pattern, path, params);
	else
		check(params == NULL);

	rc2 = router_match(r, a, m, path, &out2, &params2, &allowed2);
	check(rc2 == rc && out2 == out && allowed2 == allowed);
}

/* The path for a pattern, its parameters filled from fill. */
static const char *
from_pattern(struct arena *a, const char *pattern, const char *fill)
{
	struct buf b;
	size_t pp = 0, fp = 0, pl, fl, fill_len = strlen(fill);
	const char *ps, *fs;
	char *path;

	if (strcmp(pattern, "/") == 0)
		return "/";
	buf_init(&b, 0);
	while (next_piece(pattern + 1, strlen(pattern) - 1, &pp, &ps, &pl)) {
		buf_putc(&b, '/');
		if (is_param(ps, pl) && next_piece(fill, fill_len, &fp, &fs, &fl))
			buf_append(&b, fs, fl);
		else
			buf_append(&b, ps, pl);
	}
	path = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return path;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct route *routes;
	static struct router *plain, *dev;
	static size_t n;
	const struct router *r;
	struct arena *a;
	enum http_method m;
	const char *path;
	char *text;
	bool is_dev;

	if (routes == NULL) {
		routes = routes_all(&n);
		check(n > 0);
		plain = router_new(routes, n, false);
		dev = router_new(routes, n, true);
	}
	if (size < 1 || size > PATH_MAX_LEN)
		return 0;
	m = (enum http_method)(data[0] & 7) % HTTP__MAX;
	is_dev = (data[0] & 8) != 0;
	r = is_dev ? dev : plain;
	a = arena_new(0);

	if (data[0] & 32) {
		size_t k = size >= 3 ? ((size_t)data[1] << 8 | data[2]) % n : 0;

		text = arena_strndup(a, size >= 3 ? (const char *)data + 3 : "",
		    size >= 3 ? size - 3 : 0);
		path = from_pattern(a, routes[k].pattern, text);
	} else {
		text = arena_strndup(a, (const char *)data + 1, size - 1);
		path = text;
		if (data[0] & 16) {
			char *decoded;
			size_t len;

			if (form_decode(a, text, strlen(text), false, &decoded, &len) !=
			    ERR_OK)
				goto out;
			path = decoded;
		}
	}
	if (data[0] & 64)
		path = arena_printf(a, "%s/", path);

	check_match(r, routes, n, is_dev, m, path, a);
out:
	arena_free(a);
	return 0;
}
