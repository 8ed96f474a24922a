/* sessions.c - PROVISIONAL stubs; the sessions helper writes the real
 * storage (see sessions.h). */
#include "db/sessions.h"

#include "db/db_int.h"

enum err
db_msession_get(struct db *db, struct arena *a, int64_t id, int64_t now,
    struct db_msession *out)
{
	(void)db; (void)a; (void)id; (void)now; (void)out;
	return ERR_NOT_FOUND;
}

enum err
db_msessions_of_relationship(struct db *db, struct arena *a, int64_t rel_id, int64_t now,
    struct db_msession **out, size_t *n)
{
	(void)db; (void)a; (void)rel_id; (void)now;
	*out = NULL;
	*n = 0;
	return ERR_OK;
}

enum err
db_msessions_of_user(struct db *db, struct arena *a, int64_t user_id, int64_t from,
    int64_t to, int64_t now, size_t limit, struct db_msession **out, size_t *n)
{
	(void)db; (void)a; (void)user_id; (void)from; (void)to; (void)now; (void)limit;
	*out = NULL;
	*n = 0;
	return ERR_OK;
}

enum err
db_minutes_of_relationship(struct db *db, int64_t rel_id, int64_t now, int64_t *minutes)
{
	(void)db; (void)rel_id; (void)now;
	*minutes = 0;
	return ERR_OK;
}

enum err
db_minutes_of_user(struct db *db, int64_t user_id, int64_t now, int64_t *minutes)
{
	(void)db; (void)user_id; (void)now;
	*minutes = 0;
	return ERR_OK;
}

enum err
db_minutes_of_user_between(struct db *db, int64_t user_id, int64_t from, int64_t to,
    int64_t now, int64_t *minutes)
{
	(void)db; (void)user_id; (void)from; (void)to; (void)now;
	*minutes = 0;
	return ERR_OK;
}
