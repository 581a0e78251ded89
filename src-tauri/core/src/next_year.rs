//! Next year's audit (issue 18): starting one from last year's, and following
//! last year's recommendations as actions until each is done.
//!
//! The successor is a new audit (its own id, file and year) holding what
//! carries forward: the partnership, the panel, the template as a new
//! version, the organisations as planned reviews, and every recommendation
//! as an action. Nothing recorded last year (minutes, notes, sign-offs, the
//! timer) is copied: those belong to last year's signed record.
//!
//! Actions are not part of the JSON interchange form (`AuditDoc` serialises
//! without them, format version 1 is unchanged); they live in their own
//! tables (migration 7) and ride along on the loaded document as
//! [`AuditDoc::previous`] so the report and its signed canonical form see
//! them exactly as the store holds them.

use serde::{Deserialize, Serialize};

pub use crate::action::{
    Action, ActionStatus, Carried, Evidence, EvidenceKind, PreviousAudit, ProgressNote,
};
use crate::audit::{check_year, AuditDoc};
use crate::dates::Date;
use crate::recommendation::RecommendationFor;
use crate::review::Review;
use crate::template::{Template, Theme};

/// Why a successor or an action change was refused; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NextYearError {
    #[error("{0}")]
    Year(String),
    #[error("Next year's audit must be for a later year than {previous}: choose a year after it, for example {suggested}.")]
    NotLater { previous: String, suggested: String },
    #[error("There is no recommendation numbered “{0}” from last year. Use the number or letter as the report printed it (for example 3 or A); `s11 actions list` shows them.")]
    NoSuchAction(String),
    #[error("This audit was not started from last year's, so it has no actions to follow. Start next year's audit from last year's file to carry its recommendations forward.")]
    NoActions,
    #[error("“{0}” is not an action status: use not_started, in_progress, completed, not_accepted or superseded.")]
    BadStatus(String),
    #[error("{0}")]
    Date(#[from] crate::dates::DateError),
    #[error("Evidence is kept with a progress note: write what has been done in the note too, or leave the evidence out.")]
    EvidenceWithoutNote,
}

/// A status as the screens offer and count it.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: ActionStatus,
    pub label: &'static str,
    pub count: usize,
}

/// The actions screen's data: where the actions came from, each action with
/// its status in words, the counts by status, the owners to filter by, and
/// what changed in the template since last year.
#[derive(Debug, Clone, Serialize)]
pub struct ActionsView {
    pub from_year: String,
    pub from_partnership: String,
    pub from_file: String,
    pub actions: Vec<ActionRow>,
    pub counts: Vec<StatusCount>,
    /// In the order their actions first appear (organisations, then the partnership).
    pub owners: Vec<String>,
    pub template_changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    #[serde(flatten)]
    pub action: Action,
    pub status_label: &'static str,
    /// "31 March 2023", or empty.
    pub due_label: String,
    /// Each note's date as printed, in the same order as `progress`.
    pub progress_dates: Vec<String>,
}

impl ActionsView {
    /// `None` when the audit was not started from last year's.
    pub fn of(doc: &AuditDoc) -> Option<ActionsView> {
        let c = doc.previous.as_ref()?;
        let mut owners: Vec<String> = Vec::new();
        for a in &c.actions {
            if !owners.contains(&a.owner) {
                owners.push(a.owner.clone());
            }
        }
        Some(ActionsView {
            from_year: c.from.year.clone(),
            from_partnership: c.from.partnership.clone(),
            from_file: c.from.file_name.clone(),
            actions: c
                .actions
                .iter()
                .map(|a| ActionRow {
                    action: a.clone(),
                    status_label: a.status.label(),
                    due_label: a
                        .due
                        .as_deref()
                        .map(crate::dates::british)
                        .unwrap_or_default(),
                    progress_dates: a
                        .progress
                        .iter()
                        .map(|n| crate::dates::british(&n.date))
                        .collect(),
                })
                .collect(),
            counts: c
                .counts()
                .into_iter()
                .map(|(status, count)| StatusCount {
                    status,
                    label: status.label(),
                    count,
                })
                .collect(),
            owners,
            template_changes: template_changes(&c.from.template, &doc.template)
                .iter()
                .map(TemplateChange::describe)
                .collect(),
        })
    }
}

