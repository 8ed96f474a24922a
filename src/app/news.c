/*
 * news.c - news items and resources of a scheme (MSG-3): the rules in
 * news.h, and the demo scheme's news and resources (app_demo_news_tx).
 *
 * Design: one visibility rule (visible_to) for lists and single items,
 * the lists filtered in SQL by the two audiences the reader may see
 * besides "all", so a list is one indexed query.  Files follow the
 * notes area (app/notes.h): checked by their bytes against the scheme's
 * document settings with the same helpers and messages, stored before
 * the transaction, removed when it fails or after a commit that
 * replaced or deleted them.
 *
 * Traps: "today" is the scheme's date (its time zone), not UTC's; the
 * demo is not told the data directory, so it asks db_data_dir (the
 * folder of tandem.db) where to store its two files.
 */
#include "app/news.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/log.h"
#include "core/sniff.h"
#include "core/strparse.h"
#include "core/tz.h"
#include "app/date.h"

#define DAY (24 * 60 * 60)

/* ---- rules (pure) ---- */

bool
app_news_audience_valid(const char *audience)
{
	return audience != NULL && (strcmp(audience, "all") == 0 ||
	    strcmp(audience, "mentors") == 0 || strcmp(audience, "mentees") == 0);
}

const char *
app_news_audience_words(const char *audience)
{
	if (audience == NULL)
		return "";
	if (strcmp(audience, "all") == 0)
		return "Everyone";
	if (strcmp(audience, "mentors") == 0)
		return "Mentors only";
	if (strcmp(audience, "mentees") == 0)
		return "Mentees only";
	return "";
}

static bool
has_prefix_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

/* RFC 3986's characters: unreserved, reserved and '%'. */
static bool
url_char(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL;
}

const char *
app_resource_url_problem(struct arena *a, const char *url, const char **host)
{
	static const char *const bad = "Enter a web address that starts with https:// "
	    "or http://, like https://www.nhs.uk";
	if (url == NULL || url[0] == '\0')
		return "Enter the web address of the resource";
	if (strlen(url) > APP_RESOURCE_URL_MAX)
		return "The web address must be 2,000 characters or fewer";
	size_t skip;
	if (has_prefix_nocase(url, "https://"))
		skip = 8;
	else if (has_prefix_nocase(url, "http://"))
		skip = 7;
	else
		return bad;
	for (const char *p = url; *p; p++)
		if (!url_char(*p))
			return "The web address must not contain spaces or characters "
			    "like < > \" or \\";
	const char *h = url + skip;
	size_t hlen = strcspn(h, "/?#");
	size_t nport = 0;
	const char *colon = memchr(h, ':', hlen);
	if (colon != NULL) {
		nport = hlen - (size_t)(colon - h) - 1;
		if (nport == 0 || nport > 5 || strspn(colon + 1, "0123456789") < nport)
			return bad;
		hlen = (size_t)(colon - h);
	}
	if (hlen == 0 || h[0] == '.' || h[0] == '-' || h[hlen - 1] == '.' ||
	    h[hlen - 1] == '-')
		return bad;
	char *lower = arena_strndup(a, h, hlen);
	for (char *p = lower; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		    *p == '-'))
			return bad;   /* user:password@, brackets, IDN */
	}
	if (strstr(lower, "..") != NULL)
		return bad;
	if (host != NULL)
		*host = lower;
	return NULL;
}

/* ---- the scheme's date ---- */

static void
local_date(const struct tz *z, int64_t t, char out[11])
{
	struct tz_local l;
	tz_to_local(z, t, &l);
	unsigned y = (unsigned)l.year % 10000u, m = (unsigned)l.month % 100u,
	    d = (unsigned)l.day % 100u;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
}

/* Today in the scheme's zone, and (since, may be NULL) the date
 * APP_NEWS_RECENT_DAYS days ago. */
static enum err
scheme_today(struct db *db, struct arena *a, int64_t scheme_id, char today[11],
    char since[11])
{
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme_id, &st);
	const struct tz *z = tz_or_default(rc == ERR_OK ? st.time_zone : NULL);
	if (rc == ERR_NOT_FOUND)
		rc = ERR_OK;   /* a scheme with no settings row: the defaults */
	local_date(z, clock_now(), today);
	if (since != NULL)
		local_date(z, clock_now() - (int64_t)APP_NEWS_RECENT_DAYS * DAY, since);
	return rc;
}

