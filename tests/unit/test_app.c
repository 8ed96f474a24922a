/*
 * test_app.c - app/: the account rules (ACC-1) as a table of good and
 * bad usernames, emails, names and passwords with the fields they fault;
 * account creation with an argon2id hash (ACC-7); the installation
 * secret; default scheme settings; the email and audit side effects; and
 * the demo loader (all or nothing).
 *
 * argon2id costs ~50 ms a hash, so only the tests that must hash do, and
 * the demo load (ten hashes) runs once per database.
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

#include "app/app.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */
#define DEMO_PASSWORD "demo-password-2026"

/* ---- app_user_check (ACC-1), no database ---- */

/* Strings of n copies of a character (or of a UTF-8 sequence). */
static char *
rep(const char *unit, size_t n)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next++ % 8];
	size_t ul = strlen(unit);

	assert_true(ul * n < sizeof(bufs[0]));
	for (size_t i = 0; i < n; i++)
		memcpy(b + i * ul, unit, ul);
	b[ul * n] = '\0';
	return b;
}

/* n characters (code points) taken in turn from `unit` (UTF-8): varied
 * enough not to count as a common password, unlike rep("p", n). */
static const char *
varied(const char *unit, size_t n)
{
	static char bufs[8][1024];
	static int next;
	char *out = bufs[next++ % 8], *o = out;
	const char *p = unit;
	for (size_t i = 0; i < n; i++) {
		do {
			*o++ = *p++;
		} while (((unsigned char)*p & 0xC0) == 0x80);
		if (*p == '\0')
			p = unit;
	}
	*o = '\0';
	return out;
}

enum which { W_USERNAME, W_EMAIL, W_GIVEN, W_FAMILY, W_PASSWORD };

struct check_case {
	enum which which;          /* the field this case changes */
	const char *value;         /* NULL: built by the test (long values) */
	const char *fields;        /* problem fields, space-separated, "" none */
};

static const struct check_case check_cases[] = {
	/* usernames: 3-64 of letters, digits, '.', '-', '_' */
	{ W_USERNAME, "abc", "" },
	{ W_USERNAME, "J.Smith-2_x", "" },
	{ W_USERNAME, "007", "" },
	{ W_USERNAME, "ab", "username" },
	{ W_USERNAME, "", "username" },
	{ W_USERNAME, "j smith", "username" },
	{ W_USERNAME, "j@smith", "username" },
	{ W_USERNAME, "j/smith", "username" },
	{ W_USERNAME, "j'smith", "username" },
	{ W_USERNAME, "<script>", "username" },
	{ W_USERNAME, "j\xc3\xb6rg", "username" },     /* not ASCII */
	{ W_USERNAME, "jsmith\n", "username" },
	/* emails: plausible, not validated by sending */
	{ W_EMAIL, "a@b.co", "" },
	{ W_EMAIL, "j.smith+tandem@nhs.example.uk", "" },
	{ W_EMAIL, "", "email" },
	{ W_EMAIL, "jsmith", "email" },
	{ W_EMAIL, "@example.org", "email" },
	{ W_EMAIL, "j@example", "email" },
	{ W_EMAIL, "j@.org", "email" },
	{ W_EMAIL, "j@example.", "email" },
	{ W_EMAIL, "j@@example.org", "email" },
	{ W_EMAIL, "j@x@example.org", "email" },
	{ W_EMAIL, "j smith@example.org", "email" },
	{ W_EMAIL, "jsmith@example.org ", "email" },
	{ W_EMAIL, "j\tsmith@example.org", "email" },
	{ W_EMAIL, "<j@example.org>", "email" },
	{ W_EMAIL, "j@example.org,k@example.org", "email" },
	{ W_EMAIL, "j@example.org;", "email" },
	{ W_EMAIL, "\"j\"@example.org", "email" },
	{ W_EMAIL, "j@example.org\r\nBcc: x@evil.example", "email" },
	/* names: 1-100 characters */
	{ W_GIVEN, "A", "" },
	{ W_GIVEN, "Si\xc3\xa2n", "" },
	{ W_GIVEN, "", "given_name" },
	{ W_FAMILY, "O'Neill-Smith", "" },
	{ W_FAMILY, "", "family_name" },
	/* passwords: app_password_problem (12-128, not common, not the
	 * username; its own tests are in test_password.c) */
	{ W_PASSWORD, "willow-kettle", "" },
	{ W_PASSWORD, "willow-kett", "password" },        /* 11 characters */
	{ W_PASSWORD, "", "password" },
	{ W_PASSWORD, "correct horse battery staple", "" },
	{ W_PASSWORD, "password1234567", "password" },    /* common */
	{ W_PASSWORD, "j.smith.nhs-kettle", "password" }, /* has the username */
	{ W_PASSWORD, "J.SMITH.NHS-kettle", "password" }, /* any case */
};

