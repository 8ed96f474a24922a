/*
 * crypto.h - the few primitives Tandem needs, over libsodium.
 *
 * core depends on libsodium (a deliberate exception to "core -> libc"):
 * random tokens, hashing and MACs are needed by http (CSRF, sessions),
 * app (passwords) and mail alike, and must come from one place.
 * crypto_init() must be called once before any thread starts.
 */
#ifndef TANDEM_CORE_CRYPTO_H
#define TANDEM_CORE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define TOKEN_BYTES 32                 /* 256 random bits */
#define TOKEN_TEXT_LEN 43              /* base64url, no padding */
#define HASH_HEX_LEN 64                /* hex of a 32-byte hash */
#define PASSWORD_HASH_MAX 128          /* argon2id encoded string */

enum err crypto_init(void);

void crypto_random(void *buf, size_t len);

/* 256 random bits as base64url text; out has TOKEN_TEXT_LEN + 1 bytes. */
void crypto_token(char out[TOKEN_TEXT_LEN + 1]);

/* BLAKE2b-256 of data as lowercase hex (out: HASH_HEX_LEN + 1 bytes).
 * Used to store tokens hashed, and to fingerprint assets. */
void crypto_hash_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1]);

/* Keyed BLAKE2b-256 MAC of data as base64url (out: TOKEN_TEXT_LEN + 1). */
void crypto_mac_b64(const unsigned char key[32], const void *data, size_t len,
    char out[TOKEN_TEXT_LEN + 1]);

/* argon2id (interactive limits).  ERR_INTERNAL when out of memory. */
enum err crypto_password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool crypto_password_verify(const char *hash, const char *password);
/* True when the hash was made with other limits than today's. */
bool crypto_password_needs_rehash(const char *hash);

/* Wipe a secret. */
void crypto_wipe(void *p, size_t len);

#endif
