/*
 * test_matchprefs.c - app/matchprefs.c (REQ-11: mentees' wishes,
 * mentors' "prefer not", the scheme's weights): the order rules and the
 * settings' ranges as tables; who may make wishes and marks (view,
 * cohort matching on, a live mentor); which mentors a mentee may choose
 * (the finder's: not unavailable, not a declared supervisor); that a
 * mentor's mark is resolved only for cohort matching, any case, and an
 * address nobody uses counts for nothing; what app_matchprefs_scheme
 * gives (settings, wishes that still count, avoids by mentor); and that
 * another scheme's administrator gets ERR_NOT_FOUND.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testdb.h"
#include "testpeople.h"

#include "app/finder.h"
#include "app/matchprefs.h"
#include "app/schemes.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/training.h"
#include "db/profiles.h"
#include "db/schemeconf.h"
#include "db/search.h"

#define T0 ((int64_t)1795464861)

enum { ALICE, BOB, CARA, DAN, NMENTORS };

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other;
	int64_t mentor[NMENTORS];
	int64_t mia, noah, admin, other_admin;
	struct app_view v_mia[1], v_noah[1], v_admin[1], v_other[1], v_alice[1],
	    v_mia_mentor[1];
	struct app_auth me_mia, me_noah, me_admin, me_other, me_alice, me_mia_mentor;
};

static const char *const names[NMENTORS] = {"Alice", "Bob", "Cara", "Dan"};

static int64_t
make_user(struct db *db, const char *given)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s.Tester@example.nhs.uk", given);
	struct db_user u = {
		.username = given, .email = email, .given_name = given,
		.family_name = "Tester", .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static void
cohort(struct fixture *f, bool on)
{
	testpeople_cohort_matching(f->db, f->a, f->scheme, on);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	log_set_level(LOG_ERROR);
	clock_set(T0);
	app_finder_forget();
	if (testdb_make("matchprefs", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	struct db *db = f->db;
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(app_scheme_create_tx(db, "s", "Scheme", "", &f->scheme), ERR_OK);
	assert_int_equal(app_scheme_create_tx(db, "t", "Other", "", &f->other), ERR_OK);
	int64_t kw;
	struct db_option o = {.scheme_id = f->scheme, .list = "keyword", .label = "Leadership"};
	assert_int_equal(db_option_add(db, &o, T0, &kw), ERR_OK);
	for (int i = 0; i < NMENTORS; i++) {
		int64_t id = f->mentor[i] = make_user(db, names[i]);
		assert_int_equal(db_role_add(db, id, f->scheme, "mentor", T0), ERR_OK);
		struct db_profile p = {.user_id = id, .job_role = "Consultant",
		    .organisation = "North Trust", .specialty = "Paediatrics",
		    .site = "", .contact_email = "private@example.org"};
		assert_int_equal(db_profile_put(db, &p, T0), ERR_OK);
		struct db_mentor_profile mp = {.user_id = id, .scheme_id = f->scheme,
		    .biography = "Leadership", .skills = "", .capacity = i == DAN ? 1 : 2,
		    .is_available = i != CARA, .formats = "video"};
		assert_int_equal(db_mentor_profile_put(db, &mp, T0), ERR_OK);
		assert_int_equal(db_profile_keywords_set(db, id, f->scheme, "mentor", &kw, 1),
		    ERR_OK);
	}
	f->mia = make_user(db, "Mia");
	f->noah = make_user(db, "Noah");
	f->admin = make_user(db, "Ada");
	f->other_admin = make_user(db, "Olga");
	assert_int_equal(db_role_add(db, f->mia, f->scheme, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(db, f->mia, f->scheme, "mentor", T0), ERR_OK);
	assert_int_equal(db_role_add(db, f->noah, f->scheme, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(db, f->admin, f->scheme, "scheme_admin", T0), ERR_OK);
	assert_int_equal(db_role_add(db, f->other_admin, f->other, "scheme_admin", T0),
	    ERR_OK);
	/* Bob is Mia's declared supervisor (FIND-4); Dan is full (Noah) */
	int64_t cid;
	struct db_conflict c = {.scheme_id = f->scheme, .mentee_id = f->mia,
	    .mentor_id = f->mentor[BOB], .name = "", .email = "", .kind = "supervisor",
	    .declared_by = f->mia};
	assert_int_equal(db_conflict_add(db, &c, T0, &cid), ERR_OK);
	assert_int_equal(db_seed_relationship(db, f->scheme, f->mentor[DAN], f->noah, T0),
	    ERR_OK);
	assert_int_equal(app_finder_reindex_scheme_tx(db, f->scheme), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	cohort(f, true);
	testpeople_as(&f->me_mia, f->v_mia, f->mia, f->scheme, "mentee", "Mia.Tester@example.nhs.uk");
	testpeople_as(&f->me_mia_mentor, f->v_mia_mentor, f->mia, f->scheme, "mentor",
	    "Mia.Tester@example.nhs.uk");
	testpeople_as(&f->me_noah, f->v_noah, f->noah, f->scheme, "mentee", "");
	testpeople_as(&f->me_admin, f->v_admin, f->admin, f->scheme, "scheme_admin", "");
	testpeople_as(&f->me_other, f->v_other, f->other_admin, f->other, "scheme_admin", "");
	testpeople_as(&f->me_alice, f->v_alice, f->mentor[ALICE], f->scheme, "mentor",
	    "Alice.Tester@example.nhs.uk");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	app_finder_forget();
	arena_free(f->a);
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	free(f);
	return 0;
}

