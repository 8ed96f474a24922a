/*
 * reports.c - the reports dashboard's aggregate queries (reports.h).
 * One wrapper for the aggregate statements: they share a row shape and
 * bind their parameters by name, so a statement that has no :today
 * simply does not get one.
 *
 * Two passes are added up here in C instead of in SQL, because SQLite
 * can only group by sorting and those sorts, and a join of every
 * relationship-month, were most of the dashboard's time at 100,000
 * people (docs/performance.md, "Reports at scale"):
 *   db_report_participants  one row per participant role: people by
 *                           role and status, and three small hash
 *                           tables of equality answers keyed by the
 *                           lower-cased value;
 *   db_report_activity      every relationship with its sessions of the
 *                           period, a relationship's rows together: the
 *                           relationship figures, the months each was
 *                           live and its minutes in each.
 * They give exactly what the aggregate queries before them gave (same
 * keys, same order, same rules: docs/reports.md).
 * Trap: equality answers are never logged, nor kept past the counts.
 */
#include "db/reports.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static const enum stmt stmt_of[DB_REPORT__MAX] = {
	[DB_REPORT_REQUESTS] = STMT_REPORT_REQUESTS,
	[DB_REPORT_RESPOND] = STMT_REPORT_RESPOND,
	[DB_REPORT_MATCH] = STMT_REPORT_MATCH,
	[DB_REPORT_EVALUATIONS] = STMT_REPORT_EVALUATIONS,
	[DB_REPORT_TRAINING] = STMT_REPORT_TRAINING,
};

static void
bind_named_i64(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);
	if (i > 0)
		db_bind_i64(s, i, v);
}

static void
bind_args(sqlite3_stmt *s, const struct db_report_args *args)
{
	bind_named_i64(s, ":lo", args->scheme_lo);
	bind_named_i64(s, ":hi", args->scheme_hi);
	bind_named_i64(s, ":from", args->from);
	bind_named_i64(s, ":to", args->to);
	bind_named_i64(s, ":cohort", args->cohort_id);
	bind_named_i64(s, ":now", args->now);
	bind_named_i64(s, ":off", args->offset);
	int i = sqlite3_bind_parameter_index(s, ":today");
	if (i > 0)
		db_bind_text(s, i, args->today);
}

static void
fill_row(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_report_row *r = row;
	r->k1 = db_col_text(a, s, 0);
	r->k2 = db_col_text(a, s, 1);
	for (int i = 0; i < 6; i++)
		r->v[i] = db_col_i64(s, 2 + i);
}

enum err
db_report_rows(struct db *db, struct arena *a, enum db_report_query q,
    const struct db_report_args *args, struct db_report_row **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, stmt_of[q]);
	bind_args(s, args);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_report_row), fill_row, NULL, &rows,
	    n, "report");
	*out = rows;
	return rc;
}

/* ---- the participants: people and equality ---- */

enum { EQ_FIELDS = 3, ROLE_MENTEE = 0, ROLE_MENTOR = 1 };

static const char *const role_names[2] = {"mentee", "mentor"};

/* One value of a field: its lower-cased key, and per role (mentee
 * first: the order the rows came in) how many and the smallest
 * spelling (SQLite's min(): by bytes). */
struct eq_value {
	const char *key;
	const char *label[2];
	int64_t n[2];
};

/* Open addressing on the key, grown at half full */
struct eq_map {
	struct eq_value *v;
	size_t n, cap;                 /* cap: 0 or a power of two */
};

/* SQLite's lower(): ASCII letters only */
static unsigned char
lower_byte(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static uint64_t
hash_lower(const char *s)
{
	uint64_t h = 1469598103934665603u;    /* FNV-1a */
	for (; *s; s++)
		h = (h ^ lower_byte((unsigned char)*s)) * 1099511628211u;
	return h;
}

static bool
is_same_lower(const char *key, const char *s)
{
	for (; *key && *s; key++, s++)
		if ((unsigned char)*key != lower_byte((unsigned char)*s))
			return false;
	return *key == *s;
}

static struct eq_value *
eq_slot(struct eq_value *v, size_t cap, const char *s)
{
	size_t i = hash_lower(s) & (cap - 1);
	while (v[i].key != NULL && !is_same_lower(v[i].key, s))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static void
eq_add(struct arena *a, struct eq_map *m, const char *s, int role)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct eq_value *v = arena_calloc(a, cap, sizeof(*v));
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key != NULL)
				*eq_slot(v, cap, m->v[i].key) = m->v[i];
		m->v = v;
		m->cap = cap;
	}
	struct eq_value *e = eq_slot(m->v, m->cap, s);
	if (e->key == NULL) {
		char *key = arena_strdup(a, s);
		for (char *p = key; *p; p++)
			*p = (char)lower_byte((unsigned char)*p);
		e->key = key;
		m->n++;
	}
	if (e->label[role] == NULL || strcmp(s, e->label[role]) < 0)
		e->label[role] = arena_strdup(a, s);
	e->n[role]++;
}

