-- 0011: administrator messages to people and groups, and their replies
-- (MSG-2).
--
-- A message belongs to one scheme and is sent by one of its
-- administrators (or a site administrator).  The audience (groups or
-- hand-picked people) is resolved to people AT SEND TIME and stored as
-- one message_recipients row per person, so later changes to the groups
-- never change who got it.  `audience` keeps the groups in words for the
-- administrators' list ("Mentors with no relationship yet").
--
-- message_files are the attachments.  While an administrator is still
-- composing (a preview keeps the files chosen so far) a row has
-- message_id NULL and belongs to its uploader; sending claims it.  The
-- bytes live under DATA/files with a generated name (core/files.h), like
-- documents; they are never attached to an email.
--
-- A recipient's replies are message_replies rows; message_recipients
-- keeps read_at and the first and last reply times, so the lists need
-- no aggregate over the replies.
--
-- ON DELETE: a scheme or a message going takes its rows with it; an
-- account going takes that person's recipient rows and replies.  The
-- sender is kept as NULL (the message stays in the scheme's history).

CREATE TABLE messages (
	id          INTEGER PRIMARY KEY,
	scheme_id   INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	sender_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	subject     TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 150),
	body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
	audience    TEXT NOT NULL DEFAULT '',
	nrecipients INTEGER NOT NULL DEFAULT 0,
	sent_at     INTEGER NOT NULL
) STRICT;
-- The administrators' list, per scheme, newest first.
CREATE INDEX messages_scheme ON messages(scheme_id, sent_at);
CREATE INDEX messages_sender ON messages(sender_id);

CREATE TABLE message_recipients (
	message_id     INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	read_at        INTEGER,
	first_reply_at INTEGER,
	last_reply_at  INTEGER,
	nreplies       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (message_id, user_id)
) STRICT, WITHOUT ROWID;
-- A person's inbox, newest first.
CREATE INDEX message_recipients_user ON message_recipients(user_id, message_id);
-- The side menu's badge on every page: a count over this index only.
CREATE INDEX message_recipients_unread ON message_recipients(user_id)
	WHERE read_at IS NULL;

CREATE TABLE message_replies (
	id         INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	body       TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
	created_at INTEGER NOT NULL
) STRICT;
-- The replies to one message (administrators), or one person's to it.
CREATE INDEX message_replies_message ON message_replies(message_id, user_id, created_at);
CREATE INDEX message_replies_user ON message_replies(user_id);

CREATE TABLE message_files (
	id          INTEGER PRIMARY KEY,
	message_id  INTEGER REFERENCES messages(id) ON DELETE CASCADE,  -- NULL: being composed
	uploader_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	filename    TEXT NOT NULL,
	stored_name TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL,
	mime        TEXT NOT NULL,
	size        INTEGER NOT NULL CHECK (size > 0),
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX message_files_message ON message_files(message_id, id);
-- An administrator's files not yet sent (the compose form).
CREATE INDEX message_files_pending ON message_files(uploader_id, id)
	WHERE message_id IS NULL;
