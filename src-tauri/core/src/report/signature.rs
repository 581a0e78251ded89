//! PDF signatures a reader understands (issue 14): PAdES baseline B-B
//! signing as an incremental update, and reading back every signature in a
//! file with what was changed after it.
//!
//! Signing never rewrites a byte of the input. It appends one revision: a
//! signature dictionary (/Filter /Adobe.PPKLite, /SubFilter
//! /ETSI.CAdES.detached), an invisible signature field on page 1, the page
//! with that widget added to its /Annots, and the catalog (or its AcroForm)
//! with the field added to /Fields and /SigFlags 3; then a cross-reference
//! section of the same kind as the file's last one (a classic table after
//! a table, a stream after a stream). /ByteRange covers the whole file
//! except the /Contents hex string, which holds the CMS signature over the
//! two ranges. A countersignature is the same operation on a signed file,
//! so every earlier signature still covers exactly the bytes it did.
//!
//! Reading is bounded: files over [`MAX_PDF_BYTES`] are refused before
//! parsing, and every decompression (object streams, cross-reference
//! streams, the attachment) stops at a fixed size, so a small file that
//! inflates to gigabytes costs milliseconds and a few megabytes.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, StringFormat};

use crate::dates::Timestamp;
use crate::identity::{verify_detached, Identity, IdentityError, SignatureError, SignerFacts};

/// The largest PDF read or signed. The 81-page regional report is about
/// 0.6 MB; 64 MB leaves room for any real report and keeps a hostile file
/// from costing more than a few times that in memory.
pub const MAX_PDF_BYTES: usize = 64 * 1024 * 1024;
/// The most any one stream may inflate to while a PDF is loaded (object
/// and cross-reference streams).
pub const MAX_STREAM_BYTES: usize = 16 * 1024 * 1024;
/// Revisions beyond this are not checked one by one (each costs a parse);
/// a signed report has one per signature.
const MAX_REVISIONS: usize = 64;

/// What the signature dictionary says about the signing, beside the CMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureMeta {
    /// The signer's name (/Name).
    pub name: String,
    /// Their role, shown with the reason.
    pub role: String,
    /// Why they signed (/Reason), e.g. "Signed off the report as Chair".
    pub reason: String,
}

/// Why a PDF could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("this PDF is larger than {} MB, more than any report Section 11 Panel makes; it was not signed", MAX_PDF_BYTES / (1024 * 1024))]
    TooBig,
    #[error("this is not a PDF that can be signed ({0})")]
    NotPdf(String),
    #[error("this PDF is encrypted, so a signature cannot be added to it")]
    Encrypted,
    #[error(
        "this PDF has no signature to countersign: only a signed-off report can be countersigned"
    )]
    Unsigned,
    #[error("this PDF cannot be countersigned because its signatures do not hold: {0}")]
    NotIntact(String),
    #[error(transparent)]
    Identity(#[from] IdentityError),
}

/// Why the signatures of a PDF could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SignaturesError {
    #[error("this PDF is larger than {} MB, more than any report Section 11 Panel makes, so it was not checked", MAX_PDF_BYTES / (1024 * 1024))]
    TooBig,
    #[error("this is not a PDF that can be read ({0})")]
    NotPdf(String),
    #[error("this PDF has more than {MAX_REVISIONS} revisions, far more than a signed report has, so it was not checked")]
    TooManyRevisions,
}

/// One signature in a PDF, as found and checked.
#[derive(Debug, Clone)]
pub struct PdfSignature {
    /// The signature field's name (/T).
    pub field: String,
    /// /Name and /Reason of the signature dictionary, as text.
    pub name: Option<String>,
    pub reason: Option<String>,
    pub byte_range: Vec<i64>,
    /// The length of the file this signature covers (its revision's end).
    pub signed_length: usize,
    /// /ByteRange starts at 0, leaves out exactly the /Contents string,
    /// and ends where a revision of the file ends.
    pub byte_range_ok: bool,
    /// The signature covers every byte of the file.
    pub covers_whole_file: bool,
    /// The CMS check over the byte ranges: who signed, or why not valid.
    pub check: Result<SignerFacts, SignatureError>,
    /// What later revisions changed other than adding signatures, in
    /// sentences; empty when nothing but signatures was added after it.
    pub changes_after: Vec<String>,
}

impl PdfSignature {
    /// Valid in itself: well-formed, and the CMS verifies over its ranges.
    pub fn valid(&self) -> bool {
        self.byte_range_ok && self.check.is_ok()
    }

    pub fn signer(&self) -> Option<&SignerFacts> {
        self.check.as_ref().ok()
    }
}

