//! The audit: one partnership's Section 11 peer review for one year, as a
//! whole document. This is also the JSON interchange form (see
//! `docs/audit-json.md` and `audit.schema.json`), so every field here is part
//! of a published format: change it only with a new format version.

use serde::{Deserialize, Serialize};

use crate::panel::PanelMember;
use crate::recommendation::Recommendation;
use crate::review::Review;
use crate::template::{default_template, Template};

/// Names this JSON as ours, so a stray file is refused with a clear message.
pub const FORMAT: &str = "section11-panel/audit";
/// The JSON format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditDoc {
    pub format: String,
    pub format_version: u32,
    pub audit: AuditMeta,
    pub panel: Vec<PanelMember>,
    pub template: Template,
    pub reviews: Vec<Review>,
    pub recommendations: Vec<Recommendation>,
    /// Last year's audit and its recommendations followed as actions (issue
    /// 18), when this audit was started from it. Not part of the JSON form
    /// (format version 1): it is stored in its own tables, which whole-audit
    /// writes leave alone, and filled in when the audit is read.
    #[serde(skip)]
    pub previous: Option<crate::action::Carried>,
}

/// The audit's own fields. The free-text sections are plain text: paragraphs
/// separated by a blank line, and a line starting "- " is a list item (the
/// report prints it with a tick, as the seed's Background does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditMeta {
    /// Stable id: minute packs and notes files name the audit they belong to.
    pub id: String,
    /// "South Gloucestershire Children's Partnership".
    pub partnership: String,
    /// "2021-22".
    pub year: String,
    /// ISO date or month of the report ("2022-03"), or empty until chosen.
    #[serde(default)]
    pub report_date: String,
    #[serde(default)]
    pub background: String,
    #[serde(default)]
    pub methodology: String,
    #[serde(default)]
    pub conclusion: String,
}

impl AuditDoc {
    /// A new, empty audit on the default template with the default texts.
    pub fn new(id: String, partnership: String, year: String) -> AuditDoc {
        AuditDoc {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            audit: AuditMeta {
                id,
                partnership,
                year,
                report_date: String::new(),
                background: DEFAULT_BACKGROUND.into(),
                methodology: DEFAULT_METHODOLOGY.into(),
                conclusion: DEFAULT_CONCLUSION.into(),
            },
            panel: Vec::new(),
            template: default_template(),
            reviews: Vec::new(),
            recommendations: Vec::new(),
            previous: None,
        }
    }

    pub fn chair(&self) -> Option<&PanelMember> {
        self.panel.iter().find(|m| m.chair)
    }

    pub fn member(&self, id: &str) -> Option<&PanelMember> {
        self.panel.iter().find(|m| m.id == id)
    }

    /// The themes a review is asked: its frozen copy once held, otherwise
    /// the template as it stands.
    pub fn themes_for<'a>(&'a self, review: &'a Review) -> &'a [crate::template::Theme] {
        review.asked.as_deref().unwrap_or(&self.template.themes)
    }

    pub fn review(&self, id: &str) -> Option<&Review> {
        self.reviews.iter().find(|r| r.id == id)
    }
}

/// Checks a year such as "2021-22": four digits, a hyphen, and the next year's
/// last two digits.
pub fn check_year(year: &str) -> Result<(), String> {
    let bad = || {
        format!("“{year}” is not an audit year: write it as the two years it spans, for example 2021-22")
    };
    let (a, b) = year.split_once('-').ok_or_else(bad)?;
    if a.len() != 4 || b.len() != 2 {
        return Err(bad());
    }
    let first: u32 = a.parse().map_err(|_| bad())?;
    let second: u32 = b.parse().map_err(|_| bad())?;
    if (first + 1) % 100 != second {
        return Err(bad());
    }
    Ok(())
}

/// Background as the seed gives it: the statutory duty, which is the same for
/// every partnership.
pub const DEFAULT_BACKGROUND: &str = "Section 11 of the Children Act places a duty on local authorities, NHS organisations, the police, including police and crime commissioners and the British Transport Police, the National Probation Service, Prisons and Young Offender Institutions (YOIs) Secure Training Centres (STCs), Principals of Secure Colleges and Youth Offending Teams/Services (YOTs) to have in place arrangements that safeguarding and promote the welfare of children. These arrangements include:

