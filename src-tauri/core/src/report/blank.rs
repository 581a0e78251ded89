//! The blank question template sent to each organisation before its
//! workshop (the seed: "A template with the proposed questions were sent to
//! all organisations in advance of the peer review meetings").

use crate::audit::AuditDoc;

use super::layout::{Flow, Para, Row, Span, Table, TextStyle, ACCENT, MUTED};
use super::sections::template_table;
use super::span_title;
use super::tags::Role;
use super::text::{BODY, CELL, CELL_PADDING};

/// Lines of space left under each question for the organisation's notes.
const RESPONSE_LINES: usize = 7;

pub fn template(flow: &mut Flow, doc: &AuditDoc) {
    flow.new_page();
    flow.bookmark_here("Question template");
    let g = flow.geometry;
    let (x, w) = (g.margin_left, g.body_width());
    let mut y = g.margin_top;
    y += flow.text_block_at(
        &Para::new(vec![Span::bold(&doc.audit.partnership).coloured(ACCENT)]),
        Role::P,
        TextStyle {
            size: 12.0,
            leading: 16.0,
        },
        x,
        y,
        w,
    );
    y += 4.0;
    y += flow.text_block_at(
        &Para::new(vec![span_title(&format!(
            "Section 11 Peer Review {}: Question Template",
            doc.audit.year
        ))]),
        Role::H1,
        TextStyle {
            size: 18.0,
            leading: 23.0,
        },
        x,
        y,
        w,
    );
    flow.move_to(y + 10.0);
    for p in [
        "Thank you for taking part in this year's Section 11 peer review. Before your workshop, please consider each question below with the colleagues who will attend, including front line practitioners as well as senior safeguarding staff and managers, and the person who completed your last written Section 11 audit.",
        "The peer review panel will explore these themes with you at the workshop. Use the Responses column for your notes and the examples you would like to share; examples of what made a difference for a child are especially helpful.",
    ] {
        flow.paragraph(&Para::plain(p), BODY, 0.0, 8.0);
    }
    flow.space(2.0);
    flow.table(&details_table(w));
    flow.space(12.0);
    flow.table(&template_table(
        flow.fonts(),
        w,
        &doc.template,
        Some(RESPONSE_LINES),
    ));
    if !doc.template.name.trim().is_empty() {
        flow.space(6.0);
        let label = format!(
            "{} (version {})",
            doc.template.name.trim(),
            doc.template.version.trim()
        );
        flow.paragraph(
            &Para::new(vec![Span::regular(label).coloured(MUTED)]),
            CELL,
            0.0,
            0.0,
        );
    }
}

/// Organisation, date and attendees, to fill in.
fn details_table(width: f32) -> Table {
    let rows = [
        "Organisation",
        "Date of workshop",
        "Completed by (name and role)",
    ]
    .iter()
    .map(|label| {
        let mut row = Row::columns(vec![vec![Para::bold(*label)], Vec::new()]);
        row.min_lines = 2;
        row.group_start = true;
        row
    })
    .collect();
    Table {
        widths: vec![width * 0.32, width * 0.68],
        header: vec![Para::bold("Your details"), Para::plain("")],
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: false,
    }
}
