/*
 * server.c - libmicrohttpd glue.  The only file that includes
 * microhttpd.h.
 *
 * One request goes through on_request several times:
 *   1. first call: make the request context (arena, id), route it, pick
 *      the body parser and its limits.  Answer nothing yet - a response
 *      queued on the first call makes MHD close the connection - except
 *      413 when Content-Length already says the body is too large (then
 *      closing is what we want: the client is not going to be read).
 *   2. calls with upload data: feed the body parser.  Past a limit the
 *      rest is read and dropped (up to DRAIN_MAX) so that the 413 page
 *      reaches a client still sending; past DRAIN_MAX, 413 is queued at
 *      once and MHD closes the connection.
 *   3. last call (no upload data): cookies, body, sign-in, CSRF, access,
 *      validation, handler, security headers, queue the response.
 * on_completed runs when MHD is done with the request, sent or not: it
 * writes the access log line, deletes temporary upload files and frees
 * the arena, which holds the response body too (so bodies are handed to
 * MHD without copying).
 *
 * Slow clients and the connection limit (issue 12): every connection is
 * registered with http/deadline from MHD's connection notification, and
 * the request's phases (header complete, body bytes, answering, done)
 * are reported from on_request and on_completed; its reaper cuts those
 * past their deadline.  MHD stops accepting when its own connection
 * limit is reached, leaving new clients waiting in the listen backlog,
 * so MHD's limit is set above max_connections and the accept policy
 * refuses (closes at once) any connection past max_connections.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/strparse.h"
#include "http/cookie.h"
#include "http/csrf.h"
#include "http/deadline.h"
#include "http/form.h"
#include "http/router.h"
#include "http/static.h"
#include "view/json.h"

#define MAX_COOKIES 32
#define MAX_FORM_FIELDS 256
#define JSON_MAX_DEPTH 32
/* How much of an over-limit body we read and throw away so that the 413
 * page reaches the client (one that is still sending when the server
 * closes sees a reset instead).  Past this, we answer and close. */
#define DRAIN_MAX ((size_t)32 * 1024 * 1024)
/* How often the slow-client reaper looks (deadlines are in seconds). */
#define REAP_TICK_MS 250
/* MHD's own connection limit sits this far (plus one per thread, for
 * accepts racing the count) above max_connections, so that it is never
 * the one to stop accepting: see accept_policy. */
#define MHD_LIMIT_HEADROOM 16

struct http_server {
	struct MHD_Daemon *daemon;
	const struct config *cfg;
	struct router *router;
	const struct route *routes;  /* the table given, for metrics rows */
	size_t nroutes;
	struct http_hooks hooks;
	struct deadlines *deadlines;
	bool is_https;
	char *tmpdir;
	char *hsts;
	_Atomic long in_flight;
	_Atomic uint64_t counter;
	char id_prefix[9];
};

enum body_kind { BODY_NONE, BODY_FORM, BODY_JSON, BODY_MULTIPART, BODY_DISCARD };

struct ctx {
	struct http_server *srv;
	struct request req;
	struct response resp;
	struct timespec start;
	const char *method_text; /* as sent, for the log */
	enum body_kind kind;
	struct buf body;
	struct deadline_conn *dl;  /* the connection's deadline entry */
	struct multipart *mp;
	size_t body_limit;
	size_t body_seen;
	enum err body_err;       /* first error while reading the body */
	unsigned allowed;        /* methods for a 405 */
	enum err route_err;
	bool is_queued;
	int status_sent;
	size_t bytes_sent;
};

static const char *const security_headers[][2] = {
	{"Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
	    "manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
};

static enum http_method
parse_method(const char *m)
{
	static const char *const names[HTTP__MAX] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
	};
	for (int i = 0; i < HTTP__MAX; i++)
		if (strcmp(m, names[i]) == 0)
			return (enum http_method)i;
	return HTTP__MAX;
}

