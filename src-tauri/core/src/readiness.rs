//! Readiness before sign-off (issue 14): what is incomplete in a review's
//! minutes or in the report, in words the chair can act on.
//!
//! Invariants:
//! - a gap is a *kind* of incompleteness with every instance listed, so the
//!   chair confirms "2 questions have no response" once, knowing which two;
//! - a blocking gap cannot be accepted: the sign-off is refused until it is
//!   fixed. The only blocking gap is a review still planned at report
//!   sign-off, because a report must never leave an organisation out
//!   silently: the chair decides whether it was held or did not take place;
//! - every other gap can be accepted, but only by naming its kind; what was
//!   accepted is kept with the sign-off (and so signed) and printed in the
//!   report, so a reader sees what the chair knew was missing.

use serde::{Deserialize, Serialize};

use crate::audit::AuditDoc;
use crate::review::{Review, ReviewStatus};

/// The kinds of gap. The snake-case names are stored with sign-offs and sent
/// to the UI: change them only with a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// Questions with no response, in themes not marked not completed.
    EmptyQuestions,
    /// Minute-takers' notes that changed after the chair used them.
    FlaggedNotes,
    /// Minute-takers' notes whose text appears in no response.
    UnusedNotes,
    /// Recommendations with no text.
    EmptyRecommendations,
    /// Reviews still planned (report only; blocking).
    PlannedReviews,
    /// Held reviews whose minutes are not signed off (report only).
    UnsignedMinutes,
    /// Reviews that did not take place with no contact attempt recorded.
    NoContactAttempts,
    /// The report date is not set.
    NoReportDate,
    /// Background, Methodology or Conclusion is empty.
    EmptySections,
}

impl GapKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GapKind::EmptyQuestions => "empty_questions",
            GapKind::FlaggedNotes => "flagged_notes",
            GapKind::UnusedNotes => "unused_notes",
            GapKind::EmptyRecommendations => "empty_recommendations",
            GapKind::PlannedReviews => "planned_reviews",
            GapKind::UnsignedMinutes => "unsigned_minutes",
            GapKind::NoContactAttempts => "no_contact_attempts",
            GapKind::NoReportDate => "no_report_date",
            GapKind::EmptySections => "empty_sections",
        }
    }

    pub fn parse(s: &str) -> Option<GapKind> {
        ALL_KINDS.iter().copied().find(|k| k.as_str() == s)
    }
}

const ALL_KINDS: [GapKind; 9] = [
    GapKind::EmptyQuestions,
    GapKind::FlaggedNotes,
    GapKind::UnusedNotes,
    GapKind::EmptyRecommendations,
    GapKind::PlannedReviews,
    GapKind::UnsignedMinutes,
    GapKind::NoContactAttempts,
    GapKind::NoReportDate,
    GapKind::EmptySections,
];

/// One kind of gap with every place it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub kind: GapKind,
    /// How many instances: questions, notes, reviews...
    pub count: usize,
    /// What the chair reads and confirms: "3 questions have no response".
    pub summary: String,
    /// What the report prints once accepted: "Minutes of 3 questions were
    /// not recorded."
    pub printed: String,
    /// Each instance, for the list under the summary: "2.1 How does your
    /// organisation…".
    pub items: Vec<String>,
    /// True when the gap must be fixed; it cannot be accepted.
    pub blocking: bool,
}

/// A gap the chair accepted at sign-off, as recorded and printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedGap {
    pub kind: GapKind,
    pub count: usize,
    /// The sentence the report prints.
    pub printed: String,
    /// Why the chair went ahead.
    pub reason: String,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The first words of a text, for listing a question or a note.
fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(70).collect();
    if flat.chars().count() > 70 {
        out.push('…');
    }
    out
}

/// Adds a gap of `kind` when `items` is not empty, its sentences made for
/// the number of items.
fn push_gap(
    gaps: &mut Vec<Gap>,
    kind: GapKind,
    items: Vec<String>,
    summary: impl Fn(usize) -> String,
    printed: impl Fn(usize) -> String,
) {
    if items.is_empty() {
        return;
    }
    let n = items.len();
    gaps.push(Gap {
        kind,
        count: n,
        summary: summary(n),
        printed: printed(n),
        items,
        blocking: false,
    });
}

