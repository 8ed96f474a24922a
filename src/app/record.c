/*
 * record.c - the two side effects every change may carry, written in the
 * caller's transaction so they commit or vanish with it: an email in the
 * outbox (MSG-4; mail/ sends it later, with retries) and a row in the
 * audit log (ADM-7).
 *
 * app_email_tx writes an email exactly as given, with no kind, scheme or
 * template: notifications go through app_notice_tx (notify.c) instead,
 * which renders them and honours each person's settings.
 */
#include "app/app.h"
#include "app/audit.h"

#include "core/clock.h"
#include "db/db.h"

enum err
app_email_tx(struct db *db, const char *to, const char *subject,
    const char *text, const char *html)
{
	return db_outbox_add(db, to, subject, text, html ? html : "", clock_now(), NULL);
}

enum err
app_audit_tx(struct db *db, int64_t actor_id, int64_t scheme_id,
    const char *action, const char *subject, const char *detail, const char *ip)
{
	/* ADM-7: written into the hash chain (app/audit.c) */
	return app_audit_append(db, clock_now(), actor_id, scheme_id, action,
	    subject, detail, ip);
}
