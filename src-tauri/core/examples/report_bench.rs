//! How fast the report is drawn, and with how much memory.
//!
//!     cargo run --release -p s11-core --example report_bench [-- --write DIR] [--audit FILE.s11]
//!
//! Prints, for the built-in example (~12 pages) and a regional audit of 15
//! organisations (~60 pages), the median of several in-process renders and
//! the process's peak memory (VmHWM). `--write DIR` also saves the PDFs;
//! `--audit FILE.s11` also times that audit's report (`.ci/bench` passes the
//! large audit of 15 reviews x 30 questions that `workshop_bench` writes).
//!
//! The whole `s11 export-pdf` process (start-up, opening the .s11 file,
//! drawing, writing) is timed by `src-tauri/core/examples/time-export-pdf.sh`.

#[path = "support/regional.rs"]
mod regional;

use std::time::{Duration, Instant};

use s11core::report::{report_layout, report_pdf, template_pdf, ReportOptions};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn measure(name: &str, doc: &s11core::AuditDoc, runs: usize) -> Vec<u8> {
    let pages = report_layout(doc, &ReportOptions::default())
        .map(|(p, _)| p.len())
        .unwrap_or(0);
    let mut times = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        bytes = report_pdf(doc).expect("the report renders");
        times.push(t.elapsed());
    }
    println!(
        "{name:<28} {pages:>3} pages  {:>7} bytes  median {:>7.1} ms  (min {:.1}, max {:.1}, {runs} runs)  peak so far {} KiB",
        bytes.len(),
        median(times.clone()).as_secs_f64() * 1000.0,
        times.iter().min().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        times.iter().max().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        peak_memory_kib().unwrap_or(0),
    );
    bytes
}

fn main() {
    let example = s11core::example::example().expect("the built-in example");
    let regional = regional::regional(&example, 15);
    let small = measure("example (South Glos 2021-22)", &example, 15);
    let large = measure("regional (15 organisations)", &regional, 9);
    let template = template_pdf(&example).expect("the template renders");
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = args
        .iter()
        .position(|a| a == "--audit")
        .and_then(|i| args.get(i + 1))
    {
        let doc = s11core::Store::open(std::path::Path::new(path))
            .and_then(|store| store.load())
            .expect("the audit opens");
        let name = format!("--audit ({} reviews)", doc.reviews.len());
        measure(&name, &doc, 9);
    }
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
    {
        let dir = std::path::Path::new(dir);
        for (name, bytes) in [
            ("example.pdf", &small),
            ("regional.pdf", &large),
            ("template.pdf", &template),
        ] {
            std::fs::write(dir.join(name), bytes).expect("write the PDF");
        }
        // For timing the whole `s11 export-pdf` process on a regional file.
        std::fs::write(
            dir.join("regional.json"),
            s11core::interchange::to_json(&regional),
        )
        .expect("write the JSON");
        println!(
            "wrote example.pdf, regional.pdf, template.pdf and regional.json to {}",
            dir.display()
        );
    }
}
