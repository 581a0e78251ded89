//! The workshop timer: a session plan, and the state of the running session
//! derived from a log of timestamped events.
//!
//! A [`Plan`] divides a session (90 minutes by default) into an opening, one
//! segment per theme and a closing. A [`Session`] is the plan plus the events
//! the chair has recorded (started, paused, resumed, moved, extended,
//! finished); [`Session::state`] works out everything the display needs from
//! those events and the time `now` the caller passes in. Nothing here reads
//! the clock, counts ticks or keeps time of its own, so reopening the app after
//! a crash and replaying the stored events gives the right time left at once.
//!
//! # Meeting time and wall-clock time
//!
//! *Meeting time* is the time the timer has been running: from Started to
//! Finished (or now), less paused stretches. Segment and session time left,
//! the warnings, the per-segment record and "ahead/behind the plan" are all in
//! meeting time. The *predicted end* is a wall-clock moment: now plus the
//! meeting time still planned, so it moves later while the timer is paused.
//!
//! # Which clock, and what happens when it changes
//!
//! Every event carries the wall-clock UTC time at which the chair acted, as
//! whole seconds ([`Timestamp`]). How each kind of clock trouble is handled:
//!
//! - **Laptop asleep, app closed or crashed.** No event is written while the
//!   machine sleeps, and none is needed: the next `now` is later by the time
//!   slept, so that time counts as meeting time, which it was (the meeting
//!   went on). The same holds when the app is closed or crashes mid-workshop:
//!   the timer is not paused by it.
//! - **Daylight saving.** Irrelevant: events and `now` are UTC, which has no
//!   daylight saving. Only the display converts a timestamp to local time of
//!   day, so a session that spans the change still lasts its real length.
//! - **Clock moved back** (a manual change, or a network time correction that
//!   steps the clock back). An event whose time is earlier than the event
//!   before it is counted as happening at that earlier event's time, and a
//!   `now` earlier than the last event is counted as the last event's time. So
//!   no duration is ever negative and the record never runs backwards; the
//!   cost is that up to the size of the step is not counted as meeting time.
//!   Stored events keep the time the clock gave: the clamping happens on
//!   replay, so it is the same every time the log is read.
//! - **Clock moved forward** (manual change or network correction). This
//!   cannot be told apart from real time passing, so the jump counts as
//!   meeting time; the chair can see the error and correct for it by adding
//!   time to the segment. (A monotonic clock would avoid this but does not
//!   survive a restart or, on some systems, sleep, which matter more here.)

use serde::{Deserialize, Serialize};

use crate::dates::Timestamp;
use crate::template::{Template, Theme};

/// Default length of a workshop, in minutes.
pub const DEFAULT_LENGTH_MINUTES: u32 = 90;
/// Default length of the welcome and introductions, in minutes.
pub const DEFAULT_OPENING_MINUTES: u32 = 5;
/// Default length of the closing segment for the organisation's own questions.
pub const DEFAULT_CLOSING_MINUTES: u32 = 10;
/// The longest session or segment the plan accepts: a working day. Longer is
/// a typing slip, and the limit keeps every sum well inside `i64` seconds.
pub const MAX_PLAN_MINUTES: u32 = 12 * 60;
/// What "add a minute" adds to the current segment.
pub const ADD_A_MINUTE_SECONDS: u32 = 60;
/// The segment warning starts when this much of the segment is left.
pub const SEGMENT_WARNING_SECONDS: i64 = 120;
/// The session warning starts when this much of the session is left.
pub const SESSION_WARNING_SECONDS: i64 = 300;

pub const OPENING_TITLE: &str = "Welcome and introductions";
pub const CLOSING_TITLE: &str = "The organisation's questions";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeboxError {
    #[error("The session plan has no segments. Add at least one before starting the timer.")]
    EmptyPlan,
    #[error("The timer has not been started. Choose Start when the workshop begins.")]
    NotStarted,
    #[error("The timer has already been started. To carry on after a pause, choose Resume.")]
    AlreadyStarted,
    #[error("The timer is already paused. Choose Resume to carry on.")]
    AlreadyPaused,
    #[error("The timer is already running.")]
    NotPaused,
    #[error("The timer for this workshop has been finished and cannot be changed. Its record of planned and actual times is kept.")]
    Finished,
    #[error("There is no segment {number}: the session plan has {count} segments.")]
    NoSuchSegment { number: usize, count: usize },
    #[error("Segment {number} is already the current segment.")]
    AlreadyOnSegment { number: usize },
    #[error("This is the last segment. To end the workshop, choose Finish.")]
    NoNextSegment,
    #[error("This is the first segment; there is no earlier one.")]
    NoPreviousSegment,
    #[error("The saved timer record does not fit this session plan (entry {position}): {reason} If the plan's segments were changed after the workshop started, restore them.")]
    StoredEvent {
        position: usize,
        reason: Box<TimeboxError>,
    },
}

// ---------------------------------------------------------------------------
// The plan

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SegmentKind {
    Opening,
    Theme { theme_id: String },
    Closing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub kind: SegmentKind,
    pub title: String,
    pub minutes: u32,
}

/// How a workshop's time is divided. Events name segments by their index in
/// `segments`, so once a session has started the list must keep its order and
/// length; minutes and titles may change at any time (state is recomputed
/// from the current plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub length_minutes: u32,
    pub segments: Vec<Segment>,
}

impl Plan {
    /// The default plan for a template: 90 minutes, 5 for the opening, 10 for
    /// the closing, and the rest shared among the themes.
    pub fn default_for(template: &Template) -> Plan {
        Plan::default_for_themes(&template.themes)
    }

    /// The default plan for the themes a review is asked (its frozen copy
    /// once held, else the template's).
    pub fn default_for_themes(themes: &[Theme]) -> Plan {
        Plan::shared(
            themes,
            DEFAULT_LENGTH_MINUTES,
            DEFAULT_OPENING_MINUTES,
            DEFAULT_CLOSING_MINUTES,
        )
    }

    /// An opening, one segment per theme and a closing. The themes share what
    /// the opening and closing leave of `length_minutes` in proportion to
    /// their number of questions (equally if no theme has questions).
    ///
    /// Rounding is by largest remainder: each theme first gets the whole
    /// minutes of its exact share, and the minutes left over go one each to
    /// the themes with the largest fractional parts (the earlier theme on a
    /// tie). So the theme minutes add up exactly to the time available and no
    /// theme is more than a minute from its exact share; rounding each share
    /// on its own could leave the plan a minute or two over or under. When
    /// the opening and closing take the whole session, the themes get nothing
    /// and [`Plan::mismatch`] reports the excess.
    pub fn proportional(
        template: &Template,
        length_minutes: u32,
        opening_minutes: u32,
        closing_minutes: u32,
    ) -> Plan {
        Plan::shared(
            &template.themes,
            length_minutes,
            opening_minutes,
            closing_minutes,
        )
    }

    fn shared(
        themes: &[Theme],
        length_minutes: u32,
        opening_minutes: u32,
        closing_minutes: u32,
    ) -> Plan {
        let available = u64::from(length_minutes)
            .saturating_sub(u64::from(opening_minutes) + u64::from(closing_minutes));
        let questions = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        let total_questions: u64 = themes.iter().map(|t| questions(t.questions.len())).sum();
        let weights: Vec<u64> = themes
            .iter()
            .map(|t| {
                if total_questions == 0 {
                    1
                } else {
                    questions(t.questions.len())
                }
            })
            .collect();
        let minutes = largest_remainder(available, &weights);

        let mut segments = Vec::with_capacity(themes.len() + 2);
        segments.push(Segment {
            kind: SegmentKind::Opening,
            title: OPENING_TITLE.into(),
            minutes: opening_minutes,
        });
        for (theme, minutes) in themes.iter().zip(minutes) {
            segments.push(Segment {
                kind: SegmentKind::Theme {
                    theme_id: theme.id.clone(),
                },
                title: theme.title.clone(),
                minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
            });
        }
        segments.push(Segment {
            kind: SegmentKind::Closing,
            title: CLOSING_TITLE.into(),
            minutes: closing_minutes,
        });
        Plan {
            length_minutes,
            segments,
        }
    }

