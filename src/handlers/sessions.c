/*
 * sessions.c - mentoring sessions and hours (SES-1 to SES-6, SES-10,
 * SES-5, REL-7, REL-9): the pages and their /api/v1 twins.
 *
 *   /relationships/{id}/sessions/new   GET the three-row form, POST it (SES-2);
 *                                      the cap reached: why not, and the
 *                                      link to ask for more (REL-7)
 *   /sessions/{id}/agree|decline       POST: the other party answers (SES-4)
 *   /sessions/{id}/cancel              POST: cancel an agreed one, withdraw
 *                                      a proposal (SES-6)
 *   /sessions/{id}/remove              POST: take back a logged one (SES-6)
 *   /sessions/{id}/took-place          POST answer=yes|no (SES-10)
 *   /api/v1/relationships/{id}/sessions  GET the list and hours, POST rows
 *   /api/v1/sessions/{id}              GET one; POST .../agree ... the same
 *
 * The relationship page's "sessions" section (rel_sessions_model,
 * partials/rel-sessions) and the home page's hours and questions
 * (home_sessions, partials/home-sessions) are filled here too.
 *
 * Design: who may do what is app/sessions.c's (app_session_allowed for
 * the buttons, app_session_act for the change), so the page offers only
 * what the server accepts.  404 for another pair's ids, 403 for an
 * administrator's write, 409 with the sentence for a state that forbids
 * it (the relationship ended, the session already answered), 422 with
 * the message beside the field and all three rows as typed.
 *
 * Trap: the form's date boxes are sN_day/sN_month/sN_year but their
 * errors belong to sN_date (the Day box has that id, so the error
 * summary's link lands on it); central validation's errors on a box are
 * moved there.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/date.h"
#include "app/relationship.h"
#include "app/sessions.h"
#include "core/arena.h"
#include "core/clock.h"
#include "view/json.h"

/* ---- small helpers ---- */

/* 409 or 403 with app's sentence; false when rc was neither. */
static bool
refused(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps)
{
	if (rc == ERR_CONFLICT)
		page_refuse(req, resp, 409, "conflict", page_why(ps, APP_REL_ENDED));
	else if (rc == ERR_FORBIDDEN)
		page_refuse(req, resp, 403, "forbidden", page_why(ps,
		    "Only the mentor and mentee can change their sessions."));
	else
		return false;
	return true;
}

static const char *
rel_url(struct arena *a, int64_t id)
{
	return arena_printf(a, "/relationships/%lld", (long long)id);
}

/* "Chidi Okafor" or "you". */
static const char *
who_words(int64_t who, int64_t me_id, const char *name)
{
	return who == me_id ? "you" : name;
}

/* ---- models ---- */