/* ---- who reads what ---- */

static bool
audience_fits(const char *role, const char *audience)
{
	if (strcmp(audience, "all") == 0)
		return true;
	if (strcmp(role, "mentee") == 0)
		return strcmp(audience, "mentees") == 0;
	if (strcmp(role, "mentor") == 0)
		return strcmp(audience, "mentors") == 0;
	return false;
}

/* The rule of news.h: the scheme's administrators, or the active view
 * of that scheme with a fitting role. */
static bool
visible_to(const struct app_auth *me, int64_t scheme_id, const char *audience)
{
	if (me == NULL)
		return false;
	if (app_is_scheme_admin(me, scheme_id))
		return true;
	return me->active != NULL && me->active->scheme_id == scheme_id &&
	    audience_fits(me->active->role, audience);
}

bool
app_resource_visible(const struct app_auth *me, const struct db_resource *r)
{
	return visible_to(me, r->scheme_id, r->audience);
}

enum err
app_news_reader(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_reader *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL || me->active == NULL)
		return ERR_NOT_FOUND;
	const struct app_view *v = me->active;
	out->scheme_id = v->scheme_id;
	out->scheme_name = v->scheme_name;
	out->is_admin = strcmp(v->role, "scheme_admin") == 0 &&
	    app_is_scheme_admin(me, v->scheme_id);
	if (out->is_admin)
		out->aud1 = "mentors", out->aud2 = "mentees";
	else if (strcmp(v->role, "mentor") == 0)
		out->aud1 = out->aud2 = "mentors";
	else
		out->aud1 = out->aud2 = "mentees";
	return scheme_today(db, a, v->scheme_id, out->today, NULL);
}

enum err
app_news_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_reader *who, struct db_news **out, size_t *n)
{
	enum err rc = app_news_reader(db, a, me, who);
	if (rc != ERR_OK)
		return rc;
	return db_news_current(db, a, who->scheme_id, who->aud1, who->aud2, who->today, "",
	    -1, out, n);
}

enum err
app_news_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_news *out)
{
	char today[11];
	enum err rc = db_news_get(db, a, id, out);
	if (rc != ERR_OK)
		return rc;
	if (!visible_to(me, out->scheme_id, out->audience))
		return ERR_NOT_FOUND;
	if (app_is_scheme_admin(me, out->scheme_id))
		return ERR_OK;
	if ((rc = scheme_today(db, a, out->scheme_id, today, NULL)) != ERR_OK)
		return rc;
	if (strcmp(out->published_on, today) > 0 ||
	    (out->show_until[0] != '\0' && strcmp(out->show_until, today) < 0))
		return ERR_NOT_FOUND;
	return ERR_OK;
}

enum err
app_resources_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_reader *who, struct db_resource **out, size_t *n)
{
	enum err rc = app_news_reader(db, a, me, who);
	if (rc != ERR_OK)
		return rc;
	return db_resources_of_scheme(db, a, who->scheme_id, who->aud1, who->aud2, out, n);
}

enum err
app_resource_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *data_dir, struct db_resource *out, const char **path)
{
	enum err rc = db_resource_get(db, a, id, out);
	if (rc != ERR_OK)
		return rc;
	if (!app_resource_visible(me, out) || strcmp(out->kind, "file") != 0)
		return ERR_NOT_FOUND;
	*path = files_path(a, data_dir, out->stored_name);
	if (*path == NULL) {
		log_error("news: resource %lld has a malformed stored name", (long long)id);
		return ERR_INTERNAL;
	}
	return ERR_OK;
}

enum err
app_news_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_news_home *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL || me->active == NULL || (strcmp(me->active->role, "mentor") != 0 &&
	    strcmp(me->active->role, "mentee") != 0))
		return ERR_OK;
	struct app_news_reader who;
	char since[11];
	enum err rc = app_news_reader(db, a, me, &who);
	if (rc == ERR_OK)
		rc = scheme_today(db, a, who.scheme_id, who.today, since);
	if (rc == ERR_OK)
		rc = db_news_current(db, a, who.scheme_id, who.aud1, who.aud2, who.today, since,
		    APP_NEWS_HOME_MAX, &out->news, &out->nnews);
	if (rc == ERR_OK)
		rc = db_resources_recent(db, a, who.scheme_id, who.aud1, who.aud2,
		    clock_now() - (int64_t)APP_NEWS_RECENT_DAYS * DAY, APP_RESOURCE_HOME_MAX,
		    &out->resources, &out->nresources);
	return rc;
}

