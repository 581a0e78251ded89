//! Exporting the report (PDF or Word) and the blank question template. The core
//! draws them; here the chair chooses where they go, and the file is written
//! to a temporary name and renamed into place, so a failed export never
//! leaves half a PDF under the chosen name.

use std::path::PathBuf;

use s11core::files::write_export;
use s11core::report::{export_report, export_report_docx, template_pdf, ExportError};
use serde::Serialize;
use tauri::State;

use crate::error::AppError;
use crate::exported::ExportedFiles;
use crate::workshop::with_store;
use crate::{CmdResult, OpenAudit};

#[derive(Serialize)]
pub struct Exported {
    pub path: String,
    pub bytes: usize,
}

/// Native "save" dialog for a PDF; `None` when the chair cancels.
#[tauri::command]
pub async fn choose_pdf_path(title: String, suggested: String) -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter("PDF document", &["pdf"])
        .set_file_name(s11core::files::suggested_file_name(&suggested, "pdf"))
        .save_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

/// Native "save" dialog for a Word document; `None` when the chair cancels.
#[tauri::command]
pub async fn choose_docx_path(title: String, suggested: String) -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter("Word document", &["docx"])
        .set_file_name(s11core::files::suggested_file_name(&suggested, "docx"))
        .save_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

fn pdf_path(path: String) -> PathBuf {
    with_extension(path, "pdf")
}

fn with_extension(path: String, ext: &str) -> PathBuf {
    let mut path = PathBuf::from(path);
    if path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.eq_ignore_ascii_case(ext))
        != Some(true)
    {
        path.set_extension(ext);
    }
    path
}

fn write(path: PathBuf, bytes: Vec<u8>, exported: &ExportedFiles) -> CmdResult<Exported> {
    // Refuses an audit or pack under the chosen name, whatever it is called.
    write_export(&path, &bytes, &[]).map_err(|e| AppError::Input(e.to_string()))?;
    exported.remember(&path);
    Ok(Exported {
        path: path.to_string_lossy().into_owned(),
        bytes: bytes.len(),
    })
}

/// The signed-off report once it is signed off, the draft until then.
#[tauri::command]
pub fn export_report_pdf(
    path: String,
    open: State<'_, OpenAudit>,
    exported: State<'_, ExportedFiles>,
) -> CmdResult<Exported> {
    let report = with_store(&open, |s| {
        export_report(s).map_err(|e| match e {
            ExportError::Store(e) => AppError::Store(e),
            ExportError::Report(e) => AppError::Internal(e.to_string()),
        })
    })?;
    write(pdf_path(path), report.bytes, &exported)
}

#[tauri::command]
pub fn export_template_pdf(
    path: String,
    open: State<'_, OpenAudit>,
    exported: State<'_, ExportedFiles>,
) -> CmdResult<Exported> {
    let doc = with_store(&open, |s| Ok(s.load()?))?;
    let bytes = template_pdf(&doc).map_err(|e| AppError::Internal(e.to_string()))?;
    write(pdf_path(path), bytes, &exported)
}

/// The report as a Word document to edit: a draft, or for a signed-off
/// report a copy that names the signed PDF as the record.
#[tauri::command]
pub fn export_report_word(
    path: String,
    open: State<'_, OpenAudit>,
    exported: State<'_, ExportedFiles>,
) -> CmdResult<Exported> {
    let report = with_store(&open, |s| {
        export_report_docx(s).map_err(|e| match e {
            ExportError::Store(e) => AppError::Store(e),
            ExportError::Report(e) => AppError::Internal(e.to_string()),
        })
    })?;
    write(with_extension(path, "docx"), report.bytes, &exported)
}
