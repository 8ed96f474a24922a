/*
 * evalresults.c - evaluation results (EVAL-4, EVAL-5), HTML and JSON
 * side by side:
 *
 *   /admin/evaluations/forms/{id}/results      charts, tables, text answers,
 *                                              the responses; ?version=N,
 *                                              from, to (dates), mentor (id)
 *   /admin/evaluations/forms/{id}/results.csv  the same responses as CSV
 *   /admin/evaluations/responses/{id}          one response (audited)
 *   /evaluations/feedback                      a mentor's feedback, in
 *                                              aggregate only
 *
 * and each under /api/v1 with the same model as JSON.  Every route is
 * ACCESS_SIGNED_IN: app decides, and anyone who is not an administrator
 * of the form's scheme gets 404 (not 403), so ids of other schemes'
 * forms and responses never leak.
 *
 * The charts are SVG drawn by the templates from the numbers here:
 * each bar's geometry (y of its label and bar, the chart's height) is
 * added for pages only; the API gets the numbers.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/date.h"
#include "app/evalresults.h"
#include "core/arena.h"
#include "view/json.h"

#define BAR_ROW 44          /* px per option in a chart */

static const struct app_auth *
me_of(const struct request *req)
{
	return req->auth;
}

/* The query string that keeps the filters ("" none), after `sep`. */
static const char *
filter_query(struct request *req, const struct app_evalres *x, char sep)
{
	if (x->range.is_everything && x->mentor_id == 0)
		return "";
	struct arena *a = req->arena;
	const char *q = "";
	if (!x->range.is_everything)
		q = arena_printf(a, "from=%s&to=%s", x->range.from, x->range.to);
	if (x->mentor_id != 0)
		q = arena_printf(a, "%s%smentor=%lld", q, *q ? "&" : "", (long long)x->mentor_id);
	return arena_printf(a, "%c%s", sep, q);
}

/* "1 response", "3 responses". */
static const char *
count_words(struct arena *a, int64_t n, const char *one, const char *many)
{
	return arena_printf(a, "%lld %s", (long long)n, n == 1 ? one : many);
}

/* One question's results; with_chart adds the SVG geometry; `who` is
 * the plural noun of who answered ("people", "mentees"). */
static json_t *
question_json(struct request *req, const struct app_evalres_question *x, bool with_chart,
    const char *who)
{
	json_t *o = json_object();
	json_put_i(o, "id", x->q->id);
	json_put_i(o, "number", x->q->position);
	json_put_s(o, "prompt", x->q->prompt);
	json_put_s(o, "kind", x->q->kind);
	json_put_s(o, "kind_words", app_evalq_kind_words(x->q->kind));
	json_put_b(o, "is_text", x->is_text);
	json_put_i(o, "answered", x->answered);
	json_put_s(o, "answered_words", arena_printf(req->arena, "%lld %s answered this question",
	    (long long)x->answered, x->answered != 1 ? who : strcmp(who, "people") == 0 ?
	    "person" : "mentee"));
	json_put_b(o, "is_multiple", strcmp(x->q->kind, "multiple") == 0);
	if (!x->is_text) {
		json_t *bars = json_array();
		for (size_t i = 0; i < x->nbars; i++) {
			const struct app_evalres_bar *b = &x->bars[i];
			json_t *j = json_pack("{s:I, s:s, s:I, s:I}", "option", (json_int_t)b->option,
			    "label", b->label, "n", (json_int_t)b->n, "percent",
			    (json_int_t)b->percent);
			if (with_chart) {
				json_put_s(j, "short_label", b->short_label);
				json_put_i(j, "y_label", (int64_t)i * BAR_ROW + 16);
				json_put_i(j, "y_bar", (int64_t)i * BAR_ROW + 22);
			}
			json_array_append_new(bars, j);
		}
		json_object_set_new(o, "options", bars);
		if (with_chart)
			json_put_i(o, "chart_height", (int64_t)x->nbars * BAR_ROW + 4);
		json_put_b(o, "has_average", *x->average != '\0');
		json_put_s(o, "average", x->average);
	}
	return o;
}

/* ---- the results page ---- */

static void
read_in(struct request *req, struct app_evalres_in *in)
{
	memset(in, 0, sizeof(*in));
	in->form_id = req_int(req, "id");
	in->version = req_int(req, "version");
	in->from = req_str(req, "from");
	in->to = req_str(req, "to");
	in->mentor_id = req_int(req, "mentor");
}

static const char *const filter_fields[] = {"version", "from", "to", "mentor", NULL};

