//! The chair's signing key (issue 14): which PKCS#12 file this person signs
//! with, remembered in the app's data folder. Only the path, the name and the
//! certificate's fingerprint are kept, never the passphrase: it is asked at
//! each sign-off and dropped when the sign-off is done.

use std::path::{Path, PathBuf};

use s11core::identity::Identity;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::CmdResult;

/// What the sign-off form shows about the remembered key.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SigningKey {
    pub path: String,
    /// The name in the certificate; empty until the key is first used when
    /// it was chosen rather than made here (its certificate is inside the
    /// passphrase-protected file).
    #[serde(default)]
    pub name: String,
    /// SHA-256 of the certificate, lower-case hex; empty likewise.
    #[serde(default)]
    pub fingerprint: String,
    /// False when the file is no longer there.
    #[serde(default, skip_deserializing)]
    pub exists: bool,
}

/// The remembered key, if any. A missing or unreadable memory is no key:
/// the chair is asked to choose or make one, and nothing else is lost.
pub fn remembered(file: &Path) -> Option<SigningKey> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut key: SigningKey = serde_json::from_str(&text).ok()?;
    key.exists = Path::new(&key.path).is_file();
    Some(key)
}

pub fn remember(file: &Path, key: &SigningKey) -> CmdResult<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| cannot_remember(file, &e))?;
    }
    let json = serde_json::to_string_pretty(key).map_err(|e| AppError::Internal(e.to_string()))?;
    s11core::files::write_atomically(file, json.as_bytes()).map_err(|e| cannot_remember(file, &e))
}

fn cannot_remember(file: &Path, e: &std::io::Error) -> AppError {
    AppError::Input(format!(
        "The app could not remember your signing key in {}: {e}. Check that the app’s data folder is writable.",
        file.display()
    ))
}

/// Adds ".p12" unless the name already ends in .p12 or .pfx.
pub fn key_path(path: &str) -> PathBuf {
    let mut p = PathBuf::from(path);
    let ok = p
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("p12") || e.eq_ignore_ascii_case("pfx"));
    if !ok {
        let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".p12");
        p.set_file_name(name);
    }
    p
}

/// Opens the key file at `path` with `passphrase`.
pub fn open(path: &Path, passphrase: &str) -> CmdResult<Identity> {
    Ok(s11core::key_file::read_identity_file(path, passphrase)?)
}

/// What to remember once `identity` from `path` has been used.
pub fn describe(path: &Path, identity: &Identity) -> SigningKey {
    SigningKey {
        path: path.to_string_lossy().into_owned(),
        name: identity.common_name(),
        fingerprint: identity.fingerprint(),
        exists: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_gets_the_p12_extension_unless_it_has_one() {
        assert_eq!(key_path("/a/sarah"), PathBuf::from("/a/sarah.p12"));
        assert_eq!(key_path("/a/sarah.PFX"), PathBuf::from("/a/sarah.PFX"));
        assert_eq!(
            key_path("/a/s.t"),
            PathBuf::from("/a/s.t.p12"),
            "a dot in the name is not an extension to replace"
        );
    }

    #[test]
    fn the_remembered_key_survives_a_round_trip_and_a_damaged_file_is_no_key() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let file = dir.path().join("signing-key.json");
        let key = SigningKey {
            path: "/nowhere/sarah.p12".into(),
            name: "Sarah Taylor".into(),
            fingerprint: "ab".into(),
            exists: false,
        };
        remember(&file, &key).unwrap_or_else(|e| panic!("remember: {e}"));
        assert_eq!(
            remembered(&file),
            Some(key),
            "what is remembered is read back, the missing file reported as such"
        );
        std::fs::write(&file, "{not json").unwrap_or_else(|e| panic!("write: {e}"));
        assert_eq!(remembered(&file), None);
    }
}
