/*
 * evalforms.c - evaluation forms (see evalforms.h).
 *
 * The shared part (question kinds, option labels, "when" and "who" in
 * words, loading a form with one version's questions) comes first; the
 * form builder follows it.
 */
#include "app/evalforms.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/date.h"
#include "app/evaluations.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/tz.h"

/* ---- shared ---- */

static const struct {
	const char *kind;
	const char *words;
} qkinds[] = {
	{"rating", "Rating scale (1 to 5)"},
	{"single", "Single choice"},
	{"multiple", "Multiple choice"},
	{"yes_no", "Yes or no"},
	{"text", "Free text"},
};

bool
app_evalq_kind_valid(const char *kind)
{
	return *app_evalq_kind_words(kind) != '\0';
}

const char *
app_evalq_kind_words(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < sizeof(qkinds) / sizeof(qkinds[0]); i++)
		if (strcmp(qkinds[i].kind, kind) == 0)
			return qkinds[i].words;
	return "";
}

void
app_evalq_labels(struct arena *a, const struct db_evalquestion *q, const char ***labels,
    size_t *n)
{
	*labels = NULL;
	*n = 0;
	if (strcmp(q->kind, "yes_no") == 0) {
		const char **l = arena_alloc(a, 2 * sizeof(*l));
		l[0] = "Yes";
		l[1] = "No";
		*labels = l;
		*n = 2;
		return;
	}
	if (strcmp(q->kind, "text") == 0 || q->options == NULL)
		return;
	const char **l = arena_alloc(a, APP_EVAL_OPTIONS_MAX * sizeof(*l));
	const char *p = q->options;
	while (*p != '\0' && *n < APP_EVAL_OPTIONS_MAX) {
		size_t len = strcspn(p, "\n");
		char *line = str_trim(arena_strndup(a, p, len));
		if (*line != '\0')
			l[(*n)++] = line;
		p += len;
		if (*p == '\n')
			p++;
	}
	*labels = l;
}

const char *
app_evalform_when_words(struct arena *a, const struct db_evalform *f)
{
	long long d = (long long)f->trigger_days;
	const char *days = d == 1 ? "day" : "days";
	if (strcmp(f->trigger_on, "completion") == 0)
		return "When the relationship is completed";
	if (strcmp(f->trigger_on, "after_start") == 0)
		return arena_printf(a, "%lld %s after the relationship starts", d, days);
	if (strcmp(f->trigger_on, "before_end") == 0)
		return d == 0 ? "On the estimated end date" :
		    arena_printf(a, "%lld %s before the estimated end", d, days);
	if (strcmp(f->trigger_on, "after_end") == 0)
		return d == 0 ? "When the relationship ends" :
		    arena_printf(a, "%lld %s after the relationship ends", d, days);
	if (strcmp(f->trigger_on, "annual") == 0)
		return "Annual review, open for a period";
	return "";
}

const char *
app_evalform_who_words(const char *respondent)
{
	if (strcmp(respondent, "mentee") == 0)
		return "Mentees";
	if (strcmp(respondent, "mentor") == 0)
		return "Mentors";
	if (strcmp(respondent, "everyone") == 0)
		return "Every participant";
	return "";
}

enum err
app_evalform_load(struct db *db, struct arena *a, int64_t form_id, int64_t version_id,
    struct app_evalform_full *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = db_evalform_get(db, a, form_id, &out->form);
	if (rc != ERR_OK)
		return rc;
	if (version_id == 0)
		version_id = out->form.version_id;
	if (version_id == 0)
		return ERR_OK;      /* a form without questions yet */
	if ((rc = db_evalversion_get(db, a, version_id, &out->version)) != ERR_OK)
		return rc;
	if (out->version.form_id != form_id)
		return ERR_NOT_FOUND;
	return db_evalquestions_of_version(db, a, version_id, &out->q, &out->nq);
}

/* ---- the form builder ---- */
/* Written by its owner below this line. */

const char *const app_evalq_default_labels[5] = {
	"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
	"Strongly agree",
};

