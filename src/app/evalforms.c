/*
 * evalforms.c - evaluation forms (see evalforms.h).
 *
 * The shared part (question kinds, option labels, "when" and "who" in
 * words, loading a form with one version's questions) comes first; the
 * form builder follows it.
 */
#include "app/evalforms.h"

#include <string.h>

#include "core/arena.h"
#include "core/strparse.h"

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
