/*
 * multipart.c - streaming multipart/form-data parser (see multipart.h).
 *
 * Design: a byte-driven state machine that never looks back.  The body is
 *
 *     preamble  "--B" padding CRLF  headers CRLF  data
 *              CRLF "--B" padding CRLF  headers CRLF  data ...
 *              CRLF "--B--"  epilogue
 *
 * so every part's data ends at the delimiter CRLF "--" B.  The scanner
 * keeps `match`, the number of delimiter bytes matched so far; those bytes
 * are not buffered, because they are by definition a prefix of the
 * delimiter: on a mismatch they are handed on as data straight from
 * m->delim.  Chunk boundaries therefore cost nothing, wherever they fall.
 * The body is treated as if it began with CRLF (match starts at 2) so that
 * a first delimiter at offset 0 is found too.
 *
 * Why it is linear: the delimiter's first byte, CR, occurs nowhere else in
 * it (RFC 2046 bchars exclude CR, and multipart_new enforces that), so on
 * a mismatch no suffix of the matched bytes can start a new match; the
 * scanner drops back to 0 and looks at the current byte once more.  Each
 * input byte is examined at most twice, and runs without a CR are skipped
 * with memchr.  Headers are consumed line by line with memchr.
 *
 * Text fields accumulate in an arena buf; file parts stream through a 64
 * KiB write buffer into a mkstemp file.  Every temporary file is put on
 * m->owned the moment it exists, so multipart_cleanup finds it whatever
 * went wrong later.
 *
 * A full disk (ENOSPC, EDQUOT, EROFS, EIO: core/files.h's list) while a
 * temporary file is made or written is not a parse error: the file is
 * dropped at once (closed and unlinked, so no half file waits for the
 * rest of the body), the failure goes to core/incident.h, and the body
 * is read to its end with the file's bytes counted but not kept, so
 * that multipart_finish can hand back every text field with
 * ERR_STORAGE and the 503 page can offer what was typed again.
 *
 * Traps: a limit is checked before the bytes are accepted, so ERR_TOO_LARGE
 * comes on the feed that carries the first byte too many -- except that
 * bytes which might still be the start of a delimiter are counted only
 * once they are known to be data.  Header lines are judged when their LF
 * arrives, header size as bytes arrive.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkostemp */
#endif

#include "http/multipart.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/incident.h"
#include "http/form.h"

#define BOUNDARY_MAX 70
#define DELIM_MAX (4 + BOUNDARY_MAX)   /* CR LF "--" boundary */
#define WBUF_SIZE ((size_t)64 * 1024)
#define OCTET_STREAM "application/octet-stream"

enum state {
	S_PREAMBLE,     /* before the first delimiter: discarded */
	S_DELIM_END,    /* just after a delimiter */
	S_CLOSE_DASH,   /* after a delimiter and one '-' */
	S_PADDING,      /* transport padding after a delimiter */
	S_DELIM_CR,     /* CR ending a delimiter line */
	S_HEADERS,      /* a part's header lines */
	S_BODY,         /* a part's data */
	S_EPILOGUE,     /* after the close delimiter: discarded */
	S__MAX
};

/* An upload plus what the parser needs to clean up behind it. */
struct file {
	struct upload up;       /* first: multipart_keep is handed &f->up */
	char *tmp_path;         /* as created; up.path is the caller's */
	int fd;                 /* open until the part ends, else -1 */
	bool is_owned;          /* cleanup unlinks tmp_path */
	struct file *next_owned;
};

struct multipart {
	struct arena *a;
	struct multipart_limits lim;
	const char *tmpdir;
	char delim[DELIM_MAX];
	size_t delim_len;
	size_t match;           /* bytes of delim matched so far */
	enum state state;
	enum err err;           /* sticky */
	bool is_storage_failed; /* a file was dropped: disk full and such */
	bool is_clean;          /* multipart_cleanup ran */
	size_t n_parts;
	size_t n_files;

