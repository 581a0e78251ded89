//! Minute-takers working offline (issue 7): the minute pack the chair hands
//! out, the notes file a minute-taker sends back, and the rule that merges
//! notes files into the chair's audit.
//!
//! The flow, and where each step lives:
//! 1. The chair makes a minute pack ([`crate::Store::make_minute_pack`]): an
//!    ordinary `.s11` file holding the audit's set-up and one review's
//!    questions, with every response, note, recommendation and other review
//!    left out, and a `minute_pack` row saying which review it is for.
//! 2. The minute-taker opens the pack in the same app, gives their name, and
//!    types in the same minutes screen. In a pack the response boxes are the
//!    minute-taker's own notes: they save as responses (so autosave, history
//!    and the screen work unchanged) and the export turns each into one note.
//!    Each note's id is `<minute-taker id>/<question id>`: the minute-taker
//!    id is made once, when the name is first given in that copy of the pack,
//!    so one person's note for a question keeps its id across exports, and
//!    two people given copies of the same pack never share one.
//! 3. The export ([`crate::Store::export_notes`]) writes a [`NotesFile`].
//! 4. The chair imports notes files ([`crate::Store::import_notes`]), all in
//!    one transaction, by the rule in [`merge`]. Responses are never touched.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::dates::Timestamp;
use crate::interchange::{MAX_LINE_CHARS, MAX_TEXT_BYTES};
use crate::note::NoteVersion;
use crate::versioned::HeaderError;

/// Names a JSON file as a minute-taker's notes.
pub const FORMAT: &str = "section11-panel/notes";
/// The notes format version this build writes and the newest it reads.
/// Version 2 (issue 19) adds `sequence` and `signature`; a version 1 file,
/// unsigned, is read but refused at import.
pub const FORMAT_VERSION: u32 = 2;
/// At most this many notes on one question of one review, whoever wrote
/// them: a panel has a handful of minute-takers; more is an attack or an error.
pub const MAX_NOTES_PER_QUESTION: usize = 50;
/// Largest notes file read: a whole workshop's notes are a few hundred KB.
pub const MAX_NOTES_FILE_BYTES: usize = 64 * 1024 * 1024;

/// One minute-taker's notes for one review: what `s11 notes export` writes.
/// Documented in `schema/README.md`; `schema/notes.schema.json` is its schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotesFile {
    pub format: String,
    pub format_version: u32,
    /// The audit's stable id: a file for another audit is refused.
    pub audit: String,
    /// The review's stable id.
    pub review: String,
    /// The minute-taker's name, as the chair will see it beside each note.
    pub author: String,
    /// When the file was written, RFC 3339 UTC. Shown, never used to order.
    pub exported: String,
    /// The minute-taker's own count of exports from this copy of the pack:
    /// a later export has a higher number, whatever any clock says. The
    /// version of a note kept is the one from the highest sequence.
    #[serde(default)]
    pub sequence: u64,
    pub notes: Vec<FileNote>,
    /// Hex of a detached CMS signature (see [`crate::identity`]) over this
    /// file's JSON as [`to_json`] writes it without this field, by the
    /// minute-taker's own key, made when their copy first exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The signature and the bytes it covers, as read (before any text was
    /// cleaned); checked at import.
    #[serde(skip)]
    pub seal: Option<Seal>,
}

/// A notes file's signature and the exact bytes it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub signature: Vec<u8>,
    pub body: String,
}

/// Hex, lower case.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

