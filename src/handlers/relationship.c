/*
 * relationship.c - mentoring relationships (REL-1 to REL-7, REL-9) and
 * administrator assignment (REQ-9): the pages and their /api/v1 twins.
 *
 *   /relationships/{id}                  the relationship page (REL-2)
 *   /relationships/{id}/estimated-end    POST: the mentor's estimate (REL-3)
 *   /relationships/{id}/complete         GET form, POST: completion (REL-4)
 *   /relationships/{id}/ask-to-end       GET form, POST: private ask (REL-6)
 *   /relationships/{id}/extension        GET form, POST: more sessions (REL-7)
 *   /admin/schemes/{id}/relationships    a scheme's relationships, open end
 *                                        requests and pending extensions
 *   /admin/relationships/{id}            the administrator's view
 *   /admin/relationships/{id}/end-early  POST: no-fault ending (REL-6)
 *   /admin/end-requests/{id}/dismiss     POST: close an end request
 *   /admin/extensions/{id}               POST: approve or decline (REL-7)
 *   /admin/users/{id}/assign             GET pick and preview, POST assign
 *   /api/v1/relationships?status=current|past and /api/v1/... of each
 *
 * Design: who may see or do what is app/relationship.c's decision
 * (app_relationship_guard over lifecycle.h): 404 for anyone who may not
 * see the relationship, 403 for a viewer who may not act, 409 with the
 * sentence for a state that forbids it ("This relationship has ended, so
 * nothing can be added or changed").  Bad input re-renders the form with
 * the message beside the field and what was typed, status 422 (the API:
 * {"error": {code, message, fields}}).  The page side uses the NHS date
 * input (day, month, year boxes); the API takes YYYY-MM-DD.
 *
 * Traps: the reason for asking to end and the administrator's note are
 * private to administrators; this file only shows what app hands over
 * (app_relationship_page filters them for the parties); the counts of
 * open end requests and pending extensions and an end request's admin
 * note and handler go to administrators only (rel_row, endreq_json).
 * The home tabs
 * (home_tab_relationships, home_admin_relationships) live here too.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/cohorts.h"
#include "app/date.h"
#include "app/relationship.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "view/json.h"
#include "view/url.h"

/* ---- small helpers ---- */

/* A date from the page's boxes (prefix_day ...) or the API's ISO field;
 * a problem with the boxes becomes the field's error.  Errors central
 * validation put on a box move onto the date's field. */
static const char *
read_date(struct request *req, const char *prefix, const char *field, const char *label)
{
	static const char *const parts[] = {"day", "month", "year"};
	if (req->is_api)
		return req_str(req, field);
	for (struct field_error *e = req->errors; e != NULL; e = e->next)
		for (size_t i = 0; i < 3; i++)
			if (strcmp(e->field, arena_printf(req->arena, "%s_%s", prefix,
			    parts[i])) == 0)
				e->field = field;
	const char *iso = "", *why = NULL;
	if (app_date_from_parts(req->arena, label,
	    req_str(req, arena_printf(req->arena, "%s_day", prefix)),
	    req_str(req, arena_printf(req->arena, "%s_month", prefix)),
	    req_str(req, arena_printf(req->arena, "%s_year", prefix)), &iso, &why) != ERR_OK &&
	    req_error(req, field) == NULL)
		req_add_error(req, field, why);
	return iso;
}

/* The field problems onto the request (the refusals are not fields). */
static void
add_field_problems(struct request *req, const struct app_problems *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		if (*ps->p[i].field != '\0' && req_error(req, ps->p[i].field) == NULL)
			req_add_error(req, ps->p[i].field, ps->p[i].message);
}

/* A state conflict (409) or a refusal to act (403), with app's sentence;
 * ERR_OK when rc was neither (the caller carries on). */
static bool
refused(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps)
{
	if (rc == ERR_CONFLICT)
		page_refuse(req, resp, 409, "conflict", page_why(ps, APP_REL_ENDED));
	else if (rc == ERR_FORBIDDEN)
		page_refuse(req, resp, 403, "forbidden", page_why(ps,
		    "You cannot do this for this relationship."));
	else
		return false;
	return true;
}

/* The guard before reading a write's input: 404 for a stranger, 403 or
 * 409 (with the sentence) before any complaint about the fields, so a
 * completed relationship answers 409 whatever was typed.  *rc the error
 * to return when the request was answered or refused. */
static bool
precheck(struct request *req, struct response *resp, int64_t id,
    enum lc_rel_action action, enum err *rc)
{
	struct app_relationship rel;
	struct app_problems ps = {0};
	*rc = app_relationship_guard(req->db, req->arena, req->auth, id, action, &rel);
	if (*rc == ERR_OK)
		return true;
	if (refused(req, resp, *rc, &ps))
		*rc = ERR_OK;
	return false;
}

static const char *
rel_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/relationships/%lld", (long long)id);
}

static const char *
admin_rel_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/admin/relationships/%lld", (long long)id);
}

static const char *
origin_label(const char *origin)
{
	if (strcmp(origin, "request") == 0)
		return "The mentee's request, approved by the mentor";
	if (strcmp(origin, "proposal") == 0)
		return "A proposal by Tandem, accepted by the mentor";
	if (strcmp(origin, "cohort") == 0)
		return "A cohort matched by the scheme team";
	return "Assigned by the scheme team";
}

static const char *
status_tag(enum lc_rel_status s)
{
	return s == LRL_ACTIVE ? "nhsuk-tag--green" : s == LRL_COMPLETED ? "nhsuk-tag--grey" :
	    "nhsuk-tag--orange";
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"estimated_end", "The estimated end date has been saved."},
		{"completed", "The relationship has been marked as completed."},
		{"asked_to_end", "Your request has been sent to the scheme team. Only they "
		    "can see your reason; they will be in touch."},
		{"extension", "Your extension request has been sent to the scheme team."},
		{"ended_early", "The relationship has been ended early and both people have "
		    "been told."},
		{"reassigned", "The relationship has been ended early and the mentee has been "
		    "assigned their new mentor."},
		{"dismissed", "The end request has been closed. The relationship continues."},
		{"approved", "The extension has been approved and both people have been told."},
		{"declined", "The extension has been declined and both people have been told."},
		{"assigned", "The mentor has been assigned. Both people have been emailed."},
		/* sessions.c (SES-2 to SES-10) */
		{"sessions_added", "Your sessions have been saved, and the other person has "
		    "been emailed about them."},
		{"session_agreed", "The session is agreed. You will both get a calendar "
		    "invitation by email."},
		{"session_declined", "The session has been declined, and the other person has "
		    "been told."},
		{"session_cancelled", "The session has been cancelled, and the other person has "
		    "been told. It no longer counts toward your hours."},
		{"session_removed", "The session has been removed, and the other person has been "
		    "told. It no longer counts toward your hours."},
		{"session_took_place", "Thank you: the session is recorded as having taken "
		    "place."},
		{"session_not_taken_place", "Thank you: the session is recorded as not having "
		    "taken place, so it does not count toward your hours."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static const char *const dones[] = {"estimated_end", "completed", "asked_to_end",
	"extension", "ended_early", "reassigned", "dismissed", "approved", "declined",
	"assigned", "sessions_added", "session_agreed", "session_declined", "session_cancelled",
	"session_removed", "session_took_place", "session_not_taken_place", NULL};

/* ---- models ---- */

static json_t *
person_json(struct request *req, int64_t id, const char *name)
{
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name, "url",
	    arena_printf(req->arena, "/people/%lld", (long long)id));
}

