/*
 * people.c - the user import (ADM-3) and its API twin:
 *
 *   GET  /admin/schemes/{id}/people/import          the form
 *   POST /admin/schemes/{id}/people/import          the dry run: every row
 *                                                   with its problems;
 *                                                   nothing written
 *   POST /admin/schemes/{id}/people/import/confirm  import (csv + digest)
 *
 * The CSV comes as a file ("file") or pasted text ("csv"); the dry run's
 * page carries the text and its digest in the confirm form, so what is
 * imported is exactly what was checked (app_people_import_commit checks
 * the digest and every row again).  Scope is app's decision: another
 * scheme's administrator, or a participant, gets 404.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/people.h"
#include "core/arena.h"
#include "view/json.h"

/* The CSV text: an uploaded file when there is one, else the text box.
 * NULL with *why set when the file cannot be CSV text. */
static const char *
csv_text(struct request *req, const char **why)
{
	const struct upload *u = req_has(req, "file") ? req_file(req, "file") : NULL;
	*why = "The file must be a CSV file of 512 KB or smaller";
	if (u == NULL || u->path == NULL || u->len == 0)
		return req_str(req, "csv");
	if (u->len > APP_PEOPLE_IMPORT_BYTES)
		return NULL;
	FILE *f = fopen(u->path, "rb");
	if (f == NULL)
		return NULL;
	char *text = arena_alloc(req->arena, u->len + 1);
	size_t got = fread(text, 1, u->len, f);
	fclose(f);
	text[got] = '\0';
	if (strlen(text) != got) {    /* a NUL byte: not UTF-8 text */
		const unsigned char *b = (const unsigned char *)text;
		bool utf16 = got >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
		    (b[0] == 0xfe && b[1] == 0xff));
		*why = utf16 ? "This file is saved as Unicode (UTF-16), not UTF-8. In Excel "
		    "choose Save as → CSV UTF-8." : "This is not a CSV text file (it has "
		    "binary data in it). In Excel choose Save as → CSV UTF-8.";
		return NULL;
	}
	return text;
}

static json_t *
rows_json(struct request *req, const struct app_import *im)
{
	json_t *list = json_array();
	for (size_t i = 0; i < im->n; i++) {
		const struct app_import_row *x = &im->rows[i];
		json_t *o = json_object();
		json_put_i(o, "line", (int64_t)x->line);
		json_put_s(o, "username", x->username);
		json_put_s(o, "email", x->email);
		json_put_s(o, "given_name", x->given_name);
		json_put_s(o, "family_name", x->family_name);
		json_put_s(o, "role", x->role);
		json_put_b(o, "ok", x->problem == NULL);
		json_put_s(o, "problem", x->problem);
		if (!req->is_api)
			json_put_s(o, "anchor", arena_printf(req->arena, "line-%zu", x->line));
		json_array_append_new(list, o);
	}
	return list;
}

/* The import page: the form, and after a dry run its result. */
static enum err
import_page(struct request *req, struct response *resp, int status,
    const char *text, const struct app_import *im, bool checked)
{
	int64_t scheme_id = req_int(req, "id");
	json_t *m = json_object();

	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "action", arena_printf(req->arena,
	    "/admin/schemes/%lld/people/import", (long long)scheme_id));
	json_put_b(m, "checked", checked);
	if (checked) {
		bool ok = im->problem == NULL && im->nbad == 0;
		json_put_b(m, "can_import", ok);
		json_put_i(m, "count", (int64_t)im->n);
		json_put_i(m, "bad", (int64_t)im->nbad);
		json_put_s(m, "problem", im->problem);
		json_put_s(m, "digest", im->digest);
		json_object_set_new(m, "rows", rows_json(req, im));
	}
	if (!req->is_api) {
		json_put_s(m, "csv", text ? text : "");
		json_t *errors = json_array();
		if (req->errors != NULL) {
			for (const struct field_error *e = req->errors; e; e = e->next)
				json_array_append_new(errors, json_pack("{s:s, s:s}", "field",
				    e->field, "message", e->message));
			json_put_s(m, "csv_error", req->errors->message);
		} else if (checked && im->problem != NULL) {
			json_array_append_new(errors, json_pack("{s:s, s:s}", "field", "csv",
			    "message", im->problem));
			json_put_s(m, "csv_error", im->problem);
		} else if (checked) {
			for (size_t i = 0; i < im->n; i++)
				if (im->rows[i].problem != NULL)
					json_array_append_new(errors, json_pack("{s:s, s:s}", "field",
					    arena_printf(req->arena, "line-%zu", im->rows[i].line),
					    "message", arena_printf(req->arena, "Line %zu: %s",
					    im->rows[i].line, im->rows[i].problem)));
		}
		json_put_b(m, "has_errors", json_array_size(errors) > 0);
		json_object_set_new(m, "errors", errors);
		admin_menu(req, m, "users", scheme_id);
	}
	return page_respond(req, resp, status, "admin-people-import", m);
}

