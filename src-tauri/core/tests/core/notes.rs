//! Minute-takers offline (issue 7): minute packs, notes files, and merging
//! them into the chair's audit, against real files.

use std::path::{Path, PathBuf};

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::notes_file::{self, NotesFile};
use s11core::{AuditDoc, Store};

const REVIEW: &str = "r-bnssg-ccg";
const T0: Timestamp = Timestamp(1_644_501_900); // 10 February 2022, 14:05 UTC

fn at(minutes: i64) -> Timestamp {
    Timestamp(T0.0 + minutes * 60)
}

fn chair(dir: &Path, name: &str) -> Store {
    Store::create(&dir.join(name), &example().expect("example")).expect("the chair's audit")
}

/// A minute-taker's copy of the pack, with their name given.
fn pack(dir: &Path, chair: &Store, file: &str, author: &str, taker: &str) -> Store {
    let path = dir.join(file);
    chair
        .make_minute_pack(REVIEW, None, &path, "unused".into())
        .expect("pack made");
    let mut p = Store::open(&path).expect("pack opens as an ordinary audit file");
    p.set_pack_author(author, taker.into()).expect("name given");
    p
}

/// Exports to a file and reads it back, as the chair's app would.
fn export(p: &mut Store, dir: &Path, file: &str, now: Timestamp) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(
        &path,
        notes_file::to_json(&p.export_notes(now).expect("export")),
    )
    .expect("write notes file");
    path
}

fn read(path: &Path) -> (String, NotesFile) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (
        name,
        notes_file::read_notes_file(path).expect("a good notes file"),
    )
}

/// Three minute-takers' notes files for the example's first review; Ann and
/// Bob both wrote on question 1.1.
fn three_files(dir: &Path) -> Vec<PathBuf> {
    let c = chair(dir, "source.s11");
    let mut ann = pack(dir, &c, "ann.s11", "Ann Example", "taker-ann");
    ann.set_response(
        REVIEW,
        "t1q1",
        "Ann: staff use the app to raise concerns.",
        at(1),
    )
    .expect("minute");
    ann.set_response(
        REVIEW,
        "t2q1",
        "Ann: the voice of the child is in every plan.",
        at(20),
    )
    .expect("minute");
    let mut bob = pack(dir, &c, "bob.s11", "Bob Example", "taker-bob");
    bob.set_response(
        REVIEW,
        "t1q1",
        "Bob: an app, and a phone line out of hours.",
        at(2),
    )
    .expect("minute");
    bob.set_response(REVIEW, "t3q1", "Bob: wellbeing days.", at(35))
        .expect("minute");
    let mut cat = pack(dir, &c, "cat.s11", "Cat Example", "taker-cat");
    cat.set_response(
        REVIEW,
        "t4q1",
        "Cat: supervision monthly — “protected time”. 👍",
        at(50),
    )
    .expect("minute");
    vec![
        export(&mut ann, dir, "ann.json", at(91)),
        export(&mut bob, dir, "bob.json", at(92)),
        export(&mut cat, dir, "cat.json", at(93)),
    ]
}

/// The file's bytes once closed (closing checkpoints the log into the file).
fn bytes_after_close(store: Store, path: &Path) -> Vec<u8> {
    drop(store);
    std::fs::read(path).expect("read the audit file")
}

