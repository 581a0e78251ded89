//! Sign-off records in the `.s11` file (issue 6): accuracy checks,
//! sign-offs and reopenings, and the locks they put on the audit.
//!
//! Invariants:
//! - the three record tables are append-only (the database refuses any
//!   UPDATE or DELETE of them); a sign-off keeps, in its own row, the exact
//!   canonical text that was signed, so reopening never loses it;
//! - signed off = a sign-off row with no reopening row pointing at it;
//! - while a review's minutes are signed off, every write path of the core
//!   refuses to change them with a message naming who signed them and when,
//!   and the database's triggers (migration 4) refuse any write to their
//!   rows from anywhere else. A signed-off report locks the whole audit.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError};
use crate::audit::AuditDoc;
use crate::canonical::{
    day, default_statement, digest, minutes_canonical, record_canonical, report_canonical,
    RecordText, SignedMinutes, Subject,
};
use crate::dates::Timestamp;
use crate::identity::Identity;
use crate::readiness::{self, AcceptedGap, Gap, GapKind};
use crate::report::{MinutesSigner, ReportSignOff};
use crate::review::ReviewStatus;

fn refused(msg: impl Into<String>) -> StoreError {
    StoreError::Refused(msg.into())
}

/// What the chair types to sign off.
#[derive(Debug, Clone, Deserialize)]
pub struct SignOffInput {
    pub name: String,
    pub role: String,
    pub statement: String,
    /// The kinds of gap the chair confirms, each knowingly (readiness.rs).
    #[serde(default)]
    pub accepted_gaps: Vec<GapKind>,
    /// Why the chair signs off with those gaps; required when there are any.
    #[serde(default)]
    pub gap_reason: String,
}

/// Whether a sign-off record is signed with its signatory's key, as checked
/// now against the record's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RecordSignature {
    /// The signature verifies over the record as it stands.
    Valid {
        /// SHA-256 of the signatory's certificate, lower-case hex.
        fingerprint: String,
        /// The name in the certificate.
        signer: String,
    },
    /// The record, its signature or its certificate was changed.
    Invalid { reason: String },
    /// Made before sign-offs were signed with a key (schema 4).
    Unsigned,
}

impl RecordSignature {
    /// One sentence for the trail and the sign-off screen.
    pub fn describe(&self) -> String {
        match self {
            RecordSignature::Valid { fingerprint, signer } => format!(
                "Signed with {signer}’s key (certificate SHA-256 {}).",
                crate::identity::format_fingerprint(fingerprint)
            ),
            RecordSignature::Invalid { reason } => format!(
                "NOT VALIDLY SIGNED: this record was changed after it was signed ({reason})."
            ),
            RecordSignature::Unsigned => {
                "Not signed with a key: it was signed off with an earlier version of Section 11 Panel.".into()
            }
        }
    }
}

/// One sign-off as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOffRecord {
    pub id: i64,
    /// "review" or "report".
    pub scope: String,
    /// The review's id; empty for the report.
    pub review: String,
    /// The draft version that was signed: 1, then 2 after a reopening...
    pub version: i64,
    pub name: String,
    pub role: String,
    pub signed_at: String,
    pub statement: String,
    pub digest: String,
    /// The gaps the chair accepted in signing off.
    pub accepted_gaps: Vec<AcceptedGap>,
    /// Whether the record is validly signed with the signatory's key.
    pub signature: RecordSignature,
    /// The signatory's certificate (DER), when signed with a key.
    #[serde(skip)]
    pub certificate: Option<Vec<u8>>,
}

impl SignOffRecord {
    /// SHA-256 of the signatory's certificate, when the record carries one.
    pub fn certificate_fingerprint(&self) -> Option<String> {
        self.certificate
            .as_deref()
            .map(crate::identity::fingerprint_of)
    }
}

/// The stage of a review's minutes, or of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    SentForAccuracyCheck,
    SignedOff,
}