static double
elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static const char *
header(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* ---- building and queuing the MHD response ---- */

static void
add_headers(struct ctx *c, struct MHD_Response *r)
{
	struct request *req = &c->req;
	struct response *resp = &c->resp;

	/* a stored upload is never a page: if a browser is somehow made to
	 * render one, it runs nothing and reaches nothing (sandbox) */
	bool is_file = resp->file_path != NULL;
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		MHD_add_response_header(r, security_headers[i][0], i == 0 && is_file ?
		    "default-src 'none'; sandbox; frame-ancestors 'none'" :
		    security_headers[i][1]);
	if (c->srv->hsts)
		MHD_add_response_header(r, "Strict-Transport-Security", c->srv->hsts);
	if (resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	if (!resp->is_cacheable)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (req->request_id)
		MHD_add_response_header(r, "X-Request-Id", req->request_id);
	if (resp->file_path != NULL && resp->file_name != NULL)
		MHD_add_response_header(r, "Content-Disposition",
		    http_disposition(req->arena, resp->file_name));
	for (struct header *h = resp->headers; h; h = h->next)
		MHD_add_response_header(r, h->name, h->value);
}

static enum MHD_Result
queue(struct ctx *c, struct MHD_Connection *conn)
{
	struct response *resp = &c->resp;
	struct MHD_Response *r = NULL;

	if (resp->status == 0)
		resp->status = 500;
	if (resp->file_path != NULL) {
		FILE *f = fopen(resp->file_path, "rb");
		long size = -1;
		if (f != NULL && fseek(f, 0, SEEK_END) == 0)
			size = ftell(f);
		if (f != NULL && size >= 0) {
			int fd = dup(fileno(f));
			r = MHD_create_response_from_fd((uint64_t)size, fd);
			c->bytes_sent = (size_t)size;
		}
		if (f != NULL)
			fclose(f);
		if (r == NULL) {
			log_error("http: cannot open download %s", resp->file_path);
			resp->status = 500;
		}
	}
	if (r == NULL) {
		if (buf_err(&resp->body)) {
			log_error("http: response body over its limit for %s", c->req.path);
			resp->status = 500;
			buf_reset(&resp->body);
		}
		r = MHD_create_response_from_buffer(resp->body.len,
		    (void *)(uintptr_t)buf_str(&resp->body), MHD_RESPMEM_PERSISTENT);
		c->bytes_sent = resp->body.len;
	}
	if (r == NULL)
		return MHD_NO;
	add_headers(c, r);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	c->is_queued = true;
	c->status_sent = resp->status;
	return ret;
}

/* JSON error body: {"error": {"code", "message", "fields": {name: msg}}} */
static void
json_error(struct request *req, struct response *resp, int status, const char *message)
{
	json_t *fields = json_object();
	for (const struct field_error *e = req->errors; e; e = e->next)
		if (json_object_get(fields, e->field) == NULL)
			json_object_set_new(fields, e->field, json_string(e->message));
	const char *code = "error";
	switch (status) {
	case 400: code = "bad_request"; break;
	case 401: code = "unauthorized"; break;
	case 403: code = "forbidden"; break;
	case 404: code = "not_found"; break;
	case 405: code = "method_not_allowed"; break;
	case 409: code = "conflict"; break;
	case 413: code = "too_large"; break;
	case 415: code = "unsupported_media_type"; break;
	case 422: code = "invalid"; break;
	case 503: code = "unavailable"; break;
	default: code = status >= 500 ? "server_error" : "error"; break;
	}
	resp_json(resp, req, status, json_pack("{s:{s:s, s:s, s:o}}", "error",
	    "code", code, "message", message, "fields", fields));
}

static void
render_error(struct ctx *c, int status, const char *message)
{
	struct request *req = &c->req;
	struct response *resp = &c->resp;
	if (message == NULL)
		message = http_message_for_status(status);
	/* drop what the handler set, but keep cookies (a first-time
	 * visitor's CSRF cookie must survive an error page) */
	struct header *keep = NULL;
	for (struct header *h = resp->headers, *next; h; h = next) {
		next = h->next;
		if (strcasecmp(h->name, "Set-Cookie") == 0) {
			h->next = keep;
			keep = h;
		}
	}
	resp->headers = keep;
	resp->file_path = NULL;
	resp->is_cacheable = false;
	if (status == 405) {
		struct buf allow;
		buf_init_arena(&allow, req->arena, 256);
		for (int m = 0; m < HTTP__MAX; m++) {
			if (c->allowed & (1u << m))
				buf_printf(&allow, "%s%s", allow.len ? ", " : "",
				    http_method_name((enum http_method)m));
		}
		resp_header(resp, req, "Allow", buf_str(&allow));
	}
	/* 503s pass: say when to come back (storage takes longer than a
	 * lock) */
	if (status == 503)
		resp_header(resp, req, "Retry-After", arena_printf(req->arena, "%d",
		    resp->cause == ERR_STORAGE ? HTTP_RETRY_AFTER_STORAGE :
		    HTTP_RETRY_AFTER_BUSY));
	if (req->is_api || c->srv->hooks.render_error == NULL) {
		if (req->is_api)
			json_error(req, resp, status, message);
		else
			resp_text(resp, status, "text/plain; charset=utf-8", message,
			    strlen(message));
		return;
	}
	c->srv->hooks.render_error(req, resp, status, message);
	resp->status = status;
}

/* The error page for an error from a hook or a handler: its status and
 * message, and resp->cause so the page can tell storage (ERR_STORAGE:
 * "nothing was saved", the form offered again) from the rest. */
static void
render_err(struct ctx *c, enum err rc)
{
	c->resp.cause = rc;
	render_error(c, http_status_for_err(rc), http_message_for_err(rc));
}

/* ---- request context ---- */

/* A socket address as text ("-" when it is none we know). */
static void
addr_text(const struct sockaddr *sa, char ip[INET6_ADDRSTRLEN])
{
	memcpy(ip, "-", 2);
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    ip, INET6_ADDRSTRLEN);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    ip, INET6_ADDRSTRLEN);
}

