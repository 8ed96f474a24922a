/*
 * test_cohorts.c - cohorts (issue 10): the field rules, who may see and
 * change a cohort (another scheme's administrator and participants:
 * ERR_NOT_FOUND), adding people (only the scheme's active participants),
 * and the CSV import: the dry run names every bad row with its line and
 * writes nothing; the import re-checks, refuses a changed text, and
 * writes every row or none.
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
#include "app/cohorts.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure rules ---- */

static void
test_cohort_check(void **state)
{
	(void)state;
	static const struct {
		const char *name, *starts, *ends, *field;
	} cases[] = {
		{"Autumn", "", "", NULL},
		{"Autumn", "2026-09-01", "2027-08-31", NULL},
		{"Autumn", "2026-09-01", "2026-09-01", NULL},
		{"", "", "", "name"},
		{"Autumn", "2026-02-30", "", "starts_on"},
		{"Autumn", "", "2026-13-01", "ends_on"},
		{"Autumn", "2026-09-01", "2026-08-31", "ends_on"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		struct app_cohort_in in = {.name = cases[i].name, .description = "",
			.starts_on = cases[i].starts, .ends_on = cases[i].ends};
		bool ok = app_cohort_check(&in, &ps);
		assert_int_equal(ok, cases[i].field == NULL);
		if (cases[i].field != NULL)
			assert_string_equal(ps.p[0].field, cases[i].field);
	}
	char longname[102];
	memset(longname, 'x', 101);
	longname[101] = '\0';
	struct app_problems ps = {0};
	assert_false(app_cohort_check(&(struct app_cohort_in){.name = longname}, &ps));
	/* 100 characters counted as characters, not bytes */
	char accents[201];
	for (size_t i = 0; i < 100; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 2);
	accents[200] = '\0';
	ps.n = 0;
	assert_true(app_cohort_check(&(struct app_cohort_in){.name = accents}, &ps));
	assert_string_equal(app_cohort_roles_words("mentee,mentor"), "Mentor and mentee");
	assert_string_equal(app_cohort_roles_words("mentor"), "Mentor");
	assert_string_equal(app_cohort_roles_words("mentee"), "Mentee");
}

/* ---- with a database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t admin_a, admin_b, mentor1, mentee1, mentee2, pending, outsider;
	struct app_view v_admin_a[1], v_admin_b[1], v_mentor1[1];
	struct app_auth admin_a_me, admin_b_me, mentor1_me;
};

static int64_t
make_user(struct db *db, const char *username, const char *family, const char *status)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = "Given",
		.family_name = family, .password_hash = "$argon2id$placeholder",
		.status = status, .created_at = T0,
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
	return (struct app_auth){.user_id = id, .username = "someone",
		.display_name = "Given Family", .email = "x@example.nhs.uk", .views = v,
		.nviews = 1, .active = v};
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("cohorts", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a", "Adams", "active");
	f->admin_b = make_user(f->db, "admin.b", "Baker", "active");
	f->mentor1 = make_user(f->db, "mentor.one", "Cole", "active");
	f->mentee1 = make_user(f->db, "mentee.one", "Evans", "active");
	f->mentee2 = make_user(f->db, "mentee.two", "Ford", "active");
	f->pending = make_user(f->db, "pending.one", "Grant", "pending");
	f->outsider = make_user(f->db, "outsider", "Hale", "active");
	db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0);
	db_role_add(f->db, f->admin_b, f->scheme_b, "scheme_admin", T0);
	db_role_add(f->db, f->mentor1, f->scheme_a, "mentor", T0);
	db_role_add(f->db, f->mentor1, f->scheme_a, "mentee", T0);
	db_role_add(f->db, f->mentee1, f->scheme_a, "mentee", T0);
	db_role_add(f->db, f->mentee2, f->scheme_a, "mentee", T0);
	db_role_add(f->db, f->pending, f->scheme_a, "mentee", T0);
	db_role_add(f->db, f->outsider, f->scheme_b, "mentee", T0);
	f->admin_a_me = auth_for(f->admin_a, f->v_admin_a, f->scheme_a, "scheme_admin");
	f->admin_b_me = auth_for(f->admin_b, f->v_admin_b, f->scheme_b, "scheme_admin");
	f->mentor1_me = auth_for(f->mentor1, f->v_mentor1, f->scheme_a, "mentor");
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

static int64_t
make_cohort(struct fixture *f, const char *name)
{
	struct app_problems ps = {0};
	int64_t id = 0;
	struct app_cohort_in in = {.name = name, .description = "", .starts_on = "2026-09-01",
		.ends_on = ""};
	assert_int_equal(app_cohort_create(f->db, f->a, &f->admin_a_me, f->scheme_a, &in, "",
	    &ps, &id), ERR_OK);
	return id;
}

static size_t
nmembers(struct fixture *f, int64_t id)
{
	struct db_cohort_person *p;
	size_t n = 0;
	assert_int_equal(app_cohort_members(f->db, f->a, &f->admin_a_me, id, 0, &p, &n), ERR_OK);
	return n;
}

static void
test_cohort_access(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_cohort(f, "Autumn");
	struct db_cohort c;
	struct db_cohort *list;
	size_t n;
	struct app_problems ps = {0};
	struct app_cohort_in in = {.name = "Renamed", .description = "", .starts_on = "",
		.ends_on = ""};
	int64_t people[] = {f->mentee1};
	size_t added;
	struct app_cohort_import im;

	assert_int_equal(app_cohort_get(f->db, f->a, &f->admin_a_me, id, &c), ERR_OK);
	assert_string_equal(c.name, "Autumn");
	/* the same name in any case is taken; in another scheme it is not */
	int64_t other = 0;
	assert_int_equal(app_cohort_create(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    &(struct app_cohort_in){.name = "AUTUMN"}, "", &ps, &other), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "name");
	assert_int_equal(app_cohort_create(f->db, f->a, &f->admin_b_me, f->scheme_b,
	    &(struct app_cohort_in){.name = "Autumn"}, "", &ps, &other), ERR_OK);

	/* another scheme's administrator and a participant: not found, on
	 * everything */
	const struct app_auth *nobody[] = {&f->admin_b_me, &f->mentor1_me, NULL};
	for (size_t i = 0; i < 3; i++) {
		const struct app_auth *me = nobody[i];
		assert_int_equal(app_cohort_get(f->db, f->a, me, id, &c), ERR_NOT_FOUND);
		assert_int_equal(app_cohorts_list(f->db, f->a, me, f->scheme_a, &list, &n),
		    ERR_NOT_FOUND);
		assert_int_equal(app_cohort_create(f->db, f->a, me, f->scheme_a, &in, "", &ps,
		    &other), ERR_NOT_FOUND);
		assert_int_equal(app_cohort_update(f->db, f->a, me, id, &in, "", &ps),
		    ERR_NOT_FOUND);
		assert_int_equal(app_cohort_add_people(f->db, f->a, me, id, people, 1, "", &ps,
		    &added), ERR_NOT_FOUND);
		assert_int_equal(app_cohort_import(f->db, f->a, me, id, "username\nmentee.one\n",
		    21, false, "", "", &im), ERR_NOT_FOUND);
		assert_int_equal(app_cohort_remove_person(f->db, f->a, me, id, f->mentee1, ""),
		    ERR_NOT_FOUND);
		assert_int_equal(app_cohort_delete(f->db, f->a, me, id, ""), ERR_NOT_FOUND);
	}
	assert_int_equal(nmembers(f, id), 0);
	assert_int_equal(app_cohort_get(f->db, f->a, &f->admin_a_me, id, &c), ERR_OK);
	assert_string_equal(c.name, "Autumn");
}

