//! `s11 new`, `example`, `export-json` and `import-json`, help, and the plain
//! messages and exit code 2 for mistakes.

use crate::{s11, stderr};

#[test]
fn new_creates_an_audit_on_the_default_template() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = s11(
        &[
            "new",
            "audit.s11",
            "--partnership",
            "Testshire Children's Partnership",
            "--year",
            "2024-25",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json = s11(&["export-json", "audit.s11"], dir.path());
    assert!(json.status.success(), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
    assert_eq!(
        v["audit"]["partnership"],
        "Testshire Children's Partnership"
    );
    assert_eq!(v["audit"]["year"], "2024-25");
    assert_eq!(v["template"]["themes"].as_array().map(Vec::len), Some(7));
}

#[test]
fn example_export_and_import_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(s11(&["example", "ex.s11"], dir.path()).status.success());
    let out = s11(&["export-json", "ex.s11", "-o", "ex.json"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not protected"),
        "exports say they leave the file's protection behind"
    );
    let out = s11(&["import-json", "ex.json", "copy.s11"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let again = s11(&["export-json", "copy.s11"], dir.path());
    let first = std::fs::read(dir.path().join("ex.json")).expect("read");
    assert_eq!(
        again.stdout, first,
        "export → import → export is the same bytes"
    );
}

#[test]
fn mistakes_get_plain_messages_and_exit_code_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(s11(&["example", "ex.s11"], dir.path()).status.success());

    let cases: &[(&[&str], &str)] = &[
        (&["new", "x.s11", "--year", "2024"], "2021-22"),
        (&["new", "no-extension"], "end in .s11"),
        (&["example", "ex.s11"], "already exists"),
        (&["export-json", "missing.s11"], "no audit file"),
        (&["import-json", "missing.json", "y.s11"], "could not read"),
    ];
    for (args, needle) in cases {
        let out = s11(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?} exits 2");
        assert!(
            stderr(&out).contains(needle),
            "{args:?}: “{}” should mention “{needle}”",
            stderr(&out)
        );
    }
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"format\": \"section11-panel/audit\", \"format_version\": 1",
    )
    .expect("write");
    let out = s11(&["import-json", "bad.json", "z.s11"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not valid JSON"), "{}", stderr(&out));
    assert!(
        !dir.path().join("z.s11").exists(),
        "a refused import leaves no file behind"
    );
}

#[test]
fn help_explains_each_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = s11(&["--help"], dir.path());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in ["new", "example", "export-json", "import-json"] {
        assert!(text.contains(cmd), "--help lists {cmd}");
    }
}
