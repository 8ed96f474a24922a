/*
 * system.c - machine-facing routes: the health check for load balancers
 * and monitoring, and the API's front door.
 */
#include "handlers/handlers.h"

#include "app/app.h"

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
handle_api_root(struct request *req, struct response *resp)
{
	resp_json(resp, req, 200, json_pack("{s:s, s:s, s:s, s:s}",
	    "service", "Tandem", "version", TANDEM_VERSION, "api", "v1",
	    "documentation", "docs/api.md in the Tandem source"));
	return ERR_OK;
}
