/*
 * training.c - mentor training records (PRO-9) and declared conflicts
 * (FIND-4): the pages and their /api/v1 twins.
 *
 * Training: /training (a mentor's own list), /training/new,
 * /training/{id}/edit, /training/{id}/delete (confirm, then POST),
 * /training/{id}/certificate (download); administrators:
 * /admin/schemes/{id}/training (paged, filtered by ?show=), every record
 * of one mentor at /admin/schemes/{id}/training/{user}, and POST
 * /admin/training/{id}/verify or /unverify carrying the record's version
 * (409 and the list again, with the message, when it changed since).
 * Conflicts: /conflicts in the active view (a mentee names a supervisor
 * or appraiser, picked or typed; a mentor a mentee by email only, with
 * no list of mentees and the same answer whoever has the address),
 * /conflicts/{id}/delete; administrators: /admin/schemes/{id}/conflicts.
 *
 * Who may do what is app's decision (app/training.c, app/conflict.c):
 * another person's record or declaration is ERR_NOT_FOUND, the same
 * answer as a missing one.  A person without the mentor role is told so
 * on a 403 page, and one whose active view is neither mentee nor mentor
 * is told to switch.
 *
 * Forms: the HTML side uses the NHS date input (day, month, year boxes,
 * one message for the date, anchored on the day box whose id is the
 * field's name; errors the route puts on a box are moved onto the date); the API takes "completed_on"/"refresh_due_on" as
 * YYYY-MM-DD.  Add and edit forms are multipart (ROUTE_UPLOAD) so a
 * certificate can come with them; they also accept urlencoded bodies.
 * Downloads go out as attachments with the stored type, and the
 * server's nosniff header.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/conflict.h"
#include "app/date.h"
#include "app/training.h"
#include "core/arena.h"
#include "core/config.h"
#include "view/json.h"

/* ---- small helpers ---- */

static const char *
kind_label(const char *kind)
{
	if (strcmp(kind, "course") == 0)
		return "Training course";
	if (strcmp(kind, "refresher") == 0)
		return "Refresher";
	if (strcmp(kind, "qualification") == 0)
		return "Qualification";
	if (strcmp(kind, "supervisor") == 0)
		return "Educational supervisor";
	if (strcmp(kind, "appraiser") == 0)
		return "Appraiser";
	if (strcmp(kind, "other") == 0)
		return "Other conflict of interest";
	return kind;
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"added", "Your training record has been added."},
		{"saved", "Your training record has been saved."},
		{"saved_unverified", "Your training record has been saved. It was "
		    "verified, so an administrator needs to verify it again."},
		{"deleted", "Your training record has been deleted."},
		{"certificate", "Your certificate has been uploaded."},
		{"removed", "Your declaration has been removed."},
		{"verified", "The training record has been verified."},
		{"unverified", "The verification has been removed."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static const char *const dones[] = {"added", "saved", "saved_unverified", "deleted",
	"certificate", "declared", "removed", "verified", "unverified", NULL};

static const char *
data_dir(const struct request *req)
{
	return req->config->data;
}

/* ---- training records ---- */

static json_t *
training_json(struct request *req, const struct db_training *t, const char *today)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", t->id);
	json_put_s(o, "kind", t->kind);
	json_put_s(o, "kind_label", kind_label(t->kind));
	json_put_s(o, "course", t->course);
	json_put_s(o, "provider", t->provider);
	json_put_s(o, "completed_on", t->completed_on);
	json_put_s(o, "completed", app_date_words(a, t->completed_on));
	json_put_s(o, "refresh_due_on", t->refresh_due_on);
	json_put_s(o, "refresh_due", app_date_words(a, t->refresh_due_on));
	json_put_b(o, "is_overdue", app_training_is_overdue(t, today));
	json_put_b(o, "has_certificate", *t->certificate_name != '\0');
	json_put_s(o, "certificate_filename", *t->certificate_name ?
	    t->certificate_filename : "");
	json_put_s(o, "certificate_type", t->certificate_type);
	json_put_s(o, "certificate_url", *t->certificate_name ? arena_printf(a,
	    "/training/%lld/certificate", (long long)t->id) : "");
	json_put_i(o, "version", t->version);
	json_put_b(o, "is_verified", app_training_is_verified(t));
	/* verified_by goes NULL when the verifier's account is deleted: the
	 * verification stands */
	json_put_s(o, "verified_by", !app_training_is_verified(t) ? "" :
	    *t->verifier_name ? t->verifier_name : "a former administrator");
	json_put_i(o, "verified_at", t->verified_at);
	json_put_s(o, "verified", app_time_words(a, t->verified_at, false));
	json_put_s(o, "edit_url", arena_printf(a, "/training/%lld/edit", (long long)t->id));
	json_put_s(o, "delete_url", arena_printf(a, "/training/%lld/delete",
	    (long long)t->id));
	return o;
}

static const char *const not_mentor = "Training records are kept by mentors. "
    "You do not have the mentor role in any scheme, so there is nothing to show "
    "here. If you are a mentor, ask your scheme administrator to add the role.";

