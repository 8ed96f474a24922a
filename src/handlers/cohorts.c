/*
 * cohorts.c - a scheme's cohorts (issue 10): the pages and their /api/v1
 * twins (docs/cohorts.md, docs/api-cohorts.md).
 *
 * /admin/schemes/{id}/cohorts: the list and the "Create a cohort" form.
 * /admin/cohorts/{id}: details (edit), members (remove; 200 a page,
 * ?page=), "Add people" (active participants not in it, checkboxes, at
 * most 50 with a count, GET ?q= filters by name: M3, the page stays small
 * in a 100,000-person scheme),
 * "Import from a CSV file" (POST .../import: a dry run first, always;
 * the check page carries the file's text and hash back in hidden fields
 * and "Add these N people" posts them with dry_run=0), and
 * /admin/cohorts/{id}/delete (confirm, then POST; members only unlinked).
 *
 * Who may do what is app's decision (app/cohorts.c): anyone who does not
 * administer the cohort's scheme gets 404 on every route.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/cohorts.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/files.h"
#include "core/strparse.h"
#include "http/multipart.h"
#include "view/json.h"

static const char *const dones[] = {"created", "saved", "added", "removed", "imported",
	"deleted", NULL};

static const char *
done_message(const char *done, size_t n)
{
	(void)n;
	if (done == NULL)
		return "";
	if (strcmp(done, "created") == 0)
		return "The cohort has been created.";
	if (strcmp(done, "saved") == 0)
		return "The cohort's details have been saved.";
	if (strcmp(done, "added") == 0)
		return "The people you chose have been added.";
	if (strcmp(done, "removed") == 0)
		return "The person has been removed from the cohort.";
	if (strcmp(done, "imported") == 0)
		return "The people in the file have been added.";
	if (strcmp(done, "deleted") == 0)
		return "The cohort has been deleted.";
	return "";
}

static const char *const cohort_fields[] = {"name", "description", "starts_on", "ends_on",
	NULL};

static const char *
date_words(struct arena *a, const char *iso)
{
	return iso && *iso ? app_date_words(a, iso) : "";
}

static json_t *
cohort_json(struct request *req, const struct db_cohort *c)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", c->id);
	json_put_i(o, "scheme_id", c->scheme_id);
	json_put_s(o, "name", c->name);
	json_put_s(o, "description", c->description);
	json_put_s(o, "starts_on", c->starts_on);
	json_put_s(o, "ends_on", c->ends_on);
	json_put_i(o, "members", c->members);
	if (!req->is_api) {
		json_put_s(o, "url", arena_printf(a, "/admin/cohorts/%lld", (long long)c->id));
		json_put_s(o, "starts_words", date_words(a, c->starts_on));
		json_put_s(o, "ends_words", date_words(a, c->ends_on));
		json_put_b(o, "has_dates", *c->starts_on || *c->ends_on);
	}
	return o;
}

static json_t *
person_json(struct request *req, const struct db_cohort_person *p)
{
	json_t *o = json_object();
	json_put_i(o, "user_id", p->user_id);
	json_put_s(o, "name", p->name);
	json_put_s(o, "username", p->username);
	json_put_s(o, "roles", app_cohort_roles_words(p->roles));
	if (req->is_api)
		json_put_s(o, "status", p->status);
	return o;
}

/* What was sent, as app's input: the API's YYYY-MM-DD, or the page's
 * NHS date boxes (their problem put on starts_on / ends_on). */
static void
read_cohort(struct request *req, struct app_cohort_in *in)
{
	in->name = req_str(req, "name");
	in->description = req_str(req, "description");
	if (req->is_api) {
		in->starts_on = req_str(req, "starts_on");
		in->ends_on = req_str(req, "ends_on");
		return;
	}
	const char *why;
	if (app_date_from_parts(req->arena, "The start date", req_str(req, "starts_day"),
	    req_str(req, "starts_month"), req_str(req, "starts_year"), &in->starts_on,
	    &why) != ERR_OK) {
		req_add_error(req, "starts_on", why);
		in->starts_on = "";
	}
	if (app_date_from_parts(req->arena, "The end date", req_str(req, "ends_day"),
	    req_str(req, "ends_month"), req_str(req, "ends_year"), &in->ends_on,
	    &why) != ERR_OK) {
		req_add_error(req, "ends_on", why);
		in->ends_on = "";
	}
}

