//! Where a signing key's passphrase comes from (issue 14), shared by every
//! command that opens or makes a key: `identity new`, `countersign` and
//! `sign-off --key`.
//!
//! Never from an argument: arguments are visible to every user of the
//! machine (`ps`) and kept in shell history. In order: the file named by
//! `--key-passphrase-file`, the `S11_KEY_PASSPHRASE` environment variable,
//! or a prompt on the terminal without echo.

use std::io::{IsTerminal, Read};
use std::path::Path;

use s11core::identity::Identity;
use s11core::key_file::read_identity_file;

/// The environment variable scripts use for a signing key's passphrase.
pub(crate) const PASSPHRASE_ENV: &str = "S11_KEY_PASSPHRASE";

/// The largest passphrase file read: a passphrase is one line.
const MAX_PASSPHRASE_FILE_BYTES: u64 = 64 * 1024;

/// Asks once to open a key, or twice (and compares) when making one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ask {
    Open,
    New,
}

/// A secret given without a prompt: the first line of `file` (named on the
/// command line, so it wins), else the `env` variable.
fn given(env: &str, file: Option<&Path>) -> Result<Option<String>, String> {
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
        // The first line, without its line ending: what `echo` or an
        // editor leaves in the file is not part of the passphrase.
        let line = text.lines().next().unwrap_or_default().to_string();
        if line.is_empty() {
            return Err(format!(
                "the passphrase file {} is empty: its first line must be the passphrase",
                path.display()
            ));
        }
        return Ok(Some(line));
    }
    Ok(std::env::var(env).ok().filter(|v| !v.is_empty()))
}

/// A secret from `file`, else `env`, else asked on the terminal without
/// echo (twice, compared, for a new one). Only a person at a terminal is
/// asked: a script with no passphrase fails at once, saying how to give one,
/// rather than waiting for input that never comes. `flag` names the option
/// that takes a file, for that message.
pub(crate) fn secret(
    env: &str,
    flag: &str,
    file: Option<&Path>,
    prompt: &str,
    ask: Ask,
) -> Result<String, String> {
    if let Some(s) = given(env, file)? {
        return Ok(s);
    }
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "a passphrase is needed and there is no terminal to ask on: set {env}, or give {flag} FILE"
        ));
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| format!("could not read the passphrase from the terminal: {e}"))
    };
    let first = read(prompt)?;
    if ask == Ask::New {
        let again = read("Type it again: ")?;
        if first != again {
            return Err("the two passphrases typed are not the same; nothing was changed".into());
        }
    }
    Ok(first)
}

/// The passphrase for the signing key at `key` (named in the prompt).
pub(crate) fn key_passphrase(file: Option<&Path>, key: &Path, ask: Ask) -> Result<String, String> {
    let prompt = match ask {
        Ask::Open => format!("Passphrase for {}: ", key.display()),
        Ask::New => format!(
            "Choose a passphrase for {} (at least {} characters): ",
            key.display(),
            s11core::identity::MIN_PASSPHRASE_CHARS
        ),
    };
    secret(PASSPHRASE_ENV, "--key-passphrase-file", file, &prompt, ask)
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
