-- 0018-settings: scheme settings (ADM-2) and schemes (ADM-9).
--
-- Joining: whether the scheme takes registrations at all, and whether a
-- new registration waits for an administrator's approval (ACC-3) or is
-- active at once.  Matching: the cohort matching switch (issue 11 uses
-- it; only the switch is stored here).
ALTER TABLE scheme_settings ADD COLUMN registration_open INTEGER NOT NULL DEFAULT 1
	CHECK (registration_open IN (0, 1));
ALTER TABLE scheme_settings ADD COLUMN approval_required INTEGER NOT NULL DEFAULT 1
	CHECK (approval_required IN (0, 1));
ALTER TABLE scheme_settings ADD COLUMN allow_cohort_matching INTEGER NOT NULL DEFAULT 0
	CHECK (allow_cohort_matching IN (0, 1));

