/*
 * test_news.c - app/news.c (MSG-3): the link rule (http and https only,
 * a real host, no spaces or credentials), audiences (a mentee never
 * sees a mentors-only item, in lists or by id), dates (a future
 * publication date holds an item back, "show until" ends it, the home
 * page's last 30 days), who may publish (the scheme's administrators
 * only: anyone else, and another scheme's administrator, get
 * ERR_NOT_FOUND), bad input per field, uploaded files checked by their
 * bytes against the scheme's settings, and the audit rows.
 *
 * Each database test gets a fresh database with schemes A and B, an
 * administrator of each, a mentor and a mentee of A.  Time is pinned
 * with clock_set to Mon 23 Nov 2026 (UTC 20:14, 20:14 in London).
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

#include "app/news.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */
#define DAY ((int64_t)86400)

/* ---- pure rules ---- */

static void
test_url_rule(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct { const char *url, *host; bool ok; } cases[] = {
		{"https://www.nhs.uk", "www.nhs.uk", true},
		{"http://example.org/a/b?c=d#e", "example.org", true},
		{"HTTPS://WWW.England.NHS.uk/Mentoring", "www.england.nhs.uk", true},
		{"https://intranet.northfield.nhs.uk:8443/guide", "intranet.northfield.nhs.uk", true},
		{"", NULL, false},
		{"www.nhs.uk", NULL, false},
		{"ftp://example.org/file", NULL, false},
		{"javascript:alert(1)", NULL, false},
		{"data:text/html,hi", NULL, false},
		{"https://", NULL, false},
		{"https:///path", NULL, false},
		{"https://exa mple.org", NULL, false},
		{"https://example.org/a b", NULL, false},
		{"https://user:pw@example.org/", NULL, false},
		{"https://example.org\"onmouseover=x", NULL, false},
		{"https://.example.org", NULL, false},
		{"https://example..org", NULL, false},
		{"https://example.org:/x", NULL, false},
		{"https://example.org:99999999/x", NULL, false},
		{"https://exämple.org", NULL, false},
		{"https://example.org/<script>", NULL, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *host = NULL;
		const char *why = app_resource_url_problem(a, cases[i].url, &host);
		if (cases[i].ok) {
			assert_null(why);
			assert_string_equal(host, cases[i].host);
		} else {
			assert_non_null(why);
		}
	}
	char *long_url = arena_calloc(a, APP_RESOURCE_URL_MAX + 20, 1);
	memcpy(long_url, "https://example.org/", 20);
	memset(long_url + 20, 'a', APP_RESOURCE_URL_MAX);
	assert_string_equal(app_resource_url_problem(a, long_url, NULL),
	    "The web address must be 2,000 characters or fewer");
	assert_string_equal(app_resource_url_problem(a, "", NULL),
	    "Enter the web address of the resource");
	arena_free(a);
}

static void
test_audience_words(void **state)
{
	(void)state;
	assert_true(app_news_audience_valid("all"));
	assert_true(app_news_audience_valid("mentors"));
	assert_true(app_news_audience_valid("mentees"));
	assert_false(app_news_audience_valid("admins"));
	assert_false(app_news_audience_valid(""));
	assert_false(app_news_audience_valid(NULL));
	assert_string_equal(app_news_audience_words("all"), "Everyone");
	assert_string_equal(app_news_audience_words("mentors"), "Mentors only");
	assert_string_equal(app_news_audience_words("mentees"), "Mentees only");
	assert_string_equal(app_news_audience_words("x"), "");
}

/* ---- with a database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t admin_a, admin_b, mentor, mentee;
	struct app_view v_admin_a[1], v_admin_b[1], v_mentor[1], v_mentee[1];
	struct app_auth admin_a_me, admin_b_me, mentor_me, mentee_me;
};

static int64_t
make_user(struct db *db, const char *username, const char *family)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = "Given",
		.family_name = family, .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static struct app_auth
auth_for(int64_t id, struct app_view *v, int64_t scheme, const char *role)
{
	v->scheme_id = scheme;
	v->scheme_name = "Scheme";
	v->role = role;
	v->label = role;
	struct app_auth me = {.user_id = id, .username = "someone",
		.display_name = "Given Family", .email = "someone@example.nhs.uk",
		.views = v, .nviews = 1, .active = v};
	return me;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("news", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a", "Adams");
	f->admin_b = make_user(f->db, "admin.b", "Baker");
	f->mentor = make_user(f->db, "mentor.one", "Cole");
	f->mentee = make_user(f->db, "mentee.one", "Evans");
	db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0);
	db_role_add(f->db, f->admin_b, f->scheme_b, "scheme_admin", T0);
	db_role_add(f->db, f->mentor, f->scheme_a, "mentor", T0);
	db_role_add(f->db, f->mentee, f->scheme_a, "mentee", T0);
	f->admin_a_me = auth_for(f->admin_a, f->v_admin_a, f->scheme_a, "scheme_admin");
	f->admin_b_me = auth_for(f->admin_b, f->v_admin_b, f->scheme_b, "scheme_admin");
	f->mentor_me = auth_for(f->mentor, f->v_mentor, f->scheme_a, "mentor");
	f->mentee_me = auth_for(f->mentee, f->v_mentee, f->scheme_a, "mentee");
	*state = f;
	return 0;
}

/* rm -r of the test's directory: the database and any stored files */
static void
remove_files(const char *dir)
{
	char cmd[TESTDB_DIR_MAX + 32];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "test_news: could not remove %s\n", dir);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_unlink(f->path);
	remove_files(f->dir);
	arena_free(f->a);
	free(f);
	return 0;
}

