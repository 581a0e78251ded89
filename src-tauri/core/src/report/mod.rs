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
mod fonts;
mod layout;
mod pdf;
mod sections;
mod text;

use crate::audit::AuditDoc;
use crate::dates::Date;
use fonts::Fonts;
use layout::{Colour, Flow, PageGeometry, Span};

pub use fonts::FontKind;
pub use layout::{Draw, OutlineEntry, Page};

/// What can go wrong making a PDF. Neither depends on the audit's content:
/// any audit can be typeset.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the report's built-in font “{0}” could not be read, so this copy of Section 11 Panel is damaged; please reinstall it")]
    Font(String),
    #[error("the PDF could not be put together ({0}); please report this, with the audit file if you can share it")]
    Write(String),
}

/// How to produce the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// Mark every page DRAFT. Stays true until the report is signed off (a
    /// later issue will set it from the audit's sign-off).
    pub draft: bool,
}

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
    let fonts = Fonts::load()?;
    let geometry = PageGeometry::a4();
    let (pages, outline) = report_pages(&fonts, doc, options);
    let info = pdf::DocumentInfo {
        title: format!("{} – {}", text::report_title(doc), doc.audit.partnership),
        author: doc.audit.partnership.clone(),
        subject: format!("Section 11 peer review report {}{}", doc.audit.year, if options.draft { " (draft)" } else { "" }),
        date: document_date(doc),
        identity: identity(doc, if options.draft { "report draft" } else { "report" }),
    };
    let watermark = options.draft.then(|| pdf::Watermark { text: "DRAFT".into(), colour: Colour(0.93, 0.93, 0.95) });
    pdf::render(&fonts, &geometry, &pages, &outline, &info, watermark.as_ref())
}

/// The blank question template to send to an organisation before its
/// workshop: the themes and questions with room to prepare responses.
pub fn template_pdf(doc: &AuditDoc) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load()?;
    let geometry = PageGeometry::a4();
    let (pages, outline) = template_pages(&fonts, doc);
    let info = pdf::DocumentInfo {
        title: format!("Section 11 peer review questions {} – {}", doc.audit.year, doc.audit.partnership),
        author: doc.audit.partnership.clone(),
        subject: "Question template for the Section 11 peer review workshop".into(),
        date: document_date(doc),
        identity: identity(doc, "template"),
    };
    pdf::render(&fonts, &geometry, &pages, &outline, &info, None)
}

/// The report's pages as laid out, before drawing: for tests and the
/// benchmark, which look at layout without reading a PDF back.
pub fn report_layout(doc: &AuditDoc, options: &ReportOptions) -> Result<(Vec<Page>, Vec<OutlineEntry>), ReportError> {
    let fonts = Fonts::load()?;
    Ok(report_pages(&fonts, doc, options))
}

fn report_pages(fonts: &Fonts, doc: &AuditDoc, options: &ReportOptions) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut flow = Flow::new(fonts, PageGeometry::a4());
    sections::report(&mut flow, doc);
    let (mut pages, outline) = flow.finish();
    furnish(fonts, &mut pages, &footer_label(doc), options.draft);
    (pages, outline)
}

fn template_pages(fonts: &Fonts, doc: &AuditDoc) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut flow = Flow::new(fonts, PageGeometry::a4());
    blank::template(&mut flow, doc);
    let (mut pages, outline) = flow.finish();
    let label = format!("{} · Section 11 peer review questions {}", doc.audit.partnership, doc.audit.year);
    furnish(fonts, &mut pages, &label, false);
    (pages, outline)
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
        page.draws.push(layout::Draw::Line { x1: g.margin_left, y1: rule_y, x2: right, y2: rule_y, width: 0.5, colour: layout::RULE });
        page.draws.push(layout::Draw::Text { x: g.margin_left, y: footer_y, text: label, font: fonts::FontKind::Regular, size, colour: layout::MUTED });
        page.draws.push(layout::Draw::Text { x: right - number_w, y: footer_y, text: number, font: fonts::FontKind::Regular, size, colour: layout::MUTED });
        if draft {
            let mark = "DRAFT – not yet signed off by the partnership";
            let w = fonts.bold.width(mark, 9.0);
            page.draws.push(layout::Draw::Text { x: (g.width - w) / 2.0, y: 12.0 * layout::MM, text: mark.into(), font: fonts::FontKind::Bold, size: 9.0, colour: DRAFT_RED });
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
    Date::parse(&doc.audit.report_date, true)
        .ok()
        .or_else(|| doc.reviews.iter().filter_map(|r| r.date.as_deref()).filter_map(|d| Date::parse(d, false).ok()).max())
}

fn identity(doc: &AuditDoc, kind: &str) -> Vec<u8> {
    let mut bytes = crate::interchange::to_json(doc).into_bytes();
    bytes.extend_from_slice(kind.as_bytes());
    bytes.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    bytes
}

/// Shared by the report and the template.
pub(crate) fn span_title(text: &str) -> Span {
    Span::bold(text).coloured(layout::ACCENT)
}
