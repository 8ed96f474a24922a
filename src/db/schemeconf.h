/*
 * schemeconf.h - storage of what a scheme defines for profiles and
 * matching (issue 4): its option lists (standard keywords, specialties,
 * organisations, sites with coordinates), its own profile fields, and
 * its matching rules, score weights and required fields.
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_CONFLICT (a label
 * already in the list), ERR_BUSY, ERR_DB; strings copied into the
 * caller's arena; writes inside the caller's transaction.
 */
#ifndef TANDEM_DB_SCHEMECONF_H
#define TANDEM_DB_SCHEMECONF_H

#include "db/db.h"

/* ---- option lists ---- */

struct db_option {
	int64_t id;
	int64_t scheme_id;
	const char *list;         /* keyword, specialty, organisation, site */
	const char *label;
	bool has_location;        /* sites with coordinates */
	double latitude, longitude;
	int64_t position;
	bool is_retired;
};

/* A scheme's options of one list (list NULL: every list), ordered by
 * list, position, id; retired ones only when include_retired. */
enum err db_options_list(struct db *db, struct arena *a, int64_t scheme_id,
    const char *list, bool include_retired, struct db_option **out, size_t *n);
enum err db_option_get(struct db *db, struct arena *a, int64_t id, struct db_option *out);
/* Position: after the last of its list.  ERR_CONFLICT for a duplicate
 * label (case-insensitive) in the same list. */
enum err db_option_add(struct db *db, const struct db_option *o, int64_t now, int64_t *id);
/* Label, coordinates, position and is_retired from o (by o->id). */
enum err db_option_update(struct db *db, const struct db_option *o);
/* The people whose profile holds old_label in a specialty, organisation
 * or site list of the scheme and who may have it renamed: its mentees and
 * mentors, but not those with a role in another scheme whose list still
 * has old_label (profiles are shared across a person's schemes). */
enum err db_option_rename_who(struct db *db, struct arena *a, int64_t scheme_id,
    const char *list, const char *old_label, int64_t **ids, size_t *n);
/* Set one person's specialty, organisation or site (list) to label. */
enum err db_option_rename_one(struct db *db, int64_t user_id, const char *list,
    const char *label);

/* ---- a scheme's own fields ---- */

struct db_field {
	int64_t id;
	int64_t scheme_id;
	const char *label;
	const char *hint;
	const char *kind;         /* text, long_text, choice, multi, date, number */
	const char *choices;      /* one per line (choice, multi) */
	const char *visibility;   /* public, private, equality */
	const char *applies_to;   /* mentee, mentor, both */
	bool is_required;
	int64_t position;
	bool is_retired;
};
enum err db_fields_list(struct db *db, struct arena *a, int64_t scheme_id,
    bool include_retired, struct db_field **out, size_t *n);
enum err db_field_get(struct db *db, struct arena *a, int64_t id, struct db_field *out);
enum err db_field_add(struct db *db, const struct db_field *f, int64_t now, int64_t *id);
/* Everything but id and scheme_id from f (by f->id). */
enum err db_field_update(struct db *db, const struct db_field *f);
/* How many people have answered the field. */
enum err db_field_answers(struct db *db, int64_t field_id, int64_t *n);
/* How many profile keyword picks use a keyword option. */
enum err db_option_uses(struct db *db, int64_t option_id, int64_t *n);

/* ---- matching rules, weights, required fields ---- */

struct db_matching {
	int64_t scheme_id;
	bool exclude_conflicts;
	const char *organisation_rule;  /* any, same, different */
	const char *specialty_rule;
	int64_t max_distance_miles;     /* 0: no limit */
	int64_t weight_keyword, weight_specialty, weight_organisation,
	    weight_distance, weight_format;
	const char *mentor_required;    /* comma-separated field keys (match.h) */
	const char *mentee_required;
	int64_t updated_at;
};
enum err db_matching_get(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_matching *out);
enum err db_matching_put(struct db *db, const struct db_matching *m);

#endif
