/*
 * test_pairing.c - app/pairing: making a relationship inside the
 * caller's transaction (REQ-10's emails to both people, the audit row,
 * one live relationship per pair), a mentor's load against capacity
 * (REQ-12), who the actor is, and the scheme's response deadline with
 * its holidays (REQ-7).
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

#include "app/pairing.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other_scheme, admin, mentor, mentee, mentee2, outsider;
};

static int64_t
make_user(struct db *db, const char *username, const char *status)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = username,
		.family_name = "Tester", .password_hash = "$argon2id$placeholder",
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
	if (testdb_make("pairing", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->other_scheme) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin = make_user(f->db, "admin", "active");
	f->mentor = make_user(f->db, "mentor", "active");
	f->mentee = make_user(f->db, "mentee", "active");
	f->mentee2 = make_user(f->db, "mentee2", "active");
	f->outsider = make_user(f->db, "outsider", "deactivated");
	db_role_add(f->db, f->admin, f->scheme, "scheme_admin", T0);
	db_role_add(f->db, f->mentor, f->scheme, "mentor", T0);
	db_role_add(f->db, f->mentee, f->scheme, "mentee", T0);
	db_role_add(f->db, f->mentee2, f->scheme, "mentee", T0);
	db_role_add(f->db, f->outsider, f->scheme, "mentee", T0);
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

static enum err
create(struct fixture *f, int64_t scheme, int64_t mentor, int64_t mentee, int64_t *id)
{
	struct app_rel_new in = {
		.scheme_id = scheme, .mentor_id = mentor, .mentee_id = mentee,
		.origin = "assignment", .assigned_by = f->admin, .override_reason = "",
		.first_session = "2026-12-01T09:30", .actor_id = f->admin, .ip = "",
	};
	assert_int_equal(db_begin(f->db), ERR_OK);
	enum err rc = app_relationship_create_tx(f->db, f->a, &in, id);
	if (rc == ERR_OK)
		assert_int_equal(db_commit(f->db), ERR_OK);
	else
		db_rollback(f->db);
	return rc;
}

/* REQ-10: both are told, the mentor is asked to make first contact */
static void
test_create_emails_both(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;
	assert_int_equal(create(f, f->scheme, f->mentor, f->mentee, &id), ERR_OK);
	assert_true(id > 0);

	struct db_mail *mail;
	size_t n;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 10, &mail, &n), ERR_OK);
	assert_int_equal(n, 2);
	bool to_mentor = false, to_mentee = false;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(strstr(mail[i].subject, "You have been matched with"));
		if (strcmp(mail[i].to_addr, "mentor@example.nhs.uk") == 0) {
			to_mentor = true;
			assert_non_null(strstr(mail[i].body_text, "please make the first contact"));
			assert_non_null(strstr(mail[i].body_text, "Tuesday 1 December 2026 at 09:30"));
		} else if (strcmp(mail[i].to_addr, "mentee@example.nhs.uk") == 0) {
			to_mentee = true;
			assert_non_null(strstr(mail[i].body_text, "asked to contact you"));
			/* fourteen days from Monday 23 November */
			assert_non_null(strstr(mail[i].body_text, "by 7 December 2026"));
		}
	}
	assert_true(to_mentor && to_mentee);

	int64_t cap = 0, active = 0;
	assert_int_equal(app_mentor_load(f->db, f->scheme, f->mentor, &cap, &active), ERR_OK);
	assert_int_equal(cap, 2);          /* the scheme's default */
	assert_int_equal(active, 1);
	bool has = false;
	assert_int_equal(app_mentee_has_mentor(f->db, f->scheme, f->mentee, &has), ERR_OK);
	assert_true(has);
	assert_int_equal(app_mentee_has_mentor(f->db, f->scheme, f->mentee2, &has), ERR_OK);
	assert_false(has);
}

/* one live relationship per pair; wrong roles and other schemes refused */
static void
test_create_refusals(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0, again = 0;
	assert_int_equal(create(f, f->scheme, f->mentor, f->mentee, &id), ERR_OK);
	assert_int_equal(create(f, f->scheme, f->mentor, f->mentee, &again), ERR_CONFLICT);
	/* roles the wrong way round */
	assert_int_equal(create(f, f->scheme, f->mentee2, f->mentor, &again), ERR_NOT_FOUND);
	/* not of that scheme */
	assert_int_equal(create(f, f->other_scheme, f->mentor, f->mentee2, &again), ERR_NOT_FOUND);
	/* a deactivated mentee */
	assert_int_equal(create(f, f->scheme, f->mentor, f->outsider, &again), ERR_NOT_FOUND);
	/* a mentor who is not a mentor */
	assert_int_equal(app_mentor_load(f->db, f->scheme, f->mentee, &(int64_t){0},
	    &(int64_t){0}), ERR_NOT_FOUND);
}

static void
test_actor_of(void **state)
{
	struct fixture *f = *state;
	struct app_view v = {.scheme_id = f->scheme, .role = "scheme_admin"};
	struct app_auth admin = {.user_id = f->admin, .views = &v, .nviews = 1, .active = &v};
	struct app_auth mentor = {.user_id = f->mentor};
	struct app_auth mentee = {.user_id = f->mentee};
	struct app_auth other = {.user_id = f->mentee2};
	assert_int_equal(app_actor_of(&mentee, f->scheme, f->mentee, f->mentor), LC_MENTEE);
	assert_int_equal(app_actor_of(&mentor, f->scheme, f->mentee, f->mentor), LC_MENTOR);
	assert_int_equal(app_actor_of(&admin, f->scheme, f->mentee, f->mentor), LC_ADMIN);
	/* an administrator of one scheme is nobody in another */
	assert_int_equal(app_actor_of(&admin, f->other_scheme, f->mentee, f->mentor), LC_OTHER);
	assert_int_equal(app_actor_of(&other, f->scheme, f->mentee, f->mentor), LC_OTHER);
	assert_int_equal(app_actor_of(NULL, f->scheme, f->mentee, f->mentor), LC_OTHER);
}

/* REQ-7: the scheme's working days and holidays */
static void
test_deadline_uses_scheme(void **state)
{
	struct fixture *f = *state;
	int64_t due = 0;
	assert_int_equal(app_request_deadline(f->db, f->a, f->scheme, T0, &due), ERR_OK);
	assert_int_equal(due, T0 + 7 * 86400);       /* 5 working days: next Monday */

	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme, &st), ERR_OK);
	st.response_deadline_days = 2;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	assert_int_equal(app_request_deadline(f->db, f->a, f->scheme, T0, &due), ERR_OK);
	assert_int_equal(due, T0 + 2 * 86400);       /* Wednesday */
	assert_int_equal(app_request_deadline(f->db, f->a, 9999, T0, &due), ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_emails_both, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_actor_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadline_uses_scheme, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
