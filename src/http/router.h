/*
 * router.h - match a method and path against the route table.
 *
 * Patterns are split into segments once, when the router is built:
 * literal segments, "{name}" (any one non-empty segment) and
 * "{name:int}" (digits only, 1..18 of them).  A path that matches a
 * pattern under another method gives ERR_METHOD with the allowed methods
 * (for the Allow header); no pattern at all gives ERR_NOT_FOUND.  A
 * typed segment that does not parse is "not found", never a 400: ids in
 * URLs are not user input to explain.  HEAD matches GET routes.
 */
#ifndef TANDEM_HTTP_ROUTER_H
#define TANDEM_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

struct router;

/* Build from a table; dev-only routes are kept only when dev is set.
 * A malformed pattern aborts: it is a programming error. */
struct router *router_new(const struct route *routes, size_t n, bool dev);
void router_free(struct router *r);

/* allowed: bit (1 << method) set for every method the path accepts. */
enum err router_match(const struct router *r, struct arena *a,
    enum http_method m, const char *path, const struct route **out,
    struct param **params, unsigned *allowed);

#endif