static json_t *
session_json(struct request *req, const struct db_msession *s, const struct tz *z,
    bool live, bool for_admin, bool admin_sees_logs)
{
	struct arena *a = req->arena;
	const struct app_auth *me = req->auth;
	int64_t now = clock_now();
	bool can[ASA__MAX];
	app_session_allowed(s, me->user_id, live, now, can);
	struct tz_local l;
	tz_to_local(z, s->starts_at, &l);
	bool took_place = s->counts;
	bool logged_by_mentor = s->added_by == s->mentor_id;
	bool confirmed = strcmp(s->status, "logged") == 0 &&
	    strcmp(logged_by_mentor ? s->mentee_answer : s->mentor_answer, "yes") == 0;

	json_t *o = json_object();
	json_put_i(o, "id", s->id);
	/* the session on its relationship page (there is no page of its own) */
	json_put_s(o, "url", arena_printf(a, "/relationships/%lld#session-%lld",
	    (long long)s->relationship_id, (long long)s->id));
	json_put_i(o, "relationship_id", s->relationship_id);
	json_put_i(o, "starts_at", s->starts_at);
	json_put_i(o, "ends_at", s->ends_at);
	json_put_s(o, "local_start", arena_printf(a, "%04d-%02d-%02dT%02d:%02d", l.year,
	    l.month, l.day, l.hour, l.minute));
	json_put_s(o, "time_zone", tz_name(z));
	json_put_s(o, "when", app_session_when(a, z, s->starts_at, s->ends_at));
	json_put_i(o, "minutes", s->minutes);
	json_put_s(o, "duration", app_hours_words(a, s->minutes));
	json_put_s(o, "format", s->format);
	json_put_s(o, "format_words", app_session_format_words(s->format));
	json_put_s(o, "place", s->place);
	json_put_b(o, "place_is_link", strncmp(s->place, "https://", 8) == 0);
	json_put_s(o, "status", s->status);
	json_put_s(o, "status_words", app_session_status_words(s, now));
	json_put_s(o, "status_tag", app_session_status_tag(s, now));
	json_put_b(o, "is_struck", app_session_is_struck(s));
	json_put_b(o, "counts", s->counts);
	json_put_s(o, "counted_words", s->counts ? "Counted in the hours" :
	    strcmp(s->status, "agreed") == 0 && s->ends_at > now ?
	    "Counts once it has taken place" : "Not counted");
	json_put_i(o, "added_by", s->added_by);
	json_put_s(o, "added_by_name", s->added_by_name);
	json_put_s(o, "added_words", arena_printf(a, "%s by %s",
	    strcmp(s->status, "logged") == 0 || strcmp(s->status, "removed") == 0 ?
	    "Recorded" : "Proposed", who_words(s->added_by, me->user_id, s->added_by_name)));
	json_put_s(o, "mentor_answer", s->mentor_answer);
	json_put_s(o, "mentee_answer", s->mentee_answer);
	json_put_b(o, "is_confirmed", confirmed);
	/* SES-10: a logged session is confirmed by the one who did not record
	 * it; say who (administrators see both names) */
	if (strcmp(s->status, "logged") == 0 && strcmp(s->mentor_answer, "no") != 0 &&
	    strcmp(s->mentee_answer, "no") != 0) {
		int64_t confirmer = logged_by_mentor ? s->mentee_id : s->mentor_id;
		const char *name = logged_by_mentor ? s->mentee_name : s->mentor_name;
		if (confirmed)
			json_put_s(o, "note", arena_printf(a, "Confirmed by %s",
			    who_words(confirmer, me->user_id, name)));
		else if (confirmer == me->user_id)
			json_put_s(o, "note", "You have not confirmed it yet");
		else
			json_put_s(o, "note", arena_printf(a, "%s has not confirmed it yet", name));
	}
	json_put_i(o, "sequence", s->sequence);
	json_put_b(o, "has_log", s->has_log);
	/* the activity log (SES-7): the pair, administrators under the
	 * scheme's content rule */
	if (took_place && (!for_admin || admin_sees_logs))
		json_put_s(o, "log_url", arena_printf(a, "/sessions/%lld/log", (long long)s->id));
	json_t *acts = json_pack("{s:b, s:b, s:b, s:b, s:b}", "agree", can[ASA_AGREE],
	    "decline", can[ASA_DECLINE], "cancel", can[ASA_CANCEL], "remove", can[ASA_REMOVE],
	    "took_place", can[ASA_YES]);
	json_object_set_new(o, "can", acts);
	bool any = can[ASA_AGREE] || can[ASA_DECLINE] || can[ASA_CANCEL] || can[ASA_REMOVE] ||
	    can[ASA_YES];
	json_put_b(o, "has_actions", any);
	json_put_s(o, "cancel_label", strcmp(s->status, "proposed") == 0 ?
	    "Withdraw this proposal" : "Cancel this session");
	return o;
}

/* REL-9 and SES-5: "2 hours recorded (1 hour a month: 3 months since the
 * start, so 3 hours expected)". */
