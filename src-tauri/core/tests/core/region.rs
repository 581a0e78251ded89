//! The regional report (issue 17): five invented partnerships' audits
//! signed off with their chairs' keys, exported as signed PDFs, collated
//! from those PDFs into a `.s11region` file, and the regional report read
//! back with tools that are not ours (pdftotext, pdfinfo -struct-text,
//! pdfua, python-docx). A tampered PDF is refused; a draft is marked.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use s11core::dates::Timestamp;
use s11core::identity::Identity;
use s11core::region::{
    normalise, read_input, AddOutcome, InputOptions, Quote, RegionError, RegionStore, ThemeSummary,
};
use s11core::report::{regional_docx, regional_pdf};
use s11core::{Store, StoreError};

#[path = "../../examples/support/partnerships.rs"]
mod partnerships;
use partnerships::{audit, chair_name, five, grid, signed_report, SIGNED_AT};

/// The five chairs' keys (RSA key generation takes a moment: made once).
fn chairs() -> &'static Vec<Identity> {
    static IDS: OnceLock<Vec<Identity>> = OnceLock::new();
    IDS.get_or_init(|| {
        (0..5)
            .map(|i| Identity::create(&chair_name(i), "Chair", SIGNED_AT).expect("identity"))
            .collect()
    })
}

/// The five partnerships' signed report PDFs, written into `dir`.
fn five_pdfs(dir: &Path) -> Vec<PathBuf> {
    five()
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let doc = audit(spec, &chair_name(i));
            let pdf = signed_report(
                &dir.join(format!("p{i}.s11")),
                &doc,
                &chairs()[i],
                SIGNED_AT,
            );
            let path = dir.join(format!("p{i}.pdf"));
            std::fs::write(&path, pdf).expect("pdf written");
            path
        })
        .collect()
}

