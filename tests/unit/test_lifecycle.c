/*
 * test_lifecycle.c - app/lifecycle: the request and relationship state
 * machines, walked exhaustively (every state x action x actor, for
 * requests also x proposal/request x ranked/not), against an expectation
 * written out here independently of the implementation's table, and the
 * working-day deadline (REQ-7) on fixed dates.
 *
 * The expectation lists what the spec allows (REQ-3 to REQ-6, REQ-8,
 * REQ-12, REQ-13, REL-3, REL-4, REL-6, REL-7); every other combination
 * must be refused.  A new transition needs a line in both places, which
 * is the point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/lifecycle.h"

/* ---- requests ---- */

/* What may happen, by whom: from, action, actor, to, and which requests
 * it applies to (R: requests only, K: ranked only, A: all). */
static const struct {
	enum lc_req_status from;
	enum lc_req_action action;
	enum lc_actor who;
	enum lc_req_status to;
	char only;
} allowed[] = {
	/* REQ-3: the mentor decides a new request */
	{LRS_NEW, LRA_APPROVE, LC_MENTOR, LRS_APPROVED, 'A'},
	{LRS_NEW, LRA_WAITLIST, LC_MENTOR, LRS_WAITING, 'R'},   /* REQ-8: proposals have no waiting list */
	{LRS_NEW, LRA_DECLINE, LC_MENTOR, LRS_DECLINED, 'A'},
	{LRS_NEW, LRA_AMEND, LC_MENTOR, LRS_AMEND, 'A'},
	/* REQ-4: the waiting list: approve or decline, any time */
	{LRS_WAITING, LRA_APPROVE, LC_MENTOR, LRS_APPROVED, 'A'},
	{LRS_WAITING, LRA_DECLINE, LC_MENTOR, LRS_DECLINED, 'A'},
	/* REQ-3: an amended request returns to the mentor as new */
	{LRS_AMEND, LRA_RESUBMIT, LC_MENTEE, LRS_NEW, 'A'},
	/* REQ-5: withdrawn by the mentee before a decision */
	{LRS_QUEUED, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, 'A'},
	{LRS_NEW, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, 'A'},
	{LRS_WAITING, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, 'A'},
	{LRS_AMEND, LRA_WITHDRAW, LC_MENTEE, LRS_WITHDRAWN, 'A'},
	/* REQ-13: ranked requests move to the next choice */
	{LRS_QUEUED, LRA_SEND, LC_SYSTEM, LRS_NEW, 'K'},
	{LRS_NEW, LRA_PASS, LC_SYSTEM, LRS_PASSED, 'K'},
	/* REQ-13, REQ-14: a later choice who can no longer be offered is passed over */
	{LRS_QUEUED, LRA_SKIP, LC_SYSTEM, LRS_PASSED, 'K'},
	/* REQ-12: closed when the mentee is matched another way */
	{LRS_QUEUED, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, 'A'},
	{LRS_NEW, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, 'A'},
	{LRS_WAITING, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, 'A'},
	{LRS_AMEND, LRA_CLOSE, LC_SYSTEM, LRS_WITHDRAWN, 'A'},
};

static enum lc_req_status
expected_req(bool is_proposal, bool is_ranked, enum lc_req_status from,
    enum lc_req_action action, enum lc_actor who)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		if (allowed[i].from != from || allowed[i].action != action || allowed[i].who != who)
			continue;
		if (allowed[i].only == 'R' && is_proposal)
			continue;
		if (allowed[i].only == 'K' && !is_ranked)
			continue;
		return allowed[i].to;
	}
	return LRS_REFUSED;
}

static void
test_request_machine_exhaustive(void **state)
{
	(void)state;
	size_t checked = 0, allowed_n = 0;
	for (int proposal = 0; proposal < 2; proposal++)
	for (int ranked = 0; ranked < 2; ranked++)
	for (int from = 0; from < LRS__MAX; from++)
	for (int action = 0; action < LRA__MAX; action++)
	for (int who = 0; who < LC__ACTORS; who++) {
		enum lc_req_status want = expected_req(proposal, ranked, from, action, who);
		enum lc_req_status got = lc_req_next(proposal, ranked, from, action, who);
		if (want != got)
			fail_msg("%s %s%s: %s by %s: want %s, got %s",
			    proposal ? "proposal" : "request", ranked ? "ranked " : "",
			    lc_req_status_name(from), lc_req_action_name(action), lc_actor_name(who),
			    want == LRS_REFUSED ? "refused" : lc_req_status_name(want),
			    got == LRS_REFUSED ? "refused" : lc_req_status_name(got));
		checked++;
		allowed_n += got != LRS_REFUSED;
	}
	assert_int_equal(checked, 2 * 2 * LRS__MAX * LRA__MAX * LC__ACTORS);
	assert_true(allowed_n > 0);
}

