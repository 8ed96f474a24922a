/*
 * sessions.c - mentoring sessions and hours (sessions.h): adding up to
 * three per update (SES-2) within the cap (REL-7), the emails (SES-3),
 * agree and decline (SES-4), cancel and remove (SES-6), "did it take
 * place?" (SES-10), the hours of a relationship, a person and the home
 * page (SES-5, REL-9), and the demo pair's sessions.
 *
 * Design: what a party may do to a session is one pure function,
 * app_session_allowed, used both to show the buttons and to check the
 * action (inside the transaction, after reloading the row), so the page
 * never offers what the server refuses.  Each status change is a
 * compare-and-set (db_msession_set_status / db_msession_answer): a race
 * loses with ERR_CONFLICT, never a double change.
 *
 * Traps: a row's time is wall-clock time in the SCHEME's zone; the hour
 * skipped when the clocks go forward does not exist and is refused
 * (tz_from_local says so).  "Past" means the start is before now: such
 * a row is logged, never proposed.  Email text names sessions in the
 * scheme's zone; ids, not text, go to the audit log.
 */
#include "app/sessions.h"

#include <stdio.h>
#include <string.h>

#include "app/calendar.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/ics.h"
#include "core/strparse.h"

/* ---- words ---- */

const char *
app_hours_words(struct arena *a, int64_t minutes)
{
	if (minutes < 0)
		minutes = 0;
	int64_t h = minutes / 60, m = minutes % 60;
	if (h == 0 && m > 0)
		return arena_printf(a, "%lld minute%s", (long long)m, m == 1 ? "" : "s");
	if (m == 0)
		return arena_printf(a, "%lld hour%s", (long long)h, h == 1 ? "" : "s");
	return arena_printf(a, "%lld hour%s %lld minute%s", (long long)h, h == 1 ? "" : "s",
	    (long long)m, m == 1 ? "" : "s");
}

const char *
app_clock_words(struct arena *a, int hour, int minute)
{
	if (minute == 0 && hour == 12)
		return "midday";
	if (minute == 0 && hour == 0)
		return "midnight";
	int h12 = hour % 12 == 0 ? 12 : hour % 12;
	const char *ampm = hour < 12 ? "am" : "pm";
	return minute == 0 ? arena_printf(a, "%d%s", h12, ampm) :
	    arena_printf(a, "%d:%02d%s", h12, minute, ampm);
}

static const char *const weekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday"};
static const char *const months[] = {"January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December"};

const char *
app_session_when(struct arena *a, const struct tz *z, int64_t starts_at, int64_t ends_at)
{
	struct tz_local s, e;
	tz_to_local(z, starts_at, &s);
	tz_to_local(z, ends_at, &e);
	const char *day = arena_printf(a, "%s %d %s %d", weekdays[s.weekday % 7], s.day,
	    months[(s.month - 1) % 12], s.year);
	if (strcmp(s.abbrev, e.abbrev) != 0)
		return arena_printf(a, "%s, %s (%s) to %s (%s)", day,
		    app_clock_words(a, s.hour, s.minute), s.abbrev,
		    app_clock_words(a, e.hour, e.minute), e.abbrev);
	return arena_printf(a, "%s, %s to %s (%s)", day, app_clock_words(a, s.hour, s.minute),
	    app_clock_words(a, e.hour, e.minute), s.abbrev);
}

const char *
app_session_format_words(const char *format)
{
	if (strcmp(format, "in_person") == 0)
		return "in person";
	if (strcmp(format, "video") == 0)
		return "video";
	if (strcmp(format, "phone") == 0)
		return "phone";
	return "";
}

static bool
is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static bool
said_no(const struct db_msession *s)
{
	return is(s->mentor_answer, "no") || is(s->mentee_answer, "no");
}

const char *
app_session_status_words(const struct db_msession *s, int64_t now)
{
	if (is(s->status, "proposed"))
		return s->starts_at <= now ? "Not agreed in time" : "Proposed";
	if (is(s->status, "declined"))
		return "Declined";
	if (is(s->status, "cancelled"))
		return "Cancelled";
	if (is(s->status, "removed"))
		return "Removed";
	if (said_no(s))
		return "Did not take place";
	if (is(s->status, "logged") || s->ends_at <= now)
		return "Taken place";
	return "Agreed";
}

const char *
app_session_status_tag(const struct db_msession *s, int64_t now)
{
	if (is(s->status, "proposed"))
		return s->starts_at <= now ? "nhsuk-tag--grey" : "nhsuk-tag--yellow";
	if (is(s->status, "declined"))
		return "nhsuk-tag--red";
	if (is(s->status, "cancelled") || is(s->status, "removed") || said_no(s))
		return "nhsuk-tag--grey";
	if (s->counts)
		return "nhsuk-tag--green";
	return "nhsuk-tag--blue";
}

