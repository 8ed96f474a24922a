/*
 * finder.h - "Find a mentor" (FIND-1 to FIND-4): which mentors a mentee
 * may be offered, searched by standard keywords and free text, filtered,
 * scored and paged; and the same assessment for one pair (the mentor's
 * profile page, the administrator's "why was this mentor excluded?").
 *
 * Design (docs/internals/finder.md): each scheme's mentors are held in
 * a compact in-memory index (availability, capacity, completeness,
 * organisation, specialty, location, formats, keyword ids), rebuilt
 * when the database's search generation moves (a counter bumped by
 * triggers on every table that matters).  Free text goes to SQLite
 * FTS5 (mentor_text), whose rows the app rewrites whenever a mentor's
 * public text changes (app_finder_reindex_*).  Scoring and rules are
 * match.h's.
 */
#ifndef TANDEM_APP_FINDER_H
#define TANDEM_APP_FINDER_H

#include "app/account.h"
#include "app/match.h"
/* Row types the pages see (struct db_option, struct db_person). */
#include "db/schemeconf.h"
#include "db/search.h"
#include "db/training.h"   /* struct db_person: people of a role in a scheme */

/* ---- keeping the free-text index true (inside the caller's transaction) ---- */

/* Rewrite the search text of every mentor profile of this person (after
 * a change to their shared profile, mentor part, keywords or own-field
 * answers).  Only public fields go in.  No-op for a non-mentor. */
enum err app_finder_reindex_user_tx(struct db *db, int64_t user_id);
/* Every mentor of the scheme (after an option rename or a change to a
 * scheme field's visibility). */
enum err app_finder_reindex_scheme_tx(struct db *db, int64_t scheme_id);

/* ---- the scheme's settings as match.h wants them ---- */

/* The scheme's rules and weights, and the required-field masks for a
 * mentor to be findable and a mentee to request (match_fields_parse of
 * scheme_matching).  ERR_NOT_FOUND for an unknown scheme. */
enum err app_matching_load(struct db *db, struct arena *a, int64_t scheme_id,
    struct match_rules *rules, uint32_t *mentor_required, uint32_t *mentee_required);

/* ---- one person's facts as match.h wants them ----
 *
 * The finder and cohort matching (app/cohortmatch.c) read the same rows
 * (struct db_search_person, db_search_scheme_keywords) and must judge a
 * person the same way: these are the one conversion both use. */

/* The formats bits of a "in_person,video" list (none when unreadable). */
unsigned app_finder_formats(const char *csv);
/* The filled masks (match.h MF_ bits) that match_missing checks against
 * the scheme's required fields: a mentor's row with its formats as
 * parsed, and a mentee's row (has_keywords: keywords in the scheme). */
uint32_t app_finder_mentor_filled(const struct db_search_person *r, unsigned formats);
uint32_t app_finder_mentee_filled(const struct db_search_person *r, bool has_keywords);
/* The match_person of a row: strings point into the row, `keywords`
 * (ascending ids, the caller's) is pointed at; a maximum travel not said
 * (-1) is 0. */
void app_finder_person(const struct db_search_person *r, const int64_t *keywords,
    size_t nkeywords, struct match_person *out);
/* From a (person, keyword) list ordered by person (db_search_scheme_keywords),
 * the keyword ids of `user_id`: copied into ids[] (as long as kws) at the
 * same positions, *out pointed at them; *k is where the walk is, so a
 * walk over persons in ascending id order reads the list once. */
void app_finder_keywords_of(const struct db_search_keyword *kws, size_t nkws,
    size_t *k, int64_t user_id, int64_t *ids, const int64_t **out, size_t *n);

/* ---- one pair ---- */

struct finder_assessment {
	enum match_exclusion exclusion;   /* MX_NONE: may be offered */
	const char *why;                  /* match_exclusion_text, "" when none */
	struct match_score score;
	const char **reasons;             /* match_reasons */
	size_t nreasons;
};

