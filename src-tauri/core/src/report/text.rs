//! The report's words: how stored free text becomes paragraphs, and the
//! sentences the report writes itself from the audit's data (the panel, who
//! attended, the contact log), in the seed's style.

use crate::audit::AuditDoc;
use crate::dates;
use crate::panel::PanelMember;
use crate::review::{ContactAttempt, Person, Review};

use super::layout::{Para, Span, TextStyle};

pub const BODY: TextStyle = TextStyle {
    size: 10.5,
    leading: 15.0,
};
pub const CELL: TextStyle = TextStyle {
    size: 9.0,
    leading: 12.0,
};
pub const FOOTNOTE: TextStyle = TextStyle {
    size: 8.5,
    leading: 11.5,
};
pub const H1: TextStyle = TextStyle {
    size: 16.0,
    leading: 20.0,
};
pub const CELL_PADDING: f32 = 4.5;

/// The bullet the seed's Background uses for its list.
pub const TICK: &str = "✓";

/// "Section 11 Report 2021-22".
pub fn report_title(doc: &AuditDoc) -> String {
    format!("Section 11 Report {}", doc.audit.year)
}

/// A block of stored free text as the report prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    /// A "- " line: printed with a tick.
    Item(String),
    /// A paragraph starting with a superscript figure ("¹ ASSSP covers…"):
    /// printed small, as the seed prints its footnote.
    Footnote(String),
}

const SUPERSCRIPTS: &[char] = &['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰'];

/// Paragraphs are separated by a blank line; a line starting "- " is a list
/// item; other single line breaks inside a paragraph are kept as line breaks.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if para.is_empty() {
            return;
        }
        let joined = para.join("\n");
        para.clear();
        if joined.starts_with(SUPERSCRIPTS) {
            out.push(Block::Footnote(joined));
        } else {
            out.push(Block::Paragraph(joined));
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut para, &mut out);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush(&mut para, &mut out);
            out.push(Block::Item(item.trim().to_string()));
        } else {
            para.push(trimmed);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A response or recommendation as cell paragraphs: each stored line is a
/// line of its own, "- " lines get a tick as in the free-text sections.
pub fn cell_paras(text: &str) -> Vec<Para> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.trim_start().strip_prefix("- ") {
            Some(item) => Para::plain(item).with_bullet(Span::regular(TICK)),
            None => Para::plain(l),
        })
        .collect()
}

/// "A, B and C".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Faye Kamara (Head of Safeguarding)".
fn person(p: &Person) -> String {
    if p.role.trim().is_empty() {
        p.name.trim().to_string()
    } else {
        format!("{} ({})", p.name.trim(), p.role.trim())
    }
}

/// Ends a sentence with a full stop unless it already ends in punctuation.
pub fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() || s.ends_with(['.', '!', '?', ':']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// The Methodology's panel sentence, from the audit's panel in order:
/// "The peer review panel consisted of Sarah Taylor, Business Manager, … and
/// Chair of the Panel; Matthew Garnham, Avon & Somerset Police; … and Holly
/// Magson, Vinney Green Secure Children's Home." `None` with no panel.
pub fn panel_sentence(panel: &[PanelMember]) -> Option<String> {
    let described: Vec<String> = panel
        .iter()
        .filter(|m| !m.name.trim().is_empty())
        .map(|m| {
            // A role that already says "Chair" is not told twice.
            if m.chair && !m.role.to_lowercase().contains("chair") {
                format!("{} and Chair of the Panel", m.described())
            } else {
                m.described()
            }
        })
        .collect();
    let list = match described.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{}; and {last}", init.join("; ")),
    };
    Some(format!("The peer review panel consisted of {list}."))
}

/// The review's opening paragraph in the seed's words: when, who sat on the
/// panel, who represented the organisation, apologies.
pub fn review_paragraph(doc: &AuditDoc, review: &Review) -> String {
    let mut out = Vec::new();
    if let Some(date) = review.date.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push(format!(
            "This review took place on {}.",
            dates::british(date)
        ));
    }
    let panel: Vec<String> = review
        .panel
        .iter()
        .filter_map(|id| doc.member(id))
        .map(|m| m.name.trim().to_string())
        .collect();
    if !panel.is_empty() {
        out.push(format!("The peer review panel was {}.", join_and(&panel)));
    }
    let name = review.display_name();
    let reps: Vec<String> = review.representatives.iter().map(person).collect();
    match reps.len() {
        0 => {}
        1 => out.push(format!("The representative for {name} was {}.", reps[0])),
        _ => out.push(format!(
            "The representatives for {name} were {}.",
            join_and(&reps)
        )),
    }
    let apologies: Vec<String> = review.apologies.iter().map(person).collect();
    if !apologies.is_empty() {
        out.push(format!(
            "Apologies were received from {}.",
            join_and(&apologies)
        ));
    }
    out.join(" ")
}

