/*
 * render.h - the bodies of every email, from templates/mail/ (MSG-4,
 * ACC-8).
 *
 * app decides what an email says and queues it; it builds no HTML
 * (the layer rule), so main installs this renderer into app with
 * mail_render_configure() and app_notice_tx calls it at queue time.
 * One pair of templates (text and HTML) renders every kind of
 * notification, and one pair the daily digest.
 */
#ifndef TANDEM_MAIL_RENDER_H
#define TANDEM_MAIL_RENDER_H

#include "app/account.h"
#include "core/err.h"

struct arena;
struct config;

/* Install the renderer and the base URL for links: cfg->base_url, or
 * http://LISTEN when it is empty (as the web pages' own links do).
 * Call once, after templates_init() and before any thread that queues
 * email starts. */
void mail_render_configure(const struct config *cfg);

/* The renderer's two functions, for tests: bodies into the arena. */
enum err mail_render_notice(struct arena *a, const struct app_mail_view *v,
    char **text, char **html);
enum err mail_render_digest(struct arena *a, const struct app_digest_view *v,
    char **text, char **html);

#endif
