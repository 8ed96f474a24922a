/*
 * test_mail.c - email rendering and delivery metadata (MSG-4, ACC-8):
 * every kind in the registry renders both parts from the mail templates
 * with the scheme's name and the link back; text is escaped and URLs
 * become links only in HTML; app_notice_tx writes the kind, person,
 * scheme, List-Unsubscribe (none for required kinds) and secrecy; the
 * daily digest is one templated, bulk email; no rendered part carries a
 * stray "{{" or "}}" and every text part starts with the scheme's name
 * or the greeting; the SMTP writer adds List-Unsubscribe and Precedence;
 * the admin outbox searches literally, pages, is scoped to the caller's
 * schemes by scheme_id only, hides the private kinds from scheme
 * administrators and never shows a body to anyone.
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

#include "app/account.h"
#include "app/app.h"
#include "app/mail.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db.h"
#include "mail/render.h"
#include "mail/smtp.h"
#include "view/templates.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */
#define BASE "https://mentoring.example.nhs.uk"

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t tom, amy, admin_a, site;
	struct app_view views_a[1];
	struct app_auth me_admin_a, me_site, me_tom;
};

static int64_t
make_user(struct db *db, const char *username, const char *given, bool is_site_admin)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = given,
		.family_name = "Family", .password_hash = "$argon2id$placeholder",
		.status = "active", .is_site_admin = is_site_admin, .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct config cfg;

	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (templates_init(NULL) != ERR_OK)
		return -1;
	config_init(&cfg);
	free(cfg.base_url);
	cfg.base_url = strdup(BASE "/");
	mail_render_configure(&cfg);
	config_free(&cfg);
	if (testdb_make("mail", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire Mentoring <Northfield>", "",
	    &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon Mentoring", "", &f->scheme_b)
	    != ERR_OK || db_commit(f->db) != ERR_OK)
		return -1;
	f->tom = make_user(f->db, "tom", "Tom", false);
	f->amy = make_user(f->db, "amy", "Amy", false);
	f->admin_a = make_user(f->db, "gareth", "Gareth", false);
	f->site = make_user(f->db, "root", "Root", true);
	assert_int_equal(db_role_add(f->db, f->tom, f->scheme_a, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, f->amy, f->scheme_b, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0),
	    ERR_OK);
	f->views_a[0] = (struct app_view){.scheme_id = f->scheme_a, .scheme_name = "A",
	    .role = "scheme_admin", .label = "Scheme administrator"};
	f->me_admin_a = (struct app_auth){.user_id = f->admin_a, .username = "gareth",
	    .views = f->views_a, .nviews = 1, .active = f->views_a};
	f->me_site = (struct app_auth){.user_id = f->site, .username = "root",
	    .is_site_admin = true};
	f->me_tom = (struct app_auth){.user_id = f->tom, .username = "tom"};
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
	templates_free();
	free(f);
	return 0;
}

/* The newest outbox row. */
static struct db_mail
newest(struct fixture *f)
{
	struct db_mail *rows;
	size_t n;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1, &rows, &n), ERR_OK);
	assert_int_equal(n, 1);
	return rows[0];
}

static void
notice(struct fixture *f, const struct app_notice *n)
{
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notice_tx(f->db, n), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
}

/* ---- every kind renders (MSG-4, ACC-8) ---- */

static void
test_every_kind_renders_both_parts(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < app_notice_nkinds; i++) {
		const struct app_notice_kind *k = &app_notice_kinds[i];
		struct app_mail_view v = {
			.kind = k, .scheme_name = "Aspire Mentoring", .greeting = "Hello Tom,",
			.subject = k->label, .text = "Something happened.\n\nSee it.",
			.url = BASE "/relationships/1", .settings_url = BASE "/settings#notifications",
		};
		char *text, *html;
		arena_reset(f->a);
		assert_non_null(k->action);
		assert_int_equal(mail_render_notice(f->a, &v, &text, &html), ERR_OK);
		if (strstr(text, "Aspire Mentoring") == NULL ||
		    strstr(html, "Aspire Mentoring") == NULL ||
		    strstr(text, BASE "/relationships/1") == NULL ||
		    strstr(html, "href=\"" BASE "/relationships/1\"") == NULL ||
		    strstr(text, k->action) == NULL || strstr(html, k->action) == NULL ||
		    strstr(text, BASE "/settings#notifications") == NULL ||
		    strstr(html, BASE "/settings#notifications") == NULL ||
		    strstr(text, "Hello Tom,") == NULL)
			fail_msg("kind %s: a part lacks the scheme, link, action or footer", k->kind);
		/* the footer says why; only optional kinds offer to turn it off */
		assert_non_null(strstr(text, "Why you got this email"));
		assert_true((strstr(text, "turn this email off") != NULL) == !k->is_required);
	}
}

