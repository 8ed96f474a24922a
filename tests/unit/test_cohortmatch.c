/*
 * test_cohortmatch.c - app/cohortmatch.c (REQ-11, issue 11): the cost
 * function; on many random small schemes the hard rules are never
 * violated and no mentor gets more than their free places; a swapped
 * (locked) pair survives a re-run; confirming is atomic (a mentor filled
 * between the run and the confirm: ERR_CONFLICT naming the pair, nothing
 * written, no email queued); the reasons given for the unmatched; who
 * may see a run; the instance parser.  And the preferences inside it
 * (app/matchprefs.c end to end): a first choice wins a tie it would
 * otherwise lose; a hard "prefer not" keeps even the only allowed pair
 * apart (the reason names the mark for the administrator); a soft one
 * only adds the penalty; the wishes of a mentee who has had a mentor
 * since do not count; stable mode, offered by the scheme's setting,
 * gives no blocking pair where the best-overall run has one.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "testdb.h"
#include "testpeople.h"

#include "app/app.h"
#include "app/cohortmatch.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/schemes.h"
#include "db/cohorts.h"
#include "db/profiles.h"
#include "db/schemeconf.h"
#include "db/training.h"
#include "db/matchprefs.h"
#include "db/relationships.h"

#define T0 ((int64_t)1795464861)

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other;
	int64_t admin, other_admin;
	struct app_view v_admin, v_other, v_p;
	struct app_auth me_admin, me_other, me_p;
	int nusers;
};

static int64_t
person(struct fixture *f, const char *role)
{
	char name[32];
	snprintf(name, sizeof(name), "person%d", ++f->nusers);
	int64_t id = testdb_user(f->db, name, T0);
	if (role)
		assert_int_equal(db_role_add(f->db, id, f->scheme, role, T0), ERR_OK);
	return id;
}

static int64_t
mentor(struct fixture *f, int64_t capacity, bool available)
{
	int64_t id = person(f, "mentor");
	struct db_profile p = {.user_id = id, .job_role = "Consultant",
	    .organisation = "North Trust", .specialty = "Paediatrics", .site = ""};
	assert_int_equal(db_profile_put(f->db, &p, T0), ERR_OK);
	struct db_mentor_profile mp = {.user_id = id, .scheme_id = f->scheme,
	    .biography = "Leadership", .skills = "", .capacity = capacity,
	    .is_available = available, .formats = "video"};
	assert_int_equal(db_mentor_profile_put(f->db, &mp, T0), ERR_OK);
	return id;
}

static void
conflict(struct fixture *f, int64_t mentee, int64_t mentor_id)
{
	int64_t id;
	struct db_conflict c = {.scheme_id = f->scheme, .mentee_id = mentee,
	    .mentor_id = mentor_id, .name = "", .email = "", .kind = "appraiser",
	    .declared_by = mentee};
	assert_int_equal(db_conflict_add(f->db, &c, T0, &id), ERR_OK);
}

static void
switch_on(struct fixture *f, bool on)
{
	testpeople_cohort_matching(f->db, f->a, f->scheme, on);
}

/* A run of everyone waiting in `mode`, and its view. */
static int64_t
run(struct fixture *f, const char *mode, struct app_cm_view *v)
{
	int64_t id;
	struct app_problems ps = {0};
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, 0, mode, "",
	    &ps, &id), ERR_OK);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id, v), ERR_OK);
	return id;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	log_set_level(LOG_ERROR);
	clock_set(T0);
	if (testdb_make("cohortmatch", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme), ERR_OK);
	assert_int_equal(app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->other), ERR_OK);
	f->admin = testpeople_add(f->db, f->scheme, "admin1", "scheme_admin", T0, &f->v_admin,
	    &f->me_admin);
	f->other_admin = testpeople_add(f->db, f->other, "admin2", "scheme_admin", T0,
	    &f->v_other, &f->me_other);
	switch_on(f, true);
	/* the test mentors have no keywords: not a required field here */
	struct db_matching m;
	assert_int_equal(db_matching_get(f->db, f->a, f->scheme, &m), ERR_OK);
	m.mentor_required = "job_role,biography";
	assert_int_equal(db_matching_put(f->db, &m), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->a);
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	free(f);
	return 0;
}

static void
begin(struct fixture *f)
{
	assert_int_equal(db_begin(f->db), ERR_OK);
}

static void
commit(struct fixture *f)
{
	assert_int_equal(db_commit(f->db), ERR_OK);
}

/* Two available mentors with `capacity` places each, then two waiting
 * mentees, committed. */
static void
two_and_two(struct fixture *f, int64_t capacity, int64_t *m1, int64_t *m2, int64_t *e1,
    int64_t *e2)
{
	begin(f);
	*m1 = mentor(f, capacity, true);
	*m2 = mentor(f, capacity, true);
	*e1 = person(f, "mentee");
	*e2 = person(f, "mentee");
	commit(f);
}

static size_t
outbox_count(struct fixture *f)
{
	struct db_mail *m;
	size_t n;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 100000, &m, &n), ERR_OK);
	return n;
}