static enum err
handle_training_list(struct request *req, struct response *resp)
{
	struct db_training *t;
	size_t n;
	char today[11];
	enum err rc = app_training_list(req->db, req->arena, req->auth, &t, &n);

	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", not_mentor);
	if (rc != ERR_OK)
		return rc;
	app_today(today);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, training_json(req, &t[i], today));
	json_t *m = json_object();
	json_object_set_new(m, "records", list);
	if (!req->is_api) {
		json_put_b(m, "has_records", n > 0);
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	}
	return page_respond(req, resp, 200, "training", m);
}

static const char *const training_fields[] = {"kind", "course", "provider",
	"completed_on", "refresh_due_on", "certificate", NULL};

/* The add/edit form, with what was typed and the problems beside it. */
static enum err
training_form(struct request *req, struct response *resp, int status, int64_t id,
    const struct db_training *t, bool was_verified)
{
	struct arena *a = req->arena;
	bool is_post = req->method == HTTP_POST;
	json_t *m = json_object();
	const char *kind = is_post ? req_str(req, "kind") : t ? t->kind : "";
	static const char *const kinds[] = {"course", "refresher", "qualification"};
	json_t *k = json_array();

	for (size_t i = 0; i < 3; i++) {
		json_t *x = json_object();
		json_put_s(x, "value", kinds[i]);
		json_put_s(x, "label", kind_label(kinds[i]));
		json_put_s(x, "id", i == 0 ? "kind" : arena_printf(a, "kind-%s", kinds[i]));
		json_put_b(x, "is_checked", strcmp(kind, kinds[i]) == 0);
		json_array_append_new(k, x);
	}
	json_object_set_new(m, "kinds", k);
	json_put_b(m, "is_edit", id != 0);
	json_put_i(m, "id", id);
	json_put_s(m, "action", id ? arena_printf(a, "/training/%lld/edit", (long long)id) :
	    "/training/new");
	json_put_s(m, "course", is_post ? req_str(req, "course") : t ? t->course : "");
	json_put_s(m, "provider", is_post ? req_str(req, "provider") : t ? t->provider : "");
	static const char *const parts[] = {"completed_day", "completed_month",
		"completed_year", "refresh_day", "refresh_month", "refresh_year"};
	for (size_t i = 0; i < 6; i++) {
		const char *v = "";
		if (is_post) {
			v = req_str(req, parts[i]);
		} else if (t != NULL) {
			const char *iso = i < 3 ? t->completed_on : t->refresh_due_on;
			if (app_date_is_real(iso)) {
				int at = (int)(i % 3);
				v = at == 0 ? arena_printf(a, "%d", (iso[8] - '0') * 10 + iso[9] - '0') :
				    at == 1 ? arena_printf(a, "%d", (iso[5] - '0') * 10 + iso[6] - '0') :
				    arena_strndup(a, iso, 4);
			}
		}
		json_put_s(m, parts[i], v);
	}
	if (t != NULL && *t->certificate_name) {
		json_put_b(m, "has_certificate", true);
		json_put_s(m, "certificate_filename", t->certificate_filename);
		json_put_s(m, "certificate_url", arena_printf(a, "/training/%lld/certificate",
		    (long long)id));
	}
	json_put_b(m, "is_verified", was_verified);
	page_field_errors(req, m, training_fields);
	return page_render(req, resp, status, "training-form", m);
}

static enum err
handle_training_new(struct request *req, struct response *resp)
{
	if (!app_is_mentor(req->auth))
		return page_refuse(req, resp, 403, "forbidden", not_mentor);
	return training_form(req, resp, 200, 0, NULL, false);
}

/* Central validation puts a bad day, month or year box's error on the
 * box's own name (completed_day ...), which has no id on the page and
 * would make a second message for the date: move each onto its date
 * (completed_on, refresh_due_on; the day box has that id), one per date,
 * keeping the first. */
static void
move_date_part_errors(struct request *req)
{
	static const struct { const char *prefix, *field; } dates[] = {
		{"completed_", "completed_on"}, {"refresh_", "refresh_due_on"},
	};
	static const char *const parts[] = {"day", "month", "year"};
	struct field_error **at = &req->errors;

	while (*at != NULL) {
		struct field_error *e = *at;
		const char *to = NULL;
		for (size_t i = 0; i < 2 && to == NULL; i++) {
			size_t plen = strlen(dates[i].prefix);
			if (strncmp(e->field, dates[i].prefix, plen) != 0)
				continue;
			for (size_t j = 0; j < 3; j++)
				if (strcmp(e->field + plen, parts[j]) == 0)
					to = dates[i].field;
		}
		if (to != NULL || strcmp(e->field, "completed_on") == 0 ||
		    strcmp(e->field, "refresh_due_on") == 0) {
			const char *field = to ? to : e->field;
			bool dup = false;
			for (struct field_error *x = req->errors; x != e && !dup; x = x->next)
				dup = strcmp(x->field, field) == 0;
			if (dup) {
				*at = e->next;   /* one message per date */
				continue;
			}
			e->field = field;
		}
		at = &e->next;
	}
}

