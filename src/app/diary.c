/*
 * diary.c - the learning diary (NOTE-4) and guides (NOTE-6): who may
 * read and change what (diary.h), and the demo scheme's guides.
 *
 * Design: every diary function loads the entry and decides with
 * app_diary_may_read / app_diary_is_author; anything else is
 * ERR_NOT_FOUND, so guessed ids reveal nothing, and the write
 * statements also carry the author (a write by anyone else changes no
 * row).  An administrator is never a reader as such: the content rule
 * of the scheme (admin_sees_documents) is deliberately not consulted.
 * Guide visibility is one SQL predicate (GUIDE_FOR_ROLE in diary.def)
 * mirrored by app_guide_is_for for the unit tests, plus the scheme's
 * administrators' preview.
 *
 * Logs and audit rows carry ids, never diary text.
 */
#include "app/diary.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"

/* ---- rules ---- */

enum err
app_diary_check(const struct app_diary_in *in, struct app_problems *ps)
{
	size_t before = ps->n;
	if (in->title == NULL || *in->title == '\0')
		app_problem(ps, "title", "Enter a title for your diary entry");
	else if (str_utf8_len(in->title) > APP_DIARY_TITLE_MAX)
		app_problem(ps, "title", "Title must be 200 characters or fewer");
	if (in->entry_date == NULL || *in->entry_date == '\0')
		app_problem(ps, "entry_date", "Enter the date of the entry");
	else if (!app_date_is_real(in->entry_date))
		app_problem(ps, "entry_date", "Date must be a real date");
	if (in->body != NULL && str_utf8_len(in->body) > APP_DIARY_TEXT_MAX)
		app_problem(ps, "body", "Entry must be 10,000 characters or fewer");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

bool
app_diary_is_author(const struct app_auth *me, const struct db_diary_entry *e)
{
	return me != NULL && e->author_id == me->user_id;
}

bool
app_diary_may_read(const struct app_auth *me, const struct db_diary_entry *e)
{
	if (me == NULL)
		return false;
	if (app_diary_is_author(me, e))
		return true;
	if (!e->is_shared || e->relationship_id == 0)
		return false;
	/* the other one of the pair, and the author really is one of it */
	return (e->mentor_id == me->user_id && e->mentee_id == e->author_id) ||
	    (e->mentee_id == me->user_id && e->mentor_id == e->author_id);
}

bool
app_guide_is_for(const char *audience, const char *role)
{
	if (audience == NULL || role == NULL)
		return false;
	if (strcmp(role, "mentor") == 0)
		return strcmp(audience, "all") == 0 || strcmp(audience, "mentors") == 0;
	if (strcmp(role, "mentee") == 0)
		return strcmp(audience, "all") == 0 || strcmp(audience, "mentees") == 0;
	return false;
}

static bool
is_participant_in(const struct app_auth *me, int64_t scheme_id)
{
	for (size_t i = 0; i < me->nviews; i++)
		if (me->views[i].scheme_id == scheme_id &&
		    (strcmp(me->views[i].role, "mentor") == 0 ||
		    strcmp(me->views[i].role, "mentee") == 0))
			return true;
	return false;
}

static const char *
subject(struct arena *a, const char *kind, int64_t id)
{
	return arena_printf(a, "%s:%lld", kind, (long long)id);
}

/* ---- the diary ---- */

enum err
app_diary_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_diary_entry **mine, size_t *nmine, struct db_diary_entry **shared,
    size_t *nshared)
{
	enum err rc = db_diary_of_author(db, a, me->user_id, APP_DIARY_LIST_MAX, mine, nmine);
	if (rc == ERR_OK)
		rc = db_diary_shared_with(db, a, me->user_id, APP_DIARY_LIST_MAX, shared,
		    nshared);
	return rc;
}

enum err
app_diary_between(struct db *db, struct arena *a, const struct app_auth *me,
    const char *from, const char *to, struct db_diary_entry **out, size_t *n)
{
	return db_diary_of_author_between(db, a, me->user_id, from, to, APP_DIARY_LIST_MAX,
	    out, n);
}

