/*
 * schemes.c - schemes, administrators, the settings page and the site
 * overview (ADM-2, ADM-9); rules in schemes.h.
 *
 * Design: the settings page saves every setting at once, but the audit
 * row names only what changed, before and after ("session_cap: 6 → 8").
 * The name and description are not private, so the audit row has them
 * too, quoted, the description shortened to 200 characters each side
 * ("…").  The privacy notice's text is not copied into the audit log (up
 * to 20,000 characters): the row says its new version, and the text of
 * every version is kept in scheme_notices (migration 0024), written here
 * with who saved it in the same transaction, so "accepted version 2" can
 * always be read against what version 2 said.  A changed notice text
 * raises privacy_notice_version, and the consent gate
 * (db_consent_needed, app/session.c) then asks everyone in the scheme to
 * accept it again: no new consent code here.
 *
 * Trap: settings other pages own (content size/types, proposal
 * threshold, document types) are read and written back untouched: the
 * save is a get-change-put in one transaction.
 */
#include "app/schemes.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/tz.h"

static const char *
subject(struct arena *a, int64_t scheme_id)
{
	return arena_printf(a, "scheme:%lld", (long long)scheme_id);
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* ---- the list and the site overview (ADM-9) ---- */

static void
year_bounds(int64_t now, int *year, int64_t *from, int64_t *to)
{
	time_t t = (time_t)now;
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL) {
		*year = 1970;
		*from = 0;
		*to = 0;
		return;
	}
	*year = tm.tm_year + 1900;
	struct tm b = {.tm_year = tm.tm_year, .tm_mday = 1};
	*from = (int64_t)timegm(&b);
	b.tm_year++;
	*to = (int64_t)timegm(&b);
}

enum err
app_schemes_overview(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_schemes_overview *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL || !app_is_any_admin(me))
		return ERR_FORBIDDEN;
	int64_t from, to;
	year_bounds(clock_now(), &out->year, &from, &to);
	enum err rc = db_schemes_overview(db, a, me->is_site_admin ? 0 : me->user_id, from, to,
	    &out->rows, &out->n);
	if (rc != ERR_OK)
		return rc;
	struct db_scheme_overview *t = &out->totals;
	t->s.name = "All schemes";
	t->s.slug = "";
	t->s.description = "";
	for (size_t i = 0; i < out->n; i++) {
		const struct db_scheme_overview *r = &out->rows[i];
		t->mentors += r->mentors;
		t->mentees += r->mentees;
		t->admins += r->admins;
		t->pending += r->pending;
		t->requests_open += r->requests_open;
		t->live += r->live;
		t->completed += r->completed;
		t->ended_early += r->ended_early;
		t->sessions += r->sessions;
		t->minutes += r->minutes;
	}
	out->may_create = me->is_site_admin;
	return ERR_OK;
}

/* ---- creating a scheme ---- */

