/*
 * test_sessions.c - app/sessions and db/sessions: the counting rule
 * (SES-5) with an injected clock (an agreed future session counts once
 * it has ended, a logged past one at once; cancelled, removed, declined
 * and "did not take place" never), the three-row form (SES-2: one bad
 * row and nothing is saved), the cap with an extension (REL-7), who may
 * do what (SES-4, SES-6, SES-10: 404 strangers, 403 administrators, 409
 * once ended or answered), the emails, the home page's questions, and
 * time zones (a summer 09:30 stored as 08:30 UTC and shown as 9:30am;
 * the hour skipped when the clocks go forward refused).
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

#include "app/sessions.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define BASE "https://tandem.example"   /* page_link_base in the emails */
#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)
#define DEC1_0930 INT64_C(1796117400)    /* Tuesday 1 December 2026 09:30 UTC (GMT) */
#define DEC10_1400 INT64_C(1796911200)   /* Thursday 10 December 2026 14:00 UTC */
#define JUN15_0830 INT64_C(1813048200)   /* 15 June 2027 08:30 UTC = 09:30 BST */

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

static int
setup(void **state)
{
	static const char *const names[P__N] = {"mentor", "mentee", "admin", "other"};
	static const char *const roles[P__N] = {"mentor", "mentee", "scheme_admin", "mentor"};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("sessions", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	for (int i = 0; i < P__N; i++) {
		f->id[i] = testpeople_add(f->db, f->scheme, names[i], roles[i], T0, &f->views[i],
		    &f->me[i]);
		char email[128];
		snprintf(email, sizeof(email), "%s@example.nhs.uk", names[i]);
		f->me[i].email = arena_strdup(f->a, email);
	}
	if (testpeople_pair(f->db, f->a, f->scheme, f->id[P_MENTOR], f->id[P_MENTEE],
	    f->id[P_ADMIN], &f->rel) != 0)
		return -1;
	clock_set(T0 + 10 * DAY);   /* Thursday 3 December 2026 */
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

/* One row as typed into the form. */
static struct app_session_row
row(const char *day, const char *month, const char *year, const char *time,
    const char *minutes, const char *format, const char *place)
{
	return (struct app_session_row){.date = "", .day = day, .month = month, .year = year,
	    .time = time, .minutes = minutes, .format = format, .place = place};
}

static const struct app_session_row empty_row = {.date = "", .day = "", .month = "",
	.year = "", .time = "", .minutes = "", .format = "", .place = ""};

/* Add one row as `who`; the new session's id (0 when refused). */
static enum err
add_one(struct fixture *f, int who, struct app_session_row r, int64_t *id,
    struct app_problems *ps)
{
	struct app_session_row rows[APP_SESSION_ROWS] = {r, empty_row, empty_row};
	struct app_sessions_added out;
	enum err rc = app_sessions_add(f->db, f->a, &f->me[who], f->rel, rows, BASE, "", ps,
	    &out);
	*id = rc == ERR_OK ? out.ids[0] : 0;
	return rc;
}

static int64_t
rel_minutes(struct fixture *f)
{
	int64_t m = -1;
	assert_int_equal(db_minutes_of_relationship(f->db, f->rel, clock_now(), &m), ERR_OK);
	return m;
}

static int64_t
user_minutes(struct fixture *f, int who)
{
	int64_t m = -1;
	assert_int_equal(db_minutes_of_user(f->db, f->id[who], clock_now(), &m), ERR_OK);
	return m;
}

static enum err
act(struct fixture *f, int who, int64_t id, enum app_session_action a)
{
	struct app_problems ps = {0};
	int64_t rel;
	return app_session_act(f->db, f->a, &f->me[who], id, a, "https://tandem.example", "",
	    &ps, &rel);
}

static const char *
status_of(struct fixture *f, int64_t id)
{
	struct db_msession s;
	assert_int_equal(db_msession_get(f->db, f->a, id, clock_now(), &s), ERR_OK);
	return s.status;
}

/* SES-5: a past session logged counts at once, for both people, and
 * SES-3 tells the other party once. */
static void
test_logged_counts_at_once(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id;
	size_t before = mails_to(f, "mentee");
	assert_int_equal(add_one(f, P_MENTOR, row("1", "12", "2026", "09:30", "60", "video",
	    "https://meet.example/abc"), &id, &ps), ERR_OK);
	assert_string_equal(status_of(f, id), "logged");
	assert_int_equal(rel_minutes(f), 60);
	assert_int_equal(user_minutes(f, P_MENTOR), 60);
	assert_int_equal(user_minutes(f, P_MENTEE), 60);
	assert_int_equal(user_minutes(f, P_OTHER), 0);
	assert_int_equal(mails_to(f, "mentee"), before + 1);
	/* SES-3: the email links to the relationship page */
	struct db_mail *mail;
	size_t nmail;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 500, &mail, &nmail), ERR_OK);
	const char *link = arena_printf(f->a, "%s/relationships/%lld", BASE, (long long)f->rel);
	bool linked = false;
	for (size_t i = 0; i < nmail; i++)
		if (strcmp(mail[i].to_addr, "mentee@example.nhs.uk") == 0 &&
		    strstr(mail[i].body_text, "recorded a session") != NULL)
			linked = strstr(mail[i].body_text, link) != NULL;
	assert_true(linked);
	struct db_msession s;
	assert_int_equal(db_msession_get(f->db, f->a, id, clock_now(), &s), ERR_OK);
	assert_true(s.counts);
	assert_int_equal(s.starts_at, DEC1_0930);
	assert_string_equal(s.mentor_answer, "yes");
	assert_string_equal(s.mentee_answer, "");
	/* per range: starting in [1 Dec, 2 Dec) */
	int64_t m;
	assert_int_equal(db_minutes_of_user_between(f->db, f->id[P_MENTEE], DEC1_0930 - 3600,
	    DEC1_0930 + DAY, clock_now(), &m), ERR_OK);
	assert_int_equal(m, 60);
	assert_int_equal(db_minutes_of_user_between(f->db, f->id[P_MENTEE], DEC1_0930 + 60,
	    DEC1_0930 + DAY, clock_now(), &m), ERR_OK);
	assert_int_equal(m, 0);
	struct db_msession *list;
	size_t n;
	assert_int_equal(db_msessions_of_user(f->db, f->a, f->id[P_MENTEE], 0, INT64_MAX,
	    clock_now(), 0, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].time_zone, "Europe/London");
}

