//! The workshop's writes: one response, one theme's "not completed", one
//! recommendation's text. Each is a small transaction of its own, because
//! autosave runs them about once a second while the chair types, and a
//! whole-audit rewrite would be too slow for a large audit.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Result, Store, StoreError};
use crate::dates::Timestamp;
use crate::interchange::MAX_TEXT_BYTES;
use crate::note::{ResponseVersion, HISTORY_INTERVAL_SECONDS};
use crate::text::plain;

/// What the status line needs after a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedResponse {
    pub saved: String,
    /// How many earlier versions the response now has.
    pub versions: usize,
}

/// One place a search term was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinutesHit {
    pub review: String,
    pub review_name: String,
    pub kind: HitKind,
    /// The question whose response or note it is, or that the
    /// recommendation follows; `None` for a recommendation at a theme's end.
    pub question: Option<String>,
    pub theme_title: String,
    /// Where it is, as numbered on that review's minutes screen: "Theme 2,
    /// question 2.3" (", recommendation 4" for a recommendation).
    pub place: String,
    /// The minute-taker, for a note.
    pub author: Option<String>,
    /// The recommendation's id, for a recommendation.
    pub recommendation: Option<String>,
    /// The matching text with some context, on one line.
    pub excerpt: String,
}

fn too_long(what: &'static str, text: &str) -> Result<()> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(StoreError::TooLong {
            what,
            bytes: text.len(),
        });
    }
    Ok(())
}

impl Store {
    pub(super) fn review_row(&self, review: &str) -> Result<i64> {
        self.conn
            .query_row("SELECT id FROM review WHERE uid = ?1", [review], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::Gone(super::Gone::Review))
    }

    /// Whether `question` is one this review is asked (the one rule:
    /// `doc::themes_asked`).
    fn asks(&self, review_id: i64, question: &str) -> Result<bool> {
        Ok(super::doc::themes_asked(&self.conn, review_id)?
            .iter()
            .any(|t| t.questions.iter().any(|q| q.id == question)))
    }

    /// Whether `theme` is one of this review's themes (as `asks`).
    fn asks_theme(&self, review_id: i64, theme: &str) -> Result<bool> {
        Ok(super::doc::themes_asked(&self.conn, review_id)?
            .iter()
            .any(|t| t.id == theme))
    }

