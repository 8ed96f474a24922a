/*
 * test_db.c - db/: opening and migrating, connection settings (WAL,
 * foreign keys), the typed queries for meta, schemes and their settings,
 * users and roles, audit and sessions, transactions, and the per-thread
 * pool.
 *
 * Each test gets a fresh database in its own temporary directory, opened
 * with the embedded migrations.  Only the public API in db/db.h is used:
 * WAL is seen as the -wal file beside the database, foreign keys as a
 * refused insert.
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
#include <sys/stat.h>

#include <cmocka.h>

#include "testdb.h"

#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/db.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

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

	if (f == NULL)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("db", f->dir, f->path, &f->db) != 0)
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

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int64_t
make_user(struct db *db, const char *username)
{
	struct db_user u = {
		.username = username,
		.email = "someone@example.org",
		.given_name = "Given",
		.family_name = "Family",
		.password_hash = "$argon2id$not-a-real-hash",
		.status = "active",
		.created_at = T0,
	};
	int64_t id = 0;

	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	assert_true(id > 0);
	return id;
}

static int64_t
make_scheme(struct db *db, const char *slug)
{
	int64_t id = 0;

	assert_int_equal(db_scheme_create(db, slug, "A scheme", "", T0, &id), ERR_OK);
	assert_true(id > 0);
	return id;
}

/* ---- opening ---- */

static void
test_fresh_open_applies_migrations(void **state)
{
	struct fixture *f = *state;
	char wal[160];

	assert_true(db_migrations_known() >= 1);
	assert_int_equal(db_schema_version(f->db), db_migrations_known());
	/* journal_mode = WAL: the write-ahead log sits beside the database */
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_int_equal(db_meta_set(f->db, "k", "v"), ERR_OK);
	assert_true(exists(wal));
}

static void
test_reopen_without_migrate(void **state)
{
	struct fixture *f = *state;
	struct db *db2 = NULL;
	char *v = NULL;

	assert_int_equal(db_meta_set(f->db, "kept", "yes"), ERR_OK);
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(db_open(f->path, false, &db2), ERR_OK);
	assert_non_null(db2);
	assert_int_equal(db_schema_version(db2), db_migrations_known());
	assert_int_equal(db_meta_get(db2, f->a, "kept", &v), ERR_OK);
	assert_string_equal(v, "yes");
	/* migrating an up-to-date database is a no-op */
	db_close(db2);
	assert_int_equal(db_open(f->path, true, &f->db), ERR_OK);
	assert_int_equal(db_schema_version(f->db), db_migrations_known());
	assert_int_equal(db_meta_get(f->db, f->a, "kept", &v), ERR_OK);
}

/* A database that is behind is refused without migrate. */
static void
test_open_unmigrated_refused(void **state)
{
	struct fixture *f = *state;
	char other[160];
	struct db *db = (struct db *)1;

	snprintf(other, sizeof(other), "%s/empty.db", f->dir);
	assert_int_equal(db_open(other, false, &db), ERR_DB);
	assert_null(db);
	testdb_unlink(other);
	/* a path that cannot be created */
	db = (struct db *)1;
	assert_int_equal(db_open("/nonexistent-dir-for-tandem/x.db", true, &db),
	    ERR_DB);
	assert_null(db);
}

