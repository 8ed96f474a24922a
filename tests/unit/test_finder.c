/*
 * test_finder.c - app/finder.c ("Find a mentor", FIND-1 to FIND-4):
 * the FTS5 query built from hostile input (quotes, stars, NEAR,
 * parentheses, column filters, unicode) and run against FTS5; the search
 * against a small database: who is excluded and why (full, unavailable,
 * incomplete, declared conflicts by person and by email, the scheme's
 * rules), free text over public fields only, keywords any/all, filters,
 * sorting, pages, access; and that every score the search gives (which
 * it memoises per kind of mentor) equals match_score's own, through
 * app_finder_assess.
 *
 * Each test gets a fresh database (testdb.h) written with the db layer's
 * seeding statements; the finder's cache is dropped between tests
 * because every fixture has the same scheme ids and generations.
 */
#include <pthread.h>
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

#include "app/demo_people.h"
#include "app/finder.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/db.h"
#include "db/profiles.h"
#include "db/training.h"
#include "db/schemeconf.h"
#include "db/search.h"

#define T0 ((int64_t)1795464861)

enum { ALICE, BOB, CARA, DAN, EVE, FAY, GUS, HAL, PAT, NMENTORS };

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other;
	int64_t k_lead, k_exams, k_research;
	int64_t mentor[NMENTORS];
	int64_t mia, noah, admin, other_admin;
	struct app_view v_mia[1], v_admin[1], v_other[1], v_alice[1];
	struct app_auth me_mia, me_admin, me_other, me_alice;
};

static const char *const names[NMENTORS] = {
	"Alice Able", "Bob Baker", "Cara Cole", "Dan Dean", "Eve East", "Fay Ford",
	"Gus Gray", "Hal Hope", "Pat Price",
};

