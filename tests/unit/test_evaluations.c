/*
 * test_evaluations.c - app/evaluations (EVAL-2, EVAL-3, EVAL-4, EVAL-6):
 * completion creates the mentee's and the mentor's evaluations (never
 * twice, never for a draft form; the mentor who completed it is taken to
 * the form, not emailed); offsets fire on their day and not before, never
 * for days before the form became active, never twice; the four-week
 * window (answerable at 27 days, refused at 28); one reminder at seven
 * days, deferred or not, never twice; the annual review opens one per
 * participant and the job adds joiners; the validation of each question
 * type; the response records the version current at submission; who may
 * read a response (its owner; the mentee only when the mentor shared it).
 * Fixes: the questions are read and checked inside the transaction (an
 * in-place edit or removal is caught, what was typed is carried to the
 * new questions); nobody is asked or reminded once they no longer hold
 * the role; reopening an annual review lengthens its unanswered
 * evaluations again; "about" from the viewer's side; the shared email
 * names the administrators.
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

#include "app/date.h"
#include "app/evaluations.h"
#include "app/relationship.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db_int.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)

enum { P_MENTOR, P_MENTEE, P_ADMIN, P_OTHER_MENTOR, P_OTHER_MENTEE, P__N };

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme;
	int64_t id[P__N];
	struct app_auth me[P__N];
	struct app_view views[P__N];
	int64_t rel;
};


static size_t
mails_to(struct fixture *f, const char *username, const char *subject_part)
{
	return testpeople_mails_to(f->db, f->a, username, subject_part);
}

static int
setup(void **state)
{
	static const char *const names[P__N] = {"mentor", "mentee", "admin", "othermentor",
		"othermentee"};
	static const char *const roles[P__N] = {"mentor", "mentee", "scheme_admin", "mentor",
		"mentee"};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("evaluations", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	for (int i = 0; i < P__N; i++)
		f->id[i] = testpeople_add(f->db, f->scheme, names[i], roles[i], T0, &f->views[i],
		    &f->me[i]);
	if (testpeople_pair(f->db, f->a, f->scheme, f->id[P_MENTOR], f->id[P_MENTEE],
	    f->id[P_ADMIN], &f->rel) != 0)
		return -1;
	clock_set(T0 + DAY);
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

/* The five kinds, in this order: rating (required), single (3 options),
 * multiple (3 options), yes_no (required), text (max 10). */
static const struct db_evalquestion qtemplate[] = {
	{.kind = "rating", .prompt = "How useful were your sessions?", .hint = "",
	    .is_required = true, .options = "Poor\nFair\nGood\nVery good\nExcellent"},
	{.kind = "single", .prompt = "How many sessions?", .hint = "",
	    .options = "1 or 2\n3 to 5\n6 or more"},
	{.kind = "multiple", .prompt = "What helped?", .hint = "", .options = "Time\nAdvice\nGoals"},
	{.kind = "yes_no", .prompt = "Would you recommend it?", .hint = "", .is_required = true,
	    .options = ""},
	{.kind = "text", .prompt = "Anything else?", .hint = "", .options = "", .max_length = 10},
};
#define NQ (sizeof(qtemplate) / sizeof(qtemplate[0]))

/* A version of form_id with the five questions; their ids in q. */
static int64_t
add_version(struct fixture *f, int64_t form_id, int64_t number, int64_t q[NQ])
{
	int64_t v;
	assert_int_equal(db_evalversion_add(f->db, form_id, number, 0, T0, &v), ERR_OK);
	for (size_t i = 0; i < NQ; i++) {
		struct db_evalquestion x = qtemplate[i];
		x.version_id = v;
		x.position = (int64_t)i + 1;
		assert_int_equal(db_evalquestion_add(f->db, &x, &q[i]), ERR_OK);
	}
	return v;
}

static int64_t
add_form(struct fixture *f, const char *respondent, const char *trigger_on, int64_t days,
    const char *status, int64_t active_since, int64_t q[NQ])
{
	bool annual = strcmp(trigger_on, "annual") == 0;
	struct db_evalform x = {.scheme_id = f->scheme, .title = "Feedback", .intro = "",
	    .kind = annual ? "annual" : "relationship", .respondent = respondent,
	    .trigger_on = trigger_on, .trigger_days = days, .status = status,
	    .active_since = active_since, .opens_on = "", .closes_on = ""};
	int64_t id, qq[NQ];
	assert_int_equal(db_evalform_add(f->db, &x, T0, &id), ERR_OK);
	add_version(f, id, 1, q != NULL ? q : qq);
	return id;
}

