/*
 * cohorts.c - a scheme's cohorts (see cohorts.h).  The shared list
 * comes first; its owner writes the rest below.
 */
#include "app/cohorts.h"

enum err
app_cohorts_list(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    struct db_cohort **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	return db_cohorts_of_scheme(db, a, scheme_id, out, n);
}

/* ---- written by its owner below this line ---- */

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/imports.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/strparse.h"
#include "app/date.h"

static const char *
subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "cohort:%lld", (long long)id);
}

const char *
app_cohort_roles_words(const char *roles)
{
	bool mentor = roles != NULL && strstr(roles, "mentor") != NULL;
	bool mentee = roles != NULL && strstr(roles, "mentee") != NULL;
	return mentor && mentee ? "Mentor and mentee" : mentor ? "Mentor" :
	    mentee ? "Mentee" : "No role";
}

bool
app_cohort_check(const struct app_cohort_in *in, struct app_problems *ps)
{
	size_t before = ps->n;
	size_t len = str_utf8_len(in->name ? in->name : "");
	if (len == 0)
		app_problem(ps, "name", "Enter a name for the cohort");
	else if (len > APP_COHORT_NAME_MAX)
		app_problem(ps, "name", "The name must be 100 characters or fewer");
	if (str_utf8_len(in->description ? in->description : "") > APP_COHORT_DESC_MAX)
		app_problem(ps, "description", "The description must be 2000 characters or fewer");
	bool starts_ok = true, ends_ok = true;
	if (in->starts_on && *in->starts_on && !app_date_is_real(in->starts_on)) {
		app_problem(ps, "starts_on", "The start date must be a real date");
		starts_ok = false;
	}
	if (in->ends_on && *in->ends_on && !app_date_is_real(in->ends_on)) {
		app_problem(ps, "ends_on", "The end date must be a real date");
		ends_ok = false;
	}
	if (starts_ok && ends_ok && in->starts_on && *in->starts_on && in->ends_on &&
	    *in->ends_on && strcmp(in->ends_on, in->starts_on) < 0)
		app_problem(ps, "ends_on", "The end date must be the same as or after the start date");
	return ps->n == before;
}

/* The cohort, when me administers its scheme; ERR_NOT_FOUND otherwise. */
static enum err
load(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_cohort *out)
{
	if (me == NULL)
		return ERR_NOT_FOUND;
	enum err rc = db_cohort_get(db, a, id, out);
	if (rc != ERR_OK)
		return rc;
	return app_is_scheme_admin(me, out->scheme_id) ? ERR_OK : ERR_NOT_FOUND;
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

static enum err
check_name(struct db *db, int64_t scheme_id, const char *name, int64_t except,
    struct app_problems *ps)
{
	bool taken = false;
	enum err rc = db_cohort_name_taken(db, scheme_id, name, except, &taken);
	if (rc == ERR_OK && taken) {
		app_problem(ps, "name", "The scheme already has a cohort with this name");
		return ERR_BAD_INPUT;
	}
	return rc;
}

enum err
app_cohort_create(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_cohort_in *in, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	*id = 0;
	if (me == NULL || !app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if (!app_cohort_check(in, ps))
		return ERR_BAD_INPUT;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	struct db_cohort c = {.scheme_id = scheme_id, .name = in->name,
		.description = in->description ? in->description : "",
		.starts_on = in->starts_on ? in->starts_on : "",
		.ends_on = in->ends_on ? in->ends_on : ""};
	rc = check_name(db, scheme_id, in->name, 0, ps);
	if (rc == ERR_OK)
		rc = db_cohort_add(db, &c, me->user_id, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "cohort.add", subject(a, *id),
		    in->name, ip ? ip : "");
	return finish(db, rc);
}

enum err
app_cohort_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_cohort *out)
{
	return load(db, a, me, id, out);
}

enum err
app_cohort_update(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_cohort_in *in, const char *ip, struct app_problems *ps)
{
	struct db_cohort c;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	if (!app_cohort_check(in, ps))
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	struct db_cohort after = c;
	after.name = in->name;
	after.description = in->description ? in->description : "";
	after.starts_on = in->starts_on ? in->starts_on : "";
	after.ends_on = in->ends_on ? in->ends_on : "";
	rc = check_name(db, c.scheme_id, in->name, id, ps);
	if (rc == ERR_OK)
		rc = db_cohort_update(db, &after, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "cohort.edit", subject(a, id),
		    arena_printf(a, "before: %s, %s to %s; after: %s, %s to %s", c.name,
		    *c.starts_on ? c.starts_on : "no start", *c.ends_on ? c.ends_on : "no end",
		    after.name, *after.starts_on ? after.starts_on : "no start",
		    *after.ends_on ? after.ends_on : "no end"), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_cohort_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip)
{
	struct db_cohort c;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_cohort_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "cohort.delete", subject(a, id),
		    arena_printf(a, "%s (%lld members unlinked)", c.name, (long long)c.members),
		    ip ? ip : "");
	return finish(db, rc);
}

enum err
app_cohort_members(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    int64_t page, struct db_cohort_person **out, size_t *n)
{
	struct db_cohort c;
	*out = NULL;
	*n = 0;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	if (page <= 0)
		return db_cohort_members(db, a, id, c.scheme_id, -1, 0, out, n);
	return db_cohort_members(db, a, id, c.scheme_id, APP_COHORT_MEMBERS_PAGE,
	    (page - 1) * APP_COHORT_MEMBERS_PAGE, out, n);
}

/* "%q%" for LIKE, with q's own % _ and \ escaped by \; "" for no filter. */
static const char *
like_pattern(struct arena *a, const char *q)
{
	if (q == NULL || *q == '\0')
		return "";
	struct buf b;
	buf_init_arena(&b, a, 2 * strlen(q) + 3);
	buf_putc(&b, '%');
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *p);
	}
	buf_putc(&b, '%');
	return buf_take(&b, NULL);
}

