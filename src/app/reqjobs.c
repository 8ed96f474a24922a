/*
 * reqjobs.c - the request deadline job, responsiveness and request
 * settings (reqjobs.h).
 *
 * Design: each step reads one bounded batch of due rows, then handles
 * each row in its own transaction: a compare-and-set update (reminded_at
 * / alerted_at IS NULL, or the ranked move through lc_req_next in
 * app_request_pass_on_tx), the emails through app_notify_tx, and the
 * missed-deadline count, all committed together.  A row whose update
 * lost (someone decided it meanwhile) is skipped.  So the job is
 * idempotent: a second run at the same `now` finds nothing due.
 *
 * Traps:
 * - A row that fails for another reason stays due; the steps stop after
 *   a bounded number of batches so such a row cannot spin the job.
 * - Proposals ask the finder with a system identity (a struct app_auth
 *   with is_site_admin set and no user): the finder allows a site
 *   administrator to search on any mentee's behalf, which is exactly
 *   "who may be offered to this mentee" - the same rules, exclusions
 *   (paused, full, unavailable, conflicts, deactivated) and scores a
 *   person sees.
 * - Proposals consider at most APP_PROPOSALS_MENTEES mentees per scheme
 *   per hourly run, from a cursor kept in the meta table that wraps
 *   around (app_proposal_batch), so a large scheme is covered over
 *   several runs instead of its first thousand mentees only.
 * - A mentor is never proposed again to a mentee who was declined by
 *   them or who withdrew a request or proposal to them (DL_DECLINED_BY).
 */
#include "app/reqjobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/date.h"
#include "app/finder.h"
#include "app/pairing.h"
#include "app/request.h"
#include "core/arena.h"
#include "core/log.h"

#define MAX_BATCHES 5

static const char *
what_of(const struct db_due *d)
{
	return strcmp(d->kind, "proposal") == 0 ? "proposal" : "request";
}

/* REQ-14: one more missed deadline; at LC_PAUSE_AFTER_MISSES the mentor
 * is paused and told.  A mentor without a profile in the scheme (an
 * odd but possible state) is not counted. */
static enum err
count_miss(struct db *db, struct arena *a, int64_t mentor_id, int64_t scheme_id,
    int64_t now, struct app_reqjobs_report *r)
{
	int64_t misses = 0, paused_at = 0;
	enum err rc = db_mentor_miss(db, mentor_id, scheme_id, &misses, &paused_at);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	r->missed++;
	if (misses < LC_PAUSE_AFTER_MISSES || paused_at != 0)
		return ERR_OK;
	bool changed = false;
	if ((rc = db_mentor_pause(db, mentor_id, scheme_id, now, &changed)) != ERR_OK ||
	    !changed)
		return rc;
	struct db_brief m;
	struct db_scheme scheme;
	if ((rc = db_brief_get(db, a, mentor_id, &m)) != ERR_OK ||
	    (rc = db_scheme_get(db, a, scheme_id, &scheme)) != ERR_OK)
		return rc;
	const char *text = arena_printf(a,
	    "Hello %s,\n\n"
	    "%lld mentoring requests to you in %s have passed their response deadline "
	    "without an answer, so we have paused your mentor profile. While it is "
	    "paused, mentees will not be offered you as a mentor, so you will not get "
	    "new requests.\n\n"
	    "What to do next\n\n"
	    "Sign in to Tandem: your profile is offered again as soon as you do. Then "
	    "open My mentoring requests and answer the requests waiting for you - you "
	    "can approve, decline, ask for changes or put a request on your waiting "
	    "list. If you cannot take on mentees at the moment, you can set yourself as "
	    "not available on your mentor profile.\n\nTandem\n",
	    m.given_name, (long long)misses, scheme.name);
	if ((rc = app_notice_tx(db, &(struct app_notice){.user_id = m.id,
	    .to = m.email,
	    .kind = "request.paused",
	    .scheme_id = scheme_id,
	    .subject = "Your mentor profile has been paused",
	    .text = text,
	    .path = "/requests"})) != ERR_OK)
		return rc;
	r->paused++;
	return app_audit_tx(db, 0, scheme_id, "mentor.paused",
	    arena_printf(a, "user:%lld", (long long)mentor_id),
	    arena_printf(a, "%lld missed deadlines", (long long)misses), "");
}

