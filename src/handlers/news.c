/* news.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route news_routes[] = {{0}};
const size_t news_nroutes = 0;

enum err
home_news(struct request *req, json_t *m)
{
	(void)req; (void)m;
	return ERR_OK;
}