static struct app_new_user
good_user(void)
{
	return (struct app_new_user){
		.username = "j.smith.nhs",
		.email = "j.smith@example.nhs.uk",
		.given_name = "Jane",
		.family_name = "Smith",
		.password = "correct horse battery",
	};
}

static void
set_field(struct app_new_user *u, enum which w, const char *v)
{
	switch (w) {
	case W_USERNAME: u->username = v; break;
	case W_EMAIL: u->email = v; break;
	case W_GIVEN: u->given_name = v; break;
	case W_FAMILY: u->family_name = v; break;
	case W_PASSWORD: u->password = v; break;
	}
}

/* "username email" for the problems found, in order. */
static void
fields_of(const struct app_problems *ps, size_t from, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = from; i < ps->n; i++) {
		if (i > from)
			strncat(out, " ", len - strlen(out) - 1);
		strncat(out, ps->p[i].field, len - strlen(out) - 1);
		assert_non_null(ps->p[i].message);
		assert_true(strlen(ps->p[i].message) > 0);
	}
}

static void
check_user(const struct app_new_user *u, const char *want, const char *what)
{
	struct app_problems ps = { .n = 0 };
	char got[128];
	enum err rc = app_user_check(u, &ps);

	fields_of(&ps, 0, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("%s: problems \"%s\", want \"%s\"", what, got, want);
	assert_int_equal(rc, *want ? ERR_BAD_INPUT : ERR_OK);
}

static void
test_acc1_user_check_table(void **state)
{
	struct app_new_user good = good_user();

	(void)state;
	check_user(&good, "", "the good user");
	for (size_t i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++) {
		const struct check_case *c = &check_cases[i];
		struct app_new_user u = good_user();
		char what[160];

		set_field(&u, c->which, c->value);
		snprintf(what, sizeof(what), "case %zu \"%s\"", i, c->value);
		check_user(&u, c->fields, what);
	}
}

/* Boundaries that need long values. */
static void
test_acc1_user_check_lengths(void **state)
{
	struct app_new_user u;

	(void)state;
	u = good_user();
	u.username = rep("u", 64);
	u.password = "another good password";
	check_user(&u, "", "64-character username");
	u.username = rep("u", 65);
	check_user(&u, "username", "65-character username");

	u = good_user();
	/* 254 characters in all is the longest address */
	char email[300];
	snprintf(email, sizeof(email), "%s@example.org", rep("e", 254 - 12));
	assert_int_equal(strlen(email), 254);
	u.email = email;
	check_user(&u, "", "254-character email");
	snprintf(email, sizeof(email), "%s@example.org", rep("e", 255 - 12));
	check_user(&u, "email", "255-character email");

	u = good_user();
	u.given_name = rep("g", 100);
	u.family_name = rep("\xc3\xa9", 100);      /* characters, not bytes */
	check_user(&u, "", "100-character names");
	u.given_name = rep("g", 101);
	u.family_name = rep("\xc3\xa9", 101);
	check_user(&u, "given_name family_name", "101-character names");

	u = good_user();
	u.password = varied("quietRiverStone", 128);
	check_user(&u, "", "128-character password");
	u.password = varied("quietRiverStone", 129);
	check_user(&u, "password", "129-character password");
	u.password = varied("\xc3\xa9" "a" "\xc3\xa7" "o" "\xc3\xb1", 12); /* 12 characters, 18 bytes */
	check_user(&u, "", "12 characters, some two-byte");
	u.password = varied("\xc3\xa9" "a" "\xc3\xa7" "o" "\xc3\xb1", 11);
	check_user(&u, "password", "11 characters, some two-byte");
}

/*
 * BUG (src/app/user.c:66): the maximum password length is measured in
 * bytes (strlen > 128) while the minimum and the rule in app.h ("a
 * password of 10-128 characters") and the message ("Password must be
 * 128 characters or fewer") are in characters.  A 100-character password
 * of accented letters (200 bytes) is refused with a message that is
 * untrue.  Fix: compare plen (characters) with 128, and if a byte cap is
 * wanted for argon2 input, make it separate and larger (e.g. 512 bytes).
 * This test fails until that is fixed.
 */
static void
test_acc1_password_max_is_in_characters(void **state)
{
	struct app_new_user u = good_user();

	(void)state;
	u.password = varied("\xc3\xa9" "a" "\xc3\xa7" "o" "\xc3\xb1", 100);
	check_user(&u, "", "100 characters, a third of them two-byte");
}

static void
test_acc1_all_problems_at_once(void **state)
{
	struct app_new_user u = {
		.username = "x", .email = "nope", .given_name = "",
		.family_name = "", .password = "short",
	};
	struct app_new_user good = good_user();
	struct app_problems ps = { .n = 0 };

	(void)state;
	/* problems already collected are kept; only new ones count */
	app_problem(&ps, "earlier", "An earlier problem");
	assert_int_equal(app_user_check(&good, &ps), ERR_OK);
	assert_int_equal(ps.n, 1);
	assert_int_equal(app_user_check(&u, &ps), ERR_BAD_INPUT);
	char got[128];
	fields_of(&ps, 0, got, sizeof(got));
	assert_string_equal(got,
	    "earlier username email given_name family_name password");
	assert_string_equal(ps.p[5].message, "Password must be 12 characters or more");
}

static void
test_problems_capped(void **state)
{
	struct app_problems ps = { .n = 0 };

	(void)state;
	for (int i = 0; i < APP_PROBLEMS_MAX + 3; i++)
		app_problem(&ps, "f", "m");
	assert_int_equal(ps.n, APP_PROBLEMS_MAX);
}

/* ---- with a database ---- */

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
	if (testdb_make("app", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
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

static int64_t
count_users(struct db *db)
{
	int64_t n = -1;
	assert_int_equal(db_user_count(db, &n), ERR_OK);
	return n;
}

static int64_t
count_audit(struct db *db)
{
	int64_t n = -1;
	assert_int_equal(db_audit_count(db, &n), ERR_OK);
	return n;
}

/* ACC-7: stored only as an argon2id hash that verifies. */
static void
test_acc7_user_create_stores_argon2id(void **state)
{
	struct fixture *f = *state;
	struct app_new_user u = good_user();
	struct db_user row;
	int64_t id = 0, dup = 0;

	u.is_active = false;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_user_create_tx(f->db, &u, &id), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);

	assert_int_equal(db_user_get(f->db, f->a, id, &row), ERR_OK);
	assert_string_equal(row.username, u.username);
	assert_string_equal(row.email, u.email);
	assert_string_equal(row.given_name, "Jane");
	assert_string_equal(row.family_name, "Smith");
	assert_int_equal(strncmp(row.password_hash, "$argon2id$", 10), 0);
	assert_string_not_equal(row.password_hash, u.password);
	assert_null(strstr(row.password_hash, u.password));
	assert_true(crypto_password_verify(row.password_hash, u.password));
	assert_false(crypto_password_verify(row.password_hash,
	    "correct horse batterY"));
	/* not approved: pending, no approval time */
	assert_string_equal(row.status, "pending");
	assert_int_equal(row.approved_at, 0);
	assert_int_equal(row.created_at, T0);
	assert_false(row.is_site_admin);

	/* the same username in another case is taken (ACC-1) */
	u.username = "J.Smith.NHS";
	u.email = "other@example.org";
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_user_create_tx(f->db, &u, &dup), ERR_CONFLICT);
	db_rollback(f->db);
	assert_int_equal(count_users(f->db), 1);
}

static void
test_user_create_active_admin(void **state)
{
	struct fixture *f = *state;
	struct app_new_user u = good_user();
	struct db_user row;
	int64_t id = 0;

	u.username = "site.admin";
	u.is_active = true;
	u.is_site_admin = true;
	clock_set(T0 + 100);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_user_create_tx(f->db, &u, &id), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, id, &row), ERR_OK);
	assert_string_equal(row.status, "active");
	assert_int_equal(row.approved_at, T0 + 100);
	assert_int_equal(row.created_at, T0 + 100);
	assert_true(row.is_site_admin);
}