/* SES-4, SES-5: proposed -> agreed by the other -> time passes -> counts. */
static void
test_agreed_counts_after_it_ends(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id;
	assert_int_equal(add_one(f, P_MENTOR, row("10", "12", "2026", "14:00", "90", "in_person",
	    "Room 2"), &id, &ps), ERR_OK);
	assert_string_equal(status_of(f, id), "proposed");
	assert_int_equal(rel_minutes(f), 0);
	/* the proposer cannot agree their own; the administrator may not */
	assert_int_equal(act(f, P_MENTOR, id, ASA_AGREE), ERR_CONFLICT);
	assert_int_equal(act(f, P_ADMIN, id, ASA_AGREE), ERR_FORBIDDEN);
	assert_int_equal(act(f, P_OTHER, id, ASA_AGREE), ERR_NOT_FOUND);
	size_t mentor_mails = mails_to(f, "mentor"), mentee_mails = mails_to(f, "mentee");
	assert_int_equal(act(f, P_MENTEE, id, ASA_AGREE), ERR_OK);
	assert_string_equal(status_of(f, id), "agreed");
	/* the proposer told, and both get the invitation */
	assert_int_equal(mails_to(f, "mentor"), mentor_mails + 1);
	assert_int_equal(mails_to(f, "mentee"), mentee_mails + 1);
	/* twice: the second loses */
	assert_int_equal(act(f, P_MENTEE, id, ASA_AGREE), ERR_CONFLICT);
	assert_int_equal(rel_minutes(f), 0);
	clock_set(DEC10_1400 + 89 * 60);
	assert_int_equal(rel_minutes(f), 0);
	clock_set(DEC10_1400 + 90 * 60);
	assert_int_equal(rel_minutes(f), 90);
	assert_int_equal(user_minutes(f, P_MENTOR), 90);
	assert_int_equal(user_minutes(f, P_MENTEE), 90);
	/* an agreed session that has started can no longer be cancelled */
	assert_int_equal(act(f, P_MENTOR, id, ASA_CANCEL), ERR_CONFLICT);
}

