-- 0004: match requests and proposals (REQ), the life of a relationship
-- (REL), and what the deadline job needs (REQ-7, REQ-13, REQ-14).
-- docs/internals/lifecycle.md has every state and transition.

-- ---- scheme settings for requests ----

-- ranked_requests: a mentee may rank up to three mentors (REQ-13).
-- proposal_threshold: the least match score (0-100) for a system
-- proposal (REQ-8) when allow_system_proposals is on.
ALTER TABLE scheme_settings ADD COLUMN ranked_requests INTEGER NOT NULL DEFAULT 0
	CHECK (ranked_requests IN (0, 1));
ALTER TABLE scheme_settings ADD COLUMN proposal_threshold INTEGER NOT NULL DEFAULT 70
	CHECK (proposal_threshold BETWEEN 1 AND 100);

-- Days that are not working days for the response deadline (REQ-7),
-- besides Saturdays and Sundays.
CREATE TABLE scheme_holidays (
	scheme_id INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	day       TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	label     TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 100),
	PRIMARY KEY (scheme_id, day)
) STRICT, WITHOUT ROWID;

-- ---- responsiveness (REQ-14) ----

-- last_active_at: the person's last request to Tandem while signed in
-- (recorded at most every few minutes), for administrators.
ALTER TABLE users ADD COLUMN last_active_at INTEGER;
-- missed_deadlines: requests this mentor let pass the deadline since
-- they last signed in; paused_at: set at the second, cleared at sign-in;
-- while set the mentor is not offered to mentees.
ALTER TABLE mentor_profiles ADD COLUMN missed_deadlines INTEGER NOT NULL DEFAULT 0
	CHECK (missed_deadlines >= 0);
ALTER TABLE mentor_profiles ADD COLUMN paused_at INTEGER;

-- ---- requests and proposals (REQ-1 to REQ-10, REQ-12, REQ-13) ----

-- One row per request from a mentee to a mentor (kind 'request') or per
-- system proposal of a mentee to a mentor (kind 'proposal').
--
-- status (see lifecycle.h):
--   queued     a ranked 2nd/3rd choice not yet sent to its mentor
--   new        waiting for the mentor's decision
--   waiting    on the mentor's waiting list
--   amend      the mentor asked the mentee to amend it (response says how)
--   approved   the mentor approved: relationship_id is set
--   declined   the mentor declined (response gives the reason)
--   withdrawn  withdrawn by the mentee (closed_reason 'mentee') or closed
--              by Tandem (closed_reason 'matched': the mentee was matched
--              another way; 'inactive': a party left the scheme)
--   passed     ranked: unanswered past the deadline, passed to the next
--              choice (or, for the last choice, closed)
--
-- submitted_at: when it last became 'new' (the deadline counts from it);
-- deadline_at: submitted_at plus the scheme's working days;
-- reminded_at / alerted_at: the reminder to the mentor (REQ-7) and the
-- alert to the administrators (after a week) went.
CREATE TABLE match_requests (
	id              INTEGER PRIMARY KEY,
	scheme_id       INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	mentee_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	mentor_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind            TEXT NOT NULL DEFAULT 'request' CHECK (kind IN ('request', 'proposal')),
	status          TEXT NOT NULL CHECK (status IN ('queued', 'new', 'waiting', 'amend',
	                    'approved', 'declined', 'withdrawn', 'passed')),
	message         TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 4000),
	response        TEXT NOT NULL DEFAULT '' CHECK (length(response) <= 4000),
	closed_reason   TEXT NOT NULL DEFAULT '' CHECK (closed_reason IN ('', 'mentee',
	                    'matched', 'inactive')),
	score           INTEGER,                     -- proposals: the match score then
	rank_group      INTEGER,                     -- ranked: id of the 1st choice's row
	rank            INTEGER CHECK (rank BETWEEN 1 AND 3),
	first_session   TEXT NOT NULL DEFAULT '',    -- approve: 'YYYY-MM-DDTHH:MM'
	relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL,
	created_at      INTEGER NOT NULL,
	submitted_at    INTEGER,
	deadline_at     INTEGER,
	decided_at      INTEGER,
	reminded_at     INTEGER,
	alerted_at      INTEGER,
	updated_at      INTEGER NOT NULL,
	CHECK (mentor_id <> mentee_id),
	CHECK ((rank_group IS NULL) = (rank IS NULL))
) STRICT;
-- One open request per mentee-mentor pair in a scheme (REQ-12): the
-- database refuses a second, so two racing submissions cannot both land.
CREATE UNIQUE INDEX match_requests_open_pair ON match_requests(scheme_id, mentee_id, mentor_id)
	WHERE status IN ('queued', 'new', 'waiting', 'amend');