/* Every audit row so far: each change must add exactly one. */
static int64_t
audit_rows(struct fixture *f)
{
	int64_t n = -1;
	assert_int_equal(db_audit_count(f->db, &n), ERR_OK);
	return n;
}

static int64_t
add_news(struct fixture *f, const char *title, const char *audience, const char *pub,
    const char *until)
{
	struct app_problems ps = {0};
	struct app_news_in in = {.title = title, .body = "Some news.\n\nMore news.",
		.audience = audience, .published_on = pub, .show_until = until};
	int64_t id = 0;
	assert_int_equal(app_news_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &in, "",
	    &ps, &id), ERR_OK);
	return id;
}

static bool
listed(struct db_news *n, size_t len, int64_t id)
{
	for (size_t i = 0; i < len; i++)
		if (n[i].id == id)
			return true;
	return false;
}

static void
test_news_audiences_and_dates(void **state)
{
	struct fixture *f = *state;
	struct app_news_reader who;
	struct db_news *list, one;
	size_t n;

	int64_t audit0 = audit_rows(f);
	int64_t all = add_news(f, "For all", "all", "2026-11-20", "");
	int64_t mentors = add_news(f, "For mentors", "mentors", "2026-11-21", "");
	int64_t mentees = add_news(f, "For mentees", "mentees", "2026-11-22", "");
	int64_t future = add_news(f, "Next week", "all", "2026-11-30", "");
	int64_t ended = add_news(f, "Ended", "all", "2026-10-01", "2026-11-22");
	int64_t today = add_news(f, "Ends today", "all", "2026-11-01", "2026-11-23");
	int64_t old = add_news(f, "Old", "all", "2026-09-01", "");
	assert_int_equal(audit_rows(f), audit0 + 7);

	/* the mentee: all and mentees, published, not ended, newest first */
	assert_int_equal(app_news_list(f->db, f->a, &f->mentee_me, &who, &list, &n), ERR_OK);
	assert_string_equal(who.today, "2026-11-23");
	assert_int_equal(n, 4);
	assert_int_equal(list[0].id, mentees);
	assert_int_equal(list[1].id, all);
	assert_int_equal(list[2].id, today);
	assert_int_equal(list[3].id, old);
	assert_false(listed(list, n, mentors));
	assert_false(listed(list, n, future));
	assert_false(listed(list, n, ended));

	/* the mentor: all and mentors */
	assert_int_equal(app_news_list(f->db, f->a, &f->mentor_me, &who, &list, &n), ERR_OK);
	assert_int_equal(n, 4);
	assert_true(listed(list, n, mentors));
	assert_false(listed(list, n, mentees));

	/* by id: the same rule, never a hint */
	assert_int_equal(app_news_get(f->db, f->a, &f->mentee_me, mentors, &one),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_get(f->db, f->a, &f->mentee_me, future, &one),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_get(f->db, f->a, &f->mentee_me, ended, &one),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_get(f->db, f->a, &f->mentee_me, mentees, &one), ERR_OK);
	assert_string_equal(one.title, "For mentees");
	assert_int_equal(app_news_get(f->db, f->a, &f->mentor_me, mentors, &one), ERR_OK);
	/* another scheme's administrator: not found; the scheme's own: all */
	assert_int_equal(app_news_get(f->db, f->a, &f->admin_b_me, all, &one), ERR_NOT_FOUND);
	assert_int_equal(app_news_get(f->db, f->a, &f->admin_a_me, future, &one), ERR_OK);

	/* the future item appears on its day */
	clock_set(T0 + 7 * DAY);
	assert_int_equal(app_news_get(f->db, f->a, &f->mentee_me, future, &one), ERR_OK);
	clock_set(T0);

	/* the home page: the last 30 days only, at most three */
	struct app_news_home h;
	assert_int_equal(app_news_home(f->db, f->a, &f->mentee_me, &h), ERR_OK);
	assert_int_equal(h.nnews, 3);
	assert_int_equal(h.news[0].id, mentees);
	assert_false(listed(h.news, h.nnews, old));
	/* administrators' views have no home section */
	assert_int_equal(app_news_home(f->db, f->a, &f->admin_a_me, &h), ERR_OK);
	assert_int_equal(h.nnews + h.nresources, 0);
}

