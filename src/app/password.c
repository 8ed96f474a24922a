/*
 * password.c - the password rule: length, username, common passwords
 * (issue 3, ASVS 5.0 V6.2: length, no composition rules, a list of
 * common passwords, context words).
 *
 * The list.  lists/common-passwords.txt is embedded in the binary: one
 * entry a line, ASCII-lower-cased, sorted by bytes (LC_ALL=C sort -u), LF,
 * only entries of 4 or more characters.  We binary-search those bytes in
 * place: no copy, no index, nothing allocated, so a lookup costs about 17
 * short comparisons and start-up costs one pass to check the order (a list
 * out of order would not crash, it would silently let common passwords
 * through, which is why a bad list is fatal).
 *
 * The shapes.  A list of whole passwords misses the ways people stretch a
 * short common password to a length rule: "password1234", "qwertyqwerty",
 * "123456789012".  So besides the exact lookup we strip ASCII digits,
 * punctuation and spaces ("padding") from the start and/or the end and
 * look up what is left, and we refuse units repeated and runs along the
 * alphabet, the digits or the keyboard.  A base made of padding alone
 * ("123456" in "123456!!!!!!") must be 6 characters: the list holds some
 * 4,000 four-digit numbers, and counting those would refuse half of all
 * 12-digit PINs as "common", which they are not.
 *
 * Traps: only ASCII letters are folded (the list is ASCII); the password
 * is never copied, logged or changed; the padding search is bounded by
 * checking inputs over MAX_SPLIT_LEN bytes whole only.
 */
#include "app/password.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/log.h"
#include "core/strparse.h"

#define LIST_NAME "lists/common-passwords.txt"

#define PASSWORD_MIN 12        /* code points; APP_PASSWORD_MIN in account.h */
#define PASSWORD_MAX 128
#define BASE_MIN 4             /* a padded base with a letter in it */
#define PADDING_BASE_MIN 6     /* a padded base of digits/punctuation only */
#define SEQUENCE_MIN 4         /* shortest run along a walk that counts */
#define SHORT_UNIT_MAX 3       /* any unit this short, repeated, is common */
#define MAX_SPLIT_LEN 512      /* bytes; longer inputs are checked whole */

static const char msg_empty[] = "Enter a password";
static const char msg_short[] = "Password must be 12 characters or more";
static const char msg_long[] = "Password must be 128 characters or fewer";
static const char msg_username[] = "Password must not contain your username";
static const char msg_common[] = "This password is too common. Choose one "
    "that would be hard to guess, such as three random words";

/* Runs people type.  Each is walked cyclically and both ways, so
 * "123456789012", "zyxwvuts" and "lkjhgfdsapoi" (row to row) all count. */
static const char *const walks[] = {
	"abcdefghijklmnopqrstuvwxyz",
	"0123456789",
	"qwertyuiopasdfghjklzxcvbnm",
	"qazwsxedcrfvtgbyhnujmikolp",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
	"!@#$%^&*()_+",
};

static pthread_once_t list_once = PTHREAD_ONCE_INIT;
static const char *list;       /* the file's bytes, or NULL when missing */
static size_t list_len;        /* ends with '\n' when list != NULL */

static unsigned char
fold(char c)
{
	unsigned char u = (unsigned char)c;
	return u >= 'A' && u <= 'Z' ? (unsigned char)(u + ('a' - 'A')) : u;
}

/* ASCII digits, punctuation and space: what people pad with. */
static bool
is_padding(char c)
{
	unsigned char u = fold(c);
	return u >= 0x20 && u < 0x7f && !(u >= 'a' && u <= 'z');
}

static size_t
cp_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Folded key against a list line (already lower-case), byte order. */
static int
key_cmp(const char *key, size_t klen, const char *line, size_t llen)
{
	size_t n = klen < llen ? klen : llen;
	for (size_t i = 0; i < n; i++) {
		unsigned char a = fold(key[i]), b = (unsigned char)line[i];
		if (a != b)
			return a < b ? -1 : 1;
	}
	return klen < llen ? -1 : klen > llen;
}

/* Check what the lookup relies on: LF-terminated non-empty lines, no
 * upper case or CR, strictly increasing.  Returns the number of entries,
 * or 0 with *line_no set to the first bad line. */
static size_t
list_check(const char *p, size_t len, size_t *line_no)
{
	const char *prev = NULL;
	size_t prev_len = 0, n = 0;

	if (len == 0 || p[len - 1] != '\n') {
		*line_no = 0;
		return 0;
	}
	for (size_t at = 0; at < len; n++) {
		const char *line = p + at;
		const char *nl = memchr(line, '\n', len - at);
		size_t line_len = (size_t)(nl - line);
		bool ok = line_len > 0 &&
		    (prev == NULL || key_cmp(prev, prev_len, line, line_len) < 0);
		for (size_t i = 0; ok && i < line_len; i++)
			ok = line[i] != '\r' && fold(line[i]) == (unsigned char)line[i];
		if (!ok) {
			*line_no = n + 1;
			return 0;
		}
		prev = line;
		prev_len = line_len;
		at += line_len + 1;
	}
	return n;
}

static void
list_load(void)
{
	const struct embedded_file *f = embedded_find(LIST_NAME);
	size_t n, bad_line = 0;

	if (f == NULL) {
		log_warn("password: %s is not embedded; only repeats, runs and "
		    "single characters are refused as common", LIST_NAME);
		return;
	}
	if ((n = list_check((const char *)f->data, f->len, &bad_line)) == 0) {
		log_error("password: %s is not sorted, lower-case, LF-terminated "
		    "(line %zu); regenerate it as lists/README.md says",
		    LIST_NAME, bad_line);
		abort();
	}
	list = (const char *)f->data;
	list_len = f->len;
	log_debug("password: %zu common passwords from %s", n, LIST_NAME);
}

