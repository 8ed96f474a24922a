/*
 * messages.c - administrator messages, their recipients, replies and
 * attachments (messages.h, MSG-2).
 *
 * Design: the audience is resolved by one statement (MSG_AUDIENCE in
 * db/messages.def) for the preview, and again inside the send's write
 * transaction, where the same parameters insert the recipient rows; so
 * the emails go to exactly the people who got a row.  The required-field
 * masks the SQL tests are the scheme's (app_matching_load), cut to what
 * applies to each role by match_missing, exactly as app_profile_missing
 * does; the SQL spells out the bit numbers, which the asserts below pin.
 *
 * Files: stored (core/files.h) before their row is written and removed
 * if the write fails; rows of dropped pending files are deleted first
 * and their files after the commit (never a row without a file).
 *
 * Traps: a reply's email names who replied and the subject, never the
 * text; the alert email never carries the body (seed 000: messages and
 * their documents stay inside the system).  Logs carry ids only.
 */
#include "app/messages.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/finder.h"
#include "app/match.h"
#include "app/schemeconf.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/log.h"
#include "core/sniff.h"
#include "core/strparse.h"
#include "db/cohorts.h"

/* MSG_AUDIENCE tests these bits by number (1, 2, 4 ... 524288). */
_Static_assert(MF_PREFERRED_NAME == 0 && MF_PRONOUNS == 1 && MF_CONTACT_EMAIL == 2 &&
    MF_PHONE == 3 && MF_PHOTO == 4 && MF_JOB_ROLE == 5 && MF_ORGANISATION == 6 &&
    MF_SPECIALTY == 7 && MF_SITE == 8 && MF_PREVIOUS_ORGANISATIONS == 9 &&
    MF_STATEMENT == 10 && MF_REASONS == 11 && MF_SUPPORT_AREAS == 12 &&
    MF_AVAILABILITY == 13 && MF_MAX_TRAVEL == 14 && MF_FORMATS == 15 &&
    MF_KEYWORDS == 16 && MF_BIOGRAPHY == 17 && MF_SKILLS == 18 && MF_TRAINING == 19 &&
    MF__MAX == 20, "db/messages.def spells out enum match_field's numbering");

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum err
app_messages_unread(struct db *db, const struct app_auth *me, int64_t *n)
{
	*n = 0;
	if (me == NULL || me->user_id <= 0)
		return ERR_OK;
	return db_messages_unread(db, me->user_id, n);
}

/* ---- the audience ---- */

static bool
is(const char *s, const char *want)
{
	return s != NULL && strcmp(s, want) == 0;
}

const char *
app_message_audience_words(struct arena *a, const struct app_msg_audience *au)
{
	if (is(au->kind, "people"))
		return au->npeople == 1 ? "1 person chosen by name" :
		    arena_printf(a, "%zu people chosen by name", au->npeople);
	const char *who = is(au->role, "mentors") ? "Mentors" :
	    is(au->role, "mentees") ? "Mentees" : "Everyone";
	if (au->cohort_id != 0 && au->cohort_name != NULL)
		who = is(au->role, "mentors") || is(au->role, "mentees") ?
		    arena_printf(a, "%s in %s", who, au->cohort_name) :
		    arena_printf(a, "Members of %s", au->cohort_name);
	const char *status = is(au->status, "live") ? " in a live relationship" :
	    is(au->status, "ended") ? " whose relationship has ended" :
	    is(au->status, "none") ? " with no relationship yet" : "";
	if (*status == '\0' && !au->is_incomplete && au->cohort_id != 0 && au->cohort_name)
		return who;
	if (*status == '\0' && !au->is_incomplete)
		return is(au->role, "mentors") || is(au->role, "mentees") ?
		    arena_printf(a, "%s in the scheme", who) : "Everyone in the scheme";
	return arena_printf(a, "%s%s%s", who, status, !au->is_incomplete ? "" :
	    *status ? ", with an incomplete profile" : " with an incomplete profile");
}

