//! Reading and writing the whole audit (on open, create and import), and the
//! row writers per entity that both the whole write and set-up edits
//! (`setup_write.rs`) use, so a row is written one way only.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::audit::{AuditDoc, AuditMeta, FORMAT, FORMAT_VERSION};
use crate::note::{Note, NoteVersion, Response, ResponseVersion};
use crate::panel::PanelMember;
use crate::recommendation::{Recommendation, RecommendationFor};
use crate::review::{ContactAttempt, IncompleteTheme, Person, Review, ReviewStatus};
use crate::template::{Question, Template, Theme};

use super::timebox_rows::{read_timebox, write_timebox};

pub(super) fn pos(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

pub(super) fn write_doc(tx: &Transaction<'_>, doc: &AuditDoc) -> rusqlite::Result<()> {
    // Signed-off reviews' rows are left exactly as they are (the database
    // refuses to delete them: migration 4), and only their place in the list
    // is written. The caller has checked (store/signoff.rs) that `doc` does
    // not change them, so skipping them loses nothing.
    let locked: HashSet<String> = tx
        .prepare("SELECT review_uid FROM locked_review")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Children first, so foreign keys never see a dangling row mid-way.
    tx.execute_batch(
        "DELETE FROM timer_event WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM timebox_segment WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM timebox_plan WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM recommendation WHERE review_id IS NULL OR review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM note WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM response WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM theme_incomplete WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM contact_attempt WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM review_person WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM response_version WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM review_question WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM review_theme WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM review_panel WHERE review_id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM review WHERE id NOT IN (SELECT review_id FROM locked_review);
         DELETE FROM question; DELETE FROM theme; DELETE FROM audit;",
    )?;
    // Panel members are updated in place, not deleted and re-inserted: a
    // signed-off review's panel rows refer to them by row id (and a delete
    // would cascade into those rows).
    tx.execute(
        "UPDATE panel_member SET is_chair = 0 WHERE is_chair = 1",
        [],
    )?;
    {
        let keep: HashSet<&str> = doc.panel.iter().map(|m| m.id.as_str()).collect();
        let stored: Vec<String> = tx
            .prepare("SELECT uid FROM panel_member")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for uid in stored.iter().filter(|u| !keep.contains(u.as_str())) {
            tx.execute("DELETE FROM panel_member WHERE uid = ?1", [uid])?;
        }
    }
    let a = &doc.audit;
    tx.execute(
        "INSERT INTO audit (id, uid, partnership, year, report_date, background, methodology, conclusion, template_name, template_version)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![a.id, a.partnership, a.year, a.report_date, a.background, a.methodology, a.conclusion, doc.template.name, doc.template.version],
    )?;
    for (i, m) in doc.panel.iter().enumerate() {
        tx.execute(
            "INSERT INTO panel_member (uid, position, name, role, organisation, is_chair) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (uid) DO UPDATE SET position = excluded.position, name = excluded.name, role = excluded.role,
                 organisation = excluded.organisation, is_chair = excluded.is_chair",
            params![m.id, pos(i), m.name, m.role, m.organisation, m.chair],
        )?;
    }
    for (ti, t) in doc.template.themes.iter().enumerate() {
        let theme_id = insert_theme(tx, ti, t)?;
        for (qi, q) in t.questions.iter().enumerate() {
            insert_question(tx, theme_id, qi, q)?;
        }
    }
    for (ri, r) in doc.reviews.iter().enumerate() {
        if locked.contains(&r.id) {
            tx.execute(
                "UPDATE review SET position = ?2 WHERE uid = ?1",
                params![r.id, pos(ri)],
            )?;
            continue;
        }
        insert_review(tx, ri, r)?;
    }
    for (i, rec) in doc.recommendations.iter().enumerate() {
        if rec.review.as_ref().is_some_and(|r| locked.contains(r)) {
            tx.execute(
                "UPDATE recommendation SET position = ?2 WHERE uid = ?1",
                params![rec.id, pos(i)],
            )?;
            continue;
        }
        insert_recommendation(tx, i, rec)?;
    }
    Ok(())
}

pub(super) fn insert_theme(
    tx: &Transaction<'_>,
    position: usize,
    t: &Theme,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO theme (uid, position, title) VALUES (?1, ?2, ?3)",
        params![t.id, pos(position), t.title],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn points_json(q: &Question) -> String {
    // A list of strings always serialises; "[]" is never reached.
    serde_json::to_string(&q.points).unwrap_or_else(|_| "[]".into())
}

pub(super) fn insert_question(
    tx: &Transaction<'_>,
    theme_id: i64,
    position: usize,
    q: &Question,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO question (uid, theme_id, position, text, points, follow_up) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![q.id, theme_id, pos(position), q.text, points_json(q), q.follow_up],
    )?;
    Ok(())
}

/// Inserts a whole review with its minutes; returns its row id.
pub(super) fn insert_review(
    tx: &Transaction<'_>,
    position: usize,
    r: &Review,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO review (uid, position, organisation, short_name, held_on, status, preparation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![r.id, pos(position), r.organisation, r.short_name, r.date, r.status.as_str(), r.preparation],
    )?;
    let review_id = tx.last_insert_rowid();
    write_review_panel(tx, review_id, &r.panel)?;
    write_review_people(tx, review_id, r)?;
    write_contacts(tx, review_id, &r.contacts)?;
    for resp in &r.responses {
        tx.execute(
            "INSERT INTO response (review_id, question_uid, text) VALUES (?1, ?2, ?3)",
            params![review_id, resp.question, resp.text],
        )?;
        for v in &resp.history {
            tx.execute(
                "INSERT INTO response_version (review_id, question_uid, text, saved_at) VALUES (?1, ?2, ?3, ?4)",
                params![review_id, resp.question, v.text, v.saved],
            )?;
        }
    }
    for n in &r.notes {
        tx.execute(
            "INSERT INTO note (uid, review_id, question_uid, author, text, created_at, updated_at, superseded_text, superseded_updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                n.id, review_id, n.question, n.author, n.text, n.created, n.updated,
                n.superseded.as_ref().map(|v| &v.text), n.superseded.as_ref().map(|v| &v.updated)
            ],
        )?;
    }
    write_incomplete_themes(tx, review_id, &r.incomplete_themes)?;
    if let Some(asked) = &r.asked {
        write_asked(tx, review_id, asked)?;
    }
    if let Some(timebox) = &r.timebox {
        write_timebox(tx, review_id, timebox)?;
    }
    Ok(review_id)
}

