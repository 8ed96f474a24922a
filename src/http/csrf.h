/*
 * csrf.h - tokens that prove a state-changing request came from our page.
 *
 * A token is a keyed hash (the installation's secret key) of a per-visitor
 * base: for a signed-in person the session's own CSRF secret, for anyone
 * else the random value of the `tandem_csrf` cookie (set on first visit).
 * A page puts the token in every form (csrf_token field) and the API
 * takes it in the X-CSRF-Token header.  An attacker's page can neither
 * read the token nor compute it, even if it can plant a cookie.
 */
#ifndef TANDEM_HTTP_CSRF_H
#define TANDEM_HTTP_CSRF_H

#include <stdbool.h>

#include "core/crypto.h"

#define CSRF_COOKIE "tandem_csrf"
#define CSRF_FIELD "csrf_token"
#define CSRF_HEADER "X-CSRF-Token"

/* Once at start-up, with the installation's 32-byte secret. */
void csrf_init(const unsigned char key[32]);

void csrf_token_for(const char *base, char out[TOKEN_TEXT_LEN + 1]);

/* Constant-time check of a submitted token against base. */
bool csrf_check(const char *base, const char *submitted);

#endif
