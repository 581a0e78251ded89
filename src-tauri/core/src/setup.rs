//! Setting up an audit: its details, the panel, reviews and the question
//! template. These are edits of the in-memory document; the store applies one
//! in a single transaction (`Store::update`) after checking the result.
//!
//! The invariant that matters most here: a held review's record never
//! changes under it. Its questions are frozen when it is marked held, and
//! nothing it refers to (a panel member who sat on it, a question it
//! answered) can be removed.

use serde::Deserialize;

use crate::audit::{check_year, AuditDoc};
use crate::dates::from_typed;
use crate::panel::PanelMember;
use crate::recommendation::{Recommendation, RecommendationFor};
use crate::review::{ContactAttempt, Person, Review, ReviewStatus};
use crate::template::{Question, Theme};
use crate::text::{one_line, plain};

/// A set-up change the audit's rules refuse; the message says why and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SetupError(pub String);

type Result<T> = std::result::Result<T, SetupError>;

fn refuse<T>(msg: impl Into<String>) -> Result<T> {
    Err(SetupError(msg.into()))
}

/// The audit's own details as the set-up screen edits them.
#[derive(Debug, Clone, Deserialize)]
pub struct AuditDetails {
    pub partnership: String,
    pub year: String,
    pub report_date: String,
    pub background: String,
    pub methodology: String,
    pub conclusion: String,
}

/// A review's details as the review set-up screen edits them.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewDetails {
    pub organisation: String,
    pub short_name: String,
    pub date: Option<String>,
    pub preparation: String,
    pub panel: Vec<String>,
    pub representatives: Vec<Person>,
    pub apologies: Vec<Person>,
}

impl AuditDoc {
    pub fn set_details(&mut self, d: AuditDetails) -> Result<()> {
        let partnership = one_line(&d.partnership);
        if partnership.is_empty() {
            return refuse("Enter the partnership’s name.");
        }
        let year = d.year.trim().to_string();
        check_year(&year).map_err(SetupError)?;
        let report_date = match d.report_date.trim() {
            "" => String::new(),
            typed => {
                from_typed(typed, true).map_err(|e| SetupError(format!("Report date: {e}")))?
            }
        };
        let a = &mut self.audit;
        a.partnership = partnership;
        a.year = year;
        a.report_date = report_date;
        a.background = plain(&d.background);
        a.methodology = plain(&d.methodology);
        a.conclusion = plain(&d.conclusion);
        Ok(())
    }

    fn member_mut(&mut self, id: &str) -> Result<&mut PanelMember> {
        match self.panel.iter_mut().find(|m| m.id == id) {
            Some(m) => Ok(m),
            None => refuse("That panel member is no longer on the panel."),
        }
    }

    pub fn add_panel_member(
        &mut self,
        id: String,
        name: &str,
        role: &str,
        organisation: &str,
    ) -> Result<()> {
        let name = one_line(name);
        if name.is_empty() {
            return refuse("Enter the panel member’s name.");
        }
        let chair = self.panel.is_empty();
        self.panel.push(PanelMember {
            id,
            name,
            role: one_line(role),
            organisation: one_line(organisation),
            chair,
        });
        Ok(())
    }

    pub fn update_panel_member(
        &mut self,
        id: &str,
        name: &str,
        role: &str,
        organisation: &str,
    ) -> Result<()> {
        let name = one_line(name);
        if name.is_empty() {
            return refuse("A panel member needs a name.");
        }
        let m = self.member_mut(id)?;
        m.name = name;
        m.role = one_line(role);
        m.organisation = one_line(organisation);
        Ok(())
    }

    pub fn remove_panel_member(&mut self, id: &str) -> Result<()> {
        if let Some(r) = self
            .reviews
            .iter()
            .find(|r| r.status == ReviewStatus::Held && r.panel.iter().any(|m| m == id))
        {
            return refuse(format!(
                "This member sat on the review of {}, which is held; removing them would change its record.",
                r.display_name()
            ));
        }
        self.member_mut(id)?;
        self.panel.retain(|m| m.id != id);
        for r in &mut self.reviews {
            r.panel.retain(|m| m != id);
        }
        Ok(())
    }

