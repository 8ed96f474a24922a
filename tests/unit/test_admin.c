/*
 * test_admin.c - app/admin.c: what the administration pages list and
 * show, and to whom (ADM-1, ADM-9).  An administrator of scheme A sees
 * the people, roles, audit entries and emails of scheme A only; a site
 * administrator sees everything; an administrator of both sees each
 * person once.  Also: the search's LIKE escaping and paging, no password
 * hash or email body handed out, and the outbox retry.
 *
 * Each test gets a fresh database with schemes A and B, an administrator
 * of each, one of both, a site administrator, and people in A, in B and
 * in both, written with db_user_create (no argon2id: nothing here signs
 * in).  Time is pinned with clock_set.
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

#include "app/admin.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t admin_a, admin_b, admin_ab, site_admin;
	int64_t mentee_a, mentor_b, both, pending_a, pending_b;
	struct app_view views_a[1], views_b[1], views_ab[2], views_mentee[1];
	struct app_auth me_a, me_b, me_ab, me_site, me_mentee;
};

static int64_t
make_user(struct db *db, const char *username, const char *family,
    const char *status, bool is_site_admin, int64_t created_at)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username,
		.email = email,
		.given_name = "Given",
		.family_name = family,
		.password_hash = "$argon2id$placeholder",
		.status = status,
		.is_site_admin = is_site_admin,
		.created_at = created_at,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static void
add_role(struct db *db, int64_t user, int64_t scheme, const char *role)
{
	assert_int_equal(db_role_add(db, user, scheme, role, T0), ERR_OK);
}

static void
set_view(struct app_view *v, int64_t scheme, const char *role)
{
	v->scheme_id = scheme;
	v->scheme_name = "Scheme";
	v->role = role;
	v->label = role;
}

static struct app_auth
auth_for(int64_t id, bool is_site_admin, struct app_view *views, size_t n)
{
	struct app_auth me = {
		.user_id = id,
		.username = "someone",
		.display_name = "Given Family",
		.email = "me@example.nhs.uk",
		.is_site_admin = is_site_admin,
		.views = views,
		.nviews = n,
		.active = n ? views : NULL,
	};
	return me;
}

static void
lock(struct fixture *f, int64_t user)
{
	int64_t failures, locked_at;
	assert_int_equal(db_user_login_failed(f->db, user, 1, clock_now(), &failures,
	    &locked_at), ERR_OK);
	assert_true(locked_at != 0);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("admin", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);

	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire Mentoring", "", &f->scheme_a)
	    != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon Mentoring", "", &f->scheme_b)
	    != ERR_OK || db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a", "Adams", "active", false, T0);
	add_role(f->db, f->admin_a, f->scheme_a, "scheme_admin");
	f->admin_b = make_user(f->db, "admin.b", "Baker", "active", false, T0);
	add_role(f->db, f->admin_b, f->scheme_b, "scheme_admin");
	f->admin_ab = make_user(f->db, "admin.ab", "Cole", "active", false, T0);
	add_role(f->db, f->admin_ab, f->scheme_a, "scheme_admin");
	add_role(f->db, f->admin_ab, f->scheme_b, "scheme_admin");
	f->site_admin = make_user(f->db, "site.admin", "Dale", "active", true, T0);
	f->mentee_a = make_user(f->db, "mentee.a", "Evans", "active", false, T0);
	add_role(f->db, f->mentee_a, f->scheme_a, "mentee");
	f->mentor_b = make_user(f->db, "mentor.b", "Ford", "active", false, T0);
	add_role(f->db, f->mentor_b, f->scheme_b, "mentor");
	f->both = make_user(f->db, "both", "Grey", "active", false, T0);
	add_role(f->db, f->both, f->scheme_a, "mentee");
	add_role(f->db, f->both, f->scheme_b, "mentor");
	f->pending_a = make_user(f->db, "pending.a", "Hall", "pending", false, T0 + 20);
	add_role(f->db, f->pending_a, f->scheme_a, "mentee");
	add_role(f->db, f->pending_a, f->scheme_a, "mentor");
	f->pending_b = make_user(f->db, "pending.b", "Irwin", "pending", false, T0 + 10);
	add_role(f->db, f->pending_b, f->scheme_b, "mentee");

	set_view(&f->views_a[0], f->scheme_a, "scheme_admin");
	set_view(&f->views_b[0], f->scheme_b, "scheme_admin");
	set_view(&f->views_ab[0], f->scheme_a, "scheme_admin");
	set_view(&f->views_ab[1], f->scheme_b, "scheme_admin");
	set_view(&f->views_mentee[0], f->scheme_a, "mentee");
	f->me_a = auth_for(f->admin_a, false, f->views_a, 1);
	f->me_b = auth_for(f->admin_b, false, f->views_b, 1);
	f->me_ab = auth_for(f->admin_ab, false, f->views_ab, 2);
	f->me_site = auth_for(f->site_admin, true, NULL, 0);
	f->me_mentee = auth_for(f->mentee_a, false, f->views_mentee, 1);
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

static bool
has_user(const struct db_user *u, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (u[i].id == id)
			return true;
	return false;
}

/* ---- pending and locked ---- */

