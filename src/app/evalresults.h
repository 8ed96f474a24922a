/*
 * evalresults.h - evaluation results for administrators, CSV export,
 * a single response, and a mentor's feedback in aggregate (EVAL-4,
 * EVAL-5; seed 000 "Evaluation of mentoring relationships": the scheme
 * sees feedback identifiably; seed 003 "Quality Assurance": feedback
 * on individual mentors from their mentees).
 *
 * Who sees what:
 *   - results, the CSV and single responses: administrators of the
 *     form's scheme and site administrators (app_is_scheme_admin), who
 *     see every response with the respondent's name; anyone else gets
 *     ERR_NOT_FOUND (a form or response id never leaks).  Opening one
 *     response is audited (evaluation.view), so is each CSV export
 *     (evaluation.export).
 *   - a mentor's feedback: the active mentor view only, and only in
 *     aggregate: the closed questions of forms answered by mentees, over
 *     their OWN mentees, for a version only once at least
 *     APP_EVAL_MIN_MENTEES different mentees answered it.  Then EACH
 *     QUESTION on its own: over the first floor(k / 3) * 3 of the k
 *     different mentees who answered that question, in submission
 *     order, so its numbers change only in steps of three mentees and
 *     one more answer never shows what that mentee said; a question
 *     fewer than 3 answered (an optional one) shows no numbers at all.
 *     Below the threshold nothing is shown, not even how many answered.
 *     Never free text, dates, names or anything per relationship.
 *     Inherent limit: when every counted mentee gives the same answer,
 *     that answer is known (docs/evaluation-results.md says so).
 *
 * The page model is built here (numbers, percentages, bar widths); the
 * SVG charts are drawn by the templates from it (app builds no HTML).
 */
#ifndef TANDEM_APP_EVALRESULTS_H
#define TANDEM_APP_EVALRESULTS_H

#include "app/activity.h"
#include "app/evalforms.h"
#include "db/evalresults.h"

#define APP_EVALRES_TEXTS_SHOWN 20     /* text answers per question on the page */
#define APP_EVALRES_ROWS_SHOWN 100     /* responses listed on the page */
#define APP_EVALRES_CHART_LABEL 32     /* characters of a label inside a chart */

/* One option of a closed question with how many chose it. */
struct app_evalres_bar {
	int64_t option;                /* 1.. as stored */
	const char *label;
	const char *short_label;       /* for the chart: at most
	                                  APP_EVALRES_CHART_LABEL characters */
	int64_t n;
	int64_t percent;               /* of the responses that answered the
	                                  question, rounded; also the bar's width
	                                  in percent of the chart */
};

/* One question's results. */
struct app_evalres_question {
	const struct db_evalquestion *q;
	bool is_text;
	int64_t answered;              /* responses that answered it */
	struct app_evalres_bar *bars;  /* closed questions: every option, in order */
	size_t nbars;
	const char *average;           /* rating: "3.8" ("" when none answered) */
	struct db_evalres_text *texts; /* text: newest first, capped */
	size_t ntexts;
	int64_t texts_total;           /* text answers in all */
};

/* What the administrator asked for: version number (0: current),
 * from/to as typed ("" none), mentor (0: any). */
struct app_evalres_in {
	int64_t form_id;
	int64_t version;
	const char *from;
	const char *to;
	int64_t mentor_id;
};

struct app_evalres {
	struct app_evalform_full f;    /* the form with the version's questions */
	const char *scheme_name;
	const char *tz;                /* the scheme's time zone */
	struct db_evalversion *versions;  /* oldest first */
	size_t nversions;
	struct app_range range;        /* the dates (is_everything: none) */
	int64_t mentor_id;
	const char *mentor_name;       /* "" any */
	struct db_evalres_person *mentors;
	size_t nmentors;
	struct db_evalres_counts counts;
	int64_t rate;                  /* percent of counts.issued answered (with any
	                                  version), -1 when none were issued */
	struct app_evalres_question *q;   /* in position order */
	size_t nq;
	struct db_evalres_row *rows;   /* the first APP_EVALRES_ROWS_SHOWN */
	size_t nrows;
	int64_t total;                 /* responses in all */
	bool has_results;              /* false when the input was bad */
};

/* The results page.  ERR_NOT_FOUND for no such form or version, or a
 * `me` who is not an administrator of its scheme; ERR_BAD_INPUT with
 * problems on "from", "to", "mentor" (out->f, versions and mentors are
 * filled then, for the form to come back, has_results false). */
enum err app_evalres_results(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_evalres_in *in, struct app_evalres *out, struct app_problems *ps);

/* The same responses as CSV (RFC 4180, formula-safe app_csv_cell): one
 * row per response: response, submitted (scheme time, "YYYY-MM-DD
 * HH:MM"), respondent, role, mentor, mentee (empty for the annual
 * review), then one column per question headed "N. prompt": the
 * option's label (multiple: labels joined with "; "), the text as
 * typed, "" unanswered.  Audited (evaluation.export) in its own
 * transaction.  *filename: "evaluation-FORM-vN.csv".  Errors as
 * app_evalres_results. */
enum err app_evalres_csv(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_evalres_in *in, const char *ip, const char **csv, size_t *len,
    const char **filename, struct app_problems *ps);

/* ---- one response (administrators) ---- */

struct app_evalres_item {
	const struct db_evalquestion *q;
	const char **answers;          /* chosen labels (or the text), in order */
	size_t nanswers;
};

struct app_evalres_response {
	struct db_evalres_row r;
	struct app_evalform_full f;    /* with the version answered */
	const char *scheme_name;
	const char *submitted;         /* "24 November 2026 at 14:05", scheme time */
	struct app_evalres_item *items;   /* every question of the version */
	size_t nitems;
};

/* One response, audited (evaluation.view, "eval_response:ID").
 * ERR_NOT_FOUND for no such response or a `me` who is not an
 * administrator of its scheme. */
enum err app_evalres_response(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t response_id, const char *ip, struct app_evalres_response *out);

/* ---- a mentor's feedback (EVAL-5) ---- */

struct app_evalres_fb_version {
	int64_t version;
	int64_t mentees;               /* counted: a multiple of APP_EVAL_MIN_MENTEES */
	struct app_evalres_question *q;   /* closed questions only; answered 0 (no
	                                     bars) when fewer than 3 answered it */
	size_t nq;
};

struct app_evalres_fb_form {
	int64_t form_id;
	const char *title;
	struct app_evalres_fb_version *v; /* versions that reached the threshold, newest first */
	size_t nv;
};

struct app_evalres_feedback {
	int64_t scheme_id;
	const char *scheme_name;
	struct app_evalres_fb_form *forms;   /* the scheme's mentee forms */
	size_t nforms;
};

/* The active view's feedback for `me` as a mentor.  ERR_NOT_FOUND
 * when the active view is not a mentor's. */
enum err app_evalres_feedback(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_evalres_feedback *out);

/* ---- pure helpers (exposed for tests) ---- */

/* "24 November 2026" (with_time: "... at 14:05") at t in the time zone
 * named tz (the scheme's); "" for t <= 0. */
const char *app_evalres_when(struct arena *a, const char *tz, int64_t t, bool with_time);

/* A question's bars from counts (option -1: the number answering),
 * percentages rounded half up, and a rating's average to one decimal. */
void app_evalres_question_fill(struct arena *a, struct app_evalres_question *x,
    const struct db_evalquestion *q, const struct db_evalres_count *c, size_t nc);

#endif
