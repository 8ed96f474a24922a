/*
 * testpairs.h - for unit tests of a relationship's content (notes, chats):
 * two schemes (aspire, beacon), an administrator of each, and two live
 * pairs in aspire (relationships 1 and 2), with an app_auth for each
 * person.  Include after cmocka.h and testdb.h, with t0 defined.
 */
#ifndef TANDEM_TESTS_TESTPAIRS_H
#define TANDEM_TESTS_TESTPAIRS_H

#include "app/account.h"
#include "app/app.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db.h"
#include "db/search.h"

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b, rel1, rel2;
	int64_t ids[6];
	struct app_view views[6];
	struct app_auth me[6];
};
enum { ADMIN_A, ADMIN_B, MENTOR1, MENTEE1, MENTOR2, MENTEE2 };

static inline int64_t
testpairs_user(struct db *db, const char *username, int64_t t0)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = "Given",
		.family_name = username, .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = t0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static inline int
testpairs_setup(void **state, const char *tag, int64_t t0)
{
	static const char *const names[6] = {"admin.a", "admin.b", "mentor.one", "mentee.one",
		"mentor.two", "mentee.two"};
	static const char *const roles[6] = {"scheme_admin", "scheme_admin", "mentor", "mentee",
		"mentor", "mentee"};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make(tag, f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(t0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	for (int i = 0; i < 6; i++) {
		int64_t scheme = i == ADMIN_B ? f->scheme_b : f->scheme_a;
		f->ids[i] = testpairs_user(f->db, names[i], t0);
		db_role_add(f->db, f->ids[i], scheme, roles[i], t0);
		f->views[i] = (struct app_view){.scheme_id = scheme, .scheme_name = "Scheme",
			.role = roles[i], .label = roles[i]};
		f->me[i] = (struct app_auth){.user_id = f->ids[i], .username = names[i],
			.display_name = names[i], .email = "x@example.nhs.uk",
			.views = &f->views[i], .nviews = 1, .active = &f->views[i]};
	}
	assert_int_equal(db_seed_relationship(f->db, f->scheme_a, f->ids[MENTOR1],
	    f->ids[MENTEE1], t0 - 86400), ERR_OK);
	assert_int_equal(db_seed_relationship(f->db, f->scheme_a, f->ids[MENTOR2],
	    f->ids[MENTEE2], t0 - 86400), ERR_OK);
	f->rel1 = 1;
	f->rel2 = 2;
	*state = f;
	return 0;
}

static inline int
testpairs_teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	arena_free(f->a);
	free(f);
	return 0;
}

#endif
