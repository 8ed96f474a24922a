/* diary.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route diary_routes[] = {{0}};
const size_t diary_nroutes = 0;

enum err
activity_diary_model(struct request *req, json_t *m, const char *from, const char *to)
{
	(void)req; (void)m; (void)from; (void)to;
	return ERR_OK;
}