/* MSG-4: no template syntax leaks into an email (a "}}" inside a comment
 * once ended it early, so every text part began "} on purpose. }}"), and
 * the text part starts with the scheme heading or, with no scheme, the
 * greeting. */
static void
test_no_template_syntax_leaks(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < app_notice_nkinds; i++) {
		const struct app_notice_kind *k = &app_notice_kinds[i];
		for (int with_scheme = 0; with_scheme < 2; with_scheme++) {
			struct app_mail_view v = {
				.kind = k, .scheme_name = with_scheme ? "Aspire Mentoring" : "",
				.greeting = "Hello Tom,", .subject = k->label,
				.text = "Something happened.", .url = BASE "/relationships/1",
				.settings_url = BASE "/settings#notifications",
			};
			const char *start = with_scheme ? "Aspire Mentoring\n" : "Hello Tom,\n";
			char *text, *html;
			arena_reset(f->a);
			assert_int_equal(mail_render_notice(f->a, &v, &text, &html), ERR_OK);
			if (strstr(text, "{{") != NULL || strstr(text, "}}") != NULL ||
			    strstr(html, "{{") != NULL || strstr(html, "}}") != NULL)
				fail_msg("kind %s: template syntax in the email", k->kind);
			if (strncmp(text, start, strlen(start)) != 0)
				fail_msg("kind %s: the text part starts \"%.20s\"", k->kind, text);
		}
	}
}

/* MSG-4, REL-6: the private kinds, in the one registry. */
static void
test_private_kinds(void **state)
{
	static const char *const private[] = {"concern.raised", "concern.updated",
	    "admin.end_requested", "relationship.end_request_closed",
	    "admin.extension_requested"};
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < app_notice_nkinds; i++) {
		bool want = false;
		for (size_t j = 0; j < sizeof(private) / sizeof(private[0]); j++)
			want = want || strcmp(app_notice_kinds[i].kind, private[j]) == 0;
		if (app_notice_kinds[i].is_private != want)
			fail_msg("kind %s: is_private should be %d", app_notice_kinds[i].kind, want);
		n += want;
	}
	assert_int_equal(n, sizeof(private) / sizeof(private[0]));
}