static const char *
hours_text(struct arena *a, const struct app_rel_sessions *rs, int64_t per_month)
{
	const char *rec = arena_printf(a, "%s recorded", app_hours_words(a, rs->minutes));
	if (per_month <= 0)
		return rec;
	if (rs->months == 0)
		return arena_printf(a, "%s (%s a month: less than a month since the start)", rec,
		    app_hours_words(a, per_month));
	return arena_printf(a, "%s (%s a month: %lld month%s since the start, so %s "
	    "expected)", rec, app_hours_words(a, per_month), (long long)rs->months,
	    rs->months == 1 ? "" : "s", app_hours_words(a, rs->expected_minutes));
}

static json_t *
sessions_model(struct request *req, const struct app_relationship_page *p,
    const struct app_rel_sessions *rs)
{
	struct arena *a = req->arena;
	bool is_admin = p->rel.actor == LC_ADMIN;
	bool live = lc_rel_allows(p->rel.status, LRLA_ADD_CONTENT, p->rel.actor);
	json_t *list = json_array();
	for (size_t i = 0; i < rs->n; i++)
		json_array_append_new(list, session_json(req, &rs->list[i], rs->tz, live, is_admin,
		    p->settings.admin_sees_documents));
	json_t *o = json_object();
	json_object_set_new(o, "list", list);
	json_put_b(o, "has_sessions", rs->n > 0);
	json_put_i(o, "count", (int64_t)rs->n);
	json_put_i(o, "minutes", rs->minutes);
	json_put_s(o, "hours_words", app_hours_words(a, rs->minutes));
	json_put_s(o, "hours_text", hours_text(a, rs, p->settings.min_minutes_per_month));
	json_put_i(o, "months", rs->months);
	json_put_i(o, "expected_minutes", rs->expected_minutes);
	json_put_i(o, "in_use", rs->in_use);
	json_put_i(o, "cap", rs->cap);
	json_put_s(o, "time_zone", tz_name(rs->tz));
	if (rs->cap > 0) {
		int64_t left = rs->cap - rs->in_use;
		json_put_i(o, "left", left < 0 ? 0 : left);
		json_put_s(o, "cap_words", arena_printf(a, "%lld of %lld sessions used",
		    (long long)rs->in_use, (long long)rs->cap));
		json_put_b(o, "cap_reached", left <= 0);
	}
	json_put_b(o, "can_add", live && (rs->cap == 0 || rs->in_use < rs->cap));
	json_put_b(o, "is_live", live);
	json_put_b(o, "is_admin", is_admin);
	json_put_s(o, "add_url", arena_printf(a, "/relationships/%lld/sessions/new",
	    (long long)p->rel.r.id));
	json_put_s(o, "extension_url", arena_printf(a, "/relationships/%lld/extension",
	    (long long)p->rel.r.id));
	json_put_b(o, "can_ask_extension", p->can_ask_extension);
	return o;
}

enum err
rel_sessions_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	struct app_rel_sessions rs;
	enum err rc = app_rel_sessions(req->db, req->arena, p, &rs);
	if (rc != ERR_OK)
		return rc;
	json_t *o = sessions_model(req, p, &rs);
	json_object_set_new(m, "hours_text", json_string(json_string_value(
	    json_object_get(o, "hours_text"))));
	json_object_set_new(m, "sessions", o);
	return ERR_OK;
}

