//! The workshop end to end: set up a review, type minutes with the keyboard,
//! add a recommendation, mark a theme not completed, close, reopen and find
//! everything; kill the app after typing and lose at most the last second.

use std::path::Path;
use std::time::Duration;

use s11core::review::ReviewStatus;
use s11core::Store;

use crate::driver::App;
use crate::keys::{ALT, DOWN, RELEASE};
use crate::screenshot_dir;
use crate::testshire_audit;

fn new_audit(path: &Path) {
    testshire_audit(path, |d| {
        d.add_panel_member(
            "m1".into(),
            "Ann Chair",
            "Business Manager",
            "Testshire Children's Partnership",
        )?;
        d.add_panel_member("m2".into(), "Bob Officer", "", "Testshire Police")
    });
}

fn wait_saved(app: &App) {
    app.wait_for_text("#status", "Saved at");
}

#[test]
fn a_chair_sets_up_a_review_and_takes_minutes_with_the_keyboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("workshop.s11");
    new_audit(&path);
    let arg = path.to_str().expect("utf-8 path");

    {
        let app = App::start(&[arg]);
        app.wait_for_text("#audit-title", "Testshire");
        app.type_into(
            "#new-review-organisation",
            "Testshire Youth Offending Service",
        );
        app.type_into("#new-review-short-name", "Testshire YOS\u{E007}");
        app.type_into("#review-date", "10/02/2025");
        app.click("#sits-m2");
        app.click("#representatives-list + button");
        app.type_here("Dana Lead\t");
        // Enter adds the next representative, as it adds a panel member.
        app.type_here("Head of Service\u{E007}");
        app.type_here("Eve Deputy");
        app.type_into(
            "#review-preparation",
            "Well prepared, with written answers in advance.",
        );
        wait_saved(&app);
        app.click("#status-held");
        // The screen is redrawn with the status saved and the focus kept on it.
        app.wait_for_focus("status-held");
        assert_eq!(
            app.value("#review-date"),
            "10/02/2025",
            "the date comes back in the form the hint uses, not as stored"
        );
        app.click("#open-minutes");
        app.wait_for_text("#minutes-title", "Testshire YOS");

        // Theme 1, question 1 has the focus; type, then move on with Alt+Down.
        app.type_here("Staff use the safeguarding app to raise concerns.");
        app.type_here(&format!("{ALT}{DOWN}{RELEASE}"));
        assert_eq!(
            app.focused_id(),
            "resp-t1q2",
            "Alt+Down moves to the next question"
        );
        app.type_here("Weekly bulletin; quizzes check understanding.");
        // Jump to theme 3 (Impact of Covid-19) with Alt+3.
        app.type_here(&format!("{ALT}3{RELEASE}"));
        assert_eq!(
            app.focused_id(),
            "resp-t3q1",
            "Alt+3 jumps to the third theme"
        );
        app.type_here("Wellbeing days helped: staff felt valued.");
        // A recommendation after this question, with Alt+R.
        app.type_here(&format!("{ALT}r{RELEASE}"));
        app.wait_for_text(".rec-label", "Recommendation 1");
        app.type_here("Keep the partnership told about capacity.");
        // Theme 6 (Child Exploitation): not completed, with Alt+N.
        app.type_here(&format!("{ALT}6{RELEASE}"));
        app.type_here(&format!("{ALT}n{RELEASE}"));
        assert_eq!(
            app.focused_id(),
            "reason-t6",
            "Alt+N marks the theme and moves to its reason"
        );
        app.type_here("Specialist service: covered elsewhere.");
        wait_saved(&app);
        let nav = app.text(".theme-nav");
        assert!(
            nav.contains("2 of 4"),
            "the side list counts minutes per theme: {nav}"
        );
        assert!(nav.contains("not completed"), "{nav}");
        app.screenshot(&screenshot_dir().join("minutes.png"));
    }

    // Reopen: everything typed is there.
    let store = Store::open(&path).expect("reopen");
    let doc = store.load().expect("load");
    let review = doc
        .reviews
        .iter()
        .find(|r| r.short_name == "Testshire YOS")
        .expect("review saved");
    assert_eq!(review.status, ReviewStatus::Held);
    assert_eq!(
        review.date.as_deref(),
        Some("2025-02-10"),
        "British date typed, ISO stored"
    );
    assert_eq!(
        review.panel,
        ["m1", "m2"],
        "the chair sits by default; Bob was added"
    );
    assert_eq!(
        review.representatives.len(),
        2,
        "Enter added a second representative"
    );
    assert_eq!(review.representatives[1].name, "Eve Deputy");
    assert_eq!(review.representatives[0].role, "Head of Service");
    assert_eq!(
        review.response_for("t1q1").map(|r| r.text.as_str()),
        Some("Staff use the safeguarding app to raise concerns.")
    );
    assert_eq!(
        review.response_for("t3q1").map(|r| r.text.as_str()),
        Some("Wellbeing days helped: staff felt valued.")
    );
    assert_eq!(
        review.incomplete_reason("t6"),
        Some("Specialist service: covered elsewhere.")
    );
    let rec = doc
        .recommendations
        .iter()
        .find(|r| r.review.as_deref() == Some(review.id.as_str()))
        .expect("recommendation");
    assert_eq!(rec.text, "Keep the partnership told about capacity.");
    assert_eq!(
        (rec.theme.as_deref(), rec.after_question.as_deref()),
        (Some("t3"), Some("t3q1"))
    );
    drop(store);

    // And the app shows it again after a restart.
    let app = App::start(&[arg]);
    app.wait_for_text("#audit-title", "Testshire");
    app.click("[data-minutes]");
    app.wait_for_text("#minutes-title", "Testshire YOS");
    assert_eq!(
        app.value("#resp-t1q2"),
        "Weekly bulletin; quizzes check understanding."
    );
    assert_eq!(
        app.value(
            "#rec-"
                .to_string()
                .as_str()
                .replace("#rec-", &format!("#rec-{}", rec.id))
                .as_str()
        ),
        rec.text
    );
}