static int64_t
make_user(struct db *db, const char *given, const char *family)
{
	char username[64], email[128];
	int64_t id = 0;
	snprintf(username, sizeof(username), "%s.%s", given, family);
	snprintf(email, sizeof(email), "%s.%s@example.nhs.uk", given, family);
	struct db_user u = {
		.username = username, .email = email, .given_name = given,
		.family_name = family, .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static int64_t
option(struct fixture *f, const char *list, const char *label, double lat, double lon)
{
	int64_t id;
	struct db_option o = {.scheme_id = f->scheme, .list = list, .label = label,
	    .has_location = lat != 0, .latitude = lat, .longitude = lon};
	assert_int_equal(db_option_add(f->db, &o, T0, &id), ERR_OK);
	return id;
}

struct mentor_spec {
	const char *spec, *org, *site, *bio, *formats;
	int64_t capacity;
	bool available;
	int64_t kw[3];
};

static void
make_mentor(struct fixture *f, int i, const struct mentor_spec *m)
{
	char given[32], family[32];
	sscanf(names[i], "%31s %31s", given, family);
	int64_t id = f->mentor[i] = make_user(f->db, given, family);
	assert_int_equal(db_role_add(f->db, id, f->scheme, "mentor", T0), ERR_OK);
	struct db_profile p = {.user_id = id, .job_role = "Consultant",
	    .organisation = m->org, .specialty = m->spec, .site = m->site,
	    .contact_email = i == PAT ? "secret-token@example.org" : ""};
	assert_int_equal(db_profile_put(f->db, &p, T0), ERR_OK);
	struct db_mentor_profile mp = {.user_id = id, .scheme_id = f->scheme,
	    .biography = m->bio, .skills = "",
	    .capacity = m->capacity > 0 ? m->capacity : -1,   /* 0: the default */
	    .is_available = m->available, .formats = m->formats};
	assert_int_equal(db_mentor_profile_put(f->db, &mp, T0), ERR_OK);
	size_t nkw = 0;
	while (nkw < 3 && m->kw[nkw])
		nkw++;
	assert_int_equal(db_profile_keywords_set(f->db, id, f->scheme, "mentor", m->kw,
	    nkw), ERR_OK);
}

static void
view(struct app_auth *me, struct app_view *v, int64_t user, int64_t scheme,
    const char *role)
{
	v->scheme_id = scheme;
	v->role = role;
	v->scheme_name = "Scheme";
	v->label = role;
	*me = (struct app_auth){.user_id = user, .views = v, .nviews = 1, .active = v};
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	log_set_level(LOG_ERROR);
	clock_set(T0);
	app_finder_forget();
	if (testdb_make("finder", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	struct db *db = f->db;
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(db_scheme_create(db, "s", "Scheme", "", T0, &f->scheme), ERR_OK);
	assert_int_equal(db_scheme_create(db, "t", "Other", "", T0, &f->other), ERR_OK);
	f->k_lead = option(f, "keyword", "Leadership", 0, 0);
	f->k_exams = option(f, "keyword", "Exams", 0, 0);
	f->k_research = option(f, "keyword", "Research", 0, 0);
	option(f, "site", "Site A", 53.80, -1.55);
	option(f, "site", "Site B", 53.79, -1.76);     /* about 9 miles from A */
	option(f, "site", "Site C", 51.50, -0.12);     /* London: far */
	const struct mentor_spec m[NMENTORS] = {
		[ALICE] = {"Paediatrics", "North Trust", "Site A",
		    "Asthma research and leadership on the children's ward", "video", 2,
		    true, {f->k_lead, f->k_exams}},
		[BOB] = {"Cardiology", "West Trust", "site b",   /* case differs */
		    "Cardiac rehabilitation and teaching", "in_person", 2, true,
		    {f->k_exams}},
		[CARA] = {"paediatrics ", "North Trust", "Site C",
		    "Research in London", "video,phone", 0, true, {f->k_research}},
		[DAN] = {"Paediatrics", "North Trust", "Site A", "Leadership", "video", 1,
		    true, {f->k_lead}},
		[EVE] = {"Paediatrics", "North Trust", "Site A", "Leadership", "video", 2,
		    false, {f->k_lead}},
		[FAY] = {"Paediatrics", "North Trust", "Site A", "", "video", 2, true,
		    {f->k_lead}},
		[GUS] = {"Paediatrics", "North Trust", "Site A", "Leadership", "video", 2,
		    true, {f->k_lead}},
		[HAL] = {"Paediatrics", "North Trust", "Site A", "Leadership", "video", 2,
		    true, {f->k_lead}},
		[PAT] = {"Oncology", "", "", "Plain words", "", 2, true, {f->k_exams}},
	};
	for (int i = 0; i < NMENTORS; i++)
		make_mentor(f, i, &m[i]);
	f->mia = make_user(db, "Mia", "Moss");
	f->noah = make_user(db, "Noah", "North");
	f->admin = make_user(db, "Ada", "Admin");
	f->other_admin = make_user(db, "Olga", "Other");
	assert_int_equal(db_role_add(db, f->mia, f->scheme, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(db, f->noah, f->scheme, "mentee", T0), ERR_OK);
	assert_int_equal(db_role_add(db, f->admin, f->scheme, "scheme_admin", T0), ERR_OK);
	assert_int_equal(db_role_add(db, f->other_admin, f->other, "scheme_admin", T0),
	    ERR_OK);
	struct db_profile p = {.user_id = f->mia, .job_role = "ST2",
	    .organisation = "north trust", .specialty = "Paediatrics", .site = "Site A"};
	assert_int_equal(db_profile_put(db, &p, T0), ERR_OK);
	struct db_mentee_profile ep = {.user_id = f->mia, .scheme_id = f->scheme,
	    .formats = "video", .max_travel_miles = -1};
	assert_int_equal(db_mentee_profile_put(db, &ep, T0), ERR_OK);
	const int64_t wanted[] = {f->k_lead, f->k_exams};
	assert_int_equal(db_profile_keywords_set(db, f->mia, f->scheme, "mentee", wanted, 2),
	    ERR_OK);
	/* Dan is full; Gus and Hal are Mia's declared supervisors */
	assert_int_equal(db_seed_relationship(db, f->scheme, f->mentor[DAN], f->noah, T0),
	    ERR_OK);
	int64_t cid;
	struct db_conflict c = {.scheme_id = f->scheme, .mentee_id = f->mia,
	    .mentor_id = f->mentor[GUS], .name = "Gus", .email = "", .kind = "supervisor",
	    .declared_by = f->mia};
	assert_int_equal(db_conflict_add(db, &c, T0, &cid), ERR_OK);
	c.mentor_id = 0;
	c.name = "Hal";
	c.email = "HAL.HOPE@EXAMPLE.NHS.UK";
	c.kind = "appraiser";
	assert_int_equal(db_conflict_add(db, &c, T0, &cid), ERR_OK);
	/* Pat's answers: a public field goes in the text, a private one not */
	int64_t pub, priv;
	struct db_field fl = {.scheme_id = f->scheme, .label = "Hobby", .hint = "",
	    .kind = "text", .choices = "", .visibility = "public", .applies_to = "both"};
	assert_int_equal(db_field_add(db, &fl, T0, &pub), ERR_OK);
	fl.visibility = "private";
	fl.label = "Secret";
	assert_int_equal(db_field_add(db, &fl, T0, &priv), ERR_OK);
	assert_int_equal(db_field_value_put(db, f->mentor[PAT], pub, "kingfisher", T0),
	    ERR_OK);
	assert_int_equal(db_field_value_put(db, f->mentor[PAT], priv, "zebrafish", T0),
	    ERR_OK);
	assert_int_equal(app_finder_reindex_scheme_tx(db, f->scheme), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	view(&f->me_mia, f->v_mia, f->mia, f->scheme, "mentee");
	view(&f->me_admin, f->v_admin, f->admin, f->scheme, "scheme_admin");
	view(&f->me_other, f->v_other, f->other_admin, f->other, "scheme_admin");
	view(&f->me_alice, f->v_alice, f->mentor[ALICE], f->scheme, "mentor");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	app_finder_forget();
	arena_free(f->a);
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	free(f);
	return 0;
}

static struct finder_query
query(struct fixture *f, const char *text)
{
	return (struct finder_query){.scheme_id = f->scheme, .mentee_id = f->mia,
	    .text = text, .specialty = "", .organisation = "", .page = 1,
	    .per_page = 50};
}

/* The names found, sorted order kept, as "A,B,C". */
static const char *
found(struct fixture *f, const struct finder_query *q)
{
	struct finder_result r;
	struct app_problems ps = {0};
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, q, &r, &ps), ERR_OK);
	char *s = arena_strdup(f->a, "");
	for (size_t i = 0; i < r.nhits; i++)
		s = arena_printf(f->a, "%s%s%s", s, i ? "," : "", r.hits[i].name);
	return s;
}

/* ---- the FTS5 query ---- */

static void
test_fts_query_hostile(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *in; bool any; const char *out; } cases[] = {
		{"leadership", false, "\"leadership\"*"},
		{"  lead   exams ", false, "\"lead\"* AND \"exams\"*"},
		{"lead exams", true, "\"lead\"* OR \"exams\"*"},
		{"\"returning to training\"", false, "\"returning to training\""},
		{"\"returning to training\" exams", true,
		    "\"returning to training\" OR \"exams\"*"},
		{"\"unterminated phrase", false, "\"unterminated phrase\""},
		{"NEAR(research asthma)", false,
		    "\"NEAR\"* AND \"research\"* AND \"asthma\"*"},
		{"body:secret", false, "\"body\"* AND \"secret\"*"},
		{"- body : x", false, "\"body\"* AND \"x\""},   /* one letter: a word, not a prefix */
		{"research*", false, "\"research\"*"},
		{"^first", false, "\"first\"*"},
		{"(a OR b) AND NOT c", false, "\"a\" AND \"OR\"* AND \"b\" AND \"AND\"* "
		    "AND \"NOT\"* AND \"c\""},
		{"o'brien e-portfolio", false,
		    "\"o\" AND \"brien\"* AND \"e\" AND \"portfolio\"*"},
		{"\"a\"\"b\"", false, "\"a\" AND \"b\""},
		{"é", false, "\"é\""},   /* one character, two bytes: still a word */
		{"café naïve", false, "\"café\"* AND \"naïve\"*"},
		{"\xe2\x80\x9csmart quotes\xe2\x80\x9d", false, "\"smart\"* AND \"quotes\"*"},
		{"日本語", false, "\"日本語\"*"},
		{"\xc2\xa9 copyright", false, "\"copyright\"*"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *q = app_finder_fts_query(f->a, cases[i].in, cases[i].any);
		assert_non_null(q);
		assert_string_equal(q, cases[i].out);
	}
	static const char *const empty[] = {"", "   ", "***", "()", "\"\"", "\"", "^",
	    "-:-", "\xe2\x80\x94", "\"  \" ** ()", NULL};
	for (size_t i = 0; empty[i]; i++)
		assert_null(app_finder_fts_query(f->a, empty[i], false));
	/* at most 16 tokens */
	char many[400];
	for (int i = 0; i < 40; i++)
		memcpy(many + i * 5, "word ", 5);
	many[200] = '\0';
	const char *q = app_finder_fts_query(f->a, many, false);
	size_t n = 0;
	for (const char *p = q; (p = strstr(p, "\"word\"*")) != NULL; p++)
		n++;
	assert_int_equal(n, 16);
}

static void
test_fts_query_runs(void **state)
{
	struct fixture *f = *state;
	static const char *const hostile[] = {"NEAR(a b, 2)", "body:x", "x*", "(", ")",
	    "\"", "a OR", "AND", "NOT x", "^x", "x + y", "{body}: x", "col:(a b)",
	    "\"a\" \"b", "\x01\x02 control", "\xff\xfe broken utf8", "a\"b\"c", NULL};
	for (size_t i = 0; hostile[i]; i++) {
		const char *q = app_finder_fts_query(f->a, hostile[i], i % 2);
		if (q == NULL)
			continue;
		int64_t *ids;
		size_t n;
		assert_int_equal(db_search_text(f->db, f->a, q, &ids, &n), ERR_OK);
	}
}

/* ---- the search ---- */

static void
test_exclusions(void **state)
{
	struct fixture *f = *state;
	struct finder_query q = query(f, "");
	q.sort = FINDER_SORT_NAME;
	/* Dan full, Eve unavailable, Fay incomplete, Gus and Hal conflicts */
	assert_string_equal(found(f, &q), "Alice Able,Bob Baker,Cara Cole,Pat Price");
	static const struct { int who; enum match_exclusion x; } why[] = {
		{DAN, MX_FULL}, {EVE, MX_UNAVAILABLE}, {FAY, MX_INCOMPLETE},
		{GUS, MX_CONFLICT}, {HAL, MX_CONFLICT}, {ALICE, MX_NONE},
	};
	for (size_t i = 0; i < sizeof(why) / sizeof(why[0]); i++) {
		struct finder_assessment fa;
		assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mia,
		    f->mentor[why[i].who], &fa), ERR_OK);
		assert_int_equal(fa.exclusion, why[i].x);
		assert_true(why[i].x == MX_NONE ? *fa.why == '\0' : *fa.why != '\0');
	}
	struct finder_assessment fa;
	assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mia, f->noah, &fa),
	    ERR_OK);
	assert_int_equal(fa.exclusion, MX_NOT_MENTOR);
	assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mia,
	    f->other_admin, &fa), ERR_NOT_FOUND);
	assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mentor[ALICE],
	    f->mentor[BOB], &fa), ERR_NOT_FOUND);   /* Alice is no mentee */
}

