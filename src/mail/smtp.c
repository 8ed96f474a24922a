/*
 * smtp.c - RFC 5322 / MIME message writer and the libcurl SMTP transport.
 *
 * Design: the outbox row is turned into one complete message in a buf
 * (smtp_build_message), then libcurl uploads it in a fresh SMTP session:
 * one easy handle per message, no connection reuse.  The outbox sends a
 * handful of messages a minute at most, and a fresh session per message
 * leaves nothing to go stale or half-open between sweeps.
 *
 * Both bodies are quoted-printable UTF-8: it keeps lines under 76
 * characters whatever the text, never produces a line that is just "."
 * (a leading dot is written =2E), and can never contain "=_", which
 * starts every MIME boundary we make, so a body cannot forge a part.
 *
 * Traps:
 * - Header injection.  Every address and the subject are checked for CR
 *   and LF before anything is written (check_message), and the builder
 *   checks again, so it is safe on its own.  Display names and subjects
 *   that are not plain ASCII go out as RFC 2047 encoded-words, which
 *   carry any bytes as base64.
 * - Reasons written to errbuf end up in the outbox row and the log:
 *   they name the header or the SMTP code, never the address.
 * - Message-ID.  Sending is at least once (mail/outbox.h): a message
 *   accepted just before a crash is sent again after the restart.  So
 *   the Message-ID is not drawn per attempt but comes from the row's
 *   msg_token, drawn when it was queued (0026-messageid), and every
 *   copy carries the same one: receivers collapse them, which makes the
 *   delivery exactly once as the reader sees it.  The boundaries and the
 *   Date may differ between copies; nothing dedupes on them.
 * - libcurl is used with CURLOPT_NOSIGNAL (we are in a thread) and hard
 *   timeouts, so a dead server costs a sweep at most a minute and a bit.
 * - CURLUSESSL_TRY would send a password in clear to a server that does
 *   not offer STARTTLS (or to an attacker who strips it), so with a
 *   password we require TLS instead of trying it.
 */
#include "mail/smtp.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "db/db.h"

#define ADDR_MAX 254             /* RFC 5321 path limit, less the brackets */
#define LINE_SOFT_MAX 78         /* RFC 5322 recommended header line */
#define QP_LINE_MAX 75           /* encoded characters before a soft break */
#define WORD_BYTES 39            /* raw bytes per encoded-word: 52 base64 */
#define SEND_TIMEOUT 60L
#define CONNECT_TIMEOUT 15L

/* A mailbox split into display name (maybe empty) and address. */
struct mailbox {
	const char *name;
	size_t namelen;
	const char *addr;
	size_t addrlen;
};

/* ---- checking ---- */

static bool
has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

static bool
is_addr_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("<>()[],;:\\\"@", c) == NULL;
}

/* An ASCII addr-spec without quoting or comments: local@domain. */
static bool
addr_ok(const char *a, size_t len)
{
	const char *at = memchr(a, '@', len);
	size_t i;

	if (len < 3 || len > ADDR_MAX || at == NULL || at == a || at == a + len - 1)
		return false;
	for (i = 0; i < len; i++) {
		if (a + i != at && !is_addr_byte((unsigned char)a[i]))
			return false;
	}
	for (const char *d = at + 1; d < a + len; d++) {
		if (*d != '.' && *d != '-' && !(*d >= '0' && *d <= '9') &&
		    !((*d | 0x20) >= 'a' && (*d | 0x20) <= 'z'))
			return false;
	}
	return at[1] != '.' && a[len - 1] != '.';
}

/* "address" or "Display Name <address>"; ERR_BAD_INPUT otherwise. */
static enum err
mailbox_parse(const char *s, struct mailbox *mb)
{
	enum err rc = ERR_BAD_INPUT;
	const char *lt = strchr(s, '<');
	const char *gt;

	if (lt == NULL) {
		mb->name = "";
		mb->namelen = 0;
		mb->addr = s;
		mb->addrlen = strlen(s);
	} else {
		gt = strchr(lt, '>');
		if (gt == NULL || gt[1] != '\0')
			goto out;
		mb->name = s;
		mb->namelen = (size_t)(lt - s);
		while (mb->namelen > 0 && (s[mb->namelen - 1] == ' ' ||
		    s[mb->namelen - 1] == '\t'))
			mb->namelen--;
		while (mb->namelen > 0 && (*mb->name == ' ' || *mb->name == '\t')) {
			mb->name++;
			mb->namelen--;
		}
		mb->addr = lt + 1;
		mb->addrlen = (size_t)(gt - lt - 1);
	}
	if (addr_ok(mb->addr, mb->addrlen))
		rc = ERR_OK;
out:
	return rc;
}

