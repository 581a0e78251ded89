//! A merge that trusts nobody (issue 19): signed notes files, each
//! minute-taker's key remembered at first import, note ids owned by their
//! author, versions ordered by the author's own sequence, and limits.

use std::path::Path;
use std::time::Instant;

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::identity::Identity;
use s11core::notes_file::{self, FileNote, NotesFile};
use s11core::review::ReviewStatus;
use s11core::store::PACK_KEY_PASSPHRASE;
use s11core::Store;

const REVIEW: &str = "r-bnssg-ccg";
const T0: Timestamp = Timestamp(1_644_501_900);

fn at(minutes: i64) -> Timestamp {
    Timestamp(T0.0 + minutes * 60)
}

fn pack(dir: &Path, chair: &Store, file: &str, author: &str, taker: &str) -> Store {
    let path = dir.join(file);
    chair
        .make_minute_pack(REVIEW, None, &path, "unused".into())
        .expect("pack made");
    let mut p = Store::open(&path).expect("pack opens");
    p.set_pack_author(author, taker.into()).expect("name given");
    p
}

/// Through JSON and back, as a file travels.
fn travel(file: &NotesFile) -> (String, NotesFile) {
    let parsed = notes_file::parse("notes.json", &notes_file::to_json(file)).expect("reads back");
    ("notes.json".into(), parsed)
}

/// The signing key kept in a minute-taker's copy of the pack.
fn key_of(pack: &Path) -> Identity {
    let conn = rusqlite::Connection::open(pack).expect("raw open");
    let der: Vec<u8> = conn
        .query_row(
            "SELECT signing_key FROM minute_pack WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .expect("a key was made at the first export");
    Identity::from_pkcs12(&der, PACK_KEY_PASSPHRASE).expect("key")
}

fn note_text(chair: &Store, id: &str) -> Option<(String, String)> {
    chair
        .load()
        .expect("load")
        .review(REVIEW)
        .and_then(|r| r.notes.iter().find(|n| n.id == id))
        .map(|n| (n.author.clone(), n.text.clone()))
}

#[test]
fn another_key_cannot_replace_a_minute_takers_note_and_her_later_export_still_counts() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let mut chair = Store::create(&d.join("chair.s11"), &example().expect("ex")).expect("chair");
    let mut ann = pack(d, &chair, "ann.s11", "Ann Example", "taker-ann");
    ann.set_response(REVIEW, "t1q1", "Ann's first words.", at(1))
        .expect("minute");
    let first = ann.export_notes(at(2)).expect("export");
    let s = chair.import_notes(&[travel(&first)]).expect("imported");
    assert!(
        s[0].new_author,
        "Ann's key is remembered at her first import"
    );
    assert!(
        s[0].describe().contains(&s[0].key),
        "and shown: {}",
        s[0].describe()
    );
    let authors = chair.note_authors().expect("authors");
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].name, "Ann Example");
    assert_eq!(authors[0].fingerprint, s[0].key);

    // Mallory, with a pack copy of his own, claims Ann's note with a time
    // far in the future and a huge sequence, signed with his own key.
    let mut mallory = pack(d, &chair, "mallory.s11", "Mallory", "taker-mallory");
    mallory
        .set_response(REVIEW, "t2q1", "Mallory's own note.", at(3))
        .expect("minute");
    let mut forged = mallory.export_notes(at(4)).expect("export");
    forged.sequence = 1_000_000;
    forged.notes.push(FileNote {
        id: "taker-ann/t1q1".into(),
        question: "t1q1".into(),
        text: "Mallory's replacement.".into(),
        created: "2022-02-10T14:06:00Z".into(),
        updated: "9999-12-31T23:59:59Z".into(),
    });
    drop(mallory);
    notes_file::sign(&mut forged, &key_of(&d.join("mallory.s11")), at(4)).expect("signed");
    let s = chair
        .import_notes(&[travel(&forged)])
        .expect("imported, claims kept apart");
    assert_eq!(s[0].kept_apart, 1, "{}", s[0].describe());
    assert!(
        s[0].describe().contains("kept apart"),
        "{}",
        s[0].describe()
    );

    // Someone else using Ann's name, with a key of their own, is pointed out.
    let mut other = pack(d, &chair, "other-ann.s11", "Ann Example", "taker-other");
    other
        .set_response(REVIEW, "t3q1", "Other words.", at(3))
        .expect("minute");
    let namesake = other.export_notes(at(4)).expect("export");
    let s = chair.import_notes(&[travel(&namesake)]).expect("imported");
    assert!(s[0].namesake, "{}", s[0].describe());
    assert!(
        s[0].describe().contains("different key"),
        "{}",
        s[0].describe()
    );
    assert_eq!(
        note_text(&chair, "taker-ann/t1q1"),
        Some(("Ann Example".into(), "Ann's first words.".into())),
        "Ann's note and author are untouched"
    );
    let apart = chair.load().expect("load").review(REVIEW).map(|r| {
        r.notes
            .iter()
            .filter(|n| n.text == "Mallory's replacement.")
            .count()
    });
    assert_eq!(apart, Some(1), "the claim is kept, as a separate note");

    // Ann's genuine later export is taken, whatever Mallory's file claimed.
    ann.set_response(REVIEW, "t1q1", "Ann's corrected words.", at(5))
        .expect("minute");
    let second = ann.export_notes(at(6)).expect("export");
    let s = chair.import_notes(&[travel(&second)]).expect("imported");
    assert_eq!(s[0].updated, 1, "{}", s[0].describe());
    assert_eq!(
        note_text(&chair, "taker-ann/t1q1").map(|n| n.1),
        Some("Ann's corrected words.".into())
    );
}

