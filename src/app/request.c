/*
 * request.c - match requests and proposals, the mentee's and mentor's
 * side (request.h; REQ-1 to REQ-6, REQ-8, REQ-12, REQ-13).
 *
 * Design: each write is one transaction that re-reads the row, finds the
 * actor (app_actor_of), asks lc_req_next whether the action is allowed
 * from the row's status, then moves it with a compare-and-set update,
 * audits, and queues its emails (app_notice_tx) before committing.  The
 * rules of sending a request (REQ-1) live in one place, check_locked,
 * used both by the person page ("why can I not request?") and inside the
 * sending transaction, so the page and the write never disagree.
 *
 * Traps: approval's capacity check and the relationship insert must stay
 * in the same transaction (REQ-12: BEGIN IMMEDIATE serialises two
 * approvals racing for the last place; the second sees the first's
 * relationship).  The partial unique index on open pairs is the final
 * word on "one open request per pair": its ERR_CONFLICT is a refusal,
 * not a failure.  First-session times are taken as UK wall-clock text
 * and compared with the clock as UTC (good to the hour).
 */
#include "app/request.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/date.h"
#include "app/finder.h"
#include "app/profile.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"

static bool
is_kind(const struct db_request *r, const char *kind)
{
	return strcmp(r->kind, kind) == 0;
}

static bool
role_is(const struct app_auth *me, const char *role)
{
	return me != NULL && me->active != NULL && strcmp(me->active->role, role) == 0;
}

const char *
app_request_status_label(const char *status, bool for_mentor)
{
	switch (lc_req_status_parse(status)) {
	case LRS_QUEUED: return for_mentor ? "Not sent yet" : "Not sent yet (a later choice)";
	case LRS_NEW: return for_mentor ? "New" : "Sent";
	case LRS_WAITING: return "On the waiting list";
	case LRS_AMEND: return "Amendment asked for";
	case LRS_APPROVED: return "Approved";
	case LRS_DECLINED: return "Declined";
	case LRS_WITHDRAWN: return "Withdrawn";
	case LRS_PASSED: return "Passed on";
	default: return status;
	}
}

enum app_decision
app_decision_parse(const char *s)
{
	static const char *const names[] = {"approve", "waitlist", "decline", "amend"};
	for (int i = 0; s != NULL && i < APP_DECIDE__MAX; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum app_decision)i;
	return APP_DECIDE__MAX;
}

/* The plain words a mentee sees for a mentor they may not request. */
static const char *
exclusion_words(enum match_exclusion x)
{
	switch (x) {
	case MX_FULL:
		return "This mentor has no free places at the moment, so you cannot "
		    "request them.";
	case MX_UNAVAILABLE:
		return "This mentor is not taking on new mentees at the moment, so you "
		    "cannot request them.";
	case MX_CONFLICT:
		return "You have declared this person as your supervisor, appraiser or a "
		    "conflict of interest, so you cannot request them.";
	case MX_INCOMPLETE:
		return "This mentor's profile is not complete yet, so you cannot request "
		    "them.";
	case MX_SELF:
		return "You cannot request yourself.";
	case MX_PAUSED:
		/* REQ-14: paused after missed deadlines; not said why */
		return "This mentor is not taking on new mentees at the moment, so you "
		    "cannot request them.";
	default:
		return "Your scheme's matching rules do not allow this match, so you "
		    "cannot request this mentor.";
	}
}

/*
 * The REQ-1 rules for `me` (an active mentee) and mentor_id.  *why NULL
 * when allowed.  extra: how many more open requests this send adds
 * (1 + ranked choices).  ERR_NOT_FOUND when mentor_id is not a mentor of
 * the scheme.
 */
