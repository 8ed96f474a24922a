/*
 * test_chats.c - app/chats.c (MSG-1): the pure rules (edit window,
 * delete while unread, times in words, text limits), who may open a
 * chat (a table over the pair, an administrator of the scheme, another
 * pair, another scheme's administrator), unread counts and read marks,
 * the email throttle (one per conversation per 15 minutes while
 * unread, again at once after reading), drafts, read-only after the
 * end (REL-4, REL-5), and the query plans of the lists (every list
 * reads an index, never the whole table).
 *
 * Each database test gets a fresh database: scheme A with pairs
 * (mentor1, mentee1) and (mentor2, mentee2), an administrator of A and
 * one of scheme B.  Time is pinned to Mon 23 Nov 2026 20:14:21 UTC.
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
#include "testpairs.h"

#include "app/chats.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db_int.h"
#include "db/search.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure rules ---- */

static void
test_rules(void **state)
{
	(void)state;
	struct db_chat_message m = {.id = 10, .author_id = 1, .recipient_id = 2,
		.body = "hi", .created_at = T0};
	static const struct { int64_t me, now; bool live; bool want; } edit[] = {
		{1, T0, true, true},
		{1, T0 + 299, true, true},
		{1, T0 + 300, true, false},      /* 5 minutes: too late */
		{2, T0, true, false},            /* not mine */
		{1, T0, false, false},           /* the relationship ended */
	};
	for (size_t i = 0; i < sizeof(edit) / sizeof(edit[0]); i++)
		if (app_chat_can_edit(&m, edit[i].me, edit[i].now, edit[i].live) != edit[i].want)
			fail_msg("edit case %zu", i);
	static const struct { int64_t me, other_read; bool live; bool want; } del[] = {
		{1, 0, true, true},
		{1, 9, true, true},
		{1, 10, true, false},            /* read: no longer */
		{2, 0, true, false},             /* not mine */
		{1, 0, false, false},            /* ended */
	};
	for (size_t i = 0; i < sizeof(del) / sizeof(del[0]); i++)
		if (app_chat_can_delete(&m, del[i].me, del[i].other_read, del[i].live) !=
		    del[i].want)
			fail_msg("delete case %zu", i);
	m.deleted_at = T0;
	assert_false(app_chat_can_edit(&m, 1, T0, true));
	assert_false(app_chat_can_delete(&m, 1, 0, true));

	struct arena *a = arena_new(0);
	/* 23 Nov 2026 is GMT: 20:14 local */
	assert_string_equal(app_chat_when(a, T0, T0 + 60, "Europe/London"), "Today at 20:14");
	assert_string_equal(app_chat_when(a, T0 - 86400, T0, "Europe/London"),
	    "Yesterday at 20:14");
	assert_string_equal(app_chat_when(a, T0 - 3 * 86400, T0, "Europe/London"),
	    "Friday 20 November 2026 at 20:14");
	/* 1 July 2026 12:00 UTC is 13:00 in BST */
	assert_string_equal(app_chat_when(a, 1782907200, T0, "Europe/London"),
	    "Wednesday 1 July 2026 at 13:00");

	struct app_problems ps = {0};
	assert_false(app_chat_text_ok(" \n\t", "text", &ps));
	assert_string_equal(ps.p[0].message, "Enter a message");
	char big[4 * 4001 + 1];
	for (int i = 0; i < 4001; i++)
		memcpy(big + 4 * i, "\xf0\x9f\x98\x80", 4);   /* 4001 characters */
	big[4 * 4001] = '\0';
	assert_false(app_chat_text_ok(big, "text", &ps));
	big[4 * 4000] = '\0';                             /* 4000: fine */
	assert_true(app_chat_text_ok(big, "text", &ps));
	arena_free(a);
}

/* ---- the database ---- */

static int
setup(void **state)
{
	return testpairs_setup(state, "chats", T0);
}

static int
teardown(void **state)
{
	return testpairs_teardown(state);
}

static int64_t
send(struct fixture *f, int who, int64_t rel, const char *text)
{
	struct app_problems ps = {0};
	int64_t id = 0;
	assert_int_equal(app_chat_send(f->db, f->a, &f->me[who], rel, text, &ps, &id), ERR_OK);
	return id;
}

static int64_t
unread(struct fixture *f, int who)
{
	int64_t n = -1;
	assert_int_equal(app_chats_unread(f->db, &f->me[who], &n), ERR_OK);
	return n;
}

/* Chat emails queued so far. */
static size_t
chat_emails(struct fixture *f, const char *to)
{
	struct db_mail *mails;
	size_t n, count = 0;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 500, &mails, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strstr(mails[i].subject, "New chat message") != NULL &&
		    strcmp(mails[i].to_addr, to) == 0)
			count++;
	return count;
}

