//! One malloc arena for the app's own process, on Linux (issue 22).
//!
//! glibc gives each thread that allocates its own arena (up to 8 per core)
//! and keeps what an arena once held. The app's commands run on Tauri's
//! pool of blocking threads (see `state::blocking`), so opening the large
//! audit left nine arenas of about 1.8 MB each: 115 MB PSS for the app's
//! process with the overview shown, 102 MB with one arena (medians, release
//! build under Xvfb; the WebKit processes unchanged). The app's threads
//! mostly wait on one lock (the session), so one arena costs them nothing
//! measurable.
//!
//! glibc reads `MALLOC_ARENA_MAX` before `main` runs, and setting it from
//! inside (`mallopt`) needs `unsafe`, which the workspace forbids; so the
//! process runs itself again, once, with the variable set. `exec` keeps the
//! process id, its arguments and open files, so a file manager, a launcher
//! or tauri-driver sees one process.
//!
//! Invariant: a value already set (by the user or a support desk) is kept,
//! and so is a failure to re-run: the app then starts as before.

/// The variable and the value the app runs with.
pub const SETTING: (&str, &str) = ("MALLOC_ARENA_MAX", "1");

/// Whether the process should run itself again with [`SETTING`], given the
/// current value of the variable.
pub fn needs_rerun(current: Option<&std::ffi::OsStr>) -> bool {
    current.is_none()
}

/// Runs the app again with one arena, unless the variable is already set.
/// Call it first thing in `main`, before any thread starts. Returns only
/// when the process was not replaced.
pub fn apply() {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        if !needs_rerun(std::env::var_os(SETTING.0).as_deref()) {
            return;
        }
        let Ok(exe) = std::env::current_exe() else { return };
        let mut args = std::env::args_os();
        let arg0 = args.next();
        let mut command = std::process::Command::new(exe);
        if let Some(arg0) = arg0 {
            command.arg0(arg0);
        }
        // `exec` returns only on failure; the app then goes on as it is.
        let _error = command.args(args).env(SETTING.0, SETTING.1).exec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_already_set_is_kept() {
        assert!(needs_rerun(None), "unset: the app runs itself again with one arena");
        assert!(
            !needs_rerun(Some(std::ffi::OsStr::new("4"))),
            "a value set by the user wins, and the re-run cannot loop"
        );
    }
}
