/*
 * evaluations.c - answering evaluations (EVAL-2, EVAL-3, EVAL-4, EVAL-6):
 * my evaluations, one evaluation's page (the form, my answers, or a
 * mentor's answers shared with their mentee), deferring and sharing, the
 * home page's "Evaluations to complete", the past tab's links, the
 * relationship page's section, and the dev route that runs the job.
 *
 *   GET  /evaluations                     mine in the active view's scheme
 *   GET  /evaluations/{id}                the form, or the answers (read-only)
 *   POST /evaluations/{id}                answer: q<question id> fields, share
 *   POST /evaluations/{id}/defer          "Do this later" (EVAL-3)
 *   POST /evaluations/{id}/share          shared=yes|no (EVAL-4)
 *   /api/v1/... the same paths; POST /_dev/jobs/evaluations (dev only)
 *
 * Design: the rules are app/evaluations.c's; this file reads the
 * declared inputs (the answers are a P_PREFIX "q": one input per
 * question, repeated for multiple choice) and builds one model for the
 * page and its API twin.  Bad answers re-render the form with the
 * message beside each question and what was typed (422).
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/date.h"
#include "app/evaluations.h"
#include "app/relationship.h"
#include "core/arena.h"
#include "core/clock.h"
#include "view/json.h"

/* ---- small helpers ---- */

static const char *
eval_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/evaluations/%lld", (long long)id);
}

/* The signed-in person (every route here needs one). */
static int64_t
viewer(const struct request *req)
{
	const struct app_auth *me = req->auth;
	return me != NULL ? me->user_id : 0;
}

