/*
 * match.h - the matching rules (FIND-4), the match score and its reasons
 * (FIND-3), and profile completeness, as pure functions over plain
 * structs: no database, no clock, no allocation except from the arena
 * passed in.  The finder (finder.c) and the profile pages (profile.c)
 * both use these, so "who may be offered to whom" and "how well they
 * fit" are decided in exactly one place; cohort matching (issue 11) will
 * use the same score.
 *
 * The scheme tunes the weights (scheme_matching, admin guide:
 * docs/profiles.md "Match score").
 */
#ifndef TANDEM_APP_MATCH_H
#define TANDEM_APP_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

/* ---- meeting formats (bits) ---- */
enum match_format {
	FORMAT_IN_PERSON = 1 << 0,
	FORMAT_VIDEO = 1 << 1,
	FORMAT_PHONE = 1 << 2,
};
#define FORMAT__ALL (FORMAT_IN_PERSON | FORMAT_VIDEO | FORMAT_PHONE)

/* "in_person,video" <-> bits.  Parsing ignores empty items and fails
 * with ERR_BAD_INPUT on an unknown one. */
enum err match_formats_parse(const char *csv, unsigned *bits);
const char *match_formats_text(struct arena *a, unsigned bits);   /* "in_person,video" */
const char *match_formats_words(struct arena *a, unsigned bits);  /* "in person or video" */

/* ---- built-in profile fields a scheme can require (completeness) ---- */
/* Equality-monitoring fields are deliberately absent: never required. */
enum match_field {
	/* shared part */
	MF_PREFERRED_NAME,
	MF_PRONOUNS,
	MF_CONTACT_EMAIL,
	MF_PHONE,
	MF_PHOTO,
	MF_JOB_ROLE,
	MF_ORGANISATION,
	MF_SPECIALTY,
	MF_SITE,
	MF_PREVIOUS_ORGANISATIONS,
	/* mentee part */
	MF_STATEMENT,
	MF_REASONS,
	MF_SUPPORT_AREAS,
	MF_AVAILABILITY,
	MF_MAX_TRAVEL,
	/* either role's part */
	MF_FORMATS,
	MF_KEYWORDS,
	/* mentor part */
	MF_BIOGRAPHY,
	MF_SKILLS,
	MF_TRAINING,
	MF__MAX
};
enum match_role_part { MF_SHARED, MF_MENTEE, MF_MENTOR, MF_EITHER };

struct match_field_info {
	const char *key;          /* "job_role": settings, forms, API */
	const char *label;        /* "Job role or training grade" */
	enum match_role_part part;
};
extern const struct match_field_info match_fields[MF__MAX];

/* "job_role,biography" -> bit mask of (1u << MF_x).  ERR_BAD_INPUT on an
 * unknown key (*bad set to it, from the arena). */
enum err match_fields_parse(struct arena *a, const char *csv, uint32_t *mask,
    const char **bad);
const char *match_fields_text(struct arena *a, uint32_t mask);

/* The required fields (mask) a person has not filled (filled mask), for
 * a role ("mentee" or "mentor": fields of the other role's part are not
 * required of them).  Returns the missing mask; 0 = complete. */
uint32_t match_missing(uint32_t required, uint32_t filled, const char *role);

/* ---- the people being matched ---- */

struct match_person {
	int64_t user_id;
	const char *organisation;     /* "" when unknown; compared ignoring case */
	const char *specialty;
	bool has_location;            /* site with coordinates */
	double latitude, longitude;
	unsigned formats;             /* FORMAT_* bits; 0 = not said */
	const int64_t *keywords;      /* standard keyword ids, sorted ascending */
	size_t nkeywords;
	int64_t max_travel_miles;     /* mentee: 0 = not said */
};

enum match_rule { MATCH_ANY, MATCH_SAME, MATCH_DIFFERENT };

struct match_rules {
	bool exclude_conflicts;
	enum match_rule organisation_rule;
	enum match_rule specialty_rule;
	int64_t max_distance_miles;   /* 0: no limit */
	int weight_keyword;           /* per shared keyword */
	int weight_specialty;         /* same specialty */
	int weight_organisation;      /* same organisation (may be negative) */
	int weight_distance;          /* full when close, falling to 0 far away */
	int weight_format;            /* a meeting format in common */
};

