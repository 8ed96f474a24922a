/*
 * profiles.h - storage of profiles (PRO-1 to PRO-10): the shared part
 * (one row per person), the mentee and mentor parts (one per person and
 * scheme), the standard keywords a person picked, and answers to a
 * scheme's own fields; plus the two facts visibility is decided on
 * (a person's role in a scheme, a relationship between two people).
 *
 * Conventions as db.h: strings copied into the caller's arena; a
 * missing row is ERR_NOT_FOUND for the getters (the app treats it as an
 * empty profile); writes inside the caller's transaction.  Nothing here
 * decides who may see what: that is app/profile.c's job.
 */
#ifndef TANDEM_DB_PROFILES_H
#define TANDEM_DB_PROFILES_H

#include "db/db.h"

/* The shared part.  Equality-monitoring columns (country_of_origin,
 * gender, date_of_birth) are read here like any other: only the app's
 * visibility decision keeps them from anyone but the person. */
struct db_profile {
	int64_t user_id;
	const char *preferred_name, *pronouns, *contact_email, *phone;
	const char *job_role, *organisation, *specialty, *site;
	const char *previous_organisations;
	const char *country_of_origin, *gender, *date_of_birth;
	const char *photo_name, *photo_type;   /* "" when none */
	int64_t updated_at;
};
enum err db_profile_get(struct db *db, struct arena *a, int64_t user_id,
    struct db_profile *out);
/* Insert or update every column but the photo. */
enum err db_profile_put(struct db *db, const struct db_profile *p, int64_t now);
/* Set (or clear, with "") the photo's stored name and type. */
enum err db_profile_set_photo(struct db *db, int64_t user_id, const char *name,
    const char *type, int64_t now);

struct db_mentee_profile {
	int64_t user_id, scheme_id;
	const char *statement, *reasons, *support_areas, *availability;
	const char *formats;            /* "in_person,video" */
	int64_t max_travel_miles;       /* -1: not said */
	int64_t updated_at;
};
enum err db_mentee_profile_get(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, struct db_mentee_profile *out);
enum err db_mentee_profile_put(struct db *db, const struct db_mentee_profile *p,
    int64_t now);

struct db_mentor_profile {
	int64_t id, user_id, scheme_id;
	const char *biography, *skills;
	int64_t capacity;               /* -1: the scheme's default */
	bool is_available;
	const char *formats;
	int64_t updated_at;
};
enum err db_mentor_profile_get(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, struct db_mentor_profile *out);
enum err db_mentor_profile_put(struct db *db, const struct db_mentor_profile *p,
    int64_t now);

/* Picked standard keywords of a role ("mentee", "mentor"), in list
 * order. */
struct db_keyword {
	int64_t id;
	const char *label;
};
enum err db_profile_keywords(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, const char *role, struct db_keyword **out, size_t *n);
/* Replace the set with ids[] (ids already checked by the caller). */
enum err db_profile_keywords_set(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role, const int64_t *ids, size_t n);

/* Answers to the scheme's own fields. */
struct db_field_value {
	int64_t field_id;
	const char *value;
};
enum err db_field_values(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, struct db_field_value **out, size_t *n);
/* value "" deletes the answer. */
enum err db_field_value_put(struct db *db, int64_t user_id, int64_t field_id,
    const char *value, int64_t now);

/* Does an active person hold this role in the scheme? (ERR_OK / ERR_NOT_FOUND) */
enum err db_profile_has_role(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role);
/* Has there been a relationship (any status) between them in the scheme?
 * (ERR_OK / ERR_NOT_FOUND) */
enum err db_profile_related(struct db *db, int64_t scheme_id, int64_t mentor_id,
    int64_t mentee_id);

/* How many training records the person has (completeness: MF_TRAINING). */
enum err db_profile_training_count(struct db *db, int64_t user_id, int64_t *n);

#endif
