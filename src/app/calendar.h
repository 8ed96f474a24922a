/*
 * calendar.h - sessions as calendar events (SES-9): the iCalendar event
 * for one mentoring session, shown in its scheme's time zone in words
 * and written in UTC in the .ics; each person's private calendar feed
 * (a secret URL derived from the installation key and
 * users.calendar_version: nothing secret is stored, resetting the feed
 * raises the version and the old URL stops working).
 *
 * users.calendar_version:
 *   0     never turned on: no feed
 *   v > 0 on; the token is HMAC-SHA256(key, "calendar:<id>:<v>")
 *   v < 0 turned off; -v was the last version, so turning it on again
 *         gives v = -v + 1: a new URL, never an old one
 * Reset: v + 1.  Every change is audited ("calendar.on", ".reset",
 * ".off"), never with the token.
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

/* The feed's token: URL-safe base64 (no padding) of HMAC-SHA256(key,
 * "calendar:<user_id>:<version>"), 43 characters. */
#define APP_CALENDAR_TOKEN_LEN 43
void app_calendar_token(const unsigned char key[32], int64_t user_id, int64_t version,
    char out[APP_CALENDAR_TOKEN_LEN + 1]);

/* A person's feed as their settings page shows it. */
struct app_calendar {
	bool is_on;
	const char *path;     /* "/calendar/<id>/<token>.ics", "" when off */
};

/* me's feed.  Strings in the arena. */
enum err app_calendar_get(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_calendar *out);

/* Turn me's feed "on", "reset" it (a new URL; the old one stops) or
 * turn it "off"; then as app_calendar_get.  "on" when on and "off" when
 * off change nothing; "reset" when off turns it on.  ERR_BAD_INPUT for
 * another action; ERR_CONFLICT when a simultaneous change won. */
enum err app_calendar_change(struct db *db, struct arena *a, const struct app_auth *me,
    const char *action, const char *ip, struct app_calendar *out);

/* The feed of user_id if `token` is their current one (compared in
 * constant time), else ERR_NOT_FOUND, the same for no such person, a
 * feed turned off, an old token or an inactive account.  The feed:
 * their agreed and logged sessions (not those either said did not take
 * place) from 90 days before `now` to a year after, METHOD:PUBLISH,
 * X-WR-CALNAME "Tandem mentoring".  base_url as app_calendar_event. */
#define APP_CALENDAR_PAST_DAYS 90
#define APP_CALENDAR_FUTURE_DAYS 365
enum err app_calendar_feed(struct db *db, struct arena *a, int64_t user_id,
    const char *token, const char *base_url, int64_t now, const char **ics);

#endif