/// The year after `year` ("2021-22" gives "2022-23"), if `year` is one.
pub fn following_year(year: &str) -> Option<String> {
    check_year(year).ok()?;
    let first: u32 = year.get(..4)?.parse().ok()?;
    Some(format!("{}-{:02}", first + 1, (first + 2) % 100))
}

/// Builds next year's audit from `last`. `file_name` is last year's file's
/// name, recorded as where the actions came from; `new_id` makes ids, so
/// tests can make them predictable.
///
/// The template keeps its theme and question ids (so the changes the chair
/// makes can be listed against last year's, and the regional collation
/// still matches questions) and takes the new year as its version.
pub fn start_next_year(
    last: &AuditDoc,
    year: &str,
    file_name: &str,
    mut new_id: impl FnMut() -> String,
) -> Result<AuditDoc, NextYearError> {
    check_year(year).map_err(NextYearError::Year)?;
    // Years compare as text: both are checked "YYYY-YY".
    if year <= last.audit.year.as_str() {
        return Err(NextYearError::NotLater {
            previous: last.audit.year.clone(),
            suggested: following_year(&last.audit.year).unwrap_or_else(|| "2022-23".into()),
        });
    }
    let mut next = AuditDoc::new(new_id(), last.audit.partnership.clone(), year.to_string());
    next.panel = last.panel.clone();
    next.template = last.template.clone();
    next.template.version = year.to_string();
    let mut review_ids = std::collections::HashMap::new();
    for r in &last.reviews {
        let mut planned = Review::new(new_id(), r.organisation.clone(), r.short_name.clone());
        planned.panel = r.panel.clone();
        review_ids.insert(r.id.clone(), planned.id.clone());
        next.reviews.push(planned);
    }
    let actions = last
        .labelled_recommendations()
        .into_iter()
        .map(|n| {
            let r = n.recommendation;
            let review = r.review.as_ref().and_then(|id| last.review(id));
            let (owner, review) = match (r.for_, review) {
                (RecommendationFor::Organisation, Some(v)) => {
                    (v.organisation.clone(), review_ids.get(&v.id).cloned())
                }
                _ => (last.audit.partnership.clone(), None),
            };
            Action {
                id: new_id(),
                label: n.label,
                text: r.text.clone(),
                for_: r.for_,
                owner,
                review,
                status: ActionStatus::NotStarted,
                due: None,
                progress: Vec::new(),
            }
        })
        .collect::<Vec<_>>();
    // Followed until done: an action last year's audit was still following
    // (not started or in progress) comes forward too, with its history,
    // labelled with the year that made it ("2021-22/3") so it is never
    // mistaken for last year's own number 3.
    let mut actions = actions;
    if let Some(older) = &last.previous {
        actions.extend(
            older
                .actions
                .iter()
                .filter(|a| {
                    matches!(
                        a.status,
                        ActionStatus::NotStarted | ActionStatus::InProgress
                    )
                })
                .map(|a| Action {
                    id: new_id(),
                    label: if a.label.contains('/') {
                        a.label.clone()
                    } else {
                        format!("{}/{}", older.from.year, a.label)
                    },
                    review: a.review.as_ref().and_then(|r| review_ids.get(r).cloned()),
                    ..a.clone()
                }),
        );
    }
    next.previous = Some(Carried {
        from: PreviousAudit {
            id: last.audit.id.clone(),
            partnership: last.audit.partnership.clone(),
            year: last.audit.year.clone(),
            file_name: file_name.to_string(),
            template: last.template.clone(),
        },
        actions,
    });
    Ok(next)
}

/// A change to one action; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionUpdate {
    #[serde(default)]
    pub status: Option<ActionStatus>,
    /// `Some("")` clears the due date.
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

/// Applies `update` to `action`, dating a new note `today`.
pub fn apply_update(
    action: &mut Action,
    update: &ActionUpdate,
    today: Date,
) -> Result<(), NextYearError> {
    if let Some(s) = update.status {
        action.status = s;
    }
    if let Some(due) = &update.due {
        let due = due.trim();
        action.due = if due.is_empty() {
            None
        } else {
            Some(crate::dates::from_typed(due, false)?)
        };
    }
    let evidence = update
        .evidence
        .clone()
        .filter(|e| !e.text.trim().is_empty());
    match update.note.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => action.progress.push(ProgressNote {
            date: format!(
                "{:04}-{:02}-{:02}",
                today.year,
                today.month,
                today.day.unwrap_or(1)
            ),
            text: text.to_string(),
            evidence,
        }),
        _ if evidence.is_some() => return Err(NextYearError::EvidenceWithoutNote),
        _ => {}
    }
    Ok(())
}