/* What was sent, as app's input: the API's YYYY-MM-DD, or the page's
 * day, month and year boxes (their problems added as field errors). */
static void
read_training(struct request *req, struct app_training_in *in)
{
	in->kind = req_str(req, "kind");
	in->course = req_str(req, "course");
	in->provider = req_str(req, "provider");
	if (req->is_api) {
		in->completed_on = req_str(req, "completed_on");
		in->refresh_due_on = req_str(req, "refresh_due_on");
		return;
	}
	const char *why;
	if (app_date_from_parts(req->arena, "Date completed", req_str(req, "completed_day"),
	    req_str(req, "completed_month"), req_str(req, "completed_year"),
	    &in->completed_on, &why) != ERR_OK)
		req_add_error(req, "completed_on", why);
	if (app_date_from_parts(req->arena, "Refresher due date",
	    req_str(req, "refresh_day"), req_str(req, "refresh_month"),
	    req_str(req, "refresh_year"), &in->refresh_due_on, &why) != ERR_OK)
		req_add_error(req, "refresh_due_on", why);
	move_date_part_errors(req);
}

static bool
read_file(struct request *req, struct app_file *f)
{
	const struct upload *u = req_has(req, "certificate") ?
	    req_file(req, "certificate") : NULL;
	if (u == NULL)
		return false;
	f->path = u->path;
	f->len = u->len;
	f->filename = u->filename;
	return true;
}

static enum err
handle_training_create(struct request *req, struct response *resp)
{
	struct app_training_in in;
	struct app_file file;
	struct app_problems ps = {0};
	int64_t id = 0;
	enum err rc = ERR_BAD_INPUT;

	if (!app_is_mentor(req->auth))
		return page_refuse(req, resp, 403, "forbidden", not_mentor);
	read_training(req, &in);
	bool has_file = read_file(req, &file);
	if (req->errors == NULL) {
		rc = app_training_add(req->db, req->arena, req->auth, &in,
		    has_file ? &file : NULL, data_dir(req), req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		char today[11];
		app_today(today);
		app_training_check(&in, today, &ps);
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return training_form(req, resp, 400, 0, NULL, false);
	}
	if (req->is_api) {
		struct db_training t;
		char today[11];
		app_today(today);
		if ((rc = app_training_get(req->db, req->arena, req->auth, id, true, &t)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 201, training_json(req, &t, today));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/training?done=added");
	return ERR_OK;
}

static enum err
handle_training_edit(struct request *req, struct response *resp)
{
	struct db_training t;
	int64_t id = req_int(req, "id");
	enum err rc = app_training_get(req->db, req->arena, req->auth, id, true, &t);

	if (rc != ERR_OK)
		return rc;
	return training_form(req, resp, 200, id, &t, app_training_is_verified(&t));
}

static enum err
handle_training_update(struct request *req, struct response *resp)
{
	struct db_training t;
	struct app_training_in in;
	struct app_file file;
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	bool was_verified = false;
	enum err rc = app_training_get(req->db, req->arena, req->auth, id, true, &t);

	if (rc != ERR_OK)
		return rc;
	read_training(req, &in);
	bool has_file = read_file(req, &file);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_training_update(req->db, req->arena, req->auth, id, &in,
		    has_file ? &file : NULL, data_dir(req), req->client_ip, &ps,
		    &was_verified);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		char today[11];
		app_today(today);
		app_training_check(&in, today, &ps);
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return training_form(req, resp, 400, id, &t, app_training_is_verified(&t));
	}
	if (req->is_api) {
		char today[11];
		app_today(today);
		if ((rc = app_training_get(req->db, req->arena, req->auth, id, true, &t)) !=
		    ERR_OK)
			return rc;
		json_t *o = training_json(req, &t, today);
		json_put_b(o, "verification_cleared", was_verified);
		resp_json(resp, req, 200, o);
		return ERR_OK;
	}
	resp_redirect(resp, req, was_verified ? "/training?done=saved_unverified" :
	    "/training?done=saved");
	return ERR_OK;
}

static enum err
handle_training_get(struct request *req, struct response *resp)
{
	struct db_training t;
	char today[11];
	enum err rc = app_training_get(req->db, req->arena, req->auth, req_int(req, "id"),
	    false, &t);

	if (rc != ERR_OK)
		return rc;
	app_today(today);
	resp_json(resp, req, 200, training_json(req, &t, today));
	return ERR_OK;
}

static enum err
handle_training_confirm(struct request *req, struct response *resp)
{
	struct db_training t;
	char today[11];
	enum err rc = app_training_get(req->db, req->arena, req->auth, req_int(req, "id"),
	    true, &t);

	if (rc != ERR_OK)
		return rc;
	app_today(today);
	json_t *m = json_object();
	json_object_set_new(m, "record", training_json(req, &t, today));
	return page_render(req, resp, 200, "training-delete", m);
}

static enum err
handle_training_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc = app_training_delete(req->db, req->arena, req->auth, id,
	    data_dir(req), req->client_ip);

	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
		    "done", "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/training?done=deleted");
	return ERR_OK;
}

