//! The JSON form of a whole audit: reading it with clear messages, writing it,
//! and the checks every audit passes before it is stored, however it arrived.

use std::collections::HashSet;

use crate::audit::{check_year, AuditDoc, FORMAT, FORMAT_VERSION};
use crate::dates::{Date, Timestamp};
use crate::recommendation::RecommendationFor;
use crate::review::ReviewStatus;
use crate::timebox::{Timebox, MAX_PLAN_MINUTES};
use crate::versioned::HeaderError;

/// Longest single text (a minute, a response, a section): big enough for a
/// megabyte of minutes pasted from Word, small enough to keep the app responsive.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Longest name, role, title or other one-line field.
pub const MAX_LINE_CHARS: usize = 500;
/// Largest JSON file read in one go.
pub const MAX_JSON_BYTES: usize = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    #[error("This file is not valid JSON (line {line}, column {column}): {reason}. Check that it is a complete Section 11 Panel audit export.")]
    Malformed {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("This JSON file is not a Section 11 Panel audit (its “format” is “{0}”). Choose a file exported with “Export JSON” or `s11 export-json`.")]
    NotAnAudit(String),
    #[error("This audit was exported by a newer version of Section 11 Panel (format version {found}; this version reads up to {supported}). Update the app to open it.")]
    NewerFormat { found: u32, supported: u32 },
    #[error("This audit cannot be used: {0}")]
    Invalid(String),
    #[error(
        "This file is too large to import ({0} bytes); the largest audit file accepted is 256 MB."
    )]
    TooLarge(usize),
}

/// Reads an audit from JSON text, checking what it says it is before anything
/// else so that a foreign or newer file gets the right message.
pub fn from_json(text: &str) -> Result<AuditDoc, InterchangeError> {
    // A byte order mark, as Notepad and PowerShell on Windows write first,
    // is not JSON: serde_json would refuse the file at line 1, column 1.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_JSON_BYTES {
        return Err(InterchangeError::TooLarge(text.len()));
    }
    let malformed = |e: serde_json::Error| InterchangeError::Malformed {
        line: e.line(),
        column: e.column(),
        reason: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    };
    // The header first: an unknown field from a newer version must say
    // "newer version", not "unknown field".
    match crate::versioned::check_header(text, FORMAT, FORMAT_VERSION) {
        Ok(_) => {}
        Err(HeaderError::Malformed(e)) => return Err(malformed(e)),
        Err(HeaderError::Foreign(found)) => return Err(InterchangeError::NotAnAudit(found)),
        Err(HeaderError::Newer(found)) => {
            return Err(InterchangeError::NewerFormat {
                found,
                supported: FORMAT_VERSION,
            })
        }
        Err(HeaderError::NoVersion) => {
            return Err(InterchangeError::Invalid(
                "its “format_version” is missing or 0".into(),
            ))
        }
    }
    let doc: AuditDoc = serde_json::from_str(text).map_err(malformed)?;
    validate(&doc)?;
    Ok(doc)
}

/// Characters that reorder the text around them (bidirectional embeddings,
/// overrides and isolates): in a name or a minute from another machine they
/// can make text read differently from what it holds.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Imported text cleaned as typed text is (no NUL, `\n` line breaks), and
/// without bidirectional controls.
pub fn clean_imported_text(text: &str) -> String {
    crate::text::plain(text)
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .collect()
}

/// Reads an audit from a JSON file someone else made (`s11 import-json`):
/// [`from_json`], then every text in it cleaned by [`clean_imported_text`].
/// `from_json` itself keeps text exactly, so JSON → .s11 → JSON round-trips.
pub fn import_json(text: &str) -> Result<AuditDoc, InterchangeError> {
    let doc = from_json(text)?;
    let mut value =
        serde_json::to_value(&doc).map_err(|e| InterchangeError::Invalid(e.to_string()))?;
    fn clean(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => *s = clean_imported_text(s),
            serde_json::Value::Array(items) => items.iter_mut().for_each(clean),
            serde_json::Value::Object(map) => map.values_mut().for_each(clean),
            _ => {}
        }
    }
    clean(&mut value);
    let doc: AuditDoc =
        serde_json::from_value(value).map_err(|e| InterchangeError::Invalid(e.to_string()))?;
    validate(&doc)?;
    Ok(doc)
}

/// Pretty JSON, stable field order, ending with a newline.
pub fn to_json(doc: &AuditDoc) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}

fn invalid(msg: impl Into<String>) -> InterchangeError {
    InterchangeError::Invalid(msg.into())
}

fn line(what: &str, value: &str, required: bool) -> Result<(), InterchangeError> {
    if required && value.trim().is_empty() {
        return Err(invalid(format!("{what} is empty")));
    }
    if value.chars().count() > MAX_LINE_CHARS {
        return Err(invalid(format!(
            "{what} is longer than {MAX_LINE_CHARS} characters"
        )));
    }
    if value.contains(['\n', '\r']) {
        return Err(invalid(format!("{what} must be on one line")));
    }
    Ok(())
}

