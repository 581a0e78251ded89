//! Minute packs and notes files in the `.s11` file (issue 7); the format and
//! the merge rule are in `crate::notes_file`.
//!
//! Invariants:
//! - an import touches only the `note` table, never a response: what the
//!   chair wrote before the import is exactly as it was;
//! - all the files of one import are checked and merged in one transaction:
//!   one bad file and nothing at all is imported;
//! - a merge that changes nothing writes nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{params, OptionalExtension, Transaction};

use super::{Result, Store, StoreError};
use crate::audit::AuditDoc;
use crate::dates::Timestamp;
use crate::notes_file::{
    merge, FileNote, ImportSummary, Merge, NotesError, NotesFile, PackInfo, StoredNote, FORMAT,
    FORMAT_VERSION,
};
use crate::review::ReviewStatus;

fn refused(msg: impl Into<String>) -> StoreError {
    StoreError::Refused(msg.into())
}

/// The audit's set-up and one review's questions, without anyone's minutes:
/// every other review, every response, note, history, recommendation,
/// "not completed" mark and timer record is left out.
pub fn pack_doc(doc: &AuditDoc, review: &str) -> Result<AuditDoc> {
    let r = doc.review(review).ok_or_else(|| {
        refused("That review is not in this audit. Choose one of its reviews for the minute pack.")
    })?;
    if r.status == ReviewStatus::DidNotTakePlace {
        return Err(refused(format!(
            "The review of {} did not take place, so there are no minutes to take. Choose another review.",
            r.display_name()
        )));
    }
    let mut pack = doc.clone();
    let mut r = r.clone();
    r.responses.clear();
    r.notes.clear();
    r.incomplete_themes.clear();
    r.timebox = None;
    pack.reviews = vec![r];
    pack.recommendations.clear();
    Ok(pack)
}

