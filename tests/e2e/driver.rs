//! Drives the real app: a private Xvfb display, tauri-driver in front of
//! WebKitWebDriver, and plain W3C WebDriver over HTTP.
//!
//! Everything started here is stopped in `Drop`, so a failed assertion never
//! leaves the app, the driver or the display running. tauri-driver is stopped
//! with SIGTERM: SIGKILL would orphan WebKitWebDriver with pipes open.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C key for a WebDriver element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Two distinct free local ports (both held until both are known, so they
/// cannot be the same one).
fn free_ports() -> (u16, u16) {
    let bind = || TcpListener::bind("127.0.0.1:0").expect("a free local port for tauri-driver");
    let (a, b) = (bind(), bind());
    let port = |l: &TcpListener| l.local_addr().map(|a| a.port()).expect("its port");
    (port(&a), port(&b))
}

fn find_program(name: &str) -> PathBuf {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(name)).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(Path::new(&home).join(".cargo/bin").join(name));
    }
    candidates
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is not installed: run ./.ci/test, which installs what the end-to-end tests need"))
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A private X display for one test.
struct Display {
    child: Child,
    name: String,
}

impl Display {
    fn start() -> Display {
        let xvfb = find_program("Xvfb");
        // A display number no other test or session uses: pick one whose lock
        // file is absent, starting from a range unlikely to be taken.
        let base = 200 + (std::process::id() % 300);
        for n in base..base + 200 {
            if Path::new(&format!("/tmp/.X{n}-lock")).exists()
                || Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            {
                continue;
            }
            let name = format!(":{n}");
            let mut child = Command::new(&xvfb)
                .args([
                    name.as_str(),
                    "-screen",
                    "0",
                    "1920x1200x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb starts");
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                    return Display { child, name };
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break; // lost a race for this number: try the next
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("no free X display for Xvfb");
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

/// One running copy of the app under WebDriver control.
pub struct App {
    agent: ureq::Agent,
    base: String,
    session: Option<String>,
    driver: Child,
    _display: Display,
    pub data_dir: tempfile::TempDir,
}

impl App {
    /// Starts the app with `args` (e.g. a file to open) and a private data folder.
    pub fn start(args: &[&str]) -> App {
        Self::start_with_data(args, tempfile::tempdir().expect("a temporary data folder"))
    }

    pub fn start_with_data(args: &[&str], data_dir: tempfile::TempDir) -> App {
        let display = Display::start();
        // A port found free can be taken again before tauri-driver binds it
        // (it then exits at once): start it again on other ports.
        let mut attempt = 0;
        let (port, driver) = loop {
            attempt += 1;
            let (port, native_port) = free_ports();
            let mut driver = Command::new(find_program("tauri-driver"))
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("DISPLAY", &display.name)
                .env("S11_DATA_DIR", data_dir.path())
                .env("GSETTINGS_BACKEND", "memory")
                .env("NO_AT_BRIDGE", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("tauri-driver starts");
            std::thread::sleep(Duration::from_millis(300));
            match driver.try_wait() {
                Ok(Some(status)) if attempt < 5 => {
                    eprintln!("tauri-driver exited at once ({status}); starting it on other ports");
                    continue;
                }
                _ => break (port, driver),
            }
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let mut app = App {
            agent,
            base: format!("http://127.0.0.1:{port}"),
            session: None,
            driver,
            _display: display,
            data_dir,
        };
        app.wait_for_driver();
        let binary = env!("CARGO_BIN_EXE_section11-panel");
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": binary, "args": args}}}});
        let reply = app.request("POST", "/session", Some(caps));
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("tauri-driver made no session: {reply}"))
            .to_string();
        app.session = Some(session);
        app
    }

    fn wait_for_driver(&mut self) {
        // Generous: on a loaded two-core machine the first start can be slow.
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.driver.try_wait() {
                panic!(
                    "tauri-driver on {} exited ({status}) before answering",
                    self.base
                );
            }
            if let Ok(mut r) = self.agent.get(&format!("{}/status", self.base)).call() {
                if r.status().is_success() && r.body_mut().read_to_string().is_ok() {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("tauri-driver did not answer on {} within 60 s", self.base);
    }

    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.base, path);
        let result = match (method, body) {
            ("POST", Some(b)) => self.agent.post(&url).send_json(b),
            ("POST", None) => self.agent.post(&url).send_json(json!({})),
            ("DELETE", _) => self.agent.delete(&url).call(),
            _ => self.agent.get(&url).call(),
        };
        let mut response =
            result.unwrap_or_else(|e| panic!("WebDriver {method} {path} failed: {e}"));
        response
            .body_mut()
            .read_json::<Value>()
            .unwrap_or(Value::Null)
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{}", self.session.as_deref().unwrap_or(""), rest)
    }

    fn try_find(&self, css: &str) -> Option<String> {
        let v = self.request(
            "POST",
            &self.session_path("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        if std::env::var_os("S11_E2E_DEBUG").is_some() {
            eprintln!("find {css}: {v}");
        }
        v["value"][ELEMENT].as_str().map(str::to_string)
    }

    /// Waits up to 10 s for an element matching `css` to exist.
    pub fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(id) = self.try_find(css) {
                return id;
            }
            if Instant::now() > deadline {
                let body = self.script(
                    "return document.body ? document.body.innerText : ''",
                    json!([]),
                );
                panic!("no element matches {css} after 10 s; the window shows:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the element as a person would. The element is first scrolled to
    /// the middle of the window, so the sticky status line cannot cover it.
    ///
    /// Commands run off the window's thread, so a screen can be redrawn
    /// between finding the element and clicking it (the driver then calls
    /// the old element stale). A person's click lands on whatever is there
    /// by then, so the click is retried on the element now matching `css`.
    pub fn click(&self, css: &str) {
        for attempt in 0.. {
            let id = self.find(css);
            self.script(
                "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'center'});",
                json!([css]),
            );
            let v = self.request(
                "POST",
                &self.session_path(&format!("/element/{id}/click")),
                None,
            );
            if v["value"]["error"] == "stale element reference" && attempt < 20 {
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
            assert!(v["value"].is_null(), "clicking {css} failed: {v}");
            return;
        }
    }

    pub fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.request(
            "GET",
            &self.session_path(&format!("/element/{id}/text")),
            None,
        )["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits up to 10 s until the text of `css` contains `needle`; returns it.
    pub fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let t = self
                .try_find(css)
                .map(|_| self.text(css))
                .unwrap_or_default();
            if t.contains(needle) {
                return t;
            }
            if Instant::now() > deadline {
                let body = self.script(
                    "return document.body ? document.body.innerText : ''",
                    json!([]),
                );
                panic!("{css} never showed “{needle}”; it shows: “{t}”; the window shows:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types `text` into the element matching `css` (W3C key codes allowed,
    /// e.g. "\u{E00A}" for Alt; "\u{E000}" releases held modifiers).
    /// Retried like [`App::click`] when the field was redrawn in between
    /// (a stale element takes no keys, so nothing is typed twice).
    pub fn type_into(&self, css: &str, text: &str) {
        for attempt in 0.. {
            let id = self.find(css);
            let v = self.request(
                "POST",
                &self.session_path(&format!("/element/{id}/value")),
                Some(json!({"text": text})),
            );
            if v["value"]["error"] == "stale element reference" && attempt < 20 {
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
            assert!(v["value"].is_null(), "typing into {css} failed: {v}");
            return;
        }
    }

    fn send_keys(&self, id: &str, text: &str) {
        let v = self.request(
            "POST",
            &self.session_path(&format!("/element/{id}/value")),
            Some(json!({"text": text})),
        );
        assert!(v["value"].is_null(), "typing failed: {v}");
    }

    /// Types into whatever has the keyboard focus, as a person would.
    pub fn type_here(&self, text: &str) {
        let v = self.request("GET", &self.session_path("/element/active"), None);
        let id = v["value"][ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("nothing has focus: {v}"))
            .to_string();
        self.send_keys(&id, text);
    }

    /// Waits up to 10 s for the focus to reach the element with this id.
    pub fn wait_for_focus(&self, id: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.focused_id() != id {
            if Instant::now() > deadline {
                let body = self.script(
                    "return document.body ? document.body.innerText : ''",
                    json!([]),
                );
                panic!(
                    "the focus never reached #{id}; it is on #{}; the window shows:\n{body}",
                    self.focused_id()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The id attribute of the focused element.
    pub fn focused_id(&self) -> String {
        self.script(
            "return document.activeElement ? document.activeElement.id : ''",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    pub fn value(&self, css: &str) -> String {
        self.script(
            "const e = document.querySelector(arguments[0]); return e ? e.value : null",
            json!([css]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    pub fn script(&self, js: &str, args: Value) -> Value {
        self.request(
            "POST",
            &self.session_path("/execute/sync"),
            Some(json!({"script": js, "args": args})),
        )["value"]
            .clone()
    }

    /// Runs `js` as WebDriver's asynchronous script: its last argument is
    /// the callback that gives the value back.
    pub fn script_async(&self, js: &str, args: Value) -> Value {
        self.request(
            "POST",
            &self.session_path("/execute/async"),
            Some(json!({"script": js, "args": args})),
        )["value"]
            .clone()
    }

    /// How many windows the session can see.
    pub fn window_handles(&self) -> usize {
        self.request("GET", &self.session_path("/window/handles"), None)["value"]
            .as_array()
            .map_or(0, Vec::len)
    }

    pub fn title(&self) -> String {
        self.request("GET", &self.session_path("/title"), None)["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The processes started under this test's tauri-driver (WebKitWebDriver,
    /// the app and WebKit's processes), as (pid, name) from `/proc`.
    pub fn descendants(&self) -> Vec<(u32, String)> {
        let parents: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let pid: u32 = e.file_name().to_str()?.parse().ok()?;
                let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
                // "pid (name) state ppid ...": the name may hold spaces.
                let open = stat.find('(')?;
                let close = stat.rfind(')')?;
                let name = stat[open + 1..close].to_string();
                let ppid = stat[close + 2..].split(' ').nth(1)?.parse().ok()?;
                Some((pid, ppid, name))
            })
            .collect();
        let mut found = vec![];
        let mut frontier = vec![self.driver.id()];
        while let Some(parent) = frontier.pop() {
            for (pid, ppid, name) in &parents {
                if *ppid == parent {
                    found.push((*pid, name.clone()));
                    frontier.push(*pid);
                }
            }
        }
        found
    }

    /// The X display the app runs on, for driving native dialogs with xdotool.
    pub fn display(&self) -> &str {
        &self._display.name
    }

    /// Saves a PNG of the window, for people to look at (not compared).
    ///
    /// WebKitWebDriver answers a screenshot after the page's next frame, and
    /// the app runs WebKit without accelerated compositing (see
    /// `webkit_env`), where a still page draws no frames: the request would
    /// wait forever. So a one-pixel square, too faint to see, changes shade
    /// every frame until the picture is back.
    pub fn screenshot(&self, path: &Path) {
        self.script(
            "const d = document.createElement('div');
             d.id = 'e2e-frame-nudge';
             d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
             document.body.append(d);
             let n = 0;
             const step = () => {
               if (!d.isConnected) return;
               d.style.background = (n++ % 2) ? 'rgba(0,0,0,0.004)' : 'rgba(0,0,0,0.008)';
               requestAnimationFrame(step);
             };
             requestAnimationFrame(step);",
            json!([]),
        );
        let v = self.request("GET", &self.session_path("/screenshot"), None);
        self.script(
            "document.getElementById('e2e-frame-nudge')?.remove()",
            json!([]),
        );
        if let Some(b64) = v["value"].as_str() {
            if let Some(bytes) = base64_decode(b64) {
                let _ = std::fs::write(path, bytes);
            }
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if self.session.is_some() {
            let path = self.session_path("");
            let _ = self.agent.delete(&format!("{}{}", self.base, path)).call();
        }
        terminate(&mut self.driver);
    }
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buf >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}
