/*
 * clock.c - injectable clock (see clock.h).
 *
 * `offset` is added to the real time; when `pinned` is set, `fixed` is
 * returned instead.  clock_advance on a pinned clock moves `fixed`.
 */
#include "core/clock.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

static _Atomic int64_t offset;
static _Atomic int64_t fixed;
static _Atomic bool pinned;

int64_t
clock_now(void)
{
	if (atomic_load(&pinned))
		return atomic_load(&fixed);
	return (int64_t)time(NULL) + atomic_load(&offset);
}

void
clock_set(int64_t at)
{
	atomic_store(&fixed, at);
	atomic_store(&pinned, true);
}

void
clock_advance(int64_t by)
{
	if (atomic_load(&pinned))
		atomic_fetch_add(&fixed, by);
	else
		atomic_fetch_add(&offset, by);
}

void
clock_real(void)
{
	atomic_store(&pinned, false);
	atomic_store(&offset, 0);
}

void
clock_iso8601(int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	if (strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0 && len)
		out[0] = '\0';
}
