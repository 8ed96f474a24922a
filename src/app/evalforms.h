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
/* Declared by their owner below this line.
 *
 * Who: the form's scheme's administrators and site administrators
 * (app_is_scheme_admin); anyone else gets ERR_NOT_FOUND for every
 * function, whatever the id (another scheme's forms and questions do
 * not leak).  Every change is one transaction with one audit row
 * (evalform.add, .edit, .question, .status, .open, .close, .delete).
 *
 * Versioning (EVAL-1): any change to the questions (add, edit, move,
 * remove) when the current version has responses first creates version
 * N+1 with a copy of its questions (same positions) and applies the
 * change to the copy, in the same transaction; a form without a version
 * gets version 1 with its first question.  Settings (title, intro,
 * when) change in place; who answers cannot change once any evaluation
 * was issued (problem on "respondent"); the kind never changes.
 *
 * Status: draft -> active (needs a question; active_since = now) ->
 * closed -> active again.  Back to draft only while no evaluation was
 * issued.  The annual review is made active only by opening it for a
 * period (app_evalform_open), and closed early with status "closed"
 * (closes_on = today).  Delete: only a form with no evaluations at all.
 */

#define APP_EVAL_DAYS_MAX 3650
#define APP_EVAL_TEXT_DEFAULT 2000   /* a text question's default limit */
#define APP_EVAL_ANNUAL_MAX_DAYS 365 /* the longest annual review period */

/* The five default rating labels, lowest first. */
extern const char *const app_evalq_default_labels[5];

/* The scheme's evaluation page: every form, newest first. */
struct app_evalforms_page {
	struct db_scheme scheme;
	struct db_evalform *forms;
	size_t n;
	char today[11];               /* the scheme's date (its time zone) */
};
enum err app_evalforms_admin(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_evalforms_page *out);

/* One form for the builder: its current questions, its versions,
 * how many evaluations were issued. */
struct app_evalform_admin {
	struct app_evalform_full f;
	struct db_scheme scheme;
	struct db_evalversion *versions;
	size_t nversions;
	int64_t issued;
	char today[11];
	char open_max[11];            /* today + APP_EVAL_ANNUAL_MAX_DAYS */
	bool is_open;                 /* annual: active and today <= closes_on */
};
enum err app_evalform_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, struct app_evalform_admin *out);

/* A form's settings.  Problems on "title", "intro", "kind", "respondent",
 * "trigger_on", "trigger_days". */
struct app_evalform_in {
	const char *title;
	const char *intro;
	const char *kind;             /* relationship, annual (add only) */
	const char *respondent;       /* mentee, mentor, everyone (annual) */
	const char *trigger_on;       /* completion, after_start, before_end,
	                                 after_end; annual: ignored */
	const char *trigger_days;     /* as typed: "" is 0 for completion,
	                                 required for the offsets */
};
/* The checks alone (pure): the row's settings into *out. */
void app_evalform_check(struct arena *a, const struct app_evalform_in *in,
    struct app_problems *ps, struct db_evalform *out);
/* A new draft form.  ERR_BAD_INPUT with problems. */
enum err app_evalform_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_evalform_in *in, const char *ip,
    struct app_problems *ps, int64_t *id);
/* Change the settings (in->kind ignored: a form keeps its kind). */
enum err app_evalform_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const struct app_evalform_in *in, const char *ip,
    struct app_problems *ps);
/* status "active", "closed" or "draft" (the rules above).  A refusal is
 * ERR_CONFLICT with its sentence in ps (field ""). */
enum err app_evalform_set_status(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const char *status, const char *ip, struct app_problems *ps);
/* EVAL-6: open the annual review until closes_on (YYYY-MM-DD, after
 * today, at most APP_EVAL_ANNUAL_MAX_DAYS ahead; problem on
 * "closes_on"): status active, opens_on today, and every participant
 * asked through app_eval_open_annual_tx in the same transaction
 * (*asked: how many were new).  ERR_CONFLICT (ps field "") for a
 * relationship form, one already open, or one without questions. */
enum err app_evalform_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const char *closes_on, const char *ip, struct app_problems *ps,
    size_t *asked);
/* Delete a form that never issued an evaluation (else ERR_CONFLICT). */
enum err app_evalform_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const char *ip, int64_t *scheme_id);

/* A question as typed.  Problems on "kind", "prompt", "hint",
 * "required", "label_1".."label_5", "options", "max_length". */
struct app_evalq_in {
	const char *kind;             /* rating, single, multiple, yes_no, text */
	const char *prompt;           /* 1-500 characters */
	const char *hint;             /* 0-1000 */
	const char *required;         /* "yes" or "no" */
	const char *labels[5];        /* rating: each 1-200 characters */
	const char *options;          /* single/multiple: one per line, 2-20,
	                                 each 1-200, no duplicates */
	const char *max_length;       /* text: 1-4000, "" the default 2000 */
};
/* The checks alone (pure): the question's columns into *out. */
void app_evalq_check(struct arena *a, const struct app_evalq_in *in,
    struct app_problems *ps, struct db_evalquestion *out);
/* A question and the form it belongs to (for the edit page). */
enum err app_evalq_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, struct db_evalquestion *q, struct db_evalform *form);
/* Add a question at the end of the current version (versioning above).
 * *id: the new question.  ERR_CONFLICT past APP_EVAL_QUESTIONS_MAX. */
enum err app_evalq_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const struct app_evalq_in *in, const char *ip,
    struct app_problems *ps, int64_t *id);
/* Change a question of the current version (in->kind ignored: a
 * question keeps its kind).  A question of an older version: ERR_CONFLICT. */
enum err app_evalq_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, const struct app_evalq_in *in, const char *ip,
    struct app_problems *ps, int64_t *form_id);
/* Move a question one place up (up true) or down; at the end already:
 * nothing changes. */
enum err app_evalq_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, bool up, const char *ip, int64_t *form_id);
/* Remove a question of the current version. */
enum err app_evalq_remove(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, const char *ip, int64_t *form_id);

#endif