static void
test_access(void **state)
{
	struct fixture *f = *state;
	send(f, MENTOR1, f->rel1, "hello");
	struct app_chat c;
	static const struct { int who; enum err want; } cases[] = {
		{MENTOR1, ERR_OK}, {MENTEE1, ERR_OK},
		{ADMIN_A, ERR_FORBIDDEN},        /* private between the pair */
		{MENTOR2, ERR_NOT_FOUND}, {MENTEE2, ERR_NOT_FOUND}, {ADMIN_B, ERR_NOT_FOUND},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum err rc = app_chat_open(f->db, f->a, &f->me[cases[i].who], f->rel1, 0, false,
		    &c);
		if (rc != cases[i].want)
			fail_msg("open case %zu: got %d, want %d", i, (int)rc, (int)cases[i].want);
		struct app_chat_poll p;
		rc = app_chat_poll(f->db, f->a, &f->me[cases[i].who], f->rel1, 0, 0, false, &p);
		if (rc != cases[i].want)
			fail_msg("poll case %zu: got %d, want %d", i, (int)rc, (int)cases[i].want);
		struct app_problems ps = {0};
		int64_t id;
		rc = app_chat_send(f->db, f->a, &f->me[cases[i].who], f->rel1, "x", &ps, &id);
		if (rc != cases[i].want)
			fail_msg("send case %zu: got %d, want %d", i, (int)rc, (int)cases[i].want);
	}
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTOR1], 999, 0, false, &c),
	    ERR_NOT_FOUND);
	/* a message of another conversation is not found through this one */
	int64_t other = send(f, MENTOR2, f->rel2, "theirs");
	struct db_chat_message m;
	assert_int_equal(app_chat_message(f->db, f->a, &f->me[MENTOR1], f->rel1, other, &c, &m),
	    ERR_NOT_FOUND);
	struct app_problems ps = {0};
	assert_int_equal(app_chat_delete(f->db, f->a, &f->me[MENTOR1], f->rel1, other, &ps),
	    ERR_NOT_FOUND);
	/* the conversation list: only my relationships */
	struct db_chat_conv *convs;
	size_t n;
	assert_int_equal(app_chats_list(f->db, f->a, &f->me[MENTEE1], &convs, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(convs[0].relationship_id, f->rel1);
	assert_int_equal(app_chats_list(f->db, f->a, &f->me[ADMIN_A], &convs, &n), ERR_OK);
	assert_int_equal(n, 0);
}

static void
test_unread_and_email(void **state)
{
	struct fixture *f = *state;
	const char *to = "mentee.one@example.nhs.uk";
	assert_int_equal(unread(f, MENTEE1), 0);
	send(f, MENTOR1, f->rel1, "one");
	assert_int_equal(unread(f, MENTEE1), 1);
	assert_int_equal(unread(f, MENTOR1), 0);     /* my own are never unread */
	assert_int_equal(chat_emails(f, to), 1);
	/* the email says who, never the text */
	struct db_mail *mails;
	size_t n;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &mails, &n), ERR_OK);
	assert_null(strstr(mails[0].body_text, "one\n"));
	clock_advance(60);
	send(f, MENTOR1, f->rel1, "two");
	assert_int_equal(unread(f, MENTEE1), 2);
	assert_int_equal(chat_emails(f, to), 1);     /* throttled */
	clock_advance(APP_CHAT_EMAIL_GAP - 60 - 1);
	send(f, MENTOR1, f->rel1, "three");
	assert_int_equal(chat_emails(f, to), 1);     /* 14:59 later: still throttled */
	clock_advance(1);
	int64_t four = send(f, MENTOR1, f->rel1, "four");
	assert_int_equal(chat_emails(f, to), 2);     /* 15 minutes: again */
	assert_int_equal(unread(f, MENTEE1), 4);

	/* a hidden poll reads nothing; a visible one marks read */
	struct app_chat_poll p;
	assert_int_equal(app_chat_poll(f->db, f->a, &f->me[MENTEE1], f->rel1, 0, 0, false, &p),
	    ERR_OK);
	assert_int_equal(p.nmsgs, 4);
	assert_int_equal(unread(f, MENTEE1), 4);
	assert_int_equal(app_chat_poll(f->db, f->a, &f->me[MENTEE1], f->rel1, 2, 0, true, &p),
	    ERR_OK);
	assert_int_equal(p.nmsgs, 2);                /* only after id 2 */
	assert_int_equal(p.msgs[1].id, four);
	assert_int_equal(unread(f, MENTEE1), 0);

	/* reading ends the throttle: the next message emails at once */
	send(f, MENTOR1, f->rel1, "five");
	assert_int_equal(chat_emails(f, to), 3);
	/* opening the conversation marks it read */
	struct app_chat c;
	assert_int_equal(unread(f, MENTEE1), 1);
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTEE1], f->rel1, 0, true, &c),
	    ERR_OK);
	assert_int_equal(c.nmsgs, 5);
	assert_int_equal(unread(f, MENTEE1), 0);
	/* the list carries the latest and the unread count */
	struct db_chat_conv *convs;
	assert_int_equal(app_chats_list(f->db, f->a, &f->me[MENTOR1], &convs, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(convs[0].last_body, "five");
	assert_int_equal(convs[0].unread, 0);
	/* unread across relationships: a mentor of two */
	send(f, MENTEE1, f->rel1, "reply");
	assert_int_equal(unread(f, MENTOR1), 1);
}

static void
test_edit_delete(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id = send(f, MENTOR1, f->rel1, "helo");
	/* the other person cannot change it */
	assert_int_equal(app_chat_edit(f->db, f->a, &f->me[MENTEE1], f->rel1, id, "x", &ps),
	    ERR_FORBIDDEN);
	assert_int_equal(app_chat_delete(f->db, f->a, &f->me[MENTEE1], f->rel1, id, &ps),
	    ERR_FORBIDDEN);
	/* bad text */
	ps.n = 0;
	assert_int_equal(app_chat_edit(f->db, f->a, &f->me[MENTOR1], f->rel1, id, "  ", &ps),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "text");
	assert_int_equal(app_chat_edit(f->db, f->a, &f->me[MENTOR1], f->rel1, id, "hello", &ps),
	    ERR_OK);
	struct app_chat c;
	struct db_chat_message m;
	assert_int_equal(app_chat_message(f->db, f->a, &f->me[MENTEE1], f->rel1, id, &c, &m),
	    ERR_OK);
	assert_string_equal(m.body, "hello");
	assert_true(m.edited_at > 0);
	/* after 5 minutes: no more changes */
	clock_advance(APP_CHAT_EDIT_SECS);
	ps.n = 0;
	assert_int_equal(app_chat_edit(f->db, f->a, &f->me[MENTOR1], f->rel1, id, "hi", &ps),
	    ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_CHAT_TOO_LATE);
	/* unread: may be deleted; a poll sees it changed */
	int64_t since = clock_now();
	assert_int_equal(app_chat_delete(f->db, f->a, &f->me[MENTOR1], f->rel1, id, &ps), ERR_OK);
	assert_int_equal(unread(f, MENTEE1), 0);     /* deleted: never unread */
	struct app_chat_poll p;
	assert_int_equal(app_chat_poll(f->db, f->a, &f->me[MENTEE1], f->rel1, id, since, true,
	    &p), ERR_OK);
	assert_int_equal(p.nmsgs, 1);
	assert_true(p.msgs[0].deleted_at > 0);
	assert_string_equal(p.msgs[0].body, "");     /* the text is gone */
	/* read: may not be deleted */
	int64_t id2 = send(f, MENTOR1, f->rel1, "second");
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTEE1], f->rel1, 0, true, &c),
	    ERR_OK);
	ps.n = 0;
	assert_int_equal(app_chat_delete(f->db, f->a, &f->me[MENTOR1], f->rel1, id2, &ps),
	    ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_CHAT_READ);
}

