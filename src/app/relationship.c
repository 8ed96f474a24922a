/*
 * relationship.c - a mentoring relationship after the match (REL-1 to
 * REL-7, REL-9) and administrator assignment (REQ-9); see relationship.h.
 *
 * Design: one guard (app_relationship_guard) decides visibility and
 * permission from lifecycle.h's table; every write runs it again inside
 * its own BEGIN IMMEDIATE transaction, then changes rows with
 * compare-and-set updates, audits, and queues its emails, all in that
 * transaction.  A write that loses a race (the relationship ended
 * meanwhile, a request already decided) gets ERR_CONFLICT.
 *
 * Traps: the reason for asking to end and an administrator's note on an
 * early ending are private to administrators (REL-6): they never go into
 * an email to a party, and app_relationship_page leaves them out for the
 * parties.  The early ending's note is kept in closing_comments, so the
 * page shows closing comments to the parties only for a completion.  An
 * administrator who is also the mentor or mentee is a party first
 * (app_actor_of): the scheme lists, counts and tell_admins leave them out
 * of everything about their own relationship.  Lengths are characters
 * (str_utf8_len), as the routes count them.
 */
#include "app/relationship.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/evaluations.h"
#include "app/sessions.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/tz.h"
#include "db/cohorts.h"

static const char *
nz(const char *s)
{
	return s ? s : "";
}

static const char *
rel_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "relationship:%lld", (long long)id);
}

/* ---- the guard ---- */

static enum err
load(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_relationship *out)
{
	enum err rc = db_rel_get(db, a, id, &out->r);
	if (rc != ERR_OK)
		return rc;
	out->status = lc_rel_status_parse(out->r.status);
	out->actor = app_actor_of(me, out->r.scheme_id, out->r.mentee_id, out->r.mentor_id);
	app_day_of(out->r.started_at, out->start_date);
	if (out->status == LRL__MAX || !lc_rel_allows(out->status, LRLA_VIEW, out->actor))
		return ERR_NOT_FOUND;
	return ERR_OK;
}

enum err
app_relationship_guard(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    enum lc_rel_action action, struct app_relationship *out)
{
	enum err rc = load(db, a, me, id, out);
	if (rc != ERR_OK)
		return rc;
	if (lc_rel_allows(out->status, action, out->actor))
		return ERR_OK;
	/* allowed to this actor in some other status: the state forbids it */
	for (int s = 0; s < LRL__MAX; s++)
		if (lc_rel_allows((enum lc_rel_status)s, action, out->actor))
			return ERR_CONFLICT;
	return ERR_FORBIDDEN;
}

