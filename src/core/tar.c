/*
 * tar.c - ustar writer and reader for backups (tar.h).
 *
 * The writer buffers 64 KiB and keeps a sticky error, so a caller adds
 * members freely and learns of a failed write at tar_finish.  The
 * reader trusts nothing in a header: the checksum is verified, the
 * size parsed with bounds, the name offered to the caller's accept
 * function and opened with O_EXCL | O_NOFOLLOW inside the given
 * directory, so a hostile archive can neither walk out of it nor
 * overwrite a member extracted earlier.
 */
#include "core/tar.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/files.h"
#include "core/log.h"

#define BLOCK 512
#define BUF_SIZE (64 * 1024)
#define OCTAL_SIZE_MAX 077777777777ULL       /* 11 octal digits */
#define MEMBER_SIZE_MAX (1ULL << 44)           /* 16 TiB: refuse nonsense */

struct tar_writer {
	int fd;
	char *path;
	unsigned char *buf;
	size_t used;
	uint64_t total;
	bool is_failed;
};

/* ---- writing ---- */

static void
flush(struct tar_writer *w)
{
	if (!w->is_failed && w->used > 0 && files_write_all(w->fd, w->buf, w->used) != ERR_OK) {
		log_error("tar: cannot write %s: %s", w->path, strerror(errno));
		w->is_failed = true;
	}
	w->used = 0;
}

static void
put(struct tar_writer *w, const void *data, size_t len)
{
	const unsigned char *p = data;
	w->total += len;
	while (len > 0) {
		size_t room = BUF_SIZE - w->used;
		size_t k = len < room ? len : room;
		memcpy(w->buf + w->used, p, k);
		w->used += k;
		p += k;
		len -= k;
		if (w->used == BUF_SIZE)
			flush(w);
	}
}

static void
pad(struct tar_writer *w, uint64_t size)
{
	static const unsigned char zero[BLOCK];
	size_t rest = (size_t)(size % BLOCK);
	if (rest)
		put(w, zero, BLOCK - rest);
}

static void
octal(unsigned char *field, size_t width, uint64_t v)
{
	/* width - 1 digits and a NUL */
	field[width - 1] = '\0';
	for (size_t i = width - 1; i-- > 0;) {
		field[i] = (unsigned char)('0' + (v & 7));
		v >>= 3;
	}
}

static bool
header(struct tar_writer *w, const char *name, uint64_t size, int64_t mtime)
{
	unsigned char h[BLOCK] = {0};
	size_t len = strlen(name);
	if (len == 0 || len >= TAR_NAME_MAX)
		return false;
	memcpy(h, name, len);
	octal(h + 100, 8, 0600);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	if (size <= OCTAL_SIZE_MAX) {
		octal(h + 124, 12, size);
	} else {
		h[124] = 0x80;                   /* GNU base-256 */
		for (int i = 11; i >= 1; i--, size >>= 8)
			h[124 + i] = (unsigned char)(size & 0xff);
	}
	octal(h + 136, 12, mtime > 0 ? (uint64_t)mtime : 0);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "tandem", 6);
	memcpy(h + 297, "tandem", 6);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < BLOCK; i++)
		sum += h[i];
	octal(h + 148, 7, sum);              /* six digits, NUL, then the space */
	h[155] = ' ';
	put(w, h, BLOCK);
	return true;
}

enum err
tar_create(const char *path, struct tar_writer **out)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		log_error("tar: cannot create %s: %s", path, strerror(errno));
		return ERR_IO;
	}
	(void)fchmod(fd, 0600);   /* an older file of that name may have had another */
	struct tar_writer *w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	w->path = xmalloc(strlen(path) + 1);
	memcpy(w->path, path, strlen(path) + 1);
	w->buf = xmalloc(BUF_SIZE);
	*out = w;
	return ERR_OK;
}

static void
to_hex(const unsigned char d[crypto_hash_sha256_BYTES], char out[TAR_SHA256_HEX])
{
	sodium_bin2hex(out, TAR_SHA256_HEX, d, crypto_hash_sha256_BYTES);
}