#define DAY ((int64_t)86400)

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* The scheme's date at now + days (its time zone). */
static void
scheme_date(struct db *db, struct arena *a, int64_t scheme_id, int64_t days, char out[11])
{
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme_id, &st);
	const struct tz *z = tz_or_default(rc == ERR_OK ? st.time_zone : NULL);
	struct tz_local l;
	tz_to_local(z, clock_now() + days * DAY, &l);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)l.year % 10000u,
	    (unsigned)l.month % 100u, (unsigned)l.day % 100u);
}

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static bool
is(const char *s, const char *word)
{
	return s != NULL && strcmp(s, word) == 0;
}

static const char *
form_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "evalform:%lld", (long long)id);
}

/* ---- who ---- */

static enum err
admin_form(struct db *db, struct arena *a, const struct app_auth *me, int64_t form_id,
    struct db_evalform *f)
{
	enum err rc = db_evalform_get(db, a, form_id, f);
	if (rc == ERR_OK && !app_is_scheme_admin(me, f->scheme_id))
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
app_evalforms_admin(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_evalforms_page *out)
{
	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, &out->scheme);
	if (rc == ERR_OK)
		rc = db_evalforms_of_scheme(db, a, scheme_id, &out->forms, &out->n);
	scheme_date(db, a, scheme_id, 0, out->today);
	return rc;
}

enum err
app_evalform_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, struct app_evalform_admin *out)
{
	memset(out, 0, sizeof(*out));
	struct db_evalform f;
	enum err rc = admin_form(db, a, me, form_id, &f);
	if (rc == ERR_OK)
		rc = app_evalform_load(db, a, form_id, 0, &out->f);
	if (rc == ERR_OK)
		rc = db_scheme_get(db, a, f.scheme_id, &out->scheme);
	if (rc == ERR_OK)
		rc = db_evalversions_of_form(db, a, form_id, &out->versions, &out->nversions);
	if (rc == ERR_OK)
		rc = db_evalform_issued(db, form_id, &out->issued);
	if (rc == ERR_OK) {
		scheme_date(db, a, f.scheme_id, 0, out->today);
		scheme_date(db, a, f.scheme_id, APP_EVAL_ANNUAL_MAX_DAYS, out->open_max);
		out->is_open = is(f.kind, "annual") && is(f.status, "active") &&
		    f.closes_on[0] != '\0' && strcmp(out->today, f.closes_on) <= 0;
	}
	return rc;
}

/* ---- settings ---- */

void
app_evalform_check(struct arena *a, const struct app_evalform_in *in,
    struct app_problems *ps, struct db_evalform *out)
{
	memset(out, 0, sizeof(*out));
	out->title = in->title ? in->title : "";
	out->intro = in->intro ? in->intro : "";
	out->kind = in->kind ? in->kind : "";
	out->respondent = in->respondent ? in->respondent : "";
	out->trigger_on = in->trigger_on ? in->trigger_on : "";
	out->status = "draft";
	out->opens_on = out->closes_on = "";
	if (blank(in->title))
		app_problem(ps, "title", "Enter a title");
	else if (str_utf8_len(in->title) > APP_EVAL_TITLE_MAX)
		app_problem(ps, "title", "The title must be 200 characters or fewer");
	if (str_utf8_len(out->intro) > APP_EVAL_INTRO_MAX)
		app_problem(ps, "intro", "The introduction must be 4,000 characters or fewer");
	bool annual = is(in->kind, "annual");
	if (!annual && !is(in->kind, "relationship"))
		app_problem(ps, "kind", "Select what the form is for");
	if (is(in->respondent, "everyone")) {
		if (!annual)
			app_problem(ps, "respondent", "Only the annual review can ask every "
			    "participant: select mentees or mentors");
	} else if (!is(in->respondent, "mentee") && !is(in->respondent, "mentor")) {
		app_problem(ps, "respondent", "Select who answers the form");
	}
	if (annual) {
		out->trigger_on = "annual";
		out->trigger_days = 0;
		return;
	}
	bool completion = is(in->trigger_on, "completion");
	if (!completion && !is(in->trigger_on, "after_start") &&
	    !is(in->trigger_on, "before_end") && !is(in->trigger_on, "after_end")) {
		if (is(in->kind, "relationship"))
			app_problem(ps, "trigger_on", "Select when the form is asked");
		return;
	}
	const char *d = in->trigger_days ? in->trigger_days : "";
	int64_t days = 0;
	if (blank(d)) {
		if (!completion)
			app_problem(ps, "trigger_days", "Enter the number of days");
	} else if (str_to_i64(str_trim(arena_strdup(a, d)), 0, APP_EVAL_DAYS_MAX, &days) !=
	    ERR_OK) {
		app_problem(ps, "trigger_days", "The number of days must be a whole number "
		    "from 0 to 3650");
	} else if (completion && days != 0) {
		app_problem(ps, "trigger_days", "A form asked on completion has no number of "
		    "days: leave it empty or enter 0");
	}
	out->trigger_days = days;
}