/// What the sign-off panel shows for one review or the report.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffState {
    pub stage: Stage,
    /// The current draft's version (a signed-off one's, when signed off).
    pub version: i64,
    /// The current sign-off, while signed off.
    pub signed: Option<SignOffRecord>,
    /// "The minutes of BNSSG CCG were signed off on ... by ...": shown as the
    /// locked banner, and as the refusal of any change.
    pub locked_message: Option<String>,
    /// When the current draft was sent for an accuracy check, and by whom.
    pub sent_for_check: Option<TrailEntry>,
    /// Pre-filled sign-off form: the statement and the chair.
    pub default_statement: String,
    pub default_name: String,
    pub default_role: String,
    /// Why the form cannot be used now (a review not held).
    pub cannot_sign: Option<String>,
    /// What is incomplete, for the chair to fix or confirm (empty once
    /// signed off).
    pub gaps: Vec<Gap>,
    /// While signed off: why the file no longer matches what was signed
    /// (changed outside the app), if it does not.
    pub altered: Option<String>,
}

/// One line of the audit trail screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrailEntry {
    /// "sent_for_accuracy_check", "signed_off" or "reopened".
    pub event: String,
    pub scope: String,
    pub review: String,
    /// The review's name as headings show it, or "The report".
    pub subject: String,
    pub version: i64,
    pub name: String,
    pub role: String,
    pub at: String,
    /// The statement (signed off), the reason (reopened) or the note (sent).
    pub text: String,
    /// The signed version's digest (empty for a check sent).
    pub digest: String,
    /// For a sign-off: whether its record is validly signed, in words.
    pub signature: String,
    /// For a sign-off: false when its record is not validly signed.
    pub signature_ok: bool,
    /// For a sign-off: the gaps the chair accepted, as the report prints them.
    pub accepted_gaps: Vec<String>,
}

