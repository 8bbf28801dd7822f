#!/usr/bin/env bash
# The checks every platform runs: `.ci/run` calls it on Linux, and the
# GitHub workflow on Linux, macOS and Windows (Git Bash), so both check the
# same things. It installs nothing: it needs a Rust toolchain with rustfmt
# and clippy, and GNU patch for the `fix --diff` tests.
set -euo pipefail

cd "$(dirname "$0")/.."

echo "== cargo fmt"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

echo "== cargo doc (broken and private intra-doc links)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked

echo "== cargo test"
cargo test --locked

echo "== examples (must exit 1: they contain problems on purpose)"
status=0
cargo run --release --locked -q -- check examples/ || status=$?
if [ "$status" -ne 1 ]; then
    echo "error: \`listlint check examples/\` exited with $status, expected 1" >&2
    exit 1
fi

echo "== listlint lints its own README, rule docs and benchmark docs"
cargo run --release --locked -q -- check --fail-on warning README.md rules/ bench/
