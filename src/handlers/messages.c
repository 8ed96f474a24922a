/* messages.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route messages_routes[] = {{0}};
const size_t messages_nroutes = 0;

enum err
home_messages(struct request *req, json_t *m)
{
	(void)req; (void)m;
	return ERR_OK;
}