static enum err
handle_training_upload(struct request *req, struct response *resp)
{
	struct app_file file;
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct db_training t;
	enum err rc = app_training_get(req->db, req->arena, req->auth, id, true, &t);

	if (rc != ERR_OK)
		return rc;
	if (req->errors == NULL) {
		if (!read_file(req, &file)) {
			req_add_error(req, "certificate", "Select a certificate to upload");
		} else {
			rc = app_training_set_certificate(req->db, req->arena, req->auth, id,
			    &file, data_dir(req), req->client_ip, &ps);
			if (rc != ERR_OK && rc != ERR_BAD_INPUT)
				return rc;
			page_add_problems(req, &ps);
		}
	}
	if (req->errors != NULL)
		return page_invalid(req, resp, 422);
	char today[11];
	app_today(today);
	if ((rc = app_training_get(req->db, req->arena, req->auth, id, true, &t)) != ERR_OK)
		return rc;
	resp_json(resp, req, 200, training_json(req, &t, today));
	return ERR_OK;
}

/* The download: an attachment of the stored type, under the sanitised
 * name (quoted; the sanitiser leaves no quote or backslash in it). */
static enum err
handle_training_certificate(struct request *req, struct response *resp)
{
	const char *path, *mime, *filename;
	enum err rc = app_training_certificate(req->db, req->arena, req->auth,
	    req_int(req, "id"), data_dir(req), &path, &mime, &filename);

	if (rc != ERR_OK)
		return rc;
	resp->status = 200;
	resp->content_type = mime;
	resp->file_path = path;
	resp->file_name = filename;   /* the server adds Content-Disposition */
	return ERR_OK;
}

/* ---- administrators: a scheme's mentors and verification ---- */

static const char *const stale = "This record changed after you opened it. "
    "Check it again before verifying.";

/* A record as an administrator sees it: its verify form carries the
 * scheme (and the mentor, when from their page) to come back to and the
 * version looked at; their own record needs another administrator. */
static json_t *
admin_record_json(struct request *req, const struct db_training *t, const char *today,
    int64_t scheme_id, int64_t back_user)
{
	const struct app_auth *me = req->auth;
	json_t *o = training_json(req, t, today);
	if (!req->is_api) {
		json_put_i(o, "scheme_id", scheme_id);
		json_put_i(o, "back_user", back_user);
		json_put_b(o, "has_back_user", back_user != 0);
	}
	json_put_b(o, "is_own", t->user_id == me->user_id);
	return o;
}

static const char *const filters[] = {"all", "overdue", "unverified", "none", NULL};

static const char *
scheme_list_url(struct arena *a, int64_t scheme_id, const char *filter, int64_t page)
{
	return arena_printf(a, "/admin/schemes/%lld/training?show=%s&page=%lld",
	    (long long)scheme_id, filter, (long long)page);
}

/* The scheme's list (status 200, or 409 after a stale verification with
 * its message: the verify routes declare no show, page or done, and
 * reading an undeclared input is a bug, so only a 200 reads them). */
static enum err
admin_training_page(struct request *req, struct response *resp, int status,
    int64_t scheme_id, const char *problem)
{
	bool is_list = status == 200;
	struct arena *a = req->arena;
	struct db_scheme scheme;
	struct db_training_counts counts;
	struct db_mentor_training *mt;
	size_t n;
	char today[11];
	const char *filter = is_list && req_has(req, "show") ? req_str(req, "show") : "all";
	int64_t page = is_list && req_has(req, "page") ? req_int(req, "page") : 1;
	enum err rc = app_training_of_scheme(req->db, a, req->auth, scheme_id, filter,
	    page, &scheme, &counts, &mt, &n);

	if (rc != ERR_OK)
		return rc;
	app_today(today);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_put_i(o, "user_id", mt[i].user_id);
		json_put_s(o, "name", mt[i].name);
		json_put_i(o, "records", mt[i].nrecords);
		json_put_s(o, "records_url", arena_printf(a, "/admin/schemes/%lld/training/%lld",
		    (long long)scheme_id, (long long)mt[i].user_id));
		bool has = mt[i].latest.id != 0;
		json_put_b(o, "has_training", has);
		json_object_set_new(o, "latest", has ? admin_record_json(req, &mt[i].latest,
		    today, scheme_id, 0) : json_null());
		json_array_append_new(list, o);
	}
	int64_t total = strcmp(filter, "overdue") == 0 ? counts.overdue :
	    strcmp(filter, "unverified") == 0 ? counts.unverified_mentors :
	    strcmp(filter, "none") == 0 ? counts.without_training : counts.mentors;
	int64_t pages = total == 0 ? 1 : (total + APP_TRAINING_PAGE - 1) / APP_TRAINING_PAGE;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme", scheme.name);
	json_object_set_new(m, "mentors", list);
	json_put_i(m, "total_mentors", counts.mentors);
	json_put_i(m, "overdue", counts.overdue);
	json_put_i(m, "without_training", counts.without_training);
	json_put_i(m, "unverified", counts.unverified_records);
	json_put_s(m, "show", filter);
	json_put_i(m, "page", page);
	json_put_i(m, "pages", pages);
	json_put_i(m, "matching", total);
	if (!req->is_api) {
		json_t *f = json_array();
		static const char *const labels[] = {"All mentors", "Refresher overdue",
			"With training not verified", "No training recorded"};
		for (size_t i = 0; filters[i] != NULL; i++)
			json_array_append_new(f, json_pack("{s:s, s:s, s:s, s:b}", "value",
			    filters[i], "label", labels[i], "id", i == 0 ? "show" :
			    arena_printf(a, "show-%s", filters[i]), "is_checked",
			    strcmp(filter, filters[i]) == 0));
		json_object_set_new(m, "filters", f);
		json_put_b(m, "has_mentors", n > 0);
		json_put_b(m, "is_filtered", strcmp(filter, "all") != 0);
		json_put_b(m, "has_pages", pages > 1);
		json_put_s(m, "prev_url", page > 1 ? scheme_list_url(a, scheme_id, filter,
		    page - 1) : "");
		json_put_s(m, "next_url", page < pages ? scheme_list_url(a, scheme_id, filter,
		    page + 1) : "");
		json_put_s(m, "done_message", status == 200 ? done_message(req_str(req, "done")) :
		    "");
		json_put_s(m, "problem", problem);
		json_put_s(m, "conflicts_url", arena_printf(a, "/admin/schemes/%lld/conflicts",
		    (long long)scheme_id));
	}
	return page_respond(req, resp, status, "admin-training", m);
}

