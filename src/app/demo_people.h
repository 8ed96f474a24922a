/*
 * demo_people.h - synthetic people at scale for measuring search
 * (`tandem demo --people N`; see demo_people.c and docs/performance.md).
 */
#ifndef TANDEM_APP_DEMO_PEOPLE_H
#define TANDEM_APP_DEMO_PEOPLE_H

#include "app/app.h"

struct app_demo_people_result {
	int64_t scheme_id;
	size_t mentors, mentees;
};

/* Add the scheme "synthetic" with n_mentors mentors (synth.mentor.1 ...),
 * n_mentors/10 mentees (synth.mentee.1 ...) and its administrator
 * synth.admin, everyone with `password`; for the reports also
 * n_mentors / 2 relationships in all (the added ones already over) with
 * 5 * n_mentors sessions and their requests; deterministic; one transaction;
 * the free-text index rebuilt.  ERR_CONFLICT when it already exists. */
enum err app_demo_people(struct db *db, const char *password, size_t n_mentors,
    struct app_demo_people_result *out);

#endif
