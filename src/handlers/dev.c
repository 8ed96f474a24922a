/*
 * dev.c - routes that exist only with dev = true (never in production):
 * an echo of what the HTTP layer parsed, so the HTTP tests can drive the
 * form and multipart parsers, limits and temporary files end to end.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "core/clock.h"

enum err
handle_dev_echo(struct request *req, struct response *resp)
{
	json_t *fields = json_object(), *files = json_array();
	for (const struct param *p = req->form; p; p = p->next)
		json_object_set_new(fields, p->name, json_string(p->value));
	for (const struct upload *u = req->uploads; u; u = u->next)
		json_array_append_new(files, json_pack("{s:s, s:s, s:s, s:I, s:b}",
		    "field", u->field, "filename", u->filename,
		    "content_type", u->content_type, "size", (json_int_t)u->len,
		    "is_pdf", u->head_len >= 5 && memcmp(u->head, "%PDF-", 5) == 0));
	resp_json(resp, req, 200, json_pack("{s:s, s:o, s:o, s:s}",
	    "title", req_str(req, "title"), "fields", fields, "files", files,
	    "method", http_method_name(req->method)));
	return ERR_OK;
}

/* Move the injectable clock (tests of expiry and deadlines). */
enum err
handle_dev_clock(struct request *req, struct response *resp)
{
	clock_advance(req_int(req, "advance"));
	resp_json(resp, req, 200, json_pack("{s:I}", "now", (json_int_t)clock_now()));
	return ERR_OK;
}