#[test]
fn a_minute_pack_holds_the_set_up_and_one_review_without_anyones_minutes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut c = chair(dir.path(), "chair.s11");
    assert_eq!(
        c.minute_pack().expect("read"),
        None,
        "the chair's audit is not a pack"
    );
    let path = dir.path().join("pack.s11");
    let info = c
        .make_minute_pack(REVIEW, None, &path, "unused".into())
        .expect("pack");
    assert_eq!(info.review_name, "BNSSG CCG");
    assert_eq!(
        info.author, "",
        "the minute-taker gives their name on their own laptop"
    );

    let mut p = Store::open(&path).expect("opens");
    let doc = p.load().expect("load");
    let source = c.load().expect("load");
    assert_eq!(doc.audit, source.audit, "the audit's set-up travels");
    assert_eq!(doc.panel, source.panel);
    assert_eq!(doc.reviews.len(), 1, "only the review the pack is for");
    let r = &doc.reviews[0];
    assert_eq!(r.id, REVIEW);
    assert!(
        r.responses.is_empty() && r.notes.is_empty() && r.incomplete_themes.is_empty(),
        "no one's minutes travel"
    );
    assert!(doc.recommendations.is_empty(), "no recommendations travel");
    assert_eq!(
        doc.themes_for(r),
        source.themes_for(&source.reviews[0]),
        "the review's questions travel"
    );

    let e = p
        .export_notes(T0)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("Give your name"), "no export before a name: {e}");
    let first = p
        .set_pack_author("  Ann   Example ", "taker-1".into())
        .expect("name");
    assert_eq!(first.author, "Ann Example", "spaces tidied");
    p.set_response(REVIEW, "t1q1", "A minute.", at(1))
        .expect("minute");
    let before = p.export_notes(at(2)).expect("export");
    p.set_pack_author("Ann Example-Smith", "taker-2".into())
        .expect("renamed");
    let after = p.export_notes(at(3)).expect("export");
    assert_eq!(
        before.notes[0].id, after.notes[0].id,
        "a new name keeps the minute-taker's note ids"
    );
    assert_eq!(after.author, "Ann Example-Smith");
    assert_eq!(after.notes[0].id, "taker-1/t1q1");

    let e = c
        .export_notes(T0)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("not a minute pack"), "{e}");
    let e = p
        .make_minute_pack(REVIEW, None, &dir.path().join("p2.s11"), "x".into())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("itself a minute pack"), "{e}");
    let e = c
        .make_minute_pack("r-cvs", None, &dir.path().join("p3.s11"), "x".into())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("did not take place"), "{e}");
    assert!(
        !dir.path().join("p3.s11").exists(),
        "a refused pack leaves no file"
    );
}

#[test]
fn three_minute_takers_in_any_order_give_the_same_audit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = three_files(dir.path());
    let original = example().expect("example");
    let orders: [[usize; 3]; 6] = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut results: Vec<AuditDoc> = Vec::new();
    for (i, order) in orders.iter().enumerate() {
        let mut c = chair(dir.path(), &format!("chair-{i}.s11"));
        for &f in order {
            c.import_notes(&[read(&files[f])]).expect("imported");
        }
        results.push(c.load().expect("load"));
    }
    for (i, doc) in results.iter().enumerate() {
        assert_eq!(
            doc, &results[0],
            "import order {:?} gives the same audit as {:?}",
            orders[i], orders[0]
        );
    }
    let r = results[0].review(REVIEW).expect("review");
    let before = original.review(REVIEW).expect("review");
    assert_eq!(
        r.responses, before.responses,
        "an import never changes a response"
    );
    assert_eq!(
        r.notes.len(),
        5,
        "every note from every file: {:?}",
        r.notes
    );
    let on_q1: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.question == "t1q1")
        .map(|n| n.author.as_str())
        .collect();
    assert_eq!(
        on_q1,
        ["Ann Example", "Bob Example"],
        "both authors' notes on 1.1, side by side, with names"
    );
    assert!(
        r.notes.iter().any(|n| n.text.contains("👍")),
        "text arrives exactly as typed"
    );
    // One import of all three at once is the same again.
    let mut c = chair(dir.path(), "chair-all.s11");
    let all: Vec<_> = files.iter().map(|f| read(f)).collect();
    let summary = c.import_notes(&all).expect("imported");
    assert_eq!(summary.iter().map(|s| s.added).sum::<usize>(), 5);
    assert_eq!(
        c.load().expect("load"),
        results[0],
        "several files at once give the same audit"
    );
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = three_files(dir.path());
    let path = dir.path().join("chair.s11");
    let mut c = chair(dir.path(), "chair.s11");
    let all: Vec<_> = files.iter().map(|f| read(f)).collect();
    c.import_notes(&all).expect("first import");
    let doc = c.load().expect("load");
    let bytes = bytes_after_close(c, &path);

    let mut c = Store::open(&path).expect("reopen");
    let again = c.import_notes(&all).expect("second import");
    for s in &again {
        assert_eq!(
            (s.added, s.updated, s.unchanged),
            (0, 0, s.unchanged),
            "nothing new the second time: {}",
            s.describe()
        );
    }
    assert_eq!(c.load().expect("load"), doc, "the same audit");
    assert_eq!(bytes_after_close(c, &path), bytes, "and not a byte written");
}