static void
complete(struct fixture *f)
{
	struct app_problems ps = {0};
	char today[11];
	app_today(today);
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel, today,
	    "", "", &ps), ERR_OK);
}

static void
sql(struct db *db, const char *text)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->conn, text, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sql: %s\n", err ? err : "?");
	sqlite3_free(err);
	assert_int_equal(rc, SQLITE_OK);
}

/* Does the last email to username whose subject has subject_part say
 * `needle`? */
static bool
mail_says(struct fixture *f, const char *username, const char *subject_part,
    const char *needle)
{
	struct db_mail *mail;
	size_t n;
	char to[128];
	const char *text = NULL;
	snprintf(to, sizeof(to), "%s@example.nhs.uk", username);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1000, &mail, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(mail[i].to_addr, to) == 0 && strstr(mail[i].subject, subject_part) != NULL)
			text = mail[i].body_text;
	return text != NULL && strstr(text, needle) != NULL;
}

/* My evaluations of every status in the fixture's scheme. */
static size_t
count_mine(struct fixture *f, int who)
{
	struct db_evaluation *rows;
	size_t n;
	assert_int_equal(db_evals_of_user(f->db, f->a, f->id[who], f->scheme, &rows, &n), ERR_OK);
	return n;
}

static int64_t
first_of(struct fixture *f, int who)
{
	struct db_evaluation *rows;
	size_t n;
	assert_int_equal(db_evals_of_user(f->db, f->a, f->id[who], f->scheme, &rows, &n), ERR_OK);
	assert_true(n > 0);
	return rows[0].id;
}

static struct app_eval_tick
tick(struct fixture *f, int64_t at)
{
	struct app_eval_tick r;
	clock_set(at);
	assert_int_equal(app_evaluations_tick(f->db, at, &r), ERR_OK);
	assert_int_equal(r.failed, 0);
	return r;
}

/* A full, valid set of answers for q. */
static size_t
good_answers(struct fixture *f, const int64_t q[NQ], struct app_eval_value *v)
{
	static const char *const vals[NQ] = {"4", "2", "1", "yes", "Thank you"};
	for (size_t i = 0; i < NQ; i++)
		v[i] = (struct app_eval_value){arena_printf(f->a, "q%lld", (long long)q[i]), vals[i]};
	return NQ;
}

/* EVAL-2, EVAL-3: completion, and the four-week window. */
static void
test_completion(void **state)
{
	struct fixture *f = *state;
	int64_t q[NQ];
	add_form(f, "mentee", "completion", 0, "active", T0, q);
	add_form(f, "mentor", "completion", 0, "active", T0, NULL);
	add_form(f, "mentee", "completion", 0, "draft", 0, NULL);
	add_form(f, "mentee", "after_start", 1, "active", T0, NULL);
	complete(f);
	assert_int_equal(count_mine(f, P_MENTEE), 1);
	assert_int_equal(count_mine(f, P_MENTOR), 1);
	assert_int_equal(count_mine(f, P_OTHER_MENTEE), 0);
	assert_int_equal(mails_to(f, "mentee", "Please answer an evaluation"), 1);
	assert_int_equal(mails_to(f, "mentor", "Please answer an evaluation"), 0);
	/* the mentor goes straight to theirs; the mentee has none to go to */
	int64_t id;
	assert_int_equal(app_eval_after_complete(f->db, f->a, &f->me[P_MENTOR], f->rel, &id),
	    ERR_OK);
	assert_int_equal(id, first_of(f, P_MENTOR));
	assert_int_equal(app_eval_after_complete(f->db, f->a, &f->me[P_MENTEE], f->rel, &id),
	    ERR_OK);
	assert_int_equal(id, 0);
	/* again: nothing new, no second email */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_eval_relationship_completed_tx(f->db, f->a, f->rel, clock_now()),
	    ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(count_mine(f, P_MENTEE), 1);
	assert_int_equal(mails_to(f, "mentee", "Please answer an evaluation"), 1);

	/* the window: answerable at 27 days, closed at 28 */
	int64_t mine = first_of(f, P_MENTEE);
	struct app_eval_page p;
	clock_set(T0 + DAY + 27 * DAY + 3600);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], mine, &p), ERR_OK);
	assert_true(p.is_open);
	clock_set(T0 + DAY + 28 * DAY);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], mine, &p), ERR_OK);
	assert_false(p.is_open);
	assert_true(p.is_closed);
	struct app_eval_value v[NQ];
	struct app_problems ps = {0};
	size_t nv = good_answers(f, q, v);
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], mine, v, nv, NULL, false,
	    "", &ps, &p), ERR_CONFLICT);
	assert_non_null(strstr(ps.p[0].message, "closed on"));
	ps.n = 0;
	assert_int_equal(app_eval_defer(f->db, f->a, &f->me[P_MENTEE], mine, &ps, &p),
	    ERR_CONFLICT);
}

