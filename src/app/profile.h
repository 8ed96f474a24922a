/*
 * profile.h - profiles (PRO-1 to PRO-7, PRO-10): reading, checking and
 * saving a person's own profile, photos, completeness, and deciding what
 * of someone's profile a viewer may see.
 *
 * Design: visibility is decided in exactly one place.  app_person_get
 * works out what kind of viewer `me` is for the person (self, an
 * administrator of a scheme the person belongs to, the other party of a
 * possible or actual match, or nobody) and returns only the fields that
 * viewer may see, each with its visibility so the page can mark private
 * ones.  Handlers render what they are given and never filter.
 *
 *   viewer \ field   public  private  equality
 *   self             yes     yes      yes
 *   administrator    yes     yes      no
 *   other party      yes     no       no
 *   anyone else      (404: the profile is not there for them)
 *
 * The other party is a mentee looking at a mentor of their active scheme
 * who may be offered to them (app_finder_assess says MX_NONE) or with
 * whom they have a relationship (any status), or a mentor looking at a
 * mentee they have a relationship with.
 *
 * Traps: equality-monitoring answers (country of origin, gender, date of
 * birth, and scheme fields marked "equality") are never logged, audited
 * or returned for anyone but the person; the audit detail of a save
 * names the parts saved, never values.  An unknown visibility string is
 * treated as equality (fail closed).
 */
#ifndef TANDEM_APP_PROFILE_H
#define TANDEM_APP_PROFILE_H

#include "app/account.h"
#include "app/date.h"
#include "app/finder.h"
#include "db/profiles.h"
#include "db/schemeconf.h"

/* ---- the visibility rule ---- */

enum profile_vis { VIS_PUBLIC, VIS_PRIVATE, VIS_EQUALITY };
enum profile_viewer { VIEWER_SELF, VIEWER_ADMIN, VIEWER_PARTY, VIEWER_NONE };

/* "public", "private", "equality"; anything else -> VIS_EQUALITY. */
enum profile_vis app_profile_vis_parse(const char *s);
const char *app_profile_vis_text(enum profile_vis v);
/* Whether a viewer of this kind sees a field of this visibility (the
 * table above). */
bool app_profile_shows(enum profile_viewer viewer, enum profile_vis vis);

/* ---- limits (characters) ---- */
#define PROFILE_SHORT_MAX 200       /* names, job role, organisation ... */
#define PROFILE_LONG_MAX 5000       /* statement, biography */
#define PROFILE_MEDIUM_MAX 2000     /* reasons, skills, areas of support */
#define PROFILE_CAPACITY_MAX 50
#define PROFILE_TRAVEL_MAX 1000

/* ---- a scheme's own fields ---- */

/* Check the answer to one field (values: one for most kinds, any number
 * for multi; empty strings ignored) and give the text to store
 * (*stored: on entry the answer held now or NULL - a choice it holds
 * stays acceptable after the administrator edits the choices; on exit
 * "" for no answer, multi one choice per line, each once).  ERR_BAD_INPUT
 * with *why a sentence naming the field: required and empty; choice not
 * one of the choices; a date not a real YYYY-MM-DD; a number not a whole
 * number; text over the limit (text 200, long_text 5000). */
enum err app_profile_field_check(struct arena *a, const struct db_field *f,
    const char *const *values, size_t n, const char **stored, const char **why);

/* ---- someone's profile, as a viewer may see it ---- */

struct app_profile_item {
	const char *key;        /* "job_role", "statement", "field_12" */
	const char *label;      /* "Job role or training grade" */
	const char *value;      /* as shown; "" when not given */
	enum profile_vis vis;
	const char *part;       /* "shared", "mentee", "mentor" */
	bool is_long;           /* several paragraphs */
};

struct app_person {
	int64_t user_id;
	int64_t scheme_id;            /* the scheme the profile is shown for */
	const char *scheme_name;
	enum profile_viewer viewer;
	const char *name;             /* preferred name, else given + family */
	const char *given_name, *family_name;
	bool has_photo;
	bool has_mentee_part, has_mentor_part;
	struct app_profile_item *items;  /* only those the viewer may see */
	size_t nitems;
	const char **mentee_keywords, **mentor_keywords;
	size_t nmentee_keywords, nmentor_keywords;
	bool is_offered;              /* a mentee viewing a mentor they may request */
	struct finder_assessment assessment;  /* when is_offered */
};

