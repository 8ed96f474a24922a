/*
 * test_account.c - app/account.c: registration (every rule, all problems
 * at once, the pending account with its roles, consent and emails),
 * consent accepted and withdrawn (ACC-2), approval and rejection and who
 * may do them (ACC-3, ADM-9: an administrator of another scheme sees
 * nothing), unlock and ending sessions (ACC-5), the password reset link
 * (ACC-6: single use, one hour, same answer when nothing matched, every
 * session ended) and the command-line accounts.
 *
 * Each test gets a fresh database with two schemes, an administrator of
 * each, a site administrator and a mentee.  Those people are written
 * with db_user_create and a placeholder hash: argon2id costs ~50 ms (more
 * under the sanitizers), so only the tests that must hash do.  Time is
 * pinned with clock_set and moved with clock_advance, never slept.
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
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */
#define GOOD_PASSWORD "plum kettle orbit 73"
#define NEW_PASSWORD "harbour violet lantern 9"
#define BASE_URL "https://tandem.example.nhs.uk"

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t admin_a, admin_b, site_admin, mentee_a;
	struct app_view views_admin_a[1], views_admin_b[1], views_mentee_a[1];
	struct app_auth me_admin_a, me_admin_b, me_site, me_mentee_a;
};

/* A person written straight to the database (no argon2id). */
static int64_t
make_user(struct db *db, const char *username, const char *status,
    bool is_site_admin)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username,
		.email = email,
		.given_name = "Given",
		.family_name = "Family",
		.password_hash = "$argon2id$placeholder",
		.status = status,
		.is_site_admin = is_site_admin,
		.created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static void
add_role(struct db *db, int64_t user, int64_t scheme, const char *role)
{
	assert_int_equal(db_role_add(db, user, scheme, role, T0), ERR_OK);
}

static struct app_auth
auth_for(int64_t id, const char *username, bool is_site_admin,
    struct app_view *view, int64_t scheme, const char *role)
{
	struct app_auth me = {
		.user_id = id,
		.username = username,
		.display_name = "Given Family",
		.email = "me@example.nhs.uk",
		.is_site_admin = is_site_admin,
	};
	if (view != NULL) {
		view->scheme_id = scheme;
		view->scheme_name = "Scheme";
		view->role = role;
		view->label = role;
		me.views = view;
		me.nviews = 1;
		me.active = view;
	}
	return me;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("account", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);

	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire Mentoring", "", &f->scheme_a)
	    != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon Mentoring", "", &f->scheme_b)
	    != ERR_OK || db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a", "active", false);
	add_role(f->db, f->admin_a, f->scheme_a, "scheme_admin");
	f->admin_b = make_user(f->db, "admin.b", "active", false);
	add_role(f->db, f->admin_b, f->scheme_b, "scheme_admin");
	f->site_admin = make_user(f->db, "site.admin", "active", true);
	f->mentee_a = make_user(f->db, "mentee.a", "active", false);
	add_role(f->db, f->mentee_a, f->scheme_a, "mentee");

	f->me_admin_a = auth_for(f->admin_a, "admin.a", false, f->views_admin_a,
	    f->scheme_a, "scheme_admin");
	f->me_admin_b = auth_for(f->admin_b, "admin.b", false, f->views_admin_b,
	    f->scheme_b, "scheme_admin");
	f->me_site = auth_for(f->site_admin, "site.admin", true, NULL, 0, NULL);
	f->me_mentee_a = auth_for(f->mentee_a, "mentee.a", false, f->views_mentee_a,
	    f->scheme_a, "mentee");
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

/* ---- helpers ---- */

static size_t
count_outbox(struct fixture *f)
{
	struct db_mail *m;
	size_t n;

	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1000, &m, &n), ERR_OK);
	return n;
}

static int64_t
count_users(struct fixture *f)
{
	int64_t n = -1;

	assert_int_equal(db_user_count(f->db, &n), ERR_OK);
	return n;
}

/* The newest audit row; fails when there is none. */
static struct db_audit
last_audit(struct fixture *f)
{
	struct db_audit *rows;
	size_t n;

	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1, &rows, &n), ERR_OK);
	assert_int_equal(n, 1);
	return rows[0];
}

/* No audit row, and no email but reset links, holds this secret. */
static void
assert_secret_nowhere(struct fixture *f, const char *secret)
{
	struct db_audit *rows;
	struct db_mail *m;
	size_t n;

	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1000, &rows, &n), ERR_OK);
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(rows[i].detail, secret));
		assert_null(strstr(rows[i].subject, secret));
	}
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1000, &m, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strstr(m[i].subject, "Reset") == NULL)
			assert_null(strstr(m[i].body_text, secret));
}