pub(crate) fn load_bounded(pdf: &[u8]) -> Result<Document, lopdf::Error> {
    Document::load_mem_with_options(
        pdf,
        LoadOptions {
            max_decompressed_size: Some(MAX_STREAM_BYTES),
            ..Default::default()
        },
    )
}

/// Signs `pdf` as `identity` at time `at`: a further revision appended to
/// the file. The same input, identity and time give the same bytes.
pub fn sign_pdf(
    pdf: &[u8],
    identity: &Identity,
    meta: &SignatureMeta,
    at: Timestamp,
) -> Result<Vec<u8>, SignError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(SignError::TooBig);
    }
    let doc = load_bounded(pdf).map_err(|e| SignError::NotPdf(e.to_string()))?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(SignError::Encrypted);
    }
    let not_pdf = |what: &str| SignError::NotPdf(what.to_string());
    let prev_xref = last_startxref(pdf).ok_or_else(|| not_pdf("it has no cross-reference"))?;
    let xref_stream = !pdf
        .get(prev_xref..)
        .map(|rest| rest.trim_ascii_start().starts_with(b"xref"))
        .unwrap_or(false);
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| not_pdf("it has no catalog"))?;
    let catalog = doc
        .get_dictionary(root_id)
        .map_err(|_| not_pdf("it has no catalog"))?;
    let page_id = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| not_pdf("it has no pages"))?;
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|s| u32::try_from(s).ok())
        .unwrap_or(0)
        .max(doc.max_id + 1);
    let sig_id: ObjectId = (size, 0);
    let widget_id: ObjectId = (size + 1, 0);
    let mut next_id = size + 2;

    // Rewritten objects, by id: the page (or its /Annots array), the
    // catalog (or its AcroForm, or the AcroForm's /Fields array).
    let mut updated: BTreeMap<ObjectId, Object> = BTreeMap::new();

    let existing_names = field_names(&doc);
    let field_name = (1..)
        .map(|n| format!("Signature{n}"))
        .find(|n| !existing_names.contains(n))
        .unwrap_or_else(|| "Signature".into());

    // The page's /Annots gains the widget.
    let page = doc
        .get_dictionary(page_id)
        .map_err(|_| not_pdf("its first page cannot be read"))?;
    if let Some(arr) = append_reference(
        &doc,
        page.get(b"Annots"),
        widget_id,
        &mut updated,
        "its first page's annotations cannot be read",
    )? {
        let mut page = page.clone();
        page.set("Annots", Object::Array(arr));
        updated.insert(page_id, Object::Dictionary(page));
    }

    // The AcroForm gains the field, wherever it lives.
    let add_field = |form: &mut Dictionary,
                     updated: &mut BTreeMap<ObjectId, Object>|
     -> Result<(), SignError> {
        if let Some(arr) = append_reference(
            &doc,
            form.get(b"Fields"),
            widget_id,
            updated,
            "its form fields cannot be read",
        )? {
            form.set("Fields", Object::Array(arr));
        }
        // SignaturesExist | AppendOnly: readers then save changes as
        // incremental updates, which keeps the signatures valid.
        form.set("SigFlags", Object::Integer(3));
        Ok(())
    };
    match catalog.get(b"AcroForm") {
        Ok(Object::Reference(form_id)) => {
            let mut form = doc
                .get_dictionary(*form_id)
                .map_err(|_| not_pdf("its form cannot be read"))?
                .clone();
            add_field(&mut form, &mut updated)?;
            updated.insert(*form_id, Object::Dictionary(form));
        }
        other => {
            let mut form = match other {
                Ok(Object::Dictionary(d)) => d.clone(),
                _ => Dictionary::new(),
            };
            add_field(&mut form, &mut updated)?;
            let mut catalog = catalog.clone();
            catalog.set("AcroForm", Object::Dictionary(form));
            updated.insert(root_id, Object::Dictionary(catalog));
        }
    }

    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set(
        "T",
        Object::String(field_name.into_bytes(), StringFormat::Literal),
    );
    widget.set("V", Object::Reference(sig_id));
    // Invisible: no area, and flags Print | Locked (4 + 128).
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    widget.set("F", Object::Integer(132));
    widget.set("P", Object::Reference(page_id));
    updated.insert(widget_id, Object::Dictionary(widget));

    // The CMS is a fixed size for a given identity (fixed-length digests,
    // an RSA signature of the key's length; ECDSA varies by a few bytes),
    // so measuring one over empty data gives the room to reserve, plus a
    // margin.
    let reserve = identity.sign_detached(b"", at)?.len() + 64;

    let mut out = pdf.to_vec();
    if out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    let mut offsets: BTreeMap<u32, usize> = BTreeMap::new();

    // The signature dictionary, written by hand so that the two
    // placeholders are at known offsets.
    offsets.insert(sig_id.0, out.len());
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange ",
            sig_id.0
        )
        .as_bytes(),
    );
    let byte_range_at = out.len();
    out.extend_from_slice(&[b' '; BYTE_RANGE_WIDTH]);
    out.extend_from_slice(b"/Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', reserve * 2));
    out.push(b'>');
    let contents_end = out.len();
    let mut rest = Dictionary::new();
    rest.set(
        "M",
        Object::String(pdf_date(at).into_bytes(), StringFormat::Literal),
    );
    rest.set("Name", text_string(&meta.name));
    if !meta.reason.is_empty() {
        rest.set("Reason", text_string(&meta.reason));
    }
    let mut build = Dictionary::new();
    let mut app = Dictionary::new();
    app.set("Name", Object::Name(b"Section11Panel".to_vec()));
    app.set(
        "REx",
        Object::String(
            env!("CARGO_PKG_VERSION").as_bytes().to_vec(),
            StringFormat::Literal,
        ),
    );
    build.set("App", Object::Dictionary(app));
    rest.set("Prop_Build", Object::Dictionary(build));
    for (k, v) in rest.iter() {
        out.push(b'/');
        write_name(&mut out, k);
        out.push(b' ');
        write_object(&mut out, v);
    }
    out.extend_from_slice(b">>\nendobj\n");

    for (id, object) in &updated {
        offsets.insert(id.0, out.len());
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        write_object(&mut out, object);
        out.extend_from_slice(b"\nendobj\n");
    }

    let mut trailer = Dictionary::new();
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set(
        "Prev",
        Object::Integer(i64::try_from(prev_xref).unwrap_or(0)),
    );
    let xref_at;
    if xref_stream {
        let xref_id = next_id;
        next_id += 1;
        xref_at = out.len();
        offsets.insert(xref_id, xref_at);
        let mut rows = Vec::new();
        let mut index = Vec::new();
        for (start, run) in runs(&offsets) {
            index.push(Object::Integer(i64::from(start)));
            index.push(Object::Integer(i64::try_from(run.len()).unwrap_or(0)));
            for offset in run {
                rows.push(1u8);
                rows.extend_from_slice(&u32::try_from(offset).unwrap_or(u32::MAX).to_be_bytes());
                rows.extend_from_slice(&[0, 0]);
            }
        }
        trailer.set("Type", Object::Name(b"XRef".to_vec()));
        trailer.set("Size", Object::Integer(i64::from(next_id)));
        trailer.set("Index", Object::Array(index));
        trailer.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
        trailer.set(
            "Length",
            Object::Integer(i64::try_from(rows.len()).unwrap_or(0)),
        );
        out.extend_from_slice(format!("{xref_id} 0 obj\n").as_bytes());
        write_object(&mut out, &Object::Dictionary(trailer));
        out.extend_from_slice(b"\nstream\n");
        out.extend_from_slice(&rows);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    } else {
        xref_at = out.len();
        out.extend_from_slice(b"xref\n");
        for (start, run) in runs(&offsets) {
            out.extend_from_slice(format!("{start} {}\n", run.len()).as_bytes());
            for offset in run {
                // Each entry is exactly 20 bytes: "nnnnnnnnnn ggggg n\r\n".
                out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
            }
        }
        trailer.set("Size", Object::Integer(i64::from(next_id)));
        out.extend_from_slice(b"trailer\n");
        write_object(&mut out, &Object::Dictionary(trailer));
        out.push(b'\n');
    }
    out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());

    let ranges = [0, contents_start, contents_end, out.len() - contents_end];
    let byte_range = format!("[{} {} {} {}]", ranges[0], ranges[1], ranges[2], ranges[3]);
    if byte_range.len() > BYTE_RANGE_WIDTH {
        return Err(SignError::TooBig);
    }
    out[byte_range_at..byte_range_at + byte_range.len()].copy_from_slice(byte_range.as_bytes());

    let mut signed = Vec::with_capacity(out.len());
    signed.extend_from_slice(&out[..contents_start]);
    signed.extend_from_slice(&out[contents_end..]);
    let cms = identity.sign_detached(&signed, at)?;
    if cms.len() > reserve {
        return Err(SignError::Identity(IdentityError::Crypto(
            "the signature came out larger than the room reserved for it".into(),
        )));
    }
    let hex: Vec<u8> = cms
        .iter()
        .flat_map(|b| {
            let h = format!("{b:02X}");
            h.into_bytes()
        })
        .collect();
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(&hex);
    Ok(out)
}