/// What is incomplete in one held review's minutes.
pub fn minutes_gaps(doc: &AuditDoc, review: &Review) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let themes = doc.themes_for(review);
    let mut empty = Vec::new();
    let mut numbers = std::collections::HashMap::new();
    for (ti, theme) in themes.iter().enumerate() {
        for (qi, q) in theme.questions.iter().enumerate() {
            let number = format!("{}.{}", ti + 1, qi + 1);
            numbers.insert(q.id.as_str(), number.clone());
            if review.incomplete_reason(&theme.id).is_some() {
                continue;
            }
            let answered = review
                .response_for(&q.id)
                .is_some_and(|r| !r.text.trim().is_empty());
            if !answered {
                empty.push(format!("{number} {}", excerpt(&q.text)));
            }
        }
    }
    push_gap(
        &mut gaps,
        GapKind::EmptyQuestions,
        empty,
        |n| {
            format!(
                "{} no response (and {} not in a theme marked not completed)",
                plural(n, "question has", "questions have"),
                if n == 1 { "it is" } else { "they are" }
            )
        },
        |n| {
            format!(
                "Minutes of {} were not recorded.",
                plural(n, "question", "questions")
            )
        },
    );
    let question_label = |id: &str| {
        numbers.get(id).map_or_else(
            || "a question no longer asked".to_string(),
            |n| format!("question {n}"),
        )
    };
    let describe_note = |n: &crate::note::Note| {
        format!(
            "{}’s note on {}: “{}”",
            n.author,
            question_label(&n.question),
            excerpt(&n.text)
        )
    };
    // "Used" is the one rule the notes merge and the minutes' "Notes to
    // check" follow (notes::is_used), so this list and that one agree.
    let response =
        |n: &crate::note::Note| review.response_for(&n.question).map(|r| r.text.as_str());
    let flagged: Vec<String> = review
        .notes
        .iter()
        .filter(|n| n.superseded.is_some())
        .map(describe_note)
        .collect();
    push_gap(
        &mut gaps,
        GapKind::FlaggedNotes,
        flagged,
        |n| {
            format!(
                "{} changed after you used {} in a response (flagged)",
                plural(n, "minute-taker’s note", "minute-takers’ notes"),
                if n == 1 { "it" } else { "them" }
            )
        },
        |n| {
            format!(
                "{} changed after {} used and {} not been reconciled.",
                plural(n, "minute-taker’s note", "minute-takers’ notes"),
                if n == 1 { "it was" } else { "they were" },
                if n == 1 { "has" } else { "have" }
            )
        },
    );
    let unused: Vec<String> = review
        .notes
        .iter()
        .filter(|n| n.superseded.is_none() && crate::notes_file::needs_chair(n, response(n)))
        .map(describe_note)
        .collect();
    push_gap(
        &mut gaps,
        GapKind::UnusedNotes,
        unused,
        |n| {
            format!(
                "{} not used in any response",
                plural(n, "minute-taker’s note is", "minute-takers’ notes are")
            )
        },
        |n| {
            format!(
                "{} not used in the minutes.",
                plural(n, "minute-taker’s note was", "minute-takers’ notes were")
            )
        },
    );
    let blank: Vec<String> = doc
        .recommendations
        .iter()
        .filter(|r| r.review.as_deref() == Some(review.id.as_str()) && r.text.trim().is_empty())
        .map(|r| match r.after_question.as_deref() {
            Some(q) => format!("The recommendation after {}", question_label(q)),
            None => "A recommendation at the end of a theme".to_string(),
        })
        .collect();
    push_empty_recommendations(&mut gaps, blank);
    gaps
}

fn push_empty_recommendations(gaps: &mut Vec<Gap>, items: Vec<String>) {
    push_gap(
        gaps,
        GapKind::EmptyRecommendations,
        items,
        |n| {
            format!(
                "{} no text",
                plural(n, "recommendation has", "recommendations have")
            )
        },
        |n| {
            format!(
                "{} no text and {} not printed.",
                plural(n, "recommendation had", "recommendations had"),
                if n == 1 { "is" } else { "are" }
            )
        },
    );
}