/* Everything that would make the message unsafe or undeliverable for
 * good; the reason names the header, not its value. */
static enum err
check_message(const struct db_mail *m, const char *from, struct mailbox *fmb,
    struct mailbox *tmb, char *why, size_t whylen)
{
	enum err rc = ERR_BAD_INPUT;

	if (has_crlf(from)) {
		snprintf(why, whylen, "From contains CR or LF (header injection)");
		goto out;
	}
	if (has_crlf(m->to_addr)) {
		snprintf(why, whylen, "To contains CR or LF (header injection)");
		goto out;
	}
	if (has_crlf(m->subject)) {
		snprintf(why, whylen, "Subject contains CR or LF (header injection)");
		goto out;
	}
	if (mailbox_parse(from, fmb) != ERR_OK) {
		snprintf(why, whylen, "From is not a valid address (smtp_from)");
		goto out;
	}
	if (mailbox_parse(m->to_addr, tmb) != ERR_OK) {
		snprintf(why, whylen, "To is not a valid address");
		goto out;
	}
	rc = ERR_OK;
out:
	return rc;
}

/* An http(s) URL of printable ASCII with no <, > or space: safe inside
 * List-Unsubscribe's angle brackets.  Anything else is left out. */
static bool
unsubscribe_ok(const char *u)
{
	if (u == NULL || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0))
		return false;
	if (strlen(u) > 900)
		return false;
	for (const char *p = u; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '<' ||
		    *p == '>')
			return false;
	return true;
}

/* ---- writing headers ---- */

static void
put_base64(struct buf *b, const unsigned char *p, size_t len)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char q[4];

	for (size_t i = 0; i < len; i += 3) {
		size_t n = len - i < 3 ? len - i : 3;
		unsigned v = (unsigned)p[i] << 16;
		if (n > 1)
			v |= (unsigned)p[i + 1] << 8;
		if (n > 2)
			v |= p[i + 2];
		q[0] = abc[(v >> 18) & 63];
		q[1] = abc[(v >> 12) & 63];
		q[2] = n > 1 ? abc[(v >> 6) & 63] : '=';
		q[3] = n > 2 ? abc[v & 63] : '=';
		buf_append(b, q, 4);
	}
}

/* RFC 2047 B encoded-words, split between UTF-8 characters and folded
 * onto continuation lines so each line stays short. */
static void
put_encoded_words(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = len - i < WORD_BYTES ? len - i : WORD_BYTES;
		/* Back off so a UTF-8 sequence (at most 3 10xxxxxx bytes
		 * after its first) is not cut; invalid text is cut anywhere. */
		for (int back = 0; back < 3 && i + n < len &&
		    ((unsigned char)s[i + n] & 0xc0) == 0x80; back++)
			n--;
		if (i > 0)
			buf_puts(b, "\r\n ");
		buf_puts(b, "=?utf-8?B?");
		put_base64(b, (const unsigned char *)s + i, n);
		buf_puts(b, "?=");
		i += n;
	}
}

/* True when s[0..len) is printable ASCII (and tab) with no "=?" that a
 * reader could take for the start of an encoded-word. */
static bool
is_plain_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c >= 0x7f)
			return false;
		if (c == '=' && i + 1 < len && s[i + 1] == '?')
			return false;
	}
	return true;
}

/* A display name: as is when it is atoms and spaces, a quoted-string
 * when it is other plain ASCII, encoded-words otherwise. */
static void
put_phrase(struct buf *b, const char *s, size_t len)
{
	bool is_atoms = true;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(c == ' ' || (c >= '0' && c <= '9') ||
		    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL))
			is_atoms = false;
	}
	if (!is_plain_ascii(s, len)) {
		put_encoded_words(b, s, len);
	} else if (is_atoms) {
		buf_append(b, s, len);
	} else {
		buf_putc(b, '"');
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"' || s[i] == '\\')
				buf_putc(b, '\\');
			buf_putc(b, s[i]);
		}
		buf_putc(b, '"');
	}
}

