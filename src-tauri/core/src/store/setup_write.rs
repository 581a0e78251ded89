//! Set-up edits written entity by entity (issue 20).
//!
//! A set-up edit (template, panel, reviews' details, recommendations) runs
//! on the audit as read, and only the rows it changed are written, found by
//! their stable ids. Before this, every edit deleted and re-inserted the
//! whole audit; its cost grew with the minutes, and it reset what the
//! document does not carry (a response's last-saved time, which the next
//! save dates the kept version by).
//!
//! Invariants:
//! - minutes are never written here: a review's responses, their history and
//!   its minute-takers' notes must come out of a set-up edit as they went in.
//!   The one exception is a response left empty under a question the edit
//!   removed from the template (setup.rs refuses the removal when it holds
//!   text), which is deleted with its question. Anything else is refused as
//!   a bug, and nothing is written;
//! - signed-off reviews (`locked_review`) have been checked unchanged by the
//!   caller (`signoff::check_whole_write`); only their place in the list is
//!   written, which the database's triggers allow;
//! - last year's audit (`previous`) is not part of a set-up edit.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};

use crate::audit::AuditDoc;
use crate::review::Review;
use crate::template::Question;

use super::doc::{
    insert_question, insert_recommendation, insert_review, insert_theme, points_json, pos,
    scope_of, write_asked, write_contacts, write_incomplete_themes, write_review_panel,
    write_review_people,
};
use super::timebox_rows::write_timebox;
use super::{Result, StoreError};

/// Writes what changed between `before` (the audit as stored) and `after`
/// (the same audit once the edit ran).
pub(super) fn write_changes(
    tx: &Transaction<'_>,
    before: &AuditDoc,
    after: &AuditDoc,
) -> Result<()> {
    write_audit(tx, before, after)?;
    write_panel(tx, before, after)?;
    write_template(tx, before, after)?;
    write_reviews(tx, before, after)?;
    write_recommendations(tx, before, after)?;
    Ok(())
}

fn write_audit(tx: &Transaction<'_>, before: &AuditDoc, after: &AuditDoc) -> Result<()> {
    if before.audit == after.audit
        && before.template.name == after.template.name
        && before.template.version == after.template.version
    {
        return Ok(());
    }
    let a = &after.audit;
    tx.execute(
        "UPDATE audit SET uid = ?1, partnership = ?2, year = ?3, report_date = ?4, background = ?5,
             methodology = ?6, conclusion = ?7, template_name = ?8, template_version = ?9 WHERE id = 1",
        params![a.id, a.partnership, a.year, a.report_date, a.background, a.methodology, a.conclusion,
            after.template.name, after.template.version],
    )?;
    Ok(())
}

fn write_panel(tx: &Transaction<'_>, before: &AuditDoc, after: &AuditDoc) -> Result<()> {
    let old: HashMap<&str, (usize, &crate::panel::PanelMember)> = before
        .panel
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), (i, m)))
        .collect();
    let kept: HashSet<&str> = after.panel.iter().map(|m| m.id.as_str()).collect();
    for m in before
        .panel
        .iter()
        .filter(|m| !kept.contains(m.id.as_str()))
    {
        tx.execute("DELETE FROM panel_member WHERE uid = ?1", [&m.id])?;
    }
    // At most one chair (a unique index): whoever stops being chair lets go
    // first, so handing the chair over never holds two for a moment.
    for m in after.panel.iter().filter(|m| !m.chair) {
        if old.get(m.id.as_str()).is_some_and(|(_, o)| o.chair) {
            tx.execute(
                "UPDATE panel_member SET is_chair = 0 WHERE uid = ?1",
                [&m.id],
            )?;
        }
    }
    for (i, m) in after.panel.iter().enumerate() {
        match old.get(m.id.as_str()) {
            Some((oi, o)) if *oi == i && *o == m => {}
            Some(_) => {
                tx.execute(
                    "UPDATE panel_member SET position = ?2, name = ?3, role = ?4, organisation = ?5, is_chair = ?6 WHERE uid = ?1",
                    params![m.id, pos(i), m.name, m.role, m.organisation, m.chair],
                )?;
            }
            None => {
                tx.execute(
                    "INSERT INTO panel_member (uid, position, name, role, organisation, is_chair) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![m.id, pos(i), m.name, m.role, m.organisation, m.chair],
                )?;
            }
        }
    }
    Ok(())
}