/* An early ending creates no completion evaluations. */
static void
test_early_ending(void **state)
{
	struct fixture *f = *state;
	add_form(f, "mentee", "completion", 0, "active", T0, NULL);
	struct app_problems ps = {0};
	int64_t new_id;
	struct app_end_early in = {.note = "rota", .assign_new = false};
	assert_int_equal(app_relationship_end_early(f->db, f->a, &f->me[P_ADMIN], f->rel, &in,
	    "", &ps, &new_id), ERR_OK);
	assert_int_equal(count_mine(f, P_MENTEE), 0);
}

/* EVAL-2: offsets from the start and before the end; not before their
 * day, never for days before active_since, never twice. */
static void
test_offsets(void **state)
{
	struct fixture *f = *state;
	add_form(f, "mentee", "after_start", 30, "active", T0, NULL);
	/* active only from day 20: its day (start + 10) is before, never fires */
	add_form(f, "mentor", "after_start", 10, "active", T0 + 20 * DAY, NULL);
	assert_int_equal(tick(f, T0 + 29 * DAY).created, 0);
	assert_int_equal(count_mine(f, P_MENTEE), 0);
	assert_int_equal(tick(f, T0 + 30 * DAY).created, 1);
	assert_int_equal(count_mine(f, P_MENTEE), 1);
	assert_int_equal(mails_to(f, "mentee", "Please answer"), 1);
	assert_int_equal(tick(f, T0 + 31 * DAY).created, 0);
	assert_int_equal(count_mine(f, P_MENTOR), 0);

	/* 14 days before the estimated end, for the mentor */
	struct app_problems ps = {0};
	char end[11];
	app_day_of(T0 + 60 * DAY, end);
	assert_int_equal(app_relationship_set_end(f->db, f->a, &f->me[P_MENTOR], f->rel, end, "",
	    &ps), ERR_OK);
	add_form(f, "mentor", "before_end", 14, "active", T0, NULL);
	assert_int_equal(tick(f, T0 + 45 * DAY).created, 0);
	assert_int_equal(tick(f, T0 + 46 * DAY).created, 1);
	assert_int_equal(count_mine(f, P_MENTOR), 1);
	assert_int_equal(tick(f, T0 + 47 * DAY).created, 0);

	/* 5 days after the end; and one 0 days after, activated long after
	 * the end (its day is before active_since: never back-filled) */
	complete(f);
	int64_t done = clock_now();
	add_form(f, "mentee", "after_end", 5, "active", T0, NULL);
	add_form(f, "mentor", "after_end", 0, "active", done + 2 * DAY, NULL);
	assert_int_equal(tick(f, done + 4 * DAY).created, 0);
	assert_int_equal(tick(f, done + 5 * DAY).created, 1);
	assert_int_equal(count_mine(f, P_MENTEE), 2);
	assert_int_equal(count_mine(f, P_MENTOR), 1);
}

/* EVAL-2: one reminder at seven days, deferred or not, never twice. */
static void
test_reminder(void **state)
{
	struct fixture *f = *state;
	add_form(f, "mentee", "completion", 0, "active", T0, NULL);
	add_form(f, "mentor", "completion", 0, "active", T0, NULL);
	complete(f);
	int64_t due = clock_now();
	struct app_problems ps = {0};
	struct app_eval_page p;
	assert_int_equal(app_eval_defer(f->db, f->a, &f->me[P_MENTOR], first_of(f, P_MENTOR),
	    &ps, &p), ERR_OK);
	assert_int_equal(tick(f, due + 7 * DAY - 60).reminded, 0);
	assert_int_equal(tick(f, due + 7 * DAY).reminded, 2);
	assert_int_equal(mails_to(f, "mentee", "Reminder"), 1);
	assert_int_equal(mails_to(f, "mentor", "Reminder"), 1);
	assert_int_equal(tick(f, due + 8 * DAY).reminded, 0);
	assert_int_equal(tick(f, due + 20 * DAY).reminded, 0);
	assert_int_equal(mails_to(f, "mentee", "Reminder"), 1);
}

/* EVAL-6: the annual review opens one per participant (a person asked
 * once); the job adds people who join while it is open. */
