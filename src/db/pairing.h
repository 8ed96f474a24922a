/*
 * pairing.h - storage shared by requests and relationships (app/pairing.c):
 * inserting a relationship, a mentor's load, a mentee's open requests,
 * moving a request between states, ranked groups, scheme holidays, and
 * a person's brief.  Conventions as db.h; writes inside the caller's
 * transaction.
 */
#ifndef TANDEM_DB_PAIRING_H
#define TANDEM_DB_PAIRING_H

#include "db/db.h"

struct db_brief {
	int64_t id;
	const char *name;        /* preferred name, else given + family */
	const char *given_name;
	const char *email;
	const char *status;      /* users.status */
};
enum err db_brief_get(struct db *db, struct arena *a, int64_t user_id, struct db_brief *out);

struct db_rel_insert {
	int64_t scheme_id, mentor_id, mentee_id;
	const char *origin;
	int64_t request_id, assigned_by;
	const char *override_reason, *first_session;
};
/* ERR_CONFLICT when the pair already has a live relationship. */
enum err db_rel_insert(struct db *db, const struct db_rel_insert *r, int64_t now, int64_t *id);

/* Capacity (own, else scheme default) and live relationships of a mentor
 * in a scheme; ERR_NOT_FOUND when not a mentor of it. */
enum err db_mentor_load(struct db *db, int64_t scheme_id, int64_t mentor_id,
    int64_t *capacity, int64_t *active);
/* Live relationships of a mentee in a scheme. */
enum err db_mentee_live(struct db *db, int64_t scheme_id, int64_t mentee_id, int64_t *n);
/* Whether the person holds `role` in the scheme and is active. */
enum err db_has_active_role(struct db *db, int64_t scheme_id, int64_t user_id,
    const char *role, bool *has);

/* A request's state, as the shared moves need it. */
struct db_req_state {
	int64_t id, scheme_id, mentee_id, mentor_id;
	const char *kind;        /* request, proposal */
	const char *status;
	int64_t rank_group;      /* 0: not ranked */
	int64_t rank;
	const char *message;
};
enum err db_req_state_get(struct db *db, struct arena *a, int64_t id, struct db_req_state *out);
/* Open requests of the mentee in the scheme, but not except_id. */
enum err db_req_open_of_mentee(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t except_id, struct db_req_state **out, size_t *n);
/* Open requests to a mentor, in every scheme. */
enum err db_req_open_to_mentor(struct db *db, struct arena *a, int64_t mentor_id,
    struct db_req_state **out, size_t *n);
/* Move request id from status `from` to `to` (closed_reason as given, ""
 * keeps none).  ERR_CONFLICT when it was no longer in `from` (someone
 * else moved it first). */
enum err db_req_move(struct db *db, int64_t id, const char *from, const char *to,
    const char *closed_reason, int64_t now);
/* The group's next queued choice (lowest rank); ERR_NOT_FOUND if none. */
enum err db_req_next_queued(struct db *db, struct arena *a, int64_t rank_group,
    struct db_req_state *out);
/* queued -> new with submitted_at = now and the deadline; ERR_CONFLICT
 * when it was no longer queued. */
enum err db_req_send(struct db *db, int64_t id, int64_t now, int64_t deadline);

/* The scheme's holidays (YYYY-MM-DD, in order). */
enum err db_holidays(struct db *db, struct arena *a, int64_t scheme_id,
    const char ***out, size_t *n);

#endif
