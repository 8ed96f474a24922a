/*
 * metrics.h - the counters behind /metrics, and its address allow list.
 *
 * Everything is process-wide and lock-free: counters are C11 atomics
 * added to with relaxed ordering (a scrape may see one counter a request
 * ahead of another; each one is exact), so the request path pays a few
 * uncontended atomic adds and nothing else.  The tables are sized once,
 * before any thread counts: metrics_init_routes() from
 * http_server_start before the daemon starts, metrics_job_register()
 * from scheduler_add before the scheduler starts.
 *
 * Labels never carry what a visitor typed: requests are counted under
 * their route row (the pattern "/relationships/{id:int}", never the raw
 * path), METRICS_ASSETS or METRICS_UNMATCHED.
 *
 * metrics_render() writes the Prometheus text exposition format 0.0.4
 * (one HELP and TYPE per family, label values escaped, histograms with
 * cumulative buckets, _sum and _count).
 */
#ifndef TANDEM_CORE_METRICS_H
#define TANDEM_CORE_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct buf;

/* Where a request that matched no route row is counted. */
#define METRICS_UNMATCHED (-1)
/* Static files under /assets/ (one row for all of them). */
#define METRICS_ASSETS (-2)

/* Upper bounds (seconds) of the latency histogram's buckets, +Inf aside. */
#define METRICS_NBUCKETS 12
extern const double metrics_buckets[METRICS_NBUCKETS];

/* Size the per-route table: n rows, row i labelled methods[i] and
 * patterns[i] (the strings must live as long as the process; the route
 * table's do).  Clears every request counter; call it before any thread
 * counts.  Also notes the process start for the uptime. */
void metrics_init_routes(size_t n, const char *const *methods,
    const char *const *patterns);

/* Count one answered request: route a row index, METRICS_UNMATCHED or
 * METRICS_ASSETS; status the HTTP status sent; seconds from the start of
 * the request to its completion.  Out-of-range rows count as unmatched. */
void metrics_request(long route, int status, double seconds);

/* A job's slot (name copied, at most METRICS_JOBS_MAX jobs; a name seen
 * before gets its old slot; -1 when the table is full: then the job is
 * not counted).  Before the scheduler thread starts. */
#define METRICS_JOBS_MAX 32
int metrics_job_register(const char *name);
/* Around one run of a job, on the thread that runs it.  Between the two,
 * metrics_job_failed() (or metrics_db_error()) on that thread marks the
 * run failed; metrics_job_end counts the run and, if marked, a failure. */
void metrics_job_begin(int slot);
void metrics_job_end(int slot);
void metrics_job_failed(void);

/* A storage error (ERR_DB, ERR_BUSY, ERR_STORAGE, ERR_IO ...) seen on this thread:
 * counted by err code, and marks the running job (if any) failed. */
void metrics_db_error(enum err code);

/* A connection the server closed on its own (http/deadline.c, issue 12):
 * a new one that sent nothing in time, a request header not complete in
 * time, a body below the minimum rate, or one refused because
 * max_connections were open.  Rendered as
 * tandem_http_connections_cut_total{reason="idle|header_timeout|
 * body_too_slow|connection_limit"}. */
enum metrics_cut {
	METRICS_CUT_IDLE, METRICS_CUT_HEADER, METRICS_CUT_BODY, METRICS_CUT_LIMIT,
	METRICS_CUT__MAX,
};
void metrics_connection_cut(enum metrics_cut why);

/* What the scrape reads from elsewhere (the database), not counted here.
 * A negative count is left out (it could not be read). */
struct metrics_extra {
	const char *version;        /* tandem_build_info{version} */
	int64_t outbox_queued;      /* waiting to be sent, retries included */
	int64_t outbox_failed;      /* given up on */
	bool is_ready;              /* tandem_ready 1 or 0 */
};

/* Append the whole exposition to b (check buf_err once after). */
void metrics_render(struct buf *b, const struct metrics_extra *x);

/* Append s escaped as a label value: \ " and newline as \\ \" \n. */
void metrics_label_escape(struct buf *b, const char *s);

/* ---- the allow list (config metrics_allow) ---- */

/* One network: 16 bytes (IPv4 as ::ffff:a.b.c.d) and a prefix length
 * over those 128 bits. */
struct metrics_net {
	uint8_t addr[16];
	int prefix;
};
#define METRICS_ALLOW_MAX 32

/*
 * Parse "127.0.0.1, ::1, 10.0.0.0/8, fd00::/8": addresses and CIDR
 * networks, comma separated, spaces around items ignored, at most
 * METRICS_ALLOW_MAX.  An empty list allows no one.  On ERR_BAD_INPUT,
 * err (if not NULL) says which item is wrong and why.  out may be NULL
 * to only check.
 */
enum err metrics_allow_parse(const char *text, struct metrics_net *out,
    size_t *n, char *err, size_t errlen);

/* Whether ip (text, IPv4, IPv6 or IPv4-mapped IPv6) is in one of the
 * networks.  A text that is not an address matches nothing. */
bool metrics_allow_match(const struct metrics_net *nets, size_t n, const char *ip);

#endif
