/*
 * mustache.h - Mustache templates, compiled once, rendered many times.
 *
 * Implements the Mustache spec (interpolation, sections, inverted
 * sections, comments, partials, set delimiters, standalone-line rules)
 * and the optional inheritance module (parents {{< p}} and blocks
 * {{$ b}}).  Lambdas are not supported: the data model is jansson's
 * json_t, which has no functions.
 *
 * A compiled template is immutable: any number of threads may render it
 * at once.  Rendering parses nothing and allocates nothing but the growth
 * of the output buffer; its nesting depth and its work are bounded, so a
 * hostile template can neither overflow the stack nor loop for ever.
 * See docs/internals/mustache.md for the design and the whitespace rules.
 */
#ifndef TANDEM_VIEW_MUSTACHE_H
#define TANDEM_VIEW_MUSTACHE_H

#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* Limits.  Longer sources and deeper nesting fail to compile; deeper
 * recursion (sections, partials, parents, blocks together) fails to
 * render with ERR_INTERNAL; more work fails with ERR_TOO_LARGE. */
#define MUSTACHE_MAX_SRC   ((size_t)1024 * 1024)
#define MUSTACHE_MAX_NEST  64
#define MUSTACHE_MAX_DEPTH 128
#ifndef MUSTACHE_MAX_STEPS
#define MUSTACHE_MAX_STEPS ((unsigned long)1 << 24)
#endif

/* A compiled template: long-lived, immutable after compile, safe to
 * render from many threads at once. */
struct mustache_tpl;

/*
 * Compile `src` (len bytes; it need not be NUL-terminated and is copied).
 * Returns NULL on a syntax error (unclosed tag, unclosed or mismatched
 * section, bad tag name, bad delimiter change, nesting or size limit) and
 * writes "line N: message" into err (errlen bytes; err may be NULL).
 * The result is owned by the caller: mustache_free().  `name` (may be
 * NULL) is copied and kept for error messages: mustache_name().
 */
struct mustache_tpl *mustache_compile(const char *name, const char *src,
    size_t len, char *err, size_t errlen);

/* Free a template.  NULL is allowed.  No render may be running on it. */
void mustache_free(struct mustache_tpl *t);

/* The name given to mustache_compile ("" if it was NULL). */
const char *mustache_name(const struct mustache_tpl *t);

/* Looks up a partial (or a parent template for inheritance) by name;
 * returns NULL if none (renders as the empty string, per spec).  The
 * template returned must outlive the render. */
typedef const struct mustache_tpl *(*mustache_partial_fn)(void *ud,
    const char *name);

/*
 * Render t with ctx into out (appends).  ctx is borrowed and may be NULL
 * (every name is then missing); partials may be NULL (no partials).
 * Returns ERR_OK; ERR_TOO_LARGE if out hit its max (the buf's sticky
 * error) or the render passed MUSTACHE_MAX_STEPS; ERR_INTERNAL if
 * recursion passed MUSTACHE_MAX_DEPTH (e.g. a partial that includes
 * itself).  On error out holds a truncated page: discard it.
 */
enum err mustache_render(const struct mustache_tpl *t, json_t *ctx,
    mustache_partial_fn partials, void *ud, struct buf *out);

/* The HTML escaper used by {{x}}: escapes all five of & < > " ' (as
 * &amp; &lt; &gt; &quot; &#39;).  Exported so other code uses the same
 * one. */
void html_escape(struct buf *out, const char *s, size_t len);

#endif