/* One relationship as a list row (home tabs, API lists, admin lists).
 * The counts of open end requests and pending extensions only when
 * `admin_counts` and me_id is not one of the pair: they include the other
 * party's private request to end (REL-6). */
static json_t *
rel_row(struct request *req, const struct db_relationship *r, int64_t me_id,
    bool admin_counts)
{
	struct arena *a = req->arena;
	enum lc_rel_status st = lc_rel_status_parse(r->status);
	json_t *o = json_object();
	json_put_i(o, "id", r->id);
	json_put_s(o, "url", rel_url(a, r->id));
	json_put_s(o, "admin_url", admin_rel_url(a, r->id));
	json_put_i(o, "scheme_id", r->scheme_id);
	json_put_s(o, "scheme", r->scheme_name);
	json_put_s(o, "status", r->status);
	json_put_s(o, "status_label", lc_rel_status_label(st) ? lc_rel_status_label(st) : "");
	json_put_s(o, "status_tag", status_tag(st));
	json_put_b(o, "is_live", st == LRL_ACTIVE);
	json_object_set_new(o, "mentor", person_json(req, r->mentor_id, r->mentor_name));
	json_object_set_new(o, "mentee", person_json(req, r->mentee_id, r->mentee_name));
	if (me_id == r->mentor_id || me_id == r->mentee_id) {
		bool i_mentor = me_id == r->mentor_id;
		json_object_set_new(o, "other", i_mentor ?
		    person_json(req, r->mentee_id, r->mentee_name) :
		    person_json(req, r->mentor_id, r->mentor_name));
		json_put_s(o, "my_role", i_mentor ? "mentor" : "mentee");
	}
	json_put_i(o, "started_at", r->started_at);
	json_put_s(o, "started", app_time_words(a, r->started_at, false));
	json_put_s(o, "origin", r->origin);
	json_put_s(o, "origin_label", origin_label(r->origin));
	json_put_s(o, "estimated_end", r->estimated_end);
	json_put_s(o, "estimated_end_text", app_date_words(a, r->estimated_end));
	json_put_s(o, "end_date", r->end_date);
	json_put_s(o, "end_text", app_date_words(a, r->end_date));
	json_put_i(o, "ended_at", r->ended_at);
	json_put_s(o, "how_ended", st == LRL_COMPLETED ? "Completed" :
	    st == LRL_ENDED_EARLY ? "Ended early by the scheme team" : "");
	if (admin_counts && me_id != r->mentor_id && me_id != r->mentee_id) {
		json_put_i(o, "open_end_requests", r->open_end_requests);
		json_put_i(o, "pending_extensions", r->pending_extensions);
	}
	return o;
}

/* One end request; who handled it and the administrator's note only for
 * administrators (`for_admin`): a dismissal note is internal to the
 * scheme team, so a party sees the status and dates only. */
static json_t *
endreq_json(struct request *req, const struct db_end_request *e, bool for_admin)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", e->id);
	json_put_i(o, "relationship_id", e->relationship_id);
	json_put_s(o, "relationship_url", admin_rel_url(a, e->relationship_id));
	json_put_i(o, "requested_by", e->requested_by);
	json_put_s(o, "requested_by_name", e->requested_by_name);
	json_put_s(o, "reason", e->reason);
	json_put_s(o, "status", e->status);
	json_put_b(o, "is_open", strcmp(e->status, "open") == 0);
	json_put_s(o, "status_label", strcmp(e->status, "open") == 0 ? "Open" :
	    strcmp(e->status, "ended") == 0 ? "Relationship ended" :
	    for_admin ? "Closed with a note" : "Closed by the scheme team");
	json_put_i(o, "created_at", e->created_at);
	json_put_s(o, "asked", app_time_words(a, e->created_at, false));
	json_put_s(o, "handled", app_time_words(a, e->handled_at, false));
	if (for_admin) {
		json_put_s(o, "handled_by", e->handled_by_name);
		json_put_s(o, "admin_note", e->admin_note);
	}
	json_put_s(o, "dismiss_url", arena_printf(a, "/admin/end-requests/%lld/dismiss",
	    (long long)e->id));
	return o;
}

static json_t *
ext_json(struct request *req, const struct db_extension *x)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", x->id);
	json_put_i(o, "relationship_id", x->relationship_id);
	json_put_s(o, "relationship_url", admin_rel_url(a, x->relationship_id));
	json_put_i(o, "sessions", x->sessions);
	json_put_s(o, "reason", x->reason);
	json_put_s(o, "status", x->status);
	json_put_b(o, "is_pending", strcmp(x->status, "pending") == 0);
	json_put_s(o, "status_label", strcmp(x->status, "pending") == 0 ? "Waiting for a "
	    "decision" : strcmp(x->status, "approved") == 0 ? "Approved" : "Declined");
	json_put_s(o, "status_tag", strcmp(x->status, "pending") == 0 ? "nhsuk-tag--yellow" :
	    strcmp(x->status, "approved") == 0 ? "nhsuk-tag--green" : "nhsuk-tag--grey");
	json_put_s(o, "requested_by_name", x->requested_by_name);
	json_put_s(o, "asked", app_time_words(a, x->created_at, false));
	json_put_s(o, "decided_by", x->decided_by_name);
	json_put_s(o, "decided", app_time_words(a, x->decided_at, false));
	json_put_s(o, "decision_note", x->decision_note);
	json_put_s(o, "decide_url", arena_printf(a, "/admin/extensions/%lld", (long long)x->id));
	return o;
}

