/*
 * test_requests.c - the rules of match requests and proposals in app
 * (app/request.c; REQ-1 to REQ-6, REQ-8, REQ-12, REQ-13) against a fresh
 * database with the demo scheme loaded: who may request whom and why not,
 * the decisions and who may take them, capacity and the mentee's being
 * free at approval, proposals, withdrawal of a ranked group.
 *
 * (tests/unit/test_request.c is the HTTP request parser's test, hence the
 * plural here.)
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

#include "app/finder.h"
#include "app/request.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"

#define T0 ((int64_t)1795464861)   /* a Wednesday in 2026 */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t amy, ravi, tom, chidi, james, fatima, sarah;
	struct app_view v_amy, v_ravi, v_tom, v_chidi, v_james, v_fatima, v_fatima_mentee;
	struct app_auth amy_, ravi_, tom_, chidi_, james_, fatima_, fatima_mentee_;
};

static int64_t
uid(struct fixture *f, const char *username)
{
	struct db_user u;
	assert_int_equal(db_user_by_username(f->db, f->a, username, &u), ERR_OK);
	return u.id;
}

static void
view(struct app_auth *me, struct app_view *v, int64_t user, const char *role)
{
	*v = (struct app_view){.scheme_id = 1, .role = role, .scheme_name = "Northfield",
	    .label = role};
	*me = (struct app_auth){.user_id = user, .views = v, .nviews = 1, .active = v};
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	log_set_level(LOG_ERROR);
	clock_set(T0);
	if (f == NULL || testdb_make("requests", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	const struct app_demo_person *people;
	size_t n;
	if (app_demo_load(f->db, "correct-horse-battery", &people, &n) != ERR_OK)
		return -1;
	f->amy = uid(f, "amy.clarke");
	f->ravi = uid(f, "ravi.patel");
	f->tom = uid(f, "tom.hughes");
	f->chidi = uid(f, "chidi.okafor");
	f->james = uid(f, "james.li");
	f->fatima = uid(f, "fatima.begum");
	f->sarah = uid(f, "sarah.mitchell");
	view(&f->amy_, &f->v_amy, f->amy, "mentee");
	view(&f->ravi_, &f->v_ravi, f->ravi, "mentee");
	view(&f->tom_, &f->v_tom, f->tom, "mentee");
	view(&f->chidi_, &f->v_chidi, f->chidi, "mentor");
	view(&f->james_, &f->v_james, f->james, "mentor");
	view(&f->fatima_, &f->v_fatima, f->fatima, "mentor");
	view(&f->fatima_mentee_, &f->v_fatima_mentee, f->fatima, "mentee");
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

/* REQ-1: the table of who may request whom, and the sentence why not. */
static void
test_check_table(void **state)
{
	struct fixture *f = *state;
	struct {
		const struct app_auth *me;
		int64_t mentor;
		enum err rc;
		const char *why;      /* NULL: allowed; else a part of the sentence */
	} cases[] = {
		{&f->amy_, f->fatima, ERR_OK, NULL},
		{&f->amy_, f->james, ERR_OK, "supervisor, appraiser or a conflict"},
		{&f->amy_, f->chidi, ERR_OK, "no free places"},
		{&f->amy_, f->sarah, ERR_OK, "not taking on new mentees"},
		{&f->amy_, f->tom, ERR_NOT_FOUND, NULL},
		{&f->ravi_, f->fatima, ERR_OK, "add to your profile: Personal statement"},
		{&f->tom_, f->fatima, ERR_OK, "already have a mentor"},
		{&f->chidi_, f->fatima, ERR_OK, "Only mentees"},
		{&f->fatima_mentee_, f->fatima, ERR_OK, "cannot request yourself"},
		{&f->fatima_mentee_, f->james, ERR_OK, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		enum err rc = app_request_check(f->db, f->a, cases[i].me, cases[i].mentor, &why);
		if (rc != cases[i].rc)
			fail_msg("case %zu: %s, want %s", i, err_code(rc), err_code(cases[i].rc));
		if (rc != ERR_OK)
			continue;
		if ((why == NULL) != (cases[i].why == NULL) ||
		    (why != NULL && strstr(why, cases[i].why) == NULL))
			fail_msg("case %zu: why \"%s\", want \"%s\"", i, why ? why : "(none)",
			    cases[i].why ? cases[i].why : "(none)");
	}
	/* requests switched off for the scheme */
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, 1, &st), ERR_OK);
	st.allow_mentee_requests = false;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	const char *why = NULL;
	assert_int_equal(app_request_check(f->db, f->a, &f->amy_, f->fatima, &why), ERR_OK);
	assert_non_null(why);
	assert_non_null(strstr(why, "does not take requests"));
}

/* REQ-1, REQ-12: one open request per pair; REQ-3 the decisions and
 * who may take them; REQ-6 asking again after a decline. */
static void
test_create_and_decide(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id, id2, rel;
	struct app_request_in in = {.mentor_id = f->fatima, .message = "Hello"};
	assert_int_equal(app_request_create(f->db, f->a, &f->amy_, &in, "", &ps, &id), ERR_OK);
	ps.n = 0;
	assert_int_equal(app_request_create(f->db, f->a, &f->amy_, &in, "", &ps, &id2),
	    ERR_CONFLICT);
	assert_string_equal(ps.p[0].field, "mentor_id");
	/* a mentor cannot send one */
	ps.n = 0;
	assert_int_equal(app_request_create(f->db, f->a, &f->chidi_, &in, "", &ps, &id2),
	    ERR_FORBIDDEN);

	struct db_request r;
	enum lc_actor who;
	assert_int_equal(app_request_get(f->db, f->a, &f->amy_, id, &r, &who), ERR_OK);
	assert_int_equal(who, LC_MENTEE);
	assert_string_equal(r.status, "new");
	assert_true(r.deadline_at > T0);
	assert_int_equal(app_request_get(f->db, f->a, &f->tom_, id, &r, &who), ERR_NOT_FOUND);
	assert_int_equal(app_request_get(f->db, f->a, &f->chidi_, id, &r, &who),
	    ERR_NOT_FOUND);

	struct app_decision_in d = {.decision = APP_DECIDE_DECLINE, .comment = ""};
	/* the mentee may not decide, another mentor does not see it */
	ps.n = 0;
	assert_int_equal(app_request_decide(f->db, f->a, &f->amy_, id, &d, "", &ps, &rel),
	    ERR_FORBIDDEN);
	assert_int_equal(app_request_decide(f->db, f->a, &f->chidi_, id, &d, "", &ps, &rel),
	    ERR_NOT_FOUND);
	/* decline needs a reason */
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "comment");
	/* waiting list, then decline from it (REQ-4) */
	ps.n = 0;
	d.decision = APP_DECIDE_WAITLIST;
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_OK);
	d.decision = APP_DECIDE_AMEND;
	d.comment = "More please";
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_CONFLICT);
	ps.n = 0;
	d.decision = APP_DECIDE_DECLINE;
	d.comment = "Full";
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_OK);
	assert_int_equal(app_request_withdraw(f->db, f->a, &f->amy_, id, ""), ERR_CONFLICT);
	/* REQ-6: again, and approved with a first session */
	assert_int_equal(app_request_create(f->db, f->a, &f->amy_, &in, "", &ps, &id2), ERR_OK);
	d = (struct app_decision_in){.decision = APP_DECIDE_APPROVE, .comment = "",
	    .first_session = "2020-01-01T10:00"};
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id2, &d, "", &ps, &rel),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "first_session");
	ps.n = 0;
	d.first_session = "2026-12-01T10:00";
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id2, &d, "", &ps, &rel),
	    ERR_OK);
	assert_true(rel > 0);
	assert_int_equal(app_request_get(f->db, f->a, &f->fatima_, id2, &r, &who), ERR_OK);
	assert_string_equal(r.status, "approved");
	assert_int_equal(r.relationship_id, rel);
	assert_string_equal(r.first_session, "2026-12-01T10:00");
}

