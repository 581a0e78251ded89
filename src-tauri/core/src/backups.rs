//! Rolling backups of an open audit, and putting one back.
//!
//! Invariants:
//! - a backup is made with SQLite's online backup API from the open
//!   connection (`Store::backup_to`), never by copying the file, so it is a
//!   consistent audit even while the chair is typing;
//! - it is written under a temporary name and renamed into place, so a
//!   failed backup (a full disk) never looks like a good one;
//! - each audit has its own folder, `<root>/<audit uid>/`, holding at most
//!   [`KEEP`] backups named by the UTC time they were made, so names sort in
//!   time order, plus a `source` file naming the audit file they were taken
//!   from (how a damaged file, which can no longer say its uid, finds them);
//! - restoring never overwrites the damaged file: it is renamed aside, with
//!   its `-wal` and `-shm`, so a stale log cannot be replayed into the
//!   restored copy and nothing is thrown away;
//! - a protected audit's backups are protected with its passphrase
//!   (`Store::backup_to` exports them encrypted), so they show no more than
//!   the audit file does.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::dates::Timestamp;
use crate::store::{Result, Store, StoreError};

/// How many backups are kept per audit.
pub const KEEP: usize = 5;
const SUFFIX: &str = ".s11";
const SOURCE: &str = "source";

/// A backup's file name for a moment: `20250210T100000Z.s11`.
pub fn backup_name(at: Timestamp) -> String {
    let stamp: String = at
        .rfc3339()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    format!("{stamp}{SUFFIX}")
}

/// The folder for one audit's backups. Audit uids from this app are UUIDs;
/// anything else (an imported file's uid) is reduced to safe characters so
/// it can never name a path outside `root`.
pub fn folder(root: &Path, audit_uid: &str) -> PathBuf {
    let safe: String = audit_uid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    root.join(if safe.is_empty() {
        "_".to_string()
    } else {
        safe
    })
}

/// The backups in `dir`, newest first.
pub fn list(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(SUFFIX) && !n.starts_with('.'))
        })
        .collect();
    // Names are UTC stamps of equal length: string order is time order.
    found.sort();
    found.reverse();
    found
}

/// Deletes all but the newest `keep` backups in `dir`; returns those deleted.
pub fn prune(dir: &Path, keep: usize) -> Vec<PathBuf> {
    let old: Vec<PathBuf> = list(dir).into_iter().skip(keep).collect();
    old.into_iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .collect()
}