/// Signs `notes` with `identity`: sets `signature` over [`to_json`] of the
/// file without it.
pub fn sign(
    notes: &mut NotesFile,
    identity: &crate::identity::Identity,
    now: Timestamp,
) -> Result<(), crate::identity::IdentityError> {
    notes.signature = None;
    let body = to_json(notes);
    notes.signature = Some(to_hex(&identity.sign_detached(body.as_bytes(), now)?));
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileNote {
    /// Stable across exports from the same pack: the merge key.
    pub id: String,
    pub question: String,
    pub text: String,
    pub created: String,
    pub updated: String,
}

#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("{file} could not be read: {reason}.")]
    Unreadable { file: String, reason: String },
    #[error("{file} is not valid JSON (line {line}, column {column}): {reason}. It may have been cut short while copying; ask the minute-taker to export their notes again.")]
    Malformed {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{file} is not a Section 11 Panel notes file (its “format” is “{found}”). Choose a file made with “Export my notes” or `s11 notes export`.")]
    NotNotes { file: String, found: String },
    #[error("{file} was exported by a newer version of Section 11 Panel (notes format version {found}; this version reads up to {supported}). Update the app, then import it again. Nothing has been imported.")]
    NewerFormat {
        file: String,
        found: u32,
        supported: u32,
    },
    #[error("{file} cannot be imported: {reason}. Nothing has been imported.")]
    Invalid { file: String, reason: String },
    #[error(
        "{file} is too large to be a notes file ({size} bytes; the largest accepted is 64 MB)."
    )]
    TooLarge { file: String, size: usize },
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

fn invalid(file: &str, reason: impl Into<String>) -> NotesError {
    NotesError::Invalid {
        file: file.to_string(),
        reason: reason.into(),
    }
}

/// Reads a plain (unencrypted) notes file from disk; `file` in messages is
/// its name. An encrypted one is read by [`crate::Store::read_notes_file`],
/// with the chair's key.
pub fn read_notes_file(path: &Path) -> Result<NotesFile, NotesError> {
    let (file, bytes) = read_notes_bytes(path)?;
    if crate::transit::is_encrypted(&bytes) {
        return Err(invalid(
            &file,
            "it is encrypted to the chair’s key: import it into the chair’s audit",
        ));
    }
    parse_bytes(&file, bytes)
}

/// A notes file's name for messages, and its bytes (an ordinary file, at
/// most [`MAX_NOTES_FILE_BYTES`], enforced while reading).
pub fn read_notes_bytes(path: &Path) -> Result<(String, Vec<u8>), NotesError> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let unreadable = |reason: String| NotesError::Unreadable {
        file: file.clone(),
        reason,
    };
    let bytes =
        crate::files::read_limited(path, MAX_NOTES_FILE_BYTES as u64).map_err(|e| match e {
            crate::files::InputError::TooLarge(_, size, _) => NotesError::TooLarge {
                file: file.clone(),
                size: usize::try_from(size).unwrap_or(usize::MAX),
            },
            crate::files::InputError::NotOrdinary(_) => {
                unreadable("it is not an ordinary file (a device, a pipe or a folder)".into())
            }
            crate::files::InputError::Io(_, why) => unreadable(why),
        })?;
    Ok((file, bytes))
}

/// Parses a notes file's (decrypted) bytes.
pub fn parse_bytes(file: &str, bytes: Vec<u8>) -> Result<NotesFile, NotesError> {
    let text = String::from_utf8(bytes).map_err(|_| NotesError::Unreadable {
        file: file.to_string(),
        reason: "it is not UTF-8 text, so it is not a notes file".into(),
    })?;
    parse(file, &text)
}

/// Reads a notes file from JSON text, checking what it says it is first, so a
/// foreign or newer file gets the right message rather than "unknown field".
pub fn parse(file: &str, text: &str) -> Result<NotesFile, NotesError> {
    if text.len() > MAX_NOTES_FILE_BYTES {
        return Err(NotesError::TooLarge {
            file: file.into(),
            size: text.len(),
        });
    }
    let malformed = |e: serde_json::Error| NotesError::Malformed {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        reason: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    };
    match crate::versioned::check_header(text, FORMAT, FORMAT_VERSION) {
        Ok(_) => {}
        Err(HeaderError::Malformed(e)) => return Err(malformed(e)),
        Err(HeaderError::Foreign(found)) => {
            return Err(NotesError::NotNotes {
                file: file.into(),
                found,
            })
        }
        Err(HeaderError::Newer(found)) => {
            return Err(NotesError::NewerFormat {
                file: file.into(),
                found,
                supported: FORMAT_VERSION,
            })
        }
        Err(HeaderError::NoVersion) => {
            return Err(invalid(
                file,
                "its “format_version” is missing or not a whole number from 1",
            ))
        }
    }
    let mut notes: NotesFile = serde_json::from_str(text).map_err(malformed)?;
    // The signed bytes are the file as written, before any cleaning.
    if let Some(hex) = notes.signature.take() {
        let signature =
            from_hex(&hex).ok_or_else(|| invalid(file, "its signature is not hex digits"))?;
        let body = to_json(&notes);
        notes.signature = Some(hex);
        notes.seal = Some(Seal { signature, body });
    }
    check(file, &mut notes)?;
    Ok(notes)
}