enum err
tar_add_file(struct tar_writer *w, const char *name, const char *src, int64_t mtime,
    char sha256[TAR_SHA256_HEX], uint64_t *size)
{
	enum err rc = ERR_IO;
	unsigned char *chunk = NULL;
	int fd = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_error("tar: cannot read %s: %s", src, strerror(errno));
		goto out;
	}
	/* stored files are never changed in place (files.h: a new name
	 * each time), so the size read now is the size to the end */
	uint64_t len = (uint64_t)st.st_size, done = 0;
	if (!header(w, name, len, mtime))
		goto out;
	crypto_hash_sha256_state hs;
	crypto_hash_sha256_init(&hs);
	chunk = xmalloc(BUF_SIZE);
	while (done < len) {
		size_t want = len - done < BUF_SIZE ? (size_t)(len - done) : BUF_SIZE;
		ssize_t r = read(fd, chunk, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			log_error("tar: %s changed while it was read", src);
			w->is_failed = true;
			goto out;
		}
		crypto_hash_sha256_update(&hs, chunk, (unsigned long long)r);
		put(w, chunk, (size_t)r);
		done += (uint64_t)r;
	}
	pad(w, len);
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&hs, d);
	to_hex(d, sha256);
	*size = len;
	rc = w->is_failed ? ERR_IO : ERR_OK;
out:
	free(chunk);
	if (fd >= 0)
		close(fd);
	return rc;
}

enum err
tar_add_bytes(struct tar_writer *w, const char *name, const void *data, size_t len,
    int64_t mtime)
{
	if (!header(w, name, len, mtime))
		return ERR_INTERNAL;
	put(w, data, len);
	pad(w, len);
	return w->is_failed ? ERR_IO : ERR_OK;
}

uint64_t
tar_bytes(const struct tar_writer *w)
{
	return w->total;
}

static void
writer_free(struct tar_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	free(w->buf);
	free(w->path);
	free(w);
}

enum err
tar_finish(struct tar_writer *w)
{
	static const unsigned char zero[2 * BLOCK];
	put(w, zero, sizeof(zero));
	flush(w);
	bool is_ok = !w->is_failed;
	if (is_ok && fsync(w->fd) != 0) {
		log_error("tar: cannot sync %s: %s", w->path, strerror(errno));
		is_ok = false;
	}
	if (close(w->fd) != 0)
		is_ok = false;
	w->fd = -1;
	writer_free(w);
	return is_ok ? ERR_OK : ERR_IO;
}

void
tar_abort(struct tar_writer *w)
{
	if (w != NULL)
		writer_free(w);
}

/* ---- reading ---- */

