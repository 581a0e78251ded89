//! Sign-off end to end (issue 6): the chair signs off a review's minutes in
//! the app; the minutes screen shows them locked, in words; an edit that
//! gets past the read-only boxes is refused by the core; reopening with a
//! reason unlocks them and the audit trail lists both.

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::identity::Identity;
use std::process::Command;

use s11core::canonical::Subject;
use s11core::store::SignOffInput;
use s11core::Store;
use serde_json::json;

use crate::driver::App;

const KEY_PASSPHRASE: &str = "correct horse battery";

/// A data folder in which the app already knows Sarah Taylor's signing key,
/// as it does after her first sign-off.
fn data_with_key() -> tempfile::TempDir {
    data_with(&Identity::create("Sarah Taylor", "Chair", Timestamp(1_764_000_000)).expect("key"))
}

fn data_with(identity: &Identity) -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("data dir");
    let key = data.path().join("sarah.p12");
    std::fs::write(&key, identity.to_pkcs12(KEY_PASSPHRASE).expect("p12")).expect("write key");
    std::fs::write(
        data.path().join("signing-key.json"),
        serde_json::to_string(
            &json!({"path": key.to_str().expect("utf-8"), "name": "", "fingerprint": ""}),
        )
        .expect("json"),
    )
    .expect("remember key");
    data
}

#[test]
fn a_chair_signs_off_minutes_sees_them_locked_and_reopens_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("signoff.s11");
    drop(Store::create(&path, &example().expect("example")).expect("audit created"));
    let app = App::start_with_data(&[path.to_str().expect("utf-8 path")], data_with_key());
    app.wait_for_text("#audit-title", "South Gloucestershire");

    app.click("[data-setup='r-bnssg-ccg']");
    app.wait_for_text("#signoff-panel", "Sign off these minutes");
    app.wait_for_text("#signing-key-current", "sarah.p12");
    // A wrong passphrase is refused in words, and nothing is signed.
    app.type_into("#signoff-key-passphrase", "not the passphrase");
    app.click("#signoff-submit");
    app.wait_for_text("#signoff-error", "passphrase");
    app.script(
        "document.getElementById('signoff-form').scrollIntoView()",
        json!([]),
    );
    app.screenshot(&crate::screenshot_dir().join("signoff-minutes.png"));
    app.type_into("#signoff-key-passphrase", KEY_PASSPHRASE);
    assert_eq!(
        app.value("#signoff-name"),
        "Sarah Taylor",
        "the chair is pre-filled"
    );
    assert!(
        app.value("#signoff-statement")
            .contains("held on 10 February 2022"),
        "and the statement"
    );
    app.click("#signoff-submit");
    app.wait_for_text(
        "#signed-banner",
        "The minutes of BNSSG CCG were signed off on",
    );
    app.wait_for_text("#signoff-record", "by Sarah Taylor");
    app.wait_for_text("#signoff-signature", "Signed with Sarah Taylor’s key");
    let organisation_locked = app.script(
        "return document.getElementById('review-organisation').readOnly",
        json!([]),
    );
    assert_eq!(
        organisation_locked,
        json!(true),
        "the set-up fields are read-only"
    );

    app.click("#open-minutes");
    app.wait_for_text("#signed-banner", "Reopen them, giving a reason");
    // Themes after the first are added just after the first paint: wait for
    // the last, so the boxes checked include theirs.
    app.find("#theme-t7");
    let boxes = app.script(
        "return document.querySelectorAll('textarea.response').length",
        json!([]),
    );
    assert_eq!(boxes, json!(21), "every question of the review has its box");
    let editable = app.script("return [...document.querySelectorAll('textarea.response')].filter((t) => !t.readOnly).length", json!([]));
    assert_eq!(
        editable,
        json!(0),
        "no response box can be typed in, in any theme"
    );
    // An edit that gets round the page (straight to the command) is refused.
    app.script(
        "window.__r = null; window.__TAURI__.core.invoke('save_response', { review: 'r-bnssg-ccg', question: 't1q1', text: 'changed' })
           .then(() => { window.__r = 'saved'; }, (e) => { window.__r = e.code + ': ' + e.message; });",
        json!([]),
    );
    let mut refused = String::new();
    for _ in 0..100 {
        if let Some(r) = app.script("return window.__r", json!([])).as_str() {
            refused = r.to_string();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        refused.starts_with("refused: The minutes of BNSSG CCG were signed off"),
        "{refused}"
    );

    app.click("#back-to-overview");
    app.click("[data-setup='r-bnssg-ccg']");
    app.type_into("#reopen-reason", "The organisation corrected a job title.");
    app.click("#reopen-submit");
    app.wait_for_text("#signoff-stage", "version 2");
    let organisation_locked = app.script(
        "return document.getElementById('review-organisation').readOnly",
        json!([]),
    );
    assert_eq!(
        organisation_locked,
        json!(false),
        "editable again after reopening"
    );

    app.script("[...document.querySelectorAll('button')].find((b) => b.textContent === 'Back to overview').click()", json!([]));
    app.click("#audit-trail");
    app.wait_for_text("#trail", "Reopened");
    let trail = app.text("#trail");
    assert!(
        trail.contains("Signed off") && trail.contains("The organisation corrected a job title."),
        "{trail}"
    );
    assert!(
        trail.contains("Signed with Sarah Taylor’s key"),
        "the trail names the key: {trail}"
    );
}