fn record_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SignOffRecord> {
    let gaps_json: String = r.get(9)?;
    // Damaged gaps are reported as damage, never read as "none accepted".
    let accepted_gaps: Vec<AcceptedGap> = serde_json::from_str(&gaps_json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let certificate: Option<Vec<u8>> = r.get(10)?;
    let cms: Option<Vec<u8>> = r.get(11)?;
    let mut record = SignOffRecord {
        id: r.get(0)?,
        scope: r.get(1)?,
        review: r.get(2)?,
        version: r.get(3)?,
        name: r.get(4)?,
        role: r.get(5)?,
        signed_at: r.get(6)?,
        statement: r.get(7)?,
        digest: r.get(8)?,
        accepted_gaps,
        signature: RecordSignature::Unsigned,
        certificate,
    };
    record.signature = check_record_signature(&record, cms.as_deref());
    Ok(record)
}

/// The text a record's signature covers.
fn record_text(record: &SignOffRecord) -> String {
    record_canonical(&RecordText {
        scope: &record.scope,
        review: &record.review,
        version: record.version,
        name: &record.name,
        role: &record.role,
        signed_at: &record.signed_at,
        statement: &record.statement,
        digest: &record.digest,
        accepted_gaps: &record.accepted_gaps,
    })
}

/// Checks a record's signature against its fields and its stored
/// certificate: the CMS must verify over the record's canonical text, be
/// made with the stored certificate, and carry the record's signing time.
fn check_record_signature(record: &SignOffRecord, cms: Option<&[u8]>) -> RecordSignature {
    let (Some(cert), Some(cms)) = (record.certificate.as_deref(), cms) else {
        return match (record.certificate.is_some(), cms.is_some()) {
            (false, false) => RecordSignature::Unsigned,
            _ => RecordSignature::Invalid {
                reason: "its certificate or its signature is missing".into(),
            },
        };
    };
    let facts = match crate::identity::verify_detached(cms, record_text(record).as_bytes()) {
        Ok(f) => f,
        Err(e) => {
            return RecordSignature::Invalid {
                reason: e.to_string(),
            }
        }
    };
    if facts.certificate_der != cert {
        return RecordSignature::Invalid {
            reason: "it was signed with a different certificate from the one it names".into(),
        };
    }
    if facts.signing_time.map(|t| t.rfc3339()) != Some(record.signed_at.clone()) {
        return RecordSignature::Invalid {
            reason: "the time in its signature is not the time it records".into(),
        };
    }
    RecordSignature::Valid {
        fingerprint: facts.fingerprint,
        signer: facts.common_name,
    }
}

const RECORD_COLUMNS: &str =
    "id, scope, review_uid, version, signatory_name, signatory_role, signed_at, statement, digest, accepted_gaps, certificate, signature";
/// The index of `canonical` when selected after RECORD_COLUMNS.
const CANONICAL_AT: usize = 12;

/// The current (not reopened) sign-off of `subject`, if any.
pub(super) fn open_sign_off(
    conn: &Connection,
    subject: Subject<'_>,
) -> rusqlite::Result<Option<SignOffRecord>> {
    conn.query_row(
        &format!("SELECT {RECORD_COLUMNS} FROM open_sign_off WHERE scope = ?1 AND review_uid = ?2"),
        params![subject.scope(), subject.key()],
        record_row,
    )
    .optional()
}

/// The version a new draft, check or sign-off of `subject` belongs to.
fn current_version(conn: &Connection, subject: Subject<'_>) -> rusqlite::Result<i64> {
    let reopened: i64 = conn.query_row(
        "SELECT COUNT(*) FROM reopening o JOIN sign_off s ON s.id = o.sign_off_id WHERE s.scope = ?1 AND s.review_uid = ?2",
        params![subject.scope(), subject.key()],
        |r| r.get(0),
    )?;
    Ok(reopened + 1)
}

fn review_display_name(conn: &Connection, uid: &str) -> rusqlite::Result<String> {
    Ok(conn
        .query_row(
            "SELECT CASE WHEN short_name = '' THEN organisation ELSE short_name END FROM review WHERE uid = ?1",
            [uid],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| "a review no longer in this audit".into()))
}

fn locked_message(conn: &Connection, record: &SignOffRecord) -> rusqlite::Result<String> {
    let by = if record.role.trim().is_empty() {
        record.name.clone()
    } else {
        format!("{} ({})", record.name, record.role)
    };
    Ok(if record.scope == "report" {
        format!("The report was signed off on {} by {by}. Reopen it, giving a reason, to change anything in this audit.", day(&record.signed_at))
    } else {
        format!(
            "The minutes of {} were signed off on {} by {by}. Reopen them, giving a reason, to change them.",
            review_display_name(conn, &record.review)?,
            day(&record.signed_at)
        )
    })
}

/// Refuses a change to the review at row `review_id` (or to anything, when
/// `review_id` is `None`) while it or the report is signed off.
pub(super) fn refuse_if_locked(conn: &Connection, review_id: Option<i64>) -> Result<()> {
    if let Some(report) = open_sign_off(conn, Subject::Report)? {
        return Err(StoreError::Locked(locked_message(conn, &report)?));
    }
    if let Some(id) = review_id {
        let uid: Option<String> = conn
            .query_row(
                "SELECT review_uid FROM locked_review WHERE review_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(uid) = uid {
            if let Some(record) = open_sign_off(conn, Subject::Review(&uid))? {
                return Err(StoreError::Locked(locked_message(conn, &record)?));
            }
        }
    }
    Ok(())
}

/// Before a whole-audit write: refuses `doc` if it would change anything
/// signed off. A signed-off report refuses every set-up edit; a signed-off
/// review refuses any edit that changes its canonical form (its own details,
/// the names of the panel members who sat on it, its recommendations...).
pub(super) fn check_whole_write(conn: &Connection, doc: &AuditDoc) -> Result<()> {
    refuse_if_locked(conn, None)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS}, canonical FROM open_sign_off WHERE scope = 'review'"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((record_row(r)?, r.get::<_, String>(CANONICAL_AT)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (record, signed) in rows {
        let unchanged = doc
            .review(&record.review)
            .is_some_and(|r| minutes_canonical(doc, r) == signed);
        if !unchanged {
            return Err(StoreError::Locked(format!(
                "This change would alter signed-off minutes. {}",
                locked_message(conn, &record)?
            )));
        }
    }
    Ok(())
}

