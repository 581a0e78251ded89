//! Sign-off (issue 6) against real files: signed-off minutes and reports
//! refused by every write path (core, whole-audit set-up edits, direct SQL),
//! reopening with a trail, and signed PDFs verified and caught when altered.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use rusqlite::Connection;
use s11core::canonical::{digest, Subject};
use s11core::dates::Timestamp;
use s11core::example::example;
use s11core::identity::Identity;
use s11core::readiness::GapKind;
use s11core::report::{
    export_report, report_layout, verify_pdf, Draw, ReportOptions, VerifyOptions,
};
use s11core::review::ReviewStatus;
use s11core::setup::ReviewDetails;
use s11core::store::{SignOffInput, Stage};
use s11core::timebox::Action;
use s11core::{Store, StoreError};

const SIGNED: Timestamp = Timestamp(1_646_920_800); // 10 March 2022, 14:00 UTC
const LATER: Timestamp = Timestamp(1_647_000_000);
const BNSSG: &str = "r-bnssg-ccg";
const LPW: &str = "r-routes-lpw";

/// The chair's sign-off, confirming whatever gaps there are: the readiness
/// tests below check the gaps themselves.
fn chair() -> SignOffInput {
    SignOffInput {
        name: "Sarah Taylor".into(),
        role: "Chair".into(),
        statement:
            "These minutes are an accurate record of the peer review held on 10 February 2022."
                .into(),
        accepted_gaps: ALL_ACCEPTABLE.to_vec(),
        gap_reason: "Agreed by the panel.".into(),
    }
}

/// The same, confirming nothing.
fn chair_confirming_nothing() -> SignOffInput {
    SignOffInput {
        accepted_gaps: Vec::new(),
        gap_reason: String::new(),
        ..chair()
    }
}

const ALL_ACCEPTABLE: [GapKind; 8] = [
    GapKind::EmptyQuestions,
    GapKind::FlaggedNotes,
    GapKind::UnusedNotes,
    GapKind::EmptyRecommendations,
    GapKind::UnsignedMinutes,
    GapKind::NoContactAttempts,
    GapKind::NoReportDate,
    GapKind::EmptySections,
];

/// Sarah Taylor's signing key, made once for the whole test binary (an RSA
/// key takes a moment to make).
fn key() -> &'static Identity {
    static KEY: OnceLock<Identity> = OnceLock::new();
    KEY.get_or_init(|| Identity::create("Sarah Taylor", "Chair", SIGNED).expect("a signing key"))
}

fn store(dir: &tempfile::TempDir) -> Store {
    Store::create(&dir.path().join("s.s11"), &example().expect("example")).expect("created")
}

fn refused(r: Result<impl std::fmt::Debug, StoreError>, what: &str) -> String {
    match r {
        Err(
            e @ (StoreError::Refused(_)
            | StoreError::Locked(_)
            | StoreError::Setup(_)
            | StoreError::Gone(_)),
        ) => e.to_string(),
        other => panic!("{what} should be refused with a message for the chair, got {other:?}"),
    }
}

#[test]
fn signed_off_minutes_refuse_every_core_edit_with_who_and_when() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let before = s.load().expect("load");
    let record = s
        .sign_off(Subject::Review(BNSSG), &chair(), key(), SIGNED)
        .expect("sign off");
    assert_eq!(record.digest.len(), 64);
    assert_eq!(
        s.sign_off_state(Subject::Review(BNSSG))
            .expect("state")
            .stage,
        Stage::SignedOff
    );

    let expected = "The minutes of BNSSG CCG were signed off on 10 March 2022 by Sarah Taylor (Chair). Reopen them, giving a reason, to change them.";
    let m = refused(
        s.set_response(BNSSG, "t1q1", "changed", LATER),
        "a response",
    );
    assert_eq!(
        m, expected,
        "the chair is told who signed, when, and what to do"
    );
    refused(
        s.set_theme_incomplete(BNSSG, "t1", Some("ran out of time")),
        "not completed",
    );
    let rec = before
        .recommendations
        .iter()
        .find(|r| r.review.as_deref() == Some(BNSSG))
        .expect("a BNSSG recommendation")
        .id
        .clone();
    refused(
        s.set_recommendation_text(&rec, "changed"),
        "a recommendation's text",
    );
    refused(
        s.update(|d| d.remove_recommendation(&rec)),
        "removing its recommendation",
    );
    refused(
        s.update(|d| d.set_review_status(BNSSG, ReviewStatus::Planned)),
        "its status",
    );
    refused(
        s.update(|d| {
            let r = d.review(BNSSG).cloned().expect("review");
            d.update_review(
                BNSSG,
                ReviewDetails {
                    organisation: r.organisation,
                    short_name: r.short_name,
                    date: Some("2022-02-11".into()),
                    preparation: r.preparation,
                    panel: r.panel,
                    representatives: r.representatives,
                    apologies: r.apologies,
                },
            )
        }),
        "its date",
    );
    let sat = before.review(BNSSG).expect("review").panel[1].clone();
    refused(
        s.update(|d| d.update_panel_member(&sat, "Someone Else", "", "")),
        "renaming a member who sat on it",
    );
    refused(s.timer_action(BNSSG, Action::Start, LATER), "its timer");
    assert_eq!(s.load().expect("load"), before, "nothing changed");
}