static void
test_cohort_add_people(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_cohort(f, "Autumn");
	struct app_problems ps = {0};
	size_t added = 0;
	struct db_cohort_person *cand;
	size_t ncand;
	int64_t total;

	/* candidates: active participants of the scheme only */
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "", &cand,
	    &ncand, &total), ERR_OK);
	assert_int_equal(ncand, 3);     /* mentor.one, mentee.one, mentee.two */
	assert_int_equal(total, 3);
	assert_string_equal(app_cohort_roles_words(cand[0].roles), "Mentor and mentee");
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "TWO", &cand,
	    &ncand, &total), ERR_OK);
	assert_int_equal(ncand, 1);
	assert_int_equal(total, 1);
	assert_int_equal(cand[0].user_id, f->mentee2);
	/* by name and email too; LIKE's own wildcards are only characters */
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "given ford",
	    &cand, &ncand, &total), ERR_OK);
	assert_int_equal(ncand, 1);
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "ONE@EXAMPLE",
	    &cand, &ncand, &total), ERR_OK);
	assert_int_equal(ncand, 2);     /* mentor.one, mentee.one */
	static const char *const wild[] = {"%", "_", "mentee_one", "\\"};
	for (size_t i = 0; i < sizeof(wild) / sizeof(wild[0]); i++) {
		assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, wild[i],
		    &cand, &ncand, &total), ERR_OK);
		assert_int_equal(ncand, 0);
	}

	/* someone pending, from another scheme, or the administrator: refused,
	 * and nothing written (all or nothing) */
	int64_t bad[][2] = {{f->mentee1, f->pending}, {f->mentee1, f->outsider},
		{f->mentee1, f->admin_a}};
	for (size_t i = 0; i < 3; i++) {
		ps.n = 0;
		assert_int_equal(app_cohort_add_people(f->db, f->a, &f->admin_a_me, id, bad[i], 2,
		    "", &ps, &added), ERR_BAD_INPUT);
		assert_string_equal(ps.p[0].field, "people");
		assert_int_equal(nmembers(f, id), 0);
	}
	ps.n = 0;
	assert_int_equal(app_cohort_add_people(f->db, f->a, &f->admin_a_me, id, NULL, 0, "",
	    &ps, &added), ERR_BAD_INPUT);
	int64_t good[] = {f->mentee1, f->mentor1};
	assert_int_equal(app_cohort_add_people(f->db, f->a, &f->admin_a_me, id, good, 2, "",
	    &ps, &added), ERR_OK);
	assert_int_equal(added, 2);
	assert_int_equal(nmembers(f, id), 2);
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "", &cand,
	    &ncand, &total), ERR_OK);
	assert_int_equal(ncand, 1);
	/* picked again: already in, nothing new, no problem */
	assert_int_equal(app_cohort_add_people(f->db, f->a, &f->admin_a_me, id, good, 2, "",
	    &ps, &added), ERR_OK);
	assert_int_equal(added, 0);
	/* remove, then remove again: not found */
	assert_int_equal(app_cohort_remove_person(f->db, f->a, &f->admin_a_me, id, f->mentee1,
	    ""), ERR_OK);
	assert_int_equal(app_cohort_remove_person(f->db, f->a, &f->admin_a_me, id, f->mentee1,
	    ""), ERR_NOT_FOUND);
	/* delete unlinks the members; the people stay */
	assert_int_equal(app_cohort_delete(f->db, f->a, &f->admin_a_me, id, ""), ERR_OK);
	struct db_cohort c;
	assert_int_equal(app_cohort_get(f->db, f->a, &f->admin_a_me, id, &c), ERR_NOT_FOUND);
}

