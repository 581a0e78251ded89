//! The `s11` binary as a user runs it: real files, exit codes, messages.
//! One test binary with a module per area (the house style); the helpers
//! every module uses are here.

use std::path::Path;
use std::process::{Command, Output};

mod actions;
mod audits;
mod export_pdf;
mod notes;
mod signatures;
mod signoff;

/// Runs the built `s11` in `cwd`, as a user at a shell would.
pub fn s11(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_s11"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("s11 runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