/* The profile of user_id as `me` may see it.  ERR_NOT_FOUND when me may
 * not see it at all (never saying whether the person exists). */
enum err app_person_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct app_person *out);

/* The stored photo of user_id, for a viewer allowed to see the profile:
 * *path (under data_dir) and *type.  ERR_NOT_FOUND when there is none or
 * me may not see it. */
enum err app_person_photo(struct db *db, struct arena *a, const struct app_auth *me,
    const char *data_dir, int64_t user_id, const char **path, const char **type);

/* ---- my own profile ---- */

/* What the edit form needs: every stored value of the shared part and
 * of the active view's role part, the lists to choose from and the
 * scheme's own fields for the role. */
struct app_profile_form {
	int64_t scheme_id;
	const char *scheme_name;
	const char *role;             /* "mentee", "mentor", or "" (no role part) */
	bool has_other_role;          /* also the other role in this scheme */
	struct db_user user;
	struct db_profile profile;
	struct db_mentee_profile mentee;
	struct db_mentor_profile mentor;
	int64_t default_capacity;
	struct db_keyword *keywords;  /* picked, for the role */
	size_t nkeywords;
	struct db_option *keyword_options, *specialty_options, *organisation_options,
	    *site_options;            /* active ones, plus the current value if retired */
	size_t nkeyword_options, nspecialty_options, norganisation_options,
	    nsite_options;
	struct db_field *fields;      /* the role's own fields, not retired */
	size_t nfields;
	const char **field_values;    /* stored answers, parallel to fields */
};
enum err app_profile_form_load(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_profile_form *out);

/* A save of the shared part and the active role's part.  A NULL string
 * or list keeps what is stored (the API's partial update); the form
 * sends everything, with is_complete set so that an unticked box or an
 * absent own field clears it. */
struct app_profile_input {
	bool is_complete;
	const char *preferred_name, *pronouns, *contact_email, *phone, *job_role;
	const char *organisation, *specialty, *site, *previous_organisations;
	const char *country_of_origin, *gender, *date_of_birth;
	/* mentee part */
	const char *statement, *reasons, *support_areas, *availability;
	const char *max_travel_miles;        /* "" none, else 0-1000 */
	/* mentor part */
	const char *biography, *skills;
	const char *capacity;                /* "" the scheme's default, else 0-50 */
	int is_available;                    /* -1 keep, 0 not available, 1 available */
	/* either part */
	const char *const *formats;          /* in_person, video, phone */
	size_t nformats;
	bool has_formats;
	const char *const *keywords;         /* option ids as text */
	size_t nkeywords;
	bool has_keywords;
	/* own fields: name "field_12", one entry per value (multi repeats) */
	const char *const *field_names, *const *field_inputs;
	size_t nfield_inputs;
};

/* Check everything (problems per field, keyed by the input's name:
 * "date_of_birth", "capacity", "field_12" ...), then in one transaction
 * write the shared part, the role part, keywords and own fields,
 * reindex the person's search text and audit "profile.update".
 * ERR_BAD_INPUT with problems; ERR_FORBIDDEN without an active view. */
enum err app_profile_save(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_profile_input *in, const char *ip, struct app_problems *ps);

/* PRO-5: replace my photo with the upload at tmp_path (len bytes):
 * refused (ERR_BAD_INPUT, problem on "photo") when empty, larger than
 * max_photo, or not a valid JPEG, PNG or WebP by its bytes; stored
 * without metadata under a generated name; the old file deleted after
 * the commit; audited. */
enum err app_profile_photo_set(struct db *db, struct arena *a, const struct app_auth *me,
    const char *data_dir, size_t max_photo, const char *tmp_path, size_t len,
    const char *ip, struct app_problems *ps);
/* Remove my photo (no-op without one). */
enum err app_profile_photo_remove(struct db *db, struct arena *a,
    const struct app_auth *me, const char *data_dir, const char *ip);

/* ---- completeness ---- */

/* What the active view's role still lacks before the person can be
 * matched: labels of the scheme's required built-in fields
 * (match_missing) and required own fields.  *n 0 when complete or when
 * the view has no role part. */
enum err app_profile_missing(struct db *db, struct arena *a, const struct app_auth *me,
    const char ***labels, size_t *n);

#endif
