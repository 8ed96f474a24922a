/* demo_profiles.c - placeholder until the demo profiles land (issue 4). */
#include "app/app.h"

enum err
app_demo_profiles_tx(struct db *db, int64_t scheme_id)
{
	(void)db;
	(void)scheme_id;
	return ERR_OK;
}
