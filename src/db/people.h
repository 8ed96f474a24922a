/*
 * people.h - typed queries for people administration (ADM-1, ADM-3):
 * who owns an email address, a person's live relationships, and the
 * status change that deactivates and reactivates.  Strings go into the
 * caller's arena.
 */
#ifndef TANDEM_DB_PEOPLE_H
#define TANDEM_DB_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;

/* A live relationship a person is in, as the deactivation refusal lists it. */
struct db_people_rel {
	int64_t id;
	int64_t scheme_id;
	const char *mentor_name;
	const char *mentee_name;
};

/* Someone other than `except_id` using `email` (case does not matter):
 * *id, *username, and *in_scope when they have a role in a scheme the
 * administrator `scope_admin_id` administers (0: everyone is in scope, for
 * a site administrator); someone in scope is preferred.  ERR_NOT_FOUND
 * for nobody. */
enum err db_people_email_user(struct db *db, struct arena *a, const char *email,
    int64_t scope_admin_id, int64_t except_id, int64_t *id, const char **username,
    bool *in_scope);

/* The person's live (status active) relationships, oldest first, at most 200. */
enum err db_people_live_rels(struct db *db, struct arena *a, int64_t user_id,
    struct db_people_rel **out, size_t *n);

/* Set status only (active / deactivated); keeps approved_at and reasons. */
enum err db_people_set_status(struct db *db, int64_t user_id, const char *status);

/* Change the details; ERR_CONFLICT when the username is taken. */
enum err db_people_update(struct db *db, int64_t user_id, const char *given_name,
    const char *family_name, const char *email, const char *username);
enum err db_people_role_delete(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role);
enum err db_people_set_site_admin(struct db *db, int64_t user_id, int is_site_admin);
/* Active site administrators. */
enum err db_people_site_admins(struct db *db, int64_t *n);
/* Live relationships of the person in the scheme as `role` (mentor, mentee). */
enum err db_people_live_in_role(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role, int64_t *n);

/* One row per (person, scheme they have a role in) of the listed people;
 * a person in no scheme has one row of scheme 0. */
struct db_people_scope {
	int64_t user_id;
	bool is_site_admin;
	int64_t scheme_id;
};
/* For the `n` people `ids` (one query, whatever n), ordered by user id. */
enum err db_people_scope_of(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct db_people_scope **out, size_t *nout);

#endif
