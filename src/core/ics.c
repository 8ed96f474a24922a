/* ics.c - PROVISIONAL stub; the calendar helper writes the real one. */
#include "core/ics.h"

#include "core/arena.h"

const char *
ics_invite(struct arena *a, const struct ics_event *e)
{
	(void)a;
	(void)e;
	return "";
}

const char *
ics_feed(struct arena *a, const char *name, const struct ics_event *ev, size_t n)
{
	(void)a;
	(void)name;
	(void)ev;
	(void)n;
	return "";
}
