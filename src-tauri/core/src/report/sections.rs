//! The report, section by section, in the seed's order.

use std::collections::HashMap;

use crate::audit::AuditDoc;
use crate::dates;
use crate::recommendation::{Numbered, Recommendation};
use crate::review::{Review, ReviewStatus};
use crate::template::{Question, Template};

use super::fonts::Fonts;
use super::layout::{Flow, Para, Row, Span, Table, ACCENT, MM, MUTED, NOTE_FILL};
use super::span_title;
use super::tags::Role;
use super::text::{self, Block, BODY, CELL, CELL_PADDING, FOOTNOTE, H1, TICK};

const PARA_GAP: f32 = 8.0;
const ITEM_GAP: f32 = 3.0;
const ITEM_INDENT: f32 = 10.0;

pub fn report(flow: &mut Flow, doc: &AuditDoc) {
    let labels: HashMap<&str, String> = doc
        .labelled_recommendations()
        .into_iter()
        .map(|n| (n.recommendation.id.as_str(), n.label))
        .collect();
    title_page(flow, doc);
    flow.new_page();
    free_text_section(flow, "Background", &doc.audit.background, None);
    let panel = text::panel_sentence(&doc.panel);
    free_text_section(
        flow,
        "Methodology",
        &doc.audit.methodology,
        panel.as_deref(),
    );
    for review in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Held)
    {
        held_review(flow, doc, review, &labels);
    }
    for review in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::DidNotTakePlace)
    {
        review_not_held(flow, doc, review, &labels);
    }
    // A draft never leaves an organisation out: a review still planned is
    // named as such (a report with one cannot be signed off).
    for review in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Planned)
    {
        heading(flow, &review_title(review));
        let when = review
            .date
            .as_deref()
            .map(|d| format!(", planned for {}", dates::british(d)))
            .unwrap_or_default();
        flow.paragraph(
            &Para::plain(format!(
                "This peer review has not been held yet{when}. The report cannot be signed off until it is recorded as held or as not taking place."
            )),
            BODY,
            0.0,
            PARA_GAP,
        );
    }
    free_text_section(flow, "Conclusion", &doc.audit.conclusion, None);
    previous_progress_table(flow, doc);
    recommendations_table(flow, doc);
    appendix(flow, doc);
}

fn title_page(flow: &mut Flow, doc: &AuditDoc) {
    let date = doc.audit.report_date.trim();
    let lines: Vec<String> = if date.is_empty() {
        Vec::new()
    } else {
        vec![dates::british(date)]
    };
    cover(
        flow,
        &doc.audit.partnership,
        &text::report_title(doc),
        &lines,
        super::layout::TextStyle {
            size: 14.0,
            leading: 20.0,
        },
    );
}

/// A report's cover, the local and the regional alike: who it is from in
/// the accent colour, the title, muted lines under it (`line_style`), and an
/// accent bar beside the block, as a printed cover has.
pub(super) fn cover(
    flow: &mut Flow,
    kicker: &str,
    title: &str,
    lines: &[String],
    line_style: super::layout::TextStyle,
) {
    flow.new_page();
    let g = flow.geometry;
    let x = g.margin_left + 8.0 * MM;
    let width = g.body_width() - 8.0 * MM;
    let top = g.height * 0.30;
    let mut y = top;
    y += flow.text_block_at(
        &Para::new(vec![Span::bold(kicker).coloured(ACCENT)]),
        Role::P,
        super::layout::TextStyle {
            size: 20.0,
            leading: 26.0,
        },
        x,
        y,
        width,
    );
    y += 14.0;
    y += flow.text_block_at(
        &Para::bold(title),
        Role::H1,
        super::layout::TextStyle {
            size: 30.0,
            leading: 38.0,
        },
        x,
        y,
        width,
    );
    y += 10.0;
    for line in lines {
        y += flow.text_block_at(
            &Para::new(vec![Span::regular(line).coloured(MUTED)]),
            Role::P,
            line_style,
            x,
            y,
            width,
        );
    }
    flow.fill(g.margin_left, top - 4.0, 2.2 * MM, y - top + 8.0, ACCENT);
    flow.move_to(y);
}