/* REQ-7 reminder, or REQ-13 passing on for a ranked request. */
static enum err
remind_one(struct db *db, struct arena *a, const struct db_due *d, int64_t now,
    struct app_reqjobs_report *r)
{
	enum err rc;
	if (d->rank_group != 0) {
		if ((rc = app_request_pass_on_tx(db, a, d->id, false, now)) != ERR_OK)
			return rc;
		r->passed++;
		if ((rc = app_audit_tx(db, 0, d->scheme_id, "request.passed",
		    arena_printf(a, "request:%lld", (long long)d->id),
		    "unanswered past the deadline", "")) != ERR_OK)
			return rc;
		return count_miss(db, a, d->mentor_id, d->scheme_id, now, r);
	}
	if ((rc = db_req_set_reminded(db, d->id, now)) != ERR_OK)
		return rc;
	struct db_brief mentor, mentee;
	if ((rc = db_brief_get(db, a, d->mentor_id, &mentor)) != ERR_OK ||
	    (rc = db_brief_get(db, a, d->mentee_id, &mentee)) != ERR_OK)
		return rc;
	const char *what = what_of(d);
	const char *text = strcmp(what, "proposal") == 0
	    ? arena_printf(a,
	    "Hello %s,\n\n"
	    "On %s Tandem proposed %s to you as a mentee, and we have not yet had your "
	    "answer. The response deadline was %s.\n\n"
	    "What to do next\n\n"
	    "Sign in to Tandem and open My mentoring requests to accept the proposal, "
	    "ask for more information, or say no. If you cannot take on a mentee at the "
	    "moment, please say so, so that %s can be matched with someone else.\n\n"
	    "Tandem\n",
	    mentor.given_name, app_time_words(a, d->submitted_at, true), mentee.name,
	    app_time_words(a, d->deadline_at, true), mentee.name)
	    : arena_printf(a,
	    "Hello %s,\n\n"
	    "%s asked you to be their mentor on %s, and is still waiting for your "
	    "answer. The response deadline was %s.\n\n"
	    "What to do next\n\n"
	    "Sign in to Tandem and open My mentoring requests to approve the request, "
	    "decline it, ask them to amend it, or put it on your waiting list if you "
	    "may have a place later.\n\n"
	    "Tandem\n",
	    mentor.given_name, mentee.name, app_time_words(a, d->submitted_at, true),
	    app_time_words(a, d->deadline_at, true));
	if ((rc = app_notice_tx(db, &(struct app_notice){.user_id = mentor.id,
	    .to = mentor.email,
	    .kind = "request.reminder",
	    .scheme_id = d->scheme_id,
	    .subject = arena_printf(a, "Reminder: %s is waiting for your answer", mentee.name),
	    .text = text,
	    .path = arena_printf(a, "/requests/%lld", (long long)d->id)}))
	    != ERR_OK)
		return rc;
	r->reminded++;
	return count_miss(db, a, d->mentor_id, d->scheme_id, now, r);
}

/* REQ-7: every administrator of the scheme is told a request has waited
 * a week. */
