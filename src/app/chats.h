/*
 * chats.h - one conversation per relationship (MSG-1).
 * PROVISIONAL: the contract the rest of Tandem uses; the chats owner
 * adds the rest.
 */
#ifndef TANDEM_APP_CHATS_H
#define TANDEM_APP_CHATS_H

#include <stdint.h>

#include "core/err.h"

struct app_auth;
struct db;

/* CONTRACT: the number of chat messages written to `me` that `me` has
 * not read, over every relationship `me` is in (the side menu's badge,
 * on every page: one indexed query).  0 for people in no relationship. */
enum err app_chats_unread(struct db *db, const struct app_auth *me, int64_t *n);

#endif
