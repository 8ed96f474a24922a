/*
 * db/reports.h - the aggregate queries of the reports dashboard (ADM-4)
 * and the site roll-up (ADM-9).  Each query is one SQL statement in
 * reports.def returning rows (k1, k2, v[6]); what the keys and values
 * mean is written beside each statement.  Two passes over many rows are
 * added up in C instead (reports.c says why): the participants and the
 * relationships with their sessions.  Nothing here returns a person:
 * only counts and sums.
 */
#ifndef TANDEM_DB_REPORTS_H
#define TANDEM_DB_REPORTS_H

#include <stdint.h>
#include <stddef.h>

#include "core/err.h"

struct db;
struct arena;

enum db_report_query {
	DB_REPORT_REQUESTS,
	DB_REPORT_RESPOND,
	DB_REPORT_MATCH,
	DB_REPORT_EVALUATIONS,
	DB_REPORT_TRAINING,
	DB_REPORT__MAX
};

/* What every query is asked about (see reports.def for each). */
struct db_report_args {
	int64_t scheme_lo, scheme_hi;  /* one scheme: both its id; the site: 1, INT64_MAX */
	int64_t from, to;              /* UTC seconds, [from, to) */
	int64_t cohort_id;             /* 0: everyone */
	int64_t now;                   /* the counting rule's now */
	int64_t offset;                /* the zone's seconds east of UTC */
	const char *today;             /* YYYY-MM-DD in the zone */
};

struct db_report_row {
	const char *k1, *k2;
	int64_t v[6];
};

/* Run one query; rows into the arena. */
enum err db_report_rows(struct db *db, struct arena *a, enum db_report_query q,
    const struct db_report_args *args, struct db_report_row **out, size_t *n);

/* The participants (mentor and mentee roles) of the schemes, in one pass. */
struct db_report_participants {
	/* k1 role, k2 account status: v[0] how many, v[1] took the role in
	 * the period; by role, then status */
	struct db_report_row *people;
	size_t npeople;
	/* the active ones' equality answers: k1 the value (free text grouped
	 * case-insensitively under its smallest spelling; age: a band code
	 * 'a' under 25, 'b' 25-34, 'c' 35-44, 'd' 45-54, 'e' 55-64, 'f' 65
	 * and over, '' none), k2 role: v[0] how many, v[1] the field (0
	 * gender, 1 age, 2 country of origin); by field, then the value
	 * lower-cased, then role (mentee before mentor) */
	struct db_report_row *equality;
	size_t nequality;
	/* distinct people with an active account and a mentor or mentee
	 * role (someone with both, or in two schemes, counts once): the
	 * equality tables' group size */
	int64_t nactive_people;
};
enum err db_report_participants(struct db *db, struct arena *a,
    const struct db_report_args *args, struct db_report_participants *out);

/* A scheme's own equality-monitoring questions (scheme fields with
 * visibility "equality"), each with its active participants' answers
 * added up like the built-in ones: rows k1 the answer (free text
 * grouped case-insensitively and without surrounding spaces under its
 * smallest spelling; "multi": each choice on its own; '' none), k2
 * role: v[0] how many; by answer lower-cased, then role.  Only for one
 * scheme (args->scheme_lo == scheme_hi); none for the site. */
struct db_report_eq_field {
	int64_t id;
	const char *label;
	const char *kind;              /* text, long_text, choice, multi, date, number */
	const char *choices;           /* choice, multi: the options, one a line */
	int64_t nasked;                /* distinct active people the question is asked of */
	struct db_report_row *rows;
	size_t nrows;
};
enum err db_report_scheme_equality(struct db *db, struct arena *a,
    const struct db_report_args *args, struct db_report_eq_field **out, size_t *n);

/* When the scheme began (UTC seconds): the earliest of its creation, its
 * first role and its first relationship.  ERR_NOT_FOUND: no scheme. */
enum err db_report_scheme_start(struct db *db, int64_t scheme_id, int64_t *at);

/* Relationships and their sessions, in one pass. */
struct db_report_month {
	const char *key;               /* 'YYYY-MM', the zone's calendar month */
	int64_t live;                  /* relationships live in it (any part of it) */
	int64_t meeting;               /* of those, with minutes >= their scheme's minimum */
	int64_t sessions, minutes;     /* that took place (SES_COUNTS) in a live month */
};
struct db_report_activity {
	/* relationships: live during the period; started, completed, ended
	 * early in it; active now */
	int64_t live, started, completed, ended_early, active;
	struct db_report_month *months; /* the period's months, in order */
	size_t nmonths;
	/* sessions that took place in the period, whatever the month */
	int64_t rels_with_sessions, sessions, minutes;
};
enum err db_report_activity(struct db *db, struct arena *a,
    const struct db_report_args *args, struct db_report_activity *out);

/* ---- the synthetic scheme at scale (app/demo_people.c) ----
 * Rows written as they are, inside the caller's transaction: no rules. */
struct db_report_seed_rel {
	int64_t scheme_id, mentor_id, mentee_id;
	const char *status;            /* active, completed, ended_early */
	int64_t started_at, ended_at;  /* ended_at 0: NULL */
};
enum err db_report_seed_relationship(struct db *db, const struct db_report_seed_rel *r,
    int64_t *id);
/* status: logged, agreed, proposed, cancelled; answer: the mentor's
 * "did it take place?" ('', 'yes', 'no') */
enum err db_report_seed_session(struct db *db, int64_t rel_id, int64_t starts_at,
    int64_t minutes, const char *status, int64_t added_by, const char *answer);
/* status: approved (rel_id set) or declined */
enum err db_report_seed_request(struct db *db, int64_t scheme_id, int64_t mentee_id,
    int64_t mentor_id, const char *status, int64_t rel_id, int64_t submitted_at,
    int64_t decided_at);

#endif