enum err
app_diary_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_diary_entry *out)
{
	enum err rc = db_diary_get(db, a, id, out);
	if (rc == ERR_OK && !app_diary_may_read(me, out))
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
app_diary_options(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_diary_options *out)
{
	struct db_msession *all;
	size_t nall;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_rel_of_user(db, a, me->user_id, &out->rels, &out->nrels)) != ERR_OK)
		return rc;
	if ((rc = db_msessions_of_user(db, a, me->user_id, 0, INT64_MAX, clock_now(), 0,
	    &all, &nall)) != ERR_OK)
		return rc;
	out->sessions = arena_alloc(a, (nall + 1) * sizeof(*all));
	for (size_t i = 0; i < nall; i++)
		if (strcmp(all[i].status, "removed") != 0)
			out->sessions[out->nsessions++] = all[i];
	if ((rc = db_guide_pages_for_user(db, a, me->user_id, &out->pages,
	    &out->npages)) != ERR_OK)
		return rc;
	return db_diary_stages_for(db, a, me->user_id, &out->stages, &out->nstages);
}

/* The links of in, checked for me; a session alone brings its
 * relationship.  *scheme_id the relationship's scheme (0 none). */
static void
check_links(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_diary_in *in, struct app_problems *ps)
{
	struct db_relationship r;
	int64_t rel_scheme = 0;

	if (in->session_id != 0) {
		struct db_msession s;
		enum err rc = db_msession_get(db, a, in->session_id, clock_now(), &s);
		if (rc != ERR_OK || strcmp(s.status, "removed") == 0 ||
		    (s.mentor_id != me->user_id && s.mentee_id != me->user_id))
			app_problem(ps, "session_id", "Select one of your sessions from the list");
		else if (in->relationship_id == 0)
			in->relationship_id = s.relationship_id;
		else if (s.relationship_id != in->relationship_id)
			app_problem(ps, "session_id",
			    "Select a session of the relationship you linked, or no session");
	}
	if (in->relationship_id != 0) {
		if (db_rel_get(db, a, in->relationship_id, &r) != ERR_OK ||
		    (r.mentor_id != me->user_id && r.mentee_id != me->user_id))
			app_problem(ps, "relationship_id",
			    "Select one of your mentoring relationships from the list");
		else
			rel_scheme = r.scheme_id;
	}
	if (in->guide_page_id != 0) {
		struct db_guide g;
		struct db_guide_page p;
		if (app_guide_page_by_id(db, a, me, in->guide_page_id, &g, &p) != ERR_OK)
			app_problem(ps, "guide_page_id", "Select a guide page from the list");
	}
	if (in->stage_id != 0) {
		struct db_diary_stage st;
		if (db_diary_stage_get(db, a, in->stage_id, &st) != ERR_OK ||
		    !is_participant_in(me, st.scheme_id))
			app_problem(ps, "stage_id", "Select a journey stage from the list");
		else if (rel_scheme != 0 && st.scheme_id != rel_scheme)
			app_problem(ps, "stage_id",
			    "Select a journey stage of the linked relationship's scheme");
	}
}

static void
to_db(const struct app_auth *me, const struct app_diary_in *in, struct db_diary_in *out)
{
	out->author_id = me->user_id;
	out->title = in->title;
	out->entry_date = in->entry_date;
	out->body = in->body ? in->body : "";
	out->relationship_id = in->relationship_id;
	out->session_id = in->session_id;
	out->guide_page_id = in->guide_page_id;
	out->stage_id = in->stage_id;
}

