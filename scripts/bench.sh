#!/usr/bin/env bash
# Whole-process benchmark of `jiangbu eval` on generated records of notice 2021-7.
#
#   scripts/bench.sh              # 100k and 1M records, 5 runs each, every format
#   RUNS=3 SIZES="100000" scripts/bench.sh
#   FORMATS="table xlsx" SIZES="1000000" RUNS=1 scripts/bench.sh   # FORMATS="": jsonl variants only
#   scripts/bench.sh --criterion  # also run the criterion benches (interpreter vs baseline)
#
# Builds the release binary and the hand-written baseline (`examples/baseline.rs`, which reads
# the CSV with its own code), generates the records with `jiangbu sample N --seed 2021` into
# target/bench/, and checks that the baseline writes the same jsonl bytes as `jiangbu eval`:
# when they differ it stops without timing anything. Then it times the baseline, and
# `jiangbu eval policies/changchun-2021-7.policy FILE --format jsonl
# -o /dev/null` with `--jobs 1`, with `--jobs 2`, and with `--jobs 1 --no-key-check`: with
# hyperfine when it is installed (median of RUNS runs, one warm-up), else with /usr/bin/time
# (median of RUNS runs), with their CPU time (user + system: hyperfine's mean, else the median),
# which a busy machine disturbs less than the wall time. Peak RSS comes from `/usr/bin/time -v`
# (median of RUNS runs).
#
# Then, for each size, every output format in FORMATS (default "jsonl json table csv xlsx";
# FORMATS="" skips them): `jiangbu eval POLICY FILE --format F --jobs FORMAT_JOBS` (default: the
# number of cores, as a user gets without `--jobs`), with `-o /dev/null` for jsonl, json and
# table and `-o target/bench/out-N.F` for csv and xlsx (xlsx needs a file; csv is written to one
# as xlsx is, so the two compare alike). Each is run RUNS times under `/usr/bin/time -v`: the
# median wall time, CPU time (user + system) and peak RSS, the ratio of the wall time to jsonl's
# (json, table) or to csv's (xlsx) as issue 18's targets state them, and the peak's growth over
# the first size. A summary table at the end puts every format at every size side by side.
#
# Results go to stdout and target/bench/results.txt. Nothing here asserts a time: the machine
# is shared, so read the numbers next to `uptime`'s load, which is printed before and after.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"100000 1000000"}
SEED=${SEED:-2021}
FORMATS=${FORMATS-"jsonl json table csv xlsx"}
FORMAT_JOBS=${FORMAT_JOBS:-$(nproc)}
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
# Per format and size (keys "format.size"): median wall and CPU seconds, peak RSS in KiB.
declare -A fmt_wall=() fmt_cpu=() fmt_rss=()
first_n=""

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
      cpu=$(python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print(r["user"] + r["system"])' "$OUT/hyperfine-$n-$tag.json")
      how="hyperfine, median of $RUNS; CPU: mean"
    else
      walls=() cpus=()
      for _ in $(seq "$RUNS"); do
        times=$( { /usr/bin/time -f '%e %U %S' $cmd >/dev/null; } 2>&1 | tail -1)
        walls+=("$(echo "$times" | awk '{ print $1 }')")
        cpus+=("$(echo "$times" | awk '{ print $2 + $3 }')")
      done
      wall=$(printf '%s\n' "${walls[@]}" | median)
      cpu=$(printf '%s\n' "${cpus[@]}" | median)
      how="/usr/bin/time, median of $RUNS"
    fi
    [ -z "$base_wall" ] && base_wall=$wall

    rss=()
    for _ in $(seq "$RUNS"); do
      rss+=("$( { /usr/bin/time -v $cmd >/dev/null; } 2>&1 | awk -F': ' '/Maximum resident set size/ {print $2}')")
    done
    rss_kb=$(printf '%s\n' "${rss[@]}" | median)

    say "$(awk -v w="$wall" -v c="$cpu" -v n="$n" -v r="$rss_kb" -v how="$how" -v v="$variant" -v b="$base_wall" 'BEGIN {
      printf "%-26s wall %.3f s (%s) = %.0f ns/record, %.2fx the baseline; CPU %.2f s; peak RSS %.1f MiB", v, w, how, w * 1e9 / n, w / b, c, r / 1024 }')"
  done

  # Every output format: wall, CPU and peak RSS of the same runs, by `/usr/bin/time -v`.
  if [ -n "$FORMATS" ]; then
    say ""
    say "-- formats, $n records: $BIN eval $POLICY $csv --format F --jobs $FORMAT_JOBS -o ... (median of $RUNS by /usr/bin/time -v)"
  fi
  for f in $FORMATS; do
    case "$f" in
      jsonl | json | table) out=/dev/null ;;
      csv | xlsx) out="$OUT/out-$n.$f" ;;
      *) echo "FORMATS: unknown format $f (jsonl, json, table, csv, xlsx)" >&2; exit 2 ;;
    esac
    walls=() cpus=() rss=() status=0
    for _ in $(seq "$RUNS"); do
      # The exit status is kept: a run that refuses (xlsx beyond its row limit) is reported, not timed.
      report=$( { /usr/bin/time -v "$BIN" eval "$POLICY" "$csv" --format "$f" --jobs "$FORMAT_JOBS" -o "$out" >/dev/null; } 2>&1 ) || status=$?
      if [ "$status" -ne 0 ]; then
        break
      fi
      walls+=("$(echo "$report" | awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }')")
      cpus+=("$(echo "$report" | awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }')")
      rss+=("$(echo "$report" | awk -F': ' '/Maximum resident set size/ {print $2}')")
    done
    if [ "$status" -ne 0 ]; then
      say "$(printf '%-6s refused (exit status %s):' "$f" "$status")"
      echo "$report" | grep -v -e '^\s' -e '^Command' | head -5 | tee -a "$RESULTS"
      rm -f "$out"
      continue
    fi
    [ "$out" = /dev/null ] || rm -f "$out"
    wall=$(printf '%s\n' "${walls[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    rss_kb=$(printf '%s\n' "${rss[@]}" | median)
    fmt_wall[$f.$n]=$wall fmt_cpu[$f.$n]=$cpu fmt_rss[$f.$n]=$rss_kb
    ref=""
    case "$f" in
      json | table) [ -n "${fmt_wall[jsonl.$n]:-}" ] && ref="jsonl" ;;
      xlsx) [ -n "${fmt_wall[csv.$n]:-}" ] && ref="csv" ;;
    esac
    ratio=""
    [ -n "$ref" ] && ratio=$(awk -v w="$wall" -v r="${fmt_wall[$ref.$n]}" -v ref="$ref" 'BEGIN { printf ", %.2fx %s", w / r, ref }')
    growth=""
    [ -n "$first_n" ] && [ "$first_n" != "$n" ] && [ -n "${fmt_rss[$f.$first_n]:-}" ] &&
      growth=$(awk -v r="$rss_kb" -v r0="${fmt_rss[$f.$first_n]}" -v n0="$first_n" 'BEGIN { printf " (%+.1f MiB over %s records)", (r - r0) / 1024, n0 }')
    say "$(awk -v f="$f" -v w="$wall" -v c="$cpu" -v n="$n" -v r="$rss_kb" -v ratio="$ratio" -v growth="$growth" 'BEGIN {
      printf "%-6s wall %.2f s = %.0f ns/record%s; CPU %.2f s; peak RSS %.1f MiB%s", f, w, w * 1e9 / n, ratio, c, r / 1024, growth }')"
  done
  [ -z "$first_n" ] && first_n=$n
done

if [ -n "$FORMATS" ]; then
  say ""
  say "summary, --jobs $FORMAT_JOBS: wall s / peak RSS MiB (median of $RUNS)"
  line=$(printf '%-6s' format)
  for n in $SIZES; do line+=$(printf ' | %20s' "$n"); done
  say "$line"
  for f in $FORMATS; do
    line=$(printf '%-6s' "$f")
    for n in $SIZES; do
      if [ -n "${fmt_wall[$f.$n]:-}" ]; then
        line+=$(awk -v w="${fmt_wall[$f.$n]}" -v r="${fmt_rss[$f.$n]}" 'BEGIN { printf " | %7.2f s %6.1f MiB", w, r / 1024 }')
      else
        line+=$(printf ' | %20s' refused)
      fi
    done
    say "$line"
  done
fi

say ""
say "load after: $(uptime | sed 's/.*load average: //')"

if $criterion; then
  cargo bench --bench notice_2021_7 2>&1 | tee "$OUT/criterion.txt"
fi
