/*
 * notes.h - storage of notes and documents on a relationship (NOTE-1 to
 * NOTE-3; the tables are in sql/migrations/0006-notes.sql).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a row is decided in app/notes.c,
 * never here; the lists only apply "the viewer's own or shared".
 */
#ifndef TANDEM_DB_NOTES_H
#define TANDEM_DB_NOTES_H

#include "db/db.h"

struct db_note {
	int64_t id;
	int64_t relationship_id;
	int64_t author_id;
	const char *body;            /* plain text, line breaks kept */
	bool is_shared;
	int64_t shared_at;           /* 0 while private */
	int64_t created_at, updated_at;
	const char *author_name;
};

/* relationship_id, author_id, body, is_shared from n. */
enum err db_note_add(struct db *db, const struct db_note *n, int64_t now, int64_t *id);
enum err db_note_get(struct db *db, struct arena *a, int64_t id, struct db_note *out);
/* A relationship's notes that viewer_id wrote or that are shared, newest
 * first (viewer_id 0: the shared ones only). */
enum err db_notes_of_rel(struct db *db, struct arena *a, int64_t rel_id,
    int64_t viewer_id, struct db_note **out, size_t *n);
/* ERR_NOT_FOUND when the note is gone. */
enum err db_note_update(struct db *db, int64_t id, const char *body, int64_t now);
enum err db_note_share(struct db *db, int64_t id, bool shared, int64_t now);
enum err db_note_delete(struct db *db, int64_t id);

struct db_document {
	int64_t id;
	int64_t relationship_id;
	int64_t author_id;
	const char *filename;        /* sanitised, for the download */
	const char *stored_name;     /* generated (core/files.h) */
	const char *kind;            /* core/sniff.h short name */
	const char *mime;
	int64_t size;                /* bytes */
	bool is_shared;
	int64_t shared_at;           /* 0 while private */
	int64_t created_at, updated_at;
	const char *author_name;
	/* the relationship, for the Documents page */
	int64_t scheme_id;
	const char *scheme_name;
	int64_t mentor_id, mentee_id;
	const char *mentor_name, *mentee_name;
	const char *rel_status;      /* active, completed, ended_early */
};

/* relationship_id, author_id, filename, stored_name, kind, mime, size,
 * is_shared from d. */
enum err db_document_add(struct db *db, const struct db_document *d, int64_t now,
    int64_t *id);
enum err db_document_get(struct db *db, struct arena *a, int64_t id,
    struct db_document *out);
/* As db_notes_of_rel. */
enum err db_documents_of_rel(struct db *db, struct arena *a, int64_t rel_id,
    int64_t viewer_id, struct db_document **out, size_t *n);
/* The Documents page: what user_id uploaded, and what the other party
 * shared with them, across all their relationships, newest first. */
enum err db_documents_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_document **out, size_t *n);
enum err db_document_share(struct db *db, int64_t id, bool shared, int64_t now);
enum err db_document_delete(struct db *db, int64_t id);

#endif
