/*
 * test_journey.c - app/journey (NOTE-5): the pure rules (an action
 * point's owner must be one of the pair, due dates, overdue in words,
 * a stage's name), and against a database the stage rules (ordering by
 * moving, one review stage, delete refused while in use, 20 at most,
 * administrators of the scheme only) and the pair's records (the
 * author rule, other pairs' ids 404, an administrator never writes and
 * opens content only under the scheme's rule, with an audit row; after
 * completion every write is a conflict).
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

#include "app/journey.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)

/* ---- pure rules ---- */

static void
test_owner_must_be_one_of_the_pair(void **state)
{
	(void)state;
	struct db_relationship r = {.mentor_id = 10, .mentee_id = 20};
	static const struct {
		enum lc_actor actor;
		const char *owner;
		enum err rc;
		int64_t id;
	} cases[] = {
		{LC_MENTOR, "me", ERR_OK, 10},
		{LC_MENTOR, "other", ERR_OK, 20},
		{LC_MENTEE, "me", ERR_OK, 20},
		{LC_MENTEE, "other", ERR_OK, 10},
		{LC_MENTEE, "mentor", ERR_OK, 10},
		{LC_MENTOR, "mentee", ERR_OK, 20},
		{LC_MENTOR, "20", ERR_OK, 20},
		{LC_MENTEE, "10", ERR_OK, 10},
		{LC_MENTOR, "30", ERR_BAD_INPUT, 0},     /* someone outside the pair */
		{LC_MENTOR, "0", ERR_BAD_INPUT, 0},
		{LC_MENTOR, "-10", ERR_BAD_INPUT, 0},
		{LC_MENTOR, "", ERR_BAD_INPUT, 0},
		{LC_MENTOR, "someone", ERR_BAD_INPUT, 0},
		{LC_MENTOR, "10x", ERR_BAD_INPUT, 0},
		{LC_ADMIN, "me", ERR_BAD_INPUT, 0},      /* an administrator never owns one */
		{LC_OTHER, "mentor", ERR_BAD_INPUT, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t id = -1;
		assert_int_equal(app_journey_owner(&r, cases[i].actor, cases[i].owner, &id),
		    cases[i].rc);
		assert_int_equal(id, cases[i].id);
	}
	assert_int_equal(app_journey_owner(&r, LC_MENTOR, NULL, &(int64_t){0}), ERR_BAD_INPUT);
}

static void
test_due_dates(void **state)
{
	(void)state;
	static const struct {
		const char *due, *kept;
		bool ok;
	} cases[] = {
		{"", NULL, true},
		{"2026-11-23", NULL, true},          /* today */
		{"2027-02-28", NULL, true},
		{"2027-02-29", NULL, false},         /* not a leap year */
		{"2026-11-22", NULL, false},         /* yesterday */
		{"2026-11-22", "2026-11-22", true},  /* kept as it was */
		{"2026-11-21", "2026-11-22", false},
		{"23/11/2026", NULL, false},
		{"2026-13-01", NULL, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(app_journey_due_problem(cases[i].due, "2026-11-23",
		    cases[i].kept) == NULL, cases[i].ok);

	struct arena *a = arena_new(0);
	assert_string_equal(app_journey_due_words(a, "2026-11-23", "2026-11-23"), "Due today");
	assert_string_equal(app_journey_due_words(a, "2026-11-22", "2026-11-23"),
	    "1 day overdue");
	assert_string_equal(app_journey_due_words(a, "2026-10-24", "2026-11-23"),
	    "30 days overdue");
	assert_string_equal(app_journey_due_words(a, "2027-01-01", "2026-12-31"), "Due in 1 day");
	assert_string_equal(app_journey_due_words(a, "2028-03-01", "2028-02-28"),
	    "Due in 2 days");
	assert_string_equal(app_journey_due_words(a, "", "2026-11-23"), "");
	arena_free(a);

	struct db_journey_action x = {.due = "2026-11-22"};
	assert_true(app_journey_is_overdue(&x, "2026-11-23"));
	x.done_at = T0;
	assert_false(app_journey_is_overdue(&x, "2026-11-23"));
	x = (struct db_journey_action){.due = ""};
	assert_false(app_journey_is_overdue(&x, "2026-11-23"));
}

static void
test_stage_check(void **state)
{
	(void)state;
	char long_name[200];
	memset(long_name, 'a', 121);
	long_name[121] = '\0';
	/* 120 characters of two bytes each is still 120 characters */
	char accented[250] = "";
	for (int i = 0; i < 120; i++)
		strcat(accented, "\xc3\xa9");
	struct {
		struct app_stage_in in;
		const char *field;
	} cases[] = {
		{{"Setting goals", "", false}, NULL},
		{{accented, NULL, true}, NULL},
		{{"", "x", false}, "name"},
		{{long_name, "", false}, "name"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		enum err rc = app_journey_stage_check(&cases[i].in, &ps);
		assert_int_equal(rc, cases[i].field ? ERR_BAD_INPUT : ERR_OK);
		if (cases[i].field)
			assert_string_equal(ps.p[0].field, cases[i].field);
	}
}

/* ---- against a database ---- */

enum { P_MENTOR, P_MENTEE, P_ADMIN, P_OTHER_MENTOR, P_OTHER_MENTEE, P_OTHER_ADMIN, P__N };

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other_scheme;
	int64_t id[P__N];
	struct app_auth me[P__N];
	struct app_view views[P__N];
	int64_t rel, other_rel;
	int64_t stage[3];
};


static int64_t
make_rel(struct fixture *f, int mentor, int mentee)
{
	int64_t id = 0;
	struct app_rel_new in = {
		.scheme_id = f->scheme, .mentor_id = f->id[mentor], .mentee_id = f->id[mentee],
		.origin = "assignment", .assigned_by = f->id[P_ADMIN], .override_reason = "",
		.first_session = "", .actor_id = f->id[P_ADMIN], .ip = "",
	};
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_relationship_create_tx(f->db, f->a, &in, &id), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	return id;
}

static int
setup(void **state)
{
	static const char *const names[P__N] = {"mentor", "mentee", "admin", "othermentor",
		"othermentee", "otheradmin"};
	static const char *const roles[P__N] = {"mentor", "mentee", "scheme_admin", "mentor",
		"mentee", "scheme_admin"};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("journey", f->dir, f->path, &f->db) != 0)
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
		db_role_add(f->db, f->id[i], scheme, roles[i], T0);
		f->views[i] = (struct app_view){.scheme_id = scheme, .scheme_name = "Aspire",
		    .role = roles[i], .label = ""};
		f->me[i] = (struct app_auth){.user_id = f->id[i], .username = names[i],
		    .display_name = names[i], .email = "", .views = &f->views[i], .nviews = 1,
		    .active = &f->views[i]};
	}
	f->rel = make_rel(f, P_MENTOR, P_MENTEE);
	f->other_rel = make_rel(f, P_OTHER_MENTOR, P_OTHER_MENTEE);
	static const char *const stages[] = {"Getting to know each other", "Setting goals",
		"Ending"};
	for (int i = 0; i < 3; i++) {
		struct app_problems ps = {0};
		struct app_stage_in in = {stages[i], "", false};
		if (app_journey_stage_add(f->db, f->a, &f->me[P_ADMIN], f->scheme, &in, "", &ps,
		    &f->stage[i]) != ERR_OK)
			return -1;
	}
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

static void
names_in_order(struct fixture *f, const char *a, const char *b, const char *c)
{
	struct app_journey_scheme js;
	assert_int_equal(app_journey_scheme(f->db, f->a, &f->me[P_ADMIN], f->scheme, &js),
	    ERR_OK);
	assert_int_equal(js.n, 3);
	assert_string_equal(js.stages[0].name, a);
	assert_string_equal(js.stages[1].name, b);
	assert_string_equal(js.stages[2].name, c);
}

static void
test_stage_ordering(void **state)
{
	struct fixture *f = *state;
	struct app_auth *admin = &f->me[P_ADMIN];
	names_in_order(f, "Getting to know each other", "Setting goals", "Ending");
	assert_int_equal(app_journey_stage_move(f->db, f->a, admin, f->stage[2], true, ""),
	    ERR_OK);
	names_in_order(f, "Getting to know each other", "Ending", "Setting goals");
	assert_int_equal(app_journey_stage_move(f->db, f->a, admin, f->stage[2], true, ""),
	    ERR_OK);
	names_in_order(f, "Ending", "Getting to know each other", "Setting goals");
	/* the first moved up and the last moved down stay put */
	assert_int_equal(app_journey_stage_move(f->db, f->a, admin, f->stage[2], true, ""),
	    ERR_OK);
	assert_int_equal(app_journey_stage_move(f->db, f->a, admin, f->stage[1], false, ""),
	    ERR_OK);
	names_in_order(f, "Ending", "Getting to know each other", "Setting goals");
	assert_int_equal(app_journey_stage_move(f->db, f->a, admin, f->stage[2], false, ""),
	    ERR_OK);
	names_in_order(f, "Getting to know each other", "Ending", "Setting goals");
	/* a gap after a delete: a new stage goes last, moves still swap neighbours */
	struct app_problems ps = {0};
	assert_int_equal(app_journey_stage_delete(f->db, f->a, admin, f->stage[2], "", &ps),
	    ERR_OK);
	int64_t id;
	struct app_stage_in in = {"Review", "", false};
	assert_int_equal(app_journey_stage_add(f->db, f->a, admin, f->scheme, &in, "", &ps, &id),
	    ERR_OK);
	assert_int_equal(app_journey_stage_move(f->db, f->a, admin, id, true, ""), ERR_OK);
	names_in_order(f, "Getting to know each other", "Review", "Setting goals");
	/* not an administrator of this scheme: 404 */
	assert_int_equal(app_journey_stage_move(f->db, f->a, &f->me[P_OTHER_ADMIN], id, true, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(app_journey_stage_move(f->db, f->a, &f->me[P_MENTOR], id, true, ""),
	    ERR_NOT_FOUND);
}

static void
test_one_review_stage_and_twenty_at_most(void **state)
{
	struct fixture *f = *state;
	struct app_auth *admin = &f->me[P_ADMIN];
	struct app_problems ps = {0};
	struct app_stage_in in = {"Setting goals", "", true};
	assert_int_equal(app_journey_stage_update(f->db, f->a, admin, f->stage[1], &in, "", &ps),
	    ERR_OK);
	in = (struct app_stage_in){"Ending", "", true};
	assert_int_equal(app_journey_stage_update(f->db, f->a, admin, f->stage[2], &in, "", &ps),
	    ERR_OK);
	int64_t id;
	in = (struct app_stage_in){"Midpoint review", "", true};
	assert_int_equal(app_journey_stage_add(f->db, f->a, admin, f->scheme, &in, "", &ps, &id),
	    ERR_OK);
	struct app_journey_scheme js;
	assert_int_equal(app_journey_scheme(f->db, f->a, admin, f->scheme, &js), ERR_OK);
	size_t reviews = 0;
	for (size_t i = 0; i < js.n; i++)
		reviews += js.stages[i].is_review;
	assert_int_equal(reviews, 1);
	assert_true(js.stages[3].is_review);
	for (size_t i = js.n; i < APP_JOURNEY_STAGES_MAX; i++) {
		in = (struct app_stage_in){"More", "", false};
		assert_int_equal(app_journey_stage_add(f->db, f->a, admin, f->scheme, &in, "", &ps,
		    &id), ERR_OK);
	}
	ps.n = 0;
	assert_int_equal(app_journey_stage_add(f->db, f->a, admin, f->scheme, &in, "", &ps, &id),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "name");
	/* another scheme's administrator, a participant: 404 */
	assert_int_equal(app_journey_stage_add(f->db, f->a, &f->me[P_OTHER_ADMIN], f->scheme,
	    &in, "", &ps, &id), ERR_NOT_FOUND);
	assert_int_equal(app_journey_stage_add(f->db, f->a, &f->me[P_MENTEE], f->scheme, &in, "",
	    &ps, &id), ERR_NOT_FOUND);
}

static void
test_delete_in_use(void **state)
{
	struct fixture *f = *state;
	struct app_auth *admin = &f->me[P_ADMIN];
	struct app_problems ps = {0};
	int64_t id;
	/* a decision at stage 0, an action point at stage 1, a pair at stage 2 */
	struct app_decision_in d = {f->stage[0], "We meet monthly"};
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &d, &ps,
	    &id), ERR_OK);
	struct app_action_in x = {f->stage[1], "Draft goals", "me", ""};
	int64_t xid;
	assert_int_equal(app_journey_action_add(f->db, f->a, &f->me[P_MENTOR], f->rel, &x, &ps,
	    &xid), ERR_OK);
	assert_int_equal(app_journey_set_stage(f->db, f->a, &f->me[P_OTHER_MENTEE], f->other_rel,
	    f->stage[2], &ps), ERR_OK);
	for (int i = 0; i < 3; i++) {
		ps.n = 0;
		assert_int_equal(app_journey_stage_delete(f->db, f->a, admin, f->stage[i], "", &ps),
		    ERR_CONFLICT);
		assert_string_equal(ps.p[0].field, "");
		assert_non_null(strstr(ps.p[0].message, "cannot be deleted"));
	}
	/* renaming a stage in use is fine */
	struct app_stage_in in = {"Goals", "", false};
	assert_int_equal(app_journey_stage_update(f->db, f->a, admin, f->stage[1], &in, "", &ps),
	    ERR_OK);
	/* once unused, it goes */
	int64_t rel_id;
	assert_int_equal(app_journey_action_delete(f->db, f->a, &f->me[P_MENTOR], xid, &ps,
	    &rel_id), ERR_OK);
	assert_int_equal(rel_id, f->rel);
	assert_int_equal(app_journey_stage_delete(f->db, f->a, admin, f->stage[1], "", &ps),
	    ERR_OK);
}

static void
test_pair_records(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id, xid, rel_id;
	struct app_decision_in d = {f->stage[0], "We meet monthly"};
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &d, &ps,
	    &id), ERR_OK);
	/* the author rule; other pairs 404; administrators never write */
	d.text = "Changed";
	assert_int_equal(app_journey_decision_update(f->db, f->a, &f->me[P_MENTOR], id, &d, &ps,
	    &rel_id), ERR_FORBIDDEN);
	assert_int_equal(app_journey_decision_update(f->db, f->a, &f->me[P_OTHER_MENTOR], id, &d,
	    &ps, &rel_id), ERR_NOT_FOUND);
	assert_int_equal(app_journey_decision_update(f->db, f->a, &f->me[P_ADMIN], id, &d, &ps,
	    &rel_id), ERR_FORBIDDEN);
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_ADMIN], f->rel, &d, &ps,
	    &id), ERR_FORBIDDEN);
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_OTHER_ADMIN], f->rel, &d,
	    &ps, &id), ERR_NOT_FOUND);
	/* bad input: blank text, a stage of another scheme */
	struct app_decision_in bad = {f->stage[0], " \n "};
	ps.n = 0;
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &bad,
	    &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "text");
	/* an action point for the other person; the owner must be of the pair */
	struct app_action_in x = {f->stage[1], "Draft goals", "other", "2026-12-01"};
	assert_int_equal(app_journey_action_add(f->db, f->a, &f->me[P_MENTOR], f->rel, &x, &ps,
	    &xid), ERR_OK);
	struct db_journey_action got;
	assert_int_equal(db_journey_action_get(f->db, f->a, xid, &got), ERR_OK);
	assert_int_equal(got.owner_id, f->id[P_MENTEE]);
	char outsider[24];
	snprintf(outsider, sizeof(outsider), "%lld", (long long)f->id[P_OTHER_MENTEE]);
	x.owner = outsider;
	ps.n = 0;
	assert_int_equal(app_journey_action_add(f->db, f->a, &f->me[P_MENTOR], f->rel, &x, &ps,
	    &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "owner");
	x = (struct app_action_in){f->stage[1], "Draft goals", "me", "2026-11-20"};
	ps.n = 0;
	assert_int_equal(app_journey_action_add(f->db, f->a, &f->me[P_MENTOR], f->rel, &x, &ps,
	    &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "due");
	/* either party marks it done; the other pair cannot */
	assert_int_equal(app_journey_action_done(f->db, f->a, &f->me[P_MENTEE], xid, true, &ps,
	    &rel_id), ERR_OK);
	assert_int_equal(app_journey_action_done(f->db, f->a, &f->me[P_OTHER_MENTOR], xid, false,
	    &ps, &rel_id), ERR_NOT_FOUND);
	assert_int_equal(db_journey_action_get(f->db, f->a, xid, &got), ERR_OK);
	assert_int_equal(got.done_by, f->id[P_MENTEE]);
	/* overdue: the date passes while it is open again */
	assert_int_equal(app_journey_action_done(f->db, f->a, &f->me[P_MENTOR], xid, false, &ps,
	    &rel_id), ERR_OK);
	clock_set(T0 + 10 * DAY);
	struct app_journey j;
	assert_int_equal(app_journey_open(f->db, f->a, &f->me[P_MENTEE], f->rel, true, "", &j),
	    ERR_OK);
	assert_int_equal(j.nactions, 1);
	assert_true(app_journey_is_overdue(&j.actions[0], j.today));
	assert_int_equal(j.counts.decisions, 1);
}

static size_t
content_views(struct fixture *f)
{
	struct db_audit *rows;
	size_t n, k = 0;
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 500, &rows, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		k += strcmp(rows[i].action, "content.view") == 0;
	return k;
}

static void
test_admin_reads_under_the_rule(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id;
	struct app_decision_in d = {f->stage[0], "We meet monthly"};
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &d, &ps,
	    &id), ERR_OK);
	struct app_journey j;
	/* the relationship page: counts, never content, for an administrator */
	assert_int_equal(app_journey_summary(f->db, f->a, &f->me[P_ADMIN], f->rel, &j), ERR_OK);
	assert_false(j.can_open);
	assert_int_equal(j.counts.decisions, 1);
	assert_int_equal(j.ndecisions, 0);
	/* metadata rule: no opening */
	assert_int_equal(app_journey_open(f->db, f->a, &f->me[P_ADMIN], f->rel, false, "", &j),
	    ERR_FORBIDDEN);
	assert_int_equal(content_views(f), 0);
	/* shared-content rule: read, audited each time */
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme, &st), ERR_OK);
	st.admin_sees_documents = true;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	assert_int_equal(app_journey_open(f->db, f->a, &f->me[P_ADMIN], f->rel, false, "", &j),
	    ERR_OK);
	assert_int_equal(j.ndecisions, 1);
	assert_false(j.can_write);
	assert_int_equal(app_journey_open(f->db, f->a, &f->me[P_ADMIN], f->rel, true, "", &j),
	    ERR_OK);
	assert_int_equal(content_views(f), 2);
	/* the pair's own openings are not audited; strangers 404 */
	assert_int_equal(app_journey_open(f->db, f->a, &f->me[P_MENTOR], f->rel, false, "", &j),
	    ERR_OK);
	assert_int_equal(content_views(f), 2);
	assert_int_equal(app_journey_open(f->db, f->a, &f->me[P_OTHER_ADMIN], f->rel, false, "",
	    &j), ERR_NOT_FOUND);
}