bool
app_session_is_struck(const struct db_msession *s)
{
	return is(s->status, "cancelled") || is(s->status, "removed") ||
	    is(s->status, "declined");
}

/* ---- what a party may do ---- */

void
app_session_allowed(const struct db_msession *s, int64_t me_id, bool rel_is_live,
    int64_t now, bool can[ASA__MAX])
{
	memset(can, 0, sizeof(bool) * ASA__MAX);
	bool i_mentor = me_id == s->mentor_id, i_mentee = me_id == s->mentee_id;
	if (!rel_is_live || (!i_mentor && !i_mentee))
		return;
	bool mine = s->added_by == me_id;
	const char *my_answer = i_mentor ? s->mentor_answer : s->mentee_answer;
	const char *their_answer = i_mentor ? s->mentee_answer : s->mentor_answer;
	bool future = s->starts_at > now;
	if (is(s->status, "proposed") && future) {
		can[ASA_AGREE] = !mine;
		can[ASA_DECLINE] = !mine;
		can[ASA_CANCEL] = mine;   /* withdraw */
	} else if (is(s->status, "agreed")) {
		can[ASA_CANCEL] = future;
		if (s->ends_at <= now && !said_no(s) && *my_answer == '\0')
			can[ASA_YES] = can[ASA_NO] = true;
	} else if (is(s->status, "logged") && !said_no(s)) {
		/* the other party's "yes" confirms it; until then either may
		 * take it back */
		bool confirmed = mine ? is(their_answer, "yes") :
		    is(my_answer, "yes");
		can[ASA_REMOVE] = !confirmed;
		if (!mine && *my_answer == '\0')
			can[ASA_YES] = can[ASA_NO] = true;
	}
}

/* ---- adding (SES-2, SES-3, REL-7) ---- */

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* "14:30", "9:05" or "9.05": *h and *mi set. */
static bool
parse_clock(const char *t, int *h, int *mi)
{
	size_t len = strlen(t);
	if (len < 4 || len > 5)
		return false;
	const char *sep = t + len - 3;
	if (*sep != ':' && *sep != '.')
		return false;
	int hh = 0;
	for (const char *p = t; p < sep; p++) {
		if (*p < '0' || *p > '9')
			return false;
		hh = hh * 10 + (*p - '0');
	}
	if (sep[1] < '0' || sep[1] > '9' || sep[2] < '0' || sep[2] > '9')
		return false;
	int mm = (sep[1] - '0') * 10 + (sep[2] - '0');
	if (hh > 23 || mm > 59)
		return false;
	*h = hh;
	*mi = mm;
	return true;
}

static bool
row_is_empty(const struct app_session_row *r)
{
	const char *f[] = {r->date, r->day, r->month, r->year, r->time, r->minutes,
		r->format, r->place};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (*nz(f[i]) != '\0')
			return false;
	return true;
}

struct new_row {
	int64_t starts_at, minutes;
	const char *format, *place;
	bool is_past;
};

