/*
 * test_ics.c - core/ics (SES-9): invitations and feeds are read back
 * with libical, which must find no errors (and none against RFC 5546's
 * restrictions for the METHOD); plus the raw text itself: CRLF only,
 * no line over 75 octets, folding never splitting a UTF-8 character,
 * TEXT escaping of ; , \ and newlines, quoted CN.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "core/arena.h"
#include "core/ics.h"

#define MON_23_NOV_2026_1000 INT64_C(1795428000)

static struct ics_event
an_event(void)
{
	struct ics_event e = {
		.uid = "session-42@tandem",
		.sequence = 0,
		.stamp = MON_23_NOV_2026_1000,
		.starts_at = MON_23_NOV_2026_1000 + 7 * 86400,
		.ends_at = MON_23_NOV_2026_1000 + 7 * 86400 + 3600,
		.summary = "Mentoring session: Chidi Okafor and Tom Hughes",
		.location = "Room 3, Education Centre; level 2",
		.description = "",
		.url = "https://tandem.example/relationships/1",
		.organizer = {"Chidi Okafor", "chidi.okafor@northfield.example.nhs.uk"},
		.attendees = {
			{"Chidi Okafor", "chidi.okafor@northfield.example.nhs.uk"},
			{"O'Neil, \"Tom\"; Hughes", "tom.hughes@northfield.example.nhs.uk"},
		},
	};
	return e;
}

/* Lines end in CRLF, no bare CR or LF, none longer than 75 octets, and
 * no continuation line starts inside a UTF-8 character. */
static void
assert_lines_ok(const char *ics)
{
	const char *p = ics;
	assert_true(strlen(ics) > 0);
	while (*p != '\0') {
		const char *crlf = strstr(p, "\r\n");
		assert_non_null(crlf);
		size_t len = (size_t)(crlf - p);
		assert_true(len <= 75);
		assert_null(memchr(p, '\n', len));
		assert_null(memchr(p, '\r', len));
		if (*p == ' ' && len > 1)
			assert_int_not_equal((unsigned char)p[1] & 0xC0, 0x80);
		p = crlf + 2;
	}
}

/* Unfold (RFC 5545 3.1) for looking at whole properties. */
static char *
unfold(struct arena *a, const char *ics)
{
	char *out = arena_alloc(a, strlen(ics) + 1), *o = out;
	for (const char *p = ics; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* Parse with libical; fail on any X-LIC-ERROR, including RFC 5546's
 * restrictions for the METHOD.  Caller frees. */
static icalcomponent *
parse(const char *ics)
{
	icalcomponent *c = icalparser_parse_string(ics);
	assert_non_null(c);
	assert_int_equal(icalcomponent_isa(c), ICAL_VCALENDAR_COMPONENT);
	icalrestriction_check(c);
	int nerr = icalcomponent_count_errors(c);
	if (nerr != 0) {
		/* the X-LIC-ERROR properties say what is wrong */
		const char *all = icalcomponent_as_ical_string(c);
		const char *e = strstr(all, "X-LIC-ERROR");
		fail_msg("libical: %d error(s): %.300s", nerr, e ? e : all);
	}
	return c;
}

static void
test_invite(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct ics_event e = an_event();
	const char *ics = ics_invite(a, &e);
	assert_lines_ok(ics);
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\nPRODID:"));
	assert_non_null(strstr(ics, "VERSION:2.0\r\n"));

	icalcomponent *c = parse(ics);
	assert_int_equal(icalcomponent_get_method(c), ICAL_METHOD_REQUEST);
	icalcomponent *ev = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_uid(ev), "session-42@tandem");
	assert_int_equal(icalcomponent_get_sequence(ev), 0);
	struct icaltimetype start = icalcomponent_get_dtstart(ev);
	assert_true(icaltime_is_utc(start));
	assert_int_equal(icaltime_as_timet(start), e.starts_at);
	struct icaltimetype end = icalcomponent_get_dtend(ev);
	assert_true(icaltime_is_utc(end));
	assert_int_equal(icaltime_as_timet(end), e.ends_at);
	assert_int_equal(icaltime_as_timet(icalcomponent_get_dtstamp(ev)), e.stamp);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
	assert_string_equal(icalcomponent_get_location(ev), e.location);
	assert_string_equal(icalcomponent_get_summary(ev), e.summary);
	assert_null(strstr(ics, "DESCRIPTION"));          /* "" is left out */

	icalproperty *org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	assert_non_null(org);
	assert_string_equal(icalproperty_get_organizer(org),
	    "mailto:chidi.okafor@northfield.example.nhs.uk");
	icalparameter *cn = icalproperty_get_first_parameter(org, ICAL_CN_PARAMETER);
	assert_string_equal(icalparameter_get_cn(cn), "Chidi Okafor");

	/* the second attendee's CN needs quoting; its " becomes ' */
	int nattendees = 0;
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY)) {
		nattendees++;
		if (strcmp(icalproperty_get_attendee(p),
		    "mailto:tom.hughes@northfield.example.nhs.uk") == 0) {
			cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
			assert_string_equal(icalparameter_get_cn(cn), "O'Neil, 'Tom'; Hughes");
		}
	}
	assert_int_equal(nattendees, 2);
	assert_non_null(strstr(unfold(a, ics), "ATTENDEE;CN=\"O'Neil, 'Tom'; Hughes\";"));
	icalcomponent_free(c);
	arena_free(a);
}

