/*
 * schemes.h - storage for the schemes list, the site overview, a
 * scheme's own fields and its administrators (ADM-2, ADM-9; migration
 * 0018).  Conventions as db.h.  Who may read or change them is decided
 * in app/schemes.c.  The settings record itself is db_scheme_settings
 * (db.h).
 */
#ifndef TANDEM_DB_SCHEMES_H
#define TANDEM_DB_SCHEMES_H

#include "db/db.h"

/* One scheme with its numbers: the list and the site overview. */
struct db_scheme_overview {
	struct db_scheme s;
	int64_t mentors;           /* active people with the role */
	int64_t mentees;
	int64_t admins;
	int64_t pending;           /* people waiting for approval */
	int64_t requests_open;     /* queued, new, waiting or amend */
	int64_t live;              /* relationships */
	int64_t completed;
	int64_t ended_early;
	int64_t sessions;          /* logged sessions started in [from, to) */
	int64_t minutes;
};

/* Every scheme (admin_of 0) or the schemes admin_of administers, by
 * name, with their numbers; sessions and minutes count [from, to). */
enum err db_schemes_overview(struct db *db, struct arena *a, int64_t admin_of,
    int64_t from, int64_t to, struct db_scheme_overview **out, size_t *n);

/* What the settings page summarises about the pages that manage the
 * rest of a scheme's settings. */
struct db_scheme_managed {
	int64_t keywords;          /* not retired */
	int64_t other_options;     /* specialties, organisations, sites */
	int64_t fields;            /* profile fields, not retired */
	int64_t stages;            /* journey stages */
	int64_t guides;
	int64_t guides_published;
	int64_t forms_active;      /* evaluation forms */
	int64_t contacts;          /* escalation contacts for concerns */
	int64_t holidays;
};
enum err db_scheme_managed(struct db *db, int64_t scheme_id, struct db_scheme_managed *out);

/* The active schemes taking registrations, oldest first. */
enum err db_schemes_registering(struct db *db, struct arena *a, struct db_scheme **out,
    size_t *n);

/* Name, description and whether the scheme is active. */
enum err db_scheme_update(struct db *db, const struct db_scheme *s);

/* One version of a scheme's privacy notice (migration 0024). */
struct db_scheme_notice {
	int64_t version;
	int64_t created_at;
	int64_t created_by;        /* 0: not recorded (or the person is gone) */
	const char *created_by_name;   /* "" when created_by is 0 */
	const char *text;          /* NULL in lists */
};

/* Every version of a scheme's notice, newest first, without texts. */
enum err db_scheme_notices(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_scheme_notice **out, size_t *n);
/* One version with its text (ERR_NOT_FOUND when there is none). */
enum err db_scheme_notice_get(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t version, struct db_scheme_notice *out);
/* Keep a new version (ERR_CONFLICT when the version is already kept);
 * by: 0 for nobody. */
enum err db_scheme_notice_add(struct db *db, int64_t scheme_id, int64_t version,
    const char *text, int64_t at, int64_t by);
/* Record who wrote a version whose author is not recorded yet. */
enum err db_scheme_notice_author(struct db *db, int64_t scheme_id, int64_t version,
    int64_t by);

/* Remove one role (ERR_NOT_FOUND when the person did not have it). */
enum err db_role_remove(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role);

#endif