static enum err
handle_import_form(struct request *req, struct response *resp)
{
	struct app_import im;
	/* the scope check: another scheme's administrator gets 404 */
	enum err rc = app_people_import_check(req->db, req->arena, req->auth,
	    req_int(req, "id"), "", &im);
	if (rc != ERR_OK)
		return rc;
	return import_page(req, resp, 200, "", &im, false);
}

static enum err
handle_import_check(struct request *req, struct response *resp)
{
	struct app_import im;
	const char *why = NULL;
	const char *text = req->errors == NULL ? csv_text(req, &why) : req_str(req, "csv");
	enum err rc = app_people_import_check(req->db, req->arena, req->auth,
	    req_int(req, "id"), text ? text : "", &im);
	if (rc != ERR_OK)
		return rc;
	if (req->errors == NULL && text == NULL)
		req_add_error(req, "csv", why);
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return import_page(req, resp, 422, req_str(req, "csv"), &im, false);
	}
	bool ok = im.problem == NULL && im.nbad == 0;
	return import_page(req, resp, ok || req->is_api ? 200 : 422, text, &im, true);
}

static enum err
handle_import_confirm(struct request *req, struct response *resp)
{
	struct app_import im;
	size_t created = 0;
	const char *text = req_str(req, "csv");

	if (req->errors != NULL)
		return req->is_api ? page_invalid(req, resp, 422) :
		    import_page(req, resp, 422, text, &im, false);
	enum err rc = app_people_import_commit(req->db, req->arena, req->auth,
	    req_int(req, "id"), text, req_str(req, "digest"), req->client_ip, &im,
	    &created);
	if (rc == ERR_BAD_INPUT)
		return import_page(req, resp, 422, text, &im, true);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 201, json_pack("{s:I, s:s}", "created",
		    (json_int_t)created, "done", "imported"));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/admin/users?done=imported");
	return ERR_OK;
}

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the scheme"}
#define CSV_PARAM {.name = "csv", .type = P_TEXT, .max_len = APP_PEOPLE_IMPORT_BYTES, \
	.label = "the CSV"}

static const struct param_spec by_id[] = {ID_PARAM, {0}};

static const struct param_spec check_params[] = {
	ID_PARAM,
	CSV_PARAM,
	{.name = "file", .type = P_FILE, .max_len = APP_PEOPLE_IMPORT_BYTES,
	    .label = "a CSV file"},
	{0},
};

static const struct param_spec confirm_params[] = {
	ID_PARAM,
	{.name = "csv", .type = P_TEXT, .is_required = true,
	    .max_len = APP_PEOPLE_IMPORT_BYTES, .label = "the CSV"},
	/* no digest is app's "Check the file first" (422), like a wrong one */
	{.name = "digest", .type = P_STRING, .max_len = 64,
	    .label = "the check's digest"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define BODY (3 * APP_PEOPLE_IMPORT_BYTES)

const struct route people_routes[] = {
	{HTTP_GET, "/admin/schemes/{id:int}/people/import", handle_import_form, S,
	    by_id, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/people/import", handle_import_check, S,
	    check_params, ROUTE_FORM | ROUTE_UPLOAD, BODY},
	{HTTP_POST, "/admin/schemes/{id:int}/people/import/confirm",
	    handle_import_confirm, S, confirm_params, ROUTE_FORM, BODY},

	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/people/import", handle_import_check,
	    S, check_params, ROUTE_UPLOAD, BODY},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/people/import/confirm",
	    handle_import_confirm, S, confirm_params, 0, BODY},
};

#undef S
#undef BODY

const size_t people_nroutes = sizeof(people_routes) / sizeof(people_routes[0]);
