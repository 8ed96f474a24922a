/*
 * test_evalresults.c - evaluation results (EVAL-4, EVAL-5): the
 * visibility matrix of the administrator's functions, the mentor's
 * three-mentee aggregate in steps of three, another mentor's mentees
 * never counted, distributions and the response rate with filters, and
 * the CSV (headers, labels, multiple choices joined, formula-safe
 * cells, quotes).  Evaluations, responses and answers are inserted with
 * plain SQL here, so these tests do not depend on the answering code.
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
#include "testpairs.h"

#include "app/date.h"
#include "app/evalresults.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db_int.h"
#include "db/search.h"

#define T0 ((int64_t)1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY ((int64_t)86400)

/* ---- building data ---- */

static void
sql(struct fixture *f, const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	char *err = NULL;
	int rc = sqlite3_exec(f->db->conn, text, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", text, err != NULL ? err : "?");
}

static int64_t
last_id(struct fixture *f)
{
	return sqlite3_last_insert_rowid(f->db->conn);
}

/* Questions of the test form (respondent: mentees, on completion). */
struct form {
	int64_t id, v1, qrate, qmulti, qyes, qtext;
};

static struct form
make_form(struct fixture *f, int64_t scheme_id, const char *respondent)
{
	struct form x;
	struct db_evalform fm = {.scheme_id = scheme_id, .title = "After mentoring", .intro = "",
		.kind = "relationship", .respondent = respondent, .trigger_on = "completion",
		.status = "active", .opens_on = "", .closes_on = ""};
	assert_int_equal(db_evalform_add(f->db, &fm, T0, &x.id), ERR_OK);
	assert_int_equal(db_evalversion_add(f->db, x.id, 1, 0, T0, &x.v1), ERR_OK);
	struct db_evalquestion q[] = {
		{.version_id = x.v1, .position = 1, .kind = "rating", .prompt = "How useful was it?",
		    .hint = "", .options = "Poor\nFair\nGood\nVery good\nExcellent"},
		{.version_id = x.v1, .position = 2, .kind = "multiple", .prompt = "What helped?",
		    .hint = "", .options = "=cmd|' /C calc'!A0\nListening, \"really\"\nPlanning"},
		{.version_id = x.v1, .position = 3, .kind = "yes_no", .prompt = "Would you recommend?",
		    .hint = "", .options = ""},
		{.version_id = x.v1, .position = 4, .kind = "text", .prompt = "Anything else?",
		    .hint = "", .options = "", .max_length = 500},
	};
	int64_t *ids[] = {&x.qrate, &x.qmulti, &x.qyes, &x.qtext};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(db_evalquestion_add(f->db, &q[i], ids[i]), ERR_OK);
	return x;
}

/* A new mentee of `mentor` in scheme A with a completed relationship;
 * its id. */
static int64_t
new_pair(struct fixture *f, int64_t mentor, const char *name, int64_t *mentee)
{
	*mentee = testpairs_user(f->db, name, T0);
	db_role_add(f->db, *mentee, f->scheme_a, "mentee", T0);
	assert_int_equal(db_seed_relationship(f->db, f->scheme_a, mentor, *mentee,
	    T0 - 90 * DAY), ERR_OK);
	return last_id(f);
}

/* An evaluation of form x asked of `user` about rel at due_at,
 * answered at `at` (0: not answered) with rating, the multiple options
 * in `multi` (bits 1..3), yes/no (0 none) and text; the response id. */
static int64_t
answer(struct fixture *f, const struct form *x, int64_t rel, int64_t user, const char *role,
    int64_t due_at, int64_t at, int rating, unsigned multi, int yes, const char *text)
{
	sql(f, "INSERT INTO evaluations (form_id, scheme_id, user_id, relationship_id, role, "
	    "occasion, due_at, closes_at, answered_at, created_at) VALUES (%lld, %lld, %lld, "
	    "%lld, '%s', 'completion', %lld, %lld, %s, %lld)", (long long)x->id,
	    (long long)f->scheme_a, (long long)user, (long long)rel, role, (long long)due_at,
	    (long long)(due_at + 28 * DAY), at ? "1" : "NULL", (long long)due_at);
	int64_t eval = last_id(f);
	if (at == 0)
		return 0;
	sql(f, "INSERT INTO eval_responses (evaluation_id, version_id, submitted_at) VALUES "
	    "(%lld, %lld, %lld)", (long long)eval, (long long)x->v1, (long long)at);
	int64_t r = last_id(f);
	if (rating)
		sql(f, "INSERT INTO eval_answers (response_id, question_id, option) VALUES "
		    "(%lld, %lld, %d)", (long long)r, (long long)x->qrate, rating);
	for (int k = 1; k <= 3; k++)
		if (multi & (1u << k))
			sql(f, "INSERT INTO eval_answers (response_id, question_id, option) VALUES "
			    "(%lld, %lld, %d)", (long long)r, (long long)x->qmulti, k);
	if (yes)
		sql(f, "INSERT INTO eval_answers (response_id, question_id, option) VALUES "
		    "(%lld, %lld, %d)", (long long)r, (long long)x->qyes, yes);
	if (text != NULL)
		sql(f, "INSERT INTO eval_answers (response_id, question_id, option, text) VALUES "
		    "(%lld, %lld, 0, '%s')", (long long)r, (long long)x->qtext, text);
	return r;
}

static int
setup(void **state)
{
	return testpairs_setup(state, "evalresults", T0);
}

static int
teardown(void **state)
{
	return testpairs_teardown(state);
}

/* ---- pure ---- */

static void
test_question_fill(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct db_evalquestion q = {.id = 7, .kind = "rating", .prompt = "p",
		.options = "One\nTwo\nThree\nFour\nFive"};
	struct db_evalres_count c[] = {
		{.question_id = 7, .option = -1, .n = 3},
		{.question_id = 7, .option = 2, .n = 1},
		{.question_id = 7, .option = 5, .n = 2},
		{.question_id = 8, .option = 1, .n = 9},   /* another question */
	};
	struct app_evalres_question x;
	app_evalres_question_fill(a, &x, &q, c, 4);
	assert_int_equal(x.answered, 3);
	assert_int_equal(x.nbars, 5);
	assert_int_equal(x.bars[0].n, 0);
	assert_int_equal(x.bars[1].n, 1);
	assert_int_equal(x.bars[1].percent, 33);
	assert_int_equal(x.bars[4].percent, 67);   /* 66.7 rounds up */
	assert_string_equal(x.bars[4].label, "Five");
	assert_string_equal(x.average, "4.0");     /* (2 + 5 + 5) / 3 */

	/* a long label is cut for the chart, not for the table */
	struct db_evalquestion s = {.id = 9, .kind = "single", .prompt = "p",
		.options = "An option label that is far too long to fit a chart\nShort"};
	app_evalres_question_fill(a, &x, &s, NULL, 0);
	assert_int_equal(x.nbars, 2);
	assert_int_equal(x.answered, 0);
	assert_int_equal(x.bars[0].percent, 0);
	assert_string_equal(x.bars[0].short_label, "An option label that is far too\xe2\x80\xa6");
	assert_string_equal(x.bars[1].short_label, "Short");
	assert_string_equal(x.average, "");
	arena_free(a);
}

/* ---- visibility ---- */

static void
test_visibility(void **state)
{
	struct fixture *f = *state;
	struct form x = make_form(f, f->scheme_a, "mentee");
	int64_t r = answer(f, &x, f->rel1, f->ids[MENTEE1], "mentee", T0 - DAY, T0 - 3600, 4,
	    2, 1, "Thank you");
	struct app_evalres_in in = {.form_id = x.id};
	struct app_evalres res;
	struct app_evalres_response one;
	struct app_problems ps = {0};
	const char *csv, *name;
	size_t len;

	/* the scheme's administrator: yes (identifiably) */
	assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &res, &ps), ERR_OK);
	assert_int_equal(res.total, 1);
	assert_string_equal(res.rows[0].name, "Given mentee.one");
	assert_int_equal(app_evalres_response(f->db, f->a, &f->me[ADMIN_A], r, "", &one), ERR_OK);
	assert_string_equal(one.r.mentor_name, "Given mentor.one");
	assert_int_equal(one.nitems, 4);
	assert_string_equal(one.items[0].answers[0], "Very good");
	assert_string_equal(one.items[3].answers[0], "Thank you");
	/* a site administrator too */
	struct app_auth site = f->me[MENTOR2];
	site.is_site_admin = true;
	assert_int_equal(app_evalres_results(f->db, f->a, &site, &in, &res, &ps), ERR_OK);

	/* everyone else: not found, for every administrator function */
	int who[] = {ADMIN_B, MENTOR1, MENTEE1, MENTOR2, MENTEE2};
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		const struct app_auth *me = &f->me[who[i]];
		assert_int_equal(app_evalres_results(f->db, f->a, me, &in, &res, &ps),
		    ERR_NOT_FOUND);
		assert_int_equal(app_evalres_csv(f->db, f->a, me, &in, "", &csv, &len, &name, &ps),
		    ERR_NOT_FOUND);
		assert_int_equal(app_evalres_response(f->db, f->a, me, r, "", &one), ERR_NOT_FOUND);
	}
	assert_int_equal(ps.n, 0);
	/* no such form, version or response */
	in.form_id = x.id + 100;
	assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &res, &ps),
	    ERR_NOT_FOUND);
	in = (struct app_evalres_in){.form_id = x.id, .version = 2};
	assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &res, &ps),
	    ERR_NOT_FOUND);
	assert_int_equal(app_evalres_response(f->db, f->a, &f->me[ADMIN_A], r + 100, "", &one),
	    ERR_NOT_FOUND);

	/* the opening was audited (and only the administrator's) */
	sqlite3_stmt *s;
	sqlite3_prepare_v2(f->db->conn, "SELECT count(*) FROM audit_log WHERE action = "
	    "'evaluation.view'", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);

	/* the mentor's feedback page: mentors only; mentees never */
	struct app_evalres_feedback fb;
	assert_int_equal(app_evalres_feedback(f->db, f->a, &f->me[MENTEE1], &fb), ERR_NOT_FOUND);
	assert_int_equal(app_evalres_feedback(f->db, f->a, &f->me[ADMIN_A], &fb), ERR_NOT_FOUND);
	assert_int_equal(app_evalres_feedback(f->db, f->a, &f->me[MENTOR1], &fb), ERR_OK);
	assert_int_equal(fb.nforms, 1);
	assert_int_equal(fb.forms[0].nv, 0);       /* one mentee: nothing */
}

