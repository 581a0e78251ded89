//! The `.s11` file: one audit in one SQLite database.
//!
//! Invariants kept here, in one place:
//! - the file is ours: `PRAGMA application_id` is [`APPLICATION_ID`], checked
//!   before anything is written, so a foreign database is never touched;
//! - the schema is at `PRAGMA user_version`; migrations are embedded, ordered,
//!   each in its own transaction; a file from a newer version is refused;
//! - WAL with `synchronous=FULL` (a committed change survives power loss) and
//!   foreign keys on;
//! - one writer: the connection holds SQLite's exclusive lock for as long as the
//!   file is open, so a second copy of the app (or a second window) is refused
//!   at once. The operating system drops the lock if the process dies, so a
//!   crash never leaves a file locked.
//! - a protected audit (issue 8) is a SQLCipher database: `PRAGMA key` is the
//!   first statement on its connection, before the identity check, so every
//!   page of the file and of its write-ahead log is encrypted. The passphrase
//!   is kept only in memory, for as long as the file is open (backups of the
//!   audit are keyed with it); it never goes to disk or to a log.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};

use crate::audit::AuditDoc;
use crate::interchange::{validate, InterchangeError};

mod actions;
mod doc;
mod minute_pack;
mod minutes;
mod setup_write;
mod signoff;
mod timebox_rows;
mod timer;

use doc::{read_doc, write_doc};
pub use minute_pack::{NoteAuthor, PACK_KEY_PASSPHRASE};
pub use minutes::{search_doc, HitKind, MinutesHit, SavedResponse};
pub use signoff::{RecordSignature, SignOffInput, SignOffRecord, SignOffState, Stage, TrailEntry};
pub use timer::TimerView;

use crate::files::may_be_protected;
pub use crate::files::APPLICATION_ID;

