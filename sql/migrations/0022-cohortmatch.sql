-- 0022-cohortmatch: cohort matching runs (REQ-11, issue 11).
--
-- A run is one use of the matcher on a cohort (or on every waiting
-- mentee: cohort_id NULL): its proposed pairs with their scores and
-- reasons, the pairs the administrator locked, and, once confirmed, the
-- relationships it made.  Runs are kept as the scheme's evidence of a
-- systematic matching process (seed 003).  A re-run around locked pairs
-- makes a new draft; the old one becomes 'replaced' and points at it
-- (replaced_by), so the history reads as a chain.
CREATE TABLE match_runs (
	id           INTEGER PRIMARY KEY,
	scheme_id    INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	cohort_id    INTEGER REFERENCES cohorts(id) ON DELETE SET NULL,
	mode         TEXT NOT NULL DEFAULT 'optimal' CHECK (mode IN ('optimal', 'stable')),
	status       TEXT NOT NULL DEFAULT 'draft'
	             CHECK (status IN ('draft', 'confirmed', 'discarded', 'replaced')),
	created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	confirmed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	confirmed_at INTEGER,
	matched      INTEGER NOT NULL DEFAULT 0,
	unmatched    INTEGER NOT NULL DEFAULT 0,
	objective    INTEGER NOT NULL DEFAULT 0,  -- total cost of the proposal
	blocking     INTEGER NOT NULL DEFAULT 0,  -- blocking pairs of the proposal
	elapsed_us   INTEGER NOT NULL DEFAULT 0,  -- solver time
	score_total  INTEGER NOT NULL DEFAULT 0,  -- sum of the matched pairs' scores
	blocking_text TEXT NOT NULL DEFAULT '',   -- the first few blocking pairs, one per line
	replaced_by  INTEGER REFERENCES match_runs(id) ON DELETE SET NULL,
	everyone     INTEGER NOT NULL DEFAULT 0 CHECK (everyone IN (0, 1))  -- 1: no cohort chosen
) STRICT;
CREATE INDEX match_runs_scheme ON match_runs(scheme_id, created_at DESC);

CREATE TABLE match_run_pairs (
	run_id          INTEGER NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
	mentee_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	mentor_id       INTEGER REFERENCES users(id) ON DELETE CASCADE,  -- NULL: unmatched
	score           INTEGER NOT NULL DEFAULT 0,    -- FIND-3, 0-100
	cost            INTEGER NOT NULL DEFAULT 0,
	wish_rank       INTEGER NOT NULL DEFAULT 0,    -- the mentee's rank for the mentor, 0 none
	locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
	reasons         TEXT NOT NULL DEFAULT '',      -- score reasons, one per line
	why             TEXT NOT NULL DEFAULT '',      -- unmatched: why, in words
	relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL,
	PRIMARY KEY (run_id, mentee_id)
) STRICT;
CREATE INDEX match_run_pairs_mentor ON match_run_pairs(run_id, mentor_id);

-- (cohort matching reads every declared conflict of a scheme at once
-- through 0019's conflicts_scheme index)