static void
put_mailbox_header(struct buf *b, const char *field, const struct mailbox *mb)
{
	buf_printf(b, "%s: ", field);
	if (mb->namelen > 0) {
		put_phrase(b, mb->name, mb->namelen);
		buf_puts(b, " <");
		buf_append(b, mb->addr, mb->addrlen);
		buf_putc(b, '>');
	} else {
		buf_append(b, mb->addr, mb->addrlen);
	}
	buf_puts(b, "\r\n");
}

/* Subject: plain ASCII folded before white space to keep lines near 78
 * characters; anything else (or a word too long to fold) encoded. */
static void
put_subject(struct buf *b, const char *s)
{
	size_t len = strlen(s), i, j, k, col;
	bool is_foldable = is_plain_ascii(s, len);

	/* Tokens are runs of white space then non-white space. */
	for (i = 0; is_foldable && i < len; i = j) {
		for (j = i; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		for (; j < len && s[j] != ' ' && s[j] != '\t'; j++)
			;
		if (j - i > LINE_SOFT_MAX - 1 - strlen("Subject: "))
			is_foldable = false;
	}
	buf_puts(b, "Subject: ");
	col = strlen("Subject: ");
	if (!is_foldable)
		put_encoded_words(b, s, len);
	for (i = 0; is_foldable && i < len; i = j) {
		for (k = i; k < len && (s[k] == ' ' || s[k] == '\t'); k++)
			;
		for (j = k; j < len && s[j] != ' ' && s[j] != '\t'; j++)
			;
		/* Fold before the white space that starts this token, unless
		 * the new line would be only white space (not allowed). */
		if (col + (j - i) > LINE_SOFT_MAX && i > 0 && k < j) {
			buf_puts(b, "\r\n");
			col = 0;
		}
		buf_append(b, s + i, j - i);
		col += j - i;
	}
	buf_puts(b, "\r\n");
}

/* RFC 5322 date in UTC, independent of the locale. */
static void
put_date(struct buf *b, int64_t now)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)now;
	struct tm tm;

	gmtime_r(&t, &tm);
	buf_printf(b, "Date: %s, %d %s %d %02d:%02d:%02d +0000\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
random_hex(char *out, size_t bytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[32];

	if (bytes > sizeof(raw))
		bytes = sizeof(raw);
	crypto_random(raw, bytes);
	for (size_t i = 0; i < bytes; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * bytes] = '\0';
}

/* The row's msg_token when it is one (16 to 64 lowercase hex digits,
 * as 0026 draws them: it goes into a header), else a random one, for a
 * message built by hand.  token holds 64 characters and the NUL. */
static void
message_token(const struct db_mail *m, char token[65])
{
	const char *t = m->msg_token ? m->msg_token : "";
	size_t len = strspn(t, "0123456789abcdef");

	if (t[len] == '\0' && len >= 16 && len <= 64)
		memcpy(token, t, len + 1);
	else
		random_hex(token, 16);
}

/* ---- writing bodies ---- */

static void
put_qp_byte(struct buf *b, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char q[3] = {'=', hex[c >> 4], hex[c & 15]};

	buf_append(b, q, 3);
}

/* Quoted-printable (RFC 2045 6.7) with any of CRLF, LF or CR as a hard
 * line break; the output always ends in CRLF. */
static void
put_qp(struct buf *b, const char *s)
{
	size_t col = 0;

	for (const char *p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		bool is_end, is_literal;

		if (c == '\r' || c == '\n') {
			if (c == '\r' && p[1] == '\n')
				p++;
			buf_puts(b, "\r\n");
			col = 0;
			continue;
		}
		is_end = p[1] == '\0' || p[1] == '\r' || p[1] == '\n';
		is_literal = (c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && !is_end);
		if (c == '.' && col == 0)
			is_literal = false;
		if (col + (is_literal ? 1 : 3) > QP_LINE_MAX) {
			buf_puts(b, "=\r\n");
			col = 0;
		}
		if (is_literal) {
			buf_putc(b, (char)c);
			col++;
		} else {
			put_qp_byte(b, c);
			col += 3;
		}
	}
	if (col > 0)
		buf_puts(b, "\r\n");
}

static void
put_part(struct buf *b, const char *type, const char *body)
{
	buf_printf(b, "Content-Type: %s; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", type);
	put_qp(b, body);
}

/* A body in base64 (RFC 2045 6.8): lines of 76 characters (57 bytes),
 * each ending in CRLF. */
static void
put_base64_body(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i += 57) {
		put_base64(b, (const unsigned char *)s + i, len - i < 57 ? len - i : 57);
		buf_puts(b, "\r\n");
	}
}