static void
test_secret_key(void **state)
{
	struct fixture *f = *state;
	unsigned char k1[32], k2[32], zero[32] = { 0 };
	char *hex;
	char want[65];

	memset(k1, 0, sizeof(k1));
	memset(k2, 0xff, sizeof(k2));
	assert_int_equal(app_secret_key(f->db, k1), ERR_OK);
	assert_memory_not_equal(k1, zero, 32);
	assert_int_equal(app_secret_key(f->db, k2), ERR_OK);
	assert_memory_equal(k1, k2, 32);
	/* stored as 64 hex digits in meta */
	assert_int_equal(db_meta_get(f->db, f->a, "secret_key", &hex), ERR_OK);
	assert_int_equal(strlen(hex), 64);
	for (int i = 0; i < 32; i++)
		snprintf(want + 2 * i, 3, "%02x", k1[i]);
	assert_string_equal(hex, want);

	/* survives reopening */
	db_close(f->db);
	assert_int_equal(db_open(f->path, false, &f->db), ERR_OK);
	memset(k2, 0, sizeof(k2));
	assert_int_equal(app_secret_key(f->db, k2), ERR_OK);
	assert_memory_equal(k1, k2, 32);

	/* a damaged key is an error, never silently replaced */
	assert_int_equal(db_meta_set(f->db, "secret_key", "not hex"), ERR_OK);
	assert_int_equal(app_secret_key(f->db, k2), ERR_DB);
	assert_int_equal(db_meta_set(f->db, "secret_key", "abcd"), ERR_OK);
	assert_int_equal(app_secret_key(f->db, k2), ERR_DB);
	assert_int_equal(db_meta_get(f->db, f->a, "secret_key", &hex), ERR_OK);
	assert_string_equal(hex, "abcd");
}

