/*
 * cohortmatch.h - cohort matching (REQ-11, issue 11): the administrator
 * runs the matcher on a cohort (or on every waiting mentee), sees the
 * proposed pairs with scores and reasons and, for each mentee left
 * unmatched, why; locks and swaps pairs, re-runs around the locked ones,
 * and confirms, which makes every relationship in one transaction.
 *
 * Who is matched.  Mentees: active mentees of the scheme with no live
 * relationship in it, in the cohort when one is chosen.  Mentors: active
 * mentors of the scheme, available, not paused (REQ-14), with a complete
 * profile (the scheme's required fields) and a free place (capacity -
 * live mentees); when the cohort has mentors among its members, only
 * those, else every mentor of the scheme.
 *
 * Allowed pairs: not the same person, not excluded by match_check (a
 * declared conflict, the organisation, specialty and distance rules:
 * FIND-4), not a "prefer not" when the scheme makes those hard.  The
 * cost of an allowed pair is app_cohortmatch_cost.  The solver
 * (assign/assign.h) matches as many mentees as it can and, of those
 * assignments, takes one of least total cost; in stable mode (when the
 * scheme allows it) the mentee-proposing stable assignment instead.
 *
 * Access: the scheme's administrators (app_is_scheme_admin) and site
 * administrators; anyone else gets ERR_NOT_FOUND for every scheme and
 * run id.  Every change is audited: match.run, match.lock, match.swap,
 * match.discard, match.confirm.
 */
#ifndef TANDEM_APP_COHORTMATCH_H
#define TANDEM_APP_COHORTMATCH_H

#include "app/account.h"
#include "app/matchprefs.h"
#include "assign/assign.h"
#include "db/cohortmatch.h"
#include "db/cohorts.h"

#define APP_CM_COST_MAX 200
#define APP_CM_RUNS_SHOWN 50       /* past runs listed on the page */
#define APP_CM_BLOCKING_SHOWN 5    /* blocking pairs described in words */
#define APP_CM_OPTIONS_MAX 30      /* mentors offered for a swap, best first */
#define APP_CM_INSTANCE_MAX (64 * 1024 * 1024)   /* bytes of an instance file */

/*
 * The cost of an allowed pair, an integer 0..APP_CM_COST_MAX (lower is
 * better):
 *   cost = 100 - score                     (score: FIND-3, 0..100)
 *        - wish_weight[rank - 1]           (the mentee ranked this mentor
 *                                           1..3; 0 = no wish)
 *        + avoid_penalty                   (the mentor would prefer not,
 *                                           when "prefer not" is soft)
 * clamped to 0..200.  A hard "prefer not" is not a cost: the pair is
 * simply not allowed.
 */
int app_cohortmatch_cost(int score, int wish_rank, bool avoided,
    const struct app_match_settings *st);

/* ---- the scheme's page ---- */

struct app_cm_overview {
	bool is_on;                   /* allow_cohort_matching */
	bool stable_mode;             /* the scheme offers the stable result */
	struct db_cohort *cohorts;
	size_t ncohorts;
	struct db_cm_run *runs;       /* newest first, at most APP_CM_RUNS_SHOWN */
	size_t nruns;
	size_t waiting;               /* mentees waiting in the whole scheme */
};

enum err app_cohortmatch_overview(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_cm_overview *out);

/* Run the matcher: a new draft run.  cohort_id 0 = every waiting mentee;
 * mode "optimal" or "stable".  ERR_BAD_INPUT with problems on
 * "cohort_id" (not a cohort of the scheme, or nobody in it waiting: a
 * run of nobody is never saved) or "mode" (stable when the
 * scheme does not offer it, or unknown); ERR_FORBIDDEN (problem "") when
 * the scheme's cohort matching switch is off. */
enum err app_cohortmatch_run(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t cohort_id, const char *mode, const char *ip,
    struct app_problems *ps, int64_t *id);

/* ---- one run ---- */

struct app_cm_load {
	int64_t mentor_id;
	const char *name;
	int64_t capacity;
	int64_t live;                 /* live relationships now */
	int64_t proposed;             /* pairs of this run */
};

