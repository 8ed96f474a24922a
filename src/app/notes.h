/*
 * notes.h - notes and documents on a mentoring relationship (NOTE-1 to
 * NOTE-3), the administrators' access rule (NOTE-2, ADM-8) and
 * read-only past relationships (REL-4, REL-5).
 *
 * Who sees what (one rule, app_content_access, used by every function):
 *   - the author: always, live or past;
 *   - the other party: while it is shared (unsharing hides it at once);
 *     a private one is ERR_NOT_FOUND, never a hint that it exists;
 *   - an administrator of the scheme (not a party): shared items only.
 *     Under the scheme's metadata rule (admin_sees_documents off, seed
 *     000) they see who, when and the file type in the lists, and
 *     opening is ERR_FORBIDDEN; under the open rule (seed 002) they may
 *     open them, and every opening writes an audit row ("content.view",
 *     "note:ID" / "document:ID") in its own transaction (ADM-7).
 *     Private items are ERR_NOT_FOUND to them in both rules;
 *   - anyone else: ERR_NOT_FOUND (the relationship guard's answer).
 *
 * Changing (add, edit, share, unshare, delete) asks
 * app_relationship_guard with LRLA_ADD_CONTENT inside the write's
 * transaction: only the two parties, only while the relationship is
 * live (ERR_CONFLICT with APP_REL_ENDED after it ended; ERR_FORBIDDEN
 * for an administrator); then only the author (ERR_FORBIDDEN for the
 * other party of a shared item).
 *
 * Emails: sharing something with the other party (on creation or
 * later) queues "content.shared" to them, naming who shared what kind
 * of thing and a link; never the text or the file name.  Unsharing
 * sends nothing.
 *
 * Documents are recognised by their bytes (core/sniff.h) against the
 * scheme's document_types, and must be at most document_max_kb.  The
 * file is stored (core/files.h) before the transaction and removed if it
 * fails; a deleted document's file is removed after the commit.
 * Lengths count characters (UTF-8), not bytes.
 */
#ifndef TANDEM_APP_NOTES_H
#define TANDEM_APP_NOTES_H

#include "app/account.h"
#include "app/relationship.h"
#include "db/notes.h"

#define APP_NOTE_MAX 10000           /* characters */
#define APP_DOC_NAME_MAX 120         /* characters of the kept file name */
#define APP_DOC_CEILING ((size_t)50 * 1024 * 1024)   /* the hard limit */
#define APP_DOC_KB_MIN 16
#define APP_DOC_KB_MAX 51200

/* What `me` may do with content on a relationship. */
enum app_content_access {
	APP_CONTENT_PARTY,       /* mentor or mentee: own and shared items */
	APP_CONTENT_META,        /* administrator, metadata rule */
	APP_CONTENT_OPEN,        /* administrator, open rule: shared items */
};

/* An uploaded file as app sees it (handlers copy from struct upload). */
struct app_doc_file {
	const char *path;            /* temporary file with the bytes */
	size_t len;
	const char *filename;        /* as the browser sent it */
};

/* ---- rules (pure) ---- */

/* The download name of an upload: files_clean_name, and when the
 * extension does not fit the detected kind, the kind's extension in its
 * place ("cv.pdf" that is a Word file: "cv.docx"); "document.EXT" when
 * nothing is left. */
const char *app_document_filename(struct arena *a, const char *uploaded,
    const char *kind);

/* "PDF, Word, Excel, PowerPoint, OpenDocument, text, PNG or JPEG" for
 * the scheme's comma-separated kinds (families once each, in the
 * order of core/sniff.h). */
const char *app_document_kinds_words(struct arena *a, const char *types);

/* "10 MB" for 10240, "500 KB" for 500. */
const char *app_document_size_words(struct arena *a, int64_t kb);

/* Whether kind ("pdf") is in the comma-separated list. */
bool app_document_kind_allowed(const char *types, const char *kind);

/* A document upload accepted under a scheme's document settings
 * (NOTE-1, NOTE-3): not empty, at most document_max_kb (and never over
 * APP_DOC_CEILING), of an allowed kind by its bytes (core/sniff.h), then
 * stored under a generated name in data_dir.  Problems on "file" with
 * ERR_BAD_INPUT; `what` names the upload in the refusal's log line
 * ("notes: upload to relationship 7").  The caller writes the row and
 * removes out->stored_name with files_remove if its transaction fails. */
