/*
 * test_evalforms.c - the form builder (app/evalforms.c, EVAL-1, EVAL-6):
 * validation per question kind and of the settings; versioning (a
 * response to v1 stays with v1: editing, adding, moving and removing
 * make v2 with the change, v1's questions unchanged); refusals for
 * another scheme's administrator and participants (ERR_NOT_FOUND).
 * Responses are written with raw SQL on the test's connection, so the
 * test does not depend on the answering module.
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

#include "app/app.h"
#include "app/evalforms.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db_int.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure rules ---- */

static void
test_question_validation(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct {
		struct app_evalq_in in;
		const char *field, *message;
	} cases[] = {
		{{.kind = "rating", .prompt = "Q", .required = "yes",
		    .labels = {"a", "b", "c", "d", "e"}}, NULL, NULL},
		{{.kind = "rating", .prompt = "Q", .required = "yes",
		    .labels = {"a", "b", "", "d", "e"}}, "label_3", "Enter the label for 3"},
		{{.kind = "single", .prompt = "Q", .required = "no", .options = "A\n\nB\n"},
		    NULL, NULL},
		{{.kind = "single", .prompt = "Q", .required = "no", .options = "A"}, "options",
		    "Enter at least 2 options, one on each line"},
		{{.kind = "multiple", .prompt = "Q", .required = "no", .options = "A\r\nB\r\n A "},
		    "options", "Each option must be different: remove the repeated one"},
		{{.kind = "yes_no", .prompt = "", .required = "no"}, "prompt", "Enter the question"},
		{{.kind = "yes_no", .prompt = "Q", .required = ""}, "required",
		    "Select whether an answer is required"},
		{{.kind = "text", .prompt = "Q", .required = "no", .max_length = "0"}, "max_length",
		    "The longest answer must be a whole number of characters from 1 to 4000"},
		{{.kind = "text", .prompt = "Q", .required = "no", .max_length = "4001"},
		    "max_length",
		    "The longest answer must be a whole number of characters from 1 to 4000"},
		{{.kind = "essay", .prompt = "Q", .required = "no"}, "kind",
		    "Select the type of question"},
		/* an unknown kind: only the kind is reported (the page comes
		 * back as the kind chooser, with no prompt or required field) */
		{{.kind = "bogus", .prompt = "", .required = ""}, "kind",
		    "Select the type of question"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		struct db_evalquestion q;
		app_evalq_check(a, &cases[i].in, &ps, &q);
		if (cases[i].field == NULL) {
			assert_int_equal(ps.n, 0);
			continue;
		}
		assert_int_equal(ps.n, 1);
		assert_string_equal(ps.p[0].field, cases[i].field);
		assert_string_equal(ps.p[0].message, cases[i].message);
	}
	/* stored forms: trimmed, one per line, the text default 2000 */
	struct app_problems ps = {0};
	struct db_evalquestion q;
	struct app_evalq_in in = {.kind = "single", .prompt = "Q", .required = "yes",
		.options = " A \r\n\r\nB"};
	app_evalq_check(a, &in, &ps, &q);
	assert_string_equal(q.options, "A\nB");
	assert_true(q.is_required);
	struct app_evalq_in t = {.kind = "text", .prompt = "Q", .required = "no"};
	app_evalq_check(a, &t, &ps, &q);
	assert_int_equal(q.max_length, 2000);
	/* 21 options */
	char many[400] = "";
	for (int i = 0; i < 21; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "Option %d\n", i);
	struct app_problems p2 = {0};
	struct app_evalq_in m = {.kind = "multiple", .prompt = "Q", .required = "no",
		.options = many};
	app_evalq_check(a, &m, &p2, &q);
	assert_int_equal(p2.n, 1);
	assert_string_equal(p2.p[0].message, "Enter 20 options or fewer");
	arena_free(a);
}

static void
test_settings_validation(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct {
		struct app_evalform_in in;
		const char *field, *message;
	} cases[] = {
		{{.title = "T", .kind = "relationship", .respondent = "mentee",
		    .trigger_on = "completion", .trigger_days = ""}, NULL, NULL},
		{{.title = "T", .kind = "relationship", .respondent = "mentee",
		    .trigger_on = "completion", .trigger_days = "3"}, "trigger_days",
		    "A form asked on completion has no number of days: leave it empty or enter 0"},
		{{.title = "T", .kind = "relationship", .respondent = "mentor",
		    .trigger_on = "after_start", .trigger_days = ""}, "trigger_days",
		    "Enter the number of days"},
		{{.title = "T", .kind = "relationship", .respondent = "mentor",
		    .trigger_on = "after_end", .trigger_days = "3651"}, "trigger_days",
		    "The number of days must be a whole number from 0 to 3650"},
		{{.title = "T", .kind = "relationship", .respondent = "everyone",
		    .trigger_on = "before_end", .trigger_days = "14"}, "respondent",
		    "Only the annual review can ask every participant: select mentees or mentors"},
		{{.title = "T", .kind = "annual", .respondent = "everyone"}, NULL, NULL},
		{{.title = " ", .kind = "annual", .respondent = "mentor"}, "title", "Enter a title"},
		{{.title = "T", .kind = "relationship", .respondent = "mentee", .trigger_on = "x"},
		    "trigger_on", "Select when the form is asked"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		struct db_evalform f;
		app_evalform_check(a, &cases[i].in, &ps, &f);
		if (cases[i].field == NULL) {
			assert_int_equal(ps.n, 0);
			continue;
		}
		assert_int_equal(ps.n, 1);
		assert_string_equal(ps.p[0].field, cases[i].field);
		assert_string_equal(ps.p[0].message, cases[i].message);
	}
	arena_free(a);
}

/* ---- with a database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b, admin_a, admin_b, mentee;
	struct app_view v_admin_a[1], v_admin_b[1], v_mentee[1];
	struct app_auth admin_a_me, admin_b_me, mentee_me;
};

static int64_t
make_user(struct db *db, const char *username)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {.username = username, .email = email, .given_name = "Given",
		.family_name = "Family", .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = T0};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static struct app_auth
auth_for(int64_t id, struct app_view *v, int64_t scheme, const char *role)
{
	v->scheme_id = scheme;
	v->scheme_name = "Scheme";
	v->role = role;
	v->label = role;
	struct app_auth me = {.user_id = id, .username = "someone",
		.display_name = "Given Family", .email = "someone@example.nhs.uk",
		.views = v, .nviews = 1, .active = v};
	return me;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("evalforms", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a");
	f->admin_b = make_user(f->db, "admin.b");
	f->mentee = make_user(f->db, "mentee.one");
	db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0);
	db_role_add(f->db, f->admin_b, f->scheme_b, "scheme_admin", T0);
	db_role_add(f->db, f->mentee, f->scheme_a, "mentee", T0);
	f->admin_a_me = auth_for(f->admin_a, f->v_admin_a, f->scheme_a, "scheme_admin");
	f->admin_b_me = auth_for(f->admin_b, f->v_admin_b, f->scheme_b, "scheme_admin");
	f->mentee_me = auth_for(f->mentee, f->v_mentee, f->scheme_a, "mentee");
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
	return 0;
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

static int64_t
sql_int(struct db *db, const char *text)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db->conn, text, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* A response by the mentee to the form's current version. */
static void
respond(struct fixture *f, int64_t form_id, const char *occasion)
{
	struct db_evalform form;
	assert_int_equal(db_evalform_get(f->db, f->a, form_id, &form), ERR_OK);
	char text[1024];
	snprintf(text, sizeof(text), "INSERT INTO evaluations (form_id, scheme_id, user_id, "
	    "role, occasion, due_at, closes_at, answered_at, created_at) VALUES (%lld, %lld, "
	    "%lld, 'mentee', '%s', %lld, %lld, %lld, %lld); INSERT INTO eval_responses "
	    "(evaluation_id, version_id, submitted_at) VALUES (last_insert_rowid(), %lld, %lld);",
	    (long long)form_id, (long long)f->scheme_a, (long long)f->mentee, occasion,
	    (long long)T0, (long long)T0 + 86400, (long long)T0, (long long)T0,
	    (long long)form.version_id, (long long)T0);
	sql(f->db, text);
	snprintf(text, sizeof(text), "INSERT INTO eval_answers (response_id, question_id, option) "
	    "SELECT (SELECT max(id) FROM eval_responses), id, 4 FROM eval_questions "
	    "WHERE version_id = %lld AND kind = 'rating'", (long long)form.version_id);
	sql(f->db, text);
}

static int64_t
add_form(struct fixture *f)
{
	struct app_problems ps = {0};
	struct app_evalform_in in = {.title = "Mentee feedback", .kind = "relationship",
		.respondent = "mentee", .trigger_on = "completion", .trigger_days = ""};
	int64_t id = 0;
	assert_int_equal(app_evalform_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &in, "",
	    &ps, &id), ERR_OK);
	return id;
}

static int64_t
add_q(struct fixture *f, int64_t form_id, const char *kind, const char *prompt)
{
	struct app_problems ps = {0};
	struct app_evalq_in in = {.kind = kind, .prompt = prompt, .required = "yes",
		.labels = {"1", "2", "3", "4", "5"}, .options = "A\nB"};
	int64_t id = 0;
	assert_int_equal(app_evalq_add(f->db, f->a, &f->admin_a_me, form_id, &in, "", &ps,
	    &id), ERR_OK);
	return id;
}

static void
test_versioning(void **state)
{
	struct fixture *f = *state;
	int64_t form_id = add_form(f);
	struct db_evalform form;
	assert_int_equal(db_evalform_get(f->db, f->a, form_id, &form), ERR_OK);
	assert_int_equal(form.version, 0);
	int64_t q1 = add_q(f, form_id, "rating", "Listened");
	int64_t q2 = add_q(f, form_id, "single", "How often");
	add_q(f, form_id, "yes_no", "Recommend");
	assert_int_equal(db_evalform_get(f->db, f->a, form_id, &form), ERR_OK);
	assert_int_equal(form.version, 1);
	int64_t v1 = form.version_id;
	/* no response yet: changes stay in version 1 */
	struct app_problems ps = {0};
	int64_t fid = 0;
	assert_int_equal(app_evalq_move(f->db, f->a, &f->admin_a_me, q2, true, "", &fid),
	    ERR_OK);
	assert_int_equal(db_evalform_get(f->db, f->a, form_id, &form), ERR_OK);
	assert_int_equal(form.version, 1);

	/* a response to v1, then an edit: v2 has the change, v1 does not */
	respond(f, form_id, "completion");
	struct app_evalq_in in = {.prompt = "Listened well", .required = "no",
		.labels = {"1", "2", "3", "4", "5"}};
	assert_int_equal(app_evalq_edit(f->db, f->a, &f->admin_a_me, q1, &in, "", &ps, &fid),
	    ERR_OK);
	assert_int_equal(db_evalform_get(f->db, f->a, form_id, &form), ERR_OK);
	assert_int_equal(form.version, 2);
	int64_t v2 = form.version_id;
	struct db_evalquestion *q;
	size_t n;
	assert_int_equal(db_evalquestions_of_version(f->db, f->a, v1, &q, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(q[1].prompt, "Listened");
	assert_true(q[1].is_required);
	assert_string_equal(q[0].prompt, "How often");
	assert_int_equal(db_evalquestions_of_version(f->db, f->a, v2, &q, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(q[0].prompt, "How often");
	assert_string_equal(q[1].prompt, "Listened well");
	assert_false(q[1].is_required);
	/* the response and its answer stay with v1 and v1's question */
	char text[256];
	snprintf(text, sizeof(text), "SELECT count(*) FROM eval_responses WHERE version_id = %lld",
	    (long long)v1);
	assert_int_equal(sql_int(f->db, text), 1);
	snprintf(text, sizeof(text), "SELECT count(*) FROM eval_answers WHERE question_id = %lld",
	    (long long)q1);
	assert_int_equal(sql_int(f->db, text), 1);
	/* v2 has no responses: a second change stays in v2 */
	assert_int_equal(app_evalq_remove(f->db, f->a, &f->admin_a_me, q[2].id, "", &fid),
	    ERR_OK);
	assert_int_equal(db_evalform_get(f->db, f->a, form_id, &form), ERR_OK);
	assert_int_equal(form.version, 2);
	/* an old version's question cannot be changed: 409 */
	assert_int_equal(app_evalq_remove(f->db, f->a, &f->admin_a_me, q1, "", &fid),
	    ERR_CONFLICT);
	/* a response to v2, then move and remove and add: each makes one version */
	respond(f, form_id, "after_start:30");
	assert_int_equal(db_evalquestions_of_version(f->db, f->a, v2, &q, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_evalq_move(f->db, f->a, &f->admin_a_me, q[1].id, true, "", &fid),
	    ERR_OK);
	assert_int_equal(db_evalform_get(f->db, f->a, form_id, &form), ERR_OK);
	assert_int_equal(form.version, 3);
	assert_int_equal(db_evalquestions_of_version(f->db, f->a, form.version_id, &q, &n),
	    ERR_OK);
	assert_string_equal(q[0].prompt, "Listened well");
	assert_int_equal(db_evalquestions_of_version(f->db, f->a, v2, &q, &n), ERR_OK);
	assert_string_equal(q[0].prompt, "How often");
	assert_int_equal(form.responses, 2);
	/* issued: who answers cannot change, draft and delete are refused */
	struct app_evalform_in s = {.title = "T", .respondent = "mentor",
		.trigger_on = "completion", .trigger_days = ""};
	struct app_problems p2 = {0};
	assert_int_equal(app_evalform_edit(f->db, f->a, &f->admin_a_me, form_id, &s, "", &p2),
	    ERR_BAD_INPUT);
	assert_string_equal(p2.p[0].field, "respondent");
	struct app_problems p3 = {0};
	assert_int_equal(app_evalform_set_status(f->db, f->a, &f->admin_a_me, form_id, "active",
	    "", &p3), ERR_OK);
	struct app_problems p4 = {0};
	assert_int_equal(app_evalform_set_status(f->db, f->a, &f->admin_a_me, form_id, "draft",
	    "", &p4), ERR_CONFLICT);
	int64_t sid = 0;
	assert_int_equal(app_evalform_delete(f->db, f->a, &f->admin_a_me, form_id, "", &sid),
	    ERR_CONFLICT);
	/* every change was audited */
	assert_true(sql_int(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'evalform.question'") >= 6);
}

static void
test_refusals(void **state)
{
	struct fixture *f = *state;
	int64_t form_id = add_form(f);
	int64_t q1 = add_q(f, form_id, "rating", "Listened");
	struct app_evalform_admin p;
	struct app_problems ps = {0};
	int64_t fid = 0, id = 0;
	size_t asked = 0;
	const struct app_auth *others[] = {&f->admin_b_me, &f->mentee_me};
	for (size_t i = 0; i < 2; i++) {
		const struct app_auth *me = others[i];
		struct app_evalforms_page page;
		assert_int_equal(app_evalforms_admin(f->db, f->a, me, f->scheme_a, &page),
		    ERR_NOT_FOUND);
		assert_int_equal(app_evalform_admin_get(f->db, f->a, me, form_id, &p),
		    ERR_NOT_FOUND);
		struct app_evalq_in in = {.kind = "yes_no", .prompt = "Q", .required = "no"};
		assert_int_equal(app_evalq_add(f->db, f->a, me, form_id, &in, "", &ps, &id),
		    ERR_NOT_FOUND);
		assert_int_equal(app_evalq_edit(f->db, f->a, me, q1, &in, "", &ps, &fid),
		    ERR_NOT_FOUND);
		assert_int_equal(app_evalq_move(f->db, f->a, me, q1, false, "", &fid),
		    ERR_NOT_FOUND);
		assert_int_equal(app_evalq_remove(f->db, f->a, me, q1, "", &fid), ERR_NOT_FOUND);
		assert_int_equal(app_evalform_set_status(f->db, f->a, me, form_id, "active", "",
		    &ps), ERR_NOT_FOUND);
		assert_int_equal(app_evalform_open(f->db, f->a, me, form_id, "2027-01-01", "", &ps,
		    &asked), ERR_NOT_FOUND);
		assert_int_equal(app_evalform_delete(f->db, f->a, me, form_id, "", &fid),
		    ERR_NOT_FOUND);
	}
	assert_int_equal(app_evalform_admin_get(f->db, f->a, &f->admin_a_me, form_id, &p), ERR_OK);
	assert_int_equal(p.f.nq, 1);
}

static void
test_annual(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_evalform_in in = {.title = "Annual review", .kind = "annual",
		.respondent = "everyone"};
	int64_t id = 0;
	size_t asked = 0;
	assert_int_equal(app_evalform_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &in, "",
	    &ps, &id), ERR_OK);
	/* no question yet */
	assert_int_equal(app_evalform_open(f->db, f->a, &f->admin_a_me, id, "2027-01-31", "",
	    &ps, &asked), ERR_CONFLICT);
	add_q(f, id, "rating", "The scheme helped me");
	static const struct { const char *date, *message; } bad[] = {
		{"", "Enter the date the review closes"},
		{"2027-02-30", "The closing date must be a real date"},
		{"2026-11-23", "The closing date must be in the future"},
		{"2027-11-24", "The review can be open for at most a year: the closing date must "
		    "be on or before 23 November 2027"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_problems p = {0};
		assert_int_equal(app_evalform_open(f->db, f->a, &f->admin_a_me, id, bad[i].date, "",
		    &p, &asked), ERR_BAD_INPUT);
		assert_string_equal(p.p[0].field, "closes_on");
		assert_string_equal(p.p[0].message, bad[i].message);
	}
	struct app_problems p = {0};
	assert_int_equal(app_evalform_open(f->db, f->a, &f->admin_a_me, id, "2027-01-31", "", &p,
	    &asked), ERR_OK);
	struct db_evalform form;
	assert_int_equal(db_evalform_get(f->db, f->a, id, &form), ERR_OK);
	assert_string_equal(form.status, "active");
	assert_string_equal(form.opens_on, "2026-11-23");
	assert_string_equal(form.closes_on, "2027-01-31");
	assert_int_equal(app_evalform_open(f->db, f->a, &f->admin_a_me, id, "2027-01-31", "", &p,
	    &asked), ERR_CONFLICT);
	/* the mentee was asked; a day later the review is closed early */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM evaluations WHERE answered_at IS "
	    "NULL"), 1);
	int64_t eval_id = sql_int(f->db, "SELECT id FROM evaluations");
	clock_set(T0 + 3600);
	assert_int_equal(app_evalform_set_status(f->db, f->a, &f->admin_a_me, id, "closed", "",
	    &p), ERR_OK);
	assert_int_equal(db_evalform_get(f->db, f->a, id, &form), ERR_OK);
	assert_string_equal(form.status, "closed");
	assert_string_equal(form.closes_on, "2026-11-23");
	/* EVAL-6: "Close the review now" ends what was asked: the unanswered
	 * evaluation closes now (answerable only while now < closes_at; the
	 * HTTP test posts an answer and gets 409) */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM evaluations WHERE closes_at > "
	    "1795468461"), 0);
	assert_int_equal(sql_int(f->db, arena_printf(f->a, "SELECT closes_at FROM evaluations "
	    "WHERE id = %lld", (long long)eval_id)), T0 + 3600);
	clock_set(T0);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM audit_log WHERE action IN "
	    "('evalform.open', 'evalform.close')"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_validation),
		cmocka_unit_test(test_settings_validation),
		cmocka_unit_test_setup_teardown(test_versioning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_annual, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
