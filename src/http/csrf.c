/* csrf.c - CSRF tokens derived from a per-visitor base (see csrf.h). */
#include "http/csrf.h"

#include <string.h>

#include "core/strparse.h"

static unsigned char csrf_key[32];

void
csrf_init(const unsigned char key[32])
{
	memcpy(csrf_key, key, sizeof(csrf_key));
}

void
csrf_token_for(const char *base, char out[TOKEN_TEXT_LEN + 1])
{
	static const char domain[] = "tandem csrf v1:";
	char msg[256];
	size_t blen = strlen(base);
	if (blen > sizeof(msg) - sizeof(domain))
		blen = sizeof(msg) - sizeof(domain);
	memcpy(msg, domain, sizeof(domain) - 1);
	memcpy(msg + sizeof(domain) - 1, base, blen);
	crypto_mac_b64(csrf_key, msg, sizeof(domain) - 1 + blen, out);
}

bool
csrf_check(const char *base, const char *submitted)
{
	if (base == NULL || *base == '\0' || submitted == NULL)
		return false;
	char want[TOKEN_TEXT_LEN + 1];
	csrf_token_for(base, want);
	if (strlen(submitted) != TOKEN_TEXT_LEN)
		return false;
	return str_ct_equal(want, submitted, TOKEN_TEXT_LEN);
}
