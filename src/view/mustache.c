/*
 * mustache.c - Mustache compiler and renderer (see mustache.h and
 * docs/internals/mustache.md).
 *
 * Design: mustache_compile() turns the source into one flat array of
 * nodes in document order.  A container (section, inverted section,
 * parent, block) is followed by its subtree and `nkids` counts the nodes
 * in it, so the next sibling is n + 1 + n->nkids: no pointers to fix, no
 * per-node allocation.  Every whitespace rule (standalone lines, block
 * indentation) is settled at compile time.  Text nodes never span a line,
 * and the node that starts a source line carries NODE_LINE_START: the
 * renderer writes the current indentation there, so an indented partial
 * renders exactly as if its source had been indented, without re-parsing.
 *
 * Inheritance: a parent's node holds only its argument blocks (other text
 * inside {{<p}}...{{/p}} is dropped at compile time).  Rendering a parent
 * pushes a scope {its node, the caller's scope}; a block looks for an
 * argument of its name from the outermost scope inwards, so the top-level
 * template wins, and renders the argument in the scope outside the one
 * that supplied it, so an argument never overrides itself.
 *
 * Traps: text and names point into the template's own copy of the source
 * (in its arena).  The parser's node vector moves while it grows: the
 * parser keeps indices, never pointers.  Rendering recurses once per
 * section, partial, parent and block: MUSTACHE_MAX_DEPTH bounds that, and
 * MUSTACHE_MAX_STEPS bounds nested loops that print nothing.
 */
#include "view/mustache.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define MAX_DELIM 16            /* bytes in a custom delimiter */
#define NONE      ((size_t)-1)

enum node_type {
	NODE_TEXT,
	NODE_VAR,      /* {{x}}: HTML-escaped */
	NODE_RAW,      /* {{{x}}} and {{&x}} */
	NODE_SECTION,  /* {{#x}}...{{/x}} */
	NODE_INVERTED, /* {{^x}}...{{/x}} */
	NODE_PARTIAL,  /* {{>x}} */
	NODE_PARENT,   /* {{<x}}...{{/x}}: the subtree is its argument blocks */
	NODE_BLOCK,    /* {{$x}}...{{/x}}: default content, or an argument */
	NODE__MAX
};

/* node flags */
#define NODE_LINE_START 0x01 /* TEXT, PARENT: begins a source line */
#define NODE_STANDALONE 0x02 /* PARENT: standalone pair; ind indents it */
#define NODE_IND_EOL    0x04 /* BLOCK: start tag stood alone; ind is the
			      * intrinsic indentation, for every line */
#define NODE_IND_INLINE 0x08 /* BLOCK: standalone pair with content after
			      * the start tag; ind indents an override from
			      * its second line on */

struct node {
	const char *str;  /* TEXT bytes, or the name: dotted names have
			   * their parts split by NULs */
	const char *ind;  /* PARTIAL, PARENT, BLOCK: indentation */
	uint32_t len;     /* bytes of str */
	uint32_t ind_len;
	uint32_t nkids;   /* nodes in the subtree of a container */
	uint16_t nparts;  /* parts of a dotted name; 0 for "." */
	uint8_t type;
	uint8_t flags;
};

struct mustache_tpl {
	struct arena *arena; /* owns this, the source copy, names, nodes */
	const char *name;
	const struct node *nodes;
	size_t n;
};

struct span {
	const char *s;
	size_t len;
};

/* ---- compiler ---------------------------------------------------------- */

struct open {
	size_t node;        /* its index, or NONE when discarded */
	size_t pos;         /* where the tag starts, for errors */
	struct span name;   /* to match the end tag */
	struct span lead;   /* whitespace before the tag on its line */
	struct span ind;    /* BLOCK: intrinsic indentation */
	uint8_t type;
	bool is_discard;    /* inside a parent, outside any argument */
	bool is_arg;        /* BLOCK: an argument of a parent */
	bool is_lclear;     /* only whitespace before the tag on its line */
	bool is_eol;        /* BLOCK: a standalone start tag */
	bool is_prefix;     /* BLOCK: pushed an intrinsic indentation */
};