/* ---- the three-mentee threshold (EVAL-5) ---- */

static int64_t
fb_mentees(struct fixture *f, int who, int64_t *rate_n, int64_t *rating5)
{
	struct app_evalres_feedback fb;
	assert_int_equal(app_evalres_feedback(f->db, f->a, &f->me[who], &fb), ERR_OK);
	assert_int_equal(fb.nforms, 1);
	if (fb.forms[0].nv == 0)
		return 0;
	const struct app_evalres_fb_version *v = &fb.forms[0].v[0];
	/* closed questions only: never the text question */
	assert_int_equal(v->nq, 3);
	for (size_t i = 0; i < v->nq; i++)
		assert_false(v->q[i].is_text);
	*rate_n = v->q[0].answered;
	*rating5 = v->q[0].bars[4].n;
	return v->mentees;
}

static void
test_threshold(void **state)
{
	struct fixture *f = *state;
	struct form x = make_form(f, f->scheme_a, "mentee");
	int64_t n = 0, five = 0, mentee;
	char name[32];

	/* another mentor's mentees never count for mentor one */
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "other.%d", i);
		int64_t rel = new_pair(f, f->ids[MENTOR2], name, &mentee);
		answer(f, &x, rel, mentee, "mentee", T0 - 10 * DAY, T0 - 10 * DAY + i, 1, 0, 0, NULL);
	}
	/* nor mentor one's own answers as a mentor */
	answer(f, &x, f->rel1, f->ids[MENTOR1], "mentor", T0 - 10 * DAY, T0 - 9 * DAY, 5, 0, 0,
	    NULL);
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 0);
	assert_int_equal(fb_mentees(f, MENTOR2, &n, &five), 3);
	assert_int_equal(five, 0);

	/* 2 of mentor one's mentees: nothing */
	answer(f, &x, f->rel1, f->ids[MENTEE1], "mentee", T0 - 8 * DAY, T0 - 8 * DAY, 5, 2, 1, "x");
	int64_t rel = new_pair(f, f->ids[MENTOR1], "m.two", &mentee);
	answer(f, &x, rel, mentee, "mentee", T0 - 7 * DAY, T0 - 7 * DAY, 5, 0, 1, NULL);
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 0);
	/* the same mentee answering again (a second relationship) is still 2 */
	sql(f, "INSERT INTO relationships (scheme_id, mentor_id, mentee_id, status, started_at, "
	    "ended_at, created_at) VALUES (%lld, %lld, %lld, 'completed', %lld, %lld, %lld)",
	    (long long)f->scheme_a, (long long)f->ids[MENTOR1], (long long)mentee,
	    (long long)(T0 - 300 * DAY), (long long)(T0 - 200 * DAY), (long long)(T0 - 300 * DAY));
	int64_t again = last_id(f);
	answer(f, &x, again, mentee, "mentee", T0 - 6 * DAY, T0 - 6 * DAY, 1, 0, 0, NULL);
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 0);

	/* 3 mentees: counts */
	rel = new_pair(f, f->ids[MENTOR1], "m.three", &mentee);
	answer(f, &x, rel, mentee, "mentee", T0 - 5 * DAY, T0 - 5 * DAY, 3, 0, 2, NULL);
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 3);
	assert_int_equal(n, 3);
	assert_int_equal(five, 2);

	/* 4 and 5: still the first three's */
	rel = new_pair(f, f->ids[MENTOR1], "m.four", &mentee);
	answer(f, &x, rel, mentee, "mentee", T0 - 4 * DAY, T0 - 4 * DAY, 5, 0, 1, NULL);
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 3);
	assert_int_equal(five, 2);
	rel = new_pair(f, f->ids[MENTOR1], "m.five", &mentee);
	answer(f, &x, rel, mentee, "mentee", T0 - 3 * DAY, T0 - 3 * DAY, 5, 0, 1, NULL);
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 3);
	assert_int_equal(five, 2);

	/* 6: the six's */
	rel = new_pair(f, f->ids[MENTOR1], "m.six", &mentee);
	answer(f, &x, rel, mentee, "mentee", T0 - 2 * DAY, T0 - 2 * DAY, 5, 0, 1, NULL);
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 6);
	assert_int_equal(n, 6);
	assert_int_equal(five, 5);

	/* a form answered by mentors is never shown as feedback */
	struct form y = make_form(f, f->scheme_a, "mentor");
	(void)y;
	assert_int_equal(fb_mentees(f, MENTOR1, &n, &five), 6);
}