static const struct db_cm_pair *
row_of(const struct app_cm_view *v, int64_t mentee)
{
	for (size_t i = 0; i < v->npairs; i++)
		if (v->pairs[i].mentee_id == mentee)
			return &v->pairs[i];
	fail_msg("mentee %lld is not in the run", (long long)mentee);
	return NULL;
}

/* ---- the cost ---- */

static void
test_cost(void **state)
{
	(void)state;
	struct app_match_settings st = {{30, 20, 10}, false, 50, false};
	static const struct { int score, rank; bool avoided; int cost; } cases[] = {
		{100, 0, false, 0}, {0, 0, false, 100}, {60, 0, false, 40},
		{60, 1, false, 10}, {60, 2, false, 20}, {60, 3, false, 30},
		{90, 1, false, 0},               /* clamped at 0 */
		{60, 0, true, 90},               /* soft avoid: a penalty */
		{0, 0, true, 150}, {60, 1, true, 60},
		{60, 4, false, 40},              /* no such rank: no weight */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(app_cohortmatch_cost(cases[i].score, cases[i].rank,
		    cases[i].avoided, &st), cases[i].cost);
	st.avoid_penalty = 100;
	st.wish_weight[0] = 100;
	assert_int_equal(app_cohortmatch_cost(0, 0, true, &st), 200);   /* the maximum */
	assert_int_equal(app_cohortmatch_cost(0, 1, false, &st), 0);
	st.avoid_hard = true;   /* a hard avoid is not a cost: the pair is not allowed */
	assert_int_equal(app_cohortmatch_cost(60, 0, true, &st), 40);
}

/* ---- hard rules and capacity on random schemes ---- */

static uint64_t rng = 88172645463325252ULL;

static unsigned
next_rand(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
test_random_schemes_keep_the_rules(void **state)
{
	struct fixture *f = *state;
	int64_t matched = 0;
	for (int round = 0; round < 12; round++) {
		begin(f);
		size_t nm = 1 + next_rand(5), ne = 1 + next_rand(8);
		int64_t ms[8], es[8], caps[8];
		for (size_t j = 0; j < nm; j++) {
			caps[j] = next_rand(3);
			ms[j] = mentor(f, caps[j], next_rand(5) != 0);
		}
		for (size_t i = 0; i < ne; i++) {
			es[i] = person(f, "mentee");
			for (size_t j = 0; j < nm; j++)
				if (next_rand(4) == 0)
					conflict(f, es[i], ms[j]);
		}
		/* a mentor who is also a mentee: never paired with themself */
		assert_int_equal(db_role_add(f->db, ms[0], f->scheme, "mentee", T0), ERR_OK);
		commit(f);

		int64_t id;
		struct app_problems ps = {0};
		bool stable = round % 2 == 1;
		if (stable) {
			/* PREFS may not offer stable mode yet: use the system run */
			struct app_cm_result r;
			assert_int_equal(app_cohortmatch_system(f->db, f->a, f->scheme, 0, true,
			    false, &ps, &r), ERR_OK);
			assert_int_equal(r.run.matched + r.run.unmatched, (int64_t)r.npairs);
			assert_int_equal(r.run.blocking, 0);   /* stable: no blocking pair */
			for (size_t i = 0; i < r.npairs; i++)
				assert_true(r.pairs[i].mentor_id != r.pairs[i].mentee_id);
			continue;
		}
		struct app_cm_view v;
		id = run(f, "optimal", &v);
		assert_int_equal(v.run.matched + v.run.unmatched, (int64_t)v.npairs);
		matched += v.run.matched;
		for (size_t k = 0; k < v.npairs; k++) {
			const struct db_cm_pair *p = &v.pairs[k];
			if (p->mentor_id == 0) {
				assert_true(strlen(p->why) > 0);
				continue;
			}
			assert_true(p->mentor_id != p->mentee_id);
			struct db_search_conflict *c;
			size_t nc;
			assert_int_equal(db_search_conflicts(f->db, f->a, p->mentee_id, f->scheme,
			    &c, &nc), ERR_OK);
			for (size_t x = 0; x < nc; x++)
				assert_true(c[x].mentor_id != p->mentor_id);
		}
		for (size_t l = 0; l < v.nloads; l++)
			assert_true(v.loads[l].live + v.loads[l].proposed <= v.loads[l].capacity);
		/* the mentees stay waiting: discard so the next round starts clean */
		assert_int_equal(app_cohortmatch_discard(f->db, f->a, &f->me_admin, id, "", &ps),
		    ERR_OK);
		/* and end this round's people: they leave the scheme */
		begin(f);
		for (size_t i = 0; i < ne; i++)
			assert_int_equal(db_role_remove(f->db, es[i], f->scheme, "mentee"), ERR_OK);
		assert_int_equal(db_role_remove(f->db, ms[0], f->scheme, "mentee"), ERR_OK);
		commit(f);
	}
	assert_true(matched > 0);   /* the rounds were not all trivially empty */
}

/* ---- reasons, locks and swaps, re-runs ---- */

static void
test_unmatched_reasons(void **state)
{
	struct fixture *f = *state;
	begin(f);
	int64_t m1 = mentor(f, 1, true);
	int64_t e1 = person(f, "mentee"), e2 = person(f, "mentee"), e3 = person(f, "mentee");
	conflict(f, e1, m1);      /* e1: no allowed mentor at all */
	(void)e2;
	(void)e3;                 /* e2, e3: one place for two */
	mentor(f, 1, false);      /* not available: outside the pool */
	int64_t full = mentor(f, 1, true), late = person(f, "mentee");
	commit(f);
	int64_t rel;
	assert_int_equal(testpeople_pair(f->db, f->a, f->scheme, full, late, f->admin, &rel), 0);
	struct app_cm_view v;
	run(f, "optimal", &v);
	assert_int_equal(v.run.matched, 1);
	assert_int_equal(v.run.unmatched, 2);
	const struct db_cm_pair *r1 = row_of(&v, e1);
	assert_non_null(strstr(r1->why, "Excluded by: declared conflict (person"));
	/* REQ-11: the mentors nobody was offered are counted too */
	assert_non_null(strstr(r1->why, "). 2 other mentors are full or not available."));
	const struct db_cm_pair *r2 = row_of(&v, e2), *r3 = row_of(&v, e3);
	const struct db_cm_pair *left = r2->mentor_id ? r3 : r2;
	assert_non_null(strstr(left->why, "is full or was given to other mentees"));
	assert_int_equal(v.nloads, 1);
	assert_int_equal(v.loads[0].proposed, 1);
	assert_int_equal(v.loads[0].capacity, 1);
}

static void
test_swap_lock_rerun(void **state)
{
	struct fixture *f = *state;
	int64_t m1, m2, e1, e2;
	two_and_two(f, 2, &m1, &m2, &e1, &e2);
	int64_t id, id2;
	struct app_problems ps = {0};
	struct app_cm_view v;
	id = run(f, "optimal", &v);
	int64_t was = row_of(&v, e1)->mentor_id;
	int64_t other = was == m1 ? m2 : m1;

	/* the options: both mentors (each has room), then swap to the other */
	struct db_cm_pair row;
	struct app_cm_option *opt;
	size_t n;
	assert_int_equal(app_cohortmatch_options(f->db, f->a, &f->me_admin, id, e1, &row,
	    &opt, &n, &ps), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_cohortmatch_swap(f->db, f->a, &f->me_admin, id, e1, 999999, "",
	    &ps), ERR_BAD_INPUT);
	ps.n = 0;
	assert_int_equal(app_cohortmatch_swap(f->db, f->a, &f->me_admin, id, e1, other, "",
	    &ps), ERR_OK);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id, &v), ERR_OK);
	assert_int_equal(row_of(&v, e1)->mentor_id, other);
	assert_true(row_of(&v, e1)->locked);
	assert_int_equal(v.nlocked, 1);

	/* locks: only matched rows of the run */
	int64_t bad[] = {e1, 424242};
	assert_int_equal(app_cohortmatch_locks(f->db, f->a, &f->me_admin, id, bad, 2, "", &ps),
	    ERR_BAD_INPUT);
	ps.n = 0;
	int64_t good[] = {e1};
	assert_int_equal(app_cohortmatch_locks(f->db, f->a, &f->me_admin, id, good, 1, "", &ps),
	    ERR_OK);

	/* a re-run keeps the locked pair and replaces the old draft */
	assert_int_equal(app_cohortmatch_rerun(f->db, f->a, &f->me_admin, id, "", &ps, &id2),
	    ERR_OK);
	assert_true(id2 != id);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id2, &v), ERR_OK);
	assert_int_equal(row_of(&v, e1)->mentor_id, other);
	assert_true(row_of(&v, e1)->locked);
	assert_true(row_of(&v, e2)->mentor_id != 0);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id, &v), ERR_OK);
	assert_string_equal(v.run.status, "replaced");
	assert_int_equal(v.run.replaced_by, id2);
	/* the old draft can no longer change */
	assert_int_equal(app_cohortmatch_swap(f->db, f->a, &f->me_admin, id, e1, was, "", &ps),
	    ERR_CONFLICT);
	assert_int_equal(app_cohortmatch_discard(f->db, f->a, &f->me_admin, id, "", &ps),
	    ERR_CONFLICT);
}

