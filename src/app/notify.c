/*
 * notify.c - the kinds of email Tandem sends and each person's settings
 * for them (ACC-8): on or off, immediately or in a daily digest.
 *
 * Design:
 * - app_notice_kinds[] is the one registry.  Every email a person can
 *   receive goes through app_notify_tx with one of these kinds; later
 *   issues add rows.  The settings page lists exactly this table.
 * - No saved row means the default: on, immediately.  Required kinds
 *   (security and account emails) ignore any saved row and always go to
 *   the outbox at once; they cannot be turned off or held.
 * - A held email is a digest item; the daily job (app_digest_run) turns
 *   a person's items into one outbox message and deletes them in the
 *   same transaction, so nothing is sent twice or lost.
 *
 * Traps: app_notify_tx runs inside the caller's transaction and must not
 * begin one.  An unknown kind is a bug (ERR_INTERNAL), not an email to
 * drop silently.
 */
#include "app/account.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/calendar.h"

const struct app_notice_kind app_notice_kinds[] = {
	{ "account.registered", "We have received your registration",
	  "Sent when you register, to say what happens next.", true },
	{ "account.approved", "Your registration is approved",
	  "Sent when an administrator approves your registration.", true },
	{ "account.rejected", "Your registration is not approved",
	  "Sent when an administrator does not approve your registration, "
	  "with their reason.", true },
	{ "password.reset", "Reset your password",
	  "Sent when you ask for a link to reset your password.", true },
	{ "password.changed", "Your password has been changed",
	  "Sent when your password is changed with a reset link, in case it "
	  "was not you.", true },
	{ "admin.registration", "New registration waiting for approval",
	  "For administrators: someone has registered with your scheme and is "
	  "waiting for you to approve them.", false },
	{ "admin.consent_withdrawn", "Someone has withdrawn their consent",
	  "For administrators: a person in your scheme has withdrawn their "
	  "consent and their account has been deactivated.", false },
	/* requests and relationships (REQ, REL) */
	{ "request.new", "A mentee has asked you to be their mentor",
	  "For mentors: a new mentoring request, or one sent back to you after the "
	  "mentee amended it.", false },
	{ "proposal.new", "Tandem suggests a mentee for you",
	  "For mentors: Tandem has found a mentee whose profile matches yours well, "
	  "and asks whether you will take them on.", false },
	{ "request.answered", "Your mentor has answered your request",
	  "For mentees: the mentor approved your request, put it on their waiting "
	  "list, declined it or asked you to amend it.", false },
	{ "request.withdrawn", "A request to you has been withdrawn",
	  "For mentors: a mentee withdrew their request, or was matched with "
	  "someone else.", false },
	{ "request.passed", "Your request has moved to your next choice",
	  "For mentees who ranked mentors: your request went to your next choice "
	  "because a mentor did not answer in time or could not take it.", false },
	{ "request.reminder", "A request is waiting for your answer",
	  "For mentors: a mentoring request has passed the scheme's deadline for an "
	  "answer.", false },
	{ "request.paused", "You are paused from new requests",
	  "For mentors: you let two requests pass the deadline, so mentees will not "
	  "be offered you until you next sign in.", true },
	{ "match.confirmed", "You have been matched",
	  "Sent to both people when a mentoring relationship starts, with how to "
	  "make first contact.", true },
	{ "relationship.ended", "A mentoring relationship has ended",
	  "Sent when your mentor or an administrator marks a relationship as "
	  "ended.", false },
	{ "relationship.end_request_closed", "Your request to end has been closed",
	  "Sent when the scheme team closes your request to end a relationship and "
	  "the relationship continues.", false },
	{ "relationship.extension", "An extension has been decided",
	  "Sent when an administrator approves or declines a request for more "
	  "sessions.", false },
	/* sessions (SES) */
	{ "session.added", "Sessions proposed or recorded",
	  "Sent when your mentor or mentee proposes sessions, or records sessions "
	  "that have taken place.", false },
	{ "session.answered", "A session was agreed or declined",
	  "Sent when the other person agrees or declines a session you proposed, "
	  "with a calendar invitation for an agreed one.", false },
	{ "session.cancelled", "A session was cancelled or removed",
	  "Sent when the other person cancels an agreed session or removes a "
	  "recorded one, with the calendar cancellation.", false },
	{ "session.log", "A session summary was written",
	  "Sent when your mentor writes the summary of a session, or your mentee "
	  "adds their notes to it.", false },
	/* notes, diary, agreement (NOTE, REL-8) */
	{ "content.shared", "Something was shared with you",
	  "Sent when your mentor or mentee shares a note, document or diary entry "
	  "with you.", false },
	{ "agreement.changed", "Your mentoring agreement",
	  "Sent when the other person drafts or changes your mentoring agreement and "
	  "asks you to confirm it, and when you have both confirmed it.", false },
	{ "agreement.review", "Time to review your mentoring agreement",
	  "Sent six months after you confirmed your mentoring agreement, and every "
	  "six months after, to prompt a review.", false },
	/* chats, administrator messages, concerns (MSG-1, MSG-2, MSG-5) */
	{ "chat.message", "A new chat message",
	  "Sent when your mentor or mentee writes to you in your chat and you have "
	  "not read it yet; at most one email per chat every 15 minutes.", false },
	{ "message.new", "A message from your scheme team",
	  "Sent when a scheme administrator sends you a message. The email only says "
	  "that a message is waiting; you read it, and any attachments, in Tandem.",
	  false },
	{ "message.reply", "A reply to your message",
	  "For administrators: someone replied to a message you sent.", false },
	{ "concern.raised", "A concern has been raised",
	  "For the scheme's escalation contacts: someone has raised a concern. This "
	  "email cannot be turned off or held.", true },
	{ "concern.updated", "Your concern has been updated",
	  "Sent when the person handling a concern you raised changes its status.",
	  false },
	{ "admin.request_waiting", "A request has waited too long",
	  "For administrators: a mentoring request has waited a week without an "
	  "answer from the mentor.", false },
	{ "admin.end_requested", "Someone has asked to end a relationship",
	  "For administrators: a mentor or mentee has asked, privately, for their "
	  "relationship to end.", false },
	{ "admin.extension_requested", "Someone has asked for more sessions",
	  "For administrators: a pair has asked to extend their relationship "
	  "beyond the scheme's session cap.", false },
};
const size_t app_notice_nkinds = sizeof(app_notice_kinds) / sizeof(app_notice_kinds[0]);

