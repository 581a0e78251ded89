//! The main window's size and place, remembered between runs in the app's
//! data folder (`window.json`), so a chair's layout survives a restart.
//!
//! A few lines here rather than tauri-plugin-window-state: the plugin keeps
//! its file in the config folder, which `S11_DATA_DIR` cannot redirect, so
//! tests would share (and change) a real user's window. A saved place that
//! is no longer on any screen (a monitor unplugged) is not used: the window
//! then opens where the system puts it.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tauri::{Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, Window, WindowEvent};

/// Where and how big the window was, in physical pixels.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    #[serde(default)]
    pub maximized: bool,
}

/// A screen's usable area, in physical pixels.
#[derive(Clone, Copy, Debug)]
pub struct Screen {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// Whether enough of the window's top (its title bar) would be on `screen`
/// for the chair to grab it: 100 px across and 40 px down.
fn reachable_on(p: &Placement, screen: &Screen) -> bool {
    let overlap =
        |a0: i64, a_len: i64, b0: i64, b_len: i64| (a0 + a_len).min(b0 + b_len) - a0.max(b0);
    let across = overlap(
        p.x.into(),
        p.width.into(),
        screen.x.into(),
        screen.width.into(),
    );
    let down = overlap(p.y.into(), 40, screen.y.into(), screen.height.into());
    across >= 100 && down >= 40
}

/// The saved placement, if it is sane and reachable on one of `screens`
/// (with no screen known, it is trusted).
pub fn usable(p: Placement, screens: &[Screen]) -> Option<Placement> {
    if p.width < 200 || p.height < 150 || p.width > 16_384 || p.height > 16_384 {
        return None;
    }
    (screens.is_empty() || screens.iter().any(|s| reachable_on(&p, s))).then_some(p)
}

fn read(path: &Path) -> Option<Placement> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

fn file<R: Runtime>(window_manager: &impl Manager<R>) -> Option<std::path::PathBuf> {
    Some(
        window_manager
            .try_state::<s11core::session::DataFolder>()?
            .path()
            .join("window.json"),
    )
}

/// Puts the new main window where it was last time, if that is on a screen.
pub fn restore<R: Runtime>(window: &WebviewWindow<R>) {
    let Some(saved) = file(window).and_then(|f| read(&f)) else {
        return;
    };
    let screens: Vec<Screen> = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| Screen {
            x: m.position().x,
            y: m.position().y,
            width: m.size().width,
            height: m.size().height,
        })
        .collect();
    let Some(p) = usable(saved, &screens) else {
        return;
    };
    // Failures leave the window where the system put it: nothing is lost.
    let _ = window.set_size(PhysicalSize::new(p.width, p.height));
    let _ = window.set_position(PhysicalPosition::new(p.x, p.y));
    if p.maximized {
        let _ = window.maximize();
    }
}

/// Saves the window's place as it closes. A maximised window keeps the size
/// it had before, so un-maximising next time gives the chair's own size.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if !matches!(event, WindowEvent::CloseRequested { .. }) {
        return;
    }
    let Some(path) = file(window) else { return };
    let maximized = window.is_maximized().unwrap_or(false);
    let placement = match (maximized, read(&path)) {
        (true, Some(before)) => Placement {
            maximized: true,
            ..before
        },
        _ => {
            let (Ok(pos), Ok(size)) = (window.outer_position(), window.inner_size()) else {
                return;
            };
            Placement {
                x: pos.x,
                y: pos.y,
                width: size.width,
                height: size.height,
                maximized,
            }
        }
    };
    if let Ok(json) = serde_json::to_vec(&placement) {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(&path, json);
    }
}

// ---------------------------------------------------------------------------
// Page zoom (issue 15): Ctrl+plus/minus/0 and the header's buttons. Kept in
// `zoom.json` beside `window.json`, so it is the chair's on this computer and
// survives a restart. The whole page is zoomed by the WebView (text, boxes
// and spacing together), as the desktop's own scaling would.

/// The smallest and largest zoom offered: 50 % to 300 %.
pub const ZOOM_RANGE: (f64, f64) = (0.5, 3.0);

/// A zoom level the app will use: inside [`ZOOM_RANGE`], two decimals; a
/// nonsense value (not a number) is 100 %.
pub fn usable_zoom(level: f64) -> f64 {
    if !level.is_finite() {
        return 1.0;
    }
    (level.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1) * 100.0).round() / 100.0
}

