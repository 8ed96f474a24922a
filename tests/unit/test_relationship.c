/*
 * test_relationship.c - app/relationship: the guard every relationship
 * route and later issue relies on (REL-4's contract: 404 for strangers,
 * 403 for a viewer who may not act, 409 once ended), table-driven over
 * actor x action x status; and the rules of each write: the estimated
 * end (REL-3), completion (REL-4), the private ask to end and the
 * no-fault ending (REL-6), extensions (REL-7), assignment refused when
 * the scheme does not allow it (REQ-9), with the emails each sends; an
 * administrator who is one of the pair kept out of the other side's
 * requests (REL-6), limits counted in characters, the home-tab lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"
#include "testpeople.h"

#include "app/relationship.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)

enum { P_MENTOR, P_MENTEE, P_ADMIN, P_OTHER_MENTOR, P_OTHER_ADMIN, P_SITE, P__N };

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other_scheme;
	int64_t id[P__N];
	struct app_auth me[P__N];
	struct app_view views[P__N];
	int64_t rel;
};


static size_t
mails_to(struct fixture *f, const char *username)
{
	struct db_mail *mail;
	size_t n, k = 0;
	char to[128];
	snprintf(to, sizeof(to), "%s@example.nhs.uk", username);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 500, &mail, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		k += strcmp(mail[i].to_addr, to) == 0;
	return k;
}

static int
setup(void **state)
{
	static const char *const names[P__N] = {"mentor", "mentee", "admin", "othermentor",
		"otheradmin", "site"};
	static const char *const roles[P__N] = {"mentor", "mentee", "scheme_admin", "mentor",
		"scheme_admin", NULL};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("relationship", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->other_scheme) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	for (int i = 0; i < P__N; i++) {
		f->id[i] = testdb_user(f->db, names[i], T0);
		int64_t scheme = i == P_OTHER_ADMIN ? f->other_scheme : f->scheme;
		if (roles[i] != NULL)
			db_role_add(f->db, f->id[i], scheme, roles[i], T0);
		f->views[i] = (struct app_view){.scheme_id = scheme, .scheme_name = "Aspire",
		    .role = roles[i] ? roles[i] : "scheme_admin", .label = ""};
		f->me[i] = (struct app_auth){.user_id = f->id[i], .username = names[i],
		    .display_name = names[i], .email = "", .views = &f->views[i],
		    .nviews = roles[i] ? 1 : 0, .active = roles[i] ? &f->views[i] : NULL,
		    .is_site_admin = i == P_SITE};
	}
	if (testpeople_pair(f->db, f->a, f->scheme, f->id[P_MENTOR], f->id[P_MENTEE],
	    f->id[P_ADMIN], &f->rel) != 0)
		return -1;
	clock_set(T0 + 10 * DAY);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	arena_free(f->a);
	free(f);
	clock_real();
	return 0;
}

/* REL-4's guard: every actor x action, live and after completion. */
static void
test_guard_table(void **state)
{
	struct fixture *f = *state;
#define OK ERR_OK
#define NF ERR_NOT_FOUND
#define FB ERR_FORBIDDEN
#define CF ERR_CONFLICT
	static const struct {
		int who;
		enum lc_rel_action action;
		enum err live, ended;
	} rows[] = {
		{P_MENTOR, LRLA_VIEW, OK, OK},
		{P_MENTEE, LRLA_VIEW, OK, OK},
		{P_ADMIN, LRLA_VIEW, OK, OK},
		{P_SITE, LRLA_VIEW, OK, OK},
		{P_OTHER_MENTOR, LRLA_VIEW, NF, NF},
		{P_OTHER_ADMIN, LRLA_VIEW, NF, NF},
		{P_MENTOR, LRLA_SET_END, OK, CF},
		{P_MENTEE, LRLA_SET_END, FB, FB},
		{P_ADMIN, LRLA_SET_END, OK, CF},
		{P_OTHER_MENTOR, LRLA_SET_END, NF, NF},
		{P_MENTOR, LRLA_COMPLETE, OK, CF},
		{P_MENTEE, LRLA_COMPLETE, FB, FB},
		{P_ADMIN, LRLA_COMPLETE, OK, CF},
		{P_OTHER_ADMIN, LRLA_COMPLETE, NF, NF},
		{P_MENTOR, LRLA_ASK_END, OK, CF},
		{P_MENTEE, LRLA_ASK_END, OK, CF},
		{P_ADMIN, LRLA_ASK_END, FB, FB},
		{P_MENTEE, LRLA_END_EARLY, FB, FB},
		{P_ADMIN, LRLA_END_EARLY, OK, CF},
		{P_MENTEE, LRLA_ASK_EXTENSION, OK, CF},
		{P_ADMIN, LRLA_DECIDE_EXTENSION, OK, CF},
		{P_MENTOR, LRLA_DECIDE_EXTENSION, FB, FB},
		{P_MENTEE, LRLA_ADD_CONTENT, OK, CF},
		{P_MENTOR, LRLA_ADD_CONTENT, OK, CF},
		{P_OTHER_MENTOR, LRLA_ADD_CONTENT, NF, NF},
	};
	struct app_relationship r;
	struct app_problems ps = {0};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(app_relationship_guard(f->db, f->a, &f->me[rows[i].who], f->rel,
		    rows[i].action, &r), rows[i].live);
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-12-01", "", "", &ps), ERR_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(app_relationship_guard(f->db, f->a, &f->me[rows[i].who], f->rel,
		    rows[i].action, &r), rows[i].ended);
	assert_int_equal(app_relationship_guard(f->db, f->a, &f->me[P_MENTOR], 999999,
	    LRLA_VIEW, &r), ERR_NOT_FOUND);
