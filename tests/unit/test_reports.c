/*
 * test_reports.c - the reports dashboard (ADM-4): small-number
 * suppression on crafted tables (one small cell, two in a row, a chain
 * across rows and columns, zeros, a total that gives a cell away), and
 * every figure of the report checked against a small data set whose
 * answers were worked out by hand (written beside each assertion);
 * access (another scheme's administrator, a participant, a foreign
 * cohort: ERR_NOT_FOUND); the cohort filter; the CSV; a scheme's own
 * equality questions (PRO-2) as suppressed tables of their own.
 *
 * The period is 1 January to 31 March 2026 in Europe/London (GMT, so
 * months start at midnight UTC); the clock is pinned to Monday 23
 * November 2026.
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

#include "app/annual.h"
#include "app/reports.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db_int.h"

#define T0 ((int64_t)1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY ((int64_t)86400)
#define HOUR ((int64_t)3600)
#define J ((int64_t)1767225600)    /* 2026-01-01 00:00 UTC */
#define F (J + 31 * DAY)           /* 2026-02-01 */
#define M (F + 28 * DAY)           /* 2026-03-01 */
#define A (M + 31 * DAY)           /* 2026-04-01 */

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other;
	int64_t m1, m2, m3, m4, e1, e2, e3;
	int64_t r1, r2, r3;
};

/* ---- suppression on crafted tables ---- */

static void
check_hidden(const int64_t *cells, size_t nr, size_t nc, const char *expect)
{
	bool out[64];
	app_report_suppress(cells, nr, nc, 5, out);
	char got[65];
	for (size_t i = 0; i < nr * nc; i++)
		got[i] = out[i] ? 'x' : '.';
	got[nr * nc] = '\0';
	assert_string_equal(got, expect);
}

static void
test_suppress_single(void **state)
{
	(void)state;
	/* one small cell: its row and column each need a second hidden cell,
	 * and those in turn: the 2x2 block of inner cells */
	const int64_t t[] = {10, 3, 13, 20, 30, 50, 30, 33, 63};
	check_hidden(t, 3, 3, "xx." "xx." "...");
}

static void
test_suppress_two_in_a_row(void **state)
{
	(void)state;
	/* two small cells in a row protect each other across the row, but
	 * each column needs one more */
	const int64_t t[] = {2, 3, 20, 25, 10, 10, 10, 30, 12, 13, 30, 55};
	check_hidden(t, 3, 4, "xx.." "xx.." "....");
}

static void
test_suppress_chain(void **state)
{
	(void)state;
	/* a small row total, and a 0 (hidden too: a shown 0 would say the
	 * cells beside it are 1 to 4): the chain runs down every column */
	const int64_t t[] = {3, 0, 3, 7, 8, 15, 10, 8, 18};
	check_hidden(t, 3, 3, "xxx" "xxx" "...");
	/* zeros hidden; the chain goes through the totals row and back */
	const int64_t u[] = {3, 0, 3, 0, 9, 9, 3, 9, 12};
	check_hidden(u, 3, 3, "xxx" "xxx" "xx.");
}

static void
test_suppress_zeros_and_large(void **state)
{
	(void)state;
	/* 5 or more are shown, 0 is not (NHS Digital style): the 0 takes
	 * its row's 6 and its column's 5 with it, and the 5 its row's 7 */
	const int64_t t[] = {0, 6, 6, 5, 7, 12, 5, 13, 18};
	check_hidden(t, 3, 3, "xx." "xx." "...");
	const int64_t v[] = {6, 6, 12, 5, 7, 12, 11, 13, 24};
	check_hidden(v, 3, 3, ".........");
	/* every line ends with at least two hidden cells or none */
	const int64_t u[] = {1, 1, 2, 1, 1, 2, 2, 2, 4};
	check_hidden(u, 3, 3, "xxx" "xxx" "xxx");
}

/* ---- the hand-computed data set ---- */

