/*
 * buf.h - one growable byte buffer with a hard maximum and a sticky error.
 *
 * Append freely; check `buf_err()` once at the end (curl dynbuf,
 * sqlite3_str).  Once an append would pass `max`, the buffer stops growing,
 * keeps what it had and every later append is a no-op: the error sticks.
 * The contents are always NUL-terminated (the NUL is not counted in len).
 *
 * A buf either owns heap memory (buf_init + buf_free) or lives in an arena
 * (buf_init_arena): then the arena owns the bytes and buf_free is a no-op.
 */
#ifndef TANDEM_CORE_BUF_H
#define TANDEM_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;

struct buf {
	char *data;          /* NUL-terminated; NULL until first append */
	size_t len;          /* bytes used, excluding the NUL */
	size_t cap;          /* bytes allocated */
	size_t max;          /* hard limit on len */
	struct arena *arena; /* owner of data, or NULL for the heap */
	bool is_err;         /* an append would have passed max */
};

#define BUF_MAX_DEFAULT ((size_t)64 * 1024 * 1024)

void buf_init(struct buf *b, size_t max);
void buf_init_arena(struct buf *b, struct arena *a, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b); /* len = 0, error cleared, memory kept */

void buf_append(struct buf *b, const void *p, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* True when an append was refused because of max. */
static inline bool buf_err(const struct buf *b) { return b->is_err; }

/* The contents ("" when empty); valid until the next append. */
const char *buf_str(const struct buf *b);

/* Hand the bytes over: heap bufs give a malloc'd string the caller frees,
 * arena bufs a string the arena owns.  The buf is left empty. */
char *buf_take(struct buf *b, size_t *len);

#endif
