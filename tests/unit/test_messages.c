/*
 * test_messages.c - app/messages.c (MSG-2): the audience in words, the
 * SQL "incomplete profile" rule against the home page's
 * (app_profile_missing) on every demo participant under three rule sets,
 * who may send (403 for a participant, 404 for another scheme's
 * administrator), send problems per field, recipients fixed at send
 * time, the audit row without the body, unread counts, opening and
 * replies (the first and last reply times).
 *
 * Each test gets a fresh database with the demo loaded (scheme 1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"

#include "app/app.h"
#include "app/finder.h"
#include "app/match.h"
#include "app/messages.h"
#include "app/profile.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/schemeconf.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure ---- */

static void
test_words(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const int64_t three[3] = {1, 2, 3};
	static const struct { struct app_msg_audience au; const char *want; } cases[] = {
		{{.kind = "groups", .role = "all", .status = "any"}, "Everyone in the scheme"},
		{{.kind = "groups", .role = "mentors", .status = "any"}, "Mentors in the scheme"},
		{{.kind = "groups", .role = "mentees", .status = "live"},
		    "Mentees in a live relationship"},
		{{.kind = "groups", .role = "all", .status = "ended"},
		    "Everyone whose relationship has ended"},
		{{.kind = "groups", .role = "mentors", .status = "none", .is_incomplete = true},
		    "Mentors with no relationship yet, with an incomplete profile"},
		{{.kind = "groups", .role = "all", .status = "any", .is_incomplete = true},
		    "Everyone with an incomplete profile"},
		{{.kind = "people", .people = three, .npeople = 3}, "3 people chosen by name"},
		{{.kind = "people", .people = three, .npeople = 1}, "1 person chosen by name"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = app_message_audience_words(a, &cases[i].au);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
	}
	arena_free(a);
}

/* ---- the database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	clock_set(T0);
	if (testdb_make("messages", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	const struct app_demo_person *people;
	size_t n;
	if (app_demo_load(f->db, "correct-horse-battery", &people, &n) != ERR_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char files[TESTDB_DIR_MAX + 16];
	app_finder_forget();
	arena_free(f->a);
	db_close(f->db);
	testdb_unlink(f->path);
	snprintf(files, sizeof(files), "%s/files", f->dir);
	rmdir(files);    /* these tests store no files */
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t
uid(struct fixture *f, const char *username)
{
	struct db_user u;
	assert_int_equal(db_user_by_username(f->db, f->a, username, &u), ERR_OK);
	return u.id;
}

static void
as(struct app_auth *me, struct app_view *v, int64_t user, const char *role,
    int64_t scheme)
{
	*v = (struct app_view){.scheme_id = scheme, .role = role, .scheme_name = "Aspire",
		.label = role};
	*me = (struct app_auth){.user_id = user, .display_name = "Someone", .views = v,
		.nviews = 1, .active = v};
}

/* Every demo participant in every role they hold: both rules agree. */
static void
agree(struct fixture *f, const char *what, size_t *nincomplete)
{
	static const struct { const char *user, *role; } who[] = {
		{"chidi.okafor", "mentor"}, {"sarah.mitchell", "mentor"}, {"james.li", "mentor"},
		{"fatima.begum", "mentor"}, {"fatima.begum", "mentee"}, {"tom.hughes", "mentee"},
		{"amy.clarke", "mentee"}, {"ravi.patel", "mentee"},
	};
	*nincomplete = 0;
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		struct app_auth me;
		struct app_view v;
		as(&me, &v, uid(f, who[i].user), who[i].role, 1);
		const char **labels;
		size_t n;
		bool sql;
		assert_int_equal(app_profile_missing(f->db, f->a, &me, &labels, &n), ERR_OK);
		assert_int_equal(app_message_incomplete_sql(f->db, f->a, 1, me.user_id, who[i].role,
		    &sql), ERR_OK);
		if (sql != (n > 0))
			fail_msg("%s: %s as %s: home page says %zu missing, SQL says %s", what,
			    who[i].user, who[i].role, n, sql ? "incomplete" : "complete");
		*nincomplete += sql;
	}
}

static void
test_incomplete_agrees(void **state)
{
	struct fixture *f = *state;
	size_t n;
	agree(f, "demo rules", &n);
	assert_true(n >= 1);                 /* ravi.patel: no statement */
	assert_true(n < 8);

	/* every built-in field required of both roles */
	struct db_matching m;
	assert_int_equal(db_matching_get(f->db, f->a, 1, &m), ERR_OK);
	const char *all = match_fields_text(f->a, (1u << MF__MAX) - 1);
	m.mentor_required = all;
	m.mentee_required = all;
	assert_int_equal(db_matching_put(f->db, &m), ERR_OK);
	app_finder_forget();
	agree(f, "every field required", &n);

	/* nothing built-in, but a required scheme field for mentors */
	m.mentor_required = "";
	m.mentee_required = "";
	assert_int_equal(db_matching_put(f->db, &m), ERR_OK);
	app_finder_forget();
	agree(f, "nothing required", &n);
	assert_int_equal(n, 0);
	int64_t fid;
	assert_int_equal(db_field_add(f->db, &(struct db_field){.scheme_id = 1,
	    .label = "GMC number", .hint = "", .kind = "text", .choices = "",
	    .visibility = "private", .applies_to = "mentor", .is_required = true}, T0, &fid),
	    ERR_OK);
	app_finder_forget();
	agree(f, "a required mentor field", &n);
	assert_int_equal(n, 4);              /* the four mentors */
}

