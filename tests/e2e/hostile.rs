//! Hostile text and a hostile page (issue 8): HTML and script typed into
//! minutes, names, template questions, recommendations and review names is
//! shown as the literal text typed and never runs; the page cannot navigate
//! away, open windows, run inline script or call Tauri beyond the app's own
//! commands.

use std::time::{Duration, Instant};

use s11core::Store;
use serde_json::{json, Value};

use crate::driver::App;
use crate::keys::{ALT, RELEASE};
use crate::testshire_audit;

const ENTER: &str = "\u{E007}";

// Each payload, if it ran, would change the window title, set `__pwned`, or
// close the audit through the IPC. None of them may.
const RESPONSE: &str = r#"<img src=x onerror="document.title='pwned';window.__pwned=1"> and <script>window.__TAURI__.core.invoke('close_audit');window.__pwned=2</script>"#;
const NAME: &str = r#""><svg onload="window.__pwned=3;document.title='pwned'">Eve"#;
const QUESTION: &str =
    r#"<script>window.__TAURI__.core.invoke('close_audit')</script><b>bold?</b>"#;
const RECOMMENDATION: &str = r#"<iframe src="javascript:parent.__pwned=4"></iframe><a href="javascript:window.__pwned=5">link</a>"#;
const ORGANISATION: &str = r#"'><img src=x onerror=window.__pwned=6>Org & Co"#;

fn new_audit(path: &std::path::Path) {
    testshire_audit(path, |d| {
        d.add_panel_member(
            "m1".into(),
            "Ann Chair",
            "Business Manager",
            "Testshire Children's Partnership",
        )?;
        d.add_review("r1".into(), "Kill Test Org", "KTO")
    });
}

