//! `s11 region`: a regional lead collates partnerships' signed reports into
//! one regional report (issue 17), headless.
//!
//! Exit codes as the rest of `s11`: 2 for bad input (with a plain message),
//! and, for `region add`, 1 when an input's signatures do not verify.
//! `region add` is all or none: every input is read and checked before any
//! is collated, so a script that sees a failure knows nothing changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use s11core::files;
use s11core::region::{
    normalise, read_input, AddOutcome, InputOptions, Quote, RegionError, RegionStore, ThemeSummary,
};
use s11core::report::{regional_docx, regional_pdf};

use crate::{now, Outcome};

#[derive(Subcommand)]
pub(crate) enum RegionCommand {
    /// Make a new regional collation file (.s11region).
    New {
        /// The collation file to create (ends in .s11region; never overwrites anything).
        region: PathBuf,
        /// The region's name, e.g. "Avon & Somerset".
        #[arg(long)]
        name: String,
        /// The audit year the local reports are for, e.g. 2021-22.
        #[arg(long)]
        year: String,
    },
    /// Collate partnerships' reports: signed report PDFs (every signature verified as `s11 verify` does), or with --draft an audit file or its JSON.
    ///
    /// A partnership's report replaces the one already collated only if it
    /// is newer. All or none: if any input is refused, nothing is added.
    /// Exit 1 when an input's signatures do not verify, 2 for other refusals.
    Add {
        /// The collation file.
        region: PathBuf,
        /// Signed report PDFs, audit files (.s11) or JSON exports.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Add deliberately as drafts: unsigned or unverified reports are
        /// then accepted and marked "draft" everywhere in the regional report.
        #[arg(long)]
        draft: bool,
    },
    /// List the collated reports (partnership, status, signer, fingerprint), their organisations, and the regional themes.
    List {
        /// The collation file.
        region: PathBuf,
    },
    /// Take a partnership's report out of the collation.
    Remove {
        region: PathBuf,
        /// The partnership's name as listed.
        partnership: String,
    },
    /// Set the region's own texts: name, authors, Introduction, Methodology, Conclusion.
    Set {
        region: PathBuf,
        #[arg(long)]
        name: Option<String>,
        /// The regional panel or authors, separated by ";".
        #[arg(long)]
        authors: Option<String>,
        #[arg(long)]
        introduction: Option<String>,
        #[arg(long)]
        methodology: Option<String>,
        #[arg(long)]
        conclusion: Option<String>,
    },
    /// Write the regional summary of a theme: its strengths and areas for development.
    Summary {
        region: PathBuf,
        /// The regional theme: its title or its number in `region list`.
        #[arg(long)]
        theme: String,
        #[arg(long)]
        strengths: Option<String>,
        #[arg(long)]
        development: Option<String>,
    },
    /// Quote a passage of an organisation's response as an example of good practice under a theme.
    Quote {
        region: PathBuf,
        /// The regional theme: its title or its number in `region list`.
        #[arg(long)]
        theme: String,
        /// The organisation whose response it is (full or short name).
        #[arg(long)]
        organisation: String,
        /// The passage, as in the response (spacing and case aside).
        #[arg(long)]
        passage: String,
    },
    /// Match a partnership's theme, worded differently in its template, to a regional theme.
    Match {
        region: PathBuf,
        #[arg(long)]
        partnership: String,
        /// The theme's title in that partnership's template.
        #[arg(long)]
        theme: String,
        /// The regional theme's title it counts as.
        #[arg(long)]
        to: String,
    },
    /// Draw the regional report as PDF; with --key, signed by the regional lead (PAdES, checked by `s11 verify`).
    ExportPdf {
        region: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Sign it with this key (.p12/.pfx, e.g. from `s11 identity new`);
        /// its passphrase comes from S11_KEY_PASSPHRASE, --key-passphrase-file, or a prompt.
        #[arg(long)]
        key: Option<PathBuf>,
        /// A file whose first line is the key's passphrase.
        #[arg(long, requires = "key")]
        key_passphrase_file: Option<PathBuf>,
        /// The signer's role, e.g. "Regional safeguarding lead".
        #[arg(long, default_value = "", requires = "key")]
        role: String,
    },
    /// Write the regional report as a Word document (.docx).
    ExportDocx {
        region: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn open(path: &Path) -> Result<RegionStore, String> {
    RegionStore::open(path).map_err(|e| e.to_string())
}

/// Runs a region command; `region add` has its own exit code for inputs
/// that do not verify.
pub(crate) fn run(command: RegionCommand) -> ExitCode {
    let result = match command {
        RegionCommand::Add {
            region,
            inputs,
            draft,
        } => return add(&region, &inputs, draft),
        other => run_other(other),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("s11: {message}");
            ExitCode::from(2)
        }
    }
}

fn add(region: &Path, inputs: &[PathBuf], draft: bool) -> ExitCode {
    let mut store = match open(region) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("s11: {message}");
            return ExitCode::from(2);
        }
    };
    let mut read = Vec::new();
    let mut unverified = false;
    let mut refused = false;
    for path in inputs {
        let mut got = read_input(
            path,
            &InputOptions {
                draft,
                passphrase: None,
            },
        );
        if let Err(RegionError::Passphrase(_)) = got {
            got = match crate::audit_passphrase::audit_passphrase() {
                Ok(p) => read_input(
                    path,
                    &InputOptions {
                        draft,
                        passphrase: Some(&p),
                    },
                ),
                Err(message) => Err(RegionError::Refused(message)),
            };
        }
        match got {
            Ok(input) => read.push(input),
            Err(e) => {
                if matches!(e, RegionError::NotVerified { .. }) {
                    unverified = true;
                } else {
                    refused = true;
                }
                eprintln!("s11: {e}");
            }
        }
    }
    if unverified || refused {
        eprintln!("s11: nothing was added to {}.", region.display());
        return ExitCode::from(if refused { 2 } else { 1 });
    }
    let at = now();
    for input in &read {
        let who = &input.report.audit.partnership;
        let how = if input.draft { " as a DRAFT" } else { "" };
        match store.add(input, at) {
            Ok(AddOutcome::Added) => {
                println!("Added {who}{how} from {}", input.source_path.display())
            }
            Ok(AddOutcome::Replaced { previous }) => println!(
                "Replaced {who}’s {previous} with the newer report{how} from {}",
                input.source_path.display()
            ),
            Ok(AddOutcome::Unchanged) => println!(
                "{who}: {} is the report already collated; nothing changed",
                input.source_path.display()
            ),
            Ok(AddOutcome::KeptNewer { kept }) => println!(
                "{who}: kept {kept}, which is newer than {}; not replaced",
                input.source_path.display()
            ),
            Err(e) => {
                eprintln!("s11: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

/// The regional theme named by title or by its number in `region list`.
fn theme_key(store: &RegionStore, theme: &str) -> Result<String, String> {
    let c = store.load().map_err(|e| e.to_string())?;
    let matched = c.themes();
    if let Ok(n) = theme.trim().parse::<usize>() {
        if let Some(t) = n.checked_sub(1).and_then(|i| matched.themes.get(i)) {
            return Ok(t.key.clone());
        }
    }
    let want = normalise(theme);
    matched
        .themes
        .iter()
        .find(|t| t.key == want)
        .map(|t| t.key.clone())
        .ok_or_else(|| {
            format!(
                "there is no regional theme “{theme}”. The themes are: {}",
                matched
                    .themes
                    .iter()
                    .enumerate()
                    .map(|(i, t)| format!("{} {}", i + 1, t.title))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })
}

fn write(out: &Path, bytes: &[u8], what: &str, input: &Path) -> Outcome {
    files::write_export(out, bytes, &[input]).map_err(|e| e.to_string())?;
    eprintln!(
        "Wrote {what} to {} (not protected by any passphrase: anyone with the file can read it)",
        out.display()
    );
    Ok(())
}

fn run_other(command: RegionCommand) -> Outcome {
    match command {
        RegionCommand::Add { .. } => Ok(()),
        RegionCommand::New { region, name, year } => {
            if region.extension().and_then(|e| e.to_str()) != Some(s11core::region::EXTENSION) {
                return Err(format!(
                    "regional collations end in .{}; did you mean {}.{}?",
                    s11core::region::EXTENSION,
                    region.display(),
                    s11core::region::EXTENSION
                ));
            }
            RegionStore::create(&region, &name, &year).map_err(|e| e.to_string())?;
            println!("Created {}", region.display());
            Ok(())
        }
        RegionCommand::List { region } => {
            let c = open(&region)?.load().map_err(|e| e.to_string())?;
            println!("{} · {}", c.meta.name, c.meta.year);
            if c.inputs.is_empty() {
                println!("No reports collated yet: add them with `s11 region add`.");
            }
            for i in &c.inputs {
                println!();
                println!("{}{}", i.partnership, if i.draft { " — DRAFT" } else { "" });
                println!("  from {} ({})", i.source_path, i.kind.as_str());
                if i.signer.is_empty() {
                    println!("  not signed off");
                } else {
                    println!(
                        "  signed off by {} on {}",
                        i.signer,
                        s11core::canonical::when(&i.signed_at)
                    );
                }
                if !i.certificate_sha256.is_empty() {
                    println!(
                        "  certificate SHA-256 {}",
                        s11core::identity::format_fingerprint(&i.certificate_sha256)
                    );
                }
                for r in i.report.reviews.iter().map(|r| &r.minutes) {
                    println!(
                        "  - {}: {}{}",
                        r.organisation,
                        if r.status == "held" {
                            "held"
                        } else {
                            "did not take place"
                        },
                        r.date
                            .as_deref()
                            .map(|d| format!(", {}", s11core::dates::british(d)))
                            .unwrap_or_default()
                    );
                }
            }
            let matched = c.themes();
            if !matched.themes.is_empty() {
                println!();
                println!("Regional themes:");
                for (n, t) in matched.themes.iter().enumerate() {
                    let from: Vec<String> = t
                        .members
                        .iter()
                        .map(|(i, _)| s11core::region::short_partnership(&c.inputs[*i].partnership))
                        .collect();
                    println!("  {} {} ({})", n + 1, t.title, from.join(", "));
                }
            }
            Ok(())
        }
        RegionCommand::Remove {
            region,
            partnership,
        } => {
            open(&region)?
                .remove(&partnership)
                .map_err(|e| e.to_string())?;
            println!("Removed {partnership}’s report");
            Ok(())
        }
        RegionCommand::Set {
            region,
            name,
            authors,
            introduction,
            methodology,
            conclusion,
        } => {
            let mut store = open(&region)?;
            let mut meta = store.meta().map_err(|e| e.to_string())?;
            if let Some(v) = name {
                meta.name = v;
            }
            if let Some(v) = authors {
                meta.authors = v
                    .split(';')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            if let Some(v) = introduction {
                meta.introduction = v;
            }
            if let Some(v) = methodology {
                meta.methodology = v;
            }
            if let Some(v) = conclusion {
                meta.conclusion = v;
            }
            store.set_meta(&meta).map_err(|e| e.to_string())?;
            println!("Saved {}", region.display());
            Ok(())
        }
        RegionCommand::Summary {
            region,
            theme,
            strengths,
            development,
        } => {
            let mut store = open(&region)?;
            let key = theme_key(&store, &theme)?;
            let c = store.load().map_err(|e| e.to_string())?;
            let old = c.summaries.get(&key).cloned().unwrap_or_default();
            store
                .set_summary(
                    &key,
                    &ThemeSummary {
                        strengths: strengths.unwrap_or(old.strengths),
                        development: development.unwrap_or(old.development),
                    },
                )
                .map_err(|e| e.to_string())?;
            println!("Saved the regional summary of “{theme}”");
            Ok(())
        }
        RegionCommand::Quote {
            region,
            theme,
            organisation,
            passage,
        } => {
            let mut store = open(&region)?;
            let key = theme_key(&store, &theme)?;
            let c = store.load().map_err(|e| e.to_string())?;
            let (partnership_key, organisation) = c
                .quote_source(&key, &organisation, &passage)
                .ok_or_else(|| {
                    format!("no response of {organisation} under “{theme}” contains that passage; copy it from the response as written")
                })?;
            store
                .add_quote(&Quote {
                    theme_key: key,
                    partnership_key,
                    organisation,
                    passage: passage.trim().to_string(),
                })
                .map_err(|e| e.to_string())?;
            println!("Quoted as an example of good practice under “{theme}”");
            Ok(())
        }
        RegionCommand::Match {
            region,
            partnership,
            theme,
            to,
        } => {
            open(&region)?
                .set_match(&partnership, &theme, &to)
                .map_err(|e| e.to_string())?;
            println!("{partnership}’s “{theme}” now counts as the regional theme “{to}”");
            Ok(())
        }
        RegionCommand::ExportPdf {
            region,
            output,
            key,
            key_passphrase_file,
            role,
        } => {
            files::check_output(&output, &[&region]).map_err(|e| e.to_string())?;
            let c = open(&region)?.load().map_err(|e| e.to_string())?;
            match key {
                None => {
                    let pdf = regional_pdf(&c).map_err(|e| e.to_string())?;
                    write(&output, &pdf, "the regional report", &region)
                }
                Some(key) => {
                    let identity =
                        crate::passphrase::open_identity(&key, key_passphrase_file.as_deref())?;
                    let pdf = s11core::report::signed_regional_pdf(&c, &identity, &role, now())
                        .map_err(|e| e.to_string())?;
                    println!(
                        "Signed by {}; certificate SHA-256 {}.",
                        identity.common_name(),
                        s11core::identity::format_fingerprint(&identity.fingerprint())
                    );
                    write(&output, &pdf, "the signed regional report", &region)
                }
            }
        }
        RegionCommand::ExportDocx { region, output } => {
            files::check_output(&output, &[&region]).map_err(|e| e.to_string())?;
            let c = open(&region)?.load().map_err(|e| e.to_string())?;
            let docx = regional_docx(&c).map_err(|e| e.to_string())?;
            write(&output, &docx, "the regional report as Word", &region)
        }
    }
}