fn pack_row(conn: &rusqlite::Connection) -> Result<Option<(String, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT review_uid, author, taker_uid FROM minute_pack WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

fn review_name(conn: &rusqlite::Connection, review: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, CASE WHEN short_name = '' THEN organisation ELSE short_name END FROM review WHERE uid = ?1",
            [review],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The questions a review is asked (the one rule: `doc::themes_asked`).
fn asked_questions(tx: &Transaction<'_>, review_id: i64) -> Result<HashSet<String>> {
    Ok(super::doc::themes_asked(tx, review_id)?
        .into_iter()
        .flat_map(|t| t.questions.into_iter().map(|q| q.id))
        .collect())
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(refused(
            "Enter your name: the chair sees it beside each of your notes.",
        ));
    }
    if name.chars().count() > crate::interchange::MAX_LINE_CHARS {
        return Err(refused(
            "That name is too long: use at most 500 characters.",
        ));
    }
    Ok(name)
}

impl Store {
    /// The minute pack this file is, or `None` for an ordinary (the chair's) audit.
    pub fn minute_pack(&self) -> Result<Option<PackInfo>> {
        let Some((review, author, _)) = pack_row(&self.conn)? else {
            return Ok(None);
        };
        let review_name = review_name(&self.conn, &review)?
            .map(|(_, n)| n)
            .unwrap_or_default();
        Ok(Some(PackInfo {
            review,
            review_name,
            author,
        }))
    }

    /// Writes a minute pack for `review` to `dest`, replacing any file there
    /// (the save dialog has asked). The pack is made in a temporary file
    /// beside `dest` through the store (never a file copy of the open audit)
    /// and renamed into place, so a failure leaves no half-made pack.
    /// `taker_uid` is used only when `author` is given (a pack made for one
    /// named person); otherwise the minute-taker's copy makes its own.
    ///
    /// The pack carries the chair's public key (made with the first pack,
    /// see [`crate::transit`]), so the minute-taker's notes files are
    /// encrypted to the chair. Given `passphrase` (the chair chooses it and
    /// tells the minute-taker another way, by phone), the pack is a
    /// protected (SQLCipher-encrypted) file: unreadable in transit, still
    /// encrypted on the minute-taker's laptop, and the app asks for the
    /// passphrase when it is opened, as for any protected audit.
    pub fn make_minute_pack(
        &self,
        review: &str,
        author: Option<&str>,
        dest: &Path,
        taker_uid: String,
    ) -> Result<PackInfo> {
        self.make_protected_minute_pack(review, author, dest, taker_uid, None)
    }

    /// [`Store::make_minute_pack`], protected with `passphrase` when given.
    pub fn make_protected_minute_pack(
        &self,
        review: &str,
        author: Option<&str>,
        dest: &Path,
        taker_uid: String,
        passphrase: Option<&str>,
    ) -> Result<PackInfo> {
        if self.minute_pack()?.is_some() {
            return Err(refused(
                "This file is itself a minute pack. Make minute packs from the chair’s audit.",
            ));
        }
        if self.path().is_some_and(|p| same_file(p, dest)) {
            return Err(refused(
                "That is the audit file itself. Choose another name for the minute pack.",
            ));
        }
        // A pack is an export: it never replaces an audit or another pack.
        let reading: Vec<&Path> = self.path().into_iter().collect();
        crate::files::check_output(dest, &reading).map_err(|e| refused(e.to_string()))?;
        let author = author.map(clean_name).transpose()?;
        let doc = pack_doc(&self.load()?, review)?;
        let recipient = self.chair_recipient()?;
        let tmp = partial_path(dest);
        let _ = std::fs::remove_file(&tmp);
        let made = (|| -> Result<PackInfo> {
            let mut pack = Store::create_with(&tmp, &doc, passphrase)?;
            pack.with_tx(|tx| {
                tx.execute(
                    "INSERT INTO minute_pack (id, review_uid, author, taker_uid, chair_recipient) VALUES (1, ?1, ?2, ?3, ?4)",
                    params![review, author.clone().unwrap_or_default(), if author.is_some() { taker_uid } else { String::new() }, recipient],
                )?;
                Ok(())
            })?;
            let info = pack
                .minute_pack()?
                .ok_or_else(|| refused("The minute pack could not be marked."))?;
            // Closing checkpoints the write-ahead log into the file, so the
            // pack is one self-contained file before it is renamed.
            drop(pack);
            crate::files::replace_file(&tmp, dest)
                .map_err(|e| StoreError::CannotWrite(dest.to_path_buf(), e.to_string()))?;
            Ok(info)
        })();
        if made.is_err() {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(super::wal_path(&tmp));
        }
        made
    }

    /// Sets the minute-taker's name in a pack. The first name given also
    /// makes this copy's minute-taker id (`new_taker_uid`); a later change of
    /// name keeps the id, so notes already exported are updated, not doubled.
    pub fn set_pack_author(&mut self, name: &str, new_taker_uid: String) -> Result<PackInfo> {
        let name = clean_name(name)?;
        self.with_tx(|tx| {
            let n = tx.execute(
                "UPDATE minute_pack SET author = ?1, taker_uid = CASE WHEN taker_uid = '' THEN ?2 ELSE taker_uid END WHERE id = 1",
                params![name, new_taker_uid],
            )?;
            if n == 0 {
                return Err(refused("This is the chair’s audit, not a minute pack, so it has no minute-taker’s name."));
            }
            Ok(())
        })?;
        self.minute_pack()?
            .ok_or_else(|| refused("This file is not a minute pack."))
    }

    /// The minute-taker's notes from a pack: one note per question with a
    /// response, id `<minute-taker id>/<question id>`, `updated` the time the
    /// text was last saved and `created` the earliest save kept; numbered
    /// with this copy's next export sequence and signed with its key (made
    /// at the first export, kept in the pack: see [`PACK_KEY_PASSPHRASE`]).
    pub fn export_notes(&mut self, now: Timestamp) -> Result<NotesFile> {
        let mut file = self.unsigned_notes(now)?;
        let (identity, sequence) = self.with_tx(|tx| {
            let (key, exports, author): (Option<Vec<u8>>, i64, String) = tx.query_row(
                "SELECT signing_key, exports, author FROM minute_pack WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let identity = match key {
                Some(der) => crate::identity::Identity::from_pkcs12(&der, PACK_KEY_PASSPHRASE)?,
                None => {
                    let made = crate::identity::Identity::create(&author, "Minute-taker", now)?;
                    tx.execute(
                        "UPDATE minute_pack SET signing_key = ?1 WHERE id = 1",
                        [made.to_pkcs12(PACK_KEY_PASSPHRASE)?],
                    )?;
                    made
                }
            };
            let sequence = exports.saturating_add(1);
            tx.execute(
                "UPDATE minute_pack SET exports = ?1 WHERE id = 1",
                [sequence],
            )?;
            Ok((identity, u64::try_from(sequence).unwrap_or(0)))
        })?;
        file.sequence = sequence;
        crate::notes_file::sign(&mut file, &identity, now)?;
        Ok(file)
    }

    /// The chair's public key for notes files (`age1…`), made with the
    /// first minute pack and kept in this audit.
    pub fn chair_recipient(&self) -> Result<String> {
        let secret: Option<String> = self
            .conn
            .query_row("SELECT secret FROM transit_key WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        let secret = match secret {
            Some(s) => s,
            None => {
                let (secret, _) = crate::transit::new_key();
                self.conn.execute(
                    "INSERT INTO transit_key (id, secret) VALUES (1, ?1)",
                    [&secret],
                )?;
                secret
            }
        };
        crate::transit::public_of(&secret)
            .ok_or_else(|| refused("The audit’s key for minute-takers’ notes is damaged."))
    }

    /// The minute-taker's notes as the bytes of a notes file: signed JSON,
    /// encrypted to the chair's key that the pack carries (packs made before
    /// issue 19 carry none: their files are signed, not encrypted).
    pub fn export_notes_file(&mut self, now: Timestamp) -> Result<(NotesFile, Vec<u8>)> {
        let file = self.export_notes(now)?;
        let recipient: String = self.conn.query_row(
            "SELECT chair_recipient FROM minute_pack WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        let json = crate::notes_file::to_json(&file);
        if recipient.is_empty() {
            return Ok((file, json.into_bytes()));
        }
        let sealed = crate::transit::encrypt_to(&recipient, json.as_bytes()).map_err(|e| {
            refused(format!(
                "Your notes could not be encrypted for the chair: {e}."
            ))
        })?;
        Ok((file, sealed))
    }

    /// Whether this pack's notes files are encrypted to the chair.
    pub fn pack_encrypts_notes(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT chair_recipient FROM minute_pack WHERE id = 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .is_some_and(|r| !r.is_empty()))
    }

    /// Reads a notes file for import into this (the chair's) audit,
    /// decrypting it with the audit's key when it is encrypted.
    pub fn read_notes_file(&self, path: &Path) -> std::result::Result<NotesFile, NotesError> {
        let (file, bytes) = crate::notes_file::read_notes_bytes(path)?;
        if !crate::transit::is_encrypted(&bytes) {
            return crate::notes_file::parse_bytes(&file, bytes);
        }
        let secret: Option<String> = self
            .conn
            .query_row("SELECT secret FROM transit_key WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(StoreError::from)?;
        let plain = secret
            .ok_or(crate::transit::TransitError::NotForThisAudit)
            .and_then(|s| crate::transit::decrypt_with(&s, &bytes))
            .map_err(|e| NotesError::Invalid {
                file: file.clone(),
                reason: e.to_string(),
            })?;
        crate::notes_file::parse_bytes(&file, plain)
    }

    /// The minute-taker's signing key's fingerprint, once their copy has one.
    pub fn pack_key_fingerprint(&self) -> Result<Option<String>> {
        let key: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT signing_key FROM minute_pack WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        key.map(|der| {
            crate::identity::Identity::from_pkcs12(&der, PACK_KEY_PASSPHRASE)
                .map(|i| crate::identity::format_fingerprint(&i.fingerprint()))
                .map_err(StoreError::from)
        })
        .transpose()
    }

    fn unsigned_notes(&self, now: Timestamp) -> Result<NotesFile> {
        let (review, author, taker) = pack_row(&self.conn)?.ok_or_else(|| {
            refused("This is the chair’s audit, not a minute pack. Minute-takers export their notes from the pack the chair gave them.")
        })?;
        if author.trim().is_empty() || taker.is_empty() {
            return Err(refused(
                "Give your name first: the chair sees it beside each of your notes.",
            ));
        }
        let doc = self.load()?;
        let r = doc.review(&review).ok_or_else(|| refused("This minute pack’s review is missing: the pack is damaged. Ask the chair for a new one."))?;
        let (review_id, _) = review_name(&self.conn, &review)?
            .ok_or_else(|| refused("This minute pack’s review is missing."))?;
        let mut stmt = self.conn.prepare(
            "SELECT r.text, r.updated_at, (SELECT MIN(saved_at) FROM response_version v WHERE v.review_id = r.review_id AND v.question_uid = r.question_uid),
                    EXISTS (SELECT 1 FROM response_version v WHERE v.review_id = r.review_id AND v.question_uid = r.question_uid)
             FROM response r WHERE r.review_id = ?1 AND r.question_uid = ?2",
        )?;
        let mut notes = Vec::new();
        for q in doc.themes_for(r).iter().flat_map(|t| t.questions.iter()) {
            let row: Option<(String, String, Option<String>, bool)> = stmt
                .query_row(params![review_id, q.id], |x| {
                    Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?))
                })
                .optional()?;
            let Some((text, updated, first, has_history)) = row else {
                continue;
            };
            // A box emptied after an export is sent (empty) so the chair's
            // copy follows; a box never written is not.
            if text.trim().is_empty() && !has_history {
                continue;
            }
            let updated = Timestamp::parse_rfc3339(&updated).unwrap_or(now);
            let created = first
                .as_deref()
                .and_then(Timestamp::parse_rfc3339)
                .map_or(updated, |f| f.min(updated));
            notes.push(FileNote {
                id: format!("{taker}/{}", q.id),
                question: q.id.clone(),
                text,
                created: created.rfc3339(),
                updated: updated.rfc3339(),
            });
        }
        Ok(NotesFile {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            audit: doc.audit.id.clone(),
            review,
            author,
            exported: now.rfc3339(),
            sequence: 0,
            notes,
            signature: None,
            seal: None,
        })
    }

    /// Merges notes files into this audit: all of them or, if any is refused,
    /// none. `files` pairs each file's name (for messages) with its contents.
    pub fn import_notes(
        &mut self,
        files: &[(String, NotesFile)],
    ) -> std::result::Result<Vec<ImportSummary>, NotesError> {
        Ok(self.with_tx(|tx| {
            files
                .iter()
                .map(|(name, file)| import_one(tx, name, file))
                .collect()
        })?)
    }

    /// Clears a note's flag once the chair has compared both versions. The
    /// earlier text is dropped with the flag: the response holds what the
    /// chair chose to keep.
    pub fn clear_note_flag(&mut self, note: &str) -> Result<()> {
        self.with_tx(|tx| {
            let review_id: Option<i64> = tx.query_row("SELECT review_id FROM note WHERE uid = ?1", [note], |r| r.get(0)).optional()?;
            super::signoff::refuse_if_locked(tx, review_id)?;
            let n = tx.execute("UPDATE note SET superseded_text = NULL, superseded_updated_at = NULL WHERE uid = ?1", [note])?;
            if n == 0 {
                return Err(StoreError::Gone(super::Gone::Note));
            }
            Ok(())
        })
    }
}

