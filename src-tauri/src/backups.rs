//! Rolling backups of the open audit (issue 8): every few minutes while it is
//! open, when it is closed or replaced, and when the app quits; and putting
//! the latest one back when the audit file is damaged. When and what to back
//! up is `s11core::session`'s; naming, pruning and restoring `s11core::backups`'.

use std::path::{Path, PathBuf};
use std::time::Duration;

use s11core::overview::Overview;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::state::{now, CmdResult, SessionState};

/// How often the open audit is backed up while it changes.
const EVERY: Duration = Duration::from_secs(3 * 60);

/// Backs up whatever audit is open now, if it changed since its last backup.
pub fn backup_open(app: &AppHandle) {
    let Some(session) = app.try_state::<SessionState>() else {
        return;
    };
    let session = session.inner().clone();
    if let Ok(mut s) = session.lock() {
        s.back_up(now());
    };
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
pub async fn latest_backup(
    path: String,
    session: State<'_, SessionState>,
) -> CmdResult<Option<BackupInfo>> {
    session
        .run(move |s| {
            Ok(s.latest_backup(Path::new(&path))
                .map(|made_at| BackupInfo { made_at }))
        })
        .await
}

/// Puts the newest backup back in place of the damaged file at `path` (which
/// is kept beside it, renamed) and opens it.
#[tauri::command]
pub async fn open_latest_backup(
    path: String,
    passphrase: Option<String>,
    session: State<'_, SessionState>,
) -> CmdResult<Overview> {
    session
        .run(move |s| {
            Ok(s.restore_latest_backup(&PathBuf::from(path), passphrase.as_deref(), now())?)
        })
        .await
}
