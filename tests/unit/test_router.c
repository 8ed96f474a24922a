/*
 * test_router.c - http/router: literal segments, {name} and {name:int},
 * 404 versus 405 with the allowed-methods mask, HEAD answered by GET
 * routes, trailing slashes and "//", the segment limit, table order as
 * precedence, dev-only routes, and malformed patterns (abort, in a forked
 * child).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "core/arena.h"
#include "http/http.h"
#include "http/router.h"

static enum err
h(struct request *req, struct response *resp)
{
	(void)req;
	(void)resp;
	return ERR_OK;
}

#define SIXTEEN "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p"

static const struct route routes[] = {
	/* 0 */ { HTTP_GET, "/", h, ACCESS_PUBLIC, NULL, 0, 0 },
	/* 1 */ { HTTP_GET, "/help", h, ACCESS_PUBLIC, NULL, 0, 0 },
	/* 2 */ { HTTP_GET, "/form", h, ACCESS_PUBLIC, NULL, 0, 0 },
	/* 3 */ { HTTP_POST, "/form", h, ACCESS_PUBLIC, NULL, ROUTE_FORM, 0 },
	/* 4 */ { HTTP_GET, "/schemes/{id:int}", h, ACCESS_SIGNED_IN, NULL, 0, 0 },
	/* 5 */ { HTTP_POST, "/schemes/{id:int}", h, ACCESS_SIGNED_IN, NULL, 0, 0 },
	/* 6 */ { HTTP_GET, "/schemes/new", h, ACCESS_SITE_ADMIN, NULL, 0, 0 },
	/* 7 */ { HTTP_GET, "/users/me", h, ACCESS_SIGNED_IN, NULL, 0, 0 },
	/* 8 */ { HTTP_GET, "/users/{name}", h, ACCESS_SIGNED_IN, NULL, 0, 0 },
	/* 9 */ { HTTP_GET, "/users/{name}/roles/{role}", h, ACCESS_SIGNED_IN,
	    NULL, 0, 0 },
	/* 10 */ { HTTP_DELETE, "/api/v1/things/{id:int}", h, ACCESS_SIGNED_IN,
	    NULL, 0, 0 },
	/* 11 */ { HTTP_GET, "/dev/reset", h, ACCESS_PUBLIC, NULL, ROUTE_DEV, 0 },
	/* 12 */ { HTTP_POST, "/dev/reset", h, ACCESS_PUBLIC, NULL, ROUTE_DEV, 0 },
	/* 13 */ { HTTP_GET, SIXTEEN, h, ACCESS_PUBLIC, NULL, 0, 0 },
	/* 14 */ { HTTP_PUT, "/s/{a:int}/{b}/x/{c:int}", h, ACCESS_PUBLIC, NULL, 0, 0 },
	/* 15 */ { HTTP_GET, "/dup", h, ACCESS_PUBLIC, NULL, 0, 0 },
	/* 16 */ { HTTP_GET, "/dup", h, ACCESS_PUBLIC, NULL, 0, 0 },
	/* 17 */ { HTTP_OPTIONS, "/dup", h, ACCESS_PUBLIC, NULL, 0, 0 },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

#define B(m) (1u << (m))
#define GH (B(HTTP_GET) | B(HTTP_HEAD))

#define MAX_PARAMS 3

struct match_case {
	bool dev;
	enum http_method method;
	const char *path;
	enum err rc;
	int route;                 /* index into routes, -1 none */
	unsigned allowed;
	const char *params[MAX_PARAMS][2];
};

