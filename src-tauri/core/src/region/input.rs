//! Reading a local report to collate: a signed report PDF, an audit file
//! (`.s11`, perhaps protected) or an audit's JSON export.
//!
//! A PDF is checked exactly as `s11 verify` checks it
//! ([`crate::report::verify_pdf`]): every signature, nothing but further
//! signatures added after the first, and the attached content against its
//! fingerprint and its signer. One that fails is refused with the lines
//! saying which check failed, unless the lead adds it as a draft. An audit
//! file gives its signed-off report's content when the report is signed
//! off and its records still verify; otherwise (and always for JSON, which
//! carries no sign-off) it can only be added as a draft.

use std::path::{Path, PathBuf};

use super::local::LocalReport;
use super::{RegionError, Result};
use crate::identity::fingerprint_of;
use crate::report::{read_signed_content, verify_pdf, VerifyError, VerifyOptions};
use crate::store::RecordSignature;
use crate::{Store, StoreError};

/// Where a local report came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Pdf,
    Audit,
    Json,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Pdf => "pdf",
            InputKind::Audit => "s11",
            InputKind::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<InputKind> {
        match s {
            "pdf" => Some(InputKind::Pdf),
            "s11" => Some(InputKind::Audit),
            "json" => Some(InputKind::Json),
            _ => None,
        }
    }
}

/// How to read an input.
#[derive(Debug, Clone, Copy, Default)]
pub struct InputOptions<'a> {
    /// The lead adds it deliberately as a draft: a PDF that does not verify,
    /// or an audit whose report is not signed off, is then accepted.
    pub draft: bool,
    /// A protected audit's passphrase.
    pub passphrase: Option<&'a str>,
}

/// A local report read and checked, ready to collate.
#[derive(Debug, Clone)]
pub struct LocalInput {
    pub source_path: PathBuf,
    pub kind: InputKind,
    /// Signed content is what was signed; a draft's is the audit as it stands.
    pub canonical: String,
    /// SHA-256 of `canonical`.
    pub digest: String,
    /// Who signed it off, and their certificate's SHA-256 ("" for a draft
    /// or an unsigned record).
    pub signer: String,
    pub certificate_sha256: String,
    /// RFC 3339; "" for a draft that was never signed.
    pub signed_at: String,
    pub draft: bool,
    /// What the check said, one sentence a line, kept with the input.
    pub verification: Vec<String>,
    pub report: LocalReport,
}

/// The largest audit JSON or PDF read.
const MAX_INPUT_BYTES: u64 = crate::report::MAX_PDF_BYTES as u64;

/// Why a collation given as an input is refused (found by its header
/// before it is opened, so also while it is open and locked).
const IS_A_COLLATION: &str =
    "it is a regional collation itself, not a partnership’s report. Add the partnerships’ signed report PDFs";

/// What the file is, by its first bytes (not its name).
fn sniff(path: &Path) -> Result<InputKind> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|_| RegionError::BadInput {
        path: path.to_path_buf(),
        why: "there is no such file".into(),
    })?;
    if !meta.is_file() {
        return Err(RegionError::BadInput {
            path: path.to_path_buf(),
            why: "it is not an ordinary file".into(),
        });
    }
    let mut head = [0u8; 72];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| RegionError::BadInput {
            path: path.to_path_buf(),
            why: e.to_string(),
        })?;
    let head = &head[..n];
    let text = String::from_utf8_lossy(head);
    let is_region = n == 72
        && head.starts_with(b"SQLite format 3\0")
        && i32::from_be_bytes([head[68], head[69], head[70], head[71]])
            == crate::files::REGION_APPLICATION_ID;
    if is_region {
        // Another collation (or this one): never a partnership's report.
        Err(RegionError::BadInput {
            path: path.to_path_buf(),
            why: IS_A_COLLATION.into(),
        })
    } else if head.starts_with(b"%PDF-") {
        Ok(InputKind::Pdf)
    } else if head.starts_with(b"SQLite format 3\0") || crate::files::may_be_protected(path) {
        Ok(InputKind::Audit)
    } else if head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
    {
        // UTF-16 (Notepad, PowerShell) or UTF-8 JSON.
        Ok(InputKind::Json)
    } else {
        Err(RegionError::BadInput {
            path: path.to_path_buf(),
            why: "it is not a report PDF, an audit file (.s11) or an audit’s JSON export".into(),
        })
    }
}

/// Reads and checks one local report.
pub fn read_input(path: &Path, options: &InputOptions<'_>) -> Result<LocalInput> {
    match sniff(path)? {
        InputKind::Pdf => read_pdf(path, options),
        InputKind::Audit => read_audit(path, options),
        InputKind::Json => read_json(path, options),
    }
}

