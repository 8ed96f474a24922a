/*
 * account.c - registration, consent, approval, unlock, password reset and
 * command-line accounts (ACC-1, ACC-2, ACC-3, ACC-5, ACC-6, ACC-7).
 *
 * Design:
 * - Every rule is checked before anything is written, and every problem
 *   is reported at once, per field, so the form comes back with all of
 *   them (UX-5).  A username taken between the check and the insert (a
 *   race) still comes back as a problem on "username", not as an error.
 * - Each change, its audit row and the emails it causes are written in
 *   one transaction (outbox, MSG-4): all of it happens or none of it.
 * - Who may act on a person: a site administrator, or an administrator
 *   of a scheme the person has a role in (may_manage).  Anyone else gets
 *   ERR_NOT_FOUND, exactly as for a person who does not exist, so the
 *   answer never reveals who is registered.
 * - Reset links: 256 random bits, emailed once; only their BLAKE2b hash
 *   is stored, so a copy of the database cannot be used to reset.  The
 *   answer to a request is the same whether or not anything matched.
 *
 * Traps: never put a password, a reset token or a link into a log line
 * or an audit detail.  argon2id costs ~50 ms: app_reset_complete hashes
 * before its transaction so the write lock is not held meanwhile
 * (app_user_create_tx hashes inside the caller's, which we cannot avoid
 * without a second create call).
 */
#include "app/account.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/pairing.h"
#include "app/password.h"
#include "app/people.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/strparse.h"

#define REASON_MAX 500

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* ---- who may act on whom ---- */

static bool
admins_scheme(const struct app_auth *me, int64_t scheme_id)
{
	for (size_t i = 0; i < me->nviews; i++)
		if (me->views[i].scheme_id == scheme_id && me->views[i].role &&
		    strcmp(me->views[i].role, "scheme_admin") == 0)
			return true;
	return false;
}

/*
 * May `me` see and act on person `user_id`?  ERR_OK with the person in
 * *u and, in *scheme_id, a scheme of theirs that `me` administers (for
 * the audit row; for a site administrator the person's first scheme, or
 * 0).  ERR_NOT_FOUND when the person does not exist or `me` may not see
 * them: the two are never told apart.
 */
static enum err
may_manage(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct db_user *u, int64_t *scheme_id)
{
	struct db_role *roles;
	size_t n;
	enum err rc;

	*scheme_id = 0;
	if (me == NULL || me->user_id <= 0 || user_id <= 0)
		return ERR_NOT_FOUND;
	if ((rc = db_user_get(db, a, user_id, u)) != ERR_OK)
		return rc;
	if ((rc = db_roles_of_user(db, a, user_id, &roles, &n)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (admins_scheme(me, roles[i].scheme_id)) {
			*scheme_id = roles[i].scheme_id;
			return ERR_OK;
		}
	}
	if (me->is_site_admin) {
		*scheme_id = n ? roles[0].scheme_id : 0;
		return ERR_OK;
	}
	return ERR_NOT_FOUND;
}

enum err
app_user_visible(struct db *db, const struct app_auth *me, int64_t user_id)
{
	struct arena *a = arena_new(0);
	struct db_user u;
	int64_t scheme_id;
	enum err rc = may_manage(db, a, me, user_id, &u, &scheme_id);

	arena_free(a);
	return rc;
}

/* Does the person hold any role in the scheme? */
static enum err
has_role_in(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id,
    bool *yes)
{
	struct db_role *roles;
	size_t n;
	enum err rc = db_roles_of_user(db, a, user_id, &roles, &n);

	*yes = false;
	for (size_t i = 0; rc == ERR_OK && i < n; i++)
		if (roles[i].scheme_id == scheme_id)
			*yes = true;
	return rc;
}

static const char *
subject_user(struct arena *a, int64_t id)
{
	return arena_printf(a, "user:%lld", (long long)id);
}

/* ---- the account rules, with the password rules of password.h ---- */

/* app_user_check's rules for username, email and names, with its
 * password rule replaced by app_password_problem's (ASVS 5.0). */
static void
check_account(const struct app_new_user *u, struct app_problems *ps)
{
	struct app_problems mine = { .n = 0 };

	(void)app_user_check(u, &mine);
	for (size_t i = 0; i < mine.n; i++)
		if (strcmp(mine.p[i].field, "password") != 0)
			app_problem(ps, mine.p[i].field, mine.p[i].message);
	const char *why = app_password_problem(u->password, u->username);
	if (why != NULL)
		app_problem(ps, "password", why);
}

static bool
has_problem(const struct app_problems *ps, const char *field)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].field, field) == 0)
			return true;
	return false;
}

