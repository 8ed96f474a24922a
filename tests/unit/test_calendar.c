/*
 * test_calendar.c - app/calendar, the invitation path of app/notify and
 * the MIME of mail/smtp (SES-9):
 * - a session's event: stable UID, SEQUENCE, organiser is who added
 *   it, cancelled when cancelled, the time in words in the scheme's
 *   zone on both sides of a DST change;
 * - the feed token: 43 URL-safe characters, different per person and
 *   per version;
 * - turning the feed on, resetting and turning it off, and the feed
 *   refusing every token but the current one (ERR_NOT_FOUND alike);
 * - app_notify_ics_tx: at once -> the invitation in the outbox row;
 *   daily -> the text in the digest, no invitation; off -> nothing;
 * - smtp_build_message with an invitation: multipart/mixed holding
 *   multipart/alternative (text/plain, text/calendar; method=REQUEST)
 *   and invite.ics, the calendar base64 that decodes to the ics.
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
#include <sodium.h>

#include "testdb.h"

#include "app/account.h"
#include "app/app.h"
#include "app/calendar.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/calendar.h"
#include "db/db.h"
#include "mail/smtp.h"

#define T0 ((int64_t)1795464861)        /* Mon 23 Nov 2026 20:14:21 UTC */
#define WINTER_1000 INT64_C(1796032800)  /* Mon 30 Nov 2026 10:00 UTC = 10:00 GMT */
#define SUMMER_0900 INT64_C(1782896400)  /* Wed 1 Jul 2026 09:00 UTC = 10:00 BST */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t alice, bob;
	struct app_auth me_alice, me_bob;
};

static int64_t
make_user(struct db *db, const char *username, const char *status)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = "Given",
		.family_name = "Family", .password_hash = "$argon2id$placeholder",
		.status = status, .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("calendar", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	f->alice = make_user(f->db, "alice", "active");
	f->bob = make_user(f->db, "bob", "active");
	f->me_alice = (struct app_auth){.user_id = f->alice, .username = "alice",
	    .email = "alice@example.nhs.uk"};
	f->me_bob = (struct app_auth){.user_id = f->bob, .username = "bob"};
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

static struct db_msession
a_session(void)
{
	return (struct db_msession){
		.id = 42, .relationship_id = 7, .starts_at = WINTER_1000,
		.ends_at = WINTER_1000 + 3600, .minutes = 60, .format = "video",
		.place = "https://meet.example/abc", .status = "agreed", .added_by = 11,
		.sequence = 3, .mentor_id = 10, .mentee_id = 11, .scheme_name = "Aspire",
		.mentor_name = "Chidi Okafor", .mentee_name = "Tom Hughes",
		.mentor_email = "chidi@example.nhs.uk", .mentee_email = "tom@example.nhs.uk",
		.mentor_answer = "", .mentee_answer = "", .time_zone = "Europe/London",
	};
}

static void
test_event(void **state)
{
	struct fixture *f = *state;
	struct db_msession s = a_session();
	struct ics_event e;

	app_calendar_event(f->a, &s, "https://tandem.example", T0, &e);
	assert_string_equal(e.uid, "session-42@tandem");
	assert_int_equal(e.sequence, 3);
	assert_int_equal(e.stamp, T0);
	assert_int_equal(e.starts_at, WINTER_1000);
	assert_int_equal(e.ends_at, WINTER_1000 + 3600);
	assert_string_equal(e.summary, "Mentoring session: Chidi Okafor and Tom Hughes");
	assert_string_equal(e.location, "https://meet.example/abc");
	assert_string_equal(e.url, "https://tandem.example/relationships/7");
	/* added by the mentee: the mentee organises */
	assert_string_equal(e.organizer.email, "tom@example.nhs.uk");
	assert_string_equal(e.attendees[0].email, "chidi@example.nhs.uk");
	assert_string_equal(e.attendees[1].email, "tom@example.nhs.uk");
	assert_false(e.is_cancelled);
	assert_non_null(strstr(e.description, "Monday 30 November 2026, 10:00 to 11:00 (GMT)"));
	assert_non_null(strstr(e.description, "Europe/London"));

	/* the same 10:00 in summer is 09:00 UTC; the words say BST */
	s.starts_at = SUMMER_0900;
	s.ends_at = SUMMER_0900 + 1800;
	s.added_by = 10;
	s.place = "";
	s.status = "cancelled";
	app_calendar_event(f->a, &s, "", T0, &e);
	assert_non_null(strstr(e.description, "Wednesday 1 July 2026, 10:00 to 10:30 (BST)"));
	assert_string_equal(e.organizer.email, "chidi@example.nhs.uk");
	assert_string_equal(e.location, "Video call");     /* no place: the format */
	assert_string_equal(e.url, "");
	assert_true(e.is_cancelled);
	/* the invitation of a cancelled session is a CANCEL */
	assert_non_null(strstr(ics_invite(f->a, &e), "METHOD:CANCEL\r\n"));

	/* another zone: the words follow the scheme's zone */
	s.time_zone = "America/New_York";
	app_calendar_event(f->a, &s, "", T0, &e);
	assert_non_null(strstr(e.description, "Wednesday 1 July 2026, 05:00 to 05:30 (EDT)"));
}

static void
test_token(void **state)
{
	(void)state;
	unsigned char key[32] = {1, 2, 3};
	char t1[APP_CALENDAR_TOKEN_LEN + 1], t2[APP_CALENDAR_TOKEN_LEN + 1];
	char t3[APP_CALENDAR_TOKEN_LEN + 1], again[APP_CALENDAR_TOKEN_LEN + 1];

	app_calendar_token(key, 5, 1, t1);
	app_calendar_token(key, 5, 2, t2);
	app_calendar_token(key, 6, 1, t3);
	app_calendar_token(key, 5, 1, again);
	assert_int_equal(strlen(t1), APP_CALENDAR_TOKEN_LEN);
	assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_"), APP_CALENDAR_TOKEN_LEN);
	assert_string_equal(t1, again);
	assert_string_not_equal(t1, t2);
	assert_string_not_equal(t1, t3);
	key[0] = 9;
	app_calendar_token(key, 5, 1, again);
	assert_string_not_equal(t1, again);
}

/* The token part of a feed path "/calendar/<id>/<token>.ics". */
static const char *
token_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	assert_non_null(slash);
	return arena_strndup(a, slash + 1, strlen(slash + 1) - 4);
}

