//! The shell's state and the one way its commands reach the core.
//!
//! The window's [`Session`] (the open audit, its backups, the recent list)
//! lives behind one lock. Commands are async: Tauri runs a synchronous
//! command on the main thread, so an export, a notes import, a passphrase
//! derivation or a backup would freeze the window while it ran. Each
//! command instead hands its core call to a blocking thread with
//! [`SessionState::run`] and awaits it.
//!
//! Order: two calls are never in flight for the same field (the page's
//! autosave waits for one save before sending the next, and every other
//! screen awaits its call), so running them on a pool keeps their order.

use std::sync::{Arc, Mutex, MutexGuard};

use s11core::dates::Timestamp;
use s11core::session::Session;
use s11core::Store;

use crate::error::AppError;

pub(crate) type CmdResult<T> = Result<T, AppError>;

/// The time now, for the core (which never reads the clock itself).
pub(crate) fn now() -> Timestamp {
    Timestamp::now()
}

/// Runs `f` on a blocking thread and awaits it: the one way a command
/// keeps SQLite, files and key derivation off the window's thread.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("a background task failed: {e}")))?
}

/// The window's session, shared with the blocking threads that use it.
#[derive(Clone)]
pub(crate) struct SessionState(Arc<Mutex<Session>>);

impl SessionState {
    pub fn new(session: Session) -> SessionState {
        SessionState(Arc::new(Mutex::new(session)))
    }

    /// The session, for work already off the main thread (the app's exit,
    /// the periodic backup).
    pub fn lock(&self) -> CmdResult<MutexGuard<'_, Session>> {
        self.0
            .lock()
            .map_err(|_| AppError::Internal("the open audit's lock was poisoned".into()))
    }

    /// Runs `f` on the session on a blocking thread.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Session) -> CmdResult<T> + Send + 'static,
    ) -> CmdResult<T> {
        let shared = self.clone();
        blocking(move || {
            let mut session = shared.lock()?;
            f(&mut session)
        })
        .await
    }

    /// Runs `f` on the open audit on a blocking thread.
    pub async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> CmdResult<T> + Send + 'static,
    ) -> CmdResult<T> {
        self.run(move |s| f(s.store_mut()?)).await
    }
}
