//! The workshop's writes against a real file: frozen questions, response
//! history, limits, and set-up edits that must not change a held record.

use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::review::ReviewStatus;
use s11core::setup::ReviewDetails;
use s11core::{AuditDoc, Store, StoreError};

fn store(dir: &tempfile::TempDir) -> Store {
    Store::create(&dir.path().join("w.s11"), &example().expect("example")).expect("created")
}

const T0: Timestamp = Timestamp(1_644_501_900); // 10 February 2022, 14:05 UTC

#[test]
fn a_held_review_keeps_the_questions_it_was_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    // A new review, held: its questions freeze.
    s.update(|d| d.add_review("r-new".into(), "Testshire Youth Service", "TYS"))
        .expect("add");
    s.update(|d| {
        let mut details = ReviewDetails {
            organisation: "Testshire Youth Service".into(),
            short_name: "TYS".into(),
            date: Some("2022-03-10".into()),
            preparation: String::new(),
            panel: vec![],
            representatives: vec![],
            apologies: vec![],
        };
        details.panel = d.panel.iter().take(2).map(|m| m.id.clone()).collect();
        d.update_review("r-new", details)?;
        d.set_review_status("r-new", ReviewStatus::Held)
    })
    .expect("held");
    s.set_response("r-new", "t1q1", "Staff use the safeguarding app.", T0)
        .expect("minute");

    // Later the template is reworded and a question removed.
    s.update(|d| d.update_question("t1q1", "How do staff raise a concern?", vec![], ""))
        .expect("reword");
    s.update(|d| d.remove_question("t1q4"))
        .expect("remove an unanswered question");

    let doc = s.load().expect("load");
    let review = doc.review("r-new").expect("review");
    let asked = doc.themes_for(review);
    assert_eq!(
        asked[0].questions[0].text,
        "How do you ensure that staff know what to do if they have a concern for a child or an adult?",
        "the held review keeps the wording it was asked"
    );
    assert_eq!(
        asked[0].questions.len(),
        4,
        "and the question since removed from the template"
    );
    assert_eq!(
        doc.template.themes[0].questions[0].text,
        "How do staff raise a concern?"
    );
    assert_eq!(doc.template.themes[0].questions.len(), 3);
    assert_eq!(
        review.response_for("t1q1").map(|r| r.text.as_str()),
        Some("Staff use the safeguarding app.")
    );

    // The frozen copy survives the file being closed and reopened.
    drop(s);
    let again = Store::open(&dir.path().join("w.s11"))
        .expect("open")
        .load()
        .expect("load");
    assert_eq!(again, doc);
}

#[test]
fn a_planned_reviews_minutes_stop_a_question_being_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    s.update(|d| d.add_review("r-plan".into(), "Planned Org", ""))
        .expect("add");
    s.set_response("r-plan", "t2q1", "Notes taken before marking held", T0)
        .expect("minute");
    let err = s
        .update(|d| d.remove_question("t2q1"))
        .err()
        .expect("refused");
    assert!(matches!(err, StoreError::Setup(_)), "{err:?}");
    assert!(
        err.to_string().contains("Planned Org"),
        "names the review with minutes: {err}"
    );
    assert!(
        s.load().expect("load").template.themes[1]
            .questions
            .iter()
            .any(|q| q.id == "t2q1"),
        "nothing changed"
    );
}

#[test]
fn history_keeps_a_version_every_couple_of_minutes_and_can_restore() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let q = "t1q1";
    s.set_response("r-bnssg-ccg", q, "First draft", T0)
        .expect("save");
    // Typing on: saves within two minutes of the last kept version add none.
    for i in 1..=10 {
        s.set_response(
            "r-bnssg-ccg",
            q,
            &format!("First draft, line {i}"),
            Timestamp(T0.0 + i),
        )
        .expect("save");
    }
    let history = s.response_history("r-bnssg-ccg", q).expect("history");
    // The seed's text was kept when first overwritten, then "First draft" is
    // within two minutes of that, so not kept again.
    assert_eq!(
        history.len(),
        1,
        "one version per two minutes, not per keystroke: {history:?}"
    );
    assert!(
        history[0].text.starts_with("There is an induction"),
        "the seed's response is the oldest version"
    );

    s.set_response(
        "r-bnssg-ccg",
        q,
        "Rewritten three minutes later",
        Timestamp(T0.0 + 180),
    )
    .expect("save");
    let history = s.response_history("r-bnssg-ccg", q).expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].text, "First draft, line 10",
        "newest first: the text just replaced"
    );

    // Restoring is saving an old text: the current one becomes history too.
    let old = history[1].text.clone();
    s.set_response("r-bnssg-ccg", q, &old, Timestamp(T0.0 + 400))
        .expect("restore");
    let doc = s.load().expect("load");
    assert_eq!(
        doc.reviews[0].response_for(q).map(|r| r.text.clone()),
        Some(old)
    );
    assert_eq!(
        s.response_history("r-bnssg-ccg", q).expect("history").len(),
        3
    );
}

