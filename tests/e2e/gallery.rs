//! The README's screenshots, taken the same way every time (`./.ci/screenshots`
//! copies them into tests/screenshots/), and the layout checks a chair on a
//! small laptop relies on: no sideways scrolling at 1280 × 720 or 1024 × 640,
//! nor with text at 200 % (WCAG 1.4.4 and 1.4.10).

use std::path::{Path, PathBuf};

use serde_json::json;

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::notes_file;
use s11core::Store;

use crate::driver::App;
use crate::screenshot_dir;

const REVIEW: &str = "r-bnssg-ccg";

fn gallery_dir() -> PathBuf {
    let dir = screenshot_dir().join("readme");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The example as the chair's audit, with one minute-taker's notes imported
/// so the minutes show a notes card.
fn audit_with_notes(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("South Gloucestershire 2021-22.s11");
    let chair = Store::create(&path, &example().expect("example")).expect("chair's audit");
    let pack = dir.join("pack.s11");
    chair
        .make_minute_pack(REVIEW, None, &pack, "unused".into())
        .expect("pack");
    let mut p = Store::open(&pack).expect("open pack");
    p.set_pack_author("Priya Shah", "taker-priya".into())
        .expect("name");
    p.set_response(
        REVIEW,
        "t1q1",
        "Designated lead confirmed; concerns logged on the case system the same day.",
        Timestamp(1_644_501_960),
    )
    .expect("minute");
    let out = dir.join("priya.json");
    std::fs::write(
        &out,
        notes_file::to_json(&p.export_notes(Timestamp(1_644_510_000)).expect("export")),
    )
    .expect("write");
    (path, out.to_str().expect("utf-8 path").to_string())
}

/// Starts the app in a window of `width` × `height` (through the remembered
/// window size the app reads at start).
fn start_sized(args: &[&str], width: u32, height: u32) -> App {
    let data = tempfile::tempdir().expect("a temporary data folder");
    std::fs::write(
        data.path().join("window.json"),
        json!({"x": 0, "y": 0, "width": width, "height": height}).to_string(),
    )
    .expect("write");
    App::start_with_data(args, data)
}

/// Shows `name` ("light" or "dark") as the header button would, without
/// keeping the choice in the WebView storage that every test shares.
fn theme(app: &App, name: &str) {
    app.script(
        "document.documentElement.dataset.theme = arguments[0];
         document.getElementById('theme-toggle').textContent = arguments[0] === 'dark' ? 'Light theme' : 'Dark theme';",
        json!([name]),
    );
}

fn shoot(app: &App, name: &str) {
    // Let the theme or text size settle before the picture.
    std::thread::sleep(std::time::Duration::from_millis(250));
    app.screenshot(&gallery_dir().join(format!("{name}.png")));
}

/// Nothing is cut off or needs sideways scrolling.
fn no_sideways_scroll(app: &App, what: &str) {
    let sizes = app.script(
        "return [document.documentElement.scrollWidth, window.innerWidth]",
        json!([]),
    );
    let (scroll, inner) = (
        sizes[0].as_i64().unwrap_or(0),
        sizes[1].as_i64().unwrap_or(0),
    );
    assert!(scroll <= inner, "{what}: the page is {scroll}px wide in a {inner}px window, so the chair would scroll sideways");
}

fn text_200(app: &App, on: bool) {
    app.script(
        "document.documentElement.style.fontSize = arguments[0] ? '200%' : ''",
        json!([on]),
    );
}

#[test]
fn readme_screenshots_and_small_screens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, notes_file) = audit_with_notes(dir.path());

    let app = start_sized(&[], 1280, 720);
    app.find("#open-example");
    theme(&app, "light");
    no_sideways_scroll(&app, "start");
    shoot(&app, "start");
    theme(&app, "dark");
    shoot(&app, "start-dark");
    theme(&app, "light");
    app.click("#about-open");
    app.find("#about-close");
    shoot(&app, "about");
    drop(app);

    let app = start_sized(&[path.to_str().expect("utf-8 path")], 1280, 720);
    app.wait_for_text("#audit-title", "South Gloucestershire");
    theme(&app, "light");
    app.type_into("#notes-path", &format!("{notes_file}\u{E007}"));
    app.wait_for_text("#notes-result", "1 added");
    app.script("window.scrollTo(0, 0)", json!([]));
    no_sideways_scroll(&app, "overview");
    shoot(&app, "overview");
    theme(&app, "dark");
    shoot(&app, "overview-dark");
    theme(&app, "light");
    text_200(&app, true);
    no_sideways_scroll(&app, "overview, text at 200%");
    shoot(&app, "overview-text-200");
    text_200(&app, false);

    app.click("#edit-details");
    app.find("#audit-background");
    no_sideways_scroll(&app, "audit details");
    shoot(&app, "details");

    app.click("main .title-row button");
    app.click("#edit-template");
    app.wait_for_text("main h1", "Question template");
    no_sideways_scroll(&app, "question template");
    shoot(&app, "template");

    app.click("main .title-row button");
    app.click("[data-setup='r-cvs']");
    app.wait_for_text("main h1", "CVS");
    no_sideways_scroll(&app, "review set-up");
    shoot(&app, "review-set-up");

    app.click("main .title-row button");
    app.click(&format!("[data-minutes=\"{REVIEW}\"]"));
    app.wait_for_text("#minutes-title", "BNSSG CCG");
    app.wait_for_text("#resp-t1q1 ~ .notes-side", "Priya Shah");
    app.click("#timer-toggle");
    app.wait_for_text("#timer-toggle", "Pause");
    app.script("window.scrollTo(0, 0)", json!([]));
    no_sideways_scroll(&app, "minutes");
    shoot(&app, "minutes");
    theme(&app, "dark");
    shoot(&app, "minutes-dark");
    theme(&app, "light");
    text_200(&app, true);
    no_sideways_scroll(&app, "minutes, text at 200%");
    shoot(&app, "minutes-text-200");
    text_200(&app, false);
    app.click("#resp-t1q1 ~ .notes-side .note-insert");
    app.script(
        "document.getElementById('resp-t1q1').scrollIntoView({ block: 'center' })",
        json!([]),
    );
    shoot(&app, "minutes-notes");
    app.click("#timer-more");
    app.click("#timer-plan-toggle");
    app.find("#timer-plan[open]");
    shoot(&app, "minutes-session-plan");
    app.click("#timer-plan-close");
    app.click("#open-search");
    app.type_into("#search", "safeguarding\u{E007}");
    app.wait_for_text("#search-results", "found");
    shoot(&app, "minutes-search");
    app.click("#search-close");
    app.click("#notes-to-check");
    app.find("#notes-check[open]");
    shoot(&app, "minutes-notes-to-check");
    app.click("#notes-check-close");
    drop(app);

    let app = start_sized(&[path.to_str().expect("utf-8 path")], 1024, 640);
    app.wait_for_text("#audit-title", "South Gloucestershire");
    theme(&app, "light");
    no_sideways_scroll(&app, "overview at 1024 × 640");
    app.click(&format!("[data-minutes=\"{REVIEW}\"]"));
    app.wait_for_text("#minutes-title", "BNSSG CCG");
    app.find("#timer-bar");
    no_sideways_scroll(&app, "minutes at 1024 × 640");
    shoot(&app, "minutes-1024x640");
    drop(app);

    // A chair's laptop (issue 15): 1366 × 768, then everything twice the
    // size (the app's own zoom at 200 %, as the desktop's 2× scaling).
    for (zoom, name) in [
        (1.0, "minutes-1366x768"),
        (2.0, "minutes-1366x768-zoom-200"),
    ] {
        let data = tempfile::tempdir().expect("a temporary data folder");
        std::fs::write(
            data.path().join("window.json"),
            json!({"x": 0, "y": 0, "width": 1366, "height": 768}).to_string(),
        )
        .expect("write");
        std::fs::write(
            data.path().join("zoom.json"),
            json!({ "level": zoom }).to_string(),
        )
        .expect("write");
        let app = App::start_with_data(&[path.to_str().expect("utf-8 path")], data);
        app.wait_for_text("#audit-title", "South Gloucestershire");
        theme(&app, "light");
        app.script(
            "document.querySelector(arguments[0]).click()",
            json!([format!("[data-minutes=\"{REVIEW}\"]")]),
        );
        app.wait_for_text("#minutes-title", "BNSSG CCG");
        app.wait_for_text("#timer-segment-left", "left");
        app.script("const t = document.getElementById('timer-toggle'); if (t.textContent !== 'Pause') t.click();", json!([]));
        app.wait_for_text("#timer-toggle", "Pause");
        app.script("document.getElementById('resp-t1q2').focus()", json!([]));
        app.type_here(&format!(
            "{}{}{}",
            crate::keys::ALT,
            crate::keys::DOWN,
            crate::keys::RELEASE
        ));
        app.wait_for_focus("resp-t1q3");
        no_sideways_scroll(&app, name);
        shoot(&app, name);
    }
}