static const char *
form_detail(struct arena *a, const struct db_evalform *f)
{
	return arena_printf(a, "\"%s\", %s, %s, %s %lld", f->title, f->kind, f->respondent,
	    f->trigger_on, (long long)f->trigger_days);
}

enum err
app_evalform_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_evalform_in *in, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	struct db_scheme scheme;
	enum err rc = db_scheme_get(db, a, scheme_id, &scheme);
	if (rc != ERR_OK)
		return rc;
	struct db_evalform f;
	app_evalform_check(a, in, ps, &f);
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	f.scheme_id = scheme_id;
	f.created_by = me->user_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_evalform_add(db, &f, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "evalform.add",
		    form_subject(a, *id), form_detail(a, &f), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_evalform_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const struct app_evalform_in *in, const char *ip,
    struct app_problems *ps)
{
	struct db_evalform old, f;
	enum err rc = admin_form(db, a, me, form_id, &old);
	if (rc != ERR_OK)
		return rc;
	struct app_evalform_in with_kind = *in;
	with_kind.kind = old.kind;
	app_evalform_check(a, &with_kind, ps, &f);
	int64_t issued = 0;
	if ((rc = db_evalform_issued(db, form_id, &issued)) != ERR_OK)
		return rc;
	if (issued > 0 && !is(f.respondent, old.respondent))
		app_problem(ps, "respondent", "Who answers cannot change once people have been "
		    "asked. Close this form and create a new one instead");
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	f.id = form_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_evalform_update(db, &f, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, old.scheme_id, "evalform.edit",
		    form_subject(a, form_id), form_detail(a, &f), ip ? ip : "");
	return finish(db, rc);
}

static enum err
refuse(struct app_problems *ps, const char *why)
{
	app_problem(ps, "", why);
	return ERR_CONFLICT;
}