static void
make_session(struct fixture *f, int64_t user, const char *token_hash)
{
	struct db_session s = {
		.user_id = user,
		.csrf_token = "csrf",
		.created_at = clock_now(),
		.expires_at = clock_now() + 3600,
		.kind = "cookie",
		.ip = "192.0.2.1",
		.user_agent = "test",
	};
	assert_int_equal(db_session_create(f->db, token_hash, &s), ERR_OK);
}

static bool
session_alive(struct fixture *f, const char *token_hash)
{
	struct db_session s;
	enum err rc = db_session_get(f->db, f->a, token_hash, &s);

	assert_true(rc == ERR_OK || rc == ERR_NOT_FOUND);
	return rc == ERR_OK;
}

static const char *
status_of(struct fixture *f, int64_t id)
{
	struct db_user u;

	assert_int_equal(db_user_get(f->db, f->a, id, &u), ERR_OK);
	return u.status;
}

/* ---- registration ---- */

static struct app_registration
good_registration(struct fixture *f)
{
	return (struct app_registration){
		.username = "jane.smith",
		.email = "jane.smith@example.nhs.uk",
		.given_name = "Jane",
		.family_name = "Smith",
		.password = GOOD_PASSWORD,
		.scheme_id = f->scheme_a,
		.as_mentee = true,
		.as_mentor = false,
		.accepts_notice = true,
		.notice_version = 1,
		.ip = "192.0.2.7",
	};
}

enum reg_change {
	R_NONE, R_USERNAME, R_EMAIL, R_GIVEN, R_FAMILY, R_PASSWORD, R_SCHEME,
	R_NO_ROLES, R_NO_CONSENT, R_VERSION, R_EVERYTHING,
};

struct reg_case {
	const char *what;
	enum reg_change change;
	const char *value;        /* for string changes */
	int64_t number;           /* for R_SCHEME, R_VERSION */
	const char *fields;       /* problems expected, space-separated */
	const char *message;      /* the message of the first, or NULL */
};

static const struct reg_case reg_cases[] = {
	{ "bad username", R_USERNAME, "j smith", 0, "username", NULL },
	{ "short username", R_USERNAME, "js", 0, "username", NULL },
	{ "username taken", R_USERNAME, "taken.user", 0, "username",
	  "That username is taken. Choose another" },
	{ "username taken in another case", R_USERNAME, "Taken.User", 0, "username",
	  "That username is taken. Choose another" },
	{ "bad email", R_EMAIL, "jane.smith", 0, "email", NULL },
	{ "no given name", R_GIVEN, "", 0, "given_name", NULL },
	{ "no family name", R_FAMILY, "", 0, "family_name", NULL },
	{ "no password", R_PASSWORD, "", 0, "password", NULL },
	{ "11-character password", R_PASSWORD, "plum kettle", 0, "password", NULL },
	{ "password holds the username", R_PASSWORD, "xx jane.smith yy", 0,
	  "password", NULL },
	{ "common password", R_PASSWORD, "password1234", 0, "password", NULL },
	{ "no scheme", R_SCHEME, NULL, 0, "scheme_id", NULL },
	{ "unknown scheme", R_SCHEME, NULL, 9999, "scheme_id", NULL },
	{ "no role", R_NO_ROLES, NULL, 0, "roles",
	  "Select whether you want to be a mentee, a mentor or both" },
	{ "notice not accepted", R_NO_CONSENT, NULL, 0, "consent",
	  "You must read and accept the privacy notice to register" },
	{ "an older notice", R_VERSION, NULL, 0, "consent",
	  "The privacy notice has changed since you opened this page. Read it "
	  "again and accept it" },
	{ "a newer notice", R_VERSION, NULL, 2, "consent", NULL },
	{ "everything wrong at once", R_EVERYTHING, NULL, 0,
	  "username email given_name family_name password scheme_id roles consent",
	  NULL },
};

static void
apply_change(struct app_registration *r, const struct reg_case *c)
{
	switch (c->change) {
	case R_NONE: break;
	case R_USERNAME: r->username = c->value; break;
	case R_EMAIL: r->email = c->value; break;
	case R_GIVEN: r->given_name = c->value; break;
	case R_FAMILY: r->family_name = c->value; break;
	case R_PASSWORD: r->password = c->value; break;
	case R_SCHEME: r->scheme_id = c->number; break;
	case R_NO_ROLES: r->as_mentee = r->as_mentor = false; break;
	case R_NO_CONSENT: r->accepts_notice = false; break;
	case R_VERSION: r->notice_version = c->number; break;
	case R_EVERYTHING:
		*r = (struct app_registration){
			.username = "", .email = "", .given_name = "",
			.family_name = "", .password = "", .ip = "",
		};
		break;
	}
}

/* ACC-1, ACC-2: every rule, each problem on its field, all at once;
 * nothing written, nothing emailed. */