/* Check row i (1-based): problems on its own fields.  true when good. */
static bool
check_row(struct arena *a, int i, const struct app_session_row *r, const struct tz *z,
    int64_t rel_start, int64_t now, struct app_problems *ps, struct new_row *out)
{
	size_t before = ps->n;
	const char *f_date = arena_printf(a, "s%d_date", i);
	const char *f_time = arena_printf(a, "s%d_time", i);
	const char *label = arena_printf(a, "Date of session %d", i);
	const char *iso = "", *why = NULL;
	int y = 0, mo = 0, d = 0, h = 0, mi = 0;

	if (*nz(r->date) != '\0') {
		if (!app_date_is_real(r->date) ||
		    sscanf(r->date, "%4d-%2d-%2d", &y, &mo, &d) != 3)
			app_problem(ps, f_date, arena_printf(a, "%s must be a real date, like "
			    "2026-12-01", label));
	} else if (app_date_from_parts(a, label, nz(r->day), nz(r->month), nz(r->year), &iso,
	    &why) != ERR_OK) {
		app_problem(ps, f_date, why);
	} else if (*iso == '\0') {
		app_problem(ps, f_date, arena_printf(a, "Enter the date of session %d", i));
	} else {
		sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d);
	}
	bool has_time = parse_clock(nz(r->time), &h, &mi);
	if (!has_time)
		app_problem(ps, f_time, arena_printf(a, "Enter the start time of session %d "
		    "in hours and minutes, like 14:30", i));

	int64_t minutes = 0;
	if (*nz(r->minutes) == '\0')
		app_problem(ps, arena_printf(a, "s%d_minutes", i),
		    arena_printf(a, "Enter how long session %d lasts, in minutes", i));
	else if (str_to_i64(r->minutes, APP_SESSION_MIN_MINUTES, APP_SESSION_MAX_MINUTES,
	    &minutes) != ERR_OK)
		app_problem(ps, arena_printf(a, "s%d_minutes", i),
		    arena_printf(a, "Duration of session %d must be a whole number of minutes "
		    "from %d to %d", i, APP_SESSION_MIN_MINUTES, APP_SESSION_MAX_MINUTES));

	const char *fmt = nz(r->format);
	if (!is(fmt, "in_person") && !is(fmt, "video") && !is(fmt, "phone"))
		app_problem(ps, arena_printf(a, "s%d_format", i),
		    arena_printf(a, "Select how session %d takes place: in person, video or "
		    "phone", i));
	if (str_utf8_len(nz(r->place)) > APP_SESSION_PLACE_MAX)
		app_problem(ps, arena_printf(a, "s%d_place", i),
		    arena_printf(a, "Place or link for session %d must be %d characters or "
		    "fewer", i, APP_SESSION_PLACE_MAX));

	int64_t at = 0;
	if (y > 0 && has_time) {
		if (!tz_from_local(z, y, mo, d, h, mi, &at)) {
			app_problem(ps, f_time, arena_printf(a, "Session %d's time does not exist "
			    "on that day in the scheme's time zone (%s): the clocks go forward. "
			    "Enter another time", i, tz_name(z)));
		} else {
			/* compared as days in the scheme's zone: a session on
			 * the day it started is fine at any hour */
			struct tz_local sl, rl;
			tz_to_local(z, at, &sl);
			tz_to_local(z, rel_start, &rl);
			long sday = (long)sl.year * 10000 + sl.month * 100 + sl.day;
			long rday = (long)rl.year * 10000 + rl.month * 100 + rl.day;
			if (sday < rday)
				app_problem(ps, f_date, arena_printf(a, "Date of session %d must be on "
				    "or after the day the relationship started, %d %s %d", i,
				    rl.day, months[(rl.month - 1) % 12], rl.year));
			else if (at > now + APP_SESSION_AHEAD)
				app_problem(ps, f_date, arena_printf(a, "Date of session %d must be "
				    "within a year from today", i));
			/* logging counts at once (SES-5), so only a session
			 * that has ended can be logged */
			else if (minutes > 0 && at < now && at + minutes * 60 > now)
				app_problem(ps, f_time, arena_printf(a, "Session %d has not finished "
				    "yet. Record it once it has ended, or change the time", i));
		}
	}
	if (ps->n != before)
		return false;
	out->starts_at = at;
	out->minutes = minutes;
	out->format = fmt;
	out->place = nz(r->place);
	out->is_past = at < now;
	return true;
}

/* The cap (REL-7): how many more may be added; -1 when there is none. */
static int64_t
cap_left(int64_t cap, int64_t extra, int64_t in_use)
{
	if (cap <= 0)
		return -1;
	int64_t left = cap + extra - in_use;
	return left < 0 ? 0 : left;
}

/* REL-7: the sentence beside the form (and in the API's errors) says
 * how many are left and what to do; the page puts the link to ask the
 * scheme team beside it (no path in the sentence). */
static void
cap_problem(struct arena *a, struct app_problems *ps, int64_t left, size_t wanted,
    int64_t allowed)
{
	app_problem(ps, "sessions", arena_printf(a, "This relationship can have %lld "
	    "sessions and %s left, so %zu cannot be added. %s", (long long)allowed,
	    left == 0 ? "there are none" : left == 1 ? "there is 1" :
	    arena_printf(a, "there are %lld", (long long)left), wanted,
	    left == 0 ? "To add more, ask the scheme team for more sessions" :
	    "Add fewer, or ask the scheme team for more sessions"));
}

/* One line per session for an email. */
static void
session_lines(struct buf *b, struct arena *a, const struct tz *z,
    const struct db_msession *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct db_msession *s = &list[i];
		buf_printf(b, "- %s: %s, %s%s%s\n", is(s->status, "logged") ?
		    "took place" : "proposed", app_session_when(a, z, s->starts_at, s->ends_at),
		    app_session_format_words(s->format), *s->place ? ", " : "", s->place);
	}
}

