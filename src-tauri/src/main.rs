// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing loads the GL stack into the page's
    // process (about 80 MB of PSS measured under Xvfb) for effects this app
    // never uses, and blanks the window on some GPU drivers. It is switched
    // off before any thread starts; a value the user set is kept.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    section11_panel::run();
}
