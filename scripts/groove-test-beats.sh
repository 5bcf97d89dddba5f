#!/usr/bin/env bash
# The test-split 4/4 beats docs/applications-measured.md measures the applications on: every n-th of info.csv, COUNT of
# them (default 50), one path per line relative to GROOVE_DIR; SPLIT (default test) takes another split's beats, e.g. to
# choose on validation. Shared by groove-applications.sh and groove-editing.sh.
# usage: scripts/groove-test-beats.sh GROOVE_DIR [COUNT] [SPLIT]
set -euo pipefail
groove=${1:?usage: groove-test-beats.sh GROOVE_DIR [COUNT] [SPLIT]}
count=${2:-50}
split=${3:-test}
case "$split" in
  train|validation|test) ;;
  *) echo "error: SPLIT must be train, validation or test, got $split" >&2; exit 1;;
esac
[ -f "$groove/info.csv" ] || { echo "error: $groove/info.csv not found (the Groove MIDI Dataset folder)" >&2; exit 1; }
all=$(awk -F, -v want="$split" 'NR > 1 && $11 == want && $6 == "beat" && $7 == "4-4" { print $8 }' \
  "$groove/info.csv")
total=$(printf '%s\n' "$all" | grep -c .)
[ "$total" -ge "$count" ] || { echo "error: only $total $split-split 4/4 beats in $groove/info.csv" >&2; exit 1; }
printf '%s\n' "$all" | awk -v n="$total" -v c="$count" 'NR % int(n / c) == 0' | head -n "$count"