/* Two installations get different keys. */
static void
test_secret_key_differs_per_database(void **state)
{
	struct fixture *f = *state;
	unsigned char k1[32], k2[32];
	char other[160];
	struct db *db2;

	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	assert_int_equal(db_open(other, true, &db2), ERR_OK);
	assert_int_equal(app_secret_key(f->db, k1), ERR_OK);
	assert_int_equal(app_secret_key(db2, k2), ERR_OK);
	assert_memory_not_equal(k1, k2, 32);
	db_close(db2);
	testdb_unlink(other);
}

static void
test_scheme_create_defaults(void **state)
{
	struct fixture *f = *state;
	struct db_scheme_settings s;
	struct db_scheme sc;
	int64_t id = 0, dup = 0;

	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_scheme_create_tx(f->db, "aspire", "Aspire", "About",
	    &id), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_scheme_get(f->db, f->a, id, &sc), ERR_OK);
	assert_string_equal(sc.slug, "aspire");
	assert_int_equal(sc.created_at, T0);
	assert_int_equal(db_scheme_settings_get(f->db, f->a, id, &s), ERR_OK);
	assert_true(s.allow_mentee_requests);
	assert_false(s.allow_system_proposals);
	assert_true(s.allow_admin_assignment);
	assert_int_equal(s.default_capacity, 2);
	assert_int_equal(s.session_cap, 0);
	assert_int_equal(s.extension_sessions, 2);
	assert_int_equal(s.min_minutes_per_month, 60);     /* REL-9 */
	assert_int_equal(s.response_deadline_days, 5);     /* REQ-7 */
	assert_false(s.admin_sees_documents);
	assert_true(strlen(s.privacy_notice) > 100);       /* ACC-2 */
	assert_int_equal(s.privacy_notice_version, 1);
	assert_int_equal(s.updated_at, T0);

	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_scheme_create_tx(f->db, "aspire", "Again", "", &dup),
	    ERR_CONFLICT);
	db_rollback(f->db);
}

