/*
 * demo.c - a demo scheme with realistic people, for trying Tandem out
 * (`tandem demo`, `make run`) and for the browser tests.
 *
 * Later issues extend it (profiles, a live relationship, sessions...).
 * Everything is created in one transaction: a half-loaded demo is never
 * left behind.
 */
#include "app/app.h"

#include <string.h>

#include "app/account.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/matchprefs.h"
#include "db/schemeconf.h"
#include "db/db.h"

struct demo_row {
	const char *username, *given, *family, *email;
	bool is_site_admin;
	bool is_pending;
	const char *roles[3];
	const char *roles_text;
};

static const struct demo_row rows[] = {
	{"admin", "Priya", "Shah", "priya.shah@northfield.example.nhs.uk", true, false,
	    {"scheme_admin"}, "site administrator, scheme administrator"},
	{"gareth.evans", "Gareth", "Evans", "gareth.evans@northfield.example.nhs.uk",
	    false, false, {"scheme_admin"}, "scheme administrator"},
	{"chidi.okafor", "Chidi", "Okafor", "chidi.okafor@northfield.example.nhs.uk",
	    false, false, {"mentor"}, "mentor"},
	{"sarah.mitchell", "Sarah", "Mitchell",
	    "sarah.mitchell@northfield.example.nhs.uk", false, false, {"mentor"}, "mentor"},
	{"james.li", "James", "Li", "james.li@northfield.example.nhs.uk", false, false,
	    {"mentor"}, "mentor"},
	{"fatima.begum", "Fatima", "Begum", "fatima.begum@northfield.example.nhs.uk",
	    false, false, {"mentor", "mentee"}, "mentor and mentee"},
	{"tom.hughes", "Tom", "Hughes", "tom.hughes@northfield.example.nhs.uk", false, false,
	    {"mentee"}, "mentee"},
	{"amy.clarke", "Amy", "Clarke", "amy.clarke@northfield.example.nhs.uk", false, false,
	    {"mentee"}, "mentee"},
	{"ravi.patel", "Ravi", "Patel", "ravi.patel@northfield.example.nhs.uk", false, false,
	    {"mentee"}, "mentee"},
	{"olivia.grant", "Olivia", "Grant", "olivia.grant@northfield.example.nhs.uk", false,
	    true, {"mentee"}, "mentee, registration waiting for approval"},
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static struct app_demo_person people[NROWS];

/* Cohort matching on (after the cohorts are made) and one wish. */
static enum err
demo_cohort_matching_tx(struct db *db, int64_t scheme_id, int64_t mentee_id,
    int64_t mentor_id)
{
	struct arena *a = arena_new(0);
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme_id, &st);
	if (rc == ERR_OK) {
		st.allow_cohort_matching = true;
		rc = db_scheme_settings_put(db, &st);
	}
	if (rc == ERR_OK && mentee_id != 0 && mentor_id != 0)
		rc = db_match_wishes_set(db, scheme_id, mentee_id, &mentor_id, 1, clock_now());
	arena_free(a);
	return rc;
}

enum err
app_demo_load(struct db *db, const char *password,
    const struct app_demo_person **out, size_t *n)
{
	enum err rc;
	int64_t scheme_id, user_id, gareth_id = 0, ravi_id = 0, fatima_id = 0;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_scheme_create_tx(db, "northfield-aspire",
	    "Aspire Mentoring - Northfield NHS Foundation Trust",
	    "Mentoring for doctors, nurses and allied health professionals at "
	    "Northfield NHS Foundation Trust: find a mentor, agree how you will "
	    "work together, and keep a record of your sessions.", &scheme_id);
	if (rc != ERR_OK)
		goto out;
	for (size_t i = 0; i < NROWS; i++) {
		const struct demo_row *r = &rows[i];
		struct app_new_user u = {
			.username = r->username,
			.email = r->email,
			.given_name = r->given,
			.family_name = r->family,
			.password = password,
			.is_active = !r->is_pending,
			.is_site_admin = r->is_site_admin,
		};
		if ((rc = app_user_create_tx(db, &u, &user_id)) != ERR_OK)
			goto out;
		bool is_participant = false;
		for (size_t j = 0; j < 3 && r->roles[j]; j++) {
			if ((rc = db_role_add(db, user_id, scheme_id, r->roles[j],
			    clock_now())) != ERR_OK)
				goto out;
			is_participant |= strcmp(r->roles[j], "scheme_admin") != 0;
		}
		/* participants accepted the privacy notice when they joined */
		if (is_participant &&
		    (rc = db_consent_add(db, user_id, scheme_id, 1, clock_now())) != ERR_OK)
			goto out;
		if (strcmp(r->username, "gareth.evans") == 0)
			gareth_id = user_id;
		else if (strcmp(r->username, "ravi.patel") == 0)
			ravi_id = user_id;
		else if (strcmp(r->username, "fatima.begum") == 0)
			fatima_id = user_id;
		people[i].username = r->username;
		people[i].name = r->given;
		people[i].roles = r->roles_text;
	}
	/* profiles, the scheme's lists, a matched pair (demo_profiles.c) */
	if ((rc = app_demo_profiles_tx(db, scheme_id)) != ERR_OK)
		goto out;
	/* the pair's sessions, the scheme's journey stages and guides */
	if ((rc = app_demo_sessions_tx(db, scheme_id)) != ERR_OK ||
	    (rc = app_demo_journey_tx(db, scheme_id)) != ERR_OK ||
	    (rc = app_demo_guides_tx(db, scheme_id)) != ERR_OK)
		goto out;
	/* their chat, a message from the scheme team, news and resources,
	 * the escalation contact (issue 8) */
	if ((rc = app_demo_chats_tx(db, scheme_id)) != ERR_OK ||
	    (rc = app_demo_messages_tx(db, scheme_id)) != ERR_OK ||
	    (rc = app_demo_news_tx(db, scheme_id)) != ERR_OK ||
	    (rc = app_demo_concerns_tx(db, scheme_id)) != ERR_OK)
		goto out;
	/* evaluation forms and answered evaluations (issue 9) */
	if ((rc = app_demo_evaluations_tx(db, scheme_id)) != ERR_OK)
		goto out;
	if ((rc = app_demo_cohorts_tx(db, scheme_id)) != ERR_OK)
		goto out;
	/* REQ-11: the scheme uses cohort matching, and Ravi Patel has made
	 * Fatima Begum his first choice, so a preview shows "Wish 1" */
	if ((rc = demo_cohort_matching_tx(db, scheme_id, ravi_id, fatima_id)) != ERR_OK)
		goto out;
	/* the email a real registration would have caused (ACC-3) */
	rc = app_notice_tx(db, &(struct app_notice){.user_id = gareth_id,
	    .to = "gareth.evans@northfield.example.nhs.uk", .kind = "admin.registration",
	    .scheme_id = scheme_id,
	    .subject = "New registration waiting for approval: Olivia Grant",
	    .text = "Hello Gareth,\n\nOlivia Grant has registered for Aspire Mentoring as a "
	    "mentee and is waiting for approval.\n\nOpen Registrations to approve or "
	    "reject it.\n", .path = "/admin/registrations"});
	if (rc != ERR_OK)
		goto out;
	rc = app_audit_tx(db, 0, scheme_id, "demo.load", "scheme:northfield-aspire",
	    "demo scheme and people loaded", "");
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == ERR_OK) {
		*out = people;
		*n = NROWS;
	}
	return rc;
}
