/*
 * files.c - stored uploads under generated names (files.h).
 *
 * Names are checked on the way back in (files_path): only [0-9a-f]{32}
 * followed by "." and up to 8 lower-case letters, so a corrupted or
 * hostile database row cannot name ../../etc/passwd.
 */
#include "core/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/crypto.h"
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

static enum err
write_all(int fd, const unsigned char *p, size_t len)
{
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
	if (fd < 0) {
		log_error("files: cannot create %s: %s", tmp, strerror(errno));
		return ERR_IO;
	}
	enum err rc = write_all(fd, data, len);
	if (rc == ERR_OK && fsync(fd) != 0)
		rc = ERR_IO;
	if (close(fd) != 0)
		rc = ERR_IO;
	if (rc == ERR_OK && rename(tmp, final) != 0)
		rc = ERR_IO;
	if (rc != ERR_OK) {
		log_error("files: cannot store %s: %s", final, strerror(errno));
		unlink(tmp);
	}
	return rc;
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
