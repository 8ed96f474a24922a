/*
 * evalresults.c - evaluation results, the CSV, one response and a
 * mentor's aggregate feedback (see evalresults.h for who sees what).
 *
 * Design: every page is a handful of queries whatever the number of
 * questions or responses (one for the counts, one for every
 * distribution, one for the text answers, one for the list); the
 * numbers are joined to the version's questions here.  Dates are the
 * scheme's: the filter's days start at midnight in its time zone
 * (app_activity_range), and dates shown are its wall-clock time.
 *
 * The response rate is the form's: responses to any version out of
 * every evaluation of the form asked in the range (a version's share
 * of all evaluations asked would mislead: v2 25%, v1 75%); the page
 * then says how many of those responses answered the version shown.
 */
#include "app/evalresults.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/tz.h"

/* ---- small helpers ---- */

static const char *const month_names[12] = {"January", "February", "March", "April",
	"May", "June", "July", "August", "September", "October", "November", "December"};

/* "24 November 2026" (with_time: "24 November 2026 at 14:05") in zone z. */
static const char *
local_words(struct arena *a, const struct tz *z, int64_t t, bool with_time)
{
	struct tz_local l;
	if (t <= 0)
		return "";
	tz_to_local(z, t, &l);
	if (with_time)
		return arena_printf(a, "%d %s %d at %02d:%02d", l.day, month_names[l.month - 1],
		    l.year, l.hour, l.minute);
	return arena_printf(a, "%d %s %d", l.day, month_names[l.month - 1], l.year);
}

const char *
app_evalres_when(struct arena *a, const char *tz, int64_t t, bool with_time)
{
	return local_words(a, tz_or_default(tz), t, with_time);
}

/* "2026-11-24 14:05" in zone z, for the CSV. */
static const char *
local_iso(struct arena *a, const struct tz *z, int64_t t)
{
	struct tz_local l;
	tz_to_local(z, t, &l);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.hour,
	    l.minute);
}

/* At most APP_EVALRES_CHART_LABEL characters (UTF-8), "…" when cut. */
static const char *
short_label(struct arena *a, const char *s)
{
	size_t chars = 0, i = 0;
	while (s[i] != '\0') {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (chars == APP_EVALRES_CHART_LABEL - 1)
				return arena_printf(a, "%.*s\xe2\x80\xa6", (int)i, s);
			chars++;
		}
		i++;
	}
	return s;
}

/* n of total as a whole percentage, rounded half up; 0 when total is 0. */
static int64_t
percent_of(int64_t n, int64_t total)
{
	return total > 0 ? (n * 200 + total) / (2 * total) : 0;
}

void
app_evalres_question_fill(struct arena *a, struct app_evalres_question *x,
    const struct db_evalquestion *q, const struct db_evalres_count *c, size_t nc)
{
	const char **labels;
	size_t nl;
	memset(x, 0, sizeof(*x));
	x->q = q;
	x->is_text = strcmp(q->kind, "text") == 0;
	x->average = "";
	for (size_t i = 0; i < nc; i++)
		if (c[i].question_id == q->id && c[i].option == -1)
			x->answered = c[i].n;
	if (x->is_text)
		return;
	app_evalq_labels(a, q, &labels, &nl);
	x->bars = arena_calloc(a, nl > 0 ? nl : 1, sizeof(*x->bars));
	x->nbars = nl;
	int64_t sum = 0, total = 0;
	for (size_t k = 0; k < nl; k++) {
		struct app_evalres_bar *b = &x->bars[k];
		b->option = (int64_t)k + 1;
		b->label = labels[k];
		b->short_label = short_label(a, labels[k]);
		for (size_t i = 0; i < nc; i++)
			if (c[i].question_id == q->id && c[i].option == b->option)
				b->n = c[i].n;
		b->percent = percent_of(b->n, x->answered);
		sum += b->option * b->n;
		total += b->n;
	}
	if (strcmp(q->kind, "rating") == 0 && total > 0) {
		int64_t tenths = (sum * 20 + total) / (2 * total);
		x->average = arena_printf(a, "%lld.%lld", (long long)(tenths / 10),
		    (long long)(tenths % 10));
	}
}