fn heading(flow: &mut Flow, title: &str) {
    heading_as(flow, title, Role::H1);
}

/// A review's heading: a level below the main sections in the structure,
/// though set in the same type as in the seed.
fn review_heading(flow: &mut Flow, title: &str) {
    heading_as(flow, title, Role::H2);
}

pub(super) fn heading_as(flow: &mut Flow, title: &str, role: Role) {
    flow.heading(
        &Para::new(vec![span_title(title)]),
        role,
        H1,
        20.0,
        8.0,
        Some(title),
    );
}

/// A stored free-text section, with `insert` (the Methodology's panel
/// sentence) as a paragraph of its own where the seed puts it.
pub(super) fn free_text_section(flow: &mut Flow, title: &str, body: &str, insert: Option<&str>) {
    let mut blocks = text::blocks(body);
    if blocks.is_empty() && insert.is_none() {
        return;
    }
    if let Some(sentence) = insert {
        let at = text::panel_sentence_position(&blocks);
        blocks.insert(at, Block::Paragraph(sentence.to_string()));
    }
    heading(flow, title);
    free_text(flow, &blocks);
}

pub(super) fn free_text(flow: &mut Flow, blocks: &[Block]) {
    for (i, block) in blocks.iter().enumerate() {
        let next_is_item = matches!(blocks.get(i + 1), Some(Block::Item(_)));
        match block {
            Block::Paragraph(t) => flow.paragraph(&Para::plain(t), BODY, 0.0, PARA_GAP),
            Block::Item(t) => {
                let para = Para::plain(t).with_bullet(Span::bold(TICK).coloured(ACCENT));
                flow.paragraph(
                    &para,
                    BODY,
                    ITEM_INDENT,
                    if next_is_item { ITEM_GAP } else { PARA_GAP },
                );
            }
            Block::Footnote(t) => {
                flow.space(4.0);
                flow.paragraph(
                    &Para::new(vec![Span::regular(t).coloured(MUTED)]),
                    FOOTNOTE,
                    0.0,
                    PARA_GAP,
                );
            }
        }
    }
}

/// A review's heading as the seed writes them: a long name by its short
/// name ("Peer Review BNSSG CCG"; the Methodology gives it in full); a
/// short name that abbreviates the whole name introduced after it ("Peer
/// Review Community & Voluntary Services (CVS)"); a short name for part of
/// the name left for the text ("Peer Review Routes Service, Learning
/// Partnership West", whose short name is LPW).
pub(crate) fn review_title(review: &Review) -> String {
    let full = review.organisation.trim();
    let short = review.short_name.trim();
    if short.is_empty() || short == full {
        format!("Peer Review {full}")
    } else if full.split_whitespace().count() > LONG_NAME_WORDS {
        format!("Peer Review {short}")
    } else if abbreviates(short, full) {
        format!("Peer Review {full} ({short})")
    } else {
        format!("Peer Review {full}")
    }
}

/// Names longer than this many words go by their short name in headings.
const LONG_NAME_WORDS: usize = 6;

/// Whether `short` is made of the initials of `full`'s capitalised words
/// ("CVS" of "Community & Voluntary Services").
fn abbreviates(short: &str, full: &str) -> bool {
    let initials: String = full
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let letters: String = short.chars().filter(|c| c.is_alphanumeric()).collect();
    !letters.is_empty() && initials.to_lowercase() == letters.to_lowercase()
}

/// The room a review's start needs at the foot of a page (heading, opening
/// paragraph, the table's header and first rows); with less, it starts on
/// the next page.
const REVIEW_START: f32 = 230.0;

