/*
 * finder.c - "Find a mentor" (FIND-1 to FIND-4): see finder.h for the
 * contract and docs/internals/finder.md for the design.
 *
 * Design.  Each scheme's findable-candidate mentors are held in an
 * immutable snapshot (one arena: the rows, their sorted keyword ids,
 * the keyword labels, the scheme's rules and required-field masks),
 * built with a handful of set-based queries (db_search_mentors and
 * db_search_scheme_keywords: never one query per mentor).  Snapshots
 * are cached per scheme and shared by the worker threads: the cache
 * holds one reference, each search another; the cache's pointer is
 * swapped under `cache_lock` and a snapshot is freed when its last
 * reference goes.  A search first reads `search_generation` (one
 * row); when it differs from the snapshot's, the snapshot is rebuilt
 * (outside the lock: two threads may build at once, the later one
 * wins, both results are correct).
 *
 * Free text goes to FTS5 (mentor_text) as a query built here from the
 * person's words and "quoted phrases": every token is quoted as an FTS5
 * string, so no user syntax (NEAR, column filters, AND/OR/NOT, ^, *,
 * parentheses) ever reaches FTS5.  The rowids found are intersected
 * with the snapshot (rows of deleted profiles are thus ignored).
 *
 * Traps: the generation is read before the build, so a change made
 * during a build is seen by the next search.  Strings in a hit point
 * into the snapshot or the caller's arena: hits are copied into the
 * caller's arena before the snapshot reference is released.
 */
#include "app/finder.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "db/schemeconf.h"
#include "db/search.h"

/* ---- keeping the free-text index true ---- */

enum err
app_finder_reindex_user_tx(struct db *db, int64_t user_id)
{
	if (user_id <= 0)
		return ERR_OK;
	return db_search_reindex(db, 0, user_id);
}

enum err
app_finder_reindex_scheme_tx(struct db *db, int64_t scheme_id)
{
	if (scheme_id <= 0)
		return ERR_OK;
	return db_search_reindex(db, scheme_id, 0);
}

/* ---- settings ---- */

enum err
app_matching_load(struct db *db, struct arena *a, int64_t scheme_id,
    struct match_rules *rules, uint32_t *mentor_required, uint32_t *mentee_required)
{
	struct db_matching m;
	enum err rc = db_matching_get(db, a, scheme_id, &m);
	if (rc != ERR_OK)
		return rc;
	*rules = (struct match_rules){
		.exclude_conflicts = m.exclude_conflicts,
		.organisation_rule = match_rule_parse(m.organisation_rule),
		.specialty_rule = match_rule_parse(m.specialty_rule),
		.max_distance_miles = m.max_distance_miles,
		.weight_keyword = (int)m.weight_keyword,
		.weight_specialty = (int)m.weight_specialty,
		.weight_organisation = (int)m.weight_organisation,
		.weight_distance = (int)m.weight_distance,
		.weight_format = (int)m.weight_format,
	};
	const char *bad;
	if (match_fields_parse(a, m.mentor_required, mentor_required, &bad) != ERR_OK) {
		log_warn("scheme %lld: unknown required mentor field '%s' ignored",
		    (long long)scheme_id, bad ? bad : "");
	}
	if (match_fields_parse(a, m.mentee_required, mentee_required, &bad) != ERR_OK) {
		log_warn("scheme %lld: unknown required mentee field '%s' ignored",
		    (long long)scheme_id, bad ? bad : "");
	}
	return ERR_OK;
}

/* ---- the free-text query ---- */

/* Whether a byte may be part of a word: ASCII letters and digits, and
 * UTF-8 bytes of letters beyond ASCII.  Lead bytes 0xC2 (Latin-1
 * symbols) and 0xE2 (punctuation, arrows, maths) are treated as
 * separators with their continuation bytes by the caller. */
static bool
is_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Length of the UTF-8 sequence starting with lead byte c (1 when ASCII
 * or malformed). */
static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* Normalise s[0..len) into words separated by single spaces into out;
 * returns how many words.  Symbols (ASCII punctuation, 0xC2 and 0xE2
 * sequences) separate words. */
static size_t
words_of(const char *s, size_t len, struct buf *out)
{
	size_t nwords = 0;
	bool in_word = false;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = utf8_len(c);
		if (i + n > len)
			n = len - i;
		bool word = is_word_byte(c) && c != 0xC2 && c != 0xE2 &&
		    !(c >= 0x80 && c < 0xC0);
		if (word) {
			if (!in_word) {
				if (nwords > 0)
					buf_putc(out, ' ');
				nwords++;
				in_word = true;
			}
			buf_append(out, s + i, n);
		} else {
			in_word = false;
		}
		i += n;
	}
	return nwords;
}

#define FTS_TOKENS_MAX 16

