//! `s11 notes` as a user runs it: pack, export, import, and refusals.

use std::process::Output;

use crate::s11;

use s11core::dates::Timestamp;
use s11core::Store;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn pack_export_import_and_import_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    assert!(s11(&["example", "chair.s11"], d).status.success());
    let out = s11(
        &[
            "notes",
            "pack",
            "chair.s11",
            "--review",
            "r-bnssg-ccg",
            "--author",
            "Ann Example",
            "-o",
            "ann.s11",
        ],
        d,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("BNSSG CCG"), "{}", text(&out));

    // The minute-taker types in the pack (as the app's minutes screen does).
    {
        let mut pack = Store::open_with(&d.join("ann.s11"), Some(crate::PACK_PASSPHRASE))
            .expect("the pack opens with the passphrase the chair told by phone");
        pack.set_response(
            "r-bnssg-ccg",
            "t1q1",
            "Staff use the app.",
            Timestamp(1_644_501_900),
        )
        .expect("minute");
    }
    let out = s11(&["notes", "export", "ann.s11", "-o", "ann.json"], d);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 note(s) by Ann Example"),
        "{}",
        text(&out)
    );

    let out = s11(&["notes", "import", "chair.s11", "ann.json"], d);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("1 added"), "{}", text(&out));
    let before = std::fs::read(d.join("chair.s11")).expect("read");
    let out = s11(&["notes", "import", "chair.s11", "ann.json"], d);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("0 added, 0 updated"),
        "the second import changes nothing: {}",
        text(&out)
    );
    assert_eq!(
        std::fs::read(d.join("chair.s11")).expect("read"),
        before,
        "not a byte written"
    );

    let doc = Store::open(&d.join("chair.s11"))
        .expect("open")
        .load()
        .expect("load");
    let notes = &doc.review("r-bnssg-ccg").expect("review").notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].author.as_str(), notes[0].text.as_str()),
        ("Ann Example", "Staff use the app.")
    );
}

#[test]
fn refusals_exit_2_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    assert!(s11(&["example", "chair.s11"], d).status.success());
    assert!(s11(
        &[
            "notes",
            "pack",
            "chair.s11",
            "--review",
            "r-bnssg-ccg",
            "-o",
            "pack.s11"
        ],
        d
    )
    .status
    .success());
    std::fs::write(
        d.join("cut.json"),
        "{\"format\": \"section11-panel/notes\", \"format_version\": 1, \"audit\": \"exa",
    )
    .expect("write");
    std::fs::write(
        d.join("newer.json"),
        "{\"format\": \"section11-panel/notes\", \"format_version\": 9, \"audit\": \"x\", \"review\": \"y\", \"author\": \"A\", \"exported\": \"2022-02-10T14:05:00Z\", \"notes\": [], \"sealed\": true}",
    )
    .expect("write");
    let before = std::fs::read(d.join("chair.s11")).expect("read");
    let cases: &[(&[&str], &str)] = &[
        (
            &["notes", "export", "pack.s11", "-o", "n.json"],
            "Give your name",
        ),
        (
            &["notes", "export", "chair.s11", "-o", "n.json"],
            "not a minute pack",
        ),
        (&["notes", "import", "chair.s11", "cut.json"], "cut short"),
        (
            &["notes", "import", "chair.s11", "newer.json"],
            "newer version",
        ),
        (
            &["notes", "import", "chair.s11", "missing.json"],
            "could not be read",
        ),
        (
            &[
                "notes",
                "pack",
                "chair.s11",
                "--review",
                "r-nowhere",
                "-o",
                "p.s11",
            ],
            "not in this audit",
        ),
        (
            &[
                "notes",
                "pack",
                "chair.s11",
                "--review",
                "r-bnssg-ccg",
                "-o",
                "p",
            ],
            "end in .s11",
        ),
    ];
    for (args, needle) in cases {
        let out = s11(args, d);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?} exits 2: {}",
            text(&out)
        );
        assert!(
            text(&out).contains(needle),
            "{args:?}: “{}” should mention “{needle}”",
            text(&out)
        );
    }
    assert_eq!(
        std::fs::read(d.join("chair.s11")).expect("read"),
        before,
        "refusals leave the audit unchanged"
    );
    assert!(
        !d.join("n.json").exists() && !d.join("p.s11").exists(),
        "refusals write no file"
    );
}
