//! The workshop timer against a real file: the plan and events are stored,
//! reopening mid-session gives the same state at the same `now`, plan edits
//! after the start keep the segments, set-up edits (which rewrite the whole
//! audit) keep the record, and the JSON form carries it.

use s11core::dates::Timestamp;
use s11core::interchange::{from_json, to_json};
use s11core::timebox::{Action, Event, Status, Warning};
use s11core::{AuditDoc, Store, StoreError};

const T0: Timestamp = Timestamp(1_644_487_200); // 10 February 2022, 10:00 UTC

fn at(m: i64, s: i64) -> Timestamp {
    Timestamp(T0.0 + m * 60 + s)
}

fn new_store(path: &std::path::Path) -> Store {
    let mut store = Store::create(
        path,
        &AuditDoc::new(
            "a".into(),
            "Testshire Children's Partnership".into(),
            "2024-25".into(),
        ),
    )
    .expect("created");
    store
        .update(|d| d.add_review("r1".into(), "Testshire Youth Service", "TYS"))
        .expect("review");
    store
}

#[test]
fn an_untouched_review_has_the_default_plan_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = new_store(&dir.path().join("t.s11"));
    let v = store.timer("r1", at(0, 0)).expect("timer");
    assert!(!v.stored, "reading the timer writes nothing");
    let minutes: Vec<u32> = v.plan.segments.iter().map(|s| s.minutes).collect();
    assert_eq!(
        minutes,
        [5, 14, 22, 7, 7, 7, 7, 11, 10],
        "the default template's plan (see timebox.rs)"
    );
    assert_eq!((v.total_minutes, v.mismatch), (90, None));
    assert_eq!(v.state.status, Status::NotStarted);
    assert!(store.load().expect("load").reviews[0].timebox.is_none());
    let err = store
        .timer("nope", at(0, 0))
        .err()
        .expect("an unknown review is refused");
    assert!(
        matches!(err, StoreError::Gone(s11core::store::Gone::Review)),
        "an unknown review is refused as gone: {err}"
    );
}

#[test]
fn events_and_plan_survive_reopening_mid_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.s11");
    let live = {
        let mut store = new_store(&path);
        store
            .set_segment_minutes("r1", 1, 16, at(0, 0))
            .expect("edit before the start");
        store
            .timer_action("r1", Action::Start, at(0, 0))
            .expect("start");
        store
            .timer_action("r1", Action::Next, at(5, 0))
            .expect("next");
        store
            .timer_action("r1", Action::Pause, at(10, 0))
            .expect("pause");
        store
            .timer_action("r1", Action::Resume, at(12, 0))
            .expect("resume");
        store
            .timer_action("r1", Action::AddMinute, at(13, 0))
            .expect("a minute");
        let err = store
            .timer_action("r1", Action::Resume, at(13, 30))
            .err()
            .expect("resuming a running timer is refused");
        assert!(
            err.to_string().contains("already running"),
            "a refused action says why: {err}"
        );
        store.timer("r1", at(20, 0)).expect("state")
        // The app "crashes" here: the store is dropped without any closing step.
    };
    let store = Store::open(&path).expect("reopen");
    let again = store.timer("r1", at(20, 0)).expect("state after reopening");
    assert_eq!(
        again, live,
        "the same events give the same state at the same time"
    );
    let s = &again.state;
    assert_eq!((s.status, s.current_segment), (Status::Running, 1));
    // Theme 1: 16 planned + 1 added; 5 minutes before the pause, 8 after.
    assert_eq!(s.segment_elapsed_seconds, 13 * 60);
    assert_eq!(s.segment_left_seconds, 4 * 60);
    assert_eq!(
        s.session_elapsed_seconds,
        18 * 60,
        "the 2-minute pause is not meeting time"
    );
    let doc = store.load().expect("load");
    let timebox = doc.reviews[0]
        .timebox
        .as_ref()
        .expect("stored with the first event");
    assert_eq!(timebox.events.len(), 5, "the refused Resume was not stored");
    assert_eq!(
        timebox.events[1],
        Event::Moved {
            at: at(5, 0),
            to_segment: 1
        }
    );
    assert_eq!(timebox.plan.segments[1].minutes, 16);
    // Later: the time the app was closed counts.
    let later = store.timer("r1", at(24, 0)).expect("later");
    assert_eq!(later.state.segment_left_seconds, 0);
    assert_eq!(later.state.warnings, [Warning::SegmentEnded]);
}

