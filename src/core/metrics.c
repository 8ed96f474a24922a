/*
 * metrics.c - lock-free counters and the Prometheus text exposition.
 *
 * Design: one struct of atomics per route row (status codes and the
 * latency histogram), plus two rows for assets and unmatched requests,
 * allocated once before the server's threads start and never freed or
 * moved while they run.  Bucket counters are stored per bucket and made
 * cumulative when rendered, so counting a request touches one bucket.
 * Latency sums are kept in whole microseconds (an atomic integer; there
 * is no portable atomic add on double).
 *
 * Status codes: the ones Tandem sends have their own slot; any other is
 * counted under its class ("4xx").  Only series that have moved are
 * written, so a scrape stays short however many routes exist.
 *
 * Traps: metrics_init_routes() frees the old table, so it runs only
 * before the server's threads (and in unit tests).  Job failures are
 * marked through a thread-local flag: a job that fails without calling
 * metrics_job_failed() or metrics_db_error() on its own thread counts as
 * a run that succeeded.
 */
#include "core/metrics.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/incident.h"

const double metrics_buckets[METRICS_NBUCKETS] = {
	0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

/* Codes with a slot of their own; then one slot per class 1xx..5xx. */
static const int codes[] = {
	200, 201, 202, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409,
	410, 413, 415, 422, 429, 500, 503,
};
#define NCODES (sizeof(codes) / sizeof(codes[0]))
#define NSLOTS (NCODES + 5)

struct route_stats {
	_Atomic uint64_t by_code[NSLOTS];
	_Atomic uint64_t bucket[METRICS_NBUCKETS + 1];   /* last: +Inf */
	_Atomic uint64_t sum_us;
	_Atomic uint64_t count;
};

struct job_stats {
	char name[48];
	_Atomic uint64_t runs;
	_Atomic uint64_t failures;
};

static struct {
	struct route_stats *routes;      /* n + 2: unmatched, assets */
	const char *const *methods;
	const char *const *patterns;
	size_t n;
	struct job_stats jobs[METRICS_JOBS_MAX];
	_Atomic int njobs;
	_Atomic uint64_t db_errors[ERR__MAX];
	struct timespec started;
	int64_t started_at;
	bool is_started;
} m;

static _Thread_local bool job_running;
static _Thread_local bool job_failed;

static void
note_start(void)
{
	if (m.is_started)
		return;
	clock_gettime(CLOCK_MONOTONIC, &m.started);
	m.started_at = clock_now();
	m.is_started = true;
}

void
metrics_init_routes(size_t n, const char *const *methods,
    const char *const *patterns)
{
	note_start();
	free(m.routes);
	m.routes = xcalloc(n + 2, sizeof(*m.routes));
	m.methods = methods;
	m.patterns = patterns;
	m.n = n;
}

static size_t
code_slot(int status)
{
	for (size_t i = 0; i < NCODES; i++)
		if (codes[i] == status)
			return i;
	int class = status / 100;
	if (class < 1 || class > 5)
		class = 5;
	return NCODES + (size_t)(class - 1);
}

void
metrics_request(long route, int status, double seconds)
{
	if (m.routes == NULL)
		return;
	size_t row = route >= 0 && (size_t)route < m.n ? (size_t)route :
	    route == METRICS_ASSETS ? m.n + 1 : m.n;
	struct route_stats *r = &m.routes[row];
	size_t b = 0;
	while (b < METRICS_NBUCKETS && seconds > metrics_buckets[b])
		b++;
	if (seconds < 0)
		seconds = 0;
	atomic_fetch_add_explicit(&r->by_code[code_slot(status)], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->sum_us, (uint64_t)(seconds * 1e6 + 0.5),
	    memory_order_relaxed);
	atomic_fetch_add_explicit(&r->count, 1, memory_order_relaxed);
}

int
metrics_job_register(const char *name)
{
	note_start();
	int n = atomic_load(&m.njobs);
	for (int i = 0; i < n; i++)
		if (strcmp(m.jobs[i].name, name) == 0)
			return i;
	if (n == METRICS_JOBS_MAX)
		return -1;
	snprintf(m.jobs[n].name, sizeof(m.jobs[n].name), "%s", name);
	atomic_store(&m.njobs, n + 1);
	return n;
}

void
metrics_job_begin(int slot)
{
	(void)slot;
	job_running = true;
	job_failed = false;
}

void
metrics_job_end(int slot)
{
	if (slot >= 0 && slot < atomic_load(&m.njobs)) {
		atomic_fetch_add_explicit(&m.jobs[slot].runs, 1, memory_order_relaxed);
		if (job_failed)
			atomic_fetch_add_explicit(&m.jobs[slot].failures, 1,
			    memory_order_relaxed);
	}
	job_running = false;
	job_failed = false;
}

void
metrics_job_failed(void)
{
	if (job_running)
		job_failed = true;
}

void
metrics_db_error(enum err code)
{
	if (code <= ERR_OK || code >= ERR__MAX)
		return;
	atomic_fetch_add_explicit(&m.db_errors[code], 1, memory_order_relaxed);
	metrics_job_failed();
}

/* Kept apart from `m`: metrics_init_routes() does not clear them. */
static _Atomic uint64_t connection_cuts[METRICS_CUT__MAX];

void
metrics_connection_cut(enum metrics_cut why)
{
	if ((unsigned)why < METRICS_CUT__MAX)
		atomic_fetch_add_explicit(&connection_cuts[why], 1, memory_order_relaxed);
}

/* ---- rendering ---- */

void
metrics_label_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '"': buf_puts(b, "\\\""); break;
		case '\n': buf_puts(b, "\\n"); break;
		default: buf_putc(b, *s); break;
		}
	}
}