/* REQ-12: approval refuses a full mentor and a mentee who has a mentor. */
static void
test_approve_capacity_and_free_mentee(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t p1, p2, rel;
	assert_int_equal(db_begin(f->db), ERR_OK);
	/* chidi is full (capacity 1, mentoring tom): a proposal of amy */
	assert_int_equal(app_proposal_create_tx(f->db, f->a, 1, f->amy, f->chidi, 80, T0, &p1),
	    ERR_OK);
	/* tom already has a mentor: a proposal of tom to james */
	assert_int_equal(app_proposal_create_tx(f->db, f->a, 1, f->tom, f->james, 80, T0, &p2),
	    ERR_OK);
	int64_t dup;
	assert_int_equal(app_proposal_create_tx(f->db, f->a, 1, f->tom, f->james, 80, T0, &dup),
	    ERR_CONFLICT);
	assert_int_equal(db_commit(f->db), ERR_OK);
	struct app_decision_in d = {.decision = APP_DECIDE_APPROVE, .comment = "",
	    .first_session = ""};
	assert_int_equal(app_request_decide(f->db, f->a, &f->chidi_, p1, &d, "", &ps, &rel),
	    ERR_CONFLICT);
	assert_non_null(strstr(ps.p[0].message, "no free places"));
	ps.n = 0;
	assert_int_equal(app_request_decide(f->db, f->a, &f->james_, p2, &d, "", &ps, &rel),
	    ERR_CONFLICT);
	assert_non_null(strstr(ps.p[0].message, "already has a mentor"));
	/* no waiting list for proposals (REQ-8) */
	ps.n = 0;
	d.decision = APP_DECIDE_WAITLIST;
	assert_int_equal(app_request_decide(f->db, f->a, &f->james_, p2, &d, "", &ps, &rel),
	    ERR_CONFLICT);
	/* both still open */
	struct db_request r;
	enum lc_actor who;
	assert_int_equal(app_request_get(f->db, f->a, &f->james_, p2, &r, &who), ERR_OK);
	assert_string_equal(r.status, "new");
	assert_int_equal(r.score, 80);
}