static struct ctx *
ctx_new(struct http_server *srv, struct MHD_Connection *conn, const char *url,
    const char *method)
{
	struct arena *a = arena_new(16 * 1024);
	struct ctx *c = arena_calloc(a, 1, sizeof(*c));
	struct request *req = &c->req;

	clock_gettime(CLOCK_MONOTONIC, &c->start);
	c->srv = srv;
	req->arena = a;
	req->config = srv->cfg;
	req->method = parse_method(method);
	c->method_text = arena_strndup(a, method, strnlen(method, 16));
	req->path = arena_strdup(a, url);
	req->is_api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0;
	req->is_https = srv->is_https;
	req->theme = "light";
	req->request_id = arena_printf(a, "%s-%06llx", srv->id_prefix,
	    (unsigned long long)atomic_fetch_add(&srv->counter, 1));

	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN];
	addr_text(ci ? ci->client_addr : NULL, ip);
	/* behind a reverse proxy on this machine, the client is the last
	 * address the proxy added; anything earlier in the header is what
	 * the client claimed and is not believed */
	const char *xff = srv->cfg->trust_proxy &&
	    (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0) ?
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
	if (xff != NULL) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		size_t len = strcspn(last, " ");
		unsigned char probe[sizeof(struct in6_addr)];
		char candidate[INET6_ADDRSTRLEN];
		if (len > 0 && len < sizeof(candidate)) {
			memcpy(candidate, last, len);
			candidate[len] = '\0';
			if (inet_pton(AF_INET, candidate, probe) == 1 ||
			    inet_pton(AF_INET6, candidate, probe) == 1)
				memcpy(ip, candidate, len + 1);
		}
	}
	req->client_ip = arena_strdup(a, ip);

	buf_init_arena(&c->resp.body, a, 16 * 1024 * 1024);
	atomic_fetch_add(&srv->in_flight, 1);
	return c;
}