#[test]
fn set_up_edits_elsewhere_still_work_after_a_sign_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    // A planned review before the signed one, so that removing it later
    // moves the signed review up the list.
    s.update(|d| {
        d.add_review("r-first".into(), "First Planned Org", "FPO")?;
        let r = d.reviews.pop().expect("added");
        d.reviews.insert(0, r);
        Ok(())
    })
    .expect("add a planned review first");
    s.sign_off(Subject::Review(BNSSG), &chair(), key(), SIGNED)
        .expect("sign off");
    let signed = s
        .load()
        .expect("load")
        .review(BNSSG)
        .cloned()
        .expect("review");

    s.update(|d| d.add_review("r-plan".into(), "Testshire Youth Service", "TYS"))
        .expect("add a planned review");
    s.update(|d| d.rename_theme("t1", "Safeguarding, renamed"))
        .expect("edit the template");
    s.update(|d| d.add_panel_member("m-new".into(), "New Member", "Nurse", "NHS"))
        .expect("add a member");
    s.update(|d| {
        d.set_details(s11core::setup::AuditDetails {
            partnership: "Renamed Partnership".into(),
            year: d.audit.year.clone(),
            report_date: d.audit.report_date.clone(),
            background: d.audit.background.clone(),
            methodology: d.audit.methodology.clone(),
            conclusion: "Edited.".into(),
        })
    })
    .expect("edit the audit's details");
    s.set_response(LPW, "t1q1", "The other review still takes minutes.", LATER)
        .expect("another review's minutes");
    s.update(|d| d.remove_review("r-first"))
        .expect("remove the planned review above the signed one");

    let doc = s.load().expect("load");
    assert_eq!(
        doc.review(BNSSG),
        Some(&signed),
        "the signed review is exactly as signed"
    );
    assert_eq!(
        doc.reviews[0].id, BNSSG,
        "and took its new place in the list"
    );
    assert!(doc.review("r-plan").is_some());
    assert!(
        s.check_signed_content().expect("check").is_empty(),
        "the audit still matches what was signed"
    );
}

/// Opens the audit with plain SQLite, as a tool other than the app would.
fn raw(path: &Path) -> Connection {
    Connection::open(path).expect("open with SQLite")
}

#[test]
fn the_database_itself_refuses_changes_to_signed_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.s11");
    {
        let mut s = store(&dir);
        s.sign_off(Subject::Review(BNSSG), &chair(), key(), SIGNED)
            .expect("sign off");
    }
    let c = raw(&path);
    let id: i64 = c
        .query_row("SELECT id FROM review WHERE uid = ?1", [BNSSG], |r| {
            r.get(0)
        })
        .expect("row");
    let attempts = [
        format!("UPDATE response SET text = 'x' WHERE review_id = {id}"),
        format!("DELETE FROM response WHERE review_id = {id}"),
        format!("INSERT INTO response (review_id, question_uid, text) VALUES ({id}, 'nope', 'x')"),
        format!("INSERT INTO note (uid, review_id, question_uid, author, text, created_at, updated_at) VALUES ('n', {id}, 't1q1', 'a', 'x', '', '')"),
        format!("INSERT INTO theme_incomplete (review_id, theme_uid, reason) VALUES ({id}, 't2', 'x')"),
        format!("UPDATE recommendation SET text = 'x' WHERE review_id = {id}"),
        format!("UPDATE review SET organisation = 'x' WHERE id = {id}"),
        format!("DELETE FROM review WHERE id = {id}"),
        format!("DELETE FROM review_panel WHERE review_id = {id}"),
        format!("UPDATE review_question SET text = 'x' WHERE review_id = {id}"),
        "UPDATE sign_off SET signatory_name = 'x'".to_string(),
        "DELETE FROM sign_off".to_string(),
    ];
    for sql in &attempts {
        let err = c.execute(sql, []).expect_err(sql);
        assert!(
            err.to_string().contains("Signed off"),
            "{sql} is refused by a trigger that says why: {err}"
        );
    }
    // The other review is not locked.
    c.execute("UPDATE response SET text = 'fine' WHERE review_id = (SELECT id FROM review WHERE uid = ?1) AND question_uid = 't1q1'", [LPW])
        .expect("an unsigned review's rows can still change");
}

