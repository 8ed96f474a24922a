-- 0024-notices: every version of each scheme's privacy notice (ADM-2,
-- ACC-1).  Until now only the current text and its number were kept
-- (scheme_settings.privacy_notice, privacy_notice_version), so when an
-- administrator asked "what did this person accept as version 2?" there
-- was no answer.  From here on each version's text is kept for good.
--
-- Who writes rows:
--   - the settings page (app/schemes.c) adds the new version, with who
--     saved it, in the same transaction as the settings;
--   - scheme_notices_first: a new scheme's first version (any path that
--     creates a scheme: the site administrator's page, `tandem scheme
--     add`, the demo), created_by NULL; the page then records its
--     creator;
--   - scheme_notices_version: a safety net should anything else ever
--     raise the version without adding its row (created_by NULL).
-- Both triggers add nothing when the row is already there, so the
-- settings page's explicit row (written first) wins.
--
-- Existing schemes: only their current text survives, filled in below.
-- When and by whom it was written comes from the audit log's settings
-- row that raised the version to it ("privacy_notice_version: 1 → 2";
-- the version rises by exactly one), else the scheme's creation (version
-- 1) or the settings' last change.  Earlier texts were never stored and
-- cannot be recovered.
CREATE TABLE scheme_notices (
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	version    INTEGER NOT NULL CHECK (version >= 1),
	text       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	PRIMARY KEY (scheme_id, version)
) STRICT;

INSERT INTO scheme_notices (scheme_id, version, text, created_at, created_by)
SELECT ss.scheme_id, ss.privacy_notice_version, ss.privacy_notice,
	coalesce((SELECT max(l.at) FROM audit_log l
		WHERE l.scheme_id = ss.scheme_id AND l.action = 'scheme.settings'
		AND substr(l.detail, instr(l.detail, 'privacy_notice_version: ')) LIKE
		    'privacy_notice_version: ' || (ss.privacy_notice_version - 1) || ' → ' ||
		    ss.privacy_notice_version || '%'),
	    CASE WHEN ss.privacy_notice_version = 1 THEN s.created_at ELSE ss.updated_at END),
	(SELECT l.actor_id FROM audit_log l
		WHERE l.scheme_id = ss.scheme_id AND l.action = 'scheme.settings'
		AND substr(l.detail, instr(l.detail, 'privacy_notice_version: ')) LIKE
		    'privacy_notice_version: ' || (ss.privacy_notice_version - 1) || ' → ' ||
		    ss.privacy_notice_version || '%'
		ORDER BY l.id DESC LIMIT 1)
FROM scheme_settings ss JOIN schemes s ON s.id = ss.scheme_id;

CREATE TRIGGER scheme_notices_first AFTER INSERT ON scheme_settings
BEGIN
	INSERT INTO scheme_notices (scheme_id, version, text, created_at, created_by)
	SELECT NEW.scheme_id, NEW.privacy_notice_version, NEW.privacy_notice, NEW.updated_at, NULL
	WHERE NOT EXISTS (SELECT 1 FROM scheme_notices n WHERE n.scheme_id = NEW.scheme_id
		AND n.version = NEW.privacy_notice_version);
END;

CREATE TRIGGER scheme_notices_version AFTER UPDATE OF privacy_notice_version ON scheme_settings
WHEN NEW.privacy_notice_version IS NOT OLD.privacy_notice_version
BEGIN
	INSERT INTO scheme_notices (scheme_id, version, text, created_at, created_by)
	SELECT NEW.scheme_id, NEW.privacy_notice_version, NEW.privacy_notice, NEW.updated_at, NULL
	WHERE NOT EXISTS (SELECT 1 FROM scheme_notices n WHERE n.scheme_id = NEW.scheme_id
		AND n.version = NEW.privacy_notice_version);
END;
