/* json.c - bounded JSON decoding (see json.h). */
#include "view/json.h"

#include <stdbool.h>
#include <string.h>

/* Maximum nesting of [ and { outside strings; SIZE_MAX if unbalanced
 * in a way jansson will reject anyway (we only bound, not validate). */
static size_t
max_nesting(const char *s, size_t len)
{
	size_t depth = 0, max = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		switch (c) {
		case '"':
			in_string = true;
			break;
		case '[':
		case '{':
			if (++depth > max)
				max = depth;
			break;
		case ']':
		case '}':
			if (depth)
				depth--;
			break;
		default:
			break;
		}
	}
	return max;
}

enum err
json_decode_bounded(const char *s, size_t len, size_t max_depth, json_t **out)
{
	*out = NULL;
	if (memchr(s, '\0', len) != NULL || max_nesting(s, len) > max_depth)
		return ERR_BAD_INPUT;
	json_error_t error;
	json_t *v = json_loadb(s, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &error);
	if (v == NULL)
		return ERR_BAD_INPUT;
	*out = v;
	return ERR_OK;
}

void
json_set_str(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, value ? json_string(value) : json_null());
}

void
json_put_s(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, json_string(value ? value : ""));
}

void
json_put_i(json_t *obj, const char *key, int64_t value)
{
	json_object_set_new(obj, key, json_integer((json_int_t)value));
}

void
json_put_b(json_t *obj, const char *key, bool value)
{
	json_object_set_new(obj, key, json_boolean(value));
}
