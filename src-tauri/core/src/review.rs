//! A review: one organisation's peer review workshop, or the record that it
//! did not take place.

use serde::{Deserialize, Serialize};

use crate::note::{Note, Response};
use crate::template::Theme;
use crate::timebox::Timebox;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Planned,
    Held,
    DidNotTakePlace,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Planned => "planned",
            ReviewStatus::Held => "held",
            ReviewStatus::DidNotTakePlace => "did_not_take_place",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewStatus> {
        match s {
            "planned" => Some(ReviewStatus::Planned),
            "held" => Some(ReviewStatus::Held),
            "did_not_take_place" => Some(ReviewStatus::DidNotTakePlace),
            _ => None,
        }
    }

    /// As the chair reads it.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Planned => "Planned",
            ReviewStatus::Held => "Held",
            ReviewStatus::DidNotTakePlace => "Did not take place",
        }
    }
}

/// Someone named in a review: a representative of the organisation, or
/// someone who sent apologies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub role: String,
}

/// One attempt to reach an organisation that has not engaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactAttempt {
    /// ISO date, `YYYY-MM-DD`.
    pub date: String,
    pub person: String,
    /// Email, telephone, letter, meeting...
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub note: String,
}

/// A theme the workshop did not complete, with the reason the report gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncompleteTheme {
    pub theme: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub id: String,
    pub organisation: String,
    /// What the report's headings and recommendations call it ("BNSSG CCG").
    #[serde(default)]
    pub short_name: String,
    /// ISO date of the workshop, `YYYY-MM-DD`, once one is set.
    #[serde(default)]
    pub date: Option<String>,
    pub status: ReviewStatus,
    /// Ids of the panel members who sit on this review, in the order named.
    #[serde(default)]
    pub panel: Vec<String>,
    #[serde(default)]
    pub representatives: Vec<Person>,
    #[serde(default)]
    pub apologies: Vec<Person>,
    /// The panel's remark on how the organisation prepared; for a review that
    /// did not take place, what happened.
    #[serde(default)]
    pub preparation: String,
    #[serde(default)]
    pub contacts: Vec<ContactAttempt>,
    #[serde(default)]
    pub responses: Vec<Response>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub incomplete_themes: Vec<IncompleteTheme>,
    /// The themes and questions this review was asked, frozen when it was
    /// marked held: later edits to the template never rewrite its record.
    /// `None` while planned: the review follows the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<Vec<Theme>>,
    /// The workshop timer's plan and record. `None` until the chair changes
    /// the plan or starts the timer: the default plan for the review's themes
    /// applies until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timebox: Option<Timebox>,
}

impl Review {
    pub fn new(id: String, organisation: String, short_name: String) -> Review {
        Review {
            id,
            organisation,
            short_name,
            date: None,
            status: ReviewStatus::Planned,
            panel: Vec::new(),
            representatives: Vec::new(),
            apologies: Vec::new(),
            preparation: String::new(),
            contacts: Vec::new(),
            responses: Vec::new(),
            notes: Vec::new(),
            incomplete_themes: Vec::new(),
            asked: None,
            timebox: None,
        }
    }

    /// The name headings use: the short name where there is one.
    pub fn display_name(&self) -> &str {
        if self.short_name.trim().is_empty() {
            &self.organisation
        } else {
            &self.short_name
        }
    }

    pub fn response_for(&self, question: &str) -> Option<&Response> {
        self.responses.iter().find(|r| r.question == question)
    }

    pub fn incomplete_reason(&self, theme: &str) -> Option<&str> {
        self.incomplete_themes
            .iter()
            .find(|t| t.theme == theme)
            .map(|t| t.reason.as_str())
    }
}
