/*
 * pairing.c - what requests, proposals, assignment and the deadline job
 * share (pairing.h): the relationship insert with its match emails, a
 * mentor's load, closing a mentee's other requests, passing a ranked
 * request on, and the response deadline.
 *
 * Design: every state change goes through lc_req_next first, then a
 * compare-and-set update (db_req_move), so a move that lost a race to
 * another transaction fails with ERR_CONFLICT instead of overwriting it.
 * Emails go through app_notice_tx in the same transaction as the change.
 *
 * Trap: nothing here begins a transaction; callers hold one.
 */
#include "app/pairing.h"

#include <string.h>

#include "app/date.h"
#include "app/finder.h"
#include "app/sessions.h"
#include "core/arena.h"
#include "core/clock.h"

enum err
app_mentor_load(struct db *db, int64_t scheme_id, int64_t mentor_id, int64_t *capacity,
    int64_t *active)
{
	return db_mentor_load(db, scheme_id, mentor_id, capacity, active);
}

enum err
app_mentee_has_mentor(struct db *db, int64_t scheme_id, int64_t mentee_id, bool *has)
{
	int64_t n = 0;
	enum err rc = db_mentee_live(db, scheme_id, mentee_id, &n);
	*has = n > 0;
	return rc;
}

enum err
app_person_brief(struct db *db, struct arena *a, int64_t user_id, struct db_brief *out)
{
	return db_brief_get(db, a, user_id, out);
}

enum lc_actor
app_actor_of(const struct app_auth *me, int64_t scheme_id, int64_t mentee_id,
    int64_t mentor_id)
{
	if (me == NULL)
		return LC_OTHER;
	if (me->user_id == mentee_id)
		return LC_MENTEE;
	if (me->user_id == mentor_id)
		return LC_MENTOR;
	if (app_is_scheme_admin(me, scheme_id))
		return LC_ADMIN;
	return LC_OTHER;
}

/* REQ-10: both are told, after seed 003's sample matching email; the
 * mentor is asked to make the first contact. */
static enum err
match_emails(struct db *db, struct arena *a, const struct db_scheme *scheme,
    const char *contact, const struct db_brief *mentor, const struct db_brief *mentee,
    const char *first_session, int64_t now)
{
	const char *help = contact[0] != '\0'
	    ? arena_printf(a, "contact the scheme team at %s", contact)
	    : "contact your scheme administrator";
	const char *by = app_time_words(a, now + 14 * 86400, false);
	const char *when = app_session_words(a, first_session, true);
	const char *first = when[0] != '\0'
	    ? arena_printf(a, "You proposed a first session on %s. ", when) : "";
	const char *text = arena_printf(a,
	    "Dear %s,\n\n"
	    "Welcome to %s! We are delighted to tell you that you have been matched "
	    "with a mentee.\n\n"
	    "You have been matched with %s. Their email address is %s.\n\n"
	    "As their mentor, please make the first contact: send them a message "
	    "in Tandem in the next few days to arrange your first meeting. %s"
	    "You can see their profile on your Tandem home page under My mentees.\n\n"
	    "We hope you will have a productive relationship. If you have any "
	    "concerns about this match, or any other worries, please %s.\n\n"
	    "Best wishes,\n\nTandem, for %s\n",
	    mentor->given_name, scheme->name, mentee->name, mentee->email, first, help,
	    scheme->name);
	enum err rc = app_notice_tx(db, &(struct app_notice){.user_id = mentor->id,
	    .to = mentor->email,
	    .kind = "match.confirmed",
	    .scheme_id = scheme->id,
	    .subject = arena_printf(a, "You have been matched with %s", mentee->name),
	    .text = text,
	    .path = "/"});
	if (rc != ERR_OK)
		return rc;
	first = when[0] != '\0'
	    ? arena_printf(a, "They have proposed a first session on %s. ", when) : "";
	text = arena_printf(a,
	    "Dear %s,\n\n"
	    "Welcome to %s! We are delighted to tell you that you have been matched "
	    "with a mentor.\n\n"
	    "You have been matched with %s. Their email address is %s. They have "
	    "been asked to contact you in the next few days to arrange your first "
	    "meeting. %sIf you have not heard anything by %s, you may like to "
	    "contact them yourself.\n\n"
	    "Your mentor can now see your profile.\n\n"
	    "We hope you will have a productive relationship. If you have any "
	    "concerns about this match, or any other worries, please %s.\n\n"
	    "Best wishes,\n\nTandem, for %s\n",
	    mentee->given_name, scheme->name, mentor->name, mentor->email, first, by, help,
	    scheme->name);
	return app_notice_tx(db, &(struct app_notice){.user_id = mentee->id,
	    .to = mentee->email,
	    .kind = "match.confirmed",
	    .scheme_id = scheme->id,
	    .subject = arena_printf(a, "You have been matched with %s", mentor->name),
	    .text = text,
	    .path = "/"});
}

