/*
 * outbox.c - sweeping the outbox, and the thread that does it on a timer.
 *
 * Design: outbox_sweep() is a pure function of (db, transport, now): it
 * reads the due rows into an arena, sends them one by one and records
 * each outcome in its own autocommit UPDATE, so a crash mid-pass leaves
 * every message either recorded or still due.  The thread holds no state
 * of its own beyond the stop flag: all of it is in the table.
 *
 * The thread waits on a condition variable with a CLOCK_MONOTONIC
 * timeout, so a kick wakes it at once, stop is prompt, and wall-clock
 * jumps do not stretch the interval.  It sweeps in batches and goes
 * straight on while a batch came back full, checking the stop flag
 * between messages.
 *
 * Traps:
 * - `attempts` in a row counts attempts already made, before this one;
 *   the policy is in terms of the attempt being recorded (attempts + 1).
 * - A send the server accepted but the database failed to record is sent
 *   again later (at least once, never "maybe zero").
 * - Addresses, subjects and bodies are private: logs carry ids, attempt
 *   counts and the transport's reason, never the message.
 * - The transport's send() may block up to its own timeout; stop waits
 *   for it.  Never call outbox_sender_stop() while holding a database
 *   write lock the sender might need.
 * - Storage incidents (core/incident.h): a sweep that meets one starts a
 *   back-off (30 s doubling to 15 min, reset by a sweep that does not);
 *   the thread still wakes every interval but does nothing until the
 *   back-off has passed, and logs nothing per attempt.  While an
 *   incident is open, a sweep first proves that the database takes a
 *   write (db_health_probe commits then): a message the server accepts
 *   but the database cannot record is sent again, so sending on a full
 *   disk would mail people the same message at every attempt.
 */
#include "mail/outbox.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/incident.h"
#include "core/log.h"
#include "db/db.h"
#include "db/health.h"

#define SWEEP_BATCH 20          /* messages per sweep of the thread */
#define REASON_MAX 512          /* bytes of transport error kept */

int64_t
outbox_retry_delay(int64_t attempt)
{
	int64_t delay = OUTBOX_RETRY_BASE;

	for (int64_t i = 1; i < attempt && delay < OUTBOX_RETRY_CAP; i++)
		delay *= 2;
	return delay < OUTBOX_RETRY_CAP ? delay : OUTBOX_RETRY_CAP;
}

/* Send one message and record the outcome; ERR_OK unless the database
 * failed.  *is_sent tells whether the server accepted it. */
static enum err
deliver(struct db *db, const struct mail_transport *t, const char *from,
    const struct db_mail *m, int64_t now, bool *is_sent)
{
	enum err rc, sendrc;
	char reason[REASON_MAX] = "";
	int64_t attempt = m->attempts + 1;
	bool give_up;

	*is_sent = false;
	sendrc = t->send(t->ud, m, from, reason, sizeof(reason));
	if (sendrc == ERR_OK) {
		if ((rc = db_outbox_mark_sent(db, m->id, now)) != ERR_OK) {
			log_error("outbox: message %lld was sent but not recorded "
			    "(%s): it will be sent again", (long long)m->id,
			    err_code(rc));
			goto out;
		}
		*is_sent = true;
		log_info("outbox: message %lld sent (attempt %lld)",
		    (long long)m->id, (long long)attempt);
		goto out;
	}

	if (reason[0] == '\0')
		snprintf(reason, sizeof(reason), "%s", err_code(sendrc));
	give_up = sendrc == ERR_BAD_INPUT || attempt >= OUTBOX_MAX_ATTEMPTS;
	int64_t next_at = now + outbox_retry_delay(attempt);
	if ((rc = db_outbox_mark_retry(db, m->id, next_at, reason, give_up)) != ERR_OK)
		goto out;
	if (give_up)
		log_warn("outbox: message %lld failed for good after %lld "
		    "attempt(s): %s", (long long)m->id, (long long)attempt, reason);
	else
		log_warn("outbox: message %lld attempt %lld failed, retry in "
		    "%llds: %s", (long long)m->id, (long long)attempt,
		    (long long)(next_at - now), reason);
out:
	return rc;
}

/* outbox_sweep with a stop flag checked between messages (NULL: none);
 * *n counts the messages handled, sent or not. */
static enum err
sweep(struct db *db, const struct mail_transport *t, const char *from,
    int64_t now, size_t max, const atomic_bool *stop, size_t *n, size_t *sent)
{
	enum err rc;
	struct arena *a = arena_new(0);
	struct db_mail *rows = NULL;
	size_t nrows = 0, k;
	bool is_sent;

	*n = *sent = 0;
	if ((rc = db_outbox_due(db, a, now, max, &rows, &nrows)) != ERR_OK)
		goto out;
	for (k = 0; k < nrows; k++) {
		if (stop != NULL && atomic_load(stop))
			break;
		if ((rc = deliver(db, t, from, &rows[k], now, &is_sent)) != ERR_OK)
			goto out;
		(*n)++;
		if (is_sent)
			(*sent)++;
	}
out:
	arena_free(a);
	return rc;
}

