//! Signing key files (issue 14): a signing identity saved as a PKCS#12 file,
//! as the app and the `s11` tool read and write them.
//!
//! Invariants: a new key file never replaces an existing file (that would
//! destroy someone's key), is readable by its owner only where the system
//! allows saying so, and is written whole or not at all; a key file is read
//! only up to a size no real one reaches, so a wrong file named by mistake
//! (a video, /dev/zero) is refused rather than read into memory.

use std::io::{Read, Write};
use std::path::Path;

use crate::dates::Timestamp;
use crate::identity::{Identity, IdentityError, MIN_PASSPHRASE_CHARS};

/// No PKCS#12 file with a key and a few certificates comes near this.
const MAX_KEY_FILE_BYTES: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("There is no signing key file at {0}. Choose your key file again, or make a new one.")]
    NotFound(String),
    #[error("A file already exists at {0}. Choose another name: replacing it could destroy a signing key.")]
    Exists(String),
    #[error("{0} is too large to be a signing key file. Choose the .p12 or .pfx file that holds your key.")]
    TooLarge(String),
    #[error("{0} is not an ordinary file (a device, a folder or a pipe), so it cannot be a signing key. Choose the .p12 or .pfx file that holds your key.")]
    NotAFile(String),
    #[error("The signing key file {0} could not be read or written: {1}. Check the folder and the disk.")]
    Io(String, String),
    #[error("Your signing key ({0}) could not be used: {1}.")]
    Identity(String, IdentityError),
}

impl KeyFileError {
    /// True when the passphrase was wrong: the one error the chair fixes by
    /// typing again.
    pub fn is_wrong_passphrase(&self) -> bool {
        matches!(
            self,
            KeyFileError::Identity(_, IdentityError::WrongPassphrase)
        )
    }
}

/// Refuses a passphrase too short to protect a key, before anything is made.
pub fn check_key_passphrase(passphrase: &str) -> Result<(), KeyFileError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeyFileError::Identity(
            "a new key".into(),
            IdentityError::ShortPassphrase,
        ));
    }
    Ok(())
}

/// Opens the signing identity in the PKCS#12 file at `path`.
pub fn read_identity_file(path: &Path, passphrase: &str) -> Result<Identity, KeyFileError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => KeyFileError::NotFound(shown.clone()),
        _ => KeyFileError::Io(shown.clone(), e.to_string()),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| KeyFileError::Io(shown.clone(), e.to_string()))?;
    if !meta.is_file() {
        return Err(KeyFileError::NotAFile(shown));
    }
    if meta.len() > MAX_KEY_FILE_BYTES {
        return Err(KeyFileError::TooLarge(shown));
    }
    let mut bytes = Vec::new();
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| KeyFileError::Io(shown.clone(), e.to_string()))?;
    if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(KeyFileError::TooLarge(shown));
    }
    Identity::from_pkcs12(&bytes, passphrase).map_err(|e| KeyFileError::Identity(shown, e))
}

/// Makes a new signing identity (a private key and a self-signed
/// certificate in `name`) and saves it at `path` behind `passphrase`.
pub fn create_identity_file(
    path: &Path,
    name: &str,
    role: &str,
    passphrase: &str,
    now: Timestamp,
) -> Result<Identity, KeyFileError> {
    let shown = path.display().to_string();
    check_key_passphrase(passphrase)?;
    let identity =
        Identity::create(name, role, now).map_err(|e| KeyFileError::Identity(shown.clone(), e))?;
    let bytes = identity
        .to_pkcs12(passphrase)
        .map_err(|e| KeyFileError::Identity(shown.clone(), e))?;
    write_new_private(path, &bytes)?;
    Ok(identity)
}

/// Writes `bytes` to a new file at `path`, never replacing one, owner-only
/// on Unix. A failure part way removes what was written.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> Result<(), KeyFileError> {
    let shown = path.display().to_string();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => KeyFileError::Exists(shown.clone()),
        _ => KeyFileError::Io(shown.clone(), e.to_string()),
    })?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(KeyFileError::Io(shown, e.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let path = dir.path().join("sarah.p12");
        let made = create_identity_file(
            &path,
            "Sarah Taylor",
            "Chair",
            "correct horse",
            Timestamp(1_700_000_000),
        )
        .unwrap_or_else(|e| panic!("made: {e}"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            assert_eq!(mode, 0o600, "only its owner may read a key file");
        }
        let again = create_identity_file(
            &path,
            "Someone Else",
            "",
            "correct horse",
            Timestamp(1_700_000_000),
        );
        assert!(
            matches!(again, Err(KeyFileError::Exists(_))),
            "an existing key is never replaced"
        );
        let read =
            read_identity_file(&path, "correct horse").unwrap_or_else(|e| panic!("read: {e}"));
        assert_eq!(read.fingerprint(), made.fingerprint());
        let wrong = read_identity_file(&path, "wrong horse!").err();
        assert!(
            wrong.is_some_and(|e| e.is_wrong_passphrase()),
            "a wrong passphrase is named as such"
        );
        assert!(matches!(
            check_key_passphrase("short"),
            Err(KeyFileError::Identity(..))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_named_as_a_key_file_is_refused_not_read() {
        let e = read_identity_file(Path::new("/dev/zero"), "x").err();
        assert!(matches!(e, Some(KeyFileError::NotAFile(_))), "{e:?}");
    }
}
