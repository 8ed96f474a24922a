/* activity.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route activity_routes[] = {{0}};
const size_t activity_nroutes = 0;

enum err
home_tab_activity(struct request *req, json_t *tab)
{
	(void)req; (void)tab;
	return ERR_OK;
}
