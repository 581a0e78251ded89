//! `s11 identity`, `countersign` and `verify --trust` (issue 14) as a
//! script runs them: key files, passphrases from a file, the environment or
//! nowhere, and exit codes 0 verified, 1 altered or untrusted, 2 cannot
//! check.

use std::path::Path;
use std::process::{Command, Output};

use crate::{s11, stderr};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn ok(args: &[&str], cwd: &Path) -> String {
    let out = s11(args, cwd);
    assert!(out.status.success(), "{args:?} succeeds: {}", stderr(&out));
    stdout(&out)
}

fn s11_with_env(args: &[&str], cwd: &Path, passphrase: &str) -> Output {
    Command::new(crate::s11_exe())
        .args(args)
        .current_dir(cwd)
        .env("S11_KEY_PASSPHRASE", passphrase)
        .output()
        .expect("s11 runs")
}

fn new_key(d: &Path, name: &str, role: &str, file: &str) -> String {
    let out = ok(
        &[
            "identity",
            "new",
            "--name",
            name,
            "--role",
            role,
            "-o",
            file,
            "--key-passphrase-file",
            "pass.txt",
            "--certificate",
            &format!("{file}.pem"),
        ],
        d,
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("Certificate fingerprint (SHA-256): "))
        .expect("the fingerprint is printed");
    line.trim_start_matches("Certificate fingerprint (SHA-256): ")
        .to_string()
}

/// A signed-off example with its report PDF signed by Sarah's key.
fn signed_report(d: &Path) {
    std::fs::write(d.join("pass.txt"), "correct horse battery\n").expect("write");
    new_key(d, "Sarah Taylor", "Chair", "sarah.p12");
    ok(&["example", "ex.s11"], d);
    for subject in [
        vec!["--review", "r-bnssg-ccg"],
        vec!["--review", "r-routes-lpw"],
        vec!["--report"],
    ] {
        let mut args = vec!["sign-off", "ex.s11"];
        args.extend(subject);
        args.extend([
            "--name",
            "Sarah Taylor",
            "--role",
            "Chair",
            "--accept-gaps",
            "Agreed",
            "--key",
            "sarah.p12",
            "--key-passphrase-file",
            "pass.txt",
        ]);
        ok(&args, d);
    }
    ok(&["export-pdf", "ex.s11", "-o", "report.pdf"], d);
}

