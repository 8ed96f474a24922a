/*
 * mail.c - the administrators' outbox (see mail.h).
 *
 * Design: one query per page (db_mail_search) does the scope, the
 * status, the search and the keyset paging in SQL, so a scheme
 * administrator's page is never a filtered copy of someone else's and
 * a page is never short because rows were dropped after the LIMIT.  We
 * ask for one row more than a page to know whether there is an older
 * page.
 *
 * Privacy (MSG-4, NOTE-2, REL-6): the outbox is metadata only.  Bodies
 * carry request statements, mentors' comments, concern references and
 * digests of many schemes, so no body leaves this file, for anyone: they
 * are blanked on every row, in the list and on the one-message page.  A
 * scheme administrator's scope is the scheme_id of the row, never the
 * recipient's address (anyone can register with someone's address);
 * rows about no scheme and the private kinds (app_notice_kinds[]
 * is_private: concerns, requests to end) are for site administrators.
 *
 * Traps: the search text goes into LIKE, so % _ and \ are escaped and
 * the pattern is ESCAPE '\'.
 */
#include "app/mail.h"

#include <string.h>

#include "core/arena.h"
#include "app/app.h"
#include "core/clock.h"

/* ",kind,kind," of the kinds flagged is_private: built from the one
 * registry on every call (a few dozen rows), so there is no copy. */
static const char *
private_kinds(struct arena *a)
{
	const char *s = ",";
	for (size_t i = 0; i < app_notice_nkinds; i++)
		if (app_notice_kinds[i].is_private)
			s = arena_printf(a, "%s%s,", s, app_notice_kinds[i].kind);
	return s;
}

/* What the outbox may show of a row: everything but the bodies. */
static void
metadata_only(struct db_mail *m)
{
	m->body_text = m->body_html = m->ics = "";
}

/* The one message `me` may see, with its scheme's name; ERR_NOT_FOUND
 * when there is none (the same scope as the list: one rule). */
static enum err
visible_one(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_mail *out, const char **scheme_name)
{
	struct db_mail *rows;
	const char **names;
	size_t n;
	enum err rc = db_mail_search(db, a, "", "", me->is_site_admin ? 0 : me->user_id,
	    private_kinds(a), 0, id, 1, &rows, &names, &n);
	if (rc == ERR_OK && n == 0)
		rc = ERR_NOT_FOUND;
	if (rc == ERR_OK) {
		*out = rows[0];
		metadata_only(out);
		*scheme_name = names[0];
	}
	return rc;
}

/* "%text%" with % _ and \ escaped for LIKE ... ESCAPE '\'. */
static const char *
like_of(struct arena *a, const char *q)
{
	size_t len = strlen(q);
	char *p = arena_alloc(a, 2 * len + 3), *w = p;
	*w++ = '%';
	for (size_t i = 0; i < len; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			*w++ = '\\';
		*w++ = q[i];
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

enum err
app_mail_outbox(struct db *db, struct arena *a, const struct app_auth *me,
    const char *status, const char *query, int64_t before_id,
    struct app_mail_list *out)
{
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (!app_is_any_admin(me))
		return ERR_FORBIDDEN;
	if (status != NULL && *status != '\0' && strcmp(status, "queued") != 0 &&
	    strcmp(status, "sent") != 0 && strcmp(status, "failed") != 0)
		return ERR_BAD_INPUT;
	const char *like = query != NULL && *query != '\0' ? like_of(a, query) : "";
	rc = db_mail_search(db, a, status ? status : "", like,
	    me->is_site_admin ? 0 : me->user_id, private_kinds(a),
	    before_id > 0 ? before_id : 0, 0, APP_MAIL_PAGE + 1, &out->rows, &out->scheme_names, &out->n);
	if (rc != ERR_OK)
		return rc;
	if (out->n > APP_MAIL_PAGE) {
		out->n = APP_MAIL_PAGE;
		out->older_id = out->rows[APP_MAIL_PAGE - 1].id;
	}
	for (size_t i = 0; i < out->n; i++)
		metadata_only(&out->rows[i]);
	return ERR_OK;
}

enum err
app_mail_message(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, struct db_mail *out, const char **scheme_name)
{
	enum err rc;

	if (!app_is_any_admin(me))
		return ERR_FORBIDDEN;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = visible_one(db, a, me, id, out, scheme_name)) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, out->scheme_id, "outbox.view",
	    arena_printf(a, "mail:%lld", (long long)id), "email details opened", ip);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_mail_retry(struct db *db, const struct app_auth *me, int64_t id, const char *ip)
{
	struct arena *a = arena_new(0);
	struct db_mail m;
	const char *scheme_name;
	enum err rc;

	if (!app_is_any_admin(me)) {
		rc = ERR_FORBIDDEN;
		goto done;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		goto done;
	if ((rc = visible_one(db, a, me, id, &m, &scheme_name)) != ERR_OK)
		goto out;
	if (strcmp(m.status, "failed") != 0) {
		rc = ERR_NOT_FOUND;
		goto out;
	}
	if ((rc = db_outbox_retry_now(db, id, clock_now())) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, m.scheme_id, "outbox.retry",
	    arena_printf(a, "mail:%lld", (long long)id),
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
