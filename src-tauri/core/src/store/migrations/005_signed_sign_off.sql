-- Schema 5: signed sign-offs and readiness (issue 14).
--
-- A sign-off record is now signed with the signatory's key: `certificate`
-- is their X.509 certificate (DER) and `signature` a detached CMS signature
-- (DER) over the record's canonical text (see signing.md, "The record"),
-- so a record rewritten by anyone without the key no longer verifies.
-- Records made before schema 5 have neither and are shown as unsigned.
--
-- `accepted_gaps` is the JSON array of the gaps the chair confirmed at
-- sign-off (readiness.rs), part of what the record's signature covers.
--
-- A signed-off report keeps the exact bytes of the signed PDF made at
-- sign-off, so every later export writes the same signed file and needs no
-- key. Append-only like the records.

ALTER TABLE sign_off ADD COLUMN accepted_gaps TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sign_off ADD COLUMN certificate BLOB;
ALTER TABLE sign_off ADD COLUMN signature BLOB;

CREATE TABLE signed_report_pdf (
    sign_off_id INTEGER PRIMARY KEY REFERENCES sign_off (id),
    pdf         BLOB NOT NULL
) STRICT;

CREATE TRIGGER signed_report_pdf_no_update BEFORE UPDATE ON signed_report_pdf
BEGIN SELECT RAISE(ABORT, 'Signed off: the signed report is permanent and cannot be changed or removed.'); END;
CREATE TRIGGER signed_report_pdf_no_delete BEFORE DELETE ON signed_report_pdf
BEGIN SELECT RAISE(ABORT, 'Signed off: the signed report is permanent and cannot be changed or removed.'); END;
