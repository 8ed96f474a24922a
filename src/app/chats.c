/* chats.c - PROVISIONAL stub; its owner replaces this file. */
#include "app/chats.h"

#include "app/app.h"

enum err
app_chats_unread(struct db *db, const struct app_auth *me, int64_t *n)
{
	(void)db; (void)me;
	*n = 0;
	return ERR_OK;
}

enum err
app_demo_chats_tx(struct db *db, int64_t scheme_id)
{
	(void)db; (void)scheme_id;
	return ERR_OK;
}
