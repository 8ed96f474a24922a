/*
 * multipart.h - streaming multipart/form-data parser (RFC 7578, RFC 2046).
 *
 * Fed the request body in whatever chunks the network delivers; chunk
 * boundaries may fall anywhere.  Text fields are collected in memory (up to
 * a limit) and handed back as struct param; file parts are streamed to
 * temporary files and handed back as struct upload.  Pure parser over
 * bytes: it knows nothing about HTTP beyond the Content-Type value.
 *
 * Ownership: the parser, every string and every struct upload it returns
 * live in the arena given to multipart_new.  The temporary files belong to
 * the parser until the caller claims one with multipart_keep; the caller
 * must call multipart_cleanup (before freeing the arena) whatever happened,
 * to close descriptors and unlink the files it still owns.
 *
 * Limits are exact and fail closed: a limit of 0 allows nothing (0 files,
 * 0-byte values ...), it does not mean "unlimited".
 */
#ifndef TANDEM_HTTP_MULTIPART_H
#define TANDEM_HTTP_MULTIPART_H

#include <stddef.h>

#include "core/err.h"
#include "http/param.h"

struct arena;

struct multipart_limits {
	size_t max_parts;        /* total parts */
	size_t max_header_len;   /* bytes of one part's headers, line ends
	                          * and the blank line included */
	size_t max_field_len;    /* bytes of one text field's value */
	size_t max_file_len;     /* bytes of one uploaded file */
	size_t max_files;        /* number of file parts */
};

struct upload {
	const char *field;        /* form field name */
	const char *filename;     /* client's filename, sanitised: basename
	                           * only, control chars removed; "" allowed.
	                           * For display only, never a path. */
	const char *content_type; /* as the client said, or
	                           * "application/octet-stream" */
	const char *path;         /* temporary file holding the bytes (in
	                           * tmpdir), or NULL when tmpdir was NULL */
	size_t len;
	unsigned char head[512];  /* the first bytes, for content sniffing */
	size_t head_len;
	struct upload *next;
};

struct multipart;

/*
 * content_type is the request's Content-Type header value; ERR_BAD_INPUT if
 * it is not multipart/form-data or has no valid boundary (quoted or
 * unquoted, 1..70 chars of RFC 2046 bchars, not ending in a space, given
 * once).  lim is copied.  tmpdir: directory for temporary files, created
 * with mkstemp (mode 0600); NULL discards file bytes but still counts and
 * limits them (for fuzzing).  tmpdir is not copied: it must outlive the
 * parser.  On error *out is NULL and nothing needs cleaning up.
 */
enum err multipart_new(struct arena *a, const char *content_type,
    const struct multipart_limits *lim, const char *tmpdir,
    struct multipart **out);

/*
 * Feed the next chunk.  ERR_TOO_LARGE as soon as any limit is passed (so
 * the server can answer 413 early), ERR_BAD_INPUT on malformed input,
 * ERR_IO if creating or writing a temporary file fails -- except for
 * storage failures (ENOSPC, EDQUOT, EROFS, EIO: noted in core/incident.h):
 * the file is dropped at once and reading goes on, for multipart_finish
 * to say ERR_STORAGE with the text fields.  After an error,
 * further calls return the same error.  Bytes after the closing delimiter
 * (the epilogue) are ignored.
 */
enum err multipart_feed(struct multipart *m, const char *data, size_t len);

/*
 * End of body: ERR_BAD_INPUT unless the closing delimiter was seen (or the
 * sticky error from multipart_feed).  On success *fields gets the text
 * fields (values UTF-8-validated, NUL rejected) and *uploads the file
 * parts, each in input order; either may be NULL.  Every upload's
 * temporary file is complete and closed.  On error both are NULL, except
 * ERR_STORAGE (a temporary file met a full disk): then *fields has every
 * text field, for the 503 page to offer them again, and *uploads the file
 * parts with path NULL (no file is kept; all are already unlinked).
 */
enum err multipart_finish(struct multipart *m, struct param **fields,
    struct upload **uploads);

/*
 * The caller took ownership of u->path (renamed it away, or will delete it
 * itself): multipart_cleanup will not unlink it.  u must be an upload this
 * parser returned.  Setting u->path = NULL has the same effect.
 */
void multipart_keep(struct multipart *m, struct upload *u);

/*
 * Close and unlink every temporary file still owned by the parser.  Always
 * safe to call, also after errors; idempotent; NULL allowed.  After it,
 * multipart_feed and multipart_finish return ERR_INTERNAL (unless an
 * earlier error sticks).
 */
void multipart_cleanup(struct multipart *m);

#endif
