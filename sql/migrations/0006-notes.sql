-- 0006: notes and documents on a relationship (NOTE-1 to NOTE-3, REL-5).
--
-- Each row belongs to one relationship and one author (the mentor or the
-- mentee of it).  is_shared says whether the other party may see it;
-- shared_at is when it was last shared (NULL while private), which the
-- Documents page shows as "shared on" (NOTE-3).  Unsharing sets both
-- back, so the other party loses it at once (NOTE-1).
--
-- Who may see a row is decided in app/notes.c, never here:
--   the author always; the other party while is_shared = 1;
--   an administrator of the scheme only shared rows, and then only the
--   metadata unless scheme_settings.admin_sees_documents (NOTE-2, ADM-8).
--
-- ON DELETE: a relationship or an author's account going takes the rows
-- with it (CASCADE).  The files of deleted documents are removed by the
-- app after its own deletes commit; a cascade from elsewhere leaves the
-- file behind as an orphan under DATA/files (never a row without a file).

CREATE TABLE notes (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	author_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
	is_shared       INTEGER NOT NULL DEFAULT 0 CHECK (is_shared IN (0, 1)),
	shared_at       INTEGER,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	CHECK ((is_shared = 1) = (shared_at IS NOT NULL))
) STRICT;
-- A relationship's notes, newest first (the relationship page, REL-2).
CREATE INDEX notes_rel ON notes(relationship_id, created_at);
-- The author's (account deletion's cascade).
CREATE INDEX notes_author ON notes(author_id);

-- kind: what the bytes are (core/sniff.h), one of the scheme's
-- document_types; mime is served with the download.  filename: the
-- name as uploaded, sanitised (no path, no control characters, at most
-- 120 characters), for the download only.  stored_name: the generated
-- name under DATA/files (core/files.h), never shown.
CREATE TABLE documents (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	author_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	filename        TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
	stored_name     TEXT NOT NULL UNIQUE CHECK (length(stored_name) BETWEEN 34 AND 41),
	kind            TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'xlsx', 'pptx', 'odt',
	                    'ods', 'odp', 'txt', 'png', 'jpeg')),
	mime            TEXT NOT NULL CHECK (length(mime) BETWEEN 1 AND 100),
	size            INTEGER NOT NULL CHECK (size > 0),
	is_shared       INTEGER NOT NULL DEFAULT 0 CHECK (is_shared IN (0, 1)),
	shared_at       INTEGER,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	CHECK ((is_shared = 1) = (shared_at IS NOT NULL))
) STRICT;
-- A relationship's documents, newest first (the relationship page).
CREATE INDEX documents_rel ON documents(relationship_id, created_at);
-- The Documents page's own uploads (NOTE-3), newest first.
CREATE INDEX documents_author ON documents(author_id, created_at);
