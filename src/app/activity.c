/*
 * activity.c - activity logs (SES-7), My activity (SES-8) and the
 * evidence export (SES-11); see activity.h for who may do what.
 *
 * Design: the sessions, hours and training come from the other areas'
 * read functions (db/sessions.h CONTRACT reads, db_rel_of_user,
 * db_training_list), one query per list; grouping per relationship and
 * the totals are worked out here over those rows, never with a query per
 * relationship.  A log write runs the relationship guard again inside
 * its BEGIN IMMEDIATE transaction (LRLA_ADD_CONTENT), so a relationship
 * that ended meanwhile refuses it.
 *
 * Traps: the text of a log never goes into an email, an audit row or a
 * log line (ids only).  Lengths are characters (str_utf8_len), as the
 * table's CHECK counts them.  Day arithmetic is on the proleptic
 * Gregorian calendar (days_from_civil), never on time_t and localtime.
 */
#include "app/activity.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/pairing.h"
#include "app/relationship.h"
#include "app/sessions.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/tz.h"

static const char *
nz(const char *s)
{
	return s ? s : "";
}

static bool
is(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

static bool
is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* ---- days ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static void
iso_of(int y, int m, int d, char out[11])
{
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static bool
parts_of(const char *iso, int *y, int *m, int *d)
{
	return app_date_is_real(iso) && sscanf(iso, "%4d-%2d-%2d", y, m, d) == 3;
}

/* Midnight starting day (y, m, d) in zone z, as UTC.  A zone whose
 * clocks skip midnight that day starts the day at the first minute that
 * exists. */
static int64_t
day_start(const struct tz *z, int y, int m, int d)
{
	int64_t utc = 0;
	for (int minute = 0; minute < 180; minute += 30)
		if (tz_from_local(z, y, m, d, minute / 60, minute % 60, &utc))
			return utc;
	return days_from_civil(y, m, d) * 86400;
}

/* The same day `months` earlier (clamped to the month's end), or
 * `years` earlier. */
static void
months_before(int *y, int *m, int *d, int months)
{
	int total = *y * 12 + (*m - 1) - months;
	*y = total / 12;
	*m = total % 12 + 1;
	if (*d > month_days(*y, *m))
		*d = month_days(*y, *m);
}

/* ---- rules ---- */

bool
app_activity_took_place(const struct db_msession *s, int64_t now)
{
	/* a session that counts (SES_COUNTS, evaluated by the query that
	 * read the row) took place; otherwise the same rule at `now`, for
	 * a row read a moment earlier or built by hand */
	if (s->counts)
		return true;
	bool happened = is(s->status, "logged") || (is(s->status, "agreed") &&
	    s->ends_at <= now);
	return happened && !is(s->mentor_answer, "no") && !is(s->mentee_answer, "no");
}

enum err
app_log_may_write(enum lc_actor who, enum app_log_part part, enum app_log_part *out)
{
	enum app_log_part mine;
	switch (who) {
	case LC_MENTOR:
		mine = APP_LOG_SUMMARY;
		break;
	case LC_MENTEE:
		mine = APP_LOG_NOTES;
		break;
	case LC_ADMIN:
		return ERR_FORBIDDEN;
	default:
		return ERR_NOT_FOUND;
	}
	if (part != APP_LOG_MINE && part != mine)
		return ERR_FORBIDDEN;
	*out = mine;
	return ERR_OK;
}

static bool
all_digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum err
app_activity_parse_date(const char *typed, char iso[11])
{
	const char *t = nz(typed);
	iso[0] = '\0';
	if (strlen(t) == 10 && t[4] == '-' && t[7] == '-') {
		if (!app_date_is_real(t))
			return ERR_BAD_INPUT;
		memcpy(iso, t, 11);
		return ERR_OK;
	}
	/* D/M/YYYY (also with '-' or '.'): day and month 1-2 digits, year 4 */
	const char *p[3];
	size_t len[3], k = 0;
	p[0] = t;
	for (const char *c = t; *c && k < 3; c++)
		if (*c == '/' || *c == '.' || *c == '-') {
			len[k] = (size_t)(c - p[k]);
			if (++k < 3)
				p[k] = c + 1;
		}
	if (k != 2)
		return ERR_BAD_INPUT;
	len[2] = strlen(p[2]);
	if (len[0] > 2 || len[1] > 2 || len[2] != 4)
		return ERR_BAD_INPUT;
	int v[3] = {0, 0, 0};
	for (size_t i = 0; i < 3; i++) {
		if (!all_digits(p[i], len[i]))
			return ERR_BAD_INPUT;
		for (size_t j = 0; j < len[i]; j++)
			v[i] = v[i] * 10 + (p[i][j] - '0');
	}
	char out[11];
	iso_of(v[2], v[1], v[0], out);
	if (v[1] < 1 || v[1] > 12 || v[0] < 1 || !app_date_is_real(out))
		return ERR_BAD_INPUT;
	memcpy(iso, out, 11);
	return ERR_OK;
}

enum err
app_activity_range(const char *from, const char *to, const char *zone, int64_t now,
    bool allow_everything, struct app_range *out, struct app_problems *ps)
{
	const struct tz *z = tz_or_default(zone);
	size_t before = ps->n;
	struct tz_local today;
	int y, m, d;

	memset(out, 0, sizeof(*out));
	out->tz = tz_name(z);
	tz_to_local(z, now, &today);
	from = nz(from);
	to = nz(to);
	if (allow_everything && *from == '\0' && *to == '\0') {
		out->is_everything = true;
		iso_of(today.year, today.month, today.day, out->to);
		out->from_at = 0;
		out->to_at = INT64_MAX;
		return ERR_OK;
	}

	bool to_ok = true, from_ok = true;
	if (*to == '\0')
		iso_of(today.year, today.month, today.day, out->to);
	else if (app_activity_parse_date(to, out->to) != ERR_OK) {
		snprintf(out->to, sizeof(out->to), "%.10s", to);
		app_problem(ps, "to", "The to date must be a real date, like 24/10/2026");
		to_ok = false;
	}
	if (*from == '\0') {
		if (allow_everything) {
			memcpy(out->from, "1970-01-01", 11);
		} else if (to_ok && parts_of(out->to, &y, &m, &d)) {
			months_before(&y, &m, &d, 1);
			iso_of(y, m, d, out->from);
		}
	} else if (app_activity_parse_date(from, out->from) != ERR_OK) {
		snprintf(out->from, sizeof(out->from), "%.10s", from);
		app_problem(ps, "from", "The from date must be a real date, like 24/10/2026");
		from_ok = false;
	}
	if (from_ok && to_ok) {
		if (strcmp(out->from, out->to) > 0) {
			app_problem(ps, "from", "The from date must be the same as or before the "
			    "to date");
		} else if (!allow_everything && parts_of(out->to, &y, &m, &d)) {
			char limit[11];
			months_before(&y, &m, &d, 12 * APP_ACTIVITY_YEARS_MAX);
			iso_of(y, m, d, limit);
			if (strcmp(out->from, limit) < 0)
				app_problem(ps, "from", "The dates must be no more than 5 years apart");
		}
	}
	if (ps->n > before)
		return ERR_BAD_INPUT;
	parts_of(out->from, &y, &m, &d);
	out->from_at = strcmp(out->from, "1970-01-01") == 0 && allow_everything ? 0 :
	    day_start(z, y, m, d);
	parts_of(out->to, &y, &m, &d);
	civil_from_days(days_from_civil(y, m, d) + 1, &y, &m, &d);
	out->to_at = day_start(z, y, m, d);
	return ERR_OK;
}

const char *
app_activity_minutes_words(struct arena *a, int64_t minutes)
{
	int64_t h = minutes / 60, mi = minutes % 60;
	if (h == 0 && mi == 0)
		return "0 hours";
	if (h == 0)
		return arena_printf(a, "%lld minute%s", (long long)mi, mi == 1 ? "" : "s");
	if (mi == 0)
		return arena_printf(a, "%lld hour%s", (long long)h, h == 1 ? "" : "s");
	return arena_printf(a, "%lld hour%s %lld minute%s", (long long)h, h == 1 ? "" : "s",
	    (long long)mi, mi == 1 ? "" : "s");
}

const char *
app_activity_hours_decimal(struct arena *a, int64_t minutes)
{
	/* hundredths of an hour, rounded half up */
	int64_t c = (minutes * 100 + 30) / 60;
	return arena_printf(a, "%lld.%02lld", (long long)(c / 100), (long long)(c % 100));
}

void
app_csv_cell(struct buf *b, const char *value)
{
	const char *v = nz(value);
	bool is_formula = *v == '=' || *v == '+' || *v == '-' || *v == '@' || *v == '\t' ||
	    *v == '\r';
	bool is_quoted = strpbrk(v, ",\"\r\n") != NULL;
	if (is_quoted)
		buf_putc(b, '"');
	if (is_formula)
		buf_putc(b, '\'');
	for (const char *c = v; *c; c++) {
		if (*c == '"')
			buf_putc(b, '"');
		buf_putc(b, *c);
	}
	if (is_quoted)
		buf_putc(b, '"');
}

const char *
app_activity_format_label(const char *format)
{
	if (is(format, "in_person"))
		return "In person";
	if (is(format, "video"))
		return "Video";
	if (is(format, "phone"))
		return "Phone";
	return nz(format);
}

const char *
app_activity_status_label(const char *status)
{
	static const struct { const char *status, *label; } map[] = {
		{"active", "Active"}, {"completed", "Completed"}, {"ended_early", "Ended early"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (is(status, map[i].status))
			return map[i].label;
	return nz(status);
}

void
app_activity_local(const struct db_msession *s, char day[11], char time[6])
{
	struct tz_local l;
	tz_to_local(tz_or_default(s->time_zone), s->starts_at, &l);
	iso_of(l.year, l.month, l.day, day);
	snprintf(time, 6, "%02u:%02u", (unsigned)l.hour % 24u, (unsigned)l.minute % 60u);
}

const char *
app_activity_abbrev(struct arena *a, const struct db_msession *s)
{
	struct tz_local l;
	tz_to_local(tz_or_default(s->time_zone), s->starts_at, &l);
	return arena_strdup(a, l.abbrev);
}

/* "Monday 23 November 2026, 2:30pm to 3:30pm (GMT)", in the session's
 * scheme's zone, as the relationship page says it. */
static const char *
when_words(struct arena *a, const struct db_msession *s)
{
	return app_session_when(a, tz_or_default(s->time_zone), s->starts_at, s->ends_at);
}

/* ---- the activity log ---- */

static const char *
log_subject(struct arena *a, int64_t session_id)
{
	return arena_printf(a, "session_log:%lld", (long long)session_id);
}

enum err
app_log_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t session_id,
    const char *ip, struct app_session_log *out)
{
	struct app_relationship rel;
	struct db_scheme_settings set;
	int64_t now = clock_now();
	enum err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_msession_get(db, a, session_id, now, &out->s)) != ERR_OK)
		goto out;
	if ((rc = app_relationship_guard(db, a, me, out->s.relationship_id, LRLA_VIEW,
	    &rel)) != ERR_OK)
		goto out;
	if ((rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &set)) != ERR_OK)
		goto out;
	out->actor = rel.actor;
	out->tz = tz_name(tz_or_default(set.time_zone));
	if (rel.actor == LC_ADMIN) {
		/* NOTE-2: seed 002's rule (administrators see shared content)
		 * or seed 000's (metadata only), chosen by the scheme */
		if (!set.admin_sees_documents) {
			rc = ERR_FORBIDDEN;
			goto out;
		}
		if ((rc = db_begin(db)) != ERR_OK)
			goto out;
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "content.view",
		    log_subject(a, session_id), "activity log", nz(ip));
		if (rc == ERR_OK)
			rc = db_commit(db);
		else
			db_rollback(db);
		if (rc != ERR_OK)
			goto out;
	}
	rc = db_session_log_get(db, a, session_id, &out->log);
	if (rc == ERR_NOT_FOUND) {
		out->log = (struct db_session_log){.session_id = session_id, .summary = "",
		    .mentee_notes = ""};
		rc = ERR_OK;
	} else if (rc == ERR_OK) {
		out->has_log = true;
	} else {
		goto out;
	}
	out->took_place = app_activity_took_place(&out->s, now);
	out->is_live = rel.status == LRL_ACTIVE;
	bool may_add = out->is_live && out->took_place;
	out->can_write_summary = may_add && rel.actor == LC_MENTOR;
	out->can_write_notes = may_add && rel.actor == LC_MENTEE && *out->log.summary != '\0';