static void
test_pending_in_scope(void **state)
{
	struct fixture *f = *state;
	struct app_admin_person *p;
	size_t n;

	assert_int_equal(app_admin_pending(f->db, f->a, &f->me_a, &p, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].user.id, f->pending_a);
	assert_string_equal(p[0].user.password_hash, "");
	assert_int_equal(p[0].nviews, 2);
	assert_string_equal(p[0].views[0].role, "mentee");
	assert_string_equal(p[0].views[1].role, "mentor");
	assert_string_equal(p[0].views[0].scheme_name, "Aspire Mentoring");

	assert_int_equal(app_admin_pending(f->db, f->a, &f->me_b, &p, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].user.id, f->pending_b);

	/* both schemes, one list, oldest registration first */
	assert_int_equal(app_admin_pending(f->db, f->a, &f->me_ab, &p, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].user.id, f->pending_b);
	assert_int_equal(p[1].user.id, f->pending_a);
	assert_int_equal(app_admin_pending(f->db, f->a, &f->me_site, &p, &n), ERR_OK);
	assert_int_equal(n, 2);

	assert_int_equal(app_admin_pending(f->db, f->a, &f->me_mentee, &p, &n),
	    ERR_FORBIDDEN);
	assert_int_equal(app_admin_pending(f->db, f->a, NULL, &p, &n), ERR_FORBIDDEN);
}

static void
test_locked_in_scope(void **state)
{
	struct fixture *f = *state;
	struct app_admin_person *p;
	struct app_admin_counts c;
	size_t n;

	lock(f, f->mentor_b);
	clock_advance(60);
	lock(f, f->both);

	assert_int_equal(app_admin_locked(f->db, f->a, &f->me_a, &p, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].user.id, f->both);
	/* only the roles in the scheme A's administrator runs */
	assert_int_equal(p[0].nviews, 1);
	assert_int_equal(p[0].views[0].scheme_id, f->scheme_a);

	/* the person in both schemes is listed once, most recent lock first */
	assert_int_equal(app_admin_locked(f->db, f->a, &f->me_ab, &p, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].user.id, f->both);
	assert_int_equal(p[0].nviews, 2);
	assert_int_equal(p[1].user.id, f->mentor_b);

	assert_int_equal(app_admin_counts(f->db, f->a, &f->me_a, &c), ERR_OK);
	assert_int_equal(c.npending, 1);
	assert_int_equal(c.nlocked, 1);
	assert_int_equal(app_admin_counts(f->db, f->a, &f->me_site, &c), ERR_OK);
	assert_int_equal(c.npending, 2);
	assert_int_equal(c.nlocked, 2);
	assert_int_equal(app_admin_counts(f->db, f->a, &f->me_mentee, &c), ERR_FORBIDDEN);
}