static bool
has_prefix_ci(const char *s, const char *prefix)
{
	return s != NULL && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Decide how the body is read and its limit; ERR_MEDIA_TYPE or
 * ERR_TOO_LARGE (from Content-Length) end the request early. */
static enum err
begin_body(struct ctx *c, struct MHD_Connection *conn)
{
	const struct config *cfg = c->srv->cfg;
	const struct route *rt = c->req.route;
	const char *type = header(conn, "Content-Type");
	const char *clen = header(conn, "Content-Length");
	bool is_upload = rt && (rt->flags & ROUTE_UPLOAD);

	c->body_limit = rt && rt->max_body ? rt->max_body :
	    is_upload ? cfg->max_request : cfg->max_form;
	if (clen != NULL) {
		char *end;
		unsigned long long n = strtoull(clen, &end, 10);
		if (*end == '\0' && n > c->body_limit) {
			const char *expect = header(conn, "Expect");
			/* a client waiting for 100-continue, or a body too big to
			 * drain, is answered now; the rest is read and dropped */
			if (expect != NULL || n > c->body_limit + DRAIN_MAX)
				return ERR_TOO_LARGE;
			c->kind = BODY_DISCARD;
			c->body_err = ERR_TOO_LARGE;
			return ERR_OK;
		}
	}
	switch (c->req.method) {
	case HTTP_POST:
	case HTTP_PUT:
	case HTTP_PATCH:
		break;
	default:
		c->kind = BODY_DISCARD;
		return ERR_OK;
	}
	if (rt == NULL) {
		c->kind = BODY_DISCARD;
		return ERR_OK;
	}
	if (has_prefix_ci(type, "application/x-www-form-urlencoded")) {
		c->kind = BODY_FORM;
	} else if (has_prefix_ci(type, "application/json")) {
		c->kind = BODY_JSON;
	} else if (has_prefix_ci(type, "multipart/form-data")) {
		struct multipart_limits lim = {
			.max_parts = 200,
			.max_header_len = 8 * 1024,
			.max_field_len = cfg->max_form,
			/* a route that declares its own ceiling (documents:
			 * the scheme's limit is checked in app) sets the
			 * largest file; others get the configured max_upload */
			.max_file_len = !is_upload ? 0 : rt->max_body > cfg->max_upload ?
			    rt->max_body : cfg->max_upload,
			.max_files = is_upload ? 10 : 0,
		};
		enum err rc = multipart_new(c->req.arena, type, &lim, c->srv->tmpdir, &c->mp);
		if (rc != ERR_OK)
			return rc;
		c->kind = BODY_MULTIPART;
	} else if (type == NULL && (clen == NULL || strcmp(clen, "0") == 0)) {
		c->kind = BODY_NONE;
	} else {
		return ERR_MEDIA_TYPE;
	}
	if (c->kind != BODY_MULTIPART)
		buf_init_arena(&c->body, c->req.arena, c->body_limit);
	return ERR_OK;
}

/* Returns false when the request must be answered now (drain cap). */
static bool
feed_body(struct ctx *c, const char *data, size_t len)
{
	c->body_seen += len;
	if (c->body_err != ERR_OK)
		return c->body_seen <= c->body_limit + DRAIN_MAX;
	if (c->body_seen > c->body_limit) {
		c->body_err = ERR_TOO_LARGE;
		return true;
	}
	switch (c->kind) {
	case BODY_FORM:
	case BODY_JSON:
		buf_append(&c->body, data, len);
		if (buf_err(&c->body))
			c->body_err = ERR_TOO_LARGE;
		break;
	case BODY_MULTIPART:
		c->body_err = multipart_feed(c->mp, data, len);
		break;
	case BODY_NONE:
		c->body_err = ERR_MEDIA_TYPE;
		break;
	case BODY_DISCARD:
		break;
	}
	return true;
}

static enum err
finish_body(struct ctx *c)
{
	struct request *req = &c->req;
	enum err rc = c->body_err;
	if (rc != ERR_OK)
		return rc;
	switch (c->kind) {
	case BODY_FORM:
		return form_parse_urlencoded(req->arena, buf_str(&c->body), c->body.len,
		    MAX_FORM_FIELDS, &req->form);
	case BODY_JSON: {
		json_t *v = NULL;
		if ((rc = json_decode_bounded(buf_str(&c->body), c->body.len,
		    JSON_MAX_DEPTH, &v)) != ERR_OK)
			return rc;
		if (!json_is_object(v)) {
			json_decref(v);
			return ERR_BAD_INPUT;
		}
		req->json = v;
		return ERR_OK;
	}
	case BODY_MULTIPART:
		return multipart_finish(c->mp, &req->form, &req->uploads);
	case BODY_NONE:
	case BODY_DISCARD:
		break;
	}
	return ERR_OK;
}

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct request *req = cls;
	(void)kind;
	struct param *p = arena_calloc(req->arena, 1, sizeof(*p));
	p->name = arena_strdup(req->arena, key);
	p->value = arena_strdup(req->arena, value ? value : "");
	p->value_len = strlen(p->value);
	struct param **tail = &req->query;
	size_t n = 0;
	while (*tail != NULL) {
		tail = &(*tail)->next;
		if (++n >= MAX_FORM_FIELDS)
			return MHD_NO;
	}
	*tail = p;
	return MHD_YES;
}