struct parser {
	const char *src;
	size_t len;
	size_t pos;
	struct arena *arena;
	struct span otag, ctag;
	struct node *nodes;  /* grows: keep indices, not pointers */
	size_t n, cap;
	struct open open[MUSTACHE_MAX_NEST];
	size_t nopen;
	struct span pfx[MUSTACHE_MAX_NEST]; /* intrinsic indentations */
	size_t npfx;
	size_t bol;          /* start of this line (or argument), after any
			      * stripped indentation */
	size_t line_node;    /* first node emitted on this line */
	bool is_bol;         /* pos starts a line not yet begun */
	bool is_dirty;       /* non-blank text or a tag since bol */
	bool is_err;
	char *err;
	size_t errlen;
};

static void fail(struct parser *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;
	size_t line = 1, i;
	int n;

	if (p->is_err)
		return;
	p->is_err = true;
	if (p->err == NULL || p->errlen == 0)
		return;
	for (i = 0; i < pos && i < p->len; i++)
		if (p->src[i] == '\n')
			line++;
	n = snprintf(p->err, p->errlen, "line %zu: ", line);
	if (n < 0 || (size_t)n >= p->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Text and tags inside a parent but outside its arguments are dropped. */
static bool
discarding(const struct parser *p)
{
	const struct open *o;

	if (p->nopen == 0)
		return false;
	o = &p->open[p->nopen - 1];
	return o->is_discard || o->type == NODE_PARENT;
}

static size_t
emit(struct parser *p, enum node_type type, const char *str, size_t len)
{
	struct node *nd;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->nodes = xrealloc(p->nodes, p->cap * sizeof(*p->nodes));
	}
	nd = &p->nodes[p->n];
	memset(nd, 0, sizeof(*nd));
	nd->type = (uint8_t)type;
	nd->str = str;
	nd->len = (uint32_t)len;
	return p->n++;
}

/* Skip the intrinsic indentations in force at a line start at i. */
static size_t
skip_prefix(const struct parser *p, size_t i)
{
	size_t k;

	for (k = 0; k < p->npfx; k++) {
		const struct span *x = &p->pfx[k];
		if (x->len > p->len - i || memcmp(p->src + i, x->s, x->len))
			break;
		i += x->len;
	}
	return i;
}

/* pos starts a source line: strip indentation, mark the line start. */
static void
begin_line(struct parser *p)
{
	p->is_bol = false;
	p->pos = skip_prefix(p, p->pos);
	p->bol = p->pos;
	p->line_node = p->n;
	p->is_dirty = false;
	if (p->pos < p->len && !discarding(p)) {
		size_t i = emit(p, NODE_TEXT, p->src + p->pos, 0);
		p->nodes[i].flags = NODE_LINE_START;
	}
}

/* The start of an argument block's content acts as a line start. */
static void
begin_world(struct parser *p)
{
	p->bol = p->pos;
	p->line_node = p->n;
	p->is_dirty = false;
}

static void
emit_text(struct parser *p, size_t a, size_t b)
{
	struct node *last;

	if (a == b || discarding(p))
		return;
	if (p->n > 0) {
		last = &p->nodes[p->n - 1];
		if (last->type == NODE_TEXT &&
		    last->str + last->len == p->src + a) {
			last->len += (uint32_t)(b - a);
			return;
		}
	}
	emit(p, NODE_TEXT, p->src + a, b - a);
}

/* Where the line ends if only blanks follow i on it, else NONE. */
static size_t
right_clear(const struct parser *p, size_t i)
{
	while (i < p->len && is_blank(p->src[i]))
		i++;
	if (i == p->len)
		return i;
	if (p->src[i] == '\n')
		return i + 1;
	if (p->src[i] == '\r' && i + 1 < p->len && p->src[i + 1] == '\n')
		return i + 2;
	return NONE;
}

/* Move past a tag ending at `end` that stays on its line. */
static void
keep_line(struct parser *p, size_t end)
{
	p->pos = end;
	p->is_dirty = true;
}

/* If the tag ending at `end` stands alone on its line, remove the line
 * (its blanks, the tag, its line end) and return true. */
static bool
take_line(struct parser *p, size_t end)
{
	size_t eol;

	if (p->is_dirty || (eol = right_clear(p, end)) == NONE) {
		keep_line(p, end);
		return false;
	}
	if (!discarding(p))
		p->n = p->line_node;
	p->pos = eol;
	p->is_bol = p->src[eol - 1] == '\n';
	return true;
}

static struct span
trim(const char *s, size_t len)
{
	while (len > 0 && (is_blank(*s) || *s == '\r' || *s == '\n')) {
		s++;
		len--;
	}
	while (len > 0 && (is_blank(s[len - 1]) || s[len - 1] == '\r' ||
	    s[len - 1] == '\n'))
		len--;
	return (struct span){ s, len };
}

/* Names are non-empty and have no blanks or controls; dotted names have
 * no empty parts ("." alone is the implicit iterator). */
static bool
valid_name(struct span x, bool is_dotted)
{
	size_t i;

	if (x.len == 0 || x.len > UINT16_MAX)
		return false;
	if (is_dotted && x.len == 1 && x.s[0] == '.')
		return true;
	for (i = 0; i < x.len; i++) {
		unsigned char c = (unsigned char)x.s[i];
		if (c <= ' ' || c == 0x7f)
			return false;
		if (is_dotted && c == '.' &&
		    (i == 0 || i == x.len - 1 || x.s[i - 1] == '.'))
			return false;
	}
	return true;
}

/* Emit a node named x: dotted names are split into NUL-separated parts. */
static size_t
emit_named(struct parser *p, enum node_type type, struct span x,
    bool is_dotted)
{
	char *s = arena_strndup(p->arena, x.s, x.len);
	size_t i, nparts = 1;

	if (is_dotted) {
		if (x.len == 1 && s[0] == '.') {
			nparts = 0;
		} else {
			for (i = 0; i < x.len; i++)
				if (s[i] == '.') {
					s[i] = '\0';
					nparts++;
				}
		}
	}
	i = emit(p, type, s, x.len);
	p->nodes[i].nparts = (uint16_t)nparts;
	return i;
}

static struct open *
push_open(struct parser *p, size_t tpos, enum node_type type, struct span name)
{
	struct open *o;
	bool is_discard;

	if (p->nopen == MUSTACHE_MAX_NEST) {
		fail(p, tpos, "sections nested too deeply");
		return NULL;
	}
	is_discard = discarding(p);
	o = &p->open[p->nopen++];
	memset(o, 0, sizeof(*o));
	o->node = NONE;
	o->pos = tpos;
	o->type = (uint8_t)type;
	o->name = name;
	o->is_discard = is_discard;
	return o;
}

/* A block tag ended its line: its content's lines are indented by the
 * blanks that start the next line (after outer indentation). */
static void
push_intrinsic(struct parser *p, struct open *o)
{
	size_t i = skip_prefix(p, p->pos), j = i;

	while (j < p->len && is_blank(p->src[j]))
		j++;
	o->ind = (struct span){ p->src + i, j - i };
	o->is_prefix = true;
	p->pfx[p->npfx++] = o->ind;
}

static void
open_section(struct parser *p, size_t tpos, size_t end, enum node_type type,
    struct span name)
{
	struct open *o;

	if ((o = push_open(p, tpos, type, name)) == NULL)
		return;
	p->nopen--;	/* decide the tag's line in the enclosing context */
	take_line(p, end);
	p->nopen++;
	if (!o->is_discard)
		o->node = emit_named(p, type, name, true);
}

static void
add_partial(struct parser *p, size_t tpos, size_t end, struct span name,
    bool is_discard)
{
	size_t bol = p->bol, i;
	bool is_alone = take_line(p, end);

	if (is_discard)
		return;
	i = emit_named(p, NODE_PARTIAL, name, false);
	if (is_alone) {
		/* the blanks before a standalone partial indent it */
		p->nodes[i].ind = p->src + bol;
		p->nodes[i].ind_len = (uint32_t)(tpos - bol);
	}
}

static void
open_parent(struct parser *p, size_t tpos, size_t end, struct span name)
{
	bool is_lclear = !p->is_dirty && !discarding(p);
	bool is_line_start = false;
	struct open *o;
	struct node *nd;

	if ((o = push_open(p, tpos, NODE_PARENT, name)) == NULL)
		return;
	o->is_lclear = is_lclear;
	if (!o->is_discard) {
		if (is_lclear) {
			/* the blanks before the tag become its indentation
			 * if the pair stands alone, else they are written
			 * back at render time */
			o->lead = (struct span){ p->src + p->bol, tpos - p->bol };
			is_line_start = p->line_node < p->n &&
			    (p->nodes[p->line_node].flags & NODE_LINE_START);
			p->n = p->line_node;
		}
		o->node = emit_named(p, NODE_PARENT, name, false);
		nd = &p->nodes[o->node];
		nd->ind = o->lead.s;
		nd->ind_len = (uint32_t)o->lead.len;
		if (is_line_start)
			nd->flags |= NODE_LINE_START;
	}
	keep_line(p, end);
}

static void
open_block(struct parser *p, size_t tpos, size_t end, struct span name)
{
	const struct open *top = p->nopen ? &p->open[p->nopen - 1] : NULL;
	bool is_arg = top && top->type == NODE_PARENT && !top->is_discard;
	bool is_lclear = !p->is_dirty && !discarding(p);
	size_t bol = p->bol, eol;
	struct open *o;

	if ((o = push_open(p, tpos, NODE_BLOCK, name)) == NULL)
		return;
	if (is_arg) {
		/* an argument is a template of its own: text before the
		 * tag is the parent's, a line end after it is the tag's */
		o->is_discard = false;
		o->is_arg = true;
		o->node = emit_named(p, NODE_BLOCK, name, false);
		if ((eol = right_clear(p, end)) != NONE && eol < p->len) {
			p->pos = eol;
			p->is_bol = true;
			push_intrinsic(p, o);
		} else {
			p->pos = end;
			begin_world(p);
		}
		return;
	}
	if (o->is_discard) {
		keep_line(p, end);
		return;
	}
	o->is_lclear = is_lclear;
	if (is_lclear)
		o->lead = (struct span){ p->src + bol, tpos - bol };
	p->nopen--;
	o->is_eol = take_line(p, end);
	p->nopen++;
	o->node = emit_named(p, NODE_BLOCK, name, false);
	if (o->is_eol)
		push_intrinsic(p, o);
}

static void
close_tag(struct parser *p, size_t tpos, size_t end, struct span name)
{
	struct open *o;
	struct node *nd = NULL;
	size_t eol;

	if (p->nopen == 0) {
		fail(p, tpos, "unexpected closing tag '%.*s'",
		    (int)(name.len > 64 ? 64 : name.len), name.s);
		return;
	}
	o = &p->open[p->nopen - 1];
	if (o->name.len != name.len || memcmp(o->name.s, name.s, name.len)) {
		fail(p, tpos, "closing tag '%.*s' does not match '%.*s'",
		    (int)(name.len > 64 ? 64 : name.len), name.s,
		    (int)(o->name.len > 64 ? 64 : o->name.len), o->name.s);
		return;
	}
	eol = right_clear(p, end);
	switch (o->type) {
	case NODE_PARENT:
		/* standalone pair: blanks before the start tag and the line
		 * end after the end tag go */
		if (o->is_lclear && eol != NONE) {
			p->pos = eol;
			p->is_bol = eol > 0 && p->src[eol - 1] == '\n';
			p->is_dirty = true;
		} else {
			keep_line(p, end);
		}
		if (o->node != NONE && o->is_lclear && eol != NONE)
			p->nodes[o->node].flags |= NODE_STANDALONE;
		break;
	case NODE_BLOCK:
		if (o->is_arg) {
			/* blanks before the end tag end the argument; the
			 * line end after it belongs to the parent */
			if (!p->is_dirty)
				p->n = p->line_node;
			keep_line(p, end);
			break;
		}
		take_line(p, end);
		if (o->node == NONE)
			break;
		nd = &p->nodes[o->node];
		if (o->is_eol) {
			nd->flags |= NODE_IND_EOL;
			nd->ind = o->ind.s;
			nd->ind_len = (uint32_t)o->ind.len;
		} else if (o->is_lclear && eol != NONE) {
			nd->flags |= NODE_IND_INLINE;
			nd->ind = o->lead.s;
			nd->ind_len = (uint32_t)o->lead.len;
		}
		break;
	default:
		take_line(p, end);
		break;
	}
	if (o->node != NONE)
		p->nodes[o->node].nkids = (uint32_t)(p->n - o->node - 1);
	if (o->is_prefix)
		p->npfx--;
	p->nopen--;
}

/* {{=<% %>=}}: two blank-separated delimiters. */
static void
set_delims(struct parser *p, size_t tpos, struct span x)
{
	struct span a, b;
	size_t i = 0;

	x = trim(x.s, x.len);
	while (i < x.len && !is_blank(x.s[i]) && x.s[i] != '\r' &&
	    x.s[i] != '\n')
		i++;
	a = (struct span){ x.s, i };
	b = trim(x.s + i, x.len - i);
	for (i = 0; i < b.len; i++)
		if (is_blank(b.s[i]) || b.s[i] == '\r' || b.s[i] == '\n')
			break;
	if (a.len == 0 || b.len == 0 || i < b.len || a.len > MAX_DELIM ||
	    b.len > MAX_DELIM) {
		fail(p, tpos, "bad delimiter change");
		return;
	}
	p->otag = a;
	p->ctag = b;
}

/* Find the end of the tag whose content starts at i: `close` (if not
 * NUL) followed by the closing delimiter.  Returns where the content
 * ends, or NONE. */
static size_t
find_close(const struct parser *p, size_t i, char close, size_t *after)
{
	char pat[1 + MAX_DELIM];
	size_t plen = 0;
	const char *hit;

	if (close)
		pat[plen++] = close;
	memcpy(pat + plen, p->ctag.s, p->ctag.len);
	plen += p->ctag.len;
	hit = memmem(p->src + i, p->len - i, pat, plen);
	if (hit == NULL)
		return NONE;
	*after = (size_t)(hit - p->src) + plen;
	return (size_t)(hit - p->src);
}

static void
parse_tag(struct parser *p, size_t tpos)
{
	size_t s = tpos + p->otag.len, cstart, cend, end = 0;
	char sigil = s < p->len ? p->src[s] : '\0', close = '\0';
	struct span x;
	bool is_discard = discarding(p);

	if (sigil == '{')
		close = '}';
	else if (sigil == '=')
		close = '=';
	if (sigil && strchr("{&!#^/><$=", sigil))
		cstart = s + 1;
	else
		cstart = s;
	if (cstart > p->len ||
	    (cend = find_close(p, cstart, close, &end)) == NONE) {
		fail(p, tpos, "unclosed tag");
		return;
	}
	x = trim(p->src + cstart, cend - cstart);

	switch (sigil) {
	case '!':
		take_line(p, end);
		return;
	case '=':
		set_delims(p, tpos, (struct span){ p->src + cstart,
		    cend - cstart });
		if (!p->is_err)
			take_line(p, end);
		return;
	case '/':
		if (!valid_name(x, false))
			break;
		close_tag(p, tpos, end, x);
		return;
	case '#':
	case '^':
		if (!valid_name(x, true))
			break;
		open_section(p, tpos, end,
		    sigil == '#' ? NODE_SECTION : NODE_INVERTED, x);
		return;
	case '>':
		if (!valid_name(x, false))
			break;
		add_partial(p, tpos, end, x, is_discard);
		return;
	case '<':
		if (!valid_name(x, false))
			break;
		open_parent(p, tpos, end, x);
		return;
	case '$':
		if (!valid_name(x, false))
			break;
		open_block(p, tpos, end, x);
		return;
	default:
		if (!valid_name(x, true))
			break;
		if (!is_discard)
			emit_named(p, sigil == '{' || sigil == '&' ?
			    NODE_RAW : NODE_VAR, x, true);
		keep_line(p, end);
		return;
	}
	fail(p, tpos, "bad tag name");
}

static void
parse(struct parser *p)
{
	const char *hit;
	const char *nl;
	size_t tpos, end;

	while (p->pos < p->len && !p->is_err) {
		if (p->is_bol)
			begin_line(p);
		hit = memmem(p->src + p->pos, p->len - p->pos, p->otag.s,
		    p->otag.len);
		tpos = hit ? (size_t)(hit - p->src) : p->len;
		/* the text before the tag, one line at a time */
		while (p->pos < tpos) {
			if (p->is_bol) {
				begin_line(p);
				if (p->pos >= tpos)
					break;
			}
			nl = memchr(p->src + p->pos, '\n', tpos - p->pos);
			end = nl ? (size_t)(nl - p->src) + 1 : tpos;
			for (size_t i = p->pos; !p->is_dirty && i < end; i++)
				if (!is_blank(p->src[i]) && p->src[i] != '\n')
					p->is_dirty = true;
			emit_text(p, p->pos, end);
			p->pos = end;
			if (nl)
				p->is_bol = true;
		}
		if (tpos == p->len)
			break;
		if (p->is_bol)
			begin_line(p);
		parse_tag(p, tpos);
	}
	if (!p->is_err && p->nopen > 0) {
		const struct open *o = &p->open[p->nopen - 1];
		fail(p, o->pos, "unclosed section '%.*s'",
		    (int)(o->name.len > 64 ? 64 : o->name.len), o->name.s);
	}
}

struct mustache_tpl *
mustache_compile(const char *name, const char *src, size_t len, char *err,
    size_t errlen)
{
	struct mustache_tpl *t = NULL;
	struct parser *p;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	p = xcalloc(1, sizeof(*p));
	p->err = err;
	p->errlen = errlen;
	if (len > MUSTACHE_MAX_SRC) {
		fail(p, 0, "template too large");
		goto out;
	}
	p->arena = arena_new(len + 1024);
	p->src = arena_strndup(p->arena, src, len);
	p->len = len;
	p->otag = (struct span){ "{{", 2 };
	p->ctag = (struct span){ "}}", 2 };
	p->is_bol = true;
	parse(p);
	if (p->is_err) {
		arena_free(p->arena);
		goto out;
	}
	t = arena_alloc(p->arena, sizeof(*t));
	t->arena = p->arena;
	t->name = arena_strdup(p->arena, name ? name : "");
	t->nodes = arena_memdup(p->arena, p->nodes, p->n * sizeof(*p->nodes));
	t->n = p->n;
out:
	free(p->nodes);
	free(p);
	return t;
}

void
mustache_free(struct mustache_tpl *t)
{
	if (t != NULL)
		arena_free(t->arena);
}

const char *
mustache_name(const struct mustache_tpl *t)
{
	return t->name;
}

/* ---- renderer ---------------------------------------------------------- */

/* The arguments of one parent call in force, and its caller's. */
struct scope {
	const struct node *parent;
	const struct scope *outer;
};

struct render {
	mustache_partial_fn partials;
	void *ud;
	struct buf *out;
	unsigned depth;
	unsigned long steps;
	size_t nctx;
	size_t nind;
	json_t *ctx[MUSTACHE_MAX_DEPTH + 1];        /* the context stack */
	struct span ind[MUSTACHE_MAX_DEPTH + 1];    /* indentation stack */
};

static enum err render_nodes(struct render *, const struct node *,
    const struct node *, const struct scope *);

void
html_escape(struct buf *out, const char *s, size_t len)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_append(out, s + start, len - start);
}