static void
sql(struct fixture *f, const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	char *err = NULL;
	if (sqlite3_exec(f->db->conn, text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err != NULL ? err : "?");
}

static int64_t
person(struct fixture *f, const char *name, const char *role, const char *status,
    int64_t created, const char *gender, const char *dob, const char *country)
{
	sql(f, "INSERT INTO users (username, email, given_name, family_name, password_hash, "
	    "status, created_at) VALUES ('rpt.%s', '%s@example.nhs.uk', '%s', 'Tester', 'x', '%s', "
	    "%lld)", name, name, name, status, (long long)created);
	int64_t id = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO user_roles (user_id, scheme_id, role, created_at) VALUES (%lld, "
	    "%lld, '%s', %lld)", (long long)id, (long long)f->scheme, role, (long long)created);
	sql(f, "INSERT INTO profiles (user_id, gender, date_of_birth, country_of_origin, "
	    "updated_at) VALUES (%lld, '%s', '%s', '%s', %lld)", (long long)id, gender, dob,
	    country, (long long)created);
	return id;
}

static int64_t
rel(struct fixture *f, int64_t scheme, int64_t mentor, int64_t mentee, const char *status,
    int64_t started, int64_t ended)
{
	char end[32] = "NULL";
	if (ended)
		snprintf(end, sizeof(end), "%lld", (long long)ended);
	sql(f, "INSERT INTO relationships (scheme_id, mentor_id, mentee_id, status, started_at, "
	    "ended_at, created_at) VALUES (%lld, %lld, %lld, '%s', %lld, %s, %lld)",
	    (long long)scheme, (long long)mentor, (long long)mentee, status, (long long)started,
	    end, (long long)started);
	return sqlite3_last_insert_rowid(f->db->conn);
}

static void
session(struct fixture *f, int64_t r, int64_t at, int minutes, const char *status,
    const char *mentee_answer)
{
	sql(f, "INSERT INTO mentoring_sessions (relationship_id, starts_at, minutes, format, "
	    "status, added_by, mentee_answer, created_at, updated_at) VALUES (%lld, %lld, %d, "
	    "'video', '%s', (SELECT mentor_id FROM relationships WHERE id = %lld), '%s', %lld, "
	    "%lld)", (long long)r, (long long)at, minutes, status, (long long)r, mentee_answer,
	    (long long)at, (long long)at);
}

static void
request(struct fixture *f, int64_t scheme, int64_t mentee, int64_t mentor, const char *kind,
    const char *status, int64_t submitted, int64_t decided)
{
	char dec[32] = "NULL";
	if (decided)
		snprintf(dec, sizeof(dec), "%lld", (long long)decided);
	sql(f, "INSERT INTO match_requests (scheme_id, mentee_id, mentor_id, kind, status, "
	    "created_at, submitted_at, decided_at, updated_at) VALUES (%lld, %lld, %lld, '%s', "
	    "'%s', %lld, %lld, %s, %lld)", (long long)scheme, (long long)mentee,
	    (long long)mentor, kind, status, (long long)submitted, (long long)submitted, dec,
	    (long long)submitted);
}

static void
evaluation(struct fixture *f, int64_t form, int64_t version, int64_t question, int64_t user,
    const char *role, int64_t due, int rating)
{
	sql(f, "INSERT INTO evaluations (form_id, scheme_id, user_id, role, occasion, due_at, "
	    "closes_at, answered_at, created_at) VALUES (%lld, %lld, %lld, '%s', 'annual:%lld', "
	    "%lld, %lld, %s, %lld)", (long long)form, (long long)f->scheme, (long long)user, role,
	    (long long)due,
	    (long long)due, (long long)(due + 28 * DAY), rating ? "1" : "NULL", (long long)due);
	if (!rating)
		return;
	int64_t e = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO eval_responses (evaluation_id, version_id, submitted_at) VALUES "
	    "(%lld, %lld, %lld)", (long long)e, (long long)version, (long long)due);
	int64_t r = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO eval_answers (response_id, question_id, option) VALUES (%lld, %lld, "
	    "%d)", (long long)r, (long long)question, rating);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || testdb_make("reports", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	*state = f;
	sql(f, "INSERT INTO schemes (slug, name, created_at) VALUES ('a', 'Scheme A', 1)");
	f->scheme = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO scheme_settings (scheme_id, updated_at) VALUES (%lld, 1)",
	    (long long)f->scheme);
	sql(f, "INSERT INTO schemes (slug, name, created_at) VALUES ('b', 'Scheme B', 1)");
	f->other = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO scheme_settings (scheme_id, updated_at) VALUES (%lld, 1)",
	    (long long)f->other);

	f->m1 = person(f, "m1", "mentor", "active", J - 100 * DAY, "Female", "1980-05-01", "UK");
	f->m2 = person(f, "m2", "mentor", "active", J - 100 * DAY, "female ", "1990-06-15", "UK");
	f->m3 = person(f, "m3", "mentor", "pending", F, "", "", "");
	f->m4 = person(f, "m4", "mentor", "active", J - 100 * DAY, "", "", "");
	f->e1 = person(f, "e1", "mentee", "active", J - 10 * DAY, "Male", "2000-01-01", "");
	f->e2 = person(f, "e2", "mentee", "active", J + 5 * DAY, "", "", "");
	f->e3 = person(f, "e3", "mentee", "deactivated", J - 50 * DAY, "Male", "", "");

	/* e1 registered in December, took the mentee role on 1 January */
	sql(f, "UPDATE user_roles SET created_at = %lld WHERE user_id = %lld", (long long)J,
	    (long long)f->e1);
	f->r1 = rel(f, f->scheme, f->m1, f->e1, "active", J + 10 * DAY, 0);
	f->r2 = rel(f, f->scheme, f->m2, f->e2, "completed", F, M + 10 * DAY);
	f->r3 = rel(f, f->scheme, f->m1, f->e3, "ended_early", J - 200 * DAY, J + 3 * DAY);
	/* another scheme's relationship and sessions never count */
	int64_t rb = rel(f, f->other, f->m2, f->e1, "active", J, 0);
	session(f, rb, J + 20 * DAY, 120, "logged", "");

	session(f, f->r1, J + 14 * DAY, 60, "logged", "");      /* Jan, counts */
	session(f, f->r1, F + 9 * DAY, 90, "agreed", "");       /* Feb, over: counts */
	session(f, f->r1, F + 19 * DAY, 30, "agreed", "no");    /* the mentee said no */
	session(f, f->r1, M + 4 * DAY, 60, "cancelled", "");    /* never counts */
	session(f, f->r1, A + 1 * DAY, 60, "logged", "");       /* after the period */
	session(f, f->r2, F + 4 * DAY, 45, "logged", "");       /* Feb */
	session(f, f->r2, M + 2 * DAY, 30, "logged", "");       /* Mar */
	session(f, f->r3, J + 1 * DAY, 60, "logged", "");       /* Jan */

	request(f, f->scheme, f->e1, f->m1, "request", "approved", J + DAY, J + DAY + 10 * HOUR);
	request(f, f->scheme, f->e2, f->m1, "request", "declined", J + 6 * DAY,
	    J + 6 * DAY + 30 * HOUR);
	request(f, f->scheme, f->e2, f->m2, "request", "approved", J + 7 * DAY,
	    J + 7 * DAY + 4 * HOUR);
	request(f, f->scheme, f->e1, f->m2, "request", "withdrawn", F, 0);
	request(f, f->scheme, f->e3, f->m2, "proposal", "new", F + DAY, 0);
	request(f, f->scheme, f->e3, f->m1, "request", "approved", J - 5 * DAY, J - 4 * DAY);

	/* m1: a verified course whose refresher passed, and an unverified
	 * refresher in date (not counted until verified); m2: one record,
	 * not verified yet; m4: none */
	sql(f, "INSERT INTO training_records (user_id, kind, course, completed_on, "
	    "refresh_due_on, verified_at, created_at) VALUES (%lld, 'course', 'Basics', "
	    "'2024-06-01', '2026-06-01', 2, 1), (%lld, 'refresher', 'Again', '2026-01-01', "
	    "'2027-01-01', NULL, 1), (%lld, 'course', 'Basics', '2024-01-01', '2026-01-01', NULL, "
	    "1)", (long long)f->m1, (long long)f->m1, (long long)f->m2);

	sql(f, "INSERT INTO eval_forms (scheme_id, title, kind, respondent, trigger_on, status, "
	    "created_at, updated_at) VALUES (%lld, 'Annual', 'annual', 'everyone', 'annual', "
	    "'active', 1, 1)", (long long)f->scheme);
	int64_t form = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO eval_versions (form_id, version, created_at) VALUES (%lld, 1, 1)",
	    (long long)form);
	int64_t version = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO eval_questions (version_id, position, kind, prompt) VALUES (%lld, 1, "
	    "'rating', 'How was it?')", (long long)version);
	int64_t q = sqlite3_last_insert_rowid(f->db->conn);
	evaluation(f, form, version, q, f->e1, "mentee", F, 4);
	evaluation(f, form, version, q, f->e2, "mentee", M, 5);
	evaluation(f, form, version, q, f->e3, "mentee", J + 9 * DAY, 0);
	evaluation(f, form, version, q, f->m1, "mentor", F, 0);
	evaluation(f, form, version, q, f->m2, "mentor", J + 4 * DAY, 3);
	evaluation(f, form, version, q, f->m1, "mentor", A + 4 * DAY, 1);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_unlink(f->path);
	rmdir(f->dir);
	arena_free(f->a);
	free(f);
	return 0;
}

