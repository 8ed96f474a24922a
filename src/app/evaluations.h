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

/*
 * Answering, deferring and sharing (EVAL-2, EVAL-3, EVAL-4).
 *
 * Who sees an evaluation: its owner (the person asked) always; the
 * mentee of the relationship, read-only, when it is their mentor's
 * evaluation of it, answered and shared; nobody else (ERR_NOT_FOUND, the
 * same as one that does not exist; administrators read responses on
 * the results pages instead).  An evaluation of a form still in draft
 * is not found.  It can be answered while unanswered and now <
 * closes_at: APP_EVAL_WINDOW_DAYS after it became due (the annual
 * review: the end of its closing day in the scheme's time zone).  A form
 * closed by its administrator stops creating evaluations; those already
 * asked stay answerable until they close.
 */
#include "app/app.h"
#include "db/evaluations.h"

#define APP_EVAL_ANSWERED "You have already answered this evaluation"
#define APP_EVAL_CHANGED "The questions have changed since you opened this page. " \
	"Check your answers and send them again."
/* The field APP_EVAL_CHANGED is reported on: the page's anchor at the
 * first question (the error summary links there). */
#define APP_EVAL_FIELD_QUESTIONS "questions"

/* An evaluation as its page shows it. */
struct app_eval_page {
	struct db_evaluation e;
	struct app_evalform_full form; /* unanswered: the current version;
	                                  answered: the version answered */
	struct db_eval_answer *answers;/* answered: the answers given */
	size_t nanswers;
	const char *time_zone;         /* the scheme's */
	bool is_mine;                  /* me was asked it */
	bool is_open;                  /* mine, unanswered, not closed */
	bool is_closed;                /* unanswered and past closes_at */
	bool can_share;                /* a mentor's evaluation of a relationship */
	bool is_shared_view;           /* the mentee reading the mentor's shared answers */
	/* app_eval_answer refused: the values to show again, named for the
	 * questions in form (carried over when the questions changed) */
	const struct app_eval_value *typed;
	size_t ntyped;
};
enum err app_eval_page(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_eval_page *out);

/* One submitted input: "q12" and its value (a question's field is "q"
 * and its id; multiple choice repeats the name). */
struct app_eval_value {
	const char *name;
	const char *value;
};
/* One answer row to store. */
struct app_eval_answer_in {
	int64_t question_id;
	int64_t option;
	const char *text;
};
/* Check values against the questions (pure): rating 1-5, single one of
 * its options, multiple each an option with no repeats, yes_no "yes" or
 * "no", text trimmed and at most max_length characters; required ones
 * answered.  Problems per question field ("q12"), naming the question;
 * an input for no question of this version: field
 * APP_EVAL_FIELD_QUESTIONS, APP_EVAL_CHANGED.
 * *out the rows to store (unanswered optional questions have none). */
enum err app_eval_check(struct arena *a, const struct db_evalquestion *q, size_t nq,
    const struct app_eval_value *v, size_t nv, struct app_problems *ps,
    struct app_eval_answer_in **out, size_t *nout);

/* A key of the questions f shows (version, ids, wording, options,
 * limits): the page sends it back as "seen" to tell whether they changed
 * while it was open. */
const char *app_eval_questions_key(struct arena *a, const struct app_evalform_full *f);

/* Answer evaluation id (mine, open): inside one transaction, the form's
 * CURRENT questions are read and the values checked against them, the
 * response stored with that version's id and every answer, and
 * answered_at set.  seen: the app_eval_questions_key of the page the
 * person answered (NULL or "": not checked); when it differs, or a value
 * names no current question, ERR_BAD_INPUT with APP_EVAL_CHANGED on
 * APP_EVAL_FIELD_QUESTIONS, page->form the new questions and page->typed
 * what was typed for those that remain.  share: a mentor's relationship
 * evaluation shared with the mentee at once (emailed, eval.shared).
 * ERR_NOT_FOUND; ERR_CONFLICT (APP_EVAL_ANSWERED, or closed: the
 * sentence in *ps); ERR_BAD_INPUT with *ps.  *page is loaded whenever
 * the evaluation is mine (to show the form again, with page->typed). */
enum err app_eval_answer(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_eval_value *v, size_t nv, const char *seen, bool share,
    const char *ip, struct app_problems *ps, struct app_eval_page *page);

/* EVAL-3: "do this later": mine, unanswered and open; deferred_at set
 * (the evaluation stays until it closes and is still reminded).
 * ERR_NOT_FOUND; ERR_CONFLICT (answered or closed, *ps says). */
enum err app_eval_defer(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_problems *ps, struct app_eval_page *page);

/* EVAL-4: the mentor shares (or stops sharing) their answered
 * relationship evaluation with the mentee; the first share emails the
 * mentee (eval.shared), audited each time.  ERR_NOT_FOUND unless mine;
 * ERR_CONFLICT when it cannot be shared (not a mentor's relationship
 * evaluation, or not answered yet). */
enum err app_eval_share(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool shared, const char *ip, struct app_problems *ps);

/* My evaluations in the active view's scheme (every role), open first;
 * and, when with_shared and a mentee view, the mentors' responses shared
 * with me (the Evaluations page; the home page does not read them).
 * Nothing for an administrator view. */
struct app_eval_mine {
	struct db_evaluation *rows;
	size_t n;
	struct db_evaluation *shared;
	size_t nshared;
	const char *time_zone;
};
enum err app_evals_mine(struct db *db, struct arena *a, const struct app_auth *me,
    bool with_shared, struct app_eval_mine *out);

/* The evaluations of relationship rel that me may see on its page: my
 * own of it, and (mentee) the mentor's shared one.  None for
 * administrators. */
enum err app_evals_of_rel(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, struct db_evaluation **out, size_t *n);

/* Is e answerable at now? */
bool app_eval_is_open(const struct db_evaluation *e, int64_t now);
/* The last day it can be answered, "24 December 2026", in zone. */
const char *app_eval_until_words(struct arena *a, const char *zone, int64_t closes_at);
/* What e is about, from viewer_id's side: "Your mentoring with Chidi
 * Okafor" (their own), "Sarah Mitchell's evaluation of your mentoring"
 * (the mentee reading the mentor's shared one), "Annual review of
 * SCHEME". */
const char *app_eval_about(struct arena *a, const struct db_evaluation *e, int64_t viewer_id);

#endif
