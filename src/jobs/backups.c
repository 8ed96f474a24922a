/*
 * backups.c - scheduled backups with retention (backups.h).
 *
 * Names carry the UTC time, so sorting them sorts by age; retention
 * deletes the oldest beyond `keep`, and only after a backup succeeded
 * (a failing disk never eats the backups that are already there), with
 * any tandem-*.tar.tmp a killed run left behind.  A
 * failure is logged as an error each time (runs are hours apart); the
 * first success after failures says so.
 */
#include "jobs/backups.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/backup.h"
#include "core/arena.h"
#include "core/log.h"
#include "jobs/scheduler.h"

#define HOUR 3600

/* tandem-YYYYMMDD-HHMMSS.tar */
static bool
is_ours(const char *name)
{
	static const char pattern[] = "tandem-########-######.tar";
	if (strlen(name) != sizeof(pattern) - 1)
		return false;
	for (size_t i = 0; pattern[i]; i++)
		if (pattern[i] == '#' ? (name[i] < '0' || name[i] > '9') : name[i] != pattern[i])
			return false;
	return true;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Delete the oldest of our archives beyond keep; how many went. */
static int64_t
prune(struct arena *a, const char *dir, int64_t keep)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	size_t n = 0, cap = 16;
	const char **names = arena_alloc(a, cap * sizeof(*names));
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		/* an archive of ours a killed run left half-written: this run
		 * has just finished its own, so any such file is dead */
		size_t len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".tmp") == 0) {
			char *base = arena_strndup(a, de->d_name, len - 4);
			const char *p = arena_printf(a, "%s/%s", dir, de->d_name);
			if (is_ours(base) && unlink(p) == 0)
				log_info("backup: removed %s, left unfinished by an "
				    "earlier run", p);
			continue;
		}
		if (!is_ours(de->d_name))
			continue;
		if (n == cap) {
			const char **more = arena_alloc(a, 2 * cap * sizeof(*names));
			memcpy(more, names, n * sizeof(*names));
			names = more;
			cap *= 2;
		}
		names[n++] = arena_strdup(a, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	int64_t removed = 0;
	for (size_t i = 0; keep >= 0 && i + (size_t)keep < n; i++) {
		const char *p = arena_printf(a, "%s/%s", dir, names[i]);
		if (unlink(p) == 0)
			removed++;
		else
			log_warn("backup: cannot remove old backup %s: %s", p, strerror(errno));
	}
	return removed;
}

void
backups_job_run(void *ud, int64_t now)
{
	struct backups_job *job = ud;
	struct arena *a = arena_new(0);
	struct app_backup_result r;
	const char *why = "";
	char stamp[32];
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (mkdir(job->dir, 0700) != 0 && errno != EEXIST)
		log_error("backup: cannot create %s: %s", job->dir, strerror(errno));
	const char *to = arena_printf(a, "%s/tandem-%s.tar", job->dir, stamp);
	job->runs++;
	if (app_backup(a, job->data_dir, to, &r, &why) != ERR_OK) {
		job->failures++;
		job->is_failing = true;
		log_error("backup: scheduled backup to %s failed: %s", to, why);
		goto out;
	}
	int64_t removed = prune(a, job->dir, job->keep);
	job->removed += removed;
	log_info("backup: wrote %s (%llu bytes, %zu stored files)%s; removed %lld old "
	    "backup(s)", to, (unsigned long long)r.archive_bytes, r.nfiles,
	    job->is_failing ? " after earlier failures" : "", (long long)removed);
	if (r.nmissing > 0)
		log_warn("backup: the database names %zu stored file(s) missing from the data "
		    "directory (run `tandem check`)", r.nmissing);
	job->is_failing = false;
out:
	arena_free(a);
}

void
backups_job_register(struct scheduler *s, struct backups_job *job)
{
	if (job->dir == NULL || *job->dir == '\0')
		return;
	int64_t hours = job->every_hours < 1 ? 1 : job->every_hours;
	scheduler_add(s, "backup", hours * HOUR, backups_job_run, job);
}
