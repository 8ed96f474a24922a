/*
 * annual.c - the scheme standards (ADM-6) and the annual report (ADM-5):
 * the standards table, the evidence sentences, the administrator's notes,
 * documents and written sections.  See annual.h for the rules.
 *
 * Trap: a year is the scheme's calendar year in its own time zone, so
 * its UTC bounds come from tz_from_local, not from multiples of 86400.
 */
#include "app/annual.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/reports.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/log.h"
#include "core/sniff.h"
#include "core/strparse.h"
#include "core/tz.h"

/* Seed 003, "Standards For A Mentoring Scheme", in our own words. */
const struct app_standard app_standards[] = {
	{"eligibility", "Eligibility to take part",
	    "Promotional materials and the application forms for joining the scheme.", {
		{"eligibility-fair", "No one is kept out because of gender, ethnicity, "
		    "disability, age or any other protected characteristic.", true},
		{"eligibility-all-levels", "The scheme is open to trainees at every level of "
		    "performance, not only to those in difficulty.", true},
		{"eligibility-voluntary", "Taking part is voluntary: people made to take part "
		    "engage poorly and do not get good outcomes.", true},
		{"eligibility-everyone", "A scheme may focus on groups facing particular "
		    "challenges (exams, times of transition), but ideally every trainee can "
		    "join as a mentee.", false},
	    }, 4},
	{"information", "Information for mentees",
	    "What mentees are given before they join, and what they can find during the "
	    "scheme.", {
		{"information-process", "Mentees can find out how mentoring works and what it "
		    "can do for them.", true},
		{"information-confidentiality", "Mentees know how confidentiality works in the "
		    "relationship, and where it stops.", true},
		{"information-concerns", "Mentees know how to raise a concern about their "
		    "mentor.", true},
		{"information-preparing", "Mentees can have training about the relationship and "
		    "advice on preparing for sessions.", false},
		{"information-reflection", "Mentees are offered advice on structured reflection, "
		    "to use if they choose.", false},
	    }, 5},
	{"matching", "Matching process",
	    "Evidence of a systematic matching process, and a policy for ending "
	    "relationships that do not work.", {
		{"matching-independent", "No mentee is matched with a mentor who takes part in "
		    "their appraisal or educational supervision.", true},
		{"matching-dissolution", "Relationships that are not working are recognised, and "
		    "the mentee can move to a new mentor if they wish.", true},
		{"matching-input", "Mentees have a say in their match, knowing they will not "
		    "always get their first choice; some may choose not to.", false},
	    }, 3},
	{"training", "Training",
	    "Training records for the scheme's mentors, ongoing and refresher training, and "
	    "agreements between mentors and mentees that cover confidentiality.", {
		{"training-concept", "Mentors understand what mentoring is and what it can "
		    "offer.", true},
		{"training-skills", "Mentors are trained in mentoring skills: a non-judgemental, "
		    "non-directive approach, listening, and a model such as GROW.", true},
		{"training-confidentiality", "Mentors understand confidentiality in the "
		    "relationship and its limits.", true},
		{"training-face-to-face", "Mentors have face-to-face training in mentoring "
		    "skills.", false},
		{"training-ongoing", "Mentors can keep their skills up to date and keep "
		    "developing them.", false},
	    }, 5},
	{"safety", "Safety",
	    "Written referral and escalation routes, and a list of resilience resources "
	    "that mentors and mentees can reach.", {
		{"safety-referral", "There are clear referral routes for patient safety, "
		    "safeguarding, fitness to practise and similar issues.", true},
		{"safety-advice", "Scheme organisers are available to give mentors confidential "
		    "advice.", false},
		{"safety-resources", "Mentors and mentees can reach a list of useful resources "
		    "to point mentees to.", false},
	    }, 3},
	{"quality", "Quality assurance",
	    "Feedback from participants, the changes made to the scheme because of it, and "
	    "the scheme's annual report.", {
		{"quality-evaluated", "The scheme is evaluated regularly, with feedback from "
		    "mentors and mentees.", true},
		{"quality-mentor-feedback", "Mentees are asked for feedback on their own "
		    "mentor.", true},
		{"quality-adjustments", "Organisers act promptly to adjust the scheme in the "
		    "light of feedback.", false},
		{"quality-training-needs", "There is a way to find and meet individual mentors' "
		    "further training needs.", false},
		{"quality-annual-report", "The scheme produces an annual report.", false},
	    }, 5},
};
const size_t app_standards_n = sizeof(app_standards) / sizeof(app_standards[0]);

