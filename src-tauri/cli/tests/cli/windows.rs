//! `s11` with the paths and files a chair on Windows has (issue 21): run
//! on Linux by `./.ci/test` and as a Windows program under Wine by
//! `./.ci/test-windows`, where the folders are on Wine's C: drive and the
//! arguments pass through Windows' UTF-16 command line.

#[path = "../../../core/tests/support/windows_files.rs"]
mod windows_files;
use std::path::{Path, PathBuf};
use windows_files::open_like_a_reader;

use crate::{s11, stderr};

/// `<temp>\Users\Siân\Documents`: spaces, a non-ASCII letter.
fn documents(dir: &tempfile::TempDir) -> PathBuf {
    let docs = dir.path().join("Users").join("Siân").join("Documents");
    std::fs::create_dir_all(&docs).expect("the Documents folder is made");
    docs
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn an_audit_in_c_users_sian_documents_by_its_full_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = documents(&dir);
    let audit = docs.join("2025-26 audit.s11");
    let pdf = docs.join("Testshire – 2025-26 report.pdf");
    if cfg!(windows) {
        assert_eq!(
            arg(&audit).as_bytes().get(1),
            Some(&b':'),
            "a drive-letter path: {}",
            audit.display()
        );
    }
    let made = s11(
        &[
            "new",
            arg(&audit),
            "--partnership",
            "Ynys Môn: Children’s Partnership",
            "--year",
            "2025-26",
        ],
        dir.path(),
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let pdf_out = s11(&["export-pdf", arg(&audit), "-o", arg(&pdf)], dir.path());
    assert!(pdf_out.status.success(), "{}", stderr(&pdf_out));
    assert!(
        std::fs::read(&pdf).is_ok_and(|b| b.starts_with(b"%PDF-")),
        "the PDF is at {}",
        pdf.display()
    );
    // Forward slashes, as scripts and some tools write Windows paths.
    let slashed = arg(&audit).replace('\\', "/");
    let json = s11(&["export-json", &slashed], dir.path());
    assert!(json.status.success(), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
    assert_eq!(
        v["audit"]["partnership"], "Ynys Môn: Children’s Partnership",
        "the name came through the command line whole"
    );
}

#[test]
fn a_second_copy_is_refused_while_the_audit_is_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let audit = documents(&dir).join("open audit.s11");
    assert!(s11(&["example", arg(&audit)], dir.path()).status.success());
    // This test program holds the audit as the app does; s11 is another
    // process, as a second copy of the app would be.
    let holder = s11core::Store::open(&audit).expect("the first copy opens it");
    let out = s11(&["export-json", arg(&audit)], dir.path());
    assert_eq!(out.status.code(), Some(2), "refused: {}", stderr(&out));
    assert!(
        stderr(&out).contains("already open"),
        "says why: {}",
        stderr(&out)
    );
    drop(holder);
    let out = s11(&["export-json", arg(&audit)], dir.path());
    assert!(
        out.status.success(),
        "free once the first copy closes: {}",
        stderr(&out)
    );
}

/// JSON edited on Windows: CRLF line ends, a byte order mark (Notepad), and
/// CRLF inside a text. It imports, and the audit holds plain line breaks.
#[test]
fn json_saved_by_notepad_imports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = documents(&dir);
    let audit = docs.join("ex.s11");
    assert!(s11(&["example", arg(&audit)], dir.path()).status.success());
    let out = s11(&["export-json", arg(&audit)], dir.path());
    let json = String::from_utf8(out.stdout).expect("UTF-8");
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    v["audit"]["background"] = "Line one.\r\nLine two.".into();
    let text = serde_json::to_string_pretty(&v)
        .expect("JSON")
        .replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    let edited = docs.join("edited in Notepad.json");
    std::fs::write(&edited, bytes).expect("write");
    let copy = docs.join("copy.s11");
    let out = s11(&["import-json", arg(&edited), arg(&copy)], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let back = s11(&["export-json", arg(&copy)], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&back.stdout).expect("JSON");
    assert_eq!(v["audit"]["background"], "Line one.\nLine two.");
}

/// Exporting over last week's PDF while a reader shows it: Windows refuses
/// the rename, and s11 says to close the reader (Linux replaces the file).
#[test]
fn an_export_over_a_pdf_open_in_a_reader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = documents(&dir);
    let audit = docs.join("ex.s11");
    let pdf = docs.join("report.pdf");
    assert!(s11(&["example", arg(&audit)], dir.path()).status.success());
    assert!(
        s11(&["export-pdf", arg(&audit), "-o", arg(&pdf)], dir.path())
            .status
            .success()
    );
    let before = std::fs::read(&pdf).expect("the first PDF");
    let reader = open_like_a_reader(&pdf);
    let out = s11(&["export-pdf", arg(&audit), "-o", arg(&pdf)], dir.path());
    if cfg!(windows) {
        assert_eq!(out.status.code(), Some(2), "refused: {}", stderr(&out));
        assert!(
            stderr(&out).contains("open in another program"),
            "says what to do: {}",
            stderr(&out)
        );
        drop(reader);
        assert_eq!(
            std::fs::read(&pdf).ok(),
            Some(before),
            "the PDF being read is whole"
        );
    } else {
        assert!(out.status.success(), "{}", stderr(&out));
        drop(reader);
    }
    let left = windows_files::partial_files(&docs);
    assert_eq!(left, 0, "no temporary file is left behind");
}