static enum err
handle_admin_training(struct request *req, struct response *resp)
{
	return admin_training_page(req, resp, 200, req_int(req, "id"), NULL);
}

/* Every record of one mentor of the scheme. */
static enum err
admin_mentor_page(struct request *req, struct response *resp, int status,
    int64_t scheme_id, int64_t user_id, const char *problem)
{
	struct arena *a = req->arena;
	struct db_scheme scheme;
	struct db_person mentor;
	struct db_training *t;
	size_t n;
	char today[11];
	enum err rc = app_training_of_mentor(req->db, a, req->auth, scheme_id, user_id,
	    &scheme, &mentor, &t, &n);

	if (rc != ERR_OK)
		return rc;
	app_today(today);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, admin_record_json(req, &t[i], today, scheme_id,
		    user_id));
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme", scheme.name);
	json_put_i(m, "user_id", user_id);
	json_put_s(m, "name", mentor.name);
	json_object_set_new(m, "records", list);
	if (!req->is_api) {
		json_put_b(m, "has_records", n > 0);
		json_put_s(m, "done_message", status == 200 ? done_message(req_str(req, "done")) :
		    "");
		json_put_s(m, "problem", problem);
		json_put_s(m, "back_url", arena_printf(a, "/admin/schemes/%lld/training",
		    (long long)scheme_id));
	}
	return page_respond(req, resp, status, "admin-training-mentor", m);
}

static enum err
handle_admin_mentor(struct request *req, struct response *resp)
{
	return admin_mentor_page(req, resp, 200, req_int(req, "id"), req_int(req, "user"),
	    NULL);
}

static enum err
verify(struct request *req, struct response *resp, bool is_verified)
{
	int64_t id = req_int(req, "id");
	int64_t scheme_id = req_has(req, "scheme_id") ? req_int(req, "scheme_id") : 0;
	int64_t back_user = req_has(req, "back_user") ? req_int(req, "back_user") : 0;
	enum err rc = app_training_verify(req->db, req->arena, req->auth, id,
	    req_int(req, "version"), is_verified, req->client_ip);
	const char *done = is_verified ? "verified" : "unverified";

	if (rc == ERR_CONFLICT) {
		/* the page the administrator came from, showing the record as
		 * it is now */
		if (req->is_api || scheme_id == 0)
			return page_refuse(req, resp, 409, "conflict", stale);
		if (back_user != 0)
			return admin_mentor_page(req, resp, 409, scheme_id, back_user, stale);
		return admin_training_page(req, resp, 409, scheme_id, stale);
	}
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
		    "done", done));
		return ERR_OK;
	}
	if (scheme_id != 0 && back_user != 0)
		resp_redirect(resp, req, arena_printf(req->arena,
		    "/admin/schemes/%lld/training/%lld?done=%s", (long long)scheme_id,
		    (long long)back_user, done));
	else if (scheme_id != 0)
		resp_redirect(resp, req, arena_printf(req->arena,
		    "/admin/schemes/%lld/training?done=%s", (long long)scheme_id, done));
	else
		resp_redirect(resp, req, arena_printf(req->arena, "/admin?done=%s", done));
	return ERR_OK;
}

static enum err
handle_verify(struct request *req, struct response *resp)
{
	return verify(req, resp, true);
}

static enum err
handle_unverify(struct request *req, struct response *resp)
{
	return verify(req, resp, false);
}

