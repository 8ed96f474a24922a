/*
 * people.c - people administration (ADM-1, ADM-3): the CSV import with
 * its dry run, and deactivating and reactivating a person.
 *
 * Design:
 * - The dry run and the import run the same check (check_rows), so they
 *   can never disagree; the import runs it again inside its transaction
 *   (BEGIN IMMEDIATE), so a username taken since the dry run is caught.
 * - The digest ties the confirm step to the text the administrator saw
 *   checked: keyed BLAKE2b-256 (app_import_digest), its key derived from the
 *   installation's secret (app_secret_key) for this administrator and
 *   this scheme, as the cohort import does.  A digest one administrator
 *   was shown for one scheme is refused for another administrator or
 *   scheme, and nobody can make one without a dry run.
 * - Imported people get one argon2id hash of 32 random bytes made per
 *   import, before the transaction (argon2id costs ~50 ms; a hash per
 *   person would hold the write lock for a minute on a large file).
 *   Nobody knows the bytes, so no one can sign in until they set their
 *   own password with the link in their email.
 * - Deactivation never ends live relationships silently: it refuses and
 *   lists them, so the administrator ends or reassigns each one first.
 * - Editing has three rights, not one (security review H1): roles in the
 *   caller's own schemes for anyone they can see (that is how an existing
 *   person joins another of their schemes); names under
 *   app_people_may_change; email and username also need the person to
 *   administer no scheme, since a changed email is one password reset
 *   away from the account.  A scheme administrator can never take over a
 *   fellow administrator this way.
 * - Audit rows of a person go under the schemes the person is in, one
 *   row each, never under the editor's scheme (H4): administrators of
 *   scheme A must not read B-only people's details in A's log.
 * - Email addresses are one per person (ADM-9, one identity), so the
 *   import and the edit refuse one in use.  Who uses it is said only when
 *   that person is in the caller's schemes; otherwise the message is the
 *   same for every address in use and names no one (L2, the residual
 *   "some account has it" is documented in docs/people-admin.md).
 *
 * Traps: the set-password link is secret: it goes into the email only
 * (kind account.invited, which the outbox marks secret), never into an
 * audit detail or a log line.
 */
#include "app/people.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/imports.h"
#include "app/pairing.h"
#include "app/schemeconf.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/crypto.h"

enum { COL_USERNAME, COL_EMAIL, COL_GIVEN, COL_FAMILY, COL_ROLE, NCOLS };

static const char *const col_names[NCOLS] = {"username", "email", "given_name",
	"family_name", "role"};

static const char *
trim(struct arena *a, const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return arena_strndup(a, s, len);
}

static void
add_problem(struct buf *b, const char *message)
{
	buf_printf(b, "%s%s", b->len ? "; " : "", message);
}

/* The text with CRLF and CR as LF: a browser sends a form's line breaks
 * as CRLF, so the confirm step's copy must hash as the dry run's did. */
static const char *
normalise(struct arena *a, const char *text)
{
	size_t len = strlen(text), j = 0;
	char *out = arena_alloc(a, len + 1);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			out[j++] = '\n';
			if (text[i + 1] == '\n')
				i++;
		} else {
			out[j++] = text[i];
		}
	}
	out[j] = '\0';
	return out;
}

/* Is `email` used by someone other than `except_id`?  The problem, if
 * any, is appended to *b: the import's words (with the address) or the
 * edit form's.  L2: the person is named only when they are in the
 * caller's schemes; for anyone else the words are the same whoever it is,
 * and say how an existing account joins a scheme. */
static enum err
email_in_use(struct db *db, struct arena *a, const struct app_auth *me,
    const char *email, int64_t except_id, struct buf *b, bool is_import)
{
	int64_t id;
	const char *username;
	bool mine;
	enum err rc = db_people_email_user(db, a, email, me->is_site_admin ? 0 : me->user_id,
	    except_id, &id, &username, &mine);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	if (mine && is_import)
		add_problem(b, arena_printf(a, "Email %s is already used by %s: to add them to "
		    "this scheme, give them a role from their page in People instead", email,
		    username));
	else if (mine)
		add_problem(b, arena_printf(a, "That email address is already used by %s",
		    username));
	else if (is_import)
		add_problem(b, arena_printf(a, "Email %s cannot be used for a new account. If "
		    "the person already has a Tandem account, ask a site administrator to add "
		    "them to this scheme", email));
	else
		add_problem(b, "This email address cannot be used. Check it, or ask a site "
		    "administrator");
	return ERR_OK;
}

