//! Next year's audit started from the built-in 2021-22 example (issue 18),
//! through real `.s11` files: what carries forward, what does not, actions
//! followed through the year, the report's progress table read back with
//! pdftotext, the signed form, and last year's file left byte for byte.

use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

use s11core::canonical::report_canonical;
use s11core::dates::Date;
use s11core::example::example;
use s11core::next_year::{
    actions_csv, start_next_year, template_changes, ActionStatus, ActionUpdate, Evidence,
    EvidenceKind,
};
use s11core::review::ReviewStatus;
use s11core::{new_id, report, Store, StoreError};

fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read the file");
    format!("{:x}", Sha256::digest(bytes))
}

/// Makes last year's file from the example and next year's from it.
fn last_and_next(dir: &tempfile::TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let last = dir.path().join("south-glos-2021-22.s11");
    let next = dir.path().join("south-glos-2022-23.s11");
    drop(Store::create(&last, &example().expect("example")).expect("create last year's"));
    let store = Store::open(&last).expect("open last year's");
    let doc = store.load().expect("load");
    let successor =
        start_next_year(&doc, "2022-23", "south-glos-2021-22.s11", new_id).expect("successor");
    drop(Store::create_next(&next, &successor, None).expect("create next year's"));
    (last, next)
}

#[test]
fn next_year_carries_the_template_panel_organisations_and_recommendations_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let last = dir.path().join("last.s11");
    drop(Store::create(&last, &example().expect("example")).expect("create"));
    let before = sha256(&last);
    // Opened and closed again, as the app does, before the successor is made.
    let last_doc = Store::open(&last).expect("open").load().expect("load");
    let next_path = dir.path().join("next.s11");
    let next = start_next_year(&last_doc, "2022-23", "last.s11", new_id).expect("successor");
    drop(Store::create_next(&next_path, &next, None).expect("create next"));
    let doc = Store::open(&next_path)
        .expect("reopen next")
        .load()
        .expect("load next");

    assert_eq!(doc.audit.year, "2022-23");
    assert_ne!(
        doc.audit.id, last_doc.audit.id,
        "a new audit has its own id"
    );
    assert_eq!(doc.audit.partnership, last_doc.audit.partnership);
    assert_eq!(doc.panel, last_doc.panel, "the same panel, chair included");
    assert_eq!(
        doc.template.themes, last_doc.template.themes,
        "the template's themes and questions are copied as they were, ids included, so changes can be listed"
    );
    assert_eq!(doc.template.version, "2022-23", "the copy is a new version");
    let orgs: Vec<&str> = doc
        .reviews
        .iter()
        .map(|r| r.organisation.as_str())
        .collect();
    let last_orgs: Vec<&str> = last_doc
        .reviews
        .iter()
        .map(|r| r.organisation.as_str())
        .collect();
    assert_eq!(
        orgs, last_orgs,
        "every organisation comes forward as a review"
    );
    for r in &doc.reviews {
        assert_eq!(
            r.status,
            ReviewStatus::Planned,
            "{} is planned, not held",
            r.organisation
        );
        assert!(
            r.responses.is_empty()
                && r.notes.is_empty()
                && r.timebox.is_none()
                && r.asked.is_none(),
            "no minutes, notes or timer are copied for {}",
            r.organisation
        );
    }
    assert!(
        doc.recommendations.is_empty(),
        "this year's recommendations start empty"
    );

    let c = doc
        .previous
        .expect("the successor records where it came from");
    assert_eq!(
        (
            c.from.id.as_str(),
            c.from.year.as_str(),
            c.from.file_name.as_str()
        ),
        (last_doc.audit.id.as_str(), "2021-22", "last.s11")
    );
    let labels: Vec<&str> = c.actions.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(
        labels,
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C"],
        "the 12 recommendations arrive numbered as the 2021-22 report printed them"
    );
    let printed = last_doc.labelled_recommendations();
    for (a, n) in c.actions.iter().zip(&printed) {
        assert_eq!(
            a.text, n.recommendation.text,
            "{}'s text as printed",
            a.label
        );
        assert_eq!(a.status, ActionStatus::NotStarted);
    }
    let owners: Vec<&str> = c.actions.iter().map(|a| a.owner.as_str()).collect();
    assert!(
        owners[..5]
            .iter()
            .all(|o| o.contains("Clinical Commissioning Group")),
        "1-5 are the CCG's: {owners:?}"
    );
    assert!(
        owners[5..9]
            .iter()
            .all(|o| o.contains("Learning Partnership West")),
        "6-9 are LPW's: {owners:?}"
    );
    assert!(
        owners[9..]
            .iter()
            .all(|o| *o == "South Gloucestershire Children's Partnership"),
        "A-C are the partnership's: {owners:?}"
    );
    let ccg_review = doc
        .reviews
        .iter()
        .find(|r| r.organisation == owners[0])
        .map(|r| r.id.clone());
    assert_eq!(
        c.actions[0].review, ccg_review,
        "an organisation's action points at this year's review of it"
    );
    assert_eq!(
        sha256(&last),
        before,
        "starting next year's audit leaves last year's file unchanged"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with python3 and pdftotext, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn actions_are_followed_through_the_year_and_survive_set_up_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (last, next) = last_and_next(&dir);
    let before = sha256(&last);
    let mut store = Store::open(&next).expect("open");
    let today = Date::ymd(2022, 9, 14);
    store
        .update_action(
            "3",
            &ActionUpdate {
                status: Some(ActionStatus::Completed),
                due: Some("2023-03-31".into()),
                note: Some("Capacity report sent to the Partnership’s executive".into()),
                evidence: Some(Evidence {
                    kind: EvidenceKind::Link,
                    text: "https://example.org/minutes".into(),
                }),
            },
            today,
        )
        .expect("update 3");
    store
        .update_action(
            "b",
            &ActionUpdate {
                status: Some(ActionStatus::InProgress),
                ..Default::default()
            },
            today,
        )
        .expect("labels match either case");
    let err = store
        .update_action("10", &ActionUpdate::default(), today)
        .unwrap_err();
    assert!(
        err.to_string().contains("s11 actions list"),
        "an unknown number says where to look: {err}"
    );
    let err = store
        .update_action(
            "1",
            &ActionUpdate {
                due: Some("31/02/2023".into()),
                ..Default::default()
            },
            today,
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("day/month/year") && err.to_string().contains("31/02/2023"),
        "a bad date quotes what was typed and says the form: {err}"
    );

    // A set-up edit must not touch the actions.
    store
        .update(|d| d.add_panel_member(new_id(), "Priya Shah", "Designated Nurse", "ICB"))
        .expect("add member");
    drop(store);
    let c = Store::open(&next)
        .expect("reopen")
        .carried()
        .expect("read")
        .expect("carried");
    let three = c.action("3").expect("3");
    assert_eq!(three.status, ActionStatus::Completed);
    assert_eq!(three.due.as_deref(), Some("2023-03-31"));
    let note = three.latest_note().expect("a note");
    assert_eq!(
        (note.date.as_str(), note.text.as_str()),
        (
            "2022-09-14",
            "Capacity report sent to the Partnership’s executive"
        )
    );
    assert_eq!(
        note.evidence.as_ref().map(|e| e.text.as_str()),
        Some("https://example.org/minutes")
    );
    assert_eq!(c.action("B").expect("B").status, ActionStatus::InProgress);
    assert_eq!(
        c.counts()[0],
        (ActionStatus::NotStarted, 10),
        "the other ten are untouched"
    );

    // The CSV reads back with Python's csv module as the same rows.
    let csv_path = dir.path().join("actions.csv");
    std::fs::write(&csv_path, actions_csv(&c)).expect("write CSV");
    let out = Command::new("python3")
        .args(["-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))"])
        .arg(&csv_path)
        .output()
        .expect("python3 runs (install python3 to run this test)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).expect("rows as JSON");
    assert_eq!(rows.len(), 13, "a header and one row per action");
    for (row, a) in rows[1..].iter().zip(&c.actions) {
        assert_eq!(
            (
                row[0].as_str(),
                row[1].as_str(),
                row[2].as_str(),
                row[3].as_str()
            ),
            (
                a.label.as_str(),
                a.text.as_str(),
                a.owner.as_str(),
                a.status.label()
            ),
            "row {} reads back as stored",
            a.label
        );
    }
    assert_eq!(rows[3][4], "31 March 2023");
    assert_eq!(
        rows[3][5], "Capacity report sent to the Partnership’s executive",
        "curly quotes survive UTF-8 with BOM"
    );

    // The report shows the progress table before this year's recommendations.
    let doc = Store::open(&next).expect("open").load().expect("load");
    let pdf = report::report_pdf(&doc).expect("report");
    let pdf_path = dir.path().join("report.pdf");
    std::fs::write(&pdf_path, pdf).expect("write PDF");
    let text = Command::new("pdftotext")
        .arg(&pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let progress = text
        .find("Progress on 2021-22 recommendations")
        .expect("the progress section is printed");
    let recs = text
        .rfind("No recommendations were made")
        .expect("this year's (empty) recommendations follow");
    assert!(
        progress < recs,
        "progress on last year's comes before this year's recommendations"
    );
    assert!(
        text.contains("14 September 2022: Capacity report sent"),
        "the latest note is printed with its date: {text}"
    );
    assert!(
        text.contains("In progress") && text.contains("Completed"),
        "statuses in words"
    );
    assert_eq!(
        sha256(&last),
        before,
        "following actions never touches last year's file"
    );
}

#[test]
fn the_signed_form_includes_the_actions_only_when_there_are_some() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, next) = last_and_next(&dir);
    let plain = report_canonical(&example().expect("example"), &[], &[]);
    assert!(
        !plain.contains("previous_recommendations"),
        "older reports' text is unchanged"
    );
    let mut store = Store::open(&next).expect("open");
    let before = report_canonical(&store.load().expect("load"), &[], &[]);
    assert!(
        before.contains("\"previous_recommendations\""),
        "the actions are part of what is signed"
    );
    store
        .update_action(
            "A",
            &ActionUpdate {
                status: Some(ActionStatus::Superseded),
                ..Default::default()
            },
            Date::ymd(2023, 1, 5),
        )
        .expect("update");
    let after = report_canonical(&store.load().expect("load"), &[], &[]);
    assert_ne!(
        before, after,
        "a status change changes the signed text, so a signature freezes it"
    );
}

