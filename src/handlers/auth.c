/*
 * auth.c - the server's hooks for who is asking (ACC-4) and what they
 * may do: the session cookie or an API bearer token becomes req->auth
 * (struct app_auth) and req->user; access levels of the route table are
 * checked against the person's views; and the consent gate sends anyone
 * who must (re-)accept a privacy notice there first (ACC-2).
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/account.h"
#include "core/arena.h"
#include "core/config.h"

const char *
auth_cookie_name(const struct request *req)
{
	/* __Host- cookies are only accepted over https (Secure, Path=/) */
	return req->is_https ? "__Host-tandem_session" : "tandem_session";
}

void
auth_limits(const struct request *req, struct app_session_limits *out)
{
	out->idle = req->config->session_idle_timeout;
	out->absolute = req->config->session_absolute_timeout;
	out->is_passive = req->route != NULL && (req->route->flags & ROUTE_PASSIVE);
}

enum err
auth_authenticate(struct request *req)
{
	const char *token = NULL;
	bool is_bearer = false;
	if (req->authorization != NULL &&
	    strncmp(req->authorization, "Bearer ", 7) == 0) {
		token = req->authorization + 7;
		is_bearer = true;
	} else {
		token = req_cookie(req, auth_cookie_name(req));
	}
	if (token == NULL)
		return ERR_OK;

	struct app_auth *me = arena_calloc(req->arena, 1, sizeof(*me));
	struct app_session_limits lim;
	auth_limits(req, &lim);
	enum err rc = app_session_check(req->db, req->arena, token, &lim, me);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;     /* expired or unknown: simply not signed in */
	if (rc != ERR_OK)
		return rc;
	if (is_bearer != me->is_bearer)
		return ERR_OK;     /* a cookie token is not an API token, nor back */

	struct principal *p = arena_calloc(req->arena, 1, sizeof(*p));
	p->user_id = me->user_id;
	p->username = me->username;
	p->display_name = me->display_name;
	p->is_site_admin = me->is_site_admin;
	req->user = p;
	req->auth = me;
	req->is_bearer = is_bearer;
	req->csrf_base = me->csrf_base;
	req->theme = me->theme;
	req->sidebar_hidden = me->sidebar_hidden;
	return ERR_OK;
}

bool
auth_authorise(struct request *req, enum access access)
{
	const struct app_auth *me = req->auth;
	switch (access) {
	case ACCESS_PUBLIC:
	case ACCESS_SIGNED_IN:
		return me != NULL;
	case ACCESS_SCHEME_ADMIN:
		return app_is_any_admin(me);
	case ACCESS_SITE_ADMIN:
		return me != NULL && me->is_site_admin;
	case ACCESS__MAX:
		break;
	}
	return false;
}

void
auth_gate(struct request *req, struct response *resp)
{
	const struct app_auth *me = req->auth;
	if (me == NULL || me->consent_scheme == 0)
		return;
	if (req->is_api) {
		resp_json(resp, req, 403, json_pack("{s:{s:s, s:s, s:{}}}", "error",
		    "code", "consent_required", "message",
		    "The privacy notice has changed. Accept it at /consent before "
		    "anything else.", "fields"));
		return;
	}
	resp_redirect(resp, req, "/consent");
}
