/*
 * evalforms.h - storage of a scheme's evaluation forms, their versions
 * and questions (EVAL-1, EVAL-2, EVAL-6).  Schema: migration 0015.
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a form is decided in
 * app/evalforms.c, never here.
 *
 * The reads below are shared: app/evaluations.c renders and checks a
 * form's questions from them and app/evalresults.c labels its counts.
 */
#ifndef TANDEM_DB_EVALFORMS_H
#define TANDEM_DB_EVALFORMS_H

#include "db/db.h"

struct db_evalform {
	int64_t id;
	int64_t scheme_id;
	const char *title;
	const char *intro;             /* plain text shown above the questions */
	const char *kind;              /* relationship, annual */
	const char *respondent;        /* mentee, mentor, everyone (annual only) */
	const char *trigger_on;        /* completion, after_start, before_end,
	                                  after_end, annual */
	int64_t trigger_days;
	const char *status;            /* draft, active, closed */
	int64_t active_since;          /* UTC seconds; 0 never active */
	const char *opens_on;          /* annual: YYYY-MM-DD or "" */
	const char *closes_on;
	int64_t created_by;            /* 0: gone, or the demo */
	int64_t created_at;
	int64_t updated_at;
	int64_t version;               /* the current (highest) version number */
	int64_t version_id;            /* and its row id */
	int64_t responses;             /* responses to every version */
};

struct db_evalquestion {
	int64_t id;
	int64_t version_id;
	int64_t position;              /* 1, 2, ... */
	const char *kind;              /* rating, single, multiple, yes_no, text */
	const char *prompt;
	const char *hint;
	bool is_required;
	const char *options;           /* labels one per line (rating: five,
	                                  lowest first; single/multiple: 2-20) */
	int64_t max_length;            /* text: characters, 1-4000 */
};

struct db_evalversion {
	int64_t id;
	int64_t form_id;
	int64_t version;
	int64_t created_at;
	int64_t responses;             /* responses to this version */
};

/* One form with its current version and response count. */
enum err db_evalform_get(struct db *db, struct arena *a, int64_t id, struct db_evalform *out);
/* Every form of a scheme, newest first, with the same columns. */
enum err db_evalforms_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_evalform **out, size_t *n);
/* The active relationship forms of every scheme that trigger on
 * `trigger_on` ("completion", "after_start", ...), for the triggers;
 * scheme_id 0 for every scheme. */
enum err db_evalforms_active(struct db *db, struct arena *a, int64_t scheme_id,
    const char *trigger_on, struct db_evalform **out, size_t *n);
/* A form's versions, oldest first, each with its response count. */
enum err db_evalversions_of_form(struct db *db, struct arena *a, int64_t form_id,
    struct db_evalversion **out, size_t *n);
/* One version by row id. */
enum err db_evalversion_get(struct db *db, struct arena *a, int64_t version_id,
    struct db_evalversion *out);
/* A version's questions in order. */
enum err db_evalquestions_of_version(struct db *db, struct arena *a, int64_t version_id,
    struct db_evalquestion **out, size_t *n);

/* ---- writes (app/evalforms.c; the demo uses the three adds) ---- */

/* scheme_id, title, intro, kind, respondent, trigger_on, trigger_days,
 * status, active_since, opens_on, closes_on, created_by from f. */
enum err db_evalform_add(struct db *db, const struct db_evalform *f, int64_t now, int64_t *id);
/* Version number `version` of a form. */
enum err db_evalversion_add(struct db *db, int64_t form_id, int64_t version, int64_t created_by,
    int64_t now, int64_t *id);
/* version_id, position, kind, prompt, hint, is_required, options,
 * max_length from q. */
enum err db_evalquestion_add(struct db *db, const struct db_evalquestion *q, int64_t *id);

/* Declared by their owner below this line. */

/* ---- the form builder's writes (app/evalforms.c), inside the caller's
 * transaction ---- */

/* title, intro, respondent, trigger_on, trigger_days of f (by f->id). */
enum err db_evalform_update(struct db *db, const struct db_evalform *f, int64_t now);
/* status, active_since, opens_on, closes_on of f (by f->id). */
enum err db_evalform_set_status(struct db *db, const struct db_evalform *f, int64_t now);
/* updated_at only (a question changed). */
enum err db_evalform_touch(struct db *db, int64_t id, int64_t now);
/* The form with its versions and questions (the caller checked that no
 * evaluation was ever issued for it). */
enum err db_evalform_delete(struct db *db, int64_t id);
/* The form's unanswered evaluations still open at `now` close at now
 * (or just after their due_at, which the CHECK needs): *n how many. */
enum err db_evalform_end_unanswered(struct db *db, int64_t id, int64_t now, int64_t *n);

/* How many evaluations were ever issued for the form. */
enum err db_evalform_issued(struct db *db, int64_t id, int64_t *n);
/* One question and the form its version belongs to. */
enum err db_evalquestion_get(struct db *db, struct arena *a, int64_t id,
    struct db_evalquestion *out, int64_t *form_id);
/* prompt, hint, is_required, options, max_length of q (by q->id). */
enum err db_evalquestion_update(struct db *db, const struct db_evalquestion *q);
/* Remove question id at `position` of version_id and close the gap. */
enum err db_evalquestion_delete(struct db *db, int64_t id, int64_t version_id,
    int64_t position);
/* Swap the positions of two questions of one version. */
enum err db_evalquestions_swap(struct db *db, const struct db_evalquestion *x,
    const struct db_evalquestion *y);
/* Copy every question of version `from` into version `to`, same
 * positions (a new version before a change, EVAL-1). */
enum err db_evalquestions_copy(struct db *db, int64_t from, int64_t to);

#endif