static void
test_register_problems_table(void **state)
{
	struct fixture *f = *state;
	int64_t before_users;

	make_user(f->db, "taken.user", "active", false);
	before_users = count_users(f);
	for (size_t i = 0; i < sizeof(reg_cases) / sizeof(reg_cases[0]); i++) {
		const struct reg_case *c = &reg_cases[i];
		struct app_registration r = good_registration(f);
		struct app_problems ps = { .n = 0 };
		int64_t id = -1;
		char got[256] = "";

		apply_change(&r, c);
		enum err rc = app_register(f->db, f->a, &r, &ps, &id);
		for (size_t k = 0; k < ps.n; k++) {
			if (k)
				strncat(got, " ", sizeof(got) - strlen(got) - 1);
			strncat(got, ps.p[k].field, sizeof(got) - strlen(got) - 1);
			assert_true(strlen(ps.p[k].message) > 0);
		}
		if (strcmp(got, c->fields) != 0)
			fail_msg("%s: problems \"%s\", want \"%s\"", c->what, got, c->fields);
		if (c->message && strcmp(ps.p[0].message, c->message) != 0)
			fail_msg("%s: message \"%s\"", c->what, ps.p[0].message);
		if (rc != ERR_BAD_INPUT)
			fail_msg("%s: rc %d", c->what, rc);
		assert_int_equal(id, -1);
	}
	assert_int_equal(count_users(f), before_users);
	assert_int_equal(count_outbox(f), 0);
}

/* ACC-1..3: a pending account with its roles and consent; the person and
 * the scheme's administrators are emailed, no one else; audited. */
static void
test_register_ok(void **state)
{
	struct fixture *f = *state;
	struct app_registration r = good_registration(f);
	struct app_problems ps = { .n = 0 };
	struct db_user u;
	struct db_role *roles;
	struct db_consent c;
	struct db_mail *m;
	size_t n;
	int64_t id = 0, second_admin;

	second_admin = make_user(f->db, "admin.a2", "active", false);
	add_role(f->db, second_admin, f->scheme_a, "scheme_admin");
	r.as_mentor = true;
	clock_set(T0 + 60);
	assert_int_equal(app_register(f->db, f->a, &r, &ps, &id), ERR_OK);
	assert_int_equal(ps.n, 0);
	assert_true(id > 0);

	assert_int_equal(db_user_get(f->db, f->a, id, &u), ERR_OK);
	assert_string_equal(u.username, "jane.smith");
	assert_string_equal(u.status, "pending");
	assert_int_equal(u.approved_at, 0);
	assert_true(crypto_password_verify(u.password_hash, GOOD_PASSWORD));

	assert_int_equal(db_roles_of_user(f->db, f->a, id, &roles, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(roles[0].role, "mentee");
	assert_string_equal(roles[1].role, "mentor");
	assert_int_equal(roles[0].scheme_id, f->scheme_a);

	assert_int_equal(db_consent_current(f->db, id, f->scheme_a, &c), ERR_OK);
	assert_int_equal(c.version, 1);
	assert_int_equal(c.accepted_at, T0 + 60);
	assert_int_equal(c.withdrawn_at, 0);

	/* the person and both administrators of scheme A; not admin.b */
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 3);
	int to_person = 0, to_admins = 0;
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(m[i].body_text, GOOD_PASSWORD));
		if (strcmp(m[i].to_addr, "jane.smith@example.nhs.uk") == 0) {
			to_person++;
			assert_non_null(strstr(m[i].body_text, "Hello Jane"));
			assert_non_null(strstr(m[i].body_text, "What happens next"));
			assert_non_null(strstr(m[i].body_text, "Aspire Mentoring"));
		} else {
			to_admins++;
			assert_true(strcmp(m[i].to_addr, "admin.a@example.nhs.uk") == 0 ||
			    strcmp(m[i].to_addr, "admin.a2@example.nhs.uk") == 0);
			assert_string_equal(m[i].subject,
			    "New registration waiting for approval");
			assert_non_null(strstr(m[i].body_text, "Jane Smith"));
			assert_non_null(strstr(m[i].body_text, "a mentee and a mentor"));
		}
	}
	assert_int_equal(to_person, 1);
	assert_int_equal(to_admins, 2);

	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "account.register");
	assert_int_equal(au.actor_id, id);
	assert_int_equal(au.scheme_id, f->scheme_a);
	assert_string_equal(au.ip, "192.0.2.7");
	char subject[32];
	snprintf(subject, sizeof(subject), "user:%lld", (long long)id);
	assert_string_equal(au.subject, subject);
	assert_secret_nowhere(f, GOOD_PASSWORD);

	/* the same username again, in another case: taken */
	r.username = "JANE.SMITH";
	ps.n = 0;
	assert_int_equal(app_register(f->db, f->a, &r, &ps, &id), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "username");
}

/* ---- approval (ACC-3) and who may act (ADM-9) ---- */