static void
test_news_admin_rules(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id = 0, scheme = 0;
	struct app_news_in good = {.title = "Title", .body = "Body", .audience = "all",
		.published_on = "", .show_until = ""};

	/* only the scheme's administrators */
	const struct app_auth *others[] = {&f->mentor_me, &f->mentee_me, &f->admin_b_me};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(app_news_add(f->db, f->a, others[i], f->scheme_a, &good, "", &ps,
		    &id), ERR_NOT_FOUND);
	assert_int_equal(ps.n, 0);

	/* an empty published date is today in the scheme's zone */
	assert_int_equal(app_news_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &good, "", &ps,
	    &id), ERR_OK);
	struct db_news n;
	assert_int_equal(app_news_admin_get(f->db, f->a, &f->admin_a_me, id, &n), ERR_OK);
	assert_string_equal(n.published_on, "2026-11-23");
	assert_int_equal(n.created_by, f->admin_a);

	/* bad input, one problem per field */
	static const struct {
		struct app_news_in in;
		const char *field, *message;
	} bad[] = {
		{{"", "Body", "all", "", ""}, "title", "Enter a title"},
		{{"T", "  \n ", "all", "", ""}, "body", "Enter the news"},
		{{"T", "B", "admins", "", ""}, "audience", "Select who it is for"},
		{{"T", "B", "all", "2026-02-30", ""}, "published_on",
		    "Date published must be a real date"},
		{{"T", "B", "all", "2026-11-23", "2026-13-01"}, "show_until",
		    "Show until must be a real date"},
		{{"T", "B", "all", "2026-11-23", "2026-11-22"}, "show_until",
		    "Show until must be the same as or after the date published"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_problems p = {0};
		assert_int_equal(app_news_add(f->db, f->a, &f->admin_a_me, f->scheme_a,
		    &bad[i].in, "", &p, &id), ERR_BAD_INPUT);
		assert_int_equal(p.n, 1);
		assert_string_equal(p.p[0].field, bad[i].field);
		assert_string_equal(p.p[0].message, bad[i].message);
	}
	char *long_title = arena_calloc(f->a, APP_NEWS_TITLE_MAX + 2, 1);
	memset(long_title, 'x', APP_NEWS_TITLE_MAX + 1);
	struct app_news_in too_long = good;
	too_long.title = long_title;
	struct app_problems p2 = {0};
	assert_int_equal(app_news_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &too_long, "",
	    &p2, &id), ERR_BAD_INPUT);
	assert_string_equal(p2.p[0].message, "The title must be 150 characters or fewer");

	/* edit and delete: the scheme's administrators, audited */
	int64_t item = add_news(f, "Original", "all", "2026-11-01", "");
	int64_t audit0 = audit_rows(f);
	struct app_news_in change = {.title = "Changed", .body = "New body",
		.audience = "mentees", .published_on = "2026-11-02", .show_until = "2026-12-01"};
	struct app_problems p3 = {0};
	assert_int_equal(app_news_edit(f->db, f->a, &f->admin_b_me, item, &change, "", &p3),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_edit(f->db, f->a, &f->mentor_me, item, &change, "", &p3),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_edit(f->db, f->a, &f->admin_a_me, item, &change, "", &p3),
	    ERR_OK);
	assert_int_equal(app_news_admin_get(f->db, f->a, &f->admin_a_me, item, &n), ERR_OK);
	assert_string_equal(n.title, "Changed");
	assert_string_equal(n.audience, "mentees");
	assert_string_equal(n.show_until, "2026-12-01");
	assert_int_equal(audit_rows(f), audit0 + 1);
	assert_int_equal(app_news_delete(f->db, f->a, &f->admin_b_me, item, "", &scheme),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_delete(f->db, f->a, &f->admin_a_me, item, "", &scheme),
	    ERR_OK);
	assert_int_equal(scheme, f->scheme_a);
	assert_int_equal(audit_rows(f), audit0 + 2);
	assert_int_equal(app_news_admin_get(f->db, f->a, &f->admin_a_me, item, &n),
	    ERR_NOT_FOUND);

	/* the administration page: another scheme's administrator is refused */
	struct app_news_admin page;
	assert_int_equal(app_news_admin(f->db, f->a, &f->admin_b_me, f->scheme_a, &page),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_admin(f->db, f->a, &f->mentor_me, f->scheme_a, &page),
	    ERR_NOT_FOUND);
	assert_int_equal(app_news_admin(f->db, f->a, &f->admin_a_me, f->scheme_a, &page),
	    ERR_OK);
	assert_int_equal(page.nnews, 1);
}