fn held_review(flow: &mut Flow, doc: &AuditDoc, review: &Review, labels: &HashMap<&str, String>) {
    flow.need(REVIEW_START);
    review_heading(flow, &review_title(review));
    let opening = text::review_paragraph(doc, review);
    if !opening.is_empty() {
        flow.paragraph(&Para::plain(opening), BODY, 0.0, PARA_GAP);
    }
    free_text(flow, &text::blocks(&review.preparation));
    flow.space(4.0);
    flow.table(&review_table(
        flow.fonts(),
        flow.geometry.body_width(),
        &doc.template,
        review,
        &review_recommendations(doc, review),
        labels,
    ));
    flow.space(PARA_GAP);
    if let Some(rows) = review
        .timebox
        .as_ref()
        .and_then(crate::timebox::Timebox::report_rows)
    {
        timing_table(flow, &rows);
    }
}

/// Minutes and seconds as the timer shows them: "12:30".
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

/// The workshop timer's planned and actual time per segment, when the chair
/// chose to put it in the report.
fn timing_table(flow: &mut Flow, rows: &[crate::timebox::TimingRow]) {
    flow.paragraph(
        &Para::bold("Time spent on each part of the workshop"),
        BODY,
        0.0,
        4.0,
    );
    let mut table_rows: Vec<Row> = rows
        .iter()
        .map(|r| {
            let added = if r.extended_seconds > 0 {
                format!("+{}", clock(r.extended_seconds))
            } else {
                String::new()
            };
            Row::columns(vec![
                vec![Para::plain(&r.title)],
                vec![Para::plain(clock(r.planned_seconds))],
                vec![Para::plain(added)],
                vec![Para::plain(clock(r.actual_seconds))],
            ])
        })
        .collect();
    let total = |f: fn(&crate::timebox::TimingRow) -> i64| {
        rows.iter().map(f).fold(0_i64, i64::saturating_add)
    };
    table_rows.push(Row::columns(vec![
        vec![Para::bold("Total")],
        vec![Para::bold(clock(total(|r| r.planned_seconds)))],
        vec![Para::bold(match total(|r| r.extended_seconds) {
            0 => String::new(),
            t => format!("+{}", clock(t)),
        })],
        vec![Para::bold(clock(total(|r| r.actual_seconds)))],
    ]));
    let w = flow.geometry.body_width();
    flow.table(&Table {
        widths: vec![w * 0.55, w * 0.15, w * 0.15, w * 0.15],
        header: vec![
            Para::bold("Part of the workshop"),
            Para::bold("Planned"),
            Para::bold("Added"),
            Para::bold("Actual"),
        ],
        rows: table_rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: false,
    });
    flow.space(PARA_GAP);
}

/// The last page of a signed-off report: the statement, who signed it and
/// when with their certificate's fingerprint, who signed off each review's
/// minutes, every gap accepted on the way, and the content's fingerprint in
/// full with how to check it.
pub fn sign_off_page(flow: &mut Flow, s: &super::ReportSignOff) {
    flow.page_break();
    heading(flow, "Sign-off");
    flow.paragraph(&Para::plain(&s.statement), BODY, 0.0, PARA_GAP);
    signer_lines(
        flow,
        "Signed off by: ",
        &s.name,
        &s.role,
        &s.signed_at,
        s.certificate_fingerprint.as_deref(),
    );
    if !s.accepted_gaps.is_empty() {
        flow.paragraph(
            &Para::bold("Known gaps accepted when the report was signed off:"),
            BODY,
            0.0,
            ITEM_GAP,
        );
        for g in &s.accepted_gaps {
            bullet(flow, g);
        }
        flow.space(PARA_GAP - ITEM_GAP);
    }
    if !s.minutes.is_empty() {
        flow.paragraph(
            &Para::bold("The minutes of each peer review were signed off as follows."),
            BODY,
            0.0,
            PARA_GAP,
        );
        for m in &s.minutes {
            flow.paragraph(
                &Para::new(vec![Span::bold(m.subject.clone())]),
                BODY,
                0.0,
                ITEM_GAP,
            );
            signer_lines(
                flow,
                "Signed off by: ",
                &m.name,
                &m.role,
                &m.signed_at,
                m.certificate_fingerprint.as_deref(),
            );
            if !m.accepted_gaps.is_empty() {
                flow.paragraph(
                    &Para::plain("Known gaps accepted when these minutes were signed off:"),
                    BODY,
                    0.0,
                    ITEM_GAP,
                );
                for g in &m.accepted_gaps {
                    bullet(flow, g);
                }
                flow.space(PARA_GAP - ITEM_GAP);
            }
        }
    }
    flow.paragraph(
        &Para::bold("Fingerprint of the signed content (SHA-256):"),
        BODY,
        0.0,
        ITEM_GAP,
    );
    flow.paragraph(
        &Para::new(vec![Span::regular(grouped(&s.digest)).coloured(ACCENT)]),
        BODY,
        0.0,
        PARA_GAP,
    );
    let how = if s.certificate_fingerprint.is_some() {
        "This file is digitally signed by the person named above. A PDF reader shows the signature and whether anything was changed after \
         signing (in Adobe Acrobat Reader, the Signature panel). A self-signed certificate proves that the same key signed, not who holds it: \
         compare its fingerprint with the one the partnership publishes. The file also carries the signed content as an attachment \
         (signed-report.json), which the command “s11 verify” from Section 11 Panel checks together with every signature."
    } else {
        "This file carries the signed content as an attachment (signed-report.json). Anyone can check that the attachment is what was signed, \
         and that it matches the audit, with the command “s11 verify” from Section 11 Panel, or recompute the fingerprint as \
         the repository’s signing.md describes."
    };
    flow.paragraph(
        &Para::new(vec![Span::regular(how).coloured(MUTED)]),
        FOOTNOTE,
        0.0,
        PARA_GAP,
    );
}

