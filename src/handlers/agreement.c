/*
 * agreement.c - the mentoring agreement (REL-8): its pages, their
 * /api/v1 twins, its section of the relationship page and of the home
 * page, and the dev route that runs the review job.
 *
 *   /relationships/{id}/agreement                 the current agreement,
 *                                                 the draft and who has
 *                                                 confirmed it, history
 *   /relationships/{id}/agreement/edit            GET form, POST saves the
 *                                                 draft (Annex A's sections)
 *   /relationships/{id}/agreement/confirm         POST {version, revision}
 *   /relationships/{id}/agreement/reviewed        POST: reviewed, no changes
 *   /relationships/{id}/agreement/versions/{n}    one version
 *   /api/v1/... the same paths; POST /_dev/jobs/agreements (dev only)
 *
 * Design: the rules are app/agreement.c's; this file reads the declared
 * inputs, calls app and renders one model as HTML or JSON.  404 for
 * anyone who may not see the relationship, 403 for an administrator who
 * tries to write, 409 with the sentence when the relationship has ended
 * or the draft changed since the page was opened (a confirm carries the
 * version and revision it was shown).  Bad input re-renders the form
 * with the message beside each field and what was typed (422).
 *
 * Traps: the text goes into the model only when app says it may be
 * shown (shows_content): an administrator under seed 000's rule gets
 * the status alone, in HTML and in JSON alike.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/agreement.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/clock.h"
#include "view/json.h"

/* ---- small helpers ---- */

static const char *
agreement_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/relationships/%lld/agreement", (long long)id);
}

static const char *
zone_of(const struct app_agreement_page *p)
{
	return p->settings.time_zone != NULL ? p->settings.time_zone : "";
}

static const char *
day_words(struct request *req, const struct app_agreement_page *p, int64_t t)
{
	return app_agreement_day_words(req->arena, zone_of(p), t);
}

static const char *
role_name(enum lc_actor who)
{
	return who == LC_MENTOR ? "mentor" : who == LC_MENTEE ? "mentee" :
	    who == LC_ADMIN ? "administrator" : "";
}

/* An error of ours that is not about fields: the page, or JSON. */
static void
refuse(struct request *req, struct response *resp, int status, const char *code,
    const char *message)
{
	if (req->is_api)
		resp_json(resp, req, status, json_pack("{s:{s:s, s:s, s:{}}}", "error",
		    "code", code, "message", message, "fields"));
	else
		page_render_error(req, resp, status, message);
}

/* 409 or 403 with app's sentence; false when rc was neither. */
static bool
refused(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps)
{
	if (rc == ERR_CONFLICT)
		refuse(req, resp, 409, "conflict", page_why(ps, APP_REL_ENDED));
	else if (rc == ERR_FORBIDDEN)
		refuse(req, resp, 403, "forbidden", page_why(ps,
		    "Only the mentor and the mentee can write or confirm their agreement."));
	else
		return false;
	return true;
}

/* The guard before reading a write's input: 404, 403 or 409 first, so an
 * ended relationship answers 409 whatever was typed. */
static bool
precheck(struct request *req, struct response *resp, int64_t id, enum err *rc)
{
	struct app_relationship rel;
	struct app_problems ps = {0};
	*rc = app_relationship_guard(req->db, req->arena, req->auth, id, LRLA_ADD_CONTENT,
	    &rel);
	if (*rc == ERR_OK)
		return true;
	if (refused(req, resp, *rc, &ps))
		*rc = ERR_OK;
	return false;
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"saved", "The draft has been saved. We have asked the other person to read "
		    "and confirm it."},
		{"unchanged", "Nothing had changed, so nothing was saved."},
		{"confirmed", "You have confirmed the draft. It will be agreed when the other "
		    "person confirms it too."},
		{"agreed", "You have both confirmed the agreement. It is now agreed."},
		{"reviewed", "The agreement has been marked as reviewed with no changes."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

/* ---- models ---- */

/* Annex A's sections with one version's answers. */
static json_t *
sections_json(const struct db_agreement *g)
{
	const struct app_agreement_field *f = app_agreement_fields();
	json_t *list = json_array(), *sec = NULL, *answers = NULL;
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++) {
		if (i == 0 || f[i].section != f[i - 1].section) {
			answers = json_array();
			sec = json_pack("{s:i, s:s, s:o}", "number", f[i].section, "title",
			    app_agreement_section_title(f[i].section), "answers", answers);
			json_array_append_new(list, sec);
		}
		json_array_append_new(answers, json_pack("{s:s, s:s, s:s, s:b}", "name",
		    f[i].name, "label", f[i].label, "value", g->text[i],
		    "is_empty", *g->text[i] == '\0'));
	}
	return list;
}

