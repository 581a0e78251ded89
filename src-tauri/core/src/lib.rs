//! s11-core: the Section 11 audit document and everything done with it,
//! with no GUI dependency. The desktop app, the `s11` command-line tool and
//! the tests all open audits through [`store::Store`].

pub mod audit;
pub mod backups;
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
pub mod notes;
pub mod overview;
pub mod panel;
pub mod readiness;
pub mod recommendation;
pub mod region;
pub mod report;
pub mod review;
pub mod setup;
pub mod signoff;
pub mod store;
pub mod template;
pub mod timebox;
pub mod transit;

pub use audit::AuditDoc;
pub use store::{Store, StoreError};

/// A fresh random id for a new panel member, review, note or recommendation.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