fn one_line(file: &str, what: &str, value: &str) -> Result<(), NotesError> {
    if value.trim().is_empty() {
        return Err(invalid(file, format!("{what} is empty")));
    }
    if value.chars().count() > MAX_LINE_CHARS || value.contains(['\n', '\r']) {
        return Err(invalid(
            file,
            format!("{what} is not one line of at most {MAX_LINE_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Canonical RFC 3339 (`2022-02-10T14:05:00Z`), so that times compare and
/// store the same however the file wrote them.
fn time(file: &str, what: &str, value: &str) -> Result<String, NotesError> {
    Timestamp::parse_rfc3339(value)
        .map(|t| t.rfc3339())
        .ok_or_else(|| {
            invalid(
                file,
                format!("{what} “{value}” is not a time of the form 2022-02-10T14:05:00Z"),
            )
        })
}

/// The file's own rules, before it is compared with any audit. Normalises
/// times and line breaks in place.
fn check(file: &str, n: &mut NotesFile) -> Result<(), NotesError> {
    one_line(file, "the audit id", &n.audit)?;
    one_line(file, "the review id", &n.review)?;
    n.author = crate::interchange::clean_imported_text(&n.author);
    one_line(file, "the minute-taker’s name", &n.author)?;
    n.exported = time(file, "the export time", &n.exported)?;
    let mut ids = HashSet::new();
    for note in &mut n.notes {
        one_line(file, "a note’s id", &note.id)?;
        one_line(file, "a note’s question", &note.question)?;
        if !ids.insert(note.id.clone()) {
            return Err(invalid(
                file,
                format!("two notes share the id “{}”", note.id),
            ));
        }
        note.text = crate::interchange::clean_imported_text(&note.text);
        if note.text.len() > MAX_TEXT_BYTES {
            return Err(invalid(file, "a note is larger than 2 MB"));
        }
        note.created = time(file, "a note’s created time", &note.created)?;
        note.updated = time(file, "a note’s updated time", &note.updated)?;
    }
    Ok(())
}

/// Pretty JSON, stable field order, ending with a newline.
pub fn to_json(notes: &NotesFile) -> String {
    let mut s = serde_json::to_string_pretty(notes).unwrap_or_default();
    s.push('\n');
    s
}

/// A minute pack as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackInfo {
    pub review: String,
    pub review_name: String,
    /// Empty until the minute-taker gives their name.
    pub author: String,
}

/// What importing one file did, for the chair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub author: String,
    /// The fingerprint of the key that signed the file, as the chair can
    /// compare it with the minute-taker's (`AB:CD:…`).
    pub key: String,
    /// Whether this import was the first from this minute-taker, so the key
    /// was remembered now.
    pub new_author: bool,
    /// Notes that claimed another minute-taker's note ids: kept apart,
    /// flagged, never replacing.
    pub kept_apart: usize,
    /// Another minute-taker with the same name, but another key, was
    /// imported before: two people, or one pretending to be the other.
    pub namesake: bool,
    pub review_name: String,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Notes that changed after the chair used their earlier text: both
    /// versions are kept and the note is flagged.
    pub flagged: usize,
}

impl ImportSummary {
    /// One line for the chair: "Ann Chair's notes for BNSSG CCG: 3 added, 1 updated (1 flagged), 2 unchanged".
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{}’s notes for {}: {} added, {} updated",
            self.author, self.review_name, self.added, self.updated
        );
        if self.flagged > 0 {
            s.push_str(&format!(
                " ({} changed after you used them: both versions kept)",
                self.flagged
            ));
        }
        s.push_str(&format!(", {} unchanged", self.unchanged));
        if self.kept_apart > 0 {
            s.push_str(&format!(
                "; {} claimed another minute-taker’s notes and were kept apart, flagged",
                self.kept_apart
            ));
        }
        if self.namesake {
            s.push_str(&format!(
                ". Another minute-taker called {} sent notes before, signed with a different key: check with them that both are genuine",
                self.author
            ));
        }
        if self.new_author {
            s.push_str(&format!(
                ". Signed with a new key, now remembered: {}",
                self.key
            ));
        } else {
            s.push_str(&format!(". Signed with their known key {}", self.key));
        }
        s
    }
}

/// A note as stored in the chair's audit, as far as merging needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNote {
    pub review: String,
    pub question: String,
    pub author: String,
    pub text: String,
    pub created: String,
    pub updated: String,
    pub superseded: Option<NoteVersion>,
    /// The author's sequence number of the version kept (0: imported
    /// before issue 19, when files were unsigned and unnumbered).
    pub sequence: u64,
}

