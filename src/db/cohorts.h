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
/* Every participant of the scheme, is_member for cohort_id (one query).
 * Reads the whole scheme: for small schemes only (the demo); pages use
 * the bounded reads below. */
enum err db_cohort_people(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    struct db_cohort_person **out, size_t *n);
/* The cohort's members, by family name, roles in the scheme: at most
 * limit (-1 all) from offset. */
enum err db_cohort_members(struct db *db, struct arena *a, int64_t cohort_id,
    int64_t scheme_id, int64_t limit, int64_t offset, struct db_cohort_person **out,
    size_t *n);
/* Who could be added to the cohort: the scheme's active participants not
 * in it whose username, email or name is LIKE pattern ("" all; the
 * caller escapes % _ and \ with \), at most limit, by family name; and
 * *total, how many match in all. */
enum err db_cohort_candidates(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t cohort_id, const char *pattern, int64_t limit, struct db_cohort_person **out,
    size_t *n, int64_t *total);
/* One participant of the scheme (any account status; ERR_NOT_FOUND when
 * not a mentor or mentee of it), is_member for cohort_id. */
enum err db_cohort_person_by_id(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t cohort_id, int64_t user_id, struct db_cohort_person *out);
/* The scheme's participants whose username (by_email false) or email is
 * value, any case: *n is 0, 1, or 2 for "more than one" (out has room
 * for 2). */
enum err db_cohort_person_find(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t cohort_id, bool by_email, const char *value, struct db_cohort_person out[2],
    size_t *n);
/* *added false when already a member. */
enum err db_cohort_member_add(struct db *db, int64_t cohort_id, int64_t user_id,
    int64_t added_by, int64_t now, bool *added);
/* As db_cohort_member_add, but only while user_id is an active mentor or
 * mentee of scheme_id: *added false when already a member or not (or no
 * longer) such a participant. */
enum err db_cohort_member_add_active(struct db *db, int64_t cohort_id, int64_t scheme_id,
    int64_t user_id, int64_t added_by, int64_t now, bool *added);
enum err db_cohort_member_remove(struct db *db, int64_t cohort_id, int64_t user_id,
    bool *removed);

#endif