#define DIGEST_BATCH 200
#define DIGEST_TEXT_MAX ((size_t)256 * 1024)

static const struct app_notice_kind *
kind_find(const char *kind)
{
	for (size_t i = 0; kind && i < app_notice_nkinds; i++)
		if (strcmp(app_notice_kinds[i].kind, kind) == 0)
			return &app_notice_kinds[i];
	return NULL;
}

/* The person's setting for one kind (defaults when none saved). */
static void
pref_of(const struct app_notice_kind *k, const struct db_pref *saved, size_t nsaved,
    struct app_pref *out)
{
	out->kind = k;
	out->is_enabled = true;
	out->is_daily = false;
	if (k->is_required)
		return;
	for (size_t i = 0; i < nsaved; i++) {
		if (strcmp(saved[i].kind, k->kind) == 0) {
			out->is_enabled = saved[i].is_enabled;
			out->is_daily = strcmp(saved[i].frequency, "daily") == 0;
			break;
		}
	}
}

enum err
app_prefs_get(struct db *db, struct arena *a, int64_t user_id,
    struct app_pref **out, size_t *n)
{
	struct db_pref *saved;
	size_t nsaved;
	enum err rc = db_prefs_of_user(db, a, user_id, &saved, &nsaved);

	if (rc != ERR_OK)
		return rc;
	struct app_pref *p = arena_calloc(a, app_notice_nkinds, sizeof(*p));
	for (size_t i = 0; i < app_notice_nkinds; i++)
		pref_of(&app_notice_kinds[i], saved, nsaved, &p[i]);
	*out = p;
	*n = app_notice_nkinds;
	return ERR_OK;
}