static bool
has_problem(const struct app_problems *ps, const char *field)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].field, field) == 0)
			return true;
	return false;
}

/* ---- pure rules ---- */

/* REQ-11: no mentor twice, no gaps; problems on the right field. */
static void
test_wishes_check_table(void **state)
{
	(void)state;
	static const struct {
		int64_t c[3];
		const char *field;     /* NULL: fine */
	} cases[] = {
		{{0, 0, 0}, NULL},
		{{5, 0, 0}, NULL},
		{{5, 6, 7}, NULL},
		{{5, 5, 0}, "choice_2"},
		{{5, 6, 5}, "choice_3"},
		{{5, 6, 6}, "choice_3"},
		{{0, 6, 0}, "choice_2"},
		{{5, 0, 7}, "choice_3"},
		{{-1, 0, 0}, "choice_1"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		enum err rc = app_wishes_check(cases[i].c, &ps);
		if (cases[i].field == NULL) {
			assert_int_equal(rc, ERR_OK);
			assert_int_equal(ps.n, 0);
		} else {
			assert_int_equal(rc, ERR_BAD_INPUT);
			assert_true(has_problem(&ps, cases[i].field));
		}
	}
}

/* The scheme's weights: 0-100 each, problems beside the field. */
static void
test_settings_check_table(void **state)
{
	(void)state;
	static const struct {
		struct app_match_settings st;
		const char *field;
	} cases[] = {
		{{{30, 20, 10}, true, 50, false}, NULL},
		{{{0, 0, 0}, false, 0, true}, NULL},
		{{{100, 100, 100}, false, 100, false}, NULL},
		{{{101, 20, 10}, true, 50, false}, "wish_weight_1"},
		{{{30, -1, 10}, true, 50, false}, "wish_weight_2"},
		{{{30, 20, 200}, true, 50, false}, "wish_weight_3"},
		{{{30, 20, 10}, false, 101, false}, "avoid_penalty"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		enum err rc = app_match_settings_check(&cases[i].st, &ps);
		assert_int_equal(rc, cases[i].field ? ERR_BAD_INPUT : ERR_OK);
		if (cases[i].field)
			assert_true(has_problem(&ps, cases[i].field));
	}
}

/* ---- who may, and what they may choose ---- */

static void
test_wishes_choices_and_save(void **state)
{
	struct fixture *f = *state;
	struct app_wishes_page p;
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_mia, &p), ERR_OK);
	assert_int_equal(p.state, APP_MP_OPEN);
	/* Alice only: Bob is her declared supervisor, Cara unavailable,
	 * Dan full; only public parts (no contact email) are given */
	assert_int_equal(p.nchoices, 1);
	assert_int_equal(p.choices[0].user_id, f->mentor[ALICE]);
	assert_string_equal(p.choices[0].job_role, "Consultant");

	struct app_problems ps = {0};
	int64_t bad[3] = {f->mentor[BOB], 0, 0};
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_mia, bad, "", &ps),
	    ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "choice_1"));
	ps = (struct app_problems){0};
	int64_t unavailable[3] = {f->mentor[ALICE], f->mentor[CARA], 0};
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_mia, unavailable, "", &ps),
	    ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "choice_2"));
	/* REQ-11 privacy: a mentor full (or paused) now is not a NEW choice
	 * (the finder hides them; saving would show their name, job and
	 * organisation), the same answer as an id nobody may choose */
	ps = (struct app_problems){0};
	int64_t good[3] = {f->mentor[ALICE], f->mentor[DAN], 0};
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_mia, good, "", &ps),
	    ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "choice_2"));
	assert_string_equal(ps.p[0].message, "Choose a mentor from the list");
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_mia, &p), ERR_OK);
	assert_int_equal(p.nwishes, 0);
	assert_int_equal(p.nchoices, 1);   /* Dan's name is not given */
	/* ... but a wish made while Dan had room stays acceptable when he
	 * fills up: the mentee keeps it and may save it again */
	int64_t earlier = f->mentor[DAN];
	assert_int_equal(db_match_wishes_set(f->db, f->scheme, f->mia, &earlier, 1, T0),
	    ERR_OK);
	ps = (struct app_problems){0};
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_mia, good, "", &ps), ERR_OK);
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_mia, &p), ERR_OK);
	assert_int_equal(p.nwishes, 2);
	assert_int_equal(p.wishes[0].mentor_id, f->mentor[ALICE]);
	assert_int_equal(p.wishes[1].mentor_id, f->mentor[DAN]);
	assert_int_equal(p.nchoices, 2);   /* Dan shown, as no longer offered */
	bool dan_offered = true;
	for (size_t i = 0; i < p.nchoices; i++)
		if (p.choices[i].user_id == f->mentor[DAN])
			dan_offered = p.choices[i].is_offered;
	assert_false(dan_offered);
	/* clearing */
	int64_t none[3] = {0, 0, 0};
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_mia, none, "", &ps), ERR_OK);
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_mia, &p), ERR_OK);
	assert_int_equal(p.nwishes, 0);
}