    /// Saves a response. Before overwriting, the text being replaced is kept
    /// as a version if the newest kept version is older than
    /// [`HISTORY_INTERVAL_SECONDS`], so history grows every couple of minutes
    /// while the chair types, not on every keystroke.
    pub fn set_response(
        &mut self,
        review: &str,
        question: &str,
        text: &str,
        now: Timestamp,
    ) -> Result<SavedResponse> {
        let text = plain(text);
        too_long("response", &text)?;
        let review_id = self.review_row(review)?;
        super::signoff::refuse_if_locked(&self.conn, Some(review_id))?;
        if !self.asks(review_id, question)? {
            return Err(StoreError::Refused("That question is not one this review was asked. Reopen the audit to see its questions.".into()));
        }
        let saved = now.rfc3339();
        self.with_tx(|tx| {
            let current: Option<(String, String)> = tx
                .query_row(
                    "SELECT text, updated_at FROM response WHERE review_id = ?1 AND question_uid = ?2",
                    params![review_id, question],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((old, old_saved)) = current {
                if old == text {
                    let versions: i64 = tx.query_row(
                        "SELECT COUNT(*) FROM response_version WHERE review_id = ?1 AND question_uid = ?2",
                        params![review_id, question],
                        |r| r.get(0),
                    )?;
                    return Ok(SavedResponse { saved: old_saved, versions: usize::try_from(versions).unwrap_or(0) });
                }
                let last_kept: Option<String> = tx
                    .query_row(
                        "SELECT saved_at FROM response_version WHERE review_id = ?1 AND question_uid = ?2 ORDER BY id DESC LIMIT 1",
                        params![review_id, question],
                        |r| r.get(0),
                    )
                    .optional()?;
                let due = match last_kept.as_deref().and_then(Timestamp::parse_rfc3339) {
                    Some(t) => now.0 - t.0 >= HISTORY_INTERVAL_SECONDS,
                    None => true,
                };
                if due && !old.trim().is_empty() {
                    let when = if old_saved.is_empty() { saved.clone() } else { old_saved };
                    tx.execute(
                        "INSERT INTO response_version (review_id, question_uid, text, saved_at) VALUES (?1, ?2, ?3, ?4)",
                        params![review_id, question, old, when],
                    )?;
                }
            }
            tx.execute(
                "INSERT INTO response (review_id, question_uid, text, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (review_id, question_uid) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                params![review_id, question, text, saved],
            )?;
            let versions: i64 = tx.query_row(
                "SELECT COUNT(*) FROM response_version WHERE review_id = ?1 AND question_uid = ?2",
                params![review_id, question],
                |r| r.get(0),
            )?;
            Ok(SavedResponse { saved: saved.clone(), versions: usize::try_from(versions).unwrap_or(0) })
        })
    }

    /// Earlier versions of a response, newest first.
    pub fn response_history(&self, review: &str, question: &str) -> Result<Vec<ResponseVersion>> {
        let review_id = self.review_row(review)?;
        let mut stmt = self.conn.prepare(
            "SELECT text, saved_at FROM response_version WHERE review_id = ?1 AND question_uid = ?2 ORDER BY id DESC",
        )?;
        let rows = stmt
            .query_map(params![review_id, question], |r| {
                Ok(ResponseVersion {
                    text: r.get(0)?,
                    saved: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Marks a theme "not completed" with its reason, or clears the mark.
    pub fn set_theme_incomplete(
        &mut self,
        review: &str,
        theme: &str,
        reason: Option<&str>,
    ) -> Result<()> {
        let review_id = self.review_row(review)?;
        super::signoff::refuse_if_locked(&self.conn, Some(review_id))?;
        if !self.asks_theme(review_id, theme)? {
            return Err(StoreError::Refused(
                "That theme is not one this review was asked.".into(),
            ));
        }
        let reason = reason.map(plain);
        if let Some(r) = &reason {
            too_long("reason", r)?;
        }
        self.with_tx(|tx| {
            match &reason {
                Some(r) => tx.execute(
                    "INSERT INTO theme_incomplete (review_id, theme_uid, reason) VALUES (?1, ?2, ?3)
                     ON CONFLICT (review_id, theme_uid) DO UPDATE SET reason = excluded.reason",
                    params![review_id, theme, r],
                )?,
                None => tx.execute(
                    "DELETE FROM theme_incomplete WHERE review_id = ?1 AND theme_uid = ?2",
                    params![review_id, theme],
                )?,
            };
            Ok(())
        })
    }

    /// Changes a recommendation's wording.
    pub fn set_recommendation_text(&mut self, id: &str, text: &str) -> Result<()> {
        let text = plain(text);
        too_long("recommendation", &text)?;
        self.with_tx(|tx| {
            let review_id: Option<Option<i64>> = tx
                .query_row(
                    "SELECT review_id FROM recommendation WHERE uid = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            super::signoff::refuse_if_locked(tx, review_id.flatten())?;
            let n = tx.execute(
                "UPDATE recommendation SET text = ?2 WHERE uid = ?1",
                params![id, text],
            )?;
            if n == 0 {
                return Err(StoreError::Gone(super::Gone::Recommendation));
            }
            Ok(())
        })
    }

    /// Finds `query` (case-insensitive) in every review's responses,
    /// minute-takers' notes and recommendations, each hit named by where it
    /// is in that review's minutes (see [`search_doc`]).
    pub fn search_minutes(&self, query: &str) -> Result<Vec<MinutesHit>> {
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return Ok(Vec::new());
        }
        // Most searches find nothing or little: one query says whether there
        // is anything to find before the audit is loaded to place the hits.
        // (SQLite's lower() knows only ASCII, so only an ASCII term is
        // checked this way.)
        if needle.is_ascii() {
            let any: bool = self.conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM response WHERE instr(lower(text), ?1) > 0)
                     OR EXISTS(SELECT 1 FROM note WHERE instr(lower(text), ?1) > 0)
                     OR EXISTS(SELECT 1 FROM recommendation WHERE instr(lower(text), ?1) > 0)",
                [&needle],
                |r| r.get(0),
            )?;
            if !any {
                return Ok(Vec::new());
            }
        }
        Ok(search_doc(&self.load()?, query))
    }
}

/// Where a hit is: a question's response or note, or a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Response,
    Note,
    Recommendation,
}

/// Every place `query` (case-insensitive) is found in `doc`'s minutes, in
/// the order of the reviews and then of each review's minutes screen. Each
/// hit says where it is as the chair sees it: "Theme 2, question 2.3", with
/// the numbers of the themes that review is asked (its frozen copy once held).
pub fn search_doc(doc: &crate::AuditDoc, query: &str) -> Vec<MinutesHit> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let found = |text: &str| text.to_lowercase().contains(&needle);
    let labels: std::collections::HashMap<&str, String> = doc
        .labelled_recommendations()
        .into_iter()
        .map(|n| (n.recommendation.id.as_str(), n.label))
        .collect();
    let mut hits = Vec::new();
    for review in &doc.reviews {
        let review_name = if review.short_name.is_empty() {
            review.organisation.clone()
        } else {
            review.short_name.clone()
        };
        let hit = |kind,
                   theme: Option<(usize, &crate::template::Theme)>,
                   question: Option<(usize, &str)>,
                   text: &str| MinutesHit {
            review: review.id.clone(),
            review_name: review_name.clone(),
            kind,
            question: question.map(|(_, id)| id.to_string()),
            theme_title: theme.map(|(_, t)| t.title.clone()).unwrap_or_default(),
            place: match (theme, question) {
                (Some((ti, _)), Some((qi, _))) => {
                    format!("Theme {}, question {}.{}", ti + 1, ti + 1, qi + 1)
                }
                (Some((ti, _)), None) => format!("Theme {}", ti + 1),
                _ => String::new(),
            },
            author: None,
            recommendation: None,
            excerpt: excerpt(text, &needle),
        };
        let themes = doc.themes_for(review);
        for (ti, theme) in themes.iter().enumerate() {
            let rec_hit = |r: &crate::recommendation::Recommendation,
                           q: Option<(usize, &str)>,
                           hits: &mut Vec<MinutesHit>| {
                if found(&r.text) {
                    let label = labels.get(r.id.as_str()).cloned().unwrap_or_default();
                    let mut h = hit(HitKind::Recommendation, Some((ti, theme)), q, &r.text);
                    h.place = format!("{}, recommendation {label}", h.place);
                    h.recommendation = Some(r.id.clone());
                    hits.push(h);
                }
            };
            for (qi, q) in theme.questions.iter().enumerate() {
                let at = Some((qi, q.id.as_str()));
                if let Some(r) = review.response_for(&q.id) {
                    if found(&r.text) {
                        hits.push(hit(HitKind::Response, Some((ti, theme)), at, &r.text));
                    }
                }
                for n in review
                    .notes
                    .iter()
                    .filter(|n| n.question == q.id && found(&n.text))
                {
                    let mut h = hit(HitKind::Note, Some((ti, theme)), at, &n.text);
                    h.author = Some(n.author.clone());
                    hits.push(h);
                }
                for r in recs_after(doc, &review.id, &theme.id, Some(q.id.as_str())) {
                    rec_hit(r, at, &mut hits);
                }
            }
            for r in recs_after(doc, &review.id, &theme.id, None) {
                rec_hit(r, None, &mut hits);
            }
        }
    }
    hits
}

/// A review's recommendations placed in `theme` after the question `after`
/// (`None`: at the theme's end), in the audit's order.
fn recs_after<'a>(
    doc: &'a crate::AuditDoc,
    review: &str,
    theme: &str,
    after: Option<&str>,
) -> Vec<&'a crate::recommendation::Recommendation> {
    doc.recommendations
        .iter()
        .filter(|r| {
            r.review.as_deref() == Some(review)
                && r.theme.as_deref() == Some(theme)
                && r.after_question.as_deref() == after
        })
        .collect()
}

/// About 60 characters either side of the first match, on one line.
fn excerpt(text: &str, needle: &str) -> String {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths, so find the match by characters.
    let chars: Vec<char> = text.chars().collect();
    let lower_chars: Vec<char> = lower.chars().collect();
    let needle_chars: Vec<char> = needle.chars().collect();
    let at = if lower_chars.len() == chars.len() {
        lower_chars
            .windows(needle_chars.len().max(1))
            .position(|w| w == needle_chars.as_slice())
            .unwrap_or(0)
    } else {
        0
    };
    let start = at.saturating_sub(60);
    let end = (at + needle_chars.len() + 60).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}
