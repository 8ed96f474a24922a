/* strparse.c - bounded parsers for untrusted text (see strparse.h). */
#include "core/strparse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum err
str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL || *s == '\0')
		return ERR_BAD_INPUT;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return ERR_BAD_INPUT;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return ERR_BAD_INPUT;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno == ERANGE || *end != '\0' || v < min || v > max)
		return ERR_BAD_INPUT;
	*out = v;
	return ERR_OK;
}

enum err
str_to_size(const char *s, size_t max, size_t *out)
{
	if (s == NULL || !isdigit((unsigned char)*s))
		return ERR_BAD_INPUT;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return ERR_BAD_INPUT;
	unsigned long long mult = 1;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		mult = 1024ULL;
		end++;
		break;
	case 'm': case 'M':
		mult = 1024ULL * 1024;
		end++;
		break;
	case 'g': case 'G':
		mult = 1024ULL * 1024 * 1024;
		end++;
		break;
	default:
		return ERR_BAD_INPUT;
	}
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end != '\0' || v > max / mult)
		return ERR_BAD_INPUT;
	*out = (size_t)(v * mult);
	return ERR_OK;
}

enum err
str_to_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return ERR_OK;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return ERR_OK;
		}
	}
	return ERR_BAD_INPUT;
}

enum err
str_to_hostport(const char *s, char *host, size_t hostlen, uint16_t *port)
{
	const char *colon, *h = s;
	size_t hlen;
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (close == NULL || close[1] != ':')
			return ERR_BAD_INPUT;
		h = s + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return ERR_BAD_INPUT;
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || hlen >= hostlen)
		return ERR_BAD_INPUT;
	int64_t p;
	if (str_to_i64(colon + 1, 0, 65535, &p) != ERR_OK)
		return ERR_BAD_INPUT;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	*port = (uint16_t)p;
	return ERR_OK;
}

size_t
str_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

char *
str_trim(char *s)
{
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	size_t i = 0;
	while (isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, len - i + 1);
	return s;
}

bool
str_ct_equal(const void *a, const void *b, size_t len)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;
	for (size_t i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}