/* The whole relationship page model (REL-2), for a party or an admin. */
static json_t *
page_model(struct request *req, const struct app_relationship_page *p)
{
	struct arena *a = req->arena;
	const struct app_auth *me = req->auth;
	const struct db_relationship *r = &p->rel.r;
	const struct db_scheme_settings *st = &p->settings;
	json_t *m = rel_row(req, r, me->user_id, p->rel.actor == LC_ADMIN);
	json_put_s(m, "status_label", lc_rel_status_label(p->rel.status));
	json_put_b(m, "is_past", p->rel.status != LRL_ACTIVE);
	json_put_b(m, "is_admin", p->rel.actor == LC_ADMIN);
	json_put_b(m, "is_mentor", p->rel.actor == LC_MENTOR);
	json_put_b(m, "is_mentee", p->rel.actor == LC_MENTEE);
	json_put_s(m, "start_date", p->rel.start_date);
	json_put_s(m, "first_session", r->first_session);
	json_put_s(m, "first_session_text", app_session_words(a, r->first_session, false));
	json_put_s(m, "ended_by", r->ended_by_name);
	if (p->shows_closing_comments)
		json_put_s(m, "closing_comments", r->closing_comments);
	if (p->rel.actor == LC_ADMIN) {
		json_put_s(m, "assigned_by", r->assigned_by_name);
		json_put_s(m, "override_reason", r->override_reason);
	}
	/* REL-9: the commitment; hours come with the sessions issue */
	int64_t mins = st->min_minutes_per_month;
	json_put_i(m, "min_minutes_per_month", mins);
	json_put_s(m, "commitment_text", mins <= 0 ? "No minimum set by the scheme" :
	    mins % 60 == 0 ? arena_printf(a, "At least %lld hour%s a month",
	    (long long)(mins / 60), mins == 60 ? "" : "s") :
	    arena_printf(a, "At least %lld minutes a month", (long long)mins));
	json_put_s(m, "hours_text", "Hours recorded: shown once sessions are recorded");
	/* REL-7: the cap and extensions */
	json_put_i(m, "session_cap", st->session_cap);
	json_put_i(m, "extra_sessions", r->extra_sessions);
	json_put_s(m, "cap_text", st->session_cap <= 0 ? "No limit on the number of sessions" :
	    r->extra_sessions > 0 ? arena_printf(a, "%lld sessions (the scheme's %lld and %lld "
	    "more approved)", (long long)(st->session_cap + r->extra_sessions),
	    (long long)st->session_cap, (long long)r->extra_sessions) :
	    arena_printf(a, "%lld sessions", (long long)st->session_cap));
	json_put_i(m, "default_extension", st->extension_sessions);
	json_t *exts = json_array();
	for (size_t i = 0; i < p->nexts; i++)
		json_array_append_new(exts, ext_json(req, &p->exts[i]));
	json_object_set_new(m, "extensions", exts);
	json_put_b(m, "has_extensions", p->nexts > 0);
	json_put_b(m, "has_pending_extension", p->pending_ext != NULL);
	json_t *ends = json_array();
	for (size_t i = 0; i < p->nends; i++)
		json_array_append_new(ends, endreq_json(req, &p->ends[i],
		    p->rel.actor == LC_ADMIN));
	json_object_set_new(m, "end_requests", ends);
	json_put_b(m, "has_end_requests", p->nends > 0);
	if (p->my_open_end != NULL)
		json_put_s(m, "asked_to_end_on", app_time_words(a, p->my_open_end->created_at, false));
	json_t *acts = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}",
	    "set_estimated_end", p->can_set_end, "complete", p->can_complete,
	    "ask_to_end", p->can_ask_end, "ask_extension", p->can_ask_extension,
	    "end_early", p->can_end_early, "decide_extension", p->can_decide_extension);
	json_object_set_new(m, "can", acts);
	json_put_b(m, "has_actions", p->can_complete || p->can_ask_end ||
	    p->can_ask_extension);
	return m;
}

/* ---- the relationship page (REL-2) ---- */

static const char *const est_fields[] = {"estimated_end", NULL};

static enum err
rel_page(struct request *req, struct response *resp, int status, int64_t id)
{
	struct app_relationship_page p;
	enum err rc = app_relationship_page(req->db, req->arena, req->auth, id, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = page_model(req, &p);
	/* the areas that live on this page (issues 6, 7 and 8) */
	enum err (*const sections[])(struct request *, json_t *,
	    const struct app_relationship_page *) = {rel_sessions_model, rel_notes_model,
	    rel_journey_model, rel_agreement_model, rel_chat_model, rel_evaluations_model};
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if ((rc = sections[i](req, m, &p)) != ERR_OK) {
			json_decref(m);
			return rc;
		}
	}
	if (req->is_api) {
		if (status >= 400)
			json_decref(m);
		return status >= 400 ? page_invalid(req, resp, status) :
		    page_respond(req, resp, status, "relationship", m);
	}
	if (req->method == HTTP_POST)
		page_date_typed(req, m, "est");
	else
		page_date_parts(req, m, "est", p.rel.r.estimated_end);
	page_field_errors(req, m, est_fields);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "relationship", m);
}

static enum err
handle_rel_get(struct request *req, struct response *resp)
{
	return rel_page(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_rel_list(struct request *req, struct response *resp)
{
	struct db_relationship *r;
	size_t n;
	bool past = strcmp(req_str(req, "status"), "past") == 0;
	enum err rc = app_relationships_mine(req->db, req->arena, req->auth, past, &r, &n);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", "Relationships are listed in your "
		    "mentee or mentor view. Switch view first.");
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, rel_row(req, &r[i], req->auth ?
		    ((const struct app_auth *)req->auth)->user_id : 0, false));
	resp_json(resp, req, 200, json_pack("{s:s, s:o}", "status", past ? "past" : "current",
	    "relationships", list));
	return ERR_OK;
}

static enum err
handle_set_end(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, LRLA_SET_END, &rc))
		return rc;
	const char *iso = read_date(req, "est", "estimated_end", "Estimated end date");
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_relationship_set_end(req->db, req->arena, req->auth, id, iso,
		    req->client_ip, &ps);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		add_field_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return rel_page(req, resp, 422, id);
	if (req->is_api)
		return rel_page(req, resp, 200, id);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=estimated_end",
	    rel_url(req->arena, id)));
	return ERR_OK;
}

/* ---- a form page about one relationship: complete, ask to end, extension ---- */

static const char *const complete_fields[] = {"end_date", "closing_comments", NULL};
static const char *const ask_fields[] = {"reason", NULL};
static const char *const ext_fields[] = {"sessions", "reason", NULL};