/* ---- administration ---- */

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum err
app_news_admin(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    struct app_news_admin *out)
{
	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, &out->scheme);
	if (rc == ERR_OK)
		rc = db_scheme_settings_get(db, a, scheme_id, &out->settings);
	if (rc == ERR_OK)
		rc = scheme_today(db, a, scheme_id, out->today, NULL);
	if (rc == ERR_OK)
		rc = db_news_of_scheme(db, a, scheme_id, &out->news, &out->nnews);
	if (rc == ERR_OK)
		rc = db_resources_of_scheme(db, a, scheme_id, "mentors", "mentees",
		    &out->resources, &out->nresources);
	if (rc == ERR_OK)
		rc = db_resource_categories(db, a, scheme_id, &out->categories,
		    &out->ncategories);
	return rc;
}

static void
check_title(struct app_problems *ps, const char *title)
{
	if (title == NULL || title[0] == '\0')
		app_problem(ps, "title", "Enter a title");
	else if (str_utf8_len(title) > APP_NEWS_TITLE_MAX)
		app_problem(ps, "title", "The title must be 150 characters or fewer");
}

static void
check_audience(struct app_problems *ps, const char *audience)
{
	if (!app_news_audience_valid(audience))
		app_problem(ps, "audience", "Select who it is for");
}

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* The checked row from in; problems per field. */
static void
news_from(struct db *db, struct arena *a, int64_t scheme_id, const struct app_news_in *in,
    struct app_problems *ps, struct db_news *n)
{
	char today[11];
	if (scheme_today(db, a, scheme_id, today, NULL) != ERR_OK)
		today[0] = '\0';
	check_title(ps, in->title);
	if (blank(in->body))
		app_problem(ps, "body", "Enter the news");
	else if (str_utf8_len(in->body) > APP_NEWS_BODY_MAX)
		app_problem(ps, "body", "The news must be 10,000 characters or fewer");
	check_audience(ps, in->audience);
	const char *pub = in->published_on != NULL && in->published_on[0] != '\0' ?
	    in->published_on : arena_strdup(a, today);
	const char *until = in->show_until != NULL ? in->show_until : "";
	bool pub_ok = app_date_is_real(pub);
	if (!pub_ok)
		app_problem(ps, "published_on", "Date published must be a real date");
	if (until[0] != '\0' && !app_date_is_real(until))
		app_problem(ps, "show_until", "Show until must be a real date");
	else if (until[0] != '\0' && pub_ok && strcmp(until, pub) < 0)
		app_problem(ps, "show_until", "Show until must be the same as or after the "
		    "date published");
	*n = (struct db_news){.scheme_id = scheme_id, .title = in->title, .body = in->body,
		.audience = in->audience, .published_on = pub, .show_until = until};
}

void
app_news_check(struct db *db, struct arena *a, int64_t scheme_id,
    const struct app_news_in *in, struct app_problems *ps)
{
	struct db_news n;
	news_from(db, a, scheme_id, in, ps, &n);
}

static const char *
news_detail(struct arena *a, const struct db_news *n)
{
	return arena_printf(a, "\"%s\", %s, published %s%s%s", n->title, n->audience,
	    n->published_on, n->show_until[0] ? ", until " : "", n->show_until);
}

