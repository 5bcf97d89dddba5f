#!/usr/bin/env bash
# The application figures (docs/applications-measured.md) of a Groove model: denoising (mean F1 gain over test-split 4/4
# beats at noise rates 1 and 2, with a normal 95% interval) and simplification (mean F1 with the top 2, 4 and 8 atoms).
# Beats: every n-th test-split 4/4 beat of info.csv, COUNT of them (default 50). PARTS runs only denoising or only
# simplification. Denoising passes the encoder's own k per frame: 2 for union (two atoms with gains), 1 for wta, omp and
# gain. PRIOR "prior" blends the denoised hits with GROOVE_DIR's train-split cell prior at the noise's rate (denoise
# --prior-data), "auto" at the rate each noisy file's hits suggest (--noise-rate auto), "remove" keeps only the noisy
# file's hits (--only-remove), "add" keeps every one of them and adds the decoded ones (--only-add). K overrides
# denoising's k per frame. GROOVE_SPLIT=validation measures on validation beats instead of test ones. RATES lists the
# extra-hit rates to denoise (default "1 2"; 0 adds none), and DROP_HITS a share of each file's hits to take away first
# as well (denoise --drop-hits; default none). PARTS humanize measures humanizing instead (tcnwta humanize on each beat,
# the model's k per frame unless K gives one, ENCODER wta or omp): the mean velocity and timing MAE of the quantized and
# the humanized hits against the beat as played, with a normal 95% interval on the differences, and the mean spread
# (standard deviation) of each beat's velocities, played and humanized.
# usage: scripts/groove-applications.sh MODEL [GROOVE_DIR] [COUNT] [ENCODER] [PARTS] [PRIOR] [K]
#   ENCODER: wta, omp, gain or union (default wta); PARTS: denoise, simplify, both or humanize (default both);
#   PRIOR: prior, auto, remove, add or none (default none)
set -euo pipefail
model=${1:?usage: groove-applications.sh MODEL [GROOVE_DIR] [COUNT] [ENCODER] [PARTS] [PRIOR] [K]}
groove=${2:-../shared/datasets/groove}
count=${3:-50}
encoder=${4:-wta}
parts=${5:-both}
prior=${6:-none}
k=1
[ "$encoder" = union ] && k=2
k=${7:-$k}
case "$parts" in
  denoise|simplify|both|humanize) ;;
  *) echo "error: PARTS must be denoise, simplify, both or humanize, got $parts" >&2; exit 1;;
esac
prior_args=()
case "$prior" in
  prior) prior_args=(--prior-data "$groove");;
  auto) prior_args=(--prior-data "$groove" --noise-rate auto);;
  remove) prior_args=(--only-remove);;
  add) prior_args=(--only-add);;
  none) ;;
  *) echo "error: PRIOR must be prior, auto, remove, add or none, got $prior" >&2; exit 1;;
esac
tcnwta=${TCNWTA:-tcnwta}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$(dirname "$0")/groove-test-beats.sh" "$groove" "$count" "${GROOVE_SPLIT:-test}" > "$work/files"

