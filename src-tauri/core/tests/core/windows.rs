//! What Windows does differently with files (issue 21). These run on every
//! system (`./.ci/test`) and, cross-built, as a Windows program under Wine
//! (`./.ci/test-windows`), where the files are on Wine's C: drive; the parts
//! only Windows can show are marked `cfg(windows)`.

#[path = "../support/windows_files.rs"]
mod windows_files;
use std::path::{Path, PathBuf};
use windows_files::open_like_a_reader;

use s11core::backups;
use s11core::dates::Timestamp;
use s11core::files::{self, is_reserved_on_windows, suggested_file_name, OutputError};
use s11core::{example::example, AuditDoc, Store, StoreError};

/// A folder like a chair's Documents on Windows, under the temporary
/// folder: spaces, a non-ASCII letter and a year with a dash.
fn documents(dir: &tempfile::TempDir) -> PathBuf {
    let docs = dir.path().join("Users").join("Siân").join("Documents");
    std::fs::create_dir_all(&docs).expect("the Documents folder is made");
    docs
}

fn new_doc(partnership: &str) -> AuditDoc {
    AuditDoc::new("a1b2c3".into(), partnership.into(), "2025-26".into())
}

#[test]
fn suggested_names_are_names_windows_accepts() {
    let cases = [
        // A partnership or review name as typed, with what Windows forbids.
        (
            "Testshire: Police? <East> \"CID\" | A*B",
            "pdf",
            "Testshire- Police- -East- -CID- - A-B.pdf",
        ),
        (
            "Review 2024/25 \\ draft",
            "docx",
            "Review 2024-25 - draft.docx",
        ),
        // Device names, alone or before a dot, in any case.
        ("CON", "pdf", "CON_.pdf"),
        ("aux", "s11", "aux_.s11"),
        ("aux.s11", "pdf", "aux_.s11.pdf"),
        ("nul.report", "pdf", "nul_.report.pdf"),
        ("Com1", "csv", "Com1_.csv"),
        ("LPT9 ", "pdf", "LPT9_.pdf"),
        // Trailing dots and spaces (Windows drops them), leading ones (hidden on Linux).
        ("  ...Testshire 2025-26... ", "s11", "Testshire 2025-26.s11"),
        // A line break typed into a name.
        ("Ann\r\nSmith", "s11notes", "Ann Smith.s11notes"),
        // Nothing left.
        (" ?? ", "pdf", "--.pdf"),
        ("", "pdf", "Section 11.pdf"),
        ("...", "pdf", "Section 11.pdf"),
        // Kept: accents, dashes, apostrophes, brackets.
        (
            "Siân’s Partnership – 2025-26 (draft)",
            "pdf",
            "Siân’s Partnership – 2025-26 (draft).pdf",
        ),
    ];
    for (typed, ext, expected) in cases {
        assert_eq!(suggested_file_name(typed, ext), expected, "from {typed:?}");
    }
    let long = "Testshire Children’s Safeguarding Partnership ".repeat(10);
    let name = suggested_file_name(&long, "pdf");
    assert!(
        name.chars().count() <= 124 && name.ends_with(".pdf"),
        "a long name is cut short, whole characters, extension kept: {name}"
    );
    assert!(
        !name.contains(" .pdf"),
        "no space before the extension: {name}"
    );

    assert!(
        is_reserved_on_windows("COM¹"),
        "Windows reserves COM with superscript digits too"
    );
    assert!(
        !is_reserved_on_windows("Console"),
        "only the whole device name is reserved"
    );
    assert!(
        !is_reserved_on_windows("COM10"),
        "COM10 is an ordinary name"
    );
}

