/*
 * evaluations.h - evaluations to answer: triggers, the daily job,
 * answering, deferring and sharing (EVAL-2, EVAL-3, EVAL-4, EVAL-6).
 *
 * The contracts other modules call are first; their owner documents
 * the rest below.
 */
#ifndef TANDEM_APP_EVALUATIONS_H
#define TANDEM_APP_EVALUATIONS_H

#include "app/evalforms.h"

/* Inside app_relationship_complete's transaction (REL-4, EVAL-2): create
 * the evaluations that completion makes due for the relationship's
 * mentee and mentor (the scheme's active forms that trigger on
 * completion), each emailed (eval.due). */
enum err app_eval_relationship_completed_tx(struct db *db, struct arena *a, int64_t rel_id,
    int64_t now);

/* EVAL-3: after `me` marked relationship rel_id complete, the mentor's
 * evaluation it made due, to go straight to: *eval_id 0 when there is
 * none (the scheme asks none of mentors, or me is not the mentor). */
enum err app_eval_after_complete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t *eval_id);

/* EVAL-6: inside the caller's transaction (the builder opening the
 * annual review form f for its period): an evaluation for every
 * approved participant of f's scheme who is asked (f->respondent), due
 * now, closing at the end of f->closes_on in the scheme's time zone,
 * each emailed.  *created: how many were new. */
enum err app_eval_open_annual_tx(struct db *db, struct arena *a, const struct db_evalform *f,
    int64_t now, size_t *created);

/* The daily job (jobs/evaluations.c): create evaluations due by offsets
 * and for people who joined during an open annual review, and send the
 * one reminder to those unanswered for APP_EVAL_REMIND_DAYS. */
struct app_eval_tick {
	size_t created;
	size_t reminded;
	size_t failed;
};
enum err app_evaluations_tick(struct db *db, int64_t now, struct app_eval_tick *r);

/* Declared by their owner below this line. */

#endif
