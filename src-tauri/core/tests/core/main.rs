//! s11-core against real `.s11` files on disk.

mod edges;
mod example;
mod identity;
mod interchange;
mod next_year;
mod notes;
mod pdfsign;
mod protect;
mod region;
mod report;
mod schema;
mod setup_edits;
mod signoff;
mod store;
mod timer;
mod trust;
mod windows;
mod workshop;

use std::path::PathBuf;

pub fn temp_audit(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}