static void
test_send_rules(void **state)
{
	struct fixture *f = *state;
	struct app_auth gareth, tom, olga;
	struct app_view vg, vt, vo;
	as(&gareth, &vg, uid(f, "gareth.evans"), "scheme_admin", 1);
	gareth.display_name = "Gareth Evans";
	as(&tom, &vt, uid(f, "tom.hughes"), "mentee", 1);
	as(&olga, &vo, uid(f, "gareth.evans"), "scheme_admin", 99);   /* another scheme's */
	struct app_msg_compose in = {.au = {.scheme_id = 1, .kind = "groups", .role = "mentees",
		.status = "any"}, .subject = "Hello", .body = "SECRET-BODY"};
	struct app_problems ps = {0};
	struct app_msg_composed out;

	assert_int_equal(app_message_compose(f->db, f->a, &tom, &in, true, f->dir, "", &ps, &out),
	    ERR_FORBIDDEN);
	assert_int_equal(app_message_compose(f->db, f->a, &olga, &in, true, f->dir, "", &ps,
	    &out), ERR_NOT_FOUND);

	/* problems per field, nothing written */
	struct app_msg_compose bad = in;
	bad.subject = "  ";
	bad.body = "";
	assert_int_equal(app_message_compose(f->db, f->a, &gareth, &bad, true, f->dir, "", &ps,
	    &out), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 2);
	assert_string_equal(ps.p[0].field, "subject");
	assert_string_equal(ps.p[0].message, "Enter a subject");
	assert_string_equal(ps.p[1].field, "body");
	assert_string_equal(ps.p[1].message, "Enter the message");

	/* a preview writes nothing */
	ps = (struct app_problems){0};
	int64_t audits0, audits1;
	assert_int_equal(db_audit_count(f->db, &audits0), ERR_OK);
	assert_int_equal(app_message_compose(f->db, f->a, &gareth, &in, false, f->dir, "", &ps,
	    &out), ERR_OK);
	assert_int_equal(out.npeople, 4);
	assert_int_equal(out.id, 0);

	int64_t before;
	assert_int_equal(app_messages_unread(f->db, &tom, &before), ERR_OK);
	assert_int_equal(before, 1);         /* the demo's welcome */
	assert_int_equal(app_message_compose(f->db, f->a, &gareth, &in, true, f->dir, "1.2.3.4",
	    &ps, &out), ERR_OK);
	assert_true(out.id > 0);
	assert_int_equal(out.npeople, 4);
	assert_int_equal(db_audit_count(f->db, &audits1), ERR_OK);
	assert_int_equal(audits1, audits0 + 1);
	int64_t n;
	assert_int_equal(app_messages_unread(f->db, &tom, &n), ERR_OK);
	assert_int_equal(n, 2);

	/* recipients are fixed: a new mentee later does not get it */
	assert_int_equal(db_role_add(f->db, uid(f, "chidi.okafor"), 1, "mentee", T0), ERR_OK);
	struct app_msg_admin_view av;
	assert_int_equal(app_message_admin_get(f->db, f->a, &gareth, out.id, &av), ERR_OK);
	assert_int_equal(av.nrecipients, 4);
	assert_int_equal(av.nread, 0);
	assert_int_equal(app_message_admin_get(f->db, f->a, &olga, out.id, &av), ERR_NOT_FOUND);
	assert_int_equal(app_message_admin_get(f->db, f->a, &tom, out.id, &av), ERR_FORBIDDEN);

	/* opening marks read once; a non-recipient gets 404 */
	struct app_msg_view mv;
	assert_int_equal(app_message_open(f->db, f->a, &tom, out.id, &mv), ERR_OK);
	assert_true(mv.was_unread);
	assert_string_equal(mv.m.body, "SECRET-BODY");
	assert_int_equal(app_message_open(f->db, f->a, &tom, out.id, &mv), ERR_OK);
	assert_false(mv.was_unread);
	assert_int_equal(app_messages_unread(f->db, &tom, &n), ERR_OK);
	assert_int_equal(n, 1);
	struct app_auth chidi;
	struct app_view vc;
	as(&chidi, &vc, uid(f, "chidi.okafor"), "mentor", 1);
	assert_int_equal(app_message_open(f->db, f->a, &chidi, out.id, &mv), ERR_NOT_FOUND);

	/* replies: first and last */
	int64_t rid;
	ps = (struct app_problems){0};
	assert_int_equal(app_message_reply(f->db, f->a, &tom, out.id, " \n ", "", &ps, &rid),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "Enter your reply");
	ps = (struct app_problems){0};
	assert_int_equal(app_message_reply(f->db, f->a, &chidi, out.id, "hi", "", &ps, &rid),
	    ERR_NOT_FOUND);
	assert_int_equal(app_message_reply(f->db, f->a, &tom, out.id, "first", "", &ps, &rid),
	    ERR_OK);
	clock_set(T0 + 86400);
	assert_int_equal(app_message_reply(f->db, f->a, &tom, out.id, "second", "", &ps, &rid),
	    ERR_OK);
	struct db_message *inbox;
	size_t ninbox;
	assert_int_equal(app_messages_inbox(f->db, f->a, &tom, &inbox, &ninbox), ERR_OK);
	assert_int_equal(ninbox, 2);
	assert_int_equal(inbox[0].id, out.id);
	assert_int_equal(inbox[0].first_reply_at, T0);
	assert_int_equal(inbox[0].last_reply_at, T0 + 86400);
	assert_int_equal(inbox[0].my_nreplies, 2);
	assert_int_equal(app_message_admin_get(f->db, f->a, &gareth, out.id, &av), ERR_OK);
	assert_int_equal(av.nreplies, 2);
	assert_int_equal(av.nreplied, 1);
	assert_int_equal(av.nread, 1);
}

