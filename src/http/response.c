/*
 * response.c - response helpers, and the one map from errors to statuses
 * and human messages.  Security headers are added in server.c, in one
 * place, to every response.
 */
#include "http/http.h"

#include <string.h>

#include "core/arena.h"

const char *
http_method_name(enum http_method m)
{
	static const char *const names[HTTP__MAX] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
	};
	return (unsigned)m < HTTP__MAX ? names[m] : "?";
}

int
http_status_for_err(enum err e)
{
	switch (e) {
	case ERR_OK: return 200;
	case ERR_BAD_INPUT: return 400;
	case ERR_TOO_LARGE: return 413;
	case ERR_NOT_FOUND: return 404;
	case ERR_UNAUTHORIZED: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_CSRF: return 403;
	case ERR_METHOD: return 405;
	case ERR_MEDIA_TYPE: return 415;
	case ERR_CONFLICT: return 409;
	case ERR_BUSY: return 503;
	case ERR_STORAGE: return 503;
	case ERR_IO:
	case ERR_DB:
	case ERR_INTERNAL:
	case ERR__MAX:
		break;
	}
	return 500;
}

const char *
http_message_for_status(int status)
{
	switch (status) {
	case 400: return "Some of the information sent was not valid. Check it and try again.";
	case 401: return "You need to sign in to see this page.";
	case 403: return "You do not have permission to do this.";
	case 404: return "Page not found. If you typed the web address, check it is correct.";
	case 405: return "This page cannot be used in that way.";
	case 408: return "The request took too long. Try again.";
	case 409: return "Something changed while you were working. Reload the page and try again.";
	case 413: return "What you sent is too large. Try a smaller file or less text.";
	case 415: return "What you sent is in a form this page does not accept.";
	case 429: return "Too many requests. Wait a moment and try again.";
	case 503: return "Tandem is busy. Wait a moment and try again.";
	default: return "Sorry, there is a problem with the service. Try again later.";
	}
}

const char *
http_message_for_err(enum err e)
{
	if (e == ERR_STORAGE)
		return "Tandem cannot save changes right now; nothing was saved. "
		    "Try again in a few minutes.";
	return http_message_for_status(http_status_for_err(e));
}

void
resp_header(struct response *resp, struct request *req, const char *name,
    const char *value)
{
	struct header *h = arena_alloc(req->arena, sizeof(*h));
	h->name = name;
	h->value = value;
	h->next = resp->headers;
	resp->headers = h;
}

void
resp_text(struct response *resp, int status, const char *type, const char *body,
    size_t len)
{
	resp->status = status;
	resp->content_type = type;
	buf_reset(&resp->body);
	buf_append(&resp->body, body, len);
}

void
resp_json(struct response *resp, struct request *req, int status, json_t *value)
{
	resp->status = status;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	char *s = json_dumps(value, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH);
	if (s != NULL) {
		buf_puts(&resp->body, s);
		free(s);
	}
	buf_putc(&resp->body, '\n');
	json_decref(value);
	(void)req;
}

bool
http_is_local_path(const char *s)
{
	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == '\\')
			return false;
	return true;
}

void
resp_redirect(struct response *resp, struct request *req, const char *location)
{
	resp->status = 303;
	resp->content_type = "text/plain; charset=utf-8";
	resp_header(resp, req, "Location", http_is_local_path(location) ? location : "/");
	buf_reset(&resp->body);
}

void
resp_cookie(struct response *resp, struct request *req, const char *name,
    const char *value, int64_t max_age)
{
	char *c = arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
	    name, value, req->is_https ? "; Secure" : "");
	if (max_age >= 0)
		c = arena_printf(req->arena, "%s; Max-Age=%lld", c, (long long)max_age);
	resp_header(resp, req, "Set-Cookie", c);
}

const char *
http_disposition(struct arena *a, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(name);
	char *ascii = arena_alloc(a, len + 1), *utf8 = arena_alloc(a, 3 * len + 1);
	size_t i, u = 0;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)name[i];
		ascii[i] = ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\' ||
		    ch == '%' || ch == ';' ? '_' : (char)ch;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("!#$&+-.^_`|~", ch) != NULL) {
			utf8[u++] = (char)ch;
		} else {
			utf8[u++] = '%';
			utf8[u++] = hex[ch >> 4];
			utf8[u++] = hex[ch & 15];
		}
	}
	ascii[i] = '\0';
	utf8[u] = '\0';
	if (len == 0)
		return "attachment";
	return arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, utf8);
}
