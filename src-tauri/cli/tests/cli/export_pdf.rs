//! `s11 export-pdf` and `s11 template-pdf` as a user runs them, read back
//! with pdftotext.

use std::path::Path;
use std::process::Command;

use crate::{s11, stderr};

fn pdftotext(path: &Path) -> String {
    match Command::new("pdftotext").arg(path).arg("-").output() {
        // Whitespace folded: where a line wraps is the layout's business.
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        Ok(o) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            panic!("pdftotext could not run ({e}): install poppler-utils by running ./.ci/test")
        }
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdftotext and unzip, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn export_pdf_writes_the_draft_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(s11(&["example", "ex.s11"], dir.path()).status.success());
    let out = s11(&["export-pdf", "ex.s11", "-o", "report.pdf"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not protected by any passphrase"),
        "the user is told the PDF is readable by anyone: {}",
        stderr(&out)
    );
    let text = pdftotext(&dir.path().join("report.pdf"));
    for needle in [
        "Section 11 Report 2021-22",
        "Peer Review Routes Service",
        "Recommendations: BNSSG CCG",
        "DRAFT",
        "Page 1 of",
    ] {
        assert!(text.contains(needle), "the report has “{needle}”");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdftotext and unzip, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn template_pdf_writes_the_blank_question_template() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(s11(&["example", "ex.s11"], dir.path()).status.success());
    let out = s11(
        &["template-pdf", "ex.s11", "--output", "questions.pdf"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdftotext(&dir.path().join("questions.pdf"));
    assert!(text.contains("Question Template"));
    assert!(text.contains("How do you ensure that staff know what to do"));
    assert!(!text.contains("DRAFT"));
}

#[test]
fn export_pdf_mistakes_exit_2_with_plain_messages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = s11(&["export-pdf", "missing.s11", "-o", "r.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no audit file"), "{}", stderr(&out));
    assert!(s11(&["example", "ex.s11"], dir.path()).status.success());
    let out = s11(
        &["export-pdf", "ex.s11", "-o", "no-such-dir/r.pdf"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("could not write"), "{}", stderr(&out));
}

/// A .docx's main text, unzipped.
fn docx_document(path: &Path) -> String {
    let o = Command::new("unzip")
        .arg("-p")
        .arg(path)
        .arg("word/document.xml")
        .output()
        .expect("unzip runs (./.ci/setup --test installs it)");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdftotext and unzip, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn export_docx_writes_the_report_in_word_and_names_the_signed_pdf_once_signed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    assert!(s11(&["example", "ex.s11"], d).status.success());
    let out = s11(&["export-docx", "ex.s11", "-o", "report.docx"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the draft report as Word"),
        "{}",
        stderr(&out)
    );
    let xml = docx_document(&d.join("report.docx"));
    assert!(
        xml.contains("Peer Review BNSSG CCG") && xml.contains("Heading1"),
        "{}",
        &xml[..xml.len().min(500)]
    );
    assert!(!xml.contains("The signed PDF is the record"));

    crate::signoff::make_key(d);
    for subject in [
        &["--review", "r-bnssg-ccg"][..],
        &["--review", "r-routes-lpw"],
        &["--report"],
    ] {
        let mut args = vec!["sign-off", "ex.s11"];
        args.extend_from_slice(subject);
        args.extend_from_slice(&[
            "--name",
            "Sarah Taylor",
            "--role",
            "Chair",
            "--key",
            "sarah.p12",
            "--key-passphrase-file",
            "pass.txt",
            "--accept-gaps",
            "Agreed by the panel",
        ]);
        let o = s11(&args, d);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let out = s11(&["export-docx", "ex.s11", "-o", "signed.docx"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the signed PDF is the record"),
        "{}",
        stderr(&out)
    );
    let xml = docx_document(&d.join("signed.docx"));
    assert!(xml.contains("The signed PDF is the record of this report"));
    assert!(
        xml.contains("Fingerprint of the signed content (SHA-256): "),
        "the fingerprint is on the first page"
    );
}
