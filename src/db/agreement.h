/*
 * agreement.h - storage of mentoring agreements (REL-8): the versions of
 * a relationship's agreement (draft, agreed, superseded), the two
 * confirmations, and the review bookkeeping the daily job and the home
 * page read.  The states are described in sql/migrations/0009-agreement.sql.
 *
 * Conventions as db.h: strings copied into the caller's arena; writes
 * inside the caller's transaction.  Changes are compare-and-set on the
 * status (and the draft's revision) they expect: "no row changed" is
 * ERR_CONFLICT.  Who may read or change an agreement is app's decision
 * (app/agreement.c).
 */
#ifndef TANDEM_DB_AGREEMENT_H
#define TANDEM_DB_AGREEMENT_H

#include "db/db.h"

/* The free-text answers, in the order of AGREEMENT_TEXT (agreement.def)
 * and of app/agreement.c's field table. */
#define DB_AGREEMENT_NTEXT 17

struct db_agreement {
	int64_t id;
	int64_t relationship_id;
	int64_t version;               /* 1, 2 ... per relationship */
	const char *status;            /* draft, agreed, superseded */
	int64_t revision;              /* +1 on every change of a draft */
	bool ethics_shared;            /* the mentor shared a code of ethics */
	int64_t drafted_by, updated_by;      /* 0: none or account gone */
	int64_t mentor_confirmed_at, mentee_confirmed_at;   /* 0: not yet */
	int64_t agreed_at;             /* 0 while a draft */
	int64_t review_from_at, review_due_at, remind_at, reminded_at;
	int64_t reviewed_at, reviewed_by;
	int64_t created_at, updated_at;
	const char *drafted_by_name, *updated_by_name, *reviewed_by_name;
	const char *text[DB_AGREEMENT_NTEXT];
};

/* Every version of a relationship's agreement, newest first. */
enum err db_agreements_of_rel(struct db *db, struct arena *a, int64_t relationship_id,
    struct db_agreement **out, size_t *n);
/* One version; ERR_NOT_FOUND when there is none. */
enum err db_agreement_by_version(struct db *db, struct arena *a, int64_t relationship_id,
    int64_t version, struct db_agreement *out);

/* A new draft: relationship_id, version, ethics_shared, text[] from ag;
 * drafted and updated by `by`.  ERR_CONFLICT when the relationship
 * already has a draft or that version. */
enum err db_agreement_add(struct db *db, const struct db_agreement *ag, int64_t by,
    int64_t now, int64_t *id);
/* Change draft ag->id at revision ag->revision to ag's texts and
 * ethics_shared: revision + 1, confirmations cleared.  ERR_CONFLICT when
 * it is no longer that draft at that revision. */
enum err db_agreement_update(struct db *db, const struct db_agreement *ag, int64_t by,
    int64_t now);
/* `role` ("mentor" or "mentee") confirms draft id at `revision`;
 * ERR_CONFLICT as db_agreement_update. */
enum err db_agreement_confirm(struct db *db, int64_t id, int64_t revision, const char *role,
    int64_t now);
/* The relationship's current agreement (if any) becomes superseded. */
enum err db_agreement_supersede(struct db *db, int64_t relationship_id, int64_t now);
/* Both have confirmed draft id: agreed at now, review due at due_at.
 * ERR_CONFLICT unless it is a draft with both confirmations. */
enum err db_agreement_agree(struct db *db, int64_t id, int64_t now, int64_t due_at);
/* "Reviewed, no changes" of the agreed row id by `by`: the review clock
 * restarts at now, next due at due_at.  ERR_CONFLICT unless agreed. */
enum err db_agreement_reviewed(struct db *db, int64_t id, int64_t by, int64_t now,
    int64_t due_at);

/* ---- the review job ---- */

struct db_agreement_due {
	int64_t id, relationship_id, scheme_id, mentor_id, mentee_id;
	int64_t review_from_at, review_due_at, remind_at, version;
	const char *mentor_name, *mentee_name;
};
/* Agreed rows of live relationships whose reminder is due at `now`,
 * by scheme, then oldest first, at most `limit`. */
enum err db_agreements_due(struct db *db, struct arena *a, int64_t now, int64_t limit,
    struct db_agreement_due **out, size_t *n);
/* The reminder for remind_at `was` went at now; the next at `next`.
 * ERR_CONFLICT when another run got there first. */
enum err db_agreement_reminded(struct db *db, int64_t id, int64_t was, int64_t now,
    int64_t next);
/* Clear due reminders of relationships that are no longer live. */
enum err db_agreements_drop_ended(struct db *db, int64_t now);

/* ---- the home page ---- */

struct db_agreement_home {
	int64_t relationship_id;
	const char *status;            /* draft (to confirm) or agreed (review due) */
	int64_t version;
	int64_t mentor_confirmed_at, mentee_confirmed_at;
	int64_t review_due_at;
	int64_t updated_by;
	const char *other_name;
};
/* For `user_id` as `role` ("mentor" or "mentee") in the scheme: drafts
 * they have not confirmed and agreements due for review at `now`, of
 * their live relationships. */
enum err db_agreement_home(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, int64_t user_id, int64_t now, struct db_agreement_home **out,
    size_t *n);

#endif
