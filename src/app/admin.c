/*
 * admin.c - what the administration pages read (ADM-1, ACC-3, ACC-5,
 * MSG-4), and the outbox retry.  The actions on people live in
 * account.c; this file only lists and shows.
 *
 * Design:
 * - Scope is the list of schemes the caller administers (their
 *   "scheme_admin" views), or the single 0 that the queries read as
 *   "every scheme" for a site administrator.  A list for several schemes
 *   runs one query per scheme and merges them (deduplicated by id, in the
 *   query's own order), so no query ever reaches outside the scope.
 * - Visibility of one person is app_user_visible's rule (account.c), so
 *   the pages and the actions can never disagree about who is whose.
 * - Everything is bounded: the queries have LIMITs, the search pages by
 *   APP_ADMIN_PAGE up to APP_ADMIN_PAGE_MAX, the outbox and the audit
 *   trail show the newest APP_ADMIN_OUTBOX_MAX / APP_ADMIN_AUDIT_MAX.
 *
 * Traps: the pending and locked lists fetch the roles of everyone in
 * them with one query (db_views_of_pending / _locked) and match them up
 * by user id; both lists are capped at 500 per scheme by their SQL.
 * The outbox has no scheme column: a scheme administrator's view of it
 * is filtered by recipient, against the addresses of the people in
 * their schemes.
 */
#include "app/admin.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/clock.h"

#define SCOPE_USERS_MAX 20000      /* addresses read to filter the outbox */

/* ---- scope ---- */

/* The schemes `me` administers into *ids; a site administrator gets the
 * single 0 (all schemes).  Returns how many: 0 means none. */
static size_t
scope(struct arena *a, const struct app_auth *me, int64_t **ids)
{
	size_t n = 0;

	*ids = NULL;
	if (me == NULL)
		return 0;
	*ids = arena_calloc(a, me->nviews + 1, sizeof(**ids));
	if (me->is_site_admin) {
		(*ids)[n++] = 0;
		return n;
	}
	for (size_t i = 0; i < me->nviews; i++) {
		const struct app_view *v = &me->views[i];
		bool seen = false;
		if (v->role == NULL || strcmp(v->role, "scheme_admin") != 0)
			continue;
		for (size_t j = 0; j < n; j++)
			seen |= (*ids)[j] == v->scheme_id;
		if (!seen)
			(*ids)[n++] = v->scheme_id;
	}
	return n;
}