/// "By email" from a contact log's method, or nothing when none was noted.
fn by_method(method: &str) -> String {
    let m = method.trim();
    match m.to_lowercase().as_str() {
        "" => String::new(),
        "email" | "e-mail" => " by email".into(),
        "telephone" | "phone" | "call" | "phone call" => " by telephone".into(),
        "letter" | "post" => " by letter".into(),
        "meeting" | "in person" => " in person".into(),
        "teams" | "video call" => " by video call".into(),
        _ => format!(" ({})", m.to_lowercase()),
    }
}

/// "Follow up email" in "Follow up email to arrange a date…": a short
/// phrase naming the contact, then what it was for. `None` when the note
/// does not read that way (it has a verb before " to ", or none).
fn contact_and_purpose(note: &str) -> Option<(&str, &str)> {
    let at = note.find(" to ")?;
    let (what, purpose) = (&note[..at], &note[at..]);
    let words: Vec<&str> = what.split_whitespace().collect();
    let verbs = [
        "was", "were", "is", "are", "has", "had", "did", "sent", "made", "rang", "called",
        "emailed", "wrote", "met",
    ];
    let plain = !words.is_empty()
        && words.len() <= 4
        && !words
            .iter()
            .any(|w| verbs.contains(&w.to_lowercase().as_str()) || w.ends_with(','));
    plain.then_some((what, purpose))
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // "Follow up email" reads "a follow up email"; "CVS" stays.
        Some(c) if chars.clone().next().is_some_and(char::is_lowercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

/// The contact log as one paragraph in the seed's words: "Contact was made
/// with Steve Curry (Chief Executive Officer) on 23 November 2021 to inform
/// him about … There was a follow up email on 15 February 2022 to arrange a
/// date …". A person is named once, until someone else is contacted; a note
/// the sentence cannot take in is told after a plain sentence of its own.
pub fn contact_log(contacts: &[ContactAttempt]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut last_person: Option<&str> = None;
    for c in contacts {
        let on = if c.date.trim().is_empty() {
            String::new()
        } else {
            format!(" on {}", dates::british(&c.date))
        };
        let person = c.person.trim();
        let new_person = !person.is_empty() && last_person != Some(person);
        let with = if new_person {
            format!(" with {person}")
        } else {
            String::new()
        };
        let note = sentence(&c.note);
        if let Some(rest) = note.strip_prefix("Contact was made") {
            // The note is the seed's own sentence: name who and when in it.
            out.push(format!(
                "Contact was made{with}{}{on}{rest}",
                by_method(&c.method)
            ));
        } else if let Some((what, purpose)) = contact_and_purpose(&note) {
            out.push(format!(
                "There was a {}{with}{on}{purpose}",
                lower_first(what)
            ));
        } else if new_person || out.is_empty() {
            let mut s = format!("Contact was made{with}{}{on}.", by_method(&c.method));
            if !note.is_empty() {
                s.push(' ');
                s.push_str(&note);
            }
            out.push(s);
        } else {
            let mut s = format!("There was further contact{}{on}.", by_method(&c.method));
            if !note.is_empty() {
                s.push(' ');
                s.push_str(&note);
            }
            out.push(s);
        }
        if !person.is_empty() {
            last_person = Some(person);
        }
    }
    out.join(" ")
}

/// What the report says about a review that did not take place, as the
/// seed does: that it did not, that the organisation did not engage, then
/// the contact log.
pub fn did_not_take_place(review: &Review) -> String {
    let mut out = vec![
        "This review did not take place.".to_string(),
        format!(
            "{} did not engage with the Section 11 process.",
            review.display_name().trim()
        ),
    ];
    let log = contact_log(&review.contacts);
    if !log.is_empty() {
        out.push(log);
    }
    out.join(" ")
}

/// Where the panel sentence goes in the Methodology: after the first of the
/// first two paragraphs that mentions the panel (the seed names its panel
/// right after "each area formed their own Peer Review Panel"), otherwise
/// after the first paragraph.
pub fn panel_sentence_position(blocks: &[Block]) -> usize {
    let paragraphs: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Paragraph(_)))
        .map(|(i, _)| i)
        .collect();
    let mentions = |i: &usize| matches!(&blocks[*i], Block::Paragraph(t) if t.to_lowercase().contains("panel"));
    paragraphs
        .iter()
        .take(2)
        .find(|i| mentions(i))
        .or(paragraphs.first())
        .map_or(blocks.len(), |i| i + 1)
}

