/*
 * test_match.c - app/match: the rules (match_check), the score and its
 * reasons, completeness, meeting formats, field lists and distances, as
 * tables (curl unit1302 style).  The people are fixed structs at real UK
 * places; expected scores were worked out by hand from the formula in
 * docs/internals/matching.md (the arithmetic is in each row's comment).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/match.h"
#include "core/arena.h"

/* ---- places ---- */
#define LONDON 51.5074, -0.1278
#define MANCHESTER 53.4808, -2.2426
#define SALFORD 53.4875, -2.2901      /* 2.0 miles from Manchester */
#define LEEDS 53.8008, -1.5491        /* 36.0 miles from Manchester */
#define BIRMINGHAM 52.4862, -1.8904
#define EDINBURGH 55.9533, -3.1883

/* ---- keywords ---- */
static const char *const keyword_names[] = {
	"(none)", "leadership", "exams", "returning to training", "research",
	"teaching", "wellbeing", "portfolio", "k8", "k9", "k10", "k11",
	"k12", "k13", "k14", "k15", "k16", "k17", "k18", "k19", "k20",
};

static const char *
label(int64_t id, void *ud)
{
	(void)ud;
	if (id < 1 || id > 20)
		return NULL;
	return keyword_names[id];
}

static const int64_t kw_123[] = { 1, 2, 3 };
static const int64_t kw_1234[] = { 1, 2, 3, 4 };
static const int64_t kw_29[] = { 2, 9 };
static const int64_t kw_1to20[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	13, 14, 15, 16, 17, 18, 19, 20 };

/* ---- people ---- */
static const struct match_person ame = {
	.user_id = 1, .organisation = "Northfield Trust",
	.specialty = "Paediatrics", .has_location = true,
	.latitude = 53.4808, .longitude = -2.2426,
	.formats = FORMAT_IN_PERSON | FORMAT_VIDEO,
	.keywords = kw_123, .nkeywords = 3,
};
static const struct match_person ame_noloc = {
	.user_id = 1, .organisation = "Northfield Trust",
	.specialty = "Paediatrics",
	.formats = FORMAT_IN_PERSON | FORMAT_VIDEO,
	.keywords = kw_123, .nkeywords = 3,
};
static const struct match_person sparse = { .user_id = 3, .organisation = "",
	.specialty = "" };
static const struct match_person org_phone = { .user_id = 4,
	.organisation = "Northfield Trust", .formats = FORMAT_PHONE };
static const struct match_person many = { .user_id = 5,
	.keywords = kw_1to20, .nkeywords = 20 };
static const struct match_person traveller = { .user_id = 6,
	.has_location = true, .latitude = 53.4808, .longitude = -2.2426,
	.max_travel_miles = 4 };
static const struct match_person london = { .user_id = 7,
	.has_location = true, .latitude = 51.5074, .longitude = -0.1278 };

static const struct match_person m_close = {
	.user_id = 11, .organisation = " northfield TRUST",
	.specialty = "paediatrics", .has_location = true,
	.latitude = 53.4875, .longitude = -2.2901,
	.formats = FORMAT_VIDEO, .keywords = kw_1234, .nkeywords = 4,
};
static const struct match_person m_noloc = {
	.user_id = 12, .organisation = "Northfield Trust",
	.specialty = "Paediatrics", .formats = FORMAT_VIDEO,
	.keywords = kw_1234, .nkeywords = 4,
};
static const struct match_person m_leeds = {
	.user_id = 13, .organisation = "Northfield Trust",
	.specialty = "Surgery", .has_location = true,
	.latitude = 53.8008, .longitude = -1.5491,
	.formats = FORMAT_PHONE | FORMAT_VIDEO, .keywords = kw_29, .nkeywords = 2,
};
static const struct match_person m_man = {
	.user_id = 14, .organisation = "", .specialty = NULL,
	.has_location = true, .latitude = 53.4808, .longitude = -2.2426,
	.formats = FORMAT__ALL,
};
static const struct match_person m_many = { .user_id = 15,
	.keywords = kw_1to20, .nkeywords = 20 };
static const struct match_person m_self = { .user_id = 1,
	.organisation = "Northfield Trust" };

