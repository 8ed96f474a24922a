/*
 * arena.h - region allocator for request-scoped memory.
 *
 * A request (or a CLI command, or a test) makes one arena, allocates
 * everything it parses, queries and renders from it, and frees the whole
 * thing in one call when it is done.  Nothing allocated from an arena is
 * ever freed on its own.  Allocation failure is fatal (xmalloc aborts), so
 * callers never check for NULL.
 *
 * Blocks grow geometrically; a request larger than the block size gets a
 * block of its own.  An arena is not thread-safe: one owner at a time.
 */
#ifndef TANDEM_CORE_ARENA_H
#define TANDEM_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Make an arena whose first block holds about `hint` bytes (0 = default). */
struct arena *arena_new(size_t hint);

/* Free the arena and everything allocated from it.  NULL is allowed. */
void arena_free(struct arena *a);

/* Free everything but keep the first block for reuse. */
void arena_reset(struct arena *a);

/* `len` bytes aligned for any type; contents undefined.  Never NULL. */
void *arena_alloc(struct arena *a, size_t len);

/* `n` * `size` zeroed bytes; aborts on overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);

/* Copies; the results are NUL-terminated and owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
void *arena_memdup(struct arena *a, const void *p, size_t len);

/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Total bytes handed out (for tests and the memory limit). */
size_t arena_used(const struct arena *a);

/* Process-wide allocation helpers: abort on failure. */
void *xmalloc(size_t len);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t len);
char *xstrdup(const char *s);

#endif
