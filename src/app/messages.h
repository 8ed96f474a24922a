/*
 * messages.h - administrator messages to people and groups, and their
 * replies (MSG-2; seed 000 "Your messages").
 *
 * Who sends: an administrator of the message's scheme, or a site
 * administrator.  Who reads: the people it was sent to (one recipient
 * row each, fixed at send time), and the scheme's administrators on the
 * administration pages.  Everyone else gets ERR_NOT_FOUND: a message,
 * its files and its replies never hint that they exist.
 *
 * The audience: everyone in the scheme, or mentors, or mentees (role),
 * AND any relationship status (live, ended with none live, none yet),
 * AND optionally only people whose profile is incomplete (the home
 * page's rule, app_profile_missing, in SQL: db/messages.def); or
 * hand-picked people.  Only active accounts with a mentor or mentee role
 * in the scheme: never pending or deactivated people, never a hand-picked
 * id from elsewhere (silently not a recipient: the count says so).
 * A cohort (issue 10) is one more AND-ed group: its members only
 * ("Mentees in Autumn 2026 intake"); a cohort id of another scheme is a
 * problem on "cohort".
 *
 * Attachments: up to APP_MSG_FILES_MAX per message, checked like
 * documents (the scheme's size limit and kinds, by content: app/notes.h
 * helpers, core/sniff.h) and stored under generated names
 * (core/files.h).  While composing they are "pending" (the uploader's,
 * no message yet), so a preview keeps them; sending claims them.
 * Downloads only for the message's recipients and its scheme's
 * administrators.
 *
 * Emails: "message.new" to each recipient says a message is waiting,
 * with its subject and the link to /messages/ID; never the body and
 * never the files (they stay behind the sign-in, seed 000).  A reply
 * sends "message.reply" to the sender, naming who replied, never the
 * reply's text.  Every send is audited ("message.send", "message:ID",
 * the recipient count and audience in words, never the body).
 * Lengths count characters (UTF-8), not bytes.
 */
#ifndef TANDEM_APP_MESSAGES_H
#define TANDEM_APP_MESSAGES_H

#include <stdint.h>

#include "app/account.h"
#include "app/notes.h"
#include "core/err.h"
#include "db/messages.h"

struct app_auth;
struct db;

#define APP_MSG_SUBJECT_MAX 150      /* characters */
#define APP_MSG_BODY_MAX 10000
#define APP_MSG_REPLY_MAX 5000
#define APP_MSG_FILES_MAX 5
#define APP_MSG_PEOPLE_MAX 500       /* hand-picked people in one message */
#define APP_MSG_LIST_MAX 200         /* newest messages listed */
#define APP_MSG_PREVIEW_NAMES 10     /* names the preview shows */

/* CONTRACT: how many administrator messages sent to `me` are unread (the
 * side menu's badge, on every page: one indexed query). */
enum err app_messages_unread(struct db *db, const struct app_auth *me, int64_t *n);

/* ---- the audience ---- */

struct app_msg_audience {
	int64_t scheme_id;
	const char *kind;            /* "groups" or "people" */
	const char *role;            /* "all", "mentors", "mentees" */
	const char *status;          /* "any", "live", "ended", "none" */
	bool is_incomplete;          /* only incomplete profiles */
	int64_t cohort_id;           /* 0: any; else only the members of this
	                                cohort of the scheme, AND-ed like role
	                                (issue 10) */
	const char *cohort_name;     /* for the words; app fills it */
	const int64_t *people;       /* kind "people" */
	size_t npeople;
};

/* "Mentors with no relationship yet and an incomplete profile",
 * "Everyone in the scheme", "3 people chosen by name" (pure). */
const char *app_message_audience_words(struct arena *a, const struct app_msg_audience *au);

/* The audience's people, by family name: one query.  Problems: "people"
 * (hand-picked with nobody chosen, or too many). ERR_NOT_FOUND unless me
 * administers the scheme. */
enum err app_message_audience(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_msg_audience *au, struct app_problems *ps,
    struct db_message_person **people, size_t *n);

/* The SQL's completeness rule against app_profile_missing, for the unit
 * test: is user_id (in role "mentor"/"mentee") incomplete by the SQL? */
enum err app_message_incomplete_sql(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t user_id, const char *role, bool *is_incomplete);

/* ---- composing and sending ---- */

struct app_msg_compose {
	struct app_msg_audience au;
	const char *subject;
	const char *body;
	const int64_t *keep;         /* pending files to keep (ids) */
	size_t nkeep;
	const struct app_doc_file *files;   /* new uploads */
	size_t nfiles;
};

struct app_msg_composed {
	struct db_message_person *people;   /* the audience */
	size_t npeople;
	const char *audience_words;
	bool has_audience;                  /* the audience was resolved (people
	                                       may still be none) */
	struct db_message_file *files;      /* kept, pending (or sent) */
	size_t nfiles;
	int64_t id;                         /* the message, once sent */
};

/* Preview (send false) or send.  Both store new uploads as pending files
 * (problems on "files": too many, empty, too big, wrong kind; the others
 * are still kept), drop the sender's pending files not kept, and resolve
 * the audience.  Sending also needs a subject ("subject") and a body
 * ("body") and at least one recipient ("audience"), then in one
 * transaction writes the message, its recipients, claims the files,
 * queues one "message.new" per recipient and the audit row.
 * ERR_BAD_INPUT with problems; ERR_NOT_FOUND for a scheme me does not
 * administer; ERR_FORBIDDEN for someone who administers nothing. */
enum err app_message_compose(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_msg_compose *in, bool send, const char *data_dir, const char *ip,
    struct app_problems *ps, struct app_msg_composed *out);

/* What the compose form offers: the schemes me administers (the chosen
 * one first when scheme_id is 0), the chosen scheme's people for
 * hand-picking, and me's pending files. */
struct app_msg_form {
	struct db_scheme *schemes;
	size_t nschemes;
	int64_t scheme_id;
	struct db_message_person *people;
	size_t npeople;
	struct db_message_file *pending;
	size_t npending;
};
enum err app_message_form(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_msg_form *out);

/* ---- administrators ---- */

/* The messages of the schemes me administers, newest first. */
enum err app_messages_sent(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_message **out, size_t *n);

struct app_msg_admin_view {
	struct db_message m;
	struct db_message_person *recipients;   /* by family name */
	size_t nrecipients;
	struct db_message_file *files;
	size_t nfiles;
	struct db_message_reply *replies;       /* oldest first */
	size_t nreplies;
	int64_t nread, nreplied;
};
/* One sent message with who read and replied when, and every reply. */
enum err app_message_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_msg_admin_view *out);

/* ---- recipients ---- */

enum err app_messages_inbox(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_message **out, size_t *n);

struct app_msg_view {
	struct db_message m;         /* with me's read and reply times */
	struct db_message_file *files;
	size_t nfiles;
	struct db_message_reply *replies;   /* me's own, oldest first */
	size_t nreplies;
	bool was_unread;             /* this opening marked it read */
};
/* Open one of me's messages; the first opening marks it read. */
enum err app_message_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_msg_view *out);

/* Reply to the sender: 1..APP_MSG_REPLY_MAX characters (problem on
 * "text"); "message.reply" to the sender while their account is active. */
enum err app_message_reply(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *text, const char *ip, struct app_problems *ps, int64_t *reply_id);

/* ---- attachments ---- */

/* A sent message's file, for its recipients and its scheme's
 * administrators; *path the stored file. */
enum err app_message_file_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t message_id, int64_t file_id, const char *data_dir,
    struct db_message_file *out, const char **path);

#endif