static const char *
problem_of(const struct app_cohort_import *im, size_t line)
{
	for (size_t i = 0; i < im->nrows; i++)
		if (im->rows[i].line == line)
			return im->rows[i].problem ? im->rows[i].problem : "";
	return "(no row)";
}

/* CSV import dry run catches each bad row and writes nothing. */
static void
test_cohort_import_dry_run(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_cohort(f, "Autumn");
	struct app_problems ps = {0};
	size_t added;
	int64_t first[] = {f->mentee2};
	assert_int_equal(app_cohort_add_people(f->db, f->a, &f->admin_a_me, id, first, 1, "",
	    &ps, &added), ERR_OK);

	const char *csv =
	    "\xef\xbb\xbfName,EMAIL,Team\r\n"                   /* 1: header, BOM */
	    "One,mentee.one@example.nhs.uk,A\r\n"               /* 2: fine */
	    "X,nobody@example.nhs.uk,B\r\n"                     /* 3: no one */
	    "Two,mentee.two@example.nhs.uk,C\r\n"               /* 4: already in */
	    "One again,MENTEE.ONE@example.nhs.uk,D\r\n"         /* 5: same as 2 */
	    "P,pending.one@example.nhs.uk,E\r\n"                /* 6: pending */
	    ",,\r\n"                                            /* 7: empty */
	    "O,outsider@example.nhs.uk,F\r\n"                   /* 8: other scheme */
	    "\"Cole, M\",mentor.one@example.nhs.uk,G\r\n"       /* 9: fine */
	    "Q,,H\r\n";                                          /* 10: no email */
	struct app_cohort_import im;
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    true, "", "", &im), ERR_OK);
	assert_null(im.file_problem);
	assert_string_equal(im.column, "email");
	assert_string_equal(im.ignored, "Name, Team");
	assert_int_equal(im.nrows, 9);
	assert_int_equal(im.nadd, 2);
	assert_int_equal(im.nproblems, 7);
	assert_string_equal(problem_of(&im, 2), "");
	assert_string_equal(problem_of(&im, 3),
	    "no one in this scheme has the email nobody@example.nhs.uk");
	assert_string_equal(problem_of(&im, 4), "mentee.two is already in this cohort");
	assert_string_equal(problem_of(&im, 5), "the same person as line 2");
	assert_string_equal(problem_of(&im, 6), "pending.one has not been approved yet");
	assert_string_equal(problem_of(&im, 7), "the row is empty");
	assert_string_equal(problem_of(&im, 8),
	    "no one in this scheme has the email outsider@example.nhs.uk");
	assert_string_equal(problem_of(&im, 9), "");
	assert_string_equal(problem_of(&im, 10), "the email is empty");
	assert_false(im.is_written);
	assert_int_equal(nmembers(f, id), 1);           /* the dry run wrote nothing */

	/* importing it anyway: refused, nothing written */
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    false, im.hash, "", &im), ERR_BAD_INPUT);
	assert_false(im.is_written);
	assert_int_equal(nmembers(f, id), 1);

	/* files that cannot be read */
	static const struct { const char *text; size_t len; const char *starts; } bad[] = {
		{"", 0, "The file is empty"},
		{"name,team\nx,y\n", 14, "The first row must name the columns"},
		{"username\n\"open\n", 15, "The file could not be read as CSV: check the quotes on line"},
		{"username\nab\0cd\n", 15, "The file must be a CSV file"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, bad[i].text,
		    bad[i].len, true, "", "", &im), ERR_OK);
		assert_non_null(im.file_problem);
		assert_memory_equal(im.file_problem, bad[i].starts, strlen(bad[i].starts));
		assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, bad[i].text,
		    bad[i].len, false, "", "", &im), ERR_BAD_INPUT);
	}
	assert_int_equal(nmembers(f, id), 1);
}