fn pdftotext(pdf: &Path) -> String {
    // Reading order, not -layout: a table's columns then never interleave.
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext reads the regional PDF");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with runs of white space as one space: table cells wrap.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collate(dir: &Path, pdfs: &[PathBuf]) -> RegionStore {
    let mut region = RegionStore::create(&dir.join("avon.s11region"), "Avon & Somerset", "2021-22")
        .expect("region created");
    for p in pdfs {
        let input = read_input(p, &InputOptions::default()).expect("a signed PDF verifies");
        assert!(!input.draft, "a verified signed PDF is not a draft");
        assert_eq!(
            region.add(&input, Timestamp(1_650_000_000)).expect("added"),
            AddOutcome::Added
        );
    }
    region
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the regional PDF back with pdftotext (poppler-utils), a Linux program"
)]
fn five_partnerships_collate_from_their_signed_pdfs_into_a_regional_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdfs = five_pdfs(dir.path());
    let mut region = collate(dir.path(), &pdfs);

    let c = region.load().expect("loaded");
    assert_eq!(c.inputs.len(), 5);
    let ynys = c
        .inputs
        .iter()
        .find(|i| i.partnership.starts_with("Ynys Môn"))
        .expect("Ynys Môn collated, its name kept with its circumflex");
    assert_eq!(
        ynys.signer, "Siân Prydderch",
        "the signer is the certificate's name"
    );
    assert_eq!(ynys.certificate_sha256, chairs()[0].fingerprint());
    assert_eq!(ynys.source_path, pdfs[0].to_string_lossy());

    // Themes: 7 shared, "Learning and development" joins "Learning &
    // Development" by its text, "Voice of the Child" stands apart until
    // matched by hand, and Bath's "Neglect" is a theme of its own.
    let titles: Vec<String> = c.themes().themes.iter().map(|t| t.title.clone()).collect();
    assert_eq!(
        titles.len(),
        9,
        "7 + Voice of the Child + Neglect: {titles:?}"
    );
    region
        .set_match(
            &ynys.partnership,
            "Voice of the Child",
            "Listening to Children",
        )
        .expect("matched by hand");
    let c = region.load().expect("loaded");
    let matched = c.themes();
    assert_eq!(
        matched.themes.len(),
        8,
        "Voice of the Child now counts as Listening to Children"
    );
    let listening = &matched.themes[matched
        .by_key(&normalise("Listening to Children"))
        .expect("theme")];
    assert_eq!(
        listening.members.len(),
        5,
        "every partnership's theme joined it"
    );

    let mut meta = region.meta().expect("meta");
    meta.introduction =
        "The five partnerships of Avon & Somerset and Ynys Môn shared their reports.".into();
    meta.methodology = "Each partnership held its own workshops.".into();
    meta.conclusion = "Safeguarding is strong across the region.".into();
    meta.authors = "Gwenllïan Roberts\nTomás Ó Súilleabháin".into();
    region.set_meta(&meta).expect("meta saved");
    let learning = normalise("Learning & Development");
    region
        .set_summary(
            &learning,
            &ThemeSummary {
                strengths: "Training is shared across agencies.".into(),
                development: "Evaluate the impact of training on practice.".into(),
            },
        )
        .expect("summary saved");
    let (pk, org) = c
        .quote_source(
            &learning,
            "Llŷr Youth Centre",
            "staff café sessions with Siân and Llŷr",
        )
        .expect("the passage is in Llŷr Youth Centre's response under the theme");
    region
        .add_quote(&Quote {
            theme_key: learning.clone(),
            partnership_key: pk,
            organisation: org,
            passage: "Staff café sessions with Siân and Llŷr share learning every month.".into(),
        })
        .expect("quote saved");
    assert!(
        c.quote_source(&learning, "Llŷr Youth Centre", "words nobody wrote")
            .is_none(),
        "a passage in no response is never quoted"
    );

    let c = region.load().expect("loaded");
    let pdf = regional_pdf(&c).expect("regional PDF");
    let pdf_path = dir.path().join("regional.pdf");
    std::fs::write(&pdf_path, &pdf).expect("written");
    assert_eq!(
        regional_pdf(&c).expect("again"),
        pdf,
        "the same collation gives the same bytes"
    );
    let text = pdftotext(&pdf_path);
    let flat = squash(&text);
    for expected in [
        "Avon & Somerset",
        "Regional Section 11 Report 2021-22",
        "Collated from the Section 11 reports of 5 partnerships (15 organisations)",
        "Introduction",
        "shared their reports",
        "This regional report was written by Gwenllïan Roberts and Tomás Ó Súilleabháin.",
        "Participation",
        "14 organisations held a peer review workshop across 5 partnerships; 1 did not take part.",
        "Canolfan Ieuenctid Llŷr",
        "Zoë's Place Baby Hospice",
        "Did not take place",
        "Strengths across the region",
        "Training is shared across agencies.",
        "Areas for development",
        "“Staff café sessions with Siân and Llŷr share learning every month.” – Canolfan Ieuenctid Llŷr (Ynys Môn)",
        "Neglect",
        "Not in this partnership’s template",
        "Café Noir (Not a service that works with exploitation.)",
        "Recommendations",
        "South Gloucestershire 1",
        "Ynys Môn 6",
        "Bath and North East Somerset A",
        "The partnership: The partnership to follow up with Curo",
        "Recommendations per theme and partnership",
        "Organisations that did not engage",
        "Curo Housing (Bath and North East Somerset)",
        "Contact was made with Llinos Ffion by email on 23 November 2021",
        "Conclusion",
        "Safeguarding is strong across the region.",
        "Appendix: the local reports",
        "Siân Prydderch, 10 March 2022",
        "Signed off; every signature verified",
    ] {
        assert!(flat.contains(expected), "the regional PDF says “{expected}”:\n{text}");
    }
    assert!(
        !flat.contains("DRAFT"),
        "no draft was collated, so nothing says DRAFT"
    );
    // The certificate's fingerprint in the appendix, as grouped hex.
    let fp = chairs()[0].fingerprint();
    assert!(
        flat.replace(' ', "").contains(&fp),
        "the appendix gives Siân's certificate fingerprint {fp}"
    );
    // Themes in the first partnership's order, "Listening to Children"
    // under its regional title: never the local "Voice of the Child".
    assert!(
        !flat.contains("Voice of the Child"),
        "matched themes print under the regional title"
    );

    let structure = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&pdf_path)
        .output()
        .expect("pdfinfo runs");
    let structure = String::from_utf8_lossy(&structure.stdout);
    assert!(
        structure.contains("Figure"),
        "the chart is tagged as a Figure:\n{structure}"
    );
    let alt = Command::new("python3")
        .args([
            "-c",
            "import pikepdf,sys\npdf=pikepdf.open(sys.argv[1])\ndef walk(e):\n  if isinstance(e,pikepdf.Dictionary):\n    if e.get('/S')=='/Figure': print(str(e.get('/Alt')))\n    k=e.get('/K')\n    if isinstance(k,pikepdf.Array):\n      for x in k: walk(x)\n    elif isinstance(k,pikepdf.Dictionary): walk(k)\nwalk(pdf.Root.StructTreeRoot)",
        ])
        .arg(&pdf_path)
        .output()
        .expect("python3 with pikepdf runs");
    let alt = String::from_utf8_lossy(&alt.stdout);
    assert!(
        alt.contains("Bar chart of the number of recommendations per theme and partnership")
            && alt.contains("Neglect: Bath and North East Somerset 2"),
        "the Figure's alt text gives the chart's numbers: {alt}"
    );
    let ua = Command::new("pdfua")
        .arg("check")
        .arg(&pdf_path)
        .output()
        .expect("pdfua runs");
    assert!(
        ua.status.success(),
        "pdfua finds no errors in the regional PDF:\n{}",
        String::from_utf8_lossy(&ua.stdout)
    );

    let docx_path = dir.path().join("regional.docx");
    std::fs::write(&docx_path, regional_docx(&c).expect("regional Word")).expect("written");
    let word = Command::new("python3")
        .args([
            "-c",
            "import docx,sys\nd=docx.Document(sys.argv[1])\nfor p in d.paragraphs: print((p.style.name if p.style is not None else '')+'|'+p.text)\nfor t in d.tables:\n  for r in t.rows: print('ROW|'+' | '.join(c.text for c in r.cells))\nprint('TITLE|'+d.core_properties.title)",
        ])
        .arg(&docx_path)
        .output()
        .expect("python3 with python-docx runs");
    assert!(
        word.status.success(),
        "python-docx opens the Word file: {}",
        String::from_utf8_lossy(&word.stderr)
    );
    let word = String::from_utf8_lossy(&word.stdout);
    for expected in [
        "TITLE|Regional Section 11 Report 2021-22 – Avon & Somerset",
        "Heading 1|Participation",
        "Heading 2|Learning & Development",
        "Heading 1|Organisations that did not engage",
        "Canolfan Ieuenctid Llŷr",
        "South Gloucestershire 1",
        "Ynys Môn 6",
        "Siân Prydderch, 10 March 2022",
        "Staff café sessions with Siân and Llŷr",
    ] {
        assert!(
            word.contains(expected),
            "the Word file has “{expected}”:\n{word}"
        );
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the regional PDF back with pdftotext (poppler-utils), a Linux program"
)]
fn a_tampered_pdf_is_refused_saying_why_and_a_draft_is_marked_everywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = &five()[3];
    let doc = audit(spec, &chair_name(3));
    let pdf = signed_report(&dir.path().join("ns.s11"), &doc, &chairs()[3], SIGNED_AT);
    // One byte of the signed content changed: "Weston" becomes "Westen".
    let at = pdf
        .windows(6)
        .position(|w| w == b"Weston")
        .expect("the attachment carries the organisation's name in plain text");
    let mut tampered = pdf.clone();
    tampered[at + 4] = b'e';
    let path = dir.path().join("tampered.pdf");
    std::fs::write(&path, &tampered).expect("written");

    let err = read_input(&path, &InputOptions::default()).expect_err("a tampered PDF is refused");
    let RegionError::NotVerified { lines, .. } = &err else {
        panic!("refused as not verifying, not {err}");
    };
    let message = err.to_string();
    assert!(
        lines.iter().any(|l| l.starts_with("ALTERED")),
        "the lines say it was altered: {lines:?}"
    );
    assert!(
        message.contains("--draft"),
        "the message says how to add it anyway: {message}"
    );

    let unsigned = dir.path().join("draft.pdf");
    std::fs::write(
        &unsigned,
        s11core::report::report_pdf(&doc).expect("draft PDF"),
    )
    .expect("written");
    let err = read_input(
        &unsigned,
        &InputOptions {
            draft: true,
            passphrase: None,
        },
    )
    .expect_err("an unsigned draft PDF carries no content to collate");
    assert!(
        err.to_string().contains("carries no report content"),
        "it says why: {err}"
    );

    let input = read_input(
        &path,
        &InputOptions {
            draft: true,
            passphrase: None,
        },
    )
    .expect("added deliberately as a draft");
    assert!(input.draft);
    let mut region = RegionStore::create(
        &dir.path().join("r.s11region"),
        "Avon & Somerset",
        "2021-22",
    )
    .expect("region");
    region.add(&input, Timestamp(1_650_000_000)).expect("added");
    let c = region.load().expect("loaded");
    let pdf_path = dir.path().join("regional.pdf");
    std::fs::write(&pdf_path, regional_pdf(&c).expect("pdf")).expect("written");
    let text = pdftotext(&pdf_path);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 1);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("DRAFT – includes local reports not signed off: North Somerset"),
            "page {} says the collation includes a draft:\n{page}",
            i + 1
        );
    }
    let flat = squash(&text);
    assert!(
        flat.contains("North Somerset (draft) 1"),
        "its recommendations are marked draft:\n{text}"
    );
    assert!(flat.contains("DRAFT: not signed off, or its signature does not verify"));

    // The signed original then replaces the draft, and says so.
    let good = dir.path().join("good.pdf");
    std::fs::write(&good, &pdf).expect("written");
    let signed = read_input(&good, &InputOptions::default()).expect("verifies");
    assert!(matches!(
        region.add(&signed, Timestamp(1_650_000_100)).expect("added"),
        AddOutcome::Replaced { previous } if previous == "a draft"
    ));
    // ... and a draft never replaces the signed report.
    assert!(matches!(
        region
            .add(&input, Timestamp(1_650_000_200))
            .expect("considered"),
        AddOutcome::KeptNewer { .. }
    ));
    assert_eq!(
        region
            .add(&signed, Timestamp(1_650_000_300))
            .expect("considered"),
        AddOutcome::Unchanged
    );
    assert!(!region.load().expect("loaded").inputs[0].draft);
}