/* The statement's parameters for an audience. */
static enum err
to_db(struct db *db, struct arena *a, const struct app_msg_audience *au,
    struct db_audience *out)
{
	struct match_rules rules;
	uint32_t mentor_req = 0, mentee_req = 0;
	enum err rc = app_matching_load(db, a, au->scheme_id, &rules, &mentor_req, &mentee_req);
	if (rc != ERR_OK)
		return rc;
	*out = (struct db_audience){.scheme_id = au->scheme_id, .role = "", .status = "",
		.people = "",
		.mentee_required = match_missing(mentee_req, 0, "mentee"),
		.mentor_required = match_missing(mentor_req, 0, "mentor")};
	if (is(au->kind, "people")) {
		struct buf b;
		buf_init_arena(&b, a, 64 + au->npeople * 24);
		buf_puts(&b, ",");
		for (size_t i = 0; i < au->npeople; i++)
			buf_printf(&b, "%lld,", (long long)au->people[i]);
		out->people = buf_take(&b, NULL);
		return ERR_OK;
	}
	out->role = is(au->role, "mentors") ? "mentor" : is(au->role, "mentees") ? "mentee" : "";
	out->status = is(au->status, "live") ? "live" : is(au->status, "ended") ? "ended" :
	    is(au->status, "none") ? "none" : "";
	out->is_incomplete = au->is_incomplete;
	out->cohort_id = au->cohort_id;
	return ERR_OK;
}

/* A copy of the audience with its cohort's name; a cohort that is not
 * the scheme's is a problem on "cohort" (false). */
static enum err
with_cohort(struct db *db, struct arena *a, const struct app_msg_audience *in,
    struct app_msg_audience *au, struct app_problems *ps, bool *ok)
{
	*au = *in;
	*ok = true;
	if (is(au->kind, "people"))
		au->cohort_id = 0;
	if (au->cohort_id == 0)
		return ERR_OK;
	struct db_cohort c;
	enum err rc = db_cohort_get(db, a, au->cohort_id, &c);
	if (rc == ERR_NOT_FOUND || (rc == ERR_OK && c.scheme_id != au->scheme_id)) {
		app_problem(ps, "cohort", "Choose one of the scheme's cohorts");
		*ok = false;
		return ERR_OK;
	}
	if (rc == ERR_OK)
		au->cohort_name = c.name;
	return rc;
}

static enum err
may_send(const struct app_auth *me, int64_t scheme_id)
{
	if (me == NULL || !app_is_any_admin(me))
		return ERR_FORBIDDEN;
	return app_is_scheme_admin(me, scheme_id) ? ERR_OK : ERR_NOT_FOUND;
}

static bool
audience_ok(const struct app_msg_audience *au, struct app_problems *ps)
{
	if (!is(au->kind, "people"))
		return true;
	if (au->npeople == 0) {
		app_problem(ps, "people", "Choose at least one person");
		return false;
	}
	if (au->npeople > APP_MSG_PEOPLE_MAX) {
		app_problem(ps, "people", "Choose at most 500 people, or send to a group");
		return false;
	}
	return true;
}

enum err
app_message_audience(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_msg_audience *au, struct app_problems *ps,
    struct db_message_person **people, size_t *n)
{
	*people = NULL;
	*n = 0;
	enum err rc = may_send(me, au->scheme_id);
	if (rc != ERR_OK)
		return rc;
	if (!audience_ok(au, ps))
		return ERR_BAD_INPUT;
	struct app_msg_audience cau;
	bool cohort_ok;
	if ((rc = with_cohort(db, a, au, &cau, ps, &cohort_ok)) != ERR_OK)
		return rc;
	if (!cohort_ok)
		return ERR_BAD_INPUT;
	struct db_audience q;
	if ((rc = to_db(db, a, &cau, &q)) != ERR_OK)
		return rc;
	return db_message_audience(db, a, &q, people, n);
}

enum err
app_message_incomplete_sql(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t user_id, const char *role, bool *is_incomplete)
{
	const int64_t ids[1] = {user_id};
	struct app_msg_audience au = {.scheme_id = scheme_id, .kind = "people",
		.people = ids, .npeople = 1};
	struct db_audience q;
	enum err rc = to_db(db, a, &au, &q);
	if (rc != ERR_OK)
		return rc;
	q.role = is(role, "mentee") ? "mentee" : "mentor";
	q.is_incomplete = true;
	struct db_message_person *p;
	size_t n;
	rc = db_message_audience(db, a, &q, &p, &n);
	*is_incomplete = rc == ERR_OK && n == 1;
	return rc;
}

/* ---- attachments while composing ---- */

/* Check and store one upload as a pending file of me's; a problem on
 * "files" (naming the file) when it is refused. */