out:
	return rc;
}

/* Email `user_id` about the log of session_id (kind session.log): no text
 * of the log; the email names the scheme and links back to the log. */
static enum err
tell(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id, int64_t session_id,
    const char *subject, const char *text)
{
	struct db_brief b;
	enum err rc = db_brief_get(db, a, user_id, &b);
	if (rc != ERR_OK)
		return rc;
	return app_notice_tx(db, &(struct app_notice){.user_id = b.id, .to = b.email,
	    .kind = "session.log", .scheme_id = scheme_id, .subject = subject,
	    .text = arena_printf(a, "Hello %s,\n\n%s\nTandem\n", b.given_name, text),
	    .path = arena_printf(a, "/sessions/%lld/log", (long long)session_id)});
}

static enum err
write_tx(struct db *db, struct arena *a, const struct app_auth *me, int64_t session_id,
    enum app_log_part part, const char *text, const char *link_base, const char *ip,
    struct app_problems *ps)
{
	struct db_msession s;
	struct app_relationship rel;
	struct db_session_log old;
	enum app_log_part mine;
	int64_t now = clock_now();
	enum err rc;

	if ((rc = db_msession_get(db, a, session_id, now, &s)) != ERR_OK)
		return rc;
	rc = app_relationship_guard(db, a, me, s.relationship_id, LRLA_ADD_CONTENT, &rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	else if (rc == ERR_FORBIDDEN)
		app_problem(ps, "", "Only the mentor and mentee can write the activity log "
		    "of their sessions.");
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_log_may_write(rel.actor, part, &mine)) != ERR_OK) {
		app_problem(ps, "", APP_LOG_WRONG_PART);
		return rc;
	}
	if (!app_activity_took_place(&s, now)) {
		app_problem(ps, "", APP_LOG_NOT_TAKEN_PLACE);
		return ERR_CONFLICT;
	}
	rc = db_session_log_get(db, a, session_id, &old);
	if (rc == ERR_NOT_FOUND)
		old = (struct db_session_log){.summary = "", .mentee_notes = ""};
	else if (rc != ERR_OK)
		return rc;
	bool is_summary = mine == APP_LOG_SUMMARY;
	if (!is_summary && *old.summary == '\0') {
		app_problem(ps, "", APP_LOG_NO_SUMMARY);
		return ERR_CONFLICT;
	}

	if (text == NULL) {
		/* refused as too long before it reached us (the route's limit) */
		app_problem(ps, is_summary ? "summary" : "notes", is_summary ?
		    "Summary must be 8000 characters or fewer" :
		    "Notes must be 8000 characters or fewer");
		return ERR_BAD_INPUT;
	}
	if (is_blank(text))
		text = "";   /* spaces and empty lines alone are no text */
	if (is_summary && *text == '\0')
		app_problem(ps, "summary", "Enter a summary of the session");
	else if (!is_summary && *text == '\0' && *old.mentee_notes == '\0')
		app_problem(ps, "notes", "Enter your notes on the session");
	else if (str_utf8_len(text) > APP_LOG_TEXT_MAX)
		app_problem(ps, is_summary ? "summary" : "notes", is_summary ?
		    "Summary must be 8000 characters or fewer" :
		    "Notes must be 8000 characters or fewer");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	bool is_first = is_summary ? *old.summary == '\0' : *old.mentee_notes == '\0';
	rc = is_summary ? db_session_log_put_summary(db, session_id, text, now) :
	    db_session_log_put_notes(db, session_id, text, now);
	if (rc != ERR_OK)
		return rc;
	const char *action = is_summary ? "session_log.summary" : *text ?
	    "session_log.notes" : "session_log.notes_cleared";
	if ((rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, action,
	    log_subject(a, session_id), is_first ? "first" : "edit", nz(ip))) != ERR_OK)
		return rc;
	if (*text == '\0')
		return ERR_OK;   /* notes cleared: nobody to tell */

	const char *when = when_words(a, &s);
	const char *url = arena_printf(a, "%s/sessions/%lld/log", nz(link_base),
	    (long long)session_id);
	if (is_summary)
		return tell(db, a, s.mentee_id, rel.r.scheme_id, session_id,
		    arena_printf(a, "Activity log of your session "
		    "on %s", when), arena_printf(a, "%s has %s the activity log of your "
		    "mentoring session on %s.\n\nYou can read it and add your own notes to it "
		    "here:\n%s\n", me->display_name, is_first ? "written" : "updated", when,
		    url));
	return tell(db, a, s.mentor_id, rel.r.scheme_id, session_id,
		    arena_printf(a, "Notes added to the activity log "
	    "of %s", when), arena_printf(a, "%s has %s their notes on the activity log of "
	    "your mentoring session on %s.\n\nYou can read them here:\n%s\n",
	    me->display_name, is_first ? "added" : "updated", when, url));
}

