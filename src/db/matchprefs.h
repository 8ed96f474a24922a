/*
 * matchprefs.h - storage of the preferences for cohort matching
 * (REQ-11, migration 0021): the scheme's weights, mentees' ranked
 * wishes, mentors' "prefer not" marks (by the email address typed).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a row is decided in app.
 */
#ifndef TANDEM_DB_MATCHPREFS_H
#define TANDEM_DB_MATCHPREFS_H

#include "db/db.h"

struct db_matchprefs_settings {
	int64_t wish_weight[3];       /* first, second, third choice: 0-100 */
	bool avoid_hard;
	int64_t avoid_penalty;        /* 0-100 */
	bool stable_mode;
	bool allow_cohort_matching;   /* read only here (the settings page's) */
};
/* ERR_NOT_FOUND for an unknown scheme; defaults when it has no settings row. */
enum err db_matchprefs_settings_get(struct db *db, int64_t scheme_id,
    struct db_matchprefs_settings *out);
/* Writes the weights, avoid_hard, avoid_penalty and stable_mode only. */
enum err db_matchprefs_settings_put(struct db *db, int64_t scheme_id,
    const struct db_matchprefs_settings *in);

struct db_match_wish {
	int64_t mentee_id, mentor_id;
	int64_t rank;                 /* 1-3 */
	int64_t created_at;
	const char *mentee_name, *mentor_name;   /* preferred name or full name */
	const char *mentor_job_role, *mentor_organisation;
};
/* The wishes that still count (see matchprefs.def): one mentee's by
 * rank; the scheme's by mentee then rank. */
enum err db_match_wishes_of_mentee(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, struct db_match_wish **out, size_t *n);
enum err db_match_wishes_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_match_wish **out, size_t *n);
/* Replace a mentee's wishes with mentor_ids[0..n) as ranks 1..n. */
enum err db_match_wishes_set(struct db *db, int64_t scheme_id, int64_t mentee_id,
    const int64_t *mentor_ids, size_t n, int64_t now);

struct db_match_avoid {
	int64_t mentor_id;
	int64_t mentee_id;            /* scheme lists: the active mentee with
	                                 the address, 0 none; 0 in a mentor's */
	const char *email;            /* as the mentor typed it */
	int64_t created_at;
	const char *mentor_name, *mentee_name;   /* scheme lists only */
};
enum err db_match_avoids_of_mentor(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentor_id, struct db_match_avoid **out, size_t *n);
enum err db_match_avoids_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_match_avoid **out, size_t *n);
/* *added false when the mentor had already marked that address. */
enum err db_match_avoid_add(struct db *db, int64_t scheme_id, int64_t mentor_id,
    const char *email, int64_t now, bool *added);
/* ERR_NOT_FOUND when there was no such mark. */
enum err db_match_avoid_delete(struct db *db, int64_t scheme_id, int64_t mentor_id,
    const char *email);

/* Is the mentee without a live relationship in the scheme? */
enum err db_match_mentee_waiting(struct db *db, int64_t scheme_id, int64_t mentee_id,
    bool *waiting);

#endif