/* ---- declared conflicts ---- */

static const char *const not_side = "Declaring a conflict is done from your mentee "
    "or mentor view. Switch view to the scheme and role you want to declare for.";

static json_t *
conflict_json(struct request *req, const struct db_conflict *c, bool for_admin)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	bool by_mentee = c->declared_by == c->mentee_id;
	json_put_i(o, "id", c->id);
	json_put_s(o, "kind", c->kind);
	json_put_s(o, "kind_label", kind_label(c->kind));
	json_put_i(o, "created_at", c->created_at);
	json_put_s(o, "declared", app_time_words(a, c->created_at, false));
	json_put_s(o, "declared_by_role", by_mentee ? "mentee" : "mentor");
	if (by_mentee) {
		/* the mentee named someone: what they typed, or who they picked */
		json_put_s(o, "person", *c->name ? c->name : c->mentor_name);
		json_put_s(o, "email", c->email);
	} else {
		/* a mentor named a mentee: by the email as typed (never who has
		 * it), or, in declarations made before mentees were no longer
		 * listed, by the name picked */
		json_put_s(o, "person", *c->email ? c->email : c->mentee_name);
		json_put_s(o, "email", by_mentee || *c->email == '\0' ? c->email : "");
	}
	if (for_admin) {
		json_put_s(o, "email", c->email);
		json_put_i(o, "mentee_id", c->mentee_id);
		json_put_s(o, "mentee", *c->mentee_name ? c->mentee_name : c->email);
		json_put_i(o, "mentor_id", c->mentor_id);
		json_put_s(o, "mentor", *c->mentor_name ? c->mentor_name :
		    *c->name ? c->name : c->email);
		/* worked out now: the person may have joined since */
		json_put_b(o, "is_registered", c->is_registered);
		json_put_b(o, "is_mentee_typed", c->mentee_id == 0);
		json_put_b(o, "is_mentor_typed", c->mentor_id == 0);
		json_put_s(o, "declared_by", c->declarer_name);
		json_put_s(o, "declared_by_label", by_mentee ? "Mentee" : "Mentor");
	} else {
		json_put_s(o, "delete_url", arena_printf(a, "/conflicts/%lld/delete",
		    (long long)c->id));
	}
	return o;
}

/* What a declaration leads to, by side and the scheme's setting; the
 * same words whether or not anyone has the email a mentor typed. */
static const char *
declared_message(bool is_mentee, bool excludes)
{
	if (is_mentee)
		return excludes ? "Your declaration has been saved. You will not be "
		    "suggested to each other." : "Your declaration has been saved. Your "
		    "scheme administrators will see this when matching.";
	return excludes ? "Saved. If a mentee of this scheme uses this address, you "
	    "will not be suggested to each other." : "Saved. If a mentee of this scheme "
	    "uses this address, your scheme administrators will see this when matching.";
}

static const char *
conflict_done(const char *done, bool is_mentee, bool excludes)
{
	if (done != NULL && strcmp(done, "declared") == 0)
		return declared_message(is_mentee, excludes);
	return done_message(done);
}

static const char *const conflict_fields[] = {"kind", "person_id", "name", "email",
	NULL};

static enum err
conflicts_page(struct request *req, struct response *resp, int status)
{
	const struct app_auth *me = req->auth;
	const char *side = app_conflict_side(me);
	struct db_conflict *c;
	struct db_person *people;
	size_t n, npeople;
	bool excludes = true;
	enum err rc;

	if (side == NULL)
		return page_refuse(req, resp, 403, "forbidden", not_side);
	bool is_mentee = strcmp(side, "mentee") == 0;
	if ((rc = app_conflicts_mine(req->db, req->arena, me, &c, &n)) != ERR_OK ||
	    (rc = app_conflict_choices(req->db, req->arena, me, &people, &npeople)) !=
	    ERR_OK || (rc = app_conflict_excludes(req->db, req->arena, me, &excludes)) !=
	    ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, conflict_json(req, &c[i], false));
	json_t *m = json_object();
	json_put_s(m, "side", side);
	json_put_i(m, "scheme_id", me->active->scheme_id);
	json_put_s(m, "scheme", me->active->scheme_name);
	json_put_b(m, "excludes_conflicts", excludes);
	json_object_set_new(m, "declarations", list);
	if (req->is_api) {
		/* mentors get no list of mentees (PRO-10) */
		if (is_mentee) {
			json_t *ch = json_array();
			for (size_t i = 0; i < npeople; i++)
				json_array_append_new(ch, json_pack("{s:I, s:s}", "id",
				    (json_int_t)people[i].id, "name", people[i].name));
			json_object_set_new(m, "choices", ch);
		}
		return page_respond(req, resp, status, "conflicts", m);
	}
	bool is_post = req->method == HTTP_POST;
	int64_t picked = is_post && req_has(req, "person_id") ? req_int(req, "person_id") : 0;
	json_t *ch = json_array();
	for (size_t i = 0; i < npeople; i++)
		json_array_append_new(ch, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)people[i].id, "name", people[i].name,
		    "is_selected", people[i].id == picked));
	json_object_set_new(m, "choices", ch);
	json_put_b(m, "has_choices", npeople > 0);
	json_put_b(m, "is_mentee", is_mentee);
	json_put_b(m, "is_mentor", !is_mentee);
	json_put_b(m, "has_declarations", n > 0);
	const char *kind = is_post ? req_str(req, "kind") : "";
	static const char *const kinds[] = {"supervisor", "appraiser", "other"};
	json_t *k = json_array();
	static const char *const mentor_labels[] = {"I am their educational supervisor",
		"I am their appraiser", "Another conflict of interest"};
	for (size_t i = 0; i < 3; i++)
		json_array_append_new(k, json_pack("{s:s, s:s, s:s, s:b}", "value", kinds[i],
		    "label", !is_mentee ? mentor_labels[i] : kind_label(kinds[i]),
		    "id", i == 0 ? "kind" : arena_printf(req->arena, "kind-%s", kinds[i]),
		    "is_checked", strcmp(kind, kinds[i]) == 0));
	json_object_set_new(m, "kinds", k);
	json_put_s(m, "name", is_post ? req_str(req, "name") : "");
	json_put_s(m, "email", is_post ? req_str(req, "email") : "");
	page_field_errors(req, m, conflict_fields);
	if (status == 200)
		json_put_s(m, "done_message", conflict_done(req_str(req, "done"), is_mentee,
		    excludes));
	return page_render(req, resp, status, "conflicts", m);
}