/* The guard inside a write: a conflict carries the "has ended" sentence. */
static enum err
guard_tx(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    enum lc_rel_action action, struct app_relationship *out, struct app_problems *ps)
{
	enum err rc = app_relationship_guard(db, a, me, id, action, out);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	return rc;
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* ---- emails ---- */

/* A free-text field ("reason" or "note"): `missing` when it is required
 * and empty, or too long (APP_REL_TEXT_MAX characters, counted as the
 * routes count them). */
static void
text_problem(struct app_problems *ps, const char *field, const char *value, bool required,
    const char *missing)
{
	if (required && *value == '\0')
		app_problem(ps, field, missing);
	else if (str_utf8_len(value) > APP_REL_TEXT_MAX)
		app_problem(ps, field, strcmp(field, "reason") == 0
		    ? "Reason must be 4000 characters or fewer"
		    : "Note must be 4000 characters or fewer");
}

/* Email `user_id` about relationship rel_id of scheme_id (MSG-4): the
 * email names the scheme and links back to the relationship's page. */
static enum err
tell(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id, int64_t rel_id,
    const char *kind, const char *subject, const char *text)
{
	struct db_brief b;
	enum err rc = db_brief_get(db, a, user_id, &b);
	if (rc != ERR_OK)
		return rc;
	return app_notice_tx(db, &(struct app_notice){.user_id = b.id, .to = b.email,
	    .kind = kind, .scheme_id = scheme_id, .subject = subject,
	    .text = arena_printf(a, "Hello %s,\n\n%s\nTandem\n", b.given_name, text),
	    .path = arena_printf(a, "/relationships/%lld", (long long)rel_id)});
}

/* The scheme's administrators, except the relationship's own mentor and
 * mentee: an administrator who is a party must not read the other side's
 * private request (REL-6). */
static enum err
tell_admins(struct db *db, struct arena *a, const struct db_relationship *r, const char *kind,
    const char *subject, const char *text)
{
	struct db_user *admins;
	size_t n;
	enum err rc = db_scheme_admins(db, a, r->scheme_id, &admins, &n);
	for (size_t i = 0; rc == ERR_OK && i < n; i++)
		if (admins[i].id != r->mentor_id && admins[i].id != r->mentee_id)
			rc = app_notice_tx(db, &(struct app_notice){.user_id = admins[i].id,
			    .to = admins[i].email,
			    .kind = kind,
			    .scheme_id = r->scheme_id,
			    .subject = subject,
			    .text = arena_printf(a, "Hello %s,\n\n%s\nTandem\n", admins[i].given_name,
			        text),
			    .path = arena_printf(a, "/admin/relationships/%lld", (long long)r->id)});
	return rc;
}

/* ---- reading ---- */

enum err
app_relationship_page(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_relationship_page *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_VIEW, &out->rel);
	struct db_end_request *ends;
	size_t nends;
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, out->rel.r.scheme_id, &out->settings)) != ERR_OK ||
	    (rc = db_endreq_of_rel(db, a, id, &ends, &nends)) != ERR_OK ||
	    (rc = db_ext_of_rel(db, a, id, &out->exts, &out->nexts)) != ERR_OK)
		return rc;
	enum lc_rel_status st = out->rel.status;
	enum lc_actor who = out->rel.actor;
	bool is_admin = who == LC_ADMIN;
	/* REL-6: a party sees only their own requests, never the other's */
	out->ends = arena_calloc(a, nends + 1, sizeof(*ends));
	for (size_t i = 0; i < nends; i++) {
		if (!is_admin && ends[i].requested_by != me->user_id)
			continue;
		out->ends[out->nends] = ends[i];
		if (strcmp(ends[i].status, "open") == 0 && ends[i].requested_by == me->user_id)
			out->my_open_end = &out->ends[out->nends];
		out->nends++;
	}
	for (size_t i = 0; i < out->nexts; i++)
		if (strcmp(out->exts[i].status, "pending") == 0)
			out->pending_ext = &out->exts[i];
	if (st != LRL_ACTIVE) {
		/* nothing is waiting any more once it has ended */
		out->my_open_end = NULL;
		out->pending_ext = NULL;
	}
	out->can_set_end = lc_rel_allows(st, LRLA_SET_END, who);
	out->can_complete = lc_rel_allows(st, LRLA_COMPLETE, who);
	out->can_ask_end = lc_rel_allows(st, LRLA_ASK_END, who) && out->my_open_end == NULL;
	out->can_ask_extension = lc_rel_allows(st, LRLA_ASK_EXTENSION, who) &&
	    out->pending_ext == NULL;
	out->can_end_early = lc_rel_allows(st, LRLA_END_EARLY, who);
	out->can_decide_extension = lc_rel_allows(st, LRLA_DECIDE_EXTENSION, who) &&
	    out->pending_ext != NULL;
	out->shows_closing_comments = is_admin || st == LRL_COMPLETED;
	return ERR_OK;
}

enum err
app_relationships_mine(struct db *db, struct arena *a, const struct app_auth *me, bool past,
    struct db_relationship **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (me == NULL || me->active == NULL || (strcmp(me->active->role, "mentor") != 0 &&
	    strcmp(me->active->role, "mentee") != 0))
		return ERR_FORBIDDEN;
	return db_rel_of_person(db, a, me->active->scheme_id, me->active->role, me->user_id,
	    !past, out, n);
}

enum err
app_relationships_of_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *status, struct app_scheme_relationships *out)
{
	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc;
	if ((rc = db_scheme_get(db, a, scheme_id, &out->scheme)) != ERR_OK ||
	    (rc = db_rel_of_scheme(db, a, scheme_id, nz(status), &out->rels, &out->nrels)) !=
	    ERR_OK ||
	    (rc = db_endreq_open_of_scheme(db, a, scheme_id, me->user_id, &out->ends,
	    &out->nends)) != ERR_OK)
		return rc;
	return db_ext_pending_of_scheme(db, a, scheme_id, me->user_id, &out->exts, &out->nexts);
}

/* The UTC instant a scheme day (YYYY-MM-DD, in zone z) starts; with
 * `next`, the instant the day after it starts (so `to` is inclusive). */
