/* reports.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route reports_routes[] = {{0}};
const size_t reports_nroutes = 0;

enum err
reports_model(struct request *req, json_t *m, int64_t scheme_id, const char *from,
    const char *to, int64_t cohort_id)
{
	(void)req; (void)m; (void)scheme_id; (void)from; (void)to; (void)cohort_id;
	return ERR_OK;
}