/// The passphrase of the PKCS#12 holding a minute-taker's signing key
/// inside their copy of the pack. Not a secret: the key is protected as the
/// pack is (owner-only on disk, and encrypted when the pack travels), the
/// same as the minutes beside it; PKCS#12 just needs one.
pub const PACK_KEY_PASSPHRASE: &str = "section11-panel minute pack signing key";

/// Who a note id belongs to: the minute-taker id before its `/`.
fn taker_of(id: &str) -> Option<&str> {
    id.split_once('/').map(|(t, _)| t).filter(|t| !t.is_empty())
}

fn import_one(tx: &Transaction<'_>, name: &str, file: &NotesFile) -> Result<ImportSummary> {
    let refuse = |why: String| {
        refused(format!(
            "{name} cannot be imported: {why}. Nothing has been imported."
        ))
    };
    if pack_row(tx)?.is_some() {
        return Err(refuse(
            "this file is a minute pack; notes are imported into the chair’s audit".into(),
        ));
    }
    let audit: String = tx.query_row("SELECT uid FROM audit WHERE id = 1", [], |r| r.get(0))?;
    if file.audit != audit {
        return Err(refuse(
            "it is for a different audit. Check that you opened the right audit file".into(),
        ));
    }
    let (review_id, review_name) = review_name(tx, &file.review)?.ok_or_else(|| {
        refuse("it is for a review that is not in this audit (it may have been removed)".into())
    })?;
    let status: String = tx.query_row(
        "SELECT status FROM review WHERE id = ?1",
        [review_id],
        |r| r.get(0),
    )?;
    if ReviewStatus::parse(&status) == Some(ReviewStatus::DidNotTakePlace) {
        return Err(refuse(format!(
            "it has notes for the review of {review_name}, which is recorded as not having taken place. If it did take place, change its status first"
        )));
    }
    // Refused before any note is written: a signed-off record never changes.
    super::signoff::refuse_if_locked(tx, Some(review_id)).map_err(|e| refuse(e.to_string()))?;
    let asked = asked_questions(tx, review_id)?;
    // Limits before anything else is looked at: one note per question per
    // file, so a file has at most as many notes as the review has questions.
    if file.notes.len() > asked.len() {
        return Err(refuse(format!(
            "it has {} notes, but the review of {review_name} asks {} questions and a minute-taker writes at most one note per question",
            file.notes.len(),
            asked.len()
        )));
    }
    let mut seen_questions = HashSet::new();
    for note in &file.notes {
        if !asked.contains(&note.question) {
            return Err(refuse(format!(
                "it has a note for a question (“{}”) that the review of {} no longer asks; the question template may have changed after the minute pack was made",
                note.question, review_name
            )));
        }
        if !seen_questions.insert(note.question.as_str()) {
            return Err(refuse(format!(
                "it has more than one note on question “{}”; a minute-taker writes at most one note per question",
                note.question
            )));
        }
    }
    let Some(seal) = &file.seal else {
        return Err(refuse(
            "it is not signed, so who wrote it cannot be checked. It was exported by an older version of Section 11 Panel: ask the minute-taker to update and export their notes again".into(),
        ));
    };
    let signer = crate::identity::verify_detached(&seal.signature, seal.body.as_bytes())
        .map_err(|_| {
            refuse("its signature does not match its contents: it was changed after it was exported, or damaged. Ask the minute-taker to export their notes again".into())
        })?;
    if file.sequence == 0 {
        return Err(refuse("it has no export number (“sequence”)".into()));
    }
    let fingerprint = signer.fingerprint.clone();
    let mut summary = ImportSummary {
        file: name.into(),
        author: file.author.clone(),
        key: crate::identity::format_fingerprint(&fingerprint),
        review_name: review_name.clone(),
        ..ImportSummary::default()
    };
    for note in &file.notes {
        let taker = taker_of(&note.id).ok_or_else(|| {
            refuse(format!(
                "its note “{}” does not have a note id made by Section 11 Panel",
                note.id
            ))
        })?;
        let owner: Option<String> = tx
            .query_row(
                "SELECT fingerprint FROM note_author WHERE taker_uid = ?1",
                [taker],
                |r| r.get(0),
            )
            .optional()?;
        let claim = match owner {
            None => {
                let namesake: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM note_author WHERE name = ?1 AND fingerprint <> ?2)",
                    params![file.author, fingerprint],
                    |r| r.get(0),
                )?;
                summary.namesake |= namesake;
                tx.execute(
                    "INSERT INTO note_author (taker_uid, fingerprint, name, certificate, first_seen) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![taker, fingerprint, file.author, signer.certificate_der, file.exported],
                )?;
                summary.new_author = true;
                false
            }
            Some(known) => known != fingerprint,
        };
        // Another key's claim on a note id is kept as a note of its own
        // (its uid carries the claiming key), flagged, and never replaces.
        let uid = if claim {
            format!("{}~{}", note.id, &fingerprint[..16.min(fingerprint.len())])
        } else {
            note.id.clone()
        };
        let author = if claim {
            const KEPT_APART: &str = " (kept apart: it claimed another minute-taker’s note)";
            let room = crate::interchange::MAX_LINE_CHARS - KEPT_APART.chars().count();
            let name: String = file.author.chars().take(room).collect();
            format!("{name}{KEPT_APART}")
        } else {
            file.author.clone()
        };
        let existing = stored_note(tx, &uid)?;
        if let Some(old) = &existing {
            if old.review != file.review {
                return Err(refuse(format!(
                    "its note “{}” already belongs to another review in this audit",
                    note.id
                )));
            }
        } else {
            let on_question: i64 = tx.query_row(
                "SELECT COUNT(*) FROM note WHERE review_id = ?1 AND question_uid = ?2",
                params![review_id, note.question],
                |r| r.get(0),
            )?;
            if usize::try_from(on_question).unwrap_or(usize::MAX)
                >= crate::notes_file::MAX_NOTES_PER_QUESTION
            {
                return Err(refuse(format!(
                    "question “{}” of the review of {review_name} already has {on_question} notes, the most one question can have",
                    note.question
                )));
            }
        }
        let response: Option<String> = tx
            .query_row(
                "SELECT text FROM response WHERE review_id = ?1 AND question_uid = ?2",
                params![review_id, note.question],
                |r| r.get(0),
            )
            .optional()?;
        let sequence = i64::try_from(file.sequence).unwrap_or(i64::MAX);
        match merge(
            existing.as_ref(),
            note,
            file.sequence,
            &author,
            response.as_deref(),
        ) {
            Merge::Add => {
                tx.execute(
                    "INSERT INTO note (uid, review_id, question_uid, author, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![uid, review_id, note.question, author, note.text, note.created, note.updated],
                )?;
                summary.added += 1;
                if claim {
                    summary.kept_apart += 1;
                }
            }
            Merge::Update { superseded } => {
                tx.execute(
                    "UPDATE note SET question_uid = ?2, author = ?3, text = ?4, updated_at = ?5 WHERE uid = ?1",
                    params![uid, note.question, author, note.text, note.updated],
                )?;
                if let Some(v) = superseded {
                    tx.execute(
                        "UPDATE note SET superseded_text = ?2, superseded_updated_at = ?3 WHERE uid = ?1",
                        params![uid, v.text, v.updated],
                    )?;
                    summary.flagged += 1;
                }
                summary.updated += 1;
            }
            Merge::Unchanged | Merge::Skip => {
                summary.unchanged += 1;
                continue;
            }
        }
        tx.execute(
            "INSERT INTO note_trust (note_uid, fingerprint, sequence, claim) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (note_uid) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence, claim = excluded.claim",
            params![uid, fingerprint, sequence, if claim { note.id.as_str() } else { "" }],
        )?;
    }
    Ok(summary)
}

