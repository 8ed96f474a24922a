/*
 * cohorts.c - a scheme's cohorts (see cohorts.h).  The shared list
 * comes first; its owner writes the rest below.
 */
#include "app/cohorts.h"

enum err
app_cohorts_list(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    struct db_cohort **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	return db_cohorts_of_scheme(db, a, scheme_id, out, n);
}

/* ---- written by its owner below this line ---- */