static enum err
alert_one(struct db *db, struct arena *a, const struct db_due *d, int64_t now,
    struct app_reqjobs_report *r)
{
	enum err rc;
	if ((rc = db_req_set_alerted(db, d->id, now)) != ERR_OK)
		return rc;
	struct db_brief mentor, mentee;
	struct db_scheme scheme;
	struct db_user *admins;
	size_t nadmins;
	if ((rc = db_brief_get(db, a, d->mentor_id, &mentor)) != ERR_OK ||
	    (rc = db_brief_get(db, a, d->mentee_id, &mentee)) != ERR_OK ||
	    (rc = db_scheme_get(db, a, d->scheme_id, &scheme)) != ERR_OK ||
	    (rc = db_scheme_admins(db, a, d->scheme_id, &admins, &nadmins)) != ERR_OK)
		return rc;
	/* only true once the deadline has passed: a long deadline (or
	 * holidays) can put it after this week's alert */
	const char *reminded = d->reminded_at != 0
	    ? "The mentor has been reminded."
	    : "The response deadline has not passed yet, so the mentor has not been "
	    "reminded.";
	for (size_t i = 0; i < nadmins; i++) {
		const char *text = arena_printf(a,
		    "Hello %s,\n\n"
		    "A mentoring %s in %s has been waiting for an answer for a week.\n\n"
		    "Mentee: %s\nMentor: %s\nSent: %s\nResponse deadline: %s\n\n"
		    "%s You may like to contact them, or help the mentee find someone "
		    "else.\n\n"
		    "What to do next\n\n"
		    "Sign in to Tandem and open Administration, then Requests for %s, to "
		    "see every request waiting too long.\n\nTandem\n",
		    admins[i].given_name, what_of(d), scheme.name, mentee.name, mentor.name,
		    app_time_words(a, d->submitted_at, true),
		    app_time_words(a, d->deadline_at, true), reminded,
		    scheme.name);
		if ((rc = app_notice_tx(db, &(struct app_notice){.user_id = admins[i].id,
		    .to = admins[i].email,
		    .kind = "admin.request_waiting",
		    .scheme_id = d->scheme_id,
		    .subject = arena_printf(a, "A request has waited a week: %s to %s", mentee.name,
		        mentor.name),
		    .text = text,
		    .path = arena_printf(a, "/admin/schemes/%lld/requests", (long long)d->scheme_id)})) != ERR_OK)
			return rc;
	}
	r->alerted++;
	return ERR_OK;
}

typedef enum err (*row_fn)(struct db *db, struct arena *a, const struct db_due *d,
    int64_t now, struct app_reqjobs_report *r);

/* Handle due rows batch by batch, each row in its own transaction. */
static enum err
run_step(struct db *db, int64_t now, bool alerts, row_fn fn, struct app_reqjobs_report *r)
{
	enum err rc = ERR_OK;
	for (int b = 0; b < MAX_BATCHES; b++) {
		struct arena *a = arena_new(0);
		struct db_due *due;
		size_t n;
		rc = alerts ? db_due_alerts(db, a, now - LC_ADMIN_ALERT_AFTER, APP_REQJOBS_BATCH,
		    &due, &n) : db_due_reminders(db, a, now, APP_REQJOBS_BATCH, &due, &n);
		if (rc != ERR_OK) {
			arena_free(a);
			return rc;
		}
		size_t failed = 0;
		for (size_t i = 0; i < n; i++) {
			struct arena *ra = arena_new(0);
			enum err e = db_begin(db);
			if (e == ERR_OK) {
				e = fn(db, ra, &due[i], now, r);
				if (e == ERR_OK)
					e = db_commit(db);
				else
					db_rollback(db);
			}
			arena_free(ra);
			if (e == ERR_CONFLICT)
				continue;   /* decided meanwhile: nothing to do */
			if (e != ERR_OK) {
				log_warn("requests: %s of request %lld failed: %s",
				    alerts ? "alert" : "reminder", (long long)due[i].id,
				    err_code(e));
				failed++;
			}
		}
		r->failed += failed;
		arena_free(a);
		/* a short batch was the last; a batch of only failures would repeat */
		if (n < APP_REQJOBS_BATCH || failed == n)
			break;
	}
	return ERR_OK;
}

/* ---- proposals (REQ-8) ---- */

