//! The JSON form: round trips, and refusals with messages that say what to do.

use s11core::audit::FORMAT_VERSION;
use s11core::example::example;
use s11core::interchange::{from_json, to_json, InterchangeError};
use s11core::Store;

#[test]
fn json_round_trips_through_an_s11_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = to_json(&example().expect("example"));
    let doc = from_json(&json).expect("our own JSON reads back");
    let path = dir.path().join("from-json.s11");
    drop(Store::create(&path, &doc).expect("created"));
    let again = to_json(&Store::open(&path).expect("open").load().expect("load"));
    assert_eq!(
        again, json,
        "JSON -> .s11 -> JSON is byte for byte the same"
    );
}

#[test]
fn a_newer_format_says_update_the_app() {
    let mut v: serde_json::Value =
        serde_json::from_str(&to_json(&example().expect("example"))).expect("json");
    v["format_version"] = serde_json::json!(FORMAT_VERSION + 1);
    v["a_field_from_the_future"] = serde_json::json!(true);
    let err = from_json(&v.to_string()).err().expect("refused");
    assert!(
        matches!(err, InterchangeError::NewerFormat { .. }),
        "newer, not 'unknown field': {err:?}"
    );
    assert!(err.to_string().contains("Update the app"));
}

#[test]
fn foreign_truncated_and_wrong_files_are_refused() {
    let json = to_json(&example().expect("example"));
    let truncated = &json[..json.len() / 2];
    let err = from_json(truncated).err().expect("refused");
    assert!(matches!(err, InterchangeError::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains("line"), "says where: {err}");

    let err = from_json(r#"{"name": "a package.json"}"#)
        .err()
        .expect("refused");
    assert!(matches!(err, InterchangeError::NotAnAudit(_)), "{err:?}");

    assert!(from_json("").is_err());
    assert!(from_json("[]").is_err());

    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["reviews"][0]["panel"] = serde_json::json!(["nobody"]);
    let err = from_json(&v.to_string()).err().expect("refused");
    assert!(
        err.to_string().contains("nobody"),
        "names the dangling reference: {err}"
    );

    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["reviews"][1]["id"] = v["reviews"][0]["id"].clone();
    let err = from_json(&v.to_string()).err().expect("refused");
    assert!(err.to_string().contains("share the id"), "{err}");

    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["reviews"][0]["date"] = serde_json::json!("10/02/2022");
    let err = from_json(&v.to_string()).err().expect("refused");
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn a_megabyte_minute_and_awkward_text_are_kept_exactly() {
    let mut doc = example().expect("example");
    let awkward = "Emoji 👩‍👧, right-to-left \u{202E}עברית\u{202C}, zero\u{200B}width, <script>alert(1)</script>, tab\tand\u{7}bell";
    let big = "Minute text. ".repeat(90_000); // just over a megabyte
    doc.reviews[0].responses[0].text = format!("{awkward}\n{big}");
    let back = from_json(&to_json(&doc)).expect("reads back");
    assert_eq!(
        back.reviews[0].responses[0].text,
        doc.reviews[0].responses[0].text
    );

    doc.reviews[0].responses[0].text = "x".repeat(3 * 1024 * 1024);
    let err = from_json(&to_json(&doc)).err().expect("over the limit");
    assert!(err.to_string().contains("2 MB"), "names the limit: {err}");
}