static void
test_scores_equal_match_score(void **state)
{
	struct fixture *f = *state;
	struct finder_query q = query(f, "");
	struct finder_result r;
	struct app_problems ps = {0};
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, &q, &r, &ps), ERR_OK);
	assert_int_equal(r.total, 4);
	int last = 101;
	for (size_t i = 0; i < r.nhits; i++) {
		struct finder_assessment fa;
		assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mia,
		    r.hits[i].user_id, &fa), ERR_OK);
		assert_int_equal(fa.exclusion, MX_NONE);
		assert_int_equal(r.hits[i].score.score, fa.score.score);
		assert_true(r.hits[i].score.score <= last);   /* best first */
		last = r.hits[i].score.score;
	}
	/* Alice shares two keywords, the specialty, the organisation (case and
	 * blanks ignored), the site and video: the best */
	assert_string_equal(r.hits[0].name, "Alice Able");
	assert_true(r.hits[0].nreasons >= 3);
	assert_non_null(strstr(r.hits[0].reasons[0], "Leadership"));
	assert_int_equal(r.hits[0].free_places, 2);
	assert_int_equal(r.hits[0].nkeywords, 2);
	/* the mentee lacks the default required statement */
	assert_true(r.mentee_missing & (1u << MF_STATEMENT));
}

