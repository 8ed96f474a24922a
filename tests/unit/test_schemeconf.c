/*
 * test_schemeconf.c - app/schemeconf.c: the scheme administrator's
 * settings for profiles and matching.  The pure rules first (choices,
 * coordinates, numbers, kind changes, the field and matching checks,
 * which required keys belong to which role), then the database side:
 * who may manage a scheme (another scheme's administrator, a mentee:
 * ERR_NOT_FOUND; a site administrator: yes), ids of another scheme or
 * list, duplicate labels, moving, a rename carried into profiles, and a
 * kind change refused once answers exist.
 *
 * Each database test gets a fresh database with schemes A and B, an
 * administrator of each, a site administrator and a member of A, written
 * with db_user_create (no argon2id).  Time is pinned with clock_set.
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

#include "app/match.h"
#include "app/schemeconf.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db.h"
#include "db/profiles.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure rules ---- */

static void
test_coordinates(void **state)
{
	(void)state;
	bool present;
	double v = 0;

	assert_int_equal(app_sc_parse_coordinate("", -90, 90, &present, &v), ERR_OK);
	assert_false(present);
	assert_int_equal(app_sc_parse_coordinate("53.4808", -90, 90, &present, &v), ERR_OK);
	assert_true(present);
	assert_true(v > 53.48 && v < 53.49);
	assert_int_equal(app_sc_parse_coordinate("-2.2426", -180, 180, &present, &v), ERR_OK);
	assert_true(v < -2.24 && v > -2.25);
	assert_int_equal(app_sc_parse_coordinate("90", -90, 90, &present, &v), ERR_OK);
	assert_int_equal(app_sc_parse_coordinate("+0.5", -90, 90, &present, &v), ERR_OK);
	assert_int_equal(app_sc_parse_coordinate(".5", -90, 90, &present, &v), ERR_OK);
	static const char *const bad[] = {"90.0001", "-91", "abc", "1e2", "nan", "inf",
		"0x10", "1.2.3", "-", ".", " 1", "1 ", "1,5", "12345678901234567890123",
		NULL};
	for (size_t i = 0; bad[i] != NULL; i++)
		assert_int_equal(app_sc_parse_coordinate(bad[i], -90, 90, &present, &v),
		    ERR_BAD_INPUT);
	assert_int_equal(app_sc_parse_coordinate("-180", -180, 180, &present, &v), ERR_OK);
	assert_int_equal(app_sc_parse_coordinate("180.5", -180, 180, &present, &v),
	    ERR_BAD_INPUT);
}

static void
test_choices(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	const char **list, *text, *problem;
	size_t n;

	assert_int_equal(app_sc_parse_choices(a, " Yes \r\n\n No\r\nMaybe\n", &list, &n,
	    &text, &problem), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0], "Yes");
	assert_string_equal(list[2], "Maybe");
	assert_string_equal(text, "Yes\nNo\nMaybe");

	assert_int_equal(app_sc_parse_choices(a, "", &list, &n, &text, &problem),
	    ERR_BAD_INPUT);
	assert_non_null(strstr(problem, "Enter the choices"));
	assert_int_equal(app_sc_parse_choices(a, "Only\n\n", &list, &n, &text, &problem),
	    ERR_BAD_INPUT);
	assert_non_null(strstr(problem, "at least 2"));
	assert_int_equal(app_sc_parse_choices(a, "Days\nNights\ndays", &list, &n, &text,
	    &problem), ERR_BAD_INPUT);
	assert_non_null(strstr(problem, "more than once"));

	char big[51 * 8];
	size_t len = 0;
	for (int i = 0; i < 51; i++)
		len += (size_t)snprintf(big + len, sizeof(big) - len, "c%02d\n", i);
	assert_int_equal(app_sc_parse_choices(a, big, &list, &n, &text, &problem),
	    ERR_BAD_INPUT);
	assert_non_null(strstr(problem, "no more than 50"));
	big[50 * 4] = '\0';   /* exactly 50 */
	assert_int_equal(app_sc_parse_choices(a, big, &list, &n, &text, &problem), ERR_OK);
	assert_int_equal(n, 50);

	char longc[120];
	memset(longc, 'x', 101);
	memcpy(longc + 101, "\nshort", 7);
	assert_int_equal(app_sc_parse_choices(a, longc, &list, &n, &text, &problem),
	    ERR_BAD_INPUT);
	assert_non_null(strstr(problem, "100 characters"));
	arena_free(a);
}

