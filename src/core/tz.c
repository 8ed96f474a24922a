/*
 * tz.c - time zones as POSIX TZ rules (SES-9).
 *
 * Design: a zone is its *current* rule, "GMT0BST,M3.5.0/1,M10.5.0" for
 * Europe/London.  The rule is read from the footer of the TZif file
 * (RFC 8536 section 3.3: version 2+ files end in "\n<rule>\n") under
 * /usr/share/zoneinfo, or, when tzdata is not installed, from a small
 * built-in table.  The rule is parsed once into offsets and two
 * transition rules; converting an instant is then pure arithmetic on
 * civil dates, with no use of TZ, tzset() or localtime(), which are
 * process-wide and not safe to switch per request.
 *
 * Traps:
 * - POSIX offsets count hours WEST of Greenwich ("EST5" is UTC-5); we
 *   store seconds EAST, like struct tz_local.
 * - The start of summer time is given in standard (winter) local time,
 *   the end in summer local time.
 * - In the southern hemisphere summer time spans the new year: the
 *   start comes after the end in the same year.
 * - Rule times may be negative or up to 167 hours (RFC 8536 3.3.1).
 * - Zone names reach here from forms: a name is letters, digits and
 *   "/_+-" only, with no "..", no leading "/", so it can never leave the
 *   zoneinfo folder.
 *
 * Zones are cached in a list under a mutex and never freed; only names
 * that loaded are cached, so the list is bounded by the zone files that
 * exist.  `zoneinfo_dir` is a variable so unit tests (which #include
 * this file) can point it at an empty folder to test the fallback.
 */
#include "core/tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_NAME_MAX 64
#define TZ_RULE_MAX 128

enum rule_kind { RULE_JULIAN1, RULE_JULIAN0, RULE_MONTH };

/* When a change happens in a year: a day and a time of day (seconds,
 * local time, may be negative or beyond a day). */
struct rule {
	enum rule_kind kind;
	int day;                      /* Jn: 1..365; n: 0..365 */
	int month, week, weekday;     /* Mm.w.d */
	int time;
};

struct tz {
	char name[TZ_NAME_MAX];
	char std_abbrev[8], dst_abbrev[8];
	int std_offset, dst_offset;   /* seconds east of UTC */
	bool has_dst;
	struct rule start, end;       /* start in standard time, end in DST */
	struct tz *next;
};

/* Rules for when tzdata is absent (containers, minimal images). */
static const struct {
	const char *name, *rule;
} builtin[] = {
	{"Europe/London", "GMT0BST,M3.5.0/1,M10.5.0"},
	{"Europe/Belfast", "GMT0BST,M3.5.0/1,M10.5.0"},
	{"Europe/Jersey", "GMT0BST,M3.5.0/1,M10.5.0"},
	{"Europe/Guernsey", "GMT0BST,M3.5.0/1,M10.5.0"},
	{"Europe/Isle_of_Man", "GMT0BST,M3.5.0/1,M10.5.0"},
	{"GB", "GMT0BST,M3.5.0/1,M10.5.0"},
	{"Europe/Dublin", "IST-1GMT0,M10.5.0,M3.5.0/1"},
	{"UTC", "UTC0"},
	{"Etc/UTC", "UTC0"},
	{"GMT", "GMT0"},
	{"Etc/GMT", "GMT0"},
	{"Europe/Paris", "CET-1CEST,M3.5.0,M10.5.0/3"},
	{"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"},
	{"Europe/Madrid", "CET-1CEST,M3.5.0,M10.5.0/3"},
	{"Europe/Lisbon", "WET0WEST,M3.5.0/1,M10.5.0"},
	{"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
	{"America/Chicago", "CST6CDT,M3.2.0,M11.1.0"},
	{"America/Los_Angeles", "PST8PDT,M3.2.0,M11.1.0"},
	{"Asia/Kolkata", "IST-5:30"},
	{"Asia/Dubai", "<+04>-4"},
	{"Asia/Singapore", "<+08>-8"},
	{"Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3"},
	{"Pacific/Auckland", "NZST-12NZDT,M9.5.0,M4.1.0/3"},
};

static const char *zoneinfo_dir = "/usr/share/zoneinfo";
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz *cache;

/* ---- civil dates ---- */

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static bool
is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int
weekday_of(int64_t days)
{
	return (int)(((days % 7) + 11) % 7);
}

/* ---- the POSIX rule ---- */

/* An abbreviation: 3+ letters, or <...> of letters, digits, + and -. */
static bool
parse_abbrev(const char **p, char out[8])
{
	const char *s = *p;
	size_t n = 0;
	if (*s == '<') {
		s++;
		while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '+' || *s == '-')
			s++, n++;
		if (*s != '>' || n < 3)
			return false;
		snprintf(out, 8, "%.*s", (int)(n < 7 ? n : 7), *p + 1);
		*p = s + 1;
		return true;
	}
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		s++, n++;
	if (n < 3)
		return false;
	snprintf(out, 8, "%.*s", (int)(n < 7 ? n : 7), *p);
	*p = s;
	return true;
}