/* ---- rules ---- */
#define WEIGHTS .weight_keyword = 10, .weight_specialty = 20, \
	.weight_organisation = 10, .weight_distance = 20, .weight_format = 10
static const struct match_rules w = { .exclude_conflicts = true, WEIGHTS };
static const struct match_rules w_noconflict = { WEIGHTS };
static const struct match_rules negorg = { .exclude_conflicts = true,
	.weight_keyword = 10, .weight_specialty = 20, .weight_organisation = -10,
	.weight_distance = 0, .weight_format = 10 };
static const struct match_rules zero = { .exclude_conflicts = true };
static const struct match_rules org_same = { .organisation_rule = MATCH_SAME,
	WEIGHTS };
static const struct match_rules org_diff = {
	.organisation_rule = MATCH_DIFFERENT, WEIGHTS };
static const struct match_rules spec_same = { .specialty_rule = MATCH_SAME,
	WEIGHTS };
static const struct match_rules spec_diff = {
	.specialty_rule = MATCH_DIFFERENT, WEIGHTS };
static const struct match_rules near30 = { .max_distance_miles = 30, WEIGHTS };
static const struct match_rules near10 = { .max_distance_miles = 10, WEIGHTS };
static const struct match_rules conflict_and_org = {
	.exclude_conflicts = true, .organisation_rule = MATCH_SAME, WEIGHTS };

#define R(...) { __VA_ARGS__, NULL }

struct pair_case {
	const char *name;
	const struct match_person *mentee, *mentor;
	const struct match_rules *rules;
	bool is_conflict;
	enum match_exclusion x;
	int score;
	const char *reasons[8];
};

