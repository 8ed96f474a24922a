/*
 * schemeconf.c - the scheme administrator's settings for profiles and
 * matching, and their /api/v1 twins (PRO-2 own fields, PRO-8 keyword
 * list, FIND-3 weights, FIND-4 rules, required fields):
 *
 *   /admin/schemes/{id}/profiles                 the hub, with counts
 *   /admin/schemes/{id}/lists/{list}             options; POST adds one
 *   /admin/schemes/{id}/lists/{list}/{oid}       change; POST saves
 *   /admin/schemes/{id}/lists/{list}/{oid}/move|retire|restore
 *   /admin/schemes/{id}/fields                   the scheme's own questions
 *   /admin/schemes/{id}/fields/new               GET form, POST adds
 *   /admin/schemes/{id}/fields/{fid}             GET form, POST saves
 *   /admin/schemes/{id}/fields/{fid}/move|retire|restore
 *   /admin/schemes/{id}/matching                 rules, weights, required
 *
 * Design: the route rows let any administrator in (ACCESS_SCHEME_ADMIN);
 * app/schemeconf.c decides whether `me` may manage this scheme and
 * whether an option or field is the scheme's own, answering
 * ERR_NOT_FOUND (404) otherwise.  Declared inputs are loose text: the
 * app's rules speak in plain English beside each field, and the page
 * comes back with what was typed (ROUTE_FORM on the HTML rows; the API
 * answers 422 {"error":{"fields"}}).  Actions redirect back with ?done=
 * for the banner (POST, redirect, GET).
 *
 * API: POST bodies may leave out settings to keep them (partial
 * update); on the HTML forms an absent checkbox means "not ticked".
 *
 * Traps: {list} is free text in the path; an unknown list is a 404 from
 * app, never a 400.  Equality-monitoring fields are configuration here:
 * no answers are read or shown by this file.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/match.h"
#include "app/schemeconf.h"
#include "core/arena.h"
#include "view/json.h"

/* ---- small helpers ---- */

static int64_t
scheme_id(const struct request *req)
{
	return req_int(req, "id");
}

static const char *
base_url(struct request *req)
{
	return arena_printf(req->arena, "/admin/schemes/%lld",
	    (long long)scheme_id(req));
}

/* A typed value when the form comes back, else the stored one. */
static const char *
typed(struct request *req, const char *name, const char *stored)
{
	return req->method == HTTP_POST && req_has(req, name) ? req_str(req, name) :
	    stored;
}

static const char *
num_text(struct request *req, int64_t v)
{
	return arena_printf(req->arena, "%lld", (long long)v);
}

/* ---- what pages add: menu, scheme, banner ---- */

static const struct { const char *done, *message; } done_messages[] = {
	{"added", "Added."},
	{"saved", "Your changes have been saved."},
	{"moved", "The order has been changed."},
	{"retired", "Retired. It stays on the profiles that already have it, but "
	    "is no longer offered to anyone choosing now."},
	{"restored", "Restored. It is offered again."},
	{"field_added", "The question has been added to the profile form."},
	{"field_saved", "The question has been saved."},
	{"field_retired", "The question has been retired: it is no longer asked "
	    "or shown. Answers already given are kept."},
	{"field_restored", "The question has been restored."},
	{"matching_saved", "The matching settings have been saved. Search results "
	    "use them from now on."},
};

static const char *const dones[] = {"added", "saved", "moved", "retired", "restored",
	"field_added", "field_saved", "field_retired", "field_restored",
	"matching_saved", NULL};

static void
decorate(struct request *req, json_t *m, const char *current)
{
	admin_menu(req, m, "", scheme_id(req));
	json_put_s(m, "current", current);
	if (req->method == HTTP_GET || req->method == HTTP_HEAD) {
		const char *done = req_str(req, "done");
		for (size_t i = 0; i < sizeof(done_messages) / sizeof(done_messages[0]); i++)
			if (strcmp(done, done_messages[i].done) == 0)
				json_put_s(m, "done_message", done_messages[i].message);
	}
}

/* The scheme in the model (both): "scheme" {id, name, url}. */
static enum err
with_scheme(struct request *req, json_t *m)
{
	struct db_scheme s;
	enum err rc = app_sc_scheme(req->db, req->arena, req->auth, scheme_id(req), &s);
	if (rc != ERR_OK)
		return rc;
	json_object_set_new(m, "scheme", json_pack("{s:I, s:s, s:s, s:s}",
	    "id", (json_int_t)s.id, "name", s.name, "slug", s.slug,
	    "url", base_url(req)));
	return ERR_OK;
}

static enum err
respond(struct request *req, struct response *resp, int status,
    const char *template, const char *current, json_t *m)
{
	if (!req->is_api)
		decorate(req, m, current);
	return page_respond(req, resp, status, template, m);
}

/* After an action: the API says what was done, the page goes back. */
static enum err
acted(struct request *req, struct response *resp, enum err rc, int64_t id,
    const char *back, const char *done)
{
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
		    "done", done));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s", back, done));
	return ERR_OK;
}

/* ---- the hub ---- */

