/*
 * cohorts.h - a scheme's cohorts (intakes): a name, dates and the
 * participants in them (issue 10).  Administrators of the scheme (and
 * site administrators) manage them; cohorts are message targets and
 * filters for the relationship list and the reports.
 */
#ifndef TANDEM_APP_COHORTS_H
#define TANDEM_APP_COHORTS_H

#include "app/account.h"
#include "db/cohorts.h"

/* The scheme's cohorts for a filter or a target list: its
 * administrators and site administrators only, anyone else
 * ERR_NOT_FOUND. */
enum err app_cohorts_list(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_cohort **out, size_t *n);

/* Declared by their owner below this line. */

#endif