/// Hex in groups of four, as fingerprints are printed.
fn grouped(hex: &str) -> String {
    hex.chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn signer_lines(
    flow: &mut Flow,
    label: &str,
    name: &str,
    role: &str,
    at: &str,
    fingerprint: Option<&str>,
) {
    let by = if role.trim().is_empty() {
        name.to_string()
    } else {
        format!("{name}, {role}")
    };
    flow.paragraph(
        &Para::new(vec![Span::bold(label.to_string()), Span::regular(by)]),
        BODY,
        0.0,
        ITEM_GAP,
    );
    flow.paragraph(
        &Para::new(vec![
            Span::bold("Signed off on: "),
            Span::regular(crate::canonical::when(at)),
        ]),
        BODY,
        0.0,
        ITEM_GAP,
    );
    let cert = match fingerprint {
        Some(f) => Span::regular(grouped(f)).coloured(ACCENT),
        None => Span::regular("none: signed off before sign-offs were signed with a key"),
    };
    flow.paragraph(
        &Para::new(vec![
            Span::bold("Certificate fingerprint (SHA-256): "),
            cert,
        ]),
        BODY,
        0.0,
        PARA_GAP,
    );
}

fn bullet(flow: &mut Flow, text: &str) {
    flow.paragraph(
        &Para::plain(format!("•  {text}")),
        BODY,
        ITEM_INDENT,
        ITEM_GAP,
    );
}

/// The review's recommendations in the order they were recorded.
pub(super) fn review_recommendations<'a>(
    doc: &'a AuditDoc,
    review: &Review,
) -> Vec<&'a Recommendation> {
    doc.recommendations
        .iter()
        .filter(|r| r.review.as_deref() == Some(review.id.as_str()))
        .collect()
}

fn question_paras(q: &Question) -> Vec<Para> {
    let mut paras = vec![Para::plain(&q.text)];
    paras.extend(
        q.points
            .iter()
            .map(|p| Para::plain(p).with_bullet(Span::regular("•"))),
    );
    if !q.follow_up.trim().is_empty() {
        paras.push(Para::plain(&q.follow_up));
    }
    paras
}

pub(super) fn recommendation_para(r: &Recommendation, labels: &HashMap<&str, String>) -> Para {
    let label = match labels.get(r.id.as_str()) {
        Some(l) => format!("Recommendation {l}:"),
        None => "Recommendation:".to_string(),
    };
    Para::new(vec![
        Span::bold(label),
        Span::regular(format!(" {}", r.text.trim())),
    ])
}

