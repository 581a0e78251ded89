-- Schema 7: next year's audit and last year's recommendations as actions
-- (issue 18). Numbered 7 because 6 is taken by a parallel branch; the lead
-- renumbers on merge if needed.
--
-- None of these tables is written by whole-audit writes (store/doc.rs): they
-- are not part of the JSON form, and a set-up edit must never lose a
-- progress note.

-- Present (one row) when this audit was started from last year's.
CREATE TABLE previous_audit (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    uid         TEXT NOT NULL,
    partnership TEXT NOT NULL,
    year        TEXT NOT NULL,
    file_name   TEXT NOT NULL DEFAULT '',
    template    TEXT NOT NULL  -- last year's template as JSON (template.rs)
) STRICT;

-- Last year's recommendations, in the order its report printed them.
-- `review_uid` names this year's review of the owner (no foreign key:
-- whole-audit writes delete and re-insert reviews, and the uid is stable).
CREATE TABLE action (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    text       TEXT NOT NULL,
    scope      TEXT NOT NULL CHECK (scope IN ('organisation', 'partnership')),
    owner      TEXT NOT NULL,
    review_uid TEXT,
    status     TEXT NOT NULL DEFAULT 'not_started'
               CHECK (status IN ('not_started', 'in_progress', 'completed', 'not_accepted', 'superseded')),
    due        TEXT  -- ISO date
) STRICT;

-- Dated progress notes, oldest first by `id`.
CREATE TABLE action_progress (
    id            INTEGER PRIMARY KEY,
    action_id     INTEGER NOT NULL REFERENCES action (id) ON DELETE CASCADE,
    noted_on      TEXT NOT NULL,  -- ISO date
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0),
    evidence_kind TEXT CHECK (evidence_kind IN ('note', 'link')),
    evidence      TEXT,
    CHECK ((evidence_kind IS NULL) = (evidence IS NULL))
) STRICT;
CREATE INDEX action_progress_of ON action_progress (action_id, id);

-- A signed-off report printed the actions' state and its signature covers
-- it (signing.md): like every other table, they cannot change until the
-- report is reopened.
CREATE TRIGGER previous_audit_report_insert BEFORE INSERT ON previous_audit WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER previous_audit_report_update BEFORE UPDATE ON previous_audit WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER previous_audit_report_delete BEFORE DELETE ON previous_audit WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER action_report_insert BEFORE INSERT ON action WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER action_report_update BEFORE UPDATE ON action WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER action_report_delete BEFORE DELETE ON action WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER action_progress_report_insert BEFORE INSERT ON action_progress WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER action_progress_report_update BEFORE UPDATE ON action_progress WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER action_progress_report_delete BEFORE DELETE ON action_progress WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
