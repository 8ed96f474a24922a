/*
 * mail.c - the administrators' outbox pages and their API twins (MSG-4):
 * the list (search by recipient or subject, status filter, paging), one
 * message, and sending a failed message again.
 *
 *   GET  /admin/outbox?status=&q=&before=      /api/v1/admin/outbox
 *   GET  /admin/outbox/{id}                    /api/v1/admin/outbox/{id}
 *   POST /admin/outbox/{id}/retry              /api/v1/admin/outbox/{id}/retry
 *
 * Who sees what is app's rule (app/mail.h): site administrators every
 * message, scheme administrators the messages about their schemes
 * except the private kinds; metadata only, never a body, for anyone.
 * Times are UTC.
 */
#include "handlers/handlers.h"

#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/mail.h"
#include "core/arena.h"
#include "view/json.h"
#include "view/url.h"

/* "23 Nov 2026, 20:14 UTC"; "" for 0. */
static const char *
when(struct arena *a, int64_t t)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		return "";
	return arena_printf(a, "%d %s %d, %02d:%02d UTC", tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

static void
put_time(struct request *req, json_t *o, const char *key, const char *words, int64_t t)
{
	json_put_i(o, key, t);
	json_put_s(o, words, when(req->arena, t));
}

/* The fields every view of a message shows (no body). */
static json_t *
mail_json(struct request *req, const struct db_mail *x, const char *scheme_name)
{
	json_t *o = json_object();
	bool is_sent = strcmp(x->status, "sent") == 0;
	bool is_failed = strcmp(x->status, "failed") == 0;

	json_put_i(o, "id", x->id);
	json_put_s(o, "to", x->to_addr);
	json_put_s(o, "subject", x->subject);
	json_put_s(o, "kind", x->kind);
	json_put_i(o, "scheme_id", x->scheme_id);
	json_put_s(o, "scheme", scheme_name);
	json_put_s(o, "status", x->status);
	json_put_s(o, "status_tag", is_sent ? "nhsuk-tag--green" :
	    is_failed ? "nhsuk-tag--red" : "nhsuk-tag--blue");
	json_put_s(o, "status_label", is_sent ? "Sent" : is_failed ? "Failed" : "Queued");
	json_put_b(o, "is_failed", is_failed);
	json_put_b(o, "is_queued", !is_sent && !is_failed);
	json_put_i(o, "attempts", x->attempts);
	json_put_s(o, "last_error", x->last_error);
	json_put_b(o, "has_invitation", x->ics_method[0] != '\0');
	json_put_s(o, "invitation", x->ics_method);
	json_put_b(o, "is_secret", x->is_secret);
	put_time(req, o, "created_at", "created", x->created_at);
	put_time(req, o, "sent_at", "sent", x->sent_at);
	put_time(req, o, "next_attempt_at", "next_attempt", x->next_attempt_at);
	json_put_s(o, "url", arena_printf(req->arena, "/admin/outbox/%lld",
	    (long long)x->id));
	return o;
}

static const char *
done_message(const char *done)
{
	return strcmp(done, "retried") == 0 ?
	    "The email is back in the queue and will be sent again shortly." : NULL;
}

static enum err
handle_outbox(struct request *req, struct response *resp)
{
	const char *status = req_has(req, "status") ? req_str(req, "status") : "";
	const char *q = req_has(req, "q") ? req_str(req, "q") : "";
	int64_t before = req_has(req, "before") ? req_int(req, "before") : 0;
	struct app_mail_list l;
	enum err rc = app_mail_outbox(req->db, req->arena, req->auth, status, q, before, &l);

	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(list, mail_json(req, &l.rows[i], l.scheme_names[i]));
	json_t *m = json_object();
	json_object_set_new(m, "messages", list);
	json_put_s(m, "status", status);
	json_put_s(m, "q", q);
	json_put_i(m, "older_before", l.older_id);
	if (!req->is_api) {
		static const struct { const char *status, *label; } filters[] = {
			{"", "All"}, {"queued", "Queued"}, {"sent", "Sent"},
			{"failed", "Failed"},
		};
		const char *qenc = url_encode(req->arena, q);
		json_t *f = json_array();
		for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
			json_t *o = json_object();
			json_put_s(o, "label", filters[i].label);
			json_put_s(o, "value", filters[i].status);
			json_put_s(o, "url", arena_printf(req->arena, "/admin/outbox?status=%s%s%s",
			    filters[i].status, *q ? "&q=" : "", *q ? qenc : ""));
			json_put_b(o, "is_current", strcmp(filters[i].status, status) == 0);
			json_array_append_new(f, o);
		}
		json_object_set_new(m, "filters", f);
		json_put_b(m, "has_messages", l.n > 0);
		json_put_b(m, "is_searching", *q != '\0');
		json_put_b(m, "is_paged", before > 0);
		json_put_s(m, "newest_url", arena_printf(req->arena,
		    "/admin/outbox?status=%s&q=%s", status, qenc));
		if (l.older_id > 0)
			json_put_s(m, "older_url", arena_printf(req->arena,
			    "/admin/outbox?status=%s&q=%s&before=%lld", status, qenc,
			    (long long)l.older_id));
		json_put_i(m, "page_size", APP_MAIL_PAGE);
		admin_menu(req, m, "outbox", 0);
		const char *done = req_has(req, "done") ? done_message(req_str(req, "done")) : NULL;
		if (done != NULL)
			json_put_s(m, "done_message", done);
	}
	return page_respond(req, resp, 200, "admin-outbox", m);
}

