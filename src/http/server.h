/*
 * server.h - the HTTP server: libmicrohttpd with a thread pool, the route
 * table, per-request arenas, body parsing with limits, security headers,
 * CSRF, access control, access log and graceful shutdown.
 */
#ifndef TANDEM_HTTP_SERVER_H
#define TANDEM_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "http/http.h"

struct config;
struct http_server;

/* What the layers above plug in. */
struct http_hooks {
	/* Render an HTML error page for `status` (API errors are JSON,
	 * rendered by the server itself).  May be NULL: plain text. */
	void (*render_error)(struct request *req, struct response *resp,
	    int status, const char *message);
	/* Find the signed-in person from the session cookie or a bearer
	 * token; sets req->user, req->auth and req->csrf_base.  May be NULL
	 * (nobody signs in). */
	enum err (*authenticate)(struct request *req);
	/* This thread's database connection (NULL: answer 503).  The
	 * server never opens one itself: it does not know the db layer. */
	struct db *(*thread_db)(void);
	/* Run after access checks, before validation: may answer instead of
	 * the handler (sets resp->status), e.g. to send a person to accept a
	 * changed privacy notice.  Not run for ROUTE_NO_GATE routes. */
	void (*gate)(struct request *req, struct response *resp);
	/* May `req->user` call a route with this access level? */
	bool (*authorise)(struct request *req, enum access access);
};

/* Start serving.  routes must outlive the server.  The bound port is
 * written to *port (useful with port 0). */
enum err http_server_start(const struct config *cfg, const struct route *routes,
    size_t nroutes, const struct http_hooks *hooks, struct http_server **out,
    uint16_t *port);

/* Stop accepting, let in-flight requests finish (up to the configured
 * shutdown_timeout), then close every connection and free the server. */
void http_server_stop(struct http_server *s);

#endif
