/*
 * backup.c - backup, restore and check of a data directory (backup.h).
 *
 * Staging directories live under DATA/tmp (backup-XXXX, restore-XXXX),
 * on the same file system as DATA/files, so staging is hard links and
 * putting a restore in place is rename(2).  They are removed whatever
 * happens; one left by a crash is removed by hand (housekeeping only
 * sweeps plain files in DATA/tmp).
 *
 * A restore refuses the archive before anything is put in place when:
 * a member is not one a backup writes, a hash or size differs from the
 * MANIFEST, a member is missing from it or it from the archive, the
 * database fails integrity_check or foreign_key_check, or a file the
 * database names is absent (unless the backup itself recorded it as
 * missing from the data directory it was made from).
 */
#include "app/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/files.h"
#include "core/log.h"
#include "core/tar.h"
#include "db/backup.h"

#define MANIFEST_MAX (64 * 1024 * 1024)
#define ATTEMPTS 3
#define COPY_BUF (64 * 1024)

/* ---- small file-system helpers ---- */

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void
rm_tree(const char *dir)
{
	if (dir != NULL)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* DATA/tmp/PREFIX-<16 hex>, created 0700. */
static const char *
make_staging(struct arena *a, const char *data_dir, const char *prefix)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s/tmp", data_dir);
	(void)mkdir(tmp, 0700);
	unsigned char rnd[8];
	crypto_random(rnd, sizeof(rnd));
	const char *dir = arena_printf(a, "%s/%s-%02x%02x%02x%02x%02x%02x%02x%02x", tmp,
	    prefix, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
	if (mkdir(dir, 0700) != 0) {
		log_error("backup: cannot create %s: %s", dir, strerror(errno));
		return NULL;
	}
	if (mkdir(arena_printf(a, "%s/files", dir), 0700) != 0) {
		rm_tree(dir);
		return NULL;
	}
	return dir;
}

static bool
copy_file(const char *from, const char *to)
{
	bool is_ok = false;
	unsigned char *buf = xmalloc(COPY_BUF);
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (in < 0 || out < 0)
		goto done;
	for (;;) {
		ssize_t r = read(in, buf, COPY_BUF);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto done;
		if (r == 0)
			break;
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, (size_t)(r - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto done;
			off += w;
		}
	}
	is_ok = true;
done:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		is_ok = false;
	if (!is_ok && out >= 0)
		unlink(to);
	free(buf);
	return is_ok;
}

static bool
is_stored_name(const char *name)
{
	struct arena *t = arena_new(256);
	bool is = files_path(t, "", name) != NULL;
	arena_free(t);
	return is;
}

/* Link (or, across file systems, copy) every stored file of DATA/files
 * not yet in staging/files.  A file removed meanwhile is skipped. */
static enum err
stage_files(struct arena *a, const char *data_dir, const char *staging)
{
	const char *src = arena_printf(a, "%s/files", data_dir);
	DIR *d = opendir(src);
	if (d == NULL)
		return errno == ENOENT ? ERR_OK : ERR_IO;
	enum err rc = ERR_OK;
	struct dirent *de;
	struct arena *t = arena_new(0);
	while ((de = readdir(d)) != NULL) {
		if (!is_stored_name(de->d_name))
			continue;     /* ".", "..", an upload being written (.tmp-*) */
		const char *from = arena_printf(t, "%s/%s", src, de->d_name);
		const char *to = arena_printf(t, "%s/files/%s", staging, de->d_name);
		if (link(from, to) == 0 || errno == EEXIST || errno == ENOENT)
			continue;
		if (!copy_file(from, to) && errno != ENOENT) {
			log_error("backup: cannot stage %s: %s", from, strerror(errno));
			rc = ERR_IO;
			break;
		}
	}
	closedir(d);
	arena_free(t);
	return rc;
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The names in dir (stored names only), sorted. */
static const char **
list_dir(struct arena *a, const char *dir, size_t *n)
{
	size_t cap = 64;
	const char **names = arena_alloc(a, cap * sizeof(*names));
	*n = 0;
	DIR *d = opendir(dir);
	if (d == NULL)
		return names;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!is_stored_name(de->d_name))
			continue;
		if (*n == cap) {
			const char **more = arena_alloc(a, 2 * cap * sizeof(*names));
			memcpy(more, names, *n * sizeof(*names));
			names = more;
			cap *= 2;
		}
		names[(*n)++] = arena_strdup(a, de->d_name);
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), cmp_str);
	return names;
}

