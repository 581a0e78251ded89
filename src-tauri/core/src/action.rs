//! Last year's recommendations as this year's actions (issue 18): what an
//! audit carries from the one it was started from. The types only; starting
//! next year's audit and changing actions is `next_year.rs`. Kept apart so
//! the audit, which holds them, does not depend on that logic.

use serde::{Deserialize, Serialize};

use crate::recommendation::RecommendationFor;
use crate::template::Template;

/// Where an action stands. Stored and exchanged as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    NotStarted,
    InProgress,
    Completed,
    NotAccepted,
    Superseded,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 5] = [
        ActionStatus::NotStarted,
        ActionStatus::InProgress,
        ActionStatus::Completed,
        ActionStatus::NotAccepted,
        ActionStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not_started",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Completed => "completed",
            ActionStatus::NotAccepted => "not_accepted",
            ActionStatus::Superseded => "superseded",
        }
    }

    /// Accepts the stored name, or the words as the chair reads them
    /// ("in progress", "Completed").
    pub fn parse(s: &str) -> Option<ActionStatus> {
        let key = s.trim().to_lowercase().replace([' ', '-'], "_");
        ActionStatus::ALL.into_iter().find(|a| a.as_str() == key)
    }

    /// As the chair reads it; the report and the CSV print this.
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Completed => "Completed",
            ActionStatus::NotAccepted => "Not accepted",
            ActionStatus::Superseded => "Superseded",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Note,
    Link,
}

/// Evidence given with a progress note. A link is kept and shown as text,
/// never opened by the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub text: String,
}

/// A dated progress note on an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    /// ISO date, `YYYY-MM-DD`.
    pub date: String,
    pub text: String,
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

/// Last year's recommendation, followed this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    /// As last year's report printed it: "3", "A".
    pub label: String,
    pub text: String,
    #[serde(rename = "for")]
    pub for_: RecommendationFor,
    /// The organisation's name, or the partnership's for a lettered one.
    pub owner: String,
    /// This year's review of the owning organisation, while it is planned;
    /// `None` for the partnership's, or once the chair drops the review.
    #[serde(default)]
    pub review: Option<String>,
    pub status: ActionStatus,
    /// ISO date, `YYYY-MM-DD`.
    #[serde(default)]
    pub due: Option<String>,
    /// Oldest first.
    #[serde(default)]
    pub progress: Vec<ProgressNote>,
}

impl Action {
    pub fn latest_note(&self) -> Option<&ProgressNote> {
        self.progress.last()
    }
}

/// The audit this one was started from, as it was then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousAudit {
    pub id: String,
    pub partnership: String,
    pub year: String,
    /// The file's name (not its folder, which says nothing to a reader).
    pub file_name: String,
    /// Last year's template, so the template screen can show what changed.
    pub template: Template,
}

/// What an audit carries from last year's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carried {
    pub from: PreviousAudit,
    pub actions: Vec<Action>,
}

impl Carried {
    /// Finds an action by its printed label ("3", "a") or its id.
    pub fn action(&self, key: &str) -> Option<&Action> {
        let k = key.trim();
        self.actions
            .iter()
            .find(|a| a.id == k || a.label.eq_ignore_ascii_case(k))
    }

    /// How many actions have each status, in [`ActionStatus::ALL`] order.
    pub fn counts(&self) -> Vec<(ActionStatus, usize)> {
        ActionStatus::ALL
            .into_iter()
            .map(|s| (s, self.actions.iter().filter(|a| a.status == s).count()))
            .collect()
    }
}
