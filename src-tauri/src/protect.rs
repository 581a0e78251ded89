//! Protecting an audit with a passphrase (issue 8). The encryption is in
//! `s11core::store`, the backups' handling in `s11core::session`; here the
//! passphrase arrives from the page and goes only to the core. It is never
//! written to disk, to a log or to the recent list.

use tauri::State;

use crate::state::{now, CmdResult, SessionState};

/// Whether the open audit is protected with a passphrase.
#[tauri::command]
pub async fn audit_protected(session: State<'_, SessionState>) -> CmdResult<bool> {
    session.with_store(|s| Ok(s.is_protected())).await
}

/// Protects the open audit with `passphrase`. Its earlier backups, which are
/// not protected, are deleted and a protected one is made in their place.
/// The key derivation takes a noticeable moment: it runs off the window's thread.
#[tauri::command]
pub async fn protect_audit(passphrase: String, session: State<'_, SessionState>) -> CmdResult<()> {
    session
        .run(move |s| Ok(s.protect(&passphrase, now())?))
        .await
}

/// The core's rules for a new passphrase, asked by the forms before any
/// dialog opens; rejects with the core's message.
#[tauri::command]
pub fn check_new_passphrase(passphrase: String) -> CmdResult<()> {
    Ok(s11core::store::check_new_passphrase(&passphrase)?)
}
