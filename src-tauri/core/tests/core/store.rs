//! The audit file: creation, reopening, identity, versions, one writer.

use rusqlite::Connection;
use s11core::store::{APPLICATION_ID, SCHEMA_VERSION};
use s11core::{example::example, AuditDoc, Store, StoreError};

use crate::temp_audit;

fn new_doc() -> AuditDoc {
    AuditDoc::new(
        "audit-1".into(),
        "Testshire Children's Partnership".into(),
        "2024-25".into(),
    )
}

#[test]
fn a_new_audit_is_marked_as_ours_and_versioned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "new.s11");
    drop(Store::create(&path, &new_doc()).expect("created"));

    let raw = Connection::open(&path).expect("plain SQLite opens it");
    let app_id: i32 = raw
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("app id");
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    let journal: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal");
    assert_eq!(
        app_id, APPLICATION_ID,
        "the file says it is a Section 11 Panel audit"
    );
    assert_eq!(version, SCHEMA_VERSION, "the schema version is recorded");
    assert_eq!(journal, "wal", "WAL is a property of the file and persists");
}

#[test]
fn the_example_round_trips_through_a_file_without_loss() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "example.s11");
    let doc = example().expect("example");
    drop(Store::create(&path, &doc).expect("created"));
    let back = Store::open(&path)
        .expect("reopened")
        .load()
        .expect("loaded");
    assert_eq!(back, doc, "every field written is read back the same");
}

#[test]
fn create_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "taken.s11");
    std::fs::write(&path, b"someone's notes").expect("write");
    let err = Store::create(&path, &new_doc()).err().expect("refused");
    assert!(matches!(err, StoreError::Exists(_)), "got {err:?}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        b"someone's notes",
        "the existing file is untouched"
    );
}

#[test]
fn a_second_writer_is_refused_and_the_first_keeps_working() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "busy.s11");
    let mut first = Store::create(&path, &new_doc()).expect("created");

    let err = Store::open(&path).err().expect("a second open is refused");
    assert!(matches!(err, StoreError::AlreadyOpen(_)), "got {err:?}");
    assert!(
        err.to_string().contains("already open"),
        "plain words: {err}"
    );

    // The first holder can still write, and the refusal changed nothing.
    let mut doc = first.load().expect("load");
    doc.audit.partnership = "Renamed Partnership".into();
    first.replace(&doc).expect("the first writer still writes");
    drop(first);
    let reopened = Store::open(&path).expect("free once the first closes");
    assert_eq!(
        reopened.load().expect("load").audit.partnership,
        "Renamed Partnership"
    );
}

