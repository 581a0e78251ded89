//! Matching themes and questions across partnerships whose templates
//! differ. A partnership's theme joins a regional theme, in this order:
//! the lead's manual match; the same title once normalised
//! ([`super::normalise`]); the same theme id in the same template (by
//! name), where a later version reworded the title; otherwise it starts a
//! regional theme of its own. Questions within a theme match the same way
//! (text, then id in the same template). Regional themes keep the order in
//! which they are first met, partnerships taken by name.

use std::collections::HashMap;

use super::normalise;
use super::store::Collation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionalTheme {
    /// The normalised title it is known by (summaries and quotes use it).
    pub key: String,
    /// The title as the first partnership wrote it.
    pub title: String,
    /// (input index, the local theme's id).
    pub members: Vec<(usize, String)>,
    pub questions: Vec<RegionalQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionalQuestion {
    pub key: String,
    pub text: String,
    /// (input index, the local question's id).
    pub members: Vec<(usize, String)>,
}

/// The regional themes and where each partnership's themes went.
#[derive(Debug, Clone, Default)]
pub struct Matched {
    pub themes: Vec<RegionalTheme>,
    /// (input index, local theme id) → index in `themes`.
    by_local: HashMap<(usize, String), usize>,
    /// (input index, normalised local title) → index in `themes`, for a
    /// review's frozen theme whose id the template no longer has.
    by_title: HashMap<(usize, String), usize>,
}

impl Matched {
    /// The regional theme of a partnership's theme.
    pub fn theme_of(&self, input: usize, id: &str, title: &str) -> Option<usize> {
        self.by_local
            .get(&(input, id.to_string()))
            .or_else(|| self.by_title.get(&(input, normalise(title))))
            .copied()
    }

    pub fn by_key(&self, key: &str) -> Option<usize> {
        self.themes.iter().position(|t| t.key == key)
    }
}

impl Collation {
    pub fn themes(&self) -> Matched {
        let manual: HashMap<(&str, &str), &str> = self
            .matches
            .iter()
            .map(|m| {
                (
                    (m.partnership_key.as_str(), m.local_theme.as_str()),
                    m.regional.as_str(),
                )
            })
            .collect();
        let mut out = Matched::default();
        for (i, input) in self.inputs.iter().enumerate() {
            let template = &input.report.template;
            let same_template = |j: usize| {
                !template.name.trim().is_empty()
                    && self.inputs[j].report.template.name == template.name
            };
            for t in &template.themes {
                let local = normalise(&t.title);
                let at = match manual.get(&(input.partnership_key.as_str(), local.as_str())) {
                    Some(regional) => out.themes.iter().position(|x| x.key == *regional),
                    None => out.themes.iter().position(|x| x.key == local).or_else(|| {
                        out.themes.iter().position(|x| {
                            x.members
                                .iter()
                                .any(|(j, id)| *id == t.id && same_template(*j))
                        })
                    }),
                };
                let at = at.unwrap_or_else(|| {
                    let key = manual
                        .get(&(input.partnership_key.as_str(), local.as_str()))
                        .map_or(local.clone(), |r| (*r).to_string());
                    out.themes.push(RegionalTheme {
                        key,
                        title: t.title.trim().to_string(),
                        members: Vec::new(),
                        questions: Vec::new(),
                    });
                    out.themes.len() - 1
                });
                let theme = &mut out.themes[at];
                theme.members.push((i, t.id.clone()));
                for q in &t.questions {
                    let qkey = normalise(&q.text);
                    let found = theme
                        .questions
                        .iter()
                        .position(|x| x.key == qkey)
                        .or_else(|| {
                            theme.questions.iter().position(|x| {
                                x.members
                                    .iter()
                                    .any(|(j, id)| *id == q.id && same_template(*j))
                            })
                        });
                    let qi = found.unwrap_or_else(|| {
                        theme.questions.push(RegionalQuestion {
                            key: qkey,
                            text: q.text.trim().to_string(),
                            members: Vec::new(),
                        });
                        theme.questions.len() - 1
                    });
                    theme.questions[qi].members.push((i, q.id.clone()));
                }
                out.by_local.insert((i, t.id.clone()), at);
                out.by_title.insert((i, local), at);
            }
        }
        // A theme started by a manual match carries the matched partnership's
        // own title until a partnership whose title is the regional one joins:
        // the region then prints the regional title.
        for theme in &mut out.themes {
            if normalise(&theme.title) == theme.key {
                continue;
            }
            let regional = theme.members.iter().find_map(|(j, id)| {
                self.inputs[*j]
                    .report
                    .template
                    .themes
                    .iter()
                    .find(|t| t.id == *id && normalise(&t.title) == theme.key)
                    .map(|t| t.title.trim().to_string())
            });
            if let Some(title) = regional {
                theme.title = title;
            }
        }
        out
    }

    /// Finds which partnership's organisation answered, under the regional
    /// theme `theme_key`, with a response containing `passage` (spacing
    /// and case aside): the partnership's key, and the organisation's name
    /// as its report gives it.
    pub fn quote_source(
        &self,
        theme_key: &str,
        organisation: &str,
        passage: &str,
    ) -> Option<(String, String)> {
        let matched = self.themes();
        let want = squash(passage);
        let org = normalise(organisation);
        if want.is_empty() {
            return None;
        }
        for (i, input) in self.inputs.iter().enumerate() {
            for review in input.report.held() {
                if normalise(&review.organisation) != org && normalise(&review.short_name) != org {
                    continue;
                }
                for t in &review.themes {
                    let Some(at) = matched.theme_of(i, &t.id, &t.title) else {
                        continue;
                    };
                    if matched.themes[at].key != theme_key {
                        continue;
                    }
                    if t.questions
                        .iter()
                        .any(|q| squash(&q.response).contains(&want))
                    {
                        return Some((input.partnership_key.clone(), review.organisation.clone()));
                    }
                }
            }
        }
        None
    }
}

/// Lower case with runs of white space as one space: a passage copied
/// from a response matches however it was wrapped.
fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