static bool
day_start(const struct tz *z, const char *iso, bool next, int64_t *utc)
{
	if (!app_date_is_real(iso))
		return false;
	int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
	    (iso[3] - '0');
	int m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int d = (iso[8] - '0') * 10 + (iso[9] - '0');
	if (!tz_from_local(z, y, m, d, 0, 0, utc) && !tz_from_local(z, y, m, d, 1, 0, utc))
		return false;
	if (!next)
		return true;
	struct tz_local l;
	tz_to_local(z, *utc + 26 * 3600, &l);
	return tz_from_local(z, l.year, l.month, l.day, 0, 0, utc) ||
	    tz_from_local(z, l.year, l.month, l.day, 1, 0, utc);
}

enum err
app_relationships_filtered(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_rel_filter *f, struct app_problems *ps,
    struct app_scheme_relationships *out)
{
	struct db_scheme_settings settings;
	struct db_rel_filter q = {
		.status = nz(f->status), .cohort_id = f->cohort_id, .mentor_id = f->mentor_id,
		.waiting = f->waiting,
	};
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_get(db, a, scheme_id, &out->scheme)) != ERR_OK ||
	    (rc = db_scheme_settings_get(db, a, scheme_id, &settings)) != ERR_OK)
		return rc;
	/* a cohort of another scheme is no filter here: 404, not an empty
	 * list (which would tell whether its members have relationships) */
	if (f->cohort_id > 0) {
		struct db_cohort cohort;
		if ((rc = db_cohort_get(db, a, f->cohort_id, &cohort)) != ERR_OK)
			return rc;
		if (cohort.scheme_id != scheme_id)
			return ERR_NOT_FOUND;
	}
	const struct tz *z = tz_or_default(settings.time_zone);
	size_t before = ps->n;
	if (*nz(f->from) && !day_start(z, f->from, false, &q.started_from))
		app_problem(ps, "from", "Started from must be a real date");
	if (*nz(f->to) && !day_start(z, f->to, true, &q.started_before))
		app_problem(ps, "to", "Started to must be a real date");
	if (ps->n == before && q.started_from && q.started_before &&
	    q.started_before <= q.started_from)
		app_problem(ps, "to", "Started to must be the same as or after started from");
	if (ps->n > before)
		return ERR_BAD_INPUT;
	if (f->quiet_days > 0)
		q.quiet_since = clock_now() - f->quiet_days * 24 * 60 * 60;
	if ((rc = db_rel_of_scheme_filtered(db, a, scheme_id, &q, &out->rels,
	    &out->nrels)) != ERR_OK ||
	    (rc = db_endreq_open_of_scheme(db, a, scheme_id, me->user_id, &out->ends,
	    &out->nends)) != ERR_OK)
		return rc;
	return db_ext_pending_of_scheme(db, a, scheme_id, me->user_id, &out->exts, &out->nexts);
}

enum err
app_relationships_of_user(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct db_relationship **out, size_t *n)
{
	struct db_relationship *all;
	size_t nall;
	*out = NULL;
	*n = 0;
	enum err rc = db_rel_of_user(db, a, user_id, &all, &nall);
	if (rc != ERR_OK)
		return rc;
	*out = arena_calloc(a, nall + 1, sizeof(*all));
	for (size_t i = 0; i < nall; i++)
		if (app_is_scheme_admin(me, all[i].scheme_id))
			(*out)[(*n)++] = all[i];
	return ERR_OK;
}

enum err
app_relationship_counts(struct db *db, const struct app_auth *me, int64_t scheme_id,
    struct db_rel_counts *out)
{
	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	return db_rel_scheme_counts(db, scheme_id, me->user_id, out);
}

/* ---- the estimated end (REL-3) ---- */

enum err
app_relationship_set_end(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *estimated_end, const char *ip, struct app_problems *ps)
{
	struct app_relationship rel;
	const char *iso = nz(estimated_end);
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_SET_END, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc != ERR_OK)
		return rc;
	if (*iso != '\0' && !app_date_is_real(iso))
		app_problem(ps, "estimated_end", "Estimated end date must be a real date");
	else if (*iso != '\0' && strcmp(iso, rel.start_date) < 0)
		app_problem(ps, "estimated_end", arena_printf(a, "Estimated end date must be "
		    "on or after the start of the relationship, %s",
		    app_date_words(a, rel.start_date)));
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, LRLA_SET_END, &rel, ps)) == ERR_OK &&
	    (rc = db_rel_set_end(db, id, iso, clock_now())) == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "relationship.estimated_end",
		    rel_subject(a, id), *iso ? iso : "cleared", nz(ip));
	return finish(db, rc);
}

