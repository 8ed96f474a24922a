/*
 * session.c - signing in and out, sessions, the per-address throttle and
 * the active view (ACC-4, ACC-5, ACC-7, ACC-9, switch view).
 *
 * Design:
 * - Tokens are 256 random bits; the database keeps only their BLAKE2b
 *   hash, so a copy of the database cannot be used to sign in.
 * - ACC-5 says locking must not reveal whether a username exists.  So an
 *   unknown username is checked against a dummy hash (same time as a real
 *   check), and "locked", "pending", "rejected" and "deactivated" are only
 *   said to someone who gave the right password; everyone else gets the
 *   one message for a wrong username or password.
 * - The throttle counts failed attempts per address in memory (a fixed
 *   table, oldest slot reused): 20 failures in 5 minutes blocks that
 *   address for the rest of the window, whatever usernames it tries.
 * - A session is checked on every request with four indexed lookups:
 *   session, person, views (one join), consent needed.  last_seen_at is
 *   written at most once a minute so reading pages does not write; in
 *   the same step users.last_active_at (REQ-14, for administrators) is
 *   written when it is at least APP_ACTIVE_EVERY (5 minutes) old.
 * - REQ-14: a successful sign-in ends a mentor's pause and clears their
 *   missed deadlines (db_mentor_unpause, in the sign-in transaction).
 */
#include "app/account.h"
#include "app/reqjobs.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/deadlines.h"

#define THROTTLE_SLOTS 1024
#define THROTTLE_WINDOW (5 * 60)
#define THROTTLE_MAX 20
#define TOUCH_EVERY 60

/* ---- who may do what ---- */

bool
app_is_scheme_admin(const struct app_auth *me, int64_t scheme_id)
{
	if (me == NULL)
		return false;
	if (me->is_site_admin)
		return true;
	for (size_t i = 0; i < me->nviews; i++)
		if (me->views[i].scheme_id == scheme_id &&
		    strcmp(me->views[i].role, "scheme_admin") == 0)
			return true;
	return false;
}

bool
app_is_any_admin(const struct app_auth *me)
{
	if (me == NULL)
		return false;
	if (me->is_site_admin)
		return true;
	for (size_t i = 0; i < me->nviews; i++)
		if (strcmp(me->views[i].role, "scheme_admin") == 0)
			return true;
	return false;
}

/* ---- throttle ---- */

struct slot {
	char ip[48];
	int64_t window_start;
	int count;
};

static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[THROTTLE_SLOTS];

static struct slot *
slot_for(const char *ip, int64_t now, bool create)
{
	struct slot *free_slot = NULL, *oldest = &slots[0];
	for (size_t i = 0; i < THROTTLE_SLOTS; i++) {
		struct slot *s = &slots[i];
		if (s->ip[0] && strcmp(s->ip, ip) == 0) {
			if (now - s->window_start >= THROTTLE_WINDOW) {
				s->window_start = now;
				s->count = 0;
			}
			return s;
		}
		if (s->ip[0] == '\0' || now - s->window_start >= THROTTLE_WINDOW) {
			if (free_slot == NULL)
				free_slot = s;
		} else if (s->window_start < oldest->window_start) {
			oldest = s;
		}
	}
	if (!create)
		return NULL;
	struct slot *s = free_slot ? free_slot : oldest;
	snprintf(s->ip, sizeof(s->ip), "%s", ip);
	s->window_start = now;
	s->count = 0;
	return s;
}

static bool
throttled(const char *ip, int64_t now)
{
	pthread_mutex_lock(&throttle_lock);
	struct slot *s = slot_for(ip, now, false);
	bool is = s != NULL && s->count >= THROTTLE_MAX;
	pthread_mutex_unlock(&throttle_lock);
	return is;
}

static void
throttle_fail(const char *ip, int64_t now)
{
	pthread_mutex_lock(&throttle_lock);
	slot_for(ip, now, true)->count++;
	pthread_mutex_unlock(&throttle_lock);
}

void
app_throttle_reset(void)
{
	pthread_mutex_lock(&throttle_lock);
	memset(slots, 0, sizeof(slots));
	pthread_mutex_unlock(&throttle_lock);
}

/* ---- signing in ---- */

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[PASSWORD_HASH_MAX];

static void
make_dummy(void)
{
	if (crypto_password_hash("tandem dummy password for timing", dummy_hash) != ERR_OK)
		dummy_hash[0] = '\0';
}

static const char *
view_label(const char *role)
{
	if (strcmp(role, "mentee") == 0)
		return "Mentee";
	if (strcmp(role, "mentor") == 0)
		return "Mentor";
	return "Scheme administrator";
}

