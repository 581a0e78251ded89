//! Next year's audit through the real app (issue 18): started from the
//! 2021-22 example with the overview's button and the save dialog, last
//! year's recommendations updated on the actions screen and on a review's
//! minutes, the template's changes listed, and last year's file unchanged.

use s11core::example::example;
use s11core::next_year::ActionStatus;
use s11core::Store;

use crate::driver::App;

/// Last year's file as bytes: compared whole, which is stricter than a
/// checksum (the core tests compare SHA-256 digests).
fn bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

/// Picks `value` in the `<select>` matching `css` as a person would, so its
/// change event fires.
fn choose(app: &App, css: &str, value: &str) {
    app.find(css);
    app.script(
        "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
        serde_json::json!([css, value]),
    );
}

#[test]
fn next_year_is_started_from_last_year_and_its_recommendations_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let last = dir.path().join("South Glos 2021-22.s11");
    drop(Store::create(&last, &example().expect("example")).expect("last year's audit"));
    let before = bytes(&last);

    let app = App::start(&[last.to_str().expect("utf-8 path")]);
    app.wait_for_text("#audit-title", "South Gloucestershire");
    assert_eq!(
        app.value("#next-year"),
        "2022-23",
        "the year is prefilled to the next one"
    );
    app.script(
        "document.getElementById('next-year-form').scrollIntoView()",
        serde_json::json!([]),
    );
    app.screenshot(&crate::screenshot_dir().join("next-year-overview.png"));
    let next = dir.path().join("South Glos 2022-23");
    crate::export::save_through_dialog(&app, "#start-next-year", "Create the audit file", &next);
    app.wait_for_text("#header-audit", "2022-23");
    app.wait_for_text(
        "#show-actions",
        "Progress on 2021-22 recommendations (12 open)",
    );

    // The actions screen: counts, filters, and an update.
    app.click("#show-actions");
    app.wait_for_text("#action-counts", "Not started 12");
    choose(
        &app,
        "#actions-owner",
        "Routes Service, Learning Partnership West",
    );
    app.wait_for_text("#actions-shown", "Showing 4 of 12");
    choose(&app, "#actions-owner", "");
    app.wait_for_text("#actions-shown", "Showing 12 of 12");
    app.click("[data-action='A'] summary");
    choose(&app, "#action-status-A", "completed");
    app.type_into(
        "#action-note-A",
        "Letter sent to the CVS chief executive; they will take part this year.",
    );
    app.type_into("#action-evidence-A", "Executive minutes, 12 May 2022");
    app.click("#action-save-A");
    app.wait_for_text("#actions-message", "Saved: recommendation A is completed.");
    app.wait_for_text(
        "[data-action='A']",
        "Letter sent to the CVS chief executive",
    );
    app.wait_for_text("#action-counts", "Completed 1");
    choose(&app, "#actions-status", "completed");
    app.wait_for_text("#actions-shown", "Showing 1 of 12");
    app.screenshot(&crate::screenshot_dir().join("next-year-actions.png"));
    let plan = dir.path().join("action plan");
    crate::export::save_through_dialog(
        &app,
        "#actions-export-pdf",
        "Export the action plan",
        &plan,
    );
    app.wait_for_text("#actions-export-result", "action plan.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(plan.with_extension("pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Progress on 2021-22") && text.contains("Letter sent to the CVS"),
        "the action plan shows the update just made: {text}"
    );

    // The CCG's minutes show its five recommendations first, editable there.
    app.click("#actions-back");
    app.find("#reviews-table [data-minutes]");
    app.click("#reviews-table [data-minutes]");
    app.wait_for_text("#last-year", "Last year’s recommendations");
    let section = app.text("#last-year");
    assert!(
        section.contains("1.") && section.contains("5.") && !section.contains("6."),
        "the CCG's own recommendations (1-5), not LPW's: {section}"
    );
    app.click("#last-year [data-action='3'] summary");
    choose(&app, "#ly-status-3", "in_progress");
    app.type_into(
        "#ly-note-3",
        "Capacity reported at every executive meeting <b>weekly</b>.",
    );
    app.click("#ly-save-3");
    app.wait_for_text("#last-year", "Saved: recommendation 3 is in progress.");
    app.wait_for_text(
        "#last-year [data-progress='3']",
        "every executive meeting <b>weekly</b>.",
    );
    assert_eq!(
        app.script(
            "return document.querySelectorAll('#last-year b').length",
            serde_json::json!([])
        ),
        serde_json::json!(0),
        "typed markup shows as text and never becomes an element"
    );
    app.screenshot(&crate::screenshot_dir().join("next-year-minutes.png"));

    // The template screen lists what the chair changed since last year.
    app.click("#back-to-overview");
    app.click("#edit-template");
    app.wait_for_text("#template-changes-list", "No changes yet");
    app.type_into("#new-theme", "Voice of the child\u{E007}");
    app.wait_for_text("#template-changes-list", "Theme added: Voice of the child");
    app.script("window.scrollTo(0, 0)", serde_json::json!([]));
    app.screenshot(&crate::screenshot_dir().join("next-year-template.png"));
    drop(app);

    let doc = Store::open(&next.with_extension("s11"))
        .expect("next year's file is where the chair saved it")
        .load()
        .expect("load");
    assert_eq!(doc.audit.year, "2022-23");
    let c = doc.previous.expect("carried forward");
    let a = c.action("A").expect("A");
    assert_eq!(
        a.status,
        ActionStatus::Completed,
        "the app's change is stored"
    );
    assert_eq!(
        a.latest_note()
            .and_then(|n| n.evidence.as_ref())
            .map(|e| e.text.as_str()),
        Some("Executive minutes, 12 May 2022")
    );
    assert_eq!(
        c.action("3").expect("3").status,
        ActionStatus::InProgress,
        "changed on the minutes screen"
    );
    assert!(
        bytes(&last) == before,
        "last year's file is unchanged by all of this"
    );
}