static const struct app_auth site_admin = {.user_id = 999, .username = "site",
	.is_site_admin = true};

static void
get(struct fixture *f, const struct app_auth *me, int64_t scheme, int64_t cohort,
    struct app_report *r)
{
	struct app_problems ps = {0};
	struct app_report_in in = {.scheme_id = scheme, .from = "2026-01-01", .to = "2026-03-31",
		.cohort_id = cohort};
	assert_int_equal(app_report_get(f->db, f->a, me, &in, r, &ps), ERR_OK);
}

/* The text of a cell by row and column heading. */
static const char *
at(const struct app_report *r, const char *slug, const char *row, const char *col)
{
	const struct app_report_table *t = app_report_table(r, slug);
	assert_non_null(t);
	for (size_t i = 0; i < t->nrows; i++) {
		if (strcmp(t->rows[i], row) != 0)
			continue;
		for (size_t c = 0; c < t->ncols; c++)
			if (strcmp(t->cols[c], col) == 0)
				return t->cells[i * t->ncols + c].text;
	}
	fail_msg("no cell %s / %s / %s", slug, row, col);
	return NULL;
}

static void
test_figures(void **state)
{
	struct fixture *f = *state;
	struct app_report r;
	get(f, &site_admin, f->scheme, 0, &r);
	assert_string_equal(r.range.from, "2026-01-01");
	assert_int_equal(r.range.from_at, J);
	assert_int_equal(r.range.to_at, A - HOUR);   /* 1 April 00:00 BST */

	/* people: mentors m1 m2 m4 active, m3 pending (joined in Feb); mentees
	 * e1 e2 active, e3 deactivated; e2 joined in January */
	assert_string_equal(at(&r, "people", "Mentors", "Active"), "3");
	assert_string_equal(at(&r, "people", "Mentors", "Pending"), "1");
	assert_string_equal(at(&r, "people", "Mentors", "Total"), "4");
	assert_string_equal(at(&r, "people", "Mentors", "Joined in the period"), "1");
	assert_string_equal(at(&r, "people", "Mentees", "Active"), "2");
	assert_string_equal(at(&r, "people", "Mentees", "Deactivated"), "1");
	/* e2 joined in January, and e1 took the mentee role on 1 January */
	assert_string_equal(at(&r, "people", "Mentees", "Joined in the period"), "2");
	assert_string_equal(at(&r, "people", "Total", "Total"), "7");

	/* requests submitted in the period: 4 requests (2 approved, 1
	 * declined, 1 withdrawn) and 1 proposal waiting; the one from
	 * December is left out */
	assert_string_equal(at(&r, "requests", "Submitted", "Requests"), "4");
	assert_string_equal(at(&r, "requests", "Submitted", "Proposals"), "1");
	assert_string_equal(at(&r, "requests", "Submitted", "Total"), "5");
	assert_string_equal(at(&r, "requests", "Approved", "Total"), "2");
	assert_string_equal(at(&r, "requests", "Declined", "Total"), "1");
	assert_string_equal(at(&r, "requests", "Withdrawn", "Total"), "1");
	assert_string_equal(at(&r, "requests", "Waiting for an answer", "Proposals"), "1");

	/* respond: 10 h, 30 h, 4 h -> median 10 h; match, from taking the
	 * mentee role (not the account): e1's role was added on 1 January
	 * to an account of 22 December, so 10 days; e2 26 days (e3's first
	 * relationship was before the period) -> 18 days */
	assert_string_equal(at(&r, "timings", "Time to respond to a request", "Median"),
	    "10.0 hours");
	assert_string_equal(at(&r, "timings", "Time to respond to a request", "Counted"), "3");
	assert_string_equal(at(&r, "timings", "Registration to first match", "Median"),
	    "18.0 days");
	assert_string_equal(at(&r, "timings", "Registration to first match", "Counted"), "2");

	/* relationships: r1 r2 r3 live; r1 r2 started; r2 completed; r3
	 * ended early; r1 active today */
	assert_string_equal(at(&r, "relationships", "Live during the period", "Relationships"), "3");
	assert_string_equal(at(&r, "relationships", "Started", "Relationships"), "2");
	assert_string_equal(at(&r, "relationships", "Completed", "Relationships"), "1");
	assert_string_equal(at(&r, "relationships", "Ended early", "Relationships"), "1");
	assert_string_equal(at(&r, "relationships", "Active today", "Relationships"), "1");

	/* sessions that took place: r1 60 (Jan) + 90 (Feb), r2 45 (Feb) + 30
	 * (Mar), r3 60 (Jan) = 5 sessions, 285 minutes = 4.75 h -> "4.8";
	 * 3 relationships, 95 minutes each -> "1.6" */
	assert_string_equal(at(&r, "sessions", "Sessions that took place", "In the period"), "5");
	assert_string_equal(at(&r, "sessions", "Hours", "In the period"), "4.8");
	assert_string_equal(at(&r, "sessions", "Relationships with sessions", "In the period"), "3");
	assert_string_equal(at(&r, "sessions", "Average hours per relationship with sessions",
	    "In the period"), "1.6");
	/* minimum 60 a month: Jan r1 60 yes, r3 60 yes; Feb r1 90 yes, r2 45
	 * no; Mar r1 0 no, r2 30 no -> 3 of 6 */
	assert_string_equal(at(&r, "sessions", "Relationship-months", "In the period"), "6");
	assert_string_equal(at(&r, "sessions", "Relationship-months meeting the minimum",
	    "In the period"), "3");
	assert_string_equal(at(&r, "sessions", "Share meeting the minimum", "In the period"), "50%");
	assert_string_equal(at(&r, "months", "January 2026", "Sessions"), "2");
	assert_string_equal(at(&r, "months", "January 2026", "Hours"), "2.0");
	assert_string_equal(at(&r, "months", "January 2026", "Live relationships"), "2");
	assert_string_equal(at(&r, "months", "January 2026", "Share meeting the minimum"), "100%");
	assert_string_equal(at(&r, "months", "February 2026", "Hours"), "2.3");
	assert_string_equal(at(&r, "months", "February 2026", "Meeting the minimum"), "1");
	assert_string_equal(at(&r, "months", "March 2026", "Sessions"), "1");
	assert_string_equal(at(&r, "months", "March 2026", "Share meeting the minimum"), "0%");

	/* evaluations due: mentors 2 (1 answered, rating 3), mentees 3 (2
	 * answered, 4 and 5); April's is outside */
	assert_string_equal(at(&r, "evaluations", "Mentors", "Due"), "2");
	assert_string_equal(at(&r, "evaluations", "Mentors", "Response rate"), "50%");
	assert_string_equal(at(&r, "evaluations", "Mentors", "Average rating"), "3.0");
	assert_string_equal(at(&r, "evaluations", "Mentees", "Response rate"), "67%");
	assert_string_equal(at(&r, "evaluations", "Mentees", "Average rating"), "4.5");
	assert_string_equal(at(&r, "evaluations", "Total", "Answered"), "3");
	assert_string_equal(at(&r, "evaluations", "Total", "Average rating"), "4.0");

	/* training of active mentors today, verified records only (the
	 * standards' rule): m1 due (the in-date refresher is not verified),
	 * m2 awaiting verification, m4 none; m3 is pending */
	assert_string_equal(at(&r, "training", "In date", "Mentors"), "0");
	assert_string_equal(at(&r, "training", "Due for a refresher", "Mentors"), "1");
	assert_string_equal(at(&r, "training", "Awaiting verification", "Mentors"), "1");
	assert_string_equal(at(&r, "training", "None recorded", "Mentors"), "1");
	assert_string_equal(at(&r, "training", "Total", "Mentors"), "3");
	assert_true(app_report_table(&r, "training")->is_as_at_today);
	assert_true(app_report_table(&r, "people")->is_as_at_today);
	assert_false(app_report_table(&r, "requests")->is_as_at_today);

	/* equality: 5 active people, fewer than 20: withheld, with why */
	const struct app_report_table *g = app_report_table(&r, "gender");
	assert_non_null(g);
	assert_non_null(g->withheld);
	assert_non_null(strstr(g->withheld, "at least 20"));
	assert_int_equal(g->nrows, 0);
	assert_non_null(app_report_table(&r, "age")->withheld);
	assert_non_null(app_report_table(&r, "country")->withheld);
	size_t len;
	assert_null(app_report_csv(f->a, g, &len));
}