fn text(what: &str, value: &str) -> Result<(), InterchangeError> {
    if value.len() > MAX_TEXT_BYTES {
        return Err(invalid(format!(
            "{what} is {} MB; the most one text can hold is 2 MB",
            value.len() / (1024 * 1024)
        )));
    }
    Ok(())
}

fn unique<'a>(
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashSet<&'a str>, InterchangeError> {
    let mut seen = HashSet::new();
    for id in ids {
        line(&format!("a {what} id"), id, true)?;
        if !seen.insert(id) {
            return Err(invalid(format!("two {what}s share the id “{id}”")));
        }
    }
    Ok(seen)
}

fn date(what: &str, value: &str) -> Result<(), InterchangeError> {
    Date::parse(value, false)
        .map(|_| ())
        .map_err(|e| invalid(format!("{what}: {e}")))
}

/// Themes and questions: ids unique, titles and texts present and in limits.
fn check_themes(what: &str, themes: &[crate::template::Theme]) -> Result<(), InterchangeError> {
    unique("theme", themes.iter().map(|t| t.id.as_str()))
        .map_err(|e| invalid(format!("{what}: {e}")))?;
    unique(
        "question",
        themes
            .iter()
            .flat_map(|t| t.questions.iter().map(|q| q.id.as_str())),
    )
    .map_err(|e| invalid(format!("{what}: {e}")))?;
    for t in themes {
        line("a theme's title", &t.title, true)?;
        for q in &t.questions {
            text("a question", &q.text)?;
            if q.text.trim().is_empty() {
                return Err(invalid(format!("a question in “{}” has no text", t.title)));
            }
            for p in &q.points {
                line("a question's sub-point", p, true)?;
            }
            text("a question's follow-up", &q.follow_up)?;
        }
    }
    Ok(())
}

/// A review's timer: minutes within the limits, titles on one line, and a
/// record that replays against its plan (so the timer opens without error).
fn check_timebox(name: &str, timebox: &Timebox) -> Result<(), InterchangeError> {
    let plan = &timebox.plan;
    if plan.length_minutes > MAX_PLAN_MINUTES
        || plan.segments.iter().any(|s| s.minutes > MAX_PLAN_MINUTES)
    {
        return Err(invalid(format!(
            "the timer plan for {name} has a length over {MAX_PLAN_MINUTES} minutes"
        )));
    }
    for s in &plan.segments {
        line(
            &format!("a timer segment's title in the review of {name}"),
            &s.title,
            true,
        )?;
    }
    timebox.session().map(|_| ()).map_err(|e| {
        invalid(format!(
            "the timer record for {name} does not fit its plan: {e}"
        ))
    })
}

