/*
 * test_mustache.c - the Mustache spec, plus our own cases.
 *
 * The spec cases come from every *.json file in $MUSTACHE_SPEC_DIR
 * (default ../shared/conformance/mustache, relative to the working
 * directory): each case's template and partials are compiled, rendered
 * with its data and compared with its expected output.  Failing cases are
 * reported by file and name; the test fails if any case fails or none is
 * found.  Our own cases are tables: escaping, syntax errors with line
 * numbers, numbers and truthiness, and the limits (recursion, output
 * size, work).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "view/mustache.h"

#define SPEC_DIR_DEFAULT "../shared/conformance/mustache"
#define MAX_PARTIALS     16

struct partials {
	size_t n;
	const char *names[MAX_PARTIALS];
	struct mustache_tpl *tpls[MAX_PARTIALS];
};

static const struct mustache_tpl *
find_partial(void *ud, const char *name)
{
	const struct partials *ps = ud;
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->names[i], name) == 0)
			return ps->tpls[i];
	return NULL;
}

static void
partials_free(struct partials *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		mustache_free(ps->tpls[i]);
	ps->n = 0;
}

/* Compile src and render it with data (a JSON text) and partials given as
 * a JSON object text; return the output (malloc'd) or NULL. */
static char *
render_str(const char *src, const char *data, const char *partials,
    enum err *rcp)
{
	struct partials ps = { 0 };
	struct mustache_tpl *t;
	json_t *ctx = NULL, *pj = NULL, *v;
	const char *key;
	struct buf out;
	char err[256], *s = NULL;
	enum err rc = ERR_INTERNAL;

	buf_init(&out, 0);
	if (data != NULL)
		ctx = json_loads(data, JSON_DECODE_ANY, NULL);
	if (partials != NULL) {
		pj = json_loads(partials, 0, NULL);
		json_object_foreach(pj, key, v) {
			assert_true(ps.n < MAX_PARTIALS);
			ps.names[ps.n] = key;
			ps.tpls[ps.n] = mustache_compile(key,
			    json_string_value(v), json_string_length(v), err,
			    sizeof(err));
			assert_non_null(ps.tpls[ps.n]);
			ps.n++;
		}
	}
	t = mustache_compile("test", src, strlen(src), err, sizeof(err));
	if (t == NULL) {
		print_error("compile %s: %s\n", src, err);
		goto out;
	}
	rc = mustache_render(t, ctx, find_partial, &ps, &out);
	s = buf_take(&out, NULL);
	mustache_free(t);
out:
	if (rcp != NULL)
		*rcp = rc;
	partials_free(&ps);
	json_decref(pj);
	json_decref(ctx);
	buf_free(&out);
	return s;
}

/* ---- the spec ---------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one spec case; true if it passed. */
static bool
spec_case(const char *file, json_t *tc)
{
	const char *name = json_string_value(json_object_get(tc, "name"));
	json_t *tpl = json_object_get(tc, "template");
	json_t *want = json_object_get(tc, "expected");
	json_t *pj = json_object_get(tc, "partials"), *v;
	struct partials ps = { 0 };
	struct mustache_tpl *t = NULL;
	struct buf out;
	const char *key;
	char err[256];
	enum err rc;
	bool is_ok = false;

	buf_init(&out, 0);
	if (!json_is_string(tpl) || !json_is_string(want)) {
		print_error("%s: %s: malformed case\n", file, name);
		goto out;
	}
	json_object_foreach(pj, key, v) {
		if (ps.n == MAX_PARTIALS)
			break;
		ps.names[ps.n] = key;
		ps.tpls[ps.n] = mustache_compile(key, json_string_value(v),
		    json_string_length(v), err, sizeof(err));
		if (ps.tpls[ps.n] == NULL) {
			print_error("%s: %s: partial %s: %s\n", file, name,
			    key, err);
			goto out;
		}
		ps.n++;
	}
	t = mustache_compile(name, json_string_value(tpl),
	    json_string_length(tpl), err, sizeof(err));
	if (t == NULL) {
		print_error("%s: %s: compile: %s\n", file, name, err);
		goto out;
	}
	rc = mustache_render(t, json_object_get(tc, "data"), find_partial,
	    &ps, &out);
	if (rc != ERR_OK) {
		print_error("%s: %s: render error %d\n", file, name, (int)rc);
		goto out;
	}
	if (out.len != json_string_length(want) ||
	    memcmp(buf_str(&out), json_string_value(want), out.len) != 0) {
		print_error("%s: %s:\n  expected: \"%s\"\n  got:      \"%s\"\n",
		    file, name, json_string_value(want), buf_str(&out));
		goto out;
	}
	is_ok = true;
out:
	mustache_free(t);
	partials_free(&ps);
	buf_free(&out);
	return is_ok;
}