	/* the part being read */
	struct buf line;        /* the header line so far */
	size_t header_len;
	bool has_disposition;
	bool has_type;
	bool is_file;
	char *name;
	char *filename;
	char *content_type;
	struct buf value;       /* a text field's value */
	struct file *file;      /* the upload being written, or NULL */

	char *wbuf;             /* WBUF_SIZE bytes, made on first use */
	size_t wbuf_len;

	struct param *fields, **fields_tail;
	struct upload *uploads, **uploads_tail;
	struct file *owned;
};

/* A run of bytes inside a header value. */
struct span {
	const char *s;
	size_t len;
};

struct cursor {
	const char *s;
	size_t len;
	size_t i;
};

static bool
is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* RFC 7230 tchar. */
static bool
is_tchar(unsigned char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2046 bchars. */
static bool
is_bchar(unsigned char c)
{
	return is_alnum(c) || (c != '\0' && strchr("'()+_,-./:=? ", c));
}

/* ASCII case-insensitive comparison of a span with a lower-case word. */
static bool
span_ieq(struct span sp, const char *word)
{
	size_t len = strlen(word);

	if (sp.len != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)sp.s[i];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (c != (unsigned char)word[i])
			return false;
	}
	return true;
}

static void
skip_ows(struct cursor *c)
{
	while (c->i < c->len && is_ows((unsigned char)c->s[c->i]))
		c->i++;
}

/*
 * Read `OWS ";" OWS token OWS "=" OWS (value | quoted-string)` into name
 * and raw value (a quoted value keeps its quotes; see unquote).  *is_end
 * at the end of input, a trailing ';' allowed.  Unquoted values are taken
 * leniently (anything up to ';', space, tab or '"'): clients send
 * name=a[b] and the like.
 */
static enum err
next_param(struct cursor *c, struct span *name, struct span *value,
    bool *is_end)
{
	enum err rc = ERR_BAD_INPUT;
	size_t start;

	*is_end = false;
	skip_ows(c);
	if (c->i == c->len)
		goto end;
	if (c->s[c->i] != ';')
		goto out;
	c->i++;
	skip_ows(c);
	if (c->i == c->len)
		goto end;
	start = c->i;
	while (c->i < c->len && is_tchar((unsigned char)c->s[c->i]))
		c->i++;
	if (c->i == start)
		goto out;
	*name = (struct span){ c->s + start, c->i - start };
	skip_ows(c);
	if (c->i == c->len || c->s[c->i] != '=')
		goto out;
	c->i++;
	skip_ows(c);
	start = c->i;
	if (c->i < c->len && c->s[c->i] == '"') {
		for (c->i++;; c->i++) {
			if (c->i == c->len)
				goto out;       /* unterminated */
			if (c->s[c->i] == '"')
				break;
			if (c->s[c->i] == '\\' && c->i + 1 < c->len &&
			    (c->s[c->i + 1] == '"' || c->s[c->i + 1] == '\\'))
				c->i++;
		}
		c->i++;
	} else {
		while (c->i < c->len && !is_ows((unsigned char)c->s[c->i]) &&
		    c->s[c->i] != ';' && c->s[c->i] != '"')
			c->i++;
		if (c->i == start)
			goto out;
	}
	*value = (struct span){ c->s + start, c->i - start };
	rc = ERR_OK;
	goto out;
end:
	*is_end = true;
	rc = ERR_OK;
out:
	return rc;
}

/*
 * A value from next_param as an arena string.  In a quoted-string only \"
 * and \\ are escapes; any other backslash is literal, so that an old
 * client's filename="C:\dir\x.txt" keeps its separators.
 */
