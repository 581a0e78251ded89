//! Commands for setting up an audit and taking the minutes. Each one reads
//! its arguments, calls one core function on the open audit, and maps the
//! error; the rules live in the core (`s11core::setup`, `Store`).

use s11core::audit::AuditDoc;
use s11core::minutes_view::MinutesView;
use s11core::new_id;
use s11core::note::ResponseVersion;
use s11core::recommendation::RecommendationFor;
use s11core::review::{ContactAttempt, ReviewStatus};
use s11core::setup::{AuditDetails, ReviewDetails, SetupError};
use s11core::store::{MinutesHit, SavedResponse};
use tauri::State;

use crate::error::AppError;
use crate::state::{now, CmdResult, SessionState};

/// Applies a set-up edit in one transaction.
async fn edit<T: Send + 'static>(
    session: &SessionState,
    f: impl FnOnce(&mut AuditDoc) -> Result<T, SetupError> + Send + 'static,
) -> CmdResult<T> {
    session.with_store(move |s| Ok(s.update(f)?)).await
}

#[tauri::command]
pub async fn audit_doc(session: State<'_, SessionState>) -> CmdResult<AuditDoc> {
    session.with_store(move |s| Ok(s.load()?)).await
}

#[tauri::command]
pub async fn minutes_view(
    review: String,
    session: State<'_, SessionState>,
) -> CmdResult<MinutesView> {
    session
        .with_store(move |s| {
            MinutesView::of(&s.load()?, &review)
                .ok_or_else(|| AppError::Input("That review is no longer in this audit.".into()))
        })
        .await
}

#[tauri::command]
pub async fn save_response(
    review: String,
    question: String,
    text: String,
    session: State<'_, SessionState>,
) -> CmdResult<SavedResponse> {
    session
        .with_store(move |s| Ok(s.set_response(&review, &question, &text, now())?))
        .await
}

#[tauri::command]
pub async fn response_history(
    review: String,
    question: String,
    session: State<'_, SessionState>,
) -> CmdResult<Vec<ResponseVersion>> {
    session
        .with_store(move |s| Ok(s.response_history(&review, &question)?))
        .await
}

#[tauri::command]
pub async fn set_theme_incomplete(
    review: String,
    theme: String,
    reason: Option<String>,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    session
        .with_store(move |s| Ok(s.set_theme_incomplete(&review, &theme, reason.as_deref())?))
        .await
}

#[tauri::command]
pub async fn search_minutes(
    query: String,
    session: State<'_, SessionState>,
) -> CmdResult<Vec<MinutesHit>> {
    session
        .with_store(move |s| Ok(s.search_minutes(&query)?))
        .await
}

// ----- Recommendations -----

#[tauri::command]
pub async fn add_recommendation(
    review: Option<String>,
    theme: Option<String>,
    after_question: Option<String>,
    for_partnership: bool,
    session: State<'_, SessionState>,
) -> CmdResult<String> {
    let id = new_id();
    let for_ = if for_partnership {
        RecommendationFor::Partnership
    } else {
        RecommendationFor::Organisation
    };
    let made = id.clone();
    edit(&session, move |d| {
        d.add_recommendation(id, for_, review, theme, after_question, "")
    })
    .await?;
    Ok(made)
}

#[tauri::command]
pub async fn save_recommendation_text(
    id: String,
    text: String,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    session
        .with_store(move |s| Ok(s.set_recommendation_text(&id, &text)?))
        .await
}

#[tauri::command]
pub async fn set_recommendation_for(
    id: String,
    for_partnership: bool,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    let for_ = if for_partnership {
        RecommendationFor::Partnership
    } else {
        RecommendationFor::Organisation
    };
    edit(&session, move |d| d.set_recommendation_for(&id, for_)).await
}

#[tauri::command]
pub async fn remove_recommendation(id: String, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.remove_recommendation(&id)).await
}

// ----- The audit and its panel -----

#[tauri::command]
pub async fn save_audit_details(
    details: AuditDetails,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| d.set_details(details)).await
}

#[tauri::command]
pub async fn add_panel_member(
    name: String,
    role: String,
    organisation: String,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| {
        d.add_panel_member(new_id(), &name, &role, &organisation)
    })
    .await
}

#[tauri::command]
pub async fn update_panel_member(
    id: String,
    name: String,
    role: String,
    organisation: String,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| {
        d.update_panel_member(&id, &name, &role, &organisation)
    })
    .await
}

#[tauri::command]
pub async fn remove_panel_member(id: String, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.remove_panel_member(&id)).await
}

#[tauri::command]
pub async fn set_chair(id: Option<String>, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.set_chair(id.as_deref())).await
}

// ----- Reviews -----

#[tauri::command]
pub async fn add_review(
    organisation: String,
    short_name: String,
    session: State<'_, SessionState>,
) -> CmdResult<String> {
    let id = new_id();
    let made = id.clone();
    edit(&session, move |d| {
        d.add_review(id, &organisation, &short_name)
    })
    .await?;
    Ok(made)
}

#[tauri::command]
pub async fn save_review(
    id: String,
    details: ReviewDetails,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| d.update_review(&id, details)).await
}

#[tauri::command]
pub async fn set_review_status(
    id: String,
    status: ReviewStatus,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| d.set_review_status(&id, status)).await
}

#[tauri::command]
pub async fn add_contact(
    id: String,
    contact: ContactAttempt,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| d.add_contact(&id, contact)).await
}

#[tauri::command]
pub async fn remove_contact(
    id: String,
    index: usize,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| d.remove_contact(&id, index)).await
}

// ----- The question template -----

#[tauri::command]
pub async fn add_theme(title: String, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.add_theme(new_id(), &title)).await
}

#[tauri::command]
pub async fn rename_theme(
    id: String,
    title: String,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| d.rename_theme(&id, &title)).await
}

#[tauri::command]
pub async fn move_theme(id: String, by: i32, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.move_theme(&id, by)).await
}

#[tauri::command]
pub async fn remove_theme(id: String, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.remove_theme(&id)).await
}

#[tauri::command]
pub async fn add_question(
    theme: String,
    text: String,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| d.add_question(&theme, new_id(), &text)).await
}

#[tauri::command]
pub async fn save_question(
    id: String,
    text: String,
    points: Vec<String>,
    follow_up: String,
    session: State<'_, SessionState>,
) -> CmdResult<()> {
    edit(&session, move |d| {
        d.update_question(&id, &text, points, &follow_up)
    })
    .await
}

#[tauri::command]
pub async fn move_question(id: String, by: i32, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.move_question(&id, by)).await
}

#[tauri::command]
pub async fn remove_question(id: String, session: State<'_, SessionState>) -> CmdResult<()> {
    edit(&session, move |d| d.remove_question(&id)).await
}

/// A stored ISO date as the forms show it ("12/01/2026"), so what the chair
/// typed comes back in the form of the hint beside it.
#[tauri::command]
pub fn date_as_typed(iso: String) -> String {
    s11core::dates::as_typed(&iso)
}