enum err
app_sessions_add(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    const struct app_session_row rows[APP_SESSION_ROWS], const char *base_url,
    const char *ip, struct app_problems *ps, struct app_sessions_added *out)
{
	struct app_relationship rel;
	struct db_scheme_settings st;
	memset(out, 0, sizeof(*out));
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc == ERR_FORBIDDEN)
		app_problem(ps, "", "Only the mentor and mentee can add sessions.");
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &st)) != ERR_OK)
		return rc;
	const struct tz *z = tz_or_default(st.time_zone);
	int64_t now = clock_now();

	struct new_row nr[APP_SESSION_ROWS];
	size_t n = 0, nempty = 0, nproblems = ps->n;
	bool ok = true;
	for (int i = 0; i < APP_SESSION_ROWS; i++) {
		if (row_is_empty(&rows[i])) {
			nempty++;
			continue;
		}
		if (check_row(a, i + 1, &rows[i], z, rel.r.started_at, now, ps, &nr[n]))
			n++;
		else
			ok = false;
	}
	if (nempty == APP_SESSION_ROWS)
		app_problem(ps, "s1_date", "Enter at least one session: its date, start time, "
		    "duration and how it takes place");
	if (!ok || ps->n > nproblems)
		return ERR_BAD_INPUT;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	if (rc != ERR_OK)
		return finish(db, rc);
	int64_t in_use;
	if ((rc = db_msessions_in_use(db, rel_id, now, &in_use)) != ERR_OK)
		return finish(db, rc);
	int64_t left = cap_left(st.session_cap, rel.r.extra_sessions, in_use);
	if (left >= 0 && (int64_t)n > left) {
		cap_problem(a, ps, left, n, st.session_cap + rel.r.extra_sessions);
		return finish(db, ERR_BAD_INPUT);
	}
	if ((rc = db_msession_next_batch(db, &out->batch_id)) != ERR_OK)
		return finish(db, rc);
	bool i_mentor = rel.actor == LC_MENTOR;
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		struct db_msession_new in = {
			.relationship_id = rel_id, .starts_at = nr[i].starts_at,
			.minutes = nr[i].minutes, .format = nr[i].format, .place = nr[i].place,
			.status = nr[i].is_past ? "logged" : "proposed", .added_by = me->user_id,
			.batch_id = out->batch_id,
			.mentor_answer = nr[i].is_past && i_mentor ? "yes" : "",
			.mentee_answer = nr[i].is_past && !i_mentor ? "yes" : "",
		};
		rc = db_msession_add(db, &in, now, &out->ids[i]);
		if (nr[i].is_past)
			out->nlogged++;
		else
			out->nproposed++;
	}
	out->n = n;
	if (rc != ERR_OK)
		return finish(db, rc);

	/* SES-3: one email to the other party, every session in it */
	struct db_msession *added = arena_alloc(a, sizeof(*added) * n);
	for (size_t i = 0; i < n && rc == ERR_OK; i++)
		rc = db_msession_get(db, a, out->ids[i], now, &added[i]);
	if (rc != ERR_OK)
		return finish(db, rc);
	const struct db_msession *s0 = &added[0];
	int64_t other = i_mentor ? s0->mentee_id : s0->mentor_id;
	const char *other_email = i_mentor ? s0->mentee_email : s0->mentor_email;
	struct buf b;
	buf_init_arena(&b, a, 64 * 1024);
	buf_printf(&b, "%s has %s for your mentoring relationship in %s:\n\n",
	    me->display_name, out->nproposed && out->nlogged ?
	    "proposed sessions and recorded sessions that took place" :
	    out->nproposed ? (n == 1 ? "proposed a session" : "proposed sessions") :
	    (n == 1 ? "recorded a session that took place" :
	    "recorded sessions that took place"), s0->scheme_name);
	session_lines(&b, a, z, added, n);
	if (out->nproposed)
		buf_printf(&b, "\nWhat to do next\n\nSign in to Tandem and open your "
		    "relationship page to agree or decline each proposed session.\n");
	if (out->nlogged)
		buf_printf(&b, "\nSessions that took place count toward your mentoring hours "
		    "at once. If one did not happen, say so on your home page.\n");
	if (*nz(base_url))
		buf_printf(&b, "\nThe relationship page: %s/relationships/%lld\n", base_url,
		    (long long)rel_id);
	const char *text = buf_str(&b);
	rc = app_notice_tx(db, &(struct app_notice){.user_id = other,
	    .to = other_email,
	    .kind = "session.added",
	    .scheme_id = rel.r.scheme_id,
	    .subject = out->nproposed ? "Mentoring sessions proposed" : "Mentoring sessions recorded",
	    .text = text,
	    .path = arena_printf(a, "/relationships/%lld", (long long)rel_id)});
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "session.add",
		    arena_printf(a, "relationship:%lld", (long long)rel_id),
		    arena_printf(a, "batch %lld: %zu proposed, %zu logged",
		    (long long)out->batch_id, out->nproposed, out->nlogged), nz(ip));
	return finish(db, rc);
}