#undef OK
#undef NF
#undef FB
#undef CF
}

/* REL-3: a real date, not before the start */
static void
test_estimated_end(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *iso; enum err rc; } cases[] = {
		{"2026-02-30", ERR_BAD_INPUT},
		{"2026-11-22", ERR_BAD_INPUT},   /* the day before the start */
		{"2026-11-23", ERR_OK},
		{"2027-06-30", ERR_OK},
		{"", ERR_OK},                    /* cleared */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		assert_int_equal(app_relationship_set_end(f->db, f->a, &f->me[P_MENTOR], f->rel,
		    cases[i].iso, "", &ps), cases[i].rc);
		if (cases[i].rc == ERR_BAD_INPUT)
			assert_string_equal(ps.p[0].field, "estimated_end");
	}
}

/* REL-4: dates, who is told, and nothing after */
static void
test_complete(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *iso; } bad[] = {
		{""}, {"2026-13-01"}, {"2026-12-04"} /* tomorrow */, {"2026-11-01"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_problems ps = {0};
		assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
		    bad[i].iso, "", "", &ps), ERR_BAD_INPUT);
		assert_string_equal(ps.p[0].field, "end_date");
	}
	struct app_problems ps = {0};
	size_t mentee_before = mails_to(f, "mentee"), mentor_before = mails_to(f, "mentor");
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTEE], f->rel,
	    "2026-12-03", "", "", &ps), ERR_FORBIDDEN);
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-12-03", "Went well", "", &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentee"), mentee_before + 1);
	assert_int_equal(mails_to(f, "mentor"), mentor_before);
	struct app_relationship r;
	assert_int_equal(app_relationship_guard(f->db, f->a, &f->me[P_MENTEE], f->rel,
	    LRLA_VIEW, &r), ERR_OK);
	assert_string_equal(r.r.status, "completed");
	assert_string_equal(r.r.end_date, "2026-12-03");
	assert_int_equal(r.r.ended_by, f->id[P_MENTOR]);
	ps.n = 0;
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_ADMIN], f->rel,
	    "2026-12-03", "", "", &ps), ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_REL_ENDED);
	int64_t x;
	ps.n = 0;
	assert_int_equal(app_relationship_ask_extension(f->db, f->a, &f->me[P_MENTEE], f->rel,
	    1, "more", "", &ps, &x), ERR_CONFLICT);
}