/* ---- the search ---- */

static void
test_like_escapes(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *in, *out; } cases[] = {
		{"", ""},
		{"tom", "%tom%"},
		{"100%", "%100\\%%"},
		{"a_b", "%a\\_b%"},
		{"back\\slash", "%back\\\\slash%"},
		{"%_\\", "%\\%\\_\\\\%"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(app_admin_like(f->a, cases[i].in), cases[i].out);
}

static void
test_search_in_scope(void **state)
{
	struct fixture *f = *state;
	struct db_user *u;
	size_t n;
	bool more;

	assert_int_equal(app_admin_users(f->db, f->a, &f->me_a, "", 1, &u, &n, &more),
	    ERR_OK);
	/* admin.a, admin.ab, mentee.a, both, pending.a: by family name */
	assert_int_equal(n, 5);
	assert_false(more);
	assert_int_equal(u[0].id, f->admin_a);
	assert_true(has_user(u, n, f->both));
	assert_false(has_user(u, n, f->mentor_b));
	assert_false(has_user(u, n, f->pending_b));
	assert_false(has_user(u, n, f->site_admin));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(u[i].password_hash, "");

	/* someone of scheme B is not found by name, username or email */
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_a, "mentor.b", 1, &u, &n,
	    &more), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_b, "mentor.b", 1, &u, &n,
	    &more), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_b, "FORD", 1, &u, &n,
	    &more), ERR_OK);
	assert_int_equal(n, 1);

	/* wildcards are characters */
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_site, "%", 1, &u, &n,
	    &more), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_site, "_", 1, &u, &n,
	    &more), ERR_OK);
	assert_int_equal(n, 0);

	/* both schemes: everyone once, in order */
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_ab, "", 1, &u, &n, &more),
	    ERR_OK);
	assert_int_equal(n, 8);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(u[i - 1].family_name, u[i].family_name) < 0);

	assert_int_equal(app_admin_users(f->db, f->a, &f->me_a, "", 0, &u, &n, &more),
	    ERR_BAD_INPUT);
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_mentee, "", 1, &u, &n,
	    &more), ERR_FORBIDDEN);
}

static void
test_search_pages(void **state)
{
	struct fixture *f = *state;
	struct db_user *u, *all;
	size_t n, nall = 0;
	bool more;
	char name[32], family[32];

	/* 120 more people in A, 30 in B */
	for (int i = 0; i < 150; i++) {
		snprintf(name, sizeof(name), "extra.%03d", i);
		snprintf(family, sizeof(family), "Z%03d", i);
		int64_t id = make_user(f->db, name, family, "active", false, T0);
		add_role(f->db, id, i < 120 ? f->scheme_a : f->scheme_b, "mentee");
	}
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_a, "", 1, &u, &n, &more),
	    ERR_OK);
	assert_int_equal(n, APP_ADMIN_PAGE);
	assert_true(more);
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_a, "", 3, &u, &n, &more),
	    ERR_OK);
	assert_int_equal(n, 125 - 100);
	assert_false(more);
	assert_int_equal(app_admin_users(f->db, f->a, &f->me_a, "", 4, &u, &n, &more),
	    ERR_OK);
	assert_int_equal(n, 0);
	assert_false(more);

	/* two schemes, paged: the pages join up with no gap and no repeat */
	all = calloc(300, sizeof(*all));
	assert_non_null(all);
	for (int64_t page = 1;; page++) {
		assert_int_equal(app_admin_users(f->db, f->a, &f->me_ab, "", page, &u, &n,
		    &more), ERR_OK);
		memcpy(all + nall, u, n * sizeof(*u));
		nall += n;
		if (!more)
			break;
	}
	assert_int_equal(nall, 8 + 150);
	for (size_t i = 1; i < nall; i++)
		assert_true(strcmp(all[i - 1].family_name, all[i].family_name) < 0);
	free(all);
}

