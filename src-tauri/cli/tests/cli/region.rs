//! `s11 region` (issue 17) as a regional lead's script runs it: two
//! partnerships' audits signed off with a key and exported as signed PDFs,
//! collated from the PDFs, a PDF tampered with by pikepdf refused with exit
//! 1, bad input with exit 2, and the regional report read back with
//! pdftotext and python-docx.

use std::path::Path;
use std::process::{Command, Output};

use crate::{s11, stderr};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_s11"))
        .args(args)
        .current_dir(cwd)
        .env("S11_KEY_PASSPHRASE", "correct horse battery")
        .output()
        .expect("s11 runs")
}

fn ok(args: &[&str], cwd: &Path) -> String {
    let out = run(args, cwd);
    assert!(out.status.success(), "{args:?} succeeds: {}", stderr(&out));
    stdout(&out)
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Signs off both held reviews and the report of the example-shaped
/// audit `file`, then exports its signed PDF to `pdf`.
fn sign_and_export(d: &Path, file: &str, pdf: &str) {
    for review in ["r-bnssg-ccg", "r-routes-lpw"] {
        ok(
            &[
                "sign-off",
                file,
                "--review",
                review,
                "--name",
                "Siân Prydderch",
                "--role",
                "Chair",
                "--key",
                "sian.p12",
                "--accept-gaps",
                "Agreed by the panel",
            ],
            d,
        );
    }
    ok(
        &[
            "sign-off",
            file,
            "--report",
            "--name",
            "Siân Prydderch",
            "--role",
            "Chair",
            "--key",
            "sian.p12",
            "--accept-gaps",
            "Agreed by the panel",
        ],
        d,
    );
    ok(&["export-pdf", file, "-o", pdf], d);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "tampers with a PDF through python3 and pikepdf, and reads PDFs back with poppler: Linux programs"
)]
fn a_region_is_collated_from_signed_pdfs_and_a_tampered_one_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let out = ok(
        &[
            "identity",
            "new",
            "--name",
            "Siân Prydderch",
            "--role",
            "Chair",
            "-o",
            "sian.p12",
        ],
        d,
    );
    let fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Certificate fingerprint (SHA-256): "))
        .expect("the fingerprint is printed")
        .to_string();

    // Two partnerships: the example, and the same audit as Ynys Môn's with
    // its organisations renamed (an invented partnership, Welsh letters).
    ok(&["example", "sg.s11"], d);
    ok(&["export-json", "sg.s11", "-o", "sg.json"], d);
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("sg.json")).expect("read"))
            .expect("JSON");
    json["audit"]["id"] = "ynys-mon-2021-22".into();
    json["audit"]["partnership"] = "Ynys Môn Safeguarding Children Partnership".into();
    json["reviews"][0]["organisation"] = "Canolfan Ieuenctid Llŷr".into();
    json["reviews"][0]["short_name"] = "Llŷr".into();
    std::fs::write(d.join("ym.json"), json.to_string()).expect("write");
    ok(&["import-json", "ym.json", "ym.s11"], d);
    sign_and_export(d, "sg.s11", "sg.pdf");
    sign_and_export(d, "ym.s11", "ym.pdf");

    // Bad input: exit 2 with a plain message.
    let o = s11(
        &[
            "region",
            "new",
            "av.region",
            "--name",
            "Avon",
            "--year",
            "2021-22",
        ],
        d,
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("end in .s11region"), "{}", stderr(&o));
    let o = s11(
        &[
            "region",
            "new",
            "av.s11region",
            "--name",
            "Avon",
            "--year",
            "2021",
        ],
        d,
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("2021-22"),
        "the message shows the form: {}",
        stderr(&o)
    );

    ok(
        &[
            "region",
            "new",
            "av.s11region",
            "--name",
            "Avon & Somerset",
            "--year",
            "2021-22",
        ],
        d,
    );
    let o = s11(&["export-pdf", "av.s11region", "-o", "x.pdf"], d);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("is a regional collation (.s11region), not a partnership’s audit"),
        "{}",
        stderr(&o)
    );
    let o = s11(&["region", "list", "sg.s11"], d);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("is a partnership’s audit file, not a regional collation"),
        "{}",
        stderr(&o)
    );

    let added = ok(&["region", "add", "av.s11region", "sg.pdf", "ym.pdf"], d);
    assert!(
        added.contains("Added South Gloucestershire Children's Partnership from sg.pdf"),
        "{added}"
    );
    assert!(
        added.contains("Added Ynys Môn Safeguarding Children Partnership from ym.pdf"),
        "{added}"
    );
    // What is not a partnership's report is named for what it is: the
    // collation itself, and a file that starts like JSON but is not.
    let o = s11(&["region", "add", "av.s11region", "av.s11region"], d);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("is a regional collation itself, not a partnership’s report"),
        "{}",
        stderr(&o)
    );
    std::fs::write(d.join("brace.pdf"), b"{\x12\xff not json at all").expect("write");
    let o = s11(&["region", "add", "av.s11region", "brace.pdf"], d);
    assert_eq!(code(&o), 2);
    assert!(
        !stderr(&o).contains("carries no sign-off") && stderr(&o).contains("cannot be collated"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains(".."), "one full stop: {}", stderr(&o));
    let again = ok(&["region", "add", "av.s11region", "sg.s11"], d);
    assert!(
        again.contains("is the report already collated; nothing changed"),
        "the audit's signed-off report is the content its PDF carries: {again}"
    );

    // A protected audit is opened with its passphrase (S11_PASSPHRASE, as
    // for every command that opens an audit).
    std::fs::copy(d.join("ym.s11"), d.join("ym-protected.s11")).expect("copied");
    let o = s11(&["protect", "ym-protected.s11"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = s11(&["region", "add", "av.s11region", "ym-protected.s11"], d);
    assert!(
        o.status.success(),
        "a protected audit is read with its passphrase: {}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("nothing changed"), "{}", stdout(&o));

    // A PDF rewritten by another program (pikepdf) after signing.
    let py = Command::new("python3")
        .args([
            "-c",
            "import pikepdf,sys\npdf=pikepdf.open(sys.argv[1])\npdf.docinfo['/Title']='Edited'\npdf.save(sys.argv[2])",
        ])
        .arg(d.join("ym.pdf"))
        .arg(d.join("tampered.pdf"))
        .output()
        .expect("python3 with pikepdf runs");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let o = s11(
        &["region", "add", "av.s11region", "tampered.pdf", "sg.pdf"],
        d,
    );
    assert_eq!(
        code(&o),
        1,
        "a PDF whose signature does not verify exits 1: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("tampered.pdf was not added: its signatures do not verify"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("NOT VALIDLY SIGNED: this PDF’s signature does not cover the file"),
        "it says which check failed and why: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("nothing was added"),
        "all or none: {}",
        stderr(&o)
    );
    let o = s11(&["region", "add", "av.s11region", "ym.json"], d);
    assert_eq!(code(&o), 2, "a JSON export is not signed: bad input");
    assert!(
        stderr(&o).contains("carries no sign-off") && stderr(&o).contains("--draft"),
        "{}",
        stderr(&o)
    );

    let list = ok(&["region", "list", "av.s11region"], d);
    for expected in [
        "Avon & Somerset · 2021-22",
        "Ynys Môn Safeguarding Children Partnership",
        "signed off by Siân Prydderch",
        &format!("certificate SHA-256 {fingerprint}"),
        "Canolfan Ieuenctid Llŷr: held, 10 February 2022",
        "Community & Voluntary Services: did not take place",
        "Regional themes:",
        "2 Learning & Development (South Gloucestershire, Ynys Môn)",
    ] {
        assert!(
            list.contains(expected),
            "region list shows “{expected}”:\n{list}"
        );
    }
    assert!(
        !list.contains("DRAFT"),
        "nothing collated is a draft:\n{list}"
    );

    ok(
        &[
            "region",
            "set",
            "av.s11region",
            "--authors",
            "Gwenllïan Roberts; Tomás Ó Súilleabháin",
            "--conclusion",
            "Strong arrangements across the region.",
        ],
        d,
    );
    ok(
        &[
            "region",
            "summary",
            "av.s11region",
            "--theme",
            "learning and development",
            "--strengths",
            "Multi-agency training is well used.",
            "--development",
            "Share learning from reviews more widely.",
        ],
        d,
    );
    let o = s11(
        &[
            "region",
            "summary",
            "av.s11region",
            "--theme",
            "Astrology",
            "--strengths",
            "x",
        ],
        d,
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("there is no regional theme “Astrology”"),
        "{}",
        stderr(&o)
    );

    ok(
        &["region", "export-pdf", "av.s11region", "-o", "regional.pdf"],
        d,
    );
    let o = s11(&["region", "export-pdf", "av.s11region", "-o", "sg.s11"], d);
    assert_eq!(code(&o), 2, "an export never replaces an audit");
    let text = Command::new("pdftotext")
        .arg(d.join("regional.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Regional Section 11 Report 2021-22",
        "Collated from the Section 11 reports of 2 partnerships (6 organisations)",
        "This regional report was written by Gwenllïan Roberts and Tomás Ó Súilleabháin.",
        "Canolfan Ieuenctid Llŷr",
        "Multi-agency training is well used.",
        "South Gloucestershire 1",
        "Ynys Môn 1",
        "Strong arrangements across the region.",
        "Siân Prydderch, ",
    ] {
        assert!(
            text.contains(expected),
            "the regional PDF says “{expected}”:\n{text}"
        );
    }
    assert!(
        text.replace(' ', "")
            .contains(&fingerprint.replace(' ', "")),
        "the signer's fingerprint is in the appendix"
    );

    ok(
        &[
            "region",
            "export-docx",
            "av.s11region",
            "-o",
            "regional.docx",
        ],
        d,
    );
    let word = Command::new("python3")
        .args([
            "-c",
            "import docx,sys\nd=docx.Document(sys.argv[1])\nprint('\\n'.join(p.text for p in d.paragraphs))\nfor t in d.tables:\n  for r in t.rows: print(' | '.join(c.text for c in r.cells))",
        ])
        .arg(d.join("regional.docx"))
        .output()
        .expect("python3 with python-docx runs");
    let word = String::from_utf8_lossy(&word.stdout);
    for expected in [
        "Regional Section 11 Report 2021-22",
        "Canolfan Ieuenctid Llŷr",
        "Ynys Môn 1",
        "Multi-agency training is well used.",
    ] {
        assert!(
            word.contains(expected),
            "the Word file has “{expected}”:\n{word}"
        );
    }

    // Signed by the regional lead: pdfsig and `s11 verify` check it.
    ok(
        &[
            "region",
            "export-pdf",
            "av.s11region",
            "-o",
            "signed-regional.pdf",
            "--key",
            "sian.p12",
            "--role",
            "Regional lead",
        ],
        d,
    );
    let v = run(&["verify", "signed-regional.pdf"], d);
    assert_eq!(
        code(&v),
        0,
        "s11 verify checks the signed regional report: {}",
        stdout(&v)
    );
    assert!(
        stdout(&v).contains("Signed by Siân Prydderch (Chair)") && stdout(&v).contains("VERIFIED"),
        "verified, with the role in the certificate: {}",
        stdout(&v)
    );
    let pdfsig = Command::new("pdfsig")
        .arg(d.join("signed-regional.pdf"))
        .output()
        .expect("pdfsig runs");
    let pdfsig = String::from_utf8_lossy(&pdfsig.stdout);
    assert!(
        pdfsig.contains("Signature is Valid.") && pdfsig.contains("Total document signed"),
        "{pdfsig}"
    );

    // Added deliberately as a draft, the tampered one is marked so.
    let o = run(
        &[
            "region",
            "remove",
            "av.s11region",
            "Ynys Môn Safeguarding Children Partnership",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let drafted = ok(
        &["region", "add", "av.s11region", "--draft", "tampered.pdf"],
        d,
    );
    assert!(drafted.contains("as a DRAFT"), "{drafted}");
    assert!(ok(&["region", "list", "av.s11region"], d)
        .contains("Ynys Môn Safeguarding Children Partnership — DRAFT"));
}