#[test]
fn every_suggested_name_can_be_written_and_read_back_by_that_name() {
    // Each name is used for a real file here: on Windows a forbidden
    // character or a device name would fail or write somewhere else.
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = documents(&dir);
    for typed in [
        "Testshire: Police?",
        "CON",
        "aux.s11",
        "PRN",
        "a<b>c|d\"e*f",
        "Siân’s review.",
    ] {
        let name = suggested_file_name(typed, "pdf");
        let path = docs.join(&name);
        files::write_export(&path, b"%PDF-1.7 test", &[])
            .unwrap_or_else(|e| panic!("{name} (from {typed:?}) is writable: {e}"));
        let listed: Vec<String> = std::fs::read_dir(&docs)
            .expect("list")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        assert!(
            listed.contains(&name),
            "{name} is in the folder under its own name: {listed:?}"
        );
        assert_eq!(
            std::fs::read(&path).ok().as_deref(),
            Some(&b"%PDF-1.7 test"[..])
        );
    }
}

#[test]
fn an_export_replaces_the_last_one_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = documents(&dir).join("Testshire 2025-26 report.pdf");
    files::write_export(&out, b"first", &[]).expect("first export");
    files::write_export(&out, b"second", &[]).expect("an export over the last one");
    assert_eq!(std::fs::read(&out).ok().as_deref(), Some(&b"second"[..]));
    let left: Vec<_> = std::fs::read_dir(out.parent().expect("folder"))
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "no temporary file is left: {left:?}");
}

/// A PDF reader (Acrobat, Edge) keeps the PDF it shows open without
/// letting anyone delete or replace it. On Windows the export is then
/// refused with words saying what to do, and the PDF being read is left
/// whole; on Linux the rename simply replaces it.
#[test]
fn an_export_over_a_file_open_in_a_reader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = documents(&dir).join("report.pdf");
    files::write_export(&out, b"last week", &[]).expect("first export");
    let reader = open_like_a_reader(&out);
    let result = files::write_export(&out, b"this week", &[]);
    if cfg!(windows) {
        match &result {
            Err(e @ OutputError::OpenElsewhere(_)) => {
                let text = e.to_string();
                assert!(
                    text.contains("open in another program") && text.contains("Close it"),
                    "says what to do: {text}"
                );
            }
            other => panic!("refused as open elsewhere, got {other:?}"),
        }
        drop(reader);
        assert_eq!(
            std::fs::read(&out).ok().as_deref(),
            Some(&b"last week"[..]),
            "the file being read is untouched"
        );
        files::write_export(&out, b"this week", &[]).expect("works once the reader closes");
    } else {
        result.expect("Linux replaces a file that is open");
        drop(reader);
    }
    assert_eq!(std::fs::read(&out).ok().as_deref(), Some(&b"this week"[..]));
    let partials = windows_files::partial_files(out.parent().expect("folder"));
    assert_eq!(partials, 0, "a refused export leaves no temporary file");
}