static void
test_free_text(void **state)
{
	struct fixture *f = *state;
	struct finder_query q = query(f, "asthma");
	q.sort = FINDER_SORT_NAME;
	assert_string_equal(found(f, &q), "Alice Able");
	q.text = "research";
	assert_string_equal(found(f, &q), "Alice Able,Cara Cole");
	q.text = "\"asthma research\"";
	assert_string_equal(found(f, &q), "Alice Able");
	q.text = "\"research asthma\"";
	assert_string_equal(found(f, &q), "");
	q.text = "asthma cardiac";
	assert_string_equal(found(f, &q), "");
	q.text_any = true;
	assert_string_equal(found(f, &q), "Alice Able,Bob Baker");
	q.text_any = false;
	q.text = "rehab";                 /* a prefix */
	assert_string_equal(found(f, &q), "Bob Baker");
	q.text = "kingfisher";            /* public own field */
	assert_string_equal(found(f, &q), "Pat Price");
	q.text = "zebrafish";             /* private own field */
	assert_string_equal(found(f, &q), "");
	q.text = "secret";                /* private contact email */
	assert_string_equal(found(f, &q), "");
	q.text = "exams";                 /* a standard keyword's label */
	assert_string_equal(found(f, &q), "Alice Able,Bob Baker,Pat Price");
	q.text = "leadership";            /* excluded mentors never appear */
	assert_string_equal(found(f, &q), "Alice Able");
}

