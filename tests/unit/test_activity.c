/*
 * test_activity.c - app/activity: the rules of activity logs (SES-7),
 * My activity's date ranges (SES-8) and the evidence CSV (SES-11).
 *
 * Pure rules as tables: did a session take place (status x time x
 * answers), who may write which part of a log (actor x part), CSV
 * quoting and formula prefixing, typed dates and ranges (defaults, from
 * after to, the 5-year limit, midnight in Europe/London's summer time).
 * Then against a database: the mentor writes the summary, the mentee
 * their notes after it, an administrator never (403), another pair's
 * person never (404), not before the session took place or after the
 * relationship ended (409); administrators read only under the scheme's
 * rule, audited; the emails each write sends.
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

#include "app/activity.h"
#include "app/relationship.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)

/* ---- pure rules ---- */

static void
test_took_place(void **state)
{
	(void)state;
	static const struct {
		const char *status;
		int64_t ends_in;          /* ends_at - now */
		const char *mentor, *mentee;
		bool took_place;
	} cases[] = {
		{"logged", 3600, "yes", "", true},     /* logged counts at once */
		{"logged", -3600, "yes", "yes", true},
		{"logged", -3600, "yes", "no", false}, /* SES-10: a "no" from either */
		{"logged", -3600, "no", "yes", false},
		{"agreed", 60, "", "", false},         /* not over yet */
		{"agreed", 0, "", "", true},           /* over at its end */
		{"agreed", -60, "", "", true},
		{"agreed", -60, "", "no", false},
		{"proposed", -60, "", "", false},
		{"declined", -60, "", "", false},
		{"cancelled", -60, "", "", false},
		{"removed", -60, "yes", "", false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct db_msession s = {.status = cases[i].status, .ends_at = T0 + cases[i].ends_in,
		    .mentor_answer = cases[i].mentor, .mentee_answer = cases[i].mentee};
		if (app_activity_took_place(&s, T0) != cases[i].took_place)
			fail_msg("case %zu (%s, %lld)", i, cases[i].status,
			    (long long)cases[i].ends_in);
		/* SES-7 agrees with SES-5: the row's `counts` (the SQL rule)
		 * set as the rule says never changes the answer, and a row
		 * that counts always took place */
		s.counts = cases[i].took_place;
		if (app_activity_took_place(&s, T0) != cases[i].took_place)
			fail_msg("case %zu with counts", i);
		s.counts = true;
		assert_true(app_activity_took_place(&s, T0));
	}
}

static void
test_may_write(void **state)
{
	(void)state;
	static const struct {
		enum lc_actor who;
		enum app_log_part part;
		enum err rc;
		enum app_log_part got;
	} cases[] = {
		{LC_MENTOR, APP_LOG_MINE, ERR_OK, APP_LOG_SUMMARY},
		{LC_MENTOR, APP_LOG_SUMMARY, ERR_OK, APP_LOG_SUMMARY},
		{LC_MENTOR, APP_LOG_NOTES, ERR_FORBIDDEN, 0},
		{LC_MENTEE, APP_LOG_MINE, ERR_OK, APP_LOG_NOTES},
		{LC_MENTEE, APP_LOG_NOTES, ERR_OK, APP_LOG_NOTES},
		{LC_MENTEE, APP_LOG_SUMMARY, ERR_FORBIDDEN, 0},
		{LC_ADMIN, APP_LOG_MINE, ERR_FORBIDDEN, 0},
		{LC_ADMIN, APP_LOG_SUMMARY, ERR_FORBIDDEN, 0},
		{LC_ADMIN, APP_LOG_NOTES, ERR_FORBIDDEN, 0},
		{LC_OTHER, APP_LOG_SUMMARY, ERR_NOT_FOUND, 0},
		{LC_OTHER, APP_LOG_NOTES, ERR_NOT_FOUND, 0},
		{LC_SYSTEM, APP_LOG_MINE, ERR_NOT_FOUND, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum app_log_part got = APP_LOG_MINE;
		enum err rc = app_log_may_write(cases[i].who, cases[i].part, &got);
		if (rc != cases[i].rc || (rc == ERR_OK && got != cases[i].got))
			fail_msg("case %zu: rc %d part %d", i, rc, got);
	}
}

static void
test_csv_cell(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{"", ""},
		{"plain text", "plain text"},
		{"Smith, Jo", "\"Smith, Jo\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\nlines", "\"two\nlines\""},
		{"cr\rhere", "\"cr\rhere\""},
		{"=SUM(A1:A2)", "'=SUM(A1:A2)"},
		{"+44 20", "'+44 20"},
		{"-1", "'-1"},
		{"@cmd", "'@cmd"},
		{"\tTAB", "'\tTAB"},
		{"\rCR", "\"'\rCR\""},
		{"=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""},
		{"a=b", "a=b"},                 /* only the first character matters */
		{"2026-11-23", "2026-11-23"},
		{"Zoë", "Zoë"},
	};
	struct arena *a = arena_new(0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		buf_init_arena(&b, a, 1024);
		app_csv_cell(&b, cases[i].in);
		assert_string_equal(buf_str(&b), cases[i].out);
	}
	arena_free(a);
}

static void
test_parse_date(void **state)
{
	(void)state;
	static const struct { const char *in, *iso; } cases[] = {
		{"2026-11-23", "2026-11-23"},
		{"2024-02-29", "2024-02-29"},
		{"2026-02-29", NULL},
		{"2026-13-01", NULL},
		{"23/11/2026", "2026-11-23"},
		{"1/4/2026", "2026-04-01"},
		{"01.04.2026", "2026-04-01"},
		{"31/02/2026", NULL},
		{"0/1/2026", NULL},
		{"1/1/26", NULL},
		{"1//2026", NULL},
		{"a/b/cdef", NULL},
		{"", NULL},
		{"2026-11-23x", NULL},
		{"yesterday", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char iso[11];
		enum err rc = app_activity_parse_date(cases[i].in, iso);
		if (cases[i].iso == NULL) {
			if (rc != ERR_BAD_INPUT)
				fail_msg("case %zu (%s) accepted", i, cases[i].in);
		} else {
			assert_int_equal(rc, ERR_OK);
			assert_string_equal(iso, cases[i].iso);
		}
	}
}

static void
test_range(void **state)
{
	(void)state;
	/* 31 March 2026, 12:00 UTC (13:00 BST) */
	const int64_t now = INT64_C(1774958400);
	static const struct {
		const char *from, *to;
		bool everything;
		const char *field;        /* the first problem's field, NULL none */
		const char *want_from, *want_to;
	} cases[] = {
		{"", "", false, NULL, "2026-02-28", "2026-03-31"},   /* a month back, clamped */
		{"", "2024-03-30", false, NULL, "2024-02-29", "2024-03-30"},
		{"2026-01-01", "", false, NULL, "2026-01-01", "2026-03-31"},
		{"2026-03-31", "2026-03-31", false, NULL, "2026-03-31", "2026-03-31"},
		{"2026-04-01", "2026-03-31", false, "from", NULL, NULL},
		{"2021-03-31", "2026-03-31", false, NULL, "2021-03-31", "2026-03-31"},
		{"2021-03-30", "2026-03-31", false, "from", NULL, NULL},  /* over 5 years */
		{"2026-02-30", "", false, "from", NULL, NULL},
		{"", "31/13/2026", false, "to", NULL, NULL},
		{"", "", true, NULL, "", "2026-03-31"},                  /* everything */
		{"2000-01-01", "2026-03-31", true, NULL, "2000-01-01", "2026-03-31"},
		{"", "2026-01-31", true, NULL, "1970-01-01", "2026-01-31"},
		{"2026-02-01", "2026-01-01", true, "from", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_range r;
		struct app_problems ps = {0};
		enum err rc = app_activity_range(cases[i].from, cases[i].to, "Europe/London", now,
		    cases[i].everything, &r, &ps);
		if (cases[i].field != NULL) {
			if (rc != ERR_BAD_INPUT || ps.n == 0 ||
			    strcmp(ps.p[0].field, cases[i].field) != 0)
				fail_msg("case %zu: rc %d, %zu problems", i, rc, ps.n);
			continue;
		}
		if (rc != ERR_OK)
			fail_msg("case %zu: rc %d (%s)", i, rc, ps.n ? ps.p[0].message : "");
		assert_string_equal(r.from, cases[i].want_from);
		assert_string_equal(r.to, cases[i].want_to);
	}

	/* the instants: midnight in the zone, to the midnight after `to`;
	 * 1 July is in summer time, so it starts at 23:00 UTC the day before */
	struct app_range r;
	struct app_problems ps = {0};
	assert_int_equal(app_activity_range("2026-07-01", "2026-07-01", "Europe/London", now,
	    false, &r, &ps), ERR_OK);
	assert_int_equal(r.from_at, INT64_C(1782860400));   /* 2026-06-30T23:00Z */
	assert_int_equal(r.to_at, r.from_at + DAY);
	/* the day the clocks go back is 25 hours long */
	assert_int_equal(app_activity_range("2026-10-25", "2026-10-25", "Europe/London", now,
	    false, &r, &ps), ERR_OK);
	assert_int_equal(r.to_at - r.from_at, 25 * 3600);
	assert_int_equal(app_activity_range("", "", "Europe/London", now, true, &r, &ps),
	    ERR_OK);
	assert_true(r.is_everything);
	assert_int_equal(r.from_at, 0);
	assert_int_equal(r.to_at, INT64_MAX);
}

static void
test_words(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(app_activity_minutes_words(a, 0), "0 hours");
	assert_string_equal(app_activity_minutes_words(a, 45), "45 minutes");
	assert_string_equal(app_activity_minutes_words(a, 60), "1 hour");
	assert_string_equal(app_activity_minutes_words(a, 61), "1 hour 1 minute");
	assert_string_equal(app_activity_minutes_words(a, 150), "2 hours 30 minutes");
	assert_string_equal(app_activity_hours_decimal(a, 0), "0.00");
	assert_string_equal(app_activity_hours_decimal(a, 90), "1.50");
	assert_string_equal(app_activity_hours_decimal(a, 20), "0.33");
	assert_string_equal(app_activity_hours_decimal(a, 50), "0.83");
	arena_free(a);
}

/* ---- against a database ---- */

enum { P_MENTOR, P_MENTEE, P_ADMIN, P_OTHER, P__N };

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme;
	int64_t id[P__N];
	struct app_auth me[P__N];
	struct app_view views[P__N];
	int64_t rel;
	int64_t past, future, said_no;   /* sessions */
};


static size_t
mails_to(struct fixture *f, const char *username)
{
	struct db_mail *mail;
	size_t n, k = 0;
	char to[128];
	snprintf(to, sizeof(to), "%s@example.nhs.uk", username);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 500, &mail, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		k += strcmp(mail[i].to_addr, to) == 0;
	return k;
}

static int64_t
add_session(struct fixture *f, int64_t starts_at, const char *status, const char *mentee)
{
	int64_t id = 0;
	struct db_msession_new in = {
		.relationship_id = f->rel, .starts_at = starts_at, .minutes = 60,
		.format = "video", .place = "", .status = status, .added_by = f->id[P_MENTOR],
		.batch_id = 1, .mentor_answer = strcmp(status, "logged") == 0 ? "yes" : "",
		.mentee_answer = mentee,
	};
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(db_msession_add(f->db, &in, T0, &id), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	return id;
}

static int
setup(void **state)
{
	static const char *const names[P__N] = {"mentor", "mentee", "admin", "other"};
	static const char *const roles[P__N] = {"mentor", "mentee", "scheme_admin", "mentee"};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("activity", f->dir, f->path, &f->db) != 0)
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
	f->past = add_session(f, T0 + 2 * DAY, "logged", "");
	f->said_no = add_session(f, T0 + 3 * DAY, "logged", "no");
	f->future = add_session(f, T0 + 30 * DAY, "proposed", "");
	clock_set(T0 + 10 * DAY);
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

static enum err
log_write(struct fixture *f, int who, int64_t session, enum app_log_part part, const char *text,
    struct app_problems *ps)
{
	memset(ps, 0, sizeof(*ps));
	return app_log_write(f->db, f->a, &f->me[who], session, part, text, "https://t.example",
	    "", ps);
}

/* SES-7: who may write which part, in which state. */
static void
test_log_writes(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps;
	struct app_session_log l;
	size_t mentee_mails = mails_to(f, "mentee"), mentor_mails = mails_to(f, "mentor");

	/* the mentee waits for the summary */
	assert_int_equal(log_write(f, P_MENTEE, f->past, APP_LOG_MINE, "Mine", &ps), ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_LOG_NO_SUMMARY);
	/* nobody else, ever */
	assert_int_equal(log_write(f, P_ADMIN, f->past, APP_LOG_SUMMARY, "A", &ps), ERR_FORBIDDEN);
	assert_int_equal(log_write(f, P_ADMIN, f->past, APP_LOG_NOTES, "A", &ps), ERR_FORBIDDEN);
	assert_int_equal(log_write(f, P_OTHER, f->past, APP_LOG_MINE, "O", &ps), ERR_NOT_FOUND);
	assert_int_equal(log_write(f, P_MENTOR, 99999, APP_LOG_MINE, "X", &ps), ERR_NOT_FOUND);
	/* the wrong part */
	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_NOTES, "N", &ps), ERR_FORBIDDEN);
	/* took place: not a future proposal, not one the mentee said did not happen */
	assert_int_equal(log_write(f, P_MENTOR, f->future, APP_LOG_MINE, "S", &ps), ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_LOG_NOT_TAKEN_PLACE);
	assert_int_equal(log_write(f, P_MENTOR, f->said_no, APP_LOG_MINE, "S", &ps), ERR_CONFLICT);
	/* bad text */
	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_MINE, " \n ", &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "summary");
	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_MINE, NULL, &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "Summary must be 8000 characters or fewer");
	char *longer = calloc(1, 8002);
	memset(longer, 'x', 8001);
	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_MINE, longer, &ps), ERR_BAD_INPUT);
	/* 8000 characters of two bytes each are within the limit */
	char *wide = calloc(1, 16001);
	for (size_t i = 0; i < 8000; i++)
		memcpy(wide + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_MINE, wide, &ps), ERR_OK);
	free(longer);
	free(wide);
	assert_int_equal(mails_to(f, "mentee"), mentee_mails + 1);
	assert_int_equal(mails_to(f, "mentor"), mentor_mails);

	/* the summary, then the mentee's notes; each tells the other */
	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_SUMMARY, "We met.", &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentee"), mentee_mails + 2);
	assert_int_equal(log_write(f, P_MENTEE, f->past, APP_LOG_MINE, "", &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "notes");
	assert_int_equal(log_write(f, P_MENTEE, f->past, APP_LOG_SUMMARY, "No", &ps), ERR_FORBIDDEN);
	assert_int_equal(log_write(f, P_MENTEE, f->past, APP_LOG_NOTES, "Thanks.", &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentor"), mentor_mails + 1);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_MENTOR], f->past, "", &l), ERR_OK);
	assert_string_equal(l.log.summary, "We met.");
	assert_string_equal(l.log.mentee_notes, "Thanks.");
	assert_true(l.can_write_summary);
	assert_false(l.can_write_notes);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_MENTEE], f->past, "", &l), ERR_OK);
	assert_true(l.can_write_notes);
	assert_false(l.can_write_summary);
	/* the mentee may clear their notes; nobody is told */
	assert_int_equal(log_write(f, P_MENTEE, f->past, APP_LOG_NOTES, "", &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentor"), mentor_mails + 1);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_MENTEE], f->past, "", &l), ERR_OK);
	assert_string_equal(l.log.mentee_notes, "");
	assert_string_equal(l.log.summary, "We met.");

	/* after the relationship ended: read, never write (REL-4, REL-5) */
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-12-02", "", "", &ps), ERR_OK);
	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_MINE, "Later", &ps), ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_REL_ENDED);
	assert_int_equal(log_write(f, P_MENTEE, f->past, APP_LOG_MINE, "Later", &ps), ERR_CONFLICT);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_MENTEE], f->past, "", &l), ERR_OK);
	assert_string_equal(l.log.summary, "We met.");
	assert_false(l.is_live);
	assert_false(l.can_write_notes);
}