static int
cmp_id(const void *x, const void *y)
{
	const struct db_user *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

/* STMT_USERS_PENDING's order: oldest registration first. */
static int
cmp_created(const void *x, const void *y)
{
	const struct db_user *a = x, *b = y;
	if (a->created_at != b->created_at)
		return (a->created_at > b->created_at) - (a->created_at < b->created_at);
	return cmp_id(x, y);
}

/* STMT_USERS_LOCKED's order: most recently locked first. */
static int
cmp_locked(const void *x, const void *y)
{
	const struct db_user *a = x, *b = y;
	if (a->locked_at != b->locked_at)
		return (a->locked_at < b->locked_at) - (a->locked_at > b->locked_at);
	return cmp_id(x, y);
}

/* STMT_USER_SEARCH's order (BINARY collation, as strcmp). */
static int
cmp_name(const void *x, const void *y)
{
	const struct db_user *a = x, *b = y;
	int c = strcmp(a->family_name, b->family_name);
	if (c == 0)
		c = strcmp(a->given_name, b->given_name);
	return c ? c : cmp_id(x, y);
}

/* Append rows to a growing array in the arena. */
static void
append(struct arena *a, struct db_user **all, size_t *n, size_t *cap,
    const struct db_user *rows, size_t m)
{
	if (*n + m > *cap) {
		size_t ncap = (*n + m) * 2;
		struct db_user *p = arena_calloc(a, ncap, sizeof(*p));
		if (*n)
			memcpy(p, *all, *n * sizeof(*p));
		*all = p;
		*cap = ncap;
	}
	if (m)
		memcpy(*all + *n, rows, m * sizeof(*rows));
	*n += m;
}

/* Drop people listed twice (in two of the caller's schemes), then put
 * the rest in `order`. */
static void
merge(struct db_user *all, size_t *n, int (*order)(const void *, const void *))
{
	size_t k = 0;

	if (*n > 1) {
		qsort(all, *n, sizeof(*all), cmp_id);
		for (size_t i = 0; i < *n; i++)
			if (k == 0 || all[k - 1].id != all[i].id)
				all[k++] = all[i];
		*n = k;
		qsort(all, *n, sizeof(*all), order);
	}
}

typedef enum err (*user_list_fn)(struct db *, struct arena *, int64_t,
    struct db_user **, size_t *);

/* Run a per-scheme list over the caller's scope and merge. */
static enum err
users_in_scope(struct db *db, struct arena *a, const struct app_auth *me,
    user_list_fn list, int (*order)(const void *, const void *),
    struct db_user **out, size_t *n)
{
	int64_t *ids;
	size_t nids = scope(a, me, &ids), cap = 0;
	enum err rc = ERR_OK;

	*out = NULL;
	*n = 0;
	if (nids == 0)
		return ERR_FORBIDDEN;
	for (size_t i = 0; i < nids && rc == ERR_OK; i++) {
		struct db_user *rows;
		size_t m;
		if ((rc = list(db, a, ids[i], &rows, &m)) == ERR_OK)
			append(a, out, n, &cap, rows, m);
	}
	if (rc == ERR_OK && nids > 1)
		merge(*out, n, order);
	for (size_t i = 0; i < *n; i++)
		(*out)[i].password_hash = "";
	return rc;
}

/* The person's roles in schemes `me` administers. */
static enum err
views_in_scope(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct db_view **out, size_t *n)
{
	struct db_view *views;
	size_t m, k = 0;
	enum err rc = db_views_of_user(db, a, user_id, &views, &m);

	if (rc == ERR_OK)
		for (size_t i = 0; i < m; i++)
			if (app_is_scheme_admin(me, views[i].scheme_id))
				views[k++] = views[i];
	*out = rc == ERR_OK ? views : NULL;
	*n = k;
	return rc;
}

typedef enum err (*views_fn)(struct db *, struct arena *, struct db_user_view **,
    size_t *);

/* The people of a list with their roles in me's schemes: two queries
 * for the whole list (people, then every role of them), not one per
 * person.  The roles come ordered by user id, so each person's run is
 * found by binary search. */
static enum err
people(struct db *db, struct arena *a, const struct app_auth *me, user_list_fn list,
    views_fn all_views, int (*order)(const void *, const void *),
    struct app_admin_person **out, size_t *n)
{
	struct db_user *users;
	struct db_user_view *uv;
	size_t m, nuv;
	enum err rc = users_in_scope(db, a, me, list, order, &users, &m);

	*out = NULL;
	*n = 0;
	if (rc != ERR_OK || (rc = all_views(db, a, &uv, &nuv)) != ERR_OK)
		return rc;
	*out = arena_calloc(a, m ? m : 1, sizeof(**out));
	for (size_t i = 0; i < m; i++) {
		struct app_admin_person *p = &(*out)[i];
		size_t lo = 0, hi = nuv;
		p->user = users[i];
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (uv[mid].user_id < users[i].id)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t end = lo;
		while (end < nuv && uv[end].user_id == users[i].id)
			end++;
		p->views = arena_calloc(a, end - lo + 1, sizeof(*p->views));
		for (size_t j = lo; j < end; j++)
			if (app_is_scheme_admin(me, uv[j].view.scheme_id))
				p->views[p->nviews++] = uv[j].view;
	}
	*n = m;
	return ERR_OK;
}

enum err
app_admin_pending(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_admin_person **out, size_t *n)
{
	return people(db, a, me, db_users_pending, db_views_of_pending, cmp_created, out, n);
}

enum err
app_admin_locked(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_admin_person **out, size_t *n)
{
	return people(db, a, me, db_users_locked, db_views_of_locked, cmp_locked, out, n);
}

enum err
app_admin_counts(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_admin_counts *out)
{
	struct db_user *users;
	struct db_mail *mail;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = users_in_scope(db, a, me, db_users_pending, cmp_created, &users,
	    &out->npending)) != ERR_OK)
		return rc;
	if ((rc = users_in_scope(db, a, me, db_users_locked, cmp_locked, &users,
	    &out->nlocked)) != ERR_OK)
		return rc;
	return app_admin_outbox(db, a, me, "failed", &mail, &out->nfailed);
}

/* ---- the search ---- */

/* `text` with LIKE's % _ and \ escaped by '\', between % when `wrap`. */
static char *
like_escape(struct arena *a, const char *text, bool wrap)
{
	char *p, *s;

	p = s = arena_alloc(a, 2 * strlen(text) + 3);
	if (wrap)
		*p++ = '%';
	for (; *text; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*p++ = '\\';
		*p++ = *text;
	}
	if (wrap)
		*p++ = '%';
	*p = '\0';
	return s;
}

