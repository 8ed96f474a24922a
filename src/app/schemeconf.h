/*
 * schemeconf.h - what a scheme administrator sets up for profiles and
 * matching (issue 4): the option lists (PRO-8 standard keywords, and the
 * specialty, organisation and site choices, sites with coordinates), the
 * scheme's own profile fields (PRO-2), and the matching rules, score
 * weights and required fields (FIND-3, FIND-4), with the scheme's
 * default mentor capacity.
 *
 * Design: every function takes `me` and the scheme id and first checks
 * app_is_scheme_admin(me, scheme_id): anyone else gets ERR_NOT_FOUND,
 * exactly as for a scheme that does not exist, so an administrator of
 * another scheme learns nothing.  An option or field id that belongs to
 * another scheme (or another list) is ERR_NOT_FOUND too.  Every change
 * runs in its own transaction with its audit row ("scheme.option_add",
 * "scheme.field_edit", "scheme.matching" ...), and keeps the free-text
 * search true (app_finder_reindex_scheme_tx) when an option is renamed
 * or a field's label, visibility or retirement changes.
 *
 * Input arrives as text (what was typed) and the rules speak here, per
 * field, in plain English: ERR_BAD_INPUT with problems keyed by the
 * form's input names (label, latitude, longitude, hint, kind, choices,
 * visibility, applies_to, organisation_rule, specialty_rule,
 * max_distance_miles, weight_keyword ... default_capacity,
 * mentor_required, mentee_required).
 *
 * Traps: labels are unique per list ignoring ASCII case (the column is
 * COLLATE NOCASE); renaming "Leadership" to "leadership" is allowed.
 * Retired options stay on the profiles that have them (keywords are
 * held by id, texts by label) but are not offered for new picks.  A
 * field's kind cannot change once people have answered it, except
 * between text and long_text (answers stay readable).
 */
#ifndef TANDEM_APP_SCHEMECONF_H
#define TANDEM_APP_SCHEMECONF_H

#include "app/account.h"
#include "db/schemeconf.h"

#define SC_LABEL_MAX 100        /* option label, characters */
#define SC_FIELD_LABEL_MAX 200
#define SC_HINT_MAX 500
#define SC_CHOICES_MIN 2
#define SC_CHOICES_MAX 50
#define SC_CHOICE_MAX 100       /* one choice, characters */
#define SC_OPTIONS_MAX 500      /* options in one list */
#define SC_FIELDS_MAX 100       /* fields of one scheme */

/* ---- pure rules (no database: unit-tested) ---- */

/* keyword, specialty, organisation, site. */
bool app_sc_list_valid(const char *list);
/* "Standard keywords", "Specialties" ... ("" for an unknown list). */
const char *app_sc_list_title(const char *list);

/* A decimal coordinate in [min, max] ("" is absent: *present false).
 * Digits with an optional sign and decimal point only (no exponents,
 * hex, inf or nan), at most 20 characters.  ERR_BAD_INPUT otherwise. */
enum err app_sc_parse_coordinate(const char *s, double min, double max,
    bool *present, double *out);

/* The choices of a choice or multi field, one per line: lines trimmed,
 * blank lines dropped, \r ignored.  Rules: SC_CHOICES_MIN to
 * SC_CHOICES_MAX choices, each 1 to SC_CHOICE_MAX characters, no two the
 * same ignoring case.  On ERR_BAD_INPUT *problem says why in words.
 * *text is the clean form ("a\nb\nc") to store. */
enum err app_sc_parse_choices(struct arena *a, const char *in, const char ***out,
    size_t *n, const char **text, const char **problem);

/* Whether a field of kind `from` with answers may become `to`: the same,
 * or text <-> long_text.  Without answers anything goes. */
bool app_sc_kind_change_ok(const char *from, const char *to, bool has_answers);

/* A whole number in [min, max] typed as text; ERR_BAD_INPUT otherwise. */
enum err app_sc_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* ---- option lists ---- */

struct app_sc_option_in {
	const char *label;
	const char *latitude;        /* sites only; "" for none */
	const char *longitude;
};

/* Every option of the list, retired ones too (in order).  ERR_NOT_FOUND
 * for an unknown list or scheme, or a caller who may not manage it. */
enum err app_sc_options(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, struct db_option **out, size_t *n);

