/*
 * db.h - the storage layer: the only code that knows SQL or SQLite.
 *
 * A `struct db` is one connection with every statement of the program
 * already prepared (db_open fails at once if the schema and the SQL
 * disagree).  Connections are per thread: db_thread() gives the calling
 * thread its own, opened on first use, and db_pool_close() closes them
 * all at shutdown once the workers have stopped.
 *
 * Writes go inside db_begin()/db_commit() (BEGIN IMMEDIATE, so a writer
 * waits for the lock up front instead of failing half-way).  Every typed
 * query below returns ERR_OK, ERR_NOT_FOUND for a missing row,
 * ERR_CONFLICT for a uniqueness violation, ERR_BUSY when the database
 * stayed locked past the busy timeout, or ERR_DB.  Strings in results
 * are copied into the caller's arena.
 */
#ifndef TANDEM_DB_DB_H
#define TANDEM_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;

/* ---- connections ---- */

/* Open (creating if needed) the database at path.  With `migrate`,
 * applies pending embedded migrations first; without it, a database that
 * is behind fails with ERR_DB and a message saying to run `tandem init`. */
enum err db_open(const char *path, bool migrate, struct db **out);
void db_close(struct db *db);

/* The per-thread pool.  db_pool_init once (after migrating); then any
 * thread calls db_thread().  NULL from db_thread means the open failed
 * (logged); callers answer 503. */
void db_pool_init(const char *path);
struct db *db_thread(void);
void db_pool_close(void);

enum err db_begin(struct db *db);
/* Whether a transaction is open on this connection. */
bool db_in_transaction(struct db *db);
enum err db_commit(struct db *db);
void db_rollback(struct db *db);

/* Schema version after migrations, and how many the binary carries. */
int db_schema_version(struct db *db);
int db_migrations_known(void);

/* ---- meta ---- */
enum err db_meta_get(struct db *db, struct arena *a, const char *key, char **value);
enum err db_meta_set(struct db *db, const char *key, const char *value);

/* ---- schemes ---- */
struct db_scheme {
	int64_t id;
	const char *slug;
	const char *name;
	const char *description;
	bool is_active;
	int64_t created_at;
};
enum err db_scheme_create(struct db *db, const char *slug, const char *name,
    const char *description, int64_t now, int64_t *id);
enum err db_scheme_get(struct db *db, struct arena *a, int64_t id, struct db_scheme *out);
enum err db_scheme_by_slug(struct db *db, struct arena *a, const char *slug, struct db_scheme *out);
/* All schemes, oldest first; *n set. */
enum err db_scheme_list(struct db *db, struct arena *a, struct db_scheme **out, size_t *n);

struct db_scheme_settings {
	int64_t scheme_id;
	bool allow_mentee_requests;
	bool allow_system_proposals;
	bool allow_admin_assignment;
	int64_t default_capacity;
	int64_t session_cap;
	int64_t extension_sessions;
	int64_t min_minutes_per_month;
	int64_t response_deadline_days;
	bool admin_sees_documents;
	const char *privacy_notice;
	int64_t privacy_notice_version;
	const char *escalation_contact;
	int64_t updated_at;
	bool ranked_requests;        /* REQ-13 */
	int64_t proposal_threshold;  /* REQ-8: least score for a proposal, 1-100 */
	const char *time_zone;       /* SES-9: IANA name; NULL on put: Europe/London */
	int64_t document_max_kb;     /* NOTE-1: largest upload; 0 on put: 10240 */
	const char *document_types;  /* NOTE-1: "pdf,docx,..."; NULL on put: the default */
	/* ADM-2 (0018): false on put means closed / not required / off, so a
	 * caller filling the struct by hand must set them. */
	bool registration_open;      /* the scheme is offered on /register */
	bool approval_required;      /* new registrations wait for approval */
	bool allow_cohort_matching;  /* issue 11's switch, stored only */
};
enum err db_scheme_settings_get(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_scheme_settings *out);
enum err db_scheme_settings_put(struct db *db, const struct db_scheme_settings *s);