enum err
app_session_first_tx(struct db *db, int64_t rel_id, int64_t mentor_id, int64_t scheme_id,
    const char *when, int64_t now)
{
	int y, mo, d, h, mi;
	if (when == NULL || !app_session_is_real(when) ||
	    sscanf(when, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5)
		return ERR_OK;
	struct arena *a = arena_new(4096);
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme_id, &st);
	int64_t at;
	if (rc == ERR_OK && tz_from_local(tz_or_default(st.time_zone), y, mo, d, h, mi, &at) &&
	    at > now && at <= now + APP_SESSION_AHEAD) {
		int64_t batch;
		if ((rc = db_msession_next_batch(db, &batch)) == ERR_OK) {
			struct db_msession_new in = {
				.relationship_id = rel_id, .starts_at = at, .minutes = 60,
				.format = "video", .place = "", .status = "proposed",
				.added_by = mentor_id, .batch_id = batch,
				.mentor_answer = "", .mentee_answer = "",
			};
			rc = db_msession_add(db, &in, now, NULL);
		}
	}
	arena_free(a);
	return rc;
}

/* ---- one session ---- */

static enum err
load_session(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    int64_t now, struct app_session_view *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = db_msession_get(db, a, id, now, &out->s);
	if (rc != ERR_OK)
		return rc;
	/* another pair's session: the relationship's guard says 404 */
	if ((rc = app_relationship_guard(db, a, me, out->s.relationship_id, LRLA_VIEW,
	    &out->rel)) != ERR_OK)
		return rc;
	out->tz = tz_or_default(out->s.time_zone);
	bool live = lc_rel_allows(out->rel.status, LRLA_ADD_CONTENT, out->rel.actor);
	app_session_allowed(&out->s, me->user_id, live, now, out->can);
	bool mentor_logged = out->s.added_by == out->s.mentor_id;
	out->is_confirmed = is(out->s.status, "logged") &&
	    is(mentor_logged ? out->s.mentee_answer : out->s.mentor_answer, "yes");
	return ERR_OK;
}

enum err
app_session_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_session_view *out)
{
	enum err rc = load_session(db, a, me, id, clock_now(), out);
	struct db_scheme_settings st;
	if (rc == ERR_OK && (rc = db_scheme_settings_get(db, a, out->s.scheme_id, &st)) == ERR_OK)
		out->admin_sees_documents = st.admin_sees_documents;
	return rc;
}

static const char *const action_names[ASA__MAX] = {"agree", "decline", "cancel", "remove",
	"took_place_yes", "took_place_no"};

/* Why an action is not possible now, for a party. */
static const char *
why_not(const struct db_msession *s, enum app_session_action act, int64_t me_id,
    int64_t now)
{
	bool mine = s->added_by == me_id;
	switch (act) {
	case ASA_AGREE:
	case ASA_DECLINE:
		if (!is(s->status, "proposed"))
			return "This session is no longer waiting for an answer.";
		if (mine)
			return "You proposed this session: the other person agrees or declines it.";
		return "This session's time has passed, so it can no longer be agreed or "
		    "declined. Add it again as a session that took place if it happened.";
	case ASA_CANCEL:
		if (is(s->status, "proposed") && !mine)
			return "Only the person who proposed this session can withdraw it. You "
			    "can decline it.";
		if (is(s->status, "proposed") || is(s->status, "agreed"))
			return "This session has already started, so it can no longer be "
			    "cancelled.";
		return "Only a proposed or agreed session can be cancelled.";
	case ASA_REMOVE:
		if (!is(s->status, "logged") || said_no(s))
			return "Only a session recorded as taken place can be removed.";
		return "This session has been confirmed by both of you, so it can no longer be "
		    "removed.";
	case ASA_YES:
	case ASA_NO:
		if (is(s->status, "logged") && mine)
			return "You recorded this session: the other person confirms it.";
		if (is(s->status, "agreed") && s->ends_at > now)
			return "This session has not ended yet.";
		if (said_no(s) || (!is(s->status, "agreed") && !is(s->status, "logged")))
			return "This session is no longer counted, so there is nothing to answer.";
		return "You have already answered for this session.";
	default:
		return "This cannot be done.";
	}
}