enum err
app_diary_create(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_diary_in *in0, struct app_problems *ps, int64_t *id)
{
	struct app_diary_in in = *in0;
	struct db_diary_in d;
	size_t before = ps->n;
	enum err rc;

	app_diary_check(&in, ps);
	check_links(db, a, me, &in, ps);
	if (ps->n > before)
		return ERR_BAD_INPUT;
	to_db(me, &in, &d);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_diary_add(db, &d, clock_now(), id);
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_diary_update(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_diary_in *in0, struct app_problems *ps)
{
	struct app_diary_in in = *in0;
	struct db_diary_entry e;
	struct db_diary_in d;
	size_t before = ps->n;
	enum err rc = db_diary_get(db, a, id, &e);

	if (rc != ERR_OK)
		return rc;
	if (!app_diary_is_author(me, &e))
		return ERR_NOT_FOUND;
	if (e.is_shared && strcmp(e.rel_status, "active") != 0) {
		app_problem(ps, "", APP_DIARY_ENDED);
		return ERR_CONFLICT;
	}
	app_diary_check(&in, ps);
	check_links(db, a, me, &in, ps);
	if (ps->n > before)
		return ERR_BAD_INPUT;
	to_db(me, &in, &d);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_diary_update(db, id, &d, clock_now());
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_diary_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip)
{
	struct db_diary_entry e;
	enum err rc = db_diary_get(db, a, id, &e);

	if (rc != ERR_OK)
		return rc;
	if (!app_diary_is_author(me, &e))
		return ERR_NOT_FOUND;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_diary_delete(db, id, me->user_id);
	/* only a shared entry was ever seen by anyone else: worth a trace */
	if (rc == ERR_OK && e.is_shared)
		rc = app_audit_tx(db, me->user_id, e.scheme_id, "diary.delete",
		    subject(a, "diary", id), "was shared", ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

enum err
app_diary_share(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    bool shared, const char *link_base, const char *ip, struct app_problems *ps)
{
	struct db_diary_entry e;
	enum err rc = db_diary_get(db, a, id, &e);

	if (rc != ERR_OK)
		return rc;
	if (!app_diary_is_author(me, &e))
		return ERR_NOT_FOUND;
	if (shared && (e.relationship_id == 0 || (e.mentor_id != me->user_id &&
	    e.mentee_id != me->user_id))) {
		app_problem(ps, "shared", APP_DIARY_NOT_SHAREABLE);
		return ERR_BAD_INPUT;
	}
	if (shared && strcmp(e.rel_status, "active") != 0) {
		app_problem(ps, "", APP_DIARY_ENDED);
		return ERR_CONFLICT;
	}
	if (shared == e.is_shared)
		return ERR_OK;   /* nothing changes, nobody is emailed twice */
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_diary_set_shared(db, id, me->user_id, shared, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, e.scheme_id, shared ? "diary.share" :
		    "diary.unshare", subject(a, "diary", id),
		    subject(a, "relationship", e.relationship_id), ip);
	if (rc == ERR_OK && shared) {
		int64_t partner = e.mentor_id == me->user_id ? e.mentee_id : e.mentor_id;
		struct db_user u;
		rc = db_user_get(db, a, partner, &u);
		if (rc == ERR_OK)
			rc = app_notice_tx(db, &(struct app_notice){.user_id = partner,
			    .to = u.email,
			    .kind = "content.shared",
			    .scheme_id = e.scheme_id,
			    .subject = arena_printf(a, "%s shared a learning diary entry with you",
			        me->display_name),
			    .text = arena_printf(a, "%s has shared an entry from their learning diary "
			        "with you.\n\nRead it here: %s/diary/%lld\n\nOnly you can see it, "
			        "and only while they keep it shared.\n", me->display_name,
			        link_base ? link_base : "", (long long)id),
			    .path = arena_printf(a, "/diary/%lld", (long long)id)});
	}
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* ---- guides for participants ---- */

enum err
app_guides_mine(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_guide **out, size_t *n)
{
	return db_guides_for_user(db, a, me->user_id, out, n);
}

/* Guide id, if me may read it (or preview it as its administrator). */
static enum err
guide_visible(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_guide *g)
{
	bool readable = false;
	enum err rc = db_guide_get(db, a, id, me->user_id, g);
	if (rc != ERR_OK)
		return rc;
	if (app_is_scheme_admin(me, g->scheme_id))
		return ERR_OK;
	if ((rc = db_guide_readable(db, id, me->user_id, &readable)) != ERR_OK)
		return rc;
	return readable ? ERR_OK : ERR_NOT_FOUND;
}

enum err
app_guide_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_guide *g, struct db_guide_page **pages, size_t *n)
{
	enum err rc = guide_visible(db, a, me, id, g);
	if (rc == ERR_OK)
		rc = db_guide_pages(db, a, id, me->user_id, pages, n);
	return rc;
}

enum err
app_guide_page_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t guide_id, int64_t n, struct db_guide *g, struct db_guide_page *page)
{
	enum err rc = guide_visible(db, a, me, guide_id, g);
	if (rc == ERR_OK)
		rc = db_guide_page_at(db, a, guide_id, n, me->user_id, page);
	return rc;
}

enum err
app_guide_page_by_id(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, struct db_guide *g, struct db_guide_page *page)
{
	enum err rc = db_guide_page_get(db, a, page_id, me->user_id, page);
	if (rc == ERR_OK)
		rc = guide_visible(db, a, me, page->guide_id, g);
	return rc;
}

enum err
app_guide_mark_read(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t guide_id, int64_t n)
{
	struct db_guide g;
	struct db_guide_page p;
	enum err rc = app_guide_page_open(db, a, me, guide_id, n, &g, &p);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_mark_read(db, me->user_id, &p, clock_now());
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* ---- guides for administrators ---- */

static bool
is_audience(const char *s)
{
	return s != NULL && (strcmp(s, "all") == 0 || strcmp(s, "mentors") == 0 ||
	    strcmp(s, "mentees") == 0);
}

enum err
app_guide_check(const struct app_guide_in *in, struct app_problems *ps)
{
	size_t before = ps->n;
	if (in->title == NULL || *in->title == '\0')
		app_problem(ps, "title", "Enter a title for the guide");
	else if (str_utf8_len(in->title) > APP_GUIDE_TITLE_MAX)
		app_problem(ps, "title", "Title must be 120 characters or fewer");
	if (in->summary != NULL && str_utf8_len(in->summary) > APP_GUIDE_SUMMARY_MAX)
		app_problem(ps, "summary", "Summary must be 500 characters or fewer");
	if (!is_audience(in->audience))
		app_problem(ps, "audience", "Select who the guide is for");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_guide_page_check(const struct app_guide_page_in *in, struct app_problems *ps)
{
	size_t before = ps->n;
	if (in->title == NULL || *in->title == '\0')
		app_problem(ps, "title", "Enter a title for the page");
	else if (str_utf8_len(in->title) > APP_GUIDE_TITLE_MAX)
		app_problem(ps, "title", "Title must be 120 characters or fewer");
	if (in->body == NULL || *in->body == '\0')
		app_problem(ps, "body", "Enter the text of the page");
	else if (str_utf8_len(in->body) > APP_GUIDE_PAGE_MAX)
		app_problem(ps, "body", "Text must be 8,000 characters or fewer");
	if (in->prompt != NULL && str_utf8_len(in->prompt) > APP_GUIDE_PROMPT_MAX)
		app_problem(ps, "prompt", "Reflection prompt must be 500 characters or fewer");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_guides_of_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct db_guide **out, size_t *n)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, scheme);
	if (rc == ERR_OK)
		rc = db_guides_of_scheme(db, a, scheme_id, 0, out, n);
	return rc;
}

enum err
app_guide_admin_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_guide *g, struct db_guide_page **pages, size_t *n)
{
	enum err rc = db_guide_get(db, a, id, 0, g);
	if (rc == ERR_OK && !app_is_scheme_admin(me, g->scheme_id))
		rc = ERR_NOT_FOUND;
	if (rc == ERR_OK && pages != NULL)
		rc = db_guide_pages(db, a, id, 0, pages, n);
	return rc;
}

enum err
app_guide_page_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, struct db_guide *g, struct db_guide_page *p)
{
	enum err rc = db_guide_page_get(db, a, page_id, 0, p);
	if (rc == ERR_OK)
		rc = app_guide_admin_get(db, a, me, p->guide_id, g, NULL, NULL);
	return rc;
}