const struct app_standard_point *
app_standard_point_find(const char *key, const struct app_standard **standard)
{
	for (size_t i = 0; key != NULL && i < app_standards_n; i++)
		for (size_t j = 0; j < app_standards[i].npoints; j++)
			if (strcmp(app_standards[i].points[j].key, key) == 0) {
				if (standard != NULL)
					*standard = &app_standards[i];
				return &app_standards[i].points[j];
			}
	return NULL;
}

const char *
app_annual_percent(struct arena *a, int64_t part, int64_t n)
{
	if (n <= 0)
		return "none yet";
	return arena_printf(a, "%lld%%", (long long)app_report_percent(part, n));
}

static const char *
plural(struct arena *a, int64_t n, const char *one, const char *many)
{
	return arena_printf(a, "%lld %s", (long long)n, n == 1 ? one : many);
}

static const char *
rule_words(const char *rule, const char *what)
{
	if (strcmp(rule, "same") == 0)
		return strcmp(what, "organisation") == 0 ? "same organisation" : "same specialty";
	if (strcmp(rule, "different") == 0)
		return strcmp(what, "organisation") == 0 ? "a different organisation" :
		    "a different specialty";
	return NULL;
}

void
app_standard_evidence(struct arena *a, size_t i, const struct db_annual_evidence *ev,
    const struct db_scheme_settings *st, const char *yw, bool report_written,
    const char *lines[APP_STANDARD_LINES_MAX], size_t *n)
{
	size_t k = 0;
#define LINE(...) do { if (k < APP_STANDARD_LINES_MAX) lines[k++] = arena_printf(a, __VA_ARGS__); } while (0)
	const char *key = i < app_standards_n ? app_standards[i].key : "";
	if (strcmp(key, "eligibility") == 0) {
		LINE("%s and %s take part now.", plural(a, ev->mentees, "mentee", "mentees"),
		    plural(a, ev->mentor_roles, "mentor", "mentors"));
		LINE("People join by registering themselves%s: no one is enrolled without "
		    "their own account.", st->registration_open ? " (registration is open)" :
		    " (registration is closed at present)");
		LINE("%s", st->approval_required ? "An administrator approves each "
		    "registration." : "Registrations do not need an administrator's approval.");
	} else if (strcmp(key, "information") == 0) {
		LINE("%s published (%lld for mentees, %lld recommended before matching).",
		    plural(a, ev->guides, "guide", "guides"), (long long)ev->guides_for_mentees,
		    (long long)ev->guides_before_matching);
		if (st->privacy_notice[0] != '\0')
			LINE("Privacy notice version %lld is in force.",
			    (long long)st->privacy_notice_version);
		else
			LINE("No privacy notice of the scheme's own has been written.");
		LINE("%s named for raising concerns.", plural(a, ev->concern_contacts,
		    "contact", "contacts"));
	} else if (strcmp(key, "matching") == 0) {
		int64_t systematic = ev->started - ev->overrides;
		LINE("Systematic matching used for %s of the %s started %s (%lld by request, "
		    "%lld by proposal, %lld by cohort, %lld by assignment).",
		    app_annual_percent(a, systematic, ev->started),
		    plural(a, ev->started, "relationship", "relationships"), yw,
		    (long long)ev->by_request, (long long)ev->by_proposal,
		    (long long)ev->by_cohort, (long long)ev->by_assignment);
		if (ev->overrides > 0)
			LINE("%s overrode the matching rules, each with a recorded reason.",
			    plural(a, ev->overrides, "assignment", "assignments"));
		const char *org = rule_words(ev->organisation_rule, "organisation");
		const char *spec = rule_words(ev->specialty_rule, "specialty");
		LINE("Rules in force: declared conflicts of interest %s; %s; %s; %s.",
		    ev->exclude_conflicts ? "are excluded" : "are not excluded",
		    org ? arena_printf(a, "mentor from %s", org) : "any organisation",
		    spec ? arena_printf(a, "mentor in %s", spec) : "any specialty",
		    ev->max_distance_miles > 0 ? arena_printf(a, "within %lld miles",
		    (long long)ev->max_distance_miles) : "no distance limit");
		LINE("%s of interest (supervisors, appraisers) declared.",
		    plural(a, ev->conflicts, "conflict", "conflicts"));
		LINE("Mentees %s ask for a mentor themselves.", st->allow_mentee_requests ?
		    "can" : "cannot");
		LINE("No-fault ending is available to both people (REL-6): %s ended early "
		    "%s, %s completed.", plural(a, ev->ended_early, "relationship",
		    "relationships"), yw, plural(a, ev->completed, "relationship",
		    "relationships"));
	} else if (strcmp(key, "training") == 0) {
		LINE("%lld of %s trained (a verified record in date), %lld due for a "
		    "refresher.", (long long)ev->trained, plural(a, ev->mentors, "mentor",
		    "mentors"), (long long)ev->refresher_due);
		int64_t none = ev->mentors - ev->trained - ev->refresher_due;
		LINE("%lld with no verified training (%lld of them awaiting verification).",
		    (long long)none, (long long)ev->awaiting_verification);
		LINE("%lld of %s running %s have an agreed mentoring agreement.",
		    (long long)ev->with_agreement, plural(a, ev->running, "relationship",
		    "relationships"), yw);
	} else if (strcmp(key, "safety") == 0) {
		LINE("%s named for concerns%s.", plural(a, ev->concern_contacts,
		    "escalation contact", "escalation contacts"), st->escalation_contact[0] ?
		    ", and an escalation contact is set for the scheme" : "");
		LINE("%s raised %s (the count only; their content stays with the people "
		    "handling them).", plural(a, ev->concerns, "concern", "concerns"), yw);
		LINE("%s published for mentors and mentees.", plural(a, ev->resources,
		    "resource", "resources"));
	} else if (strcmp(key, "quality") == 0) {
		LINE("%s active.", plural(a, ev->forms_active, "evaluation form",
		    "evaluation forms"));
		LINE("%lld of %s due %s answered (%s).", (long long)ev->evals_answered,
		    plural(a, ev->evals_due, "evaluation", "evaluations"), yw,
		    app_annual_percent(a, ev->evals_answered, ev->evals_due));
		LINE("Mentees' feedback on their mentor: %lld of %lld answered (%s).",
		    (long long)ev->mentee_evals_answered, (long long)ev->mentee_evals_due,
		    app_annual_percent(a, ev->mentee_evals_answered, ev->mentee_evals_due));
		LINE("%s", report_written ? "The annual report's sections have been written for "
		    "this year." : "The annual report's sections have not been written for this "
		    "year yet.");
	}
#undef LINE
	*n = k;
}