static int
cmp_key(const void *x, const void *y)
{
	return strcmp(((const struct eq_value *)x)->key, ((const struct eq_value *)y)->key);
}

/* SQL's functions on equality answers, as SQLite does them, so that the
 * figures are those of the query they replaced (trim(), length(),
 * substr(), CAST(... AS INTEGER) and < on text).  Characters are UTF-8
 * sequences the way SQLite steps over them (SQLITE_SKIP_UTF8). */
static const char *
skip_char(const char *s)
{
	if ((unsigned char)*s++ >= 0xc0)
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
	return s;
}

/* the first n characters' bytes */
static const char *
skip_chars(const char *s, size_t n)
{
	while (n-- > 0 && *s)
		s = skip_char(s);
	return s;
}

static size_t
char_len(const char *s)
{
	size_t n = 0;
	for (; *s; n++)
		s = skip_char(s);
	return n;
}

/* trim(s): spaces off both ends (only spaces) */
static const char *
trim_spaces(struct arena *a, const char *s)
{
	while (*s == ' ')
		s++;
	size_t len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (s[len] == '\0')
		return s;
	char *out = arena_alloc(a, len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* CAST(text AS INTEGER) of the bytes [s, end): leading white space, a
 * sign, the digits that follow; 0 when none */
static int64_t
cast_integer(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		s++;
	bool is_negative = s < end && *s == '-';
	if (s < end && (*s == '-' || *s == '+'))
		s++;
	int64_t v = 0;
	for (; s < end && *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return is_negative ? -v : v;
}

/* Age in whole years at today (YYYY-MM-DD) from a date of birth: -1 when
 * it is not 10 characters long (the SQL this replaced:
 * CAST(substr(today, 1, 4)) - CAST(substr(dob, 1, 4)) -
 * (substr(today, 6, 5) < substr(dob, 6, 5))) */
static int64_t
age_at(const char *today, const char *dob)
{
	if (dob == NULL || char_len(dob) != 10)
		return -1;
	const char *md = skip_chars(dob, 5), *md_end = skip_chars(md, 5);
	size_t len = (size_t)(md_end - md), n = len < 5 ? len : 5;
	int c = memcmp(today + 5, md, n);
	bool is_before = c < 0 || (c == 0 && 5 < len);
	return cast_integer(today, today + 4) - cast_integer(dob, skip_chars(dob, 4)) -
	    is_before;
}

/* The age bands of docs/reports.md by their codes; '' none (or born
 * after today) */
static const char *
age_band(int64_t age)
{
	return age < 0 ? "" : age < 25 ? "a" : age < 35 ? "b" : age < 45 ? "c" : age < 55 ? "d" :
	    age < 65 ? "e" : "f";
}

/* The rows of one field: by key (ORDER BY lower(value)), then role */
static size_t
eq_rows(struct eq_map *m, int64_t field, struct db_report_row *rows)
{
	struct eq_value *v = m->v;
	size_t nv = 0, k = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (v[i].key != NULL)
			v[nv++] = v[i];
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_key);
	for (size_t i = 0; i < nv; i++)
		for (int r = 0; r < 2; r++)
			if (v[i].n[r] > 0)
				rows[k++] = (struct db_report_row){.k1 = v[i].label[r],
					.k2 = role_names[r], .v = {v[i].n[r], field}};
	return k;
}

/* A set of user ids (open addressing, grown at half full): how many
 * distinct people, in one pass. */
struct id_set {
	int64_t *v;                    /* 0: empty (ids start at 1) */
	size_t n, cap;                 /* cap: 0 or a power of two */
};

static void
id_add(struct arena *a, struct id_set *s, int64_t id)
{
	if (id <= 0)
		return;
	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		int64_t *v = arena_calloc(a, cap, sizeof(*v));
		for (size_t i = 0; i < s->cap; i++) {
			if (s->v[i] == 0)
				continue;
			size_t k = (size_t)((uint64_t)s->v[i] * 11400714819323198485u) & (cap - 1);
			while (v[k] != 0)
				k = (k + 1) & (cap - 1);
			v[k] = s->v[i];
		}
		s->v = v;
		s->cap = cap;
	}
	size_t k = (size_t)((uint64_t)id * 11400714819323198485u) & (s->cap - 1);
	while (s->v[k] != 0 && s->v[k] != id)
		k = (k + 1) & (s->cap - 1);
	if (s->v[k] == 0) {
		s->v[k] = id;
		s->n++;
	}
}

/* People by role and status: a handful of statuses, kept in a list */
struct people_count {
	int role;
	const char *status;
	int64_t n, joined;
};

static int
cmp_people(const void *x, const void *y)
{
	const struct people_count *p = x, *q = y;
	if (p->role != q->role)
		return p->role - q->role;
	return strcmp(p->status, q->status);
}

enum err
db_report_participants(struct db *db, struct arena *a, const struct db_report_args *args,
    struct db_report_participants *out)
{
	struct eq_map maps[EQ_FIELDS] = {{0}};
	struct id_set active = {0};
	size_t npeople = 0, cap = 0;
	struct people_count *people = NULL;
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_PARTICIPANTS);
	bind_args(s, args);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(s, 0);
		const char *status = (const char *)sqlite3_column_text(s, 1);
		int r = role != NULL && strcmp(role, "mentor") == 0 ? ROLE_MENTOR : ROLE_MENTEE;
		if (status == NULL)
			status = "";
		size_t k = 0;
		while (k < npeople && !(people[k].role == r && strcmp(people[k].status, status) == 0))
			k++;
		if (k == npeople) {
			people = db_grow(a, people, npeople, &cap, sizeof(*people));
			people[npeople++] = (struct people_count){.role = r,
				.status = arena_strdup(a, status)};
		}
		int64_t joined_at = sqlite3_column_int64(s, 2);
		people[k].n++;
		people[k].joined += joined_at >= args->from && joined_at < args->to;
		if (strcmp(status, "active") != 0)
			continue;
		id_add(a, &active, sqlite3_column_int64(s, 6));
		const char *g = (const char *)sqlite3_column_text(s, 3);
		const char *c = (const char *)sqlite3_column_text(s, 4);
		const char *dob = (const char *)sqlite3_column_text(s, 5);
		eq_add(a, &maps[0], g ? trim_spaces(a, g) : "", r);
		eq_add(a, &maps[1], age_band(age_at(args->today, dob)), r);
		eq_add(a, &maps[2], c ? trim_spaces(a, c) : "", r);
	}
	sqlite3_reset(s);
	enum err rc = db_err(db, src, "report participants");
	if (rc != ERR_OK)
		return rc;

	if (npeople > 1)
		qsort(people, npeople, sizeof(*people), cmp_people);
	out->people = arena_calloc(a, npeople + 1, sizeof(*out->people));
	for (size_t i = 0; i < npeople; i++)
		out->people[i] = (struct db_report_row){.k1 = role_names[people[i].role],
			.k2 = people[i].status, .v = {people[i].n, people[i].joined}};
	out->npeople = npeople;
	out->nactive_people = (int64_t)active.n;
	size_t total = 0;
	for (int f = 0; f < EQ_FIELDS; f++)
		total += 2 * maps[f].n;
	out->equality = arena_calloc(a, total + 1, sizeof(*out->equality));
	for (int f = 0; f < EQ_FIELDS; f++)
		out->nequality += eq_rows(&maps[f], f, out->equality + out->nequality);
	return ERR_OK;
}

