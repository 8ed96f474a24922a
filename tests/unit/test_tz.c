/*
 * test_tz.c - core/tz (SES-9): the POSIX rules of real zones across
 * their changes (London both ways, New York, Sydney in the southern
 * hemisphere, a zone without summer time), the skipped and the repeated
 * hour, names that must not load, the built-in table when tzdata is
 * absent, and a sweep against the C library's own reading of tzdata.
 *
 * Includes tz.c to reach its statics (zoneinfo_dir, parse_rule).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "core/tz.c"

/* 2026 changes, UTC */
#define LONDON_SPRING INT64_C(1774746000)   /* Sun 29 Mar 2026 01:00Z */
#define LONDON_AUTUMN INT64_C(1792890000)   /* Sun 25 Oct 2026 01:00Z */
#define NY_SPRING     INT64_C(1772953200)   /* Sun 8 Mar 2026 07:00Z */
#define NY_AUTUMN     INT64_C(1793512800)   /* Sun 1 Nov 2026 06:00Z */
#define SYD_START     INT64_C(1791043200)   /* Sat 3 Oct 2026 16:00Z */
#define SYD_END       INT64_C(1775318400)   /* Sat 4 Apr 2026 16:00Z */
#define MID_JULY      INT64_C(1782907200)   /* 1 Jul 2026 12:00Z */
#define MID_JAN       INT64_C(1768478400)   /* 15 Jan 2026 12:00Z */

struct local_case {
	const char *zone;
	int64_t utc;
	int year, month, day, hour, minute, offset;
	const char *abbrev;
};

static const struct local_case local_cases[] = {
	/* SES-9 London: 01:00 UTC on the last Sunday of March and October */
	{"Europe/London", LONDON_SPRING - 1, 2026, 3, 29, 0, 59, 0, "GMT"},
	{"Europe/London", LONDON_SPRING, 2026, 3, 29, 2, 0, 3600, "BST"},
	{"Europe/London", LONDON_AUTUMN - 1, 2026, 10, 25, 1, 59, 3600, "BST"},
	{"Europe/London", LONDON_AUTUMN, 2026, 10, 25, 1, 0, 0, "GMT"},
	{"Europe/London", MID_JULY, 2026, 7, 1, 13, 0, 3600, "BST"},
	{"Europe/London", MID_JAN, 2026, 1, 15, 12, 0, 0, "GMT"},
	/* New York: second Sunday of March, first of November, 02:00 local */
	{"America/New_York", NY_SPRING - 1, 2026, 3, 8, 1, 59, -5 * 3600, "EST"},
	{"America/New_York", NY_SPRING, 2026, 3, 8, 3, 0, -4 * 3600, "EDT"},
	{"America/New_York", NY_AUTUMN - 1, 2026, 11, 1, 1, 59, -4 * 3600, "EDT"},
	{"America/New_York", NY_AUTUMN, 2026, 11, 1, 1, 0, -5 * 3600, "EST"},
	/* Sydney: summer spans the new year */
	{"Australia/Sydney", MID_JAN, 2026, 1, 15, 23, 0, 11 * 3600, "AEDT"},
	{"Australia/Sydney", MID_JULY, 2026, 7, 1, 22, 0, 10 * 3600, "AEST"},
	{"Australia/Sydney", SYD_END - 1, 2026, 4, 5, 2, 59, 11 * 3600, "AEDT"},
	{"Australia/Sydney", SYD_END, 2026, 4, 5, 2, 0, 10 * 3600, "AEST"},
	{"Australia/Sydney", SYD_START - 1, 2026, 10, 4, 1, 59, 10 * 3600, "AEST"},
	{"Australia/Sydney", SYD_START, 2026, 10, 4, 3, 0, 11 * 3600, "AEDT"},
	/* no summer time; a half-hour offset; a quoted abbreviation */
	{"Asia/Kolkata", MID_JULY, 2026, 7, 1, 17, 30, 5 * 3600 + 1800, "IST"},
	{"Asia/Dubai", MID_JAN, 2026, 1, 15, 16, 0, 4 * 3600, "+04"},
	{"UTC", MID_JULY, 2026, 7, 1, 12, 0, 0, "UTC"},
};

