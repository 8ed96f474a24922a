/*
 * strparse.h - bounded parsers for untrusted text (never atoi).
 */
#ifndef TANDEM_CORE_STRPARSE_H
#define TANDEM_CORE_STRPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Parse a whole decimal integer in [min, max] (like OpenBSD strtonum):
 * optional sign, digits only, no spaces, no trailing bytes.
 * ERR_BAD_INPUT when malformed or out of range. */
enum err str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* "512", "64k", "10M", "1G" (binary multiples) -> bytes in [0, max]. */
enum err str_to_size(const char *s, size_t max, size_t *out);

/* "true/yes/on/1" and "false/no/off/0". */
enum err str_to_bool(const char *s, bool *out);

/* "HOST:PORT" or "[v6]:PORT" -> host (into host, hostlen bytes) and port. */
enum err str_to_hostport(const char *s, char *host, size_t hostlen, uint16_t *port);

/* Number of UTF-8 code points in s (s must be valid UTF-8: what is
 * counted is the bytes that do not continue a sequence). */
size_t str_utf8_len(const char *s);

/* Trim ASCII white space in place; returns s. */
char *str_trim(char *s);

/* Constant-time comparison of two equal-length byte strings. */
bool str_ct_equal(const void *a, const void *b, size_t len);

#endif
