/*
 * search.h - storage for the finder (app/finder.c): the set-based reads
 * that build a scheme's in-memory mentor index, one mentee's matching
 * facts, declared conflicts, the free-text index (mentor_text) and the
 * two inserts the demo data needs that no other area has yet.
 *
 * Conventions as db.h.  The index reads return whole schemes at once
 * (a handful of statements, never one per mentor).
 */
#ifndef TANDEM_DB_SEARCH_H
#define TANDEM_DB_SEARCH_H

#include "db/db.h"

/* A person's facts for matching.  shared_filled: bit i set when the
 * i-th shared profile field is filled, in the order preferred name,
 * pronouns, contact email, phone, photo, job role, organisation,
 * specialty, site, previous organisations (match.h's MF_ order). */
struct db_search_person {
	int64_t text_id;          /* mentor_profiles.id (mentors), 0 */
	int64_t user_id;
	const char *name;         /* preferred name, or given + family */
	const char *job_role, *organisation, *specialty, *site;
	bool has_location;        /* the site is one of the scheme's sites
	                             with coordinates */
	double latitude, longitude;
	const char *email;
	uint32_t shared_filled;
	const char *formats;      /* "in_person,video" */
	/* mentors */
	bool is_available;
	bool is_paused;           /* REQ-14: missed two deadlines, until next sign-in */
	int64_t capacity;         /* the scheme's default when not set */
	int64_t active_mentees;
	bool has_biography, has_skills, has_training, has_keywords;
	const char *excerpt;      /* first 200 characters of the biography */
	/* mentees */
	int64_t max_travel_miles;
	bool has_statement, has_reasons, has_support_areas, has_availability,
	    has_formats;
};

/* Every findable-candidate mentor of the scheme, ordered by user id. */
enum err db_search_mentors(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_search_person **out, size_t *n);

struct db_search_keyword {
	int64_t user_id, keyword_id;
};
/* Every (person, keyword) of a role in the scheme, by user then keyword. */
enum err db_search_scheme_keywords(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, struct db_search_keyword **out, size_t *n);
/* One person's keyword ids (ascending) for a role in the scheme. */
enum err db_search_person_keywords(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, const char *role, int64_t **out, size_t *n);

/* An active mentee of the scheme.  ERR_NOT_FOUND when not one. */
enum err db_search_mentee(struct db *db, struct arena *a, int64_t user_id,
    int64_t scheme_id, struct db_search_person *out);

struct db_search_conflict {
	int64_t mentor_id;        /* 0: named by email only */
	const char *email;
};
/* The conflicts that keep mentors from a mentee in one scheme: the
 * mentee's own declarations (a mentor, or an email), and mentors'
 * declarations naming the mentee's email (as mentor_id rows). */
enum err db_search_conflicts(struct db *db, struct arena *a, int64_t mentee_id,
    int64_t scheme_id, struct db_search_conflict **out, size_t *n);

/* ERR_OK when the person is a mentee or mentor of the scheme. */
enum err db_search_is_participant(struct db *db, int64_t user_id, int64_t scheme_id);

enum err db_search_generation(struct db *db, int64_t *gen);

/* The mentor_text rowids matching an FTS5 query (built by the caller,
 * never user syntax).  ERR_BAD_INPUT when FTS5 rejects it. */
enum err db_search_text(struct db *db, struct arena *a, const char *fts_query,
    int64_t **out, size_t *n);
/* Rewrite mentor_text rows for scheme_id (0: any) and user_id (0: any). */
enum err db_search_reindex(struct db *db, int64_t scheme_id, int64_t user_id);

/* ---- seeding the demo (inside the caller's transaction); profiles,
 * training and conflicts are written with their own areas' functions ---- */
/* A keyword picked by its label in the scheme's keyword list. */
enum err db_seed_keyword(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role, const char *label);
/* An active relationship (until the requests issue gives them a layer). */
enum err db_seed_relationship(struct db *db, int64_t scheme_id, int64_t mentor_id,
    int64_t mentee_id, int64_t now);

#endif