/* REL-4: an administrator completing it tells both people */
static void
test_complete_by_admin(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	size_t mentee_before = mails_to(f, "mentee"), mentor_before = mails_to(f, "mentor");
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_ADMIN], f->rel,
	    "2026-11-23", "", "", &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentee"), mentee_before + 1);
	assert_int_equal(mails_to(f, "mentor"), mentor_before + 1);
}

/* REL-6: private to administrators, once per person, then the ending */
static void
test_ask_end_and_end_early(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t e = 0, new_id = 0;
	size_t mentor_before = mails_to(f, "mentor"), admin_before = mails_to(f, "admin");
	assert_int_equal(app_relationship_ask_end(f->db, f->a, &f->me[P_MENTEE], f->rel, "",
	    "", &ps, &e), ERR_BAD_INPUT);
	ps.n = 0;
	assert_int_equal(app_relationship_ask_end(f->db, f->a, &f->me[P_MENTEE], f->rel,
	    "SECRET", "", &ps, &e), ERR_OK);
	assert_int_equal(mails_to(f, "admin"), admin_before + 1);
	assert_int_equal(mails_to(f, "mentor"), mentor_before);
	assert_int_equal(app_relationship_ask_end(f->db, f->a, &f->me[P_MENTEE], f->rel,
	    "again", "", &ps, &e), ERR_CONFLICT);

	struct app_relationship_page p;
	assert_int_equal(app_relationship_page(f->db, f->a, &f->me[P_MENTOR], f->rel, &p),
	    ERR_OK);
	assert_int_equal(p.nends, 0);            /* the other party sees nothing */
	assert_true(p.can_ask_end);
	assert_int_equal(app_relationship_page(f->db, f->a, &f->me[P_MENTEE], f->rel, &p),
	    ERR_OK);
	assert_int_equal(p.nends, 1);
	assert_non_null(p.my_open_end);
	assert_false(p.can_ask_end);
	assert_int_equal(app_relationship_page(f->db, f->a, &f->me[P_ADMIN], f->rel, &p),
	    ERR_OK);
	assert_int_equal(p.nends, 1);
	assert_string_equal(p.ends[0].reason, "SECRET");

	struct app_end_early in = {.note = ""};
	ps.n = 0;
	assert_int_equal(app_relationship_end_early(f->db, f->a, &f->me[P_ADMIN], f->rel, &in,
	    "", &ps, &new_id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "note");
	in.note = "NOTE";
	ps.n = 0;
	assert_int_equal(app_relationship_end_early(f->db, f->a, &f->me[P_MENTOR], f->rel, &in,
	    "", &ps, &new_id), ERR_FORBIDDEN);
	assert_int_equal(app_relationship_end_early(f->db, f->a, &f->me[P_OTHER_ADMIN], f->rel,
	    &in, "", &ps, &new_id), ERR_NOT_FOUND);
	mentor_before = mails_to(f, "mentor");
	size_t mentee_before = mails_to(f, "mentee");
	assert_int_equal(app_relationship_end_early(f->db, f->a, &f->me[P_ADMIN], f->rel, &in,
	    "", &ps, &new_id), ERR_OK);
	assert_int_equal(new_id, 0);
	assert_int_equal(mails_to(f, "mentor"), mentor_before + 1);
	assert_int_equal(mails_to(f, "mentee"), mentee_before + 1);
	assert_int_equal(app_relationship_page(f->db, f->a, &f->me[P_MENTEE], f->rel, &p),
	    ERR_OK);
	assert_string_equal(p.rel.r.status, "ended_early");
	assert_false(p.shows_closing_comments);  /* the note is the administrators' */
	assert_string_equal(p.ends[0].status, "ended");
	assert_int_equal(app_relationship_page(f->db, f->a, &f->me[P_ADMIN], f->rel, &p),
	    ERR_OK);
	assert_true(p.shows_closing_comments);
}

/* REL-7: defaults, limits, one pending, the decision */
static void
test_extension(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t x = 0, rel_id = 0;
	assert_int_equal(app_relationship_ask_extension(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    21, "more", "", &ps, &x), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "sessions");
	ps.n = 0;
	assert_int_equal(app_relationship_ask_extension(f->db, f->a, &f->me[P_ADMIN], f->rel,
	    1, "more", "", &ps, &x), ERR_FORBIDDEN);
	assert_int_equal(app_relationship_ask_extension(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    0, "more", "", &ps, &x), ERR_OK);   /* 0: the scheme's default, 2 */
	int64_t x2 = 0;
	assert_int_equal(app_relationship_ask_extension(f->db, f->a, &f->me[P_MENTEE], f->rel,
	    1, "more", "", &ps, &x2), ERR_CONFLICT);
	ps.n = 0;
	assert_int_equal(app_extension_decide(f->db, f->a, &f->me[P_MENTOR], x, true, "", "",
	    &ps, &rel_id), ERR_NOT_FOUND);
	assert_int_equal(app_extension_decide(f->db, f->a, &f->me[P_ADMIN], x, false, "", "",
	    &ps, &rel_id), ERR_BAD_INPUT);
	ps.n = 0;
	assert_int_equal(app_extension_decide(f->db, f->a, &f->me[P_ADMIN], x, true, "", "",
	    &ps, &rel_id), ERR_OK);
	assert_int_equal(rel_id, f->rel);
	assert_int_equal(app_extension_decide(f->db, f->a, &f->me[P_ADMIN], x, false, "no",
	    "", &ps, &rel_id), ERR_CONFLICT);
	struct app_relationship r;
	assert_int_equal(app_relationship_guard(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    LRLA_VIEW, &r), ERR_OK);
	assert_int_equal(r.r.extra_sessions, 2);
}

/* REQ-9: only the scheme's administrators; only when the scheme allows */
static void
test_assign_refusals(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id = 0;
	struct app_assign_in in = {.scheme_id = f->scheme, .mentee_id = f->id[P_MENTEE],
	    .mentor_id = f->id[P_OTHER_MENTOR], .override_reason = "", .first_session = ""};
	assert_int_equal(app_assign(f->db, f->a, &f->me[P_OTHER_ADMIN], &in, "", &ps, &id),
	    ERR_NOT_FOUND);
	assert_int_equal(app_assign(f->db, f->a, &f->me[P_MENTOR], &in, "", &ps, &id),
	    ERR_NOT_FOUND);
	bool possible = true;
	assert_int_equal(app_assign_possible(f->db, &f->me[P_ADMIN], f->scheme,
	    f->id[P_MENTEE], &possible), ERR_OK);
	assert_false(possible);   /* already has a mentor */
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme, &st), ERR_OK);
	st.allow_admin_assignment = false;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	ps.n = 0;
	assert_int_equal(app_assign(f->db, f->a, &f->me[P_ADMIN], &in, "", &ps, &id),
	    ERR_FORBIDDEN);
}

