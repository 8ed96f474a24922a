/* imports.c - see imports.h. */
#include "app/imports.h"

#include <sodium.h>
#include <stdio.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/csv.h"

enum err
app_import_digest(struct db *db, const char *kind, int64_t user_id, int64_t scope_id,
    const char *text, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char secret[32], key[crypto_generichash_KEYBYTES];
	unsigned char h[crypto_generichash_BYTES];
	char ctx[96];
	enum err rc = app_secret_key(db, secret);
	if (rc != ERR_OK)
		return rc;
	int n = snprintf(ctx, sizeof(ctx), "tandem %s import v1:%lld:%lld", kind,
	    (long long)user_id, (long long)scope_id);
	if (n < 0 || (size_t)n >= sizeof(ctx))
		return ERR_INTERNAL;
	crypto_generichash(key, sizeof(key), (const unsigned char *)ctx, (size_t)n, secret,
	    sizeof(secret));
	crypto_generichash(h, sizeof(h), (const unsigned char *)text, len, key, sizeof(key));
	sodium_bin2hex(out, HASH_HEX_LEN + 1, h, sizeof(h));
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(key, sizeof(key));
	return ERR_OK;
}

const char *
app_csv_fault_text(struct arena *a, const struct csv_error *e, const char *too_big)
{
	switch (e->fault) {
	case CSV_FAULT_NOT_UTF8:
		return arena_printf(a, "This file is not saved as UTF-8 (line %zu has characters "
		    "that are not). In Excel choose Save as \xe2\x86\x92 CSV UTF-8.", e->line);
	case CSV_FAULT_NUL:
		return "The file must be a CSV file (text), not a spreadsheet or other binary "
		    "file: save it as CSV";
	case CSV_FAULT_ROWS:
	case CSV_FAULT_FIELDS:
		return too_big;
	case CSV_FAULT_QUOTE:
		return arena_printf(a, "The file could not be read as CSV: check the quotes on "
		    "line %zu", e->line);
	case CSV_FAULT_NONE:
		break;
	}
	return NULL;
}