/* SES-6, SES-10: what never counts. */
static void
test_not_counted(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t declined, cancelled, withdrawn, removed, denied, confirmed;
	assert_int_equal(add_one(f, P_MENTOR, row("10", "12", "2026", "14:00", "60", "video",
	    ""), &declined, &ps), ERR_OK);
	assert_int_equal(add_one(f, P_MENTEE, row("11", "12", "2026", "14:00", "60", "phone",
	    ""), &cancelled, &ps), ERR_OK);
	assert_int_equal(add_one(f, P_MENTEE, row("12", "12", "2026", "14:00", "60", "phone",
	    ""), &withdrawn, &ps), ERR_OK);
	assert_int_equal(add_one(f, P_MENTOR, row("1", "12", "2026", "09:00", "60", "video",
	    ""), &removed, &ps), ERR_OK);
	assert_int_equal(add_one(f, P_MENTOR, row("2", "12", "2026", "09:00", "30", "video",
	    ""), &denied, &ps), ERR_OK);
	assert_int_equal(add_one(f, P_MENTEE, row("30", "11", "2026", "09:00", "45", "video",
	    ""), &confirmed, &ps), ERR_OK);
	assert_int_equal(rel_minutes(f), 60 + 30 + 45);

	assert_int_equal(act(f, P_MENTEE, declined, ASA_DECLINE), ERR_OK);
	assert_string_equal(status_of(f, declined), "declined");
	/* only the proposer withdraws a proposal */
	assert_int_equal(act(f, P_MENTOR, withdrawn, ASA_CANCEL), ERR_CONFLICT);
	assert_int_equal(act(f, P_MENTEE, withdrawn, ASA_CANCEL), ERR_OK);
	assert_string_equal(status_of(f, withdrawn), "cancelled");
	/* an agreed one cancelled by either: SEQUENCE raised for the CANCEL */
	assert_int_equal(act(f, P_MENTOR, cancelled, ASA_AGREE), ERR_OK);
	assert_int_equal(act(f, P_MENTOR, cancelled, ASA_CANCEL), ERR_OK);
	struct db_msession s;
	assert_int_equal(db_msession_get(f->db, f->a, cancelled, clock_now(), &s), ERR_OK);
	assert_string_equal(s.status, "cancelled");
	assert_int_equal(s.sequence, 1);
	/* a logged one removed by the logger before it is confirmed */
	assert_int_equal(act(f, P_MENTOR, removed, ASA_REMOVE), ERR_OK);
	assert_string_equal(status_of(f, removed), "removed");
	assert_int_equal(act(f, P_MENTOR, removed, ASA_REMOVE), ERR_CONFLICT);
	/* the other party says it did not take place */
	assert_int_equal(act(f, P_MENTOR, denied, ASA_NO), ERR_CONFLICT);  /* the logger */
	assert_int_equal(act(f, P_MENTEE, denied, ASA_NO), ERR_OK);
	assert_int_equal(act(f, P_MENTEE, denied, ASA_YES), ERR_CONFLICT);
	/* the other party confirms: it counts and can no longer be removed */
	assert_int_equal(act(f, P_MENTOR, confirmed, ASA_YES), ERR_OK);
	assert_int_equal(act(f, P_MENTEE, confirmed, ASA_REMOVE), ERR_CONFLICT);
	assert_int_equal(act(f, P_MENTOR, confirmed, ASA_REMOVE), ERR_CONFLICT);
	assert_int_equal(rel_minutes(f), 45);
	clock_set(T0 + 30 * DAY);
	assert_int_equal(rel_minutes(f), 45);
	assert_int_equal(user_minutes(f, P_MENTEE), 45);
}

/* SES-10: an agreed session that ended is asked about on both home
 * pages; a "no" from either stops it counting. */