/* The summary the form pages share, with the fields typed (on a POST). */
static enum err
form_page(struct request *req, struct response *resp, int status, int64_t id,
    enum lc_rel_action action, const char *template, const char *const *fields)
{
	struct app_relationship_page p;
	enum err rc = app_relationship_page(req->db, req->arena, req->auth, id, &p);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return page_invalid(req, resp, status);
	json_t *m = page_model(req, &p);
	bool is_post = req->method == HTTP_POST;
	if (action == LRLA_COMPLETE) {
		if (is_post) {
			page_date_typed(req, m, "end");
		} else {
			char today[11];
			app_today(today);
			page_date_parts(req, m, "end", today);
		}
		json_put_s(m, "closing_comments_typed", is_post ?
		    req_str(req, "closing_comments") : "");
	} else {
		json_put_s(m, "reason_typed", is_post ? req_str(req, "reason") : "");
	}
	if (action == LRLA_ASK_EXTENSION) {
		json_put_s(m, "sessions_typed", is_post ? req_str(req, "sessions") :
		    arena_printf(req->arena, "%lld", (long long)p.settings.extension_sessions));
	}
	page_field_errors(req, m, fields);
	return page_render(req, resp, status, template, m);
}

static enum err
handle_complete_get(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, LRLA_COMPLETE, &rc))
		return rc;
	return form_page(req, resp, 200, id, LRLA_COMPLETE, "relationship-complete",
	    complete_fields);
}

static enum err
handle_complete_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, LRLA_COMPLETE, &rc))
		return rc;
	const char *iso = read_date(req, "end", "end_date", "End date");
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_relationship_complete(req->db, req->arena, req->auth, id, iso,
		    req_str(req, "closing_comments"), req->client_ip, &ps);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		add_field_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return form_page(req, resp, 422, id, LRLA_COMPLETE, "relationship-complete",
		    complete_fields);
	if (req->is_api)
		return rel_page(req, resp, 200, id);
	/* EVAL-3: a mentor the scheme asks goes straight to their evaluation */
	const char *next = eval_after_complete_url(req, id);
	resp_redirect(resp, req, next != NULL ? next : arena_printf(req->arena,
	    "%s?done=completed", rel_url(req->arena, id)));
	return ERR_OK;
}

static enum err
handle_ask_end_get(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, LRLA_ASK_END, &rc))
		return rc;
	return form_page(req, resp, 200, id, LRLA_ASK_END, "relationship-ask-end",
	    ask_fields);
}

static enum err
handle_ask_end_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), end_id = 0;
	enum err rc;
	if (!precheck(req, resp, id, LRLA_ASK_END, &rc))
		return rc;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_relationship_ask_end(req->db, req->arena, req->auth, id,
		    req_str(req, "reason"), req->client_ip, &ps, &end_id);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		add_field_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return form_page(req, resp, 422, id, LRLA_ASK_END, "relationship-ask-end",
		    ask_fields);
	if (req->is_api) {
		resp_json(resp, req, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)end_id,
		    "relationship_id", (json_int_t)id, "status", "open"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=asked_to_end",
	    rel_url(req->arena, id)));
	return ERR_OK;
}

static enum err
handle_extension_get(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc;
	if (!precheck(req, resp, id, LRLA_ASK_EXTENSION, &rc))
		return rc;
	return form_page(req, resp, 200, id, LRLA_ASK_EXTENSION, "relationship-extension",
	    ext_fields);
}

static enum err
handle_extension_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), ext_id = 0;
	enum err rc;
	if (!precheck(req, resp, id, LRLA_ASK_EXTENSION, &rc))
		return rc;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_relationship_ask_extension(req->db, req->arena, req->auth, id,
		    req_has(req, "sessions") ? req_int(req, "sessions") : 0,
		    req_str(req, "reason"), req->client_ip, &ps, &ext_id);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		add_field_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return form_page(req, resp, 422, id, LRLA_ASK_EXTENSION, "relationship-extension",
		    ext_fields);
	if (req->is_api) {
		resp_json(resp, req, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)ext_id,
		    "relationship_id", (json_int_t)id, "status", "pending"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=extension",
	    rel_url(req->arena, id)));
	return ERR_OK;
}

/* ---- administrators: a scheme's relationships (REL-6, REL-7) ---- */

static const char *const status_filters[] = {"active", "completed", "ended_early", NULL};

static const char *const quiet_choices[] = {"14", "30", "60", "90", NULL};

/* ADM-1: the filters as a query string (without `status`), for the
 * status links, so that choosing a status keeps the other filters. */
static const char *
filter_query(struct request *req)
{
	struct buf b;
	buf_init_arena(&b, req->arena, 1024);
	static const char *const names[] = {"cohort", "mentor", "from", "to", "quiet", NULL};
	for (size_t i = 0; names[i]; i++)
		if (req_has(req, names[i]) && *req_str(req, names[i]))
			buf_printf(&b, "&%s=%s", names[i], url_encode(req->arena,
			    req_str(req, names[i])));
	if (req_has(req, "waiting") && req_bool(req, "waiting"))
		buf_printf(&b, "&waiting=1");
	return buf_str(&b);
}

