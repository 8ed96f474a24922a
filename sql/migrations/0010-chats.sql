-- 0010: chats, one conversation per relationship (MSG-1).
--
-- chat_messages: every message of a relationship's conversation.  The
-- recipient is kept on the row (the other party when it was written) so
-- the unread count is a range read of one index.  edited_at is set by an
-- edit (allowed for 5 minutes); a deleted message keeps its row as a
-- tombstone (body '', deleted_at set) so that open pages learn of the
-- deletion by polling and show "Message deleted"; its text is gone.
-- changed_at is created_at, moved by every edit and deletion: the poll
-- asks for "newer than ID, or changed since T".
--
-- chat_state: one row per person per conversation, made for both
-- parties with the first message or the first draft:
--   last_read_id  the newest message id the person has read (0: none)
--   emailed_at    when the last "new message" email went to them while
--                 they had unread messages (NULL: none since they last
--                 read); the 15-minute throttle reads it
--   draft         their unsent draft ('' none), draft_at when saved
--
-- Who may read or write is decided in app/chats.c, never here.  ON DELETE:
-- a relationship or an account going takes its rows with it.

CREATE TABLE chat_messages (
	id              INTEGER PRIMARY KEY,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	author_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	recipient_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	body            TEXT NOT NULL CHECK (length(body) <= 4000),
	created_at      INTEGER NOT NULL,
	edited_at       INTEGER,
	deleted_at      INTEGER,
	changed_at      INTEGER NOT NULL,
	CHECK ((deleted_at IS NULL) = (length(body) > 0))
) STRICT;
-- A conversation, newest first, and "newer than ID" (the poll); the
-- rowid ends the index, so (relationship_id, id) ranges read it.
CREATE INDEX chat_messages_rel ON chat_messages(relationship_id);
-- "changed since T" (the poll's edits and deletions).
CREATE INDEX chat_messages_changed ON chat_messages(relationship_id, changed_at);
-- Unread: a person's live messages in one conversation above a given id.
CREATE INDEX chat_messages_unread ON chat_messages(relationship_id, recipient_id, id)
	WHERE deleted_at IS NULL;
-- The author's and recipient's (account deletion's cascade).
CREATE INDEX chat_messages_author ON chat_messages(author_id);
CREATE INDEX chat_messages_recipient ON chat_messages(recipient_id);

CREATE TABLE chat_state (
	user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
	last_read_id    INTEGER NOT NULL DEFAULT 0,
	emailed_at      INTEGER,
	draft           TEXT NOT NULL DEFAULT '' CHECK (length(draft) <= 4000),
	draft_at        INTEGER,
	PRIMARY KEY (user_id, relationship_id)
) STRICT, WITHOUT ROWID;
-- The relationship's (its cascade).
CREATE INDEX chat_state_rel ON chat_state(relationship_id);
