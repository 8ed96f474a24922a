/*
 * lifecycle.c - the request and relationship state machines and the
 * working-day deadline (lifecycle.h).
 *
 * Design: each machine is one table of allowed rows; anything not in the
 * table is refused.  Adding a transition is adding a row (and a line in
 * docs/internals/lifecycle.md, and the unit test's expectation).
 */
#include "app/lifecycle.h"

#include <stdio.h>
#include <string.h>

static const char *const actor_names[LC__ACTORS] = {
	"mentee", "mentor", "administrator", "system", "other",
};

const char *
lc_actor_name(enum lc_actor a)
{
	return (unsigned)a < LC__ACTORS ? actor_names[a] : NULL;
}

/* ---- requests ---- */

static const char *const req_status_names[LRS__MAX] = {
	"queued", "new", "waiting", "amend", "approved", "declined", "withdrawn", "passed",
};

const char *
lc_req_status_name(enum lc_req_status s)
{
	return s >= 0 && s < LRS__MAX ? req_status_names[s] : NULL;
}

enum lc_req_status
lc_req_status_parse(const char *name)
{
	for (int i = 0; name && i < LRS__MAX; i++)
		if (strcmp(req_status_names[i], name) == 0)
			return (enum lc_req_status)i;
	return LRS_REFUSED;
}

bool
lc_req_is_open(enum lc_req_status s)
{
	return s == LRS_QUEUED || s == LRS_NEW || s == LRS_WAITING || s == LRS_AMEND;
}

static const char *const req_action_names[LRA__MAX] = {
	"approve", "waitlist", "decline", "amend", "resubmit", "withdraw", "send", "pass",
	"skip", "close",
};

const char *
lc_req_action_name(enum lc_req_action a)
{
	return (unsigned)a < LRA__MAX ? req_action_names[a] : NULL;
}

enum { ANY_KIND, REQUEST_ONLY, RANKED_ONLY };

static const struct req_rule {
	enum lc_req_status from;
	enum lc_req_action action;
	enum lc_actor who;
	enum lc_req_status to;
	int only;
} req_rules[] = {
	/* the mentor decides a new request (REQ-3) or a waiting one (REQ-4) */
	{LRS_NEW, LRA_APPROVE, LC_MENTOR, LRS_APPROVED, ANY_KIND},
	{LRS_WAITING, LRA_APPROVE, LC_MENTOR, LRS_APPROVED, ANY_KIND},
	{LRS_NEW, LRA_WAITLIST, LC_MENTOR, LRS_WAITING, REQUEST_ONLY},
	{LRS_NEW, LRA_DECLINE, LC_MENTOR, LRS_DECLINED, ANY_KIND},
	{LRS_WAITING, LRA_DECLINE, LC_MENTOR, LRS_DECLINED, ANY_KIND},
	{LRS_NEW, LRA_AMEND, LC_MENTOR, LRS_AMEND, ANY_KIND},
	/* the mentee amends and sends it back as new (REQ-3) */
	{LRS_AMEND, LRA_RESUBMIT, LC_MENTEE, LRS_NEW, ANY_KIND},
	/* the mentee withdraws before a decision (REQ-5) */
	{LRS_QUEUED, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, ANY_KIND},
	{LRS_NEW, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, ANY_KIND},
	{LRS_WAITING, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, ANY_KIND},
	{LRS_AMEND, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, ANY_KIND},
	/* ranked requests move down the list (REQ-13) */
	{LRS_QUEUED, LRA_SEND, LC_SYSTEM, LRS_NEW, RANKED_ONLY},
	{LRS_NEW, LRA_PASS, LC_SYSTEM, LRS_PASSED, RANKED_ONLY},
	{LRS_QUEUED, LRA_SKIP, LC_SYSTEM, LRS_PASSED, RANKED_ONLY},
	/* the mentee was matched elsewhere, or a party left (REQ-12) */
	{LRS_QUEUED, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, ANY_KIND},
	{LRS_NEW, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, ANY_KIND},
	{LRS_WAITING, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, ANY_KIND},
	{LRS_AMEND, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, ANY_KIND},
};

enum lc_req_status
lc_req_next(bool is_proposal, bool is_ranked, enum lc_req_status from,
    enum lc_req_action action, enum lc_actor who)
{
	for (size_t i = 0; i < sizeof(req_rules) / sizeof(req_rules[0]); i++) {
		const struct req_rule *r = &req_rules[i];
		if (r->from != from || r->action != action || r->who != who)
			continue;
		if (r->only == REQUEST_ONLY && is_proposal)
			continue;
		if (r->only == RANKED_ONLY && !is_ranked)
			continue;
		return r->to;
	}
	return LRS_REFUSED;
}

/* ---- relationships ---- */

