//! Checking a signed report PDF (issues 6 and 14).
//!
//! A report is verified when every PDF signature in it is cryptographically
//! valid over the bytes it covers; nothing but further signatures was added
//! after the first; the canonical content attached to the first signed
//! revision agrees with the digest it claims; the signer's certificate name
//! and the signing time match what the content says (S11SignedBy,
//! S11SignedAt); and, when given, the first signer's certificate is one of
//! the trusted ones, is the one the audit records for the sign-off, and the
//! content is the audit's signed-off version.
//!
//! What this proves: whoever holds the signing key signed exactly these
//! bytes. A self-signed certificate does not say who holds the key; the
//! fingerprint the partnership publishes (`--trust`) does.

use lopdf::Object;
use sha2::{Digest, Sha256};

use super::pdf::{DIGEST_KEY, SIGNED_AT_KEY, SIGNED_BY_KEY};
use super::signature::{load_bounded, pdf_signatures, text_of, SignaturesError, MAX_PDF_BYTES};
use super::SIGNED_CONTENT_NAME;
use crate::canonical::{day, when};
use crate::dates::Timestamp;
use crate::identity::{fingerprint_of, format_fingerprint};
use crate::Store;

/// The most the attached content may inflate to: the canonical JSON of a
/// large regional audit is well under 1 MB.
const MAX_ATTACHMENT_BYTES: usize = 4 * 1024 * 1024;

/// Why a PDF could not be checked at all (as against checked and found
/// altered, which is a [`Verification`] that is not verified).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("this is not a PDF that can be read ({0})")]
    NotPdf(String),
    #[error("this PDF carries no signed content: it is a draft report, or was not made by Section 11 Panel")]
    NotSigned,
    #[error("this PDF is larger than {} MB, more than any report Section 11 Panel makes, so it was not checked", MAX_PDF_BYTES / (1024 * 1024))]
    TooBig,
    #[error("the signed content in this PDF is larger than {} MB when unpacked, far more than any report; it was not checked", MAX_ATTACHMENT_BYTES / (1024 * 1024))]
    AttachmentTooBig,
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
    /// Every signature, in the order they were made.
    pub signers: Vec<VerifiedSigner>,
    /// The content the first signature covers, as read for the checks
    /// (so a caller that collates it need not parse the PDF again); `None`
    /// when no signature covers the file.
    pub content: Option<SignedContent>,
}

/// One signature as `verify` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSigner {
    /// The certificate's common name (or the signature's /Name when the
    /// signature cannot be read).
    pub name: String,
    pub role: Option<String>,
    pub signed_at: Option<Timestamp>,
    /// SHA-256 of the certificate, lower-case hex ("" when unreadable).
    pub fingerprint: String,
    /// The signature is valid over the bytes it covers.
    pub valid: bool,
    /// The certificate is one of those given as trusted.
    pub trusted: bool,
}

/// What to check a PDF against besides itself.
#[derive(Default, Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// The audit: the content must be its signed-off report.
    pub audit: Option<&'a Store>,
    /// Certificates (DER) the reader trusts, e.g. from the fingerprints
    /// the partnership published. When not empty, the first signer must
    /// be one of them.
    pub trusted: &'a [Vec<u8>],
    /// Trusted certificates given by fingerprint (as
    /// [`crate::identity::fingerprint_of`] writes it), e.g. copied from
    /// the partnership's published list.
    pub trusted_fingerprints: &'a [String],
    /// The certificate (DER) the audit records for the report's sign-off:
    /// the first signature must be made with it.
    pub expected_certificate: Option<&'a [u8]>,
}

/// Finds the signed content attachment in a PDF's bytes.
pub fn read_signed_content(pdf: &[u8]) -> Result<SignedContent, VerifyError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooBig);
    }
    let doc = load_bounded(pdf).map_err(|e| VerifyError::NotPdf(e.to_string()))?;
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
        // Bounded: a few kilobytes that inflate to gigabytes stop here.
        let canonical = if file.dict.get(b"Filter").is_ok() {
            file.decompressed_content_with_limit(MAX_ATTACHMENT_BYTES)
                .map_err(|_| VerifyError::AttachmentTooBig)?
        } else {
            file.content.clone()
        };
        if canonical.len() > MAX_ATTACHMENT_BYTES {
            return Err(VerifyError::AttachmentTooBig);
        }
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