static void
test_to_local(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(local_cases) / sizeof(local_cases[0]); i++) {
		const struct local_case *c = &local_cases[i];
		const struct tz *z = tz_get(c->zone);
		struct tz_local l;
		assert_non_null(z);
		assert_string_equal(tz_name(z), c->zone);
		tz_to_local(z, c->utc, &l);
		if (l.year != c->year || l.month != c->month || l.day != c->day ||
		    l.hour != c->hour || l.minute != c->minute || l.offset != c->offset ||
		    strcmp(l.abbrev, c->abbrev) != 0)
			fail_msg("case %zu (%s): %04d-%02d-%02d %02d:%02d %+d %s", i, c->zone,
			    l.year, l.month, l.day, l.hour, l.minute, l.offset, l.abbrev);
		assert_int_equal(l.is_dst, strcmp(c->abbrev, "BST") == 0 ||
		    strcmp(c->abbrev, "EDT") == 0 || strcmp(c->abbrev, "AEDT") == 0);
	}
}

struct from_case {
	const char *zone;
	int year, month, day, hour, minute;
	bool is_real;
	int64_t utc;
};

static const struct from_case from_cases[] = {
	/* SES-9: the skipped 01:30 in March does not exist */
	{"Europe/London", 2026, 3, 29, 1, 30, false, 0},
	{"Europe/London", 2026, 3, 29, 0, 59, true, LONDON_SPRING - 60},
	{"Europe/London", 2026, 3, 29, 2, 0, true, LONDON_SPRING},
	/* the repeated 01:30 in October is the first one, in BST */
	{"Europe/London", 2026, 10, 25, 1, 30, true, LONDON_AUTUMN - 1800},
	{"Europe/London", 2026, 10, 25, 2, 0, true, LONDON_AUTUMN + 3600},
	{"Europe/London", 2026, 7, 1, 13, 0, true, MID_JULY},
	{"Europe/London", 2026, 1, 15, 12, 0, true, MID_JAN},
	{"America/New_York", 2026, 3, 8, 2, 30, false, 0},
	{"America/New_York", 2026, 11, 1, 1, 30, true, NY_AUTUMN - 1800},
	{"Australia/Sydney", 2026, 10, 4, 2, 30, false, 0},
	{"Australia/Sydney", 2026, 4, 5, 2, 30, true, SYD_END - 1800},
	{"Australia/Sydney", 2026, 1, 15, 23, 0, true, MID_JAN},
	{"Asia/Kolkata", 2026, 7, 1, 17, 30, true, MID_JULY},
	/* not a date or time at all */
	{"Europe/London", 2026, 2, 29, 10, 0, false, 0},
	{"Europe/London", 2026, 4, 31, 10, 0, false, 0},
	{"Europe/London", 2026, 13, 1, 10, 0, false, 0},
	{"Europe/London", 2026, 1, 1, 24, 0, false, 0},
	{"Europe/London", 2026, 1, 1, 10, 60, false, 0},
	{"Europe/London", 2024, 2, 29, 10, 0, true, INT64_C(1709200800)},
};

static void
test_from_local(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(from_cases) / sizeof(from_cases[0]); i++) {
		const struct from_case *c = &from_cases[i];
		int64_t utc = -1;
		bool ok = tz_from_local(tz_get(c->zone), c->year, c->month, c->day, c->hour,
		    c->minute, &utc);
		if (ok != c->is_real || (ok && utc != c->utc))
			fail_msg("case %zu (%s %04d-%02d-%02d %02d:%02d): %d %lld", i, c->zone,
			    c->year, c->month, c->day, c->hour, c->minute, ok, (long long)utc);
	}
}

