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

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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
    struct db_cohort_person **out, size_t *n)
{
	struct db_cohort c;
	*out = NULL;
	*n = 0;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	return db_cohort_members(db, a, id, c.scheme_id, out, n);
}

static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	for (const char *p = hay; *p; p++) {
		size_t i = 0;
		while (i < nl && p[i] && tolower((unsigned char)p[i]) ==
		    tolower((unsigned char)needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return nl == 0;
}

static bool
is_candidate(const struct db_cohort_person *p)
{
	return strcmp(p->status, "active") == 0 && !p->is_member;
}

enum err
app_cohort_candidates(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *q, struct db_cohort_person **out, size_t *n)
{
	struct db_cohort c;
	struct db_cohort_person *all;
	size_t nall;
	*out = NULL;
	*n = 0;
	enum err rc = load(db, a, me, id, &c);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_cohort_people(db, a, c.scheme_id, id, &all, &nall)) != ERR_OK)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < nall; i++) {
		if (!is_candidate(&all[i]))
			continue;
		if (q != NULL && *q && !contains_nocase(all[i].name, q) &&
		    !contains_nocase(all[i].username, q) && !contains_nocase(all[i].email, q))
			continue;
		all[k++] = all[i];
	}
	*out = all;
	*n = k;
	return ERR_OK;
}

enum err
app_cohort_add_people(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const int64_t *users, size_t nusers, const char *ip, struct app_problems *ps,
    size_t *added)
{
	struct db_cohort c;
	struct db_cohort_person *all;
	size_t nall;
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
	/* checked inside the transaction: nobody changes them meanwhile */
	rc = db_cohort_people(db, a, c.scheme_id, id, &all, &nall);
	for (size_t i = 0; rc == ERR_OK && i < nusers; i++) {
		const struct db_cohort_person *p = NULL;
		for (size_t k = 0; k < nall && p == NULL; k++)
			if (all[k].user_id == users[i])
				p = &all[k];
		if (p == NULL || strcmp(p->status, "active") != 0) {
			app_problem(ps, "people", "Someone you chose cannot be added: only people "
			    "with an active account in this scheme can be");
			rc = ERR_BAD_INPUT;
			break;
		}
		bool is_new = false;
		rc = db_cohort_member_add(db, id, users[i], me->user_id, clock_now(), &is_new);
		if (is_new)
			(*added)++;
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

/* Check every row against the scheme's people (loaded once). */
static void
check_rows(struct arena *a, const struct csv_row *rows, size_t nrows,
    const struct db_cohort_person *all, size_t nall, struct app_cohort_import *out)
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
		return;
	}
	bool by_email = strcmp(out->column, "email") == 0;
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
		const struct db_cohort_person *p = NULL;
		size_t matches = 0;
		for (size_t k = 0; k < nall; k++)
			if (strcasecmp(by_email ? all[k].email : all[k].username, row->value) == 0) {
				if (p == NULL)
					p = &all[k];
				matches++;
			}
		if (p == NULL) {
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
		for (size_t e = 0; e + 1 < r && row->problem == NULL; e++)
			if (out->rows[e].user_id == p->user_id)
				row->problem = arena_printf(a, "the same person as line %zu",
				    out->rows[e].line);
	}
	for (size_t i = 0; i < out->nrows; i++) {
		if (out->rows[i].problem != NULL)
			out->nproblems++;
		else
			out->nadd++;
	}
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
	crypto_hash_hex(text, len, out->hash);
	if (len == 0) {
		out->file_problem = "The file is empty";
		return dry_run ? ERR_OK : ERR_BAD_INPUT;
	}
	if (len > APP_COHORT_CSV_MAX) {
		out->file_problem = "The file must be smaller than 1 MB";
		return dry_run ? ERR_OK : ERR_BAD_INPUT;
	}
	if (memchr(text, '\0', len) != NULL) {
		out->file_problem = "The file must be a CSV file (text), not a spreadsheet or "
		    "other binary file: save it as CSV";
		return dry_run ? ERR_OK : ERR_BAD_INPUT;
	}
	struct csv_row *rows;
	size_t nrows = 0, err_line = 0;
	rc = csv_parse(a, text, len, APP_COHORT_CSV_ROWS + 1, 100, &rows, &nrows, &err_line);
	if (rc == ERR_TOO_LARGE) {
		out->file_problem = "The file has too many rows (at most 5000) or columns (at most "
		    "100)";
	} else if (rc != ERR_OK) {
		out->file_problem = arena_printf(a, "The file could not be read as CSV at line %zu: "
		    "check the quotes on that line", err_line);
	} else if (nrows == 0) {
		out->file_problem = "The file is empty";
	}
	if (out->file_problem != NULL)
		return dry_run ? ERR_OK : ERR_BAD_INPUT;

	bool write = !dry_run;
	if (write && (rc = db_begin(db)) != ERR_OK)
		return rc;
	struct db_cohort_person *all;
	size_t nall;
	if ((rc = db_cohort_people(db, a, c.scheme_id, id, &all, &nall)) != ERR_OK) {
		if (write)
			db_rollback(db);
		return rc;
	}
	check_rows(a, rows, nrows, all, nall, out);
	if (!write)
		return ERR_OK;
	if (expect_hash != NULL && *expect_hash && strcmp(expect_hash, out->hash) != 0 &&
	    out->file_problem == NULL)
		out->file_problem = "The file changed since it was checked: check it again";
	if (out->file_problem == NULL && out->nadd == 0 && out->nproblems == 0)
		out->file_problem = "The file has no one to add";
	if (out->file_problem != NULL || out->nproblems > 0) {
		db_rollback(db);
		return ERR_BAD_INPUT;
	}
	int64_t now = clock_now();
	size_t added = 0;
	for (size_t i = 0; rc == ERR_OK && i < out->nrows; i++) {
		bool is_new = false;
		rc = db_cohort_member_add(db, id, out->rows[i].user_id, me->user_id, now, &is_new);
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