/*
 * The shortest decimal that reads back as d, laid out as JavaScript does
 * (1.21, 100, 0.001, 1e+21, 1.5e-7).  The digits are taken from %e and
 * re-assembled, so the result uses '.' whatever the locale.
 */
static size_t
fmt_real(char *out, size_t size, double d)
{
	char tmp[40], dig[20];
	const char *q;
	size_t ndig = 0, o = 0;
	int prec, exp, pt, i;

	if (!isfinite(d))
		return 0;
	if (d == 0) {
		snprintf(out, size, "0");
		return 1;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	for (q = tmp; *q != 'e' && *q != '\0'; q++)
		if (*q >= '0' && *q <= '9' && ndig < sizeof(dig))
			dig[ndig++] = *q;
	exp = *q == 'e' ? (int)strtol(q + 1, NULL, 10) : 0;
	while (ndig > 1 && dig[ndig - 1] == '0')
		ndig--;
	pt = exp + 1;	/* digits before the decimal point */
	if (d < 0)
		out[o++] = '-';
	if ((int)ndig <= pt && pt <= 21) {
		for (i = 0; i < pt; i++)
			out[o++] = i < (int)ndig ? dig[i] : '0';
	} else if (0 < pt && pt <= 21) {
		for (i = 0; i < (int)ndig; i++) {
			if (i == pt)
				out[o++] = '.';
			out[o++] = dig[i];
		}
	} else if (-6 < pt && pt <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = pt; i < 0; i++)
			out[o++] = '0';
		for (i = 0; i < (int)ndig; i++)
			out[o++] = dig[i];
	} else {
		out[o++] = dig[0];
		if (ndig > 1)
			out[o++] = '.';
		for (i = 1; i < (int)ndig; i++)
			out[o++] = dig[i];
		o += (size_t)snprintf(out + o, size - o, "e%c%d",
		    pt - 1 < 0 ? '-' : '+', abs(pt - 1));
	}
	out[o] = '\0';
	return o;
}