static void
test_on_reset_off(void **state)
{
	struct fixture *f = *state;
	struct app_calendar c;
	const char *ics;
	int64_t v;
	bool is_active;

	assert_int_equal(app_calendar_get(f->db, f->a, &f->me_alice, &c), ERR_OK);
	assert_false(c.is_on);
	assert_string_equal(c.path, "");
	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_alice, "explode", "", &c),
	    ERR_BAD_INPUT);

	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_alice, "on", "127.0.0.1", &c),
	    ERR_OK);
	assert_true(c.is_on);
	const char *first = token_of(f->a, c.path);
	assert_non_null(strstr(c.path, arena_printf(f->a, "/calendar/%lld/",
	    (long long)f->alice)));
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, first, "", T0, &ics), ERR_OK);
	assert_non_null(strstr(ics, "METHOD:PUBLISH\r\n"));
	assert_non_null(strstr(ics, "X-WR-CALNAME:Tandem mentoring\r\n"));

	/* "on" again changes nothing */
	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_alice, "on", "", &c), ERR_OK);
	assert_string_equal(token_of(f->a, c.path), first);

	/* my token under bob's id; bob has no feed, then has one */
	assert_int_equal(app_calendar_feed(f->db, f->a, f->bob, first, "", T0, &ics),
	    ERR_NOT_FOUND);
	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_bob, "on", "", &c), ERR_OK);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->bob, first, "", T0, &ics),
	    ERR_NOT_FOUND);
	/* no such person, short and wrong tokens */
	assert_int_equal(app_calendar_feed(f->db, f->a, 999, first, "", T0, &ics),
	    ERR_NOT_FOUND);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, "short", "", T0, &ics),
	    ERR_NOT_FOUND);
	char wrong[APP_CALENDAR_TOKEN_LEN + 1];
	snprintf(wrong, sizeof(wrong), "%s", first);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, wrong, "", T0, &ics),
	    ERR_NOT_FOUND);

	/* reset: a new token; the old one stops */
	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_alice, "reset", "", &c),
	    ERR_OK);
	const char *second = token_of(f->a, c.path);
	assert_string_not_equal(first, second);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, first, "", T0, &ics),
	    ERR_NOT_FOUND);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, second, "", T0, &ics),
	    ERR_OK);
	assert_int_equal(db_calendar_version_get(f->db, f->alice, &v, &is_active), ERR_OK);
	assert_int_equal(v, 2);

	/* off: nothing works; the version is kept, negative */
	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_alice, "off", "", &c), ERR_OK);
	assert_false(c.is_on);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, second, "", T0, &ics),
	    ERR_NOT_FOUND);
	assert_int_equal(db_calendar_version_get(f->db, f->alice, &v, &is_active), ERR_OK);
	assert_int_equal(v, -2);
	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_alice, "off", "", &c), ERR_OK);
	assert_int_equal(db_calendar_version_get(f->db, f->alice, &v, &is_active), ERR_OK);
	assert_int_equal(v, -2);

	/* on again: version 3, neither old token */
	assert_int_equal(app_calendar_change(f->db, f->a, &f->me_alice, "on", "", &c), ERR_OK);
	const char *third = token_of(f->a, c.path);
	assert_string_not_equal(third, first);
	assert_string_not_equal(third, second);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, third, "", T0, &ics), ERR_OK);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, first, "", T0, &ics),
	    ERR_NOT_FOUND);

	/* every change audited, never with the token */
	struct db_audit *rows;
	size_t n;
	assert_int_equal(db_audit_list(f->db, f->a, f->alice, "", 100, &rows, &n), ERR_OK);
	size_t ncal = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(rows[i].action, "calendar.", 9) == 0)
			ncal++;
		assert_null(strstr(rows[i].detail, third));
	}
	assert_int_equal(ncal, 4);   /* on, reset, off, on */

	/* a deactivated person's feed stops (ACC-2) */
	assert_int_equal(db_user_set_status(f->db, f->alice, "deactivated", "", T0), ERR_OK);
	assert_int_equal(app_calendar_feed(f->db, f->a, f->alice, third, "", T0, &ics),
	    ERR_NOT_FOUND);
	/* a lost race on the version is a conflict, not a silent change */
	assert_int_equal(db_calendar_version_set(f->db, f->alice, 1, 9), ERR_CONFLICT);
}