static const struct pair_case pairs[] = {
	/* 30 + 20 + 10 + 20 * (1 - 2.007/50) + 10 = 89.2 of 90 */
	{ "close, everything shared", &ame, &m_close, &w, false, MX_NONE, 99,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "2 miles away", "Same organisation",
	    "Meets by video") },
	/* 10 + 0 + 10 + 20 * (1 - 36.0/50) = 5.6 + 10 = 35.6 of 90 */
	{ "Leeds, some shared", &ame, &m_leeds, &w, false, MX_NONE, 40,
	  R("1 shared keyword: exams", "Same organisation", "Meets by video",
	    "36 miles away") },
	/* negative organisation weight: 30 + 20 - 10 + 10 = 50 of 60 (the
	 * organisation and the zero distance weight add nothing possible) */
	{ "negative organisation weight", &ame, &m_close, &negorg, false,
	  MX_NONE, 83,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "Meets by video") },
	/* the negative weight can only subtract: -10 clamped to 0 of 10 */
	{ "points clamped at 0", &org_phone, &m_close, &negorg, false,
	  MX_NONE, 0, R(NULL) },
	/* mentor location unknown: distance scores 0 but counts, 70 of 90 */
	{ "mentor location unknown", &ame, &m_noloc, &w, false, MX_NONE, 78,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "Same organisation", "Meets by video") },
	/* mentee location unknown: distance left out, 70 of 70 */
	{ "mentee location unknown", &ame_noloc, &m_close, &w, false, MX_NONE,
	  100,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "Same organisation", "Meets by video") },
	{ "all weights zero", &ame, &m_close, &zero, false, MX_NONE, 0, R(NULL) },
	{ "sparse mentee: nothing possible", &sparse, &m_close, &w, false,
	  MX_NONE, 0, R(NULL) },
	/* 20 shared: capped at 5 for points, 16 in the array */
	{ "more shared keywords than the array", &many, &m_many, &w, false,
	  MX_NONE, 100,
	  R("20 shared keywords: leadership, exams, returning to training, "
	    "research, teaching, wellbeing, portfolio, k8, k9, k10, k11, k12, "
	    "k13, k14, k15, k16 and 4 more") },
	/* 0 + 0 + 0 + 20 (0 miles) + 10 of 90 */
	{ "same place, formats", &ame, &m_man, &w, false, MX_NONE, 33,
	  R("Less than 1 mile away", "Meets in person or by video") },
	/* reference = mentee's 4 miles: 1 - 2.007/4 = 0.498 */
	{ "reference from max travel", &traveller, &m_close, &w, false, MX_NONE,
	  50, R("2 miles away") },
	/* reference = scheme's 10 miles: 1 - 2.007/10 = 0.799 */
	{ "reference from scheme", &traveller, &m_close, &near10, false,
	  MX_NONE, 80, R("2 miles away") },
	/* London - Manchester 163 miles: beyond 50, closeness 0 */
	{ "far away scores nothing", &london, &m_man, &w, false, MX_NONE, 0,
	  R(NULL) },

	/* ---- exclusions ---- */
	{ "self", &ame, &m_self, &w, false, MX_SELF, 11,
	  R("Same organisation") },
	{ "conflict", &ame, &m_close, &w, true, MX_CONFLICT, 99,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "2 miles away", "Same organisation",
	    "Meets by video") },
	{ "conflict not excluded", &ame, &m_leeds, &w_noconflict, true,
	  MX_NONE, 40,
	  R("1 shared keyword: exams", "Same organisation", "Meets by video",
	    "36 miles away") },
	{ "conflict before organisation", &ame, &m_man, &conflict_and_org,
	  true, MX_CONFLICT, 33,
	  R("Less than 1 mile away", "Meets in person or by video") },
	{ "same organisation, mentor's unknown", &ame, &m_man, &org_same,
	  false, MX_ORGANISATION, 33,
	  R("Less than 1 mile away", "Meets in person or by video") },
	{ "same organisation, equal ignoring case", &ame, &m_close, &org_same,
	  false, MX_NONE, 99,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "2 miles away", "Same organisation",
	    "Meets by video") },
	{ "same organisation, mentee's unknown", &sparse, &m_close, &org_same,
	  false, MX_ORGANISATION, 0, R(NULL) },
	{ "different organisation, same", &ame, &m_close, &org_diff, false,
	  MX_ORGANISATION, 99,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "2 miles away", "Same organisation",
	    "Meets by video") },
	{ "different organisation, unknown passes", &ame, &m_man, &org_diff,
	  false, MX_NONE, 33,
	  R("Less than 1 mile away", "Meets in person or by video") },
	{ "same specialty, differs", &ame, &m_leeds, &spec_same, false,
	  MX_SPECIALTY, 40,
	  R("1 shared keyword: exams", "Same organisation", "Meets by video",
	    "36 miles away") },
	{ "same specialty, unknown", &ame, &m_man, &spec_same, false,
	  MX_SPECIALTY, 33,
	  R("Less than 1 mile away", "Meets in person or by video") },
	{ "different specialty, same", &ame, &m_close, &spec_diff, false,
	  MX_SPECIALTY, 99,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "2 miles away", "Same organisation",
	    "Meets by video") },
	{ "different specialty, differs", &ame, &m_leeds, &spec_diff, false,
	  MX_NONE, 40,
	  R("1 shared keyword: exams", "Same organisation", "Meets by video",
	    "36 miles away") },
	/* reference 30: 10 + 10 + 20 * 0 + 10 = 30 of 90 */
	{ "further than the maximum", &ame, &m_leeds, &near30, false,
	  MX_DISTANCE, 33,
	  R("1 shared keyword: exams", "Same organisation", "Meets by video") },
	/* reference 30: 30 + 20 + 10 + 20 * (1 - 2.007/30) + 10 = 88.66 */
	{ "within the maximum", &ame, &m_close, &near30, false, MX_NONE, 99,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "2 miles away", "Same organisation",
	    "Meets by video") },
	{ "unknown location passes the maximum", &ame, &m_noloc, &near30,
	  false, MX_NONE, 78,
	  R("3 shared keywords: leadership, exams, returning to training",
	    "Same specialty", "Same organisation", "Meets by video") },
};

static void
test_pairs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct pair_case *c = &pairs[i];
		struct arena *a = arena_new(0);
		struct match_score s;
		enum match_exclusion x;
		const char **reasons;
		size_t n, want_n = 0;

		x = match_check(c->mentee, c->mentor, c->rules, c->is_conflict);
		if (x != c->x)
			fail_msg("%s: exclusion %d, want %d", c->name, x, c->x);
		match_score(c->mentee, c->mentor, c->rules, &s);
		if (s.score != c->score)
			fail_msg("%s: score %d, want %d", c->name, s.score,
			    c->score);
		reasons = match_reasons(a, &s, label, NULL, &n);
		while (c->reasons[want_n] != NULL)
			want_n++;
		for (size_t k = 0; k < n || k < want_n; k++) {
			const char *got = k < n ? reasons[k] : "(none)";
			const char *want = k < want_n ? c->reasons[k] : "(none)";

			if (strcmp(got, want) != 0)
				fail_msg("%s: reason %zu \"%s\", want \"%s\"",
				    c->name, k, got, want);
		}
		arena_free(a);
	}
}