static void
test_after_completion(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t did, xid, rel_id;
	struct app_decision_in d = {f->stage[0], "We meet monthly"};
	struct app_action_in x = {f->stage[0], "Read the guide", "me", ""};
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &d, &ps,
	    &did), ERR_OK);
	assert_int_equal(app_journey_action_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &x, &ps,
	    &xid), ERR_OK);
	clock_set(T0 + 5 * DAY);
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-11-27", "", "", &ps), ERR_OK);
	ps.n = 0;
	assert_int_equal(app_journey_decision_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &d, &ps,
	    &did), ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_REL_ENDED);
	assert_int_equal(app_journey_decision_update(f->db, f->a, &f->me[P_MENTEE], did, &d, &ps,
	    &rel_id), ERR_CONFLICT);
	assert_int_equal(app_journey_decision_delete(f->db, f->a, &f->me[P_MENTEE], did, &ps,
	    &rel_id), ERR_CONFLICT);
	assert_int_equal(app_journey_action_add(f->db, f->a, &f->me[P_MENTEE], f->rel, &x, &ps,
	    &xid), ERR_CONFLICT);
	assert_int_equal(app_journey_action_done(f->db, f->a, &f->me[P_MENTOR], xid, true, &ps,
	    &rel_id), ERR_CONFLICT);
	assert_int_equal(app_journey_action_update(f->db, f->a, &f->me[P_MENTEE], xid, &x, &ps,
	    &rel_id), ERR_CONFLICT);
	assert_int_equal(app_journey_set_stage(f->db, f->a, &f->me[P_MENTEE], f->rel,
	    f->stage[1], &ps), ERR_CONFLICT);
	/* reading stays */
	struct app_journey j;
	assert_int_equal(app_journey_open(f->db, f->a, &f->me[P_MENTEE], f->rel, false, "", &j),
	    ERR_OK);
	assert_false(j.can_write);
	assert_int_equal(j.ndecisions, 1);
	assert_int_equal(j.nactions, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owner_must_be_one_of_the_pair),
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_stage_check),
		cmocka_unit_test_setup_teardown(test_stage_ordering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_review_stage_and_twenty_at_most, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_delete_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pair_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_reads_under_the_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_after_completion, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
