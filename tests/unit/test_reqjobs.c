/*
 * test_reqjobs.c - app/reqjobs: the request deadline job driven with
 * explicit times over a fresh database (REQ-7 reminders at the working-
 * day deadline, weekends and holidays skipped, the administrators'
 * alert after a week; REQ-13 ranked passing; REQ-14 missed deadlines,
 * the pause and the unpause at sign-in, the median response time), and
 * that every step is idempotent (a second run at the same time does
 * nothing).  Rows are inserted with test-only SQL on the connection
 * (db_int.h), since requests are another area's writes.
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

#include "app/finder.h"
#include "app/pairing.h"
#include "app/reqjobs.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db_int.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, admin, mentor, mentor2, mentee, mentee2, mentee3;
};


static void
sql(struct db *db, const char *text)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->conn, text, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", text, err ? err : "?");
}

static int64_t
sql_i64(struct db *db, const char *text)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->conn, text, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("reqjobs", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin = testdb_user(f->db, "admin", T0);
	f->mentor = testdb_user(f->db, "mentor", T0);
	f->mentor2 = testdb_user(f->db, "mentor2", T0);
	f->mentee = testdb_user(f->db, "mentee", T0);
	f->mentee2 = testdb_user(f->db, "mentee2", T0);
	f->mentee3 = testdb_user(f->db, "mentee3", T0);
	db_role_add(f->db, f->admin, f->scheme, "scheme_admin", T0);
	db_role_add(f->db, f->mentor, f->scheme, "mentor", T0);
	db_role_add(f->db, f->mentor2, f->scheme, "mentor", T0);
	db_role_add(f->db, f->mentee, f->scheme, "mentee", T0);
	db_role_add(f->db, f->mentee2, f->scheme, "mentee", T0);
	db_role_add(f->db, f->mentee3, f->scheme, "mentee", T0);
	char q[256];
	snprintf(q, sizeof(q), "INSERT INTO mentor_profiles (user_id, scheme_id, updated_at) "
	    "VALUES (%lld, %lld, 0), (%lld, %lld, 0)", (long long)f->mentor,
	    (long long)f->scheme, (long long)f->mentor2, (long long)f->scheme);
	sql(f->db, q);
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

/* A request from mentee to mentor, new since `at`, with the scheme's
 * deadline; rank_group/rank 0 for an unranked one. */
static int64_t
add_request(struct fixture *f, int64_t mentee, int64_t mentor, const char *status,
    int64_t at, int64_t group, int64_t rank)
{
	int64_t deadline = 0;
	assert_int_equal(app_request_deadline(f->db, f->a, f->scheme, at, &deadline), ERR_OK);
	char q[512];
	snprintf(q, sizeof(q), "INSERT INTO match_requests (scheme_id, mentee_id, mentor_id, "
	    "status, created_at, submitted_at, deadline_at, updated_at, rank_group, rank) "
	    "VALUES (%lld, %lld, %lld, '%s', %lld, %s, %s, %lld, %s, %s)",
	    (long long)f->scheme, (long long)mentee, (long long)mentor, status,
	    (long long)at, strcmp(status, "queued") == 0 ? "NULL" :
	    arena_printf(f->a, "%lld", (long long)at),
	    strcmp(status, "queued") == 0 ? "NULL" :
	    arena_printf(f->a, "%lld", (long long)deadline), (long long)at,
	    group ? arena_printf(f->a, "%lld", (long long)group) : "NULL",
	    rank ? arena_printf(f->a, "%lld", (long long)rank) : "NULL");
	sql(f->db, q);
	return sqlite3_last_insert_rowid(f->db->conn);
}

static size_t
mails_of_kind(struct fixture *f, const char *to, const char *subject_part)
{
	struct db_mail *mail;
	size_t n, k = 0;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 100, &mail, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if ((to == NULL || strcmp(mail[i].to_addr, to) == 0) &&
		    strstr(mail[i].subject, subject_part) != NULL)
			k++;
	return k;
}

static struct app_reqjobs_report
tick(struct fixture *f, int64_t now)
{
	struct app_reqjobs_report r;
	assert_int_equal(app_requests_tick(f->db, now, &r), ERR_OK);
	assert_int_equal(r.failed, 0);
	return r;
}