    /// The planned minutes of all segments together.
    pub fn total(&self) -> i64 {
        self.segments.iter().map(|s| i64::from(s.minutes)).sum()
    }

    /// `Some(minutes over)` (negative when under) when the segments do not
    /// add up to the session length, for the plan's warning; `None` when they
    /// match.
    pub fn mismatch(&self) -> Option<i64> {
        let diff = self.total() - i64::from(self.length_minutes);
        (diff != 0).then_some(diff)
    }

    /// The chair's change to one segment's minutes (`index` from 0).
    pub fn set_minutes(&mut self, index: usize, minutes: u32) -> Result<(), TimeboxError> {
        let count = self.segments.len();
        let segment = self
            .segments
            .get_mut(index)
            .ok_or(TimeboxError::NoSuchSegment {
                number: index.saturating_add(1),
                count,
            })?;
        segment.minutes = minutes;
        Ok(())
    }

    /// Brings a plan that has not been started into line with the themes
    /// the review is now asked: themes keep their minutes and get their
    /// current title, themes no longer asked are dropped, and new themes are
    /// added with no minutes (so the chair sees them in the plan at 0 and
    /// decides; sharing time out again would undo the chair's own edits).
    /// Opening and closing segments stay where they were. Only for a plan
    /// with no events: events name segments by index.
    pub fn follow_themes(&mut self, themes: &[Theme]) {
        let is_theme = |s: &Segment| matches!(s.kind, SegmentKind::Theme { .. });
        let split = self.segments.iter().position(is_theme).unwrap_or_else(|| {
            // No theme segments: themes go after the opening ones.
            self.segments
                .iter()
                .take_while(|s| s.kind == SegmentKind::Opening)
                .count()
        });
        let mut old: Vec<Segment> = Vec::new();
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (i, s) in std::mem::take(&mut self.segments).into_iter().enumerate() {
            if is_theme(&s) {
                old.push(s);
            } else if i < split {
                before.push(s);
            } else {
                after.push(s);
            }
        }
        let minutes_of = |id: &str| {
            old.iter()
                .find(|s| matches!(&s.kind, SegmentKind::Theme { theme_id } if theme_id == id))
                .map_or(0, |s| s.minutes)
        };
        let middle: Vec<Segment> = themes
            .iter()
            .map(|t| Segment {
                kind: SegmentKind::Theme {
                    theme_id: t.id.clone(),
                },
                title: t.title.clone(),
                minutes: minutes_of(&t.id),
            })
            .collect();
        self.segments = before.into_iter().chain(middle).chain(after).collect();
    }

    /// The index of the segment for `theme_id`, if the plan has one.
    pub fn segment_of_theme(&self, theme_id: &str) -> Option<usize> {
        self.segments
            .iter()
            .position(|s| matches!(&s.kind, SegmentKind::Theme { theme_id: t } if t == theme_id))
    }

    fn planned_seconds(&self, index: usize) -> i64 {
        self.segments
            .get(index)
            .map_or(0, |s| i64::from(s.minutes) * 60)
    }
}

/// Divides `total` into parts proportional to `weights` that add up exactly
/// to `total` (largest remainder method; ties go to the earlier part). All
/// zero weights, or none, give all zeros.
fn largest_remainder(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    // u128 so that total * weight cannot overflow.
    let (total, sum) = (u128::from(total), u128::from(sum));
    let mut parts: Vec<u128> = weights
        .iter()
        .map(|&w| total * u128::from(w) / sum)
        .collect();
    let remainders: Vec<u128> = weights
        .iter()
        .map(|&w| total * u128::from(w) % sum)
        .collect();
    let mut left = total - parts.iter().sum::<u128>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Stable sort: equal remainders keep template order.
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
    // `left` < number of parts, because each floor loses less than one.
    for i in order {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|p| u64::try_from(p).unwrap_or(u64::MAX))
        .collect()
}

/// A review's timer as the audit keeps it: the plan, whether the report
/// shows the planned and actual times, and the chair's events in the order
/// they were recorded. Absent from a review until the chair changes the
/// plan or starts the timer; until then the default plan for its themes
/// applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timebox {
    pub plan: Plan,
    #[serde(default)]
    pub include_in_report: bool,
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Timebox {
    /// The stored timer, or the default one for `themes`; a plan not yet
    /// started follows the themes (see [`Plan::follow_themes`]).
    pub fn current(stored: Option<&Timebox>, themes: &[Theme]) -> Timebox {
        match stored {
            Some(t) if !t.events.is_empty() => t.clone(),
            Some(t) => {
                let mut t = t.clone();
                t.plan.follow_themes(themes);
                t
            }
            None => Timebox {
                plan: Plan::default_for_themes(themes),
                include_in_report: false,
                events: Vec::new(),
            },
        }
    }

    pub fn session(&self) -> Result<Session, TimeboxError> {
        Session::replay(self.plan.clone(), &self.events)
    }
}

// ---------------------------------------------------------------------------
// Events

/// One thing the chair did, with the wall-clock UTC time it was done. As a
/// row: `kind` (the serde tag, also [`Event::kind`]), `at`, and at most one
/// small payload field (`to_segment` or `seconds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    Started {
        at: Timestamp,
    },
    Paused {
        at: Timestamp,
    },
    Resumed {
        at: Timestamp,
    },
    /// To segment `to_segment` (index from 0 in the plan's segments).
    Moved {
        at: Timestamp,
        to_segment: usize,
    },
    /// More time for the current segment; "add a minute" is 60.
    Extended {
        at: Timestamp,
        seconds: u32,
    },
    Finished {
        at: Timestamp,
    },
}

impl Event {
    pub fn at(&self) -> Timestamp {
        match *self {
            Event::Started { at }
            | Event::Paused { at }
            | Event::Resumed { at }
            | Event::Moved { at, .. }
            | Event::Extended { at, .. }
            | Event::Finished { at } => at,
        }
    }

    /// The same name serde writes as the `kind` tag.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Started { .. } => "started",
            Event::Paused { .. } => "paused",
            Event::Resumed { .. } => "resumed",
            Event::Moved { .. } => "moved",
            Event::Extended { .. } => "extended",
            Event::Finished { .. } => "finished",
        }
    }

    pub fn add_a_minute(at: Timestamp) -> Event {
        Event::Extended {
            at,
            seconds: ADD_A_MINUTE_SECONDS,
        }
    }
}

/// What the chair can do with the timer; [`Session::event_for`] turns one
/// into the event to record, at the time it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Start,
    Pause,
    Resume,
    Next,
    Previous,
    AddMinute,
    Finish,
    /// To the segment at this index (from 0), as when the minutes move to
    /// another theme and the timer follows them.
    GoTo {
        segment: usize,
    },
}

// ---------------------------------------------------------------------------
// State

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    Running,
    Paused,
    Finished,
}

/// A warning that holds at the moment asked about. The display alerts when
/// one appears that was not there at the previous look; each holds from its
/// exact second until the next one takes over (or an extension lifts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// The current segment has 2:00 or less left (and has not ended).
    SegmentTwoMinutes,
    /// The current segment's time is up; holds for the whole overrun.
    SegmentEnded,
    /// The session has 5:00 or less left (and has not ended).
    SessionFiveMinutes,
    /// The session's length is used up.
    SessionEnded,
}

