/*
 * activity.h - what a person did: the activity log of each session that
 * took place (SES-7), "My activity" over a date range (SES-8) and the
 * evidence export for appraisal or revalidation (SES-11).
 *
 * Activity log, who may do what (app_log_may_write is the table):
 *   - the MENTOR of the relationship writes and edits the summary;
 *   - the MENTEE adds and edits their own notes, once a summary exists
 *     (seed 002: "when an activity log has been created ... you have the
 *     option to add your own notes to it");
 *   - nobody else writes: an administrator gets ERR_FORBIDDEN, anyone
 *     who may not see the relationship ERR_NOT_FOUND (other pairs' ids
 *     never leak); writing needs the relationship live (LRLA_ADD_CONTENT:
 *     ERR_CONFLICT with APP_REL_ENDED after it ended) and a session that
 *     took place (app_activity_took_place; ERR_CONFLICT otherwise);
 *   - reading: the pair, always (also after the relationship ended,
 *     REL-5); an administrator of the scheme only when the scheme's
 *     admin_sees_documents rule is on (NOTE-2), each read audited
 *     "content.view" "session_log:<session id>"; with the rule off
 *     ERR_FORBIDDEN (APP_LOG_PRIVATE says why).
 * Saving a summary emails the mentee (kind session.log, inviting their
 * notes); saving notes emails the mentor; both in the write's
 * transaction, with its audit row (ids only, never the text).
 *
 * Dates: a range is two calendar days "YYYY-MM-DD", inclusive, in one
 * time zone (the person's first scheme's, else Europe/London), turned
 * into UTC instants [from_at, to_at) for the queries.
 *
 * Hours are never stored: they are summed here from the sessions that
 * count (db_msession.counts, the one rule in db/sessions.def).
 */
#ifndef TANDEM_APP_ACTIVITY_H
#define TANDEM_APP_ACTIVITY_H

#include "app/account.h"
#include "app/lifecycle.h"
#include "core/buf.h"
#include "db/activity.h"
#include "db/relationships.h"
#include "db/sessions.h"
#include "db/training.h"

#define APP_LOG_TEXT_MAX 8000          /* characters, summary and notes each */
#define APP_ACTIVITY_YEARS_MAX 5       /* the longest range My activity shows */
#define APP_ACTIVITY_RECENT 3          /* sessions on the home tab */

#define APP_LOG_PRIVATE "This scheme keeps activity logs private to the mentor " \
	"and mentee, so administrators cannot read them."
#define APP_LOG_NOT_TAKEN_PLACE "An activity log can only be written for a session " \
	"that has taken place."
#define APP_LOG_NO_SUMMARY "Your mentor has not written the activity log for this " \
	"session yet. You can add your notes once they have."
#define APP_LOG_WRONG_PART "Only the mentor writes the summary, and only the mentee " \
	"adds notes to it."

/* ---- rules (pure: unit-tested without a database) ---- */

enum app_log_part {
	APP_LOG_MINE,       /* whichever part is the writer's own */
	APP_LOG_SUMMARY,    /* the mentor's */
	APP_LOG_NOTES,      /* the mentee's */
};

/* Did the session take place at `now` (may its log be written, SES-7):
 * it counts (s->counts, the one rule in db/sessions.def), or it is
 * logged, or agreed and ended, and answered "no" by neither party
 * (SES-5, SES-10) -- the same rule, so a session that counts always
 * took place.  Totals of hours use s->counts itself. */
bool app_activity_took_place(const struct db_msession *s, int64_t now);

/* May `who` write `part` (APP_LOG_MINE resolved to their own)?  ERR_OK
 * with *out the part; ERR_FORBIDDEN for an administrator or the wrong
 * part; ERR_NOT_FOUND for anyone else (LC_OTHER). */
enum err app_log_may_write(enum lc_actor who, enum app_log_part part,
    enum app_log_part *out);

/* A date typed into My activity or the evidence form: "YYYY-MM-DD", or
 * "D/M/YYYY" (what a browser without a date picker may get typed);
 * ERR_OK with iso filled, ERR_BAD_INPUT otherwise. */
enum err app_activity_parse_date(const char *typed, char iso[11]);

/* A range of days in a zone. */
struct app_range {
	char from[11], to[11];        /* YYYY-MM-DD, inclusive */
	int64_t from_at, to_at;       /* UTC: midnight starting `from`, midnight after `to` */
	const char *tz;               /* the zone's name */
	bool is_everything;           /* the evidence export's default: no range */
};

/* Check and fill a range.  Empty from: `to` minus one month (or, with
 * allow_everything and both empty, no range at all); empty to: today in
 * the zone at `now`.  Problems on "from" and "to": not a real date, from
 * after to, more than APP_ACTIVITY_YEARS_MAX years.  ERR_BAD_INPUT when
 * there are any (out still holds what was typed, for the form). */
enum err app_activity_range(const char *from, const char *to, const char *tz_name,
    int64_t now, bool allow_everything, struct app_range *out, struct app_problems *ps);

/* "1 hour 30 minutes", "45 minutes", "0 hours". */
const char *app_activity_minutes_words(struct arena *a, int64_t minutes);
/* "1.50": hours with two decimals, for the CSV. */
const char *app_activity_hours_decimal(struct arena *a, int64_t minutes);

