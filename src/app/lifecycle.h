/*
 * lifecycle.h - the rules of a match request's and a relationship's
 * life: which action each actor may take in each state and where it
 * leads (REQ-1 to REQ-6, REQ-8, REQ-12, REQ-13, REL-3, REL-4, REL-6,
 * REL-7), and the working-day deadline (REQ-7).
 *
 * Pure functions: no database, no clock.  Every write in request.c and
 * relationship.c asks lc_req_next / lc_rel_allows first, so the one
 * table here is the truth the unit test walks (every state x action x
 * actor).  docs/internals/lifecycle.md draws the same machine.
 */
#ifndef TANDEM_APP_LIFECYCLE_H
#define TANDEM_APP_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Who acts, relative to the request or relationship. */
enum lc_actor {
	LC_MENTEE,        /* the mentee of the pair */
	LC_MENTOR,        /* the mentor of the pair */
	LC_ADMIN,         /* an administrator of the scheme (or the site) */
	LC_SYSTEM,        /* Tandem itself: jobs and side effects */
	LC_OTHER,         /* anyone else */
	LC__ACTORS
};
const char *lc_actor_name(enum lc_actor a);

/* ---- requests and proposals ---- */

enum lc_req_status {
	LRS_QUEUED,       /* ranked 2nd/3rd choice, not yet sent */
	LRS_NEW,
	LRS_WAITING,      /* on the mentor's waiting list */
	LRS_AMEND,        /* the mentee is asked to amend it */
	LRS_APPROVED,
	LRS_DECLINED,
	LRS_WITHDRAWN,
	LRS_PASSED,       /* ranked: unanswered by the deadline, moved on */
	LRS__MAX,
	LRS_REFUSED = -1  /* lc_req_next: the action is not allowed */
};
/* "queued", "new" ... as stored; NULL for an out-of-range value. */
const char *lc_req_status_name(enum lc_req_status s);
/* The stored name back; LRS_REFUSED for an unknown one. */
enum lc_req_status lc_req_status_parse(const char *name);
/* Still open (queued, new, waiting, amend): counts for REQ-12's "one open
 * request per pair" and can still be decided or withdrawn. */
bool lc_req_is_open(enum lc_req_status s);

enum lc_req_action {
	LRA_APPROVE,      /* mentor: approve (proposal: accept) */
	LRA_WAITLIST,     /* mentor: move to the waiting list (requests only) */
	LRA_DECLINE,      /* mentor: decline with a reason (proposal: reject) */
	LRA_AMEND,        /* mentor: ask the mentee to amend, with a comment */
	LRA_RESUBMIT,     /* mentee: send the amended request back as new */
	LRA_WITHDRAW,     /* mentee: withdraw before a decision */
	LRA_SEND,         /* system: a queued ranked choice goes to its mentor */
	LRA_PASS,         /* system: ranked, unanswered past the deadline */
	LRA_SKIP,         /* system: a queued ranked choice who can no longer be
	                     offered (full, paused, unavailable, left) is passed
	                     over without being sent */
	LRA_CLOSE,        /* system: the mentee was matched another way, or a
	                     party left the scheme (stored as withdrawn) */
	LRA__MAX
};
const char *lc_req_action_name(enum lc_req_action a);

/* The status an action leads to, or LRS_REFUSED.  is_proposal: a
 * system proposal (no waiting list); is_ranked: part of a ranked group
 * (only those can be passed on). */
enum lc_req_status lc_req_next(bool is_proposal, bool is_ranked, enum lc_req_status from,
    enum lc_req_action action, enum lc_actor who);

/* ---- relationships ---- */

enum lc_rel_status {
	LRL_ACTIVE,
	LRL_COMPLETED,
	LRL_ENDED_EARLY,
	LRL__MAX
};
const char *lc_rel_status_name(enum lc_rel_status s);   /* "active" ... */
enum lc_rel_status lc_rel_status_parse(const char *name);   /* LRL__MAX: unknown */
/* "Active", "Completed", "Ended early" for pages. */
const char *lc_rel_status_label(enum lc_rel_status s);

enum lc_rel_action {
	LRLA_VIEW,            /* see the relationship page (any status) */
	LRLA_SET_END,         /* set or change the estimated end date (REL-3) */
	LRLA_COMPLETE,        /* mark it ended: completed (REL-4) */
	LRLA_ASK_END,         /* ask the administrator to end it (REL-6) */
	LRLA_END_EARLY,       /* end it early, no fault (REL-6) */
	LRLA_ASK_EXTENSION,   /* ask for sessions beyond the cap (REL-7) */
	LRLA_DECIDE_EXTENSION,/* approve or decline an extension (REL-7) */
	LRLA_ADD_CONTENT,     /* sessions, notes, documents, messages (later issues) */
	LRLA__MAX
};
const char *lc_rel_action_name(enum lc_rel_action a);

/* Whether `who` may take `action` on a relationship in `status`. */
bool lc_rel_allows(enum lc_rel_status status, enum lc_rel_action action, enum lc_actor who);
/* The status after an allowed action (the same status for most). */
enum lc_rel_status lc_rel_next(enum lc_rel_status status, enum lc_rel_action action);

/* ---- the response deadline (REQ-7) ---- */

/*
 * The moment a request submitted at `submitted_at` (Unix seconds, UTC)
 * is due: the same time of day on the `days`-th working day after the
 * day it was submitted, where a working day is Monday to Friday and not
 * in `holidays` (YYYY-MM-DD strings, any order).  Submitted on a Friday
 * at 15:00 with 5 days: the next Friday at 15:00; on a Saturday: the
 * Friday after at the same time.  days < 1 counts as 1.
 */
int64_t lc_deadline(int64_t submitted_at, int days, const char *const *holidays,
    size_t nholidays);

/* The administrator alert comes a week after submission (REQ-7). */
#define LC_ADMIN_ALERT_AFTER ((int64_t)7 * 24 * 60 * 60)
/* A mentor who lets this many requests pass the deadline between two
 * sign-ins is paused (REQ-14). */
#define LC_PAUSE_AFTER_MISSES 2
/* At most this many ranked choices (REQ-13). */
#define LC_RANKED_MAX 3

#endif
