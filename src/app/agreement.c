/*
 * agreement.c - the mentoring agreement's rules (agreement.h, REL-8).
 *
 * Design: every function asks app_relationship_guard first (reads with
 * LRLA_VIEW, writes with LRLA_ADD_CONTENT, again inside the write's
 * BEGIN IMMEDIATE transaction), then loads the relationship's versions in
 * one query and works on the draft and the current agreement found
 * there.  Changes are compare-and-set on the draft's revision, so a
 * confirmation or an edit of a draft that changed meanwhile is refused
 * (ERR_CONFLICT) instead of confirming or overwriting what the person
 * never saw.  Emails (agreement.changed, agreement.review) and audit rows
 * commit with the change.
 *
 * Traps: emails and audit rows never carry the agreement's text (only
 * who, which version, when): it is the pair's.  Administrators are shown
 * content only of agreed versions and only when the scheme's
 * admin_sees_documents rule is on; each such opening is audited.  The
 * review clock runs in the scheme's time zone (calendar months), and the
 * job only ever moves remind_at forward past `now`, so a server that was
 * off for a year sends one reminder, not two.
 */
#include "app/agreement.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strparse.h"
#include "core/tz.h"

/* ---- the form: Annex A, section by section ---- */

static const struct app_agreement_field fields[DB_AGREEMENT_NTEXT] = {
	{"assistance", 1, "What help do you want from each other?",
	    "For example: advice on your career, a sounding board for decisions, "
	    "feedback on a project, introductions to other people.", NULL},
	{"outcomes", 1, "What do you hope to achieve?",
	    "The outcomes you expect from the mentoring, in a few lines.", NULL},
	{"success_measures", 1, "How will you know it is working?",
	    "How you will each measure success, for example a new role, a finished "
	    "portfolio, or feeling more confident about something.", NULL},
	{"personal_values", 1, "What are your personal values?",
	    "What matters to each of you, so that your conversations respect it.", NULL},
	{"expectations", 1, "What do you expect of each other?",
	    "For example: come prepared, be honest, keep to what you agreed, and say early "
	    "if you cannot make a meeting.",
	    "Say what you expect of each other"},
	{"frequency", 2, "How often will you meet?",
	    "For example: once a month for the first six months. Make contact at least "
	    "every three months, and meet in person at least once a year.",
	    "Say how often you will meet"},
	{"meeting_format", 2, "How will you meet?",
	    "In person, by video call or by phone, or a mix.",
	    "Say how you will meet"},
	{"when_where", 2, "When, where and for how long?",
	    "For example: the first Tuesday of the month at 5pm, for an hour, in the "
	    "education centre or online.", NULL},
	{"scheduling", 2, "Who arranges meetings and records actions?",
	    "Usually the mentee arranges the meetings, suggests what to talk about and "
	    "writes down the actions agreed.", NULL},
	{"ground_rules", 3, "What are your ground rules?",
	    "For example: what you say stays between you, openness and honesty, and how "
	    "much challenge and support you want.",
	    "Say what your ground rules are"},
	{"confidentiality", 3, "What are the limits of confidentiality?",
	    "Agree when the mentor would have to share something: a risk to patients, a "
	    "risk to the mentee or to someone else, or a concern about fitness to "
	    "practise. Agree that the mentor will tell the mentee first whenever they "
	    "can.",
	    "Say what the limits of confidentiality are"},
	{"problems", 3, "If problems arise, how will you resolve them?",
	    "How you will raise a problem with each other, and that either of you can "
	    "end the relationship without blame or ask the scheme team for help.", NULL},
	{"keeping_in_touch", 3, "How will you keep in touch between meetings?",
	    "For example: email or phone, and how quickly you expect a reply.", NULL},
	{"ending", 3, "How will it end?",
	    "How you will know the mentoring has done its job and should end, and how "
	    "you will close it well.",
	    "Say how the mentoring will end"},
	{"concerns", 4, "Are there any concerns to resolve now?",
	    "Anything either of you is worried about before you go ahead.", NULL},
	{"first_focus", 4, "What will you focus on first?",
	    "What you will talk about at your first (or next) meeting.",
	    "Say what you will focus on first"},
	{"other_issues", 4, "Anything else to discuss?",
	    "Other areas or issues you want to come back to.", NULL},
};

