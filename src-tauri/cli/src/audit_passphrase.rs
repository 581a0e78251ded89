//! Opening audits from the command line, protected ones included (issue 19).
//!
//! A protected audit's passphrase comes from, in this order:
//! `--passphrase-file FILE` (its first line), the `S11_PASSPHRASE`
//! environment variable, or a prompt on the terminal that does not echo
//! (the one reader in `passphrase.rs`, shared with signing keys). Never from an
//! argument: the command line is visible to every user of the machine (`ps`)
//! and kept in shell history. An unprotected audit opens without asking.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use s11core::{Store, StoreError};

use crate::passphrase::{secret, Ask};

/// `--passphrase-file`, set once from the command line before any command runs.
static PASSPHRASE_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

pub fn set_passphrase_file(path: Option<PathBuf>) {
    let _ = PASSPHRASE_FILE.set(path);
}

fn passphrase_file() -> Option<&'static Path> {
    PASSPHRASE_FILE.get().and_then(|p| p.as_deref())
}

/// The audit's passphrase, from wherever the user gave it.
pub(crate) fn audit_passphrase() -> Result<String, String> {
    secret(
        "S11_PASSPHRASE",
        "--passphrase-file",
        passphrase_file(),
        "Passphrase of the protected audit: ",
        Ask::Open,
    )
}

/// Opens an audit for writing; a protected one with its passphrase.
pub fn open(path: &Path) -> Result<Store, String> {
    match Store::open(path) {
        Err(StoreError::Passphrase(_)) => {
            Store::open_with(path, Some(&audit_passphrase()?)).map_err(|e| e.to_string())
        }
        other => other.map_err(|e| e.to_string()),
    }
}

/// Opens an audit only to read it: a read-only file is read without leaving
/// `-wal`/`-shm` files behind.
pub fn open_to_read(path: &Path) -> Result<Store, String> {
    match Store::open_to_read(path, None) {
        Err(StoreError::Passphrase(_)) => {
            Store::open_to_read(path, Some(&audit_passphrase()?)).map_err(|e| e.to_string())
        }
        other => other.map_err(|e| e.to_string()),
    }
}

/// A new passphrase for `s11 protect`: typed twice at a terminal.
pub fn new_passphrase() -> Result<String, String> {
    secret(
        "S11_PASSPHRASE",
        "--passphrase-file",
        passphrase_file(),
        "New passphrase for the audit: ",
        Ask::New,
    )
}
