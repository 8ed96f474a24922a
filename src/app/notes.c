/*
 * notes.c - notes and documents on a relationship, the administrators'
 * access rule, and read-only past relationships (notes.h).
 *
 * Design: one function, `see`, says what `me` may do with one item
 * (party, administrator under either rule, or nothing) from the
 * relationship guard and the scheme's admin_sees_documents; every read
 * and write goes through it, so a list, an opening and a change never
 * disagree.  Writes run in BEGIN IMMEDIATE, ask the guard again with
 * LRLA_ADD_CONTENT (a relationship completed meanwhile refuses them),
 * then audit and queue the email in the same transaction.
 *
 * Traps: the order of refusals is part of the privacy rule: first
 * "may I know it exists" (404), then "is the relationship live" (409),
 * then "is it mine" (403).  An administrator's opening is audited in a
 * transaction of its own before the content is handed over; if the
 * audit row cannot be written, the content is not shown.  Logs carry
 * ids, never text or file names.
 */
#include "app/notes.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/log.h"
#include "core/sniff.h"
#include "core/strparse.h"

/* ---- pure rules ---- */

const char *
app_document_filename(struct arena *a, const char *uploaded, const char *kind)
{
	enum sniff_kind k = sniff_parse(kind);
	const char *ext = sniff_ext(k);
	const char *name = files_clean_name(a, uploaded, APP_DOC_NAME_MAX);
	if (name[0] == '\0')
		return arena_printf(a, "document.%s", ext);
	const char *dot = strrchr(name, '.');
	if (dot != NULL && sniff_ext_fits(k, dot + 1))
		return name;
	/* a short alphanumeric tail is an extension to replace */
	size_t stem = strlen(name);
	if (dot != NULL && dot != name) {
		size_t tail = strlen(dot + 1);
		bool alnum = tail > 0 && tail <= 5;
		for (const char *p = dot + 1; alnum && *p; p++)
			alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9');
		if (alnum)
			stem = (size_t)(dot - name);
	}
	/* room for ".docx" within the limit: cut the stem by characters */
	size_t max_stem = APP_DOC_NAME_MAX - strlen(ext) - 1, chars = 0;
	for (size_t i = 0; i < stem; i++) {
		if (((unsigned char)name[i] & 0xc0) != 0x80) {
			if (chars == max_stem) {
				stem = i;
				break;
			}
			chars++;
		}
	}
	while (stem > 0 && (name[stem - 1] == ' ' || name[stem - 1] == '.'))
		stem--;
	if (stem == 0)
		return arena_printf(a, "document.%s", ext);
	return arena_printf(a, "%.*s.%s", (int)stem, name, ext);
}

bool
app_document_kind_allowed(const char *types, const char *kind)
{
	size_t klen = strlen(kind);
	if (types == NULL || klen == 0)
		return false;
	for (const char *p = types; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len > 0 && *p == ' ')
			p++, len--;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len == klen && memcmp(p, kind, klen) == 0)
			return true;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return false;
}

const char *
app_document_kinds_words(struct arena *a, const char *types)
{
	const char *fam[SNIFF__MAX];
	size_t n = 0;
	for (int k = 1; k < SNIFF__MAX; k++) {
		if (!app_document_kind_allowed(types, sniff_name((enum sniff_kind)k)))
			continue;
		const char *f = sniff_family((enum sniff_kind)k);
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen = seen || strcmp(fam[i], f) == 0;
		if (!seen)
			fam[n++] = f;
	}
	if (n == 0)
		return "";
	const char *s = fam[0];
	for (size_t i = 1; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i + 1 == n ? " or " : ", ", fam[i]);
	return s;
}

const char *
app_document_size_words(struct arena *a, int64_t kb)
{
	if (kb >= 1024 && kb % 1024 == 0)
		return arena_printf(a, "%lld MB", (long long)(kb / 1024));
	return arena_printf(a, "%lld KB", (long long)kb);
}

