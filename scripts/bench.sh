#!/usr/bin/env bash
# Whole-process benchmark of `jiangbu eval` on generated records of notice 2021-7.
#
#   scripts/bench.sh              # 100k and 1M records, 5 runs each
#   RUNS=3 SIZES="100000" scripts/bench.sh
#   scripts/bench.sh --criterion  # also run the criterion benches (interpreter vs baseline)
#
# Builds the release binary and the hand-written baseline (`examples/baseline.rs`, which reads
# the CSV with its own code), generates the records with `jiangbu sample N --seed 2021` into
# target/bench/, and checks that the baseline writes the same jsonl bytes as `jiangbu eval`:
# when they differ it stops without timing anything. Then it times the baseline, and
# `jiangbu eval policies/changchun-2021-7.policy FILE --format jsonl
# -o /dev/null` with `--jobs 1`, with `--jobs 2`, and with `--jobs 1 --no-key-check`: with
# hyperfine when it is installed (median of RUNS runs, one warm-up), else with /usr/bin/time
# (median of RUNS runs). Peak RSS comes from `/usr/bin/time -v` (median of
# RUNS runs). Results go to stdout and target/bench/results.txt. Nothing here asserts a time:
# the machine is shared, so read the numbers next to `uptime`'s load, which is printed too.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"100000 1000000"}
SEED=${SEED:-2021}
POLICY=policies/changchun-2021-7.policy
OUT=target/bench
mkdir -p "$OUT"

criterion=false
for arg in "$@"; do
  case "$arg" in
    --criterion) criterion=true ;;
    *) echo "usage: scripts/bench.sh [--criterion]" >&2; exit 2 ;;
  esac
done

cargo build --release --quiet --bin jiangbu --example baseline
BIN=${JIANGBU:-target/release/jiangbu}
BASELINE=target/release/examples/baseline
RESULTS="$OUT/results.txt"
: >"$RESULTS"
say() { echo "$@" | tee -a "$RESULTS"; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

say "jiangbu $("$BIN" --version | awk '{print $2}') at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
say "load before: $(uptime | sed 's/.*load average: //')"

# The variants timed on each input: one thread; two threads; one thread without the
# duplicate-key check (whose table is the only memory that grows with the number of records).
VARIANTS=("--jobs 1" "--jobs 2" "--jobs 1 --no-key-check")

for n in $SIZES; do
  csv="$OUT/sample-$n.csv"
  if [ ! -s "$csv" ]; then
    "$BIN" sample "$n" --seed "$SEED" -o "$csv"
  fi
  bytes=$(stat -c %s "$csv")
  say ""
  say "== $n records ($bytes bytes of CSV): $BIN eval $POLICY $csv --format jsonl -o /dev/null ..."

  # Agreement first: the same bytes, or no numbers at all.
  "$BIN" eval "$POLICY" "$csv" --format jsonl -o "$OUT/interpreter-$n.jsonl" || true
  "$BASELINE" "$csv" >"$OUT/baseline-$n.jsonl"
  if ! cmp -s "$OUT/interpreter-$n.jsonl" "$OUT/baseline-$n.jsonl"; then
    say "the baseline and jiangbu eval write different jsonl for $csv; nothing is timed:"
    cmp "$OUT/interpreter-$n.jsonl" "$OUT/baseline-$n.jsonl" | tee -a "$RESULTS" || true
    exit 1
  fi
  say "agreement: the baseline writes the same $(stat -c %s "$OUT/baseline-$n.jsonl") bytes of jsonl"
  rm -f "$OUT/interpreter-$n.jsonl" "$OUT/baseline-$n.jsonl"

  base_wall=""
  for variant in "baseline" "${VARIANTS[@]}"; do
    if [ "$variant" = baseline ]; then
      cmd="$BASELINE $csv"
      tag=baseline
    else
      # shellcheck disable=SC2086
      cmd="$BIN eval $POLICY $csv --format jsonl -o /dev/null $variant"
      tag=$(echo "$variant" | tr -d ' -')
    fi
    if command -v hyperfine >/dev/null; then
      hyperfine --warmup 1 --runs "$RUNS" --output=null --export-json "$OUT/hyperfine-$n-$tag.json" "$cmd" >/dev/null
      wall=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$OUT/hyperfine-$n-$tag.json")
      how="hyperfine, median of $RUNS"
    else
      walls=()
      for _ in $(seq "$RUNS"); do
        walls+=("$( { /usr/bin/time -f %e $cmd >/dev/null; } 2>&1 | tail -1)")
      done
      wall=$(printf '%s\n' "${walls[@]}" | median)
      how="/usr/bin/time, median of $RUNS"
    fi
    [ -z "$base_wall" ] && base_wall=$wall

    rss=()
    for _ in $(seq "$RUNS"); do
      rss+=("$( { /usr/bin/time -v $cmd >/dev/null; } 2>&1 | awk -F': ' '/Maximum resident set size/ {print $2}')")
    done
    rss_kb=$(printf '%s\n' "${rss[@]}" | median)

    say "$(awk -v w="$wall" -v n="$n" -v r="$rss_kb" -v how="$how" -v v="$variant" -v b="$base_wall" 'BEGIN {
      printf "%-26s wall %.3f s (%s) = %.0f ns/record, %.2fx the baseline; peak RSS %.1f MiB", v, w, how, w * 1e9 / n, w / b, r / 1024 }')"
  done
done

say ""
say "load after: $(uptime | sed 's/.*load average: //')"

if $criterion; then
  cargo bench --bench notice_2021_7 2>&1 | tee "$OUT/criterion.txt"
fi
