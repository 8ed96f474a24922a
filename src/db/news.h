/*
 * news.h - storage of a scheme's news items and resources (MSG-3).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a row, and which audiences a
 * reader may see, is decided in app/news.c, never here: the list
 * queries take the audiences to include besides "all".
 */
#ifndef TANDEM_DB_NEWS_H
#define TANDEM_DB_NEWS_H

#include "db/db.h"

struct db_news {
	int64_t id;
	int64_t scheme_id;
	const char *title;
	const char *body;              /* plain text paragraphs */
	const char *audience;          /* all, mentors, mentees */
	const char *published_on;      /* YYYY-MM-DD */
	const char *show_until;        /* YYYY-MM-DD or "" */
	int64_t created_by;            /* 0: the account is gone, or the demo */
	const char *author_name;       /* "" with created_by 0 */
	int64_t created_at;
	int64_t updated_at;
};

/* scheme_id, title, body, audience, published_on, show_until, created_by. */
enum err db_news_add(struct db *db, const struct db_news *n, int64_t now, int64_t *id);
/* title, body, audience and the dates from n (by n->id). */
enum err db_news_update(struct db *db, const struct db_news *n, int64_t now);
enum err db_news_delete(struct db *db, int64_t id);
enum err db_news_get(struct db *db, struct arena *a, int64_t id, struct db_news *out);
/* Every item of a scheme, newest published first. */
enum err db_news_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_news **out, size_t *n);
/* What a reader of audiences aud1/aud2 (and "all") sees on `today`:
 * published by today, not past its show_until, published on or after
 * `since` ("" for any); newest first, at most limit. */
enum err db_news_current(struct db *db, struct arena *a, int64_t scheme_id,
    const char *aud1, const char *aud2, const char *today, const char *since,
    int64_t limit, struct db_news **out, size_t *n);

struct db_resource {
	int64_t id;
	int64_t scheme_id;
	const char *title;
	const char *description;
	const char *category;
	const char *audience;          /* all, mentors, mentees */
	const char *kind;              /* file, link */
	const char *url;               /* link: http(s) address; file: "" */
	const char *filename;          /* file: the download name; link: "" */
	const char *stored_name;       /* file: files.h name; link: "" */
	const char *file_kind;         /* file: core/sniff.h short name */
	const char *mime;
	int64_t size;                  /* bytes; 0 for a link */
	int64_t created_by;
	const char *author_name;
	int64_t created_at;
	int64_t updated_at;
};

/* Every column but id, author_name and the times, from r. */
enum err db_resource_add(struct db *db, const struct db_resource *r, int64_t now,
    int64_t *id);
/* Everything but scheme_id and created_*, by r->id. */
enum err db_resource_update(struct db *db, const struct db_resource *r, int64_t now);
enum err db_resource_delete(struct db *db, int64_t id);
enum err db_resource_get(struct db *db, struct arena *a, int64_t id,
    struct db_resource *out);
/* A scheme's resources for audiences aud1/aud2 (and "all"), by category
 * then title (case-insensitive). */
enum err db_resources_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    const char *aud1, const char *aud2, struct db_resource **out, size_t *n);
/* Added at or after `since` (Unix time), newest first, at most limit. */
enum err db_resources_recent(struct db *db, struct arena *a, int64_t scheme_id,
    const char *aud1, const char *aud2, int64_t since, int64_t limit,
    struct db_resource **out, size_t *n);
/* The categories a scheme uses, alphabetical. */
enum err db_resource_categories(struct db *db, struct arena *a, int64_t scheme_id,
    const char ***out, size_t *n);

/* The data directory of this connection's database (the folder that
 * holds tandem.db, as `tandem serve --data` lays it out), from the
 * arena; ERR_NOT_FOUND for an in-memory or temporary database.  Used by
 * the demo, which is not told the data directory but must store its
 * resource files (files.h) beside the database. */
enum err db_data_dir(struct db *db, struct arena *a, const char **out);

#endif
