#!/usr/bin/env python3
"""Benchmark (not a test): open the large audit in the release app through
tauri-driver, open a review's minutes, and print what the chair feels.

    minutes_screen.py APP AUDIT.s11 DISPLAY RUNS
    minutes_screen.py --typing APP AUDIT.s11 DISPLAY RUNS [SCALE]

For each run it prints one line of figures, taken from the app's own
`s11-timing` lines (S11_TIMINGS=1), so WebDriver's own latency is not
counted:

    overview=<ms from launch> minutes=<ms> switch=<ms> pss=<MB> pss_app=<MB> pss_web=<MB> pss_net=<MB>

`minutes`: from the click on the first review's "Minutes" to its screen
painted, the first minutes screen since launch; `switch`: the same for the
second review, after going back to the overview (switching review, with the
app warm); `pss`: the summed PSS of the app and its WebKit processes with
that review's minutes on screen (the workshop's steady state), and the
same per process: the app's own, WebKitWebProcess (the page) and
WebKitNetworkProcess. Standard library only.

`--typing` (issue 15) measures the workshop itself, in a 1366 x 768 window
(the chair's laptop), with the desktop scaled by SCALE (GDK_SCALE, 1 or 2):
the first review's minutes open, the timer running and a 5,000-word response
in the box of question 1.2, reached with Alt+Down from 1.1. It prints

    room=<CSS px> room_screen=<screen px> covered=<0|1> keys=<ms,ms,...>

`room`: the height left for the focused box, from the bottom of everything
sticky or fixed at the top of the window to the window's bottom; `covered`:
1 if anything sticky covers the top of the focused box or its question;
`keys`: for each of 200 characters typed one by one at the end of the long
response (40 ms apart, as a fast typist), from the key event to the frame
that shows the character (a frame callback plus one task, as the app's own
screen timings), measured inside the page.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base, method, path, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return json.loads(e.read() or b"null")


def wait_for(what, predicate, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"benchmark: gave up waiting for {what}")


def children():
    """Every process as pid -> parent pid."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        out[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
    return out