/* ---- users and roles ---- */
struct db_user {
	int64_t id;
	const char *username;
	const char *email;
	const char *given_name;
	const char *family_name;
	const char *password_hash;
	const char *status;      /* pending, active, rejected, deactivated */
	bool is_site_admin;
	int64_t failed_logins;
	int64_t locked_at;       /* 0 when not locked */
	const char *theme;
	bool sidebar_hidden;
	int64_t created_at;
	int64_t approved_at;
	int64_t last_login_at;
};
enum err db_user_create(struct db *db, const struct db_user *u, int64_t *id);
enum err db_user_get(struct db *db, struct arena *a, int64_t id, struct db_user *out);
enum err db_user_by_username(struct db *db, struct arena *a, const char *username,
    struct db_user *out);
enum err db_user_count(struct db *db, int64_t *n);
enum err db_role_add(struct db *db, int64_t user_id, int64_t scheme_id,
    const char *role, int64_t now);

struct db_role {
	int64_t scheme_id;
	const char *role;
};
enum err db_roles_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_role **out, size_t *n);

/* ---- outbox (MSG-4) ---- */
struct db_mail {
	int64_t id;
	const char *to_addr;
	const char *subject;
	const char *body_text;
	const char *body_html;
	const char *status;      /* queued, sent, failed */
	int64_t attempts;
	int64_t next_attempt_at;
	const char *last_error;
	int64_t created_at;
	int64_t sent_at;
	const char *ics;         /* SES-9: an invitation to attach, or "" */
	const char *ics_method;  /* "REQUEST", "CANCEL" or "" */
	/* 0014-mail (MSG-4, ACC-8); db/mail.h writes and searches them */
	const char *kind;        /* notification kind, "" for none */
	int64_t user_id;         /* 0: none */
	int64_t scheme_id;       /* 0: none */
	bool is_secret;          /* body carries a live link: never shown */
	const char *unsubscribe; /* List-Unsubscribe URL, "" for none */
	bool is_bulk;            /* a digest: Precedence: bulk */
	/* 0026-messageid: 32 hex characters drawn when the row is queued,
	 * the fixed part of the Message-ID, so every attempt at sending it
	 * carries the same one ("" in rows built by hand: a random one) */
	const char *msg_token;
};
/* Inside the caller's transaction.  With an invitation:
 * db_outbox_add_ics (db/calendar.h). */
enum err db_outbox_add(struct db *db, const char *to, const char *subject,
    const char *text, const char *html, int64_t now, int64_t *id);
/* Queued messages whose next attempt is due, oldest first, at most max. */
enum err db_outbox_due(struct db *db, struct arena *a, int64_t now, size_t max,
    struct db_mail **out, size_t *n);
enum err db_outbox_mark_sent(struct db *db, int64_t id, int64_t now);
/* Record a failed attempt: stays queued until next_at, or becomes
 * 'failed' for good when give_up. */
enum err db_outbox_mark_retry(struct db *db, int64_t id, int64_t next_at,
    const char *error, bool give_up);
enum err db_outbox_get(struct db *db, struct arena *a, int64_t id, struct db_mail *out);
/* Newest first; status NULL for all. */
enum err db_outbox_list(struct db *db, struct arena *a, const char *status,
    size_t max, struct db_mail **out, size_t *n);

/* Everything one message carries (0014-mail); the strings must outlive
 * the call, NULL is "".  Inside the caller's transaction. */
struct db_mail_new {
	const char *to, *subject, *text, *html;
	const char *ics, *ics_method;   /* "" for none */
	const char *kind;
	int64_t user_id, scheme_id;     /* 0: none */
	bool is_secret, is_bulk;
	const char *unsubscribe;
};
enum err db_mail_put(struct db *db, const struct db_mail_new *m, int64_t now,
    int64_t *id);

