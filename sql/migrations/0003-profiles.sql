-- 0003-profiles: profiles (PRO-1 to PRO-10), the lists and fields a
-- scheme defines for them, mentor training records, declared conflicts,
-- the matching rules and weights (FIND-3, FIND-4), the free-text search
-- index (FIND-2) and the first shape of a relationship (extended by the
-- requests issue).
--
-- Visibility of the built-in fields is fixed (docs/profiles.md):
-- contact email and phone are private; country of origin, gender and
-- date of birth are equality monitoring; the rest is public.  A
-- scheme's own fields carry their visibility in scheme_fields.

-- Lists a scheme manages (PRO-8 and the choices for specialty,
-- organisation and site).  Sites have coordinates, used for distance.
-- Profiles store the label text of specialty, organisation and site (so
-- a person in two schemes has one specialty); renaming an option
-- renames it in the profiles of that scheme's members.
CREATE TABLE scheme_options (
	id         INTEGER PRIMARY KEY,
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	list       TEXT NOT NULL CHECK (list IN ('keyword', 'specialty', 'organisation', 'site')),
	label      TEXT NOT NULL COLLATE NOCASE CHECK (length(label) BETWEEN 1 AND 100),
	latitude   REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
	longitude  REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
	position   INTEGER NOT NULL DEFAULT 0,
	is_retired INTEGER NOT NULL DEFAULT 0 CHECK (is_retired IN (0, 1)),
	created_at INTEGER NOT NULL,
	UNIQUE (scheme_id, list, label)
) STRICT;
CREATE INDEX scheme_options_list ON scheme_options(scheme_id, list, position, id);

-- A scheme's own profile fields (PRO-2: "schemes can add their own").
-- choices: one per line, for choice and multi.
CREATE TABLE scheme_fields (
	id          INTEGER PRIMARY KEY,
	scheme_id   INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	label       TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
	hint        TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL CHECK (kind IN ('text', 'long_text', 'choice', 'multi', 'date', 'number')),
	choices     TEXT NOT NULL DEFAULT '',
	visibility  TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private', 'equality')),
	applies_to  TEXT NOT NULL DEFAULT 'both' CHECK (applies_to IN ('mentee', 'mentor', 'both')),
	is_required INTEGER NOT NULL DEFAULT 0 CHECK (is_required IN (0, 1)),
	position    INTEGER NOT NULL DEFAULT 0,
	is_retired  INTEGER NOT NULL DEFAULT 0 CHECK (is_retired IN (0, 1)),
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX scheme_fields_scheme ON scheme_fields(scheme_id, position, id);

-- Matching rules (FIND-4), score weights (FIND-3) and what a profile
-- needs before its owner can be found (mentor) or can search and
-- request (mentee): comma-separated built-in field keys.
CREATE TABLE scheme_matching (
	scheme_id           INTEGER PRIMARY KEY REFERENCES schemes(id) ON DELETE CASCADE,
	exclude_conflicts   INTEGER NOT NULL DEFAULT 1 CHECK (exclude_conflicts IN (0, 1)),
	organisation_rule   TEXT NOT NULL DEFAULT 'any' CHECK (organisation_rule IN ('any', 'same', 'different')),
	specialty_rule      TEXT NOT NULL DEFAULT 'any' CHECK (specialty_rule IN ('any', 'same', 'different')),
	max_distance_miles  INTEGER NOT NULL DEFAULT 0 CHECK (max_distance_miles BETWEEN 0 AND 1000),
	weight_keyword      INTEGER NOT NULL DEFAULT 10 CHECK (weight_keyword BETWEEN 0 AND 100),
	weight_specialty    INTEGER NOT NULL DEFAULT 20 CHECK (weight_specialty BETWEEN 0 AND 100),
	weight_organisation INTEGER NOT NULL DEFAULT 5 CHECK (weight_organisation BETWEEN -100 AND 100),
	weight_distance     INTEGER NOT NULL DEFAULT 15 CHECK (weight_distance BETWEEN 0 AND 100),
	weight_format       INTEGER NOT NULL DEFAULT 5 CHECK (weight_format BETWEEN 0 AND 100),
	mentor_required     TEXT NOT NULL DEFAULT 'job_role,biography,keywords',
	mentee_required     TEXT NOT NULL DEFAULT 'job_role,statement',
	updated_at          INTEGER NOT NULL
) STRICT;
INSERT INTO scheme_matching (scheme_id, updated_at) SELECT id, created_at FROM schemes;

-- The shared part of a profile (PRO-1, PRO-2): one per person, used in
-- every role and scheme.  The name itself stays in users.
CREATE TABLE profiles (
	user_id                INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	preferred_name         TEXT NOT NULL DEFAULT '',
	pronouns               TEXT NOT NULL DEFAULT '',
	contact_email          TEXT NOT NULL DEFAULT '',   -- private
	phone                  TEXT NOT NULL DEFAULT '',   -- private
	job_role               TEXT NOT NULL DEFAULT '',   -- job role / training grade
	organisation           TEXT NOT NULL DEFAULT '',   -- employing organisation (trust)
	specialty              TEXT NOT NULL DEFAULT '',   -- school / specialty
	site                   TEXT NOT NULL DEFAULT '',   -- current site (a scheme site label)
	previous_organisations TEXT NOT NULL DEFAULT '',
	country_of_origin      TEXT NOT NULL DEFAULT '',   -- equality monitoring
	gender                 TEXT NOT NULL DEFAULT '',   -- equality monitoring
	date_of_birth          TEXT NOT NULL DEFAULT '',   -- equality monitoring, YYYY-MM-DD
	photo_name             TEXT NOT NULL DEFAULT '',   -- generated name under uploads/, '' for none
	photo_type             TEXT NOT NULL DEFAULT '',   -- image/jpeg, image/png, image/webp
	updated_at             INTEGER NOT NULL
) STRICT;
CREATE INDEX profiles_specialty ON profiles(specialty);

-- The mentor part, per scheme (PRO-6, PRO-7, PRO-8).  capacity NULL:
-- the scheme's default.  formats: comma-separated of in_person, video,
-- phone.
CREATE TABLE mentor_profiles (
	id           INTEGER PRIMARY KEY,   -- rowid of the search index row
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	scheme_id    INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	biography    TEXT NOT NULL DEFAULT '',
	skills       TEXT NOT NULL DEFAULT '',   -- skills and experience, free text
	capacity     INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 0 AND 50),
	is_available INTEGER NOT NULL DEFAULT 1 CHECK (is_available IN (0, 1)),
	formats      TEXT NOT NULL DEFAULT '',
	updated_at   INTEGER NOT NULL,
	UNIQUE (user_id, scheme_id)
) STRICT;
CREATE INDEX mentor_profiles_scheme ON mentor_profiles(scheme_id, is_available);

