//! The `s11` binary as a user runs it: real files, exit codes, messages.
//! One test binary with a module per area (the house style); the helpers
//! every module uses are here.

use std::path::{Path, PathBuf};
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
mod windows;

/// The passphrase minute packs are made with in these tests, and then
/// opened with (packs are always protected: issue 19).
pub const PACK_PASSPHRASE: &str = "pack passphrase told by phone";

/// Runs the built `s11` in `cwd`, as a user at a shell would. Packs made
/// get [`PACK_PASSPHRASE`], and it opens any protected file.
pub fn s11(args: &[&str], cwd: &Path) -> Output {
    Command::new(s11_exe())
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

/// The built `s11`. Cargo names it in `CARGO_BIN_EXE_s11` when it builds
/// the tests; built for Windows on Linux and run under Wine, that is a Unix
/// path (`/work/target/x86_64-pc-windows-gnu/debug/s11.exe`), which a
/// Windows program reads as a path on its current drive and cannot find. The
/// test program itself runs from `<profile>/deps/`, beside which cargo puts
/// `s11.exe`, so that is where it is looked for then.
pub fn s11_exe() -> PathBuf {
    let built = PathBuf::from(env!("CARGO_BIN_EXE_s11"));
    if built.is_file() {
        return built;
    }
    std::env::current_exe()
        .ok()
        .and_then(|test| Some(test.parent()?.parent()?.join(built.file_name()?)))
        .filter(|p| p.is_file())
        .unwrap_or(built)
}