/// A minute-taker whose notes this audit has imported, and their key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NoteAuthor {
    pub name: String,
    pub taker: String,
    /// `AB:CD:…`, the SHA-256 of their certificate.
    pub fingerprint: String,
    pub first_seen: String,
}

impl Store {
    /// Every minute-taker's key as first seen, for the chair to compare.
    pub fn note_authors(&self) -> Result<Vec<NoteAuthor>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, taker_uid, fingerprint, first_seen FROM note_author ORDER BY name, taker_uid",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(NoteAuthor {
                    name: r.get(0)?,
                    taker: r.get(1)?,
                    fingerprint: crate::identity::format_fingerprint(&r.get::<_, String>(2)?),
                    first_seen: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn stored_note(tx: &Transaction<'_>, id: &str) -> Result<Option<StoredNote>> {
    Ok(tx
        .query_row(
            "SELECT v.uid, n.question_uid, n.author, n.text, n.created_at, n.updated_at, n.superseded_text, n.superseded_updated_at,
                    COALESCE((SELECT sequence FROM note_trust t WHERE t.note_uid = n.uid), 0)
             FROM note n JOIN review v ON v.id = n.review_id WHERE n.uid = ?1",
            [id],
            |r| {
                let superseded = match (r.get::<_, Option<String>>(6)?, r.get::<_, Option<String>>(7)?) {
                    (Some(text), Some(updated)) => Some(crate::note::NoteVersion { text, updated }),
                    _ => None,
                };
                Ok(StoredNote {
                    review: r.get(0)?,
                    question: r.get(1)?,
                    author: r.get(2)?,
                    text: r.get(3)?,
                    created: r.get(4)?,
                    updated: r.get(5)?,
                    superseded,
                    sequence: u64::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
                })
            },
        )
        .optional()?)
}

fn partial_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