#[derive(Serialize, Deserialize)]
struct Zoom {
    level: f64,
}

fn zoom_file<R: Runtime>(manager: &impl Manager<R>) -> Option<std::path::PathBuf> {
    Some(
        manager
            .try_state::<s11core::session::DataFolder>()?
            .path()
            .join("zoom.json"),
    )
}

fn read_zoom(path: &Path) -> f64 {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Zoom>(&b).ok())
        .map_or(1.0, |z| usable_zoom(z.level))
}

/// Zooms the new main window as the chair left it.
pub fn restore_zoom<R: Runtime>(window: &WebviewWindow<R>) {
    let level = zoom_file(window).map_or(1.0, |f| read_zoom(&f));
    if (level - 1.0).abs() > f64::EPSILON {
        // A failure leaves the page at 100 %: nothing is lost.
        let _ = window.set_zoom(level);
    }
}

/// The page's zoom level (1.0 is 100 %).
#[tauri::command]
pub fn zoom<R: Runtime>(window: WebviewWindow<R>) -> f64 {
    zoom_file(&window).map_or(1.0, |f| read_zoom(&f))
}

/// Zooms the page to `level` (kept inside [`ZOOM_RANGE`]) and keeps it for
/// the next start; returns the level used.
#[tauri::command]
pub fn set_zoom<R: Runtime>(level: f64, window: WebviewWindow<R>) -> crate::CmdResult<f64> {
    let level = usable_zoom(level);
    window.set_zoom(level).map_err(|e| {
        crate::error::AppError::Internal(format!("the page could not be zoomed ({e})"))
    })?;
    if let Some(path) = zoom_file(&window) {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // Not kept is not lost: the page is zoomed now either way.
        if let Ok(json) = serde_json::to_vec(&Zoom { level }) {
            let _ = std::fs::write(&path, json);
        }
    }
    Ok(level)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: Screen = Screen {
        x: 0,
        y: 0,
        width: 1366,
        height: 768,
    };
    const SECOND: Screen = Screen {
        x: 1366,
        y: 0,
        width: 1920,
        height: 1080,
    };

    fn at(x: i32, y: i32) -> Placement {
        Placement {
            x,
            y,
            width: 1000,
            height: 700,
            maximized: false,
        }
    }

    #[test]
    fn a_place_on_a_screen_is_used() {
        assert_eq!(
            usable(at(100, 50), &[LAPTOP]),
            Some(at(100, 50)),
            "wholly on the laptop's screen"
        );
        assert_eq!(
            usable(at(1500, 100), &[LAPTOP, SECOND]),
            Some(at(1500, 100)),
            "on the second monitor while it is there"
        );
        assert_eq!(
            usable(at(-800, 10), &[LAPTOP]),
            Some(at(-800, 10)),
            "partly off the left edge, title bar still reachable"
        );
    }

    #[test]
    fn a_place_off_every_screen_is_not_used() {
        assert_eq!(
            usable(at(1500, 100), &[LAPTOP]),
            None,
            "the second monitor was unplugged"
        );
        assert_eq!(
            usable(at(100, -500), &[LAPTOP]),
            None,
            "the title bar is above the screen"
        );
        assert_eq!(
            usable(at(100, 760), &[LAPTOP]),
            None,
            "only a sliver at the bottom"
        );
    }

    #[test]
    fn a_nonsense_size_is_not_used() {
        assert_eq!(
            usable(
                Placement {
                    width: 10,
                    ..at(0, 0)
                },
                &[LAPTOP]
            ),
            None,
            "too small to use"
        );
        assert_eq!(
            usable(
                Placement {
                    height: 100_000,
                    ..at(0, 0)
                },
                &[LAPTOP]
            ),
            None,
            "absurdly tall"
        );
    }

    #[test]
    fn zoom_stays_in_range_and_nonsense_is_100_percent() {
        assert_eq!(usable_zoom(1.25), 1.25);
        assert_eq!(usable_zoom(10.0), 3.0, "at most 300 %");
        assert_eq!(usable_zoom(0.1), 0.5, "at least 50 %");
        assert_eq!(usable_zoom(f64::NAN), 1.0);
        assert_eq!(usable_zoom(1.333_333), 1.33, "two decimals");
    }

    #[test]
    fn an_older_file_without_maximized_reads() {
        let p: Placement =
            serde_json::from_str(r#"{"x":1,"y":2,"width":800,"height":600}"#).expect("reads");
        assert!(!p.maximized, "maximized defaults to false");
    }
}
