/*
 * tz.h - time zones: UTC instants shown as wall-clock time in a scheme's
 * zone, and wall-clock times typed into a form turned back into UTC
 * (SES-9: sessions are stored in UTC and shown in the scheme's time
 * zone, Europe/London by default, summer time handled).
 *
 * A zone is its current POSIX TZ rule ("GMT0BST,M3.5.0/1,M10.5.0"),
 * read from the footer of the system's TZif file for the IANA name
 * (/usr/share/zoneinfo) or, when that is missing, from a small built-in
 * table (Europe/London, UTC and some twenty common zones).  Names are
 * checked (letters, digits, "/_+-", no "..") before any file is opened.
 * See docs/internals/time.md.  Rules only: historical changes before
 * the current rule are not modelled, which is right for sessions from
 * now on and close enough for the past few years.
 *
 * Thread-safe: zones are loaded once and cached; nothing here touches
 * the process's TZ or localtime().
 */
#ifndef TANDEM_CORE_TZ_H
#define TANDEM_CORE_TZ_H

#include <stdbool.h>
#include <stdint.h>

struct tz;

/* The zone for an IANA name, or NULL when it is unknown (not a name we
 * can load).  The result lives for the life of the process. */
const struct tz *tz_get(const char *name);

/* Europe/London, always available. */
const struct tz *tz_default(void);

/* tz_get(name), falling back to tz_default() for NULL, "" or unknown. */
const struct tz *tz_or_default(const char *name);

/* The zone's name as given to tz_get ("Europe/London"). */
const char *tz_name(const struct tz *z);

/* Wall-clock time at a UTC instant. */
struct tz_local {
	int year, month, day;          /* 1-based month and day */
	int hour, minute, second;
	int weekday;                   /* 0 Sunday .. 6 Saturday */
	int offset;                    /* seconds east of UTC (3600 in BST) */
	bool is_dst;
	char abbrev[8];                /* "GMT", "BST" */
};
void tz_to_local(const struct tz *z, int64_t utc, struct tz_local *out);

/*
 * The UTC instant of a wall-clock time in the zone.  Returns false when
 * the fields are not a real date and time, or when the time does not
 * exist that day (the hour skipped when the clocks go forward).  A time
 * that happens twice (the hour repeated when the clocks go back) is the
 * first of the two.
 */
bool tz_from_local(const struct tz *z, int year, int month, int day, int hour,
    int minute, int64_t *utc);

#endif
