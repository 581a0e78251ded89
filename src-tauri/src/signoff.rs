//! Sign-off commands (issue 6): each calls one core function on the open
//! audit. `review` is the review's id, or null for the whole report.

use s11core::canonical::Subject;
use s11core::session::DataFolder;
use s11core::store::{SignOffInput, SignOffRecord, SignOffState, TrailEntry};
use tauri::State;

use std::path::PathBuf;

use crate::error::AppError;
use crate::signing_key::{self, SigningKey};
use crate::state::{now, CmdResult, SessionState};

fn subject(review: &Option<String>) -> Subject<'_> {
    match review {
        Some(id) => Subject::Review(id),
        None => Subject::Report,
    }
}

#[tauri::command]
pub async fn sign_off_state(
    review: Option<String>,
    session: State<'_, SessionState>,
) -> CmdResult<SignOffState> {
    session
        .with_store(move |s| Ok(s.sign_off_state(subject(&review))?))
        .await
}

#[tauri::command]
pub async fn send_for_accuracy_check(
    review: Option<String>,
    sent_by: String,
    note: String,
    session: State<'_, SessionState>,
) -> CmdResult<SignOffState> {
    session
        .with_store(move |s| {
            Ok(s.send_for_accuracy_check(subject(&review), &sent_by, &note, now())?)
        })
        .await
}

/// Signs off with the remembered signing key, opened with `key_passphrase`
/// for this sign-off only. Async, so opening the key, signing and drawing
/// the signed report never freeze the window.
#[tauri::command]
pub async fn sign_off(
    review: Option<String>,
    input: SignOffInput,
    key_passphrase: String,
    session: State<'_, SessionState>,
    folder: State<'_, DataFolder>,
) -> CmdResult<SignOffRecord> {
    let memory = folder.signing_key();
    let key = signing_key::remembered(&memory).ok_or_else(|| {
        AppError::Input("Choose your signing key, or make one, before signing off.".into())
    })?;
    let path = PathBuf::from(&key.path);
    let record = session
        .with_store(move |s| {
            // Opening the key derives from its passphrase: off the window's thread too.
            let identity = signing_key::open(&path, &key_passphrase)?;
            let record = s.sign_off(subject(&review), &input, &identity, now())?;
            Ok((record, signing_key::describe(&path, &identity)))
        })
        .await?;
    let (record, described) = record;
    // Remembered after the first use, so a chosen key shows its name from
    // then on. The sign-off itself is already saved whatever happens here.
    let _ = signing_key::remember(&memory, &described);
    Ok(record)
}

/// The signing key this person signs with, if one was chosen or made.
#[tauri::command]
pub fn signing_key(folder: State<'_, DataFolder>) -> Option<SigningKey> {
    signing_key::remembered(&folder.signing_key())
}

/// The native "open" dialog for an existing key file (.p12 or .pfx, made
/// here or issued by the chair's organisation); `None` when cancelled.
#[tauri::command]
pub async fn choose_signing_key(folder: State<'_, DataFolder>) -> CmdResult<Option<SigningKey>> {
    let Some(file) = rfd::AsyncFileDialog::new()
        .set_title("Choose your signing key")
        .add_filter("Signing key (PKCS#12)", &["p12", "pfx"])
        .pick_file()
        .await
    else {
        return Ok(None);
    };
    let key = SigningKey {
        path: file.path().to_string_lossy().into_owned(),
        exists: true,
        ..SigningKey::default()
    };
    signing_key::remember(&folder.signing_key(), &key)?;
    Ok(Some(key))
}

/// Makes a new signing key (a private key and a self-signed certificate in
/// the name given), saves it where the chair chooses behind `passphrase`,
/// and remembers it; `None` when the save dialog is cancelled.
#[tauri::command]
pub async fn create_signing_key(
    name: String,
    role: String,
    passphrase: String,
    folder: State<'_, DataFolder>,
) -> CmdResult<Option<SigningKey>> {
    // Refused before the dialog, so a short passphrase or a missing name
    // never costs the chair a trip through it.
    s11core::key_file::check_key_passphrase(&passphrase)?;
    if name.trim().is_empty() {
        return Err(AppError::Input(
            "Enter your name as it should appear on your signature.".into(),
        ));
    }
    let suggested = format!("{} signing key", name.trim());
    let Some(file) = rfd::AsyncFileDialog::new()
        .set_title("Save your signing key")
        .add_filter("Signing key (PKCS#12)", &["p12"])
        .set_file_name(s11core::files::suggested_file_name(&suggested, "p12"))
        .save_file()
        .await
    else {
        return Ok(None);
    };
    let path = signing_key::key_path(&file.path().to_string_lossy());
    let identity =
        s11core::key_file::create_identity_file(&path, &name, &role, &passphrase, now())?;
    let key = signing_key::describe(&path, &identity);
    signing_key::remember(&folder.signing_key(), &key)?;
    Ok(Some(key))
}

#[tauri::command]
pub async fn reopen(
    review: Option<String>,
    name: String,
    role: String,
    reason: String,
    session: State<'_, SessionState>,
) -> CmdResult<SignOffState> {
    session
        .with_store(move |s| Ok(s.reopen(subject(&review), &name, &role, &reason, now())?))
        .await
}

/// Every way the audit no longer matches what was signed (a file changed
/// outside the app), for the audit trail screen; empty when all agree.
#[tauri::command]
pub async fn sign_off_problems(session: State<'_, SessionState>) -> CmdResult<Vec<String>> {
    session
        .with_store(move |s| Ok(s.check_signed_content()?))
        .await
}

#[tauri::command]
pub async fn sign_off_trail(session: State<'_, SessionState>) -> CmdResult<Vec<TrailEntry>> {
    session.with_store(move |s| Ok(s.sign_off_trail()?)).await
}
