/*
 * schemes.h - schemes, their administrators, their settings page and the
 * site overview (ADM-2, ADM-9).
 *
 * Who may do what:
 *   - site administrators: every scheme; create schemes; name and remove
 *     scheme administrators;
 *   - scheme administrators: read and change the settings of the schemes
 *     they run, and see those schemes in the list and overview; any other
 *     scheme's id is ERR_NOT_FOUND (never 403, never data); creating a
 *     scheme or naming administrators is ERR_FORBIDDEN for them;
 *   - anyone else: ERR_FORBIDDEN for the list, ERR_NOT_FOUND for a
 *     scheme's pages.
 * Every change is audited (app_audit_tx) in its transaction; a settings
 * save records before and after of the changed fields only
 * ("session_cap: 6 → 8"), cohort matching's weights included
 * ("wish_weight_1: 30 → 40"), the name and description as text (the
 * description shortened to 200 characters each side).  Every version of
 * the privacy notice is kept (migration 0024) and can be read again.
 * Naming an administrator emails them ("scheme.admin_named").
 */
#ifndef TANDEM_APP_SCHEMES_H
#define TANDEM_APP_SCHEMES_H

#include "app/account.h"
#include "app/matchprefs.h"
#include "db/deadlines.h"
#include "db/schemes.h"

/* The list and the site overview: one row per scheme the person may see,
 * plus a totals row (totals.s.name "All schemes").  year: the calendar
 * year whose logged sessions and hours are counted (UTC). */
struct app_schemes_overview {
	struct db_scheme_overview *rows;
	size_t n;
	struct db_scheme_overview totals;
	int year;
	bool may_create;           /* site administrators */
};
enum err app_schemes_overview(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_schemes_overview *out);

/* A site administrator creates a scheme with default settings and names
 * its first administrator (an existing person, by username).  Problems
 * on slug, name, description, admin_username. */
struct app_scheme_new {
	const char *slug;
	const char *name;
	const char *description;
	const char *admin_username;
};
enum err app_scheme_create(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_scheme_new *in, const char *ip, struct app_problems *ps, int64_t *id);

/* Everything the settings page shows. */
struct app_scheme_settings_page {
	struct db_scheme scheme;
	struct db_scheme_settings st;
	struct app_match_settings match;   /* cohort matching's weights (REQ-11) */
	struct db_scheme_managed managed;
	struct db_user *admins;
	size_t nadmins;
	struct db_holiday *holidays;
	size_t nholidays;
	struct db_scheme_notice *notices;  /* every kept version, newest first,
	                                    * without texts (the current one too) */
	size_t nnotices;
	bool may_name_admins;      /* site administrators */
};
enum err app_scheme_settings(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_scheme_settings_page *out);

/* The numbers' ranges: the rule here, and the route declares the same
 * so a word where a number belongs gets the same range in its message
 * (handlers/schemes.c). */
#define APP_SETTING_CAPACITY_MIN 1
#define APP_SETTING_CAPACITY_MAX 50
#define APP_SETTING_SESSION_CAP_MIN 0
#define APP_SETTING_SESSION_CAP_MAX 100
#define APP_SETTING_EXTENSION_MIN 0
#define APP_SETTING_EXTENSION_MAX 20
#define APP_SETTING_MINUTES_MIN 0
#define APP_SETTING_MINUTES_MAX 2400
#define APP_SETTING_DEADLINE_MIN 1
#define APP_SETTING_DEADLINE_MAX 60

/* The settings the page saves, all at once. */
struct app_scheme_settings_in {
	const char *name;
	const char *description;
	bool is_active;
	bool registration_open;
	bool approval_required;
	const char *privacy_notice;  /* a changed text makes a new version */
	bool allow_mentee_requests;
	bool ranked_requests;
	bool allow_system_proposals;
	bool allow_admin_assignment;
	bool allow_cohort_matching;
	int64_t default_capacity;        /* APP_SETTING_CAPACITY_* */
	int64_t session_cap;             /* APP_SETTING_SESSION_CAP_*, 0 no cap */
	int64_t extension_sessions;      /* APP_SETTING_EXTENSION_* */
	int64_t min_minutes_per_month;   /* APP_SETTING_MINUTES_* */
	int64_t response_deadline_days;  /* APP_SETTING_DEADLINE_*, working days */
	const char *time_zone;           /* an IANA name tz_get knows */
	bool admin_sees_documents;
	/* cohort matching's wish weights, "prefer not" and stable mode
	 * (REQ-11; problems on wish_weight_1..3, avoid_penalty); NULL keeps
	 * the stored ones */
	const struct app_match_settings *match;
};
/* Every problem of `in`, one per field (the names above); ERR_BAD_INPUT
 * when there is one.  The handler also calls it when some fields could
 * not even be read, so every field's problem is reported at once. */
enum err app_scheme_settings_check(const struct app_scheme_settings_in *in,
    struct app_problems *ps);
/* Problems are reported per field (app_scheme_settings_check); nothing is
 * saved when there is one.  *changed: how many fields changed (0:
 * nothing saved, nothing audited).  A changed privacy notice text is
 * kept as a new version, with who saved it, in the same transaction. */
enum err app_scheme_settings_save(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_scheme_settings_in *in, const char *ip,
    struct app_problems *ps, int *changed);

/* One kept version of the privacy notice, with its text, for the
 * scheme's administrators (ERR_NOT_FOUND for anyone else, and for a
 * version that was never kept: versions from before migration 0024). */
struct app_scheme_notice_page {
	struct db_scheme scheme;
	struct db_scheme_notice notice;
	int64_t current_version;
};
enum err app_scheme_notice_version(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, int64_t version,
    struct app_scheme_notice_page *out);

/* Naming and removing scheme administrators: site administrators only.
 * Problems on admin_username (unknown, not active, already one).  The
 * person named is emailed ("scheme.admin_named") in the same
 * transaction, as is a scheme's first administrator by
 * app_scheme_create.  Removing the last administrator is allowed: a
 * scheme can be run by the site administrators alone (the confirmation
 * page says so). */
enum err app_scheme_admin_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *username, const char *ip, struct app_problems *ps);
/* What the removal's confirmation page says: ERR_NOT_FOUND when user_id
 * is not an administrator of the scheme (or the rules above). */
struct app_scheme_admin_removal {
	struct db_scheme scheme;
	struct db_user person;
	size_t others;             /* administrators left after the removal */
};
enum err app_scheme_admin_removal(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, struct app_scheme_admin_removal *out);
enum err app_scheme_admin_remove(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, const char *ip);

/* For registration (ACC-1, ACC-3): the active schemes taking
 * registrations, oldest first (what /register offers); and whether one
 * scheme takes registrations and whether they wait for approval
 * (ERR_NOT_FOUND for an unknown scheme). */
enum err app_schemes_registering(struct db *db, struct arena *a,
    struct db_scheme **out, size_t *n);
enum err app_scheme_joining(struct db *db, struct arena *a, int64_t scheme_id,
    bool *registration_open, bool *approval_required);

#endif
