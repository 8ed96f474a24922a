/*
 * routes.c - the public pages and system routes, and the assembly of the
 * one route table from every area's rows.  Each row: method, path,
 * handler, who may call it, declared parameters.  The server validates
 * the parameters and checks access and CSRF before any handler runs.
 * Order matters only where patterns overlap: literal paths first.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "core/arena.h"

static const char *const themes[] = {"light", "dark", NULL};
static const char *const sidebars[] = {"shown", "hidden", NULL};

static const struct param_spec home[] = {
	{.name = "tab", .type = P_STRING, .max_len = 20},
	/* what was just done (handlers/sessions.c home_sessions: SES-10) */
	{.name = "done", .type = P_STRING, .max_len = 40},
	{0},
};

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

static const struct param_spec dev_clock[] = {
	{.name = "advance", .type = P_INT, .is_required = true, .min = -100000000,
	    .max = 100000000, .label = "seconds"},
	{0},
};

const struct route core_routes[] = {
	{HTTP_GET, "/", handle_home, ACCESS_PUBLIC, home, 0, 0},
	{HTTP_GET, "/accessibility", handle_accessibility, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/help", handle_help, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/appearance", handle_appearance_get, ACCESS_PUBLIC, appearance_get, 0, 0},
	{HTTP_POST, "/appearance", handle_appearance_post, ACCESS_PUBLIC, appearance_post,
	    ROUTE_FORM, 0},
	{HTTP_GET, "/healthz", handle_health, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/readyz", handle_ready, ACCESS_PUBLIC, NULL, ROUTE_NO_GATE, 0},
	{HTTP_GET, "/metrics", handle_metrics, ACCESS_PUBLIC, NULL, ROUTE_NO_GATE, 0},

	{HTTP_GET, "/api/v1", handle_api_root, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/api/v1/schemes", handle_home, ACCESS_PUBLIC, NULL, 0, 0},
	{HTTP_GET, "/api/v1/appearance", handle_appearance_get, ACCESS_PUBLIC,
	    appearance_get, 0, 0},
	{HTTP_POST, "/api/v1/appearance", handle_appearance_post, ACCESS_PUBLIC,
	    appearance_post, 0, 0},

	{HTTP_POST, "/_dev/echo", handle_dev_echo, ACCESS_PUBLIC, dev_echo,
	    ROUTE_DEV | ROUTE_UPLOAD, 0},
	{HTTP_POST, "/_dev/clock", handle_dev_clock, ACCESS_PUBLIC, dev_clock,
	    ROUTE_DEV | ROUTE_NO_GATE, 0},
};

const size_t core_nroutes = sizeof(core_routes) / sizeof(core_routes[0]);

const struct route *
routes_all(size_t *n)
{
	static struct route *all;
	static size_t total;
	if (all != NULL) {
		*n = total;
		return all;
	}
	const struct { const struct route *rows; const size_t *n; } areas[] = {
		{core_routes, &core_nroutes},
		{session_routes, &session_nroutes},
		{register_routes, &register_nroutes},
		{admin_routes, &admin_nroutes},
		{profile_routes, &profile_nroutes},
		{find_routes, &find_nroutes},
		{schemeconf_routes, &schemeconf_nroutes},
		{training_routes, &training_nroutes},
		{request_routes, &request_nroutes},
		{relationship_routes, &relationship_nroutes},
		{reqadmin_routes, &reqadmin_nroutes},
		{sessions_routes, &sessions_nroutes},
		{calendar_routes, &calendar_nroutes},
		{activity_routes, &activity_nroutes},
		{notes_routes, &notes_nroutes},
		{journey_routes, &journey_nroutes},
		{diary_routes, &diary_nroutes},
		{agreement_routes, &agreement_nroutes},
		{chats_routes, &chats_nroutes},
		{messages_routes, &messages_nroutes},
		{news_routes, &news_nroutes},
		{concerns_routes, &concerns_nroutes},
		{mail_routes, &mail_nroutes},
		{evalforms_routes, &evalforms_nroutes},
		{evaluations_routes, &evaluations_nroutes},
		{evalresults_routes, &evalresults_nroutes},
		{audit_routes, &audit_nroutes},
		{cohorts_routes, &cohorts_nroutes},
		{people_routes, &people_nroutes},
		{schemes_routes, &schemes_nroutes},
		{reports_routes, &reports_nroutes},
		{annual_routes, &annual_nroutes},
		{matchprefs_routes, &matchprefs_nroutes},
		{cohortmatch_routes, &cohortmatch_nroutes},
	};
	size_t cap = 0;
	for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		if (areas[i].rows != NULL && areas[i].n != NULL)
			cap += *areas[i].n;
	all = xcalloc(cap ? cap : 1, sizeof(*all));
	for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
		if (areas[i].rows == NULL || areas[i].n == NULL)
			continue;
		memcpy(all + total, areas[i].rows, *areas[i].n * sizeof(*all));
		total += *areas[i].n;
	}
	*n = total;
	return all;
}