static const char *
until(struct request *req, const char *zone, int64_t closes_at)
{
	return app_eval_until_words(req->arena, zone, closes_at);
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"answered", "Thank you. Your answers have been sent."},
		{"deferred", "Your evaluation has been kept for later. You can answer it from "
		    "this page, or from your past mentoring relationships on your home page, "
		    "until it closes."},
		{"shared", "Your answers are now shared with your mentee."},
		{"unshared", "Your answers are no longer shared with your mentee."},
	};
	for (size_t i = 0; done != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static enum err view_page(struct request *req, struct response *resp, int status,
    const struct app_eval_page *given, const char *conflict);

/* 409 with app's sentence: the API's error, or the evaluation's page
 * (the answers given, or that it closed) with the sentence on top and a
 * link back to it. */
static enum err
conflict(struct request *req, struct response *resp, const struct app_problems *ps,
    const char *fallback)
{
	const char *why = page_why(ps, fallback);
	struct app_eval_page p;
	if (req->is_api || app_eval_page(req->db, req->arena, req->auth, req_int(req, "id"),
	    &p) != ERR_OK)
		return page_refuse(req, resp, 409, "conflict", why);
	return view_page(req, resp, 409, &p, why);
}

/* ---- the evaluation's model ---- */

/* What was typed, when the form comes back (NULL: not typed). */
struct typed {
	const struct app_eval_value *v;
	size_t n;
};

/* The values typed for question qid. */
static size_t
typed_values(struct request *req, const struct typed *t, int64_t qid, const char **out,
    size_t max)
{
	const char *name = arena_printf(req->arena, "q%lld", (long long)qid);
	size_t n = 0;
	for (size_t i = 0; t != NULL && i < t->n && n < max; i++)
		if (strcmp(t->v[i].name, name) == 0)
			out[n++] = t->v[i].value;
	return n;
}

/* The stored options of question qid in a response. */
static bool
answered_option(const struct app_eval_page *p, int64_t qid, int64_t option,
    const char **text)
{
	for (size_t i = 0; i < p->nanswers; i++)
		if (p->answers[i].question_id == qid && p->answers[i].option == option) {
			if (text != NULL)
				*text = p->answers[i].text;
			return true;
		}
	return false;
}

/* One question: inputs (open: as typed when typed) or the answer given. */
static json_t *
question_json(struct request *req, const struct app_eval_page *p,
    const struct db_evalquestion *q, const struct typed *typed)
{
	struct arena *a = req->arena;
	const char *name = arena_printf(a, "q%lld", (long long)q->id);
	json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)q->id,
	    "name", name, "position", (json_int_t)q->position, "kind", q->kind,
	    "prompt", q->prompt, "hint", q->hint, "is_required", q->is_required);
	json_put_b(o, arena_printf(a, "is_%s", q->kind), true);
	json_put_b(o, "is_radios", strcmp(q->kind, "multiple") != 0 &&
	    strcmp(q->kind, "text") != 0);
	const char *err = req_error(req, name);
	if (err != NULL)
		json_put_s(o, "error", err);
	const char *vals[APP_EVAL_OPTIONS_MAX + 1];
	size_t nvals = typed_values(req, typed, q->id, vals, APP_EVAL_OPTIONS_MAX + 1);
	const char **labels;
	size_t nlabels;
	app_evalq_labels(a, q, &labels, &nlabels);
	json_t *opts = json_array(), *given = json_array();
	for (size_t k = 0; k < nlabels; k++) {
		const char *value = strcmp(q->kind, "yes_no") == 0 ? (k == 0 ? "yes" : "no") :
		    arena_printf(a, "%zu", k + 1);
		bool checked = false;
		for (size_t i = 0; i < nvals; i++)
			checked = checked || strcmp(vals[i], value) == 0;
		if (p->e.response_id != 0 && answered_option(p, q->id, (int64_t)k + 1, NULL)) {
			checked = true;
			json_array_append_new(given, json_string(strcmp(q->kind, "rating") == 0 ?
			    arena_printf(a, "%zu: %s", k + 1, labels[k]) : labels[k]));
		}
		json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}", "value", value,
		    "label", strcmp(q->kind, "rating") == 0 ? arena_printf(a, "%zu: %s", k + 1,
		    labels[k]) : labels[k], "input_id", k == 0 ? name : arena_printf(a, "%s-%zu",
		    name, k + 1), "checked", checked));
	}
	json_object_set_new(o, "options", opts);
	if (strcmp(q->kind, "text") == 0) {
		const char *text = "";
		if (nvals > 0)
			text = vals[0];
		else if (p->e.response_id != 0 && answered_option(p, q->id, 0, &text))
			json_array_append_new(given, json_string(text));
		json_put_s(o, "value", text);
		json_put_i(o, "max_length", q->max_length > 0 ? q->max_length : APP_EVAL_TEXT_MAX);
	}
	json_put_b(o, "has_answer", json_array_size(given) > 0);
	json_object_set_new(o, "answer", given);
	/* the model of partials/eval-question (the FORMS owner's) */
	json_t *qm = json_pack("{s:I, s:I, s:s, s:s, s:b, s:O}", "id", (json_int_t)q->id,
	    "number", (json_int_t)q->position, "prompt", q->prompt, "hint", q->hint,
	    "is_required", q->is_required, "options", opts);
	json_put_b(qm, arena_printf(a, "is_%s", q->kind), true);
	if (strcmp(q->kind, "text") == 0) {
		json_put_i(qm, "max_length", q->max_length > 0 ? q->max_length :
		    APP_EVAL_TEXT_MAX);
		json_object_set(qm, "text", json_object_get(o, "value"));
	}
	json_put_s(qm, "error", err != NULL ? err : "");
	json_object_set_new(o, "question", qm);
	return o;
}

