#!/usr/bin/env bash
# Runs each cargo-fuzz target (fuzz/fuzz_targets/) for a bounded time; a
# crash, a panic, an input slower than the timeout or one that needs more
# memory than the limit fails the run, and libFuzzer leaves the input in
# fuzz/artifacts/TARGET/. Such an input becomes a regression test in tests/.
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default $FUZZ_SECONDS, else 60
#   TARGET              default: lint fix config
#
# Fuzzing needs a nightly toolchain and cargo-fuzz: when they are missing
# the script installs them (rustup's distribution server, crates.io). When
# that fails it says so and exits 0: a machine without them skips fuzzing,
# it does not fail CI.
#
# Seeds are copied at run time into target/seeds/TARGET: the Markdown of
# tests/, examples/, rules/ and fuzz/seeds/ for `lint` and `fix`, and the
# TOML blocks of README.md and rules/*.md for `config`. What the fuzzer
# finds on top accumulates in fuzz/corpus/TARGET (ignored by git).
set -euo pipefail

fuzz_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$fuzz_dir")
cd "$fuzz_dir"

seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(lint fix config)

skip() {
    echo "fuzz: SKIPPED, the fuzz targets did not run: $*" >&2
    exit 0
}

# --- tools ------------------------------------------------------------------
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz: no nightly toolchain: rustup toolchain install nightly --profile minimal" >&2
    rustup toolchain install nightly --profile minimal ||
        skip "no nightly toolchain could be installed (is rustup's distribution server reachable?)"
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: no cargo-fuzz: cargo install cargo-fuzz --locked" >&2
    cargo install cargo-fuzz --locked ||
        skip "cargo-fuzz could not be installed from crates.io"
fi

# No sanitizer: listlint forbids unsafe code, and without one the targets
# run several times faster. Debug assertions on: arithmetic overflow panics.
flags=(--sanitizer none --debug-assertions)
cargo +nightly fuzz build "${flags[@]}"

# --- seeds -----------------------------------------------------------------
seeds="$fuzz_dir/target/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/markdown" "$seeds/config"
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    cp "$f" "$seeds/markdown/$n-$(basename "$f")"
done < <(find "$repo/tests" "$repo/examples" "$repo/rules" "$fuzz_dir/seeds" \
    -name '*.md' -type f -print0)
# Each ```toml block of the README and the rule docs, as a file.
for doc in "$repo/README.md" "$repo"/rules/*.md; do
    awk -v out="$seeds/config/$(basename "$doc" .md)" '
        /^```toml/ { n++; on = 1; next }
        /^```/ { on = 0; next }
        on { print > (out "-" n ".toml") }
    ' "$doc"
done
echo "fuzz: $(ls "$seeds/markdown" | wc -l) Markdown seeds, $(ls "$seeds/config" | wc -l) config seeds" >&2

# --- runs ------------------------------------------------------------------
# An input is a failure when it takes more than 5 s (a 100 KB file takes
# milliseconds) or makes the process use more than 1 GiB.
failed=()
for t in "${targets[@]}"; do
    case $t in
        config) seed_dir=$seeds/config max_len=8192 ;;
        *) seed_dir=$seeds/markdown max_len=100000 ;;
    esac
    corpus="$fuzz_dir/corpus/$t"
    mkdir -p "$corpus" "$fuzz_dir/artifacts/$t"
    log="$fuzz_dir/target/fuzz-$t.log"
    echo "== fuzz $t: ${seconds}s (log: $log)" >&2
    # stdout is what `check` prints for each input: not kept.
    if cargo +nightly fuzz run "${flags[@]}" "$t" "$corpus" "$seed_dir" -- \
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 \
        -max_len="$max_len" -print_final_stats=1 >/dev/null 2>"$log"; then
        grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done )' "$log" >&2 || true
    else
        echo "fuzz: $t FAILED; the end of its log:" >&2
        tail -n 40 "$log" >&2
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]}; the inputs are in fuzz/artifacts/ (replay one with" >&2
    echo "  cargo +nightly fuzz run ${flags[*]} TARGET fuzz/artifacts/TARGET/FILE)" >&2
    exit 1
fi
echo "fuzz: every target ran ${seconds}s without a failure" >&2
