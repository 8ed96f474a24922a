/*
 * install.c - installation-wide facts kept in the meta table.
 *
 * The secret key lives in the database rather than a file beside it so
 * that a backup of the database is a complete backup; it never appears
 * in the repository, logs or any response.
 */
#include "app/app.h"

#include <sodium.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "db/db.h"

enum err
app_secret_key(struct db *db, unsigned char key[32])
{
	struct arena *a = arena_new(0);
	char *hex = NULL;
	enum err rc = db_meta_get(db, a, "secret_key", &hex);
	size_t got = 0;
	if (rc == ERR_OK) {
		if (sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &got, NULL) != 0 ||
		    got != 32)
			rc = ERR_DB;
		goto out;
	}
	if (rc != ERR_NOT_FOUND)
		goto out;
	char fresh[65];
	crypto_random(key, 32);
	sodium_bin2hex(fresh, sizeof(fresh), key, 32);
	rc = db_meta_set(db, "secret_key", fresh);
	crypto_wipe(fresh, sizeof(fresh));
out:
	if (hex != NULL)
		crypto_wipe(hex, strlen(hex));
	arena_free(a);
	return rc;
}