#[test]
fn a_newer_export_updates_its_notes_and_keeps_what_the_chair_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = chair(dir.path(), "source.s11");
    let mut ann = pack(dir.path(), &source, "ann.s11", "Ann Example", "taker-ann");
    ann.set_response(REVIEW, "t1q1", "Staff use the app.", at(1))
        .expect("minute");
    ann.set_response(REVIEW, "t1q2", "Weekly bulletin.", at(2))
        .expect("minute");
    let v1 = read(&export(&mut ann, dir.path(), "ann-1.json", at(10)));

    let mut c = chair(dir.path(), "chair.s11");
    c.import_notes(std::slice::from_ref(&v1))
        .expect("first export");
    // The chair builds the response to 1.1 from Ann's note.
    let response = "The organisation said: Staff use the app.";
    c.set_response(REVIEW, "t1q1", response, at(30))
        .expect("chair's response");

    ann.set_response(
        REVIEW,
        "t1q1",
        "Staff use the app, but not at night.",
        at(40),
    )
    .expect("edit");
    ann.set_response(REVIEW, "t1q2", "Weekly bulletin and quizzes.", at(41))
        .expect("edit");
    ann.set_response(REVIEW, "t2q1", "", at(42))
        .expect("an empty box is not a note");
    let v2 = read(&export(&mut ann, dir.path(), "ann-2.json", at(50)));
    assert_eq!(v2.1.notes.len(), 2, "{:?}", v2.1.notes);

    let s = c
        .import_notes(std::slice::from_ref(&v2))
        .expect("newer export");
    assert_eq!(
        (s[0].added, s[0].updated, s[0].flagged),
        (0, 2, 1),
        "{}",
        s[0].describe()
    );
    let doc = c.load().expect("load");
    let r = doc.review(REVIEW).expect("review");
    let q1 = r.notes.iter().find(|n| n.question == "t1q1").expect("note");
    assert_eq!(
        q1.text, "Staff use the app, but not at night.",
        "the newer text"
    );
    let kept = q1
        .superseded
        .as_ref()
        .expect("the chair used the old text, so it is kept and flagged");
    assert_eq!(kept.text, "Staff use the app.");
    let q2 = r.notes.iter().find(|n| n.question == "t1q2").expect("note");
    assert!(
        q2.superseded.is_none(),
        "a note the chair never used is simply updated"
    );
    assert_eq!(
        r.response_for("t1q1").map(|x| x.text.as_str()),
        Some(response),
        "the chair's response is untouched"
    );

    // The older file again, after the newer one: nothing goes back.
    let s = c.import_notes(&[v1]).expect("older export");
    assert_eq!((s[0].added, s[0].updated), (0, 0));
    assert_eq!(
        c.load().expect("load"),
        doc,
        "an older export never undoes a newer one"
    );

    let id = q1.id.clone();
    c.clear_note_flag(&id).expect("cleared");
    let doc = c.load().expect("load");
    assert!(doc
        .review(REVIEW)
        .and_then(|r| r.notes.iter().find(|n| n.id == id))
        .is_some_and(|n| n.superseded.is_none()));
}

