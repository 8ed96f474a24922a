/*
 * housekeeping.c - the hourly tidy-up (see housekeeping.h): expired
 * sessions, reset links a day past their expiry, stale upload files, and
 * the audit log's head in the server log.
 *
 * Temporary upload files are normally deleted when their request ends;
 * only a crash leaves them.  Anything in DATA/tmp older than a day is
 * therefore debris.  Age is judged by the injectable clock so tests can
 * move time instead of waiting.
 */
#include "jobs/housekeeping.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "core/arena.h"
#include "db/audit.h"
#include "db/db.h"
#include "jobs/scheduler.h"

#define HOUR (60 * 60)
#define TMP_MAX_AGE (24 * HOUR)

static int64_t
sweep_tmp(const char *data, int64_t now)
{
	char dir[4096], path[4352];
	int64_t n = 0;
	snprintf(dir, sizeof(dir), "%s/tmp", data);
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (now - (int64_t)st.st_mtime > TMP_MAX_AGE && unlink(path) == 0)
			n++;
	}
	closedir(d);
	return n;
}

void
housekeeping_run(void *ud, int64_t now)
{
	struct housekeeping *hk = ud;
	int64_t sessions = 0;
	struct db *db = db_thread();
	if (db != NULL && db_sessions_purge(db, now, &sessions) != ERR_OK)
		log_warn("housekeeping: could not purge expired sessions");
	/* spent and expired reset links are kept a day (for the audit trail
	 * to make sense of "link expired" questions), then deleted */
	int64_t resets = 0;
	if (db != NULL && db_resets_purge(db, now - 24 * HOUR, &resets) != ERR_OK)
		log_warn("housekeeping: could not purge expired reset links");
	int64_t files = sweep_tmp(hk->cfg->data, now);
	hk->sessions_removed += sessions;
	hk->files_removed += files;
	if (sessions || files)
		log_info("housekeeping: removed %lld expired session(s), %lld stale "
		    "temporary file(s)", (long long)sessions, (long long)files);
	/* ADM-7: the audit log's head, outside the database (app/audit.h) */
	if (db != NULL) {
		struct arena *a = arena_new(0);
		int64_t head = 0;
		const char *hash = "";
		if (db_audit_last(db, a, &head, &hash) == ERR_OK && head != 0 &&
		    head != hk->audit_head_logged) {
			log_info("audit: newest entry %lld:%s (check later with `tandem audit "
			    "verify --head %lld:%s`)", (long long)head, hash, (long long)head, hash);
			hk->audit_head_logged = head;
		}
		arena_free(a);
	}
}

void
housekeeping_register(struct scheduler *s, const struct config *cfg,
    struct housekeeping *hk)
{
	hk->cfg = cfg;
	scheduler_add(s, "housekeeping", HOUR, housekeeping_run, hk);
}