static enum err
handle_message(struct request *req, struct response *resp)
{
	struct db_mail x;
	const char *scheme_name;
	enum err rc = app_mail_message(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->client_ip, &x, &scheme_name);

	if (rc != ERR_OK)
		return rc;
	json_t *m = mail_json(req, &x, scheme_name);
	json_put_b(m, "has_unsubscribe", x.unsubscribe[0] != '\0');
	json_put_s(m, "unsubscribe", x.unsubscribe);
	json_put_b(m, "is_bulk", x.is_bulk);
	if (!req->is_api)
		admin_menu(req, m, "outbox", 0);
	return page_respond(req, resp, 200, "admin-outbox-message", m);
}

static enum err
handle_retry(struct request *req, struct response *resp)
{
	enum err rc = app_mail_retry(req->db, req->auth, req_int(req, "id"),
	    req->client_ip);

	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}",
		    "id", (json_int_t)req_int(req, "id"), "done", "retried"));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/admin/outbox?done=retried");
	return ERR_OK;
}

/* ---- routes ---- */

static const char *const statuses[] = {"", "queued", "sent", "failed", NULL};
static const char *const dones[] = {"retried", NULL};

static const struct param_spec list_get[] = {
	{.name = "status", .type = P_CHOICE, .choices = statuses,
	    .label = "queued, sent or failed"},
	{.name = "q", .type = P_STRING, .max_len = APP_MAIL_QUERY_MAX,
	    .label = "Search"},
	{.name = "before", .type = P_INT, .min = 1, .max = INT64_MAX / 2,
	    .label = "a message number"},
	{.name = "done", .type = P_CHOICE, .choices = dones},
	{0},
};

static const struct param_spec one[] = {
	{.name = "id", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX / 2},
	{0},
};

#define A ACCESS_SCHEME_ADMIN

const struct route mail_routes[] = {
	{HTTP_GET, "/admin/outbox", handle_outbox, A, list_get, 0, 0},
	{HTTP_GET, "/admin/outbox/{id:int}", handle_message, A, one, 0, 0},
	{HTTP_POST, "/admin/outbox/{id:int}/retry", handle_retry, A, one, 0, 0},
	{HTTP_GET, "/api/v1/admin/outbox", handle_outbox, A, list_get, 0, 0},
	{HTTP_GET, "/api/v1/admin/outbox/{id:int}", handle_message, A, one, 0, 0},
	{HTTP_POST, "/api/v1/admin/outbox/{id:int}/retry", handle_retry, A, one, 0, 0},
};

#undef A

const size_t mail_nroutes = sizeof(mail_routes) / sizeof(mail_routes[0]);
