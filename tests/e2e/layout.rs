//! The workshop screen on a chair's laptop (issue 15): at 1366 × 768, and
//! with everything twice the size, the focused box and its question are
//! never under the sticky status line or timer bar, however the chair got
//! there (Alt+Down, a theme jump, a search hit, the timer's Next); Alt+Down
//! goes through recommendations in order; Ctrl+plus enlarges the page and
//! the size survives a restart; the notes to check jump to their question.

use std::path::Path;

use serde_json::{json, Value};

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::notes_file;
use s11core::recommendation::RecommendationFor;
use s11core::Store;

use crate::driver::App;
use crate::keys::{ALT, DOWN, RELEASE, UP};
use crate::{screenshot_dir, testshire_audit};

const CTRL: &str = "\u{E009}";

fn audit(path: &Path) {
    testshire_audit(path, |d| {
        d.add_review(
            "r1".into(),
            "Testshire Youth Offending Service",
            "Testshire YOS",
        )?;
        d.add_recommendation(
            "rec1".into(),
            RecommendationFor::Organisation,
            Some("r1".into()),
            Some("t1".into()),
            Some("t1q2".into()),
            "Tell the partnership about capacity.",
        )
    });
    let mut store = Store::open(path).expect("open");
    store
        .set_response(
            "r1",
            "t5q2",
            "The panel heard about the bicycle scheme.",
            Timestamp(1_700_000_000),
        )
        .expect("response");
}

/// Starts the app on `file` in a 1366 × 768 window at `zoom` (1.0 or 2.0),
/// as the chair left it last time.
fn start(file: &str, zoom: f64) -> App {
    let data = tempfile::tempdir().expect("a temporary data folder");
    std::fs::write(
        data.path().join("window.json"),
        json!({"x": 0, "y": 0, "width": 1366, "height": 768}).to_string(),
    )
    .expect("window.json");
    std::fs::write(
        data.path().join("zoom.json"),
        json!({ "level": zoom }).to_string(),
    )
    .expect("zoom.json");
    App::start_with_data(&[file], data)
}

/// Where the focused box and its question are, against what is pinned.
fn placement(app: &App) -> Value {
    app.script(
        "const box = document.activeElement;
         const row = box.closest('.question-row, .rec-row');
         const q = row ? row.querySelector('.question-text, .rec-label') : box;
         const pinned = Math.max(document.getElementById('status').getBoundingClientRect().bottom,
                                 document.getElementById('timer-bar').getBoundingClientRect().bottom);
         const r = box.getBoundingClientRect(), qr = q.getBoundingClientRect();
         const x = r.left + Math.min(40, r.width / 2);
         const hitTop = document.elementFromPoint(x, Math.max(r.top, 0) + 4);
         const hitQuestion = document.elementFromPoint(qr.left + 4, Math.max(qr.top, 0) + 4);
         return { id: box.id, pinned, top: Math.min(r.top, qr.top), bottom: Math.max(r.bottom, qr.bottom),
                  height: innerHeight, width: innerWidth,
                  boxOnTop: hitTop === box, questionOnTop: !!hitQuestion && q.contains(hitQuestion) };",
        json!([]),
    )
}

/// The focused box is `id`, and it and its question are wholly in view,
/// below everything sticky and with nothing drawn over them.
fn assert_in_view(app: &App, id: &str, how: &str) {
    app.wait_for_focus(id);
    std::thread::sleep(std::time::Duration::from_millis(150));
    let p = placement(app);
    let n = |k: &str| p[k].as_f64().unwrap_or(f64::NAN);
    assert!(
        n("top") >= n("pinned") - 0.5 && n("bottom") <= n("height") + 0.5,
        "{how}: #{id} and its question must be wholly in view below the sticky bars: {p}"
    );
    assert_eq!(
        p["boxOnTop"],
        Value::Bool(true),
        "{how}: nothing covers the top of #{id}: {p}"
    );
    assert_eq!(
        p["questionOnTop"],
        Value::Bool(true),
        "{how}: nothing covers #{id}'s question: {p}"
    );
}

/// Clicks from the page. WebKitWebDriver's own click misplaces its pointer
/// on a zoomed page ("element not interactable"), so at 2× every click is
/// made this way; it is the same `click` event the page handles.
fn press(app: &App, css: &str) {
    app.find(css);
    app.script("document.querySelector(arguments[0]).click()", json!([css]));
}

fn open_minutes(app: &App) {
    app.wait_for_text("#audit-title", "Testshire");
    press(app, "[data-minutes]");
    app.wait_for_text("#minutes-title", "Testshire YOS");
    app.wait_for_text("#timer-segment-left", "left");
}