/// Schema migrations, oldest first. Migration `i` takes the file from
/// `user_version = i` to `i + 1`. Never edit a released one: add another.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_timebox.sql"),
    include_str!("migrations/003_minute_notes.sql"),
    include_str!("migrations/004_sign_off.sql"),
    include_str!("migrations/005_signed_sign_off.sql"),
    include_str!("migrations/006_signed_notes.sql"),
    include_str!("migrations/007_actions.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("There is no audit file at {0}. Check the name and folder, or create a new audit.")]
    NotFound(PathBuf),
    #[error("A file already exists at {0}. Choose another name, or open that file instead.")]
    Exists(PathBuf),
    #[error("{0} is not a Section 11 Panel audit file. Open a .s11 file made by this app.")]
    NotAnAudit(PathBuf),
    /// A regional collation (issue 17) opened as an audit.
    #[error("{} is a regional collation (.s11region), not a partnership’s audit. Open it as a region (“s11 region list {}”).", .0.display(), .0.display())]
    IsRegion(PathBuf),
    #[error("{0} is damaged and cannot be read ({1}). Open a backup copy if you have one.")]
    Damaged(PathBuf, String),
    #[error("{path} was made by a newer version of Section 11 Panel (file version {found}; this version reads up to {supported}). Update the app to open it; the file has not been changed.")]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{0} is already open in another Section 11 Panel window or program. Close it there first; only one copy can write to an audit at a time.")]
    AlreadyOpen(PathBuf),
    #[error("{0} cannot be opened for writing: {1}. Check that the folder is writable and the disk has space.")]
    CannotWrite(PathBuf, String),
    #[error(transparent)]
    Invalid(#[from] InterchangeError),
    /// A change the audit's rules do not allow; the message says why and what to do.
    #[error("{0}")]
    Refused(String),
    /// A set-up edit the audit's rules refuse (setup.rs).
    #[error(transparent)]
    Setup(#[from] crate::setup::SetupError),
    /// A timer change the session's rules refuse (timebox.rs).
    #[error(transparent)]
    Timebox(#[from] crate::timebox::TimeboxError),
    /// An action change next year's rules refuse (next_year.rs).
    #[error(transparent)]
    NextYear(#[from] crate::next_year::NextYearError),
    /// Something the screen referred to was removed meanwhile (another
    /// window's edit, an import): the screen is out of date.
    #[error("That {0} is no longer in this audit. Reopen the audit to see it as it is now.")]
    Gone(Gone),
    /// A single text over the limit one box can hold; what was typed stays
    /// on screen.
    #[error("This {what} is {:.1} MB, more than the 2 MB one box can hold. Split it over several questions or shorten it; what you typed is still on screen.", *.bytes as f64 / (1024.0 * 1024.0))]
    TooLong { what: &'static str, bytes: usize },
    /// Signed-off minutes or a signed-off report: the message names who
    /// signed and how to reopen.
    #[error("{0}")]
    Locked(String),
    /// A new passphrase that does not meet the rules.
    #[error(transparent)]
    WeakPassphrase(#[from] PassphraseRule),
    /// The file is protected and the passphrase was missing or wrong. SQLCipher
    /// cannot tell the two apart from a foreign file, so a file that is not
    /// plain SQLite is treated as possibly protected.
    #[error("This audit is protected with a passphrase, and the passphrase given is not right (or none was given). Type it again; passphrases are case-sensitive.")]
    Passphrase(PathBuf),
    /// What is incomplete before a sign-off, each gap listed in words
    /// (readiness.rs): fix them, or confirm each kind to go ahead.
    #[error("{0}")]
    NotReady(String),
    /// The signing key could not be used.
    #[error(transparent)]
    Identity(#[from] crate::identity::IdentityError),
    #[error("The audit file could not be read or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What an edit referred to and no longer finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    Review,
    Recommendation,
    Note,
}

impl std::fmt::Display for Gone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Gone::Review => "review",
            Gone::Recommendation => "recommendation",
            Gone::Note => "note",
        })
    }
}

/// The shortest passphrase the app accepts when protecting an audit.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Why a new passphrase was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseRule {
    #[error("The passphrase must be at least {MIN_PASSPHRASE_CHARS} characters long. A few unrelated words are easy to type and hard to guess.")]
    TooShort,
    #[error("The passphrase cannot contain a null character.")]
    NullCharacter,
    #[error("A passphrase cannot start with x' and end with ': SQLCipher would take it as a raw key and skip the step that makes a passphrase hard to guess. Choose another.")]
    RawKeyForm,
}

/// Checks a new passphrase before anything is written with it.
pub fn check_new_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseRule::TooShort.into());
    }
    if passphrase.contains('\0') {
        return Err(PassphraseRule::NullCharacter.into());
    }
    if is_raw_key_form(passphrase) {
        return Err(PassphraseRule::RawKeyForm.into());
    }
    Ok(())
}

/// SQLCipher takes a key of the form `x'<hex>'` as raw key bytes, skipping
/// key derivation (PBKDF2). Every passphrase must be derived, so this form
/// is refused for new passphrases, and never handed to SQLCipher on open
/// (no audit can have been protected with it since): the whole form is
/// refused, whatever its length, rather than guessing which lengths
/// SQLCipher treats as raw.
pub(crate) fn is_raw_key_form(passphrase: &str) -> bool {
    let p = passphrase.trim();
    (p.starts_with("x'") || p.starts_with("X'")) && p.len() >= 3 && p.ends_with('\'')
}

/// `passphrase` as an SQL string literal (pragmas take no bound parameters).
fn sql_literal(passphrase: &str) -> String {
    format!("'{}'", passphrase.replace('\'', "''"))
}

/// Keys `conn` and reads its header: fails if `passphrase` does not open it.
pub(crate) fn key_and_check(conn: &Connection, passphrase: &str) -> rusqlite::Result<()> {
    apply_key(conn, Some(passphrase))?;
    conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0))
        .map(|_| ())
}

/// Runs a statement that may or may not return rows, ignoring them.
fn run(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

/// Runs a statement that carries a passphrase. Its error keeps SQLite's code
/// (so it is classified as usual) but drops any text, which can quote the
/// statement and so the passphrase, and would reach the screen.
fn run_secret(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    run(conn, sql).map_err(|e| {
        let code = e
            .sqlite_error()
            .copied()
            .unwrap_or_else(|| rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR));
        rusqlite::Error::SqliteFailure(code, None)
    })
}

