-- 0026-messageid: a Message-ID that stays the same across send attempts
-- (issue 12, crash safety).
--
-- The outbox is sent at least once: a message the SMTP server accepted
-- just before the process died (SIGKILL, power cut) is still 'queued'
-- and goes out again after the restart.  With a fresh random Message-ID
-- per attempt that second copy was a real duplicate; with one fixed per
-- row, mail servers and clients collapse the copies into one, so at
-- least once plus Message-ID dedupe is exactly once.
--
-- msg_token  32 lowercase hex characters (16 bytes of SQLite's
--            randomblob, seeded by the OS): the left part of the
--            Message-ID <msg_token.id@from-domain>.  Random rather than
--            derived from the id, because a row id can come back after
--            the newest rows are deleted, and a restored backup may meet
--            a database that reused its ids.  Every INSERT INTO outbox
--            sets it; SQLite cannot give an added column an expression
--            default, hence the ''.
ALTER TABLE outbox ADD COLUMN msg_token TEXT NOT NULL DEFAULT '';

-- Rows written before this migration, queued ones included, get theirs
-- now, so a message queued by an older binary keeps one Message-ID too.
UPDATE outbox SET msg_token = lower(hex(randomblob(16))) WHERE msg_token = '';