const char *
app_note_excerpt(struct arena *a, const char *body, size_t max)
{
	size_t len = strlen(body), chars = 0, i = 0;
	char *out = arena_alloc(a, len + 4);
	size_t n = 0;
	bool space = false;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)body[i];
		bool starts = (c & 0xc0) != 0x80;
		if (starts && chars == max)
			break;
		if (c == '\n' || c == '\r' || c == '\t') {
			if (!space && n > 0)
				out[n++] = ' ';
			space = true;
			if (starts)
				chars++;
			continue;
		}
		space = c == ' ';
		out[n++] = (char)c;
		if (starts)
			chars++;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	if (i < len) {
		memcpy(out + n, "\xe2\x80\xa6", 3);   /* … */
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* ---- who may see an item ---- */

static const char *
item_subject(struct arena *a, const char *what, int64_t id)
{
	return arena_printf(a, "%s:%lld", what, (long long)id);
}

/* What me may do with an item of `author` (shared or not) on relationship
 * rel_id: ERR_NOT_FOUND when me may not know it exists; else the access
 * (rel and settings filled). */
static enum err
see(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t author, bool is_shared, struct app_relationship *rel,
    struct db_scheme_settings *settings, enum app_content_access *access)
{
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_VIEW, rel);
	if (rc != ERR_OK)
		return ERR_NOT_FOUND;
	if (rel->actor == LC_MENTOR || rel->actor == LC_MENTEE) {
		*access = APP_CONTENT_PARTY;
		if (author != me->user_id && !is_shared)
			return ERR_NOT_FOUND;
	} else if (rel->actor == LC_ADMIN) {
		if (!is_shared)
			return ERR_NOT_FOUND;     /* private: never to administrators */
		if ((rc = db_scheme_settings_get(db, a, rel->r.scheme_id, settings)) != ERR_OK)
			return rc;
		*access = settings->admin_sees_documents ? APP_CONTENT_OPEN : APP_CONTENT_META;
		return ERR_OK;
	} else {
		return ERR_NOT_FOUND;
	}
	return db_scheme_settings_get(db, a, rel->r.scheme_id, settings);
}

/* An administrator opens content: the audit row first, in its own
 * transaction (ADM-7, ADM-8). */
static enum err
audit_view(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    const char *what, int64_t id, int64_t rel_id, const char *ip)
{
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = app_audit_tx(db, me->user_id, scheme_id, "content.view", item_subject(a, what, id),
	    arena_printf(a, "relationship:%lld", (long long)rel_id), ip ? ip : "");
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* The write guard, inside the transaction: visible (404), live and a
 * party (409 / 403), the author (403). */
static enum err
change_guard(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    int64_t author, bool is_shared, struct app_relationship *rel)
{
	struct db_scheme_settings st;
	enum app_content_access access;
	enum err rc = see(db, a, me, rel_id, author, is_shared, rel, &st, &access);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, rel)) != ERR_OK)
		return rc;
	return author == me->user_id ? ERR_OK : ERR_FORBIDDEN;
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* The other party of a relationship, for the email. */
static int64_t
partner_of(const struct app_relationship *rel, const struct app_auth *me)
{
	return rel->r.mentor_id == me->user_id ? rel->r.mentee_id : rel->r.mentor_id;
}

/* content.shared to the other party: who shared what, and the link;
 * never the text or the file name (emails leave the system). */
static enum err
tell_shared(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_relationship *rel, const char *what, const char *path,
    const char *link_base)
{
	struct db_user u;
	int64_t other = partner_of(rel, me);
	enum err rc = db_user_get(db, a, other, &u);
	if (rc != ERR_OK)
		return rc == ERR_NOT_FOUND ? ERR_OK : rc;
	const char *subject = arena_printf(a, "%s shared %s with you", me->display_name, what);
	const char *text = arena_printf(a,
	    "Dear %s,\n\n"
	    "%s has shared %s with you on Tandem, in your mentoring relationship in %s.\n\n"
	    "You can see it here:\n%s%s\n\n"
	    "If they stop sharing it, it will no longer be available to you.\n",
	    u.given_name, me->display_name, what, rel->r.scheme_name,
	    link_base ? link_base : "", path);
	return app_notice_tx(db, &(struct app_notice){.user_id = other,
	    .to = u.email,
	    .kind = "content.shared",
	    .scheme_id = rel->r.scheme_id,
	    .subject = subject,
	    .text = text,
	    .path = path});
}

