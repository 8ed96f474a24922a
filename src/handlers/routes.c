/*
 * routes.c - every route of Tandem, in one table: method, path, handler,
 * who may call it, and its declared parameters.  The server validates
 * the parameters and checks access and CSRF before any handler runs.
 * Order matters only where patterns overlap: literal paths first.
 */
#include "handlers/handlers.h"

static const char *const themes[] = {"light", "dark", NULL};
static const char *const sidebars[] = {"shown", "hidden", NULL};

static const struct param_spec appearance_get[] = {
	{.name = "return_to", .type = P_STRING, .max_len = 500},
	{.name = "saved", .type = P_BOOL},
	{0},
};

static const struct param_spec appearance_post[] = {
	{.name = "theme", .type = P_CHOICE, .choices = themes,
	    .label = "light or dark"},
	{.name = "sidebar", .type = P_CHOICE, .choices = sidebars,
	    .label = "whether to show the side menu"},
	{.name = "return_to", .type = P_STRING, .max_len = 500},
	{0},
};

static const struct param_spec dev_echo[] = {
	{.name = "title", .type = P_STRING, .is_required = true, .max_len = 100,
	    .label = "a title"},
	{.name = "attachment", .type = P_FILE, .max_len = 5 * 1024 * 1024},
	{0},
};

const struct route routes[] = {
	{HTTP_GET, "/", handle_home, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/accessibility", handle_accessibility, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/help", handle_help, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/appearance", handle_appearance_get, ACCESS_PUBLIC, appearance_get, 0, 0},
	{HTTP_POST, "/appearance", handle_appearance_post, ACCESS_PUBLIC, appearance_post,
	    ROUTE_FORM, 0},
	{HTTP_GET, "/healthz", handle_health, ACCESS_PUBLIC, NULL, 0, 0},

	{HTTP_GET, "/api/v1", handle_api_root, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/api/v1/schemes", handle_home, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/api/v1/appearance", handle_appearance_get, ACCESS_PUBLIC,
	    appearance_get, 0, 0},
	{HTTP_POST, "/api/v1/appearance", handle_appearance_post, ACCESS_PUBLIC,
	    appearance_post, 0, 0},

	{HTTP_POST, "/_dev/echo", handle_dev_echo, ACCESS_PUBLIC, dev_echo,
	    ROUTE_DEV | ROUTE_UPLOAD, 0},
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
