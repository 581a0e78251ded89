//! The published JSON Schema describes what `to_json` writes. Checked with a
//! real validator (Python's jsonschema, installed by ./.ci/test), so the
//! schema file cannot drift from the code unnoticed.

use std::path::Path;
use std::process::Command;

use s11core::interchange::to_json;
use s11core::{example::example, AuditDoc};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/audit.schema.json");

const VALIDATE: &str = "import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))";

fn python_with_jsonschema() -> &'static str {
    for p in ["/usr/bin/python3", "python3"] {
        if Command::new(p)
            .args(["-c", "import jsonschema"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
        {
            return p;
        }
    }
    panic!("Python's jsonschema is missing: run ./.ci/test, which installs python3-jsonschema");
}

pub fn validates(json: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("audit.json");
    std::fs::write(&file, json).map_err(|e| e.to_string())?;
    let out = Command::new(python_with_jsonschema())
        .args(["-c", VALIDATE, SCHEMA, file.to_str().unwrap_or_default()])
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with python3's jsonschema, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn exports_match_the_published_schema() {
    assert!(Path::new(SCHEMA).is_file());
    validates(&to_json(&example().expect("example")))
        .expect("the example's export follows the schema");
    let new = AuditDoc::new("x".into(), "A Partnership".into(), "2025-26".into());
    validates(&to_json(&new)).expect("a new audit's export follows the schema");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with python3's jsonschema, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_schema_rejects_what_the_reader_rejects() {
    let mut v: serde_json::Value =
        serde_json::from_str(&to_json(&example().expect("example"))).expect("json");
    v["reviews"][0]["surprise"] = serde_json::json!(1);
    assert!(
        validates(&v.to_string()).is_err(),
        "unknown fields are refused by the schema as by the reader"
    );
    let mut v: serde_json::Value =
        serde_json::from_str(&to_json(&example().expect("example"))).expect("json");
    v["reviews"][0]["status"] = serde_json::json!("cancelled");
    assert!(
        validates(&v.to_string()).is_err(),
        "statuses are a closed list"
    );
}
