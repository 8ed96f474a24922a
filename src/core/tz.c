/*
 * tz.c - PROVISIONAL: Europe/London and UTC only, hard-coded.  The
 * calendar helper replaces this with the POSIX-rule implementation that
 * tz.h describes; the interface stays.
 */
#include "core/tz.h"

#include <stdio.h>
#include <string.h>

struct tz {
	const char *name;
	bool has_dst;
};

static const struct tz london = {"Europe/London", true};
static const struct tz utc_zone = {"UTC", false};

const struct tz *
tz_get(const char *name)
{
	if (name == NULL)
		return NULL;
	if (strcmp(name, "Europe/London") == 0)
		return &london;
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
		return &utc_zone;
	return NULL;
}

const struct tz *
tz_default(void)
{
	return &london;
}

const struct tz *
tz_or_default(const char *name)
{
	const struct tz *z = name != NULL && name[0] != '\0' ? tz_get(name) : NULL;
	return z != NULL ? z : &london;
}

const char *
tz_name(const struct tz *z)
{
	return z->name;
}

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

/* The UTC instant of 01:00 UTC on the last Sunday of a month. */
static int64_t
last_sunday_0100(int year, int month)
{
	int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
	int64_t last = days_from_civil(ny, nm, 1) - 1;
	int64_t wd = ((last % 7) + 11) % 7;   /* 1970-01-01 was a Thursday (4) */
	return (last - wd) * 86400 + 3600;
}

static int
offset_at(const struct tz *z, int64_t utc)
{
	if (!z->has_dst)
		return 0;
	int y, m, d;
	civil_from_days(utc >= 0 ? utc / 86400 : (utc - 86399) / 86400, &y, &m, &d);
	return utc >= last_sunday_0100(y, 3) && utc < last_sunday_0100(y, 10) ? 3600 : 0;
}

void
tz_to_local(const struct tz *z, int64_t utc, struct tz_local *o)
{
	int off = offset_at(z, utc);
	int64_t t = utc + off;
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	civil_from_days(days, &o->year, &o->month, &o->day);
	o->hour = (int)(secs / 3600);
	o->minute = (int)(secs / 60 % 60);
	o->second = (int)(secs % 60);
	o->weekday = (int)(((days % 7) + 11) % 7);
	o->offset = off;
	o->is_dst = off != 0;
	snprintf(o->abbrev, sizeof(o->abbrev), "%s", !z->has_dst ? "UTC" :
	    off != 0 ? "BST" : "GMT");
}

bool
tz_from_local(const struct tz *z, int year, int month, int day, int hour, int minute,
    int64_t *utc)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > mdays[month - 1] || hour < 0 || hour > 23 || minute < 0 || minute > 59)
		return false;
	if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		return false;
	int64_t wall = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60;
	/* try the larger offset first, so a repeated time is the earlier one */
	const int offs[] = {3600, 0};
	for (size_t i = 0; i < 2; i++) {
		int64_t t = wall - offs[i];
		if (offset_at(z, t) == offs[i]) {
			*utc = t;
			return true;
		}
	}
	return false;   /* the skipped hour */
}