static void
test_cohort_import_writes_all(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_cohort(f, "Autumn");
	const char *csv = "Username\nmentee.one\nMENTOR.ONE\n";
	struct app_cohort_import im;
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    true, "", "", &im), ERR_OK);
	assert_int_equal(im.nadd, 2);
	char hash[65];
	memcpy(hash, im.hash, sizeof(hash));
	/* the same text with CRLF line ends (as a browser sends it) has the same
	 * hash; another text does not */
	const char *crlf = "Username\r\nmentee.one\r\nMENTOR.ONE\r\n";
	const char *more = "Username\nmentee.one\nMENTOR.ONE\nmentee.two\n";
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, more, strlen(more),
	    false, hash, "", &im), ERR_BAD_INPUT);
	assert_string_equal(im.file_problem, "The file changed since it was checked: check it "
	    "again");
	assert_int_equal(nmembers(f, id), 0);
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, crlf, strlen(crlf),
	    false, hash, "", &im), ERR_OK);
	assert_true(im.is_written);
	assert_int_equal(nmembers(f, id), 2);
	/* the same file again: everyone is already in, so nothing is written */
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    false, hash, "", &im), ERR_BAD_INPUT);
	assert_int_equal(im.nproblems, 2);
}

/* M3: a big scheme.  The cohort page shows at most
 * APP_COHORT_CANDIDATES_SHOWN candidates and says how many there are;
 * members come a page at a time; an import of many rows matches each by
 * an indexed lookup (a person added between the check and the confirm
 * is no problem; one deactivated meanwhile stops the import). */
