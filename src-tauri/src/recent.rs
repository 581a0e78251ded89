//! The start screen's list of recently opened audits, kept in the app's
//! config folder. Only paths are kept, never anything from inside an audit.

use std::path::{Path, PathBuf};

use serde::Serialize;

const MAX_RECENT: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct RecentFile {
    pub path: String,
    pub name: String,
    pub exists: bool,
}

fn read(list: &Path) -> Vec<String> {
    std::fs::read_to_string(list)
        .ok()
        .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
        .unwrap_or_default()
}

pub fn list(list_file: &Path) -> Vec<RecentFile> {
    read(list_file)
        .into_iter()
        .map(|p| {
            let path = PathBuf::from(&p);
            RecentFile {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.clone()),
                exists: path.is_file(),
                path: p,
            }
        })
        .collect()
}

/// Puts `opened` at the top. A failure to remember is not worth an error
/// message: the audit itself is open and safe.
pub fn remember(list_file: &Path, opened: &Path) {
    let opened = opened.to_string_lossy().into_owned();
    let mut paths = read(list_file);
    paths.retain(|p| p != &opened);
    paths.insert(0, opened);
    paths.truncate(MAX_RECENT);
    if let Some(dir) = list_file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(json) = serde_json::to_string_pretty(&paths) {
        let _ = s11core::files::write_atomically(list_file, json.as_bytes());
    }
}