/// Room for "[0 a b c]" with three offsets up to 10 digits.
const BYTE_RANGE_WIDTH: usize = 40;

/// A further signature on a signed PDF, refused unless every signature it
/// carries is valid and nothing but signatures was added after the first,
/// so that a countersignature never lends weight to an altered file.
pub fn countersign(
    pdf: &[u8],
    identity: &Identity,
    meta: &SignatureMeta,
    at: Timestamp,
) -> Result<Vec<u8>, SignError> {
    let signatures = pdf_signatures(pdf).map_err(|e| match e {
        SignaturesError::TooBig => SignError::TooBig,
        other => SignError::NotPdf(other.to_string()),
    })?;
    if signatures.is_empty() {
        return Err(SignError::Unsigned);
    }
    for s in &signatures {
        if let Err(e) = &s.check {
            return Err(SignError::NotIntact(format!(
                "the signature “{}” is not valid: {e}",
                s.field
            )));
        }
        if !s.byte_range_ok {
            return Err(SignError::NotIntact(format!(
                "the signature “{}” does not cover the file as a signature must",
                s.field
            )));
        }
        if let Some(change) = s.changes_after.first() {
            return Err(SignError::NotIntact(format!(
                "after the signature “{}”, {change}",
                s.field
            )));
        }
    }
    if !signatures.iter().any(|s| s.covers_whole_file) {
        return Err(SignError::NotIntact(
            "bytes were added to the end of the file after the last signature".into(),
        ));
    }
    sign_pdf(pdf, identity, meta, at)
}

