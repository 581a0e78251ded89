//! `s11 notes`: minute packs and minute-takers' notes files (issue 7), the
//! same core functions the app's buttons call.

use std::path::PathBuf;

use clap::Subcommand;
use s11core::notes::{self, NotesError};
use s11core::{files, new_id};

use crate::{now, Outcome};

#[derive(Subcommand)]
pub enum NotesCommand {
    /// Make a minute pack for one review: the audit's set-up and that review's questions, without anyone's minutes.
    Pack {
        /// The chair's audit file.
        file: PathBuf,
        /// The review's id (see `s11 export-json`).
        #[arg(long)]
        review: String,
        /// The minute-taker's name, if the pack is for one person (otherwise they give it when they open the pack).
        #[arg(long)]
        author: Option<String>,
        /// The minute pack to write (ends in .s11; an existing file is replaced).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write the minute-taker's notes from a minute pack as a notes file (JSON).
    Export {
        /// The minute pack.
        file: PathBuf,
        /// Where to write the notes file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Merge one or more notes files into the chair's audit: all of them, or none if any is refused.
    Import {
        /// The chair's audit file.
        file: PathBuf,
        /// The notes files.
        #[arg(required = true)]
        notes: Vec<PathBuf>,
    },
}

fn message(e: impl std::fmt::Display) -> String {
    e.to_string()
}

pub fn run(command: NotesCommand) -> Outcome {
    match command {
        NotesCommand::Pack {
            file,
            review,
            author,
            output,
        } => {
            crate::check_new_file(&output)?;
            let store = crate::audit_passphrase::open(&file)?;
            let info = store
                .make_minute_pack(&review, author.as_deref(), &output, new_id())
                .map_err(message)?;
            println!(
                "Wrote the minute pack for {} to {}",
                info.review_name,
                output.display()
            );
            eprintln!("The pack holds the audit's set-up and the review's questions, no minutes; it is not protected by any passphrase.");
            Ok(())
        }
        NotesCommand::Export { file, output } => {
            files::check_output(&output, &[&file]).map_err(message)?;
            let mut store = crate::audit_passphrase::open(&file)?;
            let exported = store.export_notes(now()).map_err(message)?;
            files::write_export(&output, notes::to_json(&exported).as_bytes(), &[&file])
                .map_err(message)?;
            println!(
                "Wrote {} note(s) by {} to {}",
                exported.notes.len(),
                exported.author,
                output.display()
            );
            eprintln!(
                "The notes file is not protected by any passphrase: anyone with it can read it."
            );
            Ok(())
        }
        NotesCommand::Import { file, notes: paths } => {
            // Read and check every file before opening the audit, so a bad
            // file is reported without the audit ever being opened for writing.
            let parsed = paths
                .iter()
                .map(|p| {
                    let name = p.display().to_string();
                    notes::read_notes_file(p).map(|n| (name, n))
                })
                .collect::<Result<Vec<_>, NotesError>>()
                .map_err(message)?;
            let mut store = crate::audit_passphrase::open(&file)?;
            for summary in store.import_notes(&parsed).map_err(message)? {
                println!("{}", summary.describe());
            }
            Ok(())
        }
    }
}