/* ---- access ---- */

static enum err
scheme_for(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    struct db_scheme *scheme)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	return db_scheme_get(db, a, scheme_id, scheme);
}

static int64_t
year_of(const struct tz *z, int64_t t)
{
	struct tz_local l;
	tz_to_local(z, t, &l);
	return l.year;
}

static enum err
year_bounds(const struct tz *z, int64_t year, int64_t *from, int64_t *to)
{
	if (!tz_from_local(z, (int)year, 1, 1, 0, 0, from) ||
	    !tz_from_local(z, (int)year + 1, 1, 1, 0, 0, to))
		return ERR_BAD_INPUT;
	return ERR_OK;
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* ---- the standards ---- */

enum err
app_standards_page(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t year, struct app_standards_page *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = scheme_for(db, a, me, scheme_id, &out->scheme);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &out->settings)) != ERR_OK)
		return rc;
	const struct tz *z = tz_or_default(out->settings.time_zone);
	int64_t now = clock_now(), this_year = year_of(z, now);
	if (year == 0)
		year = this_year;
	out->year = year;
	out->is_current_year = year == this_year;
	/* training is counted today, whatever the year, like the dashboard's
	 * (there is no history of who was a mentor or of verifications) */
	struct tz_local l;
	tz_to_local(z, now, &l);
	out->as_at = arena_printf(a, "%04d-%02d-%02d", l.year, l.month, l.day);
	int64_t from, to;
	if ((rc = year_bounds(z, year, &from, &to)) != ERR_OK)
		return ERR_NOT_FOUND;
	if ((rc = db_annual_evidence(db, a, scheme_id, from, to, out->as_at, &out->ev)) !=
	    ERR_OK)
		return rc;
	struct db_annual sections;
	bool written = false;
	rc = db_annual_get(db, a, scheme_id, year, &sections);
	if (rc == ERR_OK)
		written = sections.aims[0] || sections.changes[0] || sections.plans[0];
	else if (rc != ERR_NOT_FOUND)
		return rc;
	const char *yw = out->is_current_year ? "so far this year" :
	    arena_printf(a, "in %lld", (long long)year);
	for (size_t i = 0; i < app_standards_n; i++)
		app_standard_evidence(a, i, &out->ev, &out->settings, yw, written, out->lines[i],
		    &out->nlines[i]);
	if ((rc = db_standard_notes(db, a, scheme_id, &out->notes, &out->nnotes)) != ERR_OK)
		return rc;
	return db_standard_docs(db, a, scheme_id, &out->docs, &out->ndocs);
}