/// What is incomplete in the report. `signed_reviews` are the ids of the
/// reviews whose minutes are signed off now.
pub fn report_gaps(doc: &AuditDoc, signed_reviews: &[String]) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let planned: Vec<String> = doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Planned)
        .map(|r| r.organisation.trim().to_string())
        .collect();
    if !planned.is_empty() {
        let n = planned.len();
        gaps.push(Gap {
            kind: GapKind::PlannedReviews,
            count: n,
            summary: format!(
                "{} still planned: mark {} held or did not take place, so that no organisation is left out of the report",
                plural(n, "review is", "reviews are"),
                if n == 1 { "it" } else { "each" }
            ),
            printed: String::new(),
            items: planned,
            blocking: true,
        });
    }
    let unsigned: Vec<String> = doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::Held && !signed_reviews.contains(&r.id))
        .map(|r| r.display_name().to_string())
        .collect();
    let names = unsigned.join(", ");
    push_gap(
        &mut gaps,
        GapKind::UnsignedMinutes,
        unsigned,
        |n| {
            format!(
                "{} not signed off",
                plural(n, "held review’s minutes are", "held reviews’ minutes are")
            )
        },
        |_| format!("The minutes of {names} were not signed off before the report was."),
    );
    let no_contacts: Vec<String> = doc
        .reviews
        .iter()
        .filter(|r| r.status == ReviewStatus::DidNotTakePlace && r.contacts.is_empty())
        .map(|r| r.organisation.trim().to_string())
        .collect();
    let names = no_contacts.join(", ");
    push_gap(
        &mut gaps,
        GapKind::NoContactAttempts,
        no_contacts,
        |n| {
            format!(
                "{} did not take part and no attempt to contact {} is recorded",
                plural(n, "organisation", "organisations"),
                if n == 1 { "it" } else { "them" }
            )
        },
        |_| format!("No contact attempts were recorded for {names}."),
    );
    let blank: Vec<String> = doc
        .recommendations
        .iter()
        .filter(|r| r.text.trim().is_empty())
        .filter(|r| {
            // A held review's blank recommendations were its own gap at its
            // minutes' sign-off; count them again here, since the report
            // prints the numbered table.
            r.review.is_none() || doc.review(r.review.as_deref().unwrap_or("")).is_some()
        })
        .map(
            |r| match r.review.as_deref().and_then(|id| doc.review(id)) {
                Some(review) => format!("A recommendation for {}", review.display_name()),
                None => "A recommendation for the partnership".to_string(),
            },
        )
        .collect();
    push_empty_recommendations(&mut gaps, blank);
    if doc.audit.report_date.trim().is_empty() {
        gaps.push(Gap {
            kind: GapKind::NoReportDate,
            count: 1,
            summary: "The report date is not set (Audit details)".into(),
            printed: "The report was signed off without a report date.".into(),
            items: Vec::new(),
            blocking: false,
        });
    }
    let empty_sections: Vec<String> = [
        ("Background", &doc.audit.background),
        ("Methodology", &doc.audit.methodology),
        ("Conclusion", &doc.audit.conclusion),
    ]
    .iter()
    .filter(|(_, text)| text.trim().is_empty())
    .map(|(name, _)| (*name).to_string())
    .collect();
    let names = empty_sections.join(", ");
    push_gap(
        &mut gaps,
        GapKind::EmptySections,
        empty_sections,
        |n| {
            let which = if n == 1 {
                "A section of the report is"
            } else {
                "Sections of the report are"
            };
            format!("{which} empty: {names}")
        },
        |n| {
            let which = if n == 1 { "a section" } else { "sections" };
            format!("The report was signed off with {which} empty: {names}.")
        },
    );
    gaps
}

/// Why accepting `gaps` with `accepted` kinds is refused, if it is: a
/// blocking gap, a kind not confirmed, or no reason. The message lists each
/// gap in words, for the app's error and the CLI's exit 2.
pub fn check_accepted(gaps: &[Gap], accepted: &[GapKind], reason: &str) -> Result<(), String> {
    let blocking: Vec<&Gap> = gaps.iter().filter(|g| g.blocking).collect();
    if !blocking.is_empty() {
        return Err(describe("This cannot be signed off yet:", &blocking));
    }
    let unconfirmed: Vec<&Gap> = gaps
        .iter()
        .filter(|g| !accepted.contains(&g.kind))
        .collect();
    if !unconfirmed.is_empty() {
        return Err(describe(
            "This is not complete. Fix these, or confirm each one to sign off anyway:",
            &unconfirmed,
        ));
    }
    if !gaps.is_empty() && reason.trim().is_empty() {
        return Err("Give the reason for signing off with these gaps: it is kept with the sign-off and printed in the report.".into());
    }
    Ok(())
}

/// The gaps as lines: the summary, then each item indented.
pub fn describe(lead: &str, gaps: &[&Gap]) -> String {
    let mut out = lead.to_string();
    for g in gaps {
        out.push_str("\n- ");
        out.push_str(&g.summary);
        for item in g.items.iter().take(10) {
            out.push_str("\n    ");
            out.push_str(item);
        }
        if g.items.len() > 10 {
            out.push_str(&format!("\n    … and {} more", g.items.len() - 10));
        }
    }
    out
}