fn the_chair_moves_around(zoom: f64, name: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("layout.s11");
    audit(&path);
    let app = start(path.to_str().expect("utf-8 path"), zoom);
    open_minutes(&app);
    let width = app
        .script("return window.innerWidth", json!([]))
        .as_f64()
        .unwrap_or(0.0);
    let expected = 1366.0 / zoom;
    assert!(
        (width - expected).abs() < 40.0,
        "the page is {width}px wide: a 1366px window at {zoom}× zoom is about {expected}px"
    );
    assert_in_view(&app, "resp-t1q1", "opening the minutes");
    let status_height = || {
        app.script(
            "return document.getElementById('status').offsetHeight",
            json!([]),
        )
    };
    let before = status_height();
    app.type_here("A first minute.");
    app.wait_for_text("#status", "Saved at");
    assert_eq!(
        status_height(),
        before,
        "the first “Saved at” does not push the page down"
    );

    press(&app, "#timer-toggle");
    app.wait_for_text("#timer-toggle", "Pause");
    app.find("#timer-held-ask:not([hidden])");
    press(&app, "#timer-not-held");
    app.script("document.getElementById('resp-t1q1').focus()", json!([]));

    app.type_here(&format!("{ALT}{DOWN}{RELEASE}"));
    assert_in_view(&app, "resp-t1q2", "Alt+Down");
    app.type_here(&format!("{ALT}{DOWN}{RELEASE}"));
    assert_in_view(&app, "rec-rec1", "Alt+Down onto a recommendation");
    app.type_here(&format!("{ALT}{DOWN}{RELEASE}"));
    assert_in_view(&app, "resp-t1q3", "Alt+Down from a recommendation");

    app.type_here(&format!("{ALT}4{RELEASE}"));
    assert_in_view(&app, "resp-t4q1", "Alt+4, a theme jump");
    let timer = app.text("#timer-segment-title");
    assert!(
        timer.contains("Theme 4 of"),
        "the timer follows the minutes to theme 4: {timer}"
    );
    let nav = app.text(".theme-nav a[aria-current='step']");
    assert!(
        nav.contains("4.") && nav.contains("Timer is here"),
        "the side list marks the timer's theme: {nav}"
    );

    app.type_here(&format!("{ALT}f{RELEASE}"));
    app.wait_for_focus("search");
    app.type_here("bicycle\u{E007}");
    let hits = app.wait_for_text("#search-results", "found");
    assert!(
        hits.contains("Theme 5, question 5.2"),
        "a hit names its theme and question: {hits}"
    );
    press(&app, "#search-results [data-hit='resp-t5q2']");
    assert_in_view(&app, "resp-t5q2", "a search hit");
    app.screenshot(&screenshot_dir().join(format!("{name}-search-hit.png")));

    // Back in theme 4, the timer's theme, then the timer's Next: the minutes
    // follow to theme 5.
    app.type_here(&format!("{ALT}4{RELEASE}"));
    app.wait_for_focus("resp-t4q1");
    app.type_here(&format!("{ALT}.{RELEASE}"));
    app.wait_for_text("#timer-segment-title", "Theme 5 of");
    assert_in_view(&app, "resp-t5q1", "the timer's Next");
    app.screenshot(&screenshot_dir().join(format!("{name}-timer-next.png")));
}

#[test]
fn the_focused_box_is_never_under_the_timer_at_1366x768() {
    the_chair_moves_around(1.0, "layout-1366x768");
}

#[test]
fn the_focused_box_is_never_under_the_timer_at_2x() {
    the_chair_moves_around(2.0, "layout-2x");
}

#[test]
fn ctrl_plus_enlarges_the_page_and_it_stays_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("zoom.s11");
    audit(&path);
    let arg = path.to_str().expect("utf-8 path");
    let app = start(arg, 1.0);
    open_minutes(&app);
    let before = app
        .script("return window.innerWidth", json!([]))
        .as_f64()
        .unwrap_or(0.0);
    app.type_here(&format!("{CTRL}+{RELEASE}"));
    app.wait_for_text("#zoom-reset", "110 %");
    app.type_here(&format!("{CTRL}={RELEASE}"));
    app.wait_for_text("#zoom-reset", "125 %");
    let after = app
        .script("return window.innerWidth", json!([]))
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        after < before * 0.85,
        "Ctrl+plus enlarges the page: {before}px of page across before, {after}px after"
    );
    let kept =
        std::fs::read_to_string(app.data_dir.path().join("zoom.json")).expect("the zoom is kept");
    drop(app);

    let data = tempfile::tempdir().expect("a temporary data folder");
    std::fs::write(
        data.path().join("window.json"),
        json!({"x": 0, "y": 0, "width": 1366, "height": 768}).to_string(),
    )
    .expect("window.json");
    std::fs::write(data.path().join("zoom.json"), kept).expect("zoom.json");
    let app = App::start_with_data(&[arg], data);
    app.wait_for_text("#audit-title", "Testshire");
    app.wait_for_text("#zoom-reset", "125 %");
    let again = app
        .script("return window.innerWidth", json!([]))
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        (again - after).abs() < 2.0,
        "after a restart the page is as large as the chair left it: {after}px then, {again}px now"
    );
    app.type_here(&format!("{CTRL}0{RELEASE}"));
    app.wait_for_text("#zoom-reset", "100 %");
}