static enum err
handle_results(struct request *req, struct response *resp)
{
	struct app_evalres_in in;
	struct app_evalres x;
	struct app_problems ps = {0};
	struct arena *a = req->arena;
	read_in(req, &in);
	enum err rc = app_evalres_results(req->db, a, me_of(req), &in, &x, &ps);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	int status = 200;
	if (rc == ERR_BAD_INPUT || req->errors != NULL) {
		page_add_problems(req, &ps);
		if (req->is_api)
			return page_invalid(req, resp, 422);
		status = 422;
		x.has_results = false;
	}
	int64_t form_id = x.f.form.id;
	const char *base = arena_printf(a, "/admin/evaluations/forms/%lld", (long long)form_id);
	bool is_ok = status == 200;
	json_t *m = json_object();
	json_put_i(m, "form_id", form_id);
	json_put_s(m, "title", x.f.form.title);
	json_put_i(m, "scheme_id", x.f.form.scheme_id);
	json_put_s(m, "scheme_name", x.scheme_name);
	json_put_s(m, "status", x.f.form.status);
	json_put_s(m, "who", app_evalform_who_words(x.f.form.respondent));
	json_put_s(m, "when", app_evalform_when_words(a, &x.f.form));
	json_put_s(m, "time_zone", x.tz);
	json_put_i(m, "version", x.f.version.version);
	json_put_b(m, "has_version", x.f.version.id != 0);
	json_put_b(m, "is_current_version", x.f.version.version == x.f.form.version);
	json_put_s(m, "form_url", base);

	const char *keep = is_ok ? filter_query(req, &x, '&') : "";
	json_t *vs = json_array();
	for (size_t i = x.nversions; i-- > 0;) {
		const struct db_evalversion *v = &x.versions[i];
		json_array_append_new(vs, json_pack("{s:I, s:I, s:s, s:b, s:s}", "version",
		    (json_int_t)v->version, "responses", (json_int_t)v->responses,
		    "responses_words", count_words(a, v->responses, "response", "responses"),
		    "is_shown",
		    v->id == x.f.version.id, "url", arena_printf(a, "%s/results?version=%lld%s",
		    base, (long long)v->version, keep)));
	}
	json_object_set_new(m, "versions", vs);
	json_put_b(m, "has_versions", x.nversions > 1);
	/* the version chooser in the filters: its id is where an error on
	 * ?version points */
	json_put_b(m, "has_version_picker", x.nversions > 0 || req_error(req, "version") != NULL);

	/* the filters as typed (a page coming back) or as applied */
	json_put_s(m, "from", is_ok && !x.range.is_everything ? x.range.from : "");
	json_put_s(m, "to", is_ok && !x.range.is_everything ? x.range.to : "");
	json_put_s(m, "from_typed", req_str(req, "from"));
	json_put_s(m, "to_typed", req_str(req, "to"));
	json_put_i(m, "mentor_id", is_ok ? x.mentor_id : 0);
	json_put_s(m, "mentor_name", is_ok ? x.mentor_name : "");
	int64_t typed_mentor = req_int(req, "mentor");
	json_t *ms = json_array();
	for (size_t i = 0; i < x.nmentors; i++)
		json_array_append_new(ms, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)x.mentors[i].id, "name", x.mentors[i].name, "is_selected",
		    x.mentors[i].id == typed_mentor));
	json_object_set_new(m, "mentors", ms);
	json_put_b(m, "has_mentors", x.nmentors > 0);
	json_put_b(m, "is_filtered", is_ok && (!x.range.is_everything || x.mentor_id != 0));
	if (is_ok && !x.range.is_everything) {
		json_put_s(m, "from_words", app_date_words(a, x.range.from));
		json_put_s(m, "to_words", app_date_words(a, x.range.to));
	}
	json_put_b(m, "has_results", x.has_results);
	if (x.has_results) {
		json_put_i(m, "issued", x.counts.issued);
		json_put_i(m, "answered", x.counts.answered);
		json_put_i(m, "answered_version", x.counts.answered_version);
		json_put_s(m, "answered_version_words", count_words(a, x.counts.answered_version,
		    "response", "responses"));
		json_put_s(m, "answered_words", count_words(a, x.counts.answered, "response",
		    "responses"));
		json_put_s(m, "issued_words", count_words(a, x.counts.issued, "evaluation",
		    "evaluations"));
		json_put_b(m, "has_rate", x.rate >= 0);
		json_put_i(m, "rate", x.rate);
		json_put_b(m, "answered_other_versions",
		    x.counts.answered != x.counts.answered_version);
		json_t *qs = json_array();
		for (size_t i = 0; i < x.nq; i++) {
			const struct app_evalres_question *q = &x.q[i];
			json_t *o = question_json(req, q, !req->is_api, "people");
			if (q->is_text) {
				json_t *ts = json_array();
				for (size_t k = 0; k < q->ntexts; k++)
					json_array_append_new(ts, json_pack("{s:s, s:s, s:s, s:I, s:s}",
					    "text", q->texts[k].text, "name", q->texts[k].name,
					    "submitted", app_evalres_when(a, x.tz, q->texts[k].submitted_at, false),
					    "response_id", (json_int_t)q->texts[k].response_id,
					    "url", arena_printf(a, "/admin/evaluations/responses/%lld",
					    (long long)q->texts[k].response_id)));
				json_object_set_new(o, "texts", ts);
				json_put_b(o, "has_texts", q->ntexts > 0);
				json_put_i(o, "texts_total", q->texts_total);
				json_put_i(o, "texts_more", q->texts_total - (int64_t)q->ntexts);
				json_put_b(o, "has_more_texts", q->texts_total > (int64_t)q->ntexts);
			}
			json_array_append_new(qs, o);
		}
		json_object_set_new(m, "questions", qs);
		json_t *rs = json_array();
		for (size_t i = 0; i < x.nrows; i++) {
			const struct db_evalres_row *r = &x.rows[i];
			json_array_append_new(rs, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s}",
			    "id", (json_int_t)r->id, "respondent", r->name, "role", r->role,
			    "relationship_id", (json_int_t)r->relationship_id, "mentor", r->mentor_name,
			    "mentee", r->mentee_name, "submitted",
			    app_evalres_when(a, x.tz, r->submitted_at, false), "url", arena_printf(a,
			    "/admin/evaluations/responses/%lld", (long long)r->id)));
		}
		json_object_set_new(m, "responses", rs);
		json_put_b(m, "has_responses", x.nrows > 0);
		json_put_i(m, "total", x.total);
		json_put_s(m, "total_words", count_words(a, x.total, "response", "responses"));
		json_put_i(m, "responses_more", x.total - (int64_t)x.nrows);
		json_put_b(m, "has_more_responses", x.total > (int64_t)x.nrows);
		json_put_s(m, "csv_url", arena_printf(a, "%s/results.csv?version=%lld%s", base,
		    (long long)x.f.version.version, filter_query(req, &x, '&')));
	}
	if (req->is_api)
		return page_respond(req, resp, status, "admin-evalresults", m);
	admin_menu(req, m, "", x.f.form.scheme_id);
	page_field_errors(req, m, filter_fields);
	return page_render(req, resp, status, "admin-evalresults", m);
}