static char *
unquote(struct arena *a, struct span v, size_t *out_len)
{
	char *dst;
	size_t n = 0;

	if (v.len < 2 || v.s[0] != '"') {
		*out_len = v.len;
		return arena_strndup(a, v.s, v.len);
	}
	dst = arena_alloc(a, v.len - 1);
	for (size_t i = 1; i < v.len - 1; i++) {
		if (v.s[i] == '\\' && i + 1 < v.len - 1 &&
		    (v.s[i + 1] == '"' || v.s[i + 1] == '\\'))
			i++;
		dst[n++] = v.s[i];
	}
	dst[n] = '\0';
	*out_len = n;
	return dst;
}

static enum err
parse_content_type(struct arena *a, const char *ct, char *delim,
    size_t *delim_len)
{
	enum err rc = ERR_BAD_INPUT;
	struct cursor c = { ct, strlen(ct), 0 };
	struct span type;
	char *boundary = NULL;
	size_t boundary_len = 0;

	skip_ows(&c);
	type.s = ct + c.i;
	while (c.i < c.len && ct[c.i] != ';' && !is_ows((unsigned char)ct[c.i]))
		c.i++;
	type.len = (size_t)(ct + c.i - type.s);
	if (!span_ieq(type, "multipart/form-data"))
		goto out;
	for (;;) {
		struct span name, value;
		bool is_end;

		if (next_param(&c, &name, &value, &is_end) != ERR_OK)
			goto out;
		if (is_end)
			break;
		if (!span_ieq(name, "boundary"))
			continue;
		if (boundary != NULL)
			goto out;       /* two boundaries: ambiguous */
		boundary = unquote(a, value, &boundary_len);
	}
	if (boundary == NULL || boundary_len == 0 ||
	    boundary_len > BOUNDARY_MAX || boundary[boundary_len - 1] == ' ')
		goto out;
	for (size_t i = 0; i < boundary_len; i++)
		if (!is_bchar((unsigned char)boundary[i]))
			goto out;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, boundary_len);
	*delim_len = 4 + boundary_len;
	rc = ERR_OK;
out:
	return rc;
}

enum err
multipart_new(struct arena *a, const char *content_type,
    const struct multipart_limits *lim, const char *tmpdir,
    struct multipart **out)
{
	enum err rc = ERR_BAD_INPUT;
	struct multipart *m = NULL;
	char delim[DELIM_MAX];
	size_t delim_len;

	if (content_type == NULL)
		goto out;
	if ((rc = parse_content_type(a, content_type, delim, &delim_len)) !=
	    ERR_OK)
		goto out;
	m = arena_calloc(a, 1, sizeof(*m));
	m->a = a;
	m->lim = *lim;
	m->tmpdir = tmpdir;
	memcpy(m->delim, delim, delim_len);
	m->delim_len = delim_len;
	m->match = 2;           /* as if the body began with CRLF */
	m->state = S_PREAMBLE;
	buf_init_arena(&m->line, a, 0);
	buf_init_arena(&m->value, a, 0);
	m->fields_tail = &m->fields;
	m->uploads_tail = &m->uploads;
out:
	*out = m;
	return rc;
}

/* Sets errno when it fails. */
static enum err
write_all(int fd, const char *p, size_t len)
{
	enum err rc = ERR_OK;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = ERR_IO;
			goto out;
		}
		p += n;
		len -= (size_t)n;
	}
out:
	return rc;
}

/* Close and unlink f's temporary file now: its bytes are not kept. */
static void
file_drop(struct multipart *m, struct file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->is_owned && f->tmp_path != NULL)
		unlink(f->tmp_path);
	f->is_owned = false;
	f->up.path = NULL;
	if (m->file == f)
		m->wbuf_len = 0;
}

/*
 * Making, writing or closing f's temporary file failed with errno e.
 * Storage (the disk is full, over quota, read-only or failing): note the
 * incident, drop f and every file before it now (one kept alone is no
 * use, and their space is better free), make no more, and go on reading
 * (ERR_OK; multipart_finish says ERR_STORAGE).  Anything else is ERR_IO,
 * as before.
 */
