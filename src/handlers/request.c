/*
 * request.c - match requests and proposals, the mentee's and mentor's
 * pages (REQ-1 to REQ-6, REQ-8, REQ-12, REQ-13) and their /api/v1 twins
 * (docs/api-requests.md).
 *
 * Pages: /people/{id}/request (the request form, with second and third
 * choices when the scheme ranks), /requests (the list; the same content
 * as the home tab "My mentoring requests"), /requests/{id} (one request:
 * the mentor's decision form or the mentee's withdraw and amend forms),
 * POST /requests/{id}/decision, /withdraw, /amend.  A dev-only POST
 * /_dev/proposal makes a system proposal for the tests (REQ-8).
 *
 * Design: who may do what is app's (app/request.c): another pair's
 * request is ERR_NOT_FOUND (404, never revealing it exists), the wrong
 * party's action ERR_FORBIDDEN (403), the wrong state ERR_CONFLICT (409,
 * the page again with the reason).  The decision form is one form with
 * radios whose extra fields (first session, comment) are always shown,
 * so it works without JavaScript; the server decides which belong to the
 * chosen decision.  The first session comes as day, month and year
 * boxes and a time (HH:MM) on the page, or "first_session"
 * ("YYYY-MM-DDTHH:MM") in the API.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/request.h"
#include "core/arena.h"
#include "core/clock.h"
#include "view/json.h"

static bool
is_mentee_view(const struct request *req)
{
	const struct app_auth *me = req->auth;
	return me->active != NULL && strcmp(me->active->role, "mentee") == 0;
}

static const char *const not_mentee = "Only mentees can request a mentor. If you are a "
    "mentee too, switch to your mentee view first.";

/* One request as JSON, for lists, the page and the API. */
static json_t *
request_json(struct request *req, const struct db_request *r, enum lc_actor who)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	bool for_mentor = who == LC_MENTOR;
	enum lc_req_status st = lc_req_status_parse(r->status);
	bool is_proposal = strcmp(r->kind, "proposal") == 0;
	int64_t now = clock_now();
	json_put_i(o, "id", r->id);
	json_put_s(o, "url", arena_printf(a, "/requests/%lld", (long long)r->id));
	json_put_s(o, "kind", r->kind);
	json_put_b(o, "is_proposal", is_proposal);
	json_put_s(o, "status", r->status);
	json_put_s(o, "status_label", app_request_status_label(r->status, for_mentor));
	json_put_s(o, "status_tag", st == LRS_APPROVED ? "nhsuk-tag--green" :
	    st == LRS_DECLINED ? "nhsuk-tag--red" : st == LRS_WAITING ? "nhsuk-tag--yellow" :
	    st == LRS_AMEND ? "nhsuk-tag--orange" : st == LRS_NEW ? "nhsuk-tag--blue" :
	    "nhsuk-tag--grey");
	json_put_b(o, "is_open", lc_req_is_open(st));
	json_put_b(o, "is_new", st == LRS_NEW);
	json_put_b(o, "is_waiting", st == LRS_WAITING);
	json_put_b(o, "is_amend", st == LRS_AMEND);
	json_put_b(o, "is_approved", st == LRS_APPROVED);
	json_put_i(o, "mentee_id", r->mentee_id);
	json_put_s(o, "mentee_name", r->mentee_name);
	json_put_s(o, "mentee_url", arena_printf(a, "/people/%lld", (long long)r->mentee_id));
	json_put_i(o, "mentor_id", r->mentor_id);
	json_put_s(o, "mentor_name", r->mentor_name);
	json_put_s(o, "mentor_url", arena_printf(a, "/people/%lld", (long long)r->mentor_id));
	json_put_s(o, "message", r->message);
	json_put_b(o, "has_message", r->message[0] != '\0');
	json_put_s(o, "response", r->response);
	json_put_b(o, "has_response", r->response[0] != '\0');
	json_put_s(o, "closed_reason", r->closed_reason);
	json_put_i(o, "score", r->score);
	json_put_i(o, "rank", r->rank);
	json_put_i(o, "rank_group", r->rank_group);
	json_put_b(o, "is_ranked", r->rank_group != 0);
	json_put_s(o, "first_session", r->first_session);
	json_put_s(o, "first_session_text", app_session_words(a, r->first_session, false));
	json_put_i(o, "relationship_id", r->relationship_id);
	if (r->relationship_id)
		json_put_s(o, "relationship_url", arena_printf(a, "/relationships/%lld",
		    (long long)r->relationship_id));
	json_put_i(o, "submitted_at", r->submitted_at);
	json_put_s(o, "submitted", app_time_words(a, r->submitted_at, false));
	json_put_i(o, "deadline_at", r->deadline_at);
	json_put_s(o, "answer_by", st == LRS_NEW ? app_time_words(a, r->deadline_at, false) : "");
	json_put_b(o, "is_overdue", st == LRS_NEW && r->deadline_at > 0 && r->deadline_at < now);
	json_put_i(o, "decided_at", r->decided_at);
	json_put_s(o, "decided", app_time_words(a, r->decided_at, false));
	/* what the viewer can do */
	bool can_decide = who == LC_MENTOR && (st == LRS_NEW || st == LRS_WAITING);
	json_put_b(o, "can_decide", can_decide);
	json_put_b(o, "can_waitlist", can_decide && !is_proposal && st == LRS_NEW);
	json_put_b(o, "can_ask_amend", can_decide && st == LRS_NEW);
	json_put_b(o, "can_withdraw", who == LC_MENTEE && lc_req_is_open(st));
	json_put_b(o, "can_amend", who == LC_MENTEE && st == LRS_AMEND);
	return o;
}

