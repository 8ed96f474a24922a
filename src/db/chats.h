/*
 * chats.h - storage of chats: one conversation per relationship (MSG-1;
 * the tables are in sql/migrations/0010-chats.sql).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change what is decided in app/chats.c.
 */
#ifndef TANDEM_DB_CHATS_H
#define TANDEM_DB_CHATS_H

#include "db/db.h"

struct db_chat_message {
	int64_t id;
	int64_t relationship_id;
	int64_t author_id, recipient_id;
	const char *body;            /* plain text; "" once deleted */
	int64_t created_at;
	int64_t edited_at;           /* 0 never edited */
	int64_t deleted_at;          /* 0 not deleted */
	int64_t changed_at;          /* created, or the last edit or deletion */
	const char *author_name;
};

/* One person's state in one conversation. */
struct db_chat_state {
	int64_t last_read_id;        /* 0 none read */
	int64_t emailed_at;          /* 0 no email since they last read */
	const char *draft;           /* "" none */
	int64_t draft_at;            /* 0 none */
};

/* A conversation in a person's list. */
struct db_chat_conv {
	int64_t relationship_id;
	int64_t scheme_id;
	const char *scheme_name;
	const char *status;          /* active, completed, ended_early */
	int64_t mentor_id, mentee_id;
	const char *mentor_name, *mentee_name;
	int64_t last_id;             /* 0: no message yet */
	int64_t last_author_id;
	const char *last_body;       /* "" none or deleted */
	int64_t last_at;
	bool last_deleted;
	int64_t unread;              /* the person's unread here */
	bool has_draft;
	int64_t started_at;
	const char *time_zone;       /* the scheme's */
};

/* relationship_id, author_id, recipient_id, body from m. */
enum err db_chat_add(struct db *db, const struct db_chat_message *m, int64_t now,
    int64_t *id);
enum err db_chat_get(struct db *db, struct arena *a, int64_t id,
    struct db_chat_message *out);
/* The newest `max` messages of a conversation with ids below `before`
 * (INT64_MAX: the newest), oldest first. */
enum err db_chat_page(struct db *db, struct arena *a, int64_t rel_id, int64_t before,
    int64_t max, struct db_chat_message **out, size_t *n);
/* Messages with id > after, or changed at or after `since`, oldest
 * first, at most `max`. */
enum err db_chat_since(struct db *db, struct arena *a, int64_t rel_id, int64_t after,
    int64_t since, int64_t max, struct db_chat_message **out, size_t *n);
/* The newest message id of a conversation, 0 when empty. */
enum err db_chat_newest(struct db *db, int64_t rel_id, int64_t *id);
/* The newest live message addressed to user_id (0 when none). */
enum err db_chat_newest_to(struct db *db, int64_t rel_id, int64_t user_id, int64_t *id);
/* ERR_NOT_FOUND when the message is gone or deleted. */
enum err db_chat_edit(struct db *db, int64_t id, const char *body, int64_t now);
enum err db_chat_delete(struct db *db, int64_t id, int64_t now);

/* Make user_id's state row in the conversation if missing. */
enum err db_chat_state_ensure(struct db *db, int64_t user_id, int64_t rel_id);
/* A missing row reads as all zero and "" (ERR_OK). */
enum err db_chat_state_get(struct db *db, struct arena *a, int64_t user_id, int64_t rel_id,
    struct db_chat_state *out);
/* The read mark moves forward to `id` (never back); emailed_at cleared. */
enum err db_chat_mark_read(struct db *db, int64_t user_id, int64_t rel_id, int64_t id);
enum err db_chat_set_emailed(struct db *db, int64_t user_id, int64_t rel_id, int64_t at);
/* Store the draft ("" clears it). */
enum err db_chat_draft_put(struct db *db, int64_t user_id, int64_t rel_id,
    const char *draft, int64_t now);

/* Unread messages to user_id over all their conversations. */
enum err db_chat_unread_total(struct db *db, int64_t user_id, int64_t *n);
/* Unread messages to user_id in one conversation above `mark`. */
enum err db_chat_unread_rel(struct db *db, int64_t rel_id, int64_t user_id, int64_t mark,
    int64_t *n);
/* Every relationship of user_id, as mentor or mentee, with its latest
 * message; latest activity first. */
enum err db_chat_list(struct db *db, struct arena *a, int64_t user_id,
    struct db_chat_conv **out, size_t *n);

#endif