/* ---- completion (REL-4) ---- */

enum err
app_relationship_complete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *end_date, const char *comments, const char *ip,
    struct app_problems *ps)
{
	struct app_relationship rel;
	char today[11];
	const char *iso = nz(end_date);
	comments = nz(comments);
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_COMPLETE, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc != ERR_OK)
		return rc;
	app_today(today);
	if (*iso == '\0')
		app_problem(ps, "end_date", "Enter the date the relationship ended");
	else if (!app_date_is_real(iso))
		app_problem(ps, "end_date", "End date must be a real date");
	else if (strcmp(iso, today) > 0)
		app_problem(ps, "end_date", "End date must be today or in the past");
	else if (strcmp(iso, rel.start_date) < 0)
		app_problem(ps, "end_date", arena_printf(a, "End date must be on or after the "
		    "start of the relationship, %s", app_date_words(a, rel.start_date)));
	if (str_utf8_len(comments) > APP_REL_TEXT_MAX)
		app_problem(ps, "closing_comments", "Closing comments must be 4000 characters "
		    "or fewer");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, LRLA_COMPLETE, &rel, ps)) != ERR_OK)
		return finish(db, rc);
	const char *to = lc_rel_status_name(lc_rel_next(rel.status, LRLA_COMPLETE));
	rc = db_rel_finish(db, id, to, iso, comments, me->user_id, clock_now());
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc == ERR_OK)
		rc = app_sessions_end_tx(db, a, id, me->user_id, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "relationship.complete",
		    rel_subject(a, id), arena_printf(a, "ended on %s", iso), nz(ip));
	const char *when = app_date_words(a, iso);
	/* the other party; both when an administrator marks it */
	if (rc == ERR_OK && rel.actor != LC_MENTEE)
		rc = tell(db, a, rel.r.mentee_id, rel.r.scheme_id, rel.r.id,
		    "relationship.ended",
		    arena_printf(a, "Your mentoring relationship with %s has been completed",
		    rel.r.mentor_name), arena_printf(a,
		    "Your mentoring relationship with %s in %s has been marked as completed, "
		    "with an end date of %s.\n\n"
		    "Thank you for taking part. You can still read everything about it: sign "
		    "in to Tandem and open Past mentors on your home page. Nothing more can "
		    "be added to it.\n\n"
		    "If you would like another mentor, you can use Find a mentor at any time.\n",
		    rel.r.mentor_name, rel.r.scheme_name, when));
	if (rc == ERR_OK && rel.actor != LC_MENTOR)
		rc = tell(db, a, rel.r.mentor_id, rel.r.scheme_id, rel.r.id,
		    "relationship.ended",
		    arena_printf(a, "Your mentoring relationship with %s has been completed",
		    rel.r.mentee_name), arena_printf(a,
		    "Your mentoring relationship with %s in %s has been marked as completed, "
		    "with an end date of %s.\n\n"
		    "Thank you for your time as a mentor. You can still read everything about "
		    "it: sign in to Tandem and open Past mentees on your home page. Nothing "
		    "more can be added to it.\n",
		    rel.r.mentee_name, rel.r.scheme_name, when));
	/* the evaluations completion makes due (EVAL-2, EVAL-3) */
	if (rc == ERR_OK)
		rc = app_eval_relationship_completed_tx(db, a, id, clock_now());
	return finish(db, rc);
}

/* ---- asking to end (REL-6) ---- */

