//! Next year's audit and last year's recommendations as actions (issue 18).
//! The decisions are in `s11core::next_year`; these commands only adapt.

use std::path::PathBuf;

use s11core::new_id;
use s11core::next_year::{start_next_year as successor, ActionUpdate, ActionsView};
use s11core::overview::Overview;
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
        last.create_successor(&path, &next, protect::given(passphrase.as_deref()))?
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

/// A CSV of the actions for a spreadsheet, or the action plan as PDF.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionsExport {
    Csv,
    Pdf,
}

impl ActionsExport {
    fn extension(self) -> &'static str {
        match self {
            ActionsExport::Csv => "csv",
            ActionsExport::Pdf => "pdf",
        }
    }
}

/// Native "save" dialog for an actions export; `None` when the chair cancels.
#[tauri::command]
pub async fn choose_actions_export_path(kind: ActionsExport, suggested: String) -> Option<String> {
    let (title, filter) = match kind {
        ActionsExport::Csv => ("Export the actions as CSV", "CSV for a spreadsheet"),
        ActionsExport::Pdf => ("Export the action plan", "PDF document"),
    };
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(filter, &[kind.extension()])
        .set_file_name(s11core::files::suggested_file_name(
            &suggested,
            kind.extension(),
        ))
        .save_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

/// Writes the actions export to `path` (its extension added if missing),
/// atomically, and returns where it went.
#[tauri::command]
pub fn export_actions(
    path: String,
    kind: ActionsExport,
    open: State<'_, OpenAudit>,
    exported: State<'_, crate::exported::ExportedFiles>,
) -> CmdResult<String> {
    let doc = {
        let guard = lock(&open)?;
        guard.as_ref().ok_or(AppError::NoAuditOpen)?.load()?
    };
    let no_actions = || AppError::Input(s11core::next_year::NextYearError::NoActions.to_string());
    let bytes = match kind {
        ActionsExport::Csv => {
            s11core::next_year::actions_csv(doc.previous.as_ref().ok_or_else(no_actions)?)
        }
        ActionsExport::Pdf => s11core::report::action_plan_pdf(&doc)
            .map_err(|e| AppError::Internal(e.to_string()))?
            .ok_or_else(no_actions)?,
    };
    let mut path = PathBuf::from(path);
    if path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
        != Some(kind.extension())
    {
        path.set_extension(kind.extension());
    }
    // Refuses an audit or pack under the chosen name, as every export does.
    s11core::files::write_export(&path, &bytes, &[]).map_err(|e| AppError::Input(e.to_string()))?;
    exported.remember(&path);
    Ok(path.to_string_lossy().into_owned())
}