static void
test_did_it_take_place(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id;
	assert_int_equal(add_one(f, P_MENTEE, row("10", "12", "2026", "14:00", "60", "video",
	    ""), &id, &ps), ERR_OK);
	assert_int_equal(act(f, P_MENTOR, id, ASA_AGREE), ERR_OK);
	struct app_home_sessions h;
	assert_int_equal(app_home_sessions(f->db, f->a, &f->me[P_MENTOR], &h), ERR_OK);
	assert_int_equal(h.nquestions, 0);
	assert_int_equal(act(f, P_MENTOR, id, ASA_YES), ERR_CONFLICT);   /* not ended yet */
	clock_set(DEC10_1400 + 3600);
	assert_int_equal(app_home_sessions(f->db, f->a, &f->me[P_MENTOR], &h), ERR_OK);
	assert_int_equal(h.nquestions, 1);
	assert_int_equal(h.minutes, 60);
	assert_int_equal(app_home_sessions(f->db, f->a, &f->me[P_MENTEE], &h), ERR_OK);
	assert_int_equal(h.nquestions, 1);
	assert_int_equal(act(f, P_MENTOR, id, ASA_YES), ERR_OK);
	assert_int_equal(app_home_sessions(f->db, f->a, &f->me[P_MENTOR], &h), ERR_OK);
	assert_int_equal(h.nquestions, 0);
	assert_int_equal(rel_minutes(f), 60);
	assert_int_equal(act(f, P_ADMIN, id, ASA_NO), ERR_FORBIDDEN);
	assert_int_equal(act(f, P_MENTEE, id, ASA_NO), ERR_OK);
	assert_int_equal(rel_minutes(f), 0);
	assert_int_equal(app_home_sessions(f->db, f->a, &f->me[P_MENTEE], &h), ERR_OK);
	assert_int_equal(h.nquestions, 0);
	assert_int_equal(h.minutes, 0);
}

/* REL-7: the cap, what frees a place, and an approved extension. */
static void
test_cap(void **state)
{
	struct fixture *f = *state;
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme, &st), ERR_OK);
	st.session_cap = 2;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	struct app_problems ps = {0};
	struct app_session_row rows[APP_SESSION_ROWS] = {
		row("10", "12", "2026", "14:00", "60", "video", ""),
		row("11", "12", "2026", "14:00", "60", "video", ""),
		row("12", "12", "2026", "14:00", "60", "video", ""),
	};
	struct app_sessions_added out;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, rows, "", "", &ps,
	    &out), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "sessions");
	assert_non_null(strstr(ps.p[0].message, "there are 2"));
	/* REL-7: no path in the sentence; the page puts the link beside it */
	assert_null(strstr(ps.p[0].message, "/extension"));
	assert_non_null(strstr(ps.p[0].message, "ask the scheme team for more sessions"));
	int64_t n;
	assert_int_equal(db_msessions_in_use(f->db, f->rel, clock_now(), &n), ERR_OK);
	assert_int_equal(n, 0);
	/* two fit */
	rows[2] = empty_row;
	ps.n = 0;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, rows, "", "", &ps,
	    &out), ERR_OK);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.nproposed, 2);
	int64_t id;
	ps.n = 0;
	assert_int_equal(add_one(f, P_MENTEE, row("1", "12", "2026", "09:00", "60", "video", ""),
	    &id, &ps), ERR_BAD_INPUT);
	assert_non_null(strstr(ps.p[0].message, "there are none"));
	assert_non_null(strstr(ps.p[0].message, "To add more, ask the scheme team for more "
	    "sessions"));
	/* a declined one frees its place */
	assert_int_equal(act(f, P_MENTEE, out.ids[0], ASA_DECLINE), ERR_OK);
	ps.n = 0;
	assert_int_equal(add_one(f, P_MENTEE, row("1", "12", "2026", "09:00", "60", "video", ""),
	    &id, &ps), ERR_OK);
	/* an approved extension of 2 more */
	int64_t x, rel;
	ps.n = 0;
	assert_int_equal(app_relationship_ask_extension(f->db, f->a, &f->me[P_MENTOR], f->rel, 2,
	    "More time needed", "", &ps, &x), ERR_OK);
	assert_int_equal(app_extension_decide(f->db, f->a, &f->me[P_ADMIN], x, true, "", "", &ps,
	    &rel), ERR_OK);
	rows[0] = row("14", "12", "2026", "14:00", "60", "video", "");
	rows[1] = row("15", "12", "2026", "14:00", "60", "video", "");
	rows[2] = row("16", "12", "2026", "14:00", "60", "video", "");
	ps.n = 0;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, rows, "", "", &ps,
	    &out), ERR_BAD_INPUT);
	rows[2] = empty_row;
	ps.n = 0;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, rows, "", "", &ps,
	    &out), ERR_OK);
	assert_int_equal(db_msessions_in_use(f->db, f->rel, clock_now(), &n), ERR_OK);
	assert_int_equal(n, 4);
	/* proposals nobody answered before their time free their places;
	 * the mentee's session of 1 December was logged and stays */
	clock_set(T0 + 40 * DAY);
	assert_int_equal(db_msessions_in_use(f->db, f->rel, clock_now(), &n), ERR_OK);
	assert_int_equal(n, 1);
}