char *
app_admin_like(struct arena *a, const char *query)
{
	return *query ? like_escape(a, query, true) : arena_strdup(a, "");
}

enum err
app_admin_users(struct db *db, struct arena *a, const struct app_auth *me,
    const char *query, int64_t page, struct db_user **out, size_t *n, bool *has_more)
{
	int64_t *ids;
	size_t nids = scope(a, me, &ids), cap = 0, m;
	const char *pattern = app_admin_like(a, query ? query : "");
	struct db_user *all = NULL, *rows;
	size_t total = 0, offset;
	enum err rc = ERR_OK;

	*out = NULL;
	*n = 0;
	*has_more = false;
	if (nids == 0)
		return ERR_FORBIDDEN;
	if (page < 1 || page > APP_ADMIN_PAGE_MAX)
		return ERR_BAD_INPUT;
	offset = (size_t)(page - 1) * APP_ADMIN_PAGE;
	if (nids == 1) {
		/* one page and one more row, to know whether there is a next */
		rc = db_user_search(db, a, pattern, ids[0], APP_ADMIN_PAGE + 1, offset,
		    &all, &total);
		offset = 0;
	} else {
		/* several schemes: everything up to this page from each, merged */
		for (size_t i = 0; i < nids && rc == ERR_OK; i++)
			if ((rc = db_user_search(db, a, pattern, ids[i],
			    offset + APP_ADMIN_PAGE + 1, 0, &rows, &m)) == ERR_OK)
				append(a, &all, &total, &cap, rows, m);
		if (rc == ERR_OK)
			merge(all, &total, cmp_name);
	}
	if (rc != ERR_OK)
		return rc;
	if (offset >= total)
		return ERR_OK;
	*out = all + offset;
	*n = total - offset;
	if (*n > APP_ADMIN_PAGE) {
		*n = APP_ADMIN_PAGE;
		*has_more = true;
	}
	for (size_t i = 0; i < *n; i++)
		(*out)[i].password_hash = "";
	return ERR_OK;
}

/* ---- one person ---- */

/* The name of whoever did an audited thing, looked up once per actor. */
static const char *
actor_name(struct db *db, struct arena *a, int64_t actor_id, int64_t *ids,
    const char **names, size_t *ncache)
{
	struct db_user u;

	if (actor_id == 0)
		return "Tandem";
	for (size_t i = 0; i < *ncache; i++)
		if (ids[i] == actor_id)
			return names[i];
	const char *name = db_user_get(db, a, actor_id, &u) == ERR_OK ?
	    arena_printf(a, "%s %s", u.given_name, u.family_name) :
	    "A deleted account";
	ids[*ncache] = actor_id;
	names[(*ncache)++] = name;
	return name;
}

enum err
app_admin_user(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct app_admin_user *out)
{
	struct db_audit *rows;
	size_t nrows;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (!app_is_any_admin(me))
		return ERR_FORBIDDEN;
	if ((rc = app_user_visible(db, me, user_id)) != ERR_OK)
		return rc;
	if ((rc = db_user_get(db, a, user_id, &out->person.user)) != ERR_OK)
		return rc;
	out->person.user.password_hash = "";
	if ((rc = views_in_scope(db, a, me, user_id, &out->person.views,
	    &out->person.nviews)) != ERR_OK)
		return rc;
	if ((rc = db_sessions_of_user(db, a, user_id, &out->sessions,
	    &out->nsessions)) != ERR_OK)
		return rc;
	rc = db_audit_list(db, a, user_id, arena_printf(a, "user:%lld",
	    (long long)user_id), APP_ADMIN_AUDIT_MAX, &rows, &nrows);
	if (rc != ERR_OK)
		return rc;

	/* a scheme administrator sees what happened in their schemes and
	 * outside any scheme (signing in), not in the person's other schemes */
	int64_t *ids = arena_calloc(a, nrows + 1, sizeof(*ids));
	const char **names = arena_calloc(a, nrows + 1, sizeof(*names));
	size_t ncache = 0;
	out->audit = arena_calloc(a, nrows + 1, sizeof(*out->audit));
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].scheme_id != 0 && !app_is_scheme_admin(me, rows[i].scheme_id))
			continue;
		/* MSG-5: that someone handled or read a concern is itself
		 * confidential: only site administrators see those rows here */
		if (!me->is_site_admin && strncmp(rows[i].action, "concern.", 8) == 0)
			continue;
		struct app_admin_audit *e = &out->audit[out->naudit++];
		e->entry = rows[i];
		e->actor = actor_name(db, a, rows[i].actor_id, ids, names, &ncache);
	}
	/* ADM-7: an administrator opening a person's record is recorded
	 * (after reading the history, so the page does not show its own visit) */
	return app_audit_tx(db, me->user_id, 0, "admin.view_user",
	    arena_printf(a, "user:%lld", (long long)user_id), "", "");
}

