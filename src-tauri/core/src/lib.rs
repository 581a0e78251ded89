//! s11-core: the Section 11 audit document and everything done with it,
//! with no GUI dependency. The desktop app, the `s11` command-line tool and
//! the tests all open audits through [`store::Store`], usually by way of a
//! [`session::Session`].
//!
//! The modules, by what they are about (arrows point one way only: nothing
//! below imports a module that imports it back):
//! - the document: [`audit`] (the whole audit, its JSON form), [`panel`],
//!   [`template`] (themes and questions), [`review`], [`note`] (responses
//!   and minute-takers' notes), [`recommendation`] and [`numbering`],
//!   [`action`] (last year's recommendations followed), [`timebox`];
//! - rules on it: [`setup`] (set-up edits), [`readiness`] (what is missing
//!   before sign-off), [`canonical`] (the signed text of minutes and reports, digests),
//!   [`next_year`], [`text`] and [`dates`] (how typed text and dates are read);
//! - storage: [`store`] (the `.s11` file), [`session`] (the open audit,
//!   backups, the recent list), [`backups`], [`files`] (writing exports
//!   safely; what kind a file is), [`interchange`] and [`versioned`] (JSON);
//! - minute-takers: [`notes_file`] (notes files), [`transit`] (encryption);
//! - signing: [`identity`], [`key_file`];
//! - output: [`report`] (PDF and Word, signed PDFs, verification),
//!   [`overview`] and [`minutes_view`] (what the screens show), [`example`].
//!
//! The names most callers need are re-exported here.

pub mod action;
pub mod audit;
pub mod backups;
pub mod canonical;
pub mod dates;
pub mod example;
pub mod files;
#[cfg(test)]
mod hostile_input;
pub mod identity;
pub mod interchange;
pub mod key_file;
pub mod minutes_view;
pub mod next_year;
pub mod note;
pub mod notes_file;
pub mod numbering;
pub mod overview;
pub mod panel;
pub mod phases;
pub mod readiness;
pub mod recommendation;
pub mod region;
pub mod report;
pub mod review;
pub mod session;
pub mod setup;
pub mod store;
pub mod template;
pub mod text;
pub mod timebox;
pub mod transit;
pub mod versioned;

pub use audit::AuditDoc;
pub use dates::Timestamp;
pub use session::{DataFolder, Session, SessionError};
pub use setup::SetupError;
pub use store::{Store, StoreError};

/// A fresh random id for a new panel member, review, note or recommendation.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
