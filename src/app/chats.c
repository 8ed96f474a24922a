/*
 * chats.c - one conversation per relationship (chats.h, MSG-1).
 *
 * Design: `party` is the one gate: the relationship guard (404 for
 * anyone who may not see it), then administrators refused (403: chats
 * are private between the pair).  Writes run in BEGIN IMMEDIATE and ask
 * the guard again with LRLA_ADD_CONTENT inside it, so a relationship
 * completed meanwhile refuses them (409).  A message and its email are
 * queued in one transaction.
 *
 * The read marks and the email throttle live in chat_state, one row per
 * person per conversation; reading clears emailed_at, so the next
 * message after reading emails again at once.  The side menu's count
 * runs on every page: one statement over chat_state's key and the
 * partial index chat_messages_unread.
 *
 * Traps: the order of refusals is 404, 403 (administrator), 409 (ended),
 * then the message's own rules (403 not yours, 409 too late / read).
 * Never log or email the text.
 */
#include "app/chats.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strparse.h"
#include "core/tz.h"

/* ---- pure rules ---- */

bool
app_chat_can_edit(const struct db_chat_message *m, int64_t me, int64_t now, bool live)
{
	return live && m->author_id == me && m->deleted_at == 0 &&
	    now - m->created_at < APP_CHAT_EDIT_SECS;
}

bool
app_chat_can_delete(const struct db_chat_message *m, int64_t me, int64_t other_read,
    bool live)
{
	return live && m->author_id == me && m->deleted_at == 0 && m->id > other_read;
}

const char *
app_chat_when(struct arena *a, int64_t t, int64_t now, const char *time_zone)
{
	static const char *const months[] = {"January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December"};
	static const char *const days[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
		"Thursday", "Friday", "Saturday"};
	const struct tz *z = tz_or_default(time_zone);
	struct tz_local at, today, yesterday;
	tz_to_local(z, t, &at);
	tz_to_local(z, now, &today);
	tz_to_local(z, now - 86400, &yesterday);
	const char *hm = arena_printf(a, "%02d:%02d", at.hour, at.minute);
	if (at.year == today.year && at.month == today.month && at.day == today.day)
		return arena_printf(a, "Today at %s", hm);
	if (at.year == yesterday.year && at.month == yesterday.month &&
	    at.day == yesterday.day)
		return arena_printf(a, "Yesterday at %s", hm);
	return arena_printf(a, "%s %d %s %d at %s", days[at.weekday % 7], at.day,
	    months[(at.month - 1) % 12], at.year, hm);
}

bool
app_chat_text_ok(const char *text, const char *field, struct app_problems *ps)
{
	bool blank = true;
	for (const char *p = text ? text : ""; *p && blank; p++)
		blank = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
	if (blank) {
		app_problem(ps, field, "Enter a message");
		return false;
	}
	if (str_utf8_len(text) > APP_CHAT_MAX) {
		app_problem(ps, field, "Enter your message in 4,000 characters or fewer");
		return false;
	}
	return true;
}

/* ---- who ---- */

/* The relationship for a party: 404 for anyone who may not see it, 403
 * for an administrator (chats are private between the pair). */
static enum err
party(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    struct app_relationship *rel)
{
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_VIEW, rel);
	if (rc != ERR_OK)
		return ERR_NOT_FOUND;
	if (rel->actor == LC_MENTOR || rel->actor == LC_MENTEE)
		return ERR_OK;
	return rel->actor == LC_ADMIN ? ERR_FORBIDDEN : ERR_NOT_FOUND;
}

/* The write gate, inside the transaction: party, then live. */
static enum err
party_live(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    struct app_relationship *rel)
{
	enum err rc = party(db, a, me, rel_id, rel);
	if (rc != ERR_OK)
		return rc;
	return app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, rel);
}

