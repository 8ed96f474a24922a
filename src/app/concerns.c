/*
 * concerns.c - raising and handling a concern (concerns.h, MSG-5).
 *
 * Design: a concern belongs to a scheme.  Whether `me` handles it is
 * worked out on every read from the scheme's contact list as it is now
 * (may_handle): removing a contact, or their administrator role, ends
 * their access at once.  The raiser and the other person of the
 * relationship are never handlers, whatever their roles.  Every refusal
 * is ERR_NOT_FOUND, so ids reveal nothing.
 *
 * Emails: to each handler when raised (contacts, or the site
 * administrators when there are none), to the raiser when the status
 * changes.  They name the scheme and the reference only: an email may
 * be read over a shoulder or land in a shared mailbox, and the outbox
 * list shows subjects to administrators, so the raiser's email has a
 * plain subject that does not say "concern".
 *
 * Trap: nothing of details, contact_how or a note's text goes into a log
 * line, an audit row or an email.
 */
#include "app/concerns.h"

#include <stdio.h>
#include <string.h>

#include "app/relationship.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"

/* ---- words and rules ---- */

static const char *const kinds[] = {"about_mentor", "about_mentee", "safeguarding",
	"patient_safety", "fitness_to_practise", "other", NULL};
static const char *const statuses[] = {"new", "in_progress", "closed", NULL};

