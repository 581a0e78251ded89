//! Rolling backups (issue 8): closing an audit backs it up into the app's
//! data folder; a damaged file is refused with a clear message and the
//! latest backup is offered, put in the file's place and opened.

use s11core::{AuditDoc, Store};

use crate::driver::App;

#[test]
fn a_damaged_audit_offers_its_latest_backup_and_opens_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("backed up.s11");
    {
        let mut store = Store::create(
            &path,
            &AuditDoc::new(
                "backup-e2e".into(),
                "Testshire Children's Partnership".into(),
                "2024-25".into(),
            ),
        )
        .expect("audit created");
        store
            .update(|d| d.add_review("r1".into(), "Backup Test Org", "BTO"))
            .expect("review");
    }
    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text("#audit-title", "Testshire");
    app.click("[data-minutes=\"r1\"]");
    app.wait_for_text("#minutes-title", "BTO");
    let typed = "Minutes that must survive a damaged file.";
    app.type_here(typed);
    app.wait_for_text("#status", "Saved at");
    app.click("#back-to-overview");
    app.click("#close-audit");
    app.wait_for_text("#recent", "backed up");

    let backups = app.data_dir.path().join("backups").join("backup-e2e");
    let made: Vec<_> = std::fs::read_dir(&backups)
        .expect("closing made a backup folder for the audit")
        .flatten()
        .collect();
    assert!(
        made.iter()
            .any(|e| e.file_name().to_string_lossy().ends_with(".s11")),
        "closing the audit made a backup"
    );

    // Damage the file: its first page (the header) zeroed, as a failing disk might.
    let mut bytes = std::fs::read(&path).expect("read audit");
    let header = 4096.min(bytes.len());
    bytes[..header].fill(0);
    std::fs::write(&path, &bytes).expect("damage the audit");

    app.click("#recent button");
    let message = app.wait_for_text(".error-summary", "Open a .s11 file");
    assert!(
        message.contains("backed up.s11"),
        "the message names the file: {message}"
    );
    let offer = app.wait_for_text("#backup-offer", "backup of this audit");
    assert!(
        offer.contains("kept beside it"),
        "the offer says the damaged file is kept: {offer}"
    );
    app.click("#open-backup");
    app.wait_for_text("#audit-title", "Testshire");
    app.click("[data-minutes=\"r1\"]");
    app.wait_for_text("#minutes-title", "BTO");
    assert_eq!(
        app.value("#resp-t1q1"),
        typed,
        "the backup holds everything saved before the close"
    );

    let kept = std::fs::read_dir(dir.path())
        .expect("list folder")
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("backed up.s11.damaged-")
        });
    assert!(kept, "the damaged file was renamed aside, not deleted");
}
