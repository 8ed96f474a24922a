/*
 * render.c - email bodies from the mail templates (see render.h).
 *
 * Design: the model is built here, the words are in the templates:
 * mail/notice-text, mail/notice-html, mail/digest-text, mail/digest-html.
 * The text is split into paragraphs (blank lines) and lines; in the HTML
 * part every line is cut into plain runs and http(s) URLs, so that URLs
 * become links while everything stays escaped by {{x}}: no HTML from the
 * caller ever reaches the page, and the templates need no {{{x}}}.
 *
 * Traps: the text templates are not HTML, so they use {{{x}}} (no
 * escaping) and must never be used for HTML.  A render that fails (too
 * large) is an error for the caller: an email we cannot render is not
 * queued half-made.
 */
#include "mail/render.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "view/json.h"
#include "view/templates.h"

#define BODY_MAX ((size_t)2 * 1024 * 1024)

/* Where a URL in the text ends: at white space, or a closing
 * punctuation mark that ends the sentence rather than the URL. */
static size_t
url_len(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && s[n] != ' ' && s[n] != '\t' && s[n] != '<' && s[n] != '>' &&
	    s[n] != '"')
		n++;
	while (n > 0 && strchr(".,;:!?)'", s[n - 1]) != NULL)
		n--;
	return n;
}

/* One line as runs {"is_link", "text"}: the text, or a URL to link.
 * (Not a "url" key: a run without one would see the email's own url.) */
static json_t *
line_parts(const char *s, size_t len)
{
	json_t *parts = json_array();
	size_t start = 0, i = 0;

	while (i < len) {
		bool is_url = (len - i > 8 && strncmp(s + i, "https://", 8) == 0) ||
		    (len - i > 7 && strncmp(s + i, "http://", 7) == 0);
		if (is_url && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' ||
		    s[i - 1] == '\t')) {
			size_t n = url_len(s + i, len - i);
			if (i > start)
				json_array_append_new(parts, json_pack("{s:b, s:s%}", "is_link",
				    false, "text", s + start, i - start));
			json_array_append_new(parts, json_pack("{s:b, s:s%}", "is_link",
			    true, "text", s + i, n));
			i += n;
			start = i;
			continue;
		}
		i++;
	}
	if (len > start)
		json_array_append_new(parts, json_pack("{s:b, s:s%}", "is_link", false,
		    "text", s + start, len - start));
	return parts;
}

/* Paragraphs of lines: [{"lines": [{"is_first", "parts"}]}]; blank lines
 * separate paragraphs, CRLF or LF end lines. */
static json_t *
paragraphs(const char *text)
{
	json_t *paras = json_array();
	json_t *lines = NULL;
	const char *p = text;

	while (*p != '\0') {
		size_t len = strcspn(p, "\r\n");
		size_t shown = len;
		while (shown > 0 && (p[shown - 1] == ' ' || p[shown - 1] == '\t'))
			shown--;
		if (shown == 0) {
			lines = NULL;            /* a blank line ends the paragraph */
		} else {
			if (lines == NULL) {
				lines = json_array();
				json_array_append_new(paras, json_pack("{s:o}", "lines", lines));
			}
			json_array_append_new(lines, json_pack("{s:b, s:o}", "is_first",
			    json_array_size(lines) == 0, "parts", line_parts(p, shown)));
		}
		p += len;
		if (*p == '\r' && p[1] == '\n')
			p++;
		if (*p != '\0')
			p++;
	}
	return paras;
}

/* The text without trailing blank lines (the template adds its own). */
static const char *
trimmed(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	return arena_strndup(a, s, len);
}

static enum err
render(struct arena *a, const char *name, json_t *ctx, char **out)
{
	struct buf b;
	buf_init_arena(&b, a, BODY_MAX);
	enum err rc = templates_render(name, ctx, &b);
	if (rc == ERR_OK && buf_err(&b))
		rc = ERR_TOO_LARGE;
	*out = rc == ERR_OK ? buf_take(&b, NULL) : NULL;
	return rc;
}

enum err
mail_render_notice(struct arena *a, const struct app_mail_view *v, char **text,
    char **html)
{
	json_t *m = json_object();
	enum err rc;

	json_put_s(m, "scheme_name", v->scheme_name);
	json_put_b(m, "has_scheme", v->scheme_name[0] != '\0');
	json_put_s(m, "greeting", v->greeting);
	json_put_b(m, "has_greeting", v->greeting[0] != '\0');
	json_put_s(m, "subject", v->subject);
	json_put_s(m, "text", trimmed(a, v->text));
	json_object_set_new(m, "paragraphs", paragraphs(v->text));
	json_put_s(m, "url", v->url);
	json_put_s(m, "action", v->kind->action);
	json_put_s(m, "why", v->kind->description);
	json_put_b(m, "is_required", v->kind->is_required);
	json_put_s(m, "settings_url", v->settings_url);
	if ((rc = render(a, "mail/notice-text", m, text)) == ERR_OK)
		rc = render(a, "mail/notice-html", m, html);
	json_decref(m);
	return rc;
}

enum err
mail_render_digest(struct arena *a, const struct app_digest_view *v, char **text,
    char **html)
{
	json_t *m = json_object();
	json_t *items = json_array();
	enum err rc;

	for (size_t i = 0; i < v->n; i++) {
		const struct app_digest_view_item *it = &v->items[i];
		json_t *o = json_object();
		json_put_s(o, "subject", it->subject);
		json_put_s(o, "scheme_name", it->scheme_name);
		json_put_b(o, "has_scheme", it->scheme_name[0] != '\0');
		json_put_s(o, "text", trimmed(a, it->text));
		json_object_set_new(o, "paragraphs", paragraphs(it->text));
		json_put_s(o, "action", it->label);
		json_put_s(o, "url", it->url);
		json_array_append_new(items, o);
	}
	json_put_s(m, "greeting", v->greeting);
	json_object_set_new(m, "items", items);
	json_put_i(m, "count", (int64_t)(v->n + v->nmore));
	json_put_b(m, "is_one", v->n + v->nmore == 1);
	json_put_i(m, "more", (int64_t)v->nmore);
	json_put_b(m, "has_more", v->nmore > 0);
	json_put_b(m, "is_one_more", v->nmore == 1);
	json_put_s(m, "url", v->url);
	json_put_s(m, "settings_url", v->settings_url);
	if ((rc = render(a, "mail/digest-text", m, text)) == ERR_OK)
		rc = render(a, "mail/digest-html", m, html);
	json_decref(m);
	return rc;
}

static const struct app_mail_renderer renderer = {
	.notice = mail_render_notice,
	.digest = mail_render_digest,
};

void
mail_render_configure(const struct config *cfg)
{
	char base[512];

	if (cfg->base_url != NULL && cfg->base_url[0] != '\0')
		snprintf(base, sizeof(base), "%s", cfg->base_url);
	else
		snprintf(base, sizeof(base), "http://%s", cfg->listen);
	app_mail_configure(base, &renderer);
}