struct app_cm_view {
	struct db_cm_run run;
	struct db_cm_pair *pairs;     /* matched first, then unmatched */
	size_t npairs;
	struct app_cm_load *loads;    /* mentors with a pair in the run, by name */
	size_t nloads;
	int mean_score;               /* of the matched pairs, rounded; 0 none */
	const char **blocking;        /* run.blocking_text as lines */
	size_t nblocking;
	bool is_draft;
	size_t nlocked;
};

enum err app_cohortmatch_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, struct app_cm_view *out);

struct app_cm_option {
	int64_t mentor_id;
	const char *name;
	int score;
	int wish_rank;
	int64_t free;                 /* places left after this run's other pairs */
	bool is_current;
};

/* The mentors mentee_id may be swapped to in a draft run: allowed, with
 * room, best score first (at most APP_CM_OPTIONS_MAX), and the mentee's
 * row.  ERR_NOT_FOUND when the mentee is not in the run; ERR_CONFLICT
 * (problem "") when the run is not a draft or the mentee is no longer
 * waiting. */
enum err app_cohortmatch_options(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, int64_t mentee_id, struct db_cm_pair *row,
    struct app_cm_option **out, size_t *n, struct app_problems *ps);

/* Lock exactly the matched pairs of these mentees, unlock the rest.
 * ERR_BAD_INPUT (problem "locked") naming a mentee not matched in the
 * run; ERR_CONFLICT when the run is not a draft. */
enum err app_cohortmatch_locks(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const int64_t *mentees, size_t n, const char *ip,
    struct app_problems *ps);

/* Give mentee_id mentor_id instead (or a mentor when unmatched), and
 * lock the pair.  ERR_BAD_INPUT (problem "mentor_id") when the mentor is
 * not allowed or has no room; ERR_NOT_FOUND / ERR_CONFLICT as
 * app_cohortmatch_options. */
enum err app_cohortmatch_swap(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, int64_t mentee_id, int64_t mentor_id, const char *ip,
    struct app_problems *ps);

/* A new draft around the locked pairs of draft run_id (still valid locks
 * kept fixed, their mentors' places taken), same cohort and mode; the
 * old draft becomes "replaced" by it.  A run whose cohort was deleted is
 * re-run over its own mentees (those in its rows), never everyone
 * waiting; a stable run is re-run best overall when the scheme no longer
 * offers stable mode.  ERR_CONFLICT when not a draft, or when none of
 * its mentees is waiting now. */
enum err app_cohortmatch_rerun(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const char *ip, struct app_problems *ps, int64_t *new_id);

enum err app_cohortmatch_discard(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const char *ip, struct app_problems *ps);

/* Confirm a draft in one transaction: every pair re-checked (the mentee
 * still active and waiting; the mentor still an active, available mentor
 * with a free place counted now; the rules), each relationship made with
 * app_relationship_create_tx (origin "cohort", emails and audit), the run
 * marked confirmed.  Any failure rolls everything back: ERR_CONFLICT with
 * the problem "" saying which pair failed and why.  *created how many. */
enum err app_cohortmatch_confirm(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const char *ip, struct app_problems *ps, size_t *created);

/* ---- the command line (tandem match) ---- */

/* Run the matcher as the system (no person): with `save` false nothing
 * is written and *out holds the proposal (run.id 0; out->is_on says
 * whether the scheme's switch is on, for a warning); with `save` true
 * the run is saved and confirmed at once (audited with no actor), and
 * refused with ERR_FORBIDDEN (problem "") when the scheme's switch is
 * off, ERR_CONFLICT when nobody would be matched (nothing saved).
 * Problems as app_cohortmatch_run and app_cohortmatch_confirm. */
struct app_cm_result {
	struct db_cm_run run;
	struct db_cm_pair *pairs;
	size_t npairs;
	size_t created;
	bool is_on;                   /* the scheme's allow_cohort_matching */
};
enum err app_cohortmatch_system(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t cohort_id, bool stable, bool save, struct app_problems *ps,
    struct app_cm_result *out);

/* Parse an instance: the OR-Library assignment format ("n" then an n x n
 * cost matrix, row i = mentee i, capacity 1 each), or the capacity format
 * "c NMENTEES NMENTORS" then NMENTORS capacities then an NMENTEES x
 * NMENTORS matrix where a negative cost means not allowed.  Arrays in the
 * arena.  ERR_BAD_INPUT with *why. */
enum err app_cohortmatch_instance(struct arena *a, const char *text, size_t len,
    struct assign_problem *p, const char **why);

#endif