/* Who a draft waits for: "Chidi Okafor", or both names. */
static const char *
waiting_for(struct arena *a, const struct db_relationship *r, const struct db_agreement *g)
{
	if (g->mentor_confirmed_at == 0 && g->mentee_confirmed_at == 0)
		return arena_printf(a, "%s and %s", r->mentor_name, r->mentee_name);
	return g->mentor_confirmed_at == 0 ? r->mentor_name : r->mentee_name;
}

/* One version: who confirmed when, and its text when it may be shown. */
static json_t *
version_json(struct request *req, const struct app_agreement_page *p,
    const struct db_agreement *g, bool with_content)
{
	struct arena *a = req->arena;
	const struct db_relationship *r = &p->rel.r;
	json_t *v = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s}",
	    "version", (json_int_t)g->version, "status", g->status,
	    "revision", (json_int_t)g->revision,
	    "drafted_by", g->drafted_by_name, "updated_by", g->updated_by_name,
	    "updated_text", day_words(req, p, g->updated_at),
	    "url", arena_printf(a, "%s/versions/%lld", agreement_url(a, r->id),
	    (long long)g->version));
	json_put_i(v, "mentor_confirmed_at", g->mentor_confirmed_at);
	json_put_i(v, "mentee_confirmed_at", g->mentee_confirmed_at);
	json_put_b(v, "mentor_confirmed", g->mentor_confirmed_at != 0);
	json_put_b(v, "mentee_confirmed", g->mentee_confirmed_at != 0);
	json_put_s(v, "mentor_confirmed_text", day_words(req, p, g->mentor_confirmed_at));
	json_put_s(v, "mentee_confirmed_text", day_words(req, p, g->mentee_confirmed_at));
	bool is_draft = strcmp(g->status, "draft") == 0;
	json_put_b(v, "is_draft", is_draft);
	if (!is_draft) {
		json_put_i(v, "agreed_at", g->agreed_at);
		json_put_s(v, "agreed_text", day_words(req, p, g->agreed_at));
		json_put_s(v, "agreed_by_text", arena_printf(a, "Agreed by %s on %s and %s on %s",
		    r->mentor_name, day_words(req, p, g->mentor_confirmed_at), r->mentee_name,
		    day_words(req, p, g->mentee_confirmed_at)));
	} else {
		json_put_s(v, "waiting_for", waiting_for(a, r, g));
	}
	if (strcmp(g->status, "agreed") == 0) {
		json_put_i(v, "review_due_at", g->review_due_at);
		json_put_s(v, "review_due_text", day_words(req, p, g->review_due_at));
		json_put_b(v, "is_review_due", p->is_review_due);
		if (g->reviewed_at != 0)
			json_put_s(v, "reviewed_text", arena_printf(a, "%s on %s",
			    g->reviewed_by_name, day_words(req, p, g->reviewed_at)));
	}
	json_put_b(v, "has_content", with_content);
	if (with_content) {
		json_object_set_new(v, "sections", sections_json(g));
		json_put_b(v, "ethics_shared", g->ethics_shared);
		json_t *ans = json_object();
		for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
			json_put_s(ans, app_agreement_fields()[i].name, g->text[i]);
		json_object_set_new(v, "answers", ans);
	}
	return v;
}

/* The status in a sentence, for the relationship page and the home page. */
static const char *
status_text(struct request *req, const struct app_agreement_page *p)
{
	struct arena *a = req->arena;
	const char *s = p->current != NULL ? arena_printf(a, "Agreed on %s",
	    day_words(req, p, p->current->agreed_at)) : "No agreement yet";
	if (p->draft != NULL)
		s = arena_printf(a, "%s. %s waiting for %s to confirm it", s,
		    p->current != NULL ? "A new draft is" : "A draft is",
		    waiting_for(a, &p->rel.r, p->draft));
	return s;
}

