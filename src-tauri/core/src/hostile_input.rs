//! Hostile import input (issue 8): audit JSON and notes files that are empty,
//! truncated, deeply nested, enormous, not UTF-8, from a newer version, with
//! unknown fields or colliding ids are refused with a clear message, and a
//! small deterministic fuzzer feeds mutated bytes to both parsers: they
//! never panic and always answer Ok or a chair-readable error.
//!
//! No fuzzing crate: a fixed-seed xorshift mutator keeps the cases the same
//! on every run (a failure is reproducible from its case number) and adds no
//! dependency.

use crate::interchange::{from_json, to_json, InterchangeError, MAX_JSON_BYTES};
use crate::notes_file::{parse, read_notes_file, NotesError};

const NOTES: &str = r#"{"format":"section11-panel/notes","format_version":1,"audit":"a","review":"r","author":"Ann","exported":"2022-02-10T10:00:00Z","notes":[]}"#;

fn example_json() -> String {
    crate::example::example()
        .map(|d| to_json(&d))
        .unwrap_or_default()
}

/// A chair-readable message: whole words, says what the file is not or what to do.
fn readable(message: &str) {
    assert!(
        message.len() > 20 && message.len() < 2000,
        "a short plain message: {message}"
    );
    assert!(
        !message.contains("Error(") && !message.contains("panicked"),
        "no Rust debug text: {message}"
    );
}

#[test]
fn empty_truncated_and_nested_audits_are_refused_plainly() {
    let json = example_json();
    assert!(from_json(&json).is_ok(), "the example itself imports");
    for (what, text) in [
        ("empty", String::new()),
        ("whitespace", "  \n".to_string()),
        ("truncated", json[..json.len() / 2].to_string()),
        ("deeply nested", "[".repeat(100_000)),
        ("deeply nested object", "{\"a\":".repeat(50_000)),
        ("not an object", "42".to_string()),
    ] {
        let e = from_json(&text).map(|_| ()).err();
        let e = e.unwrap_or_else(|| panic!("{what} must be refused"));
        assert!(
            matches!(
                e,
                InterchangeError::Malformed { .. } | InterchangeError::NotAnAudit(_)
            ),
            "{what}: {e}"
        );
        readable(&e.to_string());
    }
}

#[test]
fn an_enormous_audit_is_refused_before_it_is_parsed() {
    let text = " ".repeat(MAX_JSON_BYTES + 1);
    assert!(
        matches!(from_json(&text), Err(InterchangeError::TooLarge(_))),
        "more than 256 MB is refused by size"
    );
}

#[test]
fn newer_unknown_and_colliding_audits_are_refused_plainly() {
    let json = example_json();
    let newer = json.replacen("\"format_version\": 1", "\"format_version\": 99", 1);
    assert!(
        matches!(
            from_json(&newer),
            Err(InterchangeError::NewerFormat { found: 99, .. })
        ),
        "a newer file says so"
    );

    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    value["surprise"] = serde_json::json!({"nested": true});
    let unknown = from_json(&value.to_string());
    if let Err(e) = &unknown {
        readable(&e.to_string());
    }

    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let first = value["reviews"][0].clone();
    if let Some(reviews) = value["reviews"].as_array_mut() {
        reviews.push(first);
    }
    let e = from_json(&value.to_string()).map(|_| ()).err();
    let e = e.unwrap_or_else(|| panic!("two reviews with one id must be refused"));
    assert!(
        e.to_string().contains("review"),
        "the message names what collides: {e}"
    );
    readable(&e.to_string());
}

#[test]
fn hostile_notes_files_are_refused_plainly() -> std::io::Result<()> {
    assert!(parse("ann.json", NOTES).is_ok(), "the good file reads");
    for (what, text) in [
        ("empty", String::new()),
        ("truncated", NOTES[..NOTES.len() / 2].to_string()),
        ("deeply nested", "[".repeat(100_000)),
        ("newer", NOTES.replace("\"format_version\":1", "\"format_version\":7")),
        ("colliding note ids", NOTES.replace(
            "\"notes\":[]",
            "\"notes\":[{\"id\":\"n1\",\"question\":\"q\",\"text\":\"a\",\"created\":\"2022-02-10T10:00:00Z\",\"updated\":\"2022-02-10T10:00:00Z\"},{\"id\":\"n1\",\"question\":\"q\",\"text\":\"b\",\"created\":\"2022-02-10T10:00:00Z\",\"updated\":\"2022-02-10T10:00:00Z\"}]",
        )),
    ] {
        match parse("ann.json", &text) {
            Ok(_) => assert_eq!(what, "colliding note ids", "{what} must be refused"),
            Err(e) => readable(&e.to_string()),
        }
    }
    let dir = tempfile::tempdir()?;
    let bad = dir.path().join("latin1.json");
    std::fs::write(
        &bad,
        b"{\"format\":\"section11-panel/notes\",\"author\":\"Jos\xe9\"}",
    )?;
    let e = read_notes_file(&bad).map(|_| ()).err();
    assert!(
        matches!(e, Some(NotesError::Unreadable { .. })),
        "invalid UTF-8 is refused: {e:?}"
    );
    Ok(())
}

/// xorshift64*: deterministic, good enough to pick bytes and places.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// Bytes that matter to a JSON parser, and two that break UTF-8.
const SPICE: &[u8] = b"{}[]\",:\\0e-9\xff\xc3";

/// One mutation of `input`: flip, insert, delete, duplicate or cut bytes.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len());
        match rng.below(6) {
            0 => {
                if let Some(b) = out.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => out.insert(at, SPICE[rng.below(SPICE.len())]),
            2 => {
                if at < out.len() {
                    out.remove(at);
                }
            }
            3 => {
                let end = (at + rng.below(64)).min(out.len());
                let piece = out[at..end].to_vec();
                out.splice(at..at, piece);
            }
            4 => out.truncate(at),
            _ => {
                let end = (at + rng.below(16)).min(out.len());
                out.drain(at..end);
            }
        }
    }
    out
}

#[test]
fn mutated_imports_never_panic() {
    let audit = example_json().into_bytes();
    let notes = NOTES.as_bytes();
    let mut rng = Rng(0x5331_3150_0000_0001);
    // Few enough cases to keep CI fast (the example parse is the cost).
    for case in 0..150 {
        let bytes = mutate(&mut rng, &audit);
        if let Err(e) = from_json(&String::from_utf8_lossy(&bytes)) {
            assert!(!e.to_string().is_empty(), "case {case}: an empty message");
        }
        let bytes = mutate(&mut rng, notes);
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = parse("fuzz.json", &text) {
            assert!(!e.to_string().is_empty(), "case {case}: an empty message");
        }
    }
}