/// What merging one incoming note does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// A note not seen before; blank notes are not added (nothing to keep).
    Add,
    Skip,
    /// A newer version of a known note replaces its text. `superseded` is the
    /// version to keep beside it for the chair (or `None` to keep whatever
    /// was kept before).
    Update {
        superseded: Option<NoteVersion>,
    },
    Unchanged,
}

/// The merge rule, for one incoming note against what the chair has.
///
/// - A note not seen before is added (unless blank).
/// - A known note changes only if the incoming file's `sequence` (the
///   author's own count of exports) is strictly higher than the one kept:
///   importing the same file again, or an older export after a newer one,
///   changes nothing, so the result does not depend on import order. No
///   clock is involved: a time far in the future changes nothing.
/// - Only the author's own key reaches this point for a known note (the
///   store keeps another key's claim apart).
/// - If the chair's response to the question already contains the text
///   being replaced (the chair inserted it, and perhaps added to it), that
///   text is kept beside the new one and the note is flagged: the chair's
///   response is never changed, and nothing the chair used is lost.
pub fn merge(
    existing: Option<&StoredNote>,
    incoming: &FileNote,
    sequence: u64,
    author: &str,
    response: Option<&str>,
) -> Merge {
    let Some(old) = existing else {
        return if incoming.text.trim().is_empty() {
            Merge::Skip
        } else {
            Merge::Add
        };
    };
    let newer = sequence > old.sequence;
    if !newer
        || (incoming.text == old.text && incoming.question == old.question && author == old.author)
    {
        return Merge::Unchanged;
    }
    let used = incoming.text != old.text && is_used(&old.text, response);
    Merge::Update {
        superseded: used.then(|| NoteVersion {
            text: old.text.clone(),
            updated: old.updated.clone(),
        }),
    }
}

/// Whether the chair has used a note's text: the response holds it (as
/// "Insert into response" puts it there). The merge's flag and the minutes'
/// "used" mark follow this one rule.
pub fn is_used(note_text: &str, response: Option<&str>) -> bool {
    let text = note_text.trim();
    !text.is_empty() && response.is_some_and(|r| r.contains(text))
}