/* The model shared by the agreement page (HTML) and its API twin. */
static json_t *
page_model(struct request *req, const struct app_agreement_page *p)
{
	struct arena *a = req->arena;
	const struct db_relationship *r = &p->rel.r;
	json_t *m = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:s}",
	    "id", (json_int_t)r->id, "mentor_name", r->mentor_name,
	    "mentee_name", r->mentee_name, "scheme", r->scheme_name,
	    "my_role", role_name(p->rel.actor), "is_live", p->rel.status == LRL_ACTIVE,
	    "is_admin", p->rel.actor == LC_ADMIN, "shows_content", p->shows_content,
	    "status_text", status_text(req, p));
	json_put_s(m, "relationship_url", arena_printf(a, "/relationships/%lld",
	    (long long)r->id));
	json_put_s(m, "url", agreement_url(a, r->id));
	json_put_s(m, "status", p->current != NULL ? (p->draft != NULL ? "agreed_with_draft" :
	    "agreed") : p->draft != NULL ? "draft" : "none");
	if (p->current != NULL)
		json_object_set_new(m, "current", version_json(req, p, p->current,
		    p->shows_content));
	if (p->draft != NULL) {
		/* an administrator never reads a draft */
		json_object_set_new(m, "draft", version_json(req, p, p->draft,
		    p->shows_content && p->rel.actor != LC_ADMIN));
	}
	json_t *hist = json_array();
	for (size_t i = 0; i < p->nversions; i++)
		if (strcmp(p->versions[i].status, "superseded") == 0)
			json_array_append_new(hist, version_json(req, p, &p->versions[i], false));
	json_put_b(m, "has_history", json_array_size(hist) > 0);
	json_object_set_new(m, "history", hist);
	json_object_set_new(m, "can", json_pack("{s:b, s:b, s:b}", "edit", p->can_edit,
	    "confirm", p->can_confirm, "review", p->can_review));
	json_put_b(m, "is_review_due", p->is_review_due);
	json_put_s(m, "ethics_label", APP_AGREEMENT_ETHICS_LABEL);
	if (p->draft != NULL && p->rel.actor != LC_ADMIN) {
		int64_t mine = p->rel.actor == LC_MENTOR ? p->draft->mentor_confirmed_at :
		    p->draft->mentee_confirmed_at;
		json_put_b(m, "i_confirmed", mine != 0);
	}
	return m;
}

/* ---- the agreement page ---- */

static enum err
view_page(struct request *req, struct response *resp, int status, const char *problem)
{
	struct app_agreement_page p;
	enum err rc = app_agreement_page(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->client_ip, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = page_model(req, &p);
	if (problem != NULL) {
		json_object_set_new(m, "errors", json_pack("[{s:s, s:s}]", "field", "confirm",
		    "message", problem));
		json_put_b(m, "has_errors", true);
	}
	if (status == 200 && req->method == HTTP_GET && req_has(req, "done"))
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_respond(req, resp, status, "agreement", m);
}

static enum err
handle_view(struct request *req, struct response *resp)
{
	return view_page(req, resp, 200, NULL);
}

static enum err
handle_version(struct request *req, struct response *resp)
{
	struct app_agreement_page p;
	const struct db_agreement *g;
	enum err rc = app_agreement_version(req->db, req->arena, req->auth, req_int(req, "id"),
	    req_int(req, "n"), req->client_ip, &p, &g);
	if (rc != ERR_OK)
		return rc;
	json_t *m = page_model(req, &p);
	json_object_set_new(m, "shown", version_json(req, &p, g, p.shows_content));
	json_put_b(m, "shown_is_current", p.current == g);
	return page_respond(req, resp, 200, "agreement-version", m);
}

/* ---- the form ---- */

/* Annex A's sections as form fields: stored values from `g` (NULL:
 * empty) or, on a POST, what was typed. */
static json_t *
form_sections(struct request *req, const struct db_agreement *g, bool typed)
{
	const struct app_agreement_field *f = app_agreement_fields();
	json_t *list = json_array(), *fl = NULL;
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++) {
		if (i == 0 || f[i].section != f[i - 1].section) {
			fl = json_array();
			json_array_append_new(list, json_pack("{s:i, s:s, s:o}", "number",
			    f[i].section, "title", app_agreement_section_title(f[i].section),
			    "fields", fl));
		}
		const char *value = typed ? req_str(req, f[i].name) :
		    g != NULL ? g->text[i] : "";
		const char *err = req_error(req, f[i].name);
		json_t *x = json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", f[i].name,
		    "label", f[i].label, "hint", f[i].hint, "value", value,
		    "is_required", f[i].missing != NULL);
		if (err != NULL)
			json_put_s(x, "error", err);
		json_array_append_new(fl, x);
	}
	return list;
}