static void
test_drafts_and_ended(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_chat c;
	assert_int_equal(app_chat_draft(f->db, f->a, &f->me[MENTEE1], f->rel1, "half a thought",
	    &ps), ERR_OK);
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTEE1], f->rel1, 0, false, &c),
	    ERR_OK);
	assert_string_equal(c.draft, "half a thought");
	/* the other person never sees it */
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTOR1], f->rel1, 0, false, &c),
	    ERR_OK);
	assert_string_equal(c.draft, "");
	assert_int_equal(app_chat_draft(f->db, f->a, &f->me[ADMIN_A], f->rel1, "x", &ps),
	    ERR_FORBIDDEN);
	/* sending clears it */
	int64_t id = send(f, MENTEE1, f->rel1, "the whole thought");
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTEE1], f->rel1, 0, false, &c),
	    ERR_OK);
	assert_string_equal(c.draft, "");
	assert_int_equal(app_chat_draft(f->db, f->a, &f->me[MENTEE1], f->rel1, "again", &ps),
	    ERR_OK);

	/* the relationship ends: reading stays, nothing else (REL-4, REL-5) */
	assert_int_equal(db_rel_finish(f->db, f->rel1, "completed", "2026-11-23", "", 0, T0),
	    ERR_OK);
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTOR1], f->rel1, 0, true, &c),
	    ERR_OK);
	assert_false(c.can_send);
	assert_int_equal(c.nmsgs, 1);
	int64_t nid;
	assert_int_equal(app_chat_send(f->db, f->a, &f->me[MENTOR1], f->rel1, "late", &ps, &nid),
	    ERR_CONFLICT);
	assert_int_equal(app_chat_draft(f->db, f->a, &f->me[MENTEE1], f->rel1, "late", &ps),
	    ERR_CONFLICT);
	assert_int_equal(app_chat_edit(f->db, f->a, &f->me[MENTEE1], f->rel1, id, "x", &ps),
	    ERR_CONFLICT);
	assert_int_equal(app_chat_delete(f->db, f->a, &f->me[MENTEE1], f->rel1, id, &ps),
	    ERR_CONFLICT);
	/* another pair still gets 404, the administrator 403, before the 409 */
	assert_int_equal(app_chat_send(f->db, f->a, &f->me[MENTOR2], f->rel1, "x", &ps, &nid),
	    ERR_NOT_FOUND);
	assert_int_equal(app_chat_send(f->db, f->a, &f->me[ADMIN_A], f->rel1, "x", &ps, &nid),
	    ERR_FORBIDDEN);
}

