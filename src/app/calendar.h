/*
 * calendar.h - sessions as calendar events (SES-9): the iCalendar event
 * for one mentoring session, shown in its scheme's time zone in words
 * and written in UTC in the .ics; each person's private calendar feed
 * (a secret URL derived from the installation key and
 * users.calendar_version: nothing secret is stored, resetting the feed
 * raises the version and the old URL stops working).
 */
#ifndef TANDEM_APP_CALENDAR_H
#define TANDEM_APP_CALENDAR_H

#include "app/account.h"
#include "core/ics.h"
#include "db/sessions.h"

/* CONTRACT: the event for session s: UID "session-<id>@tandem" (stable
 * for the session's life), SEQUENCE s->sequence, organiser the person
 * who added it, both of the pair as attendees, the place or link as
 * LOCATION, the relationship page (base_url + "/relationships/<id>") as
 * URL; is_cancelled for a cancelled session (then METHOD:CANCEL).
 * base_url may be "" (no URL).  Strings in the arena. */
void app_calendar_event(struct arena *a, const struct db_msession *s, const char *base_url,
    int64_t now, struct ics_event *out);

#endif
