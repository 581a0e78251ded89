//! Next year's audit and last year's recommendations as actions (issue 18).
//! The decisions are in `s11core::next_year`; these commands only adapt.

use std::path::PathBuf;

use s11core::new_id;
use s11core::next_year::{start_next_year as successor, ActionUpdate, ActionsView};
use s11core::overview::Overview;
use tauri::State;

use crate::error::AppError;
use crate::state::{now, CmdResult, SessionState};

/// Starts next year's audit from the open one, in a new file at `path`, and
/// opens it. A protected audit's successor takes the same passphrase unless
/// the chair gives another.
#[tauri::command]
pub async fn start_next_year(
    path: String,
    year: String,
    passphrase: Option<String>,
    session: State<'_, SessionState>,
) -> CmdResult<Overview> {
    let path =
        s11core::files::with_extension(&PathBuf::from(path), s11core::files::AUDIT_EXTENSION);
    session
        .run(move |session| {
            let last = session.store()?;
            let file_name = last
                .path()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let next = successor(&last.load()?, year.trim(), &file_name, new_id)
                .map_err(|e| AppError::Input(e.to_string()))?;
            let store = last.create_successor(
                &path,
                &next,
                s11core::session::given(passphrase.as_deref()),
            )?;
            Ok(session.show(store, &path, now())?)
        })
        .await
}

/// The actions screen's data, or `None` for an audit not started from last year's.
#[tauri::command]
pub async fn actions_view(session: State<'_, SessionState>) -> CmdResult<Option<ActionsView>> {
    session
        .with_store(|store| Ok(ActionsView::of(&store.load()?)))
        .await
}

/// Changes one action (status, due date, a progress note dated today).
#[tauri::command]
pub async fn update_action(
    id: String,
    update: ActionUpdate,
    session: State<'_, SessionState>,
) -> CmdResult<Option<ActionsView>> {
    session
        .with_store(move |store| {
            store.update_action(&id, &update, now().date())?;
            Ok(ActionsView::of(&store.load()?))
        })
        .await
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

/// Writes the actions export to `path` (its extension added if missing),
/// atomically, and returns where it went.
#[tauri::command]
pub async fn export_actions(
    path: String,
    kind: ActionsExport,
    session: State<'_, SessionState>,
    exported: State<'_, crate::exported::ExportedFiles>,
) -> CmdResult<String> {
    let doc = session.with_store(|store| Ok(store.load()?)).await?;
    let no_actions = || AppError::Input(s11core::next_year::NextYearError::NoActions.to_string());
    let bytes = match kind {
        ActionsExport::Csv => {
            s11core::next_year::actions_csv(doc.previous.as_ref().ok_or_else(no_actions)?)
        }
        ActionsExport::Pdf => s11core::report::action_plan_pdf(&doc)?.ok_or_else(no_actions)?,
    };
    let path = s11core::files::with_extension(&PathBuf::from(path), kind.extension());
    // Refuses an audit or pack under the chosen name, as every export does.
    s11core::files::write_export(&path, &bytes, &[])?;
    exported.remember(&path);
    Ok(path.to_string_lossy().into_owned())
}