static const char *const rel_status_names[LRL__MAX] = {"active", "completed", "ended_early"};
static const char *const rel_status_labels[LRL__MAX] = {"Active", "Completed", "Ended early"};

const char *
lc_rel_status_name(enum lc_rel_status s)
{
	return (unsigned)s < LRL__MAX ? rel_status_names[s] : NULL;
}

const char *
lc_rel_status_label(enum lc_rel_status s)
{
	return (unsigned)s < LRL__MAX ? rel_status_labels[s] : NULL;
}

enum lc_rel_status
lc_rel_status_parse(const char *name)
{
	for (int i = 0; name && i < LRL__MAX; i++)
		if (strcmp(rel_status_names[i], name) == 0)
			return (enum lc_rel_status)i;
	return LRL__MAX;
}

static const char *const rel_action_names[LRLA__MAX] = {
	"view", "set_end", "complete", "ask_end", "end_early", "ask_extension",
	"decide_extension", "add_content",
};

const char *
lc_rel_action_name(enum lc_rel_action a)
{
	return (unsigned)a < LRLA__MAX ? rel_action_names[a] : NULL;
}

#define M(a) (1u << (a))
#define PARTIES (M(LC_MENTEE) | M(LC_MENTOR))

/* Who may take each action, and in which statuses. */
static const struct rel_rule {
	enum lc_rel_action action;
	unsigned actors;
	unsigned statuses;
	enum lc_rel_status to;      /* LRL__MAX: unchanged */
} rel_rules[LRLA__MAX] = {
	[LRLA_VIEW] = {LRLA_VIEW, PARTIES | M(LC_ADMIN),
	    M(LRL_ACTIVE) | M(LRL_COMPLETED) | M(LRL_ENDED_EARLY), LRL__MAX},
	[LRLA_SET_END] = {LRLA_SET_END, M(LC_MENTOR) | M(LC_ADMIN), M(LRL_ACTIVE), LRL__MAX},
	[LRLA_COMPLETE] = {LRLA_COMPLETE, M(LC_MENTOR) | M(LC_ADMIN), M(LRL_ACTIVE),
	    LRL_COMPLETED},
	[LRLA_ASK_END] = {LRLA_ASK_END, PARTIES, M(LRL_ACTIVE), LRL__MAX},
	[LRLA_END_EARLY] = {LRLA_END_EARLY, M(LC_ADMIN), M(LRL_ACTIVE), LRL_ENDED_EARLY},
	[LRLA_ASK_EXTENSION] = {LRLA_ASK_EXTENSION, PARTIES, M(LRL_ACTIVE), LRL__MAX},
	[LRLA_DECIDE_EXTENSION] = {LRLA_DECIDE_EXTENSION, M(LC_ADMIN), M(LRL_ACTIVE), LRL__MAX},
	[LRLA_ADD_CONTENT] = {LRLA_ADD_CONTENT, PARTIES, M(LRL_ACTIVE), LRL__MAX},
};

bool
lc_rel_allows(enum lc_rel_status status, enum lc_rel_action action, enum lc_actor who)
{
	if ((unsigned)status >= LRL__MAX || (unsigned)action >= LRLA__MAX ||
	    (unsigned)who >= LC__ACTORS)
		return false;
	const struct rel_rule *r = &rel_rules[action];
	return (r->actors & M(who)) && (r->statuses & M(status));
}

enum lc_rel_status
lc_rel_next(enum lc_rel_status status, enum lc_rel_action action)
{
	if ((unsigned)action >= LRLA__MAX || rel_rules[action].to == LRL__MAX)
		return status;
	return rel_rules[action].to;
}

/* ---- working days ---- */

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool
parse_day(const char *iso, int64_t *day)
{
	int y, m, d;
	char tail;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	*day = days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

static bool
is_working(int64_t day, const char *const *holidays, size_t n)
{
	/* 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays */
	int64_t wd = ((day + 3) % 7 + 7) % 7;
	if (wd >= 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		int64_t h;
		if (parse_day(holidays[i], &h) && h == day)
			return false;
	}
	return true;
}

int64_t
lc_deadline(int64_t submitted_at, int days, const char *const *holidays, size_t nholidays)
{
	const int64_t DAY = 86400;
	int64_t day = submitted_at >= 0 ? submitted_at / DAY : -((-submitted_at + DAY - 1) / DAY);
	int64_t tod = submitted_at - day * DAY;
	if (days < 1)
		days = 1;
	/* a year of holidays cannot stop the count: give up after ~10 years */
	for (int counted = 0, guard = 0; counted < days && guard < 3660; guard++) {
		day++;
		if (is_working(day, holidays, nholidays))
			counted++;
	}
	return day * DAY + tod;
}
