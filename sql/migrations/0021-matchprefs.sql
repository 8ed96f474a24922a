-- 0021-matchprefs: preferences for cohort matching (REQ-11, issue 11).
--
-- A mentee may rank up to three mentors they would like; each rank lowers
-- the pair's cost in cohort matching by the scheme's weight for it (in
-- score points, 0-100).  A mentor may mark mentees they would prefer not
-- to take: a hard exclusion when the scheme says so (avoid_hard), else a
-- penalty of avoid_penalty score points.  stable_mode offers the
-- administrator the stable (deferred acceptance) result beside the
-- optimal one.  Neither side's marks are ever shown to the other person.
ALTER TABLE scheme_settings ADD COLUMN wish_weight_1 INTEGER NOT NULL DEFAULT 30
	CHECK (wish_weight_1 BETWEEN 0 AND 100);
ALTER TABLE scheme_settings ADD COLUMN wish_weight_2 INTEGER NOT NULL DEFAULT 20
	CHECK (wish_weight_2 BETWEEN 0 AND 100);
ALTER TABLE scheme_settings ADD COLUMN wish_weight_3 INTEGER NOT NULL DEFAULT 10
	CHECK (wish_weight_3 BETWEEN 0 AND 100);
ALTER TABLE scheme_settings ADD COLUMN avoid_hard INTEGER NOT NULL DEFAULT 1
	CHECK (avoid_hard IN (0, 1));
ALTER TABLE scheme_settings ADD COLUMN avoid_penalty INTEGER NOT NULL DEFAULT 50
	CHECK (avoid_penalty BETWEEN 0 AND 100);
ALTER TABLE scheme_settings ADD COLUMN stable_mode INTEGER NOT NULL DEFAULT 0
	CHECK (stable_mode IN (0, 1));

-- a mentee's ranked wishes (1 = first choice)
CREATE TABLE match_wishes (
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	mentee_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	mentor_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	rank       INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 3),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (scheme_id, mentee_id, rank),
	UNIQUE (scheme_id, mentee_id, mentor_id),
	CHECK (mentee_id <> mentor_id)
) STRICT;

-- a mentor's "prefer not to take", by the email address the mentor typed
-- (PRO-10: a mentor sees a mentee only once matched or requested, so
-- mentors get no list of mentees and the address is never looked up
-- for them, as with declared conflicts).  Cohort matching resolves the
-- address to an active mentee of the scheme when it reads the marks
-- (users.email is unique, any case); an address nobody uses counts for
-- nothing.  The mentee is never told.
CREATE TABLE match_avoids (
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	mentor_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	email      TEXT NOT NULL COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (scheme_id, mentor_id, email)
) STRICT;
