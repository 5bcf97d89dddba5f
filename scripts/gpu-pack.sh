#!/usr/bin/env bash
# Packs what a GPU session carries to the device machine, in two folders that each fit one call's 64 MiB `carry`:
#   .gpu/   the self-contained tcnwta (scripts/publish-gpu.sh) and the Groove MIDI dataset as groove.tgz:
#           enough for `scripts/gpu-check.sh kernels`
#   .gpu2/  MAESTRO's metadata and its train and validation MIDI files as maestro.tgz: for `scripts/gpu-check.sh piano`,
#           run in a second call while the machine is still warm (the first call's unpacked files stay there)
# Usage: scripts/gpu-pack.sh [DATASETS]   (default ../shared/datasets; needs groove/ and maestro-v3.0.0/ in it)
set -euo pipefail
cd "$(dirname "$0")/.."
datasets=${1:-../shared/datasets}
limit=$((64 * 1024 * 1024))
[ -f "$datasets/groove/info.csv" ] || { echo "error: $datasets/groove/info.csv not found" >&2; exit 1; }
maestro="$datasets/maestro-v3.0.0"
[ -f "$maestro/maestro-v3.0.0.csv" ] || { echo "error: $maestro/maestro-v3.0.0.csv not found" >&2; exit 1; }

scripts/publish-gpu.sh
rm -rf .gpu .gpu2
mkdir -p .gpu .gpu2
cp publish/linux-x64/tcnwta .gpu/
tar czf .gpu/groove.tgz -C "$datasets" groove

# The train and validation files, named by the metadata's split column (titles hold quoted commas: parse it as CSV).
python3 - "$maestro/maestro-v3.0.0.csv" > .gpu2/files.txt <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["split"] in ("train", "validation"):
            print("maestro-v3.0.0/" + row["midi_filename"])
PY
(echo maestro-v3.0.0/maestro-v3.0.0.csv; cat .gpu2/files.txt) | tar czf .gpu2/maestro.tgz -C "$datasets" -T -
rm .gpu2/files.txt

for folder in .gpu .gpu2; do
  size=$(du -cb "$folder" | tail -1 | cut -f1)
  echo "$folder: $((size / 1024 / 1024)) MiB of 64"
  [ "$size" -le "$limit" ] || { echo "error: $folder is over the 64 MiB a call may carry" >&2; exit 1; }
done