static enum err
file_failed(struct multipart *m, struct file *f, int e)
{
	if (!incident_is_storage_errno(e))
		return ERR_IO;
	incident_failure("http: upload", strerror(e));
	m->is_storage_failed = true;
	file_drop(m, f);
	for (struct file *o = m->owned; o != NULL; o = o->next_owned)
		file_drop(m, o);
	return ERR_OK;
}

static enum err
file_flush(struct multipart *m)
{
	enum err rc = ERR_OK;

	if (m->wbuf_len > 0 &&
	    write_all(m->file->fd, m->wbuf, m->wbuf_len) != ERR_OK)
		rc = file_failed(m, m->file, errno);
	m->wbuf_len = 0;
	return rc;
}

static enum err
file_write(struct multipart *m, const char *p, size_t len)
{
	enum err rc = ERR_OK;
	struct upload *u = &m->file->up;

	if (len > m->lim.max_file_len - u->len) {
		rc = ERR_TOO_LARGE;
		goto out;
	}
	if (u->head_len < sizeof(u->head)) {
		size_t n = sizeof(u->head) - u->head_len;

		if (n > len)
			n = len;
		memcpy(u->head + u->head_len, p, n);
		u->head_len += n;
	}
	u->len += len;
	if (m->file->fd < 0)
		goto out;       /* no tmpdir: count, do not keep */
	if (len > WBUF_SIZE - m->wbuf_len &&
	    (rc = file_flush(m)) != ERR_OK)
		goto out;
	if (m->file->fd < 0)
		goto out;       /* the flush met a full disk: dropped */
	if (len >= WBUF_SIZE) {
		if (write_all(m->file->fd, p, len) != ERR_OK)
			rc = file_failed(m, m->file, errno);
	} else {
		memcpy(m->wbuf + m->wbuf_len, p, len);
		m->wbuf_len += len;
	}
out:
	return rc;
}

/* Bytes known to be data: to the part being read, or dropped. */
static enum err
emit(struct multipart *m, const char *p, size_t len)
{
	enum err rc = ERR_OK;

	if (m->state != S_BODY || len == 0)
		goto out;
	if (m->file != NULL) {
		rc = file_write(m, p, len);
		goto out;
	}
	if (len > m->lim.max_field_len - m->value.len) {
		rc = ERR_TOO_LARGE;
		goto out;
	}
	buf_append(&m->value, p, len);
	if (buf_err(&m->value))
		rc = ERR_TOO_LARGE;
out:
	return rc;
}

/* A delimiter line ended: the next part's headers begin. */
static enum err
part_start(struct multipart *m)
{
	enum err rc = ERR_OK;

	if (m->n_parts >= m->lim.max_parts) {
		rc = ERR_TOO_LARGE;
		goto out;
	}
	m->n_parts++;
	buf_reset(&m->line);
	m->header_len = 0;
	m->has_disposition = m->has_type = m->is_file = false;
	m->name = m->filename = m->content_type = NULL;
	m->state = S_HEADERS;
out:
	return rc;
}