/* Audit rows by `actor` with `action` about `subject`. */
static size_t
audited(struct fixture *f, int64_t actor, const char *action, const char *subject)
{
	struct db_audit *rows;
	size_t n, k = 0;
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1000, &rows, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		k += rows[i].actor_id == actor && strcmp(rows[i].action, action) == 0 &&
		    strcmp(rows[i].subject, subject) == 0;
	return k;
}

/* NOTE-2: administrators read only under the scheme's rule, audited. */
static void
test_log_admin_reads(void **state)
{
	struct fixture *f = *state;
	struct app_session_log l;
	struct app_problems ps;

	assert_int_equal(log_write(f, P_MENTOR, f->past, APP_LOG_MINE, "Private", &ps), ERR_OK);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_ADMIN], f->past, "", &l),
	    ERR_FORBIDDEN);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_OTHER], f->past, "", &l),
	    ERR_NOT_FOUND);
	char subject[40];
	snprintf(subject, sizeof(subject), "session_log:%lld", (long long)f->past);
	assert_int_equal(audited(f, f->id[P_ADMIN], "content.view", subject), 0);

	struct db_scheme_settings set;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme, &set), ERR_OK);
	set.admin_sees_documents = true;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(db_scheme_settings_put(f->db, &set), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_ADMIN], f->past, "10.0.0.1", &l),
	    ERR_OK);
	assert_string_equal(l.log.summary, "Private");
	assert_int_equal(l.actor, LC_ADMIN);
	assert_false(l.can_write_summary);
	assert_false(l.can_write_notes);
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_ADMIN], f->past, "10.0.0.1", &l),
	    ERR_OK);
	assert_int_equal(audited(f, f->id[P_ADMIN], "content.view", subject), 2);
	/* still never a writer */
	assert_int_equal(log_write(f, P_ADMIN, f->past, APP_LOG_MINE, "Admin", &ps), ERR_FORBIDDEN);
	/* the pair's reads are not audited as administrators' */
	assert_int_equal(app_log_get(f->db, f->a, &f->me[P_MENTEE], f->past, "", &l), ERR_OK);
	assert_int_equal(audited(f, f->id[P_MENTEE], "content.view", subject), 0);
	/* the write itself was audited, by id, never its text */
	assert_int_equal(audited(f, f->id[P_MENTOR], "session_log.summary", subject), 1);
}

