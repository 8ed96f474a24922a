/* matchprefs.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route matchprefs_routes[] = {{0}};
const size_t matchprefs_nroutes = 0;

enum err
home_matchprefs(struct request *req, json_t *m)
{
	(void)req;
	(void)m;
	return ERR_OK;
}