/* A fault of the file as a whole, in words (app/imports.h). */
static const char *
csv_problem(struct arena *a, const struct csv_error *e)
{
	const char *t = app_csv_fault_text(a, e, arena_printf(a, "The file must have %d "
	    "people or fewer, with at most 20 columns", APP_PEOPLE_IMPORT_MAX));
	return t != NULL ? t : "The file could not be read as CSV";
}

/* Every row's problems into out->rows; the file's own into out->problem;
 * out->digest the text's, keyed to `me` and the scheme. */
static enum err
check_rows(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    const char *text, struct app_import *out)
{
	struct csv_row *rows;
	struct csv_error cerr;
	size_t n;
	int cols[NCOLS];

	memset(out, 0, sizeof(*out));
	text = normalise(a, text);
	enum err rc = app_import_digest(db, "people", me->user_id, scheme_id, text,
	    strlen(text), out->digest);
	if (rc != ERR_OK)
		return rc;
	if (strlen(text) > APP_PEOPLE_IMPORT_BYTES) {
		out->problem = "The file must be 512 KB or smaller";
		return ERR_OK;
	}
	rc = csv_parse_ex(a, text, strlen(text), APP_PEOPLE_IMPORT_MAX + 1, 20, &rows, &n,
	    &cerr);
	if (rc == ERR_TOO_LARGE || rc == ERR_BAD_INPUT) {
		out->problem = csv_problem(a, &cerr);
		return ERR_OK;
	}
	if (rc != ERR_OK)
		return rc;
	if (n == 0) {
		out->problem = "The file is empty: it needs a header row and a row for "
		    "each person";
		return ERR_OK;
	}
	for (int c = 0; c < NCOLS; c++) {
		cols[c] = -1;
		for (size_t i = 0; i < rows[0].n; i++)
			if (strcasecmp(trim(a, rows[0].f[i]), col_names[c]) == 0)
				cols[c] = (int)i;
		if (cols[c] < 0) {
			out->problem = arena_printf(a, "The first line must be a header naming "
			    "the columns username, email, given_name, family_name and role "
			    "(%s is missing)", col_names[c]);
			return ERR_OK;
		}
	}
	if (n == 1) {
		out->problem = "The file has a header but no people";
		return ERR_OK;
	}
	out->n = n - 1;
	out->rows = arena_calloc(a, out->n, sizeof(*out->rows));
	char password[TOKEN_TEXT_LEN + 1];
	crypto_token(password);   /* passes the password rule; never stored */
	for (size_t i = 0; i < out->n; i++) {
		const struct csv_row *r = &rows[i + 1];
		struct app_import_row *x = &out->rows[i];
		const char *v[NCOLS];
		for (int c = 0; c < NCOLS; c++)
			v[c] = (size_t)cols[c] < r->n ? trim(a, r->f[cols[c]]) : "";
		x->line = r->line;
		x->username = v[COL_USERNAME];
		x->email = v[COL_EMAIL];
		x->given_name = v[COL_GIVEN];
		x->family_name = v[COL_FAMILY];
		x->role = v[COL_ROLE];

		struct buf b;
		buf_init_arena(&b, a, 256);
		struct app_problems ps = {0};
		(void)app_user_check(&(struct app_new_user){.username = x->username,
		    .email = x->email, .given_name = x->given_name,
		    .family_name = x->family_name, .password = password}, &ps);
		for (size_t k = 0; k < ps.n; k++) {
			if (strcmp(ps.p[k].field, "given_name") == 0)
				add_problem(&b, "Enter a given name of 1 to 100 characters");
			else if (strcmp(ps.p[k].field, "family_name") == 0)
				add_problem(&b, "Enter a family name of 1 to 100 characters");
			else if (strcmp(ps.p[k].field, "password") != 0)
				add_problem(&b, ps.p[k].message);
		}
		if (strcmp(x->role, "mentor") != 0 && strcmp(x->role, "mentee") != 0 &&
		    strcmp(x->role, "both") != 0)
			add_problem(&b, *x->role ? "Role must be mentor, mentee or both" :
			    "Enter a role: mentor, mentee or both");
		for (size_t j = 0; j < i; j++) {
			if (*x->username && strcasecmp(out->rows[j].username, x->username) == 0) {
				add_problem(&b, arena_printf(a, "Username %s is also on line %zu",
				    x->username, out->rows[j].line));
				break;
			}
		}
		for (size_t j = 0; j < i; j++) {
			if (*x->email && strcasecmp(out->rows[j].email, x->email) == 0) {
				add_problem(&b, arena_printf(a, "Email %s is also on line %zu",
				    x->email, out->rows[j].line));
				break;
			}
		}
		struct db_user u;
		if (*x->username && (rc = db_user_by_username(db, a, x->username, &u)) != ERR_NOT_FOUND) {
			if (rc != ERR_OK)
				goto fail;
			add_problem(&b, arena_printf(a, "Username %s is already taken", x->username));
		}
		if (*x->email && (rc = email_in_use(db, a, me, x->email, 0, &b, true)) != ERR_OK)
			goto fail;
		if (b.len) {
			x->problem = buf_str(&b);
			out->nbad++;
		}
	}
	crypto_wipe(password, sizeof(password));
	return ERR_OK;
fail:
	crypto_wipe(password, sizeof(password));
	return rc;
}

