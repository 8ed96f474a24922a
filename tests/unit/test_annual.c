/*
 * test_annual.c - the scheme standards (ADM-6) and the annual report
 * (ADM-5): the standards table, the evidence sentences, and the rules of
 * app/annual.c against a real database: who may see and change what
 * (another scheme's administrator: ERR_NOT_FOUND), the length limits
 * (characters, with the problem on the field), years outside the
 * scheme's life, and the evidence counts.  The clock is pinned with
 * clock_set to Mon 23 Nov 2026.
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

#include "testpeople.h"

#include "app/annual.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure rules ---- */

static void
test_standards_table(void **state)
{
	(void)state;
	assert_int_equal(app_standards_n, 6);
	static const char *const keys[] = {"eligibility", "information", "matching",
		"training", "safety", "quality"};
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(app_standards[i].key, keys[i]);
		bool essential = false;
		for (size_t j = 0; j < app_standards[i].npoints; j++) {
			const struct app_standard *s = NULL;
			const struct app_standard_point *p =
			    app_standard_point_find(app_standards[i].points[j].key, &s);
			assert_ptr_equal(p, &app_standards[i].points[j]);
			assert_ptr_equal(s, &app_standards[i]);
			assert_true(strlen(p->key) <= 40);
			essential = essential || p->is_essential;
		}
		assert_true(essential);   /* every attribute has an essential point */
	}
	assert_null(app_standard_point_find("nope", NULL));
	assert_null(app_standard_point_find(NULL, NULL));
}