static enum err
form_page(struct request *req, struct response *resp, int status)
{
	struct app_agreement_page p;
	enum err rc = app_agreement_page(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->client_ip, &p);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	bool typed = req->method == HTTP_POST;
	const struct db_agreement *base = p.draft != NULL ? p.draft : p.current;
	json_t *m = page_model(req, &p);
	json_object_set_new(m, "sections", form_sections(req, base, typed));
	json_put_b(m, "ethics_shared", typed ? req_bool(req, "ethics_shared") :
	    base != NULL && base->ethics_shared);
	/* the revision the editor sees: a save of anything older is refused */
	json_put_i(m, "revision", typed && req_has(req, "revision") ?
	    req_int(req, "revision") : p.draft != NULL ? p.draft->revision : 0);
	json_put_b(m, "is_new_draft", p.draft == NULL);
	json_put_b(m, "has_current", p.current != NULL);
	if (p.draft != NULL && (p.draft->mentor_confirmed_at || p.draft->mentee_confirmed_at))
		json_put_b(m, "clears_confirmation", true);
	return page_respond(req, resp, status, "agreement-edit", m);
}

static enum err
handle_edit_get(struct request *req, struct response *resp)
{
	enum err rc;
	if (!precheck(req, resp, req_int(req, "id"), &rc))
		return rc;
	return form_page(req, resp, 200);
}

static enum err
handle_edit_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, &rc))
		return rc;
	struct app_agreement_in in = {.ethics_shared = -1, .revision = -1};
	const struct app_agreement_field *f = app_agreement_fields();
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
		in.text[i] = req->is_api && !req_has(req, f[i].name) ? NULL :
		    req_str(req, f[i].name);
	if (!req->is_api || req_has(req, "ethics_shared"))
		in.ethics_shared = req_bool(req, "ethics_shared");
	if (req_has(req, "revision"))
		in.revision = req_int(req, "revision");
	bool changed = false;
	int64_t version = 0;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_agreement_save(req->db, req->arena, req->auth, id, &in, req->client_ip,
		    &ps, &changed, &version);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return form_page(req, resp, 422);
	if (req->is_api)
		return view_page(req, resp, 200, NULL);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s",
	    agreement_url(req->arena, id), changed ? "saved" : "unchanged"));
	return ERR_OK;
}

/* ---- confirm and review ---- */

static enum err
handle_confirm(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, &rc))
		return rc;
	if (req->errors != NULL) {
		/* a hand-made post without its version: nothing to show a field for */
		return req->is_api ? page_invalid(req, resp, 422) :
		    view_page(req, resp, 422, req->errors->message);
	}
	bool agreed = false;
	rc = app_agreement_confirm(req->db, req->arena, req->auth, id, req_int(req, "version"),
	    req_int(req, "revision"), req->client_ip, &ps, &agreed);
	if (rc == ERR_CONFLICT && !req->is_api && strcmp(page_why(&ps, ""), APP_REL_ENDED) != 0)
		return view_page(req, resp, 409, page_why(&ps, APP_AGREEMENT_CHANGED));
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return view_page(req, resp, 200, NULL);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s",
	    agreement_url(req->arena, id), agreed ? "agreed" : "confirmed"));
	return ERR_OK;
}

static enum err
handle_reviewed(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, &rc))
		return rc;
	rc = app_agreement_mark_reviewed(req->db, req->arena, req->auth, id, req->client_ip,
	    &ps);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return view_page(req, resp, 200, NULL);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=reviewed",
	    agreement_url(req->arena, id)));
	return ERR_OK;
}

/* ---- the dev route: run the review job now ---- */

static enum err
handle_dev_job(struct request *req, struct response *resp)
{
	struct app_agreement_tick r;
	enum err rc = app_agreements_tick(req->db, clock_now(), &r);
	if (rc != ERR_OK)
		return rc;
	resp_json(resp, req, 200, json_pack("{s:I, s:I, s:I}", "now", (json_int_t)clock_now(),
	    "reminded", (json_int_t)r.reminded, "failed", (json_int_t)r.failed));
	return ERR_OK;
}

/* ---- what the agreement adds to other pages ---- */

/* The relationship page (REL-2): the status and the links; no text. */
enum err
rel_agreement_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	struct app_agreement_page ap;
	enum err rc = app_agreement_status(req->db, req->arena, req->auth, &p->rel, &p->settings,
	    &ap);
	if (rc != ERR_OK)
		return rc;
	json_t *g = json_pack("{s:s, s:s, s:b, s:b, s:b, s:b, s:b}",
	    "status_text", status_text(req, &ap), "url", agreement_url(req->arena, p->rel.r.id),
	    "has_current", ap.current != NULL, "has_draft", ap.draft != NULL,
	    "can_edit", ap.can_edit, "can_confirm", ap.can_confirm,
	    "is_review_due", ap.is_review_due);
	json_put_s(g, "status", ap.current != NULL ? (ap.draft != NULL ? "agreed_with_draft" :
	    "agreed") : ap.draft != NULL ? "draft" : "none");
	if (ap.current != NULL) {
		json_put_s(g, "agreed_text", day_words(req, &ap, ap.current->agreed_at));
		json_put_s(g, "review_due_text", day_words(req, &ap, ap.current->review_due_at));
	}
	json_object_set_new(m, "agreement", g);
	return ERR_OK;
}

