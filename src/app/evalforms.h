/*
 * evalforms.h - evaluation forms (EVAL-1, EVAL-2, EVAL-6; seeds 000
 * "Evaluation of mentoring relationships", 003 "Quality Assurance",
 * 004 "Evaluation of the Service").
 *
 * A form belongs to one scheme.  It is either a relationship form
 * (answered by the mentee or the mentor of each relationship, on
 * completion or N days after the start, before the estimated end or
 * after the end) or the annual review (answered by the scheme's
 * participants during a period an administrator opens).  Its questions
 * are versioned: changing a form whose current version has responses
 * first copies that version to a new one, so responses stay with the
 * questions they answered.
 *
 * The first part of this header is shared by the three evaluation
 * modules (forms, evaluations, results) and implemented here; the
 * builder's functions follow it.
 */
#ifndef TANDEM_APP_EVALFORMS_H
#define TANDEM_APP_EVALFORMS_H

#include "app/account.h"
#include "db/evalforms.h"

#define APP_EVAL_WINDOW_DAYS 28       /* an evaluation can be answered for four
                                         weeks after it became due (EVAL-3) */
#define APP_EVAL_REMIND_DAYS 7        /* the one reminder (EVAL-2) */
#define APP_EVAL_MIN_MENTEES 3        /* a mentor sees feedback only in
                                         aggregate across this many (EVAL-5) */
#define APP_EVAL_TITLE_MAX 200        /* characters */
#define APP_EVAL_INTRO_MAX 4000
#define APP_EVAL_PROMPT_MAX 500
#define APP_EVAL_HINT_MAX 1000
#define APP_EVAL_OPTIONS_MAX 20       /* single and multiple choice */
#define APP_EVAL_OPTION_MAX 200       /* characters per option label */
#define APP_EVAL_TEXT_MAX 4000        /* the longest a text answer may be allowed */
#define APP_EVAL_QUESTIONS_MAX 50

/* ---- shared (pure) ---- */

/* The kinds of question, as stored. */
bool app_evalq_kind_valid(const char *kind);
/* "Rating scale (1 to 5)", "Single choice", "Multiple choice", "Yes or
 * no", "Free text" ("" for anything else). */
const char *app_evalq_kind_words(const char *kind);

/* A question's answer options, in order, each trimmed, empty lines
 * dropped: the five rating labels, the choice labels, or for yes_no
 * "Yes", "No".  Text questions have none (*n 0).  Option k (from 1) is
 * labels[k - 1], which is what eval_answers.option stores. */
void app_evalq_labels(struct arena *a, const struct db_evalquestion *q,
    const char ***labels, size_t *n);

/* When a form is asked, in words: "When the relationship is completed",
 * "30 days after the relationship starts", "14 days before the
 * estimated end", "90 days after the relationship ends", "Annual
 * review". */
const char *app_evalform_when_words(struct arena *a, const struct db_evalform *f);
/* "Mentees", "Mentors", "Every participant". */
const char *app_evalform_who_words(const char *respondent);

/* A form with the questions of one version. */
struct app_evalform_full {
	struct db_evalform form;
	struct db_evalversion version;
	struct db_evalquestion *q;
	size_t nq;
};
/* Read a form and the questions of version_id (0: the current
 * version).  No access check: callers decide who may see it first.
 * ERR_NOT_FOUND for no such form, or a version of another form. */
enum err app_evalform_load(struct db *db, struct arena *a, int64_t form_id,
    int64_t version_id, struct app_evalform_full *out);

/* ---- the form builder (administrators of the form's scheme) ---- */
/* Declared by their owner below this line. */

#endif
