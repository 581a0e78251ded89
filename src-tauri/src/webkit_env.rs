//! How WebKitGTK is asked to run the page, set through its environment before
//! the first thread starts (WebKit reads these once, and its page and network
//! processes inherit them).
//!
//! The window shows forms and tables; it never animates, draws WebGL or plays
//! video. Measured with the large audit open under Xvfb (issue 9, `.ci/bench`):
//!
//! - accelerated compositing off: about 300 MB → 228 MB summed PSS. With it on,
//!   the page's process keeps GPU layers and a second copy of the GL stack it
//!   never needs; it is also the usual cause of a blank WebKitGTK window on
//!   some GPU drivers;
//! - JavaScriptCore's JIT off: a further ~8 MB. The UI's scripts are small and
//!   event-driven (screens painted as fast with the interpreter), and a page
//!   that shows minutes naming children is better without a JIT compiler, the
//!   part of a JavaScript engine most exploits target.
//!
//! - glibc's mmap threshold fixed at its starting value, 128 KiB (issue 22):
//!   glibc otherwise raises it to the size of each large block freed, so
//!   later large blocks (the page's copies of a review's minutes on their
//!   way from the core) come from the heap and stay there. The page's
//!   process with the large audit's minutes open: heap 5.8 → 2.6 MB, 111 →
//!   108 MB PSS. (The app's own process read its environment before `main`,
//!   so this reaches only WebKit's processes.)
//!
//! Invariant: a value the user (or their support desk) has already set is
//! kept, so `WEBKIT_DISABLE_COMPOSITING_MODE=0` or `JSC_useJIT=1` turns a
//! setting back on for a machine that needs it.

/// The settings, as (variable, value) pairs.
pub const SETTINGS: [(&str, &str); 3] = [
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("JSC_useJIT", "0"),
    ("MALLOC_MMAP_THRESHOLD_", "131072"),
];

/// The settings that `lookup` (the current environment) does not already
/// decide.
pub fn missing(lookup: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    SETTINGS
        .iter()
        .copied()
        .filter(|(name, _)| !lookup(name))
        .collect()
}

/// Sets the missing settings in this process's environment. Call it first
/// thing in `main`, while the process has one thread: changing the
/// environment while other threads read it is undefined behaviour in libc.
pub fn apply() {
    #[cfg(target_os = "linux")]
    for (name, value) in missing(|name| std::env::var_os(name).is_some()) {
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_already_set_is_kept() {
        let all = missing(|_| false);
        assert_eq!(all.len(), SETTINGS.len());
        let kept = missing(|name| name == "JSC_useJIT");
        assert_eq!(
            kept,
            vec![
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("MALLOC_MMAP_THRESHOLD_", "131072")
            ]
        );
        assert!(missing(|_| true).is_empty());
    }
}