/* ---- a scheme's own equality questions ---- */

static void
fill_eq_field(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_report_eq_field *f = row;
	f->id = db_col_i64(s, 0);
	f->label = db_col_text(a, s, 1);
	f->kind = db_col_text(a, s, 2);
	f->choices = db_col_text(a, s, 3);
}

/* One answer, or each line of a "multi" answer; none: '' */
static void
eq_add_answer(struct arena *a, struct eq_map *m, const char *kind, const char *value, int role)
{
	if (value == NULL || strcmp(kind, "multi") != 0) {
		eq_add(a, m, value ? trim_spaces(a, value) : "", role);
		return;
	}
	bool is_any = false;
	for (const char *p = value; *p;) {
		size_t len = strcspn(p, "\r\n");
		const char *one = trim_spaces(a, arena_strndup(a, p, len));
		if (*one != '\0') {
			eq_add(a, m, one, role);
			is_any = true;
		}
		p += len;
		p += strspn(p, "\r\n");
	}
	if (!is_any)
		eq_add(a, m, "", role);
}

enum err
db_report_scheme_equality(struct db *db, struct arena *a, const struct db_report_args *args,
    struct db_report_eq_field **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_EQ_FIELDS);
	bind_args(s, args);
	void *rows;
	size_t nf;
	enum err rc = db_rows(db, a, s, sizeof(struct db_report_eq_field), fill_eq_field, NULL,
	    &rows, &nf, "report equality fields");
	if (rc != ERR_OK || nf == 0)
		return rc;
	struct db_report_eq_field *f = rows;
	struct eq_map *maps = arena_calloc(a, nf, sizeof(*maps));
	struct id_set *asked = arena_calloc(a, nf, sizeof(*asked));

	s = db_stmt(db, STMT_REPORT_EQ_ANSWERS);
	bind_args(s, args);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		size_t k = 0;
		while (k < nf && f[k].id != id)
			k++;
		if (k == nf)
			continue;
		const char *role = (const char *)sqlite3_column_text(s, 1);
		int r = role != NULL && strcmp(role, "mentor") == 0 ? ROLE_MENTOR : ROLE_MENTEE;
		eq_add_answer(a, &maps[k], f[k].kind, (const char *)sqlite3_column_text(s, 2), r);
		id_add(a, &asked[k], sqlite3_column_int64(s, 3));
	}
	sqlite3_reset(s);
	if ((rc = db_err(db, src, "report equality answers")) != ERR_OK)
		return rc;
	for (size_t k = 0; k < nf; k++) {
		f[k].rows = arena_calloc(a, 2 * maps[k].n + 1, sizeof(*f[k].rows));
		f[k].nrows = eq_rows(&maps[k], 0, f[k].rows);
		f[k].nasked = (int64_t)asked[k].n;
	}
	*out = f;
	*n = nf;
	return ERR_OK;
}