/// One segment's line in the after-session record. Seconds of meeting time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentRecord {
    /// From the plan, before any extension.
    pub planned_seconds: i64,
    /// Added during the session ("add a minute").
    pub extended_seconds: i64,
    /// Time spent on it, over all visits; 0 if never reached.
    pub actual_seconds: i64,
}

/// Everything the display shows, at one moment. Durations are seconds of
/// meeting time; "left" values go negative in an overrun.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub status: Status,
    /// Index into the plan's segments; 0 before the start.
    pub current_segment: usize,
    /// On the current segment, over all its visits.
    pub segment_elapsed_seconds: i64,
    /// Planned plus extended time of the current segment, less its elapsed.
    pub segment_left_seconds: i64,
    pub session_elapsed_seconds: i64,
    /// The session length less the session elapsed.
    pub session_left_seconds: i64,
    pub started_at: Option<Timestamp>,
    /// Start plus the plan's total; `None` before the start.
    pub planned_end: Option<Timestamp>,
    /// When the session will end if every segment from the current one on
    /// takes its remaining planned (and extended) time and there are no more
    /// pauses; an overrun counts as no time left, not negative. Before the
    /// start: if started now. Once finished: when it finished.
    pub predicted_end: Timestamp,
    /// Positive when behind the plan, negative when ahead: the predicted
    /// meeting time less the plan's total. When segments are taken in order
    /// this is the current segment's actual start less its planned start,
    /// plus its overrun so far, plus any time added by extensions.
    pub behind_plan_seconds: i64,
    pub warnings: Vec<Warning>,
    /// One per plan segment, in plan order.
    pub segments: Vec<SegmentRecord>,
}

// ---------------------------------------------------------------------------
// Session

/// What the events say so far, up to the last event (not up to `now`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Progress {
    status: Status,
    current: usize,
    started_at: Option<Timestamp>,
    finished_at: Option<Timestamp>,
    /// The effective (clamped) time of the last event: no later event and no
    /// `now` counts as earlier than this.
    last_at: Option<Timestamp>,
    /// When the current run began; `Some` exactly when `status` is Running.
    running_since: Option<Timestamp>,
    /// Meeting seconds per segment, up to `running_since` while running.
    actual: Vec<i64>,
    extended: Vec<i64>,
}

impl Progress {
    fn new(segment_count: usize) -> Progress {
        Progress {
            status: Status::NotStarted,
            current: 0,
            started_at: None,
            finished_at: None,
            last_at: None,
            running_since: None,
            actual: vec![0; segment_count],
            extended: vec![0; segment_count],
        }
    }

    fn check(&self, plan: &Plan, event: &Event) -> Result<(), TimeboxError> {
        use Status::*;
        match (self.status, event) {
            (Finished, _) => Err(TimeboxError::Finished),
            (NotStarted, Event::Started { .. }) if plan.segments.is_empty() => {
                Err(TimeboxError::EmptyPlan)
            }
            (NotStarted, Event::Started { .. }) => Ok(()),
            (NotStarted, _) => Err(TimeboxError::NotStarted),
            (_, Event::Started { .. }) => Err(TimeboxError::AlreadyStarted),
            (Running, Event::Paused { .. }) => Ok(()),
            (Paused, Event::Paused { .. }) => Err(TimeboxError::AlreadyPaused),
            (Paused, Event::Resumed { .. }) => Ok(()),
            (Running, Event::Resumed { .. }) => Err(TimeboxError::NotPaused),
            (_, Event::Moved { to_segment, .. }) => {
                let count = plan.segments.len();
                if *to_segment >= count {
                    Err(TimeboxError::NoSuchSegment {
                        number: to_segment.saturating_add(1),
                        count,
                    })
                } else if *to_segment == self.current {
                    Err(TimeboxError::AlreadyOnSegment {
                        number: to_segment + 1,
                    })
                } else {
                    Ok(())
                }
            }
            (_, Event::Extended { .. } | Event::Finished { .. }) => Ok(()),
        }
    }

    /// Adds the run since `running_since` to the current segment and restarts
    /// the run at `t`.
    fn bank_run(&mut self, t: Timestamp) {
        if let Some(since) = self.running_since {
            if let Some(a) = self.actual.get_mut(self.current) {
                *a = a.saturating_add(t.0.saturating_sub(since.0));
            }
            self.running_since = Some(t);
        }
    }

    /// Applies an event that `check` accepted.
    fn apply(&mut self, event: &Event) {
        // The clock-moved-back rule: never earlier than the previous event.
        let t = match self.last_at {
            Some(last) if event.at() < last => last,
            _ => event.at(),
        };
        self.last_at = Some(t);
        match *event {
            Event::Started { .. } => {
                self.status = Status::Running;
                self.current = 0;
                self.started_at = Some(t);
                self.running_since = Some(t);
            }
            Event::Paused { .. } => {
                self.bank_run(t);
                self.running_since = None;
                self.status = Status::Paused;
            }
            Event::Resumed { .. } => {
                self.running_since = Some(t);
                self.status = Status::Running;
            }
            Event::Moved { to_segment, .. } => {
                self.bank_run(t);
                self.current = to_segment;
            }
            Event::Extended { seconds, .. } => {
                if let Some(e) = self.extended.get_mut(self.current) {
                    *e = e.saturating_add(i64::from(seconds));
                }
            }
            Event::Finished { .. } => {
                self.bank_run(t);
                self.running_since = None;
                self.status = Status::Finished;
                self.finished_at = Some(t);
            }
        }
    }
}

/// A plan and the events recorded against it. Invariant: every event was
/// accepted, in order, by the transition rules for this plan, so the current
/// segment is always a valid index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    plan: Plan,
    events: Vec<Event>,
    progress: Progress,
}

impl Session {
    /// A session that has not started.
    pub fn new(plan: Plan) -> Session {
        let progress = Progress::new(plan.segments.len());
        Session {
            plan,
            events: Vec::new(),
            progress,
        }
    }