/// "10 March 2022 at 14:00 UTC" for a signing time, or a plain note.
fn at(t: Option<Timestamp>) -> String {
    match t {
        Some(t) => when(&t.rfc3339()),
        None => "at a time it does not say".into(),
    }
}

/// Checks a signed report PDF on its own, and against what `options`
/// gives (trusted certificates, the audit and its recorded certificate).
pub fn verify_pdf(pdf: &[u8], options: &VerifyOptions) -> Result<Verification, VerifyError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooBig);
    }
    let signatures = pdf_signatures(pdf).map_err(|e| match e {
        SignaturesError::TooBig => VerifyError::TooBig,
        // Its reason alone, which VerifyError words as "not a PDF" itself.
        SignaturesError::NotPdf(why) => VerifyError::NotPdf(why),
        other => VerifyError::NotPdf(other.to_string()),
    })?;
    let mut lines = Vec::new();
    let mut verified = true;

    let Some(first) = signatures.iter().find(|s| s.byte_range_ok) else {
        // Ours (it carries the signed content) but with no signature that
        // holds: the digest alone proves nothing, anyone can recompute it.
        read_signed_content(pdf)?;
        lines.push(if signatures.is_empty() {
            "NOT SIGNED: this PDF carries a Section 11 Panel report’s signed content, but no digital signature. Its fingerprint alone proves nothing, since anyone can recompute it; ask for the digitally signed copy.".to_string()
        } else {
            "NOT VALIDLY SIGNED: this PDF’s signature does not cover the file as a signature must; it was altered or damaged.".to_string()
        });
        return Ok(Verification {
            verified: false,
            lines,
            signers: Vec::new(),
            content: None,
        });
    };

    // The content the first signature covers: read from that revision, so
    // that nothing appended later can stand in for it.
    let content = read_signed_content(&pdf[..first.signed_length])?;

    let trust_given = !options.trusted.is_empty() || !options.trusted_fingerprints.is_empty();
    let mut signers = Vec::new();
    for (i, s) in signatures.iter().enumerate() {
        let facts = s.signer();
        let fingerprint = facts.map(|f| f.fingerprint.clone()).unwrap_or_default();
        let trusted = facts.is_some_and(|f| {
            options
                .trusted
                .iter()
                .any(|t| fingerprint_of(t) == f.fingerprint)
                || options.trusted_fingerprints.contains(&f.fingerprint)
        });
        let signer = VerifiedSigner {
            name: facts
                .map(|f| f.common_name.clone())
                .or_else(|| s.name.clone())
                .unwrap_or_default(),
            role: facts.and_then(|f| f.role.clone()),
            signed_at: facts.and_then(|f| f.signing_time),
            fingerprint: fingerprint.clone(),
            valid: s.valid(),
            trusted,
        };
        let who = match &signer.role {
            Some(r) => format!("{} ({r})", signer.name),
            None => signer.name.clone(),
        };
        let ordinal = if i == 0 { "Signed" } else { "Countersigned" };
        match (&s.check, s.byte_range_ok) {
            (Ok(_), true) => lines.push(format!(
                "{ordinal} by {who} on {}; certificate SHA-256 {}{}.",
                at(signer.signed_at),
                format_fingerprint(&fingerprint),
                if !trust_given {
                    ""
                } else if trusted {
                    ", trusted"
                } else {
                    ", NOT in the trusted list"
                }
            )),
            (Ok(_), false) => {
                verified = false;
                lines.push(format!(
                    "ALTERED: the signature by {who} does not cover the file as a signature must (its byte range does not match the file)."
                ));
            }
            (Err(e), _) => {
                verified = false;
                lines.push(format!(
                    "{}: the signature “{}”{}: {e}.",
                    if e.is_invalid() {
                        "ALTERED"
                    } else {
                        "NOT VALIDLY SIGNED"
                    },
                    s.field,
                    if who.is_empty() {
                        String::new()
                    } else {
                        format!(" by {who}")
                    }
                ));
            }
        }
        signers.push(signer);
    }

    for change in first.changes_after.iter().take(10) {
        verified = false;
        lines.push(format!("ALTERED: after the first signature, {change}."));
    }
    if first.changes_after.len() > 10 {
        lines.push(format!(
            "… and {} more changes after the first signature.",
            first.changes_after.len() - 10
        ));
    }

    let computed = hex_sha256(&content.canonical);
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
    } else if verified {
        lines.push(format!(
            "The signed content agrees with its fingerprint (SHA-256 {computed}), signed off on {} by {}.",
            when(&content.signed_at),
            content.signed_by
        ));
    } else {
        lines.push(format!(
            "The attached content agrees with the fingerprint it claims (SHA-256 {computed}), but without a valid signature over it that proves nothing: anyone can recompute a fingerprint."
        ));
    }

    // The content says who signed and when; the first signature must agree.
    if let Some(facts) = first.signer() {
        if facts.common_name.trim() != content.signed_by.trim() {
            verified = false;
            lines.push(format!(
                "MISMATCH: the content says it was signed off by {}, but the signature is by {}.",
                content.signed_by, facts.common_name
            ));
        }
        let claimed_time = Timestamp::parse_rfc3339(&content.signed_at);
        if claimed_time.is_none() || claimed_time != facts.signing_time {
            verified = false;
            lines.push(format!(
                "MISMATCH: the content says it was signed off on {}, but the signature was made {}.",
                when(&content.signed_at),
                at(facts.signing_time)
            ));
        }
        if trust_given && !signers.first().is_some_and(|s| s.trusted) {
            verified = false;
            lines.push(format!(
                "NOT TRUSTED: the report was signed with certificate SHA-256 {}, which is not one of the trusted certificates given. Someone else may have made a key in the same name.",
                format_fingerprint(&facts.fingerprint)
            ));
        }
        if let Some(expected) = options.expected_certificate {
            if fingerprint_of(expected) != facts.fingerprint {
                verified = false;
                lines.push(format!(
                    "MISMATCH: the report was signed with certificate SHA-256 {}, but the audit records the sign-off with certificate SHA-256 {}.",
                    format_fingerprint(&facts.fingerprint),
                    format_fingerprint(&fingerprint_of(expected))
                ));
            }
        }
    }

    let Some(store) = options.audit else {
        return Ok(Verification {
            verified,
            lines,
            signers,
            content: Some(content),
        });
    };

    for problem in store.check_signed_content()? {
        verified = false;
        lines.push(format!("ALTERED: {problem}"));
    }
    let sign_offs = store.report_sign_offs()?;
    let same = sign_offs.iter().find(|(r, canonical, _)| {
        r.digest == computed && canonical.as_bytes() == content.canonical.as_slice()
    });
    // The audit records the certificate the report was signed off with:
    // the PDF's first signature must be made with that same certificate,
    // or a copy re-signed by another key (in the same name) would pass.
    if let (Some((r, _, _)), Some(facts)) = (same, first.signer()) {
        if let Some(recorded) = r.certificate.as_deref() {
            if options.expected_certificate.is_none()
                && fingerprint_of(recorded) != facts.fingerprint
            {
                verified = false;
                lines.push(format!(
                    "MISMATCH: the report was signed with certificate SHA-256 {}, but the audit records the sign-off by {} with certificate SHA-256 {}.",
                    format_fingerprint(&facts.fingerprint),
                    r.name,
                    format_fingerprint(&fingerprint_of(recorded))
                ));
            }
        }
    }
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
    Ok(Verification {
        verified,
        lines,
        signers,
        content: Some(content),
    })
}
