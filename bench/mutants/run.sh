#!/usr/bin/env bash
# Mutation testing of a sample of listlint: cargo-mutants puts one small bug
# at a time into the rules, the fix engine or the link checker, builds, and
# runs the unit tests and the integration tests; a mutant the tests do not
# catch "survives". The results are in bench/README.md.
#
# Usage:
#   bench/mutants/run.sh [SHARD] [cargo-mutants options...]
#
#   SHARD  k/n: the k-th of n round-robin slices of every mutant of those
#          folders (default 0/60: every 60th mutant of the list, which goes
#          file by file; 68 of 4,036)
#
# e.g. bench/mutants/run.sh 0/60 --baseline skip --timeout 300
#
# Every mutant costs a build and a test run (one to three minutes on two
# shared cores), so it runs one at a time at the lowest priority. Needs
# cargo-mutants (`cargo install --locked cargo-mutants`). The report goes to
# target/mutants/mutants.out/ (caught.txt, missed.txt, timeout.txt,
# unviable.txt, outcomes.json).
set -euo pipefail

cd "$(dirname "$0")/../.."
command -v cargo-mutants >/dev/null || {
    echo "bench/mutants/run.sh: cargo-mutants missing (cargo install --locked cargo-mutants)" >&2
    exit 2
}
shard=${1:-0/60}
case $shard in
*/*) ;;
*)
    echo "usage: bench/mutants/run.sh [k/n] [cargo-mutants options...]" >&2
    exit 2
    ;;
esac
[ "$#" -gt 0 ] && shift
exec nice -n 19 cargo mutants --jobs 1 \
    --sharding round-robin --shard "$shard" \
    --file 'src/rules/**/*.rs' --file 'src/engine/*.rs' --file 'src/links/*.rs' \
    --output target/mutants \
    "$@" -- --lib --test it