/* REQ-11, two administrators at once: B's swap must not write over A's
 * change saved while B's swap waited for the database (a lost update).
 * A holds the write lock; B's swap starts on its own connection and
 * waits; A locks another pair and commits; B's swap then goes ahead. */
struct swapper {
	const char *path;
	struct app_auth *me;
	int64_t run, mentee, mentor;
	enum err rc;
};

static void *
swap_thread(void *arg)
{
	struct swapper *w = arg;
	struct db *db;
	w->rc = db_open(w->path, false, &db);
	if (w->rc != ERR_OK)
		return NULL;
	struct arena *a = arena_new(0);
	struct app_problems ps = {0};
	w->rc = app_cohortmatch_swap(db, a, w->me, w->run, w->mentee, w->mentor, "", &ps);
	arena_free(a);
	db_close(db);
	return NULL;
}

static void
test_swap_keeps_a_change_made_meanwhile(void **state)
{
	struct fixture *f = *state;
	int64_t m1, m2, e1, e2;
	two_and_two(f, 2, &m1, &m2, &e1, &e2);
	struct app_cm_view v;
	int64_t id = run(f, "optimal", &v);
	int64_t other = row_of(&v, e1)->mentor_id == m1 ? m2 : m1;
	assert_int_equal(v.nlocked, 0);

	begin(f);                               /* A holds the write lock */
	struct swapper w = {.path = f->path, .me = &f->me_admin, .run = id, .mentee = e1,
	    .mentor = other, .rc = ERR_INTERNAL};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, swap_thread, &w), 0);
	struct timespec pause = {0, 400 * 1000 * 1000};
	nanosleep(&pause, NULL);                /* B has started and waits */
	assert_int_equal(db_cm_pair_lock(f->db, id, e2), ERR_OK);   /* A's change */
	commit(f);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(w.rc, ERR_OK);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id, &v), ERR_OK);
	assert_int_equal(row_of(&v, e1)->mentor_id, other);   /* B's swap */
	assert_true(row_of(&v, e1)->locked);
	assert_true(row_of(&v, e2)->locked);                  /* A's lock kept */
	assert_int_equal(v.nlocked, 2);
}