/// One difference between last year's template and this year's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum TemplateChange {
    ThemeAdded {
        title: String,
    },
    ThemeRemoved {
        title: String,
    },
    ThemeRenamed {
        from: String,
        to: String,
    },
    ThemeMoved {
        title: String,
    },
    QuestionAdded {
        theme: String,
        text: String,
    },
    QuestionRemoved {
        theme: String,
        text: String,
    },
    QuestionReworded {
        theme: String,
        from: String,
        to: String,
    },
    /// To another theme, or to another place in its theme.
    QuestionMoved {
        text: String,
        from_theme: String,
        to_theme: String,
    },
}

impl TemplateChange {
    /// One sentence for the template screen.
    pub fn describe(&self) -> String {
        match self {
            TemplateChange::ThemeAdded { title } => format!("Theme added: {title}"),
            TemplateChange::ThemeRemoved { title } => format!("Theme removed: {title}"),
            TemplateChange::ThemeRenamed { from, to } => {
                format!("Theme renamed: “{from}” is now “{to}”")
            }
            TemplateChange::ThemeMoved { title } => format!("Theme moved: {title}"),
            TemplateChange::QuestionAdded { theme, text } => {
                format!("Question added to {theme}: {text}")
            }
            TemplateChange::QuestionRemoved { theme, text } => {
                format!("Question removed from {theme}: {text}")
            }
            TemplateChange::QuestionReworded { theme, from, to } => {
                format!("Question reworded in {theme}: “{from}” is now “{to}”")
            }
            TemplateChange::QuestionMoved {
                text,
                from_theme,
                to_theme,
            } if from_theme != to_theme => {
                format!("Question moved from {from_theme} to {to_theme}: {text}")
            }
            TemplateChange::QuestionMoved { text, to_theme, .. } => {
                format!("Question moved within {to_theme}: {text}")
            }
        }
    }
}

/// The ids in `a` and `b` that are not in a longest common subsequence of
/// the two: the fewest items that must move to turn one order into the
/// other. Only ids present in both are passed in.
fn moved_ids<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut kept = std::collections::HashSet::new();
    while i < n && j < m {
        if a[i] == b[j] {
            kept.insert(a[i]);
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    b.iter().copied().filter(|id| !kept.contains(id)).collect()
}

/// What changed from `previous` to `current`, matched by theme and question
/// id (the successor keeps last year's ids): themes first, then questions
/// in this year's order, then what was removed.
pub fn template_changes(previous: &Template, current: &Template) -> Vec<TemplateChange> {
    let mut out = Vec::new();
    let prev_theme = |id: &str| previous.themes.iter().find(|t| t.id == id);
    let cur_has = |id: &str| current.themes.iter().any(|t| t.id == id);
    let common_prev: Vec<&str> = previous
        .themes
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| cur_has(id))
        .collect();
    let common_cur: Vec<&str> = current
        .themes
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| prev_theme(id).is_some())
        .collect();
    let moved_themes = moved_ids(&common_prev, &common_cur);
    for t in &current.themes {
        match prev_theme(&t.id) {
            None => out.push(TemplateChange::ThemeAdded {
                title: t.title.clone(),
            }),
            Some(p) => {
                if p.title != t.title {
                    out.push(TemplateChange::ThemeRenamed {
                        from: p.title.clone(),
                        to: t.title.clone(),
                    });
                }
                if moved_themes.contains(&t.id.as_str()) {
                    out.push(TemplateChange::ThemeMoved {
                        title: t.title.clone(),
                    });
                }
            }
        }
    }
    // Questions: where each was (theme id, question) last year.
    let prev_q = |id: &str| {
        previous
            .themes
            .iter()
            .find_map(|t| t.questions.iter().find(|q| q.id == id).map(|q| (t, q)))
    };
    let cur_q_theme = |id: &str| -> Option<&Theme> {
        current
            .themes
            .iter()
            .find(|t| t.questions.iter().any(|q| q.id == id))
    };
    for t in &current.themes {
        // Order within a theme is compared among the questions that were in
        // the same theme both years; one moved in from elsewhere is reported
        // as that move alone.
        let stayed_prev: Vec<&str> = prev_theme(&t.id)
            .map(|p| {
                p.questions
                    .iter()
                    .map(|q| q.id.as_str())
                    .filter(|id| cur_q_theme(id).is_some_and(|c| c.id == t.id))
                    .collect()
            })
            .unwrap_or_default();
        let stayed_cur: Vec<&str> = t
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .filter(|id| stayed_prev.contains(id))
            .collect();
        let reordered = moved_ids(&stayed_prev, &stayed_cur);
        for q in &t.questions {
            match prev_q(&q.id) {
                None => out.push(TemplateChange::QuestionAdded {
                    theme: t.title.clone(),
                    text: q.text.clone(),
                }),
                Some((pt, pq)) => {
                    if pq.full_text() != q.full_text() {
                        out.push(TemplateChange::QuestionReworded {
                            theme: t.title.clone(),
                            from: pq.full_text(),
                            to: q.full_text(),
                        });
                    }
                    if pt.id != t.id || reordered.contains(&q.id.as_str()) {
                        out.push(TemplateChange::QuestionMoved {
                            text: q.text.clone(),
                            from_theme: pt.title.clone(),
                            to_theme: t.title.clone(),
                        });
                    }
                }
            }
        }
    }
    for p in &previous.themes {
        if !cur_has(&p.id) {
            out.push(TemplateChange::ThemeRemoved {
                title: p.title.clone(),
            });
        }
        for q in &p.questions {
            if cur_q_theme(&q.id).is_none() {
                out.push(TemplateChange::QuestionRemoved {
                    theme: p.title.clone(),
                    text: q.text.clone(),
                });
            }
        }
    }
    out
}