enum err
app_people_import_check(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *text, struct app_import *out)
{
	struct db_scheme scheme;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_get(db, a, scheme_id, &scheme)) != ERR_OK)
		return rc;
	return check_rows(db, a, me, scheme_id, text ? text : "", out);
}

static const char *
role_words(const char *role)
{
	if (strcmp(role, "both") == 0)
		return "a mentor and a mentee";
	return strcmp(role, "mentor") == 0 ? "a mentor" : "a mentee";
}

/* One imported person: the row, roles, the link and the email. */
static enum err
import_one_tx(struct db *db, struct arena *a, const struct app_import_row *x,
    int64_t scheme_id, const char *scheme_name, const char *admin_name,
    const char *hash, int64_t now)
{
	struct db_user row = {
		.username = x->username, .email = x->email, .given_name = x->given_name,
		.family_name = x->family_name, .password_hash = hash, .status = "active",
		.created_at = now, .approved_at = now,
	};
	int64_t id;
	enum err rc = db_user_create(db, &row, &id);
	if (rc == ERR_OK && strcmp(x->role, "mentee") != 0)
		rc = db_role_add(db, id, scheme_id, "mentor", now);
	if (rc == ERR_OK && strcmp(x->role, "mentor") != 0)
		rc = db_role_add(db, id, scheme_id, "mentee", now);
	if (rc != ERR_OK)
		return rc;

	char token[TOKEN_TEXT_LEN + 1], th[HASH_HEX_LEN + 1];
	crypto_token(token);
	crypto_hash_hex(token, strlen(token), th);
	char *text = arena_printf(a,
	    "Hello %s,\n\n"
	    "%s, an administrator of %s, has added you to Tandem, the mentoring "
	    "scheme's website, as %s.\n\n"
	    "Your username is %s.\n\n"
	    "To start, choose your password by opening this link:\n\n"
	    "%s/password/reset/%s\n\n"
	    "The link works once, for 7 days. After that, use \"Forgotten your "
	    "password?\" on the sign-in page with your username and this email "
	    "address.\n\n"
	    "If you did not expect this, contact the scheme administrator.\n\n"
	    "Tandem\n",
	    x->given_name, admin_name, scheme_name, role_words(x->role), x->username,
	    app_mail_base(), token);
	crypto_wipe(token, sizeof(token));
	rc = db_reset_add(db, th, id, now, now + APP_PEOPLE_INVITE_TTL);
	if (rc == ERR_OK)
		rc = app_notice_tx(db, &(struct app_notice){.user_id = id,
		    .to = x->email,
		    .kind = "account.invited",
		    .scheme_id = scheme_id,
		    .subject = arena_printf(a, "You have been added to %s", scheme_name),
		    .text = text,
		    .path = "/sign-in"});
	crypto_wipe(text, strlen(text));
	return rc;
}

