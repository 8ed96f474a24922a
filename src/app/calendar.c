/*
 * calendar.c - sessions as calendar events, and each person's private
 * calendar feed (SES-9).  See calendar.h for the versioning of
 * users.calendar_version.
 *
 * Design: the feed URL carries a token that is an HMAC of the person's
 * id and feed version under the installation key, so no token is
 * stored and a database leak gives no feed URLs.  Checking it is one
 * query for the version, then a constant-time comparison; every
 * failure is ERR_NOT_FOUND so a guesser learns nothing (not even
 * whether the person exists).
 *
 * Times: the .ics is in UTC; the DESCRIPTION also gives the time in
 * words in the scheme's zone (core/tz.h), as the emails do.
 *
 * Traps: nothing here logs a token.  The feed reads at most one query
 * of sessions (db_msessions_of_user) whatever its length.
 */
#include "app/calendar.h"

#include <sodium.h>
#include <string.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/tz.h"
#include "db/calendar.h"

#define FEED_NAME "Tandem mentoring"
#define FEED_MAX 5000

static const char *
format_words(const char *format)
{
	if (format == NULL)
		return "";
	if (strcmp(format, "in_person") == 0)
		return "In person";
	if (strcmp(format, "video") == 0)
		return "Video call";
	if (strcmp(format, "phone") == 0)
		return "Phone call";
	return "";
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* "Monday 30 November 2026, 10:00 to 11:00 (GMT)" in zone z. */
static const char *
when_words(struct arena *a, const struct tz *z, int64_t start, int64_t end)
{
	static const char *const days[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday"};
	static const char *const months[] = {"January", "February", "March", "April",
	    "May", "June", "July", "August", "September", "October", "November", "December"};
	struct tz_local s, e;
	tz_to_local(z, start, &s);
	tz_to_local(z, end, &e);
	return arena_printf(a, "%s %d %s %d, %02d:%02d to %02d:%02d (%s)", days[s.weekday],
	    s.day, months[s.month - 1], s.year, s.hour, s.minute, e.hour, e.minute, e.abbrev);
}

void
app_calendar_event(struct arena *a, const struct db_msession *s, const char *base_url,
    int64_t now, struct ics_event *out)
{
	const struct tz *z = tz_or_default(s->time_zone);
	const char *mentor = nz(s->mentor_name), *mentee = nz(s->mentee_name);
	const char *format = format_words(s->format);
	const char *place = nz(s->place);

	memset(out, 0, sizeof(*out));
	out->uid = arena_printf(a, "session-%lld@tandem", (long long)s->id);
	out->sequence = s->sequence;
	out->stamp = now;
	out->starts_at = s->starts_at;
	out->ends_at = s->ends_at > s->starts_at ? s->ends_at : s->starts_at + s->minutes * 60;
	out->summary = arena_printf(a, "Mentoring session: %s and %s", mentor, mentee);
	out->location = place[0] != '\0' ? place : format;
	struct buf d;
	buf_init_arena(&d, a, 16 * 1024);
	buf_printf(&d, "Mentoring session of %s (mentor) and %s (mentee)", mentor, mentee);
	if (s->scheme_name != NULL && s->scheme_name[0] != '\0')
		buf_printf(&d, ", %s", s->scheme_name);
	buf_printf(&d, ".\n%s.\n%s, %s time.", when_words(a, z, out->starts_at, out->ends_at),
	    format[0] != '\0' ? format : "Session", tz_name(z));
	if (place[0] != '\0')
		buf_printf(&d, "\nPlace or link: %s", place);
	out->url = "";
	if (base_url != NULL && base_url[0] != '\0') {
		out->url = arena_printf(a, "%s/relationships/%lld", base_url,
		    (long long)s->relationship_id);
		buf_printf(&d, "\n%s", out->url);
	}
	out->description = buf_err(&d) ? "" : buf_str(&d);
	/* the organiser is whoever added it; both are attendees */
	bool by_mentee = s->added_by == s->mentee_id;
	out->organizer.name = by_mentee ? mentee : mentor;
	out->organizer.email = nz(by_mentee ? s->mentee_email : s->mentor_email);
	out->attendees[0] = (struct ics_person){mentor, nz(s->mentor_email)};
	out->attendees[1] = (struct ics_person){mentee, nz(s->mentee_email)};
	out->is_cancelled = s->status != NULL && (strcmp(s->status, "cancelled") == 0 ||
	    strcmp(s->status, "removed") == 0 || strcmp(s->status, "declined") == 0);
}

void
app_calendar_token(const unsigned char key[32], int64_t user_id, int64_t version,
    char out[APP_CALENDAR_TOKEN_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[64];
	int len = snprintf(msg, sizeof(msg), "calendar:%lld:%lld", (long long)user_id,
	    (long long)version);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)len, key);
	sodium_bin2base64(out, APP_CALENDAR_TOKEN_LEN + 1, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(mac, sizeof(mac));
}

/* The settings view of a version (key read only when on). */
static enum err
view_of(struct db *db, struct arena *a, int64_t user_id, int64_t version,
    struct app_calendar *out)
{
	unsigned char key[32];
	char token[APP_CALENDAR_TOKEN_LEN + 1];
	enum err rc;

	out->is_on = version > 0;
	out->path = "";
	if (!out->is_on)
		return ERR_OK;
	if ((rc = app_secret_key(db, key)) != ERR_OK)
		return rc;
	app_calendar_token(key, user_id, version, token);
	sodium_memzero(key, sizeof(key));
	out->path = arena_printf(a, "/calendar/%lld/%s.ics", (long long)user_id, token);
	sodium_memzero(token, sizeof(token));
	return ERR_OK;
}

enum err
app_calendar_get(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_calendar *out)
{
	int64_t version;
	bool is_active;
	enum err rc = db_calendar_version_get(db, me->user_id, &version, &is_active);
	if (rc == ERR_OK)
		rc = view_of(db, a, me->user_id, version, out);
	return rc;
}

enum err
app_calendar_change(struct db *db, struct arena *a, const struct app_auth *me,
    const char *action, const char *ip, struct app_calendar *out)
{
	int64_t version, to;
	bool is_active;
	enum err rc;

	if (action == NULL || (strcmp(action, "on") != 0 && strcmp(action, "reset") != 0 &&
	    strcmp(action, "off") != 0))
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = db_calendar_version_get(db, me->user_id, &version, &is_active)) != ERR_OK)
		goto out;
	if (strcmp(action, "off") == 0)
		to = version > 0 ? -version : version;
	else if (strcmp(action, "on") == 0 && version > 0)
		to = version;
	else if (version > 0)
		to = version + 1;                   /* reset */
	else
		to = -version + 1;                  /* on (or reset when off) */
	if (to != version) {
		if ((rc = db_calendar_version_set(db, me->user_id, version, to)) != ERR_OK)
			goto out;
		const char *what = to <= 0 ? "calendar.off" : version > 0 ? "calendar.reset" :
		    "calendar.on";
		rc = app_audit_tx(db, me->user_id, 0, what,
		    arena_printf(a, "user:%lld", (long long)me->user_id),
		    arena_printf(a, "calendar feed version %lld", (long long)to), nz(ip));
		if (rc != ERR_OK)
			goto out;
	}
	rc = view_of(db, a, me->user_id, to, out);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* Whether a session belongs in the feed: agreed or logged, and nobody
 * said it did not take place (SES-10). */
static bool
is_in_feed(const struct db_msession *s)
{
	return (strcmp(s->status, "agreed") == 0 || strcmp(s->status, "logged") == 0) &&
	    strcmp(nz(s->mentor_answer), "no") != 0 && strcmp(nz(s->mentee_answer), "no") != 0;
}

enum err
app_calendar_feed(struct db *db, struct arena *a, int64_t user_id, const char *token,
    const char *base_url, int64_t now, const char **ics)
{
	unsigned char key[32];
	char want[APP_CALENDAR_TOKEN_LEN + 1];
	int64_t version;
	bool is_active;
	struct db_msession *s;
	size_t n;
	enum err rc;

	*ics = "";
	if (token == NULL || strlen(token) != APP_CALENDAR_TOKEN_LEN)
		return ERR_NOT_FOUND;
	rc = db_calendar_version_get(db, user_id, &version, &is_active);
	if (rc == ERR_NOT_FOUND) {
		version = 0;
		is_active = false;
	} else if (rc != ERR_OK) {
		return rc;
	}
	/* the same work whether or not the person has a feed, so the time
	 * taken does not tell which ids have one */
	if ((rc = app_secret_key(db, key)) != ERR_OK)
		return rc;
	app_calendar_token(key, user_id, version, want);
	sodium_memzero(key, sizeof(key));
	bool is_match = sodium_memcmp(want, token, APP_CALENDAR_TOKEN_LEN) == 0;
	sodium_memzero(want, sizeof(want));
	if (!is_match || version <= 0 || !is_active)
		return ERR_NOT_FOUND;

	rc = db_msessions_of_user(db, a, user_id, now - APP_CALENDAR_PAST_DAYS * 86400LL,
	    now + APP_CALENDAR_FUTURE_DAYS * 86400LL, now, FEED_MAX, &s, &n);
	if (rc != ERR_OK)
		return rc;
	struct ics_event *ev = arena_calloc(a, n ? n : 1, sizeof(*ev));
	size_t nev = 0;
	for (size_t i = 0; i < n; i++)
		if (is_in_feed(&s[i]))
			/* DTSTAMP: when the session last changed, so a client
			 * polling the feed sees no change when there is none */
			app_calendar_event(a, &s[i], base_url,
			    s[i].updated_at > 0 ? s[i].updated_at : now, &ev[nev++]);
	*ics = ics_feed(a, FEED_NAME, ev, nev);
	return ERR_OK;
}
