//! Partnerships' audits built in code for the regional report (issue 17):
//! invented partnerships and organisations (accents and Welsh letters
//! among them), different templates, an extra theme, an organisation that
//! did not engage; each signed off with its chair's own key and exported
//! as the signed report PDF. Shared by the core tests and the benchmark
//! (included with `#[path]`).

// Each includer uses part of this.
#![allow(dead_code)]

use std::path::Path;

use s11core::canonical::Subject;
use s11core::dates::Timestamp;
use s11core::identity::Identity;
use s11core::note::Response;
use s11core::panel::PanelMember;
use s11core::readiness::GapKind;
use s11core::recommendation::{Recommendation, RecommendationFor};
use s11core::review::{ContactAttempt, IncompleteTheme, Review, ReviewStatus};
use s11core::store::SignOffInput;
use s11core::template::{default_template, Question, Theme};
use s11core::{AuditDoc, Store};

/// 10 March 2022, 14:00 UTC.
pub const SIGNED_AT: Timestamp = Timestamp(1_646_920_800);

/// How one partnership's audit differs from the default.
#[derive(Debug, Clone)]
pub struct Spec {
    pub partnership: String,
    /// Organisation names and short names.
    pub organisations: Vec<(String, String)>,
    /// A theme of its own ("Neglect") added to its template.
    pub extra_theme: bool,
    /// Its own template (another name), with "Learning & Development"
    /// reworded as "Learning and development" (matched by text) and
    /// "Listening to Children" as "Voice of the Child" (to match by hand).
    pub own_template: bool,
    /// The organisation (by index) that did not engage.
    pub not_engaged: Option<usize>,
    /// The organisation (by index) that did not complete "Child Exploitation".
    pub exploitation_not_completed: Option<usize>,
}

/// The five partnerships the tests collate.
pub fn five() -> Vec<Spec> {
    let orgs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect()
    };
    vec![
        Spec {
            partnership: "Ynys Môn Safeguarding Children Partnership".into(),
            organisations: orgs(&[
                ("Cyngor Sir Ynys Môn", "Cyngor Môn"),
                ("Betsi Cadwaladr University Health Board", "BCUHB"),
                ("Canolfan Ieuenctid Llŷr", "Llŷr Youth Centre"),
            ]),
            extra_theme: false,
            own_template: true,
            not_engaged: None,
            exploitation_not_completed: None,
        },
        Spec {
            partnership: "Bath and North East Somerset Children's Partnership".into(),
            organisations: orgs(&[
                ("Royal United Hospitals Bath", "RUH"),
                ("Bath Youth Café", "Youth Café"),
                ("Curo Housing", "Curo"),
            ]),
            extra_theme: true,
            own_template: false,
            not_engaged: Some(2),
            exploitation_not_completed: None,
        },
        Spec {
            partnership: "Bristol Safeguarding Children Partnership".into(),
            organisations: orgs(&[
                ("Bristol City Council Children's Services", "BCC"),
                ("Avon and Somerset Police", "Police"),
                ("Café Noir Arts Collective", "Café Noir"),
            ]),
            extra_theme: false,
            own_template: false,
            not_engaged: None,
            exploitation_not_completed: Some(2),
        },
        Spec {
            partnership: "North Somerset Children's Partnership".into(),
            organisations: orgs(&[
                ("Weston General Hospital", "WGH"),
                ("North Somerset Council", "NSC"),
                ("Zoë's Place Baby Hospice", "Zoë's Place"),
            ]),
            extra_theme: false,
            own_template: false,
            not_engaged: None,
            exploitation_not_completed: None,
        },
        Spec {
            partnership: "South Gloucestershire Children's Partnership".into(),
            organisations: orgs(&[
                (
                    "Bristol, North Somerset and South Gloucestershire CCG",
                    "BNSSG CCG",
                ),
                ("Routes Service, Learning Partnership West", "LPW"),
                ("Community & Voluntary Services", "CVS"),
            ]),
            extra_theme: false,
            own_template: false,
            not_engaged: None,
            exploitation_not_completed: None,
        },
    ]
}

/// `partnerships` × `organisations` invented partnerships (the scale case).
pub fn grid(partnerships: usize, organisations: usize) -> Vec<Spec> {
    (0..partnerships)
        .map(|p| Spec {
            partnership: format!("Partneriaeth {} Children's Partnership", p + 1),
            organisations: (0..organisations)
                .map(|o| {
                    (
                        format!("Organisation {} of partnership {}", o + 1, p + 1),
                        format!("Org {}.{}", p + 1, o + 1),
                    )
                })
                .collect(),
            extra_theme: p % 3 == 1,
            own_template: false,
            not_engaged: (p % 4 == 0).then_some(organisations - 1),
            exploitation_not_completed: None,
        })
        .collect()
}

/// The chair's name for partnership `i`, in its certificate.
pub fn chair_name(i: usize) -> String {
    const NAMES: [&str; 5] = [
        "Siân Prydderch",
        "Aoife O'Brien",
        "Kwame Mensah",
        "Zoë Hartley",
        "Sarah Taylor",
    ];
    match NAMES.get(i) {
        Some(n) => (*n).to_string(),
        None => format!("Chair {}", i + 1),
    }
}