/* Commit with an audit row, or roll back. */
static enum err
finish(struct db *db, enum err rc, const struct app_auth *me, int64_t scheme_id,
    const char *action, const char *subj, const char *ip)
{
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, action, subj, "", ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

static void
guide_to_db(const struct app_guide_in *in, struct db_guide_in *d)
{
	d->title = in->title;
	d->summary = in->summary ? in->summary : "";
	d->audience = in->audience;
	d->is_published = in->is_published;
	d->is_before_matching = in->is_before_matching;
}

enum err
app_guide_create(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_guide_in *in, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	struct db_scheme s;
	struct db_guide_in d;
	enum err rc;

	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_get(db, a, scheme_id, &s)) != ERR_OK)
		return rc;
	if ((rc = app_guide_check(in, ps)) != ERR_OK)
		return rc;
	guide_to_db(in, &d);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_add(db, scheme_id, &d, clock_now(), id);
	return finish(db, rc, me, scheme_id, "guide.add", subject(a, "guide",
	    rc == ERR_OK ? *id : 0), ip);
}

enum err
app_guide_update(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_guide_in *in, const char *ip, struct app_problems *ps)
{
	struct db_guide g;
	struct db_guide_in d;
	enum err rc = app_guide_admin_get(db, a, me, id, &g, NULL, NULL);

	if (rc != ERR_OK)
		return rc;
	if ((rc = app_guide_check(in, ps)) != ERR_OK)
		return rc;
	guide_to_db(in, &d);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_update(db, id, &d, clock_now());
	return finish(db, rc, me, g.scheme_id, "guide.edit", subject(a, "guide", id), ip);
}