/// Groups object numbers into runs of consecutive numbers, as both kinds
/// of cross-reference section list them.
fn runs(offsets: &BTreeMap<u32, usize>) -> Vec<(u32, Vec<usize>)> {
    let mut out: Vec<(u32, Vec<usize>)> = Vec::new();
    for (&id, &offset) in offsets {
        match out.last_mut() {
            Some((start, run)) if u32::try_from(run.len()).ok().map(|l| *start + l) == Some(id) => {
                run.push(offset)
            }
            _ => out.push((id, vec![offset])),
        }
    }
    out
}

/// The offset after the last `startxref` keyword.
fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let tail_start = pdf.len().saturating_sub(2048);
    let tail = &pdf[tail_start..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let digits: String = tail[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

fn pdf_date(t: Timestamp) -> String {
    let days = t.0.div_euclid(86_400);
    let secs = t.0.rem_euclid(86_400);
    let d = crate::dates::Date::from_days_since_epoch(days);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        d.year,
        d.month,
        d.day.unwrap_or(1),
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// A PDF text string: UTF-16BE with a byte order mark.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A PDF text string read back: UTF-16BE with its byte order mark (as we
/// write them), UTF-8 with its mark, or else PDFDocEncoding (as other
/// tools, pyHanko among them, rewrite plain names and titles).
pub(crate) fn text_of(o: &Object) -> String {
    match o.as_str() {
        Ok([0xFE, 0xFF, rest @ ..]) => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Ok([0xEF, 0xBB, 0xBF, rest @ ..]) => String::from_utf8_lossy(rest).into_owned(),
        Ok(bytes) => bytes.iter().map(|&b| pdf_doc_char(b)).collect(),
        Err(_) => String::new(),
    }
}

/// PDFDocEncoding (ISO 32000-1 Annex D): Latin-1 but for a few ranges.
fn pdf_doc_char(b: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}', '€',
    ];
    match b {
        0x18..=0x1F => LOW[usize::from(b - 0x18)],
        0x80..=0xA0 => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    for &b in name {
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// PDF syntax for an object that is not a stream (catalogs, pages,
/// arrays and dictionaries are never streams).
fn write_object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            let r = if r.is_finite() { *r } else { 0.0 };
            out.extend_from_slice(format!("{r}").as_bytes())
        }
        Object::Name(n) => {
            out.push(b'/');
            write_name(out, n);
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'\\' | b'(' | b')' => {
                        out.push(b'\\');
                        out.push(b);
                    }
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend_from_slice(b"<<");
            for (k, v) in d.iter() {
                out.push(b'/');
                write_name(out, k);
                out.push(b' ');
                write_object(out, v);
            }
            out.extend_from_slice(b">>");
        }
        Object::Reference((id, gen)) => out.extend_from_slice(format!("{id} {gen} R").as_bytes()),
        // Not reached: see above. Written as null rather than as a broken
        // stream, so a mistake here shows as a missing object, not a
        // damaged file.
        Object::Stream(_) => out.extend_from_slice(b"null"),
    }
}

/// The terminal form fields, following /Kids (depth-limited against loops).
fn fields(doc: &Document) -> Vec<(ObjectId, Dictionary, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Ok(form) = catalog
        .get(b"AcroForm")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
    else {
        return out;
    };
    let Ok(list) = form
        .get(b"Fields")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_array())
    else {
        return out;
    };
    let mut stack: Vec<(Object, usize, Option<Vec<u8>>)> =
        list.iter().rev().map(|o| (o.clone(), 0, None)).collect();
    let mut seen = BTreeSet::new();
    while let Some((o, depth, inherited_ft)) = stack.pop() {
        let Object::Reference(id) = o else { continue };
        if depth > 16 || !seen.insert(id) || out.len() > 10_000 {
            continue;
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        let ft = dict
            .get(b"FT")
            .and_then(Object::as_name)
            .map(<[u8]>::to_vec)
            .ok()
            .or(inherited_ft);
        match dict.get(b"Kids").and_then(Object::as_array) {
            Ok(kids) if dict.get(b"T").is_ok() => {
                for k in kids.iter().rev() {
                    stack.push((k.clone(), depth + 1, ft.clone()));
                }
            }
            _ => out.push((id, dict.clone(), ft)),
        }
    }
    out
}

fn field_names(doc: &Document) -> BTreeSet<String> {
    fields(doc)
        .iter()
        .filter_map(|(_, d, _)| d.get(b"T").ok().map(text_of))
        .collect()
}

/// Offsets just after each `%%EOF` marker (and its end of line): where
/// each revision of the file ends.
fn revision_ends(pdf: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut from = 0;
    while let Some(at) = pdf[from..].windows(5).position(|w| w == b"%%EOF") {
        let mut end = from + at + 5;
        if pdf.get(end) == Some(&b'\r') {
            end += 1;
        }
        if pdf.get(end) == Some(&b'\n') {
            end += 1;
        }
        ends.push(end);
        from = end;
    }
    ends
}

/// The length of the DER element at the start of `bytes` (the CMS in a
/// /Contents string is followed by zero padding).
fn der_length(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7F);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | usize::from(*bytes.get(2 + i)?);
    }
    Some(2 + n + len)
}