enum err
app_log_write(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t session_id, enum app_log_part part, const char *text, const char *link_base,
    const char *ip, struct app_problems *ps)
{
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = write_tx(db, a, me, session_id, part, text, link_base, ip, ps);
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* ---- My activity ---- */

const char *
app_activity_zone(struct db *db, struct arena *a, const struct app_auth *me)
{
	struct db_scheme_settings set;
	for (size_t i = 0; i < me->nviews; i++) {
		if (is(me->views[i].role, "scheme_admin"))
			continue;
		if (db_scheme_settings_get(db, a, me->views[i].scheme_id, &set) == ERR_OK)
			return tz_name(tz_or_default(set.time_zone));
		break;
	}
	return tz_name(tz_default());
}

enum err
app_activity_mine(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_range *r, struct app_activity *out)
{
	struct db_msession *rows;
	size_t n;
	int64_t now = clock_now();

	memset(out, 0, sizeof(*out));
	out->now = now;
	enum err rc = db_msessions_of_user(db, a, me->user_id, r->from_at, r->to_at, now, 0,
	    &rows, &n);
	if (rc != ERR_OK || n == 0)
		return rc;

	/* groups in the order their first session comes; then the rows
	 * placed group by group, still by date within each */
	struct app_activity_group *g = arena_alloc(a, n * sizeof(*g));
	size_t ng = 0, *at = arena_alloc(a, n * sizeof(*at));
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < ng && g[k].relationship_id != rows[i].relationship_id)
			k++;
		if (k == ng) {
			bool is_mentor = rows[i].mentor_id == me->user_id;
			g[ng++] = (struct app_activity_group){
				.relationship_id = rows[i].relationship_id,
				.scheme_name = rows[i].scheme_name, .is_mentor = is_mentor,
				.other_name = is_mentor ? rows[i].mentee_name : rows[i].mentor_name,
				.rel_status = rows[i].rel_status,
			};
		}
		at[i] = k;
		g[k].n++;
		if (rows[i].counts) {
			g[k].took_place++;
			g[k].minutes += rows[i].minutes;
			out->took_place++;
			out->minutes += rows[i].minutes;
		}
	}
	for (size_t k = 1; k < ng; k++)
		g[k].first = g[k - 1].first + g[k - 1].n;
	struct db_msession *sorted = arena_alloc(a, n * sizeof(*sorted));
	size_t *fill = arena_alloc(a, ng * sizeof(*fill));
	memset(fill, 0, ng * sizeof(*fill));
	for (size_t i = 0; i < n; i++)
		sorted[g[at[i]].first + fill[at[i]]++] = rows[i];
	out->sessions = sorted;
	out->nsessions = n;
	out->groups = g;
	out->ngroups = ng;
	return ERR_OK;
}

