//! `s11 sign-off`, `reopen` and `trail` (issues 6 and 14): what the app's
//! sign-off panel and audit trail screen do, for scripts.

use std::path::{Path, PathBuf};

use s11core::canonical::{default_statement, when, Subject};
use s11core::readiness::{describe, Gap};
use s11core::store::SignOffInput;

use crate::{now, Outcome};

fn subject(review: Option<&str>) -> Subject<'_> {
    match review {
        Some(id) => Subject::Review(id),
        None => Subject::Report,
    }
}

/// Who signs off, with what, and which gaps they accept.
pub struct Signatory {
    pub name: String,
    pub role: String,
    pub statement: Option<String>,
    pub key: PathBuf,
    pub key_passphrase_file: Option<PathBuf>,
    pub accept_gaps: Option<String>,
}

pub fn sign_off(file: &Path, review: Option<&str>, who: Signatory) -> Outcome {
    let mut store = crate::audit_passphrase::open(file)?;
    let subject = subject(review);
    let doc = store.load().map_err(|e| e.to_string())?;
    let statement = match who.statement {
        Some(s) => s,
        None => default_statement(&doc, subject),
    };
    // Gaps first, so a chair is told what is missing before being asked
    // for a passphrase.
    let state = store.sign_off_state(subject).map_err(|e| e.to_string())?;
    if let Some(why) = &state.cannot_sign {
        return Err(why.clone());
    }
    let gaps: Vec<&Gap> = state.gaps.iter().collect();
    let blocking: Vec<&Gap> = gaps.iter().copied().filter(|g| g.blocking).collect();
    if !blocking.is_empty() {
        return Err(describe("This cannot be signed off yet:", &blocking));
    }
    let (accepted_gaps, gap_reason) = match (&who.accept_gaps, gaps.is_empty()) {
        (_, true) => (Vec::new(), String::new()),
        (Some(reason), false) => (gaps.iter().map(|g| g.kind).collect(), reason.clone()),
        (None, false) => return Err(describe(
            "This is not complete. Fix these, or sign off anyway with --accept-gaps \"REASON\":",
            &gaps,
        )),
    };
    let identity = crate::passphrase::open_identity(&who.key, who.key_passphrase_file.as_deref())?;
    let record = store
        .sign_off(
            subject,
            &SignOffInput {
                name: who.name,
                role: who.role,
                statement,
                accepted_gaps,
                gap_reason,
            },
            &identity,
            now(),
        )
        .map_err(|e| e.to_string())?;
    println!(
        "Signed off on {} by {}.",
        when(&record.signed_at),
        record.name
    );
    println!("Fingerprint (SHA-256): {}", record.digest);
    println!("{}", record.signature.describe());
    for g in &record.accepted_gaps {
        println!("Gap accepted: {}", g.printed);
    }
    Ok(())
}

pub fn reopen(file: &Path, review: Option<&str>, name: &str, role: &str, reason: &str) -> Outcome {
    let mut store = crate::audit_passphrase::open(file)?;
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
    let store = crate::audit_passphrase::open_to_read(file)?;
    let trail = store.sign_off_trail().map_err(|e| e.to_string())?;
    let invalid = trail.iter().filter(|e| !e.signature_ok).count();
    let altered = store.check_signed_content().map_err(|e| e.to_string())?;
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
        if !e.signature.is_empty() {
            println!("\t{}", e.signature);
        }
        for g in &e.accepted_gaps {
            println!("\tGap accepted: {g}");
        }
    }
    for problem in &altered {
        println!("ALTERED: {problem}");
    }
    if invalid > 0 || !altered.is_empty() {
        return Err(
            "This audit file was changed outside Section 11 Panel after it was signed off: see the lines marked NOT VALIDLY SIGNED or ALTERED above.".into(),
        );
    }
    Ok(())
}
