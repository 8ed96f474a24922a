/*
 * audit.c - the audit log's view (ADM-7) and its API twin: read only,
 * there is no route that changes an entry (migration 0016's triggers
 * refuse it anyway).
 *
 *   GET /admin/audit?q=&actor=&action=&scheme=&from=&to=&before=
 *   GET /api/v1/admin/audit (same parameters)
 *
 * Who sees which entries is app's rule (app/audit.h): site
 * administrators everything; scheme administrators their schemes'
 * entries, never entries of no scheme or concern.*; another scheme's id
 * in the scheme filter is 404.  Times are UTC, said so on the page.
 */
#include "handlers/handlers.h"

#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/audit.h"
#include "core/arena.h"
#include "view/json.h"
#include "view/url.h"

#define QUERY_MAX 200

/* "23 Nov 2026, 20:14:05 UTC" */
static const char *
when(struct arena *a, int64_t t)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		return "";
	return arena_printf(a, "%d %s %d, %02d:%02d:%02d UTC", tm.tm_mday,
	    months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static json_t *
entry_json(struct request *req, const struct db_audit_row *r)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", r->e.id);
	json_put_i(o, "at", r->e.at);
	json_put_s(o, "when", when(a, r->e.at));
	json_put_i(o, "actor_id", r->e.actor_ref);
	json_put_s(o, "actor_username", r->actor_username);
	json_put_s(o, "actor_name", r->actor_name);
	json_put_s(o, "actor_label", r->e.actor_ref == 0 ? "Tandem (no person)" :
	    r->actor_username[0] == '\0' ? "A deleted account" :
	    arena_printf(a, "%s (%s)", r->actor_name, r->actor_username));
	json_put_i(o, "scheme_id", r->e.scheme_ref);
	json_put_s(o, "scheme", r->scheme_name);
	json_put_s(o, "action", r->e.action);
	json_put_s(o, "subject", r->e.subject);
	json_put_s(o, "detail", r->e.detail);
	json_put_s(o, "ip", r->e.ip);
	json_put_s(o, "ip_label", r->e.ip[0] ? r->e.ip : "Command line or Tandem itself");
	return o;
}

/* The filters as a query string ("q=..&actor=..", no before). */
static const char *
filter_query(struct request *req, const struct app_audit_query *q)
{
	struct arena *a = req->arena;
	return arena_printf(a, "q=%s&actor=%s&action=%s&scheme=%s&from=%s&to=%s",
	    url_encode(a, q->q), url_encode(a, q->actor), url_encode(a, q->action),
	    q->scheme_id ? arena_printf(a, "%lld", (long long)q->scheme_id) : "",
	    url_encode(a, q->from), url_encode(a, q->to));
}

static const char *
opt(struct request *req, const char *name)
{
	return req_has(req, name) ? req_str(req, name) : "";
}