    /// Makes `id` the chair (the only one), or leaves the panel with none.
    pub fn set_chair(&mut self, id: Option<&str>) -> Result<()> {
        if let Some(id) = id {
            self.member_mut(id)?;
        }
        for m in &mut self.panel {
            m.chair = Some(m.id.as_str()) == id;
        }
        Ok(())
    }

    fn review_mut(&mut self, id: &str) -> Result<&mut Review> {
        match self.reviews.iter_mut().find(|r| r.id == id) {
            Some(r) => Ok(r),
            None => refuse("That review is no longer in this audit."),
        }
    }

    pub fn add_review(&mut self, id: String, organisation: &str, short_name: &str) -> Result<()> {
        let organisation = one_line(organisation);
        if organisation.is_empty() {
            return refuse("Enter the organisation’s name.");
        }
        let mut review = Review::new(id, organisation, one_line(short_name));
        // The chair sits on every review unless told otherwise.
        review.panel = self.chair().map(|c| vec![c.id.clone()]).unwrap_or_default();
        self.reviews.push(review);
        Ok(())
    }

    pub fn update_review(&mut self, id: &str, d: ReviewDetails) -> Result<()> {
        let organisation = one_line(&d.organisation);
        if organisation.is_empty() {
            return refuse("Enter the organisation’s name.");
        }
        let date = match d.date.as_deref().map(str::trim) {
            Some("") | None => None,
            Some(s) => Some(
                from_typed(s, false).map_err(|e| SetupError(format!("Date of the review: {e}")))?,
            ),
        };
        for m in &d.panel {
            if self.member(m).is_none() {
                return refuse("One of the panel members chosen is no longer on the panel.");
            }
        }
        let people = |list: Vec<Person>| -> Vec<Person> {
            list.into_iter()
                .map(|p| Person {
                    name: one_line(&p.name),
                    role: one_line(&p.role),
                })
                .filter(|p| !p.name.is_empty())
                .collect()
        };
        let representatives = people(d.representatives);
        let apologies = people(d.apologies);
        let r = self.review_mut(id)?;
        if r.status == ReviewStatus::Held && date.is_none() {
            return refuse("A held review needs its date. Enter the date it took place.");
        }
        r.organisation = organisation;
        r.short_name = one_line(&d.short_name);
        r.date = date;
        r.preparation = plain(&d.preparation);
        r.panel = d.panel;
        r.representatives = representatives;
        r.apologies = apologies;
        Ok(())
    }

    /// Changes a review's status. Marking it held freezes the questions it
    /// was asked; the frozen copy stays if it is later set back, so the record
    /// of what was asked is never lost.
    pub fn set_review_status(&mut self, id: &str, status: ReviewStatus) -> Result<()> {
        let template = self.template.themes.clone();
        let r = self.review_mut(id)?;
        if status == ReviewStatus::Held {
            if r.date.is_none() {
                return refuse("Enter the date the review took place before marking it held.");
            }
            if r.asked.is_none() {
                r.asked = Some(template);
            }
        }
        r.status = status;
        Ok(())
    }

    /// Freezes the questions of every held review that has no frozen copy
    /// yet (an import or an older file): from now on its record is its own.
    pub fn freeze_held(&mut self) {
        let template = &self.template.themes;
        for r in self
            .reviews
            .iter_mut()
            .filter(|r| r.status == ReviewStatus::Held && r.asked.is_none())
        {
            r.asked = Some(template.clone());
        }
    }

    pub fn add_contact(&mut self, review: &str, c: ContactAttempt) -> Result<()> {
        let date = from_typed(&c.date, false)
            .map_err(|e| SetupError(format!("Date of the contact: {e}")))?;
        let person = one_line(&c.person);
        if person.is_empty() {
            return refuse("Enter who was contacted.");
        }
        let r = self.review_mut(review)?;
        r.contacts.push(ContactAttempt {
            date,
            person,
            method: one_line(&c.method),
            note: plain(&c.note),
        });
        Ok(())
    }

