/*
 * date.h - calendar dates (date.c): "YYYY-MM-DD" in UTC, the NHS date
 * input's day, month and year boxes, and today from clock_now.
 */
#ifndef TANDEM_APP_DATE_H
#define TANDEM_APP_DATE_H

#include <stdbool.h>

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

#endif