enum err
app_relationship_ask_end(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *reason, const char *ip, struct app_problems *ps, int64_t *end_request_id)
{
	struct app_relationship rel;
	reason = nz(reason);
	*end_request_id = 0;
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_ASK_END, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc != ERR_OK)
		return rc;
	text_problem(ps, "reason", reason, true,
	    "Enter why you would like to end the relationship");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, LRLA_ASK_END, &rel, ps)) != ERR_OK)
		return finish(db, rc);
	struct db_end_request *ends;
	size_t n;
	if ((rc = db_endreq_of_rel(db, a, id, &ends, &n)) != ERR_OK)
		return finish(db, rc);
	for (size_t i = 0; i < n; i++)
		if (ends[i].requested_by == me->user_id && strcmp(ends[i].status, "open") == 0) {
			app_problem(ps, "", "You have already asked to end this relationship. "
			    "The scheme team will be in touch.");
			return finish(db, ERR_CONFLICT);
		}
	int64_t now = clock_now();
	if ((rc = db_endreq_add(db, id, me->user_id, reason, now, end_request_id)) != ERR_OK)
		return finish(db, rc);
	/* the reason stays out of the audit detail: it is for administrators only */
	rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "relationship.ask_end",
	    rel_subject(a, id), arena_printf(a, "end request %ld",
	    (long)*end_request_id), nz(ip));
	if (rc == ERR_OK)
		rc = tell_admins(db, a, &rel.r, "admin.end_requested",
		    "A mentoring relationship may need to end", arena_printf(a,
		    "%s has asked to end their mentoring relationship (%s mentoring %s) in "
		    "%s.\n\n"
		    "Their reason is private to the scheme team: the other person has not "
		    "been told.\n\n"
		    "What to do next\n\n"
		    "Sign in to Tandem and open the scheme's Relationships page to read the "
		    "reason, then end the relationship early or close the request with a "
		    "note.\n",
		    me->display_name, rel.r.mentor_name, rel.r.mentee_name, rel.r.scheme_name));
	return finish(db, rc);
}

/* ---- administrator assignment (REQ-9) ---- */

enum err
app_assign_possible(struct db *db, const struct app_auth *me, int64_t scheme_id,
    int64_t mentee_id, bool *possible)
{
	struct db_scheme_settings st;
	struct arena *a = arena_new(4096);
	bool ok = false, has = false;
	*possible = false;
	enum err rc = ERR_OK;
	if (!app_is_scheme_admin(me, scheme_id))
		goto out;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK ||
	    (rc = db_has_active_role(db, scheme_id, mentee_id, "mentee", &ok)) != ERR_OK ||
	    (rc = app_mentee_has_mentor(db, scheme_id, mentee_id, &has)) != ERR_OK)
		goto out;
	*possible = st.allow_admin_assignment && ok && !has;
out:
	arena_free(a);
	return rc;
}

enum err
app_assign_preview(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t mentee_id, int64_t mentor_id, struct app_assign_preview *out)
{
	bool ok = false;
	memset(out, 0, sizeof(*out));
	out->as.why = "";
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_has_active_role(db, scheme_id, mentee_id, "mentee", &ok);
	if (rc != ERR_OK)
		return rc;
	if (!ok)
		return ERR_NOT_FOUND;
	if ((rc = db_brief_get(db, a, mentee_id, &out->mentee)) != ERR_OK)
		return rc;
	if (mentor_id == 0)
		return ERR_OK;
	if ((rc = db_brief_get(db, a, mentor_id, &out->mentor)) != ERR_OK)
		return rc;
	rc = app_finder_explain(db, a, me, scheme_id, mentee_id, mentor_id, &out->as);
	if (rc == ERR_NOT_FOUND) {
		out->is_not_mentor = true;
		return ERR_OK;
	}
	if (rc != ERR_OK)
		return rc;
	rc = app_mentor_load(db, scheme_id, mentor_id, &out->capacity, &out->active);
	if (rc == ERR_NOT_FOUND || out->as.exclusion == MX_NOT_MENTOR ||
	    out->as.exclusion == MX_SELF) {
		out->is_not_mentor = true;
		return ERR_OK;
	}
	if (rc != ERR_OK)
		return rc;
	out->is_full = out->active >= out->capacity;
	out->needs_override = out->as.exclusion != MX_NONE || out->is_full;
	return ERR_OK;
}