static void
test_score_details(void **state)
{
	struct match_score s;

	(void)state;
	match_score(&many, &m_many, &w, &s);
	assert_int_equal(s.nshared, 20);
	for (int i = 0; i < MATCH_SHARED_MAX; i++)
		assert_int_equal(s.shared[i], i + 1);
	assert_int_equal(s.points_possible, 50);

	match_score(&ame, &m_close, &w, &s);
	assert_true(s.same_specialty);
	assert_true(s.same_organisation);
	assert_true(s.has_miles);
	assert_true(s.miles > 1.9 && s.miles < 2.1);
	assert_int_equal(s.shared_formats, FORMAT_VIDEO);
	assert_int_equal(s.points_possible, 90);

	match_score(&ame, &m_noloc, &w, &s);
	assert_false(s.has_miles);

	/* unknown never equals unknown */
	match_score(&sparse, &m_man, &w, &s);
	assert_false(s.same_organisation);
	assert_false(s.same_specialty);

	/* no label function: the count alone */
	{
		struct arena *a = arena_new(0);
		size_t n;
		const char **r;

		match_score(&ame, &m_leeds, &w, &s);
		r = match_reasons(a, &s, NULL, NULL, &n);
		assert_int_equal(n, 4);
		assert_string_equal(r[0], "1 shared keyword");
		assert_null(r[n]);
		arena_free(a);
	}
}

/* ---- distances between UK cities (road atlases round to the mile) ---- */

struct miles_case {
	double lat1, lon1, lat2, lon2;
	double want, slack;
};

static const struct miles_case miles_cases[] = {
	{ LONDON, MANCHESTER, 163, 1 },
	{ MANCHESTER, LONDON, 163, 1 },
	{ LONDON, BIRMINGHAM, 101, 1 },
	{ MANCHESTER, LEEDS, 36, 1 },
	{ LONDON, EDINBURGH, 332, 1 },
	{ MANCHESTER, SALFORD, 2, 0.1 },
	{ LONDON, LONDON, 0, 0.000001 },
	/* antipodes: half the circumference */
	{ 0, 0, 0, 180, 12436.9, 1 },
	{ 90, 0, -90, 0, 12436.9, 1 },
};

static void
test_miles(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(miles_cases) / sizeof(miles_cases[0]);
	    i++) {
		const struct miles_case *c = &miles_cases[i];
		double got = match_miles(c->lat1, c->lon1, c->lat2, c->lon2);

		if (got < c->want - c->slack || got > c->want + c->slack)
			fail_msg("case %zu: %.3f miles, want %.1f", i, got,
			    c->want);
	}
}

/* ---- meeting formats ---- */

struct formats_case {
	const char *csv;
	enum err rc;
	unsigned bits;
	const char *text, *words;
};

static const struct formats_case formats_cases[] = {
	{ "in_person,video", ERR_OK, FORMAT_IN_PERSON | FORMAT_VIDEO,
	  "in_person,video", "in person or video" },
	{ "video,in_person", ERR_OK, FORMAT_IN_PERSON | FORMAT_VIDEO,
	  "in_person,video", "in person or video" },
	{ "phone", ERR_OK, FORMAT_PHONE, "phone", "phone" },
	{ "phone,video,in_person", ERR_OK, FORMAT__ALL,
	  "in_person,video,phone", "in person, video or phone" },
	{ " video , ,phone,", ERR_OK, FORMAT_VIDEO | FORMAT_PHONE,
	  "video,phone", "video or phone" },
	{ "video,video", ERR_OK, FORMAT_VIDEO, "video", "video" },
	{ "", ERR_OK, 0, "", "" },
	{ ",,", ERR_OK, 0, "", "" },
	{ NULL, ERR_OK, 0, "", "" },
	{ "carrier pigeon", ERR_BAD_INPUT, 0, NULL, NULL },
	{ "video,Video", ERR_BAD_INPUT, 0, NULL, NULL },
	{ "in person", ERR_BAD_INPUT, 0, NULL, NULL },
	{ "video;phone", ERR_BAD_INPUT, 0, NULL, NULL },
	{ "videos", ERR_BAD_INPUT, 0, NULL, NULL },
	{ "vide", ERR_BAD_INPUT, 0, NULL, NULL },
};

