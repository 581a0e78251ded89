//! The report as a Word document the partnership can edit (issue 16): the
//! same sections, wording and tables as the PDF, from the same builders in
//! `sections.rs` and `text.rs`, written with docx-rs. Word's own styles
//! (Title, Heading 1 for the main sections, Heading 2 for each review) so
//! that the navigation pane and a table of contents work; table header
//! rows repeat on each page; the partnership in the page header with the
//! DRAFT mark while unsigned; "Page N of M" in the footer. A signed-off
//! report's Word copy says on its first page that the signed PDF is the
//! record, with its fingerprint.

use std::collections::HashMap;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, ShdType, Style, StyleType, Table as DocxTable, TableCell,
    TableLayoutType, TableRow, VMergeType, WidthType,
};

use super::layout::{Cells, Colour, Para, Table};
use super::sections;
use super::text::{self, Block, TICK};
use super::ReportError;
use crate::audit::AuditDoc;
use crate::review::ReviewStatus;

/// What a signed-off report's Word copy says about the signed PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRecord {
    pub name: String,
    pub role: String,
    /// RFC 3339 UTC.
    pub signed_at: String,
    /// SHA-256 of the signed content, lower-case hex.
    pub digest: String,
}

/// A4 body width in points with the PDF's 20 mm margins: tables get the
/// same proportions as in the PDF.
const BODY_WIDTH_PT: f32 = (210.0 - 40.0) * 72.0 / 25.4;
/// Twentieths of a point, Word's unit for widths and spacing.
fn twips(pt: f32) -> usize {
    (pt * 20.0).round().max(0.0) as usize
}

fn hex(c: Colour) -> String {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{:02X}{:02X}{:02X}", byte(c.0), byte(c.1), byte(c.2))
}

/// A marker put on header rows, replaced by `w:tblHeader` after docx-rs
/// has written the XML (it has no setting for a repeated header row).
const HEADER_ROW_MARK: &str = "<w:trPr><w:cantSplit /></w:trPr>";
const HEADER_ROW: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";

/// The report as .docx bytes: a draft unless `signed` is given.
pub fn report_docx(doc: &AuditDoc, signed: Option<&SignedRecord>) -> Result<Vec<u8>, ReportError> {
    let title = text::report_title(doc);
    let fonts = super::fonts::Fonts::load()?;
    let label = format!("{} · {}", doc.audit.partnership.trim(), title);
    package(
        &Frame {
            header_label: &label,
            draft_line: signed
                .is_none()
                .then_some("DRAFT – not yet signed off by the partnership"),
            title: &format!("{title} – {}", doc.audit.partnership),
            author: doc.audit.partnership.trim(),
            date: super::document_date(doc),
        },
        body(doc, signed, &fonts),
    )
}

/// What a Word document says about itself, in its page header and its
/// properties.
pub(super) struct Frame<'a> {
    /// The running header's text.
    pub header_label: &'a str,
    /// A red line under it on every page (the DRAFT mark), when given.
    pub draft_line: Option<&'a str>,
    /// The file's title (Word's File > Info, and a screen reader).
    pub title: &'a str,
    pub author: &'a str,
    /// Dated as the PDF is, never by the clock.
    pub date: Option<crate::dates::Date>,
}