/* A temporary upload holding bytes. */
static struct app_doc_file
upload(struct fixture *f, const char *name, const void *bytes, size_t len)
{
	const char *path = arena_printf(f->a, "%s/upload-%s", f->dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	if (len > 0)
		assert_int_equal(fwrite(bytes, 1, len, fp), len);
	fclose(fp);
	return (struct app_doc_file){.path = path, .len = len, .filename = name};
}

static void
test_resources(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t link = 0, file = 0, mentors_only = 0, scheme = 0;
	static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

	int64_t audit0 = audit_rows(f);
	/* a link for everyone, in the default category */
	struct app_resource_in in = {.title = "NHS website", .description = "",
		.category = "", .audience = "all", .kind = "link", .url = "https://www.nhs.uk/"};
	assert_int_equal(app_resource_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &in, f->dir,
	    "", &ps, &link), ERR_OK);
	/* a file for everyone (a PDF by its bytes, whatever its name says) */
	struct app_doc_file up = upload(f, "guide.txt", pdf, sizeof(pdf) - 1);
	struct app_resource_in fin = {.title = "Guide", .description = "How to",
		.category = "Guides", .audience = "all", .kind = "file", .file = &up};
	assert_int_equal(app_resource_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &fin,
	    f->dir, "", &ps, &file), ERR_OK);
	/* a link for mentors only */
	struct app_resource_in min = {.title = "Supervision", .category = "Guides",
		.audience = "mentors", .kind = "link", .url = "https://example.org/s"};
	assert_int_equal(app_resource_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &min,
	    f->dir, "", &ps, &mentors_only), ERR_OK);
	assert_int_equal(ps.n, 0);
	assert_int_equal(audit_rows(f), audit0 + 3);

	struct db_resource r;
	assert_int_equal(app_resource_admin_get(f->db, f->a, &f->admin_a_me, link, &r), ERR_OK);
	assert_string_equal(r.category, "General");
	assert_int_equal(app_resource_admin_get(f->db, f->a, &f->admin_a_me, file, &r), ERR_OK);
	assert_string_equal(r.file_kind, "pdf");
	assert_string_equal(r.filename, "guide.pdf");
	assert_int_equal(r.size, (int64_t)sizeof(pdf) - 1);

	/* lists by category then title, audience-filtered */
	struct app_news_reader who;
	struct db_resource *rows;
	size_t n;
	assert_int_equal(app_resources_list(f->db, f->a, &f->mentee_me, &who, &rows, &n),
	    ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].category, "General");
	assert_string_equal(rows[1].title, "Guide");
	assert_int_equal(app_resources_list(f->db, f->a, &f->mentor_me, &who, &rows, &n),
	    ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].title, "NHS website");
	assert_string_equal(rows[1].title, "Guide");
	assert_string_equal(rows[2].title, "Supervision");

	/* opening: the file for its audience; links and others not found */
	const char *path;
	assert_int_equal(app_resource_open(f->db, f->a, &f->mentee_me, file, f->dir, &r,
	    &path), ERR_OK);
	assert_int_equal(access(path, R_OK), 0);
	assert_int_equal(app_resource_open(f->db, f->a, &f->mentee_me, link, f->dir, &r,
	    &path), ERR_NOT_FOUND);
	assert_int_equal(app_resource_open(f->db, f->a, &f->admin_b_me, file, f->dir, &r,
	    &path), ERR_NOT_FOUND);
	assert_int_equal(app_resource_admin_get(f->db, f->a, &f->mentee_me, file, &r),
	    ERR_NOT_FOUND);

	/* the home page: resources added in the last 30 days */
	struct app_news_home h;
	assert_int_equal(app_news_home(f->db, f->a, &f->mentee_me, &h), ERR_OK);
	assert_int_equal(h.nresources, 2);
	clock_set(T0 + 31 * DAY);
	assert_int_equal(app_news_home(f->db, f->a, &f->mentee_me, &h), ERR_OK);
	assert_int_equal(h.nresources, 0);
	clock_set(T0);

	/* bad input: per field */
	static const char exe[] = "MZ\x90\x00binary";
	struct app_doc_file bad_kind = upload(f, "report.pdf", exe, sizeof(exe) - 1);
	struct app_doc_file empty = upload(f, "empty.pdf", "", 0);
	static const struct {
		const char *title, *category, *audience, *kind, *url;
		int file;               /* 0 none, 1 wrong kind, 2 empty */
		const char *field, *message;
	} bad[] = {
		{"", "", "all", "link", "https://a.org", 0, "title", "Enter a title"},
		{"T", "", "x", "link", "https://a.org", 0, "audience", "Select who it is for"},
		{"T", "", "all", "", "", 0, "kind", "Select whether it is a link or a file"},
		{"T", "", "all", "link", "", 0, "url", "Enter the web address of the resource"},
		{"T", "", "all", "link", "javascript:alert(1)", 0, "url",
		    "Enter a web address that starts with https:// or http://, like "
		    "https://www.nhs.uk"},
		{"T", "", "all", "file", "", 0, "file", "Select a file to upload"},
		{"T", "", "all", "file", "", 1, "file", "The file must be a PDF, Word, Excel, "
		    "PowerPoint, OpenDocument, text, PNG or JPEG file"},
		{"T", "", "all", "file", "", 2, "file", "The selected file is empty"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct app_problems p = {0};
		int64_t id = 0;
		struct app_resource_in b = {.title = bad[i].title, .category = bad[i].category,
			.audience = bad[i].audience, .kind = bad[i].kind, .url = bad[i].url,
			.file = bad[i].file == 1 ? &bad_kind : bad[i].file == 2 ? &empty : NULL};
		assert_int_equal(app_resource_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &b,
		    f->dir, "", &p, &id), ERR_BAD_INPUT);
		assert_int_equal(p.n, 1);
		assert_string_equal(p.p[0].field, bad[i].field);
		assert_string_equal(p.p[0].message, bad[i].message);
	}
	/* too large for the scheme's limit */
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme_a, &st), ERR_OK);
	st.document_max_kb = 16;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	char *big = arena_calloc(f->a, 17 * 1024, 1);
	memset(big, 'a', 17 * 1024);
	struct app_doc_file too_big = upload(f, "big.txt", big, 17 * 1024);
	struct app_resource_in bin = {.title = "Big", .audience = "all", .kind = "file",
		.file = &too_big};
	struct app_problems p4 = {0};
	int64_t id = 0;
	assert_int_equal(app_resource_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &bin,
	    f->dir, "", &p4, &id), ERR_BAD_INPUT);
	assert_string_equal(p4.p[0].message, "The file must be smaller than 16 KB");

	/* not the scheme's administrator */
	struct app_problems p5 = {0};
	assert_int_equal(app_resource_add(f->db, f->a, &f->admin_b_me, f->scheme_a, &in,
	    f->dir, "", &p5, &id), ERR_NOT_FOUND);
	assert_int_equal(app_resource_add(f->db, f->a, &f->mentor_me, f->scheme_a, &in,
	    f->dir, "", &p5, &id), ERR_NOT_FOUND);

	/* edit: the file stays when none is sent; a link replaces it and the
	 * old file goes */
	assert_int_equal(app_resource_admin_get(f->db, f->a, &f->admin_a_me, file, &r), ERR_OK);
	const char *old_path = arena_printf(f->a, "%s/files/%s", f->dir, r.stored_name);
	struct app_resource_in keep = {.title = "Guide v2", .description = "",
		.category = "Guides", .audience = "mentees", .kind = "file", .file = NULL};
	struct app_problems p6 = {0};
	assert_int_equal(app_resource_edit(f->db, f->a, &f->admin_a_me, file, &keep, f->dir,
	    "", &p6), ERR_OK);
	assert_int_equal(app_resource_admin_get(f->db, f->a, &f->admin_a_me, file, &r), ERR_OK);
	assert_string_equal(r.title, "Guide v2");
	assert_string_equal(r.filename, "guide.pdf");
	assert_int_equal(access(old_path, R_OK), 0);
	/* now for mentees only: the mentor no longer sees it */
	assert_int_equal(app_resource_open(f->db, f->a, &f->mentor_me, file, f->dir, &r,
	    &path), ERR_NOT_FOUND);
	struct app_resource_in to_link = {.title = "Guide online", .category = "Guides",
		.audience = "all", .kind = "link", .url = "https://example.org/guide"};
	assert_int_equal(app_resource_edit(f->db, f->a, &f->admin_b_me, file, &to_link, f->dir,
	    "", &p6), ERR_NOT_FOUND);
	assert_int_equal(app_resource_edit(f->db, f->a, &f->admin_a_me, file, &to_link, f->dir,
	    "", &p6), ERR_OK);
	assert_int_not_equal(access(old_path, F_OK), 0);
	assert_int_equal(audit_rows(f), audit0 + 5);

	/* delete: audited, the file removed */
	struct app_doc_file up2 = upload(f, "two.pdf", pdf, sizeof(pdf) - 1);
	fin.file = &up2;
	assert_int_equal(app_resource_add(f->db, f->a, &f->admin_a_me, f->scheme_a, &fin,
	    f->dir, "", &ps, &file), ERR_OK);
	assert_int_equal(app_resource_admin_get(f->db, f->a, &f->admin_a_me, file, &r), ERR_OK);
	old_path = arena_printf(f->a, "%s/files/%s", f->dir, r.stored_name);
	assert_int_equal(app_resource_delete(f->db, f->a, &f->mentee_me, file, f->dir, "",
	    &scheme), ERR_NOT_FOUND);
	assert_int_equal(app_resource_delete(f->db, f->a, &f->admin_a_me, file, f->dir, "",
	    &scheme), ERR_OK);
	assert_int_not_equal(access(old_path, F_OK), 0);
	assert_int_equal(audit_rows(f), audit0 + 7);
}

static void
test_demo(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_demo_news_tx(f->db, f->scheme_a), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	struct app_news_reader who;
	struct db_resource *rows;
	size_t n;
	/* the mentee: the guide and the code of practice, both files */
	assert_int_equal(app_resources_list(f->db, f->a, &f->mentee_me, &who, &rows, &n),
	    ERR_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		const char *path;
		struct db_resource r;
		assert_string_equal(rows[i].kind, "file");
		assert_int_equal(app_resource_open(f->db, f->a, &f->mentee_me, rows[i].id, f->dir,
		    &r, &path), ERR_OK);
		assert_int_equal(access(path, R_OK), 0);
	}
	/* the mentor also gets the link */
	assert_int_equal(app_resources_list(f->db, f->a, &f->mentor_me, &who, &rows, &n),
	    ERR_OK);
	assert_int_equal(n, 3);
	struct db_news *news;
	assert_int_equal(app_news_list(f->db, f->a, &f->mentee_me, &who, &news, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_news_list(f->db, f->a, &f->mentor_me, &who, &news, &n), ERR_OK);
	assert_int_equal(n, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_rule),
		cmocka_unit_test(test_audience_words),
		cmocka_unit_test_setup_teardown(test_news_audiences_and_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_news_admin_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