#[test]
fn a_second_writer_in_another_process_is_refused() {
    // Locks between processes are what protect a chair who opens the same
    // file in two copies of the app; check them with a real second process.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "two-processes.s11");
    let _holder = Store::create(&path, &new_doc()).expect("created");
    let out = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("PRAGMA busy_timeout=0; INSERT INTO theme (uid, position, title) VALUES ('x', 99, 'x');")
        .output();
    match out {
        Ok(out) => {
            assert!(
                !out.status.success(),
                "another process must not be able to write while the audit is open"
            );
        }
        Err(_) => {
            // No sqlite3 program: fall back to a raw connection, which SQLite
            // treats like another process for locking.
            let raw = Connection::open(&path).expect("open");
            raw.busy_timeout(std::time::Duration::ZERO)
                .expect("timeout");
            assert!(raw
                .execute(
                    "INSERT INTO theme (uid, position, title) VALUES ('x', 99, 'x')",
                    []
                )
                .is_err());
        }
    }
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "future.s11");
    drop(Store::create(&path, &new_doc()).expect("created"));
    {
        let raw = Connection::open(&path).expect("open");
        raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Store::open(&path).err().expect("refused");
    match &err {
        StoreError::NewerVersion {
            found, supported, ..
        } => {
            assert_eq!((*found, *supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("expected NewerVersion, got {other:?}"),
    }
    assert!(
        err.to_string().contains("Update the app"),
        "says what to do: {err}"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "never silently downgraded or touched"
    );
}

#[test]
fn foreign_and_damaged_files_are_refused_with_plain_messages() {
    let dir = tempfile::tempdir().expect("temp dir");

    let text = temp_audit(&dir, "notes.s11");
    std::fs::write(&text, "Minutes of the meeting\n".repeat(200)).expect("write");
    let err = Store::open(&text).err().expect("refused");
    assert!(
        matches!(err, StoreError::NotAnAudit(_)),
        "a text file is not an audit: {err:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&text).expect("read"),
        "Minutes of the meeting\n".repeat(200),
        "untouched"
    );

    let other_db = temp_audit(&dir, "other.s11");
    {
        let raw = Connection::open(&other_db).expect("open");
        raw.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .expect("write");
    }
    let before = std::fs::read(&other_db).expect("read");
    let err = Store::open(&other_db).err().expect("refused");
    assert!(
        matches!(err, StoreError::NotAnAudit(_)),
        "another program's database is not an audit: {err:?}"
    );
    assert_eq!(
        std::fs::read(&other_db).expect("read"),
        before,
        "another program's database is never written to"
    );

    let empty = temp_audit(&dir, "empty.s11");
    std::fs::write(&empty, b"").expect("write");
    assert!(
        matches!(Store::open(&empty), Err(StoreError::NotAnAudit(_))),
        "an empty file is not an audit"
    );

    let missing = temp_audit(&dir, "missing.s11");
    assert!(matches!(
        Store::open(&missing),
        Err(StoreError::NotFound(_))
    ));
    assert!(
        !missing.exists(),
        "opening a missing file does not create it"
    );

    // Truncated: the header survives but the pages do not.
    let truncated = temp_audit(&dir, "truncated.s11");
    drop(Store::create(&truncated, &example().expect("example")).expect("created"));
    {
        // Fold the WAL into the main file so truncation cuts real content.
        let raw = Connection::open(&truncated).expect("open");
        raw.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .expect("checkpoint");
    }
    let bytes = std::fs::read(&truncated).expect("read");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).expect("truncate");
    let err = Store::open(&truncated)
        .and_then(|s| s.load())
        .err()
        .expect("refused");
    assert!(
        matches!(
            err,
            StoreError::Damaged(..) | StoreError::NotAnAudit(_) | StoreError::Sqlite(_)
        ),
        "a truncated file is refused: {err:?}"
    );
}

#[test]
fn invalid_documents_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "bad.s11");
    let mut doc = new_doc();
    doc.audit.year = "2024".into();
    let err = Store::create(&path, &doc).err().expect("refused");
    assert!(
        err.to_string().contains("2021-22"),
        "the message shows the right form: {err}"
    );
    assert!(!path.exists(), "no half-made file is left behind");

    let mut store = Store::create(&path, &new_doc()).expect("created");
    let mut doc = store.load().expect("load");
    doc.panel.push(s11core::panel::PanelMember {
        id: "a".into(),
        name: "One".into(),
        role: String::new(),
        organisation: String::new(),
        chair: true,
    });
    doc.panel.push(s11core::panel::PanelMember {
        id: "b".into(),
        name: "Two".into(),
        role: String::new(),
        organisation: String::new(),
        chair: true,
    });
    assert!(store.replace(&doc).is_err(), "two chairs are refused");
    assert!(
        store.load().expect("load").panel.is_empty(),
        "a refused change leaves the audit as it was"
    );
}

#[test]
fn the_database_itself_allows_one_chair() {
    // The rule holds even for a path around the core (direct SQL).
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "chairs.s11");
    drop(Store::create(&path, &example().expect("example")).expect("created"));
    let raw = Connection::open(&path).expect("open");
    let err = raw.execute("UPDATE panel_member SET is_chair = 1", []);
    assert!(err.is_err(), "a second chair violates the unique index");
}

#[test]
fn migrations_bring_an_empty_file_of_ours_up_to_date() {
    // A file at version 0 (ours, but made before any table existed, as a crash
    // during creation could leave it) is migrated on open.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "v0.s11");
    {
        let raw = Connection::open(&path).expect("open");
        raw.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
    }
    let store = Store::open(&path).expect("an older file of ours opens");
    assert_eq!(
        store.schema_version().expect("version"),
        SCHEMA_VERSION,
        "migrated to the current schema"
    );
}

#[test]
fn backups_are_consistent_copies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = temp_audit(&dir, "live.s11");
    let store = Store::create(&path, &example().expect("example")).expect("created");
    let copy = temp_audit(&dir, "copy.s11");
    store.backup_to(&copy).expect("backup");
    drop(store);
    let back = Store::open(&copy)
        .expect("the backup opens as an audit")
        .load()
        .expect("load");
    assert_eq!(back, example().expect("example"));
}