/* The checks and the insert, inside the caller's transaction. */
static enum err
assign_tx(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_assign_in *in, const struct app_assign_preview *pv, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	bool has = false;
	int64_t capacity = 0, active = 0;
	enum err rc = app_mentee_has_mentor(db, in->scheme_id, in->mentee_id, &has);
	if (rc != ERR_OK)
		return rc;
	if (has) {
		app_problem(ps, "", arena_printf(a, "%s already has a mentor in this scheme. "
		    "End that relationship first.", pv->mentee.name));
		return ERR_CONFLICT;
	}
	/* capacity again, inside the transaction: the preview may be stale */
	if ((rc = app_mentor_load(db, in->scheme_id, in->mentor_id, &capacity, &active)) !=
	    ERR_OK)
		return rc;
	if (active >= capacity && *nz(in->override_reason) == '\0') {
		app_problem(ps, "override_reason", "This mentor has no free places. Give a "
		    "reason for assigning them anyway");
		return ERR_BAD_INPUT;
	}
	struct app_rel_new r = {
		.scheme_id = in->scheme_id, .mentor_id = in->mentor_id,
		.mentee_id = in->mentee_id, .origin = "assignment", .assigned_by = me->user_id,
		.override_reason = nz(in->override_reason),
		.first_session = nz(in->first_session), .actor_id = me->user_id, .ip = ip,
	};
	rc = app_relationship_create_tx(db, a, &r, id);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", "These two people already have a live relationship.");
	return rc;
}

/* The input checks of an assignment; the preview filled. */
static enum err
assign_check(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_assign_in *in, struct app_problems *ps, struct app_assign_preview *pv)
{
	struct db_scheme_settings st;
	enum err rc;
	memset(pv, 0, sizeof(*pv));
	if (!app_is_scheme_admin(me, in->scheme_id))
		return ERR_NOT_FOUND;
	/* the setting first: no matching work for a scheme that forbids it */
	if ((rc = db_scheme_settings_get(db, a, in->scheme_id, &st)) != ERR_OK)
		return rc;
	if (!st.allow_admin_assignment) {
		app_problem(ps, "", "This scheme does not allow administrators to assign "
		    "mentors. Turn on administrator assignment in the scheme's settings first.");
		return ERR_FORBIDDEN;
	}
	if ((rc = app_assign_preview(db, a, me, in->scheme_id, in->mentee_id, in->mentor_id,
	    pv)) != ERR_OK)
		return rc;
	const char *why = nz(in->override_reason);
	if (in->mentor_id == 0 || pv->is_not_mentor)
		app_problem(ps, "mentor_id", "Choose a mentor from this scheme");
	else if (pv->needs_override && *why == '\0')
		app_problem(ps, "override_reason", arena_printf(a, "Give a reason for assigning "
		    "this mentor: %s", pv->is_full && pv->as.exclusion == MX_NONE ?
		    "they have no free places" : pv->as.why));
	if (str_utf8_len(why) > APP_REL_OVERRIDE_MAX)
		app_problem(ps, "override_reason", "Reason must be 2000 characters or fewer");
	if (*nz(in->first_session) != '\0' && !app_session_is_real(in->first_session))
		app_problem(ps, "first_session", "First session must be a real date and time");
	return ps->n > 0 ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_assign(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_assign_in *in, const char *ip, struct app_problems *ps, int64_t *id)
{
	struct app_assign_preview pv;
	*id = 0;
	enum err rc = assign_check(db, a, me, in, ps, &pv);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	return finish(db, assign_tx(db, a, me, in, &pv, ip, ps, id));
}

/* ---- ending early, no fault (REL-6) ---- */

enum err
app_relationship_end_early(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_end_early *in, const char *ip, struct app_problems *ps,
    int64_t *new_id)
{
	struct app_relationship rel;
	struct app_assign_preview pv;
	struct app_assign_in as = {0};
	const char *note = nz(in->note);
	*new_id = 0;
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_END_EARLY, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc != ERR_OK)
		return rc;
	text_problem(ps, "note", note, true,
	    "Enter a note about why the relationship is ending");
	if (in->assign_new) {
		as = (struct app_assign_in){.scheme_id = rel.r.scheme_id,
		    .mentee_id = rel.r.mentee_id, .mentor_id = in->mentor_id,
		    .override_reason = nz(in->override_reason), .first_session = ""};
		if (in->mentor_id == rel.r.mentor_id)
			app_problem(ps, "mentor_id", "Choose a different mentor");
		else if ((rc = assign_check(db, a, me, &as, ps, &pv)) != ERR_OK &&
		    rc != ERR_BAD_INPUT)
			return rc;
	}
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	char today[11];
	app_today(today);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, LRLA_END_EARLY, &rel, ps)) != ERR_OK)
		return finish(db, rc);
	int64_t now = clock_now();
	const char *to = lc_rel_status_name(lc_rel_next(rel.status, LRLA_END_EARLY));
	rc = db_rel_finish(db, id, to, today, note, me->user_id, now);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc == ERR_OK)
		rc = db_endreq_close_all(db, id, me->user_id, now);
	if (rc == ERR_OK)
		rc = app_sessions_end_tx(db, a, id, me->user_id, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "relationship.end_early",
		    rel_subject(a, id), in->assign_new ? arena_printf(a, "reassigned to mentor "
		    "%lld", (long long)in->mentor_id) : "mentee back to searching", nz(ip));
	const char *blame_free = "This happens sometimes and is nobody's fault.";
	if (rc == ERR_OK)
		rc = tell(db, a, rel.r.mentor_id, rel.r.scheme_id, rel.r.id,
		    "relationship.ended",
		    arena_printf(a, "Your mentoring relationship with %s has come to a close",
		    rel.r.mentee_name), arena_printf(a,
		    "Your mentoring relationship with %s has been brought to a close by the "
		    "scheme team. %s\n\n"
		    "Thank you for the time you gave. You can still read everything about it: "
		    "sign in to Tandem and open Past mentees on your home page.\n",
		    rel.r.mentee_name, blame_free));
	if (rc == ERR_OK)
		rc = tell(db, a, rel.r.mentee_id, rel.r.scheme_id, rel.r.id,
		    "relationship.ended",
		    arena_printf(a, "Your mentoring relationship with %s has come to a close",
		    rel.r.mentor_name), arena_printf(a,
		    "Your mentoring relationship with %s has been brought to a close by the "
		    "scheme team. %s\n\n%s\n",
		    rel.r.mentor_name, blame_free, in->assign_new ?
		    "The scheme team has found you a new mentor: you will receive a separate "
		    "email with their details." :
		    "What you can do next\n\nYou can find a new mentor whenever you are ready: "
		    "sign in to Tandem and use Find a mentor. Everything about this "
		    "relationship stays under Past mentors on your home page."));
	if (rc == ERR_OK && in->assign_new)
		rc = assign_tx(db, a, me, &as, &pv, ip, ps, new_id);
	return finish(db, rc);
}

