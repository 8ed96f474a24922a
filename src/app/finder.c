/* finder.c - placeholder until the finder lands (issue 4): links, finds nothing. */
#include "app/finder.h"

enum err app_finder_reindex_user_tx(struct db *db, int64_t user_id)
{ (void)db; (void)user_id; return ERR_OK; }
enum err app_finder_reindex_scheme_tx(struct db *db, int64_t scheme_id)
{ (void)db; (void)scheme_id; return ERR_OK; }
enum err app_finder_assess(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, int64_t mentor_id, struct finder_assessment *out)
{ (void)db; (void)a; (void)scheme_id; (void)mentee_id; (void)mentor_id; (void)out; return ERR_NOT_FOUND; }
enum err app_finder_search(struct db *db, struct arena *a, const struct app_auth *me,
    const struct finder_query *q, struct finder_result *out, struct app_problems *ps)
{ (void)db; (void)a; (void)me; (void)q; (void)ps; *out = (struct finder_result){0}; return ERR_OK; }
void app_finder_forget(void) {}
enum err app_matching_load(struct db *db, struct arena *a, int64_t scheme_id,
    struct match_rules *rules, uint32_t *mentor_required, uint32_t *mentee_required)
{ (void)db; (void)a; (void)scheme_id; *rules = (struct match_rules){0}; *mentor_required = 0; *mentee_required = 0; return ERR_OK; }