/// A4 with the PDF's margins, Word's heading styles, the running header
/// and "Page N of M" footer, around `pieces`; the header rows marked to
/// repeat; the title, language, author and date in the document's
/// properties.
pub(super) fn package(frame: &Frame<'_>, pieces: Vec<Piece>) -> Result<Vec<u8>, ReportError> {
    let mut d = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1247)
                .bottom(1247)
                .left(1134)
                .right(1134)
                .header(567)
                .footer(567),
        )
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(21)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .bold()
                .size(56)
                .color("17385F"),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .bold()
                .size(32)
                .color("17385F")
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .bold()
                .size(28)
                .color("17385F")
                .outline_lvl(1),
        );
    d = d.header(page_header(frame.header_label, frame.draft_line));
    d = d.footer(
        Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(Run::new().add_text("Page ").size(16).color("60606B"))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" of ").size(16).color("60606B"))
                .add_num_pages(NumPages::new()),
        ),
    );

    for p in pieces {
        d = match p {
            Piece::Paragraph(p) => d.add_paragraph(*p),
            Piece::Table(t) => d.add_table(t),
        };
    }

    let mut xml = d.build();
    let document = String::from_utf8_lossy(&xml.document).replace(HEADER_ROW_MARK, HEADER_ROW);
    xml.document = document.into_bytes();
    let core = String::from_utf8_lossy(&xml.doc_props.core).into_owned();
    if let Some(at) = core.find("</cp:coreProperties>") {
        let mut with_title = core.clone();
        with_title.insert_str(
            at,
            &format!(
                "<dc:title>{}</dc:title><dc:language>en-GB</dc:language>",
                xml_text(frame.title)
            ),
        );
        let with_title = with_title.replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:creator>{}</dc:creator>", xml_text(frame.author)),
        );
        let with_title = with_title.replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            "<cp:lastModifiedBy>Section 11 Panel</cp:lastModifiedBy>",
        );
        let with_title = match frame.date {
            Some(d) => with_title.replace(
                "1970-01-01T00:00:00Z",
                &format!(
                    "{:04}-{:02}-{:02}T00:00:00Z",
                    d.year,
                    d.month,
                    d.day.unwrap_or(1)
                ),
            ),
            None => with_title,
        };
        xml.doc_props.core = with_title.into_bytes();
    }
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| ReportError::Write(e.to_string()))?;
    Ok(out.into_inner())
}

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn page_header(label: &str, draft_line: Option<&str>) -> Header {
    let mut h = Header::new().add_paragraph(
        Paragraph::new().add_run(Run::new().add_text(label).size(16).color("60606B")),
    );
    if let Some(line) = draft_line {
        h = h.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(line).bold().size(18).color("B81A1A")),
        );
    }
    h
}

// A report has a few hundred pieces: their size does not matter.
#[allow(clippy::large_enum_variant)]
pub(super) enum Piece {
    Paragraph(Box<Paragraph>),
    Table(DocxTable),
}

pub(super) fn spaced(p: Paragraph, after_pt: u32) -> Paragraph {
    p.line_spacing(LineSpacing::new().after(after_pt * 20))
}

pub(super) fn heading1(title: &str) -> Piece {
    Piece::Paragraph(Box::new(spaced(
        Paragraph::new()
            .style("Heading1")
            .keep_next(true)
            .add_run(Run::new().add_text(title)),
        6,
    )))
}

pub(super) fn heading2(title: &str) -> Piece {
    Piece::Paragraph(Box::new(spaced(
        Paragraph::new()
            .style("Heading2")
            .keep_next(true)
            .add_run(Run::new().add_text(title)),
        6,
    )))
}

pub(super) fn plain(t: &str) -> Piece {
    Piece::Paragraph(Box::new(spaced(
        text_paragraph(Paragraph::new(), t, false, None),
        8,
    )))
}

/// Text with its line breaks as Word line breaks.
pub(super) fn text_paragraph(p: Paragraph, t: &str, bold: bool, colour: Option<&str>) -> Paragraph {
    text_paragraph_sized(p, t, bold, colour, None)
}

/// As [`text_paragraph`], in `size` half-points when given.
fn text_paragraph_sized(
    mut p: Paragraph,
    t: &str,
    bold: bool,
    colour: Option<&str>,
    size: Option<usize>,
) -> Paragraph {
    for (i, line) in t.split('\n').enumerate() {
        let mut r = Run::new();
        if let Some(size) = size {
            r = r.size(size);
        }
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line);
        if bold {
            r = r.bold();
        }
        if let Some(c) = colour {
            r = r.color(c);
        }
        p = p.add_run(r);
    }
    p
}

fn ticked(t: &str) -> Piece {
    Piece::Paragraph(Box::new(spaced(
        Paragraph::new()
            .indent(
                Some(567),
                Some(docx_rs::SpecialIndentType::Hanging(340)),
                None,
                None,
            )
            .add_run(Run::new().add_text(TICK).bold().color("17385F"))
            .add_run(Run::new().add_tab())
            .add_run(Run::new().add_text(t)),
        3,
    )))
}

