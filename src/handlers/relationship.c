/*
 * relationship.c - relationships (REL): placeholder until the
 * relationships work lands.
 */
#include "handlers/handlers.h"

enum err
home_tab_relationships(struct request *req, json_t *tab, bool past)
{
	(void)req;
	(void)tab;
	(void)past;
	return ERR_OK;
}

enum err
home_admin_relationships(struct request *req, json_t *m)
{
	(void)req;
	(void)m;
	return ERR_OK;
}

const struct route relationship_routes[] = {{0}};
const size_t relationship_nroutes = 0;