static void
test_annual(void **state)
{
	struct fixture *f = *state;
	int64_t q[NQ];
	int64_t id = add_form(f, "everyone", "annual", 0, "active", T0, q);
	char opens[11], closes[11];
	app_day_of(T0 + DAY, opens);
	app_day_of(T0 + 15 * DAY, closes);
	struct db_evalform form;
	assert_int_equal(db_evalform_get(f->db, f->a, id, &form), ERR_OK);
	form.opens_on = opens;
	form.closes_on = closes;
	/* the mentor is a mentee too: asked once */
	db_role_add(f->db, f->id[P_MENTOR], f->scheme, "mentee", T0);
	size_t created;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_eval_open_annual_tx(f->db, f->a, &form, clock_now(), &created),
	    ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(created, 4);      /* mentor, mentee, other mentor, other mentee */
	assert_int_equal(count_mine(f, P_MENTOR), 1);
	assert_int_equal(count_mine(f, P_ADMIN), 0);
	assert_int_equal(mails_to(f, "othermentee", "Please answer"), 1);
	/* again: nobody twice */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_eval_open_annual_tx(f->db, f->a, &form, clock_now(), &created),
	    ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(created, 0);
	/* the job sees the period only once it is stored */
	assert_int_equal(tick(f, T0 + 2 * DAY).created, 0);
	int64_t joiner = testdb_user(f->db, "joiner", T0);
	db_role_add(f->db, joiner, f->scheme, "mentee", T0 + 2 * DAY);
	assert_int_equal(tick(f, T0 + 3 * DAY).created, 0);   /* no stored period yet */
	/* store the period as the builder does, then the job adds the joiner */
	struct db_evalform stored = form;
	int64_t id2;
	stored.title = "Annual review 2";
	assert_int_equal(db_evalform_add(f->db, &stored, T0, &id2), ERR_OK);
	int64_t q2[NQ];
	add_version(f, id2, 1, q2);
	assert_int_equal(tick(f, T0 + 3 * DAY).created, 5);    /* everyone, for the new form */
	assert_int_equal(tick(f, T0 + 4 * DAY).created, 0);
	assert_int_equal(mails_to(f, "joiner", "Please answer"), 1);
	/* closes at the end of closes_on (Europe/London: GMT in December) */
	struct db_evaluation *rows;
	size_t n;
	assert_int_equal(db_evals_of_user(f->db, f->a, f->id[P_MENTEE], f->scheme, &rows, &n),
	    ERR_OK);
	char day[11];
	app_day_of(rows[0].closes_at - 1, day);
	assert_string_equal(day, closes);
	/* after the period: nobody new */
	int64_t late = testdb_user(f->db, "late", T0);
	db_role_add(f->db, late, f->scheme, "mentor", T0);
	assert_int_equal(tick(f, T0 + 16 * DAY).created, 0);
}

