//! Next year's audit and last year's recommendations as actions (issue 18).
//! The decisions are in `s11core::next_year`; these commands only adapt.

use std::path::PathBuf;

use s11core::next_year::{start_next_year as successor, ActionUpdate, ActionsView};
use s11core::overview::Overview;
use s11core::{new_id, Store};
use tauri::State;

use crate::error::AppError;
use crate::{lock, now, protect, show, CmdResult, Folders, OpenAudit};

/// Starts next year's audit from the open one, in a new file at `path`, and
/// opens it. A protected audit's successor takes the same passphrase unless
/// the chair gives another.
#[tauri::command]
pub fn start_next_year(
    path: String,
    year: String,
    passphrase: Option<String>,
    open: State<'_, OpenAudit>,
    folders: State<'_, Folders>,
) -> CmdResult<Overview> {
    let mut path = PathBuf::from(path);
    if path.extension().and_then(|e| e.to_str()) != Some("s11") {
        path.set_extension("s11");
    }
    let store = {
        let guard = lock(&open)?;
        let last = guard.as_ref().ok_or(AppError::NoAuditOpen)?;
        let file_name = last
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let next = successor(&last.load()?, year.trim(), &file_name, new_id)
            .map_err(|e| AppError::Input(e.to_string()))?;
        let pass = protect::given(passphrase.as_deref()).or(last.passphrase_for_successor());
        Store::create_next(&path, &next, pass)?
    };
    show(store, &path, &open, &folders)
}

/// The actions screen's data, or `None` for an audit not started from last year's.
#[tauri::command]
pub fn actions_view(open: State<'_, OpenAudit>) -> CmdResult<Option<ActionsView>> {
    let guard = lock(&open)?;
    let store = guard.as_ref().ok_or(AppError::NoAuditOpen)?;
    Ok(ActionsView::of(&store.load()?))
}

/// Changes one action (status, due date, a progress note dated today).
#[tauri::command]
pub fn update_action(
    id: String,
    update: ActionUpdate,
    open: State<'_, OpenAudit>,
) -> CmdResult<Option<ActionsView>> {
    let mut guard = lock(&open)?;
    let store = guard.as_mut().ok_or(AppError::NoAuditOpen)?;
    store.update_action(&id, &update, now().date())?;
    Ok(ActionsView::of(&store.load()?))
}