static bool
in_sorted(const char **names, size_t n, const char *name)
{
	return bsearch(&name, names, n, sizeof(*names), cmp_str) != NULL;
}

/* ---- check ---- */

static void
push(struct arena *a, const char ***list, size_t *n, const char *s)
{
	/* lists here are short; grow by copying in powers of two */
	if (*n == 0 || (*n & (*n - 1)) == 0) {
		size_t cap = *n == 0 ? 4 : *n * 2;
		const char **more = arena_alloc(a, cap * sizeof(**list));
		if (*n)
			memcpy(more, *list, *n * sizeof(**list));
		*list = more;
	}
	(*list)[(*n)++] = s;
}

void
app_check(struct arena *a, const char *data_dir, struct app_check_report *r)
{
	memset(r, 0, sizeof(*r));
	const char *db_file = arena_printf(a, "%s/tandem.db", data_dir);
	if (!exists(db_file)) {
		push(a, &r->problems, &r->nproblems,
		    arena_printf(a, "there is no database at %s", db_file));
		return;
	}
	const char **dbp;
	size_t ndbp;
	db_check_integrity(a, db_file, &dbp, &ndbp);
	for (size_t i = 0; i < ndbp; i++)
		push(a, &r->problems, &r->nproblems, dbp[i]);

	struct db_stored_file *f;
	size_t nf;
	const char *why;
	if (db_stored_files(a, db_file, &f, &nf, &why) != ERR_OK) {
		push(a, &r->problems, &r->nproblems,
		    arena_printf(a, "the stored files cannot be listed: %s", why));
		return;
	}
	const char *files_dir = arena_printf(a, "%s/files", data_dir);
	size_t non_disk;
	const char **on_disk = list_dir(a, files_dir, &non_disk);
	const char **named = arena_alloc(a, (nf + 1) * sizeof(*named));
	size_t nnames = 0;
	for (size_t i = 0; i < nf; i++) {
		named[i] = f[i].name;
		r->nreferenced++;
		const char *path = files_path(a, data_dir, f[i].name);
		struct stat st;
		if (path == NULL) {
			push(a, &r->problems, &r->nproblems, arena_printf(a,
			    "%s row %lld names a file \"%s\" Tandem could never have stored",
			    f[i].table, (long long)f[i].row_id, f[i].name));
			continue;
		}
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			push(a, &r->missing, &r->nmissing, arena_printf(a, "files/%s (%s row %lld)",
			    f[i].name, f[i].table, (long long)f[i].row_id));
			push(a, &r->missing_names, &nnames, f[i].name);
			continue;
		}
		if (f[i].size >= 0) {
			r->nsized++;
			if ((int64_t)st.st_size != f[i].size)
				push(a, &r->problems, &r->nproblems, arena_printf(a,
				    "files/%s (%s row %lld) is %lld bytes; the database says %lld",
				    f[i].name, f[i].table, (long long)f[i].row_id,
				    (long long)st.st_size, (long long)f[i].size));
		}
	}
	/* named is sorted: db_stored_files sorts by name */
	for (size_t i = 0; i < non_disk; i++)
		if (!in_sorted(named, nf, on_disk[i]))
			push(a, &r->unreferenced, &r->nunreferenced,
			    arena_printf(a, "files/%s", on_disk[i]));
}

/* ---- backup ---- */

struct buf_lite {
	char *p;
	size_t len, cap;
};

static void
manifest_line(struct buf_lite *m, struct arena *a, const char *line)
{
	size_t k = strlen(line);
	if (m->len + k + 2 > m->cap) {
		size_t cap = (m->cap ? m->cap * 2 : 4096) + k;
		char *more = arena_alloc(a, cap);
		if (m->len)
			memcpy(more, m->p, m->len);
		m->p = more;
		m->cap = cap;
	}
	memcpy(m->p + m->len, line, k);
	m->len += k;
	m->p[m->len++] = '\n';
}