enum err
app_standard_note_put(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *point, const char *body, const char *ip,
    struct app_problems *ps)
{
	struct db_scheme scheme;
	enum err rc = scheme_for(db, a, me, scheme_id, &scheme);
	if (rc != ERR_OK)
		return rc;
	if (app_standard_point_find(point, NULL) == NULL)
		return ERR_NOT_FOUND;
	if (body == NULL)
		body = "";
	size_t len = str_utf8_len(body);
	if (len > APP_STANDARD_NOTE_MAX) {
		app_problem(ps, "note", arena_printf(a, "Note must be %d characters or fewer "
		    "(it has %zu)", APP_STANDARD_NOTE_MAX, len));
		return ERR_BAD_INPUT;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_standard_note_put(db, scheme_id, point, body, me->user_id, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "standards.note",
		    arena_printf(a, "standard:%s", point), len == 0 ? "note removed" :
		    arena_printf(a, "note saved, %zu characters", len), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_standard_doc_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *point, const struct app_doc_file *f,
    const char *data_dir, const char *ip, struct app_problems *ps, int64_t *id)
{
	struct db_scheme scheme;
	struct db_scheme_settings st;
	enum err rc = scheme_for(db, a, me, scheme_id, &scheme);
	if (rc != ERR_OK)
		return rc;
	if (app_standard_point_find(point, NULL) == NULL)
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK)
		return rc;
	struct app_doc_stored up;
	if ((rc = app_document_accept(a, &st, f, data_dir, arena_printf(a,
	    "annual: standards upload to scheme %lld", (long long)scheme_id), ps, &up)) != ERR_OK)
		return rc;
	const char *name = up.stored_name;
	struct db_standard_doc d = {.scheme_id = scheme_id, .point = point,
		.filename = up.filename, .stored_name = name, .kind = up.kind, .mime = up.mime,
		.size = up.size, .uploaded_by = me->user_id};
	if ((rc = db_begin(db)) != ERR_OK)
		goto fail;
	rc = db_standard_doc_add(db, &d, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "standards.document_add",
		    arena_printf(a, "standard_document:%lld", (long long)*id),
		    arena_printf(a, "%s, %s, %lld bytes", point, d.kind, (long long)d.size),
		    ip ? ip : "");
	if ((rc = finish(db, rc)) != ERR_OK)
		goto fail;
	return ERR_OK;
fail:
	files_remove(data_dir, name);
	return rc;
}

/* The document if me runs its scheme; ERR_NOT_FOUND otherwise. */
static enum err
doc_for(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_standard_doc *out)
{
	enum err rc = db_standard_doc_get(db, a, id, out);
	if (rc != ERR_OK)
		return rc;
	return app_is_scheme_admin(me, out->scheme_id) ? ERR_OK : ERR_NOT_FOUND;
}

enum err
app_standard_doc_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *data_dir, struct db_standard_doc *out, const char **path)
{
	enum err rc = doc_for(db, a, me, id, out);
	if (rc != ERR_OK)
		return rc;
	*path = files_path(a, data_dir, out->stored_name);
	return *path != NULL ? ERR_OK : ERR_NOT_FOUND;
}

