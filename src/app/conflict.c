/*
 * conflict.c - declared conflicts (conflict.h): the rules of declaring,
 * who sees and removes a declaration.
 *
 * Trap: a mentor must learn nothing about the scheme's mentees (PRO-10).
 * Their typed email is never looked up: no list, no "no mentee has that
 * address", and their own declarations show the email they typed (the
 * listing's is_registered is for administrators only).  Duplicates are
 * the mentor's own rows, so refusing one reveals nothing.
 */
#include "app/conflict.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "db/schemeconf.h"

const char *
app_conflict_side(const struct app_auth *me)
{
	if (me == NULL || me->active == NULL)
		return NULL;
	if (strcmp(me->active->role, "mentee") == 0)
		return "mentee";
	if (strcmp(me->active->role, "mentor") == 0)
		return "mentor";
	return NULL;
}

static bool
email_plausible(const char *e)
{
	const char *at = strchr(e, '@');
	size_t len = strlen(e);
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL || len > 254)
		return false;
	const char *dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = e; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20 ||
		    *p == '<' || *p == '>' || *p == ',' || *p == ';' || *p == '"')
			return false;
	return true;
}

static bool
is_kind(const char *k)
{
	return k != NULL && (strcmp(k, "supervisor") == 0 || strcmp(k, "appraiser") == 0 ||
	    strcmp(k, "other") == 0);
}

/* The role of the people on the other side. */
static const char *
other_role(const char *side)
{
	return strcmp(side, "mentee") == 0 ? "mentor" : "mentee";
}

enum err
app_conflict_choices(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_person **out, size_t *n)
{
	const char *side = app_conflict_side(me);
	if (side == NULL)
		return ERR_FORBIDDEN;
	*out = NULL;
	*n = 0;
	if (strcmp(side, "mentor") == 0)
		return ERR_OK;   /* mentees are not listed to mentors (PRO-10) */
	enum err rc = db_scheme_people(db, a, me->active->scheme_id, other_role(side),
	    out, n);
	if (rc != ERR_OK)
		return rc;
	/* never oneself (a person can be mentor and mentee) */
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if ((*out)[i].id != me->user_id)
			(*out)[k++] = (*out)[i];
	*n = k;
	return ERR_OK;
}

enum err
app_conflict_excludes(struct db *db, struct arena *a, const struct app_auth *me,
    bool *excludes)
{
	struct db_matching m;

	*excludes = true;
	if (app_conflict_side(me) == NULL)
		return ERR_FORBIDDEN;
	enum err rc = db_matching_get(db, a, me->active->scheme_id, &m);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc == ERR_OK)
		*excludes = m.exclude_conflicts;
	return rc;
}

enum err
app_conflicts_mine(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_conflict **out, size_t *n)
{
	if (app_conflict_side(me) == NULL)
		return ERR_FORBIDDEN;
	return db_conflicts_by_declarer(db, a, me->user_id, me->active->scheme_id, out, n);
}

/* A typed email's problems (on "email"); true when it is fine. */
static bool
check_email(const struct app_auth *me, const char *email, struct app_problems *ps)
{
	if (*email == '\0')
		app_problem(ps, "email", "Enter the person's email address");
	else if (!email_plausible(email))
		app_problem(ps, "email",
		    "Enter an email address in the correct format, like name@example.nhs.uk");
	else if (strcasecmp(email, me->email ? me->email : "") == 0)
		app_problem(ps, "email", "Enter someone else's email address, not your own");
	else
		return true;
	return false;
}

/* A mentor's declaration: the email as typed, never looked up. */
static enum err
resolve_mentor(const struct app_auth *me, const struct app_conflict_in *in,
    struct db_conflict *c, struct app_problems *ps)
{
	const char *email = in->email ? in->email : "";

	if (in->person_id != 0) {
		app_problem(ps, "email", "Type the mentee's email address");
		return ERR_BAD_INPUT;
	}
	if (!check_email(me, email, ps) || ps->n > 0)
		return ERR_BAD_INPUT;
	c->mentee_id = 0;
	c->mentor_id = me->user_id;
	c->email = email;
	return ERR_OK;
}

/* A mentee's declaration: a mentor of the scheme picked, or a name and
 * email typed (a mentor's email is stored with the mentor: mentors are
 * public to mentees, so looking it up tells them nothing new). */