static void
test_numbers_and_kinds(void **state)
{
	(void)state;
	int64_t v;

	assert_int_equal(app_sc_parse_int("0", 0, 100, &v), ERR_OK);
	assert_int_equal(app_sc_parse_int("-100", -100, 100, &v), ERR_OK);
	assert_int_equal(v, -100);
	assert_int_equal(app_sc_parse_int("101", 0, 100, &v), ERR_BAD_INPUT);
	assert_int_equal(app_sc_parse_int("", 0, 100, &v), ERR_BAD_INPUT);
	assert_int_equal(app_sc_parse_int("5.5", 0, 100, &v), ERR_BAD_INPUT);
	assert_int_equal(app_sc_parse_int("ten", 0, 100, &v), ERR_BAD_INPUT);

	assert_true(app_sc_kind_change_ok("choice", "number", false));
	assert_true(app_sc_kind_change_ok("choice", "choice", true));
	assert_true(app_sc_kind_change_ok("text", "long_text", true));
	assert_true(app_sc_kind_change_ok("long_text", "text", true));
	assert_false(app_sc_kind_change_ok("text", "choice", true));
	assert_false(app_sc_kind_change_ok("multi", "choice", true));
	assert_false(app_sc_kind_change_ok("date", "text", true));
}

static bool
has_problem(const struct app_problems *ps, const char *field)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].field, field) == 0)
			return true;
	return false;
}

static void
test_field_check(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	const char *choices;
	struct app_problems ps = {0};
	struct app_sc_field_in in = {"Place of work", "", "text", "", "public", "both", true};

	assert_int_equal(app_sc_field_check(a, &in, &choices, &ps), ERR_OK);
	assert_string_equal(choices, "");

	in.kind = "multi";
	in.choices = "A\nB";
	assert_int_equal(app_sc_field_check(a, &in, &choices, &ps), ERR_OK);
	assert_string_equal(choices, "A\nB");

	in.choices = "";
	assert_int_equal(app_sc_field_check(a, &in, &choices, &ps), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "choices"));

	struct app_problems ps2 = {0};
	struct app_sc_field_in bad = {"", "", "colour", "", "secret", "all", false};
	assert_int_equal(app_sc_field_check(a, &bad, &choices, &ps2), ERR_BAD_INPUT);
	assert_true(has_problem(&ps2, "label"));
	assert_true(has_problem(&ps2, "kind"));
	assert_true(has_problem(&ps2, "visibility"));
	assert_true(has_problem(&ps2, "applies_to"));

	struct app_problems ps3 = {0};
	struct app_sc_field_in eq = {"Gender", "", "text", "", "equality", "both", true};
	assert_int_equal(app_sc_field_check(a, &eq, &choices, &ps3), ERR_BAD_INPUT);
	assert_true(has_problem(&ps3, "is_required"));
	arena_free(a);
}