static json_t *
page_model(struct request *req, const struct app_eval_page *p, const struct typed *typed)
{
	struct arena *a = req->arena;
	const struct db_evaluation *e = &p->e;
	const char *zone = p->time_zone;
	json_t *m = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)e->id, "url", eval_url(a, e->id), "title", e->form_title,
	    "intro", e->form_intro, "about", app_eval_about(a, e, viewer(req)),
	    "scheme", e->scheme_name,
	    "role", e->role, "occasion", e->occasion);
	json_put_b(m, "is_mine", p->is_mine);
	json_put_b(m, "is_open", p->is_open);
	json_put_b(m, "is_answered", e->response_id != 0);
	json_put_b(m, "is_closed", p->is_closed);
	json_put_b(m, "is_deferred", e->deferred_at != 0);
	json_put_b(m, "is_shared_view", p->is_shared_view);
	json_put_b(m, "can_share", p->can_share);
	json_put_b(m, "is_shared", e->shared);
	json_put_b(m, "is_relationship", e->relationship_id != 0);
	json_put_s(m, "until", until(req, zone, e->closes_at));
	json_put_s(m, "closed_on", until(req, zone, e->closes_at));
	json_put_s(m, "answered_on", app_eval_until_words(a, zone, e->answered_at + 1));
	json_put_s(m, "mentor_name", e->mentor_name);
	json_put_s(m, "mentee_name", e->mentee_name);
	json_put_s(m, "past_tab", strcmp(e->role, "mentor") == 0 ? "Past mentees" :
	    "Past mentors");
	if (e->relationship_id != 0) {
		json_put_i(m, "relationship_id", e->relationship_id);
		json_put_s(m, "relationship_url", arena_printf(a, "/relationships/%lld",
		    (long long)e->relationship_id));
	}
	if (e->response_id != 0)
		json_put_i(m, "version_id", e->version_id);
	/* the questions shown, sent back to tell whether they changed */
	if (p->is_open)
		json_put_s(m, "seen", app_eval_questions_key(a, &p->form));
	json_t *qs = json_array();
	for (size_t i = 0; i < p->form.nq; i++) {
		json_t *q = question_json(req, p, &p->form.q[i], typed);
		/* the error summary's "questions have changed" links here */
		if (i == 0)
			json_put_s(json_object_get(q, "question"), "anchor", APP_EVAL_FIELD_QUESTIONS);
		json_array_append_new(qs, q);
	}
	json_object_set_new(m, "questions", qs);
	return m;
}

/* The page: the form (open), the answers (answered), or closed;
 * conflict: the 409's sentence shown on top. */
static enum err
view_page(struct request *req, struct response *resp, int status,
    const struct app_eval_page *given, const char *conflict)
{
	struct app_eval_page loaded;
	const struct app_eval_page *p = given;
	if (p == NULL) {
		enum err rc = app_eval_page(req->db, req->arena, req->auth, req_int(req, "id"),
		    &loaded);
		if (rc != ERR_OK)
			return rc;
		p = &loaded;
	}
	json_t *m = page_model(req, p, NULL);
	if (conflict != NULL) {
		json_put_s(m, "conflict", conflict);
		/* the sentence is the page's message, not a form's errors */
		json_object_set_new(m, "errors", json_array());
	}
	if (status == 200 && req->method == HTTP_GET) {
		if (req_has(req, "done") && done_message(req_str(req, "done")) != NULL)
			json_put_s(m, "done_message", done_message(req_str(req, "done")));
		if (strcmp(req_str(req, "from"), "completion") == 0 && p->is_open)
			json_put_b(m, "from_completion", true);
	}
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	return page_respond(req, resp, status, "evaluation", m);
}

static enum err
handle_view(struct request *req, struct response *resp)
{
	return view_page(req, resp, 200, NULL, NULL);
}

static enum err
handle_answer(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct app_eval_page p;
	/* who may see it first: others get 404 whatever they sent */
	enum err rc = app_eval_page(req->db, req->arena, req->auth, id, &p);
	if (rc != ERR_OK)
		return rc;
	if (!p.is_mine)
		return ERR_NOT_FOUND;
	size_t nv = 0;
	for (const struct param *x = req_prefixed(req, "q"); x != NULL; x = x->next)
		nv++;
	struct app_eval_value *v = arena_alloc(req->arena, (nv + 1) * sizeof(*v));
	nv = 0;
	for (const struct param *x = req_prefixed(req, "q"); x != NULL; x = x->next)
		v[nv++] = (struct app_eval_value){x->name, x->value};
	if (req->errors != NULL) {
		/* a value the parser refused (too long, bad characters) */
		rc = ERR_BAD_INPUT;
		if (p.e.answered_at != 0 || !p.is_open)
			return conflict(req, resp, &ps, p.e.answered_at != 0 ? APP_EVAL_ANSWERED :
			    "This evaluation has closed");
	} else {
		rc = app_eval_answer(req->db, req->arena, req->auth, id, v, nv,
		    req_str(req, "seen"), req_bool(req, "share"), req->client_ip, &ps, &p);
		if (rc == ERR_CONFLICT)
			return conflict(req, resp, &ps, APP_EVAL_ANSWERED);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		json_t *m = NULL;
		if (req->is_api)
			return page_invalid(req, resp, 422);
		/* what was typed; app carried it to the questions as they are
		 * now when they changed */
		struct typed t = p.typed != NULL ? (struct typed){p.typed, p.ntyped} :
		    (struct typed){v, nv};
		m = page_model(req, &p, &t);
		json_put_b(m, "share_typed", req_bool(req, "share"));
		return page_render(req, resp, 422, "evaluation", m);
	}
	if (req->is_api)
		return view_page(req, resp, 200, NULL, NULL);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=answered",
	    eval_url(req->arena, id)));
	return ERR_OK;
}

