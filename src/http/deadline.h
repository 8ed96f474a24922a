/*
 * deadline.h - cut connections that send a request too slowly
 * (slowloris, slow POST), and count connections for the limit.
 *
 * libmicrohttpd's connection_timeout is an idle timeout: a client that
 * sends one header byte every few seconds is never cut, and holds one of
 * max_connections for as long as it likes.  This module keeps its own
 * small registry of the open connections (the socket, the phase of the
 * request and when it began, the body bytes seen) and a reaper thread
 * that shutdown()s a socket past its deadline; MHD then sees end of
 * stream and closes the connection itself, on its own thread, as for
 * any client that went away.
 *
 * The rules (times in milliseconds, CLOCK_MONOTONIC):
 *   - the request header must be complete within header_timeout,
 *     counted from the connection's start;
 *   - on a kept-alive connection, waiting for the next request is
 *     idleness, left to MHD's connection_timeout: the header clock is
 *     re-armed for as long as no byte has arrived since the previous
 *     request (the kernel's TCP_INFO byte count says so), and runs once
 *     one has - so the next header gets between one and two
 *     header_timeouts from its first byte, the reaper's granularity;
 *   - the body must arrive at body_min_rate bytes a second on average
 *     after a grace of body_timeout: each body_min_rate bytes received
 *     buy one second more (Apache mod_reqtimeout's body=20,MinRate=500);
 *   - while the handler runs and the response is sent, no deadline.
 *
 * Traps: the socket must never be shut down after MHD closed it (the
 * number may already belong to another connection or a database file).
 * MHD calls the connection-closed notification before it closes the
 * socket (libmicrohttpd daemon.c, MHD_cleanup_connections and the
 * failed-add path), and deadlines_remove() takes the registry lock the
 * reaper holds while it shuts sockets down, so a registered fd is
 * always the connection's own.
 */
#ifndef TANDEM_HTTP_DEADLINE_H
#define TANDEM_HTTP_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct deadline_limits {
	int64_t header_ms;     /* whole request header (0: no limit) */
	int64_t body_ms;       /* body grace before the rate counts (0: no limit) */
	int64_t body_min_rate; /* bytes a second; each buys 1 s more (0: none) */
};

enum deadline_phase {
	DEADLINE_HEADER,   /* waiting for a complete request header */
	DEADLINE_BODY,     /* header read, body arriving */
	DEADLINE_ANSWER,   /* body complete: handler and response, no limit */
};

/* Why a connection was cut (also the metrics label). */
enum deadline_reason {
	DEADLINE_CUT_IDLE,    /* a new connection that sent nothing */
	DEADLINE_CUT_HEADER,  /* header started but not complete in time */
	DEADLINE_CUT_BODY,    /* body below the minimum rate */
	DEADLINE_CUT__MAX,
};

/* When a connection in `phase` since `start_ms`, with `body_bytes` of
 * body so far, must be cut: INT64_MAX when never (ANSWER, or a limit of
 * 0).  Pure arithmetic, for the reaper and the unit tests. */
int64_t deadline_due(const struct deadline_limits *lim, enum deadline_phase phase,
    int64_t start_ms, uint64_t body_bytes);

struct deadlines;
struct deadline_conn;

/* A registry with these limits (copied); no thread yet. */
struct deadlines *deadlines_new(const struct deadline_limits *lim);
/* Stop the reaper if it runs, then free.  Every connection must have
 * been removed (MHD_stop_daemon notifies each close first). */
void deadlines_free(struct deadlines *d);

/* Start the reaper thread: every tick_ms it calls deadlines_reap with
 * the monotonic clock.  ERR_INTERNAL when the thread cannot start. */
enum err deadlines_start(struct deadlines *d, int64_t tick_ms);

/* The monotonic clock the reaper uses, in milliseconds. */
int64_t deadline_now_ms(void);

/* A new connection on socket fd from ip (text, copied), at now_ms; the
 * registry owns the result until deadlines_remove. */
struct deadline_conn *deadlines_add(struct deadlines *d, int fd, const char *ip,
    int64_t now_ms);
/* The connection is closing: forget it (before its socket is closed). */
void deadlines_remove(struct deadlines *d, struct deadline_conn *c);

/* The request header is complete (the access handler's first call);
 * client_ip is the address the request is logged under (it may come
 * from X-Forwarded-For), or NULL to keep the socket's. */
void deadline_header_done(struct deadlines *d, struct deadline_conn *c,
    const char *client_ip, int64_t now_ms);
/* len more body bytes arrived. */
void deadline_body(struct deadlines *d, struct deadline_conn *c, size_t len);
/* The body is complete: no deadline until the request is done. */
void deadline_answering(struct deadlines *d, struct deadline_conn *c);
/* The request is over; the connection may carry another one. */
void deadline_request_done(struct deadlines *d, struct deadline_conn *c,
    int64_t now_ms);

/* Cut every connection past its deadline at now_ms: shutdown() its
 * socket, count it and log it (at most a few lines a minute, then a
 * summary).  Returns how many were cut.  The reaper calls this; tests
 * call it with a made-up now. */
size_t deadlines_reap(struct deadlines *d, int64_t now_ms);

/* Connections registered now (for the connection limit). */
size_t deadlines_count(struct deadlines *d);

/* Connections cut since start, by reason. */
uint64_t deadlines_cut(struct deadlines *d, enum deadline_reason why);

/* Note a connection refused at the connection limit: logs at most one
 * line a minute (with how many were refused since the last).  Safe from
 * any thread. */
void deadlines_refused(struct deadlines *d, size_t limit, int64_t now_ms);

#endif
