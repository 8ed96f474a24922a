/*
 * calendar.c - the private calendar feed and its settings (SES-9).
 *
 * GET /calendar/{user}/{token}.ics is public: calendar clients fetch it
 * with no cookies, so the token in the path is the only credential.
 * The router cannot match "{token}.ics" inside a segment, so the last
 * segment is one parameter and ".ics" is checked here.  The row is
 * ROUTE_SECRET_PATH: the access log shows the pattern, never the token.
 * Every refusal is the same 404 (app_calendar_feed).
 *
 * /settings/calendar turns the feed on, resets it or turns it off; the
 * API twin is /api/v1/me/calendar.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/calendar.h"
#include "core/arena.h"
#include "core/clock.h"

static enum err
handle_feed(struct request *req, struct response *resp)
{
	const char *file = req_str(req, "file");
	size_t len = strlen(file);
	if (len != APP_CALENDAR_TOKEN_LEN + 4 || strcmp(file + len - 4, ".ics") != 0)
		return ERR_NOT_FOUND;
	const char *token = arena_strndup(req->arena, file, len - 4);
	const char *ics;
	enum err rc = app_calendar_feed(req->db, req->arena, req_int(req, "user"), token,
	    page_link_base(req), clock_now(), &ics);
	if (rc != ERR_OK)
		return rc;
	resp_header(resp, req, "Cache-Control", "private, no-cache");
	resp_header(resp, req, "Content-Disposition", "inline; filename=\"tandem.ics\"");
	resp_text(resp, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
	return ERR_OK;
}

/* The page's model; `done` is what was just done ("" none; the POST
 * route has no "done" parameter, so it is passed in). */
static json_t *
model(struct request *req, const struct app_calendar *c, const char *done)
{
	const char *url = c->is_on ? arena_printf(req->arena, "%s%s", page_link_base(req),
	    c->path) : "";
	json_t *m = json_pack("{s:b, s:s}", "is_on", c->is_on, "url", url);
	if (!req->is_api) {
		json_object_set_new(m, "is_done_on", json_boolean(strcmp(done, "on") == 0));
		json_object_set_new(m, "is_done_reset", json_boolean(strcmp(done, "reset") == 0));
		json_object_set_new(m, "is_done_off", json_boolean(strcmp(done, "off") == 0));
		const char *e = req_error(req, "action");
		if (e != NULL)
			json_object_set_new(m, "action_error", json_string(e));
	}
	return m;
}

static enum err
handle_settings(struct request *req, struct response *resp)
{
	struct app_calendar c;
	enum err rc = app_calendar_get(req->db, req->arena, req->auth, &c);
	if (rc != ERR_OK)
		return rc;
	return page_respond(req, resp, 200, "calendar-settings",
	    model(req, &c, req->is_api ? "" : req_str(req, "done")));
}

static enum err
handle_change(struct request *req, struct response *resp)
{
	struct app_calendar c;
	enum err rc;

	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		if ((rc = app_calendar_get(req->db, req->arena, req->auth, &c)) != ERR_OK)
			return rc;
		return page_render(req, resp, 422, "calendar-settings", model(req, &c, ""));
	}
	const char *action = req_str(req, "action");
	rc = app_calendar_change(req->db, req->arena, req->auth, action, req->client_ip, &c);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return page_respond(req, resp, 200, "calendar-settings", model(req, &c, ""));
	resp_redirect(resp, req, arena_printf(req->arena, "/settings/calendar?done=%s",
	    action));
	return ERR_OK;
}

/* ---- routes ---- */

static const char *const actions[] = {"on", "reset", "off", NULL};
static const char *const dones[] = {"on", "reset", "off", NULL};

static const struct param_spec feed_params[] = {
	{.name = "user", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX},
	{.name = "file", .type = P_STRING, .is_required = true, .max_len = 64},
	{0},
};

static const struct param_spec settings_params[] = {
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "Done"},
	{0},
};

static const struct param_spec change_params[] = {
	{.name = "action", .type = P_CHOICE, .is_required = true, .choices = actions,
	 .label = "What to do with your calendar feed"},
	{0},
};

const struct route calendar_routes[] = {
	{HTTP_GET, "/calendar/{user:int}/{file}", handle_feed, ACCESS_PUBLIC, feed_params,
	 ROUTE_SECRET_PATH | ROUTE_NO_GATE, 0},
	{HTTP_GET, "/settings/calendar", handle_settings, ACCESS_SIGNED_IN, settings_params,
	 0, 0},
	{HTTP_POST, "/settings/calendar", handle_change, ACCESS_SIGNED_IN, change_params,
	 ROUTE_FORM, 0},
	{HTTP_GET, "/api/v1/me/calendar", handle_settings, ACCESS_SIGNED_IN, settings_params,
	 0, 0},
	{HTTP_POST, "/api/v1/me/calendar", handle_change, ACCESS_SIGNED_IN, change_params,
	 0, 0},
};
const size_t calendar_nroutes = sizeof(calendar_routes) / sizeof(calendar_routes[0]);
