/*
 * reqadmin.c - what scheme administrators see and set about requests
 * (REQ-7, REQ-8, REQ-13, REQ-14), with their /api/v1 twins:
 *
 *   /admin/schemes/{id}/requests           waiting too long; each mentor's
 *                                          responsiveness
 *   /admin/schemes/{id}/request-settings   GET form, POST saves
 *   /admin/schemes/{id}/request-settings/holidays         POST adds one
 *   /admin/schemes/{id}/request-settings/holidays/remove  POST removes one
 *   POST /_dev/jobs/requests               dev only: run the deadline job
 *                                          now (tests move the clock first)
 *
 * and the administrator home card "Requests waiting too long".
 *
 * Design: the rows let any administrator in (ACCESS_SCHEME_ADMIN);
 * app/reqjobs.c decides whether `me` runs this scheme and answers
 * ERR_NOT_FOUND (404) otherwise, so another scheme's pages do not leak.
 * Numbers are declared P_INT with their ranges, so a bad number gets its
 * message beside the field from the central check and the page comes
 * back with what was typed (ROUTE_FORM).  API bodies may leave settings
 * out to keep them; on the HTML form an absent checkbox means "off".
 *
 * Trap: the holiday form posts to its own route but re-renders the
 * whole settings page, so the settings part then shows stored values.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/reqjobs.h"
#include "core/arena.h"
#include "core/clock.h"
#include "view/json.h"

static int64_t
scheme_id(const struct request *req)
{
	return req_int(req, "id");
}

static const char *
base_url(struct request *req)
{
	return arena_printf(req->arena, "/admin/schemes/%lld", (long long)scheme_id(req));
}

/* "3 days 4 hours", "5 hours", "less than an hour" */
static const char *
duration_text(struct arena *a, int64_t s)
{
	if (s < 3600)
		return "less than an hour";
	int64_t d = s / 86400, h = (s % 86400) / 3600;
	if (d == 0)
		return arena_printf(a, "%lld hour%s", (long long)h, h == 1 ? "" : "s");
	if (h == 0)
		return arena_printf(a, "%lld day%s", (long long)d, d == 1 ? "" : "s");
	return arena_printf(a, "%lld day%s %lld hour%s", (long long)d, d == 1 ? "" : "s",
	    (long long)h, h == 1 ? "" : "s");
}

static const char *
person_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/people/%lld", (long long)id);
}

/* ---- the home card ---- */

enum err
home_admin_requests(struct request *req, json_t *m)
{
	const struct app_auth *me = req->auth;
	if (me == NULL || me->active == NULL || strcmp(me->active->role, "scheme_admin") != 0)
		return ERR_OK;
	int64_t n = 0;
	enum err rc = app_overdue_count(req->db, me, me->active->scheme_id, clock_now(), &n);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	json_object_set_new(m, "requests_card", json_pack("{s:I, s:b, s:s, s:s}",
	    "overdue", (json_int_t)n, "has_overdue", n > 0,
	    "url", arena_printf(req->arena, "/admin/schemes/%lld/requests",
	    (long long)me->active->scheme_id),
	    "scheme", me->active->scheme_name));
	return ERR_OK;
}

/* ---- the dev route ---- */

static enum err
handle_dev_jobs(struct request *req, struct response *resp)
{
	struct app_reqjobs_report r;
	enum err rc = app_requests_tick(req->db, clock_now(), &r);
	if (rc != ERR_OK)
		return rc;
	resp_json(resp, req, 200, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "now", (json_int_t)clock_now(),
	    "reminded", (json_int_t)r.reminded, "passed", (json_int_t)r.passed,
	    "missed", (json_int_t)r.missed, "paused", (json_int_t)r.paused,
	    "alerted", (json_int_t)r.alerted, "proposed", (json_int_t)r.proposed,
	    "schemes_proposing", (json_int_t)r.schemes_proposing,
	    "failed", (json_int_t)r.failed));
	return ERR_OK;
}

/* ---- responsiveness (REQ-14) ---- */

static const char *const dones[] = {"saved", "holiday_added", "holiday_removed", NULL};

static void
done_banner(struct request *req, json_t *m)
{
	const char *done = req_str(req, "done");
	const char *msg = strcmp(done, "saved") == 0 ? "The request settings have been saved." :
	    strcmp(done, "holiday_added") == 0 ? "The holiday has been added." :
	    strcmp(done, "holiday_removed") == 0 ? "The holiday has been removed." : NULL;
	if (msg != NULL)
		json_put_s(m, "done_message", msg);
}