/* ---- results (administrators) ---- */

/* s with every "from date" / "to date" named as the filter's fields are
 * labelled on this page ("'Asked from' date"): app_activity_range's
 * messages are shared with other pages. */
static const char *
field_words(struct arena *a, const char *s)
{
	static const char *const from[] = {"from date", "to date"};
	static const char *const to[] = {"'Asked from' date", "'Asked to' date"};
	for (size_t k = 0; k < 2; k++) {
		const char *p;
		while ((p = strstr(s, from[k])) != NULL)
			s = arena_printf(a, "%.*s%s%s", (int)(p - s), s, to[k], p + strlen(from[k]));
	}
	return s;
}

/* Access, the version, the scheme, the mentors and the filters: what
 * the results page and the CSV share.  *fl is ready when ERR_OK. */
static enum err
prepare(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_evalres_in *in, struct app_evalres *out, struct db_evalres_filter *fl,
    struct app_problems *ps)
{
	enum err rc;
	memset(out, 0, sizeof(*out));
	out->rate = -1;
	out->mentor_name = "";
	if ((rc = app_evalform_load(db, a, in->form_id, 0, &out->f)) != ERR_OK)
		return rc;
	if (!app_is_scheme_admin(me, out->f.form.scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = db_evalversions_of_form(db, a, in->form_id, &out->versions,
	    &out->nversions)) != ERR_OK)
		return rc;
	if (in->version != 0 && in->version != out->f.form.version) {
		int64_t vid = 0;
		for (size_t i = 0; i < out->nversions; i++)
			if (out->versions[i].version == in->version)
				vid = out->versions[i].id;
		if (vid == 0)
			return ERR_NOT_FOUND;
		if ((rc = app_evalform_load(db, a, in->form_id, vid, &out->f)) != ERR_OK)
			return rc;
	}
	struct db_scheme s;
	struct db_scheme_settings set;
	if ((rc = db_scheme_get(db, a, out->f.form.scheme_id, &s)) != ERR_OK ||
	    (rc = db_scheme_settings_get(db, a, s.id, &set)) != ERR_OK)
		return rc;
	out->scheme_name = s.name;
	out->tz = tz_name(tz_or_default(set.time_zone));
	if ((rc = db_evalres_mentors(db, a, in->form_id, &out->mentors, &out->nmentors)) != ERR_OK)
		return rc;
	size_t before = ps->n;
	if (in->mentor_id != 0) {
		for (size_t i = 0; i < out->nmentors; i++)
			if (out->mentors[i].id == in->mentor_id) {
				out->mentor_id = in->mentor_id;
				out->mentor_name = out->mentors[i].name;
			}
		if (out->mentor_id == 0)
			app_problem(ps, "mentor", "Choose a mentor from the list");
	}
	size_t dates = ps->n;
	app_activity_range(in->from != NULL ? in->from : "", in->to != NULL ? in->to : "",
	    out->tz, clock_now(), true, &out->range, ps);
	for (size_t i = dates; i < ps->n; i++)
		ps->p[i].message = field_words(a, ps->p[i].message);
	if (ps->n > before)
		return ERR_BAD_INPUT;
	fl->from_at = out->range.from_at;
	fl->to_at = out->range.to_at;
	fl->mentor_id = out->mentor_id;
	return ERR_OK;
}

