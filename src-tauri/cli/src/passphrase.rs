//! Where a signing key's passphrase comes from (issue 14), shared by every
//! command that opens or makes a key: `identity new`, `countersign` and
//! `sign-off --key`.
//!
//! Never from an argument: arguments are visible to every user of the
//! machine (`ps`) and kept in shell history. In order: the file named by
//! `--key-passphrase-file`, the `S11_KEY_PASSPHRASE` environment variable,
//! or a prompt on the terminal without echo.

use std::io::IsTerminal;
use std::path::Path;

use s11core::identity::Identity;
use s11core::key_file::read_identity_file;

/// The environment variable scripts use for the passphrase.
pub(crate) const PASSPHRASE_ENV: &str = "S11_KEY_PASSPHRASE";

/// Asks once to open a key, or twice (and compares) when making one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ask {
    Open,
    New,
}

/// The passphrase for the key at `key` (named in the prompt).
pub(crate) fn key_passphrase(file: Option<&Path>, key: &Path, ask: Ask) -> Result<String, String> {
    if let Some(f) = file {
        let text = std::fs::read_to_string(f)
            .map_err(|e| format!("could not read the passphrase file {}: {e}", f.display()))?;
        // The first line, without its line ending: what `echo` or an
        // editor leaves in the file is not part of the passphrase.
        let line = text.lines().next().unwrap_or("").to_string();
        if line.is_empty() {
            return Err(format!(
                "the passphrase file {} is empty; put the passphrase on its first line",
                f.display()
            ));
        }
        return Ok(line);
    }
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    // Only prompt when a person is at the terminal: a script with no
    // passphrase must fail at once, not wait for input that never comes.
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "a passphrase is needed for {} and there is no terminal to ask on; give it in the {PASSPHRASE_ENV} environment variable or with --key-passphrase-file FILE",
            key.display()
        ));
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| format!("could not read the passphrase from the terminal: {e}"))
    };
    match ask {
        Ask::Open => read(&format!("Passphrase for {}: ", key.display())),
        Ask::New => {
            let first = read(&format!(
                "Choose a passphrase for {} (at least {} characters): ",
                key.display(),
                s11core::identity::MIN_PASSPHRASE_CHARS
            ))?;
            let second = read("Type it again: ")?;
            if first != second {
                return Err("the two passphrases were not the same; nothing was written".into());
            }
            Ok(first)
        }
    }
}

/// Opens the signing key at `key`, its passphrase found as above.
pub(crate) fn open_identity(
    key: &Path,
    passphrase_file: Option<&Path>,
) -> Result<Identity, String> {
    // A missing file is said before anyone is asked for a passphrase.
    if !key.exists() {
        return Err(format!(
            "there is no signing key file at {}; make one with `s11 identity new`, or give the path of your .p12/.pfx file",
            key.display()
        ));
    }
    let passphrase = key_passphrase(passphrase_file, key, Ask::Open)?;
    read_identity_file(key, &passphrase).map_err(|e| e.to_string())
}
