/*
 * request.c - declared-parameter validation and the getters handlers use.
 *
 * Sources, in order: path parameters, then the query string for GET and
 * HEAD or the body (form fields, multipart fields and files, or a JSON
 * object) for the other methods.  Undeclared inputs are ignored.  The
 * messages are written for people ("Enter your email address"), in the
 * NHS.UK error-message style; each declared label is a noun phrase that
 * reads after "Enter" or "Select".
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/strparse.h"
#include "http/form.h"

#define DEFAULT_MAX_LEN 1000

static const struct param *
find(const struct param *list, const char *name)
{
	for (; list != NULL; list = list->next)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

void
req_add_error(struct request *req, const char *field, const char *message)
{
	struct field_error *e = arena_calloc(req->arena, 1, sizeof(*e));
	e->field = field;
	e->message = message;
	struct field_error **tail = &req->errors;
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = e;
}

/* The raw text of a body or query input, or NULL when absent. */
static const char *
raw_value(struct request *req, const struct param_spec *spec)
{
	const struct param *p = find(req->path_params, spec->name);
	if (p != NULL)
		return p->value;
	if (req->method == HTTP_GET || req->method == HTTP_HEAD) {
		p = find(req->query, spec->name);
		return p ? p->value : NULL;
	}
	if (req->json != NULL) {
		json_t *v = json_object_get(req->json, spec->name);
		if (v == NULL || json_is_null(v))
			return NULL;
		if (json_is_string(v))
			return json_string_value(v);
		if (json_is_integer(v))
			return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
		if (json_is_true(v))
			return "true";
		if (json_is_false(v))
			return "false";
		return "\x01"; /* wrong JSON type: fails every check below */
	}
	p = find(req->form, spec->name);
	return p ? p->value : NULL;
}

static bool
has_control(const char *s, bool allow_newlines)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (allow_newlines && (c == '\n' || c == '\r' || c == '\t'))
			continue;
		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

/* One text value of a P_LIST or P_PREFIX input: NULL when fine, else the
 * message.  *out is the value to keep (trimmed for lists). */
static const char *
check_text(struct request *req, const struct param_spec *spec, const char *raw,
    bool trim, const char **out)
{
	const char *label = spec->label ? spec->label : spec->name;
	size_t max_len = spec->max_len ? spec->max_len : DEFAULT_MAX_LEN;
	char *s = arena_strdup(req->arena, raw);
	if (trim)
		s = str_trim(s);
	*out = s;
	if (!utf8_valid(s, strlen(s)) || has_control(s, !trim))
		return arena_printf(req->arena, "%s contains characters that are not allowed",
		    label);
	if (str_utf8_len(s) > max_len)
		return arena_printf(req->arena, "Enter %s in %zu characters or fewer", label,
		    max_len);
	return NULL;
}

/* A JSON element as text, or NULL for a type that is not a value. */
static const char *
json_text(struct request *req, json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
	return NULL;
}

static void
check_list(struct request *req, const struct param_spec *spec, struct param_value *v)
{
	const char *label = spec->label ? spec->label : spec->name;
	size_t max_n = spec->max > 0 ? (size_t)spec->max : 100;
	const char **items = arena_calloc(req->arena, max_n + 1, sizeof(*items));
	size_t n = 0;
	const char *bad = NULL;
	bool too_many = false;

#define TAKE(raw) do { \
		const char *t_, *m_; \
		if ((raw) == NULL) { bad = "\x01"; break; } \
		if ((m_ = check_text(req, spec, (raw), true, &t_)) != NULL) { bad = m_; break; } \
		if (*t_ == '\0') break; \
		if (n == max_n) { too_many = true; break; } \
		items[n++] = t_; \
	} while (0)

	const struct param *path = find(req->path_params, spec->name);
	if (path != NULL) {
		TAKE(path->value);
	} else if (req->method == HTTP_GET || req->method == HTTP_HEAD) {
		for (const struct param *p = req->query; p; p = p->next)
			if (strcmp(p->name, spec->name) == 0)
				TAKE(p->value);
	} else if (req->json != NULL) {
		json_t *j = json_object_get(req->json, spec->name);
		if (json_is_array(j)) {
			size_t i;
			json_t *e;
			json_array_foreach(j, i, e)
				TAKE(json_text(req, e));
		} else if (j != NULL && !json_is_null(j)) {
			TAKE(json_text(req, j));
		}
	} else {
		for (const struct param *p = req->form; p; p = p->next)
			if (strcmp(p->name, spec->name) == 0)
				TAKE(p->value);
	}
