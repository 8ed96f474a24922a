/*
 * test_people.c - app/people.c (ADM-1, ADM-3): the CSV import's dry run
 * catches each bad row with its line and writes nothing; the import
 * needs the dry run's digest and writes everyone or no one; a scheme
 * administrator of B gets ERR_NOT_FOUND on everything of A; deactivation
 * needs a reason, refuses live relationships and people with roles
 * elsewhere; editing keeps usernames unique and live roles in place.
 *
 * Each test gets a fresh database with schemes A and B, an administrator
 * of each, a mentor and a mentee of A in a live relationship.
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

#include "app/people.h"
#include "db/db_int.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t admin_a, admin_b, mentor, mentee, loner;
	struct app_view v_admin_a[1], v_admin_b[1];
	struct app_auth admin_a_me, admin_b_me;
};

static int64_t
make_user(struct db *db, const char *username)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = "Given",
		.family_name = "Family", .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static struct app_auth
auth_for(int64_t id, struct app_view *v, int64_t scheme)
{
	v->scheme_id = scheme;
	v->scheme_name = "Scheme";
	v->role = "scheme_admin";
	v->label = "Scheme administrator";
	struct app_auth me = {.user_id = id, .username = "someone",
		.display_name = "Given Family", .email = "x@example.nhs.uk", .views = v,
		.nviews = 1, .active = v};
	return me;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("people", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a");
	f->admin_b = make_user(f->db, "admin.b");
	f->mentor = make_user(f->db, "mentor.one");
	f->mentee = make_user(f->db, "mentee.one");
	f->loner = make_user(f->db, "loner.one");
	db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0);
	db_role_add(f->db, f->admin_b, f->scheme_b, "scheme_admin", T0);
	db_role_add(f->db, f->mentor, f->scheme_a, "mentor", T0);
	db_role_add(f->db, f->mentee, f->scheme_a, "mentee", T0);
	db_role_add(f->db, f->loner, f->scheme_a, "mentee", T0);
	if (sqlite3_exec(f->db->conn, "INSERT INTO relationships (scheme_id, mentor_id, "
	    "mentee_id, status, started_at, created_at) VALUES (1, 3, 4, 'active', "
	    "1795000000, 1795000000)", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	f->admin_a_me = auth_for(f->admin_a, f->v_admin_a, f->scheme_a);
	f->admin_b_me = auth_for(f->admin_b, f->v_admin_b, f->scheme_b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_unlink(f->path);
	rmdir(f->dir);
	arena_free(f->a);
	free(f);
	return 0;
}

static const char *const bad_csv =
    "username,email,given_name,family_name,role\n"
    "good.one,good.one@example.nhs.uk,Good,One,mentee\n"   /* line 2: fine */
    "x,nope,Bad,,mentor\n"                                  /* 3: username, email, family */
    "mentor.one,m2@example.nhs.uk,Taken,Name,mentor\n"      /* 4: username taken */
    "good.two,good.one@example.nhs.uk,Good,Two,both\n"      /* 5: email twice in file */
    "good.three,g3@example.nhs.uk,Good,Three,boss\n"        /* 6: unknown role */
    "good.four,loner.one@example.nhs.uk,Good,Four,mentor\n" /* 7: email taken */
    "\"Good.One\",g5@example.nhs.uk,Good,Five,mentee\n";    /* 8: username twice */

