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
//! screen awaits its call), and they run on one blocking thread (see
//! [`use_few_threads`]), in the order asked.

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

/// Threads that run the commands' core calls, at most (see
/// [`use_few_threads`]): one, so they run one after another in the order
/// asked, as they did anyway behind the session's lock.
pub const BLOCKING_THREADS: usize = 1;

/// Gives Tauri an async runtime with one worker thread and at most
/// [`BLOCKING_THREADS`] blocking threads, instead of its default (a worker
/// per core and up to 512 blocking threads). Call it before the app is
/// built.
///
/// Why (issue 22): glibc gives each thread that allocates its own malloc
/// arena and keeps what the arena once held. The overview asks for every
/// review's sign-off state at once; each call waits for the session's lock
/// on its own blocking thread and loads the audit there, so the large audit
/// left nine arenas of about 1.8 MB each: the app's process grew from 89 MB
/// PSS at the start screen to 115 MB with a review's minutes; with one
/// worker and one blocking thread, 101.5 MB. The calls waited for one lock
/// anyway, so one thread does not make them slower (nothing run there waits
/// for another call: native dialogs run on the main thread); the worker
/// only passes work to the blocking thread and events to the page.
pub(crate) fn use_few_threads() {
    let built = tokio::runtime::Builder::new_multi_thread()
        .thread_name("s11-runtime")
        .worker_threads(1)
        .max_blocking_threads(BLOCKING_THREADS)
        .enable_all()
        .build();
    // If it cannot be built, Tauri builds its own default runtime later.
    if let Ok(runtime) = built {
        // Lives as long as the app: Tauri keeps only a handle to it.
        let runtime: &'static tokio::runtime::Runtime = Box::leak(Box::new(runtime));
        tauri::async_runtime::set(runtime.handle().clone());
    }
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