enum err
app_end_request_dismiss(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t end_request_id, const char *note, const char *ip, struct app_problems *ps,
    int64_t *rel_id)
{
	struct db_end_request e;
	note = nz(note);
	*rel_id = 0;
	enum err rc = db_endreq_get(db, a, end_request_id, &e);
	if (rc != ERR_OK)
		return rc;
	if (!app_is_scheme_admin(me, e.scheme_id))
		return ERR_NOT_FOUND;
	*rel_id = e.relationship_id;
	/* closing a request is the administrator's decision about ending: only
	 * while the relationship is live (lc: LRLA_END_EARLY) */
	struct app_relationship rel;
	if ((rc = app_relationship_guard(db, a, me, e.relationship_id, LRLA_END_EARLY, &rel)) !=
	    ERR_OK) {
		if (rc == ERR_CONFLICT)
			app_problem(ps, "", APP_REL_ENDED);
		return rc;
	}
	text_problem(ps, "note", note, true,
	    "Enter a note saying why the relationship continues");
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_endreq_dismiss(db, end_request_id, me->user_id, note, clock_now());
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", "This request has already been dealt with.");
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, e.scheme_id, "relationship.end_request_dismiss",
		    rel_subject(a, e.relationship_id), arena_printf(a, "end request %lld",
		    (long long)end_request_id), nz(ip));
	/* the person who asked is told; the note stays with the administrators */
	if (rc == ERR_OK)
		rc = tell(db, a, e.requested_by, e.scheme_id, e.relationship_id,
		    "relationship.end_request_closed",
		    "Your request to end your mentoring relationship",
		    "The scheme team has looked at your request to end your mentoring "
		    "relationship and closed it, so the relationship continues.\n\n"
		    "If you would like to talk about it, contact your scheme administrator. "
		    "Your request stays private: the other person has not been told.\n");
	return finish(db, rc);
}

/* ---- extensions (REL-7) ---- */

