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
 * Traps: the search text goes into LIKE, so % _ and \ are escaped and
 * the pattern is ESCAPE '\'.  Bodies are blanked in lists; a secret
 * body (kind flagged is_secret, e.g. a password reset) is blanked
 * everywhere, for everyone.
 */
#include "app/mail.h"

#include <string.h>

#include "core/arena.h"
#include "app/app.h"
#include "core/clock.h"

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
	    0, id, 1, &rows, &names, &n);
	if (rc == ERR_OK && n == 0)
		rc = ERR_NOT_FOUND;
	if (rc == ERR_OK) {
		*out = rows[0];
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
	    me->is_site_admin ? 0 : me->user_id, before_id > 0 ? before_id : 0, 0,
	    APP_MAIL_PAGE + 1, &out->rows, &out->scheme_names, &out->n);
	if (rc != ERR_OK)
		return rc;
	if (out->n > APP_MAIL_PAGE) {
		out->n = APP_MAIL_PAGE;
		out->older_id = out->rows[APP_MAIL_PAGE - 1].id;
	}
	for (size_t i = 0; i < out->n; i++)
		out->rows[i].body_text = out->rows[i].body_html = out->rows[i].ics = "";
	return ERR_OK;
}

enum err
app_mail_message(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, struct db_mail *out, const char **scheme_name,
    bool *is_hidden)
{
	enum err rc;

	*is_hidden = false;
	if (!app_is_any_admin(me))
		return ERR_FORBIDDEN;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = visible_one(db, a, me, id, out, scheme_name)) != ERR_OK)
		goto out;
	if (out->is_secret) {
		out->body_text = out->body_html = "";
		*is_hidden = true;
	} else {
		rc = app_audit_tx(db, me->user_id, out->scheme_id, "outbox.view",
		    arena_printf(a, "mail:%lld", (long long)id), "email body opened", ip);
	}
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