/// The panel members sitting on a review, replacing any listed before.
pub(super) fn write_review_panel(
    tx: &Transaction<'_>,
    review_id: i64,
    panel: &[String],
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM review_panel WHERE review_id = ?1", [review_id])?;
    for (i, m) in panel.iter().enumerate() {
        tx.execute(
            "INSERT INTO review_panel (review_id, member_id, position) SELECT ?1, id, ?3 FROM panel_member WHERE uid = ?2",
            params![review_id, m, pos(i)],
        )?;
    }
    Ok(())
}

/// A review's representatives and apologies, replacing any listed before.
pub(super) fn write_review_people(
    tx: &Transaction<'_>,
    review_id: i64,
    r: &Review,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM review_person WHERE review_id = ?1",
        [review_id],
    )?;
    for (kind, people) in [
        ("representative", &r.representatives),
        ("apology", &r.apologies),
    ] {
        for (i, p) in people.iter().enumerate() {
            tx.execute(
                "INSERT INTO review_person (review_id, kind, position, name, role) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![review_id, kind, pos(i), p.name, p.role],
            )?;
        }
    }
    Ok(())
}

/// A review's contact log, replacing any written before.
pub(super) fn write_contacts(
    tx: &Transaction<'_>,
    review_id: i64,
    contacts: &[ContactAttempt],
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM contact_attempt WHERE review_id = ?1",
        [review_id],
    )?;
    for (i, c) in contacts.iter().enumerate() {
        tx.execute(
            "INSERT INTO contact_attempt (review_id, position, contacted_on, person, method, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![review_id, pos(i), c.date, c.person, c.method, c.note],
        )?;
    }
    Ok(())
}

