/*
 * ics.c - iCalendar (RFC 5545) writer for session invitations and
 * calendar feeds (SES-9).
 *
 * Design: each property is first written whole into a scratch buffer
 * ("content line"), then copied to the output folded: at most 75
 * octets per physical line, continuation lines starting with one space
 * (RFC 5545 3.1), never splitting a UTF-8 sequence (we back off to the
 * start of the character).  Every line ends in CRLF.
 *
 * Values: TEXT (SUMMARY, LOCATION, DESCRIPTION) escapes backslash,
 * semicolon and comma and writes newlines as "\n" (3.3.11); other
 * control characters are dropped.  CN is a parameter value: quoted when
 * it holds ':', ';' or ',' (3.2), and a double quote, which cannot
 * appear even quoted, becomes a single quote.  Addresses and URLs are
 * not TEXT and are written as they are, less control characters, so a
 * stored value can never start a property of its own.
 *
 * Times are UTC ("Z" form), so no VTIMEZONE is needed.  A feed
 * (METHOD:PUBLISH) carries no ATTENDEE, as RFC 5546 3.2.1 requires;
 * the summary names the pair.
 */
#include "core/ics.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"

#define ICS_LINE_MAX 75
#define ICS_MAX ((size_t)32 * 1024 * 1024)
#define ICS_PRODID "-//Tandem//Tandem mentoring//EN"

/* Copy one content line into out, folded, with its CRLF. */
static void
put_folded(struct buf *out, const char *line, size_t len)
{
	size_t room = ICS_LINE_MAX;   /* first line: 75; later: space + 74 */
	while (len > room) {
		size_t cut = room;
		/* never split a UTF-8 character: back off over continuation
		 * bytes (10xxxxxx) to the character's first byte */
		while (cut > 1 && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		buf_append(out, line, cut);
		buf_puts(out, "\r\n ");
		line += cut;
		len -= cut;
		room = ICS_LINE_MAX - 1;
	}
	buf_append(out, line, len);
	buf_puts(out, "\r\n");
}

/* A property: name, then the line built by the caller in `line`. */
static void
flush(struct buf *out, struct buf *line)
{
	put_folded(out, line->data ? line->data : "", line->len);
	buf_reset(line);
}

/* TEXT value (RFC 5545 3.3.11). */
static void
put_text(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '\\': buf_puts(b, "\\\\"); break;
		case ';': buf_puts(b, "\\;"); break;
		case ',': buf_puts(b, "\\,"); break;
		case '\r':
			if (p[1] == '\n')
				p++;
			buf_puts(b, "\\n");
			break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\t': buf_putc(b, ' '); break;
		default:
			if (*p >= 0x20 && *p != 0x7F)
				buf_putc(b, (char)*p);
			break;
		}
	}
}

/* A value that is not TEXT (URI, address): only control characters go. */
static void
put_raw(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		if (*p >= 0x20 && *p != 0x7F)
			buf_putc(b, (char)*p);
}

/* ;CN=value, quoted when needed (RFC 5545 3.2 param-value). */
static void
put_cn(struct buf *b, const char *name)
{
	if (name == NULL || name[0] == '\0')
		return;
	bool is_quoted = strpbrk(name, ":;,") != NULL;
	buf_puts(b, ";CN=");
	if (is_quoted)
		buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == '"')
			buf_putc(b, '\'');
		else if (*p >= 0x20 && *p != 0x7F)
			buf_putc(b, (char)*p);
	}
	if (is_quoted)
		buf_putc(b, '"');
}

static void
put_time(struct buf *line, const char *name, int64_t t)
{
	char iso[32];
	/* "2026-11-24T09:30:00Z" -> "20261124T093000Z" */
	clock_iso8601(t, iso, sizeof(iso));
	char basic[20];
	size_t n = 0;
	for (const char *p = iso; *p != '\0' && n < sizeof(basic) - 1; p++)
		if (*p != '-' && *p != ':')
			basic[n++] = *p;
	basic[n] = '\0';
	buf_printf(line, "%s:%s", name, basic);
}

