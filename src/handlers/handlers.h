/*
 * handlers.h - the route table and what handlers share.
 *
 * Adding a page: one handler (here), one template (templates/), one row
 * in routes.c, one test.  A handler reads its declared inputs, calls
 * app, and answers with page_render (HTML), resp_json (API) or
 * page_respond (both: the same model rendered as HTML for the page route
 * and sent as JSON for its /api/v1 twin).
 */
#ifndef TANDEM_HANDLERS_HANDLERS_H
#define TANDEM_HANDLERS_HANDLERS_H

#include <jansson.h>
#include <stddef.h>

#include "http/http.h"

struct app_problems;

/* The one route table, assembled once from each area's rows (each
 * area keeps its rows beside its handlers: X_routes[] and X_nroutes). */
const struct route *routes_all(size_t *n);

extern const struct route core_routes[];
extern const size_t core_nroutes;
extern const struct route session_routes[];
extern const size_t session_nroutes;
extern const struct route register_routes[];
extern const size_t register_nroutes;
extern const struct route admin_routes[];
extern const size_t admin_nroutes;
extern const struct route profile_routes[];     /* profile.c: profiles, photos (PRO) */
extern const size_t profile_nroutes;
extern const struct route find_routes[];        /* find.c: find a mentor (FIND) */
extern const size_t find_nroutes;
extern const struct route schemeconf_routes[];  /* schemeconf.c: lists, fields, matching */
extern const size_t schemeconf_nroutes;
extern const struct route training_routes[];    /* training.c: training, conflicts */
extern const size_t training_nroutes;
extern const struct route request_routes[];     /* request.c: requests, proposals (REQ) */
extern const size_t request_nroutes;
extern const struct route relationship_routes[];/* relationship.c: relationships (REL) */
extern const size_t relationship_nroutes;
extern const struct route reqadmin_routes[];    /* reqadmin.c: deadlines, settings (REQ-7, 13, 14) */
extern const size_t reqadmin_nroutes;
/* issues 6 and 7: sessions, calendar, activity, notes, journey, diary,
 * agreement (each file keeps its rows beside its handlers) */
extern const struct route sessions_routes[];     /* sessions.c: sessions, hours (SES-1..6, 10) */
extern const size_t sessions_nroutes;
extern const struct route calendar_routes[];     /* calendar.c: feed, settings (SES-9) */
extern const size_t calendar_nroutes;
extern const struct route activity_routes[];     /* activity.c: logs, My activity, evidence */
extern const size_t activity_nroutes;
extern const struct route notes_routes[];        /* notes.c: notes, documents (NOTE-1..3) */
extern const size_t notes_nroutes;
extern const struct route journey_routes[];      /* journey.c: stages, action points (NOTE-5) */
extern const size_t journey_nroutes;
extern const struct route diary_routes[];        /* diary.c: learning diary, guides (NOTE-4, 6) */
extern const size_t diary_nroutes;
extern const struct route agreement_routes[];    /* agreement.c: mentoring agreement (REL-8) */
extern const size_t agreement_nroutes;
extern const struct route chats_routes[];        /* chats.c: chats (MSG-1) */
extern const size_t chats_nroutes;
extern const struct route messages_routes[];     /* messages.c: admin messages (MSG-2) */
extern const size_t messages_nroutes;
extern const struct route news_routes[];         /* news.c: news, resources (MSG-3) */
extern const size_t news_nroutes;
extern const struct route concerns_routes[];     /* concerns.c: concerns (MSG-5) */
extern const size_t concerns_nroutes;
extern const struct route mail_routes[];         /* mail.c: outbox, email (MSG-4, ACC-8) */
extern const size_t mail_nroutes;
extern const struct route evalforms_routes[];    /* evalforms.c: form builder (EVAL-1, EVAL-6) */
extern const size_t evalforms_nroutes;
extern const struct route evaluations_routes[];  /* evaluations.c: answering (EVAL-2..4) */
extern const size_t evaluations_nroutes;
extern const struct route evalresults_routes[];  /* evalresults.c: results (EVAL-4, EVAL-5) */
extern const size_t evalresults_nroutes;
extern const struct route audit_routes[];        /* audit.c: the audit log (ADM-7) */
extern const size_t audit_nroutes;
extern const struct route cohorts_routes[];      /* cohorts.c: cohorts, CSV import */
extern const size_t cohorts_nroutes;
extern const struct route people_routes[];       /* people.c: people admin, user import (ADM-1, ADM-3) */
extern const size_t people_nroutes;
extern const struct route schemes_routes[];      /* schemes.c: schemes, settings, overview (ADM-2, ADM-9) */
extern const size_t schemes_nroutes;
extern const struct route reports_routes[];      /* reports.c: the reports dashboard (ADM-4) */
extern const size_t reports_nroutes;
extern const struct route annual_routes[];       /* annual.c: annual report, standards (ADM-5, ADM-6) */
extern const size_t annual_nroutes;
extern const struct route matchprefs_routes[];   /* matchprefs.c: wishes and avoids for cohort matching (REQ-11) */
extern const size_t matchprefs_nroutes;
extern const struct route cohortmatch_routes[];  /* cohortmatch.c: running, adjusting, confirming cohort matching (REQ-11) */
extern const size_t cohortmatch_nroutes;