#[test]
fn bad_files_are_refused_and_the_audit_is_unchanged_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = three_files(dir.path());
    let good = std::fs::read_to_string(&files[0]).expect("read");
    let path = dir.path().join("chair.s11");
    let mut c = chair(dir.path(), "chair.s11");
    c.set_response(REVIEW, "t1q1", "The chair's own response.", at(5))
        .expect("response");
    c.import_notes(&[read(&files[1])])
        .expect("Bob's notes are already in");
    drop(c);
    // Open and close once, so the baseline includes whatever opening does.
    let baseline = bytes_after_close(Store::open(&path).expect("open"), &path);

    let value: serde_json::Value = serde_json::from_str(&good).expect("json");
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = value.clone();
        f(&mut v);
        serde_json::to_string_pretty(&v).expect("json")
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "another audit",
            with(&|v| v["audit"] = "another-audit".into()),
            "different audit",
        ),
        (
            "another review",
            with(&|v| v["review"] = "r-elsewhere".into()),
            "not in this audit",
        ),
        ("truncated", good[..good.len() / 2].to_string(), "cut short"),
        (
            "malformed",
            "this is not JSON at all".into(),
            "not valid JSON",
        ),
        (
            "newer version",
            with(&|v| v["format_version"] = 3.into()),
            "newer version",
        ),
        (
            "newer field",
            with(&|v| {
                v["format_version"] = 3.into();
                v["signature"] = "x".into();
            }),
            "newer version",
        ),
        (
            "not notes",
            std::fs::read_to_string(dir.path().join("ann.s11")).unwrap_or_else(|_| "{}".into()),
            "",
        ),
        (
            "an audit export",
            "{\"format\": \"section11-panel/audit\", \"format_version\": 1}".into(),
            "not a Section 11 Panel notes file",
        ),
        (
            "unknown question",
            with(&|v| v["notes"][0]["question"] = "t99q9".into()),
            "no longer asks",
        ),
        (
            "bad time",
            with(&|v| v["notes"][0]["updated"] = "10/02/2022".into()),
            "2022-02-10T14:05:00Z",
        ),
        ("no author", with(&|v| v["author"] = "".into()), "name"),
        (
            "duplicate ids",
            with(&|v| {
                let n = v["notes"][0].clone();
                if let Some(a) = v["notes"].as_array_mut() {
                    a.push(n);
                }
            }),
            "share the id",
        ),
    ];
    for (what, text, needle) in &cases {
        let file = dir.path().join("bad.json");
        std::fs::write(&file, text).expect("write");
        let mut c = Store::open(&path).expect("open");
        let outcome = notes_file::read_notes_file(&file)
            .and_then(|f| c.import_notes(&[("bad.json".into(), f)]));
        let message = outcome
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| panic!("{what}: should be refused"));
        assert!(
            message.contains(needle),
            "{what}: “{message}” should say “{needle}”"
        );
        assert!(
            message.contains("bad.json"),
            "{what}: the message names the file: {message}"
        );
        assert_eq!(
            bytes_after_close(c, &path),
            baseline,
            "{what}: the audit is unchanged byte for byte"
        );
    }

    // A good file and a bad one together: neither is imported.
    let mut c = Store::open(&path).expect("open");
    let mut bad = read(&files[2]);
    bad.1.audit = "another-audit".into();
    let e = c
        .import_notes(&[read(&files[0]), bad])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("Nothing has been imported"), "{e}");
    assert_eq!(
        bytes_after_close(c, &path),
        baseline,
        "one transaction: the good file is not imported either"
    );

    // The comparison can see a change: a good import does alter the file.
    let mut c = Store::open(&path).expect("open");
    c.import_notes(&[read(&files[0])])
        .expect("a good file is imported");
    assert_ne!(
        bytes_after_close(c, &path),
        baseline,
        "a real import changes the file"
    );

    // Notes go into the chair's audit, never into a pack.
    let mut ann = Store::open(&dir.path().join("ann.s11")).expect("open pack");
    let e = ann
        .import_notes(&[read(&files[1])])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("minute pack"), "{e}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with python3's jsonschema, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn notes_files_match_the_published_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = three_files(dir.path());
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/notes.schema.json");
    let check = "import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))";
    for f in &files {
        let out = std::process::Command::new("python3")
            .args(["-c", check, schema, f.to_str().unwrap_or_default()])
            .output()
            .expect("python3 runs (./.ci/test installs it with jsonschema)");
        assert!(
            out.status.success(),
            "{} follows notes.schema.json: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
