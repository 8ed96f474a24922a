/*
 * cookie.h - the Cookie request header.
 *
 * Pure parser over a NUL-terminated header value; results live in the
 * caller's arena as struct param (see http/param.h).
 */
#ifndef TANDEM_HTTP_COOKIE_H
#define TANDEM_HTTP_COOKIE_H

#include <stddef.h>

#include "core/err.h"
#include "http/param.h"

struct arena;

/*
 * Parse a Cookie request header ("a=1; b=2").  Lenient per RFC 6265 §5.4:
 * malformed pairs are skipped rather than failing the request; optional
 * double quotes around a value are stripped; names are case-sensitive; at
 * most max_cookies pairs are kept (extra ones ignored).  Values are NOT
 * percent-decoded.
 *
 * A pair is skipped when it has no '=', an empty name, a name with a byte
 * outside visible ASCII (0x21..0x7e), or a value with a control byte or
 * invalid UTF-8.  Duplicate names are all kept, in header order, so
 * param_find() returns the first (browsers send the most specific path
 * first).  header may be NULL (no cookies).  *out is the list or NULL.
 * Always returns ERR_OK; the return type is for symmetry with the other
 * parsers.
 */
enum err cookie_parse(struct arena *a, const char *header, size_t max_cookies,
    struct param **out);

#endif