/* REL-4: ending a relationship cancels what is still to come, so it
 * never counts, and withdraws the agreed session's invitation. */
static void
test_ending_cancels_future(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t agreed, proposed, logged;
	assert_int_equal(add_one(f, P_MENTOR, row("10", "12", "2026", "14:00", "60", "video", ""),
	    &agreed, &ps), ERR_OK);
	assert_int_equal(act(f, P_MENTEE, agreed, ASA_AGREE), ERR_OK);
	assert_int_equal(add_one(f, P_MENTOR, row("11", "12", "2026", "14:00", "60", "video", ""),
	    &proposed, &ps), ERR_OK);
	assert_int_equal(add_one(f, P_MENTEE, row("1", "12", "2026", "09:00", "60", "phone", ""),
	    &logged, &ps), ERR_OK);
	size_t before = mails_to(f, "mentee");
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-12-03", "", "", &ps), ERR_OK);
	struct db_msession s;
	assert_int_equal(db_msession_get(f->db, f->a, agreed, clock_now(), &s), ERR_OK);
	assert_string_equal(s.status, "cancelled");
	assert_int_equal(s.sequence, 1);
	assert_int_equal(db_msession_get(f->db, f->a, proposed, clock_now(), &s), ERR_OK);
	assert_string_equal(s.status, "cancelled");
	assert_int_equal(db_msession_get(f->db, f->a, logged, clock_now(), &s), ERR_OK);
	assert_string_equal(s.status, "logged");
	/* the ending email and the calendar cancellation */
	assert_true(mails_to(f, "mentee") >= before + 2);
	/* long after, the agreed session's time has passed: only the logged hour counts */
	clock_set(T0 + 60 * DAY);
	int64_t minutes;
	assert_int_equal(db_minutes_of_relationship(f->db, f->rel, clock_now(), &minutes), ERR_OK);
	assert_int_equal(minutes, 60);
}

