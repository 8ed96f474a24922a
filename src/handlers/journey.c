/*
 * journey.c - the journey / roadmap (NOTE-5): the pages and their
 * /api/v1 twins.
 *
 *   /relationships/{id}/journey              the pair's journey: stages in
 *                                            order, decisions and action
 *                                            points per stage, the forms
 *   /relationships/{id}/journey/review       progress review: open action
 *                                            points by due date, decisions
 *   /relationships/{id}/journey/stage        POST: the stage the pair is at
 *   /relationships/{id}/journey/decisions    POST: record a decision
 *   /relationships/{id}/action-points        POST: add an action point
 *   /journey/decisions/{id}/edit             GET form, POST (the author)
 *   /journey/decisions/{id}/delete           POST (the author)
 *   /action-points/{id}/edit                 GET form, POST (who added it)
 *   /action-points/{id}/done                 POST done=true|false (either)
 *   /action-points/{id}/delete               POST (who added it)
 *   /admin/schemes/{id}/journey              the scheme's stages; POST adds
 *   /admin/journey-stages/{id}/edit          GET form, POST
 *   /admin/journey-stages/{id}/move          POST direction=up|down
 *   /admin/journey-stages/{id}/delete        POST (only while unused)
 *
 * Design: who may see or do what is app/journey.c's decision: 404 for
 * anyone who may not see the relationship (and for other pairs' item
 * ids), 403 for an administrator writing or opening content the
 * scheme's rule withholds, 409 once the relationship ended.  A write is
 * guarded before its fields are read, so an ended relationship answers
 * 409 whatever was typed.  Bad input re-renders the form with the
 * message beside the field and what was typed, 422.
 *
 * Field names: the API takes app's names (stage_id, text, owner, due as
 * YYYY-MM-DD); the journey page holds several forms, so its inputs are
 * prefixed (decision_stage, decision_text, action_stage, action_text,
 * current_stage) and the due date comes as the NHS date input's boxes
 * (due_day, due_month, due_year).  app's problems are renamed onto them.
 *
 * Privacy: the relationship page (rel_journey_model) shows an
 * administrator counts only; content reaches an administrator only
 * through app_journey_open, which audits each opening.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/journey.h"
#include "core/arena.h"
#include "view/json.h"

/* ---- small helpers ---- */

static const char *
rel_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/relationships/%lld", (long long)id);
}

static const char *
journey_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/relationships/%lld/journey", (long long)id);
}

static const char *
plural(struct arena *a, int64_t n, const char *one, const char *many)
{
	return arena_printf(a, "%lld %s", (long long)n, n == 1 ? one : many);
}

/* 409 or 403 with app's sentence; false when rc was neither. */
static bool
refused(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps)
{
	if (rc == ERR_CONFLICT)
		page_refuse(req, resp, 409, "conflict", page_why(ps, APP_REL_ENDED));
	else if (rc == ERR_FORBIDDEN)
		page_refuse(req, resp, 403, "forbidden", page_why(ps,
		    "You cannot change the journey of this relationship."));
	else
		return false;
	return true;
}

/* app's field problems onto the request; on the page side renamed by
 * `map` (pairs of app name, page name, NULL-terminated). */
static void
add_problems(struct request *req, const struct app_problems *ps, const char *const *map)
{
	for (size_t i = 0; i < ps->n; i++) {
		const char *f = ps->p[i].field;
		if (*f == '\0')
			continue;
		for (size_t k = 0; !req->is_api && map && map[k]; k += 2)
			if (strcmp(map[k], f) == 0) {
				f = map[k + 1];
				break;
			}
		if (req_error(req, f) == NULL)
			req_add_error(req, f, ps->p[i].message);
	}
}

/* The due date from the page's boxes or the API's ISO field; a problem
 * with the boxes becomes the "due" field's error. */
static const char *
read_due(struct request *req)
{
	static const char *const parts[] = {"due_day", "due_month", "due_year"};
	if (req->is_api)
		return req_str(req, "due");
	for (struct field_error *e = req->errors; e != NULL; e = e->next)
		for (size_t i = 0; i < 3; i++)
			if (strcmp(e->field, parts[i]) == 0)
				e->field = "due";
	const char *iso = "", *why = NULL;
	if (app_date_from_parts(req->arena, "Due date", req_str(req, "due_day"),
	    req_str(req, "due_month"), req_str(req, "due_year"), &iso, &why) != ERR_OK &&
	    req_error(req, "due") == NULL)
		req_add_error(req, "due", why);
	return iso;
}

static int64_t
user_id(const struct request *req)
{
	return ((const struct app_auth *)req->auth)->user_id;
}

/* ---- models ---- */

static const char *
counts_text(struct arena *a, const struct db_journey_counts *c)
{
	return arena_printf(a, "%s, %lld open; %s", plural(a, c->actions, "action point",
	    "action points"), (long long)c->open_actions, plural(a, c->decisions,
	    "decision", "decisions"));
}

