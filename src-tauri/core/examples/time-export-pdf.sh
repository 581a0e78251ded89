#!/usr/bin/env bash
# Times the whole `s11 export-pdf` process (start-up, opening the .s11 file,
# drawing, writing the PDF), median of 11 runs, for the built-in example and a
# regional audit of 15 organisations (and any .s11 files named on the command
# line); and its peak memory when GNU time is installed. Run from the
# repository root:
#
#     bash src-tauri/core/examples/time-export-pdf.sh [MORE.s11 ...]
set -euo pipefail
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/s11-target}"
cargo build --release -q -p s11-cli
cargo run --release -q -p s11-core --example report_bench -- --write "$(mktemp -d)" >/dev/null
s11="$CARGO_TARGET_DIR/release/s11"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$s11" example "$work/example.s11" >/dev/null
cargo run --release -q -p s11-core --example report_bench -- --write "$work" >/dev/null
"$s11" import-json "$work/regional.json" "$work/regional.s11" >/dev/null

median_ms() {
    local file="$1" times=()
    for _ in $(seq 11); do
        local t0 t1
        t0=$(date +%s%N)
        "$s11" export-pdf "$file" -o "$work/out.pdf" 2>/dev/null
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 6p | awk '{ printf "%.1f ms", $1 / 1000 }'
}

for file in "$work/example.s11" "$work/regional.s11" "$@"; do
    name="$(basename "$file")"
    pages=$("$s11" export-pdf "$file" -o "$work/out.pdf" 2>/dev/null; pdfinfo "$work/out.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    line="s11 export-pdf $name: ${pages:-?} pages, median $(median_ms "$file") of 11 runs"
    if [ -x /usr/bin/time ]; then
        peak=$( { /usr/bin/time -f '%M' "$s11" export-pdf "$file" -o "$work/out.pdf" 2>&1 >/dev/null; } | tail -1)
        line="$line, peak RSS ${peak} KiB"
    fi
    echo "$line"
done
