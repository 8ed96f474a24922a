-- audit: the audit log's hash chain and its indexes (ADM-7).
--
-- Each entry carries hash = SHA-256(prev_hash || a length-prefixed
-- encoding of id, at, actor_ref, scheme_ref, action, subject, detail, ip)
-- as lowercase hex, and prev_hash = the hash of the entry before it (''
-- for the first).  The hash is computed in C (app/audit.c) when the
-- entry is written; `tandem audit verify` recomputes it.
--
-- actor_id and scheme_id are foreign keys ON DELETE SET NULL: deleting a
-- person or a scheme changes them.  So the chain hashes actor_ref and
-- scheme_ref instead: the ORIGINAL ids, copied when the row is written
-- and never changed (0 for none).
--
-- Entries written before this migration have hash ''; the chain starts at
-- the first entry with a hash, and verify says how many predate it (their
-- hashes cannot be made in SQL, and making them later would vouch for
-- rows nobody checked when they were written).
ALTER TABLE audit_log ADD COLUMN actor_ref INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN scheme_ref INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
UPDATE audit_log SET actor_ref = coalesce(actor_id, 0), scheme_ref = coalesce(scheme_id, 0);

-- "Entries cannot be edited or deleted through Tandem": true at the
-- database level.  The only change allowed is the one the foreign keys
-- make (actor_id or scheme_id to NULL when the person or scheme goes).
-- Someone with the database file can drop these triggers; the chain is
-- what shows they did.
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit log entries cannot be deleted');
END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.action IS OLD.action
	AND NEW.subject IS OLD.subject AND NEW.detail IS OLD.detail AND NEW.ip IS OLD.ip
	AND NEW.actor_ref IS OLD.actor_ref AND NEW.scheme_ref IS OLD.scheme_ref
	AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
	AND (NEW.actor_id IS OLD.actor_id OR NEW.actor_id IS NULL)
	AND (NEW.scheme_id IS OLD.scheme_id OR NEW.scheme_id IS NULL))
BEGIN
	SELECT RAISE(ABORT, 'audit log entries cannot be changed');
END;

-- The view's list is newest first by id (keyset paging): one index per
-- scope it starts from.  (x) is (x, id) in SQLite: the rowid comes last.
CREATE INDEX audit_log_scheme_id ON audit_log(scheme_id);
CREATE INDEX audit_log_actor_id ON audit_log(actor_id);
-- the action filter's choices (SELECT DISTINCT action) and its prefix
CREATE INDEX audit_log_action ON audit_log(action);