    /// Rebuilds a session from its stored events, in the order they were
    /// recorded (not sorted by time: see the module notes on clock changes).
    /// Fails if an event breaks the transition rules for this plan, which
    /// only happens if the log or the plan's segments were changed outside
    /// [`Session::record`].
    pub fn replay(plan: Plan, events: &[Event]) -> Result<Session, TimeboxError> {
        let mut session = Session::new(plan);
        for (i, event) in events.iter().enumerate() {
            session
                .record(*event)
                .map_err(|reason| TimeboxError::StoredEvent {
                    position: i + 1,
                    reason: Box::new(reason),
                })?;
        }
        Ok(session)
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Whether `event` may be recorded next, without recording it: for
    /// checking before it is stored.
    pub fn check(&self, event: &Event) -> Result<(), TimeboxError> {
        self.progress.check(&self.plan, event)
    }

    /// Records the chair's action if the transition rules allow it.
    pub fn record(&mut self, event: Event) -> Result<(), TimeboxError> {
        self.check(&event)?;
        self.progress.apply(&event);
        self.events.push(event);
        Ok(())
    }

    /// The event for "next segment" at `at`, checked but not recorded.
    pub fn next_segment(&self, at: Timestamp) -> Result<Event, TimeboxError> {
        if self.progress.status == Status::NotStarted {
            return Err(TimeboxError::NotStarted);
        }
        let to_segment = self.progress.current + 1;
        if to_segment >= self.plan.segments.len() {
            return Err(if self.progress.status == Status::Finished {
                TimeboxError::Finished
            } else {
                TimeboxError::NoNextSegment
            });
        }
        let event = Event::Moved { at, to_segment };
        self.check(&event)?;
        Ok(event)
    }

    /// The event for "previous segment" at `at`, checked but not recorded.
    pub fn previous_segment(&self, at: Timestamp) -> Result<Event, TimeboxError> {
        if self.progress.status == Status::NotStarted {
            return Err(TimeboxError::NotStarted);
        }
        let to_segment = self.progress.current.checked_sub(1).ok_or(
            if self.progress.status == Status::Finished {
                TimeboxError::Finished
            } else {
                TimeboxError::NoPreviousSegment
            },
        )?;
        let event = Event::Moved { at, to_segment };
        self.check(&event)?;
        Ok(event)
    }

    /// The event for the chair's `action` at `at`, checked but not recorded.
    pub fn event_for(&self, action: Action, at: Timestamp) -> Result<Event, TimeboxError> {
        let event = match action {
            Action::Next => return self.next_segment(at),
            Action::Previous => return self.previous_segment(at),
            Action::Start => Event::Started { at },
            Action::Pause => Event::Paused { at },
            Action::Resume => Event::Resumed { at },
            Action::AddMinute => Event::add_a_minute(at),
            Action::Finish => Event::Finished { at },
            Action::GoTo { segment } => Event::Moved {
                at,
                to_segment: segment,
            },
        };
        self.check(&event)?;
        Ok(event)
    }

    /// The display's state at `now`. A `now` earlier than the last event
    /// counts as the last event's time (the clock-moved-back rule).
    pub fn state(&self, now: Timestamp) -> State {
        let p = &self.progress;
        let now = match p.last_at {
            Some(last) if now < last => last,
            _ => now,
        };
        let mut actual = p.actual.clone();
        if let Some(since) = p.running_since {
            if let Some(a) = actual.get_mut(p.current) {
                *a = a.saturating_add(now.0.saturating_sub(since.0));
            }
        }
        let segments: Vec<SegmentRecord> = (0..self.plan.segments.len())
            .map(|i| SegmentRecord {
                planned_seconds: self.plan.planned_seconds(i),
                extended_seconds: p.extended.get(i).copied().unwrap_or(0),
                actual_seconds: actual.get(i).copied().unwrap_or(0),
            })
            .collect();
        let allowed = |r: &SegmentRecord| r.planned_seconds.saturating_add(r.extended_seconds);
        // Saturating throughout: a stored timestamp can be anything, and a
        // nonsense one must give a nonsense number, not a panic.
        let session_elapsed = segments
            .iter()
            .fold(0_i64, |sum, r| sum.saturating_add(r.actual_seconds));
        let plan_total = self.plan.total() * 60;
        let length = i64::from(self.plan.length_minutes) * 60;

        let (segment_elapsed, segment_left) = segments.get(p.current).map_or((0, 0), |r| {
            (
                r.actual_seconds,
                allowed(r).saturating_sub(r.actual_seconds),
            )
        });
        // Meeting time still planned from the current segment on. An overrun
        // segment has none left, and a later segment already part-visited has
        // only what it has not used.
        let still_planned: i64 = match p.status {
            Status::Finished => 0,
            _ => segments.iter().skip(p.current).fold(0_i64, |sum, r| {
                sum.saturating_add(allowed(r).saturating_sub(r.actual_seconds).max(0))
            }),
        };
        let predicted_end = match p.finished_at {
            Some(end) => end,
            None => Timestamp(now.0.saturating_add(still_planned)),
        };
        let behind_plan_seconds = match p.status {
            Status::NotStarted => 0,
            _ => session_elapsed
                .saturating_add(still_planned)
                .saturating_sub(plan_total),
        };
        let session_left = length.saturating_sub(session_elapsed);

        let mut warnings = Vec::new();
        if matches!(p.status, Status::Running | Status::Paused) {
            if segment_left <= 0 {
                warnings.push(Warning::SegmentEnded);
            } else if segment_left <= SEGMENT_WARNING_SECONDS {
                warnings.push(Warning::SegmentTwoMinutes);
            }
            if session_left <= 0 {
                warnings.push(Warning::SessionEnded);
            } else if session_left <= SESSION_WARNING_SECONDS {
                warnings.push(Warning::SessionFiveMinutes);
            }
        }

        State {
            status: p.status,
            current_segment: p.current,
            segment_elapsed_seconds: segment_elapsed,
            segment_left_seconds: segment_left,
            session_elapsed_seconds: session_elapsed,
            session_left_seconds: session_left,
            started_at: p.started_at,
            planned_end: p
                .started_at
                .map(|s| Timestamp(s.0.saturating_add(plan_total))),
            predicted_end,
            behind_plan_seconds,
            warnings,
            segments,
        }
    }
}

/// One line of a review's planned-and-actual timing table in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimingRow {
    pub title: String,
    pub planned_seconds: i64,
    pub extended_seconds: i64,
    pub actual_seconds: i64,
}