enum err
app_evalres_results(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_evalres_in *in, struct app_evalres *out, struct app_problems *ps)
{
	struct db_evalres_filter fl;
	enum err rc = prepare(db, a, me, in, out, &fl, ps);
	if (rc != ERR_OK)
		return rc;
	int64_t vid = out->f.version.id;
	if ((rc = db_evalres_counts(db, in->form_id, vid, &fl, &out->counts)) != ERR_OK)
		return rc;
	if (out->counts.issued > 0)
		out->rate = percent_of(out->counts.answered, out->counts.issued);
	out->has_results = true;
	if (vid == 0)
		return ERR_OK;          /* a form without questions yet */

	struct db_evalres_count *c;
	struct db_evalres_text *t;
	size_t nc, nt;
	if ((rc = db_evalres_dist(db, a, vid, &fl, &c, &nc)) != ERR_OK ||
	    (rc = db_evalres_texts(db, a, vid, &fl, APP_EVALRES_TEXTS_SHOWN, &t, &nt)) != ERR_OK ||
	    (rc = db_evalres_list(db, a, vid, &fl, APP_EVALRES_ROWS_SHOWN, 0, &out->rows,
	    &out->nrows, &out->total)) != ERR_OK)
		return rc;
	out->q = arena_calloc(a, out->f.nq > 0 ? out->f.nq : 1, sizeof(*out->q));
	out->nq = out->f.nq;
	for (size_t i = 0; i < out->f.nq; i++) {
		struct app_evalres_question *x = &out->q[i];
		app_evalres_question_fill(a, x, &out->f.q[i], c, nc);
		if (!x->is_text)
			continue;
		/* the texts come grouped by question: point into the array */
		for (size_t k = 0; k < nt; k++) {
			if (t[k].question_id != x->q->id)
				continue;
			if (x->ntexts == 0) {
				x->texts = &t[k];
				x->texts_total = t[k].total;
			}
			x->ntexts++;
		}
	}
	return ERR_OK;
}

static void
csv_row(struct buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		app_csv_cell(b, cells[i]);
	}
	buf_puts(b, "\r\n");
}

enum { CSV_FIXED = 6 };

/* A file name from the title: letters and digits, others as '-'. */
static const char *
csv_filename(struct arena *a, const struct db_evalform *f, int64_t version)
{
	char slug[41];
	size_t n = 0;
	bool dash = false;
	for (const char *p = f->title; *p != '\0' && n < sizeof(slug) - 1; p++) {
		char ch = *p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			slug[n++] = ch;
			dash = false;
		} else if (ch >= 'A' && ch <= 'Z') {
			slug[n++] = (char)(ch - 'A' + 'a');
			dash = false;
		} else if (!dash && n > 0) {
			slug[n++] = '-';
			dash = true;
		}
	}
	while (n > 0 && slug[n - 1] == '-')
		n--;
	slug[n] = '\0';
	return arena_printf(a, "evaluation-%lld-%s%sv%lld.csv", (long long)f->id, slug,
	    n > 0 ? "-" : "", (long long)version);
}