#undef TAKE
	v->list = items;
	v->nlist = n;
	v->is_present = n > 0;
	if (bad != NULL)
		req_add_error(req, spec->name, *bad == '\x01' ?
		    arena_printf(req->arena, "Select %s", label) : bad);
	else if (too_many)
		req_add_error(req, spec->name, arena_printf(req->arena,
		    "Select %zu or fewer of %s", max_n, label));
	else if (spec->is_required && n == 0)
		req_add_error(req, spec->name, arena_printf(req->arena, "Select %s", label));
}

static void
add_prefixed(struct request *req, const struct param_spec *spec, struct param_value *v,
    struct param ***tail, size_t *n, const char *name, const char *raw)
{
	size_t max_n = spec->max > 0 ? (size_t)spec->max : 100;
	const char *text, *msg;
	if (raw == NULL) {
		req_add_error(req, arena_strdup(req->arena, name), "Enter text or a number");
		return;
	}
	if (*n >= max_n) {
		if (*n == max_n)   /* say it once */
			req_add_error(req, spec->name, "Too many fields were sent");
		(*n)++;
		return;
	}
	if ((msg = check_text(req, spec, raw, false, &text)) != NULL) {
		req_add_error(req, arena_strdup(req->arena, name), msg);
		return;
	}
	struct param *p = arena_calloc(req->arena, 1, sizeof(*p));
	p->name = arena_strdup(req->arena, name);
	p->value = text;
	p->value_len = strlen(text);
	**tail = p;
	*tail = &p->next;
	(*n)++;
	v->is_present = true;
}

static void
check_prefix(struct request *req, const struct param_spec *spec, struct param_value *v)
{
	size_t plen = strlen(spec->name), n = 0;
	struct param **tail = &v->prefixed;
	const struct param *list = req->method == HTTP_GET || req->method == HTTP_HEAD ?
	    req->query : req->form;
	if (req->json != NULL && req->method != HTTP_GET && req->method != HTTP_HEAD) {
		const char *key;
		json_t *j;
		json_object_foreach(req->json, key, j) {
			if (strncmp(key, spec->name, plen) != 0)
				continue;
			if (json_is_array(j)) {
				size_t i;
				json_t *e;
				json_array_foreach(j, i, e)
					add_prefixed(req, spec, v, &tail, &n, key, json_text(req, e));
			} else if (!json_is_null(j)) {
				add_prefixed(req, spec, v, &tail, &n, key, json_text(req, j));
			}
		}
		return;
	}
	for (const struct param *p = list; p; p = p->next)
		if (strncmp(p->name, spec->name, plen) == 0)
			add_prefixed(req, spec, v, &tail, &n, p->name, p->value);
}

