/* crypto.c - libsodium wrappers (see crypto.h). */
#include "core/crypto.h"

#include <sodium.h>
#include <string.h>

_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer");

enum err
crypto_init(void)
{
	return sodium_init() < 0 ? ERR_INTERNAL : ERR_OK;
}

void
crypto_random(void *buf, size_t len)
{
	randombytes_buf(buf, len);
}

void
crypto_token(char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
crypto_hash_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	sodium_bin2hex(out, HASH_HEX_LEN + 1, h, sizeof(h));
}

void
crypto_mac_b64(const unsigned char key[32], const void *data, size_t len,
    char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), data, len, key, 32);
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum err
crypto_password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	if (crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ERR_INTERNAL;
	return ERR_OK;
}

bool
crypto_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool
crypto_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

void
crypto_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}
