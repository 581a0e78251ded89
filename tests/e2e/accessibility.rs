//! WCAG 2.2 AA, checked by machine on every screen: axe-core runs inside the
//! real window (injected through WebDriver, never shipped in `ui/`) and any
//! serious or critical violation fails the test with what and where.
//!
//! axe-core comes from the npm registry: `./.ci/setup --test` installs it under
//! `~/.cache/section11-panel/npm`; `S11_AXE_JS` names another `axe.min.js`.
//! WebDriver's scripts are run by the browser engine itself, outside the
//! page's Content Security Policy, so the app's CSP stays as users have it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::notes_file;
use s11core::Store;

use crate::driver::App;

const REVIEW: &str = "r-bnssg-ccg";

fn axe_path() -> PathBuf {
    if let Some(p) = std::env::var_os("S11_AXE_JS") {
        return PathBuf::from(p);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from("/nonexistent"));
    cache.join("section11-panel/npm/node_modules/axe-core/axe.min.js")
}

pub(crate) fn axe_source() -> String {
    let path = axe_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is not installed at {} ({e}): run ./.ci/test (or ./.ci/setup --test), \
             which installs it from the npm registry, or set S11_AXE_JS to an axe.min.js",
            path.display()
        )
    })
}

/// Runs axe on the page as it is now and notes, in `failures`, its serious
/// or critical violations of WCAG 2.0-2.2 A/AA and best practice. Every
/// screen is checked before the test fails, so one run lists every problem.
pub(crate) fn check(app: &App, axe: &str, screen: &str, failures: &mut Vec<String>) {
    let loaded = app.script("return typeof window.axe === 'object'", json!([]));
    if loaded != Value::Bool(true) {
        app.script(axe, json!([]));
        assert_eq!(
            app.script("return typeof window.axe === 'object'", json!([])),
            Value::Bool(true),
            "axe-core loaded into the page"
        );
    }
    // Both themes, whatever the system's: the chair can choose either. The
    // attribute is set here rather than through the header button so that
    // nothing is kept in the WebView's storage between tests.
    for theme in ["light", "dark"] {
        app.script(
            "document.documentElement.dataset.theme = arguments[0]",
            json!([theme]),
        );
        run_axe(app, &format!("{screen}, {theme} theme"), failures);
    }
    app.script("delete document.documentElement.dataset.theme", json!([]));
}

