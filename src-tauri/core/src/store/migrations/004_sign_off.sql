-- Schema 4: sign-off (issue 6). The triggers follow one pattern per table; see
-- src-tauri/core/schema/signing.md for the workflow, the canonical form and
-- the digest.
--
-- The three record tables are append-only: a sign-off is never edited or
-- deleted, a reopening only ever adds a row. Whether something is signed off
-- is derived: a sign-off row with no reopening row pointing at it.
--
-- `scope` is 'review' (one review's minutes, `review_uid` set) or 'report'
-- (the whole report, `review_uid` = ''). `version` counts drafts: 1 until the
-- first reopening, then 2, and so on.

CREATE TABLE accuracy_check (
    id         INTEGER PRIMARY KEY,
    scope      TEXT NOT NULL CHECK (scope IN ('review', 'report')),
    review_uid TEXT NOT NULL,
    version    INTEGER NOT NULL,
    sent_by    TEXT NOT NULL,
    sent_at    TEXT NOT NULL,  -- RFC 3339 UTC
    note       TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sign_off (
    id             INTEGER PRIMARY KEY,
    scope          TEXT NOT NULL CHECK (scope IN ('review', 'report')),
    review_uid     TEXT NOT NULL,
    version        INTEGER NOT NULL,
    signatory_name TEXT NOT NULL,
    signatory_role TEXT NOT NULL DEFAULT '',
    signed_at      TEXT NOT NULL,  -- RFC 3339 UTC
    statement      TEXT NOT NULL,
    digest         TEXT NOT NULL,  -- SHA-256 of `canonical`, lower-case hex
    canonical      TEXT NOT NULL,  -- exactly what was signed (signing.md)
    UNIQUE (scope, review_uid, version)
) STRICT;

CREATE TABLE reopening (
    id          INTEGER PRIMARY KEY,
    sign_off_id INTEGER NOT NULL UNIQUE REFERENCES sign_off (id),
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    reopened_at TEXT NOT NULL,  -- RFC 3339 UTC
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0)
) STRICT;

-- Signed off now: a sign-off nobody has reopened.
CREATE VIEW open_sign_off AS
    SELECT s.* FROM sign_off s WHERE NOT EXISTS (SELECT 1 FROM reopening o WHERE o.sign_off_id = s.id);

-- The rows of the review table whose minutes are signed off now.
CREATE VIEW locked_review AS
    SELECT v.id AS review_id, v.uid AS review_uid FROM review v
    WHERE EXISTS (SELECT 1 FROM open_sign_off s WHERE s.scope = 'review' AND s.review_uid = v.uid);

-- The records themselves cannot be changed or removed.

CREATE TRIGGER accuracy_check_no_update BEFORE UPDATE ON accuracy_check
BEGIN SELECT RAISE(ABORT, 'Signed off: the sign-off record is permanent and cannot be changed or removed.'); END;
CREATE TRIGGER accuracy_check_no_delete BEFORE DELETE ON accuracy_check
BEGIN SELECT RAISE(ABORT, 'Signed off: the sign-off record is permanent and cannot be changed or removed.'); END;
CREATE TRIGGER sign_off_no_update BEFORE UPDATE ON sign_off
BEGIN SELECT RAISE(ABORT, 'Signed off: the sign-off record is permanent and cannot be changed or removed.'); END;
CREATE TRIGGER sign_off_no_delete BEFORE DELETE ON sign_off
BEGIN SELECT RAISE(ABORT, 'Signed off: the sign-off record is permanent and cannot be changed or removed.'); END;
CREATE TRIGGER reopening_no_update BEFORE UPDATE ON reopening
BEGIN SELECT RAISE(ABORT, 'Signed off: the sign-off record is permanent and cannot be changed or removed.'); END;
CREATE TRIGGER reopening_no_delete BEFORE DELETE ON reopening
BEGIN SELECT RAISE(ABORT, 'Signed off: the sign-off record is permanent and cannot be changed or removed.'); END;

-- A signed-off review's rows. Whole-audit writes (store/doc.rs) leave these
-- rows alone rather than deleting and re-inserting them, so a set-up edit
-- elsewhere in the audit is never blocked by a signed-off review.

CREATE TRIGGER review_panel_signed_insert BEFORE INSERT ON review_panel WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_panel_signed_update BEFORE UPDATE ON review_panel WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_panel_signed_delete BEFORE DELETE ON review_panel WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_person_signed_insert BEFORE INSERT ON review_person WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_person_signed_update BEFORE UPDATE ON review_person WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_person_signed_delete BEFORE DELETE ON review_person WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER contact_attempt_signed_insert BEFORE INSERT ON contact_attempt WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER contact_attempt_signed_update BEFORE UPDATE ON contact_attempt WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER contact_attempt_signed_delete BEFORE DELETE ON contact_attempt WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER response_signed_insert BEFORE INSERT ON response WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER response_signed_update BEFORE UPDATE ON response WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER response_signed_delete BEFORE DELETE ON response WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER response_version_signed_insert BEFORE INSERT ON response_version WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER response_version_signed_update BEFORE UPDATE ON response_version WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER response_version_signed_delete BEFORE DELETE ON response_version WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER note_signed_insert BEFORE INSERT ON note WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER note_signed_update BEFORE UPDATE ON note WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER note_signed_delete BEFORE DELETE ON note WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER theme_incomplete_signed_insert BEFORE INSERT ON theme_incomplete WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER theme_incomplete_signed_update BEFORE UPDATE ON theme_incomplete WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER theme_incomplete_signed_delete BEFORE DELETE ON theme_incomplete WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_theme_signed_insert BEFORE INSERT ON review_theme WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_theme_signed_update BEFORE UPDATE ON review_theme WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_theme_signed_delete BEFORE DELETE ON review_theme WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_question_signed_insert BEFORE INSERT ON review_question WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_question_signed_update BEFORE UPDATE ON review_question WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_question_signed_delete BEFORE DELETE ON review_question WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timebox_plan_signed_insert BEFORE INSERT ON timebox_plan WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timebox_plan_signed_update BEFORE UPDATE ON timebox_plan WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timebox_plan_signed_delete BEFORE DELETE ON timebox_plan WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timebox_segment_signed_insert BEFORE INSERT ON timebox_segment WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timebox_segment_signed_update BEFORE UPDATE ON timebox_segment WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timebox_segment_signed_delete BEFORE DELETE ON timebox_segment WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timer_event_signed_insert BEFORE INSERT ON timer_event WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timer_event_signed_update BEFORE UPDATE ON timer_event WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER timer_event_signed_delete BEFORE DELETE ON timer_event WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER recommendation_signed_insert BEFORE INSERT ON recommendation WHEN NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER recommendation_signed_update BEFORE UPDATE OF uid, scope, review_id, theme_uid, after_question_uid, text ON recommendation WHEN OLD.review_id IN (SELECT review_id FROM locked_review) OR NEW.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER recommendation_signed_delete BEFORE DELETE ON recommendation WHEN OLD.review_id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
-- Only a signed-off review's place in the list may change (position).
CREATE TRIGGER review_signed_update BEFORE UPDATE OF uid, organisation, short_name, held_on, status, preparation ON review WHEN OLD.id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;
CREATE TRIGGER review_signed_delete BEFORE DELETE ON review WHEN OLD.id IN (SELECT review_id FROM locked_review)
BEGIN SELECT RAISE(ABORT, 'Signed off: these minutes are signed off and cannot be changed. Reopen them, giving a reason, to change them.'); END;

-- A signed-off report: nothing in the audit may change at all.

CREATE TRIGGER audit_report_insert BEFORE INSERT ON audit WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER audit_report_update BEFORE UPDATE ON audit WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER audit_report_delete BEFORE DELETE ON audit WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER panel_member_report_insert BEFORE INSERT ON panel_member WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER panel_member_report_update BEFORE UPDATE ON panel_member WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER panel_member_report_delete BEFORE DELETE ON panel_member WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER theme_report_insert BEFORE INSERT ON theme WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER theme_report_update BEFORE UPDATE ON theme WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER theme_report_delete BEFORE DELETE ON theme WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER question_report_insert BEFORE INSERT ON question WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER question_report_update BEFORE UPDATE ON question WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER question_report_delete BEFORE DELETE ON question WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_report_insert BEFORE INSERT ON review WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_report_update BEFORE UPDATE ON review WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_report_delete BEFORE DELETE ON review WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_panel_report_insert BEFORE INSERT ON review_panel WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_panel_report_update BEFORE UPDATE ON review_panel WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_panel_report_delete BEFORE DELETE ON review_panel WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_person_report_insert BEFORE INSERT ON review_person WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_person_report_update BEFORE UPDATE ON review_person WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_person_report_delete BEFORE DELETE ON review_person WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER contact_attempt_report_insert BEFORE INSERT ON contact_attempt WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER contact_attempt_report_update BEFORE UPDATE ON contact_attempt WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER contact_attempt_report_delete BEFORE DELETE ON contact_attempt WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER response_report_insert BEFORE INSERT ON response WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER response_report_update BEFORE UPDATE ON response WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER response_report_delete BEFORE DELETE ON response WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER response_version_report_insert BEFORE INSERT ON response_version WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER response_version_report_update BEFORE UPDATE ON response_version WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER response_version_report_delete BEFORE DELETE ON response_version WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER note_report_insert BEFORE INSERT ON note WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER note_report_update BEFORE UPDATE ON note WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER note_report_delete BEFORE DELETE ON note WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER theme_incomplete_report_insert BEFORE INSERT ON theme_incomplete WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER theme_incomplete_report_update BEFORE UPDATE ON theme_incomplete WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER theme_incomplete_report_delete BEFORE DELETE ON theme_incomplete WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_theme_report_insert BEFORE INSERT ON review_theme WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_theme_report_update BEFORE UPDATE ON review_theme WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_theme_report_delete BEFORE DELETE ON review_theme WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_question_report_insert BEFORE INSERT ON review_question WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_question_report_update BEFORE UPDATE ON review_question WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER review_question_report_delete BEFORE DELETE ON review_question WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timebox_plan_report_insert BEFORE INSERT ON timebox_plan WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timebox_plan_report_update BEFORE UPDATE ON timebox_plan WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timebox_plan_report_delete BEFORE DELETE ON timebox_plan WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timebox_segment_report_insert BEFORE INSERT ON timebox_segment WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timebox_segment_report_update BEFORE UPDATE ON timebox_segment WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timebox_segment_report_delete BEFORE DELETE ON timebox_segment WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timer_event_report_insert BEFORE INSERT ON timer_event WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timer_event_report_update BEFORE UPDATE ON timer_event WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER timer_event_report_delete BEFORE DELETE ON timer_event WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER recommendation_report_insert BEFORE INSERT ON recommendation WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER recommendation_report_update BEFORE UPDATE ON recommendation WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
CREATE TRIGGER recommendation_report_delete BEFORE DELETE ON recommendation WHEN EXISTS (SELECT 1 FROM open_sign_off WHERE scope = 'report')
BEGIN SELECT RAISE(ABORT, 'Signed off: the report is signed off and cannot be changed. Reopen it, giving a reason, to change it.'); END;