/* EVAL-5: the rule is per question.  An optional question (yes/no
 * here) answered by 1, 2, 3, 4 of the mentees counted for the version:
 * no numbers under 3 (its bars would be one person's choice), then the
 * first 3's only (a 4th answer never shows by difference). */
static void
test_question_threshold(void **state)
{
	struct fixture *f = *state;
	struct form x = make_form(f, f->scheme_a, "mentee");
	int64_t mentee, at = T0 - 30 * DAY;
	char name[32];
	struct app_evalres_feedback fb;
	const struct app_evalres_question *qyes;
	/* yes/no answer of the k-th mentee: 0 skipped */
	static const int yes[] = {1, 0, 0, 2, 1, 2};
	static const int64_t answered_after[] = {0, 0, 0, 0, 3, 3};
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "q.mentee.%d", i);
		int64_t rel = new_pair(f, f->ids[MENTOR1], name, &mentee);
		answer(f, &x, rel, mentee, "mentee", at, at + i * DAY, 4, 0, yes[i], NULL);
		assert_int_equal(app_evalres_feedback(f->db, f->a, &f->me[MENTOR1], &fb), ERR_OK);
		assert_int_equal(fb.nforms, 1);
		if (i < 2) {
			assert_int_equal(fb.forms[0].nv, 0);     /* the page's gate */
			continue;
		}
		assert_int_equal(fb.forms[0].nv, 1);
		assert_int_equal(fb.forms[0].v[0].mentees, i < 5 ? 3 : 6);
		assert_int_equal(fb.forms[0].v[0].q[0].answered, i < 5 ? 3 : 6);  /* rating */
		qyes = &fb.forms[0].v[0].q[2];
		assert_int_equal(qyes->q->id, x.qyes);
		assert_int_equal(qyes->answered, answered_after[i]);
		if (qyes->answered == 0) {
			/* the question answered by 1 (i = 2), then 2 (i = 3) */
			assert_int_equal(qyes->bars[0].n + qyes->bars[1].n, 0);
			continue;
		}
		/* 3 answered (i = 4: yes, no, yes), then 4 (i = 5): still those 3 */
		assert_int_equal(qyes->bars[0].n, 2);
		assert_int_equal(qyes->bars[1].n, 1);
	}
	/* the multiple-choice question nobody answered: nothing either */
	assert_int_equal(fb.forms[0].v[0].q[1].answered, 0);
}

