-- Schema 3: minute-takers' notes (issue 7).

-- Present (one row) only in a minute pack: the file a minute-taker takes
-- minutes in, for one review. `taker_uid` is made when the name is first
-- given in this copy, and prefixes the ids of the notes it exports, so two
-- copies of the same pack never share note ids. No foreign key to review:
-- whole-audit writes delete and re-insert reviews, and the uid is stable.
CREATE TABLE minute_pack (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    review_uid TEXT NOT NULL,
    author     TEXT NOT NULL DEFAULT '',
    taker_uid  TEXT NOT NULL DEFAULT ''
) STRICT;

-- A note that changed after the chair had used its text keeps that earlier
-- text here until the chair clears the flag (both NULL: not flagged).
ALTER TABLE note ADD COLUMN superseded_text TEXT;
ALTER TABLE note ADD COLUMN superseded_updated_at TEXT;