/// The actions as CSV for a spreadsheet: UTF-8 with a byte order mark (Excel
/// otherwise reads UTF-8 as the local code page and mangles "é" and "’"),
/// CRLF line ends and every field quoted (RFC 4180).
pub fn actions_csv(carried: &Carried) -> Vec<u8> {
    fn field(s: &str) -> String {
        // A leading =, +, - or @ makes a spreadsheet run the cell as a
        // formula; a leading apostrophe keeps it text.
        let guarded = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", guarded.replace('"', "\"\""))
    }
    let mut out = String::from("\u{feff}");
    let header = [
        "Number",
        "Recommendation",
        "Owner",
        "Status",
        "Due",
        "Latest progress",
        "Progress dated",
        "Evidence",
    ];
    out.push_str(&header.map(field).join(","));
    out.push_str("\r\n");
    for a in &carried.actions {
        let latest = a.latest_note();
        let row = [
            a.label.clone(),
            a.text.clone(),
            a.owner.clone(),
            a.status.label().to_string(),
            a.due
                .as_deref()
                .map(crate::dates::british)
                .unwrap_or_default(),
            latest.map(|n| n.text.clone()).unwrap_or_default(),
            latest
                .map(|n| crate::dates::british(&n.date))
                .unwrap_or_default(),
            latest
                .and_then(|n| n.evidence.as_ref())
                .map(|e| e.text.clone())
                .unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|s| field(s)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{default_template, Question};

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("id{n}")
        }
    }

    #[test]
    fn following_year_steps_one_year() {
        assert_eq!(following_year("2021-22").as_deref(), Some("2022-23"));
        assert_eq!(following_year("2099-00").as_deref(), Some("2100-01"));
        assert_eq!(following_year("nonsense"), None);
    }

    #[test]
    fn successor_must_be_later() {
        let doc = crate::example::example().expect("example");
        let err = start_next_year(&doc, "2021-22", "a.s11", ids()).unwrap_err();
        assert!(
            err.to_string().contains("2022-23"),
            "the refusal suggests the next year: {err}"
        );
    }

    #[test]
    fn open_actions_are_followed_into_the_year_after() {
        let first = crate::example::example().expect("example");
        let mut second = start_next_year(&first, "2022-23", "a.s11", ids()).expect("2022-23");
        let c = second.previous.as_mut().expect("carried");
        c.actions[2].status = ActionStatus::InProgress;
        c.actions[2].progress.push(ProgressNote {
            date: "2022-09-01".into(),
            text: "Half done".into(),
            evidence: None,
        });
        for a in c
            .actions
            .iter_mut()
            .filter(|a| a.label != "3" && a.label != "B")
        {
            a.status = ActionStatus::Completed;
        }
        let third = start_next_year(&second, "2023-24", "b.s11", ids()).expect("2023-24");
        let c = third.previous.clone().expect("carried");
        let labels: Vec<&str> = c.actions.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            ["2021-22/3", "2021-22/B"],
            "2022-23 made no recommendations; the two unfinished 2021-22 ones come forward, the completed ones do not"
        );
        assert_eq!(c.actions[0].progress.len(), 1, "with their progress so far");
        assert!(
            c.actions[0]
                .review
                .as_ref()
                .is_some_and(|r| third.review(r).is_some()),
            "pointing at this year's review of the organisation"
        );
    }

    #[test]
    fn unchanged_template_lists_no_changes() {
        let t = default_template();
        assert_eq!(template_changes(&t, &t), vec![]);
    }

    #[test]
    fn template_changes_name_each_kind() {
        let before = default_template();
        let mut after = before.clone();
        // Reword, move a question to the end of its theme, move another to
        // the next theme, drop one, add one, rename and swap two themes.
        after.themes[0].questions[0].text = "Who leads safeguarding now?".into();
        let q = after.themes[1].questions.remove(0);
        after.themes[1].questions.push(q);
        let q = after.themes[2].questions.remove(0);
        after.themes[3].questions.insert(0, q);
        let removed = after.themes[4].questions.remove(0);
        after.themes[5].questions.push(Question {
            id: "new".into(),
            text: "How has Covid-19 recovery changed your offer?".into(),
            points: vec![],
            follow_up: String::new(),
        });
        after.themes[6].title = "Voice of the child".into();
        after.themes.swap(0, 1);
        let changes = template_changes(&before, &after);
        let text: Vec<String> = changes.iter().map(TemplateChange::describe).collect();
        let has = |s: &str| text.iter().any(|t| t.contains(s));
        assert!(
            has("Question reworded"),
            "a reworded question is listed: {text:#?}"
        );
        assert!(
            has("Question moved within"),
            "a reordered question is listed: {text:#?}"
        );
        assert!(
            has("Question moved from"),
            "a question moved between themes is listed: {text:#?}"
        );
        assert!(
            has(&format!("Question removed from {}", before.themes[4].title)) && has(&removed.text),
            "the removed question is named: {text:#?}"
        );
        assert!(has("Question added"), "{text:#?}");
        assert!(has("Theme renamed"), "{text:#?}");
        assert_eq!(
            text.iter().filter(|t| t.starts_with("Theme moved")).count(),
            1,
            "swapping two themes is one move, not two: {text:#?}"
        );
        assert_eq!(
            text.iter()
                .filter(|t| t.starts_with("Question moved within"))
                .count(),
            1,
            "moving one question to the end is one move: {text:#?}"
        );
    }

    #[test]
    fn csv_quotes_guards_and_ends_lines_with_crlf() {
        let c = Carried {
            from: PreviousAudit {
                id: "a".into(),
                partnership: "P".into(),
                year: "2021-22".into(),
                file_name: "f.s11".into(),
                template: default_template(),
            },
            actions: vec![Action {
                id: "x".into(),
                label: "1".into(),
                text: "=HYPERLINK(\"x\") and “quotes”, café".into(),
                for_: RecommendationFor::Partnership,
                owner: "P".into(),
                review: None,
                status: ActionStatus::InProgress,
                due: Some("2023-03-31".into()),
                progress: vec![],
            }],
        };
        let bytes = actions_csv(&c);
        let s = String::from_utf8(bytes).expect("UTF-8");
        assert!(
            s.starts_with('\u{feff}'),
            "Excel needs the BOM to read UTF-8"
        );
        assert!(
            s.contains("\"'=HYPERLINK(\"\"x\"\") and “quotes”, café\""),
            "{s}"
        );
        assert!(
            s.contains("\"31 March 2023\""),
            "dates as the report prints them: {s}"
        );
        assert_eq!(
            s.matches("\r\n").count(),
            2,
            "header and one row, CRLF each"
        );
    }
}
