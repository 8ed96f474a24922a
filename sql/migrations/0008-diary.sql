-- 0008: the learning diary (NOTE-4) and guides (NOTE-6), seed 001
-- ("Learning diary", "Guides").
--
-- A diary entry belongs to its author alone.  It may point at one of the
-- author's relationships, one of that relationship's sessions, a guide
-- page and a journey stage; each link is SET NULL when its target goes,
-- so an entry outlives what it was about.  is_shared only means anything
-- with a relationship: the partner of that relationship may then read
-- the entry (the app checks that the author is a party and that the
-- relationship was live when it was shared).  Nobody else, administrators
-- included, ever reads an entry.
--
-- Guides are a scheme's ordered short guides of ordered pages.  Progress
-- is per person and guide (last page, completed) with one row per page
-- read, so adding a page to a guide makes it "not completed" again for
-- the count shown, while completed_at keeps when it was first finished.

-- ---- guides ----

-- position: 1, 2, 3 … within the scheme (moving swaps two in one
-- transaction; not UNIQUE so the swap needs no temporary value).
CREATE TABLE guides (
	id                 INTEGER PRIMARY KEY,
	scheme_id          INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	title              TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
	summary            TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
	audience           TEXT NOT NULL DEFAULT 'all'
	                   CHECK (audience IN ('all', 'mentors', 'mentees')),
	position           INTEGER NOT NULL,
	is_published       INTEGER NOT NULL DEFAULT 0 CHECK (is_published IN (0, 1)),
	-- NOTE-6: recommended before completing a profile and being matched
	is_before_matching INTEGER NOT NULL DEFAULT 0 CHECK (is_before_matching IN (0, 1)),
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL
) STRICT;
-- A scheme's guides in order (the participant's and the admin's lists).
CREATE INDEX guides_scheme ON guides(scheme_id, position, id);

CREATE TABLE guide_pages (
	id          INTEGER PRIMARY KEY,
	guide_id    INTEGER NOT NULL REFERENCES guides(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
	body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
	prompt      TEXT NOT NULL DEFAULT '' CHECK (length(prompt) <= 500),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
) STRICT;
-- A guide's pages in order (contents, page n, counts).
CREATE INDEX guide_pages_guide ON guide_pages(guide_id, position, id);

-- One row per person and guide they have opened.
CREATE TABLE guide_progress (
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	guide_id     INTEGER NOT NULL REFERENCES guides(id) ON DELETE CASCADE,
	last_page_id INTEGER REFERENCES guide_pages(id) ON DELETE SET NULL,
	completed_at INTEGER,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (user_id, guide_id)
) STRICT, WITHOUT ROWID;

-- The pages a person has marked as read.
CREATE TABLE guide_pages_read (
	user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	page_id  INTEGER NOT NULL REFERENCES guide_pages(id) ON DELETE CASCADE,
	guide_id INTEGER NOT NULL REFERENCES guides(id) ON DELETE CASCADE,
	read_at  INTEGER NOT NULL,
	PRIMARY KEY (user_id, page_id)
) STRICT, WITHOUT ROWID;
-- Pages read per person and guide (the "2 of 4 pages read" counts).
CREATE INDEX guide_pages_read_guide ON guide_pages_read(user_id, guide_id);
-- Deleting a page or guide cascades here by page and guide.
CREATE INDEX guide_pages_read_page ON guide_pages_read(page_id);
CREATE INDEX guide_pages_read_gid ON guide_pages_read(guide_id);
CREATE INDEX guide_progress_guide ON guide_progress(guide_id);
CREATE INDEX guide_progress_page ON guide_progress(last_page_id);

-- ---- the learning diary ----

CREATE TABLE diary_entries (
	id              INTEGER PRIMARY KEY,
	author_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	entry_date      TEXT NOT NULL
	                CHECK (entry_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	body            TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
	relationship_id INTEGER REFERENCES relationships(id) ON DELETE SET NULL,
	session_id      INTEGER REFERENCES mentoring_sessions(id) ON DELETE SET NULL,
	guide_page_id   INTEGER REFERENCES guide_pages(id) ON DELETE SET NULL,
	stage_id        INTEGER REFERENCES journey_stages(id) ON DELETE SET NULL,
	is_shared       INTEGER NOT NULL DEFAULT 0 CHECK (is_shared IN (0, 1)),
	shared_at       INTEGER,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
-- The author's diary, newest entry date first; also My activity's range.
CREATE INDEX diary_entries_author ON diary_entries(author_id, entry_date, id);
-- "Shared with you": the shared entries of a relationship (and the SET
-- NULL when a relationship goes).
CREATE INDEX diary_entries_rel ON diary_entries(relationship_id, is_shared, entry_date);
-- SET NULL on delete of a session, guide page or stage looks rows up by these.
CREATE INDEX diary_entries_session ON diary_entries(session_id) WHERE session_id IS NOT NULL;
CREATE INDEX diary_entries_page ON diary_entries(guide_page_id)
	WHERE guide_page_id IS NOT NULL;
CREATE INDEX diary_entries_stage ON diary_entries(stage_id) WHERE stage_id IS NOT NULL;
