/* messages.c - PROVISIONAL stub; its owner replaces this file. */
#include "app/messages.h"

#include "app/app.h"

enum err
app_messages_unread(struct db *db, const struct app_auth *me, int64_t *n)
{
	(void)db; (void)me;
	*n = 0;
	return ERR_OK;
}

enum err
app_demo_messages_tx(struct db *db, int64_t scheme_id)
{
	(void)db; (void)scheme_id;
	return ERR_OK;
}
