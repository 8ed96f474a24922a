/* evaluations.c - PROVISIONAL stubs; its owner replaces this file. */
#include "app/evaluations.h"

#include "app/app.h"

enum err
app_eval_relationship_completed_tx(struct db *db, struct arena *a, int64_t rel_id, int64_t now)
{
	(void)db; (void)a; (void)rel_id; (void)now;
	return ERR_OK;
}

enum err
app_eval_after_complete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t *eval_id)
{
	(void)db; (void)a; (void)me; (void)rel_id;
	*eval_id = 0;
	return ERR_OK;
}

enum err
app_eval_open_annual_tx(struct db *db, struct arena *a, const struct db_evalform *f,
    int64_t now, size_t *created)
{
	(void)db; (void)a; (void)f; (void)now;
	*created = 0;
	return ERR_OK;
}

enum err
app_evaluations_tick(struct db *db, int64_t now, struct app_eval_tick *r)
{
	(void)db; (void)now;
	r->created = r->reminded = r->failed = 0;
	return ERR_OK;
}

enum err
app_demo_evaluations_tx(struct db *db, int64_t scheme_id)
{
	(void)db; (void)scheme_id;
	return ERR_OK;
}
