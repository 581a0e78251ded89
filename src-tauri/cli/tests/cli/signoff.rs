//! `s11 sign-off`, `reopen`, `trail` and `verify` as a script runs them:
//! real files, messages and exit codes (0 verified, 1 altered, 2 error).

use std::path::Path;

use crate::s11;

fn ok(args: &[&str], cwd: &Path) -> String {
    let out = s11(args, cwd);
    assert!(
        out.status.success(),
        "{args:?} succeeds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sarah Taylor's signing key in `d` (sarah.p12, passphrase in pass.txt).
pub fn make_key(d: &Path) {
    std::fs::write(d.join("pass.txt"), "correct horse battery\n").expect("write");
    ok(
        &[
            "identity",
            "new",
            "--name",
            "Sarah Taylor",
            "--role",
            "Chair",
            "-o",
            "sarah.p12",
            "--key-passphrase-file",
            "pass.txt",
        ],
        d,
    );
}

const KEY: [&str; 4] = ["--key", "sarah.p12", "--key-passphrase-file", "pass.txt"];

fn with_key<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend_from_slice(&KEY);
    v
}

#[test]
fn sign_off_export_verify_and_catch_an_altered_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    ok(&["example", "ex.s11"], d);
    make_key(d);
    let early = s11(
        &with_key(&["sign-off", "ex.s11", "--report", "--name", "Sarah Taylor"]),
        d,
    );
    assert_eq!(
        early.status.code(),
        Some(2),
        "the report waits for its reviews"
    );
    let why = String::from_utf8_lossy(&early.stderr);
    assert!(
        why.contains("minutes are not signed off")
            && why.contains("BNSSG CCG")
            && why.contains("LPW"),
        "{why}"
    );
    for r in ["r-bnssg-ccg", "r-routes-lpw"] {
        let out = ok(
            &with_key(&[
                "sign-off",
                "ex.s11",
                "--review",
                r,
                "--name",
                "Sarah Taylor",
                "--role",
                "Chair",
                "--accept-gaps",
                "Agreed by the panel",
            ]),
            d,
        );
        assert!(out.contains("Fingerprint (SHA-256): "), "{out}");
    }
    ok(
        &with_key(&[
            "sign-off",
            "ex.s11",
            "--report",
            "--name",
            "Sarah Taylor",
            "--role",
            "Chair",
            "--accept-gaps",
            "Agreed by the panel",
        ]),
        d,
    );
    let out = s11(&["export-pdf", "ex.s11", "-o", "report.pdf"], d);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the signed-off report"),
        "a signed report is exported once signed off"
    );

    let v = ok(&["verify", "report.pdf"], d);
    assert!(v.contains("VERIFIED"), "{v}");
    let v = ok(&["verify", "report.pdf", "ex.s11"], d);
    assert!(
        v.contains("It is the version of the report that the audit records as signed off"),
        "{v}"
    );

    let mut pdf = std::fs::read(d.join("report.pdf")).expect("read");
    let needle = b"\"partnership\":\"South";
    let at = pdf
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("canonical text in the file")
        + needle.len()
        - 1;
    pdf[at] = b'N';
    std::fs::write(d.join("altered.pdf"), &pdf).expect("write");
    let out = s11(&["verify", "altered.pdf"], d);
    assert_eq!(out.status.code(), Some(1), "altered content exits 1");
    assert!(String::from_utf8_lossy(&out.stdout).contains("ALTERED"));

    // A draft is not a signed report: that is an error, not "altered".
    ok(
        &[
            "reopen",
            "ex.s11",
            "--report",
            "--name",
            "Sarah Taylor",
            "--reason",
            "A late correction",
        ],
        d,
    );
    let out = s11(&["verify", "report.pdf", "ex.s11"], d);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a reopened report's PDF is no longer the signed version"
    );
    ok(&["export-pdf", "ex.s11", "-o", "draft.pdf"], d);
    let out = s11(&["verify", "draft.pdf"], d);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("carries no signed content"));

    let trail = ok(&["trail", "ex.s11"], d);
    assert!(
        trail.contains("The report (version 1)\treopened by Sarah Taylor\tA late correction"),
        "{trail}"
    );
}

#[test]
fn reopening_needs_a_reason_and_help_documents_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    ok(&["example", "ex.s11"], d);
    make_key(d);
    ok(
        &with_key(&[
            "sign-off",
            "ex.s11",
            "--review",
            "r-bnssg-ccg",
            "--name",
            "Sarah Taylor",
            "--accept-gaps",
            "Agreed by the panel",
        ]),
        d,
    );
    let out = s11(
        &[
            "reopen",
            "ex.s11",
            "--review",
            "r-bnssg-ccg",
            "--name",
            "Sarah Taylor",
            "--reason",
            " ",
        ],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Give the reason"));
    let help = ok(&["verify", "--help"], d);
    assert!(
        help.contains("0 verified")
            && help.contains("1 altered")
            && help.contains("2 cannot check"),
        "{help}"
    );
}

#[test]
fn gaps_are_listed_and_refused_until_accepted_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    ok(&["example", "ex.s11"], d);
    make_key(d);
    // LPW's minutes have no response to question 2.6 in the seed.
    let out = s11(
        &with_key(&[
            "sign-off",
            "ex.s11",
            "--review",
            "r-routes-lpw",
            "--name",
            "Sarah Taylor",
        ]),
        d,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a sign-off with gaps is refused"
    );
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(
        why.contains("1 question has no response")
            && why.contains("2.6 ")
            && why.contains("--accept-gaps"),
        "each gap in words, and how to go ahead: {why}"
    );
    let out = ok(
        &with_key(&[
            "sign-off",
            "ex.s11",
            "--review",
            "r-routes-lpw",
            "--name",
            "Sarah Taylor",
            "--accept-gaps",
            "The organisation ran out of time",
        ]),
        d,
    );
    assert!(
        out.contains("Gap accepted: Minutes of 1 question were not recorded."),
        "{out}"
    );
    let trail = ok(&["trail", "ex.s11"], d);
    assert!(trail.contains("Signed with Sarah Taylor’s key"), "{trail}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with sqlite3, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_record_rewritten_with_sqlite3_is_flagged_by_the_trail() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    ok(&["example", "ex.s11"], d);
    make_key(d);
    ok(
        &with_key(&[
            "sign-off",
            "ex.s11",
            "--review",
            "r-bnssg-ccg",
            "--name",
            "Sarah Taylor",
            "--accept-gaps",
            "Agreed",
        ]),
        d,
    );
    ok(&["trail", "ex.s11"], d);
    // The sqlite3 shell, as anyone with the file could use it: drop the
    // guard, rewrite who signed, put the guard back.
    let sql = "DROP TRIGGER sign_off_no_update;
        UPDATE sign_off SET signatory_name = 'Mallory Jones';
        CREATE TRIGGER sign_off_no_update BEFORE UPDATE ON sign_off
        BEGIN SELECT RAISE(ABORT, 'Signed off: the sign-off record is permanent and cannot be changed or removed.'); END;";
    let status = std::process::Command::new("sqlite3")
        .arg(d.join("ex.s11"))
        .arg(sql)
        .status()
        .expect("sqlite3 (./.ci/setup --test installs it)");
    assert!(status.success(), "the rewrite itself succeeds");
    let out = s11(&["trail", "ex.s11"], d);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the trail fails on a rewritten record"
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("NOT VALIDLY SIGNED") && said.contains("Mallory Jones"),
        "and says which record: {said}"
    );
}
