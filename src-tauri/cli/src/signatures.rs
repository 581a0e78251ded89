//! `s11 countersign` and `s11 verify` (issue 14): PDF signatures a reader
//! understands, added and checked with the same core the app uses.

use std::path::{Path, PathBuf};

use s11core::identity::{format_fingerprint, normalise_fingerprint, read_certificates};
use s11core::report::{countersign, verify_pdf, SignatureMeta, VerifyError, VerifyOptions};

use crate::{now, Outcome};

/// Adds the key holder's signature to a signed report PDF.
pub fn countersign_pdf(
    pdf: &Path,
    key: &Path,
    output: &Path,
    passphrase_file: Option<&Path>,
) -> Outcome {
    if same_file(pdf, output) {
        return Err(format!(
            "the countersigned copy must be a new file, not {} itself: give another name with -o",
            pdf.display()
        ));
    }
    let bytes = std::fs::read(pdf).map_err(|e| format!("could not read {}: {e}", pdf.display()))?;
    let identity = crate::passphrase::open_identity(key, passphrase_file)?;
    let role = identity.role().unwrap_or_default();
    let meta = SignatureMeta {
        name: identity.common_name(),
        reason: if role.is_empty() {
            "Countersigned".into()
        } else {
            format!("Countersigned as {role}")
        },
        role,
    };
    let signed = countersign(&bytes, &identity, &meta, now())
        .map_err(|e| format!("{}: {e}", pdf.display()))?;
    s11core::files::write_atomically(output, &signed)
        .map_err(|e| format!("could not write {}: {e}", output.display()))?;
    println!(
        "Countersigned by {}; certificate SHA-256 {}.",
        meta.name,
        format_fingerprint(&identity.fingerprint())
    );
    eprintln!("Wrote {}", output.display());
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// `Ok(true)` verified, `Ok(false)` altered, not validly signed or not
/// trusted, `Err` could not check.
pub fn verify(pdf: &Path, file: Option<&Path>, trust: &[PathBuf]) -> Result<bool, String> {
    let mut trusted = Vec::new();
    let mut trusted_fingerprints = Vec::new();
    for t in trust {
        let text = t.to_string_lossy();
        // A fingerprint as published, or a certificate file.
        if !t.exists() {
            if let Some(fp) = normalise_fingerprint(&text) {
                trusted_fingerprints.push(fp);
                continue;
            }
        }
        let bytes = std::fs::read(t).map_err(|e| {
            format!(
                "could not read the trusted certificate {}: {e} (give a certificate file, PEM or DER, or a SHA-256 fingerprint)",
                t.display()
            )
        })?;
        trusted.extend(read_certificates(&bytes).map_err(|e| format!("{}: {e}", t.display()))?);
    }
    let bytes = std::fs::read(pdf).map_err(|e| format!("could not read {}: {e}", pdf.display()))?;
    let store = match file {
        Some(f) => Some(crate::audit_passphrase::open_to_read(f)?),
        None => None,
    };
    let options = VerifyOptions {
        audit: store.as_ref(),
        trusted: &trusted,
        trusted_fingerprints: &trusted_fingerprints,
        expected_certificate: None,
    };
    let outcome = verify_pdf(&bytes, &options).map_err(|e| match e {
        VerifyError::Store(e) => e.to_string(),
        other => format!("{}: {other}", pdf.display()),
    })?;
    for line in &outcome.lines {
        println!("{line}");
    }
    println!(
        "{}",
        if outcome.verified {
            "VERIFIED"
        } else {
            "NOT VERIFIED"
        }
    );
    Ok(outcome.verified)
}