static void
test_cohort_and_csv(void **state)
{
	struct fixture *f = *state;
	struct app_report r;
	sql(f, "INSERT INTO cohorts (scheme_id, name, created_at, updated_at) VALUES (%lld, "
	    "'Spring', 1, 1)", (long long)f->scheme);
	int64_t c = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO cohort_members (cohort_id, user_id, added_at) VALUES (%lld, %lld, 1)",
	    (long long)c, (long long)f->e1);
	get(f, &site_admin, f->scheme, c, &r);
	/* only e1's relationship r1 and e1 among the people */
	assert_string_equal(at(&r, "relationships", "Live during the period", "Relationships"), "1");
	assert_string_equal(at(&r, "sessions", "Sessions that took place", "In the period"), "2");
	assert_string_equal(at(&r, "people", "Total", "Total"), "1");

	size_t len;
	const char *csv = app_report_csv(f->a, app_report_table(&r, "relationships"), &len);
	assert_string_equal(csv, ",Relationships\r\nLive during the period,1\r\nStarted,1\r\n"
	    "Completed,0\r\nEnded early,0\r\nActive today,1\r\n");
	assert_int_equal(len, strlen(csv));
	/* nothing to divide by: "-" on the page, an empty CSV cell (not
	 * "'-"), and the cell says it is blank (the API's null) */
	const struct app_report_table *ev = app_report_table(&r, "evaluations");
	csv = app_report_csv(f->a, ev, &len);
	assert_non_null(strstr(csv, "\r\nMentors,0,0,,0,\r\n"));
	assert_null(strstr(csv, "'-"));
	assert_true(ev->cells[2].is_blank);
	assert_string_equal(ev->cells[2].text, "-");
	/* equality is never shown for a cohort, whatever its size */
	const struct app_report_table *g = app_report_table(&r, "gender");
	assert_non_null(g->withheld);
	assert_non_null(strstr(g->withheld, "cohort"));
	assert_null(app_report_csv(f->a, g, &len));
}

