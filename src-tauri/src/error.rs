//! The one error type the WebView sees: `{ "code": "...", "message": "..." }`.
//! `code` is an [`ErrorCode`], a small fixed set the UI branches on;
//! `message` is written for the chair and shown as it is.

use s11core::files::OutputError;
use s11core::interchange::InterchangeError;
use s11core::notes_file::NotesError;
use s11core::region::RegionError;
use s11core::report::{ExportError, ReportError};
use s11core::session::SessionError;
use s11core::StoreError;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// What kind of failure it was, for the page to act on. Serialised as the
/// snake_case strings the UI compares against (`ui/`), so renaming a
/// variant is a change to the page too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Exists,
    NotAnAudit,
    /// The start screen asks for the passphrase on this code.
    Passphrase,
    /// The start screen offers the latest backup on this code.
    Damaged,
    NewerVersion,
    AlreadyOpen,
    /// The disk or folder refused a write (full, read-only, missing).
    CannotWrite,
    /// What was typed or chosen cannot be used; saving it again will not help.
    Invalid,
    /// The audit's rules do not allow the change; retrying will not help.
    Refused,
    /// The sign-off form lists the gaps on this code.
    NotReady,
    SigningKey,
    KeyPassphrase,
    Storage,
    NoAuditOpen,
    NoBackup,
    /// The report could not be drawn: a fault in the app, not the audit.
    Report,
    /// A regional collation opened as an audit, and the other way round.
    IsRegion,
    IsAudit,
    NotARegion,
    /// A local report whose signatures do not verify (issue 17).
    NotVerified,
    NotSignedOff,
    NoRegionOpen,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Interchange(#[from] InterchangeError),
    #[error(transparent)]
    Notes(#[from] NotesError),
    #[error(transparent)]
    KeyFile(#[from] s11core::key_file::KeyFileError),
    /// An export that was not written: refused (it would replace an audit)
    /// or the disk would not take it.
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("The report could not be made: {0}.")]
    Report(#[from] ReportError),
    /// A regional collation's error (issue 17).
    #[error(transparent)]
    Region(#[from] RegionError),
    #[error("No regional collation is open. Open or create one first.")]
    NoRegionOpen,
    #[error("{0}")]
    Input(String),
    #[error(
        "Something went wrong inside the app: {0}. Your saved work is safe; please try again."
    )]
    Internal(String),
}

impl From<ExportError> for AppError {
    fn from(e: ExportError) -> AppError {
        match e {
            ExportError::Store(e) => AppError::Store(e),
            ExportError::Report(e) => AppError::Report(e),
        }
    }
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Notes(NotesError::Store(e)) => store_code(e),
            AppError::Notes(_) => ErrorCode::Invalid,
            AppError::Store(e) => store_code(e),
            AppError::Session(e) => session_code(e),
            AppError::Interchange(_) | AppError::Input(_) => ErrorCode::Invalid,
            AppError::Output(e) => output_code(e),
            AppError::Report(_) => ErrorCode::Report,
            AppError::Region(e) => region_code(e),
            AppError::NoRegionOpen => ErrorCode::NoRegionOpen,
            AppError::KeyFile(e) if e.is_wrong_passphrase() => ErrorCode::KeyPassphrase,
            AppError::KeyFile(_) => ErrorCode::SigningKey,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }
}

fn region_code(e: &RegionError) -> ErrorCode {
    match e {
        RegionError::NotFound(_) => ErrorCode::NotFound,
        RegionError::Exists(_) => ErrorCode::Exists,
        RegionError::IsAudit(_) => ErrorCode::IsAudit,
        RegionError::NotARegion(_) => ErrorCode::NotARegion,
        RegionError::NewerVersion { .. } => ErrorCode::NewerVersion,
        RegionError::AlreadyOpen(_) => ErrorCode::AlreadyOpen,
        RegionError::CannotWrite(..) => ErrorCode::CannotWrite,
        RegionError::Damaged(..) => ErrorCode::Damaged,
        RegionError::NotVerified { .. } => ErrorCode::NotVerified,
        RegionError::NotSignedOff { .. } => ErrorCode::NotSignedOff,
        RegionError::BadInput { .. } => ErrorCode::Invalid,
        RegionError::Passphrase(_) => ErrorCode::Passphrase,
        RegionError::Refused(_) => ErrorCode::Refused,
        RegionError::Sqlite(_) => ErrorCode::Storage,
    }
}

