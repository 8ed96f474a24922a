/*
 * cohorts.h - storage of a scheme's cohorts (intakes) and their members
 * (issue 10; migration 0017).  Conventions as db.h.  Who may read or
 * change them is decided in app/cohorts.c.  The read below is shared:
 * the relationship list, the reports and the message composer offer the
 * scheme's cohorts as a filter or a target.
 */
#ifndef TANDEM_DB_COHORTS_H
#define TANDEM_DB_COHORTS_H

#include "db/db.h"

struct db_cohort {
	int64_t id;
	int64_t scheme_id;
	const char *name;
	const char *description;
	const char *starts_on;         /* YYYY-MM-DD or "" */
	const char *ends_on;
	int64_t members;               /* how many people are in it */
	int64_t created_at;
	int64_t updated_at;
};

/* Every cohort of a scheme, newest start first, with member counts. */
enum err db_cohorts_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_cohort **out, size_t *n);

/* Declared by their owner below this line. */

/* A participant of the scheme, or a member of a cohort. */
struct db_cohort_person {
	int64_t user_id;
	const char *username;
	const char *email;
	const char *name;
	const char *status;            /* users.status */
	const char *roles;             /* "mentor", "mentee", "mentee,mentor" (any order) */
	bool is_member;                /* in the cohort asked about */
};

enum err db_cohort_get(struct db *db, struct arena *a, int64_t id, struct db_cohort *out);
/* Writes, inside the caller's transaction. */
enum err db_cohort_add(struct db *db, const struct db_cohort *c, int64_t created_by,
    int64_t now, int64_t *id);
enum err db_cohort_update(struct db *db, const struct db_cohort *c, int64_t now);
/* Unlinks the members, then removes the cohort. */
enum err db_cohort_delete(struct db *db, int64_t id);
/* Another cohort of the scheme has this name (any case)? */
enum err db_cohort_name_taken(struct db *db, int64_t scheme_id, const char *name,
    int64_t except_id, bool *taken);
/* Every participant of the scheme, is_member for cohort_id (one query). */
enum err db_cohort_people(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    struct db_cohort_person **out, size_t *n);
/* The cohort's members, by family name, roles in the scheme. */
enum err db_cohort_members(struct db *db, struct arena *a, int64_t cohort_id,
    int64_t scheme_id, struct db_cohort_person **out, size_t *n);
/* *added false when already a member. */
enum err db_cohort_member_add(struct db *db, int64_t cohort_id, int64_t user_id,
    int64_t added_by, int64_t now, bool *added);
enum err db_cohort_member_remove(struct db *db, int64_t cohort_id, int64_t user_id,
    bool *removed);

#endif
