//! `s11 sign-off`, `reopen`, `trail` and `verify` (issue 6): what the app's
//! sign-off panel and audit trail screen do, for scripts.

use std::path::Path;

use s11core::report::{verify_pdf, VerifyError, VerifyOptions};
use s11core::signoff::{default_statement, when, Subject};
use s11core::store::SignOffInput;
use s11core::Store;

use crate::{now, Outcome};

fn subject(review: Option<&str>) -> Subject<'_> {
    match review {
        Some(id) => Subject::Review(id),
        None => Subject::Report,
    }
}

pub fn sign_off(
    file: &Path,
    review: Option<&str>,
    name: String,
    role: String,
    statement: Option<String>,
) -> Outcome {
    let mut store = Store::open(file).map_err(|e| e.to_string())?;
    let subject = subject(review);
    let statement = match statement {
        Some(s) => s,
        None => default_statement(&store.load().map_err(|e| e.to_string())?, subject),
    };
    let record = store
        .sign_off(
            subject,
            &SignOffInput {
                name,
                role,
                statement,
            },
            now(),
        )
        .map_err(|e| e.to_string())?;
    println!(
        "Signed off on {} by {}.",
        when(&record.signed_at),
        record.name
    );
    println!("Fingerprint (SHA-256): {}", record.digest);
    Ok(())
}

pub fn reopen(file: &Path, review: Option<&str>, name: &str, role: &str, reason: &str) -> Outcome {
    let mut store = Store::open(file).map_err(|e| e.to_string())?;
    let state = store
        .reopen(subject(review), name, role, reason, now())
        .map_err(|e| e.to_string())?;
    println!(
        "Reopened. The signed version is kept; draft version {} has started.",
        state.version
    );
    Ok(())
}

pub fn trail(file: &Path) -> Outcome {
    let store = Store::open(file).map_err(|e| e.to_string())?;
    let trail = store.sign_off_trail().map_err(|e| e.to_string())?;
    if trail.is_empty() {
        println!("Nothing has been sent for an accuracy check, signed off or reopened.");
    }
    for e in trail {
        let what = match e.event.as_str() {
            "signed_off" => "signed off",
            "reopened" => "reopened",
            _ => "sent for accuracy check",
        };
        let by = if e.role.is_empty() {
            e.name.clone()
        } else {
            format!("{} ({})", e.name, e.role)
        };
        println!(
            "{}\t{} (version {})\t{what} by {by}\t{}\t{}",
            when(&e.at),
            e.subject,
            e.version,
            e.text,
            e.digest
        );
    }
    Ok(())
}

/// `Ok(true)` verified, `Ok(false)` altered or mismatched, `Err` could not check.
pub fn verify(pdf: &Path, file: Option<&Path>) -> Result<bool, String> {
    let bytes = std::fs::read(pdf).map_err(|e| format!("could not read {}: {e}", pdf.display()))?;
    let store = match file {
        Some(f) => Some(Store::open(f).map_err(|e| e.to_string())?),
        None => None,
    };
    let options = VerifyOptions {
        audit: store.as_ref(),
        ..VerifyOptions::default()
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
