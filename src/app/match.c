/*
 * match.c - the matching rules (FIND-4), the match score and its reasons
 * (FIND-3), profile completeness and meeting formats: pure functions over
 * the plain structs of match.h.  No database, no clock; memory only from
 * the arena passed in.  docs/internals/matching.md explains the design.
 *
 * The score is an integer 0-100 = round(100 * points / possible):
 *
 *   points = weight_keyword * min(shared keywords, 5)
 *          + weight_specialty      when both specialties are known and equal
 *          + weight_organisation   when both organisations are known and equal
 *          + weight_distance * closeness
 *          + weight_format         when a meeting format is shared
 *
 * closeness falls linearly from 1 at 0 miles to 0 at a reference distance
 * (the scheme's maximum distance, else the mentee's maximum travel, else
 * 50 miles) and is 0 when either location is unknown.  `possible` is the
 * sum of the positive weights the mentee could have scored: a part the
 * mentee has no data for (no keywords, specialty, organisation, location
 * or formats) is left out, so a sparse mentee profile is not punished;
 * the keyword part counts min(mentee's keywords, 5).  A negative weight
 * (an organisation weight used to prefer other organisations) subtracts
 * and is never part of `possible`; points are clamped at 0.
 *
 * Traps: text compares ignore ASCII case and surrounding blanks, and an
 * empty or NULL text is "unknown", never equal to another unknown.  An
 * unknown location passes the distance rule (the scheme cannot hold
 * against a mentor what nobody said).  Keyword arrays must be sorted
 * ascending (the intersection is a merge).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/match.h"
#include "core/arena.h"
#include "core/buf.h"

#define KEYWORD_CAP 5            /* shared keywords that count */
#define DEFAULT_REFERENCE_MILES 50
#define EARTH_RADIUS_MILES 3958.8