/* REL-6: an administrator who is the mentor of the pair: no email about
 * the mentee's request to end, and it is left out of their lists and
 * counts; the other administrator still has it.  Text limits count
 * characters, not bytes. */
static void
test_admin_who_is_a_party(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t e = 0;
	assert_int_equal(db_role_add(f->db, f->id[P_MENTOR], f->scheme, "scheme_admin", T0),
	    ERR_OK);
	struct app_view both[2] = {f->views[P_MENTOR], f->views[P_MENTOR]};
	both[1].role = "scheme_admin";
	struct app_auth boss = f->me[P_MENTOR];
	boss.views = both;
	boss.nviews = 2;
	boss.active = &both[1];
	size_t mentor_before = mails_to(f, "mentor"), admin_before = mails_to(f, "admin");

	/* 4001 two-byte characters: too long; 4000 (8000 bytes): fine */
	char *big = arena_calloc(f->a, 2 * (APP_REL_TEXT_MAX + 1) + 1, 1);
	for (size_t i = 0; i < APP_REL_TEXT_MAX + 1; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(app_relationship_ask_end(f->db, f->a, &f->me[P_MENTEE], f->rel, big,
	    "", &ps, &e), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "reason");
	ps.n = 0;
	big[2 * APP_REL_TEXT_MAX] = '\0';
	assert_int_equal(app_relationship_ask_end(f->db, f->a, &f->me[P_MENTEE], f->rel, big,
	    "", &ps, &e), ERR_OK);
	assert_int_equal(mails_to(f, "admin"), admin_before + 1);
	assert_int_equal(mails_to(f, "mentor"), mentor_before);  /* not told: a party */

	struct app_scheme_relationships sr;
	struct db_rel_counts c;
	assert_int_equal(app_relationships_of_scheme(f->db, f->a, &boss, f->scheme, "", &sr),
	    ERR_OK);
	assert_int_equal(sr.nrels, 1);
	assert_int_equal(sr.nends, 0);
	assert_int_equal(app_relationship_counts(f->db, &boss, f->scheme, &c), ERR_OK);
	assert_int_equal(c.open_end_requests, 0);
	assert_int_equal(c.live, 1);
	struct app_relationship_page p;
	assert_int_equal(app_relationship_page(f->db, f->a, &boss, f->rel, &p), ERR_OK);
	assert_int_equal(p.rel.actor, LC_MENTOR);   /* a party first: no admin view */
	assert_int_equal(p.nends, 0);
	assert_int_equal(app_relationships_of_scheme(f->db, f->a, &f->me[P_ADMIN], f->scheme,
	    "", &sr), ERR_OK);
	assert_int_equal(sr.nends, 1);
	assert_int_equal(app_relationship_counts(f->db, &f->me[P_ADMIN], f->scheme, &c),
	    ERR_OK);
	assert_int_equal(c.open_end_requests, 1);

	/* an extension from the mentee: the same */
	int64_t x = 0;
	assert_int_equal(app_relationship_ask_extension(f->db, f->a, &f->me[P_MENTEE], f->rel, 1,
	    "more please", "", &ps, &x), ERR_OK);
	assert_int_equal(mails_to(f, "mentor"), mentor_before);
	assert_int_equal(app_relationships_of_scheme(f->db, f->a, &boss, f->scheme, "", &sr),
	    ERR_OK);
	assert_int_equal(sr.nexts, 0);
	assert_int_equal(app_relationship_counts(f->db, &boss, f->scheme, &c), ERR_OK);
	assert_int_equal(c.pending_extensions, 0);
}

/* REL-1: the home tabs' lists, one statement per role (index use). */
static void
test_mine(void **state)
{
	struct fixture *f = *state;
	struct db_relationship *r;
	size_t n;
	assert_int_equal(app_relationships_mine(f->db, f->a, &f->me[P_MENTOR], false, &r, &n),
	    ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].id, f->rel);
	assert_int_equal(app_relationships_mine(f->db, f->a, &f->me[P_MENTEE], false, &r, &n),
	    ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_relationships_mine(f->db, f->a, &f->me[P_OTHER_MENTOR], false, &r,
	    &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_relationships_mine(f->db, f->a, &f->me[P_MENTEE], true, &r, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
	struct app_problems ps = {0};
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-12-01", "", "", &ps), ERR_OK);
	assert_int_equal(app_relationships_mine(f->db, f->a, &f->me[P_MENTEE], true, &r, &n),
	    ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].status, "completed");
	assert_int_equal(app_relationships_mine(f->db, f->a, &f->me[P_MENTOR], false, &r, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_guard_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_estimated_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_by_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ask_end_and_end_early, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assign_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_who_is_a_party, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mine, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