static enum err
check_locked(struct db *db, struct arena *a, const struct app_auth *me, int64_t mentor_id,
    int64_t extra, const char **why)
{
	*why = NULL;
	if (!role_is(me, "mentee")) {
		*why = "Only mentees can request a mentor. Switch to your mentee view to "
		    "request one.";
		return ERR_OK;
	}
	int64_t scheme = me->active->scheme_id;
	struct finder_assessment fa;
	enum err rc = app_finder_assess(db, a, scheme, me->user_id, mentor_id, &fa);
	if (rc != ERR_OK)
		return rc;
	if (fa.exclusion == MX_NOT_MENTOR)
		return ERR_NOT_FOUND;
	struct db_scheme_settings st;
	if ((rc = db_scheme_settings_get(db, a, scheme, &st)) != ERR_OK)
		return rc;
	if (!st.allow_mentee_requests) {
		*why = "Your scheme does not take requests from mentees: your scheme "
		    "administrator matches mentees with mentors.";
		return ERR_OK;
	}
	bool has = false;
	if ((rc = app_mentee_has_mentor(db, scheme, me->user_id, &has)) != ERR_OK)
		return rc;
	if (has) {
		*why = "You already have a mentor in this scheme.";
		return ERR_OK;
	}
	const char **missing;
	size_t nmissing;
	if ((rc = app_profile_missing(db, a, me, &missing, &nmissing)) != ERR_OK)
		return rc;
	if (nmissing > 0) {
		const char *list = missing[0];
		for (size_t i = 1; i < nmissing; i++)
			list = arena_printf(a, "%s%s%s", list, i + 1 == nmissing ? " and " : ", ",
			    missing[i]);
		*why = arena_printf(a, "Before you can request a mentor, add to your "
		    "profile: %s.", list);
		return ERR_OK;
	}
	int64_t n = 0;
	if ((rc = db_requests_open_pair(db, scheme, me->user_id, mentor_id, &n)) != ERR_OK)
		return rc;
	if (n > 0) {
		*why = "You have already sent a request to this mentor. You can see it in "
		    "My mentoring requests.";
		return ERR_OK;
	}
	if (fa.exclusion != MX_NONE) {
		*why = exclusion_words(fa.exclusion);
		return ERR_OK;
	}
	if ((rc = db_requests_open_count(db, scheme, me->user_id, &n)) != ERR_OK)
		return rc;
	if (n + extra > APP_REQUEST_OPEN_MAX) {
		*why = n >= APP_REQUEST_OPEN_MAX
		    ? arena_printf(a, "You already have %d open requests. Wait for an answer "
		      "or withdraw one before requesting another mentor.", APP_REQUEST_OPEN_MAX)
		    : arena_printf(a, "You can have at most %d open requests at a time, and "
		      "you have %lld.", APP_REQUEST_OPEN_MAX, (long long)n);
		return ERR_OK;
	}
	return ERR_OK;
}

enum err
app_request_check(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t mentor_id, const char **why)
{
	return check_locked(db, a, me, mentor_id, 1, why);
}

enum err
app_request_choices(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t except, struct db_person **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!role_is(me, "mentee"))
		return ERR_OK;
	struct db_scheme_settings st;
	enum err rc = db_scheme_settings_get(db, a, me->active->scheme_id, &st);
	if (rc != ERR_OK || !st.ranked_requests)
		return rc;
	struct finder_query q = {.scheme_id = me->active->scheme_id, .mentee_id = me->user_id,
	    .text = "", .specialty = "", .organisation = "", .sort = FINDER_SORT_NAME,
	    .page = 1, .per_page = 50};
	struct finder_result res;
	struct app_problems ps = {0};
	if ((rc = app_finder_search(db, a, me, &q, &res, &ps)) != ERR_OK)
		return rc == ERR_BAD_INPUT || rc == ERR_FORBIDDEN ? ERR_OK : rc;
	struct db_person *p = arena_calloc(a, res.nhits + 1, sizeof(*p));
	size_t k = 0;
	for (size_t i = 0; i < res.nhits; i++) {
		if (res.hits[i].user_id == except)
			continue;
		p[k].id = res.hits[i].user_id;
		p[k].name = res.hits[i].name;
		p[k].email = "";
		k++;
	}
	*out = p;
	*n = k;
	return ERR_OK;
}

/* The request.new email to the mentor about request_id of scheme_id: the
 * email names the scheme and links back to the request (MSG-4). */
