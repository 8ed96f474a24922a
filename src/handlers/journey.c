/* journey.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route journey_routes[] = {{0}};
const size_t journey_nroutes = 0;

enum err
rel_journey_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	(void)req; (void)m; (void)p;
	return ERR_OK;
}
