-- 0009: the mentoring agreement (REL-8), following Annex A of the NHS
-- England mentoring guide (seed 004): expectations, frequency of
-- meetings, ways of working and ground rules, next steps; agreed by
-- both, reviewed every six months.
--
-- One row per version of a relationship's agreement.  status:
--   draft       being written; either party edits it; at most one per
--               relationship.  Every change raises `revision` and clears
--               both confirmations (the other must see what they confirm).
--   agreed      confirmed by both: frozen (agreed_at is the second
--               confirmation) and the relationship's current agreement;
--               at most one per relationship.
--   superseded  an earlier agreed version, kept and viewable.
-- A change to an agreed agreement is a new draft (version + 1); the
-- agreed one stays current until the draft is agreed by both.
--
-- Review (REL-8): on the agreed row, review_from_at is when the clock
-- started (agreement, or the last "reviewed, no changes");
-- review_due_at = review_from_at + 6 months in the scheme's time zone
-- (the home page says "review due" from then until someone reviews);
-- remind_at is when the daily job next emails both (review_due_at,
-- then every 6 months after while nobody reviews), NULL when no reminder
-- is pending (drafts, superseded rows); reminded_at the last reminder.
-- The job sets remind_at forward in the same transaction as the emails,
-- so running it twice never sends twice.
CREATE TABLE agreements (
	id               INTEGER PRIMARY KEY,
	relationship_id  INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	version          INTEGER NOT NULL CHECK (version >= 1),
	status           TEXT NOT NULL DEFAULT 'draft'
	                     CHECK (status IN ('draft', 'agreed', 'superseded')),
	revision         INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
	-- Section 1: expectations
	assistance       TEXT NOT NULL DEFAULT '' CHECK (length(assistance) <= 2000),
	outcomes         TEXT NOT NULL DEFAULT '' CHECK (length(outcomes) <= 2000),
	success_measures TEXT NOT NULL DEFAULT '' CHECK (length(success_measures) <= 2000),
	personal_values  TEXT NOT NULL DEFAULT '' CHECK (length(personal_values) <= 2000),
	expectations     TEXT NOT NULL DEFAULT '' CHECK (length(expectations) <= 2000),
	-- Section 2: frequency of meetings
	frequency        TEXT NOT NULL DEFAULT '' CHECK (length(frequency) <= 2000),
	meeting_format   TEXT NOT NULL DEFAULT '' CHECK (length(meeting_format) <= 2000),
	when_where       TEXT NOT NULL DEFAULT '' CHECK (length(when_where) <= 2000),
	scheduling       TEXT NOT NULL DEFAULT '' CHECK (length(scheduling) <= 2000),
	-- Section 3: ways of working and ground rules
	ground_rules     TEXT NOT NULL DEFAULT '' CHECK (length(ground_rules) <= 2000),
	confidentiality  TEXT NOT NULL DEFAULT '' CHECK (length(confidentiality) <= 2000),
	problems         TEXT NOT NULL DEFAULT '' CHECK (length(problems) <= 2000),
	keeping_in_touch TEXT NOT NULL DEFAULT '' CHECK (length(keeping_in_touch) <= 2000),
	ending           TEXT NOT NULL DEFAULT '' CHECK (length(ending) <= 2000),
	-- Section 4: next steps
	concerns         TEXT NOT NULL DEFAULT '' CHECK (length(concerns) <= 2000),
	first_focus      TEXT NOT NULL DEFAULT '' CHECK (length(first_focus) <= 2000),
	other_issues     TEXT NOT NULL DEFAULT '' CHECK (length(other_issues) <= 2000),
	ethics_shared    INTEGER NOT NULL DEFAULT 0 CHECK (ethics_shared IN (0, 1)),
	-- who wrote it
	drafted_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
	updated_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
	-- confirmations of this revision (NULL: not confirmed)
	mentor_confirmed_at INTEGER,
	mentee_confirmed_at INTEGER,
	agreed_at        INTEGER,
	-- review bookkeeping (agreed rows)
	review_from_at   INTEGER,
	review_due_at    INTEGER,
	remind_at        INTEGER,
	reminded_at      INTEGER,
	reviewed_at      INTEGER,
	reviewed_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	UNIQUE (relationship_id, version),
	CHECK ((status = 'draft') = (agreed_at IS NULL)),
	CHECK (status = 'draft' OR (mentor_confirmed_at IS NOT NULL
	    AND mentee_confirmed_at IS NOT NULL)),
	CHECK (status = 'agreed' OR remind_at IS NULL)
) STRICT;

-- at most one draft and one current agreement per relationship
CREATE UNIQUE INDEX agreements_one_draft ON agreements(relationship_id)
	WHERE status = 'draft';
CREATE UNIQUE INDEX agreements_one_agreed ON agreements(relationship_id)
	WHERE status = 'agreed';
-- the daily job: reminders that have come due
CREATE INDEX agreements_remind ON agreements(remind_at) WHERE remind_at IS NOT NULL;
-- the home page: drafts and reviews of a person's live relationships
-- are found through relationships_mentor / relationships_mentee and the
-- UNIQUE (relationship_id, version) index above.