/* Each question type's good and bad values, required ones, length. */
static void
test_validation(void **state)
{
	struct fixture *f = *state;
	struct db_evalquestion q[NQ];
	for (size_t i = 0; i < NQ; i++) {
		q[i] = qtemplate[i];
		q[i].id = (int64_t)i + 11;
	}
	static const struct {
		const char *name, *value;   /* one input besides the required ones */
		bool ok;
		const char *field, *message;
	} cases[] = {
		{"q11", "5", true, NULL, NULL},
		{"q11", "0", false, "q11", "Select one of the answers given for 'How useful"},
		{"q11", "6", false, "q11", "Select one of the answers given"},
		{"q11", "two", false, "q11", "Select one of the answers given"},
		{"q12", "3", true, NULL, NULL},
		{"q12", "4", false, "q12", "Select one of the answers given for 'How many"},
		{"q13", "3", true, NULL, NULL},
		{"q13", "9", false, "q13", "Select one of the answers given"},
		{"q14", "no", true, NULL, NULL},
		{"q14", "maybe", false, "q14", "Select one of the answers given"},
		{"q15", "  eleven chars ", false, "q15", "must be 10 characters or fewer"},
		{"q15", "  ten  ", true, NULL, NULL},
		{"q15", "αβγδεζηθικ", true, NULL, NULL},       /* 10 characters, 20 bytes */
		{"q99", "1", false, APP_EVAL_FIELD_QUESTIONS, APP_EVAL_CHANGED},
		{"x11", "1", false, APP_EVAL_FIELD_QUESTIONS, APP_EVAL_CHANGED},
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct app_eval_value v[4] = {{"q11", "3"}, {"q14", "yes"}, {cases[c].name,
		    cases[c].value}};
		size_t nv = strcmp(cases[c].name, "q11") == 0 || strcmp(cases[c].name, "q14") == 0 ?
		    2 : 3;
		if (nv == 2)
			v[strcmp(cases[c].name, "q11") == 0 ? 0 : 1].value = cases[c].value;
		struct app_problems ps = {0};
		struct app_eval_answer_in *rows;
		size_t n;
		enum err rc = app_eval_check(f->a, q, NQ, v, nv, &ps, &rows, &n);
		if (cases[c].ok) {
			assert_int_equal(rc, ERR_OK);
			assert_int_equal(n, nv);
		} else {
			assert_int_equal(rc, ERR_BAD_INPUT);
			assert_string_equal(ps.p[0].field, cases[c].field);
			assert_non_null(strstr(ps.p[0].message, cases[c].message));
		}
	}
	/* required ones missing: each named */
	struct app_problems ps = {0};
	struct app_eval_answer_in *rows;
	size_t n;
	assert_int_equal(app_eval_check(f->a, q, NQ, NULL, 0, &ps, &rows, &n), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 2);
	assert_string_equal(ps.p[0].message, "Select an answer to 'How useful were your sessions?'");
	assert_string_equal(ps.p[1].field, "q14");
	/* multiple: several options, stored one row each; a repeat refused */
	struct app_eval_value m[] = {{"q11", "1"}, {"q14", "yes"}, {"q13", "1"}, {"q13", "3"},
		{"q15", "  hi "}};
	ps.n = 0;
	assert_int_equal(app_eval_check(f->a, q, NQ, m, 5, &ps, &rows, &n), ERR_OK);
	assert_int_equal(n, 5);
	assert_int_equal(rows[1].question_id, 13);
	assert_int_equal(rows[3].option, 1);         /* yes */
	assert_string_equal(rows[4].text, "hi");
	m[3].value = "1";
	assert_int_equal(app_eval_check(f->a, q, NQ, m, 5, &ps, &rows, &n), ERR_BAD_INPUT);
	/* two values for a single choice */
	struct app_eval_value two[] = {{"q11", "1"}, {"q11", "2"}, {"q14", "no"}};
	ps.n = 0;
	assert_int_equal(app_eval_check(f->a, q, NQ, two, 3, &ps, &rows, &n), ERR_BAD_INPUT);
	assert_non_null(strstr(ps.p[0].message, "Select only one answer"));
	/* an empty optional text or choice is no row */
	struct app_eval_value empty[] = {{"q11", "1"}, {"q14", "no"}, {"q15", "   "},
		{"q12", ""}};
	ps.n = 0;
	assert_int_equal(app_eval_check(f->a, q, NQ, empty, 4, &ps, &rows, &n), ERR_OK);
	assert_int_equal(n, 2);
}

/* The response records the version current at submission. */
static void
test_version(void **state)
{
	struct fixture *f = *state;
	int64_t q1[NQ], q2[NQ];
	int64_t form = add_form(f, "mentee", "completion", 0, "active", T0, q1);
	complete(f);
	int64_t id = first_of(f, P_MENTEE);
	/* the administrator changes the form: version 2 */
	int64_t v2 = add_version(f, form, 2, q2);
	struct app_eval_value v[NQ];
	struct app_problems ps = {0};
	struct app_eval_page p;
	size_t nv = good_answers(f, q1, v);
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, v, nv, NULL, false,
	    "", &ps, &p), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, APP_EVAL_CHANGED);
	ps.n = 0;
	nv = good_answers(f, q2, v);
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, v, nv, NULL, false,
	    "", &ps, &p), ERR_OK);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], id, &p), ERR_OK);
	assert_int_equal(p.e.version_id, v2);
	assert_int_equal(p.nanswers, NQ);
	assert_int_equal(p.form.version.id, v2);
	/* a second answer is refused */
	ps.n = 0;
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, v, nv, NULL, false,
	    "", &ps, &p), ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_EVAL_ANSWERED);
}