#[test]
fn reopening_needs_a_reason_keeps_the_signed_version_and_is_in_the_trail() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let first = s
        .sign_off(Subject::Review(BNSSG), &chair(), key(), SIGNED)
        .expect("sign off");
    refused(
        s.reopen(Subject::Review(BNSSG), "Sarah Taylor", "Chair", "  ", LATER),
        "reopening without a reason",
    );
    let state = s
        .reopen(
            Subject::Review(BNSSG),
            "Sarah Taylor",
            "Chair",
            "The organisation corrected a job title.",
            LATER,
        )
        .expect("reopen");
    assert_eq!(
        (state.stage, state.version),
        (Stage::Draft, 2),
        "a new draft version starts"
    );
    s.set_response(BNSSG, "t1q1", "Corrected.", LATER)
        .expect("editable again");
    s.send_for_accuracy_check(
        Subject::Review(BNSSG),
        "Sarah Taylor",
        "Sent to the designated nurse",
        LATER,
    )
    .expect("sent");
    assert_eq!(
        s.sign_off_state(Subject::Review(BNSSG))
            .expect("state")
            .stage,
        Stage::SentForAccuracyCheck
    );
    let second = s
        .sign_off(
            Subject::Review(BNSSG),
            &chair(),
            key(),
            Timestamp(LATER.0 + 60),
        )
        .expect("sign off again");
    assert_ne!(
        first.digest, second.digest,
        "the corrected minutes have another fingerprint"
    );
    assert_eq!(second.version, 2);

    let trail = s.sign_off_trail().expect("trail");
    let events: Vec<(&str, i64)> = trail
        .iter()
        .map(|e| (e.event.as_str(), e.version))
        .collect();
    assert_eq!(
        events,
        [
            ("signed_off", 1),
            ("reopened", 1),
            ("sent_for_accuracy_check", 2),
            ("signed_off", 2)
        ]
    );
    assert_eq!(trail[1].text, "The organisation corrected a job title.");
    assert_eq!(trail[1].subject, "Minutes of BNSSG CCG");
    // The first signed version is kept, word for word, in its record.
    let c = raw(&dir.path().join("s.s11"));
    drop(s);
    let kept: String = c
        .query_row(
            "SELECT canonical FROM sign_off WHERE version = 1",
            [],
            |r| r.get(0),
        )
        .expect("kept");
    assert_eq!(digest(&kept), first.digest);
    assert!(
        !kept.contains("Corrected."),
        "the signed version is the one before the correction"
    );
}

#[test]
fn notes_cannot_be_imported_into_signed_minutes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let audit = s.load().expect("load").audit.id;
    s.sign_off(Subject::Review(BNSSG), &chair(), key(), SIGNED)
        .expect("sign off");
    let file = s11core::notes_file::NotesFile {
        format: s11core::notes_file::FORMAT.into(),
        format_version: s11core::notes_file::FORMAT_VERSION,
        audit,
        review: BNSSG.into(),
        author: "Helen".into(),
        exported: LATER.rfc3339(),
        sequence: 0,
        notes: vec![],
        signature: None,
        seal: None,
    };
    let err = s
        .import_notes(&[("helen.json".into(), file)])
        .expect_err("refused");
    assert!(
        err.to_string().contains("signed off on 10 March 2022"),
        "{err}"
    );
}