/// Backs up the open audit into `root`, then keeps the newest [`KEEP`].
pub fn make(store: &Store, root: &Path, at: Timestamp) -> Result<PathBuf> {
    let uid = store.audit_uid()?;
    let dir = folder(root, &uid);
    std::fs::create_dir_all(&dir)
        .map_err(|e| StoreError::CannotWrite(dir.clone(), e.to_string()))?;
    if let Some(source) = store.path() {
        let line = source_lines(source).into_iter().next().unwrap_or_default();
        crate::files::write_atomically(&dir.join(SOURCE), line.as_bytes())
            .map_err(|e| StoreError::CannotWrite(dir.clone(), e.to_string()))?;
    }
    let name = backup_name(at);
    let partial = dir.join(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&partial);
    let made = store.backup_to(&partial).and_then(|()| {
        crate::files::replace_file(&partial, &dir.join(&name))
            .map_err(|e| StoreError::CannotWrite(dir.clone(), e.to_string()))
    });
    if let Err(e) = made {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    prune(&dir, KEEP);
    Ok(dir.join(name))
}

/// Deletes every backup of the audit `audit_uid`. Used when an audit is
/// protected with a passphrase: its earlier backups are unprotected copies,
/// and keeping them would leave the audit readable beside the encrypted file.
pub fn discard(root: &Path, audit_uid: &str) -> std::io::Result<()> {
    match std::fs::remove_dir_all(folder(root, audit_uid)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// What the `source` file holds for the audit at `absolute`: a SHA-256 of
/// its path, never the path itself, whose folder and name (often a
/// family's or an organisation's) would be readable beside a protected
/// audit's encrypted backups. Enough to find a damaged file's backups by
/// its path. (Folders written before issue 19 hold the plain path, which
/// is still recognised, and replaced at the next backup.)
fn source_line(absolute: &Path) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(path_key(absolute).as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The forms of `path`'s `source` line that name the same file, the one to
/// write first: its canonical path while the file exists (links resolved,
/// and on Windows the case and short `SIANS~1` names as on disk), then its
/// absolute path, which is what was written before and what a file that is
/// gone can still be found by.
fn source_lines(path: &Path) -> Vec<String> {
    let canonical = std::fs::canonicalize(path).ok().map(|p| strip_verbatim(&p));
    let absolute = std::path::absolute(path).ok();
    canonical
        .into_iter()
        .chain(absolute)
        .map(|p| source_line(&p))
        .collect()
}

/// A path as compared between runs. Windows file names ignore case, so
/// `C:\Users\Siân\Audit.s11` and `c:\users\SIÂN\audit.s11` are one file
/// and must find the same backups; Linux names do not.
fn path_key(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.to_lowercase()
    } else {
        text.into_owned()
    }
}

/// `\\?\C:\x` (what `canonicalize` gives on Windows) as `C:\x`, and
/// `\\?\UNC\server\share` as `\\server\share`, as the same path is
/// written everywhere else.
fn strip_verbatim(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    if let Some(unc) = text.strip_prefix(r"\\?\UNC\") {
        PathBuf::from(format!(r"\\{unc}"))
    } else if let Some(local) = text.strip_prefix(r"\\?\") {
        PathBuf::from(local)
    } else {
        path.to_path_buf()
    }
}

/// The newest backup of the audit file at `path`, if the app ever made one.
pub fn latest_for(root: &Path, path: &Path) -> Option<PathBuf> {
    let wanted = std::path::absolute(path).ok()?;
    let lines = source_lines(path);
    let entries = std::fs::read_dir(root).ok()?;
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|dir| {
            std::fs::read_to_string(dir.join(SOURCE))
                .is_ok_and(|s| lines.contains(&s) || Path::new(&s) == wanted)
        })
        .filter_map(|dir| list(&dir).into_iter().next())
        // Across folders (the file was replaced by another audit), the newest wins.
        .max_by(|a, b| a.file_name().cmp(&b.file_name()))
}

/// When a backup was made, from its name, as `2025-02-10T10:00:00Z`.
pub fn made_at(backup: &Path) -> Option<String> {
    let stem = backup.file_name()?.to_str()?.strip_suffix(SUFFIX)?;
    let b = stem.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let text = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &stem[0..4],
        &stem[4..6],
        &stem[6..8],
        &stem[9..11],
        &stem[11..13],
        &stem[13..15]
    );
    Timestamp::parse_rfc3339(&text).map(|t| t.rfc3339())
}

/// Puts `backup` back at `path`: the file there (damaged) and its `-wal` and
/// `-shm` are renamed aside with `.damaged-<stamp>`, then the backup is
/// written in its place through SQLite's backup API. Returns where the
/// damaged file went, if there was one.
pub fn restore(backup: &Path, path: &Path, at: Timestamp) -> Result<Option<PathBuf>> {
    restore_with(backup, path, at, None)
}

/// [`restore`] for a protected audit: its backups are protected with the same
/// passphrase, which is checked before anything is moved.
pub fn restore_with(
    backup: &Path,
    path: &Path,
    at: Timestamp,
    passphrase: Option<&str>,
) -> Result<Option<PathBuf>> {
    let from = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| StoreError::NotFound(backup.to_path_buf()))?;
    // Before anything is moved aside: a backup that cannot be read with the
    // passphrase given (or without one, for a protected backup) is refused.
    let readable = match passphrase {
        Some(p) => crate::store::key_and_check(&from, p),
        None => from
            .query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0))
            .map(|_| ()),
    };
    if readable.is_err() {
        return Err(StoreError::Passphrase(path.to_path_buf()));
    }
    let stamp = backup_name(at);
    let stamp = stamp.trim_end_matches(SUFFIX);
    let mut aside = None;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            let mut to = path.as_os_str().to_owned();
            to.push(format!(".damaged-{stamp}{suffix}"));
            let to = PathBuf::from(to);
            std::fs::rename(&p, &to)
                .map_err(|e| StoreError::CannotWrite(p.clone(), e.to_string()))?;
            if suffix.is_empty() {
                aside = Some(to);
            }
        }
    }
    if passphrase.is_some() {
        // A protected backup is a complete file (no log) with nothing to
        // replay: copied as it is, it stays encrypted under the same key.
        drop(from);
        let mut partial = path.as_os_str().to_owned();
        partial.push(".restoring");
        let partial = PathBuf::from(partial);
        std::fs::copy(backup, &partial)
            .and_then(|_| crate::files::replace_file(&partial, path))
            .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
    } else {
        from.backup(
            rusqlite::MAIN_DB,
            path,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
    }
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_in_time_order_and_read_back() {
        let a = backup_name(Timestamp(1_739_181_600)); // 2025-02-10T10:00:00Z
        assert_eq!(a, "20250210T100000Z.s11");
        assert!(
            backup_name(Timestamp(1_739_181_601)) > a,
            "a later backup sorts after"
        );
        assert_eq!(
            made_at(Path::new(&a)).as_deref(),
            Some("2025-02-10T10:00:00Z")
        );
        assert_eq!(
            made_at(Path::new("notes.s11")),
            None,
            "other files are not backups"
        );
    }

    #[test]
    fn a_uid_cannot_escape_the_backup_folder() {
        let root = Path::new("/data/backups");
        assert_eq!(folder(root, "../../etc"), root.join("______etc"));
        assert_eq!(folder(root, ""), root.join("_"));
    }

    #[test]
    fn a_zeroed_audit_is_put_back_from_its_latest_backup(
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("audit.s11");
        let root = dir.path().join("backups");
        let doc = crate::AuditDoc::new(
            "uid-1".into(),
            "Testshire Children's Partnership".into(),
            "2024-25".into(),
        );
        let mut store = Store::create(&path, &doc)?;
        make(&store, &root, Timestamp(1_700_000_000))?;
        store.update(|d| {
            d.add_panel_member("m1".into(), "Ann Chair", "Business Manager", "Testshire")
        })?;
        let newest = make(&store, &root, Timestamp(1_700_000_180))?;
        assert_eq!(
            make(&store, &root, Timestamp(1_700_000_180))?,
            newest,
            "a second backup in the same second replaces the first"
        );
        drop(store);

        let len = std::fs::metadata(&path)?.len();
        std::fs::write(&path, vec![0u8; usize::try_from(len)?])?;
        assert!(Store::open(&path).is_err(), "a zeroed file is refused");

        assert_eq!(
            latest_for(&root, &path),
            Some(newest.clone()),
            "the newest backup of this file is found by its path"
        );
        assert_eq!(
            latest_for(&root, &dir.path().join("other.s11")),
            None,
            "another file has no backup"
        );
        let aside =
            restore(&newest, &path, Timestamp(1_700_000_300))?.ok_or("the damaged file is kept")?;
        assert!(aside.is_file(), "the damaged file is kept beside, renamed");
        let restored = Store::open(&path)?.load()?;
        assert_eq!(
            restored.panel.len(),
            1,
            "the restored audit has the work up to its backup"
        );
        assert_eq!(restored.audit.id, "uid-1");
        assert!(
            folder(&root, "uid-1").join(SOURCE).is_file(),
            "the folder is named by the audit's id"
        );
        Ok(())
    }

    #[test]
    fn pruning_keeps_the_newest() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        for t in 0..8 {
            std::fs::write(
                dir.path()
                    .join(backup_name(Timestamp(1_700_000_000 + t * 180))),
                b"x",
            )?;
        }
        std::fs::write(dir.path().join(SOURCE), b"/a.s11")?;
        std::fs::write(dir.path().join(".20990101T000000Z.s11.partial"), b"x")?;
        let deleted = prune(dir.path(), KEEP);
        assert_eq!(deleted.len(), 3, "eight backups, five kept");
        let kept = list(dir.path());
        assert_eq!(kept.len(), KEEP);
        assert_eq!(
            kept[0].file_name().and_then(|n| n.to_str()),
            Some(backup_name(Timestamp(1_700_000_000 + 7 * 180)).as_str()),
            "the newest is first"
        );
        assert!(
            dir.path().join(SOURCE).exists(),
            "pruning deletes only backups"
        );
        Ok(())
    }
}