static enum err
handle_audit(struct request *req, struct response *resp)
{
	struct app_audit_query q = {
		.q = opt(req, "q"), .actor = opt(req, "actor"), .action = opt(req, "action"),
		.scheme_id = req_has(req, "scheme") ? req_int(req, "scheme") : 0,
		.from = opt(req, "from"), .to = opt(req, "to"),
		.before = req_has(req, "before") ? req_int(req, "before") : 0,
	};
	struct app_problems ps = {0};
	struct app_audit_page p;
	bool is_invalid = req->errors != NULL;
	enum err rc = ERR_OK;

	if (!is_invalid) {
		rc = app_audit_search(req->db, req->arena, req->auth, &q, &ps, &p);
		if (rc == ERR_BAD_INPUT) {
			page_add_problems(req, &ps);
			is_invalid = true;
		} else if (rc != ERR_OK)
			return rc;
	} else if (!app_audit_may_view(req->auth))
		return ERR_FORBIDDEN;
	if (is_invalid && req->is_api)
		return page_invalid(req, resp, 422);
	if (is_invalid) {
		/* the choices still come from app; the list is left out */
		struct app_audit_query none = {0};
		struct app_problems ignore = {0};
		if ((rc = app_audit_search(req->db, req->arena, req->auth, &none, &ignore,
		    &p)) != ERR_OK)
			return rc;
		p.n = 0;
		p.next_before = 0;
	}

	json_t *m = json_object();
	json_t *list = json_array();
	for (size_t i = 0; i < p.n; i++)
		json_array_append_new(list, entry_json(req, &p.rows[i]));
	json_object_set_new(m, "entries", list);
	json_put_i(m, "older_before", p.next_before);
	json_t *filters = json_object();
	json_put_s(filters, "q", q.q);
	json_put_s(filters, "actor", q.actor);
	json_put_s(filters, "action", q.action);
	json_put_i(filters, "scheme", q.scheme_id);
	json_put_s(filters, "from", q.from);
	json_put_s(filters, "to", q.to);
	json_object_set_new(m, "filters", filters);
	if (!req->is_api) {
		/* as typed, even when not valid (the form comes back) */
		json_put_s(m, "q", req_has(req, "q") ? q.q : "");
		json_put_s(m, "actor", q.actor);
		json_put_s(m, "from", q.from);
		json_put_s(m, "to", q.to);
		json_t *acts = json_array();
		for (size_t i = 0; i < p.nactions; i++)
			json_array_append_new(acts, json_pack("{s:s, s:b}", "value",
			    p.actions[i], "is_selected", strcmp(p.actions[i], q.action) == 0));
		json_object_set_new(m, "actions", acts);
		json_t *ss = json_array();
		for (size_t i = 0; i < p.nschemes; i++)
			json_array_append_new(ss, json_pack("{s:I, s:s, s:b}", "id",
			    (json_int_t)p.schemes[i].id, "name", p.schemes[i].name,
			    "is_selected", p.schemes[i].id == q.scheme_id));
		json_object_set_new(m, "schemes", ss);
		json_put_b(m, "has_schemes", p.nschemes > 1);
		json_put_b(m, "has_entries", p.n > 0);
		json_put_b(m, "is_invalid", is_invalid);
		bool is_filtered = *q.q || *q.actor || *q.action || q.scheme_id || *q.from ||
		    *q.to;
		json_put_b(m, "is_filtered", is_filtered);
		json_put_b(m, "is_paged", q.before > 0);
		const char *fq = filter_query(req, &q);
		json_put_s(m, "newest_url", arena_printf(req->arena, "/admin/audit?%s", fq));
		if (p.next_before > 0)
			json_put_s(m, "older_url", arena_printf(req->arena,
			    "/admin/audit?%s&before=%lld", fq, (long long)p.next_before));
		json_put_i(m, "page_size", APP_AUDIT_PAGE);
		json_put_b(m, "is_site_admin", ((const struct app_auth *)req->auth)->is_site_admin);
		static const char *const fields[] = {"q", "actor", "action", "scheme", "from",
		    "to", NULL};
		page_field_errors(req, m, fields);
		admin_menu(req, m, "audit", 0);
		return page_render(req, resp, is_invalid ? 422 : 200, "admin-audit", m);
	}
	return page_respond(req, resp, 200, "admin-audit", m);
}

/* ---- routes ---- */

static const struct param_spec list_get[] = {
	{.name = "q", .type = P_STRING, .max_len = QUERY_MAX, .label = "Search"},
	{.name = "actor", .type = P_STRING, .max_len = 64, .label = "the username"},
	{.name = "action", .type = P_STRING, .max_len = 64, .label = "the action"},
	{.name = "scheme", .type = P_INT, .min = 1, .max = INT64_MAX / 2,
	    .label = "the scheme"},
	/* generous: app says what is wrong with a date, in its words */
	{.name = "from", .type = P_STRING, .max_len = 40, .label = "the start date"},
	{.name = "to", .type = P_STRING, .max_len = 40, .label = "the end date"},
	{.name = "before", .type = P_INT, .min = 1, .max = INT64_MAX / 2,
	    .label = "an entry number"},
	{0},
};

/* ACCESS_SIGNED_IN: app decides (participants 403, another scheme 404) */
#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

const struct route audit_routes[] = {
	{HTTP_GET, "/admin/audit", handle_audit, S, list_get, F, 0},
	{HTTP_GET, "/api/v1/admin/audit", handle_audit, S, list_get, F, 0},
};

#undef S
#undef F

const size_t audit_nroutes = sizeof(audit_routes) / sizeof(audit_routes[0]);
