//! The workshop timer's commands, and the tick that keeps its display fresh.
//! Each command records or reads through one core call with the time read
//! here, at the edge; the timer's rules and arithmetic live in
//! `s11core::timebox` and `Store`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use s11core::store::TimerView;
use s11core::timebox::Action;
use tauri::{AppHandle, Emitter, State};

use crate::state::{now, CmdResult, SessionState};

/// The event the display redraws on. It carries nothing: the page asks for
/// the state (`timer_state`), which is replayed from the stored events, so a
/// missed or late tick can never make the display wrong, only a second stale.
pub const TICK: &str = "timer-tick";

/// How many timer bars are on the page. Ticks are sent only while there is
/// one, so the start screen, the overview and set-up screens (most of a
/// chair's year) never wake the page once a second (issue 22).
#[derive(Default)]
pub struct Ticks {
    shown: AtomicUsize,
    wake: Notify,
}

impl Ticks {
    /// A timer bar appeared (`true`) or went (`false`). Never below zero,
    /// whatever order a redrawn page reports them in.
    pub fn shown(&self, shown: bool) {
        if shown {
            self.shown.fetch_add(1, Ordering::SeqCst);
            self.wake.notify_one();
        } else {
            let _ = self
                .shown
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        }
    }

    fn any(&self) -> bool {
        self.shown.load(Ordering::SeqCst) > 0
    }
}

/// Sends a tick every second while a timer bar is on the page, and sleeps
/// otherwise. The timer does not depend on it: it only prompts the page to
/// ask again.
pub fn spawn_ticks(app: AppHandle, ticks: Arc<Ticks>) {
    tauri::async_runtime::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        // After sleep, one tick, not a burst of the missed ones.
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            if !ticks.any() {
                ticks.wake.notified().await;
                continue;
            }
            every.tick().await;
            if ticks.any() {
                // Fails only while the window is closing: nothing to do.
                let _ = app.emit(TICK, ());
            }
        }
    });
}

/// The page reports a timer bar shown or gone.
#[tauri::command]
pub fn timer_ticks(shown: bool, ticks: State<'_, Arc<Ticks>>) {
    ticks.shown(shown);
}

async fn act(session: &SessionState, review: String, action: Action) -> CmdResult<TimerView> {
    session
        .with_store(move |s| Ok(s.timer_action(&review, action, now())?))
        .await
}

#[tauri::command]
pub async fn timer_state(review: String, session: State<'_, SessionState>) -> CmdResult<TimerView> {
    session
        .with_store(move |s| Ok(s.timer(&review, now())?))
        .await
}

#[tauri::command]
pub async fn timer_start(review: String, session: State<'_, SessionState>) -> CmdResult<TimerView> {
    act(&session, review, Action::Start).await
}

#[tauri::command]
pub async fn timer_pause(review: String, session: State<'_, SessionState>) -> CmdResult<TimerView> {
    act(&session, review, Action::Pause).await
}

#[tauri::command]
pub async fn timer_resume(
    review: String,
    session: State<'_, SessionState>,
) -> CmdResult<TimerView> {
    act(&session, review, Action::Resume).await
}

#[tauri::command]
pub async fn timer_next(review: String, session: State<'_, SessionState>) -> CmdResult<TimerView> {
    act(&session, review, Action::Next).await
}

#[tauri::command]
pub async fn timer_previous(
    review: String,
    session: State<'_, SessionState>,
) -> CmdResult<TimerView> {
    act(&session, review, Action::Previous).await
}

#[tauri::command]
pub async fn timer_add_minute(
    review: String,
    session: State<'_, SessionState>,
) -> CmdResult<TimerView> {
    act(&session, review, Action::AddMinute).await
}

#[tauri::command]
pub async fn timer_finish(
    review: String,
    session: State<'_, SessionState>,
) -> CmdResult<TimerView> {
    act(&session, review, Action::Finish).await
}

#[tauri::command]
pub async fn set_segment_minutes(
    review: String,
    index: usize,
    minutes: u32,
    session: State<'_, SessionState>,
) -> CmdResult<TimerView> {
    session
        .with_store(move |s| Ok(s.set_segment_minutes(&review, index, minutes, now())?))
        .await
}

#[tauri::command]
pub async fn set_session_length(
    review: String,
    minutes: u32,
    session: State<'_, SessionState>,
) -> CmdResult<TimerView> {
    session
        .with_store(move |s| Ok(s.set_session_length(&review, minutes, now())?))
        .await
}

#[tauri::command]
pub async fn set_timer_in_report(
    review: String,
    include: bool,
    session: State<'_, SessionState>,
) -> CmdResult<TimerView> {
    session
        .with_store(move |s| Ok(s.set_timer_in_report(&review, include, now())?))
        .await
}

/// The minutes moved to `theme`: the timer follows when it is running or
/// paused and not already there (`null` otherwise).
#[tauri::command]
pub async fn timer_go_to_theme(
    review: String,
    theme: String,
    session: State<'_, SessionState>,
) -> CmdResult<Option<TimerView>> {
    session
        .with_store(move |s| Ok(s.timer_go_to_theme(&review, &theme, now())?))
        .await
}

#[cfg(test)]
mod tests {
    use super::Ticks;

    #[test]
    fn ticks_run_only_while_a_bar_is_shown_and_never_count_below_zero() {
        let t = Ticks::default();
        assert!(!t.any(), "no bar at start: no ticks");
        t.shown(true);
        t.shown(true);
        t.shown(false);
        assert!(t.any(), "one bar still shown");
        t.shown(false);
        t.shown(false);
        assert!(!t.any());
        t.shown(true);
        assert!(
            t.any(),
            "an extra 'gone' did not leave the count below zero"
        );
    }
}