/* The readable body: text/plain alone, or multipart/alternative with
 * text/html and/or the invitation as text/calendar (SES-9: calendar
 * clients look for it there, RFC 6047 2.4). */
static void
put_body(struct buf *out, const struct db_mail *m, const char *method)
{
	char token[33], boundary[48];
	bool has_html = m->body_html != NULL && m->body_html[0] != '\0';

	if (!has_html && method == NULL) {
		put_part(out, "text/plain", m->body_text ? m->body_text : "");
		return;
	}
	random_hex(token, 12);
	snprintf(boundary, sizeof(boundary), "=_tandem_%s", token);
	buf_printf(out, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n\r\n", boundary);
	buf_printf(out, "--%s\r\n", boundary);
	put_part(out, "text/plain", m->body_text ? m->body_text : "");
	if (has_html) {
		buf_printf(out, "--%s\r\n", boundary);
		put_part(out, "text/html", m->body_html);
	}
	if (method != NULL) {
		buf_printf(out, "--%s\r\n", boundary);
		buf_printf(out, "Content-Type: text/calendar; charset=UTF-8; method=%s\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", method);
		put_base64_body(out, m->ics);
	}
	buf_printf(out, "--%s--\r\n", boundary);
}

/* The invitation's METHOD when m carries one we know, else NULL. */
static const char *
invite_method(const struct db_mail *m)
{
	static const char *const known[] = {"REQUEST", "CANCEL", "PUBLISH"};
	if (m->ics == NULL || m->ics[0] == '\0' || m->ics_method == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(m->ics_method, known[i]) == 0)
			return known[i];
	return NULL;
}

enum err
smtp_build_message(struct buf *out, const struct db_mail *m, const char *from,
    int64_t now)
{
	enum err rc;
	struct mailbox fmb, tmb;
	char why[128], token[65], part[25], boundary[48];
	const char *domain, *method = invite_method(m);

	if ((rc = check_message(m, from, &fmb, &tmb, why, sizeof(why))) != ERR_OK)
		goto out;
	put_date(out, now);
	put_mailbox_header(out, "From", &fmb);
	put_mailbox_header(out, "To", &tmb);
	put_subject(out, m->subject);
	domain = (const char *)memchr(fmb.addr, '@', fmb.addrlen) + 1;
	message_token(m, token);
	buf_printf(out, "Message-ID: <%s.%lld@%.*s>\r\n", token, (long long)m->id,
	    (int)(fmb.addrlen - (size_t)(domain - fmb.addr)), domain);
	buf_puts(out, "MIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n");
	/* ACC-8: where to stop this kind of email.  A page behind sign-in,
	 * so no List-Unsubscribe-Post (RFC 8058 one-click needs a URL that
	 * works without a session).  Required kinds have none. */
	if (unsubscribe_ok(m->unsubscribe))
		buf_printf(out, "List-Unsubscribe: <%s>\r\n", m->unsubscribe);
	if (m->is_bulk)
		buf_puts(out, "Precedence: bulk\r\n");
	if (method == NULL) {
		put_body(out, m, NULL);
	} else {
		/* multipart/mixed: the body (with the text/calendar part) and
		 * the same invitation as an invite.ics attachment, for clients
		 * that only offer attachments */
		random_hex(part, 12);
		snprintf(boundary, sizeof(boundary), "=_tandem_%s", part);
		buf_printf(out, "Content-Type: multipart/mixed;\r\n"
		    " boundary=\"%s\"\r\n\r\n", boundary);
		buf_printf(out, "--%s\r\n", boundary);
		put_body(out, m, method);
		buf_printf(out, "--%s\r\n", boundary);
		buf_puts(out, "Content-Type: application/ics; name=\"invite.ics\"\r\n"
		    "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n");
		put_base64_body(out, m->ics);
		buf_printf(out, "--%s--\r\n", boundary);
	}
	if (buf_err(out))
		rc = ERR_TOO_LARGE;
out:
	return rc;
}

/* ---- the transport ---- */

struct smtp {
	char *url;
	char *ca_file;
	char *user;
	char *password;
};

struct upload {
	const char *data;
	size_t len;
	size_t off;
};

static size_t
upload_read(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct upload *u = ud;
	size_t n = u->len - u->off;

	if (n > size * nmemb)
		n = size * nmemb;
	memcpy(dst, u->data + u->off, n);
	u->off += n;
	return n;
}

static enum err
smtp_send(void *ud, const struct db_mail *m, const char *from, char *errbuf,
    size_t errlen)
{
	enum err rc;
	const struct smtp *s = ud;
	struct mailbox fmb, tmb;
	struct buf msg;
	struct upload up;
	struct curl_slist *rcpt = NULL;
	CURL *c = NULL;
	CURLcode res;
	char curlerr[CURL_ERROR_SIZE] = "";
	char envfrom[ADDR_MAX + 3], envto[ADDR_MAX + 3];
	long code = 0;

	buf_init(&msg, SMTP_MESSAGE_MAX);
	if ((rc = check_message(m, from, &fmb, &tmb, errbuf, errlen)) != ERR_OK)
		goto out;
	if ((rc = smtp_build_message(&msg, m, from, clock_now())) != ERR_OK) {
		snprintf(errbuf, errlen, "message larger than %zu bytes",
		    SMTP_MESSAGE_MAX);
		rc = ERR_BAD_INPUT;
		goto out;
	}
	snprintf(envfrom, sizeof(envfrom), "<%.*s>", (int)fmb.addrlen, fmb.addr);
	snprintf(envto, sizeof(envto), "<%.*s>", (int)tmb.addrlen, tmb.addr);
	if ((rcpt = curl_slist_append(NULL, envto)) == NULL ||
	    (c = curl_easy_init()) == NULL) {
		snprintf(errbuf, errlen, "libcurl cannot start a transfer");
		rc = ERR_IO;
		goto out;
	}
	up.data = buf_str(&msg);
	up.len = msg.len;
	up.off = 0;

	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (s->user[0] != '\0')
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
	if (s->password[0] != '\0')
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	if (s->ca_file[0] != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	curl_easy_setopt(c, CURLOPT_USE_SSL, s->password[0] != '\0' ?
	    (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, envfrom);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, SEND_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);

	if ((res = curl_easy_perform(c)) != CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code > 0)
			snprintf(errbuf, errlen, "%s (SMTP %ld)",
			    curlerr[0] ? curlerr : curl_easy_strerror(res), code);
		else
			snprintf(errbuf, errlen, "%s",
			    curlerr[0] ? curlerr : curl_easy_strerror(res));
		/* a 5xx reply is the server's final word (RFC 5321 4.2.1):
		 * retrying for a day would only repeat it; 4xx is retried */
		rc = code >= 500 && code < 600 ? ERR_BAD_INPUT : ERR_IO;
		goto out;
	}
	rc = ERR_OK;
out:
	curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	buf_free(&msg);
	return rc;
}

enum err
smtp_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ?
	    ERR_OK : ERR_INTERNAL;
}

void
smtp_global_cleanup(void)
{
	curl_global_cleanup();
}

struct mail_transport
smtp_transport(const struct config *cfg)
{
	struct smtp *s = xcalloc(1, sizeof(*s));

	s->url = xstrdup(cfg->smtp_url ? cfg->smtp_url : "");
	s->ca_file = xstrdup(cfg->smtp_ca_file ? cfg->smtp_ca_file : "");
	s->user = xstrdup(cfg->smtp_user ? cfg->smtp_user : "");
	s->password = xstrdup(cfg->smtp_password ? cfg->smtp_password : "");
	return (struct mail_transport){ .send = smtp_send, .ud = s };
}

void
smtp_transport_free(struct mail_transport *t)
{
	struct smtp *s = t->ud;

	if (s != NULL) {
		crypto_wipe(s->password, strlen(s->password));
		free(s->url);
		free(s->ca_file);
		free(s->user);
		free(s->password);
		free(s);
	}
	t->ud = NULL;
	t->send = NULL;
}