/* ---- one person ---- */

static void
test_user_detail_in_scope(void **state)
{
	struct fixture *f = *state;
	struct app_admin_user d;

	/* scheme A's administrator: 404 for a person only in scheme B */
	assert_int_equal(app_admin_user(f->db, f->a, &f->me_a, f->mentor_b, &d),
	    ERR_NOT_FOUND);
	assert_int_equal(app_admin_user(f->db, f->a, &f->me_a, f->pending_b, &d),
	    ERR_NOT_FOUND);
	assert_int_equal(app_admin_user(f->db, f->a, &f->me_a, 99999, &d), ERR_NOT_FOUND);
	assert_int_equal(app_admin_user(f->db, f->a, &f->me_mentee, f->mentee_a, &d),
	    ERR_FORBIDDEN);
	/* nor act on them */
	assert_int_equal(app_approve(f->db, &f->me_a, f->pending_b, ""), ERR_NOT_FOUND);
	assert_int_equal(app_unlock(f->db, &f->me_a, f->mentor_b, ""), ERR_NOT_FOUND);
	assert_int_equal(app_end_sessions(f->db, &f->me_a, f->mentor_b, ""),
	    ERR_NOT_FOUND);

	/* audit: one entry in each scheme about the person in both */
	char subject[32];
	snprintf(subject, sizeof(subject), "user:%lld", (long long)f->both);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_audit_tx(f->db, f->admin_b, f->scheme_b, "account.unlock",
	    subject, "in B", "10.0.0.2"), ERR_OK);
	assert_int_equal(app_audit_tx(f->db, f->admin_a, f->scheme_a, "account.unlock",
	    subject, "in A", "10.0.0.1"), ERR_OK);
	assert_int_equal(app_audit_tx(f->db, f->both, 0, "signin.ok", subject, "",
	    "10.0.0.3"), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);

	assert_int_equal(app_admin_user(f->db, f->a, &f->me_a, f->both, &d), ERR_OK);
	assert_int_equal(d.person.user.id, f->both);
	assert_string_equal(d.person.user.password_hash, "");
	assert_int_equal(d.person.nviews, 1);
	assert_string_equal(d.person.views[0].role, "mentee");
	assert_int_equal(d.naudit, 2);
	assert_string_equal(d.audit[0].entry.action, "signin.ok");
	assert_string_equal(d.audit[0].actor, "Given Grey");
	assert_string_equal(d.audit[1].entry.detail, "in A");
	assert_string_equal(d.audit[1].actor, "Given Adams");

	assert_int_equal(app_admin_user(f->db, f->a, &f->me_site, f->both, &d), ERR_OK);
	assert_int_equal(d.person.nviews, 2);
	/* ADM-7: the site administrator also sees that A's administrator
	 * opened this record just now */
	assert_int_equal(d.naudit, 4);
	assert_string_equal(d.audit[0].entry.action, "admin.view_user");
	assert_string_equal(d.audit[0].actor, "Given Adams");
	assert_string_equal(d.audit[2].actor, "Given Adams");
	assert_string_equal(d.audit[3].actor, "Given Baker");
}

static void
test_user_sessions(void **state)
{
	struct fixture *f = *state;
	struct app_admin_user d;
	struct db_session s = {
		.user_id = f->mentee_a,
		.csrf_token = "csrf",
		.created_at = T0,
		.expires_at = T0 + 3600,
		.kind = "cookie",
		.ip = "192.0.2.7",
		.user_agent = "Test",
	};

	assert_int_equal(db_session_create(f->db, "hash-1", &s), ERR_OK);
	assert_int_equal(app_admin_user(f->db, f->a, &f->me_a, f->mentee_a, &d), ERR_OK);
	assert_int_equal(d.nsessions, 1);
	assert_string_equal(d.sessions[0].ip, "192.0.2.7");
	assert_string_equal(d.sessions[0].kind, "cookie");
	assert_int_equal(app_end_sessions(f->db, &f->me_a, f->mentee_a, "10.0.0.1"),
	    ERR_OK);
	assert_int_equal(app_admin_user(f->db, f->a, &f->me_a, f->mentee_a, &d), ERR_OK);
	assert_int_equal(d.nsessions, 0);
	assert_string_equal(d.audit[0].entry.action, "account.end_sessions");
}