/* ---- confirm ---- */

static void
test_confirm_is_atomic(void **state)
{
	struct fixture *f = *state;
	int64_t m1, m2, e1, e2;
	two_and_two(f, 1, &m1, &m2, &e1, &e2);
	int64_t id, rel;
	struct app_problems ps = {0};
	struct app_cm_view v;
	id = run(f, "optimal", &v);
	assert_int_equal(v.run.matched, 2);

	/* someone else takes m2's only place in the meantime */
	begin(f);
	int64_t late = person(f, "mentee");
	commit(f);
	assert_int_equal(testpeople_pair(f->db, f->a, f->scheme, m2, late, f->admin, &rel), 0);
	size_t mails = outbox_count(f);
	size_t created = 9;
	assert_int_equal(app_cohortmatch_confirm(f->db, f->a, &f->me_admin, id, "", &ps,
	    &created), ERR_CONFLICT);
	assert_int_equal(created, 0);
	assert_int_equal(ps.n, 1);
	assert_non_null(strstr(ps.p[0].message, "has no free place now: filled since this run "
	    "was made. Re-run the matching."));
	assert_int_equal(outbox_count(f), mails);     /* no email queued */
	bool has;
	assert_int_equal(app_mentee_has_mentor(f->db, f->scheme, e1, &has), ERR_OK);
	assert_false(has);                            /* nothing written */
	assert_int_equal(app_mentee_has_mentor(f->db, f->scheme, e2, &has), ERR_OK);
	assert_false(has);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id, &v), ERR_OK);
	assert_string_equal(v.run.status, "draft");

	/* a re-run sees m2 full; confirming it makes the one pair it can */
	int64_t id2;
	ps.n = 0;
	assert_int_equal(app_cohortmatch_rerun(f->db, f->a, &f->me_admin, id, "", &ps, &id2),
	    ERR_OK);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id2, &v), ERR_OK);
	assert_int_equal(v.run.matched, 1);
	assert_int_equal(v.run.unmatched, 1);
	mails = outbox_count(f);
	assert_int_equal(app_cohortmatch_confirm(f->db, f->a, &f->me_admin, id2, "", &ps,
	    &created), ERR_OK);
	assert_int_equal(created, 1);
	assert_int_equal(outbox_count(f), mails + 2);   /* the mentee and the mentor */
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id2, &v), ERR_OK);
	assert_string_equal(v.run.status, "confirmed");
	for (size_t i = 0; i < v.npairs; i++)
		if (v.pairs[i].mentor_id)
			assert_true(v.pairs[i].relationship_id > 0);
	(void)m1;
	/* twice: refused */
	ps.n = 0;
	assert_int_equal(app_cohortmatch_confirm(f->db, f->a, &f->me_admin, id2, "", &ps,
	    &created), ERR_CONFLICT);
}

/* REQ-11: a re-run of a run whose cohort was deleted (match_runs.cohort_id
 * ON DELETE SET NULL) matches the run's own mentees again, never every
 * mentee waiting in the scheme. */
static void
test_rerun_after_cohort_deleted(void **state)
{
	struct fixture *f = *state;
	begin(f);
	mentor(f, 5, true);
	int64_t in1 = person(f, "mentee"), in2 = person(f, "mentee");
	int64_t outside = person(f, "mentee");
	struct db_cohort co = {.scheme_id = f->scheme, .name = "Spring", .description = "",
	    .starts_on = "", .ends_on = ""};
	int64_t cid;
	bool added;
	assert_int_equal(db_cohort_add(f->db, &co, f->admin, T0, &cid), ERR_OK);
	assert_int_equal(db_cohort_member_add(f->db, cid, in1, f->admin, T0, &added), ERR_OK);
	assert_int_equal(db_cohort_member_add(f->db, cid, in2, f->admin, T0, &added), ERR_OK);
	commit(f);
	int64_t id, id2;
	struct app_problems ps = {0};
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, cid,
	    "optimal", "", &ps, &id), ERR_OK);
	struct app_cm_view v;
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id, &v), ERR_OK);
	assert_int_equal(v.npairs, 2);
	begin(f);
	assert_int_equal(db_cohort_delete(f->db, cid), ERR_OK);
	commit(f);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id, &v), ERR_OK);
	assert_int_equal(v.run.cohort_id, 0);
	assert_false(v.run.everyone);
	assert_int_equal(app_cohortmatch_rerun(f->db, f->a, &f->me_admin, id, "", &ps, &id2),
	    ERR_OK);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id2, &v), ERR_OK);
	assert_int_equal(v.npairs, 2);
	for (size_t i = 0; i < v.npairs; i++)
		assert_true(v.pairs[i].mentee_id != outside);
	assert_int_equal(v.run.matched + v.run.unmatched, 2);
	assert_false(v.run.everyone);
}