/// The canonical text of `subject` as the audit stands; for the report,
/// with the gaps accepted in signing it off.
fn canonical_now(
    conn: &Connection,
    doc: &AuditDoc,
    subject: Subject<'_>,
    report_gaps: &[AcceptedGap],
) -> Result<String> {
    match subject {
        Subject::Review(id) => {
            let r = doc
                .review(id)
                .ok_or(StoreError::Gone(super::Gone::Review))?;
            Ok(minutes_canonical(doc, r))
        }
        Subject::Report => Ok(report_canonical(doc, &signed_minutes(conn)?, report_gaps)),
    }
}

/// The current sign-offs of reviews' minutes, oldest first.
fn open_review_records(conn: &Connection) -> rusqlite::Result<Vec<SignOffRecord>> {
    conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS} FROM open_sign_off WHERE scope = 'review' ORDER BY id"
    ))?
    .query_map([], record_row)?
    .collect()
}

fn signed_minutes(conn: &Connection) -> rusqlite::Result<Vec<SignedMinutes>> {
    Ok(open_review_records(conn)?
        .into_iter()
        .map(|r| SignedMinutes {
            certificate_fingerprint: r.certificate_fingerprint(),
            review: r.review,
            digest: r.digest,
            name: r.name,
            role: r.role,
            signed_at: r.signed_at,
            accepted_gaps: r.accepted_gaps,
        })
        .collect())
}

/// What is incomplete in `subject` now (readiness.rs).
fn gaps_now(conn: &Connection, doc: &AuditDoc, subject: Subject<'_>) -> Result<Vec<Gap>> {
    Ok(match subject {
        Subject::Review(id) => match doc.review(id) {
            Some(r) => readiness::minutes_gaps(doc, r),
            None => Vec::new(),
        },
        Subject::Report => {
            let signed: Vec<String> = open_review_records(conn)?
                .into_iter()
                .map(|r| r.review)
                .collect();
            readiness::report_gaps(doc, &signed)
        }
    })
}

fn clean_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why `subject` cannot be signed off as the audit stands, if it cannot.
fn cannot_sign(_conn: &Connection, doc: &AuditDoc, subject: Subject<'_>) -> Result<Option<String>> {
    Ok(match subject {
        Subject::Review(id) => {
            let r = doc
                .review(id)
                .ok_or(StoreError::Gone(super::Gone::Review))?;
            if r.status != ReviewStatus::Held {
                Some(format!("The review of {} is not marked held: only the minutes of a held review are signed off.", r.display_name()))
            } else {
                None
            }
        }
        // What stops the report (a review still planned) is a blocking gap,
        // listed with the others so the chair sees everything at once.
        Subject::Report => None,
    })
}

