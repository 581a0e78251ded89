//! The one error type the WebView sees: `{ "code": "...", "message": "..." }`.
//! `code` is a small fixed set the UI branches on; `message` is written for
//! the chair and shown as it is.

use s11core::interchange::InterchangeError;
use s11core::notes::NotesError;
use s11core::StoreError;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Interchange(#[from] InterchangeError),
    #[error(transparent)]
    Notes(#[from] NotesError),
    #[error(transparent)]
    KeyFile(#[from] s11core::key_file::KeyFileError),
    #[error("No audit is open. Open or create one first.")]
    NoAuditOpen,
    /// A regional collation's error (issue 17); converted in `region.rs`.
    #[error(transparent)]
    Region(s11core::region::RegionError),
    #[error("No regional collation is open. Open or create one first.")]
    NoRegionOpen,
    #[error("{0}")]
    Input(String),
    #[error(
        "Something went wrong inside the app: {0}. Your saved work is safe; please try again."
    )]
    Internal(String),
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Notes(NotesError::Store(e)) => AppError::store_code(e),
            AppError::Notes(_) => "invalid",
            AppError::Store(e) => AppError::store_code(e),
            AppError::Interchange(_) | AppError::Input(_) => "invalid",
            AppError::NoAuditOpen => "no_audit_open",
            AppError::Region(e) => crate::region::region_code(e),
            AppError::NoRegionOpen => "no_region_open",
            AppError::KeyFile(e) if e.is_wrong_passphrase() => "key_passphrase",
            AppError::KeyFile(_) => "signing_key",
            AppError::Internal(_) => "internal",
        }
    }

    fn store_code(e: &StoreError) -> &'static str {
        match e {
            StoreError::NotFound(_) => "not_found",
            StoreError::Exists(_) => "exists",
            StoreError::NotAnAudit(_) => "not_an_audit",
            StoreError::IsRegion(_) => "is_region",
            // The start screen asks for the passphrase on this code.
            StoreError::Passphrase(_) => "passphrase",
            StoreError::Damaged(..) => "damaged",
            StoreError::NewerVersion { .. } => "newer_version",
            StoreError::AlreadyOpen(_) => "already_open",
            StoreError::CannotWrite(..) => "cannot_write",
            StoreError::Invalid(_) => "invalid",
            StoreError::Refused(_) => "refused",
            // The sign-off form lists the gaps on this code.
            StoreError::NotReady(_) => "not_ready",
            StoreError::Identity(_) => "signing_key",
            StoreError::Sqlite(_) => "storage",
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("AppError", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_receives_code_and_message() {
        let json = serde_json::to_value(AppError::NoAuditOpen).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"code": "no_audit_open", "message": "No audit is open. Open or create one first."}),
            "the UI branches on exactly this shape"
        );
        let e = AppError::from(StoreError::AlreadyOpen("/tmp/a.s11".into()));
        let json = serde_json::to_value(e).unwrap_or_default();
        assert_eq!(json["code"], "already_open");
    }
}
