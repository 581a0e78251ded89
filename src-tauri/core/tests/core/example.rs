//! The built-in example against the seed report's own text.

use s11core::example::example;
use s11core::review::ReviewStatus;

const SEED: &str = include_str!("../fixtures/section11-report-2021-22.txt");

#[test]
fn counts_match_the_seed() {
    let doc = example().expect("example");
    assert_eq!(doc.template.themes.len(), 7);
    assert_eq!(doc.template.question_count(), 21);
    let bnssg = &doc.reviews[0];
    let lpw = &doc.reviews[1];
    let cvs = &doc.reviews[2];
    assert_eq!(
        (bnssg.short_name.as_str(), bnssg.date.as_deref()),
        ("BNSSG CCG", Some("2022-02-10"))
    );
    assert_eq!(
        (lpw.short_name.as_str(), lpw.date.as_deref()),
        ("LPW", Some("2022-03-01"))
    );
    assert_eq!(bnssg.responses.len(), 21, "BNSSG answered every question");
    assert_eq!(
        lpw.responses.len(),
        18,
        "LPW: Child Exploitation not completed, one answer left empty"
    );
    assert_eq!(lpw.incomplete_themes.len(), 1);
    assert!(lpw.incomplete_themes[0]
        .reason
        .contains("specialist service for Exploitation"));
    assert_eq!(cvs.status, ReviewStatus::DidNotTakePlace);
    assert_eq!(cvs.contacts.len(), 2, "two dated contact attempts with CVS");
    assert_eq!(bnssg.representatives.len(), 4);
    assert_eq!(bnssg.apologies.len(), 1);
    assert_eq!(
        doc.recommendations.len(),
        12,
        "nine for organisations, three for the partnership"
    );
}

/// Every sentence start of every response appears in the seed, so the example
/// is the seed's words and not a paraphrase. (The seed wraps lines, so compare
/// with whitespace folded.)
#[test]
fn responses_are_the_seeds_words() {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let seed = fold(SEED);
    let doc = example().expect("example");
    let mut checked = 0;
    for review in &doc.reviews {
        for r in &review.responses {
            for line in r.text.lines() {
                let words: Vec<&str> = line.split_whitespace().take(6).collect();
                if words.len() < 4 {
                    continue;
                }
                let start = words.join(" ");
                assert!(
                    seed.contains(&start),
                    "“{start}” (review {}, {}) is not in the seed",
                    review.short_name,
                    r.question
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "checked {checked} response lines");
}