static enum err
store_upload(struct db *db, struct arena *a, const struct app_auth *me,
    const struct db_scheme_settings *st, const struct app_doc_file *f, const char *data_dir,
    struct app_problems *ps)
{
	const char *shown = f->filename && *f->filename ? f->filename : "The file";
	if (f->path == NULL || f->len == 0) {
		app_problem(ps, "files", arena_printf(a, "%s is empty", shown));
		return ERR_BAD_INPUT;
	}
	size_t max = (size_t)st->document_max_kb * 1024;
	if (max > APP_DOC_CEILING)
		max = APP_DOC_CEILING;
	const char *too_big = arena_printf(a, "%s must be smaller than %s", shown,
	    app_document_size_words(a, st->document_max_kb));
	unsigned char *data;
	size_t len;
	enum err rc = f->len > max ? ERR_TOO_LARGE : files_read(a, f->path, max, &data, &len);
	if (rc == ERR_TOO_LARGE) {
		app_problem(ps, "files", too_big);
		return ERR_BAD_INPUT;
	}
	if (rc != ERR_OK)
		return rc;
	enum sniff_kind k = sniff_bytes(data, len);
	if (k == SNIFF_NONE || !app_document_kind_allowed(st->document_types, sniff_name(k))) {
		app_problem(ps, "files", arena_printf(a, "%s must be a %s file", shown,
		    app_document_kinds_words(a, st->document_types)));
		log_info("messages: attachment by user %lld refused: kind %s",
		    (long long)me->user_id, k == SNIFF_NONE ? "unknown" : sniff_name(k));
		return ERR_BAD_INPUT;
	}
	char name[FILES_NAME_MAX];
	if ((rc = files_store(data_dir, data, len, sniff_ext(k), name)) != ERR_OK)
		return rc;
	struct db_message_file row = {.uploader_id = me->user_id,
		.filename = app_document_filename(a, f->filename, sniff_name(k)),
		.stored_name = name, .kind = sniff_name(k), .mime = sniff_mime(k),
		.size = (int64_t)len};
	int64_t id;
	if ((rc = db_begin(db)) == ERR_OK)
		rc = finish(db, db_message_file_add(db, &row, clock_now(), &id));
	if (rc != ERR_OK)
		files_remove(data_dir, name);
	return rc;
}

static bool
kept(const struct app_msg_compose *in, int64_t id)
{
	for (size_t i = 0; i < in->nkeep; i++)
		if (in->keep[i] == id)
			return true;
	return false;
}