static const char *const section_titles[] = {"", "Expectations", "Meetings",
	"Ways of working and ground rules", "Next steps"};

const struct app_agreement_field *
app_agreement_fields(void)
{
	return fields;
}

const char *
app_agreement_section_title(int section)
{
	return section >= 1 && section <= 4 ? section_titles[section] : "";
}

/* ---- time ---- */

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int64_t
app_agreement_add_months(const char *zone, int64_t t, int months)
{
	const struct tz *z = tz_or_default(zone);
	struct tz_local l;
	tz_to_local(z, t, &l);
	int total = l.year * 12 + (l.month - 1) + months;
	int y = total / 12, m = total % 12 + 1;
	int d = l.day > month_days(y, m) ? month_days(y, m) : l.day;
	int64_t out;
	if (tz_from_local(z, y, m, d, l.hour, l.minute, &out))
		return out + l.second;
	/* the hour skipped when the clocks go forward: an hour later */
	if (tz_from_local(z, y, m, d, l.hour + 1 < 24 ? l.hour + 1 : l.hour, 0, &out))
		return out;
	return t + (int64_t)months * 30 * 24 * 3600;
}

const char *
app_agreement_day_words(struct arena *a, const char *zone, int64_t t)
{
	if (t <= 0)
		return "";
	struct tz_local l;
	tz_to_local(tz_or_default(zone), t, &l);
	return app_date_words(a, arena_printf(a, "%04d-%02d-%02d", l.year, l.month, l.day));
}

/* ---- small helpers ---- */

static const char *
subject_of(struct arena *a, int64_t rel_id)
{
	return arena_printf(a, "agreement:%lld", (long long)rel_id);
}

static bool
is_party(enum lc_actor who)
{
	return who == LC_MENTOR || who == LC_MENTEE;
}

static int64_t
other_of(const struct app_relationship *rel)
{
	return rel->actor == LC_MENTOR ? rel->r.mentee_id : rel->r.mentor_id;
}

static const char *
name_of(const struct app_relationship *rel, int64_t user_id)
{
	return user_id == rel->r.mentor_id ? rel->r.mentor_name : rel->r.mentee_name;
}

/* Email `user_id` about the agreement of relationship rel_id of
 * scheme_id (MSG-4): the email names the scheme and links back to the
 * agreement. */
