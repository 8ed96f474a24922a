/*
 * test_notify.c - app/notify.c (ACC-8): the registry of email kinds,
 * each person's settings (defaults, changes, required kinds that cannot
 * be turned off or held), how app_notify_tx routes an email (outbox,
 * digest or nowhere) and the daily digest job (one email per person,
 * items cleared, deactivated people skipped).
 *
 * No passwords are hashed here: people are written with db_user_create.
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

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t alice, bob;
	struct app_auth me_alice;
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
	if (testdb_make("notify", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	f->alice = make_user(f->db, "alice", "active");
	f->bob = make_user(f->db, "bob", "active");
	f->me_alice = (struct app_auth){ .user_id = f->alice, .username = "alice" };
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

static size_t
count_outbox(struct fixture *f)
{
	struct db_mail *m;
	size_t n;

	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1000, &m, &n), ERR_OK);
	return n;
}

static size_t
count_digest(struct fixture *f, int64_t user)
{
	struct db_digest_item *items;
	size_t n;

	assert_int_equal(db_digest_of_user(f->db, f->a, user, &items, &n), ERR_OK);
	return n;
}

static const struct app_notice_kind *
kind(const char *name)
{
	for (size_t i = 0; i < app_notice_nkinds; i++)
		if (strcmp(app_notice_kinds[i].kind, name) == 0)
			return &app_notice_kinds[i];
	return NULL;
}

static struct app_pref
pref(struct fixture *f, int64_t user, const char *name)
{
	struct app_pref *p;
	size_t n;

	assert_int_equal(app_prefs_get(f->db, f->a, user, &p, &n), ERR_OK);
	assert_int_equal(n, app_notice_nkinds);
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].kind->kind, name) == 0)
			return p[i];
	fail_msg("no pref for %s", name);
	return p[0];
}

/* The kinds this issue needs, each described; no kind twice. */
static void
test_registry(void **state)
{
	static const struct {
		const char *kind;
		bool is_required;
	} want[] = {
		{ "account.registered", true },
		{ "account.approved", true },
		{ "account.rejected", true },
		{ "password.reset", true },
		{ "admin.registration", false },
		{ "admin.consent_withdrawn", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct app_notice_kind *k = kind(want[i].kind);
		if (k == NULL)
			fail_msg("kind %s missing", want[i].kind);
		assert_int_equal(k->is_required, want[i].is_required);
	}
	assert_string_equal(kind("admin.registration")->label,
	    "New registration waiting for approval");
	for (size_t i = 0; i < app_notice_nkinds; i++) {
		assert_true(strlen(app_notice_kinds[i].label) > 0);
		assert_true(strlen(app_notice_kinds[i].description) > 0);
		for (size_t j = i + 1; j < app_notice_nkinds; j++)
			assert_string_not_equal(app_notice_kinds[i].kind,
			    app_notice_kinds[j].kind);
	}
}

static void
test_prefs_defaults_and_set(void **state)
{
	struct fixture *f = *state;
	struct app_pref *p;
	size_t n;

	/* defaults: everything on, immediately */
	assert_int_equal(app_prefs_get(f->db, f->a, f->alice, &p, &n), ERR_OK);
	assert_int_equal(n, app_notice_nkinds);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(p[i].kind, &app_notice_kinds[i]);
		assert_true(p[i].is_enabled);
		assert_false(p[i].is_daily);
	}

	static const struct {
		const char *kind;
		bool is_enabled, is_daily;
		enum err want;
	} cases[] = {
		{ "no.such.kind", true, false, ERR_NOT_FOUND },
		{ "", true, false, ERR_NOT_FOUND },
		{ "password.reset", false, false, ERR_BAD_INPUT },
		{ "password.reset", true, true, ERR_BAD_INPUT },
		{ "account.approved", false, true, ERR_BAD_INPUT },
		{ "password.reset", true, false, ERR_OK },   /* as it is: fine */
		{ "admin.registration", true, true, ERR_OK },
		{ "admin.consent_withdrawn", false, false, ERR_OK },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (app_pref_set(f->db, &f->me_alice, cases[i].kind, cases[i].is_enabled,
		    cases[i].is_daily) != cases[i].want)
			fail_msg("case %zu (%s)", i, cases[i].kind);
	assert_int_equal(app_pref_set(f->db, NULL, "admin.registration", true, true),
	    ERR_NOT_FOUND);

	struct app_pref x = pref(f, f->alice, "admin.registration");
	assert_true(x.is_enabled);
	assert_true(x.is_daily);
	x = pref(f, f->alice, "admin.consent_withdrawn");
	assert_false(x.is_enabled);
	x = pref(f, f->alice, "password.reset");
	assert_true(x.is_enabled);
	assert_false(x.is_daily);
	/* one person's settings are theirs alone */
	x = pref(f, f->bob, "admin.registration");
	assert_true(x.is_enabled);
	assert_false(x.is_daily);

	/* a required kind reads as on and immediate even if a row says
	 * otherwise (written before the kind became required, say) */
	assert_int_equal(db_pref_put(f->db, f->alice, "password.reset", false, "daily"),
	    ERR_OK);
	x = pref(f, f->alice, "password.reset");
	assert_true(x.is_enabled);
	assert_false(x.is_daily);

	/* back to immediate */
	assert_int_equal(app_pref_set(f->db, &f->me_alice, "admin.registration", true,
	    false), ERR_OK);
	assert_false(pref(f, f->alice, "admin.registration").is_daily);
}

/* Where app_notify_tx puts an email, per setting. */
static void
test_notify_routing(void **state)
{
	struct fixture *f = *state;
	enum setting { S_DEFAULT, S_OFF, S_DAILY, S_ON };
	static const struct {
		const char *kind;
		enum setting setting;
		bool to_nobody;           /* user_id 0: an address only */
		size_t outbox, digest;
	} cases[] = {
		{ "admin.registration", S_DEFAULT, false, 1, 0 },
		{ "admin.registration", S_ON, false, 1, 0 },
		{ "admin.registration", S_OFF, false, 0, 0 },
		{ "admin.registration", S_DAILY, false, 0, 1 },
		{ "admin.registration", S_OFF, true, 1, 0 },
		{ "admin.registration", S_DAILY, true, 1, 0 },
		{ "password.reset", S_DEFAULT, false, 1, 0 },
		{ "password.reset", S_OFF, false, 1, 0 },    /* required */
		{ "password.reset", S_DAILY, false, 1, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *k = cases[i].kind;
		size_t out0 = count_outbox(f), dig0 = count_digest(f, f->alice);

		switch (cases[i].setting) {
		case S_DEFAULT:
			break;
		case S_OFF:
			assert_int_equal(db_pref_put(f->db, f->alice, k, false, "immediate"),
			    ERR_OK);
			break;
		case S_DAILY:
			assert_int_equal(db_pref_put(f->db, f->alice, k, true, "daily"),
			    ERR_OK);
			break;
		case S_ON:
			assert_int_equal(db_pref_put(f->db, f->alice, k, true, "immediate"),
			    ERR_OK);
			break;
		}
		assert_int_equal(db_begin(f->db), ERR_OK);
		assert_int_equal(app_notify_tx(f->db, cases[i].to_nobody ? 0 : f->alice,
		    "alice@example.nhs.uk", k, "Subject", "Text"), ERR_OK);
		assert_int_equal(db_commit(f->db), ERR_OK);
		if (count_outbox(f) - out0 != cases[i].outbox ||
		    count_digest(f, f->alice) - dig0 != cases[i].digest)
			fail_msg("case %zu (%s): outbox +%zu, digest +%zu", i, k,
			    count_outbox(f) - out0, count_digest(f, f->alice) - dig0);
		/* clean slate for the next case */
		assert_int_equal(db_pref_put(f->db, f->alice, k, true, "immediate"),
		    ERR_OK);
	}

	/* an unregistered kind is a bug, and says so */
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notify_tx(f->db, f->alice, "alice@example.nhs.uk",
	    "no.such.kind", "S", "T"), ERR_INTERNAL);
	db_rollback(f->db);

	/* held items vanish with a rolled-back transaction */
	size_t dig0 = count_digest(f, f->alice);
	assert_int_equal(db_pref_put(f->db, f->alice, "admin.registration", true,
	    "daily"), ERR_OK);
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notify_tx(f->db, f->alice, "alice@example.nhs.uk",
	    "admin.registration", "S", "T"), ERR_OK);
	db_rollback(f->db);
	assert_int_equal(count_digest(f, f->alice), dig0);
}