static void
test_import_dry_run(void **state)
{
	struct fixture *f = *state;
	struct app_import im;
	int64_t before, after;

	assert_int_equal(db_user_count(f->db, &before), ERR_OK);
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    bad_csv, &im), ERR_OK);
	assert_null(im.problem);
	assert_int_equal(im.n, 7);
	assert_int_equal(im.nbad, 6);
	assert_null(im.rows[0].problem);
	assert_int_equal(im.rows[1].line, 3);
	assert_non_null(strstr(im.rows[1].problem, "Username must be"));
	assert_non_null(strstr(im.rows[1].problem, "email address"));
	assert_non_null(strstr(im.rows[1].problem, "family name"));
	assert_non_null(strstr(im.rows[2].problem, "already taken"));
	assert_non_null(strstr(im.rows[3].problem, "also on line 2"));
	assert_non_null(strstr(im.rows[4].problem, "Role must be"));
	assert_non_null(strstr(im.rows[5].problem, "already belongs"));
	assert_non_null(strstr(im.rows[6].problem, "also on line 2"));
	assert_int_equal(db_user_count(f->db, &after), ERR_OK);
	assert_int_equal(before, after);

	/* the import refuses the bad file and still writes nothing */
	size_t created = 9;
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    bad_csv, im.digest, "", &im, &created), ERR_BAD_INPUT);
	assert_int_equal(created, 0);
	assert_int_equal(db_user_count(f->db, &after), ERR_OK);
	assert_int_equal(before, after);

	/* a file without a header, and an unclosed quote */
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "a,b\n1,2\n", &im), ERR_OK);
	assert_non_null(strstr(im.problem, "header"));
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "username,email,given_name,family_name,role\n\"x", &im), ERR_OK);
	assert_non_null(strstr(im.problem, "line 2"));
}

static void
test_import_commit(void **state)
{
	struct fixture *f = *state;
	static const char *const csv = "role,username,email,given_name,family_name\r\n"
	    "both,new.one,new.one@example.nhs.uk,New,One\r\n"
	    "mentor,new.two,new.two@example.nhs.uk,New,Two\r\n";
	struct app_import im;
	size_t created = 0;
	int64_t before, after;

	assert_int_equal(db_user_count(f->db, &before), ERR_OK);
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    csv, &im), ERR_OK);
	assert_int_equal(im.nbad, 0);
	/* the wrong digest: nothing */
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    csv, "0000", "", &im, &created), ERR_CONFLICT);
	assert_int_equal(db_user_count(f->db, &after), ERR_OK);
	assert_int_equal(before, after);
	/* the same text with LF line ends (as a browser may resend it) */
	char digest[HASH_HEX_LEN + 1];
	memcpy(digest, im.digest, sizeof(digest));
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "role,username,email,given_name,family_name\n"
	    "both,new.one,new.one@example.nhs.uk,New,One\n"
	    "mentor,new.two,new.two@example.nhs.uk,New,Two\n", digest, "", &im, &created),
	    ERR_OK);
	assert_int_equal(created, 2);
	assert_int_equal(db_user_count(f->db, &after), ERR_OK);
	assert_int_equal(after, before + 2);
	struct db_user u;
	struct db_role *roles;
	size_t n;
	assert_int_equal(db_user_by_username(f->db, f->a, "new.one", &u), ERR_OK);
	assert_string_equal(u.status, "active");
	assert_int_equal(db_roles_of_user(f->db, f->a, u.id, &roles, &n), ERR_OK);
	assert_int_equal(n, 2);
	/* again: every username is now taken */
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    csv, digest, "", &im, &created), ERR_BAD_INPUT);
	assert_int_equal(im.nbad, 2);
}

static void
test_other_scheme_404(void **state)
{
	struct fixture *f = *state;
	struct app_import im;
	struct app_problems ps = {0};
	struct db_people_rel *live;
	size_t nlive, created;
	struct app_person_form pf;

	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_b_me, f->scheme_a,
	    bad_csv, &im), ERR_NOT_FOUND);
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_b_me, f->scheme_a,
	    bad_csv, "x", "", &im, &created), ERR_NOT_FOUND);
	assert_int_equal(app_people_deactivate(f->db, f->a, &f->admin_b_me, f->loner, "r",
	    "", &ps, &live, &nlive), ERR_NOT_FOUND);
	assert_int_equal(app_people_reactivate(f->db, f->a, &f->admin_b_me, f->loner, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(app_people_edit_form(f->db, f->a, &f->admin_b_me, f->loner, &pf),
	    ERR_NOT_FOUND);
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_b_me, f->loner,
	    &(struct app_person_edit){.given_name = "A", .family_name = "B",
	    .email = "a@example.nhs.uk", .username = "loner.one"}, "", &ps), ERR_NOT_FOUND);
	/* unknown scheme and person too */
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, 999, "", &im),
	    ERR_NOT_FOUND);
}

