/*
 * deadline.c - the slow-client reaper (see deadline.h for the rules).
 *
 * One mutex guards the list; the request path takes it for a few
 * stores per event (header done, a body chunk, request done), the
 * reaper for one walk a tick.  With max_connections in the hundreds a
 * walk is a few microseconds, so a list beats a timer heap here.
 *
 * The reaper only shutdown()s: closing is MHD's, on the thread that owns
 * the connection, so nothing here races MHD's own bookkeeping.  A
 * shutdown socket reads as end of stream; MHD closes it on its next
 * poll and tells on_completed (the access log says "client gone").
 */
#include "http/deadline.h"

#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/metrics.h"

/* Lines about cut or refused connections: at most LOG_BURST a window,
 * then one summary when the window ends. */
#define LOG_WINDOW_MS 60000
#define LOG_BURST 10

struct deadline_conn {
	struct deadline_conn *prev, *next;
	int fd;
	enum deadline_phase phase;
	int64_t start_ms;        /* when the phase (or its re-arm) began */
	uint64_t body_bytes;
	uint64_t tcp_baseline;   /* kernel bytes received when the previous
	                            request ended (kept-alive connections) */
	bool is_kept_alive;      /* a request has already been served */
	bool is_started;         /* the next request's first byte was seen */
	bool is_cut;             /* shut down, waiting for MHD to close */
	char ip[46];
};

struct ratelimit {
	int64_t window_at;
	unsigned lines;
	uint64_t suppressed;
};

struct deadlines {
	struct deadline_limits lim;
	pthread_mutex_t lock;
	struct deadline_conn *head;
	size_t n;
	uint64_t cut[DEADLINE_CUT__MAX];
	struct ratelimit cut_log;
	/* refusals come from MHD's threads, not the reaper */
	pthread_mutex_t refuse_lock;
	struct ratelimit refuse_log;
	/* the reaper thread */
	pthread_t thread;
	pthread_cond_t wake;
	bool is_running;
	bool is_stopping;
	int64_t tick_ms;
};

static const char *const reason_text[DEADLINE_CUT__MAX] = {
	[DEADLINE_CUT_IDLE] = "nothing sent",
	[DEADLINE_CUT_HEADER] = "request header not complete in time",
	[DEADLINE_CUT_BODY] = "request body too slow",
};
static const enum metrics_cut reason_metric[DEADLINE_CUT__MAX] = {
	[DEADLINE_CUT_IDLE] = METRICS_CUT_IDLE,
	[DEADLINE_CUT_HEADER] = METRICS_CUT_HEADER,
	[DEADLINE_CUT_BODY] = METRICS_CUT_BODY,
};

int64_t
deadline_due(const struct deadline_limits *lim, enum deadline_phase phase,
    int64_t start_ms, uint64_t body_bytes)
{
	switch (phase) {
	case DEADLINE_HEADER:
		return lim->header_ms > 0 ? start_ms + lim->header_ms : INT64_MAX;
	case DEADLINE_BODY: {
		if (lim->body_ms <= 0)
			return INT64_MAX;
		int64_t extra = 0;
		if (lim->body_min_rate > 0) {
			/* whole seconds bought so far, capped far beyond any real
			 * body so that the sum cannot overflow */
			uint64_t secs = body_bytes / (uint64_t)lim->body_min_rate;
			extra = secs > 1000000000ULL ? INT64_C(1000000000000) :
			    (int64_t)secs * 1000;
		}
		return start_ms + lim->body_ms + extra;
	}
	case DEADLINE_ANSWER:
		break;
	}
	return INT64_MAX;
}

int64_t
deadline_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Bytes the kernel has received on the socket (Linux TCP_INFO); false
 * when it cannot say (not TCP, or an old kernel). */
static bool
tcp_bytes_received(int fd, uint64_t *out)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) +
	    sizeof(ti.tcpi_bytes_received))
		return false;
	*out = ti.tcpi_bytes_received;
	return true;
}

/* May a line be logged now?  Otherwise it is counted for the summary,
 * which *summary receives (0: none due) when a new window opens. */
static bool
ratelimit_ok(struct ratelimit *r, int64_t now_ms, uint64_t *summary)
{
	*summary = 0;
	if (r->lines == 0 || now_ms - r->window_at >= LOG_WINDOW_MS) {
		*summary = r->suppressed;
		r->window_at = now_ms;
		r->lines = 0;
		r->suppressed = 0;
	}
	if (r->lines < LOG_BURST) {
		r->lines++;
		return true;
	}
	r->suppressed++;
	return false;
}

