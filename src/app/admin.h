/*
 * admin.h - what the administration pages read (ADM-1, ACC-3, ACC-5,
 * MSG-4): pending registrations, locked accounts, the people search, one
 * person in detail, and the outbox; plus putting a failed email back in
 * the queue.  The actions on a person (approve, reject, unlock, end
 * sessions) are in account.h.
 *
 * Scope: a site administrator sees everyone; a scheme administrator sees
 * the people who hold a role in a scheme they administer, and only those
 * roles, audit entries and emails.  Anything outside that scope is
 * ERR_NOT_FOUND, exactly as if it did not exist.  Every function refuses
 * (ERR_FORBIDDEN) a caller who administers nothing, whatever the route
 * table says.
 *
 * Results are copied into the caller's arena.  Password hashes and email
 * bodies (a reset email carries a live link) are blanked before they are
 * handed out: no page or API answer can show them.
 */
#ifndef TANDEM_APP_ADMIN_H
#define TANDEM_APP_ADMIN_H

#include "app/account.h"

#define APP_ADMIN_PAGE 50          /* people per page of the search */
#define APP_ADMIN_PAGE_MAX 1000    /* the highest page number asked for */
#define APP_ADMIN_OUTBOX_MAX 200   /* newest emails listed */
#define APP_ADMIN_AUDIT_MAX 50     /* audit entries on a person's page */

/* A person as the lists show them: the account (password_hash "") and
 * their roles in the schemes the caller administers. */
struct app_admin_person {
	struct db_user user;
	struct db_view *views;
	size_t nviews;
};

/* An audit entry with who did it, in words. */
struct app_admin_audit {
	struct db_audit entry;
	const char *actor;           /* "Gareth Evans"; "Tandem" for the system
	                                or command line */
};

/* Everything a person's page shows. */
struct app_admin_user {
	struct app_admin_person person;
	struct db_session *sessions; /* newest first; no tokens */
	size_t nsessions;
	struct app_admin_audit *audit; /* by them or about them, newest first */
	size_t naudit;
};

struct app_admin_counts {
	size_t npending;
	size_t nlocked;
	size_t nfailed;              /* emails that gave up */
};

/* The overview: how many registrations wait, accounts are locked and
 * emails failed, within the caller's scope. */
enum err app_admin_counts(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_admin_counts *out);

/* Pending registrations, oldest first, each with the roles asked for. */
enum err app_admin_pending(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_admin_person **out, size_t *n);

/* Locked accounts, most recently locked first, with their roles. */
enum err app_admin_locked(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_admin_person **out, size_t *n);

/* People whose username, email or full name contains `query` ("" for
 * everyone), by family name, given name; page 1 is the first
 * APP_ADMIN_PAGE.  *has_more when a later page exists.  ERR_BAD_INPUT
 * for a page outside 1..APP_ADMIN_PAGE_MAX. */
enum err app_admin_users(struct db *db, struct arena *a, const struct app_auth *me,
    const char *query, int64_t page, struct db_user **out, size_t *n,
    bool *has_more);

/* One person: account, roles, sign-in sessions and recent audit entries.
 * ERR_NOT_FOUND when there is no such person or the caller may not see
 * them. */
enum err app_admin_user(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct app_admin_user *out);

/* The newest emails (at most APP_ADMIN_OUTBOX_MAX), status "queued",
 * "sent", "failed" or NULL for all.  A scheme administrator sees only
 * those sent to people in their schemes.  Bodies are "". */
enum err app_admin_outbox(struct db *db, struct arena *a, const struct app_auth *me,
    const char *status, struct db_mail **out, size_t *n);

/* Send a failed email again (due now), audited as "outbox.retry".
 * ERR_NOT_FOUND unless it exists, has failed, and the caller may see
 * it. */
enum err app_admin_outbox_retry(struct db *db, const struct app_auth *me,
    int64_t mail_id, const char *ip);

/* A LIKE pattern (ESCAPE '\') matching text that contains `query`
 * literally: % _ and \ are escaped; "" for an empty query. */
char *app_admin_like(struct arena *a, const char *query);

#endif
