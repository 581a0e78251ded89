//! s11: the Section 11 Panel command-line tool. It opens audits through the
//! same core as the desktop app, so what it writes the app reads, and back.
//!
//! Errors go to stderr in plain words with exit code 2; success is exit 0.
//! `s11 verify` also exits 1 when a PDF is altered or not the signed version.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use s11core::audit::{audit_year_for, check_year, AuditDoc};
use s11core::dates::Timestamp;
use s11core::{example, files, interchange, new_id, report, Store};

#[derive(Parser)]
#[command(
    name = "s11",
    version,
    about = "Section 11 Panel: work with Section 11 peer review audit files (.s11) without the desktop app."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// For a protected audit: a file whose first line is its passphrase
    /// (else S11_PASSPHRASE, else a prompt; never on the command line).
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new audit with the default question template.
    New {
        /// The audit file to create (must end in .s11; an existing file is never overwritten).
        file: PathBuf,
        /// The partnership's name, e.g. "South Gloucestershire Children's Partnership".
        #[arg(long)]
        partnership: Option<String>,
        /// The audit year, e.g. 2021-22 (default: the current financial year, or with --from the year after last year's).
        #[arg(long)]
        year: Option<String>,
        /// Start from last year's audit: its partnership, panel, template and organisations, with its recommendations as actions.
        #[arg(long, value_name = "LAST.s11", conflicts_with = "partnership")]
        from: Option<PathBuf>,
    },
    /// Last year's recommendations followed as actions: list, set status and progress, export.
    Actions {
        #[command(subcommand)]
        command: actions::ActionsCommand,
    },
    /// Write the built-in example (the 2021-22 South Gloucestershire report) to a new audit file.
    Example {
        /// The audit file to create (must end in .s11).
        file: PathBuf,
    },
    /// Minute-takers' notes: make a minute pack, export a minute-taker's notes, import notes files.
    Notes {
        #[command(subcommand)]
        command: notes::NotesCommand,
    },
    /// Write an audit as JSON (to standard output unless -o is given).
    ExportJson {
        /// The audit file to read.
        file: PathBuf,
        /// Where to write the JSON.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Create a new audit file from a JSON export.
    ImportJson {
        /// The JSON file to read.
        input: PathBuf,
        /// The audit file to create (must end in .s11).
        file: PathBuf,
    },
    /// Draw the report the partnership publishes, as PDF (marked DRAFT until it is signed off).
    ExportPdf {
        /// The audit file to read.
        file: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write the report as a Word document (.docx) to edit: the same report, a draft until signed off.
    ///
    /// For a signed-off report the document says on its first page that the
    /// signed PDF (export-pdf) is the record, and gives its fingerprint.
    ExportDocx {
        /// The audit file to read.
        file: PathBuf,
        /// Where to write the Word document.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Sign off a held review's minutes, or the whole report once every held review is signed off.
    ///
    /// The time of signing is now. From then on the minutes (or, for the
    /// report, the whole audit) cannot change until reopened with a reason.
    SignOff {
        /// The audit file.
        file: PathBuf,
        /// The review whose minutes to sign off (its id, as export-json shows).
        #[arg(long, conflicts_with = "report", required_unless_present = "report")]
        review: Option<String>,
        /// Sign off the whole report instead.
        #[arg(long)]
        report: bool,
        /// The signatory's name, normally the chair's.
        #[arg(long)]
        name: String,
        /// The signatory's role, e.g. "Chair of the peer review panel".
        #[arg(long, default_value = "")]
        role: String,
        /// The statement signed (default: "These minutes are an accurate record of the peer review of … held on …").
        #[arg(long)]
        statement: Option<String>,
        /// The signatory's signing key and certificate (a PKCS#12 .p12/.pfx
        /// file, e.g. from `s11 identity new`). Its passphrase comes from
        /// S11_KEY_PASSPHRASE, --key-passphrase-file, or a prompt.
        #[arg(long)]
        key: PathBuf,
        /// A file whose first line is the key's passphrase.
        #[arg(long)]
        key_passphrase_file: Option<PathBuf>,
        /// Sign off even though it is incomplete, accepting every gap listed,
        /// for this reason (kept with the sign-off and printed in the report).
        /// Without it, a sign-off with gaps is refused and each gap listed.
        #[arg(long, value_name = "REASON")]
        accept_gaps: Option<String>,
    },
    /// Reopen signed-off minutes or the signed-off report; the signed version is kept and the reason recorded.
    Reopen {
        /// The audit file.
        file: PathBuf,
        /// The review whose minutes to reopen.
        #[arg(long, conflicts_with = "report", required_unless_present = "report")]
        review: Option<String>,
        /// Reopen the report instead.
        #[arg(long)]
        report: bool,
        /// Who is reopening it.
        #[arg(long)]
        name: String,
        /// Their role.
        #[arg(long, default_value = "")]
        role: String,
        /// Why it is being reopened (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// List every accuracy check, sign-off and reopening in an audit.
    Trail {
        /// The audit file.
        file: PathBuf,
    },
    /// Check a signed report PDF: every signature, that nothing but signatures was added after the first, the signed content and (given the audit) that it is the audit's signed version.
    ///
    /// Names each signer with role, time and certificate fingerprint.
    /// Exit codes: 0 verified (and, with --trust, signed by a trusted
    /// certificate); 1 altered, not validly signed, or not trusted; 2
    /// cannot check (not a PDF, not a Section 11 Panel report, unreadable,
    /// too large).
    Verify {
        /// The signed report PDF.
        pdf: PathBuf,
        /// The audit file to compare it with (optional).
        file: Option<PathBuf>,
        /// A certificate to trust (PEM or DER file), or its SHA-256 fingerprint as published; may be given more than once.
        #[arg(long, value_name = "CERT")]
        trust: Vec<PathBuf>,
    },
    /// Add your signature to a signed report PDF, as a panel member; earlier signatures stay valid.
    ///
    /// Refuses a PDF that is not signed, or whose signatures do not hold.
    Countersign {
        /// The signed report PDF.
        pdf: PathBuf,
        /// Your signing key (.p12/.pfx, e.g. from `s11 identity new`); its passphrase comes from S11_KEY_PASSPHRASE, --key-passphrase-file, or a prompt.
        #[arg(long)]
        key: PathBuf,
        /// A file whose first line is the key's passphrase.
        #[arg(long)]
        key_passphrase_file: Option<PathBuf>,
        /// The countersigned copy to write (not the input itself).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Signing keys: make one (`identity new`) or show whose one is (`identity show`).
    Identity {
        #[command(subcommand)]
        command: identity::IdentityCommand,
    },
    /// Protect an audit with a passphrase: the whole file is encrypted (SQLCipher).
    ///
    /// The new passphrase comes from S11_PASSPHRASE, --passphrase-file, or
    /// is asked twice at the terminal. Forgotten, it cannot be recovered.
    Protect {
        /// The audit file to protect.
        file: PathBuf,
    },
    /// Regional report: collate partnerships' signed reports into one report for the region.
    Region {
        #[command(subcommand)]
        command: region::RegionCommand,
    },
    /// Draw the blank question template to send to organisations before their workshop, as PDF.
    TemplatePdf {
        /// The audit file to read.
        file: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
    },
}

mod actions;
mod audit_passphrase;
mod identity;
mod notes;
mod passphrase;
mod region;
mod signatures;
mod signoff;

pub(crate) type Outcome = Result<(), String>;

/// The clock is read here, at the edge, never in the core.
pub(crate) fn now() -> Timestamp {
    Timestamp::now()
}

fn main() -> ExitCode {
    s11core::phases::mark("start");
    let cli = Cli::parse();
    audit_passphrase::set_passphrase_file(cli.passphrase_file.clone());
    // Verify alone has a third outcome: ran fine, and the answer is "no".
    if let Command::Verify { pdf, file, trust } = &cli.command {
        return match signatures::verify(pdf, file.as_deref(), trust) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(message) => {
                eprintln!("s11: {message}");
                ExitCode::from(2)
            }
        };
    }
    if let Command::Region { command } = cli.command {
        return region::run(command);
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("s11: {message}");
            ExitCode::from(2)
        }
    }
}

pub(crate) fn check_new_file(path: &Path) -> Outcome {
    if !s11core::files::has_audit_extension(path) {
        return Err(format!(
            "audit files end in .s11; did you mean {}.s11?",
            path.display()
        ));
    }
    Ok(())
}

fn create(path: &Path, doc: &AuditDoc) -> Outcome {
    check_new_file(path)?;
    Store::create(path, doc).map_err(|e| e.to_string())?;
    Ok(())
}

fn load(path: &Path) -> Result<AuditDoc, String> {
    let store = audit_passphrase::open_to_read(path)?;
    store.load().map_err(|e| e.to_string())
}

fn write_pdf(out: &Path, bytes: &[u8], what: &str, input: &Path) -> Outcome {
    files::write_report_export(out, bytes, &[input]).map_err(|e| e.to_string())?;
    s11core::phases::mark("file written");
    eprintln!(
        "Wrote {what} to {} (not protected by any passphrase: anyone with the file can read it)",
        out.display()
    );
    Ok(())
}

fn run(command: Command) -> Outcome {
    match command {
        Command::New {
            file,
            from: Some(last),
            year,
            ..
        } => actions::new_from(&file, &last, year),
        Command::Actions { command } => actions::run(command),
        Command::New {
            file,
            partnership,
            year,
            from: None,
        } => {
            let year = match year {
                Some(y) => {
                    check_year(&y)?;
                    y
                }
                // The clock is read here, at the edge, never in the core.
                None => audit_year_for(now().date()),
            };
            let partnership = partnership.unwrap_or_else(|| "Children's Partnership".to_string());
            create(&file, &AuditDoc::new(new_id(), partnership, year))?;
            println!("Created {}", file.display());
            Ok(())
        }
        Command::Example { file } => {
            let doc =
                example::example().map_err(|e| format!("the built-in example is damaged: {e}"))?;
            create(&file, &doc)?;
            println!(
                "Created {} (the 2021-22 South Gloucestershire example)",
                file.display()
            );
            Ok(())
        }
        Command::Notes { command } => notes::run(command),
        Command::ExportJson { file, output } => {
            if let Some(out) = &output {
                files::check_output(out, &[&file]).map_err(|e| e.to_string())?;
            }
            let store = audit_passphrase::open_to_read(&file)?;
            let json = interchange::to_json(&store.load().map_err(|e| e.to_string())?);
            match output {
                Some(out) => {
                    files::write_export(&out, json.as_bytes(), &[&file])
                        .map_err(|e| e.to_string())?;
                    eprintln!(
                        "Wrote {} (not protected: anyone with the file can read it)",
                        out.display()
                    );
                }
                None => print!("{json}"),
            }
            Ok(())
        }
        Command::ExportPdf { file, output } => {
            s11core::phases::mark("arguments read");
            files::check_output(&output, &[&file]).map_err(|e| e.to_string())?;
            let store = audit_passphrase::open_to_read(&file)?;
            s11core::phases::mark("audit file opened");
            let report = report::export_report(&store).map_err(|e| e.to_string())?;
            if !report.missing_glyphs.is_empty() {
                eprintln!(
                    "Warning: the report's fonts have no glyph for {}; each is printed as a placeholder (\u{FFFD}) and kept as typed in the PDF's text.",
                    report::describe_missing_glyphs(&report.missing_glyphs)
                );
            }
            write_pdf(
                &output,
                &report.bytes,
                if report.signed {
                    "the signed-off report"
                } else {
                    "the draft report"
                },
                &file,
            )
        }
        Command::ExportDocx { file, output } => {
            let store = audit_passphrase::open_to_read(&file)?;
            let report = report::export_report_docx(&store).map_err(|e| e.to_string())?;
            write_pdf(
                &output,
                &report.bytes,
                if report.signed {
                    "the signed-off report as Word (the signed PDF is the record)"
                } else {
                    "the draft report as Word"
                },
                &file,
            )
        }
        Command::SignOff {
            file,
            review,
            report: _,
            name,
            role,
            statement,
            key,
            key_passphrase_file,
            accept_gaps,
        } => signoff::sign_off(
            &file,
            review.as_deref(),
            signoff::Signatory {
                name,
                role,
                statement,
                key,
                key_passphrase_file,
                accept_gaps,
            },
        ),
        Command::Reopen {
            file,
            review,
            report: _,
            name,
            role,
            reason,
        } => signoff::reopen(&file, review.as_deref(), &name, &role, &reason),
        Command::Trail { file } => signoff::trail(&file),
        Command::Verify { .. } | Command::Region { .. } => Ok(()),
        Command::Countersign {
            pdf,
            key,
            key_passphrase_file,
            output,
        } => signatures::countersign_pdf(&pdf, &key, &output, key_passphrase_file.as_deref()),
        Command::Identity { command } => identity::run(command),
        Command::TemplatePdf { file, output } => {
            files::check_output(&output, &[&file]).map_err(|e| e.to_string())?;
            let pdf = report::template_pdf(&load(&file)?).map_err(|e| e.to_string())?;
            write_pdf(&output, &pdf, "the question template", &file)
        }
        Command::Protect { file } => {
            let store = audit_passphrase::open(&file)?;
            if store.is_protected() {
                return Err(format!(
                    "{} is already protected with a passphrase",
                    file.display()
                ));
            }
            let passphrase = audit_passphrase::new_passphrase()?;
            let store = store.protect(&passphrase).map_err(|e| e.to_string())?;
            drop(store);
            println!("Protected {}", file.display());
            eprintln!("Its earlier backups and any JSON or PDF exports are not protected: delete copies you no longer need. A forgotten passphrase cannot be recovered.");
            Ok(())
        }
        Command::ImportJson { input, file } => {
            check_new_file(&file)?;
            let bytes = files::read_limited(&input, interchange::MAX_JSON_BYTES as u64)
                .map_err(|e| e.to_string())?;
            let text = files::text_of(bytes).ok_or_else(|| {
                format!(
                    "{} is not UTF-8 (or UTF-16) text, so it is not a JSON audit export",
                    input.display()
                )
            })?;
            let doc = interchange::import_json(&text).map_err(|e| e.to_string())?;
            create(&file, &doc)?;
            println!("Created {} from {}", file.display(), input.display());
            Ok(())
        }
    }
}
