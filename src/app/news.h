/*
 * news.h - news items and resources of a scheme (MSG-3; seeds 000
 * "Mentoring resources" and 002 "Peer mentoring resources").
 *
 * Who may do what (one rule, used by every function):
 *   - publishing, changing and deleting: the scheme's administrators
 *     and site administrators only (app_is_scheme_admin); anyone else
 *     gets ERR_NOT_FOUND, as the rest of the administration does.  Every
 *     change writes an audit row (news.add, news.edit, news.delete,
 *     resource.add, resource.edit, resource.delete).
 *   - reading: a participant reads as their ACTIVE view (the side menu's
 *     role in one scheme): a mentee sees audience "all" and "mentees",
 *     a mentor "all" and "mentors", of that scheme only.  Anything else
 *     (another audience, another scheme, a news item not yet published
 *     or past its "show until" date) is ERR_NOT_FOUND: its id does not
 *     tell that it exists.  The scheme's administrators read everything
 *     of their scheme.  Resources are the scheme's own material, not a
 *     pair's private content: administrators' opening is not audited.
 *
 * Dates: "today" is the scheme's time zone's date (core/tz.h).  A news
 * item's published_on is the date it shows; a future date holds it
 * back until that day; show_until ("" for none) is the last day it is
 * shown.  The home page shows up to APP_NEWS_HOME_MAX items published
 * in the last APP_NEWS_RECENT_DAYS days and the resources added in that
 * time (each one query, indexed).
 *
 * Resource files: recognised by their bytes (core/sniff.h) against the
 * scheme's document_types, at most document_max_kb (the same settings
 * and messages as the pair's documents, app/notes.h), stored under a
 * generated name (core/files.h) before the transaction and removed if
 * it fails; a replaced or deleted file is removed after the commit.
 * Links: http or https addresses only, with a host, no spaces.
 * Lengths count characters (UTF-8), not bytes.
 */
#ifndef TANDEM_APP_NEWS_H
#define TANDEM_APP_NEWS_H

#include "app/account.h"
#include "app/notes.h"
#include "db/news.h"

#define APP_NEWS_TITLE_MAX 150        /* characters */
#define APP_NEWS_BODY_MAX 10000
#define APP_RESOURCE_DESC_MAX 2000
#define APP_RESOURCE_CATEGORY_MAX 60
#define APP_RESOURCE_URL_MAX 2000
#define APP_NEWS_RECENT_DAYS 30
#define APP_NEWS_HOME_MAX 3
#define APP_RESOURCE_HOME_MAX 5
#define APP_RESOURCE_DEFAULT_CATEGORY "General"

/* ---- rules (pure) ---- */

/* "all", "mentors" or "mentees". */
bool app_news_audience_valid(const char *audience);
/* "Everyone", "Mentors only", "Mentees only" ("" for anything else). */
const char *app_news_audience_words(const char *audience);

/* Whether url is an address a resource may link to: "http://" or
 * "https://" (any case) and a host of letters, digits, dots, hyphens
 * (and an optional :port), at most APP_RESOURCE_URL_MAX characters, no
 * spaces or control characters, no user:password@.  NULL when it is
 * fine (and *host the host, lower case, without the port, from the
 * arena), otherwise the message for the field. */
const char *app_resource_url_problem(struct arena *a, const char *url,
    const char **host);

/* ---- reading (participants and administrators) ---- */

/* What me reads as: the active view's scheme and the audiences it may
 * see besides "all". */
struct app_news_reader {
	int64_t scheme_id;
	const char *scheme_name;
	const char *aud1, *aud2;      /* "mentees","mentees" / "mentors","mentors" /
	                                 both for an administrator view */
	bool is_admin;
	char today[11];               /* the scheme's date */
};
/* ERR_NOT_FOUND when me has no active view. */
enum err app_news_reader(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_reader *out);

/* GET /news: every current item for me's active view, newest first. */
enum err app_news_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_reader *who, struct db_news **out, size_t *n);
/* One item, if me may read it now (administrators of its scheme:
 * always). */
enum err app_news_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_news *out);

/* GET /resources: me's active view's resources by category, title. */
enum err app_resources_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_reader *who, struct db_resource **out, size_t *n);
/* Whether me may see this resource (the rule above). */
bool app_resource_visible(const struct app_auth *me, const struct db_resource *r);
/* Open a resource's file: *path the stored file.  ERR_NOT_FOUND for a
 * link, or one me may not see. */
enum err app_resource_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, struct db_resource *out, const char **path);

/* The home page: recent news and new resources for me's active view
 * (participants; empty for anyone else). */
struct app_news_home {
	struct db_news *news;
	size_t nnews;
	struct db_resource *resources;
	size_t nresources;
};
enum err app_news_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_home *out);

/* ---- administration ---- */

/* The scheme's page: everything, for its administrators
 * (ERR_NOT_FOUND for anyone else). */
struct app_news_admin {
	struct db_scheme scheme;
	struct db_scheme_settings settings;
	char today[11];
	struct db_news *news;
	size_t nnews;
	struct db_resource *resources;
	size_t nresources;
	const char **categories;      /* in use, alphabetical */
	size_t ncategories;
};
enum err app_news_admin(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_news_admin *out);

struct app_news_in {
	const char *title;            /* problems on "title" */
	const char *body;             /* "body" */
	const char *audience;         /* "audience" */
	const char *published_on;     /* "published_on": "" = today */
	const char *show_until;       /* "show_until": "" = no end */
};
/* Problems per field; ERR_BAD_INPUT with problems, ERR_NOT_FOUND unless
 * me runs the scheme. */
enum err app_news_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_news_in *in, const char *ip,
    struct app_problems *ps, int64_t *id);
/* The same checks without saving (for a form that already has other
 * problems, so every field's message shows at once). */
void app_news_check(struct db *db, struct arena *a, int64_t scheme_id,
    const struct app_news_in *in, struct app_problems *ps);
/* An item for its administrators (the edit form). */
enum err app_news_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_news *out);
enum err app_news_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_news_in *in, const char *ip, struct app_problems *ps);
enum err app_news_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, int64_t *scheme_id);

struct app_resource_in {
	const char *title;            /* "title" */
	const char *description;      /* "description" (may be "") */
	const char *category;         /* "category": "" = "General" */
	const char *audience;         /* "audience" */
	const char *kind;             /* "kind": "file" or "link" */
	const char *url;              /* "url", for a link */
	const struct app_doc_file *file;  /* "file"; NULL: none sent (an edit
	                                     keeps the file it has) */
};
enum err app_resource_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_resource_in *in, const char *data_dir,
    const char *ip, struct app_problems *ps, int64_t *id);
enum err app_resource_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_resource *out);
enum err app_resource_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_resource_in *in, const char *data_dir, const char *ip,
    struct app_problems *ps);
/* Delete the row, then (after the commit) its file. */
enum err app_resource_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char *ip, int64_t *scheme_id);

#endif