/* ---- relationships and sessions by month ---- */

struct month {
	const char *k;                 /* 'YYYY-MM' */
	int64_t s, e;                  /* [s, e); e is the next month's s */
};

static void
fill_month(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct month *m = row;
	m->k = db_col_text(a, s, 0);
	m->s = db_col_i64(s, 1);
	m->e = db_col_i64(s, 2);
}

/* How many months start (is_end false) or end (true) at or before t:
 * the months are in order, so a binary search. */
static size_t
months_le(const struct month *mo, size_t n, bool is_end, int64_t t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((is_end ? mo[mid].e : mo[mid].s) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The relationship being read: its live months first..last (none when
 * first > last), its scheme's minimum and its minutes per month. */
struct rel_state {
	int64_t first, last, min_minutes;
	int64_t *minutes;
	bool has_sessions;
};

/* Done with a relationship: count its live months, and those whose
 * minutes reached the minimum (a month without sessions has 0). */
static void
rel_close(struct db_report_activity *t, struct rel_state *r)
{
	for (int64_t i = r->first; i <= r->last; i++) {
		t->months[i].live++;
		t->months[i].meeting += r->minutes[i] >= r->min_minutes;
		r->minutes[i] = 0;
	}
	r->first = 0;
	r->last = -1;
}

enum err
db_report_activity(struct db *db, struct arena *a, const struct db_report_args *args,
    struct db_report_activity *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_MONTH_LIST);
	bind_args(s, args);
	void *rows;
	size_t n;
	enum err rc = db_rows(db, a, s, sizeof(struct month), fill_month, NULL, &rows, &n,
	    "report months");
	if (rc != ERR_OK)
		return rc;
	const struct month *mo = rows;
	out->months = arena_calloc(a, n + 1, sizeof(*out->months));
	out->nmonths = n;
	for (size_t i = 0; i < n; i++)
		out->months[i].key = mo[i].k;
	struct rel_state r = {.last = -1, .minutes = arena_calloc(a, n + 1, sizeof(int64_t))};

	s = db_stmt(db, STMT_REPORT_ACTIVITY);
	bind_args(s, args);
	int64_t rel = -1;
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (id != rel) {
			rel_close(out, &r);
			rel = id;
			const char *status = (const char *)sqlite3_column_text(s, 1);
			int64_t started = sqlite3_column_int64(s, 2);
			bool is_ended = sqlite3_column_type(s, 3) != SQLITE_NULL;
			int64_t ended = sqlite3_column_int64(s, 3);
			bool is_ended_in = is_ended && ended >= args->from && ended < args->to;
			out->live += started < args->to && (!is_ended || ended >= args->from);
			out->started += started >= args->from && started < args->to;
			out->completed += is_ended_in && status && strcmp(status, "completed") == 0;
			out->ended_early += is_ended_in && status &&
			    strcmp(status, "ended_early") == 0;
			out->active += status && strcmp(status, "active") == 0;
			/* live in month i: started before it ended, not ended before
			 * it began; without a settings row in no month (the join
			 * this replaced was an inner one) */
			r.has_sessions = false;
			if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
				r.first = (int64_t)months_le(mo, n, true, started);
				r.last = is_ended ? (int64_t)months_le(mo, n, false, ended) - 1 :
				    (int64_t)n - 1;
				r.min_minutes = sqlite3_column_int64(s, 4);
			}
		}
		if (sqlite3_column_type(s, 5) == SQLITE_NULL)
			continue;
		int64_t minutes = sqlite3_column_int64(s, 6);
		out->rels_with_sessions += !r.has_sessions;
		r.has_sessions = true;
		out->sessions++;
		out->minutes += minutes;
		int64_t i = (int64_t)months_le(mo, n, false, sqlite3_column_int64(s, 5)) - 1;
		if (i >= r.first && i <= r.last) {
			out->months[i].sessions++;
			out->months[i].minutes += minutes;
			r.minutes[i] += minutes;
		}
	}
	rel_close(out, &r);
	sqlite3_reset(s);
	return db_err(db, src, "report activity");
}