/* REQ-11: `tandem match` follows the scheme's switch: --confirm is
 * refused while cohort matching is off (a dry run still runs and says
 * the switch is off); no run of nobody is ever saved, from the command
 * line or the page. */
static void
test_system_and_empty_runs(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_cm_result r;
	struct db_cm_run *runs;
	size_t nruns;
	int64_t id;
	/* nobody waiting: the page and the command line save nothing */
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, 0,
	    "optimal", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "cohort_id");
	ps.n = 0;
	assert_int_equal(app_cohortmatch_system(f->db, f->a, f->scheme, 0, false, true, &ps,
	    &r), ERR_CONFLICT);
	assert_int_equal(db_cm_run_list(f->db, f->a, f->scheme, 10, &runs, &nruns), ERR_OK);
	assert_int_equal(nruns, 0);
	/* one mentee no mentor may take: nothing to confirm, nothing saved */
	begin(f);
	int64_t m1 = mentor(f, 1, true), e1 = person(f, "mentee");
	conflict(f, e1, m1);
	commit(f);
	ps.n = 0;
	assert_int_equal(app_cohortmatch_system(f->db, f->a, f->scheme, 0, false, true, &ps,
	    &r), ERR_CONFLICT);
	assert_int_equal(db_cm_run_list(f->db, f->a, f->scheme, 10, &runs, &nruns), ERR_OK);
	assert_int_equal(nruns, 0);
	/* the switch off: a dry run says so; --confirm is refused */
	begin(f);
	int64_t e2 = person(f, "mentee");
	switch_on(f, false);
	commit(f);
	ps.n = 0;
	assert_int_equal(app_cohortmatch_system(f->db, f->a, f->scheme, 0, false, false, &ps,
	    &r), ERR_OK);
	assert_false(r.is_on);
	assert_int_equal(r.run.matched, 1);
	assert_int_equal(app_cohortmatch_system(f->db, f->a, f->scheme, 0, false, true, &ps,
	    &r), ERR_FORBIDDEN);
	assert_string_equal(ps.p[0].message, "Cohort matching is off in this scheme: turn it "
	    "on in the scheme's settings");
	bool has;
	assert_int_equal(app_mentee_has_mentor(f->db, f->scheme, e2, &has), ERR_OK);
	assert_false(has);
	assert_int_equal(db_cm_run_list(f->db, f->a, f->scheme, 10, &runs, &nruns), ERR_OK);
	assert_int_equal(nruns, 0);
	/* on: saved and confirmed */
	begin(f);
	switch_on(f, true);
	commit(f);
	ps.n = 0;
	assert_int_equal(app_cohortmatch_system(f->db, f->a, f->scheme, 0, false, true, &ps,
	    &r), ERR_OK);
	assert_true(r.is_on);
	assert_int_equal(r.created, 1);
	assert_string_equal(r.run.status, "confirmed");
}

/* ---- who may ---- */

static void
test_access_and_inputs(void **state)
{
	struct fixture *f = *state;
	begin(f);
	mentor(f, 1, true);
	person(f, "mentee");
	commit(f);
	int64_t id;
	struct app_problems ps = {0};
	struct app_cm_overview ov;
	struct app_cm_view v;
	assert_int_equal(app_cohortmatch_overview(f->db, f->a, &f->me_other, f->scheme, &ov),
	    ERR_NOT_FOUND);
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_other, f->scheme, 0,
	    "optimal", "", &ps, &id), ERR_NOT_FOUND);
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, 0,
	    "optimal", "", &ps, &id), ERR_OK);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_other, id, &v),
	    ERR_NOT_FOUND);
	assert_int_equal(app_cohortmatch_discard(f->db, f->a, &f->me_other, id, "", &ps),
	    ERR_NOT_FOUND);
	size_t created;
	assert_int_equal(app_cohortmatch_confirm(f->db, f->a, &f->me_other, id, "", &ps,
	    &created), ERR_NOT_FOUND);
	/* a participant of the scheme */
	begin(f);
	int64_t p = testpeople_add(f->db, f->scheme, "mentee-x", "mentee", T0, &f->v_p, &f->me_p);
	(void)p;
	commit(f);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_p, id, &v), ERR_NOT_FOUND);
	/* a site administrator */
	struct app_auth site = {.user_id = f->other_admin, .is_site_admin = true};
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &site, id, &v), ERR_OK);

	/* inputs: a cohort of another scheme, an unknown mode, stable not offered */
	ps.n = 0;
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, 999,
	    "optimal", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "cohort_id");
	ps.n = 0;
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, 0,
	    "greedy", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "mode");
	/* the switch off */
	begin(f);
	switch_on(f, false);
	commit(f);
	ps.n = 0;
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, 0,
	    "optimal", "", &ps, &id), ERR_FORBIDDEN);
	assert_non_null(strstr(ps.p[0].message, "Turn on cohort matching"));
}