enum err
app_people_import_commit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *text, const char *digest, const char *ip,
    struct app_import *out, size_t *created)
{
	struct db_scheme scheme;
	struct db_user admin;
	char pw[TOKEN_TEXT_LEN + 1], hash[PASSWORD_HASH_MAX];
	enum err rc;

	*created = 0;
	memset(out, 0, sizeof(*out));
	text = text ? text : "";
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_get(db, a, scheme_id, &scheme)) != ERR_OK)
		return rc;
	if ((rc = db_user_get(db, a, me->user_id, &admin)) != ERR_OK)
		return rc;
	/* 32 random bytes, as text for the hash; nobody ever sees them */
	crypto_token(pw);
	rc = crypto_password_hash(pw, hash);
	crypto_wipe(pw, sizeof(pw));
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = check_rows(db, a, me, scheme_id, text, out)) != ERR_OK)
		goto out;
	/* the digest of this administrator's dry run of this text for this
	 * scheme, else nothing is imported (the words as the cohort import's) */
	if (out->problem == NULL && (digest == NULL || *digest == '\0'))
		out->problem = "Check the file first: send the same text with the digest "
		    "that its check (the dry run) gave";
	else if (out->problem == NULL && (strlen(digest) != HASH_HEX_LEN ||
	    sodium_memcmp(digest, out->digest, HASH_HEX_LEN) != 0))
		out->problem = "The file changed since it was checked: check it again "
		    "before importing";
	if (out->problem != NULL || out->nbad > 0) {
		rc = ERR_BAD_INPUT;
		goto out;
	}
	int64_t now = clock_now();
	const char *admin_name = arena_printf(a, "%s %s", admin.given_name,
	    admin.family_name);
	for (size_t i = 0; i < out->n && rc == ERR_OK; i++)
		rc = import_one_tx(db, a, &out->rows[i], scheme_id, scheme.name,
		    admin_name, hash, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "people.import",
		    arena_printf(a, "scheme:%lld", (long long)scheme_id),
		    arena_printf(a, "%zu people imported", out->n), ip ? ip : "");
out:
	if (rc == ERR_OK) {
		rc = db_commit(db);
		if (rc == ERR_OK)
			*created = out->n;
	} else {
		db_rollback(db);
	}
	crypto_wipe(hash, sizeof(hash));
	return rc;
}

/* ---- deactivate and reactivate ---- */

/* app_people_may_change, also giving the person's roles (for the audit). */
static enum err
change_scope(struct db *db, struct arena *a, const struct app_auth *me, int64_t user_id,
    struct db_user *u, struct db_role **roles, size_t *n)
{
	enum err rc;

