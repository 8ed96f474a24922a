/*
 * journey.h - storage of the journey / roadmap (NOTE-5): a scheme's
 * ordered stages, each pair's decisions and action points per stage,
 * and the stage a pair says it is at.
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND (also for an update or
 * delete that changed no row), ERR_CONFLICT, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a row is app/journey.c's
 * decision, never this file's.
 */
#ifndef TANDEM_DB_JOURNEY_H
#define TANDEM_DB_JOURNEY_H

#include "db/db.h"

/* ---- stages ---- */

struct db_journey_stage {
	int64_t id;
	int64_t scheme_id;
	int64_t position;          /* ordering only: may have gaps */
	const char *name;
	const char *description;
	bool is_review;            /* the progress review stage (one per scheme) */
	int64_t uses;              /* decisions + action points + pairs at it */
};

/* A scheme's stages in order. */
enum err db_journey_stages(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_journey_stage **out, size_t *n);
enum err db_journey_stage_get(struct db *db, struct arena *a, int64_t id,
    struct db_journey_stage *out);
/* Appended after the scheme's last stage. */
enum err db_journey_stage_add(struct db *db, int64_t scheme_id, const char *name,
    const char *description, bool is_review, int64_t now, int64_t *id);
enum err db_journey_stage_update(struct db *db, int64_t id, const char *name,
    const char *description, bool is_review, int64_t now);
/* Every other stage of the scheme loses its review flag. */
enum err db_journey_stage_clear_review(struct db *db, int64_t scheme_id, int64_t except_id,
    int64_t now);
/* Swap the positions of two stages of one scheme. */
enum err db_journey_stage_swap(struct db *db, const struct db_journey_stage *x,
    const struct db_journey_stage *y, int64_t now);
/* ERR_CONFLICT (a foreign key) when something still names it. */
enum err db_journey_stage_delete(struct db *db, int64_t id);

/* ---- decisions ---- */

struct db_journey_decision {
	int64_t id;
	int64_t relationship_id;
	int64_t stage_id;
	int64_t author_id;
	const char *body;
	int64_t created_at, updated_at;
	const char *author_name;   /* "" when the account is gone */
};

/* A pair's decisions, oldest first. */
enum err db_journey_decisions(struct db *db, struct arena *a, int64_t rel_id,
    struct db_journey_decision **out, size_t *n);
enum err db_journey_decision_get(struct db *db, struct arena *a, int64_t id,
    struct db_journey_decision *out);
enum err db_journey_decision_add(struct db *db, int64_t rel_id, int64_t stage_id,
    int64_t author_id, const char *body, int64_t now, int64_t *id);
enum err db_journey_decision_update(struct db *db, int64_t id, int64_t stage_id,
    const char *body, int64_t now);
enum err db_journey_decision_delete(struct db *db, int64_t id);

/* ---- action points ---- */

struct db_journey_action {
	int64_t id;
	int64_t relationship_id;
	int64_t stage_id;
	const char *body;
	int64_t owner_id;          /* the mentor or the mentee */
	const char *due;           /* YYYY-MM-DD or "" */
	int64_t done_at;           /* 0: open */
	int64_t done_by;           /* 0: open, or the account is gone */
	int64_t created_by;
	int64_t created_at, updated_at;
	const char *owner_name;
	const char *done_by_name;
	const char *stage_name;
};

/* A pair's action points, oldest first. */
enum err db_journey_actions(struct db *db, struct arena *a, int64_t rel_id,
    struct db_journey_action **out, size_t *n);
/* The open ones for a progress review: by due date, undated last. */
enum err db_journey_actions_open(struct db *db, struct arena *a, int64_t rel_id,
    struct db_journey_action **out, size_t *n);
enum err db_journey_action_get(struct db *db, struct arena *a, int64_t id,
    struct db_journey_action *out);
/* relationship_id, stage_id, body, owner_id, due, created_by from x. */
enum err db_journey_action_add(struct db *db, const struct db_journey_action *x,
    int64_t now, int64_t *id);
/* stage_id, body, owner_id, due from x (by x->id). */
enum err db_journey_action_update(struct db *db, const struct db_journey_action *x,
    int64_t now);
/* done_by 0: mark it open again. */
enum err db_journey_action_set_done(struct db *db, int64_t id, int64_t done_by,
    int64_t now);
enum err db_journey_action_delete(struct db *db, int64_t id);

/* ---- counts and the current stage ---- */

struct db_journey_counts {
	int64_t decisions;
	int64_t actions;
	int64_t open_actions;
};
enum err db_journey_counts(struct db *db, int64_t rel_id, struct db_journey_counts *out);

/* The stage a pair is at: *stage_id 0 when none was chosen. */
enum err db_journey_current_get(struct db *db, int64_t rel_id, int64_t *stage_id);
enum err db_journey_current_set(struct db *db, int64_t rel_id, int64_t stage_id,
    int64_t set_by, int64_t now);

#endif