/* A cancellation: METHOD:CANCEL, the same UID, a higher SEQUENCE. */
static void
test_cancel(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct ics_event e = an_event();
	e.sequence = 2;
	e.is_cancelled = true;
	const char *ics = ics_invite(a, &e);
	assert_lines_ok(ics);
	icalcomponent *c = parse(ics);
	assert_int_equal(icalcomponent_get_method(c), ICAL_METHOD_CANCEL);
	icalcomponent *ev = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_uid(ev), "session-42@tandem");
	assert_int_equal(icalcomponent_get_sequence(ev), 2);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	icalcomponent_free(c);
	arena_free(a);
}

/* A long description with non-ASCII text folds without splitting a
 * character and reads back whole; ; , \ and newlines round-trip. */
static void
test_folding_and_escaping(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct ics_event e = an_event();
	static const char desc[] =
	    "Ffocws ar ddatblygiad gyrfa — café, naïve résumé; “quotes”, "
	    "back\\slash, and a new line\nthen another\r\nand Ελληνικά, 日本語の文章, "
	    "emoji 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 "
	    "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé end.";
	e.description = desc;
	e.location = "a;b,c\\d";
	const char *ics = ics_invite(a, &e);
	assert_lines_ok(ics);

	const char *flat = unfold(a, ics);
	assert_non_null(strstr(flat, "LOCATION:a\\;b\\,c\\\\d\r\n"));
	assert_non_null(strstr(flat, "résumé\\; “quotes”\\, back\\\\slash\\, and a new "
	    "line\\nthen another\\nand"));

	icalcomponent *c = parse(ics);
	icalcomponent *ev = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_location(ev), "a;b,c\\d");
	/* the CRLF in the text comes back as one newline */
	const char *back = icalcomponent_get_description(ev);
	assert_non_null(back);
	assert_non_null(strstr(back, "a new line\nthen another\nand Ελληνικά"));
	assert_non_null(strstr(back, "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 éé"));
	assert_int_equal(strlen(back), strlen(desc) - 1);   /* \r\n -> \n */
	icalcomponent_free(c);

	/* control characters cannot start a property of their own */
	e.summary = "Session\r\nATTENDEE:mailto:evil@example.com";
	e.url = "https://x.example/\r\nX-EVIL:1";
	ics = ics_invite(a, &e);
	assert_lines_ok(ics);
	assert_null(strstr(ics, "\r\nATTENDEE:mailto:evil"));
	assert_null(strstr(ics, "\r\nX-EVIL"));
	arena_free(a);
}

static void
test_feed(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct ics_event ev[3];
	for (size_t i = 0; i < 3; i++) {
		ev[i] = an_event();
		ev[i].uid = arena_printf(a, "session-%zu@tandem", i + 1);
		ev[i].starts_at += (int64_t)i * 86400;
		ev[i].ends_at += (int64_t)i * 86400;
		ev[i].sequence = (int64_t)i;
	}
	const char *ics = ics_feed(a, "Tandem mentoring", ev, 3);
	assert_lines_ok(ics);
	icalcomponent *c = parse(ics);
	assert_int_equal(icalcomponent_get_method(c), ICAL_METHOD_PUBLISH);
	icalproperty *name = icalcomponent_get_first_property(c, ICAL_X_PROPERTY);
	assert_non_null(name);
	assert_string_equal(icalproperty_get_x_name(name), "X-WR-CALNAME");
	assert_string_equal(icalproperty_get_x(name), "Tandem mentoring");
	int n = 0;
	for (icalcomponent *e = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
	    e != NULL; e = icalcomponent_get_next_component(c, ICAL_VEVENT_COMPONENT)) {
		n++;
		assert_int_equal(icaltime_as_timet(icalcomponent_get_dtstart(e)),
		    ev[n - 1].starts_at);
	}
	assert_int_equal(n, 3);
	icalcomponent_free(c);

	/* an empty feed is still a valid calendar */
	ics = ics_feed(a, "Tandem mentoring", NULL, 0);
	assert_lines_ok(ics);
	assert_non_null(strstr(ics, "METHOD:PUBLISH\r\n"));
	assert_non_null(strstr(ics, "END:VCALENDAR\r\n"));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invite),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_folding_and_escaping),
		cmocka_unit_test(test_feed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