#[test]
fn a_newer_signed_report_replaces_the_older_one_only_if_newer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = &five()[4];
    let mut doc = audit(spec, &chair_name(4));
    let old = signed_report(&dir.path().join("old.s11"), &doc, &chairs()[4], SIGNED_AT);
    doc.audit.conclusion = "Reissued with a corrected conclusion.".into();
    let later = Timestamp(SIGNED_AT.0 + 86_400 * 7);
    let new = signed_report(&dir.path().join("new.s11"), &doc, &chairs()[4], later);
    let (old_path, new_path) = (dir.path().join("old.pdf"), dir.path().join("new.pdf"));
    std::fs::write(&old_path, old).expect("written");
    std::fs::write(&new_path, new).expect("written");
    let mut region =
        RegionStore::create(&dir.path().join("r.s11region"), "Avon", "2021-22").expect("region");
    let read = |p: &Path| read_input(p, &InputOptions::default()).expect("verifies");
    assert_eq!(
        region.add(&read(&new_path), later).expect("added"),
        AddOutcome::Added
    );
    match region.add(&read(&old_path), later).expect("considered") {
        AddOutcome::KeptNewer { kept } => assert!(
            kept.contains("17 March 2022"),
            "it names the newer report kept: {kept}"
        ),
        other => panic!("an older report must not replace a newer one: {other:?}"),
    }
    // Starting again from the old one, the new one replaces it.
    region
        .remove("South Gloucestershire Children's Partnership")
        .expect("removed");
    region.add(&read(&old_path), later).expect("added");
    match region.add(&read(&new_path), later).expect("considered") {
        AddOutcome::Replaced { previous } => {
            assert!(previous.contains("10 March 2022"), "{previous}")
        }
        other => panic!("the newer report replaces the older: {other:?}"),
    }
    let c = region.load().expect("loaded");
    assert_eq!(c.inputs[0].signed_at, later.rfc3339());
}