static void
test_cohort_big_scheme(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_cohort(f, "Autumn");
	enum { N = 260 };
	char name[32];
	struct buf csv;
	buf_init(&csv, 64 * 1024);
	buf_printf(&csv, "username\n");
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "big.%03d", i);
		int64_t u = make_user(f->db, name, "Zed", "active");
		db_role_add(f->db, u, f->scheme_a, "mentee", T0);
		buf_printf(&csv, "%s\n", name);
	}
	struct db_cohort_person *cand;
	size_t ncand;
	int64_t total;
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "", &cand,
	    &ncand, &total), ERR_OK);
	assert_int_equal(ncand, APP_COHORT_CANDIDATES_SHOWN);
	assert_int_equal(total, N + 3);
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "big.01", &cand,
	    &ncand, &total), ERR_OK);
	assert_int_equal(ncand, 10);
	assert_int_equal(total, 10);

	struct app_cohort_import im;
	char hash[65];
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, buf_str(&csv),
	    csv.len, true, "", "", &im), ERR_OK);
	assert_int_equal(im.nadd, N);
	memcpy(hash, im.hash, sizeof(hash));
	/* someone adds big.000 meanwhile, and big.001 is deactivated: the
	 * confirm checks again, names both rows and writes nothing */
	struct app_problems ps = {0};
	size_t added;
	int64_t first = 0;
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "big.000",
	    &cand, &ncand, &total), ERR_OK);
	first = cand[0].user_id;
	assert_int_equal(app_cohort_add_people(f->db, f->a, &f->admin_a_me, id, &first, 1, "",
	    &ps, &added), ERR_OK);
	assert_int_equal(app_cohort_candidates(f->db, f->a, &f->admin_a_me, id, "big.001",
	    &cand, &ncand, &total), ERR_OK);
	int64_t gone = cand[0].user_id;
	assert_int_equal(db_user_set_status(f->db, gone, "deactivated", "", T0), ERR_OK);
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, buf_str(&csv),
	    csv.len, false, hash, "", &im), ERR_BAD_INPUT);
	assert_false(im.is_written);
	assert_string_equal(problem_of(&im, 2), "big.000 is already in this cohort");
	assert_string_equal(problem_of(&im, 3), "big.001's account is not active");
	assert_int_equal(nmembers(f, id), 1);
	/* and should that happen between the confirm's check and its write,
	 * the write itself refuses them */
	bool is_new = true;
	assert_int_equal(db_cohort_member_add_active(f->db, id, f->scheme_a, gone,
	    f->admin_a, T0, &is_new), ERR_OK);
	assert_false(is_new);
	assert_int_equal(db_cohort_member_add_active(f->db, id, f->scheme_b, first,
	    f->admin_a, T0, &is_new), ERR_OK);
	assert_false(is_new);           /* not a participant of that scheme */
	assert_int_equal(nmembers(f, id), 1);
	assert_int_equal(app_cohort_remove_person(f->db, f->a, &f->admin_a_me, id, first, ""),
	    ERR_OK);
	assert_int_equal(db_user_set_status(f->db, gone, "active", "", T0), ERR_OK);
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, buf_str(&csv),
	    csv.len, false, hash, "", &im), ERR_OK);
	assert_true(im.is_written);
	assert_int_equal(nmembers(f, id), N);
	/* members a page at a time */
	struct db_cohort_person *mem;
	size_t nmem;
	assert_int_equal(app_cohort_members(f->db, f->a, &f->admin_a_me, id, 1, &mem, &nmem),
	    ERR_OK);
	assert_int_equal(nmem, APP_COHORT_MEMBERS_PAGE);
	assert_int_equal(app_cohort_members(f->db, f->a, &f->admin_a_me, id, 2, &mem, &nmem),
	    ERR_OK);
	assert_int_equal(nmem, N - APP_COHORT_MEMBERS_PAGE);
	buf_free(&csv);
}