fn decode_hex(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let val = |b: u8| char::from(b).to_digit(16);
    digits
        .chunks(2)
        .map(|pair| {
            let hi = val(pair[0])?;
            let lo = pair.get(1).map_or(Some(0), |&b| val(b))?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

/// Every signature in `pdf`, in the order they were made, each checked
/// over the bytes it covers, with what was changed after it.
pub fn pdf_signatures(pdf: &[u8]) -> Result<Vec<PdfSignature>, SignaturesError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(SignaturesError::TooBig);
    }
    let doc = load_bounded(pdf).map_err(|e| SignaturesError::NotPdf(e.to_string()))?;
    let ends = revision_ends(pdf);
    if ends.len() > MAX_REVISIONS {
        return Err(SignaturesError::TooManyRevisions);
    }

    let mut found = Vec::new();
    for (_, field, ft) in fields(&doc) {
        if ft.as_deref() != Some(b"Sig") {
            continue;
        }
        let Ok((_, Object::Dictionary(sig))) = field.get(b"V").and_then(|v| doc.dereference(v))
        else {
            continue; // an empty signature field: nothing signed
        };
        found.push(check_signature(pdf, &ends, &field, sig));
    }
    found.sort_by_key(|s| s.signed_length);

    // Each revision after the first signed one, compared with the one
    // before: what did it change besides adding signatures?
    if let Some(first) = found
        .iter()
        .filter(|s| s.byte_range_ok)
        .map(|s| s.signed_length)
        .min()
    {
        let mut later: Vec<usize> = ends.iter().copied().filter(|&e| e > first).collect();
        let trailing = pdf.len() > ends.last().copied().unwrap_or(0)
            && !pdf[ends.last().copied().unwrap_or(0)..]
                .iter()
                .all(u8::is_ascii_whitespace);
        let mut changes: Vec<(usize, Vec<String>)> = Vec::new();
        let mut before_end = first;
        let mut before = load_bounded(&pdf[..first]).ok();
        for end in later.drain(..) {
            let after = load_bounded(&pdf[..end]).ok();
            let found_changes = match (&before, &after) {
                (Some(b), Some(a)) => changes_between(b, a),
                _ => vec!["a revision that cannot be read was added".to_string()],
            };
            changes.push((before_end, found_changes));
            before_end = end;
            before = after;
        }
        if trailing {
            changes.push((
                before_end,
                vec!["bytes that are not part of any revision were added at the end".into()],
            ));
        }
        for s in &mut found {
            s.changes_after = changes
                .iter()
                .filter(|(start, _)| *start >= s.signed_length)
                .flat_map(|(_, c)| c.iter().cloned())
                .collect();
        }
    }
    Ok(found)
}

fn check_signature(
    pdf: &[u8],
    ends: &[usize],
    field: &Dictionary,
    sig: &Dictionary,
) -> PdfSignature {
    let byte_range: Vec<i64> = sig
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_i64().ok()).collect())
        .unwrap_or_default();
    let contents = sig
        .get(b"Contents")
        .and_then(Object::as_str)
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let mut out = PdfSignature {
        field: field.get(b"T").map(text_of).unwrap_or_default(),
        name: sig.get(b"Name").ok().map(text_of),
        reason: sig.get(b"Reason").ok().map(text_of),
        byte_range: byte_range.clone(),
        signed_length: 0,
        byte_range_ok: false,
        covers_whole_file: false,
        check: Err(SignatureError::Unreadable(
            "it has no valid /ByteRange".into(),
        )),
        changes_after: Vec::new(),
    };
    let as_usize = |v: i64| usize::try_from(v).ok();
    let [Some(a), Some(b), Some(c), Some(d)] = <[i64; 4]>::try_from(byte_range.as_slice())
        .map(|r| r.map(as_usize))
        .unwrap_or([None; 4])
    else {
        return out;
    };
    let Some(end) = c.checked_add(d) else {
        return out;
    };
    if a != 0 || b == 0 || c <= b || end > pdf.len() {
        return out;
    }
    out.signed_length = end;
    // The hole must be exactly this dictionary's /Contents string: a
    // hex string whose bytes are the /Contents value. Otherwise the
    // signature could be over one thing while the reader shows another.
    let hole = &pdf[b..c];
    out.byte_range_ok = hole.first() == Some(&b'<')
        && hole.last() == Some(&b'>')
        && decode_hex(&hole[1..hole.len() - 1]).as_deref() == Some(contents.as_slice())
        && ends.contains(&end);
    out.covers_whole_file = end == pdf.len();
    let cms = match der_length(&contents) {
        Some(len) if len <= contents.len() => &contents[..len],
        _ => {
            out.check = Err(SignatureError::Unreadable(
                "its /Contents is not a signature".into(),
            ));
            return out;
        }
    };
    let mut signed = Vec::with_capacity(end - (c - b));
    signed.extend_from_slice(&pdf[..b]);
    signed.extend_from_slice(&pdf[c..end]);
    out.check = verify_detached(cms, &signed);
    out
}

fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => x.dict == y.dict && x.content == y.content,
        _ => a == b,
    }
}

fn dict_without(d: &Dictionary, key: &[u8]) -> Dictionary {
    let mut d = d.clone();
    d.remove(key);
    d
}

fn type_of(o: &Object) -> Option<Vec<u8>> {
    let d = match o {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return None,
    };
    d.get(b"Type")
        .or_else(|_| d.get(b"Subtype"))
        .and_then(Object::as_name)
        .ok()
        .map(<[u8]>::to_vec)
}

fn is_structural(o: &Object) -> bool {
    matches!(type_of(o).as_deref(), Some(b"XRef" | b"ObjStm"))
}

fn is_signature_dict(o: &Object) -> bool {
    match o {
        Object::Dictionary(d) => {
            matches!(
                d.get(b"Type").and_then(Object::as_name),
                Ok(b"Sig" | b"DocTimeStamp")
            ) || (d.get(b"ByteRange").is_ok()
                && d.get(b"Contents").is_ok()
                && d.get(b"Filter").is_ok())
        }
        _ => false,
    }
}

fn is_signature_field(o: &Object) -> bool {
    match o {
        Object::Dictionary(d) => {
            d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig")
                && d.get(b"Kids").is_err()
                // An appearance could draw anything on the page; ours has none.
                && d.get(b"AP").is_err()
        }
        _ => false,
    }
}

/// The references in an array, or in the array an object refers to.
fn refs(doc: &Document, o: Option<&Object>) -> Option<Vec<Object>> {
    match o {
        None => Some(Vec::new()),
        Some(o) => doc
            .dereference(o)
            .ok()
            .and_then(|(_, o)| o.as_array().ok())
            .cloned(),
    }
}

fn superset(old: &[Object], new: &[Object]) -> bool {
    old.iter().all(|o| new.contains(o))
}