static bool
slug_ok(const char *slug)
{
	size_t n = strlen(slug);
	if (n < 1 || n > 64 || slug[0] == '-' || slug[n - 1] == '-')
		return false;
	for (const char *p = slug; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static void
check_name(struct app_problems *ps, const char *name)
{
	size_t n = str_utf8_len(name);
	if (n == 0)
		app_problem(ps, "name", "Enter the scheme's name");
	else if (n > 200)
		app_problem(ps, "name", "Scheme name must be 200 characters or fewer");
}

static void
check_description(struct app_problems *ps, const char *d)
{
	if (str_utf8_len(d) > 2000)
		app_problem(ps, "description", "Description must be 2,000 characters or fewer");
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* An active person by username, or a problem on `field`. */
static enum err
active_person(struct db *db, struct arena *a, const char *username, const char *field,
    struct app_problems *ps, struct db_user *u)
{
	if (username[0] == '\0') {
		app_problem(ps, field, "Enter the username of the scheme's administrator");
		return ERR_BAD_INPUT;
	}
	enum err rc = db_user_by_username(db, a, username, u);
	if (rc == ERR_NOT_FOUND || (rc == ERR_OK && strcmp(u->status, "active") != 0)) {
		app_problem(ps, field, "There is no active person with that username. "
		    "They must register (or be added) before they can be named");
		return ERR_BAD_INPUT;
	}
	return rc;
}

/* The person a site administrator has just named an administrator of a
 * scheme hears it, with what they can now do and where the guide is. */
static enum err
notify_named_tx(struct db *db, struct arena *a, const struct app_auth *me,
    const struct db_user *u, int64_t scheme_id, const char *scheme_name)
{
	const char *by = me->display_name != NULL && me->display_name[0] != '\0' ?
	    me->display_name : "A site administrator";
	return app_notice_tx(db, &(struct app_notice){.user_id = u->id,
	    .to = u->email,
	    .kind = "scheme.admin_named",
	    .scheme_id = scheme_id,
	    .subject = arena_printf(a, "You are now an administrator of %s", scheme_name),
	    .text = arena_printf(a, "Hello %s,\n\n"
	    "%s, a site administrator, has made you an administrator of %s in Tandem.\n\n"
	    "What you can do now\n\n"
	    "From the scheme's administration pages you can approve people who register, "
	    "match mentees with mentors, send messages to the scheme's members, see its "
	    "reports and change its settings. You see and change nothing in other "
	    "schemes. Sign in and choose Administration in the menu.\n\n"
	    "The administrator's guide (admin-guide.md in Tandem's documentation; your "
	    "site administrator can give you a copy) explains each page step by step.\n\n"
	    "If you did not expect this, contact your site administrator.\n",
	    u->given_name, by, scheme_name),
	    .path = arena_printf(a, "/admin/schemes/%lld/settings", (long long)scheme_id)});
}

enum err
app_scheme_create(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_scheme_new *in, const char *ip, struct app_problems *ps, int64_t *id)
{
	if (me == NULL || !me->is_site_admin)
		return ERR_FORBIDDEN;
	const char *slug = nz(in->slug), *name = nz(in->name);
	const char *desc = nz(in->description), *user = nz(in->admin_username);
	size_t before = ps->n;
	struct db_scheme other;
	if (slug[0] == '\0')
		app_problem(ps, "slug", "Enter a short name for the scheme's web addresses");
	else if (!slug_ok(slug))
		app_problem(ps, "slug", "Short name must be 1 to 64 lower-case letters, numbers "
		    "or hyphens, not starting or ending with a hyphen, like northfield-aspire");
	else {
		enum err rc = db_scheme_by_slug(db, a, slug, &other);
		if (rc == ERR_OK)
			app_problem(ps, "slug", "Another scheme already has that short name");
		else if (rc != ERR_NOT_FOUND)
			return rc;
	}
	check_name(ps, name);
	check_description(ps, desc);
	struct db_user admin = {0};
	enum err rc = active_person(db, a, user, "admin_username", ps, &admin);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	if (ps->n > before)
		return ERR_BAD_INPUT;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = app_scheme_create_tx(db, slug, name, desc, id);
	if (rc == ERR_CONFLICT) {
		db_rollback(db);
		app_problem(ps, "slug", "Another scheme already has that short name");
		return ERR_BAD_INPUT;
	}
	if (rc == ERR_OK)
		rc = db_role_add(db, admin.id, *id, "scheme_admin", clock_now());
	/* the first notice version is kept by a trigger (0024); it is ours */
	if (rc == ERR_OK)
		rc = db_scheme_notice_author(db, *id, 1, me->user_id);
	if (rc == ERR_OK)
		rc = notify_named_tx(db, a, me, &admin, *id, name);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, *id, "scheme.create", subject(a, *id),
		    arena_printf(a, "slug %s; administrator user:%lld", slug,
		    (long long)admin.id), nz(ip));
	return finish(db, rc);
}

/* ---- the settings page (ADM-2) ---- */

enum err
app_scheme_settings(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_scheme_settings_page *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL || !app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, &out->scheme);
	if (rc == ERR_OK)
		rc = db_scheme_settings_get(db, a, scheme_id, &out->st);
	if (rc == ERR_OK)
		rc = app_match_settings_get(db, scheme_id, &out->match);
	if (rc == ERR_OK)
		rc = db_scheme_managed(db, scheme_id, &out->managed);
	if (rc == ERR_OK)
		rc = db_scheme_admins(db, a, scheme_id, &out->admins, &out->nadmins);
	if (rc == ERR_OK)
		rc = db_holiday_list(db, a, scheme_id, &out->holidays, &out->nholidays);
	if (rc == ERR_OK)
		rc = db_scheme_notices(db, a, scheme_id, &out->notices, &out->nnotices);
	out->may_name_admins = me->is_site_admin;
	return rc;
}

enum err
app_scheme_notice_version(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t version, struct app_scheme_notice_page *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL || !app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	struct db_scheme_settings st;
	enum err rc = db_scheme_get(db, a, scheme_id, &out->scheme);
	if (rc == ERR_OK)
		rc = db_scheme_settings_get(db, a, scheme_id, &st);
	if (rc == ERR_OK)
		rc = db_scheme_notice_get(db, a, scheme_id, version, &out->notice);
	if (rc == ERR_OK)
		out->current_version = st.privacy_notice_version;
	return rc;
}

static void
range(struct app_problems *ps, const char *field, int64_t v, int64_t lo, int64_t hi,
    const char *message)
{
	if (v < lo || v > hi)
		app_problem(ps, field, message);
}

/* "field: before → after; " for each changed field. */
struct diff {
	struct arena *a;
	const char *text;
	int n;
};

static void
diff_add(struct diff *d, const char *field, const char *before, const char *after)
{
	if (strcmp(before, after) == 0)
		return;
	d->text = arena_printf(d->a, "%s%s%s: %s \xe2\x86\x92 %s", d->text,
	    d->n > 0 ? "; " : "", field, before, after);
	d->n++;
}

static void
diff_num(struct diff *d, const char *field, int64_t before, int64_t after)
{
	if (before != after)
		diff_add(d, field, arena_printf(d->a, "%lld", (long long)before),
		    arena_printf(d->a, "%lld", (long long)after));
}

static void
diff_bool(struct diff *d, const char *field, bool before, bool after)
{
	diff_add(d, field, before ? "yes" : "no", after ? "yes" : "no");
}

/* At most `max` characters of `s` on one line, "…" when cut. */
static const char *
shorten(struct arena *a, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	while (s[i] != '\0' && chars < max) {
		i++;
		while ((s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	char *out = arena_printf(a, "%.*s%s", (int)i, s, s[i] != '\0' ? "\xe2\x80\xa6" : "");
	for (char *p = out; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return out;
}

/* Text settings that are not private (name, description): before and
 * after, quoted, each at most `max` characters. */
static void
diff_text(struct diff *d, const char *field, const char *before, const char *after,
    size_t max)
{
	if (strcmp(before, after) != 0)
		diff_add(d, field, arena_printf(d->a, "\"%s\"", shorten(d->a, before, max)),
		    arena_printf(d->a, "\"%s\"", shorten(d->a, after, max)));
}

enum err
app_scheme_settings_check(const struct app_scheme_settings_in *in, struct app_problems *ps)
{
	size_t before = ps->n;
	const char *name = nz(in->name), *desc = nz(in->description);
	const char *notice = nz(in->privacy_notice), *zone = nz(in->time_zone);
	check_name(ps, name);
	check_description(ps, desc);
	size_t nl = str_utf8_len(notice);
	if (nl == 0)
		app_problem(ps, "privacy_notice", "Enter the privacy notice people accept "
		    "when they join");
	else if (nl > 20000)
		app_problem(ps, "privacy_notice", "Privacy notice must be 20,000 characters "
		    "or fewer");
	if (!in->allow_mentee_requests && !in->allow_system_proposals &&
	    !in->allow_admin_assignment && !in->allow_cohort_matching)
		app_problem(ps, "allow_mentee_requests", "Choose at least one way of "
		    "matching mentees with mentors");
	range(ps, "default_capacity", in->default_capacity, APP_SETTING_CAPACITY_MIN,
	    APP_SETTING_CAPACITY_MAX, "Mentees per mentor must be from 1 to 50");
	range(ps, "session_cap", in->session_cap, APP_SETTING_SESSION_CAP_MIN,
	    APP_SETTING_SESSION_CAP_MAX,
	    "Session limit must be from 0 to 100 (0 means no limit)");
	range(ps, "extension_sessions", in->extension_sessions, APP_SETTING_EXTENSION_MIN,
	    APP_SETTING_EXTENSION_MAX, "Extra sessions must be from 0 to 20");
	range(ps, "min_minutes_per_month", in->min_minutes_per_month,
	    APP_SETTING_MINUTES_MIN, APP_SETTING_MINUTES_MAX,
	    "Minimum commitment must be from 0 to 2,400 minutes a month");
	range(ps, "response_deadline_days", in->response_deadline_days,
	    APP_SETTING_DEADLINE_MIN, APP_SETTING_DEADLINE_MAX,
	    "Response deadline must be from 1 to 60 working days");
	if (in->match != NULL)
		(void)app_match_settings_check(in->match, ps);
	if (zone[0] == '\0')
		app_problem(ps, "time_zone", "Enter the scheme's time zone, like Europe/London");
	else if (tz_get(zone) == NULL)
		app_problem(ps, "time_zone", "Time zone must be a zone name Tandem knows, "
		    "like Europe/London or Europe/Dublin");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_scheme_settings_save(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_scheme_settings_in *in, const char *ip,
    struct app_problems *ps, int *changed)
{
	*changed = 0;
	if (me == NULL || !app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	const char *name = nz(in->name), *desc = nz(in->description);
	const char *notice = nz(in->privacy_notice), *zone = nz(in->time_zone);
	if (app_scheme_settings_check(in, ps) != ERR_OK)
		return ERR_BAD_INPUT;

	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	struct db_scheme sc;
	struct db_scheme_settings st;
	if ((rc = db_scheme_get(db, a, scheme_id, &sc)) != ERR_OK ||
	    (rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK)
		return finish(db, rc);
	struct diff d = {a, "", 0};
	diff_text(&d, "name", sc.name, name, 200);
	diff_text(&d, "description", sc.description, desc, 200);
	diff_bool(&d, "active", sc.is_active, in->is_active);
	diff_bool(&d, "registration_open", st.registration_open, in->registration_open);
	diff_bool(&d, "approval_required", st.approval_required, in->approval_required);
	int64_t version = st.privacy_notice_version;
	bool new_notice = strcmp(st.privacy_notice, notice) != 0;
	if (new_notice) {
		version++;
		diff_num(&d, "privacy_notice_version", st.privacy_notice_version, version);
	}
	diff_bool(&d, "allow_mentee_requests", st.allow_mentee_requests,
	    in->allow_mentee_requests);
	diff_bool(&d, "ranked_requests", st.ranked_requests, in->ranked_requests);
	diff_bool(&d, "allow_system_proposals", st.allow_system_proposals,
	    in->allow_system_proposals);
	diff_bool(&d, "allow_admin_assignment", st.allow_admin_assignment,
	    in->allow_admin_assignment);
	diff_bool(&d, "allow_cohort_matching", st.allow_cohort_matching,
	    in->allow_cohort_matching);
	diff_num(&d, "default_capacity", st.default_capacity, in->default_capacity);
	diff_num(&d, "session_cap", st.session_cap, in->session_cap);
	diff_num(&d, "extension_sessions", st.extension_sessions, in->extension_sessions);
	diff_num(&d, "min_minutes_per_month", st.min_minutes_per_month,
	    in->min_minutes_per_month);
	diff_num(&d, "response_deadline_days", st.response_deadline_days,
	    in->response_deadline_days);
	diff_add(&d, "time_zone", st.time_zone, zone);
	diff_bool(&d, "admin_sees_documents", st.admin_sees_documents,
	    in->admin_sees_documents);
	struct db_matchprefs_settings mp;
	if ((rc = db_matchprefs_settings_get(db, scheme_id, &mp)) != ERR_OK)
		return finish(db, rc);
	int match_n = d.n;
	if (in->match != NULL) {
		static const char *const weights[APP_WISHES_MAX] = {"wish_weight_1",
			"wish_weight_2", "wish_weight_3"};
		for (int i = 0; i < APP_WISHES_MAX; i++) {
			diff_num(&d, weights[i], mp.wish_weight[i], in->match->wish_weight[i]);
			mp.wish_weight[i] = in->match->wish_weight[i];
		}
		diff_bool(&d, "avoid_hard", mp.avoid_hard, in->match->avoid_hard);
		diff_num(&d, "avoid_penalty", mp.avoid_penalty, in->match->avoid_penalty);
		diff_bool(&d, "stable_mode", mp.stable_mode, in->match->stable_mode);
		mp.avoid_hard = in->match->avoid_hard;
		mp.avoid_penalty = in->match->avoid_penalty;
		mp.stable_mode = in->match->stable_mode;
	}
	match_n = d.n - match_n;
	if (d.n == 0)
		return finish(db, ERR_OK);

	sc.name = name;
	sc.description = desc;
	sc.is_active = in->is_active;
	st.registration_open = in->registration_open;
	st.approval_required = in->approval_required;
	st.privacy_notice = notice;
	st.privacy_notice_version = version;
	st.allow_mentee_requests = in->allow_mentee_requests;
	st.ranked_requests = in->ranked_requests;
	st.allow_system_proposals = in->allow_system_proposals;
	st.allow_admin_assignment = in->allow_admin_assignment;
	st.allow_cohort_matching = in->allow_cohort_matching;
	st.default_capacity = in->default_capacity;
	st.session_cap = in->session_cap;
	st.extension_sessions = in->extension_sessions;
	st.min_minutes_per_month = in->min_minutes_per_month;
	st.response_deadline_days = in->response_deadline_days;
	st.time_zone = zone;
	st.admin_sees_documents = in->admin_sees_documents;
	st.updated_at = clock_now();
	rc = db_scheme_update(db, &sc);
	/* the new version's text is kept before the settings point at it
	 * (the 0024 trigger then finds it there and adds nothing) */
	if (rc == ERR_OK && new_notice)
		rc = db_scheme_notice_add(db, scheme_id, version, notice, st.updated_at,
		    me->user_id);
	if (rc == ERR_OK)
		rc = db_scheme_settings_put(db, &st);
	if (rc == ERR_OK && match_n > 0)
		rc = db_matchprefs_settings_put(db, scheme_id, &mp);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.settings",
		    subject(a, scheme_id), d.text, nz(ip));
	if (rc == ERR_OK)
		*changed = d.n;
	return finish(db, rc);
}

/* ---- administrators (ADM-9) ---- */

/* Site administrators only; a scheme administrator of this scheme is
 * refused (403), anyone else does not see it (404). */
static enum err
may_name(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id)
{
	if (me == NULL || !app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if (!me->is_site_admin)
		return ERR_FORBIDDEN;
	struct db_scheme sc;
	return db_scheme_get(db, a, scheme_id, &sc);
}

enum err
app_scheme_admin_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *username, const char *ip, struct app_problems *ps)
{
	enum err rc = may_name(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	struct db_user u;
	if ((rc = active_person(db, a, nz(username), "admin_username", ps, &u)) != ERR_OK)
		return rc;
	struct db_user *admins;
	size_t n;
	if ((rc = db_scheme_admins(db, a, scheme_id, &admins, &n)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (admins[i].id == u.id) {
			app_problem(ps, "admin_username", "That person is already an "
			    "administrator of this scheme");
			return ERR_BAD_INPUT;
		}
	struct db_scheme sc;
	if ((rc = db_scheme_get(db, a, scheme_id, &sc)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_role_add(db, u.id, scheme_id, "scheme_admin", clock_now());
	if (rc == ERR_OK)
		rc = notify_named_tx(db, a, me, &u, scheme_id, sc.name);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.admin_add",
		    arena_printf(a, "user:%lld", (long long)u.id), subject(a, scheme_id),
		    nz(ip));
	return finish(db, rc);
}

enum err
app_scheme_admin_removal(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, struct app_scheme_admin_removal *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = may_name(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	struct db_user *admins;
	size_t n;
	if ((rc = db_scheme_get(db, a, scheme_id, &out->scheme)) != ERR_OK ||
	    (rc = db_scheme_admins(db, a, scheme_id, &admins, &n)) != ERR_OK)
		return rc;
	rc = ERR_NOT_FOUND;
	for (size_t i = 0; i < n; i++)
		if (admins[i].id == user_id) {
			out->person = admins[i];
			rc = ERR_OK;
		}
	out->others = n > 0 ? n - 1 : 0;
	return rc;
}

enum err
app_scheme_admin_remove(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, const char *ip)
{
	enum err rc = may_name(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_role_remove(db, user_id, scheme_id, "scheme_admin");
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.admin_remove",
		    arena_printf(a, "user:%lld", (long long)user_id), subject(a, scheme_id),
		    nz(ip));
	return finish(db, rc);
}

/* ---- joining ---- */

enum err
app_schemes_registering(struct db *db, struct arena *a, struct db_scheme **out, size_t *n)
{
	return db_schemes_registering(db, a, out, n);
}

enum err
app_scheme_joining(struct db *db, struct arena *a, int64_t scheme_id,
    bool *registration_open, bool *approval_required)
{
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, scheme_id, &st);
	if (rc != ERR_OK)
		return rc;
	*registration_open = st.registration_open;
	*approval_required = st.approval_required;
	return ERR_OK;
}
