//! The report PDF read back with the real poppler tools, as a reader's PDF
//! viewer and the partnership's accessibility checks would read it.

#[path = "../../examples/support/regional.rs"]
mod regional;

use std::path::Path;
use std::process::Command;

use s11core::example::example;
use s11core::report::{report_layout, report_pdf, report_pdf_with, template_pdf, ReportOptions};
use s11core::review::ReviewStatus;
use s11core::AuditDoc;

/// Runs a poppler tool on `pdf`; a missing tool fails the test with how to
/// get it, never skips it.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let (_dir, path) = pdf_file(pdf);
    run_poppler(tool, args, &path)
}

/// `pdf` written to a file of its own, for a program that is not ours to
/// read; the file goes with the directory.
fn pdf_file(pdf: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    (dir, path)
}

fn run_poppler(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => panic!("{tool} failed on the PDF: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!("{tool} could not run ({e}): install poppler-utils by running ./.ci/test, which sets up everything the tests need"),
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// Checks that `expected` appears in `haystack` in order, each item as a
/// contiguous run of words, starting after the previous one.
fn assert_in_order(haystack: &[String], expected: &[String]) {
    let mut from = 0;
    for item in expected {
        let needle = words(item);
        if needle.is_empty() {
            continue;
        }
        let found = (from..haystack.len().saturating_sub(needle.len() - 1))
            .find(|&i| haystack[i..i + needle.len()] == needle[..]);
        match found {
            Some(i) => from = i + needle.len(),
            None => {
                let context =
                    haystack[from.min(haystack.len())..(from + 40).min(haystack.len())].join(" ");
                panic!("“{item}” is missing or out of order; the text continues: “{context}”");
            }
        }
    }
}

/// The first words of each line of stored text: short enough that a page
/// break never falls inside them (a printed line holds more).
fn line_starts(text: &str, n: usize) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches("- "))
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().take(n).collect::<Vec<_>>().join(" "))
        .collect()
}

/// The example's review headings as the seed writes them.
fn seed_heading(review: &s11core::review::Review) -> String {
    match review.short_name.as_str() {
        "BNSSG CCG" => "Peer Review BNSSG CCG".into(),
        "LPW" => "Peer Review Routes Service, Learning Partnership West".into(),
        "CVS" => "Peer Review Community & Voluntary Services (CVS)".into(),
        _ => format!("Peer Review {}", review.organisation),
    }
}