static bool
parse_num(const char **p, int lo, int hi, int *out)
{
	const char *s = *p;
	int v = 0, n = 0;
	while (*s >= '0' && *s <= '9' && n < 4)
		v = v * 10 + (*s++ - '0'), n++;
	if (n == 0 || v < lo || v > hi)
		return false;
	*out = v;
	*p = s;
	return true;
}

/* [+-]hh[:mm[:ss]] as seconds; hours up to max_hours. */
static bool
parse_hms(const char **p, int max_hours, int *out)
{
	const char *s = *p;
	int sign = 1, h, m = 0, sec = 0;
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (!parse_num(&s, 0, max_hours, &h))
		return false;
	if (*s == ':') {
		s++;
		if (!parse_num(&s, 0, 59, &m))
			return false;
		if (*s == ':') {
			s++;
			if (!parse_num(&s, 0, 59, &sec))
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + sec);
	*p = s;
	return true;
}

/* ,date[/time] */
static bool
parse_change(const char **p, struct rule *r)
{
	const char *s = *p;
	if (*s++ != ',')
		return false;
	memset(r, 0, sizeof(*r));
	if (*s == 'J') {
		s++;
		r->kind = RULE_JULIAN1;
		if (!parse_num(&s, 1, 365, &r->day))
			return false;
	} else if (*s == 'M') {
		s++;
		r->kind = RULE_MONTH;
		if (!parse_num(&s, 1, 12, &r->month) || *s++ != '.' ||
		    !parse_num(&s, 1, 5, &r->week) || *s++ != '.' ||
		    !parse_num(&s, 0, 6, &r->weekday))
			return false;
	} else {
		r->kind = RULE_JULIAN0;
		if (!parse_num(&s, 0, 365, &r->day))
			return false;
	}
	r->time = 2 * 3600;
	if (*s == '/') {
		s++;
		if (!parse_hms(&s, 167, &r->time))
			return false;
	}
	*p = s;
	return true;
}

/* Parse a whole POSIX TZ string into z (name left alone).  False for
 * anything malformed, including trailing text. */
static bool
parse_rule(const char *text, struct tz *z)
{
	const char *s = text;
	int off;
	if (!parse_abbrev(&s, z->std_abbrev) || !parse_hms(&s, 24, &off))
		return false;
	z->std_offset = -off;
	z->dst_offset = z->std_offset;
	z->has_dst = false;
	snprintf(z->dst_abbrev, sizeof(z->dst_abbrev), "%s", z->std_abbrev);
	if (*s == '\0')
		return true;
	if (!parse_abbrev(&s, z->dst_abbrev))
		return false;
	z->has_dst = true;
	z->dst_offset = z->std_offset + 3600;
	if (*s != ',' && *s != '\0') {
		if (!parse_hms(&s, 24, &off))
			return false;
		z->dst_offset = -off;
	}
	if (*s == '\0') {
		/* no dates: POSIX leaves it to the system; use the US rule,
		 * as glibc's "posixrules" does */
		return parse_change(&(const char *){",M3.2.0"}, &z->start) &&
		    parse_change(&(const char *){",M11.1.0"}, &z->end);
	}
	return parse_change(&s, &z->start) && parse_change(&s, &z->end) && *s == '\0';
}

/* Day number (since the epoch) on which rule r falls in year y. */
static int64_t
rule_day(const struct rule *r, int y)
{
	int64_t jan1 = days_from_civil(y, 1, 1);
	switch (r->kind) {
	case RULE_JULIAN1:
		/* 1..365, 29 February never counted */
		return jan1 + r->day - 1 + (is_leap(y) && r->day >= 60 ? 1 : 0);
	case RULE_JULIAN0:
		return jan1 + r->day;
	case RULE_MONTH:
	default: {
		int64_t first = days_from_civil(y, r->month, 1);
		int d = 1 + (r->weekday - weekday_of(first) + 7) % 7 + (r->week - 1) * 7;
		while (d > month_days(y, r->month))
			d -= 7;
		return first + d - 1;
	}
	}
}

/* Whether summer time is in force at a UTC instant. */
static bool
is_dst_at(const struct tz *z, int64_t utc)
{
	if (!z->has_dst)
		return false;
	int y, m, d;
	civil_from_days(floor_div(utc + z->std_offset, 86400), &y, &m, &d);
	int64_t start = rule_day(&z->start, y) * 86400 + z->start.time - z->std_offset;
	int64_t end = rule_day(&z->end, y) * 86400 + z->end.time - z->dst_offset;
	if (start < end)
		return utc >= start && utc < end;
	return utc >= start || utc < end;     /* southern hemisphere */
}

/* ---- loading and the cache ---- */

static bool
name_is_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n >= TZ_NAME_MAX || name[0] == '/' || name[0] == '-' ||
	    strstr(name, "..") != NULL || strstr(name, "//") != NULL)
		return false;
	for (const char *p = name; *p != '\0'; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '+' || c == '-'))
			return false;
	}
	return true;
}

