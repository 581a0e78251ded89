//! The audit a person has open, and what happens around it: opening,
//! creating and switching audits (the one being left is backed up first),
//! the built-in example, protecting with a passphrase, putting back the
//! latest backup, the recent list, and notes files in and out.
//!
//! The desktop app holds one `Session` for its window and calls it from its
//! commands; the tests drive it with no window. Time is passed in.
//!
//! Invariants:
//! - at most one audit is open, and its `Store` holds the file's lock;
//! - an audit is backed up when it is left (switched from, closed, the app
//!   quits) and periodically, but only when it changed since its last backup,
//!   so the few backups kept span real work rather than idle minutes;
//! - nothing from inside a protected audit goes to the recent list.

pub mod recent;

use std::path::{Path, PathBuf};

use crate::audit::{check_year, AuditDoc};
use crate::dates::Timestamp;
use crate::files::{with_extension, AUDIT_EXTENSION};
use crate::notes_file::{ImportSummary, NotesError};
use crate::overview::Overview;
use crate::store::{Store, StoreError};
use crate::{backups, example, files, new_id};

pub use recent::RecentFile;

/// A notes file's extension: it is encrypted (age), not JSON to read.
pub const NOTES_EXTENSION: &str = "s11notes";

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("No audit is open. Open or create one first.")]
    NoAuditOpen,
    /// What the person typed cannot be used; the message says what to type.
    #[error("{0}")]
    Invalid(String),
    #[error("There is no backup of this audit in the app’s folder.")]
    NoBackup,
    #[error(
        "The app could not make its folder {0}: {1}. Check that your home folder is writable."
    )]
    Folder(PathBuf, String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Notes(#[from] NotesError),
    #[error(transparent)]
    Output(#[from] files::OutputError),
    #[error(transparent)]
    Interchange(#[from] crate::interchange::InterchangeError),
}

pub type Result<T> = std::result::Result<T, SessionError>;

/// An empty passphrase field means "none given": SQLCipher would otherwise
/// take an empty key as no key and open a plain file.
pub fn given(passphrase: Option<&str>) -> Option<&str> {
    passphrase.filter(|p| !p.is_empty())
}

/// Where the app keeps its own files: the example copy, the recent list,
/// backups, which signing key is remembered. Never the audits themselves.
#[derive(Debug, Clone)]
pub struct DataFolder(PathBuf);

impl DataFolder {
    pub fn new(path: PathBuf) -> DataFolder {
        DataFolder(path)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
    pub fn recent_list(&self) -> PathBuf {
        self.0.join("recent.json")
    }
    /// Rolling backups, one folder per audit (see `backups`).
    pub fn backups(&self) -> PathBuf {
        self.0.join("backups")
    }
    /// Which signing key this person signs with (never its passphrase).
    pub fn signing_key(&self) -> PathBuf {
        self.0.join("signing-key.json")
    }
    pub fn example(&self) -> PathBuf {
        self.0
            .join("example")
            .join("South Gloucestershire 2021-22 (example).s11")
    }
}

/// What writing a minute-taker's notes file did, for the message.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NotesExported {
    pub notes: usize,
    /// The minute-taker's name, as the file gives it.
    pub author: String,
    /// Encrypted to the chair's key (packs from before issue 19 carry none).
    pub encrypted: bool,
    /// The minute-taker's signing key's fingerprint, to read to the chair.
    pub key: String,
}

pub struct Session {
    folder: DataFolder,
    open: Option<Store>,
    /// Which file was last backed up, and how many changes its connection
    /// had made then.
    backed_up: Option<(PathBuf, u64)>,
}

impl Session {
    pub fn new(folder: DataFolder) -> Session {
        Session {
            folder,
            open: None,
            backed_up: None,
        }
    }

    pub fn folder(&self) -> &DataFolder {
        &self.folder
    }

    pub fn store(&self) -> Result<&Store> {
        self.open.as_ref().ok_or(SessionError::NoAuditOpen)
    }

    pub fn store_mut(&mut self) -> Result<&mut Store> {
        self.open.as_mut().ok_or(SessionError::NoAuditOpen)
    }

    /// Whether the audit at `path` is the one open.
    pub fn is_open(&self, path: &Path) -> bool {
        self.open.as_ref().and_then(Store::path) == Some(path)
    }

    pub fn recent(&self) -> Vec<RecentFile> {
        recent::list(&self.folder.recent_list())
    }

    /// Backs up the open audit unless it is unchanged since its last backup.
    /// A failure is reported on stderr (without content) and never stops
    /// the chair's work: the audit file itself is unaffected.
    pub fn back_up(&mut self, now: Timestamp) {
        let Some(store) = self.open.as_ref() else {
            return;
        };
        let Some(path) = store.path() else { return };
        let changes = store.changes_made();
        if self
            .backed_up
            .as_ref()
            .is_some_and(|(p, c)| p == path && *c == changes)
        {
            return;
        }
        match backups::make(store, &self.folder.backups(), now) {
            Ok(_) => self.backed_up = Some((path.to_path_buf(), changes)),
            Err(e) => eprintln!("Section 11 Panel could not make a backup: {e}"),
        }
    }

    /// Closes the open audit, backing it up first.
    pub fn close(&mut self, now: Timestamp) {
        self.back_up(now);
        self.open = None;
    }

    /// Lets go of the audit at `path` if it is the one open, so that it can
    /// be opened again (or replaced by its backup).
    fn release(&mut self, path: &Path, now: Timestamp) {
        if self.is_open(path) {
            self.close(now);
        }
    }

    /// Makes `store` the open audit (closing any other) and returns its
    /// overview: for a file just made elsewhere (next year's audit).
    pub fn show(&mut self, store: Store, path: &Path, now: Timestamp) -> Result<Overview> {
        let overview = Overview::of(&store.load()?);
        let protected = store.is_protected();
        self.close(now);
        self.open = Some(store);
        // A protected audit's partnership stays inside it.
        let title = (!protected).then(|| format!("{} {}", overview.partnership, overview.year));
        recent::remember(&self.folder.recent_list(), path, title);
        Ok(overview)
    }

    pub fn open(
        &mut self,
        path: &Path,
        passphrase: Option<&str>,
        now: Timestamp,
    ) -> Result<Overview> {
        // Let go of the current audit first, so reopening the same file works.
        self.release(path, now);
        let store = Store::open_with(path, given(passphrase))?;
        self.show(store, path, now)
    }

    /// Creates a new audit at `path` (`.s11` added when missing) and opens it.
    pub fn create(
        &mut self,
        path: &Path,
        partnership: &str,
        year: &str,
        passphrase: Option<&str>,
        now: Timestamp,
    ) -> Result<Overview> {
        let partnership = partnership.trim();
        if partnership.is_empty() {
            return Err(SessionError::Invalid("Enter the partnership’s name, for example “South Gloucestershire Children’s Partnership”.".into()));
        }
        check_year(year.trim()).map_err(SessionError::Invalid)?;
        let path = with_extension(path, AUDIT_EXTENSION);
        let doc = AuditDoc::new(new_id(), partnership.to_string(), year.trim().to_string());
        let store = Store::create_with(&path, &doc, given(passphrase))?;
        self.show(store, &path, now)
    }

    /// Opens the app's own copy of the built-in example, writing it first if
    /// it is not there yet (a copy the chair has changed is kept).
    pub fn open_example(&mut self, now: Timestamp) -> Result<Overview> {
        let path = self.folder.example();
        if self.is_open(&path) {
            return Ok(Overview::of(&self.store()?.load()?));
        }
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| SessionError::Folder(dir.to_path_buf(), e.to_string()))?;
            }
            drop(Store::create(&path, &example::example()?)?);
        }
        let store = Store::open(&path)?;
        self.show(store, &path, now)
    }

    /// Protects the open audit with `passphrase`. Its earlier backups, which
    /// are not protected, are deleted and a protected one made in their place.
    pub fn protect(&mut self, passphrase: &str, now: Timestamp) -> Result<()> {
        let store = self.open.take().ok_or(SessionError::NoAuditOpen)?;
        let path = store.path().map(Path::to_path_buf);
        let uid = match store.audit_uid() {
            Ok(uid) => uid,
            Err(e) => {
                self.open = Some(store);
                return Err(e.into());
            }
        };
        match store.protect(passphrase) {
            Ok(protected) => {
                if let Err(e) = backups::discard(&self.folder.backups(), &uid) {
                    eprintln!("Section 11 Panel could not delete the unprotected backups: {e}");
                }
                if let Err(e) = backups::make(&protected, &self.folder.backups(), now) {
                    eprintln!("Section 11 Panel could not make a backup: {e}");
                }
                self.open = Some(protected);
                Ok(())
            }
            Err(e) => {
                // Refused before the rename (a short passphrase, a full
                // disk): the original is untouched, so it is opened again.
                self.open = path.and_then(|p| Store::open(&p).ok());
                Err(e.into())
            }
        }
    }

    /// When the newest backup of the audit at `path` was made, if there is one.
    pub fn latest_backup(&self, path: &Path) -> Option<String> {
        let latest = backups::latest_for(&self.folder.backups(), path)?;
        backups::made_at(&latest)
    }

    /// Puts the newest backup back in place of the damaged file at `path`
    /// (which is kept beside it, renamed) and opens it.
    pub fn restore_latest_backup(
        &mut self,
        path: &Path,
        passphrase: Option<&str>,
        now: Timestamp,
    ) -> Result<Overview> {
        let passphrase = given(passphrase);
        let latest =
            backups::latest_for(&self.folder.backups(), path).ok_or(SessionError::NoBackup)?;
        // Not backed up on the way out: it is what is being replaced.
        if self.is_open(path) {
            self.open = None;
        }
        backups::restore_with(&latest, path, now, passphrase)?;
        let store = Store::open_with(path, passphrase)?;
        self.show(store, path, now)
    }

    /// Writes the minute-taker's notes file (signed, and encrypted to the
    /// chair) at `path`, `.s11notes` added when missing. Never over the
    /// pack itself or another audit.
    pub fn export_notes_file(&mut self, path: &Path, now: Timestamp) -> Result<NotesExported> {
        let path = with_extension(path, NOTES_EXTENSION);
        export_notes_file(self.store_mut()?, &path, now)
    }

    /// Reads every notes file, then merges them all in one transaction: one
    /// bad file, nothing imported.
    pub fn import_notes_files(&mut self, paths: &[PathBuf]) -> Result<Vec<ImportSummary>> {
        import_notes_files(self.store_mut()?, paths)
    }
}