/* The list of the active view into m (REQ-2).  *count: how many. */
static enum err
list_model(struct request *req, json_t *m, size_t *count)
{
	struct db_request *rows;
	size_t n;
	bool is_mentor;
	enum err rc = app_requests_list(req->db, req->arena, req->auth, &rows, &n, &is_mentor);
	*count = 0;
	if (rc != ERR_OK)
		return rc;
	json_t *fresh = json_array(), *waiting = json_array(), *amend = json_array(),
	    *all = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = request_json(req, &rows[i], is_mentor ? LC_MENTOR : LC_MENTEE);
		json_array_append(all, o);
		if (is_mentor)
			json_array_append(strcmp(rows[i].status, "new") == 0 ? fresh :
			    strcmp(rows[i].status, "waiting") == 0 ? waiting : amend, o);
		json_decref(o);
	}
	json_put_b(m, "is_mentor_list", is_mentor);
	json_put_b(m, "has_requests", n > 0);
	json_put_i(m, "outstanding", (int64_t)(json_array_size(fresh) + json_array_size(waiting)));
	json_put_b(m, "has_new", json_array_size(fresh) > 0);
	json_put_b(m, "has_waiting", json_array_size(waiting) > 0);
	json_put_b(m, "has_amend", json_array_size(amend) > 0);
	if (req->is_api) {
		json_decref(fresh);
		json_decref(waiting);
		json_decref(amend);
	} else {
		json_object_set_new(m, "new_requests", fresh);
		json_object_set_new(m, "waiting_requests", waiting);
		json_object_set_new(m, "amend_requests", amend);
	}
	json_object_set_new(m, "requests", all);
	*count = n;
	return ERR_OK;
}