enum err
app_pref_set(struct db *db, const struct app_auth *me, const char *kind,
    bool is_enabled, bool is_daily)
{
	const struct app_notice_kind *k = kind_find(kind);
	enum err rc;

	if (me == NULL || me->user_id <= 0 || k == NULL)
		return ERR_NOT_FOUND;
	if (k->is_required && (!is_enabled || is_daily))
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_pref_put(db, me->user_id, k->kind, is_enabled,
	    is_daily ? "daily" : "immediate");
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_notify_tx(struct db *db, int64_t user_id, const char *to, const char *kind,
    const char *subject, const char *text)
{
	const struct app_notice_kind *k = kind_find(kind);
	struct app_pref pref;
	struct db_pref *saved;
	size_t nsaved;
	enum err rc;

	if (k == NULL) {
		log_error("notify: email kind \"%s\" is not in app_notice_kinds",
		    kind ? kind : "(null)");
		return ERR_INTERNAL;
	}
	if (k->is_required || user_id <= 0)
		return app_email_tx(db, to, subject, text, NULL);

	struct arena *a = arena_new(0);
	rc = db_prefs_of_user(db, a, user_id, &saved, &nsaved);
	if (rc == ERR_OK) {
		pref_of(k, saved, nsaved, &pref);
		if (!pref.is_enabled)
			rc = ERR_OK;                   /* turned off: dropped */
		else if (pref.is_daily)
			rc = db_digest_add(db, user_id, k->kind, subject, text, clock_now());
		else
			rc = app_email_tx(db, to, subject, text, NULL);
	}
	arena_free(a);
	return rc;
}

/* ---- the daily digest ---- */

/* One person's digest: one email with every held item, then the items
 * deleted, in one transaction.  *is_sent false when nothing was sent
 * (the person can no longer receive email: items are dropped). */
static enum err
digest_one(struct db *db, struct arena *a, int64_t user_id, int64_t now,
    bool *is_sent)
{
	struct db_user u;
	struct db_digest_item *items;
	size_t n;
	struct buf b;
	enum err rc;

	*is_sent = false;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_user_get(db, a, user_id, &u);
	if (rc == ERR_NOT_FOUND) {
		rc = db_digest_delete_user(db, user_id);
		goto out;
	}
	if (rc != ERR_OK)
		goto out;
	if ((rc = db_digest_of_user(db, a, user_id, &items, &n)) != ERR_OK)
		goto out;
	if (n == 0 || strcmp(u.status, "active") != 0) {
		/* a deactivated person gets nothing more (ACC-2) */
		rc = db_digest_delete_user(db, user_id);
		goto out;
	}

	buf_init_arena(&b, a, DIGEST_TEXT_MAX + 4096);
	buf_printf(&b, "Hello %s,\n\n"
	    "Here is your daily summary from Tandem: %zu email%s you chose to "
	    "get once a day.\n", u.given_name, n, n == 1 ? "" : "s");
	size_t shown = 0;
	for (; shown < n && b.len < DIGEST_TEXT_MAX; shown++) {
		buf_printf(&b, "\n----------------------------------------\n\n"
		    "%s\n\n%s\n", items[shown].subject, items[shown].body_text);
	}
	if (shown < n)
		buf_printf(&b, "\n----------------------------------------\n\n"
		    "There %s %zu more, too many to include. Sign in to Tandem to "
		    "see everything.\n", n - shown == 1 ? "is" : "are", n - shown);
	buf_puts(&b, "\n----------------------------------------\n\n"
	    "You can choose which emails you get, and whether they come at once "
	    "or in this daily summary, in your notification settings in "
	    "Tandem.\n\nTandem\n");
	if (buf_err(&b)) {
		rc = ERR_TOO_LARGE;
		goto out;
	}
	rc = db_outbox_add(db, u.email, "Your Tandem daily summary", buf_str(&b), "",
	    now, NULL);
	if (rc == ERR_OK)
		rc = db_digest_delete_user(db, user_id);
	if (rc == ERR_OK)
		*is_sent = true;
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc != ERR_OK)
		*is_sent = false;
	return rc;
}