static void
test_spec(void **state)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	char *files[64], path[4096];
	size_t nfiles = 0, i, j, passed = 0, failed = 0, len;
	struct dirent *de;
	json_error_t jerr;
	json_t *root, *tests;
	DIR *d;

	(void)state;
	if (dir == NULL || *dir == '\0')
		dir = SPEC_DIR_DEFAULT;
	d = opendir(dir);
	if (d == NULL)
		fail_msg("cannot open spec directory %s", dir);
	while ((de = readdir(d)) != NULL && nfiles < 64) {
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0)
			files[nfiles++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(files, nfiles, sizeof(files[0]), cmp_str);
	for (i = 0; i < nfiles; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		root = json_load_file(path, 0, &jerr);
		if (root == NULL) {
			print_error("%s: %s\n", path, jerr.text);
			failed++;
			continue;
		}
		tests = json_object_get(root, "tests");
		for (j = 0; j < json_array_size(tests); j++) {
			if (spec_case(files[i], json_array_get(tests, j)))
				passed++;
			else
				failed++;
		}
		json_decref(root);
		free(files[i]);
	}
	print_message("mustache spec: %zu passed, %zu failed\n", passed,
	    failed);
	assert_int_equal(failed, 0);
	assert_true(passed > 0);
}

/* ---- our own cases ----------------------------------------------------- */

struct render_case {
	const char *tpl;
	const char *data;
	const char *partials;
	const char *want;
};

static const struct render_case render_cases[] = {
	/* all five HTML characters, escaped and raw */
	{ "{{x}}", "{\"x\": \"&<>\\\"'\"}", NULL, "&amp;&lt;&gt;&quot;&#39;" },
	{ "{{{x}}}", "{\"x\": \"&<>\\\"'\"}", NULL, "&<>\"'" },
	{ "{{& x}}", "{\"x\": \"&<>\\\"'\"}", NULL, "&<>\"'" },
	{ "{{#l}}{{.}}{{/l}}", "{\"l\": [\"<a>\", \"'\"]}", NULL,
	    "&lt;a&gt;&#39;" },
	{ "a{{x}}b", "{\"x\": \"\"}", NULL, "ab" },
	/* numbers */
	{ "{{x}}", "{\"x\": 0}", NULL, "0" },
	{ "{{x}}", "{\"x\": -42}", NULL, "-42" },
	{ "{{x}}", "{\"x\": 1.210}", NULL, "1.21" },
	{ "{{x}}", "{\"x\": 100.0}", NULL, "100" },
	{ "{{x}}", "{\"x\": -2.5}", NULL, "-2.5" },
	{ "{{x}}", "{\"x\": 0.1}", NULL, "0.1" },
	{ "{{x}}", "{\"x\": 0.30000000000000004}", NULL,
	    "0.30000000000000004" },
	{ "{{x}}", "{\"x\": 0.000001}", NULL, "0.000001" },
	{ "{{x}}", "{\"x\": 1e-7}", NULL, "1e-7" },
	{ "{{x}}", "{\"x\": 1e21}", NULL, "1e+21" },
	{ "{{x}}", "{\"x\": 123456789012345680000.0}", NULL,
	    "123456789012345680000" },
	{ "{{x}}", "{\"x\": 1.7976931348623157e308}", NULL,
	    "1.7976931348623157e+308" },
	/* other scalars and containers */
	{ "{{t}} {{f}} {{n}} {{o}} {{a}}",
	    "{\"t\": true, \"f\": false, \"n\": null, \"o\": {}, \"a\": [1]}",
	    NULL, "true false   " },
	/* truthiness */
	{ "{{#x}}y{{/x}}", "{\"x\": \"\"}", NULL, "" },
	{ "{{^x}}y{{/x}}", "{\"x\": \"\"}", NULL, "y" },
	{ "{{#x}}y{{/x}}", "{\"x\": 0}", NULL, "y" },
	{ "{{#x}}y{{/x}}", "{\"x\": {}}", NULL, "y" },
	{ "{{#x}}y{{/x}}", "{\"x\": \"0\"}", NULL, "y" },
	{ "{{#x}}y{{/x}}", "{\"x\": []}", NULL, "" },
	/* no context at all */
	{ "[{{x}}{{.}}{{#x}}no{{/x}}{{^x}}yes{{/x}}]", NULL, NULL, "[yes]" },
	/* missing partials and parents render as nothing */
	{ "[{{>nope}}{{<nope}}{{$a}}x{{/a}}{{/nope}}]", "{}", NULL, "[]" },
	/* an indented standalone partial inside an indented partial */
	{ "  {{>a}}\n", "{}", "{\"a\": \"x\\n  {{>b}}\\ny\\n\", "
	    "\"b\": \"1\\n2\\n\"}", "  x\n    1\n    2\n  y\n" },
	/* a parent's text outside blocks is dropped */
	{ "{{<p}}junk {{x}} {{#s}}{{$a}}no{{/a}}{{/s}}{{$a}}A{{/a}}{{/p}}",
	    "{\"x\": 1, \"s\": true}", "{\"p\": \"<{{$a}}d{{/a}}>\"}",
	    "<A>" },
	/* an argument does not override its own nested block */
	{ "{{<p}}{{$a}}[{{$a}}inner{{/a}}]{{/a}}{{/p}}", "{}",
	    "{\"p\": \"{{$a}}d{{/a}}\"}", "[inner]" },
	/* the last of two arguments with one name wins */
	{ "{{<p}}{{$a}}1{{/a}}{{$a}}2{{/a}}{{/p}}", "{}",
	    "{\"p\": \"{{$a}}d{{/a}}\"}", "2" },
	/* custom delimiters with a triple mustache */
	{ "{{=<% %>=}}<%{x}%> <%& x%> <%x%>", "{\"x\": \"<\"}", NULL,
	    "< < &lt;" },
	/* Windows line ends around standalone tags */
	{ "a\r\n{{#x}}\r\nb\r\n{{/x}}\r\nc", "{\"x\": true}", NULL,
	    "a\r\nb\r\nc" },
};

