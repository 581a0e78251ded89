//! Recommendations (how the report numbers them is in `numbering.rs`).
//!
//! A recommendation is for an organisation (it arose in its review and is
//! numbered 1..N across the report, in review order and then in the order
//! the review's table shows them) or for the partnership as a whole (lettered
//! A, B, C in its own order). Either kind may be anchored to a review, a theme
//! and a question, which places its "Recommendation:" row in that review's
//! table, after that question (or at the end of the theme when no question).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationFor {
    Organisation,
    Partnership,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub id: String,
    #[serde(rename = "for")]
    pub for_: RecommendationFor,
    /// The review it arose in; required for an organisation's recommendation.
    #[serde(default)]
    pub review: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    /// Show the row after this question; `None` puts it at the end of the theme.
    #[serde(default)]
    pub after_question: Option<String>,
    pub text: String,
}

/// A recommendation with the label the report gives it ("1", "A").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Numbered<'a> {
    pub label: String,
    pub recommendation: &'a Recommendation,
}