enum err
app_cohort_candidates(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *q, struct db_cohort_person **out, size_t *n, int64_t *total)
{
	struct db_cohort c;
	*out = NULL;
	*n = 0;
	*total = 0;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	return db_cohort_candidates(db, a, c.scheme_id, id, like_pattern(a, q),
	    APP_COHORT_CANDIDATES_SHOWN, out, n, total);
}

enum err
app_cohort_add_people(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const int64_t *users, size_t nusers, const char *ip, struct app_problems *ps,
    size_t *added)
{
	struct db_cohort c;
	*added = 0;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	if (nusers == 0) {
		app_problem(ps, "people", "Choose at least one person to add");
		return ERR_BAD_INPUT;
	}
	if (nusers > APP_COHORT_ADD_MAX) {
		app_problem(ps, "people", "Choose at most 1000 people at once, or import a CSV file");
		return ERR_BAD_INPUT;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* each insert checks, as it writes, that the person is an active
	 * participant (one indexed statement each, M3): nobody changes
	 * them meanwhile */
	int64_t now = clock_now();
	for (size_t i = 0; rc == ERR_OK && i < nusers; i++) {
		bool is_new = false;
		rc = db_cohort_member_add_active(db, id, c.scheme_id, users[i], me->user_id, now,
		    &is_new);
		if (rc != ERR_OK)
			break;
		if (is_new) {
			(*added)++;
			continue;
		}
		struct db_cohort_person p;
		rc = db_cohort_person_by_id(db, a, c.scheme_id, id, users[i], &p);
		if (rc == ERR_OK && p.is_member && strcmp(p.status, "active") == 0)
			continue;        /* already in: nothing to do */
		if (rc == ERR_OK || rc == ERR_NOT_FOUND) {
			app_problem(ps, "people", "Someone you chose cannot be added: only people "
			    "with an active account in this scheme can be");
			rc = ERR_BAD_INPUT;
		}
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "cohort.members.add",
		    subject(a, id), arena_printf(a, "%zu added by selection", *added),
		    ip ? ip : "");
	return finish(db, rc);
}

enum err
app_cohort_remove_person(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t user_id, const char *ip)
{
	struct db_cohort c;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	bool removed = false;
	rc = db_cohort_member_remove(db, id, user_id, &removed);
	if (rc == ERR_OK && !removed)
		rc = ERR_NOT_FOUND;
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "cohort.members.remove",
		    subject(a, id), arena_printf(a, "user:%lld", (long long)user_id),
		    ip ? ip : "");
	return finish(db, rc);
}

/* ---- CSV import ---- */

static const char *
trimmed(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* The rows' user ids seen so far: open addressing over a power of two
 * (at most APP_COHORT_CSV_ROWS ids), value the row's index + 1. */
struct seen {
	int64_t *ids;
	size_t *rows;
	size_t mask;
};

static size_t *
seen_slot(struct seen *s, int64_t id)
{
	size_t h = (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ULL) >> 32) & s->mask;
	while (s->rows[h] != 0 && s->ids[h] != id)
		h = (h + 1) & s->mask;
	s->ids[h] = id;
	return &s->rows[h];
}

