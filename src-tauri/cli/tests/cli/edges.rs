//! Edges an attacker found (issue 19), through the `s11` binary, and
//! protected audits from the command line.

use std::process::Command;

use crate::{s11, stderr};

fn s11_env(args: &[&str], cwd: &std::path::Path, env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(crate::s11_exe());
    c.args(args).current_dir(cwd).env_remove("S11_PASSPHRASE");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("s11 runs")
}

#[test]
fn no_export_writes_over_an_audit_a_pack_or_its_input() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(s11(&["example", "a.s11"], d).status.success());
    // An audit renamed to look like anything else is still recognised.
    std::fs::copy(d.join("a.s11"), d.join("copy.pdf")).expect("copy");
    let json = s11(&["export-json", "a.s11"], d);
    let review = serde_json::from_slice::<serde_json::Value>(&json.stdout).expect("json")
        ["reviews"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(s11(
        &["notes", "pack", "a.s11", "--review", &review, "-o", "pack.s11"],
        d
    )
    .status
    .success());
    // The pack writes the chair's transit key into the audit: compare after it.
    let before = std::fs::read(d.join("a.s11")).expect("audit");
    for args in [
        vec!["export-pdf", "a.s11", "-o", "a.s11"],
        vec!["export-pdf", "a.s11", "-o", "copy.pdf"],
        vec!["export-json", "a.s11", "-o", "a.s11"],
        vec!["export-json", "a.s11", "-o", "pack.s11"],
        vec!["template-pdf", "a.s11", "-o", "a.s11"],
        vec!["template-pdf", "a.s11", "-o", "copy.pdf"],
        vec!["notes", "export", "pack.s11", "-o", "pack.s11"],
        vec!["notes", "export", "pack.s11", "-o", "a.s11"],
    ] {
        let out = s11(&args, d);
        assert_eq!(out.status.code(), Some(2), "{args:?} must be refused");
        let e = stderr(&out);
        assert!(
            e.contains("never replaces an audit") || e.contains("the file being read"),
            "{args:?}: {e}"
        );
    }
    assert!(
        std::fs::read(d.join("a.s11")).ok() == Some(before),
        "the audit is untouched"
    );
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_as_input() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let out = s11(&["import-json", "/dev/zero", "z.s11"], d);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an ordinary file"),
        "{}",
        stderr(&out)
    );
    let fifo = d.join("pipe.json");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success());
    if made.unwrap_or(false) {
        let out = s11(&["import-json", "pipe.json", "p.s11"], d);
        assert!(
            stderr(&out).contains("not an ordinary file"),
            "{}",
            stderr(&out)
        );
        assert!(s11(&["example", "a.s11"], d).status.success());
        let out = s11(&["notes", "import", "a.s11", "pipe.json"], d);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("not an ordinary file"),
            "{}",
            stderr(&out)
        );
    }
    assert!(!d.join("z.s11").exists() && !d.join("p.s11").exists());
}

#[cfg(unix)]
#[test]
fn read_only_commands_on_a_read_only_audit_leave_nothing_behind() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(s11(&["example", "a.s11"], d).status.success());
    let audit = d.join("a.s11");
    std::fs::set_permissions(&audit, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    if std::fs::OpenOptions::new().write(true).open(&audit).is_ok() {
        return; // root: permissions do not bind
    }
    for args in [
        vec!["export-json", "a.s11", "-o", "a.json"],
        vec!["export-pdf", "a.s11", "-o", "a.pdf"],
        vec!["template-pdf", "a.s11", "-o", "t.pdf"],
        vec!["trail", "a.s11"],
    ] {
        let out = s11(&args, d);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    assert!(!d.join("a.s11-wal").exists() && !d.join("a.s11-shm").exists());
    std::fs::set_permissions(&audit, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = s11(
        &[
            "reopen", "a.s11", "--report", "--name", "x", "--reason", "y",
        ],
        d,
    );
    assert!(
        !stderr(&out).contains("readonly") && !stderr(&out).contains("read-only"),
        "a later write is not blocked: {}",
        stderr(&out)
    );
}

#[test]
fn a_protected_audit_opens_with_its_passphrase_from_the_environment_or_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(s11(&["example", "a.s11"], d).status.success());
    let pass = [("S11_PASSPHRASE", "correct horse battery")];
    let out = s11_env(&["protect", "a.s11"], d, &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(d.join("a.s11")).expect("read");
    assert!(
        !bytes.windows(21).any(|w| w == b"South Gloucestershire"),
        "the file is encrypted"
    );
    let without = s11_env(&["export-json", "a.s11"], d, &[]);
    assert_eq!(without.status.code(), Some(2));
    assert!(
        stderr(&without).contains("S11_PASSPHRASE"),
        "{}",
        stderr(&without)
    );
    let with_env = s11_env(&["export-json", "a.s11"], d, &pass);
    assert!(with_env.status.success(), "{}", stderr(&with_env));
    std::fs::write(d.join("pass.txt"), "correct horse battery\n").expect("pass file");
    let with_file = s11_env(
        &["export-json", "a.s11", "--passphrase-file", "pass.txt"],
        d,
        &[],
    );
    assert!(with_file.status.success(), "{}", stderr(&with_file));
    std::fs::write(d.join("wrong.txt"), "wrong horse battery\n").expect("pass file");
    let wrong = s11_env(
        &["export-json", "a.s11", "--passphrase-file", "wrong.txt"],
        d,
        &[],
    );
    assert!(stderr(&wrong).contains("passphrase"), "{}", stderr(&wrong));
    let again = s11_env(&["protect", "a.s11"], d, &pass);
    assert!(
        stderr(&again).contains("already protected"),
        "{}",
        stderr(&again)
    );
    let raw = format!("x'{}'", "ab".repeat(32));
    assert!(s11(&["example", "b.s11"], d).status.success());
    let refused = s11_env(&["protect", "b.s11"], d, &[("S11_PASSPHRASE", &raw)]);
    assert!(stderr(&refused).contains("raw key"), "{}", stderr(&refused));
}

#[test]
fn import_json_cleans_text_and_a_failed_import_leaves_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(s11(&["example", "a.s11"], d).status.success());
    let json = s11(&["export-json", "a.s11"], d);
    let mut v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    v["audit"]["partnership"] = serde_json::json!("Evil\u{0000} \u{202E}gpj.exe");
    std::fs::write(d.join("in.json"), v.to_string()).expect("write");
    let out = s11(&["import-json", "in.json", "b.s11"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    let back = s11(&["export-json", "b.s11"], d);
    let v: serde_json::Value = serde_json::from_slice(&back.stdout).expect("json");
    assert_eq!(v["audit"]["partnership"], "Evil gpj.exe");
    std::fs::write(d.join("bad.json"), b"{\"format\":").expect("write");
    assert_eq!(
        s11(&["import-json", "bad.json", "c.s11"], d).status.code(),
        Some(2)
    );
    assert!(!d.join("c.s11").exists(), "nothing under the chosen name");
}
