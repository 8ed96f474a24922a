/*
 * evalforms.c - the evaluation form builder and the annual review
 * (EVAL-1, EVAL-2's settings, EVAL-6), pages and /api/v1 twins.
 *
 *   /admin/schemes/{id}/evaluations          GET the scheme's forms and
 *                                            "Create a form"; POST adds
 *   /admin/evaluations/forms/{id}            GET the form page (settings,
 *                                            questions, preview, versions,
 *                                            status); POST saves settings
 *   /admin/evaluations/forms/{id}/status     POST status=active|closed|draft
 *   /admin/evaluations/forms/{id}/open       POST the annual review's period
 *   /admin/evaluations/forms/{id}/delete     GET confirm, POST delete
 *   /admin/evaluations/forms/{id}/questions/new  GET ?kind=...: the kind
 *                                            chooser, then the question form
 *   /admin/evaluations/forms/{id}/questions  POST adds a question
 *   /admin/evaluations/questions/{id}/edit   GET the form, POST the change
 *   /admin/evaluations/questions/{id}/move   POST direction=up|down
 *   /admin/evaluations/questions/{id}/delete POST removes it
 *
 * Who may do what, and versioning, are app/evalforms.c's: a 404 here is
 * "not one of your schemes' forms"; a 409 is a refusal with app's
 * sentence (a question of an older version, a form that asked people
 * already going back to draft ...).  The preview renders each question
 * with templates/partials/eval-question.mustache, the partial the answer
 * page can reuse (its model is documented at its top; built by
 * question_preview below).
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/date.h"
#include "app/evalforms.h"
#include "core/arena.h"
#include "view/json.h"

static const char *const dones[] = {"added", "saved", "question_added", "question_saved",
	"question_moved", "question_removed", "status", "opened", "closed", "deleted", NULL};
static const char *const directions[] = {"up", "down", NULL};

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"added", "The form has been created. Add its questions, then make it active."},
		{"saved", "The form's settings have been saved."},
		{"question_added", "The question has been added."},
		{"question_saved", "The question has been saved."},
		{"question_moved", "The question has been moved."},
		{"question_removed", "The question has been removed."},
		{"status", "The form's status has been changed."},
		{"opened", "The annual review is open."},
		{"closed", "The form has been closed. Its results stay."},
		{"deleted", "The form has been deleted."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static bool
is(const char *s, const char *word)
{
	return s != NULL && strcmp(s, word) == 0;
}

static const char *
form_url(struct request *req, int64_t id, const char *done)
{
	return done ? arena_printf(req->arena, "/admin/evaluations/forms/%lld?done=%s",
	    (long long)id, done) : arena_printf(req->arena, "/admin/evaluations/forms/%lld",
	    (long long)id);
}

static const char *
list_url(struct request *req, int64_t scheme_id, const char *done)
{
	return done ? arena_printf(req->arena, "/admin/schemes/%lld/evaluations?done=%s",
	    (long long)scheme_id, done) : arena_printf(req->arena,
	    "/admin/schemes/%lld/evaluations", (long long)scheme_id);
}

/* Draft, Active, Closed; an annual review whose period ended reads
 * "Closed" too (the job closes it for good). */
static const char *
status_words(const struct db_evalform *f, const char *today)
{
	if (is(f->status, "active") && is(f->kind, "annual") && f->closes_on[0] &&
	    strcmp(f->closes_on, today) < 0)
		return "Closed";
	if (is(f->status, "active"))
		return is(f->kind, "annual") ? "Open" : "Active";
	if (is(f->status, "closed"))
		return "Closed";
	return "Draft";
}

static json_t *
form_json(struct request *req, const struct db_evalform *f, const char *today)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", f->id);
	json_put_i(o, "scheme_id", f->scheme_id);
	json_put_s(o, "title", f->title);
	json_put_s(o, "intro", f->intro);
	json_put_s(o, "kind", f->kind);
	json_put_b(o, "is_annual", is(f->kind, "annual"));
	json_put_s(o, "respondent", f->respondent);
	json_put_s(o, "who_words", app_evalform_who_words(f->respondent));
	json_put_s(o, "trigger_on", f->trigger_on);
	json_put_i(o, "trigger_days", f->trigger_days);
	json_put_s(o, "when_words", app_evalform_when_words(a, f));
	json_put_s(o, "status", f->status);
	const char *sw = status_words(f, today);
	json_put_s(o, "status_words", sw);
	json_put_b(o, "is_live", is(sw, "Active") || is(sw, "Open"));
	json_put_b(o, "is_draft", is(f->status, "draft"));
	json_put_s(o, "opens_on", f->opens_on);
	json_put_s(o, "closes_on", f->closes_on);
	json_put_s(o, "opens_words", app_date_words(a, f->opens_on));
	json_put_s(o, "closes_words", app_date_words(a, f->closes_on));
	json_put_b(o, "has_period", f->closes_on[0] != '\0');
	json_put_i(o, "version", f->version);
	json_put_i(o, "responses", f->responses);
	json_put_s(o, "url", form_url(req, f->id, NULL));
	json_put_s(o, "results_url", arena_printf(a, "/admin/evaluations/forms/%lld/results",
	    (long long)f->id));
	json_put_s(o, "updated_words", app_time_words(a, f->updated_at, false));
	return o;
}