/* REQ-7: the reminder comes at the deadline (5 working days: Monday to
 * Monday), not a minute before, and only once. */
static void
test_reminder_once_at_deadline(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	assert_int_equal(sql_i64(f->db, arena_printf(f->a,
	    "SELECT deadline_at FROM match_requests WHERE id = %lld", (long long)id)),
	    T0 + 7 * DAY);
	assert_int_equal(tick(f, T0 + 7 * DAY - 60).reminded, 0);
	assert_int_equal(mails_of_kind(f, NULL, "Reminder"), 0);
	struct app_reqjobs_report r = tick(f, T0 + 7 * DAY);
	assert_int_equal(r.reminded, 1);
	assert_int_equal(r.missed, 1);
	assert_int_equal(r.paused, 0);
	assert_int_equal(mails_of_kind(f, "mentor@example.nhs.uk", "Reminder"), 1);
	assert_int_equal(tick(f, T0 + 7 * DAY).reminded, 0);
	assert_int_equal(tick(f, T0 + 8 * DAY).reminded, 0);
	assert_int_equal(mails_of_kind(f, NULL, "Reminder"), 1);
	assert_int_equal(sql_i64(f->db, arena_printf(f->a, "SELECT missed_deadlines FROM "
	    "mentor_profiles WHERE user_id = %lld", (long long)f->mentor)), 1);
}

/* REQ-7: Saturdays, Sundays and the scheme's holidays are not working
 * days. Friday 15:00 with 1 working day and Monday a holiday: Tuesday. */
static void
test_weekend_and_holiday_skipped(void **state)
{
	struct fixture *f = *state;
	sql(f->db, "UPDATE scheme_settings SET response_deadline_days = 1");
	assert_int_equal(db_holiday_add(f->db, f->scheme, "2026-11-30", "Closed"), ERR_OK);
	int64_t fri = T0 + 4 * DAY + 5 * 3600;   /* Friday 27 November, 15:00 */
	add_request(f, f->mentee, f->mentor, "new", fri, 0, 0);
	assert_int_equal(tick(f, fri + 1 * DAY).reminded, 0);       /* Saturday */
	assert_int_equal(tick(f, fri + 3 * DAY).reminded, 0);       /* Monday, a holiday */
	assert_int_equal(tick(f, fri + 4 * DAY - 1).reminded, 0);
	assert_int_equal(tick(f, fri + 4 * DAY).reminded, 1);       /* Tuesday 15:00 */
}

/* REQ-7: every administrator is told once, a week after it was sent. */
static void
test_admin_alert_after_a_week(void **state)
{
	struct fixture *f = *state;
	add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	assert_int_equal(tick(f, T0 + LC_ADMIN_ALERT_AFTER - 1).alerted, 0);
	assert_int_equal(tick(f, T0 + LC_ADMIN_ALERT_AFTER).alerted, 1);
	assert_int_equal(mails_of_kind(f, "admin@example.nhs.uk", "waited a week"), 1);
	assert_int_equal(tick(f, T0 + LC_ADMIN_ALERT_AFTER + DAY).alerted, 0);
	assert_int_equal(mails_of_kind(f, NULL, "waited a week"), 1);
	/* a request on the waiting list has been answered: no alert */
	add_request(f, f->mentee2, f->mentor, "waiting", T0, 0, 0);
	assert_int_equal(tick(f, T0 + 2 * LC_ADMIN_ALERT_AFTER).alerted, 0);
}

/* REQ-14: the second missed deadline pauses the mentor, who is told and
 * not offered (MX_PAUSED) until they sign in again. */
