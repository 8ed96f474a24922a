/*
 * people.h - people administration (ADM-1, ADM-3): bulk import of
 * people from CSV with a dry run, and deactivating and reactivating a
 * person.
 *
 * Scope: site administrators act on everyone; a scheme administrator
 * imports only into a scheme they administer and deactivates only people
 * whose every role is in schemes they administer (app_people_may_change).
 * A person or scheme outside the caller's scope is ERR_NOT_FOUND, as if
 * it did not exist.  Editing is split (docs/people-admin.md): roles in
 * the caller's own schemes for anyone they can see; names only under
 * app_people_may_change; email and username (what a password reset and
 * signing in hang on) of anyone who administers a scheme only by a site
 * administrator.
 *
 * Import (ADM-3): a CSV with a header naming the columns username,
 * email, given_name, family_name, role (any order; role is mentor, mentee
 * or both).  app_people_import_check is the dry run: it writes nothing
 * and gives every row with its line number and its problems, and a
 * digest of the text, keyed to the installation, the administrator and
 * the scheme (a digest shown to one administrator for one scheme is no
 * good to another, and none can be made without a dry run).  A file that
 * is not UTF-8, or not text at all, is refused as a whole with what to do
 * (core/csv's faults, worded as the cohort import words them).
 * app_people_import_commit re-sends the same text
 * and digest, checks everything again and, only if no row has a problem,
 * creates everyone in ONE transaction: active, with the roles in the
 * scheme, a password nobody knows (argon2id of 32 random bytes) and an
 * email (kind password.reset, it carries a live link) with a link to set
 * their own password, valid APP_PEOPLE_INVITE_TTL; one audit row
 * "people.import" with the count.
 */
#ifndef TANDEM_APP_PEOPLE_H
#define TANDEM_APP_PEOPLE_H

#include "app/account.h"
#include "db/people.h"

#define APP_PEOPLE_IMPORT_MAX 1000          /* people in one file */
#define APP_PEOPLE_IMPORT_BYTES (512 * 1024) /* the CSV text */
#define APP_PEOPLE_INVITE_TTL (7 * 24 * 60 * 60) /* the set-password link */
#define APP_PEOPLE_REASON_MAX 500

struct app_import_row {
	size_t line;                 /* the line the row starts on */
	const char *username, *email, *given_name, *family_name, *role;
	const char *problem;         /* NULL when fine; else every problem,
	                                "; "-separated */
};

struct app_import {
	struct app_import_row *rows;
	size_t n;
	size_t nbad;                 /* rows with a problem */
	const char *problem;         /* the file as a whole (no header, a
	                                quote left open ...); NULL if fine */
	char digest[HASH_HEX_LEN + 1]; /* of the text, for the confirm step */
};

/* The dry run.  ERR_NOT_FOUND for a scheme outside the caller's scope;
 * otherwise ERR_OK with *out filled (out->problem or out->nbad say
 * whether it can be imported). */
enum err app_people_import_check(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, const char *text,
    struct app_import *out);

/* Import for real.  ERR_BAD_INPUT with out->problem when `digest` is
 * missing ("Check the file first") or is not the digest this
 * administrator's dry run of this text for this scheme gave ("The file
 * changed since it was checked"), or when the checks now find a problem
 * (*out says which); ERR_NOT_FOUND as the dry run.  *created how many
 * people were added. */
enum err app_people_import_commit(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, const char *text,
    const char *digest, const char *ip, struct app_import *out, size_t *created);

/* Deactivate (ADM-1): status deactivated, every sign-in session ended,
 * open requests closed (app_requests_close_for_person_tx), audited with
 * the reason.  ERR_BAD_INPUT with a problem on "reason" when it is blank
 * or too long; ERR_CONFLICT when not active, when it is the caller, or
 * when they are in live relationships (*live lists them: end or
 * reassign them first); ERR_FORBIDDEN when a scheme administrator tries
 * someone with roles outside their schemes or a site administrator;
 * ERR_NOT_FOUND outside scope. */
