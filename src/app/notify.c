/*
 * notify.c - the kinds of email Tandem sends and each person's settings
 * for them (ACC-8): on or off, immediately or in a daily digest.
 *
 * Design:
 * - app_notice_kinds[] is the one registry.  Every email a person can
 *   receive goes through app_notice_tx (or its older forms
 *   app_notify_tx / app_notify_ics_tx) with one of these kinds; later
 *   issues add rows.  The settings page lists exactly this table, and
 *   each row also gives the email's button label and whether its body
 *   is secret (a reset link) or private (only site administrators
 *   see it in the outbox: concerns, requests to end, REL-6).
 * - No saved row means the default: on, immediately.  Required kinds
 *   (security and account emails) ignore any saved row and always go to
 *   the outbox at once; they cannot be turned off or held.
 * - A held email is a digest item; the daily job (app_digest_run) turns
 *   a person's items into one outbox message and deletes them in the
 *   same transaction, so nothing is sent twice or lost.
 * - app_notice_tx renders the email when it is queued (MSG-4): the
 *   outbox row holds exactly what is sent, both parts, with the scheme's
 *   name, the link back and the footer.  The templates live in mail/
 *   (app builds no HTML); main installs the renderer with
 *   app_mail_configure.  Without one the text goes out with the link and
 *   the footer appended in plain text.
 * - The outbox row also keeps the kind, the person, the scheme (the
 *   admin outbox is scoped and searched by them), whether the body is
 *   secret (a reset link) and the List-Unsubscribe URL (none for
 *   required kinds: they cannot be turned off).
 *
 * Traps: app_notice_tx runs inside the caller's transaction and must not
 * begin one.  An unknown kind is a bug (ERR_INTERNAL), not an email to
 * drop silently.  The configuration is set once before any thread
 * starts and only read afterwards, so it needs no lock.
 */
#include "app/account.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"

