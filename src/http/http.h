/*
 * http.h - what a handler sees of HTTP: the route table row, the request
 * with its validated inputs, and the response it fills in.
 *
 * A handler has one shape: read declared inputs (req_str, req_int ...),
 * call app, pick a status, render (page_render in handlers/, resp_json,
 * resp_redirect).
 * Routing, body parsing, size limits, authentication, CSRF and parameter
 * validation have all run before it is called.  Everything it allocates
 * comes from req->arena, freed when the request completes.
 *
 * No libmicrohttpd type appears here: only src/http/server.c knows it.
 */
#ifndef TANDEM_HTTP_HTTP_H
#define TANDEM_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "http/multipart.h"
#include "http/param.h"

struct arena;
struct config;
struct db;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP__MAX
};
const char *http_method_name(enum http_method m);

/* Who may call a route.  Checked centrally before the handler runs. */
enum access {
	ACCESS_PUBLIC,       /* anyone */
	ACCESS_SIGNED_IN,    /* any signed-in person */
	ACCESS_SCHEME_ADMIN, /* administrator of the scheme in context */
	ACCESS_SITE_ADMIN,   /* administrator of the installation */
	ACCESS__MAX
};

enum param_type {
	P_STRING,  /* UTF-8 text, trimmed, max_len bytes */
	P_TEXT,    /* multi-line text: like P_STRING but newlines kept, not trimmed */
	P_INT,     /* whole number in [min, max] */
	P_BOOL,    /* checkbox: present/"1"/"true"/"on" */
	P_CHOICE,  /* one of choices[] */
	P_FILE,    /* an upload (multipart only), at most max_len bytes */
	P_LIST,    /* repeated text values (name=a&name=b, or a JSON array of
	              strings or numbers): each trimmed, at most max_len
	              characters, empty ones dropped; at most `max` of them
	              (0 = 100).  Checkboxes and multi-selects. */
	P_PREFIX,  /* every input whose name starts with `name` ("field_"):
	              a scheme's own profile fields, whose names are only known
	              at run time.  Values as P_TEXT (max_len characters, at
	              most `max` inputs, 0 = 100); a JSON array gives one input
	              per element.  req_prefixed returns them in input order. */
};

/* One declared input.  Inputs come from the path ({name}), the query
 * string (GET/HEAD), or the body (form, multipart or JSON object). */
struct param_spec {
	const char *name;
	enum param_type type;
	bool is_required;
	size_t max_len;              /* characters for text, bytes for files;
	                                0 = 1000 characters */
	int64_t min, max;            /* P_INT */
	const char *const *choices;  /* P_CHOICE, NULL-terminated */
	const char *label;           /* for messages: "Theme" */
};

/* The validated value of one declared parameter. */
struct param_value {
	bool is_present;
	const char *str;              /* text as given (trimmed for P_STRING) */
	int64_t num;                  /* P_INT, P_BOOL */
	const struct upload *file;    /* P_FILE */
	const char **list;            /* P_LIST */
	size_t nlist;
	struct param *prefixed;       /* P_PREFIX */
};

struct request;
struct response;
typedef enum err (*handler_fn)(struct request *req, struct response *resp);

enum route_flag {
	ROUTE_FORM = 1 << 0,      /* handler re-renders its form on invalid
	                             input (req->errors set) instead of the
	                             central 400 */
	ROUTE_NO_CSRF = 1 << 1,   /* state-changing without a CSRF token: JSON
	                             bodies only (the public API POSTs) */
	ROUTE_DEV = 1 << 2,       /* only served with dev = true */
	ROUTE_UPLOAD = 1 << 3,    /* accepts multipart/form-data */
	ROUTE_NO_GATE = 1 << 4,   /* reachable while the gate hook would send
	                             the person elsewhere (consent, sign-out) */
	ROUTE_SECRET_PATH = 1 << 5, /* the path holds a secret (a reset token):
	                             the access log shows the pattern instead */
	ROUTE_PASSIVE = 1 << 6,   /* made by a script on a timer (the chat
	                             poll), not by the person: it does not count
	                             as activity, so an open page alone never
	                             keeps a sign-in from timing out */
};

struct route {
	enum http_method method;
	const char *pattern;      /* "/api/v1/schemes/{id:int}" */
	handler_fn handler;
	enum access access;
	const struct param_spec *params; /* terminated by a NULL name */
	unsigned flags;
	size_t max_body;          /* 0 = config max_form (uploads: max_request) */
};

/* A validation failure on one field, in declaration order. */
struct field_error {
	const char *field;
	const char *message;
	struct field_error *next;
};

/* The signed-in person, when there is one (filled by the session layer). */
struct principal {
	int64_t user_id;
	const char *username;
	const char *display_name;
	bool is_site_admin;
};