static bool
contains(const int64_t *v, size_t n, int64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static enum err
propose_one(struct db *db, struct arena *a, const struct db_scheme *scheme,
    const struct db_scheme_settings *st, int64_t mentee_id, int64_t now,
    struct app_reqjobs_report *r)
{
	/* a system identity: see the file comment */
	struct app_auth sys = {.user_id = 0, .is_site_admin = true};
	struct finder_query q = {.scheme_id = scheme->id, .mentee_id = mentee_id, .text = "",
	    .specialty = "", .organisation = "", .sort = FINDER_SORT_SCORE, .page = 1,
	    .per_page = 50};
	struct finder_result res;
	struct app_problems ps = {0};
	enum err rc = app_finder_search(db, a, &sys, &q, &res, &ps);
	if (rc == ERR_NOT_FOUND || rc == ERR_FORBIDDEN)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (res.mentee_missing != 0)
		return ERR_OK;   /* an incomplete profile is not proposed */
	int64_t *declined;
	size_t ndeclined;
	if ((rc = db_declined_by(db, a, scheme->id, mentee_id, &declined, &ndeclined)) != ERR_OK)
		return rc;
	const struct finder_hit *best = NULL;
	for (size_t i = 0; i < res.nhits && best == NULL; i++) {
		if (res.hits[i].score.score < st->proposal_threshold)
			break;   /* sorted by score: none further qualifies */
		if (!contains(declined, ndeclined, res.hits[i].user_id))
			best = &res.hits[i];
	}
	if (best == NULL)
		return ERR_OK;

	/* app_proposal_create_tx (request.h) inserts it with the scheme's
	 * deadline, audits it and emails the mentor (proposal.new) */
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	int64_t id;
	rc = app_proposal_create_tx(db, a, scheme->id, mentee_id, best->user_id,
	    best->score.score, now, &id);
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == ERR_OK)
		r->proposed++;
	/* conflict: the mentee sent a request meanwhile */
	return rc == ERR_CONFLICT ? ERR_OK : rc;
}

static enum err
proposals_for_scheme(struct db *db, struct arena *a, const struct db_scheme *scheme,
    int64_t now, struct app_reqjobs_report *r)
{
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme->id, &st);
	if (rc != ERR_OK || !st.allow_system_proposals)
		return rc;
	const char *key = arena_printf(a, "proposals_last:%lld", (long long)scheme->id);
	char *last = NULL;
	rc = db_meta_get(db, a, key, &last);
	if (rc == ERR_OK) {
		long long t = 0;
		if (sscanf(last, "%lld", &t) == 1 && now - t < APP_PROPOSALS_EVERY && now >= t)
			return ERR_OK;
	} else if (rc != ERR_NOT_FOUND) {
		return rc;
	}
	/* mark the run first: a crash part-way must not propose twice an hour */
	if ((rc = db_meta_set(db, key, arena_printf(a, "%lld", (long long)now))) != ERR_OK)
		return rc;
	r->schemes_proposing++;
	int64_t *mentees;
	size_t n;
	if ((rc = app_proposal_batch(db, a, scheme->id, APP_PROPOSALS_MENTEES, &mentees, &n))
	    != ERR_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct arena *ra = arena_new(0);
		enum err e = propose_one(db, ra, scheme, &st, mentees[i], now, r);
		arena_free(ra);
		if (e != ERR_OK) {
			log_warn("requests: proposal for mentee %lld failed: %s",
			    (long long)mentees[i], err_code(e));
			r->failed++;
		}
	}
	return ERR_OK;
}

enum err
app_proposal_batch(struct db *db, struct arena *a, int64_t scheme_id, size_t max,
    int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (max == 0)
		return ERR_OK;
	const char *key = arena_printf(a, "proposals_cursor:%lld", (long long)scheme_id);
	char *text = NULL;
	long long cursor = 0;
	enum err rc = db_meta_get(db, a, key, &text);
	if (rc == ERR_OK) {
		if (sscanf(text, "%lld", &cursor) != 1 || cursor < 0)
			cursor = 0;
	} else if (rc != ERR_NOT_FOUND) {
		return rc;
	}
	int64_t *first;
	size_t nfirst;
	if ((rc = db_proposal_mentees(db, a, scheme_id, cursor, max, &first, &nfirst)) != ERR_OK)
		return rc;
	int64_t *ids = arena_calloc(a, max, sizeof(*ids));
	if (nfirst > 0)   /* memcpy from NULL is undefined, even for 0 bytes */
		memcpy(ids, first, nfirst * sizeof(*ids));
	size_t count = nfirst;
	int64_t next;
	if (nfirst == max) {
		next = ids[count - 1];   /* more may follow: continue after it */
	} else if (cursor == 0) {
		next = 0;                /* the whole list fitted */
	} else {
		/* the end reached: wrap around to the start, up to the cursor */
		int64_t *second;
		size_t nsecond;
		if ((rc = db_proposal_mentees(db, a, scheme_id, 0, max - nfirst, &second,
		    &nsecond)) != ERR_OK)
			return rc;
		size_t kept = 0;
		while (kept < nsecond && second[kept] < cursor)
			ids[count++] = second[kept++];
		/* cut short before the cursor: continue from there next time;
		 * otherwise a whole round is done and the next starts afresh */
		next = kept > 0 && kept == max - nfirst ? second[kept - 1] : 0;
	}
	if ((rc = db_meta_set(db, key, arena_printf(a, "%lld", (long long)next))) != ERR_OK)
		return rc;
	*out = ids;
	*n = count;
	return ERR_OK;
}