/* One line per label, for the question list. */
static const char *
options_words(struct arena *a, const struct db_evalquestion *q)
{
	const char **l;
	size_t n;
	app_evalq_labels(a, q, &l, &n);
	if (is(q->kind, "text"))
		return arena_printf(a, "Up to %lld characters", (long long)q->max_length);
	char *s = arena_strdup(a, "");
	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? ", " : "", l[i]);
	return s;
}

static json_t *
question_json(struct request *req, const struct db_evalquestion *q, size_t nq)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", q->id);
	json_put_i(o, "position", q->position);
	json_put_s(o, "kind", q->kind);
	json_put_s(o, "kind_words", app_evalq_kind_words(q->kind));
	json_put_s(o, "prompt", q->prompt);
	json_put_s(o, "hint", q->hint);
	json_put_b(o, "is_required", q->is_required);
	const char **l;
	size_t n;
	app_evalq_labels(a, q, &l, &n);
	json_t *opts = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(opts, json_string(l[i]));
	json_object_set_new(o, "options", opts);
	json_put_i(o, "max_length", q->max_length);
	json_put_s(o, "options_words", options_words(a, q));
	json_put_s(o, "edit_url", arena_printf(a, "/admin/evaluations/questions/%lld/edit",
	    (long long)q->id));
	json_put_s(o, "move_url", arena_printf(a, "/admin/evaluations/questions/%lld/move",
	    (long long)q->id));
	json_put_s(o, "remove_url", arena_printf(a, "/admin/evaluations/questions/%lld/delete",
	    (long long)q->id));
	json_put_b(o, "can_up", q->position > 1);
	json_put_b(o, "can_down", q->position < (int64_t)nq);
	return o;
}

/* The model of partials/eval-question.mustache for one question, as
 * the respondent sees it (nothing chosen). */
static json_t *
question_preview(struct request *req, const struct db_evalquestion *q, size_t number)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", q->id);
	json_put_i(o, "number", (int64_t)number);
	json_put_s(o, "prompt", q->prompt);
	json_put_s(o, "hint", q->hint);
	json_put_b(o, "is_required", q->is_required);
	json_put_b(o, "is_rating", is(q->kind, "rating"));
	json_put_b(o, "is_single", is(q->kind, "single"));
	json_put_b(o, "is_multiple", is(q->kind, "multiple"));
	json_put_b(o, "is_yes_no", is(q->kind, "yes_no"));
	json_put_b(o, "is_text", is(q->kind, "text"));
	const char **l;
	size_t n;
	app_evalq_labels(a, q, &l, &n);
	json_t *opts = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *label = is(q->kind, "rating") ?
		    arena_printf(a, "%zu: %s", i + 1, l[i]) : l[i];
		json_array_append_new(opts, json_pack("{s:I, s:s, s:b, s:s}", "value",
		    (json_int_t)(i + 1), "label", label, "checked", false, "input_id", i == 0 ?
		    arena_printf(a, "q%lld", (long long)q->id) :
		    arena_printf(a, "q%lld-%zu", (long long)q->id, i + 1)));
	}
	json_object_set_new(o, "options", opts);
	json_put_i(o, "max_length", q->max_length);
	json_put_s(o, "text", "");
	json_put_s(o, "error", "");
	json_put_b(o, "disabled", true);
	return json_pack("{s:o}", "question", o);
}

/* ---- the scheme's forms ---- */

static const char *const form_fields[] = {"title", "intro", "kind", "respondent",
	"trigger_on", "trigger_days", NULL};

static void
read_form(struct request *req, struct app_evalform_in *in)
{
	in->title = req_str(req, "title");
	in->intro = req_str(req, "intro");
	in->kind = req_str(req, "kind");
	in->respondent = req_str(req, "respondent");
	in->trigger_on = req_str(req, "trigger_on");
	in->trigger_days = req_str(req, "trigger_days");
}

/* The settings' radios and boxes into m: as typed after a POST, else
 * from f (NULL: a new form's defaults). */