- A clear line of accountability for the commissioning and/or provision of services designed to safeguard and promote the welfare of children
- A senior board level lead with the required knowledge, skills and expertise or sufficiently qualified and experienced to take leadership responsibility for the organisation's/agency's safeguarding arrangements
- A culture of listening to children and taking account of their wishes and feelings, both in individual decisions and the development of services
- Clear whistleblowing procedures, which reflect the principles in Sir Robert Francis' Freedom to Speak Up Review and are suitably referenced in staff training and codes of conduct, and a culture that enables issues about safeguarding and promoting the welfare of children to be addressed
- Clear escalation policies for staff to follow when their child safeguarding concerns are not being addressed within their organisation or by other agencies
- Arrangements which set out clearly the processes for sharing information, with other practitioners and with safeguarding partners
- A designated practitioner (or, for health commissioning and health provider organisations/ agencies, designated and named practitioners) for child safeguarding.
- Safe recruitment practices and ongoing safe working practices for individuals whom the organisation or agency permit to work regularly with children, including policies on when to obtain a criminal record check
- Appropriate supervision and support for staff, including undertaking safeguarding training
- Create a culture of safety, equality, and protection within the services they provide

In addition:

Employers are responsible for ensuring that their staff are competent to carry out their responsibilities for safeguarding and promoting the welfare of children and creating an environment where staff feel able to raise concerns and feel supported in their safeguarding role

- Staff should be given a mandatory induction, which includes familiarisation with child protection responsibilities and the procedures to be followed if anyone has any concerns about a child's safety or welfare
- All practitioners should have regular reviews of their own practice to ensure they have knowledge, skills and expertise that improve over time";

/// The seed's method, without what is particular to 2021-22 and the Avon &
/// Somerset region; the report adds the panel's names from the audit.
pub const DEFAULT_METHODOLOGY: &str = "A peer review approach was taken, with a series of virtual peer review workshops, one for each organisation taking part.

A template with the proposed questions was sent to all organisations in advance of the peer review meetings taking place. Organisations chosen for peer review were asked to invite key professionals to the workshop, including front line practitioners as well as senior safeguarding staff and managers, and the person who completed the written Section 11 audit template.

The workshops lasted for 90 minutes with an opportunity for additional questions from organisations at the end of each session. The panel members were responsible for taking minutes at the meeting and these were collated to form this report. A copy of the question template can be found at the appendix of this report.

The peer review workshops were intended to be a supportive and valuable learning opportunity for all involved by providing a safe collaborative environment to explore questions developed from themes identified in the previous audit.";

pub const DEFAULT_CONCLUSION: &str = "The peer review process led to a rich discussion with each organisation and provided a more meaningful process than previous submissions of a form.

There are recommendations for the organisations that took part in addition to recommendations for the Children's Partnership. These are represented in one table on the next page.";

#[cfg(test)]
mod tests {
    use super::check_year;

    #[test]
    fn years_span_two_consecutive_years() {
        assert!(check_year("2021-22").is_ok());
        assert!(check_year("1999-00").is_ok());
        assert!(check_year("2021-23").is_err());
        assert!(check_year("2021").is_err());
        assert!(check_year("21-22").is_err());
        assert!(
            check_year("2021-2022").unwrap_err().contains("2021-22"),
            "the message shows the form"
        );
    }
}

/// The audit year a date falls in. Partnerships audit over the financial year
/// (April to March), as the seed's 2021-22 report, dated March 2022, shows.
pub fn audit_year_for(date: crate::dates::Date) -> String {
    let start = if date.month >= 4 {
        date.year
    } else {
        date.year - 1
    };
    format!("{start}-{:02}", (start + 1).rem_euclid(100))
}

#[cfg(test)]
mod year_tests {
    use super::audit_year_for;
    use crate::dates::Date;

    #[test]
    fn financial_year_starts_in_april() {
        assert_eq!(audit_year_for(Date::ymd(2022, 3, 31)), "2021-22");
        assert_eq!(audit_year_for(Date::ymd(2022, 4, 1)), "2022-23");
        assert_eq!(audit_year_for(Date::ymd(2099, 12, 1)), "2099-00");
    }
}