/// The themes a review marks not completed, replacing any marked before.
pub(super) fn write_incomplete_themes(
    tx: &Transaction<'_>,
    review_id: i64,
    themes: &[IncompleteTheme],
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM theme_incomplete WHERE review_id = ?1",
        [review_id],
    )?;
    for t in themes {
        tx.execute(
            "INSERT INTO theme_incomplete (review_id, theme_uid, reason) VALUES (?1, ?2, ?3)",
            params![review_id, t.theme, t.reason],
        )?;
    }
    Ok(())
}

pub(super) fn scope_of(rec: &Recommendation) -> &'static str {
    match rec.for_ {
        RecommendationFor::Organisation => "organisation",
        RecommendationFor::Partnership => "partnership",
    }
}

pub(super) fn insert_recommendation(
    tx: &Transaction<'_>,
    position: usize,
    rec: &Recommendation,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO recommendation (uid, scope, review_id, theme_uid, after_question_uid, position, text)
         VALUES (?1, ?2, (SELECT id FROM review WHERE uid = ?3), ?4, ?5, ?6, ?7)",
        params![rec.id, scope_of(rec), rec.review, rec.theme, rec.after_question, pos(position), rec.text],
    )?;
    Ok(())
}

/// A review's frozen copy of the themes and questions it was asked.
pub(super) fn write_asked(
    tx: &Transaction<'_>,
    review_id: i64,
    themes: &[Theme],
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM review_question WHERE review_id = ?1",
        [review_id],
    )?;
    tx.execute("DELETE FROM review_theme WHERE review_id = ?1", [review_id])?;
    for (ti, t) in themes.iter().enumerate() {
        tx.execute(
            "INSERT INTO review_theme (review_id, position, uid, title) VALUES (?1, ?2, ?3, ?4)",
            params![review_id, pos(ti), t.id, t.title],
        )?;
        for (qi, q) in t.questions.iter().enumerate() {
            let points = points_json(q);
            tx.execute(
                "INSERT INTO review_question (review_id, theme_uid, position, uid, text, points, follow_up) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![review_id, t.id, pos(qi), q.id, q.text, points, q.follow_up],
            )?;
        }
    }
    Ok(())
}

