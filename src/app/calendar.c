/* calendar.c - PROVISIONAL stub; the calendar helper writes the real one. */
#include "app/calendar.h"

#include <string.h>

void
app_calendar_event(struct arena *a, const struct db_msession *s, const char *base_url,
    int64_t now, struct ics_event *out)
{
	(void)a;
	(void)base_url;
	memset(out, 0, sizeof(*out));
	out->uid = "";
	out->starts_at = s->starts_at;
	out->ends_at = s->ends_at;
	out->stamp = now;
	out->sequence = s->sequence;
}