static void
test_schemes_active_and_health(void **state)
{
	struct fixture *f = *state;
	struct db_scheme *list;
	size_t n = 99;
	int64_t id;
	int schema = -1;

	assert_int_equal(app_schemes_active(f->db, f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_scheme_create_tx(f->db, "first", "First", "", &id),
	    ERR_OK);
	assert_int_equal(app_scheme_create_tx(f->db, "second", "Second", "", &id),
	    ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(app_schemes_active(f->db, f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].slug, "first");     /* oldest first */
	assert_string_equal(list[1].slug, "second");

	assert_int_equal(app_health(f->db, &schema), ERR_OK);
	assert_int_equal(schema, db_migrations_known());
}

static void
test_email_and_audit_commit_with_transaction(void **state)
{
	struct fixture *f = *state;
	struct db_mail *mail;
	size_t n;

	/* rolled back: neither the email nor the audit row remains */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_email_tx(f->db, "a@example.org", "Hi", "Text", NULL),
	    ERR_OK);
	assert_int_equal(app_audit_tx(f->db, 0, 0, "test.action", NULL, NULL, NULL), ERR_OK);
	db_rollback(f->db);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &mail, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(count_audit(f->db), 0);

	/* committed: both, the email queued now */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_email_tx(f->db, "a@example.org", "Hi", "Text", NULL),
	    ERR_OK);
	assert_int_equal(app_audit_tx(f->db, 0, 0, "test.action", "s", "d", ""), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &mail, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(mail[0].to_addr, "a@example.org");
	assert_string_equal(mail[0].status, "queued");
	assert_string_equal(mail[0].body_html, "");
	assert_int_equal(mail[0].next_attempt_at, T0);
	assert_int_equal(count_audit(f->db), 1);
}

/* ---- the demo ---- */

static const char *const demo_usernames[] = {
	"admin", "gareth.evans", "chidi.okafor", "sarah.mitchell", "james.li",
	"fatima.begum", "tom.hughes", "amy.clarke", "ravi.patel", "olivia.grant",
};

static void
test_demo_load(void **state)
{
	struct fixture *f = *state;
	const struct app_demo_person *people = NULL;
	size_t n = 0;
	struct db_scheme sc, *schemes;
	struct db_user u;
	struct db_role *roles;
	size_t nroles, nschemes;

	assert_int_equal(app_demo_load(f->db, DEMO_PASSWORD, &people, &n), ERR_OK);
	assert_int_equal(n, 10);
	assert_non_null(people);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(people[i].username, demo_usernames[i]);
		assert_true(strlen(people[i].name) > 0);
		assert_true(strlen(people[i].roles) > 0);
		assert_int_equal(db_user_by_username(f->db, f->a, demo_usernames[i],
		    &u), ERR_OK);
		/* one registration waits for approval (issue 3) */
		bool is_pending = strcmp(demo_usernames[i], "olivia.grant") == 0;
		assert_string_equal(u.status, is_pending ? "pending" : "active");
		assert_int_equal(u.approved_at, is_pending ? 0 : T0);
		assert_int_equal(strncmp(u.password_hash, "$argon2id$", 10), 0);
		assert_int_equal(u.is_site_admin, i == 0);
	}
	assert_int_equal(count_users(f->db), 10);
	assert_int_equal(db_scheme_by_slug(f->db, f->a, "northfield-aspire", &sc),
	    ERR_OK);
	assert_int_equal(db_scheme_list(f->db, f->a, &schemes, &nschemes), ERR_OK);
	assert_int_equal(nschemes, 1);

	/* one person with two roles, in the demo scheme */
	assert_int_equal(db_user_by_username(f->db, f->a, "fatima.begum", &u), ERR_OK);
	assert_int_equal(db_roles_of_user(f->db, f->a, u.id, &roles, &nroles), ERR_OK);
	assert_int_equal(nroles, 2);
	assert_int_equal(roles[0].scheme_id, sc.id);
	assert_string_equal(roles[0].role, "mentee");
	assert_string_equal(roles[1].role, "mentor");
	assert_int_equal(db_user_by_username(f->db, f->a, "admin", &u), ERR_OK);
	assert_int_equal(db_roles_of_user(f->db, f->a, u.id, &roles, &nroles), ERR_OK);
	assert_int_equal(nroles, 1);
	assert_string_equal(roles[0].role, "scheme_admin");
	/* the demo password works (one verify only: they cost ~50 ms) */
	assert_true(crypto_password_verify(u.password_hash, DEMO_PASSWORD));
	assert_int_equal(count_audit(f->db), 1);

	/* a second load is a conflict and changes nothing */
	people = NULL;
	n = 77;
	assert_int_equal(app_demo_load(f->db, DEMO_PASSWORD, &people, &n),
	    ERR_CONFLICT);
	assert_null(people);
	assert_int_equal(n, 77);
	assert_int_equal(count_users(f->db), 10);
	assert_int_equal(db_scheme_list(f->db, f->a, &schemes, &nschemes), ERR_OK);
	assert_int_equal(nschemes, 1);
	assert_int_equal(count_audit(f->db), 1);
}