fn recommendation_row(r: &Recommendation, labels: &HashMap<&str, String>, theme: &str) -> Row {
    let mut row = Row::spanning(1, vec![recommendation_para(r, labels)]);
    row.fill = Some(NOTE_FILL);
    row.continued = continued(theme);
    row
}

fn continued(theme: &str) -> Vec<Para> {
    vec![
        Para::new(vec![Span::bold(theme)]),
        Para::new(vec![Span::regular("(continued)").coloured(MUTED)]),
    ]
}

/// At least `preferred` wide, and wide enough that no word of a theme's
/// title has to be broken ("Safeguarding" in bold).
fn theme_column_width(fonts: &Fonts, template: &Template, preferred: f32) -> f32 {
    let widest = template
        .themes
        .iter()
        .flat_map(|t| t.title.split_whitespace())
        .map(|w| fonts.bold.width(w, CELL.size))
        .fold(0.0_f32, f32::max);
    preferred.max(widest + 2.0 * CELL_PADDING + 1.0)
}

/// Theme | Questions to Explore | Responses, one row per question, the
/// theme named on its first row; recommendation rows after the question
/// they follow (or at the end of their theme); a theme not completed as one
/// row with its reason.
pub(super) fn review_table(
    fonts: &Fonts,
    body_width: f32,
    template: &Template,
    review: &Review,
    recs: &[&Recommendation],
    labels: &HashMap<&str, String>,
) -> Table {
    let mut rows = Vec::new();
    for theme in &template.themes {
        let theme_recs: Vec<&Recommendation> = recs
            .iter()
            .copied()
            .filter(|r| r.theme.as_deref() == Some(theme.id.as_str()))
            .collect();
        let title = theme.title.trim();
        if let Some(reason) = review.incomplete_reason(&theme.id) {
            let mut row = Row::columns(vec![
                vec![Para::bold(title)],
                theme.questions.iter().flat_map(question_paras).collect(),
                vec![Para::new(
                    vec![Span::regular(reason.trim()).coloured(MUTED)],
                )],
            ]);
            row.group_start = true;
            row.continued = continued(title);
            rows.push(row);
            rows.extend(
                theme_recs
                    .iter()
                    .map(|r| recommendation_row(r, labels, title)),
            );
            continue;
        }
        for (qi, q) in theme.questions.iter().enumerate() {
            let response = review
                .response_for(&q.id)
                .map(|r| text::cell_paras(&r.text))
                .unwrap_or_default();
            let mut row = Row::columns(vec![
                if qi == 0 {
                    vec![Para::bold(title)]
                } else {
                    Vec::new()
                },
                question_paras(q),
                response,
            ]);
            row.group_start = qi == 0;
            row.continued = continued(title);
            rows.push(row);
            rows.extend(
                theme_recs
                    .iter()
                    .filter(|r| r.after_question.as_deref() == Some(q.id.as_str()))
                    .map(|r| recommendation_row(r, labels, title)),
            );
        }
        let placed_after = |r: &&&Recommendation| {
            r.after_question
                .as_deref()
                .is_some_and(|q| theme.questions.iter().any(|x| x.id == q))
        };
        rows.extend(
            theme_recs
                .iter()
                .filter(|r| !placed_after(r))
                .map(|r| recommendation_row(r, labels, title)),
        );
    }
    // A recommendation reads as the panel's conclusion on the question
    // above it: the two never part at a page break.
    for i in 1..rows.len() {
        if rows[i].fill == Some(NOTE_FILL) {
            rows[i - 1].keep_with_next = true;
        }
    }
    // Recommendations from this review not tied to any theme of the template.
    for r in recs.iter().filter(|r| {
        !r.theme
            .as_deref()
            .is_some_and(|t| template.themes.iter().any(|x| x.id == t))
    }) {
        let mut row = Row::spanning(0, vec![recommendation_para(r, labels)]);
        row.fill = Some(NOTE_FILL);
        row.group_start = true;
        rows.push(row);
    }
    let theme_w = theme_column_width(fonts, template, body_width * 0.16);
    Table {
        widths: vec![
            theme_w,
            (body_width - theme_w) * 0.37,
            (body_width - theme_w) * 0.63,
        ],
        header: vec![
            Para::bold("Theme"),
            Para::bold("Questions to Explore"),
            Para::bold("Responses"),
        ],
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: true,
    }
}

