/*
 * diary.h - the learning diary (NOTE-4) and guides (NOTE-6).
 *
 * The diary: any mentor or mentee keeps private reflective entries
 * (title, date, text, optional links to one of their relationships, one
 * of its sessions, a guide page and a journey stage).  An entry is read
 * by its author and by nobody else - administrators included, whatever
 * the scheme's content rule (admin_sees_documents covers shared notes
 * and documents, never the diary) - unless the author shares that one
 * entry with the partner of the linked relationship; then that partner
 * may read it (not change it), also after the relationship has ended.
 * Everyone else gets ERR_NOT_FOUND, the same answer as a missing entry.
 *
 * Sharing needs a relationship link, the author being one of its pair
 * and the relationship live (REL-4, REL-5: nothing is added to an ended
 * relationship): ERR_BAD_INPUT (no link) or ERR_CONFLICT (ended).
 * Unsharing is always allowed: taking something back never adds.  A
 * shared entry of an ended relationship cannot be edited (ERR_CONFLICT)
 * but can be unshared, and deleted by its author.
 *
 * Guides: a scheme's administrators write ordered guides of ordered
 * pages, each page with an optional reflection prompt; mentors and
 * mentees of the scheme read the published ones meant for their role
 * (audience all, mentors or mentees) and mark pages read; progress is
 * per person.  Administrators of the scheme may also open any of its
 * guides, published or not, to preview them.  Guide management is for
 * the scheme's administrators (ERR_NOT_FOUND for anyone else), audited.
 *
 * Lengths are counted in characters (UTF-8), never bytes.
 */
#ifndef TANDEM_APP_DIARY_H
#define TANDEM_APP_DIARY_H

#include "app/account.h"
#include "app/app.h"
#include "db/diary.h"
#include "db/relationships.h"
#include "db/sessions.h"

#define APP_DIARY_TITLE_MAX 200
#define APP_DIARY_TEXT_MAX 10000
#define APP_DIARY_LIST_MAX 1000   /* entries per list */
#define APP_GUIDE_TITLE_MAX 120
#define APP_GUIDE_SUMMARY_MAX 500
#define APP_GUIDE_PAGE_MAX 8000
#define APP_GUIDE_PROMPT_MAX 500

#define APP_DIARY_NOT_SHAREABLE "Link this entry to one of your mentoring " \
	"relationships before sharing it"
#define APP_DIARY_ENDED "This relationship has ended, so the entry cannot be " \
	"shared or changed. You can still stop sharing it or delete it"

struct app_diary_in {
	const char *title;
	const char *entry_date;       /* YYYY-MM-DD */
	const char *body;
	int64_t relationship_id, session_id, guide_page_id, stage_id; /* 0: none */
};

/* ---- rules (pure) ---- */

/* Title (required, APP_DIARY_TITLE_MAX), date (a real date), text (at
 * most APP_DIARY_TEXT_MAX characters): problems on "title",
 * "entry_date", "body"; ERR_BAD_INPUT when any. */
enum err app_diary_check(const struct app_diary_in *in, struct app_problems *ps);

/* Is me the author of e? */
bool app_diary_is_author(const struct app_auth *me, const struct db_diary_entry *e);
/* May me read e: the author, or the partner of its relationship when
 * shared.  Never an administrator as such. */
bool app_diary_may_read(const struct app_auth *me, const struct db_diary_entry *e);
/* Is a guide with this audience meant for role ("mentor", "mentee")? */
bool app_guide_is_for(const char *audience, const char *role);

/* ---- the diary ---- */

/* me's entries (newest entry date first) and those shared with me. */
enum err app_diary_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_diary_entry **mine, size_t *nmine, struct db_diary_entry **shared,
    size_t *nshared);
/* me's own entries dated in [from, to] (YYYY-MM-DD). */
enum err app_diary_between(struct db *db, struct arena *a, const struct app_auth *me,
    const char *from, const char *to, struct db_diary_entry **out, size_t *n);
/* One entry me may read (app_diary_may_read), else ERR_NOT_FOUND. */
enum err app_diary_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_diary_entry *out);

/* What the form offers to link: me's relationships, their sessions
 * (not removed), the guide pages me may read, the stages of me's schemes. */