/* ---- small text helpers ---- */

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The text without surrounding blanks: *start and its length. */
static size_t
trimmed(const char *s, const char **start)
{
	size_t len;

	if (s == NULL) {
		*start = "";
		return 0;
	}
	while (is_blank(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	*start = s;
	return len;
}

static bool
is_known(const char *s)
{
	const char *t;

	return trimmed(s, &t) > 0;
}

/* Both known and equal ignoring ASCII case and surrounding blanks. */
static bool
same_text(const char *x, const char *y)
{
	const char *a, *b;
	size_t la = trimmed(x, &a), lb = trimmed(y, &b);

	return la > 0 && la == lb && strncasecmp(a, b, la) == 0;
}

/* Calls item(start, len, ud) for each non-empty comma-separated item,
 * trimmed; stops at the first non-OK answer and returns it. */
static enum err
each_item(const char *csv, enum err (*item)(const char *, size_t, void *),
    void *ud)
{
	const char *p = csv, *end, *s;
	enum err rc = ERR_OK;

	if (csv == NULL)
		return ERR_OK;
	while (rc == ERR_OK && *p != '\0') {
		size_t len;

		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		s = p;
		while (s < end && is_blank(*s))
			s++;
		len = (size_t)(end - s);
		while (len > 0 && is_blank(s[len - 1]))
			len--;
		if (len > 0)
			rc = item(s, len, ud);
		p = *end == ',' ? end + 1 : end;
	}
	return rc;
}

static bool
item_is(const char *s, size_t len, const char *key)
{
	return strlen(key) == len && memcmp(s, key, len) == 0;
}

/* ---- meeting formats ---- */

static const struct {
	unsigned bit;
	const char *key;     /* stored and in forms */
	const char *words;   /* "in person or video" */
	const char *by;      /* "Meets in person or by video" */
} formats[] = {
	{ FORMAT_IN_PERSON, "in_person", "in person", "in person" },
	{ FORMAT_VIDEO, "video", "video", "by video" },
	{ FORMAT_PHONE, "phone", "phone", "by phone" },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static enum err
format_item(const char *s, size_t len, void *ud)
{
	unsigned *bits = ud;

	for (size_t i = 0; i < NFORMATS; i++)
		if (item_is(s, len, formats[i].key)) {
			*bits |= formats[i].bit;
			return ERR_OK;
		}
	return ERR_BAD_INPUT;
}

/* Parses "in_person,video"; empty items are ignored; *bits is written
 * only on success. */
enum err
match_formats_parse(const char *csv, unsigned *bits)
{
	unsigned v = 0;
	enum err rc;

	if ((rc = each_item(csv, format_item, &v)) == ERR_OK)
		*bits = v;
	return rc;
}

/* Joins the chosen words: "a", "a or b", "a, b or c". */
static const char *
join_words(struct arena *a, const char *const *w, size_t n, const char *last)
{
	struct buf b;

	buf_init_arena(&b, a, 4096);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(&b, i + 1 == n ? last : ", ");
		buf_puts(&b, w[i]);
	}
	return buf_str(&b);
}

/* The formats in words: plain ("in person or video") or with "by"
 * ("in person or by video"). */
static const char *
formats_join(struct arena *a, unsigned bits, bool is_by)
{
	const char *w[NFORMATS];
	size_t n = 0;

	for (size_t i = 0; i < NFORMATS; i++)
		if (bits & formats[i].bit)
			w[n++] = is_by ? formats[i].by : formats[i].words;
	return join_words(a, w, n, " or ");
}

/* "in_person,video" ("" for none); the arena owns the result. */
const char *
match_formats_text(struct arena *a, unsigned bits)
{
	const char *w[NFORMATS];
	size_t n = 0;
	struct buf b;

	for (size_t i = 0; i < NFORMATS; i++)
		if (bits & formats[i].bit)
			w[n++] = formats[i].key;
	buf_init_arena(&b, a, 256);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		buf_puts(&b, w[i]);
	}
	return buf_str(&b);
}

/* "in person or video" ("" for none); the arena owns the result. */
const char *
match_formats_words(struct arena *a, unsigned bits)
{
	return formats_join(a, bits, false);
}

/* ---- built-in profile fields ---- */

const struct match_field_info match_fields[MF__MAX] = {
	[MF_PREFERRED_NAME] = { "preferred_name", "Preferred name", MF_SHARED },
	[MF_PRONOUNS] = { "pronouns", "Pronouns", MF_SHARED },
	[MF_CONTACT_EMAIL] = { "contact_email", "Contact email address", MF_SHARED },
	[MF_PHONE] = { "phone", "Phone number", MF_SHARED },
	[MF_PHOTO] = { "photo", "Photo", MF_SHARED },
	[MF_JOB_ROLE] = { "job_role", "Job role or training grade", MF_SHARED },
	[MF_ORGANISATION] = { "organisation", "Organisation", MF_SHARED },
	[MF_SPECIALTY] = { "specialty", "Specialty", MF_SHARED },
	[MF_SITE] = { "site", "Site or location", MF_SHARED },
	[MF_PREVIOUS_ORGANISATIONS] = { "previous_organisations",
	    "Previous organisations", MF_SHARED },
	[MF_STATEMENT] = { "statement", "Personal statement", MF_MENTEE },
	[MF_REASONS] = { "reasons", "Reasons for seeking mentoring", MF_MENTEE },
	[MF_SUPPORT_AREAS] = { "support_areas", "Areas of support wanted",
	    MF_MENTEE },
	[MF_AVAILABILITY] = { "availability", "Availability", MF_MENTEE },
	[MF_MAX_TRAVEL] = { "max_travel", "Maximum travel distance", MF_MENTEE },
	[MF_FORMATS] = { "formats", "Meeting formats", MF_EITHER },
	[MF_KEYWORDS] = { "keywords", "Standard keywords", MF_EITHER },
	[MF_BIOGRAPHY] = { "biography", "Biography", MF_MENTOR },
	[MF_SKILLS] = { "skills", "Skills and experience", MF_MENTOR },
	[MF_TRAINING] = { "training", "Mentor training record", MF_MENTOR },
};

struct fields_parse {
	struct arena *a;
	uint32_t mask;
	const char *bad;
};

static enum err
field_item(const char *s, size_t len, void *ud)
{
	struct fields_parse *fp = ud;

	for (size_t i = 0; i < MF__MAX; i++)
		if (item_is(s, len, match_fields[i].key)) {
			fp->mask |= 1u << i;
			return ERR_OK;
		}
	fp->bad = arena_strndup(fp->a, s, len);
	return ERR_BAD_INPUT;
}

/* "job_role,biography" -> mask; empty items ignored.  On an unknown key:
 * ERR_BAD_INPUT, *bad the key (arena), *mask untouched. */
enum err
match_fields_parse(struct arena *a, const char *csv, uint32_t *mask,
    const char **bad)
{
	struct fields_parse fp = { a, 0, NULL };
	enum err rc;

	if ((rc = each_item(csv, field_item, &fp)) == ERR_OK)
		*mask = fp.mask;
	else if (bad != NULL)
		*bad = fp.bad;
	return rc;
}

/* The keys of the mask in field order, comma-separated ("" for none). */
const char *
match_fields_text(struct arena *a, uint32_t mask)
{
	struct buf b;
	bool first = true;

	buf_init_arena(&b, a, 1024);
	for (size_t i = 0; i < MF__MAX; i++)
		if (mask & (1u << i)) {
			if (!first)
				buf_putc(&b, ',');
			buf_puts(&b, match_fields[i].key);
			first = false;
		}
	return buf_str(&b);
}

/* Fields of the other role's part are never required; an unknown role
 * is held only to the shared and either-role fields. */
uint32_t
match_missing(uint32_t required, uint32_t filled, const char *role)
{
	bool is_mentee = role != NULL && strcmp(role, "mentee") == 0;
	bool is_mentor = role != NULL && strcmp(role, "mentor") == 0;
	uint32_t applies = 0;

	for (size_t i = 0; i < MF__MAX; i++) {
		enum match_role_part part = match_fields[i].part;

		if (part == MF_SHARED || part == MF_EITHER ||
		    (part == MF_MENTEE && is_mentee) ||
		    (part == MF_MENTOR && is_mentor))
			applies |= 1u << i;
	}
	return required & applies & ~filled;
}

/* ---- rules ---- */

static const char *const rule_names[] = {
	[MATCH_ANY] = "any",
	[MATCH_SAME] = "same",
	[MATCH_DIFFERENT] = "different",
};

enum match_rule
match_rule_parse(const char *s)
{
	if (s != NULL && strcmp(s, "same") == 0)
		return MATCH_SAME;
	if (s != NULL && strcmp(s, "different") == 0)
		return MATCH_DIFFERENT;
	return MATCH_ANY;
}

const char *
match_rule_text(enum match_rule r)
{
	if ((unsigned)r > MATCH_DIFFERENT)
		return "any";
	return rule_names[r];
}

static const char *const exclusion_texts[MX__MAX] = {
	[MX_NONE] = "Can be matched",
	[MX_SELF] = "Is the mentee themself",
	[MX_CONFLICT] = "Declared as the mentee's educational supervisor, "
	    "appraiser or another conflict of interest",
	[MX_ORGANISATION] = "Does not meet the scheme's rule on same or "
	    "different organisation",
	[MX_SPECIALTY] = "Does not meet the scheme's rule on same or "
	    "different specialty",
	[MX_DISTANCE] = "Is further away than the scheme's maximum distance",
	[MX_UNAVAILABLE] = "Has said they are not available for new mentees",
	[MX_FULL] = "Has no free places: their mentees have reached their "
	    "capacity",
	[MX_INCOMPLETE] = "Their profile lacks a field the scheme requires "
	    "before mentors can be found",
	[MX_NOT_MENTOR] = "Is not an active, approved mentor of this scheme",
	[MX_PAUSED] = "Paused: let two requests pass the deadline; offered again when "
	    "they next sign in",
};

const char *
match_exclusion_text(enum match_exclusion x)
{
	if ((unsigned)x >= MX__MAX)
		return "Cannot be matched";
	return exclusion_texts[x];
}

static bool
rule_fails(enum match_rule r, const char *x, const char *y)
{
	switch (r) {
	case MATCH_SAME:
		return !same_text(x, y);
	case MATCH_DIFFERENT:
		return same_text(x, y);
	default:
		return false;
	}
}

enum match_exclusion
match_check(const struct match_person *mentee,
    const struct match_person *mentor, const struct match_rules *rules,
    bool is_conflict)
{
	if (mentee->user_id != 0 && mentee->user_id == mentor->user_id)
		return MX_SELF;
	if (rules->exclude_conflicts && is_conflict)
		return MX_CONFLICT;
	if (rule_fails(rules->organisation_rule, mentee->organisation,
	    mentor->organisation))
		return MX_ORGANISATION;
	if (rule_fails(rules->specialty_rule, mentee->specialty,
	    mentor->specialty))
		return MX_SPECIALTY;
	if (rules->max_distance_miles > 0 && mentee->has_location &&
	    mentor->has_location &&
	    match_miles(mentee->latitude, mentee->longitude,
	    mentor->latitude, mentor->longitude) >
	    (double)rules->max_distance_miles)
		return MX_DISTANCE;
	return MX_NONE;
}

/* ---- distance ---- */

double
match_miles(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) +
	    cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

	if (h > 1)
		h = 1;
	if (h < 0)
		h = 0;
	return 2 * EARTH_RADIUS_MILES * asin(sqrt(h));
}