enum err
app_relationship_create_tx(struct db *db, struct arena *a, const struct app_rel_new *in,
    int64_t *id)
{
	bool ok_mentor = false, ok_mentee = false;
	enum err rc;
	if ((rc = db_has_active_role(db, in->scheme_id, in->mentor_id, "mentor", &ok_mentor))
	    != ERR_OK ||
	    (rc = db_has_active_role(db, in->scheme_id, in->mentee_id, "mentee", &ok_mentee))
	    != ERR_OK)
		return rc;
	if (!ok_mentor || !ok_mentee || in->mentor_id == in->mentee_id)
		return ERR_NOT_FOUND;

	struct db_scheme scheme;
	struct db_scheme_settings settings;
	struct db_brief mentor, mentee;
	if ((rc = db_scheme_get(db, a, in->scheme_id, &scheme)) != ERR_OK ||
	    (rc = db_scheme_settings_get(db, a, in->scheme_id, &settings)) != ERR_OK ||
	    (rc = db_brief_get(db, a, in->mentor_id, &mentor)) != ERR_OK ||
	    (rc = db_brief_get(db, a, in->mentee_id, &mentee)) != ERR_OK)
		return rc;

	int64_t now = clock_now();
	struct db_rel_insert r = {
		.scheme_id = in->scheme_id, .mentor_id = in->mentor_id,
		.mentee_id = in->mentee_id, .origin = in->origin ? in->origin : "assignment",
		.request_id = in->request_id, .assigned_by = in->assigned_by,
		.override_reason = in->override_reason ? in->override_reason : "",
		.first_session = in->first_session ? in->first_session : "",
	};
	if ((rc = db_rel_insert(db, &r, now, id)) != ERR_OK)
		return rc;
	const char *detail = arena_printf(a, "mentor %lld, mentee %lld, %s%s%s",
	    (long long)in->mentor_id, (long long)in->mentee_id, r.origin,
	    r.override_reason[0] ? "; override: " : "", r.override_reason);
	if ((rc = app_audit_tx(db, in->actor_id, in->scheme_id, "relationship.create",
	    arena_printf(a, "relationship:%lld", (long long)*id), detail,
	    in->ip ? in->ip : "")) != ERR_OK)
		return rc;
	/* SES-4: the first session agreed at approval becomes a proposed
	 * session by the mentor, for the mentee to agree */
	if ((rc = app_session_first_tx(db, *id, in->mentor_id, in->scheme_id,
	    r.first_session, now)) != ERR_OK)
		return rc;
	if ((rc = match_emails(db, a, &scheme, settings.escalation_contact, &mentor, &mentee,
	    r.first_session, now)) != ERR_OK)
		return rc;
	size_t closed;
	return app_requests_close_for_mentee_tx(db, a, in->scheme_id, in->mentee_id,
	    in->request_id, "matched", &closed);
}