-- The mentee part, per scheme (PRO-4 and seed 002's personal statement).
CREATE TABLE mentee_profiles (
	user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	scheme_id        INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	statement        TEXT NOT NULL DEFAULT '',   -- personal statement
	reasons          TEXT NOT NULL DEFAULT '',   -- why seeking mentoring
	support_areas    TEXT NOT NULL DEFAULT '',   -- areas of support, free text
	availability     TEXT NOT NULL DEFAULT '',   -- days and times
	formats          TEXT NOT NULL DEFAULT '',   -- preferred meeting formats
	max_travel_miles INTEGER CHECK (max_travel_miles IS NULL OR max_travel_miles BETWEEN 0 AND 1000),
	updated_at       INTEGER NOT NULL,
	PRIMARY KEY (user_id, scheme_id)
) STRICT, WITHOUT ROWID;

-- Standard keywords a person picked (PRO-8): offered as a mentor,
-- wanted as a mentee.
CREATE TABLE profile_keywords (
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	role       TEXT NOT NULL CHECK (role IN ('mentee', 'mentor')),
	keyword_id INTEGER NOT NULL REFERENCES scheme_options(id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, scheme_id, role, keyword_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX profile_keywords_keyword ON profile_keywords(keyword_id, role, user_id);

-- Answers to a scheme's own fields.  multi: one choice per line.
CREATE TABLE field_values (
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	field_id   INTEGER NOT NULL REFERENCES scheme_fields(id) ON DELETE CASCADE,
	value      TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, field_id)
) STRICT, WITHOUT ROWID;

-- Mentor training (PRO-9): courses, refreshers and qualifications, with
-- an optional certificate (stored under a generated name) and an
-- administrator's verification.
CREATE TABLE training_records (
	id                   INTEGER PRIMARY KEY,
	user_id              INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind                 TEXT NOT NULL CHECK (kind IN ('course', 'refresher', 'qualification')),
	course               TEXT NOT NULL CHECK (length(course) BETWEEN 1 AND 200),
	provider             TEXT NOT NULL DEFAULT '',
	completed_on         TEXT NOT NULL,              -- YYYY-MM-DD
	refresh_due_on       TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD or ''
	certificate_name     TEXT NOT NULL DEFAULT '',   -- generated, '' for none
	certificate_type     TEXT NOT NULL DEFAULT '',
	certificate_filename TEXT NOT NULL DEFAULT '',   -- as uploaded, for the download
	verified_by          INTEGER REFERENCES users(id) ON DELETE SET NULL,
	verified_at          INTEGER,                    -- set: verified (even if the verifier's account is gone)
	version              INTEGER NOT NULL DEFAULT 1, -- +1 on every change: a verification names the version checked
	created_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX training_records_user ON training_records(user_id, completed_on);

-- Declared conflicts (FIND-4): a mentee names their educational
-- supervisor or appraiser (a person picked, or a name and email that
-- may match a person later), or a mentor declares a conflict with a
-- mentee by email (never picked from a list, and stored without looking
-- the address up, so a mentor cannot learn who the scheme's mentees
-- are).  Either way the pair is never offered to each other.
CREATE TABLE conflicts (
	id          INTEGER PRIMARY KEY,
	scheme_id   INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	mentee_id   INTEGER REFERENCES users(id) ON DELETE CASCADE,  -- NULL: a mentor named a mentee by email
	mentor_id   INTEGER REFERENCES users(id) ON DELETE CASCADE,  -- NULL: a mentee named a mentor by email
	name        TEXT NOT NULL DEFAULT '',
	email       TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	kind        TEXT NOT NULL CHECK (kind IN ('supervisor', 'appraiser', 'other')),
	declared_by INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at  INTEGER NOT NULL,
	CHECK (mentee_id IS NOT NULL OR mentor_id IS NOT NULL),
	CHECK ((mentee_id IS NOT NULL AND mentor_id IS NOT NULL) OR email <> '')
) STRICT;
CREATE INDEX conflicts_mentee ON conflicts(mentee_id, scheme_id);
CREATE INDEX conflicts_mentor ON conflicts(mentor_id, scheme_id);
CREATE INDEX conflicts_email ON conflicts(email, scheme_id) WHERE mentee_id IS NULL;

-- A mentoring relationship.  This issue needs only who is matched with
-- whom (profile visibility, PRO-10; capacity, PRO-6); the requests
-- issue adds the rest of its life.
CREATE TABLE relationships (
	id         INTEGER PRIMARY KEY,
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	mentor_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	mentee_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	status     TEXT NOT NULL DEFAULT 'active'
	           CHECK (status IN ('active', 'completed', 'ended_early')),
	started_at INTEGER NOT NULL,
	ended_at   INTEGER,
	created_at INTEGER NOT NULL,
	CHECK (mentor_id <> mentee_id)
) STRICT;
CREATE INDEX relationships_mentor ON relationships(mentor_id, status, scheme_id);
CREATE INDEX relationships_mentee ON relationships(mentee_id, status, scheme_id);
CREATE INDEX relationships_scheme ON relationships(scheme_id, status);

-- Free text of each mentor's public profile (FIND-2), one row per
-- mentor_profiles row (rowid = mentor_profiles.id), rewritten by the
-- app whenever anything in it changes.  Porter stemming over unicode61,
-- prefix indexes for "lead*" searches.
CREATE VIRTUAL TABLE mentor_text USING fts5(
	body,
	tokenize = 'porter unicode61 remove_diacritics 2',
	prefix = '2 3'
);

-- Anything that changes who is findable or how they score bumps this
-- counter (by trigger, so no code path can forget); the in-memory
-- search index of a scheme is rebuilt when it sees a new value.
CREATE TABLE search_generation (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	gen INTEGER NOT NULL
) STRICT;
INSERT INTO search_generation (id, gen) VALUES (1, 1);

CREATE TRIGGER gen_profiles_i AFTER INSERT ON profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_profiles_u AFTER UPDATE ON profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_profiles_d AFTER DELETE ON profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_mentor_i AFTER INSERT ON mentor_profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_mentor_u AFTER UPDATE ON mentor_profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_mentor_d AFTER DELETE ON mentor_profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_mentee_i AFTER INSERT ON mentee_profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_mentee_u AFTER UPDATE ON mentee_profiles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_keywords_i AFTER INSERT ON profile_keywords BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_keywords_d AFTER DELETE ON profile_keywords BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_options_i AFTER INSERT ON scheme_options BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_options_u AFTER UPDATE ON scheme_options BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_options_d AFTER DELETE ON scheme_options BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_matching_u AFTER UPDATE ON scheme_matching BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_settings_u AFTER UPDATE ON scheme_settings BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_conflicts_i AFTER INSERT ON conflicts BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_conflicts_d AFTER DELETE ON conflicts BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_rel_i AFTER INSERT ON relationships BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_rel_u AFTER UPDATE ON relationships BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_rel_d AFTER DELETE ON relationships BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_roles_i AFTER INSERT ON user_roles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_roles_d AFTER DELETE ON user_roles BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_users_status AFTER UPDATE OF status, given_name, family_name, email ON users
BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_fields_u AFTER UPDATE ON scheme_fields BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_values_i AFTER INSERT ON field_values BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_values_u AFTER UPDATE ON field_values BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_values_d AFTER DELETE ON field_values BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_training_i AFTER INSERT ON training_records BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_training_d AFTER DELETE ON training_records BEGIN UPDATE search_generation SET gen = gen + 1; END;
CREATE TRIGGER gen_training_u AFTER UPDATE ON training_records BEGIN UPDATE search_generation SET gen = gen + 1; END;

-- Every scheme has its matching row from the start.
CREATE TRIGGER schemes_matching AFTER INSERT ON schemes
BEGIN INSERT INTO scheme_matching (scheme_id, updated_at) VALUES (new.id, new.created_at); END;
