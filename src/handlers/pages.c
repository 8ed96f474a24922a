/*
 * pages.c - the public pages: home, accessibility statement (UX-6) and
 * the user guide.  Their content lives in the templates; the handlers
 * give them the little data they need.
 */
#include "handlers/handlers.h"

#include "app/app.h"

enum err
handle_home(struct request *req, struct response *resp)
{
	if (req->auth != NULL && !req->is_api)
		return handle_dashboard(req, resp);
	struct db_scheme *schemes;
	size_t n;
	enum err rc = app_schemes_active(req->db, req->arena, &schemes, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}",
		    "slug", schemes[i].slug, "name", schemes[i].name,
		    "description", schemes[i].description));
	}
	return page_respond(req, resp, 200, "home", json_pack("{s:o, s:b}",
	    "schemes", list, "has_schemes", json_array_size(list) > 0));
}

enum err
handle_accessibility(struct request *req, struct response *resp)
{
	return page_render(req, resp, 200, "accessibility", NULL);
}

enum err
handle_help(struct request *req, struct response *resp)
{
	return page_render(req, resp, 200, "help", NULL);
}
