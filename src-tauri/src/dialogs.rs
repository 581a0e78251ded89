//! The native file dialogs, in Rust: the page never gets file-system access,
//! it only receives the path the person chose (or nothing, if they
//! cancelled). One command for every "save as", one for every "open", each
//! told what kind of file it is for.

use s11core::files::AUDIT_EXTENSION;
use s11core::region::EXTENSION as REGION_EXTENSION;
use s11core::session::NOTES_EXTENSION;
use serde::Deserialize;

/// What a save dialog is for: its title, its filter and its extension.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaveKind {
    Audit,
    MinutePack,
    Notes,
    Pdf,
    Word,
    Csv,
    /// A regional collation (issue 17).
    Region,
}

impl SaveKind {
    /// (default title, filter name, extension)
    fn spec(self) -> (&'static str, &'static str, &'static str) {
        match self {
            SaveKind::Audit => ("Create the audit file", "Section 11 audit", AUDIT_EXTENSION),
            SaveKind::MinutePack => (
                "Export a minute pack",
                "Section 11 minute pack",
                AUDIT_EXTENSION,
            ),
            SaveKind::Notes => (
                "Export my notes",
                "Section 11 notes (encrypted)",
                NOTES_EXTENSION,
            ),
            SaveKind::Pdf => ("Export a PDF", "PDF document", "pdf"),
            SaveKind::Word => ("Export a Word document", "Word document", "docx"),
            SaveKind::Csv => ("Export as CSV", "CSV for a spreadsheet", "csv"),
            SaveKind::Region => (
                "Create the regional collation",
                "Regional collation",
                REGION_EXTENSION,
            ),
        }
    }
}

/// What an open dialog is for.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenKind {
    /// One audit.
    Audit,
    /// One or more minute-takers' notes files.
    Notes,
    /// One regional collation.
    Region,
    /// Partnerships' reports to collate, several at once.
    RegionInputs,
}

/// The native "save" dialog, suggesting `suggested` plus the kind's
/// extension; `None` when the person cancels.
#[tauri::command]
pub async fn choose_save_path(
    kind: SaveKind,
    suggested: String,
    title: Option<String>,
) -> Option<String> {
    let (default_title, filter, ext) = kind.spec();
    rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or(default_title))
        .add_filter(filter, &[ext])
        // Words as typed ("Avon & Somerset: 2021/22") made a name every
        // system accepts, Windows' reserved names and characters included.
        .set_file_name(s11core::files::suggested_file_name(&suggested, ext))
        .save_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

/// The native "open" dialog; empty when the person cancels.
#[tauri::command]
pub async fn choose_open_paths(kind: OpenKind) -> Vec<String> {
    let dialog = rfd::AsyncFileDialog::new();
    let chosen = match kind {
        OpenKind::Audit => dialog
            .set_title("Open an audit")
            .add_filter("Section 11 audit", &[AUDIT_EXTENSION])
            .pick_file()
            .await
            .into_iter()
            .collect(),
        OpenKind::Notes => dialog
            .set_title("Import minute-takers' notes")
            .add_filter("Section 11 notes", &[NOTES_EXTENSION, "json"])
            .pick_files()
            .await
            .unwrap_or_default(),
        OpenKind::Region => dialog
            .set_title("Open a regional collation")
            .add_filter("Regional collation", &[REGION_EXTENSION])
            .pick_file()
            .await
            .into_iter()
            .collect(),
        OpenKind::RegionInputs => dialog
            .set_title("Add partnerships’ reports")
            .add_filter(
                "Signed report, audit or JSON",
                &["pdf", AUDIT_EXTENSION, "json"],
            )
            .pick_files()
            .await
            .unwrap_or_default(),
    };
    chosen
        .iter()
        .map(|f| f.path().to_string_lossy().into_owned())
        .collect()
}