/* is_publish: a feed, where RFC 5546 (3.2.1) allows no ATTENDEE. */
static void
put_event(struct buf *out, struct buf *line, const struct ics_event *e, bool is_publish)
{
	buf_puts(out, "BEGIN:VEVENT\r\n");
	buf_puts(line, "UID:");
	put_raw(line, e->uid);
	flush(out, line);
	buf_printf(line, "SEQUENCE:%lld", (long long)(e->sequence < 0 ? 0 : e->sequence));
	flush(out, line);
	put_time(line, "DTSTAMP", e->stamp);
	flush(out, line);
	put_time(line, "DTSTART", e->starts_at);
	flush(out, line);
	put_time(line, "DTEND", e->ends_at > e->starts_at ? e->ends_at : e->starts_at);
	flush(out, line);
	buf_puts(line, "SUMMARY:");
	put_text(line, e->summary);
	flush(out, line);
	if (e->location != NULL && e->location[0] != '\0') {
		buf_puts(line, "LOCATION:");
		put_text(line, e->location);
		flush(out, line);
	}
	if (e->description != NULL && e->description[0] != '\0') {
		buf_puts(line, "DESCRIPTION:");
		put_text(line, e->description);
		flush(out, line);
	}
	if (e->url != NULL && e->url[0] != '\0') {
		buf_puts(line, "URL:");
		put_raw(line, e->url);
		flush(out, line);
	}
	if (e->organizer.email != NULL && e->organizer.email[0] != '\0') {
		buf_puts(line, "ORGANIZER");
		put_cn(line, e->organizer.name);
		buf_puts(line, ":mailto:");
		put_raw(line, e->organizer.email);
		flush(out, line);
	}
	for (size_t i = 0; i < 2 && !is_publish; i++) {
		const struct ics_person *p = &e->attendees[i];
		if (p->email == NULL || p->email[0] == '\0')
			continue;
		buf_puts(line, "ATTENDEE");
		put_cn(line, p->name);
		buf_puts(line, ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:");
		put_raw(line, p->email);
		flush(out, line);
	}
	buf_puts(out, e->is_cancelled ? "STATUS:CANCELLED\r\n" : "STATUS:CONFIRMED\r\n");
	buf_puts(out, "TRANSP:OPAQUE\r\n");
	buf_puts(out, "END:VEVENT\r\n");
}

static void
put_head(struct buf *out, struct buf *line, const char *method, const char *name)
{
	buf_puts(out, "BEGIN:VCALENDAR\r\n"
	    "PRODID:" ICS_PRODID "\r\n"
	    "VERSION:2.0\r\n"
	    "CALSCALE:GREGORIAN\r\n");
	buf_printf(out, "METHOD:%s\r\n", method);
	if (name != NULL) {
		buf_puts(line, "X-WR-CALNAME:");
		put_text(line, name);
		flush(out, line);
	}
}

static const char *
finish(struct buf *out)
{
	size_t len;
	buf_puts(out, "END:VCALENDAR\r\n");
	return buf_err(out) ? "" : buf_take(out, &len);
}

const char *
ics_invite(struct arena *a, const struct ics_event *e)
{
	struct buf out, line;
	buf_init_arena(&out, a, ICS_MAX);
	buf_init_arena(&line, a, ICS_MAX);
	put_head(&out, &line, e->is_cancelled ? "CANCEL" : "REQUEST", NULL);
	put_event(&out, &line, e, false);
	return finish(&out);
}

const char *
ics_feed(struct arena *a, const char *name, const struct ics_event *ev, size_t n)
{
	struct buf out, line;
	buf_init_arena(&out, a, ICS_MAX);
	buf_init_arena(&line, a, ICS_MAX);
	put_head(&out, &line, "PUBLISH", name);
	for (size_t i = 0; i < n; i++)
		put_event(&out, &line, &ev[i], true);
	return finish(&out);
}