const struct app_notice_kind app_notice_kinds[] = {
	{ "account.registered", "We have received your registration",
	  "Sent when you register, to say what happens next.", true,
	  "Go to Tandem", false, false },
	{ "account.approved", "Your registration is approved",
	  "Sent when an administrator approves your registration.", true,
	  "Sign in to Tandem", false, false },
	{ "account.rejected", "Your registration is not approved",
	  "Sent when an administrator does not approve your registration, "
	  "with their reason.", true,
	  "Go to Tandem", false, false },
	{ "password.reset", "Reset your password",
	  "Sent when you ask for a link to reset your password.", true,
	  "Go to Tandem", true, false },
	{ "account.invited", "You have been added to a scheme",
	  "Sent when a scheme administrator adds you to Tandem, with a link to choose "
	  "your password.", true,
	  "Choose your password", true, false },
	{ "account.email_changed", "The email address of your Tandem account has changed",
	  "Sent to your old address when an administrator changes your email "
	  "address, in case it was not expected.", true,
	  "Go to Tandem", false, false },
	{ "scheme.admin_named", "You are now an administrator of a scheme",
	  "Sent when a site administrator makes you an administrator of a "
	  "scheme.", true,
	  "Open the scheme administration", false, false },
	{ "password.changed", "Your password has been changed",
	  "Sent when your password is changed with a reset link, in case it "
	  "was not you.", true,
	  "Sign in to Tandem", false, false },
	{ "admin.registration", "New registration waiting for approval",
	  "For administrators: someone has registered with your scheme and is "
	  "waiting for you to approve them.", false,
	  "Review the registration", false, false },
	{ "admin.consent_withdrawn", "Someone has withdrawn their consent",
	  "For administrators: a person in your scheme has withdrawn their "
	  "consent and their account has been deactivated.", false,
	  "Open the administration pages", false, false },
	/* requests and relationships (REQ, REL) */
	{ "request.new", "A mentee has asked you to be their mentor",
	  "For mentors: a new mentoring request, or one sent back to you after the "
	  "mentee amended it.", false,
	  "Open the request", false, false },
	{ "proposal.new", "Tandem suggests a mentee for you",
	  "For mentors: Tandem has found a mentee whose profile matches yours well, "
	  "and asks whether you will take them on.", false,
	  "Open the suggestion", false, false },
	{ "request.answered", "Your mentor has answered your request",
	  "For mentees: the mentor approved your request, put it on their waiting "
	  "list, declined it or asked you to amend it.", false,
	  "Open your request", false, false },
	{ "request.withdrawn", "A request to you has been withdrawn",
	  "For mentors: a mentee withdrew their request, or was matched with "
	  "someone else.", false,
	  "Open your requests", false, false },
	{ "request.passed", "Your request has moved to your next choice",
	  "For mentees who ranked mentors: your request went to your next choice "
	  "because a mentor did not answer in time or could not take it.", false,
	  "Open your request", false, false },
	{ "request.reminder", "A request is waiting for your answer",
	  "For mentors: a mentoring request has passed the scheme's deadline for an "
	  "answer.", false,
	  "Answer the request", false, false },
	{ "request.paused", "You are paused from new requests",
	  "For mentors: you let two requests pass the deadline, so mentees will not "
	  "be offered you until you next sign in.", true,
	  "Sign in to Tandem", false, false },
	{ "match.confirmed", "You have been matched",
	  "Sent to both people when a mentoring relationship starts, with how to "
	  "make first contact.", true,
	  "Open your relationship", false, false },
	{ "relationship.ended", "A mentoring relationship has ended",
	  "Sent when your mentor or an administrator marks a relationship as "
	  "ended.", false,
	  "Open the relationship", false, false },
	{ "relationship.end_request_closed", "Your request to end has been closed",
	  "Sent when the scheme team closes your request to end a relationship and "
	  "the relationship continues.", false,
	  "Open the relationship", false, true },
	{ "relationship.extension", "An extension has been decided",
	  "Sent when an administrator approves or declines a request for more "
	  "sessions.", false,
	  "Open the relationship", false, false },
	/* sessions (SES) */
	{ "session.added", "Sessions proposed or recorded",
	  "Sent when your mentor or mentee proposes sessions, or records sessions "
	  "that have taken place.", false,
	  "See your sessions", false, false },
	{ "session.answered", "A session was agreed or declined",
	  "Sent when the other person agrees or declines a session you proposed, "
	  "with a calendar invitation for an agreed one.", false,
	  "See your sessions", false, false },
	{ "session.cancelled", "A session was cancelled or removed",
	  "Sent when the other person cancels an agreed session or removes a "
	  "recorded one, with the calendar cancellation.", false,
	  "See your sessions", false, false },
	{ "session.log", "A session summary was written",
	  "Sent when your mentor writes the summary of a session, or your mentee "
	  "adds their notes to it.", false,
	  "Read the summary", false, false },
	/* notes, diary, agreement (NOTE, REL-8) */
	{ "content.shared", "Something was shared with you",
	  "Sent when your mentor or mentee shares a note, document or diary entry "
	  "with you.", false,
	  "Open it in Tandem", false, false },
	{ "agreement.changed", "Your mentoring agreement",
	  "Sent when the other person drafts or changes your mentoring agreement and "
	  "asks you to confirm it, and when you have both confirmed it.", false,
	  "Open your agreement", false, false },
	{ "agreement.review", "Time to review your mentoring agreement",
	  "Sent six months after you confirmed your mentoring agreement, and every "
	  "six months after, to prompt a review.", false,
	  "Review your agreement", false, false },
	/* chats, administrator messages, concerns (MSG-1, MSG-2, MSG-5) */
	{ "chat.message", "A new chat message",
	  "Sent when your mentor or mentee writes to you in your chat and you have "
	  "not read it yet; at most one email per chat every 15 minutes.", false,
	  "Open your chat", false, false },
	{ "message.new", "A message from your scheme team",
	  "Sent when a scheme administrator sends you a message. The email only says "
	  "that a message is waiting; you read it, and any attachments, in Tandem.",
	  false,
	  "Read the message", false, false },
	{ "message.reply", "A reply to your message",
	  "For administrators: someone replied to a message you sent.", false,
	  "Read the reply", false, false },
	{ "concern.raised", "A concern has been raised",
	  "For the scheme's escalation contacts: someone has raised a concern. This "
	  "email cannot be turned off or held.", true,
	  "Open the concern", false, true },
	{ "concern.updated", "Your concern has been updated",
	  "Sent when the person handling a concern you raised changes its status.",
	  false,
	  "Open your concern", false, true },
	/* evaluation (EVAL-2, EVAL-4, EVAL-6) */
	{ "eval.due", "An evaluation to complete",
	  "Sent when your scheme asks you to answer an evaluation: when a relationship "
	  "is completed, at points your scheme chooses, or for the annual review.",
	  false,
	  "Answer the evaluation", false, false },
	{ "eval.reminder", "A reminder about an evaluation",
	  "Sent once, a week after an evaluation was asked of you, if you have not "
	  "answered it yet.", false,
	  "Answer the evaluation", false, false },
	{ "eval.shared", "Your mentor shared their evaluation",
	  "Sent when your mentor chooses to share their evaluation of your mentoring "
	  "relationship with you.", false,
	  "Read the evaluation", false, false },
	{ "admin.request_waiting", "A request has waited too long",
	  "For administrators: a mentoring request has waited a week without an "
	  "answer from the mentor.", false,
	  "Open the request", false, false },
	{ "admin.end_requested", "Someone has asked to end a relationship",
	  "For administrators: a mentor or mentee has asked, privately, for their "
	  "relationship to end.", false,
	  "Open the relationship", false, true },
	{ "admin.extension_requested", "Someone has asked for more sessions",
	  "For administrators: a pair has asked to extend their relationship "
	  "beyond the scheme's session cap.", false,
	  "Open the relationship", false, true },
};
const size_t app_notice_nkinds = sizeof(app_notice_kinds) / sizeof(app_notice_kinds[0]);