static void
put_value(struct render *r, const json_t *v, bool is_escape)
{
	char tmp[64];
	const char *s = tmp;
	size_t len;
	int n;

	if (v == NULL)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		break;
	case JSON_INTEGER:
		n = snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		len = n > 0 ? (size_t)n : 0;
		break;
	case JSON_REAL:
		len = fmt_real(tmp, sizeof(tmp), json_real_value(v));
		break;
	case JSON_TRUE:
		s = "true";
		len = 4;
		break;
	case JSON_FALSE:
		s = "false";
		len = 5;
		break;
	default:
		return;	/* null, objects and arrays print nothing */
	}
	if (is_escape)
		html_escape(r->out, s, len);
	else
		buf_append(r->out, s, len);
}

/* false, null, missing, [] and "" are falsey; all else is truthy. */
static bool
is_truthy(const json_t *v)
{
	if (v == NULL)
		return false;
	switch (json_typeof(v)) {
	case JSON_FALSE:
	case JSON_NULL:
		return false;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	default:
		return true;
	}
}

/* Resolve a (dotted) name against the context stack; NULL if missing. */
static json_t *
lookup(const struct render *r, const struct node *n)
{
	const char *part = n->str;
	json_t *v = NULL;
	size_t i;
	unsigned k;

	if (n->nparts == 0)
		return r->ctx[r->nctx - 1];
	for (i = r->nctx; i-- > 0;)
		if (json_is_object(r->ctx[i]) &&
		    (v = json_object_get(r->ctx[i], part)) != NULL)
			break;
	for (k = 1; v != NULL && k < n->nparts; k++) {
		part += strlen(part) + 1;
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
	}
	return v;
}

