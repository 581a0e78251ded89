//! `s11 new --from` and `s11 actions` (issue 18) as a user runs them: next
//! year's audit from the example, actions listed, set and exported as CSV
//! read back with Python's csv module, and last year's file left as it was.

use std::process::Command;

use crate::{s11, stderr};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with python3, LibreOffice and pdftotext, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn next_years_actions_are_set_listed_and_exported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    assert!(s11(&["example", "last.s11"], d).status.success());
    let before = std::fs::read(d.join("last.s11")).expect("read");

    let out = s11(
        &["new", "next.s11", "--from", "last.s11", "--year", "2022-23"],
        d,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("12 recommendations"),
        "{}",
        stdout(&out)
    );

    let out = s11(
        &[
            "actions",
            "set",
            "next.s11",
            "3",
            "--status",
            "completed",
            "--note",
            "Capacity reported to the executive",
            "--link",
            "https://example.org/exec",
            "--due",
            "2023-03-31",
        ],
        d,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "3: Completed");
    let out = s11(
        &["actions", "set", "next.s11", "a", "--status", "in progress"],
        d,
    );
    assert!(
        out.status.success(),
        "a label in either case and a status in words: {}",
        stderr(&out)
    );

    let out = s11(
        &["actions", "set", "next.s11", "3", "--status", "finished"],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not_started, in_progress, completed"),
        "a bad status lists the good ones: {}",
        stderr(&out)
    );
    let out = s11(
        &["actions", "set", "next.s11", "Z", "--status", "completed"],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("s11 actions list"),
        "an unknown number says where to look: {}",
        stderr(&out)
    );

    let out = s11(&["actions", "list", "next.s11"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = stdout(&out);
    assert!(list.contains("Recommendations from 2021-22"), "{list}");
    assert!(
        list.contains("Due 31 March 2023") && list.contains(": Capacity reported to the executive"),
        "{list}"
    );
    assert!(
        list.contains("10 not started, 1 in progress, 1 completed"),
        "counts by status: {list}"
    );

    let out = s11(
        &[
            "actions",
            "export",
            "next.s11",
            "--csv",
            "-o",
            "actions.csv",
        ],
        d,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = std::fs::read(d.join("actions.csv")).expect("CSV written");
    assert!(
        raw.starts_with(b"\xEF\xBB\xBF"),
        "a BOM so Excel reads UTF-8"
    );
    assert!(
        raw.windows(2).filter(|w| w == b"\r\n").count() >= 13,
        "CRLF line ends"
    );
    let py = Command::new("python3")
        .args(["-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))"])
        .arg(d.join("actions.csv"))
        .output()
        .expect("python3 runs (install python3 to run this test)");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let rows: Vec<Vec<String>> = serde_json::from_slice(&py.stdout).expect("JSON rows");
    let labels: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        labels,
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C"]
    );
    assert_eq!(
        &rows[3][3..],
        [
            "Completed",
            "31 March 2023",
            "Capacity reported to the executive",
            &rows[3][6],
            "https://example.org/exec"
        ]
    );
    assert_eq!(rows[10][3], "In progress");

    // LibreOffice Calc, as a partner opening the file would: it reads the
    // CSV (UTF-8) and writes it back out; the rows must come back the same,
    // accented and curly characters included.
    let profile = d.join("lo-profile");
    let calc = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true",
            "--outdir",
        ])
        .arg(d.join("calc"))
        .arg(d.join("actions.csv"))
        .output()
        .expect("soffice (./.ci/setup --test installs LibreOffice Calc)");
    assert!(
        calc.status.success(),
        "{}",
        String::from_utf8_lossy(&calc.stderr)
    );
    let py = Command::new("python3")
        .args(["-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))"])
        .arg(d.join("calc").join("actions.csv"))
        .output()
        .expect("python3");
    let through_calc: Vec<Vec<String>> = serde_json::from_slice(&py.stdout).expect("JSON rows");
    assert_eq!(
        through_calc, rows,
        "LibreOffice Calc reads the same rows and characters"
    );

    let out = s11(&["export-pdf", "next.s11", "-o", "next.pdf"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = Command::new("pdftotext")
        .arg(d.join("next.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Progress on 2021-22 recommendations"),
        "the report has the progress table"
    );
    assert!(
        text.contains("Capacity reported to the executive"),
        "with the latest note"
    );

    let out = s11(&["actions", "pdf", "next.s11", "-o", "plan.pdf"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = Command::new("pdftotext")
        .arg(d.join("plan.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let plan = String::from_utf8_lossy(&plan.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        plan.contains("Progress on 2021-22 recommendations")
            && plan.contains("Due 31 March 2023")
            && plan.contains("Capacity reported to the executive"),
        "the action plan shows status, due date and progress: {plan}"
    );

    assert!(
        std::fs::read(d.join("last.s11")).expect("read") == before,
        "last year's file is unchanged by all of this"
    );
}

#[test]
fn next_year_must_follow_last_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(s11(&["example", "last.s11"], dir.path()).status.success());
    let out = s11(
        &["new", "next.s11", "--from", "last.s11", "--year", "2020-21"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("2022-23"),
        "the refusal suggests the next year: {}",
        stderr(&out)
    );
    assert!(!dir.path().join("next.s11").exists(), "nothing is made");
    let out = s11(&["actions", "list", "last.s11"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not started from last year"),
        "{}",
        stderr(&out)
    );
}