static enum err
handle_defer(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_eval_page p;
	int64_t id = req_int(req, "id");
	enum err rc = app_eval_defer(req->db, req->arena, req->auth, id, &ps, &p);
	if (rc == ERR_CONFLICT)
		return conflict(req, resp, &ps, APP_EVAL_ANSWERED);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return view_page(req, resp, 200, NULL, NULL);
	resp_redirect(resp, req, "/evaluations?done=deferred");
	return ERR_OK;
}

static enum err
handle_share(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct app_eval_page p;
	enum err rc = app_eval_page(req->db, req->arena, req->auth, id, &p);
	if (rc != ERR_OK)
		return rc;
	if (!p.is_mine)
		return ERR_NOT_FOUND;
	if (req->errors != NULL)
		return req->is_api ? page_invalid(req, resp, 422) :
		    view_page(req, resp, 422, &p, NULL);
	bool shared = strcmp(req_str(req, "shared"), "yes") == 0;
	rc = app_eval_share(req->db, req->arena, req->auth, id, shared, req->client_ip, &ps);
	if (rc == ERR_CONFLICT)
		return conflict(req, resp, &ps, "This evaluation cannot be shared");
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return view_page(req, resp, 200, NULL, NULL);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s", eval_url(req->arena, id),
	    shared ? "shared" : "unshared"));
	return ERR_OK;
}

/* ---- my evaluations ---- */

static json_t *
row_json(struct request *req, const struct db_evaluation *e, const char *zone, int64_t now)
{
	struct arena *a = req->arena;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id,
	    "url", eval_url(a, e->id), "title", e->form_title,
	    "about", app_eval_about(a, e, viewer(req)),
	    "role", e->role, "until", until(req, zone, e->closes_at));
	bool open = app_eval_is_open(e, now);
	json_put_s(o, "status", e->response_id != 0 ? "answered" : open ? "open" : "closed");
	json_put_b(o, "is_open", open);
	json_put_b(o, "is_answered", e->response_id != 0);
	json_put_b(o, "is_deferred", e->deferred_at != 0);
	json_put_b(o, "is_shared", e->shared);
	if (e->relationship_id != 0)
		json_put_i(o, "relationship_id", e->relationship_id);
	if (e->response_id != 0)
		json_put_s(o, "answered_on", app_eval_until_words(a, zone, e->answered_at + 1));
	return o;
}