static void
test_keywords_filters_sort_pages(void **state)
{
	struct fixture *f = *state;
	struct finder_query q = query(f, "");
	q.sort = FINDER_SORT_NAME;
	int64_t kw[2] = {f->k_exams, f->k_research};
	q.keywords = kw;
	q.nkeywords = 2;
	assert_string_equal(found(f, &q), "Alice Able,Bob Baker,Cara Cole,Pat Price");
	q.keywords_all = true;
	assert_string_equal(found(f, &q), "");
	kw[1] = f->k_lead;
	assert_string_equal(found(f, &q), "Alice Able");
	q.nkeywords = 0;
	q.specialty = "PAEDIATRICS";
	assert_string_equal(found(f, &q), "Alice Able,Cara Cole");
	q.specialty = "Nothing like it";
	assert_string_equal(found(f, &q), "");
	q.specialty = "";
	q.organisation = "west trust";
	assert_string_equal(found(f, &q), "Bob Baker");
	q.organisation = "";
	q.formats = FORMAT_PHONE;
	assert_string_equal(found(f, &q), "Cara Cole");
	q.formats = 0;
	q.within_miles = 20;
	assert_string_equal(found(f, &q), "Alice Able,Bob Baker");
	q.within_miles = 0;
	q.sort = FINDER_SORT_DISTANCE;   /* no location last */
	assert_string_equal(found(f, &q), "Alice Able,Bob Baker,Cara Cole,Pat Price");
	q.sort = FINDER_SORT_NAME;
	q.per_page = 3;
	q.page = 2;
	struct finder_result r;
	struct app_problems ps = {0};
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, &q, &r, &ps), ERR_OK);
	assert_int_equal(r.total, 4);
	assert_int_equal(r.pages, 2);
	assert_int_equal(r.nhits, 1);
	assert_string_equal(r.hits[0].name, "Pat Price");
	q.page = 9;
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, &q, &r, &ps), ERR_OK);
	assert_int_equal(r.nhits, 0);
	q.page = 1;
	q.per_page = 500;                 /* at most 50 */
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, &q, &r, &ps), ERR_OK);
	assert_int_equal(r.pages, 1);
}

static void
test_rules_and_cache(void **state)
{
	struct fixture *f = *state;
	struct finder_query q = query(f, "");
	q.sort = FINDER_SORT_NAME;
	assert_string_equal(found(f, &q), "Alice Able,Bob Baker,Cara Cole,Pat Price");
	struct db_matching m;
	assert_int_equal(db_matching_get(f->db, f->a, f->scheme, &m), ERR_OK);
	m.specialty_rule = "same";
	m.max_distance_miles = 50;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(db_matching_put(f->db, &m), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	/* the generation moved: the index is rebuilt with the new rules */
	assert_string_equal(found(f, &q), "Alice Able");
	struct finder_assessment fa;
	assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mia,
	    f->mentor[CARA], &fa), ERR_OK);
	assert_int_equal(fa.exclusion, MX_DISTANCE);
	assert_int_equal(app_finder_assess(f->db, f->a, f->scheme, f->mia,
	    f->mentor[BOB], &fa), ERR_OK);
	assert_int_equal(fa.exclusion, MX_SPECIALTY);
	struct match_rules rules;
	uint32_t mreq, ereq;
	assert_int_equal(app_matching_load(f->db, f->a, f->scheme, &rules, &mreq, &ereq),
	    ERR_OK);
	assert_int_equal(rules.specialty_rule, MATCH_SAME);
	assert_int_equal(rules.max_distance_miles, 50);
	assert_true(mreq & (1u << MF_BIOGRAPHY));
	assert_true(ereq & (1u << MF_STATEMENT));
	assert_int_equal(app_matching_load(f->db, f->a, 999, &rules, &mreq, &ereq),
	    ERR_NOT_FOUND);
}