static enum err
resolve_mentee(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_conflict_in *in, struct db_conflict *c, struct app_problems *ps)
{
	int64_t scheme_id = me->active->scheme_id;
	const char *name = in->name ? in->name : "";
	const char *email = in->email ? in->email : "";
	bool typed = *name != '\0' || *email != '\0';
	struct db_person p;
	enum err rc;

	c->mentee_id = me->user_id;
	if (in->person_id != 0 && typed) {
		app_problem(ps, "person_id",
		    "Choose a mentor from the list, or type a name and email, not both");
		return ERR_BAD_INPUT;
	}
	if (in->person_id == 0 && !typed) {
		app_problem(ps, "person_id",
		    "Choose a mentor from the list, or type their name and email");
		return ERR_BAD_INPUT;
	}
	if (in->person_id != 0) {
		rc = in->person_id == me->user_id ? ERR_NOT_FOUND :
		    db_scheme_person_get(db, a, scheme_id, "mentor", in->person_id, &p);
		if (rc == ERR_NOT_FOUND) {
			app_problem(ps, "person_id", "Choose a mentor from the list");
			return ERR_BAD_INPUT;
		}
		if (rc != ERR_OK)
			return rc;
		c->mentor_id = in->person_id;
		return ERR_OK;
	}
	if (*name == '\0')
		app_problem(ps, "name", "Enter the person's name");
	else if (str_utf8_len(name) > 200)
		app_problem(ps, "name", "Name must be 200 characters or fewer");
	check_email(me, email, ps);
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	rc = db_scheme_person_by_email(db, a, scheme_id, "mentor", email, &p);
	if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		return rc;
	c->mentor_id = rc == ERR_OK && p.id != me->user_id ? p.id : 0;
	c->name = name;
	c->email = email;
	return ERR_OK;
}

/* Work out the row from what was sent; problems added for the person. */
static enum err
resolve(struct db *db, struct arena *a, const struct app_auth *me, const char *side,
    const struct app_conflict_in *in, struct db_conflict *c, struct app_problems *ps)
{
	c->scheme_id = me->active->scheme_id;
	c->kind = in->kind;
	c->declared_by = me->user_id;
	c->name = "";
	c->email = "";
	if (!is_kind(in->kind))
		app_problem(ps, "kind", strcmp(side, "mentee") == 0 ?
		    "Select who this person is to you" : "Select the kind of conflict");
	if (strcmp(side, "mentor") == 0)
		return resolve_mentor(me, in, c, ps);
	return resolve_mentee(db, a, me, in, c, ps);
}

/* Who was named, for the audit log: ids and the typed email only. */
static const char *
named(struct arena *a, const struct db_conflict *c)
{
	const char *s = "";
	if (c->mentee_id != 0)
		s = arena_printf(a, "mentee:%lld", (long long)c->mentee_id);
	if (c->mentor_id != 0)
		s = arena_printf(a, "%s%smentor:%lld", s, *s ? " " : "",
		    (long long)c->mentor_id);
	if (c->email != NULL && *c->email != '\0')
		s = arena_printf(a, "%s%semail:%s", s, *s ? " " : "", c->email);
	return s;
}

enum err
app_conflict_declare(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_conflict_in *in, const char *ip, struct app_problems *ps,
    int64_t *id)
{
	const char *side = app_conflict_side(me);
	struct db_conflict c = {0};
	bool exists = false;
	enum err rc;

	if (side == NULL)
		return ERR_FORBIDDEN;
	if ((rc = resolve(db, a, me, side, in, &c, ps)) != ERR_OK)
		return rc;
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* a mentee names a mentor (by id or email); a mentor an email (their
	 * own id is on every row of theirs, so it is not compared) */
	rc = db_conflict_exists(db, c.scheme_id, me->user_id,
	    strcmp(side, "mentee") == 0 ? c.mentor_id : 0, c.email, &exists);
	if (rc == ERR_OK && exists) {
		db_rollback(db);
		app_problem(ps, in->person_id != 0 ? "person_id" : "email",
		    "You have already declared this person");
		return ERR_BAD_INPUT;
	}
	if (rc == ERR_OK)
		rc = db_conflict_add(db, &c, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "conflict.declare",
		    arena_printf(a, "conflict:%lld", (long long)*id),
		    named(a, &c), ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

enum err
app_conflict_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip)
{
	struct db_conflict c;
	enum err rc = db_conflict_get(db, a, id, &c);

	if (rc != ERR_OK)
		return rc;
	if (c.declared_by != me->user_id)
		return ERR_NOT_FOUND;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_conflict_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "conflict.delete",
		    arena_printf(a, "conflict:%lld", (long long)id), named(a, &c), ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

enum err
app_conflicts_of_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct db_conflict **out, size_t *n)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, scheme);
	if (rc != ERR_OK)
		return rc;
	return db_conflicts_of_scheme(db, a, scheme_id, out, n);
}
