//! The typesetter's own tests: wrapping, splitting, tables and tags.

use super::super::fonts::Fonts;
use super::super::tags::Role;
use super::*;

const BODY: TextStyle = TextStyle {
    size: 10.0,
    leading: 14.0,
};
const CELL: TextStyle = TextStyle {
    size: 9.0,
    leading: 12.0,
};

fn fonts() -> Fonts {
    Fonts::load().expect("embedded fonts")
}

fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(Line::text).collect()
}

#[test]
fn wraps_at_spaces_within_the_width() {
    let f = fonts();
    let p = Para::plain("The representatives were clearly very well prepared for the review and had considered their responses.");
    let lines = wrap(&f, &p, 10.0, 200.0);
    assert!(lines.len() >= 2, "{:?}", texts(&lines));
    for l in &lines {
        assert!(l.width <= 200.0, "“{}” is {} wide", l.text(), l.width);
        assert!(
            !l.text().starts_with(' ') && !l.text().ends_with(' '),
            "no spaces at the ends of “{}”",
            l.text()
        );
    }
    assert_eq!(texts(&lines).join(" "), "The representatives were clearly very well prepared for the review and had considered their responses.");
}

#[test]
fn a_newline_is_a_line_break_in_the_same_cell() {
    let f = fonts();
    let lines = wrap(&f, &Para::plain("First line\nSecond line\n"), 9.0, 300.0);
    assert_eq!(texts(&lines), ["First line", "Second line"]);
}

#[test]
fn a_web_address_wraps_inside_its_column() {
    let f = fonts();
    let url = "https://sites.southglos.gov.uk/safeguarding/wp-content/uploads/sites/221/2021/11/Thematic-Regional-Peer-on-Peer-and-CCE-CSPR-Practitioner-Briefing.pdf";
    let p = Para::plain(format!("The full CSPR is at {url} for all staff"));
    let width = 150.0;
    let lines = wrap(&f, &p, 9.0, width);
    for l in &lines {
        assert!(
            l.width <= width + 0.01,
            "“{}” overflows: {} > {width}",
            l.text(),
            l.width
        );
    }
    let joined: String = texts(&lines).concat();
    assert!(
        joined.replace(' ', "").contains(&url.replace(' ', "")),
        "every character of the address is kept in order"
    );
    assert!(
        lines.iter().any(|l| l.text().ends_with('/')),
        "breaks after a slash where it can: {:?}",
        texts(&lines)
    );
    assert!(
        !lines.iter().any(|l| l.text().ends_with('-')),
        "never ends a line on a hyphen of the address: {:?}",
        texts(&lines)
    );
}

#[test]
fn bold_and_regular_runs_share_a_line() {
    let f = fonts();
    let p = Para::new(vec![
        Span::bold("Recommendation 1:"),
        Span::regular(" Circulate the offer"),
    ]);
    let lines = wrap(&f, &p, 9.0, 400.0);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].runs.len(), 2);
    assert_eq!(lines[0].text(), "Recommendation 1: Circulate the offer");
    assert!(lines[0].runs[1].x > 0.0);
}

#[test]
fn a_bullet_hangs_left_of_every_line() {
    let f = fonts();
    let p = Para::plain("A clear line of accountability for the commissioning and provision of services designed to safeguard children").with_bullet(Span::regular("✓"));
    let lines = wrap(&f, &p, 10.0, 200.0);
    assert!(lines.len() > 1);
    assert_eq!(lines[0].runs[0].text, "✓");
    let indent = bullet_indent(10.0);
    assert!(
        lines
            .iter()
            .all(|l| l.runs.iter().any(|r| (r.x - indent).abs() < 0.01)),
        "text lines start at the same indent"
    );
}

#[test]
fn split_point_leaves_two_lines_each_side() {
    assert_eq!(split_point(10, 5), Some(5));
    assert_eq!(split_point(10, 9), Some(8), "two lines must go over");
    assert_eq!(
        split_point(10, 1),
        None,
        "one line alone at the foot is a widow"
    );
    assert_eq!(
        split_point(3, 2),
        None,
        "three lines cannot split two and two"
    );
    assert_eq!(split_point(4, 2), Some(2));
}

