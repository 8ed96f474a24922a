/*
 * diary.h - storage of the learning diary (NOTE-4) and of guides, their
 * pages and each person's progress through them (NOTE-6).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a row is app's decision
 * (app/diary.c); the diary writes also carry the author, so a write by
 * anyone else changes nothing (ERR_NOT_FOUND).
 */
#ifndef TANDEM_DB_DIARY_H
#define TANDEM_DB_DIARY_H

#include "db/db.h"

/* ---- diary entries ---- */

struct db_diary_entry {
	int64_t id;
	int64_t author_id;
	const char *title;
	const char *entry_date;          /* YYYY-MM-DD */
	const char *body;
	int64_t relationship_id;         /* 0: none (each link) */
	int64_t session_id;
	int64_t guide_page_id;
	int64_t stage_id;
	bool is_shared;
	int64_t shared_at, created_at, updated_at;
	/* joined */
	const char *author_name;
	int64_t mentor_id, mentee_id;    /* the linked relationship's; 0 none */
	const char *rel_status;          /* active, completed, ended_early; "" */
	const char *mentor_name, *mentee_name;
	int64_t scheme_id;               /* the relationship's; 0 */
	int64_t session_starts_at;       /* 0: no session */
	const char *time_zone;           /* the relationship's scheme's, "" */
	const char *page_title, *guide_title;
	int64_t guide_id, page_position; /* page n of guide_id */
	const char *stage_name;
};

struct db_diary_in {
	int64_t author_id;
	const char *title, *entry_date, *body;
	int64_t relationship_id, session_id, guide_page_id, stage_id; /* 0: none */
};

enum err db_diary_get(struct db *db, struct arena *a, int64_t id,
    struct db_diary_entry *out);
/* The author's entries, newest entry date first, at most `limit`. */
enum err db_diary_of_author(struct db *db, struct arena *a, int64_t author_id,
    int64_t limit, struct db_diary_entry **out, size_t *n);
/* The author's entries dated in [from, to] (YYYY-MM-DD), at most limit. */
enum err db_diary_of_author_between(struct db *db, struct arena *a, int64_t author_id,
    const char *from, const char *to, int64_t limit, struct db_diary_entry **out,
    size_t *n);
/* Entries the other party of one of user_id's relationships shared. */
enum err db_diary_shared_with(struct db *db, struct arena *a, int64_t user_id,
    int64_t limit, struct db_diary_entry **out, size_t *n);
enum err db_diary_add(struct db *db, const struct db_diary_in *in, int64_t now,
    int64_t *id);
/* Every field of in, on entry id if in->author_id wrote it (else
 * ERR_NOT_FOUND); a changed relationship link ends the sharing. */
enum err db_diary_update(struct db *db, int64_t id, const struct db_diary_in *in,
    int64_t now);
enum err db_diary_set_shared(struct db *db, int64_t id, int64_t author_id, bool shared,
    int64_t now);
enum err db_diary_delete(struct db *db, int64_t id, int64_t author_id);

/* A journey stage as the diary links it. */
struct db_diary_stage {
	int64_t id, scheme_id;
	const char *name, *scheme_name;
};
/* The stages of the schemes where user_id is a mentor or mentee. */
enum err db_diary_stages_for(struct db *db, struct arena *a, int64_t user_id,
    struct db_diary_stage **out, size_t *n);
enum err db_diary_stage_get(struct db *db, struct arena *a, int64_t id,
    struct db_diary_stage *out);

/* ---- guides ---- */

struct db_guide {
	int64_t id, scheme_id;
	const char *scheme_name;
	const char *title, *summary;
	const char *audience;            /* all, mentors, mentees */
	int64_t position;
	bool is_published, is_before_matching;
	int64_t created_at, updated_at;
	int64_t npages;
	/* the progress of the person asked about (0 each for nobody) */
	int64_t nread;
	int64_t completed_at;            /* first time every page was read */
	int64_t last_page_id, last_page_n;
};

struct db_guide_in {
	const char *title, *summary, *audience;
	bool is_published, is_before_matching;
};

/* Published guides of active schemes meant for user_id's roles there,
 * by scheme and position, with user_id's progress. */
enum err db_guides_for_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_guide **out, size_t *n);
/* Every guide of a scheme, in order (progress of user_id, 0 none). */
enum err db_guides_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t user_id, struct db_guide **out, size_t *n);
enum err db_guide_get(struct db *db, struct arena *a, int64_t id, int64_t user_id,
    struct db_guide *out);
/* Whether user_id may read guide id as a mentor or mentee (published,
 * active scheme, audience). */
enum err db_guide_readable(struct db *db, int64_t id, int64_t user_id, bool *readable);
/* Added last in its scheme. */
enum err db_guide_add(struct db *db, int64_t scheme_id, const struct db_guide_in *in,
    int64_t now, int64_t *id);
enum err db_guide_update(struct db *db, int64_t id, const struct db_guide_in *in,
    int64_t now);
enum err db_guide_set_published(struct db *db, int64_t id, bool published, int64_t now);
/* Delete and close the gap in the scheme's positions. */
enum err db_guide_delete(struct db *db, const struct db_guide *g);
/* Swap g with the guide at position `to` of its scheme. */
enum err db_guide_swap(struct db *db, const struct db_guide *g, int64_t to);

struct db_guide_page {
	int64_t id, guide_id;
	int64_t position;                /* 1, 2, 3 … within the guide */
	const char *title, *body, *prompt;
	int64_t created_at, updated_at;
	bool is_read;                    /* by the person asked about */
	const char *guide_title;         /* db_guide_pages_for_user only */
};

struct db_guide_page_in {
	const char *title, *body, *prompt;
};

enum err db_guide_pages(struct db *db, struct arena *a, int64_t guide_id, int64_t user_id,
    struct db_guide_page **out, size_t *n);
enum err db_guide_page_get(struct db *db, struct arena *a, int64_t id, int64_t user_id,
    struct db_guide_page *out);
/* Page n (its position) of a guide. */
enum err db_guide_page_at(struct db *db, struct arena *a, int64_t guide_id, int64_t n,
    int64_t user_id, struct db_guide_page *out);
enum err db_guide_page_add(struct db *db, int64_t guide_id, const struct db_guide_page_in *in,
    int64_t now, int64_t *id);
enum err db_guide_page_update(struct db *db, int64_t id, const struct db_guide_page_in *in,
    int64_t now);
enum err db_guide_page_delete(struct db *db, const struct db_guide_page *p);
enum err db_guide_page_swap(struct db *db, const struct db_guide_page *p, int64_t to);
/* Every page of every guide user_id may read (guide_title set). */
enum err db_guide_pages_for_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_guide_page **out, size_t *n);

/* user_id read page p: remembered, and the guide's last page and (the
 * first time every page is read) completion. */
enum err db_guide_mark_read(struct db *db, int64_t user_id, const struct db_guide_page *p,
    int64_t now);

#endif