static void
put_indent(struct render *r)
{
	size_t i;

	for (i = 0; i < r->nind; i++)
		buf_append(r->out, r->ind[i].s, r->ind[i].len);
}

static bool
push_ind(struct render *r, const char *s, size_t len)
{
	if (len == 0 || r->nind == sizeof(r->ind) / sizeof(r->ind[0]))
		return false;
	r->ind[r->nind++] = (struct span){ s, len };
	return true;
}

static enum err
render_with(struct render *r, json_t *v, const struct node *n,
    const struct scope *sc)
{
	enum err rc;

	if (r->nctx == sizeof(r->ctx) / sizeof(r->ctx[0]))
		return ERR_INTERNAL;
	r->ctx[r->nctx++] = v;
	rc = render_nodes(r, n + 1, n + 1 + n->nkids, sc);
	r->nctx--;
	return rc;
}

static enum err
render_section(struct render *r, const struct node *n,
    const struct scope *sc)
{
	json_t *v = lookup(r, n);
	enum err rc = ERR_OK;
	size_t i;

	if (!is_truthy(v))
		return ERR_OK;
	if (!json_is_array(v))
		return render_with(r, v, n, sc);
	for (i = 0; i < json_array_size(v) && rc == ERR_OK; i++) {
		if (++r->steps > MUSTACHE_MAX_STEPS)
			return ERR_TOO_LARGE;
		rc = render_with(r, json_array_get(v, i), n, sc);
	}
	return rc;
}

