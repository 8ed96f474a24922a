-- 0017: cohorts (issue 10): a scheme's intakes, each with a name, its
-- dates and the participants in it.  A person can be in several cohorts
-- of a scheme (an intake and a later refresher, say); membership is by
-- person, whatever their roles.  Cohorts are message targets (MSG-2) and
-- filters for the relationship list and the reports (ADM-3, ADM-4).

CREATE TABLE cohorts (
	id          INTEGER PRIMARY KEY,
	scheme_id   INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
	starts_on   TEXT NOT NULL DEFAULT '',          -- YYYY-MM-DD or ''
	ends_on     TEXT NOT NULL DEFAULT '',          -- YYYY-MM-DD or ''
	created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	UNIQUE (scheme_id, name)
) STRICT;

CREATE TABLE cohort_members (
	cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
	user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	added_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
	added_at  INTEGER NOT NULL,
	PRIMARY KEY (cohort_id, user_id)
) STRICT;
-- "which cohorts is this person in" and the joins of the filters
CREATE INDEX cohort_members_user ON cohort_members(user_id, cohort_id);