#[test]
fn the_report_lists_unsigned_minutes_as_a_gap_and_then_locks_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let m = match s.sign_off(Subject::Report, &chair_confirming_nothing(), key(), SIGNED) {
        Err(StoreError::NotReady(m)) => m,
        other => panic!(
            "the report before its reviews' minutes must list what is missing, got {other:?}"
        ),
    };
    assert!(
        m.contains("BNSSG CCG") && m.contains("LPW"),
        "names the reviews still to sign: {m}"
    );
    s.sign_off(Subject::Review(BNSSG), &chair(), key(), SIGNED)
        .expect("BNSSG");
    s.sign_off(Subject::Review(LPW), &chair(), key(), SIGNED)
        .expect("LPW");
    s.sign_off(Subject::Report, &chair(), key(), SIGNED)
        .expect("the report");
    let m = refused(
        s.update(|d| d.add_review("r-x".into(), "Late Org", "")),
        "any set-up edit",
    );
    assert!(
        m.starts_with("The report was signed off on 10 March 2022 by Sarah Taylor"),
        "{m}"
    );
    refused(
        s.reopen(Subject::Review(LPW), "Sarah Taylor", "", "typo", LATER),
        "reopening minutes inside a signed report",
    );
    s.reopen(
        Subject::Report,
        "Sarah Taylor",
        "",
        "A late correction",
        LATER,
    )
    .expect("reopen the report");
    s.update(|d| d.add_review("r-x".into(), "Late Org", ""))
        .expect("editable again");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdftotext and pdfdetach, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_planned_review_stops_the_report_even_when_every_gap_is_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    for r in [BNSSG, LPW] {
        s.sign_off(Subject::Review(r), &chair(), key(), SIGNED)
            .expect("minutes");
    }
    s.update(|d| d.add_review("r-plan".into(), "Testshire Youth Service", "TYS"))
        .expect("a review not held yet");
    let state = s.sign_off_state(Subject::Report).expect("state");
    assert!(
        state
            .gaps
            .iter()
            .any(|g| g.kind == GapKind::PlannedReviews && g.blocking),
        "the planned review is a blocking gap: {:?}",
        state.gaps
    );
    match s.sign_off(Subject::Report, &chair(), key(), SIGNED) {
        Err(StoreError::NotReady(m)) => assert!(
            m.contains("Testshire Youth Service") && m.contains("still planned"),
            "{m}"
        ),
        other => panic!("no organisation may silently drop out of a signed report, got {other:?}"),
    }
    // The draft names it, so it never disappears from what the panel reads.
    let draft = export_report(&s).expect("draft");
    assert!(!draft.signed);
    let text = pdf_text(&dir, &draft.bytes);
    assert!(
        text.contains("Testshire Youth Service") && text.contains("has not been held yet"),
        "the draft names the planned review"
    );
    s.update(|d| d.set_review_status("r-plan", ReviewStatus::DidNotTakePlace))
        .expect("the chair decides");
    s.sign_off(Subject::Report, &chair(), key(), SIGNED)
        .expect("signed once every organisation's status is decided");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdftotext and pdfdetach, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn gaps_must_each_be_confirmed_and_are_printed_in_the_signed_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    s.set_response(BNSSG, "t1q1", "", LATER)
        .expect("clear one response");
    let state = s.sign_off_state(Subject::Review(BNSSG)).expect("state");
    let empty = state
        .gaps
        .iter()
        .find(|g| g.kind == GapKind::EmptyQuestions)
        .expect("an empty question is a gap");
    assert!(
        empty.items.iter().any(|i| i.starts_with("1.1 ")),
        "{:?}",
        empty.items
    );
    match s.sign_off(
        Subject::Review(BNSSG),
        &chair_confirming_nothing(),
        key(),
        SIGNED,
    ) {
        Err(StoreError::NotReady(m)) => assert!(
            m.contains("no response") && m.contains("1.1"),
            "each gap in words: {m}"
        ),
        other => panic!("a sign-off with gaps is refused until confirmed, got {other:?}"),
    }
    let no_reason = SignOffInput {
        gap_reason: " ".into(),
        ..chair()
    };
    assert!(
        matches!(
            s.sign_off(Subject::Review(BNSSG), &no_reason, key(), SIGNED),
            Err(StoreError::NotReady(_))
        ),
        "confirming needs a reason"
    );
    let record = s
        .sign_off(Subject::Review(BNSSG), &chair(), key(), SIGNED)
        .expect("signed with the gap confirmed");
    let gap = record
        .accepted_gaps
        .iter()
        .find(|g| g.kind == GapKind::EmptyQuestions)
        .expect("recorded with the sign-off");
    assert_eq!(gap.reason, "Agreed by the panel.");
    s.sign_off(Subject::Review(LPW), &chair(), key(), SIGNED)
        .expect("LPW");
    s.sign_off(Subject::Report, &chair(), key(), SIGNED)
        .expect("report");
    let text = pdf_text(&dir, &export_report(&s).expect("export").bytes);
    assert!(
        text.contains(&gap.printed) || text.replace('\n', " ").contains(&gap.printed),
        "the signed report prints the accepted gap “{}”",
        gap.printed
    );
}

