-- 0005: mentoring sessions and hours (SES-1 to SES-11, REL-7), the
-- activity log of each session (SES-7), calendar invites and feeds
-- (SES-9), the scheme's time zone, and the scheme's document settings
-- that the notes issue reads (NOTE-1 to NOTE-3).

-- ---- scheme settings ----

-- time_zone: an IANA name; session times are stored in UTC and shown in
-- it (SES-9).  document_max_kb / document_types: the largest upload and
-- the allowed kinds (comma-separated short names, checked by content).
ALTER TABLE scheme_settings ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/London'
	CHECK (length(time_zone) BETWEEN 1 AND 64);
ALTER TABLE scheme_settings ADD COLUMN document_max_kb INTEGER NOT NULL DEFAULT 10240
	CHECK (document_max_kb BETWEEN 16 AND 51200);
ALTER TABLE scheme_settings ADD COLUMN document_types TEXT NOT NULL
	DEFAULT 'pdf,docx,xlsx,pptx,odt,txt,png,jpeg'
	CHECK (length(document_types) <= 200);

-- ---- sessions (SES-1 to SES-6, SES-10) ----

-- One row per session of a relationship, in UTC.
--
-- status:
--   proposed  a future session one party suggested; the other agrees or
--             declines it (SES-4); the proposer may withdraw it (cancelled)
--   agreed    accepted by the other party; counts once ends_at has passed
--   declined  the other party said no
--   cancelled an agreed (or still proposed) session called off (SES-6)
--   logged    a past session recorded after the event; counts at once
--   removed   a logged session taken back before the other confirmed it
--
-- mentor_answer / mentee_answer: "did it take place?" (SES-10): '' not
-- asked or not answered, 'yes', 'no'.  A logged session carries the
-- logger's 'yes'; the other party's 'yes' confirms it (no longer
-- removable).  A 'no' from either stops it counting.
--
-- Counting (SES-5) is never stored: a session counts when
--   (status = 'logged' OR (status = 'agreed' AND ends_at <= now))
--   AND mentor_answer <> 'no' AND mentee_answer <> 'no'
-- (db/sessions.def holds that one expression).  sequence: the iCalendar
-- SEQUENCE, raised on every change an invite reports (SES-9).
CREATE TABLE mentoring_sessions (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	starts_at       INTEGER NOT NULL,
	minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 600),
	ends_at         INTEGER NOT NULL GENERATED ALWAYS AS (starts_at + minutes * 60) STORED,
	format          TEXT NOT NULL CHECK (format IN ('in_person', 'video', 'phone')),
	place           TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 500),
	status          TEXT NOT NULL CHECK (status IN ('proposed', 'agreed', 'declined',
	                    'cancelled', 'logged', 'removed')),
	added_by        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	batch_id        INTEGER NOT NULL DEFAULT 0,  -- the update that added it (SES-2/3)
	answered_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
	answered_at     INTEGER,
	mentor_answer   TEXT NOT NULL DEFAULT '' CHECK (mentor_answer IN ('', 'yes', 'no')),
	mentee_answer   TEXT NOT NULL DEFAULT '' CHECK (mentee_answer IN ('', 'yes', 'no')),
	sequence        INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
-- A relationship's sessions in date order (SES-1), the cap count (REL-7)
-- and the relationship's hours.
CREATE INDEX mentoring_sessions_rel ON mentoring_sessions(relationship_id, starts_at);
-- "Did it take place?" questions and hours over time.
CREATE INDEX mentoring_sessions_due ON mentoring_sessions(status, ends_at);

-- ---- activity log (SES-7) ----

-- The mentor's summary of a session that took place, and the mentee's
-- own notes on it.  Only the mentor writes summary, only the mentee
-- writes mentee_notes; shared between the pair; administrators read it
-- only under the scheme's content rule (admin_sees_documents), audited.
CREATE TABLE session_logs (
	session_id      INTEGER PRIMARY KEY REFERENCES mentoring_sessions(id) ON DELETE CASCADE,
	summary         TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 8000),
	summary_at      INTEGER,
	mentee_notes    TEXT NOT NULL DEFAULT '' CHECK (length(mentee_notes) <= 8000),
	mentee_notes_at INTEGER,
	updated_at      INTEGER NOT NULL
) STRICT;

-- ---- calendar (SES-9) ----

-- The person's calendar feed: its secret token is derived from the
-- installation key and this version (HMAC), so nothing secret is
-- stored; 0 means no feed yet, resetting raises it (old URLs stop).
ALTER TABLE users ADD COLUMN calendar_version INTEGER NOT NULL DEFAULT 0;

-- An invitation attached to an email: the iCalendar text and its METHOD
-- (REQUEST or CANCEL), sent as a text/calendar part.
ALTER TABLE outbox ADD COLUMN ics TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN ics_method TEXT NOT NULL DEFAULT ''
	CHECK (ics_method IN ('', 'REQUEST', 'CANCEL', 'PUBLISH'));