static int64_t
other_of(const struct app_relationship *rel, int64_t me)
{
	return rel->r.mentor_id == me ? rel->r.mentee_id : rel->r.mentor_id;
}

static const char *
other_name(const struct app_relationship *rel, int64_t me)
{
	return rel->r.mentor_id == me ? rel->r.mentee_name : rel->r.mentor_name;
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static const char *
zone_of(struct db *db, struct arena *a, int64_t scheme_id)
{
	struct db_scheme_settings st;
	if (db_scheme_settings_get(db, a, scheme_id, &st) != ERR_OK || st.time_zone == NULL)
		return "Europe/London";
	return st.time_zone;
}

/* ---- reading ---- */

enum err
app_chats_unread(struct db *db, const struct app_auth *me, int64_t *n)
{
	*n = 0;
	if (me == NULL)
		return ERR_OK;
	return db_chat_unread_total(db, me->user_id, n);
}

static enum err
mark_read(struct db *db, int64_t user_id, int64_t rel_id, int64_t id)
{
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	return finish(db, db_chat_mark_read(db, user_id, rel_id, id));
}

enum err
app_chat_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t before, bool mark_read_too, struct app_chat *out)
{
	memset(out, 0, sizeof(*out));
	out->draft = "";
	enum err rc = party(db, a, me, rel_id, &out->rel);
	if (rc != ERR_OK)
		return rc;
	out->other_id = other_of(&out->rel, me->user_id);
	out->other_name = other_name(&out->rel, me->user_id);
	out->can_send = out->rel.status == LRL_ACTIVE;
	out->time_zone = zone_of(db, a, out->rel.r.scheme_id);
	out->now = clock_now();
	struct db_chat_state mine, theirs;
	if ((rc = db_chat_state_get(db, a, me->user_id, rel_id, &mine)) != ERR_OK ||
	    (rc = db_chat_state_get(db, a, out->other_id, rel_id, &theirs)) != ERR_OK ||
	    (rc = db_chat_newest(db, rel_id, &out->newest_id)) != ERR_OK)
		return rc;
	out->my_read = mine.last_read_id;
	out->other_read = theirs.last_read_id;
	out->draft = mine.draft;
	/* one more than a page says whether there are earlier ones */
	if ((rc = db_chat_page(db, a, rel_id, before > 0 ? before : INT64_MAX,
	    APP_CHAT_PAGE + 1, &out->msgs, &out->nmsgs)) != ERR_OK)
		return rc;
	if (out->nmsgs > APP_CHAT_PAGE) {
		out->has_earlier = true;
		out->msgs++;
		out->nmsgs--;
	}
	/* a read mark is a side effect of reading: when storage cannot
	 * take it (ERR_STORAGE, an incident), the chat is shown anyway and
	 * the mark waits for the next opening */
	if (mark_read_too && out->newest_id > mine.last_read_id &&
	    (rc = mark_read(db, me->user_id, rel_id, out->newest_id)) == ERR_STORAGE)
		rc = ERR_OK;
	return rc;
}