static void
settings_model(struct request *req, json_t *m, const struct db_evalform *f, bool back)
{
	const char *kind = back && !f ? req_str(req, "kind") : f ? f->kind : "relationship";
	const char *who = back ? req_str(req, "respondent") : f ? f->respondent : "";
	const char *when = back ? req_str(req, "trigger_on") : f ? f->trigger_on : "";
	json_put_s(m, "title", back ? req_str(req, "title") : f ? f->title : "");
	json_put_s(m, "intro", back ? req_str(req, "intro") : f ? f->intro : "");
	json_put_s(m, "trigger_days", back ? req_str(req, "trigger_days") :
	    f && !is(f->trigger_on, "completion") && !is(f->trigger_on, "annual") ?
	    arena_printf(req->arena, "%lld", (long long)f->trigger_days) : "");
	json_put_b(m, "kind_relationship", is(kind, "relationship"));
	json_put_b(m, "kind_annual", is(kind, "annual"));
	json_put_b(m, "who_mentee", is(who, "mentee"));
	json_put_b(m, "who_mentor", is(who, "mentor"));
	json_put_b(m, "who_everyone", is(who, "everyone"));
	json_put_b(m, "on_completion", is(when, "completion"));
	json_put_b(m, "on_after_start", is(when, "after_start"));
	json_put_b(m, "on_before_end", is(when, "before_end"));
	json_put_b(m, "on_after_end", is(when, "after_end"));
}