/* Drop me's pending files that are not kept; store the new uploads. */
static enum err
update_pending(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_msg_compose *in, const struct db_scheme_settings *st,
    const char *data_dir, struct app_problems *ps)
{
	struct db_message_file *pending;
	size_t n, nkept = 0;
	enum err rc = db_message_files_pending(db, a, me->user_id, &pending, &n);
	if (rc != ERR_OK)
		return rc;
	bool *drop = arena_calloc(a, n + 1, sizeof(*drop));
	size_t ndrop = 0;
	for (size_t i = 0; i < n; i++) {
		drop[i] = !kept(in, pending[i].id);
		ndrop += drop[i];
		nkept += !drop[i];
	}
	if (ndrop > 0) {
		if ((rc = db_begin(db)) != ERR_OK)
			return rc;
		for (size_t i = 0; i < n && rc == ERR_OK; i++)
			if (drop[i])
				rc = db_message_file_delete(db, pending[i].id);
		if ((rc = finish(db, rc)) != ERR_OK)
			return rc;
		for (size_t i = 0; i < n; i++)
			if (drop[i])
				files_remove(data_dir, pending[i].stored_name);
	}
	if (in->nfiles == 0)
		return ERR_OK;
	if (nkept + in->nfiles > APP_MSG_FILES_MAX) {
		app_problem(ps, "files", nkept > 0 ?
		    arena_printf(a, "Attach up to %d files. %zu already attached", APP_MSG_FILES_MAX,
		    nkept) : arena_printf(a, "Attach up to %d files", APP_MSG_FILES_MAX));
		return ERR_OK;
	}
	for (size_t i = 0; i < in->nfiles; i++) {
		rc = store_upload(db, a, me, st, &in->files[i], data_dir, ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	}
	return ERR_OK;
}

/* ---- composing and sending ---- */

static bool
blank(const char *s)
{
	for (; s != NULL && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return false;
	return true;
}

static void
check_text(struct arena *a, struct app_problems *ps, const char *field, const char *what,
    const char *s, size_t max)
{
	if (blank(s))
		app_problem(ps, field, arena_printf(a, "Enter %s", what));
	else if (str_utf8_len(s) > max)
		app_problem(ps, field, arena_printf(a, "%c%s must be %zu characters or fewer",
		    what[0] == 'a' ? 'A' : what[0] - 32, what + 1, max));
}

/* A subject is one line: it goes into email Subject headers, so CR, LF
 * and every other control character are refused here whatever the
 * caller checked (MSG-2). */
static bool
one_line(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static enum err
send_tx(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_msg_compose *in, const struct db_audience *q,
    struct app_msg_composed *out, const char *ip)
{
	struct db_scheme scheme;
	enum err rc = db_scheme_get(db, a, in->au.scheme_id, &scheme);
	if (rc != ERR_OK)
		return rc;
	/* the people again, under the write lock: exactly the rows inserted */
	if ((rc = db_message_audience(db, a, q, &out->people, &out->npeople)) != ERR_OK)
		return rc;
	if (out->npeople == 0)
		return ERR_CONFLICT;
	struct db_message m = {.scheme_id = in->au.scheme_id, .sender_id = me->user_id,
		.subject = in->subject, .body = in->body, .audience = out->audience_words,
		.sent_at = clock_now()};
	int64_t n = 0;
	if ((rc = db_message_add(db, &m, &out->id)) != ERR_OK ||
	    (rc = db_message_recipients_add(db, out->id, q, &n)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < out->nfiles && rc == ERR_OK; i++)
		rc = db_message_file_claim(db, out->files[i].id, me->user_id, out->id);
	if (rc != ERR_OK)
		return rc == ERR_NOT_FOUND ? ERR_CONFLICT : rc;
	const char *path = arena_printf(a, "/messages/%lld", (long long)out->id);
	const char *subject = arena_printf(a, "New message from %s: %s", scheme.name,
	    in->subject);
	const char *text = arena_printf(a,
	    "%s has sent you a message in Tandem about %s:\n\n\"%s\"\n\n"
	    "Sign in to Tandem to read it%s. You can reply to it there.\n\n"
	    "For your privacy and security, messages and any documents that come "
	    "with them are only available in Tandem; they are never sent by email.",
	    me->display_name, scheme.name, in->subject,
	    out->nfiles > 0 ? " and open its attachments" : "");
	for (size_t i = 0; i < out->npeople && rc == ERR_OK; i++)
		rc = app_notice_tx(db, &(struct app_notice){.user_id = out->people[i].user_id,
		    .to = out->people[i].email, .kind = "message.new",
		    .scheme_id = in->au.scheme_id, .subject = subject, .text = text,
		    .path = path});
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, in->au.scheme_id, "message.send",
		    arena_printf(a, "message:%lld", (long long)out->id),
		    arena_printf(a, "%lld recipients (%s), %zu attachments", (long long)n,
		    out->audience_words, out->nfiles), ip ? ip : "");
	return rc;
}

enum err
app_message_compose(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_msg_compose *in, bool send, const char *data_dir, const char *ip,
    struct app_problems *ps, struct app_msg_composed *out)
{
	*out = (struct app_msg_composed){.audience_words = ""};
	enum err rc = may_send(me, in->au.scheme_id);
	if (rc != ERR_OK)
		return rc;
	struct db_scheme_settings st;
	if ((rc = db_scheme_settings_get(db, a, in->au.scheme_id, &st)) != ERR_OK)
		return rc;
	size_t before = ps->n;
	if ((rc = update_pending(db, a, me, in, &st, data_dir, ps)) != ERR_OK)
		return rc;
	if ((rc = db_message_files_pending(db, a, me->user_id, &out->files,
	    &out->nfiles)) != ERR_OK)
		return rc;
	struct app_msg_audience au;
	bool cohort_ok;
	if ((rc = with_cohort(db, a, &in->au, &au, ps, &cohort_ok)) != ERR_OK)
		return rc;
	out->audience_words = app_message_audience_words(a, &au);
	struct db_audience q;
	bool ok = audience_ok(&au, ps) && cohort_ok;
	if ((rc = to_db(db, a, &au, &q)) != ERR_OK)
		return rc;
	if (ok && (rc = db_message_audience(db, a, &q, &out->people, &out->npeople)) != ERR_OK)
		return rc;
	out->has_audience = ok;
	if (send) {
		if (!one_line(in->subject))
			app_problem(ps, "subject", "Enter a subject on one line, without "
			    "line breaks or tabs");
		else
			check_text(a, ps, "subject", "a subject", in->subject,
			    APP_MSG_SUBJECT_MAX);
		check_text(a, ps, "body", "the message", in->body, APP_MSG_BODY_MAX);
		if (ok && out->npeople == 0)
			app_problem(ps, "audience", "No one is in the group you chose. Choose "
			    "another group or people by name");
	}
	if (ps->n > before)
		return ERR_BAD_INPUT;
	if (!send)
		return ERR_OK;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = finish(db, send_tx(db, a, me, in, &q, out, ip));
	if (rc == ERR_CONFLICT) {
		/* the group emptied, or a file went, between preview and send */
		app_problem(ps, "audience", "Who is in the group changed while you were "
		    "sending. Check the recipients and send again");
		rc = ERR_BAD_INPUT;
	}
	if (rc == ERR_OK)
		log_info("messages: message %lld sent by user %lld to %zu people",
		    (long long)out->id, (long long)me->user_id, out->npeople);
	return rc;
}

enum err
app_message_form(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_msg_form *out)
{
	*out = (struct app_msg_form){0};
	if (me == NULL || !app_is_any_admin(me))
		return ERR_FORBIDDEN;
	enum err rc = app_sc_managed(db, a, me, &out->schemes, &out->nschemes);
	if (rc != ERR_OK)
		return rc;
	if (out->nschemes == 0)
		return ERR_FORBIDDEN;
	out->scheme_id = out->schemes[0].id;
	if (scheme_id > 0) {
		bool found = false;
		for (size_t i = 0; i < out->nschemes; i++)
			found |= out->schemes[i].id == scheme_id;
		if (!found)
			return ERR_NOT_FOUND;
		out->scheme_id = scheme_id;
	}
	struct app_msg_audience all = {.scheme_id = out->scheme_id, .kind = "groups",
		.role = "all", .status = "any"};
	struct db_audience q;
	if ((rc = to_db(db, a, &all, &q)) != ERR_OK ||
	    (rc = db_message_audience(db, a, &q, &out->people, &out->npeople)) != ERR_OK)
		return rc;
	return db_message_files_pending(db, a, me->user_id, &out->pending, &out->npending);
}

/* ---- administrators ---- */

enum err
app_messages_sent(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_message **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (me == NULL || !app_is_any_admin(me))
		return ERR_FORBIDDEN;
	return db_messages_admin(db, a, me->user_id, me->is_site_admin, APP_MSG_LIST_MAX, out,
	    n);
}

enum err
app_message_admin_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_msg_admin_view *out)
{
	*out = (struct app_msg_admin_view){0};
	if (me == NULL || !app_is_any_admin(me))
		return ERR_FORBIDDEN;
	enum err rc = db_message_get(db, a, id, &out->m);
	if (rc != ERR_OK)
		return rc;
	if (!app_is_scheme_admin(me, out->m.scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = db_message_recipients(db, a, id, &out->recipients,
	    &out->nrecipients)) != ERR_OK ||
	    (rc = db_message_files(db, a, id, &out->files, &out->nfiles)) != ERR_OK ||
	    (rc = db_message_replies(db, a, id, 0, &out->replies, &out->nreplies)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < out->nrecipients; i++) {
		out->nread += out->recipients[i].read_at > 0;
		out->nreplied += out->recipients[i].nreplies > 0;
	}
	return ERR_OK;
}

/* ---- recipients ---- */

enum err
app_messages_inbox(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_message **out, size_t *n)
{
	return db_messages_inbox(db, a, me->user_id, APP_MSG_LIST_MAX, out, n);
}

enum err
app_message_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_msg_view *out)
{
	*out = (struct app_msg_view){0};
	enum err rc = db_message_received(db, a, me->user_id, id, &out->m);
	if (rc != ERR_OK)
		return rc;
	if (out->m.read_at == 0) {
		int64_t now = clock_now();
		if ((rc = db_begin(db)) != ERR_OK)
			return rc;
		rc = finish(db, db_message_mark_read(db, id, me->user_id, now, &out->was_unread));
		if (rc == ERR_OK)
			out->m.read_at = now;
		else if (rc == ERR_STORAGE)
			out->was_unread = false;  /* shown anyway: marked read when
			                             storage is back (an incident) */
		else
			return rc;
	}
	if ((rc = db_message_files(db, a, id, &out->files, &out->nfiles)) != ERR_OK)
		return rc;
	return db_message_replies(db, a, id, me->user_id, &out->replies, &out->nreplies);
}

enum err
app_message_reply(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *text, const char *ip, struct app_problems *ps, int64_t *reply_id)
{
	struct db_message m;
	enum err rc = db_message_received(db, a, me->user_id, id, &m);
	if (rc != ERR_OK)
		return rc;
	size_t before = ps->n;
	check_text(a, ps, "text", "your reply", text, APP_MSG_REPLY_MAX);
	if (ps->n > before)
		return ERR_BAD_INPUT;
	struct db_user sender = {0};
	bool tell = false;
	if (m.sender_id > 0 && (rc = db_user_get(db, a, m.sender_id, &sender)) == ERR_OK)
		tell = is(sender.status, "active");
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_message_reply_add(db, id, me->user_id, text, clock_now(), reply_id);
	if (rc == ERR_OK && tell)
		rc = app_notice_tx(db, &(struct app_notice){.user_id = sender.id,
		    .to = sender.email, .kind = "message.reply", .scheme_id = m.scheme_id,
		    .subject = arena_printf(a, "%s replied to your message: %s",
		    me->display_name, m.subject),
		    .text = arena_printf(a, "%s has replied to your message \"%s\" in %s.\n\n"
		    "Sign in to Tandem to read the reply; replies are not sent by email.",
		    me->display_name, m.subject, m.scheme_name),
		    .path = arena_printf(a, "/admin/messages/%lld", (long long)id)});
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, m.scheme_id, "message.reply",
		    arena_printf(a, "message:%lld", (long long)id),
		    arena_printf(a, "reply %lld", (long long)*reply_id), ip ? ip : "");
	return finish(db, rc);
}

/* ---- attachments ---- */

enum err
app_message_file_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t message_id, int64_t file_id, const char *data_dir,
    struct db_message_file *out, const char **path)
{
	enum err rc = db_message_file_get(db, a, file_id, out);
	if (rc != ERR_OK)
		return rc;
	if (out->message_id != message_id || message_id <= 0)
		return ERR_NOT_FOUND;
	struct db_message m;
	rc = db_message_received(db, a, me->user_id, message_id, &m);
	if (rc == ERR_NOT_FOUND) {
		if ((rc = db_message_get(db, a, message_id, &m)) != ERR_OK)
			return rc;
		if (!app_is_scheme_admin(me, m.scheme_id))
			return ERR_NOT_FOUND;
	} else if (rc != ERR_OK) {
		return rc;
	}
	*path = files_path(a, data_dir, out->stored_name);
	if (*path == NULL) {
		log_error("messages: file %lld has a malformed stored name", (long long)file_id);
		return ERR_INTERNAL;
	}
	return ERR_OK;
}