/// What `after` changed relative to `before`, other than adding signatures,
/// in sentences for the chair.
fn changes_between(before: &Document, after: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let root = |d: &Document| d.trailer.get(b"Root").and_then(Object::as_reference).ok();
    // The document information (title, author...) may have its
    // modification date and producer updated by a signing tool (pyHanko
    // does); anything else in it is a change.
    let info = |d: &Document| -> Option<Dictionary> {
        let o = d.trailer.get(b"Info").ok()?;
        let (_, o) = d.dereference(o).ok()?;
        let mut d = dict_without(&dict_without(o.as_dict().ok()?, b"ModDate"), b"Producer");
        // The same text may be written in another encoding.
        for (_, v) in d.iter_mut() {
            if matches!(v, Object::String(..)) {
                *v = Object::String(text_of(v).into_bytes(), StringFormat::Literal);
            }
        }
        Some(d)
    };
    let info_id = after
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .ok();
    if root(before) != root(after) {
        out.push("the document’s catalogue was replaced".into());
        return out;
    }
    if info(before) != info(after) {
        out.push("the document’s information (title, author) was changed".into());
    }
    if after.trailer.get(b"Encrypt").is_ok() != before.trailer.get(b"Encrypt").is_ok() {
        out.push("encryption was added".into());
    }
    let Some(root_id) = root(after) else {
        out.push("the document has no catalogue".into());
        return out;
    };
    // The XMP metadata stream, which a signing tool may rewrite (pyHanko
    // updates its dates and producer, as in the document information); its
    // title, which a reader's title bar shows, must stay as signed.
    let metadata_id = after
        .get_dictionary(root_id)
        .ok()
        .and_then(|c| c.get(b"Metadata").and_then(Object::as_reference).ok());
    let page_numbers: BTreeMap<ObjectId, u32> = after
        .get_pages()
        .into_iter()
        .map(|(n, id)| (id, n))
        .collect();
    let form_of = |d: &Document| -> Option<(Option<ObjectId>, Dictionary)> {
        let cat = d.get_dictionary(root_id).ok()?;
        let o = cat.get(b"AcroForm").ok()?;
        let (id, form) = d.dereference(o).ok()?;
        Some((id, form.as_dict().ok()?.clone()))
    };
    let form_before = form_of(before);
    let form_after = form_of(after);
    let form_id = form_after.as_ref().and_then(|(id, _)| *id);
    let fields_array_id = form_after
        .as_ref()
        .and_then(|(_, f)| f.get(b"Fields").and_then(Object::as_reference).ok());
    let annots_array_ids: BTreeSet<ObjectId> = page_numbers
        .keys()
        .filter_map(|id| after.get_dictionary(*id).ok())
        .filter_map(|p| p.get(b"Annots").and_then(Object::as_reference).ok())
        .collect();

    let fields_before = form_before
        .as_ref()
        .and_then(|(_, f)| refs(before, f.get(b"Fields").ok()))
        .unwrap_or_default();
    let fields_after = form_after
        .as_ref()
        .and_then(|(_, f)| refs(after, f.get(b"Fields").ok()))
        .unwrap_or_default();
    if !superset(&fields_before, &fields_after) {
        out.push("a form field (perhaps a signature) was removed".into());
    }
    let form_ok = |b: Option<&Dictionary>, a: &Dictionary| -> bool {
        let strip = |d: &Dictionary| dict_without(&dict_without(d, b"Fields"), b"SigFlags");
        match b {
            Some(b) => strip(b) == strip(a),
            None => strip(a).is_empty(),
        }
    };

    for (&id, new) in &after.objects {
        if is_structural(new) {
            continue;
        }
        let old = before.objects.get(&id);
        if old.is_some_and(|old| same(old, new)) {
            continue;
        }
        let allowed = if Some(id) == info_id {
            // Compared above, as a whole.
            true
        } else if id == root_id {
            // A signing tool may also state the PDF version it wrote
            // (/Version); it changes nothing that is drawn.
            let strip = |d: &Dictionary| dict_without(&dict_without(d, b"AcroForm"), b"Version");
            match (old.and_then(|o| o.as_dict().ok()), new.as_dict().ok()) {
                (Some(o), Some(n)) => {
                    strip(o) == strip(n)
                        && match n.get(b"AcroForm") {
                            Ok(Object::Dictionary(f)) => {
                                form_ok(o.get(b"AcroForm").ok().and_then(|f| f.as_dict().ok()), f)
                            }
                            _ => true,
                        }
                }
                _ => false,
            }
        } else if let Some(&n) = page_numbers.get(&id) {
            let ok = match (old.and_then(|o| o.as_dict().ok()), new.as_dict().ok()) {
                (Some(o), Some(nd)) => {
                    dict_without(o, b"Annots") == dict_without(nd, b"Annots")
                        && match (
                            refs(before, o.get(b"Annots").ok()),
                            refs(after, nd.get(b"Annots").ok()),
                        ) {
                            (Some(a), Some(b)) => superset(&a, &b),
                            _ => false,
                        }
                }
                _ => false,
            };
            if !ok {
                out.push(format!("page {n} was changed"));
                continue;
            }
            true
        } else if Some(id) == metadata_id {
            match (old, new) {
                (Some(Object::Stream(o)), Object::Stream(n)) => {
                    let title = |st: &lopdf::Stream| {
                        let bytes = st
                            .decompressed_content()
                            .unwrap_or_else(|_| st.content.clone());
                        xmp_title(&String::from_utf8_lossy(&bytes))
                    };
                    title(o) == title(n)
                }
                _ => false,
            }
        } else if Some(id) == form_id {
            // Compared with the form as it was, wherever it lived (a
            // direct dictionary in the catalog may become an object).
            match new.as_dict() {
                Ok(n) => form_ok(form_before.as_ref().map(|(_, d)| d), n),
                Err(_) => false,
            }
        } else if Some(id) == fields_array_id || annots_array_ids.contains(&id) {
            match (old.and_then(|o| o.as_array().ok()), new.as_array()) {
                (Some(o), Ok(n)) => superset(o, n),
                (None, Ok(_)) => true,
                _ => false,
            }
        } else {
            old.is_none() && (is_signature_dict(new) || is_signature_field(new))
        };
        if !allowed {
            out.push(describe_change(id, old.is_none(), new));
        }
    }
    for (&id, old) in &before.objects {
        if !after.objects.contains_key(&id) && !is_structural(old) {
            out.push(format!("{} (object {}) was removed", kind(old), id.0));
        }
    }
    out
}