enum err
app_guide_publish(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    bool published, const char *ip)
{
	struct db_guide g;
	enum err rc = app_guide_admin_get(db, a, me, id, &g, NULL, NULL);

	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_set_published(db, id, published, clock_now());
	return finish(db, rc, me, g.scheme_id, published ? "guide.publish" :
	    "guide.unpublish", subject(a, "guide", id), ip);
}

enum err
app_guide_delete(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip, int64_t *scheme_id)
{
	struct db_guide g;
	enum err rc = app_guide_admin_get(db, a, me, id, &g, NULL, NULL);

	if (rc != ERR_OK)
		return rc;
	*scheme_id = g.scheme_id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_delete(db, &g);
	return finish(db, rc, me, g.scheme_id, "guide.delete", subject(a, "guide", id), ip);
}

enum err
app_guide_move(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    bool up, const char *ip)
{
	struct db_guide g;
	enum err rc = app_guide_admin_get(db, a, me, id, &g, NULL, NULL);

	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_swap(db, &g, up ? g.position - 1 : g.position + 1);
	return finish(db, rc, me, g.scheme_id, "guide.move", subject(a, "guide", id), ip);
}

static void
page_to_db(const struct app_guide_page_in *in, struct db_guide_page_in *d)
{
	d->title = in->title;
	d->body = in->body;
	d->prompt = in->prompt ? in->prompt : "";
}

enum err
app_guide_page_create(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t guide_id, const struct app_guide_page_in *in, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	struct db_guide g;
	struct db_guide_page_in d;
	enum err rc = app_guide_admin_get(db, a, me, guide_id, &g, NULL, NULL);

	if (rc != ERR_OK)
		return rc;
	if ((rc = app_guide_page_check(in, ps)) != ERR_OK)
		return rc;
	page_to_db(in, &d);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_page_add(db, guide_id, &d, clock_now(), id);
	return finish(db, rc, me, g.scheme_id, "guide.page_add", subject(a, "guide_page",
	    rc == ERR_OK ? *id : 0), ip);
}

enum err
app_guide_page_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, const struct app_guide_page_in *in, const char *ip,
    struct app_problems *ps)
{
	struct db_guide g;
	struct db_guide_page p;
	struct db_guide_page_in d;
	enum err rc = app_guide_page_admin_get(db, a, me, page_id, &g, &p);