/// Waits up to 10 s for `js` (returning a boolean) to be true.
fn wait_until(app: &App, what: &str, js: &str, args: Value) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.script(js, args.clone()) != json!(true) {
        if Instant::now() > deadline {
            let body = app.script(
                "return document.body ? document.body.innerText : ''",
                json!([]),
            );
            panic!("{what} never happened; the window shows:\n{body}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Some text field on the screen holds exactly `text`.
fn field_holds(app: &App, what: &str, text: &str) {
    wait_until(
        app,
        what,
        "return [...document.querySelectorAll('input, textarea')].some((e) => e.value === arguments[0])",
        json!([text]),
    );
}

fn assert_nothing_ran(app: &App, title: &str) {
    assert_eq!(app.title(), title, "no payload changed the window title");
    let pwned = app.script(
        "return window.__pwned === undefined ? null : String(window.__pwned)",
        json!([]),
    );
    assert!(pwned.is_null(), "a payload ran (window.__pwned = {pwned})");
    let injected = app.script("return document.querySelectorAll('main img, main svg, main script, main iframe, main b, main a[href^=\"javascript\"]').length", json!([]));
    assert_eq!(injected, json!(0), "typed markup never became elements");
}

#[test]
fn typed_html_and_script_show_as_text_and_never_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hostile.s11");
    new_audit(&path);
    let arg = path.to_str().expect("utf-8 path");

    let title;
    {
        let app = App::start(&[arg]);
        app.wait_for_text("#audit-title", "Testshire");
        title = app.title();

        // A panel member's name.
        app.click("#edit-details");
        app.type_into("#new-member-name", NAME);
        app.type_into("#new-member-role", "Officer");
        app.type_into(
            "#new-member-organisation",
            &format!("Testshire Police{ENTER}"),
        );
        field_holds(&app, "the new member's name in the panel table", NAME);
        app.click(".title-row .button-secondary");
        app.wait_for_text("#panel-table", NAME);

        // A template question.
        app.click("#edit-template");
        app.type_into("#new-question-t1", &format!("{QUESTION}{ENTER}"));
        field_holds(&app, "the new question on the template screen", QUESTION);
        app.click(".title-row .button-secondary");
        app.wait_for_text("#template", QUESTION);

        // A response and a recommendation, typed in the workshop.
        app.click("[data-minutes=\"r1\"]");
        app.wait_for_text("#minutes-title", "KTO");
        app.wait_for_focus("resp-t1q1");
        app.type_here(RESPONSE);
        app.type_here(&format!("{ALT}r{RELEASE}"));
        app.wait_for_text(".rec-label", "Recommendation 1");
        app.type_here(RECOMMENDATION);
        app.wait_for_text("#status", "Saved at");
        app.wait_for_text("#main", QUESTION);
        assert_nothing_ran(&app, &title);
        app.click("#back-to-overview");

        // A review's organisation.
        app.wait_for_text("#audit-title", "Testshire");
        app.type_into("#new-review-organisation", ORGANISATION);
        app.type_into("#new-review-short-name", &format!("Hostile{ENTER}"));
        field_holds(
            &app,
            "the new review's organisation on its set-up screen",
            ORGANISATION,
        );
        app.click(".title-row .button-secondary");
        app.wait_for_text("#reviews-table", ORGANISATION);
        assert_nothing_ran(&app, &title);
        assert_eq!(
            app.text("#audit-title"),
            "Testshire Children's Partnership",
            "the audit is still open"
        );
    }

    // Stored exactly as typed.
    {
        let store = Store::open(&path).expect("reopen");
        let doc = store.load().expect("load");
        assert!(
            doc.panel.iter().any(|m| m.name == NAME),
            "the name is stored as typed"
        );
        assert!(
            doc.template.themes[0]
                .questions
                .iter()
                .any(|q| q.text == QUESTION),
            "the question is stored as typed"
        );
        let review = doc.reviews.iter().find(|r| r.id == "r1").expect("review");
        assert_eq!(
            review.response_for("t1q1").map(|r| r.text.as_str()),
            Some(RESPONSE)
        );
        assert!(doc.recommendations.iter().any(|r| r.text == RECOMMENDATION));
        assert!(doc.reviews.iter().any(|r| r.organisation == ORGANISATION));
    }

    // Shown again after a restart: every screen draws the stored text as text.
    let app = App::start(&[arg]);
    app.wait_for_text("#audit-title", "Testshire");
    assert_eq!(
        app.title(),
        title,
        "the title names the audit, nothing else"
    );
    app.wait_for_text("#panel-table", NAME);
    app.wait_for_text("#template", QUESTION);
    app.wait_for_text("#reviews-table", ORGANISATION);
    app.click("[data-minutes=\"r1\"]");
    app.wait_for_text("#minutes-title", "KTO");
    assert_eq!(
        app.value("#resp-t1q1"),
        RESPONSE,
        "the response shows the literal text typed"
    );
    assert_eq!(
        app.value(".rec-text"),
        RECOMMENDATION,
        "the recommendation shows the literal text typed"
    );
    app.wait_for_text("#main", QUESTION);
    app.click("#back-to-overview");
    app.click("#edit-details");
    field_holds(&app, "the member's name on the details screen", NAME);
    app.click(".title-row .button-secondary");
    app.click("#edit-template");
    field_holds(&app, "the question on the template screen", QUESTION);
    assert_nothing_ran(&app, &title);
    app.click(".title-row .button-secondary");
    assert_eq!(
        app.wait_for_text("#audit-title", "Testshire"),
        "Testshire Children's Partnership",
        "the audit is still open"
    );
}

#[test]
fn the_page_cannot_navigate_away_open_windows_or_run_inline_script() {
    let app = App::start(&[]);
    app.click("#open-example");
    app.wait_for_text("#audit-title", "South Gloucestershire");
    let origin = app.script("return location.protocol + '//' + location.host", json!([]));

    // Navigating away is refused: the app's page stays, with the audit open.
    app.script("location.href = 'https://example.invalid/'", json!([]));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        app.script("return location.protocol + '//' + location.host", json!([])),
        origin,
        "the window stayed on the app's page"
    );
    assert!(
        app.text("#audit-title").contains("South Gloucestershire"),
        "the audit's overview is still showing"
    );

    // window.open is refused: no second window.
    app.script(
        "window.open('https://example.invalid/', '_blank')",
        json!([]),
    );
    std::thread::sleep(Duration::from_millis(1000));
    let handles = app.window_handles();
    assert_eq!(handles, 1, "no new window was opened");

    // The Content Security Policy refuses inline script, even inserted as an element.
    let ran = app.script(
        "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.appendChild(s); return window.__inline === 1",
        json!([]),
    );
    assert_eq!(ran, json!(false), "an inline script element did not run");

    // The capability grants the app's own commands, not Tauri's others.
    app.script(
        "window.__r = null; window.__TAURI__.core.invoke('plugin:app|version').then((v) => { window.__r = 'allowed ' + v; }, (e) => { window.__r = 'refused ' + e; })",
        json!([]),
    );
    wait_until(
        &app,
        "the app-version call to settle",
        "return window.__r !== null",
        json!([]),
    );
    let reply = app.script("return window.__r", json!([]));
    assert!(
        reply.as_str().unwrap_or_default().starts_with("refused"),
        "core:app is not granted: {reply}"
    );
    app.script(
        "window.__r = null; window.__TAURI__.core.invoke('overview').then((v) => { window.__r = 'allowed ' + v.partnership; }, (e) => { window.__r = 'refused ' + JSON.stringify(e); })",
        json!([]),
    );
    wait_until(
        &app,
        "the overview call to settle",
        "return window.__r !== null",
        json!([]),
    );
    let reply = app.script("return window.__r", json!([]));
    assert!(
        reply
            .as_str()
            .unwrap_or_default()
            .starts_with("allowed South Gloucestershire"),
        "the app's own commands work: {reply}"
    );
}
