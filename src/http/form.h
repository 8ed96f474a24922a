/*
 * form.h - application/x-www-form-urlencoded parsing and percent-decoding.
 *
 * Pure functions over bytes: no HTTP library, no I/O.  Everything returned
 * lives in the caller's arena.  The UTF-8 validator lives here too because
 * every text parser (form, multipart, cookie) needs the same one.
 */
#ifndef TANDEM_HTTP_FORM_H
#define TANDEM_HTTP_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "http/param.h"

struct arena;

/*
 * Parse application/x-www-form-urlencoded bytes (also usable for a raw
 * query string, without its leading '?').  '+' is space, %XX decoded.
 * Invalid percent escapes, a decoded NUL byte, or invalid UTF-8 in name or
 * value -> ERR_BAD_INPUT.  More than max_fields pairs -> ERR_TOO_LARGE
 * (so max_fields 0 accepts only an input with no pairs).  Empty pairs
 * ("a=1&&b=2") are skipped; a name with no '=' has value ""; "=v" gives a
 * pair whose name is "".  Only '&' separates pairs (not ';').
 * On success *out is the list in input order (NULL when there are no
 * pairs), arena-owned; on error *out is NULL.  s may be NULL when len is 0.
 */
enum err form_parse_urlencoded(struct arena *a, const char *s, size_t len,
    size_t max_fields, struct param **out);

/*
 * Percent-decode s[0..len) into a NUL-terminated arena string
 * (plus_is_space for form bodies and query strings).  ERR_BAD_INPUT on a
 * '%' not followed by two hex digits, or on a NUL byte (raw or decoded);
 * then *out is NULL and *out_len 0.  No UTF-8 check: see utf8_valid.
 */
enum err form_decode(struct arena *a, const char *s, size_t len,
    bool plus_is_space, char **out, size_t *out_len);

/* true if s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * <= U+10FFFF).  The empty string is valid. */
bool utf8_valid(const char *s, size_t len);

/* The first pair called `name` (case-sensitive), or NULL. */
const struct param *param_find(const struct param *list, const char *name);

#endif