impl Timebox {
    /// The timer's record for the report: only when the chair ticked
    /// "include in the report" and the timer was started. Measured at the
    /// last event the chair recorded (the finish, normally), never the
    /// clock, so the report is the same every time it is drawn.
    pub fn report_rows(&self) -> Option<Vec<TimingRow>> {
        if !self.include_in_report {
            return None;
        }
        let last = self.events.last()?.at();
        let state = self.session().ok()?.state(last);
        Some(
            self.plan
                .segments
                .iter()
                .zip(state.segments.iter())
                .map(|(seg, rec)| TimingRow {
                    title: seg.title.clone(),
                    planned_seconds: rec.planned_seconds,
                    extended_seconds: rec.extended_seconds,
                    actual_seconds: rec.actual_seconds,
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{default_template, Question, Theme};

    /// 2022-02-10T10:00:00Z, the start of the simulated workshop.
    const T0: i64 = 1_644_487_200;

    /// `m` minutes and `s` seconds of wall-clock time after T0.
    fn at(m: i64, s: i64) -> Timestamp {
        Timestamp(T0 + m * 60 + s)
    }

    fn default_plan() -> Plan {
        Plan::default_for(&default_template())
    }

    fn minutes(plan: &Plan) -> Vec<u32> {
        plan.segments.iter().map(|s| s.minutes).collect()
    }

    fn template_with(counts: &[usize]) -> Template {
        Template {
            name: "test".into(),
            version: "1".into(),
            themes: counts
                .iter()
                .enumerate()
                .map(|(i, &n)| Theme {
                    id: format!("t{}", i + 1),
                    title: format!("Theme {}", i + 1),
                    questions: (0..n)
                        .map(|q| Question {
                            id: format!("t{}q{}", i + 1, q + 1),
                            text: "?".into(),
                            points: vec![],
                            follow_up: String::new(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn session_with(events: &[Event]) -> Session {
        match Session::replay(default_plan(), events) {
            Ok(s) => s,
            Err(e) => panic!("test events should replay: {e}"),
        }
    }

    // ---- the plan ---------------------------------------------------------

    #[test]
    fn default_plan_fills_90_minutes_exactly() {
        let plan = default_plan();
        // 75 minutes for 21 questions in themes of 4, 6, 2, 2, 2, 2, 3: exact
        // shares 14.29, 21.43, 7.14 (x4), 10.71. Floors give 73; the two
        // minutes left go to the largest fractions, 10.71 and 21.43.
        assert_eq!(minutes(&plan), [5, 14, 22, 7, 7, 7, 7, 11, 10]);
        assert_eq!(plan.length_minutes, 90);
        assert_eq!(
            plan.total(),
            90,
            "largest remainder makes the themes sum to the 75 left"
        );
        assert_eq!(plan.mismatch(), None, "a default plan never warns");
        assert_eq!(plan.segments[0].kind, SegmentKind::Opening);
        assert_eq!(plan.segments[0].title, OPENING_TITLE);
        assert_eq!(
            plan.segments[1].kind,
            SegmentKind::Theme {
                theme_id: "t1".into()
            }
        );
        assert_eq!(plan.segments[1].title, "Safeguarding Structure");
        assert_eq!(
            plan.segments[7].kind,
            SegmentKind::Theme {
                theme_id: "t7".into()
            }
        );
        assert_eq!(plan.segments[8].kind, SegmentKind::Closing);
    }

    #[test]
    fn largest_remainder_sums_exactly_and_breaks_ties_in_order() {
        assert_eq!(
            largest_remainder(10, &[1, 1, 1]),
            [4, 3, 3],
            "the tie goes to the first"
        );
        assert_eq!(
            largest_remainder(75, &[4, 6, 2, 2, 2, 2, 3]),
            [14, 22, 7, 7, 7, 7, 11]
        );
        assert_eq!(largest_remainder(0, &[1, 2]), [0, 0]);
        assert_eq!(
            largest_remainder(5, &[0, 0]),
            [0, 0],
            "no weight, nothing shared"
        );
        assert_eq!(largest_remainder(7, &[]), Vec::<u64>::new());
        for total in 0..200 {
            let parts = largest_remainder(total, &[3, 5, 7, 1, 1]);
            assert_eq!(
                parts.iter().sum::<u64>(),
                total,
                "the parts always add up to the whole"
            );
        }
    }

    #[test]
    fn other_lengths_and_templates() {
        let t = default_template();
        let long = Plan::proportional(&t, 120, 5, 10);
        assert_eq!(long.total(), 120);
        assert_eq!(long.mismatch(), None);

        let no_questions = Plan::proportional(&template_with(&[0, 0, 0]), 90, 5, 10);
        assert_eq!(
            minutes(&no_questions),
            [5, 25, 25, 25, 10],
            "themes without questions share equally"
        );

        let cramped = Plan::proportional(&t, 10, 5, 10);
        assert!(
            cramped.segments[1..8].iter().all(|s| s.minutes == 0),
            "nothing is left for themes"
        );
        assert_eq!(
            cramped.mismatch(),
            Some(5),
            "opening and closing alone are 5 minutes over"
        );

        let no_themes = Plan::default_for(&template_with(&[]));
        assert_eq!(minutes(&no_themes), [5, 10]);
        assert_eq!(no_themes.mismatch(), Some(-75));
    }

    #[test]
    fn changing_a_segment_warns_of_a_mismatch() {
        let mut plan = default_plan();
        assert_eq!(plan.set_minutes(1, 20), Ok(()));
        assert_eq!(plan.total(), 96);
        assert_eq!(plan.mismatch(), Some(6), "six minutes over the 90");
        assert_eq!(plan.set_minutes(2, 10), Ok(()));
        assert_eq!(plan.mismatch(), Some(-6), "now six minutes under");
        assert_eq!(plan.set_minutes(2, 16), Ok(()));
        assert_eq!(plan.mismatch(), None, "moving time between themes balances");
        plan.length_minutes = 100;
        assert_eq!(
            plan.mismatch(),
            Some(-10),
            "a longer session leaves ten minutes unplanned"
        );
        let err = plan.set_minutes(9, 5).unwrap_err();
        assert_eq!(
            err,
            TimeboxError::NoSuchSegment {
                number: 10,
                count: 9
            }
        );
        assert!(err.to_string().contains("has 9 segments"), "{err}");
    }

    // ---- transitions -------------------------------------------------------

    #[test]
    fn every_transition_is_allowed_or_refused_with_a_reason() {
        let t = at(1, 0);
        let start = Event::Started { at: at(0, 0) };
        let pause = Event::Paused { at: at(0, 30) };
        let finish = Event::Finished { at: at(0, 30) };
        let states: [(&str, Vec<Event>); 4] = [
            ("not started", vec![]),
            ("running", vec![start]),
            ("paused", vec![start, pause]),
            ("finished", vec![start, finish]),
        ];
        let candidates = [
            Event::Started { at: t },
            Event::Paused { at: t },
            Event::Resumed { at: t },
            Event::Moved {
                at: t,
                to_segment: 1,
            },
            Event::Moved {
                at: t,
                to_segment: 0,
            },
            Event::Moved {
                at: t,
                to_segment: 9,
            },
            Event::Extended { at: t, seconds: 60 },
            Event::Finished { at: t },
        ];
        use TimeboxError as E;
        let expected: [[Result<(), TimeboxError>; 8]; 4] = [
            // Start, pause, resume, move 1, move 0, move 9, extend, finish
            [
                Ok(()),
                Err(E::NotStarted),
                Err(E::NotStarted),
                Err(E::NotStarted),
                Err(E::NotStarted),
                Err(E::NotStarted),
                Err(E::NotStarted),
                Err(E::NotStarted),
            ],
            [
                Err(E::AlreadyStarted),
                Ok(()),
                Err(E::NotPaused),
                Ok(()),
                Err(E::AlreadyOnSegment { number: 1 }),
                Err(E::NoSuchSegment {
                    number: 10,
                    count: 9,
                }),
                Ok(()),
                Ok(()),
            ],
            [
                Err(E::AlreadyStarted),
                Err(E::AlreadyPaused),
                Ok(()),
                Ok(()),
                Err(E::AlreadyOnSegment { number: 1 }),
                Err(E::NoSuchSegment {
                    number: 10,
                    count: 9,
                }),
                Ok(()),
                Ok(()),
            ],
            [
                Err(E::Finished),
                Err(E::Finished),
                Err(E::Finished),
                Err(E::Finished),
                Err(E::Finished),
                Err(E::Finished),
                Err(E::Finished),
                Err(E::Finished),
            ],
        ];
        for ((name, events), row) in states.iter().zip(expected) {
            let session = session_with(events);
            for (event, want) in candidates.iter().zip(row) {
                assert_eq!(session.check(event), want, "{} when {name}", event.kind());
                let mut copy = session.clone();
                let recorded = copy.record(*event);
                assert_eq!(
                    recorded,
                    session.check(event),
                    "record applies the same rules as check"
                );
                let grew = copy.events().len() == session.events().len() + 1;
                assert_eq!(grew, recorded.is_ok(), "only an accepted event is kept");
            }
        }
    }

    #[test]
    fn an_empty_plan_cannot_start() {
        let session = Session::new(Plan {
            length_minutes: 90,
            segments: vec![],
        });
        let err = session.check(&Event::Started { at: at(0, 0) }).unwrap_err();
        assert_eq!(err, TimeboxError::EmptyPlan);
        assert!(session.state(at(0, 0)).segments.is_empty());
    }

    #[test]
    fn next_and_previous_stop_at_the_ends() {
        let mut s = Session::new(default_plan());
        assert_eq!(s.next_segment(at(0, 0)), Err(TimeboxError::NotStarted));
        assert_eq!(s.record(Event::Started { at: at(0, 0) }), Ok(()));
        assert_eq!(
            s.previous_segment(at(0, 1)),
            Err(TimeboxError::NoPreviousSegment)
        );
        for i in 1..9 {
            let next = s.next_segment(at(i, 0));
            assert_eq!(
                next,
                Ok(Event::Moved {
                    at: at(i, 0),
                    to_segment: i as usize
                })
            );
            assert_eq!(next.map(|e| s.record(e)), Ok(Ok(())));
        }
        let err = s.next_segment(at(10, 0)).unwrap_err();
        assert_eq!(err, TimeboxError::NoNextSegment);
        assert!(
            err.to_string().contains("Finish"),
            "tells the chair what to do instead: {err}"
        );
        assert_eq!(
            s.previous_segment(at(10, 0)),
            Ok(Event::Moved {
                at: at(10, 0),
                to_segment: 7
            })
        );
        assert_eq!(s.record(Event::Finished { at: at(10, 0) }), Ok(()));
        assert_eq!(s.next_segment(at(11, 0)), Err(TimeboxError::Finished));
        assert_eq!(s.previous_segment(at(11, 0)), Err(TimeboxError::Finished));
    }

    #[test]
    fn before_the_start_the_whole_plan_lies_ahead() {
        let s = Session::new(default_plan());
        let state = s.state(at(0, 0));
        assert_eq!(state.status, Status::NotStarted);
        assert_eq!(
            state.segment_left_seconds, 300,
            "the opening's five minutes"
        );
        assert_eq!(state.session_left_seconds, 5400);
        assert_eq!(state.predicted_end, at(90, 0), "if started now");
        assert_eq!(state.planned_end, None);
        assert_eq!(state.behind_plan_seconds, 0);
        assert!(state.warnings.is_empty());
    }

    // ---- a whole workshop --------------------------------------------------

    /// The simulated workshop, wall-clock minutes from 10:00: on time through
    /// the opening, 2 minutes over on theme 1, a 5-minute pause and an extra
    /// minute on theme 2, a step back to theme 2 and forward again, themes
    /// 4-7 a little quick, and a closing that runs past the session's end.
    fn workshop() -> Vec<Event> {
        vec![
            Event::Started { at: at(0, 0) },
            Event::Moved {
                at: at(5, 0),
                to_segment: 1,
            },
            Event::Moved {
                at: at(21, 0),
                to_segment: 2,
            },
            Event::Paused { at: at(30, 0) },
            Event::Resumed { at: at(35, 0) },
            Event::add_a_minute(at(40, 0)),
            Event::Moved {
                at: at(50, 0),
                to_segment: 3,
            },
            Event::Moved {
                at: at(52, 0),
                to_segment: 2,
            },
            Event::Moved {
                at: at(53, 0),
                to_segment: 3,
            },
            Event::Moved {
                at: at(58, 0),
                to_segment: 4,
            },
            Event::Moved {
                at: at(64, 0),
                to_segment: 5,
            },
            Event::Moved {
                at: at(70, 0),
                to_segment: 6,
            },
            Event::Moved {
                at: at(76, 0),
                to_segment: 7,
            },
            Event::Moved {
                at: at(86, 0),
                to_segment: 8,
            },
            Event::Finished { at: at(97, 0) },
        ]
    }

    /// The workshop's events up to and including wall-clock time `t`.
    fn workshop_until(t: Timestamp) -> Session {
        let events: Vec<Event> = workshop().into_iter().filter(|e| e.at() <= t).collect();
        session_with(&events)
    }

    fn state_at(t: Timestamp) -> State {
        workshop_until(t).state(t)
    }

    #[test]
    fn opening_runs_to_plan() {
        let s = state_at(at(0, 0));
        assert_eq!((s.status, s.current_segment), (Status::Running, 0));
        assert_eq!(s.started_at, Some(at(0, 0)));
        assert_eq!(s.planned_end, Some(at(90, 0)));
        assert_eq!(s.predicted_end, at(90, 0));
        let s = state_at(at(2, 59));
        assert_eq!(s.segment_left_seconds, 121);
        assert!(s.warnings.is_empty(), "2:01 left is not yet the warning");
        let s = state_at(at(3, 0));
        assert_eq!(
            s.warnings,
            [Warning::SegmentTwoMinutes],
            "exactly 2:00 left"
        );
        let s = state_at(at(4, 59));
        assert_eq!(
            (s.segment_left_seconds, s.warnings.as_slice()),
            (1, &[Warning::SegmentTwoMinutes][..])
        );
        let s = state_at(at(5, 0));
        assert_eq!(s.current_segment, 1, "moved on the dot");
        assert_eq!(s.behind_plan_seconds, 0, "on time");
        assert_eq!(s.segment_left_seconds, 14 * 60);
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn theme_one_overruns_and_says_so() {
        let s = state_at(at(16, 59));
        assert!(s.warnings.is_empty(), "2:01 left of theme 1's 14 minutes");
        assert_eq!(state_at(at(17, 0)).warnings, [Warning::SegmentTwoMinutes]);
        let s = state_at(at(18, 59));
        assert_eq!(s.warnings, [Warning::SegmentTwoMinutes]);
        assert_eq!(s.behind_plan_seconds, 0, "still within its time");
        let s = state_at(at(19, 0));
        assert_eq!(s.warnings, [Warning::SegmentEnded], "at its end, exactly");
        assert_eq!(s.segment_left_seconds, 0);
        let s = state_at(at(20, 30));
        assert_eq!(
            s.segment_left_seconds, -90,
            "an overrun shows as negative time left"
        );
        assert_eq!(
            s.warnings,
            [Warning::SegmentEnded],
            "the end warning holds through the overrun"
        );
        assert_eq!(
            s.behind_plan_seconds, 90,
            "the overrun so far is time behind"
        );
        assert_eq!(s.predicted_end, at(91, 30));
        let s = state_at(at(21, 0));
        assert_eq!(s.current_segment, 2);
        assert_eq!(
            s.behind_plan_seconds, 120,
            "theme 2 started 2 minutes after its planned start"
        );
        assert_eq!(s.predicted_end, at(92, 0));
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn a_pause_freezes_meeting_time_but_not_the_predicted_end() {
        let at_pause = state_at(at(30, 0));
        assert_eq!(at_pause.status, Status::Paused);
        assert_eq!(at_pause.segment_elapsed_seconds, 9 * 60);
        let later = state_at(at(34, 0));
        assert_eq!(
            later.segment_elapsed_seconds,
            9 * 60,
            "paused time is not meeting time"
        );
        assert_eq!(later.session_left_seconds, at_pause.session_left_seconds);
        assert_eq!(
            later.behind_plan_seconds, 120,
            "behind the plan by meeting time only"
        );
        assert_eq!(at_pause.predicted_end, at(92, 0));
        assert_eq!(
            later.predicted_end,
            at(96, 0),
            "four minutes paused, four minutes later"
        );
        let resumed = state_at(at(36, 0));
        assert_eq!(resumed.status, Status::Running);
        assert_eq!(
            resumed.segment_elapsed_seconds,
            10 * 60,
            "counting again after Resume"
        );
        assert_eq!(resumed.session_elapsed_seconds, 31 * 60);
    }

    #[test]
    fn adding_a_minute_gives_the_segment_more_time() {
        let before = state_at(at(39, 59));
        let after = state_at(at(40, 0));
        assert_eq!(
            after.segment_left_seconds,
            before.segment_left_seconds - 1 + 60
        );
        assert_eq!(after.segments[2].extended_seconds, 60);
        assert_eq!(
            after.behind_plan_seconds, 180,
            "the added minute is a minute more behind the plan"
        );
        assert_eq!(
            after.session_left_seconds,
            before.session_left_seconds - 1,
            "the session does not get longer"
        );
        // Theme 2: 22 + 1 minutes allowed; 14 used by 40:00 (9 + 5 after the pause).
        assert!(
            state_at(at(46, 59)).warnings.is_empty(),
            "2:01 left of 23 minutes"
        );
        assert_eq!(
            state_at(at(47, 0)).warnings,
            [Warning::SegmentTwoMinutes],
            "21 minutes used at 47:00"
        );
        assert_eq!(
            state_at(at(49, 0)).warnings,
            [Warning::SegmentEnded],
            "23 minutes used at 49:00"
        );
    }

    #[test]
    fn moving_back_returns_to_the_segment_with_its_time_so_far() {
        let s = state_at(at(52, 0));
        assert_eq!(s.current_segment, 2, "back to theme 2");
        assert_eq!(
            s.segment_elapsed_seconds,
            24 * 60,
            "its earlier time is kept"
        );
        assert_eq!(s.segment_left_seconds, -60);
        assert_eq!(
            s.warnings,
            [Warning::SegmentEnded],
            "already over on arrival"
        );
        assert_eq!(
            s.segments[3].actual_seconds, 120,
            "the two minutes spent on theme 3 are kept"
        );
        // Ahead/behind: 47 meeting minutes used, theme 2 has none left, theme 3
        // has 5, then 7+7+7+11+10: 47 + 5 + 42 = 94, four over the plan.
        assert_eq!(s.behind_plan_seconds, 240);
        let s = state_at(at(53, 0));
        assert_eq!(s.current_segment, 3);
        assert_eq!(
            s.segment_elapsed_seconds, 120,
            "theme 3 picks up where it left off"
        );
        assert_eq!(s.segment_left_seconds, 5 * 60);
        assert_eq!(s.behind_plan_seconds, 300);
        assert_eq!(s.predicted_end, at(100, 0));
    }

    #[test]
    fn the_session_warnings_come_at_five_minutes_and_the_end() {
        let s = state_at(at(86, 0));
        assert_eq!(s.current_segment, 8, "the closing");
        assert_eq!(s.session_elapsed_seconds, 81 * 60);
        assert_eq!(
            s.behind_plan_seconds, 60,
            "closing started at meeting minute 81, planned for 80"
        );
        assert_eq!(s.predicted_end, at(96, 0));
        let s = state_at(at(89, 59));
        assert_eq!(s.session_left_seconds, 301);
        assert!(s.warnings.is_empty());
        let s = state_at(at(90, 0));
        assert_eq!(
            s.warnings,
            [Warning::SessionFiveMinutes],
            "85 meeting minutes: five left, exactly"
        );
        let s = state_at(at(94, 0));
        assert_eq!(
            s.warnings,
            [Warning::SegmentTwoMinutes, Warning::SessionFiveMinutes],
            "both hold at once"
        );
        let s = state_at(at(95, 0));
        assert_eq!(s.session_left_seconds, 0);
        assert_eq!(
            s.warnings,
            [Warning::SegmentTwoMinutes, Warning::SessionEnded]
        );
        let s = state_at(at(96, 0));
        assert_eq!(s.warnings, [Warning::SegmentEnded, Warning::SessionEnded]);
        assert_eq!(
            s.session_left_seconds, -60,
            "the session has overrun by a minute"
        );
    }

    #[test]
    fn the_finished_record_shows_planned_and_actual_time() {
        let s = state_at(at(97, 0));
        assert_eq!(s.status, Status::Finished);
        assert!(s.warnings.is_empty(), "no warnings once finished");
        let planned: Vec<i64> = s.segments.iter().map(|r| r.planned_seconds / 60).collect();
        let extended: Vec<i64> = s.segments.iter().map(|r| r.extended_seconds).collect();
        let actual: Vec<i64> = s.segments.iter().map(|r| r.actual_seconds / 60).collect();
        assert_eq!(planned, [5, 14, 22, 7, 7, 7, 7, 11, 10]);
        assert_eq!(extended, [0, 0, 60, 0, 0, 0, 0, 0, 0]);
        assert_eq!(actual, [5, 16, 25, 7, 6, 6, 6, 10, 11]);
        assert_eq!(
            s.session_elapsed_seconds,
            92 * 60,
            "97 minutes on the clock less the 5-minute pause"
        );
        assert_eq!(s.session_left_seconds, -120);
        assert_eq!(
            s.behind_plan_seconds, 120,
            "two minutes longer than planned"
        );
        assert_eq!(s.predicted_end, at(97, 0), "once finished, the actual end");
        let much_later = workshop_until(at(97, 0)).state(at(600, 0));
        assert_eq!(
            much_later, s,
            "a finished record no longer changes with time"
        );
    }

    // ---- restarts and the clock --------------------------------------------

    #[test]
    fn reopening_after_a_crash_shows_the_right_time_at_once() {
        // The app records events as the workshop goes, then crashes at 41:00
        // and is reopened at 47:00; the stored rows are replayed.
        let mut live = Session::new(default_plan());
        let mut stored = Vec::new();
        for event in workshop().into_iter().filter(|e| e.at() <= at(41, 0)) {
            assert_eq!(live.record(event), Ok(()));
            stored.push(serde_json::to_string(&event).unwrap_or_default());
        }
        let reread: Vec<Event> = stored
            .iter()
            .filter_map(|row| serde_json::from_str(row).ok())
            .collect();
        assert_eq!(reread.len(), stored.len(), "every row reads back");
        let reopened = session_with(&reread);
        assert_eq!(reopened, live, "replaying the rows gives the same session");
        let s = reopened.state(at(47, 0));
        assert_eq!(s, live.state(at(47, 0)));
        // Theme 2: 9 minutes before the pause, 12 after it, of 23 allowed.
        assert_eq!(
            s.segment_elapsed_seconds,
            21 * 60,
            "the time the app was closed counts"
        );
        assert_eq!(s.segment_left_seconds, 120);
        assert_eq!(s.warnings, [Warning::SegmentTwoMinutes]);
        assert_eq!(
            reopened.state(at(52, 0)).segment_left_seconds,
            -180,
            "and it keeps counting"
        );
    }

    #[test]
    fn sleep_counts_as_meeting_time() {
        // No events while the laptop sleeps from 10:10 to 10:40.
        let s = session_with(&[
            Event::Started { at: at(0, 0) },
            Event::Moved {
                at: at(5, 0),
                to_segment: 1,
            },
        ]);
        let state = s.state(at(40, 0));
        assert_eq!(state.session_elapsed_seconds, 40 * 60);
        assert_eq!(state.segment_left_seconds, (14 - 35) * 60);
    }

    #[test]
    fn a_clock_moved_back_never_gives_negative_time() {
        // At 10:10 the clock is stepped back 5 minutes. Pause and Resume are
        // recorded at (clock) 10:06 and 10:07; both count as 10:10.
        let events = [
            Event::Started { at: at(0, 0) },
            Event::Moved {
                at: at(10, 0),
                to_segment: 1,
            },
            Event::Paused { at: at(6, 0) },
            Event::Resumed { at: at(7, 0) },
        ];
        let s = session_with(&events);
        assert_eq!(
            s.events()[2].at(),
            at(6, 0),
            "the stored event keeps what the clock said"
        );
        let state = s.state(at(8, 0));
        assert_eq!(state.segments[0].actual_seconds, 600);
        assert_eq!(
            state.segments[1].actual_seconds, 0,
            "the pause came at 10:10, not before the move"
        );
        assert_eq!(
            state.segment_elapsed_seconds, 0,
            "a `now` before the last event counts as that event's time"
        );
        assert_eq!(
            state.predicted_end,
            at(95, 0),
            "10:10 plus theme 1 onwards (85 minutes)"
        );
        assert_eq!(
            s.state(at(9, 0)),
            state,
            "still behind the last event: nothing moves"
        );
        let state = s.state(at(12, 0));
        assert_eq!(
            state.segment_elapsed_seconds, 120,
            "counting resumes from the clamped time"
        );
        assert!(state.segments.iter().all(|r| r.actual_seconds >= 0));
    }

    #[test]
    fn daylight_saving_changes_nothing() {
        // 2022-03-27T00:30:00Z: UK clocks go from 01:00 GMT to 02:00 BST
        // during this session; in UTC it is still 90 minutes.
        let start = Timestamp(1_648_341_000);
        let s = Session::replay(
            default_plan(),
            &[
                Event::Started { at: start },
                Event::Finished {
                    at: Timestamp(start.0 + 5400),
                },
            ],
        );
        let state = s.map(|s| s.state(Timestamp(start.0 + 5400)));
        assert_eq!(state.map(|s| s.session_elapsed_seconds), Ok(5400));
    }

    #[test]
    fn replay_refuses_a_log_that_does_not_fit_the_plan() {
        let mut short = default_plan();
        short.segments.truncate(3);
        let err = Session::replay(short, &workshop()).unwrap_err();
        assert_eq!(
            err,
            TimeboxError::StoredEvent {
                position: 7,
                reason: Box::new(TimeboxError::NoSuchSegment {
                    number: 4,
                    count: 3
                })
            }
        );
        assert!(err.to_string().contains("entry 7"), "{err}");
        let doubled = [
            Event::Started { at: at(0, 0) },
            Event::Started { at: at(1, 0) },
        ];
        assert!(matches!(
            Session::replay(default_plan(), &doubled),
            Err(TimeboxError::StoredEvent { position: 2, .. })
        ));
    }

    #[test]
    fn changing_minutes_mid_session_is_picked_up_on_replay() {
        let events: Vec<Event> = workshop()
            .into_iter()
            .filter(|e| e.at() <= at(5, 0))
            .collect();
        let mut plan = default_plan();
        assert_eq!(plan.set_minutes(1, 20), Ok(()));
        let s = Session::replay(plan, &events).map(|s| s.state(at(10, 0)));
        assert_eq!(s.map(|s| s.segment_left_seconds), Ok(15 * 60));
    }

    #[test]
    fn absurd_timestamps_do_not_panic() {
        let s = session_with(&[
            Event::Started {
                at: Timestamp(i64::MIN),
            },
            Event::Moved {
                at: Timestamp(i64::MAX),
                to_segment: 1,
            },
            Event::Extended {
                at: Timestamp(0),
                seconds: u32::MAX,
            },
        ]);
        let state = s.state(Timestamp(i64::MAX));
        assert_eq!(
            state.segments[0].actual_seconds,
            i64::MAX,
            "saturates rather than wrapping"
        );
        assert!(state.session_left_seconds < 0);
    }

    #[test]
    fn each_action_becomes_its_checked_event() {
        let mut s = Session::new(default_plan());
        assert_eq!(
            s.event_for(Action::Pause, at(0, 0)),
            Err(TimeboxError::NotStarted)
        );
        let steps = [
            (Action::Start, Event::Started { at: at(0, 0) }),
            (
                Action::Next,
                Event::Moved {
                    at: at(1, 0),
                    to_segment: 1,
                },
            ),
            (
                Action::Previous,
                Event::Moved {
                    at: at(2, 0),
                    to_segment: 0,
                },
            ),
            (Action::Pause, Event::Paused { at: at(3, 0) }),
            (Action::Resume, Event::Resumed { at: at(4, 0) }),
            (
                Action::AddMinute,
                Event::Extended {
                    at: at(5, 0),
                    seconds: 60,
                },
            ),
            (Action::Finish, Event::Finished { at: at(6, 0) }),
        ];
        for (action, want) in steps {
            let event = s.event_for(action, want.at());
            assert_eq!(event, Ok(want), "{action:?}");
            assert_eq!(s.record(want), Ok(()));
        }
        assert_eq!(
            s.event_for(Action::Start, at(7, 0)),
            Err(TimeboxError::Finished)
        );
    }

    #[test]
    fn a_plan_follows_changed_themes_keeping_the_chairs_minutes() {
        let mut plan = Plan::default_for(&template_with(&[2, 2, 2]));
        assert_eq!(plan.set_minutes(2, 40), Ok(()));
        // Theme 1 removed, theme 2 kept, a theme 4 added, theme 3 renamed.
        let mut themes = template_with(&[2, 2, 2, 1]).themes;
        themes.remove(0);
        themes[1].title = "Renamed".into();
        plan.follow_themes(&themes);
        let titles: Vec<&str> = plan.segments.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                OPENING_TITLE,
                "Theme 2",
                "Renamed",
                "Theme 4",
                CLOSING_TITLE
            ]
        );
        assert_eq!(minutes(&plan), [5, 40, 25, 0, 10], "kept, kept, new at 0");
    }

    // ---- serialised forms ----------------------------------------------------

    #[test]
    fn going_to_a_themes_segment_moves_there_and_refuses_the_current_one() {
        let plan = default_plan();
        let theme = match &plan.segments[3].kind {
            SegmentKind::Theme { theme_id } => theme_id.clone(),
            other => panic!("segment 3 is a theme, not {other:?}"),
        };
        assert_eq!(plan.segment_of_theme(&theme), Some(3));
        assert_eq!(plan.segment_of_theme("no-such-theme"), None);
        let mut s = Session::new(plan);
        assert_eq!(
            s.event_for(Action::GoTo { segment: 3 }, at(0, 0)),
            Err(TimeboxError::NotStarted),
            "no moving before the start"
        );
        s.record(Event::Started { at: at(0, 0) }).expect("start");
        let event = s
            .event_for(Action::GoTo { segment: 3 }, at(1, 0))
            .expect("a later theme");
        s.record(event).expect("moved");
        assert_eq!(s.state(at(1, 0)).current_segment, 3);
        assert_eq!(
            s.event_for(Action::GoTo { segment: 3 }, at(1, 5)),
            Err(TimeboxError::AlreadyOnSegment { number: 4 })
        );
    }

    #[test]
    fn events_serialise_as_kind_time_and_payload() {
        let cases = [
            (
                Event::Started { at: Timestamp(1) },
                r#"{"kind":"started","at":1}"#,
            ),
            (
                Event::Paused { at: Timestamp(2) },
                r#"{"kind":"paused","at":2}"#,
            ),
            (
                Event::Resumed { at: Timestamp(3) },
                r#"{"kind":"resumed","at":3}"#,
            ),
            (
                Event::Moved {
                    at: Timestamp(4),
                    to_segment: 2,
                },
                r#"{"kind":"moved","at":4,"to_segment":2}"#,
            ),
            (
                Event::Extended {
                    at: Timestamp(5),
                    seconds: 60,
                },
                r#"{"kind":"extended","at":5,"seconds":60}"#,
            ),
            (
                Event::Finished { at: Timestamp(6) },
                r#"{"kind":"finished","at":6}"#,
            ),
        ];
        for (event, json) in cases {
            assert_eq!(serde_json::to_string(&event).ok().as_deref(), Some(json));
            assert_eq!(serde_json::from_str::<Event>(json).ok(), Some(event));
            assert!(
                json.contains(&format!(r#""kind":"{}""#, event.kind())),
                "kind() matches the tag"
            );
        }
        assert!(
            serde_json::from_str::<Event>(r#"{"kind":"moved","at":4}"#).is_err(),
            "a move needs its segment"
        );
    }

    #[test]
    fn plan_and_state_serialise_in_snake_case() {
        let plan = default_plan();
        let json = serde_json::to_string(&plan).unwrap_or_default();
        assert!(json.contains(r#"{"kind":{"type":"theme","theme_id":"t1"},"title":"Safeguarding Structure","minutes":14}"#), "{json}");
        assert!(json.contains(r#"{"type":"opening"}"#), "{json}");
        assert_eq!(serde_json::from_str::<Plan>(&json).ok(), Some(plan));
        let state = state_at(at(94, 0));
        let json = serde_json::to_string(&state).unwrap_or_default();
        assert!(json.contains(r#""status":"running""#), "{json}");
        assert!(
            json.contains(r#""warnings":["segment_two_minutes","session_five_minutes"]"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<State>(&json).ok(), Some(state));
    }
}
