//! The regional report (issue 17), in the style of the local report and
//! drawn by the same machinery: title page, Introduction, Methodology,
//! participation, theme by theme (the regional summary, quoted examples,
//! which organisations covered the theme), every recommendation by theme
//! and partnership with its local number, a chart of recommendations per
//! theme per partnership (a tagged Figure with alt text), organisations
//! that did not engage, Conclusion, and an appendix of the local reports
//! with their signers and fingerprints.
//!
//! The content is built once as [`Piece`]s and written both as PDF (through
//! `layout.rs`) and as Word (through `docx.rs`), so the two say the same.
//! A collation that holds a draft says so on every page and beside every
//! mention of that partnership.

use std::collections::HashMap;

use super::fonts::{FontKind, Fonts};
use super::layout::{Colour, Draw, Flow, PageGeometry, Para, Row, Span, Table, MUTED, RULE};
use super::tags::Role;
use super::text::{self, BODY, CELL, CELL_PADDING, FOOTNOTE};
use super::ReportError;
use crate::region::{short_partnership, Collation, Input};

/// One block of the report, for either writer.
enum Piece {
    Title {
        region: String,
        title: String,
        lines: Vec<String>,
    },
    H1(String),
    H2(String),
    /// Stored free text: paragraphs, "- " items.
    Text(String),
    Para(Para),
    /// A small muted paragraph.
    Note(String),
    Table(Table),
    Chart(Chart),
    PageBreak,
}

/// Recommendations per theme (rows) per partnership (columns).
struct Chart {
    themes: Vec<String>,
    partnerships: Vec<String>,
    counts: Vec<Vec<usize>>,
    alt: String,
}

/// "Regional Section 11 Report 2021-22".
pub fn regional_title(c: &Collation) -> String {
    format!("Regional Section 11 Report {}", c.meta.year)
}

/// The partnership as the report names it, marked when its report is a draft.
fn name_of(input: &Input) -> String {
    let short = short_partnership(&input.partnership);
    if input.draft {
        format!("{short} (draft)")
    } else {
        short
    }
}

fn drafts(c: &Collation) -> Vec<String> {
    c.inputs
        .iter()
        .filter(|i| i.draft)
        .map(|i| short_partnership(&i.partnership))
        .collect()
}

/// The line at the head of every page while any local report is a draft.
fn draft_line(c: &Collation) -> Option<String> {
    let d = drafts(c);
    (!d.is_empty()).then(|| {
        format!(
            "DRAFT – includes local reports not signed off: {}",
            text::join_and(&d)
        )
    })
}

fn pieces(c: &Collation, width: f32) -> Vec<Piece> {
    let matched = c.themes();
    let mut out = Vec::new();
    let organisations: usize = c.inputs.iter().map(|i| i.report.reviews.len()).sum();
    let mut lines = vec![format!(
        "Collated from the Section 11 reports of {} {} ({} {})",
        c.inputs.len(),
        if c.inputs.len() == 1 {
            "partnership"
        } else {
            "partnerships"
        },
        organisations,
        if organisations == 1 {
            "organisation"
        } else {
            "organisations"
        }
    )];
    let d = drafts(c);
    if !d.is_empty() {
        lines.push(format!(
            "DRAFT: the reports of {} are not signed off",
            text::join_and(&d)
        ));
    }
    out.push(Piece::Title {
        region: c.meta.name.clone(),
        title: regional_title(c),
        lines,
    });
    out.push(Piece::PageBreak);

    out.push(Piece::H1("Introduction".into()));
    out.push(Piece::Text(if c.meta.introduction.trim().is_empty() {
        format!(
            "This report brings together the Section 11 peer review reports of the partnerships of {} for {}: what organisations across the region told the panels, theme by theme, and every recommendation made.",
            c.meta.name, c.meta.year
        )
    } else {
        c.meta.introduction.clone()
    }));
    let authors: Vec<String> = c
        .meta
        .authors
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if !c.meta.methodology.trim().is_empty() || !authors.is_empty() {
        out.push(Piece::H1("Methodology".into()));
        if !c.meta.methodology.trim().is_empty() {
            out.push(Piece::Text(c.meta.methodology.clone()));
        }
        if !authors.is_empty() {
            out.push(Piece::Para(Para::plain(format!(
                "This regional report was written by {}.",
                text::join_and(&authors)
            ))));
        }
    }

    participation(c, width, &mut out);
    themes(c, &matched, width, &mut out);
    recommendations(c, &matched, width, &mut out);
    not_engaged(c, &mut out);
    if !c.meta.conclusion.trim().is_empty() {
        out.push(Piece::H1("Conclusion".into()));
        out.push(Piece::Text(c.meta.conclusion.clone()));
    }
    appendix(c, width, &mut out);
    out
}

