/*
 * account.h - accounts and access (issue 3: ACC-1 to ACC-9 and the role
 * model): registration, consent, approval, sign-in, lockout, sessions,
 * password reset, roles and the active view, notification settings.
 *
 * Implemented in session.c (signing in and out, sessions, throttle,
 * views), account.c (registration, consent, approval, unlock, reset,
 * command-line accounts) and notify.c (kinds of email and settings).
 *
 * Conventions: `me` is the signed-in person acting; `ip` is where they
 * are ("" for the command line).  Functions that change data run their
 * own transaction, write the audit row and queue emails inside it.
 * Failures of a rule come back as ERR_BAD_INPUT with problems per field,
 * ERR_FORBIDDEN when `me` may not do it, ERR_NOT_FOUND when the thing is
 * not there or not visible to `me` (never revealing which).
 */
#ifndef TANDEM_APP_ACCOUNT_H
#define TANDEM_APP_ACCOUNT_H

#include "app/app.h"
#include "core/crypto.h"

#define APP_LOCK_AFTER 5            /* ACC-5 */
#define APP_RESET_TTL (60 * 60)     /* ACC-6: one hour */
#define APP_PASSWORD_MIN 12         /* ASVS 5.0 */
#define APP_PASSWORD_MAX 128

/* ---- the signed-in person ---- */

/* One of a person's views: a role in a scheme. */
struct app_view {
	int64_t scheme_id;
	const char *scheme_name;
	const char *role;            /* mentee, mentor, scheme_admin */
	const char *label;           /* "Mentee", "Mentor", "Scheme administrator" */
};

struct app_auth {
	int64_t user_id;
	const char *username;
	const char *display_name;    /* "Priya Shah" */
	const char *email;
	bool is_site_admin;
	const char *csrf_base;       /* the session's CSRF secret */
	bool is_bearer;              /* API token, not a cookie */
	const char *token_hash;      /* this session */
	struct app_view *views;      /* every role in every scheme */
	size_t nviews;
	struct app_view *active;     /* one of views, or NULL */
	const char *theme;           /* light, dark */
	bool sidebar_hidden;
	int64_t consent_scheme;      /* a scheme whose notice must be
	                                (re-)accepted before anything else; 0 */
};

/* Is `me` an administrator of this scheme (or of the site)? */
bool app_is_scheme_admin(const struct app_auth *me, int64_t scheme_id);
/* Administrator of any scheme, or of the site. */
bool app_is_any_admin(const struct app_auth *me);

/* ---- signing in and out (session.c) ---- */

struct app_session_limits {
	int64_t idle;                /* seconds without a request */
	int64_t absolute;            /* seconds from sign-in */
	bool is_passive;             /* this request is not activity: the
	                                idle clock is not reset */
};

enum app_signin {
	SIGNIN_OK,
	SIGNIN_BAD,                  /* unknown name or wrong password: one message */
	SIGNIN_LOCKED,               /* ACC-5 */
	SIGNIN_PENDING,              /* ACC-3: awaiting approval */
	SIGNIN_REJECTED,
	SIGNIN_DEACTIVATED,
	SIGNIN_THROTTLED,            /* too many attempts from this address */
};

struct app_signin_in {
	const char *username;
	const char *password;
	const char *ip;
	const char *user_agent;
	bool is_bearer;              /* the API's mobile-app token */
};

struct app_signin_out {
	enum app_signin result;
	char token[TOKEN_TEXT_LEN + 1]; /* SIGNIN_OK: the new session token */
	const char *reason;          /* SIGNIN_REJECTED: the administrator's reason */
};

/* Check the password (argon2id; rehash when the limits changed), count
 * failures and lock after APP_LOCK_AFTER, throttle per address, and on
 * success make a new session (a fresh 256-bit token; only its hash is
 * stored).  Every outcome is audited. */
enum err app_sign_in(struct db *db, struct arena *a, const struct app_signin_in *in,
    const struct app_session_limits *lim, struct app_signin_out *out);

/* The person behind a session token, if the session is live (not past
 * its idle or absolute limit, person still active).  ERR_NOT_FOUND
 * otherwise.  Refreshes last-seen at most once a minute. */
enum err app_session_check(struct db *db, struct arena *a, const char *token,
    const struct app_session_limits *lim, struct app_auth *out);

/* End this session (sign out). */
enum err app_sign_out(struct db *db, const struct app_auth *me, const char *ip);

/* Make `scheme_id`/`role` the active view; ERR_NOT_FOUND if it is not
 * one of me's views. */
