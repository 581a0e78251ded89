//! Rolling backups of the open audit (issue 8): every few minutes while it is
//! open, when it is closed or replaced, and when the app quits; and putting
//! the latest one back when the audit file is damaged. Naming, pruning and
//! restoring live in `s11core::backups`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use s11core::backups;
use s11core::overview::Overview;
use s11core::Store;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::error::AppError;
use crate::{lock, now, show, CmdResult, Folders, OpenAudit};

/// How often the open audit is backed up while it changes.
const EVERY: Duration = Duration::from_secs(3 * 60);

/// Which file was last backed up, and how many changes its connection had
/// made then: an unchanged audit is not backed up again, so the few kept
/// backups span real work rather than idle minutes. One window, one open
/// audit: one value for the process.
static LAST: Mutex<Option<(PathBuf, u64)>> = Mutex::new(None);

/// Backs up `store` unless it is unchanged since its last backup. Failures
/// are reported on stderr (without content) and never stop the chair's work:
/// the audit file itself is unaffected.
pub fn backup(store: &Store, root: &Path) {
    let Some(path) = store.path() else { return };
    let changes = store.changes_made();
    let Ok(mut seen) = LAST.lock() else { return };
    if seen
        .as_ref()
        .is_some_and(|(p, c)| p == path && *c == changes)
    {
        return;
    }
    match backups::make(store, root, now()) {
        Ok(_) => *seen = Some((path.to_path_buf(), changes)),
        Err(e) => eprintln!("Section 11 Panel could not make a backup: {e}"),
    }
}

/// Backs up whatever audit is open now.
pub fn backup_open(app: &AppHandle) {
    let (Some(open), Some(folders)) = (app.try_state::<OpenAudit>(), app.try_state::<Folders>())
    else {
        return;
    };
    let Ok(guard) = lock(&open) else { return };
    if let Some(store) = guard.as_ref() {
        backup(store, &folders.backups());
    }
    drop(guard);
}

/// Backs up the open audit every [`EVERY`] for the life of the app.
pub fn spawn_periodic(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        every.tick().await; // the first tick is immediate: nothing typed yet
        loop {
            every.tick().await;
            let app = app.clone();
            // SQLite's backup is blocking work: keep it off the async threads.
            let _ = tauri::async_runtime::spawn_blocking(move || backup_open(&app)).await;
        }
    });
}

#[derive(Serialize)]
pub struct BackupInfo {
    /// When it was made, `2025-02-10T10:00:00Z`; the page shows it in local time.
    made_at: String,
}

/// The newest backup the app has of the audit file at `path`, if any.
#[tauri::command]
pub fn latest_backup(path: String, folders: State<'_, Folders>) -> Option<BackupInfo> {
    let latest = backups::latest_for(&folders.backups(), Path::new(&path))?;
    Some(BackupInfo {
        made_at: backups::made_at(&latest).unwrap_or_default(),
    })
}

/// Puts the newest backup back in place of the damaged file at `path` (which
/// is kept beside it, renamed) and opens it.
#[tauri::command]
pub fn open_latest_backup(
    path: String,
    passphrase: Option<String>,
    open: State<'_, OpenAudit>,
    folders: State<'_, Folders>,
) -> CmdResult<Overview> {
    let passphrase = crate::protect::given(passphrase.as_deref());
    let path = PathBuf::from(path);
    let latest = backups::latest_for(&folders.backups(), &path).ok_or_else(|| {
        AppError::Input("There is no backup of this audit in the app’s folder.".into())
    })?;
    if lock(&open)?.as_ref().and_then(|s| s.path()) == Some(path.as_path()) {
        *lock(&open)? = None;
    }
    backups::restore_with(&latest, &path, now(), passphrase)?;
    let store = Store::open_with(&path, passphrase)?;
    show(store, &path, &open, &folders)
}