/* MSG-2: the subject goes into email headers: app refuses CR, LF and
 * other control characters itself (not only the handler's param spec). */
static void
test_subject_one_line(void **state)
{
	struct fixture *f = *state;
	struct app_auth gareth;
	struct app_view vg;
	as(&gareth, &vg, uid(f, "gareth.evans"), "scheme_admin", 1);
	gareth.display_name = "Gareth Evans";
	static const char *const bad[] = {"Hello\r\nBcc: x@example.com", "Hello\nthere",
		"Hello\rthere", "Tab\there", "Bell\a", "Del\x7f"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_msg_compose in = {.au = {.scheme_id = 1, .kind = "groups",
			.role = "mentees", .status = "any"}, .subject = bad[i], .body = "Body"};
		struct app_problems ps = {0};
		struct app_msg_composed out;
		int64_t audits0, audits1;
		assert_int_equal(db_audit_count(f->db, &audits0), ERR_OK);
		assert_int_equal(app_message_compose(f->db, f->a, &gareth, &in, true, f->dir, "",
		    &ps, &out), ERR_BAD_INPUT);
		assert_int_equal(ps.n, 1);
		assert_string_equal(ps.p[0].field, "subject");
		assert_string_equal(ps.p[0].message,
		    "Enter a subject on one line, without line breaks or tabs");
		assert_int_equal(out.id, 0);
		assert_int_equal(db_audit_count(f->db, &audits1), ERR_OK);
		assert_int_equal(audits1, audits0);
	}
	/* a line break in the body is fine */
	struct app_msg_compose ok = {.au = {.scheme_id = 1, .kind = "groups", .role = "mentees",
		.status = "any"}, .subject = "Café evening – all welcome",
		.body = "Line 1\r\nLine 2"};
	struct app_problems ps = {0};
	struct app_msg_composed out;
	assert_int_equal(app_message_compose(f->db, f->a, &gareth, &ok, true, f->dir, "", &ps,
	    &out), ERR_OK);
	assert_true(out.id > 0);
}

/* MSG-2: a group with no one in it is still resolved (the preview says
 * "No one is in this group"), with no people. */
static void
test_empty_group_resolved(void **state)
{
	struct fixture *f = *state;
	struct app_auth gareth;
	struct app_view vg;
	as(&gareth, &vg, uid(f, "gareth.evans"), "scheme_admin", 1);
	/* every demo mentee has a relationship, live or ended (issue 9's past
	 * relationships of sarah.mitchell) */
	struct app_msg_compose in = {.au = {.scheme_id = 1, .kind = "groups", .role = "mentees",
		.status = "none"}, .subject = "", .body = ""};
	struct app_problems ps = {0};
	struct app_msg_composed out;
	assert_int_equal(app_message_compose(f->db, f->a, &gareth, &in, false, f->dir, "", &ps,
	    &out), ERR_OK);
	assert_true(out.has_audience);
	assert_int_equal(out.npeople, 0);
}

static void
test_people_only_from_the_scheme(void **state)
{
	struct fixture *f = *state;
	struct app_auth gareth;
	struct app_view vg;
	as(&gareth, &vg, uid(f, "gareth.evans"), "scheme_admin", 1);
	const int64_t ids[] = {uid(f, "olivia.grant"), uid(f, "gareth.evans"),
		uid(f, "amy.clarke"), 424242};
	struct app_msg_audience au = {.scheme_id = 1, .kind = "people", .people = ids,
		.npeople = 4};
	struct app_problems ps = {0};
	struct db_message_person *p;
	size_t n;
	assert_int_equal(app_message_audience(f->db, f->a, &gareth, &au, &ps, &p, &n), ERR_OK);
	assert_int_equal(n, 1);              /* pending and administrators never */
	assert_string_equal(p[0].name, "Amy Clarke");
	au.npeople = 0;
	assert_int_equal(app_message_audience(f->db, f->a, &gareth, &au, &ps, &p, &n),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "people");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test_setup_teardown(test_incomplete_agrees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subject_one_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_group_resolved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_only_from_the_scheme, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