/* SES-2: each row on its own; one bad row and nothing is saved. */
static void
test_three_rows(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_sessions_added out;
	struct app_session_row rows[APP_SESSION_ROWS] = {
		row("10", "12", "2026", "14:00", "60", "video", ""),
		row("11", "12", "2026", "25:00", "60", "video", ""),
		empty_row,
	};
	size_t mails = mails_to(f, "mentee");
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, rows, "", "", &ps,
	    &out), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "s2_time");
	struct db_msession *list;
	size_t n;
	assert_int_equal(db_msessions_of_relationship(f->db, f->a, f->rel, clock_now(), &list,
	    &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(mails_to(f, "mentee"), mails);

	/* every kind of mistake, each on its row's field */
	static const struct {
		struct app_session_row r;
		const char *field;
	} bad[] = {
		{{"", "31", "2", "2027", "10:00", "60", "video", ""}, "s1_date"},
		{{"", "10", "12", "", "10:00", "60", "video", ""}, "s1_date"},
		{{"", "", "", "", "10:00", "60", "video", ""}, "s1_date"},
		{{"", "1", "11", "2026", "10:00", "60", "video", ""}, "s1_date"},   /* before start */
		{{"", "1", "1", "2028", "10:00", "60", "video", ""}, "s1_date"},    /* > a year */
		{{"", "10", "12", "2026", "", "60", "video", ""}, "s1_time"},
		{{"", "10", "12", "2026", "9:5", "60", "video", ""}, "s1_time"},
		{{"", "10", "12", "2026", "10:00", "4", "video", ""}, "s1_minutes"},
		{{"", "10", "12", "2026", "10:00", "601", "video", ""}, "s1_minutes"},
		{{"", "10", "12", "2026", "10:00", "", "video", ""}, "s1_minutes"},
		{{"", "10", "12", "2026", "10:00", "60", "carrier pigeon", ""}, "s1_format"},
		{{"2026-02-30", "", "", "", "10:00", "60", "video", ""}, "s1_date"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_session_row r3[APP_SESSION_ROWS] = {bad[i].r, empty_row, empty_row};
		ps.n = 0;
		assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, r3, "", "",
		    &ps, &out), ERR_BAD_INPUT);
		assert_true(ps.n >= 1);
		assert_string_equal(ps.p[0].field, bad[i].field);
	}
	/* a place too long (characters, not bytes) */
	char *place = arena_alloc(f->a, 2 * 501 + 1);
	for (int i = 0; i < 501; i++)
		memcpy(place + 2 * i, "\xc3\xa9", 2);
	place[2 * 501] = '\0';
	struct app_session_row r3[APP_SESSION_ROWS] = {
		row("10", "12", "2026", "10:00", "60", "video", place), empty_row, empty_row};
	ps.n = 0;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, r3, "", "", &ps,
	    &out), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "s1_place");
	place[2 * 500] = '\0';   /* 500 characters, 1000 bytes: fine */
	ps.n = 0;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, r3, "", "", &ps,
	    &out), ERR_OK);
	/* all empty: at least one */
	struct app_session_row none[APP_SESSION_ROWS] = {empty_row, empty_row, empty_row};
	ps.n = 0;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, none, "", "", &ps,
	    &out), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "s1_date");
	/* one update: one batch, one email, past and future mixed */
	struct app_session_row mixed[APP_SESSION_ROWS] = {
		row("2", "12", "2026", "09:00", "60", "video", ""),
		empty_row,
		row("20", "12", "2026", "09:00", "60", "phone", ""),
	};
	mails = mails_to(f, "mentee");
	ps.n = 0;
	assert_int_equal(app_sessions_add(f->db, f->a, &f->me[P_MENTOR], f->rel, mixed, "", "", &ps,
	    &out), ERR_OK);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.nlogged, 1);
	assert_int_equal(out.nproposed, 1);
	assert_int_equal(mails_to(f, "mentee"), mails + 1);
	struct db_msession a, b;
	assert_int_equal(db_msession_get(f->db, f->a, out.ids[0], clock_now(), &a), ERR_OK);
	assert_int_equal(db_msession_get(f->db, f->a, out.ids[1], clock_now(), &b), ERR_OK);
	assert_int_equal(a.batch_id, b.batch_id);
	assert_true(a.batch_id > 0);
}

