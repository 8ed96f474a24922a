/*
 * test_audit.c - the audit log (ADM-7): every entry app_audit_tx writes
 * is chained (inside a transaction or not); the hash's encoding is
 * length-prefixed; `tandem audit verify` (app_audit_verify) finds the
 * entry that was altered, one deleted from the middle and one written
 * around the chain, and counts entries that predate it; the triggers
 * refuse UPDATE and DELETE but let a deleted person's id go to NULL
 * (the chain still whole); the view's scope (site administrators all,
 * a scheme administrator only their schemes, never no scheme, never
 * concern.*, another scheme 404, participants 403), its filters and its
 * keyset paging.
 *
 * The altering is done as someone with the database file would: a
 * second, raw SQLite connection that drops the triggers first.
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
#include <sqlite3.h>

#include "testdb.h"

#include "app/account.h"
#include "app/app.h"
#include "app/audit.h"
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
	int64_t tom, admin_a, site;
	struct app_view views_a[1], views_tom[1];
	struct app_auth me_admin_a, me_site, me_tom;
};

static int64_t
make_user(struct db *db, const char *username, bool is_site_admin)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = username,
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
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("audit", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->tom = make_user(f->db, "tom", false);
	f->admin_a = make_user(f->db, "gareth", false);
	f->site = make_user(f->db, "root", true);
	assert_int_equal(db_role_add(f->db, f->tom, f->scheme_a, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0),
	    ERR_OK);
	f->views_a[0] = (struct app_view){.scheme_id = f->scheme_a, .scheme_name = "Aspire",
	    .role = "scheme_admin", .label = "Scheme administrator"};
	f->views_tom[0] = (struct app_view){.scheme_id = f->scheme_a, .scheme_name = "Aspire",
	    .role = "mentee", .label = "Mentee"};
	f->me_admin_a = (struct app_auth){.user_id = f->admin_a, .username = "gareth",
	    .views = f->views_a, .nviews = 1, .active = f->views_a};
	f->me_site = (struct app_auth){.user_id = f->site, .username = "root",
	    .is_site_admin = true};
	f->me_tom = (struct app_auth){.user_id = f->tom, .username = "tom",
	    .views = f->views_tom, .nviews = 1, .active = f->views_tom};
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
	return 0;
}

/* One entry through app_audit_tx in its own transaction. */
static void
audit(struct fixture *f, int64_t actor, int64_t scheme, const char *action,
    const char *subject, const char *detail)
{
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(app_audit_tx(f->db, actor, scheme, action, subject, detail,
	    "192.0.2.7"), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
}

/* SQL on a second, raw connection: someone with the database file. */
static int
raw(struct fixture *f, const char *sql)
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(f->path, &c), SQLITE_OK);
	sqlite3_busy_timeout(c, 2000);
	int rc = sqlite3_exec(c, sql, NULL, NULL, NULL);
	sqlite3_close(c);
	return rc;
}

static void
verify(struct fixture *f, int64_t *checked, int64_t *bad, int64_t *predating)
{
	assert_int_equal(app_audit_verify_ex(f->db, f->a, checked, bad, predating), ERR_OK);
}

/* ---- the chain ---- */

static void
test_adm7_chain_whole(void **state)
{
	struct fixture *f = *state;
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, 0);
	int64_t before = checked;      /* the schemes' creation is audited */
	for (int i = 0; i < 5; i++) {
		clock_advance(60);
		audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "detail");
	}
	/* outside a transaction too: app opens one of its own */
	assert_int_equal(app_audit_tx(f->db, 0, 0, "test.bare", NULL, NULL, NULL), ERR_OK);
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, before + 6);
	assert_int_equal(predating, 0);
	int64_t n;
	assert_int_equal(app_audit_verify(f->db, f->a, &n, &bad), ERR_OK);
	assert_int_equal(n, checked);
	assert_int_equal(bad, 0);
}

