/*
 * files.h - stored uploads: photos, certificates and (later) documents
 * live in <data>/files/ under generated names (32 random hex
 * characters and an extension we chose), never under the name a
 * browser sent.  Writes are atomic (temporary file, fsync, rename), so a
 * crash leaves either the old state or the new file, never half of one.
 */
#ifndef TANDEM_CORE_FILES_H
#define TANDEM_CORE_FILES_H

#include <stddef.h>

#include "core/err.h"

struct arena;

#define FILES_NAME_MAX 48   /* 32 hex + "." + extension + NUL, with room */

/* Read a whole file of at most max bytes into the arena (NUL added after
 * the data, not counted in *len).  ERR_IO when it cannot be read,
 * ERR_TOO_LARGE when it is longer than max. */
enum err files_read(struct arena *a, const char *path, size_t max,
    unsigned char **data, size_t *len);

/* Store bytes as <data_dir>/files/<random>.<ext> (mode 0600) and give
 * back the generated name.  ext: "jpg", "png", "webp", "pdf" ...
 * ERR_STORAGE when the disk is full, over quota, read-only or failing
 * (noted with incident_failure, not logged here); ERR_IO otherwise. */
enum err files_store(const char *data_dir, const void *data, size_t len,
    const char *ext, char name[FILES_NAME_MAX]);

/* The full path of a stored name, from the arena.  NULL when the name is
 * not one files_store could have made (so a name from the database can
 * never walk out of the directory). */
const char *files_path(struct arena *a, const char *data_dir, const char *name);

/* Write all of p to fd, retrying short writes and EINTR: ERR_IO on
 * failure (errno set). */
enum err files_write_all(int fd, const void *p, size_t len);

/* Delete a stored file; a missing one is not an error. */
enum err files_remove(const char *data_dir, const char *name);

/* A name a browser sent, made safe to keep and to offer as a download
 * name (NOTE-1): only what follows the last '/' or '\\' (so
 * "../../etc/passwd" gives "passwd"); invalid UTF-8, control characters
 * (C0, DEL, C1) and the bidirectional overrides that can disguise an
 * extension (U+202A..U+202E, U+2066..U+2069) dropped; leading and
 * trailing spaces and dots trimmed; at most max characters (not bytes),
 * keeping the extension when it is short.  "" when nothing is left (the
 * caller picks a default).  From the arena. */
const char *files_clean_name(struct arena *a, const char *uploaded, size_t max);

#endif