static enum err
tell(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id, int64_t rel_id,
    const char *kind, const char *subject, const char *text)
{
	struct db_brief b;
	enum err rc = db_brief_get(db, a, user_id, &b);
	if (rc != ERR_OK)
		return rc;
	return app_notice_tx(db, &(struct app_notice){.user_id = b.id, .to = b.email,
	    .kind = kind, .scheme_id = scheme_id, .subject = subject,
	    .text = arena_printf(a, "Hello %s,\n\n%s\nTandem\n", b.given_name, text),
	    .path = arena_printf(a, "/relationships/%lld/agreement", (long long)rel_id)});
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* Fill out from the relationship's versions for me, `now`. */
static enum err
fill(struct db *db, struct arena *a, const struct app_relationship *rel,
    struct app_agreement_page *out)
{
	out->rel = *rel;
	out->now = clock_now();
	enum err rc = db_agreements_of_rel(db, a, rel->r.id, &out->versions, &out->nversions);
	if (rc != ERR_OK)
		return rc;
	out->current = out->draft = NULL;
	for (size_t i = 0; i < out->nversions; i++) {
		const struct db_agreement *g = &out->versions[i];
		if (strcmp(g->status, "draft") == 0)
			out->draft = g;
		else if (strcmp(g->status, "agreed") == 0)
			out->current = g;
	}
	bool live = rel->status == LRL_ACTIVE;
	bool party = is_party(rel->actor);
	out->can_edit = party && live;
	int64_t mine = out->draft == NULL ? 0 : rel->actor == LC_MENTOR ?
	    out->draft->mentor_confirmed_at : out->draft->mentee_confirmed_at;
	out->can_confirm = out->can_edit && out->draft != NULL && mine == 0;
	out->can_review = out->can_edit && out->current != NULL;
	out->is_review_due = live && out->current != NULL &&
	    out->current->review_due_at > 0 && out->current->review_due_at <= out->now;
	out->shows_content = party;
	return ERR_OK;
}

/* An administrator opening content: one audit row. */
static enum err
audit_view(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_agreement_page *p, int64_t version, const char *ip)
{
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = app_audit_tx(db, me->user_id, p->rel.r.scheme_id, "content.view",
	    subject_of(a, p->rel.r.id), arena_printf(a, "agreement version %lld",
	    (long long)version), ip);
	return finish(db, rc);
}

/* ---- reading ---- */

enum err
app_agreement_status(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_relationship *rel, const struct db_scheme_settings *settings,
    struct app_agreement_page *out)
{
	(void)me;
	memset(out, 0, sizeof(*out));
	out->settings = *settings;
	enum err rc = fill(db, a, rel, out);
	out->shows_content = false;
	return rc;
}

enum err
app_agreement_page(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip, struct app_agreement_page *out)
{
	struct app_relationship rel;
	memset(out, 0, sizeof(*out));
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_VIEW, &rel);
	if (rc == ERR_OK)
		rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &out->settings);
	if (rc == ERR_OK)
		rc = fill(db, a, &rel, out);
	if (rc != ERR_OK)
		return rc;
	if (rel.actor == LC_ADMIN) {
		/* content only of the agreed version, and only when allowed */
		out->shows_content = out->settings.admin_sees_documents && out->current != NULL;
		if (out->shows_content)
			rc = audit_view(db, a, me, out, out->current->version, ip);
	}
	return rc;
}

enum err
app_agreement_version(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    int64_t version, const char *ip, struct app_agreement_page *out,
    const struct db_agreement **ver)
{
	struct app_relationship rel;
	memset(out, 0, sizeof(*out));
	*ver = NULL;
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_VIEW, &rel);
	if (rc == ERR_OK)
		rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &out->settings);
	if (rc == ERR_OK)
		rc = fill(db, a, &rel, out);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < out->nversions; i++)
		if (out->versions[i].version == version)
			*ver = &out->versions[i];
	if (*ver == NULL)
		return ERR_NOT_FOUND;
	if (rel.actor == LC_ADMIN) {
		out->shows_content = out->settings.admin_sees_documents &&
		    strcmp((*ver)->status, "draft") != 0;
		if (out->shows_content)
			rc = audit_view(db, a, me, out, version, ip);
	}
	return rc;
}

/* ---- writing ---- */

/* The guard inside a write: a conflict carries the "has ended" sentence. */
static enum err
guard_tx(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_relationship *rel, struct app_problems *ps)
{
	enum err rc = app_relationship_guard(db, a, me, id, LRLA_ADD_CONTENT, rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	return rc;
}

static void
check_answers(const struct db_agreement *g, struct app_problems *ps)
{
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++) {
		const struct app_agreement_field *f = &fields[i];
		if (f->missing != NULL && *g->text[i] == '\0')
			app_problem(ps, f->name, f->missing);
		else if (str_utf8_len(g->text[i]) > APP_AGREEMENT_TEXT_MAX)
			app_problem(ps, f->name, "Each answer must be 2000 characters or fewer");
	}
}

static bool
same_text(const struct db_agreement *x, const struct db_agreement *y)
{
	if (x->ethics_shared != y->ethics_shared)
		return false;
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
		if (strcmp(x->text[i], y->text[i]) != 0)
			return false;
	return true;
}