	*roles = NULL;
	*n = 0;
	if (me == NULL || me->user_id <= 0)
		return ERR_NOT_FOUND;
	if ((rc = app_user_visible(db, me, user_id)) != ERR_OK)
		return rc;
	if ((rc = db_user_get(db, a, user_id, u)) != ERR_OK)
		return rc;
	if ((rc = db_roles_of_user(db, a, user_id, roles, n)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < *n; i++)
		if (!app_is_scheme_admin(me, (*roles)[i].scheme_id))
			return ERR_FORBIDDEN;
	if (u->is_site_admin && !me->is_site_admin)
		return ERR_FORBIDDEN;
	return ERR_OK;
}

enum err
app_people_may_change(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct db_user *u, int64_t *scheme_id)
{
	struct db_role *roles;
	size_t n;
	enum err rc = change_scope(db, a, me, user_id, u, &roles, &n);

	*scheme_id = rc == ERR_OK && n > 0 ? roles[0].scheme_id : 0;
	return rc;
}

enum err
app_people_may_change_each(struct db *db, struct arena *a, const struct app_auth *me,
    const int64_t *ids, size_t n, bool *ok)
{
	struct db_people_scope *rows;
	size_t nrows;

	for (size_t i = 0; i < n; i++)
		ok[i] = me != NULL && me->is_site_admin;
	if (n == 0 || me == NULL || me->user_id <= 0 || me->is_site_admin)
		return ERR_OK;
	enum err rc = db_people_scope_of(db, a, ids, n, &rows, &nrows);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		/* rows are by user id: the person's run by binary search */
		size_t lo = 0, hi = nrows;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (rows[mid].user_id < ids[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		bool mine = lo < nrows && rows[lo].user_id == ids[i];  /* exists */
		for (size_t j = lo; mine && j < nrows && rows[j].user_id == ids[i]; j++)
			mine = !rows[j].is_site_admin && (rows[j].scheme_id == 0 ||
			    app_is_scheme_admin(me, rows[j].scheme_id));
		ok[i] = mine;
	}
	return ERR_OK;
}

/* Append a scheme id to ids[] unless it is there already. */
static void
add_scheme(int64_t *ids, size_t *n, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id)
			return;
	ids[(*n)++] = id;
}

/* H4: the same row under each scheme the person is in (roles[]), or one
 * of no scheme (0) when they are in none; never the editor's scheme. */
static enum err
audit_person_tx(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, const struct db_role *roles, size_t n, const char *action,
    const char *detail, const char *ip)
{
	int64_t *ids = arena_calloc(a, n + 1, sizeof(*ids));
	size_t nids = 0;
	enum err rc = ERR_OK;
	const char *subject = arena_printf(a, "user:%lld", (long long)user_id);

	for (size_t i = 0; i < n; i++)
		add_scheme(ids, &nids, roles[i].scheme_id);
	if (nids == 0)
		ids[nids++] = 0;
	for (size_t i = 0; i < nids && rc == ERR_OK; i++)
		rc = app_audit_tx(db, me->user_id, ids[i], action, subject, detail,
		    ip ? ip : "");
	return rc;
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

enum err
app_people_deactivate(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, const char *reason, const char *ip, struct app_problems *ps,
    struct db_people_rel **live, size_t *nlive)
{
	struct db_user u;
	struct db_role *roles;
	size_t nroles, closed = 0;
	int64_t ended = 0;
	enum err rc;

	*live = NULL;
	*nlive = 0;
	reason = reason ? reason : "";
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = change_scope(db, a, me, user_id, &u, &roles, &nroles)) != ERR_OK)
		goto out;
	if (blank(reason) || strlen(reason) > APP_PEOPLE_REASON_MAX) {
		app_problem(ps, "reason", blank(reason) ?
		    "Enter why you are deactivating this account" :
		    "Reason must be 500 characters or fewer");
		rc = ERR_BAD_INPUT;
		goto out;
	}
	if (user_id == me->user_id || strcmp(u.status, "active") != 0) {
		rc = ERR_CONFLICT;
		goto out;
	}
	if ((rc = db_people_live_rels(db, a, user_id, live, nlive)) != ERR_OK)
		goto out;
	if (*nlive > 0) {
		rc = ERR_CONFLICT;
		goto out;
	}
	if ((rc = db_people_set_status(db, user_id, "deactivated")) != ERR_OK)
		goto out;
	if ((rc = db_sessions_end_user(db, user_id, "", &ended)) != ERR_OK)
		goto out;
	if ((rc = app_requests_close_for_person_tx(db, a, user_id, &closed)) != ERR_OK)
		goto out;
	rc = audit_person_tx(db, a, me, user_id, roles, nroles, "account.deactivate",
	    arena_printf(a, "status: active -> deactivated; reason: %s; %lld sessions "
	    "ended; %zu requests closed", reason, (long long)ended, closed), ip);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_people_reactivate(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, const char *ip)
{
	struct db_user u;
	struct db_role *roles;
	size_t nroles;
	enum err rc;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = change_scope(db, a, me, user_id, &u, &roles, &nroles)) != ERR_OK)
		goto out;
	if (strcmp(u.status, "deactivated") != 0) {
		rc = ERR_CONFLICT;
		goto out;
	}
	if ((rc = db_people_set_status(db, user_id, "active")) != ERR_OK)
		goto out;
	rc = audit_person_tx(db, a, me, user_id, roles, nroles, "account.reactivate",
	    "status: deactivated -> active", ip);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* ---- editing a person ---- */

/* The roles the form offers, and what of the details the caller may
 * change (the rules at the top of people.h).  *held, *nheld: the roles
 * the person holds now, in every scheme. */