/* A load that fails part-way leaves nothing behind: not the scheme, not
 * the people created before the failure, not their roles. */
static void
test_demo_load_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	const struct app_demo_person *people = NULL;
	size_t n = 0;
	struct db_scheme sc, *schemes;
	struct db_user u;
	int64_t id;
	struct db_user taken = {
		.username = "Gareth.Evans",   /* the demo's second person */
		.email = "someone.else@example.org",
		.given_name = "Someone", .family_name = "Else",
		.password_hash = "$argon2id$placeholder", .status = "active",
		.created_at = T0,
	};

	assert_int_equal(db_user_create(f->db, &taken, &id), ERR_OK);
	assert_int_equal(app_demo_load(f->db, DEMO_PASSWORD, &people, &n),
	    ERR_CONFLICT);
	assert_null(people);
	assert_int_equal(count_users(f->db), 1);
	assert_int_equal(db_user_by_username(f->db, f->a, "admin", &u), ERR_NOT_FOUND);
	assert_int_equal(db_scheme_by_slug(f->db, f->a, "northfield-aspire", &sc),
	    ERR_NOT_FOUND);
	assert_int_equal(db_scheme_list(f->db, f->a, &schemes, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(count_audit(f->db), 0);
	/* and the connection is not left inside a transaction */
	assert_int_equal(db_begin(f->db), ERR_OK);
	db_rollback(f->db);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acc1_user_check_table),
		cmocka_unit_test(test_acc1_user_check_lengths),
		cmocka_unit_test(test_acc1_password_max_is_in_characters),
		cmocka_unit_test(test_acc1_all_problems_at_once),
		cmocka_unit_test(test_problems_capped),
		T(test_acc7_user_create_stores_argon2id),
		T(test_user_create_active_admin),
		T(test_secret_key),
		T(test_secret_key_differs_per_database),
		T(test_scheme_create_defaults),
		T(test_schemes_active_and_health),
		T(test_email_and_audit_commit_with_transaction),
		T(test_demo_load),
		T(test_demo_load_all_or_nothing),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