static enum err
handle_list(struct request *req, struct response *resp)
{
	struct app_eval_mine mine;
	enum err rc = app_evals_mine(req->db, req->arena, req->auth, true, &mine);
	if (rc != ERR_OK)
		return rc;
	int64_t now = clock_now();
	json_t *open = json_array(), *answered = json_array(), *closed = json_array();
	for (size_t i = 0; i < mine.n; i++) {
		const struct db_evaluation *e = &mine.rows[i];
		json_t *row = row_json(req, e, mine.time_zone, now);
		json_array_append_new(e->response_id != 0 ? answered : app_eval_is_open(e, now) ?
		    open : closed, row);
	}
	json_t *shared = json_array();
	for (size_t i = 0; i < mine.nshared; i++)
		json_array_append_new(shared, row_json(req, &mine.shared[i], mine.time_zone, now));
	json_t *m = json_pack("{s:o, s:o, s:o, s:o}", "open", open, "answered", answered,
	    "closed", closed, "shared_with_me", shared);
	json_put_b(m, "has_open", json_array_size(open) > 0);
	json_put_b(m, "has_answered", json_array_size(answered) > 0);
	json_put_b(m, "has_closed", json_array_size(closed) > 0);
	json_put_b(m, "has_shared", json_array_size(shared) > 0);
	json_put_b(m, "has_any", mine.n + mine.nshared > 0);
	const struct app_auth *me = req->auth;
	json_put_b(m, "is_participant", me != NULL && me->active != NULL &&
	    (strcmp(me->active->role, "mentor") == 0 || strcmp(me->active->role, "mentee") == 0));
	if (me != NULL && me->active != NULL)
		json_put_s(m, "scheme", me->active->scheme_name);
	if (req_has(req, "done") && done_message(req_str(req, "done")) != NULL)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_respond(req, resp, 200, "evaluations", m);
}

/* ---- the dev route: run the job now ---- */

static enum err
handle_dev_job(struct request *req, struct response *resp)
{
	struct app_eval_tick r;
	enum err rc = app_evaluations_tick(req->db, clock_now(), &r);
	if (rc != ERR_OK)
		return rc;
	resp_json(resp, req, 200, json_pack("{s:I, s:I, s:I, s:I}", "now",
	    (json_int_t)clock_now(), "created", (json_int_t)r.created, "reminded",
	    (json_int_t)r.reminded, "failed", (json_int_t)r.failed));
	return ERR_OK;
}

/* ---- what evaluations add to other pages ---- */

enum err
rel_evaluations_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	json_t *items = json_array();
	if (p->rel.actor == LC_MENTOR || p->rel.actor == LC_MENTEE) {
		struct db_evaluation *rows;
		size_t n;
		enum err rc = app_evals_of_rel(req->db, req->arena, req->auth, p->rel.r.id, &rows,
		    &n);
		if (rc != ERR_OK) {
			json_decref(items);
			return rc;
		}
		const char *zone = p->settings.time_zone != NULL ? p->settings.time_zone : "";
		int64_t now = clock_now();
		const struct app_auth *me = req->auth;
		for (size_t i = 0; i < n; i++) {
			json_t *row = row_json(req, &rows[i], zone, now);
			bool mine = rows[i].user_id == me->user_id;
			json_put_b(row, "is_mine", mine);
			json_put_s(row, "text", !mine ? arena_printf(req->arena, "Read %s's shared "
			    "evaluation of your mentoring", rows[i].mentor_name) :
			    rows[i].response_id != 0 ? "Read your answers" :
			    app_eval_is_open(&rows[i], now) ? "Answer the evaluation" :
			    "This evaluation has closed");
			json_array_append_new(items, row);
		}
	}
	json_t *g = json_pack("{s:o, s:b}", "items", items, "has_items",
	    json_array_size(items) > 0);
	json_object_set_new(m, "evaluations", g);
	return ERR_OK;
}

const char *
eval_after_complete_url(struct request *req, int64_t rel_id)
{
	int64_t id = 0;
	if (app_eval_after_complete(req->db, req->arena, req->auth, rel_id, &id) != ERR_OK ||
	    id == 0)
		return NULL;
	return arena_printf(req->arena, "%s?from=completion", eval_url(req->arena, id));
}

