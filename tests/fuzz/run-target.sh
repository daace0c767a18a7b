#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time, starting from its committed
# seed corpus, without writing into the source tree: inputs it finds and
# crash files go to a scratch directory (libFuzzer writes new inputs only
# into the first corpus directory it is given).
#   run-target.sh FUZZER SEED_DIR SCRATCH_DIR SECONDS [libFuzzer options…]
# SECONDS 0 runs until interrupted. build-aux/test and build-aux/fuzz use it.

set -euo pipefail

fuzzer=$1
seeds=$2
scratch=$3
seconds=$4
shift 4

mkdir -p "$scratch/corpus" "$scratch/crashes"
# Crash files of an earlier run would otherwise read as new ones.
find "$scratch/crashes" -mindepth 1 -delete

status=0
"$fuzzer" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -print_final_stats=1 \
  -artifact_prefix="$scratch/crashes/" \
  "$@" \
  "$scratch/corpus" "$seeds" || status=$?

if [ "$status" -ne 0 ]; then
  name=$(basename "$seeds")
  echo
  echo "fuzz-$name failed. The input that did it is in $scratch/crashes/."
  echo "Reproduce it with: $fuzzer FILE"
  echo "Then fix it, add the file to tests/fuzz/corpus/$name/ and write a unit test from it."
fi
exit "$status"
