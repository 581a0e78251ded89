//! End-to-end tests: the real app, built by cargo, started under a private
//! Xvfb display through tauri-driver, driven with WebDriver.
//!
//! Needs Xvfb, WebKitWebDriver and tauri-driver; `./.ci/test` installs them.

mod accessibility;
mod backups;
mod desktop;
mod diskfull;
mod driver;
mod export;
mod gallery;
mod hostile;
mod layout;
mod next_year;
mod notes;
mod protect;
mod region;
mod screens;
mod signoff;
mod start;
mod timer;
mod workshop;

use std::path::{Path, PathBuf};

use s11core::setup::SetupError;
use s11core::{AuditDoc, Store};

/// WebDriver's codes for keys typed with `App::type_into`.
pub mod keys {
    pub const ALT: &str = "\u{E00A}";
    /// Lets go of Alt (and any other modifier held).
    pub const RELEASE: &str = "\u{E000}";
    pub const DOWN: &str = "\u{E015}";
    pub const UP: &str = "\u{E013}";
}

/// A new audit file for Testshire Children's Partnership 2024-25 on the
/// default template, with `setup` applied (panel, reviews) in one edit.
pub fn testshire_audit<T>(path: &Path, setup: impl FnOnce(&mut AuditDoc) -> Result<T, SetupError>) {
    let mut store = Store::create(
        path,
        &AuditDoc::new(
            "e2e".into(),
            "Testshire Children's Partnership".into(),
            "2024-25".into(),
        ),
    )
    .expect("audit created");
    store.update(setup).expect("set-up");
}

/// Where screenshots go for people to look at.
pub fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}
