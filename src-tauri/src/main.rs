// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any thread starts: see webkit_env for what and why.
    section11_panel::webkit_env::apply();
    // Without a display GTK panics with a backtrace; say what is wrong instead.
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("Section 11 Panel needs a desktop session to show its window (no DISPLAY or WAYLAND_DISPLAY is set). Start it from your desktop, or use the s11 command-line tool.");
        std::process::exit(1);
    }
    section11_panel::run();
}
