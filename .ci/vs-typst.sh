#!/usr/bin/env bash
# The report export against Typst's own command-line program (issue 22), on
# the same report of the built-in example, whole processes, runs alternating
# so both see the same machine: prints each median and the ratio. Not in CI
# (Typst is not a dependency); `.ci/bench` runs it when it finds `typst`.
#
#   bash .ci/vs-typst.sh S11 TYPST [RUNS]
#
# S11: a release `s11`; TYPST: a `typst` binary. The Typst source is written
# by .ci/typst-report.py from the example's JSON export, and compiled with
# the same fonts as ours (DejaVu Sans from the repository, no system fonts).
set -euo pipefail
cd "$(dirname "$0")/.."
s11="$1"; typst="$2"; runs="${3:-15}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$s11" example "$work/example.s11" >/dev/null
"$s11" export-json "$work/example.s11" -o "$work/example.json" >/dev/null 2>&1
python3 .ci/typst-report.py "$work/example.json" "$work/example.typ"
fonts="$PWD/src-tauri/core/fonts"
python3 - "$s11" "$typst" "$runs" "$work" "$fonts" <<'EOF'
import statistics, subprocess, sys, time
s11, typst, runs, work, fonts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
ours = [s11, "export-pdf", f"{work}/example.s11", "-o", f"{work}/ours.pdf"]
theirs = [typst, "compile", "--ignore-system-fonts", "--font-path", fonts,
          f"{work}/example.typ", f"{work}/typst.pdf"]
def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000
for _ in range(2):  # warm the page cache for both
    run(ours); run(theirs)
a, b = [], []
for _ in range(runs):
    a.append(run(ours)); b.append(run(theirs))
pages = lambda f: subprocess.run(["pdfinfo", f], capture_output=True, text=True).stdout.split("Pages:")[1].split()[0]
mo, mt = statistics.median(a), statistics.median(b)
print(f"Typst compile, the example report ({pages(work + '/typst.pdf')} pages)   median {mt:.1f} ms of {runs} runs")
print(f"s11 export-pdf, the example report ({pages(work + '/ours.pdf')} pages)  median {mo:.1f} ms of {runs} runs")
print(f"s11 export-pdf is {mt / mo:.1f} times as fast as Typst                 (target at least 10)")
EOF
