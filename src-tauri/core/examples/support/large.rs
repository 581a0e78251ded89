//! The "large audit" the performance targets speak of: 15 held reviews of 30
//! questions, every question answered, with three minute-takers' notes each
//! (15 × 30 × 3 = 1,350 notes), built from the example's own texts.

use s11core::note::{Note, Response};
use s11core::review::ReviewStatus;
use s11core::template::Question;
use s11core::AuditDoc;

pub fn large(base: &AuditDoc) -> AuditDoc {
    let mut doc = base.clone();
    // 21 questions in the default template; add a theme of nine more.
    let extra = s11core::template::Theme {
        id: "t8".into(),
        title: "Online Safety".into(),
        questions: (1..=9)
            .map(|i| Question {
                id: format!("t8q{i}"),
                text: format!(
                    "Online safety question {i}: how do staff keep children safe online?"
                ),
                points: vec![],
                follow_up: String::new(),
            })
            .collect(),
    };
    doc.template.themes.push(extra);
    let texts: Vec<String> = base
        .reviews
        .iter()
        .flat_map(|r| r.responses.iter().map(|x| x.text.clone()))
        .collect();
    let questions: Vec<String> = doc
        .template
        .questions()
        .map(|(_, q)| q.id.clone())
        .collect();
    let seed = base.reviews[0].clone();
    doc.reviews.clear();
    doc.recommendations.clear();
    for i in 0..15 {
        let mut r = seed.clone();
        r.id = format!("large-{i}");
        r.organisation = format!("Organisation {} of the region", i + 1);
        r.short_name = format!("Org {}", i + 1);
        r.status = ReviewStatus::Held;
        r.asked = Some(doc.template.themes.clone());
        r.incomplete_themes.clear();
        r.responses = questions
            .iter()
            .enumerate()
            .map(|(qi, q)| Response {
                question: q.clone(),
                text: texts[(i * 7 + qi) % texts.len()].clone(),
                history: vec![],
            })
            .collect();
        r.notes = questions
            .iter()
            .enumerate()
            .flat_map(|(qi, q)| {
                let texts = &texts;
                ["Police", "Health", "Education"]
                    .into_iter()
                    .enumerate()
                    .map(move |(a, author)| Note {
                        id: format!("n-{i}-{qi}-{a}"),
                        question: q.clone(),
                        author: format!("{author} panel member"),
                        text: texts[(i + qi * 3 + a) % texts.len()].clone(),
                        created: "2022-02-10T10:00:00Z".into(),
                        updated: "2022-02-10T11:00:00Z".into(),
                        superseded: None,
                    })
            })
            .collect();
        doc.reviews.push(r);
    }
    doc
}
