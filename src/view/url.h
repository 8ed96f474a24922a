/*
 * url.h - the URL-component escaper: for values put into a query string
 * or a path segment of a link.  The result still goes through the
 * template's HTML escaping when it lands in an attribute.
 */
#ifndef TANDEM_VIEW_URL_H
#define TANDEM_VIEW_URL_H

struct arena;

/* Percent-encode everything but RFC 3986 unreserved characters and '/'
 * (kept so local paths stay readable).  Arena-owned result. */
char *url_encode(struct arena *a, const char *s);

#endif