static bool
text_ok(const char *text, struct app_problems *ps)
{
	bool blank = true;
	for (const char *p = text ? text : ""; *p && blank; p++)
		blank = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
	if (blank) {
		app_problem(ps, "text", "Enter the note");
		return false;
	}
	if (str_utf8_len(text) > APP_NOTE_MAX) {
		app_problem(ps, "text", "The note must be 10,000 characters or fewer");
		return false;
	}
	return true;
}

/* ---- a relationship's content ---- */

enum err
app_rel_content(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    struct app_rel_content *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_VIEW, &out->rel);
	if (rc != ERR_OK)
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_settings_get(db, a, out->rel.r.scheme_id, &out->settings)) != ERR_OK)
		return rc;
	bool party = out->rel.actor == LC_MENTOR || out->rel.actor == LC_MENTEE;
	out->access = party ? APP_CONTENT_PARTY : out->settings.admin_sees_documents ?
	    APP_CONTENT_OPEN : APP_CONTENT_META;
	out->can_add = party && out->rel.status == LRL_ACTIVE;
	/* an administrator is never an author here: 0 gives shared rows only */
	int64_t viewer = party ? me->user_id : 0;
	if ((rc = db_notes_of_rel(db, a, rel_id, viewer, &out->notes, &out->nnotes)) != ERR_OK)
		return rc;
	return db_documents_of_rel(db, a, rel_id, viewer, &out->docs, &out->ndocs);
}

/* ---- notes ---- */

enum err
app_note_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip, struct app_note_view *out)
{
	struct db_scheme_settings st;
	enum app_content_access access;
	memset(out, 0, sizeof(*out));
	enum err rc = db_note_get(db, a, id, &out->n);
	if (rc != ERR_OK)
		return rc;
	rc = see(db, a, me, out->n.relationship_id, out->n.author_id, out->n.is_shared,
	    &out->rel, &st, &access);
	if (rc != ERR_OK)
		return rc;
	if (access == APP_CONTENT_META)
		return ERR_FORBIDDEN;
	if (access == APP_CONTENT_OPEN &&
	    (rc = audit_view(db, a, me, out->rel.r.scheme_id, "note", id,
	    out->n.relationship_id, ip)) != ERR_OK)
		return rc;
	out->is_mine = out->n.author_id == me->user_id;
	out->can_change = out->is_mine && out->rel.status == LRL_ACTIVE;
	return ERR_OK;
}

enum err
app_note_add(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    const char *text, bool shared, const char *link_base, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	struct app_relationship rel;
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, &rel);
	if (rc != ERR_OK)
		return rc;
	if (!text_ok(text, ps))
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, &rel)) != ERR_OK)
		return finish(db, rc);
	struct db_note n = {.relationship_id = rel_id, .author_id = me->user_id, .body = text,
		.is_shared = shared};
	rc = db_note_add(db, &n, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "note.add",
		    item_subject(a, "note", *id), shared ? "shared" : "private", ip ? ip : "");
	if (rc == ERR_OK && shared)
		rc = tell_shared(db, a, me, &rel, "a note",
		    arena_printf(a, "/notes/%lld", (long long)*id), link_base);
	return finish(db, rc);
}

/* Load a note and run the write guard, inside the transaction. */
static enum err
note_for_change(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_note *n, struct app_relationship *rel)
{
	enum err rc = db_note_get(db, a, id, n);
	if (rc != ERR_OK)
		return rc;
	return change_guard(db, a, me, n->relationship_id, n->author_id, n->is_shared, rel);
}