/* ---- auth.c: the server's hooks ---- */
struct app_session_limits;
enum err auth_authenticate(struct request *req);
bool auth_authorise(struct request *req, enum access access);
void auth_gate(struct request *req, struct response *resp);
const char *auth_cookie_name(const struct request *req);
void auth_limits(const struct request *req, struct app_session_limits *out);

/* Render templates/NAME.mustache with `model` (reference stolen) plus
 * the layout's data under "app" (theme, CSRF token, asset URLs, the
 * signed-in person, quick links).  Errors from the template engine give
 * a 500 page. */
enum err page_render(struct request *req, struct response *resp, int status,
    const char *template, json_t *model);

/* JSON for API routes, HTML otherwise (model stolen). */
enum err page_respond(struct request *req, struct response *resp, int status,
    const char *template, json_t *model);

/* The field errors of req as a JSON object {field: message} and the
 * ordered list the error summary shows [{field, message}]. */
json_t *page_errors(const struct request *req);

/* Domain problems found by app, as field errors on the request (the
 * first message per field wins). */
void page_add_problems(struct request *req, const struct app_problems *ps);

/* The API's answer to invalid input: status (422, or 409 for a
 * conflict) with {"error": {code, message, fields: {name: message}}}. */
enum err page_invalid(struct request *req, struct response *resp, int status);

/* Each named field's error into the page model as NAME_error, for the
 * message beside the field. */
void page_field_errors(struct request *req, json_t *m, const char *const *names);

/* The server's hook for every error page. */
void page_render_error(struct request *req, struct response *resp, int status,
    const char *message);

/* ---- admin.c ---- */
/* The administration tabs into the page model: "admin_menu" (current
 * names the tab shown, "" none) and "admin_schemes", the schemes the
 * person runs (scheme_current marks one, 0 none). */
/* The start of links in emails and calendar invitations: the configured
 * base_url, or http:// and the listen address; no trailing slash. */
const char *page_link_base(struct request *req);

/* A refusal: the error JSON ({"error": {code, message, fields: {}}}) for
 * the API, the error page with `message` for a page. */
enum err page_refuse(struct request *req, struct response *resp, int status,
    const char *code, const char *message);
/* The first sentence app gave for a refusal (field ""), or `fallback`. */
const char *page_why(const struct app_problems *ps, const char *fallback);

/* An NHS date input's three boxes (prefix_day, _month, _year) in m: from
 * an ISO date ("" each when it is not one), or as typed (a form coming
 * back). */
void page_date_parts(struct request *req, json_t *m, const char *prefix, const char *iso);
void page_date_typed(struct request *req, json_t *m, const char *prefix);

void admin_menu(struct request *req, json_t *m, const char *current,
    int64_t scheme_current);

/* ---- session.c ---- */
struct app_auth;
/* The signed-in person and their views as JSON (API "me"). */
json_t *session_me_json(const struct app_auth *me);
/* The signed-in home page for the active view (REL-1). */
enum err handle_dashboard(struct request *req, struct response *resp);

/* ---- the signed-in home page's tabs (REL-1), each filled by its area ----
 *
 * Each fills `tab` (the model of the tab shown) and sets "is_filled"
 * true when it has something to show; otherwise the tab's empty
 * sentence is shown.  dashboard.mustache renders partials/home-<area>. */
/* request.c: "My mentoring requests" (mentor: new first, then the
 * waiting list; mentee: their requests and proposals). */
enum err home_tab_requests(struct request *req, json_t *tab);
/* relationship.c: "My mentees"/"My mentors" (past false) and "Past
 * mentees"/"Past mentors" (past true). */
enum err home_tab_relationships(struct request *req, json_t *tab, bool past);
/* The administrator view's cards: reqadmin.c (requests waiting too
 * long) and relationship.c (endings and extensions to decide).  Each adds
 * its keys to m, rendered by partials/admin-home-requests and
 * partials/admin-home-relationships. */
enum err home_admin_requests(struct request *req, json_t *m);
enum err home_admin_relationships(struct request *req, json_t *m);