/* Stage the files and the snapshot; *nf, *f: the files the snapshot
 * names.  ERR_CONFLICT when one of them is not staged (added and
 * removed again while this ran, or missing from the data directory)
 * and this is not the last attempt: the caller tries again, and on the
 * last attempt what is still missing is recorded as missing. */
static enum err
stage(struct arena *a, const char *data_dir, const char *staging, bool is_last,
    int *version, struct db_stored_file **f, size_t *nf, const char **why)
{
	enum err rc;
	const char *snap = arena_printf(a, "%s/tandem.db", staging);
	if ((rc = stage_files(a, data_dir, staging)) != ERR_OK) {
		*why = "the stored files could not be staged (see the log)";
		return rc;
	}
	if ((rc = db_snapshot(arena_printf(a, "%s/tandem.db", data_dir), snap, version)) !=
	    ERR_OK) {
		*why = rc == ERR_BUSY ? "the database stayed locked; try again" :
		    "the database could not be copied (see the log)";
		return rc;
	}
	if ((rc = stage_files(a, data_dir, staging)) != ERR_OK) {
		*why = "the stored files could not be staged (see the log)";
		return rc;
	}
	if (db_stored_files(a, snap, f, nf, why) != ERR_OK)
		return ERR_DB;
	for (size_t i = 0; i < *nf && !is_last; i++) {
		const char *p = files_path(a, staging, (*f)[i].name);
		if (p != NULL && !exists(p))
			return ERR_CONFLICT;
	}
	return ERR_OK;
}

enum err
app_backup(struct arena *a, const char *data_dir, const char *to,
    struct app_backup_result *r, const char **why)
{
	enum err rc = ERR_IO;
	struct tar_writer *w = NULL;
	const char *staging = NULL, *tmp = arena_printf(a, "%s.tmp", to);
	struct db_stored_file *f = NULL;
	size_t nf = 0;
	memset(r, 0, sizeof(*r));
	*why = "";

	if (!exists(arena_printf(a, "%s/tandem.db", data_dir))) {
		*why = "there is no database in that data directory";
		return ERR_NOT_FOUND;
	}
	for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
		rm_tree(staging);
		if ((staging = make_staging(a, data_dir, "backup")) == NULL) {
			*why = "a staging directory could not be made under DATA/tmp";
			goto out;
		}
		rc = stage(a, data_dir, staging, attempt == ATTEMPTS, &r->schema_version, &f,
		    &nf, why);
		if (rc != ERR_CONFLICT)
			break;
	}
	if (rc != ERR_OK)
		goto out;

	int64_t now = clock_now();
	char when[32];
	clock_iso8601(now, when, sizeof(when));
	struct buf_lite m = {0};
	manifest_line(&m, a, "tandem-backup 1");
	manifest_line(&m, a, arena_printf(a, "tandem %s", TANDEM_VERSION));
	manifest_line(&m, a, arena_printf(a, "schema %d", r->schema_version));
	manifest_line(&m, a, arena_printf(a, "created %s", when));

	if ((rc = tar_create(tmp, &w)) != ERR_OK) {
		*why = "the backup file could not be created";
		goto out;
	}
	char sha[TAR_SHA256_HEX];
	uint64_t size;
	if ((rc = tar_add_file(w, "tandem.db", arena_printf(a, "%s/tandem.db", staging), now,
	    sha, &size)) != ERR_OK) {
		*why = "the backup file could not be written";
		goto out;
	}
	r->db_bytes = size;
	manifest_line(&m, a, arena_printf(a, "file %s %llu tandem.db", sha,
	    (unsigned long long)size));
	for (size_t i = 0; i < nf; i++) {
		if (i > 0 && strcmp(f[i].name, f[i - 1].name) == 0)
			continue;              /* named twice: stored once */
		const char *p = files_path(a, staging, f[i].name);
		if (p == NULL)
			continue;              /* check reports it; nothing to copy */
		if (!exists(p)) {
			push(a, &r->missing, &r->nmissing, arena_printf(a, "files/%s", f[i].name));
			manifest_line(&m, a, arena_printf(a, "missing files/%s", f[i].name));
			continue;
		}
		const char *member = arena_printf(a, "files/%s", f[i].name);
		if ((rc = tar_add_file(w, member, p, now, sha, &size)) != ERR_OK) {
			*why = "the backup file could not be written";
			goto out;
		}
		manifest_line(&m, a, arena_printf(a, "file %s %llu %s", sha,
		    (unsigned long long)size, member));
		r->nfiles++;
		r->file_bytes += size;
	}
	size_t nstaged;
	list_dir(a, arena_printf(a, "%s/files", staging), &nstaged);
	r->nunreferenced = nstaged - r->nfiles;
	if ((rc = tar_add_bytes(w, "MANIFEST", m.p, m.len, now)) != ERR_OK) {
		*why = "the backup file could not be written";
		goto out;
	}
	rc = tar_finish(w);
	w = NULL;
	if (rc != ERR_OK) {
		*why = "the backup file could not be written";
		goto out;
	}
	if (rename(tmp, to) != 0) {
		log_error("backup: cannot rename %s: %s", tmp, strerror(errno));
		*why = "the backup file could not be put in place";
		rc = ERR_IO;
		goto out;
	}
	struct stat st;
	if (stat(to, &st) == 0)
		r->archive_bytes = (uint64_t)st.st_size;
	/* the rename itself must survive a power cut */
	char *dir = arena_strdup(a, to);
	char *slash = strrchr(dir, '/');
	const char *parent = slash == NULL ? "." : slash == dir ? "/" : (*slash = '\0', dir);
	int dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	rc = ERR_OK;