/* One CSV cell onto b (RFC 4180): a cell starting with = + - @ TAB or CR
 * gets a ' in front (formula injection); a cell with a comma, quote, CR
 * or LF is quoted, quotes doubled. */
void app_csv_cell(struct buf *b, const char *value);

/* ---- the activity log ---- */

struct app_session_log {
	struct db_msession s;          /* with its relationship's columns */
	struct db_session_log log;     /* zeroed ("" texts) when none yet */
	bool has_log;
	enum lc_actor actor;           /* who me is to the relationship */
	bool took_place;
	bool is_live;                  /* the relationship is active */
	bool can_write_summary;        /* me is the mentor, live, took place */
	bool can_write_notes;          /* me is the mentee, live, took place, summary */
	const char *tz;                /* the scheme's zone */
};

/* Read a session's log for me (see the top of this file).  An
 * administrator's read is audited (ip for the audit row).  ERR_NOT_FOUND,
 * ERR_FORBIDDEN (an administrator, rule off). */
enum err app_log_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t session_id, const char *ip, struct app_session_log *out);

/* Write me's part of a session's log (part: APP_LOG_MINE, or the one the
 * form named) and tell the other party; `link_base` starts the link in
 * the email.  ERR_NOT_FOUND, ERR_FORBIDDEN (with a sentence in ps,
 * field ""), ERR_CONFLICT (sentence in ps: ended, not taken place, no
 * summary yet), ERR_BAD_INPUT (problem on "summary" or "notes": empty,
 * or over APP_LOG_TEXT_MAX characters; text NULL says the route already
 * refused it as too long: every access rule is still checked first, so
 * the answer is the same 404/403/409 whatever was typed). */
enum err app_log_write(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t session_id, enum app_log_part part, const char *text,
    const char *link_base, const char *ip, struct app_problems *ps);

/* ---- My activity (SES-8) and the home tab ---- */

/* The zone of me's first scheme ("Europe/London" without one). */
const char *app_activity_zone(struct db *db, struct arena *a, const struct app_auth *me);

/* The sessions of one relationship that fell in the range. */
struct app_activity_group {
	int64_t relationship_id;
	const char *scheme_name;
	bool is_mentor;                /* me's role in it */
	const char *other_name;
	const char *rel_status;
	size_t first, n;               /* sessions[first .. first + n) */
	int64_t took_place, minutes;
};

struct app_activity {
	struct db_msession *sessions;  /* grouped by relationship, by date within */
	size_t nsessions;
	struct app_activity_group *groups;
	size_t ngroups;
	int64_t took_place, minutes;   /* totals over the range */
	int64_t now;
};

/* me's sessions (both roles, every scheme) starting in the range. */
enum err app_activity_mine(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_range *r, struct app_activity *out);

/* The home tab: minutes this calendar month (in zone) and in total, and
 * the latest APP_ACTIVITY_RECENT sessions that took place in the last
 * three months (newest first). */
struct app_activity_home {
	int64_t month_minutes, total_minutes;
	struct db_msession *recent;
	size_t nrecent;
	const char *tz;
};
enum err app_activity_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_activity_home *out);

/* ---- the evidence export (SES-11) ---- */

struct app_evidence_rel {
	struct db_relationship r;
	bool is_mentor;
	const char *other_name;
	int64_t nsessions;             /* agreed or logged, in the range */
	int64_t took_place, minutes;
};

struct app_evidence {
	int64_t user_id;               /* me */
	const char *name;              /* me's */
	char produced[11];             /* today, YYYY-MM-DD in the zone */
	struct app_range range;
	struct app_evidence_rel *rels; /* relationships overlapping the range */
	size_t nrels;
	struct db_msession *sessions;  /* agreed or logged, in the range, by date */
	size_t nsessions;
	struct db_training *training;  /* completed in the range, newest first */
	size_t ntraining;
	int64_t took_place, minutes;
};

/* me's own record (no one else's: there is no id to ask for). */
enum err app_evidence(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_range *r, struct app_evidence *out);

/* The record as one CSV table (header row, then relationship, session
 * and training rows; CRLF line ends), in the arena.  A session's status
 * is app_session_status_words' ("Taken place", "Did not take place" ...),
 * its hours 0.00 unless it counts, and the last column (time_zone) the
 * zone's abbreviation at its start ("GMT", "BST"), which its date and
 * time are in. */
const char *app_evidence_csv(struct arena *a, const struct app_evidence *ev, size_t *len);

/* A session's start in its scheme's zone (s->time_zone): "YYYY-MM-DD"
 * and "HH:MM". */
void app_activity_local(const struct db_msession *s, char day[11], char time[6]);

/* The zone's abbreviation at a session's start ("GMT", "BST"). */
const char *app_activity_abbrev(struct arena *a, const struct db_msession *s);

/* "In person", "Video", "Phone" (CSV and pages). */
const char *app_activity_format_label(const char *format);
/* A RELATIONSHIP's status: "Active", "Completed", "Ended early".  A
 * session's status in words is app_session_status_words (app/sessions.h),
 * never this: the raw status says "agreed" for one answered "no". */
const char *app_activity_status_label(const char *status);

#endif