#[test]
fn identity_new_writes_an_owner_only_key_once_and_show_reads_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("pass.txt"), "correct horse battery\n").expect("write");
    let fp = new_key(d, "Sarah Taylor", "Chair", "sarah.p12");
    assert_eq!(fp.len(), 64 + 15, "64 hex digits in groups of four: {fp}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("sarah.p12"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "a private key is readable by its owner only"
        );
    }
    let again = s11(
        &[
            "identity",
            "new",
            "--name",
            "X",
            "-o",
            "sarah.p12",
            "--key-passphrase-file",
            "pass.txt",
        ],
        d,
    );
    assert_eq!(again.status.code(), Some(2), "never overwritten");
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    // The passphrase from the environment; the wrong one is named as such.
    let shown = stdout(&s11_with_env(
        &["identity", "show", "sarah.p12"],
        d,
        "correct horse battery",
    ));
    assert!(
        shown.contains("Name: Sarah Taylor") && shown.contains("Role: Chair"),
        "{shown}"
    );
    assert!(
        shown.contains(&fp),
        "show prints the same fingerprint: {shown}"
    );
    assert!(shown.contains("Valid until: "), "{shown}");
    let wrong = s11_with_env(&["identity", "show", "sarah.p12"], d, "wrong horse battery");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("passphrase is not the one"),
        "{}",
        stderr(&wrong)
    );

    // No passphrase anywhere and no terminal: refused at once, saying how.
    let none = s11(&["identity", "show", "sarah.p12"], d);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("S11_KEY_PASSPHRASE")
            && stderr(&none).contains("--key-passphrase-file"),
        "{}",
        stderr(&none)
    );
    // Too short a passphrase makes no key.
    std::fs::write(d.join("short.txt"), "short\n").expect("write");
    let short = s11(
        &[
            "identity",
            "new",
            "--name",
            "X",
            "-o",
            "x.p12",
            "--key-passphrase-file",
            "short.txt",
        ],
        d,
    );
    assert_eq!(short.status.code(), Some(2));
    assert!(!d.join("x.p12").exists(), "nothing written");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdfsig, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_countersigned_report_verifies_and_trust_is_checked_by_certificate_or_fingerprint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    signed_report(d);
    let sarah_fp = ok(
        &[
            "identity",
            "show",
            "sarah.p12",
            "--key-passphrase-file",
            "pass.txt",
        ],
        d,
    )
    .lines()
    .find_map(|l| {
        l.strip_prefix("Certificate fingerprint (SHA-256): ")
            .map(str::to_string)
    })
    .expect("fingerprint");

    let v = ok(
        &["verify", "report.pdf", "ex.s11", "--trust", "sarah.p12.pem"],
        d,
    );
    assert!(
        v.contains("Signed by Sarah Taylor (Chair)") && v.contains("trusted"),
        "{v}"
    );
    assert!(v.trim_end().ends_with("VERIFIED"), "{v}");

    new_key(d, "Amir Khan", "Panel member", "amir.p12");
    let out = ok(
        &[
            "countersign",
            "report.pdf",
            "--key",
            "amir.p12",
            "--key-passphrase-file",
            "pass.txt",
            "-o",
            "both.pdf",
        ],
        d,
    );
    assert!(out.contains("Countersigned by Amir Khan"), "{out}");
    let v = ok(&["verify", "both.pdf", "--trust", &sarah_fp], d);
    assert!(
        v.contains("Countersigned by Amir Khan (Panel member)"),
        "{v}"
    );
    assert!(
        v.contains("NOT in the trusted list"),
        "Amir is named as not trusted: {v}"
    );
    assert!(
        v.trim_end().ends_with("VERIFIED"),
        "the first signer is trusted: {v}"
    );
    let pdfsig = Command::new("pdfsig")
        .arg(d.join("both.pdf"))
        .output()
        .expect("pdfsig");
    let text = stdout(&pdfsig);
    assert_eq!(text.matches("Signature is Valid.").count(), 2, "{text}");

    // Trusting only Amir: the report's signer is not trusted, exit 1.
    let out = s11(&["verify", "both.pdf", "--trust", "amir.p12.pem"], d);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("NOT TRUSTED"));

    // Countersigning in place is refused; so is an unsigned PDF.
    let out = s11(
        &[
            "countersign",
            "both.pdf",
            "--key",
            "amir.p12",
            "--key-passphrase-file",
            "pass.txt",
            "-o",
            "both.pdf",
        ],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("must be a new file"),
        "{}",
        stderr(&out)
    );
    ok(&["template-pdf", "ex.s11", "-o", "template.pdf"], d);
    let out = s11(
        &[
            "countersign",
            "template.pdf",
            "--key",
            "amir.p12",
            "--key-passphrase-file",
            "pass.txt",
            "-o",
            "t2.pdf",
        ],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no signature to countersign"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn altered_or_unreadable_pdfs_exit_1_or_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    signed_report(d);
    let pdf = std::fs::read(d.join("report.pdf")).expect("read");

    // One byte inside the signed range: exit 1, and countersigning refused.
    let mut altered = pdf.clone();
    let at = pdf
        .windows(6)
        .position(|w| w == b"stream")
        .expect("a stream")
        + 40;
    altered[at] ^= 1;
    std::fs::write(d.join("altered.pdf"), &altered).expect("write");
    let out = s11(&["verify", "altered.pdf"], d);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("ALTERED"));
    std::fs::write(d.join("pass.txt"), "correct horse battery\n").expect("write");
    let out = s11(
        &[
            "countersign",
            "altered.pdf",
            "--key",
            "sarah.p12",
            "--key-passphrase-file",
            "pass.txt",
            "-o",
            "x.pdf",
        ],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("do not hold"), "{}", stderr(&out));

    // The old format: our content but no signature at all.
    let end = pdf.windows(5).position(|w| w == b"%%EOF").expect("eof") + 5;
    std::fs::write(d.join("unsigned.pdf"), &pdf[..end]).expect("write");
    let out = s11(&["verify", "unsigned.pdf"], d);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("NOT SIGNED"), "{}", stdout(&out));

    // Not a PDF, and a draft: cannot check.
    std::fs::write(d.join("notes.pdf"), b"hello").expect("write");
    assert_eq!(s11(&["verify", "notes.pdf"], d).status.code(), Some(2));
    ok(&["template-pdf", "ex.s11", "-o", "template.pdf"], d);
    let out = s11(&["verify", "template.pdf"], d);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("carries no signed content"),
        "{}",
        stderr(&out)
    );
    // A trusted certificate file that is not a certificate: cannot check.
    let out = s11(&["verify", "report.pdf", "--trust", "pass.txt"], d);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
