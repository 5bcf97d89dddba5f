#!/usr/bin/env bash
# The swap / interpolate / atoms figures of a Groove model (docs/applications-measured.md, "Swap, interpolate and
# atoms"): ten pairs of the test beats of groove-test-beats.sh (the 1st with the 2nd, the 3rd with the 4th, ...): `swap
# --swap-atoms 2`, the mean note F1 of the result against A; `interpolate --steps 2 --match --columns COLUMNS`, the mean
# cosine of the matched sections; and `atoms --data` over all COUNT beats, the atoms used and the top 10 atoms' share of
# the usage column.
# usage: scripts/groove-editing.sh MODEL [GROOVE_DIR] [ENCODER] [COLUMNS] [COUNT]
#   ENCODER: wta, omp, gain or union (default: the model file's own); COLUMNS: code columns per matched section
#   (default 4: one bar of one-beat atoms; 2 for two-beat atoms, 1 for one-bar atoms); COUNT: beats (default 50)
set -euo pipefail
model=${1:?usage: groove-editing.sh MODEL [GROOVE_DIR] [ENCODER] [COLUMNS] [COUNT]}
groove=${2:-../shared/datasets/groove}
encoder=${3:-}
columns=${4:-4}
count=${5:-50}
tcnwta=${TCNWTA:-tcnwta}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
coder=()
[ -z "$encoder" ] || coder=(--encoder "$encoder")

mapfile -t beats < <("$(dirname "$0")/groove-test-beats.sh" "$groove" "$count" | sed "s|^|$groove/|")
: > "$work/swap"; : > "$work/cosine"
for i in $(seq 0 2 19); do
  a=${beats[$i]} b=${beats[$((i + 1))]}
  "$tcnwta" swap --model "$model" --a "$a" --b "$b" --swap-atoms 2 "${coder[@]}" --out "$work/s.mid" --overwrite \
    2>/dev/null | grep -oE 'result vs A: F1 [0-9.]+' | grep -oE '[0-9.]+$' >> "$work/swap"
  "$tcnwta" interpolate --model "$model" --a "$a" --b "$b" --steps 2 --match --columns "$columns" "${coder[@]}" \
    --out "$work/path" --overwrite 2>/dev/null | grep -oE 'cosine [0-9.-]+' | head -1 | grep -oE '[0-9.-]+$' \
    >> "$work/cosine"
done
awk '{ n++; s += $1 } END { printf "swap 2 atoms: mean F1 against A %.3f over %d pairs\n", s / n, n }' "$work/swap"
awk -v c="$columns" '{ n++; s += $1 }
  END { printf "interpolate --match --columns %s: mean cosine %.3f over %d pairs\n", c, s / n, n }' "$work/cosine"
"$tcnwta" atoms --model "$model" --data "${beats[@]}" "${coder[@]}" --out "$work/atoms" --overwrite >/dev/null 2>&1
awk -F, 'NR > 1 { u[NR] = $3; s += $3; if ($3 > 0) used++ }
  END { for (i = 2; i <= 11; i++) t += u[i]
        printf "atoms --data: %d atoms used, top 10 share %.1f%%\n", used, 100 * t / s }' \
  "$work/atoms/atoms.csv"