/* SES-9 time zones: typed in the scheme's zone, stored in UTC. */
static void
test_time_zone(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id;
	assert_int_equal(add_one(f, P_MENTOR, row("15", "6", "2027", "09:30", "60", "video", ""),
	    &id, &ps), ERR_OK);
	struct db_msession s;
	assert_int_equal(db_msession_get(f->db, f->a, id, clock_now(), &s), ERR_OK);
	assert_int_equal(s.starts_at, JUN15_0830);
	assert_string_equal(app_session_when(f->a, tz_or_default(s.time_zone), s.starts_at,
	    s.ends_at), "Tuesday 15 June 2027, 9:30am to 10:30am (BST)");
	/* winter: GMT, no shift */
	assert_int_equal(add_one(f, P_MENTOR, row("1", "12", "2026", "09:30", "60", "video", ""),
	    &id, &ps), ERR_OK);
	assert_int_equal(db_msession_get(f->db, f->a, id, clock_now(), &s), ERR_OK);
	assert_int_equal(s.starts_at, DEC1_0930);
	assert_string_equal(app_session_when(f->a, tz_or_default(s.time_zone), s.starts_at,
	    s.ends_at), "Tuesday 1 December 2026, 9:30am to 10:30am (GMT)");
	/* 28 March 2027: 01:00 to 02:00 does not exist in London */
	ps.n = 0;
	assert_int_equal(add_one(f, P_MENTOR, row("28", "3", "2027", "01:30", "60", "video", ""),
	    &id, &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "s1_time");
	assert_non_null(strstr(ps.p[0].message, "clocks go forward"));
	ps.n = 0;
	assert_int_equal(add_one(f, P_MENTOR, row("28", "3", "2027", "02:30", "60", "video", ""),
	    &id, &ps), ERR_OK);
}

/* Who may: strangers 404, administrators 403, ended 409 (reads stay). */
static void
test_access(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id;
	assert_int_equal(add_one(f, P_ADMIN, row("10", "12", "2026", "14:00", "60", "video", ""),
	    &id, &ps), ERR_FORBIDDEN);
	assert_int_equal(add_one(f, P_OTHER, row("10", "12", "2026", "14:00", "60", "video", ""),
	    &id, &ps), ERR_NOT_FOUND);
	ps.n = 0;
	assert_int_equal(add_one(f, P_MENTOR, row("10", "12", "2026", "14:00", "60", "video", ""),
	    &id, &ps), ERR_OK);
	struct app_session_view v;
	assert_int_equal(app_session_get(f->db, f->a, &f->me[P_OTHER], id, &v), ERR_NOT_FOUND);
	assert_int_equal(app_session_get(f->db, f->a, &f->me[P_ADMIN], id, &v), ERR_OK);
	for (int k = 0; k < ASA__MAX; k++)
		assert_false(v.can[k]);
	assert_int_equal(app_session_get(f->db, f->a, &f->me[P_MENTEE], id, &v), ERR_OK);
	assert_true(v.can[ASA_AGREE]);
	assert_true(v.can[ASA_DECLINE]);
	assert_false(v.can[ASA_CANCEL]);
	/* completed: nothing can be added or changed, the list stays */
	ps.n = 0;
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-12-03", "", "", &ps), ERR_OK);
	ps.n = 0;
	assert_int_equal(add_one(f, P_MENTOR, row("11", "12", "2026", "14:00", "60", "video", ""),
	    &id, &ps), ERR_CONFLICT);
	int64_t sid;
	struct db_msession *list;
	size_t n;
	assert_int_equal(db_msessions_of_relationship(f->db, f->a, f->rel, clock_now(), &list,
	    &n), ERR_OK);
	assert_int_equal(n, 1);
	sid = list[0].id;
	assert_int_equal(act(f, P_MENTEE, sid, ASA_AGREE), ERR_CONFLICT);
	assert_int_equal(app_session_get(f->db, f->a, &f->me[P_MENTEE], sid, &v), ERR_OK);
	assert_false(v.can[ASA_AGREE]);
}

/* A first session given at approval becomes a proposed session. */
static void
test_first_session(void **state)
{
	struct fixture *f = *state;
	int64_t mentee2 = testdb_user(f->db, "mentee2", T0), rel;
	db_role_add(f->db, mentee2, f->scheme, "mentee", T0);
	struct app_rel_new in = {
		.scheme_id = f->scheme, .mentor_id = f->id[P_MENTOR], .mentee_id = mentee2,
		.origin = "assignment", .assigned_by = f->id[P_ADMIN], .override_reason = "",
		.first_session = "2027-06-15T09:30", .actor_id = f->id[P_ADMIN], .ip = "",
	};
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_relationship_create_tx(f->db, f->a, &in, &rel), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	struct db_msession *list;
	size_t n;
	assert_int_equal(db_msessions_of_relationship(f->db, f->a, rel, clock_now(), &list, &n),
	    ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].status, "proposed");
	assert_int_equal(list[0].added_by, f->id[P_MENTOR]);
	assert_int_equal(list[0].starts_at, JUN15_0830);
}

static void
test_words(void **state)
{
	struct fixture *f = *state;
	static const struct { int64_t m; const char *w; } hours[] = {
		{0, "0 hours"}, {1, "1 minute"}, {45, "45 minutes"}, {60, "1 hour"},
		{90, "1 hour 30 minutes"}, {390, "6 hours 30 minutes"}, {121, "2 hours 1 minute"},
	};
	for (size_t i = 0; i < sizeof(hours) / sizeof(hours[0]); i++)
		assert_string_equal(app_hours_words(f->a, hours[i].m), hours[i].w);
	assert_string_equal(app_clock_words(f->a, 9, 30), "9:30am");
	assert_string_equal(app_clock_words(f->a, 14, 0), "2pm");
	assert_string_equal(app_clock_words(f->a, 12, 0), "midday");
	assert_string_equal(app_clock_words(f->a, 0, 0), "midnight");
	assert_string_equal(app_clock_words(f->a, 0, 15), "12:15am");
	assert_string_equal(app_clock_words(f->a, 12, 45), "12:45pm");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_logged_counts_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agreed_counts_after_it_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_did_it_take_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ending_cancels_future, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_zone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