enum err
app_evalform_set_status(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const char *status, const char *ip, struct app_problems *ps)
{
	struct db_evalform f;
	enum err rc = admin_form(db, a, me, form_id, &f);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* read again inside the transaction: the checks see what is written */
	int64_t issued = 0;
	if ((rc = db_evalform_get(db, a, form_id, &f)) != ERR_OK ||
	    (rc = db_evalform_issued(db, form_id, &issued)) != ERR_OK)
		return finish(db, rc);
	bool annual = is(f.kind, "annual");
	const char *action = "evalform.status";
	if (is(status, f.status)) {
		rc = refuse(ps, arena_printf(a, "The form is already %s.", status));
	} else if (is(status, "active")) {
		if (annual)
			rc = refuse(ps, "Open the annual review with a closing date instead.");
		else if (f.version_id == 0)
			rc = refuse(ps, "Add at least one question before you make the form "
			    "active.");
		else {
			f.status = "active";
			f.active_since = clock_now();
		}
	} else if (is(status, "closed")) {
		if (is(f.status, "draft"))
			rc = refuse(ps, "A draft form cannot be closed: delete it instead.");
		else {
			f.status = "closed";
			if (annual) {
				char today[11];
				scheme_date(db, a, f.scheme_id, 0, today);
				if (f.closes_on[0] == '\0' || strcmp(f.closes_on, today) > 0)
					f.closes_on = arena_strdup(a, today);
				action = "evalform.close";
				/* EVAL-6: "Close the review now" ends what was
				 * asked too: unanswered evaluations stop being
				 * answerable now (a closed RELATIONSHIP form only
				 * stops asking; what it asked stays answerable). */
				int64_t ended = 0;
				rc = db_evalform_end_unanswered(db, form_id, clock_now(), &ended);
			}
		}
	} else if (is(status, "draft")) {
		if (issued > 0)
			rc = refuse(ps, "The form has asked people already, so it cannot go back "
			    "to draft. Close it instead.");
		else
			f.status = "draft";
	} else {
		rc = ERR_BAD_INPUT;
		app_problem(ps, "status", "Select a status");
	}
	if (rc == ERR_OK)
		rc = db_evalform_set_status(db, &f, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, f.scheme_id, action, form_subject(a, form_id),
		    arena_printf(a, "\"%s\" %s", f.title, f.status), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_evalform_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const char *closes_on, const char *ip, struct app_problems *ps,
    size_t *asked)
{
	*asked = 0;
	struct db_evalform f;
	enum err rc = admin_form(db, a, me, form_id, &f);
	if (rc != ERR_OK)
		return rc;
	char today[11], max[11];
	scheme_date(db, a, f.scheme_id, 0, today);
	scheme_date(db, a, f.scheme_id, APP_EVAL_ANNUAL_MAX_DAYS, max);
	if (!is(f.kind, "annual"))
		return refuse(ps, "Only the annual review is opened for a period.");
	if (closes_on == NULL || closes_on[0] == '\0')
		app_problem(ps, "closes_on", "Enter the date the review closes");
	else if (!app_date_is_real(closes_on))
		app_problem(ps, "closes_on", "The closing date must be a real date");
	else if (strcmp(closes_on, today) <= 0)
		app_problem(ps, "closes_on", "The closing date must be in the future");
	else if (strcmp(closes_on, max) > 0)
		app_problem(ps, "closes_on", arena_printf(a, "The review can be open for at most "
		    "a year: the closing date must be on or before %s",
		    app_date_words(a, max)));
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = db_evalform_get(db, a, form_id, &f)) != ERR_OK)
		return finish(db, rc);
	if (f.version_id == 0)
		rc = refuse(ps, "Add at least one question before you open the review.");
	else if (is(f.status, "active") && strcmp(f.closes_on, today) >= 0)
		rc = refuse(ps, "The review is open already. Close it first to choose a new "
		    "period.");
	if (rc == ERR_OK) {
		f.status = "active";
		f.active_since = clock_now();
		f.opens_on = arena_strdup(a, today);
		f.closes_on = arena_strdup(a, closes_on);
		rc = db_evalform_set_status(db, &f, clock_now());
	}
	if (rc == ERR_OK)
		rc = app_eval_open_annual_tx(db, a, &f, clock_now(), asked);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, f.scheme_id, "evalform.open",
		    form_subject(a, form_id), arena_printf(a, "\"%s\" %s to %s, %zu asked",
		    f.title, f.opens_on, f.closes_on, *asked), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_evalform_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t form_id, const char *ip, int64_t *scheme_id)
{
	struct db_evalform f;
	enum err rc = admin_form(db, a, me, form_id, &f);
	if (rc != ERR_OK)
		return rc;
	*scheme_id = f.scheme_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	int64_t issued = 0;
	rc = db_evalform_issued(db, form_id, &issued);
	if (rc == ERR_OK && issued > 0)
		rc = ERR_CONFLICT;
	if (rc == ERR_OK)
		rc = db_evalform_delete(db, form_id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, f.scheme_id, "evalform.delete",
		    form_subject(a, form_id), form_detail(a, &f), ip ? ip : "");
	return finish(db, rc);
}