out:
	if (w != NULL)
		tar_abort(w);
	if (rc != ERR_OK)
		unlink(tmp);
	rm_tree(staging);
	return rc;
}

/* ---- restore ---- */

static bool
backup_member(const char *name)
{
	if (strcmp(name, "tandem.db") == 0 || strcmp(name, "MANIFEST") == 0)
		return true;
	return strncmp(name, "files/", 6) == 0 && is_stored_name(name + 6);
}

static bool
dir_is_empty(const char *dir, bool *is_missing)
{
	DIR *d = opendir(dir);
	*is_missing = d == NULL && errno == ENOENT;
	if (d == NULL)
		return *is_missing;
	struct dirent *de;
	bool is_empty = true;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			is_empty = false;
			break;
		}
	closedir(d);
	return is_empty;
}

/* The manifest against what was extracted: problems pushed to r. */
static void
check_manifest(struct arena *a, const char *staging, const struct tar_member *m, size_t n,
    struct app_restore_result *r)
{
	unsigned char *text;
	size_t len;
	bool *seen = arena_calloc(a, n + 1, sizeof(bool));
	if (files_read(a, arena_printf(a, "%s/MANIFEST", staging), MANIFEST_MAX, &text,
	    &len) != ERR_OK) {
		push(a, &r->problems, &r->nproblems, "the archive has no MANIFEST");
		return;
	}
	char *line = (char *)text, *next;
	bool is_first = true;
	for (; line != NULL && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (is_first) {
			if (strcmp(line, "tandem-backup 1") != 0) {
				push(a, &r->problems, &r->nproblems,
				    "the MANIFEST is not a Tandem backup's (version 1)");
				return;
			}
			is_first = false;
			continue;
		}
		if (strncmp(line, "missing ", 8) == 0) {
			push(a, &r->missing, &r->nmissing, arena_strdup(a, line + 8));
			continue;
		}
		if (strncmp(line, "file ", 5) != 0)
			continue;          /* tandem, schema, created: for people */
		char sha[TAR_SHA256_HEX] = "", name[TAR_NAME_MAX + 1] = "";
		unsigned long long size = 0;
		if (sscanf(line + 5, "%64s %llu %100s", sha, &size, name) != 3) {
			push(a, &r->problems, &r->nproblems,
			    arena_printf(a, "a MANIFEST line is damaged: %.80s", line));
			continue;
		}
		size_t i = 0;
		while (i < n && strcmp(m[i].name, name) != 0)
			i++;
		if (i == n) {
			push(a, &r->problems, &r->nproblems,
			    arena_printf(a, "%s is in the MANIFEST but not in the archive", name));
			continue;
		}
		seen[i] = true;
		if (m[i].size != size || strcmp(m[i].sha256, sha) != 0)
			push(a, &r->problems, &r->nproblems, arena_printf(a,
			    "%s does not match the MANIFEST (its bytes have changed)", name));
	}
	for (size_t i = 0; i < n; i++)
		if (!seen[i] && strcmp(m[i].name, "MANIFEST") != 0)
			push(a, &r->problems, &r->nproblems,
			    arena_printf(a, "%s is in the archive but not in the MANIFEST", m[i].name));
}

