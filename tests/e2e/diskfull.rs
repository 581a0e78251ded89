//! A full disk while autosaving (issue 8): the status says "Not saved" with
//! the reason, the text stays on screen, the save is retried, and once space
//! returns everything typed is saved. Needs root to mount a small tmpfs; the
//! test says so and passes without checking anything where it cannot.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use s11core::{AuditDoc, Store};

use crate::driver::App;

/// A 3 MB tmpfs, unmounted on drop (before its mount point is removed).
struct SmallDisk(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(dir.path().to_path_buf(), dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes `path` until the disk is full.
fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).expect("filler file");
    let chunk = vec![0u8; 16 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
}

#[test]
fn a_full_disk_while_typing_loses_nothing() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    };
    let path = disk.0.join("full disk.s11");
    {
        let mut store = Store::create(
            &path,
            &AuditDoc::new(
                "full".into(),
                "Testshire Children's Partnership".into(),
                "2024-25".into(),
            ),
        )
        .expect("audit created");
        store
            .update(|d| d.add_review("r1".into(), "Full Disk Org", "FDO"))
            .expect("review");
    }
    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text("#audit-title", "Testshire");
    app.click("[data-minutes=\"r1\"]");
    app.wait_for_text("#minutes-title", "FDO");
    app.type_here("Before the disk filled. ");
    app.wait_for_text("#status", "Saved at");

    let filler = disk.0.join("filler");
    fill(&filler);
    // More than the write-ahead log can reuse, so the next save needs new space.
    let more = "The panel heard about supervision and training. ".repeat(60);
    app.type_here(&more);
    let status = app.wait_for_text("#status", "Not saved");
    assert!(
        status.contains("disk has space"),
        "the reason is given: {status}"
    );
    assert!(
        status.contains("Retrying"),
        "the chair is told it will be retried: {status}"
    );
    let typed = format!("Before the disk filled. {more}");
    assert_eq!(app.value("#resp-t1q1"), typed, "the text stays on screen");

    std::fs::remove_file(&filler).expect("free the space");
    app.wait_for_text("#status", "Saved at");
    drop(app);

    let store = Store::open(&path).expect("the file opens");
    let doc = store.load().expect("load");
    assert_eq!(
        doc.reviews[0].response_for("t1q1").map(|r| r.text.as_str()),
        Some(typed.as_str()),
        "everything typed was saved once space returned"
    );
}