static void
family(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* {method="GET",route="/x/{id:int}" (no closing brace) */
static void
route_labels(struct buf *b, size_t row)
{
	const char *method = row < m.n ? m.methods[row] : "";
	const char *route = row < m.n ? m.patterns[row] :
	    row == m.n ? "(unmatched)" : "/assets/*";
	buf_puts(b, "{method=\"");
	metrics_label_escape(b, method);
	buf_puts(b, "\",route=\"");
	metrics_label_escape(b, route);
	buf_putc(b, '"');
}

static void
code_label(struct buf *b, size_t slot)
{
	if (slot < NCODES)
		buf_printf(b, "%d", codes[slot]);
	else
		buf_printf(b, "%dxx", (int)(slot - NCODES + 1));
}

/* A bucket bound as Prometheus writes it: 0.005, 1, 2.5, 10. */
static void
bound(struct buf *b, double v)
{
	buf_printf(b, "%g", v);
}

static void
render_requests(struct buf *b)
{
	size_t rows = m.routes ? m.n + 2 : 0;

	family(b, "tandem_http_requests_total", "counter",
	    "HTTP requests answered, by route pattern and status code "
	    "(codes without a slot of their own as their class, 4xx).");
	for (size_t i = 0; i < rows; i++) {
		for (size_t s = 0; s < NSLOTS; s++) {
			uint64_t v = atomic_load_explicit(&m.routes[i].by_code[s],
			    memory_order_relaxed);
			if (v == 0)
				continue;
			buf_puts(b, "tandem_http_requests_total");
			route_labels(b, i);
			buf_puts(b, ",code=\"");
			code_label(b, s);
			buf_printf(b, "\"} %llu\n", (unsigned long long)v);
		}
	}

	family(b, "tandem_http_request_duration_seconds", "histogram",
	    "Time from a request's arrival to its completion, by route pattern.");
	for (size_t i = 0; i < rows; i++) {
		struct route_stats *r = &m.routes[i];
		uint64_t count = atomic_load_explicit(&r->count, memory_order_relaxed);
		if (count == 0)
			continue;
		uint64_t cum = 0;
		for (size_t k = 0; k <= METRICS_NBUCKETS; k++) {
			cum += atomic_load_explicit(&r->bucket[k], memory_order_relaxed);
			buf_puts(b, "tandem_http_request_duration_seconds_bucket");
			route_labels(b, i);
			buf_puts(b, ",le=\"");
			if (k < METRICS_NBUCKETS)
				bound(b, metrics_buckets[k]);
			else
				buf_puts(b, "+Inf");
			buf_printf(b, "\"} %llu\n", (unsigned long long)cum);
		}
		uint64_t us = atomic_load_explicit(&r->sum_us, memory_order_relaxed);
		buf_puts(b, "tandem_http_request_duration_seconds_sum");
		route_labels(b, i);
		buf_printf(b, "} %llu.%06llu\n", (unsigned long long)(us / 1000000),
		    (unsigned long long)(us % 1000000));
		buf_puts(b, "tandem_http_request_duration_seconds_count");
		route_labels(b, i);
		/* the +Inf bucket, so _count never disagrees with it */
		buf_printf(b, "} %llu\n", (unsigned long long)cum);
	}
}

void
metrics_render(struct buf *b, const struct metrics_extra *x)
{
	note_start();
	render_requests(b);

	if (x->outbox_queued >= 0 || x->outbox_failed >= 0)
		family(b, "tandem_outbox_messages", "gauge",
		    "Emails in the outbox by state: queued (waiting, retries "
		    "included) and failed (given up on).");
	if (x->outbox_queued >= 0)
		buf_printf(b, "tandem_outbox_messages{status=\"queued\"} %lld\n",
		    (long long)x->outbox_queued);
	if (x->outbox_failed >= 0)
		buf_printf(b, "tandem_outbox_messages{status=\"failed\"} %lld\n",
		    (long long)x->outbox_failed);

	int njobs = atomic_load(&m.njobs);
	family(b, "tandem_job_runs_total", "counter", "Runs of each background job.");
	for (int i = 0; i < njobs; i++) {
		buf_puts(b, "tandem_job_runs_total{job=\"");
		metrics_label_escape(b, m.jobs[i].name);
		buf_printf(b, "\"} %llu\n", (unsigned long long)atomic_load_explicit(
		    &m.jobs[i].runs, memory_order_relaxed));
	}
	family(b, "tandem_job_failures_total", "counter",
	    "Runs of each background job that met an error.");
	for (int i = 0; i < njobs; i++) {
		buf_puts(b, "tandem_job_failures_total{job=\"");
		metrics_label_escape(b, m.jobs[i].name);
		buf_printf(b, "\"} %llu\n", (unsigned long long)atomic_load_explicit(
		    &m.jobs[i].failures, memory_order_relaxed));
	}

	family(b, "tandem_db_errors_total", "counter",
	    "Storage errors by code: busy (locked past the timeout), storage "
	    "(disk full, read-only or failing: cannot write), io (other I/O), "
	    "db (any other database failure).");
	static const enum err db_codes[] = {ERR_BUSY, ERR_STORAGE, ERR_IO, ERR_DB};
	for (size_t i = 0; i < sizeof(db_codes) / sizeof(db_codes[0]); i++)
		buf_printf(b, "tandem_db_errors_total{code=\"%s\"} %llu\n",
		    err_code(db_codes[i]), (unsigned long long)atomic_load_explicit(
		    &m.db_errors[db_codes[i]], memory_order_relaxed));

	struct incident_stats inc;
	incident_stats(&inc);
	family(b, "tandem_storage_incident", "gauge",
	    "1 while storage cannot be written (disk full, read-only or failing "
	    "file system: writes are answered with 503), else 0.");
	buf_printf(b, "tandem_storage_incident %d\n", inc.is_open ? 1 : 0);
	family(b, "tandem_storage_failures_total", "counter",
	    "Writes that failed for want of storage (database and stored files).");
	buf_printf(b, "tandem_storage_failures_total %llu\n",
	    (unsigned long long)inc.failures_total);
	family(b, "tandem_storage_incidents_total", "counter",
	    "Storage incidents begun (each logged once when it starts and once "
	    "when writes work again).");
	buf_printf(b, "tandem_storage_incidents_total %llu\n",
	    (unsigned long long)inc.incidents_total);
	family(b, "tandem_http_connections_cut_total", "counter",
	    "Connections the server closed on its own: idle (a new connection "
	    "sent nothing in time), header_timeout, body_too_slow, "
	    "connection_limit (refused at max_connections).");
	static const char *const cut_reasons[METRICS_CUT__MAX] = {
		"idle", "header_timeout", "body_too_slow", "connection_limit",
	};
	for (int i = 0; i < METRICS_CUT__MAX; i++)
		buf_printf(b, "tandem_http_connections_cut_total{reason=\"%s\"} %llu\n",
		    cut_reasons[i], (unsigned long long)atomic_load_explicit(
		    &connection_cuts[i], memory_order_relaxed));

	family(b, "tandem_ready", "gauge",
	    "1 when the database is writable and its migrations current (/readyz).");
	buf_printf(b, "tandem_ready %d\n", x->is_ready ? 1 : 0);

	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double up = (double)(now.tv_sec - m.started.tv_sec) +
	    (double)(now.tv_nsec - m.started.tv_nsec) / 1e9;
	family(b, "tandem_uptime_seconds", "gauge", "Seconds since the process started.");
	buf_printf(b, "tandem_uptime_seconds %.3f\n", up < 0 ? 0 : up);
	family(b, "process_start_time_seconds", "gauge",
	    "Start time of the process since the Unix epoch in seconds.");
	buf_printf(b, "process_start_time_seconds %lld\n", (long long)m.started_at);
	family(b, "tandem_build_info", "gauge", "The running version; always 1.");
	buf_puts(b, "tandem_build_info{version=\"");
	metrics_label_escape(b, x->version ? x->version : "");
	buf_puts(b, "\"} 1\n");
}

/* ---- the allow list ---- */

static bool
parse_addr(const char *s, uint8_t out[16], int *bits)
{
	struct in_addr v4;
	struct in6_addr v6;
	if (inet_pton(AF_INET, s, &v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &v4, 4);
		*bits = 32;
		return true;
	}
	if (inet_pton(AF_INET6, s, &v6) == 1) {
		memcpy(out, &v6, 16);
		*bits = 128;
		return true;
	}
	return false;
}

enum err
metrics_allow_parse(const char *text, struct metrics_net *out, size_t *n,
    char *err, size_t errlen)
{
	size_t count = 0;
	const char *p = text;
	char item[64];

	if (strspn(text, " \t") == strlen(text))
		p = "";          /* blank: nobody */
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *start = p, *end = p + len;
		p = *end ? end + 1 : end;
		bool is_last_comma = *end == ',' && *p == '\0';
		while (start < end && (*start == ' ' || *start == '\t'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (start == end) {
			if (err)
				snprintf(err, errlen, "an empty item (a comma too many?)");
			return ERR_BAD_INPUT;
		}
		if ((size_t)(end - start) >= sizeof(item)) {
			if (err)
				snprintf(err, errlen, "'%.20s...' is too long for an address",
				    start);
			return ERR_BAD_INPUT;
		}
		memcpy(item, start, (size_t)(end - start));
		item[end - start] = '\0';
		if (count == METRICS_ALLOW_MAX) {
			if (err)
				snprintf(err, errlen, "more than %d addresses", METRICS_ALLOW_MAX);
			return ERR_BAD_INPUT;
		}

		struct metrics_net net;
		int bits;
		char *slash = strchr(item, '/');
		if (slash)
			*slash = '\0';
		if (!parse_addr(item, net.addr, &bits)) {
			if (err)
				snprintf(err, errlen, "'%s' is not an IP address", item);
			return ERR_BAD_INPUT;
		}
		net.prefix = 128;
		if (slash) {
			const char *d = slash + 1;
			int v = 0;
			if (*d == '\0' || strspn(d, "0123456789") != strlen(d) ||
			    strlen(d) > 3 || (v = (int)strtol(d, NULL, 10)) > bits) {
				if (err)
					snprintf(err, errlen, "'/%s' after %s is not a prefix "
					    "length from 0 to %d", d, item, bits);
				return ERR_BAD_INPUT;
			}
			net.prefix = 128 - bits + v;
		}
		if (out)
			out[count] = net;
		count++;
		if (is_last_comma) {
			if (err)
				snprintf(err, errlen, "an empty item (a comma too many?)");
			return ERR_BAD_INPUT;
		}
	}
	if (n)
		*n = count;
	return ERR_OK;
}

bool
metrics_allow_match(const struct metrics_net *nets, size_t n, const char *ip)
{
	uint8_t a[16];
	int bits;
	if (ip == NULL || !parse_addr(ip, a, &bits))
		return false;
	for (size_t i = 0; i < n; i++) {
		int full = nets[i].prefix / 8, rest = nets[i].prefix % 8;
		if (memcmp(a, nets[i].addr, (size_t)full) != 0)
			continue;
		if (rest != 0) {
			uint8_t mask = (uint8_t)(0xff << (8 - rest));
			if ((a[full] & mask) != (nets[i].addr[full] & mask))
				continue;
		}
		return true;
	}
	return false;
}