struct app_diary_options {
	struct db_relationship *rels;
	size_t nrels;
	struct db_msession *sessions;
	size_t nsessions;
	struct db_guide_page *pages;
	size_t npages;
	struct db_diary_stage *stages;
	size_t nstages;
};
enum err app_diary_options(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_diary_options *out);

/* Add an entry of me's.  Links checked (problems on "relationship_id",
 * "session_id", "guide_page_id", "stage_id"; a session alone links its
 * relationship too).  ERR_BAD_INPUT with problems. */
enum err app_diary_create(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_diary_in *in, struct app_problems *ps, int64_t *id);
/* Change one of me's entries (ERR_NOT_FOUND for anyone else's); a new
 * relationship link ends the sharing; ERR_CONFLICT (APP_DIARY_ENDED)
 * for a shared entry whose relationship has ended. */
enum err app_diary_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_diary_in *in, struct app_problems *ps);
enum err app_diary_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip);
/* Share (or stop sharing) one of me's entries with the partner of its
 * relationship.  Sharing: ERR_BAD_INPUT (APP_DIARY_NOT_SHAREABLE on
 * "shared") without a link, ERR_CONFLICT (APP_DIARY_ENDED) when the
 * relationship is not live; the partner is emailed (content.shared),
 * with links starting at link_base.  Audited diary.share/diary.unshare
 * (ids only). */
enum err app_diary_share(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool shared, const char *link_base, const char *ip,
    struct app_problems *ps);

/* ---- guides for participants ---- */

/* The published guides of me's schemes meant for me's roles there, with
 * me's progress. */
enum err app_guides_mine(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_guide **out, size_t *n);
/* A guide me may read (or, as an administrator of its scheme, preview)
 * and its pages with me's progress; ERR_NOT_FOUND otherwise. */
enum err app_guide_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_guide *g, struct db_guide_page **pages, size_t *n);
/* Page n of a guide me may read; ERR_NOT_FOUND otherwise. */
enum err app_guide_page_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t guide_id, int64_t n, struct db_guide *g, struct db_guide_page *page);
/* A guide page me may read (the diary's prompt link), with its guide. */
enum err app_guide_page_by_id(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, struct db_guide *g, struct db_guide_page *page);
/* Mark page n read (progress: last page, completion). */
enum err app_guide_mark_read(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t guide_id, int64_t n);

/* ---- guides for administrators ---- */

struct app_guide_in {
	const char *title, *summary, *audience;
	bool is_published, is_before_matching;
};
struct app_guide_page_in {
	const char *title, *body, *prompt;
};
/* Problems on "title", "summary", "audience"; ERR_BAD_INPUT when any. */
enum err app_guide_check(const struct app_guide_in *in, struct app_problems *ps);
/* Problems on "title", "body", "prompt". */
enum err app_guide_page_check(const struct app_guide_page_in *in, struct app_problems *ps);

/* A scheme's guides, for its administrators (ERR_NOT_FOUND otherwise). */
enum err app_guides_of_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct db_guide **out, size_t *n);
/* One guide and its pages, for its scheme's administrators. */
enum err app_guide_admin_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_guide *g, struct db_guide_page **pages, size_t *n);
/* One page and its guide, for the guide's scheme's administrators. */
enum err app_guide_page_admin_get(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t page_id, struct db_guide *g,
    struct db_guide_page *p);

/* Each audited guide.* in the scheme's log (ids only). */
enum err app_guide_create(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_guide_in *in, const char *ip,
    struct app_problems *ps, int64_t *id);
enum err app_guide_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_guide_in *in, const char *ip, struct app_problems *ps);
enum err app_guide_publish(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool published, const char *ip);
enum err app_guide_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, int64_t *scheme_id);
/* Move up (earlier) or down; ERR_CONFLICT when already first or last. */
enum err app_guide_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool up, const char *ip);
enum err app_guide_page_create(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t guide_id, const struct app_guide_page_in *in, const char *ip,
    struct app_problems *ps, int64_t *id);
enum err app_guide_page_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, const struct app_guide_page_in *in, const char *ip,
    struct app_problems *ps);
enum err app_guide_page_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, const char *ip, int64_t *guide_id);
enum err app_guide_page_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t page_id, bool up, const char *ip);

#endif