void
app_password_list_init(void)
{
	pthread_once(&list_once, list_load);
}

/* Binary search over lines in place.  lo and hi are always line starts
 * (or list_len); each step moves one of them past the line under mid. */
static bool
listed(const char *s, size_t len)
{
	size_t lo = 0, hi = list_len;

	if (list == NULL || len == 0)
		return false;
	while (lo < hi) {
		size_t start = lo + (hi - lo) / 2;
		while (start > lo && list[start - 1] != '\n')
			start--;
		const char *nl = memchr(list + start, '\n', hi - start);
		size_t end = (size_t)(nl - list);
		int c = key_cmp(s, len, list + start, end - start);
		if (c == 0)
			return true;
		if (c < 0)
			hi = start;
		else
			lo = end + 1;
	}
	return false;
}

/* Does s[0..len) repeat with period q (ASCII case folded)? */
static bool
periodic(const char *s, size_t len, size_t q)
{
	for (size_t i = q; i < len; i++)
		if (fold(s[i]) != fold(s[i - q]))
			return false;
	return true;
}

static bool
common_unit(const char *s, size_t len)
{
	return cp_count(s, len) <= SHORT_UNIT_MAX || listed(s, len);
}

/* One unit two or more times, back to back ("qwertyqwerty") or with one
 * padding character between the copies ("love love love"). */
static bool
is_repeat(const char *s, size_t len)
{
	for (size_t q = 1; q <= (len + 1) / 2; q++) {
		if (q <= len / 2 && len % q == 0 && periodic(s, len, q) &&
		    common_unit(s, q))
			return true;
		if (q >= 2 && (len + 1) % q == 0 && is_padding(s[q - 1]) &&
		    periodic(s, len, q) && common_unit(s, q - 1))
			return true;
	}
	return false;
}

/* A run along one of the walks, either way, wrapping at the ends. */
static bool
is_sequence(const char *s, size_t len)
{
	if (len < SEQUENCE_MIN)
		return false;
	for (size_t w = 0; w < sizeof(walks) / sizeof(walks[0]); w++) {
		const char *walk = walks[w];
		size_t wlen = strlen(walk);
		for (size_t at = 0; at < wlen; at++) {
			if ((unsigned char)walk[at] != fold(s[0]))
				continue;
			bool up = true, down = true;
			for (size_t i = 1; i < len && (up || down); i++) {
				unsigned char c = fold(s[i]);
				up = up && c == (unsigned char)walk[(at + i) % wlen];
				down = down && c == (unsigned char)
				    walk[(at + wlen - i % wlen) % wlen];
			}
			if (up || down)
				return true;
		}
	}
	return false;
}

/* Is s[0..len) common on its own?  `whole` is false for a base found by
 * stripping padding, which must then be long enough to mean something. */
static bool
common_core(const char *s, size_t len, bool whole)
{
	if (!whole) {
		bool all_padding = true;
		for (size_t i = 0; all_padding && i < len; i++)
			all_padding = is_padding(s[i]);
		if (cp_count(s, len) < (all_padding ? PADDING_BASE_MIN : BASE_MIN))
			return false;
	}
	return listed(s, len) || is_repeat(s, len) || is_sequence(s, len);
}

bool
app_password_is_common(const char *password)
{
	size_t len, lead = 0, tail;

	if (password == NULL || *password == '\0')
		return false;
	app_password_list_init();
	len = strlen(password);
	if (common_core(password, len, true))
		return true;
	if (len > MAX_SPLIT_LEN)
		return false;

	while (lead < len && is_padding(password[lead]))
		lead++;
	tail = len;
	while (tail > 0 && is_padding(password[tail - 1]))
		tail--;
	/* A base starts at 0 or after all the leading padding, and ends
	 * anywhere in the trailing padding: "abc123" + "456" must be found
	 * as well as "password" + "1234". */
	size_t starts[2] = { 0, lead };
	size_t nstarts = lead > 0 && lead < len ? 2 : 1;
	for (size_t i = 0; i < nstarts; i++) {
		size_t j = starts[i];
		for (size_t k = tail > j ? tail : j + 1; k <= len; k++) {
			if (j == 0 && k == len)
				continue;        /* the whole: done above */
			if (common_core(password + j, k - j, false))
				return true;
		}
	}
	return false;
}

/* Does haystack contain needle, ASCII case folded? */
static bool
contains_folded(const char *haystack, const char *needle)
{
	size_t hlen = strlen(haystack), nlen = strlen(needle);
	for (size_t i = 0; nlen <= hlen && i <= hlen - nlen; i++) {
		size_t k = 0;
		while (k < nlen && fold(haystack[i + k]) == fold(needle[k]))
			k++;
		if (k == nlen)
			return true;
	}
	return false;
}

const char *
app_password_problem(const char *password, const char *username)
{
	size_t n;

	if (password == NULL || *password == '\0')
		return msg_empty;
	n = str_utf8_len(password);
	if (n < PASSWORD_MIN)
		return msg_short;
	if (n > PASSWORD_MAX)
		return msg_long;
	if (username != NULL && *username != '\0' &&
	    contains_folded(password, username))
		return msg_username;
	if (app_password_is_common(password))
		return msg_common;
	return NULL;
}
