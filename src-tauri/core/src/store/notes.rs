//! Minute packs and notes files in the `.s11` file (issue 7); the format and
//! the merge rule are in `crate::notes`.
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
use crate::notes::{
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

/// The questions a review is asked: its frozen copy once held, else the template.
fn asked_questions(tx: &Transaction<'_>, review_id: i64) -> Result<HashSet<String>> {
    let frozen: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM review_theme WHERE review_id = ?1)",
        [review_id],
        |r| r.get(0),
    )?;
    let sql = if frozen {
        "SELECT uid FROM review_question WHERE review_id = ?1"
    } else {
        "SELECT uid FROM question WHERE ?1 IS NOT NULL"
    };
    let mut stmt = tx.prepare(sql)?;
    let rows = stmt
        .query_map([review_id], |r| r.get(0))?
        .collect::<rusqlite::Result<HashSet<String>>>()?;
    Ok(rows)
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
    pub fn make_minute_pack(
        &self,
        review: &str,
        author: Option<&str>,
        dest: &Path,
        taker_uid: String,
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
        let author = author.map(clean_name).transpose()?;
        let doc = pack_doc(&self.load()?, review)?;
        let tmp = partial_path(dest);
        let _ = std::fs::remove_file(&tmp);
        let made = (|| -> Result<PackInfo> {
            let mut pack = Store::create(&tmp, &doc)?;
            pack.with_tx(|tx| {
                tx.execute(
                    "INSERT INTO minute_pack (id, review_uid, author, taker_uid) VALUES (1, ?1, ?2, ?3)",
                    params![review, author.clone().unwrap_or_default(), if author.is_some() { taker_uid } else { String::new() }],
                )?;
                Ok(())
            })?;
            let info = pack
                .minute_pack()?
                .ok_or_else(|| refused("The minute pack could not be marked."))?;
            // Closing checkpoints the write-ahead log into the file, so the
            // pack is one self-contained file before it is renamed.
            drop(pack);
            std::fs::rename(&tmp, dest)
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
    /// text was last saved and `created` the earliest save kept.
    pub fn export_notes(&self, now: Timestamp) -> Result<NotesFile> {
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
            notes,
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
                return Err(refused("That note is no longer in this audit."));
            }
            Ok(())
        })
    }
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
    // Refused before any note is written: a signed-off record never changes.
    super::signoff::refuse_if_locked(tx, Some(review_id)).map_err(|e| refuse(e.to_string()))?;
    let asked = asked_questions(tx, review_id)?;
    let mut summary = ImportSummary {
        file: name.into(),
        author: file.author.clone(),
        review_name,
        ..ImportSummary::default()
    };
    for note in &file.notes {
        if !asked.contains(&note.question) {
            return Err(refuse(format!(
                "it has a note for a question (“{}”) that the review of {} no longer asks; the question template may have changed after the minute pack was made",
                note.question, summary.review_name
            )));
        }
        let existing = stored_note(tx, &note.id)?;
        if let Some(old) = &existing {
            if old.review != file.review {
                return Err(refuse(format!(
                    "its note “{}” already belongs to another review in this audit",
                    note.id
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
        match merge(existing.as_ref(), note, &file.author, response.as_deref()) {
            Merge::Add => {
                tx.execute(
                    "INSERT INTO note (uid, review_id, question_uid, author, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![note.id, review_id, note.question, file.author, note.text, note.created, note.updated],
                )?;
                summary.added += 1;
            }
            Merge::Update { superseded } => {
                tx.execute(
                    "UPDATE note SET question_uid = ?2, author = ?3, text = ?4, updated_at = ?5 WHERE uid = ?1",
                    params![note.id, note.question, file.author, note.text, note.updated],
                )?;
                if let Some(v) = superseded {
                    tx.execute(
                        "UPDATE note SET superseded_text = ?2, superseded_updated_at = ?3 WHERE uid = ?1",
                        params![note.id, v.text, v.updated],
                    )?;
                    summary.flagged += 1;
                }
                summary.updated += 1;
            }
            Merge::Unchanged | Merge::Skip => summary.unchanged += 1,
        }
    }
    Ok(summary)
}

fn stored_note(tx: &Transaction<'_>, id: &str) -> Result<Option<StoredNote>> {
    Ok(tx
        .query_row(
            "SELECT v.uid, n.question_uid, n.author, n.text, n.created_at, n.updated_at, n.superseded_text, n.superseded_updated_at
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