/* REQ-13: a ranked group; queued rows are the mentee's only; withdrawing
 * withdraws the group. */
static void
test_ranked_group(void **state)
{
	struct fixture *f = *state;
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, 1, &st), ERR_OK);
	st.ranked_requests = true;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	struct app_problems ps = {0};
	int64_t id;
	/* fatima (as a mentee) ranks james, then herself: refused */
	struct app_request_in in = {.mentor_id = f->james, .message = "", .second_id = f->fatima};
	assert_int_equal(app_request_create(f->db, f->a, &f->fatima_mentee_, &in, "", &ps, &id),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "second_id");
	/* amy ranks fatima only (the others are excluded for her) */
	ps.n = 0;
	in = (struct app_request_in){.mentor_id = f->fatima, .message = "",
	    .second_id = f->chidi};
	assert_int_equal(app_request_create(f->db, f->a, &f->amy_, &in, "", &ps, &id),
	    ERR_BAD_INPUT);
	assert_non_null(strstr(ps.p[0].message, "no free places"));
	/* a valid group: ravi cannot (statement), fatima-mentee ranks james alone */
	ps.n = 0;
	in = (struct app_request_in){.mentor_id = f->james, .message = ""};
	assert_int_equal(app_request_create(f->db, f->a, &f->fatima_mentee_, &in, "", &ps, &id),
	    ERR_OK);
	struct db_request *rows;
	size_t n;
	bool is_mentor;
	assert_int_equal(app_requests_list(f->db, f->a, &f->fatima_mentee_, &rows, &n,
	    &is_mentor), ERR_OK);
	assert_false(is_mentor);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].rank_group, 0);   /* one choice: not a group */
	int64_t out;
	assert_int_equal(app_requests_outstanding(f->db, &f->james_, &out), ERR_OK);
	assert_int_equal(out, 1);
	assert_int_equal(app_requests_outstanding(f->db, &f->amy_, &out), ERR_OK);
	assert_int_equal(out, 0);
	assert_int_equal(app_request_withdraw(f->db, f->a, &f->james_, id, ""), ERR_FORBIDDEN);
	assert_int_equal(app_request_withdraw(f->db, f->a, &f->fatima_mentee_, id, ""), ERR_OK);
	assert_int_equal(app_requests_outstanding(f->db, &f->james_, &out), ERR_OK);
	assert_int_equal(out, 0);
}

/* n copies of "é" (two bytes each): n characters, 2n bytes */
static char *
accents(struct arena *a, size_t n)
{
	char *s = arena_alloc(a, 2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = (char)0xc3;
		s[2 * i + 1] = (char)0xa9;
	}
	s[2 * n] = '\0';
	return s;
}

/* REQ-1, REQ-3: the message and comment limits count characters, as the
 * route does, not bytes: 2000 accented letters (4000 bytes) pass, 2001
 * are refused. */