static enum err
list_page(struct request *req, struct response *resp, int status, int64_t scheme_id)
{
	struct app_evalforms_page p;
	enum err rc = app_evalforms_admin(req->db, req->arena, req->auth, scheme_id, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object(), *list = json_array();
	for (size_t i = 0; i < p.n; i++)
		json_array_append_new(list, form_json(req, &p.forms[i], p.today));
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_object_set_new(m, "forms", list);
	if (req->is_api)
		return page_respond(req, resp, status, "admin-evalforms", m);
	json_put_b(m, "has_forms", p.n > 0);
	json_put_s(m, "action", list_url(req, scheme_id, NULL));
	settings_model(req, m, NULL, req->method == HTTP_POST);
	json_put_b(m, "is_new", true);
	json_put_b(m, "show_everyone", true);
	json_put_b(m, "show_when", true);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	admin_menu(req, m, "", scheme_id);
	page_field_errors(req, m, form_fields);
	return page_render(req, resp, status, "admin-evalforms", m);
}

static enum err
handle_list(struct request *req, struct response *resp)
{
	return list_page(req, resp, 200, req_int(req, "id"));
}

/* The form page (or the API's form). */
static enum err form_page(struct request *req, struct response *resp, int status,
    int64_t form_id);

static enum err
handle_create(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_evalform_in in;
	int64_t scheme_id = req_int(req, "id"), id = 0;
	struct app_evalforms_page p;
	enum err rc = app_evalforms_admin(req->db, req->arena, req->auth, scheme_id, &p);
	if (rc != ERR_OK)
		return rc;
	read_form(req, &in);
	if (req->errors == NULL) {
		rc = app_evalform_add(req->db, req->arena, req->auth, scheme_id, &in,
		    req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		struct db_evalform f;
		app_evalform_check(req->arena, &in, &ps, &f);
		rc = ERR_BAD_INPUT;
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) :
		    list_page(req, resp, 422, scheme_id);
	if (req->is_api)
		return form_page(req, resp, 201, id);
	resp_redirect(resp, req, form_url(req, id, "added"));
	return ERR_OK;
}

/* ---- one form ---- */

static enum err
form_page(struct request *req, struct response *resp, int status, int64_t form_id)
{
	struct app_evalform_admin p;
	struct arena *a = req->arena;
	enum err rc = app_evalform_admin_get(req->db, a, req->auth, form_id, &p);
	if (rc != ERR_OK)
		return rc;
	const struct db_evalform *f = &p.f.form;
	json_t *m = json_object();
	json_object_set_new(m, "form", form_json(req, f, p.today));
	json_t *qs = json_array(), *preview = json_array(), *vs = json_array();
	for (size_t i = 0; i < p.f.nq; i++) {
		json_array_append_new(qs, question_json(req, &p.f.q[i], p.f.nq));
		json_array_append_new(preview, question_preview(req, &p.f.q[i], i + 1));
	}
	for (size_t i = 0; i < p.nversions; i++) {
		const struct db_evalversion *v = &p.versions[i];
		json_array_append_new(vs, json_pack("{s:I, s:s, s:I, s:s, s:b}",
		    "version", (json_int_t)v->version,
		    "created_words", app_time_words(a, v->created_at, false),
		    "responses", (json_int_t)v->responses,
		    "results_url", arena_printf(a, "/admin/evaluations/forms/%lld/results?version=%lld",
		    (long long)f->id, (long long)v->version),
		    "is_current", v->id == f->version_id));
	}
	json_object_set_new(m, "questions", qs);
	json_object_set_new(m, "versions", vs);
	json_put_i(m, "issued", p.issued);
	bool annual = is(f->kind, "annual");
	bool has_q = p.f.nq > 0;
	json_put_b(m, "can_activate", !annual && !is(f->status, "active") && has_q);
	json_put_b(m, "can_close", is(f->status, "active"));
	json_put_b(m, "can_draft", !is(f->status, "draft") && p.issued == 0);
	json_put_b(m, "can_delete", p.issued == 0);
	json_put_b(m, "can_open", annual && !p.is_open && has_q);
	json_put_b(m, "is_open", p.is_open);
	if (req->is_api) {
		json_decref(preview);   /* the page's preview only */
		return page_respond(req, resp, status, "admin-evalforms-form", m);
	}

	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_s(m, "back_url", list_url(req, f->scheme_id, NULL));
	json_put_s(m, "action", form_url(req, f->id, NULL));
	json_put_s(m, "status_url", arena_printf(a, "/admin/evaluations/forms/%lld/status",
	    (long long)f->id));
	json_put_s(m, "open_url", arena_printf(a, "/admin/evaluations/forms/%lld/open",
	    (long long)f->id));
	json_put_s(m, "delete_url", arena_printf(a, "/admin/evaluations/forms/%lld/delete",
	    (long long)f->id));
	json_put_s(m, "new_question_url", arena_printf(a,
	    "/admin/evaluations/forms/%lld/questions/new", (long long)f->id));
	json_object_set_new(m, "preview", preview);
	json_put_b(m, "has_questions", has_q);
	json_put_b(m, "has_versions", p.nversions > 0);
	json_put_b(m, "can_add", p.f.nq < APP_EVAL_QUESTIONS_MAX);
	json_put_b(m, "copies_on_change", p.f.version.responses > 0);
	json_put_i(m, "next_version", f->version + 1);
	json_put_s(m, "open_max_words", app_date_words(a, p.open_max));
	/* which form came back: the settings (POST .../forms/{id}) or the
	 * annual review's period (POST .../open) */
	const char *tail = strrchr(req->path, '/');
	bool settings_back = req->method == HTTP_POST && tail != NULL &&
	    tail[1] >= '0' && tail[1] <= '9';
	bool open_back = req->method == HTTP_POST && tail != NULL && is(tail, "/open");
	settings_model(req, m, settings_back ? NULL : f, settings_back);
	if (settings_back) {
		/* the settings came back: the kind stays the form's */
		json_put_b(m, "kind_relationship", !annual);
		json_put_b(m, "kind_annual", annual);
	}
	json_put_b(m, "show_everyone", annual);
	json_put_b(m, "show_when", !annual);
	if (open_back)
		page_date_typed(req, m, "closes");
	else
		page_date_parts(req, m, "closes", "");
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	if (status == 200 && is(req_str(req, "done"), "opened"))
		json_put_s(m, "done_message", arena_printf(a, "The annual review is open "
		    "until %s. %lld %s been asked to answer it.",
		    app_date_words(a, f->closes_on), (long long)req_int(req, "asked"),
		    req_int(req, "asked") == 1 ? "person has" : "people have"));
	static const char *const fields[] = {"title", "intro", "respondent", "trigger_on",
		"trigger_days", "closes_on", NULL};
	admin_menu(req, m, "", f->scheme_id);
	page_field_errors(req, m, fields);
	return page_render(req, resp, status, "admin-evalforms-form", m);
}

static enum err
handle_form(struct request *req, struct response *resp)
{
	return form_page(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_form_save(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_evalform_in in;
	int64_t id = req_int(req, "id");
	struct app_evalform_admin p;
	enum err rc = app_evalform_admin_get(req->db, req->arena, req->auth, id, &p);
	if (rc != ERR_OK)
		return rc;
	read_form(req, &in);
	in.kind = p.f.form.kind;
	if (req->errors == NULL) {
		rc = app_evalform_edit(req->db, req->arena, req->auth, id, &in, req->client_ip,
		    &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		struct db_evalform f;
		app_evalform_check(req->arena, &in, &ps, &f);
		rc = ERR_BAD_INPUT;
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) : form_page(req, resp, 422, id);
	if (req->is_api)
		return form_page(req, resp, 200, id);
	resp_redirect(resp, req, form_url(req, id, "saved"));
	return ERR_OK;
}

/* A refusal from app (409 with its sentence), else ERR_OK to go on. */
static bool
refused(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps)
{
	if (rc != ERR_CONFLICT)
		return false;
	page_refuse(req, resp, 409, "conflict", page_why(ps, "This cannot be done now: "
	    "the form has changed. Go back and try again."));
	return true;
}

static enum err
handle_status(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	const char *status = req_str(req, "status");
	enum err rc = app_evalform_set_status(req->db, req->arena, req->auth, id, status,
	    req->client_ip, &ps);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc == ERR_BAD_INPUT) {
		page_add_problems(req, &ps);
		return req->is_api ? page_invalid(req, resp, 422) : form_page(req, resp, 422, id);
	}
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return form_page(req, resp, 200, id);
	resp_redirect(resp, req, form_url(req, id, is(status, "closed") ? "closed" : "status"));
	return ERR_OK;
}

/* The closing date: the API's YYYY-MM-DD, or the page's date boxes
 * (their own problems onto closes_on). */
static const char *
read_closes_on(struct request *req)
{
	static const char *const parts[] = {"day", "month", "year"};
	if (req->is_api)
		return req_str(req, "closes_on");
	for (struct field_error *e = req->errors; e != NULL; e = e->next)
		for (size_t i = 0; i < 3; i++)
			if (strcmp(e->field, arena_printf(req->arena, "closes_%s", parts[i])) == 0)
				e->field = "closes_on";
	const char *iso = "", *why = NULL;
	if (app_date_from_parts(req->arena, "The closing date", req_str(req, "closes_day"),
	    req_str(req, "closes_month"), req_str(req, "closes_year"), &iso, &why) != ERR_OK &&
	    req_error(req, "closes_on") == NULL)
		req_add_error(req, "closes_on", why);
	return iso;
}

static enum err
handle_open(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct app_evalform_admin p;
	enum err rc = app_evalform_admin_get(req->db, req->arena, req->auth, id, &p);
	if (rc != ERR_OK)
		return rc;
	const char *closes_on = read_closes_on(req);
	size_t asked = 0;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_evalform_open(req->db, req->arena, req->auth, id, closes_on,
		    req->client_ip, &ps, &asked);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) : form_page(req, resp, 422, id);
	if (req->is_api) {
		struct app_evalform_admin q;
		if ((rc = app_evalform_admin_get(req->db, req->arena, req->auth, id, &q)) !=
		    ERR_OK)
			return rc;
		json_t *m = json_pack("{s:o, s:I}", "form", form_json(req, &q.f.form, q.today),
		    "asked", (json_int_t)asked);
		resp_json(resp, req, 200, m);
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/evaluations/forms/%lld?done=opened&asked=%zu", (long long)id, asked));
	return ERR_OK;
}

static enum err
handle_delete_confirm(struct request *req, struct response *resp)
{
	struct app_evalform_admin p;
	enum err rc = app_evalform_admin_get(req->db, req->arena, req->auth,
	    req_int(req, "id"), &p);
	if (rc != ERR_OK)
		return rc;
	const struct db_evalform *f = &p.f.form;
	json_t *m = json_object();
	json_put_s(m, "title", f->title);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_b(m, "can_delete", p.issued == 0);
	json_put_s(m, "action", arena_printf(req->arena, "/admin/evaluations/forms/%lld/delete",
	    (long long)f->id));
	json_put_s(m, "back_url", form_url(req, f->id, NULL));
	admin_menu(req, m, "", f->scheme_id);
	return page_render(req, resp, 200, "admin-evalforms-delete", m);
}

static enum err
handle_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), scheme_id = 0;
	enum err rc = app_evalform_delete(req->db, req->arena, req->auth, id, req->client_ip,
	    &scheme_id);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", "This form has asked people "
		    "already, so it cannot be deleted. Close it instead: its results stay.");
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, list_url(req, scheme_id, "deleted"));
	return ERR_OK;
}