/* ---- questions ---- */

static bool
line_dup(const char **l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i], s) == 0)
			return true;
	return false;
}

void
app_evalq_check(struct arena *a, const struct app_evalq_in *in, struct app_problems *ps,
    struct db_evalquestion *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = in->kind ? in->kind : "";
	out->prompt = in->prompt ? in->prompt : "";
	out->hint = in->hint ? in->hint : "";
	out->options = "";
	if (!app_evalq_kind_valid(in->kind)) {
		/* the rest of the form depends on the kind: the page comes
		 * back as the kind chooser, so report only the kind */
		app_problem(ps, "kind", "Select the type of question");
		return;
	}
	if (blank(in->prompt))
		app_problem(ps, "prompt", "Enter the question");
	else if (str_utf8_len(in->prompt) > APP_EVAL_PROMPT_MAX)
		app_problem(ps, "prompt", "The question must be 500 characters or fewer");
	if (str_utf8_len(out->hint) > APP_EVAL_HINT_MAX)
		app_problem(ps, "hint", "The hint must be 1,000 characters or fewer");
	if (is(in->required, "yes"))
		out->is_required = true;
	else if (!is(in->required, "no"))
		app_problem(ps, "required", "Select whether an answer is required");
	if (is(in->kind, "rating")) {
		char *joined = arena_strdup(a, "");
		for (size_t i = 0; i < 5; i++) {
			const char *l = in->labels[i] ? in->labels[i] : "";
			const char *field = arena_printf(a, "label_%zu", i + 1);
			if (blank(l))
				app_problem(ps, field, arena_printf(a, "Enter the label for %zu", i + 1));
			else if (strchr(l, '\n') != NULL || strchr(l, '\r') != NULL)
				app_problem(ps, field, arena_printf(a, "The label for %zu must be one "
				    "line", i + 1));
			else if (str_utf8_len(l) > APP_EVAL_OPTION_MAX)
				app_problem(ps, field, arena_printf(a, "The label for %zu must be 200 "
				    "characters or fewer", i + 1));
			joined = arena_printf(a, "%s%s%s", joined, i ? "\n" : "",
			    str_trim(arena_strdup(a, l)));
		}
		out->options = joined;
	} else if (is(in->kind, "single") || is(in->kind, "multiple")) {
		const char **l = arena_alloc(a, (APP_EVAL_OPTIONS_MAX + 1) * sizeof(*l));
		size_t n = 0;
		bool too_long = false, dup = false, too_many = false;
		const char *p = in->options ? in->options : "";
		while (*p != '\0') {
			size_t len = strcspn(p, "\r\n");
			char *line = str_trim(arena_strndup(a, p, len));
			p += len;
			while (*p == '\r' || *p == '\n')
				p++;
			if (*line == '\0')
				continue;
			if (str_utf8_len(line) > APP_EVAL_OPTION_MAX)
				too_long = true;
			if (line_dup(l, n, line))
				dup = true;
			if (n == APP_EVAL_OPTIONS_MAX) {
				too_many = true;
				break;
			}
			l[n++] = line;
		}
		if (n < 2)
			app_problem(ps, "options", "Enter at least 2 options, one on each line");
		else if (too_many)
			app_problem(ps, "options", "Enter 20 options or fewer");
		else if (too_long)
			app_problem(ps, "options", "Each option must be 200 characters or fewer");
		else if (dup)
			app_problem(ps, "options", "Each option must be different: remove the "
			    "repeated one");
		char *joined = arena_strdup(a, "");
		for (size_t i = 0; i < n; i++)
			joined = arena_printf(a, "%s%s%s", joined, i ? "\n" : "", l[i]);
		if (n >= 2 && !too_many && !too_long && !dup &&
		    str_utf8_len(joined) > APP_EVAL_INTRO_MAX)
			app_problem(ps, "options", "The options must be 4,000 characters or "
			    "fewer in all");
		out->options = joined;
	} else if (is(in->kind, "text")) {
		int64_t max = APP_EVAL_TEXT_DEFAULT;
		if (!blank(in->max_length) && str_to_i64(str_trim(arena_strdup(a,
		    in->max_length)), 1, APP_EVAL_TEXT_MAX, &max) != ERR_OK)
			app_problem(ps, "max_length", "The longest answer must be a whole number "
			    "of characters from 1 to 4000");
		out->max_length = max;
	}
}