fn run_axe(app: &App, screen: &str, failures: &mut Vec<String>) {
    // axe.run is asynchronous; its answer is left on window and polled, so the
    // plain synchronous WebDriver call is enough.
    app.script(
        "window.__s11Axe = null;
         axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
           .then((r) => { window.__s11Axe = JSON.stringify(r.violations.map((v) => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) }))); })
           .catch((e) => { window.__s11Axe = JSON.stringify({ error: String(e) }); });",
        json!([]),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let answer = loop {
        if let Value::String(s) = app.script("return window.__s11Axe", json!([])) {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "{screen}: axe gave no answer within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let violations: Value = serde_json::from_str(&answer)
        .unwrap_or_else(|e| panic!("{screen}: axe's answer is not JSON ({e}): {answer}"));
    assert!(
        violations.get("error").is_none(),
        "{screen}: axe failed: {answer}"
    );
    let mut report = Vec::new();
    for v in violations.as_array().into_iter().flatten() {
        let impact = v["impact"].as_str().unwrap_or_default();
        let line = format!(
            "[{impact}] {} – {}",
            v["id"].as_str().unwrap_or_default(),
            v["help"].as_str().unwrap_or_default()
        );
        let nodes: Vec<String> = v["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .take(6)
            .map(|n| {
                format!(
                    "    at {}\n      {}",
                    n["target"].as_str().unwrap_or_default(),
                    n["summary"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', "\n      ")
                )
            })
            .collect();
        if matches!(impact, "serious" | "critical") {
            report.push(format!("{line}\n{}", nodes.join("\n")));
        } else {
            eprintln!("{screen}: (not failing) {line}");
        }
    }
    if !report.is_empty() {
        failures.push(format!("{screen}:\n{}", report.join("\n")));
    }
}

/// A notes file from one minute-taker for the example's first review, so the
/// chair's minutes show notes cards.
fn notes_file(dir: &Path, chair: &Store) -> String {
    let pack = dir.join("pack.s11");
    chair
        .make_minute_pack(REVIEW, None, &pack, "unused".into())
        .expect("pack");
    let mut p = Store::open(&pack).expect("open pack");
    p.set_pack_author("Ann Example", "taker-ann".into())
        .expect("name");
    p.set_response(
        REVIEW,
        "t1q1",
        "Staff raise concerns through the app.",
        Timestamp(1_644_501_960),
    )
    .expect("minute");
    let out = dir.join("ann.json");
    std::fs::write(
        &out,
        notes_file::to_json(&p.export_notes(Timestamp(1_644_510_000)).expect("export")),
    )
    .expect("write");
    out.to_str().expect("utf-8 path").to_string()
}

#[test]
fn every_screen_passes_axe_core() {
    let axe = axe_source();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chair.s11");
    let ann = {
        let chair = Store::create(&path, &example().expect("example")).expect("chair's audit");
        notes_file(dir.path(), &chair)
    };

    let mut failures = Vec::new();
    let app = App::start(&[]);
    app.find("#open-example");
    check(&app, &axe, "start (no recent audits)", &mut failures);
    app.click("#new-audit");
    app.find("#new-partnership");
    check(&app, &axe, "start with the New audit form", &mut failures);

    app.click("#about-open");
    app.wait_for_text("#about-version", "Version 0.1");
    assert!(
        app.text("#about-data-folder")
            .contains(app.data_dir.path().to_str().expect("utf-8 path")),
        "About names the app's data folder"
    );
    check(&app, &axe, "About", &mut failures);
    app.click("#about-close");
    app.find("#about-open");
    assert_eq!(
        app.focused_id(),
        "about-open",
        "closing About returns the focus to its button"
    );
    drop(app);

    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text("#audit-title", "South Gloucestershire");
    app.type_into("#notes-path", &format!("{ann}\u{E007}"));
    app.wait_for_text("#notes-result", "1 added");
    check(&app, &axe, "overview", &mut failures);

    app.click("#edit-details");
    app.find("#audit-background");
    check(&app, &axe, "audit details and panel", &mut failures);

    app.click("main .title-row button");
    app.click("#edit-template");
    app.wait_for_text("main h1", "Question template");
    check(&app, &axe, "question template", &mut failures);

    app.click("main .title-row button");
    app.click("[data-setup='r-cvs']");
    app.wait_for_text("main h1", "CVS");
    check(
        &app,
        &axe,
        "review set-up (did not take place)",
        &mut failures,
    );

    app.click("main .title-row button");
    app.click(&format!("[data-minutes=\"{REVIEW}\"]"));
    app.wait_for_text("#minutes-title", "BNSSG CCG");
    app.wait_for_text("#resp-t1q1 ~ .notes-side", "Ann Example");
    app.find("#timer-bar");
    check(
        &app,
        &axe,
        "minutes with the timer bar and notes cards",
        &mut failures,
    );

    app.click("#timer-more");
    app.find("#timer-details:not([hidden])");
    app.click("#timer-toggle");
    app.find("#timer-held-ask");
    check(
        &app,
        &axe,
        "minutes with the timer's full controls, running",
        &mut failures,
    );

    app.click("#timer-plan-toggle");
    app.find("#timer-plan[open]");
    check(&app, &axe, "minutes with the session plan", &mut failures);
    app.click("#timer-plan-close");

    app.click("#show-help");
    app.find("#help:not([hidden])");
    check(&app, &axe, "minutes with the shortcuts open", &mut failures);
    // The panel is fixed to the window; closed from the page, as Esc would.
    app.script("document.querySelector('#help button').click()", json!([]));

    app.click("#open-search");
    app.type_into("#search", "buddy tag\u{E007}");
    app.wait_for_text("#search-results", "found");
    check(&app, &axe, "minutes with search results", &mut failures);
    app.click("#search-close");

    app.click("#notes-to-check");
    app.find("#notes-check[open]");
    check(&app, &axe, "minutes with the notes to check", &mut failures);
    app.click("#notes-check-close");

    // Sign-off (issue 14): the report's gaps, and making a signing key.
    // The help panel is open over the header: leave the screen by script.
    app.script(
        "document.getElementById('back-to-overview').click()",
        json!([]),
    );
    app.click("#audit-trail");
    app.wait_for_text("#signoff-gaps", "not signed off");
    app.click("#signing-key-make");
    app.find("#new-key-passphrase");
    check(
        &app,
        &axe,
        "report sign-off with its gaps and the new signing key form",
        &mut failures,
    );

    assert!(
        failures.is_empty(),
        "serious or critical accessibility problems found by axe-core:\n\n{}",
        failures.join("\n\n")
    );
}

/// The screens of issue 18: next year's audit's actions (with an update form
/// open), last year's recommendations on the minutes, and the template's
/// changes since last year.
#[test]
fn next_years_screens_pass_axe_core() {
    use s11core::next_year::start_next_year;
    let axe = axe_source();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("next.s11");
    let last = example().expect("example");
    let next = start_next_year(&last, "2022-23", "last.s11", s11core::new_id).expect("successor");
    drop(Store::create_next(&path, &next, None).expect("next year's audit"));

    let mut failures = Vec::new();
    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text("#show-actions", "Progress on 2021-22");
    check(
        &app,
        &axe,
        "overview with the next-year form and actions button",
        &mut failures,
    );
    app.click("#show-actions");
    app.wait_for_text("#action-counts", "Not started 12");
    app.click("[data-action='3'] summary");
    app.find("#action-status-3");
    check(
        &app,
        &axe,
        "actions with an update form open",
        &mut failures,
    );
    app.click("#actions-back");
    app.click("#reviews-table [data-minutes]");
    app.wait_for_text("#last-year", "Last year’s recommendations");
    check(
        &app,
        &axe,
        "minutes with last year's recommendations",
        &mut failures,
    );
    app.script(
        "document.getElementById('back-to-overview').click()",
        json!([]),
    );
    app.click("#edit-template");
    app.wait_for_text("#template-changes-list", "No changes yet");
    check(
        &app,
        &axe,
        "template with its changes since last year",
        &mut failures,
    );

    assert!(
        failures.is_empty(),
        "serious or critical accessibility problems found by axe-core:\n\n{}",
        failures.join("\n\n")
    );
}