/* ---- questions ---- */

static const char *const question_fields[] = {"kind", "prompt", "hint", "required",
	"label_1", "label_2", "label_3", "label_4", "label_5", "options", "max_length", NULL};

static void
read_question(struct request *req, struct app_evalq_in *in)
{
	in->kind = req_str(req, "kind");
	in->prompt = req_str(req, "prompt");
	in->hint = req_str(req, "hint");
	in->required = req_str(req, "required");
	for (size_t i = 0; i < 5; i++)
		in->labels[i] = req_str(req, arena_printf(req->arena, "label_%zu", i + 1));
	in->options = req_str(req, "options");
	in->max_length = req_str(req, "max_length");
}

/* The kind chooser (kind empty, new only) or the question's form; q
 * NULL for a new one.  After a POST, what was typed comes back. */
static enum err
question_page(struct request *req, struct response *resp, int status, int64_t form_id,
    const struct db_evalquestion *q)
{
	struct app_evalform_admin p;
	struct arena *a = req->arena;
	enum err rc = app_evalform_admin_get(req->db, a, req->auth, form_id, &p);
	if (rc != ERR_OK)
		return rc;
	bool back = req->method == HTTP_POST;
	const char *kind = q ? q->kind : req_str(req, "kind");
	json_t *m = json_object();
	json_put_s(m, "form_title", p.f.form.title);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_s(m, "back_url", form_url(req, form_id, NULL));
	json_put_b(m, "is_edit", q != NULL);
	json_put_b(m, "copies_on_change", p.f.version.responses > 0);
	json_put_i(m, "next_version", p.f.form.version + 1);
	if (!app_evalq_kind_valid(kind)) {
		json_put_b(m, "choose_kind", true);
		json_put_s(m, "choose_url", arena_printf(a,
		    "/admin/evaluations/forms/%lld/questions/new", (long long)form_id));
		static const char *const kinds[] = {"rating", "single", "multiple", "yes_no",
			"text"};
		static const char *const hints[] = {
			"Five points from lowest to highest, each with a label",
			"The person picks one option from a list you write",
			"The person ticks any of the options you write",
			"Yes or no",
			"The person writes their own answer, up to a length you choose",
		};
		json_t *list = json_array();
		for (size_t i = 0; i < 5; i++)
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "value",
			    kinds[i], "words", app_evalq_kind_words(kinds[i]), "hint", hints[i],
			    "is_first", i == 0));
		json_object_set_new(m, "kinds", list);
		if (kind[0] != '\0' && req_error(req, "kind") == NULL)
			req_add_error(req, "kind", "Select the type of question");
		static const char *const kf[] = {"kind", NULL};
		admin_menu(req, m, "", p.f.form.scheme_id);
		page_field_errors(req, m, kf);
		return page_render(req, resp, kind[0] ? 422 : status, "admin-evalforms-question",
		    m);
	}
	json_put_s(m, "kind", kind);
	json_put_s(m, "kind_words", app_evalq_kind_words(kind));
	json_put_b(m, "is_rating", is(kind, "rating"));
	json_put_b(m, "is_choice", is(kind, "single") || is(kind, "multiple"));
	json_put_b(m, "is_text", is(kind, "text"));
	json_put_s(m, "action", q ? arena_printf(a, "/admin/evaluations/questions/%lld/edit",
	    (long long)q->id) : arena_printf(a, "/admin/evaluations/forms/%lld/questions",
	    (long long)form_id));
	json_put_s(m, "prompt", back ? req_str(req, "prompt") : q ? q->prompt : "");
	json_put_s(m, "hint", back ? req_str(req, "hint") : q ? q->hint : "");
	const char *req_s = back ? req_str(req, "required") : q ? (q->is_required ? "yes" :
	    "no") : "yes";
	json_put_b(m, "required_yes", is(req_s, "yes"));
	json_put_b(m, "required_no", is(req_s, "no"));
	const char **l = NULL;
	size_t n = 0;
	if (q != NULL)
		app_evalq_labels(a, q, &l, &n);
	json_t *labels = json_array();
	for (size_t i = 0; i < 5; i++) {
		const char *name = arena_printf(a, "label_%zu", i + 1);
		const char *v = back ? req_str(req, name) : q && is(q->kind, "rating") && i < n ?
		    l[i] : app_evalq_default_labels[i];
		const char *err = req_error(req, name);
		json_array_append_new(labels, json_pack("{s:I, s:s, s:s, s:s, s:b}", "number",
		    (json_int_t)(i + 1), "name", name, "value", v, "error", err ? err : "",
		    "has_error", err != NULL));
	}
	json_object_set_new(m, "labels", labels);
	json_put_s(m, "options", back ? req_str(req, "options") : q ? q->options : "");
	json_put_s(m, "max_length", back ? req_str(req, "max_length") : q && is(kind, "text") ?
	    arena_printf(a, "%lld", (long long)q->max_length) :
	    arena_printf(a, "%d", APP_EVAL_TEXT_DEFAULT));
	admin_menu(req, m, "", p.f.form.scheme_id);
	page_field_errors(req, m, question_fields);
	return page_render(req, resp, status, "admin-evalforms-question", m);
}