/// Every rule an audit keeps, whichever way it arrived: ids unique and every
/// reference resolving, at most one chair, dates real, texts within limits.
pub fn validate(doc: &AuditDoc) -> Result<(), InterchangeError> {
    let a = &doc.audit;
    line("the audit id", &a.id, true)?;
    line("the partnership name", &a.partnership, true)?;
    check_year(&a.year).map_err(invalid)?;
    if !a.report_date.is_empty() {
        Date::parse(&a.report_date, true).map_err(|e| invalid(format!("the report date: {e}")))?;
    }
    text("the Background", &a.background)?;
    text("the Methodology", &a.methodology)?;
    text("the Conclusion", &a.conclusion)?;

    let members = unique("panel member", doc.panel.iter().map(|m| m.id.as_str()))?;
    for m in &doc.panel {
        line("a panel member's name", &m.name, true)?;
        line("a panel member's role", &m.role, false)?;
        line("a panel member's organisation", &m.organisation, false)?;
    }
    if doc.panel.iter().filter(|m| m.chair).count() > 1 {
        return Err(invalid("more than one panel member is marked as the chair"));
    }

    line("the template's name", &doc.template.name, true)?;
    line("the template's version", &doc.template.version, false)?;
    check_themes("the template", &doc.template.themes)?;

    let reviews = unique("review", doc.reviews.iter().map(|r| r.id.as_str()))?;
    let notes = unique(
        "note",
        doc.reviews
            .iter()
            .flat_map(|r| r.notes.iter().map(|n| n.id.as_str())),
    )?;
    drop(notes);
    for r in &doc.reviews {
        let name = r.display_name();
        if let Some(asked) = &r.asked {
            check_themes(&format!("the questions asked of {name}"), asked)?;
        }
        let themes_asked = doc.themes_for(r);
        let themes: HashSet<&str> = themes_asked.iter().map(|t| t.id.as_str()).collect();
        let questions: HashSet<&str> = themes_asked
            .iter()
            .flat_map(|t| t.questions.iter().map(|q| q.id.as_str()))
            .collect();
        line("an organisation's name", &r.organisation, true)?;
        line("an organisation's short name", &r.short_name, false)?;
        if let Some(d) = &r.date {
            date(&format!("the date of the review of {name}"), d)?;
        }
        if r.status == ReviewStatus::Held && r.date.is_none() {
            return Err(invalid(format!(
                "the review of {name} is marked held but has no date"
            )));
        }
        let mut seen = HashSet::new();
        for m in &r.panel {
            if !members.contains(m.as_str()) {
                return Err(invalid(format!(
                    "the review of {name} names a panel member “{m}” who is not on the panel"
                )));
            }
            if !seen.insert(m) {
                return Err(invalid(format!(
                    "the review of {name} names panel member “{m}” twice"
                )));
            }
        }
        for p in r.representatives.iter().chain(&r.apologies) {
            line(&format!("a name in the review of {name}"), &p.name, true)?;
            line(&format!("a role in the review of {name}"), &p.role, false)?;
        }
        text(
            &format!("the preparation remark for {name}"),
            &r.preparation,
        )?;
        for c in &r.contacts {
            date(&format!("a contact attempt with {name}"), &c.date)?;
            line("a contact's person", &c.person, false)?;
            line("a contact's method", &c.method, false)?;
            text("a contact's note", &c.note)?;
        }
        let mut answered = HashSet::new();
        for resp in &r.responses {
            if !questions.contains(resp.question.as_str()) {
                return Err(invalid(format!(
                    "the review of {name} answers a question “{}” that it was not asked",
                    resp.question
                )));
            }
            for v in &resp.history {
                text("an earlier version of a response", &v.text)?;
                if Timestamp::parse_rfc3339(&v.saved).is_none() {
                    return Err(invalid(format!(
                        "a response version's time “{}” is not of the form 2022-02-10T14:05:00Z",
                        v.saved
                    )));
                }
            }
            if !answered.insert(resp.question.as_str()) {
                return Err(invalid(format!(
                    "the review of {name} has two responses to question “{}”",
                    resp.question
                )));
            }
            text(&format!("a response in the review of {name}"), &resp.text)?;
        }
        for n in &r.notes {
            if !questions.contains(n.question.as_str()) {
                return Err(invalid(format!(
                    "a note in the review of {name} is for a question “{}” that it was not asked",
                    n.question
                )));
            }
            line("a note's author", &n.author, true)?;
            text("a note", &n.text)?;
            if let Some(v) = &n.superseded {
                text("an earlier version of a note", &v.text)?;
            }
            for t in [&n.created, &n.updated]
                .into_iter()
                .chain(n.superseded.as_ref().map(|v| &v.updated))
            {
                if Timestamp::parse_rfc3339(t).is_none() {
                    return Err(invalid(format!(
                        "a note's time “{t}” is not of the form 2022-02-10T14:05:00Z"
                    )));
                }
            }
        }
        if let Some(timebox) = &r.timebox {
            check_timebox(name, timebox)?;
        }
        let mut incomplete = HashSet::new();
        for t in &r.incomplete_themes {
            if !themes.contains(t.theme.as_str()) || !incomplete.insert(t.theme.as_str()) {
                return Err(invalid(format!("the review of {name} marks an unknown theme “{}” not completed, or marks it twice", t.theme)));
            }
            text("a reason a theme was not completed", &t.reason)?;
        }
    }

    unique(
        "recommendation",
        doc.recommendations.iter().map(|r| r.id.as_str()),
    )?;
    for rec in &doc.recommendations {
        // An empty text is allowed: a recommendation is added first and then
        // written, and autosave stores it in between.
        text("a recommendation", &rec.text)?;
        match &rec.review {
            Some(id) if !reviews.contains(id.as_str()) => {
                return Err(invalid(format!(
                    "a recommendation belongs to a review “{id}” that is not in the audit"
                )));
            }
            None if rec.for_ == RecommendationFor::Organisation => {
                return Err(invalid(format!(
                    "the recommendation “{}” is for an organisation but names no review",
                    rec.text
                )));
            }
            _ => {}
        }
        let themes = match rec.review.as_deref().and_then(|id| doc.review(id)) {
            Some(review) => doc.themes_for(review),
            None => &doc.template.themes,
        };
        if let Some(t) = &rec.theme {
            let theme = themes.iter().find(|x| &x.id == t).ok_or_else(|| {
                invalid(format!(
                    "a recommendation names a theme “{t}” that is not in the template"
                ))
            })?;
            if let Some(q) = &rec.after_question {
                if !theme.questions.iter().any(|x| &x.id == q) {
                    return Err(invalid(format!("a recommendation is placed after question “{q}”, which is not in its theme “{}”", theme.title)));
                }
            }
        } else if rec.after_question.is_some() {
            return Err(invalid(
                "a recommendation names a question but not its theme",
            ));
        }
    }
    Ok(())
}