static json_t *
decision_json(struct request *req, const struct app_journey *j,
    const struct db_journey_decision *d)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	bool mine = d->author_id == user_id(req);
	json_put_i(o, "id", d->id);
	json_put_i(o, "stage_id", d->stage_id);
	json_put_s(o, "text", d->body);
	json_put_i(o, "author_id", d->author_id);
	json_put_s(o, "author_name", *d->author_name ? d->author_name : "A former member");
	json_put_b(o, "is_mine", mine);
	json_put_i(o, "created_at", d->created_at);
	json_put_i(o, "updated_at", d->updated_at);
	json_put_s(o, "when", app_time_words(a, d->created_at, false));
	json_put_b(o, "is_edited", d->updated_at > d->created_at);
	json_put_b(o, "can_change", mine && j->can_write);
	json_put_s(o, "edit_url", arena_printf(a, "/journey/decisions/%lld/edit",
	    (long long)d->id));
	return o;
}

static json_t *
action_json(struct request *req, const struct app_journey *j,
    const struct db_journey_action *x)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	bool overdue = app_journey_is_overdue(x, j->today);
	bool done = x->done_at != 0;
	json_put_i(o, "id", x->id);
	json_put_i(o, "stage_id", x->stage_id);
	json_put_s(o, "stage_name", x->stage_name);
	json_put_s(o, "text", x->body);
	json_put_i(o, "owner_id", x->owner_id);
	json_put_s(o, "owner_name", x->owner_name);
	json_put_b(o, "owner_is_me", x->owner_id == user_id(req));
	json_put_s(o, "due", x->due);
	json_put_s(o, "due_text", app_date_words(a, x->due));
	json_put_s(o, "due_words", done ? "" : app_journey_due_words(a, x->due, j->today));
	json_put_b(o, "is_done", done);
	json_put_b(o, "is_overdue", overdue);
	json_put_i(o, "done_at", x->done_at);
	json_put_s(o, "done_text", done ? arena_printf(a, "Done%s%s on %s",
	    *x->done_by_name ? " by " : "", x->done_by_name,
	    app_time_words(a, x->done_at, false)) : "");
	json_put_s(o, "status_label", done ? "Done" : overdue ? "Overdue" : "Open");
	json_put_s(o, "status_tag", done ? "nhsuk-tag--green" : overdue ? "nhsuk-tag--red" :
	    "nhsuk-tag--blue");
	json_put_i(o, "created_by", x->created_by);
	json_put_i(o, "created_at", x->created_at);
	json_put_b(o, "can_toggle", j->can_write);
	json_put_b(o, "can_change", j->can_write && x->created_by == user_id(req));
	json_put_s(o, "done_url", arena_printf(a, "/action-points/%lld/done", (long long)x->id));
	json_put_s(o, "edit_url", arena_printf(a, "/action-points/%lld/edit", (long long)x->id));
	return o;
}

/* <option>s of the scheme's stages, `selected` chosen. */
static json_t *
stage_options(struct request *req, const struct app_journey *j, int64_t selected)
{
	json_t *list = json_array();
	for (size_t i = 0; i < j->nstages; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)j->stages[i].id, "name", arena_printf(req->arena, "%zu. %s",
		    i + 1, j->stages[i].name), "is_selected", j->stages[i].id == selected));
	return list;
}

/* The journey: counts always; stages with their items when loaded. */
static json_t *
journey_json(struct request *req, const struct app_journey *j)
{
	struct arena *a = req->arena;
	const struct db_relationship *r = &j->rel.r;
	json_t *m = json_object();
	json_put_i(m, "relationship_id", r->id);
	json_put_s(m, "relationship_url", rel_url(a, r->id));
	json_put_s(m, "url", journey_url(a, r->id));
	json_put_s(m, "review_url", arena_printf(a, "%s/review", journey_url(a, r->id)));
	json_put_s(m, "mentor_name", r->mentor_name);
	json_put_s(m, "mentee_name", r->mentee_name);
	json_put_s(m, "scheme", r->scheme_name);
	json_put_b(m, "is_party", j->is_party);
	json_put_b(m, "is_admin", j->rel.actor == LC_ADMIN);
	json_put_b(m, "is_past", j->rel.status != LRL_ACTIVE);
	json_put_b(m, "can_write", j->can_write);
	json_put_b(m, "can_open", j->can_open);
	json_put_b(m, "admin_may_open", j->admin_may_open);
	json_object_set_new(m, "counts", json_pack("{s:I, s:I, s:I}", "decisions",
	    (json_int_t)j->counts.decisions, "action_points", (json_int_t)j->counts.actions,
	    "open_action_points", (json_int_t)j->counts.open_actions));
	json_put_s(m, "counts_text", counts_text(a, &j->counts));
	json_put_b(m, "has_stages", j->nstages > 0);
	json_put_s(m, "today", j->today);
	if (j->is_party)
		json_put_s(m, "other_name", j->rel.actor == LC_MENTOR ? r->mentee_name :
		    r->mentor_name);

	json_t *stages = json_array();
	const char *current = "";
	for (size_t i = 0; i < j->nstages; i++) {
		const struct db_journey_stage *st = &j->stages[i];
		json_t *s = json_object();
		bool is_current = j->can_open && st->id == j->current_stage_id;
		if (is_current)
			current = st->name;
		json_put_i(s, "id", st->id);
		json_put_i(s, "number", (int64_t)i + 1);
		json_put_s(s, "name", st->name);
		json_put_s(s, "description", st->description);
		json_put_b(s, "is_review", st->is_review);
		json_put_b(s, "is_current", is_current);
		if (j->can_open) {
			json_t *ds = json_array(), *xs = json_array();
			for (size_t k = 0; k < j->ndecisions; k++)
				if (j->decisions[k].stage_id == st->id)
					json_array_append_new(ds, decision_json(req, j,
					    &j->decisions[k]));
			for (size_t k = 0; k < j->nactions; k++)
				if (j->actions[k].stage_id == st->id)
					json_array_append_new(xs, action_json(req, j,
					    &j->actions[k]));
			json_put_b(s, "has_decisions", json_array_size(ds) > 0);
			json_put_b(s, "has_action_points", json_array_size(xs) > 0);
			json_object_set_new(s, "decisions", ds);
			json_object_set_new(s, "action_points", xs);
		}
		json_array_append_new(stages, s);
	}
	json_object_set_new(m, "stages", stages);
	if (j->can_open) {
		json_put_i(m, "current_stage_id", j->current_stage_id);
		json_put_s(m, "current_stage", current);
	}
	return m;
}