/* ---- score ---- */

static size_t
min_size(size_t x, size_t y)
{
	return x < y ? x : y;
}

/* A part the mentee can score adds its weight to `possible` when the
 * weight is positive; what it scored goes to points. */
static void
add_part(struct match_score *out, double *points, int *possible,
    enum match_part part, bool mentee_can, int weight_possible, double got)
{
	if (!mentee_can)
		return;
	if (weight_possible > 0)
		*possible += weight_possible;
	out->part_points[part] = got;
	*points += got;
}

void
match_score(const struct match_person *mentee, const struct match_person *mentor,
    const struct match_rules *rules, struct match_score *out)
{
	double points = 0, closeness = 0, reference;
	int possible = 0;
	size_t i = 0, j = 0, mentee_kw;

	memset(out, 0, sizeof(*out));

	/* shared keywords: merge of two ascending arrays */
	while (i < mentee->nkeywords && j < mentor->nkeywords) {
		if (mentee->keywords[i] < mentor->keywords[j]) {
			i++;
		} else if (mentee->keywords[i] > mentor->keywords[j]) {
			j++;
		} else {
			if (out->nshared < MATCH_SHARED_MAX)
				out->shared[out->nshared] = mentee->keywords[i];
			out->nshared++;
			i++;
			j++;
		}
	}
	out->same_specialty = same_text(mentee->specialty, mentor->specialty);
	out->same_organisation = same_text(mentee->organisation,
	    mentor->organisation);
	if (mentee->has_location && mentor->has_location) {
		out->has_miles = true;
		out->miles = match_miles(mentee->latitude, mentee->longitude,
		    mentor->latitude, mentor->longitude);
		reference = rules->max_distance_miles > 0 ?
		    (double)rules->max_distance_miles :
		    mentee->max_travel_miles > 0 ?
		    (double)mentee->max_travel_miles : DEFAULT_REFERENCE_MILES;
		closeness = 1.0 - out->miles / reference;
		if (closeness < 0)
			closeness = 0;
	}
	out->shared_formats = mentee->formats & mentor->formats & FORMAT__ALL;

	mentee_kw = min_size(mentee->nkeywords, KEYWORD_CAP);
	add_part(out, &points, &possible, MP_KEYWORDS, mentee_kw > 0,
	    rules->weight_keyword * (int)mentee_kw,
	    (double)rules->weight_keyword *
	    (double)min_size(out->nshared, KEYWORD_CAP));
	add_part(out, &points, &possible, MP_SPECIALTY,
	    is_known(mentee->specialty), rules->weight_specialty,
	    out->same_specialty ? rules->weight_specialty : 0);
	add_part(out, &points, &possible, MP_ORGANISATION,
	    is_known(mentee->organisation), rules->weight_organisation,
	    out->same_organisation ? rules->weight_organisation : 0);
	add_part(out, &points, &possible, MP_DISTANCE, mentee->has_location,
	    rules->weight_distance, rules->weight_distance * closeness);
	add_part(out, &points, &possible, MP_FORMAT,
	    (mentee->formats & FORMAT__ALL) != 0, rules->weight_format,
	    out->shared_formats != 0 ? rules->weight_format : 0);

	if (points < 0)
		points = 0;
	out->points_possible = possible;
	if (possible > 0) {
		out->score = (int)lround(100.0 * points / possible);
		if (out->score > 100)
			out->score = 100;
		if (out->score < 0)
			out->score = 0;
	}
}