enum err
app_news_add(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    const struct app_news_in *in, const char *ip, struct app_problems *ps, int64_t *id)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	struct db_scheme scheme;
	enum err rc = db_scheme_get(db, a, scheme_id, &scheme);
	if (rc != ERR_OK)
		return rc;
	struct db_news n;
	news_from(db, a, scheme_id, in, ps, &n);
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	n.created_by = me->user_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_news_add(db, &n, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "news.add",
		    arena_printf(a, "news:%lld", (long long)*id), news_detail(a, &n), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_news_admin_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_news *out)
{
	enum err rc = db_news_get(db, a, id, out);
	if (rc == ERR_OK && !app_is_scheme_admin(me, out->scheme_id))
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
app_news_edit(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_news_in *in, const char *ip, struct app_problems *ps)
{
	struct db_news old, n;
	enum err rc = app_news_admin_get(db, a, me, id, &old);
	if (rc != ERR_OK)
		return rc;
	news_from(db, a, old.scheme_id, in, ps, &n);
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	n.id = id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_news_update(db, &n, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, old.scheme_id, "news.edit",
		    arena_printf(a, "news:%lld", (long long)id), news_detail(a, &n), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_news_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip, int64_t *scheme_id)
{
	struct db_news n;
	enum err rc = app_news_admin_get(db, a, me, id, &n);
	if (rc != ERR_OK)
		return rc;
	*scheme_id = n.scheme_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_news_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, n.scheme_id, "news.delete",
		    arena_printf(a, "news:%lld", (long long)id), news_detail(a, &n), ip ? ip : "");
	return finish(db, rc);
}

/* ---- resources ---- */

/* The checks of an uploaded file against the scheme's settings (the
 * notes area's rule and messages); on success the bytes and kind. */
static bool
check_file(struct arena *a, const struct db_scheme_settings *st,
    const struct app_doc_file *f, struct app_problems *ps, unsigned char **data,
    size_t *len, enum sniff_kind *kind)
{
	if (f->len == 0) {
		app_problem(ps, "file", "The selected file is empty");
		return false;
	}
	size_t max = (size_t)st->document_max_kb * 1024;
	if (max > APP_DOC_CEILING)
		max = APP_DOC_CEILING;
	const char *too_big = arena_printf(a, "The file must be smaller than %s",
	    app_document_size_words(a, st->document_max_kb));
	if (f->len > max) {
		app_problem(ps, "file", too_big);
		return false;
	}
	enum err rc = files_read(a, f->path, max, data, len);
	if (rc != ERR_OK) {
		app_problem(ps, "file", rc == ERR_TOO_LARGE ? too_big :
		    "The selected file could not be read. Try again");
		return false;
	}
	*kind = sniff_bytes(*data, *len);
	if (*kind == SNIFF_NONE || !app_document_kind_allowed(st->document_types,
	    sniff_name(*kind))) {
		app_problem(ps, "file", arena_printf(a, "The file must be a %s file",
		    app_document_kinds_words(a, st->document_types)));
		log_info("news: resource upload refused: kind %s",
		    *kind == SNIFF_NONE ? "unknown" : sniff_name(*kind));
		return false;
	}
	return true;
}

/*
 * The checked row from in (scheme_id set by the caller), and a new file
 * stored when one came (*stored its name, "" for none).  old: the row
 * being edited (NULL when adding), whose file is kept when none came.
 */
static enum err
resource_from(struct db *db, struct arena *a, int64_t scheme_id,
    const struct app_resource_in *in, const struct db_resource *old, const char *data_dir,
    struct app_problems *ps, struct db_resource *r, char stored[FILES_NAME_MAX])
{
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme_id, &st);
	stored[0] = '\0';
	if (rc != ERR_OK)
		return rc;
	*r = (struct db_resource){.scheme_id = scheme_id, .title = in->title,
		.description = in->description ? in->description : "",
		.category = in->category && in->category[0] ? in->category :
		    APP_RESOURCE_DEFAULT_CATEGORY,
		.audience = in->audience, .kind = in->kind, .url = "", .filename = "",
		.stored_name = "", .file_kind = "", .mime = ""};
	check_title(ps, in->title);
	if (str_utf8_len(r->description) > APP_RESOURCE_DESC_MAX)
		app_problem(ps, "description", "The description must be 2,000 characters or "
		    "fewer");
	if (str_utf8_len(r->category) > APP_RESOURCE_CATEGORY_MAX)
		app_problem(ps, "category", "The category must be 60 characters or fewer");
	check_audience(ps, in->audience);
	bool is_link = in->kind != NULL && strcmp(in->kind, "link") == 0;
	bool is_file = in->kind != NULL && strcmp(in->kind, "file") == 0;
	unsigned char *data = NULL;
	size_t len = 0;
	enum sniff_kind k = SNIFF_NONE;
	bool has_file = false;
	if (!is_link && !is_file) {
		app_problem(ps, "kind", "Select whether it is a link or a file");
	} else if (is_link) {
		const char *why = app_resource_url_problem(a, in->url, NULL);
		if (why != NULL)
			app_problem(ps, "url", why);
		r->url = in->url;
	} else if (in->file != NULL && in->file->path != NULL) {
		has_file = check_file(a, &st, in->file, ps, &data, &len, &k);
	} else if (old != NULL && strcmp(old->kind, "file") == 0) {
		r->filename = old->filename;      /* the file it has stays */
		r->stored_name = old->stored_name;
		r->file_kind = old->file_kind;
		r->mime = old->mime;
		r->size = old->size;
	} else {
		app_problem(ps, "file", "Select a file to upload");
	}
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	if (has_file) {
		if ((rc = files_store(data_dir, data, len, sniff_ext(k), stored)) != ERR_OK) {
			stored[0] = '\0';
			return rc;
		}
		r->filename = app_document_filename(a, in->file->filename, sniff_name(k));
		r->stored_name = arena_strdup(a, stored);
		r->file_kind = sniff_name(k);
		r->mime = sniff_mime(k);
		r->size = (int64_t)len;
	}
	return ERR_OK;
}