static enum err
email_request_new(struct db *db, struct arena *a, int64_t scheme_id, int64_t request_id,
    int64_t mentor_id, int64_t mentee_id, const char *message, int64_t deadline,
    bool again)
{
	struct db_brief mentor, mentee;
	enum err rc;
	if ((rc = app_person_brief(db, a, mentor_id, &mentor)) != ERR_OK ||
	    (rc = app_person_brief(db, a, mentee_id, &mentee)) != ERR_OK)
		return rc;
	const char *text = arena_printf(a,
	    "Hello %s,\n\n"
	    "%s %s.%s%s\n\n"
	    "What to do next\n\n"
	    "Sign in to Tandem and open My mentoring requests. You can approve the "
	    "request (and suggest a date and time for your first session), put it on "
	    "your waiting list, decline it, or ask them to amend it. Please answer by "
	    "%s.\n\nTandem\n",
	    mentor.given_name, mentee.name, again
	    ? "has amended their request for you to be their mentor, as you asked"
	    : "has asked you to be their mentor",
	    message[0] ? "\n\nTheir message:\n\n" : "", message,
	    app_time_words(a, deadline, false));
	return app_notice_tx(db, &(struct app_notice){.user_id = mentor.id,
	    .to = mentor.email,
	    .kind = "request.new",
	    .scheme_id = scheme_id,
	    .subject = arena_printf(a, again ? "%s has amended their mentoring request"
	        : "%s has asked you to be their mentor", mentee.name),
	    .text = text,
	    .path = arena_printf(a, "/requests/%lld", (long long)request_id)});
}

static bool
message_ok(const char *message, struct app_problems *ps, const char *field)
{
	/* characters, as the route counts them, not bytes */
	if (str_utf8_len(message) > APP_REQUEST_MESSAGE_MAX) {
		app_problem(ps, field, "Your message must be 2000 characters or fewer");
		return false;
	}
	return true;
}

enum err
app_request_create(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_request_in *in, const char *ip, struct app_problems *ps, int64_t *id)
{
	const char *message = in->message ? in->message : "";
	*id = 0;
	if (!role_is(me, "mentee"))
		return ERR_FORBIDDEN;
	if (!message_ok(message, ps, "message"))
		return ERR_BAD_INPUT;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	int64_t scheme = me->active->scheme_id;
	struct db_scheme_settings st;
	if ((rc = db_scheme_settings_get(db, a, scheme, &st)) != ERR_OK)
		goto out;
	/* REQ-13: the later choices, when the scheme ranks */
	int64_t choices[LC_RANKED_MAX] = {in->mentor_id, 0, 0};
	const char *fields[LC_RANKED_MAX] = {"mentor_id", "second_id", "third_id"};
	size_t nchoices = 1;
	if (st.ranked_requests) {
		int64_t later[2] = {in->second_id, in->third_id};
		for (size_t i = 0; i < 2; i++) {
			if (later[i] == 0)
				continue;
			bool dup = false;
			for (size_t j = 0; j < nchoices; j++)
				dup = dup || choices[j] == later[i];
			if (dup) {
				app_problem(ps, fields[i + 1], i == 0
				    ? "Choose a second choice different from your first"
				    : "Choose a third choice different from your first and second");
				continue;
			}
			fields[nchoices] = fields[i + 1];
			choices[nchoices++] = later[i];
		}
	}
	for (size_t i = 0; i < nchoices; i++) {
		const char *why;
		rc = check_locked(db, a, me, choices[i], i == 0 ? (int64_t)nchoices : 0, &why);
		if (rc == ERR_NOT_FOUND && i > 0) {
			app_problem(ps, fields[i], "Choose a mentor from the list");
			continue;
		}
		if (rc != ERR_OK)
			goto out;
		if (why != NULL) {
			if (strstr(why, "already sent") != NULL && i == 0) {
				app_problem(ps, fields[i], why);
				rc = ERR_CONFLICT;
				goto out;
			}
			app_problem(ps, fields[i], i == 0 ? why
			    : arena_printf(a, "You cannot choose this mentor: %s", why));
		}
	}
	if (ps->n > 0) {
		rc = ERR_BAD_INPUT;
		goto out;
	}
	int64_t now = clock_now(), deadline;
	if ((rc = app_request_deadline(db, a, scheme, now, &deadline)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < nchoices; i++) {
		struct db_request_new r = {.scheme_id = scheme, .mentee_id = me->user_id,
		    .mentor_id = choices[i], .kind = "request", .status = i == 0 ? "new" : "queued",
		    .message = message, .submitted_at = i == 0 ? now : 0,
		    .deadline_at = i == 0 ? deadline : 0};
		int64_t rid;
		rc = db_request_insert(db, &r, now, &rid);
		if (rc == ERR_CONFLICT)
			app_problem(ps, fields[i], "You have already sent a request to this "
			    "mentor. You can see it in My mentoring requests.");
		if (rc != ERR_OK)
			goto out;
		if (i == 0)
			*id = rid;
		if (nchoices > 1 && (rc = db_request_set_rank(db, rid, *id, (int64_t)i + 1))
		    != ERR_OK)
			goto out;
		if ((rc = app_audit_tx(db, me->user_id, scheme, "request.create",
		    arena_printf(a, "request:%lld", (long long)rid),
		    arena_printf(a, "mentor %lld%s", (long long)choices[i],
		    nchoices > 1 ? arena_printf(a, ", choice %zu", i + 1) : ""),
		    ip ? ip : "")) != ERR_OK)
			goto out;
	}
	rc = email_request_new(db, a, scheme, *id, choices[0], me->user_id, message,
	    deadline, false);
out:
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum err
app_request_get(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_request *out, enum lc_actor *actor)
{
	enum err rc = db_request_get(db, a, id, out);
	if (rc != ERR_OK)
		return rc;
	*actor = app_actor_of(me, out->scheme_id, out->mentee_id, out->mentor_id);
	if (*actor == LC_OTHER)
		return ERR_NOT_FOUND;
	/* A later choice that was never sent (still queued, or withdrawn or
	 * closed before its turn) has not reached its mentor: they may not
	 * see it, whatever its status now (REQ-13).  submitted_at is set
	 * exactly when a row is sent. */
	if (*actor == LC_MENTOR && out->submitted_at == 0)
		return ERR_NOT_FOUND;
	return ERR_OK;
}

enum err
app_requests_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_request **out, size_t *n, bool *is_mentor)
{
	*is_mentor = role_is(me, "mentor");
	if (*is_mentor)
		return db_requests_of_mentor(db, a, me->user_id, me->active->scheme_id, out, n);
	if (role_is(me, "mentee"))
		return db_requests_of_mentee(db, a, me->user_id, me->active->scheme_id, out, n);
	*out = NULL;
	*n = 0;
	return ERR_FORBIDDEN;
}

enum err
app_requests_outstanding(struct db *db, const struct app_auth *me, int64_t *n)
{
	*n = 0;
	if (!role_is(me, "mentor"))
		return ERR_OK;
	return db_requests_outstanding(db, me->user_id, me->active->scheme_id, n);
}

/* "2026-12-07T10:30", a real date and time after now? */
static bool
session_ok(const char *s, int64_t now, struct app_problems *ps)
{
	int y, mo, d, h, mi;
	if (!app_session_is_real(s) ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) {
		app_problem(ps, "first_session", "Enter the date and time of the first "
		    "session, like 7 12 2026 and 14:30");
		return false;
	}
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
	    .tm_min = mi};
	if ((int64_t)timegm(&tm) <= now) {
		app_problem(ps, "first_session", "First session must be in the future");
		return false;
	}
	return true;
}