/* n more active people of the scheme with these equality answers */
static void
people(struct fixture *f, int n, const char *role, const char *gender, const char *dob,
    const char *country)
{
	static int k;
	for (int i = 0; i < n; i++)
		person(f, arena_printf(f->a, "x%d", ++k), role, "active", J - 100 * DAY, gender,
		    dob, country);
}

/* The text of every cell of an equality table, row by row ("|" between
 * rows). */
static const char *
cells_of(struct fixture *f, const struct app_report *r, const char *slug)
{
	const struct app_report_table *t = app_report_table(r, slug);
	assert_non_null(t);
	assert_null(t->withheld);
	const char *out = "";
	for (size_t i = 0; i < t->nrows; i++) {
		out = arena_printf(f->a, "%s%s%s:", out, i ? "|" : "", t->rows[i]);
		for (size_t c = 0; c < t->ncols; c++) {
			const struct app_report_cell *x = &t->cells[i * t->ncols + c];
			out = arena_printf(f->a, "%s%s%s", out, c ? "," : "",
			    !x->is_suppressed ? x->text : strcmp(x->text, "not shown") == 0 ? "ns" :
			    "<5");
			/* nothing exact leaves app: a shown number is a multiple of 5 */
			assert_true(x->is_suppressed || x->value % 5 == 0);
		}
	}
	return out;
}

