//! The report the partnership publishes, and the blank question template sent
//! to organisations before their workshop, as PDF drawn by the core itself:
//! our own layout (`layout.rs`) over glyph widths from the embedded DejaVu
//! fonts (`fonts.rs`), drawn with printpdf (`pdf.rs`). No WebView and no
//! external program, so an export takes milliseconds and the same audit
//! always gives the same bytes.
//!
//! The report follows the seed (the 2021-22 South Gloucestershire report):
//! title page; Background; Methodology naming the panel; for each review its
//! paragraph and its Theme | Questions to Explore | Responses table with
//! recommendation rows; reviews that did not take place; Conclusion; the
//! numbered recommendations table; the question template as an appendix.

mod blank;
mod docx;
mod fonts;
mod layout;
mod parallel;
mod pdf;
mod regional;
mod sections;
mod signature;
mod subset;
mod tags;
mod text;
mod verify;

use crate::audit::AuditDoc;
use crate::dates::Date;
use fonts::Fonts;
use layout::{Colour, Flow, PageGeometry, Span};

pub use docx::{report_docx, SignedRecord};
pub use fonts::FontKind;
pub use layout::{Draw, OutlineEntry, Page};
pub use regional::{
    regional_canonical, regional_docx, regional_pdf, regional_title, signed_regional_pdf,
    REGIONAL_FORMAT,
};
pub use signature::{
    countersign, pdf_signatures, sign_pdf, PdfSignature, SignError, SignatureMeta, SignaturesError,
    MAX_PDF_BYTES,
};
pub use verify::{
    read_signed_content, verify_pdf, SignedContent, Verification, VerifiedSigner, VerifyError,
    VerifyOptions,
};

/// What can go wrong making a PDF. Neither depends on the audit's content:
/// any audit can be typeset.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The fonts are built into the program, so this is a fault in the
    /// program (not in the audit, and not cured by reinstalling the same copy).
    #[error("the report's built-in font “{0}” could not be used. This is a fault in Section 11 Panel, not in your audit, which is unchanged: please report it")]
    Font(String),
    #[error("the PDF could not be put together ({0}); please report this, with the audit file if you can share it")]
    Write(String),
    #[error("the report could not be signed: {0}")]
    Sign(#[from] SignError),
}

/// How to produce the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// Mark every page DRAFT. False only for a signed-off report, which
    /// [`signed_report_pdf`] draws.
    pub draft: bool,
}

/// The report's sign-off as the signed PDF prints and carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSignOff {
    pub name: String,
    pub role: String,
    /// RFC 3339 UTC.
    pub signed_at: String,
    pub statement: String,
    /// SHA-256 of `canonical`, lower-case hex.
    pub digest: String,
    /// The canonical text that was signed (see `crate::canonical`).
    pub canonical: String,
    /// SHA-256 of the signatory's certificate, printed so a partnership can
    /// publish the fingerprints it trusts; `None` for a sign-off made before
    /// sign-offs were signed with a key.
    pub certificate_fingerprint: Option<String>,
    /// The gaps the chair accepted in signing off the report, as printed.
    pub accepted_gaps: Vec<String>,
    /// Who signed off each review's minutes.
    pub minutes: Vec<MinutesSigner>,
}

/// One review's minutes' sign-off, as the report's sign-off page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesSigner {
    /// "Minutes of BNSSG CCG".
    pub subject: String,
    pub name: String,
    pub role: String,
    pub signed_at: String,
    pub certificate_fingerprint: Option<String>,
    /// The gaps accepted in signing them off, as printed.
    pub accepted_gaps: Vec<String>,
}

/// The name of the attachment that carries the signed content.
pub const SIGNED_CONTENT_NAME: &str = "signed-report.json";

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { draft: true }
    }
}

/// The report as a PDF, marked DRAFT (nothing is signed off yet).
pub fn report_pdf(doc: &AuditDoc) -> Result<Vec<u8>, ReportError> {
    report_pdf_with(doc, &ReportOptions::default())
}

pub fn report_pdf_with(doc: &AuditDoc, options: &ReportOptions) -> Result<Vec<u8>, ReportError> {
    Ok(report_pdf_signed(doc, options, None)?.bytes)
}

