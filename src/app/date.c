/*
 * date.c - calendar dates as people type them and as Tandem stores them
 * ("YYYY-MM-DD", UTC): the NHS date input's three boxes, real dates, and
 * today from the injectable clock.  Profiles (date of birth, a scheme's
 * date questions) and training records (completed, refresher due) use
 * these, so a date means the same thing everywhere.
 */
#include "app/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"

static bool
all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static bool
real_date(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

bool
app_date_is_real(const char *iso)
{
	if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-' ||
	    !all_digits(iso, 4) || !all_digits(iso + 5, 2) || !all_digits(iso + 8, 2))
		return false;
	int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
	    (iso[3] - '0');
	int m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int d = (iso[8] - '0') * 10 + (iso[9] - '0');
	return real_date(y, m, d);
}

void
app_today(char out[11])
{
	app_day_of(clock_now(), out);
}

/* A whole number of 1 to maxlen digits, or -1. */
static int
small_number(const char *s, size_t maxlen)
{
	size_t len = strlen(s);
	if (len == 0 || len > maxlen || !all_digits(s, len))
		return -1;
	int v = 0;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum err
app_date_from_parts(struct arena *a, const char *label, const char *day,
    const char *month, const char *year, const char **iso, const char **why)
{
	bool has_d = *day != '\0', has_m = *month != '\0', has_y = *year != '\0';

	*iso = "";
	*why = NULL;
	if (!has_d && !has_m && !has_y)
		return ERR_OK;
	if (!has_d || !has_m || !has_y) {
		const char *missing = !has_d ? (!has_m ? "a day and month" :
		    (!has_y ? "a day and year" : "a day")) :
		    (!has_m ? (!has_y ? "a month and year" : "a month") : "a year");
		*why = arena_printf(a, "%s must include %s", label, missing);
		return ERR_BAD_INPUT;
	}
	int d = small_number(day, 2), m = small_number(month, 2);
	int y = strlen(year) == 4 ? small_number(year, 4) : -1;
	if (strlen(year) != 4 && small_number(year, 4) >= 0) {
		*why = arena_printf(a, "%s year must include 4 numbers", label);
		return ERR_BAD_INPUT;
	}
	if (d < 0 || m < 0 || y < 0 || !real_date(y, m, d)) {
		*why = arena_printf(a, "%s must be a real date", label);
		return ERR_BAD_INPUT;
	}
	*iso = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return ERR_OK;
}

bool
app_date_is_past(const char *iso)
{
	char today[11];
	app_today(today);
	return app_date_is_real(iso) && strcmp(iso, today) < 0;
}

/* ---- a session's date and time ---- */

/* "14:30" or "9:05": *h and *mi set. */
static bool
parse_time(const char *t, int *h, int *mi)
{
	char tail;
	return t != NULL && sscanf(t, "%2d:%2d%c", h, mi, &tail) == 2 && *h >= 0 && *h <= 23 &&
	    *mi >= 0 && *mi <= 59;
}

bool
app_session_is_real(const char *when)
{
	int h, mi;
	char day[11];
	if (when == NULL || strlen(when) != 16 || when[10] != 'T')
		return false;
	memcpy(day, when, 10);
	day[10] = '\0';
	return app_date_is_real(day) && isdigit((unsigned char)when[11]) &&
	    parse_time(when + 11, &h, &mi);
}

enum err
app_session_from_parts(struct arena *a, const char *label, const char *what,
    const char *day, const char *month, const char *year, const char *time,
    const char **when, const char **why)
{
	*when = "";
	*why = NULL;
	if (!*day && !*month && !*year && !*time)
		return ERR_OK;
	const char *iso;
	if (app_date_from_parts(a, label, day, month, year, &iso, why) != ERR_OK)
		return ERR_BAD_INPUT;
	if (*iso == '\0') {
		*why = arena_printf(a, "Enter the date of %s", what);
		return ERR_BAD_INPUT;
	}
	int h, mi;
	if (!parse_time(time, &h, &mi)) {
		*why = arena_printf(a, "Enter the time of %s, like 14:30", what);
		return ERR_BAD_INPUT;
	}
	*when = arena_printf(a, "%sT%02d:%02d", iso, h, mi);
	return ERR_OK;
}

/* ---- dates in words ---- */

static const char *const month_names[] = {"January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December"};
static const char *const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday"};

void
app_day_of(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		memcpy(out, "1970-01-01", 11);
}

const char *
app_date_words(struct arena *a, const char *iso)
{
	if (!app_date_is_real(iso))
		return "";
	int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
	    (iso[3] - '0');
	int m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int d = (iso[8] - '0') * 10 + (iso[9] - '0');
	return arena_printf(a, "%d %s %d", d, month_names[m - 1], y);
}

const char *
app_time_words(struct arena *a, int64_t t, bool with_weekday)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		return "";
	return arena_printf(a, "%s%s%d %s %d", with_weekday ? day_names[tm.tm_wday] : "",
	    with_weekday ? " " : "", tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900);
}

const char *
app_session_words(struct arena *a, const char *when, bool with_weekday)
{
	if (!app_session_is_real(when))
		return "";
	int y = (when[0] - '0') * 1000 + (when[1] - '0') * 100 + (when[2] - '0') * 10 +
	    (when[3] - '0');
	struct tm tm = {.tm_year = y - 1900, .tm_mon = (when[5] - '0') * 10 + (when[6] - '0') - 1,
	    .tm_mday = (when[8] - '0') * 10 + (when[9] - '0'), .tm_hour = 12};
	return arena_printf(a, "%s at %.5s", app_time_words(a, (int64_t)timegm(&tm),
	    with_weekday), when + 11);
}
