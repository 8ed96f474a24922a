-- 0007: the journey / roadmap (NOTE-5, seed 001 "The journey").
--
-- A scheme defines ordered stages with descriptions; on each relationship
-- the pair records decisions and action points per stage, and picks the
-- stage it is at.  Progress review meetings list the open action points
-- (the stage flagged is_review is where that meeting sits).
--
-- Deleting a stage: the decisions, action points and current-stage rows
-- refer to it with ON DELETE RESTRICT, so a stage in use cannot go (the
-- app explains why first; the database is the backstop).  Other areas'
-- links to a stage (the learning diary, 0008) should use SET NULL.

-- ---- stages (scheme-defined) ----

-- position: 1, 2, 3 … within the scheme; unique, so moving a stage swaps
-- two positions through a temporary negative one (db/journey.c).
-- is_review: the progress review stage; at most one per scheme.
CREATE TABLE journey_stages (
	id          INTEGER PRIMARY KEY,
	scheme_id   INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL CHECK (position <> 0),
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
	description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
	is_review   INTEGER NOT NULL DEFAULT 0 CHECK (is_review IN (0, 1)),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	UNIQUE (scheme_id, position)
) STRICT;
CREATE UNIQUE INDEX journey_stages_review ON journey_stages(scheme_id) WHERE is_review = 1;

-- ---- a pair's decisions (notes per stage) ----

-- Shared by the pair; administrators see counts unless the scheme's
-- admin_sees_documents rule lets them open it (NOTE-2, ADM-8).
CREATE TABLE journey_decisions (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	stage_id        INTEGER NOT NULL REFERENCES journey_stages(id) ON DELETE RESTRICT,
	author_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX journey_decisions_rel ON journey_decisions(relationship_id, created_at, id);
CREATE INDEX journey_decisions_stage ON journey_decisions(stage_id);

-- ---- action points ----

-- owner_id: the mentor or the mentee of the relationship (app-checked);
-- due: '' or 'YYYY-MM-DD'; done_at / done_by: set when marked done,
-- cleared when marked not done.
CREATE TABLE journey_actions (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	stage_id        INTEGER NOT NULL REFERENCES journey_stages(id) ON DELETE RESTRICT,
	body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
	owner_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	due             TEXT NOT NULL DEFAULT ''
	                CHECK (due = '' OR due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	done_at         INTEGER,
	done_by         INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_by      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX journey_actions_rel ON journey_actions(relationship_id, created_at, id);
-- The progress review list: open points by due date ('' last, in the app's ORDER BY).
CREATE INDEX journey_actions_open ON journey_actions(relationship_id, due, id) WHERE done_at IS NULL;
CREATE INDEX journey_actions_stage ON journey_actions(stage_id);

-- ---- the stage a pair is at ----

CREATE TABLE journey_current (
	relationship_id INTEGER PRIMARY KEY REFERENCES relationships(id) ON DELETE CASCADE,
	stage_id        INTEGER NOT NULL REFERENCES journey_stages(id) ON DELETE RESTRICT,
	set_by          INTEGER REFERENCES users(id) ON DELETE SET NULL,
	set_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX journey_current_stage ON journey_current(stage_id);
