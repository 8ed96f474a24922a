/*
 * test_people.c - app/people.c (ADM-1, ADM-3): the CSV import's dry run
 * catches each bad row with its line and writes nothing; the import
 * needs the dry run's digest and writes everyone or no one; a scheme
 * administrator of B gets ERR_NOT_FOUND on everything of A; deactivation
 * needs a reason, refuses live relationships and people with roles
 * elsewhere; editing keeps usernames unique and live roles in place.
 * From the security review of issue 10: H1 (a scheme administrator
 * changes no email or username of anyone who administers a scheme, nor
 * the details of anyone with roles elsewhere), H4 (an edit is audited
 * under the person's own schemes, never the editor's), L3 (ending a
 * person's sessions needs every role of theirs in the caller's schemes),
 * L2 (an email in use names its owner only inside the caller's schemes).
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
#include "testpeople.h"
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
	/* L2: loner.one is in admin A's scheme, so the row names them */
	assert_non_null(strstr(im.rows[5].problem, "already used by loner.one"));
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
	    csv, "0000", "", &im, &created), ERR_BAD_INPUT);
	assert_non_null(strstr(im.problem, "The file changed since it was checked"));
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

/* ADM-3: a file saved as Windows "ANSI" (here a Latin-1 e acute) is told
 * to be saved as CSV UTF-8 with the line, as the cohort import says it,
 * never to check its quotes; nothing can be imported from it. */
static void
test_import_not_utf8(void **state)
{
	struct fixture *f = *state;
	struct app_import im;
	size_t created = 9;

	static const char *const latin1 = "username,email,given_name,family_name,role\n"
	    "good.one,good.one@example.nhs.uk,Good,One,mentee\n"
	    "rene.one,rene.one@example.nhs.uk,Ren\xe9,One,mentee\n";
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    latin1, &im), ERR_OK);
	assert_non_null(im.problem);
	assert_non_null(strstr(im.problem, "This file is not saved as UTF-8 (line 3"));
	assert_non_null(strstr(im.problem, "In Excel choose Save as \xe2\x86\x92 CSV UTF-8."));
	assert_null(strstr(im.problem, "quotes"));
	assert_int_equal(im.n, 0);
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    latin1, im.digest, "", &im, &created), ERR_BAD_INPUT);
	assert_int_equal(created, 0);
	/* UTF-16 (its byte order mark): line 1 */
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "\xff\xfeu\x01", &im), ERR_OK);
	assert_non_null(strstr(im.problem, "not saved as UTF-8 (line 1"));
	/* a real quote problem keeps its own words */
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "username,email,given_name,family_name,role\n\"x", &im), ERR_OK);
	assert_non_null(strstr(im.problem, "check the quotes on line 2"));
}

/* ADM-3: the digest is keyed to the installation, the administrator and
 * the scheme: not the text's plain hash, another administrator's or
 * another scheme's is refused ("changed since it was checked"), none at
 * all is "Check the file first"; nothing is written by any of them. */
static void
test_import_digest_keyed(void **state)
{
	struct fixture *f = *state;
	static const char *const csv = "username,email,given_name,family_name,role\n"
	    "new.one,new.one@example.nhs.uk,New,One,mentee\n";
	struct app_import im, other, site_a, site_b;
	size_t created = 0;
	int64_t before, after;
	char plain[HASH_HEX_LEN + 1];
	struct app_view v2[1];
	int64_t admin_a2 = make_user(f->db, "admin.a2");
	db_role_add(f->db, admin_a2, f->scheme_a, "scheme_admin", T0);
	struct app_auth a2 = auth_for(admin_a2, v2, f->scheme_a);
	struct app_auth site = f->admin_a_me;
	site.is_site_admin = true;

	assert_int_equal(db_user_count(f->db, &before), ERR_OK);
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    csv, &im), ERR_OK);
	assert_int_equal(im.nbad, 0);
	crypto_hash_hex(csv, strlen(csv), plain);
	assert_string_not_equal(im.digest, plain);
	assert_int_equal(app_people_import_check(f->db, f->a, &a2, f->scheme_a, csv, &other),
	    ERR_OK);
	assert_string_not_equal(im.digest, other.digest);
	assert_int_equal(app_people_import_check(f->db, f->a, &site, f->scheme_a, csv,
	    &site_a), ERR_OK);
	assert_int_equal(app_people_import_check(f->db, f->a, &site, f->scheme_b, csv,
	    &site_b), ERR_OK);
	assert_string_not_equal(site_a.digest, site_b.digest);
	/* the same check again gives the same digest */
	struct app_import again;
	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    csv, &again), ERR_OK);
	assert_string_equal(im.digest, again.digest);

	const char *refused[] = {plain, other.digest, site_b.digest};
	for (size_t i = 0; i < 3; i++) {
		struct app_import r;
		assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me,
		    f->scheme_a, csv, refused[i], "", &r, &created), ERR_BAD_INPUT);
		assert_non_null(strstr(r.problem, "The file changed since it was checked"));
	}
	/* site_b's was for scheme B: refused for A even to the same person */
	struct app_import r;
	assert_int_equal(app_people_import_commit(f->db, f->a, &site, f->scheme_a, csv,
	    site_b.digest, "", &r, &created), ERR_BAD_INPUT);
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    csv, "", "", &r, &created), ERR_BAD_INPUT);
	assert_non_null(strstr(r.problem, "Check the file first"));
	assert_int_equal(app_people_import_commit(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    csv, NULL, "", &r, &created), ERR_BAD_INPUT);
	assert_non_null(strstr(r.problem, "Check the file first"));
	assert_int_equal(created, 0);
	assert_int_equal(db_user_count(f->db, &after), ERR_OK);
	assert_int_equal(after, before);
	/* the other administrator's own digest works for them */
	assert_int_equal(app_people_import_commit(f->db, f->a, &a2, f->scheme_a, csv,
	    other.digest, "", &r, &created), ERR_OK);
	assert_int_equal(created, 1);
}

