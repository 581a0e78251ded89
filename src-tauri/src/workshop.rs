//! Commands for setting up an audit and taking the minutes. Each one reads
//! its arguments, calls one core function on the open audit, and maps the
//! error; the rules live in the core (`s11core::setup`, `Store`).

use s11core::audit::AuditDoc;
use s11core::minutes_view::MinutesView;
use s11core::note::ResponseVersion;
use s11core::recommendation::RecommendationFor;
use s11core::review::{ContactAttempt, ReviewStatus};
use s11core::setup::{AuditDetails, ReviewDetails, SetupError};
use s11core::store::{MinutesHit, SavedResponse};
use s11core::{new_id, Store};
use tauri::State;

use crate::error::AppError;
use crate::{lock, now, CmdResult, OpenAudit};

/// Runs `f` on the open audit.
pub(crate) fn with_store<T>(
    open: &OpenAudit,
    f: impl FnOnce(&mut Store) -> CmdResult<T>,
) -> CmdResult<T> {
    let mut guard = lock(open)?;
    let store = guard.as_mut().ok_or(AppError::NoAuditOpen)?;
    f(store)
}

/// Applies a set-up edit in one transaction.
fn edit<T>(
    open: &OpenAudit,
    f: impl FnOnce(&mut AuditDoc) -> Result<T, SetupError>,
) -> CmdResult<T> {
    with_store(open, |s| Ok(s.update(f)?))
}

#[tauri::command]
pub fn audit_doc(open: State<'_, OpenAudit>) -> CmdResult<AuditDoc> {
    with_store(&open, |s| Ok(s.load()?))
}

#[tauri::command]
pub fn minutes_view(review: String, open: State<'_, OpenAudit>) -> CmdResult<MinutesView> {
    with_store(&open, |s| {
        MinutesView::of(&s.load()?, &review)
            .ok_or_else(|| AppError::Input("That review is no longer in this audit.".into()))
    })
}

#[tauri::command]
pub fn save_response(
    review: String,
    question: String,
    text: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<SavedResponse> {
    with_store(&open, |s| {
        Ok(s.set_response(&review, &question, &text, now())?)
    })
}

#[tauri::command]
pub fn response_history(
    review: String,
    question: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<Vec<ResponseVersion>> {
    with_store(&open, |s| Ok(s.response_history(&review, &question)?))
}

#[tauri::command]
pub fn set_theme_incomplete(
    review: String,
    theme: String,
    reason: Option<String>,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    with_store(&open, |s| {
        Ok(s.set_theme_incomplete(&review, &theme, reason.as_deref())?)
    })
}

#[tauri::command]
pub fn search_minutes(query: String, open: State<'_, OpenAudit>) -> CmdResult<Vec<MinutesHit>> {
    with_store(&open, |s| Ok(s.search_minutes(&query)?))
}

// ----- Recommendations -----

#[tauri::command]
pub fn add_recommendation(
    review: Option<String>,
    theme: Option<String>,
    after_question: Option<String>,
    for_partnership: bool,
    open: State<'_, OpenAudit>,
) -> CmdResult<String> {
    let id = new_id();
    let for_ = if for_partnership {
        RecommendationFor::Partnership
    } else {
        RecommendationFor::Organisation
    };
    let made = id.clone();
    edit(&open, move |d| {
        d.add_recommendation(id, for_, review, theme, after_question, "")
    })?;
    Ok(made)
}

#[tauri::command]
pub fn save_recommendation_text(
    id: String,
    text: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    with_store(&open, |s| Ok(s.set_recommendation_text(&id, &text)?))
}

#[tauri::command]
pub fn set_recommendation_for(
    id: String,
    for_partnership: bool,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    let for_ = if for_partnership {
        RecommendationFor::Partnership
    } else {
        RecommendationFor::Organisation
    };
    edit(&open, |d| d.set_recommendation_for(&id, for_))
}

#[tauri::command]
pub fn remove_recommendation(id: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.remove_recommendation(&id))
}

// ----- The audit and its panel -----

#[tauri::command]
pub fn save_audit_details(details: AuditDetails, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.set_details(details))
}

#[tauri::command]
pub fn add_panel_member(
    name: String,
    role: String,
    organisation: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    edit(&open, |d| {
        d.add_panel_member(new_id(), &name, &role, &organisation)
    })
}

#[tauri::command]
pub fn update_panel_member(
    id: String,
    name: String,
    role: String,
    organisation: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    edit(&open, |d| {
        d.update_panel_member(&id, &name, &role, &organisation)
    })
}

#[tauri::command]
pub fn remove_panel_member(id: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.remove_panel_member(&id))
}

#[tauri::command]
pub fn set_chair(id: Option<String>, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.set_chair(id.as_deref()))
}

// ----- Reviews -----

#[tauri::command]
pub fn add_review(
    organisation: String,
    short_name: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<String> {
    let id = new_id();
    let made = id.clone();
    edit(&open, move |d| d.add_review(id, &organisation, &short_name))?;
    Ok(made)
}

#[tauri::command]
pub fn save_review(
    id: String,
    details: ReviewDetails,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    edit(&open, |d| d.update_review(&id, details))
}

#[tauri::command]
pub fn set_review_status(
    id: String,
    status: ReviewStatus,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    edit(&open, |d| d.set_review_status(&id, status))
}

#[tauri::command]
pub fn add_contact(
    id: String,
    contact: ContactAttempt,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    edit(&open, |d| d.add_contact(&id, contact))
}

#[tauri::command]
pub fn remove_contact(id: String, index: usize, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.remove_contact(&id, index))
}

#[tauri::command]
pub fn remove_review(id: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.remove_review(&id))
}

// ----- The question template -----

#[tauri::command]
pub fn add_theme(title: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.add_theme(new_id(), &title))
}

#[tauri::command]
pub fn rename_theme(id: String, title: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.rename_theme(&id, &title))
}

#[tauri::command]
pub fn move_theme(id: String, by: i32, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.move_theme(&id, by))
}

#[tauri::command]
pub fn remove_theme(id: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.remove_theme(&id))
}

#[tauri::command]
pub fn add_question(theme: String, text: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.add_question(&theme, new_id(), &text))
}

#[tauri::command]
pub fn save_question(
    id: String,
    text: String,
    points: Vec<String>,
    follow_up: String,
    open: State<'_, OpenAudit>,
) -> CmdResult<()> {
    edit(&open, |d| d.update_question(&id, &text, points, &follow_up))
}

#[tauri::command]
pub fn move_question(id: String, by: i32, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.move_question(&id, by))
}

#[tauri::command]
pub fn remove_question(id: String, open: State<'_, OpenAudit>) -> CmdResult<()> {
    edit(&open, |d| d.remove_question(&id))
}

/// A stored ISO date as the forms show it ("12/01/2026"), so what the chair
/// typed comes back in the form of the hint beside it.
#[tauri::command]
pub fn date_as_typed(iso: String) -> String {
    s11core::dates::as_typed(&iso)
}
