//! Where the time of an export goes (issue 22): with `S11_PHASES=1` in the
//! environment, each [`mark`] prints to stderr the time since the one
//! before, so the whole `s11 export-pdf` process can be read phase by phase
//! (opening the audit, layout, fonts, subsetting, compression, writing)
//! without a profiler. Off, a mark costs one relaxed atomic load.
//!
//! Durations only, from the monotonic clock: nothing here reads the time of
//! day, and nothing decided by the program depends on it.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// 0: not yet looked up; 1: off; 2: on.
static STATE: AtomicU8 = AtomicU8::new(0);
static LAST: Mutex<Option<Instant>> = Mutex::new(None);

fn on() -> bool {
    match STATE.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => {
            let on = std::env::var_os("S11_PHASES").is_some_and(|v| v == "1");
            STATE.store(if on { 2 } else { 1 }, Ordering::Relaxed);
            on
        }
    }
}

/// Ends the phase called `what` (the first mark only starts the clock).
pub fn mark(what: &str) {
    if !on() {
        return;
    }
    let now = Instant::now();
    let Ok(mut last) = LAST.lock() else {
        return;
    };
    if let Some(t) = *last {
        eprintln!(
            "s11-phase {:>7.2} ms  {what}",
            now.duration_since(t).as_secs_f64() * 1000.0
        );
    }
    *last = Some(Instant::now());
}