/* The forms' fields: typed values after a POST, else the defaults (the
 * pair's current stage for new items). */
static void
put_forms(struct request *req, json_t *m, const struct app_journey *j)
{
	bool post = req->method == HTTP_POST;
	int64_t cur = j->current_stage_id ? j->current_stage_id :
	    j->nstages ? j->stages[0].id : 0;
	json_object_set_new(m, "current_options", stage_options(req, j,
	    post && req_has(req, "current_stage") ? req_int(req, "current_stage") : cur));
	json_object_set_new(m, "decision_options", stage_options(req, j,
	    post && req_has(req, "decision_stage") ? req_int(req, "decision_stage") : cur));
	json_object_set_new(m, "action_options", stage_options(req, j,
	    post && req_has(req, "action_stage") ? req_int(req, "action_stage") : cur));
	json_put_s(m, "decision_text_typed", post && req_has(req, "decision_text") ?
	    req_str(req, "decision_text") : "");
	json_put_s(m, "action_text_typed", post && req_has(req, "action_text") ?
	    req_str(req, "action_text") : "");
	const char *owner = post && req_has(req, "owner") ? req_str(req, "owner") : "me";
	json_put_b(m, "owner_me", strcmp(owner, "me") == 0);
	json_put_b(m, "owner_other", strcmp(owner, "other") == 0);
	if (post && req_has(req, "action_text"))
		page_date_typed(req, m, "due");
	else
		page_date_parts(req, m, "due", "");
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"stage", "The stage you are at has been saved."},
		{"decision", "The decision has been recorded."},
		{"decision_changed", "The decision has been changed."},
		{"decision_deleted", "The decision has been deleted."},
		{"action", "The action point has been added."},
		{"action_changed", "The action point has been changed."},
		{"action_deleted", "The action point has been deleted."},
		{"action_done", "The action point is marked as done."},
		{"action_open", "The action point is marked as not done."},
		{"stage_added", "The stage has been added."},
		{"stage_changed", "The stage has been changed."},
		{"stage_moved", "The stage has been moved."},
		{"stage_deleted", "The stage has been deleted."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static const char *const dones[] = {"stage", "decision", "decision_changed",
	"decision_deleted", "action", "action_changed", "action_deleted", "action_done",
	"action_open", "stage_added", "stage_changed", "stage_moved", "stage_deleted", NULL};

/* ---- the relationship page's section ---- */

enum err
rel_journey_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	struct app_journey j;
	enum err rc = app_journey_summary(req->db, req->arena, req->auth, p->rel.r.id, &j);
	if (rc != ERR_OK)
		return rc;
	json_t *o = journey_json(req, &j);
	json_put_s(o, "back_to", "relationship");
	json_object_set_new(m, "journey", o);
	return ERR_OK;
}

/* ---- the journey page and the progress review ---- */

static const char *const journey_fields[] = {"current_stage", "decision_stage",
	"decision_text", "action_stage", "action_text", "owner", "due", NULL};

#define ADMIN_COUNTS_ONLY "This scheme's rules let administrators see how many decisions " \
	"and action points a pair has recorded, but not what they say."

