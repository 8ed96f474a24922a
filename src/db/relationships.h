/*
 * relationships.h - storage of relationships (REL-1 to REL-7): one
 * relationship with both names, a person's or a scheme's list, the
 * estimated end, completion and early ending, and the end requests
 * (REL-6) and extension requests (REL-7) about them.
 *
 * Conventions as db.h: strings copied into the caller's arena; writes
 * inside the caller's transaction.  Every write is a compare-and-set on
 * the status it expects (status = 'active', 'open', 'pending'): "no row
 * changed" is ERR_CONFLICT, so an action that lost a race with another
 * (an ending, a decision) is refused instead of overwriting it.  Who may
 * read or change a row is app's decision (app/relationship.c).
 */
#ifndef TANDEM_DB_RELATIONSHIPS_H
#define TANDEM_DB_RELATIONSHIPS_H

#include "db/db.h"

struct db_relationship {
	int64_t id;
	int64_t scheme_id;
	const char *scheme_name;
	int64_t mentor_id, mentee_id;
	const char *status;            /* active, completed, ended_early */
	int64_t started_at;
	int64_t ended_at;              /* 0 while live */
	const char *origin;            /* request, proposal, assignment, cohort */
	int64_t request_id;            /* 0 none */
	int64_t assigned_by;           /* 0 none */
	const char *override_reason;
	const char *estimated_end;     /* YYYY-MM-DD or "" */
	const char *first_session;     /* YYYY-MM-DDTHH:MM or "" */
	const char *end_date;          /* YYYY-MM-DD or "" */
	const char *closing_comments;
	int64_t ended_by;              /* 0 none (or the account is gone) */
	int64_t extra_sessions;        /* approved extensions (REL-7) */
	const char *mentor_name, *mentee_name;
	const char *assigned_by_name;  /* "" none */
	const char *ended_by_name;     /* "" none */
	int64_t open_end_requests;
	int64_t pending_extensions;
};

enum err db_rel_get(struct db *db, struct arena *a, int64_t id, struct db_relationship *out);
/* A person's relationships in a scheme as `role` ("mentor": those they
 * mentor; "mentee"), live ones (is_live) or ended ones, latest first. */
enum err db_rel_of_person(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, int64_t user_id, bool is_live, struct db_relationship **out,
    size_t *n);
/* A scheme's relationships, status "" for all, live first (at most 500). */
enum err db_rel_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    const char *status, struct db_relationship **out, size_t *n);
/* Every relationship of a person, in any scheme and either role. */
enum err db_rel_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_relationship **out, size_t *n);
/* ERR_CONFLICT when no longer active. */
enum err db_rel_set_end(struct db *db, int64_t id, const char *estimated_end, int64_t now);
/* active -> status (completed, ended_early); ERR_CONFLICT when it was no
 * longer active. */
enum err db_rel_finish(struct db *db, int64_t id, const char *status, const char *end_date,
    const char *comments, int64_t ended_by, int64_t now);
enum err db_rel_add_extra(struct db *db, int64_t id, int64_t sessions, int64_t now);

/* Open end requests, pending extensions and live relationships of a
 * scheme; the requests leave out those about relationships where user
 * `not_party` is the mentor or mentee (REL-6; 0: none left out). */
struct db_rel_counts {
	int64_t open_end_requests, pending_extensions, live;
};
enum err db_rel_scheme_counts(struct db *db, int64_t scheme_id, int64_t not_party,
    struct db_rel_counts *out);

/* ---- end requests (REL-6) ---- */

struct db_end_request {
	int64_t id, relationship_id, requested_by;
	const char *reason;
	const char *status;            /* open, ended, dismissed */
	int64_t handled_by, handled_at;
	const char *admin_note;
	int64_t created_at;
	const char *requested_by_name, *handled_by_name;
	int64_t scheme_id;
};
enum err db_endreq_add(struct db *db, int64_t rel_id, int64_t by, const char *reason,
    int64_t now, int64_t *id);
enum err db_endreq_get(struct db *db, struct arena *a, int64_t id, struct db_end_request *out);
enum err db_endreq_of_rel(struct db *db, struct arena *a, int64_t rel_id,
    struct db_end_request **out, size_t *n);
/* Open requests of live relationships, except those where user
 * `not_party` is the mentor or mentee (REL-6). */
enum err db_endreq_open_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t not_party, struct db_end_request **out, size_t *n);
/* Every open request of the relationship becomes ended. */
enum err db_endreq_close_all(struct db *db, int64_t rel_id, int64_t by, int64_t now);
/* open -> dismissed; ERR_CONFLICT when no longer open. */
enum err db_endreq_dismiss(struct db *db, int64_t id, int64_t by, const char *note,
    int64_t now);

/* ---- extension requests (REL-7) ---- */

struct db_extension {
	int64_t id, relationship_id, requested_by, sessions;
	const char *reason;
	const char *status;            /* pending, approved, declined */
	int64_t decided_by, decided_at;
	const char *decision_note;
	int64_t created_at;
	const char *requested_by_name, *decided_by_name;
	int64_t scheme_id;
};
enum err db_ext_add(struct db *db, int64_t rel_id, int64_t by, int64_t sessions,
    const char *reason, int64_t now, int64_t *id);
enum err db_ext_get(struct db *db, struct arena *a, int64_t id, struct db_extension *out);
enum err db_ext_of_rel(struct db *db, struct arena *a, int64_t rel_id,
    struct db_extension **out, size_t *n);
/* Pending requests of live relationships, except those where user
 * `not_party` is the mentor or mentee. */
enum err db_ext_pending_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t not_party, struct db_extension **out, size_t *n);
/* pending -> status (approved, declined); ERR_CONFLICT when decided already. */
enum err db_ext_decide(struct db *db, int64_t id, const char *status, int64_t by,
    const char *note, int64_t now);

/* ADM-1: a scheme's relationships with the administrator's filters (see
 * REL_OF_SCHEME_FILTERED): zero / "" / false for a filter not used. */
struct db_rel_filter {
	const char *status;          /* "" any */
	int64_t cohort_id;
	int64_t mentor_id;
	int64_t started_from;        /* UTC seconds, inclusive */
	int64_t started_before;      /* UTC seconds, exclusive */
	bool waiting;                /* an open end or extension request; oldest first */
	int64_t quiet_since;         /* no agreed or logged session since this */
};
enum err db_rel_of_scheme_filtered(struct db *db, struct arena *a, int64_t scheme_id,
    const struct db_rel_filter *f, struct db_relationship **out, size_t *n);

#endif