/* The footer rule of a TZif file, or false (no file, version 1, no
 * footer, empty rule). */
static bool
read_footer(const char *name, char rule[TZ_RULE_MAX])
{
	char path[256];
	char tail[TZ_RULE_MAX + 2];
	bool ok = false;
	snprintf(path, sizeof(path), "%s/%s", zoneinfo_dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return false;
	char magic[5];
	if (fread(magic, 1, 5, f) != 5 || memcmp(magic, "TZif", 4) != 0 || magic[4] < '2')
		goto out;
	if (fseek(f, 0, SEEK_END) != 0)
		goto out;
	long size = ftell(f);
	long want = size < (long)sizeof(tail) ? size : (long)sizeof(tail);
	if (size < 0 || fseek(f, size - want, SEEK_SET) != 0)
		goto out;
	size_t n = fread(tail, 1, (size_t)want, f);
	if (n < 3 || tail[n - 1] != '\n')
		goto out;
	/* the rule is between the last two newlines */
	size_t end = n - 1, start = end;
	while (start > 0 && tail[start - 1] != '\n')
		start--;
	if (start == 0 || start == end || end - start >= TZ_RULE_MAX)
		goto out;
	memcpy(rule, tail + start, end - start);
	rule[end - start] = '\0';
	ok = true;
out:
	fclose(f);
	return ok;
}

static bool
load(const char *name, struct tz *z)
{
	char rule[TZ_RULE_MAX];
	memset(z, 0, sizeof(*z));
	snprintf(z->name, sizeof(z->name), "%s", name);
	if (read_footer(name, rule) && parse_rule(rule, z))
		return true;
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strcmp(builtin[i].name, name) == 0)
			return parse_rule(builtin[i].rule, z);
	return false;
}

const struct tz *
tz_get(const char *name)
{
	if (name == NULL || !name_is_valid(name))
		return NULL;
	pthread_mutex_lock(&cache_lock);
	struct tz *z;
	for (z = cache; z != NULL; z = z->next)
		if (strcmp(z->name, name) == 0)
			goto out;
	z = malloc(sizeof(*z));
	if (z == NULL)
		abort();
	if (!load(name, z)) {
		free(z);
		z = NULL;
		goto out;
	}
	z->next = cache;
	cache = z;
out:
	pthread_mutex_unlock(&cache_lock);
	return z;
}

static struct tz last_resort;

static void
init_last_resort(void)
{
	snprintf(last_resort.name, sizeof(last_resort.name), "Europe/London");
	if (!parse_rule(builtin[0].rule, &last_resort))
		abort();
}

const struct tz *
tz_default(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const struct tz *z = tz_get("Europe/London");
	if (z != NULL)
		return z;
	/* only if the built-in table lost London: never NULL */
	pthread_once(&once, init_last_resort);
	return &last_resort;
}

const struct tz *
tz_or_default(const char *name)
{
	const struct tz *z = name != NULL && name[0] != '\0' ? tz_get(name) : NULL;
	return z != NULL ? z : tz_default();
}

const char *
tz_name(const struct tz *z)
{
	return z->name;
}

void
tz_to_local(const struct tz *z, int64_t utc, struct tz_local *o)
{
	bool dst = is_dst_at(z, utc);
	int off = dst ? z->dst_offset : z->std_offset;
	int64_t t = utc + off;
	int64_t days = floor_div(t, 86400);
	int64_t secs = t - days * 86400;
	civil_from_days(days, &o->year, &o->month, &o->day);
	o->hour = (int)(secs / 3600);
	o->minute = (int)(secs / 60 % 60);
	o->second = (int)(secs % 60);
	o->weekday = weekday_of(days);
	o->offset = off;
	o->is_dst = dst;
	snprintf(o->abbrev, sizeof(o->abbrev), "%s", dst ? z->dst_abbrev : z->std_abbrev);
}

bool
tz_from_local(const struct tz *z, int year, int month, int day, int hour, int minute,
    int64_t *utc)
{
	if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > month_days(year, month) || hour < 0 || hour > 23 || minute < 0 ||
	    minute > 59)
		return false;
	int64_t wall = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60;
	/* Each offset the zone uses is a candidate; the one whose instant
	 * really has that offset wins.  Trying the larger offset first gives
	 * the earlier instant, so a repeated time is the first of the two;
	 * when neither fits, the time was skipped. */
	int hi = z->dst_offset > z->std_offset ? z->dst_offset : z->std_offset;
	int lo = z->dst_offset > z->std_offset ? z->std_offset : z->dst_offset;
	const int offs[] = {hi, lo};
	for (size_t i = 0; i < (z->has_dst ? 2u : 1u); i++) {
		int64_t t = wall - offs[i];
		int real = is_dst_at(z, t) ? z->dst_offset : z->std_offset;
		if (real == offs[i]) {
			*utc = t;
			return true;
		}
	}
	return false;
}