/// Keys a fresh connection. Must run before anything reads the file: SQLCipher
/// reads the first page with whatever key is set at that moment.
fn apply_key(conn: &Connection, passphrase: Option<&str>) -> rusqlite::Result<()> {
    // SQLCipher logs a wrong key on stderr; the user is told through the error.
    run(conn, "PRAGMA cipher_log_level = NONE")?;
    if let Some(p) = passphrase {
        if is_raw_key_form(p) {
            // Never a raw key: answered as a wrong passphrase, which it is.
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
                None,
            ));
        }
        run_secret(conn, &format!("PRAGMA key = {}", sql_literal(p)))?;
    }
    Ok(())
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open audit file, held exclusively.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Set for a protected audit: backups are keyed with it. Memory only.
    passphrase: Option<String>,
}

fn sqlite_code(e: &rusqlite::Error) -> Option<ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    }
}

impl Store {
    /// Creates a new audit file holding `doc`. Refuses to overwrite anything.
    pub fn create(path: &Path, doc: &AuditDoc) -> Result<Store> {
        Store::create_with(path, doc, None)
    }

    /// Creates a new audit file, protected with `passphrase` when one is given.
    pub fn create_with(path: &Path, doc: &AuditDoc, passphrase: Option<&str>) -> Result<Store> {
        if let Some(p) = passphrase {
            check_new_passphrase(p)?;
        }
        let mut doc = doc.clone();
        doc.freeze_held();
        let doc = &doc;
        validate(doc)?;
        // `symlink_metadata`: a link pointing nowhere is "something there"
        // too, and is never followed.
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        // Made whole under a temporary name beside the target, then put in
        // place without replacing anything: a kill part way leaves nothing
        // under the chosen name, so a retry works.
        let tmp = crate::files::partial_path(path);
        let remove_tmp = |tmp: &Path| {
            let _ = std::fs::remove_file(tmp);
            let _ = std::fs::remove_file(wal_path(tmp));
            let _ = std::fs::remove_file(shm_path(tmp));
        };
        remove_tmp(&tmp);
        let made = (|| {
            // Owner-only from the first byte; SQLite gives its -wal and -shm
            // the same mode, and takes an empty file as an empty database.
            crate::files::create_private(&tmp)
                .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
            let conn = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
            let mut store = Store {
                conn,
                path: Some(tmp.clone()),
                passphrase: passphrase.map(str::to_owned),
            };
            apply_key(&store.conn, passphrase)?;
            store.lock_and_configure()?;
            store.with_tx(|tx| {
                tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                Ok(())
            })?;
            store.migrate()?;
            store.replace(doc)?;
            // Closing folds the write-ahead log into the file.
            drop(store);
            crate::files::place_new(&tmp, path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    StoreError::Exists(path.to_path_buf())
                } else {
                    StoreError::CannotWrite(path.to_path_buf(), e.to_string())
                }
            })
        })();
        remove_tmp(&tmp);
        made?;
        Store::open_with(path, passphrase)
    }

    /// Opens an existing audit file for writing, upgrading its schema if it is
    /// from an older version.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, None)
    }

    /// Opens an audit file, keyed with `passphrase` when one is given. A
    /// protected file opened without its passphrase, or with a wrong one, is
    /// refused with [`StoreError::Passphrase`] before anything is written.
    pub fn open_with(path: &Path, passphrase: Option<&str>) -> Result<Store> {
        Store::open_checked(path, passphrase, true)
    }

    /// `quick_check`: read every page's structure first (the app, before a
    /// workshop); an export only reads, and a damaged page shows as an
    /// error when read anyway.
    fn open_checked(path: &Path, passphrase: Option<&str>, quick_check: bool) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        if passphrase.is_some_and(is_raw_key_form) {
            return Err(StoreError::Passphrase(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
        apply_key(&conn, passphrase)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            passphrase: passphrase.map(str::to_owned),
        };
        match store.check_identity() {
            Ok(()) => {}
            // The first read is where a missing or wrong key shows. A plain
            // SQLite file opened without a key really is foreign; a file that
            // may be encrypted is taken as a protected audit, so the chair is
            // asked for its passphrase rather than told it is not an audit.
            Err(StoreError::NotAnAudit(_)) if passphrase.is_some() || may_be_protected(path) => {
                return Err(StoreError::Passphrase(path.to_path_buf()));
            }
            Err(e) => return Err(e),
        }
        store.lock_and_configure()?;
        store.migrate()?;
        if !quick_check {
            return Ok(store);
        }
        // Catch a damaged file now, not halfway through the workshop.
        let ok: String = store
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| store.classify(e))?;
        if ok != "ok" {
            return Err(StoreError::Damaged(path.to_path_buf(), ok));
        }
        Ok(store)
    }

    /// Opens an audit only to read it (exports, checks). A file this user
    /// may write is opened as usual. A read-only one is read through
    /// SQLite's `immutable` mode, which creates no `-wal` or `-shm` file:
    /// files left behind there would be read-only too, and block every later
    /// write even after the audit is made writable again.
    pub fn open_to_read(path: &Path, passphrase: Option<&str>) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        if passphrase.is_some_and(is_raw_key_form) {
            return Err(StoreError::Passphrase(path.to_path_buf()));
        }
        if std::fs::OpenOptions::new().write(true).open(path).is_ok() {
            // Without reading every page first (issue 22: 1-3 ms of an
            // export of the example, more of a large audit).
            return Store::open_checked(path, passphrase, false);
        }
        if std::fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0) {
            return Err(StoreError::CannotWrite(
                path.to_path_buf(),
                "it is read-only and has changes not yet folded into it (its -wal file). Make it writable and open it once in the app".into(),
            ));
        }
        let conn = Connection::open_with_flags(
            immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
        apply_key(&conn, passphrase).map_err(|e| classify_at(path.to_path_buf(), e))?;
        let store = Store {
            conn,
            path: Some(path.to_path_buf()),
            passphrase: passphrase.map(str::to_owned),
        };
        match store.check_identity() {
            Ok(()) => {}
            Err(StoreError::NotAnAudit(_)) if passphrase.is_some() || may_be_protected(path) => {
                return Err(StoreError::Passphrase(path.to_path_buf()));
            }
            Err(e) => return Err(e),
        }
        if store.schema_version()? < SCHEMA_VERSION {
            return Err(StoreError::CannotWrite(
                path.to_path_buf(),
                "it was made by an older version and must be upgraded once, which needs it to be writable. Make it writable, then try again".into(),
            ));
        }
        Ok(store)
    }

    /// A private in-memory audit, for tests and conversions.
    pub fn open_in_memory(doc: &AuditDoc) -> Result<Store> {
        validate(doc)?;
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            passphrase: None,
        };
        store.conn.pragma_update(None, "foreign_keys", "ON")?;
        store
            .conn
            .pragma_update(None, "application_id", APPLICATION_ID)?;
        store.migrate()?;
        store.replace(doc)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the file is protected with a passphrase.
    pub fn is_protected(&self) -> bool {
        self.passphrase.is_some()
    }

    /// Protects an open, unprotected audit file with `passphrase`: the whole
    /// audit is exported into a new encrypted file beside it, which then
    /// replaces the original by an atomic rename, and is reopened.
    ///
    /// The store is consumed because its connection must close before the
    /// rename (it points at the old file). If this fails before the rename,
    /// the original file is untouched; the caller reopens it.
    pub fn protect(self, passphrase: &str) -> Result<Store> {
        check_new_passphrase(passphrase)?;
        let path = self.path.clone().ok_or_else(|| {
            StoreError::Refused("Only an audit saved in a file can be protected.".into())
        })?;
        if self.passphrase.is_some() {
            return Err(StoreError::Refused(
                "This audit is already protected with a passphrase.".into(),
            ));
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.protecting"));
        let _ = std::fs::remove_file(&temp);
        let exported = self.export_encrypted(&temp, passphrase);
        if let Err(e) = exported {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        // Closing checkpoints and removes the plain write-ahead log; the
        // checkpoint inside the export left it empty in any case.
        drop(self);
        for stale in [wal_path(&path), shm_path(&path)] {
            let _ = std::fs::remove_file(stale);
        }
        crate::files::replace_file(&temp, &path)
            .map_err(|e| StoreError::CannotWrite(path.clone(), e.to_string()))?;
        Store::open_with(&path, Some(passphrase))
    }

    /// Writes the whole audit into a new file at `dest`, encrypted with
    /// `passphrase`, with the same identity and schema version.
    fn export_encrypted(&self, dest: &Path, passphrase: &str) -> Result<()> {
        let fail = |e: rusqlite::Error| StoreError::CannotWrite(dest.to_path_buf(), e.to_string());
        // Fold the log into the main file so nothing is left only in it.
        run(&self.conn, "PRAGMA wal_checkpoint(TRUNCATE)").map_err(|e| self.classify(e))?;
        let version = self.schema_version()?;
        // ATTACH opens with the main file's flags, and `open` does not allow
        // creating files: an empty file is an empty database to SQLite.
        let _ = std::fs::remove_file(dest);
        crate::files::create_private(dest)
            .map_err(|e| StoreError::CannotWrite(dest.to_path_buf(), e.to_string()))?;
        let attach = format!(
            "ATTACH DATABASE {} AS protected KEY {}",
            sql_literal(&dest.to_string_lossy()),
            sql_literal(passphrase)
        );
        run_secret(&self.conn, &attach).map_err(fail)?;
        let copied = run(&self.conn, "SELECT sqlcipher_export('protected')")
            .and_then(|()| {
                run(
                    &self.conn,
                    &format!("PRAGMA protected.application_id = {APPLICATION_ID}"),
                )
            })
            .and_then(|()| {
                run(
                    &self.conn,
                    &format!("PRAGMA protected.user_version = {version}"),
                )
            });
        let detached = run(&self.conn, "DETACH DATABASE protected");
        copied.map_err(fail)?;
        detached.map_err(fail)
    }

    fn display_path(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from(":memory:"))
    }

    fn classify(&self, e: rusqlite::Error) -> StoreError {
        classify_at(self.display_path(), e)
    }

    /// Reads the header without writing: refuses foreign and newer files
    /// before anything could change them.
    fn check_identity(&self) -> Result<()> {
        let path = self.display_path();
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        if app_id == crate::region::APPLICATION_ID {
            return Err(StoreError::IsRegion(path));
        }
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotAnAudit(path));
        }
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    fn lock_and_configure(&mut self) -> Result<()> {
        // No waiting: a file held by another copy must be refused at once, not
        // after a pause that looks like a hang.
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        self.conn
            .pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(|e| self.classify(e))?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::CannotWrite(
                self.display_path(),
                format!("journal mode stayed {mode}"),
            ));
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Take the exclusive lock now and keep it: an empty write transaction
        // in EXCLUSIVE mode acquires the lock and never releases it.
        self.conn
            .execute_batch("BEGIN IMMEDIATE; COMMIT;")
            .map_err(|e| self.classify(e))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let current: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(current).unwrap_or(0))
        {
            let next = i64::try_from(i + 1).unwrap_or(i64::MAX);
            let path = self.display_path();
            // SQLite's message would quote the migration's SQL: useless to
            // the chair. A migration fails on a file whose contents do not
            // match its version (edited, or damaged).
            self.with_tx(|tx| {
                tx.execute_batch(sql).map_err(|e| match sqlite_code(&e) {
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                        StoreError::AlreadyOpen(path.clone())
                    }
                    Some(ErrorCode::ReadOnly | ErrorCode::DiskFull | ErrorCode::CannotOpen) => {
                        StoreError::CannotWrite(path.clone(), "the upgrade to this version could not be saved".into())
                    }
                    _ => StoreError::Damaged(
                        path.clone(),
                        format!("its contents do not match its file version {current}, so it cannot be upgraded"),
                    ),
                })?;
                tx.pragma_update(None, "user_version", next)?;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Runs `f` in one transaction: it commits whole or not at all.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let path = self.display_path();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| classify_at(path.clone(), e))?;
        let out = f(&tx)?;
        tx.commit().map_err(|e| classify_at(path, e))?;
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Replaces the whole audit with `doc`, in one transaction.
    pub fn replace(&mut self, doc: &AuditDoc) -> Result<()> {
        let mut doc = doc.clone();
        doc.freeze_held();
        let doc = &doc;
        validate(doc)?;
        self.with_tx(|tx| {
            signoff::check_whole_write(tx, doc)?;
            write_doc(tx, doc)?;
            Ok(())
        })
    }

    /// Applies a set-up edit in one transaction: the edit runs on the
    /// document as stored, the result is checked, and only the rows it
    /// changed are written (`setup_write.rs`); minutes are never rewritten.
    /// A refused edit changes nothing.
    pub fn update<T>(
        &mut self,
        edit: impl FnOnce(&mut AuditDoc) -> std::result::Result<T, crate::setup::SetupError>,
    ) -> Result<T> {
        self.with_tx(|tx| {
            let before = read_doc(tx)?;
            let mut doc = before.clone();
            let out = edit(&mut doc)?;
            validate(&doc)?;
            signoff::check_whole_write(tx, &doc)?;
            setup_write::write_changes(tx, &before, &doc)?;
            Ok(out)
        })
    }

    /// Reads the whole audit.
    pub fn load(&self) -> Result<AuditDoc> {
        read_doc(&self.conn).map_err(|e| self.classify(e))
    }

    /// The audit's own id (stable across renames and copies of the file).
    pub fn audit_uid(&self) -> Result<String> {
        self.conn
            .query_row("SELECT uid FROM audit WHERE id = 1", [], |r| r.get(0))
            .map_err(|e| self.classify(e))
    }

    /// How many rows this connection has changed since it opened: a backup
    /// is only worth making when this has moved since the last one.
    pub fn changes_made(&self) -> u64 {
        self.conn.total_changes()
    }

    /// A consistent copy of the open audit in another file, through SQLite's
    /// online backup (never a file copy, which could catch a half-written page).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        // A protected audit's backup is protected with the same passphrase:
        // SQLCipher's export writes it encrypted, page by page.
        if let Some(p) = &self.passphrase {
            return self.export_encrypted(dest, p);
        }
        // Owner-only: SQLite opens the empty file as an empty database.
        if std::fs::symlink_metadata(dest).is_err() {
            crate::files::create_private(dest)
                .map_err(|e| StoreError::CannotWrite(dest.to_path_buf(), e.to_string()))?;
        }
        self.conn
            .backup(
                rusqlite::MAIN_DB,
                dest,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| StoreError::CannotWrite(dest.to_path_buf(), e.to_string()))
    }
}

/// Maps SQLite's failure codes to what the user needs to know.
fn classify_at(path: PathBuf, e: rusqlite::Error) -> StoreError {
    match sqlite_code(&e) {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::AlreadyOpen(path),
        // A missing or wrong passphrase also shows as this; `open_with` tells them apart.
        Some(ErrorCode::NotADatabase) => StoreError::NotAnAudit(path),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path, e.to_string()),
        Some(
            ErrorCode::ReadOnly
            | ErrorCode::CannotOpen
            | ErrorCode::PermissionDenied
            | ErrorCode::DiskFull,
        ) => StoreError::CannotWrite(path, e.to_string()),
        // A stored value that cannot be what its column holds (edited or
        // damaged): reported as damage, never read as a default.
        _ if matches!(
            e,
            rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..)
        ) =>
        {
            StoreError::Damaged(path, e.to_string())
        }
        _ => StoreError::Sqlite(e),
    }
}

/// `file:` URI opening `path` immutable: no locks, no -wal, no -shm.
fn immutable_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for c in abs.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            '\\' => uri.push('/'),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn wal_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

fn shm_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-shm");
    PathBuf::from(p)
}