/// Whether a note needs the chair: flagged (it changed after the chair used
/// it), or not yet used in the response.
pub fn needs_chair(note: &crate::note::Note, response: Option<&str>) -> bool {
    note.superseded.is_some() || (!note.text.trim().is_empty() && !is_used(&note.text, response))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_note(text: &str, updated: &str) -> FileNote {
        FileNote {
            id: "n1".into(),
            question: "t1q1".into(),
            text: text.into(),
            created: "2022-02-10T10:00:00Z".into(),
            updated: updated.into(),
        }
    }

    fn stored(text: &str, updated: &str) -> StoredNote {
        stored_at(text, updated, 5)
    }

    fn stored_at(text: &str, updated: &str, sequence: u64) -> StoredNote {
        StoredNote {
            review: "r".into(),
            question: "t1q1".into(),
            author: "Ann".into(),
            text: text.into(),
            created: "2022-02-10T10:00:00Z".into(),
            updated: updated.into(),
            superseded: None,
            sequence,
        }
    }

    #[test]
    fn only_a_strictly_newer_version_changes_a_note() {
        let old = stored("first", "2022-02-10T10:05:00Z");
        assert_eq!(
            merge(
                Some(&old),
                &file_note("second", "2022-02-10T10:05:00Z"),
                5,
                "Ann",
                None
            ),
            Merge::Unchanged,
            "equal time: no change"
        );
        assert_eq!(
            merge(
                Some(&old),
                &file_note("zeroth", "2022-02-10T10:04:00Z"),
                4,
                "Ann",
                None
            ),
            Merge::Unchanged,
            "older: no change"
        );
        assert_eq!(
            merge(
                Some(&old),
                &file_note("second", "2022-02-10T10:06:00Z"),
                6,
                "Ann",
                None
            ),
            Merge::Update { superseded: None }
        );
        assert_eq!(
            merge(
                None,
                &file_note("new", "2022-02-10T10:06:00Z"),
                1,
                "Ann",
                None
            ),
            Merge::Add
        );
        assert_eq!(
            merge(
                None,
                &file_note("  ", "2022-02-10T10:06:00Z"),
                1,
                "Ann",
                None
            ),
            Merge::Skip,
            "a blank new note adds nothing"
        );
    }

    #[test]
    fn a_note_is_used_when_the_response_holds_its_text() {
        assert!(is_used(
            " Staff use the app. ",
            Some("Notes: Staff use the app.\n\nMore.")
        ));
        assert!(!is_used("Staff use the app.", Some("Staff use an app.")));
        assert!(!is_used("Staff use the app.", None));
        assert!(
            !is_used("   ", Some("anything")),
            "an empty note is never used"
        );
    }

    #[test]
    fn a_changed_note_the_chair_used_keeps_both_versions() {
        let old = stored("Staff know the policy.", "2022-02-10T10:05:00Z");
        let newer = file_note(
            "Staff know the policy, but not the app.",
            "2022-02-10T10:09:00Z",
        );
        let used = merge(
            Some(&old),
            &newer,
            9,
            "Ann",
            Some("Chair's summary. Staff know the policy. More."),
        );
        assert_eq!(
            used,
            Merge::Update {
                superseded: Some(NoteVersion {
                    text: "Staff know the policy.".into(),
                    updated: "2022-02-10T10:05:00Z".into()
                })
            },
            "the version the chair used is kept beside the new one"
        );
        assert_eq!(
            merge(Some(&old), &newer, 9, "Ann", Some("Something else")),
            Merge::Update { superseded: None }
        );
    }

    #[test]
    fn a_clock_in_the_future_changes_nothing() {
        let old = stored_at("Ann's words", "2022-02-10T10:05:00Z", 7);
        assert_eq!(
            merge(
                Some(&old),
                &file_note("replaced", "9999-12-31T23:59:59Z"),
                3,
                "Ann",
                None
            ),
            Merge::Unchanged,
            "an earlier export stays earlier whatever time it claims"
        );
        assert_eq!(
            merge(
                Some(&old),
                &file_note("later words", "2001-01-01T00:00:00Z"),
                8,
                "Ann",
                None
            ),
            Merge::Update { superseded: None },
            "a later export is later even with its clock behind"
        );
    }

    #[test]
    fn refusals_name_the_problem() {
        let good = r#"{"format":"section11-panel/notes","format_version":1,"audit":"a","review":"r","author":"Ann","exported":"2022-02-10T10:00:00Z","notes":[]}"#;
        assert!(parse("n.json", good).is_ok());
        let cut = &good[..good.len() - 10];
        assert!(matches!(
            parse("n.json", cut),
            Err(NotesError::Malformed { .. })
        ));
        let newer = good.replace(
            "\"format_version\":1",
            "\"format_version\":3,\"future\":true",
        );
        let e = parse("n.json", &newer)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("newer version"), "{e}");
        let audit = good.replace("section11-panel/notes", "section11-panel/audit");
        assert!(matches!(
            parse("n.json", &audit),
            Err(NotesError::NotNotes { .. })
        ));
        let bad_time = good.replace("2022-02-10T10:00:00Z", "yesterday");
        assert!(parse("n.json", &bad_time)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("2022-02-10T14:05:00Z"));
    }
}