/* The spot checks a reader looks for first. */
static void
test_request_machine_refusals(void **state)
{
	(void)state;
	/* the mentee cannot decide their own request; an administrator cannot either */
	assert_int_equal(lc_req_next(false, false, LRS_NEW, LRA_APPROVE, LC_MENTEE), LRS_REFUSED);
	assert_int_equal(lc_req_next(false, false, LRS_NEW, LRA_APPROVE, LC_ADMIN), LRS_REFUSED);
	assert_int_equal(lc_req_next(false, false, LRS_NEW, LRA_APPROVE, LC_OTHER), LRS_REFUSED);
	/* the mentor cannot withdraw the mentee's request */
	assert_int_equal(lc_req_next(false, false, LRS_NEW, LRA_WITHDRAW, LC_MENTOR), LRS_REFUSED);
	/* nothing moves a decided request */
	for (int a = 0; a < LRA__MAX; a++)
		for (int w = 0; w < LC__ACTORS; w++) {
			assert_int_equal(lc_req_next(false, true, LRS_APPROVED, a, w), LRS_REFUSED);
			assert_int_equal(lc_req_next(false, true, LRS_DECLINED, a, w), LRS_REFUSED);
			assert_int_equal(lc_req_next(false, true, LRS_WITHDRAWN, a, w), LRS_REFUSED);
			assert_int_equal(lc_req_next(false, true, LRS_PASSED, a, w), LRS_REFUSED);
		}
	/* a waiting-list request cannot be sent back for amendment (REQ-4) */
	assert_int_equal(lc_req_next(false, false, LRS_WAITING, LRA_AMEND, LC_MENTOR), LRS_REFUSED);
	/* a request that is not ranked is never passed on */
	assert_int_equal(lc_req_next(false, false, LRS_NEW, LRA_PASS, LC_SYSTEM), LRS_REFUSED);
	/* a queued choice is not the mentor's to decide yet */
	assert_int_equal(lc_req_next(false, true, LRS_QUEUED, LRA_APPROVE, LC_MENTOR), LRS_REFUSED);
}

static void
test_request_names(void **state)
{
	(void)state;
	for (int s = 0; s < LRS__MAX; s++)
		assert_int_equal(lc_req_status_parse(lc_req_status_name(s)), s);
	assert_int_equal(lc_req_status_parse("approve"), LRS_REFUSED);
	assert_int_equal(lc_req_status_parse(NULL), LRS_REFUSED);
	assert_null(lc_req_status_name(LRS_REFUSED));
	assert_true(lc_req_is_open(LRS_QUEUED));
	assert_true(lc_req_is_open(LRS_AMEND));
	assert_false(lc_req_is_open(LRS_APPROVED));
	assert_false(lc_req_is_open(LRS_PASSED));
	for (int a = 0; a < LRA__MAX; a++)
		assert_non_null(lc_req_action_name(a));
	for (int w = 0; w < LC__ACTORS; w++)
		assert_non_null(lc_actor_name(w));
}

/* ---- relationships ---- */

#define PARTY(w) ((w) == LC_MENTEE || (w) == LC_MENTOR)

static bool
expected_rel(enum lc_rel_status s, enum lc_rel_action a, enum lc_actor w)
{
	bool live = s == LRL_ACTIVE;
	switch (a) {
	case LRLA_VIEW:             return PARTY(w) || w == LC_ADMIN;       /* REL-5: any status */
	case LRLA_SET_END:          return live && (w == LC_MENTOR || w == LC_ADMIN); /* REL-3 */
	case LRLA_COMPLETE:         return live && (w == LC_MENTOR || w == LC_ADMIN); /* REL-4 */
	case LRLA_ASK_END:          return live && PARTY(w);                /* REL-6 */
	case LRLA_END_EARLY:        return live && w == LC_ADMIN;           /* REL-6 */
	case LRLA_ASK_EXTENSION:    return live && PARTY(w);                /* REL-7 */
	case LRLA_DECIDE_EXTENSION: return live && w == LC_ADMIN;           /* REL-7 */
	case LRLA_ADD_CONTENT:      return live && PARTY(w);                /* REL-4, REL-5 */
	case LRLA__MAX:             break;
	}
	return false;
}