enum err
app_note_edit(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *text, const char *ip, struct app_problems *ps)
{
	struct db_note n;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = note_for_change(db, a, me, id, &n, &rel)) != ERR_OK)
		return finish(db, rc);
	if (!text_ok(text, ps))
		return finish(db, ERR_BAD_INPUT);
	rc = db_note_update(db, id, text, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "note.edit",
		    item_subject(a, "note", id), "", ip ? ip : "");
	return finish(db, rc);
}

enum err
app_note_share(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    bool shared, const char *link_base, const char *ip, int64_t *rel_id)
{
	struct db_note n;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = note_for_change(db, a, me, id, &n, &rel)) != ERR_OK)
		return finish(db, rc);
	*rel_id = n.relationship_id;
	if (n.is_shared == shared)
		return finish(db, ERR_OK);    /* nothing changes, nobody is told twice */
	rc = db_note_share(db, id, shared, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id,
		    shared ? "note.share" : "note.unshare", item_subject(a, "note", id), "",
		    ip ? ip : "");
	if (rc == ERR_OK && shared)
		rc = tell_shared(db, a, me, &rel, "a note",
		    arena_printf(a, "/notes/%lld", (long long)id), link_base);
	return finish(db, rc);
}

enum err
app_note_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip, int64_t *rel_id)
{
	struct db_note n;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = note_for_change(db, a, me, id, &n, &rel)) != ERR_OK)
		return finish(db, rc);
	*rel_id = n.relationship_id;
	rc = db_note_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "note.delete",
		    item_subject(a, "note", id), "", ip ? ip : "");
	return finish(db, rc);
}

/* ---- documents ---- */

enum err
app_document_accept(struct arena *a, const struct db_scheme_settings *st,
    const struct app_doc_file *f, const char *data_dir, const char *what,
    struct app_problems *ps, struct app_doc_stored *out)
{
	memset(out, 0, sizeof(*out));
	if (f == NULL || f->path == NULL) {
		app_problem(ps, "file", "Select a file to upload");
		return ERR_BAD_INPUT;
	}
	if (f->len == 0) {
		app_problem(ps, "file", "The selected file is empty");
		return ERR_BAD_INPUT;
	}
	size_t max = (size_t)st->document_max_kb * 1024;
	if (max > APP_DOC_CEILING)
		max = APP_DOC_CEILING;
	const char *too_big = arena_printf(a, "The file must be smaller than %s",
	    app_document_size_words(a, st->document_max_kb));
	if (f->len > max) {
		app_problem(ps, "file", too_big);
		return ERR_BAD_INPUT;
	}
	unsigned char *data;
	size_t len;
	enum err rc = files_read(a, f->path, max, &data, &len);
	if (rc == ERR_TOO_LARGE) {
		app_problem(ps, "file", too_big);
		return ERR_BAD_INPUT;
	}
	if (rc != ERR_OK)
		return rc;
	enum sniff_kind k = sniff_bytes(data, len);
	if (k == SNIFF_NONE || !app_document_kind_allowed(st->document_types, sniff_name(k))) {
		app_problem(ps, "file", arena_printf(a, "The file must be a %s file",
		    app_document_kinds_words(a, st->document_types)));
		log_info("%s refused: kind %s", what, k == SNIFF_NONE ? "unknown" : sniff_name(k));
		return ERR_BAD_INPUT;
	}
	_Static_assert(sizeof(out->stored_name) >= FILES_NAME_MAX, "stored_name fits a name");
	if ((rc = files_store(data_dir, data, len, sniff_ext(k), out->stored_name)) != ERR_OK)
		return rc;
	out->filename = app_document_filename(a, f->filename, sniff_name(k));
	out->kind = sniff_name(k);
	out->mime = sniff_mime(k);
	out->label = sniff_label(k);
	out->size = (int64_t)len;
	return ERR_OK;
}