fn write_template(tx: &Transaction<'_>, before: &AuditDoc, after: &AuditDoc) -> Result<()> {
    let old_themes: HashMap<&str, (usize, &str)> = before
        .template
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), (i, t.title.as_str())))
        .collect();
    // Every question by id, with the theme it sat in and its place there.
    let old_questions: HashMap<&str, (&str, usize, &Question)> = before
        .template
        .themes
        .iter()
        .flat_map(|t| {
            t.questions
                .iter()
                .enumerate()
                .map(move |(i, q)| (q.id.as_str(), (t.id.as_str(), i, q)))
        })
        .collect();
    let new_themes: HashSet<&str> = after
        .template
        .themes
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let new_questions: HashSet<&str> = after
        .template
        .themes
        .iter()
        .flat_map(|t| t.questions.iter().map(|q| q.id.as_str()))
        .collect();
    for q in old_questions.keys().filter(|q| !new_questions.contains(*q)) {
        tx.execute("DELETE FROM question WHERE uid = ?1", [q])?;
    }
    for t in old_themes.keys().filter(|t| !new_themes.contains(*t)) {
        tx.execute("DELETE FROM theme WHERE uid = ?1", [t])?;
    }
    for (ti, t) in after.template.themes.iter().enumerate() {
        let theme_id = match old_themes.get(t.id.as_str()) {
            None => insert_theme(tx, ti, t)?,
            Some(&(oi, title)) => {
                if oi != ti || title != t.title {
                    tx.execute(
                        "UPDATE theme SET position = ?2, title = ?3 WHERE uid = ?1",
                        params![t.id, pos(ti), t.title],
                    )?;
                }
                tx.query_row("SELECT id FROM theme WHERE uid = ?1", [&t.id], |r| r.get(0))?
            }
        };
        for (qi, q) in t.questions.iter().enumerate() {
            match old_questions.get(q.id.as_str()) {
                None => insert_question(tx, theme_id, qi, q)?,
                Some(&(old_theme, oi, oq)) if old_theme == t.id && oi == qi && oq == q => {}
                Some(_) => {
                    tx.execute(
                        "UPDATE question SET theme_id = ?2, position = ?3, text = ?4, points = ?5, follow_up = ?6 WHERE uid = ?1",
                        params![q.id, theme_id, pos(qi), q.text, points_json(q), q.follow_up],
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn minutes_touched(review: &Review) -> StoreError {
    StoreError::Refused(format!(
        "This set-up change would have altered the minutes of the review of {}, which set-up never does, so nothing was saved. Please report this to the app's maintainers.",
        review.display_name()
    ))
}

fn write_reviews(tx: &Transaction<'_>, before: &AuditDoc, after: &AuditDoc) -> Result<()> {
    let locked: HashSet<String> = tx
        .prepare("SELECT review_uid FROM locked_review")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let old: HashMap<&str, (usize, &Review)> = before
        .reviews
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), (i, r)))
        .collect();
    let kept: HashSet<&str> = after.reviews.iter().map(|r| r.id.as_str()).collect();
    for r in before
        .reviews
        .iter()
        .filter(|r| !kept.contains(r.id.as_str()))
    {
        // Its rows go with it (ON DELETE CASCADE); a signed-off review's
        // delete is refused by the database.
        tx.execute("DELETE FROM review WHERE uid = ?1", [&r.id])?;
    }
    for (ri, r) in after.reviews.iter().enumerate() {
        let Some(&(oi, o)) = old.get(r.id.as_str()) else {
            insert_review(tx, ri, r)?;
            continue;
        };
        if locked.contains(&r.id) {
            if oi != ri {
                tx.execute(
                    "UPDATE review SET position = ?2 WHERE uid = ?1",
                    params![r.id, pos(ri)],
                )?;
            }
            continue;
        }
        if oi == ri && o == r {
            continue;
        }
        let review_id: i64 = tx
            .query_row("SELECT id FROM review WHERE uid = ?1", [&r.id], |row| {
                row.get(0)
            })
            .optional()?
            .ok_or_else(|| minutes_touched(r))?;
        if oi != ri
            || o.organisation != r.organisation
            || o.short_name != r.short_name
            || o.date != r.date
            || o.status != r.status
            || o.preparation != r.preparation
        {
            tx.execute(
                "UPDATE review SET position = ?2, organisation = ?3, short_name = ?4, held_on = ?5, status = ?6, preparation = ?7 WHERE id = ?1",
                params![review_id, pos(ri), r.organisation, r.short_name, r.date, r.status.as_str(), r.preparation],
            )?;
        }
        if o.panel != r.panel {
            write_review_panel(tx, review_id, &r.panel)?;
        }
        if o.representatives != r.representatives || o.apologies != r.apologies {
            write_review_people(tx, review_id, r)?;
        }
        if o.contacts != r.contacts {
            write_contacts(tx, review_id, &r.contacts)?;
        }
        if o.incomplete_themes != r.incomplete_themes {
            write_incomplete_themes(tx, review_id, &r.incomplete_themes)?;
        }
        if o.asked != r.asked {
            match &r.asked {
                Some(asked) => write_asked(tx, review_id, asked)?,
                None => write_asked(tx, review_id, &[])?,
            }
        }
        if o.timebox != r.timebox {
            match &r.timebox {
                Some(timebox) => write_timebox(tx, review_id, timebox)?,
                None => {
                    tx.execute("DELETE FROM timer_event WHERE review_id = ?1", [review_id])?;
                    tx.execute("DELETE FROM timebox_plan WHERE review_id = ?1", [review_id])?;
                }
            }
        }
        if o.notes != r.notes {
            return Err(minutes_touched(r));
        }
        if o.responses != r.responses {
            write_removed_responses(tx, review_id, o, r)?;
        }
    }
    Ok(())
}

/// The one change to minutes a set-up edit may make: an empty response to a
/// question removed from the template goes with its question.
fn write_removed_responses(
    tx: &Transaction<'_>,
    review_id: i64,
    before: &Review,
    after: &Review,
) -> Result<()> {
    let mut after_iter = after.responses.iter().peekable();
    for resp in &before.responses {
        if after_iter.peek().is_some_and(|a| *a == resp) {
            after_iter.next();
            continue;
        }
        if !resp.text.trim().is_empty() {
            return Err(minutes_touched(after));
        }
        tx.execute(
            "DELETE FROM response WHERE review_id = ?1 AND question_uid = ?2",
            params![review_id, resp.question],
        )?;
        tx.execute(
            "DELETE FROM response_version WHERE review_id = ?1 AND question_uid = ?2",
            params![review_id, resp.question],
        )?;
    }
    // Anything left in `after` was added or changed: not a set-up edit's to make.
    if after_iter.next().is_some() {
        return Err(minutes_touched(after));
    }
    Ok(())
}

fn write_recommendations(tx: &Transaction<'_>, before: &AuditDoc, after: &AuditDoc) -> Result<()> {
    let old: HashMap<&str, (usize, &crate::recommendation::Recommendation)> = before
        .recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), (i, r)))
        .collect();
    let kept: HashSet<&str> = after
        .recommendations
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    for rec in before
        .recommendations
        .iter()
        .filter(|r| !kept.contains(r.id.as_str()))
    {
        tx.execute("DELETE FROM recommendation WHERE uid = ?1", [&rec.id])?;
    }
    for (i, rec) in after.recommendations.iter().enumerate() {
        match old.get(rec.id.as_str()) {
            None => insert_recommendation(tx, i, rec)?,
            Some(&(oi, o)) if oi == i && o == rec => {}
            // Only the place of a signed-off review's recommendation can
            // change (the caller checked the rest, the triggers enforce it).
            Some(&(_, o)) if o == rec => {
                tx.execute(
                    "UPDATE recommendation SET position = ?2 WHERE uid = ?1",
                    params![rec.id, pos(i)],
                )?;
            }
            Some(_) => {
                tx.execute(
                    "UPDATE recommendation SET scope = ?2, review_id = (SELECT id FROM review WHERE uid = ?3),
                         theme_uid = ?4, after_question_uid = ?5, position = ?6, text = ?7 WHERE uid = ?1",
                    params![rec.id, scope_of(rec), rec.review, rec.theme, rec.after_question, pos(i), rec.text],
                )?;
            }
        }
    }
    Ok(())
}
