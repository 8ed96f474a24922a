/*
 * sessions.h - the rules of mentoring sessions (SES-1 to SES-6, SES-10)
 * and hours (SES-5, REL-9), and the REL-7 session cap.
 *
 * Design: every function asks app_relationship_guard first (404 for
 * anyone who may not see the relationship, ERR_FORBIDDEN for an
 * administrator on any write, ERR_CONFLICT with APP_REL_ENDED once it has
 * ended: writes use LRLA_ADD_CONTENT), then runs again inside BEGIN
 * IMMEDIATE with compare-and-set status changes (db/sessions.h), so two
 * clicks or two people racing give one change and a 409.  Emails are
 * queued in the same transaction (session.added, session.answered,
 * session.cancelled) and calendar invitations go with agreed and
 * cancelled sessions (SES-9, app/calendar.h).
 *
 * Times: typed as wall-clock time in the scheme's zone
 * (scheme_settings.time_zone through core/tz.h), stored in UTC.  Hours
 * are never stored: db/sessions.h sums them with the one counting rule.
 *
 * Errors: ERR_NOT_FOUND (not visible, or another pair's session),
 * ERR_FORBIDDEN (an administrator, or a party who may not take this
 * action on this session, with the sentence in ps, field ""),
 * ERR_CONFLICT (the relationship ended, or the session is no longer in a
 * state that allows it: sentence in ps, field ""), ERR_BAD_INPUT
 * (problems per field).
 */
#ifndef TANDEM_APP_SESSIONS_H
#define TANDEM_APP_SESSIONS_H

#include "app/relationship.h"
#include "core/tz.h"
#include "db/sessions.h"

#define APP_SESSION_ROWS 3           /* SES-2: up to three per update */
#define APP_SESSION_MIN_MINUTES 5
#define APP_SESSION_MAX_MINUTES 600
#define APP_SESSION_PLACE_MAX 500    /* characters */
#define APP_SESSION_AHEAD ((int64_t)366 * 24 * 3600)   /* at most a year ahead */

/* One row of the form as typed.  Fields: sN_date (the day, month and
 * year boxes, or an ISO "YYYY-MM-DD" in `date`), sN_time ("14:30"),
 * sN_minutes, sN_format (in_person, video, phone), sN_place. */
struct app_session_row {
	const char *date;              /* "YYYY-MM-DD" (API); "" to use the boxes */
	const char *day, *month, *year;
	const char *time;
	const char *minutes;
	const char *format;
	const char *place;
};

/* What app_sessions_add made of the rows. */
struct app_sessions_added {
	int64_t ids[APP_SESSION_ROWS];
	size_t n;
	size_t nlogged, nproposed;
	int64_t batch_id;
};

/*
 * SES-2: the mentor or mentee adds the non-empty rows as one update (at
 * least one).  Each row is checked on its own (problems on "sN_date",
 * "sN_time", "sN_minutes", "sN_format", "sN_place"); nothing is saved
 * when any row is wrong.  A row that starts before now is logged
 * (counts at once, the adder's answer "yes"), a later one proposed.
 * REL-7: with a cap, the sessions in use plus the new ones must not pass
 * the cap plus approved extensions (problem on "sessions", saying how
 * many are left and to ask the scheme team for more).  SES-3: one email
 * to the other party listing them, with the link to the relationship
 * page (base_url, page_link_base; "" leaves the link out).
 */
enum err app_sessions_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const struct app_session_row rows[APP_SESSION_ROWS],
    const char *base_url, const char *ip, struct app_problems *ps,
    struct app_sessions_added *out);

/* A row the pairing code adds for an approved request's first session
 * (relationships.first_session "YYYY-MM-DDTHH:MM", wall-clock time in
 * the scheme's zone): a proposed session added by the mentor, 60
 * minutes, format `video` (the pair change it by adding another), inside
 * the caller's transaction; nothing when `when` is "" or not a real
 * future time. */
/* A relationship has just ended (REL-4, REL-6), inside the caller's
 * transaction: its sessions still to come are cancelled, so they never
 * count and leave the calendar feeds; an agreed one's invitation is
 * withdrawn with METHOD:CANCEL (higher SEQUENCE) to both people. `by`
 * is who ended it. */
