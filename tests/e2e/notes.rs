//! Minute-takers' notes through the app (issue 7): a minute-taker names
//! themself in a pack and takes minutes; the chair imports notes files
//! (through the typed-path form: the native dialog cannot be driven) and
//! builds a response from them with "Insert into response".

use std::path::Path;

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::notes_file;
use s11core::Store;

use crate::driver::App;
use crate::screenshot_dir;

const REVIEW: &str = "r-bnssg-ccg";

/// A minute-taker's notes file for the example's first review, made through
/// the same core calls as the app's pack and export.
fn notes_file(dir: &Path, chair: &Store, who: &str, text: &str, minute: i64) -> String {
    let pack = dir.join(format!("{who}.s11"));
    chair
        .make_minute_pack(REVIEW, None, &pack, "unused".into())
        .expect("pack");
    let mut p = Store::open(&pack).expect("open pack");
    p.set_pack_author(who, format!("taker-{who}"))
        .expect("name");
    p.set_response(REVIEW, "t1q1", text, Timestamp(1_644_501_900 + minute * 60))
        .expect("minute");
    let out = dir.join(format!("{who}.json"));
    std::fs::write(
        &out,
        notes_file::to_json(&p.export_notes(Timestamp(1_644_510_000)).expect("export")),
    )
    .expect("write");
    out.to_str().expect("utf-8 path").to_string()
}

#[test]
fn the_chair_imports_notes_and_builds_a_response_from_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chair.s11");
    let (ann, bob, before) = {
        let chair = Store::create(&path, &example().expect("example")).expect("chair's audit");
        let ann = notes_file(
            dir.path(),
            &chair,
            "Ann Example",
            "Ann: staff raise concerns through the app.",
            1,
        );
        let bob = notes_file(
            dir.path(),
            &chair,
            "Bob Example",
            "Bob: and by phone out of hours.",
            2,
        );
        let before = chair
            .load()
            .expect("load")
            .review(REVIEW)
            .and_then(|r| r.response_for("t1q1"))
            .map(|r| r.text.clone())
            .unwrap_or_default();
        (ann, bob, before)
    };

    {
        let app = App::start(&[path.to_str().expect("utf-8 path")]);
        app.wait_for_text("#audit-title", "South Gloucestershire");
        app.type_into("#notes-path", &format!("{ann}\u{E007}"));
        app.wait_for_text("#notes-result", "1 added");
        app.type_into("#notes-path", &format!("{bob}\u{E007}"));
        app.wait_for_text("#notes-result", "Bob Example’s notes");
        // The same file again changes nothing.
        app.type_into("#notes-path", &format!("{ann}\u{E007}"));
        app.wait_for_text("#notes-result", "0 added, 0 updated");
        // A file that is not a notes file is refused with a clear message.
        app.type_into("#notes-path", &format!("{}\u{E007}", path.display()));
        app.wait_for_text("#notes-result", "could not be read");

        app.click(&format!("[data-minutes=\"{REVIEW}\"]"));
        app.wait_for_text("#minutes-title", "BNSSG CCG");
        let side = app.wait_for_text("#resp-t1q1 ~ .notes-side", "Ann Example");
        assert!(
            side.contains("Bob Example"),
            "both authors' notes, side by side, with names: {side}"
        );
        assert!(
            side.contains("Ann: staff raise concerns through the app."),
            "{side}"
        );
        assert_eq!(
            app.value("#resp-t1q1"),
            before,
            "the import did not change the chair's response"
        );

        app.click("#resp-t1q1 ~ .notes-side .note-insert");
        app.wait_for_text("#status", "Saved at");
        app.type_here(" Confirmed by the lead.");
        app.wait_for_text("#status", "Saved at");
        app.screenshot(&screenshot_dir().join("notes.png"));
    }

    let doc = Store::open(&path).expect("reopen").load().expect("load");
    let review = doc.review(REVIEW).expect("review");
    let response = review
        .response_for("t1q1")
        .map(|r| r.text.clone())
        .unwrap_or_default();
    assert_eq!(
        response,
        format!("{before}\n\nAnn: staff raise concerns through the app. Confirmed by the lead."),
        "the note was inserted after the chair's text, edited, and autosaved"
    );
    assert_eq!(review.notes.len(), 2, "each note imported once");
}

#[test]
fn a_minute_taker_names_themself_and_takes_minutes_in_a_pack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack.s11");
    {
        let chair = Store::create(&dir.path().join("chair.s11"), &example().expect("example"))
            .expect("chair's audit");
        chair
            .make_minute_pack(REVIEW, None, &pack, "unused".into())
            .expect("pack");
    }
    {
        let app = App::start(&[pack.to_str().expect("utf-8 path")]);
        app.wait_for_text("#minute-pack", "Minute pack: BNSSG CCG");
        app.type_into("#pack-author", "Cat Example\u{E007}");
        app.wait_for_text("#pack-result", "Cat Example’s");
        app.click("#take-minutes");
        app.wait_for_text("#minutes-title", "BNSSG CCG");
        app.type_into("#resp-t1q1", "Cat: supervision is monthly.");
        app.wait_for_text("#status", "Saved at");
    }
    let exported = Store::open(&pack)
        .expect("reopen")
        .export_notes(Timestamp(1_644_510_000))
        .expect("export");
    assert_eq!(exported.author, "Cat Example");
    assert_eq!(exported.notes.len(), 1);
    assert_eq!(exported.notes[0].text, "Cat: supervision is monthly.");
}

