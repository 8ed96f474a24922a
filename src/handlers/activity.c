/*
 * activity.c - activity logs of sessions (SES-7), My activity (SES-8),
 * the home page's "My activity" tab (REL-1) and the evidence export
 * (SES-11): the pages and their /api/v1 twins.
 *
 *   /sessions/{id}/log          GET the log; POST the mentor's summary
 *                               ("summary") or the mentee's notes ("notes")
 *   /activity?from=&to=         the person's sessions and diary entries
 *                               in a date range (default the last month)
 *   /activity/evidence          a printable record (A4, assets/print.css)
 *   /activity/evidence.csv      the same record as CSV (an attachment)
 *   /api/v1/sessions/{id}/log, /api/v1/activity, /api/v1/activity/evidence
 *
 * Who may do what is app/activity.c's decision: 404 for anyone who may
 * not see the relationship, 403 for an administrator writing (or
 * reading when the scheme keeps logs private), 409 with the sentence
 * when the relationship ended, the session did not take place or (for
 * the mentee) no summary exists yet.  Bad input re-renders the form with
 * the message beside the field and what was typed, status 422 (the API:
 * {"error": {code, message, fields}}).
 *
 * Dates: the range is typed into <input type="date"> boxes, which send
 * YYYY-MM-DD; where a browser shows a text box instead, D/M/YYYY is
 * accepted too.  Times are shown in each session's scheme's zone.
 * There is no id in the evidence URLs: a person only ever gets their
 * own record.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/activity.h"
#include "app/date.h"
#include "app/relationship.h"
#include "app/sessions.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/tz.h"
#include "view/json.h"

/* ---- small helpers ---- */

static void
add_field_problems(struct request *req, const struct app_problems *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		if (*ps->p[i].field != '\0' && req_error(req, ps->p[i].field) == NULL)
			req_add_error(req, ps->p[i].field, ps->p[i].message);
}