static enum err
journey_page(struct request *req, struct response *resp, int status, int64_t rel_id,
    bool review, int64_t created)
{
	struct app_journey j;
	enum err rc = app_journey_open(req->db, req->arena, req->auth, rel_id, review,
	    req->client_ip, &j);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", ADMIN_COUNTS_ONLY);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = journey_json(req, &j);
	if (created)
		json_put_i(m, "created_id", created);
	if (!req->is_api)
		json_put_s(m, "back_to", review ? "review" : "journey");
	if (review) {
		/* the open points in due-date order, and every decision */
		json_t *xs = json_array(), *ds = json_array();
		size_t overdue = 0;
		for (size_t i = 0; i < j.nactions; i++) {
			json_array_append_new(xs, action_json(req, &j, &j.actions[i]));
			overdue += app_journey_is_overdue(&j.actions[i], j.today);
		}
		for (size_t i = 0; i < j.ndecisions; i++) {
			json_t *d = decision_json(req, &j, &j.decisions[i]);
			for (size_t k = 0; k < j.nstages; k++)
				if (j.stages[k].id == j.decisions[i].stage_id)
					json_put_s(d, "stage_name", j.stages[k].name);
			json_array_append_new(ds, d);
		}
		json_object_set_new(m, "open_action_points", xs);
		json_object_set_new(m, "decisions", ds);
		json_put_b(m, "has_open", j.nactions > 0);
		json_put_b(m, "has_decisions", j.ndecisions > 0);
		json_put_i(m, "overdue", (int64_t)overdue);
		json_put_s(m, "overdue_text", overdue == 0 ? "" : plural(req->arena,
		    (int64_t)overdue, "action point is overdue", "action points are overdue"));
		json_put_s(m, "today_text", app_date_words(req->arena, j.today));
		return page_respond(req, resp, status, "journey-review", m);
	}
	if (!req->is_api) {
		put_forms(req, m, &j);
		page_field_errors(req, m, journey_fields);
		if (status == 200)
			json_put_s(m, "done_message", done_message(req_str(req, "done")));
	}
	return page_respond(req, resp, status, "journey", m);
}

static enum err
handle_journey(struct request *req, struct response *resp)
{
	return journey_page(req, resp, 200, req_int(req, "id"), false, 0);
}

static enum err
handle_review(struct request *req, struct response *resp)
{
	return journey_page(req, resp, 200, req_int(req, "id"), true, 0);
}

/* The guard before reading a write's input (404, 403, 409 first). */
static bool
precheck(struct request *req, struct response *resp, int64_t rel_id, enum err *rc)
{
	struct app_relationship rel;
	struct app_problems ps = {0};
	*rc = app_relationship_guard(req->db, req->arena, req->auth, rel_id, LRLA_ADD_CONTENT,
	    &rel);
	if (*rc == ERR_OK)
		return true;
	if (*rc == ERR_FORBIDDEN)
		app_problem(&ps, "", "Administrators can read the journey but not change it");
	if (refused(req, resp, *rc, &ps))
		*rc = ERR_OK;
	return false;
}

/* After a write on the journey page: the redirect, or the journey as
 * JSON; bad input shows the page again with 422. */
static enum err
after_write(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps, const char *const *map, int64_t rel_id,
    const char *done, int64_t created)
{
	if (refused(req, resp, rc, ps))
		return ERR_OK;
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	add_problems(req, ps, map);
	if (rc != ERR_OK || req->errors != NULL)
		return journey_page(req, resp, 422, rel_id, false, 0);
	if (req->is_api)
		return journey_page(req, resp, created ? 201 : 200, rel_id, false, created);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s#journey-%s",
	    journey_url(req->arena, rel_id), done, strncmp(done, "action", 6) == 0 ?
	    "actions" : strcmp(done, "stage") == 0 ? "stages" : "decisions"));
	return ERR_OK;
}

static const char *const stage_map[] = {"stage_id", "current_stage", NULL};
static const char *const decision_map[] = {"stage_id", "decision_stage", "text",
	"decision_text", NULL};
static const char *const action_map[] = {"stage_id", "action_stage", "text", "action_text",
	NULL};

static int64_t
stage_in(struct request *req, const char *page_name)
{
	return req_int(req, req->is_api ? "stage_id" : page_name);
}

static enum err
handle_set_stage(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, &rc))
		return rc;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_journey_set_stage(req->db, req->arena, req->auth, id,
		    stage_in(req, "current_stage"), &ps);
	return after_write(req, resp, rc, &ps, stage_map, id, "stage", 0);
}

static enum err
handle_decision_add(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), did = 0;
	enum err rc;
	if (!precheck(req, resp, id, &rc))
		return rc;
	struct app_decision_in in = {
		.stage_id = stage_in(req, "decision_stage"),
		.text = req_str(req, req->is_api ? "text" : "decision_text"),
	};
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_journey_decision_add(req->db, req->arena, req->auth, id, &in, &ps, &did);
	return after_write(req, resp, rc, &ps, decision_map, id, "decision", did);
}

static enum err
handle_action_add(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), aid = 0;
	enum err rc;
	if (!precheck(req, resp, id, &rc))
		return rc;
	struct app_action_in in = {
		.stage_id = stage_in(req, "action_stage"),
		.text = req_str(req, req->is_api ? "text" : "action_text"),
		.owner = req_str(req, "owner"),
		.due = read_due(req),
	};
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_journey_action_add(req->db, req->arena, req->auth, id, &in, &ps, &aid);
	return after_write(req, resp, rc, &ps, action_map, id, "action", aid);
}

/* ---- editing a decision ---- */

static const char *const decision_fields[] = {"decision_stage", "decision_text", NULL};