/* The admin outbox (MSG-4): newest first, at most max rows with ids
 * below before_id (0: from the newest), or only message only_id (0:
 * any).  status "" for all; like a LIKE pattern with ESCAPE '\\' matched
 * against recipient and subject, "" for all; admin_id 0 for every
 * message, else only messages whose scheme is one that person
 * administers (never messages about no scheme), leaving out the kinds
 * in private_kinds (",kind,kind,", ignored when admin_id is 0).
 * scheme_names[i] is row i's scheme ("" for none). */
enum err db_mail_search(struct db *db, struct arena *a, const char *status,
    const char *like, int64_t admin_id, const char *private_kinds, int64_t before_id,
    int64_t only_id, size_t max, struct db_mail **out, const char ***scheme_names,
    size_t *n);

/* ---- audit log (ADM-7) ---- */
/* subject names what was acted on, "user:12", "scheme:3"; ip where the
 * actor was ("" for the command line). */
enum err db_audit_add(struct db *db, int64_t at, int64_t actor_id, int64_t scheme_id,
    const char *action, const char *subject, const char *detail, const char *ip);

struct db_audit {
	int64_t id, at, actor_id, scheme_id;
	const char *action, *subject, *detail, *ip;
};
/* Newest first; actor_id 0 and subject "" for everything, else rows by
 * that actor or about that subject. */
enum err db_audit_list(struct db *db, struct arena *a, int64_t actor_id,
    const char *subject, size_t max, struct db_audit **out, size_t *n);
enum err db_audit_count(struct db *db, int64_t *n);

/* ---- accounts (accounts.c) ---- */

/* status: pending, active, rejected, deactivated; reason kept for
 * rejections ("" otherwise). */
enum err db_user_set_status(struct db *db, int64_t id, const char *status,
    const char *reason, int64_t now);
/* Count a failed password; locks (locked_at = now) when the count
 * reaches lock_after.  *failures and *locked_at after the update. */
enum err db_user_login_failed(struct db *db, int64_t id, int64_t lock_after,
    int64_t now, int64_t *failures, int64_t *locked_at);
enum err db_user_login_ok(struct db *db, int64_t id, int64_t now);
enum err db_user_unlock(struct db *db, int64_t id);
enum err db_user_set_password(struct db *db, int64_t id, const char *hash);
enum err db_user_set_appearance(struct db *db, int64_t id, const char *theme,
    bool sidebar_hidden);
/* Search by username, email or name (a LIKE pattern built by the
 * caller, "" for all), optionally within one scheme (0: all). */
enum err db_user_search(struct db *db, struct arena *a, const char *pattern,
    int64_t scheme_id, size_t limit, size_t offset, struct db_user **out, size_t *n);
enum err db_users_pending(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_user **out, size_t *n);
enum err db_users_locked(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_user **out, size_t *n);
/* Active administrators of a scheme. */
enum err db_scheme_admins(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_user **out, size_t *n);

struct db_session {
	int64_t user_id;
	const char *csrf_token;
	int64_t active_scheme;     /* 0: none chosen */
	const char *active_role;   /* "" when none */
	int64_t created_at, last_seen_at, expires_at;
	const char *kind;          /* cookie or bearer */
	const char *ip, *user_agent;
};
enum err db_session_create(struct db *db, const char *token_hash,
    const struct db_session *s);
enum err db_session_get(struct db *db, struct arena *a, const char *token_hash,
    struct db_session *out);
enum err db_session_touch(struct db *db, const char *token_hash, int64_t now);
enum err db_session_set_view(struct db *db, const char *token_hash,
    int64_t scheme_id, const char *role);
enum err db_session_delete(struct db *db, const char *token_hash);
/* Delete all of a person's sessions but `keep_hash` ("" keeps none). */
enum err db_sessions_end_user(struct db *db, int64_t user_id, const char *keep_hash,
    int64_t *n);
enum err db_sessions_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_session **out, size_t *n);