fn output_code(e: &OutputError) -> ErrorCode {
    match e {
        // Another program (a PDF reader on Windows) holds the file: closing
        // it there and trying again will work.
        OutputError::Io(..) | OutputError::OpenElsewhere(_) => ErrorCode::CannotWrite,
        OutputError::WouldReplaceAudit(_)
        | OutputError::SameAsInput(_)
        | OutputError::DanglingLink(_)
        | OutputError::NotOrdinary(_) => ErrorCode::Invalid,
    }
}

fn session_code(e: &SessionError) -> ErrorCode {
    match e {
        SessionError::NoAuditOpen => ErrorCode::NoAuditOpen,
        SessionError::Invalid(_) | SessionError::Interchange(_) => ErrorCode::Invalid,
        SessionError::NoBackup => ErrorCode::NoBackup,
        SessionError::Folder(..) => ErrorCode::CannotWrite,
        SessionError::Store(e) | SessionError::Notes(NotesError::Store(e)) => store_code(e),
        SessionError::Notes(_) => ErrorCode::Invalid,
        SessionError::Output(e) => output_code(e),
    }
}

fn store_code(e: &StoreError) -> ErrorCode {
    match e {
        StoreError::NotFound(_) => ErrorCode::NotFound,
        StoreError::Exists(_) => ErrorCode::Exists,
        StoreError::NotAnAudit(_) => ErrorCode::NotAnAudit,
        StoreError::Passphrase(_) => ErrorCode::Passphrase,
        StoreError::Damaged(..) => ErrorCode::Damaged,
        StoreError::NewerVersion { .. } => ErrorCode::NewerVersion,
        StoreError::AlreadyOpen(_) => ErrorCode::AlreadyOpen,
        StoreError::CannotWrite(..) => ErrorCode::CannotWrite,
        StoreError::Invalid(_) => ErrorCode::Invalid,
        // Rule refusals: retrying the same change will not help (autosave
        // stops retrying on this code); each message says what to do.
        StoreError::Refused(_)
        | StoreError::Setup(_)
        | StoreError::Timebox(_)
        | StoreError::NextYear(_)
        | StoreError::Gone(_)
        | StoreError::TooLong { .. }
        | StoreError::Locked(_)
        | StoreError::WeakPassphrase(_) => ErrorCode::Refused,
        StoreError::NotReady(_) => ErrorCode::NotReady,
        StoreError::Identity(_) => ErrorCode::SigningKey,
        StoreError::IsRegion(_) => ErrorCode::IsRegion,
        StoreError::Sqlite(_) => ErrorCode::Storage,
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("AppError", 2)?;
        st.serialize_field("code", &self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_receives_code_and_message() {
        let json =
            serde_json::to_value(AppError::from(SessionError::NoAuditOpen)).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"code": "no_audit_open", "message": "No audit is open. Open or create one first."}),
            "the UI branches on exactly this shape"
        );
        let e = AppError::from(StoreError::AlreadyOpen("/tmp/a.s11".into()));
        let json = serde_json::to_value(e).unwrap_or_default();
        assert_eq!(json["code"], "already_open");
    }

    #[test]
    fn a_disk_that_refuses_an_export_is_not_called_bad_input() {
        let full = AppError::from(OutputError::Io(
            "/media/usb/report.pdf".into(),
            "No space left on device".into(),
        ));
        assert_eq!(full.code(), ErrorCode::CannotWrite);
        let over_audit = AppError::from(OutputError::WouldReplaceAudit("/audits/a.s11".into()));
        assert_eq!(over_audit.code(), ErrorCode::Invalid);
        let nested = AppError::from(SessionError::Store(StoreError::Passphrase("/a.s11".into())));
        assert_eq!(
            serde_json::to_value(nested).unwrap_or_default()["code"],
            "passphrase"
        );
    }
}