static void
test_html_escapes_and_links(void **state)
{
	struct fixture *f = *state;
	struct app_mail_view v = {
		.kind = &app_notice_kinds[0], .scheme_name = "A & B <Trust>", .greeting = "",
		.subject = "Hi", .text = "Read <script>alert(1)</script> at "
		"https://x.example/a?b=1&c=2.\nSecond line\n\nNew paragraph",
		.url = BASE "/", .settings_url = BASE "/settings",
	};
	char *text, *html;

	assert_int_equal(mail_render_notice(f->a, &v, &text, &html), ERR_OK);
	assert_null(strstr(html, "<script>"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	assert_non_null(strstr(html, "A &amp; B &lt;Trust&gt;"));
	/* the URL is a link, without the full stop that ends the sentence */
	assert_non_null(strstr(html, "<a href=\"https://x.example/a?b=1&amp;c=2\""));
	assert_non_null(strstr(html, "<br>Second line"));
	assert_non_null(strstr(html, "<p style=\"margin:0 0 16px\">New paragraph</p>"));
	/* the text part is the text as written: no entities, no tags */
	assert_non_null(strstr(text, "Read <script>alert(1)</script> at https://x.example/a?b=1&c=2."));
	assert_non_null(strstr(text, "A & B <Trust>"));
}

/* ---- app_notice_tx writes what the outbox needs ---- */

static void
test_notice_row(void **state)
{
	struct fixture *f = *state;

	notice(f, &(struct app_notice){.user_id = f->tom, .to = "tom@example.nhs.uk",
	    .kind = "chat.message", .scheme_id = f->scheme_a, .subject = "New chat message",
	    .text = "Chidi wrote to you.", .path = "/chats/12"});
	struct db_mail m = newest(f);
	assert_string_equal(m.kind, "chat.message");
	assert_int_equal(m.user_id, f->tom);
	assert_int_equal(m.scheme_id, f->scheme_a);
	assert_false(m.is_secret);
	assert_false(m.is_bulk);
	assert_string_equal(m.unsubscribe, BASE "/settings#notifications");
	assert_non_null(strstr(m.body_text, "Aspire Mentoring <Northfield>"));
	assert_non_null(strstr(m.body_text, "Hello Tom,"));
	assert_non_null(strstr(m.body_text, "Open your chat: " BASE "/chats/12"));
	assert_non_null(strstr(m.body_html, "Aspire Mentoring &lt;Northfield&gt;"));
	assert_non_null(strstr(m.body_html, "href=\"" BASE "/chats/12\""));

	/* a required, secret kind: no unsubscribe, body marked secret; the
	 * text's own greeting is not doubled */
	notice(f, &(struct app_notice){.user_id = f->tom, .to = "tom@example.nhs.uk",
	    .kind = "password.reset", .subject = "Reset your Tandem password",
	    .text = "Hello Tom,\n\nOpen " BASE "/password/reset/abc\n", .path = "/sign-in"});
	m = newest(f);
	assert_true(m.is_secret);
	assert_string_equal(m.unsubscribe, "");
	assert_int_equal(m.scheme_id, 0);
	assert_null(strstr(strstr(m.body_text, "Hello Tom,") + 1, "Hello Tom,"));
	assert_non_null(strstr(m.body_html, "<a href=\"" BASE "/password/reset/abc\""));

	/* an invitation rides along; an unknown kind is a bug */
	notice(f, &(struct app_notice){.user_id = f->tom, .to = "tom@example.nhs.uk",
	    .kind = "session.answered", .scheme_id = f->scheme_a, .subject = "Agreed",
	    .text = "Agreed.", .path = "/relationships/1",
	    .ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", .ics_method = "REQUEST"});
	m = newest(f);
	assert_string_equal(m.ics_method, "REQUEST");
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notice_tx(f->db, &(struct app_notice){.user_id = f->tom,
	    .to = "tom@example.nhs.uk", .kind = "no.such", .text = ""}), ERR_INTERNAL);
	db_rollback(f->db);
}

/* ---- settings and the digest (ACC-8) ---- */

static void
test_off_and_daily_digest(void **state)
{
	struct fixture *f = *state;
	struct db_mail *rows;
	size_t n, before, sent;

	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1000, &rows, &before), ERR_OK);
	assert_int_equal(app_pref_set(f->db, &f->me_tom, "chat.message", false, false), ERR_OK);
	assert_int_equal(app_pref_set(f->db, &f->me_tom, "session.added", true, true), ERR_OK);
	assert_int_equal(app_pref_set(f->db, &f->me_tom, "content.shared", true, true), ERR_OK);
	notice(f, &(struct app_notice){.user_id = f->tom, .to = "tom@example.nhs.uk",
	    .kind = "chat.message", .scheme_id = f->scheme_a, .subject = "Off",
	    .text = "x", .path = "/chats/1"});
	notice(f, &(struct app_notice){.user_id = f->tom, .to = "tom@example.nhs.uk",
	    .kind = "session.added", .scheme_id = f->scheme_a, .subject = "Sessions proposed",
	    .text = "Hello Tom,\n\nChidi proposed a session.\n\nTandem\n",
	    .path = "/relationships/1"});
	notice(f, &(struct app_notice){.user_id = f->tom, .to = "tom@example.nhs.uk",
	    .kind = "content.shared", .scheme_id = f->scheme_a, .subject = "A note was shared",
	    .text = "Chidi shared a note.", .path = "/notes/4"});
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1000, &rows, &n), ERR_OK);
	assert_int_equal(n, before);   /* off: dropped; daily: held */

	assert_int_equal(app_digest_run(f->db, T0 + 3600, &sent), ERR_OK);
	assert_int_equal(sent, 1);
	struct db_mail m = newest(f);
	assert_string_equal(m.subject, "Your Tandem daily summary");
	assert_string_equal(m.kind, "digest");
	assert_true(m.is_bulk);
	/* the summary starts with the greeting, no template syntax (MSG-4) */
	assert_int_equal(strncmp(m.body_text, "Hello Tom,\n", 11), 0);
	assert_null(strstr(m.body_text, "{{"));
	assert_null(strstr(m.body_text, "}}"));
	assert_null(strstr(m.body_html, "{{"));
	assert_null(strstr(m.body_html, "}}"));
	assert_string_equal(m.unsubscribe, BASE "/settings#notifications");
	assert_non_null(strstr(m.body_text, "Hello Tom,"));
	assert_non_null(strstr(m.body_text, "2 emails you chose"));
	assert_non_null(strstr(m.body_text, "Sessions proposed"));
	assert_non_null(strstr(m.body_text, "Chidi proposed a session."));
	assert_null(strstr(m.body_text, "Hello Tom,\n\nChidi"));   /* greeted once */
	assert_non_null(strstr(m.body_text, BASE "/relationships/1"));
	assert_non_null(strstr(m.body_text, BASE "/notes/4"));
	assert_non_null(strstr(m.body_text, "Aspire Mentoring <Northfield>"));
	assert_non_null(strstr(m.body_html, "href=\"" BASE "/notes/4\""));
	/* nothing left to send */
	assert_int_equal(app_digest_run(f->db, T0 + 7200, &sent), ERR_OK);
	assert_int_equal(sent, 0);
}