enum err
app_standard_doc_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char *ip, struct db_standard_doc *was)
{
	enum err rc = doc_for(db, a, me, id, was);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_standard_doc_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, was->scheme_id, "standards.document_delete",
		    arena_printf(a, "standard_document:%lld", (long long)id),
		    arena_printf(a, "%s, %s, %lld bytes", was->point, was->kind,
		    (long long)was->size), ip ? ip : "");
	if ((rc = finish(db, rc)) != ERR_OK)
		return rc;
	files_remove(data_dir, was->stored_name);
	return ERR_OK;
}

/* ---- the annual report ---- */

enum err
app_annual_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    int64_t year, struct app_annual_page *out)
{
	memset(out, 0, sizeof(*out));
	struct db_scheme_settings st;
	enum err rc = scheme_for(db, a, me, scheme_id, &out->scheme);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK)
		return rc;
	const struct tz *z = tz_or_default(st.time_zone);
	out->first_year = year_of(z, out->scheme.created_at);
	out->last_year = year_of(z, clock_now());
	if (out->first_year > out->last_year)
		out->first_year = out->last_year;
	if (year == 0)
		year = out->last_year;
	if (year < out->first_year || year > out->last_year)
		return ERR_NOT_FOUND;
	out->year = year;
	out->from = arena_printf(a, "%04lld-01-01", (long long)year);
	out->to = arena_printf(a, "%04lld-12-31", (long long)year);
	rc = db_annual_get(db, a, scheme_id, year, &out->sections);
	if (rc == ERR_NOT_FOUND) {
		out->sections = (struct db_annual){.scheme_id = scheme_id, .year = year,
			.aims = "", .changes = "", .plans = "", .updater_name = ""};
		return ERR_OK;
	}
	out->is_saved = rc == ERR_OK;
	return rc;
}

enum err
app_annual_put(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    int64_t year, const char *aims, const char *changes, const char *plans, const char *ip,
    struct app_problems *ps)
{
	struct app_annual_page p;
	enum err rc = app_annual_get(db, a, me, scheme_id, year, &p);
	if (rc != ERR_OK)
		return rc;
	const struct { const char *field, *label, *text; } in[] = {
		{"aims", "Aims", aims ? aims : ""},
		{"changes", "Changes made in response to feedback", changes ? changes : ""},
		{"plans", "Plans", plans ? plans : ""},
	};
	size_t len[3];
	for (size_t i = 0; i < 3; i++) {
		len[i] = str_utf8_len(in[i].text);
		if (len[i] > APP_ANNUAL_SECTION_MAX)
			app_problem(ps, in[i].field, arena_printf(a, "%s must be %d characters or "
			    "fewer (it has %zu)", in[i].label, APP_ANNUAL_SECTION_MAX, len[i]));
	}
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	struct db_annual r = {.scheme_id = scheme_id, .year = p.year, .aims = in[0].text,
		.changes = in[1].text, .plans = in[2].text, .updated_by = me->user_id};
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_annual_put(db, &r, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "annual.save",
		    arena_printf(a, "annual_report:%lld:%lld", (long long)scheme_id,
		    (long long)p.year), arena_printf(a, "characters before: aims %zu, changes "
		    "%zu, plans %zu; after: aims %zu, changes %zu, plans %zu",
		    str_utf8_len(p.sections.aims), str_utf8_len(p.sections.changes),
		    str_utf8_len(p.sections.plans), len[0], len[1], len[2]), ip ? ip : "");
	return finish(db, rc);
}