enum err
app_digest_run(struct db *db, int64_t now, size_t *sent)
{
	struct arena *a = arena_new(0);
	enum err rc = ERR_OK, failed = ERR_OK;
	size_t nsent = 0;

	for (;;) {
		int64_t *ids;
		size_t n, done = 0;

		arena_reset(a);
		if ((rc = db_digest_users(db, a, DIGEST_BATCH, &ids, &n)) != ERR_OK)
			break;
		for (size_t i = 0; i < n; i++) {
			bool is_sent;
			enum err one = digest_one(db, a, ids[i], now, &is_sent);
			if (one == ERR_OK) {
				done++;
				nsent += is_sent;
			} else {
				/* the others still get theirs; this one is tried
				 * again tomorrow */
				log_error("digest: user %lld: %s", (long long)ids[i],
				    err_code(one));
				if (failed == ERR_OK)
					failed = one;
			}
		}
		/* stop when everything was read, or when nothing moves
		 * (every remaining person fails) */
		if (n < DIGEST_BATCH || done == 0)
			break;
	}
	arena_free(a);
	if (sent)
		*sent = nsent;
	return rc != ERR_OK ? rc : failed;
}

/* CONTRACT (mail helper): renders from the mail templates.  Until then,
 * the routing of app_notify_ics_tx with the text as given. */
enum err
app_notice_tx(struct db *db, const struct app_notice *n)
{
	return app_notify_ics_tx(db, n->user_id, n->to, n->kind, n->subject, n->text,
	    n->ics, n->ics_method);
}

/*
 * app_notify_tx with an invitation (SES-9).  The same routing as
 * app_notify_tx: off -> nothing; daily -> the text goes to the digest
 * and the invitation is dropped (a digest is one plain email; the
 * person's calendar feed still shows the session); at once -> one
 * outbox row carrying the text and the invitation.  An empty ics, or a
 * method other than REQUEST or CANCEL, is a plain email.
 */
enum err
app_notify_ics_tx(struct db *db, int64_t user_id, const char *to, const char *kind,
    const char *subject, const char *text, const char *ics, const char *method)
{
	const struct app_notice_kind *k = kind_find(kind);
	struct app_pref pref;
	struct db_pref *saved;
	size_t nsaved;
	enum err rc;

	if (ics == NULL || ics[0] == '\0' || method == NULL ||
	    (strcmp(method, "REQUEST") != 0 && strcmp(method, "CANCEL") != 0))
		return app_notify_tx(db, user_id, to, kind, subject, text);
	if (k == NULL) {
		log_error("notify: email kind \"%s\" is not in app_notice_kinds",
		    kind ? kind : "(null)");
		return ERR_INTERNAL;
	}
	if (k->is_required || user_id <= 0)
		return db_outbox_add_ics(db, to, subject, text, "", ics, method, clock_now(),
		    NULL);

	struct arena *a = arena_new(0);
	rc = db_prefs_of_user(db, a, user_id, &saved, &nsaved);
	if (rc == ERR_OK) {
		pref_of(k, saved, nsaved, &pref);
		if (!pref.is_enabled)
			rc = ERR_OK;                   /* turned off: dropped */
		else if (pref.is_daily)
			rc = db_digest_add(db, user_id, k->kind, subject, text, clock_now());
		else
			rc = db_outbox_add_ics(db, to, subject, text, "", ics, method,
			    clock_now(), NULL);
	}
	arena_free(a);
	return rc;
}