static enum err
handle_conflicts(struct request *req, struct response *resp)
{
	return conflicts_page(req, resp, 200);
}

static enum err
handle_conflict_declare(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = 0;
	enum err rc = ERR_BAD_INPUT;

	if (app_conflict_side(req->auth) == NULL)
		return page_refuse(req, resp, 403, "forbidden", not_side);
	if (req->errors == NULL) {
		struct app_conflict_in in = {
			.kind = req_str(req, "kind"),
			.person_id = req_has(req, "person_id") ? req_int(req, "person_id") : 0,
			.name = req_str(req, "name"),
			.email = req_str(req, "email"),
		};
		rc = app_conflict_declare(req->db, req->arena, req->auth, &in,
		    req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK || req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return conflicts_page(req, resp, 400);
	}
	if (req->is_api) {
		bool excludes = true;
		if ((rc = app_conflict_excludes(req->db, req->arena, req->auth,
		    &excludes)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
		    "done", "declared", "message", declared_message(strcmp(
		    app_conflict_side(req->auth), "mentee") == 0, excludes)));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/conflicts?done=declared");
	return ERR_OK;
}

static enum err
handle_conflict_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc = app_conflict_delete(req->db, req->arena, req->auth, id,
	    req->client_ip);

	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
		    "done", "removed"));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/conflicts?done=removed");
	return ERR_OK;
}

static enum err
handle_admin_conflicts(struct request *req, struct response *resp)
{
	struct db_scheme scheme;
	struct db_conflict *c;
	size_t n;
	int64_t scheme_id = req_int(req, "id");
	enum err rc = app_conflicts_of_scheme(req->db, req->arena, req->auth, scheme_id,
	    &scheme, &c, &n);

	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, conflict_json(req, &c[i], true));
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme", scheme.name);
	json_object_set_new(m, "declarations", list);
	if (!req->is_api) {
		json_put_b(m, "has_declarations", n > 0);
		json_put_s(m, "training_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/training", (long long)scheme_id));
	}
	return page_respond(req, resp, 200, "admin-training-conflicts", m);
}

/* ---- routes ---- */

static const char *const training_kinds[] = {"course", "refresher", "qualification",
	NULL};
static const char *const conflict_kinds[] = {"supervisor", "appraiser", "other", NULL};

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define DATE_PART(n, l) {.name = n, .type = P_STRING, .max_len = 10, .label = l}
#define CERT_PARAM {.name = "certificate", .type = P_FILE, .max_len = APP_CERT_MAX, \
	.label = "a certificate"}
#define TRAINING_PARAMS \
	{.name = "kind", .type = P_CHOICE, .choices = training_kinds, \
	    .label = "the kind of training"}, \
	{.name = "course", .type = P_STRING, .max_len = APP_COURSE_MAX, \
	    .label = "Course name"}, \
	{.name = "provider", .type = P_STRING, .max_len = APP_PROVIDER_MAX, \
	    .label = "Provider"}, \
	DATE_PART("completed_day", "the day completed"), \
	DATE_PART("completed_month", "the month completed"), \
	DATE_PART("completed_year", "the year completed"), \
	DATE_PART("refresh_day", "the day the refresher is due"), \
	DATE_PART("refresh_month", "the month the refresher is due"), \
	DATE_PART("refresh_year", "the year the refresher is due"), \
	DATE_PART("completed_on", "Date completed"), \
	DATE_PART("refresh_due_on", "Refresher due date"), \
	CERT_PARAM

static const struct param_spec list_get[] = {
	DONE_PARAM,
	{0},
};

static const struct param_spec none[] = {
	{0},
};

