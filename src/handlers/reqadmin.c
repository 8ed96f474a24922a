/*
 * reqadmin.c - request deadlines, responsiveness and request settings
 * (REQ-7, REQ-13, REQ-14): placeholder until that work lands.
 */
#include "handlers/handlers.h"

enum err
home_admin_requests(struct request *req, json_t *m)
{
	(void)req;
	(void)m;
	return ERR_OK;
}

const struct route reqadmin_routes[] = {{0}};
const size_t reqadmin_nroutes = 0;
