//! A regional-size audit built from the example's own texts: the five
//! partnerships' 15 organisations in one report, as the seed's Methodology
//! describes the combined regional report. Shared by the benchmark and the
//! report tests (included with `#[path]`).

use s11core::recommendation::Recommendation;
use s11core::review::{Review, ReviewStatus};
use s11core::AuditDoc;

/// The example with its held reviews repeated until there are `count`
/// organisations, each review's recommendations repeated with it.
pub fn regional(base: &AuditDoc, count: usize) -> AuditDoc {
    let mut doc = base.clone();
    let held: Vec<Review> = base
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Held)
        .cloned()
        .collect();
    let not_held: Vec<Review> = base
        .reviews
        .iter()
        .filter(|r| r.status != ReviewStatus::Held)
        .cloned()
        .collect();
    doc.reviews.clear();
    doc.recommendations.clear();
    for i in 0..count.saturating_sub(not_held.len()) {
        let source = &held[i % held.len()];
        let mut review = source.clone();
        review.id = format!("{}-{i}", source.id);
        review.organisation = format!("{} (organisation {})", source.organisation, i + 1);
        review.short_name = format!("{} {}", source.short_name, i + 1);
        doc.recommendations
            .extend(copies_for(base, source, &review.id, i));
        doc.reviews.push(review);
    }
    for source in &not_held {
        doc.reviews.push(source.clone());
        doc.recommendations.extend(
            base.recommendations
                .iter()
                .filter(|r| r.review.as_deref() == Some(source.id.as_str()))
                .cloned(),
        );
    }
    doc.audit.partnership = "Avon & Somerset Children's Partnerships".into();
    doc
}

fn copies_for(base: &AuditDoc, source: &Review, review_id: &str, i: usize) -> Vec<Recommendation> {
    base.recommendations
        .iter()
        .filter(|r| r.review.as_deref() == Some(source.id.as_str()))
        .map(|r| Recommendation {
            id: format!("{}-{i}", r.id),
            review: Some(review_id.to_string()),
            ..r.clone()
        })
        .collect()
}