/* One option of the scheme's list (ERR_NOT_FOUND otherwise). */
enum err app_sc_option(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id, struct db_option *out);

/* Add at the end.  Problems: label (empty, too long, already in the
 * list), latitude/longitude (not a number, out of range, only one of
 * the two given). */
enum err app_sc_option_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, const struct app_sc_option_in *in,
    const char *ip, struct app_problems *ps, int64_t *id);

/* Rename (and for sites, set the coordinates).  A new label is carried
 * into the profiles of the scheme's members and the search text. */
enum err app_sc_option_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id,
    const struct app_sc_option_in *in, const char *ip, struct app_problems *ps);

/* Move one place up (dir < 0) or down (dir > 0); at an end, nothing. */
enum err app_sc_option_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id, int dir, const char *ip);

/* Retire (not offered for new picks; kept where already chosen) or
 * restore. */
enum err app_sc_option_retire(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id, bool retired,
    const char *ip);

/* ---- the scheme's own fields ---- */

struct app_sc_field_in {
	const char *label;
	const char *hint;
	const char *kind;            /* text, long_text, choice, multi, date, number */
	const char *choices;         /* as typed, one per line */
	const char *visibility;      /* public, private, equality */
	const char *applies_to;      /* mentee, mentor, both */
	bool is_required;
};

/* The field rules without the database (label 1-200 characters, hint up
 * to 500, known kind, visibility and applies_to, choices for choice and
 * multi only); *choices_text the clean choices to store ("" for other
 * kinds). */
enum err app_sc_field_check(struct arena *a, const struct app_sc_field_in *in,
    const char **choices_text, struct app_problems *ps);

enum err app_sc_fields(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_field **out, size_t *n);
/* One field and whether anyone has answered it. */
enum err app_sc_field(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, struct db_field *out, bool *has_answers);

/* field_id 0: a new field at the end (*id set); otherwise an edit.
 * Problems as app_sc_field_check, and on "kind" a refused change of
 * kind once answers exist. */
enum err app_sc_field_save(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, const struct app_sc_field_in *in,
    const char *ip, struct app_problems *ps, int64_t *id);

enum err app_sc_field_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, int dir, const char *ip);
enum err app_sc_field_retire(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, bool retired, const char *ip);

/* ---- matching rules, weights, required fields, capacity ---- */

struct app_sc_matching {
	struct db_matching m;
	int64_t default_capacity;
	uint32_t mentor_mask, mentee_mask;   /* match_fields_parse of m */
};

/* What the form sends, as typed. */
struct app_sc_matching_in {
	bool exclude_conflicts;
	const char *organisation_rule;       /* any, same, different */
	const char *specialty_rule;
	const char *max_distance_miles;      /* 0-1000 */
	const char *weight_keyword;          /* 0-100 */
	const char *weight_specialty;        /* 0-100 */
	const char *weight_organisation;     /* -100..100 */
	const char *weight_distance;         /* 0-100 */
	const char *weight_format;           /* 0-100 */
	const char *default_capacity;        /* 1-50 */
	const char *const *mentor_required;  /* match_fields keys */
	size_t nmentor_required;
	const char *const *mentee_required;
	size_t nmentee_required;
};

/* Whether a match_fields entry may be required of a mentor (shared,
 * mentor and either-role parts) or of a mentee (shared, mentee, either). */
bool app_sc_field_key_for(size_t mf, bool mentor);

/* The rules without the database: every problem at once; *out filled
 * (scheme_id and updated_at left to the caller). */
enum err app_sc_matching_check(struct arena *a, const struct app_sc_matching_in *in,
    struct app_sc_matching *out, struct app_problems *ps);

enum err app_sc_matching(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_sc_matching *out);
enum err app_sc_matching_save(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_sc_matching_in *in, const char *ip,
    struct app_problems *ps);

/* ---- the hub ---- */

/* The scheme, if `me` may manage it (ERR_NOT_FOUND otherwise). */
enum err app_sc_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *out);
/* The schemes `me` may manage (site administrator: every active
 * scheme), for the administration menu. */
enum err app_sc_managed(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_scheme **out, size_t *n);

struct app_sc_counts {
	size_t options[4], retired[4];       /* keyword, specialty, organisation, site */
	size_t fields, fields_retired;
};
extern const char *const app_sc_lists[4];
enum err app_sc_counts(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct app_sc_counts *out);

#endif