pub(super) fn free_text(blocks: &[Block]) -> Vec<Piece> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) => plain(t),
            Block::Item(t) => ticked(t),
            Block::Footnote(t) => Piece::Paragraph(Box::new(spaced(
                text_paragraph(Paragraph::new(), t, false, Some("60606B")),
                8,
            ))),
        })
        .collect()
}

/// A layout paragraph (spans, bullet) as a Word paragraph, in `size`
/// half-points when given (table cells: 9 pt, as in the PDF).
pub(super) fn para(p: &Para, after_pt: u32, size: Option<usize>) -> Paragraph {
    let mut out = Paragraph::new();
    if let Some(b) = &p.bullet {
        let mut bullet = Run::new().add_text(b.text.as_str());
        if let Some(size) = size {
            bullet = bullet.size(size);
        }
        out = out
            .indent(
                Some(284),
                Some(docx_rs::SpecialIndentType::Hanging(284)),
                None,
                None,
            )
            .add_run(bullet)
            .add_run(Run::new().add_tab());
    }
    for s in &p.spans {
        let colour = (s.colour != super::layout::TEXT).then(|| hex(s.colour));
        out = text_paragraph_sized(
            out,
            &s.text,
            s.font == super::fonts::FontKind::Bold,
            colour.as_deref(),
            size,
        );
    }
    spaced(out, after_pt)
}

/// Table text: 9 pt.
const CELL_SIZE: usize = 18;

fn cell(paras: &[Para], width_pt: f32) -> TableCell {
    let mut c = TableCell::new().width(twips(width_pt), WidthType::Dxa);
    if paras.is_empty() {
        return c.add_paragraph(Paragraph::new());
    }
    let last = paras.len() - 1;
    for (i, p) in paras.iter().enumerate() {
        // A small gap between paragraphs of a cell, none after the last.
        c = c.add_paragraph(para(p, if i < last { 4 } else { 0 }, Some(CELL_SIZE)));
    }
    c
}