/* ---- the outbox (MSG-4) ---- */

static int
cmp_addr(const void *x, const void *y)
{
	return strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

enum err
app_admin_outbox(struct db *db, struct arena *a, const struct app_auth *me,
    const char *status, struct db_mail **out, size_t *n)
{
	int64_t *ids;
	size_t nids = scope(a, me, &ids), k = 0, naddrs = 0, cap = 0;
	struct db_user *users = NULL;
	enum err rc;

	*out = NULL;
	*n = 0;
	if (nids == 0)
		return ERR_FORBIDDEN;
	if ((rc = db_outbox_list(db, a, status, APP_ADMIN_OUTBOX_MAX, out, n)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < *n; i++)
		(*out)[i].body_text = (*out)[i].body_html = "";
	if (me->is_site_admin)
		return ERR_OK;

	/* the addresses of everyone in the caller's schemes, sorted */
	for (size_t i = 0; i < nids && rc == ERR_OK; i++) {
		struct db_user *rows;
		size_t m;
		if ((rc = db_user_search(db, a, "", ids[i], SCOPE_USERS_MAX, 0, &rows,
		    &m)) == ERR_OK)
			append(a, &users, &naddrs, &cap, rows, m);
	}
	if (rc != ERR_OK) {
		*n = 0;
		return rc;
	}
	const char **addrs = arena_calloc(a, naddrs + 1, sizeof(*addrs));
	for (size_t i = 0; i < naddrs; i++)
		addrs[i] = users[i].email;
	qsort(addrs, naddrs, sizeof(*addrs), cmp_addr);
	for (size_t i = 0; i < *n; i++)
		if (bsearch(&(*out)[i].to_addr, addrs, naddrs, sizeof(*addrs), cmp_addr))
			(*out)[k++] = (*out)[i];
	*n = k;
	return ERR_OK;
}

/* Is `to` the address of someone in a scheme `me` administers?  *scheme_id
 * that scheme (0 for a site administrator). */
static enum err
mail_visible(struct db *db, struct arena *a, const struct app_auth *me,
    const char *to, int64_t *scheme_id)
{
	int64_t *ids;
	size_t nids = scope(a, me, &ids);
	enum err rc = ERR_OK;

	*scheme_id = 0;
	if (nids == 0)
		return ERR_NOT_FOUND;
	if (me->is_site_admin)
		return ERR_OK;
	if (*to == '\0')
		return ERR_NOT_FOUND;    /* "" would match everyone */
	/* no wildcard: LIKE matches the whole text, ignoring ASCII case */
	const char *exact = like_escape(a, to, false);
	for (size_t i = 0; i < nids && rc == ERR_OK; i++) {
		struct db_user *rows;
		size_t m;
		if ((rc = db_user_search(db, a, exact, ids[i], 10, 0, &rows, &m)) != ERR_OK)
			break;
		for (size_t j = 0; j < m; j++) {
			if (strcasecmp(rows[j].email, to) == 0) {
				*scheme_id = ids[i];
				return ERR_OK;
			}
		}
	}
	return rc == ERR_OK ? ERR_NOT_FOUND : rc;
}

enum err
app_admin_outbox_retry(struct db *db, const struct app_auth *me, int64_t mail_id,
    const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_mail m;
	int64_t scheme_id = 0;
	enum err rc;

	if (!app_is_any_admin(me)) {
		rc = ERR_FORBIDDEN;
		goto done;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	if ((rc = db_outbox_get(db, a, mail_id, &m)) != ERR_OK)
		goto out;
	if (strcmp(m.status, "failed") != 0) {
		rc = ERR_NOT_FOUND;
		goto out;
	}
	if ((rc = mail_visible(db, a, me, m.to_addr, &scheme_id)) != ERR_OK)
		goto out;
	if ((rc = db_outbox_retry_now(db, mail_id, clock_now())) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id, "outbox.retry",
	    arena_printf(a, "mail:%lld", (long long)mail_id),
	    arena_printf(a, "after %lld attempts", (long long)m.attempts), ip);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
done:
	arena_free(a);
	return rc;
}