static void
test_who_may(void **state)
{
	struct fixture *f = *state;
	struct app_wishes_page w;
	struct app_avoid_page v;
	struct app_problems ps = {0};
	int64_t one[3] = {f->mentor[ALICE], 0, 0};
	/* wrong views */
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_alice, &w), ERR_FORBIDDEN);
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_alice, one, "", &ps),
	    ERR_FORBIDDEN);
	assert_int_equal(app_avoids_get(f->db, f->a, &f->me_mia, &v), ERR_FORBIDDEN);
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_mia, "x@example.org", "", &ps),
	    ERR_FORBIDDEN);
	assert_int_equal(app_wishes_get(f->db, f->a, NULL, &w), ERR_FORBIDDEN);
	/* Noah has a live mentor (Dan) */
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_noah, &w), ERR_OK);
	assert_int_equal(w.state, APP_MP_HAS_MENTOR);
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_noah, one, "", &ps),
	    ERR_CONFLICT);
	/* cohort matching off */
	cohort(f, false);
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_mia, &w), ERR_OK);
	assert_int_equal(w.state, APP_MP_NOT_USED);
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_mia, one, "", &ps),
	    ERR_NOT_FOUND);
	assert_int_equal(app_avoids_get(f->db, f->a, &f->me_alice, &v), ERR_OK);
	assert_int_equal(v.state, APP_MP_NOT_USED);
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_alice, "x@example.org", "", &ps),
	    ERR_NOT_FOUND);
	struct app_matchprefs_home h;
	assert_int_equal(app_matchprefs_home(f->db, f->a, &f->me_mia, &h), ERR_OK);
	assert_false(h.show);
}

/* ---- a mentor's marks ---- */