/// A layout table as a Word table: the header row repeated on each page,
/// a merged first column where the PDF merges it, spans and fills kept.
pub(super) fn table(t: &Table) -> Piece {
    let cols = t.widths.len();
    let header = TableRow::new(
        t.header
            .iter()
            .zip(&t.widths)
            .map(|(p, w)| {
                cell(std::slice::from_ref(p), *w)
                    .shading(Shading::new().shd_type(ShdType::Clear).fill("DCE6F2"))
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for row in &t.rows {
        let continues_group = t.merge_first_column && !row.group_start;
        let mut cells = Vec::with_capacity(cols);
        match &row.cells {
            Cells::Columns(cs) => {
                for (i, (paras, w)) in cs.iter().zip(&t.widths).enumerate() {
                    let mut c = cell(paras, *w);
                    if i == 0 && t.merge_first_column {
                        c = c.vertical_merge(if continues_group {
                            VMergeType::Continue
                        } else {
                            VMergeType::Restart
                        });
                    }
                    cells.push(c);
                }
            }
            Cells::Span { from, paras } => {
                for i in 0..*from {
                    let mut c = cell(&[], t.widths[i]);
                    if i == 0 && t.merge_first_column {
                        c = c.vertical_merge(if continues_group {
                            VMergeType::Continue
                        } else {
                            VMergeType::Restart
                        });
                    }
                    cells.push(c);
                }
                let w: f32 = t.widths[(*from).min(cols)..].iter().sum();
                let mut c = cell(paras, w).grid_span(cols.saturating_sub(*from).max(1));
                if let Some(fill) = row.fill {
                    c = c.shading(Shading::new().shd_type(ShdType::Clear).fill(hex(fill)));
                }
                cells.push(c);
            }
        }
        rows.push(TableRow::new(cells));
    }
    Piece::Table(
        DocxTable::new(rows)
            .set_grid(t.widths.iter().map(|w| twips(*w)).collect())
            .layout(TableLayoutType::Fixed)
            .width(twips(t.widths.iter().sum()), WidthType::Dxa),
    )
}

/// The report's paragraphs and tables in order. `fonts` measure the theme
/// column as the PDF does.
fn body(doc: &AuditDoc, signed: Option<&SignedRecord>, fonts: &super::fonts::Fonts) -> Vec<Piece> {
    let labels: HashMap<&str, String> = doc
        .labelled_recommendations()
        .into_iter()
        .map(|n| (n.recommendation.id.as_str(), n.label))
        .collect();
    let mut out = Vec::new();
    if let Some(s) = signed {
        let by = if s.role.trim().is_empty() {
            s.name.clone()
        } else {
            format!("{}, {}", s.name, s.role)
        };
        out.push(Piece::Paragraph(Box::new(spaced(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text("An editable copy. The signed PDF is the record of this report")
                        .bold(),
                )
                .add_run(Run::new().add_text(format!(
                    ": it was signed off on {} by {by}. Fingerprint of the signed content (SHA-256): {}. \
                     Changes made in this document are not part of the signed report.",
                    crate::canonical::when(&s.signed_at),
                    s.digest
                ))),
            12,
        ))));
    }
    out.push(Piece::Paragraph(Box::new(spaced(
        text_paragraph(
            Paragraph::new(),
            doc.audit.partnership.trim(),
            true,
            Some("17385F"),
        ),
        12,
    ))));
    out.push(Piece::Paragraph(Box::new(spaced(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(text::report_title(doc))),
        12,
    ))));
    if !doc.audit.report_date.trim().is_empty() {
        out.push(plain(&crate::dates::british(&doc.audit.report_date)));
    }
    out.push(Piece::Paragraph(Box::new(
        Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
    )));

    section(&mut out, "Background", &doc.audit.background, None);
    let panel = text::panel_sentence(&doc.panel);
    section(
        &mut out,
        "Methodology",
        &doc.audit.methodology,
        panel.as_deref(),
    );
    let width = BODY_WIDTH_PT;
    for review in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Held)
    {
        out.push(heading2(&sections::review_title(review)));
        let opening = text::review_paragraph(doc, review);
        if !opening.is_empty() {
            out.push(plain(&opening));
        }
        out.extend(free_text(&text::blocks(&review.preparation)));
        out.push(table(&sections::review_table(
            fonts,
            width,
            &doc.template,
            review,
            &sections::review_recommendations(doc, review),
            &labels,
        )));
        out.push(plain(""));
    }
    for review in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::DidNotTakePlace)
    {
        out.push(heading2(&sections::review_title(review)));
        let (opening, blocks) = sections::not_held_opening(review);
        out.push(plain(&opening));
        out.extend(free_text(&blocks));
        for r in sections::review_recommendations(doc, review) {
            out.push(Piece::Paragraph(Box::new(para(
                &sections::recommendation_para(r, &labels),
                8,
                None,
            ))));
        }
    }
    section(&mut out, "Conclusion", &doc.audit.conclusion, None);
    out.push(Piece::Paragraph(Box::new(
        Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .keep_next(true)
            .add_run(Run::new().add_text("Recommendations")),
    )));
    match sections::numbered_table(doc, width) {
        Some(t) => out.push(table(&t)),
        None => out.push(plain(sections::NO_RECOMMENDATIONS)),
    }
    out.push(Piece::Paragraph(Box::new(
        Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .keep_next(true)
            .add_run(Run::new().add_text(format!(
                "{}: Question Template",
                text::appendix_name(&doc.audit.methodology)
            ))),
    )));
    out.push(plain(sections::APPENDIX_INTRO));
    out.push(table(&sections::template_table(
        fonts,
        width,
        &doc.template,
        None,
    )));
    out
}

fn section(out: &mut Vec<Piece>, title: &str, body: &str, insert: Option<&str>) {
    let mut blocks = text::blocks(body);
    if blocks.is_empty() && insert.is_none() {
        return;
    }
    if let Some(sentence) = insert {
        let at = text::panel_sentence_position(&blocks);
        blocks.insert(at, Block::Paragraph(sentence.to_string()));
    }
    out.push(heading1(title));
    out.extend(free_text(&blocks));
}