static void
test_relationship_machine_exhaustive(void **state)
{
	(void)state;
	for (int s = 0; s < LRL__MAX; s++)
	for (int a = 0; a < LRLA__MAX; a++)
	for (int w = 0; w < LC__ACTORS; w++) {
		bool want = expected_rel(s, a, w), got = lc_rel_allows(s, a, w);
		if (want != got)
			fail_msg("%s: %s by %s: want %s", lc_rel_status_name(s), lc_rel_action_name(a),
			    lc_actor_name(w), want ? "allowed" : "refused");
	}
	/* out of range is refused, not read past the table */
	assert_false(lc_rel_allows(LRL__MAX, LRLA_VIEW, LC_MENTOR));
	assert_false(lc_rel_allows(LRL_ACTIVE, LRLA__MAX, LC_MENTOR));
	assert_false(lc_rel_allows(LRL_ACTIVE, LRLA_VIEW, LC__ACTORS));
	/* the system takes no relationship action itself */
	for (int a = 0; a < LRLA__MAX; a++)
		assert_false(lc_rel_allows(LRL_ACTIVE, a, LC_SYSTEM));
}

static void
test_relationship_next(void **state)
{
	(void)state;
	assert_int_equal(lc_rel_next(LRL_ACTIVE, LRLA_COMPLETE), LRL_COMPLETED);
	assert_int_equal(lc_rel_next(LRL_ACTIVE, LRLA_END_EARLY), LRL_ENDED_EARLY);
	assert_int_equal(lc_rel_next(LRL_ACTIVE, LRLA_SET_END), LRL_ACTIVE);
	assert_int_equal(lc_rel_next(LRL_ACTIVE, LRLA_ASK_END), LRL_ACTIVE);
	for (int s = 0; s < LRL__MAX; s++) {
		assert_int_equal(lc_rel_status_parse(lc_rel_status_name(s)), s);
		assert_non_null(lc_rel_status_label(s));
	}
	assert_int_equal(lc_rel_status_parse("finished"), LRL__MAX);
	assert_string_equal(lc_rel_status_label(LRL_ENDED_EARLY), "Ended early");
}

/* ---- the working-day deadline (REQ-7) ---- */

#define MON_23_NOV_1000 INT64_C(1795428000)    /* 2026-11-23 10:00 UTC, a Monday */
#define MON_30_NOV_1000 INT64_C(1796032800)
#define TUE_24_NOV_1000 INT64_C(1795514400)
#define FRI_27_NOV_1500 INT64_C(1795791600)
#define FRI_04_DEC_1500 INT64_C(1796396400)
#define SAT_28_NOV_0830 INT64_C(1795854600)
#define FRI_04_DEC_0830 INT64_C(1796373000)
#define WED_23_DEC_0900 INT64_C(1798016400)
#define FRI_01_JAN_0900 INT64_C(1798794000)

static void
test_deadline(void **state)
{
	(void)state;
	/* five working days from a Monday: the next Monday, same time */
	assert_int_equal(lc_deadline(MON_23_NOV_1000, 5, NULL, 0), MON_30_NOV_1000);
	/* from a Friday the weekend is skipped */
	assert_int_equal(lc_deadline(FRI_27_NOV_1500, 5, NULL, 0), FRI_04_DEC_1500);
	/* sent on a Saturday: counting starts on Monday */
	assert_int_equal(lc_deadline(SAT_28_NOV_0830, 5, NULL, 0), FRI_04_DEC_0830);
	/* one day */
	assert_int_equal(lc_deadline(MON_23_NOV_1000, 1, NULL, 0), TUE_24_NOV_1000);
	/* 0 counts as 1 */
	assert_int_equal(lc_deadline(MON_23_NOV_1000, 0, NULL, 0), TUE_24_NOV_1000);
	/* Christmas: Friday 25th and Monday 28th are scheme holidays; the
	 * order of the list does not matter, nor do holidays at weekends */
	const char *const xmas[] = {"2026-12-28", "2026-12-26", "2026-12-25", "not a date"};
	assert_int_equal(lc_deadline(WED_23_DEC_0900, 5, xmas, 4), FRI_01_JAN_0900);
	/* a holiday outside the window changes nothing */
	const char *const far[] = {"2027-06-01"};
	assert_int_equal(lc_deadline(MON_23_NOV_1000, 5, far, 1), MON_30_NOV_1000);
	/* a holiday inside it adds a day */
	const char *const wed[] = {"2026-11-25"};
	assert_int_equal(lc_deadline(MON_23_NOV_1000, 5, wed, 1), MON_30_NOV_1000 + 86400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_machine_exhaustive),
		cmocka_unit_test(test_request_machine_refusals),
		cmocka_unit_test(test_request_names),
		cmocka_unit_test(test_relationship_machine_exhaustive),
		cmocka_unit_test(test_relationship_next),
		cmocka_unit_test(test_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