/// The signed-off report: no DRAFT mark, a sign-off page at the end, the
/// fingerprint in short in every page's footer, and the signed canonical
/// content attached as `signed-report.json` for `s11 verify`. Same bytes
/// for the same audit and sign-off.
pub fn signed_report_pdf(doc: &AuditDoc, sign_off: &ReportSignOff) -> Result<Vec<u8>, ReportError> {
    Ok(report_pdf_signed(doc, &ReportOptions { draft: false }, Some(sign_off))?.bytes)
}

fn report_pdf_signed(
    doc: &AuditDoc,
    options: &ReportOptions,
    sign_off: Option<&ReportSignOff>,
) -> Result<pdf::Rendered, ReportError> {
    {
        crate::phases::mark("sign-off read");
        let kind = if options.draft {
            "report draft"
        } else {
            "report"
        };
        // The content hash (~1.5 ms for the large audit) is taken beside
        // the layout.
        let (laid_out, hashed) = parallel::both(
            || {
                Fonts::load().map(|fonts| {
                    crate::phases::mark("fonts loaded for layout");
                    let pages = report_pages(&fonts, doc, options, sign_off);
                    (fonts, pages)
                })
            },
            || identity(doc, kind),
        );
        let (fonts, (pages, outline, tree)) = laid_out?;
        let geometry = PageGeometry::a4();
        crate::phases::mark("layout");
        let info = pdf::DocumentInfo {
            title: format!("{} – {}", text::report_title(doc), doc.audit.partnership),
            author: doc.audit.partnership.clone(),
            subject: format!(
                "Section 11 peer review report {}{}",
                doc.audit.year,
                if options.draft { " (draft)" } else { "" }
            ),
            date: document_date(doc),
            identity: {
                let mut id = hashed;
                if let Some(s) = sign_off {
                    id.extend_from_slice(s.digest.as_bytes());
                    id.extend_from_slice(s.signed_at.as_bytes());
                }
                id
            },
        };
        let watermark = options.draft.then(|| pdf::Watermark {
            text: "DRAFT".into(),
            colour: Colour(0.93, 0.93, 0.95),
        });
        let attachment = sign_off.map(|s| pdf::Attachment {
            name: SIGNED_CONTENT_NAME.into(),
            description: format!("The signed content of this report (SHA-256 {})", s.digest),
            content: s.canonical.clone().into_bytes(),
            digest: s.digest.clone(),
            signed_by: s.name.clone(),
            signed_at: s.signed_at.clone(),
        });
        let rendered = pdf::render(
            &fonts,
            &geometry,
            &pages,
            &outline,
            &tree,
            &info,
            watermark.as_ref(),
            attachment.as_ref(),
        );
        pdf::free_later((pages, outline, tree));
        rendered
    }
}

/// Why the report could not be exported from an open audit.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] crate::StoreError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// The report as it should be exported now.
#[derive(Debug, Clone)]
pub struct ExportedReport {
    pub bytes: Vec<u8>,
    /// True for the signed-off report, false for a draft.
    pub signed: bool,
    /// Characters the report's fonts have no glyph for: printed as a
    /// placeholder (the real character stays in the PDF's text), to be
    /// told to whoever exports it.
    pub missing_glyphs: Vec<char>,
}

/// The signed report file made once at sign-off: the signed-off report
/// drawn, then signed with `signer`'s key as an incremental update (PAdES),
/// the signing time being the sign-off's.
pub fn signed_report_file(
    doc: &AuditDoc,
    sign_off: &ReportSignOff,
    signer: &crate::identity::Identity,
    at: crate::dates::Timestamp,
) -> Result<Vec<u8>, ReportError> {
    let drawn = signed_report_pdf(doc, sign_off)?;
    let meta = SignatureMeta {
        name: sign_off.name.clone(),
        role: sign_off.role.clone(),
        reason: if sign_off.role.trim().is_empty() {
            "Signed off the report".into()
        } else {
            format!("Signed off the report as {}", sign_off.role.trim())
        },
    };
    Ok(sign_pdf(&drawn, signer, &meta, at)?)
}