static enum err
decision_form(struct request *req, struct response *resp, int status, int64_t id)
{
	struct db_journey_decision d;
	struct app_journey j;
	struct app_problems ps = {0};
	enum err rc = app_journey_decision_for_edit(req->db, req->arena, req->auth, id, &d,
	    &j, &ps);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return page_invalid(req, resp, status);
	bool post = req->method == HTTP_POST;
	json_t *m = journey_json(req, &j);
	json_put_i(m, "id", d.id);
	json_put_s(m, "action", arena_printf(req->arena, "/journey/decisions/%lld/edit",
	    (long long)d.id));
	json_put_s(m, "delete_action", arena_printf(req->arena,
	    "/journey/decisions/%lld/delete", (long long)d.id));
	json_object_set_new(m, "decision_options", stage_options(req, &j,
	    post ? req_int(req, "decision_stage") : d.stage_id));
	json_put_s(m, "decision_text_typed", post ? req_str(req, "decision_text") : d.body);
	page_field_errors(req, m, decision_fields);
	return page_render(req, resp, status, "journey-decision", m);
}

static enum err
handle_decision_edit_get(struct request *req, struct response *resp)
{
	return decision_form(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_decision_edit_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), rel_id = 0;
	struct db_journey_decision d;
	struct app_journey j;
	enum err rc = app_journey_decision_for_edit(req->db, req->arena, req->auth, id, &d,
	    &j, &ps);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	struct app_decision_in in = {
		.stage_id = stage_in(req, "decision_stage"),
		.text = req_str(req, req->is_api ? "text" : "decision_text"),
	};
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_journey_decision_update(req->db, req->arena, req->auth, id, &in, &ps,
		    &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	add_problems(req, &ps, decision_map);
	if (rc != ERR_OK)
		return decision_form(req, resp, 422, id);
	if (req->is_api)
		return journey_page(req, resp, 200, rel_id, false, 0);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=decision_changed",
	    journey_url(req->arena, rel_id)));
	return ERR_OK;
}

static enum err
handle_decision_delete(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = 0;
	enum err rc = app_journey_decision_delete(req->db, req->arena, req->auth,
	    req_int(req, "id"), &ps, &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return journey_page(req, resp, 200, rel_id, false, 0);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=decision_deleted",
	    journey_url(req->arena, rel_id)));
	return ERR_OK;
}

/* ---- action points: edit, done, delete ---- */

static const char *const action_fields[] = {"action_stage", "action_text", "owner", "due",
	NULL};

static enum err
action_form(struct request *req, struct response *resp, int status, int64_t id)
{
	struct db_journey_action x;
	struct app_journey j;
	struct app_problems ps = {0};
	enum err rc = app_journey_action_for_edit(req->db, req->arena, req->auth, id, &x, &j,
	    &ps);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return page_invalid(req, resp, status);
	bool post = req->method == HTTP_POST;
	json_t *m = journey_json(req, &j);
	json_put_i(m, "id", x.id);
	json_put_s(m, "action", arena_printf(req->arena, "/action-points/%lld/edit",
	    (long long)x.id));
	json_put_s(m, "delete_action", arena_printf(req->arena, "/action-points/%lld/delete",
	    (long long)x.id));
	json_object_set_new(m, "action_options", stage_options(req, &j,
	    post ? req_int(req, "action_stage") : x.stage_id));
	json_put_s(m, "action_text_typed", post ? req_str(req, "action_text") : x.body);
	const char *owner = post ? req_str(req, "owner") : x.owner_id == user_id(req) ?
	    "me" : "other";
	json_put_b(m, "owner_me", strcmp(owner, "me") == 0);
	json_put_b(m, "owner_other", strcmp(owner, "other") == 0);
	if (post)
		page_date_typed(req, m, "due");
	else
		page_date_parts(req, m, "due", x.due);
	page_field_errors(req, m, action_fields);
	return page_render(req, resp, status, "journey-action", m);
}

static enum err
handle_action_edit_get(struct request *req, struct response *resp)
{
	return action_form(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_action_edit_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), rel_id = 0;
	struct db_journey_action x;
	struct app_journey j;
	enum err rc = app_journey_action_for_edit(req->db, req->arena, req->auth, id, &x, &j,
	    &ps);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	struct app_action_in in = {
		.stage_id = stage_in(req, "action_stage"),
		.text = req_str(req, req->is_api ? "text" : "action_text"),
		.owner = req_str(req, "owner"),
		.due = read_due(req),
	};
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_journey_action_update(req->db, req->arena, req->auth, id, &in, &ps,
		    &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	add_problems(req, &ps, action_map);
	if (rc != ERR_OK || req->errors != NULL)
		return action_form(req, resp, 422, id);
	if (req->is_api)
		return journey_page(req, resp, 200, rel_id, false, 0);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=action_changed#journey-actions",
	    journey_url(req->arena, rel_id)));
	return ERR_OK;
}

