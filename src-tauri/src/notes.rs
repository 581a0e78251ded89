//! Minute packs and minute-takers' notes files (issue 7): thin commands over
//! `Store::make_minute_pack`, `export_notes`, `import_notes`; the rules live
//! in `s11core::notes`. Files are chosen in native dialogs here, in Rust: the
//! page never gets file-system access.

use std::path::PathBuf;

use s11core::files;
use s11core::new_id;
use s11core::notes::{ImportSummary, NotesError, PackInfo};
use tauri::{Emitter, State, Window, WindowEvent};

use crate::workshop::with_store;
use crate::{now, CmdResult, OpenAudit};

/// The event the page hears when files are dropped on the window.
pub const DROPPED: &str = "files-dropped";

/// Passes files dropped on the window to the page, which imports the notes
/// files among them (only the chair's audit imports; the page decides where
/// a drop means "import", the core refuses anything else).
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
        let paths: Vec<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        // Fails only while the window is closing: nothing to do.
        let _ = window.emit(DROPPED, paths);
    }
}

/// The minute pack the open file is, or `None` for the chair's audit.
#[tauri::command]
pub fn minute_pack_info(open: State<'_, OpenAudit>) -> CmdResult<Option<PackInfo>> {
    with_store(&open, |s| Ok(s.minute_pack()?))
}

#[tauri::command]
pub fn set_pack_author(name: String, open: State<'_, OpenAudit>) -> CmdResult<PackInfo> {
    with_store(&open, |s| Ok(s.set_pack_author(&name, new_id())?))
}

/// Writes a minute pack protected with `passphrase`, which the chair tells
/// the minute-taker another way (by phone).
#[tauri::command]
pub fn export_minute_pack(
    review: String,
    path: String,
    passphrase: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<PackInfo> {
    let mut path = PathBuf::from(path);
    if path.extension().and_then(|e| e.to_str()) != Some("s11") {
        path.set_extension("s11");
    }
    with_store(&open, |s| {
        Ok(s.make_protected_minute_pack(&review, None, &path, new_id(), Some(&passphrase))?)
    })
}

/// What exporting the minute-taker's notes did, for the message.
#[derive(serde::Serialize)]
pub struct NotesExported {
    pub notes: usize,
    /// Encrypted to the chair's key (packs from before issue 19 carry none).
    pub encrypted: bool,
    /// The minute-taker's signing key's fingerprint, to read to the chair.
    pub key: String,
}

/// Writes the minute-taker's notes file: signed, and encrypted to the chair.
#[tauri::command]
pub fn export_notes(path: String, open: State<'_, OpenAudit>) -> CmdResult<NotesExported> {
    let mut path = PathBuf::from(path);
    if path.extension().and_then(|e| e.to_str()) != Some(NOTES_EXTENSION) {
        path.set_extension(NOTES_EXTENSION);
    }
    let (exported, bytes, encrypted, key, pack) = with_store(&open, |s| {
        let (exported, bytes) = s.export_notes_file(now())?;
        Ok((
            exported,
            bytes,
            s.pack_encrypts_notes()?,
            s.pack_key_fingerprint()?.unwrap_or_default(),
            s.path().map(PathBuf::from),
        ))
    })?;
    let reading: Vec<&std::path::Path> = pack.iter().map(PathBuf::as_path).collect();
    files::write_export(&path, &bytes, &reading)
        .map_err(|e| crate::error::AppError::Input(e.to_string()))?;
    Ok(NotesExported {
        notes: exported.notes.len(),
        encrypted,
        key,
    })
}

/// A notes file's extension: it is encrypted (age), not JSON to read.
const NOTES_EXTENSION: &str = "s11notes";

/// Reads every file, then merges them all in one transaction.
#[tauri::command]
pub fn import_notes(
    paths: Vec<String>,
    open: State<'_, OpenAudit>,
) -> CmdResult<Vec<ImportSummary>> {
    if paths.is_empty() {
        return Err(crate::error::AppError::Input(
            "Choose at least one notes file to import.".into(),
        ));
    }
    // Read with the chair's key (encrypted files), all before any merge.
    with_store(&open, |s| {
        let parsed = paths
            .iter()
            .map(|p| {
                let path = PathBuf::from(p.trim());
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.clone());
                s.read_notes_file(&path).map(|n| (name, n))
            })
            .collect::<Result<Vec<_>, NotesError>>()?;
        Ok(s.import_notes(&parsed)?)
    })
}

#[tauri::command]
pub fn clear_note_flag(note: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    with_store(&open, |s| Ok(s.clear_note_flag(&note)?))
}

/// Native "save" dialog for a minute pack; `None` when cancelled.
#[tauri::command]
pub async fn choose_minute_pack_path(suggested: String) -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("Export a minute pack")
        .add_filter("Section 11 minute pack", &["s11"])
        .set_file_name(s11core::files::suggested_file_name(&suggested, "s11"))
        .save_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

/// Native "save" dialog for a notes file; `None` when cancelled.
#[tauri::command]
pub async fn choose_notes_export_path(suggested: String) -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("Export my notes")
        .add_filter("Section 11 notes (encrypted)", &[NOTES_EXTENSION])
        .set_file_name(s11core::files::suggested_file_name(
            &suggested,
            NOTES_EXTENSION,
        ))
        .save_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

/// Native "open" dialog for one or more notes files; empty when cancelled.
#[tauri::command]
pub async fn choose_notes_files() -> Vec<String> {
    rfd::AsyncFileDialog::new()
        .set_title("Import minute-takers' notes")
        .add_filter("Section 11 notes", &[NOTES_EXTENSION, "json"])
        .pick_files()
        .await
        .unwrap_or_default()
        .iter()
        .map(|f| f.path().to_string_lossy().into_owned())
        .collect()
}
