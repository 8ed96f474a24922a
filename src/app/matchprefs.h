/*
 * matchprefs.h - preferences for cohort matching (REQ-11): a mentee's
 * ranked wishes (up to three mentors they would like) and a mentor's
 * "prefer not to take" marks, and the scheme's weights for them
 * (migration 0021).  Neither side's marks are ever shown to the other
 * person; administrators of the scheme see them when matching.
 */
#ifndef TANDEM_APP_MATCHPREFS_H
#define TANDEM_APP_MATCHPREFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;

#define APP_WISHES_MAX 3

/* The scheme's settings for preferences, in score points (0-100). */
struct app_match_settings {
	int wish_weight[APP_WISHES_MAX];  /* [0] first choice ... */
	bool avoid_hard;                  /* "prefer not" excludes the pair */
	int avoid_penalty;                /* else: points taken off */
	bool stable_mode;                 /* offer the stable result too */
};

struct app_match_wish {
	int64_t mentee_id, mentor_id;
	int rank;                         /* 1 .. APP_WISHES_MAX */
};

struct app_match_avoid {
	int64_t mentor_id, mentee_id;
};

/* Everything cohort matching needs of a scheme's preferences, in one
 * read: the settings and every wish and avoid in the scheme (wishes
 * ordered by mentee then rank; avoids by mentor then mentee), arrays in
 * the arena.  No access check (the caller is cohort matching, which
 * checks the administrator).  ERR_NOT_FOUND for an unknown scheme. */
enum err app_matchprefs_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct app_match_settings *st, struct app_match_wish **wishes, size_t *nwishes,
    struct app_match_avoid **avoids, size_t *navoids);

#endif