	if (rc != ERR_OK)
		return rc;
	if ((rc = app_guide_page_check(in, ps)) != ERR_OK)
		return rc;
	page_to_db(in, &d);
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_page_update(db, page_id, &d, clock_now());
	return finish(db, rc, me, g.scheme_id, "guide.page_edit", subject(a, "guide_page",
	    page_id), ip);
}

enum err
app_guide_page_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, const char *ip, int64_t *guide_id)
{
	struct db_guide g;
	struct db_guide_page p;
	enum err rc = app_guide_page_admin_get(db, a, me, page_id, &g, &p);

	if (rc != ERR_OK)
		return rc;
	*guide_id = g.id;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_page_delete(db, &p);
	return finish(db, rc, me, g.scheme_id, "guide.page_delete", subject(a, "guide_page",
	    page_id), ip);
}

enum err
app_guide_page_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, bool up, const char *ip)
{
	struct db_guide g;
	struct db_guide_page p;
	enum err rc = app_guide_page_admin_get(db, a, me, page_id, &g, &p);

	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_guide_page_swap(db, &p, up ? p.position - 1 : p.position + 1);
	return finish(db, rc, me, g.scheme_id, "guide.page_move", subject(a, "guide_page",
	    page_id), ip);
}

/* ---- the demo scheme's guides (written for Tandem) ---- */

struct demo_page {
	const char *title, *body, *prompt;
};
struct demo_guide {
	const char *title, *summary, *audience;
	bool is_before_matching;
	struct demo_page pages[5];
};

