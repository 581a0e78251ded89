//! The region screen (issue 17): a collation of a signed report and a
//! draft, opened from the command line as a file manager would; the
//! partnerships with their organisations, status and signer; a theme's
//! responses side by side; the regional summary typed and saved to the
//! file.

use std::path::Path;

use s11core::identity::Identity;
use s11core::region::{normalise, read_input, InputOptions, RegionStore};
use serde_json::json;

use crate::driver::App;
use crate::screenshot_dir;

/// Where `.ci/screenshots` takes the README's pictures from.
fn readme_dir() -> std::path::PathBuf {
    let dir = screenshot_dir().join("readme");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

#[path = "../../src-tauri/core/examples/support/partnerships.rs"]
mod partnerships;

/// Ynys Môn's signed report and Bath's audit JSON as a draft, collated.
fn region(dir: &Path) -> std::path::PathBuf {
    let specs = partnerships::five();
    let sian = Identity::create("Siân Prydderch", "Chair", partnerships::SIGNED_AT)
        .expect("a signing key");
    let ynys = partnerships::audit(&specs[0], "Siân Prydderch");
    let pdf =
        partnerships::signed_report(&dir.join("ym.s11"), &ynys, &sian, partnerships::SIGNED_AT);
    std::fs::write(dir.join("ym.pdf"), pdf).expect("written");
    let bath = partnerships::audit(&specs[1], "Aoife O'Brien");
    std::fs::write(dir.join("bath.json"), s11core::interchange::to_json(&bath)).expect("written");
    let path = dir.join("avon.s11region");
    let mut region = RegionStore::create(&path, "Avon & Somerset", "2021-22").expect("region");
    let signed = read_input(&dir.join("ym.pdf"), &InputOptions::default()).expect("verifies");
    region.add(&signed, partnerships::SIGNED_AT).expect("added");
    let draft = read_input(
        &dir.join("bath.json"),
        &InputOptions {
            draft: true,
            passphrase: None,
        },
    )
    .expect("a draft");
    region.add(&draft, partnerships::SIGNED_AT).expect("added");
    path
}

#[test]
fn region_screen_shows_partnerships_and_responses_side_by_side_and_saves_a_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = region(dir.path());
    let app = App::start(&[path.to_str().expect("utf-8 path")]);
    app.wait_for_text("#region-title", "Avon & Somerset · Regional report 2021-22");
    let drafts = app.text("#region-drafts");
    assert!(
        drafts.contains("DRAFT") && drafts.contains("Bath and North East Somerset"),
        "the draft is named: {drafts}"
    );
    let table = app.text("#region-partnerships");
    for expected in [
        "Ynys Môn",
        "Canolfan Ieuenctid Llŷr",
        "Held",
        "10 February 2022",
        "Siân Prydderch on 10 March 2022 at 14:00 UTC",
        "Curo Housing",
        "Did not take place",
        "Not signed off",
    ] {
        assert!(
            table.contains(expected),
            "the partnerships table shows “{expected}”:\n{table}"
        );
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    app.screenshot(&readme_dir().join("region.png"));
    let not_engaged = app.text("#region-not-engaged");
    assert!(
        not_engaged.contains("Curo Housing") && not_engaged.contains("Llinos Ffion"),
        "{not_engaged}"
    );

    // "Learning & Development": Ynys Môn's reworded theme joined it.
    let learning = app.script(
        "return [...document.querySelectorAll('.region-theme')].findIndex((d) => d.querySelector('summary').textContent === 'Learning & Development');",
        json!([]),
    );
    let i = learning.as_i64().expect("the theme is on the screen");
    assert!(i >= 0, "Learning & Development is a theme on the screen");
    app.click(&format!("#region-theme-{i}-details > summary"));
    let theme = app.text(&format!("#region-theme-{i}-details"));
    for expected in [
        "Ynys Môn · Cyngor Môn",
        "Bath and North East Somerset · RUH",
        "Staff café sessions with Siân and Llŷr",
    ] {
        assert!(
            theme.contains(expected),
            "responses side by side show “{expected}”:\n{theme}"
        );
    }
    app.type_into(
        &format!("#region-theme-{i}-strengths"),
        "Training shared across the region.",
    );
    app.click(&format!("#region-theme-{i}-save"));
    app.wait_for_text(&format!("#region-theme-{i}-saved"), "Saved");
    app.script(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
        json!([format!("#region-theme-{i}-details")]),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    app.screenshot(&readme_dir().join("region-theme.png"));
    // axe-core in both themes, a theme open: no serious or critical problem.
    let mut failures = Vec::new();
    crate::accessibility::check(
        &app,
        &crate::accessibility::axe_source(),
        "region",
        &mut failures,
    );
    assert!(
        failures.is_empty(),
        "the region screen passes axe-core:\n{}",
        failures.join("\n")
    );
    drop(app);

    let c = RegionStore::open(&path)
        .expect("the app let go of the file")
        .load()
        .expect("read");
    assert_eq!(
        c.summaries
            .get(&normalise("Learning & Development"))
            .map(|s| s.strengths.as_str()),
        Some("Training shared across the region."),
        "the summary typed on the screen is in the file"
    );
}