enum err
app_document_add(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    const struct app_doc_file *f, bool shared, const char *data_dir, const char *link_base,
    const char *ip, struct app_problems *ps, int64_t *id)
{
	struct app_relationship rel;
	struct db_scheme_settings st;
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, &rel);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &st)) != ERR_OK)
		return rc;
	struct app_doc_stored up;
	if ((rc = app_document_accept(a, &st, f, data_dir, arena_printf(a,
	    "notes: upload to relationship %lld", (long long)rel_id), ps, &up)) != ERR_OK)
		return rc;
	const char *name = up.stored_name;
	struct db_document d = {.relationship_id = rel_id, .author_id = me->user_id,
		.filename = up.filename, .stored_name = name, .kind = up.kind, .mime = up.mime,
		.size = up.size, .is_shared = shared};
	if ((rc = db_begin(db)) != ERR_OK)
		goto fail;
	rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, &rel);
	if (rc == ERR_OK)
		rc = db_document_add(db, &d, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "document.add",
		    item_subject(a, "document", *id), arena_printf(a, "%s, %lld bytes, %s",
		    d.kind, (long long)d.size, shared ? "shared" : "private"), ip ? ip : "");
	if (rc == ERR_OK && shared)
		rc = tell_shared(db, a, me, &rel, arena_printf(a, "a document (%s)",
		    up.label), "/documents", link_base);
	if ((rc = finish(db, rc)) != ERR_OK)
		goto fail;
	return ERR_OK;
fail:
	files_remove(data_dir, name);
	return rc;
}

enum err
app_document_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_document *out, enum app_content_access *access)
{
	struct app_relationship rel;
	struct db_scheme_settings st;
	enum err rc = db_document_get(db, a, id, out);
	if (rc != ERR_OK)
		return rc;
	return see(db, a, me, out->relationship_id, out->author_id, out->is_shared, &rel, &st,
	    access);
}

enum err
app_document_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *data_dir, const char *ip, struct db_document *out, const char **path)
{
	enum app_content_access access;
	enum err rc = app_document_get(db, a, me, id, out, &access);
	if (rc != ERR_OK)
		return rc;
	if (access == APP_CONTENT_META)
		return ERR_FORBIDDEN;
	*path = files_path(a, data_dir, out->stored_name);
	if (*path == NULL) {
		log_error("notes: document %lld has a malformed stored name", (long long)id);
		return ERR_INTERNAL;
	}
	if (access == APP_CONTENT_OPEN)
		rc = audit_view(db, a, me, out->scheme_id, "document", id, out->relationship_id,
		    ip);
	return rc;
}

static enum err
doc_for_change(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_document *d, struct app_relationship *rel)
{
	enum err rc = db_document_get(db, a, id, d);
	if (rc != ERR_OK)
		return rc;
	return change_guard(db, a, me, d->relationship_id, d->author_id, d->is_shared, rel);
}

enum err
app_document_share(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    bool shared, const char *link_base, const char *ip, int64_t *rel_id)
{
	struct db_document d;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = doc_for_change(db, a, me, id, &d, &rel)) != ERR_OK)
		return finish(db, rc);
	*rel_id = d.relationship_id;
	if (d.is_shared == shared)
		return finish(db, ERR_OK);
	rc = db_document_share(db, id, shared, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id,
		    shared ? "document.share" : "document.unshare",
		    item_subject(a, "document", id), "", ip ? ip : "");
	if (rc == ERR_OK && shared)
		rc = tell_shared(db, a, me, &rel, arena_printf(a, "a document (%s)",
		    sniff_label(sniff_parse(d.kind))), "/documents", link_base);
	return finish(db, rc);
}

