/*
 * audit.h - the audit log (ADM-7): a searchable view for administrators
 * and a hash chain that shows whether any entry was changed.  Every
 * module writes entries with app_audit_tx (app/app.h); its owner
 * documents the rest below.
 */
#ifndef TANDEM_APP_AUDIT_H
#define TANDEM_APP_AUDIT_H

#include "app/account.h"
#include "app/app.h"
#include "db/audit.h"

/* `tandem audit verify`: recompute the chain from the first entry.
 * *checked: entries checked; *bad_id: the first entry whose hash does
 * not match (0 when the chain is whole).  ERR_OK either way; an error
 * only when the log cannot be read. */
enum err app_audit_verify(struct db *db, struct arena *a, int64_t *checked, int64_t *bad_id);

/* Declared by their owner below this line. */

/*
 * The chain.  app_audit_tx (record.c) appends through app_audit_append:
 * it reads the newest entry's id and hash and inserts the next entry
 * with id + 1, prev_hash and its own hash, inside the caller's write
 * transaction (BEGIN IMMEDIATE, so no other writer can chain to the same
 * entry); called outside one it opens its own.
 *
 * hash = hex SHA-256 of prev_hash followed by "tandem-audit-1" and, for
 * each of id, at, actor_ref, scheme_ref, action, subject, detail, ip,
 * "<length>:<bytes>;" (numbers in decimal), so "ab"+"c" never hashes as
 * "a"+"bc".  Entries with hash "" before the first hashed one predate
 * the chain (migration 0016); after it, one is a break.
 */
enum err app_audit_append(struct db *db, int64_t at, int64_t actor_id, int64_t scheme_id,
    const char *action, const char *subject, const char *detail, const char *ip);
/* The hash of e after prev (hex, HASH_HEX_LEN + 1 bytes in out). */
void app_audit_hash(const char *prev, const struct db_audit_entry *e, char out[65]);

/* As app_audit_verify, and *predating: entries before the chain began. */
enum err app_audit_verify_ex(struct db *db, struct arena *a, int64_t *checked,
    int64_t *bad_id, int64_t *predating);

/*
 * Anchors.  The chain is not keyed: someone who can write the database
 * file can recompute every hash after an edit, delete the newest entries
 * or blank every hash (then all entries "predate" the chain).  What
 * catches that is the newest entry's id and hash kept OUTSIDE the
 * database: `tandem audit verify` prints it, the server logs it hourly
 * when it has moved, and `tandem audit verify --head ID:HASH` checks that
 * entry ID still carries HASH (and, with the chain whole, so does every
 * entry before it).
 *
 * app_audit_head: the newest entry (*id 0 and "" for an empty log).
 * app_audit_anchor: ERR_OK when entry id carries hash; ERR_CONFLICT when
 * it carries another; ERR_NOT_FOUND when it is gone.
 */
enum err app_audit_head(struct db *db, struct arena *a, int64_t *id, const char **hash);
enum err app_audit_anchor(struct db *db, struct arena *a, int64_t id, const char *hash);

/*
 * The view (ADM-7): site administrators see every entry; a scheme
 * administrator entries of the schemes they administer, never entries of
 * no scheme and never concern.* entries (MSG-5).  Anyone else:
 * ERR_FORBIDDEN.  A scheme filter naming a scheme `me` does not
 * administer: ERR_NOT_FOUND.  Bad filters (a date that is not real, to
 * before from): ERR_BAD_INPUT with problems per field.
 */
#define APP_AUDIT_PAGE 50

struct app_audit_query {
	const char *q;                     /* words in action, subject or detail */
	const char *actor;                 /* username */
	const char *action;                /* an action or its prefix ("note.") */
	int64_t scheme_id;                 /* 0: every scheme `me` may see */
	const char *from, *to;             /* YYYY-MM-DD, UTC, both days included */
	int64_t before;                    /* keyset: entries with id < before */
};

struct app_audit_scheme {
	int64_t id;
	const char *name;
};

struct app_audit_page {
	struct db_audit_row *rows;         /* newest first */
	size_t n;
	int64_t next_before;               /* 0: no older page */
	const char **actions;              /* the action filter's choices */
	size_t nactions;
	struct app_audit_scheme *schemes;  /* the scheme filter's choices */
	size_t nschemes;
};

/* Is `me` allowed the view at all (site or scheme administrator)? */
bool app_audit_may_view(const struct app_auth *me);

enum err app_audit_search(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_audit_query *q, struct app_problems *ps, struct app_audit_page *out);

#endif
