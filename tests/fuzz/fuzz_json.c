/*
 * fuzz_json.c - libFuzzer target for what turns a JSON request body into
 * a handler's parameters on the /api/v1 routes: json_decode_bounded
 * (view/json.c: the depth pre-scan, NUL and duplicate-key refusal) and
 * req_validate (http/request.c: the declared inputs, their JSON type
 * coercion and every limit), with the same depth limit and the same
 * "the body must be an object" rule as http/server.c's finish_body.
 *
 * Input: byte 0 even: the body is checked against SPECS below (one input
 * of every type, short names and small limits so the fuzzer trips them
 * all); odd: bytes 1-2 pick a real route from routes_all() that takes
 * inputs (its {name} path segments set to "1", as the router would), and
 * the body starts at byte 3.
 *
 * Checked, besides the sanitizers:
 *   - decoding agrees with jansson on its own: a body jansson parses with
 *     duplicates refused, nested at most JSON_MAX_DEPTH and without a NUL
 *     byte is accepted, as the same value; anything accepted is such a
 *     body;
 *   - every error names a declared input (or, for a P_PREFIX, an input
 *     with its prefix) and has a message;
 *   - what a handler then reads is within its declaration: text is valid
 *     UTF-8 within max_len characters without control bytes (newlines
 *     only in P_TEXT), P_STRING trimmed; P_INT within [min, max]; P_BOOL
 *     0 or 1; P_CHOICE one of the choices; P_LIST and P_PREFIX within
 *     their counts, no empty list item; no P_FILE from JSON;
 *   - coercion: a JSON whole number for a P_INT in range is that number,
 *     for a P_STRING its decimal text; a real, array or object for a
 *     P_STRING, P_TEXT, P_INT, P_BOOL or P_CHOICE is an error; a required
 *     input that is missing or null is an error.
 * The jansson values are released and the arena freed (ASan's leak check).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/strparse.h"
#include "handlers/handlers.h"
#include "http/form.h"
#include "http/http.h"
#include "view/json.h"

#define JSON_MAX_DEPTH 32     /* as in http/server.c */
#define DEFAULT_MAX_LEN 1000  /* as in http/request.c */
#define DEFAULT_MAX_N 100

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const colours[] = {"red", "green", "blue", NULL};

static const struct param_spec specs[] = {
	{.name = "s", .type = P_STRING, .is_required = true, .max_len = 8},
	{.name = "d", .type = P_STRING},
	{.name = "t", .type = P_TEXT, .max_len = 16},
	{.name = "i", .type = P_INT, .is_required = true, .min = -5, .max = 1000},
	{.name = "big", .type = P_INT, .min = INT64_MIN, .max = INT64_MAX},
	{.name = "b", .type = P_BOOL},
	{.name = "c", .type = P_CHOICE, .choices = colours},
	{.name = "l", .type = P_LIST, .max_len = 4, .max = 3},
	{.name = "m", .type = P_LIST, .is_required = true},
	{.name = "f_", .type = P_PREFIX, .max_len = 5, .max = 3},
	{.name = "u", .type = P_FILE, .max_len = 10},
	{.name = NULL},
};

static const struct route synthetic = {
	.method = HTTP_POST, .pattern = "/api/v1/fuzz", .params = specs,
};

static void
check(int ok)
{
	if (!ok)
		abort();
}

/* Nesting of arrays and objects: 0 for a scalar. */
static size_t
depth(json_t *v)
{
	size_t max = 0, i, d;
	const char *key;
	json_t *e;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((d = depth(e)) > max)
				max = d;
		return max + 1;
	}
	if (json_is_object(v)) {
		json_object_foreach(v, key, e)
			if ((d = depth(e)) > max)
				max = d;
		return max + 1;
	}
	return 0;
}

static const char *
error_of(const struct request *req, const char *field)
{
	for (const struct field_error *e = req->errors; e != NULL; e = e->next)
		if (strcmp(e->field, field) == 0)
			return e->message;
	return NULL;
}

static bool
has_control(const char *s, bool allow_newlines)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (allow_newlines && (c == '\n' || c == '\r' || c == '\t'))
			continue;
		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

static bool
is_trimmed(const char *s)
{
	size_t len = strlen(s);
	const char *ws = " \t\r\n\v\f";

	return len == 0 || (strchr(ws, s[0]) == NULL &&
	    strchr(ws, s[len - 1]) == NULL);
}

static void
check_text(const char *s, size_t max_len, bool allow_newlines)
{
	check(utf8_valid(s, strlen(s)));
	check(!has_control(s, allow_newlines));
	check(str_utf8_len(s) <= (max_len ? max_len : DEFAULT_MAX_LEN));
}

static void
check_errors(const struct request *req, const struct param_spec *sp)
{
	for (const struct field_error *e = req->errors; e != NULL; e = e->next) {
		bool known = false;

		check(e->message != NULL && e->message[0] != '\0');
		for (const struct param_spec *s = sp; s->name != NULL; s++)
			if (strcmp(e->field, s->name) == 0 || (s->type == P_PREFIX &&
			    strncmp(e->field, s->name, strlen(s->name)) == 0))
				known = true;
		check(known);
	}
}