enum err app_switch_view(struct db *db, struct app_auth *me, int64_t scheme_id,
    const char *role);

/* ACC-9: remember the theme and side menu for a signed-in person. */
enum err app_set_appearance(struct db *db, const struct app_auth *me,
    const char *theme, bool sidebar_hidden);

/* Forget throttle state (tests). */
void app_throttle_reset(void);

/* ---- registration, consent, approval (account.c) ---- */

struct app_registration {
	const char *username;
	const char *email;
	const char *given_name;
	const char *family_name;
	const char *password;
	int64_t scheme_id;
	bool as_mentee;
	bool as_mentor;
	bool accepts_notice;         /* the privacy notice box was ticked */
	int64_t notice_version;      /* the version that was shown */
	const char *ip;
};

/* ACC-1, ACC-2, ACC-3: check every rule (problems per field: username,
 * email, given_name, family_name, password, scheme_id, roles, consent),
 * then create a pending account with the roles asked for and the consent
 * record, email the person and the scheme's administrators. */
enum err app_register(struct db *db, struct arena *a, const struct app_registration *r,
    struct app_problems *ps, int64_t *user_id);

/* ACC-2: accept the current notice of a scheme / withdraw consent (the
 * account is deactivated, its sessions ended and the administrators
 * told). */
enum err app_consent_accept(struct db *db, struct app_auth *me, int64_t scheme_id,
    int64_t version, const char *ip);
enum err app_consent_withdraw(struct db *db, const struct app_auth *me,
    int64_t scheme_id, const char *ip);

/* ACC-3: an administrator of one of the person's schemes approves or
 * rejects a pending account; the person is emailed either way.  A
 * rejection needs a reason (problem on field "reason"). */
enum err app_approve(struct db *db, const struct app_auth *me, int64_t user_id,
    const char *ip);
enum err app_reject(struct db *db, const struct app_auth *me, int64_t user_id,
    const char *reason, const char *ip, struct app_problems *ps);

/* ACC-5: unlock; end every session of a person.  Both change the
 * account as a whole, so both follow app_people_may_change (app/people.h):
 * a site administrator always; a scheme administrator only when every
 * role of the person is in a scheme they administer and the person is
 * not a site administrator (ERR_FORBIDDEN otherwise: a fellow
 * administrator of another scheme is neither unlocked nor signed out);
 * ERR_NOT_FOUND when `me` cannot see the person.  Audited under the
 * person's first scheme. */
enum err app_unlock(struct db *db, const struct app_auth *me, int64_t user_id,
    const char *ip);
enum err app_end_sessions(struct db *db, const struct app_auth *me, int64_t user_id,
    const char *ip);

/* May `me` see and act on this person (site admin, or admin of a scheme
 * the person has a role in)? */
enum err app_user_visible(struct db *db, const struct app_auth *me, int64_t user_id);

/* ACC-6: if username and email match an account, email a single-use
 * link valid for APP_RESET_TTL; otherwise do nothing.  The caller shows
 * the same answer either way.  base_url starts the link. */
enum err app_reset_request(struct db *db, const char *username, const char *email,
    const char *base_url, const char *ip);
/* Is the token a live link?  ERR_NOT_FOUND if unknown, used or expired. */
enum err app_reset_check(struct db *db, const char *token);
/* Set the new password, use the link up, end every session. */
enum err app_reset_complete(struct db *db, struct arena *a, const char *token,
    const char *password, const char *ip, struct app_problems *ps);

/* The command line: an active account (tandem user add) and unlock. */
enum err app_user_add_cli(struct db *db, const struct app_new_user *u,
    struct app_problems *ps, int64_t *id);
enum err app_user_unlock_cli(struct db *db, const char *username);

/* ---- notification settings (notify.c, ACC-8) ---- */

struct app_notice_kind {
	const char *kind;            /* "account.approved" */
	const char *label;           /* "Your registration is approved" */
	const char *description;
	bool is_required;            /* cannot be turned off (security emails) */
	const char *action;          /* the email's link-back label, "Open your chat" */
	bool is_secret;              /* the body carries a live link (a reset
	                                link): marked on the outbox row */
	bool is_private;             /* its recipient, or that it was sent at
	                                all, is private (a concern, a request
	                                to end, REL-6): only site
	                                administrators see it in the outbox */
};
extern const struct app_notice_kind app_notice_kinds[];
extern const size_t app_notice_nkinds;