/* ADM-4 with seed 000, the reviewers' attack: in a group of 22, one
 * mentee wrote "Trans man" and was born in Eritrea in 1950.  No row is
 * labelled from a value fewer than 5 gave; every count under 5 (0
 * included) is hidden; every other cell and total is rounded to 5, so
 * neither the totals nor the people table (7 active mentors, exact)
 * give a hidden cell away. */
static void
test_equality_privacy(void **state)
{
	struct fixture *f = *state;
	struct app_report r;
	/* the fixture's active m1 (Female, UK, 46), m2 (female, UK, 36), m4
	 * (nothing), e1 (Male, 26), e2 (nothing); and 17 more */
	people(f, 11, "mentee", "Female", "1990-01-01", "UK");            /* 36 */
	people(f, 1, "mentee", "woman", "1990-01-01", "India");           /* 36 */
	people(f, 4, "mentor", "Male", "1970-01-01", "India");            /* 56 */
	people(f, 1, "mentee", "Trans man", "1950-01-01", "Eritrea");     /* 76 */
	get(f, &site_admin, f->scheme, 0, &r);
	assert_string_equal(at(&r, "people", "Mentors", "Active"), "7");
	assert_string_equal(at(&r, "people", "Mentees", "Active"), "15");

	/* gender: Female 2 mentors 12 mentees (14); Male 4 and 1 (5);
	 * Non-binary none; Another (Trans man) 0 and 1; Not given 1 and 1;
	 * totals 7, 15, 22.  Under 5 hidden ("fewer than 5"), then Female's
	 * 12 so that its row has two ("not shown": it is not under 5);
	 * 14 -> 15, 7 -> 5, 22 -> 20 */
	assert_string_equal(cells_of(f, &r, "gender"),
	    "Female:<5,ns,15|Male:<5,<5,5|Non-binary:<5,<5,<5|"
	    "Another answer or not shown:<5,<5,<5|Not given:<5,<5,<5|Total:5,15,20");
	/* country: UK 2 and 11 (13); India 4 and 1 (5: a row of its own);
	 * Eritrea (1) folds into Another; not given m4, e1, e2 */
	assert_string_equal(cells_of(f, &r, "country"),
	    "United Kingdom:<5,ns,15|India:<5,<5,5|Another answer or not shown:<5,<5,<5|"
	    "Not given:<5,<5,<5|Total:5,15,20");
	/* age: every band always, none from a value; 12 mentees 35 to 44 */
	assert_string_equal(cells_of(f, &r, "age"),
	    "Under 25:<5,<5,<5|25 to 34:<5,<5,<5|35 to 44:<5,ns,15|45 to 54:<5,<5,<5|"
	    "55 to 64:<5,<5,<5|65 and over:<5,<5,<5|Not given:<5,<5,<5|Total:5,15,20");
	/* the CSV carries exactly the page's cells */
	size_t len;
	const char *csv = app_report_csv(f->a, app_report_table(&r, "gender"), &len);
	assert_string_equal(csv, ",Mentors,Mentees,Total\r\n"
	    "Female,fewer than 5,not shown,15\r\nMale,fewer than 5,fewer than 5,5\r\n"
	    "Non-binary,fewer than 5,fewer than 5,fewer than 5\r\n"
	    "Another answer or not shown,fewer than 5,fewer than 5,fewer than 5\r\n"
	    "Not given,fewer than 5,fewer than 5,fewer than 5\r\nTotal,5,15,20\r\n");
	assert_null(strstr(csv, "Trans"));
	assert_null(strstr(csv, "Eritrea"));
}

static int64_t
field(struct fixture *f, int64_t scheme, const char *label, const char *kind,
    const char *visibility, const char *applies_to, int is_retired)
{
	sql(f, "INSERT INTO scheme_fields (scheme_id, label, kind, visibility, applies_to, "
	    "is_retired, created_at) VALUES (%lld, '%s', '%s', '%s', '%s', %d, 1)",
	    (long long)scheme, label, kind, visibility, applies_to, is_retired);
	return sqlite3_last_insert_rowid(f->db->conn);
}