/* L1: the import's digest is keyed for the administrator and the cohort,
 * and importing needs one (the API too). */
static void
test_cohort_import_digest(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_cohort(f, "Autumn");
	int64_t other = make_cohort(f, "Winter");
	const char *csv = "username\nmentee.one\n";
	struct app_cohort_import im;
	char hash[65], plain[65];

	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    true, "", "", &im), ERR_OK);
	memcpy(hash, im.hash, sizeof(hash));
	/* not the unkeyed hash of the text, which anyone could work out */
	crypto_hash_hex(csv, strlen(csv), plain);
	assert_string_not_equal(hash, plain);
	/* no hash: check the file first */
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    false, "", "", &im), ERR_BAD_INPUT);
	assert_non_null(strstr(im.file_problem, "Check the file first"));
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    false, NULL, "", &im), ERR_BAD_INPUT);
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    false, plain, "", &im), ERR_BAD_INPUT);
	/* the digest for one cohort does not import into another */
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, other, csv,
	    strlen(csv), false, hash, "", &im), ERR_BAD_INPUT);
	assert_non_null(strstr(im.file_problem, "changed since it was checked"));
	/* nor for another administrator of the same scheme */
	struct app_view v2[1];
	int64_t admin2 = make_user(f->db, "admin.two", "Adams", "active");
	db_role_add(f->db, admin2, f->scheme_a, "scheme_admin", T0);
	struct app_auth admin2_me = auth_for(admin2, v2, f->scheme_a, "scheme_admin");
	assert_int_equal(app_cohort_import(f->db, f->a, &admin2_me, id, csv, strlen(csv),
	    false, hash, "", &im), ERR_BAD_INPUT);
	assert_int_equal(nmembers(f, id), 0);
	assert_int_equal(nmembers(f, other), 0);
	/* the administrator who checked it, for the cohort checked: written */
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, csv, strlen(csv),
	    false, hash, "", &im), ERR_OK);
	assert_int_equal(nmembers(f, id), 1);
}

/* L4: a file that is not UTF-8 is refused with the line and what to do. */
static void
test_cohort_import_not_utf8(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_cohort(f, "Autumn");
	struct app_cohort_import im;
	static const struct { const char *text; const char *line; } cases[] = {
		{"username\n\xff\xfe" "abc\n", "line 2"},
		{"\xff\xfeu\0s\0e\0r\0", "line 1"},            /* UTF-16 */
		{"username\nmentee.one\nRen\xe9\n", "line 3"},   /* Windows-1252 */
	};
	static const size_t lens[] = {15, 10, 25};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, cases[i].text,
		    lens[i], true, "", "", &im), ERR_OK);
		assert_non_null(im.file_problem);
		assert_non_null(strstr(im.file_problem, "This file is not saved as UTF-8"));
		assert_non_null(strstr(im.file_problem, cases[i].line));
		assert_non_null(strstr(im.file_problem, "CSV UTF-8"));
		assert_int_equal(im.nrows, 0);
	}
	/* UTF-8 names are fine */
	const char *ok = "username,name\nmentee.one,Ren\xc3\xa9" "e\n";
	assert_int_equal(app_cohort_import(f->db, f->a, &f->admin_a_me, id, ok, strlen(ok),
	    true, "", "", &im), ERR_OK);
	assert_null(im.file_problem);
	assert_int_equal(im.nadd, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cohort_check),
		cmocka_unit_test_setup_teardown(test_cohort_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort_add_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort_import_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort_import_writes_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort_big_scheme, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort_import_digest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort_import_not_utf8, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
