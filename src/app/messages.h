/*
 * messages.h - administrator messages to people and groups, and their
 * replies (MSG-2).
 * PROVISIONAL: the contract the rest of Tandem uses; the messages owner
 * adds the rest.
 */
#ifndef TANDEM_APP_MESSAGES_H
#define TANDEM_APP_MESSAGES_H

#include <stdint.h>

#include "core/err.h"

struct app_auth;
struct db;

/* CONTRACT: how many administrator messages sent to `me` are unread (the
 * side menu's badge, on every page: one indexed query). */
enum err app_messages_unread(struct db *db, const struct app_auth *me, int64_t *n);

#endif
