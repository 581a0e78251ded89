//! Sign-off (issue 6): what exactly is signed, and its fingerprint.
//!
//! At sign-off the core serialises what is being signed into a *canonical
//! form* (below), keeps that text in the sign-off record, and prints the
//! SHA-256 of it on the signed PDF. The form is specified in
//! `src-tauri/core/schema/signing.md` so another tool can recompute it; the
//! invariants that matter:
//!
//! - the canonical text is JSON in RFC 8785 (JCS) form: object keys sorted,
//!   no whitespace, strings escaped minimally, only strings, integers,
//!   booleans and null (no floating-point numbers);
//! - it holds what a reader of the minutes or the report sees, and nothing
//!   volatile: no response history, no minute-takers' notes, no timer events
//!   (the planned-and-actual table is in it only when the chair put it in the
//!   report), no positions or row ids;
//! - the same content always gives the same text, whatever order rows were
//!   stored in.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::audit::AuditDoc;
use crate::dates::{british, Timestamp};
use crate::readiness::AcceptedGap;
use crate::recommendation::RecommendationFor;
use crate::review::{Review, ReviewStatus};

/// Names the canonical form of one review's minutes.
pub const MINUTES_FORMAT: &str = "section11-panel/signed-minutes";
/// Names the canonical form of the whole report.
pub const REPORT_FORMAT: &str = "section11-panel/signed-report";
/// The version of both canonical forms. A change to what is included is a
/// new version; a record keeps the text it was signed with, so old records
/// still verify.
pub const CANONICAL_VERSION: u32 = 1;

/// What is signed: one review's minutes, or the whole report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Review(&'a str),
    Report,
}

impl Subject<'_> {
    pub fn scope(&self) -> &'static str {
        match self {
            Subject::Review(_) => "review",
            Subject::Report => "report",
        }
    }

    /// The `review_uid` column: the review's id, or '' for the report.
    pub fn key(&self) -> &str {
        match self {
            Subject::Review(id) => id,
            Subject::Report => "",
        }
    }
}

