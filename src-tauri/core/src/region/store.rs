//! The `.s11region` file: one regional collation in one SQLite database.
//!
//! Kept as the audit file is (`crate::store`): the application id
//! [`super::APPLICATION_ID`] is checked before anything is written, so an
//! audit (or any other database) is never touched, and an audit opened here
//! is told apart from a foreign file; migrations are embedded and tracked
//! by `PRAGMA user_version`, a newer file is refused; WAL with
//! `synchronous=FULL`; the connection holds the file exclusively while open.
//!
//! Each local report is one row keyed by its partnership (normalised), with
//! the canonical content it was collated from: the collation never needs
//! the local files again, and a report is replaced only by a newer one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};

use super::input::{InputKind, LocalInput};
use super::local::LocalReport;
use super::{normalise, RegionError, Result, APPLICATION_ID};
use crate::dates::Timestamp;

const MIGRATIONS: &[&str] = &[include_str!("migrations/001_region.sql")];
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The collation's own fields. Free texts are as in an audit: paragraphs
/// separated by a blank line, "- " starting a list item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegionMeta {
    pub id: String,
    /// "Avon & Somerset".
    pub name: String,
    /// "2021-22".
    pub year: String,
    /// The regional panel or authors, one per line.
    pub authors: String,
    pub introduction: String,
    pub methodology: String,
    pub conclusion: String,
}

/// One collated local report.
#[derive(Debug, Clone)]
pub struct Input {
    pub partnership: String,
    /// `normalise(partnership)`: one report per partnership.
    pub partnership_key: String,
    pub source_path: String,
    pub kind: InputKind,
    pub signer: String,
    pub certificate_sha256: String,
    pub signed_at: String,
    pub draft: bool,
    pub digest: String,
    /// RFC 3339: when the lead added it.
    pub added_at: String,
    pub verification: Vec<String>,
    pub report: LocalReport,
}

/// The lead's regional summary of one theme.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemeSummary {
    pub strengths: String,
    pub development: String,
}

/// A passage of an organisation's response, quoted as an example of good
/// practice under a regional theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub theme_key: String,
    pub partnership_key: String,
    pub organisation: String,
    pub passage: String,
}

/// A manual match: a partnership's theme (by its normalised title) counts
/// as the regional theme `regional` (a normalised title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeMatch {
    pub partnership_key: String,
    pub local_theme: String,
    pub regional: String,
}

/// Everything in a collation, read at once (for the report and the screen).
#[derive(Debug, Clone)]
pub struct Collation {
    pub meta: RegionMeta,
    /// By partnership name.
    pub inputs: Vec<Input>,
    pub matches: Vec<ThemeMatch>,
    /// By regional theme key.
    pub summaries: HashMap<String, ThemeSummary>,
    pub quotes: Vec<Quote>,
}

/// What adding a local report did, for the lead to be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    Added,
    /// The partnership's earlier report was replaced by this newer one.
    Replaced {
        previous: String,
    },
    /// The very same content was collated already.
    Unchanged,
    /// The collation already holds a newer report for this partnership.
    KeptNewer {
        kept: String,
    },
}

/// An open collation file, held exclusively.
pub struct RegionStore {
    conn: Connection,
    path: PathBuf,
}

fn code(e: &rusqlite::Error) -> Option<ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    }
}

fn classify(path: &Path, e: rusqlite::Error) -> RegionError {
    match code(&e) {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            RegionError::AlreadyOpen(path.to_path_buf())
        }
        Some(ErrorCode::NotADatabase) => RegionError::NotARegion(path.to_path_buf()),
        Some(ErrorCode::DatabaseCorrupt) => RegionError::Damaged(path.to_path_buf(), e.to_string()),
        Some(
            ErrorCode::ReadOnly
            | ErrorCode::CannotOpen
            | ErrorCode::PermissionDenied
            | ErrorCode::DiskFull,
        ) => RegionError::CannotWrite(path.to_path_buf(), e.to_string()),
        _ => RegionError::Sqlite(e),
    }
}