static enum err
handle_question_new(struct request *req, struct response *resp)
{
	return question_page(req, resp, 200, req_int(req, "id"), NULL);
}

static enum err
question_answer(struct request *req, struct response *resp, int status, int64_t qid)
{
	struct db_evalquestion q;
	struct db_evalform f;
	enum err rc = app_evalq_admin_get(req->db, req->arena, req->auth, qid, &q, &f);
	if (rc != ERR_OK)
		return rc;
	json_t *m = question_json(req, &q, 0);
	json_put_i(m, "form_id", f.id);
	json_put_i(m, "version", f.version);
	json_object_del(m, "can_up");
	json_object_del(m, "can_down");
	resp_json(resp, req, status, m);
	return ERR_OK;
}

static enum err
handle_question_add(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_evalq_in in;
	int64_t form_id = req_int(req, "id"), qid = 0;
	struct app_evalform_admin p;
	enum err rc = app_evalform_admin_get(req->db, req->arena, req->auth, form_id, &p);
	if (rc != ERR_OK)
		return rc;
	read_question(req, &in);
	if (req->errors == NULL) {
		rc = app_evalq_add(req->db, req->arena, req->auth, form_id, &in, req->client_ip,
		    &ps, &qid);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		struct db_evalquestion q;
		app_evalq_check(req->arena, &in, &ps, &q);
		rc = ERR_BAD_INPUT;
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) :
		    question_page(req, resp, 422, form_id, NULL);
	if (req->is_api)
		return question_answer(req, resp, 201, qid);
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/evaluations/forms/%lld?done=question_added#questions", (long long)form_id));
	return ERR_OK;
}