static void
test_notify_ics(void **state)
{
	struct fixture *f = *state;
	const char *ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
	struct db_mail *m;
	size_t n;
	struct db_digest_item *items;
	size_t nitems;

	/* at once: one row with the invitation */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notify_ics_tx(f->db, f->alice, "alice@example.nhs.uk",
	    "session.answered", "Agreed", "Text.", ics, "REQUEST"), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].ics, ics);
	assert_string_equal(m[0].ics_method, "REQUEST");
	/* the text, with the link back and why it was sent (MSG-4) */
	assert_non_null(strstr(m[0].body_text, "Text."));
	assert_non_null(strstr(m[0].body_text, "settings#notifications"));

	/* a plain email still has no invitation */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_email_tx(f->db, "x@example.nhs.uk", "Plain", "Plain.", NULL), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].ics, "");
	assert_string_equal(m[0].ics_method, "");

	/* daily: the text waits for the digest, the invitation is dropped */
	assert_int_equal(app_pref_set(f->db, &f->me_alice, "session.cancelled", true, true),
	    ERR_OK);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notify_ics_tx(f->db, f->alice, "alice@example.nhs.uk",
	    "session.cancelled", "Cancelled", "Cancelled text.", ics, "CANCEL"), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(db_digest_of_user(f->db, f->a, f->alice, &items, &nitems), ERR_OK);
	assert_int_equal(nitems, 1);
	assert_string_equal(items[0].body_text, "Cancelled text.");

	/* off: nothing at all */
	assert_int_equal(app_pref_set(f->db, &f->me_alice, "session.answered", false, false),
	    ERR_OK);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notify_ics_tx(f->db, f->alice, "alice@example.nhs.uk",
	    "session.answered", "Agreed", "Text.", ics, "REQUEST"), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 2);

	/* an unknown kind is a bug, as with app_notify_tx */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notify_ics_tx(f->db, f->bob, "bob@example.nhs.uk", "no.such",
	    "S", "T", ics, "REQUEST"), ERR_INTERNAL);
	db_rollback(f->db);
}

/* ---- the MIME of a message with an invitation ---- */

static const char *
part_after(const char *s, const char *header)
{
	const char *p = strstr(s, header);
	assert_non_null(p);
	p = strstr(p, "\r\n\r\n");
	assert_non_null(p);
	return p + 4;
}

