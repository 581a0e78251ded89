//! Last year's recommendations followed as actions (issue 18): the
//! `previous_audit`, `action` and `action_progress` tables (migration 7).
//!
//! Whole-audit writes never touch these tables; they are written when next
//! year's audit is created and changed one action at a time after that.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::audit::AuditDoc;
use crate::dates::Date;
use crate::next_year::{
    apply_update, Action, ActionStatus, ActionUpdate, Carried, Evidence, EvidenceKind,
    NextYearError, PreviousAudit, ProgressNote,
};
use crate::recommendation::RecommendationFor;
use crate::template::Template;

use super::{Result, Store};

fn pos(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

/// Reads what the audit carries from last year, if it was started from one.
pub(super) fn read_carried(conn: &Connection) -> rusqlite::Result<Option<Carried>> {
    let from = conn
        .query_row(
            "SELECT uid, partnership, year, file_name, template FROM previous_audit WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((id, partnership, year, file_name, template)) = from else {
        return Ok(None);
    };
    let template: Template = serde_json::from_str(&template).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let mut notes = conn.prepare(
        "SELECT noted_on, text, evidence_kind, evidence FROM action_progress WHERE action_id = ?1 ORDER BY id",
    )?;
    let mut actions = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, uid, label, text, scope, owner, review_uid, status, due FROM action ORDER BY position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    for row in rows {
        let (rowid, uid, label, text, scope, owner, review, status, due) = row?;
        let progress = notes
            .query_map([rowid], |r| {
                let kind: Option<String> = r.get(2)?;
                let evidence: Option<String> = r.get(3)?;
                Ok(ProgressNote {
                    date: r.get(0)?,
                    text: r.get(1)?,
                    evidence: evidence.map(|text| Evidence {
                        kind: if kind.as_deref() == Some("link") {
                            EvidenceKind::Link
                        } else {
                            EvidenceKind::Note
                        },
                        text,
                    }),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        actions.push(Action {
            id: uid,
            label,
            text,
            for_: if scope == "partnership" {
                RecommendationFor::Partnership
            } else {
                RecommendationFor::Organisation
            },
            owner,
            review,
            // The CHECK constraint allows only the five names: anything
            // else is damage, never read as "not started".
            status: ActionStatus::parse(&status).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("unknown action status {status:?}").into(),
                )
            })?,
            due,
            progress,
        });
    }
    Ok(Some(Carried {
        from: PreviousAudit {
            id,
            partnership,
            year,
            file_name,
            template,
        },
        actions,
    }))
}

fn insert_progress(
    tx: &Transaction<'_>,
    action_row: i64,
    n: &ProgressNote,
) -> rusqlite::Result<()> {
    let (kind, evidence) = match &n.evidence {
        Some(e) => (
            Some(match e.kind {
                EvidenceKind::Note => "note",
                EvidenceKind::Link => "link",
            }),
            Some(e.text.as_str()),
        ),
        None => (None, None),
    };
    tx.execute(
        "INSERT INTO action_progress (action_id, noted_on, text, evidence_kind, evidence) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![action_row, n.date, n.text, kind, evidence],
    )?;
    Ok(())
}

fn write_carried(tx: &Transaction<'_>, c: &Carried) -> rusqlite::Result<()> {
    let template = serde_json::to_string(&c.from.template).unwrap_or_else(|_| "{}".into());
    tx.execute(
        "INSERT INTO previous_audit (id, uid, partnership, year, file_name, template) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        params![c.from.id, c.from.partnership, c.from.year, c.from.file_name, template],
    )?;
    for (i, a) in c.actions.iter().enumerate() {
        tx.execute(
            "INSERT INTO action (uid, position, label, text, scope, owner, review_uid, status, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                a.id,
                pos(i),
                a.label,
                a.text,
                match a.for_ {
                    RecommendationFor::Organisation => "organisation",
                    RecommendationFor::Partnership => "partnership",
                },
                a.owner,
                a.review,
                a.status.as_str(),
                a.due
            ],
        )?;
        let row = tx.last_insert_rowid();
        for n in &a.progress {
            insert_progress(tx, row, n)?;
        }
    }
    Ok(())
}

impl Store {
    /// Creates next year's audit file from `next` (made by
    /// [`crate::next_year::start_next_year`]), with its actions, protected
    /// with `passphrase` when one is given. Nothing is left at `path` if any
    /// part fails.
    pub fn create_next(path: &Path, next: &AuditDoc, passphrase: Option<&str>) -> Result<Store> {
        let mut store = Store::create_with(path, next, passphrase)?;
        let written = match &next.previous {
            Some(c) => store.with_tx(|tx| Ok(write_carried(tx, c)?)),
            None => Ok(()),
        };
        if let Err(e) = written {
            drop(store);
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(super::wal_path(path));
            return Err(e);
        }
        Ok(store)
    }

    /// Creates next year's audit from this one's successor `next`, protected
    /// like this one: with `passphrase` when the chair gives another, else
    /// with this audit's own (if it has one). The passphrase never leaves
    /// the store.
    pub fn create_successor(
        &self,
        path: &Path,
        next: &AuditDoc,
        passphrase: Option<&str>,
    ) -> Result<Store> {
        Store::create_next(path, next, passphrase.or(self.passphrase.as_deref()))
    }

    /// What this audit carries from last year's, if it was started from one.
    pub fn carried(&self) -> Result<Option<Carried>> {
        read_carried(&self.conn).map_err(|e| self.classify(e))
    }

    /// Changes one action (by printed label or id), dating a new progress
    /// note `today`, and returns it as stored.
    pub fn update_action(
        &mut self,
        key: &str,
        update: &ActionUpdate,
        today: Date,
    ) -> Result<Action> {
        self.with_tx(|tx| {
            // The database refuses too (migration 7); this says who signed.
            super::signoff::refuse_if_locked(tx, None)?;
            let carried = read_carried(tx)?.ok_or(NextYearError::NoActions)?;
            let before = carried
                .action(key)
                .ok_or_else(|| NextYearError::NoSuchAction(key.trim().to_string()))?
                .clone();
            let mut after = before.clone();
            apply_update(&mut after, update, today)?;
            let row: i64 =
                tx.query_row("SELECT id FROM action WHERE uid = ?1", [&after.id], |r| {
                    r.get(0)
                })?;
            tx.execute(
                "UPDATE action SET status = ?2, due = ?3 WHERE id = ?1",
                params![row, after.status.as_str(), after.due],
            )?;
            for n in after.progress.iter().skip(before.progress.len()) {
                insert_progress(tx, row, n)?;
            }
            Ok(after)
        })
    }
}