/// The report of the audit open in `store`: the signed PDF kept at sign-off
/// while the report is signed off, the draft otherwise. The signed PDF is
/// given only while the audit's content and records still match what was
/// signed (a file altered outside the app is refused, not given a signed
/// report it no longer deserves).
pub fn export_report(store: &crate::Store) -> Result<ExportedReport, ExportError> {
    let doc = store.load()?;
    crate::phases::mark("audit loaded");
    let Some(sign_off) = store.report_sign_off()? else {
        let rendered = report_pdf_signed(&doc, &ReportOptions::default(), None)?;
        pdf::free_later(doc);
        return Ok(ExportedReport {
            bytes: rendered.bytes,
            signed: false,
            missing_glyphs: rendered.missing,
        });
    };
    if let Some(problem) = store.check_signed_content()?.into_iter().next() {
        return Err(crate::StoreError::Refused(format!(
            "{problem} The signed report cannot be exported from this file."
        ))
        .into());
    }
    let (bytes, missing) = match store.signed_report_pdf()? {
        // The bytes kept at sign-off. The pages are laid out and drawn
        // again only to name the characters no font has, without making a
        // PDF of them (issue 22: that was most of the export's time).
        Some(bytes) => (bytes, missing_in_signed_report(&doc, &sign_off)?),
        // Signed off before signed PDFs were kept (schema 4): drawn as then,
        // with no key signature, which `s11 verify` says plainly.
        None => {
            let rendered =
                report_pdf_signed(&doc, &ReportOptions { draft: false }, Some(&sign_off))?;
            (rendered.bytes, rendered.missing)
        }
    };
    pdf::free_later(doc);
    Ok(ExportedReport {
        bytes,
        signed: true,
        missing_glyphs: missing,
    })
}

/// The characters the signed-off report prints as a placeholder: those
/// [`report_pdf_signed`] would report, found by drawing its pages without
/// turning them into a PDF.
fn missing_in_signed_report(
    doc: &AuditDoc,
    sign_off: &ReportSignOff,
) -> Result<Vec<char>, ReportError> {
    let fonts = Fonts::load()?;
    let options = ReportOptions { draft: false };
    let (pages, _, tree) = report_pages(&fonts, doc, &options, Some(sign_off));
    let missing = pdf::missing_characters(&fonts, &PageGeometry::a4(), &pages, &tree);
    pdf::free_later((pages, tree));
    Ok(missing)
}

/// The report of the audit open in `store` as a Word document to edit: a
/// draft, or for a signed-off report a copy that names the signed PDF as
/// the record and gives its fingerprint.
pub fn export_report_docx(store: &crate::Store) -> Result<ExportedReport, ExportError> {
    let doc = store.load()?;
    let signed = store.signed_report()?.map(|(record, _)| SignedRecord {
        name: record.name,
        role: record.role,
        signed_at: record.signed_at,
        digest: record.digest,
    });
    Ok(ExportedReport {
        bytes: report_docx(&doc, signed.as_ref())?,
        signed: signed.is_some(),
        // Word draws with the reader's own fonts.
        missing_glyphs: Vec::new(),
    })
}

/// A contact log in the report's words ("Contact was made with … on …"),
/// for screens that show it as the report will.
pub fn contact_sentences(contacts: &[crate::review::ContactAttempt]) -> String {
    text::contact_log(contacts)
}

/// Characters the report's fonts cannot print, as a line for the person
/// exporting: "🎨 (U+1F3A8), 名 (U+540D)".
pub fn describe_missing_glyphs(missing: &[char]) -> String {
    missing
        .iter()
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The blank question template to send to an organisation before its
/// workshop: the themes and questions with room to prepare responses.
pub fn template_pdf(doc: &AuditDoc) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load()?;
    let geometry = PageGeometry::a4();
    let (pages, outline, tree) = template_pages(&fonts, doc);
    let info = pdf::DocumentInfo {
        title: format!(
            "Section 11 peer review questions {} – {}",
            doc.audit.year, doc.audit.partnership
        ),
        author: doc.audit.partnership.clone(),
        subject: "Question template for the Section 11 peer review workshop".into(),
        date: document_date(doc),
        identity: identity(doc, "template"),
    };
    Ok(pdf::render(
        &fonts, &geometry, &pages, &outline, &tree, &info, None, None,
    )?
    .bytes)
}

