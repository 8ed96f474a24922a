/*
 * test_diary.c - the learning diary's and guides' rules (app/diary.c):
 * who may read an entry (author; the partner only when shared and the
 * author is one of the pair; never an administrator as such), a guide's
 * audience, the checks of an entry, a guide and a page; and, on a fresh
 * database, the demo guides and their ordering (progress is proved
 * over HTTP in tests/http/diary.test.mjs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/diary.h"
#include "core/arena.h"
#include "testdb.h"

static void
test_may_read(void **state)
{
	(void)state;
	struct app_view admin = {.scheme_id = 1, .role = "scheme_admin"};
	static const struct {
		int64_t me, author, mentor, mentee, rel;
		bool shared, is_admin, want;
	} cases[] = {
		{10, 10, 10, 20, 1, false, false, true},   /* the author */
		{20, 10, 10, 20, 1, false, false, false},  /* partner, not shared */
		{20, 10, 10, 20, 1, true, false, true},    /* partner, shared */
		{10, 20, 10, 20, 1, true, false, true},    /* mentor reads mentee's */
		{30, 10, 10, 20, 1, true, false, false},   /* someone else */
		{30, 10, 10, 20, 1, true, true, false},    /* the scheme's administrator */
		{20, 10, 10, 20, 0, true, false, false},   /* shared without a link */
		{20, 99, 10, 20, 1, true, false, false},   /* author not one of the pair */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_auth me = {.user_id = cases[i].me, .is_site_admin = cases[i].is_admin,
			.views = &admin, .nviews = cases[i].is_admin ? 1 : 0};
		struct db_diary_entry e = {.author_id = cases[i].author,
			.mentor_id = cases[i].rel ? cases[i].mentor : 0,
			.mentee_id = cases[i].rel ? cases[i].mentee : 0,
			.relationship_id = cases[i].rel, .is_shared = cases[i].shared};
		assert_int_equal(app_diary_may_read(&me, &e), cases[i].want);
	}
	struct db_diary_entry e = {.author_id = 1};
	assert_false(app_diary_may_read(NULL, &e));
}

static void
test_audience(void **state)
{
	(void)state;
	assert_true(app_guide_is_for("all", "mentor"));
	assert_true(app_guide_is_for("all", "mentee"));
	assert_true(app_guide_is_for("mentors", "mentor"));
	assert_false(app_guide_is_for("mentors", "mentee"));
	assert_true(app_guide_is_for("mentees", "mentee"));
	assert_false(app_guide_is_for("mentees", "mentor"));
	assert_false(app_guide_is_for("all", "scheme_admin"));
	assert_false(app_guide_is_for(NULL, "mentor"));
}

static void
test_entry_check(void **state)
{
	(void)state;
	static char long_body[APP_DIARY_TEXT_MAX + 2];
	memset(long_body, 'x', sizeof(long_body) - 1);
	static const struct {
		const char *title, *date, *body;
		const char *field;             /* first problem, NULL none */
	} cases[] = {
		{"Title", "2026-02-03", "", NULL},
		{"", "2026-02-03", "", "title"},
		{"Title", "", "", "entry_date"},
		{"Title", "2026-02-30", "", "entry_date"},
		{"Title", "2026-02-03", long_body, "body"},
		{"Ünïcödé", "2028-02-29", "é", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		struct app_diary_in in = {cases[i].title, cases[i].date, cases[i].body, 0, 0, 0, 0};
		enum err rc = app_diary_check(&in, &ps);
		if (cases[i].field == NULL) {
			assert_int_equal(rc, ERR_OK);
		} else {
			assert_int_equal(rc, ERR_BAD_INPUT);
			assert_string_equal(ps.p[0].field, cases[i].field);
		}
	}
	/* 10,000 characters of two bytes each are still allowed */
	static char wide[APP_DIARY_TEXT_MAX * 2 + 1];
	for (size_t i = 0; i < APP_DIARY_TEXT_MAX; i++)
		memcpy(wide + 2 * i, "\xc3\xa9", 2);
	struct app_problems ps = {0};
	struct app_diary_in in = {"t", "2026-01-01", wide, 0, 0, 0, 0};
	assert_int_equal(app_diary_check(&in, &ps), ERR_OK);
}

static void
test_guide_checks(void **state)
{
	(void)state;
	struct app_problems ps = {0};
	struct app_guide_in g = {"", "", "everyone", false, false};
	assert_int_equal(app_guide_check(&g, &ps), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 2);
	assert_string_equal(ps.p[0].field, "title");
	assert_string_equal(ps.p[1].field, "audience");
	ps.n = 0;
	struct app_guide_in ok = {"Guide", "", "mentees", true, true};
	assert_int_equal(app_guide_check(&ok, &ps), ERR_OK);
	struct app_guide_page_in p = {"Page", "", ""};
	assert_int_equal(app_guide_page_check(&p, &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "body");
}

static void
test_demo_guides_and_progress(void **state)
{
	(void)state;
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a = arena_new(1 << 16);
	struct db_guide *g;
	size_t n;
	int64_t scheme_id = 0;

	assert_int_equal(testdb_make("diary", dir, path, &db), 0);
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(app_scheme_create_tx(db, "demo", "Demo", "", &scheme_id), ERR_OK);
	assert_int_equal(app_demo_guides_tx(db, scheme_id), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_int_equal(db_guides_of_scheme(db, a, scheme_id, 0, &g, &n), ERR_OK);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(g[i].position, (int64_t)i + 1);
		assert_true(g[i].npages >= 3 && g[i].npages <= 5);
		struct db_guide_page *p;
		size_t np;
		bool has_prompt = false;
		assert_int_equal(db_guide_pages(db, a, g[i].id, 0, &p, &np), ERR_OK);
		for (size_t j = 0; j < np; j++)
			has_prompt |= *p[j].prompt != '\0';
		assert_true(has_prompt);
	}
	/* moving the first guide down swaps it with the second; the first
	 * cannot move up (ERR_CONFLICT) */
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(db_guide_swap(db, &g[0], 0), ERR_CONFLICT);
	assert_int_equal(db_guide_swap(db, &g[0], 2), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	struct db_guide *after;
	assert_int_equal(db_guides_of_scheme(db, a, scheme_id, 0, &after, &n), ERR_OK);
	assert_int_equal(after[0].id, g[1].id);
	assert_int_equal(after[1].id, g[0].id);
	arena_free(a);
	db_close(db);
	testdb_unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_may_read),
		cmocka_unit_test(test_audience),
		cmocka_unit_test(test_entry_check),
		cmocka_unit_test(test_guide_checks),
		cmocka_unit_test(test_demo_guides_and_progress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