static const char *
resource_detail(struct arena *a, const struct db_resource *r)
{
	return strcmp(r->kind, "link") == 0 ?
	    arena_printf(a, "\"%s\", %s, %s, link", r->title, r->category, r->audience) :
	    arena_printf(a, "\"%s\", %s, %s, file %s, %lld bytes", r->title, r->category,
	    r->audience, r->file_kind, (long long)r->size);
}

enum err
app_resource_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_resource_in *in, const char *data_dir,
    const char *ip, struct app_problems *ps, int64_t *id)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	struct db_scheme scheme;
	struct db_resource r;
	char stored[FILES_NAME_MAX];
	enum err rc = db_scheme_get(db, a, scheme_id, &scheme);
	if (rc != ERR_OK)
		return rc;
	if ((rc = resource_from(db, a, scheme_id, in, NULL, data_dir, ps, &r, stored)) !=
	    ERR_OK)
		return rc;
	r.created_by = me->user_id;
	if ((rc = db_begin(db)) == ERR_OK) {
		rc = db_resource_add(db, &r, clock_now(), id);
		if (rc == ERR_OK)
			rc = app_audit_tx(db, me->user_id, scheme_id, "resource.add",
			    arena_printf(a, "resource:%lld", (long long)*id), resource_detail(a, &r),
			    ip ? ip : "");
		rc = finish(db, rc);
	}
	if (rc != ERR_OK && stored[0])
		files_remove(data_dir, stored);
	return rc;
}

enum err
app_resource_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_resource *out)
{
	enum err rc = db_resource_get(db, a, id, out);
	if (rc == ERR_OK && !app_is_scheme_admin(me, out->scheme_id))
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
app_resource_edit(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_resource_in *in, const char *data_dir, const char *ip,
    struct app_problems *ps)
{
	struct db_resource old, r;
	char stored[FILES_NAME_MAX];
	enum err rc = app_resource_admin_get(db, a, me, id, &old);
	if (rc != ERR_OK)
		return rc;
	if ((rc = resource_from(db, a, old.scheme_id, in, &old, data_dir, ps, &r, stored)) !=
	    ERR_OK)
		return rc;
	r.id = id;
	if ((rc = db_begin(db)) == ERR_OK) {
		rc = db_resource_update(db, &r, clock_now());
		if (rc == ERR_OK)
			rc = app_audit_tx(db, me->user_id, old.scheme_id, "resource.edit",
			    arena_printf(a, "resource:%lld", (long long)id), resource_detail(a, &r),
			    ip ? ip : "");
		rc = finish(db, rc);
	}
	if (rc != ERR_OK) {
		if (stored[0])
			files_remove(data_dir, stored);
		return rc;
	}
	/* the old file, when it was replaced or the resource became a link */
	if (old.stored_name[0] && strcmp(old.stored_name, r.stored_name) != 0)
		files_remove(data_dir, old.stored_name);
	return ERR_OK;
}

enum err
app_resource_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *data_dir, const char *ip, int64_t *scheme_id)
{
	struct db_resource r;
	enum err rc = app_resource_admin_get(db, a, me, id, &r);
	if (rc != ERR_OK)
		return rc;
	*scheme_id = r.scheme_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_resource_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, r.scheme_id, "resource.delete",
		    arena_printf(a, "resource:%lld", (long long)id), resource_detail(a, &r),
		    ip ? ip : "");
	if ((rc = finish(db, rc)) == ERR_OK && r.stored_name[0])
		files_remove(data_dir, r.stored_name);
	return rc;
}

