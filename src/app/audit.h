/*
 * audit.h - the audit log (ADM-7): a searchable view for administrators
 * and a hash chain that shows whether any entry was changed.  Every
 * module writes entries with app_audit_tx (app/app.h); its owner
 * documents the rest below.
 */
#ifndef TANDEM_APP_AUDIT_H
#define TANDEM_APP_AUDIT_H

#include "app/account.h"

/* `tandem audit verify`: recompute the chain from the first entry.
 * *checked: entries checked; *bad_id: the first entry whose hash does
 * not match (0 when the chain is whole).  ERR_OK either way; an error
 * only when the log cannot be read. */
enum err app_audit_verify(struct db *db, struct arena *a, int64_t *checked, int64_t *bad_id);

/* Declared by their owner below this line. */

#endif
