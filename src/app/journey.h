/*
 * journey.h - the journey / roadmap (NOTE-5, seed 001 "The journey"):
 * a scheme's ordered stages with descriptions, and on each relationship
 * the pair's decisions and action points per stage, the stage the pair
 * says it is at, and the progress review list of open action points.
 *
 * Who may do what:
 *   - administrators of the scheme (or of the site) manage its stages:
 *     add, edit, move up or down, delete while nothing names the stage,
 *     and flag one as the progress review stage; every change audited
 *     ("journey.stage_add" ...).  Anyone else: ERR_NOT_FOUND.
 *   - the mentor and the mentee read and write their relationship's
 *     decisions and action points while it is live (app_relationship_guard
 *     with LRLA_ADD_CONTENT: ERR_CONFLICT with APP_REL_ENDED after it
 *     ended, reading stays); a decision is changed or deleted by its
 *     author only, an action point edited or deleted by whoever added
 *     it, and marked done or not done by either (ERR_FORBIDDEN
 *     otherwise).
 *   - the pair's records are shared content (NOTE-2, ADM-8): an
 *     administrator sees counts only, unless the scheme's
 *     admin_sees_documents rule is on; then app_journey_open lets them
 *     read (never write: ERR_FORBIDDEN) and writes an audit row
 *     "content.view" "journey:<relationship id>" each time.
 *   - anyone else, and ids of other pairs' items: ERR_NOT_FOUND.
 *
 * Dates: an action point's due date is "YYYY-MM-DD" or ""; "today" and
 * "overdue" are read in the scheme's time zone (core/tz.h).  Lengths are
 * counted in characters (UTF-8).
 */
#ifndef TANDEM_APP_JOURNEY_H
#define TANDEM_APP_JOURNEY_H

#include "app/relationship.h"
#include "db/journey.h"

#define APP_JOURNEY_NAME_MAX 120
#define APP_JOURNEY_DESC_MAX 4000
#define APP_JOURNEY_DECISION_MAX 4000
#define APP_JOURNEY_ACTION_MAX 1000
#define APP_JOURNEY_STAGES_MAX 20

/* ---- rules (pure: unit-tested without a database) ---- */

struct app_stage_in {
	const char *name;
	const char *description;
	bool is_review;
};
/* A stage's name (1..APP_JOURNEY_NAME_MAX, problem on "name") and
 * description (at most APP_JOURNEY_DESC_MAX, "description");
 * ERR_BAD_INPUT when there are problems. */
enum err app_journey_stage_check(const struct app_stage_in *in, struct app_problems *ps);

/* Who an action point is for, from what was chosen: "me", "other",
 * "mentor", "mentee", or the user id (decimal) of the mentor or the
 * mentee.  `actor` is who is choosing (LC_MENTOR or LC_MENTEE).
 * ERR_BAD_INPUT for anything else: the owner must be one of the pair. */
enum err app_journey_owner(const struct db_relationship *r, enum lc_actor actor,
    const char *owner, int64_t *owner_id);

/* A due date: "" or a real "YYYY-MM-DD" that is not before `today`
 * (unless it is `kept`, the date the action point already had: editing
 * an overdue point need not move its date).  NULL when fine, else the
 * sentence. */
const char *app_journey_due_problem(const char *due, const char *today, const char *kept);

/* Open, with a due date before today. */
bool app_journey_is_overdue(const struct db_journey_action *x, const char *today);

/* "Due today", "1 day overdue", "3 days overdue", "Due in 2 days", ""
 * for no date: the progress review says overdue in words. */
const char *app_journey_due_words(struct arena *a, const char *due, const char *today);

/* Today in the scheme's time zone ("YYYY-MM-DD"). */
void app_journey_today(const struct db_scheme_settings *st, char out[11]);

/* ---- administration of stages ---- */