impl RegionStore {
    /// Creates a new collation. Refuses to overwrite anything.
    pub fn create(path: &Path, name: &str, year: &str) -> Result<RegionStore> {
        if name.trim().is_empty() {
            return Err(RegionError::Refused(
                "The region needs a name, for example “Avon & Somerset”.".into(),
            ));
        }
        crate::audit::check_year(year).map_err(RegionError::Refused)?;
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(RegionError::Exists(path.to_path_buf()));
        }
        // Owner-only from the first byte: it holds partnerships' minutes.
        crate::files::create_private(path)
            .map_err(|e| RegionError::CannotWrite(path.to_path_buf(), e.to_string()))?;
        let made = (|| {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| classify(path, e))?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(|e| classify(path, e))?;
            let mut store = RegionStore {
                conn,
                path: path.to_path_buf(),
            };
            store.configure()?;
            store.migrate()?;
            store.conn.execute(
                "INSERT INTO region (id, uid, name, year) VALUES (1, ?1, ?2, ?3)",
                params![crate::new_id(), name.trim(), year],
            )?;
            Ok(store)
        })();
        if made.is_err() {
            let _ = std::fs::remove_file(path);
        }
        made
    }

    /// Opens a collation for writing.
    pub fn open(path: &Path) -> Result<RegionStore> {
        if !path.is_file() {
            return Err(RegionError::NotFound(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| match classify(path, e) {
                // Not plain SQLite: a protected audit, or not ours at all.
                RegionError::NotARegion(_) if crate::files::may_be_protected(path) => {
                    RegionError::IsAudit(path.to_path_buf())
                }
                other => other,
            })?;
        if app_id == crate::store::APPLICATION_ID {
            return Err(RegionError::IsAudit(path.to_path_buf()));
        }
        if app_id != APPLICATION_ID {
            return Err(RegionError::NotARegion(path.to_path_buf()));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(RegionError::NewerVersion {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let mut store = RegionStore {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        self.conn
            .pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(|e| classify(&path, e))?;
        let _: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn
            .execute_batch("BEGIN IMMEDIATE; COMMIT;")
            .map_err(|e| classify(&path, e))?;
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
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql).map_err(|e| {
                RegionError::Damaged(self.path.clone(), format!("it cannot be upgraded: {e}"))
            })?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(i + 1).unwrap_or(i64::MAX),
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn meta(&self) -> Result<RegionMeta> {
        Ok(self.conn.query_row(
            "SELECT uid, name, year, authors, introduction, methodology, conclusion FROM region WHERE id = 1",
            [],
            |r| {
                Ok(RegionMeta {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    year: r.get(2)?,
                    authors: r.get(3)?,
                    introduction: r.get(4)?,
                    methodology: r.get(5)?,
                    conclusion: r.get(6)?,
                })
            },
        )?)
    }

    /// Changes the collation's own fields; the year must stay a year, and
    /// may change only while no report is collated (each is that year's).
    pub fn set_meta(&mut self, meta: &RegionMeta) -> Result<()> {
        if meta.name.trim().is_empty() {
            return Err(RegionError::Refused("The region needs a name.".into()));
        }
        crate::audit::check_year(&meta.year).map_err(RegionError::Refused)?;
        let old = self.meta()?;
        if old.year != meta.year && self.count_inputs()? > 0 {
            return Err(RegionError::Refused(format!(
                "The collation holds {} reports; its year cannot change. Make a new collation for {}.",
                old.year, meta.year
            )));
        }
        self.conn.execute(
            "UPDATE region SET name = ?1, year = ?2, authors = ?3, introduction = ?4, methodology = ?5, conclusion = ?6 WHERE id = 1",
            params![meta.name.trim(), meta.year, meta.authors, meta.introduction, meta.methodology, meta.conclusion],
        )?;
        Ok(())
    }

    fn count_inputs(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM input", [], |r| r.get(0))?)
    }

    /// Collates a local report read by [`super::read_input`]. A partnership
    /// has one report in the collation: another of the same partnership
    /// replaces it only if newer (a signed report is newer than any draft;
    /// two signed ones by their signing time; a draft replaces a draft).
    pub fn add(&mut self, input: &LocalInput, now: Timestamp) -> Result<AddOutcome> {
        let meta = self.meta()?;
        let a = &input.report.audit;
        if a.year != meta.year {
            return Err(RegionError::BadInput {
                path: input.source_path.clone(),
                why: format!(
                    "it is {}’s report for {}, and this collation is for {}",
                    a.partnership, a.year, meta.year
                ),
            });
        }
        let key = normalise(&a.partnership);
        if key.is_empty() {
            return Err(RegionError::BadInput {
                path: input.source_path.clone(),
                why: "its report names no partnership".into(),
            });
        }
        let existing: Option<(String, bool, String)> = self
            .conn
            .query_row(
                "SELECT digest, draft, signed_at FROM input WHERE partnership_key = ?1",
                [&key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let outcome = match &existing {
            None => AddOutcome::Added,
            Some((digest, _, _)) if *digest == input.digest => return Ok(AddOutcome::Unchanged),
            Some((_, old_draft, old_at)) => {
                let describe = |draft: bool, at: &str| {
                    if draft {
                        "a draft".to_string()
                    } else {
                        format!("the report signed off {}", crate::canonical::when(at))
                    }
                };
                let newer = match (old_draft, input.draft) {
                    (true, false) => true,
                    (false, true) => false,
                    (true, true) => true,
                    (false, false) => {
                        Timestamp::parse_rfc3339(&input.signed_at)
                            > Timestamp::parse_rfc3339(old_at)
                    }
                };
                if !newer {
                    return Ok(AddOutcome::KeptNewer {
                        kept: describe(*old_draft, old_at),
                    });
                }
                AddOutcome::Replaced {
                    previous: describe(*old_draft, old_at),
                }
            }
        };
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM input WHERE partnership_key = ?1", [&key])?;
        tx.execute(
            "INSERT INTO input (partnership, partnership_key, source_path, kind, signer, certificate_sha256, signed_at, draft, digest, canonical, added_at, verification)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                a.partnership.trim(),
                key,
                input.source_path.to_string_lossy(),
                input.kind.as_str(),
                input.signer,
                input.certificate_sha256,
                input.signed_at,
                input.draft,
                input.digest,
                input.canonical,
                now.rfc3339(),
                input.verification.join("\n"),
            ],
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Takes a partnership's report out of the collation (with its quotes
    /// and matches, which name it).
    pub fn remove(&mut self, partnership: &str) -> Result<()> {
        let key = normalise(partnership);
        let tx = self.conn.transaction()?;
        let n = tx.execute("DELETE FROM input WHERE partnership_key = ?1", [&key])?;
        if n == 0 {
            return Err(RegionError::Refused(format!(
                "The collation has no report from “{partnership}”."
            )));
        }
        tx.execute("DELETE FROM quote WHERE partnership_key = ?1", [&key])?;
        tx.execute("DELETE FROM theme_match WHERE partnership_key = ?1", [&key])?;
        tx.commit()?;
        Ok(())
    }

    pub fn inputs(&self) -> Result<Vec<Input>> {
        let mut stmt = self.conn.prepare(
            "SELECT partnership, partnership_key, source_path, kind, signer, certificate_sha256, signed_at, draft, digest, canonical, added_at, verification
             FROM input ORDER BY partnership_key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                Input {
                    partnership: r.get(0)?,
                    partnership_key: r.get(1)?,
                    source_path: r.get(2)?,
                    kind: InputKind::parse(&r.get::<_, String>(3)?).unwrap_or(InputKind::Pdf),
                    signer: r.get(4)?,
                    certificate_sha256: r.get(5)?,
                    signed_at: r.get(6)?,
                    draft: r.get(7)?,
                    digest: r.get(8)?,
                    added_at: r.get(10)?,
                    verification: r
                        .get::<_, String>(11)?
                        .lines()
                        .map(str::to_string)
                        .collect(),
                    // Read from the canonical text below.
                    report: LocalReport::default(),
                },
                r.get::<_, String>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut input, canonical) = row?;
            input.report = LocalReport::parse(canonical.as_bytes()).map_err(|e| {
                RegionError::Damaged(
                    self.path.clone(),
                    format!(
                        "the report of {} in it cannot be read: {e}",
                        input.partnership
                    ),
                )
            })?;
            out.push(input);
        }
        Ok(out)
    }

    /// Counts a partnership's theme (by title) as the regional theme
    /// `regional` (by title): for templates whose wording differs.
    pub fn set_match(
        &mut self,
        partnership: &str,
        local_theme: &str,
        regional: &str,
    ) -> Result<()> {
        let key = normalise(partnership);
        let inputs = self.inputs()?;
        let Some(input) = inputs.iter().find(|i| i.partnership_key == key) else {
            return Err(RegionError::Refused(format!(
                "The collation has no report from “{partnership}”. “s11 region list” names those it has."
            )));
        };
        let local = normalise(local_theme);
        if !input
            .report
            .template
            .themes
            .iter()
            .any(|t| normalise(&t.title) == local)
        {
            return Err(RegionError::Refused(format!(
                "{}’s template has no theme “{local_theme}”. Its themes: {}.",
                input.partnership,
                input
                    .report
                    .template
                    .themes
                    .iter()
                    .map(|t| t.title.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            )));
        }
        let regional = normalise(regional);
        if regional.is_empty() {
            return Err(RegionError::Refused(
                "Name the regional theme to match it to.".into(),
            ));
        }
        self.conn.execute(
            "INSERT INTO theme_match (partnership_key, local_theme, regional) VALUES (?1, ?2, ?3)
             ON CONFLICT (partnership_key, local_theme) DO UPDATE SET regional = excluded.regional",
            params![key, local, regional],
        )?;
        Ok(())
    }

    pub fn matches(&self) -> Result<Vec<ThemeMatch>> {
        let mut stmt = self.conn.prepare(
            "SELECT partnership_key, local_theme, regional FROM theme_match ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ThemeMatch {
                partnership_key: r.get(0)?,
                local_theme: r.get(1)?,
                regional: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes the regional summary of a theme (by its key).
    pub fn set_summary(&mut self, theme_key: &str, summary: &ThemeSummary) -> Result<()> {
        self.conn.execute(
            "INSERT INTO theme_summary (theme_key, strengths, development) VALUES (?1, ?2, ?3)
             ON CONFLICT (theme_key) DO UPDATE SET strengths = excluded.strengths, development = excluded.development",
            params![theme_key, summary.strengths, summary.development],
        )?;
        Ok(())
    }

    /// Marks a passage of an organisation's response under a theme as a
    /// quoted example. The passage must be in one of that organisation's
    /// responses under the theme, so the report never misquotes.
    pub fn add_quote(&mut self, quote: &Quote) -> Result<()> {
        let position: i64 = self.conn.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM quote",
            [],
            |r| r.get(0),
        )?;
        self.conn.execute(
            "INSERT INTO quote (theme_key, partnership_key, organisation, passage, position) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![quote.theme_key, quote.partnership_key, quote.organisation, quote.passage, position],
        )?;
        Ok(())
    }

    /// Reads the whole collation.
    pub fn load(&self) -> Result<Collation> {
        let mut summaries = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT theme_key, strengths, development FROM theme_summary")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    ThemeSummary {
                        strengths: r.get(1)?,
                        development: r.get(2)?,
                    },
                ))
            })?;
            for row in rows {
                let (k, s) = row?;
                summaries.insert(k, s);
            }
        }
        let quotes = {
            let mut stmt = self.conn.prepare(
                "SELECT theme_key, partnership_key, organisation, passage FROM quote ORDER BY position",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Quote {
                    theme_key: r.get(0)?,
                    partnership_key: r.get(1)?,
                    organisation: r.get(2)?,
                    passage: r.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(Collation {
            meta: self.meta()?,
            inputs: self.inputs()?,
            matches: self.matches()?,
            summaries,
            quotes,
        })
    }
}
