//! Minute packs and minute-takers' notes files (issue 7): thin commands over
//! `Store::make_minute_pack`, `export_notes`, `import_notes`; the rules live
//! in `s11core::notes_file`. Files are chosen in native dialogs here, in Rust: the
//! page never gets file-system access.

use std::path::PathBuf;

use s11core::files;
use s11core::new_id;
use s11core::notes_file::{ImportSummary, PackInfo};
use s11core::session::NotesExported;
use tauri::{Emitter, State, Window, WindowEvent};

use crate::state::{now, CmdResult, SessionState};

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
pub async fn minute_pack_info(session: State<'_, SessionState>) -> CmdResult<Option<PackInfo>> {
    session.with_store(move |s| Ok(s.minute_pack()?)).await
}

#[tauri::command]
pub async fn set_pack_author(
    name: String,
    session: State<'_, SessionState>,
) -> CmdResult<PackInfo> {
    session
        .with_store(move |s| Ok(s.set_pack_author(&name, new_id())?))
        .await
}

/// Writes a minute pack protected with `passphrase`, which the chair tells
/// the minute-taker another way (by phone).
#[tauri::command]
pub async fn export_minute_pack(
    review: String,
    path: String,
    passphrase: String,
    session: State<'_, SessionState>,
) -> CmdResult<PackInfo> {
    let path = files::with_extension(&PathBuf::from(path), files::AUDIT_EXTENSION);
    session
        .with_store(move |s| {
            Ok(s.make_protected_minute_pack(&review, None, &path, new_id(), Some(&passphrase))?)
        })
        .await
}

/// Writes the minute-taker's notes file: signed, and encrypted to the chair.
#[tauri::command]
pub async fn export_notes(
    path: String,
    session: State<'_, SessionState>,
) -> CmdResult<NotesExported> {
    session
        .run(move |s| Ok(s.export_notes_file(&PathBuf::from(path), now())?))
        .await
}

/// Reads every file, then merges them all in one transaction.
#[tauri::command]
pub async fn import_notes(
    paths: Vec<String>,
    session: State<'_, SessionState>,
) -> CmdResult<Vec<ImportSummary>> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| PathBuf::from(p.trim())).collect();
    session
        .run(move |s| Ok(s.import_notes_files(&paths)?))
        .await
}

#[tauri::command]
pub async fn clear_note_flag(note: String, session: State<'_, SessionState>) -> CmdResult<()> {
    session
        .with_store(move |s| Ok(s.clear_note_flag(&note)?))
        .await
}