enum err app_people_deactivate(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t user_id, const char *reason,
    const char *ip, struct app_problems *ps, struct db_people_rel **live,
    size_t *nlive);

/* Reactivate a deactivated person (status active); audited.  The same
 * scope as deactivating; ERR_CONFLICT unless deactivated. */
enum err app_people_reactivate(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t user_id, const char *ip);

/* May `me` change this person's account as a whole (status, sessions,
 * names)?  A site administrator always; a scheme administrator only when
 * every one of the person's roles is in a scheme they administer and the
 * person is not a site administrator.  ERR_NOT_FOUND when `me` cannot
 * see the person at all (app_user_visible), ERR_FORBIDDEN when they can
 * but the rule says no.  Loads the person into *u; *scheme_id is the
 * first scheme the person has a role in (0: none). */
enum err app_people_may_change(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t user_id, struct db_user *u,
    int64_t *scheme_id);

/* app_people_may_change for many people at once, for a list's buttons:
 * ok[i] says whether `me` may change ids[i] (a site administrator always;
 * otherwise every role of the person in a scheme `me` administers and the
 * person not a site administrator).  One query for the whole list, none
 * per person.  Visibility is the caller's: the list already holds only
 * people `me` may see. */
enum err app_people_may_change_each(struct db *db, struct arena *a,
    const struct app_auth *me, const int64_t *ids, size_t n, bool *ok);

/* ---- editing a person (ADM-1) ---- */

/* One role the form shows: a scheme the caller may change roles in. */
struct app_person_role {
	int64_t scheme_id;
	const char *scheme_name;
	const char *role;            /* mentor, mentee, scheme_admin */
	bool held;
};

/* What the edit form shows: the person, and every role the caller may
 * grant or remove (mentor and mentee in the schemes they administer; a
 * site administrator also scheme_admin in every scheme), with whether
 * the person holds it.  *can_site_admin when the caller may change the
 * site administrator flag (a site administrator).  can_edit_names and
 * can_edit_sign_in say whether the caller may change the names and the
 * email and username (the rules at the top); a form shows the others
 * read-only.  ERR_NOT_FOUND when the caller cannot see the person,
 * ERR_FORBIDDEN for a scheme administrator opening a site
 * administrator. */
struct app_person_form {
	struct db_user user;
	struct app_person_role *roles;
	size_t nroles;
	bool can_site_admin;
	bool can_edit_names;         /* given_name, family_name */
	bool can_edit_sign_in;       /* email, username */
};
enum err app_people_edit_form(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct app_person_form *out);

struct app_person_edit {
	const char *given_name, *family_name, *email, *username;
	bool set_roles;              /* false: roles unchanged */
	const char *const *roles;    /* "SCHEME:ROLE", the ones wanted */
	size_t nroles;
	bool is_site_admin;          /* used when the caller is a site administrator */
};

/* Save the details and roles.  Roles outside what the form offers are
 * left alone.  ERR_BAD_INPUT with problems on given_name, family_name,
 * email, username (rules as registration; username and email not used
 * by anyone else; a changed value the caller may not change, see
 * can_edit_names and can_edit_sign_in) and "roles" (removing a mentor or
 * mentee role while a live relationship holds it: end or reassign first;
 * removing the last site administrator).  Audited as "account.edit"
 * with before and after: one row per scheme the person is (or was) in,
 * each with the details and that scheme's role changes only, and a row
 * of no scheme (0) for the site administrator flag or when the person is
 * in no scheme -- never under a scheme the person is not in (H4).  When
 * the email changes, the OLD address is told (once the notice kind
 * account.email_changed is registered in app/notify.c).  Scope as
 * app_people_edit_form. */
enum err app_people_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, const struct app_person_edit *e, const char *ip,
    struct app_problems *ps);

#endif
