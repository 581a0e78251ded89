//! The `s11` binary as a user runs it: real files, exit codes, messages.
//! One test binary with a module per area (the house style); the helpers
//! every module uses are here.

use std::path::Path;
use std::process::{Command, Output};

mod actions;
mod audits;
mod edges;
mod export_pdf;
mod notes;
mod region;
mod signatures;
mod signoff;
mod transit;

/// The passphrase minute packs are made with in these tests, and then
/// opened with (packs are always protected: issue 19).
pub const PACK_PASSPHRASE: &str = "pack passphrase told by phone";

/// Runs the built `s11` in `cwd`, as a user at a shell would. Packs made
/// get [`PACK_PASSPHRASE`], and it opens any protected file.
pub fn s11(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_s11"))
        .args(args)
        .current_dir(cwd)
        .env("S11_PACK_PASSPHRASE", PACK_PASSPHRASE)
        .env("S11_PASSPHRASE", PACK_PASSPHRASE)
        .output()
        .expect("s11 runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