enum actor { A_ADMIN_A, A_ADMIN_B, A_SITE, A_MENTEE_A, A_NOBODY };

static const struct app_auth *
actor(struct fixture *f, enum actor who)
{
	switch (who) {
	case A_ADMIN_A: return &f->me_admin_a;
	case A_ADMIN_B: return &f->me_admin_b;
	case A_SITE: return &f->me_site;
	case A_MENTEE_A: return &f->me_mentee_a;
	case A_NOBODY: return NULL;
	}
	return NULL;
}

struct perm_case {
	enum actor who;
	bool on_missing;          /* act on a person who does not exist */
	enum err want;
};

static const struct perm_case perm_cases[] = {
	{ A_ADMIN_A, false, ERR_OK },
	{ A_SITE, false, ERR_OK },
	{ A_ADMIN_B, false, ERR_NOT_FOUND },      /* another scheme's admin */
	{ A_MENTEE_A, false, ERR_NOT_FOUND },     /* a participant */
	{ A_NOBODY, false, ERR_NOT_FOUND },
	{ A_ADMIN_A, true, ERR_NOT_FOUND },       /* the same answer */
	{ A_SITE, true, ERR_NOT_FOUND },
};

/* Every action on a person answers the same for "not yours" and "not
 * there"; nothing changes, nothing is emailed or audited. */
static void
test_permissions_table(void **state)
{
	struct fixture *f = *state;
	int64_t pending = make_user(f->db, "pending.p", "pending", false);
	struct db_audit *rows;
	size_t before_audit, n;

	add_role(f->db, pending, f->scheme_a, "mentee");
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1000, &rows, &before_audit),
	    ERR_OK);
	for (size_t i = 0; i < sizeof(perm_cases) / sizeof(perm_cases[0]); i++) {
		const struct perm_case *c = &perm_cases[i];
		const struct app_auth *me = actor(f, c->who);
		int64_t target = c->on_missing ? 424242 : pending;

		if (c->want != ERR_OK) {
			struct app_problems ps = { .n = 0 };
			assert_int_equal(app_user_visible(f->db, me, target), c->want);
			assert_int_equal(app_approve(f->db, me, target, ""), c->want);
			assert_int_equal(app_reject(f->db, me, target, "No", "", &ps),
			    c->want);
			assert_int_equal(ps.n, 0);
			/* the reason is not looked at before the permission */
			assert_int_equal(app_reject(f->db, me, target, "", "", &ps),
			    c->want);
			assert_int_equal(app_unlock(f->db, me, target, ""), c->want);
			assert_int_equal(app_end_sessions(f->db, me, target, ""), c->want);
		} else {
			assert_int_equal(app_user_visible(f->db, me, target), ERR_OK);
		}
	}
	assert_string_equal(status_of(f, pending), "pending");
	assert_int_equal(count_outbox(f), 0);
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1000, &rows, &n), ERR_OK);
	assert_int_equal(n, before_audit);

	/* an administrator sees the people of their own scheme, themselves
	 * included, and not those with no role there */
	assert_int_equal(app_user_visible(f->db, &f->me_admin_a, f->mentee_a), ERR_OK);
	assert_int_equal(app_user_visible(f->db, &f->me_admin_a, f->admin_a), ERR_OK);
	assert_int_equal(app_user_visible(f->db, &f->me_admin_a, f->admin_b),
	    ERR_NOT_FOUND);
	assert_int_equal(app_user_visible(f->db, &f->me_admin_a, f->site_admin),
	    ERR_NOT_FOUND);
	assert_int_equal(app_user_visible(f->db, &f->me_site, f->admin_b), ERR_OK);
}

static void
test_approve(void **state)
{
	struct fixture *f = *state;
	int64_t p = make_user(f->db, "pending.p", "pending", false);
	struct db_user u;
	struct db_mail *m;
	size_t n;

	add_role(f->db, p, f->scheme_a, "mentor");
	clock_set(T0 + 500);
	assert_int_equal(app_approve(f->db, &f->me_admin_a, p, "192.0.2.9"), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, p, &u), ERR_OK);
	assert_string_equal(u.status, "active");
	assert_int_equal(u.approved_at, T0 + 500);

	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].to_addr, "pending.p@example.nhs.uk");
	assert_string_equal(m[0].subject, "Your registration has been approved");
	assert_non_null(strstr(m[0].body_text, "pending.p"));
	assert_non_null(strstr(m[0].body_text, "Aspire Mentoring"));

	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "account.approve");
	assert_int_equal(au.actor_id, f->admin_a);
	assert_int_equal(au.scheme_id, f->scheme_a);
	assert_string_equal(au.ip, "192.0.2.9");

	/* not pending any more: a conflict, nothing more sent */
	assert_int_equal(app_approve(f->db, &f->me_admin_a, p, ""), ERR_CONFLICT);
	assert_int_equal(app_approve(f->db, &f->me_site, p, ""), ERR_CONFLICT);
	assert_int_equal(count_outbox(f), 1);
}

