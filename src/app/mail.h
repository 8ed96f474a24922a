/*
 * mail.h - the administrators' outbox (MSG-4): every email Tandem has
 * queued, searchable by recipient or subject, filtered by status, paged;
 * one message's details; a failed message sent again.
 *
 * Metadata only, for everyone: recipient, subject, kind, scheme, status,
 * attempts, last error and times.  Never the body (request statements,
 * mentors' comments, concern references, digests of many schemes): the
 * outbox is for delivery problems, not a way round the privacy rules.
 *
 * Who sees what: a site administrator sees every message; a scheme
 * administrator sees only messages whose scheme (outbox.scheme_id,
 * written by app_notice_tx) is one they administer, and never the
 * private kinds (app_notice_kind.is_private: concerns, a request to end,
 * REL-6).  Messages about no scheme (account emails, digests) are for
 * site administrators only.  Opening one message is audited
 * ("outbox.view").
 */
#ifndef TANDEM_APP_MAIL_H
#define TANDEM_APP_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "app/account.h"
#include "core/err.h"
#include "db/db.h"

struct arena;

#define APP_MAIL_PAGE 50          /* messages per outbox page */
#define APP_MAIL_QUERY_MAX 200    /* bytes of search text */

struct app_mail_list {
	struct db_mail *rows;         /* bodies and invitations are "" */
	const char **scheme_names;    /* rows[i]'s scheme, "" for none */
	size_t n;
	int64_t older_id;             /* before_id for the next page, 0: none */
};

/* One page, newest first: status "queued", "sent", "failed" or NULL/""
 * for all; query matched literally (no wildcards) against recipient and
 * subject, NULL/"" for all; before_id 0 for the newest page.
 * ERR_FORBIDDEN for someone who administers nothing. */
enum err app_mail_outbox(struct db *db, struct arena *a, const struct app_auth *me,
    const char *status, const char *query, int64_t before_id,
    struct app_mail_list *out);

/* One message's metadata (its bodies and invitation are ""); the view
 * is audited.  ERR_NOT_FOUND when there is none the caller may see. */
enum err app_mail_message(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, struct db_mail *out, const char **scheme_name);

/* A failed message back in the queue, due now, attempts kept; audited
 * as "outbox.retry".  ERR_NOT_FOUND unless it exists, the caller may
 * see it and it has failed. */
enum err app_mail_retry(struct db *db, const struct app_auth *me, int64_t id,
    const char *ip);

#endif