static void
test_deactivate(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct db_people_rel *live;
	size_t nlive;
	struct db_user u;

	assert_int_equal(app_people_deactivate(f->db, f->a, &f->admin_a_me, f->loner, "  ",
	    "", &ps, &live, &nlive), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "reason");
	/* live relationship: refused, listed */
	assert_int_equal(app_people_deactivate(f->db, f->a, &f->admin_a_me, f->mentee,
	    "Left", "", &ps, &live, &nlive), ERR_CONFLICT);
	assert_int_equal(nlive, 1);
	/* oneself */
	assert_int_equal(app_people_deactivate(f->db, f->a, &f->admin_a_me, f->admin_a,
	    "Left", "", &ps, &live, &nlive), ERR_CONFLICT);
	/* a role in another scheme: not this administrator's to deactivate */
	db_role_add(f->db, f->loner, f->scheme_b, "mentor", T0);
	assert_int_equal(app_people_deactivate(f->db, f->a, &f->admin_a_me, f->loner,
	    "Left", "", &ps, &live, &nlive), ERR_FORBIDDEN);
	struct app_auth site = f->admin_a_me;
	site.is_site_admin = true;
	assert_int_equal(app_people_deactivate(f->db, f->a, &site, f->loner, "Left", "",
	    &ps, &live, &nlive), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, f->loner, &u), ERR_OK);
	assert_string_equal(u.status, "deactivated");
	assert_int_equal(app_people_reactivate(f->db, f->a, &site, f->loner, ""), ERR_OK);
	assert_int_equal(app_people_reactivate(f->db, f->a, &site, f->loner, ""),
	    ERR_CONFLICT);
}

static void
test_edit(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct db_user u;

	/* a username in use */
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->loner,
	    &(struct app_person_edit){.given_name = "L", .family_name = "One",
	    .email = "loner.one@example.nhs.uk", .username = "MENTOR.ONE"}, "", &ps),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "username");
	/* removing the mentor role of a live mentor */
	ps.n = 0;
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->mentor,
	    &(struct app_person_edit){.given_name = "M", .family_name = "One",
	    .email = "mentor.one@example.nhs.uk", .username = "mentor.one",
	    .set_roles = true}, "", &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "roles");
	/* a good change, with a role added */
	ps.n = 0;
	static const char *const roles[] = {"1:mentee", "1:mentor"};
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->loner,
	    &(struct app_person_edit){.given_name = "Lona", .family_name = "Er",
	    .email = "lona@example.nhs.uk", .username = "lona.er", .set_roles = true,
	    .roles = roles, .nroles = 2}, "", &ps), ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, f->loner, &u), ERR_OK);
	assert_string_equal(u.username, "lona.er");
	struct db_role *held;
	size_t n;
	assert_int_equal(db_roles_of_user(f->db, f->a, f->loner, &held, &n), ERR_OK);
	assert_int_equal(n, 2);
	/* a scheme administrator cannot grant scheme administration */
	static const char *const admin_role[] = {"1:scheme_admin"};
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->loner,
	    &(struct app_person_edit){.given_name = "Lona", .family_name = "Er",
	    .email = "lona@example.nhs.uk", .username = "lona.er", .set_roles = true,
	    .roles = admin_role, .nroles = 1}, "", &ps), ERR_OK);
	assert_int_equal(db_roles_of_user(f->db, f->a, f->loner, &held, &n), ERR_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_scheme_404, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deactivate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