enum err
home_tab_requests(struct request *req, json_t *tab)
{
	size_t n;
	enum err rc = list_model(req, tab, &n);
	if (rc == ERR_FORBIDDEN)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	json_put_b(tab, "is_filled", n > 0);
	return ERR_OK;
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"sent", "Your request has been sent. We have emailed the mentor."},
		{"approved", "You have approved the request. We have emailed you both."},
		{"waitlist", "The request is on your waiting list. We have told the mentee."},
		{"declined", "You have declined the request. We have told the mentee."},
		{"amend", "You have asked the mentee to amend the request. We have told them."},
		{"withdrawn", "Your request has been withdrawn."},
		{"resubmitted", "Your amended request has been sent. We have emailed the mentor."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static const char *const dones[] = {"sent", "approved", "waitlist", "declined", "amend",
	"withdrawn", "resubmitted", NULL};

static enum err
handle_list(struct request *req, struct response *resp)
{
	json_t *m = json_object();
	size_t n;
	enum err rc = list_model(req, m, &n);
	if (rc == ERR_FORBIDDEN) {
		json_decref(m);
		return page_refuse(req, resp, 403, "forbidden", "Mentoring requests are for mentees "
		    "and mentors. Switch to your mentee or mentor view to see yours.");
	}
	if (rc != ERR_OK) {
		json_decref(m);
		return rc;
	}
	if (!req->is_api)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_respond(req, resp, 200, "request-list", m);
}

/* ---- the request form (REQ-1, REQ-13) ---- */

static const char *const form_fields[] = {"message", "mentor_id", "second_id", "third_id",
	NULL};

static json_t *
choices_json(struct request *req, const struct db_person *p, size_t n, int64_t chosen)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)p[i].id, "name", p[i].name, "is_selected", p[i].id == chosen));
	(void)req;
	return list;
}

static enum err
request_form(struct request *req, struct response *resp, int status, int64_t mentor_id)
{
	struct db_brief mentor;
	const char *why;
	enum err rc = app_request_check(req->db, req->arena, req->auth, mentor_id, &why);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_person_brief(req->db, req->arena, mentor_id, &mentor)) != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_i(m, "mentor_id", mentor_id);
	json_put_s(m, "mentor_name", mentor.name);
	json_put_s(m, "mentor_url", arena_printf(req->arena, "/people/%lld",
	    (long long)mentor_id));
	json_put_s(m, "action", arena_printf(req->arena, "/people/%lld/request",
	    (long long)mentor_id));
	bool is_post = req->method == HTTP_POST;
	json_put_s(m, "message", is_post ? req_str(req, "message") : "");
	/* a reason the rules give, unless the form was sent and has its own */
	json_put_b(m, "can_request", why == NULL || is_post);
	json_put_s(m, "why", why && !is_post ? why : "");
	struct db_person *p;
	size_t np;
	if ((rc = app_request_choices(req->db, req->arena, req->auth, mentor_id, &p, &np)) !=
	    ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_put_b(m, "is_ranked", np > 0);
	json_object_set_new(m, "second_choices", choices_json(req, p, np,
	    is_post ? req_int(req, "second_id") : 0));
	json_object_set_new(m, "third_choices", choices_json(req, p, np,
	    is_post ? req_int(req, "third_id") : 0));
	page_field_errors(req, m, form_fields);
	return page_render(req, resp, status, "request-form", m);
}