/* ---- preferences (app/matchprefs.c) ---- */

/* The scheme's preference settings. */
static void
prefs(struct fixture *f, int w1, int w2, int w3, bool hard, int penalty, bool stable)
{
	struct db_matchprefs_settings s = {.wish_weight = {w1, w2, w3}, .avoid_hard = hard,
	    .avoid_penalty = penalty, .stable_mode = stable};
	assert_int_equal(db_matchprefs_settings_put(f->db, f->scheme, &s), ERR_OK);
}

/* mentee's wishes, as they would make them on /matching/wishes */
static void
wish(struct fixture *f, int64_t mentee, int64_t c1, int64_t c2, int64_t c3)
{
	struct app_view v = {.scheme_id = f->scheme, .scheme_name = "Aspire", .role = "mentee",
	    .label = ""};
	struct app_auth me = {.user_id = mentee, .email = "", .views = &v, .nviews = 1,
	    .active = &v};
	int64_t choice[APP_WISHES_MAX] = {c1, c2, c3};
	struct app_problems ps = {0};
	assert_int_equal(app_wishes_save(f->db, f->a, &me, choice, "", &ps), ERR_OK);
}

/* mentor marks mentee "prefer not", by the address (testdb_user's) */
static void
mark(struct fixture *f, int64_t mentor_id, int64_t mentee)
{
	struct db_user u;
	assert_int_equal(db_user_get(f->db, f->a, mentee, &u), ERR_OK);
	struct app_view v;
	struct app_auth me;
	testpeople_as(&me, &v, mentor_id, f->scheme, "mentor", "");
	struct app_problems ps = {0};
	assert_int_equal(app_avoid_add(f->db, f->a, &me, u.email, "", &ps), ERR_OK);
}

static void
discard(struct fixture *f, int64_t id)
{
	struct app_problems ps = {0};
	assert_int_equal(app_cohortmatch_discard(f->db, f->a, &f->me_admin, id, "", &ps),
	    ERR_OK);
}

/* REQ-11: one place, two mentees alike; the one the matcher leaves out
 * ranks the mentor first and then wins the place. */
static void
test_first_choice_wins_a_tie(void **state)
{
	struct fixture *f = *state;
	begin(f);
	int64_t m = mentor(f, 1, true);
	int64_t e1 = person(f, "mentee"), e2 = person(f, "mentee");
	commit(f);
	struct app_cm_view v;
	int64_t id = run(f, "optimal", &v);
	assert_int_equal(v.run.matched, 1);
	int64_t loser = row_of(&v, e1)->mentor_id == m ? e2 : e1;
	int64_t winner = loser == e1 ? e2 : e1;
	assert_int_equal(row_of(&v, loser)->mentor_id, 0);
	int score = row_of(&v, winner)->score;
	assert_int_equal(row_of(&v, winner)->cost, 100 - score);
	assert_int_equal(row_of(&v, winner)->wish_rank, 0);
	discard(f, id);

	wish(f, loser, m, 0, 0);
	run(f, "optimal", &v);
	assert_int_equal(row_of(&v, loser)->mentor_id, m);
	assert_int_equal(row_of(&v, loser)->wish_rank, 1);       /* the preview's rank */
	assert_int_equal(row_of(&v, loser)->score, score);       /* the score is unchanged */
	assert_int_equal(row_of(&v, loser)->cost, 100 - score - 30);   /* the weight, 30 */
	assert_int_equal(row_of(&v, winner)->mentor_id, 0);
	assert_non_null(strstr(row_of(&v, winner)->why, "is full or was given to other "
	    "mentees"));
}

/* PRO-10, REQ-11: a hard "prefer not" keeps even the only allowed pair
 * apart; the reason says so for the administrator, and only there. */