#[test]
fn plan_edits_after_the_start_keep_the_segments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.s11");
    let mut store = new_store(&path);
    store
        .timer_action("r1", Action::Start, at(0, 0))
        .expect("start");
    store
        .timer_action("r1", Action::Next, at(5, 0))
        .expect("next");
    // The template changes mid-workshop: a theme is added. The started plan
    // keeps its nine segments, so the record still replays.
    store
        .update(|d| d.add_theme("t-new".into(), "A new theme"))
        .expect("theme added");
    let v = store
        .set_segment_minutes("r1", 1, 20, at(6, 0))
        .expect("edit");
    assert_eq!(
        v.plan.segments.len(),
        9,
        "a started plan keeps its segments"
    );
    assert_eq!(v.mismatch, Some(6), "and warns that it no longer adds up");
    assert_eq!(
        v.state.segment_left_seconds,
        19 * 60,
        "the new minutes apply at once"
    );
    let v = store
        .set_session_length("r1", 96, at(6, 0))
        .expect("length");
    assert_eq!(v.mismatch, None);
    let v = store
        .set_timer_in_report("r1", true, at(6, 0))
        .expect("report");
    assert!(v.include_in_report);
    assert!(
        store.set_segment_minutes("r1", 9, 5, at(6, 0)).is_err(),
        "there is no tenth segment"
    );
    assert!(
        store
            .set_segment_minutes("r1", 1, 100_000, at(6, 0))
            .is_err(),
        "absurd minutes are refused"
    );
    assert!(store.set_session_length("r1", 0, at(6, 0)).is_err());
    // A set-up edit rewrites the whole audit: the timer must come through.
    store
        .update(|d| d.rename_theme("t1", "Structure"))
        .expect("rename");
    drop(store);
    let store = Store::open(&path).expect("reopen");
    let v = store.timer("r1", at(7, 0)).expect("timer");
    assert_eq!(
        (
            v.plan.length_minutes,
            v.plan.segments[1].minutes,
            v.include_in_report
        ),
        (96, 20, true)
    );
    assert_eq!(
        v.state.segment_elapsed_seconds, 120,
        "the record survived the rewrite"
    );
}

#[test]
fn a_plan_not_yet_started_follows_the_template() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = new_store(&dir.path().join("t.s11"));
    store
        .set_segment_minutes("r1", 2, 20, at(0, 0))
        .expect("edit");
    store
        .update(|d| d.add_theme("t-new".into(), "A new theme"))
        .expect("theme added");
    store
        .update(|d| d.rename_theme("t1", "Structure"))
        .expect("rename");
    let v = store.timer("r1", at(0, 0)).expect("timer");
    let titles: Vec<&str> = v.plan.segments.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles.len(), 10, "the new theme has a segment");
    assert_eq!(titles[1], "Structure", "titles follow the template");
    assert_eq!(titles[8], "A new theme");
    assert_eq!(
        v.plan.segments[8].minutes, 0,
        "a new theme starts with no minutes, for the chair to set"
    );
    assert_eq!(v.plan.segments[2].minutes, 20, "the chair's edit is kept");
    assert_eq!(
        v.plan.segments[9].title, "The organisation's questions",
        "the closing stays last"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with python3's jsonschema, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn the_timer_round_trips_through_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = new_store(&dir.path().join("t.s11"));
    store
        .timer_action("r1", Action::Start, at(0, 0))
        .expect("start");
    store
        .timer_action("r1", Action::Next, at(5, 0))
        .expect("next");
    store
        .timer_action("r1", Action::Finish, at(9, 0))
        .expect("finish");
    let doc = store.load().expect("load");
    let json = to_json(&doc);
    assert!(
        json.contains(r#""kind": "moved""#),
        "events are in the export"
    );
    crate::schema::validates(&json).expect("the export with a timer follows the published schema");
    let back = from_json(&json).expect("reads back");
    assert_eq!(back, doc, "the JSON form keeps the timer");
    let copy = Store::create(&dir.path().join("copy.s11"), &back).expect("import");
    assert_eq!(
        copy.timer("r1", at(60, 0)).expect("timer").state,
        store.timer("r1", at(60, 0)).expect("timer").state
    );

    // A record that does not fit its plan is refused on import, with a reason.
    let mut broken = doc.clone();
    if let Some(t) = broken.reviews[0].timebox.as_mut() {
        t.plan.segments.truncate(1);
    }
    let err = from_json(&to_json(&broken))
        .err()
        .expect("a record that does not fit is refused");
    assert!(err.to_string().contains("does not fit its plan"), "{err}");
}
