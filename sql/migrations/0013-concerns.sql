-- 0013-concerns: raising a concern (MSG-5).  A participant raises a
-- concern (about their mentor or mentee, or a safeguarding,
-- patient-safety or fitness-to-practise concern); it goes to the
-- scheme's named escalation contacts, who keep its status and notes.
-- Who may read what is decided in app/concerns.c, never here.

-- The named escalation contacts of a scheme: people with accounts.  A
-- row only counts while its person is still an active administrator of
-- the scheme or a site administrator (checked when read), so losing the
-- role ends the access without anyone having to remember this list.
-- Changed by site administrators only (audited).
CREATE TABLE concern_contacts (
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	added_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	added_at   INTEGER NOT NULL,
	PRIMARY KEY (scheme_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX concern_contacts_user ON concern_contacts(user_id, scheme_id);
-- where concerns go when a scheme has no contact, and who may be one
CREATE INDEX users_site_admin ON users(id) WHERE is_site_admin = 1;

-- One concern.  relationship_id: raised from (or about) one of the
-- raiser's relationships; about_id: the other person of that
-- relationship, who never sees the concern, is never emailed about it
-- and never handles it, even as a contact or site administrator.
CREATE TABLE concerns (
	id              INTEGER PRIMARY KEY,
	scheme_id       INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	raised_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
	relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL,
	about_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
	kind            TEXT NOT NULL CHECK (kind IN ('about_mentor', 'about_mentee',
	                'safeguarding', 'patient_safety', 'fitness_to_practise', 'other')),
	details         TEXT NOT NULL CHECK (length(details) BETWEEN 1 AND 20000),
	may_contact     INTEGER NOT NULL CHECK (may_contact IN (0, 1)),
	contact_how     TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'new'
	                CHECK (status IN ('new', 'in_progress', 'closed')),
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX concerns_scheme ON concerns(scheme_id, created_at, id);
CREATE INDEX concerns_raiser ON concerns(raised_by, created_at, id);

-- The handlers' record of a concern, append-only: a note (text) or a
-- change of status (status, text ""), who and when.  Never shown to the
-- person who raised the concern.
CREATE TABLE concern_notes (
	id         INTEGER PRIMARY KEY,
	concern_id INTEGER NOT NULL REFERENCES concerns(id) ON DELETE CASCADE,
	author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
	status     TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'new', 'in_progress', 'closed')),
	text       TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX concern_notes_concern ON concern_notes(concern_id, id);
-- (author_id may still go NULL when an account is deleted)
CREATE TRIGGER concern_notes_append_only
BEFORE UPDATE OF concern_id, status, text, created_at ON concern_notes
BEGIN
	SELECT RAISE(ABORT, 'concern notes are append-only');
END;