static void
test_adm7_hash_is_length_prefixed(void **state)
{
	(void)state;
	struct db_audit_entry x = {.id = 1, .at = T0, .action = "a", .subject = "ab",
	    .detail = "c", .ip = ""};
	struct db_audit_entry y = x;
	y.subject = "a";
	y.detail = "bc";
	char hx[65], hy[65], hz[65];
	app_audit_hash("", &x, hx);
	app_audit_hash("", &y, hy);
	assert_string_not_equal(hx, hy);
	assert_int_equal(strlen(hx), 64);
	app_audit_hash("0000", &x, hz);
	assert_string_not_equal(hx, hz);    /* the previous hash counts */
	y = x;
	y.scheme_ref = 2;
	app_audit_hash("", &y, hy);
	assert_string_not_equal(hx, hy);
}

/* The test: verification fails when a row is altered. */
static void
test_adm7_verify_fails_when_a_row_is_altered(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 5; i++)
		audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "original");
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, 0);
	int64_t last = checked;        /* ids start at 1 */
	int64_t target = last - 2;
	char sql[200];
	/* the trigger refuses the change... */
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET detail = 'forged' WHERE id = %lld",
	    (long long)target);
	assert_int_not_equal(raw(f, sql), SQLITE_OK);
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, 0);
	/* ...so it is dropped first */
	snprintf(sql, sizeof(sql), "DROP TRIGGER audit_log_no_update; "
	    "UPDATE audit_log SET detail = 'forged' WHERE id = %lld", (long long)target);
	assert_int_equal(raw(f, sql), SQLITE_OK);
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, target);
	assert_int_equal(checked, target - 1);
	int64_t n;
	assert_int_equal(app_audit_verify(f->db, f->a, &n, &bad), ERR_OK);
	assert_int_equal(bad, target);
}

static void
test_adm7_verify_fails_when_the_hash_is_rewritten_too(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 4; i++)
		audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "original");
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	int64_t target = checked - 2;
	char sql[300];
	/* a forger who recomputes the row's own hash still breaks the next
	 * entry's prev_hash (here: a plausible-looking new hash) */
	snprintf(sql, sizeof(sql), "DROP TRIGGER audit_log_no_update; "
	    "UPDATE audit_log SET ip = '10.0.0.1', hash = hex(randomblob(32)) "
	    "WHERE id = %lld", (long long)target);
	assert_int_equal(raw(f, sql), SQLITE_OK);
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, target);
}

static void
test_adm7_verify_fails_when_a_middle_row_is_deleted(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 5; i++)
		audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "detail");
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	int64_t target = checked - 2;
	char sql[200];
	snprintf(sql, sizeof(sql), "DELETE FROM audit_log WHERE id = %lld", (long long)target);
	assert_int_not_equal(raw(f, sql), SQLITE_OK);
	snprintf(sql, sizeof(sql), "DROP TRIGGER audit_log_no_delete; "
	    "DELETE FROM audit_log WHERE id = %lld", (long long)target);
	assert_int_equal(raw(f, sql), SQLITE_OK);
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, target + 1);   /* its successor no longer chains */
}

static void
test_adm7_an_entry_written_around_the_chain_is_a_break(void **state)
{
	struct fixture *f = *state;
	audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "detail");
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	assert_int_equal(db_audit_add(f->db, T0, 0, 0, "sneaked", "", "", ""), ERR_OK);
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, checked + 1);
}

static void
test_adm7_entries_before_the_chain_predate_it(void **state)
{
	struct fixture *f = *state;
	/* as if written before migration 0016: drop the chained entries
	 * the setup made and write two without a hash */
	assert_int_equal(raw(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log"),
	    SQLITE_OK);
	assert_int_equal(db_audit_add(f->db, T0, 0, 0, "old.one", "", "", ""), ERR_OK);
	assert_int_equal(db_audit_add(f->db, T0, 0, 0, "old.two", "", "", ""), ERR_OK);
	audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "detail");
	audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "detail");
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, 0);
	assert_int_equal(predating, 2);
	assert_int_equal(checked, 2);
}