#[test]
fn gaps_are_listed_and_each_must_be_confirmed_before_the_report_is_signed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("gaps.s11");
    {
        let mut doc = example().expect("example");
        doc.audit.report_date.clear();
        let mut s = Store::create(&path, &doc).expect("audit created");
        s.update(|d| d.add_review("r-plan".into(), "Testshire Youth Service", "TYS"))
            .expect("a review still planned");
    }
    let app = App::start_with_data(&[path.to_str().expect("utf-8 path")], data_with_key());
    app.wait_for_text("#audit-title", "South Gloucestershire");
    app.click("#audit-trail");
    app.wait_for_text("#signoff-gaps", "still planned");
    let gaps = app.text("#signoff-gaps");
    assert!(
        gaps.contains("Testshire Youth Service"),
        "the planned review is named: {gaps}"
    );
    assert!(
        gaps.contains("BNSSG CCG") && gaps.contains("LPW"),
        "and the unsigned minutes: {gaps}"
    );
    assert!(gaps.contains("report date"), "and the missing date: {gaps}");
    assert_eq!(
        app.script(
            "return document.getElementById('signoff-submit').disabled",
            json!([])
        ),
        json!(true),
        "a planned review blocks the report's sign-off"
    );
    assert_eq!(
        app.script(
            "return document.querySelectorAll('#gap-planned_reviews').length",
            json!([])
        ),
        json!(0),
        "a blocking gap cannot be confirmed away"
    );
    app.script(
        "document.getElementById('signoff-gaps').scrollIntoView()",
        json!([]),
    );
    app.screenshot(&crate::screenshot_dir().join("signoff-gaps.png"));
}

#[test]
fn the_chair_signs_the_report_in_the_app_and_any_pdf_reader_can_check_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.s11");
    let identity =
        Identity::create("Sarah Taylor", "Chair", Timestamp(1_764_000_000)).expect("key");
    {
        let mut doc = example().expect("example");
        doc.audit.report_date.clear();
        let mut s = Store::create(&path, &doc).expect("audit created");
        for r in ["r-bnssg-ccg", "r-routes-lpw"] {
            let state = s.sign_off_state(Subject::Review(r)).expect("state");
            s.sign_off(
                Subject::Review(r),
                &SignOffInput {
                    name: "Sarah Taylor".into(),
                    role: "Chair".into(),
                    statement: state.default_statement,
                    accepted_gaps: state.gaps.iter().map(|g| g.kind).collect(),
                    gap_reason: "Agreed by the panel.".into(),
                },
                &identity,
                Timestamp(1_764_000_100),
            )
            .expect("minutes signed off");
        }
    }
    let app = App::start_with_data(&[path.to_str().expect("utf-8 path")], data_with(&identity));
    app.wait_for_text("#audit-title", "South Gloucestershire");
    app.click("#audit-trail");
    app.wait_for_text("#signoff-gaps", "report date");
    app.type_into("#signoff-key-passphrase", KEY_PASSPHRASE);
    app.click("#signoff-submit");
    app.wait_for_text("#signoff-error", "confirm each one");
    app.click("#gap-no_report_date");
    app.type_into(
        "#signoff-gap-reason",
        "The date is set when the executive meets.",
    );
    app.type_into("#signoff-key-passphrase", KEY_PASSPHRASE);
    app.click("#signoff-submit");
    app.wait_for_text("#signed-banner", "The report was signed off on");
    app.wait_for_text(
        "#signoff-accepted",
        "The report was signed off without a report date.",
    );
    drop(app);

    let s = Store::open(&path).expect("open after the app closed");
    let pdf = s11core::report::export_report(&s).expect("export");
    assert!(pdf.signed);
    let file = dir.path().join("signed.pdf");
    std::fs::write(&file, &pdf.bytes).expect("write");
    let out = Command::new("pdfsig")
        .arg(&file)
        .output()
        .expect("pdfsig (poppler-utils)");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Signature is Valid.") && said.contains("Total document signed"),
        "poppler, not our code, checks the signature the app made: {said}"
    );
    assert!(
        said.contains("Sarah Taylor"),
        "and names the signer: {said}"
    );
    let text = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("The report was signed off without a report date."),
        "the accepted gap is printed in the report"
    );
    assert!(
        text.contains(&identity.fingerprint()[..4]),
        "and the signer's certificate fingerprint"
    );
}