/* EVAL-4: who may read a response. */
static void
test_sharing(void **state)
{
	struct fixture *f = *state;
	int64_t qm[NQ], qe[NQ];
	add_form(f, "mentor", "completion", 0, "active", T0, qm);
	add_form(f, "mentee", "completion", 0, "active", T0, qe);
	complete(f);
	int64_t mentor_eval = first_of(f, P_MENTOR), mentee_eval = first_of(f, P_MENTEE);
	struct app_eval_value v[NQ];
	struct app_problems ps = {0};
	struct app_eval_page p;
	size_t nv = good_answers(f, qm, v);
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTOR], mentor_eval, v, nv,
	    NULL, false, "", &ps, &p), ERR_OK);
	nv = good_answers(f, qe, v);
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], mentee_eval, v, nv,
	    NULL, true, "", &ps, &p), ERR_OK);
	/* unshared: only the owner */
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTOR], mentor_eval, &p), ERR_OK);
	assert_true(p.is_mine);
	for (int who = P_MENTEE; who < P__N; who++)
		assert_int_equal(app_eval_page(f->db, f->a, &f->me[who], mentor_eval, &p),
		    ERR_NOT_FOUND);
	/* the mentee's own: never the mentor's, never shareable (the share
	 * asked when answering was ignored) */
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTOR], mentee_eval, &p),
	    ERR_NOT_FOUND);
	assert_int_equal(app_eval_share(f->db, f->a, &f->me[P_MENTEE], mentee_eval, true, "",
	    &ps), ERR_CONFLICT);
	assert_int_equal(app_eval_share(f->db, f->a, &f->me[P_MENTEE], mentor_eval, true, "",
	    &ps), ERR_NOT_FOUND);
	/* shared: the mentee reads it, read-only; nobody else */
	assert_int_equal(app_eval_share(f->db, f->a, &f->me[P_MENTOR], mentor_eval, true, "",
	    &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentee", "shared their evaluation"), 1);
	/* EVAL-4: administrators can read it too, and the email says so */
	assert_true(mail_says(f, "mentee", "shared their evaluation",
	    "Only you, mentor Tester and your scheme's administrators can read them."));
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], mentor_eval, &p), ERR_OK);
	assert_true(p.is_shared_view);
	/* named from the viewer's side */
	assert_string_equal(app_eval_about(f->a, &p.e, f->id[P_MENTEE]),
	    "mentor Tester's evaluation of your mentoring");
	assert_string_equal(app_eval_about(f->a, &p.e, f->id[P_MENTOR]),
	    "Your mentoring with mentee Tester");
	/* the shared ones are read for the Evaluations page only */
	struct app_eval_mine mine;
	assert_int_equal(app_evals_mine(f->db, f->a, &f->me[P_MENTEE], true, &mine), ERR_OK);
	assert_int_equal(mine.nshared, 1);
	assert_int_equal(app_evals_mine(f->db, f->a, &f->me[P_MENTEE], false, &mine), ERR_OK);
	assert_int_equal(mine.nshared, 0);
	assert_int_equal(mine.n, 1);
	assert_false(p.is_mine);
	assert_int_equal(p.nanswers, NQ);
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], mentor_eval, v, nv,
	    NULL, false, "", &ps, &p), ERR_NOT_FOUND);
	for (int who = P_ADMIN; who < P__N; who++)
		assert_int_equal(app_eval_page(f->db, f->a, &f->me[who], mentor_eval, &p),
		    ERR_NOT_FOUND);
	struct db_evaluation *rows;
	size_t n;
	assert_int_equal(app_evals_of_rel(f->db, f->a, &f->me[P_MENTEE], f->rel, &rows, &n),
	    ERR_OK);
	assert_int_equal(n, 2);      /* hers and the mentor's shared one */
	/* unshared again, then shared again: no second email */
	assert_int_equal(app_eval_share(f->db, f->a, &f->me[P_MENTOR], mentor_eval, false, "",
	    &ps), ERR_OK);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], mentor_eval, &p),
	    ERR_NOT_FOUND);
	assert_int_equal(app_evals_of_rel(f->db, f->a, &f->me[P_MENTEE], f->rel, &rows, &n),
	    ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_eval_share(f->db, f->a, &f->me[P_MENTOR], mentor_eval, true, "",
	    &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentee", "shared their evaluation"), 1);
	/* administrators see nothing on the relationship page */
	assert_int_equal(app_evals_of_rel(f->db, f->a, &f->me[P_ADMIN], f->rel, &rows, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
}

/* The value typed for field name in p->typed, or NULL. */
static const char *
typed_of(const struct app_eval_page *p, int64_t qid)
{
	char name[32];
	snprintf(name, sizeof(name), "q%lld", (long long)qid);
	for (size_t i = 0; i < p->ntyped; i++)
		if (strcmp(p->typed[i].name, name) == 0)
			return p->typed[i].value;
	return NULL;
}

/* Issue 9 fix 2: a version nobody answered, edited in place while the
 * page is open: the values are checked against the questions as they are
 * inside the transaction (an option past the new list refused, a removed
 * question 422 not a foreign key failure), and the page's key tells a
 * change of wording. */
static void
test_edited_in_place(void **state)
{
	struct fixture *f = *state;
	int64_t q[NQ];
	add_form(f, "mentee", "completion", 0, "active", T0, q);
	complete(f);
	int64_t id = first_of(f, P_MENTEE);
	struct app_eval_page p;
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], id, &p), ERR_OK);
	const char *seen = app_eval_questions_key(f->a, &p.form);
	assert_int_equal(strlen(seen), 16);
	assert_string_equal(seen, app_eval_questions_key(f->a, &p.form));
	/* the administrator removes the single choice's third option */
	struct db_evalquestion single = qtemplate[1];
	single.id = q[1];
	single.options = "1 or 2\n3 to 5";
	assert_int_equal(db_evalquestion_update(f->db, &single), ERR_OK);
	struct app_eval_value v[NQ];
	size_t nv = good_answers(f, q, v);
	v[1].value = "3";
	struct app_problems ps = {0};
	/* no key (an API client): checked against the options as they are */
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, v, nv, NULL, false,
	    "", &ps, &p), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, arena_printf(f->a, "q%lld", (long long)q[1]));
	assert_non_null(strstr(ps.p[0].message, "Select one of the answers given"));
	/* the page's key: the wording changed, say so, keep what was typed */
	v[1].value = "2";
	ps.n = 0;
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, v, nv, seen, false,
	    "", &ps, &p), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, APP_EVAL_FIELD_QUESTIONS);
	assert_string_equal(ps.p[0].message, APP_EVAL_CHANGED);
	assert_string_equal(typed_of(&p, q[1]), "2");
	assert_string_equal(typed_of(&p, q[4]), "Thank you");
	/* a question removed in place: 422 with the rest kept, not a 500 */
	assert_int_equal(db_evalquestion_delete(f->db, q[2], p.form.version.id, 3), ERR_OK);
	ps.n = 0;
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, v, nv, NULL, false,
	    "", &ps, &p), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, APP_EVAL_CHANGED);
	assert_null(typed_of(&p, q[2]));
	assert_string_equal(typed_of(&p, q[0]), "4");
	assert_int_equal(p.form.nq, NQ - 1);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], id, &p), ERR_OK);
	assert_int_equal(p.e.response_id, 0);
	/* answered against the questions as they are now: stored */
	struct app_eval_value w[] = {v[0], v[1], v[3], v[4]};
	ps.n = 0;
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, w, 4,
	    app_eval_questions_key(f->a, &p.form), false, "", &ps, &p), ERR_OK);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], id, &p), ERR_OK);
	assert_int_equal(p.nanswers, 4);
}