/* Check every row: each username or email is one indexed lookup among
 * the scheme's participants (M3: never a scan of the scheme). */
static enum err
check_rows(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    const struct csv_row *rows, size_t nrows, struct app_cohort_import *out)
{
	/* the header */
	size_t col = SIZE_MAX;
	struct buf ign;
	buf_init_arena(&ign, a, 8192);
	for (size_t i = 0; i < rows[0].n; i++) {
		const char *h = trimmed(a, rows[0].f[i]);
		if (col == SIZE_MAX && (strcasecmp(h, "username") == 0 ||
		    strcasecmp(h, "email") == 0)) {
			col = i;
			out->column = strcasecmp(h, "username") == 0 ? "username" : "email";
		} else {
			buf_printf(&ign, "%s%s", ign.len ? ", " : "", *h ? h : "(a column with no name)");
		}
	}
	out->ignored = buf_take(&ign, NULL);
	if (col == SIZE_MAX) {
		out->file_problem = "The first row must name the columns, with one called "
		    "\"username\" or \"email\"";
		return ERR_OK;
	}
	bool by_email = strcmp(out->column, "email") == 0;
	struct seen seen = {.mask = 15};
	while (seen.mask + 1 < 2 * nrows)
		seen.mask = 2 * seen.mask + 1;
	seen.ids = arena_calloc(a, seen.mask + 1, sizeof(*seen.ids));
	seen.rows = arena_calloc(a, seen.mask + 1, sizeof(*seen.rows));
	out->nrows = nrows - 1;
	out->rows = arena_alloc(a, (out->nrows ? out->nrows : 1) * sizeof(*out->rows));
	for (size_t r = 1; r < nrows; r++) {
		struct app_cohort_import_row *row = &out->rows[r - 1];
		*row = (struct app_cohort_import_row){.line = rows[r].line};
		row->value = col < rows[r].n ? trimmed(a, rows[r].f[col]) : "";
		bool empty = true;
		for (size_t i = 0; i < rows[r].n && empty; i++)
			empty = *trimmed(a, rows[r].f[i]) == '\0';
		if (empty) {
			row->problem = "the row is empty";
			continue;
		}
		if (*row->value == '\0') {
			row->problem = arena_printf(a, "the %s is empty", out->column);
			continue;
		}
		struct db_cohort_person found[2];
		size_t matches = 0;
		enum err rc = db_cohort_person_find(db, a, scheme_id, cohort_id, by_email,
		    row->value, found, &matches);
		if (rc != ERR_OK)
			return rc;
		const struct db_cohort_person *p = &found[0];
		if (matches == 0) {
			row->problem = arena_printf(a, "no one in this scheme has the %s %s",
			    out->column, row->value);
			continue;
		}
		if (matches > 1) {
			row->problem = arena_printf(a, "more than one person in this scheme has the "
			    "email %s: use usernames", row->value);
			continue;
		}
		row->user_id = p->user_id;
		row->name = p->name;
		if (strcmp(p->status, "pending") == 0)
			row->problem = arena_printf(a, "%s has not been approved yet", p->username);
		else if (strcmp(p->status, "active") != 0)
			row->problem = arena_printf(a, "%s's account is not active", p->username);
		else if (p->is_member)
			row->problem = arena_printf(a, "%s is already in this cohort", p->username);
		if (row->problem == NULL) {
			size_t *first = seen_slot(&seen, p->user_id);
			if (*first != 0)
				row->problem = arena_printf(a, "the same person as line %zu",
				    out->rows[*first - 1].line);
			else
				*first = r;
		}
	}
	for (size_t i = 0; i < out->nrows; i++) {
		if (out->rows[i].problem != NULL)
			out->nproblems++;
		else
			out->nadd++;
	}
	return ERR_OK;
}

/* A fault of the file as a whole, in words (app/imports.h). */
static const char *
csv_problem(struct arena *a, enum err rc, const struct csv_error *e)
{
	const char *t = app_csv_fault_text(a, e,
	    "The file has too many rows (at most 5000) or columns (at most 100)");
	return t != NULL || rc == ERR_OK ? t : "The file could not be read as CSV";
}

