#!/usr/bin/env bash
# The whole GPU check as one call of the device machine, from what scripts/gpu-pack.sh packed (BENCHMARKS.md "GPU"):
#   scripts/gpu-check.sh kernels   carry .gpu:  verify-kernels, bench on cuda and cpu (fp32, and tf32 where the build
#                                  has --precision), the PyTorch peer beside them, the GEMM kernel sweeps (bench
#                                  --gemm-kernels), and groove-paper's 1000 epochs timed
#   scripts/gpu-check.sh piano     carry .gpu2, in a second call on the same warm machine: piano-best on the whole
#                                  MAESTRO train split, timed (issue 13's 8-minute target; the model comes back)
#   scripts/gpu-check.sh epoch     after `kernels` (carry .gpu2 if `piano` has not unpacked MAESTRO): one full
#                                  maestro-paper epoch, and groove-denoise (its noise drawn on the device), timed
# Every stage runs under its own time limit and goes on after a failure; logs, JSON, the trained models and a summary
# (stage, exit status, seconds) land in $OUT (default ./gpu-out), which the run tool brings back.
# BUDGET (seconds) ends the call in time: each stage's limit is cut to what is left, and a stage with under 15 s left
# is skipped. TORCH_MODES picks the PyTorch peer's modes (default fp32,default,compile; compile costs a minute or two).
# PACK=1 ends the call by packing $OUT into $OUT/results.tgz and removing the rest: the run tool brings back at most 8
# files a call (session 43 lost its first call's logs that way). Files over 20 MB (MAESTRO's model and Adam state)
# stay out of the archive, as they could not come back anyway.
# Rehearse it here before a GPU session spends its minutes: DEVICE replaces cuda in every stage and STAGE_LIMIT caps
# each stage's seconds, so that
#   DEVICE=ilgpu-cpu STAGE_LIMIT=20 OUT=/tmp/gpu-rehearsal scripts/gpu-check.sh kernels   (then piano, then epoch)
# runs every command on ILGPU's CPU accelerator (which also emulates tf32): each stage must end in exit 0 or in 124
# (cut short by the cap), never in a usage error. A train whose step on that accelerator outlasts the 10 s between
# TERM and KILL ends in 137, and the evaluate after it finds no model; nvidia-smi and the PyTorch peer need the GPU
# machine. Session 33's rehearsal found no usage error, and found that timeout's TERM reached train twice.
set -uo pipefail
cd "$(dirname "$0")/.."
stage_set=${1:?usage: scripts/gpu-check.sh kernels|piano|epoch}
out=${OUT:-gpu-out}
device=${DEVICE:-cuda}
data=.gpu-data
tcnwta=$data/tcnwta
mkdir -p "$out" "$data"

# stage NAME SECONDS COMMAND...: runs COMMAND with its output in $out/NAME.log and a line in $out/summary.txt.
stage() {
  local name=$1 seconds=$2
  shift 2
  [ -n "${STAGE_LIMIT:-}" ] && [ "$STAGE_LIMIT" -lt "$seconds" ] && seconds=$STAGE_LIMIT
  if [ -n "${BUDGET:-}" ]; then
    local left=$((BUDGET - SECONDS))
    if [ "$left" -lt 15 ]; then
      echo "== $name: skipped, ${left} s of the ${BUDGET} s budget left" | tee -a "$out/summary.txt"
      return
    fi
    [ "$left" -lt "$seconds" ] && seconds=$left
  fi
  local start=$SECONDS
  echo "== $name: $*" | tee -a "$out/summary.txt"
  timeout --signal=TERM --kill-after=10 "$seconds" "$@" > "$out/$name.log" 2>&1
  local status=$?
  echo "   $name: exit $status, $((SECONDS - start)) s" | tee -a "$out/summary.txt"
  tail -n 3 "$out/$name.log"
}

unpack() {
  local archive=$1
  [ -f "$archive" ] || { echo "error: $archive not found; run scripts/gpu-pack.sh and carry its folder" >&2; exit 1; }
  tar xzf "$archive" -C "$data"
}

has_precision() { "$tcnwta" bench --help 2>/dev/null | grep -q -- "--precision"; }
has_gemm_sweep() { "$tcnwta" bench --help 2>/dev/null | grep -q -- "--gemm-kernels"; }