/// Everything the example's report must show, in reading order. Theme
/// titles sit in the table's first column beside their rows, where
/// pdftotext's column analysis may read them before or after the row, so
/// they are left out unless `themes` (for the content-stream order of `-raw`).
fn expected_sequence(doc: &AuditDoc, themes: bool) -> Vec<String> {
    let labels: std::collections::HashMap<String, String> = doc
        .labelled_recommendations()
        .into_iter()
        .map(|n| (n.recommendation.id.clone(), n.label))
        .collect();
    let mut out = vec![
        doc.audit.partnership.clone(),
        format!("Section 11 Report {}", doc.audit.year),
        "March 2022".into(),
    ];
    out.push("Background".into());
    out.extend(line_starts(&doc.audit.background, 6));
    out.push("Methodology".into());
    out.push("The peer review panel consisted of Sarah".into());
    for review in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Held)
    {
        out.push(seed_heading(review));
        out.push("This review took place on".into());
        out.extend(line_starts(&review.preparation, 6));
        out.extend(["Theme", "Questions to Explore", "Responses"].map(String::from));
        for theme in &doc.template.themes {
            if themes {
                out.push(theme.title.clone());
            }
            if let Some(reason) = review.incomplete_reason(&theme.id) {
                out.push(reason.to_string());
                continue;
            }
            for q in &theme.questions {
                out.push(
                    q.text
                        .split_whitespace()
                        .take(4)
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                if let Some(r) = review.response_for(&q.id) {
                    out.extend(line_starts(&r.text, 6));
                }
                for rec in doc.recommendations.iter().filter(|r| {
                    r.review.as_deref() == Some(review.id.as_str())
                        && r.after_question.as_deref() == Some(q.id.as_str())
                }) {
                    out.push(format!("Recommendation {}:", labels[&rec.id]));
                    out.extend(line_starts(&rec.text, 5));
                }
            }
        }
    }
    for review in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::DidNotTakePlace)
    {
        out.push(seed_heading(review));
        out.push("This review did not take place.".into());
        out.extend(line_starts(&review.preparation, 6));
    }
    out.push("Conclusion".into());
    out.extend(line_starts(&doc.audit.conclusion, 5));
    out.push("Recommendations".into());
    out.extend(["Number", "Recommendation"].map(String::from));
    let mut last_review = None;
    for n in doc.numbered_organisation_recommendations() {
        if last_review != n.recommendation.review.clone() {
            let r = doc
                .reviews
                .iter()
                .find(|r| Some(&r.id) == n.recommendation.review.as_ref())
                .expect("review");
            out.push(format!("Recommendations: {}", r.display_name()));
            last_review = n.recommendation.review.clone();
        }
        out.push(n.label.clone());
        out.extend(line_starts(&n.recommendation.text, 6));
    }
    out.push(format!(
        "Additional Recommendations for {}",
        doc.audit.partnership
    ));
    for n in doc.lettered_partnership_recommendations() {
        out.push(n.label.clone());
        out.extend(line_starts(&n.recommendation.text, 6));
    }
    out.push("Appendix 2: Question Template".into());
    for (theme, q) in doc.template.questions() {
        if themes && q.id.ends_with("q1") {
            out.push(theme.title.clone());
        }
        out.push(
            q.text
                .split_whitespace()
                .take(5)
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    out
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_example_reads_back_in_order_with_every_response_recommendation_and_heading() {
    let doc = example().expect("example");
    let pdf = report_pdf(&doc).expect("the report renders");
    // In drawing order (-raw): pdftotext's column analysis guesses at
    // reading order across a table's columns, and the small gap between a
    // cell's paragraphs makes it split a cell into blocks it reads out of
    // order. A reader's PDF viewer and screen reader follow the structure
    // tree, which `the_report_and_the_template_are_tagged_for_pdf_ua`
    // checks against the same sequence.
    let text = poppler("pdftotext", &["-raw"], &pdf);
    let expected = expected_sequence(&doc, false);
    assert!(
        expected.len() > 150,
        "the check covers the whole report ({} items)",
        expected.len()
    );
    assert_in_order(&words(&text), &expected);
    // In drawing order, theme titles come in too: row by row, cell by cell.
    assert_in_order(
        &words(&poppler("pdftotext", &["-raw"], &pdf)),
        &expected_sequence(&doc, true),
    );
    // Every word of every response, in order: nothing dropped or clipped at a
    // page or cell boundary.
    let all_words = words(&text);
    let mut from = 0;
    for review in &doc.reviews {
        for q in doc.template.questions().map(|(_, q)| q) {
            for w in review
                .response_for(&q.id)
                .map(|r| words(&r.text))
                .unwrap_or_default()
            {
                let at = all_words[from..].iter().position(|x| *x == w);
                assert!(
                    at.is_some(),
                    "“{w}” of {}'s response to {} is missing",
                    review.short_name,
                    q.id
                );
                from += at.unwrap_or(0) + 1;
            }
        }
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_example_is_about_a_dozen_pages_with_the_page_count_in_every_footer() {
    let doc = example().expect("example");
    let pdf = report_pdf(&doc).expect("renders");
    let info = poppler("pdfinfo", &[], &pdf);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    assert!(
        (12..=20).contains(&pages),
        "the seed is about 12 pages at its type sizes; ours: {pages}"
    );
    let (laid_out, _) = report_layout(&doc, &ReportOptions::default()).expect("layout");
    assert_eq!(
        laid_out.len(),
        pages,
        "the layout's pages are the file's pages"
    );
    let text = poppler("pdftotext", &[], &pdf);
    for n in 1..=pages {
        assert!(
            text.contains(&format!("Page {n} of {pages}")),
            "page {n} has its number"
        );
    }
    assert_eq!(
        text.matches("South Gloucestershire Children's Partnership · Section 11 Report 2021-22")
            .count(),
        pages,
        "every footer names the partnership and year"
    );
    assert!(info.contains("A4"), "A4 pages: {info}");
    assert!(info.contains("Title:           Section 11 Report 2021-22 – South Gloucestershire Children's Partnership"), "{info}");
    assert!(
        info.contains("Author:          South Gloucestershire Children's Partnership"),
        "{info}"
    );
    assert!(
        info.contains("CreationDate:    Tue Mar  1 00:00:00 2022 UTC"),
        "dated from the report date, not the clock: {info}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn fonts_are_embedded_subsets_with_unicode_maps() {
    let pdf = report_pdf(&example().expect("example")).expect("renders");
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "regular and bold only: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].contains("+DejaVuSans"),
            "a subset tag before the name: {row}"
        );
        // name, type (3 words), encoding, emb, sub, uni, object id
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, with a ToUnicode map: {row}"
        );
    }
    assert!(
        pdf.len() < 250_000,
        "subset fonts keep the file small: {} bytes",
        pdf.len()
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn bidirectional_overrides_cannot_reorder_the_text_around_them() {
    // A right-to-left override typed (or pasted) into a minute would make a
    // viewer show "1300 £ pay" style reversals; the report prints the text in
    // the order typed, and the stored minute keeps the character.
    let mut doc = example().expect("example");
    doc.reviews[0].responses[0].text =
        "Invoice total \u{202E}0013 GBP\u{202C} agreed by the panel, zero\u{200B}width kept."
            .into();
    let text = words(&poppler(
        "pdftotext",
        &[],
        &report_pdf(&doc).expect("renders"),
    ))
    .join(" ");
    assert!(
        text.contains("Invoice total 0013 GBP agreed by the panel, zerowidth kept."),
        "read back in typed order: {}",
        &text[..text.len().min(2000)]
    );
    assert!(
        !text.contains('\u{202E}'),
        "no override reaches the PDF's text"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn every_character_uk_names_and_the_seed_need_survives_the_round_trip() {
    let mut doc = example().expect("example");
    let names = "Siân Ó Dálaigh, Zoë O’Brien, Łukasz Wójcik, Chloë Brontë-Smith, Ægir Øvergård, Dafydd ap Gwŷn";
    doc.reviews[0].representatives[0].name = names.to_string();
    doc.audit.conclusion = "“Curly quotes” – en dash — em dash ✓ tick £25 café".into();
    let text = words(&poppler(
        "pdftotext",
        &[],
        &report_pdf(&doc).expect("renders"),
    ))
    .join(" ");
    for needle in names
        .split(", ")
        .chain(["“Curly quotes” – en dash — em dash ✓ tick £25 café"])
    {
        assert!(
            text.contains(needle),
            "“{needle}” is not in the text read back"
        );
    }
    assert!(
        text.contains("✓ A clear line of accountability"),
        "the Background's list keeps its ticks"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_web_address_wraps_inside_its_column() {
    let mut doc = example().expect("example");
    let url = "https://sites.southglos.gov.uk/safeguarding/wp-content/uploads/sites/221/2021/11/Thematic-Regional-Peer-on-Peer-and-CCE-CSPR-Practitioner-Briefing-November-2021.pdf";
    doc.reviews[1].responses[0].text = format!("The full CSPR is at {url} and the briefing too.");
    let pdf = report_pdf(&doc).expect("renders");
    let bbox = poppler("pdftotext", &["-bbox"], &pdf);
    let page_width = 595.28_f32;
    let right_margin = page_width - 20.0 * 72.0 / 25.4;
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let x_max: f32 = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .expect("xMax");
        assert!(
            x_max <= right_margin + 1.0,
            "a word runs past the right margin ({x_max} > {right_margin}): {line}"
        );
    }
    let text = poppler("pdftotext", &[], &pdf);
    let joined: String = text.split_whitespace().collect();
    assert!(
        joined.contains(url),
        "the whole address is there, in order, across its lines"
    );
}

#[test]
fn the_same_audit_gives_the_same_bytes() {
    let doc = example().expect("example");
    let first = report_pdf(&doc).expect("renders");
    let second = report_pdf(&doc).expect("renders");
    assert!(
        first == second,
        "two renders in one process differ: output must not depend on time or counters"
    );
    let mut changed = doc.clone();
    changed.reviews[0].responses[0]
        .text
        .push_str(" One more sentence.");
    let third = report_pdf(&changed).expect("renders");
    assert!(third != first, "a different audit gives a different file");
    let template_a = template_pdf(&doc).expect("template");
    let template_b = template_pdf(&doc).expect("template");
    assert!(
        template_a == template_b,
        "the template is deterministic too"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn no_paths_or_user_names_from_the_machine_are_in_the_file() {
    let pdf = report_pdf(&example().expect("example")).expect("renders");
    let raw = String::from_utf8_lossy(&pdf);
    let mut forbidden = vec![
        "/home/".to_string(),
        "/work/".into(),
        "/tmp/".into(),
        "/usr/share".into(),
        "/root".into(),
        ".cargo".into(),
        "src-tauri".into(),
    ];
    for var in ["USER", "LOGNAME"] {
        if let Ok(v) = std::env::var(var) {
            if v.len() > 3 {
                forbidden.push(v);
            }
        }
    }
    for f in &forbidden {
        assert!(!raw.contains(f.as_str()), "the PDF contains “{f}”");
    }
    let info = poppler("pdfinfo", &[], &pdf);
    for f in &forbidden {
        assert!(
            !info.contains(f.as_str()),
            "the document information contains “{f}”: {info}"
        );
    }
}

#[test]
fn the_outline_has_each_section_and_review_in_reading_order() {
    let doc = example().expect("example");
    let pdf = report_pdf(&doc).expect("renders");
    let lo = lopdf::Document::load_mem(&pdf).expect("lopdf reads our PDF");
    let catalog = lo.catalog().expect("catalog");
    let outlines = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .expect("an outline");
    let root = lo.get_dictionary(outlines).expect("outline root");
    let mut next = root.get(b"First").and_then(|o| o.as_reference()).ok();
    let mut titles = Vec::new();
    while let Some(id) = next {
        let item = lo.get_dictionary(id).expect("outline item");
        let bytes = item.get(b"Title").and_then(|t| t.as_str()).expect("title");
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        titles.push(String::from_utf16_lossy(&units));
        next = item.get(b"Next").and_then(|o| o.as_reference()).ok();
    }
    assert_eq!(
        titles,
        [
            "Background",
            "Methodology",
            "Peer Review BNSSG CCG",
            "Peer Review Routes Service, Learning Partnership West",
            "Peer Review Community & Voluntary Services (CVS)",
            "Conclusion",
            "Recommendations",
            "Appendix 2: Question Template",
        ]
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn every_page_of_a_draft_says_draft_and_a_signed_off_report_does_not() {
    let doc = example().expect("example");
    let draft = poppler("pdftotext", &[], &report_pdf(&doc).expect("renders"));
    let pages: Vec<&str> = draft
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 12);
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains("DRAFT – not yet signed off"),
            "page {} carries the draft mark",
            i + 1
        );
    }
    let final_text = poppler(
        "pdftotext",
        &[],
        &report_pdf_with(&doc, &ReportOptions { draft: false }).expect("renders"),
    );
    assert!(
        !final_text.contains("DRAFT"),
        "a signed-off report has no draft mark"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_blank_template_lists_every_question_with_room_to_answer() {
    let doc = example().expect("example");
    let pdf = template_pdf(&doc).expect("renders");
    let text = poppler("pdftotext", &[], &pdf);
    let mut expected = vec![
        doc.audit.partnership.clone(),
        "Section 11 Peer Review 2021-22: Question Template".into(),
        "Organisation".into(),
        "Date of workshop".into(),
    ];
    for (_, q) in doc.template.questions() {
        expected.push(q.text.clone());
        expected.extend(q.points.iter().map(|p| format!("• {p}")));
        expected.push(q.follow_up.clone());
    }
    assert_in_order(&words(&text), &expected);
    assert!(
        !text.contains("DRAFT"),
        "the template is not a draft report"
    );
    assert!(
        !text.contains("Faye Kamara"),
        "the template carries no one's responses"
    );
    let fonts = poppler("pdffonts", &[], &pdf);
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes yes yes ")),
        "{fonts}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_regional_audit_of_fifteen_organisations_renders() {
    let doc = regional::regional(&example().expect("example"), 15);
    assert_eq!(doc.reviews.len(), 15);
    let pdf = report_pdf(&doc).expect("renders");
    let info = poppler("pdfinfo", &[], &pdf);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages");
    assert!(
        (50..=100).contains(&pages),
        "about 60 pages for 15 organisations: {pages}"
    );
    let text = poppler("pdftotext", &[], &pdf);
    assert!(
        text.contains("Recommendations: LPW 14"),
        "the recommendations table covers every organisation"
    );
}

/// Runs the `pdfua` checker (PyPI) on `pdf`; a missing checker fails the
/// test with how to get it, never skips it.
fn pdfua(pdf: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    match Command::new("pdfua").arg("check").arg(&path).output() {
        Ok(o) => (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        ),
        Err(e) => panic!(
            "pdfua could not run ({e}): install it with ./.ci/setup --test (pip install pdfua)"
        ),
    }
}

/// `pdfinfo -struct-text` as words, without the quotes around each
/// element's text.
fn structure_words(pdf: &[u8]) -> Vec<String> {
    words(&poppler("pdfinfo", &["-struct-text"], pdf).replace('"', " "))
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_report_and_the_template_are_tagged_for_pdf_ua() {
    let doc = example().expect("example");
    let draft = report_pdf(&doc).expect("renders");
    let final_ = report_pdf_with(&doc, &ReportOptions { draft: false }).expect("renders");
    let template = template_pdf(&doc).expect("template");
    let regional = report_pdf(&regional::regional(&doc, 3)).expect("renders");
    for (name, pdf) in [
        ("draft", &draft),
        ("final", &final_),
        ("template", &template),
        ("regional", &regional),
    ] {
        let info = poppler("pdfinfo", &[], pdf);
        assert!(info.contains("Tagged:          yes"), "{name}: {info}");
        let (ok, out) = pdfua(pdf);
        assert!(
            ok && out.contains("result: PASS") && !out.contains("[skip"),
            "{name}: the PDF/UA checker finds nothing and skips no check:\n{out}"
        );
        let lo = lopdf::Document::load_mem(pdf).expect("lopdf reads it");
        let catalog = lo.catalog().expect("catalog");
        assert_eq!(
            catalog.get(b"Lang").and_then(|l| l.as_str()).ok(),
            Some(&b"en-GB"[..]),
            "{name}: British English"
        );
        let marked = catalog
            .get_deref(b"MarkInfo", &lo)
            .and_then(|m| m.as_dict())
            .and_then(|m| m.get(b"Marked"))
            .and_then(|m| m.as_bool());
        assert_eq!(
            marked.ok(),
            Some(true),
            "{name}: /MarkInfo << /Marked true >>"
        );
        let shows_title = catalog
            .get_deref(b"ViewerPreferences", &lo)
            .and_then(|m| m.as_dict())
            .and_then(|m| m.get(b"DisplayDocTitle"))
            .and_then(|m| m.as_bool());
        assert_eq!(
            shows_title.ok(),
            Some(true),
            "{name}: the title in the title bar"
        );
        let xmp = catalog
            .get_deref(b"Metadata", &lo)
            .and_then(|m| m.as_stream())
            .map(|s| String::from_utf8_lossy(&s.content).into_owned())
            .expect("XMP metadata");
        assert!(
            xmp.contains("<pdfuaid:part>1</pdfuaid:part>") && xmp.contains("<dc:title>"),
            "{name}: PDF/UA-1 identified in the XMP: {xmp}"
        );
        for (n, id) in lo.get_pages() {
            let page = lo.get_dictionary(id).expect("page");
            assert_eq!(
                page.get(b"Tabs").and_then(|t| t.as_name()).ok(),
                Some(&b"S"[..]),
                "{name}: page {n} tabs in structure order"
            );
            assert!(page.get(b"StructParents").is_ok(), "{name}: page {n}");
        }
        let structure = poppler("pdfinfo", &["-struct-text"], pdf);
        assert!(
            !structure.contains("Page 1 of") && !structure.contains("DRAFT"),
            "{name}: footers, page numbers and the DRAFT mark are artifacts, not content"
        );
    }
    // The structure reads as the page does: every heading, paragraph,
    // question, response and recommendation, theme titles included.
    assert_in_order(&structure_words(&draft), &expected_sequence(&doc, true));
    let structure = poppler("pdfinfo", &["-struct-text"], &draft);
    for role in [
        "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TD",
    ] {
        assert!(
            structure
                .lines()
                .any(|l| l.trim().split_whitespace().next() == Some(role)),
            "the report has {role} elements"
        );
    }
    assert!(
        structure.contains("/Scope /Column") && structure.contains("/Scope /Row"),
        "column headers and the recommendations table's group headings are header cells"
    );
    assert_eq!(
        structure
            .lines()
            .filter(|l| l.trim() == "H2 (block)")
            .count(),
        doc.reviews.len(),
        "one level-2 heading per review"
    );
    assert_in_order(
        &structure_words(&template),
        &[
            "Section 11 Peer Review 2021-22: Question Template".to_string(),
            "Theme".into(),
            "Questions to Explore".into(),
            "Responses".into(),
            doc.template.themes[0].title.clone(),
            doc.template.themes[0].questions[0].text.clone(),
        ],
    );
}

/// Phrases of the seed report (`/work/shared/seed/section11-report-2021-22.txt`,
/// the South Gloucestershire 2021-22 report), in its order, headings
/// included, that the example's report must read the same: the shape and
/// wording a partnership publishes. Dates are left out where the seed writes
/// ordinals ("10th February") and the report writes dates in full.
pub(crate) const SEED_PHRASES: &[&str] = &[
    "South Gloucestershire Children's Partnership",
    "Section 11 Report 2021-22",
    "March 2022",
    "Background",
    "Section 11 of the Children Act places a duty on local authorities, NHS organisations, the police",
    "These arrangements include:",
    "A clear line of accountability for the commissioning and/or provision of services",
    "Create a culture of safety, equality, and protection within the services they provide",
    "In addition:",
    "Employers are responsible for ensuring that their staff are competent",
    "Staff should be given a mandatory induction",
    "All practitioners should have regular reviews of their own practice",
    "Methodology",
    "In 2021 the five children's Partnerships across the Avon & Somerset Region worked together",
    "each area formed their own Peer Review Panel.",
    "Sarah Taylor, Business Manager,",
    "and Chair of the Panel; Matthew Garnham, Avon & Somerset Police; Helen Tapson, Public Health; Hilary Smith, Head of Education, Learning and Skills",
    "Jayne Whittlestone, Next Link; and Holly Magson, Vinney Green Secure Children's Home.",
    "A template with the proposed questions were sent to all organisations in advance of the peer review meetings taking place.",
    "A copy of the question template can be found at Appendix 2 of this report.",
    "These 8 themes included:",
    "Safeguarding Structures",
    "Children's Partnerships",
    "This report contains the peer reviews for Bristol, North Somerset and South Gloucestershire Clinical Commissioning Group (BNSSG CCG)",
    "although this organisation chose not to engage with the process.",
    "Peer Review BNSSG CCG",
    "This review took place on",
    "The peer review panel was Sarah Taylor, Matthew Garnham and Hilary Smith.",
    "were Faye Kamara (Head of Safeguarding), Emma Bradley (Designated Doctor), Angela Stephen (Designated Nurse Looked After Children and Care Leavers) and Chloe Harrison (Safeguarding Manager)",
    "Apologies were received from Anne Fry (Designated Nurse)",
    "The representatives were clearly very well prepared for the review",
    "Theme",
    "Questions to Explore",
    "Responses",
    "How do you ensure that staff know what to do if they have a concern for a child or an adult?",
    "There is an induction for every new starter in first three months of employment and this is mandatory.",
    "Consider ways that learning from training is shared with colleagues as well as when there are reviews",
    "CCG to keep the Children's Partnership updated about the under resourcing and when the team is at capacity",
    "Peer Review Routes Service, Learning Partnership West",
    "This review took place on",
    "The peer review panel was Sarah Taylor, Jayne Whittlestone and Helen Tapson.",
    "Joe Secrett (Service Manager, LPW) and Rob Farrow (Head of Youth Services, LPW)",
    "The representatives had prepared for the review and had considered their responses",
    "Rob is the Designated Safeguarding Lead",
    "Because the Routes Service is a specialist service for Exploitation, this section was not completed.",
    "Peer Review Community & Voluntary Services (CVS)",
    "This review did not take place. CVS did not engage with the Section 11 process. Contact was made with Steve Curry (Chief Executive Officer)",
    "to inform him about the Section 11 process, and invite him to consider who would take part from CVS. A copy of the question template was provided. There was a follow up email on",
    "to arrange a date for the review to take place. Holly Magson, of Vinney Green Secure Children's Home had agreed to conduct the peer review for CVS alongside the Business Manager.",
    "No response was received about the dates, or the audit.",
    "Conclusion",
    "The section 11 audit has included the five partnerships",
    "The peer review process led to a rich discussion with each organisation",
    // (The seed's footnote on ASSSP sits at its page foot, before the next
    // page's paragraph; the report prints it after the Conclusion's text.)
    "These are represented in one table on the next page.",
    "Number",
    "Recommendations: BNSSG CCG",
    "1",
    "Circulate the Multi Agency Training Offer commissioned by the Children's Partnership",
    "5",
    "Recommendations: LPW",
    "6",
    "LPW to review the multi agency policies published by the South Gloucestershire Children's Partnership",
    "9",
    "Additional Recommendations for",
    "Children's Partnership",
    "A",
    "Children's Partnership Executive to consider how to respond to CVS who did not engage with the audit",
    "B",
    "The Children's Partnership will improve their communication to LPW",
    "C",
    "The partnership will begin to make contact with newly commissioned services routinely",
];

/// Words without the punctuation that ends them, so that a phrase may end
/// where the seed's sentence goes on ("the police" of "the police,").
pub(crate) fn loose_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_end_matches([',', '.', ';', ':']).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

pub(crate) fn loose(phrases: &[String]) -> Vec<String> {
    phrases.iter().map(|p| loose_words(p).join(" ")).collect()
}

/// The seed's phrases as owned strings for [`assert_in_order`].
pub(crate) fn seed_phrases() -> Vec<String> {
    SEED_PHRASES.iter().map(|s| s.to_string()).collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_example_report_reads_like_the_seed() {
    let doc = example().expect("example");
    let text = poppler("pdftotext", &[], &report_pdf(&doc).expect("renders"));
    assert_in_order(&loose_words(&text), &loose(&seed_phrases()));
    assert!(
        !text.contains("Chair of the Panel and Chair of the Panel"),
        "the chair's role is said once"
    );
    assert!(
        !text.contains("was contacted by email."),
        "the contact log reads as one paragraph, not a sentence per contact"
    );
}

/// Reads a .docx with python-docx (PyPI), as another program would: one
/// line per heading ("STYLE|text"), then per table its row count and header
/// row, then the page header's paragraphs and the first body paragraph.
fn python_docx(docx: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.docx");
    std::fs::write(&path, docx).expect("write the document");
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
for p in d.paragraphs:
    if p.style is not None and p.style.name.startswith(("Heading", "Title")):
        print("HEADING", p.style.name, "|", p.text)
for t in d.tables:
    print("TABLE", len(t.rows), "|", " / ".join(c.text for c in t.rows[0].cells))
for p in d.sections[0].header.paragraphs:
    print("HEADER", p.text)
print("FIRST", d.paragraphs[0].text)
print("TITLE", d.core_properties.title)
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python-docx could not read the document (install it with ./.ci/setup --test): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The .docx converted to PDF by LibreOffice (headless), read back with
/// pdftotext -raw.
fn libreoffice_text(docx: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.docx");
    std::fs::write(&path, docx).expect("write the document");
    // A profile of its own, so that another LibreOffice running does not
    // take the conversion over.
    let profile = format!("file://{}/profile", dir.path().display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!("LibreOffice failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!("soffice could not run ({e}): install libreoffice-writer-nogui by running ./.ci/setup --test"),
    }
    // In drawing order: LibreOffice draws a table row by row, cell by cell,
    // where pdftotext's column analysis would interleave the columns.
    run_poppler("pdftotext", &["-raw"], &dir.path().join("report.pdf"))
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_word_report_has_words_headings_tables_and_the_seeds_wording() {
    let doc = example().expect("example");
    let draft = s11core::report::report_docx(&doc, None).expect("the Word report");
    let read = python_docx(&draft);
    let headings: Vec<&str> = read
        .lines()
        .filter_map(|l| l.strip_prefix("HEADING "))
        .collect();
    assert_eq!(
        headings,
        [
            "Title | Section 11 Report 2021-22",
            "Heading 1 | Background",
            "Heading 1 | Methodology",
            "Heading 2 | Peer Review BNSSG CCG",
            "Heading 2 | Peer Review Routes Service, Learning Partnership West",
            "Heading 2 | Peer Review Community & Voluntary Services (CVS)",
            "Heading 1 | Conclusion",
            "Heading 1 | Recommendations",
            "Heading 1 | Appendix 2: Question Template",
        ],
        "Word's own heading styles, so the navigation pane and a table of contents work: {read}"
    );
    let tables: Vec<&str> = read.lines().filter(|l| l.starts_with("TABLE ")).collect();
    assert_eq!(
        tables.len(),
        4,
        "two reviews, the recommendations, the appendix: {read}"
    );
    for t in &tables[..2] {
        assert!(
            t.ends_with("| Theme / Questions to Explore / Responses"),
            "{t}"
        );
    }
    assert!(
        tables[2].ends_with("| Number / Recommendation"),
        "{}",
        tables[2]
    );
    assert!(
        read.contains(
            "HEADER South Gloucestershire Children's Partnership · Section 11 Report 2021-22"
        ) && read.contains("HEADER DRAFT – not yet signed off by the partnership"),
        "the partnership and the draft mark in the page header: {read}"
    );
    assert!(read.contains(
        "TITLE Section 11 Report 2021-22 – South Gloucestershire Children's Partnership"
    ));
    let unzipped = {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.docx");
        std::fs::write(&path, &draft).expect("write");
        let o = Command::new("unzip")
            .args(["-p"])
            .arg(&path)
            .arg("word/document.xml")
            .output()
            .expect("unzip runs");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert_eq!(
        unzipped.matches("<w:tblHeader />").count(),
        4,
        "each table's header row repeats on every page"
    );
    let footer = {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.docx");
        std::fs::write(&path, &draft).expect("write");
        let o = Command::new("unzip")
            .args(["-p"])
            .arg(&path)
            .arg("word/footer1.xml")
            .output()
            .expect("unzip runs");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(
        footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "page numbers in the footer: {footer}"
    );

    // What LibreOffice makes of it reads like the seed, in order, with every
    // response and recommendation of the PDF.
    let text = libreoffice_text(&draft);
    assert_in_order(&loose_words(&text), &loose(&seed_phrases()));
    assert_in_order(&words(&text), &expected_sequence(&doc, false));

    let signed = s11core::report::report_docx(
        &doc,
        Some(&s11core::report::SignedRecord {
            name: "Sarah Taylor".into(),
            role: "Chair".into(),
            signed_at: "2022-03-20T10:00:00Z".into(),
            digest: "ab".repeat(32),
        }),
    )
    .expect("the signed report in Word");
    let read = python_docx(&signed);
    let first = read
        .lines()
        .find_map(|l| l.strip_prefix("FIRST "))
        .unwrap_or_default();
    assert!(
        first.contains("The signed PDF is the record of this report")
            && first.contains(&"ab".repeat(32))
            && first.contains("Sarah Taylor"),
        "a signed-off report's Word copy points to the signed PDF first: {first}"
    );
    assert!(
        !read.contains("DRAFT"),
        "no draft mark once signed off: {read}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdfinfo, pdffonts), pdfua, python-docx or LibreOffice, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn every_character_typed_reaches_the_text_and_those_without_a_glyph_are_reported() {
    let mut doc = example().expect("example");
    let typed = "Art club 🎨 for care leavers 👍🏽, Gŵyl ŷd in Welsh, cafe\u{301} with a combining accent, 名前 in Japanese, ⛎ a rare symbol.";
    doc.reviews[0].responses[0].text = typed.into();
    let store = s11core::Store::open_in_memory(&doc).expect("store");
    let exported = s11core::report::export_report(&store).expect("exports");
    // DejaVu Sans has Welsh and the combining accent; Noto Emoji, the
    // fallback, has the emoji and the symbol; no embedded font has CJK.
    assert_eq!(
        exported.missing_glyphs,
        ['前', '名'],
        "exactly the characters printed as a placeholder are reported"
    );
    let fonts = poppler("pdffonts", &[], &exported.bytes);
    assert!(
        fonts.contains("SXIEMO+NotoEmoji-Regular")
            && fonts.lines().skip(2).all(|l| l.contains(" yes yes yes ")),
        "the emoji font is embedded as a subset with its Unicode map: {fonts}"
    );
    let plain = poppler(
        "pdffonts",
        &[],
        &report_pdf(&example().expect("example")).expect("renders"),
    );
    assert!(
        !plain.contains("NotoEmoji"),
        "only a report that uses it embeds it"
    );
    let text = words(&poppler("pdftotext", &[], &exported.bytes)).join(" ");
    assert!(
        text.contains(&typed.replace("cafe\u{301}", "café")) || text.contains(typed),
        "the text layer keeps every character as typed: {}",
        &text[text.find("Art club").unwrap_or(0)..][..200.min(text.len())]
    );
    let (ok, out) = pdfua(&exported.bytes);
    assert!(ok, "still PDF/UA clean: {out}");
}

/// For every page of `pdf`, every glyph its text shows and whether the font
/// it is shown in has a width (/W) and a Unicode value (/ToUnicode) for it,
/// read with pikepdf (qpdf), not our PDF library: one line per glyph that
/// lacks either, empty when all is well.
fn glyphs_without_width_or_unicode(pdf: &[u8]) -> String {
    let (_dir, path) = pdf_file(pdf);
    let script = r#"
import pikepdf, re, sys
pdf = pikepdf.open(sys.argv[1])
def widths(cid):
    w, out, i = cid.get('/W', []), set(), 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            out.update(range(first, first + len(w[i + 1]))); i += 2
        else:
            out.update(range(first, int(w[i + 1]) + 1)); i += 3
    return out
def unicode(font):
    cmap = font.ToUnicode.read_bytes().decode('latin-1')
    out = set()
    for block in re.findall(r'beginbfchar(.*?)endbfchar', cmap, re.S):
        out.update(int(a, 16) for a in re.findall(r'<([0-9A-Fa-f]{4})>\s*<', block))
    for block in re.findall(r'beginbfrange(.*?)endbfrange', cmap, re.S):
        for a, b in re.findall(r'<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>', block):
            out.update(range(int(a, 16), int(b, 16) + 1))
    return out
shown = 0
for n, page in enumerate(pdf.pages, 1):
    fonts = {str(k): (widths(v.DescendantFonts[0]), unicode(v)) for k, v in page.Resources.Font.items()}
    font = None
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == 'Tf':
            font = str(operands[0])
        strings = []
        if op == 'Tj':
            strings = [bytes(operands[0])]
        elif op == 'TJ':
            strings = [bytes(x) for x in operands[0] if isinstance(x, pikepdf.String)]
        for s in strings:
            for i in range(0, len(s), 2):
                gid = int.from_bytes(s[i:i + 2], 'big'); shown += 1
                w, u = fonts[font]
                if gid not in w or gid not in u:
                    print(f'page {n} {font} glyph {gid}: width {gid in w}, unicode {gid in u}')
print(f'shown {shown}', file=sys.stderr)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 with pikepdf runs (./.ci/test installs it)");
    assert!(
        out.status.success(),
        "pikepdf read the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counted = String::from_utf8_lossy(&out.stderr);
    assert!(
        counted
            .trim()
            .strip_prefix("shown ")
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n > 1000),
        "the script read the pages' text: {counted}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with poppler (pdftotext, pdffonts) and pikepdf, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn characters_only_on_the_last_pages_have_widths_and_read_back() {
    // A longer report is converted to PDF in two halves at once, the fonts
    // of the first serving both (issue 22). Characters typed only in the
    // last review must still have their widths, Unicode values and, for an
    // emoji, the fallback font.
    let mut doc = example().expect("example");
    let typed = "Only at the end: Gŵyl ŷd, Ωmega, straße, ⅞ of staff, 🎨 art club, ⛎.";
    let last = doc
        .reviews
        .iter_mut()
        .rfind(|r| r.status == ReviewStatus::Held && !r.responses.is_empty())
        .expect("a review held");
    let response = last.responses.last_mut().expect("a response");
    response.text = typed.into();
    let (pages, _) = report_layout(&doc, &ReportOptions::default()).expect("lays out");
    let at = pages
        .iter()
        .position(|p| {
            p.draws.iter().any(
                |d| matches!(d, s11core::report::Draw::Text { text, .. } if text.contains("Ωmega")),
            )
        })
        .expect("the typed text is on a page");
    assert!(
        pages.len() >= 8 && at >= pages.len() / 2,
        "the text is in the second half: page {} of {}",
        at + 1,
        pages.len()
    );
    let store = s11core::Store::open_in_memory(&doc).expect("store");
    let exported = s11core::report::export_report(&store).expect("exports");
    assert!(
        exported.missing_glyphs.is_empty(),
        "{:?}",
        exported.missing_glyphs
    );
    let text = words(&poppler("pdftotext", &[], &exported.bytes)).join(" ");
    assert!(
        text.contains(typed),
        "read back as typed: {}",
        &text[text.find("Only at").unwrap_or(0)..][..120.min(text.len())]
    );
    let fonts = poppler("pdffonts", &[], &exported.bytes);
    assert!(
        fonts.contains("SXIEMO+NotoEmoji-Regular")
            && fonts.lines().skip(2).count() == 3
            && fonts.lines().skip(2).all(|l| l.contains(" yes yes yes ")),
        "each font once, embedded as a subset with its Unicode map: {fonts}"
    );
    let lacking = glyphs_without_width_or_unicode(&exported.bytes);
    assert!(
        lacking.is_empty(),
        "glyphs without a width or Unicode value:\n{lacking}"
    );
}

/// How many pixels of each page, rendered by pdftoppm at 20 dpi, are the
/// draft watermark's colour (0.93, 0.93, 0.95).
fn watermark_pixels_per_page(pdf: &[u8]) -> Vec<usize> {
    let (dir, path) = pdf_file(pdf);
    let out = Command::new("pdftoppm")
        .args(["-r", "20"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm runs (./.ci/test installs poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .expect("pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ppm"))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| {
            let ppm = std::fs::read(p).expect("a page");
            // "P6\nW H\n255\n" then RGB bytes.
            let mut fields = 0;
            let start = ppm
                .iter()
                .position(|&b| {
                    if b == b'\n' {
                        fields += 1;
                    }
                    fields == 3
                })
                .expect("a PPM header")
                + 1;
            ppm[start..]
                .chunks_exact(3)
                .filter(|px| {
                    px[0].abs_diff(237) <= 1 && px[1].abs_diff(237) <= 1 && px[2].abs_diff(242) <= 1
                })
                .count()
        })
        .collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "rendered with pdftoppm, a Linux program that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_draft_watermark_is_drawn_on_every_page() {
    // Drawn once as a form XObject that each page shows (issue 22): every
    // page of a draft must still show it, as a reader's viewer renders it,
    // and a signed-off report none.
    let doc = example().expect("example");
    let draft = watermark_pixels_per_page(&report_pdf(&doc).expect("renders"));
    assert!(draft.len() >= 12);
    for (i, n) in draft.iter().enumerate() {
        assert!(*n > 300, "page {} shows the watermark: {n} pixels", i + 1);
    }
    let signed = watermark_pixels_per_page(
        &report_pdf_with(&doc, &ReportOptions { draft: false }).expect("renders"),
    );
    assert!(
        signed.iter().all(|&n| n < 50),
        "no watermark on a signed-off report: {signed:?}"
    );
}
