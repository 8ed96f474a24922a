/*
 * imports.h - what the two CSV imports (people, app/people.c; a cohort's
 * members, app/cohorts.c) share: the keyed digest a confirm must send
 * back, and a file-level CSV fault in plain words.
 */
#ifndef TANDEM_APP_IMPORTS_H
#define TANDEM_APP_IMPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/crypto.h"
#include "core/err.h"

struct arena;
struct csv_error;
struct db;

/*
 * The digest of an import's text: keyed BLAKE2b-256, its key derived from
 * the installation's secret key (app_secret_key, as the CSRF and calendar
 * tokens are) for this kind of import ("people", "cohort"), this
 * administrator and this scope (a scheme, a cohort).  A digest shown to
 * one administrator for one scope does not match for another, and
 * nobody without the secret can make one.  out: HASH_HEX_LEN + 1 bytes.
 */
enum err app_import_digest(struct db *db, const char *kind, int64_t user_id,
    int64_t scope_id, const char *text, size_t len, char out[HASH_HEX_LEN + 1]);

/* A file-level fault of csv_parse_ex in words: a file not saved as UTF-8
 * or binary is told how to save it as "CSV UTF-8", bad quotes name the
 * line; too_big is the sentence for too many rows or columns.  NULL when
 * e carries no fault. */
const char *app_csv_fault_text(struct arena *a, const struct csv_error *e,
    const char *too_big);

#endif
