/*
 * app.h - Tandem's domain rules.  Handlers and the CLI call these; these
 * call db.  Nothing here knows HTTP or HTML.
 *
 * Write functions take a db connection and run their own transaction
 * unless their name ends in _tx, in which case the caller holds one
 * (so a change, its audit row and its email commit together).
 */
#ifndef TANDEM_APP_APP_H
#define TANDEM_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
/* The row types (struct db_scheme, db_user ...) are the app's vocabulary
 * too; handlers see them through this header and never call db. */
#include "db/db.h"

struct arena;

/* ---- installation ---- */

/* The installation's 32-byte secret (CSRF and future signed links): read
 * from the database, or made and stored on first use. */
enum err app_secret_key(struct db *db, unsigned char key[32]);

/* ---- problems found by a rule, per field ---- */
struct app_problem {
	const char *field;
	const char *message;
};
#define APP_PROBLEMS_MAX 16
struct app_problems {
	struct app_problem p[APP_PROBLEMS_MAX];
	size_t n;
};
void app_problem(struct app_problems *ps, const char *field, const char *message);

/* ---- people ---- */

struct app_new_user {
	const char *username;
	const char *email;
	const char *given_name;
	const char *family_name;
	const char *password;
	bool is_active;          /* approved at once (demo, admin-created) */
	bool is_site_admin;
};

/* Check the account rules (ACC-1): username 3-64 of letters, digits,
 * '.', '-', '_'; a plausible email; names 1-100 characters; a password
 * that app_password_problem accepts (12-128 characters, not common, not
 * containing the username).  Problems are added per
 * field; returns ERR_BAD_INPUT when there are any. */
enum err app_user_check(const struct app_new_user *u, struct app_problems *ps);

/* Create the person (argon2id hash, ACC-7) inside the caller's
 * transaction.  ERR_CONFLICT when the username is taken. */
enum err app_user_create_tx(struct db *db, const struct app_new_user *u, int64_t *id);

/* ---- schemes ---- */

/* Create a scheme with default settings inside the caller's transaction. */
enum err app_scheme_create_tx(struct db *db, const char *slug, const char *name,
    const char *description, int64_t *id);

/* The command line: a new scheme with default settings and, when
 * admin_username is given, that person as its administrator (audited).
 * ERR_BAD_INPUT for a malformed slug or name (problems on "slug",
 * "name"), ERR_CONFLICT for a slug in use, ERR_NOT_FOUND for an unknown
 * administrator. */
enum err app_scheme_add_cli(struct db *db, struct arena *a, const char *slug,
    const char *name, const char *admin_username, struct app_problems *ps,
    int64_t *id);

/* Active schemes, oldest first, as shown on the home page. */
enum err app_schemes_active(struct db *db, struct arena *a,
    struct db_scheme **out, size_t *n);

/* The scheme's privacy notice and its version (ACC-2).  ERR_NOT_FOUND
 * for an unknown or inactive scheme. */
enum err app_scheme_notice(struct db *db, struct arena *a, int64_t scheme_id,
    const char **text, int64_t *version);

/* ---- operations ---- */

/* Whether the database answers; *schema its migration version. */
enum err app_health(struct db *db, int *schema);

/* Readiness for a load balancer (/readyz): the database takes a write
 * now (a rolled-back one, waiting at most APP_READY_BUSY_MS for another
 * writer) and its schema is at the version this binary carries.
 * ERR_OK when ready; else ERR_BUSY with *reason saying why in words
 * ("the database cannot be written: database is locked", "the schema is
 * at version 25 but this Tandem expects 24").  *schema and *expected
 * always set.  Static or arena strings. */
#define APP_READY_BUSY_MS 250
enum err app_ready(struct db *db, struct arena *a, int *schema, int *expected,
    const char **reason);

/* Emails queued (waiting, retries included) and failed for good. */
enum err app_outbox_counts(struct db *db, int64_t *queued, int64_t *failed);

/* ---- email and audit (inside the caller's transaction) ---- */

/* Queue an email in the outbox (MSG-4). */
enum err app_email_tx(struct db *db, const char *to, const char *subject,
    const char *text, const char *html);

/* subject: what was acted on, "user:12"; ip: where from ("" = CLI). */
enum err app_audit_tx(struct db *db, int64_t actor_id, int64_t scheme_id,
    const char *action, const char *subject, const char *detail, const char *ip);

/* ---- demo data ---- */

struct app_demo_person {
	const char *username;
	const char *name;
	const char *roles;       /* "mentor", "mentee, mentor", ... */
};

/* Load the demo scheme and people (idempotent: ERR_CONFLICT if they are
 * already there).  Every person gets `password`.  *people and *n list
 * them (static storage). */
enum err app_demo_load(struct db *db, const char *password,
    const struct app_demo_person **people, size_t *n);

/* The demo people's profiles, the scheme's keyword, specialty,
 * organisation and site lists, and a matched pair (demo_profiles.c),
 * inside app_demo_load's transaction; people already created. */
enum err app_demo_profiles_tx(struct db *db, int64_t scheme_id);

/* After app_demo_profiles_tx, in the same transaction: sessions for the
 * demo pair (app/sessions.c), the scheme's journey stages
 * (app/journey.c), its guides (app/diary.c). */
enum err app_demo_sessions_tx(struct db *db, int64_t scheme_id);
enum err app_demo_journey_tx(struct db *db, int64_t scheme_id);
enum err app_demo_guides_tx(struct db *db, int64_t scheme_id);

/* Then (issue 8): the demo pair's chat (app/chats.c), a message from the
 * scheme team (app/messages.c), news and resources with Tandem's own
 * short guide and a code-of-practice placeholder (app/news.c), and the
 * scheme's escalation contact (app/concerns.c). */
enum err app_demo_chats_tx(struct db *db, int64_t scheme_id);
enum err app_demo_messages_tx(struct db *db, int64_t scheme_id);
enum err app_demo_news_tx(struct db *db, int64_t scheme_id);
enum err app_demo_concerns_tx(struct db *db, int64_t scheme_id);

/* Then (issue 9): the scheme's evaluation forms and completed past
 * relationships with answered evaluations (app/evaluations.c). */
enum err app_demo_evaluations_tx(struct db *db, int64_t scheme_id);
enum err app_demo_cohorts_tx(struct db *db, int64_t scheme_id);   /* issue 10: app/cohorts.c */

#endif