/// The audit's whole life in a folder with spaces and a non-ASCII name:
/// created (through a temporary file), locked against a second writer,
/// backed up twice in the same second (a rename over the first backup),
/// read through SQLite's read-only `immutable` URI, protected (a rename over
/// the audit), and restored from a backup after damage.
#[test]
fn an_audit_lives_in_c_users_sian_documents() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let docs = documents(&dir);
    let path = docs.join("2025-26 audit.s11");
    if cfg!(windows) {
        let shown = path.to_string_lossy();
        assert!(
            shown.as_bytes().get(1) == Some(&b':') && shown.contains('\\'),
            "a drive-letter path: {shown}"
        );
    }
    let mut store = Store::create(&path, &new_doc("Testshire: Children’s Partnership"))?;
    assert!(
        matches!(Store::open(&path), Err(StoreError::AlreadyOpen(_))),
        "a second copy of the app is refused while the audit is open"
    );
    let root = dir
        .path()
        .join("AppData")
        .join("Roaming")
        .join("uk.section11panel.desktop")
        .join("backups");
    let first = backups::make(&store, &root, Timestamp(1_760_000_000))?;
    store.update(|d| d.add_panel_member("m1".into(), "Siân Jones", "Chair", "Testshire"))?;
    let again = backups::make(&store, &root, Timestamp(1_760_000_000))?;
    assert_eq!(
        first, again,
        "the same second's backup is replaced by a rename"
    );
    assert_eq!(
        Store::open_to_read(&again, None)?.load()?.panel.len(),
        1,
        "the newer backup won"
    );

    // The same file by another spelling of its path finds its backups.
    let respelled = if cfg!(windows) {
        PathBuf::from(path.to_string_lossy().to_uppercase().replace('\\', "/"))
    } else {
        docs.join(".").join("2025-26 audit.s11")
    };
    assert_eq!(
        backups::latest_for(&root, &respelled),
        Some(again.clone()),
        "found from {}",
        respelled.display()
    );
    drop(store);

    // Read-only (the file's read-only attribute on Windows): read through
    // SQLite's immutable URI, which must carry the drive letter and "â".
    let mut perms = std::fs::metadata(&path)?.permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms.clone())?;
    let reader = Store::open_to_read(&path, None)?;
    assert_eq!(reader.load()?.panel[0].name, "Siân Jones");
    drop(reader);
    if cfg!(windows) {
        for log in ["-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(log);
            assert!(
                !Path::new(&p).exists(),
                "reading a read-only audit leaves no {log} file, which would stay read-only"
            );
        }
    }
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms)?;

    // Protecting replaces the audit by renaming a new file over it.
    let protected = Store::open(&path)?.protect("a passphrase of some length")?;
    assert!(protected.is_protected());
    drop(protected);
    assert!(matches!(Store::open(&path), Err(StoreError::Passphrase(_))));

    // Damage, then put the plain backup back beside the damaged file.
    let len = std::fs::metadata(&path)?.len();
    std::fs::write(&path, vec![0u8; usize::try_from(len)?])?;
    let aside = backups::restore(&again, &path, Timestamp(1_760_000_600))?.ok_or("kept aside")?;
    assert!(
        aside.is_file(),
        "the damaged file is kept: {}",
        aside.display()
    );
    assert_eq!(Store::open(&path)?.load()?.panel[0].name, "Siân Jones");
    Ok(())
}

/// An audit exported as JSON on Windows and edited there: CRLF line ends
/// (Notepad), a byte order mark, CRLF inside the texts, and a copy saved
/// by Windows PowerShell as UTF-16. All import; no carriage return reaches
/// the audit or the report.
#[test]
fn json_saved_on_windows_imports_without_carriage_returns() -> Result<(), Box<dyn std::error::Error>>
{
    let mut doc = example()?;
    doc.audit.background = "First paragraph.\nSecond paragraph.".into();
    let json = s11core::interchange::to_json(&doc)
        .replace("First paragraph.\\nSecond", "First paragraph.\\r\\nSecond")
        .replace('\n', "\r\n");
    assert!(json.contains("\\r\\n"), "the text holds an escaped CRLF");
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend_from_slice(json.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(json.encode_utf16().flat_map(u16::to_le_bytes));
    for (what, bytes) in [("UTF-8 with a BOM", utf8), ("UTF-16", utf16)] {
        let text = files::text_of(bytes).ok_or(what)?;
        let imported = s11core::interchange::import_json(&text)?;
        assert_eq!(
            imported.audit.background, "First paragraph.\nSecond paragraph.",
            "{what}: CRLF is a line break"
        );
        let again = s11core::interchange::to_json(&imported);
        assert!(!again.contains("\\r"), "{what}: no carriage return is kept");
    }
    assert!(
        files::text_of(vec![0xFF, 0xFE, 0x41]).is_none(),
        "odd UTF-16 is refused"
    );
    assert!(
        files::text_of(vec![0xC3, 0x28]).is_none(),
        "bad UTF-8 is refused"
    );
    Ok(())
}
