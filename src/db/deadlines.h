/*
 * deadlines.h - storage for the request deadline job and responsiveness
 * (REQ-7, REQ-8, REQ-13, REQ-14; app/reqjobs.c): due reminders and
 * alerts, missed deadlines and pausing, last activity, the
 * administrators' responsiveness lists, proposal candidates and the
 * scheme holiday list.  Conventions as db.h; writes run inside the
 * caller's transaction unless said otherwise.
 */
#ifndef TANDEM_DB_DEADLINES_H
#define TANDEM_DB_DEADLINES_H

#include "db/db.h"

/* A request or proposal the job acts on. */
struct db_due {
	int64_t id, scheme_id, mentee_id, mentor_id;
	const char *kind;          /* request, proposal */
	int64_t rank_group;        /* 0: not ranked */
	int64_t submitted_at, deadline_at;
	int64_t reminded_at;       /* 0: the mentor has not been reminded */
};
/* New, deadline_at <= now, not reminded, mentor and mentee both active
 * users; at most max, oldest deadline first. */
enum err db_due_reminders(struct db *db, struct arena *a, int64_t now, size_t max,
    struct db_due **out, size_t *n);
/* New, submitted at or before `before`, not alerted, mentor and mentee
 * both active users; at most max. */
enum err db_due_alerts(struct db *db, struct arena *a, int64_t before, size_t max,
    struct db_due **out, size_t *n);
/* Compare-and-set: ERR_CONFLICT when already set or no longer new. */
enum err db_req_set_reminded(struct db *db, int64_t id, int64_t now);
enum err db_req_set_alerted(struct db *db, int64_t id, int64_t now);

/* Count one missed deadline on the mentor's profile in the scheme and
 * give the new count and paused_at (0: not paused).  ERR_NOT_FOUND when
 * the mentor has no profile there. */
enum err db_mentor_miss(struct db *db, int64_t mentor_id, int64_t scheme_id,
    int64_t *misses, int64_t *paused_at);
/* Pause: *changed false when already paused. */
enum err db_mentor_pause(struct db *db, int64_t mentor_id, int64_t scheme_id, int64_t now,
    bool *changed);
/* At sign-in: clear missed deadlines and the pause on every mentor
 * profile of the person (only rows that need it are written). */
enum err db_mentor_unpause(struct db *db, int64_t user_id);
/* users.last_active_at = now unless it was set less than `every`
 * seconds ago (a single statement: no transaction needed). */
enum err db_user_touch_active(struct db *db, int64_t user_id, int64_t now, int64_t every);

/* ---- the administrators' page ---- */
struct db_overdue {
	int64_t id;
	const char *kind;
	int64_t mentee_id;
	const char *mentee_name;
	int64_t mentor_id;
	const char *mentor_name;
	int64_t submitted_at, deadline_at, reminded_at, alerted_at;   /* 0: not */
};
enum err db_overdue_list(struct db *db, struct arena *a, int64_t scheme_id, int64_t now,
    size_t max, struct db_overdue **out, size_t *n);
enum err db_overdue_count(struct db *db, int64_t scheme_id, int64_t now, int64_t *n);

struct db_mentor_stat {
	int64_t id;
	const char *name;
	int64_t last_active_at;      /* else last sign-in; 0 never */
	int64_t missed_deadlines;
	int64_t paused_at;           /* 0: not paused */
	int64_t open_requests;       /* new or waiting */
};
enum err db_mentor_stats(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_mentor_stat **out, size_t *n);

struct db_response_time {
	int64_t mentor_id;
	int64_t seconds;
};
/* Answered requests of the scheme (decided_at at or after the
 * submission): by mentor, then by time. */
enum err db_response_times(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_response_time **out, size_t *n);

/* ---- proposals (REQ-8) ---- */
/* Up to max mentees of the scheme with id > after, active, with no live
 * relationship and no open request or proposal. */
enum err db_proposal_mentees(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t after, size_t max, int64_t **out, size_t *n);
/* Mentors never to propose to the mentee again (REQ-8): who declined a
 * request or proposal of theirs, or whose request or proposal the mentee
 * withdrew; ascending. */
enum err db_declined_by(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t **out, size_t *n);

/* ---- holidays ---- */
struct db_holiday {
	const char *day;             /* YYYY-MM-DD */
	const char *label;
};
enum err db_holiday_list(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_holiday **out, size_t *n);
/* ERR_CONFLICT when the day is already listed. */
enum err db_holiday_add(struct db *db, int64_t scheme_id, const char *day,
    const char *label);
/* ERR_NOT_FOUND when it was not listed. */
enum err db_holiday_remove(struct db *db, int64_t scheme_id, const char *day);

#endif
