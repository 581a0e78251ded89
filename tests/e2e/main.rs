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
mod notes;
mod protect;
mod screens;
mod signoff;
mod start;
mod timer;
mod workshop;

use std::path::PathBuf;

/// Where screenshots go for people to look at.
pub fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}