static enum err
handle_csv(struct request *req, struct response *resp)
{
	struct app_evalres_in in;
	struct app_problems ps = {0};
	const char *csv, *filename;
	size_t len;
	read_in(req, &in);
	enum err rc = app_evalres_csv(req->db, req->arena, me_of(req), &in, req->client_ip,
	    &csv, &len, &filename, &ps);
	if (rc == ERR_BAD_INPUT) {
		page_add_problems(req, &ps);
		return page_invalid(req, resp, 422);
	}
	if (rc != ERR_OK)
		return rc;
	resp_header(resp, req, "Content-Disposition", arena_printf(req->arena,
	    "attachment; filename=\"%s\"", filename));
	resp_text(resp, 200, "text/csv; charset=utf-8", csv, len);
	return ERR_OK;
}

/* ---- one response ---- */

static enum err
handle_response(struct request *req, struct response *resp)
{
	struct app_evalres_response x;
	struct arena *a = req->arena;
	enum err rc = app_evalres_response(req->db, a, me_of(req), req_int(req, "id"),
	    req->client_ip, &x);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_i(m, "id", x.r.id);
	json_put_i(m, "form_id", x.f.form.id);
	json_put_s(m, "title", x.f.form.title);
	json_put_i(m, "version", x.f.version.version);
	json_put_i(m, "scheme_id", x.r.scheme_id);
	json_put_s(m, "scheme_name", x.scheme_name);
	json_put_s(m, "respondent", x.r.name);
	json_put_s(m, "role", x.r.role);
	json_put_b(m, "is_mentor", strcmp(x.r.role, "mentor") == 0);
	json_put_s(m, "submitted", x.submitted);
	json_put_i(m, "submitted_at", x.r.submitted_at);
	json_put_b(m, "is_shared", x.r.is_shared);
	json_put_i(m, "relationship_id", x.r.relationship_id);
	json_put_b(m, "has_relationship", x.r.relationship_id != 0);
	json_put_s(m, "mentor", x.r.mentor_name);
	json_put_s(m, "mentee", x.r.mentee_name);
	if (x.r.relationship_id != 0)
		json_put_s(m, "relationship_url", arena_printf(a, "/relationships/%lld",
		    (long long)x.r.relationship_id));
	json_put_s(m, "results_url", arena_printf(a,
	    "/admin/evaluations/forms/%lld/results?version=%lld", (long long)x.f.form.id,
	    (long long)x.f.version.version));
	json_t *items = json_array();
	for (size_t i = 0; i < x.nitems; i++) {
		const struct app_evalres_item *it = &x.items[i];
		json_t *ans = json_array();
		for (size_t k = 0; k < it->nanswers; k++)
			json_array_append_new(ans, json_string(it->answers[k]));
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:b, s:b}", "question_id",
		    (json_int_t)it->q->id, "number", (json_int_t)it->q->position, "prompt",
		    it->q->prompt, "kind", it->q->kind, "is_text", strcmp(it->q->kind, "text") == 0,
		    "is_answered", it->nanswers > 0);
		json_object_set_new(o, "answers", ans);
		json_array_append_new(items, o);
	}
	json_object_set_new(m, "answers", items);
	if (req->is_api)
		return page_respond(req, resp, 200, "admin-evalresults-response", m);
	admin_menu(req, m, "", x.r.scheme_id);
	return page_render(req, resp, 200, "admin-evalresults-response", m);
}