/* ---- the demo scheme (inside app_demo_load's transaction) ---- */

static const char demo_guide[] =
    "TANDEM: A SHORT GUIDE FOR MENTEES AND MENTORS\n"
    "==============================================\n"
    "\n"
    "Tandem keeps the practical side of mentoring in one place, so that your\n"
    "time together can go on the conversations that matter. This guide covers\n"
    "the few things you need to know. The full user guide is under 'User guide'\n"
    "in the menu.\n"
    "\n"
    "1. Your home page\n"
    "-----------------\n"
    "When you sign in you see what needs you first: requests to answer, sessions\n"
    "to confirm, agreements to read, unread chat messages and messages from the\n"
    "scheme team, and any recent news and resources. Below that, the tabs show\n"
    "your current and past mentoring relationships and your activity.\n"
    "\n"
    "If you are both a mentor and a mentee, you switch between the two from your\n"
    "name at the top of the page. What you see (including resources and news)\n"
    "follows the role you are using.\n"
    "\n"
    "2. For mentees: finding a mentor\n"
    "--------------------------------\n"
    "- Complete your profile first. Mentors read it when deciding on a request.\n"
    "- Use 'Find a mentor' to search by profession, specialty and what you would\n"
    "  like help with. Read a mentor's profile before you ask.\n"
    "- Send a request with a few lines about what you hope to get from\n"
    "  mentoring. The mentor accepts or declines, and you are told by email.\n"
    "\n"
    "3. For mentors: answering requests\n"
    "----------------------------------\n"
    "- New requests appear on your home page and under 'My mentoring requests'.\n"
    "- Accept only if you have the time and no conflict of interest (for\n"
    "  example, you are not their supervisor or appraiser). Declining is fine\n"
    "  and helps the mentee find someone else quickly.\n"
    "- Keep your training record up to date under 'My training'.\n"
    "\n"
    "4. Working together\n"
    "-------------------\n"
    "- Agree how you will work together in the mentoring agreement. Both of\n"
    "  you confirm it, and Tandem reminds you to review it every six months.\n"
    "- Record each session (date, length, how you met). The other person\n"
    "  confirms it took place, and your hours add up on your activity page.\n"
    "- Notes and documents are private to you unless you choose to share them\n"
    "  with the other person.\n"
    "- Use the chat for arrangements between sessions. It is not for urgent\n"
    "  or clinical matters.\n"
    "\n"
    "5. Ending well\n"
    "-------------\n"
    "Either of you can ask to end the relationship when its work is done. After\n"
    "it ends, everything stays readable but nothing new can be added. You may be\n"
    "asked for feedback: it helps the scheme and your mentor.\n"
    "\n"
    "6. If something is wrong\n"
    "------------------------\n"
    "Choose 'Raise a concern' in the menu to tell the scheme's named contact,\n"
    "in confidence, about a concern with your mentoring or a safeguarding,\n"
    "patient-safety or fitness-to-practise matter. If anyone is at immediate\n"
    "risk, follow your organisation's usual procedures first.\n"
    "\n"
    "7. Keeping your account safe\n"
    "----------------------------\n"
    "Use a long password you use nowhere else, and sign out on shared\n"
    "computers. After five wrong passwords your account is locked: use\n"
    "'Forgotten your password?' or ask the scheme administrator.\n";

static const char demo_code[] =
    "CODE OF PRACTICE FOR MENTORS AND MENTEES - PLACEHOLDER\n"
    "======================================================\n"
    "\n"
    "THIS IS A PLACEHOLDER. The scheme administrators replace this document\n"
    "with the scheme's own code of practice (for example, an ethical framework\n"
    "and code of practice for mentoring). Until then, do not rely on it.\n"
    "\n"
    "To replace it: Administration > News and resources > this resource >\n"
    "Change, then upload the scheme's document.\n"
    "\n"
    "What a code of practice usually covers:\n"
    "- the purpose and limits of mentoring in the scheme;\n"
    "- confidentiality, and when it may have to be broken;\n"
    "- conflicts of interest (supervisors, appraisers, line managers);\n"
    "- how mentors are trained, supported and supervised;\n"
    "- how to raise a concern, and who the named contact is;\n"
    "- how records are kept and for how long.\n";