/// The Appendix's name: the one the Methodology refers to ("Appendix 2"), so
/// that the cross-reference holds; "Appendix" when it names none.
pub fn appendix_name(methodology: &str) -> String {
    let words: Vec<&str> = methodology.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| {
            w[0] == "Appendix"
                && w[1]
                    .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
                    .chars()
                    .all(|c| c.is_ascii_digit())
                && w[1].starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|w| {
            format!(
                "Appendix {}",
                w[1].trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
            )
        })
        .unwrap_or_else(|| "Appendix".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::ReviewStatus;

    #[test]
    fn free_text_becomes_paragraphs_items_and_footnotes() {
        let b = blocks("First para\ncontinues.\n\n- one\n- two\n\nIn addition:\n\n¹ A footnote.");
        assert_eq!(
            b,
            [
                Block::Paragraph("First para\ncontinues.".into()),
                Block::Item("one".into()),
                Block::Item("two".into()),
                Block::Paragraph("In addition:".into()),
                Block::Footnote("¹ A footnote.".into()),
            ]
        );
    }

    #[test]
    fn panel_sentence_names_the_chair_as_the_seed_does() {
        let doc = crate::example::example().expect("example");
        let s = panel_sentence(&doc.panel).expect("a panel");
        assert!(s.starts_with("The peer review panel consisted of Sarah Taylor, Business Manager, South Gloucestershire Children's Partnership and Chair of the Panel; Matthew Garnham, Avon & Somerset Police;"), "{s}");
        assert!(
            s.ends_with("; and Holly Magson, Vinney Green Secure Children's Home."),
            "{s}"
        );
        assert_eq!(panel_sentence(&[]), None);
    }

    #[test]
    fn review_paragraph_reads_like_the_seed() {
        let doc = crate::example::example().expect("example");
        let p = review_paragraph(&doc, &doc.reviews[0]);
        assert_eq!(
            p,
            "This review took place on 10 February 2022. The peer review panel was Sarah Taylor, Matthew Garnham and Hilary Smith. \
             The representatives for BNSSG CCG were Faye Kamara (Head of Safeguarding), Emma Bradley (Designated Doctor), \
             Angela Stephen (Designated Nurse Looked After Children and Care Leavers) and Chloe Harrison (Safeguarding Manager). \
             Apologies were received from Anne Fry (Designated Nurse)."
        );
    }

    #[test]
    fn a_review_that_did_not_take_place_tells_its_contact_log() {
        let doc = crate::example::example().expect("example");
        let cvs = &doc.reviews[2];
        assert_eq!(cvs.status, ReviewStatus::DidNotTakePlace);
        let s = did_not_take_place(cvs);
        assert_eq!(
            s,
            "This review did not take place. CVS did not engage with the Section 11 process. \
             Contact was made with Steve Curry (Chief Executive Officer) by email on 23 November 2021 to inform him about the Section 11 process, \
             and invite him to consider who would take part from CVS. A copy of the question template was provided. \
             There was a follow up email on 15 February 2022 to arrange a date for the review to take place."
        );
    }

    #[test]
    fn a_contact_log_names_each_person_once_and_keeps_odd_notes() {
        let c = |date: &str, person: &str, method: &str, note: &str| ContactAttempt {
            date: date.into(),
            person: person.into(),
            method: method.into(),
            note: note.into(),
        };
        assert_eq!(
            contact_log(&[
                c("2024-01-08", "Ann Lee (Director)", "Telephone", ""),
                c(
                    "2024-01-20",
                    "Ann Lee (Director)",
                    "",
                    "No answer; voicemail left"
                ),
                c(
                    "2024-02-02",
                    "Bo Ray",
                    "Letter",
                    "Reminder letter to ask for a date"
                ),
            ]),
            "Contact was made with Ann Lee (Director) by telephone on 8 January 2024. \
             There was further contact on 20 January 2024. No answer; voicemail left. \
             There was a reminder letter with Bo Ray on 2 February 2024 to ask for a date."
        );
    }

    #[test]
    fn a_chair_whose_role_says_so_is_not_called_chair_twice() {
        let m = PanelMember {
            id: "m".into(),
            name: "Sarah Taylor".into(),
            role: "Business Manager and Chair of the Panel".into(),
            organisation: String::new(),
            chair: true,
        };
        assert_eq!(
            panel_sentence(&[m]).as_deref(),
            Some("The peer review panel consisted of Sarah Taylor, Business Manager and Chair of the Panel.")
        );
    }

    #[test]
    fn the_panel_sentence_follows_the_paragraph_that_mentions_the_panel() {
        let doc = crate::example::example().expect("example");
        let b = blocks(&doc.audit.methodology);
        assert_eq!(
            panel_sentence_position(&b),
            2,
            "after “each area formed their own Peer Review Panel.”"
        );
        let default = blocks(crate::audit::DEFAULT_METHODOLOGY);
        assert_eq!(
            panel_sentence_position(&default),
            1,
            "after the first paragraph"
        );
        assert_eq!(panel_sentence_position(&[]), 0);
    }

    #[test]
    fn the_appendix_takes_the_name_the_methodology_uses() {
        assert_eq!(
            appendix_name("can be found at Appendix 2 of this report."),
            "Appendix 2"
        );
        assert_eq!(appendix_name("can be found at Appendix 2."), "Appendix 2");
        assert_eq!(
            appendix_name("can be found at the appendix of this report."),
            "Appendix"
        );
    }
}
