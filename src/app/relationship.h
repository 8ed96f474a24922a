/*
 * relationship.h - the life of a mentoring relationship after the match
 * (REL-1 to REL-7, REL-9) and an administrator's direct assignment
 * (REQ-9): who sees it, the estimated end, completion, the private
 * request to end it and the administrator's no-fault ending with
 * reassignment, extension requests, and the lists the pages show.
 *
 * Design: every function first asks app_relationship_guard, which loads
 * the relationship, works out who `me` is to it (app_actor_of) and asks
 * lifecycle.h's lc_rel_allows; writes run the guard again inside their
 * BEGIN IMMEDIATE transaction and change rows with compare-and-set
 * updates (db/relationships.h), so a relationship that ended meanwhile
 * refuses the change.  Emails go through app_notify_tx in the same
 * transaction.
 *
 * Errors: ERR_NOT_FOUND for anyone who may not see the relationship (the
 * same answer as one that does not exist: other pairs' ids never leak);
 * ERR_FORBIDDEN when a viewer may not take the action; ERR_CONFLICT when
 * the state forbids it, with the sentence in *ps (field "") unless it is
 * the plain "has ended" (APP_REL_ENDED); ERR_BAD_INPUT with problems per
 * field.  Privacy (REL-6): the reason given when asking to end is shown
 * to administrators only, never to the other party, and so is an
 * administrator's note on an early ending.
 */
#ifndef TANDEM_APP_RELATIONSHIP_H
#define TANDEM_APP_RELATIONSHIP_H

#include "app/account.h"
#include "app/finder.h"
#include "app/lifecycle.h"
#include "app/pairing.h"
#include "db/relationships.h"

#define APP_REL_ENDED "This relationship has ended, so nothing can be added or changed"
#define APP_REL_TEXT_MAX 4000
#define APP_REL_OVERRIDE_MAX 2000
#define APP_EXTENSION_MAX 20

struct app_relationship {
	struct db_relationship r;
	enum lc_rel_status status;
	enum lc_actor actor;           /* who `me` is to it */
	char start_date[11];           /* YYYY-MM-DD of started_at (UTC) */
};

/*
 * Load relationship `id` for `me` and check `action` (REL-4's contract
 * for later issues: sessions, notes, documents and messages call it with
 * LRLA_ADD_CONTENT).  ERR_NOT_FOUND when me may not view it at all,
 * ERR_FORBIDDEN when me may view it but never take the action,
 * ERR_CONFLICT when the action is not allowed in its present status
 * (APP_REL_ENDED says why).  *out is filled whenever the relationship is
 * visible.
 */
enum err app_relationship_guard(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, enum lc_rel_action action, struct app_relationship *out);

/* ---- reading ---- */

/* What the relationship page shows (REL-2). */
struct app_relationship_page {
	struct app_relationship rel;
	struct db_scheme_settings settings;
	struct db_end_request *ends;   /* admin: all; a party: only their own */
	size_t nends;
	struct db_extension *exts;     /* every extension request, newest first */
	size_t nexts;
	const struct db_end_request *my_open_end; /* me's open request, or NULL */
	const struct db_extension *pending_ext;   /* the pending one, or NULL */
	bool can_set_end, can_complete, can_ask_end, can_ask_extension;
	bool can_end_early, can_decide_extension;
	bool shows_closing_comments;   /* not an administrator's private note */
};
enum err app_relationship_page(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_relationship_page *out);

/* REL-1: me's relationships in the active view's scheme and role (mentor:
 * their mentees; mentee: their mentors), live ones or past ones.
 * ERR_FORBIDDEN when the active view is not a mentee or mentor one. */
enum err app_relationships_mine(struct db *db, struct arena *a, const struct app_auth *me,
    bool past, struct db_relationship **out, size_t *n);

/* An administrator's view of a scheme: its relationships (status "" all,
 * else active, completed, ended_early), the open end requests and the
 * pending extension requests, except those about a relationship where me
 * is the mentor or mentee (REL-6: an administrator who is a party never
 * reads the other side's request).  ERR_NOT_FOUND unless me runs the
 * scheme. */
struct app_scheme_relationships {
	struct db_scheme scheme;
	struct db_relationship *rels;
	size_t nrels;
	struct db_end_request *ends;
	size_t nends;
	struct db_extension *exts;
	size_t nexts;
};
enum err app_relationships_of_scheme(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, const char *status,
    struct app_scheme_relationships *out);

/* ADM-1: the list with the administrator's filters, in one query.  Dates
 * are the scheme's days (YYYY-MM-DD, its time zone; "" none; `to`
 * inclusive); quiet_days 0 or APP_REL_QUIET_* days: no session agreed
 * or logged in that many days; waiting: an open end request or a
 * pending extension request, oldest waiting first.  ERR_BAD_INPUT with
 * problems on "from" / "to" for a date that is not real or a range the
 * wrong way round; ERR_NOT_FOUND unless me runs the scheme.  The end and
 * extension requests are filled as app_relationships_of_scheme does. */
struct app_rel_filter {
	const char *status;          /* "" any, active, completed, ended_early */
	int64_t cohort_id;           /* 0 any */
	int64_t mentor_id;           /* 0 any */
	const char *from, *to;       /* started on or after / on or before */
	bool waiting;
	int64_t quiet_days;
};
enum err app_relationships_filtered(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, const struct app_rel_filter *f,
    struct app_problems *ps, struct app_scheme_relationships *out);

