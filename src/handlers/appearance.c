/*
 * appearance.c - light or dark theme and the sidebar (ACC-9).
 *
 * Remembered in cookies so it works before signing in and without
 * JavaScript: the settings page is an ordinary form.  (Once accounts
 * exist, signing in also copies the person's saved choice.)  The API
 * twin takes and returns the same fields as JSON.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/account.h"
#include "core/arena.h"

#define YEAR (365LL * 24 * 60 * 60)

static json_t *
model(struct request *req, const char *theme, const char *sidebar)
{
	json_t *m = json_pack("{s:s, s:s, s:b, s:b, s:b, s:b}",
	    "theme", theme, "sidebar", sidebar,
	    "is_light", strcmp(theme, "light") == 0,
	    "is_dark", strcmp(theme, "dark") == 0,
	    "is_shown", strcmp(sidebar, "shown") == 0,
	    "is_hidden", strcmp(sidebar, "hidden") == 0);
	const char *e;
	if ((e = req_error(req, "theme")) != NULL)
		json_object_set_new(m, "theme_error", json_string(e));
	if ((e = req_error(req, "sidebar")) != NULL)
		json_object_set_new(m, "sidebar_error", json_string(e));
	return m;
}

enum err
handle_appearance_get(struct request *req, struct response *resp)
{
	json_t *m = model(req, req->theme, req->sidebar_hidden ? "hidden" : "shown");
	if (!req->is_api) {
		const char *ret = req_str(req, "return_to");
		json_object_set_new(m, "return_to",
		    json_string(http_is_local_path(ret) ? ret : "/"));
		json_object_set_new(m, "is_saved", json_boolean(req_bool(req, "saved")));
	}
	return page_respond(req, resp, 200, "appearance", m);
}

enum err
handle_appearance_post(struct request *req, struct response *resp)
{
	if (req->errors != NULL) {
		if (req->is_api)
			return ERR_BAD_INPUT;
		/* show the form again with what was chosen and why it failed */
		json_t *m = model(req, req_has(req, "theme") ? req_str(req, "theme") : req->theme,
		    req_has(req, "sidebar") ? req_str(req, "sidebar") :
		    req->sidebar_hidden ? "hidden" : "shown");
		json_object_set_new(m, "return_to", json_string(req_str(req, "return_to")));
		return page_render(req, resp, 400, "appearance", m);
	}
	const char *theme = req_has(req, "theme") ? req_str(req, "theme") : req->theme;
	const char *sidebar = req_has(req, "sidebar") ? req_str(req, "sidebar") :
	    req->sidebar_hidden ? "hidden" : "shown";
	if (req->auth != NULL) {
		/* ACC-9: remembered for the person, on every device */
		enum err rc = app_set_appearance(req->db, req->auth, theme,
		    strcmp(sidebar, "hidden") == 0);
		if (rc != ERR_OK)
			return rc;
	}
	resp_cookie(resp, req, "tandem_theme", theme, YEAR);
	resp_cookie(resp, req, "tandem_sidebar", sidebar, YEAR);
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:s, s:s}", "theme", theme,
		    "sidebar", sidebar));
		return ERR_OK;
	}
	const char *ret = req_str(req, "return_to");
	if (!http_is_local_path(ret) || strcmp(ret, "/appearance") == 0)
		ret = "/appearance?saved=1";
	resp_redirect(resp, req, ret);
	return ERR_OK;
}
