//! Set-up edits write only what they change (issue 20): the result is the
//! audit the edit made, the minutes' rows are left alone, and damaged
//! stored values are reported as damage, not read as defaults.

use rusqlite::Connection;
use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::recommendation::RecommendationFor;
use s11core::review::{ContactAttempt, ReviewStatus};
use s11core::setup::{ReviewDetails, SetupError};
use s11core::{AuditDoc, Store, StoreError};

const T1: Timestamp = Timestamp(1_644_501_900); // 10 February 2022, 14:05 UTC
const T2: Timestamp = Timestamp(1_644_505_500); // an hour later

fn details(org: &str, short: &str) -> ReviewDetails {
    ReviewDetails {
        organisation: org.into(),
        short_name: short.into(),
        date: None,
        preparation: String::new(),
        panel: vec![],
        representatives: vec![],
        apologies: vec![],
    }
}

/// Applies `edit` both to the file and to a copy in memory: the file must
/// then read back exactly as the copy.
fn same_as_in_memory(
    s: &mut Store,
    what: &str,
    edit: impl Fn(&mut AuditDoc) -> Result<(), SetupError>,
) {
    let mut expected = s.load().expect("load");
    edit(&mut expected).unwrap_or_else(|e| panic!("{what}: {}", e.0));
    s.update(|d| edit(d))
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let back = s.load().expect("reload");
    assert_eq!(
        back, expected,
        "after {what}, the file holds what the edit made"
    );
}

#[test]
fn every_kind_of_set_up_edit_reads_back_as_the_edit_made_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("edits.s11");
    let mut s = Store::create(&path, &example().expect("example")).expect("created");
    let doc = s.load().expect("load");
    let m0 = doc.panel[0].id.clone();
    let m1 = doc.panel[1].id.clone();
    let theme = doc.template.themes[0].id.clone();
    let q = doc.template.themes[0].questions[0].id.clone();

    same_as_in_memory(&mut s, "renaming a panel member", |d| {
        d.update_panel_member(&m0, "Siân Llŷr", "Designated nurse", "Health")
    });
    same_as_in_memory(&mut s, "handing the chair over", |d| d.set_chair(Some(&m1)));
    same_as_in_memory(&mut s, "adding a panel member", |d| {
        d.add_panel_member("m-new".into(), "Ynys Môn", "Officer", "Police")
    });
    same_as_in_memory(&mut s, "removing a panel member", |d| {
        d.remove_panel_member("m-new")
    });
    same_as_in_memory(&mut s, "adding a review", |d| {
        d.add_review("r-new".into(), "Testshire Youth Service", "TYS")
    });
    same_as_in_memory(&mut s, "editing a review's details", |d| {
        let mut r = details("Testshire Youth Service (North)", "TYS N");
        r.panel = vec![m0.clone(), m1.clone()];
        r.representatives = vec![s11core::review::Person {
            name: "Llinos Ap".into(),
            role: "Lead".into(),
        }];
        d.update_review("r-new", r)
    });
    same_as_in_memory(&mut s, "logging a contact attempt", |d| {
        d.add_contact(
            "r-new",
            ContactAttempt {
                date: "2022-01-05".into(),
                person: "Head of service".into(),
                method: "Email".into(),
                note: String::new(),
            },
        )
    });
    same_as_in_memory(&mut s, "reordering reviews", |d| {
        let last = d.reviews.len() - 1;
        d.reviews.swap(0, last);
        Ok(())
    });
    same_as_in_memory(&mut s, "adding a theme", |d| {
        d.add_theme("t-new".into(), "Online safety")
    });
    same_as_in_memory(&mut s, "adding a question", |d| {
        d.add_question(
            "t-new",
            "q-new".into(),
            "How are staff trained on online harms?",
        )
    });
    same_as_in_memory(&mut s, "rewording a question", |d| {
        d.update_question(
            "q-new",
            "How are all staff trained on online harms?",
            vec!["Induction".into()],
            "Ask for examples.",
        )
    });
    same_as_in_memory(&mut s, "moving a theme", |d| d.move_theme("t-new", -1));
    same_as_in_memory(&mut s, "renaming a theme", |d| {
        d.rename_theme(&theme, "Leadership and accountability")
    });
    same_as_in_memory(&mut s, "adding a recommendation", |d| {
        d.add_recommendation(
            "rec-new".into(),
            RecommendationFor::Organisation,
            Some("r-new".into()),
            Some("t-new".into()),
            Some("q-new".into()),
            "",
        )
    });
    same_as_in_memory(&mut s, "making it the partnership's", |d| {
        d.set_recommendation_for("rec-new", RecommendationFor::Partnership)
    });
    same_as_in_memory(&mut s, "removing the question", |d| {
        d.remove_question("q-new")
    });
    same_as_in_memory(&mut s, "removing the theme", |d| d.remove_theme("t-new"));
    same_as_in_memory(&mut s, "removing the recommendation", |d| {
        d.remove_recommendation("rec-new")
    });
    same_as_in_memory(&mut s, "removing the review", |d| d.remove_review("r-new"));
    // A question the example's held reviews were asked is still asked by them.
    assert!(s.load().expect("load").template.themes[0]
        .questions
        .iter()
        .any(|x| x.id == q));

    // And the file reopens as it was left.
    let left = s.load().expect("load");
    drop(s);
    assert_eq!(
        Store::open(&path).expect("reopen").load().expect("load"),
        left
    );
}

