/*
 * evalresults.h - the reads behind evaluation results (EVAL-4, EVAL-5):
 * an administrator's counts, distributions, text answers and list of
 * responses for one version of a form with filters, the answers for the
 * CSV, one response, and a mentor's aggregate feedback.  Schema:
 * migration 0015.
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_DB; strings copied
 * into the caller's arena.  Every list is one query (no query per
 * question or per response).  Who may see what is decided in
 * app/evalresults.c, never here.
 */
#ifndef TANDEM_DB_EVALRESULTS_H
#define TANDEM_DB_EVALRESULTS_H

#include "db/evalforms.h"

/* The administrator's filters: evaluations due in [from_at, to_at), of
 * relationships with mentor_id (0: any). */
struct db_evalres_filter {
	int64_t from_at;
	int64_t to_at;
	int64_t mentor_id;
};

struct db_evalres_counts {
	int64_t issued;                /* evaluations of the form in the range */
	int64_t answered;              /* of those, answered (any version) */
	int64_t answered_version;      /* answered with the version shown */
};

/* One count: question_id, option (1..20; -1 the responses that answered
 * the question; -2 with question 0: mentees counted), n. */
struct db_evalres_count {
	int64_t version_id;            /* the feedback query only */
	int64_t question_id;
	int64_t option;
	int64_t n;
};

struct db_evalres_text {
	int64_t question_id;
	int64_t response_id;
	const char *text;
	int64_t submitted_at;
	const char *name;              /* the respondent */
	int64_t total;                 /* text answers to this question in all */
};

/* A response with who answered and which relationship. */
struct db_evalres_row {
	int64_t id;                    /* eval_responses.id */
	int64_t evaluation_id;
	int64_t version_id;
	int64_t submitted_at;
	bool is_shared;
	int64_t form_id;
	int64_t user_id;               /* the respondent */
	const char *name;
	const char *role;              /* mentor, mentee */
	const char *occasion;
	int64_t due_at;
	int64_t relationship_id;       /* 0: annual review */
	int64_t mentor_id;
	const char *mentor_name;       /* "" for the annual review */
	int64_t mentee_id;
	const char *mentee_name;
	int64_t scheme_id;             /* the form's (db_evalres_get only) */
};

struct db_evalres_answer {
	int64_t response_id;
	int64_t question_id;
	int64_t option;                /* 0: text */
	const char *text;
};

struct db_evalres_person {
	int64_t id;
	const char *name;
};

enum err db_evalres_counts(struct db *db, int64_t form_id, int64_t version_id,
    const struct db_evalres_filter *fl, struct db_evalres_counts *out);
/* Distributions of version_id's closed questions, by question and option. */
enum err db_evalres_dist(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, struct db_evalres_count **out, size_t *n);
/* Text answers, newest first, at most `cap` per question. */
enum err db_evalres_texts(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, int64_t cap, struct db_evalres_text **out,
    size_t *n);
/* Responses to version_id, oldest first, `limit` from `offset`; *total
 * how many there are in all. */
enum err db_evalres_list(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, int64_t limit, int64_t offset,
    struct db_evalres_row **out, size_t *n, int64_t *total);
/* Every answer of the same responses, in the list's order, then by
 * question position and option. */
enum err db_evalres_answers(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, struct db_evalres_answer **out, size_t *n);
/* The mentors of the relationships form_id was asked about, by name. */
enum err db_evalres_mentors(struct db *db, struct arena *a, int64_t form_id,
    struct db_evalres_person **out, size_t *n);
/* One response (out->scheme_id is its form's scheme); ERR_NOT_FOUND. */
enum err db_evalres_get(struct db *db, struct arena *a, int64_t response_id,
    struct db_evalres_row *out);
/* Its answers by question position and option. */
enum err db_evalres_answers_of(struct db *db, struct arena *a, int64_t response_id,
    struct db_evalres_answer **out, size_t *n);

/* EVAL-5: the aggregate counts for mentor_id in scheme_id (see
 * EVALRES_FEEDBACK in evalresults.def): only versions with at least
 * `min` mentees, over the first floor(n / min) * min of them. */
enum err db_evalres_feedback(struct db *db, struct arena *a, int64_t mentor_id,
    int64_t scheme_id, int64_t min, struct db_evalres_count **out, size_t *n);
/* The closed questions of every version of the scheme's (not draft)
 * relationship forms answered by mentees, by form, version, position. */
struct db_evalres_fq {
	int64_t form_id;
	const char *title;
	int64_t version;
	struct db_evalquestion q;
};
enum err db_evalres_feedback_questions(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_evalres_fq **out, size_t *n);

#endif