static void
test_two_misses_pause(void **state)
{
	struct fixture *f = *state;
	add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	add_request(f, f->mentee2, f->mentor, "new", T0 + 3600, 0, 0);
	struct app_reqjobs_report r = tick(f, T0 + 8 * DAY);
	assert_int_equal(r.reminded, 2);
	assert_int_equal(r.missed, 2);
	assert_int_equal(r.paused, 1);
	assert_int_equal(mails_of_kind(f, "mentor@example.nhs.uk", "has been paused"), 1);
	struct finder_assessment fa;
	assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mentee3, f->mentor, &fa),
	    ERR_OK);
	assert_int_equal(fa.exclusion, MX_PAUSED);
	assert_non_null(strstr(fa.why, "Paused"));
	/* a third miss does not pause (or email) again */
	add_request(f, f->mentee3, f->mentor, "new", T0, 0, 0);
	r = tick(f, T0 + 9 * DAY);
	assert_int_equal(r.paused, 0);
	assert_int_equal(mails_of_kind(f, NULL, "has been paused"), 1);
	/* signing in unpauses */
	assert_int_equal(db_mentor_unpause(f->db, f->mentor), ERR_OK);
	assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mentee3, f->mentor, &fa),
	    ERR_OK);
	assert_int_not_equal(fa.exclusion, MX_PAUSED);
	assert_int_equal(sql_i64(f->db, arena_printf(f->a, "SELECT missed_deadlines FROM "
	    "mentor_profiles WHERE user_id = %lld", (long long)f->mentor)), 0);
}

/* REQ-13: a ranked request past its deadline passes to the next choice
 * (no reminder), the new mentor and the mentee are told, and it counts
 * as a missed deadline. */
static void
test_ranked_passes_on(void **state)
{
	struct fixture *f = *state;
	int64_t first = add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET rank_group = %lld, rank = 1 "
	    "WHERE id = %lld", (long long)first, (long long)first));
	/* the pass-on skips a next choice who may not be offered: the
	 * fixture's bare mentor profiles lack the scheme's required fields */
	sql(f->db, "UPDATE scheme_matching SET mentor_required = ''");
	int64_t second = add_request(f, f->mentee, f->mentor2, "queued", T0, first, 2);
	struct app_reqjobs_report r = tick(f, T0 + 7 * DAY);
	assert_int_equal(r.passed, 1);
	assert_int_equal(r.reminded, 0);
	assert_int_equal(r.missed, 1);
	assert_int_equal(sql_i64(f->db, arena_printf(f->a, "SELECT status = 'passed' FROM "
	    "match_requests WHERE id = %lld", (long long)first)), 1);
	assert_int_equal(sql_i64(f->db, arena_printf(f->a, "SELECT status = 'new' AND "
	    "submitted_at = %lld FROM match_requests WHERE id = %lld",
	    (long long)(T0 + 7 * DAY), (long long)second)), 1);
	assert_int_equal(mails_of_kind(f, "mentor2@example.nhs.uk", "asked you to be their"),
	    1);
	assert_int_equal(mails_of_kind(f, "mentee@example.nhs.uk", "has gone to"), 1);
	assert_int_equal(mails_of_kind(f, NULL, "Reminder"), 0);
	/* again at the same time: nothing */
	r = tick(f, T0 + 7 * DAY);
	assert_int_equal(r.passed + r.reminded, 0);
}

/* REQ-14: the median response time per mentor from one query's rows. */
static void
test_median(void **state)
{
	(void)state;
	static const struct {
		int64_t v[4];
		size_t n;
		int64_t want;
	} cases[] = {
		{{0}, 0, -1},
		{{5}, 1, 5},
		{{1, 9}, 2, 5},
		{{1, 2, 100}, 3, 2},
		{{1, 2, 4, 100}, 4, 3},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(app_median_sorted(cases[i].v, cases[i].n), cases[i].want);
}

static void
test_responsiveness(void **state)
{
	struct fixture *f = *state;
	int64_t id1 = add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	int64_t id2 = add_request(f, f->mentee2, f->mentor, "new", T0, 0, 0);
	add_request(f, f->mentee3, f->mentor2, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'declined', "
	    "decided_at = submitted_at + 3600 WHERE id = %lld", (long long)id1));
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'declined', "
	    "decided_at = submitted_at + 7200 WHERE id = %lld", (long long)id2));
	struct app_auth admin = {.user_id = f->admin};
	struct app_view v = {.scheme_id = f->scheme, .role = "scheme_admin"};
	admin.views = &v;
	admin.nviews = 1;
	struct app_auth nobody = {.user_id = f->mentor};
	struct app_responsiveness r;
	assert_int_equal(app_responsiveness_get(f->db, f->a, &nobody, f->scheme, T0, &r),
	    ERR_NOT_FOUND);
	assert_int_equal(app_responsiveness_get(f->db, f->a, &admin, f->scheme,
	    T0 + 8 * DAY, &r), ERR_OK);
	assert_int_equal(r.noverdue, 1);
	assert_int_equal(r.overdue[0].mentor_id, f->mentor2);
	assert_int_equal(r.nmentors, 2);
	for (size_t i = 0; i < r.nmentors; i++) {
		if (r.mentors[i].stat.id == f->mentor) {
			assert_int_equal(r.mentors[i].answered, 2);
			assert_int_equal(r.mentors[i].median_seconds, 5400);
		} else {
			assert_int_equal(r.mentors[i].answered, 0);
			assert_int_equal(r.mentors[i].median_seconds, -1);
			assert_int_equal(r.mentors[i].stat.open_requests, 1);
		}
	}
	int64_t n = 0;
	assert_int_equal(app_overdue_count(f->db, &admin, f->scheme, T0 + 8 * DAY, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_overdue_count(f->db, &nobody, f->scheme, T0, &n), ERR_NOT_FOUND);
}

