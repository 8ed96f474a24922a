/*
 * messages.h - storage of administrator messages, their recipients,
 * replies and attachments (MSG-2; tables in 0011-messages.sql).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may send, read or download is decided in
 * app/messages.c, never here.
 */
#ifndef TANDEM_DB_MESSAGES_H
#define TANDEM_DB_MESSAGES_H

#include "db/db.h"

/* An audience: see MSG_AUDIENCE in messages.def. */
struct db_audience {
	int64_t scheme_id;
	const char *role;            /* "", "mentor", "mentee" */
	const char *status;          /* "", "live", "ended", "none" */
	bool is_incomplete;
	uint32_t mentee_required;    /* masks cut to what applies to the role */
	uint32_t mentor_required;
	const char *people;          /* ",12,40," or "" */
	int64_t cohort_id;           /* 0: any (issue 10) */
};

/* A person: an audience member, or a recipient with their times. */
struct db_message_person {
	int64_t user_id;
	const char *name;
	const char *email;
	int64_t read_at;             /* 0: not yet */
	int64_t first_reply_at, last_reply_at;   /* 0: no reply */
	int64_t nreplies;
};

struct db_message {
	int64_t id;
	int64_t scheme_id;
	int64_t sender_id;           /* 0 when the account has gone */
	const char *subject;
	const char *body;
	const char *audience;        /* the groups in words */
	int64_t nrecipients;
	int64_t sent_at;
	const char *scheme_name;
	const char *sender_name;
	/* the administrators' list */
	int64_t nread, nreplied, nreplies;
	/* a recipient's own (the inbox) */
	int64_t read_at, first_reply_at, last_reply_at, my_nreplies, nfiles;
};

struct db_message_reply {
	int64_t id;
	int64_t message_id;
	int64_t user_id;
	const char *name;
	const char *body;
	int64_t created_at;
};

struct db_message_file {
	int64_t id;
	int64_t message_id;          /* 0 while the message is being composed */
	int64_t uploader_id;
	const char *filename;        /* sanitised, for the download */
	const char *stored_name;     /* generated (core/files.h) */
	const char *kind, *mime;
	int64_t size;
	int64_t created_at;
};

/* The audience's people, by family name (one query). */
enum err db_message_audience(struct db *db, struct arena *a, const struct db_audience *au,
    struct db_message_person **out, size_t *n);

/* A new message (nrecipients 0), then its recipients from the audience in
 * one statement (*n how many), then the count stored. */
enum err db_message_add(struct db *db, const struct db_message *m, int64_t *id);
enum err db_message_recipients_add(struct db *db, int64_t message_id,
    const struct db_audience *au, int64_t *n);
enum err db_message_get(struct db *db, struct arena *a, int64_t id, struct db_message *out);
/* The messages of the schemes user_id administers (every scheme when
 * all), newest first, at most max, with read and reply counts. */
enum err db_messages_admin(struct db *db, struct arena *a, int64_t user_id, bool all,
    int64_t max, struct db_message **out, size_t *n);
/* user_id's messages, newest first (at most max), with their own times. */
enum err db_messages_inbox(struct db *db, struct arena *a, int64_t user_id, int64_t max,
    struct db_message **out, size_t *n);
/* One of user_id's messages; ERR_NOT_FOUND when they did not receive it. */
enum err db_message_received(struct db *db, struct arena *a, int64_t user_id,
    int64_t message_id, struct db_message *out);
enum err db_messages_unread(struct db *db, int64_t user_id, int64_t *n);
/* Set read_at if unset; *changed whether it was. */
enum err db_message_mark_read(struct db *db, int64_t message_id, int64_t user_id,
    int64_t now, bool *changed);
enum err db_message_recipients(struct db *db, struct arena *a, int64_t message_id,
    struct db_message_person **out, size_t *n);

/* A reply, and the recipient's row updated (read, first and last reply). */
enum err db_message_reply_add(struct db *db, int64_t message_id, int64_t user_id,
    const char *body, int64_t now, int64_t *id);
/* user_id 0: every reply. */
enum err db_message_replies(struct db *db, struct arena *a, int64_t message_id,
    int64_t user_id, struct db_message_reply **out, size_t *n);

/* uploader_id, filename, stored_name, kind, mime, size from f. */
enum err db_message_file_add(struct db *db, const struct db_message_file *f, int64_t now,
    int64_t *id);
enum err db_message_file_get(struct db *db, struct arena *a, int64_t id,
    struct db_message_file *out);
enum err db_message_files(struct db *db, struct arena *a, int64_t message_id,
    struct db_message_file **out, size_t *n);
enum err db_message_files_pending(struct db *db, struct arena *a, int64_t uploader_id,
    struct db_message_file **out, size_t *n);
/* ERR_NOT_FOUND unless it is uploader_id's and not yet sent. */
enum err db_message_file_claim(struct db *db, int64_t id, int64_t uploader_id,
    int64_t message_id);
enum err db_message_file_delete(struct db *db, int64_t id);

#endif