static void
test_matching_check(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	const char *mentor[] = {"job_role", "biography", "training"};
	const char *mentee[] = {"statement", "site"};
	struct app_sc_matching_in in = {
		.exclude_conflicts = true, .organisation_rule = "different",
		.specialty_rule = "any", .max_distance_miles = "0",
		.weight_keyword = "100", .weight_specialty = "0",
		.weight_organisation = "-100", .weight_distance = "15",
		.weight_format = "5", .default_capacity = "50",
		.mentor_required = mentor, .nmentor_required = 3,
		.mentee_required = mentee, .nmentee_required = 2,
	};
	struct app_sc_matching out;
	struct app_problems ps = {0};

	memset(&out, 0, sizeof(out));
	assert_int_equal(app_sc_matching_check(a, &in, &out, &ps), ERR_OK);
	assert_int_equal(out.m.weight_organisation, -100);
	assert_int_equal(out.default_capacity, 50);
	assert_true(out.mentor_mask & (1u << MF_TRAINING));
	assert_true(out.mentee_mask & (1u << MF_SITE));
	assert_non_null(strstr(out.m.mentor_required, "biography"));

	/* every weight out of range, unknown rules and keys of the other role */
	const char *wrong_mentor[] = {"statement"};
	const char *wrong_mentee[] = {"biography"};
	struct app_sc_matching_in bad = {
		.organisation_rule = "sometimes", .specialty_rule = "",
		.max_distance_miles = "1001", .weight_keyword = "101",
		.weight_specialty = "-1", .weight_organisation = "-101",
		.weight_distance = "x", .weight_format = "100",
		.default_capacity = "0",
		.mentor_required = wrong_mentor, .nmentor_required = 1,
		.mentee_required = wrong_mentee, .nmentee_required = 1,
	};
	struct app_problems ps2 = {0};
	assert_int_equal(app_sc_matching_check(a, &bad, &out, &ps2), ERR_BAD_INPUT);
	assert_true(has_problem(&ps2, "organisation_rule"));
	assert_true(has_problem(&ps2, "specialty_rule"));
	assert_true(has_problem(&ps2, "max_distance_miles"));
	assert_true(has_problem(&ps2, "weight_keyword"));
	assert_true(has_problem(&ps2, "weight_specialty"));
	assert_true(has_problem(&ps2, "weight_organisation"));
	assert_true(has_problem(&ps2, "weight_distance"));
	assert_false(has_problem(&ps2, "weight_format"));
	/* every wrong field gets its own message: the problems list has room */
	assert_true(has_problem(&ps2, "default_capacity"));
	assert_true(has_problem(&ps2, "mentor_required"));
	assert_true(has_problem(&ps2, "mentee_required"));
	assert_int_equal(ps2.n, 10);

	struct app_sc_matching_in keys = in;
	keys.mentor_required = wrong_mentor;
	keys.nmentor_required = 1;
	keys.mentee_required = wrong_mentee;
	keys.nmentee_required = 1;
	struct app_problems ps3 = {0};
	assert_int_equal(app_sc_matching_check(a, &keys, &out, &ps3), ERR_BAD_INPUT);
	assert_true(has_problem(&ps3, "mentor_required"));
	assert_true(has_problem(&ps3, "mentee_required"));
	arena_free(a);
}

static void
test_required_keys(void **state)
{
	(void)state;
	assert_true(app_sc_field_key_for(MF_JOB_ROLE, true));
	assert_true(app_sc_field_key_for(MF_JOB_ROLE, false));
	assert_true(app_sc_field_key_for(MF_BIOGRAPHY, true));
	assert_false(app_sc_field_key_for(MF_BIOGRAPHY, false));
	assert_true(app_sc_field_key_for(MF_STATEMENT, false));
	assert_false(app_sc_field_key_for(MF_STATEMENT, true));
	assert_true(app_sc_field_key_for(MF_KEYWORDS, true));
	assert_true(app_sc_field_key_for(MF_KEYWORDS, false));
	assert_false(app_sc_field_key_for(MF__MAX, true));
}