#[test]
fn an_audit_and_its_json_are_drafts_and_a_report_of_another_year_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = &five()[1];
    let doc = audit(spec, &chair_name(1));
    let s11 = dir.path().join("bath.s11");
    drop(Store::create(&s11, &doc).expect("audit"));
    let err = read_input(&s11, &InputOptions::default()).expect_err("not signed off");
    assert!(matches!(err, RegionError::NotSignedOff { .. }), "{err}");
    assert!(
        err.to_string().contains("its report is not signed off"),
        "{err}"
    );
    let input = read_input(
        &s11,
        &InputOptions {
            draft: true,
            passphrase: None,
        },
    )
    .expect("draft");
    assert!(input.draft && input.signer.is_empty());
    assert_eq!(input.report.held().count(), 2);

    let json = dir.path().join("bath.json");
    std::fs::write(&json, s11core::interchange::to_json(&doc)).expect("written");
    assert!(matches!(
        read_input(&json, &InputOptions::default()),
        Err(RegionError::NotSignedOff { .. })
    ));
    let from_json = read_input(
        &json,
        &InputOptions {
            draft: true,
            passphrase: None,
        },
    )
    .expect("draft");
    assert_eq!(
        from_json.digest, input.digest,
        "the audit and its JSON give the same content"
    );

    let mut region =
        RegionStore::create(&dir.path().join("r.s11region"), "Avon", "2022-23").expect("region");
    let err = region
        .add(&input, Timestamp(1_650_000_000))
        .expect_err("another year's report is refused");
    assert!(
        err.to_string()
            .contains("for 2021-22, and this collation is for 2022-23"),
        "{err}"
    );
}

