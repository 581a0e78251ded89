//! How the report numbers recommendations: an organisation's are numbered
//! 1..N across the report, in review order and then in the order the
//! review's table shows them; the partnership's are lettered A, B, C in their
//! own order. Kept apart from `recommendation.rs` so the types do not depend
//! on the whole audit, which holds them.

use crate::audit::AuditDoc;
use crate::recommendation::{Numbered, Recommendation, RecommendationFor};

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