/* ---- the SMTP writer's headers ---- */

static void
test_headers(void **state)
{
	struct fixture *f = *state;
	struct db_mail m = {
		.id = 7, .to_addr = "tom@example.nhs.uk", .subject = "Hello",
		.body_text = "Hi", .body_html = "<p>Hi</p>", .ics = "", .ics_method = "",
		.unsubscribe = BASE "/settings#notifications", .is_bulk = true,
	};
	struct buf b;

	buf_init_arena(&b, f->a, SMTP_MESSAGE_MAX);
	assert_int_equal(smtp_build_message(&b, &m, "Tandem <tandem@trust.nhs.uk>", T0),
	    ERR_OK);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "\r\nList-Unsubscribe: <" BASE "/settings#notifications>\r\n"));
	assert_null(strstr(s, "List-Unsubscribe-Post"));
	assert_non_null(strstr(s, "\r\nPrecedence: bulk\r\n"));
	assert_non_null(strstr(s, "@trust.nhs.uk>\r\n"));         /* Message-ID domain */
	assert_non_null(strstr(s, "Date: Mon, 23 Nov 2026 20:14:21 +0000\r\n"));
	assert_non_null(strstr(s, "Auto-Submitted: auto-generated\r\n"));

	/* required kinds: none; an unsafe URL is left out, never injected */
	static const char *const bad[] = {"", "javascript:alert(1)",
	    BASE "/x>\r\nBcc: evil@example.com", BASE "/a b"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		buf_init_arena(&b, f->a, SMTP_MESSAGE_MAX);
		m.unsubscribe = bad[i];
		m.is_bulk = false;
		assert_int_equal(smtp_build_message(&b, &m, "tandem@trust.nhs.uk", T0), ERR_OK);
		assert_null(strstr(buf_str(&b), "List-Unsubscribe"));
		assert_null(strstr(buf_str(&b), "Precedence"));
		assert_null(strstr(buf_str(&b), "Bcc"));
	}
}

/* ---- the admin outbox ---- */

static void
add_mail(struct fixture *f, const char *to, const char *subject, int64_t scheme_id,
    const char *kind, bool is_secret)
{
	struct db_mail_new m = {.to = to, .subject = subject, .text = "body",
	    .kind = kind, .scheme_id = scheme_id, .is_secret = is_secret};
	assert_int_equal(db_mail_put(f->db, &m, T0, NULL), ERR_OK);
}