/* Settings: ranges refused with a message per field; holidays once. */
static void
test_settings_rules(void **state)
{
	struct fixture *f = *state;
	struct app_auth admin = {.user_id = f->admin};
	struct app_view v = {.scheme_id = f->scheme, .role = "scheme_admin"};
	admin.views = &v;
	admin.nviews = 1;
	struct app_request_settings_in in = {
		.allow_mentee_requests = true, .ranked_requests = true,
		.allow_system_proposals = true, .proposal_threshold = 0,
		.response_deadline_days = 61, .default_capacity = 2, .session_cap = 4,
		.extension_sessions = 2, .min_hours = 1, .min_minutes = 60,
	};
	struct app_problems ps = {0};
	assert_int_equal(app_request_settings_put(f->db, f->a, &admin, f->scheme, &in, "", &ps),
	    ERR_BAD_INPUT);
	assert_int_equal(ps.n, 3);
	in.proposal_threshold = 80;
	in.response_deadline_days = 3;
	in.min_minutes = 30;
	ps = (struct app_problems){0};
	assert_int_equal(app_request_settings_put(f->db, f->a, &admin, f->scheme, &in, "", &ps),
	    ERR_OK);
	struct db_scheme s;
	struct db_scheme_settings st;
	struct db_holiday *h;
	size_t nh;
	assert_int_equal(app_request_settings_get(f->db, f->a, &admin, f->scheme, &s, &st, &h,
	    &nh), ERR_OK);
	assert_true(st.ranked_requests);
	assert_int_equal(st.proposal_threshold, 80);
	assert_int_equal(st.min_minutes_per_month, 90);
	struct app_auth mentor = {.user_id = f->mentor};
	assert_int_equal(app_request_settings_put(f->db, f->a, &mentor, f->scheme, &in, "",
	    &ps), ERR_NOT_FOUND);
	ps = (struct app_problems){0};
	assert_int_equal(app_holiday_add(f->db, f->a, &admin, f->scheme, "2026-12-25",
	    "Christmas Day", "", &ps), ERR_OK);
	assert_int_equal(app_holiday_add(f->db, f->a, &admin, f->scheme, "2026-12-25",
	    "Again", "", &ps), ERR_CONFLICT);
	assert_int_equal(ps.n, 1);
	assert_int_equal(app_holiday_remove(f->db, f->a, &admin, f->scheme, "2026-12-25", ""),
	    ERR_OK);
	assert_int_equal(app_holiday_remove(f->db, f->a, &admin, f->scheme, "2026-12-25", ""),
	    ERR_NOT_FOUND);
}

/* Body of the only mail to `to` whose subject contains `part`. */
static const char *
mail_body(struct fixture *f, const char *to, const char *part)
{
	struct db_mail *mail;
	size_t n;
	const char *found = NULL;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 100, &mail, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(mail[i].to_addr, to) == 0 && strstr(mail[i].subject, part) != NULL) {
			assert_null(found);
			found = mail[i].body_text;
		}
	assert_non_null(found);
	return found;
}

