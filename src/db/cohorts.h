/*
 * cohorts.h - storage of a scheme's cohorts (intakes) and their members
 * (issue 10; migration 0017).  Conventions as db.h.  Who may read or
 * change them is decided in app/cohorts.c.  The read below is shared:
 * the relationship list, the reports and the message composer offer the
 * scheme's cohorts as a filter or a target.
 */
#ifndef TANDEM_DB_COHORTS_H
#define TANDEM_DB_COHORTS_H

#include "db/db.h"

struct db_cohort {
	int64_t id;
	int64_t scheme_id;
	const char *name;
	const char *description;
	const char *starts_on;         /* YYYY-MM-DD or "" */
	const char *ends_on;
	int64_t members;               /* how many people are in it */
	int64_t created_at;
	int64_t updated_at;
};

/* Every cohort of a scheme, newest start first, with member counts. */
enum err db_cohorts_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_cohort **out, size_t *n);

/* Declared by their owner below this line. */

#endif