#define DIGEST_BATCH 200
#define DIGEST_TEXT_MAX ((size_t)256 * 1024)
#define SETTINGS_PATH "/settings#notifications"

static char mail_base[512] = "http://localhost";
static const struct app_mail_renderer *mail_renderer;

void
app_mail_configure(const char *base_url, const struct app_mail_renderer *r)
{
	if (base_url != NULL && base_url[0] != '\0') {
		snprintf(mail_base, sizeof(mail_base), "%s", base_url);
		size_t len = strlen(mail_base);
		while (len > 0 && mail_base[len - 1] == '/')
			mail_base[--len] = '\0';
	}
	mail_renderer = r;
}

const char *
app_mail_base(void)
{
	return mail_base;
}

const char *
app_mail_settings_url(struct arena *a)
{
	return arena_printf(a, "%s%s", mail_base, SETTINGS_PATH);
}

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

/* An absolute link to an in-app path ("" or NULL: the home page). */
static const char *
link_to(struct arena *a, const char *path)
{
	if (path == NULL || path[0] == '\0')
		path = "/";
	return arena_printf(a, "%s%s%s", mail_base, path[0] == '/' ? "" : "/", path);
}

/* Does the text open with its own greeting? (Older call sites write
 * "Hello Tom,\n\n" themselves; the template must not greet twice.) */
static bool
has_greeting(const char *text)
{
	return strncmp(text, "Hello", 5) == 0 || strncmp(text, "Dear ", 5) == 0 ||
	    strncmp(text, "Hi ", 3) == 0;
}

/* Plain-text bodies when no renderer is installed. */
static char *
plain_notice(struct arena *a, const struct app_mail_view *v)
{
	size_t len = strlen(v->text);
	while (len > 0 && v->text[len - 1] == '\n')
		len--;
	return arena_printf(a, "%s%s%.*s\n\n%s: %s\n\n--\n%s%s"
	    "Why you got this email: %s\nChoose which emails you get: %s\n",
	    v->greeting, *v->greeting ? "\n\n" : "", (int)len, v->text,
	    v->kind->action, v->url, v->scheme_name, *v->scheme_name ? "\n" : "",
	    v->kind->description, v->settings_url);
}

