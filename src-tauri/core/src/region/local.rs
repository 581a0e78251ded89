//! A partnership's local report as a regional collation reads it: the
//! canonical content of its signed report (`section11-panel/signed-report`,
//! `schema/signing.md`), which the signed PDF carries as an attachment and
//! which an audit file or its JSON export can also produce. Reading only
//! this form means every kind of input is collated by the same code, and
//! what is collated from a signed PDF is exactly what was signed.
//!
//! Unknown members are ignored (a later canonical version may add some);
//! the members read here are those of version 1.

use serde::Deserialize;

use crate::review::ContactAttempt;

/// Why a report's content could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("its content is not a Section 11 Panel report ({0})")]
    NotReport(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct LocalReport {
    pub format: String,
    pub audit: LocalAudit,
    #[serde(default)]
    pub reviews: Vec<LocalReviewEntry>,
    #[serde(default)]
    pub recommendations: Vec<LocalLabel>,
    pub template: LocalTemplate,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct LocalAudit {
    pub id: String,
    pub partnership: String,
    pub year: String,
    #[serde(default)]
    pub report_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalReviewEntry {
    pub minutes: LocalReview,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalReview {
    pub id: String,
    pub organisation: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub date: Option<String>,
    /// "held" or "did_not_take_place" (planned reviews are never in a report's form).
    pub status: String,
    #[serde(default)]
    pub contacts: Vec<ContactAttempt>,
    #[serde(default)]
    pub themes: Vec<LocalReviewTheme>,
    #[serde(default)]
    pub recommendations: Vec<LocalRecommendation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalReviewTheme {
    pub id: String,
    pub title: String,
    /// Why the theme was not completed, when it was not.
    #[serde(default)]
    pub not_completed: Option<String>,
    #[serde(default)]
    pub questions: Vec<LocalAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalAnswer {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub response: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalRecommendation {
    pub id: String,
    /// "organisation" or "partnership": whom it is for.
    #[serde(default, rename = "for")]
    pub for_: String,
    /// The theme id it was made under, if any.
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub text: String,
}

/// The report's numbered table: "3", "A".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalLabel {
    pub label: String,
    pub id: String,
    #[serde(default)]
    pub review: Option<String>,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct LocalTemplate {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub themes: Vec<LocalTheme>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalTheme {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub questions: Vec<LocalQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalQuestion {
    pub id: String,
    pub text: String,
}

/// A recommendation as the regional report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledRecommendation<'a> {
    /// The local report's own number or letter.
    pub label: &'a str,
    pub text: &'a str,
    /// The organisation it is for (its short name when it has one), or
    /// `None` for the partnership's own.
    pub organisation: Option<&'a str>,
    /// The local theme id it was made under.
    pub theme: Option<&'a str>,
}

impl LocalReview {
    /// The short name when it has one ("BNSSG CCG"), else the full name.
    pub fn display_name(&self) -> &str {
        if self.short_name.trim().is_empty() {
            self.organisation.trim()
        } else {
            self.short_name.trim()
        }
    }
}

impl LocalReport {
    /// Reads a report's canonical text.
    pub fn parse(canonical: &[u8]) -> Result<LocalReport, LocalError> {
        let report: LocalReport =
            serde_json::from_slice(canonical).map_err(|e| LocalError::NotReport(e.to_string()))?;
        if report.format != crate::canonical::REPORT_FORMAT {
            return Err(LocalError::NotReport(format!(
                "it says it is “{}”",
                report.format
            )));
        }
        Ok(report)
    }

    pub fn held(&self) -> impl Iterator<Item = &LocalReview> {
        self.reviews
            .iter()
            .map(|r| &r.minutes)
            .filter(|r| r.status == "held")
    }

    pub fn not_held(&self) -> impl Iterator<Item = &LocalReview> {
        self.reviews
            .iter()
            .map(|r| &r.minutes)
            .filter(|r| r.status != "held")
    }

    /// Every recommendation in the local report's order, with the theme it
    /// was made under (from its review's minutes).
    pub fn recommendations(&self) -> Vec<LabelledRecommendation<'_>> {
        self.recommendations
            .iter()
            .map(|l| {
                let review = l
                    .review
                    .as_deref()
                    .and_then(|id| self.reviews.iter().find(|r| r.minutes.id == id));
                let made =
                    review.and_then(|r| r.minutes.recommendations.iter().find(|x| x.id == l.id));
                let for_partnership = made.is_none_or(|x| x.for_ == "partnership");
                LabelledRecommendation {
                    label: &l.label,
                    text: &l.text,
                    organisation: review
                        .filter(|_| !for_partnership)
                        .map(|r| r.minutes.display_name()),
                    theme: made.and_then(|x| x.theme.as_deref()),
                }
            })
            .collect()
    }
}