static const char *const decision_names[] = {"approved", "moved to the waiting list",
	"declined", "sent back for amendment"};

/* The mentee's email after a waiting list, decline or amend decision. */
static enum err
email_answered(struct db *db, struct arena *a, const struct db_request *r,
    enum app_decision d, const char *comment)
{
	struct db_brief mentee;
	enum err rc = app_person_brief(db, a, r->mentee_id, &mentee);
	if (rc != ERR_OK)
		return rc;
	bool proposal = is_kind(r, "proposal");
	const char *what = proposal ? "the suggestion that they mentor you" : "your request";
	const char *subject, *body, *next;
	switch (d) {
	case APP_DECIDE_WAITLIST:
		subject = arena_printf(a, "%s has put your request on their waiting list",
		    r->mentor_name);
		body = arena_printf(a, "%s has put your request on their waiting list. They "
		    "do not have a free place just now, but may be able to take you on "
		    "later.", r->mentor_name);
		next = "You do not need to do anything. We will email you when they decide. "
		    "If you would rather not wait, sign in to Tandem, open My mentoring "
		    "requests and withdraw the request; you can then request another mentor.";
		break;
	case APP_DECIDE_DECLINE:
		subject = arena_printf(a, "%s is not able to mentor you", r->mentor_name);
		body = arena_printf(a, "%s is not able to accept %s.", r->mentor_name, what);
		next = r->rank_group != 0
		    ? "We will send your request to your next choice, if you made one, and "
		      "email you about it."
		    : "Sign in to Tandem and use Find a mentor to request another mentor.";
		break;
	default:
		subject = arena_printf(a, "%s has asked you to amend your request",
		    r->mentor_name);
		body = arena_printf(a, "%s has read %s and would like you to amend it before "
		    "they decide.", r->mentor_name, what);
		next = "Sign in to Tandem, open My mentoring requests and choose the "
		    "request to change your message and send it back.";
		break;
	}
	const char *text = arena_printf(a,
	    "Hello %s,\n\n%s%s%s\n\nWhat to do next\n\n%s\n\nTandem\n",
	    mentee.given_name, body, comment[0] ? "\n\nTheir comment:\n\n" : "", comment,
	    next);
	return app_notice_tx(db, &(struct app_notice){.user_id = mentee.id,
	    .to = mentee.email,
	    .kind = "request.answered",
	    .scheme_id = r->scheme_id,
	    .subject = subject,
	    .text = text,
	    .path = arena_printf(a, "/requests/%lld", (long long)r->id)});
}