static void
test_formats(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(formats_cases) / sizeof(formats_cases[0]);
	    i++) {
		const struct formats_case *c = &formats_cases[i];
		struct arena *a = arena_new(0);
		unsigned bits = 0xdead;
		enum err rc = match_formats_parse(c->csv, &bits);

		if (rc != c->rc)
			fail_msg("case %zu: rc %d, want %d", i, rc, c->rc);
		if (rc != ERR_OK) {
			assert_int_equal(bits, 0xdead);   /* untouched */
		} else {
			if (bits != c->bits)
				fail_msg("case %zu: bits %u", i, bits);
			assert_string_equal(match_formats_text(a, bits),
			    c->text);
			assert_string_equal(match_formats_words(a, bits),
			    c->words);
		}
		arena_free(a);
	}
}

/* ---- field lists ---- */

struct fields_case {
	const char *csv;
	enum err rc;
	uint32_t mask;
	const char *text;   /* or the bad key */
};

#define B(f) (1u << (f))

static const struct fields_case fields_cases[] = {
	{ "job_role,biography", ERR_OK, B(MF_JOB_ROLE) | B(MF_BIOGRAPHY),
	  "job_role,biography" },
	{ "biography, job_role,", ERR_OK, B(MF_JOB_ROLE) | B(MF_BIOGRAPHY),
	  "job_role,biography" },
	{ "", ERR_OK, 0, "" },
	{ NULL, ERR_OK, 0, "" },
	{ "preferred_name,pronouns,contact_email,phone,photo,job_role,"
	  "organisation,specialty,site,previous_organisations,statement,"
	  "reasons,support_areas,availability,max_travel,formats,keywords,"
	  "biography,skills,training", ERR_OK, (1u << MF__MAX) - 1,
	  "preferred_name,pronouns,contact_email,phone,photo,job_role,"
	  "organisation,specialty,site,previous_organisations,statement,"
	  "reasons,support_areas,availability,max_travel,formats,keywords,"
	  "biography,skills,training" },
	{ "job_role,ethnicity", ERR_BAD_INPUT, 0, "ethnicity" },
	{ "Job_Role", ERR_BAD_INPUT, 0, "Job_Role" },
	{ "job_role, sexual orientation ,skills", ERR_BAD_INPUT, 0,
	  "sexual orientation" },
	{ "job", ERR_BAD_INPUT, 0, "job" },
	{ "job_roles", ERR_BAD_INPUT, 0, "job_roles" },
};

static void
test_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fields_cases) / sizeof(fields_cases[0]);
	    i++) {
		const struct fields_case *c = &fields_cases[i];
		struct arena *a = arena_new(0);
		uint32_t mask = 0xdead;
		const char *bad = NULL;
		enum err rc = match_fields_parse(a, c->csv, &mask, &bad);

		if (rc != c->rc)
			fail_msg("case %zu: rc %d, want %d", i, rc, c->rc);
		if (rc != ERR_OK) {
			assert_int_equal(mask, 0xdead);
			assert_non_null(bad);
			assert_string_equal(bad, c->text);
		} else {
			if (mask != c->mask)
				fail_msg("case %zu: mask %x", i, mask);
			assert_string_equal(match_fields_text(a, mask),
			    c->text);
		}
		arena_free(a);
	}
}

