//! Opening audits from the command line, protected ones included (issue 19).
//!
//! A protected audit's passphrase comes from, in this order: the
//! `S11_PASSPHRASE` environment variable, `--passphrase-file FILE` (its first
//! line), or a prompt on the terminal that does not echo. Never from an
//! argument: the command line is visible to every user of the machine (`ps`)
//! and kept in shell history. An unprotected audit opens without asking.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use s11core::{Store, StoreError};

/// `--passphrase-file`, set once from the command line before any command runs.
static PASSPHRASE_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

pub fn set_passphrase_file(path: Option<PathBuf>) {
    let _ = PASSPHRASE_FILE.set(path);
}

fn passphrase_file() -> Option<&'static Path> {
    PASSPHRASE_FILE.get().and_then(|p| p.as_deref())
}

/// The largest passphrase file read: a passphrase is one line.
const MAX_PASSPHRASE_FILE_BYTES: u64 = 64 * 1024;

/// A secret from `env`, else the first line of `file`, else the terminal.
pub fn secret(env: &str, file: Option<&Path>, prompt: &str) -> Result<String, String> {
    if let Ok(value) = std::env::var(env) {
        if !value.is_empty() {
            return Ok(value);
        }
    }
    if let Some(path) = file {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("could not read the passphrase file {}: {e}", path.display()))?;
        if !meta.is_file() {
            return Err(format!(
                "{} is not an ordinary file, so it cannot be a passphrase file",
                path.display()
            ));
        }
        let mut text = String::new();
        std::fs::File::open(path)
            .map(|f| f.take(MAX_PASSPHRASE_FILE_BYTES))
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(|e| format!("could not read the passphrase file {}: {e}", path.display()))?;
        let line = text.lines().next().unwrap_or_default().to_string();
        if line.is_empty() {
            return Err(format!(
                "the passphrase file {} is empty: its first line must be the passphrase",
                path.display()
            ));
        }
        return Ok(line);
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| format!("could not read the passphrase from the terminal: {e}"));
    }
    Err(format!(
        "a passphrase is needed: set {env}, give --passphrase-file FILE, or run s11 at a terminal to be asked"
    ))
}

/// The audit's passphrase, from wherever the user gave it.
fn audit_passphrase() -> Result<String, String> {
    secret(
        "S11_PASSPHRASE",
        passphrase_file(),
        "Passphrase of the protected audit: ",
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
    new_secret(
        "S11_PASSPHRASE",
        passphrase_file(),
        "New passphrase for the audit: ",
    )
}

/// A new secret from `env` or `file`, or typed twice at the terminal.
pub fn new_secret(env: &str, file: Option<&Path>, prompt: &str) -> Result<String, String> {
    let from_env = std::env::var(env).ok().filter(|v| !v.is_empty());
    if from_env.is_some() || file.is_some() {
        return secret(env, file, prompt);
    }
    let first = secret(env, None, prompt)?;
    let again = secret(env, None, "Type it again: ")?;
    if first != again {
        return Err("the two passphrases typed are not the same; nothing was changed".into());
    }
    Ok(first)
}