static enum err
handle_form(struct request *req, struct response *resp)
{
	if (!is_mentee_view(req))
		return page_refuse(req, resp, 403, "forbidden", not_mentee);
	return request_form(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_create(struct request *req, struct response *resp)
{
	if (!is_mentee_view(req))
		return page_refuse(req, resp, 403, "forbidden", not_mentee);
	int64_t mentor_id = req_has(req, "id") ? req_int(req, "id") : req_int(req, "mentor_id");
	struct app_request_in in = {.mentor_id = mentor_id, .message = req_str(req, "message"),
	    .second_id = req_int(req, "second_id"), .third_id = req_int(req, "third_id")};
	struct app_problems ps = {0};
	int64_t id = 0;
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		if (mentor_id == 0)
			app_problem(&ps, "mentor_id", "Choose the mentor to request");
		else
			rc = app_request_create(req->db, req->arena, req->auth, &in,
			    req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT && rc != ERR_CONFLICT)
			return rc;
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL) {
		int status = rc == ERR_CONFLICT ? 409 : 422;
		if (req->is_api)
			return page_invalid(req, resp, status);
		return request_form(req, resp, status, mentor_id);
	}
	if (req->is_api) {
		struct db_request r;
		enum lc_actor who;
		if ((rc = app_request_get(req->db, req->arena, req->auth, id, &r, &who)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 201, request_json(req, &r, who));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/requests/%lld?done=sent",
	    (long long)id));
	return ERR_OK;
}

/* ---- one request ---- */

static const char *const show_fields[] = {"decision", "comment", "first_session",
	"message", NULL};

static const char *const decisions[] = {"approve", "waitlist", "decline", "amend", NULL};

static enum err
show(struct request *req, struct response *resp, int status, int64_t id)
{
	struct db_request r;
	enum lc_actor who;
	enum err rc = app_request_get(req->db, req->arena, req->auth, id, &r, &who);
	if (rc != ERR_OK)
		return rc;
	json_t *m = request_json(req, &r, who);
	if (req->is_api) {
		resp_json(resp, req, status, m);
		return ERR_OK;
	}
	bool is_post = req->method == HTTP_POST;
	bool is_decision = is_post && strstr(req->path, "/decision") != NULL;
	json_put_b(m, "is_mentor_view", who == LC_MENTOR);
	json_put_b(m, "is_mentee_view", who == LC_MENTEE);
	json_put_b(m, "is_admin_view", who == LC_ADMIN);
	json_put_s(m, "done_message", is_post ? NULL : done_message(req_str(req, "done")));
	const char *chosen = is_decision ? req_str(req, "decision") : "";
	json_t *opts = json_array();
	static const char *const labels[2][4] = {
		{"Approve the request", "Put it on my waiting list", "Decline the request",
		    "Ask the mentee to amend it"},
		{"Accept the suggestion", "", "Reject the suggestion", "Ask for it to be amended"},
	};
	bool proposal = strcmp(r.kind, "proposal") == 0;
	for (size_t i = 0; decisions[i] != NULL; i++) {
		if (i == 1 && (proposal || strcmp(r.status, "new") != 0))
			continue;
		if (i == 3 && strcmp(r.status, "new") != 0)
			continue;
		json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}", "value",
		    decisions[i], "label", labels[proposal][i], "id",
		    json_array_size(opts) == 0 ? "decision" :
		    arena_printf(req->arena, "decision-%s", decisions[i]),
		    "is_checked", strcmp(chosen, decisions[i]) == 0));
	}
	json_object_set_new(m, "decisions", opts);
	json_put_s(m, "comment_value", is_decision ? req_str(req, "comment") : "");
	json_put_s(m, "first_day", is_decision ? req_str(req, "first_session_day") : "");
	json_put_s(m, "first_month", is_decision ? req_str(req, "first_session_month") : "");
	json_put_s(m, "first_year", is_decision ? req_str(req, "first_session_year") : "");
	json_put_s(m, "first_time", is_decision ? req_str(req, "first_session_time") : "");
	/* each POST route declares only its own fields: read those */
	bool is_amend = is_post && strstr(req->path, "/amend") != NULL;
	json_put_s(m, "amend_message", is_amend ? req_str(req, "message") : r.message);
	page_field_errors(req, m, show_fields);
	return page_render(req, resp, status, "request-show", m);
}

static enum err
handle_show(struct request *req, struct response *resp)
{
	return show(req, resp, 200, req_int(req, "id"));
}

/* Central validation puts a bad box's error on its own name: move each
 * onto "first_session" (the day box's id), keeping one. */
static void
move_session_errors(struct request *req)
{
	struct field_error **at = &req->errors;
	bool seen = false;
	while (*at != NULL) {
		struct field_error *e = *at;
		if (strncmp(e->field, "first_session", 13) == 0) {
			if (seen) {
				*at = e->next;
				continue;
			}
			seen = true;
			e->field = "first_session";
		}
		at = &e->next;
	}
}

