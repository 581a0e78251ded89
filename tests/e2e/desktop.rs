//! Behaving like a desktop program (issue 10): the window opens at the size
//! and place it had last time, and the header's theme button switches and
//! names the theme.

use serde_json::json;

use crate::driver::App;

#[test]
fn the_window_opens_where_it_was_left() {
    let data = tempfile::tempdir().expect("a temporary data folder");
    std::fs::write(
        data.path().join("window.json"),
        r#"{"x":40,"y":30,"width":1024,"height":640,"maximized":false}"#,
    )
    .expect("write");
    let app = App::start_with_data(&[], data);
    app.find("#open-example");
    let size = app.script(
        "return [window.innerWidth, window.innerHeight, window.screenX, window.screenY]",
        json!([]),
    );
    assert_eq!(
        size[0],
        json!(1024),
        "the remembered width (1024 × 640, a small laptop): {size}"
    );
    assert_eq!(size[1], json!(640), "the remembered height: {size}");
}

#[test]
fn the_theme_button_switches_and_names_the_other_theme() {
    let app = App::start(&[]);
    app.find("#open-example");
    let before = app.text("#theme-toggle");
    assert!(
        before == "Dark theme" || before == "Light theme",
        "the button names a theme: {before}"
    );
    app.click("#theme-toggle");
    let chosen = app.script("return document.documentElement.dataset.theme", json!([]));
    let expected = if before == "Dark theme" {
        "dark"
    } else {
        "light"
    };
    assert_eq!(
        chosen,
        json!(expected),
        "the page shows the theme the button named"
    );
    assert_ne!(
        app.text("#theme-toggle"),
        before,
        "the button now names the other theme"
    );
    // The choice is kept in the WebView's storage, which tests share: put it back.
    app.script(
        "localStorage.removeItem('section11-panel.theme')",
        json!([]),
    );
}