static enum err
handle_hub(struct request *req, struct response *resp)
{
	struct db_scheme s;
	struct app_sc_counts c;
	enum err rc = app_sc_counts(req->db, req->arena, req->auth, scheme_id(req), &s, &c);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "scheme", json_pack("{s:I, s:s, s:s, s:s}",
	    "id", (json_int_t)s.id, "name", s.name, "slug", s.slug, "url", base_url(req)));
	json_t *lists = json_array();
	for (size_t i = 0; i < 4; i++) {
		json_t *x = json_object();
		json_put_s(x, "list", app_sc_lists[i]);
		json_put_s(x, "title", app_sc_list_title(app_sc_lists[i]));
		json_put_s(x, "url", arena_printf(req->arena, "%s/lists/%s", base_url(req),
		    app_sc_lists[i]));
		json_put_i(x, "count", (int64_t)c.options[i]);
		json_put_i(x, "retired", (int64_t)c.retired[i]);
		json_array_append_new(lists, x);
	}
	json_object_set_new(m, "lists", lists);
	json_object_set_new(m, "fields", json_pack("{s:I, s:I, s:s}",
	    "count", (json_int_t)c.fields, "retired", (json_int_t)c.fields_retired,
	    "url", arena_printf(req->arena, "%s/fields", base_url(req))));
	json_put_s(m, "matching_url", arena_printf(req->arena, "%s/matching", base_url(req)));
	return respond(req, resp, 200, "admin-scheme-profiles", "profiles", m);
}

/* ---- option lists ---- */

static const char *const option_inputs[] = {"label", "latitude", "longitude", NULL};

static const char *
coord_text(struct request *req, const struct db_option *o, bool lat)
{
	if (!o->has_location)
		return "";
	/* six decimals (about 10 cm), trailing zeros dropped: what was typed
	 * comes back unchanged for any sensible precision */
	char *s = arena_printf(req->arena, "%.6f", lat ? o->latitude : o->longitude);
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	return s;
}

static json_t *
option_json(struct request *req, const struct db_option *o, const char *list_url)
{
	json_t *x = json_object();
	json_put_i(x, "id", o->id);
	json_put_s(x, "label", o->label);
	json_put_i(x, "position", o->position);
	json_put_b(x, "is_retired", o->is_retired);
	if (strcmp(o->list, "site") == 0) {
		json_put_b(x, "has_location", o->has_location);
		if (o->has_location) {
			json_object_set_new(x, "latitude", json_real(o->latitude));
			json_object_set_new(x, "longitude", json_real(o->longitude));
		} else {
			json_object_set_new(x, "latitude", json_null());
			json_object_set_new(x, "longitude", json_null());
		}
	}
	json_put_s(x, "url", arena_printf(req->arena, "%s/%lld", list_url, (long long)o->id));
	return x;
}

