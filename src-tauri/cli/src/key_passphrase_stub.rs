//! Stand-in for the signing-key passphrase module another branch is writing
//! (`passphrase.rs`: S11_KEY_PASSPHRASE, --key-passphrase-file, a prompt).
//! `main` has `signoff.rs` calling it already; this keeps the branch
//! building until that module is merged, when this file is deleted.

use std::path::Path;

use s11core::identity::Identity;
use s11core::key_file::read_identity_file;

pub fn open_identity(key: &Path, passphrase_file: Option<&Path>) -> Result<Identity, String> {
    let passphrase = crate::audit_passphrase::secret(
        "S11_KEY_PASSPHRASE",
        passphrase_file,
        "Passphrase of the signing key: ",
    )?;
    read_identity_file(key, &passphrase).map_err(|e| e.to_string())
}