enum err
app_activity_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_activity_home *out)
{
	int64_t now = clock_now();
	struct tz_local l;
	struct db_msession *rows;
	size_t n;
	int y, m, d;
	enum err rc;

	memset(out, 0, sizeof(*out));
	out->tz = app_activity_zone(db, a, me);
	const struct tz *z = tz_or_default(out->tz);
	tz_to_local(z, now, &l);
	int64_t month_at = day_start(z, l.year, l.month, 1);
	y = l.year;
	m = l.month;
	d = 1;
	months_before(&y, &m, &d, -1);
	int64_t next_at = day_start(z, y, m, 1);
	if ((rc = db_minutes_of_user_between(db, me->user_id, month_at, next_at, now,
	    &out->month_minutes)) != ERR_OK)
		return rc;
	if ((rc = db_minutes_of_user(db, me->user_id, now, &out->total_minutes)) != ERR_OK)
		return rc;
	if ((rc = db_msessions_of_user(db, a, me->user_id, now - 92 * INT64_C(86400), now + 1,
	    now, 0, &rows, &n)) != ERR_OK)
		return rc;
	out->recent = arena_alloc(a, APP_ACTIVITY_RECENT * sizeof(*out->recent));
	for (size_t i = n; i > 0 && out->nrecent < APP_ACTIVITY_RECENT; i--)
		if (app_activity_took_place(&rows[i - 1], now))
			out->recent[out->nrecent++] = rows[i - 1];
	return ERR_OK;
}