enum err
home_sessions(struct request *req, json_t *m)
{
	struct app_home_sessions h;
	struct arena *a = req->arena;
	const struct app_auth *me = req->auth;
	enum err rc = app_home_sessions(req->db, a, me, &h);
	if (rc != ERR_OK)
		return rc;
	json_t *qs = json_array();
	for (size_t i = 0; i < h.nquestions; i++) {
		const struct db_msession *s = &h.questions[i];
		const struct tz *z = tz_or_default(s->time_zone);
		bool i_mentor = s->mentor_id == me->user_id;
		json_t *q = session_json(req, s, z, true, false, false);
		json_put_s(q, "other_name", i_mentor ? s->mentee_name : s->mentor_name);
		json_put_s(q, "question", arena_printf(a, "Did your session with %s on %s take "
		    "place?", i_mentor ? s->mentee_name : s->mentor_name,
		    app_session_when(a, z, s->starts_at, s->ends_at)));
		json_put_b(q, "is_confirm", strcmp(s->status, "logged") == 0);
		json_put_s(q, "relationship_url", rel_url(a, s->relationship_id));
		json_array_append_new(qs, q);
	}
	json_t *o = json_object();
	/* after answering a question here (act's back=home): only the known
	 * values say anything */
	static const struct { const char *done, *message; } home_dones[] = {
		{"session_took_place", "Thank you: the session is recorded as having taken "
		    "place."},
		{"session_not_taken_place", "Thank you: the session is recorded as not having "
		    "taken place, so it does not count toward your hours."},
	};
	const char *done = req_str(req, "done");
	for (size_t i = 0; i < sizeof(home_dones) / sizeof(home_dones[0]); i++)
		if (strcmp(done, home_dones[i].done) == 0)
			json_put_s(m, "done_message", home_dones[i].message);
	json_object_set_new(o, "questions", qs);
	json_put_b(o, "has_questions", h.nquestions > 0);
	json_put_i(o, "minutes", h.minutes);
	json_put_s(o, "hours_words", app_hours_words(a, h.minutes));
	json_object_set_new(m, "sessions_home", o);
	return ERR_OK;
}

/* ---- the form (SES-2) ---- */

static const char *const row_parts[] = {"day", "month", "year", "time", "minutes",
	"format", "place", "date"};
#define NPARTS (sizeof(row_parts) / sizeof(row_parts[0]))

static const char *
part_name(struct arena *a, int row, const char *part)
{
	return arena_printf(a, "s%d_%s", row, part);
}

/* Central validation's errors on a date box go to the row's date. */
static void
move_box_errors(struct request *req)
{
	for (struct field_error *e = req->errors; e != NULL; e = e->next)
		for (int i = 1; i <= APP_SESSION_ROWS; i++)
			for (size_t k = 0; k < 3; k++)
				if (strcmp(e->field, part_name(req->arena, i, row_parts[k])) == 0)
					e->field = part_name(req->arena, i, "date");
}

/* REL-7: every session the cap allows is used or planned. */
static bool
cap_is_full(const struct app_rel_sessions *rs)
{
	return rs->cap > 0 && rs->in_use >= rs->cap;
}

/* The form, or (the cap full, REL-7) why no more can be added and the
 * link to ask the scheme team for more, instead of three rows that
 * could never be saved. */
static enum err
form_page(struct request *req, struct response *resp, int status, int64_t rel_id)
{
	struct app_relationship_page p;
	struct arena *a = req->arena;
	enum err rc = app_relationship_page(req->db, a, req->auth, rel_id, &p);
	if (rc != ERR_OK)
		return rc;
	struct app_rel_sessions rs;
	if ((rc = app_rel_sessions(req->db, a, &p, &rs)) != ERR_OK)
		return rc;
	json_t *m = sessions_model(req, &p, &rs);
	json_put_b(m, "has_pending_extension", p.pending_ext != NULL);
	if (cap_is_full(&rs)) {
		json_put_b(m, "cap_full", true);
		json_put_s(m, "cap_full_words", arena_printf(a, "All %lld sessions allowed are "
		    "used or planned.", (long long)rs.cap));
		/* nothing typed can be saved: no error summary about rows */
		req->errors = NULL;
		if (status == 422)
			status = 409;
	}
	json_put_i(m, "id", p.rel.r.id);
	json_put_s(m, "relationship_url", rel_url(a, p.rel.r.id));
	json_put_s(m, "other_name", p.rel.actor == LC_MENTOR ? p.rel.r.mentee_name :
	    p.rel.r.mentor_name);
	json_put_s(m, "scheme", p.rel.r.scheme_name);
	bool is_post = req->method == HTTP_POST;
	json_t *rows = json_array();
	for (int i = 1; i <= APP_SESSION_ROWS; i++) {
		json_t *r = json_object();
		json_put_i(r, "n", i);
		json_put_b(r, "is_first", i == 1);
		for (size_t k = 0; k < NPARTS; k++) {
			const char *name = part_name(a, i, row_parts[k]);
			const char *v = is_post ? req_str(req, name) : "";
			json_put_s(r, arena_printf(a, "v_%s", row_parts[k]), v);
			const char *err = req_error(req, name);
			if (err)
				json_put_s(r, arena_printf(a, "%s_error", row_parts[k]), err);
		}
		const char *fmt = is_post ? req_str(req, part_name(a, i, "format")) : "";
		json_put_b(r, "is_in_person", strcmp(fmt, "in_person") == 0);
		json_put_b(r, "is_video", strcmp(fmt, "video") == 0);
		json_put_b(r, "is_phone", strcmp(fmt, "phone") == 0);
		json_array_append_new(rows, r);
	}
	json_object_set_new(m, "rows", rows);
	const char *cap_err = req_error(req, "sessions");
	if (cap_err != NULL)
		json_put_s(m, "sessions_error", cap_err);
	return page_render(req, resp, status, "sessions-new", m);
}