/* The blank line after a part's headers: get ready for its data. */
static enum err
part_body(struct multipart *m)
{
	enum err rc = ERR_BAD_INPUT;
	struct file *f;

	if (!m->has_disposition)
		goto out;
	if (!m->is_file) {
		buf_init_arena(&m->value, m->a, 0);
		m->file = NULL;
		rc = ERR_OK;
		goto body;
	}
	if (m->n_files >= m->lim.max_files) {
		rc = ERR_TOO_LARGE;
		goto out;
	}
	m->n_files++;
	f = arena_calloc(m->a, 1, sizeof(*f));
	f->fd = -1;
	f->up.field = m->name;
	f->up.filename = m->filename;
	f->up.content_type = m->content_type ? m->content_type : OCTET_STREAM;
	m->file = f;
	if (m->tmpdir != NULL && !m->is_storage_failed) {
		f->tmp_path = arena_printf(m->a, "%s/tandem-upload-XXXXXX",
		    m->tmpdir);
		if ((f->fd = mkostemp(f->tmp_path, O_CLOEXEC)) < 0) {
			f->tmp_path = NULL;
			if ((rc = file_failed(m, f, errno)) != ERR_OK)
				goto out;
			goto body;      /* counted, not kept */
		}
		f->up.path = f->tmp_path;
		f->is_owned = true;
		f->next_owned = m->owned;
		m->owned = f;
		if (m->wbuf == NULL)
			m->wbuf = arena_alloc(m->a, WBUF_SIZE);
		m->wbuf_len = 0;
	}
	rc = ERR_OK;
body:
	m->state = S_BODY;
	m->match = 0;
out:
	return rc;
}

/* The delimiter after a part's data was seen: the part is complete. */
static enum err
part_end(struct multipart *m)
{
	enum err rc = ERR_OK;
	struct file *f = m->file;

	if (f != NULL) {
		if (f->fd >= 0 && (rc = file_flush(m)) != ERR_OK)
			goto out;
		if (f->fd >= 0) {
			int fd = f->fd;

			f->fd = -1;
			if (close(fd) != 0 &&
			    (rc = file_failed(m, f, errno)) != ERR_OK)
				goto out;
		}
		*m->uploads_tail = &f->up;
		m->uploads_tail = &f->up.next;
		m->file = NULL;
	} else {
		struct param *p;
		size_t len;
		char *value = buf_take(&m->value, &len);

		if (memchr(value, '\0', len) != NULL ||
		    !utf8_valid(value, len)) {
			rc = ERR_BAD_INPUT;
			goto out;
		}
		p = arena_alloc(m->a, sizeof(*p));
		p->name = m->name;
		p->value = value;
		p->value_len = len;
		p->next = NULL;
		*m->fields_tail = p;
		m->fields_tail = &p->next;
	}
out:
	return rc;
}

/* Is the code point of the valid UTF-8 sequence s[0..len) one that has no
 * business in a filename: C1 controls, bidi and line-separator marks? */