if [ "$parts" = humanize ]; then
  k_args=()
  [ -n "${7:-}" ] && k_args=(--k "$7")
  mae() { grep -oE "^$1 vs played: velocity MAE [0-9.]+ \(MIDI velocity / 127\), timing MAE [0-9.]+ 16ths, accent r"\
" -?[0-9.]+" | grep -oE -- '-?[0-9]+\.[0-9]+' | tr '\n' ' '; }
  while read -r file; do
    out=$("$tcnwta" humanize --model "$model" --input "$groove/$file" --encoder "$encoder" "${k_args[@]}" \
      --out "$work/h.mid" --overwrite 2>/dev/null)
    quantized=$(echo "$out" | mae quantized) humanized=$(echo "$out" | mae humanized)
    spread=$(echo "$out" | grep -oE '^velocity spread .*' | grep -oE '[0-9]+\.[0-9]+' | tr '\n' ' ')
    [ -n "$quantized" ] && [ -n "$humanized" ] && [ -n "$spread" ] \
      || { echo "error: humanize printed no errors for $file" >&2; exit 1; }
    echo "$quantized $humanized $spread"
  done < "$work/files" > "$work/errors"
  # columns: quantized velocity, timing, accent r, humanized velocity, timing, accent r, velocity spread played,
  # humanized; each difference's 95% interval as above
  awk '{ n++; for (i = 1; i <= 8; i++) m[i] += $i; dv = $4 - $1; dt = $5 - $2; sv += dv; qv += dv * dv; st += dt
      qt += dt * dt; if ($4 < $1) w++ }
    END { ev = (n > 1) ? 1.96 * sqrt((qv - sv * sv / n) / (n - 1) / n) : 0
      et = (n > 1) ? 1.96 * sqrt((qt - st * st / n) / (n - 1) / n) : 0
      printf "humanize: velocity MAE %.3f -> %.3f (%+.3f [%+.3f, %+.3f], better on %d of %d), ", m[1] / n, m[4] / n,
        sv / n, sv / n - ev, sv / n + ev, w, n
      printf "timing MAE %.3f -> %.3f 16ths (%+.3f [%+.3f, %+.3f]), ", m[2] / n, m[5] / n, st / n, st / n - et,
        st / n + et
      printf "accent r %.3f, velocity spread %.1f played, %.1f humanized (MIDI steps)\n", m[6] / n, m[7] / n,
        m[8] / n }' "$work/errors"
  exit 0
fi
f1() { grep -oE "^$1[a-z ]* vs clean: F1 [0-9.]+" | grep -oE '[0-9.]+$'; }
drop_args=() drop_label=""
[ -n "${DROP_HITS:-}" ] && drop_args=(--drop-hits "$DROP_HITS") drop_label=", drop $DROP_HITS"
[ "$parts" = simplify ] || for rate in ${RATES:-1 2}; do
  : > "$work/gain"
  noise_args=("${drop_args[@]}")
  [ "$rate" = 0 ] || noise_args+=(--add-noise "$rate")
  while read -r file; do
    out=$("$tcnwta" denoise --model "$model" --input "$groove/$file" "${noise_args[@]}" --seed 1 --k "$k" \
      --encoder "$encoder" "${prior_args[@]}" --out "$work/d.mid" --overwrite 2>/dev/null)
    noisy=$(echo "$out" | f1 noisy) denoised=$(echo "$out" | f1 denoised)
    [ -n "$noisy" ] && [ -n "$denoised" ] || { echo "error: denoise printed no F1 for $file" >&2; exit 1; }
    echo "$noisy $denoised" >> "$work/gain"
  done < "$work/files"
  # the gain's 95% interval: mean ± 1.96 standard errors over the beats
  awk -v r="$rate$drop_label" '{ n++; a += $1; b += $2; d = $2 - $1; s += d; q += d * d; if ($2 > $1) w++ }
    END { m = s / n; e = (n > 1) ? 1.96 * sqrt((q - n * m * m) / (n - 1) / n) : 0
      printf "denoise rate %s: noisy F1 %.3f -> denoised %.3f (gain %+.3f [%+.3f, %+.3f], better on %d of %d)\n",
        r, a / n, b / n, m, m - e, m + e, w, n }' "$work/gain"
done
[ "$parts" = denoise ] || for keep in 2 4 8; do
  : > "$work/kept"
  while read -r file; do
    "$tcnwta" simplify --model "$model" --input "$groove/$file" --keep-atoms "$keep" --encoder "$encoder" \
      --out "$work/s.mid" --overwrite 2>/dev/null \
      | grep -oE 'simplified vs input: F1 [0-9.]+' | grep -oE '[0-9.]+$' >> "$work/kept"
  done < "$work/files"
  awk -v k="$keep" '{ n++; s += $1 }
    END { printf "simplify top %s atoms: mean F1 %.3f over %d beats\n", k, s/n, n }' "$work/kept"
done