/// The seed tells a review that did not take place as one paragraph: that
/// it did not, the contact log, then what the panel had arranged (the first
/// paragraph of its notes). The paragraph, and the notes' other blocks.
pub(super) fn not_held_opening(review: &Review) -> (String, Vec<Block>) {
    let mut blocks = text::blocks(&review.preparation);
    let mut opening = text::did_not_take_place(review);
    if let Some(Block::Paragraph(first)) = blocks.first() {
        opening.push(' ');
        opening.push_str(&first.replace('\n', " "));
        blocks.remove(0);
    }
    (opening, blocks)
}

fn review_not_held(
    flow: &mut Flow,
    doc: &AuditDoc,
    review: &Review,
    labels: &HashMap<&str, String>,
) {
    review_heading(flow, &review_title(review));
    let (opening, blocks) = not_held_opening(review);
    flow.paragraph(&Para::plain(opening), BODY, 0.0, PARA_GAP);
    free_text(flow, &blocks);
    for r in review_recommendations(doc, review) {
        flow.paragraph(&recommendation_para(r, labels), BODY, 0.0, PARA_GAP);
    }
}

/// One table: organisations' recommendations numbered 1..N under each
/// organisation's heading in review order, then the partnership's A, B, C.
fn recommendations_table(flow: &mut Flow, doc: &AuditDoc) {
    // The Conclusion says the table is "on the next page".
    flow.page_break();
    heading(flow, "Recommendations");
    let w = flow.geometry.body_width();
    match numbered_table(doc, w) {
        Some(table) => flow.table(&table),
        None => flow.paragraph(&Para::plain(NO_RECOMMENDATIONS), BODY, 0.0, PARA_GAP),
    }
}

pub(super) const NO_RECOMMENDATIONS: &str = "No recommendations were made.";

/// The numbered recommendations as a table `width` points wide, or `None`
/// when there are none.
pub(super) fn numbered_table(doc: &AuditDoc, width: f32) -> Option<Table> {
    let numbered = doc.numbered_organisation_recommendations();
    let lettered = doc.lettered_partnership_recommendations();
    if numbered.is_empty() && lettered.is_empty() {
        return None;
    }
    let mut rows = Vec::new();
    let mut current_review: Option<Option<&str>> = None;
    for n in &numbered {
        let review = n.recommendation.review.as_deref();
        if current_review != Some(review) {
            let name = review
                .and_then(|id| doc.reviews.iter().find(|r| r.id == id))
                .map(|r| r.display_name().to_string());
            let title = match name {
                Some(name) => format!("Recommendations: {name}"),
                None => "Recommendations: other organisations".to_string(),
            };
            rows.push(group_row(&title));
            current_review = Some(review);
        }
        rows.push(numbered_row(n));
    }
    if !lettered.is_empty() {
        rows.push(group_row(&format!(
            "Additional Recommendations for {}",
            doc.audit.partnership.trim()
        )));
        rows.extend(lettered.iter().map(numbered_row));
    }
    Some(Table {
        widths: vec![width * 0.12, width * 0.88],
        header: vec![Para::bold("Number"), Para::bold("Recommendation")],
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: false,
    })
}