/// The action plan (issue 18): last year's recommendations with owner,
/// status, due date and latest progress, as the report's progress table,
/// for the partnership to follow between audits. `None` when the audit was
/// not started from last year's.
pub fn action_plan_pdf(doc: &AuditDoc) -> Result<Option<Vec<u8>>, ReportError> {
    let Some(c) = doc.previous.as_ref().filter(|c| !c.actions.is_empty()) else {
        return Ok(None);
    };
    let fonts = Fonts::load()?;
    let geometry = PageGeometry::a4();
    let mut flow = Flow::new(&fonts, geometry);
    sections::previous_progress_table(&mut flow, doc);
    let (mut pages, outline, tree) = flow.finish_tagged();
    let label = format!(
        "{} · Action plan: {} recommendations",
        doc.audit.partnership, c.from.year
    );
    furnish(&fonts, &mut pages, &label, false);
    let info = pdf::DocumentInfo {
        title: format!(
            "Action plan: progress on {} recommendations – {}",
            c.from.year, doc.audit.partnership
        ),
        author: doc.audit.partnership.clone(),
        subject: "Section 11 recommendations followed as actions".into(),
        date: document_date(doc),
        identity: identity(doc, "action-plan"),
    };
    Ok(Some(
        pdf::render(
            &fonts, &geometry, &pages, &outline, &tree, &info, None, None,
        )?
        .bytes,
    ))
}

/// The report's pages as laid out, before drawing: for tests and the
/// benchmark, which look at layout without reading a PDF back.
pub fn report_layout(
    doc: &AuditDoc,
    options: &ReportOptions,
) -> Result<(Vec<Page>, Vec<OutlineEntry>), ReportError> {
    let fonts = Fonts::load()?;
    let (pages, outline, _) = report_pages(&fonts, doc, options, None);
    Ok((pages, outline))
}

fn report_pages(
    fonts: &Fonts,
    doc: &AuditDoc,
    options: &ReportOptions,
    sign_off: Option<&ReportSignOff>,
) -> (Vec<Page>, Vec<OutlineEntry>, tags::StructTree) {
    let mut flow = Flow::new(fonts, PageGeometry::a4());
    sections::report(&mut flow, doc);
    if let Some(s) = sign_off {
        sections::sign_off_page(&mut flow, s);
    }
    let (mut pages, outline, tree) = flow.finish_tagged();
    furnish(fonts, &mut pages, &footer_label(doc), options.draft);
    if let Some(s) = sign_off {
        sign_footer(fonts, &mut pages, s);
    }
    (pages, outline, tree)
}

/// The second footer line of a signed report: who signed it, when, and the
/// fingerprint in short (the sign-off page has it whole).
fn sign_footer(fonts: &Fonts, pages: &mut [Page], s: &ReportSignOff) {
    let g = PageGeometry::a4();
    let size = 7.0;
    let y = g.height - 12.0 * layout::MM + 10.0;
    let line = fonts.printable(&format!(
        "Signed off {} by {} · SHA-256 {}",
        crate::canonical::day(&s.signed_at),
        s.name,
        crate::canonical::short_digest(&s.digest)
    ));
    let line = fit(fonts, &line, size, g.body_width());
    for page in pages.iter_mut() {
        page.draws.push(layout::Draw::Text {
            x: g.margin_left,
            y,
            text: line.clone(),
            font: fonts::FontKind::Regular,
            size,
            colour: layout::MUTED,
        });
    }
}

fn template_pages(
    fonts: &Fonts,
    doc: &AuditDoc,
) -> (Vec<Page>, Vec<OutlineEntry>, tags::StructTree) {
    let mut flow = Flow::new(fonts, PageGeometry::a4());
    blank::template(&mut flow, doc);
    let (mut pages, outline, tree) = flow.finish_tagged();
    let label = format!(
        "{} · Section 11 peer review questions {}",
        doc.audit.partnership, doc.audit.year
    );
    furnish(fonts, &mut pages, &label, false);
    (pages, outline, tree)
}