static bool
is_unsafe_sequence(const unsigned char *s, size_t len)
{
	uint32_t cp;

	if (len == 2)
		cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	else if (len == 3)
		cp = (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	else
		return false;
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * The client's filename as something safe to show: the part after the
 * last '/' or '\', without control characters, bidi overrides and the
 * like; each byte of invalid UTF-8 becomes '_'; "." and ".." become "".
 */
static char *
filename_sanitise(struct arena *a, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t start = 0, n = 0;
	char *out;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '/' || s[i] == '\\')
			start = i + 1;
	out = arena_alloc(a, len - start + 1);
	for (size_t i = start; i < len;) {
		unsigned char c = s[i];
		size_t seq = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (c < 0x80) {
			if (c >= 0x20 && c != 0x7f)
				out[n++] = (char)c;
			i++;
		} else if (seq <= len - i && utf8_valid(str + i, seq)) {
			if (!is_unsafe_sequence(s + i, seq)) {
				memcpy(out + n, s + i, seq);
				n += seq;
			}
			i += seq;
		} else {
			out[n++] = '_';
			i++;
		}
	}
	out[n] = '\0';
	if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		out[0] = '\0';
	return out;
}

static enum err
parse_disposition(struct multipart *m, const char *s, size_t len)
{
	enum err rc = ERR_BAD_INPUT;
	struct cursor c = { s, len, 0 };
	struct span type = { s, 0 };
	bool has_filename = false;

	while (c.i < len && is_tchar((unsigned char)s[c.i]))
		c.i++;
	type.len = c.i;
	if (!span_ieq(type, "form-data"))
		goto out;
	for (;;) {
		struct span name, value;
		bool is_end;
		size_t n;
		char *v;

		if (next_param(&c, &name, &value, &is_end) != ERR_OK)
			goto out;
		if (is_end)
			break;
		if (span_ieq(name, "name")) {
			if (m->name != NULL)
				goto out;
			m->name = unquote(m->a, value, &n);
			if (!utf8_valid(m->name, n))
				goto out;
		} else if (span_ieq(name, "filename")) {
			if (has_filename)
				goto out;
			has_filename = true;
			v = unquote(m->a, value, &n);
			m->filename = filename_sanitise(m->a, v, n);
			m->is_file = true;
		} else if (span_ieq(name, "filename*")) {
			/* RFC 7578 §4.2 says not to send it; still a file */
			m->is_file = true;
		}
	}
	if (m->name == NULL)
		goto out;
	if (m->is_file && m->filename == NULL)
		m->filename = arena_strdup(m->a, "");
	rc = ERR_OK;
out:
	return rc;
}

/* One complete header line, without its LF; the blank one ends headers. */
static enum err
header_line(struct multipart *m, const char *s, size_t len)
{
	enum err rc = ERR_BAD_INPUT;
	const char *colon;
	struct span name;
	const char *v;
	size_t v_len;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len == 0) {
		rc = part_body(m);
		goto out;
	}
	if (is_ows((unsigned char)s[0]))
		goto out;               /* obsolete line folding */
	if (memchr(s, '\0', len) != NULL || memchr(s, '\r', len) != NULL)
		goto out;
	if ((colon = memchr(s, ':', len)) == NULL || colon == s)
		goto out;
	name = (struct span){ s, (size_t)(colon - s) };
	for (size_t i = 0; i < name.len; i++)
		if (!is_tchar((unsigned char)s[i]))
			goto out;
	v = colon + 1;
	v_len = len - name.len - 1;
	while (v_len > 0 && is_ows((unsigned char)v[0])) {
		v++;
		v_len--;
	}
	while (v_len > 0 && is_ows((unsigned char)v[v_len - 1]))
		v_len--;
	if (span_ieq(name, "content-disposition")) {
		if (m->has_disposition)
			goto out;
		m->has_disposition = true;
		rc = parse_disposition(m, v, v_len);
	} else if (span_ieq(name, "content-type")) {
		if (m->has_type)
			goto out;
		m->has_type = true;
		for (size_t i = 0; i < v_len; i++) {
			unsigned char c = (unsigned char)v[i];
			if ((c < 0x20 && c != '\t') || c >= 0x7f)
				goto out;
		}
		if (v_len > 0)
			m->content_type = arena_strndup(m->a, v, v_len);
		rc = ERR_OK;
	} else {
		rc = ERR_OK;            /* other headers are ignored */
	}
out:
	return rc;
}

static enum err
headers(struct multipart *m, const char *data, size_t len, size_t *pos)
{
	enum err rc = ERR_OK;
	size_t i = *pos;

	while (i < len && m->state == S_HEADERS) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t take = nl ? (size_t)(nl - (data + i)) + 1 : len - i;

		if (take > m->lim.max_header_len - m->header_len) {
			rc = ERR_TOO_LARGE;
			goto out;
		}
		m->header_len += take;
		buf_append(&m->line, data + i, nl ? take - 1 : take);
		i += take;
		if (buf_err(&m->line)) {
			rc = ERR_TOO_LARGE;
			goto out;
		}
		if (nl != NULL) {
			rc = header_line(m, m->line.data ? m->line.data : "",
			    m->line.len);
			buf_reset(&m->line);
			if (rc != ERR_OK)
				goto out;
		}
	}
out:
	*pos = i;
	return rc;
}

