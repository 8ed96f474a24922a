/*
 * request.h - match requests and proposals, the mentee's and the
 * mentor's side (REQ-1 to REQ-6, REQ-8, REQ-12, REQ-13): whether a
 * mentee may request a mentor and why not, sending a request (ranked
 * choices too), the lists, one request, the mentor's decision, the
 * mentee's amendment and withdrawal, and a system proposal.
 *
 * Every change runs in one transaction (db_begin: BEGIN IMMEDIATE), asks
 * lc_req_next with the actor from app_actor_of first, moves the row with
 * a compare-and-set update, writes the audit row and queues the emails
 * (app_notify_tx) before committing.
 *
 * Errors: ERR_NOT_FOUND when the request does not exist or `me` is not
 * one of the pair (never revealing which); ERR_FORBIDDEN when `me` is of
 * the pair but the action is the other person's (a mentee deciding);
 * ERR_CONFLICT when the request is in no state for the action (already
 * decided, withdrawn), or a rule of the moment refuses it (no free
 * place, the mentee already matched, a second open request to the same
 * mentor), with a sentence in ps; ERR_BAD_INPUT with problems per field.
 */
#ifndef TANDEM_APP_REQUEST_H
#define TANDEM_APP_REQUEST_H

#include "app/pairing.h"
#include "db/requests.h"
#include "db/training.h"   /* struct db_person */

#define APP_REQUEST_MESSAGE_MAX 2000
#define APP_REQUEST_COMMENT_MAX 2000
/* REQ-1: at most this many open requests at a time (a ranked group's
 * queued choices count). */
#define APP_REQUEST_OPEN_MAX 3

/*
 * Whether `me`, in their active view, may request mentor_id now.
 * ERR_OK with *why NULL: yes; ERR_OK with *why a plain sentence: no,
 * and why (requests are off, they already have a mentor, their profile
 * lacks ..., the mentor is full or not available or a conflict, a
 * request is already open, too many open).  ERR_NOT_FOUND when the
 * person is not a mentor `me` may see (not a mentor of the scheme).
 */
enum err app_request_check(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t mentor_id, const char **why);

/* Mentors the mentee may rank second or third (REQ-13): the scheme's
 * active mentors app_request_check allows, but not `except`.  *n 0 when
 * ranked requests are off in the scheme. */
enum err app_request_choices(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t except, struct db_person **out, size_t *n);

struct app_request_in {
	int64_t mentor_id;
	const char *message;          /* optional, up to APP_REQUEST_MESSAGE_MAX */
	int64_t second_id, third_id;  /* REQ-13, 0 none; ignored unless ranked is on */
};

/*
 * REQ-1: send a request from `me` (a mentee in the active view) to
 * in->mentor_id: status new, deadline from the scheme's working days
 * (app_request_deadline), the mentor emailed (request.new) with the
 * message and the answer-by date.  With ranked requests on and second or
 * third choices given (REQ-13), those are stored queued in the same
 * group (rank_group = the first choice's id).  Refusals: ERR_BAD_INPUT
 * with problems on "message", "second_id", "third_id" or "mentor_id"
 * (the sentence app_request_check gives); ERR_CONFLICT (problem on
 * "mentor_id") when an open request to that mentor exists.
 */
enum err app_request_create(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_request_in *in, const char *ip, struct app_problems *ps, int64_t *id);

/* One request as `me` sees it: the mentee, the mentor (not while it is
 * still queued: it has not reached them) or an administrator of the
 * scheme (read-only).  *actor says which. */
enum err app_request_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_request *out, enum lc_actor *actor);

/* The active view's list (REQ-2): a mentor's open requests and
 * proposals (new first, oldest first; then the waiting list; then those
 * sent back for amendment), or a mentee's requests and proposals (newest
 * first, a ranked group in rank order).  *is_mentor says which.
 * ERR_FORBIDDEN when the active view is neither. */
enum err app_requests_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_request **out, size_t *n, bool *is_mentor);

/* The menu badge: a mentor's new and waiting requests and proposals in
 * the active view's scheme (0 for anyone else).  One indexed count. */
enum err app_requests_outstanding(struct db *db, const struct app_auth *me, int64_t *n);

enum app_decision {
	APP_DECIDE_APPROVE,   /* proposals: accept */
	APP_DECIDE_WAITLIST,  /* requests only */
	APP_DECIDE_DECLINE,   /* proposals: reject */
	APP_DECIDE_AMEND,
	APP_DECIDE__MAX
};
/* "approve" ... back; APP_DECIDE__MAX for anything else. */
enum app_decision app_decision_parse(const char *s);

struct app_decision_in {
	enum app_decision decision;
	const char *comment;          /* required to decline or ask to amend */
	const char *first_session;    /* "YYYY-MM-DDTHH:MM": required to approve a
	                                 request, optional for a proposal, in the future */
};

/*
 * REQ-3, REQ-4, REQ-8: the mentor decides.  Approve (REQ-12) is atomic:
 * in one transaction the request is re-read, the transition checked, the
 * mentor's capacity and the mentee's having no mentor checked, the row
 * moved (compare-and-set) and the relationship made
 * (app_relationship_create_tx: match emails to both, REQ-10, and the
 * mentee's other open requests closed).  Waiting list, decline and amend
 * email the mentee (request.answered); a declined ranked request passes
 * on to the next choice (REQ-13).  *rel_id: the relationship made, or 0.
 * Problems on "decision", "comment", "first_session".
 */
enum err app_request_decide(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_decision_in *in, const char *ip, struct app_problems *ps,
    int64_t *rel_id);

/* REQ-3: the mentee sends an amended request back (amend -> new): a new
 * message, a fresh deadline, the mentor emailed again (request.new). */
enum err app_request_resubmit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *message, const char *ip, struct app_problems *ps);

/* REQ-5: the mentee withdraws an open request (a ranked group: every
 * open row of it).  Each mentor it had reached (new or waiting) is told
 * (request.withdrawn). */
enum err app_request_withdraw(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip);

/*
 * REQ-8: a system proposal of mentee_id to mentor_id with the match
 * score, inside the caller's transaction (the proposal job): status new,
 * the deadline as for a request, the mentor emailed (proposal.new).
 * ERR_CONFLICT when the pair has an open request or proposal;
 * ERR_NOT_FOUND when either is not an active participant in the role.
 */
enum err app_proposal_create_tx(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t mentor_id, int64_t score, int64_t now, int64_t *id);

/* The same in its own transaction (the dev route of the tests). */
enum err app_proposal_create(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t mentor_id, int64_t score, int64_t *id);

/* "New", "On your waiting list" ... for pages, by status and viewer. */
const char *app_request_status_label(const char *status, bool for_mentor);

#endif