static void
test_outbox_search_scope_paging(void **state)
{
	struct fixture *f = *state;
	struct app_mail_list l;

	add_mail(f, "tom@example.nhs.uk", "Rate: 100% done", f->scheme_a, "chat.message", false);
	add_mail(f, "tom@example.nhs.uk", "a_b literal", f->scheme_a, "chat.message", false);
	add_mail(f, "tom@example.nhs.uk", "axb not literal", f->scheme_a, "chat.message", false);
	add_mail(f, "amy@example.nhs.uk", "For Beacon", f->scheme_b, "chat.message", false);
	add_mail(f, "tom@example.nhs.uk", "Reset", 0, "password.reset", true);
	add_mail(f, "stranger@example.com", "No scheme, no one", 0, "", false);
	add_mail(f, "tom@example.nhs.uk", "We have received your registration", 0,
	    "account.registered", false);
	add_mail(f, "gareth@example.nhs.uk", "A concern has been raised", f->scheme_a,
	    "concern.raised", false);
	add_mail(f, "gareth@example.nhs.uk", "Someone has asked to end", f->scheme_a,
	    "admin.end_requested", false);
	add_mail(f, "tom@example.nhs.uk", "Your request to end has been closed", f->scheme_a,
	    "relationship.end_request_closed", false);

	/* literal search: % and _ match only themselves */
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "", "100%", 0, &l), ERR_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "", "a_b", 0, &l), ERR_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.rows[0].subject, "a_b literal");
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "", "AMY@", 0, &l), ERR_OK);
	assert_int_equal(l.n, 1);                 /* LIKE ignores ASCII case */
	assert_string_equal(l.scheme_names[0], "Beacon Mentoring");
	assert_string_equal(l.rows[0].body_text, "");   /* lists never carry bodies */

	/* scope (MSG-4, REL-6): a scheme administrator sees only rows whose
	 * scheme is theirs (never by address: no account mail to their
	 * people), and none of the private kinds, even about their scheme */
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_admin_a, "", "", 0, &l), ERR_OK);
	for (size_t i = 0; i < l.n; i++) {
		assert_int_equal(l.rows[i].scheme_id, f->scheme_a);
		assert_string_equal(l.rows[i].kind, "chat.message");
	}
	assert_int_equal(l.n, 3);
	/* the site administrator sees everything, private kinds included */
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "", "", 0, &l), ERR_OK);
	assert_int_equal(l.n, 10);
	int64_t concern = 0, ended = 0, account = 0;
	for (size_t i = 0; i < l.n; i++) {
		assert_string_equal(l.rows[i].body_text, "");
		if (strcmp(l.rows[i].kind, "concern.raised") == 0)
			concern = l.rows[i].id;
		if (strcmp(l.rows[i].kind, "relationship.end_request_closed") == 0)
			ended = l.rows[i].id;
		if (strcmp(l.rows[i].kind, "account.registered") == 0)
			account = l.rows[i].id;
	}
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_tom, "", "", 0, &l), ERR_FORBIDDEN);
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "lost", "", 0, &l),
	    ERR_BAD_INPUT);

	/* one message: a secret body is never shown; another's is, audited */
	int64_t beacon = 0, reset = 0;
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "", "", 0, &l), ERR_OK);
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.rows[i].subject, "For Beacon") == 0)
			beacon = l.rows[i].id;
		if (strcmp(l.rows[i].subject, "Reset") == 0)
			reset = l.rows[i].id;
	}
	struct db_mail m;
	const char *sn;
	assert_int_equal(app_mail_message(f->db, f->a, &f->me_admin_a, beacon, "", &m, &sn),
	    ERR_NOT_FOUND);
	/* metadata only, for everyone: no body, not even a site administrator's */
	assert_int_equal(app_mail_message(f->db, f->a, &f->me_site, beacon, "", &m, &sn),
	    ERR_OK);
	assert_string_equal(m.subject, "For Beacon");
	assert_string_equal(m.body_text, "");
	assert_string_equal(m.body_html, "");
	assert_int_equal(app_mail_message(f->db, f->a, &f->me_site, reset, "", &m, &sn),
	    ERR_OK);
	assert_string_equal(m.body_text, "");
	/* no scheme, or a private kind: not there for a scheme administrator */
	int64_t hidden_ids[] = {reset, account, concern, ended};
	for (size_t i = 0; i < sizeof(hidden_ids) / sizeof(hidden_ids[0]); i++) {
		assert_true(hidden_ids[i] > 0);
		assert_int_equal(app_mail_message(f->db, f->a, &f->me_admin_a, hidden_ids[i], "",
		    &m, &sn), ERR_NOT_FOUND);
		assert_int_equal(app_mail_message(f->db, f->a, &f->me_site, hidden_ids[i], "",
		    &m, &sn), ERR_OK);
	}
	/* retry: only failed, only visible */
	assert_int_equal(app_mail_retry(f->db, &f->me_site, beacon, ""), ERR_NOT_FOUND);
	assert_int_equal(db_outbox_mark_retry(f->db, beacon, T0 + 60, "SMTP 550", true), ERR_OK);
	assert_int_equal(app_mail_retry(f->db, &f->me_admin_a, beacon, ""), ERR_NOT_FOUND);
	assert_int_equal(app_mail_retry(f->db, &f->me_site, beacon, ""), ERR_OK);

	/* paging: a full page and the id to continue from */
	for (int i = 0; i < APP_MAIL_PAGE + 5; i++)
		add_mail(f, "tom@example.nhs.uk", "Bulk", f->scheme_a, "chat.message", false);
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "queued", "Bulk", 0, &l),
	    ERR_OK);
	assert_int_equal(l.n, APP_MAIL_PAGE);
	assert_true(l.older_id > 0);
	int64_t older = l.older_id;
	assert_int_equal(app_mail_outbox(f->db, f->a, &f->me_site, "queued", "Bulk", older,
	    &l), ERR_OK);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.older_id, 0);
	for (size_t i = 0; i < l.n; i++)
		assert_true(l.rows[i].id < older);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_kind_renders_both_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_template_syntax_leaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_escapes_and_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notice_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_off_and_daily_digest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_search_scope_paging, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