static const char *
question_detail(struct arena *a, const struct db_evalform *f, int64_t version,
    const char *what, int64_t position, const char *kind)
{
	return arena_printf(a, "\"%s\" version %lld: %s question %lld (%s)", f->title,
	    (long long)version, what, (long long)position, kind);
}

enum err
app_evalq_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, struct db_evalquestion *q, struct db_evalform *form)
{
	int64_t form_id = 0;
	enum err rc = db_evalquestion_get(db, a, question_id, q, &form_id);
	if (rc == ERR_OK)
		rc = admin_form(db, a, me, form_id, form);
	return rc;
}

/*
 * Inside the transaction: the version the change goes into.  No version
 * yet: version 1.  The current version has responses: version N+1 with
 * a copy of its questions (*copied true).  Otherwise the current one.
 * f is re-read here, so its version fields are what is written.
 */
static enum err
writable_version(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_evalform *f, int64_t now, bool *copied)
{
	*copied = false;
	enum err rc = db_evalform_get(db, a, f->id, f);
	if (rc != ERR_OK)
		return rc;
	if (f->version_id == 0) {
		f->version = 1;
		return db_evalversion_add(db, f->id, 1, me->user_id, now, &f->version_id);
	}
	struct db_evalversion v;
	if ((rc = db_evalversion_get(db, a, f->version_id, &v)) != ERR_OK)
		return rc;
	if (v.responses == 0)
		return ERR_OK;
	int64_t from = f->version_id;
	f->version++;
	if ((rc = db_evalversion_add(db, f->id, f->version, me->user_id, now,
	    &f->version_id)) != ERR_OK)
		return rc;
	*copied = true;
	return db_evalquestions_copy(db, from, f->version_id);
}

/* The question at `position` of the form's (possibly new) version. */
static enum err
question_at(struct db *db, struct arena *a, int64_t version_id, int64_t position,
    struct db_evalquestion *out, struct db_evalquestion **all, size_t *n)
{
	enum err rc = db_evalquestions_of_version(db, a, version_id, all, n);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < *n; i++)
		if ((*all)[i].position == position) {
			*out = (*all)[i];
			return ERR_OK;
		}
	return ERR_CONFLICT;
}

enum err
app_evalq_add(struct db *db, struct arena *a, const struct app_auth *me, int64_t form_id,
    const struct app_evalq_in *in, const char *ip, struct app_problems *ps, int64_t *id)
{
	struct db_evalform f;
	enum err rc = admin_form(db, a, me, form_id, &f);
	if (rc != ERR_OK)
		return rc;
	struct db_evalquestion q;
	app_evalq_check(a, in, ps, &q);
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	int64_t now = clock_now();
	bool copied;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	struct db_evalquestion *all = NULL;
	size_t n = 0;
	rc = writable_version(db, a, me, &f, now, &copied);
	if (rc == ERR_OK)
		rc = db_evalquestions_of_version(db, a, f.version_id, &all, &n);
	if (rc == ERR_OK && n >= APP_EVAL_QUESTIONS_MAX)
		rc = refuse(ps, "A form can have at most 50 questions.");
	if (rc == ERR_OK) {
		q.version_id = f.version_id;
		q.position = n > 0 ? all[n - 1].position + 1 : 1;
		rc = db_evalquestion_add(db, &q, id);
	}
	if (rc == ERR_OK)
		rc = db_evalform_touch(db, form_id, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, f.scheme_id, "evalform.question",
		    form_subject(a, form_id), question_detail(a, &f, f.version, "added",
		    q.position, q.kind), ip ? ip : "");
	return finish(db, rc);
}