static enum err
handle_new_get(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_relationship rel;
	struct app_problems ps = {0};
	enum err rc = app_relationship_guard(req->db, req->arena, req->auth, id,
	    LRLA_ADD_CONTENT, &rel);
	if (rc == ERR_FORBIDDEN)
		app_problem(&ps, "", "Only the mentor and mentee can add sessions.");
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	return form_page(req, resp, 200, id);
}

static void
read_rows(struct request *req, struct app_session_row rows[APP_SESSION_ROWS])
{
	struct arena *a = req->arena;
	for (int i = 0; i < APP_SESSION_ROWS; i++) {
		struct app_session_row *r = &rows[i];
		r->date = req_str(req, part_name(a, i + 1, "date"));
		r->day = req_str(req, part_name(a, i + 1, "day"));
		r->month = req_str(req, part_name(a, i + 1, "month"));
		r->year = req_str(req, part_name(a, i + 1, "year"));
		r->time = req_str(req, part_name(a, i + 1, "time"));
		r->minutes = req_str(req, part_name(a, i + 1, "minutes"));
		r->format = req_str(req, part_name(a, i + 1, "format"));
		r->place = req_str(req, part_name(a, i + 1, "place"));
	}
}

static enum err list_json(struct request *req, struct response *resp, int64_t rel_id,
    int status, json_t *extra);

static enum err
handle_new_post(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_problems ps = {0};
	struct app_session_row rows[APP_SESSION_ROWS];
	struct app_sessions_added added;
	enum err rc;

	/* 404 / 403 / 409 before any complaint about the rows */
	struct app_relationship rel;
	rc = app_relationship_guard(req->db, req->arena, req->auth, id, LRLA_ADD_CONTENT, &rel);
	if (rc == ERR_FORBIDDEN)
		app_problem(&ps, "", "Only the mentor and mentee can add sessions.");
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;

	move_box_errors(req);
	read_rows(req, rows);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_sessions_add(req->db, req->arena, req->auth, id, rows,
		    page_link_base(req), req->client_ip, &ps, &added);
		if (refused(req, resp, rc, &ps))
			return ERR_OK;
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		for (size_t i = 0; i < ps.n; i++)
			if (*ps.p[i].field != '\0' && req_error(req, ps.p[i].field) == NULL)
				req_add_error(req, ps.p[i].field, ps.p[i].message);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return form_page(req, resp, 422, id);
	}
	if (req->is_api) {
		json_t *ids = json_array();
		for (size_t i = 0; i < added.n; i++)
			json_array_append_new(ids, json_integer(added.ids[i]));
		return list_json(req, resp, id, 201, json_pack("{s:o, s:I}", "added", ids,
		    "batch_id", (json_int_t)added.batch_id));
	}
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=sessions_added#sessions",
	    rel_url(req->arena, id)));
	return ERR_OK;
}

