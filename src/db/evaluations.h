/*
 * evaluations.h - storage of evaluations (one person's invitation to
 * answer one form), their responses and answers (EVAL-2, EVAL-3, EVAL-4,
 * EVAL-6).  Schema: migration 0015.
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_CONFLICT (a
 * compare-and-set that changed nothing), ERR_DB; strings copied into the
 * caller's arena; writes inside the caller's transaction.  Who may read
 * or answer is app/evaluations.c's decision, never made here.
 */
#ifndef TANDEM_DB_EVALUATIONS_H
#define TANDEM_DB_EVALUATIONS_H

#include "db/db.h"

/* One evaluation with its form, scheme, relationship and response. */
struct db_evaluation {
	int64_t id, form_id, scheme_id, user_id;
	int64_t relationship_id;       /* 0: the annual review */
	const char *role;              /* mentor, mentee: as whom they answer */
	const char *occasion;          /* completion, after_start:30, annual:2026-11-24 */
	int64_t due_at, closes_at;
	int64_t deferred_at, reminded_at, answered_at;   /* 0: not (yet) */
	int64_t created_at;
	const char *form_title, *form_intro, *form_status, *form_kind;
	const char *scheme_name;
	int64_t mentor_id, mentee_id;  /* the relationship's; 0 annual */
	const char *mentor_name, *mentee_name;   /* "" annual */
	int64_t response_id;           /* 0: unanswered */
	int64_t version_id;            /* the version answered */
	int64_t submitted_at;
	bool shared;                   /* EVAL-4: the mentor shared it with the mentee */
	const char *rel_status;        /* active, completed, ended_early; "" annual */
};

enum err db_eval_get(struct db *db, struct arena *a, int64_t id, struct db_evaluation *out);
/* A person's evaluations in a scheme (forms not in draft), open ones
 * first, soonest closing first. */
enum err db_evals_of_user(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id,
    struct db_evaluation **out, size_t *n);
/* The mentors' responses shared with mentee_id in a scheme, newest first. */
enum err db_evals_shared_with(struct db *db, struct arena *a, int64_t mentee_id,
    int64_t scheme_id, struct db_evaluation **out, size_t *n);
/* Every evaluation of a relationship (forms not in draft). */
enum err db_evals_of_rel(struct db *db, struct arena *a, int64_t rel_id,
    struct db_evaluation **out, size_t *n);

/* One answer row: option (rating 1-5, choice from 1, yes_no 1/2, text 0). */
struct db_eval_answer {
	int64_t question_id;
	int64_t option;
	const char *text;
};
enum err db_eval_answers_of(struct db *db, struct arena *a, int64_t response_id,
    struct db_eval_answer **out, size_t *n);

/* ---- writes ---- */

struct db_eval_new {
	int64_t form_id, scheme_id, user_id;
	int64_t relationship_id;       /* 0: NULL */
	const char *role, *occasion;
	int64_t due_at, closes_at;
};
/* INSERT OR IGNORE against evaluations_once: *id the new row, 0 when it
 * already existed (nothing changed). */
enum err db_eval_insert(struct db *db, const struct db_eval_new *e, int64_t *id);
/* Unanswered and open -> deferred_at = now; ERR_CONFLICT otherwise. */
enum err db_eval_defer(struct db *db, int64_t id, int64_t now);
/* Unanswered and open -> answered at now, with its response row;
 * ERR_CONFLICT when answered meanwhile or closed. */
enum err db_eval_respond(struct db *db, int64_t id, int64_t version_id, bool shared,
    int64_t now, int64_t *response_id);
enum err db_eval_answer_add(struct db *db, int64_t response_id, int64_t question_id,
    int64_t option, const char *text);
enum err db_eval_share_set(struct db *db, int64_t eval_id, bool shared);
/* Has actor ever shared the evaluation `subject` ("evaluation:12")? */
enum err db_eval_ever_shared(struct db *db, int64_t actor_id, const char *subject,
    bool *ever);

/* A candidate the triggers found, or one due a reminder. */
struct db_eval_due {
	int64_t form_id, scheme_id, user_id, relationship_id;
	const char *role, *occasion, *form_title;
	const char *email, *given_name;
	const char *other_name;        /* the other party ("" annual) */
	const char *scheme_name;
	const char *closes_on;         /* annual: YYYY-MM-DD; "" */
	int64_t eval_id, closes_at;    /* reminders */
};
/* Completion of relationship rel_id (EVAL-2, EVAL-3). */
enum err db_eval_due_completion(struct db *db, struct arena *a, int64_t rel_id,
    struct db_eval_due **out, size_t *n);
/* Offsets from the start, before the estimated end and after the end
 * reached by `today` (YYYY-MM-DD, UTC days); after the end no more than
 * window_days ago; at most max. */
enum err db_eval_due_offsets(struct db *db, struct arena *a, const char *today,
    int64_t window_days, size_t max, struct db_eval_due **out, size_t *n);
/* The people an annual form asks (respondent: mentee, mentor, everyone)
 * who have no evaluation for `occasion` yet. */
enum err db_eval_due_annual_form(struct db *db, struct arena *a, int64_t form_id,
    int64_t scheme_id, const char *respondent, const char *occasion, const char *title,
    const char *closes_on, struct db_eval_due **out, size_t *n);
/* The annual review form_id reopened for `occasion` ("annual:<opens_on>"):
 * its unanswered evaluations close at closes_at; *n how many changed. */
enum err db_eval_annual_reclose(struct db *db, int64_t form_id, const char *occasion,
    int64_t closes_at, size_t *n);
/* People who joined while an annual review is open on `today`. */
enum err db_eval_due_annual_joiners(struct db *db, struct arena *a, const char *today,
    size_t max, struct db_eval_due **out, size_t *n);
/* Unanswered, unreminded, open evaluations due at or before due_before,
 * at most max (eval_id, closes_at, relationship_id set). */
enum err db_eval_remind_due(struct db *db, struct arena *a, int64_t now, int64_t due_before,
    size_t max, struct db_eval_due **out, size_t *n);
/* reminded_at = now when still unreminded and unanswered; ERR_CONFLICT
 * otherwise. */
enum err db_eval_mark_reminded(struct db *db, int64_t id, int64_t now);

/* ---- the demo ---- */
enum err db_eval_demo_rel(struct db *db, int64_t scheme_id, int64_t mentor_id,
    int64_t mentee_id, int64_t started_at, int64_t ended_at, const char *end_date,
    const char *comments, int64_t *id);
/* deferred_at and reminded_at (0: NULL) as the demo's story needs. */
enum err db_eval_demo_mark(struct db *db, int64_t id, int64_t deferred_at,
    int64_t reminded_at);

#endif