struct app_journey_scheme {
	struct db_scheme scheme;
	struct db_journey_stage *stages;   /* in order, with their use counts */
	size_t n;
};
enum err app_journey_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_journey_scheme *out);
/* One stage for its edit form. */
enum err app_journey_stage(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, struct db_journey_stage *out);
/* At most APP_JOURNEY_STAGES_MAX stages (problem on "name"); flagging
 * one as the review stage takes the flag from any other. */
enum err app_journey_stage_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_stage_in *in, const char *ip,
    struct app_problems *ps, int64_t *id);
enum err app_journey_stage_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, const struct app_stage_in *in, const char *ip,
    struct app_problems *ps);
/* Swap with the neighbour above (up) or below; the first stage moved up
 * or the last moved down stays where it is (ERR_OK). */
enum err app_journey_stage_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, bool up, const char *ip);
/* ERR_CONFLICT with the sentence (field "") while any pair has a
 * decision or action point at it or is at it. */
enum err app_journey_stage_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, const char *ip, struct app_problems *ps);

/* ---- a relationship's journey ---- */

struct app_journey {
	struct app_relationship rel;
	struct db_scheme_settings settings;
	bool is_party;
	bool can_write;                    /* a party, and the relationship is live */
	bool can_open;                     /* the content below was loaded */
	bool admin_may_open;               /* an administrator, under the rule */
	struct db_journey_counts counts;   /* always */
	struct db_journey_stage *stages;   /* always: the scheme's, in order */
	size_t nstages;
	int64_t current_stage_id;          /* 0: not chosen (content only) */
	struct db_journey_decision *decisions;   /* oldest first */
	size_t ndecisions;
	struct db_journey_action *actions; /* all, oldest first; the review: open
	                                      ones by due date */
	size_t nactions;
	char today[11];                    /* the scheme's today */
};

/* For the relationship page: the stages and counts for anyone who may
 * see the relationship; the content for the pair only (an administrator
 * opens it through app_journey_open, which audits).  ERR_NOT_FOUND as
 * the guard. */
enum err app_journey_summary(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, struct app_journey *out);

/* The journey page (review false) or the progress review (review true:
 * open action points by due date, and every decision).  The pair; an
 * administrator when the scheme's rule lets them (audited, in its own
 * transaction), else ERR_FORBIDDEN; ERR_NOT_FOUND for anyone else. */
enum err app_journey_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, bool review, const char *ip, struct app_journey *out);

/* The stage the pair is at: one of the scheme's stages ("stage_id"). */
enum err app_journey_set_stage(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t stage_id, struct app_problems *ps);

struct app_decision_in {
	int64_t stage_id;                  /* one of the scheme's stages ("stage_id") */
	const char *text;                  /* 1..APP_JOURNEY_DECISION_MAX ("text") */
};
enum err app_journey_decision_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const struct app_decision_in *in, struct app_problems *ps,
    int64_t *id);
/* A decision me may change (its author, relationship live), with its
 * relationship, for the edit form. */
enum err app_journey_decision_for_edit(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, struct db_journey_decision *out,
    struct app_journey *j, struct app_problems *ps);
enum err app_journey_decision_update(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, const struct app_decision_in *in,
    struct app_problems *ps, int64_t *rel_id);
enum err app_journey_decision_delete(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, struct app_problems *ps, int64_t *rel_id);

struct app_action_in {
	int64_t stage_id;                  /* "stage_id" */
	const char *text;                  /* 1..APP_JOURNEY_ACTION_MAX ("text") */
	const char *owner;                 /* app_journey_owner ("owner") */
	const char *due;                   /* app_journey_due_problem ("due") */
};
enum err app_journey_action_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const struct app_action_in *in, struct app_problems *ps,
    int64_t *id);
enum err app_journey_action_for_edit(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, struct db_journey_action *out,
    struct app_journey *j, struct app_problems *ps);
enum err app_journey_action_update(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, const struct app_action_in *in,
    struct app_problems *ps, int64_t *rel_id);
/* Either party marks it done (done_by me) or open again. */
enum err app_journey_action_done(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool done, struct app_problems *ps, int64_t *rel_id);
enum err app_journey_action_delete(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, struct app_problems *ps, int64_t *rel_id);

#endif