static enum err
form_roles(struct db *db, struct arena *a, const struct app_auth *me, int64_t user_id,
    struct app_person_form *out, struct db_role **held, size_t *nh)
{
	struct db_scheme *schemes;
	size_t ns;
	enum err rc;

	if ((rc = app_sc_managed(db, a, me, &schemes, &ns)) != ERR_OK ||
	    (rc = db_roles_of_user(db, a, user_id, held, nh)) != ERR_OK)
		return rc;
	static const char *const kinds[] = {"mentor", "mentee", "scheme_admin"};
	size_t nk = me->is_site_admin ? 3 : 2;
	out->roles = arena_calloc(a, ns * nk + 1, sizeof(*out->roles));
	out->nroles = 0;
	for (size_t i = 0; i < ns; i++) {
		if (!app_is_scheme_admin(me, schemes[i].id))
			continue;
		for (size_t k = 0; k < nk; k++) {
			struct app_person_role *r = &out->roles[out->nroles++];
			r->scheme_id = schemes[i].id;
			r->scheme_name = schemes[i].name;
			r->role = kinds[k];
			for (size_t j = 0; j < *nh; j++)
				if ((*held)[j].scheme_id == r->scheme_id &&
				    strcmp((*held)[j].role, r->role) == 0)
					r->held = true;
		}
	}
	out->can_site_admin = me->is_site_admin;
	/* names: app_people_may_change's rule (may_edit has already refused
	 * a site administrator to a scheme administrator); email and
	 * username: besides, nobody who administers a scheme (H1) */
	bool all_mine = true, administers = false;
	for (size_t j = 0; j < *nh; j++) {
		all_mine &= app_is_scheme_admin(me, (*held)[j].scheme_id);
		administers |= strcmp((*held)[j].role, "scheme_admin") == 0;
	}
	out->can_edit_names = me->is_site_admin || all_mine;
	out->can_edit_sign_in = me->is_site_admin || (all_mine && !administers &&
	    !out->user.is_site_admin);
	return ERR_OK;
}

/* May `me` open this person's form?  Visible, and a scheme administrator
 * never edits a site administrator. */
static enum err
may_edit(struct db *db, struct arena *a, const struct app_auth *me, int64_t user_id,
    struct db_user *u)
{
	enum err rc;
	if (me == NULL || me->user_id <= 0)
		return ERR_NOT_FOUND;
	if ((rc = app_user_visible(db, me, user_id)) != ERR_OK ||
	    (rc = db_user_get(db, a, user_id, u)) != ERR_OK)
		return rc;
	if (u->is_site_admin && !me->is_site_admin)
		return ERR_FORBIDDEN;
	return ERR_OK;
}

enum err
app_people_edit_form(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct app_person_form *out)
{
	struct db_role *held;
	size_t nh;

	memset(out, 0, sizeof(*out));
	enum err rc = may_edit(db, a, me, user_id, &out->user);
	if (rc != ERR_OK)
		return rc;
	out->user.password_hash = "";
	return form_roles(db, a, me, user_id, out, &held, &nh);
}

static bool
wanted(const struct app_person_edit *e, struct arena *a, const struct app_person_role *r)
{
	const char *key = arena_printf(a, "%lld:%s", (long long)r->scheme_id, r->role);
	for (size_t i = 0; i < e->nroles; i++)
		if (strcmp(e->roles[i], key) == 0)
			return true;
	return false;
}

/* Is the notice kind registered (app/notify.c)?  The email to the old
 * address waits for "account.email_changed" (an unknown kind is a bug in
 * app_notice_tx, not an email dropped). */
static bool
kind_registered(const char *kind)
{
	for (size_t i = 0; i < app_notice_nkinds; i++)
		if (strcmp(app_notice_kinds[i].kind, kind) == 0)
			return true;
	return false;
}

#define EMAIL_CHANGED_KIND "account.email_changed"

/* H1: the OLD address hears that the account's email changed, so a
 * takeover cannot go unnoticed. */