# Ordered by what the issue needs most, so that a BUDGET cut drops the least: correctness, the timed steps beside
# PyTorch, the GEMM kernel sweeps, groove-paper's 1000 epochs, then the tf32 checks, the 16-core CPU sweep and the
# evaluations (which can also run off the device on the models that come back).
kernels() {
  unpack .gpu/groove.tgz
  cp .gpu/tcnwta "$tcnwta"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv > "$out/device.csv" 2>&1
  stage verify-fp32 240 "$tcnwta" verify-kernels --device "$device"
  # every GEMM kernel the sweeps below time, the ones the shape rules do not choose yet included
  has_gemm_sweep && stage verify-gemm-kernels 120 "$tcnwta" verify-kernels --device "$device" --gemm-kernels
  local bench="$out/tcnwta-bench.txt"
  stage bench-groove 120 bash -o pipefail -c \
    "$tcnwta bench --config groove --device $device,cpu --json | tee -a $bench"
  stage bench-maestro 180 bash -o pipefail -c \
    "$tcnwta bench --config maestro --device $device,cpu --json | tee -a $bench"
  stage bench-maestro-32768 120 bash -o pipefail -c \
    "$tcnwta bench --config maestro --device $device --length 32768 --steps 3 --warmup 1 --json | tee -a $bench"
  if has_precision; then
    stage bench-tf32-groove 120 bash -o pipefail -c \
      "$tcnwta bench --config groove --device $device --precision tf32 --json | tee -a $bench"
    stage bench-tf32-maestro 120 bash -o pipefail -c \
      "$tcnwta bench --config maestro --device $device --precision tf32 --json | tee -a $bench"
    stage bench-tf32-maestro-32768 120 bash -o pipefail -c "$tcnwta bench --config maestro --device $device \
      --precision tf32 --length 32768 --steps 3 --warmup 1 --json | tee -a $bench"
  fi
  stage torch-peer 300 python3 bench/pytorch_peer.py --modes "${TORCH_MODES:-fp32,default,compile}" --tcnwta "$bench"
  stage torch-peer-32768 120 python3 bench/pytorch_peer.py --config maestro --length 32768 --modes fp32,default \
    --steps 3 --warmup 1 --tcnwta "$bench"
  if has_gemm_sweep; then
    # which GEMM kernel each of the step's shapes wants (GemmTilePlan's and SplitKPlan's rules are first guesses),
    # and whether timing each shape's candidates ("timed per shape", train --tune-gemms) beats the rules
    local sweep="$out/gemm-sweep.txt"
    stage gemm-sweep-maestro 110 bash -o pipefail -c \
      "$tcnwta bench --config maestro --device $device --gemm-kernels --json | tee -a $sweep"
    stage gemm-sweep-maestro-32768 140 bash -o pipefail -c "$tcnwta bench --config maestro --device $device \
      --length 32768 --steps 3 --warmup 1 --gemm-kernels --json | tee -a $sweep"
    stage gemm-sweep-tf32-maestro-32768 140 bash -o pipefail -c "$tcnwta bench --config maestro --device $device \
      --precision tf32 --length 32768 --steps 3 --warmup 1 --gemm-kernels --json | tee -a $sweep"
  fi
  stage groove-paper 120 "$tcnwta" train --dataset groove --data "$data/groove" --preset groove-paper \
    --device "$device" --out "$out/groove-paper"
  # one-beat atoms: its bars train as their frames [4B, 27, 4], the single-frame kernels (session 66)
  stage groove-beat 120 "$tcnwta" train --dataset groove --data "$data/groove" --preset groove-beat \
    --device "$device" --out "$out/groove-beat"
  if has_precision; then
    stage groove-paper-tf32 120 "$tcnwta" train --dataset groove --data "$data/groove" --preset groove-paper \
      --device "$device" --precision tf32 --out "$out/groove-paper-tf32"
    stage verify-tf32 240 "$tcnwta" verify-kernels --device "$device" --precision tf32
  fi
  stage cpu-sweep-groove 120 bash -o pipefail -c \
    "$tcnwta bench --config groove --device cpu --threads 1,2,4,8,16 --json | tee $out/cpu-sweep.txt"
  stage cpu-sweep-maestro 180 bash -o pipefail -c \
    "$tcnwta bench --config maestro --device cpu --threads 1,2,4,8,16 --json | tee -a $out/cpu-sweep.txt"
  # the same host's 16 cores replayed on one: what task granularity and serial code alone leave of the sweep's speed-up
  stage cpu-replay-maestro 90 bash -o pipefail -c \
    "$tcnwta bench --config maestro --device cpu --steps 3 --replay-workers 16 --json | tee -a $out/cpu-sweep.txt"
  stage groove-paper-evaluate 240 "$tcnwta" evaluate --model "$out/groove-paper/model.safetensors" \
    --data "$data/groove" --split validation --no-baselines --json
  has_precision && stage groove-paper-tf32-evaluate 240 "$tcnwta" evaluate \
    --model "$out/groove-paper-tf32/model.safetensors" --data "$data/groove" --split validation --no-baselines --json
}

piano() {
  [ -x "$tcnwta" ] || { echo "error: $tcnwta is gone: the machine is fresh; run the kernels stage first" >&2; exit 1; }
  unpack .gpu2/maestro.tgz
  stage piano-best 540 "$tcnwta" train --dataset maestro --data "$data/maestro-v3.0.0" --preset piano-best \
    --device "$device" --out "$out/piano-best"
}

epoch() {
  [ -x "$tcnwta" ] || { echo "error: $tcnwta is gone: the machine is fresh; run the kernels stage first" >&2; exit 1; }
  [ -d "$data/maestro-v3.0.0" ] || unpack .gpu2/maestro.tgz
  stage maestro-epoch 300 "$tcnwta" train --dataset maestro --data "$data/maestro-v3.0.0" --preset maestro-paper \
    --device "$device" --epochs 1 --validation-split none --out "$out/maestro-epoch"
  stage groove-denoise 120 "$tcnwta" train --dataset groove --data "$data/groove" --preset groove-denoise \
    --device "$device" --out "$out/groove-denoise"
}

# $out's files, but those over 20 MB, into $out/results.tgz; everything else in $out removed
pack_results() {
  local archive
  archive=$(mktemp)
  (cd "$out" && find . -type f -size -20M ! -name results.tgz -print0 | tar czf "$archive" --null -T -)
  find "$out" -mindepth 1 -delete
  mv "$archive" "$out/results.tgz"
  echo "packed $out into $out/results.tgz ($(du -h "$out/results.tgz" | cut -f1))"
}

case "$stage_set" in
  kernels) kernels ;;
  piano) piano ;;
  epoch) epoch ;;
  *) echo "error: unknown stage set '$stage_set' (kernels, piano or epoch)" >&2; exit 2 ;;
esac
if [ "${PACK:-0}" = 1 ]; then pack_results; fi