/* ---- the list and one session (API) ---- */

static enum err
list_json(struct request *req, struct response *resp, int64_t rel_id, int status,
    json_t *extra)
{
	struct app_relationship_page p;
	enum err rc = app_relationship_page(req->db, req->arena, req->auth, rel_id, &p);
	if (rc != ERR_OK) {
		json_decref(extra);
		return rc;
	}
	struct app_rel_sessions rs;
	if ((rc = app_rel_sessions(req->db, req->arena, &p, &rs)) != ERR_OK) {
		json_decref(extra);
		return rc;
	}
	json_t *o = sessions_model(req, &p, &rs);
	json_put_i(o, "relationship_id", rel_id);
	if (extra != NULL)
		json_object_update(o, extra);
	json_decref(extra);
	resp_json(resp, req, status, o);
	return ERR_OK;
}

static enum err
handle_list(struct request *req, struct response *resp)
{
	return list_json(req, resp, req_int(req, "id"), 200, NULL);
}

static enum err
one_json(struct request *req, struct response *resp, int64_t id, int status)
{
	struct app_session_view v;
	enum err rc = app_session_get(req->db, req->arena, req->auth, id, &v);
	if (rc != ERR_OK)
		return rc;
	bool is_admin = v.rel.actor == LC_ADMIN;
	bool live = lc_rel_allows(v.rel.status, LRLA_ADD_CONTENT, v.rel.actor);
	json_t *o = session_json(req, &v.s, v.tz, live, is_admin, v.admin_sees_documents);
	json_put_s(o, "relationship_url", rel_url(req->arena, v.s.relationship_id));
	json_put_s(o, "mentor_name", v.s.mentor_name);
	json_put_s(o, "mentee_name", v.s.mentee_name);
	resp_json(resp, req, status, json_pack("{s:o}", "session", o));
	return ERR_OK;
}

static enum err
handle_one(struct request *req, struct response *resp)
{
	return one_json(req, resp, req_int(req, "id"), 200);
}

/* ---- actions (SES-4, SES-6, SES-10) ---- */

static enum err
act(struct request *req, struct response *resp, enum app_session_action a)
{
	int64_t id = req_int(req, "id"), rel_id;
	struct app_problems ps = {0};
	enum err rc = app_session_act(req->db, req->arena, req->auth, id, a,
	    page_link_base(req), req->client_ip, &ps, &rel_id);
	if (refused(req, resp, rc, &ps))
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return one_json(req, resp, id, 200);
	/* the relationship page says what happened (relationship.c's dones) */
	static const char *const dones[ASA__MAX] = {
		[ASA_AGREE] = "session_agreed", [ASA_DECLINE] = "session_declined",
		[ASA_CANCEL] = "session_cancelled", [ASA_REMOVE] = "session_removed",
		[ASA_YES] = "session_took_place", [ASA_NO] = "session_not_taken_place",
	};
	const char *back = req_str(req, "back");
	/* from the home page's question (SES-10): back there, with what was
	 * done (home_sessions' banner) */
	resp_redirect(resp, req, strcmp(back, "home") == 0 ?
	    arena_printf(req->arena, "/?done=%s", dones[a]) :
	    arena_printf(req->arena, "%s?done=%s#session-%lld", rel_url(req->arena, rel_id),
	    dones[a], (long long)id));
	return ERR_OK;
}

static enum err
handle_agree(struct request *req, struct response *resp)
{
	return act(req, resp, ASA_AGREE);
}

static enum err
handle_decline(struct request *req, struct response *resp)
{
	return act(req, resp, ASA_DECLINE);
}

static enum err
handle_cancel(struct request *req, struct response *resp)
{
	return act(req, resp, ASA_CANCEL);
}