static enum err
handle_admin_list(struct request *req, struct response *resp)
{
	struct app_scheme_relationships s;
	struct app_problems ps = {0};
	int64_t scheme_id = req_int(req, "id");
	const char *status = req_str(req, "status");
	struct app_rel_filter f = {
		.status = status,
		.cohort_id = req_has(req, "cohort") ? req_int(req, "cohort") : 0,
		.mentor_id = req_has(req, "mentor") ? req_int(req, "mentor") : 0,
		.from = req_str(req, "from"),
		.to = req_str(req, "to"),
		.waiting = req_has(req, "waiting") && req_bool(req, "waiting"),
	};
	if (req_has(req, "quiet") && *req_str(req, "quiet"))
		(void)str_to_i64(req_str(req, "quiet"), 1, 365, &f.quiet_days);
	int http_status = 200;
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_relationships_filtered(req->db, req->arena, req->auth, scheme_id, &f,
		    &ps, &s);
	if (rc == ERR_BAD_INPUT) {
		/* the page comes back with the problem beside the field and no
		 * list; the scope is checked first all the same */
		page_add_problems(req, &ps);
		rc = app_relationships_of_scheme(req->db, req->arena, req->auth, scheme_id,
		    "", &s);
		if (rc != ERR_OK)
			return rc;
		if (req->is_api)
			return page_invalid(req, resp, 422);
		s.nrels = 0;
		http_status = 422;
	} else if (rc != ERR_OK) {
		return rc;
	}
	json_t *rels = json_array(), *ends = json_array(), *exts = json_array();
	for (size_t i = 0; i < s.nrels; i++)
		json_array_append_new(rels, rel_row(req, &s.rels[i],
		    ((const struct app_auth *)req->auth)->user_id, true));
	for (size_t i = 0; i < s.nends; i++)
		json_array_append_new(ends, endreq_json(req, &s.ends[i], true));
	for (size_t i = 0; i < s.nexts; i++)
		json_array_append_new(exts, ext_json(req, &s.exts[i]));
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme", s.scheme.name);
	json_put_s(m, "status", status);
	json_object_set_new(m, "relationships", rels);
	json_object_set_new(m, "end_requests", ends);
	json_object_set_new(m, "extensions", exts);
	json_put_i(m, "open_end_requests", (int64_t)s.nends);
	json_put_i(m, "pending_extensions", (int64_t)s.nexts);
	json_put_i(m, "count", (int64_t)s.nrels);
	json_object_set_new(m, "filter", json_pack("{s:s, s:I, s:I, s:s, s:s, s:b, s:I}",
	    "status", status, "cohort", (json_int_t)f.cohort_id, "mentor",
	    (json_int_t)f.mentor_id, "from", f.from, "to", f.to, "waiting", f.waiting,
	    "quiet", (json_int_t)f.quiet_days));
	if (req->is_api)
		return page_respond(req, resp, 200, "admin-relationships", m);
	json_put_b(m, "has_relationships", s.nrels > 0);
	json_put_b(m, "has_end_requests", s.nends > 0);
	json_put_b(m, "has_extensions", s.nexts > 0);
	static const struct { const char *value, *label; } filters[] = {
		{"", "All"}, {"active", "Active"}, {"completed", "Completed"},
		{"ended_early", "Ended early"},
	};
	const char *rest = filter_query(req);
	json_t *fl = json_array();
	for (size_t i = 0; i < 4; i++)
		json_array_append_new(fl, json_pack("{s:s, s:s, s:b}", "label",
		    filters[i].label, "url", *filters[i].value || *rest ?
		    arena_printf(req->arena, "/admin/schemes/%lld/relationships?status=%s%s",
		    (long long)scheme_id, filters[i].value, rest) : arena_printf(req->arena,
		    "/admin/schemes/%lld/relationships", (long long)scheme_id),
		    "is_current", strcmp(status, filters[i].value) == 0));
	json_object_set_new(m, "filters", fl);

	/* the filter form: cohorts and mentors for the selects */
	struct db_cohort *cohorts = NULL;
	struct db_person *mentors = NULL;
	size_t ncohorts = 0, nmentors = 0;
	if ((rc = app_cohorts_list(req->db, req->arena, req->auth, scheme_id, &cohorts,
	    &ncohorts)) != ERR_OK ||
	    (rc = app_finder_people(req->db, req->arena, req->auth, scheme_id, "mentor",
	    &mentors, &nmentors)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_t *co = json_array(), *me = json_array(), *qu = json_array();
	for (size_t i = 0; i < ncohorts; i++)
		json_array_append_new(co, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)cohorts[i].id, "name", cohorts[i].name, "is_selected",
		    cohorts[i].id == f.cohort_id));
	for (size_t i = 0; i < nmentors; i++)
		json_array_append_new(me, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)mentors[i].id, "name", mentors[i].name, "is_selected",
		    mentors[i].id == f.mentor_id));
	for (size_t i = 0; quiet_choices[i]; i++)
		json_array_append_new(qu, json_pack("{s:s, s:b}", "days", quiet_choices[i],
		    "is_selected", strcmp(quiet_choices[i], req_str(req, "quiet")) == 0));
	json_object_set_new(m, "cohorts", co);
	json_put_b(m, "has_cohorts", ncohorts > 0);
	json_object_set_new(m, "mentors", me);
	json_object_set_new(m, "quiet_choices", qu);
	json_put_s(m, "from", f.from);
	json_put_s(m, "to", f.to);
	json_put_b(m, "waiting", f.waiting);
	json_put_b(m, "is_filtered", f.cohort_id || f.mentor_id || *f.from || *f.to ||
	    f.waiting || f.quiet_days);
	json_put_s(m, "clear_url", arena_printf(req->arena,
	    "/admin/schemes/%lld/relationships", (long long)scheme_id));
	json_object_set_new(m, "errors", page_errors(req));
	json_put_b(m, "has_errors", req->errors != NULL);
	static const char *const fields[] = {"from", "to", "cohort", "mentor", "quiet", NULL};
	page_field_errors(req, m, fields);
	admin_menu(req, m, "", scheme_id);
	return page_render(req, resp, http_status, "admin-relationships", m);
}

/* ---- administrators: one relationship ---- */

static const char *const admin_fields[] = {"end_note", "mentor_id", "override_reason",
	"dismiss_note", "decision_note", NULL};

/* The administrator's view; `error_id` the end request or extension whose
 * form comes back with its error, 0 none. */
