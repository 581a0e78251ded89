//! What the overview screen shows of an open audit: a summary, not the
//! minutes themselves, so it stays small however long the minutes grow.

use serde::Serialize;

use crate::audit::AuditDoc;
use crate::dates::british;
use crate::panel::PanelMember;
use crate::template::Template;

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub partnership: String,
    pub year: String,
    /// "March 2022", or empty when no date is set.
    pub report_date: String,
    pub panel: Vec<PanelMember>,
    pub reviews: Vec<ReviewSummary>,
    pub template: Template,
    pub organisation_recommendations: usize,
    pub partnership_recommendations: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewSummary {
    pub id: String,
    pub organisation: String,
    pub short_name: String,
    pub status: &'static str,
    pub status_label: &'static str,
    /// "10 February 2022", or empty.
    pub date: String,
    pub panel: Vec<String>,
    pub answered: usize,
    pub questions: usize,
    pub contacts: usize,
    /// Minute-takers' notes that need the chair (`notes::needs_chair`).
    pub notes_to_check: usize,
}

impl Overview {
    pub fn of(doc: &AuditDoc) -> Overview {
        let questions = doc.template.question_count();
        Overview {
            partnership: doc.audit.partnership.clone(),
            year: doc.audit.year.clone(),
            report_date: if doc.audit.report_date.is_empty() {
                String::new()
            } else {
                british(&doc.audit.report_date)
            },
            panel: doc.panel.clone(),
            reviews: doc
                .reviews
                .iter()
                .map(|r| ReviewSummary {
                    id: r.id.clone(),
                    organisation: r.organisation.clone(),
                    short_name: r.short_name.clone(),
                    status: r.status.as_str(),
                    status_label: r.status.label(),
                    date: r.date.as_deref().map(british).unwrap_or_default(),
                    panel: r
                        .panel
                        .iter()
                        .filter_map(|id| doc.member(id))
                        .map(|m| m.name.clone())
                        .collect(),
                    answered: r
                        .responses
                        .iter()
                        .filter(|x| !x.text.trim().is_empty())
                        .count(),
                    questions,
                    contacts: r.contacts.len(),
                    notes_to_check: r
                        .notes
                        .iter()
                        .filter(|n| {
                            crate::notes_file::needs_chair(
                                n,
                                r.response_for(&n.question).map(|x| x.text.as_str()),
                            )
                        })
                        .count(),
                })
                .collect(),
            template: doc.template.clone(),
            organisation_recommendations: doc.numbered_organisation_recommendations().len(),
            partnership_recommendations: doc.lettered_partnership_recommendations().len(),
        }
    }
}
