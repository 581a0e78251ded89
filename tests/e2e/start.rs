//! The start screen and opening audits.

use s11core::{example, Store};

use crate::driver::App;
use crate::screenshot_dir;

#[test]
fn the_example_opens_and_shows_its_themes_and_reviews() {
    let app = App::start(&[]);
    app.find("#open-example");
    app.screenshot(&screenshot_dir().join("start.png"));
    app.click("#open-example");

    let title = app.wait_for_text("#audit-title", "South Gloucestershire");
    assert_eq!(
        title, "South Gloucestershire Children's Partnership",
        "the example is the seed's partnership"
    );
    assert_eq!(
        app.text("#template .theme-title"),
        "Safeguarding Structure",
        "the first theme of the seed's template heads the list"
    );
    let reviews = app.text("#reviews-table");
    assert!(
        reviews.contains("BNSSG CCG"),
        "the seed's first review is listed: {reviews}"
    );
    assert!(
        reviews.contains("Did not take place"),
        "CVS did not engage, and the status says so in words: {reviews}"
    );
    assert!(
        app.title().contains("2021-22"),
        "the window title names the audit"
    );
    app.screenshot(&screenshot_dir().join("overview.png"));

    // Back on the start screen, the example is a recent audit.
    app.click("#close-audit");
    let recent = app.wait_for_text("#recent", "example");
    assert!(
        recent.contains("South Gloucestershire 2021-22 (example).s11"),
        "recent list: {recent}"
    );
    let example_copy = app
        .data_dir
        .path()
        .join("example")
        .join("South Gloucestershire 2021-22 (example).s11");
    assert!(
        example_copy.is_file(),
        "the example was written into the app's own data folder, not elsewhere"
    );
}

#[test]
fn a_file_named_on_the_command_line_opens_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("opened from the file manager.s11");
    let mut doc = example::example().expect("example");
    doc.audit.partnership = "Somewhere Safeguarding Children Partnership".into();
    drop(Store::create(&path, &doc).expect("audit created"));

    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text(
        "#audit-title",
        "Somewhere Safeguarding Children Partnership",
    );
    assert_eq!(app.text("#template .theme-title"), "Safeguarding Structure");
}

#[test]
fn an_audit_open_elsewhere_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("held elsewhere.s11");
    let holder =
        Store::create(&path, &example::example().expect("example")).expect("audit created");

    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    let message = app.wait_for_text(".error-summary", "already open");
    assert!(
        message.contains("Close it there first"),
        "the message says what to do: {message}"
    );
    app.screenshot(&screenshot_dir().join("already-open.png"));
    drop(holder);

    // Once the other copy lets go, the same file opens.
    app.click("#retry");
    app.wait_for_text("#audit-title", "South Gloucestershire");
}

#[test]
fn a_new_audit_is_created_through_the_save_dialog() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("Testshire 2025-26"); // .s11 is added
    let app = App::start(&[]);
    app.click("#new-audit");
    app.type_into(
        "#new-partnership",
        "Testshire Safeguarding Children Partnership",
    );
    app.script(
        "document.querySelector('#new-year').value = ''",
        serde_json::json!([]),
    );
    app.type_into("#new-year", "2025-26");
    crate::export::save_through_dialog(
        &app,
        "#new-audit-form button[type=submit]",
        "Create the audit file",
        &target,
    );
    app.wait_for_text(
        "#audit-title",
        "Testshire Safeguarding Children Partnership",
    );
    assert!(
        app.text("#template").contains("Safeguarding Structure"),
        "a new audit starts on the default template"
    );
    drop(app);
    let doc = Store::open(&dir.path().join("Testshire 2025-26.s11"))
        .expect("the file was made where the chair chose")
        .load()
        .expect("load");
    assert_eq!(doc.audit.year, "2025-26");
    assert_eq!(doc.template.question_count(), 21);
}

/// The memory and hardening settings (`webkit_env`) reach the process that
/// runs the page: it inherits them from the app, so the app must set them
/// before WebKit starts it.
#[test]
fn the_page_runs_without_compositing_or_jit() {
    let app = App::start(&[]);
    app.find("#open-example");
    let pages: Vec<u32> = app
        .descendants()
        .into_iter()
        .filter(|(_, name)| name.starts_with("WebKitWebProces"))
        .map(|(pid, _)| pid)
        .collect();
    assert!(!pages.is_empty(), "no WebKitWebProcess found under the app");
    for pid in pages {
        let environ = std::fs::read(format!("/proc/{pid}/environ")).expect("environ");
        let vars: Vec<String> = environ
            .split(|b| *b == 0)
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect();
        for (name, value) in section11_panel::webkit_env::SETTINGS {
            let want = format!("{name}={value}");
            assert!(
                vars.contains(&want),
                "the page's process {pid} runs without {want}"
            );
        }
    }
}

/// Issue 22: the app's commands run on a few threads of its own runtime
/// (`state::use_few_threads`), not on Tauri's default one (a worker per core
/// and a blocking thread per waiting call, each keeping a malloc arena), even
/// when the overview asks for every review's sign-off state at once.
#[test]
fn the_app_runs_its_commands_on_few_threads() {
    let app = App::start(&[]);
    app.click("#open-example");
    app.find("[data-minutes]");
    // The overview's calls have all been answered once the signed tags and
    // the last year's button have had their answers; give them a moment.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let processes = app.descendants();
    let pid = processes
        .iter()
        .find(|(_, name)| name == "section11-panel")
        .map(|(pid, _)| *pid)
        .expect("the app's process");
    let threads: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .expect("the app's threads")
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("comm")).ok())
        .map(|name| name.trim().to_string())
        .collect();
    let ours = threads
        .iter()
        .filter(|n| n.as_str() == "s11-runtime")
        .count();
    assert!(ours >= 1, "the app's own runtime runs: {threads:?}");
    assert!(
        ours <= 2,
        "one worker and one blocking thread, not {ours}: {threads:?}"
    );
    assert!(
        !threads.iter().any(|n| n.starts_with("tokio-")),
        "Tauri made no runtime of its own: {threads:?}"
    );
}

/// Issue 22: the UI writes dates out itself (ui/dates.js) instead of asking
/// ICU, whose formatters cost the page megabytes; what the chair reads must
/// be what `toLocaleString('en-GB', …)` wrote before, for every month, both
/// ends of the day and one-digit days.
#[test]
fn dates_read_as_en_gb_did() {
    let app = App::start(&[]);
    app.find("#open-example");
    let differ = app.script_async(
        r#"
        const done = arguments[arguments.length - 1];
        import('./dates.js').then((d) => {
          const differ = [];
          const same = (mine, icu) => { if (mine !== icu) differ.push(`${mine} ≠ ${icu}`); };
          for (let month = 0; month < 12; month++) {
            for (const [day, hour, minute, second] of [[1, 0, 0, 0], [9, 9, 5, 7], [28, 12, 30, 59], [15, 23, 59, 1]]) {
              const t = new Date(2026, month, day, hour, minute, second);
              same(d.shortDateTime(t), t.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }));
              same(d.dateTime(t), t.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }));
              same(d.dateTimeSeconds(t), t.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
              same(d.clockTime(t), t.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false }));
              same(d.clockTimeSeconds(t), t.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
              const u = new Date(Date.UTC(2026, month, day));
              same(d.longDateUtc(u), u.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
            }
          }
          done(differ);
        }, (e) => done([`dates.js did not load: ${e}`]));
        "#,
        serde_json::json!([]),
    );
    assert_eq!(
        differ,
        serde_json::json!([]),
        "dates.js writes what ICU's en-GB wrote"
    );
}
