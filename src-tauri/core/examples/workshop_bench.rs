//! What the chair feels, measured on the core with a real .s11 file:
//! opening a large audit, switching review, searching all minutes, and the
//! autosave transaction per keystroke. Prints medians; fails nothing.
//!
//!     cargo run --release -p s11-core --example workshop_bench [-- --write FILE.s11]
//!
//! `--write` saves the large audit for the app's start-up and memory figures
//! (`.ci/bench` does this).

#[path = "support/large.rs"]
mod large;

use std::time::{Duration, Instant};

use s11core::dates::Timestamp;
use s11core::minutes_view::MinutesView;
use s11core::overview::Overview;
use s11core::Store;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect()
}

fn report(name: &str, v: Vec<Duration>) {
    println!(
        "{name:<44} median {:>8.2} ms   p99 {:>8.2} ms   ({} runs)",
        ms(percentile(v.clone(), 0.5)),
        ms(percentile(v.clone(), 0.99)),
        v.len()
    );
}

fn main() {
    let example = s11core::example::example().expect("the built-in example");
    let doc = large::large(&example);
    let dir = tempfile_dir();
    let path = dir.join("large.s11");
    let _ = std::fs::remove_file(&path);
    let t = Instant::now();
    drop(Store::create(&path, &doc).expect("created"));
    println!(
        "large audit: 15 reviews x 30 questions x 3 notes; written in {:.1} ms, {} KiB on disk",
        ms(t.elapsed()),
        std::fs::metadata(&path)
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );

    report(
        "open + load + overview (large)",
        time(9, || {
            let s = Store::open(&path).expect("open");
            let d = s.load().expect("load");
            Overview::of(&d)
        }),
    );
    let mut store = Store::open(&path).expect("open");
    let ids: Vec<String> = doc.reviews.iter().map(|r| r.id.clone()).collect();
    let mut k = 0;
    report(
        "switch review (load + minutes view)",
        time(30, || {
            k += 1;
            let d = store.load().expect("load");
            MinutesView::of(&d, &ids[k % ids.len()])
        }),
    );
    report(
        "search all minutes (\"exploitation\")",
        time(30, || store.search_minutes("exploitation").expect("search")),
    );
    report(
        "search all minutes (no match)",
        time(30, || {
            store.search_minutes("zzzz no such words").expect("search")
        }),
    );

    // A paragraph typed one keystroke at a time, each saved as autosave would
    // (the UI batches keystrokes, so this is the worst case).
    let paragraph = "The panel heard how the designated nurse leads supervision every month and how learning from reviews reaches practitioners. ".repeat(3);
    let mut typed = String::new();
    let mut now = 1_700_000_000_i64;
    let mut saves = Vec::new();
    for c in paragraph.chars() {
        typed.push(c);
        now += 1;
        let t = Instant::now();
        store
            .set_response("large-3", "t2q4", &typed, Timestamp(now))
            .expect("save");
        saves.push(t.elapsed());
    }
    report("autosave transaction (WAL, synchronous=FULL)", saves);

    // Set-up edits (issue 20): each is one `Store::update` transaction on the
    // large audit, as the set-up screens make them.
    let member = doc.panel[0].id.clone();
    let theme = doc.template.themes[0].id.clone();
    let mut n = 0;
    report(
        "set-up edit: rename a panel member",
        time(30, || {
            n += 1;
            store
                .update(|d| {
                    d.update_panel_member(
                        &member,
                        &format!("Member {n}"),
                        "Designated nurse",
                        "Health",
                    )
                })
                .expect("rename")
        }),
    );
    report(
        "set-up edit: add a question",
        time(30, || {
            n += 1;
            store
                .update(|d| {
                    d.add_question(&theme, format!("bench-q{n}"), "A question added in set-up?")
                })
                .expect("add question")
        }),
    );
    report(
        "set-up edit: reorder reviews",
        time(30, || {
            store
                .update(|d| {
                    d.reviews.swap(0, 1);
                    Ok(())
                })
                .expect("reorder")
        }),
    );
    drop(store);
    let args: Vec<String> = std::env::args().collect();
    if let Some(out) = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::copy(&path, out).expect("copy the large audit");
        println!("wrote {out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("s11-bench-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}