static enum err
handle_remove(struct request *req, struct response *resp)
{
	return act(req, resp, ASA_REMOVE);
}

static enum err
handle_took_place(struct request *req, struct response *resp)
{
	return act(req, resp, strcmp(req_str(req, "answer"), "yes") == 0 ? ASA_YES : ASA_NO);
}

/* ---- routes ---- */

static const char *const answers[] = {"yes", "no", NULL};
static const char *const backs[] = {"home", "relationship", NULL};

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define BACK_PARAM {.name = "back", .type = P_CHOICE, .choices = backs, \
	.label = "where to go back to"}
#define ROW(n) \
	{.name = "s" #n "_day", .type = P_STRING, .max_len = 10, .label = "Day"}, \
	{.name = "s" #n "_month", .type = P_STRING, .max_len = 10, .label = "Month"}, \
	{.name = "s" #n "_year", .type = P_STRING, .max_len = 10, .label = "Year"}, \
	{.name = "s" #n "_date", .type = P_STRING, .max_len = 10, .label = "Date"}, \
	{.name = "s" #n "_time", .type = P_STRING, .max_len = 5, \
	    .label = "Start time of session " #n}, \
	{.name = "s" #n "_minutes", .type = P_STRING, .max_len = 10, \
	    .label = "Duration of session " #n}, \
	{.name = "s" #n "_format", .type = P_STRING, .max_len = 20, \
	    .label = "Format of session " #n}, \
	{.name = "s" #n "_place", .type = P_STRING, .max_len = APP_SESSION_PLACE_MAX, \
	    .label = "Place or link for session " #n}

static const struct param_spec by_id[] = {
	ID_PARAM,
	{0},
};

static const struct param_spec act_params[] = {
	ID_PARAM,
	BACK_PARAM,
	{0},
};

static const struct param_spec took_place[] = {
	ID_PARAM,
	BACK_PARAM,
	{.name = "answer", .type = P_CHOICE, .is_required = true, .choices = answers,
	    .label = "yes or no"},
	{0},
};

static const struct param_spec add_rows[] = {
	ID_PARAM,
	ROW(1),
	ROW(2),
	ROW(3),
	{0},
};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

const struct route sessions_routes[] = {
	{HTTP_GET, "/relationships/{id:int}/sessions/new", handle_new_get, S, by_id, 0, 0},
	{HTTP_POST, "/relationships/{id:int}/sessions/new", handle_new_post, S, add_rows, F,
	    0},
	{HTTP_POST, "/sessions/{id:int}/agree", handle_agree, S, act_params, 0, 0},
	{HTTP_POST, "/sessions/{id:int}/decline", handle_decline, S, act_params, 0, 0},
	{HTTP_POST, "/sessions/{id:int}/cancel", handle_cancel, S, act_params, 0, 0},
	{HTTP_POST, "/sessions/{id:int}/remove", handle_remove, S, act_params, 0, 0},
	{HTTP_POST, "/sessions/{id:int}/took-place", handle_took_place, S, took_place, 0, 0},

	{HTTP_GET, "/api/v1/relationships/{id:int}/sessions", handle_list, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/sessions", handle_new_post, S, add_rows,
	    F, 0},
	{HTTP_GET, "/api/v1/sessions/{id:int}", handle_one, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/sessions/{id:int}/agree", handle_agree, S, act_params, 0, 0},
	{HTTP_POST, "/api/v1/sessions/{id:int}/decline", handle_decline, S, act_params, 0, 0},
	{HTTP_POST, "/api/v1/sessions/{id:int}/cancel", handle_cancel, S, act_params, 0, 0},
	{HTTP_POST, "/api/v1/sessions/{id:int}/remove", handle_remove, S, act_params, 0, 0},
	{HTTP_POST, "/api/v1/sessions/{id:int}/took-place", handle_took_place, S, took_place,
	    0, 0},
};

#undef S
#undef F

const size_t sessions_nroutes = sizeof(sessions_routes) / sizeof(sessions_routes[0]);
