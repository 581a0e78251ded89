#!/usr/bin/env python3
"""Benchmark (not a test): open the large audit in the release app through
tauri-driver, open a review's minutes, and print what the chair feels.

    minutes_screen.py APP AUDIT.s11 DISPLAY RUNS

For each run it prints one line of figures, taken from the app's own
`s11-timing` lines (S11_TIMINGS=1), so WebDriver's own latency is not
counted:

    overview=<ms from launch> minutes=<ms> switch=<ms> pss=<MB>

`minutes`: from the click on the first review's "Minutes" to its screen
painted, the first minutes screen since launch; `switch`: the same for the
second review, after going back to the overview (switching review, with the
app warm); `pss`: the summed PSS of the app and its WebKit processes with
that review's minutes on screen (the workshop's steady state). Standard
library only.
"""

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
        pss = sum(pss_kb(p) for p in [app_pid] + descendants(app_pid)) // 1024
        return overview, first, switch, pss
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
    app, audit, display, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            overview, first, switch, pss = one_run(app, audit, display, os.path.join(tmp, "driver.log"))
            print(f"overview={overview} minutes={first} switch={switch} pss={pss}", flush=True)


if __name__ == "__main__":
    main()