/* The response rate is the form's (any version), whichever version is
 * shown; the version's share is said separately. */
static void
test_rate_versions(void **state)
{
	struct fixture *f = *state;
	struct form x = make_form(f, f->scheme_a, "mentee");
	int64_t v2, q2, mentee;
	assert_int_equal(db_evalversion_add(f->db, x.id, 2, 0, T0, &v2), ERR_OK);
	struct db_evalquestion q = {.version_id = v2, .position = 1, .kind = "yes_no",
		.prompt = "Was it worth it?", .hint = "", .options = ""};
	assert_int_equal(db_evalquestion_add(f->db, &q, &q2), ERR_OK);
	char name[32];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "r.mentee.%d", i);
		int64_t rel = new_pair(f, f->ids[MENTOR1], name, &mentee);
		/* 3 answered version 1, 1 version 2, 1 not answered */
		int64_t r = answer(f, &x, rel, mentee, "mentee", T0 - 10 * DAY,
		    i < 4 ? T0 - 9 * DAY + i : 0, 4, 0, 0, NULL);
		if (i == 3) {
			sql(f, "UPDATE eval_responses SET version_id = %lld WHERE id = %lld",
			    (long long)v2, (long long)r);
			sql(f, "DELETE FROM eval_answers WHERE response_id = %lld", (long long)r);
			sql(f, "INSERT INTO eval_answers (response_id, question_id, option) VALUES "
			    "(%lld, %lld, 1)", (long long)r, (long long)q2);
		}
	}
	struct app_evalres r;
	struct app_problems ps = {0};
	for (int64_t version = 1; version <= 2; version++) {
		struct app_evalres_in in = {.form_id = x.id, .version = version};
		assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &r, &ps),
		    ERR_OK);
		assert_int_equal(r.f.version.version, version);
		assert_int_equal(r.counts.issued, 5);
		assert_int_equal(r.counts.answered, 4);
		assert_int_equal(r.rate, 80);        /* not 60% and 20% */
		assert_int_equal(r.counts.answered_version, version == 1 ? 3 : 1);
	}
	/* the filter's messages name the fields as the page labels them */
	struct app_evalres_in in = {.form_id = x.id, .from = "2026-11-20", .to = "2026-11-01"};
	assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &r, &ps),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "The 'Asked from' date must be the same as or "
	    "before the 'Asked to' date");
}