#[test]
fn a_clock_far_ahead_freezes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let mut chair = Store::create(&d.join("chair.s11"), &example().expect("ex")).expect("chair");
    let mut ann = pack(d, &chair, "ann.s11", "Ann", "taker-ann");
    // Her laptop thinks it is 2090, then the clock is put right.
    let far = Timestamp(3_800_000_000);
    ann.set_response(REVIEW, "t1q1", "Written with the clock ahead.", far)
        .expect("minute");
    let ahead = ann.export_notes(far).expect("export");
    chair.import_notes(&[travel(&ahead)]).expect("imported");
    ann.set_response(REVIEW, "t1q1", "Written after the clock was fixed.", at(10))
        .expect("minute");
    let fixed = ann.export_notes(at(11)).expect("export");
    chair.import_notes(&[travel(&fixed)]).expect("imported");
    assert_eq!(
        note_text(&chair, "taker-ann/t1q1").map(|n| n.1),
        Some("Written after the clock was fixed.".into()),
        "the later export wins by its sequence number"
    );
    let again = chair
        .import_notes(&[travel(&ahead)])
        .expect("older file again");
    assert_eq!(again[0].unchanged, 1, "an older export changes nothing");
}

#[test]
fn unsigned_altered_and_misplaced_files_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let mut chair = Store::create(&d.join("chair.s11"), &example().expect("ex")).expect("chair");
    let mut ann = pack(d, &chair, "ann.s11", "Ann", "taker-ann");
    ann.set_response(REVIEW, "t1q1", "Ann's words.", at(1))
        .expect("minute");
    let good = ann.export_notes(at(2)).expect("export");

    let mut unsigned = good.clone();
    unsigned.signature = None;
    let e = chair
        .import_notes(&[travel(&unsigned)])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("not signed"), "{e}");

    let json = notes_file::to_json(&good).replace("Ann's words.", "Someone else's words.");
    let altered = notes_file::parse("altered.json", &json).expect("parses");
    let e = chair
        .import_notes(&[("altered.json".into(), altered)])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("signature does not match"), "{e}");

    chair
        .update(|doc| doc.set_review_status(REVIEW, ReviewStatus::DidNotTakePlace))
        .expect("status");
    let e = chair
        .import_notes(&[travel(&good)])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("not having taken place"), "{e}");
    assert!(
        chair.note_authors().expect("authors").is_empty(),
        "nothing was remembered"
    );
}

#[test]
fn a_hundred_thousand_notes_on_one_question_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let mut chair = Store::create(&d.join("chair.s11"), &example().expect("ex")).expect("chair");
    let mut ann = pack(d, &chair, "ann.s11", "Ann", "taker-ann");
    ann.set_response(REVIEW, "t1q1", "Ann's words.", at(1))
        .expect("minute");
    let mut flood = ann.export_notes(at(2)).expect("export");
    flood.notes = (0..100_000)
        .map(|i| FileNote {
            id: format!("taker-ann{i}/t1q1"),
            question: "t1q1".into(),
            text: "x".into(),
            created: "2022-02-10T14:06:00Z".into(),
            updated: "2022-02-10T14:06:00Z".into(),
        })
        .collect();
    let started = Instant::now();
    let e = chair
        .import_notes(&[("flood.json".into(), flood)])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let took = started.elapsed();
    assert!(
        e.contains("at most one note per question"),
        "a clear message: {e}"
    );
    assert!(
        took.as_millis() < 500,
        "refused at once, not after seconds: {took:?}"
    );
}
