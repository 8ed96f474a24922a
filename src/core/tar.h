/*
 * tar.h - the backup archive's container: a plain POSIX ustar file that
 * `tar -tvf` lists and `tar -xf` unpacks, written and read here so that
 * `tandem backup` and `tandem restore` need no outside program.
 *
 * Only regular files are written or accepted (no directories, links or
 * devices); every member is stored with mode 0600.  Each member's
 * SHA-256 is computed while it is written or extracted, so a manifest
 * can be checked without reading anything twice.  Sizes above ustar's
 * 8 GiB octal limit use the GNU base-256 size field.
 *
 * core may use libsodium (crypto.c's exception): the SHA-256 is
 * libsodium's, the same as `sha256sum` prints.
 */
#ifndef TANDEM_CORE_TAR_H
#define TANDEM_CORE_TAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct tar_writer;

#define TAR_NAME_MAX 100     /* a member's name, without the ustar prefix */
#define TAR_SHA256_HEX 65    /* 64 hex digits and a NUL */

/* Create (or truncate) `path` with mode 0600 for writing.  ERR_IO with
 * the reason logged when it cannot be created. */
enum err tar_create(const char *path, struct tar_writer **out);

/* Append the regular file at src as member `name` (at most
 * TAR_NAME_MAX - 1 bytes), dated mtime (UTC seconds).  Gives back its
 * SHA-256 (hex) and size.  ERR_IO when src cannot be read or the
 * archive written. */
enum err tar_add_file(struct tar_writer *w, const char *name, const char *src,
    int64_t mtime, char sha256[TAR_SHA256_HEX], uint64_t *size);

/* Append len bytes of memory as member `name`. */
enum err tar_add_bytes(struct tar_writer *w, const char *name, const void *data,
    size_t len, int64_t mtime);

/* Bytes written so far (headers and padding included). */
uint64_t tar_bytes(const struct tar_writer *w);

/* Write the end-of-archive blocks, fsync and close; frees w in every
 * case.  ERR_IO when anything failed (including an earlier add). */
enum err tar_finish(struct tar_writer *w);

/* Close and free without finishing (the caller deletes the file). */
void tar_abort(struct tar_writer *w);

/* One extracted member. */
struct tar_member {
	const char *name;
	uint64_t size;
	char sha256[TAR_SHA256_HEX];
};

/* Decides whether a member may be extracted: true only for names the
 * caller expects (the archive is untrusted: this is what stops
 * "../x"). */
typedef bool (*tar_accept_fn)(const char *name);

/* Extract every member of the archive at path into dir/<name> (files
 * created with O_EXCL and mode 0600; subdirectories must exist).  The
 * members come back in archive order, names from the arena.
 * ERR_BAD_INPUT, with *why set to a sentence, when the archive is not a
 * ustar file, is cut short, has a bad checksum, holds anything but
 * regular files, or a member `accept` refuses or that appears twice;
 * ERR_IO when a file cannot be written. */
enum err tar_extract(struct arena *a, const char *path, const char *dir,
    tar_accept_fn accept, struct tar_member **out, size_t *n, const char **why);

#endif
