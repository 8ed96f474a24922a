-- 0014-mail: what the outbox needs to be searched, scoped and sent with
-- proper headers (MSG-4, ACC-8), and what a digest item needs to link
-- back into Tandem.
--
-- kind         the notification kind (app_notice_kinds[]); '' for mail
--              written before this migration or by the command line
-- user_id      the person it is for (NULL: none or unknown)
-- scheme_id    the scheme it is about (NULL: none); a scheme
--              administrator's outbox shows only its own scheme's rows
-- is_secret    1 when the body carries a live link (password reset); the
--              outbox pages show no body at all (metadata only)
-- unsubscribe  the List-Unsubscribe URL, '' for required emails
-- is_bulk      1 for the daily digest (Precedence: bulk)
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN user_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE outbox ADD COLUMN scheme_id INTEGER REFERENCES schemes(id) ON DELETE SET NULL;
ALTER TABLE outbox ADD COLUMN is_secret INTEGER NOT NULL DEFAULT 0
	CHECK (is_secret IN (0, 1));
ALTER TABLE outbox ADD COLUMN unsubscribe TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN is_bulk INTEGER NOT NULL DEFAULT 0
	CHECK (is_bulk IN (0, 1));
-- the admin outbox: newest first, optionally one status, one scheme
CREATE INDEX outbox_status_id ON outbox(status, id);
CREATE INDEX outbox_scheme_id ON outbox(scheme_id, id);
CREATE INDEX outbox_user ON outbox(user_id);

-- A digest item keeps where it came from, so the daily summary can name
-- the scheme and link back to each item.
ALTER TABLE digest_items ADD COLUMN scheme_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE digest_items ADD COLUMN path TEXT NOT NULL DEFAULT '/';

-- Mail queued before this migration has no kind: a password reset among
-- it carries a live link, so mark it secret (and give it its kind) by its
-- subject or the link in its body.  Cheap defence: the outbox pages show
-- no body anyway (MSG-4).
UPDATE outbox SET is_secret = 1,
	kind = CASE kind WHEN '' THEN 'password.reset' ELSE kind END
	WHERE subject = 'Reset your Tandem password'
	OR body_text LIKE '%/password/reset/%';