CREATE INDEX match_requests_mentor ON match_requests(mentor_id, status, scheme_id);
CREATE INDEX match_requests_mentee ON match_requests(mentee_id, status, scheme_id);
CREATE INDEX match_requests_due ON match_requests(status, deadline_at);
CREATE INDEX match_requests_group ON match_requests(rank_group, rank) WHERE rank_group IS NOT NULL;
CREATE INDEX match_requests_scheme ON match_requests(scheme_id, status, submitted_at);

-- ---- relationships (REL) ----

-- origin: how it began; request_id: the approved request or proposal;
-- override_reason: an administrator's reason for assigning a pair the
-- rules would exclude (REQ-9); estimated_end: the mentor's estimate
-- (REL-3); first_session: proposed on approval ('YYYY-MM-DDTHH:MM');
-- end_date / closing_comments / ended_by: completion or early ending
-- (REL-4, REL-6); extra_sessions: approved extensions (REL-7).
ALTER TABLE relationships ADD COLUMN origin TEXT NOT NULL DEFAULT 'assignment'
	CHECK (origin IN ('request', 'proposal', 'assignment', 'cohort'));
ALTER TABLE relationships ADD COLUMN request_id INTEGER;
ALTER TABLE relationships ADD COLUMN assigned_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE relationships ADD COLUMN override_reason TEXT NOT NULL DEFAULT ''
	CHECK (length(override_reason) <= 2000);
ALTER TABLE relationships ADD COLUMN estimated_end TEXT NOT NULL DEFAULT '';
ALTER TABLE relationships ADD COLUMN first_session TEXT NOT NULL DEFAULT '';
ALTER TABLE relationships ADD COLUMN end_date TEXT NOT NULL DEFAULT '';
ALTER TABLE relationships ADD COLUMN closing_comments TEXT NOT NULL DEFAULT ''
	CHECK (length(closing_comments) <= 4000);
ALTER TABLE relationships ADD COLUMN ended_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE relationships ADD COLUMN extra_sessions INTEGER NOT NULL DEFAULT 0
	CHECK (extra_sessions >= 0);
ALTER TABLE relationships ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
-- A pair has at most one live relationship in a scheme.
CREATE UNIQUE INDEX relationships_live_pair ON relationships(scheme_id, mentor_id, mentee_id)
	WHERE status = 'active';

-- A party's private request to end a relationship that is not working
-- (REL-6).  status: open, ended (the administrator ended it early),
-- dismissed (the administrator closed it without ending, with a note).
CREATE TABLE end_requests (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	requested_by    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
	status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended', 'dismissed')),
	handled_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
	handled_at      INTEGER,
	admin_note      TEXT NOT NULL DEFAULT '' CHECK (length(admin_note) <= 4000),
	created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX end_requests_rel ON end_requests(relationship_id, status);
CREATE INDEX end_requests_open ON end_requests(status, created_at);

-- A request for more sessions than the scheme's cap (REL-7), decided by
-- an administrator.  status: pending, approved, declined.
CREATE TABLE extension_requests (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	requested_by    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	sessions        INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 20),
	reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
	status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
	decided_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
	decided_at      INTEGER,
	decision_note   TEXT NOT NULL DEFAULT '' CHECK (length(decision_note) <= 4000),
	created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX extension_requests_rel ON extension_requests(relationship_id, status);
CREATE INDEX extension_requests_pending ON extension_requests(status, created_at);

-- Pausing or unpausing a mentor changes who can be found.
-- (gen_mentor_u already fires on every mentor_profiles update.)