/* ACC-5, ADM-1: a list's buttons in one query: admin A may change the
 * people only in A, not admin B once B is also a mentor in A, not a site
 * administrator with a role in A; a site administrator anyone. */
static void
test_may_change_each(void **state)
{
	struct fixture *f = *state;
	struct app_auth site = f->admin_a_me;
	site.is_site_admin = true;
	int64_t boss = make_user(f->db, "site.boss");
	db_role_add(f->db, boss, f->scheme_a, "mentee", T0);
	assert_int_equal(sqlite3_exec(f->db->conn, "UPDATE users SET is_site_admin = 1 "
	    "WHERE username = 'site.boss'", NULL, NULL, NULL), SQLITE_OK);
	db_role_add(f->db, f->admin_b, f->scheme_a, "mentor", T0);

	const int64_t ids[] = {f->loner, f->admin_b, f->mentee, boss, f->admin_a};
	bool ok[5];
	assert_int_equal(app_people_may_change_each(f->db, f->a, &f->admin_a_me, ids, 5, ok),
	    ERR_OK);
	assert_true(ok[0]);
	assert_false(ok[1]);
	assert_true(ok[2]);
	assert_false(ok[3]);
	assert_true(ok[4]);
	/* the same answers as app_people_may_change, one by one */
	for (size_t i = 0; i < 5; i++) {
		struct db_user u;
		int64_t sid;
		enum err rc = app_people_may_change(f->db, f->a, &f->admin_a_me, ids[i], &u,
		    &sid);
		assert_int_equal(rc == ERR_OK, ok[i]);
	}
	assert_int_equal(app_people_may_change_each(f->db, f->a, &site, ids, 5, ok), ERR_OK);
	for (size_t i = 0; i < 5; i++)
		assert_true(ok[i]);
	assert_int_equal(app_people_may_change_each(f->db, f->a, &f->admin_a_me, ids, 0, ok),
	    ERR_OK);
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

/* The person's details as they are, for an edit that changes one thing. */
static struct app_person_edit
same_details(struct fixture *f, int64_t user_id)
{
	struct db_user u;
	assert_int_equal(db_user_get(f->db, f->a, user_id, &u), ERR_OK);
	return (struct app_person_edit){.given_name = u.given_name,
	    .family_name = u.family_name, .email = u.email, .username = u.username};
}

static bool
has_problem(const struct app_problems *ps, const char *field, const char *part)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].field, field) == 0 && strstr(ps->p[i].message, part))
			return true;
	return false;
}

/* H1: admin B is also a mentor in A.  Admin A sees them, may change
 * their roles in A, but not their email, username or name. */