/// SHA-256 of the canonical text's UTF-8 bytes, as 64 lower-case hex digits.
pub fn digest(canonical: &str) -> String {
    let hash = Sha256::digest(canonical.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest as the PDF's footer shows it: the first 16 hex digits in
/// groups of four. Enough to tell versions apart by eye; the sign-off page
/// prints it whole.
pub fn short_digest(digest: &str) -> String {
    let head: Vec<char> = digest.chars().take(16).collect();
    head.chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// JSON in canonical form: keys sorted by their UTF-8 bytes (which for our
/// ASCII keys is RFC 8785's UTF-16 order), no whitespace. serde_json's string
/// escaping is RFC 8785's (\" \\ \b \f \n \r \t, other controls as \u00xx,
/// everything else as UTF-8). Keys are sorted here rather than trusting the
/// map type, because another crate in the build may switch serde_json to
/// keep insertion order.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                if let Some(x) = map.get(*k) {
                    write_canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// One review's minutes as a JSON value: what the review's section of the
/// report shows, in the order it shows it.
pub fn review_body(doc: &AuditDoc, review: &Review) -> Value {
    let panel: Vec<Value> = review
        .panel
        .iter()
        .map(|id| match doc.member(id) {
            Some(m) => json!({"id": m.id, "name": m.name, "role": m.role, "organisation": m.organisation, "chair": m.chair}),
            None => json!({"id": id, "name": Value::Null, "role": Value::Null, "organisation": Value::Null, "chair": false}),
        })
        .collect();
    let people = |list: &[crate::review::Person]| -> Vec<Value> {
        list.iter()
            .map(|p| json!({"name": p.name, "role": p.role}))
            .collect()
    };
    let themes: Vec<Value> = doc
        .themes_for(review)
        .iter()
        .map(|t| {
            let questions: Vec<Value> = t
                .questions
                .iter()
                .map(|q| {
                    json!({
                        "id": q.id, "text": q.text, "points": q.points, "follow_up": q.follow_up,
                        "response": review.response_for(&q.id).map(|r| r.text.as_str()).unwrap_or(""),
                    })
                })
                .collect();
            json!({"id": t.id, "title": t.title, "not_completed": review.incomplete_reason(&t.id), "questions": questions})
        })
        .collect();
    let recommendations: Vec<Value> = doc
        .recommendations
        .iter()
        .filter(|r| r.review.as_deref() == Some(review.id.as_str()))
        .map(|r| {
            json!({
                "id": r.id,
                "for": match r.for_ { RecommendationFor::Organisation => "organisation", RecommendationFor::Partnership => "partnership" },
                "theme": r.theme, "after_question": r.after_question, "text": r.text,
            })
        })
        .collect();
    let timing: Value = match review.timebox.as_ref().and_then(crate::timebox::Timebox::report_rows) {
        Some(rows) => rows
            .iter()
            .map(|r| json!({"segment": r.title, "planned_seconds": r.planned_seconds, "extended_seconds": r.extended_seconds, "actual_seconds": r.actual_seconds}))
            .collect(),
        None => Value::Null,
    };
    json!({
        "id": review.id,
        "organisation": review.organisation,
        "short_name": review.short_name,
        "date": review.date,
        "status": review.status.as_str(),
        "panel": panel,
        "representatives": people(&review.representatives),
        "apologies": people(&review.apologies),
        "preparation": review.preparation,
        "contacts": review.contacts.iter().map(|c| json!({"date": c.date, "person": c.person, "method": c.method, "note": c.note})).collect::<Vec<_>>(),
        "themes": themes,
        "recommendations": recommendations,
        "timing": timing,
    })
}

/// The canonical text of one review's minutes.
pub fn minutes_canonical(doc: &AuditDoc, review: &Review) -> String {
    canonical_json(&json!({
        "format": MINUTES_FORMAT,
        "format_version": CANONICAL_VERSION,
        "audit": doc.audit.id,
        "minutes": review_body(doc, review),
    }))
}

/// A review's sign-off as the report's canonical form names it.
#[derive(Debug, Clone)]
pub struct SignedMinutes {
    pub review: String,
    pub digest: String,
    pub name: String,
    pub role: String,
    pub signed_at: String,
    /// The gaps the chair accepted when signing these minutes off.
    pub accepted_gaps: Vec<AcceptedGap>,
    /// SHA-256 of the signatory's certificate; `None` for a record made
    /// before sign-offs were signed with a key (schema 4).
    pub certificate_fingerprint: Option<String>,
}

/// The optional members of a sign-off object in the canonical forms. They
/// are left out when empty, so that text signed before they existed (format
/// version 1 with neither) is still reproduced byte for byte.
fn sign_off_extras(
    object: &mut Map<String, Value>,
    gaps: &[AcceptedGap],
    fingerprint: Option<&str>,
) {
    if !gaps.is_empty() {
        object.insert(
            "accepted_gaps".into(),
            gaps.iter()
                .map(|g| json!({"kind": g.kind.as_str(), "count": g.count, "printed": g.printed, "reason": g.reason}))
                .collect(),
        );
    }
    if let Some(f) = fingerprint {
        object.insert("certificate_sha256".into(), Value::String(f.into()));
    }
}

/// The canonical text of the whole report: the audit's own texts, the panel,
/// every held review's minutes with its sign-off, every review that did not
/// take place, the numbered recommendations and the question template
/// (the appendix). Planned reviews are not in the report, so not in this.
/// `accepted_gaps` are the gaps the chair accepts in signing the report off
/// (empty before then, and then the member is absent).
pub fn report_canonical(
    doc: &AuditDoc,
    signed: &[SignedMinutes],
    accepted_gaps: &[AcceptedGap],
) -> String {
    let a = &doc.audit;
    let reviews: Vec<Value> = doc
        .reviews
        .iter()
        .filter(|r| r.status != ReviewStatus::Planned)
        .map(|r| {
            let sign_off = signed.iter().find(|s| s.review == r.id).map(|s| {
                let mut o = Map::new();
                o.insert("digest".into(), Value::String(s.digest.clone()));
                o.insert("signatory_name".into(), Value::String(s.name.clone()));
                o.insert("signatory_role".into(), Value::String(s.role.clone()));
                o.insert("signed_at".into(), Value::String(s.signed_at.clone()));
                sign_off_extras(
                    &mut o,
                    &s.accepted_gaps,
                    s.certificate_fingerprint.as_deref(),
                );
                Value::Object(o)
            });
            json!({"minutes": review_body(doc, r), "sign_off": sign_off})
        })
        .collect();
    let recommendations: Vec<Value> = doc
        .labelled_recommendations()
        .iter()
        .map(|n| json!({"label": n.label, "id": n.recommendation.id, "review": n.recommendation.review, "text": n.recommendation.text}))
        .collect();
    let themes: Vec<Value> = doc
        .template
        .themes
        .iter()
        .map(|t| {
            json!({"id": t.id, "title": t.title, "questions": t.questions.iter().map(|q| json!({"id": q.id, "text": q.text, "points": q.points, "follow_up": q.follow_up})).collect::<Vec<_>>()})
        })
        .collect();
    let mut audit = Map::new();
    for (k, v) in [
        ("id", &a.id),
        ("partnership", &a.partnership),
        ("year", &a.year),
        ("report_date", &a.report_date),
        ("background", &a.background),
        ("methodology", &a.methodology),
        ("conclusion", &a.conclusion),
    ] {
        audit.insert(k.into(), Value::String(v.clone()));
    }
    let mut report = json!({
        "format": REPORT_FORMAT,
        "format_version": CANONICAL_VERSION,
        "audit": audit,
        "panel": doc.panel.iter().map(|m| json!({"id": m.id, "name": m.name, "role": m.role, "organisation": m.organisation, "chair": m.chair})).collect::<Vec<_>>(),
        "reviews": reviews,
        "recommendations": recommendations,
        "template": {"name": doc.template.name, "version": doc.template.version, "themes": themes},
    });
    if let Value::Object(o) = &mut report {
        sign_off_extras(o, accepted_gaps, None);
        // Only present when the audit follows last year's recommendations,
        // so reports signed before issue 18 still reproduce their text.
        if let Some(c) = doc.previous.as_ref().filter(|c| !c.actions.is_empty()) {
            o.insert(
                "previous_recommendations".into(),
                previous_recommendations(c),
            );
        }
    }
    canonical_json(&report)
}

/// Last year's recommendations as the report's progress table prints them:
/// a signed report freezes each one's status and latest note.
fn previous_recommendations(c: &crate::next_year::Carried) -> Value {
    let actions: Vec<Value> = c
        .actions
        .iter()
        .map(|a| {
            let latest = a.latest_note().map(|n| json!({"date": n.date, "text": n.text}));
            json!({"label": a.label, "text": a.text, "owner": a.owner, "status": a.status.as_str(), "due": a.due, "latest_note": latest})
        })
        .collect();
    json!({"audit": c.from.id, "year": c.from.year, "actions": actions})
}

/// Names the canonical form of a sign-off record, the text its signatory's
/// key signs (signing.md, "The record").
pub const RECORD_FORMAT: &str = "section11-panel/sign-off-record";

/// A sign-off record's fields as signed.
#[derive(Debug, Clone)]
pub struct RecordText<'a> {
    pub scope: &'a str,
    pub review: &'a str,
    pub version: i64,
    pub name: &'a str,
    pub role: &'a str,
    pub signed_at: &'a str,
    pub statement: &'a str,
    pub digest: &'a str,
    pub accepted_gaps: &'a [AcceptedGap],
}

/// The canonical text of a sign-off record: every field the record shows,
/// so a change to any of them (the digest of what was signed included)
/// breaks the record's signature.
pub fn record_canonical(r: &RecordText<'_>) -> String {
    let mut o = Map::new();
    for (k, v) in [
        ("format", RECORD_FORMAT),
        ("scope", r.scope),
        ("review", r.review),
        ("signatory_name", r.name),
        ("signatory_role", r.role),
        ("signed_at", r.signed_at),
        ("statement", r.statement),
        ("digest", r.digest),
    ] {
        o.insert(k.into(), Value::String(v.into()));
    }
    o.insert("format_version".into(), json!(CANONICAL_VERSION));
    o.insert("version".into(), json!(r.version));
    o.insert(
        "accepted_gaps".into(),
        r.accepted_gaps
            .iter()
            .map(|g| json!({"kind": g.kind.as_str(), "count": g.count, "printed": g.printed, "reason": g.reason}))
            .collect(),
    );
    canonical_json(&Value::Object(o))
}

/// The statement the sign-off form starts with.
pub fn default_statement(doc: &AuditDoc, subject: Subject<'_>) -> String {
    match subject {
        Subject::Review(id) => match doc.review(id) {
            Some(r) => match r.date.as_deref() {
                Some(d) => format!(
                    "These minutes are an accurate record of the peer review of {} held on {}.",
                    r.organisation,
                    british(d)
                ),
                None => format!(
                    "These minutes are an accurate record of the peer review of {}.",
                    r.organisation
                ),
            },
            None => "These minutes are an accurate record of the peer review.".into(),
        },
        Subject::Report => format!(
            "This report is an accurate account of the {} Section 11 peer reviews held by {}.",
            doc.audit.year, doc.audit.partnership
        ),
    }
}

/// "10 March 2022 at 14:05 UTC", for messages and the sign-off page. UTC,
/// said so, because the record is UTC and the reader may be anywhere.
pub fn when(rfc3339: &str) -> String {
    match Timestamp::parse_rfc3339(rfc3339) {
        Some(t) => {
            let secs = t.0.rem_euclid(86_400);
            format!(
                "{} at {:02}:{:02} UTC",
                t.date().british(),
                secs / 3600,
                (secs % 3600) / 60
            )
        }
        None => rfc3339.to_string(),
    }
}

/// The day only: "10 March 2022".
pub fn day(rfc3339: &str) -> String {
    Timestamp::parse_rfc3339(rfc3339).map_or_else(|| rfc3339.to_string(), |t| t.date().british())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_and_has_no_whitespace() {
        let v = json!({"b": 1, "a": {"d": [true, null, "x\n\"y\""], "c": "é"}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"é","d":[true,null,"x\n\"y\""]},"b":1}"#
        );
    }

    #[test]
    fn digest_is_sha256_hex() {
        // The SHA-256 of "abc" from FIPS 180-2's examples.
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            short_digest("ba7816bf8f01cfea414140de5dae2223"),
            "ba78 16bf 8f01 cfea"
        );
    }
}