enum err
app_agreement_save(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_agreement_in *in, const char *ip, struct app_problems *ps,
    bool *changed, int64_t *version)
{
	struct app_relationship rel;
	struct app_agreement_page p;
	int64_t now = clock_now();
	*changed = false;
	*version = 0;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, &rel, ps)) != ERR_OK)
		return finish(db, rc);
	memset(&p, 0, sizeof(p));
	if ((rc = fill(db, a, &rel, &p)) != ERR_OK)
		return finish(db, rc);
	/* the editor must have seen the draft that is there now */
	int64_t seen = p.draft != NULL ? p.draft->revision : 0;
	if (in->revision >= 0 && in->revision != seen) {
		app_problem(ps, "", APP_AGREEMENT_EDITED);
		return finish(db, ERR_CONFLICT);
	}
	const struct db_agreement *base = p.draft != NULL ? p.draft : p.current;
	struct db_agreement g;
	memset(&g, 0, sizeof(g));
	g.relationship_id = rel.r.id;
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
		g.text[i] = in->text[i] != NULL ? in->text[i] : base != NULL ? base->text[i] : "";
	g.ethics_shared = in->ethics_shared >= 0 ? in->ethics_shared != 0 :
	    base != NULL && base->ethics_shared;
	check_answers(&g, ps);
	if (ps->n > 0)
		return finish(db, ERR_BAD_INPUT);
	if (base != NULL && same_text(&g, base)) {
		*version = p.draft != NULL ? p.draft->version : 0;
		return finish(db, ERR_OK);   /* nothing to save, nobody to tell */
	}
	bool is_new = p.draft == NULL;
	if (is_new) {
		int64_t newid;
		g.version = p.nversions > 0 ? p.versions[0].version + 1 : 1;
		rc = db_agreement_add(db, &g, me->user_id, now, &newid);
	} else {
		g.id = p.draft->id;
		g.version = p.draft->version;
		g.revision = p.draft->revision;
		rc = db_agreement_update(db, &g, me->user_id, now);
		if (rc == ERR_CONFLICT)
			app_problem(ps, "", APP_AGREEMENT_EDITED);
	}
	const char *me_name = name_of(&rel, me->user_id);
	if (rc == ERR_OK)
		rc = tell(db, a, other_of(&rel), rel.r.scheme_id, rel.r.id,
		    "agreement.changed",
		    arena_printf(a, "%s %s your mentoring agreement", me_name,
		    is_new ? (p.current != NULL ? "suggested changes to" : "drafted") : "changed"),
		    arena_printf(a, "%s has %s the mentoring agreement between you (version "
		    "%lld).\n\nRead it in Tandem, on the page of your mentoring relationship, "
		    "and confirm it if you agree. It is agreed when both of you have "
		    "confirmed the same text.%s\n", me_name,
		    is_new ? "written a draft of" : "changed the draft of", (long long)g.version,
		    p.current != NULL ? " Until then, the version you agreed before still "
		    "stands." : ""));
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id,
		    is_new ? "agreement.draft" : "agreement.change", subject_of(a, rel.r.id),
		    arena_printf(a, "version %lld", (long long)g.version), ip);
	if (rc == ERR_OK) {
		*changed = true;
		*version = g.version;
	}
	return finish(db, rc);
}

