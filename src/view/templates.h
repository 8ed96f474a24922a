/*
 * templates.h - the named Mustache templates of the application.
 *
 * Templates are embedded in the binary (templates/NAME.mustache) and
 * compiled once at start-up, so a syntax error stops the server before
 * it listens.  With a development directory set, every render reads and
 * compiles the files afresh from there instead, so an edit shows on the
 * next reload.  Partials and parents are looked up by the same names:
 * {{> partials/field}}, {{< layout}}.
 */
#ifndef TANDEM_VIEW_TEMPLATES_H
#define TANDEM_VIEW_TEMPLATES_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* dev_dir: NULL for the embedded templates. Errors are logged. */
enum err templates_init(const char *dev_dir);
void templates_free(void);

/* Render template `name` ("home", "partials/x") with ctx, appending to
 * out.  ERR_NOT_FOUND for an unknown name. */
enum err templates_render(const char *name, json_t *ctx, struct buf *out);

#endif