static const struct mustache_tpl *
find_tpl(const struct render *r, const struct node *n)
{
	return r->partials ? r->partials(r->ud, n->str) : NULL;
}

static enum err
render_tpl(struct render *r, const struct mustache_tpl *t, const char *ind,
    size_t ind_len, const struct scope *sc)
{
	bool is_pushed = push_ind(r, ind, ind_len);
	enum err rc;

	rc = render_nodes(r, t->nodes, t->nodes + t->n, sc);
	if (is_pushed)
		r->nind--;
	return rc;
}

static enum err
render_parent(struct render *r, const struct node *n, const struct scope *sc)
{
	const struct mustache_tpl *t;
	struct scope inner = { n, sc };

	if (!(n->flags & NODE_STANDALONE)) {
		if (n->flags & NODE_LINE_START)
			put_indent(r);
		buf_append(r->out, n->ind, n->ind_len);
	}
	if ((t = find_tpl(r, n)) == NULL)
		return ERR_OK;
	return render_tpl(r, t, n->ind,
	    n->flags & NODE_STANDALONE ? n->ind_len : 0, &inner);
}

/* The argument for block b: the outermost scope that has one wins. */
static const struct node *
find_arg(struct render *r, const struct scope *sc, const struct node *b,
    const struct scope **found)
{
	const struct node *hit = NULL, *a, *end;

	for (; sc != NULL; sc = sc->outer) {
		a = sc->parent + 1;
		end = a + sc->parent->nkids;
		for (; a < end; a += 1 + a->nkids) {
			r->steps++;
			if (a->len == b->len && !memcmp(a->str, b->str, a->len)) {
				hit = a;
				*found = sc;
			}
		}
	}
	return hit;
}