static void
answer(struct fixture *f, int64_t user, int64_t field_id, const char *value)
{
	sql(f, "INSERT INTO field_values (user_id, field_id, value, updated_at) VALUES (%lld, "
	    "%lld, '%s', 1)", (long long)user, (long long)field_id, value);
}

/* ADM-4 with PRO-2: a scheme's own equality questions get equality
 * tables of their own, their choices as fixed rows, suppressed and
 * rounded like the built-in ones, and withheld when fewer than 20 are
 * asked; public and retired questions, and other schemes' questions,
 * do not. */
static void
test_scheme_equality_questions(void **state)
{
	struct fixture *f = *state;
	struct app_report r;
	int64_t ethnic = field(f, f->scheme, "Ethnic group", "choice", "equality", "both", 0);
	sql(f, "UPDATE scheme_fields SET choices = 'White British\nAsian\nBlack British' "
	    "WHERE id = %lld", (long long)ethnic);
	int64_t faith = field(f, f->scheme, "Faith", "multi", "equality", "mentee", 0);
	int64_t hobby = field(f, f->scheme, "Hobby", "text", "public", "both", 0);
	int64_t old = field(f, f->scheme, "Old question", "text", "equality", "both", 1);
	int64_t other = field(f, f->other, "Elsewhere", "text", "equality", "both", 0);
	answer(f, f->m1, ethnic, "White British");
	answer(f, f->m2, ethnic, "white british ");
	answer(f, f->e1, ethnic, "Asian");
	answer(f, f->e2, ethnic, "White British");
	answer(f, f->e3, ethnic, "Asian");             /* deactivated: not counted */
	answer(f, f->e1, faith, "Christian\nNone");
	answer(f, f->m1, faith, "Christian");           /* a mentee-only question */
	answer(f, f->m1, hobby, "Chess");
	answer(f, f->m1, old, "Anything");
	answer(f, f->m1, other, "Anything");
	/* 17 more active people who did not answer: 22 asked the ethnic
	 * group, 15 mentees the faith question */
	people(f, 13, "mentee", "", "", "");
	people(f, 4, "mentor", "", "", "");
	get(f, &site_admin, f->scheme, 0, &r);

	/* ethnic group: White British 2 mentors (two spellings) and 1
	 * mentee, Asian 1 mentee, Black British none (a choice: its row is
	 * always there), not given 5 mentors and 13 mentees */
	const char *slug = arena_printf(f->a, "question-%lld", (long long)ethnic);
	const struct app_report_table *t = app_report_table(&r, slug);
	assert_non_null(t);
	assert_true(t->is_equality);
	assert_string_equal(t->title, "Equality monitoring: Ethnic group");
	assert_string_equal(cells_of(f, &r, slug), "White British:<5,<5,<5|Asian:<5,<5,<5|"
	    "Black British:<5,<5,<5|Another answer or not shown:<5,<5,<5|"
	    "Not given:5,15,20|Total:5,15,20");

	/* faith asks the 15 active mentees only: withheld */
	slug = arena_printf(f->a, "question-%lld", (long long)faith);
	t = app_report_table(&r, slug);
	assert_non_null(t);
	assert_non_null(t->withheld);
	assert_non_null(strstr(t->withheld, "asked this question"));
	assert_non_null(strstr(t->description, "counts once for each"));

	assert_null(app_report_table(&r, arena_printf(f->a, "question-%lld", (long long)hobby)));
	assert_null(app_report_table(&r, arena_printf(f->a, "question-%lld", (long long)old)));
	assert_null(app_report_table(&r, arena_printf(f->a, "question-%lld", (long long)other)));

	/* a cohort: withheld */
	sql(f, "INSERT INTO cohorts (scheme_id, name, created_at, updated_at) VALUES (%lld, "
	    "'Spring', 1, 1)", (long long)f->scheme);
	int64_t c = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO cohort_members (cohort_id, user_id, added_at) VALUES (%lld, %lld, 1)",
	    (long long)c, (long long)f->e1);
	get(f, &site_admin, f->scheme, c, &r);
	slug = arena_printf(f->a, "question-%lld", (long long)ethnic);
	assert_non_null(app_report_table(&r, slug)->withheld);

	/* the site roll-up has no scheme's questions */
	get(f, &site_admin, 0, 0, &r);
	assert_null(app_report_table(&r, slug));
}

/* ADM-4, ADM-5: the period stops at today ("so far"), a scheme's
 * default period does not start before the scheme, an empty scheme has
 * nothing to report, and the dashboard's training is the standards'
 * (verified records only, one percentage rounding). */