/// "Progress on 2021-22 recommendations": last year's recommendations with
/// their owner, status and latest progress note (issue 18), when this audit
/// follows them. Its rows are what the signed canonical form freezes
/// (canonical.rs, `previous_recommendations`). Also the whole of the action
/// plan PDF (`report::action_plan_pdf`).
pub(super) fn previous_progress_table(flow: &mut Flow, doc: &AuditDoc) {
    let Some(c) = doc.previous.as_ref().filter(|c| !c.actions.is_empty()) else {
        return;
    };
    flow.page_break();
    // Unfinished actions from earlier years come forward labelled "2021-22/3".
    let earlier = if c.actions.iter().any(|a| a.label.contains('/')) {
        " and earlier"
    } else {
        ""
    };
    heading(
        flow,
        &format!("Progress on {}{earlier} recommendations", c.from.year),
    );
    let rows = c
        .actions
        .iter()
        .map(|a| {
            let latest = a
                .latest_note()
                .map(|n| format!("{}: {}", dates::british(&n.date), n.text))
                .unwrap_or_else(|| "No progress recorded.".into());
            let mut row = Row::columns(vec![
                vec![Para::bold(&a.label)],
                text::cell_paras(&a.text),
                text::cell_paras(&a.owner),
                std::iter::once(Para::plain(a.status.label()))
                    .chain(
                        a.due
                            .as_deref()
                            .map(|d| Para::plain(format!("Due {}", dates::british(d)))),
                    )
                    .collect(),
                text::cell_paras(&latest),
            ]);
            row.group_start = true;
            row
        })
        .collect();
    let w = flow.geometry.body_width();
    flow.table(&Table {
        widths: vec![w * 0.11, w * 0.34, w * 0.17, w * 0.15, w * 0.23],
        header: vec![
            Para::bold("Number"),
            Para::bold("Recommendation"),
            Para::bold("Owner"),
            Para::bold("Status"),
            Para::bold("Latest progress"),
        ],
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: false,
    });
}

fn group_row(title: &str) -> Row {
    let mut row = Row::spanning(0, vec![Para::new(vec![Span::bold(title).coloured(ACCENT)])]);
    row.keep_with_next = true;
    row.group_start = true;
    row.row_header = true;
    row.fill = Some(super::layout::Colour(0.93, 0.95, 0.98));
    row
}

fn numbered_row(n: &Numbered<'_>) -> Row {
    let mut row = Row::columns(vec![
        vec![Para::bold(&n.label)],
        text::cell_paras(&n.recommendation.text),
    ]);
    row.group_start = true;
    row
}

pub(super) const APPENDIX_INTRO: &str =
    "The questions sent to each organisation before its peer review workshop, by theme.";

/// The question template as the seed's Appendix 2.
fn appendix(flow: &mut Flow, doc: &AuditDoc) {
    flow.page_break();
    let name = format!(
        "{}: Question Template",
        text::appendix_name(&doc.audit.methodology)
    );
    heading(flow, &name);
    flow.paragraph(&Para::plain(APPENDIX_INTRO), BODY, 0.0, PARA_GAP);
    flow.table(&template_table(
        flow.fonts(),
        flow.geometry.body_width(),
        &doc.template,
        None,
    ));
}

/// Theme | Questions to Explore (| Responses, left blank to write in, when
/// `response_lines` is given).
pub fn template_table(
    fonts: &Fonts,
    body_width: f32,
    template: &Template,
    response_lines: Option<usize>,
) -> Table {
    let mut rows = Vec::new();
    for theme in &template.themes {
        let title = theme.title.trim();
        for (qi, q) in theme.questions.iter().enumerate() {
            let mut cells = vec![
                if qi == 0 {
                    vec![Para::bold(title)]
                } else {
                    Vec::new()
                },
                question_paras(q),
            ];
            if response_lines.is_some() {
                cells.push(Vec::new());
            }
            let mut row = Row::columns(cells);
            row.group_start = qi == 0;
            row.continued = continued(title);
            row.min_lines = response_lines.unwrap_or(0);
            rows.push(row);
        }
    }
    let (widths, header) = match response_lines {
        Some(_) => (
            {
                let t = theme_column_width(fonts, template, body_width * 0.16);
                vec![t, (body_width - t) * 0.45, (body_width - t) * 0.55]
            },
            vec![
                Para::bold("Theme"),
                Para::bold("Questions to Explore"),
                Para::bold("Responses"),
            ],
        ),
        None => (
            vec![body_width * 0.22, body_width * 0.78],
            vec![Para::bold("Theme"), Para::bold("Questions to Explore")],
        ),
    };
    Table {
        widths,
        header,
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: true,
    }
}
