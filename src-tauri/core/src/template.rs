//! The question template: ordered themes, each with ordered questions.
//!
//! The default template is the one the 2021-22 regional peer review used, as
//! printed in the seed report's tables: seven themes and 21 questions (the
//! seed's text announces eight themes but lists and uses seven).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    pub version: String,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The question as asked; where it has sub-points this is their lead-in
    /// ("How is information shared about:").
    pub text: String,
    /// Sub-points listed under the lead-in, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<String>,
    /// A closing question after the sub-points ("How do you check that this
    /// information is known and understood?").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
}

impl Question {
    /// The whole question as one plain text, lines separated by newlines.
    pub fn full_text(&self) -> String {
        let mut out = self.text.clone();
        for p in &self.points {
            out.push('\n');
            out.push_str(p);
        }
        if !self.follow_up.is_empty() {
            out.push('\n');
            out.push_str(&self.follow_up);
        }
        out
    }
}

impl Template {
    pub fn question_count(&self) -> usize {
        self.themes.iter().map(|t| t.questions.len()).sum()
    }

    pub fn questions(&self) -> impl Iterator<Item = (&Theme, &Question)> {
        self.themes
            .iter()
            .flat_map(|t| t.questions.iter().map(move |q| (t, q)))
    }
}

pub const DEFAULT_TEMPLATE_NAME: &str = "Section 11 peer review questions";
pub const DEFAULT_TEMPLATE_VERSION: &str = "2021-22";

/// The seed's themes and questions, transcribed as printed. Ids are stable
/// (`t1`, `t1q1`, ...) so that two audits made from the default template name
/// the same question the same way, which the regional collation relies on.
pub fn default_template() -> Template {
    type Q = (&'static str, &'static [&'static str], &'static str);
    const THEMES: &[(&str, &[Q])] = &[
        (
            "Safeguarding Structure",
            &[
                ("How do you ensure that staff know what to do if they have a concern for a child or an adult?", &[], ""),
                (
                    "How is information shared about:",
                    &[
                        "Who is the safeguarding lead",
                        "Key policies including escalation and whistleblowing",
                        "Multi agency guidance, policy and procedure",
                    ],
                    "How do you check that this information is known and understood?",
                ),
                ("How do you ensure staff are recruited safely to work within your organisation?", &[], ""),
                ("Tell us about how you incorporate safeguarding into induction", &[], ""),
            ],
        ),
        (
            "Learning & Development",
            &[
                ("Tell us about the single agency or in-house training available to your organisation. How is it quality assured?", &[], ""),
                ("How well do staff engage with the multi agency training available? How do you decide who will attend, and how do you monitor this?", &[], ""),
                ("Tell us about the supervision available to staff working in your organisation", &[], ""),
                ("How is learning from training and events embedded into practice and shared with colleagues?", &[], ""),
                ("How do you share local and national learning from Child Safeguarding Practice Reviews, internal and multi agency audits?", &[], ""),
                ("Tell us about how you ensure learning is impacting practice", &[], ""),
            ],
        ),
        (
            "Impact of Covid-19",
            &[
                ("How are you managing the emotional impact of the pandemic on staff, and ensuring wellbeing. What have been the biggest challenges for your organisation?", &[], ""),
                ("Tell us about any changes you have made to practice as a result of the pandemic that will continue permanently", &[], ""),
            ],
        ),
        (
            "Listening to Children",
            &[
                ("Can you give an example where your organisation has effectively engaged with children and young people which has directly improved services and outcomes", &[], ""),
                ("How do you ensure that individual children are heard by practitioners as part of their everyday practice", &[], ""),
            ],
        ),
        (
            "Information Sharing",
            &[
                ("Section 11 auditing tells us that organisations have protocols for information sharing in place. Can you give us an example from your organisation where information was shared effectively with partner organisation (s) and made a difference to the outcome for a child", &[], ""),
                ("What are the barriers you face to effective information sharing and how do you try to overcome them?", &[], ""),
            ],
        ),
        (
            "Child Exploitation",
            &[
                ("How confident are you that staff know how to spot the signs of all forms of child exploitation?", &[], ""),
                ("How do you know that staff are confident about where to get help for a child at risk of exploitation and know about the support available?", &[], ""),
            ],
        ),
        (
            "Children's Partnerships",
            &[
                ("How do you share the information provided by your local children's partnership to staff?", &[], ""),
                ("What do you think the children's partnership could do to help improve understanding about, and engagement with, practitioners?", &[], ""),
                ("The Children's Partnership has a threshold document how widely is this used within your organisation and how do you monitor staff understanding and use of this tool?", &[], ""),
            ],
        ),
    ];
    Template {
        name: DEFAULT_TEMPLATE_NAME.into(),
        version: DEFAULT_TEMPLATE_VERSION.into(),
        themes: THEMES
            .iter()
            .enumerate()
            .map(|(ti, (title, questions))| Theme {
                id: format!("t{}", ti + 1),
                title: (*title).into(),
                questions: questions
                    .iter()
                    .enumerate()
                    .map(|(qi, (text, points, follow_up))| Question {
                        id: format!("t{}q{}", ti + 1, qi + 1),
                        text: (*text).into(),
                        points: points.iter().map(|p| (*p).into()).collect(),
                        follow_up: (*follow_up).into(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_template_is_the_seeds_seven_themes_and_21_questions() {
        let t = default_template();
        let titles: Vec<&str> = t.themes.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Safeguarding Structure",
                "Learning & Development",
                "Impact of Covid-19",
                "Listening to Children",
                "Information Sharing",
                "Child Exploitation",
                "Children's Partnerships"
            ]
        );
        assert_eq!(t.question_count(), 21, "the seed's tables ask 21 questions");
        let counts: Vec<usize> = t.themes.iter().map(|t| t.questions.len()).collect();
        assert_eq!(counts, [4, 6, 2, 2, 2, 2, 3]);
    }

    #[test]
    fn sub_points_keep_their_lead_in_and_follow_up() {
        let t = default_template();
        let q = &t.themes[0].questions[1];
        assert_eq!(q.points.len(), 3);
        assert_eq!(
            q.full_text(),
            "How is information shared about:\nWho is the safeguarding lead\nKey policies including escalation and whistleblowing\nMulti agency guidance, policy and procedure\nHow do you check that this information is known and understood?"
        );
    }
}