/* ---- the demo ---- */

/* One welcome message from gareth.evans to everyone in the scheme, sent
 * two days ago, unread by all (tom.hughes sees the badge); no emails. */
enum err
app_demo_messages_tx(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new(0);
	struct db_user gareth;
	enum err rc = db_user_by_username(db, a, "gareth.evans", &gareth);
	struct app_msg_audience au = {.scheme_id = scheme_id, .kind = "groups", .role = "all",
		.status = "any"};
	struct db_audience q;
	int64_t id = 0, n = 0;
	if (rc == ERR_OK)
		rc = to_db(db, a, &au, &q);
	if (rc == ERR_OK)
		rc = db_message_add(db, &(struct db_message){.scheme_id = scheme_id,
		    .sender_id = gareth.id, .subject = "Welcome to Aspire Mentoring",
		    .body = "Welcome to the Aspire mentoring scheme, and thank you for taking "
		    "part.\n\nPlease complete your profile so that mentors and mentees can find "
		    "you. The user guide (Help in the menu) explains how requests, sessions "
		    "and notes work.\n\nIf you have any questions, reply to this message and "
		    "the scheme team will get back to you.\n\nGareth Evans\nScheme administrator",
		    .audience = app_message_audience_words(a, &au),
		    .sent_at = clock_now() - 2 * 86400}, &id);
	if (rc == ERR_OK)
		rc = db_message_recipients_add(db, id, &q, &n);
	arena_free(a);
	return rc;
}