static void
hold(struct fixture *f, int64_t user, const char *to, const char *subject,
    const char *text)
{
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_notify_tx(f->db, user, to, "admin.registration", subject,
	    text), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
}

static void
test_digest_run(void **state)
{
	struct fixture *f = *state;
	int64_t gone = make_user(f->db, "gone", "active");
	struct db_mail *m;
	int64_t *ids;
	size_t n, sent = 99;

	/* nothing held: nothing sent */
	assert_int_equal(app_digest_run(f->db, T0, &sent), ERR_OK);
	assert_int_equal(sent, 0);

	assert_int_equal(db_pref_put(f->db, f->alice, "admin.registration", true,
	    "daily"), ERR_OK);
	assert_int_equal(db_pref_put(f->db, f->bob, "admin.registration", true,
	    "daily"), ERR_OK);
	assert_int_equal(db_pref_put(f->db, gone, "admin.registration", true,
	    "daily"), ERR_OK);
	hold(f, f->alice, "alice@example.nhs.uk", "First for Alice", "Jane registered.");
	hold(f, f->alice, "alice@example.nhs.uk", "Second for Alice", "Tom registered.");
	hold(f, f->bob, "bob@example.nhs.uk", "Only for Bob", "Amy registered.");
	hold(f, gone, "gone@example.nhs.uk", "For someone gone", "Ravi registered.");
	assert_int_equal(count_outbox(f), 0);
	/* withdrew consent since: gets nothing more (ACC-2) */
	assert_int_equal(db_user_set_status(f->db, gone, "deactivated", "", T0), ERR_OK);

	clock_set(T0 + 86400);
	assert_int_equal(app_digest_run(f->db, T0 + 86400, &sent), ERR_OK);
	assert_int_equal(sent, 2);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(m[i].subject, "Your Tandem daily summary");
		assert_int_equal(m[i].created_at, T0 + 86400);
		if (strcmp(m[i].to_addr, "alice@example.nhs.uk") == 0) {
			const char *a1 = strstr(m[i].body_text, "First for Alice");
			const char *a2 = strstr(m[i].body_text, "Second for Alice");
			assert_non_null(a1);
			assert_non_null(a2);
			assert_true(a1 < a2);             /* oldest first */
			assert_non_null(strstr(m[i].body_text, "Jane registered."));
			assert_non_null(strstr(m[i].body_text, "Tom registered."));
			assert_null(strstr(m[i].body_text, "Bob"));
		} else {
			assert_string_equal(m[i].to_addr, "bob@example.nhs.uk");
			assert_non_null(strstr(m[i].body_text, "Only for Bob"));
			assert_non_null(strstr(m[i].body_text, "Amy registered."));
			assert_null(strstr(m[i].body_text, "Alice"));
		}
		assert_null(strstr(m[i].body_text, "Ravi"));
	}
	/* every item cleared, the deactivated person's too */
	assert_int_equal(db_digest_users(f->db, f->a, 100, &ids, &n), ERR_OK);
	assert_int_equal(n, 0);

	/* the next day: nothing new, nothing sent */
	assert_int_equal(app_digest_run(f->db, T0 + 2 * 86400, &sent), ERR_OK);
	assert_int_equal(sent, 0);
	assert_int_equal(count_outbox(f), 2);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		T(test_prefs_defaults_and_set),
		T(test_notify_routing),
		T(test_digest_run),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