/* From the stored settings (db_matching fields as text and numbers). */
enum match_rule match_rule_parse(const char *s);   /* unknown -> MATCH_ANY */
const char *match_rule_text(enum match_rule r);

/* ---- exclusions (FIND-4, PRO-6) ---- */

enum match_exclusion {
	MX_NONE = 0,
	MX_SELF,                 /* the mentee themself */
	MX_CONFLICT,             /* declared supervisor, appraiser or conflict */
	MX_ORGANISATION,         /* fails the same/different organisation rule */
	MX_SPECIALTY,            /* fails the same/different specialty rule */
	MX_DISTANCE,             /* further than the scheme's maximum distance */
	MX_UNAVAILABLE,          /* mentor set "not available" */
	MX_FULL,                 /* active mentees reached capacity */
	MX_INCOMPLETE,           /* mentor profile lacks a required field */
	MX_NOT_MENTOR,           /* not an active, approved mentor of the scheme */
	MX_PAUSED,               /* REQ-14: let two requests pass the deadline;
	                            offered again when they next sign in */
	MX__MAX
};

/* A sentence for administrators: "Declared as the mentee's educational
 * supervisor or appraiser" ... */
const char *match_exclusion_text(enum match_exclusion x);

/* The rule-based exclusions between a mentee and a mentor (conflict,
 * organisation, specialty, distance), in that order of precedence.
 * Availability, capacity and completeness are the caller's facts and
 * are checked by the finder before this. */
enum match_exclusion match_check(const struct match_person *mentee,
    const struct match_person *mentor, const struct match_rules *rules,
    bool is_conflict);

/* ---- distance ---- */

/* Great-circle distance in miles (haversine). */
double match_miles(double lat1, double lon1, double lat2, double lon2);

/* ---- score (FIND-3) ----
 *
 * score = round(100 * points / possible), 0-100, where
 *   points = weight_keyword * min(shared keywords, 5)
 *          + weight_specialty     (same specialty, both known, any case)
 *          + weight_organisation  (same organisation; may be negative)
 *          + weight_distance * closeness  (1 at 0 miles, falling linearly
 *            to 0 at the scheme's max distance, else the mentee's max
 *            travel, else 50 miles; 0 when a location is unknown)
 *          + weight_format        (a meeting format in common)
 * clamped at 0, and possible = the positive weights the mentee could
 * have scored (keywords: min(mentee's keywords, 5) times the weight; a
 * part the mentee has no data for is left out).  possible 0 -> score 0.
 * docs/internals/matching.md has the reasoning.
 */

#define MATCH_SHARED_MAX 16

/* The parts of the score (added with part_points below). */
enum match_part { MP_KEYWORDS, MP_SPECIALTY, MP_ORGANISATION, MP_DISTANCE,
	MP_FORMAT, MP__MAX };

struct match_score {
	int score;                        /* 0-100 */
	int64_t shared[MATCH_SHARED_MAX]; /* shared keyword ids, ascending */
	size_t nshared;                   /* how many in all (may exceed the array) */
	bool same_specialty;
	bool same_organisation;
	bool has_miles;
	double miles;
	unsigned shared_formats;
	/* Added after the first contract (trailing, so existing code is
	 * unaffected): what each part added to the points (weight times the
	 * part's measure; negative when a negative weight applied).  The
	 * reasons list the parts that added something, strongest first. */
	double part_points[MP__MAX];
	int points_possible;              /* the score's denominator */
};


/* Score a mentor for a mentee under the scheme's weights. */
void match_score(const struct match_person *mentee, const struct match_person *mentor,
    const struct match_rules *rules, struct match_score *out);

/* The reasons in words, strongest first: "3 shared keywords: leadership,
 * exams, returning to training", "Same specialty", "12 miles away",
 * "Meets in person or by video": one per part that added points (so a
 * negative organisation weight is never a reason), ordered by what it
 * added.  label(id, ud) names a keyword (NULL: count only).  The array
 * is NULL-terminated and, with its strings, owned by the arena; *n set. */
typedef const char *(*match_label_fn)(int64_t keyword_id, void *ud);
const char **match_reasons(struct arena *a, const struct match_score *s,
    match_label_fn label, void *ud, size_t *n);

#endif