enum err
app_requests_tick(struct db *db, int64_t now, struct app_reqjobs_report *r)
{
	memset(r, 0, sizeof(*r));
	enum err rc;
	if ((rc = run_step(db, now, false, remind_one, r)) != ERR_OK)
		return rc;
	if ((rc = run_step(db, now, true, alert_one, r)) != ERR_OK)
		return rc;
	struct arena *a = arena_new(0);
	struct db_scheme *schemes;
	size_t n;
	if ((rc = db_scheme_list(db, a, &schemes, &n)) == ERR_OK) {
		for (size_t i = 0; i < n; i++) {
			enum err e = proposals_for_scheme(db, a, &schemes[i], now, r);
			if (e != ERR_OK) {
				log_warn("requests: proposals for scheme %lld failed: %s",
				    (long long)schemes[i].id, err_code(e));
				r->failed++;
			}
		}
	}
	arena_free(a);
	return rc;
}

/* ---- responsiveness ---- */

int64_t
app_median_sorted(const int64_t *v, size_t n)
{
	if (n == 0)
		return -1;
	if (n % 2 == 1)
		return v[n / 2];
	return v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2;
}

struct median {
	int64_t mentor_id, n, median;
};

static int
cmp_median(const void *x, const void *y)
{
	int64_t a = ((const struct median *)x)->mentor_id;
	int64_t b = ((const struct median *)y)->mentor_id;
	return (a > b) - (a < b);
}

enum err
app_responsiveness_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t now, struct app_responsiveness *out)
{
	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	struct db_mentor_stat *stats;
	struct db_response_time *times;
	size_t nstats, ntimes;
	enum err rc;
	if ((rc = db_scheme_get(db, a, scheme_id, &out->scheme)) != ERR_OK ||
	    (rc = db_overdue_list(db, a, scheme_id, now, 500, &out->overdue, &out->noverdue))
	    != ERR_OK ||
	    (rc = db_mentor_stats(db, a, scheme_id, &stats, &nstats)) != ERR_OK ||
	    (rc = db_response_times(db, a, scheme_id, &times, &ntimes)) != ERR_OK)
		return rc;
	/* rows come by mentor, then time: one median per run of a mentor */
	struct median *meds = arena_calloc(a, ntimes ? ntimes : 1, sizeof(*meds));
	int64_t *vals = arena_calloc(a, ntimes ? ntimes : 1, sizeof(*vals));
	size_t nmeds = 0;
	for (size_t i = 0; i < ntimes;) {
		size_t j = i;
		while (j < ntimes && times[j].mentor_id == times[i].mentor_id) {
			vals[j] = times[j].seconds;
			j++;
		}
		meds[nmeds++] = (struct median){times[i].mentor_id, (int64_t)(j - i),
		    app_median_sorted(vals + i, j - i)};
		i = j;
	}
	out->mentors = arena_calloc(a, nstats ? nstats : 1, sizeof(*out->mentors));
	out->nmentors = nstats;
	for (size_t i = 0; i < nstats; i++) {
		struct app_mentor_response *m = &out->mentors[i];
		m->stat = stats[i];
		m->median_seconds = -1;
		struct median key = {.mentor_id = stats[i].id};
		const struct median *f = nmeds ? bsearch(&key, meds, nmeds, sizeof(*meds),
		    cmp_median) : NULL;
		if (f != NULL) {
			m->answered = f->n;
			m->median_seconds = f->median;
		}
	}
	return ERR_OK;
}

enum err
app_overdue_count(struct db *db, const struct app_auth *me, int64_t scheme_id, int64_t now,
    int64_t *n)
{
	*n = 0;
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	return db_overdue_count(db, scheme_id, now, n);
}

/* ---- settings ---- */