struct deadlines *
deadlines_new(const struct deadline_limits *lim)
{
	struct deadlines *d = xcalloc(1, sizeof(*d));
	pthread_condattr_t attr;
	d->lim = *lim;
	pthread_mutex_init(&d->lock, NULL);
	pthread_mutex_init(&d->refuse_lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&d->wake, &attr);
	pthread_condattr_destroy(&attr);
	return d;
}

void
deadlines_free(struct deadlines *d)
{
	if (d == NULL)
		return;
	if (d->is_running) {
		pthread_mutex_lock(&d->lock);
		d->is_stopping = true;
		pthread_cond_signal(&d->wake);
		pthread_mutex_unlock(&d->lock);
		pthread_join(d->thread, NULL);
	}
	if (d->n != 0)
		log_warn("http: %zu connection(s) still registered at shutdown", d->n);
	for (struct deadline_conn *c = d->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	pthread_mutex_destroy(&d->refuse_lock);
	free(d);
}

static void *
reaper(void *arg)
{
	struct deadlines *d = arg;
	pthread_mutex_lock(&d->lock);
	while (!d->is_stopping) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += d->tick_ms / 1000;
		until.tv_nsec += (d->tick_ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&d->wake, &d->lock, &until);
		if (d->is_stopping)
			break;
		pthread_mutex_unlock(&d->lock);
		deadlines_reap(d, deadline_now_ms());
		pthread_mutex_lock(&d->lock);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

enum err
deadlines_start(struct deadlines *d, int64_t tick_ms)
{
	d->tick_ms = tick_ms > 0 ? tick_ms : 250;
	if (pthread_create(&d->thread, NULL, reaper, d) != 0) {
		log_error("http: cannot start the slow-client reaper: %s", strerror(errno));
		return ERR_INTERNAL;
	}
	d->is_running = true;
	return ERR_OK;
}

struct deadline_conn *
deadlines_add(struct deadlines *d, int fd, const char *ip, int64_t now_ms)
{
	struct deadline_conn *c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->phase = DEADLINE_HEADER;
	c->start_ms = now_ms;
	snprintf(c->ip, sizeof(c->ip), "%s", ip ? ip : "-");
	pthread_mutex_lock(&d->lock);
	c->next = d->head;
	if (d->head)
		d->head->prev = c;
	d->head = c;
	d->n++;
	pthread_mutex_unlock(&d->lock);
	return c;
}

void
deadlines_remove(struct deadlines *d, struct deadline_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		d->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	d->n--;
	pthread_mutex_unlock(&d->lock);
	free(c);
}

void
deadline_header_done(struct deadlines *d, struct deadline_conn *c,
    const char *client_ip, int64_t now_ms)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	c->phase = DEADLINE_BODY;
	c->start_ms = now_ms;
	c->body_bytes = 0;
	if (client_ip != NULL)
		snprintf(c->ip, sizeof(c->ip), "%s", client_ip);
	pthread_mutex_unlock(&d->lock);
}

void
deadline_body(struct deadlines *d, struct deadline_conn *c, size_t len)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	c->body_bytes += len;
	pthread_mutex_unlock(&d->lock);
}

void
deadline_answering(struct deadlines *d, struct deadline_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	c->phase = DEADLINE_ANSWER;
	pthread_mutex_unlock(&d->lock);
}

void
deadline_request_done(struct deadlines *d, struct deadline_conn *c, int64_t now_ms)
{
	if (c == NULL)
		return;
	uint64_t seen = 0;
	bool is_known = tcp_bytes_received(c->fd, &seen);
	pthread_mutex_lock(&d->lock);
	c->phase = DEADLINE_HEADER;
	c->start_ms = now_ms;
	c->body_bytes = 0;
	c->is_kept_alive = is_known;  /* unknown: the plain header rule */
	c->is_started = false;
	c->tcp_baseline = seen;
	pthread_mutex_unlock(&d->lock);
}

/* What to do with a connection past its due time: a reason to cut, or
 * DEADLINE_CUT__MAX after re-arming it (kept-alive and idle, or its
 * next request only just begun).  Called with the lock held. */