enum err
outbox_sweep(struct db *db, const struct mail_transport *t, const char *from,
    int64_t now, size_t max, size_t *sent)
{
	size_t n, nsent;
	enum err rc = sweep(db, t, from, now, max, NULL, &n, &nsent);

	if (sent != NULL)
		*sent = nsent;
	return rc;
}

/* A sweep under the storage back-off (outbox_sweep_backoff). */
static enum err
guarded_sweep(struct db *db, const struct mail_transport *t, const char *from,
    int64_t now, size_t max, struct incident_backoff *b, const atomic_bool *stop,
    size_t *n, size_t *sent)
{
	enum err rc;
	uint64_t failures = incident_thread_failures();
	const char *why;

	*n = *sent = 0;
	if (!incident_backoff_ready(b, now))
		return ERR_STORAGE;
	if (incident_is_open() && (rc = db_health_probe(db, 1000, &why)) != ERR_OK)
		goto out;
	rc = sweep(db, t, from, now, max, stop, n, sent);
out:
	if (rc == ERR_STORAGE || incident_thread_failures() != failures)
		incident_backoff_failed(b, now);
	else
		incident_backoff_ok(b);
	return rc;
}

enum err
outbox_sweep_backoff(struct db *db, const struct mail_transport *t,
    const char *from, int64_t now, size_t max, struct incident_backoff *b,
    size_t *sent)
{
	size_t n, nsent;
	enum err rc = guarded_sweep(db, t, from, now, max, b, NULL, &n, &nsent);

	if (sent != NULL)
		*sent = nsent;
	return rc;
}

/* ---- the sender thread ---- */

struct outbox_sender {
	struct mail_transport transport;
	char *from;
	int64_t interval;        /* seconds between sweeps */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;     /* kick or stop; waits on CLOCK_MONOTONIC */
	bool is_kicked;          /* under lock */
	atomic_bool is_stopping; /* set under lock, read anywhere */
};

/* Wait until `interval` seconds have passed, or a kick or stop. */
static void
sender_wait(struct outbox_sender *s)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += (time_t)s->interval;
	pthread_mutex_lock(&s->lock);
	while (!s->is_kicked && !atomic_load(&s->is_stopping)) {
		if (pthread_cond_timedwait(&s->wake, &s->lock, &until) == ETIMEDOUT)
			break;
	}
	s->is_kicked = false;
	pthread_mutex_unlock(&s->lock);
}

static void *
sender_main(void *arg)
{
	struct outbox_sender *s = arg;
	bool is_db_logged = false;
	struct incident_backoff backoff = {0};

	log_info("outbox: sender started, sweeping every %llds",
	    (long long)s->interval);
	while (!atomic_load(&s->is_stopping)) {
		struct db *db = db_thread();
		size_t n = 0, sent = 0;

		if (db == NULL) {
			/* db_thread logged why; try again next interval. */
			if (!is_db_logged)
				log_error("outbox: no database connection, mail waits");
			is_db_logged = true;
		} else {
			is_db_logged = false;
			enum err rc = guarded_sweep(db, &s->transport, s->from,
			    clock_now(), SWEEP_BATCH, &backoff, &s->is_stopping, &n,
			    &sent);
			/* storage: logged once by the incident, retried after
			 * the back-off */
			if (rc != ERR_OK && rc != ERR_STORAGE)
				log_warn("outbox: sweep stopped: %s", err_code(rc));
			else if (rc == ERR_OK && n == SWEEP_BATCH)
				continue;   /* more may be due: go straight on */
		}
		sender_wait(s);
	}
	log_info("outbox: sender stopped");
	return NULL;
}

struct outbox_sender *
outbox_sender_start(const struct config *cfg, const struct mail_transport *t)
{
	struct outbox_sender *s = NULL;
	pthread_condattr_t attr;
	int e;

	if (cfg->smtp_url == NULL || cfg->smtp_url[0] == '\0') {
		log_info("outbox: no smtp_url set: email is kept in the outbox, "
		    "not sent");
		goto out;
	}
	s = xcalloc(1, sizeof(*s));
	s->transport = *t;
	s->from = xstrdup(cfg->smtp_from ? cfg->smtp_from : "");
	s->interval = cfg->mail_interval > 0 ? cfg->mail_interval : 15;
	atomic_init(&s->is_stopping, false);
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &attr);
	pthread_condattr_destroy(&attr);
	if ((e = pthread_create(&s->thread, NULL, sender_main, s)) != 0) {
		log_error("outbox: cannot start the sender thread: %s", strerror(e));
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->lock);
		free(s->from);
		free(s);
		s = NULL;
	}
out:
	return s;
}

void
outbox_sender_kick(struct outbox_sender *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->is_kicked = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

void
outbox_sender_stop(struct outbox_sender *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	atomic_store(&s->is_stopping, true);
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s->from);
	free(s);
}
