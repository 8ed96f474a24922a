/*
 * requests.h - storage of match requests and proposals (app/request.c):
 * inserting them, one with both people's names, the mentor's and the
 * mentee's lists, the counts the rules and the menu badge need, and the
 * compare-and-set moves a decision, a resubmission and a withdrawal make.
 *
 * Conventions as db.h; writes inside the caller's transaction.  Who may
 * see or change a row is app's decision.  Moves shared with relationships
 * and the deadline job (db_req_move, db_req_send) are in db/pairing.h.
 */
#ifndef TANDEM_DB_REQUESTS_H
#define TANDEM_DB_REQUESTS_H

#include "db/pairing.h"

struct db_request {
	int64_t id, scheme_id, mentee_id, mentor_id;
	const char *kind;             /* request, proposal */
	const char *status;           /* queued, new, waiting, amend, approved ... */
	const char *message;          /* the mentee's message */
	const char *response;         /* the mentor's comment, reason or request to amend */
	const char *closed_reason;    /* "", mentee, matched, inactive */
	int64_t score;                /* proposals: the match score then; 0 otherwise */
	int64_t rank_group, rank;     /* ranked (REQ-13); 0 when not */
	const char *first_session;    /* "YYYY-MM-DDTHH:MM" or "" */
	int64_t relationship_id;      /* approved: the relationship; else 0 */
	int64_t created_at, submitted_at, deadline_at, decided_at;   /* 0: none */
	const char *mentee_name, *mentor_name;
};

struct db_request_new {
	int64_t scheme_id, mentee_id, mentor_id;
	const char *kind;             /* request, proposal */
	const char *status;           /* new, queued */
	const char *message;
	int64_t score;                /* 0: none */
	int64_t submitted_at, deadline_at;   /* 0: none (queued) */
};
/* ERR_CONFLICT when the pair already has an open request (the partial
 * unique index of REQ-12). */
enum err db_request_insert(struct db *db, const struct db_request_new *r, int64_t now,
    int64_t *id);
enum err db_request_set_rank(struct db *db, int64_t id, int64_t group, int64_t rank);
enum err db_request_get(struct db *db, struct arena *a, int64_t id, struct db_request *out);
/* The mentor's open requests in the scheme: new (oldest first), waiting,
 * amend. */
enum err db_requests_of_mentor(struct db *db, struct arena *a, int64_t mentor_id,
    int64_t scheme_id, struct db_request **out, size_t *n);
/* All the mentee's requests and proposals in the scheme, newest group
 * first, ranked groups in rank order. */
enum err db_requests_of_mentee(struct db *db, struct arena *a, int64_t mentee_id,
    int64_t scheme_id, struct db_request **out, size_t *n);
/* Open rows of a ranked group, in rank order. */
enum err db_requests_group_open(struct db *db, struct arena *a, int64_t group,
    struct db_request **out, size_t *n);
/* Open requests of the pair (0 or 1) and of the mentee (kind request). */
enum err db_requests_open_pair(struct db *db, int64_t scheme_id, int64_t mentee_id,
    int64_t mentor_id, int64_t *n);
enum err db_requests_open_count(struct db *db, int64_t scheme_id, int64_t mentee_id,
    int64_t *n);
/* The mentor's new and waiting requests and proposals in the scheme. */
enum err db_requests_outstanding(struct db *db, int64_t mentor_id, int64_t scheme_id,
    int64_t *n);
/* Compare-and-set: from `from` to `to` with the response, decided_at =
 * now and first_session.  ERR_CONFLICT when no longer in `from`. */
enum err db_request_decide(struct db *db, int64_t id, const char *from, const char *to,
    const char *response, const char *first_session, int64_t now);
enum err db_request_set_relationship(struct db *db, int64_t id, int64_t rel_id);
/* amend -> new with the new message, submitted_at = now and the new
 * deadline, the reminder and alert marks cleared.  ERR_CONFLICT when no
 * longer in `from`. */
enum err db_request_resubmit(struct db *db, int64_t id, const char *from,
    const char *message, int64_t now, int64_t deadline);

#endif