static enum err
admin_rel_page(struct request *req, struct response *resp, int status, int64_t id,
    int64_t error_id)
{
	struct app_relationship_page p;
	struct db_person *mentors = NULL;
	size_t nmentors = 0;
	enum err rc = app_relationship_page(req->db, req->arena, req->auth, id, &p);
	if (rc == ERR_OK && p.rel.actor != LC_ADMIN)
		rc = ERR_NOT_FOUND;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		if (status >= 400)
			return page_invalid(req, resp, status);
		return page_respond(req, resp, status, "admin-relationships-view",
		    page_model(req, &p));
	}
	if (p.can_end_early && (rc = app_finder_people(req->db, req->arena, req->auth,
	    p.rel.r.scheme_id, "mentor", &mentors, &nmentors)) != ERR_OK)
		return rc;
	json_t *m = page_model(req, &p);
	bool is_post = req->method == HTTP_POST;
	bool on_end_early = is_post && strstr(req->path, "/end-early") != NULL;
	int64_t picked = on_end_early && req_has(req, "mentor_id") ?
	    req_int(req, "mentor_id") : 0;
	json_t *list = json_array();
	for (size_t i = 0; i < nmentors; i++) {
		if (mentors[i].id == p.rel.r.mentor_id)
			continue;
		json_array_append_new(list, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)mentors[i].id, "name", mentors[i].name,
		    "is_selected", mentors[i].id == picked));
	}
	json_object_set_new(m, "mentors", list);
	json_put_s(m, "end_note_typed", on_end_early ? req_str(req, "note") : "");
	json_put_s(m, "override_reason_typed", on_end_early ?
	    req_str(req, "override_reason") : "");
	bool assign_new = on_end_early && strcmp(req_str(req, "then"), "assign") == 0;
	json_put_b(m, "then_assign", assign_new);
	json_put_b(m, "then_search", !assign_new);
	json_put_i(m, "error_id", error_id);
	/* the note typed into the one dismiss or decision form that failed */
	json_t *ends = json_object_get(m, "end_requests");
	json_t *exts = json_object_get(m, "extensions");
	size_t i;
	json_t *o;
	json_array_foreach(ends, i, o) {
		bool err = error_id && json_integer_value(json_object_get(o, "id")) == error_id &&
		    strstr(req->path, "/dismiss") != NULL;
		if (err) {
			json_put_s(o, "note_typed", req_str(req, "note"));
			json_put_s(o, "note_error", req_error(req, "dismiss_note"));
		}
	}
	json_array_foreach(exts, i, o) {
		bool err = error_id && json_integer_value(json_object_get(o, "id")) == error_id &&
		    strstr(req->path, "/extensions/") != NULL;
		if (err) {
			json_put_s(o, "note_typed", req_str(req, "note"));
			json_put_s(o, "note_error", req_error(req, "decision_note"));
		}
	}
	page_field_errors(req, m, admin_fields);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	admin_menu(req, m, "", p.rel.r.scheme_id);
	return page_render(req, resp, status, "admin-relationships-view", m);
}

static enum err
handle_admin_rel(struct request *req, struct response *resp)
{
	return admin_rel_page(req, resp, 200, req_int(req, "id"), 0);
}

/* Problems on app's field `from` go onto the page's `to` (the HTML side
 * has several forms with a note; the API keeps app's names). */
static void
add_problems_as(struct request *req, const struct app_problems *ps, const char *from,
    const char *to)
{
	for (size_t i = 0; i < ps->n; i++) {
		const char *f = ps->p[i].field;
		if (*f == '\0')
			continue;
		if (!req->is_api && strcmp(f, from) == 0)
			f = to;
		if (req_error(req, f) == NULL)
			req_add_error(req, f, ps->p[i].message);
	}
}

/* An admin route's id is a relationship only it may see: a party gets
 * the same 404 as a stranger. */
static bool
admin_precheck(struct request *req, struct response *resp, int64_t id,
    enum lc_rel_action action, enum err *rc)
{
	struct app_relationship rel;
	*rc = app_relationship_guard(req->db, req->arena, req->auth, id, LRLA_VIEW, &rel);
	if (*rc == ERR_OK && rel.actor != LC_ADMIN)
		*rc = ERR_NOT_FOUND;
	if (*rc != ERR_OK)
		return false;
	if (!precheck(req, resp, id, action, rc))
		return false;
	return true;
}

static enum err
handle_end_early(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), new_id = 0;
	enum err rc;
	if (!admin_precheck(req, resp, id, LRLA_END_EARLY, &rc))
		return rc;
	bool assign_new = strcmp(req_str(req, "then"), "assign") == 0;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		struct app_end_early in = {
			.note = req_str(req, "note"), .assign_new = assign_new,
			.mentor_id = req_has(req, "mentor_id") ? req_int(req, "mentor_id") : 0,
			.override_reason = req_str(req, "override_reason"),
		};
		rc = app_relationship_end_early(req->db, req->arena, req->auth, id, &in,
		    req->client_ip, &ps, &new_id);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		add_problems_as(req, &ps, "note", "end_note");
	}
	if (rc != ERR_OK)
		return admin_rel_page(req, resp, 422, id, 0);
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)id,
		    "status", "ended_early", "new_relationship_id", (json_int_t)new_id));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s",
	    admin_rel_url(req->arena, id), new_id ? "reassigned" : "ended_early"));
	return ERR_OK;
}

static enum err
handle_dismiss(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t end_id = req_int(req, "id"), rel_id = 0;
	enum err rc = app_end_request_dismiss(req->db, req->arena, req->auth, end_id,
	    req_str(req, "note"), req->client_ip, &ps, &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	if (rc == ERR_BAD_INPUT) {
		add_problems_as(req, &ps, "note", "dismiss_note");
		return admin_rel_page(req, resp, 422, rel_id, end_id);
	}
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)end_id,
		    "relationship_id", (json_int_t)rel_id, "status", "dismissed"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=dismissed",
	    admin_rel_url(req->arena, rel_id)));
	return ERR_OK;
}

static enum err
handle_decide(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t ext_id = req_int(req, "id"), rel_id = 0;
	bool approve = strcmp(req_str(req, "decision"), "approve") == 0;
	enum err rc;
	/* "decision" is required and the route is not ROUTE_FORM: a missing
	 * one is answered centrally before this runs */
	rc = app_extension_decide(req->db, req->arena, req->auth, ext_id, approve,
	    req_str(req, "note"), req->client_ip, &ps, &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	if (rc == ERR_BAD_INPUT) {
		add_problems_as(req, &ps, "note", "decision_note");
		return admin_rel_page(req, resp, 422, rel_id, ext_id);
	}
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)ext_id,
		    "relationship_id", (json_int_t)rel_id, "status",
		    approve ? "approved" : "declined"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s",
	    admin_rel_url(req->arena, rel_id), approve ? "approved" : "declined"));
	return ERR_OK;
}

/* ---- administrator assignment (REQ-9) ---- */

static const char *const assign_fields[] = {"mentor_id", "override_reason", "first_session",
	NULL};