static bool
listed(const char **list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

enum err
app_restore(struct arena *a, const char *from, const char *data_dir, bool is_force,
    struct app_restore_result *r, const char **why)
{
	enum err rc = ERR_IO;
	const char *staging = NULL;
	memset(r, 0, sizeof(*r));
	*why = "";

	bool is_missing;
	if (!dir_is_empty(data_dir, &is_missing) && !is_force) {
		*why = "the data directory is not empty: restore into a new directory, or "
		    "stop Tandem and give --force to replace its database and files";
		return ERR_CONFLICT;
	}
	if (is_missing && mkdir(data_dir, 0700) != 0) {
		log_error("restore: cannot create %s: %s", data_dir, strerror(errno));
		*why = "the data directory could not be created";
		return ERR_IO;
	}
	if ((staging = make_staging(a, data_dir, "restore")) == NULL) {
		*why = "a staging directory could not be made under DATA/tmp";
		return ERR_IO;
	}
	struct tar_member *m;
	size_t n;
	const char *tar_why;
	rc = tar_extract(a, from, staging, backup_member, &m, &n, &tar_why);
	if (rc != ERR_OK) {
		*why = arena_printf(a, "the archive cannot be read: %s", tar_why);
		goto out;
	}
	check_manifest(a, staging, m, n, r);
	if (r->nproblems == 0) {
		struct app_check_report c;
		app_check(a, staging, &c);
		for (size_t i = 0; i < c.nproblems; i++)
			push(a, &r->problems, &r->nproblems, c.problems[i]);
		for (size_t i = 0; i < c.nmissing; i++)
			if (!listed(r->missing, r->nmissing,
			    arena_printf(a, "files/%s", c.missing_names[i])))
				push(a, &r->problems, &r->nproblems,
				    arena_printf(a, "missing from the archive: %s", c.missing[i]));
	}
	if (r->nproblems > 0) {
		*why = "the archive failed its checks; nothing was restored";
		rc = ERR_BAD_INPUT;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (strncmp(m[i].name, "files/", 6) == 0) {
			r->nfiles++;
			r->bytes += m[i].size;
		} else if (strcmp(m[i].name, "tandem.db") == 0) {
			r->bytes += m[i].size;
		}
	/* r->schema_version for the message: the snapshot's own */
	{
		unsigned char *text;
		size_t len;
		if (files_read(a, arena_printf(a, "%s/MANIFEST", staging), MANIFEST_MAX, &text,
		    &len) == ERR_OK) {
			const char *s = strstr((char *)text, "\nschema ");
			if (s != NULL)
				r->schema_version = (int)strtol(s + 8, NULL, 10);
		}
	}

	/* put in place: the old database's journal first (a stale -wal
	 * must never be replayed onto the restored file), then the
	 * database, then files/ swapped whole */
	rc = ERR_IO;
	const char *db_file = arena_printf(a, "%s/tandem.db", data_dir);
	unlink(arena_printf(a, "%s-wal", db_file));
	unlink(arena_printf(a, "%s-shm", db_file));
	if (rename(arena_printf(a, "%s/tandem.db", staging), db_file) != 0) {
		log_error("restore: cannot put %s in place: %s", db_file, strerror(errno));
		*why = "the database could not be put in place";
		goto out;
	}
	const char *files_dir = arena_printf(a, "%s/files", data_dir);
	if (exists(files_dir) &&
	    rename(files_dir, arena_printf(a, "%s/old-files", staging)) != 0) {
		*why = "the old files/ could not be moved aside";
		goto out;
	}
	if (rename(arena_printf(a, "%s/files", staging), files_dir) != 0) {
		*why = "files/ could not be put in place";
		goto out;
	}
	int dfd = open(data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	rc = ERR_OK;
out:
	rm_tree(staging);
	if (rc != ERR_OK && !is_force) {
		/* leave the directory as it was: missing or empty */
		rmdir(arena_printf(a, "%s/tmp", data_dir));
		if (is_missing)
			rmdir(data_dir);
	}
	return rc;
}