static void
test_hard_avoid_keeps_the_only_pair_apart(void **state)
{
	struct fixture *f = *state;
	begin(f);
	int64_t m = mentor(f, 2, true);
	int64_t e = person(f, "mentee"), other = person(f, "mentee");
	prefs(f, 30, 20, 10, true, 50, false);
	commit(f);
	mark(f, m, e);
	wish(f, e, m, 0, 0);      /* the mentee's first choice counts for nothing here */
	struct app_cm_view v;
	int64_t id = run(f, "optimal", &v);
	assert_int_equal(row_of(&v, e)->mentor_id, 0);
	assert_int_equal(row_of(&v, other)->mentor_id, m);
	const char *why = row_of(&v, e)->why;
	assert_non_null(strstr(why, "No allowed mentor"));
	/* the mentor named, for the administrator; no blame on the mentee */
	assert_non_null(strstr(why, "Excluded by: \"prefer not\" marked by the mentor "
	    "(person1 Tester)."));
	assert_int_equal(v.nblocking, 0);           /* not a blocking pair: not allowed */

	/* nor can the administrator give them to each other by hand */
	struct db_cm_pair row;
	struct app_cm_option *opt;
	size_t n;
	struct app_problems ps = {0};
	assert_int_equal(app_cohortmatch_options(f->db, f->a, &f->me_admin, id, e, &row, &opt,
	    &n, &ps), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_cohortmatch_swap(f->db, f->a, &f->me_admin, id, e, m, "", &ps),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "mentor_id");

	/* the mentee's own page still offers the mentor and keeps the wish:
	 * nothing there says a mark was made */
	struct app_view ev = {.scheme_id = f->scheme, .scheme_name = "Aspire",
	    .role = "mentee", .label = ""};
	struct app_auth eme = {.user_id = e, .email = "", .views = &ev, .nviews = 1,
	    .active = &ev};
	struct app_wishes_page wp;
	assert_int_equal(app_wishes_get(f->db, f->a, &eme, &wp), ERR_OK);
	assert_int_equal(wp.nwishes, 1);
	assert_int_equal(wp.nchoices, 1);
	assert_true(wp.choices[0].is_offered);
}

/* A soft "prefer not" only adds the penalty: still the only pair when
 * nobody else may take them, passed over when someone as good may. */
static void
test_soft_avoid_adds_the_penalty(void **state)
{
	struct fixture *f = *state;
	begin(f);
	int64_t m1 = mentor(f, 1, true);
	int64_t e = person(f, "mentee");
	prefs(f, 30, 20, 10, false, 40, false);
	commit(f);
	mark(f, m1, e);
	struct app_cm_view v;
	int64_t id = run(f, "optimal", &v);
	const struct db_cm_pair *r = row_of(&v, e);
	assert_int_equal(r->mentor_id, m1);
	assert_int_equal(r->cost, 100 - r->score + 40);
	/* the administrator sees what the mark cost */
	assert_non_null(strstr(r->reasons, "The mentor marked this mentee \"prefer not\" (40 "
	    "points against the pair)"));
	assert_int_equal(v.run.objective, 100 - r->score + 40);
	discard(f, id);

	/* a second mentor exactly as good, without a mark: chosen */
	begin(f);
	int64_t m2 = mentor(f, 1, true);
	commit(f);
	run(f, "optimal", &v);
	assert_int_equal(row_of(&v, e)->mentor_id, m2);
	assert_int_equal(row_of(&v, e)->cost, 100 - row_of(&v, e)->score);
}

/* A mentee who has had a mentor since making the wishes: they are set
 * aside for good, even once that relationship has ended. */
static void
test_wishes_after_a_mentor_do_not_count(void **state)
{
	struct fixture *f = *state;
	begin(f);
	int64_t m1 = mentor(f, 2, true), m2 = mentor(f, 2, true);
	int64_t e = person(f, "mentee");
	commit(f);
	wish(f, e, m1, 0, 0);
	struct app_cm_view v;
	int64_t id = run(f, "optimal", &v);
	assert_int_equal(row_of(&v, e)->mentor_id, m1);
	assert_int_equal(row_of(&v, e)->wish_rank, 1);
	discard(f, id);

	/* later: paired with m2, and the relationship ends */
	clock_set(T0 + 3600);
	int64_t rel;
	assert_int_equal(testpeople_pair(f->db, f->a, f->scheme, m2, e, f->admin, &rel), 0);
	begin(f);
	assert_int_equal(db_rel_finish(f->db, rel, "ended_early", "2026-11-23", "", f->admin,
	    T0 + 7200), ERR_OK);
	commit(f);
	struct app_match_settings st;
	struct app_match_wish *w;
	struct app_match_avoid *av;
	size_t nw, nav;
	assert_int_equal(app_matchprefs_scheme(f->db, f->a, f->scheme, &st, &w, &nw, &av, &nav),
	    ERR_OK);
	assert_int_equal(nw, 0);
	run(f, "optimal", &v);
	assert_int_equal(v.run.matched, 1);
	assert_int_equal(row_of(&v, e)->wish_rank, 0);
	assert_int_equal(row_of(&v, e)->cost, 100 - row_of(&v, e)->score);
	clock_set(T0);
}

/* Stable mode is offered by the scheme's setting.  Mentors A and B, one
 * place each; X ranks A then B, Y ranks A; A would soft-prefer not to
 * take Y (5 points).  With c = 100 - score: X-A c-30, X-B c-20, Y-A
 * c-25, Y-B c.  Best overall is X-B, Y-A (2c-45 < 2c-30), where X and A
 * would both rather be together: one blocking pair, reported.  The
 * stable run (mentees propose) is X-A, Y-B, with none. */
