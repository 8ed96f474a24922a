/*
 * files.c - stored uploads under generated names (files.h).
 *
 * Names are checked on the way back in (files_path): only [0-9a-f]{32}
 * followed by "." and up to 8 lower-case letters, so a corrupted or
 * hostile database row cannot name ../../etc/passwd.
 *
 * A store that fails because the disk is full, over quota, read-only or
 * failing (ENOSPC, EDQUOT, EROFS, EIO) is ERR_STORAGE and goes to
 * core/incident.h (logged once per incident); other failures are ERR_IO
 * and logged here.
 */
#include "core/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/incident.h"
#include "core/log.h"

enum err
files_read(struct arena *a, const char *path, size_t max, unsigned char **data,
    size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_warn("files: cannot open %s: %s", path, strerror(errno));
		return ERR_IO;
	}
	enum err rc = ERR_OK;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = ERR_IO;
		goto out;
	}
	if ((size_t)st.st_size > max) {
		rc = ERR_TOO_LARGE;
		goto out;
	}
	size_t n = (size_t)st.st_size, got = 0;
	unsigned char *buf = arena_alloc(a, n + 1);
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = ERR_IO;
			goto out;
		}
		got += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
out:
	close(fd);
	return rc;
}

static bool
name_ok(const char *name)
{
	size_t i = 0;
	for (; i < 32; i++)
		if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
			return false;
	if (name[i++] != '.')
		return false;
	size_t ext = 0;
	for (; name[i]; i++, ext++)
		if (name[i] < 'a' || name[i] > 'z' || ext == 8)
			return false;
	return ext > 0;
}

const char *
files_path(struct arena *a, const char *data_dir, const char *name)
{
	if (name == NULL || !name_ok(name))
		return NULL;
	return arena_printf(a, "%s/files/%s", data_dir, name);
}

enum err
files_write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ERR_IO;
		p += w;
		len -= (size_t)w;
	}
	return ERR_OK;
}

/* A failed write's errno: storage (an incident) or a plain ERR_IO. */
static enum err
write_failed(int e, const char *what, const char *path)
{
	if (incident_is_storage_errno(e)) {
		char where[128];
		snprintf(where, sizeof(where), "files: %s", what);
		incident_failure(where, strerror(e));
		return ERR_STORAGE;
	}
	log_error("files: cannot %s %s: %s", what, path, strerror(e));
	return ERR_IO;
}

enum err
files_store(const char *data_dir, const void *data, size_t len, const char *ext,
    char name[FILES_NAME_MAX])
{
	unsigned char rnd[16];
	crypto_random(rnd, sizeof(rnd));
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof(rnd); i++) {
		name[2 * i] = hex[rnd[i] >> 4];
		name[2 * i + 1] = hex[rnd[i] & 15];
	}
	int n = snprintf(name + 32, FILES_NAME_MAX - 32, ".%s", ext);
	if (n < 0 || n >= FILES_NAME_MAX - 32 || !name_ok(name))
		return ERR_INTERNAL;

	char dir[4096], tmp[4200], final[4200];
	snprintf(dir, sizeof(dir), "%s/files", data_dir);
	(void)mkdir(dir, 0700);
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%s", dir, name);
	snprintf(final, sizeof(final), "%s/%s", dir, name);

	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return write_failed(errno, "create", tmp);
	int e = 0;
	errno = 0;
	if (files_write_all(fd, data, len) != ERR_OK || fsync(fd) != 0)
		e = errno != 0 ? errno : EIO;   /* write() gave 0: no errno */
	if (close(fd) != 0 && e == 0)
		e = errno;      /* NFS and quotas may only say so here */
	if (e == 0 && rename(tmp, final) != 0)
		e = errno;
	if (e == 0)
		return ERR_OK;
	unlink(tmp);
	return write_failed(e, "store", final);
}

enum err
files_remove(const char *data_dir, const char *name)
{
	char path[4200];
	if (!name_ok(name))
		return ERR_BAD_INPUT;
	snprintf(path, sizeof(path), "%s/files/%s", data_dir, name);
	if (unlink(path) != 0 && errno != ENOENT) {
		log_warn("files: cannot remove %s: %s", path, strerror(errno));
		return ERR_IO;
	}
	return ERR_OK;
}

/* ---- names as uploaded (files_clean_name) ---- */

/* One UTF-8 sequence at s: its length and code point; 0 when invalid. */
static size_t
utf8_next(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		need = 2, *cp = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3, *cp = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4, *cp = c & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return need;
}

static bool
dropped(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0xfeff;
}

const char *
files_clean_name(struct arena *a, const char *uploaded, size_t max)
{
	if (uploaded == NULL)
		return "";
	const char *base = uploaded;
	for (const char *p = uploaded; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t len = strlen(base);
	char *out = arena_alloc(a, len + 1);
	size_t n = 0, chars = 0;
	/* keep what is allowed, counting characters */
	const unsigned char *s = (const unsigned char *)base;
	size_t *starts = arena_alloc(a, (len + 1) * sizeof(size_t));
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_next(s + i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (!dropped(cp)) {
			starts[chars++] = n;
			memcpy(out + n, s + i, k);
			n += k;
		}
		i += k;
	}
	starts[chars] = n;
	out[n] = '\0';
	/* trim spaces and dots at both ends (no hidden or dot-only names) */
	size_t first = 0, last = chars;
	while (first < last && (out[starts[first]] == ' ' || out[starts[first]] == '.'))
		first++;
	while (last > first && (out[starts[last - 1]] == ' ' || out[starts[last - 1]] == '.'))
		last--;
	if (first == last)
		return "";
	if (last - first > max) {
		/* keep a short extension: "long ... name.pdf" stays a .pdf */
		size_t dot = last;
		for (size_t c = last; c-- > first;)
			if (out[starts[c]] == '.') {
				dot = c;
				break;
			}
		size_t ext = last - dot;
		if (dot == last || ext > 10 || ext >= max)
			ext = 0;
		size_t keep = max - ext;
		char *r = arena_alloc(a, n + 1);
		size_t m = starts[first + keep] - starts[first];
		memcpy(r, out + starts[first], m);
		/* no space or dot left dangling before the extension */
		while (m > 0 && (r[m - 1] == ' ' || r[m - 1] == '.'))
			m--;
		if (ext > 0) {
			memcpy(r + m, out + starts[dot], starts[last] - starts[dot]);
			m += starts[last] - starts[dot];
		}
		r[m] = '\0';
		return r;
	}
	char *r = arena_alloc(a, starts[last] - starts[first] + 1);
	memcpy(r, out + starts[first], starts[last] - starts[first]);
	r[starts[last] - starts[first]] = '\0';
	return r;
}
