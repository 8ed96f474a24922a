/*
 * sessions.h - storage of mentoring sessions ("msession", to tell them
 * from sign-in sessions, struct db_session in db.h) (SES-1 to SES-6, SES-10)
 * and the hours derived from them (SES-5).
 *
 * Conventions as db.h: strings copied into the caller's arena; writes
 * inside the caller's transaction; status changes are compare-and-set
 * on the status expected (ERR_CONFLICT when another change won).  Hours
 * are never stored: every total is a SUM over mentoring_sessions with
 * the one counting expression in sessions.def, evaluated at `now`.
 * Who may read or change a row is app's decision (app/sessions.c).
 *
 * The read functions marked CONTRACT are used by other areas (activity,
 * calendar feed, evidence export); their signatures are fixed.
 */
#ifndef TANDEM_DB_SESSIONS_H
#define TANDEM_DB_SESSIONS_H

#include "db/db.h"

struct db_msession {
	int64_t id;
	int64_t relationship_id;
	int64_t starts_at, ends_at;    /* UTC seconds */
	int64_t minutes;
	const char *format;            /* in_person, video, phone */
	const char *place;             /* place or link, may be "" */
	const char *status;            /* proposed, agreed, declined, cancelled, logged, removed */
	int64_t added_by;
	const char *added_by_name;
	int64_t batch_id;
	int64_t answered_by, answered_at;  /* 0: none */
	const char *mentor_answer;     /* "did it take place?": "", "yes", "no" */
	const char *mentee_answer;
	int64_t sequence;              /* iCalendar SEQUENCE */
	int64_t created_at, updated_at;
	bool counts;                   /* counts toward hours at `now` (SES-5) */
	bool has_log;                  /* an activity log row exists (SES-7) */
	/* the relationship's, joined */
	int64_t scheme_id, mentor_id, mentee_id;
	const char *scheme_name, *mentor_name, *mentee_name;
	const char *mentor_email, *mentee_email;
	const char *rel_status;        /* active, completed, ended_early */
	const char *time_zone;         /* the scheme's (scheme_settings.time_zone) */
};

/* CONTRACT: one session with its relationship's columns. */
enum err db_msession_get(struct db *db, struct arena *a, int64_t id, int64_t now,
    struct db_msession *out);

/* CONTRACT: a relationship's sessions, every status, by starts_at then id. */
enum err db_msessions_of_relationship(struct db *db, struct arena *a, int64_t rel_id,
    int64_t now, struct db_msession **out, size_t *n);

/* CONTRACT: the sessions of every relationship where user_id is mentor
 * or mentee, in any scheme, starting in [from, to) (UTC seconds), every
 * status, by starts_at then id.  At most `limit` rows (0: 5000). */
enum err db_msessions_of_user(struct db *db, struct arena *a, int64_t user_id,
    int64_t from, int64_t to, int64_t now, size_t limit, struct db_msession **out,
    size_t *n);

/* CONTRACT: minutes that count at `now` (SES-5): of one relationship;
 * of a person (both roles, every scheme); and of a person for sessions
 * starting in [from, to). */
enum err db_minutes_of_relationship(struct db *db, int64_t rel_id, int64_t now,
    int64_t *minutes);
enum err db_minutes_of_user(struct db *db, int64_t user_id, int64_t now, int64_t *minutes);
enum err db_minutes_of_user_between(struct db *db, int64_t user_id, int64_t from,
    int64_t to, int64_t now, int64_t *minutes);

/* ---- writes (inside the caller's transaction) ---- */

struct db_msession_new {
	int64_t relationship_id;
	int64_t starts_at, minutes;
	const char *format, *place, *status;   /* status: proposed or logged */
	int64_t added_by, batch_id;
	const char *mentor_answer, *mentee_answer;   /* "" or "yes" */
};
enum err db_msession_add(struct db *db, const struct db_msession_new *in, int64_t now,
    int64_t *id);
/* A batch id (SES-2/3: one per update) no earlier batch has. */
enum err db_msession_next_batch(struct db *db, int64_t *batch);
/* Sessions in use against the cap (REL-7) at `now`: agreed or logged,
 * or proposed for a time after now, and nobody said it did not take
 * place. */
enum err db_msessions_in_use(struct db *db, int64_t rel_id, int64_t now, int64_t *n);
/* Status from -> to (ERR_CONFLICT when it was no longer `from`);
 * answered_by/at recorded; bump_sequence raises SEQUENCE (SES-9). */
enum err db_msession_set_status(struct db *db, int64_t id, const char *from, const char *to,
    int64_t by, bool bump_sequence, int64_t now);
/* One party's "did it take place?" answer ("yes"/"no"), only while
 * their answer is "" and the status is still `status` (else
 * ERR_CONFLICT). */
enum err db_msession_answer(struct db *db, int64_t id, const char *status, bool is_mentor,
    const char *answer, int64_t now);
/* The questions for user_id's home page (SES-10), at most 50. */
enum err db_msessions_to_answer(struct db *db, struct arena *a, int64_t user_id,
    int64_t now, struct db_msession **out, size_t *n);

#endif