/* ---- the outbox ---- */

static int64_t
add_mail(struct fixture *f, const char *to, const char *subject)
{
	int64_t id;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(db_outbox_add(f->db, to, subject, "secret link", "", T0, &id),
	    ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	return id;
}

static void
test_outbox_in_scope(void **state)
{
	struct fixture *f = *state;
	struct db_mail *m;
	size_t n;

	int64_t to_a = add_mail(f, "MENTEE.A@example.nhs.uk", "For A");
	int64_t to_b = add_mail(f, "mentor.b@example.nhs.uk", "For B");
	add_mail(f, "stranger@example.org", "For nobody here");

	assert_int_equal(app_admin_outbox(f->db, f->a, &f->me_a, NULL, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].id, to_a);
	assert_string_equal(m[0].body_text, "");
	assert_int_equal(app_admin_outbox(f->db, f->a, &f->me_b, NULL, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].id, to_b);
	assert_int_equal(app_admin_outbox(f->db, f->a, &f->me_site, NULL, &m, &n), ERR_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(m[i].body_text, "");
	assert_int_equal(app_admin_outbox(f->db, f->a, &f->me_site, "failed", &m, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_admin_outbox(f->db, f->a, &f->me_mentee, NULL, &m, &n),
	    ERR_FORBIDDEN);
}

static void
test_outbox_retry(void **state)
{
	struct fixture *f = *state;
	struct db_mail m;
	struct db_audit *rows;
	size_t n;

	int64_t id = add_mail(f, "mentee.a@example.nhs.uk", "For A");
	/* queued: nothing to retry */
	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_a, id, ""), ERR_NOT_FOUND);
	assert_int_equal(db_outbox_mark_retry(f->db, id, T0 + 60, "550 no", true), ERR_OK);

	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_b, id, ""), ERR_NOT_FOUND);
	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_mentee, id, ""),
	    ERR_FORBIDDEN);
	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_a, 99999, ""), ERR_NOT_FOUND);
	assert_int_equal(db_outbox_get(f->db, f->a, id, &m), ERR_OK);
	assert_string_equal(m.status, "failed");

	clock_set(T0 + 500);
	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_a, id, "10.0.0.1"), ERR_OK);
	assert_int_equal(db_outbox_get(f->db, f->a, id, &m), ERR_OK);
	assert_string_equal(m.status, "queued");
	assert_int_equal(m.next_attempt_at, T0 + 500);
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1, &rows, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].action, "outbox.retry");
	assert_int_equal(rows[0].actor_id, f->admin_a);
	assert_int_equal(rows[0].scheme_id, f->scheme_a);
	assert_string_equal(rows[0].ip, "10.0.0.1");
	/* once queued again, a second retry finds nothing to do */
	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_a, id, ""), ERR_NOT_FOUND);

	/* the site administrator may retry anything */
	int64_t other = add_mail(f, "stranger@example.org", "Elsewhere");
	assert_int_equal(db_outbox_mark_retry(f->db, other, T0, "550", true), ERR_OK);
	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_a, other, ""), ERR_NOT_FOUND);
	assert_int_equal(app_admin_outbox_retry(f->db, &f->me_site, other, ""), ERR_OK);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_pending_in_scope),
		T(test_locked_in_scope),
		T(test_like_escapes),
		T(test_search_in_scope),
		T(test_search_pages),
		T(test_user_detail_in_scope),
		T(test_user_sessions),
		T(test_outbox_in_scope),
		T(test_outbox_retry),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
