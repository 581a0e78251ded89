//! The WebView's lockdown beyond the Content Security Policy: the window may
//! only ever show the app's own page, and the page may not open windows.
//!
//! Invariant: nothing a user typed can reach the page as markup (the UI uses
//! `textContent` only), and even if it could, the CSP refuses inline script,
//! eval and anything remote, and this refuses navigating away or opening a
//! window, so a payload cannot load someone else's page next to the IPC.

use tauri::webview::NewWindowResponse;
use tauri::{App, Url, WebviewWindowBuilder};

/// The main window's label in `tauri.conf.json` (created here, not by Tauri,
/// so that the navigation and new-window handlers are attached before the
/// page loads).
const MAIN: &str = "main";

/// Whether `url` is the app's own bundled page. Tauri serves it from
/// `tauri://localhost` on Linux and macOS and `http(s)://tauri.localhost` on
/// Windows; anything else (a web site, a `file:` URL, `javascript:`, `data:`)
/// is refused.
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Creates the main window from its configuration with navigation limited to
/// the app's page and `window.open` refused.
pub fn create_main_window(app: &App) -> tauri::Result<()> {
    let Some(config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN)
        .cloned()
    else {
        return Err(tauri::Error::WindowNotFound);
    };
    WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_navigation(|url| {
            let allowed = is_app_page(url);
            if !allowed {
                // The URL could carry typed text; say only that it was refused.
                eprintln!("Section 11 Panel refused to leave its own page.");
            }
            allowed
        })
        .on_new_window(|_, _| NewWindowResponse::Deny)
        .build()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bundled_page_is_allowed() {
        let ok = |s: &str| Url::parse(s).map(|u| is_app_page(&u)).unwrap_or(false);
        assert!(
            ok("tauri://localhost/index.html"),
            "Linux and macOS serve the page here"
        );
        assert!(
            ok("http://tauri.localhost/"),
            "Windows serves the page here"
        );
        for url in [
            "https://example.invalid/",
            "http://localhost:8080/",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "javascript:alert(1)",
            "tauri://evil.example/",
            "https://tauri.localhost.example.invalid/",
        ] {
            assert!(!ok(url), "{url} is not the app's page and must be refused");
        }
    }
}