static void
test_render_table(void **state)
{
	size_t i;
	enum err rc;
	char *got;

	(void)state;
	for (i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++) {
		const struct render_case *c = &render_cases[i];
		got = render_str(c->tpl, c->data, c->partials, &rc);
		if (got == NULL || rc != ERR_OK || strcmp(got, c->want) != 0)
			fail_msg("case %zu %s: want \"%s\", got \"%s\" (rc %d)",
			    i, c->tpl, c->want, got ? got : "(null)", (int)rc);
		free(got);
	}
}

static void
test_html_escape(void **state)
{
	struct buf b;
	const char in[] = "a&b<c>d\"e'f\0g";

	(void)state;
	buf_init(&b, 0);
	html_escape(&b, in, sizeof(in) - 1);
	assert_int_equal(b.len, strlen("a&amp;b&lt;c&gt;d&quot;e&#39;f") + 2);
	assert_string_equal(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);
	html_escape(&b, "", 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

struct error_case {
	const char *tpl;
	const char *want; /* prefix of the message */
};

static const struct error_case error_cases[] = {
	{ "{{x", "line 1: unclosed tag" },
	{ "a\nb\n{{{x}}", "line 3: unclosed tag" },
	{ "a\n{{#x}}\nb", "line 2: unclosed section 'x'" },
	{ "x\n\n{{/a}}", "line 3: unexpected closing tag 'a'" },
	{ "{{#a}}\n{{/b}}", "line 2: closing tag 'b' does not match 'a'" },
	{ "{{<p}}{{$a}}{{/p}}", "line 1: closing tag 'p' does not match" },
	{ "{{=a=}}", "line 1: bad delimiter change" },
	{ "{{= a b c =}}", "line 1: bad delimiter change" },
	{ "\n{{}}", "line 2: bad tag name" },
	{ "{{a b}}", "line 1: bad tag name" },
	{ "{{a..b}}", "line 1: bad tag name" },
	{ "{{.a}}", "line 1: bad tag name" },
	{ "{{#}}{{/}}", "line 1: bad tag name" },
	{ "{{> }}", "line 1: bad tag name" },
	{ "{{=<% %>=}}\n{{x}}<%x", "line 2: unclosed tag" },
};

static void
test_syntax_errors(void **state)
{
	struct mustache_tpl *t;
	char err[128], deep[(MUSTACHE_MAX_NEST + 1) * 6];
	size_t i, o = 0;

	(void)state;
	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		const struct error_case *c = &error_cases[i];
		memcpy(err, "untouched", sizeof("untouched"));
		t = mustache_compile("e", c->tpl, strlen(c->tpl), err,
		    sizeof(err));
		if (t != NULL || strncmp(err, c->want, strlen(c->want)) != 0)
			fail_msg("case %zu %s: want \"%s\", got \"%s\"", i,
			    c->tpl, c->want, t ? "(compiled)" : err);
	}
	/* nesting past the limit */
	for (i = 0; i <= MUSTACHE_MAX_NEST; i++, o += 6)
		memcpy(deep + o, "{{#a}}", 6);
	t = mustache_compile("deep", deep, o, err, sizeof(err));
	assert_null(t);
	assert_string_equal(err, "line 1: sections nested too deeply");
	/* a tiny err buffer is not overrun, and NULL is allowed */
	t = mustache_compile("e", "{{x", 3, err, 4);
	assert_null(t);
	assert_string_equal(err, "lin");
	assert_null(mustache_compile("e", "{{x", 3, NULL, 0));
	/* the name is kept */
	t = mustache_compile("page", "x", 1, err, sizeof(err));
	assert_non_null(t);
	assert_string_equal(mustache_name(t), "page");
	assert_string_equal(err, "");
	mustache_free(t);
	mustache_free(NULL);
}

static const struct mustache_tpl *
self_partial(void *ud, const char *name)
{
	(void)name;
	return ud;
}

/* Compile src and render it with itself as every partial. */
static enum err
render_self(const char *src, const char *data, size_t max)
{
	struct mustache_tpl *t;
	json_t *ctx = data ? json_loads(data, 0, NULL) : NULL;
	struct buf b;
	enum err rc;

	buf_init(&b, max);
	t = mustache_compile("self", src, strlen(src), NULL, 0);
	assert_non_null(t);
	rc = mustache_render(t, ctx, self_partial, t, &b);
	mustache_free(t);
	buf_free(&b);
	json_decref(ctx);
	return rc;
}

static void
test_limits(void **state)
{
	char src[1024];
	size_t i, o = 0;

	(void)state;
	/* partials and parents that include themselves */
	assert_int_equal(render_self("x{{>self}}", NULL, 0), ERR_INTERNAL);
	assert_int_equal(render_self("  {{>a}}\n{{>b}}", NULL, 0),
	    ERR_INTERNAL);
	assert_int_equal(render_self("{{<p}}{{/p}}", NULL, 0), ERR_INTERNAL);
	/* bounded recursion is fine: here the argument stops it */
	assert_int_equal(render_self("{{$a}}{{<p}}{{$a}}{{/a}}{{/p}}{{/a}}",
	    NULL, 0), ERR_OK);
	assert_int_equal(render_self("{{#a}}{{#b}}{{>self}}{{/b}}{{/a}}",
	    "{\"a\": {\"b\": {\"a\": false}}}", 0), ERR_OK);
	/* the output limit */
	assert_int_equal(render_self("0123456789", NULL, 5), ERR_TOO_LARGE);
	assert_int_equal(render_self("0123456789", NULL, 10), ERR_OK);
	assert_int_equal(render_self("{{#l}}{{#l}}{{#l}}xxxxxxxx{{/l}}{{/l}}"
	    "{{/l}}", "{\"l\": [1,2,3,4,5,6,7,8,9,10]}", 4096),
	    ERR_TOO_LARGE);
	/* nested loops that print nothing still stop */
	for (i = 0; i < 40; i++, o += 6)
		memcpy(src + o, "{{#l}}", 6);
	for (i = 0; i < 40; i++, o += 6)
		memcpy(src + o, "{{/l}}", 6);
	src[o] = '\0';
	assert_int_equal(render_self(src, "{\"l\": [1,2,3]}", 0),
	    ERR_TOO_LARGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_render_table),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
