/*
 * system.c - machine-facing routes: liveness (/healthz) and readiness
 * (/readyz) for load balancers, /metrics for Prometheus, and the API's
 * front door.
 *
 * /healthz only reads (a count of users): it says the process answers.
 * /readyz also proves the database takes a write (a rolled-back one, so
 * a probe every few seconds changes nothing) and that its schema is the
 * one this binary carries; 503 with the reason otherwise, so a load
 * balancer stops sending traffic to an instance that could only fail.
 * /metrics answers only addresses in the metrics_allow setting; anyone
 * else gets the ordinary 404, as if the page did not exist.  None of
 * them is ever cached (responses default to Cache-Control: no-store).
 */
#include "handlers/handlers.h"

#include <stdatomic.h>
#include <stdbool.h>

#include "app/app.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/metrics.h"

#define METRICS_BODY_MAX (4 * 1024 * 1024)

enum err
handle_health(struct request *req, struct response *resp)
{
	int schema;
	if (app_health(req->db, &schema) != ERR_OK)
		return ERR_BUSY;
	resp_json(resp, req, 200, json_pack("{s:s, s:s, s:i}", "status", "ok",
	    "version", TANDEM_VERSION, "schema", schema));
	return ERR_OK;
}

enum err
handle_ready(struct request *req, struct response *resp)
{
	int schema, expected;
	const char *reason;
	enum err rc = app_ready(req->db, req->arena, &schema, &expected, &reason);
	/* logged when it changes, not on every probe of the load balancer */
	static _Atomic bool was_unready;
	bool is_unready = rc != ERR_OK;
	if (atomic_exchange(&was_unready, is_unready) != is_unready) {
		if (is_unready)
			log_warn("http: not ready: %s", reason);
		else
			log_info("http: ready again");
	}
	resp_json(resp, req, rc == ERR_OK ? 200 : 503, json_pack(
	    "{s:s, s:s, s:s, s:i, s:i}", "status", rc == ERR_OK ? "ready" : "unavailable",
	    "reason", reason, "version", TANDEM_VERSION, "schema", schema,
	    "schema_expected", expected));
	return ERR_OK;
}

/* Whether the caller's address is in metrics_allow (parsed per scrape:
 * a scrape every few seconds, and the setting was checked at start). */
static bool
metrics_allowed(const struct request *req)
{
	struct metrics_net nets[METRICS_ALLOW_MAX];
	size_t n;
	if (metrics_allow_parse(req->config->metrics_allow, nets, &n, NULL, 0) != ERR_OK)
		return false;
	return metrics_allow_match(nets, n, req->client_ip);
}

enum err
handle_metrics(struct request *req, struct response *resp)
{
	if (!metrics_allowed(req))
		return ERR_NOT_FOUND;
	struct metrics_extra x = {.version = TANDEM_VERSION, .outbox_queued = -1,
	    .outbox_failed = -1};
	int schema, expected;
	const char *reason;
	if (app_outbox_counts(req->db, &x.outbox_queued, &x.outbox_failed) != ERR_OK)
		x.outbox_queued = x.outbox_failed = -1;
	x.is_ready = app_ready(req->db, req->arena, &schema, &expected, &reason) == ERR_OK;

	struct buf b;
	buf_init_arena(&b, req->arena, METRICS_BODY_MAX);
	metrics_render(&b, &x);
	if (buf_err(&b))
		return ERR_INTERNAL;
	resp_text(resp, 200, "text/plain; version=0.0.4; charset=utf-8", buf_str(&b),
	    b.len);
	return ERR_OK;
}

enum err
handle_api_root(struct request *req, struct response *resp)
{
	resp_json(resp, req, 200, json_pack("{s:s, s:s, s:s, s:s}",
	    "service", "Tandem", "version", TANDEM_VERSION, "api", "v1",
	    "documentation", "docs/api.md in the Tandem source"));
	return ERR_OK;
}