static bool
read_full(int fd, unsigned char *p, size_t len, size_t *got)
{
	*got = 0;
	while (*got < len) {
		ssize_t r = read(fd, p + *got, len - *got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false;
		if (r == 0)
			break;
		*got += (size_t)r;
	}
	return true;
}

/* An octal field (spaces or NULs may end it), or GNU base-256. */
static bool
parse_number(const unsigned char *f, size_t width, uint64_t *out)
{
	uint64_t v = 0;
	if (f[0] & 0x80) {
		if (f[0] != 0x80)
			return false;                  /* negative or too large */
		for (size_t i = 1; i < width; i++) {
			if (v >> 56)
				return false;
			v = v << 8 | f[i];
		}
		*out = v;
		return true;
	}
	size_t i = 0;
	while (i < width && f[i] == ' ')
		i++;
	size_t digits = 0;
	for (; i < width && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
		if (v >> 60)
			return false;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	for (; i < width; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return false;
	*out = v;
	return digits > 0;
}

static bool
checksum_ok(const unsigned char h[BLOCK])
{
	uint64_t want;
	if (!parse_number(h + 148, 8, &want))
		return false;
	unsigned sum = 0;
	for (size_t i = 0; i < BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == want;
}

static bool
all_zero(const unsigned char h[BLOCK])
{
	for (size_t i = 0; i < BLOCK; i++)
		if (h[i])
			return false;
	return true;
}

/* Copy `size` bytes (and the padding after them) from the archive into
 * a new file, hashing on the way. */
static enum err
extract_one(int in, const char *dest, uint64_t size, char sha256[TAR_SHA256_HEX],
    const char **why)
{
	enum err rc = ERR_IO;
	unsigned char *chunk = xmalloc(BUF_SIZE);
	int out = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (out < 0) {
		if (errno == EEXIST) {
			*why = "the archive holds the same member twice";
			rc = ERR_BAD_INPUT;
		} else {
			log_error("tar: cannot create %s: %s", dest, strerror(errno));
			*why = "a file could not be written (see the log)";
		}
		goto done;
	}
	crypto_hash_sha256_state hs;
	crypto_hash_sha256_init(&hs);
	uint64_t left = size + (BLOCK - size % BLOCK) % BLOCK, data = size;
	while (left > 0) {
		size_t want = left < BUF_SIZE ? (size_t)left : BUF_SIZE, got;
		if (!read_full(in, chunk, want, &got)) {
			*why = "the archive could not be read";
			goto done;
		}
		if (got < want) {
			*why = "the archive is cut short";
			rc = ERR_BAD_INPUT;
			goto done;
		}
		size_t keep = data < got ? (size_t)data : got;
		crypto_hash_sha256_update(&hs, chunk, keep);
		if (keep > 0 && files_write_all(out, chunk, keep) != ERR_OK) {
			log_error("tar: cannot write %s: %s", dest, strerror(errno));
			*why = "a file could not be written (see the log)";
			goto done;
		}
		data -= keep;
		left -= got;
	}
	if (fsync(out) != 0) {
		*why = "a file could not be written (see the log)";
		goto done;
	}
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&hs, d);
	to_hex(d, sha256);
	rc = ERR_OK;
done:
	if (out >= 0 && close(out) != 0 && rc == ERR_OK)
		rc = ERR_IO;
	free(chunk);
	return rc;
}

enum err
tar_extract(struct arena *a, const char *path, const char *dir, tar_accept_fn accept,
    struct tar_member **out, size_t *n, const char **why)
{
	enum err rc = ERR_BAD_INPUT;
	size_t cap = 16, count = 0;
	struct tar_member *m = arena_alloc(a, cap * sizeof(*m));
	*why = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = "the archive cannot be opened";
		return ERR_IO;
	}
	for (;;) {
		unsigned char h[BLOCK];
		size_t got;
		if (!read_full(fd, h, BLOCK, &got)) {
			*why = "the archive could not be read";
			rc = ERR_IO;
			goto out;
		}
		if (got < BLOCK) {
			*why = "the archive is cut short (no end-of-archive blocks)";
			goto out;
		}
		if (all_zero(h))
			break;                           /* the end */
		if (memcmp(h + 257, "ustar", 5) != 0 || !checksum_ok(h)) {
			*why = count == 0 ? "this is not a Tandem backup (not a tar archive)" :
			    "a member's header is damaged (bad checksum)";
			goto out;
		}
		if (h[156] != '0' && h[156] != '\0') {
			*why = "the archive holds something other than plain files";
			goto out;
		}
		char name[TAR_NAME_MAX + 1];
		memcpy(name, h, TAR_NAME_MAX);
		name[TAR_NAME_MAX] = '\0';
		uint64_t size;
		if (h[345] != '\0' || !parse_number(h + 124, 12, &size) ||
		    size > MEMBER_SIZE_MAX) {
			*why = "a member's header is damaged";
			goto out;
		}
		if (!accept(name)) {
			*why = "the archive holds a file a Tandem backup never has";
			goto out;
		}
		char *dest = arena_printf(a, "%s/%s", dir, name);
		if (count == cap) {
			struct tar_member *more = arena_alloc(a, 2 * cap * sizeof(*m));
			memcpy(more, m, cap * sizeof(*m));
			m = more;
			cap *= 2;
		}
		m[count].name = arena_strdup(a, name);
		m[count].size = size;
		if ((rc = extract_one(fd, dest, size, m[count].sha256, why)) != ERR_OK)
			goto out;
		rc = ERR_BAD_INPUT;
		count++;
	}
	rc = ERR_OK;
out:
	close(fd);
	*out = m;
	*n = count;
	return rc;
}