#[test]
fn limits_are_enforced_in_the_core_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let megabyte = "Word ".repeat(210_000);
    s.set_response("r-bnssg-ccg", "t1q1", &megabyte, T0)
        .expect("a megabyte minute is fine");
    let huge = "x".repeat(3 * 1024 * 1024);
    let err = s
        .set_response("r-bnssg-ccg", "t1q1", &huge, Timestamp(T0.0 + 1))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("2 MB"), "{err}");
    let doc = s.load().expect("load");
    assert_eq!(
        doc.reviews[0].response_for("t1q1").map(|r| r.text.len()),
        Some(megabyte.len()),
        "the saved minute is untouched"
    );

    let awkward = "Café — “quoted” \u{202E}reversed\u{202C} 👩‍👧 <b>not bold</b>\r\nnext\0line";
    s.set_response("r-bnssg-ccg", "t1q2", awkward, T0)
        .expect("saved");
    let doc = s.load().expect("load");
    assert_eq!(
        doc.reviews[0].response_for("t1q2").map(|r| r.text.as_str()),
        Some("Café — “quoted” \u{202E}reversed\u{202C} 👩‍👧 <b>not bold</b>\nnextline"),
        "kept as plain text: line endings normalised, NUL dropped, everything else as typed"
    );
}

#[test]
fn unknown_reviews_and_questions_are_refused_plainly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    assert!(matches!(
        s.set_response("nope", "t1q1", "x", T0),
        Err(StoreError::Gone(s11core::store::Gone::Review))
    ));
    assert!(matches!(
        s.set_response("r-bnssg-ccg", "t9q9", "x", T0),
        Err(StoreError::Refused(_))
    ));
    assert!(s
        .set_theme_incomplete("r-bnssg-ccg", "t9", Some("x"))
        .is_err());
}

#[test]
fn not_completed_and_search() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    s.set_theme_incomplete("r-bnssg-ccg", "t4", Some("Ran out of time."))
        .expect("mark");
    assert_eq!(
        s.load().expect("load").reviews[0].incomplete_reason("t4"),
        Some("Ran out of time.")
    );
    s.set_theme_incomplete("r-bnssg-ccg", "t4", None)
        .expect("clear");
    assert_eq!(
        s.load().expect("load").reviews[0].incomplete_reason("t4"),
        None
    );

    let hits = s.search_minutes("EQUINE").expect("search");
    assert_eq!(
        hits.len(),
        1,
        "case-insensitive, one response mentions equine therapy"
    );
    assert_eq!(hits[0].review_name, "BNSSG CCG");
    assert!(
        hits[0].excerpt.contains("equine therapy"),
        "{}",
        hits[0].excerpt
    );
    assert_eq!(
        hits[0].place, "Theme 4, question 4.2",
        "a hit says where it is, numbered as on the minutes screen"
    );
    assert!(s.search_minutes("   ").expect("search").is_empty());
}

#[test]
fn held_records_refuse_changes_that_would_rewrite_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    s.update(|d| d.set_review_status("r-bnssg-ccg", ReviewStatus::Held))
        .expect("already held; freezes now");
    let sarah = s.load().expect("load").panel[0].id.clone();
    let err = s
        .update(|d| d.remove_panel_member(&sarah))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("held"), "{err}");
    let err = s
        .update(|d| d.remove_review("r-bnssg-ccg"))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("held"), "{err}");
    let err = s
        .update(|d| d.set_review_status("r-cvs", ReviewStatus::Held))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("date"), "held needs a date: {err}");
}

#[test]
fn set_up_edits_build_an_audit_from_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = Store::create(
        &dir.path().join("n.s11"),
        &AuditDoc::new("a".into(), "P".into(), "2024-25".into()),
    )
    .expect("created");
    s.update(|d| d.add_panel_member("m1".into(), "Ann Chair", "Business Manager", "P"))
        .expect("first member");
    s.update(|d| d.add_panel_member("m2".into(), "Bob Police", "", "Police"))
        .expect("second");
    let doc = s.load().expect("load");
    assert!(
        doc.panel[0].chair,
        "the first member added is the chair until changed"
    );
    s.update(|d| d.set_chair(Some("m2"))).expect("chair");
    let doc = s.load().expect("load");
    assert_eq!(doc.chair().map(|m| m.id.as_str()), Some("m2"), "one chair");
    assert!(!doc.panel[0].chair);
    s.update(|d| d.add_theme("tx".into(), "Online Safety"))
        .expect("theme");
    s.update(|d| d.add_question("tx", "qx".into(), "How do you keep children safe online?"))
        .expect("q");
    s.update(|d| d.move_theme("tx", -1)).expect("move");
    let doc = s.load().expect("load");
    assert_eq!(
        doc.template.themes[6].title, "Online Safety",
        "moved up one place, before Children's Partnerships"
    );
    assert!(
        s.update(|d| d.add_panel_member("m3".into(), "  ", "", ""))
            .is_err(),
        "a name is needed"
    );
}
