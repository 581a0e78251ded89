//! Protecting an audit with a passphrase (issue 8). The encryption itself is
//! in `s11core::store`; here the passphrase arrives from the page and goes
//! only to the core. It is never written to disk, to a log or to the recent
//! list.

use s11core::backups;

use crate::error::AppError;
use crate::{lock, now, CmdResult, Folders, OpenAudit};
use tauri::State;

/// An empty passphrase field means "none given": SQLCipher would otherwise
/// take an empty key as no key and open a plain file.
pub fn given(passphrase: Option<&str>) -> Option<&str> {
    passphrase.filter(|p| !p.is_empty())
}

/// Whether the open audit is protected with a passphrase.
#[tauri::command]
pub fn audit_protected(open: State<'_, OpenAudit>) -> CmdResult<bool> {
    Ok(lock(&open)?
        .as_ref()
        .ok_or(AppError::NoAuditOpen)?
        .is_protected())
}

/// Protects the open audit with `passphrase`. Its earlier backups, which are
/// not protected, are deleted and a protected one is made in their place.
#[tauri::command]
pub fn protect_audit(
    passphrase: String,
    open: State<'_, OpenAudit>,
    folders: State<'_, Folders>,
) -> CmdResult<()> {
    let mut current = lock(&open)?;
    let store = current.take().ok_or(AppError::NoAuditOpen)?;
    let path = store.path().map(std::path::Path::to_path_buf);
    let uid = store.audit_uid()?;
    match store.protect(&passphrase) {
        Ok(protected) => {
            if let Err(e) = backups::discard(&folders.backups(), &uid) {
                eprintln!("Section 11 Panel could not delete the unprotected backups: {e}");
            }
            if let Err(e) = backups::make(&protected, &folders.backups(), now()) {
                eprintln!("Section 11 Panel could not make a backup: {e}");
            }
            *current = Some(protected);
            Ok(())
        }
        Err(e) => {
            // Refused before the rename (a short passphrase, a full disk):
            // the original file is untouched, so it is opened again as it was.
            *current = path.and_then(|p| s11core::Store::open(&p).ok());
            Err(e.into())
        }
    }
}
