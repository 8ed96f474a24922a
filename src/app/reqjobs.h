/*
 * reqjobs.h - what happens to requests with time, and what scheme
 * administrators see and set about it:
 *
 * - the deadline job (app_requests_tick): reminders when a request's
 *   working-day deadline passes (REQ-7), ranked requests passing to the
 *   next choice instead (REQ-13), missed deadlines counted and a mentor
 *   paused at the second (REQ-14), the administrators alerted a week
 *   after a request was sent (REQ-7), and system proposals (REQ-8);
 * - responsiveness for administrators (REQ-14): requests waiting too
 *   long, and per mentor open requests, last activity, median response
 *   time, missed deadlines and pause;
 * - the scheme's request settings and holiday list.
 *
 * Design: every step of the job selects a bounded batch of due rows and
 * handles each row in its own transaction (the change, its audit row
 * and its emails together), with a compare-and-set update, so a second
 * run at the same moment does nothing and a crash part-way repeats no
 * email.  The clock is the caller's `now` (the scheduler passes the
 * injectable clock_now()).
 */
#ifndef TANDEM_APP_REQJOBS_H
#define TANDEM_APP_REQJOBS_H

#include "app/account.h"
#include "db/deadlines.h"

/* What one run did. */
struct app_reqjobs_report {
	size_t reminded;       /* reminders sent to mentors (REQ-7) */
	size_t passed;         /* ranked requests passed on (REQ-13) */
	size_t missed;         /* missed deadlines counted (REQ-14) */
	size_t paused;         /* mentors paused (REQ-14) */
	size_t alerted;        /* requests the administrators were told of */
	size_t proposed;       /* system proposals made (REQ-8) */
	size_t schemes_proposing;  /* schemes whose proposal step ran */
	size_t failed;         /* rows left for the next run after an error */
};

/* At most this many rows per step per run (the rest wait 10 minutes). */
#define APP_REQJOBS_BATCH 200
/* System proposals at most once an hour per scheme (REQ-8). */
#define APP_PROPOSALS_EVERY (60 * 60)
/* At most this many mentees considered per scheme per proposal run. */
#define APP_PROPOSALS_MENTEES 1000

/*
 * One run of the deadline job at `now`: reminders and ranked passing,
 * administrator alerts, then proposals for schemes that allow them.
 * Each row is its own transaction; a failed row is logged, counted in
 * report->failed and left for the next run.  Returns ERR_OK unless the
 * database could not be read at all.
 */
enum err app_requests_tick(struct db *db, int64_t now, struct app_reqjobs_report *report);

/*
 * The next mentees of the scheme the proposal step considers (REQ-8):
 * up to max of those eligible (active, no live relationship, no open
 * request or proposal), by id, continuing after the cursor kept in the
 * meta table ("proposals_cursor:<scheme id>") and wrapping around to
 * the start, never giving a mentee twice in one call.  Saves the cursor
 * (0 once the whole list has been seen), so every mentee is reached
 * however many there are.  Outside any transaction.  Exposed for the
 * unit test, which passes a small max.
 */
enum err app_proposal_batch(struct db *db, struct arena *a, int64_t scheme_id, size_t max,
    int64_t **out, size_t *n);

/* ---- responsiveness (REQ-14) ---- */

struct app_mentor_response {
	struct db_mentor_stat stat;
	int64_t answered;              /* decided requests */
	int64_t median_seconds;        /* -1: none answered */
};

struct app_responsiveness {
	struct db_scheme scheme;
	struct db_overdue *overdue;    /* waiting too long, oldest first */
	size_t noverdue;
	struct app_mentor_response *mentors;   /* by name */
	size_t nmentors;
};

/* The scheme's responsiveness at `now`.  ERR_NOT_FOUND unless `me`
 * administers the scheme. */
enum err app_responsiveness_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t now, struct app_responsiveness *out);

/* How many requests of the scheme wait past their deadline.
 * ERR_NOT_FOUND unless `me` administers the scheme. */
enum err app_overdue_count(struct db *db, const struct app_auth *me, int64_t scheme_id,
    int64_t now, int64_t *n);

/* The median of sorted values (the mean of the two middle ones for an
 * even count, rounded down); -1 for none.  Exposed for the unit test. */
int64_t app_median_sorted(const int64_t *v, size_t n);

/* ---- request settings (REQ-7, REQ-8, REQ-9, REQ-13, REL-7, REL-9) ---- */

/* The scheme's settings and holidays.  ERR_NOT_FOUND unless `me`
 * administers the scheme. */
enum err app_request_settings_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct db_scheme_settings *out,
    struct db_holiday **holidays, size_t *nholidays);

/* The settings form as typed (numbers already parsed by the route's
 * declared ranges; checked again here). */
struct app_request_settings_in {
	bool allow_mentee_requests;
	bool ranked_requests;
	bool allow_system_proposals;
	int64_t proposal_threshold;      /* 1-100 */
	bool allow_admin_assignment;
	int64_t response_deadline_days;  /* 1-60 working days */
	int64_t default_capacity;        /* 1-50 */
	int64_t session_cap;             /* 0-100, 0 = none */
	int64_t extension_sessions;      /* 0-20 */
	int64_t min_hours;               /* minimum commitment per month: */
	int64_t min_minutes;             /* hours 0-40 and minutes 0-59 */
};

/* Save them, audited ("scheme.request_settings", with before and
 * after).  ERR_BAD_INPUT with problems on the fields; ERR_NOT_FOUND
 * unless `me` administers the scheme. */
enum err app_request_settings_put(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_request_settings_in *in, const char *ip,
    struct app_problems *ps);

/* Add a holiday: day "YYYY-MM-DD" (a real date), label 0-100
 * characters.  ERR_BAD_INPUT (problems "holiday_day", "holiday_label"),
 * ERR_CONFLICT when the day is already listed (problem on
 * "holiday_day"), ERR_NOT_FOUND unless `me` administers the scheme. */
enum err app_holiday_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *day, const char *label, const char *ip,
    struct app_problems *ps);
/* Remove one; ERR_NOT_FOUND when not listed or not allowed. */
enum err app_holiday_remove(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *day, const char *ip);

/* ---- sign-in and activity (session.c) ---- */

/* How often users.last_active_at is written at most. */
#define APP_ACTIVE_EVERY (5 * 60)

#endif