static void
test_reject(void **state)
{
	struct fixture *f = *state;
	int64_t p = make_user(f->db, "pending.p", "pending", false);
	struct app_problems ps = { .n = 0 };
	struct db_mail *m;
	size_t n;
	char long_reason[600];

	add_role(f->db, p, f->scheme_a, "mentee");

	/* a reason is required, 1 to 500 characters */
	static const char *const no_reason[] = { "", "   ", "\n\t" };
	for (size_t i = 0; i < 3; i++) {
		ps.n = 0;
		assert_int_equal(app_reject(f->db, &f->me_admin_a, p, no_reason[i], "",
		    &ps), ERR_BAD_INPUT);
		assert_int_equal(ps.n, 1);
		assert_string_equal(ps.p[0].field, "reason");
		assert_string_equal(ps.p[0].message,
		    "Enter a reason, which will be sent to the person");
	}
	memset(long_reason, 'r', 501);
	long_reason[501] = '\0';
	ps.n = 0;
	assert_int_equal(app_reject(f->db, &f->me_admin_a, p, long_reason, "", &ps),
	    ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "reason");
	assert_string_equal(status_of(f, p), "pending");
	assert_int_equal(count_outbox(f), 0);

	ps.n = 0;
	long_reason[500] = '\0';          /* exactly 500 is fine */
	assert_int_equal(app_reject(f->db, &f->me_admin_b, p, long_reason, "", &ps),
	    ERR_NOT_FOUND);
	assert_int_equal(app_reject(f->db, &f->me_admin_a, p,
	    "The scheme is for staff of Northfield only.", "192.0.2.9", &ps), ERR_OK);
	assert_int_equal(ps.n, 0);
	assert_string_equal(status_of(f, p), "rejected");
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].subject, "Your registration has not been approved");
	assert_non_null(strstr(m[0].body_text,
	    "The scheme is for staff of Northfield only."));

	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "account.reject");
	assert_int_equal(au.actor_id, f->admin_a);

	assert_int_equal(app_reject(f->db, &f->me_admin_a, p, "Again", "", &ps),
	    ERR_CONFLICT);
	assert_int_equal(app_approve(f->db, &f->me_admin_a, p, ""), ERR_CONFLICT);
	assert_int_equal(count_outbox(f), 1);
}

/* ---- unlock and sessions (ACC-5, ACC-4) ---- */

static void
test_unlock_and_end_sessions(void **state)
{
	struct fixture *f = *state;
	struct db_user u;
	int64_t failures, locked_at;

	for (int i = 0; i < APP_LOCK_AFTER; i++)
		assert_int_equal(db_user_login_failed(f->db, f->mentee_a, APP_LOCK_AFTER,
		    T0, &failures, &locked_at), ERR_OK);
	assert_int_equal(locked_at, T0);

	assert_int_equal(app_unlock(f->db, &f->me_admin_a, f->mentee_a, "192.0.2.2"),
	    ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, f->mentee_a, &u), ERR_OK);
	assert_int_equal(u.locked_at, 0);
	assert_int_equal(u.failed_logins, 0);
	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "account.unlock");
	assert_int_equal(au.actor_id, f->admin_a);
	assert_string_equal(au.ip, "192.0.2.2");

	make_session(f, f->mentee_a, "hash-one");
	make_session(f, f->mentee_a, "hash-two");
	make_session(f, f->admin_a, "hash-admin");
	assert_int_equal(app_end_sessions(f->db, &f->me_admin_b, f->mentee_a, ""),
	    ERR_NOT_FOUND);
	assert_true(session_alive(f, "hash-one"));
	assert_int_equal(app_end_sessions(f->db, &f->me_admin_a, f->mentee_a, ""),
	    ERR_OK);
	assert_false(session_alive(f, "hash-one"));
	assert_false(session_alive(f, "hash-two"));
	assert_true(session_alive(f, "hash-admin"));
	au = last_audit(f);
	assert_string_equal(au.action, "account.end_sessions");
	assert_string_equal(au.detail, "2 sessions ended");
}

/* ---- consent (ACC-2) ---- */

/* ACC-5, security review L3: unlocking lets password guesses in again,
 * so it follows app_people_may_change as ending sessions does.  A
 * scheme administrator cannot unlock a fellow administrator of another
 * scheme who is also a mentor in theirs (ERR_FORBIDDEN, still locked,
 * nothing audited), nor a site administrator with a role in their
 * scheme; cannot see someone only in another scheme (ERR_NOT_FOUND); a
 * site administrator unlocks anyone. */