static const struct match_case cases[] = {
	{ false, HTTP_GET, "/", ERR_OK, 0, GH, { { 0 } } },
	{ false, HTTP_HEAD, "/", ERR_OK, 0, GH, { { 0 } } },
	{ false, HTTP_POST, "/", ERR_METHOD, -1, GH, { { 0 } } },
	{ false, HTTP_GET, "/help", ERR_OK, 1, GH, { { 0 } } },
	{ false, HTTP_HEAD, "/help", ERR_OK, 1, GH, { { 0 } } },
	{ false, HTTP_DELETE, "/help", ERR_METHOD, -1, GH, { { 0 } } },
	/* exact paths only */
	{ false, HTTP_GET, "/help/", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "//help", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/help//", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "//", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/Help", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/hel", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/helpx", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/help/more", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "help", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/nothing/here", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	/* two methods on one path */
	{ false, HTTP_GET, "/form", ERR_OK, 2, GH | B(HTTP_POST), { { 0 } } },
	{ false, HTTP_POST, "/form", ERR_OK, 3, GH | B(HTTP_POST), { { 0 } } },
	{ false, HTTP_PUT, "/form", ERR_METHOD, -1, GH | B(HTTP_POST), { { 0 } } },
	/* {name:int} */
	{ false, HTTP_GET, "/schemes/42", ERR_OK, 4, GH | B(HTTP_POST),
	    { { "id", "42" } } },
	{ false, HTTP_POST, "/schemes/7", ERR_OK, 5, GH | B(HTTP_POST),
	    { { "id", "7" } } },
	{ false, HTTP_HEAD, "/schemes/0", ERR_OK, 4, GH | B(HTTP_POST),
	    { { "id", "0" } } },
	{ false, HTTP_PATCH, "/schemes/42", ERR_METHOD, -1, GH | B(HTTP_POST),
	    { { 0 } } },
	{ false, HTTP_GET, "/schemes/123456789012345678", ERR_OK, 4,
	    GH | B(HTTP_POST), { { "id", "123456789012345678" } } },
	{ false, HTTP_GET, "/schemes/1234567890123456789", ERR_NOT_FOUND, -1, 0,
	    { { 0 } } },
	{ false, HTTP_GET, "/schemes/abc", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/schemes/-1", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/schemes/+1", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/schemes/1a", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/schemes/ 1", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/schemes/", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/schemes", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	/* a literal that the int pattern cannot take */
	{ false, HTTP_GET, "/schemes/new", ERR_OK, 6, GH, { { 0 } } },
	{ false, HTTP_POST, "/schemes/new", ERR_METHOD, -1, GH, { { 0 } } },
	/* table order is precedence: the literal comes first */
	{ false, HTTP_GET, "/users/me", ERR_OK, 7, GH, { { 0 } } },
	{ false, HTTP_GET, "/users/bob", ERR_OK, 8, GH, { { "name", "bob" } } },
	{ false, HTTP_GET, "/users/bob smith", ERR_OK, 8, GH,
	    { { "name", "bob smith" } } },
	{ false, HTTP_GET, "/users/caf\xc3\xa9", ERR_OK, 8, GH,
	    { { "name", "caf\xc3\xa9" } } },
	{ false, HTTP_GET, "/users/", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/users/bob/roles/mentor", ERR_OK, 9, GH,
	    { { "name", "bob" }, { "role", "mentor" } } },
	{ false, HTTP_GET, "/users/bob/roles/", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/users//roles/x", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_PUT, "/s/1/two/x/3", ERR_OK, 14, B(HTTP_PUT),
	    { { "a", "1" }, { "b", "two" }, { "c", "3" } } },
	{ false, HTTP_PUT, "/s/1/two/y/3", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	/* a method-only route: no HEAD in the mask, and HEAD is refused */
	{ false, HTTP_DELETE, "/api/v1/things/9", ERR_OK, 10, B(HTTP_DELETE),
	    { { "id", "9" } } },
	{ false, HTTP_GET, "/api/v1/things/9", ERR_METHOD, -1, B(HTTP_DELETE),
	    { { 0 } } },
	{ false, HTTP_HEAD, "/api/v1/things/9", ERR_METHOD, -1, B(HTTP_DELETE),
	    { { 0 } } },
	{ false, HTTP_DELETE, "/api/v1/things/x", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	/* the first of two identical rows wins; the mask covers all */
	{ false, HTTP_GET, "/dup", ERR_OK, 15, GH | B(HTTP_OPTIONS), { { 0 } } },
	{ false, HTTP_OPTIONS, "/dup", ERR_OK, 17, GH | B(HTTP_OPTIONS), { { 0 } } },
	/* segment limit: 16 is fine, 17 is never found */
	{ false, HTTP_GET, SIXTEEN, ERR_OK, 13, GH, { { 0 } } },
	{ false, HTTP_GET, SIXTEEN "/q", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_GET, "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20",
	    ERR_NOT_FOUND, -1, 0, { { 0 } } },
	/* dev-only routes exist only with dev */
	{ false, HTTP_GET, "/dev/reset", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ false, HTTP_POST, "/dev/reset", ERR_NOT_FOUND, -1, 0, { { 0 } } },
	{ true, HTTP_GET, "/dev/reset", ERR_OK, 11, GH | B(HTTP_POST), { { 0 } } },
	{ true, HTTP_POST, "/dev/reset", ERR_OK, 12, GH | B(HTTP_POST), { { 0 } } },
	{ true, HTTP_PUT, "/dev/reset", ERR_METHOD, -1, GH | B(HTTP_POST), { { 0 } } },
	/* and dev changes nothing else */
	{ true, HTTP_GET, "/schemes/5", ERR_OK, 4, GH | B(HTTP_POST),
	    { { "id", "5" } } },
};

static void
test_match_table(void **state)
{
	struct router *prod = router_new(routes, NROUTES, false);
	struct router *dev = router_new(routes, NROUTES, true);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct match_case *c = &cases[i];
		struct arena *a = arena_new(0);
		const struct route *out = (const struct route *)1;
		struct param *params = (struct param *)1;
		unsigned allowed = 12345;
		enum err rc = router_match(c->dev ? dev : prod, a, c->method,
		    c->path, &out, &params, &allowed);
		size_t n = 0;

		if (rc != c->rc)
			fail_msg("case %zu %s %s: rc %d, want %d", i,
			    http_method_name(c->method), c->path, rc, c->rc);
		if (c->route < 0 ? out != NULL : out != &routes[c->route])
			fail_msg("case %zu %s: wrong route", i, c->path);
		if (allowed != c->allowed)
			fail_msg("case %zu %s %s: allowed %#x, want %#x", i,
			    http_method_name(c->method), c->path, allowed, c->allowed);
		for (const struct param *p = params; p != NULL; p = p->next) {
			if (n >= MAX_PARAMS || c->params[n][0] == NULL)
				fail_msg("case %zu: too many params", i);
			if (strcmp(p->name, c->params[n][0]) != 0 ||
			    strcmp(p->value, c->params[n][1]) != 0 ||
			    p->value_len != strlen(c->params[n][1]))
				fail_msg("case %zu param %zu: %s=%s", i, n, p->name,
				    p->value);
			n++;
		}
		if (n < MAX_PARAMS && c->params[n][0] != NULL)
			fail_msg("case %zu: %zu params, want more", i, n);
		arena_free(a);
	}
	router_free(prod);
	router_free(dev);
}

static void
test_empty_router(void **state)
{
	struct router *r = router_new(NULL, 0, false);
	struct arena *a = arena_new(0);
	const struct route *out;
	struct param *params;
	unsigned allowed;

	(void)state;
	assert_int_equal(router_match(r, a, HTTP_GET, "/", &out, &params, &allowed),
	    ERR_NOT_FOUND);
	assert_null(out);
	assert_int_equal(allowed, 0);
	router_free(r);
	router_free(NULL);
	arena_free(a);
}

/* Parameter values are the caller's arena's, not pointers into path. */
static void
test_params_copied(void **state)
{
	struct router *r = router_new(routes, NROUTES, false);
	struct arena *a = arena_new(0);
	char path[] = "/users/alice";
	const struct route *out;
	struct param *params;
	unsigned allowed;

	(void)state;
	assert_int_equal(router_match(r, a, HTTP_GET, path, &out, &params,
	    &allowed), ERR_OK);
	memset(path, 'z', sizeof(path) - 1);
	assert_string_equal(params->value, "alice");
	assert_null(params->next);
	router_free(r);
	arena_free(a);
}

/* ---- malformed patterns are programming errors: abort ---- */

static bool
aborts_building(const char *pattern)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct route rt = { HTTP_GET, pattern, h, ACCESS_PUBLIC, NULL, 0, 0 };
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 2);
		router_free(router_new(&rt, 1, false));
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

struct pattern_case {
	const char *pattern;
	bool aborts;
};

static const struct pattern_case pattern_cases[] = {
	{ "/", false },
	{ "/a/{b}/{c:int}", false },
	{ "help", true },                 /* must start with / */
	{ "", true },
	{ "/a//b", true },                /* empty segment */
	{ "/{id", true },                 /* unclosed */
	{ "/{id:uuid}", true },           /* unknown type */
	{ "/{id:integer}", true },
	{ SIXTEEN "/q", true },           /* too many segments */
};

static void
test_bad_patterns_abort(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pattern_cases) / sizeof(pattern_cases[0]);
	    i++)
		if (aborts_building(pattern_cases[i].pattern) !=
		    pattern_cases[i].aborts)
			fail_msg("pattern \"%s\": want abort=%d",
			    pattern_cases[i].pattern, pattern_cases[i].aborts);
}

/* A dev-only pattern is not even compiled without dev. */
static void
test_dev_route_not_compiled(void **state)
{
	(void)state;
	/* "/{x" would abort if compiled */
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct route rt = { HTTP_GET, "/{x", h, ACCESS_PUBLIC, NULL,
			ROUTE_DEV, 0 };
		router_free(router_new(&rt, 1, false));
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_table),
		cmocka_unit_test(test_empty_router),
		cmocka_unit_test(test_params_copied),
		cmocka_unit_test(test_bad_patterns_abort),
		cmocka_unit_test(test_dev_route_not_compiled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