static void
test_edit_rights_h1(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_person_form pf;
	struct db_user u;
	struct app_person_edit e;

	db_role_add(f->db, f->admin_b, f->scheme_a, "mentor", T0);
	assert_int_equal(app_people_edit_form(f->db, f->a, &f->admin_a_me, f->admin_b, &pf),
	    ERR_OK);
	assert_false(pf.can_edit_names);
	assert_false(pf.can_edit_sign_in);
	assert_int_equal(app_people_edit_form(f->db, f->a, &f->admin_a_me, f->loner, &pf),
	    ERR_OK);
	assert_true(pf.can_edit_names);
	assert_true(pf.can_edit_sign_in);

	static const struct {
		const char *field, *value;
	} cases[] = {
		{"email", "x@attacker.example"},
		{"username", "admin.b2"},
		{"given_name", "Mallory"},
		{"family_name", "Mallory"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		e = same_details(f, f->admin_b);
		if (strcmp(cases[i].field, "email") == 0)
			e.email = cases[i].value;
		else if (strcmp(cases[i].field, "username") == 0)
			e.username = cases[i].value;
		else if (strcmp(cases[i].field, "given_name") == 0)
			e.given_name = cases[i].value;
		else
			e.family_name = cases[i].value;
		ps.n = 0;
		assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->admin_b, &e,
		    "", &ps), ERR_BAD_INPUT);
		assert_true(has_problem(&ps, cases[i].field, "Only a site administrator"));
	}
	assert_int_equal(db_user_get(f->db, f->a, f->admin_b, &u), ERR_OK);
	assert_string_equal(u.email, "admin.b@example.nhs.uk");
	assert_string_equal(u.username, "admin.b");
	assert_int_equal(testpeople_mails_to(f->db, f->a, "admin.b", NULL), 0);

	/* their roles in A stay admin A's to change, details as they are */
	static const char *const both[] = {"1:mentor", "1:mentee"};
	e = same_details(f, f->admin_b);
	e.set_roles = true;
	e.roles = both;
	e.nroles = 2;
	ps.n = 0;
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->admin_b, &e, "",
	    &ps), ERR_OK);

	/* a fellow administrator of A only: the name yes, the email no */
	int64_t co = make_user(f->db, "co.admin");
	db_role_add(f->db, co, f->scheme_a, "scheme_admin", T0);
	e = same_details(f, co);
	e.given_name = "Corinne";
	ps.n = 0;
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, co, &e, "", &ps),
	    ERR_OK);
	e.email = "corinne@attacker.example";
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, co, &e, "", &ps),
	    ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "email", "Only a site administrator"));
	/* nor their own (a site administrator does it) */
	e = same_details(f, f->admin_a);
	e.email = "me@elsewhere.example";
	ps.n = 0;
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->admin_a, &e, "",
	    &ps), ERR_BAD_INPUT);

	/* a site administrator may */
	struct app_auth site = f->admin_a_me;
	site.is_site_admin = true;
	e = same_details(f, f->admin_b);
	e.email = "admin.b.new@example.nhs.uk";
	ps.n = 0;
	assert_int_equal(app_people_edit(f->db, f->a, &site, f->admin_b, &e, "", &ps),
	    ERR_OK);
	assert_int_equal(db_user_get(f->db, f->a, f->admin_b, &u), ERR_OK);
	assert_string_equal(u.email, "admin.b.new@example.nhs.uk");
	/* the old address is told, once the notice kind exists (app/notify.c) */
	bool registered = false;
	for (size_t i = 0; i < app_notice_nkinds; i++)
		registered |= strcmp(app_notice_kinds[i].kind, "account.email_changed") == 0;
	assert_int_equal(testpeople_mails_to(f->db, f->a, "admin.b", "email address"),
	    registered ? 1 : 0);
}

