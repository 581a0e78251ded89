//! The workshop timer's storage: a review's session plan and its timer
//! events. Each change is a small transaction of its own (the timer is used
//! while minutes autosave), and the state shown is always replayed from the
//! stored events and the `now` the caller passes in, never kept.

use rusqlite::Connection;
use serde::Serialize;

use super::doc::themes_asked;
use super::timebox_rows::{insert_event, read_timebox, write_plan};
use super::{Result, Store, StoreError};
use crate::dates::Timestamp;
use crate::timebox::{Action, Plan, State, Status, Timebox, TimeboxError, MAX_PLAN_MINUTES};

/// Everything the timer bar and the plan panel show, at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimerView {
    pub plan: Plan,
    pub include_in_report: bool,
    /// The planned minutes of all segments together.
    pub total_minutes: i64,
    /// Minutes over the session length (negative: under); `None` when the
    /// plan adds up.
    pub mismatch: Option<i64>,
    /// Whether the plan has been saved with the review (else it is the
    /// default for the review's themes).
    pub stored: bool,
    pub state: State,
    /// The time the state was worked out for.
    pub now: Timestamp,
}

fn refused(e: TimeboxError) -> StoreError {
    StoreError::Timebox(e)
}

fn view(timebox: Timebox, stored: bool, now: Timestamp) -> Result<TimerView> {
    let state = timebox.session().map_err(refused)?.state(now);
    Ok(TimerView {
        total_minutes: timebox.plan.total(),
        mismatch: timebox.plan.mismatch(),
        plan: timebox.plan,
        include_in_report: timebox.include_in_report,
        stored,
        state,
        now,
    })
}

fn check_minutes(what: &str, minutes: u32) -> Result<()> {
    if minutes > MAX_PLAN_MINUTES {
        return Err(StoreError::Refused(format!(
            "{what} cannot be more than {MAX_PLAN_MINUTES} minutes ({} hours). Check the number typed.",
            MAX_PLAN_MINUTES / 60
        )));
    }
    Ok(())
}

impl Store {
    /// The review's timer as stored, or its default (not stored).
    fn timebox_of(conn: &Connection, review_id: i64) -> rusqlite::Result<(Timebox, bool)> {
        let stored = read_timebox(conn, review_id)?;
        let is_stored = stored.is_some();
        // A started plan is kept as it is; one not started follows the
        // review's themes, so reading the themes is only needed then.
        if let Some(t) = &stored {
            if !t.events.is_empty() {
                return Ok((t.clone(), true));
            }
        }
        let themes = themes_asked(conn, review_id)?;
        Ok((Timebox::current(stored.as_ref(), &themes), is_stored))
    }

    /// The timer's plan and state for a review at `now`.
    pub fn timer(&self, review: &str, now: Timestamp) -> Result<TimerView> {
        let review_id = self.review_row(review)?;
        let (timebox, stored) =
            Self::timebox_of(&self.conn, review_id).map_err(|e| self.classify(e))?;
        view(timebox, stored, now)
    }

    /// Records the chair's timer action at `now`, if the timer's rules allow
    /// it, and returns the new state. The plan is stored with the first
    /// event, so the segments the events refer to are fixed from then on.
    pub fn timer_action(
        &mut self,
        review: &str,
        action: Action,
        now: Timestamp,
    ) -> Result<TimerView> {
        let review_id = self.review_row(review)?;
        // A signed-off review's timer record is part of what was signed.
        super::signoff::refuse_if_locked(&self.conn, Some(review_id))?;
        let timebox = self.with_tx(|tx| {
            let (mut timebox, stored) = Self::timebox_of(tx, review_id)?;
            let session = timebox.session().map_err(refused)?;
            let event = session.event_for(action, now).map_err(refused)?;
            if !stored || timebox.events.is_empty() {
                write_plan(tx, review_id, &timebox.plan, timebox.include_in_report)?;
            }
            insert_event(tx, review_id, &event)?;
            timebox.events.push(event);
            Ok(timebox)
        })?;
        view(timebox, true, now)
    }

    /// Moves the running timer to the segment of `theme` (the minutes moved
    /// there). `None` when the plan has no segment for it or the timer is
    /// already there, not started or finished: the minutes move on their
    /// own then, and nothing is recorded.
    pub fn timer_go_to_theme(
        &mut self,
        review: &str,
        theme: &str,
        now: Timestamp,
    ) -> Result<Option<TimerView>> {
        let current = self.timer(review, now)?;
        let Some(segment) = current.plan.segment_of_theme(theme) else {
            return Ok(None);
        };
        let moving = matches!(current.state.status, Status::Running | Status::Paused)
            && current.state.current_segment != segment;
        if !moving {
            return Ok(None);
        }
        self.timer_action(review, Action::GoTo { segment }, now)
            .map(Some)
    }

    /// Changes one segment's planned minutes (`index` from 0).
    pub fn set_segment_minutes(
        &mut self,
        review: &str,
        index: usize,
        minutes: u32,
        now: Timestamp,
    ) -> Result<TimerView> {
        check_minutes("A segment", minutes)?;
        self.edit_plan(review, now, |t| {
            t.plan.set_minutes(index, minutes).map_err(refused)
        })
    }

    /// Changes the session's length in minutes. The segments keep theirs:
    /// the plan then warns that they do not add up, and the chair decides.
    pub fn set_session_length(
        &mut self,
        review: &str,
        minutes: u32,
        now: Timestamp,
    ) -> Result<TimerView> {
        check_minutes("The session", minutes)?;
        if minutes == 0 {
            return Err(StoreError::Refused(
                "The session needs a length of at least one minute.".into(),
            ));
        }
        self.edit_plan(review, now, |t| {
            t.plan.length_minutes = minutes;
            Ok(())
        })
    }

    /// Whether the report shows the planned and actual time of each segment.
    pub fn set_timer_in_report(
        &mut self,
        review: &str,
        include: bool,
        now: Timestamp,
    ) -> Result<TimerView> {
        self.edit_plan(review, now, |t| {
            t.include_in_report = include;
            Ok(())
        })
    }

    /// Edits and stores the plan. Events are never touched here, and no edit
    /// changes the number or order of segments, so a started record still
    /// replays.
    fn edit_plan(
        &mut self,
        review: &str,
        now: Timestamp,
        edit: impl FnOnce(&mut Timebox) -> Result<()>,
    ) -> Result<TimerView> {
        let review_id = self.review_row(review)?;
        super::signoff::refuse_if_locked(&self.conn, Some(review_id))?;
        let timebox = self.with_tx(|tx| {
            let (mut timebox, _) = Self::timebox_of(tx, review_id)?;
            edit(&mut timebox)?;
            write_plan(tx, review_id, &timebox.plan, timebox.include_in_report)?;
            Ok(timebox)
        })?;
        view(timebox, true, now)
    }
}