static void
test_limits_count_characters(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id, rel;
	struct app_request_in in = {.mentor_id = f->fatima, .message = accents(f->a, 2001)};
	assert_int_equal(app_request_create(f->db, f->a, &f->amy_, &in, "", &ps, &id),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "message");
	ps.n = 0;
	in.message = accents(f->a, APP_REQUEST_MESSAGE_MAX);
	assert_int_equal(app_request_create(f->db, f->a, &f->amy_, &in, "", &ps, &id), ERR_OK);
	struct app_decision_in d = {.decision = APP_DECIDE_AMEND,
	    .comment = accents(f->a, 2001)};
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "comment");
	ps.n = 0;
	d.comment = accents(f->a, APP_REQUEST_COMMENT_MAX);
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_OK);
	/* the amended message too */
	assert_int_equal(app_request_resubmit(f->db, f->a, &f->amy_, id,
	    accents(f->a, 2001), "", &ps), ERR_BAD_INPUT);
	ps.n = 0;
	assert_int_equal(app_request_resubmit(f->db, f->a, &f->amy_, id,
	    accents(f->a, APP_REQUEST_MESSAGE_MAX), "", &ps), ERR_OK);
}

/* REQ-14: decided_at is the first answer to a submission (a wait-list
 * then an approval weeks later counts the wait-list), and a resubmission
 * after an amendment starts again (no negative response time). */
static void
test_decided_at_first_answer(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id, rel;
	struct db_request r;
	enum lc_actor who;
	struct app_request_in in = {.mentor_id = f->fatima, .message = "Hello"};
	assert_int_equal(app_request_create(f->db, f->a, &f->amy_, &in, "", &ps, &id), ERR_OK);
	clock_set(T0 + 3600);
	struct app_decision_in d = {.decision = APP_DECIDE_WAITLIST, .comment = ""};
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_OK);
	clock_set(T0 + 21 * 86400);
	d = (struct app_decision_in){.decision = APP_DECIDE_APPROVE, .comment = "",
	    .first_session = "2026-12-20T10:00"};
	assert_int_equal(app_request_decide(f->db, f->a, &f->fatima_, id, &d, "", &ps, &rel),
	    ERR_OK);
	assert_int_equal(app_request_get(f->db, f->a, &f->amy_, id, &r, &who), ERR_OK);
	assert_string_equal(r.status, "approved");
	assert_int_equal(r.decided_at - r.submitted_at, 3600);

	/* amend, resubmit: decided_at cleared with the new submission */
	clock_set(T0);
	in.mentor_id = f->james;
	ps.n = 0;
	assert_int_equal(app_request_create(f->db, f->a, &f->fatima_mentee_, &in, "", &ps, &id),
	    ERR_OK);
	clock_set(T0 + 600);
	d = (struct app_decision_in){.decision = APP_DECIDE_AMEND, .comment = "More"};
	assert_int_equal(app_request_decide(f->db, f->a, &f->james_, id, &d, "", &ps, &rel),
	    ERR_OK);
	assert_int_equal(app_request_get(f->db, f->a, &f->james_, id, &r, &who), ERR_OK);
	assert_int_equal(r.decided_at, T0 + 600);
	clock_set(T0 + 7200);
	assert_int_equal(app_request_resubmit(f->db, f->a, &f->fatima_mentee_, id, "Better",
	    "", &ps), ERR_OK);
	assert_int_equal(app_request_get(f->db, f->a, &f->james_, id, &r, &who), ERR_OK);
	assert_int_equal(r.submitted_at, T0 + 7200);
	assert_int_equal(r.decided_at, 0);
	clock_set(T0 + 9000);
	d = (struct app_decision_in){.decision = APP_DECIDE_DECLINE, .comment = "Sorry"};
	assert_int_equal(app_request_decide(f->db, f->a, &f->james_, id, &d, "", &ps, &rel),
	    ERR_OK);
	assert_int_equal(app_request_get(f->db, f->a, &f->james_, id, &r, &who), ERR_OK);
	assert_int_equal(r.decided_at - r.submitted_at, 1800);
}

static void
test_decision_parse(void **state)
{
	(void)state;
	assert_int_equal(app_decision_parse("approve"), APP_DECIDE_APPROVE);
	assert_int_equal(app_decision_parse("waitlist"), APP_DECIDE_WAITLIST);
	assert_int_equal(app_decision_parse("decline"), APP_DECIDE_DECLINE);
	assert_int_equal(app_decision_parse("amend"), APP_DECIDE_AMEND);
	assert_int_equal(app_decision_parse("Approve"), APP_DECIDE__MAX);
	assert_int_equal(app_decision_parse(NULL), APP_DECIDE__MAX);
	assert_string_equal(app_request_status_label("waiting", true), "On the waiting list");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_check_table),
		T(test_create_and_decide),
		T(test_approve_capacity_and_free_mentee),
		T(test_ranked_group),
		T(test_limits_count_characters),
		T(test_decided_at_first_answer),
		cmocka_unit_test(test_decision_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