/* The form's values: what was typed (after a problem) or the cohort's. */
static void
form_values(struct request *req, json_t *m, const struct db_cohort *c, bool typed)
{
	if (typed) {
		json_put_s(m, "name", req_str(req, "name"));
		json_put_s(m, "description", req_str(req, "description"));
		page_date_typed(req, m, "starts");
		page_date_typed(req, m, "ends");
	} else {
		json_put_s(m, "name", c ? c->name : "");
		json_put_s(m, "description", c ? c->description : "");
		page_date_parts(req, m, "starts", c ? c->starts_on : "");
		page_date_parts(req, m, "ends", c ? c->ends_on : "");
	}
	page_field_errors(req, m, cohort_fields);
}

/* ---- the scheme's list ---- */

static enum err
list_page(struct request *req, struct response *resp, int status, int64_t scheme_id)
{
	struct db_cohort *c;
	size_t n;
	enum err rc = app_cohorts_list(req->db, req->arena, req->auth, scheme_id, &c, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, cohort_json(req, &c[i]));
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_object_set_new(m, "cohorts", list);
	if (!req->is_api) {
		json_put_b(m, "has_cohorts", n > 0);
		json_put_s(m, "action", arena_printf(req->arena, "/admin/schemes/%lld/cohorts",
		    (long long)scheme_id));
		json_put_s(m, "done_message", status == 200 ?
		    done_message(req_str(req, "done"), 0) : "");
		form_values(req, m, NULL, status != 200);
		admin_menu(req, m, "cohorts", scheme_id);
	}
	return page_respond(req, resp, status, "admin-cohorts", m);
}