def descendants(root):
    parents = children()
    found, frontier = [], [root]
    while frontier:
        p = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == p:
                found.append(pid)
                frontier.append(pid)
    return found


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_run(app, audit, display, log_path):
    port, native = free_port(), free_port()
    env = dict(os.environ, DISPLAY=display, S11_TIMINGS="1",
               S11_DATA_DIR=tempfile.mkdtemp(prefix="s11-bench-"),
               GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1")
    with open(log_path, "w") as log:
        driver = subprocess.Popen(
            ["tauri-driver", "--port", str(port), "--native-port", str(native)],
            env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    session = None
    try:
        wait_for("tauri-driver", lambda: _status(base))
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": app, "args": [audit]}}}}
        try:
            session = request(base, "POST", "/session", caps)["value"]["sessionId"]
        except (OSError, KeyError, TypeError) as e:
            with open(log_path) as f:
                raise SystemExit(f"benchmark: tauri-driver made no session ({e}); its log ends:\n{f.read()[-2000:]}")
        s = f"/session/{session}"

        def timings(screen):
            with open(log_path) as f:
                return re.findall(rf"s11-timing {screen} painted ([0-9.]+) ms(?: after launch, ([0-9.]+) ms)?", f.read())

        def find(css):
            value = request(base, "POST", s + "/element",
                            {"using": "css selector", "value": css}).get("value") or {}
            return value.get("element-6066-11e4-a52e-4f735466cecf")

        def click(css):
            element = wait_for(css, lambda: find(css))
            request(base, "POST", s + f"/element/{element}/click", {})

        def open_minutes(nth, seen):
            click(f"tr:nth-child({nth}) button[data-minutes]")
            return wait_for("the minutes", lambda: len(timings("minutes")) > seen and timings("minutes")[seen])[1]

        overview = wait_for("the overview", lambda: timings("audit"))[0][0]
        first = open_minutes(1, 0)
        time.sleep(1)  # the chair looks at the first review, then goes back
        click("#back-to-overview")
        wait_for("the overview again", lambda: len(timings("audit")) > 1)
        switch = open_minutes(2, 1)
        time.sleep(1)  # let the page settle, as the chair would start typing
        app_pid = next(p for p in descendants(driver.pid) if comm(p) == "section11-panel")
        pids = [app_pid] + descendants(app_pid)
        pss = sum(pss_kb(p) for p in pids) // 1024
        # Per process (issue 22): the app's own, WebKit's page and network.
        each = {"app": pss_kb(app_pid) // 1024}
        for p in pids[1:]:
            name = "web" if comm(p).startswith("WebKitWebProces") else "net" if comm(p).startswith("WebKitNetwork") else None
            if name:
                each[name] = each.get(name, 0) + pss_kb(p) // 1024
        return overview, first, switch, pss, each
    finally:
        if session:
            request(base, "DELETE", f"/session/{session}")
        driver.terminate()
        driver.wait(timeout=20)


TYPING_SETUP = """
const box = document.activeElement;
const word = ['panel', 'heard', 'how', 'the', 'designated', 'nurse', 'leads', 'supervision', 'each', 'month'];
let text = '';
for (let i = 0; i < 5000; i++) text += word[i % word.length] + (i % 40 === 39 ? '.\\n' : ' ');
box.value = text;
box.dispatchEvent(new Event('input'));
box.setSelectionRange(box.value.length, box.value.length);
window.__keys = [];
let down = null;
box.addEventListener('keydown', (ev) => { down = performance.now(); }, true);
box.addEventListener('input', () => {
  const start = down;
  if (start === null) return;
  down = null;
  requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - start), 0));
});
return box.id;
"""

# The room below everything pinned at the top, and whether it covers the box
# or its question (the row's first cell, or the recommendation's label).
ROOM = """
const box = document.activeElement;
let pinned = 0;
for (const el of document.querySelectorAll('body *')) {
  const pos = getComputedStyle(el).position;
  if (pos !== 'sticky' && pos !== 'fixed') continue;
  const r = el.getBoundingClientRect();
  if (r.height === 0 || r.width < window.innerWidth / 2 || r.top > window.innerHeight / 2) continue;
  pinned = Math.max(pinned, r.bottom);
}
const row = box.closest('.question-row, .rec-row') || box;
const question = row.querySelector('.question-text, .rec-label') || box;
const top = Math.min(box.getBoundingClientRect().top, question.getBoundingClientRect().top);
return [Math.round(window.innerHeight - pinned), window.devicePixelRatio, top < pinned - 0.5 ? 1 : 0, box.id];
"""


def typing_run(app, audit, display, log_path, scale):
    port, native = free_port(), free_port()
    data = tempfile.mkdtemp(prefix="s11-bench-")
    # A fresh copy each run: the timer started here is stored in the file.
    copy = os.path.join(data, "large.s11")
    with open(audit, "rb") as src, open(copy, "wb") as dst:
        dst.write(src.read())
    audit = copy
    with open(os.path.join(data, "window.json"), "w") as f:
        json.dump({"x": 0, "y": 0, "width": 1366, "height": 768}, f)
    env = dict(os.environ, DISPLAY=display, S11_DATA_DIR=data, GDK_SCALE=str(scale),
               GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1")
    with open(log_path, "w") as log:
        driver = subprocess.Popen(
            ["tauri-driver", "--port", str(port), "--native-port", str(native)],
            env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    session = None
    try:
        wait_for("tauri-driver", lambda: _status(base))
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": app, "args": [audit]}}}}
        session = request(base, "POST", "/session", caps)["value"]["sessionId"]
        s = f"/session/{session}"
        el_key = "element-6066-11e4-a52e-4f735466cecf"

        def patient(method, path, body):
            # While the large audit's screen is built the page answers
            # nothing, and tauri-driver may drop the connection: ask again.
            for attempt in range(20):
                try:
                    return request(base, method, path, body) or {}
                except (OSError, http.client.HTTPException):
                    if attempt == 19:
                        raise
                    time.sleep(0.5)

        def find(css):
            value = patient("POST", s + "/element", {"using": "css selector", "value": css}).get("value") or {}
            return value.get(el_key) if isinstance(value, dict) else None

        def script(js, args=None):
            return patient("POST", s + "/execute/sync", {"script": js, "args": args or []}).get("value")

        def keys(element, text):
            request(base, "POST", s + f"/element/{element}/value", {"text": text})

        # Clicked from the page: WebDriver's own click sometimes dropped the
        # connection here, and its latency is not what is measured.
        button = wait_for("the overview", lambda: find("tr:nth-child(1) button[data-minutes]"))
        script("arguments[0].click()", [{el_key: button}])
        toggle = wait_for("the timer", lambda: find("#timer-toggle"))
        time.sleep(1)
        script("arguments[0].click()", [{el_key: toggle}])
        wait_for("the timer running", lambda: script("return document.getElementById('timer-toggle').textContent") == "Pause")
        first = find("textarea.response")
        script("arguments[0].focus()", [{el_key: first}])
        # Alt+Down to question 1.2, as key actions: sending keys to an
        # element first scrolls that element (1.1) into view, which would
        # undo where the app put 1.2.
        request(base, "POST", s + "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": "\ue00a"}, {"type": "keyDown", "value": "\ue015"},
            {"type": "keyUp", "value": "\ue015"}, {"type": "keyUp", "value": "\ue00a"}]}]})
        time.sleep(0.5)
        box_id = script(TYPING_SETUP)
        time.sleep(1.5)  # the fit and the autosave of the long text settle
        room, ratio, covered, where = script(ROOM)
        if os.environ.get("S11_BENCH_DEBUG"):
            print(where, file=sys.stderr)
        box = find(f"#{box_id}")
        for _ in range(200):
            keys(box, "x")
            time.sleep(0.04)
        time.sleep(0.5)
        samples = script("return window.__keys") or []
        return room, round(room * ratio), covered, samples
    finally:
        if session:
            request(base, "DELETE", f"/session/{session}")
        driver.terminate()
        driver.wait(timeout=20)


def _status(base):
    try:
        return request(base, "GET", "/status", timeout=2) is not None
    except OSError:
        return False


def main():
    if sys.argv[1] == "--typing":
        app, audit, display, runs = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
        scale = int(sys.argv[6]) if len(sys.argv) > 6 else 1
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(runs):
                # tauri-driver now and then drops the first connection of a
                # session: such a run is tried again, up to three times.
                for attempt in range(3):
                    try:
                        room, room_screen, covered, samples = typing_run(app, audit, display, os.path.join(tmp, "driver.log"), scale)
                        break
                    except (OSError, http.client.HTTPException):
                        if attempt == 2:
                            raise
                keys = ",".join(f"{k:.1f}" for k in samples)
                print(f"room={room} room_screen={room_screen} covered={covered} keys={keys}", flush=True)
        return
    app, audit, display, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            overview, first, switch, pss, each = one_run(app, audit, display, os.path.join(tmp, "driver.log"))
            print(f"overview={overview} minutes={first} switch={switch} pss={pss} "
                  f"pss_app={each.get('app', 0)} pss_web={each.get('web', 0)} pss_net={each.get('net', 0)}", flush=True)


if __name__ == "__main__":
    main()