static const struct demo_guide demo_guides[] = {
	{"Preparing for mentoring",
	    "What mentoring is, what it is not, and how to get ready before you are matched.",
	    "all", true, {
	{"What mentoring is",
	    "Mentoring is a relationship between two people who agree to meet regularly "
	    "so that one of them can think through their work, their development and "
	    "their next steps with someone who has been there before.\n\n"
	    "It is not line management, appraisal or clinical supervision. Your mentor "
	    "will not assess you or report on you. What you talk about stays between "
	    "you, unless someone is at risk of harm.\n\n"
	    "Both of you learn. Mentors often say they get as much out of it as their "
	    "mentees do.",
	    "What do you hope mentoring will give you that your other support at work "
	    "does not?"},
	{"Knowing what you want",
	    "You do not need a perfect plan, but it helps to have a rough idea of what "
	    "you would like to work on. It might be a career move, a new role, a skill, "
	    "confidence in a situation you find hard, or simply space to think.\n\n"
	    "Write down two or three things. They will probably change once you start, "
	    "and that is fine.",
	    "List two or three things you would like to be different in six months' "
	    "time."},
	{"Finding the time",
	    "Mentoring needs about an hour a month, plus a little time to prepare and "
	    "reflect. On a busy rota that can be the hardest part.\n\n"
	    "Look at your diary now and think about when you could realistically meet: "
	    "before a shift, at lunch, on a non-clinical day, or by video. Tell your "
	    "manager if you need protected time.",
	    ""},
	{"Completing your profile",
	    "Your profile is how a mentor or mentee finds you. Be honest and specific: "
	    "what you do, where you work, what you can offer or what you are looking "
	    "for. A few clear sentences are better than a long list.\n\n"
	    "Once you have read these guides, complete your profile so that matching "
	    "can begin.",
	    "What would you like the other person to know about you before you first "
	    "meet?"},
	}},
	{"Your first meeting",
	    "How to plan, run and follow up the first meeting with your mentor or mentee.",
	    "all", true, {
	{"Before you meet",
	    "Agree a time, a place and how long you will meet for. A quiet room away "
	    "from your ward or department helps, and so does a video call with the "
	    "camera on.\n\n"
	    "Mentees: bring the notes you made while preparing. Mentors: read your "
	    "mentee's profile and think about what you might share about your own path.",
	    ""},
	{"Getting to know each other",
	    "Spend the first part of the meeting getting to know each other as people, "
	    "not just as job titles. Talk about how you each came to be where you are, "
	    "what you enjoy and what you find hard.\n\n"
	    "Listen more than you talk. Ask open questions, such as \"what would help "
	    "most?\" and \"what have you tried already?\".",
	    "What did you learn about the other person that surprised you?"},
	{"Agreeing next steps",
	    "Before you finish, agree when you will meet next and what each of you will "
	    "do before then. Write it down: Tandem's sessions and journey pages are a "
	    "good place for it.\n\n"
	    "If the match does not feel right, say so kindly and early, and talk to your "
	    "scheme administrator. No-fault endings are part of any good scheme.",
	    "How did the first meeting feel, and what would you like to do differently "
	    "next time?"},
	}},
	{"Agreeing your mentoring contract",
	    "Why an agreement helps, and what to put in it: meetings, ground rules, "
	    "confidentiality and how it will end.",
	    "all", false, {
	{"Why agree anything?",
	    "A short written agreement makes expectations clear from the start. It "
	    "saves awkward conversations later about cancelled meetings, slow replies or "
	    "what is and is not confidential.\n\n"
	    "It is not a legal document. It is a shared promise you can both come back "
	    "to, and change when you need to.",
	    ""},
	{"What to include",
	    "Cover how often you will meet and for how long, in person or online, how "
	    "you will contact each other between meetings and how quickly you will "
	    "reply, and what you will do if one of you needs to cancel.\n\n"
	    "Agree what you will each prepare before a meeting, and who records the "
	    "action points.",
	    "Which of these matter most to you, and why?"},
	{"Confidentiality and its limits",
	    "What you discuss stays between you. The exceptions are the same as in the "
	    "rest of the NHS: if someone may be at risk of harm, or there is a serious "
	    "concern about patient safety or professional conduct, it may have to be "
	    "raised.\n\n"
	    "Talk about this openly at the start so that neither of you is surprised.",
	    "Is there anything about confidentiality you would like to ask or agree "
	    "before you go further?"},
	{"Reviewing the agreement",
	    "Look at your agreement again after a few months. Is it still working? "
	    "Do you need to meet more or less often? Have your goals moved on?\n\n"
	    "Changing the agreement is a sign that the relationship is working, not "
	    "that it has failed.",
	    ""},
	}},
	{"Ending well",
	    "How to bring a mentoring relationship to a good close and keep what you "
	    "learned.",
	    "all", false, {
	{"Knowing when to end",
	    "Most mentoring relationships come to a natural end: the goals have been "
	    "met, a new role has started, or the agreed number of sessions is used. "
	    "Talk about the ending a meeting or two before it happens, so it is not a "
	    "surprise.",
	    ""},
	{"Looking back",
	    "Use your last meeting to look back together. What has changed since you "
	    "started? What helped most? What would you each do differently?\n\n"
	    "Mentees: your learning diary is a record of the journey. Read it again "
	    "before the last meeting.",
	    "What are the two or three most useful things you are taking away from "
	    "this mentoring?"},
	{"After the ending",
	    "When the relationship is marked as ended in Tandem, your notes, documents "
	    "and diary stay readable, but nothing new can be added to the relationship.\n\n"
	    "Many mentees go on to become mentors themselves. If you would like to, talk "
	    "to your scheme administrator.",
	    "Would you like to mentor someone in future? What would you offer them?"},
	}},
};

enum err
app_demo_guides_tx(struct db *db, int64_t scheme_id)
{
	int64_t now = clock_now();
	enum err rc = ERR_OK;

	for (size_t i = 0; rc == ERR_OK && i < sizeof(demo_guides) / sizeof(demo_guides[0]);
	    i++) {
		const struct demo_guide *dg = &demo_guides[i];
		struct db_guide_in g = {dg->title, dg->summary, dg->audience, true,
			dg->is_before_matching};
		int64_t gid, pid;
		rc = db_guide_add(db, scheme_id, &g, now, &gid);
		for (size_t j = 0; rc == ERR_OK && j < 5 && dg->pages[j].title != NULL; j++) {
			struct db_guide_page_in p = {dg->pages[j].title, dg->pages[j].body,
				dg->pages[j].prompt};
			rc = db_guide_page_add(db, gid, &p, now, &pid);
		}
	}
	return rc;
}