static enum err
handle_requests(struct request *req, struct response *resp)
{
	int64_t now = clock_now();
	struct app_responsiveness r;
	enum err rc = app_responsiveness_get(req->db, req->arena, req->auth, scheme_id(req),
	    now, &r);
	if (rc != ERR_OK)
		return rc;
	struct arena *a = req->arena;
	json_t *m = json_object();
	json_object_set_new(m, "scheme", json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)r.scheme.id, "name", r.scheme.name, "url", base_url(req)));
	json_t *over = json_array();
	for (size_t i = 0; i < r.noverdue; i++) {
		const struct db_overdue *o = &r.overdue[i];
		int64_t late = now - o->deadline_at;
		int64_t days = late / 86400;
		json_t *x = json_object();
		json_put_i(x, "id", o->id);
		json_put_s(x, "kind", o->kind);
		json_put_b(x, "is_proposal", strcmp(o->kind, "proposal") == 0);
		json_put_i(x, "mentee_id", o->mentee_id);
		json_put_s(x, "mentee_name", o->mentee_name);
		json_put_i(x, "mentor_id", o->mentor_id);
		json_put_s(x, "mentor_name", o->mentor_name);
		json_put_i(x, "submitted_at", o->submitted_at);
		json_put_i(x, "deadline_at", o->deadline_at);
		json_put_i(x, "days_overdue", days);
		json_put_b(x, "is_reminded", o->reminded_at != 0);
		json_put_b(x, "is_alerted", o->alerted_at != 0);
		if (!req->is_api) {
			json_put_s(x, "mentee_url", person_url(a, o->mentee_id));
			json_put_s(x, "mentor_url", person_url(a, o->mentor_id));
			json_put_s(x, "sent", app_time_words(a, o->submitted_at, false));
			json_put_s(x, "deadline", app_time_words(a, o->deadline_at, false));
			json_put_s(x, "overdue_text", days == 0 ? "Less than a day" :
			    arena_printf(a, "%lld day%s", (long long)days, days == 1 ? "" : "s"));
			json_put_s(x, "reminded_on", app_time_words(a, o->reminded_at, false));
			json_put_s(x, "alerted_on", app_time_words(a, o->alerted_at, false));
		}
		json_array_append_new(over, x);
	}
	json_object_set_new(m, "overdue", over);
	json_put_b(m, "has_overdue", r.noverdue > 0);
	json_put_i(m, "overdue_count", (int64_t)r.noverdue);
	json_t *mentors = json_array();
	for (size_t i = 0; i < r.nmentors; i++) {
		const struct app_mentor_response *x = &r.mentors[i];
		json_t *o = json_object();
		json_put_i(o, "id", x->stat.id);
		json_put_s(o, "name", x->stat.name);
		json_put_i(o, "open_requests", x->stat.open_requests);
		if (x->stat.last_active_at)
			json_put_i(o, "last_active_at", x->stat.last_active_at);
		else
			json_object_set_new(o, "last_active_at", json_null());
		json_put_i(o, "answered", x->answered);
		if (x->median_seconds >= 0)
			json_put_i(o, "median_response_seconds", x->median_seconds);
		else
			json_object_set_new(o, "median_response_seconds", json_null());
		json_put_i(o, "missed_deadlines", x->stat.missed_deadlines);
		json_put_b(o, "is_paused", x->stat.paused_at != 0);
		if (x->stat.paused_at)
			json_put_i(o, "paused_at", x->stat.paused_at);
		if (!req->is_api) {
			json_put_s(o, "url", person_url(a, x->stat.id));
			json_put_s(o, "last_active", x->stat.last_active_at ?
			    app_time_words(a, x->stat.last_active_at, false) : "Never");
			json_put_s(o, "median", x->median_seconds >= 0 ?
			    duration_text(a, x->median_seconds) : "No answers yet");
			json_put_s(o, "paused_since", app_time_words(a, x->stat.paused_at, false));
		}
		json_array_append_new(mentors, o);
	}
	json_object_set_new(m, "mentors", mentors);
	json_put_b(m, "has_mentors", r.nmentors > 0);
	if (!req->is_api) {
		admin_menu(req, m, "", scheme_id(req));
		json_put_s(m, "settings_url", arena_printf(a, "%s/request-settings",
		    base_url(req)));
	}
	return page_respond(req, resp, 200, "admin-requests", m);
}

