//! What the panel writes per review and question: each minute-taker's notes,
//! and the collated response that goes into the report.

use serde::{Deserialize, Serialize};

/// A minute-taker's note. Its id is stable across exports, so that merging
/// the same notes twice changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    pub question: String,
    pub author: String,
    pub text: String,
    /// RFC 3339 UTC, e.g. `2022-02-10T14:05:00Z`.
    pub created: String,
    pub updated: String,
    /// The earlier text of a note that changed after the chair had used it in
    /// the response (see `notes::merge`). Present means "flagged": the chair
    /// sees both and clears the flag once the response is right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded: Option<NoteVersion>,
}

/// One version of a note's text and when the minute-taker saved it (RFC 3339 UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteVersion {
    pub text: String,
    pub updated: String,
}

/// The collated response to one question in one review: the text the report
/// prints in its Responses column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub question: String,
    pub text: String,
    /// Earlier versions, oldest first, kept while the response was written so
    /// the chair can go back to one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ResponseVersion>,
}

/// One earlier text of a response and when it was saved (RFC 3339 UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseVersion {
    pub text: String,
    pub saved: String,
}

/// A version is kept at least this often while a response keeps changing.
pub const HISTORY_INTERVAL_SECONDS: i64 = 120;
