/*
 * router.c - route table matching (see router.h).
 *
 * Linear over the table with pre-split segments: a few hundred routes
 * cost well under a microsecond, and the order of the table is the order
 * of precedence (put literal routes before parameterised ones).
 */
#include "http/router.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define SEGMENTS_MAX 16

enum seg_kind { SEG_LITERAL, SEG_ANY, SEG_INT };

struct seg {
	enum seg_kind kind;
	char *text;   /* literal text, or the parameter name */
	size_t len;
};

struct compiled {
	const struct route *route;
	struct seg segs[SEGMENTS_MAX];
	size_t nsegs;
};

struct router {
	struct compiled *routes;
	size_t n;
};

static void
bad_pattern(const char *p, const char *why)
{
	fprintf(stderr, "tandem: route pattern '%s': %s\n", p, why);
	abort();
}

static void
compile(const struct route *rt, struct compiled *c)
{
	const char *p = rt->pattern;
	c->route = rt;
	c->nsegs = 0;
	if (p[0] != '/')
		bad_pattern(rt->pattern, "must start with /");
	if (strcmp(p, "/") == 0)
		return;
	p++;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0)
			bad_pattern(rt->pattern, "empty segment");
		if (c->nsegs == SEGMENTS_MAX)
			bad_pattern(rt->pattern, "too many segments");
		struct seg *s = &c->segs[c->nsegs++];
		if (p[0] == '{') {
			if (p[len - 1] != '}')
				bad_pattern(rt->pattern, "unclosed {");
			const char *colon = memchr(p, ':', len);
			size_t namelen = colon ? (size_t)(colon - p - 1) : len - 2;
			s->text = strndup(p + 1, namelen);
			s->len = namelen;
			s->kind = SEG_ANY;
			if (colon) {
				if (strncmp(colon, ":int}", 5) != 0)
					bad_pattern(rt->pattern, "unknown parameter type");
				s->kind = SEG_INT;
			}
		} else {
			s->kind = SEG_LITERAL;
			s->text = strndup(p, len);
			s->len = len;
		}
		if (s->text == NULL)
			abort();
		p += len;
		if (*p == '/')
			p++;
	}
}

struct router *
router_new(const struct route *routes, size_t n, bool dev)
{
	struct router *r = xcalloc(1, sizeof(*r));
	r->routes = xcalloc(n ? n : 1, sizeof(*r->routes));
	for (size_t i = 0; i < n; i++) {
		if ((routes[i].flags & ROUTE_DEV) && !dev)
			continue;
		compile(&routes[i], &r->routes[r->n++]);
	}
	return r;
}

void
router_free(struct router *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < r->routes[i].nsegs; j++)
			free(r->routes[i].segs[j].text);
	free(r->routes);
	free(r);
}

/* Split path into segments (pointers into path, lengths); -1 if too many
 * or an empty inner segment ("//"). A trailing slash is not ignored:
 * "/help/" is another path than "/help". */
static int
split(const char *path, const char **seg, size_t *len)
{
	int n = 0;
	if (path[0] != '/')
		return -1;
	if (path[1] == '\0')
		return 0;
	const char *p = path + 1;
	for (;;) {
		const char *end = strchr(p, '/');
		size_t l = end ? (size_t)(end - p) : strlen(p);
		if (l == 0 || n == SEGMENTS_MAX)
			return -1;
		seg[n] = p;
		len[n] = l;
		n++;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return n;
}

static bool
all_digits(const char *s, size_t len)
{
	if (len == 0 || len > 18)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool
match_one(const struct compiled *c, const char **seg, const size_t *len, int n)
{
	if ((size_t)n != c->nsegs)
		return false;
	for (int i = 0; i < n; i++) {
		const struct seg *s = &c->segs[i];
		switch (s->kind) {
		case SEG_LITERAL:
			if (len[i] != s->len || memcmp(seg[i], s->text, len[i]) != 0)
				return false;
			break;
		case SEG_INT:
			if (!all_digits(seg[i], len[i]))
				return false;
			break;
		case SEG_ANY:
			break;
		}
	}
	return true;
}

enum err
router_match(const struct router *r, struct arena *a, enum http_method m,
    const char *path, const struct route **out, struct param **params,
    unsigned *allowed)
{
	const char *seg[SEGMENTS_MAX];
	size_t len[SEGMENTS_MAX];
	int n = split(path, seg, len);
	enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;

	*out = NULL;
	*params = NULL;
	*allowed = 0;
	if (n < 0)
		return ERR_NOT_FOUND;
	for (size_t i = 0; i < r->n; i++) {
		const struct compiled *c = &r->routes[i];
		if (!match_one(c, seg, len, n))
			continue;
		*allowed |= 1u << c->route->method;
		if (c->route->method == HTTP_GET)
			*allowed |= 1u << HTTP_HEAD;
		if (c->route->method != want || *out != NULL)
			continue;
		*out = c->route;
		struct param **tail = params;
		for (size_t j = 0; j < c->nsegs; j++) {
			if (c->segs[j].kind == SEG_LITERAL)
				continue;
			struct param *p = arena_calloc(a, 1, sizeof(*p));
			p->name = c->segs[j].text;
			p->value = arena_strndup(a, seg[j], len[j]);
			p->value_len = len[j];
			*tail = p;
			tail = &p->next;
		}
	}
	if (*out != NULL)
		return ERR_OK;
	return *allowed ? ERR_METHOD : ERR_NOT_FOUND;
}