static void
test_period_and_consistency(void **state)
{
	struct fixture *f = *state;
	struct app_report r;
	struct app_problems ps = {0};
	/* the current year, as the annual report asks: cut at today */
	struct app_report_in in = {.scheme_id = f->scheme, .from = "2026-01-01",
		.to = "2026-12-31"};
	assert_int_equal(app_report_get(f->db, f->a, &site_admin, &in, &r, &ps), ERR_OK);
	assert_true(r.is_so_far);
	assert_string_equal(r.range.to, "2026-11-23");
	assert_string_equal(r.today, "2026-11-23");
	const struct app_report_table *m = app_report_table(&r, "months");
	assert_int_equal(m->nrows, 11);                       /* January to November */
	get(f, &site_admin, f->scheme, 0, &r);
	assert_false(r.is_so_far);

	/* a scheme started on 1 October 2026: from 1 October, not December 2025 */
	sql(f, "INSERT INTO schemes (slug, name, created_at) VALUES ('c', 'Scheme C', %lld)",
	    (long long)(J + 273 * DAY + 10 * HOUR));
	int64_t c = sqlite3_last_insert_rowid(f->db->conn);
	sql(f, "INSERT INTO scheme_settings (scheme_id, updated_at) VALUES (%lld, 1)",
	    (long long)c);
	in = (struct app_report_in){.scheme_id = c};
	assert_int_equal(app_report_get(f->db, f->a, &site_admin, &in, &r, &ps), ERR_OK);
	assert_string_equal(r.range.from, "2026-10-01");
	/* nobody has joined it: nothing to report, no tables of zeros */
	assert_true(r.is_empty);
	assert_int_equal(r.ntables, 0);

	/* the standards count the same mentors the same way */
	struct app_standards_page p;
	assert_int_equal(app_standards_page(f->db, f->a, &site_admin, f->scheme, 0, &p), ERR_OK);
	get(f, &site_admin, f->scheme, 0, &r);
	assert_int_equal(p.ev.mentors, 3);
	assert_int_equal(p.ev.trained, 0);
	assert_string_equal(at(&r, "training", "In date", "Mentors"), "0");
	assert_int_equal(p.ev.refresher_due, 1);
	assert_int_equal(p.ev.awaiting_verification, 1);
	assert_string_equal(p.as_at, r.today);
	assert_int_equal(app_report_percent(2, 3), 67);
	assert_string_equal(app_annual_percent(f->a, 2, 3), "67%");
}

static void
test_access(void **state)
{
	struct fixture *f = *state;
	struct app_report r;
	struct app_problems ps = {0};
	struct app_view other_admin = {.scheme_id = 2, .role = "scheme_admin"};
	other_admin.scheme_id = f->other;
	struct app_auth olga = {.user_id = 998, .username = "olga", .views = &other_admin,
		.nviews = 1, .active = &other_admin};
	struct app_view mentor_view = {.scheme_id = f->scheme, .role = "mentor"};
	struct app_auth m1 = {.user_id = f->m1, .username = "m1", .views = &mentor_view,
		.nviews = 1, .active = &mentor_view};
	struct app_report_in in = {.scheme_id = f->scheme};
	assert_int_equal(app_report_get(f->db, f->a, &olga, &in, &r, &ps), ERR_NOT_FOUND);
	assert_int_equal(app_report_get(f->db, f->a, &m1, &in, &r, &ps), ERR_NOT_FOUND);
	in.scheme_id = 0;
	assert_int_equal(app_report_get(f->db, f->a, &olga, &in, &r, &ps), ERR_NOT_FOUND);
	/* olga's own scheme, but a cohort of scheme A */
	sql(f, "INSERT INTO cohorts (scheme_id, name, created_at, updated_at) VALUES (%lld, "
	    "'A only', 1, 1)", (long long)f->scheme);
	in = (struct app_report_in){.scheme_id = f->other,
		.cohort_id = sqlite3_last_insert_rowid(f->db->conn)};
	assert_int_equal(app_report_get(f->db, f->a, &olga, &in, &r, &ps), ERR_NOT_FOUND);
	in.cohort_id = 0;
	assert_int_equal(app_report_get(f->db, f->a, &olga, &in, &r, &ps), ERR_OK);
	assert_int_equal(ps.n, 0);
	/* bad dates: problems on the fields */
	in.from = "2026-02-30";
	assert_int_equal(app_report_get(f->db, f->a, &olga, &in, &r, &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "from");
	/* the site roll-up adds both schemes: r1 r2 r3 and B's */
	get(f, &site_admin, 0, 0, &r);
	assert_string_equal(at(&r, "relationships", "Live during the period", "Relationships"), "4");
	assert_string_equal(at(&r, "sessions", "Sessions that took place", "In the period"), "6");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suppress_single),
		cmocka_unit_test(test_suppress_two_in_a_row),
		cmocka_unit_test(test_suppress_chain),
		cmocka_unit_test(test_suppress_zeros_and_large),
		cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort_and_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equality_privacy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scheme_equality_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_and_consistency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
