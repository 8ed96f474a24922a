/* matchprefs.c - PROVISIONAL stub (defaults, no preferences); PREFS
 * replaces this file. */
#include "app/matchprefs.h"

enum err
app_matchprefs_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct app_match_settings *st, struct app_match_wish **wishes, size_t *nwishes,
    struct app_match_avoid **avoids, size_t *navoids)
{
	(void)db;
	(void)a;
	(void)scheme_id;
	*st = (struct app_match_settings){{30, 20, 10}, true, 50, false};
	*wishes = NULL;
	*nwishes = 0;
	*avoids = NULL;
	*navoids = 0;
	return ERR_OK;
}