static enum err
handle_list(struct request *req, struct response *resp)
{
	return list_page(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_create(struct request *req, struct response *resp)
{
	int64_t scheme_id = req_int(req, "id");
	struct app_cohort_in in;
	struct app_problems ps = {0};
	int64_t id = 0;
	enum err rc = ERR_BAD_INPUT;
	struct db_cohort *unused;
	size_t nunused;

	/* another scheme's administrator: 404 before any word about input */
	if ((rc = app_cohorts_list(req->db, req->arena, req->auth, scheme_id, &unused,
	    &nunused)) != ERR_OK)
		return rc;
	read_cohort(req, &in);
	if (req->errors == NULL) {
		rc = app_cohort_create(req->db, req->arena, req->auth, scheme_id, &in,
		    req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		rc = ERR_BAD_INPUT;
		app_cohort_check(&in, &ps);
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return list_page(req, resp, 422, scheme_id);
	}
	if (req->is_api) {
		struct db_cohort c;
		if ((rc = app_cohort_get(req->db, req->arena, req->auth, id, &c)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, cohort_json(req, &c));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/cohorts/%lld?done=created",
	    (long long)id));
	return ERR_OK;
}

/* ---- one cohort ---- */

static enum err
show_page(struct request *req, struct response *resp, int status, int64_t id,
    const char *people_error, bool typed)
{
	struct arena *a = req->arena;
	struct db_cohort c;
	struct db_cohort_person *mem, *cand;
	size_t nmem, ncand;
	int64_t ncand_all = 0;
	const char *q = req_has(req, "q") ? req_str(req, "q") : "";
	int64_t page = req_has(req, "page") ? req_int(req, "page") : 1;
	enum err rc = app_cohort_get(req->db, a, req->auth, id, &c);
	if (rc != ERR_OK)
		return rc;
	/* M3: one page of members, at most APP_COHORT_CANDIDATES_SHOWN
	 * candidates: the page stays small whatever the scheme's size */
	int64_t pages = (c.members + APP_COHORT_MEMBERS_PAGE - 1) / APP_COHORT_MEMBERS_PAGE;
	if (pages < 1)
		pages = 1;
	if (page > pages)
		page = pages;
	if ((rc = app_cohort_members(req->db, a, req->auth, id, page, &mem, &nmem)) != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "cohort", cohort_json(req, &c));
	json_t *ml = json_array();
	for (size_t i = 0; i < nmem; i++) {
		json_t *o = person_json(req, &mem[i]);
		if (!req->is_api)
			json_put_s(o, "remove_url", arena_printf(a,
			    "/admin/cohorts/%lld/members/%lld/remove", (long long)id,
			    (long long)mem[i].user_id));
		json_array_append_new(ml, o);
	}
	json_object_set_new(m, "members", ml);
	json_put_i(m, "page", page);
	json_put_i(m, "pages", pages);
	json_put_i(m, "per_page", APP_COHORT_MEMBERS_PAGE);
	if (req->is_api)
		return page_respond(req, resp, status, "admin-cohorts-show", m);

	if ((rc = app_cohort_candidates(req->db, a, req->auth, id, q, &cand, &ncand,
	    &ncand_all)) != ERR_OK)
		return rc;
	json_t *cl = json_array();
	for (size_t i = 0; i < ncand; i++) {
		json_t *o = person_json(req, &cand[i]);
		json_put_s(o, "box_id", i == 0 ? "people" : arena_printf(a, "people-%zu", i));
		json_array_append_new(cl, o);
	}
	const char *url = arena_printf(a, "/admin/cohorts/%lld", (long long)id);
	json_object_set_new(m, "candidates", cl);
	json_put_b(m, "has_members", nmem > 0);
	json_put_b(m, "has_candidates", ncand > 0);
	json_put_b(m, "has_more_candidates", ncand_all > (int64_t)ncand);
	json_put_s(m, "candidates_words", arena_printf(a, "Showing %zu of the %lld %s who could "
	    "be added%s.", ncand, (long long)ncand_all, ncand_all == 1 ? "person" : "people",
	    *q ? " and match what you typed" : ""));
	json_put_b(m, "is_paged", pages > 1);
	json_put_s(m, "members_words", arena_printf(a, "Showing %lld to %lld of %lld members.",
	    (long long)((page - 1) * APP_COHORT_MEMBERS_PAGE + (nmem ? 1 : 0)),
	    (long long)((page - 1) * APP_COHORT_MEMBERS_PAGE + (int64_t)nmem),
	    (long long)c.members));
	json_put_s(m, "prev_url", page > 1 ? arena_printf(a, "%s?page=%lld#members", url,
	    (long long)(page - 1)) : "");
	json_put_s(m, "next_url", page < pages ? arena_printf(a, "%s?page=%lld#members", url,
	    (long long)(page + 1)) : "");
	json_put_s(m, "q", q);
	json_put_b(m, "is_filtered", *q != '\0');
	json_put_s(m, "url", url);
	json_put_s(m, "back_url", arena_printf(a, "/admin/schemes/%lld/cohorts",
	    (long long)c.scheme_id));
	json_put_s(m, "done_message", status == 200 ? done_message(req_str(req, "done"), 0) :
	    "");
	json_put_s(m, "people_error", people_error ? people_error : "");
	/* the details form: typed values after a problem with them */
	form_values(req, m, &c, typed);
	static const char *const other_fields[] = {"file", "people", NULL};
	page_field_errors(req, m, other_fields);
	admin_menu(req, m, "cohorts", c.scheme_id);
	return page_render(req, resp, status, "admin-cohorts-show", m);
}

static enum err
handle_show(struct request *req, struct response *resp)
{
	return show_page(req, resp, 200, req_int(req, "id"), NULL, false);
}

static enum err
handle_update(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_cohort_in in;
	struct app_problems ps = {0};
	struct db_cohort c;
	enum err rc = app_cohort_get(req->db, req->arena, req->auth, id, &c);
	if (rc != ERR_OK)
		return rc;
	read_cohort(req, &in);
	if (req->errors == NULL) {
		rc = app_cohort_update(req->db, req->arena, req->auth, id, &in, req->client_ip,
		    &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		rc = ERR_BAD_INPUT;
		app_cohort_check(&in, &ps);
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return show_page(req, resp, 422, id, NULL, true);
	}
	if (req->is_api) {
		if ((rc = app_cohort_get(req->db, req->arena, req->auth, id, &c)) != ERR_OK)
			return rc;
		resp_json(resp, req, 200, cohort_json(req, &c));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/cohorts/%lld?done=saved",
	    (long long)id));
	return ERR_OK;
}

static enum err
handle_candidates(struct request *req, struct response *resp)
{
	struct db_cohort_person *p;
	size_t n;
	int64_t total;
	enum err rc = app_cohort_candidates(req->db, req->arena, req->auth, req_int(req, "id"),
	    req_str(req, "q"), &p, &n, &total);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, person_json(req, &p[i]));
	resp_json(resp, req, 200, json_pack("{s:o, s:I, s:b}", "candidates", list, "total",
	    (json_int_t)total, "more", total > (int64_t)n));
	return ERR_OK;
}

static enum err
handle_add(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	const char *const *items;
	size_t n = req_list(req, "people", &items), k = 0;
	int64_t *ids = arena_calloc(req->arena, n + 1, sizeof(*ids));
	struct app_problems ps = {0};
	size_t added = 0;
	for (size_t i = 0; i < n; i++)
		if (str_to_i64(items[i], 1, INT64_MAX, &ids[k]) == ERR_OK)
			k++;
	struct db_cohort c;
	enum err rc = app_cohort_get(req->db, req->arena, req->auth, id, &c);
	if (rc != ERR_OK)
		return rc;
	if (req->errors == NULL) {
		rc = app_cohort_add_people(req->db, req->arena, req->auth, id, ids, k,
		    req->client_ip, &ps, &added);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		rc = ERR_BAD_INPUT;
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		const char *e = req_error(req, "people");
		return show_page(req, resp, 422, id, e ? e : "Choose at least one person to add",
		    false);
	}
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:I}", "id", (json_int_t)id, "added",
		    (json_int_t)added));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/cohorts/%lld?done=added",
	    (long long)id));
	return ERR_OK;
}