/* Whether mentor_id may be offered to mentee_id in the scheme, and how
 * well they fit.  No access check: callers decide who may see it.
 * ERR_NOT_FOUND when either is not a participant of the scheme. */
enum err app_finder_assess(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t mentor_id, struct finder_assessment *out);

/* ---- the search ---- */

enum finder_sort { FINDER_SORT_SCORE, FINDER_SORT_NAME, FINDER_SORT_DISTANCE };

struct finder_query {
	int64_t scheme_id;
	int64_t mentee_id;              /* for whom: rules and score */
	const char *text;               /* words and "quoted phrases", "" none */
	bool text_any;                  /* any word (default: every word) */
	const int64_t *keywords;        /* standard keyword ids wanted */
	size_t nkeywords;
	bool keywords_all;              /* every keyword (default: any) */
	const char *specialty;          /* "" any */
	const char *organisation;       /* "" any */
	unsigned formats;               /* FORMAT_* wanted, 0 any */
	int64_t within_miles;           /* 0 any; mentors without a location
	                                   are left out when set */
	enum finder_sort sort;
	size_t page;                    /* from 1 */
	size_t per_page;                /* 1-50 */
};

struct finder_hit {
	int64_t user_id;
	const char *name;               /* preferred name or given + family */
	const char *job_role, *organisation, *specialty, *site;
	const char *biography_excerpt;  /* first ~200 characters */
	bool has_photo;
	const char **keywords;          /* the mentor's standard keywords */
	size_t nkeywords;
	unsigned formats;
	int64_t free_places;            /* capacity - active mentees */
	struct match_score score;
	const char **reasons;
	size_t nreasons;
};

struct finder_result {
	struct finder_hit *hits;
	size_t nhits;
	size_t total;                   /* matches over all pages */
	size_t page, pages;
	uint32_t mentee_missing;        /* required fields the mentee lacks */
};

/* Run a search for q->mentee_id in q->scheme_id.  `me` must be that
 * mentee (a mentee of the scheme) or an administrator of the scheme
 * (searching on a mentee's behalf): ERR_FORBIDDEN otherwise.
 * ERR_BAD_INPUT (problems on "q") for free text that has no words. */
enum err app_finder_search(struct db *db, struct arena *a, const struct app_auth *me,
    const struct finder_query *q, struct finder_result *out,
    struct app_problems *ps);

/* ---- what the pages need around a search ---- */

/* The scheme's current (not retired) keyword, specialty, organisation
 * and site options, for the search panel (list, position order). */
enum err app_finder_lists(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_option **out, size_t *n);

/* The scheme's active mentees or mentors (role "mentee"/"mentor") for an
 * administrator's select lists.  ERR_NOT_FOUND unless `me` administers
 * the scheme. */
enum err app_finder_people(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *role, struct db_person **out, size_t *n);

/* The administrator's "why was this mentor (not) offered?": `me` must
 * administer the scheme and both people be of it (mentee an active
 * mentee; mentor any participant: MX_NOT_MENTOR when not an active
 * mentor), else ERR_NOT_FOUND.  Names set from the people. */
enum err app_finder_explain(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t mentee_id, int64_t mentor_id,
    struct finder_assessment *out);

/* Labels of the required fields in `missing` (match_fields order). */
const char **app_finder_missing_labels(struct arena *a, uint32_t missing, size_t *n);

/* The safe FTS5 query for a person's words and "quoted phrases":
 * every token quoted as an FTS5 string (so no FTS5 syntax of theirs is
 * ever obeyed), words as prefixes ("lead"*), phrases kept, joined by AND
 * (OR when `any`); punctuation separates words; at most 16 tokens.
 * NULL when the text has no words.  Exposed for the unit tests. */
const char *app_finder_fts_query(struct arena *a, const char *text, bool any);

/* Drop every cached index (tests, and after a bulk load). */
void app_finder_forget(void);

#endif