    pub fn remove_contact(&mut self, review: &str, index: usize) -> Result<()> {
        let r = self.review_mut(review)?;
        if index >= r.contacts.len() {
            return refuse("That contact attempt is no longer in the log.");
        }
        r.contacts.remove(index);
        Ok(())
    }

    pub fn remove_review(&mut self, id: &str) -> Result<()> {
        let r = self.review_mut(id)?;
        if r.status == ReviewStatus::Held {
            return refuse("A held review cannot be removed: it is part of the audit’s record. Set it back to planned first if it was marked held by mistake.");
        }
        if r.responses.iter().any(|x| !x.text.trim().is_empty()) || !r.notes.is_empty() {
            return refuse(
                "This review has minutes. Clear them first if you really mean to remove it.",
            );
        }
        self.reviews.retain(|r| r.id != id);
        self.recommendations
            .retain(|r| r.review.as_deref() != Some(id));
        Ok(())
    }

    // ----- The question template -----

    /// Reviews still following the template (not frozen) that have minutes
    /// for one of `questions`: editing those questions away would orphan them.
    fn minutes_on(&self, questions: &[&str]) -> Option<String> {
        self.reviews
            .iter()
            .filter(|r| r.asked.is_none())
            .find(|r| {
                r.responses
                    .iter()
                    .any(|x| questions.contains(&x.question.as_str()) && !x.text.trim().is_empty())
                    || r.notes
                        .iter()
                        .any(|n| questions.contains(&n.question.as_str()))
            })
            .map(|r| r.display_name().to_string())
    }

    fn theme_index(&self, id: &str) -> Result<usize> {
        match self.template.themes.iter().position(|t| t.id == id) {
            Some(i) => Ok(i),
            None => refuse("That theme is no longer in the template."),
        }
    }

    fn question_index(&self, id: &str) -> Result<(usize, usize)> {
        for (ti, t) in self.template.themes.iter().enumerate() {
            if let Some(qi) = t.questions.iter().position(|q| q.id == id) {
                return Ok((ti, qi));
            }
        }
        refuse("That question is no longer in the template.")
    }

    pub fn add_theme(&mut self, id: String, title: &str) -> Result<()> {
        let title = one_line(title);
        if title.is_empty() {
            return refuse("Enter the theme’s title.");
        }
        self.template.themes.push(Theme {
            id,
            title,
            questions: Vec::new(),
        });
        Ok(())
    }

    pub fn rename_theme(&mut self, id: &str, title: &str) -> Result<()> {
        let title = one_line(title);
        if title.is_empty() {
            return refuse("A theme needs a title.");
        }
        let i = self.theme_index(id)?;
        self.template.themes[i].title = title;
        Ok(())
    }

    /// Moves a theme up (`-1`) or down (`+1`); at either end nothing moves.
    pub fn move_theme(&mut self, id: &str, by: i32) -> Result<()> {
        let i = self.theme_index(id)?;
        let j = i as i64 + i64::from(by);
        if j >= 0 && (j as usize) < self.template.themes.len() {
            self.template.themes.swap(i, j as usize);
        }
        Ok(())
    }

    pub fn remove_theme(&mut self, id: &str) -> Result<()> {
        let i = self.theme_index(id)?;
        let questions: Vec<&str> = self.template.themes[i]
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        if let Some(name) = self.minutes_on(&questions) {
            return refuse(format!("The review of {name} has minutes in this theme. Mark that review held first (which keeps its questions), or clear its minutes."));
        }
        let questions: Vec<String> = questions.into_iter().map(str::to_string).collect();
        let theme_id = self.template.themes[i].id.clone();
        self.template.themes.remove(i);
        // Only empty responses can remain in the theme (minutes were refused above).
        for r in self.reviews.iter_mut().filter(|r| r.asked.is_none()) {
            r.incomplete_themes.retain(|t| t.theme != theme_id);
            r.responses.retain(|x| !questions.contains(&x.question));
        }
        self.drop_recommendation_anchors();
        Ok(())
    }

    pub fn add_question(&mut self, theme: &str, id: String, text: &str) -> Result<()> {
        let text = plain(text).trim().to_string();
        if text.is_empty() {
            return refuse("Enter the question.");
        }
        let i = self.theme_index(theme)?;
        self.template.themes[i].questions.push(Question {
            id,
            text,
            points: Vec::new(),
            follow_up: String::new(),
        });
        Ok(())
    }