fn bad(path: &Path, why: impl Into<String>) -> RegionError {
    RegionError::BadInput {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

fn parse(path: &Path, canonical: &[u8]) -> Result<LocalReport> {
    LocalReport::parse(canonical).map_err(|e| bad(path, e.to_string()))
}

fn read_pdf(path: &Path, options: &InputOptions<'_>) -> Result<LocalInput> {
    let bytes =
        crate::files::read_limited(path, MAX_INPUT_BYTES).map_err(|e| bad(path, e.to_string()))?;
    let mut verification = match verify_pdf(&bytes, &VerifyOptions::default()) {
        Ok(v) => v,
        Err(VerifyError::NotSigned) => {
            return Err(bad(
                path,
                "this PDF carries no report content: it is a draft report (drafts carry none) or was not made by Section 11 Panel. Add the partnership’s audit file (.s11) or its JSON export as a draft instead, or ask for the signed report",
            ))
        }
        Err(e) => return Err(bad(path, e.to_string())),
    };
    if !verification.verified && !options.draft {
        return Err(RegionError::NotVerified {
            path: path.to_path_buf(),
            lines: verification.lines,
        });
    }
    // The content the first signature covers when there is one (what was
    // signed); a draft that does not verify gives what it carries.
    let content = match verification.content.take() {
        Some(c) => c,
        None => read_signed_content(&bytes).map_err(|e| bad(path, e.to_string()))?,
    };
    let report = parse(path, &content.canonical)?;
    let canonical = String::from_utf8(content.canonical)
        .map_err(|_| bad(path, "its report content is not UTF-8 text"))?;
    let first = verification.signers.first();
    Ok(LocalInput {
        source_path: path.to_path_buf(),
        kind: InputKind::Pdf,
        digest: crate::canonical::digest(&canonical),
        canonical,
        signer: first.map(|s| s.name.clone()).unwrap_or(content.signed_by),
        certificate_sha256: first.map(|s| s.fingerprint.clone()).unwrap_or_default(),
        signed_at: content.signed_at,
        draft: !verification.verified,
        verification: verification.lines,
        report,
    })
}

fn read_audit(path: &Path, options: &InputOptions<'_>) -> Result<LocalInput> {
    let store = Store::open_to_read(path, options.passphrase).map_err(|e| match e {
        StoreError::Passphrase(p) => RegionError::Passphrase(p),
        StoreError::IsRegion(p) => bad(&p, IS_A_COLLATION),
        other => bad(path, other.to_string()),
    })?;
    let signed = store
        .signed_report()
        .map_err(|e| bad(path, e.to_string()))?;
    let problems = store
        .check_signed_content()
        .map_err(|e| bad(path, e.to_string()))?;
    if let Some((record, canonical)) = signed {
        let (valid, fingerprint, mut lines) = match &record.signature {
            RecordSignature::Valid { fingerprint, signer } => (
                problems.is_empty(),
                fingerprint.clone(),
                vec![format!(
                    "The audit’s report sign-off by {signer} is validly signed; certificate SHA-256 {}.",
                    crate::identity::format_fingerprint(fingerprint)
                )],
            ),
            RecordSignature::Invalid { reason } => (
                false,
                record.certificate.as_deref().map(fingerprint_of).unwrap_or_default(),
                vec![format!("NOT VALIDLY SIGNED: the report’s sign-off record {reason}.")],
            ),
            RecordSignature::Unsigned => (
                false,
                String::new(),
                vec!["NOT SIGNED: the report was signed off before sign-offs were signed with a key.".into()],
            ),
        };
        lines.extend(problems.iter().map(|p| format!("ALTERED: {p}")));
        if !valid && !options.draft {
            return Err(RegionError::NotVerified {
                path: path.to_path_buf(),
                lines,
            });
        }
        let report = parse(path, canonical.as_bytes())?;
        return Ok(LocalInput {
            source_path: path.to_path_buf(),
            kind: InputKind::Audit,
            digest: crate::canonical::digest(&canonical),
            canonical,
            signer: record.name,
            certificate_sha256: fingerprint,
            signed_at: record.signed_at,
            draft: !valid,
            verification: lines,
            report,
        });
    }
    if !options.draft {
        return Err(RegionError::NotSignedOff {
            path: path.to_path_buf(),
            why: "its report is not signed off".into(),
        });
    }
    let doc = store.load().map_err(|e| bad(path, e.to_string()))?;
    draft_from(path, InputKind::Audit, &doc)
}

fn read_json(path: &Path, options: &InputOptions<'_>) -> Result<LocalInput> {
    // Read first: a file that is not an audit's JSON is told so, not that
    // it lacks a sign-off.
    let bytes = crate::files::read_limited(path, crate::interchange::MAX_JSON_BYTES as u64)
        .map_err(|e| bad(path, e.to_string()))?;
    let text = crate::files::text_of(bytes)
        .ok_or_else(|| bad(path, "it is not UTF-8 (or UTF-16) text"))?;
    let doc = crate::interchange::import_json(&text).map_err(|e| bad(path, e.to_string()))?;
    if !options.draft {
        return Err(RegionError::NotSignedOff {
            path: path.to_path_buf(),
            why: "an audit’s JSON export carries no sign-off".into(),
        });
    }
    draft_from(path, InputKind::Json, &doc)
}

/// A draft: the report's canonical form of the audit as it stands, with no
/// sign-offs (the same form a signed PDF carries, so it is collated alike).
fn draft_from(path: &Path, kind: InputKind, doc: &crate::AuditDoc) -> Result<LocalInput> {
    let canonical = crate::canonical::report_canonical(doc, &[], &[]);
    let report = parse(path, canonical.as_bytes())?;
    Ok(LocalInput {
        source_path: path.to_path_buf(),
        kind,
        digest: crate::canonical::digest(&canonical),
        canonical,
        signer: String::new(),
        certificate_sha256: String::new(),
        signed_at: String::new(),
        draft: true,
        verification: vec!["Added as a draft: not signed off.".into()],
        report,
    })
}
