/*
 * user.c - the rules for a person's account (ACC-1, ACC-7).
 *
 * Usernames compare without case (the column is COLLATE NOCASE) so
 * "J.Smith" and "j.smith" cannot both exist.  Passwords are hashed with
 * argon2id and the plain text wiped by the caller's owner (handlers wipe
 * form buffers with the request arena).
 */
#include "app/app.h"
#include "app/password.h"

#include <ctype.h>
#include <string.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/strparse.h"
#include "db/db.h"

static bool
email_plausible(const char *e)
{
	const char *at = strchr(e, '@');
	size_t len = strlen(e);
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL || len > 254)
		return false;
	const char *dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = e; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20 ||
		    *p == '<' || *p == '>' || *p == ',' || *p == ';' || *p == '"')
			return false;
	return true;
}

enum err
app_user_check(const struct app_new_user *u, struct app_problems *ps)
{
	size_t before = ps->n;
	size_t ulen = strlen(u->username);
	bool ok = ulen >= 3 && ulen <= 64;
	for (const char *p = u->username; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == '_';
	if (!ok)
		app_problem(ps, "username", "Username must be 3 to 64 letters, numbers, "
		    "full stops, hyphens or underscores");
	if (!email_plausible(u->email))
		app_problem(ps, "email", "Enter an email address in the correct format, "
		    "like name@example.nhs.uk");
	if (str_utf8_len(u->given_name) < 1 || str_utf8_len(u->given_name) > 100)
		app_problem(ps, "given_name", "Enter your first name");
	if (str_utf8_len(u->family_name) < 1 || str_utf8_len(u->family_name) > 100)
		app_problem(ps, "family_name", "Enter your last name");
	const char *problem = app_password_problem(u->password, u->username);
	if (problem != NULL)
		app_problem(ps, "password", problem);
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_user_create_tx(struct db *db, const struct app_new_user *u, int64_t *id)
{
	char hash[PASSWORD_HASH_MAX];
	enum err rc = crypto_password_hash(u->password, hash);
	if (rc != ERR_OK)
		return rc;
	int64_t now = clock_now();
	struct db_user row = {
		.username = u->username,
		.email = u->email,
		.given_name = u->given_name,
		.family_name = u->family_name,
		.password_hash = hash,
		.status = u->is_active ? "active" : "pending",
		.is_site_admin = u->is_site_admin,
		.created_at = now,
		.approved_at = u->is_active ? now : 0,
	};
	rc = db_user_create(db, &row, id);
	crypto_wipe(hash, sizeof(hash));
	return rc;
}
