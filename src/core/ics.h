/*
 * ics.h - iCalendar (RFC 5545) text for session invitations and
 * calendar feeds (SES-9).
 *
 * Times are written in UTC ("20261124T093000Z"); text values are
 * escaped (backslash, semicolon, comma, newline) and lines folded at 75
 * octets without splitting a UTF-8 character; lines end in CRLF.  A
 * session's UID is stable for its life, and every update or
 * cancellation carries a higher SEQUENCE, so calendar clients replace
 * the event rather than add a second one.
 */
#ifndef TANDEM_CORE_ICS_H
#define TANDEM_CORE_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct ics_person {
	const char *name;
	const char *email;
};

struct ics_event {
	const char *uid;               /* e.g. "session-42@tandem.example" */
	int64_t sequence;
	int64_t stamp;                 /* DTSTAMP: when this version was made */
	int64_t starts_at, ends_at;    /* UTC seconds */
	const char *summary;           /* "Mentoring session: A and B" */
	const char *location;          /* place or link, may be "" */
	const char *description;       /* may be "" */
	const char *url;               /* the relationship page, may be "" */
	struct ics_person organizer;   /* who proposed it */
	struct ics_person attendees[2];/* the pair (email "" to leave one out) */
	bool is_cancelled;             /* STATUS:CANCELLED (with METHOD:CANCEL) */
};

/* One event as an invitation: METHOD:REQUEST, or METHOD:CANCEL with
 * STATUS:CANCELLED when e->is_cancelled.  In the arena; never NULL. */
const char *ics_invite(struct arena *a, const struct ics_event *e);

/* A feed of events (METHOD:PUBLISH) with X-WR-CALNAME `name`; no
 * ATTENDEE lines (RFC 5546 3.2.1).  In the arena; never NULL. */
const char *ics_feed(struct arena *a, const char *name, const struct ics_event *ev,
    size_t n);

#endif