static enum err
assign_page(struct request *req, struct response *resp, int status)
{
	struct app_assign_preview pv;
	struct db_person *mentors;
	size_t nmentors;
	bool is_post = req->method == HTTP_POST;
	int64_t mentee_id = req_int(req, "id");
	int64_t scheme_id = is_post ? req_int(req, "scheme_id") : req_int(req, "scheme");
	int64_t mentor_id = req_has(req, "mentor_id") ? req_int(req, "mentor_id") : 0;
	bool possible = false;
	enum err rc = app_assign_preview(req->db, req->arena, req->auth, scheme_id, mentee_id,
	    mentor_id, &pv);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_assign_possible(req->db, req->auth, scheme_id, mentee_id, &possible)) !=
	    ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_object_set_new(m, "mentee", person_json(req, mentee_id, pv.mentee.name));
	json_put_b(m, "is_possible", possible);
	json_put_b(m, "has_preview", mentor_id != 0 && !pv.is_not_mentor);
	if (mentor_id != 0 && !pv.is_not_mentor) {
		json_t *p = json_object();
		json_object_set_new(p, "mentor", person_json(req, mentor_id, pv.mentor.name));
		json_put_i(p, "score", pv.as.score.score);
		json_t *reasons = json_array();
		for (size_t i = 0; i < pv.as.nreasons; i++)
			json_array_append_new(reasons, json_string(pv.as.reasons[i]));
		json_object_set_new(p, "reasons", reasons);
		json_put_b(p, "has_reasons", pv.as.nreasons > 0);
		json_put_b(p, "is_excluded", pv.as.exclusion != MX_NONE);
		json_put_s(p, "exclusion", pv.as.why);
		json_put_i(p, "capacity", pv.capacity);
		json_put_i(p, "active", pv.active);
		json_put_b(p, "is_full", pv.is_full);
		json_put_b(p, "needs_override", pv.needs_override);
		json_object_set_new(m, "preview", p);
	}
	if (req->is_api)
		return page_respond(req, resp, status, "admin-assign", m);
	if ((rc = app_finder_people(req->db, req->arena, req->auth, scheme_id, "mentor",
	    &mentors, &nmentors)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < nmentors; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)mentors[i].id, "name", mentors[i].name, "is_selected",
		    mentors[i].id == mentor_id));
	json_object_set_new(m, "mentors", list);
	json_put_i(m, "mentor_id", mentor_id);
	json_put_s(m, "override_reason_typed", is_post ? req_str(req, "override_reason") : "");
	if (is_post)
		page_date_typed(req, m, "first");
	json_put_s(m, "first_time", is_post ? req_str(req, "first_time") : "");
	page_field_errors(req, m, assign_fields);
	admin_menu(req, m, "", scheme_id);
	return page_render(req, resp, status, "admin-assign", m);
}

static enum err
handle_assign_get(struct request *req, struct response *resp)
{
	return assign_page(req, resp, 200);
}

/* The first session: the API's "YYYY-MM-DDTHH:MM", or the page's date
 * boxes and a time box ("" when all are empty). */
static const char *
read_first_session(struct request *req)
{
	static const char *const boxes[] = {"first_day", "first_month", "first_year",
	    "first_time"};
	if (req->is_api)
		return req_str(req, "first_session");
	/* a box's own error (too long) belongs to the one field */
	for (struct field_error *e = req->errors; e != NULL; e = e->next)
		for (size_t i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++)
			if (strcmp(e->field, boxes[i]) == 0)
				e->field = "first_session";
	if (req_error(req, "first_session") != NULL)
		return "";
	const char *when, *why;
	if (app_session_from_parts(req->arena, "First session date", "the first session",
	    req_str(req, "first_day"), req_str(req, "first_month"), req_str(req, "first_year"),
	    req_str(req, "first_time"), &when, &why) != ERR_OK) {
		req_add_error(req, "first_session", why);
		return "";
	}
	return when;
}

static enum err
handle_assign_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = 0;
	struct app_assign_in in = {
		.scheme_id = req_int(req, "scheme_id"), .mentee_id = req_int(req, "id"),
		.mentor_id = req_has(req, "mentor_id") ? req_int(req, "mentor_id") : 0,
		.override_reason = req_str(req, "override_reason"),
	};
	struct app_assign_preview pv;
	/* a stranger to the scheme or the mentee: 404 before any field check */
	enum err rc = app_assign_preview(req->db, req->arena, req->auth, in.scheme_id,
	    in.mentee_id, 0, &pv);
	if (rc != ERR_OK)
		return rc;
	in.first_session = read_first_session(req);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_assign(req->db, req->arena, req->auth, &in, req->client_ip, &ps, &id);
		if (rc == ERR_CONFLICT)
			return page_refuse(req, resp, 409, "conflict", page_why(&ps, "This mentee "
			    "already has a mentor."));
		if (rc == ERR_FORBIDDEN)
			return page_refuse(req, resp, 403, "forbidden", page_why(&ps, "Assignment is "
			    "not allowed in this scheme."));
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		add_field_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return assign_page(req, resp, 422);
	if (req->is_api) {
		resp_json(resp, req, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
		    "status", "active", "url", rel_url(req->arena, id)));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=assigned",
	    admin_rel_url(req->arena, id)));
	return ERR_OK;
}

/* ---- the home page's tabs (REL-1) ---- */

enum err
home_tab_relationships(struct request *req, json_t *tab, bool past)
{
	struct db_relationship *r;
	size_t n;
	const struct app_auth *me = req->auth;
	enum err rc = app_relationships_mine(req->db, req->arena, me, past, &r, &n);
	if (rc == ERR_FORBIDDEN)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, rel_row(req, &r[i], me->user_id, false));
	json_object_set_new(tab, "relationships", list);
	json_put_b(tab, "is_filled", n > 0);
	json_put_b(tab, "shows_mentees", strcmp(me->active->role, "mentor") == 0);
	return ERR_OK;
}

enum err
home_admin_relationships(struct request *req, json_t *m)
{
	const struct app_auth *me = req->auth;
	struct db_rel_counts c;
	if (me->active == NULL)
		return ERR_OK;
	enum err rc = app_relationship_counts(req->db, me, me->active->scheme_id, &c);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	json_object_set_new(m, "rel_admin", json_pack("{s:s, s:I, s:I, s:I, s:b}",
	    "url", arena_printf(req->arena, "/admin/schemes/%lld/relationships",
	    (long long)me->active->scheme_id),
	    "live", (json_int_t)c.live, "open_end_requests", (json_int_t)c.open_end_requests,
	    "pending_extensions", (json_int_t)c.pending_extensions,
	    "has_waiting", c.open_end_requests + c.pending_extensions > 0));
	return ERR_OK;
}

/* ---- routes ---- */

static const char *const list_status[] = {"current", "past", NULL};
static const char *const then_choices[] = {"search", "assign", NULL};
static const char *const decisions[] = {"approve", "decline", NULL};

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define DATE_PART(n, l) {.name = n, .type = P_STRING, .max_len = 10, .label = l}
#define TEXT(n, l) {.name = n, .type = P_TEXT, .max_len = APP_REL_TEXT_MAX, .label = l}

static const struct param_spec by_id[] = {
	ID_PARAM,
	DONE_PARAM,
	{0},
};

static const struct param_spec list_get[] = {
	{.name = "status", .type = P_CHOICE, .choices = list_status,
	    .label = "current or past"},
	{0},
};