impl Store {
    /// Where `subject` stands: draft, sent for an accuracy check, or signed off.
    pub fn sign_off_state(&self, subject: Subject<'_>) -> Result<SignOffState> {
        let doc = self.load()?;
        let conn = &self.conn;
        let signed = open_sign_off(conn, subject)?;
        let version = match &signed {
            Some(s) => s.version,
            None => current_version(conn, subject)?,
        };
        let sent_for_check = conn
            .query_row(
                "SELECT sent_by, sent_at, note FROM accuracy_check WHERE scope = ?1 AND review_uid = ?2 AND version = ?3 ORDER BY id DESC LIMIT 1",
                params![subject.scope(), subject.key(), version],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
            )
            .optional()?
            .map(|(name, at, text)| TrailEntry {
                event: "sent_for_accuracy_check".into(),
                scope: subject.scope().into(),
                review: subject.key().into(),
                subject: String::new(),
                version,
                name,
                role: String::new(),
                at,
                text,
                digest: String::new(),
                signature: String::new(),
                signature_ok: true,
                accepted_gaps: Vec::new(),
            });
        let stage = match (&signed, &sent_for_check) {
            (Some(_), _) => Stage::SignedOff,
            (None, Some(_)) => Stage::SentForAccuracyCheck,
            (None, None) => Stage::Draft,
        };
        let locked_message = match &signed {
            Some(s) => Some(locked_message(conn, s)?),
            // A review inside a signed-off report is locked too.
            None => match (subject, open_sign_off(conn, Subject::Report)?) {
                (Subject::Review(_), Some(report)) => Some(locked_message(conn, &report)?),
                _ => None,
            },
        };
        let chair = doc.chair();
        Ok(SignOffState {
            stage,
            version,
            locked_message,
            sent_for_check,
            default_statement: default_statement(&doc, subject),
            default_name: chair.map(|c| c.name.clone()).unwrap_or_default(),
            default_role: chair
                .map(|c| {
                    if c.role.trim().is_empty() {
                        "Chair of the peer review panel".to_string()
                    } else {
                        c.role.clone()
                    }
                })
                .unwrap_or_default(),
            cannot_sign: if signed.is_some() {
                None
            } else {
                cannot_sign(conn, &doc, subject)?
            },
            gaps: if signed.is_some() {
                Vec::new()
            } else {
                gaps_now(conn, &doc, subject)?
            },
            altered: match &signed {
                Some(record) => self
                    .signed_content_problems()?
                    .into_iter()
                    .find(|(id, _)| *id == record.id)
                    .map(|(_, problem)| problem),
                None => None,
            },
            signed,
        })
    }

    /// Records that the current draft was sent to the organisation (or the
    /// partnership) to check its accuracy. Optional; nothing is locked by it.
    pub fn send_for_accuracy_check(
        &mut self,
        subject: Subject<'_>,
        sent_by: &str,
        note: &str,
        now: Timestamp,
    ) -> Result<SignOffState> {
        let sent_by = clean_line(sent_by);
        if sent_by.is_empty() {
            return Err(refused(
                "Enter who is sending the draft for an accuracy check.",
            ));
        }
        let doc = self.load()?;
        if let Some(why) = cannot_sign(&self.conn, &doc, subject)? {
            return Err(refused(why));
        }
        self.with_tx(|tx| {
            if let Some(s) = open_sign_off(tx, subject)? {
                return Err(refused(locked_message(tx, &s)?));
            }
            let version = current_version(tx, subject)?;
            tx.execute(
                "INSERT INTO accuracy_check (scope, review_uid, version, sent_by, sent_at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![subject.scope(), subject.key(), version, sent_by, now.rfc3339(), crate::text::plain(note).trim()],
            )?;
            Ok(())
        })?;
        self.sign_off_state(subject)
    }

