/* evaluations.c - PROVISIONAL stubs; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route evaluations_routes[] = {{0}};
const size_t evaluations_nroutes = 0;

enum err
rel_evaluations_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	(void)req; (void)m; (void)p;
	return ERR_OK;
}

const char *
eval_after_complete_url(struct request *req, int64_t rel_id)
{
	(void)req; (void)rel_id;
	return NULL;
}

enum err
home_evaluations(struct request *req, json_t *m, json_t *tab)
{
	(void)req; (void)m; (void)tab;
	return ERR_OK;
}