    /// Rewords a question. Held reviews keep the wording they were asked.
    pub fn update_question(
        &mut self,
        id: &str,
        text: &str,
        points: Vec<String>,
        follow_up: &str,
    ) -> Result<()> {
        let text = plain(text).trim().to_string();
        if text.is_empty() {
            return refuse("A question needs its text.");
        }
        let (ti, qi) = self.question_index(id)?;
        let q = &mut self.template.themes[ti].questions[qi];
        q.text = text;
        q.points = points
            .iter()
            .map(|p| one_line(p))
            .filter(|p| !p.is_empty())
            .collect();
        q.follow_up = plain(follow_up).trim().to_string();
        Ok(())
    }

    pub fn move_question(&mut self, id: &str, by: i32) -> Result<()> {
        let (ti, qi) = self.question_index(id)?;
        let questions = &mut self.template.themes[ti].questions;
        let j = qi as i64 + i64::from(by);
        if j >= 0 && (j as usize) < questions.len() {
            questions.swap(qi, j as usize);
        }
        Ok(())
    }

    pub fn remove_question(&mut self, id: &str) -> Result<()> {
        let (ti, qi) = self.question_index(id)?;
        if let Some(name) = self.minutes_on(&[id]) {
            return refuse(format!("The review of {name} has minutes for this question. Mark that review held first (which keeps its questions), or clear its minutes."));
        }
        self.template.themes[ti].questions.remove(qi);
        for r in self.reviews.iter_mut().filter(|r| r.asked.is_none()) {
            r.responses.retain(|x| x.question != id);
        }
        self.drop_recommendation_anchors();
        Ok(())
    }

    /// After a template edit, a recommendation anchored to a question or theme
    /// that a (planned) review no longer has moves to the end of its theme, or
    /// loses its theme: it is never lost.
    fn drop_recommendation_anchors(&mut self) {
        let reviews = self.reviews.clone();
        let template = self.template.themes.clone();
        for rec in &mut self.recommendations {
            let themes = rec
                .review
                .as_ref()
                .and_then(|id| reviews.iter().find(|r| &r.id == id))
                .and_then(|r| r.asked.clone())
                .unwrap_or_else(|| template.clone());
            match themes.iter().find(|t| Some(&t.id) == rec.theme.as_ref()) {
                None => {
                    rec.theme = None;
                    rec.after_question = None;
                }
                Some(t) => {
                    if let Some(q) = &rec.after_question {
                        if !t.questions.iter().any(|x| &x.id == q) {
                            rec.after_question = None;
                        }
                    }
                }
            }
        }
    }

    // ----- Recommendations -----

    pub fn add_recommendation(
        &mut self,
        id: String,
        for_: RecommendationFor,
        review: Option<String>,
        theme: Option<String>,
        after_question: Option<String>,
        text: &str,
    ) -> Result<()> {
        if for_ == RecommendationFor::Organisation && review.is_none() {
            return refuse("A recommendation for an organisation belongs to its review.");
        }
        self.recommendations.push(Recommendation {
            id,
            for_,
            review,
            theme,
            after_question,
            text: plain(text),
        });
        Ok(())
    }

    pub fn set_recommendation_for(&mut self, id: &str, for_: RecommendationFor) -> Result<()> {
        match self.recommendations.iter_mut().find(|r| r.id == id) {
            Some(r) if for_ == RecommendationFor::Organisation && r.review.is_none() => {
                refuse("This recommendation did not arise in a review, so it can only be for the partnership.")
            }
            Some(r) => {
                r.for_ = for_;
                Ok(())
            }
            None => refuse("That recommendation is no longer in this audit."),
        }
    }

    pub fn remove_recommendation(&mut self, id: &str) -> Result<()> {
        let before = self.recommendations.len();
        self.recommendations.retain(|r| r.id != id);
        if self.recommendations.len() == before {
            return refuse("That recommendation is no longer in this audit.");
        }
        Ok(())
    }
}