/* The coercion rules for one scalar input given JSON value j. */
static void
check_coercion(const struct request *req, const struct param_spec *s,
    json_t *j, const char *err, bool from_path)
{
	if (from_path)          /* a {name} in the path wins over the body */
		return;
	if (j == NULL || json_is_null(j)) {
		if (s->is_required && s->type != P_BOOL)
			check(err != NULL);
		return;
	}
	if (json_is_real(j) || json_is_array(j) || json_is_object(j)) {
		check(err != NULL);
		return;
	}
	if (!json_is_integer(j))
		return;
	if (s->type == P_INT) {
		json_int_t n = json_integer_value(j);

		check((err == NULL) == (n >= s->min && n <= s->max));
		if (err == NULL)
			check(req_int(req, s->name) == n);
	} else if (s->type == P_STRING) {
		char text[32];

		snprintf(text, sizeof(text), "%lld",
		    (long long)json_integer_value(j));
		if (err == NULL)
			check(strcmp(req_str(req, s->name), text) == 0);
	}
}

static void
check_values(const struct request *req, const struct param_spec *sp)
{
	for (const struct param_spec *s = sp; s->name != NULL; s++) {
		const char *err = error_of(req, s->name);
		const char *str = req_str(req, s->name);
		bool has = req_has(req, s->name);
		json_t *j = json_object_get(req->json, s->name);
		bool from_path = param_find(req->path_params, s->name) != NULL;
		const char *const *items;
		size_t max_n = s->max > 0 ? (size_t)s->max : DEFAULT_MAX_N, n;

		switch (s->type) {
		case P_STRING:
		case P_TEXT:
			if (has && err == NULL) {
				check_text(str, s->max_len, s->type == P_TEXT);
				if (s->type == P_STRING)
					check(is_trimmed(str));
			}
			check_coercion(req, s, j, err, from_path);
			break;
		case P_INT:
			if (has && err == NULL)
				check(req_int(req, s->name) >= s->min &&
				    req_int(req, s->name) <= s->max);
			check_coercion(req, s, j, err, from_path);
			break;
		case P_BOOL:
			check(req_int(req, s->name) == 0 || req_int(req, s->name) == 1);
			check_coercion(req, s, j, err, from_path);
			break;
		case P_CHOICE:
			if (has && err == NULL) {
				bool ok = false;

				for (const char *const *c = s->choices; c && *c; c++)
					ok = ok || strcmp(*c, str) == 0;
				check(ok);
			}
			check_coercion(req, s, j, err, from_path);
			break;
		case P_LIST:
			n = req_list(req, s->name, &items);
			check(n <= max_n);
			check(has == (n > 0));
			for (size_t k = 0; k < n; k++) {
				check(items[k][0] != '\0' && is_trimmed(items[k]));
				check_text(items[k], s->max_len, false);
			}
			if (s->is_required && n == 0)
				check(err != NULL);
			break;
		case P_PREFIX:
			n = 0;
			for (const struct param *p = req_prefixed(req, s->name); p;
			    p = p->next, n++) {
				check(strncmp(p->name, s->name, strlen(s->name)) == 0);
				check(strlen(p->value) == p->value_len);
				check_text(p->value, s->max_len, true);
			}
			check(n <= max_n);
			check(has == (n > 0));
			break;
		case P_FILE:
			check(req_file(req, s->name) == NULL && !has);
			if (s->is_required)
				check(err != NULL);
			break;
		}
	}
}

/* The {name} segments of pattern as path parameters, each "1". */
static struct param *
path_params(struct arena *a, const char *pattern)
{
	struct param *head = NULL, **tail = &head;

	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		size_t len = strcspn(p + 1, ":}");
		struct param *q = arena_calloc(a, 1, sizeof(*q));

		q->name = arena_strndup(a, p + 1, len);
		q->value = "1";
		q->value_len = 1;
		*tail = q;
		tail = &q->next;
	}
	return head;
}

/* The routes that take inputs in a body, found once. */
static const struct route **
body_routes(size_t *n)
{
	static const struct route **list;
	static size_t count;
	const struct route *all;
	size_t total;

	if (list == NULL) {
		all = routes_all(&total);
		list = calloc(total, sizeof(*list));
		check(list != NULL);
		for (size_t i = 0; i < total; i++)
			if (all[i].params != NULL && all[i].params[0].name != NULL &&
			    all[i].method != HTTP_GET && all[i].method != HTTP_HEAD)
				list[count++] = &all[i];
		check(count > 0);
	}
	*n = count;
	return list;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct route *rt = &synthetic;
	struct request req;
	const char *body;
	json_t *v, *plain;
	json_error_t jerr;
	size_t len, n;
	enum err rc;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		const struct route **list = body_routes(&n);

		if (size < 3)
			return 0;
		rt = list[((size_t)data[1] << 8 | data[2]) % n];
		body = (const char *)data + 3;
		len = size - 3;
	} else {
		body = (const char *)data + 1;
		len = size - 1;
	}

	rc = json_decode_bounded(body, len, JSON_MAX_DEPTH, &v);
	plain = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &jerr);
	if (rc == ERR_OK) {
		check(v != NULL && plain != NULL && json_equal(v, plain));
		check(memchr(body, '\0', len) == NULL);
		check(depth(v) <= JSON_MAX_DEPTH);
	} else {
		check(rc == ERR_BAD_INPUT && v == NULL);
		check(plain == NULL || memchr(body, '\0', len) != NULL ||
		    depth(plain) > JSON_MAX_DEPTH);
	}
	json_decref(plain);
	if (rc != ERR_OK)
		return 0;
	if (!json_is_object(v)) {       /* server.c: ERR_BAD_INPUT, 400 */
		json_decref(v);
		return 0;
	}

	memset(&req, 0, sizeof(req));
	req.arena = arena_new(0);
	req.method = rt->method;
	req.path = rt->pattern;
	req.is_api = true;
	req.route = rt;
	req.json = v;
	req.path_params = path_params(req.arena, rt->pattern);
	req_validate(&req);
	check_errors(&req, rt->params);
	check_values(&req, rt->params);

	json_decref(v);
	arena_free(req.arena);
	return 0;
}