static void
test_access(void **state)
{
	struct fixture *f = *state;
	struct finder_query q = query(f, "");
	struct finder_result r;
	struct app_problems ps = {0};
	/* an administrator of the scheme, for its mentee */
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_admin, &q, &r, &ps), ERR_OK);
	assert_int_equal(r.total, 4);
	/* another scheme's administrator, a mentor, nobody */
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_other, &q, &r, &ps),
	    ERR_FORBIDDEN);
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_alice, &q, &r, &ps),
	    ERR_FORBIDDEN);
	assert_int_equal(app_finder_search(f->db, f->a, NULL, &q, &r, &ps), ERR_FORBIDDEN);
	/* a mentor searching as themself is no mentee */
	q.mentee_id = f->mentor[ALICE];
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_alice, &q, &r, &ps),
	    ERR_FORBIDDEN);
	/* the administrator naming someone who is not a mentee */
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_admin, &q, &r, &ps),
	    ERR_NOT_FOUND);
	/* Mia searching for Noah */
	q.mentee_id = f->noah;
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, &q, &r, &ps),
	    ERR_FORBIDDEN);
	/* explain: only the scheme's administrators */
	struct finder_assessment fa;
	assert_int_equal(app_finder_explain(f->db, f->a, &f->me_other, f->scheme, f->mia,
	    f->mentor[ALICE], &fa), ERR_NOT_FOUND);
	assert_int_equal(app_finder_explain(f->db, f->a, &f->me_admin, f->scheme, f->mia,
	    f->mentor[GUS], &fa), ERR_OK);
	assert_int_equal(fa.exclusion, MX_CONFLICT);
	struct db_person *people;
	size_t n;
	assert_int_equal(app_finder_people(f->db, f->a, &f->me_other, f->scheme, "mentee",
	    &people, &n), ERR_NOT_FOUND);
	assert_int_equal(app_finder_people(f->db, f->a, &f->me_admin, f->scheme, "mentee",
	    &people, &n), ERR_OK);
	assert_int_equal(n, 2);
}

/* Generated people (demo_people.c): many mentors share each memo key,
 * so this checks the memoised rules and scores against match.c's own
 * for every mentor, for several mentees, over every page and sort. */
static void
test_memo_at_scale(void **state)
{
	struct fixture *f = *state;
	struct app_demo_people_result res;
	assert_int_equal(app_demo_people(f->db, "correct-horse-battery-staple", 400, &res),
	    ERR_OK);
	struct db_person *mentors;
	size_t nmentors;
	struct app_auth admin = {.user_id = 0, .is_site_admin = true};
	assert_int_equal(app_finder_people(f->db, f->a, &admin, res.scheme_id, "mentor",
	    &mentors, &nmentors), ERR_OK);
	assert_int_equal(nmentors, 400);
	for (int e = 1; e <= 4; e++) {
		char username[32];
		snprintf(username, sizeof(username), "synth.mentee.%d", e);
		struct db_user u;
		assert_int_equal(db_user_by_username(f->db, f->a, username, &u), ERR_OK);
		struct app_auth me = {.user_id = u.id};
		size_t offered = 0;
		int *score = calloc(nmentors, sizeof(int));
		for (size_t i = 0; i < nmentors; i++) {
			struct finder_assessment fa;
			assert_int_equal(app_finder_assess(f->db, f->a, res.scheme_id, u.id,
			    mentors[i].id, &fa), ERR_OK);
			score[i] = fa.exclusion == MX_NONE ? fa.score.score : -1;
			offered += fa.exclusion == MX_NONE;
		}
		for (int sort = 0; sort < 3; sort++) {
			struct finder_query q = {.scheme_id = res.scheme_id, .mentee_id = u.id,
			    .text = "", .specialty = "", .organisation = "",
			    .sort = (enum finder_sort)sort, .per_page = 50};
			size_t seen = 0;
			int last = 101;
			for (q.page = 1;; q.page++) {
				struct finder_result r;
				struct app_problems ps = {0};
				assert_int_equal(app_finder_search(f->db, f->a, &me, &q, &r, &ps),
				    ERR_OK);
				assert_int_equal(r.total, offered);
				if (r.nhits == 0)
					break;
				for (size_t h = 0; h < r.nhits; h++) {
					size_t i = 0;
					while (mentors[i].id != r.hits[h].user_id)
						i++;
					assert_int_equal(r.hits[h].score.score, score[i]);
					if (sort == FINDER_SORT_SCORE) {
						assert_true(r.hits[h].score.score <= last);
						last = r.hits[h].score.score;
					}
					seen++;
				}
			}
			assert_int_equal(seen, offered);
		}
		free(score);
	}
}

