//! `s11 new --from` and `s11 actions`: next year's audit started from last
//! year's, and last year's recommendations followed as actions (issue 18).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use s11core::next_year::{actions_csv, start_next_year, ActionUpdate, Evidence, EvidenceKind};
use s11core::{files, new_id};

use crate::{check_new_file, now, Outcome};

#[derive(Subcommand)]
pub(crate) enum ActionsCommand {
    /// List last year's recommendations with their owner, status, due date and latest progress note.
    List {
        /// The audit file (started from last year's with `s11 new --from`).
        file: PathBuf,
    },
    /// Change one action: its status, due date, or a new progress note dated today.
    Set {
        /// The audit file.
        file: PathBuf,
        /// The recommendation's number or letter as last year's report printed it (3, A).
        number: String,
        /// not_started, in_progress, completed, not_accepted or superseded.
        #[arg(long)]
        status: Option<String>,
        /// A progress note, dated today.
        #[arg(long)]
        note: Option<String>,
        /// Evidence for the note: a link (kept as text) ...
        #[arg(long, conflicts_with = "evidence")]
        link: Option<String>,
        /// ... or a short description of the evidence.
        #[arg(long)]
        evidence: Option<String>,
        /// The due date, 10/02/2026 or 2026-02-10 ("" clears it).
        #[arg(long)]
        due: Option<String>,
    },
    /// Draw the action plan as PDF: each recommendation with owner, status, due date and latest progress.
    Pdf {
        /// The audit file.
        file: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write the actions for a spreadsheet (UTF-8 CSV that Excel and LibreOffice open with the right characters).
    Export {
        /// The audit file.
        file: PathBuf,
        /// Write CSV (the only format so far).
        #[arg(long, required = true)]
        csv: bool,
        /// Where to write it.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// `s11 new NEXT --from LAST --year YEAR`.
pub(crate) fn new_from(next: &Path, last: &Path, year: Option<String>) -> Outcome {
    check_new_file(next)?;
    let last_store = crate::audit_passphrase::open_to_read(last)?;
    let last_doc = last_store.load().map_err(|e| e.to_string())?;
    let year = match year {
        Some(y) => y,
        None => s11core::next_year::following_year(&last_doc.audit.year).ok_or_else(|| {
            "give the new audit's year with --year, for example --year 2022-23".to_string()
        })?,
    };
    let file_name = last
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = start_next_year(&last_doc, &year, &file_name, new_id).map_err(|e| e.to_string())?;
    // Protected as last year's is (the same passphrase).
    let store = last_store
        .create_successor(next, &doc, None)
        .map_err(|e| e.to_string())?;
    drop(last_store);
    let count = store
        .carried()
        .map_err(|e| e.to_string())?
        .map_or(0, |c| c.actions.len());
    println!(
        "Created {} for {year} from {} ({}), with {count} recommendations to follow as actions",
        next.display(),
        last.display(),
        last_doc.audit.year
    );
    Ok(())
}

pub(crate) fn run(command: ActionsCommand) -> Outcome {
    match command {
        ActionsCommand::List { file } => {
            let store = crate::audit_passphrase::open_to_read(&file)?;
            let c = store
                .carried()
                .map_err(|e| e.to_string())?
                .ok_or_else(|| s11core::next_year::NextYearError::NoActions.to_string())?;
            println!(
                "Recommendations from {} ({}, {})",
                c.from.year, c.from.partnership, c.from.file_name
            );
            for a in &c.actions {
                println!(
                    "{:>3}  {}  [{}]  {}",
                    a.label,
                    a.status.label(),
                    a.owner,
                    a.text
                );
                if let Some(d) = &a.due {
                    println!("     Due {}", s11core::dates::british(d));
                }
                if let Some(n) = a.latest_note() {
                    println!("     {}: {}", s11core::dates::british(&n.date), n.text);
                    if let Some(e) = &n.evidence {
                        println!("     Evidence: {}", e.text);
                    }
                }
            }
            let counts: Vec<String> = c
                .counts()
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
                .collect();
            println!("{}", counts.join(", "));
            Ok(())
        }
        ActionsCommand::Set {
            file,
            number,
            status,
            note,
            link,
            evidence,
            due,
        } => {
            let status = status
                .map(|s| {
                    s11core::next_year::ActionStatus::parse(&s)
                        .ok_or_else(|| s11core::next_year::NextYearError::BadStatus(s).to_string())
                })
                .transpose()?;
            let evidence = match (link, evidence) {
                (Some(text), _) => Some(Evidence {
                    kind: EvidenceKind::Link,
                    text,
                }),
                (None, Some(text)) => Some(Evidence {
                    kind: EvidenceKind::Note,
                    text,
                }),
                (None, None) => None,
            };
            if status.is_none() && note.is_none() && due.is_none() {
                return Err("say what to change: --status, --note or --due".into());
            }
            let mut store = crate::audit_passphrase::open(&file)?;
            let update = ActionUpdate {
                status,
                due,
                note,
                evidence,
            };
            let a = store
                .update_action(&number, &update, now().date())
                .map_err(|e| e.to_string())?;
            println!("{}: {}", a.label, a.status.label());
            Ok(())
        }
        ActionsCommand::Pdf { file, output } => {
            let store = crate::audit_passphrase::open_to_read(&file)?;
            let doc = store.load().map_err(|e| e.to_string())?;
            let pdf = s11core::report::action_plan_pdf(&doc)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| s11core::next_year::NextYearError::NoActions.to_string())?;
            crate::write_pdf(&output, &pdf, "the action plan", &file)
        }
        ActionsCommand::Export {
            file,
            csv: _,
            output,
        } => {
            let store = crate::audit_passphrase::open_to_read(&file)?;
            let c = store
                .carried()
                .map_err(|e| e.to_string())?
                .ok_or_else(|| s11core::next_year::NextYearError::NoActions.to_string())?;
            // Never over an audit, a pack or the audit being read.
            files::write_export(&output, &actions_csv(&c), &[&file]).map_err(|e| e.to_string())?;
            eprintln!(
                "Wrote {} actions to {} (not protected by any passphrase: anyone with the file can read it)",
                c.actions.len(),
                output.display()
            );
            Ok(())
        }
    }
}
