//! Sign-off commands (issue 6): each calls one core function on the open
//! audit. `review` is the review's id, or null for the whole report.

use s11core::signoff::Subject;
use s11core::store::{SignOffInput, SignOffRecord, SignOffState, TrailEntry};
use tauri::State;

use std::path::PathBuf;

use crate::error::AppError;
use crate::signing_key::{self, SigningKey};
use crate::workshop::with_store;
use crate::{now, CmdResult, Folders, OpenAudit};

fn subject(review: &Option<String>) -> Subject<'_> {
    match review {
        Some(id) => Subject::Review(id),
        None => Subject::Report,
    }
}

#[tauri::command]
pub fn sign_off_state(
    review: Option<String>,
    open: State<'_, OpenAudit>,
) -> CmdResult<SignOffState> {
    with_store(&open, |s| Ok(s.sign_off_state(subject(&review))?))
}

#[tauri::command]
pub fn send_for_accuracy_check(
    review: Option<String>,
    sent_by: String,
    note: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<SignOffState> {
    with_store(&open, |s| {
        Ok(s.send_for_accuracy_check(subject(&review), &sent_by, &note, now())?)
    })
}

/// Signs off with the remembered signing key, opened with `key_passphrase`
/// for this sign-off only. Async, so opening the key, signing and drawing
/// the signed report never freeze the window.
#[tauri::command]
pub async fn sign_off(
    review: Option<String>,
    input: SignOffInput,
    key_passphrase: String,
    open: State<'_, OpenAudit>,
    folders: State<'_, Folders>,
) -> CmdResult<SignOffRecord> {
    let memory = folders.signing_key();
    let key = signing_key::remembered(&memory).ok_or_else(|| {
        AppError::Input("Choose your signing key, or make one, before signing off.".into())
    })?;
    let path = PathBuf::from(&key.path);
    let identity = signing_key::open(&path, &key_passphrase)?;
    let record = with_store(&open, |s| {
        Ok(s.sign_off(subject(&review), &input, &identity, now())?)
    })?;
    // Remembered after the first use, so a chosen key shows its name from
    // then on. The sign-off itself is already saved whatever happens here.
    let _ = signing_key::remember(&memory, &signing_key::describe(&path, &identity));
    Ok(record)
}

/// The signing key this person signs with, if one was chosen or made.
#[tauri::command]
pub fn signing_key(folders: State<'_, Folders>) -> Option<SigningKey> {
    signing_key::remembered(&folders.signing_key())
}

/// The native "open" dialog for an existing key file (.p12 or .pfx, made
/// here or issued by the chair's organisation); `None` when cancelled.
#[tauri::command]
pub async fn choose_signing_key(folders: State<'_, Folders>) -> CmdResult<Option<SigningKey>> {
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
    signing_key::remember(&folders.signing_key(), &key)?;
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
    folders: State<'_, Folders>,
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
    signing_key::remember(&folders.signing_key(), &key)?;
    Ok(Some(key))
}

#[tauri::command]
pub fn reopen(
    review: Option<String>,
    name: String,
    role: String,
    reason: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<SignOffState> {
    with_store(&open, |s| {
        Ok(s.reopen(subject(&review), &name, &role, &reason, now())?)
    })
}

/// Every way the audit no longer matches what was signed (a file changed
/// outside the app), for the audit trail screen; empty when all agree.
#[tauri::command]
pub fn sign_off_problems(open: State<'_, OpenAudit>) -> CmdResult<Vec<String>> {
    with_store(&open, |s| Ok(s.check_signed_content()?))
}

#[tauri::command]
pub fn sign_off_trail(open: State<'_, OpenAudit>) -> CmdResult<Vec<TrailEntry>> {
    with_store(&open, |s| Ok(s.sign_off_trail()?))
}
