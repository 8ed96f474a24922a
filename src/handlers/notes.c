/* notes.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route notes_routes[] = {{0}};
const size_t notes_nroutes = 0;

enum err
rel_notes_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	(void)req; (void)m; (void)p;
	return ERR_OK;
}
