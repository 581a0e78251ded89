//! Files in transit (issue 19): a minute pack and a notes file, read byte
//! by byte, show none of the text typed; only the chair's audit reads the
//! notes file.

use std::path::Path;

use s11core::dates::Timestamp;
use s11core::Store;

use crate::{s11, stderr, PACK_PASSPHRASE};

const TYPED: &str = "Child Z told the nurse about the bruises";

fn contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn packs_and_notes_files_show_nothing_typed_and_only_the_chair_reads_them() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(s11(&["example", "chair.s11"], d).status.success());
    assert!(s11(&["example", "other.s11"], d).status.success());
    let out = s11(
        &[
            "notes",
            "pack",
            "chair.s11",
            "--review",
            "r-bnssg-ccg",
            "--author",
            "Ann",
            "-o",
            "ann.s11",
        ],
        d,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("by phone"),
        "says what protects the pack: {}",
        stderr(&out)
    );
    for secret in ["South Gloucestershire", "BNSSG", "SQLite format 3"] {
        assert!(
            !contains(&d.join("ann.s11"), secret),
            "the pack shows no “{secret}”"
        );
    }
    {
        let mut pack = Store::open_with(&d.join("ann.s11"), Some(PACK_PASSPHRASE)).expect("opens");
        pack.set_response("r-bnssg-ccg", "t1q1", TYPED, Timestamp(1_644_501_900))
            .expect("minute");
    }
    for f in ["ann.s11", "ann.s11-wal"] {
        assert!(!contains(&d.join(f), TYPED), "{f} shows nothing typed");
    }
    let out = s11(&["notes", "export", "ann.s11", "-o", "ann.s11notes"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("encrypted to the chair"),
        "{}",
        stderr(&out)
    );
    let notes = d.join("ann.s11notes");
    assert!(
        !contains(&notes, TYPED),
        "the notes file shows nothing typed"
    );
    assert!(!contains(&notes, "Ann"), "nor who wrote it");
    assert!(
        contains(&notes, "age-encryption.org/v1"),
        "it is an age file"
    );
    let again = s11(&["notes", "export", "ann.s11", "-o", "ann.s11notes"], d);
    assert!(
        again.status.success(),
        "a newer export replaces the older notes file: {}",
        stderr(&again)
    );

    let elsewhere = s11(&["notes", "import", "other.s11", "ann.s11notes"], d);
    assert_eq!(elsewhere.status.code(), Some(2));
    assert!(
        stderr(&elsewhere).contains("another chair"),
        "{}",
        stderr(&elsewhere)
    );
    let out = s11(&["notes", "import", "chair.s11", "ann.s11notes"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    let authors = s11(&["notes", "authors", "chair.s11"], d);
    let listed = String::from_utf8_lossy(&authors.stdout).into_owned();
    assert!(listed.starts_with("Ann\t"), "the key is shown: {listed}");
    assert!(listed.contains(':'), "as a fingerprint: {listed}");
    let doc = Store::open(&d.join("chair.s11"))
        .expect("open")
        .load()
        .expect("load");
    let n = &doc.review("r-bnssg-ccg").expect("review").notes;
    assert_eq!(
        n.first().map(|n| n.text.as_str()),
        Some(TYPED),
        "the chair reads it"
    );
}