#[test]
fn an_audit_is_never_opened_as_a_region_nor_a_region_as_an_audit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s11 = dir.path().join("a.s11");
    drop(Store::create(&s11, &audit(&five()[0], "Siân")).expect("audit"));
    let region_path = dir.path().join("r.s11region");
    drop(RegionStore::create(&region_path, "Avon & Somerset", "2021-22").expect("region"));

    let err = RegionStore::open(&s11)
        .err()
        .expect("an audit is not a region");
    assert!(matches!(err, RegionError::IsAudit(_)));
    assert!(
        err.to_string()
            .contains("is a partnership’s audit file, not a regional collation"),
        "{err}"
    );
    let err = Store::open(&region_path)
        .err()
        .expect("a region is not an audit");
    assert!(matches!(err, StoreError::IsRegion(_)));
    assert!(
        err.to_string()
            .contains("is a regional collation (.s11region), not a partnership’s audit"),
        "{err}"
    );
    let err = read_input(
        &region_path,
        &InputOptions {
            draft: true,
            passphrase: None,
        },
    )
    .expect_err("a region is not a report to collate");
    assert!(
        err.to_string().contains("regional collation itself"),
        "{err}"
    );
    assert!(
        s11core::files::check_output(&region_path, &[]).is_err(),
        "an export never writes over a collation"
    );
    // A second writer is refused while the collation is open.
    let held = RegionStore::open(&region_path).expect("opened");
    assert!(matches!(
        RegionStore::open(&region_path),
        Err(RegionError::AlreadyOpen(_))
    ));
    drop(held);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the regional PDF back with pdftotext (poppler-utils), a Linux program"
)]
fn ten_partnerships_of_ten_organisations_collate_and_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let chair = &chairs()[4];
    let mut region =
        RegionStore::create(&dir.path().join("big.s11region"), "Ten", "2021-22").expect("region");
    for (i, spec) in grid(10, 10).iter().enumerate() {
        let doc = audit(spec, &chair.common_name());
        let pdf = signed_report(
            &dir.path().join(format!("g{i}.s11")),
            &doc,
            chair,
            SIGNED_AT,
        );
        let path = dir.path().join(format!("g{i}.pdf"));
        std::fs::write(&path, pdf).expect("written");
        let input = read_input(&path, &InputOptions::default()).expect("verifies");
        region.add(&input, SIGNED_AT).expect("added");
    }
    let c = region.load().expect("loaded");
    assert_eq!(c.inputs.len(), 10);
    let pdf_path = dir.path().join("big.pdf");
    std::fs::write(&pdf_path, regional_pdf(&c).expect("pdf")).expect("written");
    let flat = squash(&pdftotext(&pdf_path));
    assert!(flat.contains("97 organisations held a peer review workshop across 10 partnerships; 3 did not take part."), "{}", &flat[..2000.min(flat.len())]);
    assert!(
        flat.contains("Partneriaeth 10 1"),
        "the tenth partnership's first recommendation"
    );
    assert!(flat.contains("Organisation 10 of partnership 10"));
}

#[test]
fn a_theme_matched_by_hand_keeps_the_regional_title_whichever_partnership_comes_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = five()[0].clone();
    // Sorts before every other partnership, so its reworded theme is met first.
    first.partnership = "Aberffraw Safeguarding Children Partnership".into();
    let mut region =
        RegionStore::create(&dir.path().join("r.s11region"), "Môn", "2021-22").expect("region");
    for (k, spec) in [first, five()[3].clone()].iter().enumerate() {
        let json = dir.path().join(format!("{k}.json"));
        std::fs::write(&json, s11core::interchange::to_json(&audit(spec, "Chair")))
            .expect("written");
        let input = read_input(
            &json,
            &InputOptions {
                draft: true,
                passphrase: None,
            },
        )
        .expect("draft");
        region.add(&input, SIGNED_AT).expect("added");
    }
    region
        .set_match(
            "Aberffraw Safeguarding Children Partnership",
            "voice of the child",
            "Listening to Children",
        )
        .expect("matched");
    let matched = region.load().expect("loaded").themes();
    let at = matched
        .by_key(&normalise("Listening to Children"))
        .expect("the regional theme");
    assert_eq!(matched.themes[at].title, "Listening to Children");
    assert_eq!(
        matched.themes[at].members.len(),
        2,
        "both partnerships' themes"
    );
    assert!(
        !matched
            .themes
            .iter()
            .any(|t| t.title == "Voice of the Child"),
        "the local title is not a regional theme"
    );
    assert!(
        region
            .set_match(
                "Aberffraw Safeguarding Children Partnership",
                "Astrology",
                "Listening to Children"
            )
            .is_err(),
        "a theme the partnership's template lacks cannot be matched"
    );
}