static enum err
handle_question_edit(struct request *req, struct response *resp)
{
	struct db_evalquestion q;
	struct db_evalform f;
	int64_t qid = req_int(req, "id");
	enum err rc = app_evalq_admin_get(req->db, req->arena, req->auth, qid, &q, &f);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return question_answer(req, resp, 200, qid);
	if (q.version_id != f.version_id)
		return page_refuse(req, resp, 409, "conflict", "This question belongs to an "
		    "older version of the form. Change it on the form's current version.");
	return question_page(req, resp, 200, f.id, &q);
}

static enum err
handle_question_save(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_evalq_in in;
	struct db_evalquestion q;
	struct db_evalform f;
	int64_t qid = req_int(req, "id"), form_id = 0;
	enum err rc = app_evalq_admin_get(req->db, req->arena, req->auth, qid, &q, &f);
	if (rc != ERR_OK)
		return rc;
	read_question(req, &in);
	in.kind = q.kind;
	if (req->errors == NULL) {
		rc = app_evalq_edit(req->db, req->arena, req->auth, qid, &in, req->client_ip,
		    &ps, &form_id);
		if (rc == ERR_CONFLICT)
			return page_refuse(req, resp, 409, "conflict", "This question belongs to "
			    "an older version of the form. Change it on the form's current "
			    "version.");
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		struct db_evalquestion x;
		app_evalq_check(req->arena, &in, &ps, &x);
		rc = ERR_BAD_INPUT;
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) :
		    question_page(req, resp, 422, f.id, &q);
	if (req->is_api)
		return form_page(req, resp, 200, f.id);
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/evaluations/forms/%lld?done=question_saved#questions", (long long)f.id));
	return ERR_OK;
}

static enum err
handle_question_move(struct request *req, struct response *resp)
{
	int64_t form_id = 0;
	enum err rc = app_evalq_move(req->db, req->arena, req->auth, req_int(req, "id"),
	    is(req_str(req, "direction"), "up"), req->client_ip, &form_id);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", "This question belongs to an "
		    "older version of the form. Reload the form and try again.");
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return form_page(req, resp, 200, form_id);
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/evaluations/forms/%lld?done=question_moved#questions", (long long)form_id));
	return ERR_OK;
}

static enum err
handle_question_remove(struct request *req, struct response *resp)
{
	int64_t form_id = 0;
	enum err rc = app_evalq_remove(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->client_ip, &form_id);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", "This question belongs to an "
		    "older version of the form. Reload the form and try again.");
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return form_page(req, resp, 200, form_id);
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/evaluations/forms/%lld?done=question_removed#questions",
	    (long long)form_id));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define WORD(n, l) {.name = n, .type = P_STRING, .max_len = 20, .label = l}
#define DATE_PART(n, l) {.name = n, .type = P_STRING, .max_len = 10, .label = l}
#define LABEL(n) {.name = "label_" #n, .type = P_STRING, .max_len = APP_EVAL_OPTION_MAX, \
	.label = "the label for " #n}