    /// Signs off `subject` at `now`: checks what is incomplete against what
    /// the chair confirmed, computes the canonical form and digest from the
    /// audit as it stands, and records them with the signatory, the record
    /// signed with `signer`'s key. Signing off the report also makes the
    /// signed PDF, once, and keeps its bytes. From then on it is read-only
    /// until reopened.
    pub fn sign_off(
        &mut self,
        subject: Subject<'_>,
        input: &SignOffInput,
        signer: &Identity,
        now: Timestamp,
    ) -> Result<SignOffRecord> {
        let name = clean_line(&input.name);
        let role = clean_line(&input.role);
        let statement = crate::text::plain(&input.statement).trim().to_string();
        if name.is_empty() {
            return Err(refused("Enter the name of the person signing off."));
        }
        if statement.is_empty() {
            return Err(refused("Enter the sign-off statement, for example “These minutes are an accurate record of the peer review held on …”."));
        }
        // The name printed as the signatory is the name the signature
        // proves: a reader's PDF shows the certificate's name, and the two
        // must not disagree.
        let key_name = clean_line(&signer.common_name());
        if key_name.to_lowercase() != name.to_lowercase() {
            return Err(refused(format!(
                "Your signing key is in the name of “{key_name}”, not “{name}”. Sign off in the name on the key, or use the signatory’s own key."
            )));
        }
        self.with_tx(|tx| {
            let doc = super::doc::read_doc(tx)?;
            if let Some(s) = open_sign_off(tx, subject)? {
                return Err(refused(format!("This is already signed off. {}", locked_message(tx, &s)?)));
            }
            if let Subject::Review(_) = subject {
                if let Some(report) = open_sign_off(tx, Subject::Report)? {
                    return Err(refused(locked_message(tx, &report)?));
                }
            }
            if let Some(why) = cannot_sign(tx, &doc, subject)? {
                return Err(refused(why));
            }
            let gaps = gaps_now(tx, &doc, subject)?;
            readiness::check_accepted(&gaps, &input.accepted_gaps, &input.gap_reason)
                .map_err(StoreError::NotReady)?;
            let accepted = readiness::accept(&gaps, &crate::text::plain(&input.gap_reason));
            let canonical = canonical_now(tx, &doc, subject, &accepted)?;
            let fingerprint = digest(&canonical);
            let version = current_version(tx, subject)?;
            let signed_at = now.rfc3339();
            let text = record_canonical(&RecordText {
                scope: subject.scope(),
                review: subject.key(),
                version,
                name: &name,
                role: &role,
                signed_at: &signed_at,
                statement: &statement,
                digest: &fingerprint,
                accepted_gaps: &accepted,
            });
            let cms = signer.sign_detached(text.as_bytes(), now)?;
            let gaps_json = serde_json::to_string(&accepted)
                .map_err(|e| refused(format!("The accepted gaps could not be recorded: {e}")))?;
            tx.execute(
                "INSERT INTO sign_off (scope, review_uid, version, signatory_name, signatory_role, signed_at, statement, digest, canonical, accepted_gaps, certificate, signature)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![subject.scope(), subject.key(), version, name, role, signed_at, statement, fingerprint, canonical, gaps_json, signer.certificate_der(), cms],
            )?;
            let id = tx.last_insert_rowid();
            let record = tx.query_row(&format!("SELECT {RECORD_COLUMNS} FROM sign_off WHERE id = ?1"), [id], record_row)?;
            if subject == Subject::Report {
                let sign_off = report_sign_off(tx, &record, canonical)?;
                let pdf = crate::report::signed_report_file(&doc, &sign_off, signer, now)
                    .map_err(|e| refused(format!("The signed report could not be made: {e}")))?;
                tx.execute(
                    "INSERT INTO signed_report_pdf (sign_off_id, pdf) VALUES (?1, ?2)",
                    params![id, pdf],
                )?;
            }
            Ok(record)
        })
    }

    /// The signed PDF made when the current report sign-off was made; `None`
    /// when the report is not signed off, or was signed off before signed
    /// PDFs were kept (schema 4).
    pub fn signed_report_pdf(&self) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT p.pdf FROM signed_report_pdf p JOIN open_sign_off s ON s.id = p.sign_off_id WHERE s.scope = 'report'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The report's current sign-off as the signed PDF prints it.
    pub fn report_sign_off(&self) -> Result<Option<ReportSignOff>> {
        match self.signed_report()? {
            Some((record, canonical)) => Ok(Some(report_sign_off(&self.conn, &record, canonical)?)),
            None => Ok(None),
        }
    }

