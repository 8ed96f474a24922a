/*
 * db/reports.h - the aggregate queries of the reports dashboard (ADM-4)
 * and the site roll-up (ADM-9).  Each query is one SQL statement in
 * reports.def returning rows (k1, k2, v[6]); what the keys and values
 * mean is written beside each statement.  Nothing here returns a person:
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
	DB_REPORT_PEOPLE,
	DB_REPORT_REQUESTS,
	DB_REPORT_RESPOND,
	DB_REPORT_MATCH,
	DB_REPORT_RELATIONSHIPS,
	DB_REPORT_MONTHS,
	DB_REPORT_EVALUATIONS,
	DB_REPORT_TRAINING,
	DB_REPORT_EQUALITY,
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