static const char taken_msg[] = "That username is taken. Choose another";

/* ---- registration (ACC-1, ACC-2, ACC-3) ---- */

static const char *
roles_text(const struct app_registration *r)
{
	return r->as_mentee && r->as_mentor ? "a mentee and a mentor" :
	    r->as_mentor ? "a mentor" : "a mentee";
}

static enum err
register_emails_tx(struct db *db, struct arena *a, const struct app_registration *r,
    const struct db_scheme *scheme, int64_t user_id, bool active)
{
	struct db_user *admins;
	size_t nadmins;
	enum err rc;

	const char *text = active ? arena_printf(a,
	    "Hello %s,\n\n"
	    "Thank you for registering with %s on Tandem.\n\n"
	    "Your account is ready: you can sign in now.\n\n"
	    "You registered as %s. Your username is %s.\n\n"
	    "Tandem\n",
	    r->given_name, scheme->name, roles_text(r), r->username) : arena_printf(a,
	    "Hello %s,\n\n"
	    "Thank you for registering with %s on Tandem.\n\n"
	    "What happens next\n\n"
	    "A scheme administrator will check your registration. We will email "
	    "you as soon as they have approved it. You cannot sign in until then.\n\n"
	    "You registered as %s. Your username is %s.\n\n"
	    "If you did not register, you do not need to do anything: the "
	    "registration will not be approved without you.\n\n"
	    "Tandem\n",
	    r->given_name, scheme->name, roles_text(r), r->username);
	rc = app_notice_tx(db, &(struct app_notice){.user_id = user_id,
	    .to = r->email,
	    .kind = "account.registered",
	    .scheme_id = scheme->id,
	    .subject = "We have received your registration",
	    .text = text,
	    .path = "/sign-in"});
	if (rc != ERR_OK)
		return rc;

	if ((rc = db_scheme_admins(db, a, scheme->id, &admins, &nadmins)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < nadmins && active; i++) {
		text = arena_printf(a,
		    "Hello %s,\n\n"
		    "%s %s has registered with %s as %s. The scheme does not need "
		    "approval, so their account is already active.\n\n"
		    "Username: %s\n"
		    "Email: %s\n\n"
		    "Tandem\n",
		    admins[i].given_name, r->given_name, r->family_name, scheme->name,
		    roles_text(r), r->username, r->email);
		rc = app_notice_tx(db, &(struct app_notice){.user_id = admins[i].id,
		    .to = admins[i].email,
		    .kind = "admin.registration",
		    .scheme_id = scheme->id,
		    .subject = "New registration (no approval needed)",
		    .text = text,
		    .path = "/admin/users"});
		if (rc != ERR_OK)
			return rc;
	}
	for (size_t i = 0; i < nadmins && !active; i++) {
		text = arena_printf(a,
		    "Hello %s,\n\n"
		    "%s %s has registered with %s as %s and is waiting for your "
		    "approval.\n\n"
		    "Username: %s\n"
		    "Email: %s\n\n"
		    "What to do next\n\n"
		    "Sign in to Tandem and go to Pending registrations to approve or "
		    "reject the registration. They cannot sign in until you approve "
		    "it, and we will email them either way.\n\n"
		    "Tandem\n",
		    admins[i].given_name, r->given_name, r->family_name, scheme->name,
		    roles_text(r), r->username, r->email);
		rc = app_notice_tx(db, &(struct app_notice){.user_id = admins[i].id,
		    .to = admins[i].email,
		    .kind = "admin.registration",
		    .scheme_id = scheme->id,
		    .subject = "New registration waiting for approval",
		    .text = text,
		    .path = "/admin/registrations"});
		if (rc != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

enum err
app_register(struct db *db, struct arena *a, const struct app_registration *r,
    struct app_problems *ps, int64_t *user_id)
{
	struct db_scheme scheme = { .id = 0 };
	struct db_scheme_settings settings = { .scheme_id = 0 };
	struct db_user existing;
	bool scheme_ok = false;
	int64_t id = 0;
	enum err rc;
	struct app_new_user u = {
		.username = nz(r->username),
		.email = nz(r->email),
		.given_name = nz(r->given_name),
		.family_name = nz(r->family_name),
		.password = nz(r->password),
		.is_active = false,
	};
	size_t before = ps->n;

	check_account(&u, ps);
	if (!has_problem(ps, "username")) {
		rc = db_user_by_username(db, a, u.username, &existing);
		if (rc == ERR_OK)
			app_problem(ps, "username", taken_msg);
		else if (rc != ERR_NOT_FOUND)
			return rc;
	}

	rc = r->scheme_id > 0 ? db_scheme_get(db, a, r->scheme_id, &scheme) : ERR_NOT_FOUND;
	if (rc == ERR_OK && scheme.is_active)
		rc = db_scheme_settings_get(db, a, r->scheme_id, &settings);
	if (rc == ERR_OK && scheme.is_active)
		scheme_ok = true;
	else if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		return rc;
	if (!scheme_ok)
		app_problem(ps, "scheme_id", "Select the mentoring scheme you want to join");
	else if (!settings.registration_open)   /* ADM-2 */
		app_problem(ps, "scheme_id", "This scheme is not taking registrations at "
		    "the moment");

	if (!r->as_mentee && !r->as_mentor)
		app_problem(ps, "roles",
		    "Select whether you want to be a mentee, a mentor or both");

	if (!r->accepts_notice)
		app_problem(ps, "consent",
		    "You must read and accept the privacy notice to register");
	else if (scheme_ok && r->notice_version != settings.privacy_notice_version)
		app_problem(ps, "consent", "The privacy notice has changed since you "
		    "opened this page. Read it again and accept it");

	if (ps->n > before)
		return ERR_BAD_INPUT;

	struct app_registration clean = *r;
	clean.username = u.username;
	clean.email = u.email;
	clean.given_name = u.given_name;
	clean.family_name = u.family_name;
	clean.password = NULL;

	int64_t now = clock_now();
	/* ADM-2: without approval the account is active at once (the
	 * administrators are still emailed) */
	u.is_active = !settings.approval_required;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_user_create_tx(db, &u, &id);
	if (rc == ERR_CONFLICT) {
		/* taken since we looked */
		app_problem(ps, "username", taken_msg);
		rc = ERR_BAD_INPUT;
		goto out;
	}
	if (rc != ERR_OK)
		goto out;
	if (r->as_mentee && (rc = db_role_add(db, id, r->scheme_id, "mentee", now)) != ERR_OK)
		goto out;
	if (r->as_mentor && (rc = db_role_add(db, id, r->scheme_id, "mentor", now)) != ERR_OK)
		goto out;
	if ((rc = db_consent_add(db, id, r->scheme_id, settings.privacy_notice_version,
	    now)) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, id, r->scheme_id, "account.register", subject_user(a, id),
	    arena_printf(a, "registered as %s; privacy notice version %lld accepted",
	    roles_text(r), (long long)settings.privacy_notice_version), nz(r->ip));
	if (rc != ERR_OK)
		goto out;
	rc = register_emails_tx(db, a, &clean, &scheme, id, u.is_active);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == ERR_OK && user_id)
		*user_id = id;
	return rc;
}

/* ---- consent (ACC-2) ---- */

/* ERR_OK when `me` takes part in the scheme; ERR_NOT_FOUND otherwise. */
static enum err
take_part(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id)
{
	bool member;
	if (me == NULL || me->user_id <= 0)
		return ERR_NOT_FOUND;
	enum err rc = has_role_in(db, a, me->user_id, scheme_id, &member);
	if (rc == ERR_OK && !member)
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
app_consent_accept(struct db *db, struct app_auth *me, int64_t scheme_id,
    int64_t version, const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_scheme_settings settings;
	enum err rc;

	if ((rc = take_part(db, a, me, scheme_id)) != ERR_OK)
		goto done;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &settings)) != ERR_OK)
		goto done;
	if (version != settings.privacy_notice_version) {
		/* the notice changed while the page was open */
		rc = ERR_CONFLICT;
		goto done;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	rc = db_consent_add(db, me->user_id, scheme_id, version, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "consent.accept",
		    subject_user(a, me->user_id),
		    arena_printf(a, "privacy notice version %lld", (long long)version),
		    nz(ip));
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == ERR_OK && me->consent_scheme == scheme_id)
		me->consent_scheme = 0;
done:
	arena_free(a);
	return rc;
}

enum err
app_consent_withdraw(struct db *db, const struct app_auth *me, int64_t scheme_id,
    const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_scheme scheme;
	struct db_user u, *admins;
	size_t nadmins;
	int64_t ended = 0, now = clock_now();
	enum err rc;

	if ((rc = take_part(db, a, me, scheme_id)) != ERR_OK)
		goto done;
	if ((rc = db_scheme_get(db, a, scheme_id, &scheme)) != ERR_OK)
		goto done;
	if ((rc = db_user_get(db, a, me->user_id, &u)) != ERR_OK)
		goto done;

	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	if ((rc = db_consent_withdraw(db, me->user_id, scheme_id, now)) != ERR_OK)
		goto out;
	if ((rc = db_user_set_status(db, me->user_id, "deactivated", "", now)) != ERR_OK)
		goto out;
	if ((rc = db_sessions_end_user(db, me->user_id, "", &ended)) != ERR_OK)
		goto out;
	/* their open match requests, either way round, close now (REQ-12) */
	size_t closed;
	if ((rc = app_requests_close_for_person_tx(db, a, me->user_id, &closed)) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id, "consent.withdraw",
	    subject_user(a, me->user_id),
	    arena_printf(a, "account deactivated; %lld sessions ended", (long long)ended),
	    nz(ip));
	if (rc != ERR_OK)
		goto out;
	if ((rc = db_scheme_admins(db, a, scheme_id, &admins, &nadmins)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < nadmins; i++) {
		if (admins[i].id == me->user_id)
			continue;
		const char *text = arena_printf(a,
		    "Hello %s,\n\n"
		    "%s %s (username %s) has withdrawn their consent to %s using "
		    "their information.\n\n"
		    "What this means\n\n"
		    "Their account has been deactivated and they have been signed out. "
		    "Tandem will not use their information for the scheme from now on. "
		    "If they have a mentor or mentees, you may want to let them know "
		    "the relationship has stopped.\n\n"
		    "Tandem\n",
		    admins[i].given_name, u.given_name, u.family_name, u.username,
		    scheme.name);
		rc = app_notice_tx(db, &(struct app_notice){.user_id = admins[i].id,
		    .to = admins[i].email,
		    .kind = "admin.consent_withdrawn",
		    .scheme_id = scheme_id,
		    .subject = "Someone has withdrawn their consent",
		    .text = text,
		    .path = arena_printf(a, "/admin/users/%lld", (long long)me->user_id)});
		if (rc != ERR_OK)
			goto out;
	}
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	arena_free(a);
	return rc;
}

/* ---- approval (ACC-3) ---- */

/* Approve (reason NULL) or reject a pending account. */
static enum err
decide(struct db *db, const struct app_auth *me, int64_t user_id, const char *reason,
    const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_user u;
	struct db_scheme scheme;
	int64_t scheme_id;
	bool approve = reason == NULL;
	const char *scheme_name = "your mentoring scheme";
	enum err rc;

	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	if ((rc = may_manage(db, a, me, user_id, &u, &scheme_id)) != ERR_OK)
		goto out;
	if (strcmp(u.status, "pending") != 0) {
		rc = ERR_CONFLICT;
		goto out;
	}
	if (scheme_id && db_scheme_get(db, a, scheme_id, &scheme) == ERR_OK)
		scheme_name = scheme.name;
	rc = db_user_set_status(db, user_id, approve ? "active" : "rejected",
	    approve ? "" : reason, clock_now());
	if (rc != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id,
	    approve ? "account.approve" : "account.reject", subject_user(a, user_id),
	    approve ? "" : arena_printf(a, "reason: %s", reason), nz(ip));
	if (rc != ERR_OK)
		goto out;
	if (approve)
		rc = app_notice_tx(db, &(struct app_notice){.user_id = u.id,
		    .to = u.email,
		    .kind = "account.approved",
		    .scheme_id = scheme_id,
		    .subject = "Your registration has been approved",
		    .text = arena_printf(a,
		        "Hello %s,\n\n"
		        "Good news: your registration with %s has been approved.\n\n"
		        "You can now sign in to Tandem with your username, %s, and the "
		        "password you chose when you registered.\n\n"
		        "What to do first\n\n"
		        "Complete your profile, so that the people you will work with "
		        "know a little about you.\n\n"
		        "If you have forgotten your password, use \"Forgotten your "
		        "password?\" on the sign-in page.\n\n"
		        "Tandem\n",
		        u.given_name, scheme_name, u.username),
		    .path = "/sign-in"});
	else
		rc = app_notice_tx(db, &(struct app_notice){.user_id = u.id,
		    .to = u.email,
		    .kind = "account.rejected",
		    .scheme_id = scheme_id,
		    .subject = "Your registration has not been approved",
		    .text = arena_printf(a,
		        "Hello %s,\n\n"
		        "We are sorry: your registration with %s has not been approved.\n\n"
		        "The scheme administrator gave this reason:\n\n"
		        "%s\n\n"
		        "If you think this is a mistake, or you have questions, contact "
		        "the scheme administrator.\n\n"
		        "Tandem\n",
		        u.given_name, scheme_name, reason),
		    .path = "/"});
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	arena_free(a);
	return rc;
}

enum err
app_approve(struct db *db, const struct app_auth *me, int64_t user_id, const char *ip)
{
	return decide(db, me, user_id, NULL, ip);
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

enum err
app_reject(struct db *db, const struct app_auth *me, int64_t user_id,
    const char *reason, const char *ip, struct app_problems *ps)
{
	enum err rc = app_user_visible(db, me, user_id);

	if (rc != ERR_OK)
		return rc;
	reason = nz(reason);
	if (blank(reason) || str_utf8_len(reason) > REASON_MAX) {
		app_problem(ps, "reason", blank(reason) ?
		    "Enter a reason, which will be sent to the person" :
		    "Reason must be 500 characters or fewer");
		return ERR_BAD_INPUT;
	}
	return decide(db, me, user_id, reason, ip);
}

/* ---- unlock and sessions (ACC-5, ACC-4) ---- */

enum err
app_unlock(struct db *db, const struct app_auth *me, int64_t user_id, const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_user u;
	int64_t scheme_id;
	enum err rc;

	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	/* as ending sessions (security review L3): unlocking lets the next
	 * password guesses in, so a scheme administrator unlocks only people
	 * whose every role is in their schemes, never another scheme's
	 * administrator or a site administrator (ERR_FORBIDDEN) */
	if ((rc = app_people_may_change(db, a, me, user_id, &u, &scheme_id)) != ERR_OK)
		goto out;
	if ((rc = db_user_unlock(db, user_id)) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id, "account.unlock",
	    subject_user(a, user_id), u.locked_at ? "" : "was not locked", nz(ip));
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	arena_free(a);
	return rc;
}

enum err
app_end_sessions(struct db *db, const struct app_auth *me, int64_t user_id,
    const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_user u;
	int64_t scheme_id, ended = 0;
	enum err rc;

	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	/* security review L3: not merely someone who shares a scheme (a
	 * scheme administrator must not sign another scheme's administrator
	 * out): every role of the person in the caller's schemes */
	if ((rc = app_people_may_change(db, a, me, user_id, &u, &scheme_id)) != ERR_OK)
		goto out;
	if ((rc = db_sessions_end_user(db, user_id, "", &ended)) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id, "account.end_sessions",
	    subject_user(a, user_id),
	    arena_printf(a, "%lld sessions ended", (long long)ended), nz(ip));
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	arena_free(a);
	return rc;
}

/* ---- forgotten password (ACC-6) ---- */

enum err
app_reset_request(struct db *db, const char *username, const char *email,
    const char *base_url, const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_user u;
	char token[TOKEN_TEXT_LEN + 1], hash[HASH_HEX_LEN + 1];
	char *text = NULL;
	int64_t now = clock_now();
	enum err rc;

	rc = db_user_by_username(db, a, nz(username), &u);
	if (rc == ERR_NOT_FOUND ||
	    (rc == ERR_OK && (strcasecmp(u.email, nz(email)) != 0 ||
	    strcmp(u.status, "active") != 0))) {
		/* no match: nothing to send, and the caller says the same */
		rc = ERR_OK;
		goto done;
	}
	if (rc != ERR_OK)
		goto done;

	crypto_token(token);
	crypto_hash_hex(token, strlen(token), hash);
	text = arena_printf(a,
	    "Hello %s,\n\n"
	    "We received a request to reset the password for your Tandem account "
	    "(username %s).\n\n"
	    "To choose a new password, open this link:\n\n"
	    "%s/password/reset/%s\n\n"
	    "The link works once, for one hour. After that you will need to ask "
	    "for a new one.\n\n"
	    "If you did not ask to reset your password, you do not need to do "
	    "anything: your password has not changed. If you keep getting these "
	    "emails, tell your scheme administrator.\n\n"
	    "Tandem\n",
	    u.given_name, u.username, nz(base_url), token);
	crypto_wipe(token, sizeof(token));

	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	rc = db_reset_add(db, hash, u.id, now, now + APP_RESET_TTL);
	if (rc == ERR_OK)
		rc = app_notice_tx(db, &(struct app_notice){.user_id = u.id,
		    .to = u.email,
		    .kind = "password.reset",
		    .scheme_id = 0,
		    .subject = "Reset your Tandem password",
		    .text = text,
		    .path = "/sign-in"});
	if (rc == ERR_OK)
		rc = app_audit_tx(db, 0, 0, "password.reset_request",
		    subject_user(a, u.id), "reset link emailed", nz(ip));
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	if (text)
		crypto_wipe(text, strlen(text));
	crypto_wipe(hash, sizeof(hash));
	arena_free(a);
	return rc;
}

/* Is the link live?  *user_id its person; the hash into hash. */
static enum err
reset_live(struct db *db, const char *token, char hash[HASH_HEX_LEN + 1],
    int64_t *user_id)
{
	int64_t expires_at, used_at;
	enum err rc;

	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN)
		return ERR_NOT_FOUND;
	crypto_hash_hex(token, TOKEN_TEXT_LEN, hash);
	rc = db_reset_get(db, hash, user_id, &expires_at, &used_at);
	if (rc != ERR_OK)
		return rc;
	if (used_at != 0 || clock_now() >= expires_at)
		return ERR_NOT_FOUND;
	return ERR_OK;
}

/* The link's person, who must still be allowed to sign in. */
static enum err
reset_user(struct db *db, struct arena *a, int64_t user_id, struct db_user *u)
{
	enum err rc = db_user_get(db, a, user_id, u);

	if (rc == ERR_OK && strcmp(u->status, "active") != 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
app_reset_check(struct db *db, const char *token)
{
	struct arena *a = arena_new(0);
	char hash[HASH_HEX_LEN + 1];
	struct db_user u;
	int64_t user_id;
	enum err rc = reset_live(db, token, hash, &user_id);

	if (rc == ERR_OK)
		rc = reset_user(db, a, user_id, &u);
	arena_free(a);
	return rc;
}

enum err
app_reset_complete(struct db *db, struct arena *a, const char *token,
    const char *password, const char *ip, struct app_problems *ps)
{
	char hash[HASH_HEX_LEN + 1], pwhash[PASSWORD_HASH_MAX];
	struct db_user u;
	int64_t user_id, again, ended = 0;
	const char *why;
	enum err rc;

	pwhash[0] = '\0';
	if ((rc = reset_live(db, token, hash, &user_id)) != ERR_OK)
		goto done;
	if ((rc = reset_user(db, a, user_id, &u)) != ERR_OK)
		goto done;
	if ((why = app_password_problem(nz(password), u.username)) != NULL) {
		app_problem(ps, "password", why);
		rc = ERR_BAD_INPUT;
		goto done;
	}
	/* hash outside the transaction: ~50 ms without the write lock */
	if ((rc = crypto_password_hash(password, pwhash)) != ERR_OK)
		goto done;

	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	/* again inside: it may have expired or been used meanwhile */
	rc = reset_live(db, token, hash, &again);
	if (rc == ERR_OK && again != user_id)
		rc = ERR_NOT_FOUND;
	if (rc == ERR_OK) {
		rc = db_reset_use(db, hash, clock_now());
		if (rc == ERR_CONFLICT)
			rc = ERR_NOT_FOUND;
	}
	if (rc == ERR_OK)
		rc = db_user_set_password(db, user_id, pwhash);
	if (rc == ERR_OK)
		rc = db_sessions_end_user(db, user_id, "", &ended);
	if (rc == ERR_OK)   /* any other link sent earlier is spent too */
		rc = db_resets_end_user(db, user_id, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, user_id, 0, "password.reset",
		    subject_user(a, user_id),
		    arena_printf(a, "password set from a reset link; %lld sessions ended",
		    (long long)ended), nz(ip));
	if (rc == ERR_OK)
		rc = app_notice_tx(db, &(struct app_notice){.user_id = u.id,
		    .to = u.email,
		    .kind = "password.changed",
		    .scheme_id = 0,
		    .subject = "Your Tandem password has been changed",
		    .text = arena_printf(a,
		        "Hello %s,\n\n"
		        "The password for your Tandem account (username %s) has just been "
		        "changed using a reset link, and you have been signed out "
		        "everywhere.\n\n"
		        "If this was you, you do not need to do anything.\n\n"
		        "If it was not you, contact your scheme administrator straight "
		        "away.\n\n"
		        "Tandem\n",
		        u.given_name, u.username),
		    .path = "/sign-in"});
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	crypto_wipe(pwhash, sizeof(pwhash));
	crypto_wipe(hash, sizeof(hash));
	return rc;
}

/* ---- the command line ---- */

enum err
app_user_add_cli(struct db *db, const struct app_new_user *in,
    struct app_problems *ps, int64_t *id)
{
	struct arena *a = arena_new(0);
	struct db_user existing;
	struct app_new_user u = *in;
	size_t before = ps->n;
	int64_t uid = 0;
	enum err rc;

	u.username = nz(u.username);
	u.email = nz(u.email);
	u.given_name = nz(u.given_name);
	u.family_name = nz(u.family_name);
	u.password = nz(u.password);
	u.is_active = true;
	check_account(&u, ps);
	if (!has_problem(ps, "username")) {
		rc = db_user_by_username(db, a, u.username, &existing);
		if (rc == ERR_OK)
			app_problem(ps, "username", taken_msg);
		else if (rc != ERR_NOT_FOUND)
			goto done;
	}
	if (ps->n > before) {
		rc = ERR_BAD_INPUT;
		goto done;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	rc = app_user_create_tx(db, &u, &uid);
	if (rc == ERR_CONFLICT) {
		app_problem(ps, "username", taken_msg);
		rc = ERR_BAD_INPUT;
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, 0, 0, "account.add_cli", subject_user(a, uid),
		    u.is_site_admin ? "active account, site administrator" :
		    "active account", "");
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == ERR_OK && id)
		*id = uid;
done:
	arena_free(a);
	return rc;
}

enum err
app_user_unlock_cli(struct db *db, const char *username)
{
	struct arena *a = arena_new(0);
	struct db_user u;
	enum err rc;

	if ((rc = db_user_by_username(db, a, nz(username), &u)) != ERR_OK)
		goto done;
	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	rc = db_user_unlock(db, u.id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, 0, 0, "account.unlock", subject_user(a, u.id),
		    u.locked_at ? "from the command line" :
		    "from the command line; was not locked", "");
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	arena_free(a);
	return rc;
}