static bool
is_line_start(const struct node *n, const struct node *end)
{
	return n < end && n->type == NODE_TEXT &&
	    (n->flags & NODE_LINE_START);
}

static enum err
render_block(struct render *r, const struct node *n, const struct scope *sc)
{
	const struct scope *found = NULL;
	const struct node *arg = find_arg(r, sc, n, &found), *c, *end;
	bool is_pushed = false;
	enum err rc;

	if (arg == NULL) {
		/* the default; under NODE_IND_EOL its indentation was
		 * stripped at compile time and goes back on here */
		c = n + 1;
		end = c + n->nkids;
		if (n->flags & NODE_IND_EOL)
			is_pushed = push_ind(r, n->ind, n->ind_len);
	} else {
		c = arg + 1;
		end = c + arg->nkids;
		sc = found->outer;
		if (n->flags & (NODE_IND_EOL | NODE_IND_INLINE))
			is_pushed = push_ind(r, n->ind, n->ind_len);
		if ((n->flags & NODE_IND_EOL) && c < end &&
		    !is_line_start(c, end)) {
			put_indent(r);	/* the override starts a line */
		} else if ((n->flags & NODE_IND_INLINE) &&
		    is_line_start(c, end)) {
			/* the start tag's blanks already indent line one */
			buf_append(r->out, c->str, c->len);
			c++;
		}
	}
	rc = render_nodes(r, c, end, sc);
	if (is_pushed)
		r->nind--;
	return rc;
}