/* The list with the add form (typed values kept when it comes back). */
static enum err
list_page(struct request *req, struct response *resp, int status)
{
	const char *list = req_str(req, "list");
	struct db_option *o;
	size_t n;
	enum err rc = app_sc_options(req->db, req->arena, req->auth, scheme_id(req), list,
	    &o, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	if ((rc = with_scheme(req, m)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	const char *url = arena_printf(req->arena, "%s/lists/%s", base_url(req), list);
	json_t *items = json_array();
	size_t active = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *x = option_json(req, &o[i], url);
		if (!req->is_api) {
			json_put_b(x, "is_first", i == 0);
			json_put_b(x, "is_last", i + 1 == n);
			json_put_s(x, "latitude_text", coord_text(req, &o[i], true));
			json_put_s(x, "longitude_text", coord_text(req, &o[i], false));
		}
		active += !o[i].is_retired;
		json_array_append_new(items, x);
	}
	json_object_set_new(m, "options", items);
	json_put_s(m, "list", list);
	json_put_s(m, "title", app_sc_list_title(list));
	if (!req->is_api) {
		json_put_s(m, "url", url);
		json_put_b(m, "has_options", n > 0);
		json_put_i(m, "active", (int64_t)active);
		json_put_b(m, "is_site", strcmp(list, "site") == 0);
		json_put_b(m, "is_keyword", strcmp(list, "keyword") == 0);
		bool back = req->method == HTTP_POST;
		json_put_s(m, "label", back ? req_str(req, "label") : "");
		json_put_s(m, "latitude", back ? req_str(req, "latitude") : "");
		json_put_s(m, "longitude", back ? req_str(req, "longitude") : "");
		page_field_errors(req, m, option_inputs);
	}
	return respond(req, resp, status, "admin-scheme-list", "list", m);
}

static enum err
handle_list(struct request *req, struct response *resp)
{
	return list_page(req, resp, 200);
}

static enum err
handle_option_add(struct request *req, struct response *resp)
{
	const char *list = req_str(req, "list");
	if (req->errors == NULL) {
		struct app_problems ps = {0};
		struct app_sc_option_in in = {req_str(req, "label"), req_str(req, "latitude"),
			req_str(req, "longitude")};
		int64_t id = 0;
		enum err rc = app_sc_option_add(req->db, req->arena, req->auth, scheme_id(req),
		    list, &in, req->client_ip, &ps, &id);
		if (rc != ERR_BAD_INPUT)
			return acted(req, resp, rc, id, arena_printf(req->arena,
			    "%s/lists/%s", base_url(req), list), "added");
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return list_page(req, resp, 400);
}

/* One option's change form. */
static enum err
option_page(struct request *req, struct response *resp, int status)
{
	const char *list = req_str(req, "list");
	struct db_option o;
	enum err rc = app_sc_option(req->db, req->arena, req->auth, scheme_id(req), list,
	    req_int(req, "oid"), &o);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	if ((rc = with_scheme(req, m)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	const char *url = arena_printf(req->arena, "%s/lists/%s", base_url(req), list);
	json_object_set_new(m, "option", option_json(req, &o, url));
	json_put_s(m, "list", list);
	json_put_s(m, "title", app_sc_list_title(list));
	if (!req->is_api) {
		json_put_s(m, "list_url", url);
		json_put_b(m, "is_site", strcmp(list, "site") == 0);
		json_put_b(m, "is_keyword", strcmp(list, "keyword") == 0);
		json_put_s(m, "current_label", o.label);
		json_put_s(m, "label", typed(req, "label", o.label));
		json_put_s(m, "latitude", typed(req, "latitude", coord_text(req, &o, true)));
		json_put_s(m, "longitude", typed(req, "longitude", coord_text(req, &o, false)));
		page_field_errors(req, m, option_inputs);
	}
	return respond(req, resp, status, "admin-scheme-option", "list", m);
}

static enum err
handle_option(struct request *req, struct response *resp)
{
	return option_page(req, resp, 200);
}

static enum err
handle_option_edit(struct request *req, struct response *resp)
{
	const char *list = req_str(req, "list");
	int64_t oid = req_int(req, "oid");
	if (req->errors == NULL) {
		struct db_option o;
		enum err rc = app_sc_option(req->db, req->arena, req->auth, scheme_id(req),
		    list, oid, &o);
		if (rc != ERR_OK)
			return rc;
		/* the API may leave out what it keeps */
		struct app_sc_option_in in = {
			req_has(req, "label") ? req_str(req, "label") : o.label,
			req_has(req, "latitude") || !req->is_api ? req_str(req, "latitude") :
			    coord_text(req, &o, true),
			req_has(req, "longitude") || !req->is_api ? req_str(req, "longitude") :
			    coord_text(req, &o, false),
		};
		struct app_problems ps = {0};
		rc = app_sc_option_edit(req->db, req->arena, req->auth, scheme_id(req), list,
		    oid, &in, req->client_ip, &ps);
		if (rc != ERR_BAD_INPUT)
			return acted(req, resp, rc, oid, arena_printf(req->arena,
			    "%s/lists/%s", base_url(req), list), "saved");
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return option_page(req, resp, 400);
}

static int
direction(struct request *req)
{
	return strcmp(req_str(req, "direction"), "up") == 0 ? -1 : 1;
}

static const char *
list_url(struct request *req)
{
	return arena_printf(req->arena, "%s/lists/%s", base_url(req),
	    req_str(req, "list"));
}

static enum err
handle_option_move(struct request *req, struct response *resp)
{
	int64_t oid = req_int(req, "oid");
	return acted(req, resp, app_sc_option_move(req->db, req->arena, req->auth,
	    scheme_id(req), req_str(req, "list"), oid, direction(req), req->client_ip),
	    oid, list_url(req), "moved");
}

static enum err
handle_option_retire(struct request *req, struct response *resp)
{
	int64_t oid = req_int(req, "oid");
	return acted(req, resp, app_sc_option_retire(req->db, req->arena, req->auth,
	    scheme_id(req), req_str(req, "list"), oid, true, req->client_ip),
	    oid, list_url(req), "retired");
}

static enum err
handle_option_restore(struct request *req, struct response *resp)
{
	int64_t oid = req_int(req, "oid");
	return acted(req, resp, app_sc_option_retire(req->db, req->arena, req->auth,
	    scheme_id(req), req_str(req, "list"), oid, false, req->client_ip),
	    oid, list_url(req), "restored");
}

/* ---- the scheme's own fields ---- */

static const struct { const char *value, *label, *hint; } kind_info[] = {
	{"text", "Short text", "A line of text, such as a place of work"},
	{"long_text", "Long text", "Paragraphs, such as why they want to take part"},
	{"choice", "One choice from a list", "Radio buttons: people pick one"},
	{"multi", "Several choices from a list", "Checkboxes: people pick any number"},
	{"date", "A date", "Day, month and year"},
	{"number", "A whole number", "Such as a maximum travel distance in miles"},
};

static const struct { const char *value, *label, *hint; } visibility_info[] = {
	{"public", "Public", "Anyone who can see the profile sees the answer."},
	{"private", "Private", "Only the person and the scheme's administrators see "
	    "the answer. It is shown to them with a padlock."},
	{"equality", "Equality monitoring", "Never shown to anyone individually, "
	    "not even administrators: answers are only counted in reports."},
};

static const struct { const char *value, *label; } applies_info[] = {
	{"both", "Mentees and mentors"},
	{"mentee", "Mentees only"},
	{"mentor", "Mentors only"},
};

static const char *
info_label(const char *value, int which)
{
	if (which == 0) {
		for (size_t i = 0; i < sizeof(kind_info) / sizeof(kind_info[0]); i++)
			if (strcmp(kind_info[i].value, value) == 0)
				return kind_info[i].label;
	} else if (which == 1) {
		for (size_t i = 0; i < sizeof(visibility_info) / sizeof(visibility_info[0]); i++)
			if (strcmp(visibility_info[i].value, value) == 0)
				return visibility_info[i].label;
	} else {
		for (size_t i = 0; i < sizeof(applies_info) / sizeof(applies_info[0]); i++)
			if (strcmp(applies_info[i].value, value) == 0)
				return applies_info[i].label;
	}
	return value;
}

static json_t *
field_json(struct request *req, const struct db_field *f)
{
	json_t *x = json_object();
	json_put_i(x, "id", f->id);
	json_put_s(x, "label", f->label);
	json_put_s(x, "hint", f->hint);
	json_put_s(x, "kind", f->kind);
	json_t *choices = json_array();
	const char *p = f->choices;
	while (*p) {
		size_t len = strcspn(p, "\n");
		if (len > 0)
			json_array_append_new(choices, json_stringn(p, len));
		p += len;
		if (*p == '\n')
			p++;
	}
	json_object_set_new(x, "choices", choices);
	json_put_s(x, "visibility", f->visibility);
	json_put_s(x, "applies_to", f->applies_to);
	json_put_b(x, "is_required", f->is_required);
	json_put_i(x, "position", f->position);
	json_put_b(x, "is_retired", f->is_retired);
	json_put_s(x, "url", arena_printf(req->arena, "%s/fields/%lld", base_url(req),
	    (long long)f->id));
	return x;
}

static enum err
handle_fields(struct request *req, struct response *resp)
{
	struct db_field *f;
	size_t n;
	enum err rc = app_sc_fields(req->db, req->arena, req->auth, scheme_id(req), &f, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	if ((rc = with_scheme(req, m)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *x = field_json(req, &f[i]);
		if (!req->is_api) {
			json_put_s(x, "kind_label", info_label(f[i].kind, 0));
			json_put_s(x, "visibility_label", info_label(f[i].visibility, 1));
			json_put_s(x, "applies_label", info_label(f[i].applies_to, 2));
			json_put_b(x, "is_private", strcmp(f[i].visibility, "private") == 0);
			json_put_b(x, "is_equality", strcmp(f[i].visibility, "equality") == 0);
			json_put_b(x, "is_first", i == 0);
			json_put_b(x, "is_last", i + 1 == n);
		}
		json_array_append_new(items, x);
	}
	json_object_set_new(m, "fields", items);
	if (!req->is_api) {
		json_put_b(m, "has_fields", n > 0);
		json_put_s(m, "new_url", arena_printf(req->arena, "%s/fields/new", base_url(req)));
	}
	return respond(req, resp, 200, "admin-scheme-fields", "fields", m);
}

static const char *const field_inputs[] = {"label", "hint", "kind", "choices",
	"visibility", "applies_to", "is_required", NULL};

/* The field form: new (f NULL) or one field, with typed values kept. */
static enum err
field_page(struct request *req, struct response *resp, int status,
    const struct db_field *f, bool has_answers)
{
	json_t *m = json_object();
	enum err rc = with_scheme(req, m);
	if (rc != ERR_OK) {
		json_decref(m);
		return rc;
	}
	bool back = req->method == HTTP_POST;
	if (req->is_api) {
		json_object_set_new(m, "field", field_json(req, f));
		json_put_b(m, "has_answers", has_answers);
		return page_respond(req, resp, status, "admin-scheme-field", m);
	}
	const char *kind = back ? req_str(req, "kind") : f ? f->kind : "text";
	const char *vis = back ? req_str(req, "visibility") : f ? f->visibility : "public";
	const char *app = back ? req_str(req, "applies_to") : f ? f->applies_to : "both";
	json_put_b(m, "is_new", f == NULL);
	json_put_s(m, "action", f ? arena_printf(req->arena, "%s/fields/%lld", base_url(req),
	    (long long)f->id) : arena_printf(req->arena, "%s/fields/new", base_url(req)));
	json_put_s(m, "fields_url", arena_printf(req->arena, "%s/fields", base_url(req)));
	if (f != NULL)
		json_put_s(m, "current_label", f->label);
	json_put_b(m, "has_answers", has_answers);
	json_put_s(m, "label", back ? req_str(req, "label") : f ? f->label : "");
	json_put_s(m, "hint", back ? req_str(req, "hint") : f ? f->hint : "");
	json_put_s(m, "choices", back ? req_str(req, "choices") : f ? f->choices : "");
	json_put_b(m, "is_required", back ? req_bool(req, "is_required") :
	    f ? f->is_required : false);
	json_t *k = json_array();
	for (size_t i = 0; i < sizeof(kind_info) / sizeof(kind_info[0]); i++)
		json_array_append_new(k, json_pack("{s:s, s:s, s:s, s:s, s:b}",
		    "value", kind_info[i].value, "label", kind_info[i].label,
		    "hint", kind_info[i].hint, "input_id", i == 0 ? "kind" :
		    arena_printf(req->arena, "kind-%s", kind_info[i].value),
		    "is_checked", strcmp(kind, kind_info[i].value) == 0));
	json_object_set_new(m, "kinds", k);
	json_t *v = json_array();
	for (size_t i = 0; i < sizeof(visibility_info) / sizeof(visibility_info[0]); i++)
		json_array_append_new(v, json_pack("{s:s, s:s, s:s, s:s, s:b}",
		    "value", visibility_info[i].value, "label", visibility_info[i].label,
		    "hint", visibility_info[i].hint, "input_id", i == 0 ? "visibility" :
		    arena_printf(req->arena, "visibility-%s", visibility_info[i].value),
		    "is_checked", strcmp(vis, visibility_info[i].value) == 0));
	json_object_set_new(m, "visibilities", v);
	json_t *ap = json_array();
	for (size_t i = 0; i < sizeof(applies_info) / sizeof(applies_info[0]); i++)
		json_array_append_new(ap, json_pack("{s:s, s:s, s:s, s:b}",
		    "value", applies_info[i].value, "label", applies_info[i].label,
		    "input_id", i == 0 ? "applies_to" :
		    arena_printf(req->arena, "applies_to-%s", applies_info[i].value),
		    "is_checked", strcmp(app, applies_info[i].value) == 0));
	json_object_set_new(m, "applies", ap);
	page_field_errors(req, m, field_inputs);
	return respond(req, resp, status, "admin-scheme-field", "fields", m);
}

static enum err
handle_field_new(struct request *req, struct response *resp)
{
	enum err rc = app_sc_scheme(req->db, req->arena, req->auth, scheme_id(req), NULL);
	if (rc != ERR_OK)
		return rc;
	return field_page(req, resp, 200, NULL, false);
}

static enum err
handle_field(struct request *req, struct response *resp)
{
	struct db_field f;
	bool has_answers;
	enum err rc = app_sc_field(req->db, req->arena, req->auth, scheme_id(req),
	    req_int(req, "fid"), &f, &has_answers);
	if (rc != ERR_OK)
		return rc;
	return field_page(req, resp, 200, &f, has_answers);
}

/* Add (fid 0) or save a field. */
static enum err
field_save(struct request *req, struct response *resp, int64_t fid)
{
	struct db_field old = {.label = "", .hint = "", .kind = "", .choices = "",
		.visibility = "public", .applies_to = "both"};
	bool has_answers = false;
	enum err rc;

	if (fid != 0)
		rc = app_sc_field(req->db, req->arena, req->auth, scheme_id(req), fid, &old,
		    &has_answers);
	else
		rc = app_sc_scheme(req->db, req->arena, req->auth, scheme_id(req), NULL);
	if (rc != ERR_OK)
		return rc;
	if (req->errors == NULL) {
		/* on the API, what is left out is kept (or the default) */
		bool keep = req->is_api;
		struct app_sc_field_in in = {
			.label = keep && !req_has(req, "label") ? old.label : req_str(req, "label"),
			.hint = keep && !req_has(req, "hint") ? old.hint : req_str(req, "hint"),
			.kind = keep && !req_has(req, "kind") ? old.kind : req_str(req, "kind"),
			.choices = keep && !req_has(req, "choices") ? old.choices :
			    req_str(req, "choices"),
			.visibility = keep && !req_has(req, "visibility") ? old.visibility :
			    req_str(req, "visibility"),
			.applies_to = keep && !req_has(req, "applies_to") ? old.applies_to :
			    req_str(req, "applies_to"),
			.is_required = keep && !req_has(req, "is_required") ? old.is_required :
			    req_bool(req, "is_required"),
		};
		struct app_problems ps = {0};
		int64_t id = 0;
		rc = app_sc_field_save(req->db, req->arena, req->auth, scheme_id(req), fid,
		    &in, req->client_ip, &ps, &id);
		if (rc != ERR_BAD_INPUT)
			return acted(req, resp, rc, id, arena_printf(req->arena, "%s/fields",
			    base_url(req)), fid ? "field_saved" : "field_added");
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return field_page(req, resp, 400, fid ? &old : NULL, has_answers);
}

static enum err
handle_field_add(struct request *req, struct response *resp)
{
	return field_save(req, resp, 0);
}

static enum err
handle_field_save(struct request *req, struct response *resp)
{
	return field_save(req, resp, req_int(req, "fid"));
}

static const char *
fields_url(struct request *req)
{
	return arena_printf(req->arena, "%s/fields", base_url(req));
}

static enum err
handle_field_move(struct request *req, struct response *resp)
{
	int64_t fid = req_int(req, "fid");
	return acted(req, resp, app_sc_field_move(req->db, req->arena, req->auth,
	    scheme_id(req), fid, direction(req), req->client_ip), fid, fields_url(req),
	    "moved");
}

static enum err
handle_field_retire(struct request *req, struct response *resp)
{
	int64_t fid = req_int(req, "fid");
	return acted(req, resp, app_sc_field_retire(req->db, req->arena, req->auth,
	    scheme_id(req), fid, true, req->client_ip), fid, fields_url(req),
	    "field_retired");
}

static enum err
handle_field_restore(struct request *req, struct response *resp)
{
	int64_t fid = req_int(req, "fid");
	return acted(req, resp, app_sc_field_retire(req->db, req->arena, req->auth,
	    scheme_id(req), fid, false, req->client_ip), fid, fields_url(req),
	    "field_restored");
}

/* ---- matching rules, weights, required fields ---- */

static const char *const matching_inputs[] = {"exclude_conflicts",
	"organisation_rule", "specialty_rule", "max_distance_miles", "weight_keyword",
	"weight_specialty", "weight_organisation", "weight_distance", "weight_format",
	"default_capacity", "mentor_required", "mentee_required", NULL};

static json_t *
rule_options(struct request *req, const char *name, const char *value,
    const char *what)
{
	static const char *const values[] = {"any", "same", "different"};
	json_t *list = json_array();
	for (size_t i = 0; i < 3; i++) {
		const char *label = i == 0 ? "Any: it makes no difference" :
		    arena_printf(req->arena, i == 1 ? "Must be the same %s" :
		    "Must be a different %s", what);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}",
		    "value", values[i], "label", label,
		    "input_id", i == 0 ? name : arena_printf(req->arena, "%s-%s", name,
		    values[i]), "is_checked", strcmp(value, values[i]) == 0));
	}
	return list;
}

/* The required-field checkboxes for one role. */
static json_t *
required_options(struct request *req, uint32_t mask, bool mentor, bool back)
{
	const char *name = mentor ? "mentor_required" : "mentee_required";
	const char *const *sent = NULL;
	size_t nsent = back ? req_list(req, name, &sent) : 0;
	json_t *list = json_array();
	bool first = true;
	for (size_t k = 0; k < MF__MAX; k++) {
		if (!app_sc_field_key_for(k, mentor))
			continue;
		bool on = false;
		if (back) {
			for (size_t i = 0; i < nsent; i++)
				on = on || strcmp(sent[i], match_fields[k].key) == 0;
		} else
			on = (mask & (1u << k)) != 0;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}",
		    "value", match_fields[k].key, "label", match_fields[k].label,
		    "input_id", first ? name : arena_printf(req->arena, "%s-%s", name,
		    match_fields[k].key), "is_checked", on));
		first = false;
	}
	return list;
}

static json_t *
keys_json(uint32_t mask)
{
	json_t *a = json_array();
	for (size_t k = 0; k < MF__MAX; k++)
		if (mask & (1u << k))
			json_array_append_new(a, json_string(match_fields[k].key));
	return a;
}

static enum err
matching_page(struct request *req, struct response *resp, int status)
{
	struct app_sc_matching s;
	enum err rc = app_sc_matching(req->db, req->arena, req->auth, scheme_id(req), &s);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	if ((rc = with_scheme(req, m)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	if (req->is_api) {
		json_t *x = json_object();
		json_put_b(x, "exclude_conflicts", s.m.exclude_conflicts);
		json_put_s(x, "organisation_rule", s.m.organisation_rule);
		json_put_s(x, "specialty_rule", s.m.specialty_rule);
		json_put_i(x, "max_distance_miles", s.m.max_distance_miles);
		json_put_i(x, "weight_keyword", s.m.weight_keyword);
		json_put_i(x, "weight_specialty", s.m.weight_specialty);
		json_put_i(x, "weight_organisation", s.m.weight_organisation);
		json_put_i(x, "weight_distance", s.m.weight_distance);
		json_put_i(x, "weight_format", s.m.weight_format);
		json_put_i(x, "default_capacity", s.default_capacity);
		json_object_set_new(x, "mentor_required", keys_json(s.mentor_mask));
		json_object_set_new(x, "mentee_required", keys_json(s.mentee_mask));
		json_t *avail = json_array();
		for (size_t k = 0; k < MF__MAX; k++) {
			json_array_append_new(avail, json_pack("{s:s, s:s, s:b, s:b}",
			    "key", match_fields[k].key, "label", match_fields[k].label,
			    "for_mentors", app_sc_field_key_for(k, true),
			    "for_mentees", app_sc_field_key_for(k, false)));
		}
		json_object_set_new(x, "required_fields", avail);
		json_object_set_new(m, "matching", x);
		return page_respond(req, resp, status, "admin-scheme-matching", m);
	}
	bool back = req->method == HTTP_POST;
	json_put_b(m, "exclude_conflicts", back ? req_bool(req, "exclude_conflicts") :
	    s.m.exclude_conflicts);
	json_object_set_new(m, "organisation_rules", rule_options(req, "organisation_rule",
	    typed(req, "organisation_rule", s.m.organisation_rule), "organisation"));
	json_object_set_new(m, "specialty_rules", rule_options(req, "specialty_rule",
	    typed(req, "specialty_rule", s.m.specialty_rule), "specialty"));
	json_put_s(m, "max_distance_miles", typed(req, "max_distance_miles",
	    num_text(req, s.m.max_distance_miles)));
	json_put_s(m, "weight_keyword", typed(req, "weight_keyword",
	    num_text(req, s.m.weight_keyword)));
	json_put_s(m, "weight_specialty", typed(req, "weight_specialty",
	    num_text(req, s.m.weight_specialty)));
	json_put_s(m, "weight_organisation", typed(req, "weight_organisation",
	    num_text(req, s.m.weight_organisation)));
	json_put_s(m, "weight_distance", typed(req, "weight_distance",
	    num_text(req, s.m.weight_distance)));
	json_put_s(m, "weight_format", typed(req, "weight_format",
	    num_text(req, s.m.weight_format)));
	json_put_s(m, "default_capacity", typed(req, "default_capacity",
	    num_text(req, s.default_capacity)));
	json_object_set_new(m, "mentor_fields", required_options(req, s.mentor_mask, true,
	    back));
	json_object_set_new(m, "mentee_fields", required_options(req, s.mentee_mask, false,
	    back));
	page_field_errors(req, m, matching_inputs);
	return respond(req, resp, status, "admin-scheme-matching", "matching", m);
}

static enum err
handle_matching(struct request *req, struct response *resp)
{
	return matching_page(req, resp, 200);
}

/* Text of a stored number when the API leaves the input out. */
static const char *
kept(struct request *req, const char *name, int64_t stored)
{
	if (req_has(req, name) || !req->is_api)
		return req_str(req, name);
	return num_text(req, stored);
}

static enum err
handle_matching_save(struct request *req, struct response *resp)
{
	struct app_sc_matching s;
	enum err rc = app_sc_matching(req->db, req->arena, req->auth, scheme_id(req), &s);
	if (rc != ERR_OK)
		return rc;
	if (req->errors == NULL) {
		bool api = req->is_api;
		const char *const *mentor = NULL, *const *mentee = NULL;
		size_t nmentor = req_list(req, "mentor_required", &mentor);
		size_t nmentee = req_list(req, "mentee_required", &mentee);
		const char **keep_mentor = NULL, **keep_mentee = NULL;
		if (api && !req_has(req, "mentor_required")) {
			keep_mentor = arena_alloc(req->arena, sizeof(char *) * MF__MAX);
			nmentor = 0;
			for (size_t k = 0; k < MF__MAX; k++)
				if (s.mentor_mask & (1u << k))
					keep_mentor[nmentor++] = match_fields[k].key;
			mentor = keep_mentor;
		}
		if (api && !req_has(req, "mentee_required")) {
			keep_mentee = arena_alloc(req->arena, sizeof(char *) * MF__MAX);
			nmentee = 0;
			for (size_t k = 0; k < MF__MAX; k++)
				if (s.mentee_mask & (1u << k))
					keep_mentee[nmentee++] = match_fields[k].key;
			mentee = keep_mentee;
		}
		struct app_sc_matching_in in = {
			.exclude_conflicts = api && !req_has(req, "exclude_conflicts") ?
			    s.m.exclude_conflicts : req_bool(req, "exclude_conflicts"),
			.organisation_rule = api && !req_has(req, "organisation_rule") ?
			    s.m.organisation_rule : req_str(req, "organisation_rule"),
			.specialty_rule = api && !req_has(req, "specialty_rule") ?
			    s.m.specialty_rule : req_str(req, "specialty_rule"),
			.max_distance_miles = kept(req, "max_distance_miles",
			    s.m.max_distance_miles),
			.weight_keyword = kept(req, "weight_keyword", s.m.weight_keyword),
			.weight_specialty = kept(req, "weight_specialty", s.m.weight_specialty),
			.weight_organisation = kept(req, "weight_organisation",
			    s.m.weight_organisation),
			.weight_distance = kept(req, "weight_distance", s.m.weight_distance),
			.weight_format = kept(req, "weight_format", s.m.weight_format),
			.default_capacity = kept(req, "default_capacity", s.default_capacity),
			.mentor_required = mentor,
			.nmentor_required = nmentor,
			.mentee_required = mentee,
			.nmentee_required = nmentee,
		};
		struct app_problems ps = {0};
		rc = app_sc_matching_save(req->db, req->arena, req->auth, scheme_id(req), &in,
		    req->client_ip, &ps);
		if (rc != ERR_BAD_INPUT)
			return acted(req, resp, rc, scheme_id(req), arena_printf(req->arena,
			    "%s/matching", base_url(req)), "matching_saved");
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return matching_page(req, resp, 400);
}

/* ---- routes ---- */

static const char *const directions[] = {"up", "down", NULL};

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the scheme"}
#define LIST_PARAM {.name = "list", .type = P_STRING, .is_required = true, \
	.max_len = 40, .label = "the list"}
#define OID_PARAM {.name = "oid", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the entry"}
#define FID_PARAM {.name = "fid", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the question"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define TEXT(n, len, l) {.name = n, .type = P_STRING, .max_len = len, .label = l}

static const struct param_spec scheme_get[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec list_get[] = {ID_PARAM, LIST_PARAM, DONE_PARAM, {0}};
static const struct param_spec option_post[] = {
	ID_PARAM, LIST_PARAM,
	TEXT("label", 400, "the name"),
	TEXT("latitude", 40, "the latitude"),
	TEXT("longitude", 40, "the longitude"),
	{0},
};
static const struct param_spec one_option_get[] = {ID_PARAM, LIST_PARAM, OID_PARAM,
	DONE_PARAM, {0}};
static const struct param_spec one_option_post[] = {
	ID_PARAM, LIST_PARAM, OID_PARAM,
	TEXT("label", 400, "the name"),
	TEXT("latitude", 40, "the latitude"),
	TEXT("longitude", 40, "the longitude"),
	{0},
};
static const struct param_spec option_action[] = {ID_PARAM, LIST_PARAM, OID_PARAM, {0}};
static const struct param_spec option_move[] = {
	ID_PARAM, LIST_PARAM, OID_PARAM,
	{.name = "direction", .type = P_CHOICE, .is_required = true,
	    .choices = directions, .label = "up or down"},
	{0},
};
#define FIELD_INPUTS \
	TEXT("label", 1000, "the question"), \
	{.name = "hint", .type = P_TEXT, .max_len = 2000, .label = "the hint"}, \
	TEXT("kind", 40, "the kind of answer"), \
	{.name = "choices", .type = P_TEXT, .max_len = 20000, .label = "the choices"}, \
	TEXT("visibility", 40, "who can see the answers"), \
	TEXT("applies_to", 40, "who is asked"), \
	{.name = "is_required", .type = P_BOOL, .label = "required"}

static const struct param_spec field_new_post[] = {ID_PARAM, FIELD_INPUTS, {0}};
static const struct param_spec field_get[] = {ID_PARAM, FID_PARAM, DONE_PARAM, {0}};
static const struct param_spec field_post[] = {ID_PARAM, FID_PARAM, FIELD_INPUTS, {0}};
static const struct param_spec field_action[] = {ID_PARAM, FID_PARAM, {0}};
static const struct param_spec field_move[] = {
	ID_PARAM, FID_PARAM,
	{.name = "direction", .type = P_CHOICE, .is_required = true,
	    .choices = directions, .label = "up or down"},
	{0},
};
static const struct param_spec matching_post[] = {
	ID_PARAM,
	{.name = "exclude_conflicts", .type = P_BOOL, .label = "exclude conflicts"},
	TEXT("organisation_rule", 40, "the organisation rule"),
	TEXT("specialty_rule", 40, "the specialty rule"),
	TEXT("max_distance_miles", 40, "the maximum distance"),
	TEXT("weight_keyword", 40, "the keyword weight"),
	TEXT("weight_specialty", 40, "the specialty weight"),
	TEXT("weight_organisation", 40, "the organisation weight"),
	TEXT("weight_distance", 40, "the distance weight"),
	TEXT("weight_format", 40, "the meeting format weight"),
	TEXT("default_capacity", 40, "the default capacity"),
	{.name = "mentor_required", .type = P_LIST, .max_len = 40, .max = 40,
	    .label = "what mentors need"},
	{.name = "mentee_required", .type = P_LIST, .max_len = 40, .max = 40,
	    .label = "what mentees need"},
	{0},
};

#define A ACCESS_SCHEME_ADMIN
#define S "/admin/schemes/{id:int}"
#define API "/api/v1/admin/schemes/{id:int}"
#define L "/lists/{list}"
#define O "/lists/{list}/{oid:int}"
#define F "/fields/{fid:int}"

const struct route schemeconf_routes[] = {
	{HTTP_GET, S "/profiles", handle_hub, A, scheme_get, 0, 0},
	{HTTP_GET, S L, handle_list, A, list_get, 0, 0},
	{HTTP_POST, S L, handle_option_add, A, option_post, ROUTE_FORM, 0},
	{HTTP_GET, S O, handle_option, A, one_option_get, 0, 0},
	{HTTP_POST, S O, handle_option_edit, A, one_option_post, ROUTE_FORM, 0},
	{HTTP_POST, S O "/move", handle_option_move, A, option_move, 0, 0},
	{HTTP_POST, S O "/retire", handle_option_retire, A, option_action, 0, 0},
	{HTTP_POST, S O "/restore", handle_option_restore, A, option_action, 0, 0},
	{HTTP_GET, S "/fields", handle_fields, A, scheme_get, 0, 0},
	{HTTP_GET, S "/fields/new", handle_field_new, A, scheme_get, 0, 0},
	{HTTP_POST, S "/fields/new", handle_field_add, A, field_new_post, ROUTE_FORM, 0},
	{HTTP_GET, S F, handle_field, A, field_get, 0, 0},
	{HTTP_POST, S F, handle_field_save, A, field_post, ROUTE_FORM, 0},
	{HTTP_POST, S F "/move", handle_field_move, A, field_move, 0, 0},
	{HTTP_POST, S F "/retire", handle_field_retire, A, field_action, 0, 0},
	{HTTP_POST, S F "/restore", handle_field_restore, A, field_action, 0, 0},
	{HTTP_GET, S "/matching", handle_matching, A, scheme_get, 0, 0},
	{HTTP_POST, S "/matching", handle_matching_save, A, matching_post, ROUTE_FORM, 0},

	{HTTP_GET, API "/profiles", handle_hub, A, scheme_get, 0, 0},
	{HTTP_GET, API L, handle_list, A, list_get, 0, 0},
	{HTTP_POST, API L, handle_option_add, A, option_post, 0, 0},
	{HTTP_GET, API O, handle_option, A, one_option_get, 0, 0},
	{HTTP_POST, API O, handle_option_edit, A, one_option_post, 0, 0},
	{HTTP_POST, API O "/move", handle_option_move, A, option_move, 0, 0},
	{HTTP_POST, API O "/retire", handle_option_retire, A, option_action, 0, 0},
	{HTTP_POST, API O "/restore", handle_option_restore, A, option_action, 0, 0},
	{HTTP_GET, API "/fields", handle_fields, A, scheme_get, 0, 0},
	{HTTP_POST, API "/fields/new", handle_field_add, A, field_new_post, 0, 0},
	{HTTP_GET, API F, handle_field, A, field_get, 0, 0},
	{HTTP_POST, API F, handle_field_save, A, field_post, 0, 0},
	{HTTP_POST, API F "/move", handle_field_move, A, field_move, 0, 0},
	{HTTP_POST, API F "/retire", handle_field_retire, A, field_action, 0, 0},
	{HTTP_POST, API F "/restore", handle_field_restore, A, field_action, 0, 0},
	{HTTP_GET, API "/matching", handle_matching, A, scheme_get, 0, 0},
	{HTTP_POST, API "/matching", handle_matching_save, A, matching_post, 0, 0},
};

#undef A
#undef S
#undef API
#undef L
#undef O
#undef F

const size_t schemeconf_nroutes = sizeof(schemeconf_routes) /
    sizeof(schemeconf_routes[0]);