enum err
app_agreement_confirm(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    int64_t version, int64_t revision, const char *ip, struct app_problems *ps,
    bool *is_agreed)
{
	struct app_relationship rel;
	struct app_agreement_page p;
	int64_t now = clock_now();
	*is_agreed = false;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, &rel, ps)) != ERR_OK)
		return finish(db, rc);
	memset(&p, 0, sizeof(p));
	if ((rc = fill(db, a, &rel, &p)) != ERR_OK)
		return finish(db, rc);
	if (p.draft == NULL) {
		/* the draft they read was agreed meanwhile: nothing is left to do */
		if (p.current != NULL && p.current->version == version &&
		    p.current->revision == revision) {
			*is_agreed = true;
			return finish(db, ERR_OK);
		}
		app_problem(ps, "", APP_AGREEMENT_NO_DRAFT);
		return finish(db, ERR_CONFLICT);
	}
	const struct db_agreement *d = p.draft;
	if (d->version != version || d->revision != revision) {
		app_problem(ps, "", APP_AGREEMENT_CHANGED);
		return finish(db, ERR_CONFLICT);
	}
	bool mentor = rel.actor == LC_MENTOR;
	if ((mentor ? d->mentor_confirmed_at : d->mentee_confirmed_at) != 0)
		return finish(db, ERR_OK);   /* confirmed already */
	rc = db_agreement_confirm(db, d->id, revision, mentor ? "mentor" : "mentee", now);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_AGREEMENT_CHANGED);
	bool both = (mentor ? d->mentee_confirmed_at : d->mentor_confirmed_at) != 0;
	const char *me_name = name_of(&rel, me->user_id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "agreement.confirm",
		    subject_of(a, rel.r.id), arena_printf(a, "version %lld revision %lld",
		    (long long)version, (long long)revision), ip);
	if (rc != ERR_OK || !both) {
		if (rc == ERR_OK)
			rc = tell(db, a, other_of(&rel), rel.r.scheme_id, rel.r.id,
		    "agreement.changed",
			    arena_printf(a, "%s confirmed your mentoring agreement", me_name),
			    arena_printf(a, "%s has confirmed the draft of the mentoring agreement "
			    "between you (version %lld).\n\nRead it in Tandem, on the page of your "
			    "mentoring relationship, and confirm it too if you agree. It is agreed "
			    "when both of you have confirmed it.\n", me_name, (long long)version));
		return finish(db, rc);
	}
	/* both: freeze it; the version before becomes history */
	int64_t due = 0;
	struct db_scheme_settings st;
	if ((rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &st)) == ERR_OK) {
		due = app_agreement_add_months(st.time_zone, now, APP_AGREEMENT_REVIEW_MONTHS);
		rc = db_agreement_supersede(db, rel.r.id, now);
	}
	if (rc == ERR_OK)
		rc = db_agreement_agree(db, d->id, now, due);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "agreement.agreed",
		    subject_of(a, rel.r.id), arena_printf(a, "version %lld",
		    (long long)version), ip);
	const int64_t people[2] = {rel.r.mentor_id, rel.r.mentee_id};
	for (int i = 0; i < 2 && rc == ERR_OK; i++)
		rc = tell(db, a, people[i], rel.r.scheme_id, rel.r.id,
		    "agreement.changed",
		    "Your mentoring agreement is agreed",
		    arena_printf(a, "%s and %s have both confirmed the mentoring agreement "
		    "between you (version %lld), so it is now agreed. It cannot be changed: "
		    "if you want to change it, either of you can start a new draft, and both "
		    "of you confirm that.\n\nTandem will remind you to review it together on "
		    "%s.\n", i == 0 ? rel.r.mentor_name : rel.r.mentee_name,
		    i == 0 ? rel.r.mentee_name : rel.r.mentor_name, (long long)version,
		    app_agreement_day_words(a, st.time_zone, due)));
	if (rc == ERR_OK)
		*is_agreed = true;
	return finish(db, rc);
}

enum err
app_agreement_mark_reviewed(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, struct app_problems *ps)
{
	struct app_relationship rel;
	struct app_agreement_page p;
	struct db_scheme_settings st;
	int64_t now = clock_now();
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = guard_tx(db, a, me, id, &rel, ps)) != ERR_OK)
		return finish(db, rc);
	memset(&p, 0, sizeof(p));
	if ((rc = fill(db, a, &rel, &p)) != ERR_OK)
		return finish(db, rc);
	if (p.current == NULL) {
		app_problem(ps, "", APP_AGREEMENT_NOTHING_TO_REVIEW);
		return finish(db, ERR_CONFLICT);
	}
	if ((rc = db_scheme_settings_get(db, a, rel.r.scheme_id, &st)) != ERR_OK)
		return finish(db, rc);
	int64_t due = app_agreement_add_months(st.time_zone, now, APP_AGREEMENT_REVIEW_MONTHS);
	rc = db_agreement_reviewed(db, p.current->id, me->user_id, now, due);
	const char *me_name = name_of(&rel, me->user_id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, rel.r.scheme_id, "agreement.reviewed",
		    subject_of(a, rel.r.id), arena_printf(a, "version %lld",
		    (long long)p.current->version), ip);
	if (rc == ERR_OK)
		rc = tell(db, a, other_of(&rel), rel.r.scheme_id, rel.r.id,
		    "agreement.changed",
		    arena_printf(a, "%s reviewed your mentoring agreement", me_name),
		    arena_printf(a, "%s has marked the mentoring agreement between you as "
		    "reviewed, with no changes. It stays as it is, and Tandem will remind you "
		    "to review it again on %s.\n\nIf you think something should change, start "
		    "a new draft from the page of your mentoring relationship.\n", me_name,
		    app_agreement_day_words(a, st.time_zone, due)));
	return finish(db, rc);
}

