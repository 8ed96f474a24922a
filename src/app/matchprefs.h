/*
 * matchprefs.h - preferences for cohort matching (REQ-11): a mentee's
 * ranked wishes (up to three mentors they would like) and a mentor's
 * "prefer not to take" marks, and the scheme's weights for them
 * (migration 0021).  Neither side's marks are ever shown to the other
 * person; administrators of the scheme see them when matching.
 *
 * Who may do what (the person's active view chooses the scheme, as for
 * declared conflicts):
 *   - a mentee (active view mentee) of a scheme with cohort matching on
 *     (scheme_settings.allow_cohort_matching) and no live mentor chooses
 *     a first, second and third choice among the mentors they may be
 *     offered (app_finder_assess: MX_NONE; a mentor only full or paused
 *     for now only when already among their stored wishes), or none;
 *   - a mentor (active view mentor) of such a scheme marks mentees they
 *     would prefer not to take, by the email address they use.  PRO-10:
 *     a mentor sees a mentee only once matched or requested, so mentors
 *     get no list of mentees and the address is never looked up for
 *     them (the answer is the same whether or not anyone uses it);
 *   - an administrator of the scheme reads every wish and mark
 *     (app_matchprefs_admin); anyone else ERR_NOT_FOUND.
 * A wrong view is ERR_FORBIDDEN; a scheme without cohort matching is
 * ERR_NOT_FOUND for changes (the pages say so instead).
 *
 * Housekeeping: when a mentee gets a live mentor their wishes are set
 * aside for good, not deleted: a wish counts only while the mentee has
 * had no relationship in the scheme start since it was made, and the
 * mentee and mentor are active and still hold their roles (the queries
 * in db/matchprefs.def).  A deactivated person's wishes and marks stop
 * counting the same way, and come back if the account is reactivated.
 * Every change is audited ("matchprefs.wishes", "matchprefs.avoid")
 * with ids only, never names or addresses.
 */
#ifndef TANDEM_APP_MATCHPREFS_H
#define TANDEM_APP_MATCHPREFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/account.h"
#include "app/app.h"
#include "core/err.h"
#include "db/matchprefs.h"

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

/* ---- the scheme's settings (the settings page, app/schemes.c) ---- */

/* The settings from their stored form, and back. */
void app_match_settings_from_db(const struct db_matchprefs_settings *in,
    struct app_match_settings *out);
/* Problems on wish_weight_1..3 and avoid_penalty (each 0-100); pure.
 * ERR_BAD_INPUT when there are any. */
enum err app_match_settings_check(const struct app_match_settings *st,
    struct app_problems *ps);
/* Read a scheme's settings (no access check: the caller has one). */
enum err app_match_settings_get(struct db *db, int64_t scheme_id,
    struct app_match_settings *out);

/* ---- a mentee's wishes ---- */

enum app_mp_state {
	APP_MP_OPEN,          /* may choose */
	APP_MP_NOT_USED,      /* the scheme does not use cohort matching */
	APP_MP_HAS_MENTOR,    /* a live mentor: wishes are not used */
};

/* A mentor the mentee may choose: public profile parts only (PRO-3). */
struct app_mentor_choice {
	int64_t user_id;
	const char *name, *job_role, *organisation;
	bool is_offered;      /* false: a current wish no longer offered */
};

struct app_wishes_page {
	int64_t scheme_id;
	const char *scheme_name;
	enum app_mp_state state;
	struct app_match_settings st;
	struct db_match_wish *wishes;     /* that count, rank order */
	size_t nwishes;
	struct app_mentor_choice *choices;   /* by name; the current wishes'
	                                        mentors are always there */
	size_t nchoices;
};
/* ERR_FORBIDDEN unless me's active view is a mentee view. */
enum err app_wishes_get(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_wishes_page *out);

/* The order rules, pure: no mentor twice, no second choice without a
 * first nor a third without a second (problems on choice_1..3). */
enum err app_wishes_check(const int64_t choice[APP_WISHES_MAX], struct app_problems *ps);

/* Save choice[0..2] (0: none) as the mentee's wishes, replacing any;
 * all zero clears them.  Problems on choice_N (order, or a mentor who
 * may not be offered to them).  ERR_FORBIDDEN wrong view, ERR_NOT_FOUND
 * cohort matching off, ERR_CONFLICT a live mentor. */
enum err app_wishes_save(struct db *db, struct arena *a, const struct app_auth *me,
    const int64_t choice[APP_WISHES_MAX], const char *ip, struct app_problems *ps);

/* ---- a mentor's "prefer not" ---- */

struct app_avoid_page {
	int64_t scheme_id;
	const char *scheme_name;
	enum app_mp_state state;          /* OPEN or NOT_USED */
	struct app_match_settings st;
	struct db_match_avoid *avoids;    /* the addresses typed, a-z */
	size_t navoids;
};
/* ERR_FORBIDDEN unless me's active view is a mentor view. */
enum err app_avoids_get(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_avoid_page *out);
/* Problems on "email": empty, not an address, the mentor's own, already
 * marked.  Never says whether anyone uses the address. */
enum err app_avoid_add(struct db *db, struct arena *a, const struct app_auth *me,
    const char *email, const char *ip, struct app_problems *ps);
/* ERR_NOT_FOUND when the mentor has no such mark. */
enum err app_avoid_remove(struct db *db, struct arena *a, const struct app_auth *me,
    const char *email, const char *ip);

/* ---- administrators ---- */

struct app_matchprefs_admin {
	struct db_scheme scheme;
	struct app_match_settings st;
	struct db_match_wish *wishes;     /* that count, by mentee then rank */
	size_t nwishes;
	struct db_match_avoid *avoids;    /* by mentor; mentee_id 0: nobody
	                                     in the scheme uses the address */
	size_t navoids;
};
/* ERR_NOT_FOUND unless me administers the scheme. */
enum err app_matchprefs_admin(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_matchprefs_admin *out);

/* ---- home ---- */

struct app_matchprefs_home {
	bool show;
	bool is_mentee;       /* else a mentor */
	size_t nwishes, navoids;
};
/* The card for me's active view: a waiting mentee or a mentor of a
 * scheme with cohort matching on; show false otherwise. */
enum err app_matchprefs_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_matchprefs_home *out);

/* The side menu's entries for me's active view (REQ-11): *wishes for a
 * mentee without a live mentor, *avoid for a mentor, each only when the
 * scheme has cohort matching on; both false otherwise.  At most two
 * indexed reads (every page calls it). */
enum err app_matchprefs_menu(struct db *db, const struct app_auth *me, bool *wishes,
    bool *avoid);

#endif
