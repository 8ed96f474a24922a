/*
 * cohortmatch.h - storage for cohort matching (REQ-11, app/cohortmatch.c):
 * a scheme's waiting mentees and declared conflicts read whole (one
 * statement each; the mentors come from db_search_mentors), and the
 * runs (match_runs) with their pairs (match_run_pairs), migration 0022.
 *
 * Conventions as db.h: strings copied into the caller's arena; writes
 * inside the caller's transaction; who may read or change a run is
 * decided in app.
 */
#ifndef TANDEM_DB_COHORTMATCH_H
#define TANDEM_DB_COHORTMATCH_H

#include "db/db.h"
#include "db/search.h"

/* Every active mentee of the scheme with no live relationship in it (in
 * cohort_id when > 0), by user id; mentee fields of db_search_person. */
enum err db_cm_mentees(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    struct db_search_person **out, size_t *n);
/* The mentors among a cohort's members, ascending. */
enum err db_cm_cohort_mentors(struct db *db, struct arena *a, int64_t cohort_id,
    int64_t scheme_id, int64_t **out, size_t *n);

struct db_cm_conflict {
	int64_t mentee_id;
	int64_t mentor_id;     /* 0: named by email */
	const char *email;
};
/* Every declared conflict of the scheme, by mentee. */
enum err db_cm_conflicts(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_cm_conflict **out, size_t *n);

struct db_cm_run {
	int64_t id, scheme_id;
	int64_t cohort_id;             /* 0: everyone waiting (or the cohort was deleted) */
	const char *cohort_name;       /* "" */
	const char *mode;              /* optimal, stable */
	const char *status;            /* draft, confirmed, discarded, replaced */
	int64_t created_by;
	const char *created_by_name;   /* "" for the system (command line) */
	int64_t created_at, updated_at;
	int64_t confirmed_by, confirmed_at;
	int64_t matched, unmatched, objective, blocking, elapsed_us, score_total;
	const char *blocking_text;     /* the first few, one per line */
	int64_t replaced_by;           /* 0 */
	bool everyone;                 /* made for every waiting mentee */
};

enum err db_cm_run_get(struct db *db, struct arena *a, int64_t id, struct db_cm_run *out);
enum err db_cm_run_list(struct db *db, struct arena *a, int64_t scheme_id, int64_t limit,
    struct db_cm_run **out, size_t *n);
/* scheme_id, cohort_id (0: NULL), mode, created_by (0: NULL), totals,
 * blocking_text, everyone from r; created at now. */
enum err db_cm_run_insert(struct db *db, const struct db_cm_run *r, int64_t now,
    int64_t *id);
/* The totals of a draft (ERR_CONFLICT when it is no longer a draft). */
enum err db_cm_run_totals(struct db *db, const struct db_cm_run *r, int64_t now);
/* A draft becomes `status` (confirmed by `by`, or replaced by run
 * `replaced_by`).  ERR_CONFLICT when it is no longer a draft. */
enum err db_cm_run_status(struct db *db, int64_t id, const char *status, int64_t by,
    int64_t replaced_by, int64_t now);

struct db_cm_pair {
	int64_t mentee_id;
	const char *mentee_name;
	int64_t mentor_id;             /* 0: unmatched */
	const char *mentor_name;       /* "" */
	int64_t score, cost, wish_rank;
	bool locked;
	const char *reasons;           /* one per line */
	const char *why;               /* unmatched: why */
	int64_t relationship_id;       /* 0 until confirmed */
};

enum err db_cm_pair_insert(struct db *db, int64_t run_id, const struct db_cm_pair *p);
/* Matched first (by mentee name), then the unmatched. */
enum err db_cm_pairs(struct db *db, struct arena *a, int64_t run_id,
    struct db_cm_pair **out, size_t *n);
/* mentor_id, score, cost, wish_rank, locked, reasons, why of the row. */
enum err db_cm_pair_set(struct db *db, int64_t run_id, const struct db_cm_pair *p);
enum err db_cm_pairs_unlock(struct db *db, int64_t run_id);
/* Lock a matched row: ERR_NOT_FOUND when the mentee has no matched row. */
enum err db_cm_pair_lock(struct db *db, int64_t run_id, int64_t mentee_id);
enum err db_cm_pair_set_rel(struct db *db, int64_t run_id, int64_t mentee_id,
    int64_t relationship_id);

#endif