struct db_consent {
	int64_t version, accepted_at, withdrawn_at;
};
enum err db_consent_add(struct db *db, int64_t user_id, int64_t scheme_id,
    int64_t version, int64_t now);
/* The newest consent of a person to a scheme; ERR_NOT_FOUND if none. */
enum err db_consent_current(struct db *db, int64_t user_id, int64_t scheme_id,
    struct db_consent *out);
enum err db_consent_withdraw(struct db *db, int64_t user_id, int64_t scheme_id,
    int64_t now);

enum err db_reset_add(struct db *db, const char *token_hash, int64_t user_id,
    int64_t now, int64_t expires_at);
enum err db_reset_get(struct db *db, const char *token_hash, int64_t *user_id,
    int64_t *expires_at, int64_t *used_at);
/* Mark used; ERR_CONFLICT when it already was (a race with itself). */
enum err db_reset_use(struct db *db, const char *token_hash, int64_t now);

/* Delete links that expired at or before `before`; *n how many. */
enum err db_resets_purge(struct db *db, int64_t before, int64_t *n);
/* Use up every live link of a person (after a reset, all are spent). */
enum err db_resets_end_user(struct db *db, int64_t user_id, int64_t now);

struct db_pref {
	const char *kind;
	bool is_enabled;
	const char *frequency;     /* immediate or daily */
};
enum err db_prefs_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_pref **out, size_t *n);
enum err db_pref_put(struct db *db, int64_t user_id, const char *kind,
    bool is_enabled, const char *frequency);

struct db_digest_item {
	const char *kind, *subject, *body_text;
	int64_t created_at;
};
enum err db_digest_add(struct db *db, int64_t user_id, const char *kind,
    const char *subject, const char *text, int64_t now);
enum err db_digest_users(struct db *db, struct arena *a, size_t max,
    int64_t **ids, size_t *n);
enum err db_digest_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_digest_item **out, size_t *n);
enum err db_digest_delete_user(struct db *db, int64_t user_id);
/* A held item that remembers its scheme and link back (0014-mail). */
enum err db_digest_put(struct db *db, int64_t user_id, const char *kind,
    const char *subject, const char *text, int64_t scheme_id, const char *path,
    int64_t now);
struct db_digest_entry {
	const char *kind, *subject, *body_text;
	int64_t created_at;
	int64_t scheme_id;
	const char *scheme_name;   /* "" for none */
	const char *path;          /* in-app path, "/" at least */
};
/* A person's held items, oldest first. */
enum err db_digest_entries(struct db *db, struct arena *a, int64_t user_id,
    struct db_digest_entry **out, size_t *n);

/* A person's roles with their scheme names, in one query (runs on every
 * signed-in request): active schemes only, mentee before mentor before
 * administrator within a scheme. */
struct db_view {
	int64_t scheme_id;
	const char *scheme_name;
	const char *role;
};
enum err db_views_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_view **out, size_t *n);
/* The roles of every pending (or every locked) person at once, ordered
 * by user id: the admin lists show them without a query per person. */
struct db_user_view {
	int64_t user_id;
	struct db_view view;
};
enum err db_views_of_pending(struct db *db, struct arena *a,
    struct db_user_view **out, size_t *n);
enum err db_views_of_locked(struct db *db, struct arena *a,
    struct db_user_view **out, size_t *n);

/* A scheme in which the person takes part but has not accepted the
 * current privacy notice (ACC-2); 0 when there is none. */
enum err db_consent_needed(struct db *db, int64_t user_id, int64_t *scheme_id);

/* Put a failed message back in the queue, due now. ERR_NOT_FOUND when it
 * is not a failed message. */
enum err db_outbox_retry_now(struct db *db, int64_t id, int64_t now);

/* ---- sign-in sessions ---- */
/* Delete sessions that expired at or before now; *n how many. */
enum err db_sessions_purge(struct db *db, int64_t now, int64_t *n);

#endif