/* Issue 9 fix 2: a copied version (new question ids): what was typed is
 * carried to the question with the same kind and wording, else the same
 * kind at the same position; the answer to a removed question dropped. */
static void
test_carried(void **state)
{
	struct fixture *f = *state;
	int64_t q1[NQ];
	int64_t form = add_form(f, "mentee", "completion", 0, "active", T0, q1);
	complete(f);
	int64_t id = first_of(f, P_MENTEE);
	/* version 2: the single choice removed (the rest move up), the
	 * rating reworded (still first) */
	int64_t v2, q2[NQ - 1];
	assert_int_equal(db_evalversion_add(f->db, form, 2, 0, T0, &v2), ERR_OK);
	static const size_t keep[] = {0, 2, 3, 4};
	for (size_t i = 0; i < 4; i++) {
		struct db_evalquestion x = qtemplate[keep[i]];
		x.version_id = v2;
		x.position = (int64_t)i + 1;
		if (keep[i] == 0)
			x.prompt = "How useful was mentoring?";
		assert_int_equal(db_evalquestion_add(f->db, &x, &q2[i]), ERR_OK);
	}
	struct app_eval_value v[NQ];
	size_t nv = good_answers(f, q1, v);
	struct app_problems ps = {0};
	struct app_eval_page p;
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTEE], id, v, nv, NULL, false,
	    "", &ps, &p), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, APP_EVAL_FIELD_QUESTIONS);
	assert_string_equal(ps.p[0].message, APP_EVAL_CHANGED);
	assert_int_equal(ps.n, 1);           /* every required answer carried */
	assert_int_equal(p.form.version.id, v2);
	assert_string_equal(typed_of(&p, q2[0]), "4");          /* reworded: by position */
	assert_string_equal(typed_of(&p, q2[1]), "1");          /* moved up: by wording */
	assert_string_equal(typed_of(&p, q2[2]), "yes");
	assert_string_equal(typed_of(&p, q2[3]), "Thank you");
	assert_int_equal(p.ntyped, 4);                          /* the single's dropped */
}

/* Issue 9 fix 3: nobody is asked or reminded once they no longer hold
 * the role in the form's scheme. */