fn footer_label(doc: &AuditDoc) -> String {
    format!("{} · {}", doc.audit.partnership, text::report_title(doc))
}

const DRAFT_RED: Colour = Colour(0.72, 0.10, 0.10);

/// Footer on every page ("Page N of M" and the partnership), and the DRAFT
/// line at the head of every page of an unsigned report. Added once the
/// page count is known.
fn furnish(fonts: &Fonts, pages: &mut [Page], label: &str, draft: bool) {
    let g = PageGeometry::a4();
    let total = pages.len();
    let size = 8.0;
    let footer_y = g.height - 12.0 * layout::MM;
    let rule_y = footer_y - 10.0;
    let label = fonts.printable(label);
    for (i, page) in pages.iter_mut().enumerate() {
        let number = format!("Page {} of {}", i + 1, total);
        let number_w = fonts.regular.width(&number, size);
        // A label too long for the line beside the page number is cut short
        // with an ellipsis rather than running into it.
        let room = g.body_width() - number_w - 12.0;
        let label = fit(fonts, &label, size, room);
        let right = g.width - g.margin_right;
        page.draws.push(layout::Draw::Line {
            x1: g.margin_left,
            y1: rule_y,
            x2: right,
            y2: rule_y,
            width: 0.5,
            colour: layout::RULE,
        });
        page.draws.push(layout::Draw::Text {
            x: g.margin_left,
            y: footer_y,
            text: label,
            font: fonts::FontKind::Regular,
            size,
            colour: layout::MUTED,
        });
        page.draws.push(layout::Draw::Text {
            x: right - number_w,
            y: footer_y,
            text: number,
            font: fonts::FontKind::Regular,
            size,
            colour: layout::MUTED,
        });
        if draft {
            let mark = "DRAFT – not yet signed off by the partnership";
            let w = fonts.bold.width(mark, 9.0);
            page.draws.push(layout::Draw::Text {
                x: (g.width - w) / 2.0,
                y: 12.0 * layout::MM,
                text: mark.into(),
                font: fonts::FontKind::Bold,
                size: 9.0,
                colour: DRAFT_RED,
            });
        }
    }
}

/// `text` shortened with an ellipsis to fit `width` points.
fn fit(fonts: &Fonts, text: &str, size: f32, width: f32) -> String {
    if fonts.regular.width(text, size) <= width {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && fonts.regular.width(&format!("{out}…"), size) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// The date the file carries: the report date, else the latest review date,
/// else none (never the clock, so that exports are reproducible).
fn document_date(doc: &AuditDoc) -> Option<Date> {
    Date::parse(&doc.audit.report_date, true).ok().or_else(|| {
        doc.reviews
            .iter()
            .filter_map(|r| r.date.as_deref())
            .filter_map(|d| Date::parse(d, false).ok())
            .max()
    })
}

/// What identifies a report's content: a SHA-256 of the audit as compact
/// JSON, the kind of report and this version. Hashed as the JSON is written,
/// in 64 KB pieces, never held whole (issue 22: the large audit's pretty
/// JSON was 1.3 MB, made and then hashed a byte at a time, ~5 ms).
fn identity(doc: &AuditDoc, kind: &str) -> Vec<u8> {
    use sha2::Digest;
    use std::io::Write;
    struct Hashing(sha2::Sha256);
    impl Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, Hashing(sha2::Sha256::new()));
    // Writing into a hash cannot fail, nor can serialising an AuditDoc.
    let _ = serde_json::to_writer(&mut out, doc);
    let _ = out.write_all(kind.as_bytes());
    let _ = out.write_all(env!("CARGO_PKG_VERSION").as_bytes());
    let _ = out.flush();
    let (Hashing(hash), _) = out.into_parts();
    hash.finalize().to_vec()
}

/// Shared by the report and the template.
pub(crate) fn span_title(text: &str) -> Span {
    Span::bold(text).coloured(layout::ACCENT)
}