/* A person's relationships in the schemes me administers (the admin
 * person page); none for anyone else. */
enum err app_relationships_of_user(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct db_relationship **out, size_t *n);

/* Counts for the administrator's home card, leaving out requests about
 * me's own relationships as app_relationships_of_scheme does;
 * ERR_NOT_FOUND unless me runs the scheme. */
enum err app_relationship_counts(struct db *db, const struct app_auth *me, int64_t scheme_id,
    struct db_rel_counts *out);

/* ---- changing ---- */

/* REL-3: the mentor (or an administrator) sets the estimated end,
 * "YYYY-MM-DD" ("" clears it): a real date not before the start
 * (problem on "estimated_end"). */
enum err app_relationship_set_end(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *estimated_end, const char *ip, struct app_problems *ps);

/* REL-4: the mentor or an administrator marks it completed: end_date
 * "YYYY-MM-DD" required, not in the future, not before the start
 * ("end_date"); closing comments optional, at most APP_REL_TEXT_MAX
 * ("closing_comments").  The other party is emailed (both when an
 * administrator does it), kind relationship.ended. */
enum err app_relationship_complete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *end_date, const char *comments, const char *ip,
    struct app_problems *ps);

/* REL-6: a party asks the administrators, privately, to end it: reason
 * required ("reason").  One open request per person (ERR_CONFLICT).  The
 * scheme's administrators are emailed (admin.end_requested), except an
 * administrator who is the mentor or mentee; the other party is told
 * nothing.  Text limits count UTF-8 characters, not bytes. */
enum err app_relationship_ask_end(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *reason, const char *ip, struct app_problems *ps,
    int64_t *end_request_id);

/* What an administrator asks for when ending early (REL-6). */
struct app_end_early {
	const char *note;              /* required, private ("note") */
	bool assign_new;               /* false: the mentee goes back to searching */
	int64_t mentor_id;             /* assign_new: the new mentor ("mentor_id") */
	const char *override_reason;   /* when the new pair breaks a rule ("override_reason") */
};
/* REL-6: an administrator ends it early (status ended_early, end date
 * today), closes its open end requests, emails both parties in
 * blame-free words (relationship.ended), and either leaves the mentee to
 * search again or assigns the new mentor at once (the rules of
 * app_assign; *new_id the new relationship, else 0). */
enum err app_relationship_end_early(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_end_early *in, const char *ip, struct app_problems *ps,
    int64_t *new_id);

/* REL-6: an administrator closes an open end request without ending the
 * relationship; note required ("note").  ERR_CONFLICT when it is no
 * longer open. *rel_id its relationship. */
enum err app_end_request_dismiss(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t end_request_id, const char *note, const char *ip, struct app_problems *ps,
    int64_t *rel_id);

/* REL-7: a party asks for `sessions` more (0: the scheme's default
 * extension; 1..APP_EXTENSION_MAX, "sessions") with a reason ("reason");
 * one pending at a time (ERR_CONFLICT).  Administrators emailed
 * (admin.extension_requested). */
enum err app_relationship_ask_extension(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, int64_t sessions, const char *reason,
    const char *ip, struct app_problems *ps, int64_t *extension_id);

/* REL-7: an administrator approves (extra_sessions += sessions) or
 * declines (note required, "note") a pending extension; both parties
 * emailed (relationship.extension).  ERR_CONFLICT when already decided.
 * *rel_id its relationship. */
enum err app_extension_decide(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t extension_id, bool approve, const char *note, const char *ip,
    struct app_problems *ps, int64_t *rel_id);

/* ---- administrator assignment (REQ-9) ---- */

struct app_assign_preview {
	struct db_brief mentee, mentor;
	struct finder_assessment as;   /* score, reasons, any exclusion */
	int64_t capacity, active;      /* the mentor's places */
	bool is_full;
	bool needs_override;           /* a rule, a full or unavailable mentor */
	bool is_not_mentor;            /* cannot be assigned at all */
};
/* The match between a mentee and a chosen mentor, for the page before
 * assigning.  ERR_NOT_FOUND unless me runs the scheme and the mentee is
 * one of its mentees. */
enum err app_assign_preview(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t mentee_id, int64_t mentor_id, struct app_assign_preview *out);

struct app_assign_in {
	int64_t scheme_id, mentee_id, mentor_id;
	const char *override_reason;   /* required when needs_override */
	const char *first_session;     /* "YYYY-MM-DDTHH:MM" or "" */
};
/* REQ-9: create a live relationship at once (origin assignment,
 * assigned_by me; app_relationship_create_tx's emails and audit, the
 * override reason in it).  ERR_NOT_FOUND as app_assign_preview;
 * ERR_FORBIDDEN when the scheme does not allow assignment; ERR_CONFLICT
 * when the mentee already has a mentor; ERR_BAD_INPUT: "mentor_id",
 * "override_reason", "first_session". */
enum err app_assign(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_assign_in *in, const char *ip, struct app_problems *ps, int64_t *id);

/* Whether me may assign a mentor to this mentee now: runs the scheme,
 * assignment allowed, the mentee has no live mentor. */
enum err app_assign_possible(struct db *db, const struct app_auth *me, int64_t scheme_id,
    int64_t mentee_id, bool *possible);

#endif