fn status_word(status: &str) -> &'static str {
    if status == "held" {
        "Held"
    } else {
        "Did not take place"
    }
}

fn participation(c: &Collation, width: f32, out: &mut Vec<Piece>) {
    out.push(Piece::H1("Participation".into()));
    let held: usize = c.inputs.iter().map(|i| i.report.held().count()).sum();
    let not: usize = c.inputs.iter().map(|i| i.report.not_held().count()).sum();
    out.push(Piece::Para(Para::plain(format!(
        "{held} {} held a peer review workshop across {} {}; {not} did not take part.",
        if held == 1 {
            "organisation"
        } else {
            "organisations"
        },
        c.inputs.len(),
        if c.inputs.len() == 1 {
            "partnership"
        } else {
            "partnerships"
        },
    ))));
    let mut rows = Vec::new();
    for input in &c.inputs {
        for (k, r) in input.report.reviews.iter().map(|r| &r.minutes).enumerate() {
            let mut row = Row::columns(vec![
                // No paragraph after the group's first row, so that a page
                // starting inside the group names it again ("continued").
                if k == 0 {
                    vec![Para::bold(name_of(input))]
                } else {
                    Vec::new()
                },
                vec![Para::plain(r.organisation.trim())],
                vec![Para::plain(status_word(&r.status))],
                vec![Para::plain(
                    r.date
                        .as_deref()
                        .map(crate::dates::british)
                        .unwrap_or_default(),
                )],
            ]);
            row.group_start = k == 0;
            row.continued = vec![Para::bold(name_of(input))];
            rows.push(row);
        }
    }
    if rows.is_empty() {
        out.push(Piece::Note(
            "No local reports have been collated yet.".into(),
        ));
        return;
    }
    out.push(Piece::Table(Table {
        widths: vec![width * 0.26, width * 0.40, width * 0.17, width * 0.17],
        header: vec![
            Para::bold("Partnership"),
            Para::bold("Organisation"),
            Para::bold("Status"),
            Para::bold("Date"),
        ],
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: true,
    }));
}

