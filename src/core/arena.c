/*
 * arena.c - region allocator (see arena.h).
 *
 * Blocks form a singly linked list, newest first.  Each block is carved
 * from the front with max_align_t alignment.  A request bigger than half
 * the current block size gets a dedicated block linked behind the current
 * one so that the current block's free tail is not wasted.
 */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_MIN_BLOCK 4096u
#define ARENA_MAX_BLOCK (1024u * 1024u)
#define ALIGN _Alignof(max_align_t)

struct block {
	struct block *next;
	size_t cap;
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	struct block *first;   /* kept by arena_reset; anywhere in the list */
	size_t next_size;
	size_t first_size;
	size_t total;
};

static void
oom(size_t len)
{
	fprintf(stderr, "tandem: out of memory allocating %zu bytes\n", len);
	abort();
}

void *
xmalloc(size_t len)
{
	void *p = malloc(len ? len : 1);
	if (p == NULL)
		oom(len);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom(n * size);
	return p;
}

void *
xrealloc(void *p, size_t len)
{
	void *q = realloc(p, len ? len : 1);
	if (q == NULL)
		oom(len);
	return q;
}

char *
xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	return memcpy(xmalloc(len), s, len);
}

static struct block *
block_new(size_t cap)
{
	if (cap > SIZE_MAX - sizeof(struct block))
		oom(cap);
	struct block *b = xmalloc(sizeof(*b) + cap);
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

struct arena *
arena_new(size_t hint)
{
	struct arena *a = xcalloc(1, sizeof(*a));
	size_t size = hint < ARENA_MIN_BLOCK ? ARENA_MIN_BLOCK : hint;
	a->first_size = size;
	a->next_size = size;
	a->head = a->first = block_new(size);
	return a;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	struct block *b = a->head;
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void
arena_reset(struct arena *a)
{
	/* the first block is not always last: a dedicated block for a large
	 * allocation is linked behind whichever block was current */
	struct block *b = a->head, *keep = a->first;
	while (b != NULL) {
		struct block *next = b->next;
		if (b != keep)
			free(b);
		b = next;
	}
	keep->used = 0;
	keep->next = NULL;
	a->head = keep;
	a->next_size = a->first_size;
	a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t len)
{
	if (len == 0)
		len = 1;
	if (len > SIZE_MAX - ALIGN)
		oom(len);
	size_t need = (len + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct block *b = a->head;

	if (b->cap - b->used < need) {
		if (need > a->next_size / 2) {
			/* dedicated block, kept behind the current one */
			struct block *big = block_new(need);
			big->used = need;
			big->next = b->next;
			b->next = big;
			a->total += need;
			return big->data;
		}
		if (a->next_size < ARENA_MAX_BLOCK)
			a->next_size *= 2;
		b = block_new(a->next_size);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->total += need;
	return p;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	void *p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

void *
arena_memdup(struct arena *a, const void *p, size_t len)
{
	void *q = arena_alloc(a, len);
	if (len)
		memcpy(q, p, len);
	return q;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *q = arena_alloc(a, len + 1);
	if (len)
		memcpy(q, s, len);
	q[len] = '\0';
	return q;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	char *s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