static const char *
keywords_reason(struct arena *a, const struct match_score *s,
    match_label_fn label, void *ud)
{
	struct buf b;
	size_t shown = min_size(s->nshared, MATCH_SHARED_MAX), named = 0;

	buf_init_arena(&b, a, 8192);
	buf_printf(&b, "%zu shared keyword%s", s->nshared,
	    s->nshared == 1 ? "" : "s");
	for (size_t i = 0; label != NULL && i < shown; i++) {
		const char *name = label(s->shared[i], ud);

		if (name == NULL || *name == '\0')
			continue;
		buf_puts(&b, named == 0 ? ": " : ", ");
		buf_puts(&b, name);
		named++;
	}
	if (named > 0 && s->nshared > named)
		buf_printf(&b, " and %zu more", s->nshared - named);
	return buf_str(&b);
}

static const char *
miles_reason(struct arena *a, double miles)
{
	long m = lround(miles);

	if (miles < 1)
		return "Less than 1 mile away";
	return arena_printf(a, "%ld mile%s away", m, m == 1 ? "" : "s");
}

const char **
match_reasons(struct arena *a, const struct match_score *s,
    match_label_fn label, void *ud, size_t *n)
{
	const char **out = arena_calloc(a, MP__MAX + 1, sizeof(*out));
	enum match_part order[MP__MAX];
	size_t k = 0;

	/* parts that added points, strongest first (stable: ties keep the
	 * part order keywords, specialty, organisation, distance, format) */
	for (int p = 0; p < MP__MAX; p++)
		if (s->part_points[p] > 0) {
			size_t at = k++;

			while (at > 0 && s->part_points[order[at - 1]] <
			    s->part_points[p]) {
				order[at] = order[at - 1];
				at--;
			}
			order[at] = (enum match_part)p;
		}
	for (size_t i = 0; i < k; i++) {
		switch (order[i]) {
		case MP_KEYWORDS:
			out[i] = keywords_reason(a, s, label, ud);
			break;
		case MP_SPECIALTY:
			out[i] = "Same specialty";
			break;
		case MP_ORGANISATION:
			out[i] = "Same organisation";
			break;
		case MP_DISTANCE:
			out[i] = miles_reason(a, s->miles);
			break;
		default:
			out[i] = arena_printf(a, "Meets %s",
			    formats_join(a, s->shared_formats, true));
			break;
		}
	}
	*n = k;
	return out;
}
