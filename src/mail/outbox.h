/*
 * outbox.h - the background sender of the email outbox (MSG-4).
 *
 * Every email is written to the outbox table in the same transaction as
 * the change that causes it (db_outbox_add); nothing here sends mail
 * from a request.  outbox_sweep() is one pass over the due messages: it
 * sends each through a `struct mail_transport` and records the outcome,
 * so a message is always either queued (with its next attempt time),
 * sent or failed, and a server that stops between two sweeps loses
 * nothing: the next sweep, in this process or the next, picks it up.
 *
 * The sender thread (outbox_sender_*) only calls outbox_sweep on a timer
 * and when kicked.  Delivery is at least once: if the database cannot
 * record a send that the server accepted, the message is sent again.
 */
#ifndef TANDEM_MAIL_OUTBOX_H
#define TANDEM_MAIL_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct config;
struct db;
struct db_mail;

/* Retry policy: the delay after the k-th failed attempt is
 * OUTBOX_RETRY_BASE * 2^(k-1) seconds, at most OUTBOX_RETRY_CAP (1 min,
 * 2, 4 ... 6 h); after OUTBOX_MAX_ATTEMPTS failed attempts (spread over
 * about 26 hours) the message becomes 'failed' and is never retried. */
#define OUTBOX_RETRY_BASE 60
#define OUTBOX_RETRY_CAP (6 * 3600)
#define OUTBOX_MAX_ATTEMPTS 13

/* How a message leaves: SMTP (mail/smtp.h) or a fake in tests. */
struct mail_transport {
	/*
	 * Send one message from `from` (an address, or "Name <address>").
	 * ERR_OK when the server accepted it; ERR_BAD_INPUT when it can
	 * never be sent (a header with CR/LF, an address that is not one,
	 * a message too large): it is marked 'failed' at once; any other
	 * error (ERR_IO) is temporary and the message is retried later.
	 * On failure, writes a reason into errbuf: it is stored in the
	 * outbox row and logged, so it must not contain addresses or any
	 * of the message.  Called from the sender thread only.
	 */
	enum err (*send)(void *ud, const struct db_mail *m, const char *from,
	    char *errbuf, size_t errlen);
	void *ud;
};

/*
 * The delay before the next attempt after `attempt` failed attempts
 * (attempt >= 1), in seconds.
 */
int64_t outbox_retry_delay(int64_t attempt);

/*
 * One pass: send up to `max` messages due at `now` (oldest first) and
 * record each outcome: 'sent', a retry at now + outbox_retry_delay(), or
 * 'failed' when the transport says it can never be sent or after
 * OUTBOX_MAX_ATTEMPTS.  *sent (may be NULL) counts the messages sent.
 * Returns ERR_OK even when messages failed (that is recorded per
 * message); a database error stops the pass and is returned.  Reads no
 * clock: `now` is the only time.
 */
enum err outbox_sweep(struct db *db, const struct mail_transport *t,
    const char *from, int64_t now, size_t max, size_t *sent);

/*
 * outbox_sweep behind the storage back-off `b` (core/incident.h), as the
 * sender thread sweeps: nothing at all (ERR_STORAGE) until b allows it;
 * while a storage incident is open, a write is proved first
 * (db_health_probe) so no message is sent that could not be recorded; a
 * sweep that meets a storage failure starts or doubles b, any other
 * outcome resets it.  Reads no clock.
 */
struct incident_backoff;
enum err outbox_sweep_backoff(struct db *db, const struct mail_transport *t,
    const char *from, int64_t now, size_t max, struct incident_backoff *b,
    size_t *sent);

/*
 * The background sender: one thread that sweeps every cfg->mail_interval
 * seconds, or at once when kicked.  It uses db_thread(), so db_pool_init()
 * must have been called.  The transport (and whatever its ud points to)
 * must outlive the sender; cfg is only read here.
 *
 * With cfg->smtp_url empty no thread is started, mail stays queued, and
 * NULL is returned; outbox_sender_kick and outbox_sender_stop accept NULL.
 * NULL is also returned (logged) when the thread cannot be created.
 */
struct outbox_sender;

struct outbox_sender *outbox_sender_start(const struct config *cfg,
    const struct mail_transport *t);

/* Wake the sender now (after committing a change that queued mail). */
void outbox_sender_kick(struct outbox_sender *s);

/* Stop the thread and free the sender.  Returns after the message being
 * sent, if any, is done (bounded by the transport's timeout); call it
 * before db_pool_close(). */
void outbox_sender_stop(struct outbox_sender *s);

#endif
