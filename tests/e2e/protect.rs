//! Encryption at rest (issue 8): a protected audit asks for its passphrase,
//! says plainly when it is wrong, and opens with the right one; a plain audit
//! can be protected from the overview; exports say they are not protected.

use s11core::{example, Store, StoreError};

use crate::driver::App;
use crate::screenshot_dir;

const PASSPHRASE: &str = "Kettle Lantern Orchard 42";

#[test]
fn a_protected_audit_asks_for_its_passphrase_and_names_a_wrong_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("protected.s11");
    drop(
        Store::create_with(
            &path,
            &example::example().expect("example"),
            Some(PASSPHRASE),
        )
        .expect("protected audit created"),
    );

    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text("h1", "This audit is protected");
    assert!(
        app.text("#passphrase-file").contains("protected.s11"),
        "the page names the file it asks about"
    );
    app.wait_for_focus("passphrase");
    app.screenshot(&screenshot_dir().join("passphrase.png"));

    app.type_into("#passphrase", "kettle lantern orchard 42");
    app.click("#passphrase-open");
    let message = app.wait_for_text(".error-summary", "not right");
    assert!(
        message.contains("case-sensitive"),
        "the message says what to do: {message}"
    );
    app.find("#passphrase-form");

    app.type_into("#passphrase", PASSPHRASE);
    app.click("#passphrase-open");
    app.wait_for_text("#audit-title", "South Gloucestershire");
    app.wait_for_text("#protection-state", "protected with a passphrase");
    let warning = app.text("#export-not-protected");
    assert_eq!(
        warning, "Not protected by the passphrase: anyone with the file can read it.",
        "the report export says it leaves the protection behind"
    );
    let recent =
        std::fs::read_to_string(app.data_dir.path().join("recent.json")).unwrap_or_default();
    assert!(
        !recent.contains(PASSPHRASE),
        "the passphrase is never written to the recent list"
    );
}

#[test]
fn a_plain_audit_is_protected_from_the_overview() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plain.s11");
    drop(Store::create(&path, &example::example().expect("example")).expect("audit created"));

    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text("#audit-title", "South Gloucestershire");
    app.wait_for_text("#protection-state", "not protected");
    app.type_into("#protect-passphrase", PASSPHRASE);
    app.type_into("#protect-passphrase-again", "something else entirely");
    app.click("#protect-audit");
    app.wait_for_text("#protection .error-summary", "not the same");

    app.type_into("#protect-passphrase", PASSPHRASE);
    app.type_into("#protect-passphrase-again", PASSPHRASE);
    app.click("#protect-audit");
    app.wait_for_text("#protection", "Protected.");
    app.click("#close-audit");
    app.wait_for_text("#recent", "plain");
    let backups = app.data_dir.path().join("backups");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&backups)
        .expect("closing made a backup")
        .flatten()
    {
        files.extend(
            std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path()),
        );
    }
    let copies: Vec<_> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "s11"))
        .collect();
    assert!(!copies.is_empty(), "closing the audit backed it up");
    for copy in copies {
        let bytes = std::fs::read(copy).expect("backup readable as bytes");
        assert!(
            !bytes.windows(12).any(|w| w == b"Sarah Taylor"),
            "a protected audit's backup shows no names: {}",
            copy.display()
        );
    }
    drop(app);

    assert!(
        matches!(Store::open(&path), Err(StoreError::Passphrase(_))),
        "the file now needs the passphrase"
    );
    let doc = Store::open_with(&path, Some(PASSPHRASE))
        .expect("opens with it")
        .load()
        .expect("loads");
    assert_eq!(
        doc.audit.partnership, "South Gloucestershire Children's Partnership",
        "protecting kept the audit"
    );
}

#[test]
fn the_new_audit_form_offers_a_passphrase_and_checks_it_before_saving() {
    let app = App::start(&[]);
    app.click("#new-audit");
    app.type_into("#new-partnership", "Testshire Children's Partnership");
    assert!(
        app.script(
            "return document.getElementById('new-passphrase-fields').hidden",
            serde_json::json!([])
        ) == true,
        "the passphrase fields wait for the checkbox"
    );
    app.click("#new-protect");
    let hint = app.text("#new-passphrase-hint");
    assert!(
        hint.contains("cannot be recovered"),
        "the form warns that a lost passphrase is lost for good: {hint}"
    );
    app.type_into("#new-passphrase", "short");
    app.type_into("#new-passphrase-again", "short");
    app.click("#new-audit-form button[type=submit]");
    let message = app.wait_for_text("#new-audit-form .error-summary", "at least 8 characters");
    assert!(!message.is_empty());
    app.screenshot(&screenshot_dir().join("new-audit-passphrase.png"));
}