static enum deadline_reason
judge(struct deadline_conn *c, int64_t now_ms, uint64_t *tcp_seen)
{
	*tcp_seen = 0;
	if (c->phase == DEADLINE_BODY)
		return DEADLINE_CUT_BODY;
	bool is_known = tcp_bytes_received(c->fd, tcp_seen);
	if (!c->is_kept_alive)
		return is_known && *tcp_seen == 0 ? DEADLINE_CUT_IDLE : DEADLINE_CUT_HEADER;
	if (is_known && *tcp_seen == c->tcp_baseline) {
		c->start_ms = now_ms;   /* idle between requests: MHD's business */
		return DEADLINE_CUT__MAX;
	}
	if (!c->is_started) {
		c->is_started = true;   /* the clock runs from (about) the first byte */
		c->start_ms = now_ms;
		return DEADLINE_CUT__MAX;
	}
	return DEADLINE_CUT_HEADER;
}

size_t
deadlines_reap(struct deadlines *d, int64_t now_ms)
{
	struct cut {
		enum deadline_reason why;
		int64_t held_ms;
		uint64_t bytes;
		char ip[46];
	} lines[LOG_BURST];
	size_t nlines = 0, ncut = 0;
	uint64_t summary = 0, more;

	pthread_mutex_lock(&d->lock);
	for (struct deadline_conn *c = d->head; c; c = c->next) {
		if (c->is_cut || now_ms < deadline_due(&d->lim, c->phase, c->start_ms,
		    c->body_bytes))
			continue;
		uint64_t tcp_seen;
		enum deadline_reason why = judge(c, now_ms, &tcp_seen);
		if (why == DEADLINE_CUT__MAX)
			continue;
		/* the fd is the connection's own: MHD has not closed it, or
		 * deadlines_remove would have unlinked it (we hold the lock) */
		if (shutdown(c->fd, SHUT_RDWR) != 0 && errno != ENOTCONN)
			log_warn("http: cannot cut a slow connection (fd %d): %s", c->fd,
			    strerror(errno));
		c->is_cut = true;
		d->cut[why]++;
		metrics_connection_cut(reason_metric[why]);
		ncut++;
		if (ratelimit_ok(&d->cut_log, now_ms, &more) && nlines < LOG_BURST) {
			struct cut *l = &lines[nlines++];
			l->why = why;
			l->held_ms = now_ms - c->start_ms;
			l->bytes = why == DEADLINE_CUT_BODY ? c->body_bytes : tcp_seen;
			memcpy(l->ip, c->ip, sizeof(l->ip));
		}
		summary += more;
	}
	pthread_mutex_unlock(&d->lock);

	if (summary > 0)
		log_warn("http: %llu more slow connection(s) were cut without a log line",
		    (unsigned long long)summary);
	for (size_t i = 0; i < nlines; i++)
		log_warn("http: cut slow connection from %s: %s (%.1f s, %llu bytes %s)",
		    lines[i].ip, reason_text[lines[i].why], (double)lines[i].held_ms / 1e3,
		    (unsigned long long)lines[i].bytes,
		    lines[i].why == DEADLINE_CUT_BODY ? "of body" : "received");
	return ncut;
}

size_t
deadlines_count(struct deadlines *d)
{
	pthread_mutex_lock(&d->lock);
	size_t n = d->n;
	pthread_mutex_unlock(&d->lock);
	return n;
}

uint64_t
deadlines_cut(struct deadlines *d, enum deadline_reason why)
{
	pthread_mutex_lock(&d->lock);
	uint64_t n = why < DEADLINE_CUT__MAX ? d->cut[why] : 0;
	pthread_mutex_unlock(&d->lock);
	return n;
}

void
deadlines_refused(struct deadlines *d, size_t limit, int64_t now_ms)
{
	uint64_t more;
	metrics_connection_cut(METRICS_CUT_LIMIT);
	pthread_mutex_lock(&d->refuse_lock);
	bool is_ok = ratelimit_ok(&d->refuse_log, now_ms, &more);
	pthread_mutex_unlock(&d->refuse_lock);
	if (more > 0)
		log_warn("http: %llu more connection(s) were refused at the limit",
		    (unsigned long long)more);
	if (is_ok)
		log_warn("http: connection refused: %zu connections open "
		    "(max_connections)", limit);
}