enum err
app_evalres_csv(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_evalres_in *in, const char *ip, const char **csv, size_t *len,
    const char **filename, struct app_problems *ps)
{
	struct app_evalres x;
	struct db_evalres_filter fl;
	struct db_evalres_answer *ans = NULL;
	size_t nans = 0;
	enum err rc = prepare(db, a, me, in, &x, &fl, ps);
	if (rc != ERR_OK)
		return rc;
	int64_t vid = x.f.version.id;
	if (vid != 0 &&
	    ((rc = db_evalres_list(db, a, vid, &fl, -1, 0, &x.rows, &x.nrows, &x.total)) != ERR_OK ||
	    (rc = db_evalres_answers(db, a, vid, &fl, &ans, &nans)) != ERR_OK))
		return rc;

	const struct tz *z = tz_or_default(x.tz);
	size_t ncols = CSV_FIXED + x.f.nq;
	const char **cells = arena_calloc(a, ncols, sizeof(*cells));
	const char ***labels = arena_calloc(a, x.f.nq > 0 ? x.f.nq : 1, sizeof(*labels));
	size_t *nlabels = arena_calloc(a, x.f.nq > 0 ? x.f.nq : 1, sizeof(*nlabels));
	static const char *const head[CSV_FIXED] = {"response", "submitted", "respondent",
		"role", "mentor", "mentee"};
	struct buf b;
	buf_init_arena(&b, a, BUF_MAX_DEFAULT);
	for (size_t i = 0; i < CSV_FIXED; i++)
		cells[i] = head[i];
	for (size_t i = 0; i < x.f.nq; i++) {
		cells[CSV_FIXED + i] = arena_printf(a, "%lld. %s", (long long)x.f.q[i].position,
		    x.f.q[i].prompt);
		app_evalq_labels(a, &x.f.q[i], &labels[i], &nlabels[i]);
	}
	csv_row(&b, cells, ncols);
	size_t j = 0;
	for (size_t r = 0; r < x.nrows; r++) {
		const struct db_evalres_row *row = &x.rows[r];
		cells[0] = arena_printf(a, "%lld", (long long)row->id);
		cells[1] = local_iso(a, z, row->submitted_at);
		cells[2] = row->name;
		cells[3] = row->role;
		cells[4] = row->mentor_name;
		cells[5] = row->mentee_name;
		for (size_t i = 0; i < x.f.nq; i++)
			cells[CSV_FIXED + i] = "";
		/* both lists are in the same order: this response's answers are next */
		while (j < nans && ans[j].response_id != row->id)
			j++;
		for (; j < nans && ans[j].response_id == row->id; j++) {
			size_t qi = 0;
			while (qi < x.f.nq && x.f.q[qi].id != ans[j].question_id)
				qi++;
			if (qi == x.f.nq)
				continue;
			const char *v = ans[j].option == 0 ? ans[j].text :
			    ans[j].option <= (int64_t)nlabels[qi] ? labels[qi][ans[j].option - 1] :
			    arena_printf(a, "Option %lld", (long long)ans[j].option);
			const char **cell = &cells[CSV_FIXED + qi];
			*cell = **cell == '\0' ? v : arena_printf(a, "%s; %s", *cell, v);
		}
		csv_row(&b, cells, ncols);
	}
	if (buf_err(&b))
		return ERR_TOO_LARGE;
	*csv = buf_take(&b, len);
	*filename = csv_filename(a, &x.f.form, x.f.form.version != 0 ? x.f.version.version : 0);

	const char *detail = arena_printf(a, "version %lld, %s to %s, mentor %lld, %zu responses",
	    (long long)x.f.version.version, x.range.is_everything ? "any date" : x.range.from,
	    x.range.is_everything ? "any date" : x.range.to, (long long)x.mentor_id, x.nrows);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_audit_tx(db, me->user_id, x.f.form.scheme_id, "evaluation.export",
	    arena_printf(a, "eval_form:%lld", (long long)x.f.form.id), detail, ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* ---- one response ---- */

enum err
app_evalres_response(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t response_id, const char *ip, struct app_evalres_response *out)
{
	enum err rc;
	struct db_evalres_answer *ans;
	size_t nans;
	struct db_scheme s;
	struct db_scheme_settings set;
	memset(out, 0, sizeof(*out));
	if ((rc = db_evalres_get(db, a, response_id, &out->r)) != ERR_OK)
		return rc;
	if (!app_is_scheme_admin(me, out->r.scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = app_evalform_load(db, a, out->r.form_id, out->r.version_id, &out->f)) != ERR_OK ||
	    (rc = db_evalres_answers_of(db, a, response_id, &ans, &nans)) != ERR_OK ||
	    (rc = db_scheme_get(db, a, out->r.scheme_id, &s)) != ERR_OK ||
	    (rc = db_scheme_settings_get(db, a, s.id, &set)) != ERR_OK)
		return rc;
	out->scheme_name = s.name;
	out->submitted = local_words(a, tz_or_default(set.time_zone), out->r.submitted_at, true);
	out->items = arena_calloc(a, out->f.nq > 0 ? out->f.nq : 1, sizeof(*out->items));
	out->nitems = out->f.nq;
	for (size_t i = 0; i < out->f.nq; i++) {
		struct app_evalres_item *it = &out->items[i];
		const char **labels;
		size_t nl;
		it->q = &out->f.q[i];
		app_evalq_labels(a, it->q, &labels, &nl);
		it->answers = arena_calloc(a, nans > 0 ? nans : 1, sizeof(*it->answers));
		for (size_t k = 0; k < nans; k++) {
			if (ans[k].question_id != it->q->id)
				continue;
			it->answers[it->nanswers++] = ans[k].option == 0 ? ans[k].text :
			    ans[k].option <= (int64_t)nl ? labels[ans[k].option - 1] :
			    arena_printf(a, "Option %lld", (long long)ans[k].option);
		}
	}
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_audit_tx(db, me->user_id, out->r.scheme_id, "evaluation.view",
	    arena_printf(a, "eval_response:%lld", (long long)response_id),
	    arena_printf(a, "form %lld, version %lld", (long long)out->r.form_id,
	    (long long)out->f.version.version), ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* ---- a mentor's feedback (EVAL-5) ---- */

enum err
app_evalres_feedback(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_evalres_feedback *out)
{
	enum err rc;
	struct db_evalres_fq *fq;
	struct db_evalres_count *c;
	size_t nfq, nc;
	memset(out, 0, sizeof(*out));
	if (me == NULL || me->active == NULL || strcmp(me->active->role, "mentor") != 0)
		return ERR_NOT_FOUND;
	out->scheme_id = me->active->scheme_id;
	out->scheme_name = me->active->scheme_name;
	if ((rc = db_evalres_feedback_questions(db, a, out->scheme_id, &fq, &nfq)) != ERR_OK ||
	    (rc = db_evalres_feedback(db, a, me->user_id, out->scheme_id, APP_EVAL_MIN_MENTEES,
	    &c, &nc)) != ERR_OK)
		return rc;

	/* forms in fq order (by id), each once */
	out->forms = arena_calloc(a, nfq > 0 ? nfq : 1, sizeof(*out->forms));
	for (size_t i = 0; i < nfq; i++) {
		if (out->nforms > 0 && out->forms[out->nforms - 1].form_id == fq[i].form_id)
			continue;
		struct app_evalres_fb_form *f = &out->forms[out->nforms++];
		f->form_id = fq[i].form_id;
		f->title = fq[i].title;
		f->v = arena_calloc(a, nfq, sizeof(*f->v));
	}
	/* each version that reached the threshold: its mentee count row
	 * (question 0, option -2) comes first in c for that version */
	for (size_t k = 0; k < nc; k++) {
		if (c[k].question_id != 0 || c[k].option != -2)
			continue;
		int64_t vid = c[k].version_id;
		struct app_evalres_fb_form *f = NULL;
		int64_t version = 0;
		size_t nq = 0, first = 0;
		for (size_t i = 0; i < nfq; i++)
			if (fq[i].q.version_id == vid) {
				if (nq++ == 0)
					first = i;
				version = fq[i].version;
				for (size_t j = 0; j < out->nforms; j++)
					if (out->forms[j].form_id == fq[i].form_id)
						f = &out->forms[j];
			}
		if (f == NULL)
			continue;       /* a version with no closed question */
		/* newest version first: shift the older ones down */
		memmove(&f->v[1], &f->v[0], f->nv * sizeof(*f->v));
		struct app_evalres_fb_version *v = &f->v[0];
		f->nv++;
		memset(v, 0, sizeof(*v));
		v->version = version;
		v->mentees = c[k].n;
		v->q = arena_calloc(a, nq, sizeof(*v->q));
		v->nq = nq;
		for (size_t i = 0; i < nq; i++)
			app_evalres_question_fill(a, &v->q[i], &fq[first + i].q, c, nc);
	}
	return ERR_OK;
}