/* ---- request settings ---- */

static const char *const setting_inputs[] = {"proposal_threshold",
	"response_deadline_days", "default_capacity", "session_cap", "extension_sessions",
	"min_hours", "min_minutes", "holiday_day", "holiday_label", NULL};

static const char *
num_text(struct request *req, int64_t v)
{
	return arena_printf(req->arena, "%lld", (long long)v);
}

/* What was typed (the settings form came back), else the stored value. */
static const char *
typed_num(struct request *req, bool back, const char *name, int64_t stored)
{
	return back ? req_str(req, name) : num_text(req, stored);
}

static bool
typed_bool(struct request *req, bool back, const char *name, bool stored)
{
	return back ? req_bool(req, name) : stored;
}

static json_t *
settings_json(const struct db_scheme_settings *st)
{
	return json_pack("{s:b, s:b, s:b, s:I, s:b, s:I, s:I, s:I, s:I, s:I}",
	    "allow_mentee_requests", st->allow_mentee_requests,
	    "ranked_requests", st->ranked_requests,
	    "allow_system_proposals", st->allow_system_proposals,
	    "proposal_threshold", (json_int_t)st->proposal_threshold,
	    "allow_admin_assignment", st->allow_admin_assignment,
	    "response_deadline_days", (json_int_t)st->response_deadline_days,
	    "default_capacity", (json_int_t)st->default_capacity,
	    "session_cap", (json_int_t)st->session_cap,
	    "extension_sessions", (json_int_t)st->extension_sessions,
	    "min_minutes_per_month", (json_int_t)st->min_minutes_per_month);
}

/* form: "settings" when the settings form came back, "holiday" when the
 * holiday form did, NULL for a plain GET. */
static enum err
settings_page(struct request *req, struct response *resp, int status, const char *form)
{
	struct db_scheme scheme;
	struct db_scheme_settings st;
	struct db_holiday *hol;
	size_t nhol;
	enum err rc = app_request_settings_get(req->db, req->arena, req->auth, scheme_id(req),
	    &scheme, &st, &hol, &nhol);
	if (rc != ERR_OK)
		return rc;
	struct arena *a = req->arena;
	json_t *m = json_object();
	json_object_set_new(m, "scheme", json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)scheme.id, "name", scheme.name, "url", base_url(req)));
	json_t *hl = json_array();
	for (size_t i = 0; i < nhol; i++) {
		const char *text = app_date_words(a, hol[i].day);
		if (text[0] == '\0')
			text = hol[i].day;
		json_array_append_new(hl, json_pack("{s:s, s:s, s:s}", "day", hol[i].day,
		    "label", hol[i].label, "day_text", text));
	}
	if (req->is_api) {
		json_t *s = settings_json(&st);
		json_object_set_new(s, "holidays", hl);
		json_object_set_new(m, "settings", s);
		return page_respond(req, resp, status, "admin-request-settings", m);
	}
	json_object_set_new(m, "holidays", hl);
	json_put_b(m, "has_holidays", nhol > 0);
	bool back = form != NULL && strcmp(form, "settings") == 0;
	json_put_b(m, "allow_mentee_requests", typed_bool(req, back, "allow_mentee_requests",
	    st.allow_mentee_requests));
	json_put_b(m, "ranked_requests", typed_bool(req, back, "ranked_requests",
	    st.ranked_requests));
	json_put_b(m, "allow_system_proposals", typed_bool(req, back,
	    "allow_system_proposals", st.allow_system_proposals));
	json_put_b(m, "allow_admin_assignment", typed_bool(req, back,
	    "allow_admin_assignment", st.allow_admin_assignment));
	json_put_s(m, "proposal_threshold", typed_num(req, back, "proposal_threshold",
	    st.proposal_threshold));
	json_put_s(m, "response_deadline_days", typed_num(req, back, "response_deadline_days",
	    st.response_deadline_days));
	json_put_s(m, "default_capacity", typed_num(req, back, "default_capacity",
	    st.default_capacity));
	json_put_s(m, "session_cap", typed_num(req, back, "session_cap", st.session_cap));
	json_put_s(m, "extension_sessions", typed_num(req, back, "extension_sessions",
	    st.extension_sessions));
	json_put_s(m, "min_hours", typed_num(req, back, "min_hours",
	    st.min_minutes_per_month / 60));
	json_put_s(m, "min_minutes", typed_num(req, back, "min_minutes",
	    st.min_minutes_per_month % 60));
	bool hback = form != NULL && strcmp(form, "holiday") == 0;
	json_put_s(m, "holiday_day", hback ? req_str(req, "holiday_day") : "");
	json_put_s(m, "holiday_month", hback ? req_str(req, "holiday_month") : "");
	json_put_s(m, "holiday_year", hback ? req_str(req, "holiday_year") : "");
	json_put_s(m, "holiday_label", hback ? req_str(req, "holiday_label") : "");
	page_field_errors(req, m, setting_inputs);
	admin_menu(req, m, "", scheme_id(req));
	json_put_s(m, "requests_url", arena_printf(a, "%s/requests", base_url(req)));
	if (req->method == HTTP_GET || req->method == HTTP_HEAD)
		done_banner(req, m);
	return page_respond(req, resp, status, "admin-request-settings", m);
}

