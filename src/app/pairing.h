/*
 * pairing.h - what requests, proposals, administrator assignment and the
 * deadline job share: making a relationship (and the match emails,
 * REQ-10), a mentor's load against capacity (REQ-12), closing a
 * mentee's other open requests (REQ-12), passing a ranked request on
 * (REQ-13), the response deadline (REQ-7), and who the actor is.
 *
 * All _tx functions run inside the caller's transaction (db_begin is
 * BEGIN IMMEDIATE, so a capacity check and the insert it guards are one
 * atomic step: two approvals racing for a mentor's last place are
 * serialised and the second sees the first's relationship).
 */
#ifndef TANDEM_APP_PAIRING_H
#define TANDEM_APP_PAIRING_H

#include "app/account.h"
#include "app/lifecycle.h"
#include "db/pairing.h"

/* A mentor's places in a scheme: capacity (their own, else the scheme's
 * default) and live relationships.  ERR_NOT_FOUND when the person is
 * not a mentor of the scheme. */
enum err app_mentor_load(struct db *db, int64_t scheme_id, int64_t mentor_id,
    int64_t *capacity, int64_t *active);

/* Whether the mentee already has a live relationship in the scheme. */
enum err app_mentee_has_mentor(struct db *db, int64_t scheme_id, int64_t mentee_id,
    bool *has);

struct app_rel_new {
	int64_t scheme_id;
	int64_t mentor_id;
	int64_t mentee_id;
	const char *origin;          /* request, proposal, assignment, cohort */
	int64_t request_id;          /* the approved request/proposal, 0 none */
	int64_t assigned_by;         /* administrator, 0 none */
	const char *override_reason; /* "" unless an administrator overrode a rule */
	const char *first_session;   /* "YYYY-MM-DDTHH:MM" or "" */
	int64_t actor_id;            /* for the audit row */
	const char *ip;
};

/*
 * Make a live relationship inside the caller's transaction: insert it,
 * audit it ("relationship.create"), email both people the match
 * confirmation (REQ-10, after seed 003's sample: the mentor is asked to
 * make first contact; kind "match.confirmed") and close the mentee's
 * other open requests in the scheme (app_requests_close_for_mentee_tx,
 * reason "matched").  Capacity is the caller's to check (approval
 * refuses a full mentor; an administrator may override).
 * ERR_CONFLICT when the pair already has a live relationship in the
 * scheme; ERR_NOT_FOUND when either person is not an active participant
 * in the needed role.
 */
enum err app_relationship_create_tx(struct db *db, struct arena *a,
    const struct app_rel_new *in, int64_t *id);

/* Close (LRA_CLOSE -> withdrawn, closed_reason `reason`: "matched" or
 * "inactive") every open request or proposal of the mentee in the scheme
 * except `except_id`, telling each mentor whose request was new or
 * waiting (kind "request.withdrawn"). *n how many were closed. */
enum err app_requests_close_for_mentee_tx(struct db *db, struct arena *a,
    int64_t scheme_id, int64_t mentee_id, int64_t except_id, const char *reason,
    size_t *n);

/* A person has left (their account deactivated, e.g. consent withdrawn):
 * their open requests as a mentee are closed (reason "inactive", the
 * mentors told), and open requests to them as a mentor are closed (the
 * mentee told they can ask someone else) or, for a ranked request that
 * had reached them, passed on to the next choice.  *n how many moved. */
enum err app_requests_close_for_person_tx(struct db *db, struct arena *a, int64_t user_id,
    size_t *n);

/* REQ-13: a ranked request `id` (new, or just declined by its mentor:
 * `declined` true, so the row keeps its declined status) moves on: when
 * new it becomes passed; the group's next queued choice is sent (new,
 * with a fresh deadline; kind "request.new" to its mentor) and the mentee
 * is told (kind "request.passed"), or, with no choice left, the mentee is
 * told their choices are used up.  A queued choice who can no longer be
 * offered to the mentee (app_finder_assess: full, paused, not available,
 * left) is passed over (LRA_SKIP) and named in the mentee's email.  ERR_NOT_FOUND when the row is not a
 * ranked request; ERR_CONFLICT when it is in no state to pass. */
enum err app_request_pass_on_tx(struct db *db, struct arena *a, int64_t id, bool declined,
    int64_t now);

/* The response deadline of a request submitted now in the scheme:
 * lc_deadline with the scheme's working days and holiday list. */
enum err app_request_deadline(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t now, int64_t *deadline);

/* The person's part in a pair: LC_MENTEE / LC_MENTOR when they are that
 * person, LC_ADMIN when they administer the scheme (or the site),
 * LC_OTHER otherwise.  A person who is both in the pair is impossible
 * (mentor_id <> mentee_id). */
enum lc_actor app_actor_of(const struct app_auth *me, int64_t scheme_id, int64_t mentee_id,
    int64_t mentor_id);

/* A person's display name and email (preferred name, else given and
 * family name). */
enum err app_person_brief(struct db *db, struct arena *a, int64_t user_id,
    struct db_brief *out);

#endif
