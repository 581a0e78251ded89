//! Sign-off commands (issue 6): each calls one core function on the open
//! audit. `review` is the review's id, or null for the whole report.

use s11core::signoff::Subject;
use s11core::store::{SignOffInput, SignOffRecord, SignOffState, TrailEntry};
use tauri::State;

use crate::workshop::with_store;
use crate::{now, CmdResult, OpenAudit};

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

#[tauri::command]
pub fn sign_off(
    review: Option<String>,
    input: SignOffInput,
    open: State<'_, OpenAudit>,
) -> CmdResult<SignOffRecord> {
    with_store(&open, |s| {
        Ok(s.sign_off(subject(&review), &input, now())?)
    })
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

#[tauri::command]
pub fn sign_off_trail(open: State<'_, OpenAudit>) -> CmdResult<Vec<TrailEntry>> {
    with_store(&open, |s| Ok(s.sign_off_trail()?))
}