fn themes(
    c: &Collation,
    matched: &crate::region::themes::Matched,
    width: f32,
    out: &mut Vec<Piece>,
) {
    out.push(Piece::H1("Themes".into()));
    if matched.themes.is_empty() {
        out.push(Piece::Note(
            "No themes: no local reports have been collated yet.".into(),
        ));
    }
    for theme in &matched.themes {
        out.push(Piece::H2(theme.title.clone()));
        match c.summaries.get(&theme.key) {
            Some(s) if !(s.strengths.trim().is_empty() && s.development.trim().is_empty()) => {
                if !s.strengths.trim().is_empty() {
                    out.push(Piece::Para(Para::bold("Strengths across the region")));
                    out.push(Piece::Text(s.strengths.clone()));
                }
                if !s.development.trim().is_empty() {
                    out.push(Piece::Para(Para::bold("Areas for development")));
                    out.push(Piece::Text(s.development.clone()));
                }
            }
            _ => out.push(Piece::Note(
                "The regional summary of this theme has not been written yet.".into(),
            )),
        }
        let quotes: Vec<_> = c
            .quotes
            .iter()
            .filter(|q| q.theme_key == theme.key)
            .collect();
        if !quotes.is_empty() {
            out.push(Piece::Para(Para::bold("Examples of good practice")));
            for q in quotes {
                let partnership = c
                    .inputs
                    .iter()
                    .find(|i| i.partnership_key == q.partnership_key)
                    .map(name_of)
                    .unwrap_or_default();
                out.push(Piece::Para(Para::new(vec![
                    Span::regular(format!("“{}”", q.passage.trim())),
                    Span::regular(" – ").coloured(MUTED),
                    Span::bold(q.organisation.trim().to_string()),
                    Span::regular(format!(" ({partnership})")).coloured(MUTED),
                ])));
            }
        }
        // Which organisations covered the theme, partnership by partnership.
        let mut rows = Vec::new();
        for (i, input) in c.inputs.iter().enumerate() {
            let in_template = theme.members.iter().any(|(j, _)| *j == i);
            let mut covered = Vec::new();
            let mut not_completed = Vec::new();
            for review in input.report.held() {
                let asked = review
                    .themes
                    .iter()
                    .find(|t| matched.theme_of(i, &t.id, &t.title) == matched.by_key(&theme.key));
                if let Some(t) = asked {
                    match &t.not_completed {
                        Some(reason) if !reason.trim().is_empty() => not_completed.push(format!(
                            "{} ({})",
                            review.display_name(),
                            reason.trim()
                        )),
                        Some(_) => not_completed.push(review.display_name().to_string()),
                        None => covered.push(review.display_name().to_string()),
                    }
                }
            }
            if !in_template && covered.is_empty() && not_completed.is_empty() {
                rows.push(Row::columns(vec![
                    vec![Para::bold(name_of(input))],
                    vec![Para::new(vec![Span::regular(
                        "Not in this partnership’s template",
                    )
                    .coloured(MUTED)])],
                    vec![Para::plain("")],
                ]));
                continue;
            }
            rows.push(Row::columns(vec![
                vec![Para::bold(name_of(input))],
                vec![Para::plain(if covered.is_empty() {
                    "None".to_string()
                } else {
                    covered.join("; ")
                })],
                vec![Para::plain(not_completed.join("; "))],
            ]));
        }
        if !rows.is_empty() {
            out.push(Piece::Table(Table {
                widths: vec![width * 0.24, width * 0.46, width * 0.30],
                header: vec![
                    Para::bold("Partnership"),
                    Para::bold("Covered the theme"),
                    Para::bold("Did not complete it"),
                ],
                rows,
                style: CELL,
                padding: CELL_PADDING,
                merge_first_column: false,
            }));
        }
    }
}

/// The group a recommendation is listed under: its regional theme's
/// index, or `None` for one made under no theme (the partnership's own).
fn recommendation_groups(
    c: &Collation,
    matched: &crate::region::themes::Matched,
) -> Vec<(Option<usize>, usize, String, String)> {
    // (theme, input index, "South Gloucestershire 3", text with its organisation)
    let mut all = Vec::new();
    for (i, input) in c.inputs.iter().enumerate() {
        let titles: HashMap<&str, &str> = input
            .report
            .template
            .themes
            .iter()
            .map(|t| (t.id.as_str(), t.title.as_str()))
            .collect();
        for r in input.report.recommendations() {
            let theme = r.theme.and_then(|id| {
                matched.theme_of(i, id, titles.get(id).copied().unwrap_or_default())
            });
            let for_whom = r
                .organisation
                .map_or_else(|| "The partnership".to_string(), |o| o.trim().to_string());
            all.push((
                theme,
                i,
                format!("{} {}", name_of(input), r.label),
                format!("{for_whom}: {}", r.text.trim()),
            ));
        }
    }
    // Stable: within a group, partnerships by name and each in its own order.
    all.sort_by_key(|(theme, i, _, _)| (theme.map_or(usize::MAX, |t| t), *i));
    all
}

