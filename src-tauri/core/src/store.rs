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

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction};

use crate::audit::{AuditDoc, AuditMeta, FORMAT, FORMAT_VERSION};
use crate::interchange::{validate, InterchangeError};
use crate::note::{Note, Response};
use crate::panel::PanelMember;
use crate::recommendation::{Recommendation, RecommendationFor};
use crate::review::{ContactAttempt, IncompleteTheme, Person, Review, ReviewStatus};
use crate::template::{Question, Template, Theme};

/// "S11P": marks a SQLite file as a Section 11 Panel audit.
pub const APPLICATION_ID: i32 = 0x5331_3150;

/// Schema migrations, oldest first. Migration `i` takes the file from
/// `user_version = i` to `i + 1`. Never edit a released one: add another.
const MIGRATIONS: &[&str] = &[include_str!("migrations/001_initial.sql")];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("There is no audit file at {0}. Check the name and folder, or create a new audit.")]
    NotFound(PathBuf),
    #[error("A file already exists at {0}. Choose another name, or open that file instead.")]
    Exists(PathBuf),
    #[error("{0} is not a Section 11 Panel audit file. Open a .s11 file made by this app.")]
    NotAnAudit(PathBuf),
    #[error("{0} is damaged and cannot be read ({1}). Open a backup copy if you have one.")]
    Damaged(PathBuf, String),
    #[error("{path} was made by a newer version of Section 11 Panel (file version {found}; this version reads up to {supported}). Update the app to open it; the file has not been changed.")]
    NewerVersion { path: PathBuf, found: i64, supported: i64 },
    #[error("{0} is already open in another Section 11 Panel window or program. Close it there first; only one copy can write to an audit at a time.")]
    AlreadyOpen(PathBuf),
    #[error("{0} cannot be opened for writing: {1}. Check that the folder is writable and the disk has space.")]
    CannotWrite(PathBuf, String),
    #[error(transparent)]
    Invalid(#[from] InterchangeError),
    #[error("The audit file could not be read or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open audit file, held exclusively.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
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
        validate(doc)?;
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
        let mut store = Store { conn, path: Some(path.to_path_buf()) };
        let made = store.lock_and_configure().and_then(|()| {
            store.with_tx(|tx| {
                tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                Ok(())
            })?;
            store.migrate()?;
            store.replace(doc)
        });
        if let Err(e) = made {
            // Leave nothing half-made under the user's chosen name.
            drop(store);
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(wal_path(path));
            return Err(e);
        }
        Ok(store)
    }

    /// Opens an existing audit file for writing, upgrading its schema if it is
    /// from an older version.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::CannotWrite(path.to_path_buf(), e.to_string()))?;
        let mut store = Store { conn, path: Some(path.to_path_buf()) };
        store.check_identity()?;
        store.lock_and_configure()?;
        store.migrate()?;
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

    /// A private in-memory audit, for tests and conversions.
    pub fn open_in_memory(doc: &AuditDoc) -> Result<Store> {
        validate(doc)?;
        let conn = Connection::open_in_memory()?;
        let mut store = Store { conn, path: None };
        store.conn.pragma_update(None, "foreign_keys", "ON")?;
        store.conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        store.migrate()?;
        store.replace(doc)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn display_path(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(|| PathBuf::from(":memory:"))
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
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotAnAudit(path));
        }
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerVersion { path, found: version, supported: SCHEMA_VERSION });
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
            return Err(StoreError::CannotWrite(self.display_path(), format!("journal mode stayed {mode}")));
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
        let current: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(current).unwrap_or(0)) {
            let next = i64::try_from(i + 1).unwrap_or(i64::MAX);
            self.with_tx(|tx| {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", next)?;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Runs `f` in one transaction: it commits whole or not at all.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let path = self.display_path();
        let tx = self.conn.transaction().map_err(|e| classify_at(path.clone(), e))?;
        let out = f(&tx)?;
        tx.commit().map_err(|e| classify_at(path, e))?;
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Replaces the whole audit with `doc`, in one transaction.
    pub fn replace(&mut self, doc: &AuditDoc) -> Result<()> {
        validate(doc)?;
        self.with_tx(|tx| {
            write_doc(tx, doc)?;
            Ok(())
        })
    }

    /// Reads the whole audit.
    pub fn load(&self) -> Result<AuditDoc> {
        read_doc(&self.conn).map_err(|e| self.classify(e))
    }

    /// A consistent copy of the open audit in another file, through SQLite's
    /// online backup (never a file copy, which could catch a half-written page).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| StoreError::CannotWrite(dest.to_path_buf(), e.to_string()))
    }
}

/// Maps SQLite's failure codes to what the user needs to know.
fn classify_at(path: PathBuf, e: rusqlite::Error) -> StoreError {
    match sqlite_code(&e) {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::AlreadyOpen(path),
        Some(ErrorCode::NotADatabase) => StoreError::NotAnAudit(path),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path, e.to_string()),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::DiskFull) => {
            StoreError::CannotWrite(path, e.to_string())
        }
        _ => StoreError::Sqlite(e),
    }
}