/* ---- with a database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t admin_a, admin_b, site_admin, member_a;
	struct app_view views_a[1], views_b[1], views_member[1];
	struct app_auth me_a, me_b, me_site, me_member;
};

static int64_t
make_user(struct db *db, const char *username, bool is_site_admin)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = "Given",
		.family_name = "Family", .password_hash = "$argon2id$placeholder",
		.status = "active", .is_site_admin = is_site_admin, .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static struct app_auth
auth_for(int64_t id, bool is_site_admin, struct app_view *views, size_t n)
{
	struct app_auth me = {
		.user_id = id, .username = "someone", .display_name = "Given Family",
		.email = "me@example.nhs.uk", .is_site_admin = is_site_admin,
		.views = views, .nviews = n, .active = n ? views : NULL,
	};
	return me;
}

static void
set_view(struct app_view *v, int64_t scheme, const char *role)
{
	v->scheme_id = scheme;
	v->scheme_name = "Scheme";
	v->role = role;
	v->label = role;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("schemeconf", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a", false);
	f->admin_b = make_user(f->db, "admin.b", false);
	f->site_admin = make_user(f->db, "site.admin", true);
	f->member_a = make_user(f->db, "member.a", false);
	assert_int_equal(db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, f->admin_b, f->scheme_b, "scheme_admin", T0), ERR_OK);
	assert_int_equal(db_role_add(f->db, f->member_a, f->scheme_a, "mentor", T0), ERR_OK);
	set_view(&f->views_a[0], f->scheme_a, "scheme_admin");
	set_view(&f->views_b[0], f->scheme_b, "scheme_admin");
	set_view(&f->views_member[0], f->scheme_a, "mentor");
	f->me_a = auth_for(f->admin_a, false, f->views_a, 1);
	f->me_b = auth_for(f->admin_b, false, f->views_b, 1);
	f->me_site = auth_for(f->site_admin, true, NULL, 0);
	f->me_member = auth_for(f->member_a, false, f->views_member, 1);
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
add_option(struct fixture *f, const struct app_auth *me, int64_t scheme,
    const char *list, const char *label)
{
	struct app_problems ps = {0};
	struct app_sc_option_in in = {label, "", ""};
	int64_t id = 0;
	assert_int_equal(app_sc_option_add(f->db, f->a, me, scheme, list, &in, "", &ps, &id),
	    ERR_OK);
	return id;
}

static void
test_scope(void **state)
{
	struct fixture *f = *state;
	struct db_option *o;
	size_t n;
	int64_t kw = add_option(f, &f->me_a, f->scheme_a, "keyword", "Leadership");

	/* another scheme's administrator and a member: not found */
	assert_int_equal(app_sc_options(f->db, f->a, &f->me_b, f->scheme_a, "keyword", &o, &n),
	    ERR_NOT_FOUND);
	assert_int_equal(app_sc_options(f->db, f->a, &f->me_member, f->scheme_a, "keyword",
	    &o, &n), ERR_NOT_FOUND);
	struct app_problems ps = {0};
	struct app_sc_option_in in = {"Hijack", "", ""};
	assert_int_equal(app_sc_option_edit(f->db, f->a, &f->me_b, f->scheme_b, "keyword", kw,
	    &in, "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_sc_option_retire(f->db, f->a, &f->me_b, f->scheme_b, "keyword",
	    kw, true, ""), ERR_NOT_FOUND);
	/* the right scheme, the wrong list */
	assert_int_equal(app_sc_option_retire(f->db, f->a, &f->me_a, f->scheme_a, "site",
	    kw, true, ""), ERR_NOT_FOUND);
	assert_int_equal(app_sc_options(f->db, f->a, &f->me_a, f->scheme_a, "colours", &o, &n),
	    ERR_NOT_FOUND);
	/* a site administrator may manage any scheme; an unknown one is not found */
	assert_int_equal(app_sc_options(f->db, f->a, &f->me_site, f->scheme_a, "keyword", &o,
	    &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_sc_options(f->db, f->a, &f->me_site, 999, "keyword", &o, &n),
	    ERR_NOT_FOUND);
	struct app_sc_matching m;
	assert_int_equal(app_sc_matching(f->db, f->a, &f->me_b, f->scheme_a, &m),
	    ERR_NOT_FOUND);
	struct db_scheme *managed;
	assert_int_equal(app_sc_managed(f->db, f->a, &f->me_a, &managed, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(managed[0].id, f->scheme_a);
	assert_int_equal(app_sc_managed(f->db, f->a, &f->me_site, &managed, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_sc_managed(f->db, f->a, &f->me_member, &managed, &n), ERR_OK);
	assert_int_equal(n, 0);
}

static void
test_options(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_option(f, &f->me_a, f->scheme_a, "specialty", "Anaesthetics");
	int64_t b = add_option(f, &f->me_a, f->scheme_a, "specialty", "Cardiology");
	int64_t c = add_option(f, &f->me_a, f->scheme_a, "specialty", "Dermatology");
	/* the same label in another scheme is fine */
	add_option(f, &f->me_b, f->scheme_b, "specialty", "Anaesthetics");

	struct app_problems ps = {0};
	struct app_sc_option_in dup = {"ANAESTHETICS", "", ""};
	int64_t id;
	assert_int_equal(app_sc_option_add(f->db, f->a, &f->me_a, f->scheme_a, "specialty",
	    &dup, "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "label");

	/* move c up twice: c, a, b */
	assert_int_equal(app_sc_option_move(f->db, f->a, &f->me_a, f->scheme_a, "specialty",
	    c, -1, ""), ERR_OK);
	assert_int_equal(app_sc_option_move(f->db, f->a, &f->me_a, f->scheme_a, "specialty",
	    c, -1, ""), ERR_OK);
	assert_int_equal(app_sc_option_move(f->db, f->a, &f->me_a, f->scheme_a, "specialty",
	    c, -1, ""), ERR_OK);   /* at the top: nothing */
	struct db_option *o;
	size_t n;
	assert_int_equal(app_sc_options(f->db, f->a, &f->me_a, f->scheme_a, "specialty", &o,
	    &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(o[0].id, c);
	assert_int_equal(o[1].id, a);
	assert_int_equal(o[2].id, b);

	/* a rename is carried into the profiles of the scheme's members */
	struct db_profile p = {.user_id = f->member_a, .preferred_name = "", .pronouns = "",
		.contact_email = "", .phone = "", .job_role = "", .organisation = "",
		.specialty = "Cardiology", .site = "", .previous_organisations = "",
		.country_of_origin = "", .gender = "", .date_of_birth = ""};
	assert_int_equal(db_profile_put(f->db, &p, T0), ERR_OK);
	struct app_sc_option_in ren = {"Cardiology (adult)", "", ""};
	assert_int_equal(app_sc_option_edit(f->db, f->a, &f->me_a, f->scheme_a, "specialty", b,
	    &ren, "", &ps), ERR_OK);
	struct db_profile got;
	assert_int_equal(db_profile_get(f->db, f->a, f->member_a, &got), ERR_OK);
	assert_string_equal(got.specialty, "Cardiology (adult)");

	/* ... but not for a person whose other scheme still lists the old
	 * label: scheme A's administrator cannot change their scheme B */
	add_option(f, &f->me_b, f->scheme_b, "specialty", "Dermatology");
	assert_int_equal(db_role_add(f->db, f->member_a, f->scheme_b, "mentee", T0), ERR_OK);
	p.specialty = "Dermatology";
	assert_int_equal(db_profile_put(f->db, &p, T0), ERR_OK);
	struct app_sc_option_in ren2 = {"Dermatology (skin)", "", ""};
	assert_int_equal(app_sc_option_edit(f->db, f->a, &f->me_a, f->scheme_a, "specialty", c,
	    &ren2, "", &ps), ERR_OK);
	assert_int_equal(db_profile_get(f->db, f->a, f->member_a, &got), ERR_OK);
	assert_string_equal(got.specialty, "Dermatology");

	/* retire: still listed for the administrator, not offered to pickers */
	assert_int_equal(app_sc_option_retire(f->db, f->a, &f->me_a, f->scheme_a, "specialty",
	    a, true, ""), ERR_OK);
	assert_int_equal(db_options_list(f->db, f->a, f->scheme_a, "specialty", false, &o, &n),
	    ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_sc_options(f->db, f->a, &f->me_a, f->scheme_a, "specialty", &o,
	    &n), ERR_OK);
	assert_int_equal(n, 3);

	/* every change was audited, by the administrator */
	struct db_audit *au;
	size_t na;
	assert_int_equal(db_audit_list(f->db, f->a, f->admin_a, "", 50, &au, &na), ERR_OK);
	bool add = false, move = false, edit = false, retire = false;
	for (size_t i = 0; i < na; i++) {
		add = add || strcmp(au[i].action, "scheme.option_add") == 0;
		move = move || strcmp(au[i].action, "scheme.option_move") == 0;
		edit = edit || (strcmp(au[i].action, "scheme.option_edit") == 0 &&
		    strstr(au[i].detail, "Cardiology -> Cardiology (adult)") != NULL);
		retire = retire || strcmp(au[i].action, "scheme.option_retire") == 0;
	}
	assert_true(add && move && edit && retire);
}

static void
test_sites(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_sc_option_in in = {"Royal Infirmary", "53.4808", "-2.2426"};
	int64_t id;

	assert_int_equal(app_sc_option_add(f->db, f->a, &f->me_a, f->scheme_a, "site", &in, "",
	    &ps, &id), ERR_OK);
	struct db_option o;
	assert_int_equal(app_sc_option(f->db, f->a, &f->me_a, f->scheme_a, "site", id, &o),
	    ERR_OK);
	assert_true(o.has_location);
	struct app_sc_option_in half = {"Clinic", "53", ""};
	assert_int_equal(app_sc_option_add(f->db, f->a, &f->me_a, f->scheme_a, "site", &half,
	    "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "longitude");
	struct app_problems ps2 = {0};
	struct app_sc_option_in far = {"Clinic", "95", "0"};
	assert_int_equal(app_sc_option_add(f->db, f->a, &f->me_a, f->scheme_a, "site", &far,
	    "", &ps2, &id), ERR_BAD_INPUT);
	assert_string_equal(ps2.p[0].field, "latitude");
	/* coordinates are ignored outside the site list */
	struct app_problems ps3 = {0};
	struct app_sc_option_in kw = {"Teaching", "junk", "junk"};
	assert_int_equal(app_sc_option_add(f->db, f->a, &f->me_a, f->scheme_a, "keyword", &kw,
	    "", &ps3, &id), ERR_OK);
}

static void
test_fields(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_sc_field_in in = {"Place of work", "", "text", "", "public", "both", false};
	int64_t id = 0, other = 0;

	assert_int_equal(app_sc_field_save(f->db, f->a, &f->me_a, f->scheme_a, 0, &in, "", &ps,
	    &id), ERR_OK);
	assert_int_equal(app_sc_field_save(f->db, f->a, &f->me_b, f->scheme_b, 0, &in, "", &ps,
	    &other), ERR_OK);
	/* another scheme's field under this scheme: not found */
	struct db_field fl;
	bool has_answers;
	assert_int_equal(app_sc_field(f->db, f->a, &f->me_a, f->scheme_a, other, &fl,
	    &has_answers), ERR_NOT_FOUND);
	assert_int_equal(app_sc_field_save(f->db, f->a, &f->me_b, f->scheme_b, id, &in, "",
	    &ps, &other), ERR_NOT_FOUND);
	assert_int_equal(app_sc_field_retire(f->db, f->a, &f->me_member, f->scheme_a, id, true,
	    ""), ERR_NOT_FOUND);

	/* once answered: text <-> long_text only */
	assert_int_equal(db_field_value_put(f->db, f->member_a, id, "Ward 7", T0), ERR_OK);
	in.kind = "long_text";
	assert_int_equal(app_sc_field_save(f->db, f->a, &f->me_a, f->scheme_a, id, &in, "",
	    &ps, &other), ERR_OK);
	in.kind = "choice";
	in.choices = "A\nB";
	assert_int_equal(app_sc_field_save(f->db, f->a, &f->me_a, f->scheme_a, id, &in, "",
	    &ps, &other), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "kind"));
	assert_int_equal(app_sc_field(f->db, f->a, &f->me_a, f->scheme_a, id, &fl,
	    &has_answers), ERR_OK);
	assert_true(has_answers);
	assert_string_equal(fl.kind, "long_text");

	/* move and retire */
	struct app_problems ps2 = {0};
	struct app_sc_field_in in2 = {"Interests", "", "long_text", "", "private", "mentor",
		true};
	int64_t id2;
	assert_int_equal(app_sc_field_save(f->db, f->a, &f->me_a, f->scheme_a, 0, &in2, "",
	    &ps2, &id2), ERR_OK);
	assert_int_equal(app_sc_field_move(f->db, f->a, &f->me_a, f->scheme_a, id2, -1, ""),
	    ERR_OK);
	struct db_field *all;
	size_t n;
	assert_int_equal(app_sc_fields(f->db, f->a, &f->me_a, f->scheme_a, &all, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].id, id2);
	assert_int_equal(app_sc_field_retire(f->db, f->a, &f->me_a, f->scheme_a, id2, true,
	    ""), ERR_OK);
	assert_int_equal(db_fields_list(f->db, f->a, f->scheme_a, false, &all, &n), ERR_OK);
	assert_int_equal(n, 1);
}

static void
test_matching_save(void **state)
{
	struct fixture *f = *state;
	const char *mentor[] = {"job_role", "keywords"};
	const char *mentee[] = {"statement"};
	struct app_sc_matching_in in = {
		.exclude_conflicts = false, .organisation_rule = "same",
		.specialty_rule = "different", .max_distance_miles = "25",
		.weight_keyword = "12", .weight_specialty = "30",
		.weight_organisation = "-20", .weight_distance = "0",
		.weight_format = "7", .default_capacity = "4",
		.mentor_required = mentor, .nmentor_required = 2,
		.mentee_required = mentee, .nmentee_required = 1,
	};
	struct app_problems ps = {0};
	assert_int_equal(app_sc_matching_save(f->db, f->a, &f->me_b, f->scheme_a, &in, "",
	    &ps), ERR_NOT_FOUND);
	assert_int_equal(app_sc_matching_save(f->db, f->a, &f->me_a, f->scheme_a, &in, "",
	    &ps), ERR_OK);
	struct app_sc_matching m;
	assert_int_equal(app_sc_matching(f->db, f->a, &f->me_a, f->scheme_a, &m), ERR_OK);
	assert_false(m.m.exclude_conflicts);
	assert_string_equal(m.m.organisation_rule, "same");
	assert_string_equal(m.m.specialty_rule, "different");
	assert_int_equal(m.m.max_distance_miles, 25);
	assert_int_equal(m.m.weight_organisation, -20);
	assert_int_equal(m.default_capacity, 4);
	assert_int_equal(m.mentor_mask, (1u << MF_JOB_ROLE) | (1u << MF_KEYWORDS));
	assert_int_equal(m.mentee_mask, 1u << MF_STATEMENT);
	/* scheme B untouched */
	assert_int_equal(app_sc_matching(f->db, f->a, &f->me_b, f->scheme_b, &m), ERR_OK);
	assert_true(m.m.exclude_conflicts);
	assert_int_equal(m.m.weight_keyword, 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coordinates),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_numbers_and_kinds),
		cmocka_unit_test(test_field_check),
		cmocka_unit_test(test_matching_check),
		cmocka_unit_test(test_required_keys),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sites, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matching_save, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
