/*
 * audit.h - storage of the audit log's hash chain and its view (ADM-7).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_DB; strings copied
 * into the caller's arena; writes inside the caller's transaction.  Who
 * may read which rows is decided in app (it passes the scope), and the
 * hash is computed in app (app/audit.c): db only stores and returns it.
 * The old writer db_audit_add (db.h) writes no hash: use app_audit_tx.
 */
#ifndef TANDEM_DB_AUDIT_H
#define TANDEM_DB_AUDIT_H

#include "db/db.h"

/* One entry as the chain sees it: the ids as written (actor_ref,
 * scheme_ref: 0 for none, never changed by a deletion). */
struct db_audit_entry {
	int64_t id, at, actor_ref, scheme_ref;
	const char *action, *subject, *detail, *ip;
	const char *prev_hash, *hash;      /* hex; "" before the chain began */
};

/* The newest entry's id and hash (0 and "" when the log is empty). */
enum err db_audit_last(struct db *db, struct arena *a, int64_t *id, const char **hash);
/* Insert e exactly (its id included). */
enum err db_audit_append(struct db *db, const struct db_audit_entry *e);
/* Up to max entries with id > after_id, in id order. */
enum err db_audit_walk(struct db *db, struct arena *a, int64_t after_id, size_t max,
    struct db_audit_entry **out, size_t *n);

/* The view's filters (see audit.def for their meaning). */
struct db_audit_filter {
	int64_t before_id;                 /* 0: from the newest */
	int64_t scope_admin_id;            /* 0: everything (site administrator) */
	const char *like;                  /* escaped LIKE pattern, "" none */
	const char *actor;                 /* username, "" none */
	const char *action_prefix;         /* "" none */
	int64_t scheme_id;                 /* 0 none */
	int64_t from_at, to_at;            /* [from, to), 0 open */
};

struct db_audit_row {
	struct db_audit_entry e;           /* prev_hash, hash: not read */
	const char *actor_username;        /* "" when none or the account is gone */
	const char *actor_name;
	const char *scheme_name;           /* "" when none or the scheme is gone */
};

/* Newest first, up to max rows. */
enum err db_audit_search(struct db *db, struct arena *a, const struct db_audit_filter *f,
    size_t max, struct db_audit_row **out, size_t *n);
/* Every distinct action, sorted. */
enum err db_audit_actions(struct db *db, struct arena *a, const char ***out, size_t *n);

#endif