static enum err
render_nodes(struct render *r, const struct node *n, const struct node *end,
    const struct scope *sc)
{
	const struct mustache_tpl *t;
	enum err rc = ERR_OK;

	if (++r->depth > MUSTACHE_MAX_DEPTH) {
		rc = ERR_INTERNAL;
		goto out;
	}
	for (; n < end; n += 1 + n->nkids) {
		if (++r->steps > MUSTACHE_MAX_STEPS || buf_err(r->out)) {
			rc = ERR_TOO_LARGE;
			goto out;
		}
		switch (n->type) {
		case NODE_TEXT:
			if (n->flags & NODE_LINE_START)
				put_indent(r);
			buf_append(r->out, n->str, n->len);
			break;
		case NODE_VAR:
		case NODE_RAW:
			put_value(r, lookup(r, n), n->type == NODE_VAR);
			break;
		case NODE_SECTION:
			rc = render_section(r, n, sc);
			break;
		case NODE_INVERTED:
			if (!is_truthy(lookup(r, n)))
				rc = render_nodes(r, n + 1, n + 1 + n->nkids,
				    sc);
			break;
		case NODE_PARTIAL:
			if ((t = find_tpl(r, n)) != NULL)
				rc = render_tpl(r, t, n->ind, n->ind_len, sc);
			break;
		case NODE_PARENT:
			rc = render_parent(r, n, sc);
			break;
		case NODE_BLOCK:
			rc = render_block(r, n, sc);
			break;
		default:
			abort();	/* a broken invariant */
		}
		if (rc != ERR_OK)
			goto out;
	}
out:
	r->depth--;
	return rc;
}

enum err
mustache_render(const struct mustache_tpl *t, json_t *ctx,
    mustache_partial_fn partials, void *ud, struct buf *out)
{
	struct render r;
	enum err rc;

	r.partials = partials;
	r.ud = ud;
	r.out = out;
	r.depth = 0;
	r.steps = 0;
	r.ctx[0] = ctx;
	r.nctx = 1;
	r.nind = 0;
	rc = render_nodes(&r, t->nodes, t->nodes + t->n, NULL);
	if (rc == ERR_OK && buf_err(out))
		rc = ERR_TOO_LARGE;
	return rc;
}