enum err
home_evaluations(struct request *req, json_t *m, json_t *tab)
{
	struct app_eval_mine mine;
	/* the shared responses are the Evaluations page's, not the home page's */
	enum err rc = app_evals_mine(req->db, req->arena, req->auth, false, &mine);
	if (rc != ERR_OK)
		return rc;
	const struct app_auth *me = req->auth;
	int64_t now = clock_now();
	json_t *items = json_array();
	for (size_t i = 0; i < mine.n; i++) {
		const struct db_evaluation *e = &mine.rows[i];
		if (!app_eval_is_open(e, now) || strcmp(e->role, me->active->role) != 0)
			continue;
		json_array_append_new(items, row_json(req, e, mine.time_zone, now));
	}
	size_t count = json_array_size(items);
	json_object_set_new(m, "evaluations_home", json_pack("{s:o, s:I, s:b}", "items", items,
	    "count", (json_int_t)count, "has_items", count > 0));
	/* the past tab: each relationship's open evaluation (one query above) */
	json_t *rels = tab != NULL && json_is_true(json_object_get(tab, "is_past")) ?
	    json_object_get(tab, "relationships") : NULL;
	size_t k;
	json_t *row;
	json_array_foreach(rels, k, row) {
		int64_t rel_id = json_integer_value(json_object_get(row, "id"));
		for (size_t i = 0; i < mine.n; i++) {
			const struct db_evaluation *e = &mine.rows[i];
			if (e->relationship_id == rel_id && app_eval_is_open(e, now)) {
				json_object_set_new(row, "evaluation", json_pack("{s:s, s:s}", "url",
				    eval_url(req->arena, e->id), "until",
				    until(req, mine.time_zone, e->closes_at)));
				break;
			}
		}
	}
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}

#define ANSWER_MAX 16000
_Static_assert(ANSWER_MAX >= 4 * APP_EVAL_TEXT_MAX, "room to report a too-long answer");

static const char *const dones[] = {"answered", "deferred", "shared", "unshared", NULL};
static const char *const froms[] = {"completion", NULL};
static const char *const yes_no[] = {"yes", "no", NULL};

static const struct param_spec list_params[] = {
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{0},
};

static const struct param_spec view_params[] = {
	ID_PARAM,
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{.name = "from", .type = P_CHOICE, .choices = froms, .label = "where you came from"},
	{0},
};

static const struct param_spec answer_params[] = {
	ID_PARAM,
	/* q<question id>: every answer, repeated for multiple choice.  The
	 * limit is well above any question's (APP_EVAL_TEXT_MAX) so that
	 * app's check names the question's own limit and the text comes
	 * back; past it the parser drops the value */
	{.name = "q", .type = P_PREFIX, .max_len = ANSWER_MAX,
	    .max = APP_EVAL_QUESTIONS_MAX * APP_EVAL_OPTIONS_MAX, .label = "your answer"},
	/* app_eval_questions_key of the questions the page showed */
	{.name = "seen", .type = P_STRING, .max_len = 64, .label = "the questions shown"},
	{.name = "share", .type = P_BOOL, .label = "Share my answers"},
	{0},
};

static const struct param_spec by_id[] = {
	ID_PARAM,
	{0},
};

static const struct param_spec share_params[] = {
	ID_PARAM,
	{.name = "shared", .type = P_CHOICE, .is_required = true, .choices = yes_no,
	    .label = "whether to share your answers"},
	{0},
};

static const struct param_spec none[] = {{0}};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM
#define E "/evaluations/{id:int}"
#define API "/api/v1/evaluations"

const struct route evaluations_routes[] = {
	{HTTP_GET, "/evaluations", handle_list, S, list_params, 0, 0},
	{HTTP_GET, E, handle_view, S, view_params, 0, 0},
	{HTTP_POST, E, handle_answer, S, answer_params, F, 0},
	{HTTP_POST, E "/defer", handle_defer, S, by_id, 0, 0},
	{HTTP_POST, E "/share", handle_share, S, share_params, F, 0},
	{HTTP_GET, API, handle_list, S, list_params, 0, 0},
	{HTTP_GET, API "/{id:int}", handle_view, S, view_params, 0, 0},
	{HTTP_POST, API "/{id:int}", handle_answer, S, answer_params, F, 0},
	{HTTP_POST, API "/{id:int}/defer", handle_defer, S, by_id, 0, 0},
	{HTTP_POST, API "/{id:int}/share", handle_share, S, share_params, F, 0},
	{HTTP_POST, "/_dev/jobs/evaluations", handle_dev_job, ACCESS_PUBLIC, none,
	    ROUTE_DEV | ROUTE_NO_GATE, 0},
};

#undef S
#undef F
#undef E
#undef API

const size_t evaluations_nroutes = sizeof(evaluations_routes) / sizeof(evaluations_routes[0]);