static void
test_avoid_rules(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *email, *field; } bad[] = {
		{"", "email"}, {"not-an-address", "email"}, {"a@b", "email"},
		{"alice.tester@EXAMPLE.nhs.uk", "email"},     /* her own */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_problems ps = {0};
		assert_int_equal(app_avoid_add(f->db, f->a, &f->me_alice, bad[i].email, "",
		    &ps), ERR_BAD_INPUT);
		assert_true(has_problem(&ps, bad[i].field));
	}
	struct app_problems ps = {0};
	/* the same answer whether or not anyone uses the address (PRO-10) */
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_alice, " MIA.tester@example.nhs.uk ",
	    "", &ps), ERR_OK);
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_alice, "nobody@example.org", "",
	    &ps), ERR_OK);
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_alice, "mia.tester@example.nhs.uk",
	    "", &ps), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "email"));
	struct app_avoid_page v;
	assert_int_equal(app_avoids_get(f->db, f->a, &f->me_alice, &v), ERR_OK);
	assert_int_equal(v.navoids, 2);
	assert_int_equal(v.avoids[0].mentee_id, 0);   /* never resolved for her */
	assert_int_equal(app_avoid_remove(f->db, f->a, &f->me_alice, "nobody@example.org",
	    ""), ERR_OK);
	assert_int_equal(app_avoid_remove(f->db, f->a, &f->me_alice, "nobody@example.org",
	    ""), ERR_NOT_FOUND);
	struct app_matchprefs_home h;
	assert_int_equal(app_matchprefs_home(f->db, f->a, &f->me_alice, &h), ERR_OK);
	assert_true(h.show);
	assert_false(h.is_mentee);
	assert_int_equal(h.navoids, 1);
}

/* ---- what cohort matching reads ---- */

static void
test_scheme_content(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t mia[3] = {f->mentor[ALICE], f->mentor[DAN], 0};
	/* Dan, full now, was chosen while he had room (a new choice of a
	 * full mentor is refused: test_wishes_choices_and_save) */
	assert_int_equal(db_match_wishes_set(f->db, f->scheme, f->mia, &mia[1], 1, T0),
	    ERR_OK);
	assert_int_equal(app_wishes_save(f->db, f->a, &f->me_mia, mia, "", &ps), ERR_OK);
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_alice, "MIA.TESTER@example.nhs.uk",
	    "", &ps), ERR_OK);
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_alice, "nobody@example.org", "",
	    &ps), ERR_OK);
	/* a mentor's own address as a mentee of the scheme is still a mark on
	 * someone else only: Mia marks herself? not possible (her own) */
	assert_int_equal(app_avoid_add(f->db, f->a, &f->me_mia_mentor, "noah.tester@example.nhs.uk",
	    "", &ps), ERR_OK);

	struct app_match_settings st;
	struct app_match_wish *w;
	struct app_match_avoid *v;
	size_t nw, nv;
	assert_int_equal(app_matchprefs_scheme(f->db, f->a, f->scheme, &st, &w, &nw, &v, &nv),
	    ERR_OK);
	assert_int_equal(st.wish_weight[0], 30);
	assert_int_equal(st.wish_weight[1], 20);
	assert_int_equal(st.wish_weight[2], 10);
	assert_true(st.avoid_hard);
	assert_int_equal(st.avoid_penalty, 50);
	assert_false(st.stable_mode);
	assert_int_equal(nw, 2);
	assert_int_equal(w[0].mentee_id, f->mia);
	assert_int_equal(w[0].mentor_id, f->mentor[ALICE]);
	assert_int_equal(w[0].rank, 1);
	assert_int_equal(w[1].mentor_id, f->mentor[DAN]);
	assert_int_equal(w[1].rank, 2);
	/* Alice's mark resolves to Mia (any case); nobody@ counts for nothing;
	 * Mia (as mentor) marks Noah; ordered by mentor */
	assert_int_equal(nv, 2);
	int64_t first = f->mentor[ALICE] < f->mia ? f->mentor[ALICE] : f->mia;
	assert_int_equal(v[0].mentor_id, first);
	for (size_t i = 0; i < nv; i++) {
		if (v[i].mentor_id == f->mentor[ALICE])
			assert_int_equal(v[i].mentee_id, f->mia);
		else
			assert_int_equal(v[i].mentee_id, f->noah);
	}
	assert_int_equal(app_matchprefs_scheme(f->db, f->a, 999, &st, &w, &nw, &v, &nv),
	    ERR_NOT_FOUND);

	/* administrators: theirs only */
	struct app_matchprefs_admin ad;
	assert_int_equal(app_matchprefs_admin(f->db, f->a, &f->me_other, f->scheme, &ad),
	    ERR_NOT_FOUND);
	assert_int_equal(app_matchprefs_admin(f->db, f->a, &f->me_mia, f->scheme, &ad),
	    ERR_NOT_FOUND);
	assert_int_equal(app_matchprefs_admin(f->db, f->a, &f->me_admin, f->scheme, &ad),
	    ERR_OK);
	assert_int_equal(ad.nwishes, 2);
	assert_int_equal(ad.navoids, 3);   /* the unknown address too, mentee 0 */

	/* Mia gets a mentor: her wishes are set aside, and stay aside when
	 * the relationship is over (she chooses again) */
	clock_set(T0 + 60);
	assert_int_equal(db_seed_relationship(f->db, f->scheme, f->mentor[ALICE], f->mia,
	    T0 + 60), ERR_OK);
	assert_int_equal(app_matchprefs_scheme(f->db, f->a, f->scheme, &st, &w, &nw, &v, &nv),
	    ERR_OK);
	assert_int_equal(nw, 0);
	struct app_wishes_page p;
	assert_int_equal(app_wishes_get(f->db, f->a, &f->me_mia, &p), ERR_OK);
	assert_int_equal(p.state, APP_MP_HAS_MENTOR);
	assert_int_equal(p.nwishes, 0);
}