enum err
app_request_decide(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_decision_in *in, const char *ip, struct app_problems *ps,
    int64_t *rel_id)
{
	static const enum lc_req_action actions[] = {LRA_APPROVE, LRA_WAITLIST, LRA_DECLINE,
		LRA_AMEND};
	const char *comment = in->comment ? in->comment : "";
	const char *first = in->first_session ? in->first_session : "";
	*rel_id = 0;
	if ((unsigned)in->decision >= APP_DECIDE__MAX) {
		app_problem(ps, "decision", "Select what you want to do with the request");
		return ERR_BAD_INPUT;
	}
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	struct db_request r;
	enum lc_actor who;
	if ((rc = app_request_get(db, a, me, id, &r, &who)) != ERR_OK)
		goto out;
	if (who != LC_MENTOR) {
		rc = ERR_FORBIDDEN;
		goto out;
	}
	bool proposal = is_kind(&r, "proposal");
	enum lc_req_status from = lc_req_status_parse(r.status);
	enum lc_req_status to = lc_req_next(proposal, r.rank_group != 0, from,
	    actions[in->decision], who);
	if (to == LRS_REFUSED) {
		app_problem(ps, "decision", proposal && in->decision == APP_DECIDE_WAITLIST
		    ? "A suggested match cannot go on the waiting list: accept it, ask for "
		      "it to be amended, or reject it"
		    : arena_printf(a, "This request is %s, so it cannot be %s",
		      app_request_status_label(r.status, true), decision_names[in->decision]));
		rc = ERR_CONFLICT;
		goto out;
	}
	/* the input, now the kind is known */
	if (str_utf8_len(comment) > APP_REQUEST_COMMENT_MAX)
		app_problem(ps, "comment", "Your comment must be 2000 characters or fewer");
	else if (in->decision == APP_DECIDE_DECLINE && comment[0] == '\0')
		app_problem(ps, "comment", proposal ? "Enter a reason for rejecting the "
		    "suggestion" : "Enter a reason for declining the request");
	else if (in->decision == APP_DECIDE_AMEND && comment[0] == '\0')
		app_problem(ps, "comment", "Enter what you would like the mentee to change");
	int64_t now = clock_now();
	if (in->decision == APP_DECIDE_APPROVE) {
		if (first[0] == '\0' && !proposal)
			app_problem(ps, "first_session", "Enter the date and time you propose for "
			    "the first session");
		else if (first[0] != '\0')
			(void)session_ok(first, now, ps);
	} else {
		first = "";
	}
	if (ps->n > 0) {
		rc = ERR_BAD_INPUT;
		goto out;
	}
	if (in->decision == APP_DECIDE_APPROVE) {
		/* REQ-12: capacity and the mentee's being free, inside this
		 * transaction */
		int64_t capacity, active;
		bool has = false;
		if ((rc = app_mentor_load(db, r.scheme_id, r.mentor_id, &capacity, &active))
		    != ERR_OK ||
		    (rc = app_mentee_has_mentor(db, r.scheme_id, r.mentee_id, &has)) != ERR_OK)
			goto out;
		if (active >= capacity) {
			app_problem(ps, "decision", "You have no free places: raise your capacity "
			    "in your profile or decline or wait-list the request");
			rc = ERR_CONFLICT;
			goto out;
		}
		if (has) {
			app_problem(ps, "decision", arena_printf(a, "%s already has a mentor, so "
			    "the request cannot be approved", r.mentee_name));
			rc = ERR_CONFLICT;
			goto out;
		}
	}
	if ((rc = db_request_decide(db, id, r.status, lc_req_status_name(to), comment, first,
	    now)) != ERR_OK) {
		if (rc == ERR_CONFLICT)
			app_problem(ps, "decision", "Someone else changed this request first: "
			    "look at it again");
		goto out;
	}
	if ((rc = app_audit_tx(db, me->user_id, r.scheme_id, arena_printf(a, "request.%s",
	    lc_req_action_name(actions[in->decision])),
	    arena_printf(a, "request:%lld", (long long)id), comment, ip ? ip : "")) != ERR_OK)
		goto out;
	if (in->decision == APP_DECIDE_APPROVE) {
		struct app_rel_new rel = {.scheme_id = r.scheme_id, .mentor_id = r.mentor_id,
		    .mentee_id = r.mentee_id, .origin = proposal ? "proposal" : "request",
		    .request_id = id, .override_reason = "", .first_session = first,
		    .actor_id = me->user_id, .ip = ip};
		rc = app_relationship_create_tx(db, a, &rel, rel_id);
		if (rc == ERR_CONFLICT)
			app_problem(ps, "decision", "You are already matched with this mentee");
		if (rc != ERR_OK || (rc = db_request_set_relationship(db, id, *rel_id)) != ERR_OK)
			goto out;
	} else if ((rc = email_answered(db, a, &r, in->decision, comment)) != ERR_OK) {
		goto out;
	}
	if (in->decision == APP_DECIDE_DECLINE && r.rank_group != 0)
		rc = app_request_pass_on_tx(db, a, id, true, now);
out:
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum err
app_request_resubmit(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *message, const char *ip, struct app_problems *ps)
{
	if (message == NULL)
		message = "";
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	struct db_request r;
	enum lc_actor who;
	if ((rc = app_request_get(db, a, me, id, &r, &who)) != ERR_OK)
		goto out;
	if (who != LC_MENTEE) {
		rc = ERR_FORBIDDEN;
		goto out;
	}
	enum lc_req_status to = lc_req_next(is_kind(&r, "proposal"), r.rank_group != 0,
	    lc_req_status_parse(r.status), LRA_RESUBMIT, who);
	if (to == LRS_REFUSED) {
		app_problem(ps, "message", "This request is not waiting for an amendment");
		rc = ERR_CONFLICT;
		goto out;
	}
	if (!message_ok(message, ps, "message")) {
		rc = ERR_BAD_INPUT;
		goto out;
	}
	int64_t now = clock_now(), deadline;
	if ((rc = app_request_deadline(db, a, r.scheme_id, now, &deadline)) != ERR_OK)
		goto out;
	if ((rc = db_request_resubmit(db, id, r.status, message, now, deadline)) != ERR_OK)
		goto out;
	if ((rc = app_audit_tx(db, me->user_id, r.scheme_id, "request.resubmit",
	    arena_printf(a, "request:%lld", (long long)id), "", ip ? ip : "")) != ERR_OK)
		goto out;
	rc = email_request_new(db, a, r.scheme_id, id, r.mentor_id, r.mentee_id, message,
	    deadline, true);
out:
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* Withdraw one row the mentee asked to; the mentor told if it reached them. */
static enum err
withdraw_one(struct db *db, struct arena *a, const struct db_request *r, int64_t now)
{
	enum lc_req_status from = lc_req_status_parse(r->status);
	enum lc_req_status to = lc_req_next(is_kind(r, "proposal"), r->rank_group != 0, from,
	    LRA_WITHDRAW, LC_MENTEE);
	if (to == LRS_REFUSED)
		return ERR_CONFLICT;
	enum err rc = db_req_move(db, r->id, r->status, lc_req_status_name(to), "mentee", now);
	/* the mentor has it in their list while new, waiting or awaiting the
	 * mentee's amendment; a queued choice never reached them */
	if (rc != ERR_OK || (from != LRS_NEW && from != LRS_WAITING && from != LRS_AMEND))
		return rc;
	struct db_brief mentor;
	if ((rc = app_person_brief(db, a, r->mentor_id, &mentor)) != ERR_OK)
		return rc;
	const char *text = arena_printf(a,
	    "Hello %s,\n\n"
	    "%s has withdrawn their %s to you. You do not need to do anything.\n\n"
	    "Thank you for considering it.\n\nTandem\n",
	    mentor.given_name, r->mentee_name,
	    is_kind(r, "proposal") ? "suggested match" : "mentoring request");
	return app_notice_tx(db, &(struct app_notice){.user_id = mentor.id,
	    .to = mentor.email,
	    .kind = "request.withdrawn",
	    .scheme_id = r->scheme_id,
	    .subject = arena_printf(a, "%s has withdrawn their request", r->mentee_name),
	    .text = text,
	    .path = arena_printf(a, "/requests/%lld", (long long)r->id)});
}

enum err
app_request_withdraw(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const char *ip)
{
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	struct db_request r;
	enum lc_actor who;
	if ((rc = app_request_get(db, a, me, id, &r, &who)) != ERR_OK)
		goto out;
	if (who != LC_MENTEE) {
		rc = ERR_FORBIDDEN;
		goto out;
	}
	int64_t now = clock_now();
	if ((rc = withdraw_one(db, a, &r, now)) != ERR_OK)
		goto out;
	if (r.rank_group != 0) {
		struct db_request *rows;
		size_t n;
		if ((rc = db_requests_group_open(db, a, r.rank_group, &rows, &n)) != ERR_OK)
			goto out;
		for (size_t i = 0; i < n; i++)
			if ((rc = withdraw_one(db, a, &rows[i], now)) != ERR_OK)
				goto out;
	}
	rc = app_audit_tx(db, me->user_id, r.scheme_id, "request.withdraw",
	    arena_printf(a, "request:%lld", (long long)id), "", ip ? ip : "");
out:
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum err
app_proposal_create_tx(struct db *db, struct arena *a, int64_t scheme_id, int64_t mentee_id,
    int64_t mentor_id, int64_t score, int64_t now, int64_t *id)
{
	bool ok_mentor = false, ok_mentee = false;
	enum err rc;
	if ((rc = db_has_active_role(db, scheme_id, mentor_id, "mentor", &ok_mentor)) != ERR_OK ||
	    (rc = db_has_active_role(db, scheme_id, mentee_id, "mentee", &ok_mentee)) != ERR_OK)
		return rc;
	if (!ok_mentor || !ok_mentee || mentor_id == mentee_id)
		return ERR_NOT_FOUND;
	int64_t deadline;
	if ((rc = app_request_deadline(db, a, scheme_id, now, &deadline)) != ERR_OK)
		return rc;
	struct db_request_new r = {.scheme_id = scheme_id, .mentee_id = mentee_id,
	    .mentor_id = mentor_id, .kind = "proposal", .status = "new", .message = "",
	    .score = score, .submitted_at = now, .deadline_at = deadline};
	if ((rc = db_request_insert(db, &r, now, id)) != ERR_OK)
		return rc;
	if ((rc = app_audit_tx(db, 0, scheme_id, "proposal.create",
	    arena_printf(a, "request:%lld", (long long)*id),
	    arena_printf(a, "mentor %lld, mentee %lld, score %lld", (long long)mentor_id,
	    (long long)mentee_id, (long long)score), "")) != ERR_OK)
		return rc;
	struct db_brief mentor, mentee;
	if ((rc = app_person_brief(db, a, mentor_id, &mentor)) != ERR_OK ||
	    (rc = app_person_brief(db, a, mentee_id, &mentee)) != ERR_OK)
		return rc;
	const char *text = arena_printf(a,
	    "Hello %s,\n\n"
	    "Tandem suggests that you mentor %s: your profiles match well (a match score "
	    "of %lld out of 100).\n\n"
	    "What to do next\n\n"
	    "Sign in to Tandem and open My mentoring requests to look at their profile. "
	    "You can accept the suggestion, ask for it to be amended, or reject it, each "
	    "with a comment. Please answer by %s.\n\nTandem\n",
	    mentor.given_name, mentee.name, (long long)score, app_time_words(a, deadline, false));
	return app_notice_tx(db, &(struct app_notice){.user_id = mentor.id,
	    .to = mentor.email,
	    .kind = "proposal.new",
	    .scheme_id = scheme_id,
	    .subject = arena_printf(a, "Tandem suggests you mentor %s", mentee.name),
	    .text = text,
	    .path = arena_printf(a, "/requests/%lld", (long long)*id)});
}

enum err
app_proposal_create(struct db *db, struct arena *a, int64_t scheme_id, int64_t mentee_id,
    int64_t mentor_id, int64_t score, int64_t *id)
{
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = app_proposal_create_tx(db, a, scheme_id, mentee_id, mentor_id, score, clock_now(),
	    id);
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}