/* ---- what other areas add to shared pages (issues 6 and 7) ----
 *
 * The relationship page (REL-2): each area adds one key to m (the page
 * model, also the API's JSON) and templates/relationship.mustache
 * renders partials/rel-<area> inside it.  p is the page the
 * relationship handler loaded (the viewer is p->rel.actor).  Return an
 * error only for a failure; an area with nothing to show adds an empty
 * section. */
struct app_relationship_page;
enum err rel_sessions_model(struct request *req, json_t *m,
    const struct app_relationship_page *p);   /* sessions.c: "sessions" */
enum err rel_notes_model(struct request *req, json_t *m,
    const struct app_relationship_page *p);   /* notes.c: "notes" */
enum err rel_journey_model(struct request *req, json_t *m,
    const struct app_relationship_page *p);   /* journey.c: "journey" */
enum err rel_agreement_model(struct request *req, json_t *m,
    const struct app_relationship_page *p);   /* agreement.c: "agreement" */
enum err rel_chat_model(struct request *req, json_t *m,
    const struct app_relationship_page *p);   /* chats.c: "chat" (partials/rel-chat) */
enum err rel_evaluations_model(struct request *req, json_t *m,
    const struct app_relationship_page *p);   /* evaluations.c: "evaluations"
                                                 (partials/rel-evaluations) */
/* EVAL-3: where a mentor goes after marking rel_id complete: their
 * evaluation's page, or NULL for the relationship page (evaluations.c). */
const char *eval_after_complete_url(struct request *req, int64_t rel_id);

/* The mentee/mentor home page: sessions.c adds "sessions_home" (hours
 * and "did it take place?" questions, partials/home-sessions) and
 * agreement.c "agreement_home" (agreements to confirm or review,
 * partials/home-agreement).  activity.c fills the "My activity" tab. */
enum err home_sessions(struct request *req, json_t *m);
enum err home_agreement(struct request *req, json_t *m);
/* issue 8, above the tabs: unread chats (chats.c, partials/home-chats),
 * unread administrator messages (messages.c, partials/home-messages),
 * recent news and new resources (news.c, partials/home-news) */
enum err home_chats(struct request *req, json_t *m);
enum err home_messages(struct request *req, json_t *m);
enum err home_news(struct request *req, json_t *m);
/* issue 9: "Evaluations to complete" above the tabs (partials/home-evaluations)
 * and, when tab is the past tab ("is_past"), each relationship row's open
 * evaluation ("evaluation": {url, until}) (evaluations.c). */
enum err home_evaluations(struct request *req, json_t *m, json_t *tab);
/* issue 11: cohort matching wishes ("matchprefs_home": a waiting
 * mentee's or a mentor's link to their preferences when the scheme uses
 * cohort matching; partials/home-matchprefs) (matchprefs.c). */
enum err home_matchprefs(struct request *req, json_t *m);

/* issue 10: the reports dashboard's figures and charts for one scheme
 * and period, as "report" on m (reports.c; rendered by
 * partials/report-figures), shared by the dashboard and the annual
 * report (annual.c).  from/to: YYYY-MM-DD, inclusive; cohort_id 0 for
 * everyone.  Access is checked by app (the scheme's administrators). */
enum err reports_model(struct request *req, json_t *m, int64_t scheme_id, const char *from,
    const char *to, int64_t cohort_id);
enum err home_tab_activity(struct request *req, json_t *tab);

/* My activity (activity.c, SES-8) asks diary.c for the person's diary
 * entries dated in [from, to] (YYYY-MM-DD): diary.c adds "diary" (a list)
 * and "diary_count" to m. */
enum err activity_diary_model(struct request *req, json_t *m, const char *from,
    const char *to);

/* ---- handlers ---- */
enum err handle_home(struct request *req, struct response *resp);
enum err handle_accessibility(struct request *req, struct response *resp);
enum err handle_help(struct request *req, struct response *resp);
enum err handle_appearance_get(struct request *req, struct response *resp);
enum err handle_appearance_post(struct request *req, struct response *resp);
enum err handle_health(struct request *req, struct response *resp);
/* GET /readyz: 200 {"status": "ready", ...} or 503 with "reason" (issue 12). */
enum err handle_ready(struct request *req, struct response *resp);
/* GET /metrics: the Prometheus text for addresses in metrics_allow,
 * ERR_NOT_FOUND (the 404 page) for anyone else. */
enum err handle_metrics(struct request *req, struct response *resp);
enum err handle_api_root(struct request *req, struct response *resp);
enum err handle_dev_echo(struct request *req, struct response *resp);
enum err handle_dev_clock(struct request *req, struct response *resp);

#endif
