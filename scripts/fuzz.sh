#!/usr/bin/env bash
# Run every fuzz target of fuzz/ for a bounded time: scripts/fuzz.sh [SECONDS] [TARGET…]
#
#   SECONDS  time per target (default 300)
#   TARGET   compile, read_csv, evaluate, read_xlsx (default: all four, one after the other)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the script sets
# RUSTC_BOOTSTRAP=1 for the sanitizer-coverage flags cargo-fuzz passes. The code under test has no
# `unsafe`, so by default it is built without a sanitizer (about twice the executions per second);
# FUZZ_SANITIZER=address brings AddressSanitizer back.
#
# Each target's corpus starts from the shipped policies and examples, the test fixtures and the
# crashes kept in tests/cases/fuzz/. A crash stops that target, is saved under
# fuzz/artifacts/TARGET/, and the script exits 1 after running the others; keep it as a
# regression fixture in tests/cases/fuzz/TARGET/ (see tests/cases/fuzz/README.md).
set -euo pipefail

seconds=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(compile read_csv evaluate read_xlsx)
fi

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/fuzz"
sanitizer=${FUZZ_SANITIZER:-none}
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 1
fi

cd "$fuzz"
cargo fuzz build -s "$sanitizer"

# seed TARGET FILE…: copy seed files into the target's corpus (existing entries are kept).
seed() {
  local target=$1
  shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "corpus/$target/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  return 0
}
shopt -s nullglob globstar
seed compile "$root"/policies/*.policy "$root"/tests/cases/**/*.policy \
  "$root"/tests/cases/fuzz/compile/*
seed read_csv "$root"/examples/*.csv "$root"/tests/cases/**/*.csv \
  "$root"/tests/cases/fuzz/read_csv/*
# read_xlsx takes bytes starting with `PK` as a workbook, any other bytes as a sheet's rows.
seed read_xlsx "$root"/examples/*.xlsx "$root"/tests/cases/**/*.xlsx \
  "$root"/tests/cases/fuzz/read_xlsx/*
# The evaluate target reads its bytes through `arbitrary`; any bytes will do as seeds.
seed evaluate "$root"/examples/*.csv "$root"/policies/*.policy \
  "$root"/tests/cases/fuzz/evaluate/*

mkdir -p logs
status=0
summary=()
for target in "${targets[@]}"; do
  dict=()
  [ -f "$target.dict" ] && dict=("-dict=$target.dict")
  log="logs/$target.log"
  echo "== $target: ${seconds}s"
  if cargo fuzz run -s "$sanitizer" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    "${dict[@]}" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see fuzz/$log and fuzz/artifacts/$target/)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  summary+=("$target: $runs executions in ${seconds}s, $result")
done

echo
printf '%s\n' "${summary[@]}"
exit $status
