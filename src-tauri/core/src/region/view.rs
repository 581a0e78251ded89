//! The collation as the region screen shows it: partnerships and their
//! organisations with status, date and signer; each regional theme with
//! every organisation's response to each question side by side, the
//! recommendations made under it and the lead's summary; the organisations
//! that did not engage. Built in the core so that the screen only draws.

use serde::Serialize;

use super::store::Collation;
use super::{short_partnership, InputKind};

#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub name: String,
    pub year: String,
    pub authors: String,
    pub introduction: String,
    pub methodology: String,
    pub conclusion: String,
    /// Partnerships whose report is a draft, by short name.
    pub drafts: Vec<String>,
    pub partnerships: Vec<PartnershipView>,
    pub themes: Vec<ThemeView>,
    pub not_engaged: Vec<NotEngagedView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnershipView {
    pub name: String,
    pub short_name: String,
    pub draft: bool,
    /// "Sarah Taylor on 10 March 2022 at 14:00 UTC", or "" when not signed.
    pub signed: String,
    /// Grouped hex, or "".
    pub fingerprint: String,
    pub source: String,
    pub kind: String,
    pub organisations: Vec<OrganisationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    pub name: String,
    /// "Held" or "Did not take place", in words.
    pub status: String,
    /// "10 February 2022", or "".
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    pub key: String,
    pub title: String,
    pub strengths: String,
    pub development: String,
    pub questions: Vec<QuestionView>,
    /// "South Gloucestershire 3: BNSSG CCG: …".
    pub recommendations: Vec<String>,
    pub quotes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub text: String,
    pub responses: Vec<ResponseView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub partnership: String,
    pub organisation: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotEngagedView {
    pub organisation: String,
    pub partnership: String,
    pub contacts: String,
}

impl Collation {
    pub fn view(&self) -> RegionView {
        let matched = self.themes();
        let partnerships = self
            .inputs
            .iter()
            .map(|i| PartnershipView {
                name: i.partnership.clone(),
                short_name: short_partnership(&i.partnership),
                draft: i.draft,
                signed: if i.signer.is_empty() {
                    String::new()
                } else {
                    format!("{} on {}", i.signer, crate::canonical::when(&i.signed_at))
                },
                fingerprint: crate::identity::format_fingerprint(&i.certificate_sha256),
                source: i.source_path.clone(),
                kind: match i.kind {
                    InputKind::Pdf => "signed report PDF",
                    InputKind::Audit => "audit file",
                    InputKind::Json => "audit JSON export",
                }
                .into(),
                organisations: i
                    .report
                    .reviews
                    .iter()
                    .map(|r| &r.minutes)
                    .map(|r| OrganisationView {
                        name: r.organisation.trim().to_string(),
                        status: if r.status == "held" {
                            "Held"
                        } else {
                            "Did not take place"
                        }
                        .into(),
                        date: r
                            .date
                            .as_deref()
                            .map(crate::dates::british)
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        let themes = matched
            .themes
            .iter()
            .enumerate()
            .map(|(at, theme)| {
                let summary = self.summaries.get(&theme.key).cloned().unwrap_or_default();
                let questions = theme
                    .questions
                    .iter()
                    .map(|q| {
                        let mut responses = Vec::new();
                        for (i, qid) in &q.members {
                            let input = &self.inputs[*i];
                            for review in input.report.held() {
                                let answer = review
                                    .themes
                                    .iter()
                                    .filter(|t| matched.theme_of(*i, &t.id, &t.title) == Some(at))
                                    .flat_map(|t| t.questions.iter())
                                    .find(|a| a.id == *qid);
                                if let Some(a) = answer {
                                    responses.push(ResponseView {
                                        partnership: short_partnership(&input.partnership),
                                        organisation: review.display_name().to_string(),
                                        text: a.response.clone(),
                                    });
                                }
                            }
                        }
                        QuestionView {
                            text: q.text.clone(),
                            responses,
                        }
                    })
                    .collect();
                let mut recommendations = Vec::new();
                for (i, input) in self.inputs.iter().enumerate() {
                    for r in input.report.recommendations() {
                        let Some(id) = r.theme else { continue };
                        let title = input
                            .report
                            .template
                            .themes
                            .iter()
                            .find(|t| t.id == id)
                            .map(|t| t.title.as_str())
                            .unwrap_or_default();
                        if matched.theme_of(i, id, title) == Some(at) {
                            recommendations.push(format!(
                                "{} {}: {}: {}",
                                short_partnership(&input.partnership),
                                r.label,
                                r.organisation.unwrap_or("The partnership"),
                                r.text.trim()
                            ));
                        }
                    }
                }
                ThemeView {
                    key: theme.key.clone(),
                    title: theme.title.clone(),
                    strengths: summary.strengths,
                    development: summary.development,
                    questions,
                    recommendations,
                    quotes: self
                        .quotes
                        .iter()
                        .filter(|q| q.theme_key == theme.key)
                        .map(|q| format!("“{}” – {}", q.passage, q.organisation))
                        .collect(),
                }
            })
            .collect();
        let not_engaged = self
            .inputs
            .iter()
            .flat_map(|i| {
                i.report.not_held().map(|r| NotEngagedView {
                    organisation: r.organisation.trim().to_string(),
                    partnership: short_partnership(&i.partnership),
                    contacts: crate::report::contact_sentences(&r.contacts),
                })
            })
            .collect();
        RegionView {
            name: self.meta.name.clone(),
            year: self.meta.year.clone(),
            authors: self.meta.authors.clone(),
            introduction: self.meta.introduction.clone(),
            methodology: self.meta.methodology.clone(),
            conclusion: self.meta.conclusion.clone(),
            drafts: self
                .inputs
                .iter()
                .filter(|i| i.draft)
                .map(|i| short_partnership(&i.partnership))
                .collect(),
            partnerships,
            themes,
            not_engaged,
        }
    }
}