#[test]
fn edits_to_the_copied_template_are_listed_against_last_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, next) = last_and_next(&dir);
    let mut store = Store::open(&next).expect("open");
    let doc = store.load().expect("load");
    let c = doc.previous.clone().expect("carried");
    assert!(
        template_changes(&c.from.template, &doc.template).is_empty(),
        "an untouched copy has no changes"
    );
    let first_theme = doc.template.themes[0].id.clone();
    let q = doc.template.themes[1].questions[0].clone();
    let gone = doc.template.themes[2].questions[0].clone();
    store
        .update(|d| {
            d.add_question(
                &first_theme,
                "new-q".into(),
                "How has the service changed since the pandemic?",
            )?;
            d.update_question(
                &q.id,
                "What does your safeguarding training cover now?",
                q.points.clone(),
                &q.follow_up,
            )?;
            d.remove_question(&gone.id)?;
            d.move_theme(&first_theme, 1)
        })
        .expect("edit the template with the existing editing");
    let doc = store.load().expect("load");
    let text: Vec<String> = template_changes(&c.from.template, &doc.template)
        .iter()
        .map(|c| c.describe())
        .collect();
    let has = |s: &str| text.iter().any(|t| t.contains(s));
    assert!(
        has("Question added to") && has("since the pandemic"),
        "{text:#?}"
    );
    assert!(has("Question reworded") && has("cover now"), "{text:#?}");
    assert!(has("Question removed from") && has(&gone.text), "{text:#?}");
    assert!(has("Theme moved"), "{text:#?}");
}

