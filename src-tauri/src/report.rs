//! Exporting the report (PDF or Word) and the blank question template. The core
//! draws them; here the chair chooses where they go, and the file is written
//! to a temporary name and renamed into place, so a failed export never
//! leaves half a PDF under the chosen name.

use std::path::PathBuf;

use s11core::files::write_export;
use s11core::report::{export_report, export_report_docx, template_pdf};
use serde::Serialize;
use tauri::State;

use crate::exported::ExportedFiles;
use crate::state::{CmdResult, SessionState};

#[derive(Serialize)]
pub struct Exported {
    pub path: String,
    pub bytes: usize,
}

fn pdf_path(path: String) -> PathBuf {
    with_extension(path, "pdf")
}

fn with_extension(path: String, ext: &str) -> PathBuf {
    s11core::files::with_extension(&PathBuf::from(path), ext)
}

fn write(path: PathBuf, bytes: Vec<u8>, exported: &ExportedFiles) -> CmdResult<Exported> {
    // Refuses an audit or pack under the chosen name, whatever it is called.
    write_export(&path, &bytes, &[])?;
    exported.remember(&path);
    Ok(Exported {
        path: path.to_string_lossy().into_owned(),
        bytes: bytes.len(),
    })
}

/// The signed-off report once it is signed off, the draft until then.
#[tauri::command]
pub async fn export_report_pdf(
    path: String,
    session: State<'_, SessionState>,
    exported: State<'_, ExportedFiles>,
) -> CmdResult<Exported> {
    let report = session.with_store(move |s| Ok(export_report(s)?)).await?;
    write(pdf_path(path), report.bytes, &exported)
}

#[tauri::command]
pub async fn export_template_pdf(
    path: String,
    session: State<'_, SessionState>,
    exported: State<'_, ExportedFiles>,
) -> CmdResult<Exported> {
    let doc = session.with_store(move |s| Ok(s.load()?)).await?;
    let bytes = template_pdf(&doc)?;
    write(pdf_path(path), bytes, &exported)
}

/// The report as a Word document to edit: a draft, or for a signed-off
/// report a copy that names the signed PDF as the record.
#[tauri::command]
pub async fn export_report_word(
    path: String,
    session: State<'_, SessionState>,
    exported: State<'_, ExportedFiles>,
) -> CmdResult<Exported> {
    let report = session
        .with_store(move |s| Ok(export_report_docx(s)?))
        .await?;
    write(with_extension(path, "docx"), report.bytes, &exported)
}
