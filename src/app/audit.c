/*
 * audit.c - the audit log (ADM-7): the hash chain every entry is written
 * into, `tandem audit verify`, and the administrators' view.
 *
 * Design (also docs/audit-log.md and migration 0016): each entry's hash
 * is SHA-256 over the previous entry's hash and a length-prefixed
 * encoding of the fields that never change (the ids as written,
 * actor_ref and scheme_ref, not the foreign keys a deletion sets to
 * NULL).  Appending reads the newest entry and inserts the next one in
 * one write transaction, so the chain never forks.  Triggers refuse
 * UPDATE and DELETE; the chain is what shows that someone with the
 * database file went round them.
 *
 * Trap: db_audit_add (db.h) still exists and writes no hash.  An entry
 * written with it after the chain began is reported as a break, which is
 * right: nothing should write around app_audit_tx.
 */
#include "app/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "core/arena.h"
#include "core/crypto.h"

#define CHAIN_TAG "tandem-audit-1"
#define WALK_PAGE 500

static void
put_field(crypto_hash_sha256_state *st, const char *v)
{
	char len[24];
	size_t n = strlen(v);
	int k = snprintf(len, sizeof(len), "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
	crypto_hash_sha256_update(st, (const unsigned char *)v, n);
	crypto_hash_sha256_update(st, (const unsigned char *)";", 1);
}

static void
put_number(crypto_hash_sha256_state *st, int64_t v)
{
	char num[24];
	snprintf(num, sizeof(num), "%lld", (long long)v);
	put_field(st, num);
}

void
app_audit_hash(const char *prev, const struct db_audit_entry *e, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&st, (const unsigned char *)CHAIN_TAG, strlen(CHAIN_TAG));
	put_number(&st, e->id);
	put_number(&st, e->at);
	put_number(&st, e->actor_ref);
	put_number(&st, e->scheme_ref);
	put_field(&st, e->action);
	put_field(&st, e->subject);
	put_field(&st, e->detail);
	put_field(&st, e->ip);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static enum err
append(struct db *db, struct db_audit_entry *e)
{
	struct arena *a = arena_new(0);
	const char *prev;
	int64_t last;
	char hash[65];
	enum err rc = db_audit_last(db, a, &last, &prev);
	if (rc == ERR_OK) {
		e->id = last + 1;
		e->prev_hash = prev;
		app_audit_hash(prev, e, hash);
		e->hash = hash;
		rc = db_audit_append(db, e);
	}
	arena_free(a);
	return rc;
}

enum err
app_audit_append(struct db *db, int64_t at, int64_t actor_id, int64_t scheme_id,
    const char *action, const char *subject, const char *detail, const char *ip)
{
	struct db_audit_entry e = {
		.at = at, .actor_ref = actor_id, .scheme_ref = scheme_id,
		.action = action, .subject = subject ? subject : "",
		.detail = detail ? detail : "", .ip = ip ? ip : "",
	};
	if (db_in_transaction(db))
		return append(db, &e);
	/* every caller should be in a write transaction already; one that
	 * is not still reads and writes atomically */
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = append(db, &e)) == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_audit_verify_ex(struct db *db, struct arena *a, int64_t *checked, int64_t *bad_id,
    int64_t *predating)
{
	*checked = 0;
	*bad_id = 0;
	*predating = 0;
	int64_t after = 0;
	bool started = false;
	char prev[65] = "";
	char hash[65];
	for (;;) {
		struct db_audit_entry *rows;
		size_t n;
		struct arena *page = arena_new(0);
		enum err rc = db_audit_walk(db, page, after, WALK_PAGE, &rows, &n);
		if (rc != ERR_OK) {
			arena_free(page);
			return rc;
		}
		for (size_t i = 0; i < n && *bad_id == 0; i++) {
			const struct db_audit_entry *e = &rows[i];
			after = e->id;
			/* entries written before migration 0016 have no hash;
			 * once the chain has begun, an entry without one is a
			 * break (its hash blanked to hide an edit) */
			if (!started && e->hash[0] == '\0' && e->prev_hash[0] == '\0') {
				++*predating;
				continue;
			}
			/* the first hashed entry starts the chain: its prev_hash
			 * is "" (a fresh log) or the hash of an entry that a
			 * removal took away, which the walk cannot know, so
			 * it must be "" */
			started = true;
			app_audit_hash(prev, e, hash);
			if (strcmp(e->prev_hash, prev) != 0 || strcmp(e->hash, hash) != 0) {
				*bad_id = e->id;
				break;
			}
			memcpy(prev, e->hash, sizeof(prev));
			++*checked;
		}
		arena_free(page);
		if (*bad_id != 0 || n < WALK_PAGE)
			break;
	}
	(void)a;
	return ERR_OK;
}

enum err
app_audit_head(struct db *db, struct arena *a, int64_t *id, const char **hash)
{
	return db_audit_last(db, a, id, hash);
}

enum err
app_audit_anchor(struct db *db, struct arena *a, int64_t id, const char *hash)
{
	struct db_audit_entry *rows;
	size_t n;
	if (id <= 0)
		return ERR_NOT_FOUND;
	enum err rc = db_audit_walk(db, a, id - 1, 1, &rows, &n);
	if (rc != ERR_OK)
		return rc;
	if (n == 0 || rows[0].id != id)
		return ERR_NOT_FOUND;
	return strcmp(rows[0].hash, hash) == 0 ? ERR_OK : ERR_CONFLICT;
}

enum err
app_audit_verify(struct db *db, struct arena *a, int64_t *checked, int64_t *bad_id)
{
	int64_t predating;
	return app_audit_verify_ex(db, a, checked, bad_id, &predating);
}

/* ---- the view ---- */

bool
app_audit_may_view(const struct app_auth *me)
{
	return me != NULL && app_is_any_admin(me);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Midnight UTC at the start of iso (a real date). */
static int64_t
day_start(const char *iso)
{
	int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
	    (iso[3] - '0');
	int m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int d = (iso[8] - '0') * 10 + (iso[9] - '0');
	return days_from_civil(y, m, d) * 86400;
}

/* "%text%" with \, % and _ escaped for LIKE ... ESCAPE '\'. */
static const char *
like_pattern(struct arena *a, const char *text)
{
	size_t n = strlen(text);
	char *p = arena_alloc(a, 2 * n + 3);
	size_t k = 0;
	p[k++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\\' || text[i] == '%' || text[i] == '_')
			p[k++] = '\\';
		p[k++] = text[i];
	}
	p[k++] = '%';
	p[k] = '\0';
	return p;
}

static enum err
scheme_choices(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_audit_page *out)
{
	if (me->is_site_admin) {
		struct db_scheme *s;
		size_t n;
		enum err rc = db_scheme_list(db, a, &s, &n);
		if (rc != ERR_OK)
			return rc;
		out->schemes = arena_calloc(a, n + 1, sizeof(*out->schemes));
		for (size_t i = 0; i < n; i++)
			out->schemes[out->nschemes++] = (struct app_audit_scheme){s[i].id, s[i].name};
		return ERR_OK;
	}
	out->schemes = arena_calloc(a, me->nviews + 1, sizeof(*out->schemes));
	for (size_t i = 0; i < me->nviews; i++)
		if (strcmp(me->views[i].role, "scheme_admin") == 0)
			out->schemes[out->nschemes++] = (struct app_audit_scheme){
				me->views[i].scheme_id, me->views[i].scheme_name};
	return ERR_OK;
}

enum err
app_audit_search(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_audit_query *q, struct app_problems *ps, struct app_audit_page *out)
{
	memset(out, 0, sizeof(*out));
	if (!app_audit_may_view(me))
		return ERR_FORBIDDEN;
	/* another scheme's id never says whether it exists */
	if (q->scheme_id != 0 && !app_is_scheme_admin(me, q->scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = scheme_choices(db, a, me, out);
	if (rc != ERR_OK)
		return rc;
	const char **actions;
	size_t nactions;
	if ((rc = db_audit_actions(db, a, &actions, &nactions)) != ERR_OK)
		return rc;
	out->actions = arena_calloc(a, nactions + 1, sizeof(*out->actions));
	for (size_t i = 0; i < nactions; i++)
		if (me->is_site_admin || strncmp(actions[i], "concern.", 8) != 0)
			out->actions[out->nactions++] = actions[i];

	struct db_audit_filter f = {
		.before_id = q->before > 0 ? q->before : 0,
		.scope_admin_id = me->is_site_admin ? 0 : me->user_id,
		.like = q->q && *q->q ? like_pattern(a, q->q) : "",
		.actor = q->actor ? q->actor : "",
		.action_prefix = q->action ? q->action : "",
		.scheme_id = q->scheme_id,
	};
	/* the administrator of one scheme sees exactly that scheme's
	 * entries: start from audit_log_scheme_id rather than the whole log */
	if (!me->is_site_admin && f.scheme_id == 0 && out->nschemes == 1)
		f.scheme_id = out->schemes[0].id;
	size_t before_problems = ps->n;
	if (q->from && *q->from) {
		if (!app_date_is_real(q->from))
			app_problem(ps, "from", "The start date must be a real date, like 2026-03-31");
		else
			f.from_at = day_start(q->from);
	}
	if (q->to && *q->to) {
		if (!app_date_is_real(q->to))
			app_problem(ps, "to", "The end date must be a real date, like 2026-03-31");
		else
			f.to_at = day_start(q->to) + 86400;
	}
	if (f.from_at != 0 && f.to_at != 0 && f.to_at <= f.from_at)
		app_problem(ps, "to", "The end date must be the same as or after the start date");
	if (ps->n > before_problems)
		return ERR_BAD_INPUT;

	struct db_audit_row *rows;
	size_t n;
	if ((rc = db_audit_search(db, a, &f, APP_AUDIT_PAGE + 1, &rows, &n)) != ERR_OK)
		return rc;
	if (n > APP_AUDIT_PAGE) {
		n = APP_AUDIT_PAGE;
		out->next_before = rows[n - 1].e.id;
	}
	out->rows = rows;
	out->n = n;
	return ERR_OK;
}