enum err
app_chat_poll(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t after, int64_t since, bool visible, struct app_chat_poll *out)
{
	struct app_relationship rel;
	memset(out, 0, sizeof(*out));
	enum err rc = party(db, a, me, rel_id, &rel);
	if (rc != ERR_OK)
		return rc;
	out->can_send = rel.status == LRL_ACTIVE;
	out->now = clock_now();
	out->time_zone = zone_of(db, a, rel.r.scheme_id);
	struct db_chat_state mine, theirs;
	if ((rc = db_chat_state_get(db, a, me->user_id, rel_id, &mine)) != ERR_OK ||
	    (rc = db_chat_state_get(db, a, other_of(&rel, me->user_id), rel_id, &theirs)) !=
	    ERR_OK)
		return rc;
	out->my_read = mine.last_read_id;
	out->other_read = theirs.last_read_id;
	/* since 0 would be "every message": only ids then */
	if ((rc = db_chat_since(db, a, rel_id, after, since > 0 ? since : INT64_MAX,
	    APP_CHAT_POLL_MAX, &out->msgs, &out->nmsgs)) != ERR_OK)
		return rc;
	if (!visible)
		return ERR_OK;
	/* Visible: everything up to what this page already holds is read.
	 * That is the newest returned, or `after` itself: messages fetched by
	 * an earlier hidden poll are not returned again but are on the page
	 * now.  Never beyond the real newest message to me (MSG-1). */
	int64_t upto = after;
	for (size_t i = 0; i < out->nmsgs; i++)
		if (out->msgs[i].recipient_id == me->user_id && out->msgs[i].id > upto)
			upto = out->msgs[i].id;
	if (upto <= mine.last_read_id)
		return ERR_OK; /* the usual poll: nothing new, nothing written */
	int64_t cap;
	if ((rc = db_chat_newest_to(db, rel_id, me->user_id, &cap)) != ERR_OK)
		return rc;
	if (upto > cap)
		upto = cap;
	if (upto > mine.last_read_id) {
		if ((rc = mark_read(db, me->user_id, rel_id, upto)) == ERR_OK)
			out->my_read = upto;
	}
	return rc;
}

enum err
app_chat_message(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t msg_id, struct app_chat *chat, struct db_chat_message *out)
{
	memset(chat, 0, sizeof(*chat));
	chat->draft = "";
	enum err rc = party(db, a, me, rel_id, &chat->rel);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_chat_get(db, a, msg_id, out)) != ERR_OK)
		return rc;
	if (out->relationship_id != rel_id)
		return ERR_NOT_FOUND;
	struct db_chat_state theirs;
	chat->other_id = other_of(&chat->rel, me->user_id);
	chat->other_name = other_name(&chat->rel, me->user_id);
	chat->can_send = chat->rel.status == LRL_ACTIVE;
	chat->time_zone = zone_of(db, a, chat->rel.r.scheme_id);
	chat->now = clock_now();
	if ((rc = db_chat_state_get(db, a, chat->other_id, rel_id, &theirs)) != ERR_OK)
		return rc;
	chat->other_read = theirs.last_read_id;
	return ERR_OK;
}

enum err
app_chats_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_chat_conv **out, size_t *n)
{
	return db_chat_list(db, a, me->user_id, out, n);
}

/* ---- writing ---- */

/* chat.message to the other person, at most once per APP_CHAT_EMAIL_GAP
 * while they have not read the conversation (inside the transaction). */
static enum err
tell(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_relationship *rel, int64_t now)
{
	int64_t other = other_of(rel, me->user_id);
	struct db_chat_state st;
	struct db_user u;
	enum err rc = db_chat_state_get(db, a, other, rel->r.id, &st);
	if (rc != ERR_OK)
		return rc;
	if (st.emailed_at > 0 && now - st.emailed_at < APP_CHAT_EMAIL_GAP)
		return ERR_OK;   /* emailed recently, and not read since */
	if ((rc = db_user_get(db, a, other, &u)) != ERR_OK)
		return rc == ERR_NOT_FOUND ? ERR_OK : rc;
	const char *subject = arena_printf(a, "New chat message from %s", me->display_name);
	const char *text = arena_printf(a,
	    "Dear %s,\n\n"
	    "%s has sent you a message in your Tandem chat (%s).\n\n"
	    "To keep your conversation private, the message is not included in this "
	    "email. Sign in to Tandem to read it and reply.\n\n"
	    "If more messages arrive before you read this one, we will wait at least 15 "
	    "minutes before emailing you again.\n",
	    u.given_name, me->display_name, rel->r.scheme_name);
	rc = app_notice_tx(db, &(struct app_notice){.user_id = other, .to = u.email,
	    .kind = "chat.message", .scheme_id = rel->r.scheme_id, .subject = subject,
	    .text = text, .path = arena_printf(a, "/chats/%lld", (long long)rel->r.id)});
	if (rc == ERR_OK)
		rc = db_chat_set_emailed(db, other, rel->r.id, now);
	return rc;
}