static char *
plain_digest(struct arena *a, const struct app_digest_view *v)
{
	struct buf b;
	buf_init_arena(&b, a, DIGEST_TEXT_MAX * 2);
	buf_printf(&b, "%s\n\nHere is your daily summary from Tandem.\n", v->greeting);
	for (size_t i = 0; i < v->n; i++)
		buf_printf(&b, "\n----------------------------------------\n\n%s%s%s\n\n"
		    "%s\n\n%s: %s\n", v->items[i].scheme_name,
		    *v->items[i].scheme_name ? ": " : "", v->items[i].subject,
		    v->items[i].text, v->items[i].label, v->items[i].url);
	if (v->nmore > 0)
		buf_printf(&b, "\nThere %s %zu more, too many to include. Sign in to "
		    "Tandem to see everything: %s\n", v->nmore == 1 ? "is" : "are",
		    v->nmore, v->url);
	buf_printf(&b, "\n--\nYou chose to get these emails once a day. Choose "
	    "which emails you get: %s\n", v->settings_url);
	return arena_strdup(a, buf_err(&b) ? "" : buf_str(&b));
}

/* The greeting for a person: "Hello Tom," ("Hello," when unknown). */
static const char *
greeting_of(struct db *db, struct arena *a, int64_t user_id)
{
	struct db_user u;
	if (user_id > 0 && db_user_get(db, a, user_id, &u) == ERR_OK && *u.given_name)
		return arena_printf(a, "Hello %s,", u.given_name);
	return "Hello,";
}

/* Render and queue one email at once (the routing is decided). */
static enum err
queue_notice(struct db *db, struct arena *a, const struct app_notice_kind *k,
    const struct app_notice *n)
{
	struct app_mail_view v = {
		.kind = k,
		.scheme_name = "",
		.greeting = "",
		.subject = n->subject ? n->subject : k->label,
		.text = n->text ? n->text : "",
		.url = link_to(a, n->path),
		.settings_url = app_mail_settings_url(a),
	};
	struct db_scheme sc;
	char *text = NULL, *html = NULL;
	enum err rc;

	if (n->scheme_id > 0 && db_scheme_get(db, a, n->scheme_id, &sc) == ERR_OK)
		v.scheme_name = sc.name;
	if (!has_greeting(v.text))
		v.greeting = greeting_of(db, a, n->user_id);
	if (mail_renderer != NULL && mail_renderer->notice != NULL) {
		if ((rc = mail_renderer->notice(a, &v, &text, &html)) != ERR_OK) {
			log_error("notify: the %s email does not render: %s", k->kind,
			    err_code(rc));
			return rc;
		}
	} else {
		text = plain_notice(a, &v);
		html = NULL;
	}
	struct db_mail_new m = {
		.to = n->to,
		.subject = v.subject,
		.text = text,
		.html = html,
		.ics = n->ics,
		.ics_method = n->ics_method,
		.kind = k->kind,
		.user_id = n->user_id,
		.scheme_id = n->scheme_id > 0 && *v.scheme_name ? n->scheme_id : 0,
		.is_secret = k->is_secret,
		.is_bulk = false,
		/* a required email cannot be turned off: no unsubscribe */
		.unsubscribe = k->is_required ? "" : v.settings_url,
	};
	return db_mail_put(db, &m, clock_now(), NULL);
}

/*
 * The routing (ACC-8): off -> nothing; daily -> a digest item (an
 * invitation is dropped: a digest is one plain summary, and the
 * person's calendar feed still shows the session); at once -> rendered
 * into the outbox.  Required kinds, and emails to no account, always
 * go at once.  An ics with a method other than REQUEST or CANCEL is a
 * plain email.
 */
enum err
app_notice_tx(struct db *db, const struct app_notice *n)
{
	const struct app_notice_kind *k = kind_find(n ? n->kind : NULL);
	struct app_notice copy;
	struct db_pref *saved;
	size_t nsaved;
	struct app_pref pref = {0};
	enum err rc;

	if (k == NULL) {
		log_error("notify: email kind \"%s\" is not in app_notice_kinds",
		    n && n->kind ? n->kind : "(null)");
		return ERR_INTERNAL;
	}
	copy = *n;
	if (copy.ics == NULL || copy.ics[0] == '\0' || copy.ics_method == NULL ||
	    (strcmp(copy.ics_method, "REQUEST") != 0 &&
	    strcmp(copy.ics_method, "CANCEL") != 0))
		copy.ics = copy.ics_method = "";

	struct arena *a = arena_new(0);
	if (k->is_required || copy.user_id <= 0) {
		rc = queue_notice(db, a, k, &copy);
		goto out;
	}
	if ((rc = db_prefs_of_user(db, a, copy.user_id, &saved, &nsaved)) != ERR_OK)
		goto out;
	pref_of(k, saved, nsaved, &pref);
	if (!pref.is_enabled)
		rc = ERR_OK;                   /* turned off: dropped */
	else if (pref.is_daily)
		rc = db_digest_put(db, copy.user_id, k->kind,
		    copy.subject ? copy.subject : k->label, copy.text ? copy.text : "",
		    copy.scheme_id, copy.path, clock_now());
	else
		rc = queue_notice(db, a, k, &copy);
out:
	arena_free(a);
	return rc;
}