enum err app_sessions_end_tx(struct db *db, struct arena *a, int64_t rel_id, int64_t by,
    int64_t now);

enum err app_session_first_tx(struct db *db, int64_t rel_id, int64_t mentor_id,
    int64_t scheme_id, const char *when, int64_t now);

enum app_session_action {
	ASA_AGREE,      /* SES-4: the other party agrees a proposed future session */
	ASA_DECLINE,    /* SES-4: ... or declines it */
	ASA_CANCEL,     /* SES-6: either cancels an agreed future session; the
	                   proposer withdraws a proposed one */
	ASA_REMOVE,     /* SES-6: either removes a logged session the other has
	                   not confirmed */
	ASA_YES,        /* SES-10: it took place (confirms a logged one) */
	ASA_NO,         /* SES-10: it did not take place: stops counting */
	ASA__MAX
};

/* One session for me (a party or an administrator of the scheme): the
 * row, the relationship, and what me may do now. */
struct app_session_view {
	struct db_msession s;
	struct app_relationship rel;
	const struct tz *tz;
	bool can[ASA__MAX];
	bool is_confirmed;             /* a logged one the other party confirmed */
	bool admin_sees_documents;     /* the scheme's content rule (NOTE-2) */
};
enum err app_session_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_session_view *out);

/* What `me` (LC_MENTOR or LC_MENTEE; nothing for anyone else) may do to
 * session s at `now` in a relationship that is still live. */
void app_session_allowed(const struct db_msession *s, int64_t me_id, bool rel_is_live,
    int64_t now, bool can[ASA__MAX]);

/* Take one action (the emails and invitations above); *rel_id the
 * session's relationship. */
enum err app_session_act(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, enum app_session_action action, const char *base_url, const char *ip,
    struct app_problems *ps, int64_t *rel_id);

/* A relationship's sessions and hours for its page (SES-1, SES-5, REL-7,
 * REL-9), for anyone who may view it. */
struct app_rel_sessions {
	struct db_msession *list;
	size_t n;
	const struct tz *tz;
	int64_t minutes;               /* counted at now */
	int64_t in_use;                /* against the cap */
	int64_t cap;                   /* session_cap + extra_sessions; 0 none */
	int64_t months;                /* whole months since the start (to the end) */
	int64_t expected_minutes;      /* months x the scheme's minimum */
};
enum err app_rel_sessions(struct db *db, struct arena *a, const struct app_relationship_page *p,
    struct app_rel_sessions *out);

/* A person's hours (SES-5: both roles, every scheme) and their "did it
 * take place?" questions (SES-10), for the home page. */
struct app_home_sessions {
	int64_t minutes;
	struct db_msession *questions;
	size_t nquestions;
};
enum err app_home_sessions(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_home_sessions *out);

/* me's own total minutes (the profile page). */
enum err app_my_minutes(struct db *db, const struct app_auth *me, int64_t *minutes);

/* ---- words (pages and emails) ---- */

/* "6 hours 30 minutes", "1 hour", "45 minutes", "0 hours". */
const char *app_hours_words(struct arena *a, int64_t minutes);
/* "9:30am", "2pm", "midday", "midnight". */
const char *app_clock_words(struct arena *a, int hour, int minute);
/* "Tuesday 1 December 2026, 9:30am to 10:30am (GMT)" in zone z. */
const char *app_session_when(struct arena *a, const struct tz *z, int64_t starts_at,
    int64_t ends_at);
/* "in person", "video", "phone". */
const char *app_session_format_words(const char *format);
/* The status in words for a viewer at now: "Proposed", "Agreed",
 * "Taken place", "Did not take place", "Declined", "Cancelled",
 * "Removed", "Not agreed in time"; and its NHS tag colour class. */
const char *app_session_status_words(const struct db_msession *s, int64_t now);
const char *app_session_status_tag(const struct db_msession *s, int64_t now);
/* Struck through on the page: cancelled, removed, declined. */
bool app_session_is_struck(const struct db_msession *s);

#endif