const char *
app_finder_fts_query(struct arena *a, const char *text, bool any)
{
	struct buf q, w;
	buf_init_arena(&q, a, 8192);
	buf_init_arena(&w, a, 4096);
	size_t ntokens = 0;
	const char *p = text ? text : "";

	while (*p && ntokens < FTS_TOKENS_MAX) {
		bool phrase = false;
		const char *start, *end;
		if (*p == '"') {
			phrase = true;
			start = ++p;
			end = strchr(start, '"');
			if (end == NULL)
				end = start + strlen(start);
			p = *end ? end + 1 : end;
		} else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		} else {
			start = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
			    *p != '"')
				p++;
			end = p;
		}
		buf_reset(&w);
		size_t nw = words_of(start, (size_t)(end - start), &w);
		if (nw == 0)
			continue;
		const char *ws = buf_str(&w);
		if (phrase) {
			if (ntokens++ > 0)
				buf_puts(&q, any ? " OR " : " AND ");
			buf_putc(&q, '"');
			for (const char *c = ws; *c; c++) {
				if (*c == '"')
					buf_putc(&q, '"');
				buf_putc(&q, *c);
			}
			buf_putc(&q, '"');
			continue;
		}
		/* a word with inner punctuation ("o'brien", "e-portfolio") is
		 * several words, each a prefix */
		const char *c = ws;
		while (*c && ntokens < FTS_TOKENS_MAX) {
			const char *sp = strchr(c, ' ');
			size_t n = sp ? (size_t)(sp - c) : strlen(c);
			if (ntokens++ > 0)
				buf_puts(&q, any ? " OR " : " AND ");
			buf_putc(&q, '"');
			for (size_t k = 0; k < n; k++) {
				if (c[k] == '"')
					buf_putc(&q, '"');
				buf_putc(&q, c[k]);
			}
			/* a prefix of one character would match nearly everything,
			 * slowly (the prefix indexes start at two): it stays a word */
			size_t chars = 0;
			for (size_t k = 0; k < n; k++)
				chars += ((unsigned char)c[k] & 0xc0) != 0x80;
			buf_puts(&q, chars >= 2 ? "\"*" : "\"");
			c += n;
			if (*c == ' ')
				c++;
		}
	}
	return ntokens > 0 ? buf_str(&q) : NULL;
}

/* ---- the snapshot ---- */

struct fmentor {
	int64_t text_id, user_id;
	const char *name, *job_role, *organisation, *specialty, *site, *email,
	    *excerpt;
	bool has_location;
	double latitude, longitude;
	unsigned formats;
	const int64_t *keywords;
	size_t nkeywords;
	bool is_available;
	bool is_paused;               /* REQ-14: missed two deadlines */
	int64_t capacity, active;
	uint32_t filled;
	/* for the search's memo tables (see "the search") */
	uint32_t org_id, spec_id;     /* interned normalised text, 0: unknown */
	uint32_t loc_id;              /* interned location, 0: none */
	bool is_offerable;            /* available, not paused, room, complete */
};

/* Interned strings: normalised (trimmed, ASCII lower case) text -> id
 * from 1, open addressing.  Also used for locations ("lat,lon"). */
struct intern {
	const char **keys;
	uint32_t *ids;
	size_t cap, n;
};

/* What the search loop reads of every mentor, packed (32 bytes) so a
 * walk over 100,000 mentors stays in the cache; the rest is in
 * struct fmentor, read only for the page and for memo misses. */
struct fhot {
	int64_t user_id;
	const int64_t *keywords;
	uint32_t org_id, spec_id, loc_id;
	uint16_t nkeywords;
	uint8_t formats;
	uint8_t is_offerable;
};

struct by_text {
	int64_t text_id;
	size_t index;
};