    /// Reopens signed-off minutes or the report: the sign-off and its
    /// canonical text stay as they were, a reopening records who, when and
    /// why, and a new draft version starts.
    pub fn reopen(
        &mut self,
        subject: Subject<'_>,
        name: &str,
        role: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<SignOffState> {
        let name = clean_line(name);
        let reason = crate::text::plain(reason).trim().to_string();
        if name.is_empty() {
            return Err(refused("Enter the name of the person reopening it."));
        }
        if reason.is_empty() {
            return Err(refused(
                "Give the reason for reopening: it is kept in the audit trail.",
            ));
        }
        self.with_tx(|tx| {
            if let Subject::Review(_) = subject {
                if let Some(report) = open_sign_off(tx, Subject::Report)? {
                    return Err(refused(format!(
                        "The report, which includes these minutes, was signed off on {} by {}. Reopen the report first.",
                        day(&report.signed_at),
                        report.name
                    )));
                }
            }
            let signed = open_sign_off(tx, subject)?.ok_or_else(|| refused("This is not signed off, so there is nothing to reopen."))?;
            tx.execute(
                "INSERT INTO reopening (sign_off_id, name, role, reopened_at, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![signed.id, name, clean_line(role), now.rfc3339(), reason],
            )?;
            Ok(())
        })?;
        self.sign_off_state(subject)
    }

    /// Every accuracy check, sign-off and reopening, oldest first.
    pub fn sign_off_trail(&self) -> Result<Vec<TrailEntry>> {
        let records: std::collections::HashMap<i64, SignOffRecord> = self
            .conn
            .prepare(&format!("SELECT {RECORD_COLUMNS} FROM sign_off"))?
            .query_map([], record_row)?
            .map(|r| r.map(|r| (r.id, r)))
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT event, scope, review_uid, version, name, role, at, text, digest, record FROM (
                 SELECT 'sent_for_accuracy_check' AS event, scope, review_uid, version, sent_by AS name, '' AS role, sent_at AS at, note AS text, '' AS digest, 0 AS kind, id, NULL AS record FROM accuracy_check
                 UNION ALL SELECT 'signed_off', scope, review_uid, version, signatory_name, signatory_role, signed_at, statement, digest, 1, id, id FROM sign_off
                 UNION ALL SELECT 'reopened', s.scope, s.review_uid, s.version, o.name, o.role, o.reopened_at, o.reason, s.digest, 2, o.id, NULL FROM reopening o JOIN sign_off s ON s.id = o.sign_off_id
             ) ORDER BY at, version, kind, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let record: Option<i64> = r.get(9)?;
                let record = record.and_then(|id| records.get(&id));
                Ok(TrailEntry {
                    event: r.get(0)?,
                    scope: r.get(1)?,
                    review: r.get(2)?,
                    subject: String::new(),
                    version: r.get(3)?,
                    name: r.get(4)?,
                    role: r.get(5)?,
                    at: r.get(6)?,
                    text: r.get(7)?,
                    digest: r.get(8)?,
                    signature: record.map(|s| s.signature.describe()).unwrap_or_default(),
                    signature_ok: record
                        .is_none_or(|s| !matches!(s.signature, RecordSignature::Invalid { .. })),
                    accepted_gaps: record
                        .map(|s| s.accepted_gaps.iter().map(|g| g.printed.clone()).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|mut e| {
                e.subject = if e.scope == "report" {
                    "The report".into()
                } else {
                    format!("Minutes of {}", review_display_name(&self.conn, &e.review)?)
                };
                Ok(e)
            })
            .collect()
    }

    /// The report's current sign-off and the canonical text it signed, if
    /// the report is signed off.
    pub fn signed_report(&self) -> Result<Option<(SignOffRecord, String)>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {RECORD_COLUMNS}, canonical FROM open_sign_off WHERE scope = 'report'"
                ),
                [],
                |r| Ok((record_row(r)?, r.get::<_, String>(CANONICAL_AT)?)),
            )
            .optional()?)
    }

    /// Every report sign-off ever made (reopened ones too) with its text, for
    /// verifying a PDF against the audit.
    pub fn report_sign_offs(&self) -> Result<Vec<(SignOffRecord, String, bool)>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {RECORD_COLUMNS}, canonical, EXISTS (SELECT 1 FROM reopening o WHERE o.sign_off_id = sign_off.id) FROM sign_off WHERE scope = 'report' ORDER BY id"
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    record_row(r)?,
                    r.get::<_, String>(CANONICAL_AT)?,
                    r.get::<_, bool>(CANONICAL_AT + 1)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Checks every current sign-off against the audit: its stored digest
    /// against its stored text, and its stored text against the audit's
    /// content now. Each problem is one sentence; none means all agree. A
    /// problem means the file was changed outside the app.
    pub fn check_signed_content(&self) -> Result<Vec<String>> {
        Ok(self
            .signed_content_problems()?
            .into_iter()
            .map(|(_, problem)| problem)
            .collect())
    }

    /// As [`Store::check_signed_content`], each problem with the id of the
    /// sign-off record it concerns.
    fn signed_content_problems(&self) -> Result<Vec<(i64, String)>> {
        let doc = self.load()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {RECORD_COLUMNS}, canonical FROM open_sign_off ORDER BY id"
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((record_row(r)?, r.get::<_, String>(CANONICAL_AT)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut problems = Vec::new();
        for (record, canonical) in rows {
            let what = if record.scope == "report" {
                "the signed-off report".to_string()
            } else {
                format!(
                    "the signed-off minutes of {}",
                    review_display_name(&self.conn, &record.review)?
                )
            };
            if let RecordSignature::Invalid { reason } = &record.signature {
                problems.push((record.id, format!(
                    "The record of {what} is not validly signed: it was changed after it was signed ({reason})."
                )));
                continue;
            }
            if digest(&canonical) != record.digest {
                problems.push((record.id, format!("The record of {what} does not match its own fingerprint: it was altered after it was signed.")));
                continue;
            }
            let subject = if record.scope == "report" {
                Subject::Report
            } else {
                Subject::Review(&record.review)
            };
            // A review no longer in the audit has no canonical text now: that
            // is a difference, reported as one, not an error.
            let now = match canonical_now(&self.conn, &doc, subject, &record.accepted_gaps) {
                Ok(text) => Some(text),
                Err(StoreError::Gone(_)) => None,
                Err(e) => return Err(e),
            };
            if now.as_deref() != Some(canonical.as_str()) {
                problems.push((record.id, format!(
                    "The audit’s content no longer matches {what} (signed on {} by {}): it was altered outside Section 11 Panel.",
                    day(&record.signed_at),
                    record.name
                )));
            }
        }
        Ok(problems)
    }
}

/// The report's sign-off with everything its sign-off page prints: the
/// report's signatory and certificate, each review's minutes' signatory and
/// certificate, and every gap accepted on the way.
fn report_sign_off(
    conn: &Connection,
    record: &SignOffRecord,
    canonical: String,
) -> Result<ReportSignOff> {
    let minutes = open_review_records(conn)?
        .into_iter()
        .map(|r| {
            Ok(MinutesSigner {
                subject: format!("Minutes of {}", review_display_name(conn, &r.review)?),
                certificate_fingerprint: r.certificate_fingerprint(),
                name: r.name,
                role: r.role,
                signed_at: r.signed_at,
                accepted_gaps: r.accepted_gaps.iter().map(printed_with_reason).collect(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ReportSignOff {
        name: record.name.clone(),
        role: record.role.clone(),
        signed_at: record.signed_at.clone(),
        statement: record.statement.clone(),
        digest: record.digest.clone(),
        canonical,
        certificate_fingerprint: record.certificate_fingerprint(),
        accepted_gaps: record
            .accepted_gaps
            .iter()
            .map(printed_with_reason)
            .collect(),
        minutes,
    })
}

/// An accepted gap as the sign-off page prints it: what was missing, and
/// why the signatory went ahead.
fn printed_with_reason(g: &AcceptedGap) -> String {
    if g.reason.is_empty() {
        g.printed.clone()
    } else {
        format!("{} Reason given: {}", g.printed, g.reason)
    }
}