static enum err
handle_settings(struct request *req, struct response *resp)
{
	return settings_page(req, resp, 200, NULL);
}

static enum err
acted(struct request *req, struct response *resp, const char *done)
{
	if (req->is_api)
		return settings_page(req, resp, 200, NULL);
	resp_redirect(resp, req, arena_printf(req->arena, "%s/request-settings?done=%s",
	    base_url(req), done));
	return ERR_OK;
}

/* A number: typed, else (API only) the stored one; the HTML form must
 * send every number. */
static int64_t
num_in(struct request *req, const char *name, const char *label, int64_t stored)
{
	if (req_has(req, name))
		return req_int(req, name);
	if (req->is_api)
		return stored;
	if (req_error(req, name) == NULL)
		req_add_error(req, name, arena_printf(req->arena, "Enter %s", label));
	return stored;
}

static bool
bool_in(struct request *req, const char *name, bool stored)
{
	if (req->is_api && !req_has(req, name))
		return stored;
	return req_bool(req, name);
}

static enum err
handle_settings_save(struct request *req, struct response *resp)
{
	struct db_scheme scheme;
	struct db_scheme_settings st;
	struct db_holiday *hol;
	size_t nhol;
	enum err rc = app_request_settings_get(req->db, req->arena, req->auth, scheme_id(req),
	    &scheme, &st, &hol, &nhol);
	if (rc != ERR_OK)
		return rc;
	struct app_request_settings_in in = {
		.allow_mentee_requests = bool_in(req, "allow_mentee_requests",
		    st.allow_mentee_requests),
		.ranked_requests = bool_in(req, "ranked_requests", st.ranked_requests),
		.allow_system_proposals = bool_in(req, "allow_system_proposals",
		    st.allow_system_proposals),
		.allow_admin_assignment = bool_in(req, "allow_admin_assignment",
		    st.allow_admin_assignment),
		.proposal_threshold = num_in(req, "proposal_threshold",
		    "the lowest match score", st.proposal_threshold),
		.response_deadline_days = num_in(req, "response_deadline_days",
		    "the response deadline", st.response_deadline_days),
		.default_capacity = num_in(req, "default_capacity", "the number of mentees",
		    st.default_capacity),
		.session_cap = num_in(req, "session_cap", "the session limit", st.session_cap),
		.extension_sessions = num_in(req, "extension_sessions",
		    "the number of extra sessions", st.extension_sessions),
		.min_hours = num_in(req, "min_hours", "the hours",
		    st.min_minutes_per_month / 60),
		.min_minutes = num_in(req, "min_minutes", "the minutes",
		    st.min_minutes_per_month % 60),
	};
	if (req->errors == NULL) {
		struct app_problems ps = {0};
		rc = app_request_settings_put(req->db, req->arena, req->auth, scheme_id(req), &in,
		    req->client_ip, &ps);
		if (rc == ERR_OK)
			return acted(req, resp, "saved");
		if (rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return settings_page(req, resp, 400, "settings");
}

static enum err
handle_holiday_add(struct request *req, struct response *resp)
{
	if (req->errors == NULL) {
		const char *iso = "", *why = NULL;
		struct app_problems ps = {0};
		enum err rc = app_date_from_parts(req->arena, "Date of the holiday",
		    req_str(req, "holiday_day"), req_str(req, "holiday_month"),
		    req_str(req, "holiday_year"), &iso, &why);
		if (rc != ERR_OK) {
			app_problem(&ps, "holiday_day", why ? why :
			    "Date of the holiday must be a real date");
		} else {
			rc = app_holiday_add(req->db, req->arena, req->auth, scheme_id(req), iso,
			    req_str(req, "holiday_label"), req->client_ip, &ps);
			if (rc == ERR_OK)
				return acted(req, resp, "holiday_added");
			if (rc != ERR_BAD_INPUT && rc != ERR_CONFLICT)
				return rc;
		}
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return settings_page(req, resp, 400, "holiday");
}

static enum err
handle_holiday_remove(struct request *req, struct response *resp)
{
	enum err rc = app_holiday_remove(req->db, req->arena, req->auth, scheme_id(req),
	    req_str(req, "day"), req->client_ip);
	if (rc != ERR_OK)
		return rc;
	return acted(req, resp, "holiday_removed");
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the scheme"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define NUM(n, lo, hi, l) {.name = n, .type = P_INT, .min = lo, .max = hi, .label = l}
#define FLAG(n, l) {.name = n, .type = P_BOOL, .label = l}

static const struct param_spec scheme_get[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec settings_post[] = {
	ID_PARAM,
	FLAG("allow_mentee_requests", "Mentees may send requests"),
	FLAG("ranked_requests", "Ranked requests"),
	FLAG("allow_system_proposals", "System proposals"),
	FLAG("allow_admin_assignment", "Administrator assignment"),
	NUM("proposal_threshold", 1, 100, "the lowest match score"),
	NUM("response_deadline_days", 1, 60, "the response deadline"),
	NUM("default_capacity", 1, 50, "the number of mentees"),
	NUM("session_cap", 0, 100, "the session limit"),
	NUM("extension_sessions", 0, 20, "the number of extra sessions"),
	NUM("min_hours", 0, 40, "the hours"),
	NUM("min_minutes", 0, 59, "the minutes"),
	{0},
};
static const struct param_spec holiday_post[] = {
	ID_PARAM,
	{.name = "holiday_day", .type = P_STRING, .max_len = 10, .label = "the day"},
	{.name = "holiday_month", .type = P_STRING, .max_len = 10, .label = "the month"},
	{.name = "holiday_year", .type = P_STRING, .max_len = 10, .label = "the year"},
	{.name = "holiday_label", .type = P_STRING, .max_len = 100,
	    .label = "the name of the holiday"},
	{0},
};
static const struct param_spec holiday_remove_post[] = {
	ID_PARAM,
	{.name = "day", .type = P_STRING, .is_required = true, .max_len = 10,
	    .label = "the holiday"},
	{0},
};
static const struct param_spec dev_jobs[] = {{0}};

#define A ACCESS_SCHEME_ADMIN
#define S "/admin/schemes/{id:int}"
#define API "/api/v1/admin/schemes/{id:int}"

const struct route reqadmin_routes[] = {
	{HTTP_GET, S "/requests", handle_requests, A, scheme_get, 0, 0},
	{HTTP_GET, API "/requests", handle_requests, A, scheme_get, 0, 0},
	{HTTP_GET, S "/request-settings", handle_settings, A, scheme_get, 0, 0},
	{HTTP_GET, API "/request-settings", handle_settings, A, scheme_get, 0, 0},
	{HTTP_POST, S "/request-settings", handle_settings_save, A, settings_post,
	    ROUTE_FORM, 0},
	{HTTP_POST, API "/request-settings", handle_settings_save, A, settings_post,
	    ROUTE_FORM, 0},
	{HTTP_POST, S "/request-settings/holidays", handle_holiday_add, A, holiday_post,
	    ROUTE_FORM, 0},
	{HTTP_POST, API "/request-settings/holidays", handle_holiday_add, A, holiday_post,
	    ROUTE_FORM, 0},
	{HTTP_POST, S "/request-settings/holidays/remove", handle_holiday_remove, A,
	    holiday_remove_post, 0, 0},
	{HTTP_POST, API "/request-settings/holidays/remove", handle_holiday_remove, A,
	    holiday_remove_post, 0, 0},
	{HTTP_POST, "/_dev/jobs/requests", handle_dev_jobs, ACCESS_PUBLIC, dev_jobs,
	    ROUTE_DEV | ROUTE_NO_GATE, 0},
};
const size_t reqadmin_nroutes = sizeof(reqadmin_routes) / sizeof(reqadmin_routes[0]);