/* Emails after a change: the other party told (kind), invitations. */
/* One email about session s to one of the pair: its scheme, and a link
 * back to the relationship page (MSG-4); ics NULL for none. */
static enum err
tell(struct db *db, struct arena *a, const struct db_msession *s, int64_t user_id,
    const char *to, const char *kind, const char *subject, const char *text,
    const char *ics, const char *ics_method)
{
	return app_notice_tx(db, &(struct app_notice){.user_id = user_id, .to = to,
	    .kind = kind, .scheme_id = s->scheme_id, .subject = subject, .text = text,
	    .path = arena_printf(a, "/relationships/%lld", (long long)s->relationship_id),
	    .ics = ics, .ics_method = ics_method});
}

static enum err
tell_after(struct db *db, struct arena *a, const struct app_auth *me,
    const struct db_msession *s, const struct tz *z, enum app_session_action act,
    bool was_agreed, const char *base_url, int64_t now)
{
	bool i_mentor = me->user_id == s->mentor_id;
	int64_t other = i_mentor ? s->mentee_id : s->mentor_id;
	const char *other_email = i_mentor ? s->mentee_email : s->mentor_email;
	const char *when = app_session_when(a, z, s->starts_at, s->ends_at);
	const char *what = arena_printf(a, "%s, %s%s%s", when,
	    app_session_format_words(s->format), *s->place ? ", " : "", s->place);
	const char *link = *nz(base_url) ? arena_printf(a, "\n\nThe relationship page: "
	    "%s/relationships/%lld\n", base_url, (long long)s->relationship_id) : "\n";
	enum err rc = ERR_OK;
	struct ics_event ev;

	switch (act) {
	case ASA_AGREE:
		app_calendar_event(a, s, nz(base_url), now, &ev);
		rc = tell(db, a, s, other, other_email, "session.answered",
		    "Mentoring session agreed",
		    arena_printf(a, "%s has agreed the session "
		        "you proposed:\n\n%s\n\nIt counts toward your mentoring hours once it has "
		        "taken place. The calendar invitation is attached.%s", me->display_name,
		        what, link),
		    ics_invite(a, &ev), "REQUEST");
		if (rc == ERR_OK)
			rc = tell(db, a, s, me->user_id, me->email, "session.answered",
			    "Mentoring session agreed: calendar invitation",
			    arena_printf(a,
			        "You agreed this mentoring session with %s:\n\n%s\n\nThe calendar "
			        "invitation is attached.%s", i_mentor ? s->mentee_name :
			        s->mentor_name, what, link),
			    ics_invite(a, &ev), "REQUEST");
		break;
	case ASA_DECLINE:
		rc = tell(db, a, s, other, other_email, "session.answered",
		    "Mentoring session declined",
		    arena_printf(a, "%s has declined the session "
		        "you proposed:\n\n%s\n\nYou can propose another time on the relationship "
		        "page.%s", me->display_name, what, link),
		    NULL, NULL);
		break;
	case ASA_CANCEL: {
		const char *text = arena_printf(a, "%s has cancelled this mentoring session:"
		    "\n\n%s\n\nIt will not count toward your mentoring hours.%s",
		    me->display_name, what, link);
		if (was_agreed) {
			/* it was agreed: the invitations come back as CANCEL */
			app_calendar_event(a, s, nz(base_url), now, &ev);
			ev.is_cancelled = true;
			rc = tell(db, a, s, other, other_email, "session.cancelled",
			    "Mentoring session cancelled",
			    text,
			    ics_invite(a, &ev), "CANCEL");
			if (rc == ERR_OK)
				rc = tell(db, a, s, me->user_id, me->email, "session.cancelled",
				    "Mentoring session cancelled: calendar update",
				    arena_printf(a, "You cancelled this mentoring session:\n\n%s\n\n"
				        "The attached update removes it from your calendar.%s", what, link),
				    ics_invite(a, &ev), "CANCEL");
		} else {
			rc = tell(db, a, s, other, other_email, "session.cancelled",
			    "Proposed mentoring session withdrawn",
			    arena_printf(a, "%s has "
			        "withdrawn the session they proposed:\n\n%s%s", me->display_name,
			        what, link),
			    NULL, NULL);
		}
		break;
	}
	case ASA_REMOVE:
		rc = tell(db, a, s, other, other_email, "session.cancelled",
		    "Mentoring session removed",
		    arena_printf(a, "%s has removed this session "
		        "from your record:\n\n%s\n\nIt no longer counts toward your mentoring "
		        "hours.%s", me->display_name, what, link),
		    NULL, NULL);
		break;
	case ASA_NO:
		rc = tell(db, a, s, other, other_email, "session.cancelled",
		    "Mentoring session did not take place",
		    arena_printf(a, "%s says this "
		        "session did not take place:\n\n%s\n\nIt no longer counts toward your "
		        "mentoring hours.%s", me->display_name, what, link),
		    NULL, NULL);
		break;
	default:
		break;
	}
	return rc;
}