/// Writes `store`'s notes as a notes file at `path` (the app and `s11 notes
/// export` both come here).
pub fn export_notes_file(store: &mut Store, path: &Path, now: Timestamp) -> Result<NotesExported> {
    let (exported, bytes) = store.export_notes_file(now)?;
    let encrypted = store.pack_encrypts_notes()?;
    let key = store.pack_key_fingerprint()?.unwrap_or_default();
    let reading: Vec<&Path> = store.path().into_iter().collect();
    files::write_export(path, &bytes, &reading)?;
    Ok(NotesExported {
        notes: exported.notes.len(),
        author: exported.author,
        encrypted,
        key,
    })
}

/// Reads every file in `paths` with the audit's key, and only when all of
/// them read merges them in one transaction (the app and `s11 notes import`).
pub fn import_notes_files(store: &mut Store, paths: &[PathBuf]) -> Result<Vec<ImportSummary>> {
    if paths.is_empty() {
        return Err(SessionError::Invalid(
            "Choose at least one notes file to import.".into(),
        ));
    }
    let parsed = paths
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            store.read_notes_file(path).map(|n| (name, n))
        })
        .collect::<std::result::Result<Vec<_>, NotesError>>()?;
    Ok(store.import_notes(&parsed)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp(1_644_501_900);

    fn session(dir: &tempfile::TempDir) -> Session {
        Session::new(DataFolder::new(dir.path().join("data")))
    }

    #[test]
    fn switching_audits_backs_up_the_one_left_only_when_it_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = session(&dir);
        let a = dir.path().join("a.s11");
        let b = dir.path().join("b.s11");
        s.create(&a, "Testshire Children’s Partnership", "2024-25", None, T0)
            .expect("a");
        s.create(&b, "Otherton Partnership", "2024-25", None, T0)
            .expect("b: a is left and backed up");
        let uid_a = Store::open_to_read(&a, None)
            .expect("a")
            .audit_uid()
            .expect("uid");
        let folder_a = backups::folder(&s.folder().backups(), &uid_a);
        assert_eq!(backups::list(&folder_a).len(), 1, "leaving a backed it up");
        s.open(&a, None, Timestamp(T0.0 + 60)).expect("back to a");
        s.back_up(Timestamp(T0.0 + 120));
        let made = backups::list(&folder_a).len();
        s.back_up(Timestamp(T0.0 + 180));
        assert_eq!(
            backups::list(&folder_a).len(),
            made,
            "an unchanged audit is not backed up again"
        );
        let member = s
            .store_mut()
            .expect("open")
            .update(|d| d.add_panel_member("m1".into(), "Siân", "", ""))
            .map(|_| ());
        member.expect("a change");
        s.open(&b, None, Timestamp(T0.0 + 240))
            .expect("b again: a changed");
        assert_eq!(
            backups::list(&folder_a).len(),
            made + 1,
            "a changed audit is backed up when left"
        );
        let recent = s.recent();
        assert_eq!(recent[0].path, b.to_string_lossy());
        assert_eq!(recent[1].name, "Testshire Children’s Partnership 2024-25");
    }

    #[test]
    fn reopening_the_open_audit_works_and_create_adds_the_extension() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = session(&dir);
        let made = s
            .create(
                &dir.path().join("no extension"),
                "Testshire",
                "2024-25",
                None,
                T0,
            )
            .expect("made");
        assert_eq!(made.partnership, "Testshire");
        let path = dir.path().join("no extension.s11");
        assert!(s.is_open(&path), "the .s11 was added");
        s.open(&path, None, T0)
            .expect("the open file can be opened again");
        let err = s
            .create(&path, " ", "2024-25", None, T0)
            .err()
            .expect("no partnership");
        assert!(matches!(err, SessionError::Invalid(_)));
        let err = s
            .create(&path, "Testshire", "2024", None, T0)
            .err()
            .expect("bad year");
        assert!(err.to_string().contains("2021-22"), "{err}");
        assert!(
            s.is_open(&path),
            "a refused create leaves the open audit open"
        );
    }

    #[test]
    fn the_example_is_written_once_and_a_changed_copy_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = session(&dir);
        s.open_example(T0).expect("example");
        let member = s.store().expect("open").load().expect("load").panel[0]
            .id
            .clone();
        s.store_mut()
            .expect("open")
            .update(|d| d.update_panel_member(&member, "Changed Name", "", ""))
            .expect("edit");
        s.close(T0);
        s.open_example(T0).expect("example again");
        let doc = s.store().expect("open").load().expect("load");
        assert_eq!(
            doc.panel[0].name, "Changed Name",
            "the chair's copy is kept"
        );
    }

    #[test]
    fn no_audit_open_is_said_plainly() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = session(&dir);
        assert!(matches!(
            s.store_mut().err(),
            Some(SessionError::NoAuditOpen)
        ));
        assert!(matches!(
            s.protect("long enough words", T0).err(),
            Some(SessionError::NoAuditOpen)
        ));
        let err = s.import_notes_files(&[]).err().expect("nothing open");
        assert!(matches!(err, SessionError::NoAuditOpen), "{err:?}");
    }

    #[test]
    fn protecting_replaces_the_plain_backups_and_a_refusal_keeps_the_audit_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = session(&dir);
        let path = dir.path().join("p.s11");
        s.create(&path, "Testshire", "2024-25", None, T0)
            .expect("made");
        let err = s.protect("short", T0).err().expect("too short");
        assert!(err.to_string().contains("at least"), "{err}");
        assert!(s.is_open(&path), "still open after a refusal");
        s.protect("three unrelated words", T0).expect("protected");
        assert!(s.store().expect("open").is_protected());
        let uid = s.store().expect("open").audit_uid().expect("uid");
        let kept = backups::list(&backups::folder(&s.folder().backups(), &uid));
        assert_eq!(
            kept.len(),
            1,
            "one protected backup in place of the plain ones"
        );
        s.close(T0);
        let err = s.open(&path, None, T0).err().expect("needs its passphrase");
        assert!(matches!(
            err,
            SessionError::Store(StoreError::Passphrase(_))
        ));
        s.open(&path, Some("three unrelated words"), T0)
            .expect("opens with it");
    }

    #[test]
    fn the_latest_backup_is_put_back_in_place_of_a_damaged_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = session(&dir);
        let path = dir.path().join("d.s11");
        s.create(&path, "Testshire", "2024-25", None, T0)
            .expect("made");
        s.close(T0);
        assert!(s.latest_backup(&path).is_some(), "closing made a backup");
        std::fs::write(&path, vec![0u8; 4096]).expect("damage it");
        assert!(
            s.open(&path, None, T0).is_err(),
            "the damaged file does not open"
        );
        let back = s
            .restore_latest_backup(&path, Some(""), T0)
            .expect("restored");
        assert_eq!(back.partnership, "Testshire");
        let err = session(&dir)
            .restore_latest_backup(&dir.path().join("never.s11"), None, T0)
            .err()
            .expect("no backup");
        assert!(matches!(err, SessionError::NoBackup));
    }
}