/* The proposed first session from the boxes ("" when all are empty). */
static const char *
read_session(struct request *req)
{
	if (req->is_api)
		return req_str(req, "first_session");
	const char *when, *why;
	if (app_session_from_parts(req->arena, "First session date", "the first session",
	    req_str(req, "first_session_day"), req_str(req, "first_session_month"),
	    req_str(req, "first_session_year"), req_str(req, "first_session_time"), &when,
	    &why) != ERR_OK) {
		req_add_error(req, "first_session", why);
		return "";
	}
	return when;
}

/* After an app refusal: the page again with the reason, or JSON. */
static enum err
answer_refusal(struct request *req, struct response *resp, enum err rc, int64_t id)
{
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", "Only the other person in this "
		    "request can do that.");
	if (rc != ERR_BAD_INPUT && rc != ERR_CONFLICT)
		return rc;
	int status = rc == ERR_CONFLICT ? 409 : 422;
	if (req->is_api)
		return page_invalid(req, resp, status);
	return show(req, resp, status, id);
}

static enum err
handle_decision(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	const char *first = read_session(req);
	move_session_errors(req);
	struct app_decision_in in = {.decision = app_decision_parse(req_str(req, "decision")),
	    .comment = req_str(req, "comment"), .first_session = first};
	struct app_problems ps = {0};
	int64_t rel_id = 0;
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL || req_error(req, "decision") == NULL) {
		if (req->errors != NULL) {
			/* other fields are wrong: still say 404/403/409 first */
			struct db_request r;
			enum lc_actor who;
			if ((rc = app_request_get(req->db, req->arena, req->auth, id, &r, &who)) !=
			    ERR_OK)
				return rc;
			rc = who == LC_MENTOR ? ERR_BAD_INPUT : ERR_FORBIDDEN;
		} else {
			rc = app_request_decide(req->db, req->arena, req->auth, id, &in,
			    req->client_ip, &ps, &rel_id);
		}
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK)
		return answer_refusal(req, resp, rc, id);
	if (req->is_api)
		return show(req, resp, 200, id);
	static const char *const done[] = {"approved", "waitlist", "declined", "amend"};
	resp_redirect(resp, req, arena_printf(req->arena, "/requests/%lld?done=%s",
	    (long long)id, done[in.decision]));
	return ERR_OK;
}

static enum err
handle_withdraw(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc = app_request_withdraw(req->db, req->arena, req->auth, id,
	    req->client_ip);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", "This request has already been "
		    "decided or withdrawn, so it cannot be withdrawn.");
	if (rc != ERR_OK)
		return answer_refusal(req, resp, rc, id);
	if (req->is_api)
		return show(req, resp, 200, id);
	resp_redirect(resp, req, arena_printf(req->arena, "/requests/%lld?done=withdrawn",
	    (long long)id));
	return ERR_OK;
}

static enum err
handle_amend(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_problems ps = {0};
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_request_resubmit(req->db, req->arena, req->auth, id,
		    req_str(req, "message"), req->client_ip, &ps);
	else {
		struct db_request r;
		enum lc_actor who;
		if ((rc = app_request_get(req->db, req->arena, req->auth, id, &r, &who)) !=
		    ERR_OK)
			return rc;
		rc = who == LC_MENTEE ? ERR_BAD_INPUT : ERR_FORBIDDEN;
	}
	page_add_problems(req, &ps);
	if (rc != ERR_OK)
		return answer_refusal(req, resp, rc, id);
	if (req->is_api)
		return show(req, resp, 200, id);
	resp_redirect(resp, req, arena_printf(req->arena, "/requests/%lld?done=resubmitted",
	    (long long)id));
	return ERR_OK;
}

/* ---- dev: a system proposal for the tests (REQ-8) ---- */