pub(super) fn read_asked(
    conn: &Connection,
    review_id: i64,
) -> rusqlite::Result<Option<Vec<Theme>>> {
    let mut themes = conn
        .prepare_cached(
            "SELECT uid, title FROM review_theme WHERE review_id = ?1 ORDER BY position",
        )?
        .query_map([review_id], |r| {
            Ok(Theme {
                id: r.get(0)?,
                title: r.get(1)?,
                questions: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if themes.is_empty() {
        return Ok(None);
    }
    let mut q = conn.prepare_cached(
        "SELECT uid, text, points, follow_up FROM review_question WHERE review_id = ?1 AND theme_uid = ?2 ORDER BY position",
    )?;
    for theme in &mut themes {
        theme.questions = q
            .query_map(params![review_id, theme.id], question_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(Some(themes))
}

/// The themes (with their questions) a review is asked: its frozen copy
/// once held, else the template as it stands. The store's form of
/// [`AuditDoc::themes_for`]; every check of "is this asked" comes here.
pub(super) fn themes_asked(conn: &Connection, review_id: i64) -> rusqlite::Result<Vec<Theme>> {
    match read_asked(conn, review_id)? {
        Some(asked) => Ok(asked),
        None => read_template_themes(conn),
    }
}

/// Responses and incomplete themes in the order the review's table shows
/// them (stored rows carry no order of their own, being keyed by uid).
fn sort_by_question_order(review: &mut Review, template: &[Theme]) {
    let themes: Vec<&Theme> = match &review.asked {
        Some(a) => a.iter().collect(),
        None => template.iter().collect(),
    };
    let q_order = |q: &str| {
        themes
            .iter()
            .flat_map(|t| t.questions.iter())
            .position(|x| x.id == q)
            .unwrap_or(usize::MAX)
    };
    let t_order = |t: &str| themes.iter().position(|x| x.id == t).unwrap_or(usize::MAX);
    review.responses.sort_by_key(|r| q_order(&r.question));
    review.incomplete_themes.sort_by_key(|t| t_order(&t.theme));
}

fn question_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Question> {
    let points: String = r.get(2)?;
    Ok(Question {
        id: r.get(0)?,
        text: r.get(1)?,
        // Damaged points are reported as damage, never read as "no points".
        points: serde_json::from_str(&points).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
        })?,
        follow_up: r.get(3)?,
    })
}

/// The template's themes with their questions, in order.
pub(super) fn read_template_themes(conn: &Connection) -> rusqlite::Result<Vec<Theme>> {
    let mut themes = conn
        .prepare("SELECT id, uid, title FROM theme ORDER BY position")?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Theme {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    questions: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    {
        let mut q = conn.prepare("SELECT uid, text, points, follow_up FROM question WHERE theme_id = ?1 ORDER BY position")?;
        for (id, theme) in &mut themes {
            theme.questions = q
                .query_map([*id], question_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
    }
    Ok(themes.into_iter().map(|(_, t)| t).collect())
}

pub(super) fn read_doc(conn: &Connection) -> rusqlite::Result<AuditDoc> {
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
        .prepare(
            "SELECT uid, name, role, organisation, is_chair FROM panel_member ORDER BY position",
        )?
        .query_map([], |r| {
            Ok(PanelMember {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                organisation: r.get(3)?,
                chair: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let themes = read_template_themes(conn)?;

    let mut reviews = Vec::new();
    let mut stmt = conn.prepare("SELECT id, uid, organisation, short_name, held_on, status, preparation FROM review ORDER BY position")?;
    let rows = stmt
        .query_map([], |r| {
            let status: String = r.get(5)?;
            let mut review = Review::new(r.get(1)?, r.get(2)?, r.get(3)?);
            review.date = r.get(4)?;
            // An unknown status is damage (the schema's CHECK allows only
            // three), never silently "planned".
            review.status = ReviewStatus::parse(&status).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Text,
                    format!("unknown review status {status:?}").into(),
                )
            })?;
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
        let mut history = conn.prepare_cached(
            "SELECT text, saved_at FROM response_version WHERE review_id = ?1 AND question_uid = ?2 ORDER BY id",
        )?;
        review.responses = conn
            .prepare_cached("SELECT question_uid, text FROM response WHERE review_id = ?1")?
            .query_map([id], |r| {
                Ok(Response {
                    question: r.get(0)?,
                    text: r.get(1)?,
                    history: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for resp in &mut review.responses {
            resp.history = history
                .query_map(params![id, resp.question], |r| {
                    Ok(ResponseVersion {
                        text: r.get(0)?,
                        saved: r.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
        review.notes = conn
            .prepare_cached(
                // A fixed order, not insertion order: merging notes files in
                // any order must give the same audit (issue 7).
                "SELECT uid, question_uid, author, text, created_at, updated_at, superseded_text, superseded_updated_at
                 FROM note WHERE review_id = ?1 ORDER BY author, created_at, uid",
            )?
            .query_map([id], |r| {
                let superseded = match (r.get::<_, Option<String>>(6)?, r.get::<_, Option<String>>(7)?) {
                    (Some(text), Some(updated)) => Some(NoteVersion { text, updated }),
                    _ => None,
                };
                Ok(Note { id: r.get(0)?, question: r.get(1)?, author: r.get(2)?, text: r.get(3)?, created: r.get(4)?, updated: r.get(5)?, superseded })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        review.incomplete_themes = conn
            .prepare_cached("SELECT theme_uid, reason FROM theme_incomplete WHERE review_id = ?1")?
            .query_map([id], |r| {
                Ok(IncompleteTheme {
                    theme: r.get(0)?,
                    reason: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        review.asked = read_asked(conn, id)?;
        review.timebox = read_timebox(conn, id)?;
        sort_by_question_order(&mut review, &themes);
        reviews.push(review);
    }

    let recommendations = conn
        .prepare(
            "SELECT r.uid, r.scope, v.uid, r.theme_uid, r.after_question_uid, r.text FROM recommendation r
             LEFT JOIN review v ON v.id = r.review_id ORDER BY r.position",
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
            themes,
        },
        reviews,
        recommendations,
        previous: super::actions::read_carried(conn)?,
    })
}
