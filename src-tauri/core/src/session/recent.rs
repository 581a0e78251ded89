//! The start screen's list of recently opened audits, kept in the app's
//! config folder: each file's path and, for an audit without a passphrase,
//! its partnership and year ("Testshire Children's Partnership 2024-25"),
//! which is what the chair recognises (issue 15). Nothing from inside a
//! protected audit is kept: it is listed by its file name.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const MAX_RECENT: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct RecentFile {
    pub path: String,
    /// The partnership and year, or the file's name when they are not kept.
    pub name: String,
    pub exists: bool,
}

/// One line of the list file. Older lists hold bare paths.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
enum Entry {
    Path(String),
    Titled { path: String, title: String },
}

impl Entry {
    fn path(&self) -> &str {
        match self {
            Entry::Path(p) | Entry::Titled { path: p, .. } => p,
        }
    }
}

fn read(list: &Path) -> Vec<Entry> {
    std::fs::read_to_string(list)
        .ok()
        .and_then(|s| serde_json::from_str::<Vec<Entry>>(&s).ok())
        .unwrap_or_default()
}

pub fn list(list_file: &Path) -> Vec<RecentFile> {
    read(list_file)
        .into_iter()
        .map(|entry| {
            let p = entry.path().to_string();
            let path = PathBuf::from(&p);
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.clone());
            RecentFile {
                name: match entry {
                    Entry::Titled { title, .. } if !title.trim().is_empty() => title,
                    _ => file_name,
                },
                exists: path.is_file(),
                path: p,
            }
        })
        .collect()
}

/// Puts `opened` at the top, with `title` (partnership and year; `None` for
/// a protected audit). A failure to remember is not worth an error message:
/// the audit itself is open and safe.
pub fn remember(list_file: &Path, opened: &Path, title: Option<String>) {
    let opened = opened.to_string_lossy().into_owned();
    let mut paths = read(list_file);
    paths.retain(|p| p.path() != opened);
    paths.insert(
        0,
        match title {
            Some(title) => Entry::Titled {
                path: opened,
                title,
            },
            None => Entry::Path(opened),
        },
    );
    paths.truncate(MAX_RECENT);
    if let Some(dir) = list_file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(json) = serde_json::to_string_pretty(&paths) {
        let _ = crate::files::write_atomically(list_file, json.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audits_are_listed_by_partnership_and_year_and_old_lists_still_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let list_file = dir.path().join("recent.json");
        std::fs::write(&list_file, r#"["/audits/old.s11"]"#).expect("an old list");
        remember(
            &list_file,
            Path::new("/audits/2024-25.s11"),
            Some("Testshire 2024-25".into()),
        );
        remember(&list_file, Path::new("/audits/secret.s11"), None);
        let names: Vec<String> = list(&list_file).into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["secret.s11", "Testshire 2024-25", "old.s11"]);
    }
}