/* Preamble or part data: pass bytes on until the delimiter is complete. */
static enum err
scan(struct multipart *m, const char *data, size_t len, size_t *pos)
{
	enum err rc = ERR_OK;
	size_t i = *pos;

	while (i < len) {
		if (m->match == 0) {
			const char *cr = memchr(data + i, '\r', len - i);
			size_t end = cr ? (size_t)(cr - data) : len;

			if ((rc = emit(m, data + i, end - i)) != ERR_OK)
				goto out;
			i = end;
			if (i < len) {
				m->match = 1;
				i++;
			}
			continue;
		}
		if (data[i] == m->delim[m->match]) {
			i++;
			if (++m->match < m->delim_len)
				continue;
			m->match = 0;
			if (m->state == S_BODY && (rc = part_end(m)) != ERR_OK)
				goto out;
			m->state = S_DELIM_END;
			break;
		}
		/* Not a delimiter after all: the matched bytes were data.
		 * Look at data[i] again with nothing matched. */
		if ((rc = emit(m, m->delim, m->match)) != ERR_OK)
			goto out;
		m->match = 0;
	}
out:
	*pos = i;
	return rc;
}

/* After "--boundary": "--" closes, else optional padding and a line end. */
static enum err
delim_tail(struct multipart *m, unsigned char c)
{
	enum err rc = ERR_OK;

	switch (m->state) {
	case S_DELIM_END:
	case S_PADDING:
		if (c == '-' && m->state == S_DELIM_END)
			m->state = S_CLOSE_DASH;
		else if (is_ows(c))
			m->state = S_PADDING;
		else if (c == '\r')
			m->state = S_DELIM_CR;
		else if (c == '\n')
			rc = part_start(m);
		else
			rc = ERR_BAD_INPUT;
		break;
	case S_CLOSE_DASH:
		if (c == '-')
			m->state = S_EPILOGUE;
		else
			rc = ERR_BAD_INPUT;
		break;
	case S_DELIM_CR:
		if (c == '\n')
			rc = part_start(m);
		else
			rc = ERR_BAD_INPUT;
		break;
	default:
		rc = ERR_INTERNAL;
		break;
	}
	return rc;
}

enum err
multipart_feed(struct multipart *m, const char *data, size_t len)
{
	enum err rc = m->err;
	size_t i = 0;

	while (rc == ERR_OK && i < len) {
		switch (m->state) {
		case S_PREAMBLE:
		case S_BODY:
			rc = scan(m, data, len, &i);
			break;
		case S_HEADERS:
			rc = headers(m, data, len, &i);
			break;
		case S_EPILOGUE:
			i = len;
			break;
		default:
			rc = delim_tail(m, (unsigned char)data[i++]);
			break;
		}
	}
	m->err = rc;
	return rc;
}

enum err
multipart_finish(struct multipart *m, struct param **fields,
    struct upload **uploads)
{
	enum err rc = m->err;

	if (rc == ERR_OK && m->state != S_EPILOGUE)
		rc = m->err = ERR_BAD_INPUT;
	if (rc == ERR_OK && m->is_storage_failed)
		rc = m->err = ERR_STORAGE;     /* every file already dropped */
	*fields = rc == ERR_OK || rc == ERR_STORAGE ? m->fields : NULL;
	*uploads = rc == ERR_OK || rc == ERR_STORAGE ? m->uploads : NULL;
	return rc;
}

void
multipart_keep(struct multipart *m, struct upload *u)
{
	for (struct file *f = m->owned; f != NULL; f = f->next_owned)
		if (&f->up == u)
			f->is_owned = false;
}

void
multipart_cleanup(struct multipart *m)
{
	if (m == NULL || m->is_clean)
		return;
	for (struct file *f = m->owned; f != NULL; f = f->next_owned) {
		if (f->fd >= 0)
			close(f->fd);
		f->fd = -1;
		if (f->is_owned && f->up.path != NULL)
			unlink(f->tmp_path);
		f->is_owned = false;
	}
	if (m->err == ERR_OK)
		m->err = ERR_INTERNAL;
	m->is_clean = true;
}