static const char *
iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	if (t <= 0)
		return "";
	clock_iso8601(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

/* One session, as every page and the API show it; me_id says which side
 * of the pair the viewer is (0: neither, an administrator). */
static json_t *
session_json(struct request *req, const struct db_msession *s, int64_t me_id, int64_t now)
{
	struct arena *a = req->arena;
	char day[11], time[6];
	app_activity_local(s, day, time);
	bool took = app_activity_took_place(s, now);
	/* the sessions module's words, as the relationship page says them
	 * (SES-5, SES-10): "Did not take place" once either said no */
	const struct tz *z = tz_or_default(s->time_zone);
	json_t *o = json_object();
	json_put_i(o, "id", s->id);
	json_put_i(o, "relationship_id", s->relationship_id);
	json_put_s(o, "starts_at", iso_time(a, s->starts_at));
	json_put_s(o, "local_date", day);
	json_put_s(o, "local_time", time);
	json_put_s(o, "date", app_date_words(a, day));
	json_put_s(o, "time", time);
	json_put_s(o, "time_zone", tz_name(z));
	json_put_s(o, "time_zone_abbrev", app_activity_abbrev(a, s));
	json_put_s(o, "when", app_session_when(a, z, s->starts_at, s->ends_at));
	json_put_i(o, "minutes", s->minutes);
	json_put_s(o, "duration", app_activity_minutes_words(a, s->minutes));
	json_put_s(o, "format", s->format);
	json_put_s(o, "format_label", app_activity_format_label(s->format));
	json_put_s(o, "status", s->status);
	json_put_s(o, "status_label", app_session_status_words(s, now));
	json_put_s(o, "status_tag", app_session_status_tag(s, now));
	json_put_b(o, "took_place", took);
	json_put_b(o, "counts", s->counts);
	json_put_b(o, "is_struck", app_session_is_struck(s));
	json_put_b(o, "has_log", s->has_log);
	json_put_s(o, "scheme_name", s->scheme_name);
	json_put_s(o, "mentor_name", s->mentor_name);
	json_put_s(o, "mentee_name", s->mentee_name);
	if (me_id != 0) {
		bool is_mentor = s->mentor_id == me_id;
		json_put_s(o, "role", is_mentor ? "mentor" : "mentee");
		json_put_s(o, "other_name", is_mentor ? s->mentee_name : s->mentor_name);
	}
	json_put_s(o, "log_url", took || s->has_log ? arena_printf(a, "/sessions/%lld/log",
	    (long long)s->id) : "");
	return o;
}

/* ---- the activity log (SES-7) ---- */

static const char *const log_fields[] = {"summary", "notes", NULL};

static json_t *
log_model(struct request *req, const struct app_session_log *l)
{
	struct arena *a = req->arena;
	int64_t me_id = l->actor == LC_MENTOR || l->actor == LC_MENTEE ?
	    ((const struct app_auth *)req->auth)->user_id : 0;
	json_t *m = json_object();
	json_object_set_new(m, "session", session_json(req, &l->s, me_id, clock_now()));
	json_t *log = json_object();
	json_put_s(log, "summary", l->log.summary);
	json_put_s(log, "summary_at", iso_time(a, l->log.summary_at));
	json_put_s(log, "summary_on", app_time_words(a, l->log.summary_at, false));
	json_put_b(log, "has_summary", *l->log.summary != '\0');
	json_put_s(log, "mentee_notes", l->log.mentee_notes);
	json_put_s(log, "mentee_notes_at", iso_time(a, l->log.mentee_notes_at));
	json_put_s(log, "mentee_notes_on", app_time_words(a, l->log.mentee_notes_at, false));
	json_put_b(log, "has_mentee_notes", *l->log.mentee_notes != '\0');
	json_object_set_new(m, "log", log);
	json_put_s(m, "viewer", l->actor == LC_MENTOR ? "mentor" : l->actor == LC_MENTEE ?
	    "mentee" : "admin");
	json_put_b(m, "is_mentor", l->actor == LC_MENTOR);
	json_put_b(m, "is_mentee", l->actor == LC_MENTEE);
	json_put_b(m, "is_admin", l->actor == LC_ADMIN);
	json_put_b(m, "took_place", l->took_place);
	json_put_b(m, "is_live", l->is_live);
	json_put_b(m, "can_write_summary", l->can_write_summary);
	json_put_b(m, "can_write_notes", l->can_write_notes);
	json_put_s(m, "relationship_url", l->actor == LC_ADMIN ?
	    arena_printf(a, "/admin/relationships/%lld", (long long)l->s.relationship_id) :
	    arena_printf(a, "/relationships/%lld", (long long)l->s.relationship_id));
	json_put_s(m, "action", arena_printf(a, "/sessions/%lld/log", (long long)l->s.id));
	return m;
}

/* The log page; on a POST that failed, with what was typed and the
 * messages beside the fields. */
static enum err
log_page(struct request *req, struct response *resp, int status, int64_t id)
{
	struct app_session_log l;
	enum err rc = app_log_get(req->db, req->arena, req->auth, id, req->client_ip, &l);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", APP_LOG_PRIVATE);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = log_model(req, &l);
	if (!req->is_api) {
		bool is_post = req->method == HTTP_POST;
		json_put_s(m, "summary_typed", is_post ? req_str(req, "summary") :
		    l.log.summary);
		json_put_s(m, "notes_typed", is_post ? req_str(req, "notes") :
		    l.log.mentee_notes);
		const char *done = is_post ? "" : req_str(req, "done");
		json_put_s(m, "done_message", strcmp(done, "summary") == 0 ?
		    "The activity log has been saved. Your mentee has been emailed." :
		    strcmp(done, "notes") == 0 ?
		    "Your notes have been saved. Your mentor has been emailed." : "");
		page_field_errors(req, m, log_fields);
	}
	return page_respond(req, resp, status, "session-log", m);
}

static enum err
handle_log_get(struct request *req, struct response *resp)
{
	return log_page(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_log_post(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum app_log_part part = req_has(req, "summary") ? APP_LOG_SUMMARY :
	    req_has(req, "notes") ? APP_LOG_NOTES : APP_LOG_MINE;
	const char *text = part == APP_LOG_NOTES ? req_str(req, "notes") :
	    req_str(req, "summary");
	/* a text over the limit was refused centrally: app checks every
	 * access rule first (403/409 whatever was typed), then says so in
	 * its own words */
	bool is_too_long = req->errors != NULL;
	enum err rc = app_log_write(req->db, req->arena, req->auth, id, part,
	    is_too_long ? NULL : text, page_link_base(req), req->client_ip, &ps);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", page_why(&ps, APP_REL_ENDED));
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", page_why(&ps, APP_LOG_WRONG_PART));
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	req->errors = NULL;   /* app's words replace the route's */
	add_field_problems(req, &ps);
	if (rc != ERR_OK)
		return log_page(req, resp, 422, id);
	if (req->is_api)
		return log_page(req, resp, 200, id);
	resp_redirect(resp, req, arena_printf(req->arena, "/sessions/%lld/log?done=%s",
	    (long long)id, part == APP_LOG_NOTES ? "notes" : "summary"));
	return ERR_OK;
}

/* ---- My activity (SES-8) ---- */

static const char *const range_fields[] = {"from", "to", NULL};

/* The range from the query, or problems on "from"/"to" as field errors. */
static enum err
read_range(struct request *req, bool allow_everything, struct app_range *r)
{
	struct app_problems ps = {0};
	const char *tz = app_activity_zone(req->db, req->arena, req->auth);
	if (req->errors != NULL) {
		/* over-long input: still a bad date, with the same words */
		for (struct field_error *e = req->errors; e != NULL; e = e->next)
			e->message = strcmp(e->field, "to") == 0 ?
			    "The to date must be a real date, like 24/10/2026" :
			    "The from date must be a real date, like 24/10/2026";
		return ERR_BAD_INPUT;
	}
	enum err rc = app_activity_range(req_str(req, "from"), req_str(req, "to"), tz,
	    clock_now(), allow_everything, r, &ps);
	add_field_problems(req, &ps);
	return rc;
}

static void
put_range(struct request *req, json_t *m, const struct app_range *r, bool is_valid)
{
	struct arena *a = req->arena;
	bool is_typed = req->errors != NULL;
	json_put_s(m, "from", is_valid ? r->from : "");
	json_put_s(m, "to", is_valid ? r->to : "");
	json_put_s(m, "from_words", is_valid ? app_date_words(a, r->from) : "");
	json_put_s(m, "to_words", is_valid ? app_date_words(a, r->to) : "");
	if (!req->is_api) {
		/* the boxes: as typed when something was wrong, else the range */
		json_put_s(m, "from_typed", is_typed ? req_str(req, "from") :
		    r->is_everything ? "" : r->from);
		json_put_s(m, "to_typed", is_typed ? req_str(req, "to") :
		    r->is_everything ? "" : r->to);
		page_field_errors(req, m, range_fields);
	}
}

static enum err
handle_activity(struct request *req, struct response *resp)
{
	const struct app_auth *me = req->auth;
	struct app_range r;
	struct app_activity act;
	struct arena *a = req->arena;
	memset(&r, 0, sizeof(r));

	if (read_range(req, false, &r) != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		json_t *m = json_object();
		put_range(req, m, &r, false);
		return page_render(req, resp, 422, "activity", m);
	}
	enum err rc = app_activity_mine(req->db, a, me, &r, &act);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	put_range(req, m, &r, true);
	json_put_s(m, "time_zone", r.tz);
	json_t *groups = json_array();
	for (size_t k = 0; k < act.ngroups; k++) {
		const struct app_activity_group *g = &act.groups[k];
		json_t *o = json_object();
		json_put_i(o, "relationship_id", g->relationship_id);
		json_put_s(o, "scheme_name", g->scheme_name);
		json_put_s(o, "role", g->is_mentor ? "mentor" : "mentee");
		json_put_s(o, "heading", g->is_mentor ?
		    arena_printf(a, "Mentoring %s", g->other_name) :
		    arena_printf(a, "Mentored by %s", g->other_name));
		json_put_s(o, "other_name", g->other_name);
		json_put_s(o, "relationship_status", g->rel_status);
		json_put_s(o, "relationship_url", arena_printf(a, "/relationships/%lld",
		    (long long)g->relationship_id));
		json_put_i(o, "took_place", g->took_place);
		json_put_i(o, "minutes", g->minutes);
		json_put_s(o, "hours", app_activity_minutes_words(a, g->minutes));
		json_t *list = json_array();
		for (size_t i = g->first; i < g->first + g->n; i++)
			json_array_append_new(list, session_json(req, &act.sessions[i],
			    me->user_id, act.now));
		json_object_set_new(o, "sessions", list);
		json_array_append_new(groups, o);
	}
	json_object_set_new(m, "relationships", groups);
	json_put_i(m, "session_count", (int64_t)act.nsessions);
	json_put_b(m, "has_sessions", act.nsessions > 0);
	json_object_set_new(m, "totals", json_pack("{s:I, s:I, s:s}", "took_place",
	    (json_int_t)act.took_place, "minutes", (json_int_t)act.minutes, "hours",
	    app_activity_minutes_words(a, act.minutes)));
	if ((rc = activity_diary_model(req, m, r.from, r.to)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_t *dc = json_object_get(m, "diary_count");
	json_put_b(m, "has_diary", json_object_get(m, "diary") != NULL);
	json_put_b(m, "has_diary_entries", json_is_integer(dc) && json_integer_value(dc) > 0);
	return page_respond(req, resp, 200, "activity", m);
}

/* ---- the home tab (REL-1) ---- */

enum err
home_tab_activity(struct request *req, json_t *tab)
{
	const struct app_auth *me = req->auth;
	struct app_activity_home h;
	int64_t now = clock_now();
	enum err rc = app_activity_home(req->db, req->arena, me, &h);
	if (rc != ERR_OK)
		return rc;
	json_put_s(tab, "month_hours", app_activity_minutes_words(req->arena, h.month_minutes));
	json_put_s(tab, "total_hours", app_activity_minutes_words(req->arena, h.total_minutes));
	json_put_i(tab, "month_minutes", h.month_minutes);
	json_put_i(tab, "total_minutes", h.total_minutes);
	json_t *list = json_array();
	for (size_t i = 0; i < h.nrecent; i++)
		json_array_append_new(list, session_json(req, &h.recent[i], me->user_id, now));
	json_object_set_new(tab, "recent", list);
	json_put_b(tab, "has_recent", h.nrecent > 0);
	json_put_b(tab, "is_filled", true);
	return ERR_OK;
}

/* ---- the evidence export (SES-11) ---- */

static json_t *
evidence_model(struct request *req, const struct app_evidence *ev)
{
	struct arena *a = req->arena;
	int64_t now = clock_now();
	json_t *m = json_object();
	json_put_s(m, "name", ev->name);
	json_put_s(m, "produced", ev->produced);
	json_put_s(m, "produced_words", app_date_words(a, ev->produced));
	json_put_b(m, "is_everything", ev->range.is_everything);
	json_t *rels = json_array();
	for (size_t i = 0; i < ev->nrels; i++) {
		const struct app_evidence_rel *e = &ev->rels[i];
		char start[11];
		app_day_of(e->r.started_at, start);
		json_t *o = json_object();
		json_put_i(o, "id", e->r.id);
		json_put_s(o, "scheme_name", e->r.scheme_name);
		json_put_s(o, "role", e->is_mentor ? "mentor" : "mentee");
		json_put_s(o, "role_label", e->is_mentor ? "Mentor" : "Mentee");
		json_put_s(o, "other_name", e->other_name);
		json_put_s(o, "other_role", e->is_mentor ? "Mentee" : "Mentor");
		json_put_s(o, "started_on", start);
		json_put_s(o, "started", app_date_words(a, start));
		json_put_s(o, "ended_on", e->r.end_date);
		json_put_s(o, "ended", app_date_words(a, e->r.end_date));
		json_put_s(o, "status", e->r.status);
		json_put_s(o, "status_label", app_activity_status_label(e->r.status));
		json_put_i(o, "sessions", e->nsessions);
		json_put_i(o, "took_place", e->took_place);
		json_put_i(o, "minutes", e->minutes);
		json_put_s(o, "hours", app_activity_minutes_words(a, e->minutes));
		json_array_append_new(rels, o);
	}
	json_object_set_new(m, "relationships", rels);
	json_put_b(m, "has_relationships", ev->nrels > 0);
	json_t *ss = json_array();
	for (size_t i = 0; i < ev->nsessions; i++)
		json_array_append_new(ss, session_json(req, &ev->sessions[i], ev->user_id, now));
	json_object_set_new(m, "sessions", ss);
	json_put_b(m, "has_sessions", ev->nsessions > 0);
	json_t *tr = json_array();
	for (size_t i = 0; i < ev->ntraining; i++) {
		const struct db_training *t = &ev->training[i];
		json_t *o = json_object();
		json_put_i(o, "id", t->id);
		json_put_s(o, "kind", t->kind);
		json_put_s(o, "course", t->course);
		json_put_s(o, "provider", t->provider);
		json_put_s(o, "completed_on", t->completed_on);
		json_put_s(o, "completed", app_date_words(a, t->completed_on));
		json_put_b(o, "is_verified", t->verified_at != 0);
		json_array_append_new(tr, o);
	}
	json_object_set_new(m, "training", tr);
	json_put_b(m, "has_training", ev->ntraining > 0);
	json_object_set_new(m, "totals", json_pack("{s:I, s:I, s:s}", "took_place",
	    (json_int_t)ev->took_place, "minutes", (json_int_t)ev->minutes, "hours",
	    app_activity_minutes_words(a, ev->minutes)));
	return m;
}

static enum err
handle_evidence(struct request *req, struct response *resp)
{
	struct app_range r;
	struct app_evidence ev;
	memset(&r, 0, sizeof(r));
	if (read_range(req, true, &r) != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		json_t *m = json_pack("{s:b}", "is_invalid", 1);
		put_range(req, m, &r, false);
		json_put_s(m, "name", ((const struct app_auth *)req->auth)->display_name);
		return page_render(req, resp, 422, "evidence", m);
	}
	enum err rc = app_evidence(req->db, req->arena, req->auth, &r, &ev);
	if (rc != ERR_OK)
		return rc;
	json_t *m = evidence_model(req, &ev);
	put_range(req, m, &r, true);
	if (!req->is_api) {
		json_put_s(m, "csv_url", r.is_everything ? "/activity/evidence.csv" :
		    arena_printf(req->arena, "/activity/evidence.csv?from=%s&to=%s", r.from,
		    r.to));
	}
	return page_respond(req, resp, 200, "evidence", m);
}

static enum err
handle_evidence_csv(struct request *req, struct response *resp)
{
	struct app_range r;
	struct app_evidence ev;
	size_t len;
	memset(&r, 0, sizeof(r));
	if (read_range(req, true, &r) != ERR_OK)
		return page_invalid(req, resp, 422);
	enum err rc = app_evidence(req->db, req->arena, req->auth, &r, &ev);
	if (rc != ERR_OK)
		return rc;
	const char *csv = app_evidence_csv(req->arena, &ev, &len);
	resp_header(resp, req, "Content-Disposition", arena_printf(req->arena,
	    "attachment; filename=\"tandem-mentoring-record-%s.csv\"", ev.produced));
	resp_text(resp, 200, "text/csv; charset=utf-8", csv, len);
	return ERR_OK;
}

/* ---- routes ---- */

static const char *const log_dones[] = {"summary", "notes", NULL};

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the session"}
/* generous: the app says what is wrong with a long date, in its words */
#define RANGE_PARAMS \
	{.name = "from", .type = P_STRING, .max_len = 40, .label = "From"}, \
	{.name = "to", .type = P_STRING, .max_len = 40, .label = "To"}

static const struct param_spec log_get[] = {
	ID_PARAM,
	{.name = "done", .type = P_CHOICE, .choices = log_dones, .label = "what was saved"},
	{0},
};

static const struct param_spec log_post[] = {
	ID_PARAM,
	{.name = "summary", .type = P_TEXT, .max_len = APP_LOG_TEXT_MAX, .label = "Summary"},
	{.name = "notes", .type = P_TEXT, .max_len = APP_LOG_TEXT_MAX, .label = "Notes"},
	{0},
};

static const struct param_spec range[] = {
	RANGE_PARAMS,
	{0},
};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

const struct route activity_routes[] = {
	{HTTP_GET, "/sessions/{id:int}/log", handle_log_get, S, log_get, 0, 0},
	{HTTP_POST, "/sessions/{id:int}/log", handle_log_post, S, log_post, F, 0},
	{HTTP_GET, "/activity", handle_activity, S, range, F, 0},
	{HTTP_GET, "/activity/evidence", handle_evidence, S, range, F, 0},
	{HTTP_GET, "/activity/evidence.csv", handle_evidence_csv, S, range, F, 0},

	{HTTP_GET, "/api/v1/sessions/{id:int}/log", handle_log_get, S, log_get, 0, 0},
	{HTTP_POST, "/api/v1/sessions/{id:int}/log", handle_log_post, S, log_post, F, 0},
	{HTTP_GET, "/api/v1/activity", handle_activity, S, range, F, 0},
	{HTTP_GET, "/api/v1/activity/evidence", handle_evidence, S, range, F, 0},
};

const size_t activity_nroutes = sizeof(activity_routes) / sizeof(activity_routes[0]);