/* ---- a mentor's feedback (EVAL-5) ---- */

static enum err
handle_feedback(struct request *req, struct response *resp)
{
	struct app_evalres_feedback x;
	enum err rc = app_evalres_feedback(req->db, req->arena, me_of(req), &x);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", x.scheme_id);
	json_put_s(m, "scheme_name", x.scheme_name);
	json_put_i(m, "threshold", APP_EVAL_MIN_MENTEES);
	json_t *fs = json_array();
	for (size_t i = 0; i < x.nforms; i++) {
		const struct app_evalres_fb_form *f = &x.forms[i];
		json_t *vs = json_array();
		for (size_t k = 0; k < f->nv; k++) {
			const struct app_evalres_fb_version *v = &f->v[k];
			json_t *qs = json_array();
			for (size_t j = 0; j < v->nq; j++) {
				/* EVAL-5: a question answered by fewer than the
				 * threshold of mentees shows no numbers at all */
				json_t *q = question_json(req, &v->q[j], !req->is_api, "mentees");
				bool shown = v->q[j].answered >= APP_EVAL_MIN_MENTEES;
				json_put_b(q, "is_shown", shown);
				if (!shown) {
					json_object_del(q, "options");
					json_object_del(q, "answered");
					json_object_del(q, "answered_words");
					json_object_del(q, "average");
					json_put_b(q, "has_average", false);
				}
				json_array_append_new(qs, q);
			}
			json_t *o = json_pack("{s:I, s:I, s:b}", "version", (json_int_t)v->version,
			    "mentees", (json_int_t)v->mentees, "is_newest", k == 0);
			json_object_set_new(o, "questions", qs);
			json_array_append_new(vs, o);
		}
		json_t *o = json_pack("{s:I, s:s, s:b, s:b}", "form_id", (json_int_t)f->form_id,
		    "title", f->title, "is_shown", f->nv > 0, "has_older", f->nv > 1);
		json_object_set_new(o, "versions", vs);
		json_array_append_new(fs, o);
	}
	json_object_set_new(m, "forms", fs);
	json_put_b(m, "has_forms", x.nforms > 0);
	return page_respond(req, resp, 200, "evaluation-feedback", m);
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}

static const struct param_spec results_params[] = {
	ID_PARAM,
	{.name = "version", .type = P_INT, .min = 1, .max = INT64_MAX, .label = "the version"},
	/* generous: the app says what is wrong with a date, in its words */
	{.name = "from", .type = P_STRING, .max_len = 40, .label = "From"},
	{.name = "to", .type = P_STRING, .max_len = 40, .label = "To"},
	{.name = "mentor", .type = P_INT, .min = 0, .max = INT64_MAX, .label = "the mentor"},
	{0},
};

static const struct param_spec by_id[] = {
	ID_PARAM,
	{0},
};

static const struct param_spec none[] = {
	{0},
};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

const struct route evalresults_routes[] = {
	{HTTP_GET, "/admin/evaluations/forms/{id:int}/results", handle_results, S,
	    results_params, F, 0},
	{HTTP_GET, "/admin/evaluations/forms/{id:int}/results.csv", handle_csv, S,
	    results_params, 0, 0},
	{HTTP_GET, "/admin/evaluations/responses/{id:int}", handle_response, S, by_id, 0, 0},
	{HTTP_GET, "/evaluations/feedback", handle_feedback, S, none, 0, 0},

	{HTTP_GET, "/api/v1/admin/evaluations/forms/{id:int}/results", handle_results, S,
	    results_params, F, 0},
	{HTTP_GET, "/api/v1/admin/evaluations/forms/{id:int}/results.csv", handle_csv, S,
	    results_params, 0, 0},
	{HTTP_GET, "/api/v1/admin/evaluations/responses/{id:int}", handle_response, S, by_id,
	    0, 0},
	{HTTP_GET, "/api/v1/evaluations/feedback", handle_feedback, S, none, 0, 0},
};

#undef S
#undef F

const size_t evalresults_nroutes = sizeof(evalresults_routes) / sizeof(evalresults_routes[0]);