enum err
app_chat_send(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    const char *text, struct app_problems *ps, int64_t *id)
{
	struct app_relationship rel;
	enum err rc = party_live(db, a, me, rel_id, &rel);
	if (rc != ERR_OK)
		return rc;
	if (!app_chat_text_ok(text, "text", ps))
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = party_live(db, a, me, rel_id, &rel)) != ERR_OK)
		return finish(db, rc);
	int64_t now = clock_now(), other = other_of(&rel, me->user_id);
	struct db_chat_message m = {.relationship_id = rel_id, .author_id = me->user_id,
		.recipient_id = other, .body = text};
	if ((rc = db_chat_state_ensure(db, me->user_id, rel_id)) == ERR_OK &&
	    (rc = db_chat_state_ensure(db, other, rel_id)) == ERR_OK &&
	    (rc = db_chat_add(db, &m, now, id)) == ERR_OK &&
	    (rc = db_chat_draft_put(db, me->user_id, rel_id, "", now)) == ERR_OK &&
	    (rc = db_chat_mark_read(db, me->user_id, rel_id, *id)) == ERR_OK)
		rc = tell(db, a, me, &rel, now);
	if (rc == ERR_OK)
		log_info("chat: message %lld in relationship %lld by user %lld", (long long)*id,
		    (long long)rel_id, (long long)me->user_id);
	return finish(db, rc);
}

/* Load my message for a change, inside the transaction. */
static enum err
mine_for_change(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t msg_id, struct app_relationship *rel, struct db_chat_message *m)
{
	enum err rc = party(db, a, me, rel_id, rel);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_chat_get(db, a, msg_id, m)) != ERR_OK)
		return rc;
	if (m->relationship_id != rel_id)
		return ERR_NOT_FOUND;
	if ((rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, rel)) != ERR_OK)
		return rc;
	return m->author_id == me->user_id ? ERR_OK : ERR_FORBIDDEN;
}

enum err
app_chat_edit(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t msg_id, const char *text, struct app_problems *ps)
{
	struct app_relationship rel;
	struct db_chat_message m;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = mine_for_change(db, a, me, rel_id, msg_id, &rel, &m)) != ERR_OK)
		return finish(db, rc);
	int64_t now = clock_now();
	if (m.deleted_at != 0) {
		app_problem(ps, "", "This message has been deleted");
		return finish(db, ERR_CONFLICT);
	}
	if (!app_chat_can_edit(&m, me->user_id, now, true)) {
		app_problem(ps, "", APP_CHAT_TOO_LATE);
		return finish(db, ERR_CONFLICT);
	}
	if (!app_chat_text_ok(text, "text", ps))
		return finish(db, ERR_BAD_INPUT);
	if (strcmp(text, m.body) == 0)
		return finish(db, ERR_OK);   /* nothing changed: no "edited" */
	return finish(db, db_chat_edit(db, msg_id, text, now));
}

enum err
app_chat_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t msg_id, struct app_problems *ps)
{
	struct app_relationship rel;
	struct db_chat_message m;
	struct db_chat_state theirs;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = mine_for_change(db, a, me, rel_id, msg_id, &rel, &m)) != ERR_OK)
		return finish(db, rc);
	if (m.deleted_at != 0)
		return finish(db, ERR_OK);   /* already gone: the same outcome */
	if ((rc = db_chat_state_get(db, a, m.recipient_id, rel_id, &theirs)) != ERR_OK)
		return finish(db, rc);
	if (!app_chat_can_delete(&m, me->user_id, theirs.last_read_id, true)) {
		app_problem(ps, "", APP_CHAT_READ);
		return finish(db, ERR_CONFLICT);
	}
	rc = db_chat_delete(db, msg_id, clock_now());
	if (rc == ERR_OK)
		log_info("chat: message %lld deleted by user %lld", (long long)msg_id,
		    (long long)me->user_id);
	return finish(db, rc);
}