/* Give the visitor a CSRF base when not signed in (a cookie). */
static void
ensure_csrf(struct ctx *c)
{
	struct request *req = &c->req;
	char token[TOKEN_TEXT_LEN + 1];
	if (req->csrf_base == NULL) {
		const char *cookie = req_cookie(req, CSRF_COOKIE);
		if (cookie != NULL && strlen(cookie) == TOKEN_TEXT_LEN) {
			req->csrf_base = cookie;
		} else {
			crypto_token(token);
			req->csrf_base = NULL; /* a new cookie cannot vouch for this request */
			resp_cookie(&c->resp, req, CSRF_COOKIE, arena_strdup(req->arena, token), -1);
			csrf_token_for(token, token);
			req->csrf_token = arena_strdup(req->arena, token);
			return;
		}
	}
	csrf_token_for(req->csrf_base, token);
	req->csrf_token = arena_strdup(req->arena, token);
}

static bool
is_unsafe(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

static void
serve_static(struct ctx *c, struct MHD_Connection *conn)
{
	bool is_versioned;
	const struct static_asset *a = static_lookup(c->req.path, &is_versioned);
	struct response *resp = &c->resp;
	if (a == NULL || (c->req.method != HTTP_GET && c->req.method != HTTP_HEAD)) {
		c->allowed = (1u << HTTP_GET) | (1u << HTTP_HEAD);
		render_error(c, a == NULL ? 404 : 405, NULL);
		return;
	}
	resp->is_cacheable = true;
	resp_header(resp, &c->req, "ETag", a->etag);
	resp_header(resp, &c->req, "Cache-Control", is_versioned ?
	    "public, max-age=31536000, immutable" : "public, no-cache");
	const char *inm = header(conn, "If-None-Match");
	if (inm != NULL && strstr(inm, a->etag) != NULL) {
		resp->status = 304;
		resp->content_type = NULL;
		return;
	}
	resp->status = 200;
	resp->content_type = a->content_type;
	/* embedded bytes live for the whole process: point, don't copy */
	resp->body.data = (char *)(uintptr_t)a->data;
	resp->body.len = a->len;
	resp->body.cap = 0;
}

static void
run(struct ctx *c, struct MHD_Connection *conn)
{
	struct http_server *srv = c->srv;
	struct request *req = &c->req;
	struct response *resp = &c->resp;
	enum err rc;

	req->authorization = header(conn, "Authorization");
	const char *ua = header(conn, "User-Agent");
	req->user_agent = ua ? arena_strndup(req->arena, ua, strnlen(ua, 200)) : "";
	const char *cookie_header = header(conn, "Cookie");
	if (cookie_header != NULL)
		cookie_parse(req->arena, cookie_header, MAX_COOKIES, &req->cookies);
	const char *theme = req_cookie(req, "tandem_theme");
	if (theme != NULL && strcmp(theme, "dark") == 0)
		req->theme = "dark";
	const char *sidebar = req_cookie(req, "tandem_sidebar");
	req->sidebar_hidden = sidebar != NULL && strcmp(sidebar, "hidden") == 0;

	if (strncmp(req->path, "/assets/", 8) == 0) {
		serve_static(c, conn);
		return;
	}

	req->db = srv->hooks.thread_db ? srv->hooks.thread_db() : NULL;
	if (srv->hooks.thread_db != NULL && req->db == NULL) {
		metrics_db_error(ERR_DB);
		render_error(c, 503, NULL);
		return;
	}
	if (srv->hooks.authenticate && (rc = srv->hooks.authenticate(req)) != ERR_OK) {
		render_err(c, rc);
		return;
	}
	ensure_csrf(c);

	if (c->route_err != ERR_OK) {
		render_error(c, http_status_for_err(c->route_err), NULL);
		return;
	}
	/* an upload that met a full disk still has its text fields: the
	 * storage page (which offers them back with a CSRF token) is drawn
	 * only after sign-in, CSRF and access have passed, below */
	bool is_body_storage = (rc = finish_body(c)) == ERR_STORAGE;
	if (rc != ERR_OK && !is_body_storage) {
		render_error(c, http_status_for_err(rc), rc == ERR_BAD_INPUT ?
		    "The form could not be read. Go back, check what you entered and try again." :
		    NULL);
		return;
	}
	if (req->method == HTTP_GET || req->method == HTTP_HEAD)
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, req);

	/* not signed in (or the session ended): say so before anything else,
	 * so an app with an expired token hears "sign in again" (401), not
	 * "forbidden" from the CSRF check below */
	if (req->route->access != ACCESS_PUBLIC && req->user == NULL) {
		if (req->is_api) {
			render_error(c, 401, NULL);
		} else {
			/* come back here after signing in, when the path needs no
			 * escaping to sit in a query string */
			bool is_plain = strspn(req->path, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_.-") == strlen(req->path);
			resp_redirect(resp, req, is_plain && req->method == HTTP_GET ?
			    arena_printf(req->arena, "/sign-in?next=%s", req->path) :
			    "/sign-in");
		}
		return;
	}
	/* a route without CSRF (signing in through the API) takes only JSON,
	 * which a page on another site cannot send without a CORS preflight */
	if (is_unsafe(req->method) && (req->route->flags & ROUTE_NO_CSRF) &&
	    c->kind != BODY_JSON) {
		render_error(c, 415, "Send this as application/json.");
		return;
	}
	/* a bearer token is not sent by browsers on their own: no CSRF risk */
	if (is_unsafe(req->method) && !req->is_bearer &&
	    !(req->route->flags & ROUTE_NO_CSRF)) {
		const char *sent = header(conn, CSRF_HEADER);
		if (sent == NULL) {
			const struct param *p = param_find(req->form, CSRF_FIELD);
			sent = p ? p->value : NULL;
		}
		if (sent == NULL && req->json != NULL)
			sent = json_string_value(json_object_get(req->json, CSRF_FIELD));
		if (!csrf_check(req->csrf_base, sent)) {
			log_warn("http: %s %s refused: CSRF token missing or wrong (id=%s)",
			    http_method_name(req->method), req->path, req->request_id);
			render_error(c, 403, "This form has expired or did not come from "
			    "Tandem. Go back, reload the page and try again.");
			return;
		}
	}
	if (req->route->access != ACCESS_PUBLIC && (srv->hooks.authorise == NULL ||
	    !srv->hooks.authorise(req, req->route->access))) {
		render_error(c, 403, NULL);
		return;
	}
	if (is_body_storage) {
		render_err(c, ERR_STORAGE);
		return;
	}
	if (srv->hooks.gate != NULL && !(req->route->flags & ROUTE_NO_GATE)) {
		srv->hooks.gate(req, resp);
		if (resp->status != 0)
			return;
	}
	req_validate(req);
	if (req->errors != NULL && !(req->route->flags & ROUTE_FORM)) {
		render_error(c, req->is_api ? 422 : 400, req->is_api ?
		    "Some of the information sent was not valid." : NULL);
		return;
	}

	rc = req->route->handler(req, resp);
	if (rc != ERR_OK && resp->status == 0)
		render_err(c, rc);
	else if (resp->status == 0) {
		log_error("http: handler for %s set no status", req->route->pattern);
		render_error(c, 500, NULL);
	}
	/* a 503 a handler chose on purpose (/readyz) is not a failure; nor
	 * is a storage failure one per request: core/incident.h logged the
	 * incident once, the access log line shows each 503 */
	if (resp->status >= 500 && rc != ERR_OK && rc != ERR_STORAGE)
		log_error("http: %s %s failed: %s (id=%s)", http_method_name(req->method),
		    req->path, err_code(rc), req->request_id);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct ctx *c = *con_cls;
	(void)version;

	if (c == NULL) {
		c = ctx_new(srv, conn, url, method);
		*con_cls = c;
		const union MHD_ConnectionInfo *sc =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		c->dl = sc ? sc->socket_context : NULL;
		deadline_header_done(srv->deadlines, c->dl, c->req.client_ip,
		    deadline_now_ms());
		if (c->req.method == HTTP__MAX) {
			/* a method we do not know at all: 405 with what the path
			 * does accept (found by asking as if for GET) */
			const struct route *rt;
			struct param *pp;
			c->req.method = HTTP_OPTIONS; /* no body logic, no route */
			router_match(srv->router, c->req.arena, HTTP_GET, url, &rt, &pp,
			    &c->allowed);
			c->route_err = c->allowed ? ERR_METHOD : ERR_NOT_FOUND;
		} else if (strncmp(url, "/assets/", 8) != 0) {
			c->route_err = router_match(srv->router, c->req.arena, c->req.method,
			    url, &c->req.route, &c->req.path_params, &c->allowed);
		}
		enum err rc = begin_body(c, conn);
		if (rc == ERR_TOO_LARGE) {
			/* the body will not be read: say so now and close */
			deadline_answering(srv->deadlines, c->dl);
			render_error(c, 413, NULL);
			return queue(c, conn);
		}
		if (rc != ERR_OK)
			c->body_err = rc;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		deadline_body(srv->deadlines, c->dl, *upload_data_size);
		if (!c->is_queued && !feed_body(c, upload_data, *upload_data_size)) {
			*upload_data_size = 0;
			deadline_answering(srv->deadlines, c->dl);
			render_error(c, 413, NULL);
			return queue(c, conn);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->is_queued)
		return MHD_YES;
	deadline_answering(srv->deadlines, c->dl);
	run(c, conn);
	/* the handler has stored what it keeps: upload temporaries go now,
	 * before the answer, not when the connection gets round to it */
	if (c->mp != NULL)
		multipart_cleanup(c->mp);
	return queue(c, conn);
}

/* The metrics hook: one answered request under its route row (never the
 * raw path, which may hold ids), its status and its time.  A request
 * that was never answered (the client went away first) is not counted. */
static void
count_request(struct ctx *c)
{
	const struct request *req = &c->req;
	long row = METRICS_UNMATCHED;
	if (!c->is_queued)
		return;
	if (req->route != NULL && req->route >= c->srv->routes &&
	    req->route < c->srv->routes + c->srv->nroutes)
		row = (long)(req->route - c->srv->routes);
	else if (strncmp(req->path, "/assets/", 8) == 0)
		row = METRICS_ASSETS;
	metrics_request(row, c->status_sent, elapsed_ms(&c->start) / 1e3);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct ctx *c = *con_cls;
	(void)conn;
	if (c == NULL)
		return;
	struct request *req = &c->req;
	log_info("http: %s %s %d %zuB %.1fms ip=%s id=%s%s",
	    c->method_text, req->route && (req->route->flags & ROUTE_SECRET_PATH) ?
	    req->route->pattern : req->path,
	    c->is_queued ? c->status_sent : 0, c->bytes_sent, elapsed_ms(&c->start),
	    req->client_ip, req->request_id,
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" :
	    toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (timed out)" :
	    toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? " (client gone)" :
	    toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? " (shutdown)" : " (aborted)");
	count_request(c);
	/* before NOTIFY_CLOSED, so the entry (and its socket) still exist */
	deadline_request_done(srv->deadlines, c->dl, deadline_now_ms());
	if (c->mp != NULL)
		multipart_cleanup(c->mp);
	if (req->json != NULL)
		json_decref(req->json);
	*con_cls = NULL;
	arena_free(req->arena);
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* Register each connection with the reaper, and forget it on close.
 * MHD notifies the close before it closes the socket (see deadline.h). */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *srv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		deadlines_remove(srv->deadlines, *socket_context);
		*socket_context = NULL;
		return;
	}
	const union MHD_ConnectionInfo *fi =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *ai =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN];
	addr_text(ai ? ai->client_addr : NULL, ip);
	*socket_context = fi == NULL ? NULL :
	    deadlines_add(srv->deadlines, fi->connect_fd, ip, deadline_now_ms());
}