/* REQ-8: a mentor whose request or proposal the mentee withdrew is not
 * proposed again, like one who declined; one closed by Tandem because
 * the mentee was matched elsewhere may be. */
static void
test_withdrawn_not_proposed_again(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	int64_t b = add_request(f, f->mentee, f->mentor2, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'withdrawn', "
	    "closed_reason = 'mentee' WHERE id = %lld", (long long)a));
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'withdrawn', "
	    "closed_reason = 'matched' WHERE id = %lld", (long long)b));
	int64_t *ids;
	size_t n;
	assert_int_equal(db_declined_by(f->db, f->a, f->scheme, f->mentee, &ids, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], f->mentor);
	/* declined counts too; other mentees are not affected */
	int64_t c = add_request(f, f->mentee, f->mentor2, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'declined' "
	    "WHERE id = %lld", (long long)c));
	assert_int_equal(db_declined_by(f->db, f->a, f->scheme, f->mentee, &ids, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(db_declined_by(f->db, f->a, f->scheme, f->mentee2, &ids, &n), ERR_OK);
	assert_int_equal(n, 0);
}

/* REQ-14: decided_at keeps the FIRST answer to a submission (wait-list,
 * then approve later: the wait-list answer counts) and a resubmission
 * after "amend" counts from the resubmission; an answer older than the
 * submission (a stale row) is ignored.  Rows are inserted as the
 * decision statement leaves them (it is another area's write). */
static void
test_response_time_first_answer(void **state)
{
	struct fixture *f = *state;
	/* wait-listed after 1 hour, approved 5 days later */
	int64_t w = add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'approved', "
	    "decided_at = submitted_at + 3600, updated_at = submitted_at + 5 * 86400 "
	    "WHERE id = %lld", (long long)w));
	/* amend, resubmitted a day later, answered 3 hours after that */
	int64_t r = add_request(f, f->mentee2, f->mentor, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'declined', "
	    "submitted_at = created_at + 86400, decided_at = created_at + 86400 + 10800 "
	    "WHERE id = %lld", (long long)r));
	/* resubmitted but decided_at not cleared: older than the submission */
	int64_t stale = add_request(f, f->mentee3, f->mentor, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE match_requests SET status = 'new', "
	    "submitted_at = created_at + 86400, decided_at = created_at + 60 "
	    "WHERE id = %lld", (long long)stale));
	struct db_response_time *t;
	size_t n;
	assert_int_equal(db_response_times(f->db, f->a, f->scheme, &t, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].seconds, 3600);
	assert_int_equal(t[1].seconds, 10800);
	struct app_auth admin = {.user_id = f->admin};
	struct app_view v = {.scheme_id = f->scheme, .role = "scheme_admin"};
	admin.views = &v;
	admin.nviews = 1;
	struct app_responsiveness rs;
	assert_int_equal(app_responsiveness_get(f->db, f->a, &admin, f->scheme, T0 + DAY, &rs),
	    ERR_OK);
	for (size_t i = 0; i < rs.nmentors; i++)
		if (rs.mentors[i].stat.id == f->mentor) {
			assert_int_equal(rs.mentors[i].answered, 2);
			assert_int_equal(rs.mentors[i].median_seconds, 7200);
		}
}

/* A deactivated mentor (or mentee) gets no reminder, no missed deadline
 * and no administrators' alert; reactivated, the request is due again. */
static void
test_deactivated_people_skipped(void **state)
{
	struct fixture *f = *state;
	add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	add_request(f, f->mentee2, f->mentor2, "new", T0, 0, 0);
	sql(f->db, arena_printf(f->a, "UPDATE users SET status = 'deactivated' WHERE id IN "
	    "(%lld, %lld)", (long long)f->mentor, (long long)f->mentee2));
	struct app_reqjobs_report r = tick(f, T0 + 8 * DAY);
	assert_int_equal(r.reminded, 0);
	assert_int_equal(r.missed, 0);
	assert_int_equal(r.alerted, 0);
	assert_int_equal(mails_of_kind(f, NULL, "Reminder"), 0);
	assert_int_equal(mails_of_kind(f, NULL, "waited a week"), 0);
	assert_int_equal(sql_i64(f->db, arena_printf(f->a, "SELECT missed_deadlines FROM "
	    "mentor_profiles WHERE user_id = %lld", (long long)f->mentor)), 0);
	sql(f->db, arena_printf(f->a, "UPDATE users SET status = 'active' WHERE id = %lld",
	    (long long)f->mentor));
	r = tick(f, T0 + 8 * DAY);
	assert_int_equal(r.reminded, 1);
	assert_int_equal(r.alerted, 1);
}