static void
test_role_removed(void **state)
{
	struct fixture *f = *state;
	add_form(f, "mentee", "completion", 0, "active", T0, NULL);
	add_form(f, "mentor", "completion", 0, "active", T0, NULL);
	add_form(f, "mentee", "after_start", 3, "active", T0, NULL);
	/* the other mentee, no longer a mentee: not asked by the offsets */
	struct app_rel_new in = {
		.scheme_id = f->scheme, .mentor_id = f->id[P_OTHER_MENTOR],
		.mentee_id = f->id[P_OTHER_MENTEE], .origin = "assignment",
		.assigned_by = f->id[P_ADMIN], .override_reason = "", .first_session = "",
		.actor_id = f->id[P_ADMIN], .ip = "",
	};
	int64_t other;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_relationship_create_tx(f->db, f->a, &in, &other), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	sql(f->db, arena_printf(f->a, "DELETE FROM user_roles WHERE user_id = %lld",
	    (long long)f->id[P_OTHER_MENTEE]));
	assert_int_equal(tick(f, T0 + 5 * DAY).created, 1);      /* the mentee only */
	assert_int_equal(count_mine(f, P_OTHER_MENTEE), 0);
	/* the mentee leaves the role before completion: only the mentor asked */
	sql(f->db, arena_printf(f->a, "DELETE FROM user_roles WHERE user_id = %lld",
	    (long long)f->id[P_MENTEE]));
	clock_set(T0 + 6 * DAY);
	complete(f);
	assert_int_equal(count_mine(f, P_MENTEE), 1);            /* the offset's only */
	assert_int_equal(count_mine(f, P_MENTOR), 1);
	/* the mentor leaves it after: no reminder */
	sql(f->db, arena_printf(f->a, "DELETE FROM user_roles WHERE user_id = %lld "
	    "AND role = 'mentor'", (long long)f->id[P_MENTOR]));
	assert_int_equal(tick(f, T0 + 14 * DAY).reminded, 0);
	assert_int_equal(mails_to(f, "mentor", "Reminder"), 0);
	assert_int_equal(mails_to(f, "mentee", "Reminder"), 0);
}

/* Issue 9 fix 4: an annual review closed early and reopened with the
 * same opening day: the unanswered evaluations close at the new end
 * again; the answered ones are untouched; nobody asked twice. */
static void
test_annual_reopened(void **state)
{
	struct fixture *f = *state;
	int64_t q[NQ];
	int64_t id = add_form(f, "everyone", "annual", 0, "active", T0, q);
	char opens[11], closes[11], later[11];
	app_day_of(T0 + DAY, opens);
	app_day_of(T0 + 15 * DAY, closes);
	app_day_of(T0 + 40 * DAY, later);
	struct db_evalform form;
	assert_int_equal(db_evalform_get(f->db, f->a, id, &form), ERR_OK);
	form.opens_on = opens;
	form.closes_on = closes;
	size_t created;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_eval_open_annual_tx(f->db, f->a, &form, clock_now(), &created),
	    ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(created, 4);
	/* the mentor answers; then the review is closed now */
	struct app_eval_value v[NQ];
	struct app_problems ps = {0};
	struct app_eval_page p;
	size_t nv = good_answers(f, q, v);
	int64_t mentor_eval = first_of(f, P_MENTOR), mentee_eval = first_of(f, P_MENTEE);
	assert_int_equal(app_eval_answer(f->db, f->a, &f->me[P_MENTOR], mentor_eval, v, nv, NULL,
	    false, "", &ps, &p), ERR_OK);
	clock_set(T0 + 2 * DAY);
	int64_t ended;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(db_evalform_end_unanswered(f->db, id, clock_now(), &ended), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(ended, 3);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], mentee_eval, &p), ERR_OK);
	assert_false(p.is_open);
	int64_t answered_closes = 0;
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTOR], mentor_eval, &p), ERR_OK);
	answered_closes = p.e.closes_at;
	/* reopened, same opening day, a later end */
	clock_set(T0 + 3 * DAY);
	form.closes_on = later;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_eval_open_annual_tx(f->db, f->a, &form, clock_now(), &created),
	    ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(created, 0);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTEE], mentee_eval, &p), ERR_OK);
	assert_true(p.is_open);
	char day[11];
	app_day_of(p.e.closes_at - 1, day);
	assert_string_equal(day, later);
	assert_int_equal(app_eval_page(f->db, f->a, &f->me[P_MENTOR], mentor_eval, &p), ERR_OK);
	assert_int_equal(p.e.closes_at, answered_closes);
	assert_int_equal(mails_to(f, "mentee", "Please answer"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_early_ending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reminder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_annual, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sharing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_annual_reopened, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