enum err
app_chat_draft(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    const char *text, struct app_problems *ps)
{
	struct app_relationship rel;
	enum err rc = party_live(db, a, me, rel_id, &rel);
	if (rc != ERR_OK)
		return rc;
	bool blank = true;
	for (const char *p = text ? text : ""; *p && blank; p++)
		blank = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
	if (!blank && !app_chat_text_ok(text, "text", ps))
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = party_live(db, a, me, rel_id, &rel)) != ERR_OK)
		return finish(db, rc);
	if ((rc = db_chat_state_ensure(db, other_of(&rel, me->user_id), rel_id)) == ERR_OK)
		rc = db_chat_draft_put(db, me->user_id, rel_id, blank ? "" : text, clock_now());
	return finish(db, rc);
}

/* ---- demo data ---- */

/* The demo pair's chat in relationship 1 (chidi.okafor and tom.hughes):
 * a few messages over past days, all read but the last, which Tom has
 * not read. */
enum err
app_demo_chats_tx(struct db *db, int64_t scheme_id)
{
	static const struct { bool from_mentor; int64_t ago; const char *text; } lines[] = {
		{true, 27 * 86400 + 3600, "Hello Tom, I am glad we have been matched. Would "
		    "Thursday afternoon suit you for a first conversation?"},
		{false, 27 * 86400 - 1800, "Hi Chidi, thank you. Thursday at 2pm works well "
		    "for me. Shall we meet in the education centre?"},
		{true, 27 * 86400 - 3600, "The education centre is perfect. See you then."},
		{false, 6 * 86400, "Thanks again for Thursday. I have started the summary of my "
		    "role that we talked about."},
		{true, 2 * 86400 - 5400, "That is great. Bring it to our next session and we "
		    "can look at your leadership goals together."},
	};
	struct arena *a = arena_new(0);
	struct db_user chidi, tom;
	struct db_relationship *rels;
	size_t n, k;
	int64_t now = clock_now(), id = 0, last_tom_read = 0;
	enum err rc;
	if ((rc = db_user_by_username(db, a, "chidi.okafor", &chidi)) != ERR_OK ||
	    (rc = db_user_by_username(db, a, "tom.hughes", &tom)) != ERR_OK ||
	    (rc = db_rel_of_person(db, a, scheme_id, "mentor", chidi.id, true, &rels, &n)) !=
	    ERR_OK)
		goto out;
	for (k = 0; k < n && rels[k].mentee_id != tom.id; k++)
		;
	if (k == n)
		goto out;   /* no demo pair */
	int64_t rel = rels[k].id;
	if ((rc = db_chat_state_ensure(db, chidi.id, rel)) != ERR_OK ||
	    (rc = db_chat_state_ensure(db, tom.id, rel)) != ERR_OK)
		goto out;
	size_t nlines = sizeof(lines) / sizeof(lines[0]);
	for (size_t i = 0; i < nlines && rc == ERR_OK; i++) {
		struct db_chat_message m = {.relationship_id = rel,
			.author_id = lines[i].from_mentor ? chidi.id : tom.id,
			.recipient_id = lines[i].from_mentor ? tom.id : chidi.id,
			.body = lines[i].text};
		rc = db_chat_add(db, &m, now - lines[i].ago, &id);
		if (i + 1 < nlines)
			last_tom_read = id;
	}
	/* Chidi has read everything; Tom all but the last */
	if (rc == ERR_OK && (rc = db_chat_mark_read(db, chidi.id, rel, id)) == ERR_OK)
		rc = db_chat_mark_read(db, tom.id, rel, last_tom_read);
out:
	arena_free(a);
	return rc;
}
