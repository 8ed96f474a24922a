/*
 * clock.h - the one source of "now", injectable for tests.
 *
 * All rules that depend on time (deadlines, expiry, retries, scheduled
 * jobs) read clock_now(), never time(2), so tests can pin or move time
 * instead of sleeping.  The override is process-wide and atomic.
 */
#ifndef TANDEM_CORE_CLOCK_H
#define TANDEM_CORE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since the Unix epoch (UTC). */
int64_t clock_now(void);

/* Pin time at `at` (tests), or move it by `by` seconds from wherever it
 * is; clock_real() goes back to the system clock. */
void clock_set(int64_t at);
void clock_advance(int64_t by);
void clock_real(void);

/* Format as "2026-11-23T20:14:21Z" into out (at least 21 bytes). */
void clock_iso8601(int64_t t, char *out, size_t len);

#endif