/* ---- the evidence export ---- */

static bool
is_evidence_session(const struct db_msession *s)
{
	return is(s->status, "agreed") || is(s->status, "logged");
}

enum err
app_evidence(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_range *r, struct app_evidence *out)
{
	struct db_relationship *rels;
	struct db_msession *rows;
	struct db_training *tr;
	size_t nrels, n, ntr;
	int64_t now = clock_now();
	enum err rc;

	memset(out, 0, sizeof(*out));
	out->name = me->display_name;
	out->range = *r;
	out->user_id = me->user_id;
	{
		struct tz_local l;
		tz_to_local(tz_or_default(r->tz), now, &l);
		iso_of(l.year, l.month, l.day, out->produced);
	}
	if ((rc = db_rel_of_user(db, a, me->user_id, &rels, &nrels)) != ERR_OK)
		return rc;
	if ((rc = db_msessions_of_user(db, a, me->user_id, r->from_at, r->to_at, now, 0,
	    &rows, &n)) != ERR_OK)
		return rc;
	if ((rc = db_training_list(db, a, me->user_id, &tr, &ntr)) != ERR_OK)
		return rc;

	out->rels = arena_alloc(a, (nrels ? nrels : 1) * sizeof(*out->rels));
	for (size_t i = 0; i < nrels; i++) {
		const struct db_relationship *x = &rels[i];
		if (!r->is_everything && (x->started_at >= r->to_at ||
		    (x->ended_at != 0 && x->ended_at < r->from_at)))
			continue;
		bool is_mentor = x->mentor_id == me->user_id;
		out->rels[out->nrels++] = (struct app_evidence_rel){.r = *x,
		    .is_mentor = is_mentor,
		    .other_name = is_mentor ? x->mentee_name : x->mentor_name};
	}
	out->sessions = arena_alloc(a, (n ? n : 1) * sizeof(*out->sessions));
	for (size_t i = 0; i < n; i++) {
		if (!is_evidence_session(&rows[i]))
			continue;
		bool took = rows[i].counts;
		out->sessions[out->nsessions++] = rows[i];
		if (took) {
			out->took_place++;
			out->minutes += rows[i].minutes;
		}
		for (size_t k = 0; k < out->nrels; k++) {
			struct app_evidence_rel *e = &out->rels[k];
			if (e->r.id != rows[i].relationship_id)
				continue;
			e->nsessions++;
			if (took) {
				e->took_place++;
				e->minutes += rows[i].minutes;
			}
		}
	}
	out->training = arena_alloc(a, (ntr ? ntr : 1) * sizeof(*out->training));
	for (size_t i = 0; i < ntr; i++)
		if (r->is_everything || (strcmp(tr[i].completed_on, r->from) >= 0 &&
		    strcmp(tr[i].completed_on, r->to) <= 0))
			out->training[out->ntraining++] = tr[i];
	return ERR_OK;
}