static enum err
audit(struct db *db, int64_t actor, const char *action, int64_t subject_id,
    const char *detail, const char *ip)
{
	char subject[32] = "";
	if (subject_id)
		snprintf(subject, sizeof(subject), "user:%lld", (long long)subject_id);
	enum err rc = db_begin(db);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, actor, 0, action, subject, detail, ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

static enum err
new_session(struct db *db, const struct db_user *u, const struct app_signin_in *in,
    const struct app_session_limits *lim, int64_t now, char token[TOKEN_TEXT_LEN + 1])
{
	char hash[HASH_HEX_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
	struct arena *a = arena_new(0);
	struct db_view *views;
	size_t n;
	enum err rc = db_views_of_user(db, a, u->id, &views, &n);
	if (rc != ERR_OK)
		goto out;
	crypto_token(token);
	crypto_token(csrf);
	crypto_hash_hex(token, strlen(token), hash);
	struct db_session s = {
		.user_id = u->id,
		.csrf_token = csrf,
		/* start in the first participant view, else the first */
		.active_scheme = n ? views[0].scheme_id : 0,
		.active_role = n ? views[0].role : "",
		.created_at = now,
		.last_seen_at = now,
		.expires_at = now + lim->absolute,
		.kind = in->is_bearer ? "bearer" : "cookie",
		.ip = in->ip ? in->ip : "",
		.user_agent = in->user_agent ? in->user_agent : "",
	};
	if ((rc = db_begin(db)) != ERR_OK)
		goto out;
	if ((rc = db_session_create(db, hash, &s)) == ERR_OK &&
	    (rc = db_user_login_ok(db, u->id, now)) == ERR_OK &&
	    /* REQ-14: signing in ends a pause and clears missed deadlines */
	    (rc = db_mentor_unpause(db, u->id)) == ERR_OK &&
	    (rc = db_user_touch_active(db, u->id, now, 0)) == ERR_OK &&
	    (rc = app_audit_tx(db, u->id, 0, "signin.ok",
	    arena_printf(a, "user:%lld", (long long)u->id),
	    in->is_bearer ? "api token" : "", in->ip)) == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
out:
	crypto_wipe(csrf, sizeof(csrf));
	arena_free(a);
	return rc;
}

enum err
app_sign_in(struct db *db, struct arena *a, const struct app_signin_in *in,
    const struct app_session_limits *lim, struct app_signin_out *out)
{
	int64_t now = clock_now();
	struct db_user u;
	const char *ip = in->ip ? in->ip : "";
	enum err rc;

	memset(out, 0, sizeof(*out));
	out->result = SIGNIN_BAD;
	if (throttled(ip, now)) {
		out->result = SIGNIN_THROTTLED;
		log_warn("account: sign-in attempts from %s throttled", ip);
		return ERR_OK;
	}
	rc = db_user_by_username(db, a, in->username, &u);
	if (rc == ERR_NOT_FOUND) {
		pthread_once(&dummy_once, make_dummy);
		(void)crypto_password_verify(dummy_hash, in->password);
		throttle_fail(ip, now);
		return audit(db, 0, "signin.fail", 0, "unknown username", ip);
	}
	if (rc != ERR_OK)
		return rc;

	bool is_right = crypto_password_verify(u.password_hash, in->password);
	if (!is_right) {
		throttle_fail(ip, now);
		if (u.locked_at)
			return audit(db, 0, "signin.fail", u.id, "account locked", ip);
		int64_t failures, locked_at;
		if ((rc = db_begin(db)) != ERR_OK)
			return rc;
		rc = db_user_login_failed(db, u.id, APP_LOCK_AFTER, now, &failures, &locked_at);
		if (rc == ERR_OK)
			rc = app_audit_tx(db, 0, 0, "signin.fail",
			    arena_printf(a, "user:%lld", (long long)u.id),
			    arena_printf(a, "wrong password (%lld in a row)", (long long)failures),
			    ip);
		if (rc == ERR_OK && locked_at == now && failures == APP_LOCK_AFTER)
			rc = app_audit_tx(db, 0, 0, "account.locked",
			    arena_printf(a, "user:%lld", (long long)u.id),
			    "locked after 5 wrong passwords", ip);
		if (rc == ERR_OK)
			rc = db_commit(db);
		else
			db_rollback(db);
		return rc;
	}
	/* the right password: now it is safe to say what stands in the way */
	if (u.locked_at) {
		out->result = SIGNIN_LOCKED;
		return audit(db, u.id, "signin.refused", u.id, "locked", ip);
	}
	if (strcmp(u.status, "active") != 0) {
		out->result = strcmp(u.status, "pending") == 0 ? SIGNIN_PENDING :
		    strcmp(u.status, "rejected") == 0 ? SIGNIN_REJECTED : SIGNIN_DEACTIVATED;
		return audit(db, u.id, "signin.refused", u.id, u.status, ip);
	}
	if (crypto_password_needs_rehash(u.password_hash)) {
		char hash[PASSWORD_HASH_MAX];
		if (crypto_password_hash(in->password, hash) == ERR_OK)
			(void)db_user_set_password(db, u.id, hash);
		crypto_wipe(hash, sizeof(hash));
	}
	if ((rc = new_session(db, &u, in, lim, now, out->token)) != ERR_OK)
		return rc;
	out->result = SIGNIN_OK;
	return ERR_OK;
}

/* ---- sessions ---- */

enum err
app_session_check(struct db *db, struct arena *a, const char *token,
    const struct app_session_limits *lim, struct app_auth *out)
{
	char hash[HASH_HEX_LEN + 1];
	int64_t now = clock_now();
	struct db_session s;
	struct db_user u;
	struct db_view *v;
	size_t nv;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN)
		return ERR_NOT_FOUND;
	crypto_hash_hex(token, TOKEN_TEXT_LEN, hash);
	if ((rc = db_session_get(db, a, hash, &s)) != ERR_OK)
		return rc;
	if (now >= s.expires_at || now - s.last_seen_at >= lim->idle) {
		(void)db_session_delete(db, hash);
		return ERR_NOT_FOUND;
	}
	if ((rc = db_user_get(db, a, s.user_id, &u)) != ERR_OK)
		return rc;
	if (strcmp(u.status, "active") != 0)
		return ERR_NOT_FOUND;
	if ((rc = db_views_of_user(db, a, u.id, &v, &nv)) != ERR_OK)
		return rc;
	if ((rc = db_consent_needed(db, u.id, &out->consent_scheme)) != ERR_OK)
		return rc;
	if (!lim->is_passive && now - s.last_seen_at >= TOUCH_EVERY) {
		(void)db_session_touch(db, hash, now);
		/* REQ-14: last activity for administrators, written at most
		 * every APP_ACTIVE_EVERY seconds (the statement checks) */
		(void)db_user_touch_active(db, u.id, now, APP_ACTIVE_EVERY);
	}

	out->user_id = u.id;
	out->username = u.username;
	out->display_name = arena_printf(a, "%s %s", u.given_name, u.family_name);
	out->email = u.email;
	out->is_site_admin = u.is_site_admin;
	out->csrf_base = s.csrf_token;
	out->is_bearer = strcmp(s.kind, "bearer") == 0;
	out->token_hash = arena_strdup(a, hash);
	out->theme = u.theme;
	out->sidebar_hidden = u.sidebar_hidden;
	out->views = arena_calloc(a, nv ? nv : 1, sizeof(*out->views));
	out->nviews = nv;
	for (size_t i = 0; i < nv; i++) {
		out->views[i].scheme_id = v[i].scheme_id;
		out->views[i].scheme_name = v[i].scheme_name;
		out->views[i].role = v[i].role;
		out->views[i].label = view_label(v[i].role);
		if (v[i].scheme_id == s.active_scheme && strcmp(v[i].role, s.active_role) == 0)
			out->active = &out->views[i];
	}
	if (out->active == NULL && nv)
		out->active = &out->views[0];
	return ERR_OK;
}

enum err
app_sign_out(struct db *db, const struct app_auth *me, const char *ip)
{
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	char subject[32];
	snprintf(subject, sizeof(subject), "user:%lld", (long long)me->user_id);
	if ((rc = db_session_delete(db, me->token_hash)) == ERR_OK &&
	    (rc = app_audit_tx(db, me->user_id, 0, "signout", subject, "", ip)) == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum err
app_switch_view(struct db *db, struct app_auth *me, int64_t scheme_id, const char *role)
{
	for (size_t i = 0; i < me->nviews; i++) {
		if (me->views[i].scheme_id != scheme_id || strcmp(me->views[i].role, role) != 0)
			continue;
		enum err rc = db_session_set_view(db, me->token_hash, scheme_id, role);
		if (rc == ERR_OK)
			me->active = &me->views[i];
		return rc;
	}
	return ERR_NOT_FOUND;
}

enum err
app_set_appearance(struct db *db, const struct app_auth *me, const char *theme,
    bool sidebar_hidden)
{
	if (strcmp(theme, "light") != 0 && strcmp(theme, "dark") != 0)
		return ERR_BAD_INPUT;
	return db_user_set_appearance(db, me->user_id, theme, sidebar_hidden);
}
