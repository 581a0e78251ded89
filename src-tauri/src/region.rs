//! The region screen (issue 17): thin async commands over
//! `s11core::region`. Each runs its blocking work (SQLite, verifying PDFs,
//! drawing the report) on a blocking thread, so the window never waits.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use s11core::region::{
    read_input, AddOutcome, InputOptions, RegionStore, RegionView, ThemeSummary,
};
use s11core::report::{regional_docx, regional_pdf};
use serde::Serialize;
use tauri::State;

use crate::error::AppError;
use crate::state::{blocking, now, CmdResult};

/// The collation this window has open (beside any audit: they are
/// different files). The store holds the file's lock.
#[derive(Default, Clone)]
pub(crate) struct OpenRegion(Arc<Mutex<Option<RegionStore>>>);

fn with_region<T>(
    open: &OpenRegion,
    f: impl FnOnce(&mut RegionStore) -> CmdResult<T>,
) -> CmdResult<T> {
    let mut guard = open
        .0
        .lock()
        .map_err(|_| AppError::Internal("the open collation's lock was poisoned".into()))?;
    let store = guard.as_mut().ok_or(AppError::NoRegionOpen)?;
    f(store)
}

fn view(store: &RegionStore) -> CmdResult<RegionView> {
    Ok(store.load()?.view())
}

#[tauri::command]
pub async fn open_region(path: String, open: State<'_, OpenRegion>) -> CmdResult<RegionView> {
    let open = open.inner().clone();
    blocking(move || {
        let path = PathBuf::from(path);
        let mut guard = open
            .0
            .lock()
            .map_err(|_| AppError::Internal("the open collation's lock was poisoned".into()))?;
        // Let go of the current one first, so reopening the same file works.
        *guard = None;
        let store = RegionStore::open(&path)?;
        let v = view(&store)?;
        *guard = Some(store);
        Ok(v)
    })
    .await
}

#[tauri::command]
pub async fn create_region(
    path: String,
    name: String,
    year: String,
    open: State<'_, OpenRegion>,
) -> CmdResult<RegionView> {
    let open = open.inner().clone();
    blocking(move || {
        let mut path = PathBuf::from(path);
        if path.extension().and_then(|e| e.to_str()) != Some(s11core::region::EXTENSION) {
            path.set_extension(s11core::region::EXTENSION);
        }
        let store = RegionStore::create(&path, &name, year.trim())?;
        let v = view(&store)?;
        let mut guard = open
            .0
            .lock()
            .map_err(|_| AppError::Internal("the open collation's lock was poisoned".into()))?;
        *guard = Some(store);
        Ok(v)
    })
    .await
}

#[tauri::command]
pub async fn region_view(open: State<'_, OpenRegion>) -> CmdResult<RegionView> {
    let open = open.inner().clone();
    blocking(move || with_region(&open, |s| view(s))).await
}

#[tauri::command]
pub async fn close_region(open: State<'_, OpenRegion>) -> CmdResult<()> {
    let open = open.inner().clone();
    blocking(move || {
        if let Ok(mut guard) = open.0.lock() {
            *guard = None;
        }
        Ok(())
    })
    .await
}

/// What adding local reports did: one sentence per file, and the screen.
#[derive(Serialize)]
pub struct Added {
    pub messages: Vec<String>,
    pub view: RegionView,
}

/// Adds local reports, all or none: every file is read and checked first;
/// if any is refused, nothing is added and the error says which and why.
#[tauri::command]
pub async fn region_add(
    paths: Vec<String>,
    draft: bool,
    open: State<'_, OpenRegion>,
) -> CmdResult<Added> {
    let open = open.inner().clone();
    blocking(move || {
        let mut inputs = Vec::new();
        for p in &paths {
            inputs.push(read_input(
                std::path::Path::new(p),
                &InputOptions {
                    draft,
                    passphrase: None,
                },
            )?);
        }
        with_region(&open, |s| {
            let at = now();
            let mut messages = Vec::new();
            for input in &inputs {
                let who = &input.report.audit.partnership;
                let how = if input.draft { " as a draft" } else { "" };
                messages.push(match s.add(input, at)? {
                    AddOutcome::Added => format!("Added {who}{how}."),
                    AddOutcome::Replaced { previous } => {
                        format!("Replaced {who}’s {previous} with the newer report{how}.")
                    }
                    AddOutcome::Unchanged => {
                        format!("{who}: this report is already collated; nothing changed.")
                    }
                    AddOutcome::KeptNewer { kept } => {
                        format!("{who}: kept {kept}, which is newer; not replaced.")
                    }
                });
            }
            Ok(Added {
                messages,
                view: view(s)?,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn save_region_summary(
    key: String,
    strengths: String,
    development: String,
    open: State<'_, OpenRegion>,
) -> CmdResult<()> {
    let open = open.inner().clone();
    blocking(move || {
        with_region(&open, |s| {
            Ok(s.set_summary(
                &key,
                &ThemeSummary {
                    strengths,
                    development,
                },
            )?)
        })
    })
    .await
}

#[derive(Serialize)]
pub struct RegionExported {
    pub path: String,
    pub bytes: usize,
}

/// Writes the regional report as PDF (`word` false) or Word.
#[tauri::command]
pub async fn export_region(
    path: String,
    word: bool,
    open: State<'_, OpenRegion>,
) -> CmdResult<RegionExported> {
    let open = open.inner().clone();
    blocking(move || {
        let mut out = PathBuf::from(path);
        let ext = if word { "docx" } else { "pdf" };
        if out.extension().and_then(|e| e.to_str()) != Some(ext) {
            out.set_extension(ext);
        }
        with_region(&open, |s| {
            let c = s.load()?;
            let bytes = if word {
                regional_docx(&c)
            } else {
                regional_pdf(&c)
            }
            .map_err(|e| AppError::Internal(e.to_string()))?;
            let region_path = s.path().to_path_buf();
            s11core::files::write_export(&out, &bytes, &[&region_path])
                .map_err(|e| AppError::Input(e.to_string()))?;
            Ok(RegionExported {
                path: out.to_string_lossy().into_owned(),
                bytes: bytes.len(),
            })
        })
    })
    .await
}
