//! The built-in example: South Gloucestershire Children's Partnership's
//! Section 11 report for 2021-22 (the seed report) as an audit. It is what a
//! newcomer opens first and what the report's tests compare against.

use crate::audit::AuditDoc;
use crate::interchange::{from_json, InterchangeError};

const EXAMPLE_JSON: &str = include_str!("example/example-2021-22.json");

/// The example as a document. It is embedded in the binary and checked by
/// the tests, so failing here means a broken build, which the tests catch.
pub fn example() -> Result<AuditDoc, InterchangeError> {
    let mut doc = from_json(EXAMPLE_JSON)?;
    // Its two workshops are held, so their questions are frozen, as the app
    // does when a chair marks a review held.
    doc.freeze_held();
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::ReviewStatus;

    #[test]
    fn example_reproduces_the_seed_reviews() {
        let doc = example().expect("the embedded example is a valid audit");
        assert_eq!(
            doc.audit.partnership,
            "South Gloucestershire Children's Partnership"
        );
        assert_eq!(doc.audit.year, "2021-22");
        let statuses: Vec<_> = doc.reviews.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [
                ReviewStatus::Held,
                ReviewStatus::Held,
                ReviewStatus::DidNotTakePlace
            ],
            "the seed has two held reviews and CVS, which did not engage"
        );
        assert_eq!(doc.panel.len(), 6, "the seed names six panel members");
        assert_eq!(doc.chair().map(|m| m.name.as_str()), Some("Sarah Taylor"));
        assert_eq!(
            doc.template,
            crate::template::default_template(),
            "the example uses the default template unchanged"
        );
    }

    #[test]
    fn example_numbers_recommendations_as_the_seed_does() {
        let doc = example().expect("valid example");
        let labelled = doc.labelled_recommendations();
        let labels: Vec<&str> = labelled.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(
            labels,
            ["1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C"]
        );
        let text = |label: &str| {
            labelled
                .iter()
                .find(|n| n.label == label)
                .map(|n| n.recommendation.text.clone())
                .unwrap_or_default()
        };
        assert!(
            text("1").starts_with("Circulate the Multi Agency Training Offer"),
            "1 is: {}",
            text("1")
        );
        assert!(
            text("4").starts_with("CCG to consider how confidence about Child Exploitation"),
            "4 is: {}",
            text("4")
        );
        assert!(
            text("7").starts_with("Arrange for observation of in-house training"),
            "7 is: {}",
            text("7")
        );
        assert!(text("A").contains("CVS"), "A is: {}", text("A"));
        assert!(
            text("C").starts_with("The partnership will begin to make contact"),
            "C is: {}",
            text("C")
        );
    }
}