static void
test_percent_and_evidence(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct { int64_t part, n; const char *words; } cases[] = {
		{0, 0, "none yet"}, {23, 25, "92%"}, {1, 3, "33%"}, {5, 5, "100%"},
		/* half up, as the reports' figures (it was cut: 66%, 12%) */
		{2, 3, "67%"}, {1, 8, "13%"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(app_annual_percent(a, cases[i].part, cases[i].n),
		    cases[i].words);
	struct db_annual_evidence ev = {.mentors = 40, .trained = 34, .refresher_due = 3,
		.started = 25, .by_request = 20, .by_assignment = 5, .overrides = 2,
		.ended_early = 4, .organisation_rule = "any", .specialty_rule = "same",
		.evals_due = 10, .evals_answered = 7};
	struct db_scheme_settings st = {.privacy_notice = "", .escalation_contact = "",
		.allow_mentee_requests = true};
	const char *lines[APP_STANDARD_LINES_MAX];
	size_t n = 0;
	app_standard_evidence(a, 3, &ev, &st, "in 2026", false, lines, &n);
	assert_true(n >= 1);
	assert_string_equal(lines[0], "34 of 40 mentors trained (a verified record in date), "
	    "3 due for a refresher.");
	app_standard_evidence(a, 2, &ev, &st, "in 2026", false, lines, &n);
	assert_non_null(strstr(lines[0], "Systematic matching used for 92% of the 25 "
	    "relationships started in 2026"));
	bool no_fault = false;
	for (size_t i = 0; i < n; i++)
		no_fault = no_fault || strstr(lines[i], "No-fault ending is available") != NULL;
	assert_true(no_fault);
	app_standard_evidence(a, 5, &ev, &st, "in 2026", true, lines, &n);
	assert_non_null(strstr(lines[1], "7 of 10 evaluations due in 2026 answered (70%)"));
	arena_free(a);
}

/* ---- against a database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	struct app_view va, vb, vm;
	struct app_auth admin_a, admin_b, mentor;
	int64_t mentee;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("annual", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	testpeople_add(f->db, f->scheme_a, "admin.a", "scheme_admin", T0, &f->va, &f->admin_a);
	testpeople_add(f->db, f->scheme_b, "admin.b", "scheme_admin", T0, &f->vb, &f->admin_b);
	testpeople_add(f->db, f->scheme_a, "mentor.one", "mentor", T0, &f->vm, &f->mentor);
	struct app_view v;
	struct app_auth me;
	f->mentee = testpeople_add(f->db, f->scheme_a, "mentee.one", "mentee", T0, &v, &me);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char files[TESTDB_DIR_MAX + 16];
	db_close(f->db);
	testdb_unlink(f->path);
	snprintf(files, sizeof(files), "%s/files", f->dir);
	rmdir(files);
	rmdir(f->dir);
	arena_free(f->a);
	free(f);
	return 0;
}

static void
test_access(void **state)
{
	struct fixture *f = *state;
	struct app_standards_page p;
	struct app_annual_page r;
	struct app_problems ps = {0};
	assert_int_equal(app_standards_page(f->db, f->a, &f->admin_a, f->scheme_a, 0, &p),
	    ERR_OK);
	assert_string_equal(p.scheme.name, "Aspire");
	assert_int_equal(p.year, 2026);
	/* another scheme's administrator and a participant: not found */
	assert_int_equal(app_standards_page(f->db, f->a, &f->admin_b, f->scheme_a, 0, &p),
	    ERR_NOT_FOUND);
	assert_int_equal(app_standards_page(f->db, f->a, &f->mentor, f->scheme_a, 0, &p),
	    ERR_NOT_FOUND);
	assert_int_equal(app_annual_get(f->db, f->a, &f->admin_b, f->scheme_a, 0, &r),
	    ERR_NOT_FOUND);
	assert_int_equal(app_standard_note_put(f->db, f->a, &f->admin_b, f->scheme_a,
	    "safety-referral", "x", "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_annual_put(f->db, f->a, &f->admin_b, f->scheme_a, 2026, "x", "",
	    "", "", &ps), ERR_NOT_FOUND);
	assert_int_equal(ps.n, 0);
	/* an unknown point, a year outside the scheme's life */
	assert_int_equal(app_standard_note_put(f->db, f->a, &f->admin_a, f->scheme_a, "nope",
	    "x", "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_annual_get(f->db, f->a, &f->admin_a, f->scheme_a, 2025, &r),
	    ERR_NOT_FOUND);
	assert_int_equal(app_annual_get(f->db, f->a, &f->admin_a, f->scheme_a, 2027, &r),
	    ERR_NOT_FOUND);
}

static void
test_notes_and_sections(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	/* lengths are characters: 4000 two-byte letters are fine, 4001 are not */
	char *note = calloc(1, 2 * 4001 + 1);
	for (size_t i = 0; i < 4000; i++)
		memcpy(note + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(app_standard_note_put(f->db, f->a, &f->admin_a, f->scheme_a,
	    "safety-referral", note, "", &ps), ERR_OK);
	memcpy(note + 8000, "\xc3\xa9", 2);
	assert_int_equal(app_standard_note_put(f->db, f->a, &f->admin_a, f->scheme_a,
	    "safety-referral", note, "", &ps), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "note");
	free(note);
	struct app_standards_page p;
	assert_int_equal(app_standards_page(f->db, f->a, &f->admin_a, f->scheme_a, 0, &p),
	    ERR_OK);
	assert_int_equal(p.nnotes, 1);
	assert_string_equal(p.notes[0].point, "safety-referral");
	assert_int_equal(p.notes[0].updated_at, T0);
	/* an empty note removes it */
	assert_int_equal(app_standard_note_put(f->db, f->a, &f->admin_a, f->scheme_a,
	    "safety-referral", "", "", &ps), ERR_OK);
	assert_int_equal(app_standards_page(f->db, f->a, &f->admin_a, f->scheme_a, 0, &p),
	    ERR_OK);
	assert_int_equal(p.nnotes, 0);

	/* sections: each field's problem, then saved and read back */
	char *long_text = malloc(10002);
	memset(long_text, 'x', 10001);
	long_text[10001] = '\0';
	struct app_problems ps2 = {0};
	assert_int_equal(app_annual_put(f->db, f->a, &f->admin_a, f->scheme_a, 2026, "Aims",
	    long_text, long_text, "", &ps2), ERR_BAD_INPUT);
	assert_int_equal(ps2.n, 2);
	assert_string_equal(ps2.p[0].field, "changes");
	assert_string_equal(ps2.p[1].field, "plans");
	free(long_text);
	struct app_problems ps3 = {0};
	assert_int_equal(app_annual_put(f->db, f->a, &f->admin_a, f->scheme_a, 2026, "Aims",
	    "Changes", "Plans", "", &ps3), ERR_OK);
	struct app_annual_page r;
	assert_int_equal(app_annual_get(f->db, f->a, &f->admin_a, f->scheme_a, 2026, &r),
	    ERR_OK);
	assert_true(r.is_saved);
	assert_string_equal(r.sections.aims, "Aims");
	assert_string_equal(r.sections.plans, "Plans");
	assert_string_equal(r.from, "2026-01-01");
	assert_string_equal(r.to, "2026-12-31");
	/* the other scheme's report is untouched */
	assert_int_equal(app_annual_get(f->db, f->a, &f->admin_b, f->scheme_b, 2026, &r),
	    ERR_OK);
	assert_false(r.is_saved);
}

static void
test_evidence_counts(void **state)
{
	struct fixture *f = *state;
	int64_t rel = 0;
	assert_int_equal(testpeople_pair(f->db, f->a, f->scheme_a, f->mentor.user_id,
	    f->mentee, f->admin_a.user_id, &rel), 0);
	struct app_standards_page p;
	assert_int_equal(app_standards_page(f->db, f->a, &f->admin_a, f->scheme_a, 0, &p),
	    ERR_OK);
	assert_int_equal(p.ev.mentors, 1);
	assert_int_equal(p.ev.trained, 0);
	assert_int_equal(p.ev.mentees, 1);
	assert_int_equal(p.ev.started, 1);
	assert_int_equal(p.ev.by_assignment, 1);
	assert_int_equal(p.ev.live_now, 1);
	assert_int_equal(p.ev.running, 1);
	/* the other scheme counts nothing of it */
	assert_int_equal(app_standards_page(f->db, f->a, &f->admin_b, f->scheme_b, 0, &p),
	    ERR_OK);
	assert_int_equal(p.ev.started, 0);
	assert_int_equal(p.ev.mentors, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standards_table),
		cmocka_unit_test(test_percent_and_evidence),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notes_and_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evidence_counts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