enum err
app_session_act(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    enum app_session_action act, const char *base_url, const char *ip,
    struct app_problems *ps, int64_t *rel_id)
{
	struct app_session_view v;
	*rel_id = 0;
	if ((unsigned)act >= ASA__MAX)
		return ERR_BAD_INPUT;
	int64_t now = clock_now();
	enum err rc = load_session(db, a, me, id, now, &v);
	if (rc != ERR_OK)
		return rc;
	*rel_id = v.s.relationship_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* again inside the transaction: the row and the relationship as they
	 * are now */
	if ((rc = load_session(db, a, me, id, now, &v)) != ERR_OK)
		return finish(db, rc);
	if (v.rel.actor != LC_MENTOR && v.rel.actor != LC_MENTEE) {
		app_problem(ps, "", "Only the mentor and mentee can change their sessions.");
		return finish(db, ERR_FORBIDDEN);
	}
	if (!lc_rel_allows(v.rel.status, LRLA_ADD_CONTENT, v.rel.actor)) {
		app_problem(ps, "", APP_REL_ENDED);
		return finish(db, ERR_CONFLICT);
	}
	if (!v.can[act]) {
		app_problem(ps, "", why_not(&v.s, act, me->user_id, now));
		return finish(db, ERR_CONFLICT);
	}
	const char *st = v.s.status;
	switch (act) {
	case ASA_AGREE:
		rc = db_msession_set_status(db, id, "proposed", "agreed", me->user_id, false, now);
		break;
	case ASA_DECLINE:
		rc = db_msession_set_status(db, id, "proposed", "declined", me->user_id, false,
		    now);
		break;
	case ASA_CANCEL:
		/* an agreed one had an invitation: the cancellation must carry a
		 * higher SEQUENCE (SES-9) */
		rc = db_msession_set_status(db, id, st, "cancelled", me->user_id,
		    is(st, "agreed"), now);
		break;
	case ASA_REMOVE:
		rc = db_msession_set_status(db, id, "logged", "removed", me->user_id, false, now);
		break;
	case ASA_YES:
	case ASA_NO:
		rc = db_msession_answer(db, id, st, v.rel.actor == LC_MENTOR,
		    act == ASA_YES ? "yes" : "no", now);
		break;
	default:
		rc = ERR_BAD_INPUT;
	}
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", "This session was changed meanwhile. Look at it again.");
	if (rc != ERR_OK)
		return finish(db, rc);
	/* the row after the change, for the emails and invitations */
	struct db_msession after;
	if ((rc = db_msession_get(db, a, id, now, &after)) != ERR_OK)
		return finish(db, rc);
	rc = tell_after(db, a, me, &after, v.tz, act, is(st, "agreed"), base_url, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, v.s.scheme_id,
		    arena_printf(a, "session.%s", action_names[act]),
		    arena_printf(a, "session:%lld", (long long)id), "", nz(ip));
	return finish(db, rc);
}

enum err
app_sessions_end_tx(struct db *db, struct arena *a, int64_t rel_id, int64_t by, int64_t now)
{
	struct db_msession *list;
	size_t n;
	enum err rc = db_msessions_of_relationship(db, a, rel_id, now, &list, &n);
	for (size_t i = 0; rc == ERR_OK && i < n; i++) {
		const struct db_msession *s = &list[i];
		bool agreed = is(s->status, "agreed");
		if (s->starts_at <= now || (!agreed && !is(s->status, "proposed")))
			continue;
		if ((rc = db_msession_set_status(db, s->id, s->status, "cancelled", by, agreed,
		    now)) != ERR_OK || !agreed)
			continue;
		struct db_msession after;
		if ((rc = db_msession_get(db, a, s->id, now, &after)) != ERR_OK)
			break;
		const struct tz *z = tz_or_default(after.time_zone);
		struct ics_event ev;
		app_calendar_event(a, &after, "", now, &ev);
		ev.is_cancelled = true;
		const char *ics = ics_invite(a, &ev);
		const char *text = arena_printf(a, "Your mentoring relationship has ended, so "
		    "this session is cancelled:\n\n%s\n\nThe attached update removes it from "
		    "your calendar.\n", app_session_when(a, z, after.starts_at, after.ends_at));
		rc = tell(db, a, &after, after.mentor_id, after.mentor_email, "session.cancelled",
		    "Mentoring session cancelled",
		    text,
		    ics, "CANCEL");
		if (rc == ERR_OK)
			rc = tell(db, a, &after, after.mentee_id, after.mentee_email, "session.cancelled",
			    "Mentoring session cancelled",
			    text,
			    ics, "CANCEL");
	}
	return rc;
}