static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec list_get[] = {
	ID_PARAM, {.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{0},
};
static const struct param_spec form_get[] = {
	ID_PARAM, {.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{.name = "asked", .type = P_INT, .min = 0, .max = 10000000, .label = "how many"},
	{0},
};
static const struct param_spec form_post[] = {
	ID_PARAM,
	{.name = "title", .type = P_STRING, .max_len = APP_EVAL_TITLE_MAX, .label = "The title"},
	{.name = "intro", .type = P_TEXT, .max_len = APP_EVAL_INTRO_MAX,
	    .label = "The introduction"},
	WORD("kind", "what the form is for"),
	WORD("respondent", "who answers"),
	WORD("trigger_on", "when it is asked"),
	{.name = "trigger_days", .type = P_STRING, .max_len = 10, .label = "The number of days"},
	{0},
};
static const struct param_spec status_post[] = {ID_PARAM, WORD("status", "the status"), {0}};
static const struct param_spec open_post[] = {
	ID_PARAM,
	DATE_PART("closes_day", "the day it closes"),
	DATE_PART("closes_month", "the month it closes"),
	DATE_PART("closes_year", "the year it closes"),
	DATE_PART("closes_on", "The closing date"),
	{0},
};
static const struct param_spec question_new[] = {ID_PARAM, WORD("kind", "the type"), {0}};
static const struct param_spec question_post[] = {
	ID_PARAM, WORD("kind", "the type of question"),
	{.name = "prompt", .type = P_STRING, .max_len = APP_EVAL_PROMPT_MAX,
	    .label = "The question"},
	{.name = "hint", .type = P_TEXT, .max_len = APP_EVAL_HINT_MAX, .label = "The hint"},
	WORD("required", "whether an answer is required"),
	LABEL(1), LABEL(2), LABEL(3), LABEL(4), LABEL(5),
	{.name = "options", .type = P_TEXT, .max_len = 5000, .label = "The options"},
	{.name = "max_length", .type = P_STRING, .max_len = 10,
	    .label = "The longest answer"},
	{0},
};
static const struct param_spec move_post[] = {
	ID_PARAM,
	{.name = "direction", .type = P_CHOICE, .is_required = true, .choices = directions,
	    .label = "up or down"},
	{0},
};

#define A ACCESS_SCHEME_ADMIN
#define F ROUTE_FORM

const struct route evalforms_routes[] = {
	{HTTP_GET, "/admin/schemes/{id:int}/evaluations", handle_list, A, list_get, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/evaluations", handle_create, A, form_post, F, 0},
	{HTTP_GET, "/admin/evaluations/forms/{id:int}", handle_form, A, form_get, 0, 0},
	{HTTP_POST, "/admin/evaluations/forms/{id:int}", handle_form_save, A, form_post, F, 0},
	{HTTP_POST, "/admin/evaluations/forms/{id:int}/status", handle_status, A, status_post,
	    0, 0},
	{HTTP_POST, "/admin/evaluations/forms/{id:int}/open", handle_open, A, open_post, F, 0},
	{HTTP_GET, "/admin/evaluations/forms/{id:int}/delete", handle_delete_confirm, A, by_id,
	    0, 0},
	{HTTP_POST, "/admin/evaluations/forms/{id:int}/delete", handle_delete, A, by_id, 0, 0},
	{HTTP_GET, "/admin/evaluations/forms/{id:int}/questions/new", handle_question_new, A,
	    question_new, 0, 0},
	{HTTP_POST, "/admin/evaluations/forms/{id:int}/questions", handle_question_add, A,
	    question_post, F, 0},
	{HTTP_GET, "/admin/evaluations/questions/{id:int}/edit", handle_question_edit, A, by_id,
	    0, 0},
	{HTTP_POST, "/admin/evaluations/questions/{id:int}/edit", handle_question_save, A,
	    question_post, F, 0},
	{HTTP_POST, "/admin/evaluations/questions/{id:int}/move", handle_question_move, A,
	    move_post, 0, 0},
	{HTTP_POST, "/admin/evaluations/questions/{id:int}/delete", handle_question_remove, A,
	    by_id, 0, 0},

	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/evaluations", handle_list, A, list_get, 0,
	    0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/evaluations", handle_create, A, form_post,
	    F, 0},
	{HTTP_GET, "/api/v1/admin/evaluations/forms/{id:int}", handle_form, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/forms/{id:int}", handle_form_save, A, form_post,
	    F, 0},
	{HTTP_DELETE, "/api/v1/admin/evaluations/forms/{id:int}", handle_delete, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/forms/{id:int}/delete", handle_delete, A, by_id,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/forms/{id:int}/status", handle_status, A,
	    status_post, 0, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/forms/{id:int}/open", handle_open, A, open_post,
	    F, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/forms/{id:int}/questions", handle_question_add,
	    A, question_post, F, 0},
	{HTTP_GET, "/api/v1/admin/evaluations/questions/{id:int}", handle_question_edit, A,
	    by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/questions/{id:int}", handle_question_save, A,
	    question_post, F, 0},
	{HTTP_DELETE, "/api/v1/admin/evaluations/questions/{id:int}", handle_question_remove,
	    A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/questions/{id:int}/delete",
	    handle_question_remove, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/evaluations/questions/{id:int}/move", handle_question_move,
	    A, move_post, 0, 0},
};

#undef A
#undef F

const size_t evalforms_nroutes = sizeof(evalforms_routes) / sizeof(evalforms_routes[0]);