/* The settings page saves the weights, audited before/after, and a
 * save without them (match NULL) keeps them. */
static void
test_settings_save(void **state)
{
	struct fixture *f = *state;
	struct app_auth site = {.user_id = f->admin, .is_site_admin = true};
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &site, f->scheme, &p), ERR_OK);
	assert_int_equal(p.match.wish_weight[0], 30);
	struct app_scheme_settings_in in = {
		.name = p.scheme.name, .description = p.scheme.description,
		.is_active = p.scheme.is_active, .registration_open = p.st.registration_open,
		.approval_required = p.st.approval_required,
		.privacy_notice = p.st.privacy_notice,
		.allow_mentee_requests = p.st.allow_mentee_requests,
		.ranked_requests = p.st.ranked_requests,
		.allow_system_proposals = p.st.allow_system_proposals,
		.allow_admin_assignment = p.st.allow_admin_assignment,
		.allow_cohort_matching = p.st.allow_cohort_matching,
		.default_capacity = p.st.default_capacity, .session_cap = p.st.session_cap,
		.extension_sessions = p.st.extension_sessions,
		.min_minutes_per_month = p.st.min_minutes_per_month,
		.response_deadline_days = p.st.response_deadline_days,
		.time_zone = p.st.time_zone, .admin_sees_documents = p.st.admin_sees_documents,
	};
	struct app_match_settings m = {{101, 20, 10}, true, 50, false};
	in.match = &m;
	struct app_problems ps = {0};
	int changed = 0;
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &site, f->scheme, &in, "", &ps,
	    &changed), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "wish_weight_1"));
	m = (struct app_match_settings){{40, 20, 0}, false, 25, true};
	ps = (struct app_problems){0};
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &site, f->scheme, &in, "", &ps,
	    &changed), ERR_OK);
	assert_int_equal(changed, 5);
	in.match = NULL;
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &site, f->scheme, &in, "", &ps,
	    &changed), ERR_OK);
	assert_int_equal(changed, 0);
	struct app_match_settings st;
	assert_int_equal(app_match_settings_get(f->db, f->scheme, &st), ERR_OK);
	assert_int_equal(st.wish_weight[0], 40);
	assert_int_equal(st.wish_weight[2], 0);
	assert_false(st.avoid_hard);
	assert_int_equal(st.avoid_penalty, 25);
	assert_true(st.stable_mode);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wishes_check_table),
		cmocka_unit_test(test_settings_check_table),
		T(test_wishes_choices_and_save),
		T(test_who_may),
		T(test_avoid_rules),
		T(test_scheme_content),
		T(test_settings_save),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