/// The accepted gaps to record: one per gap, all with the chair's reason.
pub fn accept(gaps: &[Gap], reason: &str) -> Vec<AcceptedGap> {
    gaps.iter()
        .map(|g| AcceptedGap {
            kind: g.kind,
            count: g.count,
            printed: g.printed.clone(),
            reason: reason.trim().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn example_doc() -> AuditDoc {
        match crate::example::example() {
            Ok(d) => d,
            Err(e) => panic!("the built-in example must load: {e}"),
        }
    }

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for k in ALL_KINDS {
            assert_eq!(
                GapKind::parse(k.as_str()),
                Some(k),
                "stored names must read back"
            );
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::Value::String(k.as_str().into())),
                "the JSON name is the stored name"
            );
        }
    }

    #[test]
    fn empty_questions_are_listed_unless_their_theme_was_not_completed() {
        let mut doc = example_doc();
        let id = doc
            .reviews
            .iter()
            .find(|r| r.status == ReviewStatus::Held)
            .map(|r| r.id.clone());
        let Some(id) = id else {
            panic!("the example has held reviews")
        };
        let Some(review) = doc.reviews.iter_mut().find(|r| r.id == id) else {
            unreachable!()
        };
        let themes = review.asked.clone().unwrap_or_default();
        let first_theme = themes[0].clone();
        review
            .responses
            .retain(|r| !first_theme.questions.iter().any(|q| q.id == r.question));
        review
            .incomplete_themes
            .retain(|t| t.theme != first_theme.id);
        let gaps = minutes_gaps(&doc, doc.review(&id).unwrap_or_else(|| unreachable!()));
        let empty = gaps.iter().find(|g| g.kind == GapKind::EmptyQuestions);
        let Some(empty) = empty else {
            panic!("removing theme 1's responses must leave a gap: {gaps:?}")
        };
        assert!(empty.count >= first_theme.questions.len());
        assert!(
            empty.items.iter().any(|i| i.starts_with("1.1 ")),
            "items are numbered as the minutes number them"
        );
        assert!(
            empty.printed.starts_with("Minutes of "),
            "{}",
            empty.printed
        );

        let Some(review) = doc.reviews.iter_mut().find(|r| r.id == id) else {
            unreachable!()
        };
        review
            .incomplete_themes
            .push(crate::review::IncompleteTheme {
                theme: first_theme.id.clone(),
                reason: "Ran out of time".into(),
            });
        let gaps = minutes_gaps(&doc, doc.review(&id).unwrap_or_else(|| unreachable!()));
        let still = gaps
            .iter()
            .find(|g| g.kind == GapKind::EmptyQuestions)
            .map_or(0, |g| g.count);
        assert!(
            still < empty.count,
            "a theme marked not completed is not a gap"
        );
    }

    #[test]
    fn a_planned_review_blocks_the_report_and_cannot_be_accepted() {
        let mut doc = example_doc();
        doc.reviews[0].status = ReviewStatus::Planned;
        let gaps = report_gaps(&doc, &[]);
        let planned = gaps.iter().find(|g| g.kind == GapKind::PlannedReviews);
        assert!(planned.is_some_and(|g| g.blocking), "{gaps:?}");
        let all: Vec<GapKind> = gaps.iter().map(|g| g.kind).collect();
        let err = check_accepted(&gaps, &all, "we know").err();
        assert!(
            err.is_some_and(|e| e.contains("still planned")),
            "blocking gaps are refused even when confirmed"
        );
    }

    #[test]
    fn each_kind_must_be_confirmed_and_a_reason_given() {
        let mut doc = example_doc();
        doc.audit.report_date.clear();
        doc.audit.conclusion.clear();
        let gaps = report_gaps(
            &doc,
            &doc.reviews.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        );
        let kinds: Vec<GapKind> = gaps.iter().map(|g| g.kind).collect();
        assert!(
            kinds.contains(&GapKind::NoReportDate) && kinds.contains(&GapKind::EmptySections),
            "{kinds:?}"
        );
        let one = check_accepted(&gaps, &[GapKind::NoReportDate], "x").err();
        assert!(
            one.is_some_and(|e| e.contains("Conclusion")),
            "an unconfirmed kind is named"
        );
        assert!(
            check_accepted(&gaps, &kinds, " ").is_err(),
            "a reason is required"
        );
        assert!(check_accepted(&gaps, &kinds, "Date agreed later").is_ok());
    }

    #[test]
    fn a_note_is_unused_until_the_response_holds_it_as_notes_to_check_says() {
        let mut doc = example_doc();
        let Some(review) = doc
            .reviews
            .iter_mut()
            .find(|r| r.status == ReviewStatus::Held)
        else {
            panic!("the example has held reviews")
        };
        let id = review.id.clone();
        let question = review.responses[0].question.clone();
        review.notes.push(crate::note::Note {
            id: "n1".into(),
            question: question.clone(),
            author: "Ann".into(),
            text: "Designated lead confirmed.".into(),
            created: "2022-02-10T14:00:00Z".into(),
            updated: "2022-02-10T14:00:00Z".into(),
            superseded: None,
        });
        let unused = |doc: &AuditDoc| {
            minutes_gaps(doc, doc.review(&id).unwrap_or_else(|| unreachable!()))
                .iter()
                .any(|g| g.kind == GapKind::UnusedNotes)
        };
        assert!(unused(&doc), "a note not in the response is a gap");
        let Some(review) = doc.reviews.iter_mut().find(|r| r.id == id) else {
            unreachable!()
        };
        review.responses[0]
            .text
            .push_str(" Designated lead confirmed.");
        assert!(!unused(&doc), "inserted into the response, it is used");
    }
}
