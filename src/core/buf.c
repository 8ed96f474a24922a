/*
 * buf.c - growable buffer with a hard maximum and a sticky error.
 *
 * Growth doubles.  Arena-backed buffers abandon their old storage in the
 * arena when they grow (the arena frees it with everything else), so
 * render buffers should be given a sensible first size by their users.
 */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max ? max : BUF_MAX_DEFAULT;
}

void
buf_init_arena(struct buf *b, struct arena *a, size_t max)
{
	buf_init(b, max);
	b->arena = a;
}

void
buf_free(struct buf *b)
{
	if (b->arena == NULL)
		free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->is_err = false;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->is_err = false;
	if (b->data)
		b->data[0] = '\0';
}

/* Make room for `len` more bytes plus the NUL; false when over max. */
static bool
grow(struct buf *b, size_t len)
{
	if (b->is_err)
		return false;
	if (len > b->max || b->len > b->max - len) {
		b->is_err = true;
		return false;
	}
	size_t need = b->len + len + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (b->arena) {
		char *p = arena_alloc(b->arena, cap);
		if (b->len)
			memcpy(p, b->data, b->len);
		b->data = p;
	} else {
		b->data = xrealloc(b->data, cap);
	}
	b->cap = cap;
	return true;
}

void
buf_append(struct buf *b, const void *p, size_t len)
{
	if (!grow(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *
buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *
buf_take(struct buf *b, size_t *len)
{
	char *s;
	if (b->data == NULL) {
		s = b->arena ? arena_strdup(b->arena, "") : xstrdup("");
	} else {
		s = b->data;
	}
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}