static enum err
demo_file(const char *data_dir, struct arena *a, const char *text, const char *filename,
    struct db_resource *r)
{
	char name[FILES_NAME_MAX];
	size_t len = strlen(text);
	enum err rc = files_store(data_dir, text, len, sniff_ext(SNIFF_TXT), name);
	if (rc != ERR_OK)
		return rc;
	r->kind = "file";
	r->url = "";
	r->filename = filename;
	r->stored_name = arena_strdup(a, name);
	r->file_kind = sniff_name(SNIFF_TXT);
	r->mime = sniff_mime(SNIFF_TXT);
	r->size = (int64_t)len;
	return ERR_OK;
}

enum err
app_demo_news_tx(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new(0);
	const char *data_dir;
	struct db_user gareth;
	int64_t by = 0, id;
	char pub1[11], pub2[11];
	enum err rc = db_data_dir(db, a, &data_dir);
	if (rc != ERR_OK) {
		log_error("news: the demo needs a database file to store its resources beside");
		goto out;
	}
	if (db_user_by_username(db, a, "gareth.evans", &gareth) == ERR_OK)
		by = gareth.id;
	struct db_scheme_settings st;
	const struct tz *z = tz_or_default(db_scheme_settings_get(db, a, scheme_id, &st) ==
	    ERR_OK ? st.time_zone : NULL);
	local_date(z, clock_now() - 2 * DAY, pub1);
	local_date(z, clock_now() - 9 * DAY, pub2);
	const struct db_news news[] = {
		{.scheme_id = scheme_id, .title = "Welcome to Aspire Mentoring on Tandem",
		    .body = "Aspire Mentoring now runs on Tandem. Your requests, sessions, "
		    "agreements and notes are all in one place.\n\nNew to it? Start with "
		    "\"Tandem: a short guide for mentees and mentors\" on the Resources page, "
		    "and make sure your profile is complete.",
		    .audience = "all", .published_on = pub1, .show_until = "", .created_by = by},
		{.scheme_id = scheme_id, .title = "Mentor supervision group: next meeting",
		    .body = "The next mentor supervision group meets on the first Wednesday "
		    "of next month, 12:30 to 13:30, in the Education Centre seminar room "
		    "and online.\n\nBring a mentoring situation you would like to talk "
		    "through (without names). Tea and coffee provided.",
		    .audience = "mentors", .published_on = pub2, .show_until = "",
		    .created_by = by},
	};
	for (size_t i = 0; i < sizeof(news) / sizeof(news[0]); i++)
		if ((rc = db_news_add(db, &news[i], clock_now(), &id)) != ERR_OK)
			goto out;
	struct db_resource guide = {.scheme_id = scheme_id,
		.title = "Tandem: a short guide for mentees and mentors",
		.description = "How to use Tandem: your home page, finding a mentor, answering "
		    "requests, recording sessions, agreements and notes, ending well and "
		    "raising a concern.",
		.category = "Guides", .audience = "all", .created_by = by};
	struct db_resource code = {.scheme_id = scheme_id,
		.title = "Code of practice (placeholder)",
		.description = "A placeholder for the scheme's code of practice for mentors "
		    "and mentees. The scheme administrators will replace it with the "
		    "scheme's own document.",
		.category = "Codes of practice", .audience = "all", .created_by = by};
	struct db_resource link = {.scheme_id = scheme_id,
		.title = "NHS Leadership Academy: coaching and mentoring",
		.description = "The NHS Leadership Academy's pages on coaching and mentoring, "
		    "with development programmes for mentors.",
		.category = "Further reading", .audience = "mentors", .kind = "link",
		.url = "https://www.leadershipacademy.nhs.uk/", .filename = "",
		.stored_name = "", .file_kind = "", .mime = "", .created_by = by};
	if ((rc = demo_file(data_dir, a, demo_guide, "tandem-short-guide.txt", &guide)) !=
	    ERR_OK ||
	    (rc = demo_file(data_dir, a, demo_code, "code-of-practice-placeholder.txt",
	    &code)) != ERR_OK)
		goto out;
	if ((rc = db_resource_add(db, &guide, clock_now(), &id)) != ERR_OK ||
	    (rc = db_resource_add(db, &code, clock_now(), &id)) != ERR_OK ||
	    (rc = db_resource_add(db, &link, clock_now(), &id)) != ERR_OK)
		goto out;
out:
	arena_free(a);
	return rc;
}