static void
test_names(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd",
		"Europe/Nowhere", "Europe/London ", "Europe\\London", "Europe//London",
		"-rf", "Europe/London\n", "zone.tab", "Europe/London;rm",
		"AVeryLongNameThatGoesOnAndOnAndOnBeyondAnyRealZoneNameAtAllReally/X",
	};
	assert_null(tz_get(NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (tz_get(bad[i]) != NULL)
			fail_msg("loaded %s", bad[i]);
	/* unknown names fall back to London, as do NULL and "" */
	assert_string_equal(tz_name(tz_or_default("Europe/Nowhere")), "Europe/London");
	assert_string_equal(tz_name(tz_or_default(NULL)), "Europe/London");
	assert_string_equal(tz_name(tz_or_default("")), "Europe/London");
	assert_string_equal(tz_name(tz_or_default("America/New_York")), "America/New_York");
	assert_string_equal(tz_name(tz_default()), "Europe/London");
	/* the same zone twice is the same object (cached) */
	assert_ptr_equal(tz_get("Europe/London"), tz_get("Europe/London"));
}

struct rule_case {
	const char *rule;
	bool is_valid;
	int std_offset, dst_offset;
};

static const struct rule_case rule_cases[] = {
	{"GMT0BST,M3.5.0/1,M10.5.0", true, 0, 3600},
	{"EST5EDT,M3.2.0,M11.1.0", true, -5 * 3600, -4 * 3600},
	{"EST5EDT", true, -5 * 3600, -4 * 3600},            /* default dates */
	{"AEST-10AEDT,M10.1.0,M4.1.0/3", true, 10 * 3600, 11 * 3600},
	{"IST-1GMT0,M10.5.0,M3.5.0/1", true, 3600, 0},      /* negative DST */
	{"<+03>-3", true, 3 * 3600, 3 * 3600},
	{"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", true, -3 * 3600, -2 * 3600},
	{"IST-5:30", true, 5 * 3600 + 1800, 5 * 3600 + 1800},
	{"XXX3:30:15", true, -(3 * 3600 + 1800 + 15), -(3 * 3600 + 1800 + 15)},
	{"ABC0DEF,J60/2,300/25", true, 0, 3600},
	{"EST5EDT,0/0,J365/25", true, -5 * 3600, -4 * 3600}, /* DST all year */
	{"", false, 0, 0},
	{"GMT", false, 0, 0},
	{"GM0", false, 0, 0},
	{"GMT0BST,M3.5.0/1", false, 0, 0},
	{"GMT0BST,M13.5.0,M10.5.0", false, 0, 0},
	{"GMT0BST,M3.6.0,M10.5.0", false, 0, 0},
	{"GMT0BST,M3.5.7,M10.5.0", false, 0, 0},
	{"GMT0BST,J0,J100", false, 0, 0},
	{"GMT0BST,M3.5.0/168,M10.5.0", false, 0, 0},
	{"GMT0BST,M3.5.0,M10.5.0x", false, 0, 0},
	{"<+0>-3", false, 0, 0},
	{"<+03-3", false, 0, 0},
	{"GMT25", false, 0, 0},
};

static void
test_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]); i++) {
		const struct rule_case *c = &rule_cases[i];
		struct tz z;
		memset(&z, 0, sizeof(z));
		bool ok = parse_rule(c->rule, &z);
		if (ok != c->is_valid || (ok && (z.std_offset != c->std_offset ||
		    z.dst_offset != c->dst_offset)))
			fail_msg("rule %zu \"%s\": %d %d %d", i, c->rule, ok, z.std_offset,
			    z.dst_offset);
	}

	/* Dublin's "negative DST": winter is GMT and is the DST part */
	struct tz z;
	struct tz_local l;
	memset(&z, 0, sizeof(z));
	assert_true(parse_rule("IST-1GMT0,M10.5.0,M3.5.0/1", &z));
	tz_to_local(&z, MID_JULY, &l);
	assert_string_equal(l.abbrev, "IST");
	assert_int_equal(l.offset, 3600);
	tz_to_local(&z, MID_JAN, &l);
	assert_string_equal(l.abbrev, "GMT");
	assert_int_equal(l.offset, 0);
	int64_t utc;
	assert_true(tz_from_local(&z, 2026, 10, 25, 1, 30, &utc));
	assert_int_equal(utc, LONDON_AUTUMN - 1800);        /* the first 01:30 */
	assert_false(tz_from_local(&z, 2026, 3, 29, 1, 30, &utc));

	/* J60 is 1 March even in a leap year; 59 (zero-based) is 29 Feb */
	struct rule r = {.kind = RULE_JULIAN1, .day = 60};
	int y, m, d;
	civil_from_days(rule_day(&r, 2024), &y, &m, &d);
	assert_int_equal(m * 100 + d, 301);
	r = (struct rule){.kind = RULE_JULIAN0, .day = 59};
	civil_from_days(rule_day(&r, 2024), &y, &m, &d);
	assert_int_equal(m * 100 + d, 229);
}