static void
test_paging(void **state)
{
	struct fixture *f = *state;
	int64_t ids[APP_CHAT_PAGE + 5];
	for (int i = 0; i < APP_CHAT_PAGE + 5; i++)
		ids[i] = send(f, i % 2 ? MENTEE1 : MENTOR1, f->rel1, "msg");
	struct app_chat c;
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTOR1], f->rel1, 0, false, &c),
	    ERR_OK);
	assert_int_equal(c.nmsgs, APP_CHAT_PAGE);
	assert_true(c.has_earlier);
	assert_int_equal(c.msgs[0].id, ids[5]);      /* oldest first */
	assert_int_equal(c.msgs[APP_CHAT_PAGE - 1].id, ids[APP_CHAT_PAGE + 4]);
	assert_int_equal(app_chat_open(f->db, f->a, &f->me[MENTOR1], f->rel1, ids[5], false, &c),
	    ERR_OK);
	assert_int_equal(c.nmsgs, 5);
	assert_false(c.has_earlier);
	assert_int_equal(c.msgs[0].id, ids[0]);
}

/* Every list reads an index: EXPLAIN QUERY PLAN shows no full scan of
 * chat_messages or chat_state, and names the index we rely on. */
static void
test_query_plans(void **state)
{
	struct fixture *f = *state;
	static const struct { enum stmt id; const char *index; } cases[] = {
		{STMT_CHAT_UNREAD_TOTAL, "chat_messages_unread"},
		{STMT_CHAT_UNREAD_REL, "chat_messages_unread"},
		{STMT_CHAT_PAGE, "chat_messages_rel"},
		{STMT_CHAT_SINCE, "chat_messages_changed"},
		{STMT_CHAT_NEWEST, "chat_messages_rel"},
		{STMT_CHAT_NEWEST_TO, "chat_messages_unread"},
		{STMT_CHAT_LIST, "relationships_mentor"},
		{STMT_CHAT_LIST, "chat_messages_unread"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char sql[4096];
		snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", stmt_sql[cases[i].id]);
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(f->db->conn, sql, -1, &s, NULL), SQLITE_OK);
		char plan[4096] = "";
		size_t len = 0;
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(s, 3);
			len += (size_t)snprintf(plan + len, sizeof(plan) - len, "%s\n", d);
			if (len >= sizeof(plan))
				len = sizeof(plan) - 1;
		}
		sqlite3_finalize(s);
		if (strstr(plan, cases[i].index) == NULL)
			fail_msg("case %zu: no %s in\n%s", i, cases[i].index, plan);
		/* "SCAN m" etc. without an index is a full table scan */
		for (const char *p = plan; (p = strstr(p, "SCAN ")) != NULL; p++) {
			const char *eol = strchr(p, '\n');
			size_t n = eol ? (size_t)(eol - p) : strlen(p);
			char line[512];
			snprintf(line, sizeof(line), "%.*s", (int)n, p);
			if (strstr(line, "INDEX") == NULL && strstr(line, "CONSTANT") == NULL)
				fail_msg("case %zu: full scan \"%s\" in\n%s", i, line, plan);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unread_and_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drafts_and_ended, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_plans, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