/// Issue 15: a pack opens on "your name" (focused, first on the screen), and
/// "Take minutes" keeps the name typed without "Save name"; the minutes then
/// show the pack's own line.
#[test]
fn a_minute_taker_goes_from_their_name_straight_to_the_minutes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack.s11");
    {
        let chair = Store::create(&dir.path().join("chair.s11"), &example().expect("example"))
            .expect("chair's audit");
        chair
            .make_minute_pack(REVIEW, None, &pack, "unused".into())
            .expect("pack");
    }
    {
        let app = App::start(&[pack.to_str().expect("utf-8 path")]);
        app.wait_for_text("#minute-pack", "Minute pack: BNSSG CCG");
        app.wait_for_focus("pack-author");
        let first = app.script(
            "return document.querySelector('main .title-row').nextElementSibling.contains(document.getElementById('minute-pack'))",
            serde_json::json!([]),
        );
        assert_eq!(
            first,
            serde_json::json!(true),
            "the pack's panel comes straight after the heading"
        );
        app.type_here("Dev Example");
        app.click("#take-minutes");
        app.wait_for_text("#minutes-title", "BNSSG CCG");
        app.wait_for_text("#pack-status", "Dev Example’s");
        app.wait_for_focus("resp-t1q1");
    }
    let exported = Store::open(&pack)
        .expect("reopen")
        .export_notes(Timestamp(1_644_510_000))
        .expect("export");
    assert_eq!(
        exported.author, "Dev Example",
        "the name typed was kept without Save name"
    );
}

/// Issue 19: the pack travels encrypted with the chair's passphrase, the
/// minute-taker's app asks for it, and their notes file comes back
/// encrypted to the chair's audit; neither file shows what was typed.
#[test]
fn a_protected_pack_goes_out_and_an_encrypted_notes_file_comes_back() {
    const PACK_PASSPHRASE: &str = "Told By Phone 7";
    const TYPED: &str = "Cat: the child's school raised it first.";
    let dir = tempfile::tempdir().expect("temp dir");
    let chair_path = dir.path().join("chair.s11");
    let pack = dir.path().join("cat-pack.s11");
    drop(Store::create(&chair_path, &example().expect("example")).expect("chair's audit"));
    {
        let app = App::start(&[chair_path.to_str().expect("utf-8 path")]);
        app.wait_for_text("#audit-title", "South Gloucestershire");
        app.type_into("#pack-passphrase", PACK_PASSPHRASE);
        crate::export::save_through_dialog(&app, "#export-pack", "Export a minute pack", &pack);
        app.wait_for_text("#notes-result", "by phone");
    }
    let raw = std::fs::read(&pack).expect("the pack was written");
    for plain in [&b"SQLite format 3"[..], b"South Gloucestershire", b"BNSSG"] {
        assert!(
            !raw.windows(plain.len()).any(|w| w == plain),
            "the pack is encrypted: no “{}” in it",
            String::from_utf8_lossy(plain)
        );
    }
    {
        let app = App::start(&[pack.to_str().expect("utf-8 path")]);
        app.wait_for_text("h1", "This audit is protected");
        app.type_into("#passphrase", PACK_PASSPHRASE);
        app.click("#passphrase-open");
        app.wait_for_text("#minute-pack", "Minute pack: BNSSG CCG");
        app.type_into("#pack-author", "Cat Example\u{E007}");
        app.wait_for_text("#pack-result", "Cat Example’s");
        app.click("#take-minutes");
        app.wait_for_text("#minutes-title", "BNSSG CCG");
        app.type_into("#resp-t1q1", TYPED);
        app.wait_for_text("#status", "Saved at");
    }
    let (_, sealed) = Store::open_with(&pack, Some(PACK_PASSPHRASE))
        .expect("the pack opens with its passphrase")
        .export_notes_file(Timestamp(1_644_510_000))
        .expect("export");
    assert!(
        !sealed.windows(TYPED.len()).any(|w| w == TYPED.as_bytes()),
        "the notes file shows nothing typed"
    );
    let notes_path = dir.path().join("cat.s11notes");
    std::fs::write(&notes_path, &sealed).expect("write");
    let mut chair = Store::open(&chair_path).expect("chair");
    let file = chair
        .read_notes_file(&notes_path)
        .expect("the chair's audit reads it");
    chair
        .import_notes(&[("cat.s11notes".into(), file)])
        .expect("imported");
    let doc = chair.load().expect("load");
    let notes = &doc.review(REVIEW).expect("review").notes;
    assert_eq!(notes.first().map(|n| n.text.as_str()), Some(TYPED));
}