/* The schemes of the audit rows "account.edit" about a person, in order. */
static size_t
edit_rows(struct fixture *f, int64_t user_id, int64_t *schemes, size_t max)
{
	sqlite3_stmt *s;
	size_t n = 0;
	assert_int_equal(sqlite3_prepare_v2(f->db->conn, "SELECT coalesce(scheme_id, 0) "
	    "FROM audit_log WHERE action = 'account.edit' AND subject = ?1 ORDER BY id",
	    -1, &s, NULL), SQLITE_OK);
	char subject[32];
	snprintf(subject, sizeof(subject), "user:%lld", (long long)user_id);
	sqlite3_bind_text(s, 1, subject, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(s) == SQLITE_ROW && n < max)
		schemes[n++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* H4: a site administrator's edit of someone only in B is audited under
 * B (not A, the first scheme the editor manages); someone in A and B
 * under both; the site administrator flag under no scheme. */
static void
test_edit_audit_h4(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_auth site = f->admin_a_me;
	site.is_site_admin = true;
	int64_t rows[8];

	int64_t b_only = make_user(f->db, "b.only");
	db_role_add(f->db, b_only, f->scheme_b, "mentee", T0);
	struct app_person_edit e = same_details(f, b_only);
	e.given_name = "Bea";
	assert_int_equal(app_people_edit(f->db, f->a, &site, b_only, &e, "", &ps), ERR_OK);
	assert_int_equal(edit_rows(f, b_only, rows, 8), 1);
	assert_int_equal(rows[0], f->scheme_b);

	/* in both: a row each; a role change only in its own scheme's row */
	db_role_add(f->db, b_only, f->scheme_a, "mentor", T0);
	static const char *const roles[] = {"1:mentor", "1:mentee", "2:mentee"};
	e = same_details(f, b_only);
	e.family_name = "Both";
	e.set_roles = true;
	e.roles = roles;
	e.nroles = 3;
	assert_int_equal(app_people_edit(f->db, f->a, &site, b_only, &e, "", &ps), ERR_OK);
	assert_int_equal(edit_rows(f, b_only, rows, 8), 3);
	assert_int_equal(rows[1] + rows[2], f->scheme_a + f->scheme_b);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(f->db->conn, "SELECT count(*) FROM audit_log "
	    "WHERE action = 'account.edit' AND scheme_id = ?1 AND detail LIKE '%role added%'",
	    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, f->scheme_b);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(s, 0), 0);
	sqlite3_finalize(s);

	/* the site administrator flag: no scheme */
	e = same_details(f, b_only);
	e.is_site_admin = true;
	assert_int_equal(app_people_edit(f->db, f->a, &site, b_only, &e, "", &ps), ERR_OK);
	assert_int_equal(edit_rows(f, b_only, rows, 8), 4);
	assert_int_equal(rows[3], 0);

	/* deactivating someone of A and B: under both */
	int64_t two = make_user(f->db, "two.schemes");
	db_role_add(f->db, two, f->scheme_a, "mentee", T0);
	db_role_add(f->db, two, f->scheme_b, "mentee", T0);
	struct db_people_rel *live;
	size_t nlive;
	assert_int_equal(app_people_deactivate(f->db, f->a, &site, two, "Left", "", &ps,
	    &live, &nlive), ERR_OK);
	assert_int_equal(sqlite3_prepare_v2(f->db->conn, "SELECT count(DISTINCT scheme_id) "
	    "FROM audit_log WHERE action = 'account.deactivate' AND subject = ?1", -1, &s,
	    NULL), SQLITE_OK);
	char subject[32];
	snprintf(subject, sizeof(subject), "user:%lld", (long long)two);
	sqlite3_bind_text(s, 1, subject, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(s, 0), 2);
	sqlite3_finalize(s);
}

/* L3: admin A cannot sign out admin B (a mentor in A); a person only in
 * A, yes; a site administrator, anyone. */
static void
test_end_sessions_l3(void **state)
{
	struct fixture *f = *state;
	struct app_auth site = f->admin_a_me;
	site.is_site_admin = true;

	db_role_add(f->db, f->admin_b, f->scheme_a, "mentor", T0);
	assert_int_equal(app_end_sessions(f->db, &f->admin_a_me, f->admin_b, ""),
	    ERR_FORBIDDEN);
	assert_int_equal(app_end_sessions(f->db, &f->admin_b_me, f->loner, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(app_end_sessions(f->db, &f->admin_a_me, f->loner, ""), ERR_OK);
	assert_int_equal(app_end_sessions(f->db, &site, f->admin_b, ""), ERR_OK);
}

/* L2: an email in use outside the caller's schemes names no one. */
static void
test_email_in_use_l2(void **state)
{
	struct fixture *f = *state;
	struct app_import im;
	struct app_problems ps = {0};

	assert_int_equal(app_people_import_check(f->db, f->a, &f->admin_b_me, f->scheme_b,
	    "username,email,given_name,family_name,role\n"
	    "new.one,loner.one@example.nhs.uk,New,One,mentee\n", &im), ERR_OK);
	assert_int_equal(im.nbad, 1);
	assert_null(strstr(im.rows[0].problem, "used by"));   /* nobody named */
	assert_null(strstr(im.rows[0].problem, "in Tandem"));
	assert_non_null(strstr(im.rows[0].problem, "cannot be used"));
	assert_non_null(strstr(im.rows[0].problem, "site administrator"));
	/* the edit form: admin A gives loner admin B's address */
	struct app_person_edit e = same_details(f, f->loner);
	e.email = "ADMIN.B@example.nhs.uk";
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->loner, &e, "",
	    &ps), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "email", "cannot be used"));
	assert_false(has_problem(&ps, "email", "admin.b"));
	/* in A: named */
	e.email = "mentor.one@example.nhs.uk";
	ps.n = 0;
	assert_int_equal(app_people_edit(f->db, f->a, &f->admin_a_me, f->loner, &e, "",
	    &ps), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "email", "already used by mentor.one"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_not_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_digest_keyed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_may_change_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_scheme_404, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deactivate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_rights_h1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_audit_h4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_sessions_l3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_in_use_l2, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