/* SES-8 and SES-11 over the fixture: totals from the sessions that took
 * place, the proposal and the "no" left out of the hours. */
static void
test_activity_and_evidence(void **state)
{
	struct fixture *f = *state;
	struct app_range r;
	struct app_problems ps = {0};
	struct app_activity act;
	struct app_evidence ev;
	size_t len;

	assert_int_equal(app_activity_range("2026-11-01", "2026-12-31", "Europe/London",
	    clock_now(), false, &r, &ps), ERR_OK);
	assert_int_equal(app_activity_mine(f->db, f->a, &f->me[P_MENTEE], &r, &act), ERR_OK);
	assert_int_equal(act.nsessions, 3);
	assert_int_equal(act.ngroups, 1);
	assert_false(act.groups[0].is_mentor);
	assert_int_equal(act.took_place, 1);
	assert_int_equal(act.minutes, 60);
	assert_int_equal(app_activity_mine(f->db, f->a, &f->me[P_OTHER], &r, &act), ERR_OK);
	assert_int_equal(act.nsessions, 0);

	assert_int_equal(app_activity_range("", "", "Europe/London", clock_now(), true, &r,
	    &ps), ERR_OK);
	assert_int_equal(app_evidence(f->db, f->a, &f->me[P_MENTOR], &r, &ev), ERR_OK);
	assert_int_equal(ev.nrels, 1);
	assert_true(ev.rels[0].is_mentor);
	assert_int_equal(ev.nsessions, 2);          /* the two logged, not the proposal */
	assert_int_equal(ev.took_place, 1);
	assert_int_equal(ev.minutes, 60);
	const char *csv = app_evidence_csv(f->a, &ev, &len);
	assert_int_equal(strlen(csv), len);
	assert_non_null(strstr(csv, "record,scheme,role,other_person,date,time,end_date,status,"
	    "sessions,hours,duration_minutes,format,counted,course,provider,verified,"
	    "time_zone\r\n"));
	assert_non_null(strstr(csv, "\r\nrelationship,Aspire,mentor,mentee Tester,"));
	/* SES-5, SES-10: the sessions module's words; no hours for the one
	 * answered "no"; the zone its time is in (November: GMT) */
	assert_non_null(strstr(csv, ",Taken place,,1.00,60,Video,yes,,,,GMT\r\n"));
	assert_non_null(strstr(csv, ",Did not take place,,0.00,60,Video,no,,,,GMT\r\n"));
	assert_null(strstr(csv, "Logged"));

	struct app_activity_home h;
	assert_int_equal(app_activity_home(f->db, f->a, &f->me[P_MENTOR], &h), ERR_OK);
	assert_int_equal(h.total_minutes, 60);
	assert_int_equal(h.month_minutes, 0);   /* it was in November; now is December */
	assert_int_equal(h.nrecent, 1);
	assert_int_equal(h.recent[0].id, f->past);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_took_place),
		cmocka_unit_test(test_may_write),
		cmocka_unit_test(test_csv_cell),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_words),
		cmocka_unit_test_setup_teardown(test_log_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_admin_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activity_and_evidence, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