/* ---- the daily job ---- */

#define TICK_BATCH 200
#define TICK_BATCHES 50

/* One due agreement: both emailed, the reminder moved past now. */
static enum err
remind_one(struct db *db, struct arena *a, const struct db_agreement_due *d, int64_t now,
    const char *zone)
{
	/* the next six-monthly mark after now, counted from the clock's start */
	int64_t next = d->remind_at;
	for (int k = 1; next <= now && k < 400; k++)
		next = app_agreement_add_months(zone, d->review_from_at,
		    APP_AGREEMENT_REVIEW_MONTHS * k);
	if (next <= now)
		next = now + 182 * 86400;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = db_agreement_reminded(db, d->id, d->remind_at, now, next);
	const int64_t people[2] = {d->mentor_id, d->mentee_id};
	for (int i = 0; i < 2 && rc == ERR_OK; i++)
		rc = tell(db, a, people[i], d->scheme_id, d->relationship_id,
		    "agreement.review",
		    "Time to review your mentoring agreement",
		    arena_printf(a, "It is time for you and %s to review your mentoring "
		    "agreement (version %lld, last agreed or reviewed on %s).\n\nRead it "
		    "together at your next meeting. If it still works for you both, either of "
		    "you can mark it as reviewed with no changes. If something should change, "
		    "start a new draft from the page of your mentoring relationship, and both "
		    "confirm it.\n", i == 0 ? d->mentee_name : d->mentor_name,
		    (long long)d->version, app_agreement_day_words(a, zone, d->review_from_at)));
	return finish(db, rc);
}

enum err
app_agreements_tick(struct db *db, int64_t now, struct app_agreement_tick *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = db_agreements_drop_ended(db, now);
	/* batches until none is left: a reminded row moves past now and is
	 * not selected again; a batch that reminds nobody (only failures)
	 * stops the run, tomorrow's tries again */
	for (int batch = 0; rc == ERR_OK && batch < TICK_BATCHES; batch++) {
		struct arena *a = arena_new(0);
		struct db_agreement_due *due;
		size_t n, done = 0;
		if ((rc = db_agreements_due(db, a, now, TICK_BATCH, &due, &n)) != ERR_OK) {
			arena_free(a);
			break;
		}
		/* rows come by scheme: one settings read per scheme */
		struct db_scheme_settings st = {.time_zone = ""};
		int64_t st_scheme = 0;
		for (size_t i = 0; i < n; i++) {
			if (st_scheme != due[i].scheme_id) {
				if (db_scheme_settings_get(db, a, due[i].scheme_id, &st) != ERR_OK)
					st.time_zone = "";
				st_scheme = due[i].scheme_id;
			}
			enum err one = remind_one(db, a, &due[i], now, st.time_zone);
			if (one == ERR_OK) {
				done++;
			} else if (one != ERR_CONFLICT) {
				out->failed++;
				log_warn("agreements: review reminder for agreement %lld failed",
				    (long long)due[i].id);
			}
		}
		out->reminded += done;
		arena_free(a);
		if (n < TICK_BATCH || done == 0)
			break;
	}
	return rc;
}

/* ---- the home page ---- */

enum err
app_agreement_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_agreement_home **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (me == NULL || me->active == NULL || (strcmp(me->active->role, "mentor") != 0 &&
	    strcmp(me->active->role, "mentee") != 0))
		return ERR_OK;
	return db_agreement_home(db, a, me->active->scheme_id, me->active->role, me->user_id,
	    clock_now(), out, n);
}
