//! What the minutes screen shows for one review: the themes it is asked (its
//! frozen copy once held), each question's response, the themes marked not
//! completed, and the recommendations placed in its table with their labels.

use std::collections::HashMap;

use serde::Serialize;

use crate::audit::AuditDoc;
use crate::recommendation::RecommendationFor;
use crate::review::Review;
use crate::template::Theme;

#[derive(Debug, Clone, Serialize)]
pub struct MinutesView {
    pub review: Review,
    pub themes: Vec<Theme>,
    /// Frozen (held): the questions can no longer change.
    pub frozen: bool,
    pub recommendations: Vec<PlacedRecommendation>,
    /// Panel members' names, for the heading.
    pub panel: Vec<String>,
    /// The ids of the minute-takers' notes whose text the response already
    /// holds (`notes::is_used`): shown as used.
    pub used_notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlacedRecommendation {
    pub id: String,
    pub label: String,
    #[serde(rename = "for")]
    pub for_: RecommendationFor,
    pub theme: Option<String>,
    pub after_question: Option<String>,
    pub text: String,
}

impl MinutesView {
    pub fn of(doc: &AuditDoc, review_id: &str) -> Option<MinutesView> {
        let review = doc.review(review_id)?;
        let labels: HashMap<&str, String> = doc
            .labelled_recommendations()
            .into_iter()
            .map(|n| (n.recommendation.id.as_str(), n.label))
            .collect();
        let recommendations = doc
            .recommendations
            .iter()
            .filter(|r| r.review.as_deref() == Some(review_id))
            .map(|r| PlacedRecommendation {
                id: r.id.clone(),
                label: labels.get(r.id.as_str()).cloned().unwrap_or_default(),
                for_: r.for_,
                theme: r.theme.clone(),
                after_question: r.after_question.clone(),
                text: r.text.clone(),
            })
            .collect();
        let used_notes = review
            .notes
            .iter()
            .filter(|n| {
                crate::notes_file::is_used(
                    &n.text,
                    review.response_for(&n.question).map(|r| r.text.as_str()),
                )
            })
            .map(|n| n.id.clone())
            .collect();
        Some(MinutesView {
            used_notes,
            themes: doc.themes_for(review).to_vec(),
            frozen: review.asked.is_some(),
            panel: review
                .panel
                .iter()
                .filter_map(|id| doc.member(id))
                .map(|m| m.name.clone())
                .collect(),
            review: review.clone(),
            recommendations,
        })
    }
}