static void
test_adm7_a_deleted_person_keeps_the_chain_whole(void **state)
{
	struct fixture *f = *state;
	int64_t gone = make_user(f->db, "leaver", false);
	audit(f, gone, f->scheme_a, "test.write", "user:1", "detail");
	char sql[200];
	snprintf(sql, sizeof(sql), "PRAGMA foreign_keys = ON; DELETE FROM users WHERE id = %lld",
	    (long long)gone);
	assert_int_equal(raw(f, sql), SQLITE_OK);   /* actor_id SET NULL is allowed */
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, 0);
	/* the view still says someone did it */
	struct app_audit_query q = {.action = "test.write"};
	struct app_problems ps = {0};
	struct app_audit_page p;
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.rows[0].e.actor_ref, gone);
	assert_string_equal(p.rows[0].actor_username, "");
}

/* ---- the view ---- */

static bool
has_action(const struct app_audit_page *p, const char *action)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->rows[i].e.action, action) == 0)
			return true;
	return false;
}

static void
test_adm7_view_scope(void **state)
{
	struct fixture *f = *state;
	audit(f, f->admin_a, f->scheme_a, "scope.a", "user:1", "");
	audit(f, f->site, f->scheme_b, "scope.b", "user:2", "");
	audit(f, f->site, 0, "scope.none", "user:3", "");
	audit(f, 0, f->scheme_a, "concern.raise", "concern:1", "safeguarding");
	struct app_audit_query q = {0};
	struct app_problems ps = {0};
	struct app_audit_page p;

	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_true(has_action(&p, "scope.a") && has_action(&p, "scope.b") &&
	    has_action(&p, "scope.none") && has_action(&p, "concern.raise"));
	assert_int_equal(p.nschemes, 2);

	assert_int_equal(app_audit_search(f->db, f->a, &f->me_admin_a, &q, &ps, &p), ERR_OK);
	assert_true(has_action(&p, "scope.a"));
	assert_false(has_action(&p, "scope.b"));
	assert_false(has_action(&p, "scope.none"));
	assert_false(has_action(&p, "concern.raise"));
	for (size_t i = 0; i < p.n; i++)
		assert_int_equal(p.rows[i].e.scheme_ref, f->scheme_a);
	for (size_t i = 0; i < p.nactions; i++)
		assert_int_not_equal(strncmp(p.actions[i], "concern.", 8), 0);
	assert_int_equal(p.nschemes, 1);
	/* asking for concerns by name changes nothing */
	q.action = "concern.";
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_admin_a, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 0);
	q.action = "";
	/* another scheme, or one that does not exist: 404 */
	q.scheme_id = f->scheme_b;
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_admin_a, &q, &ps, &p),
	    ERR_NOT_FOUND);
	q.scheme_id = 9999;
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_admin_a, &q, &ps, &p),
	    ERR_NOT_FOUND);
	q.scheme_id = f->scheme_b;
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_true(has_action(&p, "scope.b"));
	assert_false(has_action(&p, "scope.a"));
	q.scheme_id = 0;
	/* participants: not at all */
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_tom, &q, &ps, &p),
	    ERR_FORBIDDEN);
}

static void
test_adm7_view_filters(void **state)
{
	struct fixture *f = *state;
	audit(f, f->admin_a, f->scheme_a, "note.view", "note:1", "50% done_here");
	clock_advance(2 * 86400);          /* 25 Nov 2026 */
	audit(f, f->site, f->scheme_a, "note.open", "note:2", "plain");
	audit(f, f->site, f->scheme_a, "training.add", "training:1", "");
	struct app_problems ps = {0};
	struct app_audit_page p;

	struct app_audit_query q = {.q = "50%"};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.rows[0].e.subject, "note:1");
	q = (struct app_audit_query){.q = "%"};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 1);         /* % is literal */
	q = (struct app_audit_query){.q = "e_h"};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 1);         /* _ is literal: only "done_here" */
	q = (struct app_audit_query){.actor = "GARETH", .action = "note."};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.rows[0].actor_username, "gareth");
	q = (struct app_audit_query){.action = "note."};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.rows[0].e.action, "note.open");   /* newest first */
	q = (struct app_audit_query){.from = "2026-11-25", .to = "2026-11-25"};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 2);
	q = (struct app_audit_query){.to = "2026-11-23", .action = "note."};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p), ERR_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.rows[0].e.action, "note.view");
	/* bad dates: a problem beside the field */
	q = (struct app_audit_query){.from = "2026-02-30", .to = "2026-01-01"};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p),
	    ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "from");
	ps.n = 0;
	q = (struct app_audit_query){.from = "2026-03-02", .to = "2026-03-01"};
	assert_int_equal(app_audit_search(f->db, f->a, &f->me_site, &q, &ps, &p),
	    ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "to");
}