/* ---- distributions, the rate and the filters ---- */

static void
test_results(void **state)
{
	struct fixture *f = *state;
	struct form x = make_form(f, f->scheme_a, "mentee");
	int64_t mentee;
	int64_t rel3 = new_pair(f, f->ids[MENTOR1], "m.three", &mentee);

	/* asked 20, 10 and 2 days ago; one not answered */
	answer(f, &x, f->rel1, f->ids[MENTEE1], "mentee", T0 - 20 * DAY, T0 - 19 * DAY, 5,
	    (1u << 1) | (1u << 2), 1, "Early");
	answer(f, &x, f->rel2, f->ids[MENTEE2], "mentee", T0 - 10 * DAY, T0 - 9 * DAY, 3,
	    1u << 2, 2, "Middle");
	answer(f, &x, rel3, mentee, "mentee", T0 - 2 * DAY, 0, 0, 0, 0, NULL);

	struct app_evalres_in in = {.form_id = x.id};
	struct app_evalres r;
	struct app_problems ps = {0};
	assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &r, &ps), ERR_OK);
	assert_int_equal(r.counts.issued, 3);
	assert_int_equal(r.counts.answered_version, 2);
	assert_int_equal(r.rate, 67);
	assert_int_equal(r.nq, 4);
	assert_int_equal(r.q[0].answered, 2);
	assert_string_equal(r.q[0].average, "4.0");
	assert_int_equal(r.q[1].answered, 2);     /* multiple: of responses */
	assert_int_equal(r.q[1].bars[0].n, 1);
	assert_int_equal(r.q[1].bars[1].n, 2);
	assert_int_equal(r.q[1].bars[1].percent, 100);
	assert_int_equal(r.q[2].bars[0].n, 1);    /* yes */
	assert_int_equal(r.q[2].bars[1].n, 1);    /* no */
	assert_true(r.q[3].is_text);
	assert_int_equal(r.q[3].ntexts, 2);
	assert_string_equal(r.q[3].texts[0].text, "Middle");     /* newest first */
	assert_string_equal(r.q[3].texts[1].name, "Given mentee.one");
	assert_int_equal(r.total, 2);
	assert_int_equal(r.nmentors, 2);

	/* dates: asked in the last two weeks */
	char from[11], to[11];
	app_day_of(T0 - 14 * DAY, from);
	app_day_of(T0, to);
	in.from = from;
	in.to = to;
	assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &r, &ps), ERR_OK);
	assert_int_equal(r.counts.issued, 2);
	assert_int_equal(r.counts.answered_version, 1);
	assert_int_equal(r.rate, 50);
	assert_int_equal(r.q[0].answered, 1);
	assert_int_equal(r.q[0].bars[2].n, 1);
	assert_int_equal(r.q[3].ntexts, 1);
	assert_string_equal(r.q[3].texts[0].text, "Middle");

	/* the mentor: mentor two's relationship only */
	in = (struct app_evalres_in){.form_id = x.id, .mentor_id = f->ids[MENTOR2]};
	assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &r, &ps), ERR_OK);
	assert_int_equal(r.counts.issued, 1);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.rows[0].mentor_name, "Given mentor.two");
	assert_string_equal(r.mentor_name, "Given mentor.two");

	/* bad input: problems per field, the form still there */
	static const struct {
		const char *from, *to;
		int64_t mentor;
		const char *field;
	} bad[] = {
		{"2026-02-30", "", 0, "from"},
		{"", "tomorrow", 0, "to"},
		{"2026-11-20", "2026-11-01", 0, "from"},
		{"", "", 99999, "mentor"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_problems p = {0};
		in = (struct app_evalres_in){.form_id = x.id, .from = bad[i].from, .to = bad[i].to,
			.mentor_id = bad[i].mentor};
		assert_int_equal(app_evalres_results(f->db, f->a, &f->me[ADMIN_A], &in, &r, &p),
		    ERR_BAD_INPUT);
		assert_true(p.n >= 1);
		assert_string_equal(p.p[0].field, bad[i].field);
		assert_false(r.has_results);
		assert_string_equal(r.f.form.title, "After mentoring");
	}
}

