-- Schema 6: notes files signed and sent encrypted, and a merge that trusts
-- nobody (issue 19).

-- In a minute pack: this copy's signing key (PKCS#12, see notes.rs), made
-- at its first export; how many exports it has made (the sequence number
-- that orders its notes' versions, never a clock); and the chair's age
-- public key that its notes files are encrypted to.
ALTER TABLE minute_pack ADD COLUMN signing_key BLOB;
ALTER TABLE minute_pack ADD COLUMN exports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE minute_pack ADD COLUMN chair_recipient TEXT NOT NULL DEFAULT '';

-- In the chair's audit: each minute-taker (by the id that prefixes their
-- note ids) and the key first seen signing for them. A later file signed
-- with another key cannot change their notes.
CREATE TABLE note_author (
    taker_uid   TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    name        TEXT NOT NULL,
    certificate BLOB NOT NULL,
    first_seen  TEXT NOT NULL
) STRICT;

-- Per note: the key that wrote it, the author's sequence number of the
-- version kept, and why it was kept apart (empty: it was not). Keyed by the
-- note's uid, not a foreign key: whole-audit writes delete and re-insert
-- notes, and these rows must outlive that.
CREATE TABLE note_trust (
    note_uid    TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    claim       TEXT NOT NULL DEFAULT ''
) STRICT;

-- In the chair's audit: the chair's own age X25519 identity, whose public
-- key every minute pack carries. Kept in the audit itself: whoever can read
-- the audit can read the minutes already, and a restored backup can still
-- open notes files sent before the loss.
CREATE TABLE transit_key (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
) STRICT;