static void
csv_row(struct buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		app_csv_cell(b, cells[i]);
	}
	buf_puts(b, "\r\n");
}

enum { CSV_COLS = 17 };

const char *
app_evidence_csv(struct arena *a, const struct app_evidence *ev, size_t *len)
{
	static const char *const head[CSV_COLS] = {"record", "scheme", "role",
		"other_person", "date", "time", "end_date", "status", "sessions", "hours",
		"duration_minutes", "format", "counted", "course", "provider", "verified",
		"time_zone"};
	struct buf b;
	buf_init_arena(&b, a, BUF_MAX_DEFAULT);
	csv_row(&b, head, CSV_COLS);
	for (size_t i = 0; i < ev->nrels; i++) {
		const struct app_evidence_rel *e = &ev->rels[i];
		char start[11];
		app_day_of(e->r.started_at, start);
		const char *row[CSV_COLS] = {"relationship", e->r.scheme_name,
			e->is_mentor ? "mentor" : "mentee", e->other_name, start, "",
			e->r.end_date, app_activity_status_label(e->r.status),
			arena_printf(a, "%lld", (long long)e->took_place),
			app_activity_hours_decimal(a, e->minutes), "", "", "", "", "", "", ""};
		csv_row(&b, row, CSV_COLS);
	}
	int64_t now = clock_now();
	for (size_t i = 0; i < ev->nsessions; i++) {
		const struct db_msession *s = &ev->sessions[i];
		char day[11], time[6];
		bool is_mentor = s->mentor_id == ev->user_id;
		app_activity_local(s, day, time);
		/* SES-5: hours only for a session that counts; the length
		 * (duration_minutes) is what was planned or recorded */
		const char *row[CSV_COLS] = {"session", s->scheme_name,
			is_mentor ? "mentor" : "mentee", is_mentor ? s->mentee_name : s->mentor_name,
			day, time, "", app_session_status_words(s, now), "",
			app_activity_hours_decimal(a, s->counts ? s->minutes : 0),
			arena_printf(a, "%lld", (long long)s->minutes),
			app_activity_format_label(s->format), s->counts ? "yes" : "no", "", "",
			"", app_activity_abbrev(a, s)};
		csv_row(&b, row, CSV_COLS);
	}
	for (size_t i = 0; i < ev->ntraining; i++) {
		const struct db_training *t = &ev->training[i];
		const char *row[CSV_COLS] = {"training", "", "", "", t->completed_on, "", "",
			t->kind, "", "", "", "", "", t->course, t->provider,
			t->verified_at != 0 ? "yes" : "no", ""};
		csv_row(&b, row, CSV_COLS);
	}
	return buf_take(&b, len);
}
