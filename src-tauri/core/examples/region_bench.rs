//! How fast a regional report is collated and drawn (issue 17).
//!
//!     cargo run --release -p s11-core --example region_bench [-- --write DIR]
//!
//! Builds ten invented partnerships of ten organisations each, signs each
//! audit off with a key and exports its signed report PDF (set-up, not
//! timed), then prints the median of several runs of:
//! - adding the ten signed PDFs to a new collation (each read, every
//!   signature verified as `s11 verify` does, and stored), and
//! - drawing the regional report of that 10 x 10 collation (read from the
//!   file and drawn).
//!
//! `--write DIR` leaves the ten PDFs and the collation there, so that
//! `.ci/bench` can time the whole `s11 region add` and `s11 region
//! export-pdf` processes as well.

#[path = "support/partnerships.rs"]
mod partnerships;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use s11core::identity::Identity;
use s11core::region::{read_input, InputOptions, RegionStore};
use s11core::report::regional_pdf;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let keep = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("the output folder");

    let chair = Identity::create("Siân Prydderch", "Chair", partnerships::SIGNED_AT)
        .expect("a signing key");
    let mut pdfs = Vec::new();
    for (i, spec) in partnerships::grid(10, 10).iter().enumerate() {
        let doc = partnerships::audit(spec, &chair.common_name());
        let audit = dir.join(format!("partnership-{}.s11", i + 1));
        let _ = std::fs::remove_file(&audit);
        let pdf = partnerships::signed_report(&audit, &doc, &chair, partnerships::SIGNED_AT);
        let path = dir.join(format!("partnership-{}.pdf", i + 1));
        std::fs::write(&path, pdf).expect("the PDF written");
        pdfs.push(path);
    }
    let bytes: usize = pdfs
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len() as usize).unwrap_or(0))
        .sum();

    let runs = 7;
    let mut add_times = Vec::new();
    for run in 0..runs {
        let path = dir.join(format!("bench-{run}.s11region"));
        let _ = std::fs::remove_file(&path);
        let t = Instant::now();
        let mut region =
            RegionStore::create(&path, "Ten partnerships", "2021-22").expect("the collation");
        for p in &pdfs {
            let input = read_input(p, &InputOptions::default()).expect("a signed PDF verifies");
            region
                .add(&input, partnerships::SIGNED_AT)
                .expect("collated");
        }
        add_times.push(t.elapsed());
        drop(region);
        if run > 0 {
            let _ = std::fs::remove_file(&path);
        }
    }
    let region_path = dir.join("region.s11region");
    let _ = std::fs::remove_file(&region_path);
    std::fs::rename(dir.join("bench-0.s11region"), &region_path).expect("kept");

    let mut export_times = Vec::new();
    let mut out = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let c = RegionStore::open(&region_path)
            .and_then(|r| r.load())
            .expect("the collation read");
        out = regional_pdf(&c).expect("the regional report");
        export_times.push(t.elapsed());
    }
    println!(
        "region add: 10 signed PDFs ({} KB) verified and collated   median {:>6.1} ms  (min {:.1}, max {:.1}, {runs} runs; target < 500)",
        bytes / 1024,
        ms(median(add_times.clone())),
        ms(add_times.iter().min().copied().unwrap_or_default()),
        ms(add_times.iter().max().copied().unwrap_or_default()),
    );
    println!(
        "region export-pdf: 10 x 10 region read and drawn, {} KB      median {:>6.1} ms  (min {:.1}, max {:.1}, {runs} runs; target < 500)",
        out.len() / 1024,
        ms(median(export_times.clone())),
        ms(export_times.iter().min().copied().unwrap_or_default()),
        ms(export_times.iter().max().copied().unwrap_or_default()),
    );
    if keep.is_some() {
        std::fs::write(dir.join("regional.pdf"), &out).expect("written");
    }
}