/* Past max_connections, a new connection is closed at once (the client
 * sees the connection closed, not a hang); MHD's own limit is higher,
 * so it never stops accepting and leaves clients in the backlog. */
static enum MHD_Result
accept_policy(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server *srv = cls;
	(void)addr;
	(void)addrlen;
	size_t limit = (size_t)srv->cfg->max_connections;
	if (deadlines_count(srv->deadlines) < limit)
		return MHD_YES;
	deadlines_refused(srv->deadlines, limit, deadline_now_ms());
	return MHD_NO;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t len = strlen(msg);
	while (len && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		msg[--len] = '\0';
	/* a client that goes away mid-request is not a server problem, and
	 * every connection the reaper cuts ends so: one line per cut (rate
	 * limited) comes from http/deadline, not one per socket from here */
	if (strstr(msg, "detected connection closure") != NULL ||
	    strstr(msg, "closed by remote") != NULL ||
	    strstr(msg, "forcibly closed by remote peer") != NULL) {
		log_debug("http: microhttpd: %s", msg);
		return;
	}
	log_warn("http: microhttpd: %s", msg);
}

/* Label the metrics rows with the table's methods and patterns (kept for
 * the life of the process: the counters point at them). */
static void
init_metrics(const struct route *routes, size_t n)
{
	static const char **methods, **patterns;
	free(methods);
	free(patterns);
	methods = xcalloc(n ? n : 1, sizeof(*methods));
	patterns = xcalloc(n ? n : 1, sizeof(*patterns));
	for (size_t i = 0; i < n; i++) {
		methods[i] = http_method_name(routes[i].method);
		patterns[i] = routes[i].pattern;
	}
	metrics_init_routes(n, methods, patterns);
}

enum err
http_server_start(const struct config *cfg, const struct route *routes,
    size_t nroutes, const struct http_hooks *hooks, struct http_server **out,
    uint16_t *port)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	char host[256];
	uint16_t want;
	struct sockaddr_storage ss;
	unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG;

	srv->cfg = cfg;
	srv->hooks = *hooks;
	srv->router = router_new(routes, nroutes, cfg->dev);
	srv->routes = routes;
	srv->nroutes = nroutes;
	init_metrics(routes, nroutes);
	srv->is_https = strncmp(cfg->base_url, "https://", 8) == 0;
	if (srv->is_https)
		srv->hsts = xstrdup("max-age=31536000; includeSubDomains");
	srv->tmpdir = xcalloc(1, strlen(cfg->data) + 8);
	memcpy(srv->tmpdir, cfg->data, strlen(cfg->data));
	memcpy(srv->tmpdir + strlen(cfg->data), "/tmp", 5);
	unsigned char rnd[4];
	crypto_random(rnd, sizeof(rnd));
	snprintf(srv->id_prefix, sizeof(srv->id_prefix), "%02x%02x%02x%02x",
	    rnd[0], rnd[1], rnd[2], rnd[3]);

	memset(&ss, 0, sizeof(ss));
	if (str_to_hostport(cfg->listen, host, sizeof(host), &want) != ERR_OK)
		goto fail;
	if (strchr(host, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(want);
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			goto badhost;
		flags |= MHD_USE_IPv6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(want);
		if (strcmp(host, "localhost") == 0)
			inet_pton(AF_INET, "127.0.0.1", &s4->sin_addr);
		else if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			goto badhost;
	}

	struct deadline_limits lim = {
		.header_ms = cfg->header_timeout * 1000,
		.body_ms = cfg->body_timeout * 1000,
		.body_min_rate = (int64_t)cfg->body_min_rate,
	};
	srv->deadlines = deadlines_new(&lim);
	srv->daemon = MHD_start_daemon(flags, want, accept_policy, srv, on_request, srv,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)(cfg->max_connections +
	    cfg->threads + MHD_LIMIT_HEADROOM),
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->max_connections_per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->connection_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->connection_memory,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	    /* MHD's default: SO_REUSEADDR (a restart need not wait out
	     * TIME_WAIT) but not SO_REUSEPORT, so a second tandem on the same
	     * address fails to start instead of silently sharing the
	     * traffic and running every job twice */
	    MHD_OPTION_END);
	if (srv->daemon == NULL) {
		log_error("http: cannot listen on %s (in use, or not an address of "
		    "this machine?)", cfg->listen);
		goto fail;
	}
	if (deadlines_start(srv->deadlines, REAP_TICK_MS) != ERR_OK) {
		MHD_stop_daemon(srv->daemon);
		goto fail;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon,
	    MHD_DAEMON_INFO_BIND_PORT);
	*port = di ? di->port : want;
	*out = srv;
	return ERR_OK;
badhost:
	log_error("http: listen: '%s' is not an IP address", host);
fail:
	deadlines_free(srv->deadlines);
	router_free(srv->router);
	free(srv->tmpdir);
	free(srv->hsts);
	free(srv);
	*out = NULL;
	return ERR_IO;
}

void
http_server_stop(struct http_server *srv)
{
	if (srv == NULL)
		return;
	MHD_socket fd = MHD_quiesce_daemon(srv->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	/* let requests in progress finish; idle keep-alive connections are
	 * not requests and are closed by MHD_stop_daemon */
	struct timespec tick = {0, 20 * 1000 * 1000};
	long waited_ms = 0, limit_ms = (long)srv->cfg->shutdown_timeout * 1000;
	long n;
	while ((n = atomic_load(&srv->in_flight)) > 0 && waited_ms < limit_ms) {
		nanosleep(&tick, NULL);
		waited_ms += 20;
	}
	if (n > 0)
		log_warn("http: shutting down with %ld request(s) unfinished", n);
	MHD_stop_daemon(srv->daemon);
	/* after MHD_stop_daemon: it reports every connection closed */
	deadlines_free(srv->deadlines);
	router_free(srv->router);
	free(srv->tmpdir);
	free(srv->hsts);
	free(srv);
}
