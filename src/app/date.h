/*
 * date.h - calendar dates (date.c): "YYYY-MM-DD" in UTC, the NHS date
 * input's day, month and year boxes, and today from clock_now.
 */
#ifndef TANDEM_APP_DATE_H
#define TANDEM_APP_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

/* Is iso a real date "YYYY-MM-DD" (years 1900-9999)? */
bool app_date_is_real(const char *iso);

/* Today's date (UTC, from clock_now) as "YYYY-MM-DD" in out. */
void app_today(char out[11]);

/* The NHS date input (day, month, year boxes) as "YYYY-MM-DD".  All
 * three empty: *iso = "" and ERR_OK.  Otherwise ERR_BAD_INPUT with *why
 * a sentence that starts with `label` ("Date completed must include a
 * year", "... must be a real date"), and *iso what could be made of it. */
enum err app_date_from_parts(struct arena *a, const char *label, const char *day,
    const char *month, const char *year, const char **iso, const char **why);

/* A real date before today. */
bool app_date_is_past(const char *iso);

/* ---- a session's date and time: "YYYY-MM-DDTHH:MM" ---- */

/* Is when a real date (years 1900-9999) and time of day? */
bool app_session_is_real(const char *when);

/* The date boxes and a time box ("14:30") as "YYYY-MM-DDTHH:MM".  All
 * empty: *when = "" and ERR_OK.  Otherwise ERR_BAD_INPUT with *why a
 * sentence ("Enter the date of the first session", "... must be a real
 * date", "Enter the time of the first session, like 14:30"); `label` is
 * the date's name ("First session date"), `what` the thing itself ("the
 * first session"). */
enum err app_session_from_parts(struct arena *a, const char *label, const char *what,
    const char *day, const char *month, const char *year, const char *time,
    const char **when, const char **why);

/* ---- dates in words, for pages and emails (UTC until schemes have a
 * time zone) ---- */

/* The day of Unix time t as "YYYY-MM-DD" in out. */
void app_day_of(int64_t t, char out[11]);
/* "3 March 2024" from "2024-03-03"; "" when iso is not a real date. */
const char *app_date_words(struct arena *a, const char *iso);
/* "23 November 2026" (with_weekday: "Monday 23 November 2026") from Unix
 * time t; "" for t <= 0. */
const char *app_time_words(struct arena *a, int64_t t, bool with_weekday);
/* "7 December 2026 at 14:30" (with_weekday: "Monday 7 December 2026 at
 * 14:30") from "2026-12-07T14:30"; "" when it is not a real date and
 * time. */
const char *app_session_words(struct arena *a, const char *when, bool with_weekday);

#endif