static enum err
handle_remove(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc = app_cohort_remove_person(req->db, req->arena, req->auth, id,
	    req_int(req, "user"), req->client_ip);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "removed"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/cohorts/%lld?done=removed",
	    (long long)id));
	return ERR_OK;
}

/* ---- CSV import ---- */

static json_t *
import_json(struct request *req, const struct app_cohort_import *im, bool dry_run)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_b(o, "dry_run", dry_run);
	json_put_b(o, "written", im->is_written);
	json_put_s(o, "column", im->column);
	json_put_s(o, "ignored_columns", im->ignored);
	json_put_s(o, "file_problem", im->file_problem ? im->file_problem : "");
	json_put_i(o, "to_add", (int64_t)im->nadd);
	json_put_i(o, "problems", (int64_t)im->nproblems);
	json_put_s(o, "hash", im->hash);
	json_t *rows = json_array();
	for (size_t i = 0; i < im->nrows; i++) {
		const struct app_cohort_import_row *r = &im->rows[i];
		json_t *x = json_object();
		json_put_i(x, "line", (int64_t)r->line);
		json_put_s(x, "value", r->value);
		json_put_s(x, "problem", r->problem ? r->problem : "");
		json_put_b(x, "ok", r->problem == NULL);
		json_put_s(x, "name", r->name ? r->name : "");
		if (!req->is_api)
			json_put_s(x, "words", r->problem ? arena_printf(a, "line %zu: %s", r->line,
			    r->problem) : "");
		json_array_append_new(rows, x);
	}
	json_object_set_new(o, "rows", rows);
	return o;
}

