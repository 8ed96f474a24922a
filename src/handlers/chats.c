/* chats.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route chats_routes[] = {{0}};
const size_t chats_nroutes = 0;

enum err
rel_chat_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	(void)req; (void)m; (void)p;
	return ERR_OK;
}

enum err
home_chats(struct request *req, json_t *m)
{
	(void)req; (void)m;
	return ERR_OK;
}