static void
test_bad_input(void **state)
{
	struct fixture *f = *state;
	struct finder_query q = query(f, "!!! ** \"\" ()");
	struct finder_result r;
	struct app_problems ps = {0};
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, &q, &r, &ps),
	    ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "q");
	q.text = "   ";                  /* blank: no text search at all */
	ps.n = 0;
	assert_int_equal(app_finder_search(f->db, f->a, &f->me_mia, &q, &r, &ps), ERR_OK);
	assert_int_equal(r.total, 4);
}

/* ---- the shared cache under several threads ---- */

struct searcher {
	struct fixture *f;
	int rounds;
	int failures;
};

static void *
search_loop(void *arg)
{
	struct searcher *w = arg;
	struct db *db;
	if (db_open(w->f->path, false, &db) != ERR_OK) {
		w->failures++;
		return NULL;
	}
	struct arena *a = arena_new(0);
	struct finder_query q = query(w->f, "");
	for (int i = 0; i < w->rounds; i++) {
		struct finder_result r;
		struct app_problems ps = {0};
		if (app_finder_search(db, a, &w->f->me_mia, &q, &r, &ps) != ERR_OK ||
		    r.total < 1)
			w->failures++;
		arena_reset(a);
	}
	arena_free(a);
	db_close(db);
	return NULL;
}

static void
test_cache_threads(void **state)
{
	struct fixture *f = *state;
	enum { NTHREADS = 4 };
	pthread_t t[NTHREADS];
	struct searcher w[NTHREADS];
	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct searcher){.f = f, .rounds = 60};
		assert_int_equal(pthread_create(&t[i], NULL, search_loop, &w[i]), 0);
	}
	/* meanwhile the generation keeps moving: rebuilds race with reads */
	struct db_matching m;
	assert_int_equal(db_matching_get(f->db, f->a, f->scheme, &m), ERR_OK);
	for (int i = 0; i < 20; i++) {
		m.weight_format = i % 2 ? 5 : 6;
		assert_int_equal(db_begin(f->db), ERR_OK);
		assert_int_equal(db_matching_put(f->db, &m), ERR_OK);
		assert_int_equal(db_commit(f->db), ERR_OK);
	}
	for (int i = 0; i < NTHREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].failures, 0);
	}

	/* inside a transaction: the uncommitted change is seen by this caller
	 * only, and is gone (not cached) after the rollback */
	struct finder_query q = query(f, "");
	q.sort = FINDER_SORT_NAME;
	const char *before = found(f, &q);
	m.specialty_rule = "same";
	m.max_distance_miles = 50;
	assert_int_equal(db_begin(f->db), ERR_OK);
	assert_int_equal(db_matching_put(f->db, &m), ERR_OK);
	assert_string_equal(found(f, &q), "Alice Able");
	db_rollback(f->db);
	assert_string_equal(found(f, &q), before);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_fts_query_hostile),
		T(test_fts_query_runs),
		T(test_exclusions),
		T(test_scores_equal_match_score),
		T(test_free_text),
		T(test_keywords_filters_sort_pages),
		T(test_rules_and_cache),
		T(test_cache_threads),
		T(test_access),
		T(test_bad_input),
		T(test_memo_at_scale),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