enum err
app_request_settings_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct db_scheme_settings *out,
    struct db_holiday **holidays, size_t *nholidays)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, scheme);
	if (rc == ERR_OK)
		rc = db_scheme_settings_get(db, a, scheme_id, out);
	if (rc == ERR_OK)
		rc = db_holiday_list(db, a, scheme_id, holidays, nholidays);
	return rc;
}

static void
range(struct app_problems *ps, const char *field, int64_t v, int64_t lo, int64_t hi,
    const char *msg)
{
	if (v < lo || v > hi)
		app_problem(ps, field, msg);
}

static const char *
settings_text(struct arena *a, const struct db_scheme_settings *s)
{
	return arena_printf(a, "requests %d, ranked %d, proposals %d (threshold %lld), "
	    "assignment %d, deadline %lld days, capacity %lld, cap %lld, extension %lld, "
	    "commitment %lld min/month", s->allow_mentee_requests, s->ranked_requests,
	    s->allow_system_proposals, (long long)s->proposal_threshold,
	    s->allow_admin_assignment, (long long)s->response_deadline_days,
	    (long long)s->default_capacity, (long long)s->session_cap,
	    (long long)s->extension_sessions, (long long)s->min_minutes_per_month);
}

enum err
app_request_settings_put(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_request_settings_in *in, const char *ip,
    struct app_problems *ps)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	range(ps, "proposal_threshold", in->proposal_threshold, 1, 100,
	    "Lowest match score must be a whole number from 1 to 100");
	range(ps, "response_deadline_days", in->response_deadline_days, 1, 60,
	    "Response deadline must be from 1 to 60 working days");
	range(ps, "default_capacity", in->default_capacity, 1, 50,
	    "Mentees per mentor must be from 1 to 50");
	range(ps, "session_cap", in->session_cap, 0, 100,
	    "Session limit must be from 0 to 100 (0 means no limit)");
	range(ps, "extension_sessions", in->extension_sessions, 0, 20,
	    "Extra sessions must be from 0 to 20");
	range(ps, "min_hours", in->min_hours, 0, 40,
	    "Hours must be from 0 to 40");
	range(ps, "min_minutes", in->min_minutes, 0, 59,
	    "Minutes must be from 0 to 59");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	struct db_scheme_settings st;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK)
		goto out;
	const char *before = settings_text(a, &st);
	st.allow_mentee_requests = in->allow_mentee_requests;
	st.ranked_requests = in->ranked_requests;
	st.allow_system_proposals = in->allow_system_proposals;
	st.proposal_threshold = in->proposal_threshold;
	st.allow_admin_assignment = in->allow_admin_assignment;
	st.response_deadline_days = in->response_deadline_days;
	st.default_capacity = in->default_capacity;
	st.session_cap = in->session_cap;
	st.extension_sessions = in->extension_sessions;
	st.min_minutes_per_month = in->min_hours * 60 + in->min_minutes;
	const char *after = settings_text(a, &st);
	if ((rc = db_scheme_settings_put(db, &st)) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.request_settings",
	    arena_printf(a, "scheme:%lld", (long long)scheme_id),
	    arena_printf(a, "before: %s; after: %s", before, after), ip ? ip : "");
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_holiday_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *day, const char *label, const char *ip,
    struct app_problems *ps)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if (day == NULL || day[0] == '\0')
		app_problem(ps, "holiday_day", "Enter the date of the holiday");
	else if (!app_date_is_real(day))
		app_problem(ps, "holiday_day", "Date of the holiday must be a real date");
	if (label == NULL)
		label = "";
	if (strlen(label) > 100)
		app_problem(ps, "holiday_label", "Name of the holiday must be 100 characters or "
		    "fewer");
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = db_holiday_add(db, scheme_id, day, label);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.holiday_add",
		    arena_printf(a, "scheme:%lld", (long long)scheme_id),
		    arena_printf(a, "%s %s", day, label), ip ? ip : "");
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "holiday_day", "That date is already on the holiday list");
	return rc;
}

enum err
app_holiday_remove(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *day, const char *ip)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = db_holiday_remove(db, scheme_id, day);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.holiday_remove",
		    arena_printf(a, "scheme:%lld", (long long)scheme_id), day, ip ? ip : "");
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}