static void
test_adm7_view_pages(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 2 * APP_AUDIT_PAGE + 7; i++)
		audit(f, f->admin_a, f->scheme_a, "page.entry", "user:1", "");
	struct app_problems ps = {0};
	struct app_audit_page p;
	struct app_audit_query q = {.action = "page."};
	size_t total = 0;
	int64_t last = INT64_MAX;
	int pages = 0;
	do {
		assert_int_equal(app_audit_search(f->db, f->a, &f->me_admin_a, &q, &ps, &p),
		    ERR_OK);
		assert_true(p.n <= APP_AUDIT_PAGE);
		for (size_t i = 0; i < p.n; i++) {
			assert_true(p.rows[i].e.id < last);
			last = p.rows[i].e.id;
		}
		total += p.n;
		pages++;
		q.before = p.next_before;
	} while (p.next_before != 0);
	assert_int_equal(total, 2 * APP_AUDIT_PAGE + 7);
	assert_int_equal(pages, 3);
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);   /* and the walk crosses pages */
	assert_int_equal(bad, 0);
}

/* Anchors: a forger with the database file who recomputes the whole
 * chain after an edit, or deletes the newest entries, passes the chain
 * check; the head kept outside catches both. */
static void
test_adm7_anchor_catches_a_recomputed_chain_and_a_cut_tail(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 4; i++)
		audit(f, f->admin_a, f->scheme_a, "test.write", "user:1", "original");
	int64_t head;
	const char *hash;
	assert_int_equal(app_audit_head(f->db, f->a, &head, &hash), ERR_OK);
	assert_true(head > 0);
	assert_int_equal(strlen(hash), 64);
	char kept[65];
	snprintf(kept, sizeof(kept), "%s", hash);
	assert_int_equal(app_audit_anchor(f->db, f->a, head, kept), ERR_OK);
	assert_int_equal(app_audit_anchor(f->db, f->a, head, "00"), ERR_CONFLICT);
	assert_int_equal(app_audit_anchor(f->db, f->a, head + 1, kept), ERR_NOT_FOUND);

	/* blank every hash: the chain check sees only entries that
	 * "predate" it, but the anchor no longer matches */
	assert_int_equal(raw(f, "DROP TRIGGER audit_log_no_update; "
	    "UPDATE audit_log SET hash = '', prev_hash = ''"), SQLITE_OK);
	int64_t checked, bad, predating;
	verify(f, &checked, &bad, &predating);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 0);
	assert_int_equal(app_audit_anchor(f->db, f->a, head, kept), ERR_CONFLICT);

	/* cut the newest entry: gone */
	assert_int_equal(raw(f, "DROP TRIGGER audit_log_no_delete; "
	    "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"), SQLITE_OK);
	assert_int_equal(app_audit_anchor(f->db, f->a, head, kept), ERR_NOT_FOUND);

	/* an empty log has no head */
	assert_int_equal(raw(f, "DELETE FROM audit_log"), SQLITE_OK);
	assert_int_equal(app_audit_head(f->db, f->a, &head, &hash), ERR_OK);
	assert_int_equal(head, 0);
	assert_string_equal(hash, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_adm7_chain_whole),
		T(test_adm7_hash_is_length_prefixed),
		T(test_adm7_verify_fails_when_a_row_is_altered),
		T(test_adm7_verify_fails_when_the_hash_is_rewritten_too),
		T(test_adm7_verify_fails_when_a_middle_row_is_deleted),
		T(test_adm7_an_entry_written_around_the_chain_is_a_break),
		T(test_adm7_entries_before_the_chain_predate_it),
		T(test_adm7_a_deleted_person_keeps_the_chain_whole),
		T(test_adm7_view_scope),
		T(test_adm7_view_filters),
		T(test_adm7_view_pages),
		T(test_adm7_anchor_catches_a_recomputed_chain_and_a_cut_tail),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
