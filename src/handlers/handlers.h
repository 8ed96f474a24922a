/*
 * handlers.h - the route table and what handlers share.
 *
 * Adding a page: one handler (here), one template (templates/), one row
 * in routes.c, one test.  A handler reads its declared inputs, calls
 * app, and answers with page_render (HTML), resp_json (API) or
 * page_respond (both: the same model rendered as HTML for the page route
 * and sent as JSON for its /api/v1 twin).
 */
#ifndef TANDEM_HANDLERS_HANDLERS_H
#define TANDEM_HANDLERS_HANDLERS_H

#include <jansson.h>
#include <stddef.h>

#include "http/http.h"

extern const struct route routes[];
extern const size_t nroutes;

/* Render templates/NAME.mustache with `model` (reference stolen) plus
 * the layout's data under "app" (theme, CSRF token, asset URLs, the
 * signed-in person, quick links).  Errors from the template engine give
 * a 500 page. */
enum err page_render(struct request *req, struct response *resp, int status,
    const char *template, json_t *model);

/* JSON for API routes, HTML otherwise (model stolen). */
enum err page_respond(struct request *req, struct response *resp, int status,
    const char *template, json_t *model);

/* The field errors of req as a JSON object {field: message} and the
 * ordered list the error summary shows [{field, message}]. */
json_t *page_errors(const struct request *req);

/* The server's hook for every error page. */
void page_render_error(struct request *req, struct response *resp, int status,
    const char *message);

/* ---- handlers ---- */
enum err handle_home(struct request *req, struct response *resp);
enum err handle_accessibility(struct request *req, struct response *resp);
enum err handle_help(struct request *req, struct response *resp);
enum err handle_appearance_get(struct request *req, struct response *resp);
enum err handle_appearance_post(struct request *req, struct response *resp);
enum err handle_health(struct request *req, struct response *resp);
enum err handle_api_root(struct request *req, struct response *resp);
enum err handle_dev_echo(struct request *req, struct response *resp);

#endif
