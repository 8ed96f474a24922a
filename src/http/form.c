/*
 * form.c - urlencoded bodies, query strings, percent-decoding, UTF-8.
 *
 * Design: one pass over the input splitting on '&', then one pass per
 * name and per value to decode it into a fresh arena string (a decoded
 * string is never longer than its source, so one allocation of len + 1
 * suffices).  Strictness is deliberate: a bad escape, a NUL or invalid
 * UTF-8 rejects the whole body, because a handler that sees a silently
 * "repaired" value cannot tell it apart from what the user sent.
 *
 * Traps: '+' means space only when the caller says so (form bodies and
 * query strings yes, path segments no).  A NUL must never reach a value:
 * the rest of the program treats values as C strings.
 */
#include "http/form.h"

#include <string.h>

#include "core/arena.h"

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

enum err
form_decode(struct arena *a, const char *s, size_t len, bool plus_is_space,
    char **out, size_t *out_len)
{
	enum err rc = ERR_OK;
	char *dst = arena_alloc(a, len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			int hi, lo;

			if (len - i < 3 ||
			    (hi = hex_value((unsigned char)s[i + 1])) < 0 ||
			    (lo = hex_value((unsigned char)s[i + 2])) < 0) {
				rc = ERR_BAD_INPUT;
				goto out;
			}
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0') {
			rc = ERR_BAD_INPUT;
			goto out;
		}
		dst[n++] = (char)c;
	}
	dst[n] = '\0';
out:
	*out = rc == ERR_OK ? dst : NULL;
	*out_len = rc == ERR_OK ? n : 0;
	return rc;
}

/*
 * Unicode 15, table 3-7 (well-formed UTF-8 byte sequences): the second
 * byte's range depends on the first so that overlongs (C0, C1, E0 80..9F,
 * F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF
 * (F4 90.., F5..FF) are all refused.
 */
bool
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t n;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return false;
		}
		if (len - i - 1 < n)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += n + 1;
	}
	return true;
}

/* Decode one side of a pair and insist on UTF-8. */
static enum err
decode_text(struct arena *a, const char *s, size_t len, char **out,
    size_t *out_len)
{
	enum err rc;

	if ((rc = form_decode(a, s, len, true, out, out_len)) != ERR_OK)
		goto out;
	if (!utf8_valid(*out, *out_len))
		rc = ERR_BAD_INPUT;
out:
	return rc;
}

enum err
form_parse_urlencoded(struct arena *a, const char *s, size_t len,
    size_t max_fields, struct param **out)
{
	enum err rc = ERR_OK;
	struct param *head = NULL, **tail = &head;
	size_t n = 0, pos = 0;

	while (pos < len) {
		const char *amp = memchr(s + pos, '&', len - pos);
		size_t end = amp ? (size_t)(amp - s) : len;

		if (end > pos) {
			const char *eq = memchr(s + pos, '=', end - pos);
			size_t name_end = eq ? (size_t)(eq - s) : end;
			struct param *p;
			char *name, *value;
			size_t name_len, value_len;

			if (++n > max_fields) {
				rc = ERR_TOO_LARGE;
				goto out;
			}
			rc = decode_text(a, s + pos, name_end - pos, &name,
			    &name_len);
			if (rc != ERR_OK)
				goto out;
			if (eq != NULL) {
				rc = decode_text(a, eq + 1, end - name_end - 1,
				    &value, &value_len);
				if (rc != ERR_OK)
					goto out;
			} else {
				value = arena_strdup(a, "");
				value_len = 0;
			}
			p = arena_alloc(a, sizeof(*p));
			p->name = name;
			p->value = value;
			p->value_len = value_len;
			p->next = NULL;
			*tail = p;
			tail = &p->next;
		}
		pos = end + 1;
	}
out:
	*out = rc == ERR_OK ? head : NULL;
	return rc;
}

const struct param *
param_find(const struct param *list, const char *name)
{
	for (; list != NULL; list = list->next)
		if (strcmp(list->name, name) == 0)
			break;
	return list;
}
