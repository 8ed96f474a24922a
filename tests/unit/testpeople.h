/*
 * testpeople.h - for unit tests: people of a test scheme and a pair
 * assigned by its administrator, the fixture most app tests start from.
 * Header-only, after testdb.h.
 */
#ifndef TANDEM_TESTS_TESTPEOPLE_H
#define TANDEM_TESTS_TESTPEOPLE_H

#include "app/account.h"
#include "app/relationship.h"
#include "testdb.h"

#include <string.h>

/* *me: person `user` signed in using the view of `role` in `scheme`
 * (*view, which must outlive *me); email "" when the test needs none. */
static inline void
testpeople_as(struct app_auth *me, struct app_view *view, int64_t user, int64_t scheme,
    const char *role, const char *email)
{
	*view = (struct app_view){.scheme_id = scheme, .scheme_name = "Aspire",
	    .role = role, .label = ""};
	*me = (struct app_auth){.user_id = user, .email = email, .views = view, .nviews = 1,
	    .active = view};
}

/* Person `name` (testdb_user) with `role` in `scheme`, and *me signed
 * in using that role's view (*view, which must outlive *me). */
static inline int64_t
testpeople_add(struct db *db, int64_t scheme, const char *name, const char *role,
    int64_t when, struct app_view *view, struct app_auth *me)
{
	int64_t id = testdb_user(db, name, when);
	db_role_add(db, id, scheme, role, when);
	testpeople_as(me, view, id, scheme, role, "");
	me->username = me->display_name = name;
	return id;
}

/* The scheme's cohort matching switch (REQ-11, allow_cohort_matching). */
static inline void
testpeople_cohort_matching(struct db *db, struct arena *a, int64_t scheme, bool on)
{
	struct db_scheme_settings st;
	if (db_scheme_settings_get(db, a, scheme, &st) != ERR_OK)
		abort();
	st.allow_cohort_matching = on;
	if (db_scheme_settings_put(db, &st) != ERR_OK)
		abort();
}

/* mentor and mentee assigned by admin in scheme, committed: 0, or -1
 * for a cmocka setup to return. */
static inline int
testpeople_pair(struct db *db, struct arena *a, int64_t scheme, int64_t mentor,
    int64_t mentee, int64_t admin, int64_t *rel)
{
	struct app_rel_new in = {
		.scheme_id = scheme, .mentor_id = mentor, .mentee_id = mentee,
		.origin = "assignment", .assigned_by = admin, .override_reason = "",
		.first_session = "", .actor_id = admin, .ip = "",
	};
	if (db_begin(db) != ERR_OK || app_relationship_create_tx(db, a, &in, rel) != ERR_OK ||
	    db_commit(db) != ERR_OK)
		return -1;
	return 0;
}

/* How many emails in the outbox went to USERNAME@example.nhs.uk with
 * subject_part in their subject (NULL: any subject). */
static inline size_t
testpeople_mails_to(struct db *db, struct arena *a, const char *username,
    const char *subject_part)
{
	struct db_mail *mail;
	size_t n, k = 0;
	char to[128];
	snprintf(to, sizeof(to), "%s@example.nhs.uk", username);
	if (db_outbox_list(db, a, NULL, 1000, &mail, &n) != ERR_OK)
		abort();
	for (size_t i = 0; i < n; i++)
		k += strcmp(mail[i].to_addr, to) == 0 &&
		    (subject_part == NULL || strstr(mail[i].subject, subject_part) != NULL);
	return k;
}

#endif