enum err
app_cohort_import(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *text, size_t len, bool dry_run, const char *expect_hash, const char *ip,
    struct app_cohort_import *out)
{
	struct db_cohort c;
	*out = (struct app_cohort_import){.column = "", .ignored = ""};
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	/* line ends as LF: a browser sends the text back with CRLF */
	char *norm = arena_alloc(a, len + 1);
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			norm[k++] = '\n';
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
		} else {
			norm[k++] = text[i];
		}
	}
	norm[k] = '\0';
	text = norm;
	len = k;
	if ((rc = app_import_digest(db, "cohort", me->user_id, id, text, len,
	    out->hash)) != ERR_OK)
		return rc;
	if (len == 0) {
		out->file_problem = "The file is empty";
		return dry_run ? ERR_OK : ERR_BAD_INPUT;
	}
	if (len > APP_COHORT_CSV_MAX) {
		out->file_problem = "The file must be smaller than 1 MB";
		return dry_run ? ERR_OK : ERR_BAD_INPUT;
	}
	struct csv_row *rows;
	struct csv_error cerr;
	size_t nrows = 0;
	rc = csv_parse_ex(a, text, len, APP_COHORT_CSV_ROWS + 1, 100, &rows, &nrows, &cerr);
	if (rc != ERR_OK)
		out->file_problem = csv_problem(a, rc, &cerr);
	else if (nrows == 0)
		out->file_problem = "The file is empty";
	if (out->file_problem != NULL)
		return dry_run ? ERR_OK : ERR_BAD_INPUT;

	/* every lookup before any write: the transaction below only inserts */
	if ((rc = check_rows(db, a, c.scheme_id, id, rows, nrows, out)) != ERR_OK)
		return rc;
	if (dry_run)
		return ERR_OK;
	if (out->file_problem == NULL && (expect_hash == NULL || *expect_hash == '\0'))
		out->file_problem = "Check the file first: send the same text with the hash "
		    "that its check (a dry run) gave";
	else if (out->file_problem == NULL && (strlen(expect_hash) != HASH_HEX_LEN ||
	    sodium_memcmp(expect_hash, out->hash, HASH_HEX_LEN) != 0))
		out->file_problem = "The file changed since it was checked: check it again";
	if (out->file_problem == NULL && out->nadd == 0 && out->nproblems == 0)
		out->file_problem = "The file has no one to add";
	if (out->file_problem != NULL || out->nproblems > 0)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	int64_t now = clock_now();
	size_t added = 0;
	for (size_t i = 0; rc == ERR_OK && i < out->nrows; i++) {
		bool is_new = false;
		rc = db_cohort_member_add_active(db, id, c.scheme_id, out->rows[i].user_id,
		    me->user_id, now, &is_new);
		if (rc == ERR_OK && !is_new) {
			/* added meanwhile by someone else: fine; no longer an
			 * active participant: nothing is written */
			struct db_cohort_person p;
			rc = db_cohort_person_by_id(db, a, c.scheme_id, id, out->rows[i].user_id, &p);
			if (rc == ERR_NOT_FOUND || (rc == ERR_OK && strcmp(p.status, "active") != 0)) {
				out->rows[i].problem = "the account changed since the check";
				out->nproblems = 1;
				out->nadd--;
				out->file_problem = arena_printf(a, "Someone's account changed since the "
				    "file was checked (line %zu): check it again", out->rows[i].line);
				rc = ERR_BAD_INPUT;
			}
		}
		added += is_new;
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "cohort.import", subject(a, id),
		    arena_printf(a, "%zu added from a CSV file", added), ip ? ip : "");
	rc = finish(db, rc);
	out->is_written = rc == ERR_OK;
	return rc;
}

/* ---- demo data ---- */

/* "Autumn 2026 intake" with the scheme's active mentors and mentees
 * (olivia.grant is pending, so she is not in it). */
enum err
app_demo_cohorts_tx(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new(0);
	struct db_cohort c = {.scheme_id = scheme_id, .name = "Autumn 2026 intake",
		.description = "Mentors and mentees who joined the scheme in the autumn.",
		.starts_on = "2026-09-01", .ends_on = "2027-08-31"};
	int64_t id = 0, now = clock_now();
	struct db_cohort_person *p;
	size_t n = 0;
	enum err rc = db_cohort_add(db, &c, 0, now, &id);
	if (rc == ERR_OK)
		rc = db_cohort_people(db, a, scheme_id, id, &p, &n);
	for (size_t i = 0; rc == ERR_OK && i < n; i++) {
		bool added;
		if (strcmp(p[i].status, "active") == 0 && strcmp(p[i].username, "olivia.grant") != 0)
			rc = db_cohort_member_add(db, id, p[i].user_id, 0, now, &added);
	}
	arena_free(a);
	return rc;
}