static const struct param_spec by_id[] = {
	ID_PARAM,
	{0},
};

static const struct param_spec training_new[] = {
	TRAINING_PARAMS,
	{0},
};

static const struct param_spec training_edit[] = {
	ID_PARAM,
	TRAINING_PARAMS,
	{0},
};

static const struct param_spec upload[] = {
	ID_PARAM,
	CERT_PARAM,
	{0},
};

static const struct param_spec admin_list[] = {
	ID_PARAM,
	DONE_PARAM,
	{.name = "show", .type = P_CHOICE, .choices = filters, .label = "which mentors"},
	{.name = "page", .type = P_INT, .min = 1, .max = 1000000, .label = "the page"},
	{0},
};

static const struct param_spec admin_mentor[] = {
	ID_PARAM,
	{.name = "user", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the mentor"},
	DONE_PARAM,
	{0},
};

static const struct param_spec verify_params[] = {
	ID_PARAM,
	{.name = "version", .type = P_INT, .is_required = true, .min = 1,
	    .max = INT64_MAX, .label = "the version of the record you checked"},
	{.name = "scheme_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the scheme"},
	{.name = "back_user", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the mentor"},
	{0},
};

static const struct param_spec declare[] = {
	{.name = "kind", .type = P_CHOICE, .choices = conflict_kinds,
	    .label = "who this person is"},
	{.name = "person_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "a person from the list"},
	{.name = "name", .type = P_STRING, .max_len = 200, .label = "Name"},
	{.name = "email", .type = P_STRING, .max_len = 254, .label = "Email address"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define FU (ROUTE_FORM | ROUTE_UPLOAD)

const struct route training_routes[] = {
	{HTTP_GET, "/training", handle_training_list, S, list_get, 0, 0},
	{HTTP_GET, "/training/new", handle_training_new, S, none, 0, 0},
	{HTTP_POST, "/training/new", handle_training_create, S, training_new, FU, 0},
	{HTTP_GET, "/training/{id:int}/edit", handle_training_edit, S, by_id, 0, 0},
	{HTTP_POST, "/training/{id:int}/edit", handle_training_update, S, training_edit,
	    FU, 0},
	{HTTP_GET, "/training/{id:int}/delete", handle_training_confirm, S, by_id, 0, 0},
	{HTTP_POST, "/training/{id:int}/delete", handle_training_delete, S, by_id, 0, 0},
	{HTTP_GET, "/training/{id:int}/certificate", handle_training_certificate, S,
	    by_id, 0, 0},
	{HTTP_GET, "/conflicts", handle_conflicts, S, list_get, 0, 0},
	{HTTP_POST, "/conflicts", handle_conflict_declare, S, declare, ROUTE_FORM, 0},
	{HTTP_POST, "/conflicts/{id:int}/delete", handle_conflict_delete, S, by_id, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/training", handle_admin_training, A,
	    admin_list, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/training/{user:int}", handle_admin_mentor, A,
	    admin_mentor, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/conflicts", handle_admin_conflicts, A,
	    by_id, 0, 0},
	{HTTP_POST, "/admin/training/{id:int}/verify", handle_verify, A, verify_params,
	    0, 0},
	{HTTP_POST, "/admin/training/{id:int}/unverify", handle_unverify, A,
	    verify_params, 0, 0},

	{HTTP_GET, "/api/v1/training", handle_training_list, S, list_get, 0, 0},
	{HTTP_POST, "/api/v1/training", handle_training_create, S, training_new, FU, 0},
	{HTTP_GET, "/api/v1/training/{id:int}", handle_training_get, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/training/{id:int}", handle_training_update, S,
	    training_edit, FU, 0},
	{HTTP_DELETE, "/api/v1/training/{id:int}", handle_training_delete, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/training/{id:int}/delete", handle_training_delete, S, by_id,
	    0, 0},
	{HTTP_POST, "/api/v1/training/{id:int}/certificate", handle_training_upload, S,
	    upload, FU, 0},
	{HTTP_GET, "/api/v1/training/{id:int}/certificate", handle_training_certificate,
	    S, by_id, 0, 0},
	{HTTP_GET, "/api/v1/conflicts", handle_conflicts, S, list_get, 0, 0},
	{HTTP_POST, "/api/v1/conflicts", handle_conflict_declare, S, declare, ROUTE_FORM,
	    0},
	{HTTP_POST, "/api/v1/conflicts/{id:int}/delete", handle_conflict_delete, S, by_id,
	    0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/training", handle_admin_training, A,
	    admin_list, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/training/{user:int}",
	    handle_admin_mentor, A, admin_mentor, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/conflicts", handle_admin_conflicts, A,
	    by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/training/{id:int}/verify", handle_verify, A,
	    verify_params, 0, 0},
	{HTTP_POST, "/api/v1/admin/training/{id:int}/unverify", handle_unverify, A,
	    verify_params, 0, 0},
};

#undef S
#undef A
#undef FU

const size_t training_nroutes = sizeof(training_routes) / sizeof(training_routes[0]);