struct app_doc_stored {
	char stored_name[48];          /* FILES_NAME_MAX */
	const char *filename;          /* the download name (app_document_filename) */
	const char *kind, *mime, *label;   /* core/sniff.h short name, type, words */
	int64_t size;
};
enum err app_document_accept(struct arena *a, const struct db_scheme_settings *st,
    const struct app_doc_file *f, const char *data_dir, const char *what,
    struct app_problems *ps, struct app_doc_stored *out);

/* A short plain excerpt of a note for lists: the first max characters,
 * line breaks as spaces, "…" when cut. */
const char *app_note_excerpt(struct arena *a, const char *body, size_t max);

/* ---- a relationship's content ---- */

struct app_rel_content {
	struct app_relationship rel;
	enum app_content_access access;
	struct db_scheme_settings settings;
	struct db_note *notes;       /* visible to me, newest first */
	size_t nnotes;
	struct db_document *docs;
	size_t ndocs;
	bool can_add;                /* a party, and the relationship is live */
};
/* The notes and documents me may see on relationship rel_id (ERR_NOT_FOUND
 * as the relationship guard). */
enum err app_rel_content(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, struct app_rel_content *out);

/* ---- notes ---- */

struct app_note_view {
	struct db_note n;
	struct app_relationship rel;
	bool is_mine;
	bool can_change;             /* mine and the relationship is live */
};
/* Open one note (the rule above; an administrator's opening is
 * audited). */
enum err app_note_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, struct app_note_view *out);

/* NOTE-1: add a note, 1..APP_NOTE_MAX characters (problem on "text"),
 * private or shared.  link_base: the start of the email's link. */
enum err app_note_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const char *text, bool shared, const char *link_base, const char *ip,
    struct app_problems *ps, int64_t *id);
/* Change the text (the author, live only); sharing unchanged. */
enum err app_note_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *text, const char *ip, struct app_problems *ps);
/* Share or unshare (the author, live only). *rel_id its relationship. */
enum err app_note_share(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool shared, const char *link_base, const char *ip, int64_t *rel_id);
/* Delete (the author, live only). *rel_id its relationship. */
enum err app_note_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, int64_t *rel_id);

/* ---- documents ---- */

/* NOTE-1, NOTE-3: upload to relationship rel_id.  Problems on "file":
 * "Select a file to upload" (f NULL), "The selected file is empty", "The
 * file must be smaller than 10 MB" (the scheme's limit), "The file must
 * be a PDF, Word ... file" (the scheme's kinds, by content). */
enum err app_document_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const struct app_doc_file *f, bool shared, const char *data_dir,
    const char *link_base, const char *ip, struct app_problems *ps, int64_t *id);

/* A document's row if me may see it in a list (not an opening: no
 * audit; administrators under either rule get shared ones). */
enum err app_document_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_document *out, enum app_content_access *access);

/* Open (download) a document: *path the stored file; the rule above,
 * an administrator's opening audited. */
enum err app_document_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char *ip, struct db_document *out,
    const char **path);

enum err app_document_share(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool shared, const char *link_base, const char *ip, int64_t *rel_id);
/* Delete the row, then (after the commit) the file. */
enum err app_document_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char *ip, int64_t *rel_id);

/* The Documents page (NOTE-3): every document me uploaded or that was
 * shared with me, across my relationships, and my live relationships
 * (for the upload form's choice). */
struct app_documents_page {
	struct db_document *docs;
	size_t ndocs;
	struct app_live_rel {
		int64_t id;
		const char *label;           /* "Tom Hughes (your mentee, Aspire)" */
		int64_t max_kb;
		const char *types;
	} *live;
	size_t nlive;
};
enum err app_documents_page(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_documents_page *out);

/* ---- the scheme's rule (NOTE-2, ADM-8) ---- */

struct app_content_settings_in {
	bool admin_sees_documents;
	int64_t max_mb;              /* 1..50 ("max_mb") */
	const char *const *types;    /* short names ("types"): at least one */
	size_t ntypes;
};
/* The scheme and its settings; ERR_NOT_FOUND unless me runs it. */
enum err app_content_settings_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct db_scheme_settings *out);
/* Save, audited ("scheme.content_settings") with before and after. */
enum err app_content_settings_put(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_content_settings_in *in, const char *ip,
    struct app_problems *ps);

#endif
