-- Schema 1: the audit, its panel, template, reviews, minutes and recommendations.
-- Rows keep an integer key for joins and a text `uid` that is stable across
-- exports (the JSON form and minute packs refer to things by uid).
-- `position` columns hold the order the chair gave; they are not unique so
-- that reordering never trips a constraint mid-way.

CREATE TABLE audit (
    id               INTEGER PRIMARY KEY CHECK (id = 1),  -- one audit per file
    uid              TEXT NOT NULL,
    partnership      TEXT NOT NULL,
    year             TEXT NOT NULL,
    report_date      TEXT NOT NULL DEFAULT '',
    background       TEXT NOT NULL DEFAULT '',
    methodology      TEXT NOT NULL DEFAULT '',
    conclusion       TEXT NOT NULL DEFAULT '',
    template_name    TEXT NOT NULL,
    template_version TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE panel_member (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    is_chair     INTEGER NOT NULL DEFAULT 0 CHECK (is_chair IN (0, 1))
) STRICT;
-- At most one chair.
CREATE UNIQUE INDEX panel_one_chair ON panel_member (is_chair) WHERE is_chair = 1;

CREATE TABLE theme (
    id       INTEGER PRIMARY KEY,
    uid      TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL
) STRICT;

CREATE TABLE question (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    theme_id  INTEGER NOT NULL REFERENCES theme (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    points    TEXT NOT NULL DEFAULT '[]',  -- JSON array of sub-point strings
    follow_up TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX question_theme ON question (theme_id, position);

CREATE TABLE review (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    position     INTEGER NOT NULL,
    organisation TEXT NOT NULL,
    short_name   TEXT NOT NULL DEFAULT '',
    held_on      TEXT,  -- ISO date
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'did_not_take_place')),
    preparation  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE review_panel (
    review_id INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES panel_member (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (review_id, member_id)
) STRICT;

CREATE TABLE review_person (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('representative', 'apology')),
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    role      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE contact_attempt (
    id           INTEGER PRIMARY KEY,
    review_id    INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    contacted_on TEXT NOT NULL,  -- ISO date
    person       TEXT NOT NULL DEFAULT '',
    method       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
) STRICT;

-- Minutes refer to questions and themes by uid, not by row: a held review's
-- questions are its own frozen copy (review_theme, review_question), which
-- the template's rows can change or disappear without touching.
CREATE TABLE response (
    review_id    INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    question_uid TEXT NOT NULL,
    text         TEXT NOT NULL,
    updated_at   TEXT NOT NULL DEFAULT '',  -- RFC 3339 UTC of the last save
    PRIMARY KEY (review_id, question_uid)
) STRICT;

-- Earlier versions of a response, kept at least every couple of minutes
-- while it changes, so the chair can view and restore one.
CREATE TABLE response_version (
    id           INTEGER PRIMARY KEY,
    review_id    INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    question_uid TEXT NOT NULL,
    text         TEXT NOT NULL,
    saved_at     TEXT NOT NULL
) STRICT;
CREATE INDEX response_version_of ON response_version (review_id, question_uid, id);

CREATE TABLE note (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    review_id    INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    question_uid TEXT NOT NULL,
    author       TEXT NOT NULL,
    text         TEXT NOT NULL,
    created_at   TEXT NOT NULL,  -- RFC 3339 UTC
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX note_review ON note (review_id, question_uid);

CREATE TABLE theme_incomplete (
    review_id INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    theme_uid TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (review_id, theme_uid)
) STRICT;

CREATE TABLE recommendation (
    id                 INTEGER PRIMARY KEY,
    uid                TEXT NOT NULL UNIQUE,
    scope              TEXT NOT NULL CHECK (scope IN ('organisation', 'partnership')),
    review_id          INTEGER REFERENCES review (id) ON DELETE CASCADE,
    theme_uid          TEXT,
    after_question_uid TEXT,
    position           INTEGER NOT NULL,
    text               TEXT NOT NULL,
    CHECK (scope = 'partnership' OR review_id IS NOT NULL)
) STRICT;

-- A held review's frozen themes and questions (absent while planned).
CREATE TABLE review_theme (
    review_id INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    uid       TEXT NOT NULL,
    title     TEXT NOT NULL,
    PRIMARY KEY (review_id, uid)
) STRICT;

CREATE TABLE review_question (
    review_id INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    theme_uid TEXT NOT NULL,
    position  INTEGER NOT NULL,
    uid       TEXT NOT NULL,
    text      TEXT NOT NULL,
    points    TEXT NOT NULL DEFAULT '[]',
    follow_up TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, uid)
) STRICT;