#[test]
fn a_signatory_signs_only_in_the_name_on_their_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let someone = SignOffInput {
        name: "Mallory Jones".into(),
        ..chair()
    };
    let m = refused(
        s.sign_off(Subject::Review(BNSSG), &someone, key(), SIGNED),
        "another's name",
    );
    assert!(m.contains("Sarah Taylor"), "{m}");
}

#[test]
fn a_record_rewritten_in_the_file_is_flagged_as_not_validly_signed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.s11");
    {
        let s = signed_example(&dir);
        assert!(s.check_signed_content().expect("check").is_empty());
        let trail = s.sign_off_trail().expect("trail");
        assert!(
            trail
                .iter()
                .filter(|e| e.event == "signed_off")
                .all(|e| e.signature_ok && e.signature.starts_with("Signed with Sarah Taylor")),
            "every record is validly signed: {:?}",
            trail.iter().map(|e| &e.signature).collect::<Vec<_>>()
        );
    }
    // An attacker with write access: drop the triggers, change a signed
    // response, rewrite the record's canonical text and digest to match,
    // and put the triggers back.
    {
        let c = raw(&path);
        let triggers: Vec<(String, String)> = c
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .expect("triggers");
        for (t, _) in &triggers {
            c.execute(&format!("DROP TRIGGER {t}"), []).expect("drop");
        }
        c.execute("UPDATE response SET text = 'Nothing to report.' WHERE question_uid = 't1q1' AND review_id = (SELECT id FROM review WHERE uid = ?1)", [BNSSG])
            .expect("tamper with the minutes");
        drop(c);
        let doc = Store::open(&path).expect("open").load().expect("load");
        let review = doc.review(BNSSG).expect("review");
        let canonical = s11core::canonical::minutes_canonical(&doc, review);
        let c = raw(&path);
        c.execute(
            "UPDATE sign_off SET canonical = ?1, digest = ?2 WHERE scope = 'review' AND review_uid = ?3",
            rusqlite::params![canonical, digest(&canonical), BNSSG],
        )
        .expect("rewrite the record");
        for (_, sql) in &triggers {
            c.execute(sql, []).expect("recreate");
        }
    }
    let s = Store::open(&path).expect("open the tampered file");
    let trail = s.sign_off_trail().expect("trail");
    let bnssg = trail
        .iter()
        .find(|e| e.event == "signed_off" && e.review == BNSSG)
        .expect("its sign-off");
    assert!(
        !bnssg.signature_ok,
        "the rewritten record no longer verifies"
    );
    assert!(
        bnssg.signature.contains("NOT VALIDLY SIGNED"),
        "{}",
        bnssg.signature
    );
    let state = s.sign_off_state(Subject::Review(BNSSG)).expect("state");
    assert!(
        matches!(
            state.signed.map(|r| r.signature),
            Some(s11core::store::RecordSignature::Invalid { .. })
        ),
        "the sign-off screen shows it too"
    );
    let problems = s.check_signed_content().expect("check");
    assert!(
        problems.iter().any(|p| p.contains("not validly signed")),
        "{problems:?}"
    );
    assert!(
        export_report(&s).is_err(),
        "and no signed PDF comes out of it"
    );
}