/* Decode base64 lines up to the next "--" boundary line. */
static char *
decode_b64(struct arena *a, const char *p)
{
	const char *end = strstr(p, "\r\n--");
	assert_non_null(end);
	size_t len = (size_t)(end - p);
	char *clean = arena_alloc(a, len + 1), *c = clean;
	for (size_t i = 0; i < len; i++)
		if (p[i] != '\r' && p[i] != '\n')
			*c++ = p[i];
	*c = '\0';
	unsigned char *bin = arena_alloc(a, len + 1);
	size_t got = 0;
	assert_int_equal(sodium_base642bin(bin, len, clean, strlen(clean), NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL), 0);
	bin[got] = '\0';
	return (char *)bin;
}

static void
test_mime(void **state)
{
	struct fixture *f = *state;
	struct db_msession s = a_session();
	struct ics_event e;
	struct buf b;

	s.place = "Café Nero; the one by the hospital, upstairs — ask for Ms Ó Briain";
	app_calendar_event(f->a, &s, "https://tandem.example", T0, &e);
	const char *ics = ics_invite(f->a, &e);
	struct db_mail m = {
		.id = 9, .to_addr = "tom@example.nhs.uk", .subject = "Session agreed",
		.body_text = "Your session is agreed.\n", .body_html = "", .status = "queued",
		.ics = ics, .ics_method = "REQUEST",
	};
	buf_init(&b, 0);
	assert_int_equal(smtp_build_message(&b, &m, "Tandem <tandem@example.org>", T0), ERR_OK);
	const char *msg = buf_str(&b);

	/* 7-bit, CRLF, lines of at most 78 */
	const char *line = msg;
	for (const char *p = msg; *p != '\0'; p++) {
		assert_true((unsigned char)*p < 0x80);
		if (*p == '\n') {
			assert_true(p > msg && p[-1] == '\r');
			assert_true((size_t)(p - line) <= 79);
			line = p + 1;
		}
	}
	const char *body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	/* the structure */
	const char *mixed = strstr(msg, "Content-Type: multipart/mixed;");
	assert_non_null(mixed);
	assert_true(mixed < body);
	const char *alt = strstr(body, "Content-Type: multipart/alternative;");
	const char *plain = strstr(body, "Content-Type: text/plain; charset=utf-8");
	const char *cal = strstr(body,
	    "Content-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"
	    "Content-Transfer-Encoding: base64\r\n");
	const char *att = strstr(body, "Content-Disposition: attachment; filename=\"invite.ics\"");
	assert_non_null(alt);
	assert_non_null(plain);
	assert_non_null(cal);
	assert_non_null(att);
	assert_true(alt < plain && plain < cal && cal < att);
	assert_non_null(strstr(body, "Your session is agreed."));
	/* both copies decode to the very ics */
	assert_string_equal(decode_b64(f->a, part_after(body, "text/calendar")), ics);
	assert_string_equal(decode_b64(f->a, part_after(body, "invite.ics")), ics);
	buf_free(&b);

	/* CANCEL */
	m.ics_method = "CANCEL";
	buf_init(&b, 0);
	assert_int_equal(smtp_build_message(&b, &m, "tandem@example.org", T0), ERR_OK);
	assert_non_null(strstr(buf_str(&b), "text/calendar; charset=UTF-8; method=CANCEL"));
	buf_free(&b);

	/* no invitation, or a METHOD we do not know: the plain message */
	const char *methods[] = {"", "BOGUS\r\nX-Evil: 1", NULL};
	for (size_t i = 0; i < 3; i++) {
		m.ics_method = methods[i];
		buf_init(&b, 0);
		assert_int_equal(smtp_build_message(&b, &m, "tandem@example.org", T0), ERR_OK);
		assert_null(strstr(buf_str(&b), "multipart"));
		assert_null(strstr(buf_str(&b), "text/calendar"));
		assert_null(strstr(buf_str(&b), "X-Evil"));
		buf_free(&b);
	}
	m.ics_method = "REQUEST";
	m.ics = NULL;
	buf_init(&b, 0);
	assert_int_equal(smtp_build_message(&b, &m, "tandem@example.org", T0), ERR_OK);
	assert_null(strstr(buf_str(&b), "text/calendar"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_on_reset_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_ics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mime, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
