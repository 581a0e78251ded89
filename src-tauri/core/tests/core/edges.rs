//! Edges an attacker found (issue 19): files made owner-only and put in
//! place whole, raw SQLCipher keys, migration errors, read-only audits,
//! backups' `source`, and imported text cleaned.

#[cfg(unix)]
use std::path::Path;

use s11core::backups;
use s11core::dates::Timestamp;
use s11core::interchange::{import_json, to_json};
use s11core::{example::example, Store, StoreError};

use crate::temp_audit;

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0)
}

#[cfg(unix)]
#[test]
fn audits_packs_and_backups_are_owner_only() {
    let dir = tempfile::tempdir().expect("dir");
    let path = temp_audit(&dir, "a.s11");
    let doc = example().expect("example");
    let store = Store::create(&path, &doc).expect("created");
    assert_eq!(mode(&path), 0o600, "an audit names children: owner-only");
    let pack = dir.path().join("pack.s11");
    store
        .make_minute_pack(&doc.reviews[0].id, None, &pack, "t".into())
        .expect("pack");
    assert_eq!(mode(&pack), 0o600, "a pack is owner-only");
    let backup = backups::make(
        &store,
        &dir.path().join("backups"),
        Timestamp(1_700_000_000),
    )
    .expect("backup");
    assert_eq!(mode(&backup), 0o600, "a backup is owner-only");
    drop(store);
    let protected = temp_audit(&dir, "p.s11");
    drop(Store::create_with(&protected, &doc, Some("correct horse battery")).expect("protected"));
    assert_eq!(mode(&protected), 0o600);
}

#[test]
fn a_half_made_audit_never_blocks_a_retry_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().expect("dir");
    let path = temp_audit(&dir, "a.s11");
    // What a kill part way through leaves: a temporary file beside the
    // target, from another process, and nothing under the chosen name.
    std::fs::write(dir.path().join(".a.s11.99999.partial"), b"half").expect("leftover");
    let doc = example().expect("example");
    drop(Store::create(&path, &doc).expect("a retry works"));
    assert!(matches!(
        Store::create(&path, &doc),
        Err(StoreError::Exists(_))
    ));
    assert!(Store::open(&path).is_ok(), "the first audit is intact");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains(&format!(".{}.partial", std::process::id()))),
        "no temporary file of ours is left: {names:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_not_followed_when_creating() {
    let dir = tempfile::tempdir().expect("dir");
    let link = temp_audit(&dir, "a.s11");
    let target = dir.path().join("elsewhere.s11");
    std::os::unix::fs::symlink(&target, &link).expect("link");
    let e = Store::create(&link, &example().expect("example")).err();
    assert!(matches!(e, Some(StoreError::Exists(_))), "{e:?}");
    assert!(
        !target.exists(),
        "nothing was created where the link points"
    );
}

#[test]
fn a_raw_key_passphrase_is_never_used() {
    let dir = tempfile::tempdir().expect("dir");
    let raw = format!("x'{}'", "ab".repeat(32));
    let e = Store::create_with(
        &temp_audit(&dir, "a.s11"),
        &example().expect("ex"),
        Some(&raw),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(e.contains("raw key"), "refused, saying why: {e}");
    assert!(!temp_audit(&dir, "a.s11").exists());
    let path = temp_audit(&dir, "b.s11");
    drop(
        Store::create_with(
            &path,
            &example().expect("ex"),
            Some("a good long passphrase"),
        )
        .expect("made"),
    );
    assert!(
        matches!(
            Store::open_with(&path, Some(&raw)),
            Err(StoreError::Passphrase(_))
        ),
        "a raw key is not even tried"
    );
    let plain = temp_audit(&dir, "c.s11");
    drop(Store::create(&plain, &example().expect("ex")).expect("made"));
    let opened = Store::open(&plain).expect("open");
    let e = opened
        .protect(&raw)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("raw key"), "{e}");
}

#[test]
fn a_wrong_schema_version_shows_no_sql() {
    let dir = tempfile::tempdir().expect("dir");
    let path = temp_audit(&dir, "a.s11");
    drop(Store::create(&path, &example().expect("ex")).expect("made"));
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "user_version", 1)
            .expect("set version");
    }
    let e = Store::open(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("file version 1"), "says what is wrong: {e}");
    for sql in ["CREATE", "ALTER", "TABLE", "INSERT"] {
        assert!(!e.contains(sql), "no migration SQL in the message: {e}");
    }
}

#[cfg(unix)]
#[test]
fn reading_a_read_only_audit_leaves_no_log_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let path = temp_audit(&dir, "a.s11");
    drop(Store::create(&path, &example().expect("ex")).expect("made"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    if std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
        return; // running as root: permissions do not bind
    }
    let store = Store::open_to_read(&path, None).expect("read");
    assert!(store.load().is_ok());
    drop(store);
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        assert!(!Path::new(&p).exists(), "no {suffix} left behind");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert!(
        Store::open(&path).is_ok(),
        "writable again, it opens for writing"
    );
}

#[test]
fn the_backups_source_file_does_not_name_the_audit() {
    let dir = tempfile::tempdir().expect("dir");
    let path = temp_audit(&dir, "Family-Smith-review.s11");
    let store = Store::create_with(
        &path,
        &example().expect("ex"),
        Some("a good long passphrase"),
    )
    .expect("made");
    let root = dir.path().join("backups");
    backups::make(&store, &root, Timestamp(1_700_000_000)).expect("backup");
    let source = backups::folder(&root, &store.audit_uid().expect("uid")).join("source");
    let text = std::fs::read_to_string(&source).expect("source");
    assert!(
        !text.contains("Family-Smith"),
        "no path in plain text: {text}"
    );
    assert!(
        backups::latest_for(&root, &path).is_some(),
        "a damaged file still finds its backups by its path"
    );
}

#[test]
fn imported_json_is_cleaned_as_typed_text_is() {
    let mut doc = example().expect("ex");
    doc.reviews[0].responses[0].text = "safe\0 \u{202E}txt.exe\u{202C} end\r\nnext".into();
    doc.audit.partnership = "South\u{2067} Glos\0".into();
    let back = import_json(&to_json(&doc)).expect("imports");
    assert_eq!(back.reviews[0].responses[0].text, "safe txt.exe end\nnext");
    assert_eq!(back.audit.partnership, "South Glos");
}
