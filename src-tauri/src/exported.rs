//! Opening what the app has just exported (issue 15): the file itself, or the
//! folder it is in, with the system's own opener. Only files this run of the
//! app wrote can be opened, so the page cannot ask the system to open
//! anything else (the page has no file-system or shell access of its own).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use tauri::State;

use crate::error::AppError;
use crate::CmdResult;

/// The files exported since the app started.
#[derive(Default)]
pub struct ExportedFiles(Mutex<HashSet<PathBuf>>);

impl ExportedFiles {
    pub fn remember(&self, path: &Path) {
        if let Ok(mut files) = self.0.lock() {
            files.insert(path.to_path_buf());
        }
    }

    fn knows(&self, path: &Path) -> bool {
        self.0.lock().map(|f| f.contains(path)).unwrap_or(false)
    }
}

/// The command that shows `path` (`folder`: the folder holding it, with the
/// file selected where the system can).
fn opener(path: &Path, folder: bool) -> Command {
    let mut cmd;
    if cfg!(target_os = "windows") {
        cmd = Command::new("explorer.exe");
        if folder {
            // Explorer understands `/select,"C:\a b\c.pdf"` but not the
            // whole switch in quotes, which is how `arg` passes anything
            // with a space ("2025-26 report.pdf"): it then opens Documents
            // instead. So the path alone is quoted, and passed as written.
            #[cfg(windows)]
            {
                use std::os::windows::process::CommandExt;
                cmd.raw_arg(format!("/select,\"{}\"", path.display()));
            }
        } else {
            cmd.arg(path);
        }
    } else if cfg!(target_os = "macos") {
        cmd = Command::new("open");
        if folder {
            cmd.arg("-R");
        }
        cmd.arg(path);
    } else {
        cmd = Command::new("xdg-open");
        cmd.arg(if folder {
            path.parent().unwrap_or(path)
        } else {
            path
        });
    }
    cmd
}

/// Opens an exported file, or its folder, as the system would on a double-click.
#[tauri::command]
pub fn open_exported(
    path: String,
    folder: bool,
    exported: State<'_, ExportedFiles>,
) -> CmdResult<()> {
    let path = PathBuf::from(path);
    if !exported.knows(&path) {
        return Err(AppError::Input(
            "Only a file exported since the app started can be opened from here.".into(),
        ));
    }
    opener(&path, folder)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| {
            AppError::Input(format!(
                "The system could not open {} ({e}). Open it from your file manager.",
                path.display()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_exported_here_are_known() {
        let files = ExportedFiles::default();
        files.remember(Path::new("/tmp/report.pdf"));
        assert!(files.knows(Path::new("/tmp/report.pdf")));
        assert!(
            !files.knows(Path::new("/etc/passwd")),
            "nothing else can be opened"
        );
    }
}
