-- 0012: news and resources (MSG-3, seeds 000 "Mentoring resources" and
-- 002 "Peer mentoring resources"): a scheme's administrators publish
-- news items and resources for an audience of the scheme's people.
--
-- audience: 'all' (mentors and mentees), 'mentors' or 'mentees'.  A
-- participant's lists show the rows for their active view's role; a row
-- for the other audience is not found for them (404), never "forbidden".
--
-- News: published_on is the date shown ("YYYY-MM-DD", the scheme's
-- time zone); a date in the future holds the item back until then.
-- show_until ("" for none) is the last day participants see it.  The
-- body is plain text paragraphs, shown escaped.
CREATE TABLE news_items (
	id           INTEGER PRIMARY KEY,
	scheme_id    INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
	body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
	audience     TEXT NOT NULL CHECK (audience IN ('all', 'mentors', 'mentees')),
	published_on TEXT NOT NULL CHECK (length(published_on) = 10),
	show_until   TEXT NOT NULL DEFAULT '' CHECK (show_until = '' OR
	                 (length(show_until) = 10 AND show_until >= published_on)),
	created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;
-- The lists (admin page, /news, the home page's last 30 days): newest
-- published first within a scheme.
CREATE INDEX news_items_scheme ON news_items(scheme_id, published_on);

-- Resources: either a file (kind 'file': stored under a generated name
-- with core/files.h, recognised by its bytes, served as an attachment)
-- or a link (kind 'link': an http or https address).  category is the
-- scheme's own words ("Guides", "Codes of practice"), grouped on the
-- Resources page.
CREATE TABLE resources (
	id           INTEGER PRIMARY KEY,
	scheme_id    INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
	description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
	category     TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 60),
	audience     TEXT NOT NULL CHECK (audience IN ('all', 'mentors', 'mentees')),
	kind         TEXT NOT NULL CHECK (kind IN ('file', 'link')),
	url          TEXT NOT NULL DEFAULT '' CHECK (length(url) <= 2000),
	filename     TEXT NOT NULL DEFAULT '' CHECK (length(filename) <= 200),
	stored_name  TEXT NOT NULL DEFAULT '',
	file_kind    TEXT NOT NULL DEFAULT '',
	mime         TEXT NOT NULL DEFAULT '',
	size         INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
	created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	CHECK ((kind = 'link') = (url <> '')),
	CHECK ((kind = 'file') = (stored_name <> '' AND filename <> '' AND size > 0))
) STRICT;
-- The Resources page and the admin list: by category, then title.
CREATE INDEX resources_scheme ON resources(scheme_id, category COLLATE NOCASE,
	title COLLATE NOCASE);
-- The home page: resources added in the last 30 days, newest first.
CREATE INDEX resources_recent ON resources(scheme_id, created_at);
