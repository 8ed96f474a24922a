-- 0023: the reports dashboard at scale (ADM-4, docs/performance.md
-- "Reports at scale").  Sessions by month reads every relationship of a
-- scheme with its sessions of the period in one pass, a relationship's
-- rows together (db/reports.def REPORT_ACTIVITY: ORDER BY scheme_id, id).
-- This index gives that order without a sort and visits relationships
-- in id order, so their sessions (mentoring_sessions_rel) are read in
-- the order they are stored; relationships_scheme (scheme_id, status)
-- visits them status by status.
CREATE INDEX relationships_scheme_id ON relationships(scheme_id);
-- Mentors' training (REPORT_TRAINING) is read from the records' side,
-- grouped by person: whether any record is in date, from the index
-- alone.
CREATE INDEX training_records_refresh ON training_records(user_id, refresh_due_on);
-- People by role and status reads when each role was taken: the same
-- index with created_at, so the roles are read from it alone.
DROP INDEX user_roles_scheme;
CREATE INDEX user_roles_scheme ON user_roles(scheme_id, role, user_id, created_at);
-- Registration to first match: each mentee's first relationship in a
-- scheme, read in order from the index alone.
CREATE INDEX relationships_mentee_start ON relationships(scheme_id, mentee_id, started_at);
-- Requests and time to respond: 0020's index with what the two
-- statements read, so that they need not visit the table.
DROP INDEX match_requests_submitted;
CREATE INDEX match_requests_submitted ON match_requests(scheme_id, submitted_at, status, kind,
	decided_at, mentor_id, mentee_id);
