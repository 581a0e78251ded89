//! Encryption at rest (issue 8): a protected audit, its write-ahead log and
//! its backups show no readable text; opening needs the passphrase.

use std::path::{Path, PathBuf};

use s11core::backups;
use s11core::dates::Timestamp;
use s11core::{example::example, Store, StoreError};

use crate::temp_audit;

const PASSPHRASE: &str = "correct horse battery staple";

/// Names and sentences from the example, plus one typed during the test.
const SECRETS: &[&str] = &[
    "South Gloucestershire",
    "Sarah Taylor",
    "Circulate the Multi Agency Training Offer",
    "Perpetua Quill-Hastings",
];

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The secrets found in the raw bytes of the file at `path` (none if absent).
fn readable(path: &Path) -> Vec<&'static str> {
    let bytes = std::fs::read(path).unwrap_or_default();
    SECRETS
        .iter()
        .copied()
        .filter(|s| bytes.windows(s.len()).any(|w| w == s.as_bytes()))
        .collect()
}

fn add_named_member(store: &mut Store) {
    store
        .update(|d| {
            d.add_panel_member(
                "m-test".into(),
                "Perpetua Quill-Hastings",
                "Designated Nurse",
                "Testshire ICB",
            )
        })
        .expect("member added");
}

#[test]
fn a_plain_file_shows_its_text_so_the_check_below_means_something() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "plain.s11");
    let mut store = Store::create(&path, &example().expect("example")).expect("created");
    add_named_member(&mut store);
    let mut seen = readable(&path);
    seen.extend(readable(&with_suffix(&path, "-wal")));
    assert!(
        seen.contains(&"Sarah Taylor"),
        "an unprotected audit is plain SQLite, readable by anyone: {seen:?}"
    );
    assert!(
        seen.contains(&"Perpetua Quill-Hastings"),
        "a fresh change sits readable in the write-ahead log"
    );
}

#[test]
fn a_protected_file_and_its_log_show_no_readable_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "protected.s11");
    let wal = with_suffix(&path, "-wal");
    let mut store =
        Store::create_with(&path, &example().expect("example"), Some(PASSPHRASE)).expect("created");
    add_named_member(&mut store);
    assert!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0,
        "the log holds the latest change while the audit is open"
    );
    assert_eq!(
        readable(&path),
        Vec::<&str>::new(),
        "the main file is encrypted while open"
    );
    assert_eq!(
        readable(&wal),
        Vec::<&str>::new(),
        "the write-ahead log is encrypted too"
    );
    drop(store);
    assert_eq!(
        readable(&path),
        Vec::<&str>::new(),
        "the main file is encrypted after closing"
    );
    assert_eq!(
        readable(&wal),
        Vec::<&str>::new(),
        "no log is left readable after closing"
    );
    let head = std::fs::read(&path).expect("file");
    assert!(
        !head.starts_with(b"SQLite format 3"),
        "even the SQLite header is encrypted"
    );
}

#[test]
fn opening_needs_the_right_passphrase() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "protected.s11");
    let doc = example().expect("example");
    drop(Store::create_with(&path, &doc, Some(PASSPHRASE)).expect("created"));
    let before = std::fs::read(&path).expect("read");

    assert!(
        matches!(
            Store::open_with(&path, Some("correct horse battery stapler")),
            Err(StoreError::Passphrase(_))
        ),
        "a wrong passphrase is named as such"
    );
    assert!(
        matches!(
            Store::open_with(&path, Some("Correct Horse Battery Staple")),
            Err(StoreError::Passphrase(_))
        ),
        "passphrases are case-sensitive"
    );
    assert!(
        matches!(Store::open(&path), Err(StoreError::Passphrase(_))),
        "without a passphrase the chair is asked for one, not told the file is foreign"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "a refused passphrase changes nothing in the file"
    );
    let back = Store::open_with(&path, Some(PASSPHRASE))
        .expect("the right passphrase opens it")
        .load()
        .expect("loaded");
    assert_eq!(back, doc, "a protected audit reads back exactly as written");
    let msg = StoreError::Passphrase(path.clone()).to_string();
    assert!(
        msg.contains("passphrase given is not right"),
        "the message says plainly what is wrong: {msg}"
    );
}

#[test]
fn a_plain_foreign_database_is_still_not_an_audit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "other.db");
    let conn = rusqlite::Connection::open(&path).expect("plain db");
    conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .expect("table");
    drop(conn);
    assert!(
        matches!(Store::open(&path), Err(StoreError::NotAnAudit(_))),
        "plain SQLite that is not ours is refused as foreign"
    );
}