/* REQ-7: the week's alert says the mentor was reminded only when they
 * were: with a 10 working-day deadline it comes before the reminder. */
static void
test_alert_text_before_reminder(void **state)
{
	struct fixture *f = *state;
	sql(f->db, "UPDATE scheme_settings SET response_deadline_days = 10");
	add_request(f, f->mentee, f->mentor, "new", T0, 0, 0);
	struct app_reqjobs_report r = tick(f, T0 + LC_ADMIN_ALERT_AFTER);
	assert_int_equal(r.alerted, 1);
	assert_int_equal(r.reminded, 0);
	const char *body = mail_body(f, "admin@example.nhs.uk", "waited a week");
	assert_null(strstr(body, "The mentor has been reminded."));
	assert_non_null(strstr(body, "has not been reminded"));
	/* the usual 5 days: reminded first, and said so */
	sql(f->db, "UPDATE scheme_settings SET response_deadline_days = 5");
	add_request(f, f->mentee2, f->mentor2, "new", T0 + DAY, 0, 0);
	r = tick(f, T0 + DAY + LC_ADMIN_ALERT_AFTER);
	assert_int_equal(r.alerted, 1);
	body = mail_body(f, "admin@example.nhs.uk", "mentee2 Tester to");
	assert_non_null(strstr(body, "The mentor has been reminded."));
}

/* REQ-8: the proposal step considers a bounded batch of mentees per run,
 * continuing from a cursor kept per scheme and wrapping around, so every
 * mentee is reached however many there are. */
static void
test_proposal_cursor_wraps(void **state)
{
	struct fixture *f = *state;
	int64_t m[3] = {f->mentee, f->mentee2, f->mentee3};
	int64_t *ids;
	size_t n;
	/* batch 2 of 3: 1-2, then 3 and wrap to 1, then 2-3 */
	assert_int_equal(app_proposal_batch(f->db, f->a, f->scheme, 2, &ids, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], m[0]);
	assert_int_equal(ids[1], m[1]);
	assert_int_equal(app_proposal_batch(f->db, f->a, f->scheme, 2, &ids, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], m[2]);
	assert_int_equal(ids[1], m[0]);
	assert_int_equal(app_proposal_batch(f->db, f->a, f->scheme, 2, &ids, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], m[1]);
	assert_int_equal(ids[1], m[2]);
	/* a batch larger than the list: the rest of the round (mentee3 was
	 * the last seen), then the whole list from the start, each once */
	assert_int_equal(app_proposal_batch(f->db, f->a, f->scheme, 10, &ids, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], m[0]);
	assert_int_equal(ids[1], m[1]);
	assert_int_equal(app_proposal_batch(f->db, f->a, f->scheme, 10, &ids, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], m[0]);
	assert_int_equal(ids[2], m[2]);
	/* a mentee with an open request is not eligible; batch 1 still cycles */
	add_request(f, f->mentee2, f->mentor, "new", T0, 0, 0);
	int64_t seen[4];
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(app_proposal_batch(f->db, f->a, f->scheme, 1, &ids, &n), ERR_OK);
		assert_int_equal(n, 1);
		seen[i] = ids[0];
	}
	assert_int_equal(seen[0], m[0]);
	assert_int_equal(seen[1], m[2]);
	assert_int_equal(seen[2], m[0]);
	assert_int_equal(seen[3], m[2]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reminder_once_at_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weekend_and_holiday_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_alert_after_a_week, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_misses_pause, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranked_passes_on, setup, teardown),
		cmocka_unit_test(test_median),
		cmocka_unit_test_setup_teardown(test_responsiveness, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_withdrawn_not_proposed_again, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_response_time_first_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deactivated_people_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alert_text_before_reminder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_proposal_cursor_wraps, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
