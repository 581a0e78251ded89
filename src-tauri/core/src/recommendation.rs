//! Recommendations and how the report numbers them.
//!
//! A recommendation is for an organisation (it arose in its review and is
//! numbered 1..N across the report, in review order and then in the order
//! the review's table shows them) or for the partnership as a whole (lettered
//! A, B, C in its own order). Either kind may be anchored to a review, a theme
//! and a question, which places its "Recommendation:" row in that review's
//! table, after that question (or at the end of the theme when no question).

use serde::{Deserialize, Serialize};

use crate::audit::AuditDoc;

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

fn letters(mut n: usize) -> String {
    // A..Z, then AA, AB, ... like spreadsheet columns.
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(n % 26).unwrap_or(0)));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

impl AuditDoc {
    /// Where a recommendation sits in its review's table, as a sort key:
    /// (review position, theme position, question position or end, stored order).
    fn table_position(&self, r: &Recommendation, stored: usize) -> (usize, usize, usize, usize) {
        let review_index = r
            .review
            .as_ref()
            .and_then(|id| self.reviews.iter().position(|v| &v.id == id));
        let themes = match review_index {
            Some(i) => self.themes_for(&self.reviews[i]),
            None => &self.template.themes,
        };
        let review = review_index.unwrap_or(usize::MAX);
        let theme = r
            .theme
            .as_ref()
            .and_then(|id| themes.iter().position(|t| &t.id == id));
        let question = match (theme, &r.after_question) {
            (Some(ti), Some(q)) => themes[ti]
                .questions
                .iter()
                .position(|x| &x.id == q)
                .unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        (review, theme.unwrap_or(usize::MAX), question, stored)
    }

    /// Organisations' recommendations numbered 1..N in report order.
    pub fn numbered_organisation_recommendations(&self) -> Vec<Numbered<'_>> {
        let mut recs: Vec<(_, &Recommendation)> = self
            .recommendations
            .iter()
            .enumerate()
            .filter(|(_, r)| r.for_ == RecommendationFor::Organisation)
            .map(|(i, r)| (self.table_position(r, i), r))
            .collect();
        recs.sort_by_key(|(k, _)| *k);
        recs.into_iter()
            .enumerate()
            .map(|(i, (_, r))| Numbered {
                label: (i + 1).to_string(),
                recommendation: r,
            })
            .collect()
    }

    /// The partnership's recommendations lettered A, B, C in stored order.
    pub fn lettered_partnership_recommendations(&self) -> Vec<Numbered<'_>> {
        self.recommendations
            .iter()
            .filter(|r| r.for_ == RecommendationFor::Partnership)
            .enumerate()
            .map(|(i, r)| Numbered {
                label: letters(i),
                recommendation: r,
            })
            .collect()
    }

    /// Every recommendation with its label, organisations' first.
    pub fn labelled_recommendations(&self) -> Vec<Numbered<'_>> {
        let mut all = self.numbered_organisation_recommendations();
        all.extend(self.lettered_partnership_recommendations());
        all
    }
}

#[cfg(test)]
mod tests {
    use super::letters;

    #[test]
    fn letters_run_past_z() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(2), "C");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
    }
}
