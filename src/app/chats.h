/*
 * chats.h - one conversation per relationship (MSG-1).
 *
 * Who: only the mentor and the mentee of the relationship read or write
 * its chat (app_relationship_guard; anyone who may not see the
 * relationship gets ERR_NOT_FOUND).  Administrators of the scheme get
 * ERR_FORBIDDEN: chats are private between the pair, whatever the
 * scheme's admin_sees_documents rule says (that rule is about shared
 * notes and documents).
 *
 * Read-only after the end: sending, editing, deleting and saving drafts
 * ask the guard with LRLA_ADD_CONTENT inside the write's transaction;
 * after the relationship ended they are ERR_CONFLICT (APP_REL_ENDED).
 * Reading stays.
 *
 * Unread: each person has a read mark per conversation (the newest
 * message id they have read).  Opening the conversation moves it to the
 * newest message; the poll moves it only when the client says the page
 * is visible.  Deleted messages are never unread.
 *
 * Editing: the author, within APP_CHAT_EDIT_SECS of sending; the
 * message then shows "edited".  Deleting: the author, while the other
 * person has not read it; it then reads "Message deleted" (the text is
 * gone from the database).  Refusals: ERR_FORBIDDEN (not the author),
 * ERR_CONFLICT with the sentence in *ps (field "").
 *
 * Email (kind chat.message, through app_notice_tx and so the
 * recipient's notification settings): a new message emails the
 * recipient unless they were already emailed about this conversation
 * less than APP_CHAT_EMAIL_GAP seconds ago and have not read it since.
 * The email says who wrote and links to the chat; never the text (work
 * inboxes are shared and forwarded).  Logs carry ids, never text.
 */
#ifndef TANDEM_APP_CHATS_H
#define TANDEM_APP_CHATS_H

#include <stdint.h>

#include "app/account.h"
#include "app/relationship.h"
#include "core/err.h"
#include "db/chats.h"

struct app_auth;
struct db;

#define APP_CHAT_MAX 4000            /* characters of a message or draft */
#define APP_CHAT_EDIT_SECS 300       /* the edit window: 5 minutes */
#define APP_CHAT_EMAIL_GAP 900       /* one email per 15 minutes while unread */
#define APP_CHAT_PAGE 50             /* messages per page of the conversation */
#define APP_CHAT_POLL_MAX 200        /* messages per poll answer */

#define APP_CHAT_PRIVATE "Chats are private between the mentor and the mentee. " \
	"Administrators cannot read them"
#define APP_CHAT_TOO_LATE "Messages can only be changed for 5 minutes after you send them"
#define APP_CHAT_READ "This message has been read, so it can no longer be deleted"

/* CONTRACT: the number of chat messages written to `me` that `me` has
 * not read, over every relationship `me` is in (the side menu's badge,
 * on every page: one indexed query).  0 for people in no relationship. */
enum err app_chats_unread(struct db *db, const struct app_auth *me, int64_t *n);

/* ---- pure rules ---- */

/* May `me` (user id) still edit m at `now` in a live relationship? */
bool app_chat_can_edit(const struct db_chat_message *m, int64_t me, int64_t now, bool live);
/* May `me` delete m, the other person's read mark being other_read? */
bool app_chat_can_delete(const struct db_chat_message *m, int64_t me, int64_t other_read,
    bool live);
/* When a message was sent, in the scheme's zone: "Today at 14:05",
 * "Yesterday at 09:30", "Monday 23 November 2026 at 14:05". */
const char *app_chat_when(struct arena *a, int64_t t, int64_t now, const char *time_zone);
/* Problems on `field` for a message text: blank, or over APP_CHAT_MAX
 * characters.  Returns whether it is fine. */
bool app_chat_text_ok(const char *text, const char *field, struct app_problems *ps);

/* ---- reading ---- */

struct app_chat {
	struct app_relationship rel;
	int64_t other_id;
	const char *other_name;
	const char *time_zone;       /* the scheme's */
	bool can_send;               /* the relationship is live */
	struct db_chat_message *msgs;   /* oldest first, at most APP_CHAT_PAGE */
	size_t nmsgs;
	bool has_earlier;            /* older messages than msgs[0] */
	int64_t my_read;             /* my read mark before this opening */
	int64_t other_read;          /* the other person's read mark */
	int64_t newest_id;
	const char *draft;           /* mine, "" none */
	int64_t now;
};
/* Open the conversation of relationship rel_id: the newest
 * APP_CHAT_PAGE messages with ids below `before` (0: the newest).
 * mark_read: move my read mark to the newest message (in its own
 * transaction, only when it moves). */
enum err app_chat_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t before, bool mark_read, struct app_chat *out);

/* The poll: messages newer than `after` or changed at or after `since`
 * (edits and deletions), oldest first.  visible: mark read up to the
 * newest returned or `after`, whichever is higher (a hidden poll's
 * messages are on the page), capped at the newest message to me.  The
 * caller decides whether visible may count (not on a cross-site GET). */
struct app_chat_poll {
	struct db_chat_message *msgs;
	size_t nmsgs;
	int64_t other_read;
	int64_t my_read;
	bool can_send;
	int64_t now;                 /* pass back as `since` next time */
	const char *time_zone;
};
enum err app_chat_poll(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t after, int64_t since, bool visible, struct app_chat_poll *out);

/* One message of the conversation (ERR_NOT_FOUND when it is not in
 * rel_id), with the conversation (no messages loaded). */
enum err app_chat_message(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t msg_id, struct app_chat *chat, struct db_chat_message *out);

/* The conversation list: every relationship of me's, latest first. */
enum err app_chats_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_chat_conv **out, size_t *n);

/* ---- writing ---- */

/* Send `text` ("text": required, at most APP_CHAT_MAX characters);
 * clears my draft, marks the conversation read for me, emails the other
 * person (the throttle above). */
enum err app_chat_send(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const char *text, struct app_problems *ps, int64_t *id);
/* Change my message (the edit window). */
enum err app_chat_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t msg_id, const char *text, struct app_problems *ps);
/* Delete my message (only while unread by the other person). */
enum err app_chat_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t msg_id, struct app_problems *ps);
/* Save my draft ("text", at most APP_CHAT_MAX; blank clears it). */
enum err app_chat_draft(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const char *text, struct app_problems *ps);

#endif
