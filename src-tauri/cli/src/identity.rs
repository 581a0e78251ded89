//! `s11 identity`: make a signing identity (a private key and a
//! self-signed certificate in a PKCS#12 file) or show what one holds.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use s11core::identity::{format_fingerprint, Identity};
use s11core::key_file::create_identity_file;

use crate::passphrase::{key_passphrase, open_identity, Ask};
use crate::{now, Outcome};

#[derive(Subcommand)]
pub enum IdentityCommand {
    /// Make a new signing identity: a private key and a self-signed certificate, saved in a passphrase-protected .p12 file.
    ///
    /// The passphrase comes from S11_KEY_PASSPHRASE, --key-passphrase-file,
    /// or is asked twice on the terminal. Prints the certificate's
    /// fingerprint: publish it so that readers can check signatures.
    New {
        /// The signer's name, as it will appear on signatures.
        #[arg(long)]
        name: String,
        /// Their role, e.g. "Chair".
        #[arg(long, default_value = "")]
        role: String,
        /// The .p12 file to create (an existing file is never overwritten).
        #[arg(short, long)]
        output: PathBuf,
        /// Read the passphrase from the first line of this file.
        #[arg(long)]
        key_passphrase_file: Option<PathBuf>,
        /// Also write the certificate (no private key) as PEM here, to publish or give to `s11 verify --trust`.
        #[arg(long)]
        certificate: Option<PathBuf>,
    },
    /// Show whose signing identity a .p12/.pfx file is: name, role, fingerprint, valid until.
    Show {
        /// The .p12 or .pfx file.
        file: PathBuf,
        /// Read the passphrase from the first line of this file.
        #[arg(long)]
        key_passphrase_file: Option<PathBuf>,
        /// Also write the certificate (no private key) as PEM here.
        #[arg(long)]
        certificate: Option<PathBuf>,
    },
}

pub fn run(command: IdentityCommand) -> Outcome {
    match command {
        IdentityCommand::New {
            name,
            role,
            output,
            key_passphrase_file,
            certificate,
        } => {
            if output.exists() {
                return Err(format!(
                    "{} already exists; a signing identity is never overwritten (choose another name, or delete the old one if you are sure nobody needs it)",
                    output.display()
                ));
            }
            let passphrase = key_passphrase(key_passphrase_file.as_deref(), &output, Ask::New)?;
            let identity = create_identity_file(&output, &name, &role, &passphrase, now())
                .map_err(|e| e.to_string())?;
            println!(
                "Created {}: a signing identity for {}, valid until {}.",
                output.display(),
                described(&identity),
                identity.not_after()
            );
            println!(
                "Certificate fingerprint (SHA-256): {}",
                format_fingerprint(&identity.fingerprint())
            );
            eprintln!("Keep the file and its passphrase safe: anyone with both can sign as you. Publish the fingerprint so that readers can tell your signatures from anyone else's.");
            if let Some(c) = certificate {
                write_certificate(&identity, &c)?;
            }
            Ok(())
        }
        IdentityCommand::Show {
            file,
            key_passphrase_file,
            certificate,
        } => {
            let identity = open_identity(&file, key_passphrase_file.as_deref())?;
            println!("Name: {}", identity.common_name());
            println!(
                "Role: {}",
                identity.role().unwrap_or_else(|| "(none)".into())
            );
            println!(
                "Certificate fingerprint (SHA-256): {}",
                format_fingerprint(&identity.fingerprint())
            );
            println!("Valid until: {}", identity.not_after());
            if let Some(c) = certificate {
                write_certificate(&identity, &c)?;
            }
            Ok(())
        }
    }
}

fn described(identity: &Identity) -> String {
    match identity.role() {
        Some(r) => format!("{} ({r})", identity.common_name()),
        None => identity.common_name(),
    }
}

fn write_certificate(identity: &Identity, path: &Path) -> Outcome {
    let pem = identity.certificate_pem().map_err(|e| e.to_string())?;
    s11core::files::write_atomically(path, pem.as_bytes())
        .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    eprintln!(
        "Wrote the certificate to {} (public: it holds no private key)",
        path.display()
    );
    Ok(())
}