static void
test_unlock_follows_may_change(void **state)
{
	struct fixture *f = *state;
	struct db_user u;
	struct db_audit *rows;
	size_t before, n;
	int64_t failures, locked_at;

	add_role(f->db, f->admin_b, f->scheme_a, "mentor");
	add_role(f->db, f->site_admin, f->scheme_a, "mentee");
	int64_t only_b = make_user(f->db, "only.b", "active", false);
	add_role(f->db, only_b, f->scheme_b, "mentee");
	const int64_t targets[] = {f->admin_b, f->site_admin, only_b};
	for (size_t t = 0; t < 3; t++)
		for (int i = 0; i < APP_LOCK_AFTER; i++)
			assert_int_equal(db_user_login_failed(f->db, targets[t], APP_LOCK_AFTER,
			    T0, &failures, &locked_at), ERR_OK);
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1000, &rows, &before), ERR_OK);

	assert_int_equal(app_unlock(f->db, &f->me_admin_a, f->admin_b, ""), ERR_FORBIDDEN);
	assert_int_equal(app_unlock(f->db, &f->me_admin_a, f->site_admin, ""),
	    ERR_FORBIDDEN);
	assert_int_equal(app_unlock(f->db, &f->me_admin_a, only_b, ""), ERR_NOT_FOUND);
	for (size_t t = 0; t < 3; t++) {
		assert_int_equal(db_user_get(f->db, f->a, targets[t], &u), ERR_OK);
		assert_int_not_equal(u.locked_at, 0);
	}
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 1000, &rows, &n), ERR_OK);
	assert_int_equal(n, before);

	/* Westbury's own administrator: admin B also has a role in A */
	assert_int_equal(app_unlock(f->db, &f->me_admin_b, only_b, ""), ERR_OK);
	assert_int_equal(app_unlock(f->db, &f->me_site, f->admin_b, ""), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, f->admin_b, &u), ERR_OK);
	assert_int_equal(u.locked_at, 0);
	assert_int_equal(app_unlock(f->db, &f->me_site, f->site_admin, ""), ERR_OK);
}

static void
test_consent_accept(void **state)
{
	struct fixture *f = *state;
	struct db_scheme_settings s;
	struct db_consent c;
	struct app_auth me = f->me_mentee_a;

	assert_int_equal(db_consent_add(f->db, f->mentee_a, f->scheme_a, 1, T0), ERR_OK);
	/* the administrator publishes a new notice */
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme_a, &s), ERR_OK);
	s.privacy_notice_version = 2;
	assert_int_equal(db_scheme_settings_put(f->db, &s), ERR_OK);
	me.consent_scheme = f->scheme_a;

	/* the old version, or a scheme the person is not in: refused */
	assert_int_equal(app_consent_accept(f->db, &me, f->scheme_a, 1, ""),
	    ERR_CONFLICT);
	assert_int_equal(app_consent_accept(f->db, &me, f->scheme_b, 1, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(me.consent_scheme, f->scheme_a);

	clock_set(T0 + 99);
	assert_int_equal(app_consent_accept(f->db, &me, f->scheme_a, 2, "192.0.2.3"),
	    ERR_OK);
	assert_int_equal(me.consent_scheme, 0);
	assert_int_equal(db_consent_current(f->db, f->mentee_a, f->scheme_a, &c),
	    ERR_OK);
	assert_int_equal(c.version, 2);
	assert_int_equal(c.accepted_at, T0 + 99);
	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "consent.accept");
	assert_string_equal(au.ip, "192.0.2.3");
}

static void
test_consent_withdraw(void **state)
{
	struct fixture *f = *state;
	struct db_consent c;
	struct db_mail *m;
	size_t n;

	assert_int_equal(db_consent_add(f->db, f->mentee_a, f->scheme_a, 1, T0), ERR_OK);
	make_session(f, f->mentee_a, "hash-mentee");

	assert_int_equal(app_consent_withdraw(f->db, &f->me_mentee_a, f->scheme_b, ""),
	    ERR_NOT_FOUND);
	assert_string_equal(status_of(f, f->mentee_a), "active");

	clock_set(T0 + 300);
	assert_int_equal(app_consent_withdraw(f->db, &f->me_mentee_a, f->scheme_a,
	    "192.0.2.4"), ERR_OK);
	assert_string_equal(status_of(f, f->mentee_a), "deactivated");
	assert_int_equal(db_consent_current(f->db, f->mentee_a, f->scheme_a, &c),
	    ERR_OK);
	assert_int_equal(c.withdrawn_at, T0 + 300);
	assert_false(session_alive(f, "hash-mentee"));

	/* the scheme's administrator is told; no one else */
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].to_addr, "admin.a@example.nhs.uk");
	assert_non_null(strstr(m[0].body_text, "mentee.a"));
	assert_non_null(strstr(m[0].body_text, "deactivated"));
	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "consent.withdraw");
	assert_int_equal(au.actor_id, f->mentee_a);
	assert_int_equal(au.scheme_id, f->scheme_a);
}

