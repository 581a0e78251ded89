//! Checking a signed report PDF (issue 6): does the content it carries
//! agree with the fingerprint it claims, and (given the audit file) is it
//! the version the audit records as signed off?
//!
//! What this can and cannot tell: the fingerprint is a SHA-256 digest, not
//! a cryptographic signature. Altering the attached content alone is always
//! caught. Someone who alters the content *and* writes the new digest into
//! the PDF makes a self-consistent PDF; only the comparison with the audit
//! file (which keeps the signed text and its digest in append-only rows)
//! catches that, so `s11 verify REPORT.pdf FILE.s11` is the full check.

use lopdf::{Document, Object};
use sha2::{Digest, Sha256};

use super::pdf::{DIGEST_KEY, SIGNED_AT_KEY, SIGNED_BY_KEY};
use super::SIGNED_CONTENT_NAME;
use crate::signoff::{day, when};
use crate::Store;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("this is not a PDF that can be read ({0})")]
    NotPdf(String),
    #[error("this PDF carries no signed content: it is a draft report, or was not made by Section 11 Panel")]
    NotSigned,
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

/// What a signed report PDF carries about its signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedContent {
    /// The attachment's bytes: the canonical text, unless altered.
    pub canonical: Vec<u8>,
    /// The fingerprint the PDF says was signed.
    pub claimed_digest: String,
    pub signed_by: String,
    pub signed_at: String,
}

/// The outcome, in sentences for the chair or a script's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// True only when every check made agreed.
    pub verified: bool,
    pub lines: Vec<String>,
}

fn text_of(o: &Object) -> String {
    match o.as_str() {
        // A UTF-16BE string with its byte order mark, as pdf.rs writes names.
        Ok([0xFE, 0xFF, rest @ ..]) => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => String::new(),
    }
}

/// Finds the signed content attachment in a PDF's bytes.
pub fn read_signed_content(pdf: &[u8]) -> Result<SignedContent, VerifyError> {
    let doc = Document::load_mem(pdf).map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let bad = |e: lopdf::Error| VerifyError::NotPdf(e.to_string());
    let catalog = doc.catalog().map_err(bad)?;
    let names = catalog
        .get_deref(b"Names", &doc)
        .and_then(Object::as_dict)
        .map_err(|_| VerifyError::NotSigned)?;
    let tree = names
        .get_deref(b"EmbeddedFiles", &doc)
        .and_then(Object::as_dict)
        .map_err(|_| VerifyError::NotSigned)?;
    let list = tree
        .get_deref(b"Names", &doc)
        .and_then(Object::as_array)
        .map_err(|_| VerifyError::NotSigned)?;
    for pair in list.chunks(2) {
        let [name, spec] = pair else { continue };
        if name.as_str().ok() != Some(SIGNED_CONTENT_NAME.as_bytes()) {
            continue;
        }
        let (_, spec) = doc.dereference(spec).map_err(bad)?;
        let spec = spec.as_dict().map_err(bad)?;
        let file = spec
            .get_deref(b"EF", &doc)
            .and_then(Object::as_dict)
            .and_then(|ef| ef.get_deref(b"F", &doc))
            .and_then(Object::as_stream)
            .map_err(bad)?;
        // Written uncompressed; a filter added later (by another tool
        // re-saving the file) is undone, so that alone is not "altered".
        let canonical = if file.dict.get(b"Filter").is_ok() {
            file.decompressed_content().map_err(bad)?
        } else {
            file.content.clone()
        };
        return Ok(SignedContent {
            canonical,
            claimed_digest: spec.get(DIGEST_KEY).map(text_of).unwrap_or_default(),
            signed_by: spec.get(SIGNED_BY_KEY).map(text_of).unwrap_or_default(),
            signed_at: spec.get(SIGNED_AT_KEY).map(text_of).unwrap_or_default(),
        });
    }
    Err(VerifyError::NotSigned)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a signed report PDF on its own, and against `audit` when given.
pub fn verify_pdf(pdf: &[u8], audit: Option<&Store>) -> Result<Verification, VerifyError> {
    let content = read_signed_content(pdf)?;
    let computed = hex_sha256(&content.canonical);
    let mut lines = Vec::new();
    let mut verified = true;
    if content.claimed_digest.is_empty() {
        verified = false;
        lines.push(
            "ALTERED: the PDF’s record of the fingerprint that was signed is missing.".to_string(),
        );
    } else if computed != content.claimed_digest {
        verified = false;
        lines.push(format!(
            "ALTERED: the signed content in this PDF has been changed. It was signed with fingerprint {}, but what it carries now has fingerprint {computed}.",
            content.claimed_digest
        ));
    } else {
        lines.push(format!(
            "The signed content in this PDF agrees with its fingerprint (SHA-256 {computed}), signed off on {} by {}.",
            when(&content.signed_at),
            content.signed_by
        ));
    }
    let Some(store) = audit else {
        return Ok(Verification { verified, lines });
    };

    for problem in store.check_signed_content()? {
        verified = false;
        lines.push(format!("ALTERED: {problem}"));
    }
    let sign_offs = store.report_sign_offs()?;
    let same = sign_offs.iter().find(|(r, canonical, _)| {
        r.digest == computed && canonical.as_bytes() == content.canonical.as_slice()
    });
    match same {
        Some((r, _, false)) => lines.push(format!(
            "It is the version of the report that the audit records as signed off on {} by {}.",
            when(&r.signed_at),
            r.name
        )),
        Some((r, _, true)) => {
            verified = false;
            lines.push(format!(
                "MISMATCH: it is a version signed off on {} by {}, but the audit records that sign-off as reopened; the report may have changed since.",
                day(&r.signed_at),
                r.name
            ));
        }
        None => {
            verified = false;
            lines.push(match store.signed_report()? {
                Some((r, _)) => format!(
                    "MISMATCH: this is not the version the audit records as signed. The audit’s report was signed off on {} by {} with fingerprint {}.",
                    day(&r.signed_at),
                    r.name,
                    r.digest
                ),
                None => "MISMATCH: the audit has no signed-off report with this content.".to_string(),
            });
        }
    }
    Ok(Verification { verified, lines })
}
