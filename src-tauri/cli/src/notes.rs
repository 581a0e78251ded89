//! `s11 notes`: minute packs and minute-takers' notes files (issue 7), the
//! same core functions the app's buttons call.

use std::path::PathBuf;

use clap::Subcommand;
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
        /// The minute pack to write (ends in .s11; never replaces an audit or another pack).
        #[arg(short, long)]
        output: PathBuf,
        /// A file whose first line is the pack's new passphrase (else
        /// S11_PACK_PASSPHRASE, else asked twice). Tell it to the
        /// minute-taker another way, by phone: it is asked for when the pack is opened.
        #[arg(long, value_name = "FILE")]
        pack_passphrase_file: Option<PathBuf>,
    },
    /// Write the minute-taker's notes from a minute pack as a notes file (JSON).
    Export {
        /// The minute pack.
        file: PathBuf,
        /// Where to write the notes file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// List the minute-takers whose notes the audit has imported, with the fingerprint of the key first seen signing for each.
    Authors {
        /// The chair's audit file.
        file: PathBuf,
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
            pack_passphrase_file,
        } => {
            crate::check_new_file(&output)?;
            files::check_output(&output, &[&file]).map_err(message)?;
            let store = crate::audit_passphrase::open(&file)?;
            let passphrase = crate::passphrase::secret(
                "S11_PACK_PASSPHRASE",
                "--pack-passphrase-file",
                pack_passphrase_file.as_deref(),
                "New passphrase for the minute pack (tell it to the minute-taker by phone): ",
                crate::passphrase::Ask::New,
            )?;
            let info = store
                .make_protected_minute_pack(
                    &review,
                    author.as_deref(),
                    &output,
                    new_id(),
                    Some(&passphrase),
                )
                .map_err(message)?;
            println!(
                "Wrote the minute pack for {} to {}",
                info.review_name,
                output.display()
            );
            eprintln!("The pack holds the audit's set-up and the review's questions, no minutes. It is encrypted with the passphrase you chose: tell it to the minute-taker by phone, not in the same email. It carries your audit's public key, so the notes files made from it can be read only with this audit.");
            Ok(())
        }
        NotesCommand::Export { file, output } => {
            files::check_output(&output, &[&file]).map_err(message)?;
            let mut store = crate::audit_passphrase::open(&file)?;
            let exported =
                s11core::session::export_notes_file(&mut store, &output, now()).map_err(message)?;
            let encrypted = exported.encrypted;
            println!(
                "Wrote {} note(s) by {} to {}",
                exported.notes,
                exported.author,
                output.display()
            );
            if encrypted {
                eprintln!("The notes file is signed with your key and encrypted to the chair: only the chair's audit can read it.");
            } else {
                eprintln!("The notes file is signed with your key but NOT encrypted (the pack is from an older version): anyone with it can read it.");
            }
            Ok(())
        }
        NotesCommand::Authors { file } => {
            let store = crate::audit_passphrase::open_to_read(&file)?;
            let authors = store.note_authors().map_err(message)?;
            if authors.is_empty() {
                println!("No signed notes files have been imported into this audit yet.");
            }
            for a in authors {
                println!(
                    "{}\t{}\tfirst imported from a file exported {}",
                    a.name, a.fingerprint, a.first_seen
                );
            }
            Ok(())
        }
        NotesCommand::Import { file, notes: paths } => {
            // Every file is read and checked (decrypted with the audit's
            // key) before anything is merged; one bad file, nothing imported.
            let mut store = crate::audit_passphrase::open(&file)?;
            for summary in
                s11core::session::import_notes_files(&mut store, &paths).map_err(message)?
            {
                println!("{}", summary.describe());
            }
            Ok(())
        }
    }
}