struct app_pref {
	const struct app_notice_kind *kind;
	bool is_enabled;
	bool is_daily;
};
/* Every kind with this person's setting (defaults where none saved). */
enum err app_prefs_get(struct db *db, struct arena *a, int64_t user_id,
    struct app_pref **out, size_t *n);
enum err app_pref_set(struct db *db, const struct app_auth *me, const char *kind,
    bool is_enabled, bool is_daily);

/* Send (or hold for the digest, or drop) an email of `kind` to a person,
 * honouring their settings; inside the caller's transaction. */
enum err app_notify_tx(struct db *db, int64_t user_id, const char *to,
    const char *kind, const char *subject, const char *text);

/* app_notify_tx with a calendar invitation (SES-9): `ics` (core/ics.h)
 * goes with the email as a text/calendar part with METHOD `method`
 * ("REQUEST" or "CANCEL").  When the person takes this kind in the
 * daily digest the invitation is dropped (their calendar feed still has
 * the session); when they turned the kind off nothing is sent. */
enum err app_notify_ics_tx(struct db *db, int64_t user_id, const char *to,
    const char *kind, const char *subject, const char *text, const char *ics,
    const char *method);

/*
 * One notification (MSG-4, ACC-8), the form every new call site uses:
 * the same routing as app_notify_ics_tx (off, daily digest, at once),
 * and the email is rendered from the mail templates with the scheme's
 * name and a link back into Tandem.
 *   scheme_id  the scheme the email is about (0: none, e.g. account
 *              emails before any scheme); its name heads the email
 *   path       where the link back goes, "/chats/12"; NULL or "" = "/"
 *   text       the body in plain paragraphs (blank-line separated); the
 *              HTML part is made from it, escaped
 *   ics, ics_method  an invitation, as app_notify_ics_tx; NULL for none
 * Inside the caller's transaction; an unknown kind is ERR_INTERNAL.
 */
struct app_notice {
	int64_t user_id;
	const char *to;
	const char *kind;
	int64_t scheme_id;
	const char *subject;
	const char *text;
	const char *path;
	const char *ics;
	const char *ics_method;
};
enum err app_notice_tx(struct db *db, const struct app_notice *n);

/* The daily digest job: one email per person with held items. */
enum err app_digest_run(struct db *db, int64_t now, size_t *sent);

/* ---- rendering emails (notify.c; the templates are in mail/) ----
 *
 * app never builds HTML, so the email bodies are made by a renderer that
 * main installs at start-up (mail/render.c, from templates/mail/).  With
 * none installed (the command line, unit tests of other areas) emails go
 * out as plain text with the link and the footer appended.
 */

/* One notification as the templates see it. */
struct app_mail_view {
	const struct app_notice_kind *kind;
	const char *scheme_name;     /* "" when it is about no scheme */
	const char *greeting;        /* "Hello Tom," or "" (the text has one) */
	const char *subject;
	const char *text;            /* paragraphs separated by blank lines */
	const char *url;             /* absolute link back into Tandem */
	const char *settings_url;    /* absolute notification settings link */
};

/* One held item of a daily summary. */
struct app_digest_view_item {
	const char *subject, *text;
	const char *scheme_name;     /* "" for none */
	const char *label;           /* the kind's link-back label */
	const char *url;             /* absolute */
};
struct app_digest_view {
	const char *greeting;        /* "Hello Tom," */
	const struct app_digest_view_item *items;
	size_t n;                    /* items shown */
	size_t nmore;                /* held but too many to include */
	const char *url;             /* Tandem's home page */
	const char *settings_url;
};

/* Bodies into the arena; ERR_OK or the render's error (the email is
 * then not queued and the caller's transaction fails). */
struct app_mail_renderer {
	enum err (*notice)(struct arena *a, const struct app_mail_view *v,
	    char **text, char **html);
	enum err (*digest)(struct arena *a, const struct app_digest_view *v,
	    char **text, char **html);
};

/* Set once at start-up, before any thread that sends email starts.
 * base_url: where links point ("https://mentoring.example.nhs.uk"; a
 * trailing slash is dropped; NULL or "" keeps http://localhost).  r may
 * be NULL (plain text).  Both are copied/borrowed for the process. */
void app_mail_configure(const char *base_url, const struct app_mail_renderer *r);
/* The base URL links in emails start with (no trailing slash). */
const char *app_mail_base(void);
/* The notification settings page, absolute: List-Unsubscribe and every
 * footer point there. */
const char *app_mail_settings_url(struct arena *a);

#endif
