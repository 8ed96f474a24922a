/*
 * digest.c - the daily digest job (see digest.h).
 *
 * The job is checked every hour rather than every 24 hours, so the time
 * of day it sends does not depend on when the server was started; the
 * day it last sent is kept in the meta table, so a restart never sends
 * the same day's digest twice.  The clock is the injectable one.
 */
#include "jobs/digest.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/account.h"
#include "core/arena.h"
#include "core/log.h"
#include "db/db.h"
#include "jobs/scheduler.h"

#define META_KEY "digest_last_day"

int64_t
digest_run(void *ud, int64_t now)
{
	(void)ud;
	struct db *db = db_thread();
	if (db == NULL)
		return -1;
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	if (tm.tm_hour < DIGEST_HOUR)
		return -1;
	char today[16];
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);

	struct arena *a = arena_new(0);
	char *last = NULL;
	int64_t result = -1;
	enum err rc = db_meta_get(db, a, META_KEY, &last);
	if (rc == ERR_OK && strcmp(last, today) == 0)
		goto out;
	if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		goto out;
	/* mark the day first: a crash part-way must not send twice */
	if (db_meta_set(db, META_KEY, today) != ERR_OK)
		goto out;
	size_t sent = 0;
	if (app_digest_run(db, now, &sent) != ERR_OK)
		log_warn("digest: some daily summaries could not be queued");
	if (sent)
		log_info("digest: queued %zu daily summar%s", sent, sent == 1 ? "y" : "ies");
	result = (int64_t)sent;
out:
	arena_free(a);
	return result;
}

static void
run_job(void *ud, int64_t now)
{
	(void)digest_run(ud, now);
}

void
digest_register(struct scheduler *s)
{
	scheduler_add(s, "digest", 60 * 60, run_job, NULL);
}
