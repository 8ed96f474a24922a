/*
 * cookie.c - Cookie header parsing (RFC 6265 §5.4, §4.2.1).
 *
 * Design: split on ';', trim spaces and tabs, split each pair at its first
 * '='.  Browsers send what servers set, and other sites on a parent domain
 * can set cookies we never asked for, so one bad pair must not cost the
 * user their session: skip it and carry on.  What is kept is safe to treat
 * as text: no control bytes, valid UTF-8, names of visible ASCII only.
 *
 * Traps: values are not percent-decoded (that is the setter's business);
 * a quoted value loses exactly one pair of quotes.
 */
#include "http/cookie.h"

#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "http/form.h"

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Parse s[0..len) as one pair; NULL when it is malformed. */
static struct param *
parse_pair(struct arena *a, const char *s, size_t len)
{
	struct param *p = NULL;
	const char *eq;
	size_t name_len, value_len;
	const char *value;

	while (len > 0 && is_ows(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_ows(s[len - 1]))
		len--;
	if ((eq = memchr(s, '=', len)) == NULL)
		goto out;
	name_len = (size_t)(eq - s);
	while (name_len > 0 && is_ows(s[name_len - 1]))
		name_len--;
	if (name_len == 0)
		goto out;
	for (size_t i = 0; i < name_len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7e)
			goto out;
	}
	value = eq + 1;
	value_len = len - (size_t)(value - s);
	while (value_len > 0 && is_ows(value[0])) {
		value++;
		value_len--;
	}
	if (value_len >= 2 && value[0] == '"' && value[value_len - 1] == '"') {
		value++;
		value_len -= 2;
	}
	for (size_t i = 0; i < value_len; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c < 0x20 || c == 0x7f)
			goto out;
	}
	if (!utf8_valid(value, value_len))
		goto out;
	p = arena_alloc(a, sizeof(*p));
	p->name = arena_strndup(a, s, name_len);
	p->value = arena_strndup(a, value, value_len);
	p->value_len = value_len;
	p->next = NULL;
out:
	return p;
}

enum err
cookie_parse(struct arena *a, const char *header, size_t max_cookies,
    struct param **out)
{
	struct param *head = NULL, **tail = &head;
	size_t n = 0;
	const char *s = header;

	while (s != NULL && *s != '\0' && n < max_cookies) {
		size_t len = strcspn(s, ";");
		struct param *p = parse_pair(a, s, len);

		if (p != NULL) {
			*tail = p;
			tail = &p->next;
			n++;
		}
		s += len;
		if (*s == ';')
			s++;
	}
	*out = head;
	return ERR_OK;
}