static enum err
handle_action_done(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = 0;
	bool done = req_bool(req, "done");
	enum err rc = app_journey_action_done(req->db, req->arena, req->auth,
	    req_int(req, "id"), done, &ps, &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return journey_page(req, resp, 200, rel_id, false, 0);
	/* back where the button was: the journey, the review or the
	 * relationship page */
	const char *back = req_str(req, "back");
	const char *to = strcmp(back, "review") == 0 ? arena_printf(req->arena,
	    "%s/review", journey_url(req->arena, rel_id)) : strcmp(back, "relationship") == 0 ?
	    rel_url(req->arena, rel_id) : journey_url(req->arena, rel_id);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s#journey-actions", to,
	    done ? "action_done" : "action_open"));
	return ERR_OK;
}

static enum err
handle_action_delete(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = 0;
	enum err rc = app_journey_action_delete(req->db, req->arena, req->auth,
	    req_int(req, "id"), &ps, &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return journey_page(req, resp, 200, rel_id, false, 0);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=action_deleted#journey-actions",
	    journey_url(req->arena, rel_id)));
	return ERR_OK;
}

/* ---- administrators: the scheme's stages ---- */

static const char *const stage_fields[] = {"name", "description", NULL};

static const char *
admin_url(struct arena *a, int64_t scheme_id)
{
	return arena_printf(a, "/admin/schemes/%lld/journey", (long long)scheme_id);
}

static json_t *
stage_admin_json(struct request *req, const struct db_journey_stage *st, size_t i, size_t n)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", st->id);
	json_put_i(o, "number", (int64_t)i + 1);
	json_put_s(o, "name", st->name);
	json_put_s(o, "description", st->description);
	json_put_b(o, "is_review", st->is_review);
	json_put_i(o, "uses", st->uses);
	json_put_b(o, "is_in_use", st->uses > 0);
	json_put_b(o, "can_move_up", i > 0);
	json_put_b(o, "can_move_down", i + 1 < n);
	json_put_s(o, "edit_url", arena_printf(a, "/admin/journey-stages/%lld/edit",
	    (long long)st->id));
	json_put_s(o, "move_url", arena_printf(a, "/admin/journey-stages/%lld/move",
	    (long long)st->id));
	json_put_s(o, "delete_url", arena_printf(a, "/admin/journey-stages/%lld/delete",
	    (long long)st->id));
	return o;
}

static enum err
admin_page(struct request *req, struct response *resp, int status, int64_t scheme_id)
{
	struct app_journey_scheme js;
	enum err rc = app_journey_scheme(req->db, req->arena, req->auth, scheme_id, &js);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = json_object(), *list = json_array();
	for (size_t i = 0; i < js.n; i++)
		json_array_append_new(list, stage_admin_json(req, &js.stages[i], i, js.n));
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme", js.scheme.name);
	json_object_set_new(m, "stages", list);
	json_put_b(m, "has_stages", js.n > 0);
	json_put_b(m, "is_full", js.n >= APP_JOURNEY_STAGES_MAX);
	if (!req->is_api) {
		bool post = req->method == HTTP_POST;
		json_put_s(m, "action", admin_url(req->arena, scheme_id));
		json_put_s(m, "name_typed", post ? req_str(req, "name") : "");
		json_put_s(m, "description_typed", post ? req_str(req, "description") : "");
		json_put_b(m, "is_review_typed", post && req_bool(req, "is_review"));
		page_field_errors(req, m, stage_fields);
		admin_menu(req, m, "", scheme_id);
		if (status == 200)
			json_put_s(m, "done_message", done_message(req_str(req, "done")));
	}
	return page_respond(req, resp, status, "admin-journey", m);
}

static enum err
handle_admin_get(struct request *req, struct response *resp)
{
	return admin_page(req, resp, 200, req_int(req, "id"));
}

static struct app_stage_in
stage_input(struct request *req)
{
	return (struct app_stage_in){.name = req_str(req, "name"),
	    .description = req_str(req, "description"), .is_review = req_bool(req, "is_review")};
}

static enum err
handle_admin_add(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t scheme_id = req_int(req, "id"), sid = 0;
	struct app_journey_scheme js;
	/* 404 before any complaint about the fields */
	enum err rc = app_journey_scheme(req->db, req->arena, req->auth, scheme_id, &js);
	if (rc != ERR_OK)
		return rc;
	struct app_stage_in in = stage_input(req);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_journey_stage_add(req->db, req->arena, req->auth, scheme_id, &in,
		    req->client_ip, &ps, &sid);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	add_problems(req, &ps, NULL);
	if (rc != ERR_OK)
		return admin_page(req, resp, 422, scheme_id);
	if (req->is_api)
		return admin_page(req, resp, 201, scheme_id);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=stage_added",
	    admin_url(req->arena, scheme_id)));
	return ERR_OK;
}

static enum err
stage_form(struct request *req, struct response *resp, int status, int64_t id)
{
	struct db_journey_stage st;
	enum err rc = app_journey_stage(req->db, req->arena, req->auth, id, &st);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return page_invalid(req, resp, status);
	bool post = req->method == HTTP_POST;
	json_t *m = json_object();
	json_put_i(m, "id", st.id);
	json_put_i(m, "scheme_id", st.scheme_id);
	json_put_s(m, "back_url", admin_url(req->arena, st.scheme_id));
	json_put_s(m, "action", arena_printf(req->arena, "/admin/journey-stages/%lld/edit",
	    (long long)st.id));
	json_put_s(m, "stage_name", st.name);
	json_put_s(m, "name_typed", post ? req_str(req, "name") : st.name);
	json_put_s(m, "description_typed", post ? req_str(req, "description") :
	    st.description);
	json_put_b(m, "is_review_typed", post ? req_bool(req, "is_review") : st.is_review);
	page_field_errors(req, m, stage_fields);
	admin_menu(req, m, "", st.scheme_id);
	return page_render(req, resp, status, "admin-journey-stage", m);
}