fn pdf_text(dir: &tempfile::TempDir, pdf: &[u8]) -> String {
    let path = dir.path().join("read.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (./.ci/test installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn signed_example(dir: &tempfile::TempDir) -> Store {
    let mut s = store(dir);
    for r in [BNSSG, LPW] {
        s.sign_off(Subject::Review(r), &chair(), key(), SIGNED)
            .expect("minutes");
    }
    s.sign_off(Subject::Report, &chair(), key(), SIGNED)
        .expect("report");
    s
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdftotext and pdfdetach, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_signed_pdf_verifies_and_an_altered_copy_does_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = signed_example(&dir);
    let exported = export_report(&s).expect("export");
    assert!(exported.signed);
    assert_eq!(
        export_report(&s).expect("again").bytes,
        exported.bytes,
        "the same bytes every time"
    );
    // Issue 14: the PDF kept at sign-off carries the chair's signature.
    let pdf = exported.bytes;

    let v = verify_pdf(&pdf, &VerifyOptions::default()).expect("verify");
    assert!(v.verified, "{:?}", v.lines);
    let with_audit = VerifyOptions {
        audit: Some(&s),
        ..VerifyOptions::default()
    };
    let v = verify_pdf(&pdf, &with_audit).expect("verify against the audit");
    assert!(v.verified, "{:?}", v.lines);

    // The sign-off page and footer, and no draft mark, as a reader sees it.
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let text = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (./.ci/test installs it)");
    let text = String::from_utf8_lossy(&text.stdout);
    let record = s.signed_report().expect("read").expect("signed").0;
    assert!(
        text.contains("Sign-off") && text.contains("Sarah Taylor, Chair"),
        "a sign-off page"
    );
    assert!(
        text.contains(&record.digest[..4]),
        "the fingerprint is printed"
    );
    assert!(
        text.contains(&format!(
            "SHA-256 {}",
            s11core::canonical::short_digest(&record.digest)
        )),
        "the footer has it in short"
    );
    assert!(!text.contains("DRAFT"), "no draft mark on a signed report");
    let list = Command::new("pdfdetach")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfdetach");
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("signed-report.json"),
        "a reader lists the attachment"
    );

    // One byte of the embedded content changed.
    let needle = b"South Gloucestershire";
    let at = pdf
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the canonical text is readable in the file");
    let mut altered = pdf.clone();
    altered[at] = b'N';
    let v = verify_pdf(&altered, &VerifyOptions::default()).expect("still a PDF");
    assert!(
        !v.verified && v.lines[0].starts_with("ALTERED"),
        "{:?}",
        v.lines
    );

    // One byte of a response changed in a copy of the audit, by a tool that
    // first dropped the triggers.
    let copy = dir.path().join("copy.s11");
    s.backup_to(&copy).expect("copy");
    {
        let c = raw(&copy);
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .expect("triggers");
        for t in triggers {
            c.execute(&format!("DROP TRIGGER {t}"), []).expect("drop");
        }
        c.execute("UPDATE response SET text = 'X' || substr(text, 2) WHERE question_uid = 't1q1' AND review_id = (SELECT id FROM review WHERE uid = ?1)", [BNSSG])
            .expect("tamper");
    }
    let tampered = Store::open(&copy).expect("open the copy");
    let state = tampered
        .sign_off_state(Subject::Review(BNSSG))
        .expect("state");
    assert!(
        state
            .altered
            .is_some_and(|m| m.contains("no longer matches")),
        "the sign-off panel says the signed minutes were changed, not only verify"
    );
    let v = verify_pdf(
        &pdf,
        &VerifyOptions {
            audit: Some(&tampered),
            ..VerifyOptions::default()
        },
    )
    .expect("verify");
    assert!(!v.verified, "the PDF no longer matches the altered audit");
    assert!(
        v.lines
            .iter()
            .any(|l| l.contains("no longer matches") && l.contains("BNSSG CCG")),
        "{:?}",
        v.lines
    );
    assert!(
        export_report(&tampered).is_err(),
        "a tampered audit does not get a signed PDF"
    );
}

#[test]
fn the_timer_table_is_in_the_report_only_when_the_chair_asks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let t = Timestamp(1_644_501_900);
    s.timer_action(LPW, Action::Start, t).expect("start");
    s.timer_action(LPW, Action::Next, Timestamp(t.0 + 6 * 60))
        .expect("next");
    s.timer_action(LPW, Action::Finish, Timestamp(t.0 + 20 * 60))
        .expect("finish");
    let has_table = |s: &Store| {
        let (pages, _) =
            report_layout(&s.load().expect("load"), &ReportOptions::default()).expect("layout");
        pages.iter().flat_map(|p| p.draws.iter()).any(
            |d| matches!(d, Draw::Text { text, .. } if text.contains("Time spent on each part")),
        )
    };
    assert!(!has_table(&s), "not unless ticked");
    s.set_timer_in_report(LPW, true, Timestamp(t.0 + 21 * 60))
        .expect("tick");
    assert!(has_table(&s), "the planned-and-actual table once ticked");
    let (pages, _) =
        report_layout(&s.load().expect("load"), &ReportOptions::default()).expect("layout");
    let texts: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.draws.iter())
        .filter_map(|d| match d {
            Draw::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        texts.contains(&"6:00"),
        "the opening took six minutes: {:?}",
        texts.iter().filter(|t| t.contains(':')).collect::<Vec<_>>()
    );
}