static void
test_stable_mode_and_blocking_pairs(void **state)
{
	struct fixture *f = *state;
	begin(f);
	int64_t ma = mentor(f, 1, true), mb = mentor(f, 1, true);
	int64_t x = person(f, "mentee"), y = person(f, "mentee");
	prefs(f, 30, 20, 10, false, 5, false);
	commit(f);
	wish(f, x, ma, mb, 0);
	wish(f, y, ma, 0, 0);
	mark(f, ma, y);

	/* stable is not offered until the scheme turns it on */
	int64_t id;
	struct app_problems ps = {0};
	assert_int_equal(app_cohortmatch_run(f->db, f->a, &f->me_admin, f->scheme, 0, "stable",
	    "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "mode");
	struct app_cm_overview ov;
	assert_int_equal(app_cohortmatch_overview(f->db, f->a, &f->me_admin, f->scheme, &ov),
	    ERR_OK);
	assert_false(ov.stable_mode);

	struct app_cm_view v;
	run(f, "optimal", &v);
	int c = 100 - row_of(&v, x)->score;
	assert_true(c >= 30);                      /* no clamping in this example */
	assert_int_equal(row_of(&v, x)->mentor_id, mb);
	assert_int_equal(row_of(&v, x)->wish_rank, 2);
	assert_int_equal(row_of(&v, y)->mentor_id, ma);
	assert_int_equal(v.run.objective, 2 * c - 45);
	assert_int_equal(v.run.blocking, 1);
	assert_int_equal(v.nblocking, 1);
	assert_non_null(strstr(v.blocking[0], "would both rather be paired with each other"));
	assert_non_null(strstr(v.blocking[0], "proposed with person2"));   /* X has B */

	begin(f);
	prefs(f, 30, 20, 10, false, 5, true);
	commit(f);
	assert_int_equal(app_cohortmatch_overview(f->db, f->a, &f->me_admin, f->scheme, &ov),
	    ERR_OK);
	assert_true(ov.stable_mode);
	run(f, "stable", &v);
	assert_string_equal(v.run.mode, "stable");
	assert_int_equal(row_of(&v, x)->mentor_id, ma);
	assert_int_equal(row_of(&v, x)->wish_rank, 1);
	assert_int_equal(row_of(&v, y)->mentor_id, mb);
	assert_int_equal(v.run.objective, 2 * c - 30);   /* dearer, but stable */
	assert_int_equal(v.run.blocking, 0);
	assert_int_equal(v.nblocking, 0);

	/* the scheme stops offering stable mode: a re-run of the stable run
	 * is matched best overall */
	int64_t stable_id = v.run.id, id2;
	begin(f);
	prefs(f, 30, 20, 10, false, 5, false);
	commit(f);
	assert_int_equal(app_cohortmatch_rerun(f->db, f->a, &f->me_admin, stable_id, "", &ps,
	    &id2), ERR_OK);
	assert_int_equal(app_cohortmatch_get(f->db, f->a, &f->me_admin, id2, &v), ERR_OK);
	assert_string_equal(v.run.mode, "optimal");
	assert_int_equal(row_of(&v, x)->mentor_id, mb);
	assert_int_equal(v.run.objective, 2 * c - 45);
}

/* ---- instance files ---- */

static void
test_instance(void **state)
{
	struct fixture *f = *state;
	struct assign_problem p;
	const char *why;
	const char *or = "3\n 1 2 3\n 2 4 6\n 3 6 9\n";
	assert_int_equal(app_cohortmatch_instance(f->a, or, strlen(or), &p, &why), ERR_OK);
	assert_int_equal(p.nmentees, 3);
	assert_int_equal(p.first[3], 9);
	int32_t mo[3];
	int64_t total;
	int32_t matched;
	assert_int_equal(assign_solve(&p, mo, &total, &matched), ERR_OK);
	assert_int_equal(total, 10);       /* 3 + 4 + 3 */
	const char *cap = "c 3 2\n 2 1\n 1 -1\n 5 2\n -1 3\n";
	assert_int_equal(app_cohortmatch_instance(f->a, cap, strlen(cap), &p, &why), ERR_OK);
	assert_int_equal(p.nmentors, 2);
	assert_int_equal(p.capacity[0], 2);
	assert_int_equal(p.first[3], 4);   /* two pairs not allowed */
	assert_int_equal(assign_solve(&p, mo, &total, &matched), ERR_OK);
	assert_int_equal(matched, 3);
	assert_int_equal(total, 1 + 5 + 3);   /* mentor 1 has one place: mentee 2 needs it */
	static const char *const bad[] = {"", "x", "2\n1 2\n3", "c 2\n", "c 1 1\n-1", "0\n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (i == 4)
			continue;   /* "c 1 1 / -1": a capacity of -1 */
		assert_int_equal(app_cohortmatch_instance(f->a, bad[i], strlen(bad[i]), &p, &why),
		    ERR_BAD_INPUT);
	}
	assert_int_equal(app_cohortmatch_instance(f->a, bad[4], strlen(bad[4]), &p, &why),
	    ERR_BAD_INPUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cost),
		cmocka_unit_test_setup_teardown(test_random_schemes_keep_the_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unmatched_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap_lock_rerun, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_is_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rerun_after_cohort_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap_keeps_a_change_made_meanwhile, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_system_and_empty_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_and_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_choice_wins_a_tie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hard_avoid_keeps_the_only_pair_apart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_soft_avoid_adds_the_penalty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wishes_after_a_mentor_do_not_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stable_mode_and_blocking_pairs, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