static enum err
handle_stage_edit_get(struct request *req, struct response *resp)
{
	return stage_form(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_stage_edit_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct db_journey_stage st;
	enum err rc = app_journey_stage(req->db, req->arena, req->auth, id, &st);
	if (rc != ERR_OK)
		return rc;
	struct app_stage_in in = stage_input(req);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_journey_stage_update(req->db, req->arena, req->auth, id, &in,
		    req->client_ip, &ps);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	add_problems(req, &ps, NULL);
	if (rc != ERR_OK)
		return stage_form(req, resp, 422, id);
	if (req->is_api)
		return admin_page(req, resp, 200, st.scheme_id);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=stage_changed",
	    admin_url(req->arena, st.scheme_id)));
	return ERR_OK;
}

static enum err
handle_stage_move(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct db_journey_stage st;
	enum err rc = app_journey_stage(req->db, req->arena, req->auth, id, &st);
	if (rc != ERR_OK)
		return rc;
	/* the page's buttons only send up or down: anything else is the
	 * server's 400, not the stages page (whose form reads the add form's
	 * fields, which this route does not declare) */
	if (req->errors != NULL)
		return req->is_api ? page_invalid(req, resp, 422) : ERR_BAD_INPUT;
	rc = app_journey_stage_move(req->db, req->arena, req->auth, id,
	    strcmp(req_str(req, "direction"), "up") == 0, req->client_ip);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return admin_page(req, resp, 200, st.scheme_id);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=stage_moved",
	    admin_url(req->arena, st.scheme_id)));
	return ERR_OK;
}

static enum err
handle_stage_delete(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct db_journey_stage st;
	enum err rc = app_journey_stage(req->db, req->arena, req->auth, id, &st);
	if (rc != ERR_OK)
		return rc;
	rc = app_journey_stage_delete(req->db, req->arena, req->auth, id, req->client_ip, &ps);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", page_why(&ps,
		    "This stage is in use, so it cannot be deleted."));
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return admin_page(req, resp, 200, st.scheme_id);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=stage_deleted",
	    admin_url(req->arena, st.scheme_id)));
	return ERR_OK;
}

/* ---- routes ---- */

static const char *const directions[] = {"up", "down", NULL};
static const char *const backs[] = {"journey", "review", "relationship", NULL};

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define STAGE(n) {.name = n, .type = P_INT, .min = 1, .max = INT64_MAX, \
	.label = "The stage"}
#define DATE_PART(n, l) {.name = n, .type = P_STRING, .max_len = 10, .label = l}

static const struct param_spec by_id[] = {
	ID_PARAM,
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{0},
};

/* The journey page's three forms (and their API twins) share one list:
 * a form that comes back with errors shows the others' fields too. */
static const struct param_spec journey_post[] = {
	ID_PARAM,
	STAGE("stage_id"),
	STAGE("current_stage"),
	STAGE("decision_stage"),
	STAGE("action_stage"),
	{.name = "text", .type = P_TEXT, .max_len = APP_JOURNEY_DECISION_MAX,
	    .label = "The text"},
	{.name = "decision_text", .type = P_TEXT, .max_len = APP_JOURNEY_DECISION_MAX,
	    .label = "The decision"},
	{.name = "action_text", .type = P_TEXT, .max_len = APP_JOURNEY_ACTION_MAX,
	    .label = "The action point"},
	{.name = "owner", .type = P_STRING, .max_len = 20, .label = "Who will do it"},
	DATE_PART("due", "Due date"),
	DATE_PART("due_day", "the day"),
	DATE_PART("due_month", "the month"),
	DATE_PART("due_year", "the year"),
	{0},
};

static const struct param_spec decision[] = {
	ID_PARAM,
	STAGE("stage_id"),
	STAGE("decision_stage"),
	{.name = "text", .type = P_TEXT, .max_len = APP_JOURNEY_DECISION_MAX,
	    .label = "The decision"},
	{.name = "decision_text", .type = P_TEXT, .max_len = APP_JOURNEY_DECISION_MAX,
	    .label = "The decision"},
	{0},
};

static const struct param_spec action[] = {
	ID_PARAM,
	STAGE("stage_id"),
	STAGE("action_stage"),
	{.name = "text", .type = P_TEXT, .max_len = APP_JOURNEY_ACTION_MAX,
	    .label = "The action point"},
	{.name = "action_text", .type = P_TEXT, .max_len = APP_JOURNEY_ACTION_MAX,
	    .label = "The action point"},
	{.name = "owner", .type = P_STRING, .max_len = 20, .label = "Who will do it"},
	DATE_PART("due", "Due date"),
	DATE_PART("due_day", "the day"),
	DATE_PART("due_month", "the month"),
	DATE_PART("due_year", "the year"),
	{0},
};

