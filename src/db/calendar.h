/*
 * calendar.h - storage for calendar feeds and invitations (SES-9):
 * users.calendar_version (the feed's token is derived from it in
 * app/calendar.c; nothing secret is stored) and outbox rows that carry
 * an iCalendar invitation.
 *
 * Conventions as db.h: writes inside the caller's transaction.
 */
#ifndef TANDEM_DB_CALENDAR_H
#define TANDEM_DB_CALENDAR_H

#include "db/db.h"

/* The person's calendar_version (0: never turned on; > 0: on; < 0:
 * turned off, -the last version) and whether their account is active.
 * ERR_NOT_FOUND when there is no such person. */
enum err db_calendar_version_get(struct db *db, int64_t user_id, int64_t *version,
    bool *is_active);

/* Set it to `to` only if it is still `from` (ERR_CONFLICT otherwise). */
enum err db_calendar_version_set(struct db *db, int64_t user_id, int64_t from, int64_t to);

/* db_outbox_add with an invitation: ics the iCalendar text, method
 * "REQUEST" or "CANCEL" (outbox.ics_method's CHECK).  Inside the
 * caller's transaction. */
enum err db_outbox_add_ics(struct db *db, const char *to, const char *subject,
    const char *text, const char *html, const char *ics, const char *method, int64_t now,
    int64_t *id);

#endif