static enum err
notify_old_email_tx(struct db *db, struct arena *a, const struct db_user *u,
    const char *email, int64_t scheme_id)
{
	if (!kind_registered(EMAIL_CHANGED_KIND))
		return ERR_OK;
	return app_notice_tx(db, &(struct app_notice){.user_id = u->id,
	    .to = u->email,
	    .kind = EMAIL_CHANGED_KIND,
	    .scheme_id = scheme_id,
	    .subject = "The email address of your Tandem account has changed",
	    .text = arena_printf(a, "Hello %s,\n\n"
	    "An administrator has changed the email address of your Tandem account "
	    "(username %s) from this address to %s. Tandem's emails, and links to reset "
	    "your password, now go there.\n\n"
	    "If you did not expect this, contact your scheme administrator straight away.\n",
	    u->given_name, u->username, email),
	    .path = "/sign-in"});
}

/* One role added or removed, for the audit row of its scheme. */
struct role_change {
	int64_t scheme_id;
	const char *text;
};

enum err
app_people_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, const struct app_person_edit *e, const char *ip,
    struct app_problems *ps)
{
	struct app_person_form f;
	struct db_user u;
	struct db_role *held;
	size_t nheld;
	char password[TOKEN_TEXT_LEN + 1];
	enum err rc;
	size_t before = ps->n;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = may_edit(db, a, me, user_id, &u)) != ERR_OK)
		goto out;
	memset(&f, 0, sizeof(f));
	f.user = u;
	if ((rc = form_roles(db, a, me, user_id, &f, &held, &nheld)) != ERR_OK)
		goto out;
	const char *given = trim(a, e->given_name ? e->given_name : "");
	const char *family = trim(a, e->family_name ? e->family_name : "");
	const char *email = trim(a, e->email ? e->email : "");
	const char *username = trim(a, e->username ? e->username : "");
	crypto_token(password);
	(void)app_user_check(&(struct app_new_user){.username = username, .email = email,
	    .given_name = given, .family_name = family, .password = password}, ps);
	crypto_wipe(password, sizeof(password));
	for (size_t i = before; i < ps->n; i++) {
		if (strcmp(ps->p[i].field, "given_name") == 0)
			ps->p[i].message = "Enter a given name of 1 to 100 characters";
		else if (strcmp(ps->p[i].field, "family_name") == 0)
			ps->p[i].message = "Enter a family name of 1 to 100 characters";
	}
	/* a password problem cannot happen with a random token; drop any */

	/* H1: a changed value the caller may not change is refused beside
	 * its field; unchanged values (the form sends them back) are fine */
	bool given_changed = strcmp(given, u.given_name) != 0;
	bool family_changed = strcmp(family, u.family_name) != 0;
	bool email_changed = strcmp(email, u.email) != 0;
	bool username_changed = strcmp(username, u.username) != 0;
	if (!f.can_edit_names && given_changed)
		app_problem(ps, "given_name", "Only a site administrator can change this "
		    "person's name");
	if (!f.can_edit_names && family_changed)
		app_problem(ps, "family_name", "Only a site administrator can change this "
		    "person's name");
	if (!f.can_edit_sign_in && email_changed)
		app_problem(ps, "email", "Only a site administrator can change this person's "
		    "email address");
	if (!f.can_edit_sign_in && username_changed)
		app_problem(ps, "username", "Only a site administrator can change this "
		    "person's username");
	if (f.can_edit_sign_in && username_changed && *username) {
		struct db_user other;
		rc = db_user_by_username(db, a, username, &other);
		if (rc == ERR_OK && other.id != user_id)
			app_problem(ps, "username", "That username is already taken");
		else if (rc != ERR_OK && rc != ERR_NOT_FOUND)
			goto out;
	}
	if (f.can_edit_sign_in && email_changed && *email) {
		struct buf used;
		buf_init_arena(&used, a, 256);
		if ((rc = email_in_use(db, a, me, email, user_id, &used, false)) != ERR_OK)
			goto out;
		if (used.len > 0)
			app_problem(ps, "email", buf_str(&used));
	}
	rc = ERR_OK;

	struct buf changes;
	buf_init_arena(&changes, a, 4096);
	if (given_changed || family_changed)
		buf_printf(&changes, "name: %s %s -> %s %s; ", u.given_name, u.family_name,
		    given, family);
	if (email_changed)
		buf_printf(&changes, "email: %s -> %s; ", u.email, email);
	if (username_changed)
		buf_printf(&changes, "username: %s -> %s; ", u.username, username);

	int64_t now = clock_now();
	struct role_change *rch = arena_calloc(a, f.nroles + 1, sizeof(*rch));
	size_t nrch = 0;
	for (size_t i = 0; e->set_roles && i < f.nroles; i++) {
		const struct app_person_role *r = &f.roles[i];
		bool want = wanted(e, a, r);
		if (want == r->held)
			continue;
		if (!want && strcmp(r->role, "scheme_admin") != 0) {
			int64_t live = 0;
			if ((rc = db_people_live_in_role(db, user_id, r->scheme_id, r->role,
			    &live)) != ERR_OK)
				goto out;
			if (live > 0) {
				app_problem(ps, "roles", arena_printf(a, "%s %s is a %s in a "
				    "live relationship in %s: end or reassign it before removing "
				    "the %s role", u.given_name, u.family_name, r->role,
				    r->scheme_name, r->role));
				continue;
			}
		}
		if (ps->n > before)
			continue;
		rc = want ? db_role_add(db, user_id, r->scheme_id, r->role, now) :
		    db_people_role_delete(db, user_id, r->scheme_id, r->role);
		if (rc != ERR_OK)
			goto out;
		rch[nrch++] = (struct role_change){r->scheme_id, arena_printf(a,
		    "role %s %s in scheme %lld; ", want ? "added:" : "removed:", r->role,
		    (long long)r->scheme_id)};
	}
	const char *site = "";
	if (me->is_site_admin && e->is_site_admin != u.is_site_admin) {
		int64_t n = 0;
		if ((rc = db_people_site_admins(db, &n)) != ERR_OK)
			goto out;
		if (!e->is_site_admin && n <= 1 && strcmp(u.status, "active") == 0)
			app_problem(ps, "roles", "Tandem needs at least one site administrator: "
			    "make someone else a site administrator first");
		else if (ps->n == before) {
			if ((rc = db_people_set_site_admin(db, user_id, e->is_site_admin)) != ERR_OK)
				goto out;
			site = arena_printf(a, "site administrator: %s -> %s; ",
			    u.is_site_admin ? "yes" : "no", e->is_site_admin ? "yes" : "no");
		}
	}
	if (ps->n > before) {
		rc = ERR_BAD_INPUT;
		goto out;
	}
	if ((rc = db_people_update(db, user_id, given, family, email, username)) != ERR_OK)
		goto out;

	/* H4: one row per scheme the person is or was in, with the details
	 * and that scheme's role changes only; the site administrator flag,
	 * and details of someone in no scheme, under no scheme (0) */
	int64_t *ids = arena_calloc(a, nheld + nrch + 1, sizeof(*ids));
	size_t nids = 0;
	for (size_t i = 0; i < nheld; i++)
		add_scheme(ids, &nids, held[i].scheme_id);
	for (size_t i = 0; i < nrch; i++)
		add_scheme(ids, &nids, rch[i].scheme_id);
	const char *subject = arena_printf(a, "user:%lld", (long long)user_id);
	for (size_t i = 0; i < nids && rc == ERR_OK; i++) {
		struct buf d;
		buf_init_arena(&d, a, 4096);
		buf_printf(&d, "%s", buf_str(&changes));
		for (size_t k = 0; k < nrch; k++)
			if (rch[k].scheme_id == ids[i])
				buf_printf(&d, "%s", rch[k].text);
		if (d.len > 0)
			rc = app_audit_tx(db, me->user_id, ids[i], "account.edit", subject,
			    buf_str(&d), ip ? ip : "");
	}
	const char *site_level = arena_printf(a, "%s%s", nids == 0 ? buf_str(&changes) : "",
	    site);
	if (rc == ERR_OK && *site_level)
		rc = app_audit_tx(db, me->user_id, 0, "account.edit", subject, site_level,
		    ip ? ip : "");
	if (rc == ERR_OK && strcasecmp(email, u.email) != 0)
		rc = notify_old_email_tx(db, a, &u, email, nids > 0 ? ids[0] : 0);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}