fn wal_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

fn pos(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

fn write_doc(tx: &Transaction<'_>, doc: &AuditDoc) -> rusqlite::Result<()> {
    // Children first, so foreign keys never see a dangling row mid-way.
    tx.execute_batch(
        "DELETE FROM recommendation; DELETE FROM note; DELETE FROM response;
         DELETE FROM theme_incomplete; DELETE FROM contact_attempt; DELETE FROM review_person;
         DELETE FROM review_panel; DELETE FROM review; DELETE FROM question; DELETE FROM theme;
         DELETE FROM panel_member; DELETE FROM audit;",
    )?;
    let a = &doc.audit;
    tx.execute(
        "INSERT INTO audit (id, uid, partnership, year, report_date, background, methodology, conclusion, template_name, template_version)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![a.id, a.partnership, a.year, a.report_date, a.background, a.methodology, a.conclusion, doc.template.name, doc.template.version],
    )?;
    for (i, m) in doc.panel.iter().enumerate() {
        tx.execute(
            "INSERT INTO panel_member (uid, position, name, role, organisation, is_chair) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![m.id, pos(i), m.name, m.role, m.organisation, m.chair],
        )?;
    }
    for (ti, t) in doc.template.themes.iter().enumerate() {
        tx.execute("INSERT INTO theme (uid, position, title) VALUES (?1, ?2, ?3)", params![t.id, pos(ti), t.title])?;
        let theme_id = tx.last_insert_rowid();
        for (qi, q) in t.questions.iter().enumerate() {
            let points = serde_json::to_string(&q.points).unwrap_or_else(|_| "[]".into());
            tx.execute(
                "INSERT INTO question (uid, theme_id, position, text, points, follow_up) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![q.id, theme_id, pos(qi), q.text, points, q.follow_up],
            )?;
        }
    }
    for (ri, r) in doc.reviews.iter().enumerate() {
        tx.execute(
            "INSERT INTO review (uid, position, organisation, short_name, held_on, status, preparation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![r.id, pos(ri), r.organisation, r.short_name, r.date, r.status.as_str(), r.preparation],
        )?;
        let review_id = tx.last_insert_rowid();
        for (i, m) in r.panel.iter().enumerate() {
            tx.execute(
                "INSERT INTO review_panel (review_id, member_id, position) SELECT ?1, id, ?3 FROM panel_member WHERE uid = ?2",
                params![review_id, m, pos(i)],
            )?;
        }
        for (kind, people) in [("representative", &r.representatives), ("apology", &r.apologies)] {
            for (i, p) in people.iter().enumerate() {
                tx.execute(
                    "INSERT INTO review_person (review_id, kind, position, name, role) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![review_id, kind, pos(i), p.name, p.role],
                )?;
            }
        }
        for (i, c) in r.contacts.iter().enumerate() {
            tx.execute(
                "INSERT INTO contact_attempt (review_id, position, contacted_on, person, method, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![review_id, pos(i), c.date, c.person, c.method, c.note],
            )?;
        }
        for resp in &r.responses {
            tx.execute(
                "INSERT INTO response (review_id, question_id, text) SELECT ?1, id, ?3 FROM question WHERE uid = ?2",
                params![review_id, resp.question, resp.text],
            )?;
        }
        for n in &r.notes {
            tx.execute(
                "INSERT INTO note (uid, review_id, question_id, author, text, created_at, updated_at)
                 SELECT ?1, ?2, id, ?4, ?5, ?6, ?7 FROM question WHERE uid = ?3",
                params![n.id, review_id, n.question, n.author, n.text, n.created, n.updated],
            )?;
        }
        for t in &r.incomplete_themes {
            tx.execute(
                "INSERT INTO theme_incomplete (review_id, theme_id, reason) SELECT ?1, id, ?3 FROM theme WHERE uid = ?2",
                params![review_id, t.theme, t.reason],
            )?;
        }
    }
    for (i, rec) in doc.recommendations.iter().enumerate() {
        let scope = match rec.for_ {
            RecommendationFor::Organisation => "organisation",
            RecommendationFor::Partnership => "partnership",
        };
        tx.execute(
            "INSERT INTO recommendation (uid, scope, review_id, theme_id, after_question_id, position, text)
             VALUES (?1, ?2, (SELECT id FROM review WHERE uid = ?3), (SELECT id FROM theme WHERE uid = ?4),
                     (SELECT id FROM question WHERE uid = ?5), ?6, ?7)",
            params![rec.id, scope, rec.review, rec.theme, rec.after_question, pos(i), rec.text],
        )?;
    }
    Ok(())
}

fn read_doc(conn: &Connection) -> rusqlite::Result<AuditDoc> {
    let (audit, template_name, template_version) = conn
        .query_row(
            "SELECT uid, partnership, year, report_date, background, methodology, conclusion, template_name, template_version FROM audit WHERE id = 1",
            [],
            |r| {
                Ok((
                    AuditMeta {
                        id: r.get(0)?,
                        partnership: r.get(1)?,
                        year: r.get(2)?,
                        report_date: r.get(3)?,
                        background: r.get(4)?,
                        methodology: r.get(5)?,
                        conclusion: r.get(6)?,
                    },
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            },
        )
        .optional()?
        .ok_or(rusqlite::Error::QueryReturnedNoRows)?;

    let panel = conn
        .prepare("SELECT uid, name, role, organisation, is_chair FROM panel_member ORDER BY position")?
        .query_map([], |r| {
            Ok(PanelMember { id: r.get(0)?, name: r.get(1)?, role: r.get(2)?, organisation: r.get(3)?, chair: r.get(4)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let mut themes = conn
        .prepare("SELECT id, uid, title FROM theme ORDER BY position")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, Theme { id: r.get(1)?, title: r.get(2)?, questions: Vec::new() })))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    {
        let mut q = conn.prepare("SELECT uid, text, points, follow_up FROM question WHERE theme_id = ?1 ORDER BY position")?;
        for (id, theme) in &mut themes {
            theme.questions = q
                .query_map([*id], |r| {
                    let points: String = r.get(2)?;
                    Ok(Question {
                        id: r.get(0)?,
                        text: r.get(1)?,
                        points: serde_json::from_str(&points).unwrap_or_default(),
                        follow_up: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
    }

    let mut reviews = Vec::new();
    let mut stmt = conn.prepare("SELECT id, uid, organisation, short_name, held_on, status, preparation FROM review ORDER BY position")?;
    let rows = stmt
        .query_map([], |r| {
            let status: String = r.get(5)?;
            let mut review = Review::new(r.get(1)?, r.get(2)?, r.get(3)?);
            review.date = r.get(4)?;
            review.status = ReviewStatus::parse(&status).unwrap_or(ReviewStatus::Planned);
            review.preparation = r.get(6)?;
            Ok((r.get::<_, i64>(0)?, review))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, mut review) in rows {
        review.panel = conn
            .prepare_cached("SELECT m.uid FROM review_panel p JOIN panel_member m ON m.id = p.member_id WHERE p.review_id = ?1 ORDER BY p.position")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let people = |kind: &str| -> rusqlite::Result<Vec<Person>> {
            conn.prepare_cached("SELECT name, role FROM review_person WHERE review_id = ?1 AND kind = ?2 ORDER BY position")?
                .query_map(params![id, kind], |r| Ok(Person { name: r.get(0)?, role: r.get(1)? }))?
                .collect()
        };
        review.representatives = people("representative")?;
        review.apologies = people("apology")?;
        review.contacts = conn
            .prepare_cached("SELECT contacted_on, person, method, note FROM contact_attempt WHERE review_id = ?1 ORDER BY position")?
            .query_map([id], |r| Ok(ContactAttempt { date: r.get(0)?, person: r.get(1)?, method: r.get(2)?, note: r.get(3)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        review.responses = conn
            .prepare_cached(
                "SELECT q.uid, x.text FROM response x JOIN question q ON q.id = x.question_id JOIN theme t ON t.id = q.theme_id
                 WHERE x.review_id = ?1 ORDER BY t.position, q.position",
            )?
            .query_map([id], |r| Ok(Response { question: r.get(0)?, text: r.get(1)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        review.notes = conn
            .prepare_cached(
                "SELECT n.uid, q.uid, n.author, n.text, n.created_at, n.updated_at FROM note n JOIN question q ON q.id = n.question_id
                 WHERE n.review_id = ?1 ORDER BY n.id",
            )?
            .query_map([id], |r| {
                Ok(Note { id: r.get(0)?, question: r.get(1)?, author: r.get(2)?, text: r.get(3)?, created: r.get(4)?, updated: r.get(5)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        review.incomplete_themes = conn
            .prepare_cached(
                "SELECT t.uid, i.reason FROM theme_incomplete i JOIN theme t ON t.id = i.theme_id WHERE i.review_id = ?1 ORDER BY t.position",
            )?
            .query_map([id], |r| Ok(IncompleteTheme { theme: r.get(0)?, reason: r.get(1)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        reviews.push(review);
    }

    let recommendations = conn
        .prepare(
            "SELECT r.uid, r.scope, v.uid, t.uid, q.uid, r.text FROM recommendation r
             LEFT JOIN review v ON v.id = r.review_id LEFT JOIN theme t ON t.id = r.theme_id
             LEFT JOIN question q ON q.id = r.after_question_id ORDER BY r.position",
        )?
        .query_map([], |r| {
            let scope: String = r.get(1)?;
            Ok(Recommendation {
                id: r.get(0)?,
                for_: if scope == "partnership" { RecommendationFor::Partnership } else { RecommendationFor::Organisation },
                review: r.get(2)?,
                theme: r.get(3)?,
                after_question: r.get(4)?,
                text: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    Ok(AuditDoc {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        audit,
        panel,
        template: Template {
            name: template_name,
            version: template_version,
            themes: themes.into_iter().map(|(_, t)| t).collect(),
        },
        reviews,
        recommendations,
    })
}