static enum err
handle_import(struct request *req, struct response *resp)
{
	struct arena *a = req->arena;
	int64_t id = req_int(req, "id");
	struct db_cohort c;
	enum err rc = app_cohort_get(req->db, a, req->auth, id, &c);
	if (rc != ERR_OK)
		return rc;
	/* the text: an uploaded file (the first step) or the text echoed
	 * back by the check page / sent by the API */
	const char *text = NULL;
	size_t len = 0;
	const struct upload *u = req_has(req, "file") ? req_file(req, "file") : NULL;
	if (u != NULL && u->len == 0 && (u->filename == NULL || *u->filename == '\0'))
		u = NULL;     /* the form sent without a file chosen */
	if (u != NULL && u->path != NULL) {
		unsigned char *data;
		rc = files_read(a, u->path, APP_COHORT_CSV_MAX, &data, &len);
		if (rc == ERR_TOO_LARGE)
			req_add_error(req, "file", "The file must be smaller than 1 MB");
		else if (rc != ERR_OK)
			return rc;
		else
			text = (const char *)data;
	} else if (req_has(req, "csv")) {
		text = req_str(req, "csv");
		len = strlen(text);
	}
	if (text == NULL && req->errors == NULL)
		req_add_error(req, "file", req->is_api ? "Send the CSV text in \"csv\"" :
		    "Choose a CSV file to import");
	/* the first upload is always a dry run; so is anything without a
	 * hash from the page */
	bool dry_run = req->is_api ? !req_has(req, "dry_run") || req_bool(req, "dry_run") :
	    u != NULL || !req_bool(req, "confirm");
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return show_page(req, resp, 422, id, NULL, false);
	}
	struct app_cohort_import im;
	rc = app_cohort_import(req->db, a, req->auth, id, text, len, dry_run,
	    req_str(req, "hash"), req->client_ip, &im);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	if (rc == ERR_OK && !dry_run) {
		if (req->is_api) {
			resp_json(resp, req, 200, import_json(req, &im, false));
			return ERR_OK;
		}
		resp_redirect(resp, req, arena_printf(a, "/admin/cohorts/%lld?done=imported",
		    (long long)id));
		return ERR_OK;
	}
	int status = rc == ERR_OK && im.file_problem == NULL ? 200 : 422;
	json_t *m = import_json(req, &im, dry_run);
	if (req->is_api)
		return page_respond(req, resp, status, "admin-cohorts-import", m);
	if (u != NULL && im.file_problem != NULL) {
		/* the file as a whole cannot be read (not UTF-8, not CSV, no
		 * username column ...): say so beside the file field */
		json_decref(m);
		req_add_error(req, "file", im.file_problem);
		return show_page(req, resp, 422, id, NULL, false);
	}
	json_object_set_new(m, "cohort", cohort_json(req, &c));
	json_put_s(m, "csv", text);
	json_put_b(m, "can_add", im.file_problem == NULL && im.nproblems == 0 && im.nadd > 0);
	json_put_b(m, "has_problems", im.file_problem != NULL || im.nproblems > 0);
	json_put_b(m, "has_rows", im.nrows > 0);
	json_put_b(m, "has_ignored", *im.ignored != '\0');
	json_put_b(m, "is_recheck", !dry_run);
	json_put_s(m, "problems_words", im.nproblems == 1 ? "1 row" :
	    arena_printf(a, "%zu rows", im.nproblems));
	json_put_s(m, "add_words", im.nadd == 1 ? "Add this 1 person" :
	    arena_printf(a, "Add these %zu people", im.nadd));
	json_put_s(m, "url", arena_printf(a, "/admin/cohorts/%lld", (long long)id));
	json_put_s(m, "action", arena_printf(a, "/admin/cohorts/%lld/import", (long long)id));
	admin_menu(req, m, "cohorts", c.scheme_id);
	return page_render(req, resp, status, "admin-cohorts-import", m);
}

/* ---- delete ---- */

static enum err
handle_delete_confirm(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct db_cohort c;
	enum err rc = app_cohort_get(req->db, req->arena, req->auth, id, &c);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "cohort", cohort_json(req, &c));
	json_put_b(m, "has_members", c.members > 0);
	json_put_s(m, "members_words", c.members == 1 ? "1 person" :
	    arena_printf(req->arena, "%lld people", (long long)c.members));
	json_put_s(m, "action", arena_printf(req->arena, "/admin/cohorts/%lld/delete",
	    (long long)id));
	json_put_s(m, "url", arena_printf(req->arena, "/admin/cohorts/%lld", (long long)id));
	admin_menu(req, m, "cohorts", c.scheme_id);
	return page_render(req, resp, 200, "admin-cohorts-delete", m);
}

static enum err
handle_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct db_cohort c;
	enum err rc = app_cohort_get(req->db, req->arena, req->auth, id, &c);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_cohort_delete(req->db, req->arena, req->auth, id, req->client_ip)) !=
	    ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/cohorts?done=deleted", (long long)c.scheme_id));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the id"}
#define DATE_PARTS(p) \
	{.name = p "_day", .type = P_STRING, .max_len = 10, .label = "day"}, \
	{.name = p "_month", .type = P_STRING, .max_len = 10, .label = "month"}, \
	{.name = p "_year", .type = P_STRING, .max_len = 10, .label = "year"}
#define COHORT_PARAMS \
	{.name = "name", .type = P_STRING, .max_len = 400, .label = "Name"}, \
	{.name = "description", .type = P_TEXT, .max_len = 8000, .label = "Description"}, \
	{.name = "starts_on", .type = P_STRING, .max_len = 10, .label = "Start date"}, \
	{.name = "ends_on", .type = P_STRING, .max_len = 10, .label = "End date"}, \
	DATE_PARTS("starts"), DATE_PARTS("ends")
