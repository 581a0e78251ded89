//! Exporting the report through the app's own native save dialog: the GTK
//! dialog is real, so it is driven as a person would, with the keyboard
//! (xdotool on the test's private display).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::driver::App;

fn xdotool(display: &str, args: &[&str]) -> bool {
    Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .map(|o| o.status.success())
        .unwrap_or_else(|_| panic!("xdotool is missing: run ./.ci/test, which installs it"))
}

/// Waits for a window titled `title` (the native dialog) to appear.
fn wait_for_window(display: &str, title: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !xdotool(display, &["search", "--onlyvisible", "--name", title]) {
        assert!(
            Instant::now() < deadline,
            "the “{title}” dialog never opened"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Let GTK finish laying the dialog out before typing into it.
    std::thread::sleep(Duration::from_millis(700));
}

pub(crate) fn save_through_dialog(app: &App, button: &str, title: &str, target: &Path) {
    // The click starts an async command that waits on the dialog, so it is
    // made from the page and not through WebDriver's click (which would wait).
    app.script(
        &format!("setTimeout(() => document.querySelector('{button}').click(), 0)"),
        serde_json::json!([]),
    );
    wait_for_window(app.display(), title);
    // No window manager runs under Xvfb: give the dialog the keyboard focus
    // explicitly, then type the path into its name field and press Enter.
    // A dialog still open after that (keys lost while GTK was busy) gets the
    // same keys again.
    for _ in 0..3 {
        xdotool(
            app.display(),
            &[
                "search",
                "--onlyvisible",
                "--name",
                title,
                "windowraise",
                "windowfocus",
                "--sync",
            ],
        );
        assert!(xdotool(app.display(), &["key", "ctrl+a"]));
        assert!(xdotool(
            app.display(),
            &[
                "type",
                "--delay",
                "15",
                target.to_str().expect("utf-8 path")
            ]
        ));
        assert!(xdotool(app.display(), &["key", "Return"]));
        std::thread::sleep(Duration::from_millis(1500));
        if !xdotool(app.display(), &["search", "--onlyvisible", "--name", title]) {
            return;
        }
    }
    panic!("the “{title}” dialog did not take the typed path");
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("utf-8 path"), "-"])
        .output()
        .expect("pdftotext is missing: run ./.ci/test, which installs poppler-utils");
    // Columns wrap lines; compare with white space folded.
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_chair_exports_the_report_and_the_template_from_the_app() {
    let out = tempfile::tempdir().expect("temp dir");
    let app = App::start(&[]);
    app.click("#open-example");
    app.wait_for_text("#audit-title", "South Gloucestershire");

    let report = out.path().join("report from the app.pdf");
    save_through_dialog(&app, "#export-report", "Export the report", &report);
    let said = app.wait_for_text("#export-result", "Saved");
    assert!(
        said.contains("Anyone with this file can read it"),
        "the chair is told the PDF is not protected: {said}"
    );
    let text = pdftotext(&report);
    assert!(
        text.contains("Section 11 Report 2021-22"),
        "the title page is there"
    );
    assert!(text.contains("Peer Review"), "the reviews are there");
    assert!(text.contains("DRAFT"), "not signed off, so marked draft");

    let template = out.path().join("blank template"); // no extension: .pdf is added
    save_through_dialog(
        &app,
        "#export-template",
        "Export the blank question template",
        &template,
    );
    app.wait_for_text("#export-result", "blank template.pdf");
    let text = pdftotext(&out.path().join("blank template.pdf"));
    assert!(
        text.contains("Question Template") && text.contains("Questions to Explore"),
        "the blank template: {text:.300}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files are left behind: {leftovers:?}"
    );
}

#[test]
fn the_chair_exports_the_report_in_word_from_the_app() {
    let out = tempfile::tempdir().expect("temp dir");
    let app = App::start(&[]);
    app.click("#open-example");
    app.wait_for_text("#audit-title", "South Gloucestershire");
    let target = out.path().join("report to edit"); // .docx is added
    save_through_dialog(
        &app,
        "#export-report-word",
        "Export the report as Word",
        &target,
    );
    let said = app.wait_for_text("#export-result", "report to edit.docx");
    assert!(said.contains("Anyone with this file can read it"), "{said}");
    let xml = Command::new("unzip")
        .arg("-p")
        .arg(out.path().join("report to edit.docx"))
        .arg("word/document.xml")
        .output()
        .expect("unzip runs (./.ci/setup --test installs it)");
    let xml = String::from_utf8_lossy(&xml.stdout);
    assert!(
        xml.contains("Peer Review BNSSG CCG") && xml.contains("Heading1"),
        "the Word report, with Word's heading styles"
    );
}