enum err
app_relationship_ask_extension(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t sessions, const char *reason, const char *ip, struct app_problems *ps,
    int64_t *extension_id)
{
	struct app_relationship rel;
	struct db_scheme_settings st;
	reason = nz(reason);
	*extension_id = 0;
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_ASK_EXTENSION, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &st)) != ERR_OK)
		return rc;
	if (sessions == 0)
		sessions = st.extension_sessions > 0 ? st.extension_sessions : 2;
	if (sessions < 1 || sessions > APP_EXTENSION_MAX)
		app_problem(ps, "sessions", "Number of extra sessions must be between 1 and 20");
	text_problem(ps, "reason", reason, true,
	    "Enter why you would like more sessions");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, LRLA_ASK_EXTENSION, &rel, ps)) != ERR_OK)
		return finish(db, rc);
	struct db_extension *x;
	size_t n;
	if ((rc = db_ext_of_rel(db, a, id, &x, &n)) != ERR_OK)
		return finish(db, rc);
	for (size_t i = 0; i < n; i++)
		if (strcmp(x[i].status, "pending") == 0) {
			app_problem(ps, "", "An extension has already been asked for and is "
			    "waiting for the scheme team's decision.");
			return finish(db, ERR_CONFLICT);
		}
	if ((rc = db_ext_add(db, id, me->user_id, sessions, reason, clock_now(),
	    extension_id)) != ERR_OK)
		return finish(db, rc);
	rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "relationship.ask_extension",
	    rel_subject(a, id), arena_printf(a, "%lld more sessions", (long long)sessions),
	    nz(ip));
	if (rc == ERR_OK)
		rc = tell_admins(db, a, &rel.r, "admin.extension_requested",
		    "An extension to a mentoring relationship is waiting for you",
		    arena_printf(a,
		    "%s has asked for %lld more sessions for the mentoring relationship of "
		    "%s and %s in %s.\n\n"
		    "Their reason:\n\n%s\n\n"
		    "What to do next\n\n"
		    "Sign in to Tandem and open the scheme's Relationships page to approve "
		    "or decline it.\n",
		    me->display_name, (long long)sessions, rel.r.mentor_name,
		    rel.r.mentee_name, rel.r.scheme_name, reason));
	return finish(db, rc);
}

enum err
app_extension_decide(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t extension_id, bool approve, const char *note, const char *ip,
    struct app_problems *ps, int64_t *rel_id)
{
	struct db_extension x;
	struct app_relationship rel;
	note = nz(note);
	*rel_id = 0;
	enum err rc = db_ext_get(db, a, extension_id, &x);
	if (rc != ERR_OK)
		return rc;
	rc = app_relationship_guard(db, a, me, x.relationship_id, LRLA_DECIDE_EXTENSION, &rel);
	if (rc == ERR_FORBIDDEN)
		return ERR_NOT_FOUND;   /* the parties never reach this route's object */
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc != ERR_OK)
		return rc;
	*rel_id = x.relationship_id;
	text_problem(ps, "note", note, !approve,
	    "Enter a note saying why the extension is declined");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, x.relationship_id, LRLA_DECIDE_EXTENSION, &rel, ps)) !=
	    ERR_OK)
		return finish(db, rc);
	int64_t now = clock_now();
	rc = db_ext_decide(db, extension_id, approve ? "approved" : "declined", me->user_id,
	    note, now);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", "This extension has already been decided.");
	if (rc == ERR_OK && approve)
		rc = db_rel_add_extra(db, x.relationship_id, x.sessions, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, approve ?
		    "relationship.extension_approve" : "relationship.extension_decline",
		    rel_subject(a, x.relationship_id), arena_printf(a, "%lld sessions",
		    (long long)x.sessions), nz(ip));
	const char *subject = approve ? "Your extension has been approved" :
	    "Your extension request has been declined";
	const char *text = approve ? arena_printf(a,
	    "The scheme team has approved %lld more sessions for the mentoring relationship "
	    "of %s and %s.%s%s\n\n"
	    "Sign in to Tandem and open the relationship to see the sessions you have.\n",
	    (long long)x.sessions, rel.r.mentor_name, rel.r.mentee_name,
	    *note ? "\n\nTheir note:\n\n" : "", note) : arena_printf(a,
	    "The scheme team has declined the request for %lld more sessions for the "
	    "mentoring relationship of %s and %s.\n\nTheir note:\n\n%s\n\n"
	    "If you would like to talk about it, contact your scheme administrator.\n",
	    (long long)x.sessions, rel.r.mentor_name, rel.r.mentee_name, note);
	if (rc == ERR_OK)
		rc = tell(db, a, rel.r.mentor_id, rel.r.scheme_id, rel.r.id,
		    "relationship.extension", subject, text);
	if (rc == ERR_OK)
		rc = tell(db, a, rel.r.mentee_id, rel.r.scheme_id, rel.r.id,
		    "relationship.extension", subject, text);
	return finish(db, rc);
}
