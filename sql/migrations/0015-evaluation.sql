-- 0015: evaluation (EVAL-1 to EVAL-6).
--
-- A scheme's evaluation forms are versioned: a form's questions belong to
-- a version; editing a form whose latest version has responses copies it
-- to a new version first, so every response stays with the exact
-- questions it answered (EVAL-1).  A form's current version is its
-- highest.
--
-- An evaluation is one person's invitation to answer one form, for one
-- relationship (NULL for the annual review), on one occasion: created by
-- completion (in the same transaction), by the daily job for offsets from
-- the start or the end, or when an administrator opens the annual review
-- (EVAL-2, EVAL-6).  It can be answered until closes_at; one reminder is
-- sent 7 days after it became due (reminded_at).  Its response is one row
-- in eval_responses with one eval_answers row per chosen option or text.

CREATE TABLE eval_forms (
	id           INTEGER PRIMARY KEY,
	scheme_id    INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	intro        TEXT NOT NULL DEFAULT '' CHECK (length(intro) <= 4000),
	-- relationship: triggered per relationship; annual: the scheme-wide
	-- annual review an administrator opens for a period (EVAL-6)
	kind         TEXT NOT NULL CHECK (kind IN ('relationship', 'annual')),
	-- who answers: the mentee or the mentor of each relationship; for the
	-- annual review also 'everyone' (every approved participant)
	respondent   TEXT NOT NULL CHECK (respondent IN ('mentee', 'mentor', 'everyone')),
	-- when (relationship forms): on completion, or trigger_days after the
	-- start, before the estimated end, after the end date; annual: 'annual'
	trigger_on   TEXT NOT NULL CHECK (trigger_on IN ('completion', 'after_start',
	             'before_end', 'after_end', 'annual')),
	trigger_days INTEGER NOT NULL DEFAULT 0 CHECK (trigger_days BETWEEN 0 AND 3650),
	-- draft: being written, triggers nothing; active: triggers; closed:
	-- triggers nothing more, its results stay
	status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
	-- when it was last made active: offsets reached before then are not
	-- back-filled, so activating a form does not flood old relationships
	active_since INTEGER NOT NULL DEFAULT 0,
	-- the annual review's current period (YYYY-MM-DD, '' when never opened)
	opens_on     TEXT NOT NULL DEFAULT '',
	closes_on    TEXT NOT NULL DEFAULT '',
	created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	CHECK ((kind = 'annual') = (trigger_on = 'annual')),
	CHECK (kind = 'annual' OR respondent <> 'everyone')
) STRICT;
CREATE INDEX eval_forms_scheme ON eval_forms(scheme_id, status);

CREATE TABLE eval_versions (
	id         INTEGER PRIMARY KEY,
	form_id    INTEGER NOT NULL REFERENCES eval_forms(id) ON DELETE CASCADE,
	version    INTEGER NOT NULL CHECK (version >= 1),
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (form_id, version)
) STRICT;

-- kind: rating (1-5, options holds the five labels, lowest first),
-- single and multiple (options: one label per line, at most 20),
-- yes_no, text (max_length characters, 1-4000).
CREATE TABLE eval_questions (
	id          INTEGER PRIMARY KEY,
	version_id  INTEGER NOT NULL REFERENCES eval_versions(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL CHECK (position >= 1),
	kind        TEXT NOT NULL CHECK (kind IN ('rating', 'single', 'multiple', 'yes_no', 'text')),
	prompt      TEXT NOT NULL CHECK (length(prompt) BETWEEN 1 AND 500),
	hint        TEXT NOT NULL DEFAULT '' CHECK (length(hint) <= 1000),
	is_required INTEGER NOT NULL DEFAULT 0 CHECK (is_required IN (0, 1)),
	options     TEXT NOT NULL DEFAULT '' CHECK (length(options) <= 4000),
	max_length  INTEGER NOT NULL DEFAULT 0 CHECK (max_length BETWEEN 0 AND 4000),
	UNIQUE (version_id, position)
) STRICT;

CREATE TABLE evaluations (
	id              INTEGER PRIMARY KEY,
	form_id         INTEGER NOT NULL REFERENCES eval_forms(id) ON DELETE CASCADE,
	scheme_id       INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	relationship_id INTEGER REFERENCES relationships(id) ON DELETE CASCADE,
	-- as whom they answer: mentor or mentee (annual: the role they hold)
	role            TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
	-- what made it due: 'completion', 'after_start:30', 'before_end:14',
	-- 'after_end:90', 'annual:2026-11-24' (the period's opening day)
	occasion        TEXT NOT NULL CHECK (length(occasion) BETWEEN 1 AND 40),
	due_at          INTEGER NOT NULL,
	closes_at       INTEGER NOT NULL CHECK (closes_at > due_at),
	deferred_at     INTEGER,          -- EVAL-3: the mentor chose "later"
	reminded_at     INTEGER,          -- the one reminder (EVAL-2)
	answered_at     INTEGER,
	created_at      INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX evaluations_once
	ON evaluations(form_id, user_id, ifnull(relationship_id, 0), occasion);
-- "Evaluations to complete" and the reminder job
CREATE INDEX evaluations_user ON evaluations(user_id, answered_at, closes_at);
CREATE INDEX evaluations_open ON evaluations(answered_at, reminded_at, due_at);
CREATE INDEX evaluations_rel ON evaluations(relationship_id);
CREATE INDEX evaluations_form ON evaluations(form_id, due_at);

CREATE TABLE eval_responses (
	id            INTEGER PRIMARY KEY,
	evaluation_id INTEGER NOT NULL UNIQUE REFERENCES evaluations(id) ON DELETE CASCADE,
	-- the version answered; app never deletes a version with responses
	-- (no ON DELETE: a form or scheme deleted whole cascades through
	-- evaluations first, checked at the end of the statement)
	version_id    INTEGER NOT NULL REFERENCES eval_versions(id),
	submitted_at  INTEGER NOT NULL,
	-- EVAL-4: a mentor's choice to let their mentee read this response
	shared        INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1))
) STRICT;
CREATE INDEX eval_responses_version ON eval_responses(version_id, submitted_at);

-- One row per rating value, chosen option, yes/no or text answer.
-- option: rating 1-5; single/multiple the option's number from 1;
-- yes_no 1 yes, 2 no; text 0 with the text.  Unanswered optional
-- questions have no row.
CREATE TABLE eval_answers (
	response_id INTEGER NOT NULL REFERENCES eval_responses(id) ON DELETE CASCADE,
	question_id INTEGER NOT NULL REFERENCES eval_questions(id),
	option      INTEGER NOT NULL CHECK (option BETWEEN 0 AND 20),
	text        TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 4000),
	PRIMARY KEY (response_id, question_id, option)
) STRICT;
CREATE INDEX eval_answers_question ON eval_answers(question_id, option);