enum err
db_report_scheme_start(struct db *db, int64_t scheme_id, int64_t *at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_SCHEME_START);
	db_bind_i64(s, 1, scheme_id);
	enum err rc = db_step_one(db, s, "report scheme start");
	if (rc == ERR_OK)
		*at = db_col_i64(s, 0);
	sqlite3_reset(s);
	return rc;
}

/* ---- the synthetic scheme at scale ---- */

enum err
db_report_seed_relationship(struct db *db, const struct db_report_seed_rel *r, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_SEED_REL);
	bind_named_i64(s, ":scheme", r->scheme_id);
	bind_named_i64(s, ":mentor", r->mentor_id);
	bind_named_i64(s, ":mentee", r->mentee_id);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":status"), r->status);
	bind_named_i64(s, ":started", r->started_at);
	bind_named_i64(s, ":ended", r->ended_at);
	enum err rc = db_exec_stmt(db, s, "report seed relationship");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_report_seed_session(struct db *db, int64_t rel_id, int64_t starts_at, int64_t minutes,
    const char *status, int64_t added_by, const char *answer)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_SEED_SESSION);
	bind_named_i64(s, ":rel", rel_id);
	bind_named_i64(s, ":starts", starts_at);
	bind_named_i64(s, ":minutes", minutes);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":status"), status);
	bind_named_i64(s, ":by", added_by);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":answer"), answer);
	return db_exec_stmt(db, s, "report seed session");
}

enum err
db_report_seed_request(struct db *db, int64_t scheme_id, int64_t mentee_id, int64_t mentor_id,
    const char *status, int64_t rel_id, int64_t submitted_at, int64_t decided_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_SEED_REQUEST);
	bind_named_i64(s, ":scheme", scheme_id);
	bind_named_i64(s, ":mentee", mentee_id);
	bind_named_i64(s, ":mentor", mentor_id);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":status"), status);
	bind_named_i64(s, ":rel", rel_id);
	bind_named_i64(s, ":submitted", submitted_at);
	bind_named_i64(s, ":decided", decided_at);
	return db_exec_stmt(db, s, "report seed request");
}