enum err
app_document_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *data_dir, const char *ip, int64_t *rel_id)
{
	struct db_document d;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = doc_for_change(db, a, me, id, &d, &rel)) != ERR_OK)
		return finish(db, rc);
	*rel_id = d.relationship_id;
	rc = db_document_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "document.delete",
		    item_subject(a, "document", id), d.kind, ip ? ip : "");
	if ((rc = finish(db, rc)) == ERR_OK)
		files_remove(data_dir, d.stored_name);   /* after the commit */
	return rc;
}

enum err
app_documents_page(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_documents_page *out)
{
	struct db_relationship *rels;
	size_t nrels;
	memset(out, 0, sizeof(*out));
	enum err rc = db_documents_of_user(db, a, me->user_id, &out->docs, &out->ndocs);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_rel_of_user(db, a, me->user_id, &rels, &nrels)) != ERR_OK)
		return rc;
	out->live = arena_alloc(a, (nrels + 1) * sizeof(*out->live));
	/* the settings of each scheme once (a person is in one or two) */
	struct db_scheme_settings *st = arena_alloc(a, (nrels + 1) * sizeof(*st));
	size_t nst = 0;
	for (size_t i = 0; i < nrels; i++) {
		const struct db_relationship *r = &rels[i];
		if (strcmp(r->status, "active") != 0)
			continue;
		size_t j = 0;
		while (j < nst && st[j].scheme_id != r->scheme_id)
			j++;
		if (j == nst) {
			if ((rc = db_scheme_settings_get(db, a, r->scheme_id, &st[nst])) != ERR_OK)
				return rc;
			nst++;
		}
		bool mentor = r->mentor_id == me->user_id;
		struct app_live_rel *l = &out->live[out->nlive++];
		l->id = r->id;
		l->label = arena_printf(a, "%s (your %s, %s)",
		    mentor ? r->mentee_name : r->mentor_name, mentor ? "mentee" : "mentor",
		    r->scheme_name);
		l->max_kb = st[j].document_max_kb;
		l->types = st[j].document_types;
	}
	return ERR_OK;
}

/* ---- the scheme's rule ---- */

enum err
app_content_settings_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct db_scheme_settings *out)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, scheme);
	if (rc != ERR_OK)
		return rc;
	return db_scheme_settings_get(db, a, scheme_id, out);
}

static const char *
content_text(struct arena *a, const struct db_scheme_settings *st)
{
	return arena_printf(a, "administrators %s, largest file %lld KB, kinds %s",
	    st->admin_sees_documents ? "open shared content" : "see metadata only",
	    (long long)st->document_max_kb, st->document_types);
}

enum err
app_content_settings_put(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_content_settings_in *in, const char *ip,
    struct app_problems *ps)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if (in->max_mb < 1 || in->max_mb > APP_DOC_KB_MAX / 1024)
		app_problem(ps, "max_mb", "Largest file must be a whole number of MB from 1 to 50");
	const char *types = "";
	for (int k = 1; k < SNIFF__MAX; k++) {
		const char *name = sniff_name((enum sniff_kind)k);
		bool on = false;
		for (size_t i = 0; i < in->ntypes; i++)
			on = on || strcmp(in->types[i], name) == 0;
		if (on)
			types = *types ? arena_printf(a, "%s,%s", types, name) : name;
	}
	for (size_t i = 0; i < in->ntypes; i++)
		if (sniff_parse(in->types[i]) == SNIFF_NONE) {
			app_problem(ps, "types", "Select kinds of file from the list");
			break;
		}
	if (*types == '\0')
		app_problem(ps, "types", "Select at least one kind of file people may upload");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	struct db_scheme_settings st;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK)
		return finish(db, rc);
	const char *before = content_text(a, &st);
	st.admin_sees_documents = in->admin_sees_documents;
	st.document_max_kb = in->max_mb * 1024;
	st.document_types = types;
	const char *after = content_text(a, &st);
	rc = db_scheme_settings_put(db, &st);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.content_settings",
		    arena_printf(a, "scheme:%lld", (long long)scheme_id),
		    arena_printf(a, "before: %s; after: %s", before, after), ip ? ip : "");
	return finish(db, rc);
}