static void
check_one(struct request *req, const struct param_spec *spec, struct param_value *v)
{
	const char *label = spec->label ? spec->label : spec->name;
	struct arena *a = req->arena;
	size_t max_len = spec->max_len ? spec->max_len : DEFAULT_MAX_LEN;

	if (spec->type == P_FILE) {
		for (const struct upload *u = req->uploads; u; u = u->next) {
			if (strcmp(u->field, spec->name) == 0 && (u->len > 0 || *u->filename)) {
				v->file = u;
				v->is_present = true;
				break;
			}
		}
		if (!v->is_present && spec->is_required) {
			req_add_error(req, spec->name, arena_printf(a, "Select %s", label));
		} else if (v->file && v->file->len == 0) {
			req_add_error(req, spec->name, "The selected file is empty");
		} else if (v->file && max_len && v->file->len > max_len) {
			req_add_error(req, spec->name, max_len >= 1024 * 1024 ?
			    arena_printf(a, "The selected file must be %zu MB or smaller",
			    max_len / (1024 * 1024)) :
			    arena_printf(a, "The selected file must be %zu KB or smaller",
			    (max_len + 1023) / 1024));
		} else {
			return;
		}
		/* a file that failed its checks is not there for the handler */
		v->is_present = false;
		v->file = NULL;
		return;
	}

	if (spec->type == P_LIST) {
		check_list(req, spec, v);
		return;
	}
	if (spec->type == P_PREFIX) {
		check_prefix(req, spec, v);
		return;
	}

	const char *raw = raw_value(req, spec);
	if (raw == NULL || *raw == '\0') {
		if (spec->type == P_BOOL) {
			v->is_present = raw != NULL;
			v->num = 0;
			v->str = "";
			return;
		}
		v->str = "";
		if (spec->is_required)
			req_add_error(req, spec->name, arena_printf(a, "%s %s",
			    spec->type == P_CHOICE ? "Select" : "Enter", label));
		return;
	}

	char *s = arena_strdup(a, raw);
	if (spec->type != P_TEXT)
		s = str_trim(s);
	v->str = s;
	v->is_present = true;

	switch (spec->type) {
	case P_STRING:
	case P_TEXT:
		if (!utf8_valid(s, strlen(s)) || has_control(s, spec->type == P_TEXT)) {
			req_add_error(req, spec->name, arena_printf(a,
			    "%s contains characters that are not allowed", label));
		} else if (str_utf8_len(s) > max_len) {
			req_add_error(req, spec->name, arena_printf(a,
			    "Enter %s in %zu characters or fewer", label, max_len));
		} else if (spec->is_required && s[strspn(s, " \t\r\n")] == '\0') {
			/* only white space: P_TEXT is not trimmed, but is still empty */
			req_add_error(req, spec->name, arena_printf(a, "Enter %s", label));
		}
		break;
	case P_INT:
		if (str_to_i64(s, spec->min, spec->max, &v->num) != ERR_OK)
			req_add_error(req, spec->name, arena_printf(a,
			    "Enter %s as a whole number from %lld to %lld", label,
			    (long long)spec->min, (long long)spec->max));
		break;
	case P_BOOL: {
		bool b = false;
		if (str_to_bool(s, &b) != ERR_OK && strcmp(s, "on") != 0)
			req_add_error(req, spec->name, arena_printf(a,
			    "%s must be yes or no", label));
		v->num = b || strcmp(s, "on") == 0;
		break;
	}
	case P_CHOICE: {
		bool ok = false;
		for (const char *const *c = spec->choices; c && *c; c++)
			if (strcmp(*c, s) == 0)
				ok = true;
		if (!ok)
			req_add_error(req, spec->name, arena_printf(a, "Select %s", label));
		break;
	}
	case P_FILE:
	case P_LIST:
	case P_PREFIX:
		break;
	}
	if (req->errors != NULL) {
		/* keep what was typed for the form to show back, even if bad */
		for (struct field_error *e = req->errors; e; e = e->next)
			if (strcmp(e->field, spec->name) == 0)
				v->is_present = false;
	}
}

void
req_validate(struct request *req)
{
	const struct param_spec *specs = req->route->params;
	size_t n = 0;
	while (specs && specs[n].name)
		n++;
	req->values = arena_calloc(req->arena, n ? n : 1, sizeof(*req->values));
	for (size_t i = 0; i < n; i++)
		check_one(req, &specs[i], &req->values[i]);
}

/* A handler reading a parameter its route does not declare is a bug.
 * Debug builds (the sanitizer test run) stop at once so that tests catch
 * it; a release build must not let one odd request take the whole
 * server down (the security scan found such a path), so it logs the bug
 * and reads the parameter as absent. */
static const struct param_value *
value_of(const struct request *req, const char *name)
{
	static const struct param_value absent;
	const struct param_spec *specs = req->route->params;
	for (size_t i = 0; specs && specs[i].name; i++)
		if (strcmp(specs[i].name, name) == 0)
			return &req->values[i];
	log_error("http: route %s reads undeclared parameter '%s' (a bug; "
	    "read as absent)", req->route->pattern, name);
#ifndef NDEBUG
	abort();
#endif
	return &absent;
}

const char *
req_str(const struct request *req, const char *name)
{
	const struct param_value *v = value_of(req, name);
	return v->str ? v->str : "";
}

int64_t
req_int(const struct request *req, const char *name)
{
	const struct param_value *v = value_of(req, name);
	return v->is_present ? v->num : 0;
}

bool
req_bool(const struct request *req, const char *name)
{
	return req_int(req, name) != 0;
}

bool
req_has(const struct request *req, const char *name)
{
	return value_of(req, name)->is_present;
}

const struct upload *
req_file(const struct request *req, const char *name)
{
	return value_of(req, name)->file;
}

size_t
req_list(const struct request *req, const char *name, const char *const **items)
{
	const struct param_value *v = value_of(req, name);
	static const char *const none[1];
	*items = v->list ? v->list : none;
	return v->nlist;
}

const struct param *
req_prefixed(const struct request *req, const char *name)
{
	return value_of(req, name)->prefixed;
}

const char *
req_error(const struct request *req, const char *name)
{
	for (const struct field_error *e = req->errors; e; e = e->next)
		if (strcmp(e->field, name) == 0)
			return e->message;
	return NULL;
}

const char *
req_cookie(const struct request *req, const char *name)
{
	const struct param *p = find(req->cookies, name);
	return p ? p->value : NULL;
}