/* ---- hours and lists ---- */

/* Whole calendar months from `from` to `to` in zone z. */
static int64_t
months_between(const struct tz *z, int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	struct tz_local f, t;
	tz_to_local(z, from, &f);
	tz_to_local(z, to, &t);
	int64_t m = (int64_t)(t.year - f.year) * 12 + (t.month - f.month);
	if (t.day < f.day)
		m--;
	return m < 0 ? 0 : m;
}

enum err
app_rel_sessions(struct db *db, struct arena *a, const struct app_relationship_page *p,
    struct app_rel_sessions *out)
{
	memset(out, 0, sizeof(*out));
	int64_t now = clock_now();
	const struct db_relationship *r = &p->rel.r;
	out->tz = tz_or_default(p->settings.time_zone);
	enum err rc = db_msessions_of_relationship(db, a, r->id, now, &out->list, &out->n);
	if (rc == ERR_OK)
		rc = db_minutes_of_relationship(db, r->id, now, &out->minutes);
	if (rc != ERR_OK)
		return rc;
	/* counted from the list already loaded: no second query */
	for (size_t i = 0; i < out->n; i++) {
		const struct db_msession *s = &out->list[i];
		if (((is(s->status, "proposed") && s->starts_at > now) ||
		    is(s->status, "agreed") || is(s->status, "logged")) && !said_no(s))
			out->in_use++;
	}
	out->cap = p->settings.session_cap > 0 ? p->settings.session_cap + r->extra_sessions : 0;
	out->months = months_between(out->tz, r->started_at,
	    r->ended_at > 0 ? r->ended_at : now);
	out->expected_minutes = out->months * p->settings.min_minutes_per_month;
	return ERR_OK;
}

enum err
app_home_sessions(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_home_sessions *out)
{
	memset(out, 0, sizeof(*out));
	int64_t now = clock_now();
	enum err rc = db_minutes_of_user(db, me->user_id, now, &out->minutes);
	if (rc == ERR_OK)
		rc = db_msessions_to_answer(db, a, me->user_id, now, &out->questions,
		    &out->nquestions);
	return rc;
}

enum err
app_my_minutes(struct db *db, const struct app_auth *me, int64_t *minutes)
{
	return db_minutes_of_user(db, me->user_id, clock_now(), minutes);
}

/* ---- demo data ---- */

/* Relationship 1 (chidi.okafor mentoring tom.hughes, started 30 days
 * ago): two sessions that took place, 25 and 10 days ago (video, in
 * person), logged by the mentor (the mentee confirmed the first), and one
 * proposed for a week ahead. */
enum err
app_demo_sessions_tx(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new(8192);
	int64_t now = clock_now(), day = 24 * 3600;
	struct db_relationship r;
	enum err rc = db_rel_get(db, a, 1, &r);
	if (rc == ERR_NOT_FOUND || (rc == ERR_OK && r.scheme_id != scheme_id)) {
		arena_free(a);
		return ERR_OK;   /* no demo pair: nothing to add */
	}
	/* on the hour, 10:00 UTC, so the demo reads naturally */
	int64_t base = now - now % day + 10 * 3600;
	const struct {
		int64_t at;
		const char *format, *place, *status;
	} rows[] = {
		{base - 25 * day, "video", "Microsoft Teams", "logged"},
		{base - 10 * day, "in_person", "Education Centre, room 2", "logged"},
		{base + 7 * day, "video", "Microsoft Teams", "proposed"},
	};
	for (size_t i = 0; rc == ERR_OK && i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t batch;
		if ((rc = db_msession_next_batch(db, &batch)) != ERR_OK)
			break;
		bool logged = is(rows[i].status, "logged");
		struct db_msession_new in = {
			.relationship_id = r.id, .starts_at = rows[i].at, .minutes = 60,
			.format = rows[i].format, .place = rows[i].place, .status = rows[i].status,
			.added_by = r.mentor_id, .batch_id = batch,
			/* the first confirmed by the mentee, the second waiting for
			 * their answer on the home page (SES-10) */
			.mentor_answer = logged ? "yes" : "", .mentee_answer = i == 0 ? "yes" : "",
		};
		rc = db_msession_add(db, &in, rows[i].at < now ? rows[i].at : now, NULL);
	}
	arena_free(a);
	return rc;
}
