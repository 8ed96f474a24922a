-- 0019-annual: the scheme annual report (ADM-5) and the scheme standards
-- page (ADM-6).
--
-- annual_reports: the sections an administrator writes for one year
-- (aims, changes made in response to feedback, plans).  The figures and
-- the standards' evidence are computed when the report is shown, never
-- stored.
CREATE TABLE annual_reports (
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
	aims       TEXT NOT NULL DEFAULT '' CHECK (length(aims) <= 10000),
	changes    TEXT NOT NULL DEFAULT '' CHECK (length(changes) <= 10000),
	plans      TEXT NOT NULL DEFAULT '' CHECK (length(plans) <= 10000),
	updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (scheme_id, year)
) STRICT, WITHOUT ROWID;

-- The administrator's note on one point of the standards (a key such as
-- "training-skills" from app/annual.c's table), per scheme, not per year.
CREATE TABLE standard_notes (
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	point      TEXT NOT NULL CHECK (length(point) BETWEEN 1 AND 40),
	body       TEXT NOT NULL CHECK (length(body) <= 4000),
	updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (scheme_id, point)
) STRICT, WITHOUT ROWID;

-- Documents attached to a point as evidence: stored with core/files.h
-- under generated names, recognised by their bytes (core/sniff.h).
CREATE TABLE standard_documents (
	id          INTEGER PRIMARY KEY,
	scheme_id   INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	point       TEXT NOT NULL CHECK (length(point) BETWEEN 1 AND 40),
	filename    TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
	stored_name TEXT NOT NULL,
	kind        TEXT NOT NULL,
	mime        TEXT NOT NULL,
	size        INTEGER NOT NULL CHECK (size > 0),
	uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at  INTEGER NOT NULL
) STRICT;
-- the standards page lists a scheme's documents by point, oldest first
CREATE INDEX standard_documents_scheme ON standard_documents(scheme_id, point, created_at, id);

-- The evidence counts a scheme's declared conflicts of interest.
CREATE INDEX conflicts_scheme ON conflicts(scheme_id);