static const struct param_spec done_post[] = {
	ID_PARAM,
	{.name = "done", .type = P_BOOL, .label = "Done"},
	{.name = "back", .type = P_CHOICE, .choices = backs, .label = "where to go back to"},
	{0},
};

static const struct param_spec id_only[] = {
	ID_PARAM,
	{0},
};

static const struct param_spec stage_post[] = {
	ID_PARAM,
	{.name = "name", .type = P_STRING, .max_len = APP_JOURNEY_NAME_MAX,
	    .label = "The name of the stage"},
	{.name = "description", .type = P_TEXT, .max_len = APP_JOURNEY_DESC_MAX,
	    .label = "The description"},
	{.name = "is_review", .type = P_BOOL, .label = "Progress review stage"},
	{0},
};

static const struct param_spec move[] = {
	ID_PARAM,
	{.name = "direction", .type = P_CHOICE, .is_required = true, .choices = directions,
	    .label = "up or down"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define F ROUTE_FORM

const struct route journey_routes[] = {
	{HTTP_GET, "/relationships/{id:int}/journey", handle_journey, S, by_id, 0, 0},
	{HTTP_GET, "/relationships/{id:int}/journey/review", handle_review, S, by_id, 0, 0},
	{HTTP_POST, "/relationships/{id:int}/journey/stage", handle_set_stage, S,
	    journey_post, F, 0},
	{HTTP_POST, "/relationships/{id:int}/journey/decisions", handle_decision_add, S,
	    journey_post, F, 0},
	{HTTP_POST, "/relationships/{id:int}/action-points", handle_action_add, S,
	    journey_post, F, 0},
	{HTTP_GET, "/journey/decisions/{id:int}/edit", handle_decision_edit_get, S, id_only,
	    0, 0},
	{HTTP_POST, "/journey/decisions/{id:int}/edit", handle_decision_edit_post, S,
	    decision, F, 0},
	{HTTP_POST, "/journey/decisions/{id:int}/delete", handle_decision_delete, S, id_only,
	    0, 0},
	{HTTP_GET, "/action-points/{id:int}/edit", handle_action_edit_get, S, id_only, 0, 0},
	{HTTP_POST, "/action-points/{id:int}/edit", handle_action_edit_post, S, action, F, 0},
	{HTTP_POST, "/action-points/{id:int}/done", handle_action_done, S, done_post, 0, 0},
	{HTTP_POST, "/action-points/{id:int}/delete", handle_action_delete, S, id_only, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/journey", handle_admin_get, A, by_id, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/journey", handle_admin_add, A, stage_post, F, 0},
	{HTTP_GET, "/admin/journey-stages/{id:int}/edit", handle_stage_edit_get, A, id_only,
	    0, 0},
	{HTTP_POST, "/admin/journey-stages/{id:int}/edit", handle_stage_edit_post, A,
	    stage_post, F, 0},
	{HTTP_POST, "/admin/journey-stages/{id:int}/move", handle_stage_move, A, move, F, 0},
	{HTTP_POST, "/admin/journey-stages/{id:int}/delete", handle_stage_delete, A, id_only,
	    0, 0},

	{HTTP_GET, "/api/v1/relationships/{id:int}/journey", handle_journey, S, by_id, 0, 0},
	{HTTP_GET, "/api/v1/relationships/{id:int}/journey/review", handle_review, S, by_id,
	    0, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/journey/stage", handle_set_stage, S,
	    journey_post, F, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/journey/decisions", handle_decision_add,
	    S, journey_post, F, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/action-points", handle_action_add, S,
	    journey_post, F, 0},
	{HTTP_POST, "/api/v1/journey/decisions/{id:int}/edit", handle_decision_edit_post, S,
	    decision, F, 0},
	{HTTP_POST, "/api/v1/journey/decisions/{id:int}/delete", handle_decision_delete, S,
	    id_only, 0, 0},
	{HTTP_POST, "/api/v1/action-points/{id:int}/edit", handle_action_edit_post, S, action,
	    F, 0},
	{HTTP_POST, "/api/v1/action-points/{id:int}/done", handle_action_done, S, done_post,
	    0, 0},
	{HTTP_POST, "/api/v1/action-points/{id:int}/delete", handle_action_delete, S, id_only,
	    0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/journey", handle_admin_get, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/journey", handle_admin_add, A, stage_post,
	    F, 0},
	{HTTP_POST, "/api/v1/admin/journey-stages/{id:int}/edit", handle_stage_edit_post, A,
	    stage_post, F, 0},
	{HTTP_POST, "/api/v1/admin/journey-stages/{id:int}/move", handle_stage_move, A, move,
	    F, 0},
	{HTTP_POST, "/api/v1/admin/journey-stages/{id:int}/delete", handle_stage_delete, A,
	    id_only, 0, 0},
};

#undef S
#undef A
#undef F

const size_t journey_nroutes = sizeof(journey_routes) / sizeof(journey_routes[0]);