/* The home page: drafts to confirm and reviews due (REL-8). */
enum err
home_agreement(struct request *req, json_t *m)
{
	struct db_agreement_home *rows;
	size_t n;
	enum err rc = app_agreement_home(req->db, req->arena, req->auth, &rows, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		bool is_review = strcmp(rows[i].status, "agreed") == 0;
		json_array_append_new(items, json_pack("{s:s, s:s, s:b}",
		    "url", agreement_url(req->arena, rows[i].relationship_id),
		    "text", is_review ? arena_printf(req->arena, "Review your mentoring agreement "
		    "with %s: it is six months since you last agreed or reviewed it",
		    rows[i].other_name) : arena_printf(req->arena, "Read and confirm the draft "
		    "mentoring agreement with %s", rows[i].other_name),
		    "is_review", is_review));
	}
	json_object_set_new(m, "agreement_home", json_pack("{s:o, s:b}", "items", items,
	    "has_items", n > 0));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define ANSWER(n) {.name = n, .type = P_TEXT, .max_len = APP_AGREEMENT_TEXT_MAX, \
	.label = "Each answer"}

static const char *const dones[] = {"saved", "unchanged", "confirmed", "agreed",
	"reviewed", NULL};

static const struct param_spec by_id[] = {
	ID_PARAM,
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{0},
};

static const struct param_spec by_version[] = {
	ID_PARAM,
	{.name = "n", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the version"},
	{0},
};

/* the order of app_agreement_fields() */
static const struct param_spec edit[] = {
	ID_PARAM,
	ANSWER("assistance"), ANSWER("outcomes"), ANSWER("success_measures"),
	ANSWER("personal_values"), ANSWER("expectations"), ANSWER("frequency"),
	ANSWER("meeting_format"), ANSWER("when_where"), ANSWER("scheduling"),
	ANSWER("ground_rules"), ANSWER("confidentiality"), ANSWER("problems"),
	ANSWER("keeping_in_touch"), ANSWER("ending"), ANSWER("concerns"),
	ANSWER("first_focus"), ANSWER("other_issues"),
	{.name = "ethics_shared", .type = P_BOOL, .label = "The code of ethics"},
	{.name = "revision", .type = P_INT, .min = 0, .max = INT64_MAX,
	    .label = "the draft's revision"},
	{0},
};

static const struct param_spec confirm[] = {
	ID_PARAM,
	{.name = "version", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the version you read"},
	{.name = "revision", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the revision you read"},
	{0},
};

static const struct param_spec none[] = {{0}};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM
#define R "/relationships/{id:int}/agreement"
#define API "/api/v1/relationships/{id:int}/agreement"

const struct route agreement_routes[] = {
	{HTTP_GET, R, handle_view, S, by_id, 0, 0},
	{HTTP_GET, R "/edit", handle_edit_get, S, by_id, 0, 0},
	{HTTP_POST, R "/edit", handle_edit_post, S, edit, F, 0},
	{HTTP_POST, R "/confirm", handle_confirm, S, confirm, F, 0},
	{HTTP_POST, R "/reviewed", handle_reviewed, S, by_id, 0, 0},
	{HTTP_GET, R "/versions/{n:int}", handle_version, S, by_version, 0, 0},
	{HTTP_GET, API, handle_view, S, by_id, 0, 0},
	{HTTP_GET, API "/edit", handle_edit_get, S, by_id, 0, 0},
	{HTTP_POST, API "/edit", handle_edit_post, S, edit, F, 0},
	{HTTP_POST, API "/confirm", handle_confirm, S, confirm, F, 0},
	{HTTP_POST, API "/reviewed", handle_reviewed, S, by_id, 0, 0},
	{HTTP_GET, API "/versions/{n:int}", handle_version, S, by_version, 0, 0},
	{HTTP_POST, "/_dev/jobs/agreements", handle_dev_job, ACCESS_PUBLIC, none,
	    ROUTE_DEV | ROUTE_NO_GATE, 0},
};

#undef S
#undef F
#undef R
#undef API

const size_t agreement_nroutes = sizeof(agreement_routes) / sizeof(agreement_routes[0]);