#[test]
fn a_damaged_plain_audit_is_not_taken_for_a_protected_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "zeroed.s11");
    drop(Store::create(&path, &example().expect("example")).expect("created"));
    let mut bytes = std::fs::read(&path).expect("read");
    bytes[..4096].fill(0);
    std::fs::write(&path, &bytes).expect("damage");
    assert!(
        matches!(Store::open(&path), Err(StoreError::NotAnAudit(_))),
        "a zeroed first page is damage, not encryption: the app can offer a backup"
    );
}

#[test]
fn a_plain_audit_can_be_protected_later() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "later.s11");
    let mut store = Store::create(&path, &example().expect("example")).expect("created");
    add_named_member(&mut store);
    drop(store);
    // Reopened, as the app has it: a connection opened without leave to create files.
    let store = Store::open(&path).expect("reopened");
    let before = store.load().expect("loaded");
    assert!(!store.is_protected());

    let store = store.protect(PASSPHRASE).expect("protected");
    assert!(store.is_protected());
    assert_eq!(
        store.load().expect("loaded"),
        before,
        "protecting keeps every field"
    );
    drop(store);

    assert_eq!(
        readable(&path),
        Vec::<&str>::new(),
        "after protecting, the file shows no readable text"
    );
    assert_eq!(
        readable(&with_suffix(&path, "-wal")),
        Vec::<&str>::new(),
        "nor does any log"
    );
    assert!(
        !dir.path().join(".later.s11.protecting").exists(),
        "the temporary export is gone"
    );
    assert!(
        matches!(Store::open(&path), Err(StoreError::Passphrase(_))),
        "reopening needs the passphrase"
    );
    let reopened = Store::open_with(&path, Some(PASSPHRASE)).expect("opens with it");
    assert_eq!(reopened.load().expect("loaded"), before);
    assert!(
        matches!(
            reopened.protect("another passphrase"),
            Err(StoreError::Refused(_))
        ),
        "a protected audit is not protected twice"
    );
}

#[test]
fn a_short_passphrase_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "short.s11");
    assert!(matches!(
        Store::create_with(&path, &example().expect("example"), Some("short")),
        Err(StoreError::WeakPassphrase(
            s11core::store::PassphraseRule::TooShort
        ))
    ));
    assert!(
        !path.exists(),
        "no file is made with a passphrase that was refused"
    );
}

#[test]
fn backups_of_a_protected_audit_are_protected_and_restore_with_the_passphrase() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "backed.s11");
    let root = dir.path().join("backups");
    let mut store =
        Store::create_with(&path, &example().expect("example"), Some(PASSPHRASE)).expect("created");
    add_named_member(&mut store);
    drop(store);
    let store = Store::open_with(&path, Some(PASSPHRASE)).expect("reopened");
    let backup = backups::make(&store, &root, Timestamp(1_700_000_000)).expect("backup made");
    let before = store.load().expect("loaded");
    drop(store);
    assert_eq!(
        readable(&backup),
        Vec::<&str>::new(),
        "a protected audit's backup shows no readable text"
    );
    assert!(
        matches!(Store::open(&backup), Err(StoreError::Passphrase(_))),
        "the backup needs the passphrase"
    );

    std::fs::write(&path, b"damaged").expect("damage the file");
    assert!(
        matches!(
            backups::restore_with(
                &backup,
                &path,
                Timestamp(1_700_000_100),
                Some("wrong passphrase")
            ),
            Err(StoreError::Passphrase(_))
        ),
        "a wrong passphrase moves nothing"
    );
    assert!(
        matches!(
            backups::restore(&backup, &path, Timestamp(1_700_000_100)),
            Err(StoreError::Passphrase(_))
        ),
        "nor does none"
    );
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        b"damaged",
        "the damaged file was left where it was"
    );
    backups::restore_with(&backup, &path, Timestamp(1_700_000_100), Some(PASSPHRASE))
        .expect("restored");
    let restored = Store::open_with(&path, Some(PASSPHRASE))
        .expect("opens")
        .load()
        .expect("loaded");
    assert_eq!(restored, before, "the restored audit is the backed-up one");
    assert_eq!(
        readable(&path),
        Vec::<&str>::new(),
        "and it is still protected"
    );
}

#[test]
fn a_passphrase_with_quotes_and_accents_works() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "quoted.s11");
    let passphrase = "it's Zoë's \"orchard\" -- 42";
    drop(
        Store::create_with(&path, &example().expect("example"), Some(passphrase)).expect("created"),
    );
    assert!(
        matches!(
            Store::open_with(&path, Some("it's Zoë's")),
            Err(StoreError::Passphrase(_))
        ),
        "a prefix is not the passphrase"
    );
    assert!(
        Store::open_with(&path, Some(passphrase)).is_ok(),
        "quotes are passed as part of the passphrase, not as SQL"
    );
}