/* ---- forgotten password (ACC-6) ---- */

/* The token in the newest reset email. */
static void
token_from_outbox(struct fixture *f, char token[TOKEN_TEXT_LEN + 1])
{
	struct db_mail *m;
	size_t n;
	const char *p;

	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].subject, "Reset your Tandem password");
	p = strstr(m[0].body_text, BASE_URL "/password/reset/");
	assert_non_null(p);
	p += strlen(BASE_URL "/password/reset/");
	memcpy(token, p, TOKEN_TEXT_LEN);
	token[TOKEN_TEXT_LEN] = '\0';
	assert_true(p[TOKEN_TEXT_LEN] == '\n');
	assert_non_null(strstr(m[0].body_text, "one hour"));
	assert_non_null(strstr(m[0].body_text, "did not ask"));
}

/* An active account made the way `tandem user add` does (one hash). */
static int64_t
add_cli_user(struct fixture *f, const char *username)
{
	char email[128];
	struct app_problems ps = { .n = 0 };
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct app_new_user u = {
		.username = username, .email = email, .given_name = "Ravi",
		.family_name = "Patel", .password = GOOD_PASSWORD,
	};
	assert_int_equal(app_user_add_cli(f->db, &u, &ps, &id), ERR_OK);
	assert_int_equal(ps.n, 0);
	return id;
}

static void
test_reset_flow(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_cli_user(f, "ravi.patel");
	struct app_problems ps = { .n = 0 };
	struct db_user u;
	char token[TOKEN_TEXT_LEN + 1];
	size_t mails = count_outbox(f);

	make_session(f, id, "hash-ravi-1");
	make_session(f, id, "hash-ravi-2");
	make_session(f, f->mentee_a, "hash-other");

	/* email compared without case; username too */
	assert_int_equal(app_reset_request(f->db, "Ravi.Patel", "RAVI.PATEL@example.nhs.uk",
	    BASE_URL, "192.0.2.5"), ERR_OK);
	assert_int_equal(count_outbox(f), mails + 1);
	token_from_outbox(f, token);
	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "password.reset_request");
	assert_string_equal(au.ip, "192.0.2.5");
	assert_secret_nowhere(f, token);
	assert_int_equal(app_reset_check(f->db, token), ERR_OK);

	/* a bad new password: a problem, and the link still works */
	assert_int_equal(app_reset_complete(f->db, f->a, token, "short", "", &ps),
	    ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "password");
	ps.n = 0;
	assert_int_equal(app_reset_complete(f->db, f->a, token, "ravi.patel 12345678",
	    "", &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "password");
	assert_int_equal(app_reset_check(f->db, token), ERR_OK);

	ps.n = 0;
	assert_int_equal(app_reset_complete(f->db, f->a, token, NEW_PASSWORD,
	    "192.0.2.6", &ps), ERR_OK);
	assert_int_equal(ps.n, 0);
	assert_int_equal(db_user_get(f->db, f->a, id, &u), ERR_OK);
	assert_true(crypto_password_verify(u.password_hash, NEW_PASSWORD));
	/* every session of the person ended; others untouched */
	assert_false(session_alive(f, "hash-ravi-1"));
	assert_false(session_alive(f, "hash-ravi-2"));
	assert_true(session_alive(f, "hash-other"));
	au = last_audit(f);
	assert_string_equal(au.action, "password.reset");
	assert_string_equal(au.ip, "192.0.2.6");
	assert_secret_nowhere(f, token);
	assert_secret_nowhere(f, NEW_PASSWORD);

	/* single use */
	assert_int_equal(app_reset_check(f->db, token), ERR_NOT_FOUND);
	assert_int_equal(app_reset_complete(f->db, f->a, token, "another fine pass 5",
	    "", &ps), ERR_NOT_FOUND);

	/* tokens that were never issued */
	static const char *const bogus[] = {
		"", "short", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(app_reset_check(f->db, bogus[i]), ERR_NOT_FOUND);
	assert_int_equal(app_reset_check(f->db, NULL), ERR_NOT_FOUND);
}

static void
test_reset_expires(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f->db, "amy.clarke", "active", false);
	struct app_problems ps = { .n = 0 };
	char token[TOKEN_TEXT_LEN + 1];

	(void)id;
	assert_int_equal(app_reset_request(f->db, "amy.clarke",
	    "amy.clarke@example.nhs.uk", BASE_URL, ""), ERR_OK);
	token_from_outbox(f, token);
	clock_advance(APP_RESET_TTL - 1);
	assert_int_equal(app_reset_check(f->db, token), ERR_OK);
	clock_advance(1);
	assert_int_equal(app_reset_check(f->db, token), ERR_NOT_FOUND);
	assert_int_equal(app_reset_complete(f->db, f->a, token, NEW_PASSWORD, "", &ps),
	    ERR_NOT_FOUND);
	assert_int_equal(ps.n, 0);
}