static enum err
handle_dev_proposal(struct request *req, struct response *resp)
{
	int64_t mentee = req_int(req, "mentee_id"), mentor = req_int(req, "mentor_id");
	int64_t scheme = req_has(req, "scheme_id") ? req_int(req, "scheme_id") : 1;
	int64_t id = 0;
	enum err rc = app_proposal_create(req->db, req->arena, scheme, mentee, mentor,
	    req_int(req, "score"), &id);
	if (rc != ERR_OK)
		return rc;
	resp_json(resp, req, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the request"}
#define PERSON_ID {.name = "id", .type = P_INT, .min = 1, .max = INT64_MAX, \
	.label = "the mentor"}
#define MESSAGE {.name = "message", .type = P_TEXT, .max_len = APP_REQUEST_MESSAGE_MAX, \
	.label = "Your message"}

static const struct param_spec list_get[] = {
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{0},
};
static const struct param_spec form_get[] = {PERSON_ID, {0}};
static const struct param_spec create[] = {
	PERSON_ID,
	{.name = "mentor_id", .type = P_INT, .min = 1, .max = INT64_MAX, .label = "the mentor"},
	MESSAGE,
	{.name = "second_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "your second choice"},
	{.name = "third_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "your third choice"},
	{0},
};
static const struct param_spec show_get[] = {
	ID_PARAM,
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{0},
};
static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec decide[] = {
	ID_PARAM,
	{.name = "decision", .type = P_CHOICE, .is_required = true, .choices = decisions,
	    .label = "what you want to do with the request"},
	{.name = "comment", .type = P_TEXT, .max_len = APP_REQUEST_COMMENT_MAX,
	    .label = "Your comment"},
	{.name = "first_session_day", .type = P_STRING, .max_len = 2,
	    .label = "First session day"},
	{.name = "first_session_month", .type = P_STRING, .max_len = 2,
	    .label = "First session month"},
	{.name = "first_session_year", .type = P_STRING, .max_len = 4,
	    .label = "First session year"},
	{.name = "first_session_time", .type = P_STRING, .max_len = 5,
	    .label = "First session time"},
	{.name = "first_session", .type = P_STRING, .max_len = 16,
	    .label = "First session"},
	{0},
};
static const struct param_spec amend[] = {ID_PARAM, MESSAGE, {0}};
static const struct param_spec dev_proposal[] = {
	{.name = "mentee_id", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the mentee"},
	{.name = "mentor_id", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the mentor"},
	{.name = "score", .type = P_INT, .min = 0, .max = 100, .label = "the score"},
	{.name = "scheme_id", .type = P_INT, .min = 1, .max = INT64_MAX, .label = "the scheme"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

const struct route request_routes[] = {
	{HTTP_GET, "/people/{id:int}/request", handle_form, S, form_get, 0, 0},
	{HTTP_POST, "/people/{id:int}/request", handle_create, S, create, F, 0},
	{HTTP_GET, "/requests", handle_list, S, list_get, 0, 0},
	{HTTP_GET, "/requests/{id:int}", handle_show, S, show_get, 0, 0},
	{HTTP_POST, "/requests/{id:int}/decision", handle_decision, S, decide, F, 0},
	{HTTP_POST, "/requests/{id:int}/withdraw", handle_withdraw, S, by_id, 0, 0},
	{HTTP_POST, "/requests/{id:int}/amend", handle_amend, S, amend, F, 0},
	{HTTP_POST, "/_dev/proposal", handle_dev_proposal, S, dev_proposal, ROUTE_DEV, 0},

	{HTTP_GET, "/api/v1/requests", handle_list, S, list_get, 0, 0},
	{HTTP_POST, "/api/v1/requests", handle_create, S, create, F, 0},
	{HTTP_GET, "/api/v1/requests/{id:int}", handle_show, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/requests/{id:int}/decision", handle_decision, S, decide, F, 0},
	{HTTP_POST, "/api/v1/requests/{id:int}/withdraw", handle_withdraw, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/requests/{id:int}/amend", handle_amend, S, amend, F, 0},
};

#undef S
#undef F

const size_t request_nroutes = sizeof(request_routes) / sizeof(request_routes[0]);