/// The audit for one partnership, with every held review's responses
/// naming the organisation, and a recommendation per organisation per
/// theme for the first two themes (organisations) and one for the
/// partnership.
pub fn audit(spec: &Spec, chair: &str) -> AuditDoc {
    let mut doc = AuditDoc::new(
        format!(
            "audit-{}",
            s11core::region::normalise(&spec.partnership).replace(' ', "-")
        ),
        spec.partnership.clone(),
        "2021-22".into(),
    );
    doc.audit.report_date = "2022-03-31".into();
    doc.panel.push(PanelMember {
        id: "chair".into(),
        name: chair.into(),
        role: "Chair".into(),
        organisation: spec.partnership.clone(),
        chair: true,
    });
    let mut template = default_template();
    if spec.own_template {
        template.name = "Ynys Môn Section 11 questions".into();
        for t in &mut template.themes {
            if t.title == "Learning & Development" {
                t.title = "Learning and development".into();
            }
            if t.title == "Listening to Children" {
                t.title = "Voice of the Child".into();
                t.id = "ym-voice".into();
            }
        }
    }
    if spec.extra_theme {
        template.themes.push(Theme {
            id: "neglect".into(),
            title: "Neglect".into(),
            questions: vec![Question {
                id: "neglect-q1".into(),
                text: "How do staff recognise and respond to neglect?".into(),
                points: Vec::new(),
                follow_up: String::new(),
            }],
        });
    }
    doc.template = template;
    for (k, (name, short)) in spec.organisations.iter().enumerate() {
        let mut review = Review::new(format!("r{k}"), name.clone(), short.clone());
        review.panel = vec!["chair".into()];
        if spec.not_engaged == Some(k) {
            review.status = ReviewStatus::DidNotTakePlace;
            review.contacts = vec![
                ContactAttempt {
                    date: "2021-11-23".into(),
                    person: "Llinos Ffion".into(),
                    method: "email".into(),
                    note: "Contact was made to invite them to take part.".into(),
                },
                ContactAttempt {
                    date: "2022-02-15".into(),
                    person: "Llinos Ffion".into(),
                    method: "telephone".into(),
                    note: "No reply.".into(),
                },
            ];
            doc.recommendations.push(Recommendation {
                id: format!("rec-{k}-engage"),
                for_: RecommendationFor::Partnership,
                review: Some(review.id.clone()),
                theme: None,
                after_question: None,
                text: format!(
                    "The partnership to follow up with {short} about the Section 11 process."
                ),
            });
            doc.reviews.push(review);
            continue;
        }
        review.status = ReviewStatus::Held;
        review.date = Some(format!("2022-02-{:02}", 10 + k));
        for theme in &doc.template.themes {
            if spec.exploitation_not_completed == Some(k) && theme.title == "Child Exploitation" {
                review.incomplete_themes.push(IncompleteTheme {
                    theme: theme.id.clone(),
                    reason: "Not a service that works with exploitation.".into(),
                });
                continue;
            }
            for q in &theme.questions {
                review.responses.push(Response {
                    question: q.id.clone(),
                    text: format!(
                        "{short} described its approach to {} in {}. Staff café sessions with Siân and Llŷr share learning every month.",
                        theme.title.to_lowercase(),
                        spec.partnership
                    ),
                    history: Vec::new(),
                });
            }
        }
        for theme in doc.template.themes.iter().take(2) {
            doc.recommendations.push(Recommendation {
                id: format!("rec-{k}-{}", theme.id),
                for_: RecommendationFor::Organisation,
                review: Some(review.id.clone()),
                theme: Some(theme.id.clone()),
                after_question: None,
                text: format!(
                    "{short} to review its {} arrangements.",
                    theme.title.to_lowercase()
                ),
            });
        }
        if spec.extra_theme {
            doc.recommendations.push(Recommendation {
                id: format!("rec-{k}-neglect"),
                for_: RecommendationFor::Organisation,
                review: Some(review.id.clone()),
                theme: Some("neglect".into()),
                after_question: None,
                text: format!("{short} to adopt the neglect toolkit."),
            });
        }
        doc.reviews.push(review);
    }
    doc
}

/// Every kind of gap, accepted: the invented audits leave some.
pub const ALL_GAPS: [GapKind; 8] = [
    GapKind::EmptyQuestions,
    GapKind::FlaggedNotes,
    GapKind::UnusedNotes,
    GapKind::EmptyRecommendations,
    GapKind::UnsignedMinutes,
    GapKind::NoContactAttempts,
    GapKind::NoReportDate,
    GapKind::EmptySections,
];

/// Creates the audit at `path`, signs off each held review's minutes and
/// the report with `chair`'s key at `at`, and returns the signed PDF.
pub fn signed_report(path: &Path, doc: &AuditDoc, chair: &Identity, at: Timestamp) -> Vec<u8> {
    let mut store = Store::create(path, doc).expect("audit created");
    let input = SignOffInput {
        name: chair.common_name(),
        role: "Chair".into(),
        statement: "An accurate record.".into(),
        accepted_gaps: ALL_GAPS.to_vec(),
        gap_reason: "Agreed by the panel.".into(),
    };
    for r in doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Held)
    {
        store
            .sign_off(Subject::Review(&r.id), &input, chair, at)
            .expect("minutes signed off");
    }
    store
        .sign_off(Subject::Report, &input, chair, at)
        .expect("report signed off");
    s11core::report::export_report(&store)
        .expect("signed report exported")
        .bytes
}