/// Appends a reference to `item` to an array held as `value`: an indirect
/// array is rewritten in `updated` (and `None` returned); a direct array, or
/// none, comes back extended for the caller to set in its holder. Unreadable
/// says `what`.
fn append_reference(
    doc: &Document,
    value: Result<&Object, lopdf::Error>,
    item: ObjectId,
    updated: &mut BTreeMap<ObjectId, Object>,
    what: &str,
) -> Result<Option<Vec<Object>>, SignError> {
    if let Ok(Object::Reference(arr_id)) = value {
        let mut arr = doc
            .get_object(*arr_id)
            .and_then(Object::as_array)
            .map_err(|_| SignError::NotPdf(what.to_string()))?
            .clone();
        arr.push(Object::Reference(item));
        updated.insert(*arr_id, Object::Array(arr));
        return Ok(None);
    }
    let mut arr = match value {
        Ok(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    arr.push(Object::Reference(item));
    Ok(Some(arr))
}

/// The `dc:title` element of an XMP packet, as text; `None` without one.
fn xmp_title(xmp: &str) -> Option<String> {
    let start = xmp.find("<dc:title")?;
    let end = xmp[start..].find("</dc:title>")? + start;
    Some(
        xmp[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn kind(o: &Object) -> &'static str {
    match type_of(o).as_deref() {
        Some(b"Page") => "a page",
        Some(b"Catalog") => "the document’s catalogue",
        Some(b"EmbeddedFile") => "an attached file",
        Some(b"Filespec") => "an attachment’s details",
        Some(b"Font" | b"FontDescriptor") => "a font",
        Some(b"Annot" | b"Widget" | b"Link" | b"FreeText" | b"Text") => "an annotation",
        Some(b"XObject" | b"Form" | b"Image") => "a drawing or image",
        Some(b"Sig") => "a signature",
        _ => match o {
            Object::Stream(_) => "a content stream",
            _ => "an object",
        },
    }
}

fn describe_change(id: ObjectId, added: bool, o: &Object) -> String {
    format!(
        "{} (object {}) was {}",
        kind(o),
        id.0,
        if added { "added" } else { "changed" }
    )
}

#[cfg(test)]
mod xmp_tests {
    use super::xmp_title;

    #[test]
    fn the_xmp_title_is_read_so_a_rewritten_packet_may_keep_it_but_not_change_it() {
        let a = "<x><dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Report</rdf:li></rdf:Alt></dc:title><xmp:ModifyDate>1</xmp:ModifyDate></x>";
        let b = a.replace("<xmp:ModifyDate>1", "<xmp:ModifyDate>2");
        let c = a.replace(">Report<", ">Forged<");
        assert_eq!(xmp_title(a), xmp_title(&b), "dates may change");
        assert_ne!(xmp_title(a), xmp_title(&c), "the title may not");
        assert_eq!(xmp_title("<x/>"), None);
    }
}