#[test]
fn killing_the_app_repeatedly_while_typing_loses_at_most_the_last_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("killed.s11");
    new_audit(&path);
    {
        let mut store = Store::open(&path).expect("open");
        store
            .update(|d| d.add_review("r1".into(), "Kill Test Org", "KTO"))
            .expect("review");
    }
    let mut kept = String::new();
    for round in 1..=3 {
        let app = App::start(&[path.to_str().expect("utf-8 path")]);
        app.wait_for_text("#audit-title", "Testshire");
        app.click("[data-minutes]");
        app.wait_for_text("#minutes-title", "KTO");
        app.script(
            "const b = document.querySelector('#resp-t1q1'); b.focus(); b.setSelectionRange(b.value.length, b.value.length);",
            serde_json::json!([]),
        );
        // Typed more than a second before the crash: must survive.
        let sentence = format!(" Round {round}: minutes typed well before the laptop died.");
        app.type_here(&sentence);
        std::thread::sleep(Duration::from_millis(1200));
        // Typed in the last moment: may be lost, and nothing else may be.
        app.type_here(" And a last half-sentence as the power");
        let killed = std::process::Command::new("pkill")
            .args([
                "-KILL",
                "-f",
                &format!("section11-panel {}", path.display()),
            ])
            .status()
            .expect("pkill runs");
        assert!(
            killed.success(),
            "round {round}: the app process was found and killed mid-typing"
        );
        std::thread::sleep(Duration::from_millis(300));
        drop(app);

        kept.push_str(&sentence);
        let store = Store::open(&path)
            .expect("the file opens after a crash: no lock left behind, no damage");
        let doc = store.load().expect("the file is intact");
        let text = doc.reviews[0]
            .response_for("t1q1")
            .map(|r| r.text.clone())
            .unwrap_or_default();
        assert!(
            text.trim_start().starts_with(kept.trim_start()),
            "round {round}: everything typed over a second before the crash is there.\nexpected to start with: {kept}\nfound: {text}"
        );
    }
}