/* The question, checked to be of the form's current version. */
static enum err
current_question(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, struct db_evalquestion *q, struct db_evalform *f)
{
	enum err rc = app_evalq_admin_get(db, a, me, question_id, q, f);
	if (rc == ERR_OK && q->version_id != f->version_id)
		rc = ERR_CONFLICT;
	return rc;
}

enum err
app_evalq_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, const struct app_evalq_in *in, const char *ip,
    struct app_problems *ps, int64_t *form_id)
{
	struct db_evalquestion old, q;
	struct db_evalform f;
	enum err rc = current_question(db, a, me, question_id, &old, &f);
	if (rc != ERR_OK)
		return rc;
	*form_id = f.id;
	struct app_evalq_in with_kind = *in;
	with_kind.kind = old.kind;
	app_evalq_check(a, &with_kind, ps, &q);
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	int64_t now = clock_now();
	bool copied;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	struct db_evalquestion *all, target;
	size_t n;
	rc = writable_version(db, a, me, &f, now, &copied);
	if (rc == ERR_OK)
		rc = question_at(db, a, f.version_id, old.position, &target, &all, &n);
	if (rc == ERR_OK) {
		q.id = target.id;
		rc = db_evalquestion_update(db, &q);
	}
	if (rc == ERR_OK)
		rc = db_evalform_touch(db, f.id, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, f.scheme_id, "evalform.question",
		    form_subject(a, f.id), question_detail(a, &f, f.version, "changed",
		    old.position, old.kind), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_evalq_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, bool up, const char *ip, int64_t *form_id)
{
	struct db_evalquestion old;
	struct db_evalform f;
	enum err rc = current_question(db, a, me, question_id, &old, &f);
	if (rc != ERR_OK)
		return rc;
	*form_id = f.id;
	int64_t to = old.position + (up ? -1 : 1);
	int64_t now = clock_now();
	bool copied;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	struct db_evalquestion *all, x, y;
	size_t n;
	if ((rc = db_evalquestions_of_version(db, a, f.version_id, &all, &n)) != ERR_OK)
		return finish(db, rc);
	if (to < 1 || to > (int64_t)n) {
		db_rollback(db);
		return ERR_OK;   /* first or last already: nothing to do */
	}
	rc = writable_version(db, a, me, &f, now, &copied);
	if (rc == ERR_OK)
		rc = question_at(db, a, f.version_id, old.position, &x, &all, &n);
	if (rc == ERR_OK)
		rc = question_at(db, a, f.version_id, to, &y, &all, &n);
	if (rc == ERR_OK)
		rc = db_evalquestions_swap(db, &x, &y);
	if (rc == ERR_OK)
		rc = db_evalform_touch(db, f.id, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, f.scheme_id, "evalform.question",
		    form_subject(a, f.id), question_detail(a, &f, f.version,
		    up ? "moved up" : "moved down", old.position, old.kind), ip ? ip : "");
	return finish(db, rc);
}

enum err
app_evalq_remove(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t question_id, const char *ip, int64_t *form_id)
{
	struct db_evalquestion old;
	struct db_evalform f;
	enum err rc = current_question(db, a, me, question_id, &old, &f);
	if (rc != ERR_OK)
		return rc;
	*form_id = f.id;
	int64_t now = clock_now();
	bool copied;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	struct db_evalquestion *all, x;
	size_t n;
	rc = writable_version(db, a, me, &f, now, &copied);
	if (rc == ERR_OK)
		rc = question_at(db, a, f.version_id, old.position, &x, &all, &n);
	if (rc == ERR_OK)
		rc = db_evalquestion_delete(db, x.id, f.version_id, x.position);
	if (rc == ERR_OK)
		rc = db_evalform_touch(db, f.id, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, f.scheme_id, "evalform.question",
		    form_subject(a, f.id), question_detail(a, &f, f.version, "removed",
		    old.position, old.kind), ip ? ip : "");
	return finish(db, rc);
}