/* The same answer whether or not anything matched, and nothing sent or
 * stored unless it did; a locked account may still reset. */
static void
test_reset_request_matches(void **state)
{
	struct fixture *f = *state;
	int64_t failures, locked_at;
	struct {
		const char *username, *email;
		bool is_sent;
	} cases[] = {
		{ "nobody.here", "nobody.here@example.nhs.uk", false },
		{ "mentee.a", "someone.else@example.nhs.uk", false },
		{ "mentee.a", "", false },
		{ "", "", false },
		{ NULL, NULL, false },
		{ "pending.p", "pending.p@example.nhs.uk", false },
		{ "gone.g", "gone.g@example.nhs.uk", false },
		{ "rejected.r", "rejected.r@example.nhs.uk", false },
		{ "mentee.a", "mentee.a@example.nhs.uk", true },
		{ "locked.l", "locked.l@example.nhs.uk", true },
	};

	make_user(f->db, "pending.p", "pending", false);
	make_user(f->db, "gone.g", "deactivated", false);
	make_user(f->db, "rejected.r", "rejected", false);
	int64_t locked = make_user(f->db, "locked.l", "active", false);
	for (int i = 0; i < APP_LOCK_AFTER; i++)
		assert_int_equal(db_user_login_failed(f->db, locked, APP_LOCK_AFTER, T0,
		    &failures, &locked_at), ERR_OK);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t before = count_outbox(f);
		assert_int_equal(app_reset_request(f->db, cases[i].username,
		    cases[i].email, BASE_URL, ""), ERR_OK);
		if (count_outbox(f) != before + (cases[i].is_sent ? 1 : 0))
			fail_msg("case %zu (%s): outbox %zu -> %zu", i,
			    cases[i].username ? cases[i].username : "NULL", before,
			    count_outbox(f));
	}
	/* a link for a person deactivated since it was sent is dead */
	char token[TOKEN_TEXT_LEN + 1];
	token_from_outbox(f, token);
	assert_int_equal(app_reset_check(f->db, token), ERR_OK);
	assert_int_equal(db_user_set_status(f->db, locked, "deactivated", "", T0),
	    ERR_OK);
	assert_int_equal(app_reset_check(f->db, token), ERR_NOT_FOUND);
}

/* ---- the command line ---- */

static void
test_user_add_and_unlock_cli(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = { .n = 0 };
	struct db_user u;
	int64_t id = -1, failures, locked_at;
	struct app_new_user bad = {
		.username = "mentee.a", .email = "x", .given_name = "A",
		.family_name = "B", .password = "short",
	};

	assert_int_equal(app_user_add_cli(f->db, &bad, &ps, &id), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 3);
	assert_string_equal(ps.p[0].field, "email");
	assert_string_equal(ps.p[1].field, "password");
	assert_string_equal(ps.p[2].field, "username");
	assert_string_equal(ps.p[2].message, "That username is taken. Choose another");
	assert_int_equal(id, -1);

	struct app_new_user good = {
		.username = "root.admin", .email = "root@example.nhs.uk",
		.given_name = "Root", .family_name = "Admin", .password = GOOD_PASSWORD,
		.is_active = false,          /* ignored: the CLI makes active accounts */
		.is_site_admin = true,
	};
	ps.n = 0;
	assert_int_equal(app_user_add_cli(f->db, &good, &ps, &id), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, id, &u), ERR_OK);
	assert_string_equal(u.status, "active");
	assert_true(u.is_site_admin);
	struct db_audit au = last_audit(f);
	assert_string_equal(au.action, "account.add_cli");
	assert_string_equal(au.ip, "");
	assert_secret_nowhere(f, GOOD_PASSWORD);

	assert_int_equal(app_user_unlock_cli(f->db, "no.such.user"), ERR_NOT_FOUND);
	for (int i = 0; i < APP_LOCK_AFTER; i++)
		assert_int_equal(db_user_login_failed(f->db, id, APP_LOCK_AFTER, T0,
		    &failures, &locked_at), ERR_OK);
	assert_int_equal(app_user_unlock_cli(f->db, "ROOT.ADMIN"), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, id, &u), ERR_OK);
	assert_int_equal(u.locked_at, 0);
	au = last_audit(f);
	assert_string_equal(au.action, "account.unlock");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_register_problems_table),
		T(test_register_ok),
		T(test_permissions_table),
		T(test_approve),
		T(test_reject),
		T(test_unlock_and_end_sessions),
		T(test_unlock_follows_may_change),
		T(test_consent_accept),
		T(test_consent_withdraw),
		T(test_reset_flow),
		T(test_reset_expires),
		T(test_reset_request_matches),
		T(test_user_add_and_unlock_cli),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