static void
test_foreign_keys_on(void **state)
{
	struct fixture *f = *state;
	int64_t scheme = make_scheme(f->db, "s1");
	int64_t user = make_user(f->db, "alice");
	struct db_role *roles;
	size_t n;
	int64_t count;

	/* a role for a user that does not exist */
	assert_int_equal(db_role_add(f->db, user + 100, scheme, "mentor", T0),
	    ERR_BAD_INPUT);
	/* or in a scheme that does not exist */
	assert_int_equal(db_role_add(f->db, user, scheme + 100, "mentor", T0),
	    ERR_BAD_INPUT);
	assert_int_equal(db_roles_of_user(f->db, f->a, user + 100, &roles, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_roles_of_user(f->db, f->a, user, &roles, &n), ERR_OK);
	assert_int_equal(n, 0);
	/* an audit row naming a missing actor */
	assert_int_equal(db_audit_add(f->db, T0, user + 100, 0, "x", "", "", ""),
	    ERR_BAD_INPUT);
	assert_int_equal(db_audit_count(f->db, &count), ERR_OK);
	assert_int_equal(count, 0);
	/* settings for a missing scheme */
	struct db_scheme_settings s = { .scheme_id = scheme + 100,
		.default_capacity = 2, .response_deadline_days = 5 };
	assert_int_equal(db_scheme_settings_put(f->db, &s), ERR_BAD_INPUT);
}

/* ---- meta ---- */

static void
test_meta(void **state)
{
	struct fixture *f = *state;
	char *v = (char *)"untouched";

	assert_int_equal(db_meta_get(f->db, f->a, "missing", &v), ERR_NOT_FOUND);
	assert_string_equal(v, "untouched");
	assert_int_equal(db_meta_set(f->db, "k", "one"), ERR_OK);
	assert_int_equal(db_meta_get(f->db, f->a, "k", &v), ERR_OK);
	assert_string_equal(v, "one");
	assert_int_equal(db_meta_set(f->db, "k", "two"), ERR_OK);   /* replaces */
	assert_int_equal(db_meta_get(f->db, f->a, "k", &v), ERR_OK);
	assert_string_equal(v, "two");
	assert_int_equal(db_meta_set(f->db, "empty", ""), ERR_OK);
	assert_int_equal(db_meta_get(f->db, f->a, "empty", &v), ERR_OK);
	assert_string_equal(v, "");
	assert_int_equal(db_meta_set(f->db, "utf8", "caf\xc3\xa9 \xe2\x82\xac"), ERR_OK);
	assert_int_equal(db_meta_get(f->db, f->a, "utf8", &v), ERR_OK);
	assert_string_equal(v, "caf\xc3\xa9 \xe2\x82\xac");
	/* keys are exact */
	assert_int_equal(db_meta_get(f->db, f->a, "K", &v), ERR_NOT_FOUND);
}

/* ---- schemes ---- */

static void
test_schemes(void **state)
{
	struct fixture *f = *state;
	struct db_scheme s, *list;
	size_t n = 99;
	int64_t a_id = 0, b_id = 0, dup = 0;

	assert_int_equal(db_scheme_list(f->db, f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_scheme_create(f->db, "aspire", "Aspire",
	    "Mentoring for all", T0, &a_id), ERR_OK);
	assert_int_equal(db_scheme_create(f->db, "boost", "Boost", NULL, T0 + 5,
	    &b_id), ERR_OK);
	assert_true(b_id > a_id);

	assert_int_equal(db_scheme_get(f->db, f->a, a_id, &s), ERR_OK);
	assert_int_equal(s.id, a_id);
	assert_string_equal(s.slug, "aspire");
	assert_string_equal(s.name, "Aspire");
	assert_string_equal(s.description, "Mentoring for all");
	assert_true(s.is_active);
	assert_int_equal(s.created_at, T0);

	assert_int_equal(db_scheme_by_slug(f->db, f->a, "boost", &s), ERR_OK);
	assert_int_equal(s.id, b_id);
	assert_string_equal(s.description, "");
	assert_int_equal(s.created_at, T0 + 5);

	assert_int_equal(db_scheme_get(f->db, f->a, b_id + 1, &s), ERR_NOT_FOUND);
	assert_int_equal(db_scheme_by_slug(f->db, f->a, "Boost", &s), ERR_NOT_FOUND);
	assert_int_equal(db_scheme_by_slug(f->db, f->a, "", &s), ERR_NOT_FOUND);

	/* slugs are unique; names must fit the CHECK */
	assert_int_equal(db_scheme_create(f->db, "aspire", "Again", "", T0, &dup),
	    ERR_CONFLICT);
	assert_int_equal(db_scheme_create(f->db, "", "Empty slug", "", T0, &dup),
	    ERR_BAD_INPUT);
	assert_int_equal(db_scheme_create(f->db, "noname", "", "", T0, &dup),
	    ERR_BAD_INPUT);
	assert_int_equal(dup, 0);

	assert_int_equal(db_scheme_list(f->db, f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].slug, "aspire");   /* oldest first */
	assert_string_equal(list[1].slug, "boost");
	assert_int_equal(list[1].id, b_id);
}

/* More rows than the list's first allocation. */
static void
test_scheme_list_grows(void **state)
{
	struct fixture *f = *state;
	struct db_scheme *list;
	size_t n;
	char slug[16];

	assert_int_equal(db_begin(f->db), ERR_OK);
	for (int i = 0; i < 40; i++) {
		snprintf(slug, sizeof(slug), "s%02d", i);
		make_scheme(f->db, slug);
	}
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_scheme_list(f->db, f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 40);
	for (int i = 0; i < 40; i++) {
		snprintf(slug, sizeof(slug), "s%02d", i);
		assert_string_equal(list[i].slug, slug);
	}
}

static void
test_settings_round_trip(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_scheme(f->db, "aspire");
	struct db_scheme_settings in = {
		.scheme_id = id,
		.allow_mentee_requests = false,
		.allow_system_proposals = true,
		.allow_admin_assignment = false,
		.default_capacity = 7,
		.session_cap = 12,
		.extension_sessions = 3,
		.min_minutes_per_month = 90,
		.response_deadline_days = 10,
		.admin_sees_documents = true,
		.privacy_notice = "We use your data to run the scheme.\nLine two.",
		.privacy_notice_version = 4,
		.escalation_contact = "lead@example.nhs.uk",
		.updated_at = T0 + 60,
	}, out;

	assert_int_equal(db_scheme_settings_get(f->db, f->a, id, &out), ERR_NOT_FOUND);
	assert_int_equal(db_scheme_settings_put(f->db, &in), ERR_OK);
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(db_scheme_settings_get(f->db, f->a, id, &out), ERR_OK);
	assert_int_equal(out.scheme_id, id);
	assert_false(out.allow_mentee_requests);
	assert_true(out.allow_system_proposals);
	assert_false(out.allow_admin_assignment);
	assert_int_equal(out.default_capacity, 7);
	assert_int_equal(out.session_cap, 12);
	assert_int_equal(out.extension_sessions, 3);
	assert_int_equal(out.min_minutes_per_month, 90);
	assert_int_equal(out.response_deadline_days, 10);
	assert_true(out.admin_sees_documents);
	assert_string_equal(out.privacy_notice, in.privacy_notice);
	assert_int_equal(out.privacy_notice_version, 4);
	assert_string_equal(out.escalation_contact, "lead@example.nhs.uk");
	assert_int_equal(out.updated_at, T0 + 60);

	/* a second put replaces the record */
	in.allow_mentee_requests = true;
	in.default_capacity = 1;
	in.privacy_notice = "v5";
	in.privacy_notice_version = 5;
	assert_int_equal(db_scheme_settings_put(f->db, &in), ERR_OK);
	assert_int_equal(db_scheme_settings_get(f->db, f->a, id, &out), ERR_OK);
	assert_true(out.allow_mentee_requests);
	assert_int_equal(out.default_capacity, 1);
	assert_string_equal(out.privacy_notice, "v5");
	assert_int_equal(out.privacy_notice_version, 5);

	/* values outside the schema's CHECKs are refused, record unchanged */
	in.default_capacity = 0;
	assert_int_equal(db_scheme_settings_put(f->db, &in), ERR_BAD_INPUT);
	in.default_capacity = 2;
	in.response_deadline_days = 61;
	assert_int_equal(db_scheme_settings_put(f->db, &in), ERR_BAD_INPUT);
	assert_int_equal(db_scheme_settings_get(f->db, f->a, id, &out), ERR_OK);
	assert_int_equal(out.default_capacity, 1);
	assert_int_equal(out.response_deadline_days, 10);
}

/* ---- users (ACC-1) ---- */

static void
test_user_create_get(void **state)
{
	struct fixture *f = *state;
	struct db_user in = {
		.username = "J.Smith",
		.email = "j.smith@example.nhs.uk",
		.given_name = "J\xc3\xa9n",
		.family_name = "Smith",
		.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$x$y",
		.status = "pending",
		.is_site_admin = true,
		.created_at = T0,
		.approved_at = 0,
	}, out;
	int64_t id = 0, n = -1;

	assert_int_equal(db_user_count(f->db, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_user_create(f->db, &in, &id), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, id, &out), ERR_OK);
	assert_int_equal(out.id, id);
	assert_string_equal(out.username, "J.Smith");
	assert_string_equal(out.email, "j.smith@example.nhs.uk");
	assert_string_equal(out.given_name, "J\xc3\xa9n");
	assert_string_equal(out.family_name, "Smith");
	assert_string_equal(out.password_hash, in.password_hash);
	assert_string_equal(out.status, "pending");
	assert_true(out.is_site_admin);
	assert_int_equal(out.created_at, T0);
	/* defaults from the schema */
	assert_int_equal(out.failed_logins, 0);
	assert_int_equal(out.locked_at, 0);
	assert_string_equal(out.theme, "light");
	assert_false(out.sidebar_hidden);
	assert_int_equal(out.approved_at, 0);
	assert_int_equal(out.last_login_at, 0);

	/* usernames are found without regard to case */
	assert_int_equal(db_user_by_username(f->db, f->a, "j.smith", &out), ERR_OK);
	assert_int_equal(out.id, id);
	assert_int_equal(db_user_by_username(f->db, f->a, "J.SMITH", &out), ERR_OK);
	assert_int_equal(out.id, id);
	assert_int_equal(db_user_by_username(f->db, f->a, "j.smit", &out),
	    ERR_NOT_FOUND);
	assert_int_equal(db_user_get(f->db, f->a, id + 1, &out), ERR_NOT_FOUND);

	/* approved_at round-trips when set */
	in.username = "active.one";
	in.status = "active";
	in.is_site_admin = false;
	in.approved_at = T0 + 1;
	assert_int_equal(db_user_create(f->db, &in, &id), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, id, &out), ERR_OK);
	assert_int_equal(out.approved_at, T0 + 1);
	assert_false(out.is_site_admin);
	assert_int_equal(db_user_count(f->db, &n), ERR_OK);
	assert_int_equal(n, 2);
}

/* ACC-1: one username, whatever its case. */
static void
test_acc1_duplicate_username_any_case_conflicts(void **state)
{
	struct fixture *f = *state;
	static const char *const dups[] = { "alice", "Alice", "ALICE", "aLiCe" };
	int64_t id = 0, n;

	make_user(f->db, "alice");
	for (size_t i = 0; i < sizeof(dups) / sizeof(dups[0]); i++) {
		struct db_user u = {
			.username = dups[i], .email = "other@example.org",
			.given_name = "A", .family_name = "B",
			.password_hash = "h", .status = "pending", .created_at = T0,
		};
		if (db_user_create(f->db, &u, &id) != ERR_CONFLICT)
			fail_msg("\"%s\" was not a conflict", dups[i]);
	}
	assert_int_equal(db_user_count(f->db, &n), ERR_OK);
	assert_int_equal(n, 1);
}

/* The schema's own rules back up the application's. */
static void
test_user_checks_refused(void **state)
{
	struct fixture *f = *state;
	struct db_user base = {
		.username = "valid.user", .email = "v@example.org",
		.given_name = "V", .family_name = "U", .password_hash = "h",
		.status = "active", .created_at = T0,
	}, u;
	int64_t id = 0, n;

	u = base;
	u.username = "ab";
	assert_int_equal(db_user_create(f->db, &u, &id), ERR_BAD_INPUT);
	u = base;
	u.status = "superuser";
	assert_int_equal(db_user_create(f->db, &u, &id), ERR_BAD_INPUT);
	u = base;
	u.given_name = "";
	assert_int_equal(db_user_create(f->db, &u, &id), ERR_BAD_INPUT);
	assert_int_equal(db_user_count(f->db, &n), ERR_OK);
	assert_int_equal(n, 0);
}

/* ---- roles (ADM-9) ---- */

static void
test_roles(void **state)
{
	struct fixture *f = *state;
	int64_t s1 = make_scheme(f->db, "one"), s2 = make_scheme(f->db, "two");
	int64_t u = make_user(f->db, "fatima"), other = make_user(f->db, "tom");
	struct db_role *roles;
	size_t n;

	assert_int_equal(db_role_add(f->db, u, s2, "mentor", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, u, s1, "mentor", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, u, s1, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, u, s1, "mentee", T0), ERR_OK);  /* again */
	assert_int_equal(db_role_add(f->db, other, s2, "scheme_admin", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, u, s1, "owner", T0), ERR_BAD_INPUT);

	assert_int_equal(db_roles_of_user(f->db, f->a, u, &roles, &n), ERR_OK);
	assert_int_equal(n, 3);
	/* by scheme, then role */
	assert_int_equal(roles[0].scheme_id, s1);
	assert_string_equal(roles[0].role, "mentee");
	assert_int_equal(roles[1].scheme_id, s1);
	assert_string_equal(roles[1].role, "mentor");
	assert_int_equal(roles[2].scheme_id, s2);
	assert_string_equal(roles[2].role, "mentor");

	assert_int_equal(db_roles_of_user(f->db, f->a, other, &roles, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(roles[0].role, "scheme_admin");
}

/* ---- audit (ADM-7) ---- */

static void
test_audit(void **state)
{
	struct fixture *f = *state;
	int64_t u = make_user(f->db, "admin"), s = make_scheme(f->db, "a");
	int64_t n = -1;

	assert_int_equal(db_audit_count(f->db, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_audit_add(f->db, T0, u, s, "scheme.create", "a",
	    "created", "127.0.0.1"), ERR_OK);
	/* no actor and no scheme are stored as NULL, not as id 0 */
	assert_int_equal(db_audit_add(f->db, T0, 0, 0, "system", NULL, NULL, NULL), ERR_OK);
	assert_int_equal(db_audit_count(f->db, &n), ERR_OK);
	assert_int_equal(n, 2);
}

/* ---- sessions ---- */

static void
test_sessions_purge_empty(void **state)
{
	struct fixture *f = *state;
	int64_t n = -1;

	/* a previous statement's change count must not leak into n */
	assert_int_equal(db_meta_set(f->db, "a", "1"), ERR_OK);
	assert_int_equal(db_sessions_purge(f->db, T0, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_sessions_purge(f->db, INT64_MAX, &n), ERR_OK);
	assert_int_equal(n, 0);
}

/* ---- transactions ---- */

static void
test_rollback_discards(void **state)
{
	struct fixture *f = *state;
	struct db_scheme s, *list;
	size_t n;
	int64_t id, count;
	char *v;

	assert_int_equal(db_begin(f->db), ERR_OK);
	id = make_scheme(f->db, "temp");
	make_user(f->db, "ghost");
	assert_int_equal(db_meta_set(f->db, "k", "v"), ERR_OK);
	assert_int_equal(db_audit_add(f->db, T0, 0, id, "x", "", "", ""), ERR_OK);
	/* visible inside the transaction */
	assert_int_equal(db_scheme_get(f->db, f->a, id, &s), ERR_OK);
	db_rollback(f->db);

	assert_int_equal(db_scheme_get(f->db, f->a, id, &s), ERR_NOT_FOUND);
	assert_int_equal(db_scheme_list(f->db, f->a, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_user_count(f->db, &count), ERR_OK);
	assert_int_equal(count, 0);
	assert_int_equal(db_audit_count(f->db, &count), ERR_OK);
	assert_int_equal(count, 0);
	assert_int_equal(db_meta_get(f->db, f->a, "k", &v), ERR_NOT_FOUND);

	/* a rollback with no transaction open is harmless */
	db_rollback(f->db);
	/* and the connection carries on */
	assert_int_equal(db_begin(f->db), ERR_OK);
	make_scheme(f->db, "kept");
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(db_scheme_by_slug(f->db, f->a, "kept", &s), ERR_OK);
}

static void
test_commit_keeps_and_no_nesting(void **state)
{
	struct fixture *f = *state;
	struct db_scheme s;
	struct db *db2;

	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(db_begin(f->db), ERR_DB);   /* no nested transactions */
	make_scheme(f->db, "committed");
	assert_int_equal(db_commit(f->db), ERR_OK);
	/* seen by another connection */
	assert_int_equal(db_open(f->path, false, &db2), ERR_OK);
	assert_int_equal(db_scheme_by_slug(db2, f->a, "committed", &s), ERR_OK);
	db_close(db2);
	/* commit with nothing open fails, and leaves things usable */
	assert_int_equal(db_commit(f->db), ERR_DB);
	assert_int_equal(db_begin(f->db), ERR_OK);
	db_rollback(f->db);
}

/* A failure inside a transaction: the caller rolls back everything. */
static void
test_conflict_inside_transaction_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct db_scheme s;
	int64_t id;

	make_scheme(f->db, "taken");
	assert_int_equal(db_begin(f->db), ERR_OK);
	make_scheme(f->db, "fresh");
	assert_int_equal(db_scheme_create(f->db, "taken", "x", "", T0, &id),
	    ERR_CONFLICT);
	db_rollback(f->db);
	assert_int_equal(db_scheme_by_slug(f->db, f->a, "fresh", &s), ERR_NOT_FOUND);
	assert_int_equal(db_scheme_by_slug(f->db, f->a, "taken", &s), ERR_OK);
}

/* ---- the per-thread pool ---- */

static void
test_pool(void **state)
{
	struct fixture *f = *state;
	struct db *t1, *t2;
	struct db_scheme s;

	make_scheme(f->db, "pooled");
	db_pool_init(f->path);
	t1 = db_thread();
	assert_non_null(t1);
	assert_ptr_not_equal(t1, f->db);
	t2 = db_thread();
	assert_ptr_equal(t1, t2);        /* one per thread, opened once */
	assert_int_equal(db_scheme_by_slug(t1, f->a, "pooled", &s), ERR_OK);
	db_pool_close();

	/* after close, a new init opens a new connection */
	db_pool_init(f->path);
	assert_non_null(db_thread());
	db_pool_close();
}

/* ACC-6: reset links are single-use; a reset spends every live link of
 * the person; housekeeping deletes links a day past expiry. */
static void
test_reset_links(void **state)
{
	struct fixture *f = *state;
	int64_t u = make_user(f->db, "ravi"), uid, exp, used, n = -1;

	assert_int_equal(db_reset_add(f->db, "old", u, T0 - 3 * 86400, T0 - 2 * 86400), ERR_OK);
	assert_int_equal(db_reset_add(f->db, "a", u, T0, T0 + 3600), ERR_OK);
	assert_int_equal(db_reset_add(f->db, "b", u, T0, T0 + 3600), ERR_OK);
	assert_int_equal(db_reset_use(f->db, "a", T0 + 60), ERR_OK);
	assert_int_equal(db_reset_use(f->db, "a", T0 + 61), ERR_CONFLICT);   /* once */
	assert_int_equal(db_resets_end_user(f->db, u, T0 + 60), ERR_OK);
	assert_int_equal(db_reset_get(f->db, "b", &uid, &exp, &used), ERR_OK);
	assert_int_equal(used, T0 + 60);                                      /* spent */
	assert_int_equal(db_resets_purge(f->db, T0 - 86400, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_reset_get(f->db, "old", &uid, &exp, &used), ERR_NOT_FOUND);
	assert_int_equal(db_reset_get(f->db, "a", &uid, &exp, &used), ERR_OK);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_fresh_open_applies_migrations),
		T(test_reopen_without_migrate),
		T(test_open_unmigrated_refused),
		T(test_foreign_keys_on),
		T(test_meta),
		T(test_schemes),
		T(test_scheme_list_grows),
		T(test_settings_round_trip),
		T(test_user_create_get),
		T(test_acc1_duplicate_username_any_case_conflicts),
		T(test_user_checks_refused),
		T(test_roles),
		T(test_audit),
		T(test_sessions_purge_empty),
		T(test_rollback_discards),
		T(test_commit_keeps_and_no_nesting),
		T(test_conflict_inside_transaction_rolls_back),
		T(test_pool),
		T(test_reset_links),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