struct snapshot {
	int64_t scheme_id, gen;
	int refs;
	struct arena *arena;
	struct fmentor *m;
	struct fhot *hot;              /* parallel to m */
	size_t n;
	struct by_text *by_text;      /* sorted by text_id */
	struct db_option *kw;          /* keyword list, sorted by id */
	size_t nkw;
	struct match_rules rules;
	uint32_t mentor_required, mentee_required;
	struct intern texts;           /* organisations and specialties */
	struct intern places;          /* "lat,lon" of sites */
	double *loc_lat, *loc_lon;     /* by loc_id (1..nlocs) */
	size_t nlocs;
	int32_t *text_index;           /* text_id -> row + 1 (0: none), or NULL */
	int64_t max_text_id;
	struct snapshot *next;         /* cache list */
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static bool
is_blank_c(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* As match.c's same_text compares: trimmed of blanks, ASCII case folded. */
static char *
normalised(struct arena *a, const char *s)
{
	while (is_blank_c(*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && is_blank_c(s[len - 1]))
		len--;
	char *out = arena_strndup(a, s, len);
	for (char *c = out; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return out;
}

/* The id of key (already normalised), 0 when absent; adds it when `a`
 * is given.  "" is always 0 (unknown). */
static uint32_t
intern_id(struct intern *t, struct arena *a, const char *key)
{
	if (*key == '\0')
		return 0;
	if (a != NULL && (t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		const char **keys = arena_calloc(a, cap, sizeof(char *));
		uint32_t *ids = arena_calloc(a, cap, sizeof(uint32_t));
		for (size_t i = 0; i < t->cap; i++) {
			if (t->keys[i] == NULL)
				continue;
			size_t j = hash_str(t->keys[i]) & (cap - 1);
			while (keys[j] != NULL)
				j = (j + 1) & (cap - 1);
			keys[j] = t->keys[i];
			ids[j] = t->ids[i];
		}
		t->keys = keys;
		t->ids = ids;
		t->cap = cap;
	}
	if (t->cap == 0)
		return 0;
	size_t j = hash_str(key) & (t->cap - 1);
	while (t->keys[j] != NULL) {
		if (strcmp(t->keys[j], key) == 0)
			return t->ids[j];
		j = (j + 1) & (t->cap - 1);
	}
	if (a == NULL)
		return 0;
	t->keys[j] = arena_strdup(a, key);
	t->ids[j] = (uint32_t)++t->n;
	return t->ids[j];
}

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cache_built = PTHREAD_COND_INITIALIZER;
static struct snapshot *cache;
/* schemes whose snapshot a thread is building now (under cache_lock) */
#define BUILDING_MAX 16
static int64_t building[BUILDING_MAX];
static size_t nbuilding;

static void
snapshot_unref_locked(struct snapshot *s)
{
	if (--s->refs == 0) {
		arena_free(s->arena);
		free(s);
	}
}

static void
snapshot_release(struct snapshot *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&cache_lock);
	snapshot_unref_locked(s);
	pthread_mutex_unlock(&cache_lock);
}

void
app_finder_forget(void)
{
	pthread_mutex_lock(&cache_lock);
	while (cache) {
		struct snapshot *s = cache;
		cache = s->next;
		snapshot_unref_locked(s);
	}
	pthread_mutex_unlock(&cache_lock);
}

static int
cmp_text(const void *x, const void *y)
{
	const struct by_text *a = x, *b = y;
	return (a->text_id > b->text_id) - (a->text_id < b->text_id);
}

static int
cmp_option(const void *x, const void *y)
{
	const struct db_option *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static int
cmp_mentor_name(const void *x, const void *y)
{
	const struct fmentor *a = x, *b = y;
	int c = strcasecmp(a->name, b->name);
	if (c != 0)
		return c;
	return (a->user_id > b->user_id) - (a->user_id < b->user_id);
}

/* ---- one person's facts (finder.h; cohort matching uses them too) ---- */

unsigned
app_finder_formats(const char *csv)
{
	unsigned bits = 0;
	if (match_formats_parse(csv ? csv : "", &bits) != ERR_OK)
		bits = 0;
	return bits;
}

uint32_t
app_finder_mentor_filled(const struct db_search_person *p, unsigned formats)
{
	uint32_t f = p->shared_filled;
	if (formats)
		f |= 1u << MF_FORMATS;
	if (p->has_keywords)
		f |= 1u << MF_KEYWORDS;
	if (p->has_biography)
		f |= 1u << MF_BIOGRAPHY;
	if (p->has_skills)
		f |= 1u << MF_SKILLS;
	if (p->has_training)
		f |= 1u << MF_TRAINING;
	return f;
}

uint32_t
app_finder_mentee_filled(const struct db_search_person *p, bool has_keywords)
{
	uint32_t f = p->shared_filled;
	if (p->has_statement)
		f |= 1u << MF_STATEMENT;
	if (p->has_reasons)
		f |= 1u << MF_REASONS;
	if (p->has_support_areas)
		f |= 1u << MF_SUPPORT_AREAS;
	if (p->has_availability)
		f |= 1u << MF_AVAILABILITY;
	if (p->max_travel_miles >= 0)   /* -1: not said; 0 miles is an answer */
		f |= 1u << MF_MAX_TRAVEL;
	if (p->has_formats)
		f |= 1u << MF_FORMATS;
	if (has_keywords)
		f |= 1u << MF_KEYWORDS;
	return f;
}

void
app_finder_person(const struct db_search_person *r, const int64_t *keywords,
    size_t nkeywords, struct match_person *out)
{
	*out = (struct match_person){
		.user_id = r->user_id,
		.organisation = r->organisation,
		.specialty = r->specialty,
		.has_location = r->has_location,
		.latitude = r->latitude,
		.longitude = r->longitude,
		.formats = app_finder_formats(r->formats),
		.keywords = keywords,
		.nkeywords = nkeywords,
		/* match.h: 0 = not said (the row says -1) */
		.max_travel_miles = r->max_travel_miles > 0 ? r->max_travel_miles : 0,
	};
}

void
app_finder_keywords_of(const struct db_search_keyword *kws, size_t nkws, size_t *k,
    int64_t user_id, int64_t *ids, const int64_t **out, size_t *n)
{
	while (*k < nkws && kws[*k].user_id < user_id)
		(*k)++;
	size_t start = *k;
	while (*k < nkws && kws[*k].user_id == user_id) {
		ids[*k] = kws[*k].keyword_id;
		(*k)++;
	}
	*out = ids + start;
	*n = *k - start;
}

static enum err
snapshot_build(struct db *db, int64_t scheme_id, int64_t gen, struct snapshot **out)
{
	struct snapshot *s = xcalloc(1, sizeof(*s));
	s->scheme_id = scheme_id;
	s->gen = gen;
	s->refs = 1;
	s->arena = arena_new(1 << 16);
	struct arena *scratch = arena_new(1 << 16);
	enum err rc = app_matching_load(db, s->arena, scheme_id, &s->rules,
	    &s->mentor_required, &s->mentee_required);
	struct db_search_person *rows = NULL;
	struct db_search_keyword *kws = NULL;
	size_t nrows = 0, nkws = 0;
	if (rc == ERR_OK)
		rc = db_search_mentors(db, s->arena, scheme_id, &rows, &nrows);
	if (rc == ERR_OK)
		rc = db_search_scheme_keywords(db, scratch, scheme_id, "mentor", &kws, &nkws);
	if (rc == ERR_OK)
		rc = db_options_list(db, s->arena, scheme_id, "keyword", true, &s->kw,
		    &s->nkw);
	if (rc != ERR_OK) {
		arena_free(scratch);
		arena_free(s->arena);
		free(s);
		return rc;
	}
	if (s->nkw > 1)   /* qsort with NULL and 0 is undefined */
		qsort(s->kw, s->nkw, sizeof(*s->kw), cmp_option);

	s->n = nrows;
	s->m = arena_calloc(s->arena, nrows ? nrows : 1, sizeof(*s->m));
	s->by_text = arena_calloc(s->arena, nrows ? nrows : 1, sizeof(*s->by_text));
	int64_t *kwids = arena_calloc(s->arena, nkws ? nkws : 1, sizeof(int64_t));
	size_t k = 0;
	for (size_t i = 0; i < nrows; i++) {
		const struct db_search_person *p = &rows[i];
		struct fmentor *m = &s->m[i];
		m->text_id = p->text_id;
		m->user_id = p->user_id;
		m->name = p->name;
		m->job_role = p->job_role;
		m->organisation = p->organisation;
		m->specialty = p->specialty;
		m->site = p->site;
		m->email = p->email;
		m->excerpt = p->excerpt;
		m->has_location = p->has_location;
		m->latitude = p->latitude;
		m->longitude = p->longitude;
		m->formats = app_finder_formats(p->formats);
		m->is_available = p->is_available;
		m->is_paused = p->is_paused;
		m->capacity = p->capacity;
		m->active = p->active_mentees;
		m->filled = app_finder_mentor_filled(p, m->formats);
		m->is_offerable = m->is_available && !m->is_paused && m->active < m->capacity &&
		    match_missing(s->mentor_required, m->filled, "mentor") == 0;
		m->org_id = intern_id(&s->texts, s->arena,
		    normalised(scratch, m->organisation));
		m->spec_id = intern_id(&s->texts, s->arena,
		    normalised(scratch, m->specialty));
		if (m->has_location)
			m->loc_id = intern_id(&s->places, s->arena, arena_printf(scratch,
			    "%.17g,%.17g", m->latitude, m->longitude));
		/* both lists are ordered by user id: merge */
		app_finder_keywords_of(kws, nkws, &k, p->user_id, kwids, &m->keywords,
		    &m->nkeywords);
	}
	/* rows in name order: the search walks them in that order, so every
	 * sort it needs is a stable bucket pass, never a comparison sort */
	qsort(s->m, nrows, sizeof(*s->m), cmp_mentor_name);
	s->nlocs = s->places.n;
	s->loc_lat = arena_calloc(s->arena, s->nlocs + 1, sizeof(double));
	s->loc_lon = arena_calloc(s->arena, s->nlocs + 1, sizeof(double));
	s->hot = arena_calloc(s->arena, nrows ? nrows : 1, sizeof(*s->hot));
	for (size_t i = 0; i < nrows; i++) {
		struct fmentor *m = &s->m[i];
		s->hot[i] = (struct fhot){m->user_id, m->keywords, m->org_id, m->spec_id,
		    m->loc_id, (uint16_t)(m->nkeywords > UINT16_MAX ? UINT16_MAX :
		    m->nkeywords), (uint8_t)m->formats, m->is_offerable};
		s->by_text[i] = (struct by_text){m->text_id, i};
		if (m->loc_id) {
			s->loc_lat[m->loc_id] = m->latitude;
			s->loc_lon[m->loc_id] = m->longitude;
		}
		if (m->text_id > s->max_text_id)
			s->max_text_id = m->text_id;
	}
	qsort(s->by_text, nrows, sizeof(*s->by_text), cmp_text);
	/* a direct rowid -> row table when the ids are dense enough */
	if (s->max_text_id > 0 && (size_t)s->max_text_id <= 4 * nrows + 4096) {
		s->text_index = arena_calloc(s->arena, (size_t)s->max_text_id + 1,
		    sizeof(int32_t));
		for (size_t i = 0; i < nrows; i++)
			s->text_index[s->m[i].text_id] = (int32_t)i + 1;
	}
	arena_free(scratch);
	*out = s;
	return ERR_OK;
}

/* The scheme's current snapshot, with a reference for the caller. */
static enum err
snapshot_get(struct db *db, int64_t scheme_id, struct snapshot **out)
{
	int64_t gen;
	enum err rc = db_search_generation(db, &gen);
	if (rc != ERR_OK)
		return rc;

	/* Inside a caller's transaction the database may hold changes that
	 * are not committed (and may be rolled back, reusing the generation
	 * number): build a snapshot for this caller alone, never cached. */
	if (db_in_transaction(db)) {
		if ((rc = snapshot_build(db, scheme_id, gen, out)) == ERR_OK)
			(*out)->refs = 1;
		return rc;
	}

	pthread_mutex_lock(&cache_lock);
	for (;;) {
		struct snapshot *hit = NULL;
		for (struct snapshot *s = cache; s && hit == NULL; s = s->next)
			if (s->scheme_id == scheme_id && s->gen >= gen)
				hit = s;
		if (hit != NULL) {
			hit->refs++;
			*out = hit;
			pthread_mutex_unlock(&cache_lock);
			return ERR_OK;
		}
		/* one build per scheme at a time: the others wait for it rather
		 * than all rebuilding the same index at once */
		bool busy = false;
		for (size_t i = 0; i < nbuilding; i++)
			busy |= building[i] == scheme_id;
		if (!busy && nbuilding < BUILDING_MAX)
			break;
		pthread_cond_wait(&cache_built, &cache_lock);
	}
	building[nbuilding++] = scheme_id;
	pthread_mutex_unlock(&cache_lock);

	struct snapshot *fresh = NULL;
	rc = snapshot_build(db, scheme_id, gen, &fresh);

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < nbuilding; i++) {
		if (building[i] == scheme_id) {
			building[i] = building[--nbuilding];
			break;
		}
	}
	if (rc == ERR_OK) {
		struct snapshot **pp = &cache;
		while (*pp && (*pp)->scheme_id != scheme_id)
			pp = &(*pp)->next;
		if (*pp && (*pp)->gen > fresh->gen) {
			fresh->refs = 1;    /* a newer one is cached: ours is private */
		} else {
			if (*pp) {
				struct snapshot *old = *pp;
				*pp = old->next;
				snapshot_unref_locked(old);
			}
			fresh->refs++;      /* the cache's and the caller's */
			fresh->next = cache;
			cache = fresh;
		}
		*out = fresh;
	}
	pthread_cond_broadcast(&cache_built);
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

static const char *
keyword_label(int64_t id, void *ud)
{
	const struct snapshot *s = ud;
	struct db_option key = {.id = id};
	const struct db_option *o = bsearch(&key, s->kw, s->nkw, sizeof(*s->kw),
	    cmp_option);
	return o ? o->label : "a keyword";
}

static void
mentor_person(const struct fmentor *m, struct match_person *p)
{
	*p = (struct match_person){
		.user_id = m->user_id,
		.organisation = m->organisation,
		.specialty = m->specialty,
		.has_location = m->has_location,
		.latitude = m->latitude,
		.longitude = m->longitude,
		.formats = m->formats,
		.keywords = m->keywords,
		.nkeywords = m->nkeywords,
	};
}

/* The mentee's facts in the scheme.  ERR_NOT_FOUND: not an active
 * mentee of the scheme. */
static enum err
mentee_load(struct db *db, struct arena *a, int64_t scheme_id, int64_t mentee_id,
    struct match_person *p, uint32_t *filled, const char **email)
{
	struct db_search_person row;
	enum err rc = db_search_mentee(db, a, mentee_id, scheme_id, &row);
	if (rc != ERR_OK)
		return rc;
	int64_t *kw;
	size_t nkw;
	if ((rc = db_search_person_keywords(db, a, mentee_id, scheme_id, "mentee", &kw,
	    &nkw)) != ERR_OK)
		return rc;
	app_finder_person(&row, kw, nkw, p);
	*filled = app_finder_mentee_filled(&row, nkw > 0);
	if (email)
		*email = row.email;
	return ERR_OK;
}

static bool
is_conflict(const struct fmentor *m, const struct db_search_conflict *c, size_t nc)
{
	for (size_t i = 0; i < nc; i++) {
		if (c[i].mentor_id != 0 ? c[i].mentor_id == m->user_id
		    : strcasecmp(c[i].email, m->email) == 0)
			return true;
	}
	return false;
}

/* Why m may not be offered (MX_NONE: it may). */
static enum match_exclusion
exclusion(const struct snapshot *s, const struct fmentor *m,
    const struct match_person *mentee, const struct db_search_conflict *c, size_t nc)
{
	if (m->user_id == mentee->user_id)
		return MX_SELF;
	struct match_person mp;
	mentor_person(m, &mp);
	enum match_exclusion x = match_check(mentee, &mp, &s->rules,
	    is_conflict(m, c, nc));
	if (x != MX_NONE)
		return x;
	if (!m->is_available)
		return MX_UNAVAILABLE;
	if (m->is_paused)
		return MX_PAUSED;
	if (m->active >= m->capacity)
		return MX_FULL;
	if (match_missing(s->mentor_required, m->filled, "mentor") != 0)
		return MX_INCOMPLETE;
	return MX_NONE;
}

/* ---- one pair ---- */

enum err
app_finder_assess(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t mentor_id, struct finder_assessment *out)
{
	*out = (struct finder_assessment){.why = ""};
	struct match_person mentee;
	uint32_t filled;
	enum err rc = mentee_load(db, a, scheme_id, mentee_id, &mentee, &filled, NULL);
	if (rc != ERR_OK)
		return rc;
	struct db_search_conflict *c;
	size_t nc;
	if ((rc = db_search_conflicts(db, a, mentee_id, scheme_id, &c, &nc)) != ERR_OK)
		return rc;
	struct snapshot *s;
	if ((rc = snapshot_get(db, scheme_id, &s)) != ERR_OK)
		return rc;
	const struct fmentor *m = NULL;
	for (size_t i = 0; i < s->n && m == NULL; i++)
		if (s->m[i].user_id == mentor_id)
			m = &s->m[i];
	if (m == NULL) {
		snapshot_release(s);
		rc = db_search_is_participant(db, mentor_id, scheme_id);
		if (rc != ERR_OK)
			return rc;
		out->exclusion = MX_NOT_MENTOR;
		out->why = match_exclusion_text(MX_NOT_MENTOR);
		out->reasons = arena_calloc(a, 1, sizeof(char *));
		return ERR_OK;
	}
	out->exclusion = exclusion(s, m, &mentee, c, nc);
	out->why = out->exclusion == MX_NONE ? "" : match_exclusion_text(out->exclusion);
	struct match_person mp;
	mentor_person(m, &mp);
	match_score(&mentee, &mp, &s->rules, &out->score);
	out->reasons = match_reasons(a, &out->score, keyword_label, s, &out->nreasons);
	/* the labels live in the snapshot: copy them out before releasing */
	for (size_t i = 0; i < out->nreasons; i++)
		out->reasons[i] = arena_strdup(a, out->reasons[i]);
	snapshot_release(s);
	return ERR_OK;
}

/* ---- the search ---- */

/*
 * Speed (docs/internals/finder.md, docs/performance.md).  A search walks
 * every mentor of the snapshot, so the work per mentor must be tiny.
 * match_check and match_score depend on the mentor only through: is the
 * organisation (specialty) unknown, the mentee's, or another; the
 * location; whether a meeting format is shared; and how many keywords
 * are shared (match.h's parts).  Organisation and specialty are interned
 * at build time with match.c's comparison (trimmed, ASCII case folded),
 * locations too, so each mentor maps to a small key, and the rules and
 * the score are computed by match.c once per key (on the first mentor
 * with it) and remembered for the rest of the search.  Conflicts are
 * checked per mentor (a handful per mentee).  Rows are in name order,
 * so sorting by score or distance is a stable bucket pass: ties stay in
 * name order.  The unit tests compare every memoised score with
 * match_score's own.
 */

#define MEMO_SHARED_MAX 16     /* more shared keywords: scored directly */
#define MEMO_LOCS_MAX 4096     /* more distinct sites: no memo */

struct memo {
	size_t locs;                   /* nlocs + 1 */
	int8_t *exclusion;             /* -1: not yet */
	int16_t *score;                /* -1: not yet */
};

static size_t
text_state(uint32_t mentor_id, uint32_t mentee_id)
{
	if (mentor_id == 0)
		return 0;
	return mentor_id == mentee_id ? 1 : 2;
}

static size_t
shared_count(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			n++;
			i++;
			j++;
		}
	}
	return n;
}

/* Whether me may search for q->mentee_id: ERR_OK, ERR_FORBIDDEN, or
 * ERR_NOT_FOUND (an administrator naming someone who is not a mentee of
 * the scheme). */
static enum err
search_access(struct db *db, struct arena *a, const struct app_auth *me,
    const struct finder_query *q, struct match_person *mentee, uint32_t *filled)
{
	if (me == NULL)
		return ERR_FORBIDDEN;
	if (me->user_id != q->mentee_id && !app_is_scheme_admin(me, q->scheme_id))
		return ERR_FORBIDDEN;
	enum err rc = mentee_load(db, a, q->scheme_id, q->mentee_id, mentee, filled, NULL);
	if (me->user_id == q->mentee_id && rc == ERR_NOT_FOUND &&
	    !app_is_scheme_admin(me, q->scheme_id))
		return ERR_FORBIDDEN;
	return rc;
}

static bool
keywords_pass(const int64_t *kw, size_t nkw, const struct finder_query *q)
{
	if (q->nkeywords == 0)
		return true;
	for (size_t i = 0; i < q->nkeywords; i++) {
		bool has = false;
		for (size_t k = 0; k < nkw && kw[k] <= q->keywords[i]; k++)
			has |= kw[k] == q->keywords[i];
		if (has && !q->keywords_all)
			return true;
		if (!has && q->keywords_all)
			return false;
	}
	return q->keywords_all;
}

struct cand {
	uint32_t index;                /* row (name order) */
	uint16_t score;
	uint32_t loc;
};

/* Place the candidates whose position (by bucket, then name) falls in
 * [first, first + count) into out.  bucket_of(c) in 0..nbuckets-1, best
 * first. */
static void
bucket_page(const struct cand *c, size_t n, const uint32_t *bucket, size_t nbuckets,
    size_t first, size_t count, struct arena *a, uint32_t *out)
{
	size_t *start = arena_calloc(a, nbuckets + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		start[bucket[i] + 1]++;
	for (size_t b = 1; b <= nbuckets; b++)
		start[b] += start[b - 1];
	for (size_t i = 0; i < n; i++) {
		size_t pos = start[bucket[i]]++;
		if (pos >= first && pos < first + count)
			out[pos - first] = c[i].index;
	}
}

enum err
app_finder_search(struct db *db, struct arena *a, const struct app_auth *me,
    const struct finder_query *q, struct finder_result *out,
    struct app_problems *ps)
{
	*out = (struct finder_result){0};
	struct match_person mentee;
	uint32_t filled = 0;
	enum err rc = search_access(db, a, me, q, &mentee, &filled);
	if (rc != ERR_OK)
		return rc;

	const char *fts = NULL;
	const char *text = q->text ? q->text : "";
	if (text[strspn(text, " \t\r\n")] != '\0') {
		fts = app_finder_fts_query(a, text, q->text_any);
		if (fts == NULL)
			app_problem(ps, "q", "Enter words to search for, such as "
			    "leadership or \"returning to training\"");
	}
	if (q->within_miles > 0 && !mentee.has_location)
		app_problem(ps, "within", "Add your site to your profile to search by "
		    "distance, or leave the distance empty");
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	struct db_search_conflict *c;
	size_t nc;
	if ((rc = db_search_conflicts(db, a, q->mentee_id, q->scheme_id, &c, &nc)) != ERR_OK)
		return rc;
	int64_t *text_ids = NULL;
	size_t ntext = 0;
	if (fts != NULL) {
		if ((rc = db_search_text(db, a, fts, &text_ids, &ntext)) != ERR_OK)
			return rc;
	}
	struct snapshot *s;
	if ((rc = snapshot_get(db, q->scheme_id, &s)) != ERR_OK)
		return rc;
	out->mentee_missing = match_missing(s->mentee_required, filled, "mentee");

	/* the free-text matches, as a mark per row */
	unsigned char *text_ok = NULL;
	if (fts != NULL) {
		text_ok = arena_calloc(a, s->n ? s->n : 1, 1);
		for (size_t i = 0; i < ntext; i++) {
			if (s->text_index) {
				if (text_ids[i] > 0 && text_ids[i] <= s->max_text_id &&
				    s->text_index[text_ids[i]] > 0)
					text_ok[s->text_index[text_ids[i]] - 1] = 1;
				continue;
			}
			struct by_text key = {text_ids[i], 0};
			const struct by_text *t = bsearch(&key, s->by_text, s->n,
			    sizeof(*s->by_text), cmp_text);
			if (t)
				text_ok[t->index] = 1;
		}
	}

	/* the mentee's side of the memo keys */
	uint32_t mentee_org = intern_id(&s->texts, NULL, normalised(a,
	    mentee.organisation ? mentee.organisation : ""));
	uint32_t mentee_spec = intern_id(&s->texts, NULL, normalised(a,
	    mentee.specialty ? mentee.specialty : ""));
	if (mentee_org == 0 && *normalised(a, mentee.organisation ? mentee.organisation : ""))
		mentee_org = UINT32_MAX;   /* known, but no mentor shares it */
	if (mentee_spec == 0 && *normalised(a, mentee.specialty ? mentee.specialty : ""))
		mentee_spec = UINT32_MAX;
	uint32_t want_spec = 0, want_org = 0;
	bool want_spec_none = false, want_org_none = false;
	if (q->specialty && *q->specialty) {
		want_spec = intern_id(&s->texts, NULL, normalised(a, q->specialty));
		want_spec_none = want_spec == 0;
	}
	if (q->organisation && *q->organisation) {
		want_org = intern_id(&s->texts, NULL, normalised(a, q->organisation));
		want_org_none = want_org == 0;
	}
	/* miles from the mentee to each site (HUGE_VAL: unknown) */
	double *miles = arena_alloc(a, (s->nlocs + 1) * sizeof(double));
	miles[0] = HUGE_VAL;
	for (size_t l = 1; l <= s->nlocs; l++)
		miles[l] = mentee.has_location ? match_miles(mentee.latitude,
		    mentee.longitude, s->loc_lat[l], s->loc_lon[l]) : HUGE_VAL;

	struct memo memo = {.locs = s->nlocs + 1};
	if (memo.locs <= MEMO_LOCS_MAX) {
		size_t ne = 9 * memo.locs, nsc = ne * 2 * (MEMO_SHARED_MAX + 1);
		memo.exclusion = arena_alloc(a, ne);
		memset(memo.exclusion, -1, ne);
		memo.score = arena_alloc(a, nsc * sizeof(int16_t));
		memset(memo.score, 0xff, nsc * sizeof(int16_t));   /* -1 */
	}

	struct cand *cand = arena_alloc(a, (s->n ? s->n : 1) * sizeof(*cand));
	size_t ncand = 0;
	bool filter_none = want_spec_none || want_org_none;
	for (size_t i = 0; i < s->n && !filter_none; i++) {
		if (text_ok && !text_ok[i])
			continue;
		const struct fhot *h = &s->hot[i];
		if (!h->is_offerable || h->user_id == mentee.user_id)
			continue;
		if (want_spec && h->spec_id != want_spec)
			continue;
		if (want_org && h->org_id != want_org)
			continue;
		if (q->formats && (q->formats & h->formats) == 0)
			continue;
		if (q->within_miles > 0 && !(miles[h->loc_id] <= (double)q->within_miles))
			continue;
		if (!keywords_pass(h->keywords, h->nkeywords, q))
			continue;
		const struct fmentor *m = &s->m[i];
		struct match_person mp;
		bool conflict = nc > 0 && is_conflict(m, c, nc);
		size_t key = (text_state(h->org_id, mentee_org) * 3 +
		    text_state(h->spec_id, mentee_spec)) * memo.locs + h->loc_id;
		enum match_exclusion x;
		if (conflict || memo.exclusion == NULL || memo.exclusion[key] < 0) {
			mentor_person(m, &mp);
			x = match_check(&mentee, &mp, &s->rules, conflict);
			if (!conflict && memo.exclusion)
				memo.exclusion[key] = (int8_t)x;
		} else {
			x = (enum match_exclusion)memo.exclusion[key];
		}
		if (x != MX_NONE)
			continue;
		size_t shared = shared_count(mentee.keywords, mentee.nkeywords,
		    h->keywords, h->nkeywords);
		bool fmt = (mentee.formats & h->formats & FORMAT__ALL) != 0;
		int score;
		size_t skey = (key * 2 + fmt) * (MEMO_SHARED_MAX + 1) + shared;
		if (memo.score == NULL || shared > MEMO_SHARED_MAX || memo.score[skey] < 0) {
			struct match_score sc;
			mentor_person(m, &mp);
			match_score(&mentee, &mp, &s->rules, &sc);
			score = sc.score;
			if (memo.score && shared <= MEMO_SHARED_MAX)
				memo.score[skey] = (int16_t)score;
		} else {
			score = memo.score[skey];
		}
		cand[ncand++] = (struct cand){(uint32_t)i, (uint16_t)score, h->loc_id};
	}

	size_t per = q->per_page < 1 ? 1 : q->per_page > 50 ? 50 : q->per_page;
	out->total = ncand;
	out->pages = ncand ? (ncand + per - 1) / per : 1;
	out->page = q->page < 1 ? 1 : q->page;
	size_t first = (out->page - 1) * per;
	out->nhits = first < ncand ? (ncand - first < per ? ncand - first : per) : 0;
	uint32_t *rows = arena_alloc(a, (out->nhits ? out->nhits : 1) * sizeof(uint32_t));
	if (q->sort == FINDER_SORT_NAME) {
		for (size_t h = 0; h < out->nhits; h++)
			rows[h] = cand[first + h].index;
	} else if (out->nhits > 0) {
		uint32_t *bucket = arena_alloc(a, ncand * sizeof(uint32_t));
		size_t nbuckets;
		if (q->sort == FINDER_SORT_DISTANCE) {
			/* sites ranked by miles (unknown last) */
			uint32_t *order = arena_alloc(a, (s->nlocs + 1) * sizeof(uint32_t));
			uint32_t *rank = arena_alloc(a, (s->nlocs + 1) * sizeof(uint32_t));
			for (size_t l = 0; l <= s->nlocs; l++)
				order[l] = (uint32_t)l;
			for (size_t x = 1; x <= s->nlocs; x++)   /* insertion: few sites */
				for (size_t y = x; y > 0 && miles[order[y]] < miles[order[y - 1]];
				    y--) {
					uint32_t t = order[y];
					order[y] = order[y - 1];
					order[y - 1] = t;
				}
			for (size_t l = 0; l <= s->nlocs; l++)
				rank[order[l]] = (uint32_t)l;
			for (size_t i = 0; i < ncand; i++)
				bucket[i] = rank[cand[i].loc];
			nbuckets = s->nlocs + 1;
		} else {
			for (size_t i = 0; i < ncand; i++)
				bucket[i] = 100u - cand[i].score;
			nbuckets = 101;
		}
		bucket_page(cand, ncand, bucket, nbuckets, first, out->nhits, a, rows);
	}

	out->hits = arena_calloc(a, out->nhits ? out->nhits : 1, sizeof(*out->hits));
	for (size_t h = 0; h < out->nhits; h++) {
		const struct fmentor *m = &s->m[rows[h]];
		struct finder_hit *hit = &out->hits[h];
		hit->user_id = m->user_id;
		hit->name = arena_strdup(a, m->name);
		hit->job_role = arena_strdup(a, m->job_role);
		hit->organisation = arena_strdup(a, m->organisation);
		hit->specialty = arena_strdup(a, m->specialty);
		hit->site = arena_strdup(a, m->site);
		hit->biography_excerpt = arena_strdup(a, m->excerpt);
		hit->has_photo = (m->filled & (1u << MF_PHOTO)) != 0;
		hit->formats = m->formats;
		hit->free_places = m->capacity - m->active;
		hit->nkeywords = m->nkeywords;
		hit->keywords = arena_calloc(a, m->nkeywords + 1, sizeof(char *));
		for (size_t k = 0; k < m->nkeywords; k++)
			hit->keywords[k] = arena_strdup(a, keyword_label(m->keywords[k], s));
		struct match_person mp;
		mentor_person(m, &mp);
		match_score(&mentee, &mp, &s->rules, &hit->score);
		hit->reasons = match_reasons(a, &hit->score, keyword_label, s,
		    &hit->nreasons);
		for (size_t r = 0; r < hit->nreasons; r++)
			hit->reasons[r] = arena_strdup(a, hit->reasons[r]);
	}
	snapshot_release(s);
	return ERR_OK;
}

/* ---- around a search ---- */

enum err
app_finder_lists(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_option **out, size_t *n)
{
	return db_options_list(db, a, scheme_id, NULL, false, out, n);
}

enum err
app_finder_people(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *role, struct db_person **out, size_t *n)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	struct db_scheme scheme;
	enum err rc = db_scheme_get(db, a, scheme_id, &scheme);   /* a site admin */
	if (rc != ERR_OK)
		return rc;
	return db_scheme_people(db, a, scheme_id, role, out, n);
}

enum err
app_finder_explain(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t mentee_id, int64_t mentor_id,
    struct finder_assessment *out)
{
	*out = (struct finder_assessment){.why = ""};
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	return app_finder_assess(db, a, scheme_id, mentee_id, mentor_id, out);
}

const char **
app_finder_missing_labels(struct arena *a, uint32_t missing, size_t *n)
{
	const char **labels = arena_calloc(a, MF__MAX + 1, sizeof(char *));
	size_t k = 0;
	for (int i = 0; i < MF__MAX; i++)
		if (missing & (1u << i))
			labels[k++] = match_fields[i].label;
	*n = k;
	return labels;
}
