/*
 * json.h - bounded JSON decoding over jansson, and small encoder helpers.
 *
 * jansson's own nesting limit is 2048; API bodies get a far smaller one,
 * checked by a linear pre-scan before jansson sees the bytes.  Duplicate
 * keys are rejected (JSON_REJECT_DUPLICATES), and so is any NUL.
 */
#ifndef TANDEM_VIEW_JSON_H
#define TANDEM_VIEW_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Parse exactly one JSON value from s[0..len).  ERR_BAD_INPUT when
 * malformed, nested deeper than max_depth, or holding a NUL. */
enum err json_decode_bounded(const char *s, size_t len, size_t max_depth, json_t **out);

/* Set key to a string (NULL stores null). */
void json_set_str(json_t *obj, const char *key, const char *value);

/* The page models' setters: a string (NULL stores ""), a whole number,
 * a boolean. */
void json_put_s(json_t *obj, const char *key, const char *value);
void json_put_i(json_t *obj, const char *key, int64_t value);
void json_put_b(json_t *obj, const char *key, bool value);

#endif
