/* concerns.c - PROVISIONAL stub; its owner replaces this file. */
#include "app/app.h"

enum err
app_demo_concerns_tx(struct db *db, int64_t scheme_id)
{
	(void)db; (void)scheme_id;
	return ERR_OK;
}