/* show_page reads it on every route that shows the cohort again */
#define PAGE_PARAM {.name = "page", .type = P_INT, .min = 1, .max = 1000000, \
	.label = "the page"}
/* the file and the text echoed back: the 1 MB limit and the form around */
#define IMPORT_MAX (3 * APP_COHORT_CSV_MAX)

static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec list_get[] = {ID_PARAM,
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"}, {0}};
static const struct param_spec show_get[] = {ID_PARAM,
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{.name = "q", .type = P_STRING, .max_len = 100, .label = "Name"}, PAGE_PARAM, {0}};
static const struct param_spec cohort_post[] = {ID_PARAM, COHORT_PARAMS,
	{.name = "q", .type = P_STRING, .max_len = 100, .label = "Name"}, PAGE_PARAM, {0}};
static const struct param_spec add_post[] = {ID_PARAM,
	{.name = "people", .type = P_LIST, .max_len = 20, .max = APP_COHORT_ADD_MAX + 1,
	    .label = "the people to add"},
	{.name = "q", .type = P_STRING, .max_len = 100, .label = "Name"}, PAGE_PARAM, {0}};
static const struct param_spec remove_post[] = {ID_PARAM,
	{.name = "user", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the person"}, {0}};
static const struct param_spec import_post[] = {ID_PARAM,
	{.name = "file", .type = P_FILE, .max_len = APP_COHORT_CSV_MAX,
	    .label = "a CSV file"},
	{.name = "csv", .type = P_TEXT, .max_len = APP_COHORT_CSV_MAX, .label = "the CSV text"},
	{.name = "hash", .type = P_STRING, .max_len = 64, .label = "the check"},
	{.name = "confirm", .type = P_BOOL, .label = "add the people"},
	{.name = "dry_run", .type = P_BOOL, .label = "only check"},
	{.name = "q", .type = P_STRING, .max_len = 100, .label = "Name"}, PAGE_PARAM, {0}};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM
#define FU (ROUTE_FORM | ROUTE_UPLOAD)

const struct route cohorts_routes[] = {
	{HTTP_GET, "/admin/schemes/{id:int}/cohorts", handle_list, S, list_get, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/cohorts", handle_create, S, cohort_post, F, 0},
	{HTTP_GET, "/admin/cohorts/{id:int}", handle_show, S, show_get, 0, 0},
	{HTTP_POST, "/admin/cohorts/{id:int}", handle_update, S, cohort_post, F, 0},
	{HTTP_POST, "/admin/cohorts/{id:int}/members", handle_add, S, add_post, F, 0},
	{HTTP_POST, "/admin/cohorts/{id:int}/members/{user:int}/remove", handle_remove, S,
	    remove_post, 0, 0},
	{HTTP_POST, "/admin/cohorts/{id:int}/import", handle_import, S, import_post, FU,
	    IMPORT_MAX},
	{HTTP_GET, "/admin/cohorts/{id:int}/delete", handle_delete_confirm, S, by_id, 0, 0},
	{HTTP_POST, "/admin/cohorts/{id:int}/delete", handle_delete, S, by_id, 0, 0},

	{HTTP_GET, "/api/v1/schemes/{id:int}/cohorts", handle_list, S, list_get, 0, 0},
	{HTTP_POST, "/api/v1/schemes/{id:int}/cohorts", handle_create, S, cohort_post, F, 0},
	{HTTP_GET, "/api/v1/cohorts/{id:int}", handle_show, S, show_get, 0, 0},
	{HTTP_POST, "/api/v1/cohorts/{id:int}", handle_update, S, cohort_post, F, 0},
	{HTTP_GET, "/api/v1/cohorts/{id:int}/candidates", handle_candidates, S, show_get, 0,
	    0},
	{HTTP_POST, "/api/v1/cohorts/{id:int}/members", handle_add, S, add_post, F, 0},
	{HTTP_POST, "/api/v1/cohorts/{id:int}/members/{user:int}/remove", handle_remove, S,
	    remove_post, 0, 0},
	{HTTP_POST, "/api/v1/cohorts/{id:int}/import", handle_import, S, import_post, FU,
	    IMPORT_MAX},
	{HTTP_POST, "/api/v1/cohorts/{id:int}/delete", handle_delete, S, by_id, 0, 0},
};
const size_t cohorts_nroutes = sizeof(cohorts_routes) / sizeof(cohorts_routes[0]);