fn three_columns(f: &Fonts) -> Table {
    let w = PageGeometry::a4().body_width();
    let _ = f;
    Table {
        widths: vec![w * 0.16, w * 0.31, w * 0.53],
        header: vec![
            Para::bold("Theme"),
            Para::bold("Questions to Explore"),
            Para::bold("Responses"),
        ],
        rows: Vec::new(),
        style: CELL,
        padding: 4.0,
        merge_first_column: true,
    }
}

fn response_row(theme: &str, question: &str, response: &str, first: bool) -> Row {
    let mut row = Row::columns(vec![
        if first {
            vec![Para::bold(theme)]
        } else {
            Vec::new()
        },
        vec![Para::plain(question)],
        vec![Para::plain(response)],
    ]);
    row.continued = vec![Para::plain(format!("{theme} (continued)"))];
    row.group_start = first;
    row
}

fn numbered_lines(n: usize) -> String {
    (1..=n)
        .map(|i| format!("Response line {i:03}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn header_repeats_on_every_page_and_a_long_response_splits_between_lines() {
    let f = fonts();
    let mut t = three_columns(&f);
    // About 160 lines: longer than two pages of table.
    t.rows.push(response_row(
        "Learning & Development",
        "Tell us about supervision",
        &numbered_lines(160),
        true,
    ));
    t.rows.push(response_row(
        "Learning & Development",
        "How is learning embedded?",
        "Reports are written.",
        false,
    ));
    let mut flow = Flow::new(&f, PageGeometry::a4());
    flow.table(&t);
    let (pages, _) = flow.finish();
    assert!(
        pages.len() >= 3,
        "160 lines need at least three pages, got {}",
        pages.len()
    );
    for (i, p) in pages.iter().enumerate() {
        let texts = p.texts();
        assert_eq!(
            texts.iter().filter(|t| **t == "Responses").count(),
            1,
            "page {} repeats the header once",
            i + 1
        );
        if i > 0 {
            let joined = texts.join(" ");
            assert!(
                joined.contains("Learning & Development (continued)"),
                "page {} names the theme as continued: {:?}",
                i + 1,
                &texts[..6.min(texts.len())]
            );
        }
        let lines: Vec<&&str> = texts
            .iter()
            .filter(|t| t.starts_with("Response line"))
            .collect();
        if !lines.is_empty() {
            assert!(
                lines.len() >= 2,
                "page {} has a single stranded line of the response",
                i + 1
            );
        }
    }
    // Every line once, in order.
    let all: Vec<String> = pages
        .iter()
        .flat_map(|p| {
            p.texts()
                .into_iter()
                .filter(|t| t.starts_with("Response line"))
                .map(str::to_string)
        })
        .collect();
    let expected: Vec<String> = (1..=160).map(|i| format!("Response line {i:03}")).collect();
    assert_eq!(all, expected);
    // The text of each page stays inside the body.
    let g = PageGeometry::a4();
    for p in &pages {
        for d in &p.draws {
            if let Draw::Text { y, .. } = d {
                assert!(
                    *y > g.margin_top && *y < g.body_bottom(),
                    "text at y={y} lies outside the body"
                );
            }
        }
    }
}

#[test]
fn paragraphs_in_a_cell_keep_a_small_gap_between_them() {
    let f = fonts();
    let mut t = three_columns(&f);
    t.rows.push(Row::columns(vec![
        vec![Para::bold("Theme")],
        vec![Para::plain("Question")],
        vec![
            Para::plain("First paragraph."),
            Para::plain("Second paragraph."),
        ],
    ]));
    let mut flow = Flow::new(&f, PageGeometry::a4());
    flow.table(&t);
    let (pages, _) = flow.finish();
    let y = |needle: &str| {
        pages[0].draws.iter().find_map(|d| match d {
            Draw::Text { y, text, .. } if text == needle => Some(*y),
            _ => None,
        })
    };
    let (Some(a), Some(b)) = (y("First paragraph."), y("Second paragraph.")) else {
        panic!("both paragraphs are drawn");
    };
    assert!(
        (b - a - CELL.leading - CELL_PARA_GAP).abs() < 0.01,
        "a line and a gap apart: {a} {b}"
    );
}

#[test]
fn no_row_leaves_one_line_at_the_foot_of_a_page() {
    let f = fonts();
    // Fill most of a page with body text, then a table whose second row
    // would have one line left at the foot if split naively.
    for filler in 40..56 {
        let mut flow = Flow::new(&f, PageGeometry::a4());
        for _ in 0..filler {
            flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
        }
        let mut t = three_columns(&f);
        t.rows
            .push(response_row("Theme", "Q1", &numbered_lines(9), true));
        t.rows
            .push(response_row("Theme", "Q2", &numbered_lines(9), false));
        flow.table(&t);
        let (pages, _) = flow.finish();
        for (i, p) in pages.iter().enumerate() {
            let n = p
                .texts()
                .iter()
                .filter(|t| t.starts_with("Response line"))
                .count();
            // Count per row: lines of Q1 and Q2 on this page.
            assert!(
                n != 1,
                "filler {filler}: page {} shows one stranded line",
                i + 1
            );
        }
    }
}

#[test]
fn a_heading_is_never_the_last_thing_on_a_page() {
    let f = fonts();
    for filler in 45..58 {
        let mut flow = Flow::new(&f, PageGeometry::a4());
        for _ in 0..filler {
            flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
        }
        flow.heading(
            &Para::bold("Peer Review BNSSG CCG"),
            Role::H2,
            TextStyle {
                size: 14.0,
                leading: 18.0,
            },
            12.0,
            6.0,
            Some("Peer Review BNSSG CCG"),
        );
        flow.paragraph(&Para::plain("This review took place on 10 February 2022. The peer review panel was Sarah Taylor, Matthew Garnham and Hilary Smith."), BODY, 0.0, 6.0);
        let (pages, outline) = flow.finish();
        let page_of = |needle: &str| {
            pages
                .iter()
                .position(|p| p.texts().iter().any(|t| t.contains(needle)))
        };
        assert_eq!(
            page_of("Peer Review BNSSG"),
            page_of("This review took place"),
            "filler {filler}: the heading went without its paragraph"
        );
        assert_eq!(
            outline.last().map(|o| o.page),
            page_of("Peer Review BNSSG"),
            "the bookmark points at the heading's page"
        );
    }
}

#[test]
fn a_group_heading_row_stays_with_the_next_row() {
    let f = fonts();
    for filler in 48..58 {
        let mut flow = Flow::new(&f, PageGeometry::a4());
        for _ in 0..filler {
            flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
        }
        let w = PageGeometry::a4().body_width();
        let mut group = Row::spanning(0, vec![Para::bold("Recommendations: LPW")]);
        group.keep_with_next = true;
        let t = Table {
            widths: vec![w * 0.1, w * 0.9],
            header: vec![Para::bold("Number"), Para::bold("Recommendation")],
            rows: vec![
                group,
                Row::columns(vec![
                    vec![Para::plain("6")],
                    vec![Para::plain("LPW to review the policies")],
                ]),
            ],
            style: CELL,
            padding: 4.0,
            merge_first_column: false,
        };
        flow.table(&t);
        let (pages, _) = flow.finish();
        let page_of = |needle: &str| {
            pages
                .iter()
                .position(|p| p.texts().iter().any(|t| t.contains(needle)))
        };
        assert_eq!(
            page_of("Recommendations: LPW"),
            page_of("LPW to review"),
            "filler {filler}"
        );
    }
}

#[test]
fn a_long_paragraph_splits_with_two_lines_each_side() {
    let f = fonts();
    for filler in 50..58 {
        let mut flow = Flow::new(&f, PageGeometry::a4());
        for _ in 0..filler {
            flow.paragraph(&Para::plain("Filler."), BODY, 0.0, 0.0);
        }
        flow.paragraph(
            &Para::plain(numbered_lines(6).replace('\n', " ")),
            TextStyle {
                size: 10.0,
                leading: 14.0,
            },
            0.0,
            0.0,
        );
        let (pages, _) = flow.finish();
        for p in &pages {
            let n = p
                .texts()
                .iter()
                .filter(|t| t.contains("Response line"))
                .count();
            assert!(
                n != 1,
                "filler {filler}: a single line of the paragraph is stranded"
            );
        }
    }
}
