//! The regional report (issue 17): a regional lead collates several
//! partnerships' signed local reports into one report for the region.
//!
//! A collation is a document of its own kind, a `.s11region` file
//! ([`store::RegionStore`]) with its own SQLite application id, so that it
//! is never taken for a partnership's audit, nor an audit for it. It holds
//! the region's own texts, each local report collated (with where it came
//! from, who signed it and the certificate's fingerprint, and the signed
//! content itself), the lead's manual theme matches, the regional summary
//! of each theme and the quoted examples.
//!
//! - `local.rs`: a local report as its canonical signed content;
//! - `input.rs`: reading a signed PDF (verified as `s11 verify` does), an
//!   audit file or its JSON into that form;
//! - `themes.rs`: matching themes and questions across templates;
//! - `store.rs`: the file.

pub mod input;
pub mod local;
pub mod store;
pub mod themes;
pub mod view;

use std::path::PathBuf;

pub use input::{read_input, InputKind, InputOptions, LocalInput};
pub use local::LocalReport;
pub use store::{AddOutcome, Collation, Input, Quote, RegionMeta, RegionStore, ThemeSummary};
pub use themes::{RegionalQuestion, RegionalTheme};
pub use view::RegionView;

/// "S11R": marks a SQLite file as a Section 11 Panel regional collation.
/// Differs from the audit's "S11P" ([`crate::store::APPLICATION_ID`]); kept
/// with it in `files.rs`, which tells the kinds of file apart.
pub use crate::files::REGION_APPLICATION_ID as APPLICATION_ID;

/// The extension a collation's file has.
pub const EXTENSION: &str = "s11region";

/// What can go wrong with a collation or an input to it. Messages are for
/// the regional lead: what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum RegionError {
    #[error("There is no regional collation at {0}. Check the name and folder, or make one with “s11 region new”.")]
    NotFound(PathBuf),
    #[error("A file already exists at {0}. Choose another name, or open that collation instead.")]
    Exists(PathBuf),
    #[error("{} is a partnership’s audit file, not a regional collation. Add it to a collation instead (“s11 region add REGION.s11region {}”).", .0.display(), .0.display())]
    IsAudit(PathBuf),
    #[error("{0} is not a Section 11 Panel regional collation. Open a .s11region file made by this app.")]
    NotARegion(PathBuf),
    #[error("{path} was made by a newer version of Section 11 Panel (collation version {found}; this version reads up to {supported}). Update the app to open it; the file has not been changed.")]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{0} is already open in another Section 11 Panel window or program. Close it there first."
    )]
    AlreadyOpen(PathBuf),
    #[error(
        "{0} cannot be written: {1}. Check that the folder is writable and the disk has space."
    )]
    CannotWrite(PathBuf, String),
    #[error("{0} is damaged and cannot be read ({1}). Open a backup copy if you have one.")]
    Damaged(PathBuf, String),
    /// The input's signatures do not verify (or it is not signed): the
    /// lines say which check failed, as `s11 verify` prints them.
    #[error("{path} was not added: its signatures do not verify.\n  {}\nAsk the partnership for its signed report, or add it deliberately as a draft (--draft), which the regional report then marks as a draft everywhere.", .lines.join("\n  "))]
    NotVerified { path: PathBuf, lines: Vec<String> },
    /// Not signed off, and not added as a draft.
    #[error("{path} was not added: {why}. Add the partnership’s signed report PDF, or add this one deliberately as a draft (--draft), which the regional report then marks as a draft everywhere.")]
    NotSignedOff { path: PathBuf, why: String },
    /// `why` may be another error's whole message, ending in its own full
    /// stop: it is not doubled.
    #[error("{} cannot be collated: {}.", path.display(), why.trim_end_matches('.'))]
    BadInput { path: PathBuf, why: String },
    #[error("{0} is a protected audit and the passphrase given is not right (or none was given). Type it again; passphrases are case-sensitive.")]
    Passphrase(PathBuf),
    /// A change the collation's rules do not allow; the message says why.
    #[error("{0}")]
    Refused(String),
    #[error("The collation could not be read or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, RegionError>;

/// Text as matched across partnerships: lower case, "&" as "and", curly
/// quotes as straight ones, punctuation dropped, runs of space as one.
/// "Voice of the Child" and "voice of the child." match; "Leadership &
/// Governance" and "Leadership and governance" match.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.replace('&', " and ").chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '/' {
            space = true;
        }
        // Other punctuation (quotes, full stops, commas) is dropped.
    }
    out
}

/// The partnership as the regional report names it beside a number:
/// "South Gloucestershire" of "South Gloucestershire Children's Partnership".
pub fn short_partnership(name: &str) -> String {
    let trimmed = name.trim();
    const SUFFIXES: [&str; 6] = [
        " safeguarding children partnership",
        " children's partnership",
        " children’s partnership",
        " safeguarding partnership",
        " children's safeguarding partnership",
        " partnership",
    ];
    let lower = trimmed.to_lowercase();
    for s in SUFFIXES {
        if lower.ends_with(s) && lower.len() > s.len() {
            // Lower-casing can change byte lengths only outside ASCII; the
            // suffixes are ASCII apart from ’, whose length is the same.
            if let Some(head) = trimmed.get(..trimmed.len() - s.len()) {
                return head.trim().to_string();
            }
        }
    }
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_text_ignores_case_punctuation_and_ampersands() {
        assert_eq!(
            normalise("Leadership & Governance"),
            normalise("leadership and governance.")
        );
        assert_eq!(normalise("  Voice of the  Child "), "voice of the child");
        assert_eq!(normalise("Siân’s “view”"), "siâns view");
        assert_ne!(normalise("Training"), normalise("Supervision"));
    }

    #[test]
    fn short_names_drop_the_partnership_suffix() {
        assert_eq!(
            short_partnership("South Gloucestershire Children's Partnership"),
            "South Gloucestershire"
        );
        assert_eq!(
            short_partnership("Ynys Môn Safeguarding Children Partnership"),
            "Ynys Môn"
        );
        assert_eq!(short_partnership("Partnership"), "Partnership");
    }
}