#[test]
fn a_set_up_edit_writes_only_the_rows_it_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s =
        Store::create(&dir.path().join("rows.s11"), &example().expect("example")).expect("created");
    let member = s.load().expect("load").panel[0].id.clone();
    let before = s.changes_made();
    s.update(|d| d.update_panel_member(&member, "Renamed Member", "Designated nurse", "Health"))
        .expect("rename");
    assert_eq!(
        s.changes_made() - before,
        1,
        "renaming a panel member changes one row, not the whole audit"
    );
    let before = s.changes_made();
    s.update(|_| Ok(())).expect("no change");
    assert_eq!(
        s.changes_made() - before,
        0,
        "an edit that changes nothing writes nothing"
    );
}

#[test]
fn a_set_up_edit_keeps_when_each_response_was_last_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("saved.s11");
    let mut s = Store::create(&path, &example().expect("example")).expect("created");
    s.update(|d| d.add_review("r-new".into(), "Testshire Youth Service", "TYS"))
        .expect("add");
    let q = s.load().expect("load").template.themes[0].questions[0]
        .id
        .clone();
    let first = s
        .set_response("r-new", &q, "Supervision is monthly.", T1)
        .expect("minute");
    let member = s.load().expect("load").panel[0].id.clone();
    s.update(|d| d.update_panel_member(&member, "Renamed Member", "", ""))
        .expect("rename");
    // Saving the same text again reports when it was really saved.
    let again = s
        .set_response("r-new", &q, "Supervision is monthly.", T2)
        .expect("same text");
    assert_eq!(
        again.saved, first.saved,
        "the set-up edit kept the response's saved time"
    );
    // And the kept version of a later change is dated by that time.
    s.set_response("r-new", &q, "Supervision is monthly and recorded.", T2)
        .expect("changed");
    let history = s.response_history("r-new", &q).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].saved, first.saved,
        "the earlier version keeps its own time"
    );
}

#[test]
fn a_set_up_edit_that_would_change_minutes_is_refused_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Store::create(&dir.path().join("guard.s11"), &example().expect("example"))
        .expect("created");
    s.update(|d| d.add_review("r-new".into(), "Testshire Youth Service", "TYS"))
        .expect("add");
    let q = s.load().expect("load").template.themes[0].questions[0]
        .id
        .clone();
    s.set_response("r-new", &q, "Typed in the workshop.", T1)
        .expect("minute");
    let before = s.load().expect("load");
    let err = s
        .update(|d| {
            d.set_review_status("r-new", ReviewStatus::DidNotTakePlace)?;
            let r = d
                .reviews
                .iter_mut()
                .find(|r| r.id == "r-new")
                .expect("review");
            r.responses[0].text = "Rewritten by set-up".into();
            Ok(())
        })
        .err()
        .expect("refused");
    assert!(matches!(err, StoreError::Refused(_)), "got {err:?}");
    assert_eq!(
        s.load().expect("load"),
        before,
        "nothing of the edit was written"
    );
}

#[test]
fn damaged_stored_values_are_reported_not_defaulted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("damaged.s11");
    drop(Store::create(&path, &example().expect("example")).expect("created"));
    let raw = Connection::open(&path).expect("raw");
    raw.execute("UPDATE question SET points = '[\"unterminated' WHERE rowid = (SELECT MIN(rowid) FROM question)", [])
        .expect("damage");
    drop(raw);
    let s = Store::open(&path).expect("opens: the file itself is sound");
    let err = s
        .load()
        .err()
        .expect("the damaged points are not read as none");
    assert!(matches!(err, StoreError::Damaged(..)), "got {err:?}");
    assert!(err.to_string().contains("backup"), "says what to do: {err}");
}