/* The older forms: no scheme, a link to the home page. */
enum err
app_notify_tx(struct db *db, int64_t user_id, const char *to, const char *kind,
    const char *subject, const char *text)
{
	return app_notice_tx(db, &(struct app_notice){.user_id = user_id, .to = to,
	    .kind = kind, .subject = subject, .text = text, .path = "/"});
}

enum err
app_notify_ics_tx(struct db *db, int64_t user_id, const char *to, const char *kind,
    const char *subject, const char *text, const char *ics, const char *method)
{
	return app_notice_tx(db, &(struct app_notice){.user_id = user_id, .to = to,
	    .kind = kind, .subject = subject, .text = text, .path = "/", .ics = ics,
	    .ics_method = method});
}

/* ---- the daily digest ---- */

/* An item's text without the greeting and sign-off a single email has:
 * the summary greets once. */
static const char *
digest_core(struct arena *a, const char *text)
{
	const char *p = text;
	if (has_greeting(p)) {
		const char *nl = strstr(p, "\n\n");
		if (nl != NULL)
			p = nl + 2;
	}
	size_t len = strlen(p);
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == ' '))
		len--;
	if (len >= 6 && strncmp(p + len - 6, "Tandem", 6) == 0 &&
	    (len == 6 || p[len - 7] == '\n')) {
		len -= 6;
		while (len > 0 && p[len - 1] == '\n')
			len--;
	}
	return arena_strndup(a, p, len);
}

/* One person's digest: one email with every held item, then the items
 * deleted, in one transaction.  *is_sent false when nothing was sent
 * (the person can no longer receive email: items are dropped). */
static enum err
digest_one(struct db *db, struct arena *a, int64_t user_id, int64_t now,
    bool *is_sent)
{
	struct db_user u;
	struct db_digest_entry *items;
	size_t n;
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
	if ((rc = db_digest_entries(db, a, user_id, &items, &n)) != ERR_OK)
		goto out;
	if (n == 0 || strcmp(u.status, "active") != 0) {
		/* a deactivated person gets nothing more (ACC-2) */
		rc = db_digest_delete_user(db, user_id);
		goto out;
	}

	struct app_digest_view_item *vi = arena_calloc(a, n, sizeof(*vi));
	struct app_digest_view v = {
		.greeting = *u.given_name ? arena_printf(a, "Hello %s,", u.given_name) :
		    "Hello,",
		.items = vi,
		.url = link_to(a, "/"),
		.settings_url = app_mail_settings_url(a),
	};
	size_t total = 0;
	for (; v.n < n && total < DIGEST_TEXT_MAX; v.n++) {
		const struct app_notice_kind *k = kind_find(items[v.n].kind);
		vi[v.n].subject = items[v.n].subject;
		vi[v.n].text = digest_core(a, items[v.n].body_text);
		vi[v.n].scheme_name = items[v.n].scheme_name;
		vi[v.n].label = k != NULL ? k->action : "Open Tandem";
		vi[v.n].url = link_to(a, items[v.n].path);
		total += strlen(vi[v.n].text) + strlen(vi[v.n].subject);
	}
	v.nmore = n - v.n;

	char *text = NULL, *html = NULL;
	if (mail_renderer != NULL && mail_renderer->digest != NULL) {
		if ((rc = mail_renderer->digest(a, &v, &text, &html)) != ERR_OK)
			goto out;
	} else {
		text = plain_digest(a, &v);
	}
	struct db_mail_new m = {
		.to = u.email,
		.subject = "Your Tandem daily summary",
		.text = text,
		.html = html,
		.kind = "digest",
		.user_id = user_id,
		.is_bulk = true,
		.unsubscribe = v.settings_url,
	};
	rc = db_mail_put(db, &m, now, NULL);
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