enum err
app_requests_close_for_mentee_tx(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t except_id, const char *reason, size_t *n)
{
	struct db_req_state *open;
	size_t nopen;
	*n = 0;
	enum err rc = db_req_open_of_mentee(db, a, scheme_id, mentee_id, except_id, &open, &nopen);
	if (rc != ERR_OK)
		return rc;
	if (nopen == 0)
		return ERR_OK;
	struct db_brief mentee;
	if ((rc = db_brief_get(db, a, mentee_id, &mentee)) != ERR_OK)
		return rc;
	int64_t now = clock_now();
	for (size_t i = 0; i < nopen; i++) {
		enum lc_req_status from = lc_req_status_parse(open[i].status);
		enum lc_req_status to = lc_req_next(strcmp(open[i].kind, "proposal") == 0,
		    open[i].rank_group != 0, from, LRA_CLOSE, LC_SYSTEM);
		if (to == LRS_REFUSED)
			continue;
		rc = db_req_move(db, open[i].id, open[i].status, lc_req_status_name(to), reason,
		    now);
		if (rc == ERR_CONFLICT)
			continue;
		if (rc != ERR_OK)
			return rc;
		(*n)++;
		/* the mentor only knows of requests that reached them */
		if (from != LRS_NEW && from != LRS_WAITING)
			continue;
		struct db_brief mentor;
		if ((rc = db_brief_get(db, a, open[i].mentor_id, &mentor)) != ERR_OK)
			return rc;
		const char *why = strcmp(reason, "matched") == 0
		    ? "has now been matched with a mentor, so their request to you has been "
		      "withdrawn"
		    : "is no longer taking part in the scheme, so their request to you has "
		      "been withdrawn";
		const char *text = arena_printf(a,
		    "Hello %s,\n\n"
		    "%s %s. You do not need to do anything.\n\n"
		    "Thank you for considering it.\n\nTandem\n",
		    mentor.given_name, mentee.name, why);
		if ((rc = app_notice_tx(db, &(struct app_notice){.user_id = mentor.id,
		    .to = mentor.email,
		    .kind = "request.withdrawn",
		    .scheme_id = open[i].scheme_id,
		    .subject = arena_printf(a, "%s's request has been withdrawn", mentee.name),
		    .text = text,
		    .path = arena_printf(a, "/requests/%lld", (long long)open[i].id)}))
		    != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

enum err
app_request_deadline(struct db *db, struct arena *a, int64_t scheme_id, int64_t now,
    int64_t *deadline)
{
	struct db_scheme_settings st;
	const char **days;
	size_t ndays;
	enum err rc;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK ||
	    (rc = db_holidays(db, a, scheme_id, &days, &ndays)) != ERR_OK)
		return rc;
	*deadline = lc_deadline(now, (int)st.response_deadline_days, days, ndays);
	return ERR_OK;
}

/* Why a ranked request moves on. */
enum pass_why { PASS_DECLINED, PASS_LATE, PASS_LEFT };

static enum err pass_on(struct db *db, struct arena *a, int64_t id, enum pass_why why_code,
    int64_t now);

enum err
app_request_pass_on_tx(struct db *db, struct arena *a, int64_t id, bool declined,
    int64_t now)
{
	return pass_on(db, a, id, declined ? PASS_DECLINED : PASS_LATE, now);
}

static enum err
pass_on(struct db *db, struct arena *a, int64_t id, enum pass_why why_code, int64_t now)
{
	bool declined = why_code == PASS_DECLINED;
	struct db_req_state r;
	enum err rc = db_req_state_get(db, a, id, &r);
	if (rc != ERR_OK)
		return rc;
	if (r.rank_group == 0)
		return ERR_NOT_FOUND;
	enum lc_req_status from = lc_req_status_parse(r.status);
	if (declined) {
		if (from != LRS_DECLINED)
			return ERR_CONFLICT;
	} else {
		enum lc_req_status to = lc_req_next(false, true, from, LRA_PASS, LC_SYSTEM);
		if (to == LRS_REFUSED)
			return ERR_CONFLICT;
		if ((rc = db_req_move(db, id, r.status, lc_req_status_name(to), "", now)) != ERR_OK)
			return rc;
	}
	struct db_brief mentee, old_mentor;
	if ((rc = db_brief_get(db, a, r.mentee_id, &mentee)) != ERR_OK ||
	    (rc = db_brief_get(db, a, r.mentor_id, &old_mentor)) != ERR_OK)
		return rc;
	const char *why = why_code == PASS_DECLINED
	    ? arena_printf(a, "%s was not able to take your request", old_mentor.name)
	    : why_code == PASS_LEFT
	    ? arena_printf(a, "%s is no longer taking part in the scheme", old_mentor.name)
	    : arena_printf(a, "%s did not answer your request in time", old_mentor.name);

	/* the next choice who may still be offered; any who can no longer be
	 * (full, paused, not available, left the scheme) are passed over */
	struct db_req_state next;
	const char *skipped = "";
	for (;;) {
		rc = db_req_next_queued(db, a, r.rank_group, &next);
		if (rc != ERR_OK)
			break;
		struct finder_assessment as;
		enum err arc = app_finder_assess(db, a, next.scheme_id, next.mentee_id,
		    next.mentor_id, &as);
		if (arc != ERR_OK && arc != ERR_NOT_FOUND)
			return arc;
		if (arc == ERR_OK && as.exclusion == MX_NONE)
			break;
		enum lc_req_status to = lc_req_next(false, true, LRS_QUEUED, LRA_SKIP, LC_SYSTEM);
		if ((rc = db_req_move(db, next.id, "queued", lc_req_status_name(to), "", now))
		    != ERR_OK)
			return rc;
		struct db_brief gone;
		if ((rc = db_brief_get(db, a, next.mentor_id, &gone)) != ERR_OK)
			return rc;
		skipped = arena_printf(a, "%s%s is not taking on new mentees at the moment, so "
		    "we passed over them. ", skipped, gone.name);
	}
	if (rc == ERR_NOT_FOUND) {
		const char *text = arena_printf(a,
		    "Hello %s,\n\n"
		    "%s, and there are no more mentors on your list of choices. %s\n\n"
		    "What you can do next\n\n"
		    "Sign in to Tandem and use Find a mentor to choose again. If you would "
		    "like help, contact your scheme administrator.\n\nTandem\n",
		    mentee.given_name, why, skipped);
		return app_notice_tx(db, &(struct app_notice){.user_id = mentee.id,
		    .to = mentee.email,
		    .kind = "request.passed",
		    .scheme_id = r.scheme_id,
		    .subject = "Your mentoring request: please choose again",
		    .text = text,
		    .path = arena_printf(a, "/requests/%lld", (long long)r.id)});
	}
	if (rc != ERR_OK)
		return rc;
	int64_t deadline;
	if ((rc = app_request_deadline(db, a, next.scheme_id, now, &deadline)) != ERR_OK)
		return rc;
	if ((rc = db_req_send(db, next.id, now, deadline)) != ERR_OK)
		return rc;
	struct db_brief mentor;
	if ((rc = db_brief_get(db, a, next.mentor_id, &mentor)) != ERR_OK)
		return rc;
	const char *text = arena_printf(a,
	    "Hello %s,\n\n"
	    "%s has asked you to be their mentor.%s%s%s\n\n"
	    "What to do next\n\n"
	    "Sign in to Tandem and open My mentoring requests to approve the request, "
	    "put it on your waiting list, decline it or ask them to amend it. Please "
	    "answer by %s.\n\nTandem\n",
	    mentor.given_name, mentee.name, next.message[0] ? "\n\nTheir message:\n\n" : "",
	    next.message, "", app_time_words(a, deadline, false));
	if ((rc = app_notice_tx(db, &(struct app_notice){.user_id = mentor.id,
	    .to = mentor.email,
	    .kind = "request.new",
	    .scheme_id = next.scheme_id,
	    .subject = arena_printf(a, "%s has asked you to be their mentor", mentee.name),
	    .text = text,
	    .path = arena_printf(a, "/requests/%lld", (long long)next.id)}))
	    != ERR_OK)
		return rc;
	text = arena_printf(a,
	    "Hello %s,\n\n"
	    "%s, so your request has gone to your choice number %lld, %s. %sThey have "
	    "until %s to answer.\n\nTandem\n",
	    mentee.given_name, why, (long long)next.rank, mentor.name, skipped,
	    app_time_words(a, deadline, false));
	return app_notice_tx(db, &(struct app_notice){.user_id = mentee.id,
	    .to = mentee.email,
	    .kind = "request.passed",
	    .scheme_id = r.scheme_id,
	    .subject = arena_printf(a, "Your request has gone to %s", mentor.name),
	    .text = text,
	    .path = arena_printf(a, "/requests/%lld", (long long)next.id)});
}

enum err
app_requests_close_for_person_tx(struct db *db, struct arena *a, int64_t user_id, size_t *n)
{
	*n = 0;
	/* as a mentee, in every scheme: the mentors are told */
	struct db_role *roles;
	size_t nroles;
	enum err rc = db_roles_of_user(db, a, user_id, &roles, &nroles);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < nroles; i++) {
		if (strcmp(roles[i].role, "mentee") != 0)
			continue;
		size_t k;
		if ((rc = app_requests_close_for_mentee_tx(db, a, roles[i].scheme_id, user_id, 0,
		    "inactive", &k)) != ERR_OK)
			return rc;
		*n += k;
	}
	/* as a mentor: a ranked request moves on to the next choice; any
	 * other is closed and the mentee told they can ask someone else */
	struct db_req_state *open;
	size_t nopen;
	if ((rc = db_req_open_to_mentor(db, a, user_id, &open, &nopen)) != ERR_OK)
		return rc;
	if (nopen == 0)
		return ERR_OK;
	struct db_brief mentor;
	if ((rc = db_brief_get(db, a, user_id, &mentor)) != ERR_OK)
		return rc;
	int64_t now = clock_now();
	for (size_t i = 0; i < nopen; i++) {
		enum lc_req_status from = lc_req_status_parse(open[i].status);
		bool ranked = open[i].rank_group != 0;
		if (ranked && from == LRS_NEW) {
			if ((rc = pass_on(db, a, open[i].id, PASS_LEFT, now)) != ERR_OK &&
			    rc != ERR_CONFLICT)
				return rc;
			(*n)++;
			continue;
		}
		enum lc_req_status to = lc_req_next(strcmp(open[i].kind, "proposal") == 0, ranked,
		    from, LRA_CLOSE, LC_SYSTEM);
		if (to == LRS_REFUSED)
			continue;
		rc = db_req_move(db, open[i].id, open[i].status, lc_req_status_name(to), "inactive",
		    now);
		if (rc == ERR_CONFLICT)
			continue;
		if (rc != ERR_OK)
			return rc;
		(*n)++;
		/* a queued choice is passed over when its turn comes; the mentee
		 * only needs telling about a request that had reached the mentor */
		if (from == LRS_QUEUED)
			continue;
		struct db_brief mentee;
		if ((rc = db_brief_get(db, a, open[i].mentee_id, &mentee)) != ERR_OK)
			return rc;
		const char *text = arena_printf(a,
		    "Hello %s,\n\n"
		    "%s is no longer taking part in the scheme, so your request to them has "
		    "been closed.\n\n"
		    "What you can do next\n\n"
		    "Sign in to Tandem and use Find a mentor to ask someone else. If you "
		    "would like help, contact your scheme administrator.\n\nTandem\n",
		    mentee.given_name, mentor.name);
		if ((rc = app_notice_tx(db, &(struct app_notice){.user_id = mentee.id,
		    .to = mentee.email,
		    .kind = "request.answered",
		    .scheme_id = open[i].scheme_id,
		    .subject = "Your mentoring request has been closed",
		    .text = text,
		    .path = arena_printf(a, "/requests/%lld", (long long)open[i].id)})) != ERR_OK)
			return rc;
	}
	return ERR_OK;
}