static bool
one_of(const char *const *list, const char *s)
{
	for (size_t i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

bool
app_concern_kind_ok(const char *kind)
{
	return one_of(kinds, kind);
}

bool
app_concern_status_ok(const char *status)
{
	return one_of(statuses, status);
}

const char *
app_concern_status_label(const char *status)
{
	if (status != NULL && strcmp(status, "in_progress") == 0)
		return "In progress";
	if (status != NULL && strcmp(status, "closed") == 0)
		return "Closed";
	return "New";
}

const char *
app_concern_reference(struct arena *a, int64_t id)
{
	return arena_printf(a, "C-%06lld", (long long)id);
}

enum err
app_concern_check(const struct app_concern_in *in, enum lc_actor actor,
    struct app_problems *ps)
{
	size_t before = ps->n;
	const char *kind = in->kind ? in->kind : "";
	const char *details = in->details ? in->details : "";
	const char *may = in->may_contact ? in->may_contact : "";

	if (!app_concern_kind_ok(kind))
		app_problem(ps, "kind", "Select what your concern is about");
	else if (strcmp(kind, "about_mentor") == 0 && actor != LC_MENTEE)
		app_problem(ps, "kind", "A concern about your mentor is raised from your "
		    "relationship with them: choose the relationship first");
	else if (strcmp(kind, "about_mentee") == 0 && actor != LC_MENTOR)
		app_problem(ps, "kind", "A concern about your mentee is raised from your "
		    "relationship with them: choose the relationship first");
	bool is_blank = true;
	for (const char *p = details; *p != '\0' && is_blank; p++)
		is_blank = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
	if (is_blank)
		app_problem(ps, "details", "Enter what happened");
	else if (str_utf8_len(details) > APP_CONCERN_DETAILS_MAX)
		app_problem(ps, "details", "What happened must be 5000 characters or fewer");
	if (strcmp(may, "yes") != 0 && strcmp(may, "no") != 0)
		app_problem(ps, "may_contact", "Select yes or no");
	if (in->contact_how != NULL && str_utf8_len(in->contact_how) > APP_CONCERN_HOW_MAX)
		app_problem(ps, "contact_how", "How to contact you must be 500 characters "
		    "or fewer");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

/* ---- who is who ---- */

static bool
is_participant_role(const char *role)
{
	return strcmp(role, "mentee") == 0 || strcmp(role, "mentor") == 0;
}

static bool
participates(const struct app_auth *me, int64_t scheme_id)
{
	for (size_t i = 0; i < me->nviews; i++)
		if (me->views[i].scheme_id == scheme_id && is_participant_role(me->views[i].role))
			return true;
	return false;
}

/* me's participant schemes, each once, in the order of me's views. */
static size_t
participant_schemes(struct arena *a, const struct app_auth *me,
    const struct app_view ***out)
{
	const struct app_view **v = arena_calloc(a, me->nviews + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < me->nviews; i++) {
		if (!is_participant_role(me->views[i].role))
			continue;
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = v[j]->scheme_id == me->views[i].scheme_id;
		if (!seen)
			v[n++] = &me->views[i];
	}
	*out = v;
	return n;
}

/* Whether me handles concern c: a contact of its scheme or a site
 * administrator, and neither its raiser nor the person it is about. */
static enum err
may_handle(struct db *db, const struct app_auth *me, const struct db_concern *c,
    bool *ok)
{
	bool is_contact = false;
	enum err rc = ERR_OK;

	*ok = false;
	if (me == NULL || me->user_id == c->raised_by || me->user_id == c->about_id)
		return ERR_OK;
	if (!me->is_site_admin &&
	    (rc = db_concern_contact_is(db, c->scheme_id, me->user_id, &is_contact)) != ERR_OK)
		return rc;
	*ok = me->is_site_admin || is_contact;
	return ERR_OK;
}

/* The scheme, me's relationship in it (if any) and who me is to it. */
static enum err
resolve(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    int64_t rel_id, struct app_concern_form *out)
{
	enum err rc;

	memset(out, 0, sizeof(*out));
	out->actor = LC_OTHER;
	if (me == NULL)
		return ERR_FORBIDDEN;
	out->nschemes = participant_schemes(a, me, &out->schemes);
	if (out->nschemes == 0)
		return ERR_FORBIDDEN;
	if (rel_id != 0) {
		struct app_relationship r;
		rc = app_relationship_guard(db, a, me, rel_id, LRLA_VIEW, &r);
		if (rc == ERR_FORBIDDEN || rc == ERR_CONFLICT)
			rc = ERR_NOT_FOUND;
		if (rc != ERR_OK)
			return rc;
		/* an administrator's view of another pair is not "mine" */
		if (r.actor != LC_MENTOR && r.actor != LC_MENTEE)
			return ERR_NOT_FOUND;
		if (scheme_id != 0 && scheme_id != r.r.scheme_id)
			return ERR_NOT_FOUND;
		out->has_rel = true;
		out->rel = r.r;
		out->actor = r.actor;
		scheme_id = r.r.scheme_id;
	} else if (scheme_id == 0) {
		scheme_id = me->active != NULL && is_participant_role(me->active->role) ?
		    me->active->scheme_id : out->schemes[0]->scheme_id;
	}
	if (!participates(me, scheme_id))
		return ERR_NOT_FOUND;
	return db_scheme_get(db, a, scheme_id, &out->scheme);
}

enum err
app_concern_form(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t relationship_id, struct app_concern_form *out)
{
	struct db_relationship *all;
	size_t n;
	enum err rc = resolve(db, a, me, scheme_id, relationship_id, out);

	if (rc != ERR_OK)
		return rc;
	if ((rc = db_concern_contacts(db, a, out->scheme.id, &out->contacts,
	    &out->ncontacts)) != ERR_OK)
		return rc;
	if ((rc = db_rel_of_user(db, a, me->user_id, &all, &n)) != ERR_OK)
		return rc;
	out->rels = arena_calloc(a, n + 1, sizeof(*out->rels));
	for (size_t i = 0; i < n; i++)
		if (all[i].scheme_id == out->scheme.id)
			out->rels[out->nrels++] = all[i];
	return ERR_OK;
}

/* ---- raising ---- */

/* Who is emailed when a concern is raised: the handlers (never the
 * raiser, never the person it is about). */
static enum err
recipients(struct db *db, struct arena *a, const struct db_concern *c,
    struct db_concern_person **out, size_t *n)
{
	struct db_concern_person *p;
	size_t np, k = 0;
	enum err rc = db_concern_contacts(db, a, c->scheme_id, &p, &np);

	for (int pass = 0; rc == ERR_OK && pass < 2; pass++) {
		if (pass == 1 && (rc = db_concern_site_admins(db, a, &p, &np)) != ERR_OK)
			break;
		*out = arena_calloc(a, np + 1, sizeof(**out));
		k = 0;
		for (size_t i = 0; i < np; i++)
			if (p[i].id != c->raised_by && p[i].id != c->about_id)
				(*out)[k++] = p[i];
		if (k > 0)
			break;
	}
	*n = k;
	return rc;
}

enum err
app_concern_raise(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_concern_in *in, const char *ip, struct app_problems *ps,
    int64_t *id)
{
	struct app_concern_form f;
	struct db_concern c = {0};
	struct db_concern_person *to;
	size_t nto;
	enum err rc = resolve(db, a, me, in->scheme_id, in->relationship_id, &f);

	if (rc != ERR_OK)
		return rc;
	if ((rc = app_concern_check(in, f.actor, ps)) != ERR_OK)
		return rc;
	c.scheme_id = f.scheme.id;
	c.raised_by = me->user_id;
	c.relationship_id = f.has_rel ? f.rel.id : 0;
	c.about_id = !f.has_rel ? 0 : f.actor == LC_MENTEE ? f.rel.mentor_id :
	    f.rel.mentee_id;
	c.kind = in->kind;
	c.details = in->details;
	c.may_contact = strcmp(in->may_contact, "yes") == 0;
	c.contact_how = c.may_contact && in->contact_how ? in->contact_how : "";

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = db_concern_add(db, &c, clock_now(), id)) != ERR_OK)
		goto out;
	c.id = *id;
	const char *subject = arena_printf(a, "concern:%lld", (long long)*id);
	/* no actor: see concerns.h (Audit) */
	if ((rc = app_audit_tx(db, 0, c.scheme_id, "concern.raise", subject, c.kind,
	    ip)) != ERR_OK)
		goto out;
	if ((rc = recipients(db, a, &c, &to, &nto)) != ERR_OK)
		goto out;
	const char *ref = app_concern_reference(a, *id);
	for (size_t i = 0; rc == ERR_OK && i < nto; i++) {
		rc = app_notice_tx(db, &(struct app_notice){
		    .user_id = to[i].id, .to = to[i].email, .kind = "concern.raised",
		    .scheme_id = c.scheme_id,
		    .subject = arena_printf(a, "A concern has been raised in %s",
		        f.scheme.name),
		    .text = arena_printf(a, "Hello %s,\n\nA concern has been raised in %s "
		        "(reference %s). You are receiving this because you are one of the "
		        "people who handle concerns for the scheme.\n\nSign in to Tandem to "
		        "read it. To keep it confidential, this email does not say what it "
		        "is about or who raised it.\n\nTandem\n", to[i].given_name,
		        f.scheme.name, ref),
		    .path = arena_printf(a, "/admin/concerns/%lld", (long long)*id)});
	}
	if (rc == ERR_OK)
		rc = db_commit(db);
out:
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

/* The scheme's time zone name ("" when unset: tz_or_default's). */
static enum err
zone_of(struct db *db, struct arena *a, int64_t scheme_id, const char **zone)
{
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme_id, &st);
	*zone = rc == ERR_OK && st.time_zone != NULL ? st.time_zone : "";
	return rc;
}

enum err
app_concerns_mine(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_concern **out, const char ***zones, size_t *n)
{
	enum err rc;

	*out = NULL;
	*zones = NULL;
	*n = 0;
	if (me == NULL)
		return ERR_FORBIDDEN;
	if ((rc = db_concerns_of_raiser(db, a, me->user_id, APP_CONCERN_LIST_MAX, out,
	    n)) != ERR_OK)
		return rc;
	/* one settings read per scheme (a person is in a few), not per row */
	*zones = arena_calloc(a, *n + 1, sizeof(**zones));
	for (size_t i = 0; rc == ERR_OK && i < *n; i++) {
		for (size_t j = 0; j < i && (*zones)[i] == NULL; j++)
			if ((*out)[j].scheme_id == (*out)[i].scheme_id)
				(*zones)[i] = (*zones)[j];
		if ((*zones)[i] == NULL)
			rc = zone_of(db, a, (*out)[i].scheme_id, &(*zones)[i]);
	}
	return rc;
}

enum err
app_concern_mine(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_concern *out, const char **time_zone)
{
	enum err rc = db_concern_get(db, a, id, out);
	*time_zone = "";
	if (rc == ERR_OK && (me == NULL || out->raised_by != me->user_id))
		rc = ERR_NOT_FOUND;
	if (rc == ERR_OK)
		rc = zone_of(db, a, out->scheme_id, time_zone);
	return rc;
}

/* ---- handling ---- */

enum err
app_concerns_of_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *ip, struct app_concern_admin *out)
{
	enum err rc;
	bool is_contact = false;

	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_get(db, a, scheme_id, &out->scheme)) != ERR_OK ||
	    (rc = zone_of(db, a, scheme_id, &out->time_zone)) != ERR_OK)
		return rc;
	if ((rc = db_concern_contacts(db, a, scheme_id, &out->contacts,
	    &out->ncontacts)) != ERR_OK)
		return rc;
	out->can_change_contacts = me->is_site_admin;
	if (out->can_change_contacts && (rc = db_concern_contact_candidates(db, a,
	    scheme_id, &out->candidates, &out->ncandidates)) != ERR_OK)
		return rc;
	if (!me->is_site_admin &&
	    (rc = db_concern_contact_is(db, scheme_id, me->user_id, &is_contact)) != ERR_OK)
		return rc;
	out->can_see_concerns = me->is_site_admin || is_contact;
	if (!out->can_see_concerns)
		return ERR_OK;
	struct db_concern *all;
	size_t n;
	if ((rc = db_concerns_of_scheme(db, a, scheme_id, APP_CONCERN_LIST_MAX, &all,
	    &n)) != ERR_OK)
		return rc;
	out->concerns = arena_calloc(a, n + 1, sizeof(*out->concerns));
	for (size_t i = 0; i < n; i++)
		if (all[i].raised_by != me->user_id && all[i].about_id != me->user_id)
			out->concerns[out->nconcerns++] = all[i];
	/* the list names who raised each concern: a view, so audited */
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_audit_tx(db, me->user_id, scheme_id, "concern.list",
	    arena_printf(a, "scheme:%lld", (long long)scheme_id),
	    arena_printf(a, "%zu concerns", out->nconcerns), ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

/* The concern if me handles it (ERR_NOT_FOUND otherwise). */
static enum err
handled(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_concern *c)
{
	bool ok;
	enum err rc = db_concern_get(db, a, id, c);
	if (rc == ERR_OK && (rc = may_handle(db, me, c, &ok)) == ERR_OK && !ok)
		rc = ERR_NOT_FOUND;
	return rc;
}

static const char *
subject_of(struct arena *a, int64_t id)
{
	return arena_printf(a, "concern:%lld", (long long)id);
}

enum err
app_concern_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip, struct app_concern_case *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = handled(db, a, me, id, &out->concern);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_concern_notes(db, a, id, &out->notes, &out->nnotes)) != ERR_OK ||
	    (rc = zone_of(db, a, out->concern.scheme_id, &out->time_zone)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_audit_tx(db, me->user_id, out->concern.scheme_id, "concern.view",
	    subject_of(a, id), out->concern.kind, ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

enum err
app_concern_note(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *text, const char *ip, struct app_problems *ps)
{
	struct db_concern c;
	enum err rc = handled(db, a, me, id, &c);

	if (rc != ERR_OK)
		return rc;
	bool is_blank = true;
	for (const char *p = text ? text : ""; *p != '\0' && is_blank; p++)
		is_blank = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
	if (is_blank)
		app_problem(ps, "text", "Enter the note");
	else if (str_utf8_len(text) > APP_CONCERN_NOTE_MAX)
		app_problem(ps, "text", "The note must be 4000 characters or fewer");
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* checked again inside the transaction: the list may have changed */
	if ((rc = handled(db, a, me, id, &c)) == ERR_OK &&
	    (rc = db_concern_note_add(db, id, me->user_id, "", text, clock_now(),
	    NULL)) == ERR_OK &&
	    (rc = db_concern_touch(db, id, clock_now())) == ERR_OK)
		rc = app_audit_tx(db, me->user_id, c.scheme_id, "concern.note",
		    subject_of(a, id), "", ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

enum err
app_concern_set_status(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *status, const char *ip, struct app_problems *ps)
{
	struct db_concern c;
	enum err rc = handled(db, a, me, id, &c);

	if (rc != ERR_OK)
		return rc;
	if (!app_concern_status_ok(status)) {
		app_problem(ps, "status", "Select the status");
		return ERR_BAD_INPUT;
	}
	if (strcmp(status, c.status) == 0) {
		app_problem(ps, "status", arena_printf(a, "The status is already %s: select "
		    "a different one", app_concern_status_label(status)));
		return ERR_BAD_INPUT;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	const char *from = c.status;
	if ((rc = handled(db, a, me, id, &c)) != ERR_OK)
		goto out;
	if ((rc = db_concern_set_status(db, id, from, status, clock_now())) != ERR_OK)
		goto out;
	if ((rc = db_concern_note_add(db, id, me->user_id, status, "", clock_now(),
	    NULL)) != ERR_OK)
		goto out;
	if ((rc = app_audit_tx(db, me->user_id, c.scheme_id, "concern.status",
	    subject_of(a, id), arena_printf(a, "%s -> %s", from, status), ip)) != ERR_OK)
		goto out;
	/* the raiser hears the status, never the notes; the subject does not
	 * say "concern": the outbox list shows subjects to administrators */
	struct db_user u;
	if (c.raised_by != 0 && db_user_get(db, a, c.raised_by, &u) == ERR_OK &&
	    strcmp(u.status, "active") == 0) {
		const char *ref = app_concern_reference(a, id);
		rc = app_notice_tx(db, &(struct app_notice){
		    .user_id = u.id, .to = u.email, .kind = "concern.updated",
		    .scheme_id = c.scheme_id,
		    .subject = "An update on something you raised",
		    .text = arena_printf(a, "Hello %s,\n\nThere is an update on the concern "
		        "you raised (reference %s): its status is now \"%s\".\n\nSign in to "
		        "Tandem to see it.\n\nTandem\n", u.given_name, ref,
		        app_concern_status_label(status)),
		    .path = arena_printf(a, "/concerns/%lld", (long long)id)});
	}
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

/* ---- contacts ---- */

enum err
app_concern_contact_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, const char *ip, struct app_problems *ps)
{
	struct db_scheme s;
	struct db_concern_person *cand;
	size_t n;
	enum err rc;

	if (me == NULL || !me->is_site_admin)
		return ERR_FORBIDDEN;
	if ((rc = db_scheme_get(db, a, scheme_id, &s)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = db_concern_contact_candidates(db, a, scheme_id, &cand, &n)) != ERR_OK)
		goto out;
	const struct db_concern_person *p = NULL;
	for (size_t i = 0; i < n && p == NULL; i++)
		if (cand[i].id == user_id)
			p = &cand[i];
	if (p == NULL) {
		bool is_contact = false;
		if ((rc = db_concern_contact_is(db, scheme_id, user_id, &is_contact)) != ERR_OK)
			goto out;
		app_problem(ps, "user_id", is_contact ? "This person is already an escalation "
		    "contact" : "Select an administrator of this scheme or a site "
		    "administrator");
		rc = ERR_BAD_INPUT;
		goto out;
	}
	if ((rc = db_concern_contact_add(db, scheme_id, user_id, me->user_id,
	    clock_now())) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id, "concern.contact_add",
	    arena_printf(a, "user:%lld", (long long)user_id), "", ip);
out:
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

enum err
app_concern_contact_remove(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, const char *ip)
{
	struct db_scheme s;
	enum err rc;

	if (me == NULL || !me->is_site_admin)
		return ERR_FORBIDDEN;
	if ((rc = db_scheme_get(db, a, scheme_id, &s)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = db_concern_contact_remove(db, scheme_id, user_id)) == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "concern.contact_remove",
		    arena_printf(a, "user:%lld", (long long)user_id), "", ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

/* ---- demo ---- */

/* The demo scheme's escalation contact is its administrator, Gareth
 * Evans; no demo concerns (a concern is not something to show off).
 * Not audited: like the rest of the demo, it is set-up, not anyone's
 * action (test_app counts the demo's audit rows). */
enum err
app_demo_concerns_tx(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new(0);
	struct db_user u;
	enum err rc = db_user_by_username(db, a, "gareth.evans", &u);
	if (rc == ERR_OK)
		rc = db_concern_contact_add(db, scheme_id, u.id, 0, clock_now());
	arena_free(a);
	return rc;
}