struct request {
	struct arena *arena;
	const struct config *config;
	struct db *db;                 /* this thread's connection */
	enum http_method method;
	const char *path;              /* decoded path, no query */
	const char *request_id;
	const char *client_ip;
	bool is_api;                   /* under /api/v1: JSON errors */
	bool is_https;                 /* public base URL is https */
	const struct route *route;

	struct param *path_params;
	struct param *query;
	struct param *form;            /* urlencoded or multipart text fields */
	struct upload *uploads;
	json_t *json;                  /* a JSON body (object), or NULL */
	struct param *cookies;

	struct param_value *values;    /* validated, parallel to route->params */
	struct field_error *errors;    /* invalid declared inputs (ROUTE_FORM) */
	struct principal *user;        /* NULL when not signed in */
	void *auth;                    /* the app's view of the signed-in person
	                                  (set by the authenticate hook) */
	bool is_bearer;                /* signed in by an API token: no CSRF */
	const char *authorization;     /* the Authorization header, or NULL */
	const char *user_agent;
	const char *csrf_token;        /* to put in forms on this page */
	const char *csrf_base;         /* secret the token is derived from:
	                                  the session's, or the visitor cookie */
	const char *theme;             /* "light" or "dark" */
	bool sidebar_hidden;
};

struct header {
	const char *name;
	const char *value;
	struct header *next;
};

struct response {
	int status;                    /* 0 until a handler sets one */
	const char *content_type;
	struct buf body;               /* arena-backed */
	struct header *headers;
	/* file download: when path is set, body is ignored */
	const char *file_path;
	const char *file_name;         /* Content-Disposition: attachment */
	bool is_cacheable;             /* static asset: skip no-store */
	enum err cause;                /* the error an error page answers
	                                  (set by the server before its
	                                  render_error hook; ERR_OK when a
	                                  handler chose the status itself) */
};

/* ---- reading declared inputs ---- */

/* The validated value of a declared parameter ("" / 0 / false when
 * absent).  Asking for an undeclared name is a bug and aborts. */
const char *req_str(const struct request *req, const char *name);
int64_t req_int(const struct request *req, const char *name);
bool req_bool(const struct request *req, const char *name);
bool req_has(const struct request *req, const char *name);
const struct upload *req_file(const struct request *req, const char *name);
/* P_LIST: the values in input order; returns how many. */
size_t req_list(const struct request *req, const char *name, const char *const **items);
/* P_PREFIX: the inputs whose names start with the declared prefix, full
 * names kept, in input order (a name may repeat: multiple choice). */
const struct param *req_prefixed(const struct request *req, const char *name);
/* The message for one field, or NULL. */
const char *req_error(const struct request *req, const char *name);
const char *req_cookie(const struct request *req, const char *name);
/* Add a field error (domain rules found by app, e.g. "username taken"). */
void req_add_error(struct request *req, const char *field, const char *message);

/* ---- responding ---- */

void resp_header(struct response *resp, struct request *req, const char *name,
    const char *value);
void resp_text(struct response *resp, int status, const char *type,
    const char *body, size_t len);
/* JSON body from `value` (reference stolen). */
void resp_json(struct response *resp, struct request *req, int status, json_t *value);
/* 303 See Other for forms (POST -> redirect -> GET); `location` must be
 * a local path: anything else is replaced by "/". */
void resp_redirect(struct response *resp, struct request *req, const char *location);
/* A cookie: HttpOnly, SameSite=Lax, Path=/, Secure on https. max_age 0
 * deletes it, < 0 makes a session cookie. */
void resp_cookie(struct response *resp, struct request *req, const char *name,
    const char *value, int64_t max_age);

/* The Content-Disposition value for a download named `name`:
 * attachment, an ASCII filename (anything else, quotes, backslashes and
 * controls become '_') and the exact UTF-8 name as filename* (RFC 6266,
 * percent-encoded).  The server adds it to every file response. */
const char *http_disposition(struct arena *a, const char *name);

/* The one map from enum err to HTTP status. */
int http_status_for_err(enum err e);
/* The one human message for an error status. */
const char *http_message_for_status(int status);
/* The message for an error: http_message_for_status of its status, but
 * ERR_STORAGE has its own ("Tandem cannot save changes right now ..."),
 * since its 503 is not "busy". */
const char *http_message_for_err(enum err e);
/* Seconds to put in Retry-After with a 503 for this error. */
#define HTTP_RETRY_AFTER_STORAGE 120
#define HTTP_RETRY_AFTER_BUSY 10

/* Validate the route's declared parameters from the path, query, form
 * and JSON body into req->values; problems go to req->errors.  Run by the
 * server before the handler. */
void req_validate(struct request *req);

/* Whether `s` is a safe local redirect target ("/x", not "//x" or "/\x"). */
bool http_is_local_path(const char *s);

#endif