/// Issue 18: a signed-off report of next year's audit froze the progress on
/// last year's recommendations as printed; changing an action is refused
/// until the report is reopened, and the signed content still checks.
#[test]
fn a_signed_off_report_freezes_last_years_actions() {
    use s11core::dates::Date;
    use s11core::next_year::{start_next_year, ActionStatus, ActionUpdate};
    let dir = tempfile::tempdir().expect("temp dir");
    let next = start_next_year(
        &example().expect("example"),
        "2022-23",
        "s.s11",
        s11core::new_id,
    )
    .expect("successor");
    let path = dir.path().join("next.s11");
    let mut s = Store::create_next(&path, &next, None).expect("created");
    let today = Date::ymd(2023, 2, 1);
    s.update_action(
        "1",
        &ActionUpdate {
            status: Some(ActionStatus::Completed),
            note: Some("Training offer circulated.".into()),
            ..Default::default()
        },
        today,
    )
    .expect("update before sign-off");
    let ids: Vec<String> = s
        .load()
        .expect("load")
        .reviews
        .iter()
        .map(|r| r.id.clone())
        .collect();
    s.update(|d| {
        for id in &ids {
            d.set_review_status(id, ReviewStatus::DidNotTakePlace)?;
        }
        Ok(())
    })
    .expect("every organisation's status decided");
    s.sign_off(Subject::Report, &chair(), key(), SIGNED)
        .expect("the report signs off");
    let (_, canonical) = s.signed_report().expect("read").expect("signed");
    assert!(
        canonical.contains("\"previous_recommendations\"")
            && canonical.contains("Training offer circulated."),
        "the signed text holds the actions as printed"
    );
    let m = refused(
        s.update_action(
            "2",
            &ActionUpdate {
                status: Some(ActionStatus::InProgress),
                ..Default::default()
            },
            today,
        ),
        "changing an action after the report is signed off",
    );
    assert!(
        m.contains("Sarah Taylor"),
        "the refusal says who signed: {m}"
    );
    assert!(
        s.check_signed_content().expect("check").is_empty(),
        "reading the actions back reproduces the signed text"
    );
    s.reopen(
        Subject::Report,
        "Sarah Taylor",
        "Chair",
        "A progress note came late.",
        LATER,
    )
    .expect("reopen");
    s.update_action(
        "2",
        &ActionUpdate {
            status: Some(ActionStatus::InProgress),
            ..Default::default()
        },
        today,
    )
    .expect("reopened, the action can change again");
}

#[test]
fn a_signed_report_names_the_characters_printed_as_a_placeholder() {
    // The signed PDF is the one kept at sign-off; the export still says
    // which characters it prints as a placeholder (issue 22: found without
    // drawing the whole PDF again).
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = store(&dir);
    let doc = s.load().expect("load");
    let review = doc
        .reviews
        .iter()
        .find(|r| r.id == BNSSG)
        .expect("the review");
    let question = review.responses[0].question.clone();
    s.set_response(
        BNSSG,
        &question,
        "Named in the family's own script: 名前, with a tick ✓ and art 🎨.",
        SIGNED,
    )
    .expect("minute");
    for r in [BNSSG, LPW] {
        s.sign_off(Subject::Review(r), &chair(), key(), SIGNED)
            .expect("minutes");
    }
    s.sign_off(Subject::Report, &chair(), key(), SIGNED)
        .expect("report");
    let exported = export_report(&s).expect("export");
    assert!(exported.signed);
    assert_eq!(
        exported.bytes,
        s.signed_report_pdf().expect("read").expect("kept"),
        "the bytes kept at sign-off"
    );
    assert_eq!(exported.missing_glyphs, ['前', '名']);
}