#[test]
fn the_notes_to_check_jump_to_their_question() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chair.s11");
    let review = "r-bnssg-ccg";
    let notes_path = {
        let chair = Store::create(&path, &example().expect("example")).expect("chair's audit");
        let pack = dir.path().join("pack.s11");
        chair
            .make_minute_pack(review, None, &pack, "unused".into())
            .expect("pack");
        let mut p = Store::open(&pack).expect("open pack");
        p.set_pack_author("Ann Example", "taker-ann".into())
            .expect("name");
        p.set_response(
            review,
            "t3q2",
            "Supervision is monthly.",
            Timestamp(1_644_501_960),
        )
        .expect("minute");
        let out = dir.path().join("ann.json");
        std::fs::write(
            &out,
            notes_file::to_json(&p.export_notes(Timestamp(1_644_510_000)).expect("export")),
        )
        .expect("write");
        out.to_str().expect("utf-8 path").to_string()
    };
    let app = start(path.to_str().expect("utf-8 path"), 1.0);
    app.wait_for_text("#audit-title", "South Gloucestershire");
    app.type_into("#notes-path", &format!("{notes_path}\u{E007}"));
    app.wait_for_text("#notes-result", "1 added");
    // The overview is redrawn with the count once the import is in.
    app.click("#close-audit");
    app.click("#recent button");
    app.wait_for_text("#audit-title", "South Gloucestershire");
    app.wait_for_text(
        &format!("[data-notes-to-check='{review}']"),
        "1 note to check",
    );
    app.click(&format!("[data-notes-to-check='{review}']"));
    app.wait_for_text("#notes-check", "Question 3.2: Ann Example’s note");
    app.screenshot(&screenshot_dir().join("notes-to-check.png"));
    app.click("#notes-check [data-check-question='t3q2']");
    assert_in_view(&app, "resp-t3q2", "the notes-to-check list");

    // Inserting it uses it: the list then has nothing to check.
    app.click("#resp-t3q2 ~ .notes-side .note-insert");
    app.wait_for_text(".note-card .note-used", "Used in the response");
    app.wait_for_text("#notes-to-check", "Notes to check (0)");
}

/// Issue 22: response cells far from the view give up their rendering to
/// keep the minutes light, but keep their height (nothing moves: WebKitGTK
/// has no scroll anchoring), their text and their place in the keyboard
/// order; a minute typed and left behind is kept and saved.
#[test]
fn far_boxes_keep_their_place_and_what_was_typed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("far.s11");
    audit(&path);
    let app = start(path.to_str().expect("utf-8 path"), 1.0);
    open_minutes(&app);
    app.find("#theme-t7");
    assert_in_view(&app, "resp-t1q1", "opening the minutes");
    app.type_here("Typed, then left far behind.");

    // From theme 1 to theme 7: the first theme's cells go far, the box with
    // what was typed among them, and the heading jumped to stays put while
    // they do.
    app.type_here(&format!("{ALT}7{RELEASE}"));
    assert_in_view(&app, "resp-t7q1", "Alt+7, a theme jump");
    let heading_top =
        "return document.getElementById('theme-title-t7').getBoundingClientRect().top";
    let first = app.script(heading_top, json!([]));
    wait_until(
        &app,
        "theme 1's first cell far from the view",
        "return !!document.getElementById('resp-t1q1').closest('.far')",
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        app.script(heading_top, json!([])),
        first,
        "cells going far above the view move nothing"
    );
    let far = app.script("return document.querySelectorAll('.far').length", json!([]));
    assert!(
        far.as_u64().unwrap_or(0) >= 5,
        "cells far from the view are collapsed: {far}"
    );
    assert_eq!(
        app.value("#resp-t1q1"),
        "Typed, then left far behind.",
        "a far box keeps its text"
    );
    assert_eq!(
        app.script(
            "return document.querySelectorAll('textarea.response').length",
            json!([])
        ),
        json!(21),
        "every question keeps its box"
    );

    // Alt+Up from 7.1 reaches the last box of theme 6 (far a moment ago),
    // and Alt+1 the first box again, with its text.
    app.type_here(&format!("{ALT}{UP}{RELEASE}"));
    assert_in_view(&app, "resp-t6q2", "Alt+Up into a theme that was far");
    app.type_here(&format!("{ALT}1{RELEASE}"));
    assert_in_view(&app, "resp-t1q1", "Alt+1 back to a far box");
    assert_eq!(app.value("#resp-t1q1"), "Typed, then left far behind.");
    app.wait_for_text("#status", "Saved at");
    drop(app);
    let doc = Store::open(&path).and_then(|s| s.load()).expect("reopen");
    let saved = doc.reviews[0]
        .responses
        .iter()
        .find(|r| r.question == "t1q1")
        .map(|r| r.text.clone());
    assert_eq!(saved.as_deref(), Some("Typed, then left far behind."));
}

/// Waits (up to 5 s) until `js` returns true.
fn wait_until(app: &App, what: &str, js: &str) {
    for _ in 0..100 {
        if app.script(js, json!([])) == json!(true) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}