/* Without tzdata the built-in table still knows London, New York and
 * Sydney; other names are unknown.  Uses names no other test loads, as
 * loaded zones are cached. */
static void
test_builtin(void **state)
{
	(void)state;
	const char *saved = zoneinfo_dir;
	zoneinfo_dir = "/nonexistent-zoneinfo";
	const struct tz *z = tz_get("America/Chicago");
	assert_non_null(z);
	struct tz_local l;
	tz_to_local(z, MID_JULY, &l);
	assert_int_equal(l.offset, -5 * 3600);
	assert_string_equal(l.abbrev, "CDT");
	assert_null(tz_get("Africa/Lagos"));
	assert_non_null(tz_get("Pacific/Auckland"));
	zoneinfo_dir = saved;
}

/* Hour by hour through 2026 and 2027, our reading of the current rule
 * matches glibc's reading of the whole TZif file (skipped when tzdata
 * is not installed). */
static void
test_against_libc(void **state)
{
	(void)state;
	static const char *const zones[] = {
		"Europe/London", "America/New_York", "Australia/Sydney", "Europe/Paris",
		"Asia/Kolkata", "America/Sao_Paulo", "Australia/Lord_Howe", "Europe/Dublin",
		"Pacific/Chatham", "Asia/Tehran", "America/St_Johns",
	};
	FILE *f = fopen("/usr/share/zoneinfo/Europe/London", "rb");
	if (f == NULL)
		skip();
	fclose(f);
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		const struct tz *z = tz_get(zones[i]);
		assert_non_null(z);
		setenv("TZ", zones[i], 1);
		tzset();
		for (int64_t t = MID_JAN; t < MID_JAN + INT64_C(2) * 365 * 86400; t += 1800) {
			time_t tt = (time_t)t;
			struct tm tm;
			struct tz_local l;
			localtime_r(&tt, &tm);
			tz_to_local(z, t, &l);
			if (tm.tm_gmtoff != l.offset || tm.tm_hour != l.hour ||
			    tm.tm_mday != l.day || strcmp(tm.tm_zone, l.abbrev) != 0)
				fail_msg("%s at %lld: libc %ld %s, ours %d %s", zones[i],
				    (long long)t, tm.tm_gmtoff, tm.tm_zone, l.offset, l.abbrev);
			int64_t back;
			assert_true(tz_from_local(z, l.year, l.month, l.day, l.hour, l.minute,
			    &back));
			/* back is t, or the earlier instant of a repeated time */
			assert_true(back <= t && t - back <= 3600);
		}
	}
	unsetenv("TZ");
	tzset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_to_local),
		cmocka_unit_test(test_from_local),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_against_libc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