/* ---- the CSV ---- */

static void
test_csv(void **state)
{
	struct fixture *f = *state;
	struct form x = make_form(f, f->scheme_a, "mentee");
	answer(f, &x, f->rel1, f->ids[MENTEE1], "mentee", T0 - 20 * DAY, T0 - 19 * DAY, 5,
	    (1u << 1) | (1u << 2), 1, "Said \"thanks\", twice\nand more");
	answer(f, &x, f->rel2, f->ids[MENTEE2], "mentee", T0 - 10 * DAY, T0 - 9 * DAY, 0,
	    0, 2, "=HYPERLINK(\"http://x\")");
	struct app_evalres_in in = {.form_id = x.id};
	struct app_problems ps = {0};
	const char *csv, *name;
	size_t len;
	assert_int_equal(app_evalres_csv(f->db, f->a, &f->me[ADMIN_A], &in, "127.0.0.1", &csv,
	    &len, &name, &ps), ERR_OK);
	assert_int_equal(strlen(csv), len);
	assert_string_equal(name, "evaluation-1-after-mentoring-v1.csv");
	const char *want =
	    "response,submitted,respondent,role,mentor,mentee,1. How useful was it?,"
	    "2. What helped?,3. Would you recommend?,4. Anything else?\r\n"
	    /* 19 days before 10:00 UTC on 23 November: 4 November, GMT */
	    "1,2026-11-04 10:00,Given mentee.one,mentee,Given mentor.one,Given mentee.one,"
	    "Excellent,\"'=cmd|' /C calc'!A0; Listening, \"\"really\"\"\",Yes,"
	    "\"Said \"\"thanks\"\", twice\nand more\"\r\n"
	    "2,2026-11-14 10:00,Given mentee.two,mentee,Given mentor.two,Given mentee.two,"
	    ",,No,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n";
	assert_string_equal(csv, want);

	/* filtered: the same columns, one row */
	char from[11];
	app_day_of(T0 - 14 * DAY, from);
	in.from = from;
	assert_int_equal(app_evalres_csv(f->db, f->a, &f->me[ADMIN_A], &in, "", &csv, &len, &name,
	    &ps), ERR_OK);
	assert_non_null(strstr(csv, "Given mentee.two"));
	assert_null(strstr(csv, "Given mentee.one"));

	/* each export audited */
	sqlite3_stmt *s;
	sqlite3_prepare_v2(f->db->conn, "SELECT count(*) FROM audit_log WHERE action = "
	    "'evaluation.export'", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 2);
	sqlite3_finalize(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_fill),
		cmocka_unit_test_setup_teardown(test_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_question_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
