/*
 * incident.c - storage incidents, logged once (incident.h).
 *
 * State is a handful of fields under one mutex; failures are rare and
 * only happen when something is already wrong, so the lock costs
 * nothing that matters.  `is_open` is mirrored in an atomic so that the
 * success path (every commit) does not take the lock.
 *
 * Trap: the log line is written while holding the lock, so two threads
 * that fail at once cannot both think they opened the incident.  log_msg
 * takes no lock of ours, so this cannot deadlock.
 */
#include "core/incident.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool is_open_flag;
static struct {
	uint64_t failures_total;
	uint64_t incidents_total;
	uint64_t failures;       /* in the open or last incident */
	int64_t opened_at;
	int64_t closed_at;       /* 0: never closed */
} st;
static _Thread_local uint64_t thread_failures;

bool
incident_failure(const char *what, const char *detail)
{
	bool is_new = false;
	int64_t now = clock_now();

	thread_failures++;
	pthread_mutex_lock(&lock);
	st.failures_total++;
	if (!atomic_load(&is_open_flag)) {
		bool is_flap = st.closed_at != 0 &&
		    now - st.closed_at < INCIDENT_REOPEN_WINDOW;
		if (!is_flap) {
			st.incidents_total++;
			st.failures = 0;
			st.opened_at = now;
			is_new = true;
			log_error("storage: cannot write: %s: %s; writes are answered "
			    "with 503 until it clears (later failures are counted, "
			    "not logged)", what ? what : "?", detail ? detail : "?");
		}
		atomic_store(&is_open_flag, true);
	}
	st.failures++;
	pthread_mutex_unlock(&lock);
	return is_new;
}

bool
incident_success(void)
{
	bool is_closed = false;

	if (!atomic_load_explicit(&is_open_flag, memory_order_relaxed))
		return false;
	int64_t now = clock_now();
	pthread_mutex_lock(&lock);
	if (atomic_load(&is_open_flag)) {
		atomic_store(&is_open_flag, false);
		st.closed_at = now;
		is_closed = true;
		log_info("storage: writes work again after %llu failure(s) over %lld s",
		    (unsigned long long)st.failures, (long long)(now - st.opened_at));
	}
	pthread_mutex_unlock(&lock);
	return is_closed;
}

bool
incident_is_open(void)
{
	return atomic_load(&is_open_flag);
}

void
incident_stats(struct incident_stats *out)
{
	pthread_mutex_lock(&lock);
	out->is_open = atomic_load(&is_open_flag);
	out->failures_total = st.failures_total;
	out->incidents_total = st.incidents_total;
	out->failures = st.failures;
	out->opened_at = st.opened_at;
	pthread_mutex_unlock(&lock);
}

uint64_t
incident_thread_failures(void)
{
	return thread_failures;
}

void
incident_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(&st, 0, sizeof(st));
	atomic_store(&is_open_flag, false);
	pthread_mutex_unlock(&lock);
	thread_failures = 0;
}

/* ---- back-off ---- */

int64_t
incident_backoff_failed(struct incident_backoff *b, int64_t now)
{
	if (b->delay <= 0)
		b->delay = INCIDENT_BACKOFF_FIRST;
	else if (b->delay < INCIDENT_BACKOFF_MAX / 2)
		b->delay *= 2;
	else
		b->delay = INCIDENT_BACKOFF_MAX;
	b->until = now + b->delay;
	return b->delay;
}

void
incident_backoff_ok(struct incident_backoff *b)
{
	b->delay = 0;
	b->until = 0;
}

bool
incident_backoff_ready(const struct incident_backoff *b, int64_t now)
{
	return now >= b->until;
}

bool
incident_is_storage_errno(int e)
{
	switch (e) {
	case ENOSPC:
#ifdef EDQUOT
	case EDQUOT:
#endif
	case EROFS:
	case EIO:
		return true;
	default:
		return false;
	}
}