#[test]
fn a_protected_audits_successor_is_protected_with_the_same_passphrase() {
    let dir = tempfile::tempdir().expect("temp dir");
    let last = dir.path().join("last.s11");
    let pass = "correct horse battery";
    drop(
        Store::create_with(&last, &example().expect("example"), Some(pass))
            .expect("create protected"),
    );
    let store = Store::open_with(&last, Some(pass)).expect("open");
    let doc = store.load().expect("load");
    let next = dir.path().join("next.s11");
    let successor = start_next_year(&doc, "2022-23", "last.s11", new_id).expect("successor");
    drop(
        store
            .create_successor(&next, &successor, None)
            .expect("create"),
    );
    assert!(
        matches!(Store::open(&next), Err(StoreError::Passphrase(_))),
        "the successor cannot be opened without a passphrase"
    );
    let c = Store::open_with(&next, Some(pass))
        .expect("same passphrase opens it")
        .carried()
        .expect("read");
    assert_eq!(c.map(|c| c.actions.len()), Some(12));

    // The chair may give another passphrase instead.
    let other = dir.path().join("other.s11");
    drop(
        store
            .create_successor(&other, &successor, Some("a different passphrase"))
            .expect("create"),
    );
    assert!(
        matches!(
            Store::open_with(&other, Some(pass)),
            Err(StoreError::Passphrase(_))
        ),
        "last year's passphrase does not open a successor given another"
    );
    Store::open_with(&other, Some("a different passphrase")).expect("the new one opens it");
}
