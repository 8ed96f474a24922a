/*
 * activity.h - storage of the activity log of a session (SES-7): the
 * mentor's summary and the mentee's own notes, one row per session
 * (table session_logs, migration 0005).
 *
 * Conventions as db.h: strings copied into the caller's arena; writes
 * inside the caller's transaction.  Who may read or write which part is
 * app's decision (app/activity.c), never here.  Lengths are limited by
 * the table (8000 characters each) as well as by app.
 */
#ifndef TANDEM_DB_ACTIVITY_H
#define TANDEM_DB_ACTIVITY_H

#include "db/db.h"

struct db_session_log {
	int64_t session_id;
	const char *summary;           /* the mentor's, "" not written */
	int64_t summary_at;            /* 0: not written */
	const char *mentee_notes;      /* the mentee's, "" none */
	int64_t mentee_notes_at;       /* 0: none */
	int64_t updated_at;
};

/* The log of a session; ERR_NOT_FOUND when nothing was written yet. */
enum err db_session_log_get(struct db *db, struct arena *a, int64_t session_id,
    struct db_session_log *out);

/* Write the summary (creating the row), leaving the notes alone. */
enum err db_session_log_put_summary(struct db *db, int64_t session_id,
    const char *summary, int64_t now);

/* Write the mentee's notes (creating the row), leaving the summary
 * alone; "" clears them. */
enum err db_session_log_put_notes(struct db *db, int64_t session_id, const char *notes,
    int64_t now);

#endif