static const struct param_spec set_end[] = {
	ID_PARAM,
	DATE_PART("est_day", "the day"),
	DATE_PART("est_month", "the month"),
	DATE_PART("est_year", "the year"),
	DATE_PART("estimated_end", "Estimated end date"),
	{0},
};

static const struct param_spec complete[] = {
	ID_PARAM,
	DATE_PART("end_day", "the day"),
	DATE_PART("end_month", "the month"),
	DATE_PART("end_year", "the year"),
	DATE_PART("end_date", "End date"),
	TEXT("closing_comments", "Closing comments"),
	{0},
};

static const struct param_spec ask_end[] = {
	ID_PARAM,
	TEXT("reason", "Reason"),
	{0},
};

static const struct param_spec extension[] = {
	ID_PARAM,
	{.name = "sessions", .type = P_INT, .min = 1, .max = APP_EXTENSION_MAX,
	    .label = "Number of extra sessions"},
	TEXT("reason", "Reason"),
	{0},
};

static const struct param_spec admin_list[] = {
	ID_PARAM,
	{.name = "status", .type = P_CHOICE, .choices = status_filters,
	    .label = "the status"},
	{.name = "cohort", .type = P_INT, .min = 1, .max = INT64_MAX, .label = "Cohort"},
	{.name = "mentor", .type = P_INT, .min = 1, .max = INT64_MAX, .label = "Mentor"},
	{.name = "from", .type = P_STRING, .max_len = 10, .label = "Started from"},
	{.name = "to", .type = P_STRING, .max_len = 10, .label = "Started to"},
	{.name = "waiting", .type = P_BOOL, .label = "Waiting too long"},
	{.name = "quiet", .type = P_CHOICE, .choices = quiet_choices,
	    .label = "No session in"},
	{0},
};

static const struct param_spec end_early[] = {
	ID_PARAM,
	TEXT("note", "Note"),
	{.name = "then", .type = P_CHOICE, .choices = then_choices,
	    .label = "what happens next for the mentee"},
	{.name = "mentor_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the new mentor"},
	{.name = "override_reason", .type = P_TEXT, .max_len = APP_REL_OVERRIDE_MAX,
	    .label = "Reason for the override"},
	{0},
};

static const struct param_spec dismiss[] = {
	ID_PARAM,
	TEXT("note", "Note"),
	{0},
};

static const struct param_spec decide[] = {
	ID_PARAM,
	{.name = "decision", .type = P_CHOICE, .is_required = true, .choices = decisions,
	    .label = "approve or decline"},
	TEXT("note", "Note"),
	{0},
};

static const struct param_spec assign_get[] = {
	ID_PARAM,
	{.name = "scheme", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the scheme"},
	{.name = "mentor_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the mentor"},
	{0},
};

static const struct param_spec assign_post[] = {
	ID_PARAM,
	{.name = "scheme_id", .type = P_INT, .is_required = true, .min = 1,
	    .max = INT64_MAX, .label = "the scheme"},
	{.name = "mentor_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the mentor"},
	{.name = "override_reason", .type = P_TEXT, .max_len = APP_REL_OVERRIDE_MAX,
	    .label = "Reason for the override"},
	DATE_PART("first_day", "the day"),
	DATE_PART("first_month", "the month"),
	DATE_PART("first_year", "the year"),
	{.name = "first_time", .type = P_STRING, .max_len = 5, .label = "the time"},
	{.name = "first_session", .type = P_STRING, .max_len = 16,
	    .label = "First session"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define F ROUTE_FORM

const struct route relationship_routes[] = {
	{HTTP_GET, "/relationships/{id:int}", handle_rel_get, S, by_id, 0, 0},
	{HTTP_POST, "/relationships/{id:int}/estimated-end", handle_set_end, S, set_end, F, 0},
	{HTTP_GET, "/relationships/{id:int}/complete", handle_complete_get, S, by_id, 0, 0},
	{HTTP_POST, "/relationships/{id:int}/complete", handle_complete_post, S, complete, F,
	    0},
	{HTTP_GET, "/relationships/{id:int}/ask-to-end", handle_ask_end_get, S, by_id, 0, 0},
	{HTTP_POST, "/relationships/{id:int}/ask-to-end", handle_ask_end_post, S, ask_end, F,
	    0},
	{HTTP_GET, "/relationships/{id:int}/extension", handle_extension_get, S, by_id, 0, 0},
	{HTTP_POST, "/relationships/{id:int}/extension", handle_extension_post, S, extension,
	    F, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/relationships", handle_admin_list, A, admin_list,
	    0, 0},
	{HTTP_GET, "/admin/relationships/{id:int}", handle_admin_rel, A, by_id, 0, 0},
	{HTTP_POST, "/admin/relationships/{id:int}/end-early", handle_end_early, A,
	    end_early, F, 0},
	{HTTP_POST, "/admin/end-requests/{id:int}/dismiss", handle_dismiss, A, dismiss, F, 0},
	{HTTP_POST, "/admin/extensions/{id:int}", handle_decide, A, decide, 0, 0},
	{HTTP_GET, "/admin/users/{id:int}/assign", handle_assign_get, A, assign_get, 0, 0},
	{HTTP_POST, "/admin/users/{id:int}/assign", handle_assign_post, A, assign_post, F, 0},

	{HTTP_GET, "/api/v1/relationships", handle_rel_list, S, list_get, 0, 0},
	{HTTP_GET, "/api/v1/relationships/{id:int}", handle_rel_get, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/estimated-end", handle_set_end, S,
	    set_end, F, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/complete", handle_complete_post, S,
	    complete, F, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/ask-to-end", handle_ask_end_post, S,
	    ask_end, F, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/extension", handle_extension_post, S,
	    extension, F, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/relationships", handle_admin_list, A,
	    admin_list, 0, 0},
	{HTTP_GET, "/api/v1/admin/relationships/{id:int}", handle_admin_rel, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/relationships/{id:int}/end-early", handle_end_early, A,
	    end_early, F, 0},
	{HTTP_POST, "/api/v1/admin/end-requests/{id:int}/dismiss", handle_dismiss, A, dismiss,
	    F, 0},
	{HTTP_POST, "/api/v1/admin/extensions/{id:int}", handle_decide, A, decide, 0, 0},
	{HTTP_GET, "/api/v1/admin/users/{id:int}/assign", handle_assign_get, A, assign_get,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/assign", handle_assign_post, A,
	    assign_post, F, 0},
};

#undef S
#undef A
#undef F

const size_t relationship_nroutes = sizeof(relationship_routes) /
    sizeof(relationship_routes[0]);