fn recommendations(
    c: &Collation,
    matched: &crate::region::themes::Matched,
    width: f32,
    out: &mut Vec<Piece>,
) {
    out.push(Piece::PageBreak);
    out.push(Piece::H1("Recommendations".into()));
    let all = recommendation_groups(c, matched);
    if all.is_empty() {
        out.push(Piece::Para(Para::plain(
            "The local reports made no recommendations.",
        )));
        return;
    }
    out.push(Piece::Para(Para::plain(format!(
        "Every recommendation of the {} local reports, by theme and then by partnership, each with the number it has in its local report.",
        c.inputs.len()
    ))));
    let group_title = |t: Option<usize>| match t {
        Some(t) => matched.themes[t].title.clone(),
        None => "No theme".to_string(),
    };
    let mut rows = Vec::new();
    let mut last: Option<Option<usize>> = None;
    for (theme, _, label, body) in &all {
        let start = last != Some(*theme);
        last = Some(*theme);
        let mut row = Row::columns(vec![
            if start {
                vec![Para::bold(group_title(*theme))]
            } else {
                Vec::new()
            },
            vec![Para::bold(label.clone())],
            vec![Para::plain(body.clone())],
        ]);
        row.group_start = start;
        row.row_header = start;
        row.continued = vec![
            Para::bold(group_title(*theme)),
            Para::new(vec![Span::regular("(continued)").coloured(MUTED)]),
        ];
        rows.push(row);
    }
    out.push(Piece::Table(Table {
        widths: vec![width * 0.24, width * 0.22, width * 0.54],
        header: vec![
            Para::bold("Theme"),
            Para::bold("Recommendation"),
            Para::bold("For whom, and what"),
        ],
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: true,
    }));

    // The chart: every group (theme) by every partnership.
    let mut groups: Vec<Option<usize>> = Vec::new();
    for (t, _, _, _) in &all {
        if !groups.contains(t) {
            groups.push(*t);
        }
    }
    let partnerships: Vec<String> = c.inputs.iter().map(name_of).collect();
    let counts: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| {
            (0..c.inputs.len())
                .map(|i| all.iter().filter(|(t, j, _, _)| t == g && *j == i).count())
                .collect()
        })
        .collect();
    let themes: Vec<String> = groups.iter().map(|g| group_title(*g)).collect();
    let alt = format!(
        "Bar chart of the number of recommendations per theme and partnership. {}",
        themes
            .iter()
            .zip(&counts)
            .map(|(t, row)| format!(
                "{t}: {}.",
                partnerships
                    .iter()
                    .zip(row)
                    .map(|(p, n)| format!("{p} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .collect::<Vec<_>>()
            .join(" ")
    );
    out.push(Piece::H2(
        "Recommendations per theme and partnership".into(),
    ));
    out.push(Piece::Chart(Chart {
        themes,
        partnerships,
        counts,
        alt,
    }));
}

fn not_engaged(c: &Collation, out: &mut Vec<Piece>) {
    out.push(Piece::H1("Organisations that did not engage".into()));
    let mut any = false;
    for input in &c.inputs {
        for r in input.report.not_held() {
            any = true;
            out.push(Piece::Para(Para::new(vec![
                Span::bold(r.organisation.trim().to_string()),
                Span::regular(format!(" ({})", name_of(input))).coloured(MUTED),
            ])));
            let log = text::contact_log(&r.contacts);
            out.push(Piece::Para(Para::plain(if log.is_empty() {
                "The local report records no attempts to contact it.".to_string()
            } else {
                log
            })));
        }
    }
    if !any {
        out.push(Piece::Para(Para::plain(
            "Every organisation invited took part in its partnership’s peer review.",
        )));
    }
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

fn appendix(c: &Collation, width: f32, out: &mut Vec<Piece>) {
    out.push(Piece::PageBreak);
    out.push(Piece::H1("Appendix: the local reports".into()));
    out.push(Piece::Para(Para::plain(
        "Each partnership’s report as it was collated: where it came from, who signed it off and the fingerprint (SHA-256) of their certificate, which the partnership publishes, and of the signed content.",
    )));
    let rows = c
        .inputs
        .iter()
        .map(|i| {
            let source = std::path::Path::new(&i.source_path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| i.source_path.clone());
            let kind = match i.kind {
                crate::region::InputKind::Pdf => "signed report PDF",
                crate::region::InputKind::Audit => "audit file",
                crate::region::InputKind::Json => "audit JSON export",
            };
            let status = if i.draft {
                Span::bold("DRAFT: not signed off, or its signature does not verify")
            } else {
                Span::regular("Signed off; every signature verified")
            };
            let signer = if i.signer.trim().is_empty() {
                "Not signed".to_string()
            } else if i.signed_at.is_empty() {
                i.signer.clone()
            } else {
                format!("{}, {}", i.signer, crate::canonical::day(&i.signed_at))
            };
            Row::columns(vec![
                vec![
                    Para::bold(name_of(i)),
                    Para::plain(format!("{source} ({kind})")),
                ],
                vec![Para::new(vec![status]), Para::plain(signer)],
                vec![
                    Para::new(vec![
                        Span::bold("Certificate: "),
                        Span::regular(if i.certificate_sha256.is_empty() {
                            "none".to_string()
                        } else {
                            grouped(&i.certificate_sha256)
                        }),
                    ]),
                    Para::new(vec![
                        Span::bold("Content: "),
                        Span::regular(grouped(&i.digest)),
                    ]),
                ],
            ])
        })
        .collect::<Vec<_>>();
    if rows.is_empty() {
        return;
    }
    out.push(Piece::Table(Table {
        widths: vec![width * 0.28, width * 0.28, width * 0.44],
        header: vec![
            Para::bold("Partnership and file"),
            Para::bold("Signed off by"),
            Para::bold("Fingerprints (SHA-256)"),
        ],
        rows,
        style: CELL,
        padding: CELL_PADDING,
        merge_first_column: false,
    }));
}

// ---- PDF ----

const PARA_GAP: f32 = 8.0;

/// Names the canonical form of a signed regional report.
pub const REGIONAL_FORMAT: &str = "section11-panel/signed-regional-report";

/// What a signed regional report signs: the region's own texts, each local
/// report collated (by the fingerprint of its content, with its signer and
/// certificate), the summaries and the quotes. In the canonical JSON form
/// of `crate::canonical` (keys sorted, no whitespace), so `s11 verify`
/// checks it as it checks a local report.
pub fn regional_canonical(c: &Collation) -> String {
    use serde_json::json;
    let m = &c.meta;
    let mut summaries: Vec<_> = c.summaries.iter().collect();
    summaries.sort_by(|a, b| a.0.cmp(b.0));
    crate::canonical::canonical_json(&json!({
        "format": REGIONAL_FORMAT,
        "format_version": 1,
        "region": {"id": m.id, "name": m.name, "year": m.year, "authors": m.authors,
                   "introduction": m.introduction, "methodology": m.methodology, "conclusion": m.conclusion},
        "reports": c.inputs.iter().map(|i| json!({
            "partnership": i.partnership, "digest": i.digest, "draft": i.draft, "signer": i.signer,
            "certificate_sha256": i.certificate_sha256, "signed_at": i.signed_at,
        })).collect::<Vec<_>>(),
        "matches": c.matches.iter().map(|x| json!({"partnership": x.partnership_key, "theme": x.local_theme, "regional": x.regional})).collect::<Vec<_>>(),
        "summaries": summaries.iter().map(|(k, s)| json!({"theme": k, "strengths": s.strengths, "development": s.development})).collect::<Vec<_>>(),
        "quotes": c.quotes.iter().map(|q| json!({"theme": q.theme_key, "partnership": q.partnership_key, "organisation": q.organisation, "passage": q.passage})).collect::<Vec<_>>(),
    }))
}

/// The regional report signed by the regional lead with their key (a PAdES
/// signature, as the local report's), carrying what was signed as
/// `signed-report.json`, so that `s11 verify`, pdfsig and PDF readers
/// check it. Its footer names the signer and the fingerprint in short.
pub fn signed_regional_pdf(
    c: &Collation,
    signer: &crate::identity::Identity,
    role: &str,
    at: crate::dates::Timestamp,
) -> Result<Vec<u8>, ReportError> {
    let canonical = regional_canonical(c);
    let digest = crate::canonical::digest(&canonical);
    let name = signer.common_name();
    let signed = Signed {
        name: name.clone(),
        at: at.rfc3339(),
        digest: digest.clone(),
        canonical,
    };
    let drawn = draw_pdf(c, Some(&signed))?;
    let meta = super::SignatureMeta {
        name,
        role: role.to_string(),
        reason: if role.trim().is_empty() {
            "Signed the regional report".into()
        } else {
            format!("Signed the regional report as {}", role.trim())
        },
    };
    Ok(super::sign_pdf(&drawn, signer, &meta, at)?)
}

struct Signed {
    name: String,
    at: String,
    digest: String,
    canonical: String,
}

/// The regional report as PDF: tagged, A4, "Page N of M", the DRAFT line
/// on every page while a local report is a draft.
pub fn regional_pdf(c: &Collation) -> Result<Vec<u8>, ReportError> {
    draw_pdf(c, None)
}

fn draw_pdf(c: &Collation, signed: Option<&Signed>) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load()?;
    let geometry = PageGeometry::a4();
    let mut flow = Flow::new(&fonts, geometry);
    for piece in pieces(c, geometry.body_width()) {
        draw_piece(&mut flow, piece);
    }
    let (mut pages, outline, tree) = flow.finish_tagged();
    let label = format!("{} · {}", c.meta.name, regional_title(c));
    super::furnish(&fonts, &mut pages, &label, false);
    if let Some(line) = draft_line(c) {
        let line = super::fit(&fonts, &fonts.printable(&line), 9.0, geometry.body_width());
        let w = fonts.bold.width(&line, 9.0);
        for page in &mut pages {
            page.draws.push(Draw::Text {
                x: (geometry.width - w) / 2.0,
                y: 12.0 * super::layout::MM,
                text: line.clone(),
                font: FontKind::Bold,
                size: 9.0,
                colour: super::DRAFT_RED,
            });
        }
    }
    if let Some(sd) = signed {
        let line = format!(
            "Signed {} by {} · SHA-256 {}",
            crate::canonical::day(&sd.at),
            sd.name,
            crate::canonical::short_digest(&sd.digest)
        );
        let line = super::fit(&fonts, &fonts.printable(&line), 7.0, geometry.body_width());
        let y = geometry.height - 12.0 * super::layout::MM + 10.0;
        for page in &mut pages {
            page.draws.push(Draw::Text {
                x: geometry.margin_left,
                y,
                text: line.clone(),
                font: FontKind::Regular,
                size: 7.0,
                colour: MUTED,
            });
        }
    }
    let attachment = signed.map(|sd| super::pdf::Attachment {
        name: super::SIGNED_CONTENT_NAME.into(),
        description: format!(
            "The signed content of this regional report (SHA-256 {})",
            sd.digest
        ),
        content: sd.canonical.clone().into_bytes(),
        digest: sd.digest.clone(),
        signed_by: sd.name.clone(),
        signed_at: sd.at.clone(),
    });
    let mut identity = Vec::new();
    if let Some(sd) = signed {
        identity.extend_from_slice(sd.digest.as_bytes());
        identity.extend_from_slice(sd.at.as_bytes());
    }
    identity.extend_from_slice(c.meta.id.as_bytes());
    identity.extend_from_slice(c.meta.name.as_bytes());
    for i in &c.inputs {
        identity.extend_from_slice(i.digest.as_bytes());
    }
    for (k, s) in &c.summaries {
        identity.extend_from_slice(k.as_bytes());
        identity.extend_from_slice(s.strengths.as_bytes());
        identity.extend_from_slice(s.development.as_bytes());
    }
    for q in &c.quotes {
        identity.extend_from_slice(q.passage.as_bytes());
    }
    identity.extend_from_slice(
        format!(
            "{}{}{}{}",
            c.meta.introduction, c.meta.methodology, c.meta.conclusion, c.meta.authors
        )
        .as_bytes(),
    );
    identity.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    let info = super::pdf::DocumentInfo {
        title: format!("{} – {}", regional_title(c), c.meta.name),
        author: c.meta.name.clone(),
        subject: format!(
            "Regional Section 11 peer review report {}{}",
            c.meta.year,
            if draft_line(c).is_some() {
                " (includes drafts)"
            } else {
                ""
            }
        ),
        date: None,
        identity,
    };
    Ok(super::pdf::render(
        &fonts,
        &geometry,
        &pages,
        &outline,
        &tree,
        &info,
        None,
        attachment.as_ref(),
    )?
    .bytes)
}

fn draw_piece(flow: &mut Flow, piece: Piece) {
    match piece {
        Piece::Title {
            region,
            title,
            lines,
        } => super::sections::cover(
            flow,
            &region,
            &title,
            &lines,
            super::layout::TextStyle {
                size: 13.0,
                leading: 19.0,
            },
        ),
        Piece::H1(t) => super::sections::heading_as(flow, &t, Role::H1),
        Piece::H2(t) => flow.heading(
            &Para::new(vec![super::span_title(&t)]),
            Role::H2,
            super::layout::TextStyle {
                size: 13.0,
                leading: 17.0,
            },
            14.0,
            6.0,
            Some(&t),
        ),
        Piece::Text(t) => super::sections::free_text(flow, &text::blocks(&t)),
        Piece::Para(p) => flow.paragraph(&p, BODY, 0.0, PARA_GAP),
        Piece::Note(t) => flow.paragraph(
            &Para::new(vec![Span::regular(t).coloured(MUTED)]),
            FOOTNOTE,
            0.0,
            PARA_GAP,
        ),
        Piece::Table(t) => {
            flow.table(&t);
            flow.space(PARA_GAP);
        }
        Piece::Chart(chart) => draw_chart(flow, &chart),
        Piece::PageBreak => flow.page_break(),
    }
}

const BAR: Colour = Colour(0.20, 0.40, 0.65);

/// Rows of themes, a column per partnership numbered 1..N (the legend
/// below names them), each cell a bar as tall as its count with the count
/// beside it: readable without colour.
fn draw_chart(flow: &mut Flow, chart: &Chart) {
    let fonts = flow.fonts();
    let g = flow.geometry;
    let left = g.margin_left;
    let label_w = 48.0 * super::layout::MM;
    let n = chart.partnerships.len().max(1);
    let col_w = (g.body_width() - label_w) / n as f32;
    let row_h = 22.0;
    let head_h = 16.0;
    let max = chart
        .counts
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let mut draws = Vec::new();
    for (k, _) in chart.partnerships.iter().enumerate() {
        let number = (k + 1).to_string();
        let w = fonts.bold.width(&number, 8.0);
        draws.push(Draw::Text {
            x: left + label_w + col_w * (k as f32 + 0.5) - w / 2.0,
            y: 10.0,
            text: number,
            font: FontKind::Bold,
            size: 8.0,
            colour: super::layout::TEXT,
        });
    }
    for (r, (theme, row)) in chart.themes.iter().zip(&chart.counts).enumerate() {
        let top = head_h + r as f32 * row_h;
        draws.push(Draw::Line {
            x1: left,
            y1: top,
            x2: left + g.body_width(),
            y2: top,
            width: 0.4,
            colour: RULE,
        });
        draws.push(Draw::Text {
            x: left,
            y: top + row_h / 2.0 + 3.0,
            text: super::fit(fonts, &fonts.printable(theme), 8.0, label_w - 6.0),
            font: FontKind::Regular,
            size: 8.0,
            colour: super::layout::TEXT,
        });
        for (k, count) in row.iter().enumerate() {
            let bar_h = (row_h - 6.0) * (*count as f32) / max as f32;
            let bar_w = (col_w * 0.35).min(12.0);
            let x = left + label_w + col_w * (k as f32 + 0.5) - bar_w / 2.0 - 4.0;
            if *count > 0 {
                draws.push(Draw::Fill {
                    x,
                    y: top + row_h - 3.0 - bar_h,
                    w: bar_w,
                    h: bar_h,
                    colour: BAR,
                });
            }
            draws.push(Draw::Text {
                x: x + bar_w + 2.0,
                y: top + row_h - 4.0,
                text: count.to_string(),
                font: FontKind::Regular,
                size: 7.0,
                colour: if *count > 0 {
                    super::layout::TEXT
                } else {
                    MUTED
                },
            });
        }
    }
    let bottom = head_h + chart.themes.len() as f32 * row_h;
    draws.push(Draw::Line {
        x1: left,
        y1: bottom,
        x2: left + g.body_width(),
        y2: bottom,
        width: 0.4,
        colour: RULE,
    });
    flow.figure(&chart.alt, bottom + 6.0, draws);
    let legend: Vec<String> = chart
        .partnerships
        .iter()
        .enumerate()
        .map(|(k, p)| format!("{} {p}", k + 1))
        .collect();
    flow.paragraph(
        &Para::new(vec![
            Span::bold("Columns: "),
            Span::regular(legend.join(" · ")).coloured(MUTED),
        ]),
        FOOTNOTE,
        0.0,
        PARA_GAP,
    );
}

// ---- Word ----

/// The regional report as a Word document, the same content as the PDF;
/// the chart as a table of counts with a bar of blocks per cell.
pub fn regional_docx(c: &Collation) -> Result<Vec<u8>, ReportError> {
    use super::docx::{self as d, Piece as W};
    use docx_rs::{BreakType, Paragraph, Run};
    let width = PageGeometry::a4().body_width();
    let mut out: Vec<W> = Vec::new();
    for piece in pieces(c, width) {
        match piece {
            Piece::Title {
                region,
                title,
                lines,
            } => {
                out.push(W::Paragraph(Box::new(d::spaced(
                    d::text_paragraph(Paragraph::new(), region.trim(), true, Some("17385F")),
                    12,
                ))));
                out.push(W::Paragraph(Box::new(d::spaced(
                    Paragraph::new()
                        .style("Title")
                        .add_run(Run::new().add_text(title)),
                    12,
                ))));
                for l in lines {
                    out.push(d::plain(&l));
                }
            }
            Piece::H1(t) => out.push(d::heading1(&t)),
            Piece::H2(t) => out.push(d::heading2(&t)),
            Piece::Text(t) => out.extend(d::free_text(&text::blocks(&t))),
            Piece::Para(p) => out.push(W::Paragraph(Box::new(d::para(&p, 8, None)))),
            Piece::Note(t) => out.push(W::Paragraph(Box::new(d::spaced(
                d::text_paragraph(Paragraph::new(), &t, false, Some("60606B")),
                8,
            )))),
            Piece::Table(t) => {
                out.push(d::table(&t));
                out.push(d::plain(""));
            }
            Piece::Chart(chart) => {
                let n = chart.partnerships.len().max(1) as f32;
                let first = width * 0.30;
                let rest = (width - first) / n;
                let mut widths = vec![first];
                widths.extend(std::iter::repeat_n(rest, chart.partnerships.len()));
                let mut header = vec![Para::bold("Theme")];
                header.extend(chart.partnerships.iter().map(|p| Para::bold(p.clone())));
                let rows = chart
                    .themes
                    .iter()
                    .zip(&chart.counts)
                    .map(|(t, row)| {
                        let mut cells = vec![vec![Para::bold(t.clone())]];
                        cells.extend(row.iter().map(|n| {
                            vec![Para::plain(format!("{} {n}", "█".repeat((*n).min(10))))]
                        }));
                        Row::columns(cells)
                    })
                    .collect();
                out.push(d::plain(&chart.alt));
                out.push(d::table(&Table {
                    widths,
                    header,
                    rows,
                    style: CELL,
                    padding: CELL_PADDING,
                    merge_first_column: false,
                }));
                out.push(d::plain(""));
            }
            Piece::PageBreak => out.push(W::Paragraph(Box::new(
                Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
            ))),
        }
    }
    let label = format!("{} · {}", c.meta.name, regional_title(c));
    let draft = draft_line(c);
    d::package(
        &d::Frame {
            header_label: &label,
            draft_line: draft.as_deref(),
            title: &format!("{} – {}", regional_title(c), c.meta.name),
            author: c.meta.name.trim(),
            date: None,
        },
        out,
    )
}