static void
test_field_table(void **state)
{
	(void)state;
	for (int i = 0; i < MF__MAX; i++) {
		assert_non_null(match_fields[i].key);
		assert_non_null(match_fields[i].label);
		assert_true(match_fields[i].label[0] >= 'A' &&
		    match_fields[i].label[0] <= 'Z');
		for (int j = 0; j < i; j++)
			assert_string_not_equal(match_fields[i].key,
			    match_fields[j].key);
	}
	assert_string_equal(match_fields[MF_JOB_ROLE].label,
	    "Job role or training grade");
	assert_string_equal(match_fields[MF_STATEMENT].label,
	    "Personal statement");
	assert_string_equal(match_fields[MF_KEYWORDS].label,
	    "Standard keywords");
	assert_string_equal(match_fields[MF_TRAINING].label,
	    "Mentor training record");
}

/* ---- completeness ---- */

struct missing_case {
	uint32_t required, filled;
	const char *role;
	uint32_t want;
};

static const struct missing_case missing_cases[] = {
	{ 0, 0, "mentee", 0 },
	{ B(MF_JOB_ROLE), 0, "mentee", B(MF_JOB_ROLE) },
	{ B(MF_JOB_ROLE), B(MF_JOB_ROLE), "mentee", 0 },
	/* the other role's part is never required */
	{ B(MF_BIOGRAPHY) | B(MF_TRAINING), 0, "mentee", 0 },
	{ B(MF_STATEMENT) | B(MF_MAX_TRAVEL), 0, "mentor", 0 },
	{ B(MF_BIOGRAPHY) | B(MF_STATEMENT), 0, "mentor", B(MF_BIOGRAPHY) },
	{ B(MF_BIOGRAPHY) | B(MF_STATEMENT), 0, "mentee", B(MF_STATEMENT) },
	/* either and shared parts apply to both */
	{ B(MF_KEYWORDS) | B(MF_FORMATS) | B(MF_PHOTO), B(MF_FORMATS), "mentor",
	  B(MF_KEYWORDS) | B(MF_PHOTO) },
	{ B(MF_KEYWORDS) | B(MF_FORMATS) | B(MF_PHOTO), B(MF_FORMATS), "mentee",
	  B(MF_KEYWORDS) | B(MF_PHOTO) },
	/* filled fields that are not required do not matter */
	{ B(MF_SKILLS), (1u << MF__MAX) - 1, "mentor", 0 },
	/* an unknown role: shared and either only */
	{ B(MF_SKILLS) | B(MF_STATEMENT) | B(MF_SITE), 0, "admin", B(MF_SITE) },
	{ B(MF_SKILLS) | B(MF_SITE), 0, NULL, B(MF_SITE) },
};

static void
test_missing(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(missing_cases) / sizeof(missing_cases[0]);
	    i++) {
		const struct missing_case *c = &missing_cases[i];
		uint32_t got = match_missing(c->required, c->filled, c->role);

		if (got != c->want)
			fail_msg("case %zu: %x, want %x", i, got, c->want);
	}
}

/* ---- rules and exclusions in words ---- */

static void
test_rule_words(void **state)
{
	(void)state;
	assert_int_equal(match_rule_parse("same"), MATCH_SAME);
	assert_int_equal(match_rule_parse("different"), MATCH_DIFFERENT);
	assert_int_equal(match_rule_parse("any"), MATCH_ANY);
	assert_int_equal(match_rule_parse("Same"), MATCH_ANY);
	assert_int_equal(match_rule_parse(""), MATCH_ANY);
	assert_int_equal(match_rule_parse(NULL), MATCH_ANY);
	for (int r = MATCH_ANY; r <= MATCH_DIFFERENT; r++)
		assert_int_equal(match_rule_parse(match_rule_text(
		    (enum match_rule)r)), r);
	assert_string_equal(match_rule_text((enum match_rule)99), "any");

	for (int x = 0; x < MX__MAX; x++) {
		const char *t = match_exclusion_text((enum match_exclusion)x);

		assert_non_null(t);
		assert_true(t[0] >= 'A' && t[0] <= 'Z');
		for (int y = 0; y < x; y++)
			assert_string_not_equal(t, match_exclusion_text(
			    (enum match_exclusion)y));
	}
	assert_string_equal(match_exclusion_text(MX_CONFLICT),
	    "Declared as the mentee's educational supervisor, appraiser or "
	    "another conflict of interest");
	assert_non_null(match_exclusion_text(MX__MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_score_details),
		cmocka_unit_test(test_miles),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_field_table),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_rule_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
